/* Check tests for what the screens show in words: provinces, certificate levels, local times
 * (core/label.h) and a history row's changes by their labels (casefile_change). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/casefile.h"
#include "core/db.h"
#include "core/label.h"
#include "util/sbuf.h"
#include "testdb.h"

/* Every one of the 34 codes has a name; other text stays as it is. */
START_TEST(provinces_by_name)
{
	int n = 0;

	ck_assert_str_eq(label_province("22"), "Jilin");
	ck_assert_str_eq(label_province("11"), "Beijing");
	ck_assert_str_eq(label_province("82"), "Macao");
	ck_assert_str_eq(label_province("99"), "99");
	ck_assert_str_eq(label_province(NULL), "-");
	for (const char *p = label_province_codes; *p != '\0'; p += p[2] == '|' ? 3 : 2) {
		char code[3] = { p[0], p[1], '\0' };
		ck_assert_str_ne(label_province(code), code);
		n++;
	}
	ck_assert_int_eq(n, 34);
}
END_TEST

/* Levels 1 to 5 by name, 5 the basic and 1 the highest (CONTRACT's facts file). */
START_TEST(levels_by_name)
{
	ck_assert_str_eq(label_level("5"), "basic (level 5)");
	ck_assert_str_eq(label_level("3"), "senior (level 3)");
	ck_assert_str_eq(label_level("1"), "senior technician (level 1)");
	ck_assert_str_eq(label_level("6"), "6");
	ck_assert_str_eq(label_level(NULL), "-");
}
END_TEST

/* A stored UTC time in the machine's time zone, to the minute. */
START_TEST(times_local)
{
	char out[32];

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	ck_assert_str_eq(label_time("2018-03-01T20:38:41.556Z", out, sizeof out),
	    "2018-03-02 04:38");
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(label_time("2018-03-01T20:38:41.556Z", out, sizeof out),
	    "2018-03-01 20:38");
	ck_assert_str_eq(label_time("yesterday", out, sizeof out), "yesterday");
	/* the audit's unix milliseconds (2018-03-01T20:38:41.556Z) */
	ck_assert_str_eq(label_time("1519936721556", out, sizeof out), "2018-03-01 20:38");
	ck_assert_str_eq(label_time("12x", out, sizeof out), "12x");
}
END_TEST

/* An audit row in words: the table named, the changed fields by label with before → after,
 * technical columns left out, long values cut. */
START_TEST(history_in_words)
{
	struct db *db = testdb_open("label", "counselor1");
	struct diag d = DIAG_INIT;
	struct sbuf b = SBUF_INIT;

	ck_assert_int_eq(casefile_change(db, "person", "insert", NULL, "{\"id\":\"x\"}", &b, &d), 0);
	ck_assert_str_eq(sbuf_str(&b), "added personal details");
	sbuf_reset(&b);
	ck_assert_int_eq(casefile_change(db, "person", "update", "{\"phone\":\"13912345678\","
	    "\"updated_at\":\"a\",\"household_id\":\"h1\",\"hukou_province\":null}",
	    "{\"phone\":\"13812345678\",\"updated_at\":\"b\",\"household_id\":\"h2\","
	    "\"hukou_province\":\"22\"}", &b, &d), 0);
	ck_assert_str_eq(sbuf_str(&b), "changed phone: 13912345678 → 13812345678\n"
	    "hukou province: - → Jilin");
	sbuf_reset(&b);
	ck_assert_int_eq(casefile_change(db, "enrollment", "update", "{\"status\":\"active\"}",
	    "{\"status\":\"completed\"}", &b, &d), 0);
	ck_assert_str_eq(sbuf_str(&b), "changed progress status: active → completed");
	sbuf_reset(&b);
	ck_assert_int_eq(casefile_change(db, "note", "update", "{\"body\":\"a very long note that "
	    "goes on and on\"}", "{\"body\":\"short\"}", &b, &d), 0);
	ck_assert_str_eq(sbuf_str(&b), "changed note and follow-up note: a very long note th… → "
	    "short");
	sbuf_reset(&b);
	ck_assert_int_eq(casefile_change(db, "certificate", "delete", "{\"level\":3}", NULL, &b,
	    &d), 0);
	ck_assert_str_eq(sbuf_str(&b), "removed certificate");
	sbuf_reset(&b);
	/* an audit row written outside jobdesk whose values are no object names no change */
	ck_assert_int_eq(casefile_change(db, "decision", "update", "1", "[2]", &b, &d), 0);
	ck_assert_ptr_null(strstr(sbuf_str(&b), "→"));
	sbuf_free(&b);
	testdb_close(db);
}
END_TEST

/* The suite. */
static Suite *
label_suite(void)
{
	Suite *s = suite_create("label");
	TCase *tc = tcase_create("label");

	tcase_add_test(tc, provinces_by_name);
	tcase_add_test(tc, levels_by_name);
	tcase_add_test(tc, times_local);
	tcase_add_test(tc, history_in_words);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(label_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
