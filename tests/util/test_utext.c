/* Check tests for util/utext: the characters a stored text may not hold (each kind, named as
 * U+XXXX at its position in characters), NFC, and the look-alike key. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/field.h"
#include "util/utext.h"
#include "util/utf8.h"

/* Whether utext_check refuses s and names the code point and position in why. */
static void
refused(const char *s, const char *code, const char *at)
{
	char why[256], want[64];

	ck_assert_int_eq(utext_check(s, "\t", why, sizeof why), -1);
	ck_assert_msg(strstr(why, code) != NULL, "'%s' not in: %s", code, why);
	snprintf(want, sizeof want, "at character %s;", at);
	ck_assert_msg(strstr(why, want) != NULL, "'%s' not in: %s", want, why);
}

START_TEST(refuses_the_invisible)
{
	char why[256];

	refused("王\u200b丽", "U+200B", "2");                /* zero-width space */
	refused("王丽\u200d", "U+200D", "3");                /* zero-width joiner */
	refused("\ufeff王丽", "U+FEFF", "1");                /* byte order mark */
	refused("王\u202e丽", "U+202E", "2");                /* right-to-left override */
	refused("王\u2066丽", "U+2066", "2");                /* left-to-right isolate */
	refused("ab\u200fc", "U+200F", "3");                  /* right-to-left mark */
	refused("王\ue000丽", "U+E000", "2");                /* private use */
	refused("王\U000F0000", "U+F0000", "2");             /* supplementary private use */
	refused("王\ufdd0", "U+FDD0", "2");                  /* noncharacter */
	refused("王\xef\xbf\xbe", "U+FFFE", "2");            /* noncharacter */
	refused("王\U000E0041丽", "U+E0041", "2");           /* tag LATIN CAPITAL A */
	refused("王\u0378", "U+0378", "2");                  /* unassigned */
	refused("王\x1b[31m丽", "U+001B", "2");              /* escape */
	refused("王\xc2\x9b丽", "U+009B", "2");              /* C1 control */
	refused("王\u2028丽", "U+2028", "2");                /* line separator */
	refused("王\u00ad丽", "U+00AD", "2");                /* soft hyphen, invisible */
	ck_assert_int_eq(utext_check("王丽 Zhāng·买买提 José 𠀀", "", why, sizeof why), 0);
	ck_assert_int_eq(utext_check("a\tb", "\t", why, sizeof why), 0);
	ck_assert_int_eq(utext_check("a\tb", "", why, sizeof why), -1);
	/* the fields a counselor types refuse them too, naming the character */
	ck_assert_int_eq(field_name("王\u200b丽", why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "U+200B"));
	ck_assert_int_eq(field_text("长春\u202e市", 64, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "U+202E"));
}
END_TEST

START_TEST(normalises_to_nfc)
{
	char *s = utext_nfc("Jose\u0301");          /* e and a combining acute */
	ck_assert_str_eq(s, "Jos\u00e9");
	free(s);
	s = utext_nfc("\u212b");                     /* ANGSTROM SIGN is Å */
	ck_assert_str_eq(s, "\u00c5");
	free(s);
	s = utext_nfc("\uf900");                     /* a CJK compatibility ideograph: 豈 */
	ck_assert_str_eq(s, "\u8c48");
	free(s);
	s = utext_nfc("王丽 Wang");
	ck_assert_str_eq(s, "王丽 Wang");
	free(s);
}
END_TEST

START_TEST(look_alikes)
{
	char *k = utext_fold("Ｗａｎｇ ＬＩ");
	ck_assert_str_eq(k, "wang li");
	free(k);
	ck_assert(utext_same("Wang Li", "ｗａｎｇ ｌｉ"));
	ck_assert(utext_same("José", "JOSE\u0301"));
	ck_assert(utext_same("\u2f08\u5b50", "人子"));    /* KANGXI RADICAL MAN looks like 人 */
	ck_assert(!utext_same("王丽", "王莉"));
}
END_TEST

/* The suite. */
static Suite *
utext_suite(void)
{
	Suite *s = suite_create("utext");
	TCase *tc = tcase_create("utext");

	tcase_add_test(tc, refuses_the_invisible);
	tcase_add_test(tc, normalises_to_nfc);
	tcase_add_test(tc, look_alikes);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite in a UTF-8 locale. */
int
main(void)
{
	utf8_locale();
	SRunner *sr = srunner_create(utext_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
