/* Check tests for core/label parsing: enumerations read from their labels (the catalogue's, in any
 * locale), and the person and progress fields that read values and headers through them. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/label.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/i18n.h"

/* Set the locale as main() does and decide the language; whether it is Chinese. */
static bool
speak(const char *lang)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", lang, 1);
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no %s locale (./dev test makes zh_CN.UTF-8)", lang);
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	return i18n_zh();
}

/* Whether text has a byte past ASCII (a Chinese label). */
static bool
chinese(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* In English, a Chinese label still names its value (through the zh_CN catalogue). */
START_TEST(labels_in_any_locale)
{
	char code[32], why[256];

	ck_assert(!speak("C.UTF-8"));
	ck_assert_int_eq(label_parse("农村", "rural|urban", code, sizeof code, why, sizeof why), 0);
	ck_assert_str_eq(code, "rural");
	ck_assert_int_eq(label_parse("农业户口", "rural|urban", code, sizeof code, why, sizeof why), 0);
	ck_assert_str_eq(code, "rural");
	ck_assert_int_eq(label_parse("\xe3\x80\x80城镇 ", "rural|urban", code, sizeof code, why,
	    sizeof why), 0);
	ck_assert_str_eq(code, "urban");
	ck_assert_int_eq(label_parse("ｕｒｂａｎ", "rural|urban", code, sizeof code, why, sizeof why), 0);
	ck_assert_str_eq(code, "urban");
	ck_assert_int_eq(label_parse("Primary School", "none|primary", code, sizeof code, why,
	    sizeof why), 0);
	ck_assert_str_eq(code, "primary");
	ck_assert_int_eq(label_parse("培训", "training|internship", code, sizeof code, why,
	    sizeof why), 0);
	ck_assert_str_eq(code, "training");
	/* a label of a value the field does not allow is no value of it */
	ck_assert_int_eq(label_parse("培训", "rural|urban", code, sizeof code, why, sizeof why), -1);
	ck_assert_int_eq(label_parse("城里", "rural|urban", code, sizeof code, why, sizeof why), -1);
	ck_assert_str_eq(why, "'城里' is not one of rural|urban");
	ck_assert_int_eq(label_parse("", "rural|urban", code, sizeof code, why, sizeof why), -1);
}
END_TEST

/* A province by its name in either language, whatever the locale, or its short Chinese name;
 * an export with labels writes the name, which reads back as the code. */
START_TEST(provinces_by_name)
{
	ck_assert(!speak("C.UTF-8"));
	ck_assert_str_eq(label_province_code("吉林省"), "22");
	ck_assert_str_eq(label_province_code("吉林"), "22");
	ck_assert_str_eq(label_province_code("jilin"), "22");
	ck_assert_str_eq(label_province_code("内蒙古"), "15");
	ck_assert_ptr_null(label_province_code("火星"));
	ck_assert_ptr_null(label_province_code("22"));
	ck_assert_ptr_null(label_province_code("吉"));  /* one character is no name */
	ck_assert(speak("zh_CN.UTF-8"));
	ck_assert_str_eq(label_province("22"), "吉林省");
	ck_assert_str_eq(label_province_code(label_province("22")), "22");
	ck_assert_str_eq(label_province_code("Heilongjiang"), "23");
}
END_TEST

/* In Chinese, a refusal lists the allowed values by their labels. */
START_TEST(refusal_in_chinese)
{
	char code[32], why[256];
	struct sbuf b = SBUF_INIT;

	ck_assert(speak("zh_CN.UTF-8"));
	ck_assert_int_eq(label_parse("城里", "rural|urban", code, sizeof code, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "农业户口、非农业户口"));
	ck_assert_ptr_null(strstr(why, "rural"));
	label_choices("male|female", &b);
	ck_assert_str_eq(sbuf_str(&b), "男、女");
	sbuf_free(&b);
}
END_TEST

/* Every value of every enumeration has a Chinese label that reads back as that value alone. */
START_TEST(every_value_has_its_own_label)
{
	char code[64], why[256];
	const char *allowed[PERSON_NFIELDS + PROGRESS_NFIELDS];
	int n = 0;

	ck_assert(speak("zh_CN.UTF-8"));
	for (int f = 0; f < PERSON_NFIELDS; f++)
		if (person_fields[f].kind == PK_ENUM)
			allowed[n++] = person_fields[f].allowed;
	for (int f = 0; f < PROGRESS_NFIELDS; f++)
		if (progress_fields[f].kind == PGK_ENUM)
			allowed[n++] = progress_fields[f].allowed;
	for (int i = 0; i < n; i++) {
		const char *p = allowed[i];
		while (*p) {
			size_t len = strcspn(p, "|");
			char value[64];
			snprintf(value, sizeof value, "%.*s", (int)len, p);
			const char *label = label_value(value);
			ck_assert_msg(chinese(label), "%s has no Chinese label", value);
			ck_assert_int_eq(label_parse(label, allowed[i], code, sizeof code, why, sizeof why), 0);
			ck_assert_msg(strcmp(code, value) == 0, "%s reads back as %s in %s", label, code,
			    allowed[i]);
			p += len + (p[len] == '|');
		}
	}
}
END_TEST

/* A CSV header names a field by its name or its label, English or Chinese, in any locale. */
START_TEST(headers_by_label)
{
	ck_assert(!speak("C.UTF-8"));
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		const char *en = person_fields[f].label_en, *zh = i18n_zh_text(en);
		ck_assert_int_eq(person_field_named(person_fields[f].name), f);
		ck_assert_int_eq(person_field_named(en), f);
		ck_assert_msg(zh != NULL, "%s has no Chinese label", en);
		ck_assert_msg(person_field_named(zh) == f, "%s names field %d, not %d", zh,
		    person_field_named(zh), f);
	}
	ck_assert_int_eq(person_field_named("Hukou-Type"), PF_HUKOU_TYPE);
	ck_assert_int_eq(person_field_named("colour"), -1);
}
END_TEST

/* person_set and progress_norm take what a counselor types: full-width, labels, spaces. */
START_TEST(fields_as_typed)
{
	struct person p = { 0 };
	char why[256], norm[64];
	long n = 0;

	ck_assert(!speak("C.UTF-8"));
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, "２２０１０２１９９００１０１００１ｘ", why,
	    sizeof why), -1);  /* a wrong check character is still wrong */
	ck_assert_msg(person_set(&p, PF_ID_NUMBER, "\xe3\x80\x80２２０１０２１９９００１０１００１７", why,
	    sizeof why) == 0, "%s", why);
	ck_assert_str_eq(p.v[PF_ID_NUMBER], "220102199001010017");
	ck_assert_int_eq(person_set(&p, PF_PHONE, "１３９１２３４５６７８", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_PHONE], "13912345678");
	ck_assert_int_eq(person_set(&p, PF_GRADUATION_DATE, "２０１７－０７－０１", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_GRADUATION_DATE], "2017-07-01");
	ck_assert_int_eq(person_set(&p, PF_HUKOU_PROVINCE, "２２", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_HUKOU_PROVINCE], "22");
	ck_assert_int_eq(person_set(&p, PF_UNEMPLOYMENT_MONTHS, "１２", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_UNEMPLOYMENT_MONTHS], "12");
	ck_assert_int_eq(person_set(&p, PF_HUKOU_TYPE, "农村", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_HUKOU_TYPE], "rural");
	ck_assert_int_eq(person_set(&p, PF_DISABLED, "否", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_DISABLED], "0");
	ck_assert_int_eq(person_set(&p, PF_NAME, " 王丽\xe3\x80\x80", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_NAME], "王丽");
	/* a name keeps its full-width letters: only numbers, dates and codes are read as ASCII */
	ck_assert_int_eq(person_set(&p, PF_NAME, "ＡＢ", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_NAME], "ＡＢ");
	person_clear(&p);

	ck_assert_int_eq(progress_norm(PG_KIND, "培训", norm, sizeof norm, &n, why, sizeof why), 0);
	ck_assert_str_eq(norm, "training");
	ck_assert_int_eq(progress_norm(PG_START, "２０１８－０３－０１", norm, sizeof norm, &n, why,
	    sizeof why), 0);
	ck_assert_str_eq(norm, "2018-03-01");
	ck_assert_int_eq(progress_norm(PG_CLASS_HOURS, "１２０", norm, sizeof norm, &n, why,
	    sizeof why), 0);
	ck_assert_int_eq(n, 120);
	ck_assert_int_eq(progress_norm(PG_KIND, "上学", norm, sizeof norm, &n, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "training|internship"));
}
END_TEST

/* The suite. */
static Suite *
label_suite(void)
{
	Suite *s = suite_create("label_parse");
	TCase *tc = tcase_create("label");

	tcase_add_test(tc, labels_in_any_locale);
	tcase_add_test(tc, provinces_by_name);
	tcase_add_test(tc, refusal_in_chinese);
	tcase_add_test(tc, every_value_has_its_own_label);
	tcase_add_test(tc, headers_by_label);
	tcase_add_test(tc, fields_as_typed);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite, each test in its own process (the locale is process state). */
int
main(void)
{
	SRunner *sr = srunner_create(label_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
