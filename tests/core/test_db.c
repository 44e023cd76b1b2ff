/* Check tests for core/db (the wrapper: statements, typed readers, errors, transactions, the
 * pre-commit hook), core/dbopen (pragmas, refusal, check, backup) and core/schema (migration,
 * concurrent writers). */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/demo.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "core/schema.h"
#include "core/search.h"
#include "util/date.h"
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

/* db_ms_text's text made the way it was before its digits were written by hand (snprintf). */
static void
ms_text_by_printf(int64_t ms, char out[32])
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t in_day = ms - days * 86400000;
	int y, m, d;
	char buf[96];

	date_to_ymd((int)days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
	    (int)(in_day / 3600000), (int)(in_day / 60000 % 60), (int)(in_day / 1000 % 60),
	    (int)(in_day % 1000));
	snprintf(out, 32, "%.31s", buf);
}

START_TEST(times_as_text_digit_for_digit_as_printf_wrote_them)
{
	/* the epoch, a millisecond either side, the last of year 9999 and the first after it, the
	 * first day of year 0, an import's time, and a walk over 400 years in odd steps */
	int64_t ms[] = { 0, 1, -1, 86399999, 253402300799999LL, 253402300800000LL,
	    -62167219200000LL, 1764374400123LL, 951782400000LL };
	char got[32], want[32];

	for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
		ms_text_by_printf(ms[i], want);
		ck_assert_str_eq(db_ms_text(ms[i], got), want);
	}
	for (int64_t t = -2208988800000LL; t < 10413792000000LL; t += 7777777777LL + 1234) {
		ms_text_by_printf(t, want);
		ck_assert_str_eq(db_ms_text(t, got), want);
		int64_t back = 0;
		ck_assert_int_eq(db_ms_parse(got, &back), 0);
		ck_assert_int_eq(back, t);
	}
	ck_assert_str_eq(db_ms_text(1764374400123LL, got), "2025-11-29T00:00:00.123Z");
}
END_TEST

START_TEST(create_migrates_and_sets_pragmas)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	struct stat sb;

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	ck_assert_int_eq(schema_version(db), schema_latest());
	ck_assert_int_eq(testdb_int(db, "PRAGMA foreign_keys", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "PRAGMA synchronous", NULL), 2);  /* FULL */
	ck_assert_int_eq(testdb_int(db, "PRAGMA trusted_schema", NULL), 0);
	struct db_stmt *st = db_prepare(db, "PRAGMA journal_mode");
	ck_assert_int_eq(db_step(st, "journal_mode", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "wal");
	db_finalize(st);
	/* defensive: the search index's shadow tables are not for ordinary SQL to write */
	ck_assert_int_ne(db_exec(db, "DELETE FROM person_fts_data", &d), 0);
	ck_assert_ptr_nonnull(strstr(d.msg, "may not be modified"));
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* every table has an explicit primary key */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema s WHERE type = 'table' "
	    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_fts%' AND sql NOT LIKE "
	    "'%PRIMARY KEY%'", NULL), 0);
	db_close(db);
}
END_TEST

/* Add one person, 王丽; the test fails when it cannot. */
static void
add_person(struct db *db)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, "王丽", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

START_TEST(reopen_keeps_version_and_data)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	add_person(db);
	db_close(db);
	ck_assert_int_eq(dbopen_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(schema_version(db), schema_latest());
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 1);
	db_close(db);
}
END_TEST

START_TEST(missing_file_without_create)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(dbopen_open(path, "tester", false, &d, &db), EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(d.msg, "jobdesk init"));
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(newer_database_refused)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	char sql[64];

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", schema_latest() + 1);
	ck_assert_int_eq(db_exec(db, sql, &d), 0);
	db_close(db);
	ck_assert_int_eq(dbopen_open(path, "tester", false, &d, &db), EX_CONFIG);
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
	ck_assert_int_ne(dbopen_open(path, "tester", false, &d, &db), 0);
}
END_TEST

/* Add n persons, one transaction each, in a child process; exit 0 when all succeeded. */
static void
writer(int who, int n)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	char why[256];

	if (dbopen_open(path, who ? "b" : "a", false, &d, &db) != 0)
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

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
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
	ck_assert_int_eq(dbopen_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 300);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'", NULL), 300);
	db_close(db);
}
END_TEST

START_TEST(backup_copies)
{
	struct db *db, *copy;
	struct diag d = DIAG_INIT;
	char bpath[160];

	snprintf(bpath, sizeof bpath, "%s.backup", path);
	unlink(bpath);
	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	add_person(db);
	ck_assert_int_eq(dbopen_backup(db, bpath, &d), 0);
	db_close(db);
	ck_assert_int_eq(dbopen_open(bpath, "tester", false, &d, &copy), 0);
	ck_assert_int_eq(testdb_int(copy, "SELECT count(*) FROM person", NULL), 1);
	struct sbuf report = SBUF_INIT;
	ck_assert_int_eq(dbopen_check(copy, &report, &d), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&report), "integrity_check: ok"));
	sbuf_free(&report);
	db_close(copy);
	unlink(bpath);
	ck_assert_int_eq(dbopen_open(path, "tester", false, &d, &db), 0);
	ck_assert_int_eq(dbopen_backup(db, "/nonexistent-dir/x.db", &d), EX_CANTCREAT);
	db_close(db);
}
END_TEST

/* Add persons one by one until the file stop exists: exit 0, 20 when a write was refused as busy
 * (what a counselor would see), 21 on any other failure, 22 when it wrote nothing. */
static void
busy_writer(int who, const char *stop)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	char why[256];
	int n = 0;

	if (dbopen_open(path, who ? "b" : "a", false, &d, &db) != 0)
		_exit(21);
	for (int i = 0; access(stop, F_OK) != 0 && i < 33600; i++, n++) {
		struct person p = { 0 };
		char id[19];
		snprintf(id, sizeof id, "1101011980%02d%02d%01d%02d", 1 + i / 28 % 12, 1 + i % 28, who,
		    i / 336 % 100);
		id[17] = idnum_check_char(id);
		id[18] = '\0';
		person_set(&p, PF_NAME, who ? "赵六" : "王五", why, sizeof why);
		if (person_set(&p, PF_ID_NUMBER, id, why, sizeof why) != 0)
			_exit(21);
		int ret = person_add(db, &p, NULL, &d);
		person_clear(&p);
		if (ret == EX_UNAVAILABLE)
			_exit(20);
		if (ret != 0) {
			fprintf(stderr, "busy_writer %d: %s\n", who, d.msg);
			_exit(21);
		}
	}
	db_close(db);
	_exit(n > 0 ? 0 : 22);
}

/* No .partial file of name is left in the folder of name. */
static bool
no_partial_left(const char *name)
{
	char dir[160];
	const char *base = strrchr(name, '/') + 1;
	size_t blen = strlen(base);
	bool clean = true;

	snprintf(dir, sizeof dir, "%.*s", (int)(base - name), name);
	DIR *dh = opendir(dir);
	ck_assert_ptr_nonnull(dh);
	for (struct dirent *e; (e = readdir(dh)) != NULL; )
		if (strncmp(e->d_name, base, blen) == 0 && strstr(e->d_name + blen, "partial") != NULL)
			clean = false;
	closedir(dh);
	return clean;
}

/* A backup while two other processes write all along: it finishes, is one whole snapshot that
 * passes integrity_check with this schema version, mode 0600, and no writer was refused as busy;
 * a link at the name is replaced, not followed; a failed one leaves nothing. */
START_TEST(backup_under_writers)
{
	struct db *db, *copy;
	struct diag d = DIAG_INIT;
	struct demo_opts o = { .seed = 3, .persons = 20000, .batch = 5000 };
	struct demo_stats stats;
	char bpath[160], stop[160], victim[160];
	int64_t before, after, copied;
	pid_t pid[2];
	int status;

	snprintf(bpath, sizeof bpath, "%s.backup", path);
	snprintf(stop, sizeof stop, "%s.stop", path);
	snprintf(victim, sizeof victim, "%s.victim", path);
	unlink(bpath);
	unlink(stop);
	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	ck_assert_int_eq(demo_run(db, &o, &stats, &d), 0);
	/* a link at the backup's name to a file of someone else's */
	FILE *f = fopen(victim, "w");
	ck_assert_ptr_nonnull(f);
	fputs("not a database\n", f);
	fclose(f);
	ck_assert_int_eq(symlink(victim, bpath), 0);
	for (int w = 0; w < 2; w++) {
		pid[w] = fork();
		ck_assert_int_ge(pid[w], 0);
		if (pid[w] == 0)
			busy_writer(w, stop);
	}
	/* both writers are under way */
	before = testdb_int(db, "SELECT count(*) FROM person", NULL);
	for (int i = 0; i < 500 && testdb_int(db, "SELECT count(*) FROM person", NULL) < before + 20; i++)
		usleep(10000);
	before = testdb_int(db, "SELECT count(*) FROM person", NULL);
	ck_assert_int_eq(dbopen_backup(db, bpath, &d), 0);
	after = testdb_int(db, "SELECT count(*) FROM person", NULL);
	f = fopen(stop, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	for (int w = 0; w < 2; w++) {
		ck_assert_int_eq(waitpid(pid[w], &status, 0), pid[w]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d: exit %d (20: "
		    "busy)", w, WEXITSTATUS(status));
	}
	ck_assert_int_gt(after, before);   /* the writers went on during the backup */
	/* the copy: 0600, a regular file in place of the link, the victim untouched */
	struct stat sb;
	ck_assert_int_eq(lstat(bpath, &sb), 0);
	ck_assert(S_ISREG(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(victim, &sb), 0);
	ck_assert_int_eq(sb.st_size, 15);
	ck_assert(no_partial_left(bpath));
	ck_assert_int_eq(dbopen_open(bpath, "tester", false, &d, &copy), 0);
	copied = testdb_int(copy, "SELECT count(*) FROM person", NULL);
	ck_assert_int_ge(copied, before);
	ck_assert_int_le(copied, after);
	struct sbuf report = SBUF_INIT;
	ck_assert_int_eq(dbopen_check(copy, &report, &d), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&report), "integrity_check: ok"));
	char version[64];
	snprintf(version, sizeof version, "schema: version %d of %d, ok", schema_latest(),
	    schema_latest());
	ck_assert_ptr_nonnull(strstr(sbuf_str(&report), version));
	sbuf_free(&report);
	db_close(copy);
	/* a failed backup (the name is a folder with something in it) leaves nothing behind */
	unlink(bpath);
	testdb_remove(bpath);
	ck_assert_int_eq(mkdir(bpath, 0700), 0);
	char inner[200];
	snprintf(inner, sizeof inner, "%s/x", bpath);
	f = fopen(inner, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(dbopen_backup(db, bpath, &d), EX_CANTCREAT);
	ck_assert(no_partial_left(bpath));
	unlink(inner);
	rmdir(bpath);
	/* nor one stopped by a signal half way */
	pid_t b = fork();
	ck_assert_int_ge(b, 0);
	if (b == 0) {
		struct db *own;
		if (dbopen_open(path, "tester", false, &d, &own) != 0)
			_exit(1);
		_exit(dbopen_backup(own, bpath, &d));
	}
	usleep(150000);
	kill(b, SIGTERM);
	ck_assert_int_eq(waitpid(b, &status, 0), b);
	if (WIFSIGNALED(status)) {
		ck_assert_int_eq(WTERMSIG(status), SIGTERM);
		ck_assert_int_ne(access(bpath, F_OK), 0);
	} else {
		ck_assert_int_eq(WEXITSTATUS(status), 0);   /* done before the signal came */
		unlink(bpath);
	}
	ck_assert(no_partial_left(bpath));
	unlink(stop);
	unlink(victim);
	db_close(db);
}
END_TEST

/* Open a fresh database with a scratch table t (a unique text, b integer, c flag, e bytes). */
static struct db *
open_scratch(void)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	ck_assert_msg(db_exec(db, "CREATE TEMP TABLE t (a TEXT UNIQUE, b INTEGER NOT NULL, c INTEGER, "
	    "e BLOB)", &d) == 0, "%s", d.msg);
	return db;
}

START_TEST(statements_step_reset_and_read_typed_columns)
{
	struct db *db = open_scratch();
	struct diag d = DIAG_INIT;
	size_t len;

	/* one-shot runs: bind, run to the end, reset for the next row */
	struct db_stmt *ins = db_prepare(db, "INSERT INTO t (a, b, c, e) VALUES (?1, ?2, ?3, ?4)");
	db_bind_text(ins, 1, "王丽");
	db_bind_int(ins, 2, INT64_C(1) << 40);
	db_bind_flag(ins, 3, 1);
	db_bind_null(ins, 4);
	ck_assert_int_eq(db_run(ins, "adding a", &d), 0);
	ck_assert_int_eq(db_changes(db), 1);
	db_bind_text(ins, 1, NULL);
	db_bind_int(ins, 2, -7);
	db_bind_flag(ins, 3, -1);
	ck_assert_int_eq(db_run(ins, "adding b", &d), 0);
	db_finalize(ins);
	ck_assert_int_eq(db_exec(db, "UPDATE t SET e = x'00ff10' WHERE b = -7", &d), 0);

	struct db_stmt *st = db_prepare(db, "SELECT a, b, c, e FROM t ORDER BY b DESC");
	ck_assert_int_eq(db_col_count(st), 4);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "王丽");
	ck_assert(db_col_int(st, 1) == INT64_C(1) << 40);
	ck_assert_int_eq(db_col_flag(st, 2), 1);
	ck_assert(!db_col_null(st, 0));
	ck_assert(db_col_null(st, 3));
	ck_assert_ptr_null(db_col_bytes(st, 3, &len));
	ck_assert_uint_eq(len, 0);
	const char *text = db_col_bytes(st, 0, &len);
	ck_assert_uint_eq(len, strlen("王丽"));
	ck_assert(memcmp(text, "王丽", len) == 0);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_ROW);
	ck_assert_ptr_null(db_col_text(st, 0));
	ck_assert(db_col_null(st, 0));
	ck_assert_int_eq(db_col_int(st, 1), -7);
	ck_assert_int_eq(db_col_flag(st, 2), -1);
	const unsigned char *bytes = db_col_bytes(st, 3, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert(bytes[0] == 0x00 && bytes[1] == 0xff && bytes[2] == 0x10);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_DONE);
	/* reset rewinds */
	db_reset(st);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "王丽");
	db_finalize(st);

	/* reset also unbinds: ?1 is NULL again, which matches no row */
	st = db_prepare(db, "SELECT count(*) FROM t WHERE b = ?1");
	db_bind_int(st, 1, -7);
	ck_assert_int_eq(db_step(st, "counting", &d), DB_ROW);
	ck_assert_int_eq(db_col_int(st, 0), 1);
	db_reset(st);
	ck_assert_int_eq(db_step(st, "counting", &d), DB_ROW);
	ck_assert_int_eq(db_col_int(st, 0), 0);
	db_finalize(st);
	db_finalize(NULL);

	/* one number */
	int64_t v = 99;
	ck_assert_int_eq(db_query_int(db, "SELECT sum(b) FROM t", &v, "summing", &d), 0);
	ck_assert(v == (INT64_C(1) << 40) - 7);
	v = 99;
	ck_assert_int_eq(db_query_int(db, "SELECT b FROM t WHERE 0", &v, "nothing", &d), 0);
	ck_assert_int_eq(v, 99);
	db_close(db);
}
END_TEST

START_TEST(failed_steps_say_what_with_the_exit_status)
{
	struct db *db = open_scratch();
	struct diag d = DIAG_INIT;
	struct db_stmt *ins = db_prepare(db, "INSERT INTO t (a, b) VALUES (?1, ?2)");

	db_bind_text(ins, 1, "x");
	db_bind_int(ins, 2, 1);
	ck_assert_int_eq(db_run(ins, "adding x", &d), 0);
	ck_assert(!db_failed_unique(ins));
	/* a UNIQUE constraint: EX_DATAERR naming what, and said to be one */
	db_bind_text(ins, 1, "x");
	db_bind_int(ins, 2, 2);
	ck_assert_int_eq(db_run(ins, "adding x again", &d), EX_DATAERR);
	ck_assert(db_failed_unique(ins));
	ck_assert_str_eq(d.msg, "adding x again: the database refused the change, so nothing was "
	    "saved (SQLite: UNIQUE constraint failed: t.a)");
	/* another constraint is not a UNIQUE one */
	db_bind_text(ins, 1, "y");
	ck_assert_int_eq(db_run(ins, "adding y", &d), EX_DATAERR);
	ck_assert(!db_failed_unique(ins));
	ck_assert_str_eq(d.msg, "adding y: the database refused the change, so nothing was saved "
	    "(SQLite: NOT NULL constraint failed: t.b)");
	/* the statement is reset after a failure and works again */
	db_bind_text(ins, 1, "y");
	db_bind_int(ins, 2, 3);
	ck_assert_int_eq(db_run(ins, "adding y", &d), 0);
	db_finalize(ins);
	/* any other failure is EX_SOFTWARE, naming the file */
	int64_t v = 0;
	char want[512];
	ck_assert_int_eq(db_query_int(db, "SELECT abs(-9223372036854775807 - 1)", &v, "overflowing",
	    &d), EX_SOFTWARE);
	snprintf(want, sizeof want, "%s: overflowing: the database failed, so nothing was saved; try "
	    "again, and report it if it happens again (SQLite: integer overflow)", path);
	ck_assert_str_eq(d.msg, want);
	/* db_exec names the SQL */
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (a, b) VALUES ('x', 4)", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "INSERT INTO t (a, b) VALUES ('x', 4)...: the database "
	    "refused the change, so nothing was saved (SQLite: UNIQUE constraint failed: t.a)"));
	db_close(db);
}
END_TEST

START_TEST(kept_statements_are_shared_released_and_recycled)
{
	struct db *db = open_scratch();
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(db_exec(db, "INSERT INTO t (a, b) VALUES ('a', 1), ('b', 2), ('c', 3)", &d),
	    0);
	struct db_stmt *st = db_cached(db, "SELECT a FROM t WHERE b >= ?1 ORDER BY b");
	db_bind_int(st, 1, 2);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "b");
	/* the same text (not the same pointer) gives the same statement, rewound and unbound */
	char *again = strdup("SELECT a FROM t WHERE b >= ?1 ORDER BY b");
	ck_assert_ptr_eq(db_cached(db, again), st);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_DONE);  /* b >= NULL: nothing */
	db_reset(st);
	db_bind_int(st, 1, 1);
	ck_assert_int_eq(db_step(st, "reading", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "a");
	/* finalizing a kept statement only releases it */
	db_finalize(st);
	ck_assert_ptr_eq(db_cached(db, again), st);
	free(again);
	/* more texts than it keeps: the oldest go, and every one still works */
	char texts[80][48];
	for (int i = 0; i < 80; i++) {
		snprintf(texts[i], sizeof texts[i], "SELECT count(*) + %d FROM t", i);
		struct db_stmt *k = db_cached(db, texts[i]);
		ck_assert_int_eq(db_step(k, "counting", &d), DB_ROW);
		ck_assert_int_eq(db_col_int(k, 0), 3 + i);
		db_reset(k);
	}
	struct db_stmt *k = db_cached(db, texts[0]);
	ck_assert_int_eq(db_step(k, "counting", &d), DB_ROW);
	ck_assert_int_eq(db_col_int(k, 0), 3);
	db_close(db);  /* fatal if a kept statement were left unfinalized */
}
END_TEST

/* How many times count_hook ran, and what it returns. */
static int hook_calls, hook_result;

/* A pre-commit hook that counts its calls, adds a row, and fails when told to. */
static int
count_hook(struct db *db, struct diag *d)
{
	hook_calls++;
	if (db_exec(db, "INSERT INTO t (a, b) VALUES (NULL, 100)", d) != 0)
		return d->code;
	return hook_result == 0 ? 0 : diag_set(d, hook_result, "the hook refused");
}

/* Transaction work: add the row named by arg, then fail when it begins with '!'. */
static int
add_work(struct db *db, void *arg, struct diag *d)
{
	const char *a = arg;
	struct db_stmt *st = db_prepare(db, "INSERT INTO t (a, b) VALUES (?1, 1)");
	int ret;

	db_bind_text(st, 1, a);
	ret = db_run(st, "adding", d);
	db_finalize(st);
	if (ret == 0 && a[0] == '!')
		ret = diag_set(d, EX_DATAERR, "%s: refused", a);
	return ret;
}

START_TEST(transactions_commit_or_roll_back)
{
	struct db *db = open_scratch();
	struct diag d = DIAG_INIT;

	/* work that succeeds is committed */
	ck_assert_int_eq(db_transaction(db, add_work, "kept", &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM t WHERE a = 'kept'", NULL), 1);
	/* work that fails is rolled back, and its code and diag come back */
	ck_assert_int_eq(db_transaction(db, add_work, "!gone", &d), EX_DATAERR);
	ck_assert_str_eq(d.msg, "!gone: refused");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM t WHERE a = '!gone'", NULL), 0);
	/* a failed step in the work: rolled back with the step's diag */
	ck_assert_int_eq(db_transaction(db, add_work, "kept", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "(SQLite: UNIQUE constraint failed"));
	/* no transaction is left open: another begins */
	ck_assert_int_eq(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
	/* ... and one cannot begin inside it: the work is not run */
	ck_assert_int_ne(db_transaction(db, add_work, "inner", &d), 0);
	ck_assert_int_eq(db_exec(db, "ROLLBACK", &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM t WHERE a = 'inner'", NULL), 0);
	db_close(db);
}
END_TEST

START_TEST(the_pre_commit_hook_runs_inside_each_commit)
{
	struct db *db = open_scratch();
	struct diag d = DIAG_INIT;

	hook_calls = hook_result = 0;
	db_set_precommit(db, count_hook);
	/* it runs once a commit, inside the transaction: what it writes is committed too */
	ck_assert_int_eq(db_transaction(db, add_work, "one", &d), 0);
	ck_assert_int_eq(hook_calls, 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM t WHERE b = 100", NULL), 1);
	/* not when the work fails */
	ck_assert_int_ne(db_transaction(db, add_work, "!two", &d), 0);
	ck_assert_int_eq(hook_calls, 1);
	/* a hook that fails rolls the whole transaction back, with its code */
	hook_result = EX_IOERR;
	ck_assert_int_eq(db_transaction(db, add_work, "three", &d), EX_IOERR);
	ck_assert_str_eq(d.msg, "the hook refused");
	ck_assert_int_eq(hook_calls, 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM t WHERE a = 'three' OR b = 100", NULL),
	    1);
	/* it runs again for the next transaction */
	hook_result = 0;
	ck_assert_int_eq(db_transaction(db, add_work, "five", &d), 0);
	ck_assert_int_eq(hook_calls, 3);
	/* none registered: a plain commit */
	db_set_precommit(db, NULL);
	ck_assert_int_eq(db_transaction(db, add_work, "four", &d), 0);
	ck_assert_int_eq(hook_calls, 3);
	db_close(db);
}
END_TEST

/* Rename the person by plain SQL and see its search tokens wait for the commit. */
static int
rename_pending(struct db *wdb, void *arg, struct diag *d)
{
	(void)arg;
	ck_assert_int_eq(db_exec(wdb, "UPDATE person SET name = '赵敏'", d), 0);
	ck_assert_int_eq(testdb_int(wdb, "SELECT count(*) FROM person_search WHERE pending", NULL), 1);
	return 0;
}

START_TEST(dbopen_keeps_the_search_index_up_to_date_at_each_commit)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(dbopen_open(path, "tester", true, &d, &db), 0);
	add_person(db);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person_search WHERE pending", NULL), 0);
	/* a write outside any module: the trigger marks the tokens pending, and the commit
	 * indexes them (rename_pending looks inside the transaction) */
	ck_assert_int_eq(db_transaction(db, rename_pending, NULL, &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person_search WHERE pending", NULL), 0);
	struct search_hit *hits;
	int n;
	ck_assert_int_eq(search_run(db, "赵敏", 10, &hits, &n, &d), 0);
	ck_assert_int_eq(n, 1);
	search_free(hits, n);
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
	/* backup_under_writers first makes a 20,000-person demo: 50-70 s on a busy 2-core machine
	 * since the caseload's indexes (schema step 7) made the demo's writes 1.2x slower */
	tcase_set_timeout(tc, 100);
	tcase_add_test(tc, create_migrates_and_sets_pragmas);
	tcase_add_test(tc, times_as_text_digit_for_digit_as_printf_wrote_them);
	tcase_add_test(tc, reopen_keeps_version_and_data);
	tcase_add_test(tc, missing_file_without_create);
	tcase_add_test(tc, newer_database_refused);
	tcase_add_test(tc, not_a_database);
	tcase_add_test(tc, two_processes_write_at_once);
	tcase_add_test(tc, backup_copies);
	tcase_add_test(tc, backup_under_writers);
	tcase_add_test(tc, statements_step_reset_and_read_typed_columns);
	tcase_add_test(tc, failed_steps_say_what_with_the_exit_status);
	tcase_add_test(tc, kept_statements_are_shared_released_and_recycled);
	tcase_add_test(tc, transactions_commit_or_roll_back);
	tcase_add_test(tc, the_pre_commit_hook_runs_inside_each_commit);
	tcase_add_test(tc, dbopen_keeps_the_search_index_up_to_date_at_each_commit);
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
