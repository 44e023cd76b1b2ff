/* Bulk registration from a CSV file, and the whole caseload out to one.
 *
 * An import reads the file once, inside one db_transaction: each row is checked (each cell with
 * person_set, the row with person_complete, the ID number against the earlier rows through a
 * hash set and against the database) and a good one is staged in a TEMP table (person_stage);
 * only the list of bad rows is kept in memory. When the file allows it, the staged persons are
 * written with one INSERT ... SELECT per table, the schema's triggers writing their audit rows,
 * search tokens and sort keys, and the search index is brought up to date by the commit's
 * pre-commit hook; a bad row rolls it all back. A dry run only checks, outside any transaction.
 * An export steps through every person with person_from_row. */
#include "core/transfer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/person.h"
#include "core/role.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/outfile.h"
#include "util/priv.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Rows between two progress reports. */
static const long transfer_progress_rows = 512;
/* A small CSV row, to guess from a file's size how many rows it has. */
static const long long transfer_row_bytes = 100;
/* Scan the database's ID numbers rather than look up each row when it holds at most this many
 * persons per row of the file (a lookup costs some twenty times a scanned row). */
static const long long transfer_scan_ratio = 20;
/* Bytes of CSV text an export gathers before writing them out. */
static const size_t transfer_flush_bytes = 1 << 20;

/* SQLite's default page cache, which an import raises to 128 MiB while it writes. */
static const long long transfer_cache_default = -2000;
static const char transfer_cache_default_sql[] = "PRAGMA cache_size = -2000";
static const char transfer_cache_big_sql[] = "PRAGMA cache_size = -131072";

/* The connection settings an import changes while it writes, to be put back after. */
struct transfer_tuning {
	int temp_store;      /* 0 default, 1 file, 2 memory */
	bool cache_default;  /* the page cache had the default size, so it was raised */
};

/* One ID number seen in the file: its number packed into 64 bits, and the line it is on. */
struct transfer_slot {
	uint64_t key;  /* 0: empty */
	long line;     /* -1: already in the database */
};

/* An open-addressing hash set of ID numbers. */
struct transfer_set {
	struct transfer_slot *slot;
	size_t cap, n;  /* cap is a power of two */
	int shift;      /* 64 - log2(cap) */
};

/* One import in progress. */
struct transfer {
	struct db *db;
	const char *path;
	const struct transfer_opts *o;
	struct transfer_report *r;
	int *col;             /* the field of each column of the header */
	int ncols;
	int today;
	struct transfer_set seen;
	struct db_stmt *known;  /* ID number already in the database; NULL when it had no persons */
	bool scanned;         /* the database's ID numbers are in seen, as line -1 */
	struct person p;      /* the row being checked: its cells' values point into cells */
	char cells[PERSON_NFIELDS * 256];  /* the normalised cells of the row (person_set_cell) */
};

/* Pack a normalised 18-character ID number into a nonzero 64-bit key (exact: 17 digits and a
 * check character fit in 60 bits). */
static uint64_t
transfer_key(const char *id)
{
	uint64_t k = 0;

	for (int i = 0; i < 17; i++)
		k = k * 10 + (uint64_t)(id[i] - '0');
	return k * 11 + (id[17] == 'X' ? 10 : (uint64_t)(id[17] - '0')) + 1;
}

/* The slot of key in a set: where it is, or the empty slot where it would go. */
static struct transfer_slot *
transfer_set_slot(struct transfer_set *s, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> s->shift);

	while (s->slot[i].key != 0 && s->slot[i].key != key)
		i = (i + 1) & (s->cap - 1);
	return &s->slot[i];
}

/* Double a set's table (or make its first one). */
static void
transfer_set_grow(struct transfer_set *s)
{
	struct transfer_slot *old = s->slot;
	size_t oldcap = s->cap;

	s->cap = oldcap ? oldcap * 2 : 4096;
	s->shift = 64;
	for (size_t c = s->cap; c > 1; c >>= 1)
		s->shift--;
	s->slot = xcalloc(s->cap, sizeof *s->slot);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key != 0)
			*transfer_set_slot(s, old[i].key) = old[i];
	free(old);
}

/* Add an ID number seen on line; the line it was first seen on (-1: in the database), or 0
 * when it is new. */
static long
transfer_set_add(struct transfer_set *s, const char *id, long line)
{
	uint64_t key = transfer_key(id);
	struct transfer_slot *slot;

	if ((s->n + 1) * 2 > s->cap)
		transfer_set_grow(s);
	slot = transfer_set_slot(s, key);
	if (slot->key != 0)
		return slot->line;
	slot->key = key;
	slot->line = line;
	s->n++;
	return 0;
}

/* The length of the whitespace character at s (ASCII, no-break space, ideographic space, a
 * stray byte order mark), or 0. */
static size_t
transfer_space_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] > ' ' && u[0] < 0x80)  /* most bytes an import reads: no comparison more */
		return 0;
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
		return 1;
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if ((u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) ||
	    (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf))
		return 3;
	return 0;
}

/* Strip the whitespace at both ends of a cell in place; returns its new start. */
static char *
transfer_strip(char *s)
{
	size_t n, len, cut;

	while ((n = transfer_space_len(s)) > 0)
		s += n;
	len = strlen(s);
	/* a cell ending in printable ASCII (most of them) has nothing to cut */
	if (len == 0 || ((unsigned char)s[len - 1] > ' ' && (unsigned char)s[len - 1] < 0x80))
		return s;
	for (;;) {
		cut = 0;
		if (len >= 1 && transfer_space_len(s + len - 1) == 1)
			cut = 1;
		else if (len >= 2 && transfer_space_len(s + len - 2) == 2)
			cut = 2;
		else if (len >= 3 && transfer_space_len(s + len - 3) == 3)
			cut = 3;
		if (cut == 0)
			break;
		len -= cut;
		s[len] = '\0';
	}
	return s;
}

/* Strip every cell of the current row; whether they are all empty (a blank line). */
static bool
transfer_blank(struct csv *c)
{
	bool blank = true;

	for (int i = 0; i < c->n; i++) {
		/* trimmed, and without the ' an export put before what looked like a formula */
		c->cells[i] = (char *)csv_plain(transfer_strip(c->cells[i]));
		if (c->cells[i][0] != '\0')
			blank = false;
	}
	return blank;
}

/* Report progress when asked for. */
static void
transfer_progress(struct transfer *t, enum transfer_phase phase, long long done, long long total)
{
	if (t->o->progress != NULL)
		t->o->progress(t->o->progress_arg, phase, done, total);
}

/* Count a bad row and list it among the first few. */
static void
transfer_bad(struct transfer *t, long line, const char *why)
{
	if (t->r->bad++ < TRANSFER_LIST_MAX)
		sbuf_addf(&t->r->problems, "%s:%ld: %s\n", t->path, line, why);
}

/* Map the header's columns to fields; 0, or EX_DATAERR naming the column and what is valid. */
static int
transfer_header(struct transfer *t, struct csv *c, struct diag *d)
{
	struct sbuf valid = SBUF_INIT;
	int where[PERSON_NFIELDS], ret = 0;

	/* the columns as the interface names them: the labels in Chinese, the names in English */
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		sbuf_addf(&valid, "%s%s", f == PF_ID_NUMBER ? "" : i18n_zh() ? "、" : ",",
		    i18n_zh() ? tr(person_fields[f].label_en) : person_fields[f].name);
	for (int f = 0; f < PERSON_NFIELDS; f++)
		where[f] = 0;
	if (transfer_blank(c)) {
		ret = diag_set(d, EX_DATAERR, "%s:%ld: the first row is empty; expected a header row "
		    "of column names, at least name,id_number (valid: %s)", t->path, c->line,
		    sbuf_str(&valid));
		goto out;
	}
	t->ncols = c->n;
	t->col = xcalloc((size_t)c->n, sizeof *t->col);
	for (int i = 0; i < c->n; i++) {
		const char *name = c->cells[i];
		int f;

		if (!utf8_valid(name, strlen(name))) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: column %d of the header is not valid UTF-8; "
			    "save the file as UTF-8 text (CSV UTF-8)", t->path, c->line, i + 1);
			goto out;
		}
		if (name[0] == '\0') {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: column %d of the header has no name; "
			    "expected one of %s", t->path, c->line, i + 1, sbuf_str(&valid));
			goto out;
		}
		/* a field's name (hukou_type) or its label (户口性质, hukou type), as export --labels
		 * writes it in either language */
		f = person_field_named(name);
		if (f == PF_ID) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: column '%s': the case id is given by jobdesk "
			    "and cannot be imported; remove the column", t->path, c->line, name);
			goto out;
		}
		if (f < 0 && c->n == 1) {   /* no comma at all: another kind of file, not quoted */
			ret = diag_set(d, EX_DATAERR, "%s:%ld: the first line has no comma, so this is no "
			    "CSV file (saved as text with tabs?); it is not shown; expected a header row of "
			    "column names such as name,id_number (valid: %s)", t->path, c->line,
			    sbuf_str(&valid));
			goto out;
		}
		if (f < 0) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: column '%.60s' is not a field; valid "
			    "columns: %s", t->path, c->line, name, sbuf_str(&valid));
			goto out;
		}
		if (where[f] != 0) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: column '%s' is given twice (columns %d and "
			    "%d); keep one", t->path, c->line, person_fields[f].name, where[f], i + 1);
			goto out;
		}
		where[f] = i + 1;
		t->col[i] = f;
	}
	for (int f = PF_ID_NUMBER; f <= PF_NAME; f++) {
		if (where[f] == 0) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: the header has no '%s' column; the columns "
			    "name and id_number are required", t->path, c->line, person_fields[f].name);
			goto out;
		}
	}
out:
	sbuf_free(&valid);
	return ret;
}

/* Forget the row checked before: its cells' values are in t->cells, what person_complete and
 * person_stage_add added (birth date, sex, the new id) is the person's own. */
static void
transfer_reset(struct transfer *t)
{
	for (int i = 0; i < PERSON_NFIELDS; i++) {
		char *v = t->p.v[i];
		if (v != NULL && !(v >= t->cells && v < t->cells + sizeof t->cells))
			free(v);
		t->p.v[i] = NULL;
	}
}

/* Check the current (stripped) row into t->p: 0, or -1 with its first problem in why. */
static int
transfer_row(struct transfer *t, const struct csv *c, char *why, size_t whylen)
{
	char cell[512], *at = t->cells;
	int problems = 0;

	transfer_reset(t);
	if (c->n != t->ncols) {
		snprintf(why, whylen, trn("has %d cell; expected %d, one for each column of the header "
		    "(a cell with a comma needs \"quotes\")", "has %d cells; expected %d, one for each column "
		    "of the header (a cell with a comma needs \"quotes\")", (unsigned long)c->n), c->n, t->ncols);
		return -1;
	}
	for (int i = 0; i < c->n; i++) {
		const char *v = c->cells[i], *field = person_fields[t->col[i]].name;

		if (!utf8_valid(v, strlen(v))) {
			if (problems++ == 0)
				snprintf(why, whylen, tr("%s: is not valid UTF-8 text; save the file as UTF-8 "
				    "(CSV UTF-8), not GBK"), field);
		} else if (person_set_cell(&t->p, t->col[i], v, t->today, &at, t->cells + sizeof t->cells,
		    cell, sizeof cell) != 0) {
			if (problems++ == 0)
				snprintf(why, whylen, "%s: %s", field, cell);
		}
	}
	if (problems == 0 && person_complete(&t->p, t->today, cell, sizeof cell) != 0) {
		snprintf(why, whylen, "%s", cell);
		problems++;
	}
	if (problems > 1) {
		size_t len = strlen(why);
		snprintf(why + len, whylen - len, trn(" (and %d more problem on this line)",
		    " (and %d more problems on this line)", (unsigned long)(problems - 1)), problems - 1);
	}
	return problems > 0 ? -1 : 0;
}

/* Whether an ID number is already registered; why names the case when it is. */
static int
transfer_known(struct transfer *t, const char *id, char *why, size_t whylen, struct diag *d)
{
	int rc, ret = 0;

	if (t->known == NULL)
		return 0;
	db_bind_text(t->known, 1, id);
	rc = db_step(t->known, "checking the ID numbers", d);
	if (rc == DB_ROW) {
		snprintf(why, whylen, tr("id_number: %s is already registered as %s (case %s); leave the "
		    "row out, or open the case with: jobdesk person show %s"), id,
		    db_col_text(t->known, 1), db_col_text(t->known, 0), db_col_text(t->known, 0));
		ret = 1;
	} else if (rc != DB_DONE) {
		ret = -1;
	}
	db_reset(t->known);
	return ret;
}

/* Open the file (a regular one: its size measures the progress and guesses the rows) and read
 * its header row into c; st gets what the file is. 0, or a code with d set. */
static int
transfer_open(struct transfer *t, struct csv *c, struct stat *st, struct diag *d)
{
	int rc, ret;

	if ((ret = csv_open(c, t->path, d)) != 0)
		return ret;
	if (fstat(fileno(c->f), st) != 0)
		return diag_set(d, EX_NOINPUT, "%s: cannot read: %s", t->path, strerror(errno));
	if (!S_ISREG(st->st_mode))
		return diag_set(d, EX_NOINPUT, "%s: not a regular file; expected a CSV file", t->path);
	rc = csv_next(c, d);
	if (rc < 0)
		return d->code;
	if (rc == 0)
		return diag_set(d, EX_DATAERR, "%s: the file is empty; expected a header row of column "
		    "names (at least name,id_number) and a row per person", t->path);
	return 0;
}

/* Get ready to check ID numbers against the database: when it holds few persons for the size
 * of the file, one scan puts all their ID numbers in the set (marked as line -1), which costs
 * less than one lookup per row; otherwise each row is looked up. 0, or a code with d set. */
static int
transfer_known_prepare(struct transfer *t, const struct stat *st, struct diag *d)
{
	long long rows_guess = (long long)st->st_size / transfer_row_bytes + 1;
	int64_t persons = 0;
	int ret;

	if ((ret = db_query_int(t->db, "SELECT coalesce(max(rowid), 0) FROM person", &persons,
	    "reading the persons", d)) != 0)
		return ret;
	if (persons == 0)
		return 0;
	t->known = db_prepare(t->db, "SELECT id, name FROM person WHERE id_number = ?1");
	if (persons > rows_guess * transfer_scan_ratio)
		return 0;
	struct db_stmt *q = db_prepare(t->db, "SELECT id_number FROM person");
	while ((ret = db_step(q, "reading the ID numbers", d)) == DB_ROW) {
		const char *id = db_col_text(q, 0);
		if (id != NULL && strlen(id) == 18 && strspn(id, "0123456789") >= 17)
			transfer_set_add(&t->seen, id, -1);
	}
	db_finalize(q);
	if (ret != DB_DONE)
		return ret;
	t->scanned = true;
	return 0;
}

/* Check a row's (valid) ID number against the earlier rows and the database: 0, 1 with the
 * problem in why, or -1 with d set. */
static int
transfer_check_id(struct transfer *t, const char *id, long line, char *why, size_t whylen,
    struct diag *d)
{
	long first = transfer_set_add(&t->seen, id, line);

	if (first > 0) {
		snprintf(why, whylen, tr("id_number: %s is also on line %ld; give each person once"), id,
		    first);
		return 1;
	}
	if (first < 0 || !t->scanned)
		return transfer_known(t, id, why, whylen, d);
	return 0;
}

/* The one pass over the file: check every row, listing the bad ones, and stage each good row
 * in stage (NULL for a dry run). 0, or a code with d set. */
static int
transfer_check(struct transfer *t, struct stat *st, struct person_stage *stage, struct diag *d)
{
	struct csv c = { 0 };
	char why[768], idwhy[768];
	long row = 0;
	int rc, ret;

	if ((ret = transfer_open(t, &c, st, d)) != 0)
		goto out;
	if ((ret = transfer_header(t, &c, d)) != 0 || (ret = transfer_known_prepare(t, st, d)) != 0)
		goto out;
	transfer_progress(t, TRANSFER_VALIDATING, 0, st->st_size);
	while ((rc = csv_next(&c, d)) == 1) {
		row++;
		if (transfer_blank(&c))
			continue;
		t->r->rows++;
		int bad = transfer_row(t, &c, why, sizeof why) != 0;
		/* A bad row's ID number still goes in the set: a later row with it is a duplicate. */
		if (t->p.v[PF_ID_NUMBER] != NULL) {
			int dup = transfer_check_id(t, t->p.v[PF_ID_NUMBER], c.line, idwhy, sizeof idwhy, d);
			if (dup < 0) {
				ret = d->code;
				goto out;
			}
			if (dup > 0 && !bad) {
				memcpy(why, idwhy, sizeof why);
				bad = 1;
			}
		}
		if (bad)
			transfer_bad(t, c.line, why);
		else if (stage != NULL && (t->r->bad == 0 || t->o->skip_bad) &&
		    (ret = person_stage_add(stage, &t->p, c.line, d)) != 0)
			goto out;
		if (row % transfer_progress_rows == 0)
			transfer_progress(t, TRANSFER_VALIDATING, ftell(c.f), st->st_size);
	}
	if (rc < 0)
		ret = d->code;
	transfer_progress(t, TRANSFER_VALIDATING, st->st_size, st->st_size);
out:
	csv_close(&c);
	db_finalize(t->known);
	t->known = NULL;
	return ret;
}

/* Record the likely-duplicate warnings of the person on line (a person_stage_warn_fn). */
static void
transfer_warn(void *arg, long line, struct sbuf *warn)
{
	struct transfer *t = arg;
	const char *s = sbuf_str(warn);

	while (*s != '\0') {
		size_t n = strcspn(s, "\n");
		if (t->r->warnings++ < TRANSFER_LIST_MAX)
			sbuf_addf(&t->r->warned, "%s:%ld: %.*s\n", t->path, line, (int)n, s);
		s += n + (s[n] == '\n');
	}
	sbuf_reset(warn);
}

/* The import as one transaction: the one pass over the file checking every row and staging
 * the good ones, then, when the file allows it, the staged persons written with one INSERT ...
 * SELECT a table and their likely duplicates looked for; the search index is brought up to
 * date at the commit, which the progress display is told before. */
static int
transfer_work(struct db *db, void *arg, struct diag *d)
{
	struct transfer *t = arg;
	struct person_stage *stage = person_stage_new(db, d);
	struct stat st;
	long good, line;
	int ret;

	if (stage == NULL)
		return d->code != 0 ? d->code : EX_SOFTWARE;
	if ((ret = transfer_check(t, &st, stage, d)) != 0)
		goto out;
	if (t->r->bad > 0 && !t->o->skip_bad) {
		ret = diag_set(d, EX_DATAERR, "%s: %ld of %ld rows are bad; nothing was imported; "
		    "correct them, or import the other rows with --skip-bad", t->path, t->r->bad,
		    t->r->rows);
		goto out;
	}
	good = person_stage_count(stage);
	if (good == 0)
		goto out;
	transfer_progress(t, TRANSFER_WRITING, 0, good);
	if ((ret = person_stage_write(stage, &line, d)) != 0) {
		char msg[sizeof d->msg];
		memcpy(msg, d->msg, sizeof msg);
		if (line > 0)
			diag_set(d, ret, "%s:%ld: %s; nothing was imported", t->path, line, msg);
		else
			diag_set(d, ret, "%s: %s; nothing was imported", t->path, msg);
		goto out;
	}
	transfer_progress(t, TRANSFER_WRITING, good, good);
	if ((ret = person_stage_warn(stage, transfer_warn, t, d)) != 0)
		goto out;
	t->r->imported = good;
	transfer_progress(t, TRANSFER_INDEXING, 0, 0);
out:
	person_stage_free(stage);
	return ret;
}

/* Read one integer a PRAGMA reports, or fallback. */
static long long
transfer_pragma(struct db *db, const char *sql, long long fallback)
{
	int64_t v = fallback;

	db_query_int(db, sql, &v, "reading a setting", NULL);
	return v;
}

/* Keep the staging table in a temporary file, so that memory does not grow with the file (the
 * connection keeps temporary data in memory for the statement journal each trigger-firing write
 * opens; a bulk write has three), and give the page cache room for the indexes, remembering what
 * to put back. At 100,000 rows: peak memory 167 MiB with the stage on file, 236 MiB in memory,
 * the same time. Only speed and memory depend on these, so a failure is ignored. */
static void
transfer_tune(struct db *db, struct transfer_tuning *saved)
{
	saved->temp_store = (int)transfer_pragma(db, "PRAGMA temp_store", 0);
	saved->cache_default = transfer_pragma(db, "PRAGMA cache_size", 0) == transfer_cache_default;
	/* set-group-id, a temporary file would be the person's (their uid, in /var/tmp): the
	 * stage stays in memory as every other temporary of the connection (core/dbopen.c) */
	if (saved->temp_store != 1 && !priv_privileged())
		db_exec(db, "PRAGMA temp_store = FILE", NULL);
	if (saved->cache_default)
		db_exec(db, transfer_cache_big_sql, NULL);
}

/* Put back what transfer_tune changed (a PRAGMA takes no bound parameters, hence the table of
 * constant statements). The page cache first: changing temp_store with the staging table's
 * file open makes SQLite forget every schema, and a PRAGMA after it read the whole schema again
 * (27.7 M of 3.16 G instructions at 5,000 rows); the next statement reads it when it needs it. */
static void
transfer_untune(struct db *db, const struct transfer_tuning *saved)
{
	static const char *const temp_store_sql[] = { "PRAGMA temp_store = DEFAULT",
	    "PRAGMA temp_store = FILE", "PRAGMA temp_store = MEMORY" };

	if (saved->cache_default)
		db_exec(db, transfer_cache_default_sql, NULL);
	if (saved->temp_store >= 0 && saved->temp_store <= 2)
		db_exec(db, temp_store_sql[saved->temp_store], NULL);
}

/* Import the persons of a CSV file: check every row, then write the good ones in one
 * transaction (see transfer.h for what it returns). */
int
transfer_import(struct db *db, const char *path, const struct transfer_opts *o,
    struct transfer_report *r, struct diag *d)
{
	struct transfer t = { 0 };
	struct transfer_tuning saved = { 0 };
	struct stat st;
	int ret;

	t.db = db;
	t.path = path;
	t.o = o;
	t.r = r;
	t.today = date_today();
	if ((ret = role_check(db, ROLE_ACT_IMPORT, NULL, d)) != 0)
		return ret;
	if (o->dry_run) {
		/* checked only: no transaction, no staging */
		if ((ret = transfer_check(&t, &st, NULL, d)) == 0 && r->bad > 0 && !o->skip_bad)
			ret = diag_set(d, EX_DATAERR, "%s: %ld of %ld rows are bad; nothing was written (dry run); "
			    "correct them, or import the other rows with --skip-bad", path, r->bad, r->rows);
		goto out;
	}
	transfer_tune(db, &saved);
	if ((ret = db_transaction(db, transfer_work, &t, d)) != 0)
		r->imported = 0;
	transfer_untune(db, &saved);
out:
	transfer_progress(&t, TRANSFER_DONE, 0, 0);
	free(t.seen.slot);
	free(t.col);
	transfer_reset(&t);
	return ret;
}

/* Free what a report holds (not the struct). */
void
transfer_report_free(struct transfer_report *r)
{
	sbuf_free(&r->problems);
	sbuf_free(&r->warned);
}

/* What transfer_export_commit records and puts in place. */
struct transfer_export_args {
	struct outfile *of;
	char after[96];      /* the event's after: what and how many */
};

/* The export's event, then its file renamed into place, in one transaction (a failed rename
 * rolls the event back). */
static int
transfer_export_commit(struct db *db, void *arg, struct diag *d)
{
	struct transfer_export_args *a = arg;
	int ret = audit_event(db, "export", NULL, a->after, d);

	return ret != 0 ? ret : outfile_commit(a->of, d);
}

/* Write every person, ordered by case id, as CSV: the codes, or labelled with a byte order mark
 * (see transfer.h). */
int
transfer_export(struct db *db, const char *path, bool labels, long *count, struct diag *d)
{
	struct sbuf out = SBUF_INIT, sql = SBUF_INIT;
	struct person p = { 0 };
	struct db_stmt *st = NULL;
	struct outfile of;
	struct role_scope scope = { .all = true };
	int rc, ret = 0;

	*count = 0;
	if ((ret = role_check(db, ROLE_ACT_EXPORT, NULL, d)) != 0)
		return ret;
	/* a new 0600 file of our own beside path (never one that is there), renamed over it */
	if ((ret = outfile_begin(&of, path, true, d)) != 0)
		return ret;
	/* labelled for an office, the byte order mark tells WPS and Excel the file is UTF-8; the
	 * codes for scripts come without one */
	if (labels) {
		sbuf_add(&out, "\xef\xbb\xbf");
		person_csv_label_header(&out);
	} else {
		person_csv_header(&out);
	}
	/* the office's persons and those of the offices below, for a supervisor as in the lists
	 * (core/role.c role_scope); an administrator's and the owner's export is every office's */
	if ((ret = role_scope(db, &scope, d)) != 0)
		goto out;
	sbuf_add(&sql, person_select_sql);
	sbuf_add(&sql, "WHERE p.merged_into IS NULL ");  /* a merged record is its survivor */
	role_scope_sql(&scope, 1, &sql);
	sbuf_add(&sql, " ORDER BY p.id");
	st = db_prepare(db, sbuf_str(&sql));
	role_scope_bind(st, &scope, 1);
	while ((rc = db_step(st, "reading the persons", d)) == DB_ROW) {
		person_from_row(&p, st);
		if (labels)
			person_csv_label_row(&out, &p);
		else
			person_csv_row(&out, &p);
		(*count)++;
		if (out.len >= transfer_flush_bytes) {
			if ((ret = outfile_put(&of, out.s, out.len, d)) != 0)
				goto out;
			sbuf_reset(&out);
		}
	}
	if (rc != DB_DONE) {
		ret = rc;
		goto out;
	}
	if ((ret = outfile_put(&of, out.s != NULL ? out.s : "", out.len, d)) != 0)
		goto out;
	db_finalize(st);
	st = NULL;
	/* the export is an event of the audit (what and how many, no ID number), in the one
	 * transaction that puts the file in place: no event for a file that did not appear, no
	 * file without its event. A connection that may only read records nothing (its reader
	 * may copy the file itself) */
	struct transfer_export_args a = { &of, { 0 } };
	snprintf(a.after, sizeof a.after, "{\"what\":\"persons\",\"rows\":%ld,\"labels\":%s}",
	    *count, labels ? "true" : "false");
	ret = db_readonly(db) == NULL ? db_transaction(db, transfer_export_commit, &a, d) :
	    outfile_commit(&of, d);
out:
	if (ret != 0)
		outfile_abort(&of);
	db_finalize(st);
	person_clear(&p);
	role_scope_free(&scope);
	sbuf_free(&out);
	sbuf_free(&sql);
	return ret;
}
