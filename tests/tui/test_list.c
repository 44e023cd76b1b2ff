/* Check tests for tui/list: the cursor and the first row shown as the movement keys move them. */
#include <check.h>
#include <stdlib.h>

#include "tui/list.h"

START_TEST(rows_move_within_the_list)
{
	struct list l = { 0 };

	list_set(&l, 3, 10);
	list_go(&l, LIST_UP, 10);
	ck_assert_int_eq(l.cur, 0);
	list_go(&l, LIST_DOWN, 10);
	list_go(&l, LIST_DOWN, 10);
	list_go(&l, LIST_DOWN, 10);
	ck_assert_int_eq(l.cur, 2);
	list_go(&l, LIST_HOME, 10);
	ck_assert_int_eq(l.cur, 0);
	list_go(&l, LIST_END, 10);
	ck_assert_int_eq(l.cur, 2);
	ck_assert_int_eq(l.top, 0);
}
END_TEST

START_TEST(rows_keep_the_cursor_in_view)
{
	struct list l = { 0 };

	list_set(&l, 100, 10);
	list_go(&l, LIST_PGDN, 10);
	ck_assert_int_eq(l.cur, 10);
	ck_assert_int_eq(l.top, 1);
	list_go(&l, LIST_END, 10);
	ck_assert_int_eq(l.cur, 99);
	ck_assert_int_eq(l.top, 90);
	list_go(&l, LIST_PGUP, 10);
	ck_assert_int_eq(l.cur, 89);
	ck_assert_int_eq(l.top, 89);
	list_go(&l, LIST_HOME, 10);
	ck_assert_int_eq(l.cur, 0);
	ck_assert_int_eq(l.top, 0);
	/* a shorter screen brings the cursor back into view */
	l.cur = 9;
	list_show(&l, 5);
	ck_assert_int_eq(l.top, 5);
}
END_TEST

START_TEST(rows_shrink)
{
	struct list l = { 0 };

	list_set(&l, 50, 10);
	list_go(&l, LIST_END, 10);
	list_set(&l, 5, 10);
	ck_assert_int_eq(l.cur, 4);
	ck_assert_int_eq(l.top, 0);
	list_set(&l, 0, 10);
	ck_assert_int_eq(l.cur, 0);
	list_go(&l, LIST_END, 10);
	list_go(&l, LIST_DOWN, 10);
	ck_assert_int_eq(l.cur, 0);
	ck_assert_int_eq(l.top, 0);
}
END_TEST

START_TEST(text_scrolls_to_its_last_page)
{
	struct list l = { .text = true };

	list_set(&l, 30, 10);
	list_go(&l, LIST_DOWN, 10);
	ck_assert_int_eq(l.top, 1);
	list_go(&l, LIST_PGDN, 10);
	ck_assert_int_eq(l.top, 10);  /* a page keeps one line of the one before */
	list_go(&l, LIST_PGDN, 10);
	ck_assert_int_eq(l.top, 19);
	list_go(&l, LIST_PGDN, 10);
	ck_assert_int_eq(l.top, 20);  /* the last line at the bottom, never further */
	list_go(&l, LIST_DOWN, 10);
	ck_assert_int_eq(l.top, 20);
	list_go(&l, LIST_HOME, 10);
	ck_assert_int_eq(l.top, 0);
	list_go(&l, LIST_END, 10);
	ck_assert_int_eq(l.top, 20);
	list_set(&l, 25, 10);
	ck_assert_int_eq(l.top, 15);
}
END_TEST

START_TEST(text_that_fits_does_not_scroll)
{
	struct list l = { .text = true };

	list_set(&l, 8, 10);
	list_go(&l, LIST_DOWN, 10);
	list_go(&l, LIST_END, 10);
	ck_assert_int_eq(l.top, 0);
}
END_TEST

START_TEST(delta_of_each_movement)
{
	struct list rows = { 0 }, text = { .text = true };

	ck_assert_int_eq(list_delta(&rows, LIST_DOWN, 20), 1);
	ck_assert_int_eq(list_delta(&rows, LIST_UP, 20), -1);
	ck_assert_int_eq(list_delta(&rows, LIST_PGDN, 20), 20);
	ck_assert_int_eq(list_delta(&rows, LIST_PGUP, 20), -20);
	ck_assert_int_eq(list_delta(&text, LIST_PGDN, 20), 19);
	ck_assert_int_eq(list_delta(&text, LIST_PGUP, 1), -1);
	ck_assert_int_eq(list_delta(&rows, LIST_HOME, 20), 0);
}
END_TEST

/* The suite. */
static Suite *
list_suite(void)
{
	Suite *s = suite_create("list");
	TCase *tc = tcase_create("list");

	tcase_add_test(tc, rows_move_within_the_list);
	tcase_add_test(tc, rows_keep_the_cursor_in_view);
	tcase_add_test(tc, rows_shrink);
	tcase_add_test(tc, text_scrolls_to_its_last_page);
	tcase_add_test(tc, text_that_fits_does_not_scroll);
	tcase_add_test(tc, delta_of_each_movement);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(list_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
