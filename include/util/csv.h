/* CSV files (RFC 4180): a reader that names line numbers, and a cell writer. */
#ifndef UTIL_CSV_H
#define UTIL_CSV_H

#include <stdio.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct csv {
	FILE *f;
	const char *path;
	long line;         /* line where the current row starts (1-based) */
	long next_line;    /* line the next row starts on */
	struct sbuf text;  /* the row's cells, NUL-separated */
	char **cells;
	int n, cap;
	int bom;           /* the file began with a UTF-8 byte order mark */
};

/* Open a CSV file for reading; EX_NOINPUT when it cannot be read. */
int csv_open(struct csv *r, const char *path, struct diag *d);
/* Read the next row into r->cells/r->n: 1, 0 at the end, or -1 with d set (an open quote). */
int csv_next(struct csv *r, struct diag *d);
/* Close the reader. */
void csv_close(struct csv *r);
/* Append one cell, quoted when it has a comma, quote, line break or edge space; a comma
 * goes before it unless first. A cell a spreadsheet would take for a formula (one that begins
 * with = + - @, a tab or a carriage return) is made inert with a leading ' (csv_plain takes
 * it off again). */
void csv_cell(struct sbuf *out, const char *s, int first);
/* Append a cell a spreadsheet keeps as text, not a number (an ID number, a phone): behind a
 * tab, which it does not show and import strips. */
void csv_cell_text(struct sbuf *out, const char *s, int first);
/* The text of a cell as csv_cell was given it: without the ' it put before a formula. */
const char *csv_plain(const char *cell);

#endif
