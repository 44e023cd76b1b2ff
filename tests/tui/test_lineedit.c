/* Check tests for tui/lineedit: keys edit UTF-8 text; a multi-line editor takes line breaks and
 * moves between its lines; a one-line editor refuses them. */
#include <check.h>
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui/lineedit.h"

/* Type a UTF-8 string into an editor, a code point a key. */
static void
type(struct lineedit *e, const wchar_t *s)
{
	for (; *s != L'\0'; s++)
		lineedit_key(e, (wint_t)*s, false);
}

START_TEST(one_line_refuses_a_line_break)
{
	struct lineedit e;

	lineedit_set(&e, "", 100);
	type(&e, L"电话回访");
	ck_assert(!lineedit_key(&e, L'\n', false));
	ck_assert_str_eq(e.buf, "电话回访");
	ck_assert(!lineedit_line_move(&e, -1));
	lineedit_key(&e, KEY_HOME, true);
	ck_assert_uint_eq(e.cur, 0);
}
END_TEST

START_TEST(several_lines_take_breaks_and_move_between_them)
{
	struct lineedit e;

	lineedit_set(&e, "", 100);
	e.multiline = true;
	type(&e, L"电话回访");
	ck_assert(lineedit_key(&e, L'\n', false));
	type(&e, L"ab");
	ck_assert_str_eq(e.buf, "电话回访\nab");
	/* up from the end of "ab" (column 2): after 电 (2 columns wide) */
	ck_assert(lineedit_line_move(&e, -1));
	ck_assert_uint_eq(e.cur, strlen("电"));
	ck_assert(!lineedit_line_move(&e, -1));
	/* End: the end of this line, not of the text */
	lineedit_key(&e, KEY_END, true);
	ck_assert_uint_eq(e.cur, strlen("电话回访"));
	/* down from column 8: the shorter line's end */
	ck_assert(lineedit_line_move(&e, 1));
	ck_assert_uint_eq(e.cur, e.len);
	ck_assert(!lineedit_line_move(&e, 1));
	lineedit_key(&e, KEY_HOME, true);
	ck_assert_uint_eq(e.cur, strlen("电话回访\n"));
	/* backspace at a line's start joins it to the line above */
	ck_assert(lineedit_key(&e, 0x7f, false));
	ck_assert_str_eq(e.buf, "电话回访ab");
	/* setting the text again makes a one-line editor */
	lineedit_set(&e, "x", 100);
	ck_assert(!e.multiline);
}
END_TEST

/* The suite. */
static Suite *
lineedit_suite(void)
{
	Suite *s = suite_create("lineedit");
	TCase *tc = tcase_create("lineedit");

	tcase_add_test(tc, one_line_refuses_a_line_break);
	tcase_add_test(tc, several_lines_take_breaks_and_move_between_them);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	/* display widths as the screen measures them: a Han character takes two columns */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	SRunner *sr = srunner_create(lineedit_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
