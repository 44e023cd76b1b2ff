/* A counselor's caseload, paged in keyset order so that a million rows are never loaded. */
#ifndef CORE_CASELOAD_H
#define CORE_CASELOAD_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

enum caseload_sort { CASELOAD_BY_NAME, CASELOAD_BY_FOLLOWUP };

/* Flags shown and filtered on, as bits. */
enum {
	CASE_LOW_INCOME = 1, CASE_REGISTERED_POOR = 2, CASE_DISABLED = 4, CASE_ZERO_EMPLOYMENT = 8,
	CASE_DIFFICULTY = 16, CASE_POOR_DISABLED = 32, CASE_EXTREMELY_POOR = 64
};

struct caseload_query {
	const char *counselor;   /* NULL: the whole office */
	const char *stage;       /* NULL: every stage (a counselor's: every stage but closed) */
	int flag;                /* one CASE_* bit to require, or 0 */
	enum caseload_sort sort; /* by follow-up lists only persons with one */
	const char *due_by;      /* with BY_FOLLOWUP: only follow-ups on or before this date */
};

struct caseload_row {
	char *id, *name, *id_number, *birth_date, *stage, *next_followup;
	int flags;               /* CASE_* bits that are known true */
	char *name_sort;         /* the pinyin sort key of the name (the page key by name) */
	long long rowid;         /* person's rowid: the page key's tie-break (migration 0016) */
};

/* Up to limit rows after (or, backward, before) the row `from` (NULL: from the start or,
 * backward, the end), in the query's order; rows come back in display order. */
int caseload_page(struct db *db, const struct caseload_query *q, const struct caseload_row *from,
    bool backward, int limit, struct caseload_row *rows, int *n, struct diag *d);
/* The query plan of a page (EXPLAIN QUERY PLAN), one step a line, into out: keyed after
 * (backward, before) a row or from the start. 0 or a code with d set. */
int caseload_explain(struct db *db, const struct caseload_query *q, bool keyed, bool backward,
    struct sbuf *out, struct diag *d);
/* Append the SQL of a page to sql: what caseload_page runs (keyed after, or backward before, a
 * row), so that a benchmark can run the very same text elsewhere. Parameters: ?1 counselor,
 * ?2 stage, ?3 due by, ?4 and ?5 the key (name_sort or next_followup, then the row's rowid),
 * ?6 the limit. */
void caseload_sql(const struct caseload_query *q, bool keyed, bool backward, struct sbuf *sql);
/* Free the strings of n rows. */
void caseload_free(struct caseload_row *rows, int n);
/* The short label of a flag bit: a message id the caller shows through tr(). */
const char *caseload_flag_label(int bit);

#endif
