/* Check tests for policy/yamlload and policy/yfield: the safe reader and its refusals. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy/yamlload.h"
#include "policy/yfield.h"
#include "util/xalloc.h"

#define FIX TEST_SOURCE_DIR "/tests/policy/fixtures/yaml/"

/* Load a fixture expecting a refusal; return the message. */
static const char *
refuse(const char *name, struct diag *d)
{
	char *path = xasprintf(FIX "%s", name);
	struct node *n = NULL;
	int rc = yamlload_file(path, &n, d);

	ck_assert_msg(rc == EX_DATAERR, "%s: expected EX_DATAERR, got %d (%s)", name, rc, d->msg);
	ck_assert_ptr_null(n);
	free(path);
	return d->msg;
}

/* Whether msg has the fixture's file:line:col prefix and contains want. */
static void
expect_at(const char *msg, const char *file, const char *at, const char *want)
{
	char *prefix = xasprintf(FIX "%s:%s: ", file, at);

	ck_assert_msg(strncmp(msg, prefix, strlen(prefix)) == 0, "'%s' should start with '%s'", msg, prefix);
	ck_assert_msg(strstr(msg, want) != NULL, "'%s' should say '%s'", msg, want);
	free(prefix);
}

START_TEST(reads_a_tree_with_positions)
{
	const char *text = "person:\n  name: \"王丽\"\n  level: 4\n  none: ~\n  empty:\nlist:\n  - a\n  - 'b'\n";
	struct diag d = DIAG_INIT;
	struct node *n;

	ck_assert_int_eq(yamlload_buf("t.yaml", text, strlen(text), &n, &d), 0);
	const struct node *name = node_path(n, "person.name");
	ck_assert_str_eq(name->text, "王丽");
	ck_assert(name->quoted);
	ck_assert_int_eq(name->line, 2);
	ck_assert_int_eq(name->col, 9);
	ck_assert(!node_path(n, "person.level")->quoted);
	ck_assert_ptr_null(node_path(n, "person.none")->text);
	ck_assert_ptr_null(node_path(n, "person.empty")->text);
	ck_assert_str_eq(node_path(n, "list.1")->text, "b");
	ck_assert_int_eq(node_path(n, "list")->kind, NODE_LIST);
	node_free(n);
}
END_TEST

START_TEST(refuses_anchor_and_alias)
{
	struct diag d = DIAG_INIT;

	expect_at(refuse("anchor.yaml", &d), "anchor.yaml", "2:4", "anchors");
	expect_at(refuse("alias.yaml", &d), "alias.yaml", "2:4", "aliases");
}
END_TEST

START_TEST(refuses_duplicate_key)
{
	struct diag d = DIAG_INIT;

	expect_at(refuse("duplicate.yaml", &d), "duplicate.yaml", "4:3", "duplicate key 'name' (first at line 2)");
}
END_TEST

START_TEST(refuses_tags_documents_and_bad_syntax)
{
	struct diag d = DIAG_INIT;

	expect_at(refuse("tag.yaml", &d), "tag.yaml", "1:4", "tags");
	expect_at(refuse("twodocs.yaml", &d), "twodocs.yaml", "2:1", "second document");
	expect_at(refuse("empty.yaml", &d), "empty.yaml", "1:1", "no YAML document");
	ck_assert_ptr_nonnull(strstr(refuse("syntax.yaml", &d), "YAML syntax error"));
}
END_TEST

START_TEST(caps_depth)
{
	struct diag d = DIAG_INIT;
	struct node *n;

	/* the top mapping is depth 1; 31 lists inside make 32, one more is refused */
	expect_at(refuse("deep.yaml", &d), "deep.yaml", "1:35", "deeper than 32");
	char *ok = xasprintf(FIX "deep-ok.yaml");
	ck_assert_int_eq(yamlload_file(ok, &n, &d), 0);
	node_free(n);
	free(ok);
}
END_TEST

START_TEST(caps_size)
{
	char path[] = "/tmp/jobdesk-big-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct diag d = DIAG_INIT;
	struct node *n;

	ck_assert_ptr_nonnull(fp);
	fputs("notes: |\n", fp);
	for (int i = 0; i < 256 * 1024 / 64 + 1; i++)
		fputs("  0123456789012345678901234567890123456789012345678901234567890\n", fp);
	fclose(fp);
	ck_assert_int_eq(yamlload_file(path, &n, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "256 KiB"));
	ck_assert_ptr_nonnull(strstr(d.msg, "a policy or facts file may have at most 256 KiB"));
	unlink(path);
	ck_assert_int_eq(yamlload_file("/nonexistent/x.yaml", &n, &d), EX_NOINPUT);
}
END_TEST

START_TEST(refuses_v11_booleans_where_text_or_bool_is_meant)
{
	const char *text = "a: yes\nb: \"yes\"\nc: on\nd: true\ne: Off\nf: 12\ng: \"12\"\n";
	struct diag d = DIAG_INIT;
	struct yfile yf = { "t.yaml", &d };
	struct node *n;
	const char *s;
	bool b;
	int64_t i;

	ck_assert_int_eq(yamlload_buf("t.yaml", text, strlen(text), &n, &d), 0);
	ck_assert_int_eq(yfield_str(&yf, n, "a", true, &s), EX_DATAERR);
	ck_assert_str_eq(d.msg, "t.yaml:1:4: a: 'yes' reads as a YAML 1.1 boolean; quote it (\"yes\") if text is meant");
	ck_assert_int_eq(yfield_str(&yf, n, "b", true, &s), 0);
	ck_assert_str_eq(s, "yes");
	ck_assert_int_eq(yfield_bool(&yf, n, "c", true, &b), EX_DATAERR);
	ck_assert_str_eq(d.msg, "t.yaml:3:4: c: 'on' is a YAML 1.1 boolean; write true or false");
	ck_assert_int_eq(yfield_bool(&yf, n, "d", true, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(yfield_bool(&yf, n, "e", true, &b), EX_DATAERR);
	ck_assert_int_eq(yfield_int(&yf, n, "f", true, &i), 0);
	ck_assert_int_eq(i, 12);
	ck_assert_int_eq(yfield_int(&yf, n, "g", true, &i), EX_DATAERR);
	ck_assert_int_eq(yfield_str(&yf, n, "missing", true, &s), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "missing 'missing'"));
	node_free(n);
}
END_TEST

START_TEST(refuses_unknown_keys)
{
	static const char *const keys[] = { "id", "measure", NULL };
	const char *text = "id: x\nmeasure: 七\nmesure: 八\n";
	struct diag d = DIAG_INIT;
	struct yfile yf = { "t.yaml", &d };
	struct node *n;

	ck_assert_int_eq(yamlload_buf("t.yaml", text, strlen(text), &n, &d), 0);
	ck_assert_int_eq(yfield_keys(&yf, n, keys), EX_DATAERR);
	ck_assert_str_eq(d.msg, "t.yaml:3:9: unknown key 'mesure' (expected one of: id, measure)");
	node_free(n);
}
END_TEST

/* The suite. */
static Suite *
yamlload_suite(void)
{
	Suite *s = suite_create("yamlload");
	TCase *tc = tcase_create("yamlload");

	tcase_add_test(tc, reads_a_tree_with_positions);
	tcase_add_test(tc, refuses_anchor_and_alias);
	tcase_add_test(tc, refuses_duplicate_key);
	tcase_add_test(tc, refuses_tags_documents_and_bad_syntax);
	tcase_add_test(tc, caps_depth);
	tcase_add_test(tc, caps_size);
	tcase_add_test(tc, refuses_v11_booleans_where_text_or_bool_is_meant);
	tcase_add_test(tc, refuses_unknown_keys);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(yamlload_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
