/* Check tests for core/case: closing and reopening a case, handing it to another counselor, and
 * merging two records of one person (rows moved, fields filled, the key redirected, a benefit
 * granted on both listed). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/caseload.h"
#include "core/db.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/search.h"
#include "util/date.h"
#include "testdb.h"

static struct db *db;
static char *a_id, *b_id;
static int today;

/* Register a person with some fields; returns the new case id (caller frees). */
static char *
add(const char *name, const char *idnum, const char *field, const char *value)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	person_set(&p, PF_NAME, name, why, sizeof why);
	person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why);
	person_set(&p, PF_COUNSELOR, "counselor1", why, sizeof why);
	if (field != NULL)
		ck_assert_msg(person_set(&p, person_field_find(field), value, why, sizeof why) == 0,
		    "%s", why);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	return id;
}

/* Record an enrollment of a kind and status for a person. */
static void
record(const char *pid, const char *kind, const char *status)
{
	struct enrollment e;
	struct diag d = DIAG_INIT;

	progress_init(&e);
	e.person_id = pid;
	e.kind = kind;
	e.status = status;
	e.start_date = "2017-11-01";
	ck_assert_msg(progress_record(db, &e, 0, NULL, NULL, false, &d) == 0, "%s", d.msg);
	free(e.id);
}

/* A column of a person row, as text (caller frees; NULL when NULL). */
static char *
col(const char *pid, const char *column)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT %s FROM person WHERE id = ?1", column);
	struct db_stmt *st = db_prepare(db, sql);
	db_bind_text(st, 1, pid);
	ck_assert_int_eq(db_step(st, "reading", NULL), DB_ROW);
	char *s = db_col_text(st, 0) ? strdup(db_col_text(st, 0)) : NULL;
	db_finalize(st);
	return s;
}

/* Whether a person column holds the text (NULL: is NULL). */
static bool
col_is(const char *pid, const char *column, const char *want)
{
	char *s = col(pid, column);
	bool same = want == NULL ? s == NULL : s != NULL && strcmp(s, want) == 0;
	free(s);
	return same;
}

/* Two persons of counselor1: 王丽 (rural, in training) and another record of her. */
static void
setup(void)
{
	db = testdb_open("case", "counselor1");
	date_parse("2018-03-01", &today);
	a_id = add("王丽", "220102199503070028", "hukou_type", "rural");
	b_id = add("王丽", "220102199503070044", "education", "bachelor");
	record(a_id, "training", "active");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
	free(a_id);
	free(b_id);
}

/* How many of a counselor's caseload rows there are, with a stage filter or none. */
static int
caseload_count(const char *counselor, const char *stage)
{
	struct caseload_query q = { .counselor = counselor, .stage = stage };
	struct caseload_row rows[16];
	struct diag d = DIAG_INIT;
	int n = 0;

	ck_assert_msg(caseload_page(db, &q, NULL, false, 16, rows, &n, &d) == 0, "%s", d.msg);
	caseload_free(rows, n);
	return n;
}

START_TEST(close_and_reopen)
{
	struct diag d = DIAG_INIT;
	long long audits = testdb_int(db, "SELECT count(*) FROM audit WHERE row_key = ?1", a_id);

	ck_assert_int_eq(case_close(db, a_id, "moved_away", NULL, today, &d), 0);
	ck_assert(col_is(a_id, "stage", "closed"));
	ck_assert(col_is(a_id, "closed_reason", "moved_away"));
	ck_assert(col_is(a_id, "closed_on", "2018-03-01"));
	ck_assert(col_is(a_id, "closed_note", NULL));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE row_key = ?1", a_id),
	    audits + 1);
	/* closing again is refused with the reason it was closed for, and writes nothing */
	ck_assert_int_eq(case_close(db, a_id, "employed", NULL, today, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already closed"));
	ck_assert(col_is(a_id, "closed_reason", "moved_away"));
	/* closed cases leave my cases; the office view and the closed filter show them */
	ck_assert_int_eq(caseload_count("counselor1", NULL), 1);
	ck_assert_int_eq(caseload_count("counselor1", "closed"), 1);
	ck_assert_int_eq(caseload_count(NULL, NULL), 2);
	/* progress recorded while closed leaves the stage closed */
	record(a_id, "internship", "active");
	ck_assert(col_is(a_id, "stage", "closed"));
	/* reopened: the closure gone, the stage from progress again */
	ck_assert_msg(case_reopen(db, a_id, &d) == 0, "%s", d.msg);
	ck_assert(col_is(a_id, "stage", "internship"));
	ck_assert(col_is(a_id, "closed_reason", NULL));
	ck_assert(col_is(a_id, "closed_on", NULL));
	ck_assert_int_eq(caseload_count("counselor1", NULL), 2);
	ck_assert_int_eq(case_reopen(db, a_id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "not closed"));
	/* a case without progress reopens as registered */
	ck_assert_int_eq(case_close(db, b_id, "deceased", NULL, today, &d), 0);
	ck_assert_int_eq(case_reopen(db, b_id, &d), 0);
	ck_assert(col_is(b_id, "stage", "registered"));
}
END_TEST

START_TEST(close_checks_reason_and_note)
{
	struct diag d = DIAG_INIT;
	char longnote[1600] = "";

	ck_assert_int_eq(case_close(db, a_id, "bored", NULL, today, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "not_seeking"));
	ck_assert_int_eq(case_close(db, a_id, "other", NULL, today, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "note"));
	ck_assert_int_eq(case_close(db, a_id, "other", "", today, &d), EX_DATAERR);
	for (int i = 0; i < 501; i++)
		strcat(longnote, "长");
	ck_assert_int_eq(case_close(db, a_id, "other", longnote, today, &d), EX_DATAERR);
	ck_assert_int_eq(case_close(db, a_id, "other", "a\nb", today, &d), EX_DATAERR);
	ck_assert(col_is(a_id, "stage", "training"));
	ck_assert_int_eq(case_close(db, a_id, "other", "去外地照顾老人", today, &d), 0);
	ck_assert(col_is(a_id, "closed_note", "去外地照顾老人"));
	ck_assert_ptr_nonnull(case_reason_label("not_seeking"));
	ck_assert_ptr_null(case_reason_label("bored"));
}
END_TEST

START_TEST(transfer)
{
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(case_transfer(db, a_id, "", &d), EX_DATAERR);
	ck_assert_int_eq(case_transfer(db, a_id, "li na", &d), EX_DATAERR);
	ck_assert_int_eq(case_transfer(db, a_id, "-x", &d), EX_DATAERR);
	ck_assert_int_eq(case_transfer(db, a_id, "counselor1", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already"));
	/* with no user list, any well-formed login is taken */
	ck_assert_msg(case_transfer(db, a_id, "lina", &d) == 0, "%s", d.msg);
	ck_assert(col_is(a_id, "counselor", "lina"));
	ck_assert_int_eq(caseload_count("counselor1", NULL), 1);
	ck_assert_int_eq(caseload_count("lina", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE row_key = ?1 AND "
	    "op = 'update' AND after LIKE '%lina%'", a_id), 1);
	/* with a user list, only its logins */
	struct db_stmt *st = db_prepare(db, "INSERT INTO app_user (id, login, display_name, role, "
	    "created_at, updated_at, created_by) VALUES ('u1', 'zhangwei', '张伟', 'counselor', "
	    "'2018-01-01', '2018-01-01', 'admin')");
	ck_assert_int_eq(db_run(st, "adding a user", &d), 0);
	db_finalize(st);
	ck_assert_int_eq(case_transfer(db, a_id, "wangfang", &d), EX_DATAERR);
	ck_assert(col_is(a_id, "counselor", "lina"));
	ck_assert_msg(case_transfer(db, a_id, "zhangwei", &d) == 0, "%s", d.msg);
	ck_assert(col_is(a_id, "counselor", "zhangwei"));
}
END_TEST

/* Insert a live decision of a once-only policy for a person, its once key naming the person. */
static void
decision(const char *id, const char *pid, const char *policy)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, outcome, facts_json, reasons_json, once_key, counselor, "
	    "status, created_at, updated_at, created_by) VALUES (?1, ?2, ?3, 'h', '2018-01-02', "
	    "'eligible', '{}', '[]', ?2 || '|' || ?3, 'counselor1', 'proposed', '2018-01-02', "
	    "'2018-01-02', 'counselor1')");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, pid);
	db_bind_text(st, 3, policy);
	ck_assert_msg(db_run(st, "adding a decision", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

START_TEST(merge)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct rows r;
	char *c_id = add("王莉", "220102199503070060", NULL, NULL);

	record(b_id, "employment", "completed");
	ck_assert_int_eq(note_add(db, b_id, "电话回访", "2018-04-02", date_from_ymd(2018, 3, 1), NULL, &d), 0);
	decision("d1", a_id, "job-search-subsidy");
	decision("d2", b_id, "job-search-subsidy");
	decision("d3", b_id, "startup-subsidy");
	/* c was merged into b earlier: the chain is flattened to a */
	ck_assert_msg(case_merge(db, b_id, c_id, today, false, &d) == 0, "%s", d.msg);
	ck_assert(col_is(c_id, "merged_into", b_id));

	ck_assert_msg(case_merge(db, a_id, b_id, today, false, &d) == 0, "%s", d.msg);
	/* every row of b is a's now */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM enrollment WHERE person_id = ?1",
	    a_id), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM note WHERE person_id = ?1", a_id), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE person_id = ?1", a_id),
	    3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM enrollment WHERE person_id = ?1 "
	    "UNION ALL SELECT 0 LIMIT 1", b_id), 0);
	/* a's unknown fields filled from b's; a's known ones kept */
	ck_assert(col_is(a_id, "education", "bachelor"));
	ck_assert(col_is(a_id, "hukou_type", "rural"));
	ck_assert(col_is(a_id, "next_followup", "2018-04-02"));
	ck_assert(col_is(a_id, "stage", "training"));
	/* b stays, closed as a duplicate merged into a; c points to a */
	ck_assert(col_is(b_id, "merged_into", a_id));
	ck_assert(col_is(b_id, "stage", "closed"));
	ck_assert(col_is(b_id, "closed_reason", "duplicate"));
	ck_assert(col_is(b_id, "closed_on", "2018-03-01"));
	ck_assert(col_is(b_id, "next_followup", NULL));
	ck_assert(col_is(c_id, "merged_into", a_id));
	/* b's key and ID number load a */
	ck_assert_int_eq(person_load(db, b_id, &p, &d), 0);
	ck_assert_str_eq(p.v[PF_ID], a_id);
	ck_assert_int_eq(person_load(db, "220102199503070044", &p, &d), 0);
	ck_assert_str_eq(p.v[PF_ID], a_id);
	ck_assert_int_eq(person_load(db, c_id, &p, &d), 0);
	ck_assert_str_eq(p.v[PF_ID], a_id);
	person_clear(&p);
	/* ... and b's old ID number still finds b in a search */
	struct search_hit *hits;
	int n = 0;
	ck_assert_int_eq(search_run(db, "220102199503070044", 10, &hits, &n, &d), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(hits[0].id, b_id);
	search_free(hits, n);
	/* the once-only benefit granted on both is listed; the one granted once names a now */
	ck_assert_int_eq(case_double_grants(db, a_id, &r, &d), 0);
	ck_assert_int_eq(r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, DG_POLICY), "job-search-subsidy");
	ck_assert_str_eq(rows_get(&r, 0, DG_FIRST), "d1");
	ck_assert_str_eq(rows_get(&r, 0, DG_SECOND), "d2");
	rows_free(&r);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE id = 'd3' AND "
	    "once_key = ?1 || '|startup-subsidy'", a_id), 1);
	/* the audit has every moved row */
	ck_assert_int_ge(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'update' AND "
	    "tbl IN ('enrollment', 'note', 'decision') AND after LIKE '%' || ?1 || '%'", a_id), 4);
	free(c_id);
}
END_TEST

START_TEST(one_item_paid_under_two_policies)
{
	struct diag d = DIAG_INIT;
	struct rows r;
	const char *sql = "INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, "
	    "subject, subject_key, outcome, amount_fen, facts_json, reasons_json, once_key, counselor, status, "
	    "created_at, updated_at, created_by) VALUES (?1, ?2, ?3, 'h', '2018-01-02', 'trainings[0]', "
	    "'e1', 'eligible', 96000, '{}', '[]', ?2 || '|' || ?3 || '|e1', 'counselor1', 'proposed', "
	    "'2018-01-02', '2018-01-02', 'counselor1')";
	const char *pols[] = { "rural-training-subsidy", "vocational-training-subsidy" };

	/* as a release before the ledger refused it could record them: one training, two subsidies */
	for (int i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(db, sql);
		char id[4] = { 'p', (char)('1' + i), 0 };
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, a_id);
		db_bind_text(st, 3, pols[i]);
		ck_assert_msg(db_run(st, "adding a decision", &d) == 0, "%s", d.msg);
		db_finalize(st);
	}
	ck_assert_int_eq(case_double_grants(db, a_id, &r, &d), 0);
	ck_assert_int_eq(r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, DG_POLICY), "rural-training-subsidy");
	ck_assert_str_eq(rows_get(&r, 0, DG_POLICY2), "vocational-training-subsidy");
	ck_assert_str_eq(rows_get(&r, 0, DG_ITEM), "e1");
	rows_free(&r);
	/* revoking one leaves nothing to list */
	ck_assert_int_eq(testdb_int(db, "UPDATE decision SET status = 'revoked' WHERE id = 'p2' RETURNING 1",
	    NULL), 1);
	ck_assert_int_eq(case_double_grants(db, a_id, &r, &d), 0);
	ck_assert_int_eq(r.n, 0);
	rows_free(&r);
}
END_TEST

START_TEST(merge_refused)
{
	struct diag d = DIAG_INIT;
	/* 1995-03-08, a man: another birth date and sex */
	char *m_id = add("王力", "220102199503080015", NULL, NULL);
	long long audits = testdb_int(db, "SELECT count(*) FROM audit", NULL);

	ck_assert_int_eq(case_merge(db, a_id, a_id, today, false, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "itself"));
	ck_assert_int_eq(case_merge(db, a_id, m_id, today, false, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, CASE_MERGE_MISMATCH);
	ck_assert_int_eq(case_merge(db, a_id, "nobody", today, false, &d), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), audits);
	ck_assert_msg(case_merge(db, a_id, b_id, today, false, &d) == 0, "%s", d.msg);
	/* into or from a merged-away record: refused, naming the survivor */
	ck_assert_int_eq(case_merge(db, b_id, m_id, today, true, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, a_id));
	ck_assert_int_eq(case_merge(db, a_id, b_id, today, false, &d), EX_DATAERR);
	/* lifecycle actions on a merged-away record name the survivor */
	ck_assert_int_eq(case_reopen(db, b_id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, a_id));
	ck_assert_int_eq(case_close(db, b_id, "employed", NULL, today, &d), EX_DATAERR);
	ck_assert_int_eq(case_transfer(db, b_id, "lina", &d), EX_DATAERR);
	/* forced, two records of different birth dates merge */
	ck_assert_msg(case_merge(db, a_id, m_id, today, true, &d) == 0, "%s", d.msg);
	ck_assert(col_is(m_id, "merged_into", a_id));
	ck_assert(col_is(a_id, "sex", "female"));
	free(m_id);
}
END_TEST

START_TEST(merge_fills_household_and_insurance)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[128];
	char *x = add("李娜", "220102199001010025", NULL, NULL);
	char *y = add("李娜", "220102199001010041", "low_income", "true");

	ck_assert_int_eq(person_load(db, y, &p, &d), 0);
	person_set(&p, PF_UNEMPLOYMENT_MONTHS, "14", why, sizeof why);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
	ck_assert_msg(case_merge(db, x, y, today, false, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(person_load(db, x, &p, &d), 0);
	ck_assert_str_eq(p.v[PF_LOW_INCOME], "1");
	ck_assert_str_eq(p.v[PF_UNEMPLOYMENT_MONTHS], "14");
	ck_assert_ptr_null(p.v[PF_ZERO_EMPLOYMENT]);
	person_clear(&p);
	free(x);
	free(y);
}
END_TEST

/* The suite. */
static Suite *
case_suite(void)
{
	Suite *s = suite_create("case");
	TCase *tc = tcase_create("case");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, close_and_reopen);
	tcase_add_test(tc, close_checks_reason_and_note);
	tcase_add_test(tc, transfer);
	tcase_add_test(tc, merge);
	tcase_add_test(tc, merge_refused);
	tcase_add_test(tc, one_item_paid_under_two_policies);
	tcase_add_test(tc, merge_fills_household_and_insurance);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(case_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
