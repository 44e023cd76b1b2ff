/* Check tests for core/decision: four eyes on money. One's own proposal is refused, approving
 * twice is refused, the office's threshold approves small amounts at once, a rejection or
 * revocation frees the once-only slot, a decision that pays nothing is decided (holding its
 * slot until revoked), and payments
 * (one by one and from finance's file, all or nothing) only of approved decisions. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/decision.h"
#include "core/grant.h"
#include "core/person.h"
#include "core/progress.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "testdb.h"

static struct db *db, *boss;  /* the counselor's connection and the supervisor's */
static struct policyset *ps;
static char *pid;

/* The policies of the source tree (JOBDESK_POLICIES is set by meson). */
static const char *
policies(void)
{
	const char *dir = getenv("JOBDESK_POLICIES");
	return dir != NULL ? dir : "policies";
}

/* A rural person with one completed 120-hour training (960 yuan of rural training subsidy),
 * recognised as having employment difficulties (a status: no money). */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct enrollment e;
	char why[256];

	db = testdb_open("decision", "counselor1");
	ck_assert_msg(dbopen_open(db_path(db), "boss", false, &d, &boss) == 0, "%s", d.msg);
	ck_assert_msg(policyset_open(policies(), &ps, &d) == 0, "%s", d.msg);
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why);
	person_set(&p, PF_EMPLOYMENT_DIFFICULTY, "1", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	progress_init(&e);
	e.person_id = pid;
	e.kind = "training";
	e.training_kind = "employment_skills";
	e.status = "completed";
	e.start_date = "2017-11-01";
	e.end_date = "2017-12-15";
	e.class_hours = 120;
	ck_assert_msg(progress_record(db, &e, 0, NULL, NULL, false, &d) == 0, "%s", d.msg);
	free(e.id);
}

/* Close and remove everything. */
static void
teardown(void)
{
	db_close(boss);
	testdb_close(db);
	policyset_free(ps);
	free(pid);
}

/* 2018-03-01 as a day number. */
static int
on(void)
{
	return date_from_ymd(2018, 3, 1);
}

/* Grant a policy to the person as the counselor: the new decision's id (caller frees), or NULL
 * with the refusal in d. */
static char *
grant(const char *policy, struct diag *d)
{
	struct grant *g;
	int n;
	char *id = NULL;

	if (grant_record(db, ps, pid, policy, NULL, on(), &g, &n, d) == 0) {
		id = strdup(g[0].decision_id);
		grant_free(g, n);
	}
	return id;
}

/* A decision's status. */
static char *
status(const char *id)
{
	static char buf[16];
	struct db_stmt *st = db_prepare(db, "SELECT status FROM decision WHERE id = ?1");

	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	snprintf(buf, sizeof buf, "%s", db_col_text(st, 0));
	db_finalize(st);
	return buf;
}

START_TEST(own_proposal_and_approving_twice_are_refused)
{
	struct diag d = DIAG_INIT;
	char *id = grant("rural-training-subsidy", &d);

	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_str_eq(status(id), "proposed");
	ck_assert_int_eq(decision_approve(db, id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "your own proposal"));
	ck_assert_int_eq(decision_reject(db, id, "材料不全", &d), EX_DATAERR);
	ck_assert_str_eq(status(id), "proposed");
	ck_assert_msg(decision_approve(boss, id, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(status(id), "approved");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE approved_by = 'boss' "
	    "AND approved_at IS NOT NULL", NULL), 1);
	ck_assert_int_eq(decision_approve(boss, id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already approved by boss"));
	/* nor rejected once approved */
	ck_assert_int_eq(decision_reject(boss, id, "改主意", &d), EX_DATAERR);
	ck_assert_str_eq(status(id), "approved");
	/* the short number is accepted */
	ck_assert_int_eq(decision_approve(boss, id + strlen(id) - 8, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already approved"));
	free(id);
}
END_TEST

START_TEST(the_threshold_approves_small_amounts_at_once)
{
	struct diag d = DIAG_INIT;
	int64_t fen = -1;

	ck_assert_int_eq(decision_threshold(db, &fen, &d), 0);
	ck_assert_int_eq(fen, 0);  /* the default: every amount needs approval */
	ck_assert_int_eq(decision_set_threshold(db, -1, &d), EX_DATAERR);
	/* 960 yuan is not below 960 yuan */
	ck_assert_int_eq(decision_set_threshold(db, 96000, &d), 0);
	char *id = grant("rural-training-subsidy", &d);
	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_str_eq(status(id), "proposed");
	ck_assert_int_eq(decision_revoke(db, id, "重新记录", &d), 0);
	free(id);
	/* below 1000 yuan: approved at once, by no one */
	ck_assert_int_eq(decision_set_threshold(db, 100000, &d), 0);
	id = grant("rural-training-subsidy", &d);
	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_str_eq(status(id), "approved");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE status = 'approved' "
	    "AND approved_by IS NULL AND approved_at IS NOT NULL", NULL), 1);
	ck_assert_int_eq(decision_approve(boss, id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "below the office's threshold"));
	free(id);
}
END_TEST

START_TEST(rejection_and_revocation_free_the_slot)
{
	struct diag d = DIAG_INIT;
	char *id = grant("rural-training-subsidy", &d), *again;

	ck_assert_msg(id != NULL, "%s", d.msg);
	/* once per item: a second grant is refused while the first holds the slot */
	ck_assert_ptr_null(again = grant("rural-training-subsidy", &d));
	ck_assert_int_eq(decision_reject(boss, id, NULL, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "reason"));
	ck_assert_int_eq(decision_reject(boss, id, "  ", &d), EX_DATAERR);
	ck_assert_msg(decision_reject(boss, id, "培训证明不全", &d) == 0, "%s", d.msg);
	ck_assert_str_eq(status(id), "rejected");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE reason = '培训证明不全' "
	    "AND rejected_by = 'boss'", NULL), 1);
	ck_assert_int_eq(decision_revoke(boss, id, "x", &d), EX_DATAERR);  /* not live */
	/* the slot is free: granted again, approved, revoked, granted again */
	again = grant("rural-training-subsidy", &d);
	ck_assert_msg(again != NULL, "%s", d.msg);
	ck_assert_int_eq(decision_approve(boss, again, &d), 0);
	ck_assert_int_eq(decision_revoke(boss, again, "录错了人", &d), 0);
	ck_assert_str_eq(status(again), "revoked");
	free(again);
	again = grant("rural-training-subsidy", &d);
	ck_assert_msg(again != NULL, "%s", d.msg);
	ck_assert_str_eq(status(again), "proposed");
	free(again);
	free(id);
}
END_TEST

START_TEST(no_amount_is_decided_and_revocation_frees_its_slot)
{
	struct diag d = DIAG_INIT;
	char *id = grant("employment-difficulty", &d);

	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_str_eq(status(id), "decided");
	ck_assert_int_eq(decision_approve(boss, id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "pays nothing"));
	ck_assert_int_eq(decision_paid(boss, id, on(), NULL, on(), &d), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE status = 'decided' "
	    "AND amount_fen IS NULL AND approved_by IS NULL", NULL), 1);
	/* a decided decision holds its once-only slot while it stands: a second row with its key
	 * is refused by the database, and goes in once the first is revoked */
	ck_assert_int_eq(testdb_int(db, "SELECT instr(sql, '''decided''') > 0 FROM sqlite_schema "
	    "WHERE name = 'decision_once'", NULL), 1);
	struct db_stmt *st = db_prepare(db, "UPDATE decision SET once_key = 'k' WHERE id = ?1");
	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_run(st, "test", &d), 0);
	db_finalize(st);
	static const char twin[] = "INSERT INTO decision (id, person_id, policy_id, policy_hash, "
	    "decided_on, outcome, facts_json, reasons_json, once_key, counselor, status, created_at, "
	    "updated_at, created_by) SELECT 'twin', person_id, policy_id, policy_hash, decided_on, "
	    "outcome, facts_json, reasons_json, once_key, counselor, 'decided', created_at, "
	    "updated_at, created_by FROM decision WHERE id = ?1";
	st = db_prepare(db, twin);
	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_run(st, "test", &d), EX_DATAERR);
	db_finalize(st);
	/* it can be revoked with a reason, and its slot is free */
	ck_assert_int_eq(decision_revoke(db, id, "认定有误", &d), 0);
	ck_assert_str_eq(status(id), "revoked");
	st = db_prepare(db, twin);
	db_bind_text(st, 1, id);
	ck_assert_msg(db_run(st, "test", &d) == 0, "%s", d.msg);
	db_finalize(st);
	free(id);
}
END_TEST

START_TEST(paid_only_once_approved)
{
	struct diag d = DIAG_INIT;
	char *id = grant("rural-training-subsidy", &d);

	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_int_eq(decision_paid(boss, id, on(), "F-1", on(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "not approved yet"));
	ck_assert_int_eq(decision_approve(boss, id, &d), 0);
	ck_assert_int_eq(decision_paid(boss, id, on() + 1, "F-1", on(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "not before"));
	ck_assert_int_eq(decision_paid(boss, id, on() - 1, "F-1", on(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "before decision"));
	ck_assert_msg(decision_paid(boss, id, on(), "F-1", on(), &d) == 0, "%s", d.msg);
	ck_assert_str_eq(status(id), "paid");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE paid_on = '2018-03-01' "
	    "AND payment_ref = 'F-1' AND paid_by = 'boss'", NULL), 1);
	ck_assert_int_eq(decision_paid(boss, id, on(), "F-2", on(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already paid on 2018-03-01"));
	ck_assert_int_eq(decision_revoke(boss, id, "x", &d), EX_DATAERR);
	/* a paid decision still holds its slot */
	char *again = grant("rural-training-subsidy", &d);
	ck_assert_ptr_null(again);
	free(id);
}
END_TEST

/* Write text to a file in /tmp named after this process; the path. */
static const char *
file(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/jobdesk-paid-%d.csv", (int)getpid());
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

START_TEST(finance_file_is_all_or_nothing)
{
	struct diag d = DIAG_INIT;
	char *id = grant("rural-training-subsidy", &d), text[512], num[9];
	int n = -1;

	ck_assert_msg(id != NULL, "%s", d.msg);
	ck_assert_int_eq(decision_approve(boss, id, &d), 0);
	snprintf(num, sizeof num, "%s", id + strlen(id) - 8);
	/* the second line names a decision not approved (none such): nothing is recorded */
	snprintf(text, sizeof text, "决定编号,发放日期,付款凭证号\n%.4s-%.4s,2018-03-01,F-7\n"
	    "ZZZZ-ZZZZ,2018-03-01,F-8\n", num, num + 4);
	const char *path = file(text);
	ck_assert_int_eq(decision_paid_file(boss, path, on(), &n, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, ":3: "));
	ck_assert_int_eq(n, 0);
	ck_assert_str_eq(status(id), "approved");
	/* a bad date on line 2 */
	snprintf(text, sizeof text, "decision,paid_on,reference\n%s,2018-02-30,F-7\n", id);
	ck_assert_int_eq(decision_paid_file(boss, file(text), on(), &n, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, ":2: paid on 2018-02-30"));
	/* good: recorded */
	snprintf(text, sizeof text, "decision,paid_on,reference\n%.4s-%.4s,2018-03-01,F-7\n", num,
	    num + 4);
	ck_assert_msg(decision_paid_file(boss, file(text), on(), &n, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(status(id), "paid");
	unlink(path);
	free(id);
}
END_TEST

/* The suite. */
static Suite *
decision_suite(void)
{
	Suite *s = suite_create("decision");
	TCase *tc = tcase_create("four eyes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, own_proposal_and_approving_twice_are_refused);
	tcase_add_test(tc, the_threshold_approves_small_amounts_at_once);
	tcase_add_test(tc, rejection_and_revocation_free_the_slot);
	tcase_add_test(tc, no_amount_is_decided_and_revocation_frees_its_slot);
	tcase_add_test(tc, paid_only_once_approved);
	tcase_add_test(tc, finance_file_is_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(decision_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
