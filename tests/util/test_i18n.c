/* Check tests for util/i18n: one language decision, the catalogue's, taken once in i18n_init. */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"

/* Set the locale from the environment as main() does, then decide; whether Chinese was decided. */
static bool
decide(const char *lang, const char *language)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", lang, 1);
	if (language != NULL)
		setenv("LANGUAGE", language, 1);
	else
		unsetenv("LANGUAGE");
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no %s locale (./dev test makes zh_CN.UTF-8)", lang);
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	return i18n_zh();
}

START_TEST(english_until_decided)
{
	ck_assert(!i18n_zh());
	ck_assert_str_eq(tr("no"), "no");
}
END_TEST

START_TEST(c_locale_is_english)
{
	struct diag d = DIAG_INIT;

	ck_assert(!decide("C.UTF-8", NULL));
	diag_set(&d, 66, "%s: no such database (create it with: jobdesk init)", "x.db");
	ck_assert_str_eq(d.msg, "x.db: no such database (create it with: jobdesk init)");
}
END_TEST

START_TEST(zh_cn_is_chinese_through_the_catalogue)
{
	struct diag d = DIAG_INIT;

	ck_assert(decide("zh_CN.UTF-8", NULL));
	diag_set(&d, 66, "%s: no such database (create it with: jobdesk init)", "x.db");
	ck_assert_str_eq(d.msg, "x.db：没有这个数据库（用 jobdesk init 创建）");
	ck_assert_str_eq(trn("exported %ld person to %s\n", "exported %ld persons to %s\n", 2), "已导出 %ld 人到 %s\n");
}
END_TEST

START_TEST(chinese_without_the_catalogue_is_english_throughout)
{
	/* LANGUAGE points gettext at a zh_TW catalogue there is none of: LANG alone does not decide */
	ck_assert(!decide("zh_CN.UTF-8", "zh_TW"));
	ck_assert_str_eq(tr("no"), "no");
	/* the C library's messages follow the decision */
	ck_assert_str_eq(setlocale(LC_MESSAGES, NULL), "C");
	ck_assert_str_eq(strerror(2), "No such file or directory");
}
END_TEST

START_TEST(util_checks_say_why_in_chinese)
{
	struct idnum id;
	char why[256], out[12];
	int flag;

	ck_assert(decide("zh_CN.UTF-8", NULL));
	/* the ID number's check character, region and birth date, the phone and a yes/no */
	ck_assert_int_eq(idnum_parse("220102199503070027", 17591, &id, why, sizeof why), -1);
	ck_assert_str_eq(why, "校验码是 7，但按前 17 位算出应为 8；可能有一位输错了");
	ck_assert_int_eq(idnum_parse("020102199503070028", 17591, &id, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "行政区划代码"));
	ck_assert_int_eq(idnum_parse("220102199513070028", 17591, &id, why, sizeof why), -1);
	ck_assert_str_eq(why, "出生日期 1995-13-07 不存在");
	ck_assert_int_eq(field_phone("123", out, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "不是大陆手机号"));
	ck_assert_int_eq(field_flag("maybe", &flag, why, sizeof why), -1);
	ck_assert_str_eq(why, "“maybe”不是“是”或“否”；应填 是 或 否");
}
END_TEST

/* The zh_CN catalogue answers whatever the locale: Chinese labels are understood in English. */
START_TEST(zh_text_whatever_the_locale)
{
	ck_assert_ptr_null(i18n_zh_text("rural"));  /* no catalogue before i18n_init */
	ck_assert(!decide("C.UTF-8", NULL));
	ck_assert_str_eq(tr("rural"), "rural");
	ck_assert_str_eq(i18n_zh_text("rural"), "农业户口");
	ck_assert_str_eq(i18n_zh_text("yes"), "是");
	ck_assert_ptr_null(i18n_zh_text("not a message id of jobdesk"));
	ck_assert_ptr_null(i18n_zh_text(""));
	/* a folder without the catalogue */
	i18n_init("/nonexistent");
	ck_assert_ptr_null(i18n_zh_text("rural"));
}
END_TEST

/* The suite. */
static Suite *
i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("i18n");

	tcase_add_test(tc, english_until_decided);
	tcase_add_test(tc, c_locale_is_english);
	tcase_add_test(tc, zh_cn_is_chinese_through_the_catalogue);
	tcase_add_test(tc, chinese_without_the_catalogue_is_english_throughout);
	tcase_add_test(tc, util_checks_say_why_in_chinese);
	tcase_add_test(tc, zh_text_whatever_the_locale);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite, each test in its own process (the locale is process state). */
int
main(void)
{
	SRunner *sr = srunner_create(i18n_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
