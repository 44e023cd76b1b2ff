/* The supervisor's figures: each report one or two fixed statements (the office's condition
 * added when one is asked for), every value bound, each statement on an index of schema step 9
 * or before (tests/core/test_report.c holds their plans); rows of two statements by the same
 * key (a counselor, a week) are merged here, and the caseload's stages become columns. */
#include "core/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/label.h"
#include "core/notice.h"
#include "core/role.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/xalloc.h"

/* The stages of an open case, in the caseload's columns. */
static const char *const report_stages[] = {
	"registered", "training", "internship", "startup", "grassroots", "employed",
};
#define REPORT_NSTAGES (sizeof report_stages / sizeof *report_stages)

static const struct report_col report_caseload_cols[] = {
	{ "counselor", N_("COUNSELOR"), REPORT_TEXT },
	{ "registered", N_("registered"), REPORT_COUNT },
	{ "training", N_("training"), REPORT_COUNT },
	{ "internship", N_("internship"), REPORT_COUNT },
	{ "startup", N_("startup"), REPORT_COUNT },
	{ "grassroots", N_("grassroots"), REPORT_COUNT },
	{ "employed", N_("employed"), REPORT_COUNT },
	{ "open", N_("OPEN CASES"), REPORT_COUNT },
};
static const struct report_col report_followups_cols[] = {
	{ "counselor", N_("COUNSELOR"), REPORT_TEXT },
	{ "overdue", N_("FOLLOW-UPS OVERDUE"), REPORT_COUNT },
	{ "not_contacted_30_days", N_("NOT CONTACTED IN 30 DAYS"), REPORT_COUNT },
};
static const struct report_col report_weekly_cols[] = {
	{ "week", N_("WEEK FROM"), REPORT_TEXT },
	{ "registrations", N_("REGISTRATIONS"), REPORT_COUNT },
	{ "exits_to_job", N_("EXITS TO A JOB"), REPORT_COUNT },
};
static const struct report_col report_decisions_cols[] = {
	{ "month", N_("MONTH"), REPORT_TEXT },
	{ "policy", N_("BENEFIT"), REPORT_POLICY },
	{ "proposed", N_("proposed"), REPORT_COUNT },
	{ "approved", N_("approved"), REPORT_COUNT },
	{ "paid", N_("paid"), REPORT_COUNT },
	{ "decided", N_("decided"), REPORT_COUNT },
	{ "rejected", N_("rejected"), REPORT_COUNT },
	{ "revoked", N_("revoked"), REPORT_COUNT },
	{ "total", N_("TOTAL"), REPORT_COUNT },
};
static const struct report_col report_money_cols[] = {
	{ "month", N_("MONTH"), REPORT_TEXT },
	{ "policy", N_("BENEFIT"), REPORT_POLICY },
	{ "proposed_fen", N_("AWAITING APPROVAL (YUAN)"), REPORT_FEN },
	{ "approved_fen", N_("APPROVED (YUAN)"), REPORT_FEN },
	{ "paid_fen", N_("PAID (YUAN)"), REPORT_FEN },
};
static const struct report_col report_payments_cols[] = {
	{ "paid_on", N_("PAID ON"), REPORT_TEXT },
	{ "name", N_("NAME"), REPORT_TEXT },
	{ "id_number", N_("ID NUMBER"), REPORT_IDNUMBER },
	{ "policy", N_("BENEFIT"), REPORT_POLICY },
	{ "amount_fen", N_("YUAN"), REPORT_FEN },
	{ "decision", N_("DECISION"), REPORT_DECISION },
	{ "payment_ref", N_("PAYMENT REFERENCE"), REPORT_TEXT },
};
static const struct report_col report_pending_cols[] = {
	{ "decided_on", N_("DATE"), REPORT_TEXT },
	{ "decision", N_("DECISION"), REPORT_DECISION },
	{ "name", N_("NAME"), REPORT_TEXT },
	{ "id_number", N_("ID NUMBER"), REPORT_IDNUMBER },
	{ "policy", N_("BENEFIT"), REPORT_POLICY },
	{ "amount_fen", N_("YUAN"), REPORT_FEN },
	{ "counselor", N_("PROPOSED BY"), REPORT_TEXT },
};

/* Where a statement of two selects takes the office's condition (a comment otherwise). */
/* The start of day D (a YYYY-MM-DD expression) in unix milliseconds, UTC: what created_at
 * holds since schema step 17 (a constant of the statement, so the index on it is used). */
#define REPORT_MS(D) "((julianday(" D ") - 2440587.5) * 86400000)"
#define REPORT_AT_OFFICE "/*office*/ "
/* The office's condition on a person (p) and on a decision (d, through its person). */
#define REPORT_OFFICE_P "AND p.office_id = (SELECT id FROM office WHERE code = ?1) "
#define REPORT_OFFICE_D "AND (SELECT office_id FROM person WHERE id = d.person_id) = " \
	"(SELECT id FROM office WHERE code = ?1) "

/* Each report: its name, columns and statements, each statement in two pieces around the
 * office's condition (NULL: none) and whether it concerns a person (p) or a decision (d). */
static const struct {
	const char *name;
	const struct report_col *cols;
	int ncol, nparts;
	struct { const char *head, *tail; bool on_decision; } part[2];
} report_kinds[REPORT_NKINDS] = {
	[REPORT_CASELOAD] = { "caseload", report_caseload_cols, 8, 1, { {
	    "SELECT p.counselor, p.stage, count(*) FROM person p WHERE p.merged_into IS NULL "
	    "AND p.stage <> 'closed' ",
	    "GROUP BY p.counselor, p.stage ORDER BY p.counselor, p.stage", false } } },
	[REPORT_FOLLOWUPS] = { "followups", report_followups_cols, 3, 2, { {
	    "SELECT p.counselor, count(*) FROM person p WHERE p.merged_into IS NULL "
	    "AND p.next_followup IS NOT NULL AND p.stage <> 'closed' AND p.next_followup < ?4 ",
	    "GROUP BY p.counselor ORDER BY p.counselor", false }, {
	    /* the open cases less those with a note since: the notes of thirty days are few
	     * (note_created), where a probe of every open case's notes read the whole caseload */
	    "SELECT counselor, sum(n) FROM (SELECT p.counselor AS counselor, count(*) AS n "
	    "FROM person p WHERE p.merged_into IS NULL AND p.stage <> 'closed' " REPORT_AT_OFFICE
	    "GROUP BY p.counselor UNION ALL SELECT p.counselor, -count(*) FROM person p "
	    "WHERE p.id IN (SELECT n.person_id FROM note n WHERE n.created_at >= " REPORT_MS("?5") ") "
	    "AND p.merged_into IS NULL AND p.stage <> 'closed' " REPORT_AT_OFFICE
	    "GROUP BY p.counselor) ",
	    "GROUP BY counselor ORDER BY counselor", false } } },
	[REPORT_WEEKLY] = { "weekly", report_weekly_cols, 3, 2, { {
	    "SELECT date(p.created_at / 1000, 'unixepoch', 'weekday 0', '-6 days') AS week, "
	    "count(*) FROM person p WHERE p.merged_into IS NULL AND p.created_at >= " REPORT_MS("?2")
	    " AND p.created_at < " REPORT_MS("date(?3, '+1 day')") " ",
	    "GROUP BY week ORDER BY week", false }, {
	    "SELECT date(p.closed_on, 'weekday 0', '-6 days') AS week, count(*) FROM person p "
	    "WHERE p.closed_reason = 'employed' AND p.merged_into IS NULL "
	    "AND p.closed_on BETWEEN ?2 AND ?3 ",
	    "GROUP BY week ORDER BY week", false } } },
	[REPORT_DECISIONS] = { "decisions", report_decisions_cols, 9, 1, { {
	    "SELECT substr(d.decided_on, 1, 7) AS month, d.policy_id, sum(d.status = 'proposed'), "
	    "sum(d.status = 'approved'), sum(d.status = 'paid'), sum(d.status = 'decided'), "
	    "sum(d.status = 'rejected'), sum(d.status = 'revoked'), count(*) FROM decision d "
	    "WHERE d.decided_on BETWEEN ?2 AND ?3 ",
	    "GROUP BY month, d.policy_id ORDER BY month, d.policy_id", true } } },
	[REPORT_MONEY] = { "money", report_money_cols, 5, 1, { {
	    "SELECT substr(d.decided_on, 1, 7) AS month, d.policy_id, "
	    "sum(CASE WHEN d.status = 'proposed' THEN d.amount_fen ELSE 0 END), "
	    "sum(CASE WHEN d.status IN ('approved', 'paid') THEN d.amount_fen ELSE 0 END), "
	    "sum(CASE WHEN d.status = 'paid' THEN d.amount_fen ELSE 0 END) FROM decision d "
	    "WHERE d.decided_on BETWEEN ?2 AND ?3 AND d.amount_fen IS NOT NULL ",
	    "GROUP BY month, d.policy_id ORDER BY month, d.policy_id", true } } },
	[REPORT_PAYMENTS] = { "payments", report_payments_cols, 7, 1, { {
	    "SELECT d.paid_on, p.name, p.id_number, d.policy_id, d.amount_fen, d.id, "
	    "d.payment_ref FROM decision d INDEXED BY decision_paid CROSS JOIN person p "
	    "ON p.id = d.person_id "
	    "WHERE d.status = 'paid' AND d.paid_on BETWEEN ?2 AND ?3 ",
	    "ORDER BY d.paid_on, d.id", false } } },
	[REPORT_PENDING] = { "pending", report_pending_cols, 7, 1, { {
	    "SELECT d.decided_on, d.id, p.name, p.id_number, d.policy_id, d.amount_fen, "
	    "d.counselor FROM decision d CROSS JOIN person p ON p.id = d.person_id "
	    "WHERE d.status = 'proposed' AND d.decided_on BETWEEN ?2 AND ?3 ",
	    "ORDER BY d.decided_on, d.created_at, d.id", false } } },
};

/* The kind named, or -1. */
int
report_kind_parse(const char *name)
{
	for (int k = 0; k < REPORT_NKINDS; k++)
		if (name != NULL && strcmp(report_kinds[k].name, name) == 0)
			return k;
	return -1;
}

/* The names of the kinds. */
const char *
report_kind_names(void)
{
	return "caseload|followups|weekly|decisions|money|payments|pending";
}

/* How many statements a report runs. */
int
report_nparts(enum report_kind kind)
{
	return report_kinds[kind].nparts;
}

/* Append the text of one statement of a report: the office's condition after its head, or,
 * in a head that marks where (REPORT_AT_OFFICE, a statement of two selects), there. */
void
report_sql(enum report_kind kind, int part, bool office, struct sbuf *sql)
{
	const char *head = report_kinds[kind].part[part].head, *at;
	const char *cond = report_kinds[kind].part[part].on_decision ? REPORT_OFFICE_D :
	    REPORT_OFFICE_P;

	if (strstr(head, REPORT_AT_OFFICE) == NULL) {
		sbuf_add(sql, head);
		if (office)
			sbuf_add(sql, cond);
	}
	while ((at = strstr(head, REPORT_AT_OFFICE)) != NULL) {
		sbuf_addn(sql, head, (size_t)(at - head));
		if (office)
			sbuf_add(sql, cond);
		head = at + strlen(REPORT_AT_OFFICE);
	}
	if (head != report_kinds[kind].part[part].head)
		sbuf_add(sql, head);
	sbuf_add(sql, report_kinds[kind].part[part].tail);
}

/* The query plan of one statement. */
int
report_explain(struct db *db, enum report_kind kind, int part, bool office, struct sbuf *out,
    struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	int ret;

	sbuf_add(&sql, "EXPLAIN QUERY PLAN ");
	report_sql(kind, part, office, &sql);
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	while ((ret = db_step(st, "explaining the report", d)) == DB_ROW) {
		sbuf_add(out, db_col_text(st, 3));
		sbuf_addc(out, '\n');
	}
	db_finalize(st);
	return ret;
}

/* A statement of a report, prepared and bound. */
static struct db_stmt *
report_prepare(struct db *db, enum report_kind kind, int part, const struct report_filter *f)
{
	struct sbuf sql = SBUF_INIT;
	char today[11], before[11];

	report_sql(kind, part, f->office != NULL, &sql);
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(st, 1, f->office);
	/* open-ended: the first and (so that the day after is a date) the last day but one */
	db_bind_text(st, 2, f->from != NULL ? f->from : "0000-01-01");
	db_bind_text(st, 3, f->to != NULL ? f->to : "9999-12-30");
	db_bind_text(st, 4, date_format(f->today, today));
	db_bind_text(st, 5, date_format(f->today - 30, before));
	return st;
}

/* The caseload: one row a counselor, a count a stage and the total. */
static int
report_caseload(struct db *db, const struct report_filter *f, struct report *out, struct diag *d)
{
	struct db_stmt *st = report_prepare(db, REPORT_CASELOAD, 0, f);
	long long count[REPORT_NSTAGES + 1];
	char *who = NULL, num[REPORT_NSTAGES + 1][24];
	const char *cells[REPORT_NSTAGES + 2];
	bool any = false;
	int ret;

	/* the rows come by counselor: a row is written when the next counselor begins */
	for (;;) {
		ret = db_step(st, "reading the caseload report", d);
		const char *c = ret == DB_ROW ? db_col_text(st, 0) : NULL;
		bool next = ret != DB_ROW || !any || (c == NULL) != (who == NULL) ||
		    (c != NULL && strcmp(c, who) != 0);
		if (any && next) {
			cells[0] = who;
			for (size_t k = 0; k <= REPORT_NSTAGES; k++) {
				snprintf(num[k], sizeof num[k], "%lld", count[k]);
				cells[k + 1] = num[k];
			}
			rows_add(&out->rows, cells);
		}
		if (ret != DB_ROW)
			break;
		if (next) {
			free(who);
			who = xstrdup(c);
			memset(count, 0, sizeof count);
			any = true;
		}
		for (size_t k = 0; k < REPORT_NSTAGES; k++)
			if (strcmp(db_col_text(st, 1), report_stages[k]) == 0)
				count[k] += db_col_int(st, 2);
		count[REPORT_NSTAGES] += db_col_int(st, 2);
	}
	free(who);
	db_finalize(st);
	return ret;
}

/* Compare two keys that may be NULL (NULL first). */
static int
report_keycmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Two statements each giving (key, count) in key order, merged into rows (key, first, second). */
static int
report_merge(struct db *db, enum report_kind kind, const struct report_filter *f,
    struct report *out, struct diag *d)
{
	struct db_stmt *a = report_prepare(db, kind, 0, f), *b = report_prepare(db, kind, 1, f);
	int ra = db_step(a, "reading the report", d), rb = ra == DB_ROW || ra == DB_DONE ?
	    db_step(b, "reading the report", d) : ra;

	while ((ra == DB_ROW || rb == DB_ROW) && (ra == DB_ROW || ra == DB_DONE) &&
	    (rb == DB_ROW || rb == DB_DONE)) {
		const char *ka = ra == DB_ROW ? db_col_text(a, 0) : NULL;
		const char *kb = rb == DB_ROW ? db_col_text(b, 0) : NULL;
		int c = ra != DB_ROW ? 1 : rb != DB_ROW ? -1 : report_keycmp(ka, kb);
		const char *cells[3] = { c <= 0 ? ka : kb, c <= 0 ? db_col_text(a, 1) : "0",
		    c >= 0 ? db_col_text(b, 1) : "0" };
		rows_add(&out->rows, cells);
		if (c <= 0)
			ra = db_step(a, "reading the report", d);
		if (c >= 0)
			rb = db_step(b, "reading the report", d);
	}
	db_finalize(a);
	db_finalize(b);
	return ra > 0 ? ra : rb > 0 ? rb : 0;
}

/* One statement's rows as they come. */
static int
report_plain(struct db *db, enum report_kind kind, const struct report_filter *f,
    struct report *out, struct diag *d)
{
	struct db_stmt *st = report_prepare(db, kind, 0, f);
	const char *cells[16];
	int ret;

	while ((ret = db_step(st, "reading the report", d)) == DB_ROW) {
		for (int j = 0; j < out->ncol; j++)
			cells[j] = db_col_text(st, j);
		rows_add(&out->rows, cells);
	}
	db_finalize(st);
	return ret;
}

/* Read a report. */
int
report_run(struct db *db, enum report_kind kind, const struct report_filter *f,
    struct report *out, struct diag *d)
{
	int ret;

	out->kind = kind;
	out->ncol = report_kinds[kind].ncol;
	out->cols = report_kinds[kind].cols;
	rows_init(&out->rows, out->ncol);
	if ((ret = role_check(db, ROLE_ACT_REPORT, NULL, d)) != 0)
		return ret;
	if (f->office != NULL) {
		int64_t n = 0;
		struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM office WHERE code = ?1");
		db_bind_text(st, 1, f->office);
		if ((ret = db_step(st, "reading the offices", d)) == DB_ROW)
			n = db_col_int(st, 0), ret = 0;
		db_finalize(st);
		if (ret != 0)
			return ret;
		if (n == 0)
			return diag_set(d, EX_DATAERR, "--office %s: no office has this code", f->office);
	}
	switch (kind) {
	case REPORT_CASELOAD:
		return report_caseload(db, f, out, d);
	case REPORT_FOLLOWUPS:
	case REPORT_WEEKLY:
		return report_merge(db, kind, f, out, d);
	default:
		return report_plain(db, kind, f, out, d);
	}
}

/* Free a report's rows. */
void
report_free(struct report *r)
{
	rows_free(&r->rows);
}

/* A cell in words into buf (or the stored text): a policy by its title in the interface's
 * language (its id when ps is NULL or does not hold it), money in yuan, a decision by its short
 * number, an ID number masked when masked says so. */
const char *
report_word(const struct policyset *ps, enum report_col_kind kind, const char *v,
    bool masked, char *buf, size_t len)
{
	if (v == NULL)
		return "-";
	switch (kind) {
	case REPORT_FEN:
		label_money(strtoll(v, NULL, 10), buf, len);
		return buf;
	case REPORT_POLICY: {
		const struct policy *p = ps != NULL ? policyset_find(ps, v) : NULL;
		return p == NULL ? v : i18n_zh() ? p->title_zh : p->title_en;
	}
	case REPORT_IDNUMBER:
		if (!masked || len < 19)
			return v;
		idnum_mask(v, buf);
		return buf;
	case REPORT_DECISION:
		if (len < NOTICE_NUMBER_LEN)
			return v;
		notice_number(v, buf);
		return buf;
	case REPORT_LABEL:
		return label_value(v);
	default:
		return v;
	}
}

/* The cases behind a count, each statement beside the count's own in report_kinds (the same
 * conditions, one group's key more): ?6 the row's key, ?7 a second key, ?8 the most rows, ?9
 * and ?10 the statuses counted; the office's condition goes before the order. */
static const struct {
	enum report_kind kind;
	int part;
	bool on_decision;
	const char *head;
} report_cases_sql[] = {
	{ REPORT_FOLLOWUPS, 0, false, "SELECT p.id, p.name, p.id_number, p.stage, p.counselor "
	    "FROM person p WHERE p.merged_into IS NULL AND p.next_followup IS NOT NULL "
	    "AND p.stage <> 'closed' AND p.next_followup < ?4 AND p.counselor IS ?6 " },
	{ REPORT_FOLLOWUPS, 1, false, "SELECT p.id, p.name, p.id_number, p.stage, p.counselor "
	    "FROM person p WHERE p.merged_into IS NULL AND p.stage <> 'closed' AND p.id NOT IN "
	    "(SELECT n.person_id FROM note n WHERE n.created_at >= " REPORT_MS("?5") ") "
	    "AND p.counselor IS ?6 " },
	{ REPORT_WEEKLY, 0, false, "SELECT p.id, p.name, p.id_number, p.stage, p.counselor "
	    "FROM person p WHERE p.merged_into IS NULL AND p.created_at >= " REPORT_MS("?2") " "
	    "AND p.created_at < " REPORT_MS("date(?3, '+1 day')") " "
	    "AND date(p.created_at / 1000, 'unixepoch', 'weekday 0', '-6 days') = ?6 " },
	{ REPORT_WEEKLY, 1, false, "SELECT p.id, p.name, p.id_number, p.stage, p.counselor "
	    "FROM person p WHERE p.closed_reason = 'employed' AND p.merged_into IS NULL "
	    "AND p.closed_on BETWEEN ?2 AND ?3 AND date(p.closed_on, 'weekday 0', '-6 days') = ?6 " },
	{ REPORT_MONEY, 0, true, "SELECT DISTINCT p.id, p.name, p.id_number, p.stage, p.counselor "
	    "FROM decision d CROSS JOIN person p ON p.id = d.person_id "
	    "WHERE d.decided_on BETWEEN ?2 AND ?3 AND d.amount_fen IS NOT NULL "
	    "AND substr(d.decided_on, 1, 7) = ?6 AND d.policy_id = ?7 AND d.status IN (?9, ?10) " },
};

/* The cases behind one count of a report (report_cell), at most limit of them, by name. */
int
report_cases(struct db *db, const struct report_filter *f, const struct report_cell *c,
    int limit, struct rows *out, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	char today[11], before[11];
	const char *cells[RC_NCOL];
	int ret, k = -1;

	rows_init(out, RC_NCOL);
	if ((ret = role_check(db, ROLE_ACT_REPORT, NULL, d)) != 0)
		return ret;
	for (size_t i = 0; i < sizeof report_cases_sql / sizeof *report_cases_sql; i++)
		if (report_cases_sql[i].kind == c->kind && report_cases_sql[i].part == c->part)
			k = (int)i;
	if (k < 0)
		return diag_set(d, EX_SOFTWARE, "no cases behind this count");
	sbuf_add(&sql, report_cases_sql[k].head);
	if (f->office != NULL)
		sbuf_add(&sql, report_cases_sql[k].on_decision ? REPORT_OFFICE_D : REPORT_OFFICE_P);
	sbuf_add(&sql, "ORDER BY p.name_sort, p.rowid LIMIT ?8");
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(st, 1, f->office);
	db_bind_text(st, 2, f->from != NULL ? f->from : "0000-01-01");
	db_bind_text(st, 3, f->to != NULL ? f->to : "9999-12-30");
	db_bind_text(st, 4, date_format(f->today, today));
	db_bind_text(st, 5, date_format(f->today - 30, before));
	db_bind_text(st, 6, c->key);
	db_bind_text(st, 7, c->key2);
	db_bind_int(st, 8, limit);
	/* the statuses a money column counts: awaiting approval, approved (paid too), paid */
	db_bind_text(st, 9, c->column == 2 ? "proposed" : c->column == 3 ? "approved" : "paid");
	db_bind_text(st, 10, c->column == 3 ? "paid" : NULL);
	while ((ret = db_step(st, "reading the cases behind the count", d)) == DB_ROW) {
		for (int j = 0; j < RC_NCOL; j++)
			cells[j] = db_col_text(st, j);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}
