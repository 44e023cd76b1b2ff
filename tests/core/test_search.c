/* Check tests for core/search: by Chinese name or part, pinyin initials, ID tail and phone. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/person.h"
#include "core/search.h"
#include "util/utf8.h"
#include "testdb.h"

static struct db *db;

/* Add one person by name, ID number and phone. */
static void
add(const char *name, const char *idnum, const char *phone)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	if (phone != NULL)
		ck_assert_int_eq(person_set(&p, PF_PHONE, phone, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

/* A database with a few persons. */
static void
setup(void)
{
	db = testdb_open("search", "tester");
	add("王丽", "220102199503070028", "13912345678");
	add("王丽华", "11010519491231002X", NULL);
	add("单雪梅", "34052419800101001X", "15800001111");
	add("李娜", "440524188001010014", NULL);
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Names found by a query, sorted into one space-separated string. */
static char *
found(const char *q)
{
	struct search_hit *hits;
	struct diag d = DIAG_INIT;
	struct sbuf b = SBUF_INIT;
	int n;

	ck_assert_msg(search_run(db, q, 50, &hits, &n, &d) == 0, "%s: %s", q, d.msg);
	/* a simple insertion sort by name keeps the expectation independent of index order */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(hits[j - 1].name, hits[j].name) > 0; j--) {
			struct search_hit t = hits[j];
			hits[j] = hits[j - 1];
			hits[j - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(&b, ' ');
		sbuf_add(&b, hits[i].name);
	}
	search_free(hits, n);
	return sbuf_take(&b);
}

/* Assert a query finds exactly the expected names. */
static void
expect(const char *q, const char *names)
{
	char *got = found(q);
	ck_assert_msg(strcmp(got, names) == 0, "search '%s': got '%s', want '%s'", q, got, names);
	free(got);
}

START_TEST(by_chinese_name)
{
	expect("王丽", "王丽 王丽华");
	expect("王", "王丽 王丽华");
	expect("丽华", "王丽华");
	expect("王丽华", "王丽华");
	expect("雪", "单雪梅");
	expect("王 丽", "王丽 王丽华");
	expect("张", "");
}
END_TEST

START_TEST(by_initials)
{
	expect("wl", "王丽 王丽华");
	expect("wlh", "王丽华");
	expect("WL", "王丽 王丽华");
	expect("ln", "李娜");
	/* 单 reads dān, shàn and chán */
	expect("sxm", "单雪梅");
	expect("dxm", "单雪梅");
	expect("zz", "");
}
END_TEST

START_TEST(by_id_number)
{
	expect("220102199503070028", "王丽");
	expect("0028", "王丽");
	expect("070028", "王丽");
	expect("002x", "王丽华");  /* an ID number's tail may end in X */
	expect("002X", "王丽华");
	expect("11010519491231002x", "王丽华");
	expect("9999", "");
}
END_TEST

START_TEST(by_phone)
{
	expect("13912345678", "王丽");
	expect("139 1234 5678", "王丽");
	expect("p", "");   /* a phone's tag letter is not an initial */
	expect("u", "");
	expect("i", "");
	expect("1111", "单雪梅");
}
END_TEST

/* Run the SQL of arg as one transaction's work. */
static int
exec_work(struct db *wdb, void *arg, struct diag *d)
{
	return db_exec(wdb, arg, d);
}

START_TEST(renamed_person_is_found_by_new_name)
{
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(db_transaction(db, exec_work,
	    "UPDATE person SET name = '赵敏' WHERE name = '李娜'", &d), 0);
	expect("zm", "赵敏");
	expect("ln", "");
	expect("李娜", "");
	ck_assert_int_eq(db_transaction(db, exec_work, "DELETE FROM person WHERE name = '赵敏'", &d),
	    0);
	expect("zm", "");
}
END_TEST

/* How many persons the index holds under one whole term (the FTS vocabulary). */
static int
term_docs(const char *term)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(sum(doc), 0) FROM temp.search_vocab "
	    "WHERE term = ?1");
	db_bind_text(st, 1, term);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	int n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

START_TEST(tokens_stored_once)
{
	struct diag d = DIAG_INIT;

	/* schema step 15: the tokens are in the FTS index alone, each row's size is not kept,
	 * and the index no statement read is gone */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM pragma_table_info('person_search') "
	    "WHERE name = 'tokens'", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
	    "('person_fts_docsize', 'person_name_birth')", NULL), 0);
	ck_assert_int_eq(db_exec(db, "CREATE VIRTUAL TABLE temp.search_vocab USING "
	    "fts5vocab(main, person_fts, 'row')", &d), 0);
	ck_assert_int_eq(term_docs("ln"), 1);
	/* the old tokens come out when the name changes, whatever happens after in the same
	 * transaction (renamed twice, renamed back, a phone alone changed, deleted) */
	ck_assert_int_eq(db_transaction(db, exec_work,
	    "UPDATE person SET name = '赵敏' WHERE name = '李娜';"
	    "UPDATE person SET name = '周敏' WHERE name = '赵敏'", &d), 0);
	ck_assert_int_eq(term_docs("ln"), 0);
	ck_assert_int_eq(term_docs("zm"), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM search_gone", NULL), 0);
	ck_assert_int_eq(db_transaction(db, exec_work,
	    "UPDATE person SET phone = '13800000000' WHERE name = '周敏';"
	    "UPDATE person SET name = '李娜' WHERE name = '周敏'", &d), 0);
	expect("13800000000", "李娜");
	expect("zm", "");
	ck_assert_int_eq(term_docs("zm"), 0);
	ck_assert_int_eq(term_docs("ln"), 1);
	/* saving the same values takes nothing out and puts nothing in again */
	ck_assert_int_eq(db_transaction(db, exec_work,
	    "UPDATE person SET name = name, phone = phone WHERE name = '李娜';"
	    /* (no RAISE outside a trigger: malformed JSON fails the statement instead) */
	    "SELECT json('an unchanged person was indexed again') WHERE (SELECT count(*) FROM "
	    "search_gone) + (SELECT count(*) FROM person_search WHERE pending) > 0", &d), 0);
	ck_assert_int_eq(db_transaction(db, exec_work,
	    "UPDATE person SET name = '赵敏' WHERE name = '李娜'; DELETE FROM person WHERE name = '赵敏'",
	    &d), 0);
	ck_assert_int_eq(term_docs("zm") + term_docs("ln"), 0);
	ck_assert_int_eq(term_docs("wl") + term_docs("wlh"), 2);
	ck_assert_int_eq(db_exec(db, "INSERT INTO person_fts(person_fts) VALUES ('integrity-check')",
	    &d), 0);
	expect("wl", "王丽 王丽华");
}
END_TEST

START_TEST(short_digit_queries_refused)
{
	struct search_hit *hits;
	struct diag d = DIAG_INIT;
	int n;

	ck_assert_int_eq(search_run(db, "002", 10, &hits, &n, &d), EX_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "4 digits"));
	/* the screen's hint follows the code, not the words */
	ck_assert_int_eq(d.reason, SEARCH_TOO_SHORT);
	ck_assert_int_eq(search_run(db, "!?", 10, &hits, &n, &d), EX_USAGE);
	ck_assert_int_eq(d.reason, 0);
}
END_TEST

START_TEST(query_plan_uses_indexes)
{
	/* the name, initials and suffix paths go through the FTS index, never a scan of person */
	struct db_stmt *st = db_prepare(db, "EXPLAIN QUERY PLAN SELECT p.id FROM person_fts "
	    "JOIN person_search s ON s.docid = person_fts.rowid JOIN person p ON p.id = s.person_id "
	    "WHERE person_fts MATCH 'wl*' LIMIT 20");
	int scans = 0;
	while (db_step(st, "test", NULL) == DB_ROW) {
		const char *detail = db_col_text(st, 3);
		if (strncmp(detail, "SCAN", 4) == 0 && strstr(detail, "VIRTUAL TABLE") == NULL)
			scans++;
	}
	db_finalize(st);
	ck_assert_int_eq(scans, 0);
}
END_TEST

/* The suite. */
static Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, by_chinese_name);
	tcase_add_test(tc, by_initials);
	tcase_add_test(tc, by_id_number);
	tcase_add_test(tc, by_phone);
	tcase_add_test(tc, renamed_person_is_found_by_new_name);
	tcase_add_test(tc, tokens_stored_once);
	tcase_add_test(tc, short_digit_queries_refused);
	tcase_add_test(tc, query_plan_uses_indexes);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	utf8_locale();
	SRunner *sr = srunner_create(search_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
