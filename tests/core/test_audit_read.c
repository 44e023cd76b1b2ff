/* Check tests for reading the audit trail (core/audit.c) and saying its rows in words
 * (casefile_change, casefile_history): by person, user and dates, newest first, a page at a
 * time; an insert without a copy of the row; rows of the old trail as what they were; the
 * chain's own rows and the events by their words, in English and under zh_CN. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/casefile.h"
#include "core/db.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db;

/* Set the locale as main() does and decide the language. */
static void
speak(const char *lang)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", lang, 1);
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no %s locale (./dev test makes zh_CN.UTF-8)",
	    lang);
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
}

/* A fresh database for each test, in English. */
static void
setup(void)
{
	speak("C.UTF-8");
	db = testdb_open("audit_read", "counselor1");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Register a person by name and ID number; returns the new id (caller frees). */
static char *
add_person(const char *name, const char *idn)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idn, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = strdup(p.v[PF_ID]);
	person_clear(&p);
	return id;
}

/* Change the person's phone through the model (one audited update). */
static void
set_phone(const char *id, const char *phone)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_load(db, id, &p, &d), 0);
	ck_assert_int_eq(person_set(&p, PF_PHONE, phone, why, sizeof why), 0);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

/* A note with a follow-up for the person whose id is arg. */
static int
add_note(struct db *wdb, void *arg, struct diag *d)
{
	return note_insert(wdb, arg, "电话回访", "2018-03-05", date_from_ymd(2018, 3, 1), NULL, d);
}

/* Append a row to the trail by hand (what the old trail left, or an event), next in order. */
static void
add_row(const char *tbl, const char *key, const char *op, const char *before, const char *after)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO audit_who (actor, acting_as) VALUES ('old', x'') "
	    "ON CONFLICT DO NOTHING", NULL), 0);
	struct db_stmt *st = db_prepare(db, "INSERT INTO audit_log (seq, at, who, tbl, row_key, "
	    "op, before, after) VALUES ((SELECT max(seq) + 1 FROM audit_log), 1519878600000, (SELECT "
	    "id FROM audit_who WHERE actor = 'old' AND acting_as = x''), "
	    "(SELECT code FROM audit_code WHERE kind = 'tbl' AND name = ?1), ?2, (SELECT code FROM "
	    "audit_code WHERE kind = 'op' AND name = ?3), ?4, ?5)");
	db_bind_text(st, 1, tbl);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, op);
	db_bind_text(st, 4, before);
	db_bind_text(st, 5, after);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_DONE);
	db_finalize(st);
}

/* The words casefile_change gives for a row. */
static const char *
words(const char *tbl, const char *op, const char *before, const char *after)
{
	static struct sbuf b = SBUF_INIT;
	struct diag d = DIAG_INIT;

	sbuf_reset(&b);
	ck_assert_msg(casefile_change(db, tbl, op, before, after, &b, &d) == 0, "%s", d.msg);
	return sbuf_str(&b);
}

/* Whether every row of r names one of the keys (NULL-ended). */
static bool
only_keys(const struct rows *r, const char *const *keys)
{
	for (size_t i = 0; i < r->n; i++) {
		bool found = false;
		for (const char *const *k = keys; *k != NULL; k++)
			found |= rows_get(r, i, AU_KEY) != NULL && strcmp(rows_get(r, i, AU_KEY), *k) == 0;
		if (!found)
			return false;
	}
	return true;
}

START_TEST(one_persons_rows_newest_first)
{
	struct diag d = DIAG_INIT;
	struct rows r;
	bool more = true;
	char *a = add_person("王丽", "220102199503070028");
	char *b = add_person("李强", "220102199001021015");

	set_phone(a, "13912345678");
	ck_assert_int_eq(db_transaction(db, add_note, a, &d), 0);
	char *note = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM note WHERE person_id = ?1");
	db_bind_text(st, 1, a);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	note = strdup(db_col_text(st, 0));
	db_finalize(st);
	set_phone(b, "13812345678");

	struct audit_filter f = { .person_id = a };
	ck_assert_int_eq(audit_query(db, &f, &r, &more, &d), 0);
	ck_assert(!more);
	/* the person's insert and two updates (the phone, the follow-up), the note's insert */
	ck_assert_uint_eq(r.n, 4);
	const char *keys[] = { a, note, NULL };
	ck_assert(only_keys(&r, keys));
	for (size_t i = 1; i < r.n; i++)
		ck_assert_int_gt(atoll(rows_get(&r, i - 1, AU_SEQ)), atoll(rows_get(&r, i, AU_SEQ)));
	/* the oldest is the person's insert: no copy of the row, its hash, the chain's */
	size_t o = r.n - 1;
	ck_assert_str_eq(rows_get(&r, o, AU_OP), "insert");
	ck_assert_str_eq(rows_get(&r, o, AU_TABLE), "person");
	ck_assert_ptr_null(rows_get(&r, o, AU_BEFORE));
	ck_assert_ptr_null(rows_get(&r, o, AU_AFTER));
	ck_assert_str_eq(rows_get(&r, o, AU_BEFORE_JSON), "null");
	ck_assert_uint_eq(strlen(rows_get(&r, o, AU_ROW_HASH)), 64);
	ck_assert_uint_eq(strlen(rows_get(&r, o, AU_HASH)), 64);
	ck_assert_str_eq(rows_get(&r, o, AU_ACTOR), "counselor1");
	ck_assert_ptr_null(rows_get(&r, o, AU_ACTING_AS));
	/* when: UTC text to the millisecond, the same instant as the stored milliseconds */
	const char *at = rows_get(&r, o, AU_AT);
	ck_assert_uint_eq(strlen(at), 24);
	ck_assert_int_eq(at[23], 'Z');
	long long ms = atoll(rows_get(&r, o, AU_AT_MS));
	char want[32];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(want + strlen(want), sizeof want - strlen(want), ".%03lldZ", ms % 1000);
	ck_assert_str_eq(at, want);
	/* the update's changed columns before and after, as JSON values */
	ck_assert_ptr_nonnull(strstr(rows_get(&r, 2, AU_AFTER_JSON), "13912345678"));
	rows_free(&r);
	/* the history of the person screen: the same rows, in words */
	ck_assert_int_eq(casefile_history(db, a, &r, &d), 0);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_str_eq(words(rows_get(&r, 3, HI_TABLE), rows_get(&r, 3, HI_OP),
	    rows_get(&r, 3, HI_BEFORE), rows_get(&r, 3, HI_AFTER)), "added personal details");
	ck_assert_str_eq(words(rows_get(&r, 2, HI_TABLE), rows_get(&r, 2, HI_OP),
	    rows_get(&r, 2, HI_BEFORE), rows_get(&r, 2, HI_AFTER)), "changed phone: - → 13912345678");
	rows_free(&r);
	/* by ID number through the person's key: nobody else's rows */
	f.person_id = b;
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 2);
	const char *bkeys[] = { b, NULL };
	ck_assert(only_keys(&r, bkeys));
	rows_free(&r);
	free(a);
	free(b);
	free(note);
}
END_TEST

START_TEST(by_user_dates_and_pages)
{
	struct diag d = DIAG_INIT;
	struct rows r, r2;
	bool more = false;
	char *a = add_person("王丽", "220102199503070028");

	db_set_acting_as(db, "root");
	set_phone(a, "13912345678");
	db_set_acting_as(db, NULL);
	/* a row of the old trail, by another login */
	add_row("person", a, "legacy", "{\"phone\":null}", "{\"phone\":\"1\"}");
	/* the insert, the update (the chain's start, written by the migration as counselor1, left
	 * out) */
	struct audit_filter f = { .user = "counselor1", .changes_only = true };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(rows_get(&r, 0, AU_ACTING_AS), "root");
	rows_free(&r);
	f.user = "root";  /* the owner, acting as counselor1 */
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, AU_ACTOR), "counselor1");
	rows_free(&r);
	f.user = "old";
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, AU_OP), "legacy");
	rows_free(&r);
	/* dates, local and both included: today has the new rows, 2018-03-01 the hand-made one
	 * (08:30 in Shanghai) */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	time_t now = time(NULL);
	struct tm lt;
	localtime_r(&now, &lt);
	int today = date_from_ymd(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	f = (struct audit_filter){ .from = today, .to = today };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_ge(r.n, 3);
	for (size_t i = 0; i < r.n; i++)
		ck_assert_str_ne(rows_get(&r, i, AU_ACTOR), "old");
	rows_free(&r);
	/* a day's rows are found by halving the range of row numbers (rows are written in time
	 * order): the hand-made row, written after today's with a time of 2018, is out of order and
	 * so not found by its day (the documented limit), and no other row is shown for that day */
	f = (struct audit_filter){ .from = date_from_ymd(2018, 3, 1), .to = date_from_ymd(2018, 3, 1) };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 0);
	rows_free(&r);
	f = (struct audit_filter){ .to = date_from_ymd(2018, 2, 28) };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_uint_eq(r.n, 0);
	rows_free(&r);
	unsetenv("TZ");
	tzset();
	/* pages: two rows and "more", then the rows older than the last, none shown twice */
	f = (struct audit_filter){ .limit = 2 };
	ck_assert_int_eq(audit_query(db, &f, &r, &more, &d), 0);
	ck_assert_uint_eq(r.n, 2);
	ck_assert(more);
	f.older_than = atoll(rows_get(&r, 1, AU_SEQ));
	f.limit = 1000;
	ck_assert_int_eq(audit_query(db, &f, &r2, &more, &d), 0);
	ck_assert(!more);
	ck_assert_int_eq(atoll(rows_get(&r2, 0, AU_SEQ)), f.older_than - 1);
	long long all = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	ck_assert_int_eq((long long)(r.n + r2.n), all);
	/* the oldest rows are the chain's start and the compact audit's (schema step 11);
	 * changes_only leaves them out */
	ck_assert_str_eq(rows_get(&r2, r2.n - 1, AU_OP), "chain_start");
	ck_assert_str_eq(rows_get(&r2, r2.n - 2, AU_OP), "compact");
	rows_free(&r);
	rows_free(&r2);
	f = (struct audit_filter){ .limit = 1000, .changes_only = true };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	ck_assert_int_eq((long long)r.n, all - 2);
	rows_free(&r);
	free(a);
}
END_TEST

/* A note deleted (as a township's changes or a cascade delete it: no correction names it) is
 * still in its person's history, found by the person its deleted row names (audit_gone), with
 * its insert; another person's deleted note is not. */
START_TEST(a_deleted_note_stays_in_the_history)
{
	struct diag d = DIAG_INIT;
	struct rows r;
	char *a = add_person("王丽", "220102199503070028");
	char *b = add_person("李强", "220102199001021015");

	ck_assert_int_eq(db_transaction(db, add_note, a, &d), 0);
	ck_assert_int_eq(db_transaction(db, add_note, b, &d), 0);
	char *note = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM note WHERE person_id = ?1");
	db_bind_text(st, 1, a);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	note = strdup(db_col_text(st, 0));
	db_finalize(st);
	ck_assert_msg(db_exec(db, "DELETE FROM note", &d) == 0, "%s", d.msg);

	struct audit_filter f = { .person_id = a };
	ck_assert_int_eq(audit_query(db, &f, &r, NULL, &d), 0);
	int inserts = 0, deletes = 0;
	for (size_t i = 0; i < r.n; i++) {
		if (strcmp(rows_get(&r, i, AU_TABLE), "note") != 0)
			continue;
		ck_assert_str_eq(rows_get(&r, i, AU_KEY), note);
		inserts += strcmp(rows_get(&r, i, AU_OP), "insert") == 0;
		deletes += strcmp(rows_get(&r, i, AU_OP), "delete") == 0;
	}
	ck_assert_int_eq(inserts, 1);
	ck_assert_int_eq(deletes, 1);
	/* newest first: the delete leads */
	ck_assert_str_eq(rows_get(&r, 0, AU_OP), "delete");
	ck_assert_str_eq(words("note", "delete", rows_get(&r, 0, AU_BEFORE), NULL),
	    "removed note and follow-up");
	rows_free(&r);
	free(note);
	free(a);
	free(b);
}
END_TEST

/* Every kind of row in words, in English and under zh_CN: legacy rows as what they were, an
 * insert without values, the chain's rows and the events, an operation jobdesk does not write
 * never by its code. */
START_TEST(every_row_in_words)
{
	ck_assert_str_eq(words("person", "legacy", NULL, "{\"id\":\"x\",\"name\":\"王丽\"}"),
	    "added personal details");
	ck_assert_str_eq(words("person", "legacy", "{\"phone\":\"13912345678\",\"updated_at\":\"a\"}",
	    "{\"phone\":\"13812345678\",\"updated_at\":\"b\"}"),
	    "changed phone: 13912345678 → 13812345678");
	ck_assert_str_eq(words("note", "legacy", "{\"id\":\"x\",\"body\":\"b\"}", NULL),
	    "removed note and follow-up");
	ck_assert_str_eq(words("enrollment", "insert", NULL, NULL), "added progress");
	ck_assert_str_eq(words("certificate", "delete", "{\"level\":3}", NULL),
	    "removed certificate");
	ck_assert_str_eq(words("person", "baseline", NULL, NULL),
	    "personal details recorded as it was when the chain started");
	ck_assert_str_eq(words(NULL, "chain_start", NULL, "{\"converted\":12}"),
	    "audit chain started (12 earlier rows kept as they were)");
	ck_assert_str_eq(words(NULL, "chain_start", NULL, "{\"converted\":1}"),
	    "audit chain started (1 earlier row kept as it was)");
	ck_assert_str_eq(words(NULL, "chain_start", NULL, "not json"), "audit chain started");
	ck_assert_str_eq(words(NULL, "login", NULL, "{\"from\":\"tty1\"}"), "signed in");
	ck_assert_str_eq(words(NULL, "view_id", NULL, NULL), "viewed the full ID number");
	ck_assert_str_eq(words(NULL, "sync_import", NULL, NULL),
	    "imported another office's changes");
	ck_assert_str_eq(words(NULL, "update", "{\"phone\":\"1\"}", "{\"phone\":\"2\"}"),
	    "changed");
	ck_assert_str_eq(words(NULL, NULL, NULL, NULL), "unknown operation");
	ck_assert_ptr_nonnull(strstr(words("person", "forged", NULL, NULL), "unknown operation"));
	ck_assert_ptr_null(strstr(words("person", "forged", NULL, NULL), "forged"));
	/* the tables jobdesk keeps beside the case, by name; a password hash never said */
	ck_assert_str_eq(words("app_user", "update", "{\"role\":\"counselor\",\"password_hash\":"
	    "\"$argon2id$a\"}", "{\"role\":\"supervisor\",\"password_hash\":\"$argon2id$b\"}"),
	    "changed user account role: counselor → supervisor");
	ck_assert_str_eq(words("unit", "insert", NULL, NULL), "added unit");
	/* under zh_CN: Chinese throughout */
	speak("zh_CN.UTF-8");
	ck_assert_str_eq(words("person", "legacy", "{\"phone\":\"13912345678\"}",
	    "{\"phone\":\"13812345678\"}"), "修改 手机: 13912345678 → 13812345678");
	ck_assert_str_eq(words("person", "insert", NULL, NULL), "新增 个人信息");
	ck_assert_str_eq(words(NULL, "chain_start", NULL, "{\"converted\":12}"),
	    "审计链开始（此前的 12 条记录按原样保留）");
	ck_assert_str_eq(words(NULL, "login", NULL, NULL), "登录");
	ck_assert_str_eq(words("app_user", "update", "{\"role\":\"counselor\"}",
	    "{\"role\":\"supervisor\"}"), "修改 用户账号 角色: 经办人 → 主管");
	ck_assert_str_eq(words("unit", "update", "{\"kind\":\"internship_host\"}",
	    "{\"kind\":\"training_provider\"}"), "修改 单位 单位类型: 见习基地 → 培训机构");
	ck_assert_str_eq(words("person", "forged", NULL, NULL), "未知操作 个人信息");
	speak("C.UTF-8");
}
END_TEST

/* audit_whose: the person a row concerns, by its table and key, and for a removed record by
 * the row as it was; no one for a row of no person. */
START_TEST(whose_each_row_is)
{
	struct diag d = DIAG_INIT;
	char *id = add_person("王丽", "220102199503070028"), *pid, *name, before[256];

	ck_assert_int_eq(db_transaction(db, add_note, id, &d), 0);
	struct db_stmt *st = db_prepare(db, "SELECT id FROM note WHERE person_id = ?1");
	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	char *note = strdup(db_col_text(st, 0));
	db_finalize(st);

	ck_assert_int_eq(audit_whose(db, "person", id, NULL, &pid, &name, &d), 0);
	ck_assert_str_eq(pid, id);
	ck_assert_str_eq(name, "王丽");
	free(pid);
	free(name);
	ck_assert_int_eq(audit_whose(db, "note", note, NULL, &pid, &name, &d), 0);
	ck_assert_str_eq(pid, id);
	ck_assert_str_eq(name, "王丽");
	free(pid);
	free(name);
	/* a note removed since names its person in its before */
	snprintf(before, sizeof before, "{\"person_id\":\"%s\",\"body\":\"x\"}", id);
	ck_assert_int_eq(audit_whose(db, "note", "000000-GONE", before, &pid, &name, &d), 0);
	ck_assert_str_eq(pid, id);
	ck_assert_str_eq(name, "王丽");
	free(pid);
	free(name);
	/* a person removed since: the name their row had */
	ck_assert_int_eq(audit_whose(db, "person", "000000-GONE", "{\"name\":\"张三\"}", &pid,
	    &name, &d), 0);
	ck_assert_str_eq(name, "张三");
	free(pid);
	free(name);
	/* rows of no one: a user account, the chain's start, a household */
	ck_assert_int_eq(audit_whose(db, "app_user", "000000-U", NULL, &pid, &name, &d), 0);
	ck_assert_ptr_null(pid);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(audit_whose(db, NULL, NULL, NULL, &pid, &name, &d), 0);
	ck_assert_ptr_null(pid);
	ck_assert_int_eq(audit_whose(db, "note", "000000-NONE", "not json", &pid, &name, &d), 0);
	ck_assert_ptr_null(pid);
	ck_assert_ptr_null(name);
	free(note);
	free(id);
}
END_TEST

/* The suite. */
static Suite *
audit_read_suite(void)
{
	Suite *s = suite_create("audit_read");
	TCase *tc = tcase_create("audit_read");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, one_persons_rows_newest_first);
	tcase_add_test(tc, by_user_dates_and_pages);
	tcase_add_test(tc, a_deleted_note_stays_in_the_history);
	tcase_add_test(tc, every_row_in_words);
	tcase_add_test(tc, whose_each_row_is);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(audit_read_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
