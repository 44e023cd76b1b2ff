/* Check tests for core/db and core/schema: pragmas, migrations, refusal, concurrent writers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/person.h"
#include "core/schema.h"
#include "util/idnum.h"
#include "testdb.h"

static char path[128];

/* A fresh temporary database path for each test. */
static void
setup(void)
{
	snprintf(path, sizeof path, "%s", testdb_path("db"));
	testdb_remove(path);
}

/* Remove the test database and its WAL files. */
static void
teardown(void)
{
	testdb_remove(path);
}

/* One integer from a query. */
static long long
query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(create_migrates_and_sets_pragmas)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	struct stat sb;

	ck_assert_int_eq(db_open(path, "tester", true, &d, &db), 0);
	ck_assert_int_eq(schema_version(db), schema_latest());
	ck_assert_int_eq(query_int(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(query_int(db, "PRAGMA synchronous"), 2);  /* FULL */
	ck_assert_int_eq(query_int(db, "PRAGMA trusted_schema"), 0);
	sqlite3_stmt *st = db_prepare(db, "PRAGMA journal_mode");
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "wal");
	sqlite3_finalize(st);
	int defensive = 0;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
	ck_assert_int_eq(defensive, 1);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* every table has an explicit primary key */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM sqlite_schema s WHERE type = 'table' "
	    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_fts%' AND sql NOT LIKE "
	    "'%PRIMARY KEY%'"), 0);
	db_close(db);
}
END_TEST

START_TEST(reopen_keeps_version_and_data)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(db_open(path, "tester", true, &d, &db), 0);
	ck_assert_int_eq(person_set(&p, PF_NAME, "王丽", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why), 0);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	person_clear(&p);
	db_close(db);
	ck_assert_int_eq(db_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(schema_version(db), schema_latest());
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM person"), 1);
	db_close(db);
}
END_TEST

START_TEST(missing_file_without_create)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(db_open(path, "tester", false, &d, &db), EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(d.msg, "jobdesk init"));
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(newer_database_refused)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	sqlite3 *h;

	ck_assert_int_eq(db_open(path, "tester", true, &d, &db), 0);
	db_close(db);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", schema_latest() + 1);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(db_open(path, "tester", false, &d, &db), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "newer"));
}
END_TEST

START_TEST(not_a_database)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	FILE *f = fopen(path, "w");

	fputs("this is not SQLite, just some text that is long enough to be a header......"
	    "...............................................", f);
	fclose(f);
	ck_assert_int_ne(db_open(path, "tester", false, &d, &db), 0);
}
END_TEST

/* Add n persons, one transaction each, in a child process; exit 0 when all succeeded. */
static void
writer(int who, int n)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	char why[256];

	if (db_open(path, who ? "b" : "a", false, &d, &db) != 0)
		_exit(10);
	for (int i = 0; i < n; i++) {
		struct person p = { 0 };
		char id[19];
		/* a valid, unique ID number per writer and i */
		snprintf(id, sizeof id, "2201021990%02d%02d%01d%02d", 1 + i / 28 % 12, 1 + i % 28, who,
		    i / 336 % 100);
		id[17] = idnum_check_char(id);
		id[18] = '\0';
		person_set(&p, PF_NAME, who ? "李四" : "张三", why, sizeof why);
		if (person_set(&p, PF_ID_NUMBER, id, why, sizeof why) != 0)
			_exit(11);
		if (person_add(db, &p, NULL, &d) != 0) {
			fprintf(stderr, "writer %d: %s\n", who, d.msg);
			_exit(12);
		}
		person_clear(&p);
	}
	db_close(db);
	_exit(0);
}

START_TEST(two_processes_write_at_once)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	int status;
	pid_t pid[2];

	ck_assert_int_eq(db_open(path, "tester", true, &d, &db), 0);
	db_close(db);
	for (int w = 0; w < 2; w++) {
		pid[w] = fork();
		ck_assert_int_ge(pid[w], 0);
		if (pid[w] == 0)
			writer(w, 150);
	}
	for (int w = 0; w < 2; w++) {
		ck_assert_int_eq(waitpid(pid[w], &status, 0), pid[w]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed: %d", w,
		    WEXITSTATUS(status));
	}
	ck_assert_int_eq(db_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM person"), 300);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'"), 300);
	db_close(db);
}
END_TEST

START_TEST(backup_copies)
{
	struct db *db, *copy;
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256], bpath[160];

	snprintf(bpath, sizeof bpath, "%s.backup", path);
	unlink(bpath);
	ck_assert_int_eq(db_open(path, "tester", true, &d, &db), 0);
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	person_clear(&p);
	ck_assert_int_eq(db_backup(db, bpath, &d), 0);
	db_close(db);
	ck_assert_int_eq(db_open(bpath, "tester", false, &d, &copy), 0);
	ck_assert_int_eq(query_int(copy, "SELECT count(*) FROM person"), 1);
	struct sbuf report = SBUF_INIT;
	ck_assert_int_eq(db_check(copy, &report, &d), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&report), "quick_check: ok"));
	sbuf_free(&report);
	db_close(copy);
	unlink(bpath);
	ck_assert_int_eq(db_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(db_backup(db, "/nonexistent-dir/x.db", &d), EX_CANTCREAT);
	db_close(db);
}
END_TEST

/* The suite. */
static Suite *
db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, create_migrates_and_sets_pragmas);
	tcase_add_test(tc, reopen_keeps_version_and_data);
	tcase_add_test(tc, missing_file_without_create);
	tcase_add_test(tc, newer_database_refused);
	tcase_add_test(tc, not_a_database);
	tcase_add_test(tc, two_processes_write_at_once);
	tcase_add_test(tc, backup_copies);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(db_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
