/* Check tests for core/grant: decisions recorded with facts and reasons, once-only limits,
 * two processes granting at the same moment, and grants that follow their item. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/facts.h"
#include "core/grant.h"
#include "core/person.h"
#include "core/progress.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "testdb.h"

static char path[128];
static struct db *db;
static struct policyset *ps;
static char *pid;

/* The policies of the source tree (JOBDESK_POLICIES is set by meson). */
static const char *
policies(void)
{
	const char *dir = getenv("JOBDESK_POLICIES");
	return dir != NULL ? dir : "policies";
}

/* Add a training enrollment to the person: its dates (the subsidies are dated by its end), state
 * and class hours. */
static void
training(const char *start, const char *end, const char *status, int hours)
{
	struct enrollment e;
	struct diag d = DIAG_INIT;

	progress_init(&e);
	e.person_id = pid;
	e.kind = "training";
	e.training_kind = "employment_skills";
	e.status = status;
	e.start_date = start;
	e.end_date = end;
	e.class_hours = hours;
	ck_assert_msg(progress_record(db, &e, 0, NULL, NULL, false, &d) == 0, "%s", d.msg);
	free(e.id);
}

/* A rural person with one completed 120-hour training. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	db = testdb_open("grant", "counselor1");
	snprintf(path, sizeof path, "%s", db_path(db));
	ck_assert_msg(policyset_open(policies(), &ps, &d) == 0, "%s", d.msg);
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	training("2017-11-01", "2017-12-15", "completed", 120);
}

/* Close and remove everything. */
static void
teardown(void)
{
	testdb_close(db);
	policyset_free(ps);
	free(pid);
}

/* The number of live decisions. */
static int
decisions(void)
{
	return (int)testdb_int(db, "SELECT count(*) FROM decision WHERE status IN ('proposed', "
	    "'approved', 'decided', 'paid')", NULL);
}

/* 2018-03-01 as a day number. */
static int
on(void)
{
	return date_from_ymd(2018, 3, 1);
}

START_TEST(grant_records_amount_facts_and_reasons)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	ck_assert_msg(grant_record(db, ps, "220102199503070028", "rural-training-subsidy", NULL,
	    on(), &g, &n, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(g[0].subject, "trainings[0]");
	ck_assert(g[0].has_amount);
	ck_assert_int_eq(g[0].amount_fen, 96000);
	struct db_stmt *st = db_prepare(db, "SELECT policy_hash, amount_fen, facts_json, reasons_json, "
	    "counselor, decided_on, status FROM decision");
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	ck_assert_int_eq(strlen(db_col_text(st, 0)), 64);
	ck_assert_int_eq(db_col_int(st, 1), 96000);
	ck_assert_ptr_nonnull(strstr(db_col_text(st, 2), "\"class_hours\":120"));
	ck_assert_ptr_nonnull(strstr(db_col_text(st, 3), "\"held\":true"));
	ck_assert_str_eq(db_col_text(st, 4), "counselor1");
	ck_assert_str_eq(db_col_text(st, 5), "2018-03-01");
	ck_assert_str_eq(db_col_text(st, 6), "proposed");
	db_finalize(st);
	grant_free(g, n);
}
END_TEST

START_TEST(once_per_item_refuses_a_second_grant)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", "trainings[0]", on(),
	    &g, &n, &d), 0);
	grant_free(g, n);
	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", "trainings[0]", on(),
	    &g, &n, &d), EX_DATAERR);
	/* the item in words, not its subject path */
	ck_assert_msg(strstr(d.msg, "training from 2017-11-01") != NULL &&
	    strstr(d.msg, "trainings[0]") == NULL, "%s", d.msg);
	ck_assert_int_eq(decisions(), 1);
	/* a second training is its own item */
	training("2018-01-10", "2018-01-31", "completed", 40);
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(g[0].amount_fen, 32000);
	grant_free(g, n);
	ck_assert_int_eq(decisions(), 2);
}
END_TEST

START_TEST(a_grant_follows_its_item)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	struct node *facts;
	int n;

	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n,
	    &d), 0);
	grant_free(g, n);
	/* an older training, entered later, now stands first in the list (ended after 2017-10-12, so
	 * this document covers it) */
	training("2017-10-12", "2017-10-31", "completed", 60);
	ck_assert_int_eq(facts_person(db, pid, &facts, &d), 0);
	const struct node *sub = node_path(facts, "grants.0.subject");
	ck_assert_ptr_nonnull(sub);
	ck_assert_str_eq(sub->text, "trainings[1]");
	node_free(facts);
	/* so the 120-hour training is still granted, and the new one may be */
	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", "trainings[1]", on(),
	    &g, &n, &d), EX_DATAERR);
	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", "trainings[0]", on(),
	    &g, &n, &d), 0);
	ck_assert_int_eq(g[0].amount_fen, 48000);
	grant_free(g, n);
}
END_TEST

START_TEST(ineligible_names_the_reasons)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	ck_assert_int_eq(grant_record(db, ps, pid, "skill-upgrade-subsidy", NULL, on(), &g, &n, &d),
	    EX_DATAERR);
	ck_assert_int_eq(decisions(), 0);
	ck_assert_int_eq(grant_record(db, ps, pid, "no-such-policy", NULL, on(), &g, &n, &d),
	    EX_USAGE);
	ck_assert_int_eq(grant_record(db, ps, "nobody", "rural-training-subsidy", NULL, on(), &g,
	    &n, &d), EX_DATAERR);
}
END_TEST

/* A benefit granted more than once (limit: none) is still not recorded twice for the same
 * thing on one day: a key pressed twice; the next day it is. */
START_TEST(the_same_benefit_twice_in_a_day_is_refused)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	struct db_stmt *st = db_prepare(db, "UPDATE person SET veteran = 'demobilised_soldier' "
	    "WHERE id = ?1");
	db_bind_text(st, 1, pid);
	ck_assert_int_eq(db_run(st, "test", &d), 0);
	db_finalize(st);
	ck_assert_msg(grant_record(db, ps, pid, "veteran-services", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	grant_free(g, n);
	ck_assert_int_eq(grant_record(db, ps, pid, "veteran-services", NULL, on(), &g, &n, &d),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already recorded on 2018-03-01"));
	ck_assert_int_eq(decisions(), 1);
	ck_assert_msg(grant_record(db, ps, pid, "veteran-services", NULL, on() + 1, &g, &n, &d) == 0,
	    "%s", d.msg);
	grant_free(g, n);
	ck_assert_int_eq(decisions(), 2);
}
END_TEST

START_TEST(two_processes_grant_at_once)
{
	pid_t child[2];
	int status, ok = 0, refused = 0;

	db_close(db);
	db = NULL;
	for (int i = 0; i < 2; i++) {
		child[i] = fork();
		ck_assert_int_ge(child[i], 0);
		if (child[i] == 0) {
			struct db *mine;
			struct diag d = DIAG_INIT;
			struct grant *g;
			int n;
			if (dbopen_open(path, i ? "b" : "a", false, &d, &mine) != 0)
				_exit(10);
			int ret = grant_record(mine, ps, pid, "rural-training-subsidy", "trainings[0]",
			    on(), &g, &n, &d);
			grant_free(g, n);
			db_close(mine);
			_exit(ret == 0 ? 0 : ret == EX_DATAERR ? 1 : 20 + ret);
		}
	}
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(waitpid(child[i], &status, 0), child[i]);
		ck_assert(WIFEXITED(status));
		ok += WEXITSTATUS(status) == 0;
		refused += WEXITSTATUS(status) == 1;
	}
	ck_assert_int_eq(ok, 1);
	ck_assert_int_eq(refused, 1);
	struct diag d = DIAG_INIT;
	ck_assert_int_eq(dbopen_open(path, "counselor1", false, &d, &db), 0);
	ck_assert_int_eq(decisions(), 1);
}
END_TEST

START_TEST(several_eligible_items_are_listed_not_granted)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	training("2018-01-10", "2018-01-31", "completed", 40);
	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d),
	    EX_USAGE);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(decisions(), 0);
	/* each item named for --subject and in words, with its amount */
	ck_assert_ptr_nonnull(strstr(d.msg, "trainings[1] (training from 2018-01-10, 320.00 yuan)"));
	ck_assert_ptr_nonnull(strstr(d.msg, "trainings[0] (training from 2017-11-01, 960.00 yuan)"));
	ck_assert_ptr_nonnull(strstr(d.msg, "Rural skills-training subsidy"));
	ck_assert_ptr_null(strstr(d.msg, "rural-training-subsidy"));
	/* picked with the subject, it is granted */
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", "trainings[1]", on(), &g,
	    &n, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(g[0].item, "training from 2018-01-10");
	grant_free(g, n);
	/* and then the one left is the only eligible item: granted without a subject */
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(g[0].subject, "trainings[0]");
	ck_assert_str_eq(g[0].item, "training from 2017-11-01");
	ck_assert_int_eq(g[0].amount_fen, 96000);
	grant_free(g, n);
	ck_assert_int_eq(decisions(), 2);
}
END_TEST

START_TEST(an_unknown_amount_is_never_recorded)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	/* a rural transfer worker's training: eligible for the vocational-training subsidy (十九),
	 * whose local standard local.yaml does not set */
	ck_assert_msg(facts_answer(db, pid, "person.rural_transfer_worker", "yes", &d) == 0, "%s",
	    d.msg);
	ck_assert_int_eq(grant_record(db, ps, pid, "vocational-training-subsidy", NULL, on(), &g, &n,
	    &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "the amount is not known"));
	ck_assert_ptr_nonnull(strstr(d.msg, "is not set"));
	ck_assert_int_eq(decisions(), 0);
	/* the same training under a policy whose amount is known is granted, with its amount */
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE amount_fen = 96000",
	    NULL), 1);
	grant_free(g, n);
	/* and then the vocational subsidy, were its amount known, would be a second payment */
	ck_assert_int_eq(grant_record(db, ps, pid, "vocational-training-subsidy", NULL, on(), &g, &n,
	    &d), EX_DATAERR);
	ck_assert_int_eq(decisions(), 1);
}
END_TEST

/* Record a live decision of another policy paying for the person's only training. */
static void
paid_elsewhere(const char *status)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, "
	    "reasons_json, counselor, status, created_at, updated_at, created_by) SELECT "
	    "'D-OTHER', person_id, 'vocational-training-subsidy', 'h', '2018-02-10', 'trainings[0]', "
	    "id, 'eligible', 50000, '{}', '[]', 'counselor2', ?1, 'now', 'now', 'counselor2' FROM "
	    "enrollment");
	db_bind_text(st, 1, status);
	ck_assert_msg(db_run(st, "test", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

START_TEST(a_second_payment_for_one_item_is_refused)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	paid_elsewhere("approved");
	ck_assert_int_eq(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d),
	    EX_DATAERR);
	/* the other policy by its title and date: the evaluation itself refuses it now, since the
	 * two training subsidies say paid_once_with of each other */
	ck_assert_msg(strstr(d.msg, "already paid under 'Vocational-training subsidy' on 2018-02-10") != NULL,
	    "%s", d.msg);
	ck_assert_ptr_nonnull(strstr(d.msg, "training from 2017-11-01"));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision", NULL), 1);
	/* a revoked decision pays nothing: the training may be paid now */
	struct db_stmt *st = db_prepare(db, "UPDATE decision SET status = 'revoked'");
	ck_assert_int_eq(db_run(st, "test", &d), 0);
	db_finalize(st);
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	grant_free(g, n);
}
END_TEST

START_TEST(a_rejected_payment_does_not_count)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	paid_elsewhere("rejected");
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on(), &g, &n, &d) == 0,
	    "%s", d.msg);
	ck_assert_int_eq(g[0].amount_fen, 96000);
	grant_free(g, n);
}
END_TEST

START_TEST(an_item_in_words)
{
	struct diag d = DIAG_INIT;
	char *w = NULL;

	ck_assert_int_eq(progress_certificate(db, pid, 4, "2017-05-10", "电工", NULL, &d), 0);
	ck_assert_msg(facts_subject_describe(db, pid, "certificates[0]", &w, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(w, "intermediate (level 4) certificate of 2017-05-10, 电工");
	free(w);
	ck_assert_msg(facts_subject_describe(db, pid, "trainings[0]", &w, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(w, "training from 2017-11-01");
	free(w);
	ck_assert_int_eq(facts_subject_describe(db, pid, "trainings[5]", &w, &d), EX_DATAERR);
	ck_assert_ptr_null(w);
}
END_TEST

/* The suite. */
static Suite *
grant_suite(void)
{
	Suite *s = suite_create("grant");
	TCase *tc = tcase_create("grant");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, grant_records_amount_facts_and_reasons);
	tcase_add_test(tc, once_per_item_refuses_a_second_grant);
	tcase_add_test(tc, a_grant_follows_its_item);
	tcase_add_test(tc, ineligible_names_the_reasons);
	tcase_add_test(tc, the_same_benefit_twice_in_a_day_is_refused);
	tcase_add_test(tc, two_processes_grant_at_once);
	tcase_add_test(tc, several_eligible_items_are_listed_not_granted);
	tcase_add_test(tc, an_unknown_amount_is_never_recorded);
	tcase_add_test(tc, a_second_payment_for_one_item_is_refused);
	tcase_add_test(tc, a_rejected_payment_does_not_count);
	tcase_add_test(tc, an_item_in_words);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(grant_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
