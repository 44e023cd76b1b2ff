/* A counselor's caseload, paged in keyset order so that a million rows are never loaded. The
 * query is joined from fixed fragments and run through the wrapper (core/db.h), values bound. */
#include "core/caseload.h"

#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/person.h"
#include "core/role.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The columns, then the filters and order; only fixed fragments are joined, values are bound.
 * The household flags are read from their copies on person (migration 0007), so that a page
 * reads person alone, through one index. */
static const char select_part[] =
    "SELECT p.id, p.name, p.id_number, p.birth_date, p.stage, p.next_followup, "
    "(coalesce(p.low_income, 0) * 1) | (coalesce(p.registered_poor, 0) * 2) | "
    "(coalesce(p.disabled, 0) * 4) | (coalesce(p.zero_employment, 0) * 8) | "
    "(coalesce(p.employment_difficulty, 0) * 16) | (coalesce(p.poor_disabled, 0) * 32) | "
    "(coalesce(p.extremely_poor, 0) * 64) AS flags, p.name_sort, "
    "p.rowid AS person_rowid FROM person p WHERE 1 ";

/* The condition for a flag bit: the very term of its partial indexes' WHERE (migration 0007),
 * so that the planner may use them. */
static const char *
caseload_flag_sql(int flag)
{
	switch (flag) {
	case CASE_LOW_INCOME: return "AND p.low_income = 1 ";
	case CASE_REGISTERED_POOR: return "AND p.registered_poor = 1 ";
	case CASE_DISABLED: return "AND p.disabled = 1 ";
	case CASE_ZERO_EMPLOYMENT: return "AND p.zero_employment = 1 ";
	case CASE_DIFFICULTY: return "AND p.employment_difficulty = 1 ";
	case CASE_POOR_DISABLED: return "AND p.poor_disabled = 1 ";
	case CASE_EXTREMELY_POOR: return "AND p.extremely_poor = 1 ";
	default: return "";
	}
}

/* The short label of a flag bit: a message id the caller shows through tr(). */
const char *
caseload_flag_label(int bit)
{
	switch (bit) {
	case CASE_LOW_INCOME: return N_("low-inc");
	case CASE_REGISTERED_POOR: return N_("reg-poor");
	case CASE_DISABLED: return N_("disabled");
	case CASE_ZERO_EMPLOYMENT: return N_("zero-emp");
	case CASE_DIFFICULTY: return N_("difficult");
	case CASE_POOR_DISABLED: return N_("poor-dis");
	case CASE_EXTREMELY_POOR: return N_("ext-poor");
	default: return "";
	}
}

/* One SELECT of a page at one stage: the literal stage of the schema's list (a fixed fragment,
 * no value), or NULL for the stage bound as ?2. */
static void
caseload_arm(const struct caseload_query *q, const struct role_scope *scope, const char *stage,
    size_t stage_len, bool keyed, bool backward, struct sbuf *sql)
{
	bool by_followup = q->sort == CASELOAD_BY_FOLLOWUP;
	const char *key = by_followup ? "p.next_followup" : "p.name_sort";

	sbuf_add(sql, select_part);
	sbuf_add(sql, q->counselor != NULL ? "AND p.counselor = ?1 " : "AND ?1 IS NULL ");
	sbuf_add(sql, "AND p.merged_into IS NULL ");  /* a merged record is its survivor's row */
	if (stage != NULL) {
		sbuf_add(sql, "AND p.stage = '");
		sbuf_addn(sql, stage, stage_len);
		sbuf_add(sql, "' ");
	} else {
		sbuf_add(sql, "AND p.stage = ?2 ");
	}
	sbuf_add(sql, caseload_flag_sql(q->flag));
	role_scope_sql(scope, 7, sql);  /* the user's offices: read from the row, not an index */
	if (keyed) {
		/* the rowid's value said to compare as the index does (BINARY): without a collation
		 * SQLite 3.40 seeks on the sort key alone and reads every tie before the row */
		sbuf_add(sql, "AND (");
		sbuf_add(sql, key);
		sbuf_add(sql, backward ? ", p.rowid) < (?4, ?5 COLLATE BINARY) " :
		    ", p.rowid) > (?4, ?5 COLLATE BINARY) ");
	}
	if (by_followup) {
		sbuf_add(sql, "AND p.next_followup IS NOT NULL ");
		/* after the row's key: of two upper bounds SQLite 3.40 seeks by the first */
		if (q->due_by != NULL)
			sbuf_add(sql, "AND p.next_followup <= ?3 ");
	}
}

/* The SQL of a page: after (or, backward, before) a row when keyed, in the query's order. By
 * name the key is the stored pinyin key name_sort (migration 0003); persons of the same key
 * follow in rowid order, which every index of person ends with (migration 0016: the indexes no
 * longer hold the text key). Every index a page reads (migration 0007) begins with the stage
 * (after the counselor for "my cases"): the page
 * indexes person_[counselor_]name_sort and person_[counselor_]followup, and a flag's own four,
 * person_<flag>_[counselor_]name and _followup, which hold only the persons who have it. A view
 * of one stage reads its part of one index in order; a view of every stage (or, my cases, of
 * every stage but closed) merges those parts (UNION ALL under ORDER BY: SQLite reads each in
 * order and stops at the limit), so that no view reads a row it does not show but the one
 * each part holds ready for the merge. Parameters: ?1 counselor, ?2 stage, ?3 due by, ?4 and
 * ?5 the key (name_sort or next_followup, and the rowid) of the row the page follows, ?6 the
 * limit. */
static void
caseload_scoped_sql(const struct caseload_query *q, const struct role_scope *scope, bool keyed,
    bool backward, struct sbuf *sql)
{
	bool by_followup = q->sort == CASELOAD_BY_FOLLOWUP;

	if (q->stage != NULL) {
		caseload_arm(q, scope, NULL, 0, keyed, backward, sql);
	} else {
		const char *s = person_fields[PF_STAGE].allowed;
		bool first = true;
		while (*s) {
			size_t n = strcspn(s, "|");
			/* "my cases": closed ones leave it, a stage filter shows them */
			if (q->counselor == NULL || n != strlen("closed") || strncmp(s, "closed", n) != 0) {
				sbuf_add(sql, first ? "" : "UNION ALL ");
				caseload_arm(q, scope, s, n, keyed, backward, sql);
				first = false;
			}
			s += n + (s[n] == '|');
		}
	}
	sbuf_add(sql, by_followup ? "ORDER BY next_followup" : "ORDER BY name_sort");
	sbuf_add(sql, backward ? " DESC, person_rowid DESC LIMIT ?6" : ", person_rowid LIMIT ?6");
}

/* The SQL of a page as the owner or an administrator reads it (every office). */
void
caseload_sql(const struct caseload_query *q, bool keyed, bool backward, struct sbuf *sql)
{
	caseload_scoped_sql(q, NULL, keyed, backward, sql);
}

/* The query plan of a page (EXPLAIN QUERY PLAN), one step a line, into out: how a test holds
 * every view to an index. */
int
caseload_explain(struct db *db, const struct caseload_query *q, bool keyed, bool backward,
    struct sbuf *out, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	struct role_scope scope;
	int ret;

	if ((ret = role_scope(db, &scope, d)) != 0)
		return ret;
	sbuf_add(&sql, "EXPLAIN QUERY PLAN ");
	caseload_scoped_sql(q, &scope, keyed, backward, &sql);
	role_scope_free(&scope);
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	while ((ret = db_step(st, "explaining the caseload", d)) == DB_ROW) {
		sbuf_add(out, db_col_text(st, 3));
		sbuf_addc(out, '\n');
	}
	db_finalize(st);
	return ret;
}

/* Up to limit rows after (or, backward, before) the row `from`, in the query's order. */
int
caseload_page(struct db *db, const struct caseload_query *q, const struct caseload_row *from,
    bool backward, int limit, struct caseload_row *rows, int *n, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	struct role_scope scope;
	bool by_followup = q->sort == CASELOAD_BY_FOLLOWUP;
	int ret;

	*n = 0;
	if ((ret = role_scope(db, &scope, d)) != 0)
		return ret;
	caseload_scoped_sql(q, &scope, from != NULL, backward, &sql);
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	role_scope_bind(st, &scope, 7);
	role_scope_free(&scope);
	db_bind_text(st, 1, q->counselor);
	db_bind_text(st, 2, q->stage);
	db_bind_text(st, 3, q->due_by);
	if (from != NULL) {
		db_bind_text(st, 4, by_followup ? from->next_followup : from->name_sort);
		db_bind_int(st, 5, from->rowid);
	}
	db_bind_int(st, 6, limit);
	while ((ret = db_step(st, "reading the caseload", d)) == DB_ROW && *n < limit) {
		struct caseload_row *r = &rows[(*n)++];
		r->id = xstrdup(db_col_text(st, 0));
		r->name = xstrdup(db_col_text(st, 1));
		r->id_number = xstrdup(db_col_text(st, 2));
		r->birth_date = xstrdup(db_col_text(st, 3));
		r->stage = xstrdup(db_col_text(st, 4));
		r->next_followup = xstrdup(db_col_text(st, 5));
		r->flags = (int)db_col_int(st, 6);
		r->name_sort = xstrdup(db_col_text(st, 7));
		r->rowid = db_col_int(st, 8);
	}
	db_finalize(st);
	if (ret != DB_DONE && ret != DB_ROW) {
		caseload_free(rows, *n);
		*n = 0;
		return ret;
	}
	if (backward) {
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			struct caseload_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	}
	return 0;
}

/* Free the strings of n rows. */
void
caseload_free(struct caseload_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].name);
		free(rows[i].id_number);
		free(rows[i].birth_date);
		free(rows[i].stage);
		free(rows[i].next_followup);
		free(rows[i].name_sort);
		memset(&rows[i], 0, sizeof rows[i]);
	}
}
