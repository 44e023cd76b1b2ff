/* Check tests for policy/result and policy/report: each shipped policy at the boundaries its text sets. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy/factsfile.h"
#include "policy/policyset.h"
#include "policy/report.h"
#include "policy/result.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static struct policyset *ps;

/* Load the shipped policies. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);
}

/* Free them. */
static void
teardown(void)
{
	policyset_free(ps);
}

/* Switch to Chinese as main() does: the zh_CN locale, then the build tree's catalogue decides. */
static void
chinese(void)
{
	unsetenv("LANGUAGE");
	ck_assert_msg(setlocale(LC_ALL, "zh_CN.UTF-8") != NULL, "no zh_CN.UTF-8 locale (./dev test makes it)");
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	ck_assert_msg(i18n_zh(), "the catalogue in %s is not used", getenv("JOBDESK_LOCALEDIR"));
}

/* Facts from YAML text, checked against the schema. Caller frees. */
static struct node *
facts(const char *yaml)
{
	struct diag d = DIAG_INIT;
	struct yfile yf = { "f.yaml", &d };
	struct node *n;

	ck_assert_msg(yamlload_buf("f.yaml", yaml, strlen(yaml), &n, &d) == 0, "%s", d.msg);
	ck_assert_msg(factsfile_check(ps->schema, &yf, n) == 0 && factsfile_derive(&yf, n, date_today()) == 0,
	    "%s", d.msg);
	return n;
}

/* A date's day number. */
static int
day(const char *s)
{
	int d;

	ck_assert_msg(date_parse(s, &d) == 0, "%s", s);
	return d;
}

/* Evaluate one policy over YAML facts on a date. Caller frees. */
static struct result_list *
run(const char *id, const char *yaml, const char *on)
{
	struct diag d = DIAG_INIT;
	struct node *n = facts(yaml);
	struct result_list *rl;

	ck_assert_msg(result_eval_id(ps, id, n, day(on), &rl, &d) == 0, "%s", d.msg);
	node_free(n);
	return rl;
}

/* The outcome of the only (or first) result. */
static const char *
outcome(const char *id, const char *yaml, const char *on)
{
	struct result_list *rl = run(id, yaml, on);
	const char *o;

	ck_assert_uint_ge(rl->n, 1);
	o = result_outcome_name(rl->items[0].outcome);
	result_list_free(rl);
	return o;
}

/* Whether some reason of a result says want (in English). */
static bool
says(const struct result *r, const char *want)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (strstr(r->reasons[i].en, want) != NULL)
			return true;
	return false;
}

static const char *const startup =
    "person: {education: bachelor, graduation_date: 2015-07-01}\n"
    "startups: [{kind: micro_enterprise, first_time: true, license_date: %s, operating: true, social_insurance: true}]\n";

/* The startup facts with a licence date. Caller frees. */
static char *
startup_facts(const char *licence)
{
	return xasprintf(startup, licence);
}

START_TEST(startup_twelve_months_of_operation)
{
	char *f = startup_facts("2018-03-01");
	struct result_list *rl = run("startup-subsidy", f, "2019-03-01");

	ck_assert_uint_eq(rl->n, 1);
	ck_assert_str_eq(rl->items[0].subject, "startups[0]");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert(rl->items[0].has_amount);
	ck_assert_int_eq(rl->items[0].amount_fen, 500000);
	ck_assert(says(&rl->items[0], "12 full months before 2019-03-01"));
	result_list_free(rl);
	/* the day before, it says from when */
	rl = run("startup-subsidy", f, "2019-02-28");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert(rl->items[0].has_from);
	ck_assert_int_eq(rl->items[0].eligible_from, day("2019-03-01"));
	result_list_free(rl);
	free(f);
	/* a licence of 29 February completes its year on 28 February */
	f = startup_facts("2020-02-29");
	ck_assert_str_eq(outcome("startup-subsidy", f, "2021-02-27"), "ineligible");
	ck_assert_str_eq(outcome("startup-subsidy", f, "2021-02-28"), "eligible");
	free(f);
	f = startup_facts("2018-02-28");
	ck_assert_str_eq(outcome("startup-subsidy", f, "2019-02-27"), "ineligible");
	ck_assert_str_eq(outcome("startup-subsidy", f, "2019-02-28"), "eligible");
	free(f);
	/* a business licensed before the document (2017-10-12) is not covered by it */
	f = startup_facts("2017-10-11");
	rl = run("startup-subsidy", f, "2019-03-01");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert(!rl->items[0].has_from);
	ck_assert(says(&rl->items[0], "outside the period the measure covers"));
	result_list_free(rl);
	free(f);
	f = startup_facts("2017-10-12");
	ck_assert_str_eq(outcome("startup-subsidy", f, "2018-10-12"), "eligible");
	free(f);
}
END_TEST

START_TEST(startup_once_per_person)
{
	const char *f = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "startups: [{kind: micro_enterprise, first_time: true, license_date: 2017-11-01, operating: true, social_insurance: true}]\n"
	    "grants: [{policy: startup-subsidy, on: 2019-02-01}]\n";
	struct result_list *rl = run("startup-subsidy", f, "2019-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert(!rl->items[0].has_amount);
	ck_assert(says(&rl->items[0], "already granted on 2019-02-01 (once per person)"));
	result_list_free(rl);
	/* a grant after the evaluation date did not exist then */
	ck_assert_str_eq(outcome("startup-subsidy", f, "2019-01-31"), "eligible");
	/* two businesses: one subsidy, for the first that qualifies */
	const char *two = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "startups: [{kind: micro_enterprise, first_time: true, license_date: 2017-11-01, operating: true, social_insurance: true},"
	    " {kind: individual_business, first_time: true, license_date: 2017-12-01, operating: true, social_insurance: true}]\n";
	rl = run("startup-subsidy", two, "2019-03-01");
	ck_assert_uint_eq(rl->n, 2);
	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert_int_eq(rl->items[0].amount_fen, 500000);
	ck_assert_int_eq(rl->items[1].outcome, RESULT_INELIGIBLE);
	ck_assert(!rl->items[1].has_amount);
	ck_assert(says(&rl->items[1], "paid once per person: businesses started #1 already qualifies"));
	result_list_free(rl);
	ck_assert_ptr_nonnull(policyset_find(ps, "startup-subsidy"));
	ck_assert_int_eq(policyset_find(ps, "startup-subsidy")->limit, POLICY_LIMIT_PERSON);
}
END_TEST

/* Skill-upgrade facts: insurance months and one certificate. Caller frees. */
static char *
skill_facts(int months, const char *issued, int level)
{
	return xasprintf("person: {employment: {status: employed, employer_kind: enterprise}}\n"
	    "insurance: {unemployment_months: %d}\n"
	    "certificates: [{level: %d, issued_on: %s}]\n", months, level, issued);
}

START_TEST(skill_upgrade_thirty_six_months_of_insurance)
{
	char *f36 = skill_facts(36, "2017-05-10", 4), *f35 = skill_facts(35, "2017-05-10", 4);
	struct result_list *rl = run("skill-upgrade-subsidy", f36, "2018-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert_int_eq(rl->items[0].amount_fen, 150000);
	ck_assert(says(&rl->items[0], "unemployment insurance 36 months >= 36"));
	result_list_free(rl);
	rl = run("skill-upgrade-subsidy", f35, "2018-03-01");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert(says(&rl->items[0], "unemployment insurance 35 months, fewer than 36"));
	result_list_free(rl);
	free(f36);
	free(f35);
}
END_TEST

START_TEST(skill_upgrade_twelve_months_after_issue)
{
	char *f = skill_facts(40, "2017-11-10", 5);

	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-11-09"), "ineligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-11-10"), "eligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2018-11-10"), "eligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2018-11-11"), "ineligible");
	free(f);
	/* before the policy is in force nothing is granted, whatever the certificate */
	f = skill_facts(40, "2017-05-10", 5);
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-10-11"), "ineligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-10-12"), "eligible");
	free(f);
	/* issued at a month end: the period ends at the month end */
	f = skill_facts(40, "2017-10-31", 3);
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2018-10-31"), "eligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2018-11-01"), "ineligible");
	free(f);
	/* issued on a date the policy was not yet in force is fine; evaluating before it is not */
	f = skill_facts(40, "2017-01-01", 5);
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-10-12"), "eligible");
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-10-11"), "ineligible");
	free(f);
	f = skill_facts(40, "2016-12-31", 5);
	ck_assert_str_eq(outcome("skill-upgrade-subsidy", f, "2017-10-12"), "ineligible");
	free(f);
}
END_TEST

START_TEST(skill_upgrade_amount_by_level)
{
	static const struct { int level; const char *out; int64_t fen; } cases[] = {
		{ 5, "eligible", 100000 }, { 4, "eligible", 150000 }, { 3, "eligible", 200000 },
		{ 2, "ineligible", -1 }, { 1, "ineligible", -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *f = skill_facts(40, "2017-05-10", cases[i].level);
		struct result_list *rl = run("skill-upgrade-subsidy", f, "2018-03-01");
		ck_assert_str_eq(result_outcome_name(rl->items[0].outcome), cases[i].out);
		ck_assert_int_eq(rl->items[0].has_amount, cases[i].fen >= 0);
		if (cases[i].fen >= 0)
			ck_assert_int_eq(rl->items[0].amount_fen, cases[i].fen);
		result_list_free(rl);
		free(f);
	}
}
END_TEST

START_TEST(skill_upgrade_once_per_item)
{
	const char *f = "person: {employment: {status: employed, employer_kind: enterprise}}\n"
	    "insurance: {unemployment_months: 40}\n"
	    "certificates: [{level: 4, issued_on: 2017-05-10}, {level: 5, issued_on: 2017-06-01}]\n"
	    "grants: [{policy: skill-upgrade-subsidy, on: 2017-12-01}]\n";
	struct result_list *rl = run("skill-upgrade-subsidy", f, "2018-03-01");

	/* a grant that does not say which certificate leaves both undecided, naming what to ask */
	ck_assert_uint_eq(rl->n, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_eq(rl->items[i].outcome, RESULT_UNKNOWN);
		ck_assert_uint_eq(rl->items[i].nmissing, 1);
		ck_assert_str_eq(rl->items[i].missing[0].path, "grants[0].subject");
	}
	result_list_free(rl);
	ck_assert_int_eq(policyset_find(ps, "skill-upgrade-subsidy")->limit, POLICY_LIMIT_ITEM);
}
END_TEST

/* A copy of the shipped policies in a fresh folder (dir, 64 bytes) whose local.yaml gives the
 * shortage-trade raise these dated values: a local table, which a test case cannot set. */
static void
policies_with_raise(char *dir, const char *values)
{
	char *cmd, *path, *text, *at, *end, *out;
	FILE *f;
	long len;

	snprintf(dir, 64, "/tmp/jobdesk-test-policies-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	cmd = xasprintf("cp -R '%s'/. '%s'", getenv("JOBDESK_POLICIES"), dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	path = xasprintf("%s/local.yaml", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert_int_ge(len = ftell(f), 1);
	rewind(f);
	text = xmalloc((size_t)len + 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	ck_assert_ptr_nonnull(at = strstr(text, "\n  skill_upgrade_shortage_raise:\n"));
	ck_assert_ptr_nonnull(end = strstr(at, "    values: []\n"));
	*end = '\0';
	out = xasprintf("%s    values:\n%s%s", text, values, end + strlen("    values: []\n"));
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_int_ge(fputs(out, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	free(out);
	free(text);
	free(path);
}

START_TEST(skill_upgrade_shortage_raise)
{
	struct policyset *shipped = ps, *raised = NULL;
	struct diag d = DIAG_INIT;
	char dir[64], *cmd;
	const char *f = "person: {employment: {status: employed, employer_kind: enterprise}}\n"
	    "insurance: {unemployment_months: 40}\n"
	    "certificates: [{level: 4, issued_on: 2017-05-10, occupation: 电工},"
	    " {level: 4, issued_on: 2018-01-15, occupation: 电工},"
	    " {level: 3, issued_on: 2017-06-01, occupation: 焊工},"
	    " {level: 5, issued_on: 2017-06-01}]";

	/* (二十) 对符合条件的省内紧缺急需工种可适当提高补贴标准: a raise by occupation, on the issue date */
	policies_with_raise(dir, "      - from: 2017-01-01\n"
	    "        table: {电工: 50000}\n"
	    "      - from: 2018-01-01\n"
	    "        table: {电工: 80000, 焊工: 30000}\n");
	ck_assert_msg(policyset_open(dir, &raised, &d) == 0, "%s", d.msg);
	ps = raised;
	struct result_list *rl = run("skill-upgrade-subsidy", f, "2018-03-01");
	ps = shipped;
	ck_assert_uint_eq(rl->n, 4);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(rl->items[i].outcome, RESULT_ELIGIBLE);
	ck_assert_int_eq(rl->items[0].amount_fen, 150000 + 50000);   /* issued 2017: the 2017 raise */
	ck_assert(says(&rl->items[0], "raised by 500.00 yuan"));
	ck_assert_int_eq(rl->items[1].amount_fen, 150000 + 80000);   /* issued 2018: the 2018 raise */
	ck_assert_int_eq(rl->items[2].amount_fen, 200000);           /* 焊工 was no shortage trade in 2017 */
	ck_assert(!says(&rl->items[2], "raised"));
	ck_assert_int_eq(rl->items[3].amount_fen, 100000);           /* no occupation: the standard */
	/* the Chinese reason names the trade and the sum */
	bool zh = false;
	for (size_t i = 0; i < rl->items[0].nreasons; i++)
		zh |= rl->items[0].reasons[i].zh != NULL && strstr(rl->items[0].reasons[i].zh, "电工") != NULL &&
		    strstr(rl->items[0].reasons[i].zh, "2000.00") != NULL;
	ck_assert_msg(zh, "no Chinese reason names the trade and the sum");
	result_list_free(rl);
	/* the shipped table is empty: no raise */
	rl = run("skill-upgrade-subsidy", f, "2018-03-01");
	ck_assert_int_eq(rl->items[0].amount_fen, 150000);
	ck_assert_int_eq(rl->items[1].amount_fen, 150000);
	result_list_free(rl);
	policyset_free(raised);
	cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}
END_TEST

START_TEST(graduation_year)
{
	const char *f = "person: {education: bachelor, graduation_date: 2018-07-01, job_seeking: true, disabled: true}";
	const char *sec = "person: {education: secondary_vocational, graduation_date: 2018-07-01, job_seeking: true, disabled: true}";

	ck_assert_str_eq(outcome("job-search-subsidy", f, "2017-12-31"), "ineligible");
	/* a student in the graduation year qualifies before the graduation day */
	ck_assert_str_eq(outcome("job-search-subsidy", f, "2018-01-01"), "eligible");
	ck_assert_str_eq(outcome("job-search-subsidy", f, "2018-06-30"), "eligible");
	ck_assert_str_eq(outcome("job-search-subsidy", f, "2018-12-31"), "eligible");
	ck_assert_str_eq(outcome("job-search-subsidy", f, "2019-01-01"), "ineligible");
	/* 高校 graduates only */
	ck_assert_str_eq(outcome("job-search-subsidy", sec, "2018-03-01"), "ineligible");
}
END_TEST

START_TEST(two_full_years_of_service)
{
	/* the end date is the last day of service: 2015-08-01 to 2017-07-31 is two full years */
	const char *two = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "grassroots: [{program: sanzhi_yifu, start: 2015-08-01, end: 2017-07-31, assessed_pass: true}]";
	const char *short_ = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "grassroots: [{program: sanzhi_yifu, start: 2015-08-01, end: 2017-07-30, assessed_pass: true}]";
	const char *failed = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "grassroots: [{program: sanzhi_yifu, start: 2015-08-01, end: 2017-07-31, assessed_pass: false}]";
	struct result_list *rl = run("grassroots-establishment", two, "2018-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert(!rl->items[0].has_amount);
	ck_assert(says(&rl->items[0], "24 full months, 2 full years"));
	result_list_free(rl);
	ck_assert_str_eq(outcome("grassroots-establishment", short_, "2018-03-01"), "ineligible");
	ck_assert_str_eq(outcome("grassroots-establishment", failed, "2018-03-01"), "ineligible");
	const char *later = "person: {education: bachelor, graduation_date: 2015-07-01}\n"
	    "grassroots: [{program: xibu, start: 2015-11-01, end: 2017-11-01, assessed_pass: true}]";
	ck_assert_str_eq(outcome("grassroots-establishment", later, "2017-10-31"), "ineligible");
	ck_assert_str_eq(outcome("grassroots-establishment", later, "2017-11-01"), "eligible");
}
END_TEST

START_TEST(rural_training_eight_yuan_per_class_hour)
{
	const char *f = "person: {hukou_type: rural, birth_date: 1990-05-01, sex: male}\n"
	    "trainings: [{kind: employment_skills, start: 2017-11-01, end: 2017-12-15, class_hours: 120, status: completed}]";
	struct result_list *rl = run("rural-training-subsidy", f, "2018-03-01");
	struct sbuf out = SBUF_INIT;

	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert_int_eq(rl->items[0].amount_fen, 96000);
	ck_assert(says(&rl->items[0], "8.00 yuan per class hour x 120 = 960.00 yuan"));
	report_text(rl, NULL, day("2018-03-01"), &out);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&out), "Amount: 960.00 yuan"));
	result_list_free(rl);
	sbuf_free(&out);
}
END_TEST

START_TEST(employment_difficulty_reaches_other_policies)
{
	/* (十二): a Jilin-registered labourer of a registered poor family counts for (七) */
	const char *jl = "person: {education: senior_high, id_number: \"220102199503070028\", hukou_province: \"22\", able_to_work: true}\n"
	    "household: {registered_poor: true}\n"
	    "startups: [{kind: individual_business, first_time: true, license_date: 2017-11-01, operating: true, social_insurance: true}]";
	const char *other = "person: {education: senior_high, hukou_province: \"21\", employment_difficulty: false}\n"
	    "household: {registered_poor: true}\n"
	    "startups: [{kind: individual_business, first_time: true, license_date: 2017-11-01, operating: true, social_insurance: true}]";
	struct result_list *rl = run("startup-subsidy", jl, "2019-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert(says(&rl->items[0], "in a target group: person with employment difficulties"));
	result_list_free(rl);
	ck_assert_str_eq(outcome("startup-subsidy", other, "2019-03-01"), "ineligible");
	ck_assert_str_eq(outcome("employment-difficulty", jl, "2018-03-01"), "eligible");
	/* but not vocational training: (十九) lists its groups, and 就业困难人员 is not one of them */
	ck_assert_str_eq(outcome("vocational-training-subsidy", "person: {employment_difficulty: true,"
	    " registered_unemployed: false, registered_unemployed_from: 2016-01-01, registered_unemployed_until: 2016-12-31,"
	    " overcapacity_worker: false, rural_transfer_worker: false, education: senior_high, continuing_study: true,"
	    " birth_date: 1975-04-01, sex: female}\n"
	    "household: {registered_poor: false, low_income: false}\n"
	    "trainings: [{kind: employment_skills, start: 2018-01-10, end: 2018-02-10, status: completed}]", "2018-03-01"),
	    "ineligible");
}
END_TEST

START_TEST(unknown_names_missing_facts)
{
	struct result_list *rl = run("startup-subsidy", "person: {hukou_province: \"22\"}\nhousehold: {registered_poor: false}\n"
	    "startups: [{kind: micro_enterprise, first_time: true, operating: true, social_insurance: true}]", "2018-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_UNKNOWN);
	ck_assert(!rl->items[0].has_amount);
	/* the licence date first: the business is dated by it and the groups are judged on it */
	ck_assert_uint_eq(rl->items[0].nmissing, 4);
	ck_assert_str_eq(rl->items[0].missing[0].path, "startups[0].license_date");
	ck_assert_str_eq(rl->items[0].missing[1].path, "person.education");
	ck_assert_str_eq(rl->items[0].missing[2].path, "person.graduation_date");
	ck_assert_str_eq(rl->items[0].missing[3].path, "person.employment_difficulty");
	ck_assert_ptr_nonnull(strstr(rl->items[0].missing[0].fact->zh, "营业执照"));
	result_list_free(rl);
	/* a failing condition decides: ineligible, nothing missing */
	rl = run("startup-subsidy", "startups: [{kind: other}]", "2018-03-01");
	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert_uint_eq(rl->items[0].nmissing, 0);
	result_list_free(rl);
}
END_TEST

START_TEST(list_policy_without_items)
{
	struct result_list *rl = run("skill-upgrade-subsidy", "person: {}", "2018-03-01");

	ck_assert_uint_eq(rl->n, 1);
	ck_assert_ptr_null(rl->items[0].subject);
	ck_assert_int_eq(rl->items[0].outcome, RESULT_INELIGIBLE);
	ck_assert(!rl->items[0].has_amount);
	result_list_free(rl);
}
END_TEST

START_TEST(local_standard_not_set)
{
	struct result_list *rl = run("job-search-subsidy", "person: {education: bachelor, graduation_date: 2018-07-01, "
	    "job_seeking: true, student_loan: true}", "2018-03-01");

	ck_assert_int_eq(rl->items[0].outcome, RESULT_ELIGIBLE);
	ck_assert(!rl->items[0].has_amount);
	ck_assert(says(&rl->items[0], "the local standard 'one-time job-search and startup subsidy per person' is not set"));
	result_list_free(rl);
}
END_TEST

START_TEST(json_is_the_contract)
{
	struct node *n = facts("person: {veteran: demobilised_soldier}");
	const struct policy *p = policyset_find(ps, "veteran-services");
	struct result_list *rl = result_eval(ps, p, n, day("2018-03-01"));
	struct sbuf out = SBUF_INIT;

	report_json(rl, day("2018-03-01"), NULL, &out);
	ck_assert_str_eq(sbuf_str(&out), "{\"on\":\"2018-03-01\",\"results\":[{\"policy\":\"veteran-services\","
	    "\"measure\":\"十五\",\"subject\":null,\"outcome\":\"eligible\",\"amount_fen\":null,"
	    "\"reasons\":[\"in a target group: demobilised soldier finding their own work\"],\"missing\":[],"
	    "\"eligible_from\":null}]}\n");
	sbuf_reset(&out);
	report_json(rl, day("2018-03-01"), "P0001", &out);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&out), "{\"person\":\"P0001\",\"on\":\"2018-03-01\",\"results\":["));
	result_list_free(rl);
	sbuf_free(&out);
	node_free(n);
}
END_TEST

/* Check that the --all writer gives, for each facts tree in turn, the line report_json gives. */
static void
same_lines(struct report_jsonl *w, const struct node *n, int on, const char *person)
{
	struct result_list *rl = result_eval_all(ps, n, on);
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;

	report_json(rl, on, person, &want);
	report_jsonl_person(w, n, person, &got);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	result_list_free(rl);
	sbuf_free(&want);
	sbuf_free(&got);
}

START_TEST(jsonl_writes_what_report_json_writes)
{
	static const char *const trees[] = {
		"person: {name: 王丽, hukou_type: rural, education: bachelor, graduation_date: 2018-07-01,"
		" employment: {status: employed, employer_kind: enterprise}, job_seeking: true, student_loan: true}\n"
		"insurance: {unemployment_months: 40}\n"
		"certificates: [{level: 4, issued_on: 2017-05-10, occupation: \"电工 \\\"A\\\"\\t\\u0001\"},"
		" {level: 2, issued_on: 2018-01-10}, {issued_on: 2016-01-10}]\n"
		"trainings: [{kind: employment_skills, class_hours: 120, status: completed}, {kind: guidance}]\n"
		"grants: [{policy: skill-upgrade-subsidy, on: 2017-06-01}, {policy: rural-training-subsidy,"
		" on: 2017-06-01, subject: \"trainings[1]\"}]",
		"person: {veteran: demobilised_soldier}",
		"{}",
		"person: {hukou_province: \"22\", employment: {status: unemployed}, overcapacity_worker: true}\n"
		"household: {registered_poor: true}\n"
		"startups: [{kind: micro_enterprise, first_time: true, license_date: 2016-09-01, operating: true,"
		" social_insurance: true}, {kind: other}]\n"
		"internships: [{host: \"长春\\\\某\\n公司\", start: 2017-08-01, end: 2018-01-31, status: active}]\n"
		"grassroots: [{program: xibu, start: 2015-08-01, end: 2017-08-01, assessed_pass: true}]\n"
		"grants: [{policy: startup-subsidy, on: 2019-01-01}]",
	};
	static const char *const dates[] = { "2018-03-01", "2016-01-01" };

	for (size_t k = 0; k < sizeof dates / sizeof *dates; k++) {
		/* one writer, reused for tree after tree, as eval --all does */
		struct report_jsonl *w = report_jsonl_new(ps, day(dates[k]));
		for (int round = 0; round < 2; round++) {
			for (size_t i = 0; i < sizeof trees / sizeof *trees; i++) {
				struct node *n = facts(trees[i]);
				same_lines(w, n, day(dates[k]), i % 2 ? "P\"1\\" : "000000-01");
				node_free(n);
			}
		}
		report_jsonl_free(w);
	}
	/* facts read from a database are not checked: odd enum text and dates reach the sentences raw */
	{
		static const char odd[] = "startups: [{kind: \"micro\\\"\\\\\\n\\u0001\\u007f\", first_time: true}]\n"
		    "grants: [{policy: startup-subsidy, on: \"20\\\"17\"}]";
		struct diag d = DIAG_INIT;
		struct node *n;
		struct report_jsonl *w = report_jsonl_new(ps, day("2018-03-01"));
		struct sbuf out = SBUF_INIT;
		ck_assert_msg(yamlload_buf("odd.yaml", odd, strlen(odd), &n, &d) == 0, "%s", d.msg);
		same_lines(w, n, day("2018-03-01"), "P1");
		report_jsonl_person(w, n, "P1", &out);
		ck_assert_ptr_nonnull(strstr(sbuf_str(&out), "micro\\\"\\\\\\n\\u0001\\u007f"));
		ck_assert_ptr_nonnull(strstr(sbuf_str(&out), "already granted on 20\\\"17"));
		sbuf_free(&out);
		report_jsonl_free(w);
		node_free(n);
	}
	/* every byte at every place of a word: escaped exactly as json_quote escapes it */
	{
		struct report_jsonl *w = report_jsonl_new(ps, day("2018-03-01"));
		for (int c = 1; c < 256; c++) {
			for (int at = 0; at < 17; at++) {
				char text[24];
				memset(text, 'k', sizeof text);
				text[at] = (char)c;
				text[19] = '\0';
				struct node *n = node_new_map();
				struct node *item = node_add(node_child_list(n, "startups"), NULL, node_new_map());
				node_set_plain(item, "kind", text);
				same_lines(w, n, day("2018-03-01"), "P1");
				node_free(n);
			}
		}
		report_jsonl_free(w);
	}
	/* words of every length from 1 to 40 with an odd byte at every place, as a status that ends
	 * a sentence ("not laid off (status ...)"): the check for text that needs no escape goes
	 * sixteen bytes at a time, the last block overlapping the one before */
	{
		static const unsigned char odd[] = { 0x01, 0x1f, '"', '\\', 0x7f, ' ', 0x80, 0xff };
		struct report_jsonl *w = report_jsonl_new(ps, day("2018-03-01"));
		for (size_t o = 0; o < sizeof odd; o++) {
			for (int len = 1; len <= 40; len++) {
				for (int at = 0; at < len; at++) {
					char text[48];
					memset(text, 'k', sizeof text);
					text[at] = (char)odd[o];
					text[len] = '\0';
					struct node *n = node_new_map();
					node_set_plain(node_child_map(node_child_map(n, "person"),
					    "employment"), "status", text);
					same_lines(w, n, day("2018-03-01"), "P1");
					node_free(n);
				}
			}
		}
		report_jsonl_free(w);
	}
	/* and the facts of every embedded test case, on its own date */
	for (size_t i = 0; i < ps->npolicies; i++) {
		const struct policy *p = ps->policies[i];
		for (size_t t = 0; t < p->ntests; t++) {
			struct report_jsonl *w = report_jsonl_new(ps, p->tests[t].on);
			same_lines(w, p->tests[t].facts, p->tests[t].on, p->id);
			report_jsonl_free(w);
		}
	}
}
END_TEST

/* Write one line for a tree and a person; whether the writer calls it safe must agree with the line:
 * a line called safe is one utf8_is_safe accepts (cli_write_safe writes it unchecked). Returns
 * what the writer said. */
static bool
safe_line(struct report_jsonl *w, const struct node *n, const char *person)
{
	struct sbuf out = SBUF_INIT;
	bool safe;

	report_jsonl_person(w, n, person, &out);
	safe = report_jsonl_take_safe(w);
	if (safe)
		ck_assert_msg(utf8_is_safe(out.s, out.len, true), "called safe: %s", sbuf_str(&out));
	sbuf_free(&out);
	return safe;
}

START_TEST(jsonl_says_which_lines_are_safe)
{
	static const char *const odd[] = { "\x1b[31m", "\x07", "\x7f", "\xc2\x85", "\xe2\x80\xae", "\xef\xbb\xbf",
	    "\xff", "\xe2\x80", "\r", "\n", "\t", "\"", "\\", "\xe7\x8e\x8b" };
	struct report_jsonl *w = report_jsonl_new(ps, day("2018-03-01"));
	struct node *plain = facts("person: {name: 王丽, employment: {status: employed, employer_kind: enterprise}}\n"
	    "certificates: [{level: 4, issued_on: 2017-05-10, occupation: 电工}]");

	ck_assert(safe_line(w, plain, "000000-01"));
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		char text[32];
		bool unsafe = !utf8_is_safe(odd[i], strlen(odd[i]), true);
		snprintf(text, sizeof text, "k%sk", odd[i]);
		/* in a sentence (an enum's text as read from a database), in the subject's item ... */
		struct node *n = node_new_map();
		node_set_plain(node_child_map(node_child_map(n, "person"), "employment"), "status", text);
		struct node *item = node_add(node_child_list(n, "startups"), NULL, node_new_map());
		node_set_plain(item, "kind", text);
		ck_assert_int_eq(safe_line(w, n, "P1"), !unsafe);
		/* ... and in the person's key; a safe line after an unsafe one is safe again */
		ck_assert_int_eq(safe_line(w, plain, text), !unsafe);
		ck_assert(safe_line(w, plain, "P1"));
		node_free(n);
	}
	node_free(plain);
	report_jsonl_free(w);
}
END_TEST

START_TEST(every_policy_gives_a_result)
{
	struct node *n = facts("person: {name: 王丽, hukou_type: rural, education: bachelor, birth_date: 1990-05-01, sex: female}\n"
	    "trainings: [{kind: employment_skills, start: 2017-11-01, end: 2017-12-15, class_hours: 120, status: completed},"
	    " {kind: guidance, start: 2017-11-20, end: 2017-11-21, class_hours: 10, status: completed}]");
	struct result_list *rl = result_eval_all(ps, n, day("2018-03-01"));
	struct sbuf zh = SBUF_INIT;
	size_t rural = 0;

	/* 10 policies about the person, four about items with none (one result each), and six about
	 * trainings with two each */
	ck_assert_uint_eq(rl->n, 26);
	for (size_t i = 0; i < rl->n; i++) {
		if (strcmp(rl->items[i].policy->id, "rural-training-subsidy") == 0) {
			ck_assert_int_eq(rl->items[i].item, (int)rural);
			rural++;
		}
		if (i > 0)
			ck_assert_int_le(rl->items[i - 1].policy->measure_no, rl->items[i].policy->measure_no);
	}
	ck_assert_uint_eq(rural, 2);
	chinese();
	report_text(rl, n, day("2018-03-01"), &zh);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&zh), "姓名：王丽"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&zh), "金额：960.00 元"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&zh), "将农村劳动力技能培训补贴标准提高到每学时8元"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&zh), "请携带"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&zh), "尚需提供"));
	result_list_free(rl);
	sbuf_free(&zh);
	node_free(n);
}
END_TEST

START_TEST(measure_numbers)
{
	ck_assert_int_eq(policy_measure_number("七"), 7);
	ck_assert_int_eq(policy_measure_number("十"), 10);
	ck_assert_int_eq(policy_measure_number("十二"), 12);
	ck_assert_int_eq(policy_measure_number("二十"), 20);
	ck_assert_int_eq(policy_measure_number("二十一"), 21);
	ck_assert_int_eq(policy_measure_number("三十"), 30);
	ck_assert_int_eq(policy_measure_number("(七)"), -1);
	ck_assert_int_eq(policy_measure_number("十十"), -1);
	ck_assert_int_eq(policy_measure_number("7"), -1);
}
END_TEST

/* The suite. */
static Suite *
policies_suite(void)
{
	Suite *s = suite_create("policies");
	TCase *tc = tcase_create("policies");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, startup_twelve_months_of_operation);
	tcase_add_test(tc, startup_once_per_person);
	tcase_add_test(tc, skill_upgrade_thirty_six_months_of_insurance);
	tcase_add_test(tc, skill_upgrade_twelve_months_after_issue);
	tcase_add_test(tc, skill_upgrade_amount_by_level);
	tcase_add_test(tc, skill_upgrade_once_per_item);
	tcase_add_test(tc, skill_upgrade_shortage_raise);
	tcase_add_test(tc, graduation_year);
	tcase_add_test(tc, two_full_years_of_service);
	tcase_add_test(tc, rural_training_eight_yuan_per_class_hour);
	tcase_add_test(tc, employment_difficulty_reaches_other_policies);
	tcase_add_test(tc, unknown_names_missing_facts);
	tcase_add_test(tc, list_policy_without_items);
	tcase_add_test(tc, local_standard_not_set);
	tcase_add_test(tc, json_is_the_contract);
	tcase_add_test(tc, jsonl_writes_what_report_json_writes);
	tcase_add_test(tc, jsonl_says_which_lines_are_safe);
	tcase_add_test(tc, every_policy_gives_a_result);
	tcase_add_test(tc, measure_numbers);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(policies_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
