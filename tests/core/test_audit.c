/* Check tests for the audit trail: a row for every insert, update and delete on every case
 * table, naming the acting user, in the shape of schema step 6 (an insert: no copy, the row's
 * hash; an update: the changed columns and the row's hash after; a delete: the whole row), in
 * commit order with every row chained, and an audit table that refuses changes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/date.h"
#include "testdb.h"

static struct db *db;

/* A fresh database for each test. */
static void
setup(void)
{
	db = testdb_open("audit", "counselor1");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Count audit rows for a table and operation. */
static int
audits(const char *tbl, const char *op)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit WHERE tbl = ?1 AND op = ?2 "
	    "AND actor = 'counselor1'");
	db_bind_text(st, 1, tbl);
	db_bind_text(st, 2, op);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	int n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

/* Run SQL that must succeed. */
static void
exec_ok(const char *sql)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_exec(db, sql, &d) == 0, "%s: %s", sql, d.msg);
}

/* A training with its certificate and a note for the person whose id is arg, in one transaction. */
static int
add_progress(struct db *wdb, void *arg, struct diag *d)
{
	struct enrollment e;

	progress_init(&e);
	e.person_id = arg;
	e.kind = "training";
	e.status = "completed";
	e.class_hours = 120;
	ck_assert_int_eq(progress_insert(wdb, &e, d), 0);
	ck_assert_int_eq(progress_certificate(wdb, arg, 4, "2017-05-10", "电工", e.id, d), 0);
	ck_assert_int_eq(note_insert(wdb, arg, "电话回访", "2018-03-05", date_from_ymd(2018, 3, 1), NULL, d), 0);
	free(e.id);
	return 0;
}

START_TEST(every_case_table_is_audited)
{
	static const char *tables[] = { "office", "app_user", "household", "person", "unit",
	    "enrollment", "certificate", "insurance", "note", "decision" };
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_LOW_INCOME, "true", why, sizeof why);
	person_set(&p, PF_UNEMPLOYMENT_MONTHS, "40", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	ck_assert_int_eq(db_transaction(db, add_progress, p.v[PF_ID], &d), 0);
	exec_ok("INSERT INTO office VALUES ('o1', '220102', '南关区', 'county', NULL, 'x', 'x', 'x');"
	    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('u1', 'lina', '李娜', 'counselor', 'o1', NULL, 'x', 'x', 'x');"
	    "INSERT INTO unit VALUES ('n1', '长春某某科技有限公司', NULL, 'internship_host', 'x', 'x', 'x');");
	struct db_stmt *ins = db_prepare(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, outcome, facts_json, reasons_json, counselor, created_at, "
	    "updated_at, created_by) VALUES ('d1', ?1, 'rural-training-subsidy', 'h', '2018-03-01', "
	    "'eligible', '{}', '[]', 'counselor1', 'x', 'x', 'x')");
	db_bind_text(ins, 1, p.v[PF_ID]);
	ck_assert_int_eq(db_step(ins, "test", NULL), DB_DONE);
	db_finalize(ins);
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		ck_assert_msg(audits(tables[i], "insert") == 1, "%s insert", tables[i]);
	/* updates and deletes of each table */
	exec_ok("UPDATE office SET name = '南关' ; UPDATE app_user SET display_name = '李娜娜';"
	    "UPDATE household SET zero_employment = 1; UPDATE person SET phone = '13912345678';"
	    "UPDATE unit SET name = '某某公司'; UPDATE enrollment SET class_hours = 121;"
	    "UPDATE certificate SET level = 3; UPDATE insurance SET unemployment_months = 41;"
	    "UPDATE note SET done = 1; UPDATE decision SET status = 'approved';");
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		ck_assert_msg(audits(tables[i], "update") >= 1, "%s update", tables[i]);
	exec_ok("DELETE FROM decision; DELETE FROM note; DELETE FROM certificate; "
	    "DELETE FROM insurance; DELETE FROM enrollment; DELETE FROM unit; DELETE FROM person; "
	    "DELETE FROM household; DELETE FROM app_user; DELETE FROM office;");
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		ck_assert_msg(audits(tables[i], "delete") == 1, "%s delete", tables[i]);
	/* an insert keeps no copy of the row but its hash; a delete the whole row, no hash */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'insert' AND (before "
	    "IS NOT NULL OR after IS NOT NULL OR length(row_hash) <> 32)", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'update' AND "
	    "length(row_hash) <> 32", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'delete' AND "
	    "(row_hash IS NOT NULL OR after IS NOT NULL)", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person' AND op = "
	    "'delete' AND json_extract(before, '$.name') = '王丽' AND json_extract(before, "
	    "'$.phone') = '13912345678'", NULL), 1);
	/* every row chained, in commit order, at in milliseconds */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE length(hash) <> 32 OR "
	    "hash IS NULL OR at < 1500000000000", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT max(seq) = count(*) FROM audit", NULL), 1);
	/* the before and after images are recorded */
	struct db_stmt *st = db_prepare(db, "SELECT before, after FROM audit WHERE tbl = 'insurance' "
	    "AND op = 'update'");
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	ck_assert_ptr_nonnull(strstr(db_col_text(st, 0), "\"unemployment_months\":40"));
	ck_assert_ptr_nonnull(strstr(db_col_text(st, 1), "\"unemployment_months\":41"));
	db_finalize(st);
	person_clear(&p);
}
END_TEST

/* Every column of every audited table is named by each of its audit triggers (a trigger made
 * before a column was added would leave its changes out of the trail), but person.name_sort, a
 * key derived from the name that the update's trigger leaves out on purpose (schema step 3),
 * and person's copies of its household's flags (schema step 7), audited on household, and a
 * user's failed logins and lock (schema step 8: events of their own), and the password hash
 * that a deleted user's row leaves out (hashed, never copied). */
START_TEST(audit_triggers_name_every_column)
{
	struct db_stmt *st = db_prepare(db, "SELECT t.name, c.name FROM sqlite_schema t, "
	    "pragma_table_info(t.tbl_name) c WHERE t.type = 'trigger' AND t.name LIKE '%\\_audit\\_%' "
	    "ESCAPE '\\' AND NOT (t.tbl_name = 'person' AND c.name IN ('name_sort', 'low_income', "
	    "'poor_disabled', 'registered_poor', 'extremely_poor', 'zero_employment')) AND NOT "
	    "(t.tbl_name = 'app_user' AND c.name IN ('failed_logins', 'locked_until')) AND NOT "
	    "(t.name = 'app_user_audit_d' AND c.name = 'password_hash') AND "
	    "instr(t.sql, 'new.' || c.name || ',') + instr(t.sql, 'new.' || c.name || ')') + "
	    "instr(t.sql, 'old.' || c.name || ',') + instr(t.sql, 'old.' || c.name || ')') = 0");
	int rc = db_step(st, "test", NULL);

	ck_assert_msg(rc == DB_DONE, "%s leaves out %s", rc == DB_ROW ? db_col_text(st, 0) : "?",
	    rc == DB_ROW ? db_col_text(st, 1) : "?");
	db_finalize(st);
	/* and the facts of schema step 4 are among them */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
	    "('person_audit_i', 'person_audit_u', 'person_audit_d') AND instr(sql, "
	    "'registered_unemployed_until') > 0 AND instr(sql, 'employer_size') > 0", NULL), 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
	    "('insurance_audit_i', 'insurance_audit_u', 'insurance_audit_d') AND instr(sql, "
	    "'benefit_until') > 0 AND instr(sql, 'receiving_benefit') > 0", NULL), 3);
}
END_TEST

START_TEST(audit_refuses_changes)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	person_clear(&p);
	ck_assert_int_ne(db_exec(db, "UPDATE audit SET actor = 'someone else'", &d), 0);
	ck_assert_int_ne(db_exec(db, "DELETE FROM audit", &d), 0);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit WHERE actor = 'counselor1'");
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	ck_assert_int_ge(db_col_int(st, 0), 1);
	db_finalize(st);
}
END_TEST

/* The row and chain hashes are SHA-256 of each value tagged and length-prefixed (computed here
 * apart, in Python), whatever row was hashed just before: jd_row_hash gives the last row's hash
 * again without hashing when called with the same values (each audit trigger asks twice). */
START_TEST(audit_hashes_are_the_canonical_ones)
{
	static const char a[] = "'person', '王丽', -7, NULL, 2.5, x'00ff', ''";
	static const char b[] = "'person', '王丽', -7, NULL, 2.5, x'00ff', 'x'";
	static const char ha[] = "2C71637354471E18A43C10DCA51443FAAAF96F42D9376F76F3F52B2CF1DEDBD6";
	static const char hb[] = "42B1C75F581244D6D3122739928D1E6D7A121ABA9661FDE6B596D1C0D3100A0A";
	char sql[1024];

	snprintf(sql, sizeof sql, "SELECT hex(jd_row_hash(%s)) = '%s' AND hex(jd_row_hash(%s)) = '%s' "
	    "AND hex(jd_row_hash(%s)) = '%s' AND hex(jd_row_hash(%s)) = '%s'", a, ha, a, ha, b, hb, a,
	    ha);
	ck_assert_int_eq(testdb_int(db, sql, NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT hex(jd_chain(NULL, 1, 'a', NULL)) = "
	    "'5E867BFBDEEEB458D8C34EE20B873ACE286ED10166C0829B41D7AFE0A065EFFF' AND "
	    "hex(jd_chain(zeroblob(32), 1, 'a', NULL)) = hex(jd_chain(NULL, 1, 'a', NULL)) AND "
	    "hex(jd_chain(x'0101010101010101010101010101010101010101010101010101010101010101', 1, 'a', "
	    "NULL)) = 'FE212A778C1D97057C919913BB6C634668F8E2FD2EE362CC9FAF874057080AA3'", NULL), 1);
}
END_TEST

/* Schema step 17: a time is stored as unix milliseconds and hashed, compared and copied by the
 * audit as the ISO text it held before (jd_ts), so a row's hash is the one of its text (computed
 * here apart, in Python), not the one of the integer; jd_ms reads back only that text. A note
 * written now is recorded with that hash and its times as text. */
START_TEST(integer_times_hash_as_their_text)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256], *nid = NULL;

	ck_assert_int_eq(testdb_int(db, "SELECT jd_ts(1519893000250) = '2018-03-01T08:30:00.250Z' "
	    "AND jd_ts(-1) = '1969-12-31T23:59:59.999Z' AND jd_ts(951782400000) = "
	    "'2000-02-29T00:00:00.000Z' AND jd_ts('x') = 'x' AND jd_ts(NULL) IS NULL AND "
	    "jd_ms('2018-03-01T08:30:00.250Z') = 1519893000250 AND jd_ms('1969-12-31T23:59:59.999Z') "
	    "= -1 AND jd_ms('2018-02-30T00:00:00.000Z') IS NULL AND jd_ms('2018-03-01 08:30:00') IS "
	    "NULL AND jd_ms('2018-03-01T08:30:00.250+08:00') IS NULL AND jd_ms(7) = 7", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT hex(jd_row_hash('note', 'n1', jd_ts(1519893000250), "
	    "jd_ts(1519862399999))) = 'A7E09C1CC4189FA1B4827302146B66876C3E46B2D784F8D8A423E598002A42B9' "
	    "AND hex(jd_row_hash('note', 'n1', 1519893000250, 1519862399999)) = "
	    "'BFE34DCC2324013E295538ABD4B1C2DAC517043217155527F74F45604EDAC13A'", NULL), 1);
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	ck_assert_int_eq(note_add(db, p.v[PF_ID], "电话回访", NULL, date_from_ymd(2018, 3, 1), &nid,
	    &d), 0);
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT typeof(n.created_at) = 'integer' AND a.row_hash = "
	    "jd_row_hash('note', n.id, n.person_id, n.body, n.followup_date, n.done, "
	    "jd_ts(n.created_at), jd_ts(n.updated_at), n.created_by, n.cancelled, n.done_on) AND "
	    "a.row_hash IS NOT jd_row_hash('note', n.id, n.person_id, n.body, n.followup_date, "
	    "n.done, n.created_at, n.updated_at, n.created_by, n.cancelled, n.done_on) FROM note n "
	    "JOIN audit a ON a.row_key = n.id AND a.op = 'insert' WHERE n.id = '%s'", nid);
	ck_assert_int_eq(testdb_int(db, sql, NULL), 1);
	person_clear(&p);
	free(nid);
}
END_TEST

/* A row key of jd_new_key's form packs into 15 bytes and unpacks to the same text: every
 * character of the alphabet in every place, the smallest and largest office and key; the
 * packed keys sort as their text. */
START_TEST(row_keys_pack_and_unpack)
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	const char *keys[] = { "000000-00000000000000000000", "999999-ZZZZZZZZZZZZZZZZZZZZ",
	    "000000-01M8MCK10J25CRP6MK68", "220102-01M8MDD5BGFQ7CQ0HYKW", "000001-00000000000000000001",
	    "100000-Z0000000000000000000" };
	unsigned char a[AUDIT_KEY_PACKED], b[AUDIT_KEY_PACKED];
	char text[28], key[28];

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		ck_assert(audit_key_pack(keys[i], strlen(keys[i]), a));
		audit_key_unpack(a, text);
		ck_assert_str_eq(text, keys[i]);
	}
	ck_assert(audit_key_pack(keys[0], 27, a));
	ck_assert(audit_key_pack(keys[1], 27, b));
	for (int i = 0; i < AUDIT_KEY_PACKED; i++)
		ck_assert_int_eq(a[i], 0);
	ck_assert_int_eq(b[0], 0xf4);	/* 999999 << 100: 0xf423f, its top byte */
	for (int c = 0; c < 32; c++)
		for (int pos = 0; pos < 20; pos++) {
			snprintf(key, sizeof key, "%06d-%s", c * 31249 + pos, "01M8MCK10J25CRP6MK68");
			key[7 + pos] = b32[c];
			ck_assert(audit_key_pack(key, 27, a));
			audit_key_unpack(a, text);
			ck_assert_str_eq(text, key);
			/* the next key in text order packs to the next blob in memcmp order */
			snprintf(key, sizeof key, "%s", text);
			ck_assert(audit_key_pack("000000-01M8MCK10J25CRP6MK68", 27, b));
			ck_assert_int_eq(memcmp(a, b, sizeof a) < 0, strcmp(text,
			    "000000-01M8MCK10J25CRP6MK68") < 0);
		}
}
END_TEST

/* A key not of jd_new_key's form stays text: a login, an office code, lower case, I L O U, a
 * character short or over, no '-', a letter in the office. */
START_TEST(other_row_keys_stay_text)
{
	const char *bad[] = { "boss", "000000", "000000-01m8mck10j25crp6mk68",
	    "000000-01M8MCK10J25CRP6MK6I", "000000-01M8MCK10J25CRP6MK6L", "000000-O1M8MCK10J25CRP6MK68",
	    "000000-01M8MCK10J25CRP6MKU8", "000000-01M8MCK10J25CRP6MK6", "000000-01M8MCK10J25CRP6MK688",
	    "000000x01M8MCK10J25CRP6MK68", "00000A-01M8MCK10J25CRP6MK68", "",
	    "000000-01M8MCK10J25CRP6MK6\xff" };
	unsigned char a[AUDIT_KEY_PACKED];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!audit_key_pack(bad[i], strlen(bad[i]), a), "%s packed", bad[i]);
	ck_assert(!audit_key_pack(NULL, 0, a));
	/* through SQL: a packed key is 15 bytes and comes back as its text; another key as it is */
	ck_assert_int_eq(testdb_int(db, "SELECT length(jd_key_pack('000000-01M8MCK10J25CRP6MK68')) "
	    "= 15 AND typeof(jd_key_pack('000000-01M8MCK10J25CRP6MK68')) = 'blob' AND "
	    "jd_key_text(jd_key_pack('000000-01M8MCK10J25CRP6MK68')) = "
	    "'000000-01M8MCK10J25CRP6MK68' AND jd_key_pack('boss') = 'boss' AND "
	    "jd_key_text('boss') = 'boss' AND jd_key_pack(NULL) IS NULL", NULL), 1);
}
END_TEST

/* audit_log stores a person's key packed, the view audit and the plain-SQL unpacking show its
 * text, and the person's rows are found by an index seek on audit_key. */
START_TEST(audit_log_keys_are_packed)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit_log a JOIN person p ON a.row_key "
	    "= jd_key_pack(p.id) WHERE typeof(a.row_key) = 'blob' AND length(a.row_key) = 15", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit v JOIN person p ON v.row_key = "
	    "p.id", NULL), 1);
	person_clear(&p);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit_log WHERE typeof(row_key) = "
	    "'text' AND length(row_key) = 27 AND row_key GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-*'",
	    NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit v JOIN audit_log a USING (seq) "
	    "WHERE v.row_key IS NOT jd_key_text(a.row_key)", NULL), 0);
	/* a key's rows, as core/audit.c and db check look them up: a seek on audit_key */
	struct db_stmt *st = db_prepare(db, "EXPLAIN QUERY PLAN SELECT a.seq FROM audit_log a, "
	    "person x WHERE substr(a.row_key, -3) = substr(jd_key_pack(x.id), -3) AND a.row_key = "
	    "jd_key_pack(x.id)");
	bool seek = false;
	while (db_step(st, "plan", &d) == DB_ROW)
		seek = seek || strstr(db_col_text(st, 3), "USING INDEX audit_key (<expr>=?)") != NULL;
	db_finalize(st);
	ck_assert(seek);
}
END_TEST

/* The suite. */
static Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("audit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_case_table_is_audited);
	tcase_add_test(tc, audit_refuses_changes);
	tcase_add_test(tc, audit_triggers_name_every_column);
	tcase_add_test(tc, audit_hashes_are_the_canonical_ones);
	tcase_add_test(tc, integer_times_hash_as_their_text);
	tcase_add_test(tc, row_keys_pack_and_unpack);
	tcase_add_test(tc, other_row_keys_stay_text);
	tcase_add_test(tc, audit_log_keys_are_packed);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(audit_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
