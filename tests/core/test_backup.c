/* Check tests for core/backup: generations (N kept, each checked, a failed one removed and the
 * older ones kept), the encrypted copy (round trip, a changed byte anywhere refused, a wrong
 * passphrase refused), restore into a database a second session holds open, the sync epoch,
 * another office's backup refused, and the start-up check naming the newest generation. */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/backup.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/demo.h"
#include "core/person.h"
#include "core/schema.h"
#include "core/session.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "testdb.h"

static char path[128], dir[160], usb[160];
static const char pass[] = "绿色的山 green hills 2018";

/* Remove every file in a folder, then the folder. */
static void
rm_dir(const char *d)
{
	DIR *dh = opendir(d);
	char p[512];

	if (dh == NULL)
		return;
	for (struct dirent *e; (e = readdir(dh)) != NULL; ) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || e->d_name[1] == '.'))
			continue;
		snprintf(p, sizeof p, "%s/%s", d, e->d_name);
		unlink(p);
	}
	closedir(dh);
	rmdir(d);
}

/* A fresh database path, its backup folder and a folder standing for a USB stick. */
static void
setup(void)
{
	snprintf(path, sizeof path, "%s", testdb_path("backup"));
	snprintf(dir, sizeof dir, "%s.backups", path);
	snprintf(usb, sizeof usb, "%s.usb", path);
	testdb_remove(path);
	rm_dir(dir);
	rm_dir(usb);
	ck_assert_int_eq(mkdir(usb, 0700), 0);
}

/* Remove the database, its backups and the stick. */
static void
teardown(void)
{
	testdb_remove(path);
	rm_dir(dir);
	rm_dir(usb);
}

/* Add a person with a valid ID number made from n; the test fails when it cannot. */
static void
add_person(struct db *db, int n)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256], id[19];

	snprintf(id, sizeof id, "22010219900101%03d", n % 1000);
	id[17] = idnum_check_char(id);
	id[18] = '\0';
	ck_assert_int_eq(person_set(&p, PF_NAME, "王丽", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, id, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

/* Open the session on the test database (created). */
static void
open_session(struct session *s)
{
	struct diag d = DIAG_INIT;

	session_init(s, "tester");
	ck_assert_msg(session_open_db(s, path, true, &d) == 0, "%s", d.msg);
}

/* How many files in dir begin with prefix. */
static int
count_files(const char *d, const char *prefix)
{
	DIR *dh = opendir(d);
	int n = 0;

	if (dh == NULL)
		return 0;
	for (struct dirent *e; (e = readdir(dh)) != NULL; )
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(dh);
	return n;
}

/* Persons in the database at p, read by a connection of its own. */
static long long
persons_in(const char *p)
{
	struct db *db;
	struct diag d = DIAG_INIT;

	ck_assert_msg(dbopen_open_as_is(p, "tester", &d, &db) == 0, "%s", d.msg);
	long long n = testdb_int(db, "SELECT count(*) FROM person", NULL);
	db_close(db);
	return n;
}

START_TEST(generations_keep_n_each_checked)
{
	struct session s;
	struct diag d = DIAG_INIT;
	char *made[5], *newest;
	struct stat sb;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_int_eq(db_exec(s.db, "INSERT INTO setting VALUES ('backup_keep', '3')", &d), 0);
	for (int i = 0; i < 5; i++) {
		add_person(s.db, 10 + i);
		ck_assert_msg(backup_generation(&s, &made[i], &d) == 0, "%s", d.msg);
		ck_assert_int_eq(stat(made[i], &sb), 0);
		ck_assert_int_eq(sb.st_mode & 0777, 0600);
		ck_assert_ptr_nonnull(strstr(made[i], "/2018-03-01_"));
	}
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	/* three kept: the newest three; the two oldest removed */
	ck_assert_int_eq(count_files(dir, "2018-03-01_"), 3);
	ck_assert_int_ne(access(made[0], F_OK), 0);
	ck_assert_int_ne(access(made[1], F_OK), 0);
	for (int i = 2; i < 5; i++)
		ck_assert_int_eq(access(made[i], F_OK), 0);
	newest = backup_newest(path);
	ck_assert_str_eq(newest, made[4]);
	/* the newest holds what was acknowledged before it */
	ck_assert_int_eq(persons_in(made[4]), 6);
	ck_assert_int_eq(persons_in(made[2]), 4);
	/* the day's backup: one of today is there, so the screen takes none */
	char *daily;
	ck_assert_int_eq(backup_daily(&s, &daily, &d), 0);
	ck_assert_ptr_null(daily);
	ck_assert_int_eq(count_files(dir, "2018-03-01_"), 3);
	for (int i = 0; i < 5; i++)
		free(made[i]);
	free(newest);
	session_close(&s);
}
END_TEST

START_TEST(the_days_first_backup)
{
	struct session s;
	struct diag d = DIAG_INIT;
	char *daily = NULL;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_ptr_null(backup_newest(path));
	ck_assert_msg(backup_daily(&s, &daily, &d) == 0, "%s", d.msg);
	ck_assert_ptr_nonnull(daily);
	ck_assert_int_eq(persons_in(daily), 1);
	free(daily);
	/* a second session the same day takes none */
	ck_assert_int_eq(backup_daily(&s, &daily, &d), 0);
	ck_assert_ptr_null(daily);
	ck_assert_int_eq(count_files(dir, "2018-03-01_"), 1);
	session_close(&s);
}
END_TEST

/* Write bytes over the beginning of page pg (its header) of the closed database file at p. */
static void
damage_page(const char *p, long long pg)
{
	char junk[512];
	int fd = open(p, O_WRONLY);

	ck_assert_int_ge(fd, 0);
	memset(junk, 0x5a, sizeof junk);
	ck_assert_int_eq(pwrite(fd, junk, sizeof junk, (off_t)((pg - 1) * 4096)),
	    (ssize_t)sizeof junk);
	close(fd);
}

START_TEST(a_generation_that_fails_its_check_is_removed)
{
	struct session s;
	struct diag d = DIAG_INIT;
	char *good, *bad = NULL;

	open_session(&s);
	for (int i = 0; i < 30; i++)
		add_person(s.db, i);
	ck_assert_msg(backup_generation(&s, &good, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(db_exec(s.db, "INSERT INTO setting VALUES ('backup_keep', '1')", &d), 0);
	/* an index of the database is damaged on the disk (the header and the tables still read) */
	long long root = testdb_int(s.db, "SELECT rootpage FROM sqlite_schema WHERE type = 'index' "
	    "AND tbl_name = 'person' AND sql IS NOT NULL ORDER BY rootpage DESC LIMIT 1", NULL);
	session_close(&s);
	damage_page(path, root);
	open_session(&s);
	ck_assert_int_eq(backup_generation(&s, &bad, &d), EX_DATAERR);
	ck_assert_ptr_null(bad);
	ck_assert_ptr_nonnull(strstr(d.msg, "failed its check and was removed"));
	/* removed; and the good one is kept although backup_keep is 1 */
	ck_assert_int_eq(count_files(dir, "2018-03-01_"), 1);
	ck_assert_int_eq(access(good, F_OK), 0);
	char *newest = backup_newest(path);
	ck_assert_str_eq(newest, good);
	/* restoring the good one mends the database */
	struct backup_restored r;
	ck_assert_msg(backup_restore(&s, path, good, NULL, &r, &d) == 0, "%s", d.msg);
	backup_restored_free(&r);
	session_close(&s);
	open_session(&s);
	struct sbuf report = SBUF_INIT;
	ck_assert_msg(dbopen_check(s.db, &report, &d) == 0, "%s", sbuf_str(&report));
	sbuf_free(&report);
	session_close(&s);
	free(good);
	free(newest);
}
END_TEST

/* The bytes of a file (*n of them). Caller frees. */
static unsigned char *
slurp(const char *p, size_t *n)
{
	struct stat sb;
	int fd = open(p, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &sb), 0);
	size_t len = sb.st_size > 0 ? (size_t)sb.st_size : 0;
	if (len > (64u << 20))   /* the test's copies are a few MiB */
		len = 64u << 20;
	unsigned char *b = malloc(len + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(read(fd, b, len), (ssize_t)len);
	close(fd);
	*n = len;
	return b;
}

/* Write n bytes to a new file p (replacing it). */
static void
spit(const char *p, const unsigned char *b, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, b, n), (ssize_t)n);
	close(fd);
}

START_TEST(encrypted_copy_round_trip_and_refusals)
{
	struct session s;
	struct diag d = DIAG_INIT;
	struct demo_opts o = { .seed = 5, .persons = 1500, .batch = 1500 };
	struct demo_stats stats;
	struct backup_restored r;
	char *gen, *made, changed[200];
	size_t n;

	open_session(&s);
	ck_assert_int_eq(demo_run(s.db, &o, &stats, &d), 0);
	/* a short passphrase is refused before anything is written */
	ck_assert_int_eq(backup_to_usb(&s, usb, "short", &gen, &made, &d), EX_DATAERR);
	ck_assert_int_eq(count_files(usb, "jobdesk-"), 0);
	ck_assert_msg(backup_to_usb(&s, usb, pass, &gen, &made, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(count_files(usb, "jobdesk-000000-2018-03-01_"), 1);
	ck_assert(backup_is_encrypted(made));
	ck_assert(!backup_is_encrypted(gen));
	struct stat sb;
	ck_assert_int_eq(stat(made, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	unsigned char *enc = slurp(made, &n);
	ck_assert_uint_gt(n, 3u << 20);   /* several chunks */
	/* nothing of the database is readable in it: no name, no ID number */
	ck_assert_ptr_null(memmem(enc, n, "SQLite format 3", 15));
	ck_assert_ptr_null(memmem(enc, n, "person", 6));
	/* changes after the copy are undone by restoring it */
	long long before = testdb_int(s.db, "SELECT count(*) FROM person", NULL);
	add_person(s.db, 999);
	ck_assert_msg(backup_restore(&s, path, made, pass, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.persons, before);
	ck_assert_ptr_nonnull(r.kept);
	ck_assert_int_eq(persons_in(r.kept), before + 1);   /* the replaced database is kept */
	backup_restored_free(&r);
	ck_assert_int_eq(testdb_int(s.db, "SELECT count(*) FROM person", NULL), before);
	add_person(s.db, 998);
	/* a wrong passphrase is refused, and nothing changes */
	ck_assert_int_eq(backup_restore(&s, path, made, "not the passphrase", &r, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, BACKUP_WRONG_PASS);
	ck_assert_int_eq(testdb_int(s.db, "SELECT count(*) FROM person", NULL), before + 1);
	/* a byte changed anywhere: the magic aside, the header's office length, a limit, the salt,
	 * the stream header, the first, a middle and the last chunk; then cut short and added to */
	size_t at[] = { 10, 13, 30, 42, 60, 1000, n / 2, n - 1 };
	snprintf(changed, sizeof changed, "%s/changed.jdbackup", usb);
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		enc[at[i]] ^= 0x01;
		spit(changed, enc, n);
		enc[at[i]] ^= 0x01;
		int ret = backup_restore(&s, path, changed, pass, &r, &d);
		ck_assert_msg(ret == EX_DATAERR, "byte %zu: %d %s", at[i], ret, d.msg);
		ck_assert_msg(d.reason == BACKUP_TAMPERED || d.reason == BACKUP_WRONG_PASS, "byte %zu",
		    at[i]);
	}
	spit(changed, enc, n - 1000);
	ck_assert_int_eq(backup_restore(&s, path, changed, pass, &r, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, BACKUP_TAMPERED);
	spit(changed, enc, (1u << 20) + 17 + 64);   /* the first chunk whole, the rest missing */
	ck_assert_int_eq(backup_restore(&s, path, changed, pass, &r, &d), EX_DATAERR);
	unsigned char *more = malloc(n + 1);
	memcpy(more, enc, n);
	more[n] = 0;
	spit(changed, more, n + 1);
	ck_assert_int_eq(backup_restore(&s, path, changed, pass, &r, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, BACKUP_TAMPERED);
	ck_assert_int_eq(testdb_int(s.db, "SELECT count(*) FROM person", NULL), before + 1);
	/* no decrypted file is left behind */
	ck_assert_int_eq(count_files(dir, "restoring"), 0);
	free(more);
	free(enc);
	free(gen);
	free(made);
	session_close(&s);
}
END_TEST

START_TEST(restore_under_a_second_open_session)
{
	struct session s;
	struct db *other;
	struct diag d = DIAG_INIT;
	struct backup_restored r;
	char *gen;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_msg(backup_generation(&s, &gen, &d) == 0, "%s", d.msg);
	add_person(s.db, 2);
	add_person(s.db, 3);
	/* a second session holds the database open, has read it and keeps its statements */
	ck_assert_int_eq(dbopen_open(path, "other", false, &d, &other), 0);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM person", NULL), 3);
	ck_assert_msg(backup_restore(&s, path, gen, NULL, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.persons, 1);
	ck_assert_int_eq(r.epoch, 1);
	backup_restored_free(&r);
	/* it sees the restored content at its next read, and writes on it */
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM person", NULL), 1);
	add_person(other, 4);
	ck_assert_int_eq(testdb_int(s.db, "SELECT count(*) FROM person", NULL), 2);
	ck_assert_int_eq(testdb_int(other, "SELECT value FROM setting WHERE key = 'sync_epoch'",
	    NULL), 1);
	db_close(other);
	/* the file is whole, in WAL mode, its audit chain goes on */
	struct sbuf report = SBUF_INIT;
	ck_assert_msg(dbopen_check(s.db, &report, &d) == 0, "%s", sbuf_str(&report));
	sbuf_free(&report);
	struct db_stmt *st = db_prepare(s.db, "PRAGMA journal_mode");
	ck_assert_int_eq(db_step(st, "journal_mode", &d), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "wal");
	db_finalize(st);
	free(gen);
	session_close(&s);
}
END_TEST

START_TEST(each_restore_advances_the_epoch)
{
	struct session s;
	struct diag d = DIAG_INIT;
	struct backup_restored r;
	char *gen;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_msg(backup_generation(&s, &gen, &d) == 0, "%s", d.msg);
	for (int i = 1; i <= 3; i++) {
		ck_assert_msg(backup_restore(&s, path, gen, NULL, &r, &d) == 0, "%s", d.msg);
		ck_assert_int_eq(r.epoch, i);   /* past both the database's and the backup's */
		backup_restored_free(&r);
		ck_assert_int_eq(testdb_int(s.db, "SELECT value FROM setting WHERE key = "
		    "'sync_epoch'", NULL), i);
	}
	/* the database is lost: the epoch still goes on from the last one given */
	session_close(&s);
	testdb_remove(path);
	session_init(&s, "tester");
	ck_assert_msg(backup_restore(&s, path, gen, NULL, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.epoch, 4);
	ck_assert_ptr_null(r.kept);
	backup_restored_free(&r);
	ck_assert_int_eq(persons_in(path), 1);
	free(gen);
}
END_TEST

START_TEST(another_offices_backup_is_refused)
{
	struct session s;
	struct diag d = DIAG_INIT;
	struct backup_restored r;
	char *gen;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_int_eq(db_exec(s.db, "INSERT INTO setting VALUES ('office_code', '220102')", &d), 0);
	ck_assert_msg(backup_generation(&s, &gen, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(db_exec(s.db, "UPDATE setting SET value = '220103' WHERE key = "
	    "'office_code'", &d), 0);
	add_person(s.db, 2);
	ck_assert_int_eq(backup_restore(&s, path, gen, NULL, &r, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "220102"));
	ck_assert_int_eq(testdb_int(s.db, "SELECT count(*) FROM person", NULL), 2);
	ck_assert_int_eq(count_files(dir, "before-restore"), 0);
	free(gen);
	session_close(&s);
}
END_TEST

START_TEST(the_start_up_check_names_the_newest_backup)
{
	struct session s;
	struct diag d = DIAG_INIT;
	char *gen;

	open_session(&s);
	add_person(s.db, 1);
	ck_assert_msg(backup_generation(&s, &gen, &d) == 0, "%s", d.msg);
	session_close(&s);
	/* garbage over the header */
	int fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "garbage garbage garbage", 23), 23);
	close(fd);
	session_init(&s, "tester");
	ck_assert_int_eq(session_open_db(&s, path, false, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, DBOPEN_DAMAGED);
	ck_assert_ptr_nonnull(strstr(d.msg, "start-up check"));
	ck_assert_ptr_nonnull(strstr(d.msg, "db restore"));
	ck_assert_ptr_nonnull(strstr(d.msg, gen));
	/* emptied: refused too, never made a new empty caseload */
	ck_assert_int_eq(truncate(path, 0), 0);
	ck_assert_int_eq(session_open_db(&s, path, false, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, gen));
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
	/* removed: the same */
	testdb_remove(path);
	ck_assert_int_eq(session_open_db(&s, path, false, &d), EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(d.msg, gen));
	free(gen);
}
END_TEST

/* The suite. */
static Suite *
backup_suite(void)
{
	Suite *s = suite_create("backup");
	TCase *tc = tcase_create("backup");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 100);
	tcase_add_test(tc, generations_keep_n_each_checked);
	tcase_add_test(tc, the_days_first_backup);
	tcase_add_test(tc, a_generation_that_fails_its_check_is_removed);
	tcase_add_test(tc, encrypted_copy_round_trip_and_refusals);
	tcase_add_test(tc, restore_under_a_second_open_session);
	tcase_add_test(tc, each_restore_advances_the_epoch);
	tcase_add_test(tc, another_offices_backup_is_refused);
	tcase_add_test(tc, the_start_up_check_names_the_newest_backup);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(backup_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
