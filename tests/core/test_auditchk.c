/* Check tests for the chained audit and db check (core/auditchk.c, migration 0006): one unbroken
 * chain from several processes writing at once; each tampering db check must find (an edited,
 * inserted or deleted audit row, a dropped trigger, a person renamed or inserted with the
 * triggers dropped, one deleted so); and the migration of a database made by the release before
 * (tests/fixtures/schema5.sql): the old rows kept in their order, the chain started after them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/auditchk.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/note.h"
#include "core/person.h"
#include "util/date.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db;

/* A fresh database for each test. */
static void
setup(void)
{
	db = testdb_open("auditchk", "counselor1");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Run SQL that must succeed on d. */
static void
exec_on(struct db *d, const char *sql)
{
	struct diag dg = DIAG_INIT;

	ck_assert_msg(db_exec(d, sql, &dg) == 0, "%s: %s", sql, dg.msg);
}

/* Add a person named name with ID number idn as its own transaction; returns the key (freed
 * by the caller). */
static char *
add_person(struct db *d, const char *name, const char *idn)
{
	struct diag dg = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idn, why, sizeof why), 0);
	ck_assert_msg(person_add(d, &p, NULL, &dg) == 0, "%s", dg.msg);
	char *key = strdup(p.v[PF_ID]);
	person_clear(&p);
	return key;
}

/* Change the phone of person key as its own transaction. */
static void
edit_phone(struct db *d, const char *key, const char *phone)
{
	struct diag dg = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_msg(person_load(d, key, &p, &dg) == 0, "%s", dg.msg);
	ck_assert_int_eq(person_set(&p, PF_PHONE, phone, why, sizeof why), 0);
	ck_assert_msg(person_update(d, &p, &dg) == 0, "%s", dg.msg);
	person_clear(&p);
}

/* db check's audit part on d: the number of findings, the report in *out (freed by the caller). */
static int
check_audit(struct db *d, char **out)
{
	struct sbuf report = SBUF_INIT;
	struct diag dg = DIAG_INIT;
	int found = -1;

	ck_assert_msg(auditchk_run(d, &report, &found, &dg) == 0, "%s", dg.msg);
	*out = strdup(sbuf_str(&report));
	sbuf_free(&report);
	return found;
}

/* The text of schema object name, to make it again after a tampering (freed by the caller). */
static char *
object_sql(const char *name)
{
	struct db_stmt *st = db_prepare(db, "SELECT sql FROM sqlite_schema WHERE name = ?1");

	db_bind_text(st, 1, name);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	char *sql = strdup(db_col_text(st, 0));
	db_finalize(st);
	return sql;
}

/* Run tamper with trigger name dropped, then make the trigger again as it was (so that only
 * what tamper did is left to find). */
static void
without_trigger(const char *name, const char *tamper)
{
	char *sql = object_sql(name);
	char drop[128];

	snprintf(drop, sizeof drop, "DROP TRIGGER %s", name);
	exec_on(db, drop);
	exec_on(db, tamper);
	exec_on(db, sql);
	free(sql);
}

/* A small caseload: two persons, one edited, a note; returns the first person's key. */
static char *
caseload(void)
{
	struct diag d = DIAG_INIT;
	char *a = add_person(db, "王丽", "220102199503070028");
	char *b = add_person(db, "张三", "220102199001011239");

	edit_phone(db, a, "13912345678");
	ck_assert_int_eq(note_insert(db, b, "电话回访", "2018-03-20", date_from_ymd(2018, 3, 1), NULL,
	    &d), 0);
	free(b);
	return a;
}

/* The report says what it must, and db check found something. */
static void
finds(const char *want)
{
	char *report;
	int found = check_audit(db, &report);

	ck_assert_msg(found > 0, "nothing found; report:\n%s", report);
	ck_assert_msg(strstr(report, want) != NULL, "wanted \"%s\" in:\n%s", want, report);
	free(report);
}

START_TEST(a_clean_database_checks_out)
{
	char *a = caseload(), *report;
	int found = check_audit(db, &report);

	ck_assert_msg(found == 0, "%s", report);
	ck_assert_msg(strstr(report, "chain: 7 rows from row 1 verify, ok") != NULL, "%s", report);
	ck_assert_ptr_nonnull(strstr(report, "rows: 3 rows of the audited tables are as their audit "
	    "recorded, ok"));
	ck_assert_ptr_nonnull(strstr(report, "schema: every table, trigger and index as the "
	    "migrations made it, ok"));
	/* the head: the last row and its hash in hex */
	char head[200];
	snprintf(head, sizeof head, "chain head: row %lld, hash ", testdb_int(db, "SELECT max(seq) "
	    "FROM audit", NULL));
	char *h = strstr(report, head);
	ck_assert_ptr_nonnull(h);
	h += strlen(head);
	ck_assert_int_eq((int)strspn(h, "0123456789abcdef"), 64);
	ck_assert_ptr_nonnull(strstr(report, "someone who can write the database file can rewrite "
	    "rows and build a consistent chain again"));
	/* the shape: an insert keeps no copy, an update the changed columns, both the row's hash */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE row_key = ?1 AND op = "
	    "'insert' AND before IS NULL AND after IS NULL AND length(row_hash) = 32 AND "
	    "length(hash) = 32 AND actor = 'counselor1'", a), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE row_key = ?1 AND op = "
	    "'update' AND json_extract(after, '$.phone') = '13912345678' AND json_extract(before, "
	    "'$.phone') IS NULL AND length(row_hash) = 32", a), 1);
	/* the row hash is the hash of the live row's audited columns */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit a JOIN note n ON n.id = "
	    "a.row_key WHERE a.row_hash = jd_row_hash('note', n.id, n.person_id, n.body, "
	    "n.followup_date, n.done, jd_ts(n.created_at), jd_ts(n.updated_at), n.created_by, "
	    "n.cancelled, n.done_on)", NULL), 1);
	/* a delete keeps the whole row and no row hash; the check still passes */
	exec_on(db, "DELETE FROM note");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'note' AND op = "
	    "'delete' AND json_extract(before, '$.body') = '电话回访' AND row_hash IS NULL", NULL), 1);
	free(report);
	found = check_audit(db, &report);
	ck_assert_msg(found == 0, "%s", report);
	free(report);
	free(a);
}
END_TEST

START_TEST(an_edited_audit_row_is_found)
{
	char *a = caseload();

	without_trigger("audit_no_update", "UPDATE audit_log SET after = replace(after, "
	    "'13912345678', '13900000000') WHERE op = 2");
	long long seq = testdb_int(db, "SELECT seq FROM audit WHERE op = 'update'", NULL);
	char want[100];
	snprintf(want, sizeof want, "chain: row %lld is the first that does not verify (1 rows do "
	    "not)", seq);
	finds(want);
	free(a);
}
END_TEST

START_TEST(an_inserted_audit_row_is_found)
{
	char *a = caseload();

	exec_on(db, "INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, "
	    "hash) SELECT max(seq) + 1, max(at), (SELECT id FROM audit_who WHERE actor = "
	    "'counselor1' AND acting_as = x''), 29, 'x', 2, '{}', '{}', NULL, randomblob(32) FROM "
	    "audit_log");
	char want[100];
	snprintf(want, sizeof want, "chain: row %lld is the first that does not verify",
	    testdb_int(db, "SELECT max(seq) FROM audit", NULL));
	finds(want);
	free(a);
}
END_TEST

START_TEST(a_deleted_audit_row_is_found)
{
	char *a = caseload();

	without_trigger("audit_no_delete", "DELETE FROM audit_log WHERE seq = 3");
	finds("chain: rows 3 to 3 are missing");
	finds("chain: row 4 is the first that does not verify");
	free(a);
}
END_TEST

START_TEST(a_dropped_trigger_is_found)
{
	char *a = caseload();

	exec_on(db, "DROP TRIGGER note_audit_u");
	finds("schema: the trigger note_audit_u is missing");
	free(a);
}
END_TEST

START_TEST(a_changed_trigger_is_found)
{
	char *a = caseload();

	exec_on(db, "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON "
	    "audit_log BEGIN SELECT 1; END");
	finds("schema: the trigger audit_no_delete is not as the migrations made it");
	free(a);
}
END_TEST

START_TEST(a_person_renamed_with_the_triggers_dropped_is_found)
{
	char *a = caseload(), want[200];

	without_trigger("person_audit_u", "UPDATE person SET name = '李四' WHERE name = '王丽'");
	snprintf(want, sizeof want, "rows: personal details %s is not as its last audit row "
	    "recorded (changed outside jobdesk)", a);
	finds(want);
	free(a);
}
END_TEST

START_TEST(a_person_inserted_with_no_audit_is_found)
{
	char *a = caseload();

	without_trigger("person_audit_i", "INSERT INTO person (id, id_number, name, stage, "
	    "created_at, updated_at, created_by) SELECT 'forged-1', '220102199503080015', '吕布', "
	    "stage, created_at, updated_at, created_by FROM person LIMIT 1");
	finds("rows: personal details forged-1 has no audit row (added outside jobdesk)");
	free(a);
}
END_TEST

START_TEST(a_person_deleted_with_no_audit_is_found)
{
	char *a = caseload(), want[200];

	exec_on(db, "DELETE FROM note");
	without_trigger("person_audit_d", "DELETE FROM person WHERE name = '王丽'");
	snprintf(want, sizeof want, "rows: personal details %s is gone with no audit row (deleted "
	    "outside jobdesk)", a);
	finds(want);
	free(a);
}
END_TEST

/* Who acted is a row of audit_who (schema step 19) that refuses UPDATE and DELETE; a name
 * changed there with its trigger dropped breaks the chain at the first row that names it (the
 * chain is over the names). */
START_TEST(a_renamed_actor_is_found)
{
	struct diag d = DIAG_INIT;
	char *a = caseload(), want[100];

	ck_assert_int_ne(db_exec(db, "UPDATE audit_who SET actor = 'forged'", &d), 0);
	ck_assert_int_ne(db_exec(db, "DELETE FROM audit_who", &d), 0);
	long long first = testdb_int(db, "SELECT min(seq) FROM audit WHERE actor = 'counselor1' "
	    "AND acting_as IS NULL", NULL);
	ck_assert_int_gt(first, 0);
	without_trigger("audit_who_no_update", "UPDATE audit_who SET actor = 'forged' WHERE actor = "
	    "'counselor1' AND acting_as = x''");
	snprintf(want, sizeof want, "chain: row %lld is the first that does not verify", first);
	finds(want);
	free(a);
}
END_TEST

/* Two connections add names in overlapping turns, one rolling its transaction back: the id the
 * rolled-back name had is given to another name, and a later row of the first name takes a new
 * id (looked up in the trigger, never kept by the connection); each row names who made it. */
START_TEST(a_name_rolled_back_leaves_no_stale_id)
{
	struct diag d = DIAG_INIT;
	struct db *other = NULL;
	char *report, *a = caseload();

	ck_assert_msg(dbopen_open(db_path(db), "second", false, &d, &other) == 0, "%s", d.msg);
	long long pairs = testdb_int(db, "SELECT count(*) FROM audit_who", NULL);
	/* the other connection reads in a transaction of its own while the first writes */
	exec_on(other, "BEGIN");
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM audit_who", NULL), pairs);
	db_set_user(db, "newcomer");
	exec_on(db, "BEGIN IMMEDIATE; UPDATE person SET phone = '13800000001' WHERE name = '张三'");
	long long gone = testdb_int(db, "SELECT id FROM audit_who WHERE actor = 'newcomer'", NULL);
	ck_assert_int_eq(gone, pairs + 1);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM audit_who", NULL), pairs);
	exec_on(db, "ROLLBACK");
	exec_on(other, "COMMIT");
	/* the other connection's new name takes the id the rolled-back one had */
	edit_phone(other, a, "13800000002");
	ck_assert_int_eq(testdb_int(db, "SELECT id FROM audit_who WHERE actor = 'second'", NULL),
	    gone);
	/* the first connection's name again: a new id, and its row names it */
	edit_phone(db, a, "13800000003");
	ck_assert_int_eq(testdb_int(db, "SELECT id FROM audit_who WHERE actor = 'newcomer'", NULL),
	    gone + 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE seq = (SELECT max(seq) "
	    "FROM audit) AND actor = 'newcomer' AND instr(after, '13800000003') > 0", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE actor = 'second' AND "
	    "instr(after, '13800000002') > 0", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE instr(after, "
	    "'13800000001') > 0", NULL), 0);
	/* each pair once */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit_who", NULL), pairs + 2);
	ck_assert_int_eq(check_audit(db, &report), 0);
	free(report);
	db_close(other);
	free(a);
}
END_TEST

/* How many persons each writer adds (and edits). */
enum { WRITERS = 4, EACH = 15 };

START_TEST(one_chain_under_concurrent_writers)
{
	char path[200], *report;
	struct diag d = DIAG_INIT;
	pid_t kids[WRITERS];

	snprintf(path, sizeof path, "%s", db_path(db));
	long long before = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	db_close(db);
	db = NULL;
	for (int w = 0; w < WRITERS; w++) {
		kids[w] = fork();
		ck_assert_int_ge(kids[w], 0);
		if (kids[w] > 0)
			continue;
		/* a writer: its own connection, each person added and edited in transactions of
		 * their own (BEGIN IMMEDIATE), the writers' transactions interleaved */
		struct db *mine = NULL;
		char user[16], idn[19];
		snprintf(user, sizeof user, "writer%d", w);
		if (dbopen_open(path, user, false, &d, &mine) != 0)
			_exit(2);
		for (int i = 0; i < EACH; i++) {
			snprintf(idn, sizeof idn, "2201021990%02d%02d%03d", w + 1, i + 1, 100 + w);
			idn[17] = idnum_check_char(idn);
			idn[18] = '\0';
			struct person p = { 0 };
			char why[256];
			if (person_set(&p, PF_NAME, "并发", why, sizeof why) != 0 ||
			    person_set(&p, PF_ID_NUMBER, idn, why, sizeof why) != 0)
				_exit(3);
			if (person_add(mine, &p, NULL, &d) != 0)
				_exit(4);
			char *key = strdup(p.v[PF_ID]);
			person_clear(&p);
			if (person_load(mine, key, &p, &d) != 0 ||
			    person_set(&p, PF_PHONE, "13912345678", why, sizeof why) != 0 ||
			    person_update(mine, &p, &d) != 0)
				_exit(5);
			person_clear(&p);
			free(key);
		}
		db_close(mine);
		_exit(0);
	}
	for (int w = 0; w < WRITERS; w++) {
		int status = 0;
		ck_assert_int_eq(waitpid(kids[w], &status, 0), kids[w]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d: status %d", w,
		    status);
	}
	ck_assert_int_eq(dbopen_open(path, "counselor1", false, &d, &db), 0);
	/* every change recorded, in one chain with no gap, verified by db check */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL),
	    before + 2 * WRITERS * EACH);
	ck_assert_int_eq(testdb_int(db, "SELECT max(seq) - min(seq) + 1 = count(*) FROM audit",
	    NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(DISTINCT actor) FROM audit WHERE actor LIKE "
	    "'writer%'", NULL), WRITERS);
	int found = check_audit(db, &report);
	ck_assert_msg(found == 0, "%s", report);
	free(report);
}
END_TEST

/* The output of the sqlite3 shell run on the database at path with sql (freed by the caller). */
static char *
shell(const char *path, const char *sql)
{
	char cmd[1024];
	struct sbuf b = SBUF_INIT;
	char buf[4096];
	size_t n;

	snprintf(cmd, sizeof cmd, "sqlite3 -nullvalue '(null)' '%s' \"%s\"", path, sql);
	FILE *f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sbuf_addn(&b, buf, n);
	ck_assert_int_eq(pclose(f), 0);
	return sbuf_take(&b);
}

/* The rows of sql on db as the sqlite3 shell shows them ('|' between columns, a line each). */
static char *
rows_of(const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	struct sbuf b = SBUF_INIT;

	while (db_step(st, "test", NULL) == DB_ROW) {
		for (int i = 0; i < db_col_count(st); i++)
			sbuf_addf(&b, "%s%s", i > 0 ? "|" : "", db_col_null(st, i) ? "(null)" :
			    db_col_text(st, i));
		sbuf_add(&b, "\n");
	}
	db_finalize(st);
	return sbuf_take(&b);
}

START_TEST(a_trigger_hidden_under_sqlites_own_name_is_found)
{
	char *a = caseload();

	/* SQLite runs a trigger whatever its name: one named like its own objects is still checked */
	free(shell(db_path(db), "PRAGMA writable_schema = ON; INSERT INTO sqlite_schema VALUES ('trigger', "
	    "'sqlite_autoindex_x', 'audit', 0, 'CREATE TRIGGER sqlite_autoindex_x BEFORE INSERT ON audit "
	    "BEGIN SELECT RAISE(IGNORE); END'); PRAGMA writable_schema = OFF"));
	finds("schema: the trigger sqlite_autoindex_x was not made by jobdesk");
	free(a);
}
END_TEST

START_TEST(the_release_before_is_migrated)
{
	char path[200], *report;
	struct diag d = DIAG_INIT;

	snprintf(path, sizeof path, "%s", db_path(db));
	testdb_close(db);
	db = NULL;
	/* the fixture, loaded with the sqlite3 shell */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' < '%s'", path,
	    TEST_SOURCE_DIR "/tests/fixtures/schema5.sql");
	ck_assert_int_eq(system(cmd), 0);
	char *old = shell(path, "SELECT actor, tbl, row_key, before, after, CAST(strftime('%s', at) "
	    "AS INTEGER) * 1000 + CAST(substr(at, 21, 3) AS INTEGER) FROM audit ORDER BY at, id");
	char *count = shell(path, "SELECT count(*) FROM audit");
	int nold = atoi(count);
	free(count);
	ck_assert_int_eq(nold, 9);

	ck_assert_msg(dbopen_open(path, "tester", false, &d, &db) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "PRAGMA user_version", NULL), 19);
	/* the old rows kept as they were, in their order, at in milliseconds */
	char *kept = rows_of("SELECT actor, tbl, row_key, before, after, at FROM audit WHERE op = "
	    "'legacy' ORDER BY seq");
	ck_assert_str_eq(kept, old);
	ck_assert_int_eq(testdb_int(db, "SELECT max(seq) FROM audit WHERE op = 'legacy'", NULL),
	    nold);
	/* chained as they were copied, from row 1 */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'legacy' AND length(hash) "
	    "= 32 AND row_hash IS NULL", NULL), nold);
	ck_assert_int_eq(testdb_int(db, "SELECT min(seq) FROM audit", NULL), 1);
	/* then the chain starts, saying so */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE seq = ?1 + 1 AND op = "
	    "'chain_start' AND after = '{\"converted\":9}' AND actor = 'tester' AND length(hash) = 32",
	    "9"), 1);
	/* a baseline row for every live row of the audited tables (step 6), and one more for each
	 * decision (step 9 rebuilt the table with new columns) */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'baseline'", NULL) -
	    testdb_int(db, "SELECT count(*) FROM decision", NULL),
	    testdb_int(db, "SELECT (SELECT count(*) FROM office) + (SELECT count(*) FROM app_user) + "
	    "(SELECT count(*) FROM household) + (SELECT count(*) FROM person) + (SELECT count(*) "
	    "FROM unit) + (SELECT count(*) FROM enrollment) + (SELECT count(*) FROM certificate) + "
	    "(SELECT count(*) FROM insurance) + (SELECT count(*) FROM note) + (SELECT count(*) FROM "
	    "decision) + (SELECT count(*) FROM correction)", NULL));
	ck_assert_int_ge(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'baseline'", NULL), 6);
	int found = check_audit(db, &report);
	ck_assert_msg(found == 0, "%s", report);
	free(report);
	/* and a change afterwards is chained on */
	char *key = strdup("");
	struct db_stmt *s = db_prepare(db, "SELECT id FROM person WHERE name = '王丽'");
	ck_assert_int_eq(db_step(s, "test", NULL), DB_ROW);
	free(key);
	key = strdup(db_col_text(s, 0));
	db_finalize(s);
	edit_phone(db, key, "13700001111");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE seq = (SELECT max(seq) "
	    "FROM audit) AND op = 'update' AND row_key = ?1 AND actor = 'tester'", key), 1);
	found = check_audit(db, &report);
	ck_assert_msg(found == 0, "%s", report);
	free(report);
	/* a converted row is as safe as the others: changed, it breaks the chain there */
	exec_on(db, "INSERT INTO audit_who (actor, acting_as) VALUES ('forged', x''); DROP TRIGGER "
	    "audit_no_update; UPDATE audit_log SET who = last_insert_rowid() WHERE seq = 4");
	found = check_audit(db, &report);
	ck_assert_msg(found > 0 && strstr(report, "chain: row 4 is the first that does not verify") != NULL,
	    "%s", report);
	free(report);
	free(key);
	free(kept);
	free(old);
}
END_TEST

/* The suite. */
static Suite *
auditchk_suite(void)
{
	Suite *s = suite_create("auditchk");
	TCase *tc = tcase_create("auditchk");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_clean_database_checks_out);
	tcase_add_test(tc, an_edited_audit_row_is_found);
	tcase_add_test(tc, an_inserted_audit_row_is_found);
	tcase_add_test(tc, a_deleted_audit_row_is_found);
	tcase_add_test(tc, a_dropped_trigger_is_found);
	tcase_add_test(tc, a_changed_trigger_is_found);
	tcase_add_test(tc, a_trigger_hidden_under_sqlites_own_name_is_found);
	tcase_add_test(tc, a_person_renamed_with_the_triggers_dropped_is_found);
	tcase_add_test(tc, a_person_inserted_with_no_audit_is_found);
	tcase_add_test(tc, a_person_deleted_with_no_audit_is_found);
	tcase_add_test(tc, one_chain_under_concurrent_writers);
	tcase_add_test(tc, a_renamed_actor_is_found);
	tcase_add_test(tc, a_name_rolled_back_leaves_no_stale_id);
	tcase_add_test(tc, the_release_before_is_migrated);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(auditchk_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
