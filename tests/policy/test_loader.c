/* Check tests for policy/policy, policy/policyset and policy/factsfile: every refusal of the loader. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "policy/factsfile.h"
#include "policy/policyset.h"
#include "policy/ptest.h"
#include "policy/result.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

#define FIX TEST_SOURCE_DIR "/tests/policy/fixtures/"

static struct policyset *ps;
static struct sbuf errors;
static int nerrors;

/* Collect loader errors, one line each. */
static void
collect(void *arg, const struct diag *d)
{
	(void)arg;
	sbuf_addf(&errors, "%s\n", d->msg);
	nerrors++;
}

/* Load the shipped policies once per test. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);
	sbuf_reset(&errors);
	nerrors = 0;
}

/* Free the set. */
static void
teardown(void)
{
	policyset_free(ps);
	sbuf_free(&errors);
}

/* Add a policy fixture expecting it refused; the errors are in the errors buffer. */
static void
refuse(const char *name)
{
	char *path = xasprintf(FIX "policy/%s", name);
	size_t before = ps->npolicies;

	ck_assert_msg(policyset_add_file(ps, path, collect, NULL) == EX_DATAERR, "%s should be refused", name);
	ck_assert_uint_eq(ps->npolicies, before);
	free(path);
}

/* Whether the errors hold "FIXTURE:AT: ..." containing want. */
static void
expect(const char *name, const char *at, const char *want)
{
	char *line = xasprintf(FIX "policy/%s:%s: ", name, at);
	const char *p = strstr(sbuf_str(&errors), line);

	ck_assert_msg(p != NULL, "errors should name %s, got:\n%s", line, sbuf_str(&errors));
	const char *end = strchr(p, '\n');
	char *msg = xstrndup(p, (size_t)(end - p));
	ck_assert_msg(strstr(msg, want) != NULL, "'%s' should say '%s'", msg, want);
	free(msg);
	free(line);
}

START_TEST(shipped_policies_load_and_pass_their_tests)
{
	static const char *const ids[] = { "employment-difficulty", "startup-subsidy", "internship-subsidy",
	    "job-search-subsidy", "graduate-social-insurance-subsidy", "grassroots-establishment",
	    "overcapacity-placement", "returnee-startup-support", "rural-training-subsidy",
	    "zero-employment-assistance", "veteran-services", "vocational-training-subsidy", "skill-upgrade-subsidy",
	    "guidance-training-subsidy", "technician-training-subsidy", "apprenticeship-training-subsidy",
	    "employer-graduate-insurance-subsidy", "returnee-startup-training-subsidy",
	    "returnee-self-employment-insurance-subsidy", "extended-unemployment-benefit" };
	struct sbuf out = SBUF_INIT;
	int passed, failed;

	ck_assert_uint_eq(ps->npolicies, sizeof ids / sizeof *ids);
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		const struct policy *p = policyset_find(ps, ids[i]);
		ck_assert_msg(p != NULL, "policy %s", ids[i]);
		ck_assert_uint_eq(strlen(p->hash), 64);
		ck_assert_msg(p->ntests >= 3, "%s has %zu test cases", ids[i], p->ntests);
		ck_assert_ptr_nonnull(p->text);
	}
	/* measure order */
	ck_assert_str_eq(ps->policies[0]->id, "startup-subsidy");
	ck_assert_str_eq(ps->policies[ps->npolicies - 1]->id, "extended-unemployment-benefit");
	ptest_run(ps, false, &out, &passed, &failed);
	ck_assert_msg(failed == 0, "%s", sbuf_str(&out));
	ck_assert_int_ge(passed, 70);
	sbuf_free(&out);
}
END_TEST

START_TEST(refuses_misspelt_fact)
{
	refuse("misspelt-fact.yaml");
	expect("misspelt-fact.yaml", "11:11", "unknown fact 'person.educaton' (did you mean 'person.education'?)");
}
END_TEST

START_TEST(refuses_wrong_enum_value)
{
	refuse("wrong-enum.yaml");
	expect("wrong-enum.yaml", "11:44", "'bachelors' is not a value of person.education");
}
END_TEST

START_TEST(refuses_type_mismatch)
{
	refuse("date-vs-number.yaml");
	expect("date-vs-number.yaml", "11:34", "cannot compare a date with an integer");
	sbuf_reset(&errors);
	refuse("not-bool.yaml");
	expect("not-bool.yaml", "11:11", "'expr' must be a bool expression, not a integer");
}
END_TEST

START_TEST(refuses_unknown_key)
{
	refuse("unknown-key.yaml");
	expect("unknown-key.yaml", "9:1", "unknown key 'condtions' (expected one of: id, measure,");
}
END_TEST

START_TEST(refuses_yes_as_a_boolean)
{
	refuse("yes-in-test.yaml");
	expect("yes-in-test.yaml", "18:26", "'yes' is a YAML 1.1 boolean; write true or false");
}
END_TEST

START_TEST(refuses_bad_references)
{
	refuse("unknown-group.yaml");
	expect("unknown-group.yaml", "9:1", "unknown target group 'college_graduates'");
	sbuf_reset(&errors);
	refuse("cycle.yaml");
	expect("cycle.yaml", "1:1", "depends on itself");
	sbuf_reset(&errors);
	refuse("unknown-param.yaml");
	expect("unknown-param.yaml", "15:10", "unknown parameter 'local.no_such_standard'");
	sbuf_reset(&errors);
	refuse("item-in-person.yaml");
	expect("item-in-person.yaml", "11:11", "only for policies whose subject is a list");
	sbuf_reset(&errors);
	refuse("bad-placeholder.yaml");
	expect("bad-placeholder.yaml", "12:31", "unknown fact 'item.levle' (did you mean 'item.level'?)");
	sbuf_reset(&errors);
	refuse("id-mismatch.yaml");
	expect("id-mismatch.yaml", "1:5", "id 'wrong-name' must match the file name");
}
END_TEST

START_TEST(reports_every_error_of_a_file)
{
	refuse("two-errors.yaml");
	ck_assert_int_eq(nerrors, 2);
	expect("two-errors.yaml", "11:27", "cannot compare a bool with a string");
	expect("two-errors.yaml", "15:11", "months_between() takes 2 arguments, not 1");
}
END_TEST

START_TEST(a_new_file_is_evaluated_like_the_shipped_ones)
{
	char *path = xasprintf(FIX "policy/good-extra.yaml");
	const struct policy *p;
	struct sbuf out = SBUF_INIT;
	int passed, failed;

	ck_assert_int_eq(policyset_add_file(ps, path, collect, NULL), 0);
	ck_assert_str_eq(sbuf_str(&errors), "");
	ck_assert_ptr_nonnull(p = policyset_find(ps, "good-extra"));
	ck_assert_int_eq(p->amount, POLICY_AMOUNT_TABLE);
	/* dated values: 200 fen before 2018-01-01, 2000 from then on */
	int d1, d2;
	date_parse("2017-12-31", &d1);
	date_parse("2018-01-01", &d2);
	int64_t fen;
	ck_assert(param_lookup(param_at(p->amount_param, d1), "4", &fen));
	ck_assert_int_eq(fen, 200);
	ck_assert(param_lookup(param_at(p->amount_param, d2), "4", &fen));
	ck_assert_int_eq(fen, 2000);
	ck_assert_ptr_null(param_at(p->amount_param, d1 - 100));
	ptest_run(ps, false, &out, &passed, &failed);
	ck_assert_msg(failed == 0, "%s", sbuf_str(&out));
	sbuf_free(&out);
	free(path);
}
END_TEST

/* Evaluate the rate-overflow fixture (added first) for one training of class_hours hours on 2018-03-01. */
static struct result_list *
overflow_eval(const char *class_hours)
{
	char *yaml = xasprintf("trainings: [{kind: guidance, status: completed, class_hours: %s}]", class_hours);
	struct diag d = DIAG_INIT;
	struct result_list *rl;
	struct node *n;
	int on;

	ck_assert_msg(yamlload_buf("f.yaml", yaml, strlen(yaml), &n, &d) == 0, "%s", d.msg);
	date_parse("2018-03-01", &on);
	ck_assert_msg(result_eval_id(ps, "rate-overflow", n, on, &rl, &d) == 0, "%s", d.msg);
	ck_assert_uint_eq(rl->n, 1);
	node_free(n);
	free(yaml);
	return rl;
}

START_TEST(an_amount_too_large_to_figure_is_undecided_with_a_reason)
{
	char *path = xasprintf(FIX "policy/rate-overflow.yaml");
	const struct result_reason *amount = NULL;

	ck_assert_msg(policyset_add_file(ps, path, collect, NULL) == 0, "%s", sbuf_str(&errors));
	free(path);
	struct result_list *rl = overflow_eval("3");
	const struct result *r = &rl->items[0];

	/* not a wrapped-around amount, nor an eligible result without one and without a word */
	ck_assert_int_eq(r->outcome, RESULT_UNKNOWN);
	ck_assert(!r->has_amount);
	for (size_t i = 0; i < r->nreasons; i++)
		if (strcmp(r->reasons[i].id, "amount") == 0)
			amount = &r->reasons[i];
	ck_assert_ptr_nonnull(amount);
	ck_assert_int_eq(amount->state, TRI_UNKNOWN);
	ck_assert_msg(strstr(amount->en, "the amount cannot be figured") != NULL &&
	    strstr(amount->en, "too large") != NULL, "%s", amount->en);
	ck_assert_msg(strstr(amount->zh, "无法计算金额") != NULL, "%s", amount->zh);
	result_list_free(rl);
	/* the same policy with no hours figures an amount of 0 */
	rl = overflow_eval("0");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert(rl->items[0].has_amount);
	ck_assert_int_eq(rl->items[0].amount_fen, 0);
	result_list_free(rl);
}
END_TEST

/* Read a facts fixture expecting a refusal; return the message. */
static const char *
facts_refused(const char *name, int code)
{
	static struct diag d;
	char *path = xasprintf(FIX "facts/%s", name);
	struct node *n;

	diag_clear(&d);
	ck_assert_int_eq(factsfile_read(ps->schema, path, date_today(), &n, &d), code);
	ck_assert_ptr_null(n);
	free(path);
	return d.msg;
}

/* Whether msg is "FIXTURE:AT: ..." containing want. */
static void
facts_expect(const char *msg, const char *name, const char *at, const char *want)
{
	char *prefix = xasprintf(FIX "facts/%s:%s: ", name, at);

	ck_assert_msg(strncmp(msg, prefix, strlen(prefix)) == 0, "'%s' should start with '%s'", msg, prefix);
	ck_assert_msg(strstr(msg, want) != NULL, "'%s' should say '%s'", msg, want);
	free(prefix);
}

START_TEST(facts_files_are_checked)
{
	facts_expect(facts_refused("unknown-fact.yaml", EX_DATAERR), "unknown-fact.yaml", "3:13",
	    "unknown fact 'person.educaton' (did you mean 'person.education'?)");
	facts_expect(facts_refused("bad-enum.yaml", EX_DATAERR), "bad-enum.yaml", "2:14",
	    "'bachelors' is not an allowed value (expected one of: none, primary,");
	facts_expect(facts_refused("yes-bool.yaml", EX_DATAERR), "yes-bool.yaml", "2:13",
	    "'yes' is a YAML 1.1 boolean; write true or false");
	facts_expect(facts_refused("on-string.yaml", EX_DATAERR), "on-string.yaml", "2:9",
	    "'on' reads as a YAML 1.1 boolean; quote it");
	facts_expect(facts_refused("bad-date.yaml", EX_DATAERR), "bad-date.yaml", "2:20", "not a date");
	facts_expect(facts_refused("bad-level.yaml", EX_DATAERR), "bad-level.yaml", "2:12", "out of range; expected 1 to 5");
	facts_expect(facts_refused("bad-id.yaml", EX_DATAERR), "bad-id.yaml", "2:14", "person.id_number:");
	ck_assert_ptr_nonnull(strstr(facts_refused("none.yaml", EX_NOINPUT), "cannot open"));
}
END_TEST

START_TEST(id_number_fills_in_what_is_absent)
{
	struct diag d = DIAG_INIT;
	struct node *n;

	ck_assert_int_eq(factsfile_read(ps->schema, FIX "facts/good.yaml", date_today(), &n, &d), 0);
	ck_assert_str_eq(node_path(n, "person.birth_date")->text, "1995-03-07");
	ck_assert_str_eq(node_path(n, "person.sex")->text, "female");
	/* never the hukou province: the number tells where it was first issued (CONTRACT s.3) */
	ck_assert_ptr_null(node_path(n, "person.hukou_province"));
	node_free(n);
}
END_TEST

START_TEST(missing_directory_is_a_configuration_error)
{
	struct policyset *none;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(policyset_open("/nonexistent/policies", &none, &d), EX_CONFIG);
	ck_assert_ptr_null(none);
	ck_assert_ptr_nonnull(strstr(d.msg, "no policies directory"));
	ck_assert_int_eq(policyset_open(FIX "facts", &none, &d), EX_CONFIG);
}
END_TEST

/* The suite. */
static Suite *
loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, shipped_policies_load_and_pass_their_tests);
	tcase_add_test(tc, refuses_misspelt_fact);
	tcase_add_test(tc, refuses_wrong_enum_value);
	tcase_add_test(tc, refuses_type_mismatch);
	tcase_add_test(tc, refuses_unknown_key);
	tcase_add_test(tc, refuses_yes_as_a_boolean);
	tcase_add_test(tc, refuses_bad_references);
	tcase_add_test(tc, reports_every_error_of_a_file);
	tcase_add_test(tc, a_new_file_is_evaluated_like_the_shipped_ones);
	tcase_add_test(tc, an_amount_too_large_to_figure_is_undecided_with_a_reason);
	tcase_add_test(tc, facts_files_are_checked);
	tcase_add_test(tc, id_number_fills_in_what_is_absent);
	tcase_add_test(tc, missing_directory_is_a_configuration_error);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(loader_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
