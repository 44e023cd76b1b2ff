/* Check tests for core/demo: a deterministic, valid and varied synthetic caseload. */
#include <check.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/demo.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/search.h"
#include "util/date.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "testdb.h"

/* The shared 2,000-person caseload, made once for the caseload tests. */
static char big_path[80];

/* A database path for this process and a tag. */
static void
test_path(char *out, size_t len, const char *tag)
{
	snprintf(out, len, "/tmp/jobdesk-test-demo-%d-%s.db", (int)getpid(), tag);
}

/* Open (creating) a database; the test fails when it cannot. */
static struct db *
test_open(const char *path)
{
	struct diag d = DIAG_INIT;
	struct db *db = NULL;

	ck_assert_msg(dbopen_open(path, "tester", true, &d, &db) == 0, "%s", d.msg);
	return db;
}

/* Make a fresh caseload into path; returns the stats. */
static struct demo_stats
test_demo(const char *path, uint64_t seed, long persons)
{
	struct demo_opts o = { .seed = seed, .persons = persons, .batch = 700 };
	struct demo_stats st;
	struct diag d = DIAG_INIT;

	testdb_remove(path);
	struct db *db = test_open(path);
	ck_assert_msg(demo_run(db, &o, &st, &d) == 0, "%s", d.msg);
	db_close(db);
	return st;
}

/* Append every row of a query, columns separated by '|', rows by newlines. */
static void
test_dump(struct db *db, const char *sql, struct sbuf *out)
{
	struct db_stmt *st = db_prepare(db, sql);

	while (db_step(st, "test", NULL) == DB_ROW) {
		for (int i = 0; i < db_col_count(st); i++) {
			const char *v = db_col_text(st, i);
			sbuf_add(out, v != NULL ? v : "\\N");
			sbuf_addc(out, '|');
		}
		sbuf_addc(out, '\n');
	}
	db_finalize(st);
}

/* A hash (hex) of the whole caseload without keys and timestamps, in a stable order. */
static void
test_fingerprint(const char *path, char hex[65])
{
	struct db *db = test_open(path);
	struct sbuf all = SBUF_INIT;
	unsigned char h[32];

	test_dump(db, "SELECT p.id_number, p.name, p.sex, p.birth_date, p.phone, p.hukou_province, "
	    "p.hukou_type, p.education, p.graduation_date, p.continuing_study, p.disabled, "
	    "p.student_loan, p.veteran, p.registered_unemployed, p.employment_difficulty, "
	    "p.overcapacity_worker, p.rural_transfer_worker, p.returnee_entrepreneur, p.job_seeking, "
	    "p.employment_status, p.employer_kind, p.counselor, p.stage, p.next_followup, "
	    "h.low_income, h.poor_disabled, h.registered_poor, h.extremely_poor, h.zero_employment, "
	    "i.unemployment_months, i.social_insurance, p.able_to_work, p.registered_unemployed_from, "
	    "p.registered_unemployed_until, p.employer_size, p.hired_on, i.receiving_benefit, "
	    "i.benefit_until FROM person p "
	    "LEFT JOIN household h ON h.id = p.household_id LEFT JOIN insurance i ON i.person_id = p.id "
	    "ORDER BY p.id_number", &all);
	test_dump(db, "SELECT p.id_number, e.kind, e.unit_name, e.start_date, e.end_date, e.status, "
	    "e.training_kind, e.class_hours, e.startup_kind, e.first_time, e.license_date, "
	    "e.operating, e.social_insurance, e.program, e.assessed_pass, e.employer_kind "
	    "FROM enrollment e JOIN person p ON p.id = e.person_id ORDER BY 1, 2, 3, 4, 5, 6", &all);
	test_dump(db, "SELECT p.id_number, c.level, c.issued_on, c.occupation, e.kind "
	    "FROM certificate c JOIN person p ON p.id = c.person_id "
	    "LEFT JOIN enrollment e ON e.id = c.enrollment_id ORDER BY 1, 2, 3, 4", &all);
	test_dump(db, "SELECT p.id_number, n.body, n.followup_date FROM note n "
	    "JOIN person p ON p.id = n.person_id ORDER BY 1, 2, 3", &all);
	db_close(db);
	crypto_generichash(h, sizeof h, (const unsigned char *)sbuf_str(&all), all.len, NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
	sbuf_free(&all);
}

/* Attach a database file: sql is "ATTACH ?1 AS name", the file name is bound. */
static void
test_attach(struct db *db, const char *sql, const char *file)
{
	struct db_stmt *st = db_prepare(db, sql);
	struct diag d = DIAG_INIT;

	db_bind_text(st, 1, file);
	ck_assert_msg(db_run(st, "attaching", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

/* Today as text. */
static const char *
test_today(void)
{
	static char buf[11];

	return date_format(date_today(), buf);
}

/* Make the shared caseload once. */
static void
big_setup(void)
{
	test_path(big_path, sizeof big_path, "big");
	test_demo(big_path, 1, 2000);
}

/* Remove the shared caseload. */
static void
big_teardown(void)
{
	testdb_remove(big_path);
}

START_TEST(same_seed_same_caseload)
{
	char a[80], b[80], ha[65], hb[65];

	test_path(a, sizeof a, "a");
	test_path(b, sizeof b, "b");
	struct demo_stats sa = test_demo(a, 42, 300);
	struct demo_stats sb = test_demo(b, 42, 300);
	test_fingerprint(a, ha);
	test_fingerprint(b, hb);
	ck_assert_str_eq(ha, hb);
	ck_assert_int_eq(sa.persons, 300);
	ck_assert_int_eq(sa.enrollments, sb.enrollments);
	ck_assert_int_eq(sa.certificates, sb.certificates);
	ck_assert_int_eq(sa.notes, sb.notes);
	testdb_remove(a);
	testdb_remove(b);
}
END_TEST

START_TEST(different_seed_different_caseload)
{
	char a[80], b[80], ha[65], hb[65];

	test_path(a, sizeof a, "c");
	test_path(b, sizeof b, "d");
	test_demo(a, 42, 300);
	test_demo(b, 43, 300);
	test_fingerprint(a, ha);
	test_fingerprint(b, hb);
	ck_assert_str_ne(ha, hb);
	/* Not merely reordered: hardly any ID number is in both. */
	struct db *db = test_open(a);
	test_attach(db, "ATTACH ?1 AS other", b);
	ck_assert_int_lt(testdb_int(db, "SELECT count(*) FROM person WHERE id_number IN "
	    "(SELECT id_number FROM other.person)", NULL), 10);
	ck_assert_int_lt(testdb_int(db, "SELECT count(*) FROM person p WHERE EXISTS (SELECT 1 FROM "
	    "other.person q WHERE q.name = p.name AND q.birth_date = p.birth_date)", NULL), 10);
	db_close(db);
	testdb_remove(a);
	testdb_remove(b);
}
END_TEST

START_TEST(larger_caseload_starts_with_smaller)
{
	char a[80], b[80];

	test_path(a, sizeof a, "e");
	test_path(b, sizeof b, "f");
	test_demo(a, 9, 100);
	test_demo(b, 9, 250);
	struct db *db = test_open(b);
	test_attach(db, "ATTACH ?1 AS small", a);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM small.person s JOIN person p "
	    "ON p.id_number = s.id_number AND p.name = s.name AND p.stage = s.stage", NULL), 100);
	db_close(db);
	testdb_remove(a);
	testdb_remove(b);
}
END_TEST

/* Compare two 64-bit numbers for qsort. */
static int
test_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

START_TEST(id_numbers_unique_and_valid_up_to_the_maximum)
{
	long n = demo_max_persons, jilin = 0, male = 0, bad = 0, twice = 0;
	uint64_t *tail = malloc((size_t)n * sizeof *tail);
	int today = date_today();
	char id[19], why[256] = "", first_bad[19] = "";
	struct idnum parsed;

	/* Assertions are counted, not made, in the loops: each ck_assert is a message to the
	 * runner, and there are ten million numbers. */
	ck_assert_ptr_nonnull(tail);
	for (long i = 0; i < n; i++) {
		char digits[12];
		demo_person_id(7, i, today, id);
		/* Birth date and sequence: unique by themselves, so the whole number is too. */
		memcpy(digits, id + 6, 11);
		digits[11] = '\0';
		tail[i] = strtoull(digits, NULL, 10);
		if (i % 10 != 0)
			continue;
		if (idnum_parse(id, today, &parsed, why, sizeof why) != 0 ||
		    date_years_between(parsed.birth, today) < 16 ||
		    date_years_between(parsed.birth, today) > 60) {
			if (bad++ == 0)
				memcpy(first_bad, id, sizeof first_bad);
			continue;
		}
		jilin += strcmp(parsed.province, "22") == 0;
		male += parsed.male;
	}
	ck_assert_msg(bad == 0, "%ld bad ID numbers, the first %s", bad, first_bad);
	qsort(tail, (size_t)n, sizeof *tail, test_cmp_u64);
	for (long i = 1; i < n; i++)
		twice += tail[i] == tail[i - 1];
	free(tail);
	ck_assert_msg(twice == 0, "%ld birth date and sequence pairs made twice", twice);
	ck_assert_int_gt(jilin, n / 10 * 85 / 100);
	ck_assert_int_lt(jilin, n / 10 * 95 / 100);
	ck_assert_int_gt(male, n / 10 * 45 / 100);
	ck_assert_int_lt(male, n / 10 * 55 / 100);
}
END_TEST

START_TEST(every_person_is_valid)
{
	struct db *db = test_open(big_path);
	struct db_stmt *st = db_prepare(db, "SELECT id_number, birth_date, sex, hukou_province, name "
	    "FROM person");
	int today = date_today(), n = 0, rc;
	struct idnum id;
	char why[256];

	while ((rc = db_step(st, "test", NULL)) == DB_ROW) {
		const char *num = db_col_text(st, 0);
		ck_assert_msg(idnum_parse(num, today, &id, why, sizeof why) == 0, "%s: %s", num, why);
		ck_assert_str_eq(id.birth_text, db_col_text(st, 1));
		ck_assert_str_eq(id.male ? "male" : "female", db_col_text(st, 2));
		ck_assert_str_eq(id.province, db_col_text(st, 3));
		int age = date_years_between(id.birth, today);
		ck_assert_msg(age >= 16 && age <= 60, "%s: age %d", num, age);
		ck_assert_int_ge(strlen(db_col_text(st, 4)), 6);  /* two or more Han characters */
		n++;
	}
	ck_assert_int_eq(rc, DB_DONE);
	db_finalize(st);
	ck_assert_int_eq(n, 2000);
	ck_assert_int_eq(testdb_int(db, "SELECT count(DISTINCT id_number) FROM person", NULL), 2000);
	/* Mostly Jilin, mostly with a phone, graduation after birth. */
	long jilin = testdb_int(db, "SELECT count(*) FROM person WHERE hukou_province = '22'", NULL);
	ck_assert_int_gt(jilin, 1700);
	ck_assert_int_lt(jilin, 1900);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE phone IS NOT NULL", NULL),
	    1700);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE graduation_date <= "
	    "date(birth_date, '+11 years')", NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE length(name) = 2", NULL),
	    100);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE length(name) = 3", NULL),
	    1000);
	db_close(db);
}
END_TEST

START_TEST(surnames_follow_real_frequencies)
{
	struct db *db = test_open(big_path);
	struct db_stmt *st = db_prepare(db, "SELECT substr(name, 1, 1) AS s, count(*) FROM person "
	    "GROUP BY s ORDER BY 2 DESC, 1 LIMIT 4");
	struct sbuf top = SBUF_INIT;

	while (db_step(st, "test", NULL) == DB_ROW)
		sbuf_add(&top, db_col_text(st, 0));
	db_finalize(st);
	/* 王 李 张 lead, in some order, then 刘. */
	ck_assert_msg(strstr(sbuf_str(&top), "王") && strstr(sbuf_str(&top), "李") &&
	    strstr(sbuf_str(&top), "张"), "top surnames: %s", sbuf_str(&top));
	ck_assert_int_gt(testdb_int(db, "SELECT count(DISTINCT substr(name, 1, 1)) FROM person",
	    NULL), 60);
	sbuf_free(&top);
	db_close(db);
}
END_TEST

START_TEST(nothing_in_the_future_but_follow_ups)
{
	struct db *db = test_open(big_path);
	const char *t = test_today();

	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE birth_date > ?1 OR "
	    "graduation_date > ?1", t), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM enrollment WHERE start_date > ?1 OR "
	    "end_date > ?1 OR license_date > ?1 OR end_date < start_date", t), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM certificate WHERE issued_on > ?1", t),
	    0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM enrollment WHERE status = 'active' AND "
	    "(start_date IS NULL OR end_date IS NOT NULL)", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM enrollment WHERE status IN "
	    "('completed', 'dropped') AND (start_date IS NULL OR end_date IS NULL)", NULL), 0);
	db_close(db);
}
END_TEST

START_TEST(every_kind_status_and_stage)
{
	static const char *const statuses[] = { "planned", "active", "completed", "dropped" };
	static const char *const stages[] = { "registered", "training", "internship", "startup",
		"grassroots", "employed", "closed" };
	struct db *db = test_open(big_path);

	for (int k = 0; k < 5; k++)
		ck_assert_msg(testdb_int(db, "SELECT count(*) FROM enrollment WHERE kind = ?1",
		    demo_kinds[k]) > 0, "no %s", demo_kinds[k]);
	for (int k = 0; k < 4; k++)
		ck_assert_msg(testdb_int(db, "SELECT count(*) FROM enrollment WHERE status = ?1",
		    statuses[k]) > 0, "no %s enrollment", statuses[k]);
	for (int k = 0; k < 7; k++)
		ck_assert_msg(testdb_int(db, "SELECT count(*) FROM person WHERE stage = ?1",
		    stages[k]) > 0, "nobody at stage %s", stages[k]);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM enrollment WHERE kind = 'training' "
	    "AND class_hours > 0 AND training_kind IS NOT NULL", NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM enrollment WHERE kind = 'internship' "
	    "AND unit_name LIKE '%有限公司'", NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM enrollment WHERE kind = 'startup' "
	    "AND license_date IS NOT NULL AND startup_kind IS NOT NULL", NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM enrollment WHERE kind = 'grassroots' "
	    "AND program IS NOT NULL", NULL), 0);
	for (int level = 2; level <= 5; level++) {
		char l[2] = { (char)('0' + level), '\0' };
		ck_assert_msg(testdb_int(db, "SELECT count(*) FROM certificate WHERE level = ?1 AND "
		    "occupation IS NOT NULL", l) > 0, "no level %d certificate", level);
	}
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM certificate WHERE enrollment_id IS "
	    "NOT NULL", NULL), 0);
	db_close(db);
}
END_TEST

/* Set every person's stage again and find none changed; EX_TEMPFAIL so that it is rolled back. */
static int
restage_all(struct db *wdb, void *arg, struct diag *d)
{
	struct db_stmt *st = db_prepare(wdb, "SELECT id FROM person");

	(void)arg;
	while (db_step(st, "test", NULL) == DB_ROW)
		ck_assert_int_eq(progress_restage(wdb, db_col_text(st, 0), d), 0);
	db_finalize(st);
	ck_assert_int_eq(testdb_int(wdb, "SELECT count(*) FROM person p JOIN temp.was w ON w.id = p.id "
	    "WHERE w.stage <> p.stage", NULL), 0);
	return EX_TEMPFAIL;
}

START_TEST(stage_is_what_restaging_gives)
{
	struct db *db = test_open(big_path);
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(db_exec(db, "CREATE TEMP TABLE was AS SELECT id, stage FROM person", &d),
	    0);
	/* restage_all checks inside the transaction, then asks for it to be rolled back */
	ck_assert_int_eq(db_transaction(db, restage_all, NULL, &d), EX_TEMPFAIL);
	db_close(db);
}
END_TEST

START_TEST(notes_and_follow_ups)
{
	struct db *db = test_open(big_path);
	const char *t = test_today();

	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM note WHERE followup_date < ?1", t), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM note WHERE followup_date = ?1", t), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM note WHERE followup_date > ?1", t), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM note WHERE followup_date IS NULL",
	    NULL), 0);
	/* The person's next follow-up is the earliest open one of their notes. */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person p WHERE next_followup IS NOT "
	    "(SELECT min(followup_date) FROM note n WHERE n.person_id = p.id AND n.done = 0)", NULL),
	    0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE next_followup IS NOT NULL",
	    NULL), 500);
	db_close(db);
}
END_TEST

/* The facts of schema step 4 in a realistic share and consistent: the registered unemployed have
 * an open registration begun by today, a closed one ends the day before the job began, the size
 * and hiring day belong to a job at an enterprise or social organisation, a benefit is received
 * exactly while its period runs, and nearly everyone of working age asked is able to work. */
START_TEST(status_facts_consistent)
{
	struct db *db = test_open(big_path);
	const char *t = test_today();

	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE registered_unemployed = 1 "
	    "AND (registered_unemployed_from IS NULL OR registered_unemployed_until IS NOT NULL)",
	    NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE "
	    "registered_unemployed_from > ?1 OR registered_unemployed_until > ?1 OR hired_on > ?1 OR "
	    "registered_unemployed_until < registered_unemployed_from", t), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person p WHERE "
	    "registered_unemployed_until IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enrollment e "
	    "WHERE e.person_id = p.id AND e.kind = 'employment' AND e.start_date = "
	    "date(p.registered_unemployed_until, '+1 day'))", NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE "
	    "registered_unemployed_until IS NOT NULL", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE (employer_size IS NOT NULL "
	    "OR hired_on IS NOT NULL) AND (employment_status IS NOT 'employed' OR employer_kind NOT "
	    "IN ('enterprise', 'social_org'))", NULL), 0);
	for (const char *size = "micro\0small\0medium\0large\0"; *size; size += strlen(size) + 1)
		ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE employer_size = ?1",
		    size), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM insurance WHERE benefit_until IS NOT "
	    "NULL AND receiving_benefit IS NOT (benefit_until >= ?1)", t), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM insurance WHERE receiving_benefit = 1",
	    NULL), 0);
	long asked = testdb_int(db, "SELECT count(*) FROM person WHERE able_to_work IS NOT NULL AND "
	    "birth_date BETWEEN date(?1, '-50 years') AND date(?1, '-18 years')", t);
	long able = testdb_int(db, "SELECT count(*) FROM person WHERE able_to_work = 1 AND "
	    "birth_date BETWEEN date(?1, '-50 years') AND date(?1, '-18 years')", t);
	ck_assert_int_gt(asked, 0);
	ck_assert_int_gt(able * 100, asked * 90);
	ck_assert_int_lt(asked, testdb_int(db, "SELECT count(*) FROM person WHERE birth_date BETWEEN "
	    "date(?1, '-50 years') AND date(?1, '-18 years')", t));  /* some not yet asked */
	db_close(db);
}
END_TEST

START_TEST(counselors_and_households)
{
	struct db *db = test_open(big_path);

	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE counselor = ?1", "tester"),
	    200);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE counselor = ?1",
	    "zhangwei"), 100);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM app_user WHERE login IN ('tester', "
	    "'zhangwei', 'lina')", NULL), 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person p WHERE counselor NOT IN "
	    "(SELECT login FROM app_user)", NULL), 0);
	long low = testdb_int(db, "SELECT count(*) FROM household WHERE low_income = 1", NULL);
	ck_assert_int_gt(low, 20);
	ck_assert_int_lt(low, 200);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM household WHERE registered_poor = 1",
	    NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM household WHERE zero_employment = 1",
	    NULL), 0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE veteran <> 'none'", NULL),
	    0);
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM insurance WHERE unemployment_months "
	    ">= 36", NULL), 100);
	db_close(db);
}
END_TEST

START_TEST(search_finds_demo_persons)
{
	struct db *db = test_open(big_path);
	struct diag d = DIAG_INIT;
	struct search_hit *hits;
	struct db_stmt *st = db_prepare(db, "SELECT name, id_number FROM person ORDER BY id_number "
	    "LIMIT 1");
	int n, found = 0;

	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	char *name = strdup(db_col_text(st, 0)), *num = strdup(db_col_text(st, 1));
	db_finalize(st);
	ck_assert_int_eq(search_run(db, name, 1000, &hits, &n, &d), 0);
	for (int i = 0; i < n; i++)
		found |= strcmp(hits[i].id_number, num) == 0;
	search_free(hits, n);
	ck_assert_msg(found, "searching %s did not find %s", name, num);
	ck_assert_int_eq(search_run(db, num + 12, 1000, &hits, &n, &d), 0);
	ck_assert_int_ge(n, 1);
	search_free(hits, n);
	free(name);
	free(num);
	db_close(db);
}
END_TEST

START_TEST(refuses_a_database_with_persons)
{
	char path[80];
	struct demo_opts o = { .seed = 1, .persons = 10 };
	struct demo_stats st;
	struct diag d = DIAG_INIT;

	test_path(path, sizeof path, "g");
	test_demo(path, 5, 3);
	struct db *db = test_open(path);
	ck_assert_int_eq(demo_run(db, &o, &st, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "already has 3 persons"));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 3);
	db_close(db);
	testdb_remove(path);
}
END_TEST

START_TEST(persons_out_of_bounds)
{
	char path[80];
	struct demo_opts o = { .seed = 1, .persons = 0 };
	struct demo_stats st;
	struct diag d = DIAG_INIT;

	test_path(path, sizeof path, "h");
	testdb_remove(path);
	struct db *db = test_open(path);
	ck_assert_int_eq(demo_run(db, &o, &st, &d), EX_USAGE);
	o.persons = demo_max_persons + 1;
	ck_assert_int_eq(demo_run(db, &o, &st, &d), EX_USAGE);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 0);
	db_close(db);
	testdb_remove(path);
}
END_TEST

/* The suite. */
static Suite *
demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("determinism");

	tcase_set_timeout(tc, 60);  /* ten million ID numbers take a few seconds */
	tcase_add_test(tc, same_seed_same_caseload);
	tcase_add_test(tc, different_seed_different_caseload);
	tcase_add_test(tc, larger_caseload_starts_with_smaller);
	tcase_add_test(tc, id_numbers_unique_and_valid_up_to_the_maximum);
	tcase_add_test(tc, refuses_a_database_with_persons);
	tcase_add_test(tc, persons_out_of_bounds);
	suite_add_tcase(s, tc);
	tc = tcase_create("caseload");
	tcase_add_unchecked_fixture(tc, big_setup, big_teardown);
	tcase_add_test(tc, every_person_is_valid);
	tcase_add_test(tc, surnames_follow_real_frequencies);
	tcase_add_test(tc, nothing_in_the_future_but_follow_ups);
	tcase_add_test(tc, every_kind_status_and_stage);
	tcase_add_test(tc, stage_is_what_restaging_gives);
	tcase_add_test(tc, notes_and_follow_ups);
	tcase_add_test(tc, counselors_and_households);
	tcase_add_test(tc, status_facts_consistent);
	tcase_add_test(tc, search_finds_demo_persons);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; the dates are as of 2018-03-01 unless JOBDESK_TODAY says otherwise. */
int
main(void)
{
	setenv("JOBDESK_TODAY", "2018-03-01", 0);
	SRunner *sr = srunner_create(demo_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
