/* CSV files (RFC 4180): a reader that names line numbers, and a cell writer. */
#include "util/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/infile.h"
#include "util/priv.h"
#include "util/xalloc.h"

/* Open a CSV file for reading, as the person who named it (util/priv.h): a regular file of at
 * most INFILE_CSV_MAX bytes (util/infile.h: a link, FIFO, device or folder is refused unread);
 * EX_NOINPUT or EX_DATAERR when not. */
int
csv_open(struct csv *r, const char *path, struct diag *d)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	priv_user_begin();
	r->f = infile_fopen(path, INFILE_CSV_MAX, N_("a CSV file to import"), d);
	priv_user_end();
	if (r->f == NULL)
		return d != NULL ? d->code : EX_NOINPUT;
	r->next_line = 1;
	int c1 = getc_unlocked(r->f), c2 = c1 == 0xef ? getc_unlocked(r->f) : EOF, c3 = c2 == 0xbb ? getc_unlocked(r->f) : EOF;
	if (c1 == 0xef && c2 == 0xbb && c3 == 0xbf) {
		r->bom = 1;
	} else {
		rewind(r->f);
	}
	return 0;
}

/* Split the NUL-separated cell text into r->cells. */
static void
csv_split(struct csv *r, size_t ncells)
{
	if ((int)ncells > r->cap) {
		r->cap = (int)ncells * 2;
		r->cells = xreallocarray(r->cells, (size_t)r->cap, sizeof *r->cells);
	}
	char *p = r->text.s;
	for (size_t i = 0; i < ncells; i++) {
		r->cells[i] = p;
		p += strlen(p) + 1;
	}
	r->n = (int)ncells;
}

/* End a cell that began at byte start of the row text on line: -1 with d set when it holds a
 * NUL byte (a binary file), when it is in the header row and not UTF-8 (a file in another
 * encoding: a data row's bad text is its own row's problem, for the importer to report), or when
 * the row is over its cap; none of it quoted. */
static int
csv_cell_end(struct csv *r, size_t start, long line, struct diag *d)
{
	size_t n = r->text.len - start;

	if (r->text.len > INFILE_CSV_ROW_MAX)
		return diag_set(d, EX_DATAERR, "%s:%ld: a row over the cap of 1 MiB on one CSV row; "
		    "expected a CSV file of one person a row", r->path, r->line), -1;
	if (n == 0)
		return 0;
	if (r->line == 1 ? infile_text(r->path, r->text.s + start, n, line, d) != 0 :
	    memchr(r->text.s + start, '\0', n) != NULL && infile_text(r->path, r->text.s + start, n,
	    line, d) != 0)
		return -1;
	return 0;
}

/* Read the next row into r->cells/r->n: 1, 0 at the end, or -1 with d set (an open quote, a
 * file that is not UTF-8 text, a row over its cap). */
int
csv_next(struct csv *r, struct diag *d)
{
	int c, quoted = 0, in_quotes = 0, any = 0;
	size_t ncells = 1, start = 0;
	long cell_line;

	sbuf_reset(&r->text);
	r->line = r->next_line;
	cell_line = r->line;
	for (;;) {
		if (r->text.len > INFILE_CSV_ROW_MAX && csv_cell_end(r, start, cell_line, d) != 0)
			return -1;
		/* unlocked: the reader's stream is its own, read by one thread (0.02 G at 5,000 rows) */
		c = getc_unlocked(r->f);
		if (c == EOF) {
			if (ferror(r->f))
				return diag_set(d, EX_IOERR, "%s:%ld: read error: %s", r->path, r->line,
				    strerror(errno)), -1;
			if (in_quotes)
				return diag_set(d, EX_DATAERR, "%s:%ld: a quoted cell is never closed; "
				    "expected a closing \"", r->path, r->line), -1;
			if (!any)
				return 0;
			break;
		}
		any = 1;
		if (in_quotes) {
			if (c == '"') {
				int c2 = getc_unlocked(r->f);
				if (c2 == '"') {
					sbuf_addc(&r->text, '"');
					continue;
				}
				in_quotes = 0;
				if (c2 != EOF)
					ungetc(c2, r->f);
				continue;
			}
			if (c == '\n')
				r->next_line++;
			sbuf_addc(&r->text, (char)c);
			continue;
		}
		if (c == '"' && !quoted) {
			quoted = in_quotes = 1;
			continue;
		}
		if (c == ',') {
			if (csv_cell_end(r, start, cell_line, d) != 0)
				return -1;
			sbuf_addc(&r->text, '\0');  /* cells are NUL-separated */
			start = r->text.len;
			cell_line = r->next_line;
			ncells++;
			quoted = 0;
			continue;
		}
		if (c == '\r') {
			int c2 = getc_unlocked(r->f);
			if (c2 != '\n' && c2 != EOF)
				ungetc(c2, r->f);
			c = '\n';
		}
		if (c == '\n') {
			r->next_line++;
			break;
		}
		sbuf_addc(&r->text, (char)c);
	}
	if (csv_cell_end(r, start, cell_line, d) != 0)
		return -1;
	sbuf_addc(&r->text, '\0');
	csv_split(r, ncells);
	return 1;
}

/* Close the reader. */
void
csv_close(struct csv *r)
{
	if (r->f != NULL)
		fclose(r->f);
	r->f = NULL;
	sbuf_free(&r->text);
	free(r->cells);
	r->cells = NULL;
}

/* Append a cell's text, quoted when it has a comma, quote, line break or edge space. */
static void
csv_put(struct sbuf *out, const char *s)
{
	size_t len = strlen(s);
	if (strpbrk(s, ",\"\r\n") == NULL && (len == 0 || (s[0] != ' ' && s[0] != '\t' &&
	    s[len - 1] != ' '))) {
		sbuf_add(out, s);
		return;
	}
	sbuf_addc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(out, '"');
		sbuf_addc(out, *p);
	}
	sbuf_addc(out, '"');
}

/* Whether a spreadsheet would take a cell for a formula: it begins with = + - @, or with a tab
 * or carriage return (which some strip before looking); or, after the quotes csv_cell puts
 * before such a cell, with one (so that csv_plain undoes exactly what csv_cell did). */
static int
csv_formula(const char *s)
{
	while (*s == '\'')
		s++;
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

/* Append one cell, quoted when it has a comma, quote, line break or edge space; made inert
 * with a leading ' when a spreadsheet would take it for a formula. */
void
csv_cell(struct sbuf *out, const char *s, int first)
{
	if (!first)
		sbuf_addc(out, ',');
	if (s == NULL)
		return;
	if (csv_formula(s)) {
		char *t = xasprintf("'%s", s);
		csv_put(out, t);
		free(t);
		return;
	}
	csv_put(out, s);
}

/* Append a cell a spreadsheet keeps as text, not a number (an ID number, a phone): behind a
 * tab, which a spreadsheet does not show and import strips. Text that begins like a formula
 * goes through csv_cell instead. */
void
csv_cell_text(struct sbuf *out, const char *s, int first)
{
	if (s == NULL || s[0] == '\0' || csv_formula(s)) {
		csv_cell(out, s, first);
		return;
	}
	if (!first)
		sbuf_addc(out, ',');
	sbuf_add(out, "\"\t");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(out, '"');
		sbuf_addc(out, *p);
	}
	sbuf_addc(out, '"');
}

/* The text of a cell as csv_cell was given it: without the ' it put before a formula. */
const char *
csv_plain(const char *cell)
{
	return cell[0] == '\'' && csv_formula(cell) ? cell + 1 : cell;
}
