/* Check tests for bundles (core/bundle.c) and the changeset walker (core/csfilter.c), issue 17
 * point 3: a signed and sealed round trip that shows no ID number in the file; every refusal
 * (a changed byte, another office's bundle, an untrusted key, other columns, another schema
 * version) writing nothing; a bundle that comes early held and applied once the gap fills; a
 * replay changing nothing; the ack pruning the outbox; a new epoch accepted from its start and
 * an older one superseded; a county sending a township only its cases; the walker's filtered
 * changeset read back by sqlite3changeset_start. */
#define _GNU_SOURCE 1   /* memmem */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/bundle.h"
#include "core/csfilter.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/office.h"
#include "core/person.h"
#include "core/role.h"
#include "core/schema.h"
#include "core/session.h"
#include "util/xalloc.h"
#include "util/sbuf.h"
#include "testdb.h"

/* The offices of a test: a county and two townships, and what each made. */
static struct db *county, *town1, *town2;
static char dir[64];

/* A file in this test's folder (a static buffer per call slot: k 0..3). */
static const char *
at(int k, const char *name)
{
	static char buf[4][160];

	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

/* Open a new database of an office (parent NULL for a county). */
static struct db *
office(const char *file, const char *code, const char *level, const char *parent)
{
	struct db *db = NULL;
	struct diag d = DIAG_INIT;
	struct office_args a = { code, "办公室", level, parent, NULL };
	bool already;

	ck_assert_msg(dbopen_open(at(0, file), "tester", true, &d, &db) == 0, "%s", d.msg);
	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	return db;
}

/* Make a's keys and have b trust them (key file named after a's code). */
static void
trust(struct db *a, struct db *b)
{
	struct diag d = DIAG_INIT;
	char fp[17], code[13], name[32];
	bool made, already;

	snprintf(name, sizeof name, "%s.key", db_office(a));
	if (access(at(1, name), F_OK) != 0)
		ck_assert_msg(bundle_key(a, at(1, name), &made, fp, &d) == 0, "%s", d.msg);
	ck_assert_msg(bundle_trust(b, at(1, name), false, code, fp, &already, &d) == 0, "%s",
	    d.msg);
	ck_assert_str_eq(code, db_office(a));
}

/* A fresh folder, a county 2201 and townships 220101, 220102, keys exchanged both ways. */
static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/jobdesk-test-bundle-%d", (int)getpid());
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	county = office("c.db", "2201", "county", NULL);
	town1 = office("t1.db", "220101", "township", "2201");
	town2 = office("t2.db", "220102", "township", "2201");
	trust(county, town1);
	trust(town1, county);
	trust(county, town2);
	trust(town2, county);
}

/* Close and remove everything. */
static void
teardown(void)
{
	char cmd[300];

	db_close(county);
	db_close(town1);
	db_close(town2);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Register a person; its new id (caller frees). */
static char *
add(struct db *db, const char *name, const char *idnum)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = strdup(p.v[PF_ID]);
	person_clear(&p);
	return id;
}

/* Export from db to office `to` into the file name; the export's account. */
static struct bundle_exported
export(struct db *db, const char *to, const char *name)
{
	struct session s;
	struct bundle_exported e;
	struct diag d = DIAG_INIT;

	session_init(&s, "tester");
	s.db = db;
	ck_assert_msg(bundle_export(&s, at(2, name), to, &e, &d) == 0, "%s", d.msg);
	return e;
}

/* Import the file name into db: bundle_import's code, *r and d filled. */
static int
import(struct db *db, const char *name, struct bundle_imported *r, struct diag *d)
{
	return bundle_import(db, at(3, name), r, d);
}

/* Import expecting success: what it did. */
static struct bundle_imported
import_ok(struct db *db, const char *name)
{
	struct bundle_imported r;
	struct diag d = DIAG_INIT;

	ck_assert_msg(import(db, name, &r, &d) == 0, "%s", d.msg);
	return r;
}

/* Everything a refused import must leave alone: persons, audit rows, positions, held ones. */
static long long
state(struct db *db)
{
	return testdb_int(db, "SELECT (SELECT count(*) FROM person) * 1000000 + (SELECT count(*) "
	    "FROM audit) * 1000 + (SELECT coalesce(sum(in_seq), 0) FROM sync_peer) * 10 + "
	    "(SELECT count(*) FROM sync_held)", NULL);
}

/* Import expecting a refusal with reason: exit 65, nothing written. */
static void
refused(struct db *db, const char *name, int reason)
{
	struct bundle_imported r;
	struct diag d = DIAG_INIT;
	long long before = state(db);

	ck_assert_int_eq(import(db, name, &r, &d), EX_DATAERR);
	ck_assert_msg(d.reason == reason, "reason %d, not %d: %s", d.reason, reason, d.msg);
	ck_assert_int_eq(state(db), before);
}

/* Whether the file holds the bytes s. */
static bool
file_has(const char *name, const char *s)
{
	FILE *f = fopen(at(0, name), "rb");
	static char buf[1 << 20];
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return memmem(buf, n, s, strlen(s)) != NULL;
}

/* Change one byte of a file at offset (from its end when negative). */
static void
flip(const char *name, long off)
{
	FILE *f = fopen(at(0, name), "r+b");
	int c;

	ck_assert_ptr_nonnull(f);
	fseek(f, off, off < 0 ? SEEK_END : SEEK_SET);
	long pos = ftell(f);
	c = fgetc(f);
	fseek(f, pos, SEEK_SET);
	fputc(c ^ 0x20, f);
	fclose(f);
}

/* Copy a file. */
static void
copy(const char *from, const char *to)
{
	char cmd[800];

	snprintf(cmd, sizeof cmd, "cp %s %s", at(0, from), at(1, to));
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(sealed_round_trip_and_replay)
{
	free(add(town1, "张三", "220102199001010017"));
	free(add(town1, "李四", "22010219930303003X"));
	struct bundle_exported e = export(town1, NULL, "b1");
	ck_assert_str_eq(e.to, "2201");
	ck_assert_int_eq(e.first, 1);
	ck_assert_int_ge(e.changesets, 2);
	/* a lost stick gives away no ID number and no name */
	ck_assert(!file_has("b1", "220102199001010017"));
	ck_assert(!file_has("b1", "张三"));
	struct bundle_imported r = import_ok(county, "b1");
	ck_assert_int_eq(r.fate, BUNDLE_APPLIED);
	ck_assert_int_eq(testdb_int(county, "SELECT count(*) FROM person WHERE id_number = ?1",
	    "220102199001010017"), 1);
	/* the audit names the bundle: its actor, and one sync_import event */
	char actor[80];
	snprintf(actor, sizeof actor, "sync:%s", r.label);
	ck_assert_str_eq(r.label, e.label);
	ck_assert_int_ge(testdb_int(county, "SELECT count(*) FROM audit WHERE actor = ?1", actor),
	    1);
	ck_assert_int_eq(testdb_int(county, "SELECT count(*) FROM audit WHERE op = 'sync_import'",
	    NULL), 1);
	/* nothing applied is recorded again (no echo), and a replay changes nothing */
	ck_assert_int_eq(testdb_int(county, "SELECT count(*) FROM outbox WHERE origin IS NULL AND "
	    "seq > 1", NULL), 0);
	long long before = state(county);
	r = import_ok(county, "b1");
	ck_assert_int_eq(r.fate, BUNDLE_ALREADY);
	ck_assert_int_eq(state(county), before);
}
END_TEST

START_TEST(every_refusal_writes_nothing)
{
	free(add(town1, "张三", "220102199001010017"));
	export(town1, NULL, "b1");
	/* a changed byte: in the body, in the header, in the signature; cut short */
	copy("b1", "x1");
	flip("x1", -100);
	refused(county, "x1", BUNDLE_TAMPERED);
	copy("b1", "x2");
	flip("x2", 8 + 64 + 2);
	refused(county, "x2", BUNDLE_TAMPERED);
	copy("b1", "x3");
	flip("x3", 20);
	refused(county, "x3", BUNDLE_TAMPERED);
	char cmd[800];
	snprintf(cmd, sizeof cmd, "head -c 500 %s > %s", at(0, "b1"), at(1, "x4"));
	ck_assert_int_eq(system(cmd), 0);
	refused(county, "x4", BUNDLE_TAMPERED);
	/* another office's bundle: township 2 trusts township 1, but the bundle is the county's */
	trust(town1, town2);
	refused(town2, "b1", BUNDLE_WRONG_OFFICE);
	/* an untrusted key: a county that never trusted township 1 */
	struct db *other = office("o.db", "2202", "county", NULL);
	struct diag d = DIAG_INIT;
	char fp[17];
	bool made;
	ck_assert_int_eq(bundle_key(other, at(1, "o.key"), &made, fp, &d), 0);
	refused(other, "b1", BUNDLE_UNTRUSTED);
	db_close(other);
	/* other columns in a synced table, then another schema version */
	ck_assert_int_eq(db_exec(county, "ALTER TABLE note ADD COLUMN colour TEXT", &d), 0);
	refused(county, "b1", BUNDLE_COLUMNS);
	ck_assert_int_eq(db_exec(county, "PRAGMA user_version = 99", &d), 0);
	struct bundle_imported r;
	ck_assert_int_eq(import(county, "b1", &r, &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, BUNDLE_VERSION);
	ck_assert_msg(strstr(d.msg, "220101 upgrades") != NULL, "%s", d.msg);
	/* and the untouched bundle still goes in once the database is as it was */
	char *put_back = xasprintf("PRAGMA user_version = %d", schema_latest());
	ck_assert_int_eq(db_exec(county, put_back, &d), 0);
	free(put_back);
	ck_assert_int_eq(db_exec(county, "ALTER TABLE note DROP COLUMN colour", &d), 0);
	ck_assert_int_eq(import_ok(county, "b1").fate, BUNDLE_APPLIED);
}
END_TEST

/* Schema step 17 made the times integers: a bundle from a township still at step 16 (its times
 * text) is refused as a version mismatch, nothing written, never applied with text times. */
START_TEST(a_bundle_with_text_times_is_refused)
{
	struct diag d = DIAG_INIT;

	free(add(town1, "张三", "220102199001010017"));
	ck_assert_int_eq(db_exec(town1, "PRAGMA user_version = 16", &d), 0);
	export(town1, NULL, "b1");
	refused(county, "b1", BUNDLE_VERSION);
}
END_TEST

START_TEST(early_bundle_held_then_applied)
{
	struct diag d = DIAG_INIT;

	free(add(town1, "张三", "220102199001010017"));
	export(town1, NULL, "b1");
	/* the county as it was before b1 (a copy), to receive the bundles out of order later */
	char sql[300];
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", at(0, "c-before.db"));
	ck_assert_int_eq(db_exec(county, sql, &d), 0);
	import_ok(county, "b1");
	export(county, "220101", "ack1");
	import_ok(town1, "ack1");
	free(add(town1, "李四", "22010219930303003X"));
	struct bundle_exported e0 = export(town1, NULL, "b2");
	/* b2 starts past what the county acknowledged: b1's range */
	ck_assert_int_gt(e0.first, 1);
	ck_assert_int_eq(e0.first, e0.last);
	struct db *late = NULL;
	ck_assert_msg(dbopen_open(at(0, "c-before.db"), "tester", false, &d, &late) == 0, "%s",
	    d.msg);
	struct bundle_imported r = import_ok(late, "b2");
	ck_assert_int_eq(r.fate, BUNDLE_HELD);
	ck_assert_int_eq(testdb_int(late, "SELECT count(*) FROM person", NULL), 0);
	ck_assert_int_eq(import_ok(late, "b2").fate, BUNDLE_ALREADY);
	r = import_ok(late, "b1");
	ck_assert_int_eq(r.fate, BUNDLE_APPLIED);
	ck_assert_int_eq(r.held_applied, 1);
	ck_assert_int_eq(testdb_int(late, "SELECT count(*) FROM person", NULL), 2);
	ck_assert_int_eq(testdb_int(late, "SELECT count(*) FROM sync_held", NULL), 0);
	ck_assert_int_eq(testdb_int(late, "SELECT in_seq FROM sync_peer WHERE office_id = "
	    "'220101'", NULL), e0.last);
	db_close(late);
}
END_TEST

START_TEST(ack_prunes_and_epoch)
{
	struct diag d = DIAG_INIT;

	free(add(town1, "张三", "220102199001010017"));
	free(add(town1, "李四", "22010219930303003X"));
	long long rows = testdb_int(town1, "SELECT count(*) FROM outbox", NULL);
	ck_assert_int_ge(rows, 3);
	export(town1, NULL, "b1");
	import_ok(county, "b1");
	/* the county's bundle acknowledges what it received; the township prunes it */
	export(county, "220101", "ack1");
	struct bundle_imported r = import_ok(town1, "ack1");
	ck_assert_int_eq(r.pruned, rows);
	ck_assert_int_eq(testdb_int(town1, "SELECT count(*) FROM outbox", NULL), 0);
	/* a restore advances the epoch: numbers given again are told apart and accepted from the
	 * start of the new epoch; the old epoch's bundle is superseded */
	ck_assert_int_eq(db_exec(town1, "INSERT INTO setting (key, value) VALUES ('sync_epoch', "
	    "'1') ON CONFLICT (key) DO UPDATE SET value = '1'", &d), 0);
	ck_assert_int_eq(db_exec(town1, "DELETE FROM sqlite_sequence WHERE name = 'outbox'", &d), 0);
	free(add(town1, "王五", "220102199202020027"));
	struct bundle_exported e = export(town1, NULL, "b2");
	ck_assert_int_eq(e.epoch, 1);
	ck_assert_int_eq(e.first, 1);
	r = import_ok(county, "b2");
	ck_assert_int_eq(r.fate, BUNDLE_APPLIED);
	ck_assert_int_eq(testdb_int(county, "SELECT count(*) FROM person", NULL), 3);
	ck_assert_int_eq(import_ok(county, "b1").fate, BUNDLE_SUPERSEDED);
	ck_assert_int_eq(import_ok(county, "b2").fate, BUNDLE_ALREADY);
}
END_TEST

/* Run SQL (arg) as a db_transaction's work, so that the outbox records it. */
static int
sql_work(struct db *db, void *arg, struct diag *d)
{
	return db_exec(db, arg, d);
}

/* Move a case to an office (as a transfer does), in one transaction. */
static int
move_work(struct db *db, void *arg, struct diag *d)
{
	const char *const *a = arg;
	struct db_stmt *st = db_prepare(db, "UPDATE person SET office_id = ?2 WHERE id = ?1");
	int ret;

	db_bind_text(st, 1, a[0]);
	db_bind_text(st, 2, a[1]);
	ret = db_run(st, "moving", d);
	db_finalize(st);
	return ret;
}

START_TEST(county_sends_a_township_its_cases)
{
	struct diag d = DIAG_INIT;
	/* the county holds both townships' office rows (their first bundles brought them) */
	export(town1, NULL, "t1");
	export(town2, NULL, "t2");
	import_ok(county, "t1");
	import_ok(county, "t2");
	char *a = add(county, "张三", "220102199001010017");
	char *b = add(county, "李四", "22010219930303003X");
	const char *ma[] = { a, "220101" }, *mb[] = { b, "220102" };
	ck_assert_int_eq(db_transaction(county, move_work, (void *)ma, &d), 0);
	ck_assert_int_eq(db_transaction(county, move_work, (void *)mb, &d), 0);
	ck_assert_int_eq(db_exec(county, "INSERT INTO setting (key, value) VALUES "
	    "('idle_lock_minutes', '7')", &d), 0);
	export(county, "220101", "c1");
	struct bundle_imported r = import_ok(town1, "c1");
	ck_assert_int_eq(r.fate, BUNDLE_APPLIED);
	ck_assert_int_eq(testdb_int(town1, "SELECT count(*) FROM person WHERE id = ?1", a), 1);
	ck_assert_int_eq(testdb_int(town1, "SELECT count(*) FROM person WHERE id = ?1", b), 0);
	ck_assert_int_eq(testdb_int(town1, "SELECT office_id = '220101' FROM person WHERE id = ?1",
	    a), 1);
	/* the county's settings for its townships */
	ck_assert_int_eq(testdb_int(town1, "SELECT value FROM setting WHERE key = "
	    "'idle_lock_minutes'", NULL), 7);
	/* township 1's own office row went up; township 2's comes down to it (a case may move
	 * there: case transfer --to 220102), below the county */
	ck_assert_int_eq(testdb_int(town1, "SELECT count(*) FROM office WHERE id = '220102' AND "
	    "parent_id = '2201'", NULL), 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(roles)
{
	struct session s;
	struct bundle_exported e;
	struct bundle_imported r;
	struct diag d = DIAG_INIT;
	char code[13], fp[17];
	bool made, already;

	export(town1, NULL, "b1");
	session_init(&s, "tester");
	s.db = town1;
	/* a counselor neither exports, imports, makes keys nor reads the status */
	db_set_role(town1, ROLE_COUNSELOR);
	ck_assert_int_eq(bundle_export(&s, at(2, "b2"), NULL, &e, &d), EX_NOPERM);
	ck_assert_int_eq(bundle_key(town1, at(1, "k"), &made, fp, &d), EX_NOPERM);
	struct rows st;
	ck_assert_int_eq(bundle_status(town1, &st, &d), EX_NOPERM);
	rows_free(&st);
	db_set_role(county, ROLE_COUNSELOR);
	ck_assert_int_eq(import(county, "b1", &r, &d), EX_NOPERM);
	/* a supervisor exchanges bundles but does not trust keys: an administrator does */
	db_set_role(county, ROLE_SUPERVISOR);
	ck_assert_int_eq(import(county, "b1", &r, &d), 0);
	ck_assert_int_eq(bundle_trust(county, at(1, "220101.key"), false, code, fp, &already, &d),
	    EX_NOPERM);
	db_set_role(county, ROLE_ADMIN);
	ck_assert_int_eq(bundle_trust(county, at(1, "220101.key"), false, code, fp, &already, &d),
	    0);
	ck_assert(already);
}
END_TEST

START_TEST(changed_key_refused)
{
	struct diag d = DIAG_INIT;
	char code[13], fp[17];
	bool already;
	FILE *f = fopen(at(0, "220101.key"), "r");
	char buf[512];
	size_t n = fread(buf, 1, sizeof buf - 1, f);

	fclose(f);
	buf[n] = '\0';
	/* another signing key for the same office */
	char *sign = strstr(buf, "sign ");
	ck_assert_ptr_nonnull(sign);
	sign[5] = sign[5] == 'a' ? 'b' : 'a';
	f = fopen(at(0, "changed.key"), "w");
	fputs(buf, f);
	fclose(f);
	ck_assert_int_eq(bundle_trust(county, at(0, "changed.key"), false, code, fp, &already, &d),
	    EX_DATAERR);
	ck_assert_int_eq(d.reason, BUNDLE_KEY_CHANGED);
	ck_assert_msg(strstr(d.msg, "--replace") != NULL, "%s", d.msg);
	/* the bundles of the real key still go in; with --replace the new key is taken */
	export(town1, NULL, "b1");
	import_ok(county, "b1");
	ck_assert_int_eq(bundle_trust(county, at(0, "changed.key"), true, code, fp, &already, &d),
	    0);
	export(town1, NULL, "b2");
	refused(county, "b2", BUNDLE_TAMPERED);
}
END_TEST

/* Keep the changes of one table (csfilter_walk's callback; arg: the table's name). */
static int
keep_table(void *arg, const struct csfilter_change *c, struct diag *d)
{
	(void)d;
	return strcmp(c->table, arg) == 0;
}

/* Keep every change. */
static int
keep_all(void *arg, const struct csfilter_change *c, struct diag *d)
{
	(void)arg;
	(void)c;
	(void)d;
	return 1;
}

START_TEST(csfilter_round_trip)
{
	struct sbuf all = SBUF_INIT, persons = SBUF_INIT;
	struct diag d = DIAG_INIT;

	free(add(town1, "张三", "220102199001010017"));
	ck_assert_int_eq(db_transaction(town1, sql_work, "UPDATE person SET phone = '13800000000'",
	    &d), 0);
	struct db_stmt *st = db_prepare(town1, "SELECT changeset FROM outbox ORDER BY seq DESC "
	    "LIMIT 2");
	int n = 0;
	while (db_step(st, "reading", &d) == DB_ROW) {
		size_t len;
		const void *cs = db_col_bytes(st, 0, &len);
		sbuf_reset(&all);
		sbuf_reset(&persons);
		ck_assert_int_eq(csfilter_walk(cs, len, keep_all, NULL, &all, &d), 0);
		ck_assert_uint_eq(all.len, len);
		ck_assert(memcmp(all.s, cs, len) == 0);
		ck_assert_int_eq(csfilter_walk(cs, len, keep_table, "person", &persons, &d), 0);
		/* SQLite reads the filtered changeset back: person rows only, each once */
		sqlite3_changeset_iter *it;
		ck_assert_int_eq(sqlite3changeset_start(&it, (int)persons.len, persons.s), SQLITE_OK);
		int rows = 0;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tbl;
			int ncol, op, ind;
			ck_assert_int_eq(sqlite3changeset_op(it, &tbl, &ncol, &op, &ind), SQLITE_OK);
			ck_assert_str_eq(tbl, "person");
			sqlite3_value *v = NULL;
			if (op == SQLITE_UPDATE) {
				ck_assert_int_eq(sqlite3changeset_new(it, 5, &v), SQLITE_OK);
				ck_assert_str_eq((const char *)sqlite3_value_text(v), "13800000000");
			}
			rows++;
		}
		ck_assert_int_eq(sqlite3changeset_finalize(it), SQLITE_OK);
		ck_assert_int_eq(rows, 1);
		n++;
	}
	db_finalize(st);
	ck_assert_int_eq(n, 2);
	/* a malformed changeset names the byte */
	ck_assert_int_eq(csfilter_walk("T\x05\x01", 3, keep_all, NULL, NULL, &d), EX_DATAERR);
	sbuf_free(&all);
	sbuf_free(&persons);
}
END_TEST

/* The suite. */
static Suite *
bundle_suite(void)
{
	Suite *s = suite_create("bundle");
	TCase *tc = tcase_create("bundle");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sealed_round_trip_and_replay);
	tcase_add_test(tc, every_refusal_writes_nothing);
	tcase_add_test(tc, a_bundle_with_text_times_is_refused);
	tcase_add_test(tc, early_bundle_held_then_applied);
	tcase_add_test(tc, ack_prunes_and_epoch);
	tcase_add_test(tc, county_sends_a_township_its_cases);
	tcase_add_test(tc, csfilter_round_trip);
	tcase_add_test(tc, roles);
	tcase_add_test(tc, changed_key_refused);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(bundle_suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
