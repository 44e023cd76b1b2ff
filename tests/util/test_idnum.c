/* Check tests for util/idnum: GB 11643-1999 resident ID numbers. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/idnum.h"

/* The day the tests run on. */
static int
today(void)
{
	return date_from_ymd(2018, 3, 1);
}

/* Parse s, returning 0 or -1, with why. */
static int
parse(const char *s, struct idnum *id, char *why)
{
	return idnum_parse(s, today(), id, why, 256);
}

START_TEST(valid_numbers)
{
	struct idnum id;
	char why[256];

	ck_assert_int_eq(parse("11010519491231002X", &id, why), 0);
	ck_assert_str_eq(id.birth_text, "1949-12-31");
	ck_assert_int_eq(id.male, 0);
	ck_assert_str_eq(id.province, "11");
	ck_assert_int_eq(parse("440524188001010014", &id, why), 0);
	ck_assert_str_eq(id.birth_text, "1880-01-01");
	ck_assert_int_eq(id.male, 1);
	ck_assert_str_eq(id.region, "440524");
	ck_assert_int_eq(parse("34052419800101001X", &id, why), 0);
	ck_assert_int_eq(id.male, 1);
	ck_assert_int_eq(parse("220102199503070028", &id, why), 0);
	ck_assert_str_eq(id.province, "22");
	ck_assert_int_eq(id.male, 0);
}
END_TEST

START_TEST(lowercase_x_normalised)
{
	struct idnum id;
	char why[256];

	ck_assert_int_eq(parse("11010519491231002x", &id, why), 0);
	ck_assert_str_eq(id.number, "11010519491231002X");
}
END_TEST

START_TEST(wrong_check_character)
{
	struct idnum id;
	char why[256];

	ck_assert_int_eq(parse("110105194912310021", &id, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "check character"));
	ck_assert_int_eq(parse("220102199503070027", &id, why), -1);
}
END_TEST

START_TEST(impossible_dates)
{
	struct idnum id;
	char why[256];
	char s[19] = "22010219950230";  /* 30 February */

	s[14] = '0'; s[15] = '0'; s[16] = '2'; s[17] = '\0';
	char full[19];
	memcpy(full, s, 17);
	full[17] = idnum_check_char(s);
	full[18] = '\0';
	ck_assert_int_eq(parse(full, &id, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "does not exist"));
	/* 29 February exists in 2000, not in 1999 */
	memcpy(s, "22010220000229002", 17);
	memcpy(full, s, 17);
	full[17] = idnum_check_char(s);
	ck_assert_int_eq(parse(full, &id, why), 0);
	memcpy(s, "22010219990229002", 17);
	memcpy(full, s, 17);
	full[17] = idnum_check_char(s);
	ck_assert_int_eq(parse(full, &id, why), -1);
}
END_TEST

START_TEST(future_birth_date)
{
	struct idnum id;
	char why[256];
	char s[19];

	memcpy(s, "22010220200101002", 17);
	s[17] = idnum_check_char(s);
	s[18] = '\0';
	ck_assert_int_eq(parse(s, &id, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "future"));
}
END_TEST

START_TEST(wrong_lengths_and_characters)
{
	struct idnum id;
	char why[256];

	ck_assert_int_eq(parse("11010519491231002", &id, why), -1);     /* 17 */
	ck_assert_ptr_nonnull(strstr(why, "17 characters"));
	ck_assert_int_eq(parse("11010519491231002X1", &id, why), -1);   /* 19 */
	ck_assert_ptr_nonnull(strstr(why, "19 characters"));
	/* full-width digits */
	ck_assert_int_eq(parse("\xef\xbc\x91\xef\xbc\x91" "0105194912310021", &id, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "full-width"));
	ck_assert_int_eq(parse("1101051949123100X2", &id, why), -1);
	ck_assert_int_eq(parse("", &id, why), -1);
	ck_assert_int_eq(parse("01010519491231002X", &id, why), -1);   /* no region 01 */
}
END_TEST

/* Issue 13.8: the first two digits are a province-level code or the number is refused, with a
 * correct check character, naming the digits and what is valid. */
START_TEST(provinces)
{
	static const char *const bad[] = { "990102199503070042", "710102199503070040",
	    "160102199503070048", "840000199503070041", "470102199503070040" };
	static const char *const good[] = { "810000199503070046", "820000199503070048",
	    "83000019950307004X", "650102199503070044", "460102199503070049",
	    "11010519491231002X", "220102199503070028" };
	struct idnum id;
	char why[256];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_int_eq(parse(bad[i], &id, why), -1);
		char two[3] = { bad[i][0], bad[i][1], '\0' };
		ck_assert_msg(strstr(why, two) != NULL && strstr(why, "11-15, 21-23") != NULL &&
		    strstr(why, "81, 82 or 83") != NULL, "%s: %s", bad[i], why);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(parse(good[i], &id, why) == 0, "%s: %s", good[i], why);
}
END_TEST

START_TEST(masking)
{
	char out[19];

	idnum_mask("220102199503070028", out);
	ck_assert_str_eq(out, "220102********0028");
}
END_TEST

/* The suite. */
static Suite *
idnum_suite(void)
{
	Suite *s = suite_create("idnum");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, valid_numbers);
	tcase_add_test(tc, lowercase_x_normalised);
	tcase_add_test(tc, wrong_check_character);
	tcase_add_test(tc, impossible_dates);
	tcase_add_test(tc, future_birth_date);
	tcase_add_test(tc, wrong_lengths_and_characters);
	tcase_add_test(tc, provinces);
	tcase_add_test(tc, masking);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(idnum_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
