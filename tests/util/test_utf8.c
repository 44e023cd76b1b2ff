/* Check tests for util/utf8: validation and display width of mixed Chinese and ASCII text. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

START_TEST(validation)
{
	ck_assert(utf8_valid("王丽 abc", strlen("王丽 abc")));
	ck_assert(!utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
	ck_assert(!utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	ck_assert(!utf8_valid("\xe7\x8e", 2));          /* cut short */
	ck_assert(!utf8_valid("\xf4\x90\x80\x80", 4));  /* past U+10FFFF */
	ck_assert_uint_eq(utf8_len("王丽ab"), 4);
}
END_TEST

START_TEST(widths)
{
	ck_assert_int_eq(utf8_width("王丽"), 4);
	ck_assert_int_eq(utf8_width("王丽ab"), 6);
	ck_assert_int_eq(utf8_width("abc"), 3);
	ck_assert_int_eq(utf8_width("买买提·艾力"), 11);
	ck_assert_int_eq(utf8_width(""), 0);
}
END_TEST

START_TEST(fit_pads_and_truncates)
{
	struct sbuf b = SBUF_INIT;

	ck_assert_int_eq(utf8_fit(&b, "王丽", 8, true), 8);
	ck_assert_str_eq(sbuf_str(&b), "王丽    ");
	sbuf_reset(&b);
	/* 王丽华 is 6 columns; 5 leaves room for 王丽 and the ellipsis */
	ck_assert_int_eq(utf8_fit(&b, "王丽华", 5, true), 5);
	ck_assert_str_eq(sbuf_str(&b), "王丽…");
	sbuf_reset(&b);
	/* never cut inside a wide character: 4 columns hold 王 + … and a pad */
	ck_assert_int_eq(utf8_fit(&b, "王丽华", 4, true), 4);
	ck_assert_str_eq(sbuf_str(&b), "王… ");
	sbuf_reset(&b);
	ck_assert_int_eq(utf8_fit(&b, "ab王丽", 5, false), 5);
	ck_assert_str_eq(sbuf_str(&b), "ab王…");
	ck_assert_int_eq(utf8_width(sbuf_str(&b)), 5);
	sbuf_free(&b);
}
END_TEST

START_TEST(line_breaks_between_words_or_characters)
{
	/* after the last space that fits: "call back " then "Monday" */
	ck_assert_uint_eq(utf8_line("call back Monday", 12), 10);
	/* Chinese breaks between any two characters: 3 of them in 6 columns */
	ck_assert_uint_eq(utf8_line("电话回访本人", 6), 9);
	ck_assert_uint_eq(utf8_line("电话回访本人", 7), 9);
	/* what fits whole is one line */
	ck_assert_uint_eq(utf8_line("王丽", 4), 6);
	/* a line never begins with closing punctuation: the character before goes down with it */
	ck_assert_uint_eq(utf8_line("不满1年（满1年）", 15), strlen("不满1年（满1"));
	ck_assert_uint_eq(utf8_line("电话回访，本人", 8), strlen("电话回"));
	ck_assert_uint_eq(utf8_line("电话回访，本人", 10), strlen("电话回访，"));
	/* a mark and a space before Chinese text: the break is between characters, not at the space */
	ck_assert_uint_eq(utf8_line("✗ 营业执照", 6), strlen("✗ 营业"));
	ck_assert_uint_eq(utf8_line("王丽 call back", 8), strlen("王丽 "));
	/* control characters never reach the terminal */
	struct sbuf b = SBUF_INIT;
	const char *bad = "王\x1b[2J丽\a\xc2\x9b";
	utf8_clean(&b, bad, strlen(bad));
	ck_assert_str_eq(sbuf_str(&b), "王 [2J丽  ");
	sbuf_free(&b);
	/* one word longer than the line is cut, one character at least */
	ck_assert_uint_eq(utf8_line("abcdef", 3), 3);
	ck_assert_uint_eq(utf8_line("王", 1), 3);
	ck_assert_uint_eq(utf8_line("", 5), 0);
}
END_TEST

/* The suite. */
static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	tcase_add_test(tc, validation);
	tcase_add_test(tc, widths);
	tcase_add_test(tc, fit_pads_and_truncates);
	tcase_add_test(tc, line_breaks_between_words_or_characters);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite in a UTF-8 locale. */
int
main(void)
{
	utf8_locale();
	SRunner *sr = srunner_create(utf8_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
