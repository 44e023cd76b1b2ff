/* Check tests for core/person: field checks, ID-derived facts, duplicates, listing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/person.h"
#include "util/date.h"
#include "util/idnum.h"
#include "testdb.h"

static struct db *db;

/* A fresh database for each test. */
static void
setup(void)
{
	db = testdb_open("person", "tester");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* A person with a name and ID number set. */
static void
make(struct person *p, const char *name, const char *idnum)
{
	char why[256];

	memset(p, 0, sizeof *p);
	ck_assert_int_eq(person_set(p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
}

START_TEST(fields_are_checked)
{
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_HUKOU_TYPE, "farm", why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "rural|urban"));
	ck_assert_int_eq(person_set(&p, PF_DISABLED, "是", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_DISABLED], "1");
	ck_assert_int_eq(person_set(&p, PF_DISABLED, "maybe", why, sizeof why), -1);
	ck_assert_int_eq(person_set(&p, PF_GRADUATION_DATE, "2017-02-30", why, sizeof why), -1);
	ck_assert_int_eq(person_set(&p, PF_UNEMPLOYMENT_MONTHS, "-1", why, sizeof why), -1);
	ck_assert_int_eq(person_set(&p, PF_UNEMPLOYMENT_MONTHS, "036", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_UNEMPLOYMENT_MONTHS], "36");
	ck_assert_int_eq(person_set(&p, PF_HUKOU_PROVINCE, "99", why, sizeof why), -1);
	ck_assert_int_eq(person_set(&p, PF_PHONE, "+8613912345678", why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_PHONE], "13912345678");
	ck_assert_int_eq(person_set(&p, PF_ID, "x", why, sizeof why), -1);
	ck_assert_int_eq(person_field_find("hukou-type"), PF_HUKOU_TYPE);
	ck_assert_int_eq(person_field_find("nonsense"), -1);
	person_clear(&p);
}
END_TEST

/* An import's cells are checked into the row's own buffer as person_set checks them: the same
 * normal forms and refusals, values pointing into the buffer, nothing allocated. */
START_TEST(cells_checked_in_place)
{
	struct person p = { 0 };
	char buf[PERSON_NFIELDS * 256], *at = buf, why[256], longv[300];
	const char *end = buf + sizeof buf;
	int today = date_today();

	ck_assert_int_eq(person_set_cell(&p, PF_NAME, "Li Na", today, &at, end, why, sizeof why), 0);
	ck_assert_ptr_eq(p.v[PF_NAME], buf);
	ck_assert_str_eq(p.v[PF_NAME], "Li Na");
	ck_assert_int_eq(person_set_cell(&p, PF_DISABLED, "true", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_DISABLED], "1");
	ck_assert_int_eq(person_set_cell(&p, PF_REGISTERED_UNEMPLOYED, "TRUE", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_REGISTERED_UNEMPLOYED], "1");
	ck_assert_int_eq(person_set_cell(&p, PF_STUDENT_LOAN, "否", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_STUDENT_LOAN], "0");
	ck_assert_int_eq(person_set_cell(&p, PF_DISABLED, "falsy", today, &at, end, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "'falsy' is not a yes/no value"));
	/* an ASCII value with a space at an end, and a full-width one, as a counselor types them */
	ck_assert_int_eq(person_set_cell(&p, PF_PHONE, "13912345678 ", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_PHONE], "13912345678");
	ck_assert_int_eq(person_set_cell(&p, PF_HUKOU_PROVINCE, "２２", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_HUKOU_PROVINCE], "22");
	ck_assert_int_eq(person_set_cell(&p, PF_UNEMPLOYMENT_MONTHS, "036", today, &at, end, why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_UNEMPLOYMENT_MONTHS], "36");
	/* empty: no value (required for the name and ID number); only spaces: refused */
	ck_assert_int_eq(person_set_cell(&p, PF_PHONE, "", today, &at, end, why, sizeof why), 0);
	ck_assert_ptr_null(p.v[PF_PHONE]);
	ck_assert_int_eq(person_set_cell(&p, PF_ID_NUMBER, "", today, &at, end, why, sizeof why), -1);
	ck_assert_str_eq(why, "is required");
	ck_assert_int_eq(person_set_cell(&p, PF_COUNSELOR, "   ", today, &at, end, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "is only spaces"));
	memset(longv, 'a', sizeof longv - 1);
	longv[sizeof longv - 1] = '\0';
	ck_assert_int_eq(person_set_cell(&p, PF_COUNSELOR, longv, today, &at, end, why, sizeof why), -1);
	ck_assert_str_eq(why, "is too long (299 bytes)");
	/* a date more than eight years ahead of the today given, not the clock's */
	ck_assert_int_eq(person_set_cell(&p, PF_GRADUATION_DATE, "2026-07-01", date_from_ymd(2018, 3, 1),
	    &at, end, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "2026-03-01"));
	ck_assert_int_eq(person_set_cell(&p, PF_GRADUATION_DATE, "2026-02-01", date_from_ymd(2018, 3, 1),
	    &at, end, why, sizeof why), 0);
	/* nothing of p was allocated: every value is in buf */
	for (int f = 0; f < PERSON_NFIELDS; f++)
		ck_assert(p.v[f] == NULL || (p.v[f] >= buf && p.v[f] < end));
}
END_TEST

START_TEST(id_number_fills_in)
{
	struct person p;
	char why[256];

	make(&p, "王丽", "220102199503070028");
	ck_assert_int_eq(person_complete(&p, date_today(), why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_BIRTH_DATE], "1995-03-07");
	ck_assert_str_eq(p.v[PF_SEX], "female");
	ck_assert_ptr_null(p.v[PF_HUKOU_PROVINCE]);  /* where it was issued is not the hukou */
	person_clear(&p);
	make(&p, "王丽", "220102199503070028");
	person_set(&p, PF_SEX, "male", why, sizeof why);
	ck_assert_int_eq(person_complete(&p, date_today(), why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "sex"));
	person_clear(&p);
	make(&p, "王丽", "220102199503070028");
	person_set(&p, PF_BIRTH_DATE, "1995-03-08", why, sizeof why);
	ck_assert_int_eq(person_complete(&p, date_today(), why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "birth date: 1995-03-08 disagrees"));
	person_clear(&p);
}
END_TEST

START_TEST(duplicate_id_refused_naming_the_case)
{
	struct person a, b;
	struct diag d = DIAG_INIT;

	make(&a, "王丽", "220102199503070028");
	ck_assert_int_eq(person_add(db, &a, NULL, &d), 0);
	make(&b, "王莉", "220102199503070028");
	ck_assert_int_eq(person_add(db, &b, NULL, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, a.v[PF_ID]));
	ck_assert_ptr_nonnull(strstr(d.msg, "already registered"));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 1);
	person_clear(&a);
	person_clear(&b);
}
END_TEST

START_TEST(likely_duplicate_warned)
{
	struct person a, b;
	struct diag d = DIAG_INIT;
	struct sbuf warn = SBUF_INIT;
	char other[19] = "22010219950307004";

	make(&a, "王丽", "220102199503070028");
	ck_assert_int_eq(person_add(db, &a, &warn, &d), 0);
	ck_assert_uint_eq(warn.len, 0);
	other[17] = idnum_check_char(other);
	make(&b, "王丽", other);
	ck_assert_int_eq(person_add(db, &b, &warn, &d), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), "likely duplicate"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), a.v[PF_ID]));
	sbuf_free(&warn);
	person_clear(&a);
	person_clear(&b);
}
END_TEST

START_TEST(load_by_id_or_number)
{
	struct person a, b = { 0 };
	struct diag d = DIAG_INIT;

	make(&a, "王丽华", "11010519491231002X");
	person_set(&a, PF_UNEMPLOYMENT_MONTHS, "12", (char[64]){0}, 64);
	ck_assert_int_eq(person_add(db, &a, NULL, &d), 0);
	ck_assert_int_eq(person_load(db, "11010519491231002x", &b, &d), 0);
	ck_assert_str_eq(b.v[PF_ID], a.v[PF_ID]);
	ck_assert_str_eq(b.v[PF_UNEMPLOYMENT_MONTHS], "12");
	person_clear(&b);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &b, &d), 0);
	ck_assert_str_eq(b.v[PF_NAME], "王丽华");
	ck_assert_int_eq(person_load(db, "nobody", &b, &d), EX_DATAERR);
	person_clear(&a);
	person_clear(&b);
}
END_TEST

START_TEST(a_change_made_since_opening_is_not_lost)
{
	struct person a, b = { 0 }, c = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	make(&a, "王丽", "220102199503070028");
	ck_assert_int_eq(person_add(db, &a, NULL, &d), 0);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &b, &d), 0);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &c, &d), 0);
	ck_assert_int_gt(b.updated_at, 0);   /* unix milliseconds (schema step 17) */
	usleep(2000);  /* updated_at has milliseconds */
	person_set(&b, PF_PHONE, "13912345678", why, sizeof why);
	ck_assert_msg(person_update(db, &b, &d) == 0, "%s", d.msg);
	person_set(&c, PF_EDUCATION, "bachelor", why, sizeof why);
	ck_assert_int_eq(person_update(db, &c, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "changed by someone else"));
	person_clear(&c);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &c, &d), 0);
	ck_assert_str_eq(c.v[PF_PHONE], "13912345678");
	ck_assert_ptr_null(c.v[PF_EDUCATION]);
	person_clear(&a);
	person_clear(&b);
	person_clear(&c);
}
END_TEST

/* The facts of schema step 4: written and read back as given, unknown stays NULL (in the row
 * and in the insurance row), a registration that ends before it began is refused, and every
 * change is audited with its value before and after. */
START_TEST(status_facts_round_trip)
{
	struct person a, b = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	/* unknown until asked: nothing set, nothing stored, an insurance row holds NULLs */
	make(&a, "张伟", "220104198805120033");
	person_set(&a, PF_UNEMPLOYMENT_MONTHS, "12", why, sizeof why);
	ck_assert_int_eq(person_add(db, &a, NULL, &d), 0);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &b, &d), 0);
	for (int f = PF_ABLE_TO_WORK; f <= PF_BENEFIT_UNTIL; f++)
		ck_assert_msg(b.v[f] == NULL, "%s", person_fields[f].name);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE able_to_work IS NULL AND "
	    "registered_unemployed_from IS NULL AND registered_unemployed_until IS NULL AND "
	    "employer_size IS NULL AND hired_on IS NULL", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM insurance WHERE unemployment_months = 12 "
	    "AND receiving_benefit IS NULL AND benefit_until IS NULL", NULL), 1);
	person_clear(&a);

	/* the kinds: a flag by its label, a date typed full-width, an enumeration by its label */
	ck_assert_int_eq(person_set(&b, PF_ABLE_TO_WORK, "否", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_REGISTERED_UNEMPLOYED_FROM, "２０１７－０９－０１", why,
	    sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_REGISTERED_UNEMPLOYED_UNTIL, "2017-09-31", why,
	    sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "YYYY-MM-DD"));
	ck_assert_int_eq(person_set(&b, PF_REGISTERED_UNEMPLOYED_UNTIL, "2018-01-31", why,
	    sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_EMPLOYER_SIZE, "huge", why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "micro|small|medium|large"));
	ck_assert_int_eq(person_set(&b, PF_EMPLOYER_SIZE, "large", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_HIRED_ON, "2018-02-01", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_RECEIVING_BENEFIT, "yes", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&b, PF_BENEFIT_UNTIL, "2018-07-31", why, sizeof why), 0);
	ck_assert_msg(person_update(db, &b, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(person_load(db, b.v[PF_ID], &a, &d), 0);
	ck_assert_str_eq(a.v[PF_ABLE_TO_WORK], "0");
	ck_assert_str_eq(a.v[PF_REGISTERED_UNEMPLOYED_FROM], "2017-09-01");
	ck_assert_str_eq(a.v[PF_REGISTERED_UNEMPLOYED_UNTIL], "2018-01-31");
	ck_assert_str_eq(a.v[PF_EMPLOYER_SIZE], "large");
	ck_assert_str_eq(a.v[PF_HIRED_ON], "2018-02-01");
	ck_assert_str_eq(a.v[PF_RECEIVING_BENEFIT], "1");
	ck_assert_str_eq(a.v[PF_BENEFIT_UNTIL], "2018-07-31");
	ck_assert_str_eq(a.v[PF_UNEMPLOYMENT_MONTHS], "12");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person' AND "
	    "op = 'update' AND json_extract(after, '$.able_to_work') = 0 AND "
	    "json_extract(after, '$.employer_size') = 'large' AND "
	    "json_extract(after, '$.registered_unemployed_until') = '2018-01-31' AND "
	    "json_type(before, '$.employer_size') = 'null'", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'insurance' AND "
	    "op = 'update' AND json_extract(after, '$.receiving_benefit') = 1 AND "
	    "json_extract(after, '$.benefit_until') = '2018-07-31'", NULL), 1);

	/* the registration ends on or after the day it began: the day before is refused whole */
	person_clear(&b);
	ck_assert_int_eq(person_load(db, a.v[PF_ID], &b, &d), 0);
	person_set(&b, PF_REGISTERED_UNEMPLOYED_UNTIL, "2017-08-31", why, sizeof why);
	person_set(&b, PF_EMPLOYER_SIZE, "small", why, sizeof why);
	ck_assert_int_eq(person_update(db, &b, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "registered until: 2017-08-31 is before registered from "
	    "(2017-09-01)"));
	person_set(&b, PF_REGISTERED_UNEMPLOYED_UNTIL, "2017-09-01", why, sizeof why);
	ck_assert_msg(person_update(db, &b, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE employer_size = 'small' "
	    "AND registered_unemployed_until = '2017-09-01'", NULL), 1);

	/* made unknown again: NULL in the row, null in the audit */
	person_clear(&a);
	ck_assert_int_eq(person_load(db, b.v[PF_ID], &a, &d), 0);
	person_set(&a, PF_HIRED_ON, "", why, sizeof why);
	person_set(&a, PF_BENEFIT_UNTIL, "", why, sizeof why);
	ck_assert_msg(person_update(db, &a, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person p JOIN insurance i ON "
	    "i.person_id = p.id WHERE p.hired_on IS NULL AND i.benefit_until IS NULL", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person' AND "
	    "json_extract(before, '$.hired_on') = '2018-02-01' AND "
	    "json_type(after, '$.hired_on') = 'null'", NULL), 1);
	person_clear(&a);
	person_clear(&b);
}
END_TEST

START_TEST(list_filters_in_name_order)
{
	static const struct { const char *name, *idnum, *counselor, *stage; } add[] = {
		{ "王丽", "220102199503070028", "li", NULL },
		{ "张伟", "220104198805120033", "li", "training" },
		{ "李娜", "220203197001010116", "wang", "training" },
	};
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	for (size_t i = 0; i < sizeof add / sizeof *add; i++) {
		make(&p, add[i].name, add[i].idnum);
		ck_assert_int_eq(person_set(&p, PF_COUNSELOR, add[i].counselor, why, sizeof why), 0);
		if (add[i].stage != NULL)
			ck_assert_int_eq(person_set(&p, PF_STAGE, add[i].stage, why, sizeof why), 0);
		ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
		person_clear(&p);
	}
	/* every person, by the pinyin of the name (li na, wang li, zhang wei; not UTF-8 order),
	 * then each filter and both */
	static const struct { const char *counselor, *stage, *names; } want[] = {
		{ NULL, NULL, "李娜 王丽 张伟 " },
		{ "li", NULL, "王丽 张伟 " },
		{ NULL, "training", "李娜 张伟 " },
		{ "li", "registered", "王丽 " },
		{ "nobody", NULL, "" },
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		struct person_list *l = person_list_new(db, want[i].counselor, want[i].stage);
		struct sbuf names = SBUF_INIT;
		int ret;
		while ((ret = person_list_next(l, &p, &d)) == DB_ROW) {
			ck_assert_ptr_nonnull(p.v[PF_ID]);
			sbuf_addf(&names, "%s ", p.v[PF_NAME]);
		}
		ck_assert_int_eq(ret, DB_DONE);
		ck_assert_str_eq(sbuf_str(&names), want[i].names);
		sbuf_free(&names);
		person_list_free(l);
	}
	person_clear(&p);
	person_list_free(NULL);
}
END_TEST

/* The suite. */
static Suite *
person_suite(void)
{
	Suite *s = suite_create("person");
	TCase *tc = tcase_create("person");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fields_are_checked);
	tcase_add_test(tc, id_number_fills_in);
	tcase_add_test(tc, duplicate_id_refused_naming_the_case);
	tcase_add_test(tc, likely_duplicate_warned);
	tcase_add_test(tc, load_by_id_or_number);
	tcase_add_test(tc, a_change_made_since_opening_is_not_lost);
	tcase_add_test(tc, list_filters_in_name_order);
	tcase_add_test(tc, status_facts_round_trip);
	tcase_add_test(tc, cells_checked_in_place);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(person_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
