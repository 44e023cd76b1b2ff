/* Check tests for util/date: parsing, month arithmetic and completed periods. */
#include <check.h>
#include <stdlib.h>

#include "util/date.h"

/* Parse or fail the test. */
static int
d(const char *s)
{
	int days;

	ck_assert_msg(date_parse(s, &days) == 0, "%s should parse", s);
	return days;
}

START_TEST(parse_strict)
{
	int days;

	ck_assert_int_eq(date_parse("2017-01-01", &days), 0);
	ck_assert_int_eq(date_parse("2017-02-29", &days), -1);
	ck_assert_int_eq(date_parse("2016-02-29", &days), 0);
	ck_assert_int_eq(date_parse("2017-1-01", &days), -1);
	ck_assert_int_eq(date_parse("2017-01-01x", &days), -1);
	ck_assert_int_eq(date_parse("2017-13-01", &days), -1);
	ck_assert_int_eq(date_parse("2017/01/01", &days), -1);
	ck_assert_int_eq(date_parse("", &days), -1);
	ck_assert_int_eq(d("1970-01-01"), 0);
	ck_assert_int_eq(d("1970-01-02"), 1);
	ck_assert_int_eq(d("1969-12-31"), -1);
}
END_TEST

START_TEST(round_trip)
{
	char out[11];

	for (int i = -30000; i < 30000; i += 7) {
		int back;
		date_format(i, out);
		ck_assert_int_eq(date_parse(out, &back), 0);
		ck_assert_int_eq(back, i);
	}
}
END_TEST

START_TEST(add_months_clamps)
{
	char out[11];

	ck_assert_str_eq(date_format(date_add_months(d("2017-01-31"), 1), out), "2017-02-28");
	ck_assert_str_eq(date_format(date_add_months(d("2016-01-31"), 1), out), "2016-02-29");
	ck_assert_str_eq(date_format(date_add_months(d("2016-02-29"), 12), out), "2017-02-28");
	ck_assert_str_eq(date_format(date_add_months(d("2017-03-31"), -1), out), "2017-02-28");
	ck_assert_str_eq(date_format(date_add_months(d("2017-12-15"), 1), out), "2018-01-15");
	/* before year 1 the month is still 1 to 12 (floor division) */
	int y, m, dd;
	date_to_ymd(date_add_months(date_from_ymd(1, 2, 15), -14), &y, &m, &dd);
	ck_assert_int_eq(y, -1);
	ck_assert_int_eq(m, 12);
	ck_assert_int_eq(dd, 15);
}
END_TEST

START_TEST(completed_months)
{
	ck_assert_int_eq(date_months_between(d("2017-03-01"), d("2018-03-01")), 12);
	ck_assert_int_eq(date_months_between(d("2017-03-01"), d("2018-02-28")), 11);
	ck_assert_int_eq(date_months_between(d("2017-01-31"), d("2017-02-28")), 1);
	ck_assert_int_eq(date_months_between(d("2017-01-31"), d("2017-02-27")), 0);
	ck_assert_int_eq(date_years_between(d("2015-08-01"), d("2017-08-01")), 2);
	ck_assert_int_eq(date_years_between(d("2015-08-01"), d("2017-07-31")), 1);
	ck_assert_int_eq(date_years_between(d("2016-02-29"), d("2017-02-28")), 1);
	ck_assert_int_eq(date_months_between(d("2018-03-01"), d("2017-03-01")), -12);
}
END_TEST

/* Completed months by their definition: the most months m with a + m months (date_add_months,
 * clamped to a month's end) on or before b. */
static int
months_by_definition(int a, int b)
{
	if (b < a)
		return -months_by_definition(b, a);
	int m = 0;
	while (date_add_months(a, m + 1) <= b)
		m++;
	return m;
}

START_TEST(completed_months_by_definition)
{
	/* every start day of 2015 and 2016 (month ends, leap days) against ends up to 40 months on,
	 * in steps that reach every day of the month */
	int first = d("2015-01-01"), last = d("2016-12-31");
	for (int a = first; a <= last; a++)
		for (int b = a - 40; b <= a + 1230; b += 29)
			ck_assert_msg(date_months_between(a, b) == months_by_definition(a, b),
			    "months between day %d and %d: %d, by definition %d", a, b,
			    date_months_between(a, b), months_by_definition(a, b));
}
END_TEST

/* The suite. */
static Suite *
date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");

	tcase_add_test(tc, parse_strict);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, add_months_clamps);
	tcase_add_test(tc, completed_months);
	tcase_add_test(tc, completed_months_by_definition);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(date_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
