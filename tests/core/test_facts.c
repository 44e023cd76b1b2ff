/* Check tests for core/facts: the facts tree of a person built from the case (person fields,
 * enrollments, certificates; unknowns left out), answering a fact in place (facts_answer), and
 * core's fields agreeing with the policy engine's facts schema. */
#include <check.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"
#include "core/progress.h"
#include "policy/factschema.h"
#include "policy/policyset.h"
#include "policy/report.h"
#include "util/date.h"
#include "util/sbuf.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "testdb.h"

static struct db *db;
static char *pid;

/* Record an enrollment of a kind with its details set by the caller. */
static void
enroll(struct enrollment *e, int level)
{
	struct diag d = DIAG_INIT;

	e->person_id = pid;
	ck_assert_msg(progress_record(db, e, level, level > 0 ? "2017-12-20" : NULL,
	    level > 0 ? "电工" : NULL, false, &d) == 0, "%s", d.msg);
	free(e->id);
}

/* 王丽 with a few fields known (and a phone, which is no fact), a training without its hours
 * and with a certificate, an internship, a startup, a grassroots service and a job. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct enrollment e;
	char why[256];

	db = testdb_open("facts", "counselor1");
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_PHONE, "13912345678", why, sizeof why);
	person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why);
	person_set(&p, PF_LOW_INCOME, "yes", why, sizeof why);
	person_set(&p, PF_UNEMPLOYMENT_MONTHS, "40", why, sizeof why);
	person_set(&p, PF_EMPLOYMENT_STATUS, "unemployed", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);

	progress_init(&e);
	e.kind = "training";
	e.status = "completed";
	e.training_kind = "employment_skills";
	e.start_date = "2017-11-01";
	e.end_date = "2017-12-15";
	enroll(&e, 4);
	progress_init(&e);
	e.kind = "internship";
	e.status = "completed";
	e.unit_name = "长春市见习基地";
	e.start_date = "2016-03-01";
	enroll(&e, 0);
	progress_init(&e);
	e.kind = "startup";
	e.status = "active";
	e.startup_kind = "individual_business";
	e.first_time = 1;
	e.license_date = "2018-01-10";
	enroll(&e, 0);
	progress_init(&e);
	e.kind = "grassroots";
	e.status = "completed";
	e.program = "sanzhi_yifu";
	enroll(&e, 0);
	progress_init(&e);
	e.kind = "employment";
	e.status = "completed";
	e.employer_kind = "enterprise";
	enroll(&e, 0);
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
	free(pid);
}

/* A fact of the person's facts tree as text, or NULL when it is left out. Caller frees. */
static char *
fact(const char *path)
{
	struct node *f;
	struct diag d = DIAG_INIT;

	ck_assert_msg(facts_person(db, pid, &f, &d) == 0, "%s", d.msg);
	const struct node *n = node_path(f, path);
	char *s = n != NULL && n->text != NULL ? strdup(n->text) : NULL;
	node_free(f);
	return s;
}

/* Assert a fact's text (NULL: left out). */
static void
fact_is(const char *path, const char *want)
{
	char *got = fact(path);

	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: '%s', expected it left out", path, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s: '%s', expected '%s'", path,
		    got ? got : "(left out)", want);
	free(got);
}

/* Answer a fact of the person and assert what the facts then say there ("trainings[0].kind" is
 * trainings.0.kind in the tree). */
static void
answer_is(const char *path, const char *value, const char *want)
{
	struct diag d = DIAG_INIT;
	char tree[128];
	size_t n = 0;

	ck_assert_msg(facts_answer(db, pid, path, value, &d) == 0, "%s = %s: %s", path, value, d.msg);
	for (const char *p = path; *p && n + 1 < sizeof tree; p++)
		if (*p != ']')
			tree[n++] = *p == '[' ? '.' : *p;
	tree[n] = '\0';
	fact_is(tree, want);
}

/* How many audit rows there are. */
static int
audit_rows(void)
{
	return (int)testdb_int(db, "SELECT count(*) FROM audit", NULL);
}

/* Whether any map of a tree holds a key twice (the facts builder appends without looking). */
static bool
repeats_a_key(const struct node *n)
{
	if (n == NULL || n->kind == NODE_SCALAR)
		return false;
	for (size_t i = 0; i < n->n; i++) {
		for (size_t j = 0; n->kind == NODE_MAP && j < i; j++)
			if (strcmp(n->items[i]->key, n->items[j]->key) == 0)
				return true;
		if (repeats_a_key(n->items[i]))
			return true;
	}
	return false;
}

START_TEST(facts_of_a_person)
{
	struct node *f;
	struct diag d = DIAG_INIT;

	fact_is("person.name", "王丽");
	fact_is("person.id_number", "220102199503070028");
	fact_is("person.birth_date", "1995-03-07");
	fact_is("person.hukou_type", "rural");
	fact_is("person.employment.status", "unemployed");
	fact_is("household.low_income", "true");
	fact_is("insurance.unemployment_months", "40");
	/* unknowns and what decides nothing are left out */
	fact_is("person.education", NULL);
	fact_is("household.zero_employment", NULL);
	fact_is("person.employment.employer_kind", NULL);
	fact_is("person.phone", NULL);
	fact_is("person.stage", NULL);
	fact_is("person.counselor", NULL);
	/* enrollments by kind, certificates */
	fact_is("trainings.0.kind", "employment_skills");
	fact_is("trainings.0.end", "2017-12-15");
	fact_is("trainings.0.status", "completed");
	fact_is("trainings.0.class_hours", NULL);
	fact_is("internships.0.host", "长春市见习基地");
	fact_is("internships.0.end", NULL);
	fact_is("startups.0.kind", "individual_business");
	fact_is("startups.0.first_time", "true");
	fact_is("startups.0.license_date", "2018-01-10");
	fact_is("startups.0.operating", NULL);
	fact_is("grassroots.0.program", "sanzhi_yifu");
	fact_is("grassroots.0.assessed_pass", NULL);
	fact_is("certificates.0.level", "4");
	fact_is("certificates.0.issued_on", "2017-12-20");
	fact_is("certificates.0.occupation", "电工");
	/* a job is person.employment, not a list */
	ck_assert_int_eq(facts_person(db, pid, &f, &d), 0);
	ck_assert_ptr_null(node_get(f, "employments"));
	ck_assert_ptr_null(node_get(f, "jobs"));
	ck_assert_int_eq(node_get(f, "trainings")->n, 1);
	ck_assert(!repeats_a_key(f));
	ck_assert(node_path(f, "person.name")->quoted);
	ck_assert(!node_path(f, "household.low_income")->quoted);
	node_free(f);
	ck_assert_int_eq(facts_person(db, "220102199001010000", &f, &d), EX_DATAERR);
}
END_TEST

/* Add a person from field/value pairs (as typed), ending with -1. */
static void
add_person(int field, ...)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];
	va_list ap;

	va_start(ap, field);
	for (int f = field; f >= 0; f = va_arg(ap, int)) {
		const char *v = va_arg(ap, const char *);
		ck_assert_msg(person_set(&p, f, v, why, sizeof why) == 0, "%s: %s", v, why);
	}
	va_end(ap);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

/* A writer of policy eval --all on 2018-03-01. */
static struct report_jsonl *
eval_all_open_writer(const struct policyset *ps)
{
	int on;

	ck_assert_int_eq(date_parse("2018-03-01", &on), 0);
	return report_jsonl_new(ps, on);
}

/* Start policy eval --all on 2018-03-01 reading batch persons at a time (*it), with the person's
 * own facts given beside the tree when give: the writer. */
static struct report_jsonl *
eval_all_open(const struct policyset *ps, bool give, size_t batch, struct facts_iter **it)
{
	struct report_jsonl *w = eval_all_open_writer(ps);
	*it = facts_iter_new(db);
	facts_iter_set_batch(*it, batch);
	if (give)
		report_jsonl_give(w, facts_iter_give(*it, ps->schema));
	return w;
}

/* Every person's line of policy eval --all, with the person's own facts in the tree or given
 * beside it (facts_iter_give); *empty_maps counts the persons whose tree holds no person field. */
static char *
eval_all_lines(const struct policyset *ps, bool give, size_t *lines, size_t *empty_maps)
{
	struct facts_iter *it;
	struct report_jsonl *w = eval_all_open(ps, give, 64, &it);
	struct sbuf out = SBUF_INIT;
	struct diag d = DIAG_INIT;
	const char *id;
	struct node *n;

	*lines = *empty_maps = 0;
	while ((n = facts_iter_next(it, &id)) != NULL) {
		const struct node *pm = node_get(n, "person");
		*empty_maps += pm != NULL && pm->n == 0;
		report_jsonl_person(w, n, id, &out);
		(*lines)++;
		node_free(n);
	}
	ck_assert_msg(facts_iter_status(it, &d) == 0, "%s", d.msg);
	report_jsonl_free(w);
	facts_iter_free(it);
	return sbuf_take(&out);
}

START_TEST(given_facts_read_as_the_tree)
{
	struct policyset *ps = NULL;
	struct diag d = DIAG_INIT;
	size_t tree_lines, given_lines, tree_empty, given_empty;

	/* flags true, false and unknown, enums inside and outside a group, dates before and after
	 * as_of, a hukou outside Jilin, the employment map, money and months */
	add_person(PF_NAME, "张伟", PF_ID_NUMBER, "220102199001011239",
	    PF_EDUCATION, "bachelor", PF_GRADUATION_DATE, "2017-07-01", PF_HUKOU_PROVINCE, "22",
	    PF_REGISTERED_POOR, "yes", PF_EMPLOYMENT_DIFFICULTY, "no", PF_REGISTERED_UNEMPLOYED, "yes",
	    PF_REGISTERED_UNEMPLOYED_FROM, "2017-09-01", PF_EMPLOYMENT_STATUS, "unemployed", -1);
	add_person(PF_NAME, "李娜", PF_ID_NUMBER, "220102200006152343",
	    PF_EDUCATION, "junior_college", PF_GRADUATION_DATE, "2018-07-01", PF_STUDENT_LOAN, "yes",
	    PF_LOW_INCOME, "no", PF_CONTINUING_STUDY, "no", -1);
	add_person(PF_NAME, "王芳", PF_ID_NUMBER, "220183196503203454",
	    PF_VETERAN, "demobilised_soldier", PF_DISABLED, "yes", PF_ZERO_EMPLOYMENT, "yes",
	    PF_EMPLOYMENT_STATUS, "employed", PF_EMPLOYER_KIND, "enterprise", PF_EMPLOYER_SIZE, "small",
	    PF_HIRED_ON, "2017-10-01", PF_SOCIAL_INSURANCE, "yes", -1);
	add_person(PF_NAME, "刘洋", PF_ID_NUMBER, "110101198505125671",
	    PF_HUKOU_PROVINCE, "11", PF_HUKOU_TYPE, "urban", PF_EDUCATION, "secondary_vocational",
	    PF_GRADUATION_DATE, "2003-07-01", PF_RETURNEE_ENTREPRENEUR, "yes",
	    PF_RURAL_TRANSFER_WORKER, "yes", PF_RECEIVING_BENEFIT, "yes", PF_BENEFIT_UNTIL, "2018-06-30",
	    PF_UNEMPLOYMENT_MONTHS, "7", -1);
	add_person(PF_NAME, "陈静", PF_ID_NUMBER, "220303197211306789", -1);
	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);
	char *tree = eval_all_lines(ps, false, &tree_lines, &tree_empty);
	char *given = eval_all_lines(ps, true, &given_lines, &given_empty);
	ck_assert_uint_eq(tree_lines, 6);
	ck_assert_uint_eq(given_lines, 6);
	/* given beside the tree, not in it: the person map is left empty for everyone */
	ck_assert_uint_eq(tree_empty, 0);
	ck_assert_uint_eq(given_empty, 6);
	ck_assert_str_eq(given, tree);
	/* the answers differ between the persons: the facts were read, not all unknown */
	ck_assert_ptr_nonnull(strstr(tree, "\"outcome\":\"eligible\""));
	ck_assert_ptr_nonnull(strstr(tree, "\"outcome\":\"unknown\""));
	free(tree);
	free(given);
	policyset_free(ps);
}
END_TEST

/* The id of the person added last. Caller frees. */
static char *
last_person(void)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM person ORDER BY rowid DESC LIMIT 1");

	ck_assert_int_eq(db_step(st, "test", &d), DB_ROW);
	char *id = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	return id;
}

/* A training of the person with id (its certificate of level, or none when 0). */
static void
train(const char *id, const char *start, int level)
{
	struct enrollment e;
	char *keep = pid;

	pid = (char *)id;
	progress_init(&e);
	e.kind = "training";
	e.status = "completed";
	e.training_kind = "employment_skills";
	e.start_date = start;
	enroll(&e, level);
	pid = keep;
}

/* Every person of eval --all read batch persons at a time: each person's id, tree (JSON) and,
 * with give, the line the evaluator writes from the given texts and the tree. */
static char *
eval_all_batched(const struct policyset *ps, size_t batch, bool give)
{
	struct facts_iter *it;
	struct report_jsonl *w = eval_all_open(ps, give, batch, &it);
	struct sbuf out = SBUF_INIT;
	struct diag d = DIAG_INIT;
	const char *id;
	struct node *n;

	while ((n = facts_iter_next(it, &id)) != NULL) {
		sbuf_addf(&out, "%s ", id);
		if (!give)
			node_write_json(n, &out);
		report_jsonl_person(w, n, id, &out);
		node_free(n);
	}
	ck_assert_msg(facts_iter_status(it, &d) == 0, "%s", d.msg);
	report_jsonl_free(w);
	facts_iter_free(it);
	return sbuf_take(&out);
}

/* Four persons besides setup's 王丽 (ids[], caller frees): with children (trainings,
 * certificates) after one with none, and whose own facts (given as text) decide differently. */
static void
add_four_persons(char *ids[4])
{
	add_person(PF_NAME, "陈静", PF_ID_NUMBER, "220303197211306789", -1);
	ids[0] = last_person();
	add_person(PF_NAME, "张伟", PF_ID_NUMBER, "220102199001011239",
	    PF_EDUCATION, "bachelor", PF_GRADUATION_DATE, "2017-07-01", PF_HUKOU_PROVINCE, "22",
	    PF_REGISTERED_UNEMPLOYED, "yes", PF_REGISTERED_UNEMPLOYED_FROM, "2017-09-01",
	    PF_EMPLOYMENT_STATUS, "unemployed", -1);
	ids[1] = last_person();
	train(ids[1], "2017-10-01", 3);
	train(ids[1], "2016-05-01", 0);
	add_person(PF_NAME, "李娜", PF_ID_NUMBER, "220102200006152343",
	    PF_EDUCATION, "junior_college", PF_GRADUATION_DATE, "2018-07-01", PF_STUDENT_LOAN, "yes",
	    PF_LOW_INCOME, "no", -1);
	ids[2] = last_person();
	add_person(PF_NAME, "刘洋", PF_ID_NUMBER, "110101198505125671",
	    PF_HUKOU_PROVINCE, "11", PF_EDUCATION, "secondary_vocational", -1);
	ids[3] = last_person();
	train(ids[3], "2015-03-01", 2);
}

START_TEST(a_batch_holds_each_persons_own_facts)
{
	struct policyset *ps = NULL;
	struct diag d = DIAG_INIT;
	char *ids[4];

	/* persons with children after one with none, whose own facts decide differently: 王丽 of
	 * setup has five items */
	add_four_persons(ids);
	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);

	/* each person's tree is the one it has alone (facts_person), whatever the batch */
	char *one = eval_all_batched(ps, 1, false);
	struct sbuf want = SBUF_INIT;
	{
		struct facts_iter *it = facts_iter_new(db);
		const char *id;
		facts_iter_set_batch(it, 1);
		for (struct node *n; (n = facts_iter_next(it, &id)) != NULL; ) {
			struct node *alone = NULL;
			ck_assert_msg(facts_person(db, id, &alone, &d) == 0, "%s", d.msg);
			sbuf_addf(&want, "%s ", id);
			node_write_json(alone, &want);
			node_free(alone);
		}
		facts_iter_free(it);
	}
	/* the five persons, in person order, each with their own items */
	ck_assert_ptr_nonnull(strstr(one, ids[1]));
	ck_assert_ptr_nonnull(strstr(one, "\"level\":3"));
	ck_assert_ptr_nonnull(strstr(one, "\"level\":2"));
	for (size_t batch = 1; batch <= 7; batch++) {
		char *trees = eval_all_batched(ps, batch, false);
		char *given = eval_all_batched(ps, batch, true);
		struct sbuf t = SBUF_INIT, g = SBUF_INIT;
		/* the trees alone; the lines alone, against the lines made from the trees */
		for (const char *p = trees; *p != '\0'; ) {
			const char *sp = strchr(p, ' '), *brace = strstr(sp, "}{\"person\""), *nl;
			ck_assert_ptr_nonnull(brace);
			nl = strchr(brace, '\n');
			sbuf_addf(&t, "%.*s", (int)(brace + 1 - p), p);
			sbuf_addf(&g, "%.*s ", (int)(sp - p), p);
			sbuf_addf(&g, "%.*s", (int)(nl + 1 - (brace + 1)), brace + 1);
			p = nl + 1;
		}
		ck_assert_msg(strcmp(sbuf_str(&t), sbuf_str(&want)) == 0,
		    "batch %zu: a tree is not its person's alone", batch);
		ck_assert_msg(strcmp(given, sbuf_str(&g)) == 0,
		    "batch %zu: a person's given facts are not its own:\n%s\nwant\n%s", batch, given,
		    sbuf_str(&g));
		ck_assert_str_eq(trees, one);
		sbuf_free(&t);
		sbuf_free(&g);
		free(trees);
		free(given);
	}
	/* the answers differ between the persons: mixing them up would show */
	ck_assert_ptr_nonnull(strstr(one, "\"outcome\":\"eligible\""));
	ck_assert_ptr_nonnull(strstr(one, "\"outcome\":\"unknown\""));
	sbuf_free(&want);
	free(one);
	for (int i = 0; i < 4; i++)
		free(ids[i]);
	policyset_free(ps);
}
END_TEST

/* Every person's line of eval --all as its threads make them: batches filled in turn into two
 * batches held at once (as two threads hold theirs), each evaluated by its own writer with its
 * own given texts, the later batch filled before the earlier one is evaluated. */
static char *
eval_all_two_batches(const struct policyset *ps, size_t batch, bool give)
{
	struct facts_iter *it;
	struct report_jsonl *w[2];
	struct facts_batch *b[2] = { facts_batch_new(), facts_batch_new() };
	struct eval_given g[2] = { { 0 }, { 0 } };
	struct sbuf out = SBUF_INIT;
	struct diag d = DIAG_INIT;
	size_t n[2];

	w[0] = eval_all_open(ps, false, batch, &it);
	w[1] = eval_all_open_writer(ps);
	const struct eval_given *given = give ? facts_iter_give(it, ps->schema) : NULL;
	for (int k = 0; k < 2 && given != NULL; k++) {
		g[k] = *given;
		report_jsonl_give(w[k], &g[k]);
	}
	for (;;) {
		n[0] = facts_iter_fill(it, b[0]);
		n[1] = facts_iter_fill(it, b[1]);
		for (int k = 0; k < 2; k++)
			for (size_t i = 0; i < n[k]; i++) {
				const char *id;
				const struct node *t = facts_batch_person(b[k], i, &id);
				g[k].text = facts_batch_given(b[k], i);
				ck_assert_int_eq(g[k].text != NULL, give);
				sbuf_addf(&out, "%s ", id);
				report_jsonl_person(w[k], t, id, &out);
			}
		if (n[0] < batch || n[1] < batch)
			break;
	}
	ck_assert_uint_eq(facts_iter_fill(it, b[0]), 0);
	ck_assert_msg(facts_iter_status(it, &d) == 0, "%s", d.msg);
	for (int k = 0; k < 2; k++) {
		report_jsonl_free(w[k]);
		facts_batch_free(b[k]);
	}
	facts_iter_free(it);
	return sbuf_take(&out);
}

START_TEST(two_batches_held_at_once_keep_their_own_persons)
{
	struct policyset *ps = NULL;
	struct diag d = DIAG_INIT;
	char *ids[4];

	/* persons whose answers differ, with and without items, over several batches */
	add_four_persons(ids);
	ck_assert_msg(policyset_open(getenv("JOBDESK_POLICIES"), &ps, &d) == 0, "%s", d.msg);
	for (int give = 0; give < 2; give++) {
		/* the lines one writer makes from facts_iter_next, without the trees */
		char *want = eval_all_batched(ps, 64, give);
		for (size_t batch = 1; batch <= 5; batch++) {
			char *got = eval_all_two_batches(ps, batch, give);
			if (!give) {
				/* eval_all_batched wrote each tree before its line: leave the trees out */
				struct sbuf lines = SBUF_INIT;
				for (const char *p = want; *p != '\0'; ) {
					const char *sp = strchr(p, ' '), *brace = strstr(sp, "}{\"person\"");
					const char *nl = strchr(brace, '\n');
					sbuf_addf(&lines, "%.*s%.*s", (int)(sp + 1 - p), p, (int)(nl + 1 - (brace + 1)),
					    brace + 1);
					p = nl + 1;
				}
				ck_assert_msg(strcmp(got, sbuf_str(&lines)) == 0,
				    "batch %zu: two batches at once wrote\n%s\nwant\n%s", batch, got,
				    sbuf_str(&lines));
				sbuf_free(&lines);
			} else
				ck_assert_msg(strcmp(got, want) == 0, "batch %zu (given): two batches at once "
				    "wrote\n%s\nwant\n%s", batch, got, want);
			free(got);
		}
		ck_assert_ptr_nonnull(strstr(want, "\"outcome\":\"eligible\""));
		free(want);
	}
	for (int i = 0; i < 4; i++)
		free(ids[i]);
	policyset_free(ps);
}
END_TEST

/* Change one field of a person (by case id) as typed, through person_update. */
static void
edit_person(const char *id, int field, const char *value)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_msg(person_load(db, id, &p, &d) == 0, "%s", d.msg);
	ck_assert_msg(person_set(&p, field, value, why, sizeof why) == 0, "%s", why);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

START_TEST(every_person_merged_with_its_rows)
{
	struct db_stmt *st;
	struct diag d = DIAG_INIT;
	char *ids[4];
	int n = 0;

	add_person(PF_NAME, "张伟", PF_ID_NUMBER, "220102199001011239", -1);
	add_person(PF_NAME, "李娜", PF_ID_NUMBER, "220102200006152343", PF_LOW_INCOME, "yes", -1);
	add_person(PF_NAME, "陈静", PF_ID_NUMBER, "220303197211306789", -1);
	/* the four in key order (王丽 of setup among them): the last is given an insurance row, the
	 * one before it has none (a person with no row between two that have one) */
	st = db_prepare(db, "SELECT id FROM person ORDER BY id");
	while (db_step(st, "test", &d) == DB_ROW && n < 4)
		ids[n++] = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	ck_assert_int_eq(n, 4);
	edit_person(ids[0], PF_UNEMPLOYMENT_MONTHS, "12");
	edit_person(ids[3], PF_UNEMPLOYMENT_MONTHS, "9");
	edit_person(ids[3], PF_SOCIAL_INSURANCE, "yes");
	st = db_prepare(db, "DELETE FROM insurance WHERE person_id = ?1");
	db_bind_text(st, 1, ids[2]);
	ck_assert_int_eq(db_step(st, "test", &d), DB_DONE);
	db_finalize(st);
	/* a household's flag changed after its person was added: the person's copy follows it */
	edit_person(ids[1], PF_LOW_INCOME, "no");
	edit_person(ids[1], PF_ZERO_EMPLOYMENT, "yes");

	/* each person's tree of --all is the tree of that person alone, and agrees with the
	 * household and insurance rows joined as the person's own query once read them */
	struct facts_iter *it = facts_iter_new(db);
	struct node *all;
	const char *id;
	int k = 0;
	while ((all = facts_iter_next(it, &id)) != NULL) {
		struct sbuf a = SBUF_INIT, b = SBUF_INIT;
		struct node *one = NULL;
		ck_assert_int_lt(k, 4);
		ck_assert_str_eq(id, ids[k]);
		ck_assert_msg(facts_person(db, id, &one, &d) == 0, "%s", d.msg);
		node_write_json(all, &a);
		node_write_json(one, &b);
		ck_assert_str_eq(sbuf_str(&a), sbuf_str(&b));
		st = db_prepare(db, "SELECT h.low_income, h.zero_employment, i.unemployment_months, "
		    "i.social_insurance FROM person p LEFT JOIN household h ON h.id = p.household_id "
		    "LEFT JOIN insurance i ON i.person_id = p.id WHERE p.id = ?1");
		db_bind_text(st, 1, id);
		ck_assert_int_eq(db_step(st, "test", &d), DB_ROW);
		const char *want[][2] = { { "household.low_income", db_col_text(st, 0) },
		    { "household.zero_employment", db_col_text(st, 1) },
		    { "insurance.unemployment_months", db_col_text(st, 2) },
		    { "insurance.social_insurance", db_col_text(st, 3) } };
		for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
			const struct node *f = node_path(all, want[i][0]);
			/* flags but the months */
			const char *v = want[i][1], *w = v == NULL || i == 2 ? v :
			    strcmp(v, "1") == 0 ? "true" : "false";
			ck_assert_msg(w == NULL ? f == NULL : f != NULL && strcmp(f->text, w) == 0,
			    "%s of person %d: %s, want %s", want[i][0], k, f ? f->text : "(none)",
			    w ? w : "(none)");
		}
		/* what the rows were made to be: no insurance row, then the last person's */
		if (k == 1)
			ck_assert_str_eq(node_path(all, "household.low_income")->text, "false");
		if (k == 2)
			ck_assert_ptr_null(want[2][1]);
		if (k == 3)
			ck_assert_str_eq(want[2][1], "9");
		db_finalize(st);
		node_free(one);
		sbuf_free(&a);
		sbuf_free(&b);
		k++;
	}
	ck_assert_msg(facts_iter_status(it, &d) == 0, "%s", d.msg);
	facts_iter_free(it);
	ck_assert_int_eq(k, 4);
	for (int i = 0; i < 4; i++)
		free(ids[i]);
}
END_TEST

START_TEST(answer_a_person_field)
{
	struct diag d = DIAG_INIT;
	char hint[256];

	ck_assert(facts_answerable("person.education", hint, sizeof hint));
	ck_assert_ptr_nonnull(strstr(hint, "bachelor"));
	ck_assert(facts_answerable("household.zero_employment", hint, sizeof hint));
	ck_assert_str_eq(hint, "yes|no");
	answer_is("person.education", "bachelor", "bachelor");
	answer_is("household.zero_employment", "否", "false");
	fact_is("household.low_income", "true");
	answer_is("insurance.unemployment_months", "41", "41");
	/* by the ID number too; the employment map's two facts are person fields */
	ck_assert_int_eq(facts_answer(db, "220102199503070028", "person.employment.employer_kind",
	    "government", &d), 0);
	fact_is("person.employment.employer_kind", "government");
	fact_is("person.employment.status", "unemployed");
	/* the facts of schema step 4: unknown until answered, then where the schema puts them */
	fact_is("person.able_to_work", NULL);
	fact_is("person.employment.employer_size", NULL);
	fact_is("insurance.receiving_benefit", NULL);
	answer_is("person.able_to_work", "是", "true");
	answer_is("person.registered_unemployed_from", "2017-09-01", "2017-09-01");
	answer_is("person.employment.employer_size", "Micro-sized", "micro");
	answer_is("person.employment.hired_on", "2018-01-02", "2018-01-02");
	answer_is("insurance.receiving_benefit", "yes", "true");
	answer_is("insurance.benefit_until", "2018-06-30", "2018-06-30");
	fact_is("insurance.unemployment_months", "41");
	ck_assert(facts_answerable("person.employment.employer_size", hint, sizeof hint));
	ck_assert_str_eq(hint, "micro|small|medium|large");
	/* a registration that would end before it began is refused, naming both dates */
	ck_assert_int_eq(facts_answer(db, pid, "person.registered_unemployed_until", "2017-08-31",
	    &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "2017-09-01"));
	fact_is("person.registered_unemployed_until", NULL);
	/* what the ID number says is not contradicted */
	ck_assert_int_eq(facts_answer(db, pid, "person.sex", "male", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "sex"));
	fact_is("person.sex", "female");
	ck_assert_int_eq(facts_answer(db, "220102199001010000", "person.education", "master", &d),
	    EX_DATAERR);
}
END_TEST

START_TEST(answer_an_enrollment_detail)
{
	struct diag d = DIAG_INIT;

	answer_is("trainings[0].class_hours", "120", "120");
	answer_is("startups[0].operating", "no", "false");
	answer_is("internships[0].host", "吉林省人才中心", "吉林省人才中心");
	answer_is("grassroots[0].assessed_pass", "true", "true");
	/* the stage follows: the active startup leads until it ends */
	struct person p = { 0 };
	ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
	ck_assert_str_eq(p.v[PF_STAGE], "startup");
	person_clear(&p);
	ck_assert_int_eq(facts_answer(db, pid, "trainings[0].status", "active", &d), 0);
	ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
	ck_assert_str_eq(p.v[PF_STAGE], "training");
	person_clear(&p);
}
END_TEST

START_TEST(answer_a_certificate)
{
	answer_is("certificates[0].level", "3", "3");
	answer_is("certificates[0].issued_on", "2018-01-05", "2018-01-05");
	answer_is("certificates[0].occupation", "焊工", "焊工");
}
END_TEST

START_TEST(bad_value_refused_with_nothing_written)
{
	static const struct {
		const char *path, *value, *said, *label;
	} bad[] = {
		{ "person.education", "phd", "bachelor", "education" },
		{ "person.hukou_type", "farm", "rural|urban", "hukou type" },
		{ "household.low_income", "perhaps", "true or false", "low-income family" },
		{ "insurance.unemployment_months", "1201", "0 to 1200", "unemployment insurance months" },
		{ "person.graduation_date", "2017-02-30", "YYYY-MM-DD", "graduation date" },
		{ "person.education", "", "bachelor", "education" },
		{ "trainings[0].class_hours", "-5", "0 to 10000", "class hours" },
		{ "trainings[0].kind", "cooking", "employment_skills", "training kind" },
		{ "trainings[0].start", "yesterday", "YYYY-MM-DD", "start date" },
		{ "startups[0].operating", "perhaps", "true or false", "operating normally" },
		{ "grassroots[0].program", "abroad", "xuandiao|sanzhi_yifu|xibu|tegang|public_service", "programme" },
		{ "certificates[0].level", "6", "1 to 5", "certificate level" },
		{ "certificates[0].level", "", "", "certificate level" },
		{ "trainings[1].class_hours", "10", "no such item", "class hours" },
		{ "certificates[3].level", "2", "no such item", "certificate level" },
	};
	struct diag d = DIAG_INIT;
	int before = audit_rows();

	ck_assert_int_gt(before, 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		diag_clear(&d);
		ck_assert_msg(facts_answer(db, pid, bad[i].path, bad[i].value, &d) == EX_DATAERR,
		    "%s = '%s' was taken", bad[i].path, bad[i].value);
		/* named by the fact's label, never its path */
		ck_assert_msg(strncmp(d.msg, bad[i].label, strlen(bad[i].label)) == 0 &&
		    strstr(d.msg, bad[i].said) != NULL && strstr(d.msg, bad[i].path) == NULL,
		    "%s: %s", bad[i].path, d.msg);
	}
	ck_assert_int_eq(audit_rows(), before);
	fact_is("person.education", NULL);
	fact_is("person.hukou_type", "rural");
	fact_is("trainings.0.class_hours", NULL);
	fact_is("trainings.0.kind", "employment_skills");
	fact_is("certificates.0.level", "4");
}
END_TEST

START_TEST(unknown_path_refused)
{
	static const char *const paths[] = { "person.colour", "person.phone", "person.stage",
	    "person.counselor", "person.employment_status", "person", "education", "grants[0].policy",
	    "trainings[0].colour", "trainings.class_hours", "trainings[x].kind", "trainings[].kind",
	    "trainings[0]", "jobs[0].status", "trainings[0].class_hours.x", "" };
	struct diag d = DIAG_INIT;
	char hint[64];
	int before = audit_rows();

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		ck_assert_msg(!facts_answerable(paths[i], hint, sizeof hint), "%s", paths[i]);
		ck_assert_int_eq(facts_answer(db, pid, paths[i], "1", &d), EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(d.msg, "not a fact jobdesk keeps"));
	}
	ck_assert_int_eq(audit_rows(), before);
}
END_TEST

/* Whether a '|'-separated list holds exactly the schema's values of an enum fact. */
static bool
same_values(const char *list, const struct factschema_fact *sf)
{
	size_t n = 0;

	for (const char *p = list; *p; ) {
		size_t len = strcspn(p, "|");
		char v[64];
		snprintf(v, sizeof v, "%.*s", (int)len, p);
		if (factschema_enum_find(sf, v) == NULL)
			return false;
		n++;
		p += len + (p[len] == '|');
	}
	return n == sf->nvalues;
}

/* Whether facts_check takes a value for a path. */
static bool
takes(const char *path, const char *value)
{
	struct diag d = DIAG_INIT;

	return facts_check(path, value, &d) == 0;
}

START_TEST(fields_agree_with_the_facts_schema)
{
	struct factschema *s = NULL;
	struct diag d = DIAG_INIT;
	char path[128], hint[512], v[32];
	size_t person_facts = 0;

	ck_assert_msg(factschema_load(TEST_SOURCE_DIR "/policies/facts-schema.yaml", &s, &d) == 0,
	    "%s", d.msg);
	for (size_t i = 0; i < factschema_count(s); i++) {
		const struct factschema_fact *sf = factschema_at(s, i);
		if (sf->type == FT_LIST || sf->type == FT_MAP || strncmp(sf->path, "grants", 6) == 0)
			continue;
		if (sf->list != NULL)
			snprintf(path, sizeof path, "%s[0].%s", sf->list->path, sf->name);
		else
			snprintf(path, sizeof path, "%s", sf->path), person_facts++;
		ck_assert_msg(facts_answerable(path, hint, sizeof hint), "%s is in the schema, not in "
		    "core", path);
		switch (sf->type) {
		case FT_ENUM:
			ck_assert_msg(same_values(hint, sf), "%s: core allows %s", path, hint);
			for (size_t j = 0; j < sf->nvalues; j++)
				ck_assert_msg(takes(path, sf->values[j].value), "%s", path);
			ck_assert(!takes(path, "no_such_value"));
			break;
		case FT_BOOL:
			ck_assert_str_eq(hint, "yes|no");
			ck_assert(takes(path, "true") && takes(path, "false") && !takes(path, "maybe"));
			break;
		case FT_INT:
			ck_assert_msg(sf->has_min && sf->has_max, "%s", path);
			snprintf(v, sizeof v, "%lld", (long long)sf->min);
			ck_assert_msg(takes(path, v), "%s = %s", path, v);
			snprintf(v, sizeof v, "%lld", (long long)sf->max);
			ck_assert_msg(takes(path, v), "%s = %s", path, v);
			snprintf(v, sizeof v, "%lld", (long long)sf->min - 1);
			ck_assert_msg(!takes(path, v), "%s = %s", path, v);
			snprintf(v, sizeof v, "%lld", (long long)sf->max + 1);
			ck_assert_msg(!takes(path, v), "%s = %s", path, v);
			ck_assert_str_eq(hint, "");
			break;
		case FT_DATE:
			ck_assert(takes(path, "2017-07-01") && !takes(path, "2017-13-01"));
			break;
		default:
			ck_assert_msg(hint[0] == '\0', "%s: a string fact with values %s", path, hint);
			break;
		}
	}
	/* and core keeps no fact the schema lacks: every list item fact is there, and every person
	 * field but the five the facts file leaves out (case id, phone, counselor, stage, follow-up) */
	for (size_t i = 0; i < progress_nfacts; i++) {
		snprintf(path, sizeof path, "%s.%s", progress_facts[i].list, progress_facts[i].name);
		ck_assert_msg(factschema_find(s, path) != NULL, "%s is in core, not in the schema", path);
	}
	ck_assert_int_eq(person_facts, PERSON_NFIELDS - 5);
	factschema_free(s);
}
END_TEST

/* The key of the first row a query of the person (?1) gives. Caller frees. */
static char *
row_of(const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, pid);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	char *key = strdup(db_col_text(st, 0));
	db_finalize(st);
	return key;
}

/* Whether the database takes a value (an integer when num) in a column of a row. */
static bool
db_takes(const char *table, const char *column, const char *key, const char *value, bool num)
{
	char sql[128];

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE id = ?2", table, column);
	struct db_stmt *st = db_prepare(db, sql);
	if (num)
		db_bind_int(st, 1, strtol(value, NULL, 10));
	else
		db_bind_text(st, 1, value);
	db_bind_text(st, 2, key);
	int rc = db_step(st, "test", NULL);
	db_finalize(st);
	return rc == DB_DONE;
}

/* Whether the database takes every value of a '|'-separated list in a column, and refuses one
 * that is not in it. */
static void
db_takes_all(const char *table, const char *column, const char *key, const char *allowed)
{
	for (const char *p = allowed; *p; ) {
		size_t len = strcspn(p, "|");
		char v[64];
		snprintf(v, sizeof v, "%.*s", (int)len, p);
		ck_assert_msg(db_takes(table, column, key, v, false), "%s.%s = %s refused", table,
		    column, v);
		p += len + (p[len] == '|');
	}
	ck_assert_msg(!db_takes(table, column, key, "no_such_value", false), "%s.%s", table, column);
}

START_TEST(database_agrees_with_the_fields)
{
	char *keys[] = { strdup(pid), row_of("SELECT household_id FROM person WHERE id = ?1"),
	    row_of("SELECT id FROM enrollment WHERE person_id = ?1 AND kind = 'training'"),
	    row_of("SELECT id FROM certificate WHERE person_id = ?1"),
	    row_of("SELECT id FROM insurance WHERE person_id = ?1") };

	/* what core allows the migration's CHECK constraints allow, and no more */
	for (int f = 0; f < PERSON_NFIELDS; f++) {
		const struct person_field *pf = &person_fields[f];
		const char *table = pf->table == PT_PERSON ? "person" : pf->table == PT_HOUSEHOLD ?
		    "household" : "insurance";
		const char *key = keys[pf->table == PT_PERSON ? 0 : pf->table == PT_HOUSEHOLD ? 1 : 4];
		if (pf->kind == PK_DATE)
			ck_assert_msg(db_takes(table, pf->name, key, "2017-07-01", false) &&
			    !db_takes(table, pf->name, key, "2017-13-01", false) &&
			    !db_takes(table, pf->name, key, "2017-7-1", false), "%s", pf->name);
		if (pf->kind == PK_ENUM)
			db_takes_all(table, pf->name, key, pf->allowed);
		else if (pf->kind == PK_FLAG)
			ck_assert_msg(db_takes(table, pf->name, key, "1", true) &&
			    db_takes(table, pf->name, key, "0", true) &&
			    !db_takes(table, pf->name, key, "2", true), "%s", pf->name);
	}
	for (int f = 0; f < PROGRESS_NFIELDS; f++) {
		const struct progress_field *g = &progress_fields[f];
		const char *table = g->table == PGT_ENROLLMENT ? "enrollment" : "certificate";
		const char *key = keys[g->table == PGT_ENROLLMENT ? 2 : 3];
		char lo[16], hi[16];
		snprintf(lo, sizeof lo, "%d", g->lo - 1);
		snprintf(hi, sizeof hi, "%d", g->hi + 1);
		if (g->kind == PGK_ENUM) {
			db_takes_all(table, g->name, key, g->allowed);
		} else if (g->kind == PGK_INT || g->kind == PGK_FLAG) {
			ck_assert_msg(!db_takes(table, g->name, key, lo, true), "%s = %s", g->name, lo);
			ck_assert_msg(!db_takes(table, g->name, key, hi, true), "%s = %s", g->name, hi);
			snprintf(lo, sizeof lo, "%d", g->lo);
			snprintf(hi, sizeof hi, "%d", g->hi);
			ck_assert_msg(db_takes(table, g->name, key, lo, true), "%s = %s", g->name, lo);
			ck_assert_msg(db_takes(table, g->name, key, hi, true), "%s = %s", g->name, hi);
		} else if (g->kind == PGK_DATE) {
			ck_assert_msg(db_takes(table, g->name, key, "2017-07-01", false) &&
			    !db_takes(table, g->name, key, "2017-13-01", false), "%s", g->name);
		}
	}
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		free(keys[i]);
}
END_TEST

/* Switch this test's process (each test forks) to Chinese as main() does; false without zh_CN. */
static bool
chinese(void)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", "zh_CN.UTF-8", 1);
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no zh_CN.UTF-8 locale (./dev test makes it)");
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	return i18n_zh();
}

/* Whether text has a run of two ASCII letters (an English word or an internal code). */
static bool
has_latin_word(const char *text)
{
	for (const char *p = text; p[0] && p[1]; p++)
		if (((p[0] | 32) >= 'a' && (p[0] | 32) <= 'z') && ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z'))
			return true;
	return false;
}

START_TEST(fact_paths_in_words)
{
	char *w;

	/* a person's fact: its label; an item's fact: the label and the item, never the path */
	ck_assert_str_eq(w = facts_path_words(db, pid, "person.education", NULL), "education");
	free(w);
	ck_assert_str_eq(w = facts_path_words(db, pid, "internships[0].end", NULL),
	    "end date of the internship from 2016-03-01, 长春市见习基地");
	free(w);
	/* without the database, or for an item the person does not have: the label alone */
	ck_assert_str_eq(w = facts_path_words(NULL, NULL, "trainings[0].class_hours", NULL),
	    "class hours");
	free(w);
	ck_assert_str_eq(w = facts_path_words(db, pid, "trainings[5].class_hours", NULL),
	    "class hours");
	free(w);
	/* a fact jobdesk does not keep: the schema's words given, else the path */
	ck_assert_str_eq(w = facts_path_words(db, pid, "grants", "benefits already granted"),
	    "benefits already granted");
	free(w);
	ck_assert_str_eq(w = facts_path_words(db, pid, "grants", NULL), "grants");
	free(w);
}
END_TEST

START_TEST(messages_in_chinese_name_no_code)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256], *w;

	ck_assert(chinese());
	ck_assert_str_eq(w = facts_path_words(db, pid, "internships[0].end", NULL),
	    "见习（2016-03-01起，长春市见习基地）的结束日期");
	free(w);
	ck_assert_str_eq(w = facts_path_words(db, pid, "household.low_income", NULL), "低保家庭");
	free(w);
	/* an enumeration's values by their labels */
	ck_assert_int_eq(person_set(&p, PF_HUKOU_TYPE, "农场", why, sizeof why), -1);
	ck_assert_msg(strstr(why, "农业户口、非农业户口") != NULL && !has_latin_word(why), "%s", why);
	/* a wrong answer to a fact: named by its label, in Chinese */
	ck_assert_int_eq(facts_answer(db, pid, "trainings[0].class_hours", "-5", &d), EX_DATAERR);
	ck_assert_msg(strncmp(d.msg, "学时", strlen("学时")) == 0 && !has_latin_word(d.msg), "%s",
	    d.msg);
	ck_assert_int_eq(facts_answer(db, pid, "household.low_income", "也许", &d), EX_DATAERR);
	ck_assert_msg(strncmp(d.msg, "低保家庭", strlen("低保家庭")) == 0 && !has_latin_word(d.msg),
	    "%s", d.msg);
	/* the birth date disagreeing with the ID number */
	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_BIRTH_DATE, "1995-03-08", why, sizeof why);
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), -1);
	ck_assert_msg(strstr(why, "出生日期") != NULL && !has_latin_word(why), "%s", why);
	person_clear(&p);
}
END_TEST

/* The suite. */
static Suite *
facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("facts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, facts_of_a_person);
	tcase_add_test(tc, given_facts_read_as_the_tree);
	tcase_add_test(tc, every_person_merged_with_its_rows);
	tcase_add_test(tc, a_batch_holds_each_persons_own_facts);
	tcase_add_test(tc, two_batches_held_at_once_keep_their_own_persons);
	tcase_add_test(tc, answer_a_person_field);
	tcase_add_test(tc, answer_an_enrollment_detail);
	tcase_add_test(tc, answer_a_certificate);
	tcase_add_test(tc, bad_value_refused_with_nothing_written);
	tcase_add_test(tc, unknown_path_refused);
	tcase_add_test(tc, fields_agree_with_the_facts_schema);
	tcase_add_test(tc, database_agrees_with_the_fields);
	tcase_add_test(tc, fact_paths_in_words);
	tcase_add_test(tc, messages_in_chinese_name_no_code);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(facts_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
