/* Check tests for policy/expr, policy/eval and policy/tmpl: parsing, type checking, three-valued evaluation. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/eval.h"
#include "policy/expr.h"
#include "policy/factschema.h"
#include "policy/tmpl.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/xalloc.h"

static struct factschema *schema;

/* Load the shipped facts schema once. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	char *path = xasprintf("%s/facts-schema.yaml", getenv("JOBDESK_POLICIES"));

	ck_assert_msg(factschema_load(path, &schema, &d) == 0, "%s", d.msg);
	free(path);
}

/* Free the schema. */
static void
teardown(void)
{
	factschema_free(schema);
}

/* Parse text about the person (or about certificates when item is set); fail the test on error. */
static struct expr *
parse(const char *text, bool item)
{
	struct expr_env env = { schema, item ? factschema_find(schema, "certificates") : NULL, "t.yaml", 1, 1, NULL, 0 };
	struct diag d = DIAG_INIT;
	struct expr *e;

	ck_assert_msg(expr_parse(text, &env, &e, &d) == 0, "'%s': %s", text, d.msg);
	return e;
}

/* Parse text expecting an error; return it (static buffer). */
static const char *
parse_err(const char *text, bool item)
{
	static struct diag d;
	struct expr_env env = { schema, item ? factschema_find(schema, "certificates") : NULL, "t.yaml", 3, 11, NULL, 0 };
	struct expr *e;

	diag_clear(&d);
	ck_assert_msg(expr_parse(text, &env, &e, &d) == EX_DATAERR, "'%s' should be refused", text);
	ck_assert_ptr_null(e);
	return d.msg;
}

/* A facts tree from YAML text. Caller frees. */
static struct node *
facts(const char *yaml)
{
	struct diag d = DIAG_INIT;
	struct node *n;

	ck_assert_msg(yamlload_buf("f.yaml", yaml, strlen(yaml), &n, &d) == 0, "%s", d.msg);
	return n;
}

/* Evaluate text over a facts tree on a date, with the first certificate as the item. */
static enum tri
tri_on(const char *text, const char *yaml, const char *on, char *missing, size_t len)
{
	struct node *root = facts(yaml);
	struct expr *e = parse(text, strstr(text, "item.") != NULL);
	struct eval_ctx c = { .root = root, .item = node_path(root, "certificates.0"), .index = 0 };
	enum tri t;

	ck_assert_int_eq(date_parse(on, &c.on), 0);
	c.as_of = c.on;
	t = eval_tri(e, &c);
	if (missing != NULL) {
		missing[0] = '\0';
		for (size_t i = 0; i < c.nmiss; i++) {
			char *p = eval_missing_path(&c.miss[i]);
			strncat(missing, p, len - strlen(missing) - 2);
			strcat(missing, " ");
			free(p);
		}
	}
	eval_ctx_free(&c);
	expr_free(e);
	node_free(root);
	return t;
}

/* Evaluate text on 2018-03-01 over facts. */
static enum tri
tri(const char *text, const char *yaml)
{
	return tri_on(text, yaml, "2018-03-01", NULL, 0);
}

/* Evaluate an integer expression with no facts. */
static int64_t
num(const char *text)
{
	struct node *root = facts("{}");
	struct expr *e = parse(text, false);
	struct eval_ctx c = { .root = root, .index = -1 };
	struct value v;

	date_parse("2018-03-01", &c.on);
	c.as_of = c.on;
	v = eval_expr(e, &c);
	ck_assert_msg(v.known, "'%s' should be known", text);
	eval_ctx_free(&c);
	expr_free(e);
	node_free(root);
	return v.i;
}

/* A call or list whose argument fails part-way frees what it built (the sanitizer build's leak
 * check fails this test otherwise; found by tests/reliability/fuzz). */
START_TEST(a_bad_argument_frees_what_was_built)
{
	ck_assert_ptr_nonnull(strstr(parse_err("term_months(item.start, item.end) >= 1", false), "item"));
	parse_err("years_between(person.birth_date, [1, \"a\"])", false);
	parse_err("person.education in [\"bachelor\", months_between(1)]", false);
}
END_TEST

START_TEST(precedence)
{
	ck_assert_int_eq(num("1 + 2 * 3"), 7);
	ck_assert_int_eq(num("(1 + 2) * 3"), 9);
	ck_assert_int_eq(num("10 - 4 - 3"), 3);
	ck_assert_int_eq(num("-2 * 3 + 10"), 4);
	ck_assert_int_eq(num("5000 yuan"), 500000);
	ck_assert_int_eq(num("960.5 yuan - 50 fen"), 96000);
	ck_assert_int_eq(num("800 fen * 120"), 96000);
	ck_assert_int_eq(num("year(2017-07-01)"), 2017);
	ck_assert_int_eq(num("min(3, 9) + max(3, 9)"), 12);
	ck_assert_int_eq(tri("true or false and false", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("(true or false) and false", "{}"), TRI_FALSE);
	ck_assert_int_eq(tri("not false and false", "{}"), TRI_FALSE);
	ck_assert_int_eq(tri("not (false and false)", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("1 + 1 == 2 and 2 * 3 > 5", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("3 not in [1, 2]", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("\"a\" in ['a', \"b\"]", "{}"), TRI_TRUE);
}
END_TEST

START_TEST(arithmetic_beyond_its_range_is_unknown)
{
	/* the one negation that overflows, and months that would leave YYYY-MM-DD */
	ck_assert_int_eq(tri("-(-1099511627776 * 8388608) > 0", "{}"), TRI_UNKNOWN);
	ck_assert_int_eq(tri("add_months(on_date, -30001) < on_date", "{}"), TRI_UNKNOWN);
	ck_assert_int_eq(tri("add_months(on_date, 12000) > on_date", "{}"), TRI_TRUE);
}
END_TEST

START_TEST(unknown_propagates_and_names_the_fact)
{
	char miss[256];
	const char *none = "person: {}";

	ck_assert_int_eq(tri_on("person.disabled", none, "2018-03-01", miss, sizeof miss), TRI_UNKNOWN);
	ck_assert_str_eq(miss, "person.disabled ");
	/* false and unknown = false, naming nothing */
	ck_assert_int_eq(tri_on("false and person.disabled", none, "2018-03-01", miss, sizeof miss), TRI_FALSE);
	ck_assert_str_eq(miss, "");
	ck_assert_int_eq(tri_on("person.disabled and false", none, "2018-03-01", miss, sizeof miss), TRI_FALSE);
	ck_assert_str_eq(miss, "");
	/* true and unknown = unknown */
	ck_assert_int_eq(tri_on("true and person.disabled", none, "2018-03-01", miss, sizeof miss), TRI_UNKNOWN);
	ck_assert_str_eq(miss, "person.disabled ");
	/* true or unknown = true; false or unknown = unknown */
	ck_assert_int_eq(tri_on("person.disabled or true", none, "2018-03-01", miss, sizeof miss), TRI_TRUE);
	ck_assert_str_eq(miss, "");
	ck_assert_int_eq(tri_on("false or person.disabled", none, "2018-03-01", miss, sizeof miss), TRI_UNKNOWN);
	ck_assert_int_eq(tri("not person.disabled", none), TRI_UNKNOWN);
	/* comparisons and arithmetic on unknowns stay unknown and name only what decides */
	ck_assert_int_eq(tri_on("(person.disabled and false) or insurance.unemployment_months + 1 > 36", none,
	    "2018-03-01", miss, sizeof miss), TRI_UNKNOWN);
	ck_assert_str_eq(miss, "insurance.unemployment_months ");
	ck_assert_int_eq(tri_on("person.education in [\"bachelor\"]", none, "2018-03-01", miss, sizeof miss),
	    TRI_UNKNOWN);
	ck_assert_str_eq(miss, "person.education ");
	/* an item's fact is named with its index */
	ck_assert_int_eq(tri_on("item.issued_on >= 2017-01-01", "certificates: [{level: 4}]", "2018-03-01", miss,
	    sizeof miss), TRI_UNKNOWN);
	ck_assert_str_eq(miss, "certificates[0].issued_on ");
	/* an unreadable value is unknown too, never false */
	ck_assert_int_eq(tri("insurance.unemployment_months >= 0", "insurance: {unemployment_months: many}"),
	    TRI_UNKNOWN);
	/* an absent list is empty, not unknown */
	ck_assert_int_eq(tri("count(certificates) == 0", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("count(certificates) == 2", "certificates: [{level: 4}, {level: 5}]"), TRI_TRUE);
}
END_TEST

START_TEST(month_ends_and_leap_days)
{
	const char *f = "person: {graduation_date: 2016-02-29}";

	/* add_months clamps to the month end */
	ck_assert_int_eq(tri("add_months(2017-01-31, 1) == 2017-02-28", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("add_months(2016-01-31, 1) == 2016-02-29", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("add_months(2016-02-29, 12) == 2017-02-28", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("add_months(2017-05-10, 12) == 2018-05-10", "{}"), TRI_TRUE);
	/* completed months and years */
	ck_assert_int_eq(tri("months_between(2017-03-01, 2018-03-01) == 12", "{}"), TRI_TRUE);
	/* a term's end date is its last day */
	ck_assert_int_eq(tri("term_months(2015-08-01, 2017-07-31) == 24", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("term_months(2015-08-01, 2017-07-30) == 23", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("term_months(2017-08-01, 2018-01-31) == 6", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("term_months(2016-02-29, 2018-02-28) == 24", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("term_months(2017-08-01, 2017-08-01) == 0", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("term_months(2017-08-02, 2017-08-01) == 0", "{}"), TRI_TRUE);
	/* as_of is the evaluation date unless a policy judges statuses on another day */
	ck_assert_int_eq(tri("as_of == on_date", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("months_between(2017-03-01, 2018-02-28) == 11", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("months_between(2017-01-31, 2017-02-28) == 1", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("months_between(2017-01-31, 2017-02-27) == 0", "{}"), TRI_TRUE);
	ck_assert_int_eq(tri("years_between(person.graduation_date, 2017-02-28) == 1", f), TRI_TRUE);
	ck_assert_int_eq(tri("years_between(person.graduation_date, 2017-02-27) == 0", f), TRI_TRUE);
	ck_assert_int_eq(tri("years_between(person.graduation_date, 2020-02-29) == 4", f), TRI_TRUE);
	ck_assert_int_eq(tri("months_between(2018-03-01, 2017-03-01) == -12", "{}"), TRI_TRUE);
	/* 29 February is a date only in leap years */
	ck_assert_ptr_nonnull(strstr(parse_err("2017-02-29 < on_date", false), "not a date"));
}
END_TEST

START_TEST(inclusive_and_exclusive_bounds)
{
	const char *in12 = "item.issued_on <= on_date and on_date <= add_months(item.issued_on, 12)";
	const char *cert = "certificates: [{level: 4, issued_on: 2017-05-10}]";

	ck_assert_int_eq(tri_on(in12, cert, "2017-05-10", NULL, 0), TRI_TRUE);
	ck_assert_int_eq(tri_on(in12, cert, "2018-05-10", NULL, 0), TRI_TRUE);
	ck_assert_int_eq(tri_on(in12, cert, "2018-05-11", NULL, 0), TRI_FALSE);
	ck_assert_int_eq(tri_on(in12, cert, "2017-05-09", NULL, 0), TRI_FALSE);
	ck_assert_int_eq(tri("insurance.unemployment_months >= 36", "insurance: {unemployment_months: 36}"), TRI_TRUE);
	ck_assert_int_eq(tri("insurance.unemployment_months >= 36", "insurance: {unemployment_months: 35}"), TRI_FALSE);
	ck_assert_int_eq(tri("insurance.unemployment_months > 36", "insurance: {unemployment_months: 36}"), TRI_FALSE);
	ck_assert_int_eq(tri("insurance.unemployment_months < 36", "insurance: {unemployment_months: 36}"), TRI_FALSE);
	ck_assert_int_eq(tri("insurance.unemployment_months <= 36", "insurance: {unemployment_months: 36}"), TRI_TRUE);
	ck_assert_int_eq(tri("insurance.unemployment_months != 36", "insurance: {unemployment_months: 36}"), TRI_FALSE);
}
END_TEST

START_TEST(type_errors_name_the_place)
{
	/* the text starts at line 3, column 11 */
	ck_assert_str_eq(parse_err("person.educaton == \"bachelor\"", false),
	    "t.yaml:3:11: unknown fact 'person.educaton' (did you mean 'person.education'?)");
	ck_assert_str_eq(parse_err("person.education == \"bachelors\"", false),
	    "t.yaml:3:31: 'bachelors' is not a value of person.education (expected one of: none, primary, "
	    "junior_high, senior_high, secondary_vocational, technical_school, junior_college, bachelor, master, "
	    "doctorate)");
	ck_assert_str_eq(parse_err("person.graduation_date >= 36", false),
	    "t.yaml:3:34: cannot compare a date with an integer");
	ck_assert_ptr_nonnull(strstr(parse_err("person.sex in [\"male\", \"Female\"]", false),
	    "'Female' is not a value of person.sex"));
	ck_assert_ptr_nonnull(strstr(parse_err("person.disabled and 1", false), "'and' needs a bool here"));
	ck_assert_ptr_nonnull(strstr(parse_err("person.graduation_date + 1", false), "use add_months"));
	ck_assert_ptr_nonnull(strstr(parse_err("5000 yuan > 3", false), "cannot compare money with an integer"));
	ck_assert_ptr_nonnull(strstr(parse_err("1 < 2 < 3", false), "do not chain"));
	ck_assert_ptr_nonnull(strstr(parse_err("item.level == 4", false), "only for policies whose subject is a list"));
	ck_assert_ptr_nonnull(strstr(parse_err("item.levl == 4", true), "did you mean 'item.level'"));
	ck_assert_ptr_nonnull(strstr(parse_err("certificates.level == 4", false), "write item.level"));
	ck_assert_ptr_nonnull(strstr(parse_err("person.employment == 1", false), "a group of facts"));
	ck_assert_ptr_nonnull(strstr(parse_err("months_between(on_date)", false), "takes 2 arguments"));
	ck_assert_ptr_nonnull(strstr(parse_err("add_months(on_date, on_date)", false), "argument 2 of add_months()"));
	ck_assert_ptr_nonnull(strstr(parse_err("person.disabled = true", false), "compare with '=='"));
	ck_assert_ptr_nonnull(strstr(parse_err("(person.disabled", false), "expected ')'"));
	ck_assert_ptr_nonnull(strstr(parse_err("frobnicate(1)", false), "unknown function"));
	ck_assert_ptr_nonnull(strstr(parse_err("1.5 + 1", false), "no fractions except money"));
	ck_assert_ptr_nonnull(strstr(parse_err("", false), "empty expression"));
	ck_assert_ptr_nonnull(strstr(parse_err("\"abc", false), "unterminated string"));
	ck_assert_ptr_nonnull(strstr(parse_err("person.education < \"bachelor\"", false), "needs an integer"));
	/* an expression nested past the cap is refused, not a stack overflow */
	char deep[400];
	memset(deep, '(', 200);
	strcpy(deep + 200, "true");
	memset(deep + 204, ')', 100);
	deep[304] = '\0';
	ck_assert_ptr_nonnull(strstr(parse_err(deep, false), "nested too deeply"));
}
END_TEST

START_TEST(templates_fill_in_values)
{
	struct expr_env env = { schema, factschema_find(schema, "certificates"), "t.yaml", 1, 1, NULL, 0 };
	struct diag d = DIAG_INIT;
	struct tmpl t;
	struct node *root = facts("person: {education: bachelor}\ncertificates: [{level: 4}]");
	struct eval_ctx c = { .root = root, .item = node_path(root, "certificates.0"), .index = 0 };
	struct sbuf zh = SBUF_INIT, en = SBUF_INIT;

	date_parse("2018-03-01", &c.on);
	ck_assert_int_eq(tmpl_parse("{person.education}, {item.level}, {insurance.unemployment_months} "
	    "months, {800 fen * 120} {{x}}", &env, &t, &d), 0);
	tmpl_render(&t, &c, false, &en);
	tmpl_render(&t, &c, true, &zh);
	/* enums and labelled integers in words; an unknown value is said so, never "?" */
	ck_assert_str_eq(sbuf_str(&en), "bachelor's degree, level 4 (intermediate), not recorded months, 960.00 {x}");
	ck_assert_str_eq(sbuf_str(&zh), "本科, 四级（中级）, 未登记 months, 960.00 {x}");
	ck_assert_int_eq(c.nmiss, 0);
	tmpl_free(&t);
	ck_assert_int_eq(tmpl_parse("level {item.levle}", &env, &t, &d), EX_DATAERR);
	ck_assert_str_eq(d.msg, "t.yaml:1:8: unknown fact 'item.levle' (did you mean 'item.level'?)");
	ck_assert_int_eq(tmpl_parse("open {item.level", &env, &t, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "without its closing"));
	eval_ctx_free(&c);
	sbuf_free(&zh);
	sbuf_free(&en);
	node_free(root);
}
END_TEST

/* Evaluate text over facts on 2018-03-01 twice through one fact cache (the second time from the
 * cache, as the policies read facts), and check both answers agree with tri's. */
static enum tri
tri_cached(const char *text, const char *yaml)
{
	struct node *root = facts(yaml);
	struct expr *e = parse(text, false);
	struct eval_cache k;
	struct eval_ctx c = { .root = root, .index = -1, .cache = &k };
	enum tri t1, t2;

	eval_cache_init(&k, factschema_count(schema));
	date_parse("2018-03-01", &c.on);
	c.as_of = c.on;
	t1 = eval_tri(e, &c);
	c.nmiss = 0;
	t2 = eval_tri(e, &c);
	ck_assert_int_eq(t1, t2);
	ck_assert_int_eq(t1, tri(text, yaml));
	eval_ctx_free(&c);
	eval_cache_free(&k);
	expr_free(e);
	node_free(root);
	return t1;
}

/* An enum is compared by its place among the fact's values when both sides have one (a value read
 * and a listed literal), by its text otherwise: a text read from a database that is none of the
 * values equals no literal, and the answers are those of comparing texts. */
START_TEST(enums_compare_by_place_as_texts_would)
{
	static const char *const edu[] = { "none", "bachelor", "master", "doctorate", "bachelor ", "Bachelor", "" };

	for (size_t i = 0; i < sizeof edu / sizeof *edu; i++) {
		char yaml[80];
		bool b = strcmp(edu[i], "bachelor") == 0, hi = b || strcmp(edu[i], "master") == 0 ||
		    strcmp(edu[i], "doctorate") == 0;
		snprintf(yaml, sizeof yaml, "person: {education: \"%s\", sex: female}", edu[i]);
		ck_assert_int_eq(tri_cached("person.education == \"bachelor\"", yaml), b ? TRI_TRUE : TRI_FALSE);
		ck_assert_int_eq(tri_cached("\"bachelor\" == person.education", yaml), b ? TRI_TRUE : TRI_FALSE);
		ck_assert_int_eq(tri_cached("person.education != \"bachelor\"", yaml), b ? TRI_FALSE : TRI_TRUE);
		ck_assert_int_eq(tri_cached("person.education in [\"bachelor\", \"master\", \"doctorate\"]", yaml),
		    hi ? TRI_TRUE : TRI_FALSE);
		ck_assert_int_eq(tri_cached("person.education not in [\"doctorate\", \"master\", \"bachelor\"]", yaml),
		    hi ? TRI_FALSE : TRI_TRUE);
		/* an enum with itself: the same text, listed or not */
		ck_assert_int_eq(tri_cached("person.education == person.education", yaml), TRI_TRUE);
		/* another enum's place never stands for this one's */
		ck_assert_int_eq(tri_cached("person.sex == \"female\" and person.education != \"none\"", yaml),
		    strcmp(edu[i], "none") == 0 ? TRI_FALSE : TRI_TRUE);
	}
	/* unknown stays unknown, in a list too */
	ck_assert_int_eq(tri_cached("person.education in [\"bachelor\"]", "person: {}"), TRI_UNKNOWN);
	ck_assert_int_eq(tri_cached("person.education == \"bachelor\" or true", "person: {}"), TRI_TRUE);
}
END_TEST

/* An enum's words come from its place when read through a cache, and a text that is none of the
 * values is written as it is. */
START_TEST(enum_words_from_the_place)
{
	struct expr_env env = { schema, NULL, "t.yaml", 1, 1, NULL, 0 };
	struct diag d = DIAG_INIT;
	struct tmpl t;
	static const char *const yaml[] = { "person: {education: master, sex: female}",
	    "person: {education: mastr, sex: male}" };
	static const char *const want[] = { "master's degree female", "mastr male" };

	ck_assert_int_eq(tmpl_parse("{person.education} {person.sex}", &env, &t, &d), 0);
	for (size_t i = 0; i < 2; i++) {
		struct node *root = facts(yaml[i]);
		struct eval_cache k;
		struct eval_ctx c = { .root = root, .index = -1, .cache = &k };
		struct sbuf en = SBUF_INIT;
		eval_cache_init(&k, factschema_count(schema));
		date_parse("2018-03-01", &c.on);
		tmpl_render(&t, &c, false, &en);
		tmpl_render(&t, &c, false, &en);
		struct sbuf twice = SBUF_INIT;
		sbuf_addf(&twice, "%s%s", want[i], want[i]);
		ck_assert_str_eq(sbuf_str(&en), sbuf_str(&twice));
		sbuf_free(&twice);
		sbuf_free(&en);
		eval_ctx_free(&c);
		eval_cache_free(&k);
		node_free(root);
	}
	tmpl_free(&t);
}
END_TEST

/* Evaluate text and render a template of it over a tree through a cache, the facts of given (by
 * path, NULL for absent) given beside the tree when given is set; the answer, the missing facts
 * pushed (as paths) and the rendered words in *out. */
static enum tri
eval_beside(const char *text, const char *tmpl_text, const char *yaml, const char *path, const char *value,
    bool given, struct sbuf *out)
{
	struct expr_env env = { schema, NULL, "t.yaml", 1, 1, NULL, 0 };
	struct diag d = DIAG_INIT;
	struct node *root = facts(given ? "{}" : yaml);
	struct expr *e = parse(text, false);
	struct eval_cache k;
	struct eval_ctx c = { .root = root, .index = -1, .cache = &k };
	size_t n = factschema_count(schema);
	const char **texts = xcalloc(n, sizeof *texts);
	bool *has = xcalloc(n, sizeof *has);
	struct eval_given g = { texts, has, n };
	struct tmpl t;
	enum tri r;

	eval_cache_init(&k, n);
	if (given) {
		const struct factschema_fact *f = factschema_find(schema, path);
		ck_assert_ptr_nonnull(f);
		has[f->index] = true;
		texts[f->index] = value;
		k.given = &g;
	}
	date_parse("2018-03-01", &c.on);
	c.as_of = c.on;
	r = eval_tri(e, &c);
	for (size_t i = 0; i < c.nmiss; i++) {
		char *m = eval_missing_path(&c.miss[i]);
		sbuf_addf(out, "missing %s; ", m);
		free(m);
	}
	ck_assert_int_eq(tmpl_parse(tmpl_text, &env, &t, &d), 0);
	tmpl_render(&t, &c, false, out);
	sbuf_add(out, " / ");
	tmpl_render(&t, &c, true, out);
	tmpl_free(&t);
	eval_ctx_free(&c);
	eval_cache_free(&k);
	expr_free(e);
	node_free(root);
	free(texts);
	free(has);
	return r;
}

/* A fact given as text beside the tree (policy eval --all's person facts, eval_given) reads as the
 * same text in the tree's node would: each type, texts that are none of an enum's values or no
 * date or number, and absent facts (unknown, named as missing). */
START_TEST(given_texts_read_as_the_tree)
{
	static const struct { const char *expr, *tmpl, *path, *value; enum tri want; } cases[] = {
		{ "person.education in [\"bachelor\", \"master\"]", "{person.education}", "person.education", "master", TRI_TRUE },
		{ "person.education == \"bachelor\"", "{person.education}", "person.education", "Bachelor", TRI_FALSE },
		{ "person.education != \"none\"", "{person.education}", "person.education", "", TRI_TRUE },
		{ "person.education == \"none\"", "{person.education}", "person.education", NULL, TRI_UNKNOWN },
		{ "person.disabled", "{person.disabled}", "person.disabled", "true", TRI_TRUE },
		{ "not person.disabled", "{person.disabled}", "person.disabled", "false", TRI_TRUE },
		{ "person.disabled or false", "{person.disabled}", "person.disabled", "yes", TRI_UNKNOWN },
		{ "person.disabled and false", "{person.disabled}", "person.disabled", NULL, TRI_FALSE },
		{ "person.birth_date < as_of", "{person.birth_date}", "person.birth_date", "1995-03-07", TRI_TRUE },
		{ "years_between(person.birth_date, on_date) >= 16", "{person.birth_date}", "person.birth_date", "2018-02-30",
		    TRI_UNKNOWN },
		{ "insurance.unemployment_months >= 12", "{insurance.unemployment_months}", "insurance.unemployment_months",
		    "40", TRI_TRUE },
		{ "insurance.unemployment_months * 2 < 10", "{insurance.unemployment_months}",
		    "insurance.unemployment_months", "4x", TRI_UNKNOWN },
		{ "person.employment.status == \"unemployed\"", "{person.employment.status}", "person.employment.status",
		    "unemployed", TRI_TRUE },
		{ "person.hukou_province == \"22\"", "{person.hukou_province}", "person.hukou_province", "22", TRI_TRUE },
		{ "known(person.hukou_province)", "{person.hukou_province}", "person.hukou_province", NULL, TRI_FALSE },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sbuf tree = SBUF_INIT, beside = SBUF_INIT, yaml = SBUF_INIT;
		const char *dot = strrchr(cases[i].path, '.');
		/* the same text as a node of the tree: the path's maps, the value quoted */
		size_t depth = 0;
		for (const char *p = cases[i].path; p < dot; p++)
			if (*p == '.')
				depth++;
		const char *start = cases[i].path;
		for (size_t k = 0; k <= depth; k++) {
			const char *end = strchr(start, '.');
			sbuf_addf(&yaml, "%.*s: {", (int)(end - start), start);
			start = end + 1;
		}
		if (cases[i].value != NULL)
			sbuf_addf(&yaml, "%s: \"%s\"", dot + 1, cases[i].value);
		for (size_t k = 0; k <= depth; k++)
			sbuf_addc(&yaml, '}');
		enum tri a = eval_beside(cases[i].expr, cases[i].tmpl, sbuf_str(&yaml), cases[i].path, cases[i].value,
		    false, &tree);
		enum tri b = eval_beside(cases[i].expr, cases[i].tmpl, sbuf_str(&yaml), cases[i].path, cases[i].value,
		    true, &beside);
		ck_assert_msg(a == cases[i].want, "%s over %s: %d, expected %d", cases[i].expr, sbuf_str(&yaml), a,
		    cases[i].want);
		ck_assert_msg(b == a, "%s given %s: %d, in the tree %d", cases[i].expr, sbuf_str(&yaml), b, a);
		ck_assert_str_eq(sbuf_str(&beside), sbuf_str(&tree));
		sbuf_free(&tree);
		sbuf_free(&beside);
		sbuf_free(&yaml);
	}
}
END_TEST

/* Dates are written as date_format writes them, whichever were written before (the last few are
 * kept): runs of repeated days, more days than are kept, and days before year 0 and after 9999. */
START_TEST(dates_written_again_are_the_same)
{
	static const char *const days[] = { "2018-03-01", "2018-03-01", "2000-02-29", "1999-12-31", "2018-03-01",
	    "1900-01-01", "2099-12-31", "2017-07-01", "2016-01-01", "2000-02-29", "2018-03-01", "1999-12-31" };
	int extra[] = { -800000, 3000000 };

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof days / sizeof *days + 2; i++) {
			int day;
			char want[11];
			struct sbuf got = SBUF_INIT;
			if (i < sizeof days / sizeof *days)
				ck_assert_int_eq(date_parse(days[i], &day), 0);
			else
				day = extra[i - sizeof days / sizeof *days];
			eval_format_date(day, &got);
			ck_assert_str_eq(sbuf_str(&got), date_format(day, want));
			sbuf_free(&got);
		}
	}
}
END_TEST

/* The missing facts of a context as text ("a b "). */
static void
missing_text(const struct eval_ctx *c, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < c->nmiss; i++) {
		char *p = eval_missing_path(&c->miss[i]);
		strncat(out, p, len - strlen(out) - 2);
		strcat(out, " ");
		free(p);
	}
}

/* A condition answered as true/false/unknown (eval_tri, as policies and groups are) and the same
 * condition as a value (eval_expr, as a sentence's placeholder or known() reads it) agree, with the
 * same missing facts, for every operator over known, unknown, unreadable and absent facts. */
START_TEST(answers_and_values_agree)
{
	static const char *const exprs[] = {
		"person.disabled", "not person.disabled", "not not person.disabled",
		"person.disabled and insurance.unemployment_months > 36",
		"person.disabled or insurance.unemployment_months > 36",
		"not (person.disabled or insurance.unemployment_months >= 40)",
		"insurance.unemployment_months == 0 or person.education in [\"bachelor\", \"master\"]",
		"person.education not in [\"bachelor\"] and not person.disabled",
		"person.education == \"master\" or person.education != \"bachelor\"",
		"insurance.unemployment_months < 12 and insurance.unemployment_months <= 40",
		"known(person.disabled) and (known(insurance.unemployment_months) or person.disabled)",
		"(person.disabled and false) or (true and insurance.unemployment_months + 1 > 36)",
	};
	static const char *const disabled[] = { "", "disabled: true, ", "disabled: false, " };
	static const char *const months[] = { "", "insurance: {unemployment_months: 0}\n",
		"insurance: {unemployment_months: 40}\n", "insurance: {unemployment_months: many}\n" };
	static const char *const education[] = { "", "education: bachelor", "education: master" };
	int unknowns = 0;

	for (size_t k = 0; k < sizeof exprs / sizeof *exprs; k++) {
		struct expr *e = parse(exprs[k], false);
		for (size_t a = 0; a < 3; a++)
			for (size_t b = 0; b < 4; b++)
				for (size_t x = 0; x < 3; x++) {
					char *yaml = xasprintf("person: {%s%s}\n%s", disabled[a], education[x], months[b]);
					struct node *root = facts(yaml);
					struct eval_ctx ct = { .root = root, .index = -1 }, cv = { .root = root, .index = -1 };
					char mt[256], mv[256];
					date_parse("2018-03-01", &ct.on);
					ct.as_of = cv.on = cv.as_of = ct.on;
					enum tri t = eval_tri(e, &ct);
					struct value v = eval_expr(e, &cv);
					missing_text(&ct, mt, sizeof mt);
					missing_text(&cv, mv, sizeof mv);
					ck_assert_int_eq(v.type, FT_BOOL);
					ck_assert_msg(v.known == (t != TRI_UNKNOWN) && (!v.known || (v.i == 1) == (t == TRI_TRUE)),
					    "'%s' over %s: answer %d, value known %d i %lld", exprs[k], yaml, (int)t, v.known,
					    (long long)v.i);
					ck_assert_msg(strcmp(mt, mv) == 0, "'%s' over %s: missing '%s' and '%s'", exprs[k], yaml,
					    mt, mv);
					unknowns += t == TRI_UNKNOWN;
					eval_ctx_free(&ct);
					eval_ctx_free(&cv);
					node_free(root);
					free(yaml);
				}
		expr_free(e);
	}
	ck_assert_int_gt(unknowns, 0);
	/* and the answers themselves, over a few of those sets */
	ck_assert_int_eq(tri("not (person.disabled or insurance.unemployment_months >= 40)",
	    "person: {disabled: false}\ninsurance: {unemployment_months: many}"), TRI_UNKNOWN);
	ck_assert_int_eq(tri("not (person.disabled or insurance.unemployment_months >= 40)",
	    "person: {}\ninsurance: {unemployment_months: 40}"), TRI_FALSE);
	ck_assert_int_eq(tri("person.education not in [\"bachelor\"] and not person.disabled",
	    "person: {education: master, disabled: false}"), TRI_TRUE);
	ck_assert_int_eq(tri("known(person.disabled) and (known(insurance.unemployment_months) or person.disabled)",
	    "person: {disabled: true}"), TRI_TRUE);
}
END_TEST

/* A parsed tree is laid out in one block in the order evaluation walks it: the root, its argument
 * array, each argument's tree, then the texts; it evaluates and frees as a tree of its own. */
START_TEST(a_parsed_tree_is_one_block)
{
	struct expr *e = parse("person.education in [\"bachelor\", \"master\"] and "
	    "(insurance.unemployment_months >= 12 or not person.disabled)", false);
	const char *lo = (const char *)e, *hi = lo;
	struct expr *stack[64];
	size_t n = 0, nodes = 0;

	ck_assert(e->whole);
	ck_assert_uint_le(sizeof *e, 9 * sizeof(void *));   /* no holes: 72 bytes on 64 bits */
	ck_assert_ptr_eq((const char *)e->args, lo + sizeof *e);
	ck_assert_ptr_eq((const char *)e->args[0], (const char *)(e->args + e->nargs));
	/* every node, argument array and text lies after the root, none marked as a block of its own */
	stack[n++] = e;
	while (n > 0) {
		struct expr *x = stack[--n];
		nodes++;
		ck_assert(x == e || !x->whole);
		ck_assert((const char *)x >= lo);
		if ((const char *)(x + 1) > hi)
			hi = (const char *)(x + 1);
		if (x->s != NULL) {
			ck_assert(x->s > lo);
			if (x->s + strlen(x->s) + 1 > hi)
				hi = x->s + strlen(x->s) + 1;
		}
		for (size_t i = 0; i < x->nargs; i++) {
			ck_assert((const char *)x->args[i] > (const char *)x);
			ck_assert_uint_lt(n, 64);
			stack[n++] = x->args[i];
		}
	}
	ck_assert_uint_ge(nodes, 10);
	ck_assert_uint_le((size_t)(hi - lo), nodes * (sizeof *e + 2 * sizeof e->args[0]) + 64);
	expr_free(e);
	ck_assert_int_eq(tri("person.education in [\"bachelor\", \"master\"] and "
	    "(insurance.unemployment_months >= 12 or not person.disabled)",
	    "person: {education: master, disabled: true}\ninsurance: {unemployment_months: 12}"), TRI_TRUE);
	ck_assert_int_eq(tri("person.education in [\"bachelor\", \"master\"] and "
	    "(insurance.unemployment_months >= 12 or not person.disabled)",
	    "person: {education: master, disabled: true}\ninsurance: {unemployment_months: 11}"), TRI_FALSE);
}
END_TEST

/* The suite. */
static Suite *
expr_suite(void)
{
	Suite *s = suite_create("expr");
	TCase *tc = tcase_create("expr");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, precedence);
	tcase_add_test(tc, a_bad_argument_frees_what_was_built);
	tcase_add_test(tc, arithmetic_beyond_its_range_is_unknown);
	tcase_add_test(tc, unknown_propagates_and_names_the_fact);
	tcase_add_test(tc, month_ends_and_leap_days);
	tcase_add_test(tc, inclusive_and_exclusive_bounds);
	tcase_add_test(tc, type_errors_name_the_place);
	tcase_add_test(tc, templates_fill_in_values);
	tcase_add_test(tc, enums_compare_by_place_as_texts_would);
	tcase_add_test(tc, enum_words_from_the_place);
	tcase_add_test(tc, dates_written_again_are_the_same);
	tcase_add_test(tc, given_texts_read_as_the_tree);
	tcase_add_test(tc, answers_and_values_agree);
	tcase_add_test(tc, a_parsed_tree_is_one_block);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(expr_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
