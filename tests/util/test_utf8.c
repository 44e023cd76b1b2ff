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

START_TEST(safe_for_a_terminal)
{
	struct sbuf b = SBUF_INIT;
	const char *hostile = "\xe7\x8e\x8b\x1b[2J\a\xc2\x9b" "31m\xe2\x80\xae\xe4\xb8\xbd\xff\x7f"
	    "\xe2\x80\x8b\xef\xbb\xbf";

	/* ESC, BEL, C1 CSI, U+202E, a stray byte, DEL, a zero width space and a BOM: all visible */
	utf8_safe(&b, hostile, strlen(hostile), false);
	ck_assert_str_eq(sbuf_str(&b), "\xe7\x8e\x8b^[[2J^G<U+009B>31m<U+202E>\xe4\xb8\xbd<0xFF>^?"
	    "<U+200B><U+FEFF>");
	/* lines: a line break, a tab and CR LF stay; a lone CR does not */
	sbuf_reset(&b);
	utf8_safe(&b, "a\tb\r\nc\rd\n", 9, true);
	ck_assert_str_eq(sbuf_str(&b), "a\tb\r\nc^Md\n");
	sbuf_reset(&b);
	utf8_safe(&b, "a\nb", 3, false);
	ck_assert_str_eq(sbuf_str(&b), "a^Jb");
	/* Chinese, full-width punctuation and emoji pass as they are */
	sbuf_reset(&b);
	utf8_safe(&b, "\xe7\x8e\x8b\xe4\xb8\xbd\xef\xbc\x8c\xf0\x9f\x98\x80", 13, false);
	ck_assert_str_eq(sbuf_str(&b), "\xe7\x8e\x8b\xe4\xb8\xbd\xef\xbc\x8c\xf0\x9f\x98\x80");
	/* a fitted column holds what is shown */
	sbuf_reset(&b);
	utf8_fit(&b, "a\x1b[2J", 8, true);
	ck_assert_str_eq(sbuf_str(&b), "a^[[2J  ");
	/* printed pages: spaces */
	sbuf_reset(&b);
	utf8_clean(&b, hostile, strlen(hostile));
	ck_assert_ptr_null(strpbrk(sbuf_str(&b), "\x1b\a\x7f"));
	ck_assert_ptr_null(strstr(sbuf_str(&b), "\xe2\x80\xae"));
	ck_assert_int_eq(utf8_valid_prefix("ab\xff" "cd", 5), 2);
	ck_assert_int_eq(utf8_valid_prefix("ab\xe7\x8e", 4), 2);
	ck_assert_int_eq(utf8_valid_prefix("ab", 2), 2);
	sbuf_free(&b);
}
END_TEST

START_TEST(safe_in_long_text_at_every_place)
{
	/* printable ASCII and Chinese passed by blocks: an unsafe character is found wherever it
	 * stands, a block boundary or not, and what surrounds it is kept byte for byte */
	static const char *const bad[] = { "\x1b", "\xc2\x9b", "\xe2\x80\xae", "\xff",
	    "\xed\xa0\x80", "\xe0\x80\xaf", "\xef\xbb\xbf" };
	static const char *const shown[] = { "^[", "<U+009B>", "<U+202E>", "<0xFF>",
	    "<0xED><0xA0><0x80>", "<0xE0><0x80><0xAF>", "<U+FEFF>" };
	const char *filler = "0123456789abcdef\xe7\x8e\x8b" "ghijklmnopqrstuvwxyz\xe3\x80\x81"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\xee\x80\x80" "0123456789";
	size_t fl = strlen(filler);

	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		for (size_t at = 0; at <= fl; at++) {
			struct sbuf in = SBUF_INIT, out = SBUF_INIT, want = SBUF_INIT;
			sbuf_addn(&in, filler, at);
			sbuf_add(&in, bad[k]);
			sbuf_add(&in, filler + at);
			sbuf_addn(&want, filler, at);
			sbuf_add(&want, shown[k]);
			sbuf_add(&want, filler + at);
			utf8_safe(&out, in.s, in.len, true);
			/* a cut inside a Chinese character leaves its bytes stray: compare only clean cuts */
			if (at == fl || ((unsigned char)filler[at] & 0xc0) != 0x80) {
				ck_assert_msg(strcmp(sbuf_str(&out), sbuf_str(&want)) == 0, "%zu at %zu: %s",
				    k, at, sbuf_str(&out));
				ck_assert(!utf8_is_safe(in.s, in.len, true));
			}
			sbuf_free(&in);
			sbuf_free(&out);
			sbuf_free(&want);
		}
	}
	ck_assert(utf8_is_safe(filler, fl, false));
	/* a Chinese character cut short at the end is a stray byte each */
	ck_assert(!utf8_is_safe("\xe4\xb8", 2, false));
	ck_assert(utf8_is_safe("a\nb", 3, true) && !utf8_is_safe("a\nb", 3, false));
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
	tcase_add_test(tc, safe_for_a_terminal);
	tcase_add_test(tc, safe_in_long_text_at_every_place);
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
