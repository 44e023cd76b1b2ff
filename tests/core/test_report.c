/* Check tests for core/report: every report's statements stay on an index (EXPLAIN QUERY PLAN,
 * with and without an office, before and after ANALYZE), and every figure of every report is
 * the figure a direct SQL count gives on a demo caseload with decisions of every status. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/demo.h"
#include "core/report.h"
#include "util/date.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db;

/* Run SQL with up to three text parameters; fails the test on error. */
static void
run(const char *sql, const char *a, const char *b, const char *c)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	db_bind_text(st, 3, c);
	int ret = db_run(st, "test", &d);
	db_finalize(st);
	ck_assert_msg(ret == 0, "%s: %s", sql, d.msg);
}

/* One number from SQL with up to four text parameters. */
static long long
num4(const char *sql, const char *a, const char *b, const char *c, const char *e)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, sql);
	long long v;

	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	db_bind_text(st, 3, c);
	db_bind_text(st, 4, e);
	ck_assert_msg(db_step(st, "test", &d) == DB_ROW, "%s: %s", sql, d.msg);
	v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

/* One number from SQL with up to three text parameters. */
static long long
num(const char *sql, const char *a, const char *b, const char *c)
{
	return num4(sql, a, b, c, NULL);
}

/* A demo of 1500 persons, an office holding a third of them, and decisions of every status
 * over three months (written directly, the audit triggers running). */
static void
setup(void)
{
	struct demo_opts o = { .seed = 11, .persons = 1500, .batch = 500 };
	struct demo_stats stats;
	struct diag d = DIAG_INIT;

	db = testdb_open("report", "counselor1");
	ck_assert_msg(demo_run(db, &o, &stats, &d) == 0, "%s", d.msg);
	run("INSERT INTO office (id, code, name, level, created_at, updated_at, created_by) VALUES "
	    "('o1', '220102', '南关区', 'county', 'now', 'now', 't')", NULL, NULL, NULL);
	run("UPDATE person SET office_id = 'o1' WHERE substr(id, -1) IN ('0', '1', '2', '3', '4', "
	    "'5', '6', '7', '8', '9', 'A')", NULL, NULL, NULL);
	/* every person whose id ends in one of these letters gets a decision: the status, policy,
	 * month and amount follow from the id's last characters */
	run("INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, outcome, "
	    "amount_fen, facts_json, reasons_json, counselor, status, created_at, updated_at, "
	    "created_by, approved_by, paid_on) SELECT 'D' || id, id, "
	    "CASE unicode(substr(id, -2, 1)) % 3 WHEN 0 THEN 'rural-training-subsidy' WHEN 1 THEN "
	    "'skill-upgrade-subsidy' ELSE 'employment-difficulty' END, 'h', "
	    "'2018-0' || (1 + unicode(substr(id, -3, 1)) % 3) || '-1' || (unicode(substr(id, -4, 1)) % 9), "
	    "'eligible', CASE WHEN unicode(substr(id, -2, 1)) % 3 = 2 THEN NULL ELSE "
	    "1000 * (1 + unicode(substr(id, -5, 1)) % 50) END, '{}', '[]', counselor, "
	    "CASE WHEN unicode(substr(id, -2, 1)) % 3 = 2 THEN 'decided' ELSE CASE "
	    "unicode(substr(id, -1)) % 5 WHEN 0 THEN 'proposed' WHEN 1 THEN 'approved' WHEN 2 THEN "
	    "'paid' WHEN 3 THEN 'rejected' ELSE 'revoked' END END, 'now', 'now', 't', 'boss', "
	    "CASE WHEN unicode(substr(id, -2, 1)) % 3 <> 2 AND unicode(substr(id, -1)) % 5 = 2 "
	    "THEN '2018-03-2' || (unicode(substr(id, -4, 1)) % 8) END "
	    "FROM person WHERE merged_into IS NULL AND unicode(substr(id, -6, 1)) % 2 = 0",
	    NULL, NULL, NULL);
	ck_assert_int_gt(num("SELECT count(*) FROM decision WHERE status = 'paid'", 0, 0, 0), 10);
	/* a few exits to a job */
	run("UPDATE person SET stage = 'closed', closed_reason = 'employed', closed_on = '2018-02-0' "
	    "|| (1 + unicode(substr(id, -2, 1)) % 9) WHERE unicode(substr(id, -3, 1)) % 17 = 0 AND "
	    "stage <> 'closed'", NULL, NULL, NULL);
}

/* Close and remove everything. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Whether a plan stays on indexes: no step scans a table (a SCAN names a covering index, or
 * a subquery or temporary b-tree); no automatic index. */
static bool
plan_indexed(const char *plan)
{
	for (const char *l = plan; *l; ) {
		size_t len = strcspn(l, "\n");
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, l);
		if (strstr(line, "AUTOMATIC") != NULL)
			return false;
		if (strncmp(line, "SCAN ", 5) == 0 && strstr(line, " USING ") == NULL &&
		    strncmp(line, "SCAN CONSTANT ROW", 17) != 0 &&
		    strncmp(line, "SCAN (subquery-", 15) != 0)
			return false;
		l += len + (l[len] == '\n');
	}
	return true;
}

START_TEST(every_report_stays_on_an_index)
{
	struct diag d = DIAG_INIT;
	struct sbuf plan = SBUF_INIT;
	int checked = 0;

	for (int analyzed = 0; analyzed < 2; analyzed++) {
		if (analyzed)
			ck_assert_int_eq(db_exec(db, "ANALYZE", &d), 0);
		for (int k = 0; k < REPORT_NKINDS; k++)
		for (int part = 0; part < report_nparts(k); part++)
		for (int office = 0; office < 2; office++) {
			sbuf_reset(&plan);
			ck_assert_msg(report_explain(db, k, part, office, &plan, &d) == 0, "%s", d.msg);
			ck_assert_msg(plan_indexed(sbuf_str(&plan)), "report %d part %d office %d "
			    "analyzed %d:\n%s", k, part, office, analyzed, sbuf_str(&plan));
			/* a report of persons by counselor or a list in order sorts nothing itself (the
			 * cases not contacted sort only the few contacted lately and the sums) */
			if (k == REPORT_CASELOAD || (k == REPORT_FOLLOWUPS && part == 0) ||
			    k == REPORT_PAYMENTS || k == REPORT_PENDING)
				ck_assert_msg(strstr(sbuf_str(&plan), "TEMP B-TREE") == NULL, "report %d "
				    "part %d office %d:\n%s", k, part, office, sbuf_str(&plan));
			checked++;
		}
	}
	ck_assert_int_eq(checked, 2 * 2 * 9);
	sbuf_free(&plan);
}
END_TEST

/* The column of a report with a key. */
static int
col(const struct report *r, const char *key)
{
	for (int k = 0; k < r->ncol; k++)
		if (strcmp(r->cols[k].key, key) == 0)
			return k;
	ck_abort_msg("no column %s", key);
	return -1;
}

/* Read a report, failing the test on error. */
static void
get(enum report_kind k, const struct report_filter *f, struct report *r)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(report_run(db, k, f, r, &d) == 0, "%s", d.msg);
}

/* A cell as a number. */
static long long
cell(const struct report *r, size_t i, const char *key)
{
	const char *v = rows_get(&r->rows, i, col(r, key));
	return v != NULL ? atoll(v) : 0;
}

/* Every figure of every report against direct SQL, for the whole caseload and for one office
 * over a range of dates. */
static void
figures(const struct report_filter *f)
{
	static const char *const stages[] = { "registered", "training", "internship", "startup",
		"grassroots", "employed" };
	const char *from = f->from ? f->from : "0000-01-01", *to = f->to ? f->to : "9999-12-30";
	char today[11], before[11];
	struct report r;
	long long total = 0;

	date_format(f->today, today);
	date_format(f->today - 30, before);
	/* the office's condition, written another way than report.c does */
#define OF(p) "AND (?3 IS NULL OR " p ".office_id IN (SELECT id FROM office o WHERE o.code = ?3)) "

	get(REPORT_CASELOAD, f, &r);
	ck_assert_int_gt(r.rows.n, 2);
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		for (size_t s = 0; s < 6; s++)
			ck_assert_int_eq(cell(&r, i, stages[s]), num("SELECT count(*) FROM person p "
			    "NOT INDEXED WHERE p.counselor IS ?1 AND p.stage = ?2 AND p.merged_into IS NULL "
			    OF("p"), who, stages[s], f->office));
		total += cell(&r, i, "open");
	}
	ck_assert_int_eq(total, num("SELECT count(*) FROM person p NOT INDEXED WHERE p.stage <> "
	    "'closed' AND p.merged_into IS NULL " OF("p"), NULL, NULL, f->office));
	report_free(&r);

	get(REPORT_FOLLOWUPS, f, &r);
	long long overdue = 0, quiet = 0;
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		ck_assert_int_eq(cell(&r, i, "overdue"), num("SELECT count(*) FROM person p NOT INDEXED "
		    "WHERE p.counselor IS ?1 AND p.merged_into IS NULL AND p.stage <> 'closed' AND "
		    "p.next_followup < ?2 " OF("p"), who, today, f->office));
		ck_assert_int_eq(cell(&r, i, "not_contacted_30_days"), num("SELECT count(*) FROM "
		    "person p NOT INDEXED LEFT JOIN (SELECT person_id, max(jd_ts(created_at)) AS last FROM note "
		    "GROUP BY person_id) n ON n.person_id = p.id WHERE p.counselor IS ?1 AND "
		    "p.merged_into IS NULL AND p.stage <> 'closed' AND (n.last IS NULL OR n.last < ?2) "
		    OF("p"), who, before, f->office));
		overdue += cell(&r, i, "overdue");
		quiet += cell(&r, i, "not_contacted_30_days");
	}
	ck_assert_int_gt(quiet, 0);
	report_free(&r);

	get(REPORT_WEEKLY, f, &r);
	long long regs = 0, exits = 0;
	for (size_t i = 0; i < r.rows.n; i++) {
		regs += cell(&r, i, "registrations");
		exits += cell(&r, i, "exits_to_job");
		ck_assert_int_eq(cell(&r, i, "exits_to_job"), num4("SELECT count(*) FROM person p "
		    "NOT INDEXED WHERE p.closed_reason = 'employed' AND p.merged_into IS NULL AND "
		    "p.closed_on BETWEEN ?1 AND date(?1, '+6 days') AND p.closed_on BETWEEN ?2 AND ?4 "
		    OF("p"), rows_get(&r.rows, i, 0), from, f->office, to));
	}
	ck_assert_int_eq(exits, num("SELECT count(*) FROM person p NOT INDEXED WHERE "
	    "p.closed_reason = 'employed' AND p.merged_into IS NULL AND p.closed_on BETWEEN ?1 AND ?2 "
	    OF("p"), from, to, f->office));
	ck_assert_int_eq(regs, num("SELECT count(*) FROM person p NOT INDEXED WHERE "
	    "p.merged_into IS NULL AND substr(jd_ts(p.created_at), 1, 10) BETWEEN ?1 AND ?2 " OF("p"),
	    from, to, f->office));
	report_free(&r);

	static const char *const statuses[] = { "proposed", "approved", "paid", "decided",
		"rejected", "revoked" };
	get(REPORT_DECISIONS, f, &r);
	ck_assert_int_gt(r.rows.n, 2);
	total = 0;
	for (size_t i = 0; i < r.rows.n; i++) {
		char month_policy[128];
		snprintf(month_policy, sizeof month_policy, "%s|%s", rows_get(&r.rows, i, 0),
		    rows_get(&r.rows, i, 1));
		for (size_t s = 0; s < 6; s++) {
			char q[1024];
			snprintf(q, sizeof q, "SELECT count(*) FROM decision d NOT INDEXED JOIN person p "
			    "ON p.id = d.person_id WHERE substr(d.decided_on, 1, 7) || '|' || d.policy_id = ?1 "
			    "AND d.status = '%s' AND d.decided_on BETWEEN ?2 AND ?4 " OF("p"), statuses[s]);
			struct db_stmt *st = db_prepare(db, q);
			db_bind_text(st, 1, month_policy);
			db_bind_text(st, 2, from);
			db_bind_text(st, 3, f->office);
			db_bind_text(st, 4, to);
			ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
			ck_assert_int_eq(cell(&r, i, statuses[s]), db_col_int(st, 0));
			db_finalize(st);
		}
		total += cell(&r, i, "total");
	}
	ck_assert_int_eq(total, num("SELECT count(*) FROM decision d NOT INDEXED JOIN person p ON "
	    "p.id = d.person_id WHERE d.decided_on BETWEEN ?1 AND ?2 " OF("p"), from, to, f->office));
	report_free(&r);

	get(REPORT_MONEY, f, &r);
	long long approved = 0, paid = 0, proposed = 0;
	for (size_t i = 0; i < r.rows.n; i++) {
		proposed += cell(&r, i, "proposed_fen");
		approved += cell(&r, i, "approved_fen");
		paid += cell(&r, i, "paid_fen");
	}
	ck_assert_int_eq(proposed, num("SELECT total(amount_fen) FROM decision d NOT INDEXED JOIN "
	    "person p ON p.id = d.person_id WHERE d.status = 'proposed' AND d.decided_on BETWEEN ?1 "
	    "AND ?2 " OF("p"), from, to, f->office));
	ck_assert_int_eq(approved, num("SELECT total(amount_fen) FROM decision d NOT INDEXED JOIN "
	    "person p ON p.id = d.person_id WHERE d.status IN ('approved', 'paid') AND d.decided_on "
	    "BETWEEN ?1 AND ?2 " OF("p"), from, to, f->office));
	ck_assert_int_eq(paid, num("SELECT total(amount_fen) FROM decision d NOT INDEXED JOIN "
	    "person p ON p.id = d.person_id WHERE d.status = 'paid' AND d.decided_on BETWEEN ?1 "
	    "AND ?2 " OF("p"), from, to, f->office));
	ck_assert_int_gt(paid, 0);
	report_free(&r);

	get(REPORT_PAYMENTS, f, &r);
	paid = 0;
	for (size_t i = 0; i < r.rows.n; i++) {
		paid += cell(&r, i, "amount_fen");
		if (i > 0)
			ck_assert_int_le(strcmp(rows_get(&r.rows, i - 1, 0), rows_get(&r.rows, i, 0)), 0);
		ck_assert_int_eq(strlen(rows_get(&r.rows, i, col(&r, "id_number"))), 18);
	}
	ck_assert_int_gt(r.rows.n, 0);
	ck_assert_int_eq((long long)r.rows.n, num("SELECT count(*) FROM decision d NOT INDEXED "
	    "JOIN person p ON p.id = d.person_id WHERE d.status = 'paid' AND d.paid_on BETWEEN ?1 "
	    "AND ?2 " OF("p"), from, to, f->office));
	ck_assert_int_eq(paid, num("SELECT total(amount_fen) FROM decision d NOT INDEXED JOIN "
	    "person p ON p.id = d.person_id WHERE d.status = 'paid' AND d.paid_on BETWEEN ?1 AND ?2 "
	    OF("p"), from, to, f->office));
	report_free(&r);

	get(REPORT_PENDING, f, &r);
	ck_assert_int_eq((long long)r.rows.n, num("SELECT count(*) FROM decision d NOT INDEXED "
	    "JOIN person p ON p.id = d.person_id WHERE d.status = 'proposed' AND d.decided_on "
	    "BETWEEN ?1 AND ?2 " OF("p"), from, to, f->office));
	for (size_t i = 1; i < r.rows.n; i++)  /* oldest first */
		ck_assert_int_le(strcmp(rows_get(&r.rows, i - 1, 0), rows_get(&r.rows, i, 0)), 0);
	report_free(&r);
#undef OF
}

START_TEST(every_figure_is_the_direct_count)
{
	struct report_filter all = { .today = date_from_ymd(2018, 3, 1) };
	struct report_filter one = { .office = "220102", .from = "2018-02-01", .to = "2018-03-31",
		.today = date_from_ymd(2018, 3, 1) };

	figures(&all);
	figures(&one);
	struct diag d = DIAG_INIT;
	struct report r;
	struct report_filter none = { .office = "999999", .today = all.today };
	ck_assert_int_eq(report_run(db, REPORT_CASELOAD, &none, &r, &d), EX_DATAERR);
	report_free(&r);
}
END_TEST

/* The number of cases report_cases finds behind a count. */
static long long
cases(const struct report_filter *f, enum report_kind kind, int part, const char *key,
    const char *key2, int column)
{
	struct report_cell c = { kind, part, key, key2, column };
	struct diag d = DIAG_INIT;
	struct rows r;

	ck_assert_msg(report_cases(db, f, &c, 100000, &r, &d) == 0, "%s", d.msg);
	long long n = (long long)r.n;
	for (size_t i = 1; i < r.n; i++)   /* each case once */
		ck_assert_str_ne(rows_get(&r, i - 1, RC_ID), rows_get(&r, i, RC_ID));
	rows_free(&r);
	return n;
}

/* Enter on a count opens its cases: as many as the count says (follow-ups overdue and not
 * contacted by counselor, registrations and exits by week), and for money, every person with a
 * decision of that month, benefit and status, for every office and for one. */
START_TEST(every_count_opens_its_cases)
{
	struct report_filter fs[] = { { .today = date_from_ymd(2018, 3, 1) },
		{ .office = "220102", .from = "2018-02-01", .to = "2018-03-31",
		    .today = date_from_ymd(2018, 3, 1) } };
	struct report r;
	int seen = 0;

	for (size_t k = 0; k < sizeof fs / sizeof *fs; k++) {
		const struct report_filter *f = &fs[k];
		get(REPORT_FOLLOWUPS, f, &r);
		for (size_t i = 0; i < r.rows.n; i++, seen++) {
			const char *who = rows_get(&r.rows, i, 0);
			ck_assert_int_eq(cases(f, REPORT_FOLLOWUPS, 0, who, NULL, 0),
			    strtoll(rows_get(&r.rows, i, 1), NULL, 10));
			ck_assert_int_eq(cases(f, REPORT_FOLLOWUPS, 1, who, NULL, 0),
			    strtoll(rows_get(&r.rows, i, 2), NULL, 10));
		}
		report_free(&r);
		get(REPORT_WEEKLY, f, &r);
		for (size_t i = 0; i < r.rows.n; i++, seen++) {
			const char *week = rows_get(&r.rows, i, 0);
			ck_assert_int_eq(cases(f, REPORT_WEEKLY, 0, week, NULL, 0),
			    strtoll(rows_get(&r.rows, i, 1), NULL, 10));
			ck_assert_int_eq(cases(f, REPORT_WEEKLY, 1, week, NULL, 0),
			    strtoll(rows_get(&r.rows, i, 2), NULL, 10));
		}
		report_free(&r);
		get(REPORT_MONEY, f, &r);
		for (size_t i = 0; i < r.rows.n; i++, seen++) {
			const char *month = rows_get(&r.rows, i, 0), *pol = rows_get(&r.rows, i, 1);
			static const char *const st[] = { NULL, NULL, "'proposed'", "'approved', 'paid'",
				"'paid'" };
			for (int col = 2; col <= 4; col++) {
				char sql[512];
				snprintf(sql, sizeof sql, "SELECT count(DISTINCT d.person_id) FROM decision d "
				    "JOIN person p ON p.id = d.person_id WHERE d.decided_on BETWEEN ?1 AND ?2 "
				    "AND d.amount_fen IS NOT NULL AND substr(d.decided_on, 1, 7) = ?3 AND "
				    "d.policy_id = ?4 AND d.status IN (%s) AND (?5 IS NULL OR p.office_id = "
				    "'o1')", st[col]);
				struct diag d = DIAG_INIT;
				struct db_stmt *s = db_prepare(db, sql);
				db_bind_text(s, 1, f->from ? f->from : "0000-01-01");
				db_bind_text(s, 2, f->to ? f->to : "9999-12-30");
				db_bind_text(s, 3, month);
				db_bind_text(s, 4, pol);
				db_bind_text(s, 5, f->office);
				ck_assert_int_eq(db_step(s, "test", &d), DB_ROW);
				long long want = db_col_int(s, 0);
				db_finalize(s);
				ck_assert_int_eq(cases(f, REPORT_MONEY, 0, month, pol, col), want);
				/* a column with money has somebody behind it */
				if (strtoll(rows_get(&r.rows, i, col), NULL, 10) > 0)
					ck_assert_int_gt(want, 0);
			}
		}
		report_free(&r);
	}
	ck_assert_int_gt(seen, 10);
}
END_TEST

/* The suite. */
static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_report_stays_on_an_index);
	tcase_add_test(tc, every_figure_is_the_direct_count);
	tcase_add_test(tc, every_count_opens_its_cases);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(report_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
