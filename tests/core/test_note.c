/* Check tests for core/note: follow-ups added, done, moved and cancelled; the person's next
 * follow-up is always the earliest open one; dates in the past refused. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/note.h"
#include "core/person.h"
#include "util/date.h"
#include "testdb.h"

static struct db *db;
static char *pid;

/* A person on the caseload. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	db = testdb_open("note", "counselor1");
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
}

/* Close and remove everything. */
static void
teardown(void)
{
	testdb_close(db);
	free(pid);
}

/* 2018-03-01, the day the tests run on. */
static int
today(void)
{
	return date_from_ymd(2018, 3, 1);
}

/* The person's next follow-up as a day number, or -1 when there is none. */
static long long
next(void)
{
	return testdb_int(db, "SELECT coalesce(julianday(next_followup) - julianday('1970-01-01'), "
	    "-1) FROM person WHERE id = ?1", pid);
}

/* Add a note with a follow-up; its id (caller frees). */
static char *
add(const char *followup)
{
	struct diag d = DIAG_INIT;
	char *id = NULL;

	ck_assert_msg(note_add(db, pid, "电话回访", followup, today(), &id, &d) == 0, "%s", d.msg);
	ck_assert_ptr_nonnull(id);
	return id;
}

START_TEST(next_is_the_earliest_open)
{
	struct diag d = DIAG_INIT;
	char *late = add("2018-03-20"), *early = add("2018-03-05");

	ck_assert_int_eq(next(), date_from_ymd(2018, 3, 5));
	/* done: the later one is next, and the note says when */
	ck_assert_msg(note_done(db, early, today(), &d) == 0, "%s", d.msg);
	ck_assert_int_eq(next(), date_from_ymd(2018, 3, 20));
	ck_assert_int_eq(testdb_int(db, "SELECT done = 1 AND cancelled = 0 AND done_on = "
	    "'2018-03-01' FROM note WHERE id = ?1", early), 1);
	/* a new note with a later date changes nothing; one earlier comes first */
	char *later = add("2018-04-01");
	ck_assert_int_eq(next(), date_from_ymd(2018, 3, 20));
	/* cancelled: done and cancelled, and gone from next */
	ck_assert_msg(note_cancel(db, late, today(), &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT done = 1 AND cancelled = 1 AND done_on = "
	    "'2018-03-01' FROM note WHERE id = ?1", late), 1);
	ck_assert_int_eq(next(), date_from_ymd(2018, 4, 1));
	/* moved earlier: next follows */
	ck_assert_msg(note_move(db, later, "2018-03-02", today(), &d) == 0, "%s", d.msg);
	ck_assert_int_eq(next(), date_from_ymd(2018, 3, 2));
	ck_assert_msg(note_done(db, later, today(), &d) == 0, "%s", d.msg);
	ck_assert_int_eq(next(), -1);
	free(late);
	free(early);
	free(later);
}
END_TEST

START_TEST(next_open_note_for_the_worklist)
{
	struct diag d = DIAG_INIT;
	char *id = NULL, *a = add("2018-03-09"), *b = add("2018-03-03");

	ck_assert_int_eq(note_next_open(db, pid, &id, &d), 0);
	ck_assert_str_eq(id, b);
	free(id);
	ck_assert_int_eq(note_done(db, b, today(), &d), 0);
	ck_assert_int_eq(note_next_open(db, pid, &id, &d), 0);
	ck_assert_str_eq(id, a);
	free(id);
	ck_assert_int_eq(note_cancel(db, a, today(), &d), 0);
	ck_assert_int_eq(note_next_open(db, pid, &id, &d), 0);
	ck_assert_ptr_null(id);
	free(a);
	free(b);
}
END_TEST

START_TEST(only_an_open_follow_up_changes)
{
	struct diag d = DIAG_INIT;
	char *plain = NULL, *fu = add("2018-03-05");

	ck_assert_int_eq(note_add(db, pid, "来访咨询", NULL, today(), &plain, &d), 0);
	ck_assert_int_eq(note_done(db, plain, today(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "no follow-up date"));
	ck_assert_int_eq(note_done(db, "no-such-note", today(), &d), EX_DATAERR);
	ck_assert_int_eq(note_done(db, fu, today(), &d), 0);
	ck_assert_int_eq(note_done(db, fu, today(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "was done on 2018-03-01"));
	ck_assert_int_eq(note_move(db, fu, "2018-03-09", today(), &d), EX_DATAERR);
	ck_assert_int_eq(note_cancel(db, fu, today(), &d), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT cancelled FROM note WHERE id = ?1", fu), 0);
	free(plain);
	free(fu);
}
END_TEST

START_TEST(a_date_in_the_past_is_refused)
{
	struct diag d = DIAG_INIT;
	char *id = NULL;

	ck_assert_int_eq(note_add(db, pid, "电话回访", "2018-02-28", today(), &id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "in the past"));
	ck_assert_ptr_null(id);
	ck_assert_int_eq(note_add(db, pid, "电话回访", "2018-02-30", today(), &id, &d), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM note", NULL), 0);
	/* today itself is fine, and a move to the past is refused, the date kept */
	id = add("2018-03-01");
	ck_assert_int_eq(note_move(db, id, "2017-12-31", today(), &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "in the past"));
	ck_assert_int_eq(testdb_int(db, "SELECT followup_date = '2018-03-01' FROM note WHERE id = ?1",
	    id), 1);
	ck_assert_int_eq(note_move(db, id, "someday", today(), &d), EX_DATAERR);
	ck_assert_int_eq(next(), today());
	free(id);
}
END_TEST

START_TEST(a_note_keeps_its_line_breaks)
{
	struct diag d = DIAG_INIT;
	char *id = NULL;

	ck_assert_msg(note_add(db, pid, "电话回访\n本人愿意参加培训\n\n下周再联系", NULL, today(), &id,
	    &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT body = '电话回访' || char(10) || '本人愿意参加培训' || "
	    "char(10) || char(10) || '下周再联系' FROM note WHERE id = ?1", id), 1);
	free(id);
	/* other control characters stay refused in a note, and blank lines alone are no note */
	ck_assert_int_eq(note_add(db, pid, "电话\r回访", NULL, today(), &id, &d), EX_DATAERR);
	ck_assert_int_eq(note_add(db, pid, "第一行\n\x1b[31m第二行", NULL, today(), &id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "control"));
	ck_assert_int_eq(note_add(db, pid, "\n \n", NULL, today(), &id, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "empty"));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM note", NULL), 1);
}
END_TEST

START_TEST(every_change_is_audited)
{
	struct diag d = DIAG_INIT;
	char *id = add("2018-03-05");

	ck_assert_int_eq(note_move(db, id, "2018-03-06", today(), &d), 0);
	ck_assert_int_eq(note_done(db, id, today(), &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'note' AND "
	    "row_key = ?1", id), 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person' AND "
	    "op = 'update' AND row_key = ?1", pid), 3);
	free(id);
}
END_TEST

/* The suite. */
static Suite *
note_suite(void)
{
	Suite *s = suite_create("note");
	TCase *tc = tcase_create("note");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, next_is_the_earliest_open);
	tcase_add_test(tc, next_open_note_for_the_worklist);
	tcase_add_test(tc, only_an_open_follow_up_changes);
	tcase_add_test(tc, a_date_in_the_past_is_refused);
	tcase_add_test(tc, a_note_keeps_its_line_breaks);
	tcase_add_test(tc, every_change_is_audited);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(note_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
