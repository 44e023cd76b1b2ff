/* Check tests for core/progress: recording progress, the stage that follows, and the checks
 * progress_fields declares. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"
#include "core/progress.h"
#include "testdb.h"

static struct db *db;
static char *pid;

/* A person with nothing recorded yet. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	db = testdb_open("progress", "counselor1");
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
	free(pid);
}

/* Record an enrollment of a kind and status, with an optional certificate. */
static int
record(const char *kind, const char *status, int level, struct diag *d)
{
	struct enrollment e;

	progress_init(&e);
	e.person_id = pid;
	e.kind = kind;
	e.status = status;
	e.start_date = "2017-11-01";
	int ret = progress_record(db, &e, level, level > 0 ? "2017-12-20" : NULL,
	    level > 0 ? "电工" : NULL, false, d);
	free(e.id);
	return ret;
}

/* The person's stage. */
static char *
stage(void)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
	char *s = strdup(p.v[PF_STAGE]);
	person_clear(&p);
	return s;
}

/* A fact of the person's facts tree, as text. */
static char *
fact(const char *path)
{
	struct node *f;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(facts_person(db, pid, &f, &d), 0);
	const struct node *n = node_path(f, path);
	char *s = n != NULL && n->text != NULL ? strdup(n->text) : NULL;
	node_free(f);
	return s;
}

START_TEST(stage_follows_progress)
{
	struct diag d = DIAG_INIT;
	char *s;

	ck_assert_str_eq((s = stage()), "registered");
	free(s);
	ck_assert_int_eq(record("training", "active", 0, &d), 0);
	ck_assert_str_eq((s = stage()), "training");
	free(s);
	ck_assert_int_eq(record("employment", "completed", 0, &d), 0);
	ck_assert_str_eq((s = stage()), "training");  /* the active training still leads */
	free(s);
	ck_assert_int_eq(facts_answer(db, pid, "trainings[0].status", "completed", &d), 0);
	ck_assert_str_eq((s = stage()), "employed");
	free(s);
}
END_TEST

START_TEST(certificate_recorded_with_its_training)
{
	struct diag d = DIAG_INIT;
	char *s;

	ck_assert_int_eq(record("training", "completed", 4, &d), 0);
	ck_assert_str_eq((s = fact("certificates.0.level")), "4");
	free(s);
	ck_assert_str_eq((s = fact("certificates.0.issued_on")), "2017-12-20");
	free(s);
	ck_assert_int_eq(record("training", "completed", 6, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "level"));
}
END_TEST

START_TEST(enrollment_checked_by_its_fields)
{
	struct diag d = DIAG_INIT;
	struct enrollment e;

	progress_init(&e);
	ck_assert_int_eq(e.class_hours, -1);
	ck_assert_int_eq(e.first_time, -1);
	ck_assert_int_eq(e.assessed_pass, -1);
	e.person_id = pid;
	e.kind = "grassroots";
	e.status = "active";
	e.program = "xibu";
	ck_assert_int_eq(progress_check(&e, &d), 0);
	e.program = "abroad";
	ck_assert_int_eq(progress_check(&e, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "xuandiao|sanzhi_yifu|xibu|tegang|public_service"));
	e.program = NULL;
	e.class_hours = 10001;
	ck_assert_int_eq(progress_check(&e, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "class hours"));
	e.class_hours = -1;
	e.assessed_pass = 2;
	ck_assert_int_eq(progress_check(&e, &d), EX_DATAERR);
	e.assessed_pass = 1;
	e.license_date = "2017-02-30";
	ck_assert_int_eq(progress_check(&e, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "licence date"));
	e.license_date = NULL;
	e.status = "paused";
	ck_assert_int_eq(progress_check(&e, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "status"));
}
END_TEST

START_TEST(columns_listed_once)
{
	struct sbuf s = SBUF_INIT;

	progress_columns(&s, PGT_CERTIFICATE);
	ck_assert_str_eq(sbuf_str(&s), "level, issued_on, occupation");
	sbuf_reset(&s);
	progress_columns(&s, PGT_ENROLLMENT);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&s), "kind, status, start_date, end_date, coalesce("));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&s), "class_hours"));
	ck_assert_ptr_null(strstr(sbuf_str(&s), "level"));
	sbuf_free(&s);
	for (int f = 0; f < PROGRESS_NFIELDS; f++)
		ck_assert_int_eq(progress_fields[f].table == PGT_CERTIFICATE, f >= PG_NENROLLMENT);
}
END_TEST

/* The suite. */
static Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("progress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, stage_follows_progress);
	tcase_add_test(tc, certificate_recorded_with_its_training);
	tcase_add_test(tc, enrollment_checked_by_its_fields);
	tcase_add_test(tc, columns_listed_once);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
