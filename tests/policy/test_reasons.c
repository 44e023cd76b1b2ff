/* Check test: every reason a policy gives, read in Chinese, is a sentence a job seeker can read: no
 * internal name (a fact path, an enum value, a policy id, a file) and no "?" standing for a value. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/factsfile.h"
#include "policy/policyset.h"
#include "policy/result.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/sbuf.h"

static struct policyset *ps;

/* Persons beyond the embedded test cases: nobody known, and one with every kind of record. */
static const char *const persons[] = {
	"{}\n",
	"person: {name: 王丽, id_number: \"220102199503070028\", hukou_province: \"22\", hukou_type: rural,\n"
	"  education: bachelor, graduation_date: 2017-07-01, continuing_study: false, disabled: false,\n"
	"  student_loan: true, veteran: none, registered_unemployed: true, registered_unemployed_from: 2017-08-01,\n"
	"  employment_difficulty: false, overcapacity_worker: false, rural_transfer_worker: true,\n"
	"  returnee_entrepreneur: true, job_seeking: true, able_to_work: true,\n"
	"  employment: {status: self_employed, employer_kind: none}}\n"
	"household: {low_income: true, poor_disabled: false, registered_poor: true, extremely_poor: false,\n"
	"  zero_employment: false}\n"
	"insurance: {unemployment_months: 40, social_insurance: true, receiving_benefit: false}\n"
	"certificates:\n"
	"  - {level: 3, issued_on: 2017-05-10, occupation: 电工}\n"
	"  - {level: 1, issued_on: 2016-05-10}\n"
	"trainings:\n"
	"  - {kind: employment_skills, start: 2017-11-01, end: 2017-12-15, class_hours: 120, status: completed}\n"
	"  - {kind: startup, start: 2017-09-01, status: active}\n"
	"  - {kind: guidance}\n"
	"internships:\n"
	"  - {host: 长春某某科技有限公司, start: 2017-08-01, end: 2018-01-31, status: dropped}\n"
	"startups:\n"
	"  - {kind: micro_enterprise, first_time: true, license_date: 2017-11-18, operating: true, social_insurance: true}\n"
	"  - {kind: other}\n"
	"grassroots:\n"
	"  - {program: xibu, start: 2015-08-01, end: 2017-07-31, assessed_pass: true}\n"
	"grants:\n"
	"  - {policy: rural-training-subsidy, on: 2018-01-10, subject: \"trainings[0]\"}\n"
	"  - {policy: skill-upgrade-subsidy, on: 2018-01-10}\n",
};

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

/* Why a Chinese text is not readable, or NULL: an ASCII letter (a name from inside), or '?'. */
static const char *
unreadable(const char *zh)
{
	for (const char *c = zh; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_')
			return "an ASCII name";
		if (*c == '?')
			return "a '?'";
	}
	return NULL;
}

/* Check every result's Chinese reasons and questions; append each fault to out. */
static void
check_results(const struct result_list *rl, const char *where, struct sbuf *out)
{
	for (size_t i = 0; i < rl->n; i++) {
		const struct result *r = &rl->items[i];
		const char *why;
		for (size_t k = 0; k < r->nreasons; k++)
			if ((why = unreadable(r->reasons[k].zh)) != NULL)
				sbuf_addf(out, "\n%s: %s %s: %s in \"%s\"", where, r->policy->id,
				    r->subject ? r->subject : "", why, r->reasons[k].zh);
		for (size_t k = 0; k < r->nmissing; k++)
			if (r->missing[k].fact != NULL && (why = unreadable(r->missing[k].fact->zh)) != NULL)
				sbuf_addf(out, "\n%s: %s: %s in the question \"%s\"", where, r->policy->id, why,
				    r->missing[k].fact->zh);
	}
}

/* Evaluate every policy of the set for one facts tree; check the reasons. */
static size_t
check_all(const struct node *facts, int on, const struct policy_setting *local, size_t nlocal, const char *where,
    struct sbuf *out)
{
	size_t n = 0;

	for (size_t i = 0; i < ps->npolicies; i++) {
		struct result_list *rl = result_eval_with(ps, ps->policies[i], facts, on, local, nlocal);
		check_results(rl, where, out);
		n += rl->n;
		result_list_free(rl);
	}
	return n;
}

START_TEST(every_reason_reads_in_chinese)
{
	struct sbuf out = SBUF_INIT;
	size_t n = 0;
	int days[3];

	ck_assert(date_parse("2017-10-11", &days[0]) == 0 && date_parse("2018-03-01", &days[1]) == 0 &&
	    date_parse("2019-01-01", &days[2]) == 0);

	/* the facts of every embedded test case, evaluated under every policy */
	for (size_t i = 0; i < ps->npolicies; i++) {
		const struct policy *p = ps->policies[i];
		for (size_t t = 0; t < p->ntests; t++) {
			char where[256];
			snprintf(where, sizeof where, "%s, test '%s'", p->id, p->tests[t].name);
			n += check_all(p->tests[t].facts, p->tests[t].on, p->tests[t].local, p->tests[t].nlocal, where, &out);
		}
	}
	/* and the persons above, on three dates */
	for (size_t k = 0; k < sizeof persons / sizeof *persons; k++) {
		struct diag d = DIAG_INIT;
		struct yfile yf = { "person.yaml", &d };
		struct node *f;
		ck_assert_msg(yamlload_buf("person.yaml", persons[k], strlen(persons[k]), &f, &d) == 0, "%s", d.msg);
		ck_assert_msg(factsfile_check(ps->schema, &yf, f) == 0 && factsfile_derive(&yf, f, days[1]) == 0, "%s",
		    d.msg);
		for (size_t j = 0; j < sizeof days / sizeof *days; j++)
			n += check_all(f, days[j], NULL, 0, "a person of the test", &out);
		node_free(f);
	}
	ck_assert_msg(n > 500, "only %zu results were read", n);
	ck_assert_msg(out.len == 0, "reasons that do not read in Chinese:%s", sbuf_str(&out));
	sbuf_free(&out);
}
END_TEST

START_TEST(the_check_catches_names_and_question_marks)
{
	ck_assert_ptr_nonnull(unreadable("就业状态为self_employed"));
	ck_assert_ptr_nonnull(unreadable("营业执照于?领取"));
	ck_assert_ptr_null(unreadable("证书等级为三级(高级)，2017-05-10颁发，金额：2000.00元"));
}
END_TEST

/* The suite. */
static Suite *
reasons_suite(void)
{
	Suite *s = suite_create("reasons");
	TCase *tc = tcase_create("zh");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_reason_reads_in_chinese);
	tcase_add_test(tc, the_check_catches_names_and_question_marks);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(reasons_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
