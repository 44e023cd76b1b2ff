/* Check tests for issue 13 point 7: every reader of policy text stays linear up to its cap. Each
 * test builds the worst case a cap allows (an expression filling the 256 KiB a file may have,
 * a mapping with as many keys as fit, a list as long as fits, nesting to the 32-level cap and
 * past it, a policy with as many conditions as fit) and loads it.
 *
 * The 1-second bounds below guard complexity, not speed: before this fix a 20,000-term 'and'
 * chain took seconds (every node rescanned the text from its start for its line and column,
 * and a mapping's duplicate-key check compared every key with every earlier one); linear, each
 * loads in milliseconds, so a second is a generous bound on a loaded machine and only a return
 * to quadratic time can cross it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy/expr.h"
#include "policy/factschema.h"
#include "policy/policyset.h"
#include "policy/yamlload.h"
#include "util/node.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The bound every worst case must load within (see above: complexity, not speed). */
#define BOUND_S 1.0

/* Seconds on the monotonic clock. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Say what a worst case took (in the test's log, for the record). */
static void
said(const char *what, size_t n, double t)
{
	printf("caps: %s (%zu): %.3f s\n", what, n, t);
}

/* Append unit repeatedly while the whole stays within cap bytes (after head and before tail). */
static size_t
fill(struct sbuf *b, const char *unit, size_t cap, size_t tail)
{
	size_t n = 0, ul = strlen(unit);

	while (b->len + ul + tail <= cap) {
		sbuf_add(b, unit);
		n++;
	}
	return n;
}

/* A loader report: the first error into the diag passed as arg. */
static void
first_error(void *arg, const struct diag *d)
{
	struct diag *out = arg;

	if (out->code == 0)
		*out = *d;
}

/* Parse YAML text, expecting rc; return the seconds taken. */
static double
yaml_time(const struct sbuf *b, int want_rc)
{
	struct diag d = DIAG_INIT;
	struct node *n = NULL;
	double t0 = now_s();
	int rc = yamlload_buf("caps.yaml", sbuf_str(b), b->len, &n, &d);
	double t = now_s() - t0;

	ck_assert_msg(rc == want_rc, "rc %d, want %d: %s", rc, want_rc, d.msg);
	node_free(n);
	return t;
}

START_TEST(expression_and_chain)
{
	struct factschema *schema;
	struct diag d = DIAG_INIT;
	char *path = xasprintf("%s/facts-schema.yaml", getenv("JOBDESK_POLICIES"));
	struct sbuf b = SBUF_INIT;
	struct expr *e = NULL;

	ck_assert_msg(factschema_load(path, &schema, &d) == 0, "%s", d.msg);
	free(path);
	sbuf_add(&b, "1 == 1");
	size_t terms = 1 + fill(&b, " and 1 == 1", YAMLLOAD_MAX_BYTES, 0);
	ck_assert_uint_ge(terms, 20000);
	struct expr_env env = { schema, NULL, "t.yaml", 1, 1, NULL, 0 };
	double t0 = now_s();
	ck_assert_msg(expr_parse(sbuf_str(&b), &env, &e, &d) == 0, "%s", d.msg);
	double t = now_s() - t0;
	said("and-chain terms parsed", terms, t);
	ck_assert_msg(t < BOUND_S, "%zu-term chain parsed in %.2f s", terms, t);
	expr_free(e);
	/* the same across lines: an error at the end still names its line and column */
	sbuf_reset(&b);
	sbuf_add(&b, "1 == 1");
	fill(&b, "\nand 1 == 1", YAMLLOAD_MAX_BYTES, 8);
	sbuf_add(&b, " and 1 =");
	diag_clear(&d);
	t0 = now_s();
	ck_assert_int_eq(expr_parse(sbuf_str(&b), &env, &e, &d), EX_DATAERR);
	t = now_s() - t0;
	ck_assert_msg(t < BOUND_S, "refused in %.2f s", t);
	ck_assert_msg(strstr(d.msg, "t.yaml:23831:18:") != NULL, "%s", d.msg);
	sbuf_free(&b);
	factschema_free(schema);
}
END_TEST

START_TEST(yaml_widest_mapping)
{
	struct sbuf b = SBUF_INIT;
	char key[32];
	size_t n = 0;

	while (b.len + 16 <= YAMLLOAD_MAX_BYTES) {
		snprintf(key, sizeof key, "k%zu: 1\n", n++);
		sbuf_add(&b, key);
	}
	ck_assert_uint_ge(n, 20000);
	double t = yaml_time(&b, 0);
	said("mapping keys loaded", n, t);
	ck_assert_msg(t < BOUND_S, "%zu keys loaded in %.2f s", n, t);
	/* a duplicate as the last key is still found, naming the first */
	sbuf_add(&b, "k0: 2\n");
	t = yaml_time(&b, EX_DATAERR);
	ck_assert_msg(t < BOUND_S, "%zu keys and a duplicate in %.2f s", n, t);
	sbuf_free(&b);
}
END_TEST

START_TEST(yaml_longest_list)
{
	struct sbuf b = SBUF_INIT;
	size_t n = fill(&b, "- 1\n", YAMLLOAD_MAX_BYTES, 0);
	double t = yaml_time(&b, 0);

	said("block list items loaded", n, t);
	ck_assert_msg(t < BOUND_S, "%zu items loaded in %.2f s", n, t);
	/* and in flow style */
	sbuf_reset(&b);
	sbuf_add(&b, "[1");
	n = fill(&b, ",1", YAMLLOAD_MAX_BYTES, 1);
	sbuf_add(&b, "]");
	t = yaml_time(&b, 0);
	said("flow list items loaded", n, t);
	ck_assert_msg(t < BOUND_S, "%zu flow items loaded in %.2f s", n, t);
	sbuf_free(&b);
}
END_TEST

START_TEST(yaml_nesting)
{
	struct sbuf b = SBUF_INIT;
	char unit[80];

	/* as many 32-deep nests as fit: each the cap's worst */
	sbuf_add(&b, "[");
	memset(unit, 0, sizeof unit);
	for (int i = 0; i < 31; i++)
		unit[i] = '[';
	strcat(unit, "1");
	for (int i = 0; i < 31; i++)
		strcat(unit, "]");
	strcat(unit, ",");
	size_t n = fill(&b, unit, YAMLLOAD_MAX_BYTES, 2);
	sbuf_add(&b, "1]");
	double t = yaml_time(&b, 0);
	said("32-deep nests loaded", n, t);
	ck_assert_msg(t < BOUND_S, "%zu nests of 32 loaded in %.2f s", n, t);
	/* past the cap: the whole file one deep nest, refused */
	sbuf_reset(&b);
	fill(&b, "[", YAMLLOAD_MAX_BYTES, 0);
	t = yaml_time(&b, EX_DATAERR);
	ck_assert_msg(t < BOUND_S, "a 256 KiB nest refused in %.2f s", t);
	sbuf_reset(&b);
	fill(&b, "{a: ", YAMLLOAD_MAX_BYTES, 0);
	t = yaml_time(&b, EX_DATAERR);
	ck_assert_msg(t < BOUND_S, "a 256 KiB mapping nest refused in %.2f s", t);
	sbuf_free(&b);
}
END_TEST

START_TEST(policy_most_conditions)
{
	struct policyset *ps;
	struct diag d = DIAG_INIT;
	char dir[] = "/tmp/jobdesk-caps-XXXXXX", *path;
	struct sbuf b = SBUF_INIT;
	char unit[200];
	size_t n = 0;
	FILE *fp;

	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = xasprintf("%s/caps-conditions.yaml", dir);
	sbuf_add(&b, "id: caps-conditions\nmeasure: 二十\ntext: 测试。\ntitle: {zh: 测试, en: test}\n"
	    "kind: status\nperiod: {from: 2017-10-12, until: null}\nsubject: person\nlimit: none\n"
	    "conditions:\n");
	while (b.len + 120 <= YAMLLOAD_MAX_BYTES) {
		snprintf(unit, sizeof unit, "  - {id: c%zu, expr: person.disabled, pass: {zh: 是, en: ok}, "
		    "fail: {zh: 否, en: not}}\n", n++);
		sbuf_add(&b, unit);
	}
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fwrite(sbuf_str(&b), 1, b.len, fp);
	fclose(fp);
	double t0 = now_s();
	int rc = policyset_add_file(ps, path, first_error, &d);
	double t = now_s() - t0;
	ck_assert_msg(rc == 0, "%s", d.msg);
	said("policy conditions loaded", n, t);
	ck_assert_msg(t < BOUND_S, "%zu conditions loaded in %.2f s", n, t);
	unlink(path);
	rmdir(dir);
	free(path);
	sbuf_free(&b);
	policyset_free(ps);
}
END_TEST

/* The suite. */
static Suite *
caps_suite(void)
{
	Suite *s = suite_create("caps");
	TCase *tc = tcase_create("caps");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, expression_and_chain);
	tcase_add_test(tc, yaml_widest_mapping);
	tcase_add_test(tc, yaml_longest_list);
	tcase_add_test(tc, yaml_nesting);
	tcase_add_test(tc, policy_most_conditions);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(caps_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
