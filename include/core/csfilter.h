/* Walking an SQLite changeset's bytes (the format documented at the top of SQLite's
 * sqlite3session.c) to read its tables and changes and copy a chosen subset into a new
 * changeset: SQLite 3.40.1 has no sqlite3changegroup_add_change. Bundles (core/bundle.c) use it
 * to send a township only the changes to its own cases, and to check every table a changeset
 * names against this database's columns before applying it. */
#ifndef CORE_CSFILTER_H
#define CORE_CSFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/sbuf.h"

/* A change's operation (SQLite's codes). */
enum { CSFILTER_DELETE = 9, CSFILTER_INSERT = 18, CSFILTER_UPDATE = 23 };
/* A value's type in a record (0: not in this record, e.g. an update's unchanged column). */
enum { CSFILTER_UNDEF = 0, CSFILTER_INT = 1, CSFILTER_REAL = 2, CSFILTER_TEXT = 3,
       CSFILTER_BLOB = 4, CSFILTER_NULL = 5 };

/* One change as csfilter_walk found it (valid during the callback). */
struct csfilter_change {
	const char *table;          /* the table's name */
	int ncol;                   /* its number of columns */
	const unsigned char *pk;    /* ncol flags: 1 for a primary-key column */
	int op;                     /* CSFILTER_INSERT, _UPDATE or _DELETE */
	bool indirect;
	const unsigned char *old;   /* the old record (update, delete), else NULL */
	const unsigned char *new_;  /* the new record (insert, update), else NULL */
	const unsigned char *end;   /* the end of the changeset's bytes */
};

/* One value of a record. */
struct csfilter_value {
	int type;                   /* CSFILTER_* */
	int64_t i;                  /* an integer's value */
	const unsigned char *p;     /* text or blob bytes (not NUL-terminated) */
	size_t len;
};

/* Called for each change: 1 keeps it, 0 drops it, or a sysexits code (d set) that stops. */
typedef int csfilter_fn(void *arg, const struct csfilter_change *c, struct diag *d);

/* Walk the changeset's changes, calling fn for each; when out is not NULL, append the kept
 * changes to it as a changeset (a table's header before its first kept change). 0, EX_DATAERR
 * naming the byte when the changeset is malformed, or fn's code. */
int csfilter_walk(const void *cs, size_t len, csfilter_fn *fn, void *arg, struct sbuf *out,
    struct diag *d);
/* Column col of the change's new record (new_ true) or old record into *v: 0, or -1 when the
 * change has no such record or column. */
int csfilter_value(const struct csfilter_change *c, bool new_, int col, struct csfilter_value *v);
/* The change's column col as text when it is text (new record first, then old) into buf
 * (NUL-terminated, cut to size): buf, or NULL when neither record holds it as text. */
const char *csfilter_text(const struct csfilter_change *c, int col, char *buf, size_t size);

#endif
