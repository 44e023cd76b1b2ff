/* Check tests for the text helpers: fields, pinyin initials, CSV, JSON and the node tree. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/csv.h"
#include "util/field.h"
#include "util/json.h"
#include "util/node.h"
#include "util/pinyin.h"
#include "util/utf8.h"

START_TEST(phones)
{
	char out[12], why[256];

	ck_assert_int_eq(field_phone("13912345678", out, why, sizeof why), 0);
	ck_assert_str_eq(out, "13912345678");
	ck_assert_int_eq(field_phone("+86 139-1234-5678", out, why, sizeof why), 0);
	ck_assert_str_eq(out, "13912345678");
	ck_assert_int_eq(field_phone("12912345678", out, why, sizeof why), -1);
	ck_assert_int_eq(field_phone("1391234567", out, why, sizeof why), -1);
	ck_assert_int_eq(field_phone("0431-8888888", out, why, sizeof why), -1);
	ck_assert_int_eq(field_phone("1391234567a", out, why, sizeof why), -1);
}
END_TEST

START_TEST(names)
{
	char why[256];

	ck_assert_int_eq(field_name("王丽", why, sizeof why), 0);
	ck_assert_int_eq(field_name("买买提·艾力", why, sizeof why), 0);
	ck_assert_int_eq(field_name("", why, sizeof why), -1);
	ck_assert_int_eq(field_name("王\x1b[31m丽", why, sizeof why), -1);
	ck_assert_int_eq(field_name("王\n丽", why, sizeof why), -1);
	ck_assert_int_eq(field_name("\xff\xfe", why, sizeof why), -1);
	ck_assert_int_eq(field_name("王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王丽王", why, sizeof why), -1);
}
END_TEST

START_TEST(one_line_text)
{
	char why[256];

	ck_assert_int_eq(field_text("长春市朝阳区\t1号", 100, why, sizeof why), 0);
	/* a line break belongs in a note's text only (core/note.c allows it there) */
	ck_assert_int_eq(field_text("长春市\n朝阳区", 100, why, sizeof why), -1);
	ck_assert_int_eq(field_text("长春市\r", 100, why, sizeof why), -1);
	ck_assert_int_eq(field_text("长春市朝阳区", 6, why, sizeof why), -1);
}
END_TEST

START_TEST(initials)
{
	struct sbuf b = SBUF_INIT;

	pinyin_initials("王丽", 16, &b);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&b), "wl"));
	sbuf_reset(&b);
	/* 单 is read dān, shàn and chán: each reading's initial */
	pinyin_initials("单雪梅", 16, &b);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&b), "dxm"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&b), "sxm"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&b), "cxm"));
	sbuf_reset(&b);
	ck_assert_int_le(pinyin_initials("单单单单单单单单", 16, &b), 16);
	ck_assert_uint_eq(pinyin_mask('a'), 0);
	sbuf_free(&b);
}
END_TEST

START_TEST(csv_reading)
{
	char path[] = "/tmp/jobdesk-test-csv-XXXXXX";
	int fd = mkstemp(path);
	const char text[] = "\xef\xbb\xbfname,note\r\n王丽,\"a, \"\"b\"\"\nc\"\r\n\n张三,\r\n";
	struct csv r;
	struct diag d = DIAG_INIT;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof text - 1), (int)(sizeof text - 1));
	close(fd);
	ck_assert_int_eq(csv_open(&r, path, &d), 0);
	ck_assert_int_eq(r.bom, 1);
	ck_assert_int_eq(csv_next(&r, &d), 1);
	ck_assert_int_eq(r.n, 2);
	ck_assert_str_eq(r.cells[0], "name");
	ck_assert_int_eq(csv_next(&r, &d), 1);
	ck_assert_int_eq(r.line, 2);
	ck_assert_str_eq(r.cells[0], "王丽");
	ck_assert_str_eq(r.cells[1], "a, \"b\"\nc");
	ck_assert_int_eq(csv_next(&r, &d), 1);  /* the empty line */
	ck_assert_int_eq(r.line, 4);
	ck_assert_int_eq(r.n, 1);
	ck_assert_int_eq(csv_next(&r, &d), 1);
	ck_assert_int_eq(r.line, 5);
	ck_assert_str_eq(r.cells[0], "张三");
	ck_assert_str_eq(r.cells[1], "");
	ck_assert_int_eq(csv_next(&r, &d), 0);
	csv_close(&r);
	unlink(path);
}
END_TEST

START_TEST(csv_writing)
{
	struct sbuf b = SBUF_INIT;

	csv_cell(&b, "王丽", 1);
	csv_cell(&b, "a,b", 0);
	csv_cell(&b, "say \"hi\"", 0);
	csv_cell(&b, NULL, 0);
	ck_assert_str_eq(sbuf_str(&b), "王丽,\"a,b\",\"say \"\"hi\"\"\",");
	sbuf_free(&b);
}
END_TEST

/* What a Chinese input method types full-width reads as ASCII, spaces around trimmed. */
START_TEST(full_width_as_typed)
{
	char out[64], why[256], phone[12];
	long n;
	int flag;

	ck_assert_int_eq(field_ascii("２２０１０２１９９５０３０７００２ｘ", out, sizeof out, 1), 0);
	ck_assert_str_eq(out, "22010219950307002x");
	ck_assert_int_eq(field_ascii("\xe3\x80\x80 ２０１８－０３／０１．：＋Ｘ\xe3\x80\x80\t", out, sizeof out,
	    1), 0);
	ck_assert_str_eq(out, "2018-03/01.:+X");
	/* '！' and '～' bound the range; the ideographic space inside becomes a space */
	ck_assert_int_eq(field_ascii("！\xe3\x80\x80～", out, sizeof out, 1), 0);
	ck_assert_str_eq(out, "! ~");
	/* without ascii only the edges go; other text is kept as it is */
	ck_assert_int_eq(field_ascii("\xe3\x80\x80王丽 ＡＢ\xc2\xa0", out, sizeof out, 0), 0);
	ck_assert_str_eq(out, "王丽 ＡＢ");
	ck_assert_int_eq(field_ascii("王丽，。", out, sizeof out, 1), 0);
	ck_assert_str_eq(out, "王丽,。");
	ck_assert_int_eq(field_ascii("   ", out, sizeof out, 1), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(field_ascii("12345", out, 4, 1), -1);
	ck_assert_str_eq(out, "123");
	/* the field checks read through it */
	ck_assert_int_eq(field_phone("＋８６\xe3\x80\x80１３９－１２３４－５６７８", phone, why, sizeof why), 0);
	ck_assert_str_eq(phone, "13912345678");
	ck_assert_int_eq(field_int(" １２０ ", 0, 10000, &n, why, sizeof why), 0);
	ck_assert_int_eq(n, 120);
	ck_assert_int_eq(field_int("１２０ｈ", 0, 10000, &n, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "１２０ｈ"));
	ck_assert_int_eq(field_flag("ＹＥＳ", &flag, why, sizeof why), 0);
	ck_assert_int_eq(flag, 1);
	ck_assert_int_eq(field_enum("ｍａｌｅ", "male|female", why, sizeof why), 0);
}
END_TEST

/* Cells a spreadsheet would take for a formula are written inert and read back as given. */
START_TEST(csv_formulas_inert)
{
	struct sbuf b = SBUF_INIT;
	static const char *const cells[] = { "=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\r=x", "'=x",
	    "''@", "'plain", "plain", "=a,b" };
	static const char *const written[] = { "'=1+1", "'+86", "'-2", "'@SUM(A1)", "'\tx",
	    "\"'\r=x\"", "''=x", "'''@", "'plain", "plain", "\"'=a,b\"" };

	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
		sbuf_reset(&b);
		csv_cell(&b, cells[i], 1);
		ck_assert_str_eq(sbuf_str(&b), written[i]);
		/* what the reader gets back (unquoted here) goes back to the cell */
		if (written[i][0] != '"')
			ck_assert_str_eq(csv_plain(written[i]), cells[i]);
	}
	ck_assert_str_eq(csv_plain("'\r=x"), "\r=x");
	ck_assert_str_eq(csv_plain("'=a,b"), "=a,b");
	ck_assert_str_eq(csv_plain("'plain"), "'plain");
	/* ID numbers and phones behind a tab, as text; not a formula */
	sbuf_reset(&b);
	csv_cell_text(&b, "220102199503070028", 1);
	csv_cell_text(&b, "=1", 0);
	csv_cell_text(&b, NULL, 0);
	ck_assert_str_eq(sbuf_str(&b), "\"\t220102199503070028\",'=1,");
	sbuf_free(&b);
}
END_TEST

START_TEST(json_and_yaml)
{
	struct sbuf b = SBUF_INIT;
	struct node *root = node_new_map();
	struct node *p = node_child_map(root, "person");

	node_set_str(p, "name", "王丽");
	node_set_str(p, "id_number", "220102199503070028");
	node_set_bool(p, "disabled", false);
	node_set_int(node_child_map(root, "insurance"), "unemployment_months", 40);
	struct node *c = node_new_map();
	node_set_int(c, "level", 4);
	node_set_plain(c, "issued_on", "2017-05-10");
	node_add(node_child_list(root, "certificates"), NULL, c);
	node_write_yaml(root, &b);
	ck_assert_str_eq(sbuf_str(&b),
	    "person:\n"
	    "  name: 王丽\n"
	    "  id_number: \"220102199503070028\"\n"
	    "  disabled: false\n"
	    "insurance:\n"
	    "  unemployment_months: 40\n"
	    "certificates:\n"
	    "  - level: 4\n"
	    "    issued_on: 2017-05-10\n");
	sbuf_reset(&b);
	node_write_json(root, &b);
	ck_assert_str_eq(sbuf_str(&b), "{\"person\":{\"name\":\"王丽\",\"id_number\":"
	    "\"220102199503070028\",\"disabled\":false},\"insurance\":{\"unemployment_months\":40},"
	    "\"certificates\":[{\"level\":4,\"issued_on\":\"2017-05-10\"}]}");
	ck_assert_str_eq(node_path(root, "certificates.0.issued_on")->text, "2017-05-10");
	ck_assert_ptr_null(node_path(root, "certificates.1.level"));
	ck_assert_ptr_null(node_path(root, "person.phone"));
	sbuf_reset(&b);
	json_quote(&b, "a\"b\\\n\x01");
	ck_assert_str_eq(sbuf_str(&b), "\"a\\\"b\\\\\\n\\u0001\"");
	node_free(root);
	sbuf_free(&b);
}
END_TEST

/* Trees built one after another in one arena (policy eval --all): each reads as the same tree
 * built on its own, a reset makes room again without growing, and a list that outgrows a block
 * keeps every item. */
START_TEST(node_arena_trees)
{
	struct node_arena *a = node_arena_new();
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;
	char text[32];

	for (int round = 0; round < 3; round++) {
		for (int person = 0; person < 50; person++) {
			struct node *own = node_new_map(), *in;
			node_arena_reset(a);
			in = node_new_map_in(a);
			for (int k = 0; k < 2; k++) {
				struct node *root = k ? in : own;
				struct node *p = node_child_map(root, "person");
				snprintf(text, sizeof text, "王丽%d\"%d", person, round);
				node_set_str(p, "name", text);
				node_set_bool(node_child_map(p, "employment"), "employed", person % 2);
				node_add(p, "hukou_type", node_new_scalar_in(root->arena, "rural", false));
				/* a list of 3000 items outgrows the first 64 KiB block */
				struct node *l = node_child_list(root, "certificates");
				for (int i = 0; i < (person == 7 ? 3000 : 3); i++) {
					struct node *c = node_new_map_in(root->arena);
					node_set_int(c, "level", i % 5 + 1);
					node_add(l, NULL, c);
				}
				node_set_str(p, "name", "替换");   /* a key set again */
			}
			sbuf_reset(&want);
			sbuf_reset(&got);
			node_write_json(own, &want);
			node_write_json(in, &got);
			ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
			ck_assert_ptr_eq(in->arena, a);
			ck_assert_str_eq(node_path(in, "person.name")->text, "替换");
			node_free(in);   /* the arena's: nothing is freed */
			node_free(own);
		}
	}
	node_arena_free(a);
	node_arena_free(NULL);
	sbuf_free(&want);
	sbuf_free(&got);
}
END_TEST

/* The suite. */
static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, phones);
	tcase_add_test(tc, names);
	tcase_add_test(tc, one_line_text);
	tcase_add_test(tc, initials);
	tcase_add_test(tc, csv_reading);
	tcase_add_test(tc, csv_writing);
	tcase_add_test(tc, json_and_yaml);
	tcase_add_test(tc, node_arena_trees);
	tcase_add_test(tc, full_width_as_typed);
	tcase_add_test(tc, csv_formulas_inert);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite in a UTF-8 locale. */
int
main(void)
{
	utf8_locale();
	SRunner *sr = srunner_create(text_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
