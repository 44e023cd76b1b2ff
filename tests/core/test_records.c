/* Check tests for the counselor's records: a form save never touches the stage, the follow-up or
 * the counselor; likely duplicates found before saving; progress corrected and removed with a
 * reason; the employment status after a startup or a job. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/db.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/date.h"
#include "util/pinyin.h"
#include "testdb.h"

static struct db *db;

/* A fresh database for each test. */
static void
setup(void)
{
	db = testdb_open("records", "counselor1");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Register a person; their case id (caller frees). */
static char *
add(const char *name, const char *idnum, const char *counselor)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	if (counselor != NULL)
		ck_assert_int_eq(person_set(&p, PF_COUNSELOR, counselor, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	return id;
}

/* A text column of the person's row (caller frees; NULL when NULL). */
static char *
col(const char *pid, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	char *v = NULL;

	db_bind_text(st, 1, pid);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	if (db_col_text(st, 0) != NULL)
		v = strdup(db_col_text(st, 0));
	db_finalize(st);
	return v;
}

/* Assert a text column of the person equals want. */
static void
col_is(const char *pid, const char *sql, const char *want)
{
	char *v = col(pid, sql);
	ck_assert_msg(v != NULL && strcmp(v, want) == 0, "%s: %s, expected %s", sql, v ? v : "NULL",
	    want);
	free(v);
}

/* Run SQL with the person id as ?1. */
static void
run(const char *pid, const char *sql)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, pid);
	ck_assert_msg(db_run(st, "test", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

/* Record an active enrollment of a kind for the person; its id (caller frees). */
static char *
enroll(const char *pid, const char *kind, const char *status, int level)
{
	struct diag d = DIAG_INIT;
	struct enrollment e;

	progress_init(&e);
	e.person_id = pid;
	e.kind = kind;
	e.status = status;
	e.start_date = "2017-11-01";
	ck_assert_msg(progress_record(db, &e, level, level > 0 ? "2017-12-20" : NULL,
	    level > 0 ? "电工" : NULL, false, &d) == 0, "%s", d.msg);
	return e.id;
}

/* A value valid for each editable field, different from what a case has after add(). */
static const char *
edited_value(int f)
{
	switch (f) {
	case PF_NAME: return "王莉";
	case PF_ID_NUMBER: return "220102199503070044";
	case PF_SEX: return "female";
	case PF_BIRTH_DATE: return "1995-03-07";
	case PF_PHONE: return "13912345678";
	case PF_HUKOU_PROVINCE: return "21";
	case PF_HUKOU_TYPE: return "urban";
	case PF_EDUCATION: return "master";
	case PF_GRADUATION_DATE: return "2018-07-01";
	case PF_VETERAN: return "demobilised_soldier";
	case PF_EMPLOYMENT_STATUS: return "unemployed";
	case PF_EMPLOYER_KIND: return "government";
	case PF_UNEMPLOYMENT_MONTHS: return "7";
	default:
		return person_fields[f].kind == PK_FLAG ? "1" : NULL;
	}
}

/* Every field of a case at every stage edited and saved: the stage, the next follow-up and
 * the counselor stay as they were, and the edited field is saved. */
START_TEST(edit_keeps_stage_followup_counselor)
{
	static const char *stages[] = { "registered", "training", "internship", "startup",
	    "grassroots", "employed", "closed" };
	static const char *kinds[] = { NULL, "training", "internship", "startup", "grassroots",
	    "employment", NULL };

	for (size_t s = 0; s < sizeof stages / sizeof *stages; s++) {
		for (int f = PF_NAME; f < PERSON_NFIELDS; f++) {
			const char *v = edited_value(f);
			if (f == PF_COUNSELOR || f == PF_STAGE || f == PF_NEXT_FOLLOWUP || v == NULL)
				continue;
			struct diag d = DIAG_INIT;
			struct person p = { 0 };
			char why[256];
			char *pid = add("王丽", "220102199503070028", "li");
			if (kinds[s] != NULL)
				free(enroll(pid, kinds[s], "active", 0));
			if (strcmp(stages[s], "closed") == 0)
				run(pid, "UPDATE person SET stage = 'closed', closed_reason = 'moved_away', "
				    "closed_on = '2018-01-02' WHERE id = ?1");
			run(pid, "UPDATE person SET next_followup = '2018-03-05' WHERE id = ?1");
			col_is(pid, "SELECT stage FROM person WHERE id = ?1", stages[s]);
			ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
			if (f == PF_ID_NUMBER) {  /* a new number brings its own birth date */
				person_set(&p, PF_BIRTH_DATE, "", why, sizeof why);
				person_set(&p, PF_SEX, "", why, sizeof why);
			}
			ck_assert_msg(person_set(&p, f, v, why, sizeof why) == 0, "%s: %s",
			    person_fields[f].name, why);
			ck_assert_msg(person_update(db, &p, &d) == 0, "%s at %s: %s", person_fields[f].name,
			    stages[s], d.msg);
			person_clear(&p);
			ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
			ck_assert_msg(p.v[f] != NULL && strcmp(p.v[f], v) == 0, "%s not saved",
			    person_fields[f].name);
			ck_assert_msg(strcmp(p.v[PF_STAGE], stages[s]) == 0, "%s at %s: stage %s",
			    person_fields[f].name, stages[s], p.v[PF_STAGE]);
			ck_assert_str_eq(p.v[PF_NEXT_FOLLOWUP], "2018-03-05");
			ck_assert_str_eq(p.v[PF_COUNSELOR], "li");
			person_clear(&p);
			run(pid, "DELETE FROM person WHERE id = ?1");
			free(pid);
		}
	}
}
END_TEST

/* Even a form that hands over other values for them (an old caller) does not change them. */
START_TEST(edit_ignores_stage_given)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];
	char *pid = add("王丽", "220102199503070028", "li");

	free(enroll(pid, "startup", "active", 0));
	ck_assert_int_eq(person_load(db, pid, &p, &d), 0);
	person_set(&p, PF_STAGE, "registered", why, sizeof why);
	person_set(&p, PF_COUNSELOR, "wang", why, sizeof why);
	person_set(&p, PF_NEXT_FOLLOWUP, "2030-01-01", why, sizeof why);
	free(p.v[PF_STAGE]);
	p.v[PF_STAGE] = NULL;
	ck_assert_int_eq(person_update(db, &p, &d), 0);
	person_clear(&p);
	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "startup");
	col_is(pid, "SELECT counselor FROM person WHERE id = ?1", "li");
	char *fu = col(pid, "SELECT next_followup FROM person WHERE id = ?1");
	ck_assert_ptr_null(fu);
	free(pid);
}
END_TEST

/* The ID number gives birth date and sex, never the hukou province. */
START_TEST(id_number_not_province)
{
	struct person p = { 0 };
	char why[256];

	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	ck_assert_int_eq(person_complete(&p, date_today(), why, sizeof why), 0);
	ck_assert_str_eq(p.v[PF_BIRTH_DATE], "1995-03-07");
	ck_assert_ptr_null(p.v[PF_HUKOU_PROVINCE]);
	person_clear(&p);
}
END_TEST

/* Names by sound: homophones match, names with only the same initials do not. */
START_TEST(pinyin_names)
{
	const char *s[3];

	ck_assert(pinyin_same_name("王丽", "王莉"));
	ck_assert(pinyin_same_name("王丽", "王丽"));
	ck_assert(pinyin_same_name("张伟", "章炜"));
	ck_assert(!pinyin_same_name("王丽", "吴磊"));
	ck_assert(!pinyin_same_name("王丽", "王丽丽"));
	ck_assert(!pinyin_same_name("王丽", "王"));
	ck_assert(pinyin_same_name("Li Na", "li na"));
	ck_assert_int_ge(pinyin_syllables_of(0x5415 /* 吕 */, s), 1);
	ck_assert_str_eq(s[0], "lv");
	ck_assert_int_eq(pinyin_syllables_of('a', s), 0);
}
END_TEST

/* Likely duplicates: same name and birth date, or same pinyin and birth date; not itself, not a
 * different birth date, not a name that only shares initials. */
START_TEST(duplicates_found)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct rows r;
	char why[256];
	char *same = add("王丽", "220102199503070028", "li");
	char *sound = add("王莉", "220102199503070044", "wang");
	char *other_day = add("王丽", "220102199503080023", NULL);
	char *initials = add("吴磊", "220102199503070060", NULL);

	person_set(&p, PF_NAME, "王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070087", why, sizeof why);
	ck_assert_int_eq(person_complete(&p, date_today(), why, sizeof why), 0);
	ck_assert_int_eq(person_duplicates(db, &p, &r, &d), 0);
	ck_assert_int_eq((int)r.n, 2);
	ck_assert_str_eq(rows_get(&r, 0, DU_ID), same);
	ck_assert_str_eq(rows_get(&r, 0, DU_COUNSELOR), "li");
	ck_assert_str_eq(rows_get(&r, 1, DU_ID), sound);
	ck_assert_str_eq(rows_get(&r, 1, DU_NAME), "王莉");
	ck_assert_str_eq(rows_get(&r, 1, DU_BIRTH_DATE), "1995-03-07");
	struct sbuf warn = SBUF_INIT;
	person_duplicates_warn(&r, &warn);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), sound));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), "220102********0044"));
	ck_assert_ptr_null(strstr(sbuf_str(&warn), "220102199503070044"));
	sbuf_free(&warn);
	rows_free(&r);
	/* the case itself is not its own duplicate */
	person_clear(&p);
	ck_assert_int_eq(person_load(db, same, &p, &d), 0);
	ck_assert_int_eq(person_duplicates(db, &p, &r, &d), 0);
	ck_assert_int_eq((int)r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, DU_ID), sound);
	rows_free(&r);
	person_clear(&p);
	/* person_add names the pinyin match too */
	person_set(&p, PF_NAME, "王力", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070087", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, &warn, &d), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), same));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&warn), sound));
	ck_assert_ptr_null(strstr(sbuf_str(&warn), initials));
	ck_assert_ptr_null(strstr(sbuf_str(&warn), other_day));
	sbuf_free(&warn);
	person_clear(&p);
	free(same);
	free(sound);
	free(other_day);
	free(initials);
}
END_TEST

/* A fix sets the details, writes a correction with the reason and sets the stage again. */
START_TEST(fix_writes_correction)
{
	struct diag d = DIAG_INIT;
	char *pid = add("王丽", "220102199503070028", NULL);
	char *eid = enroll(pid, "training", "active", 0);
	struct progress_value v[] = { { PG_KIND, "internship" }, { PG_END, "2018-01-31" },
	    { PG_UNIT, "长春一汽" } };

	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "training");
	ck_assert_msg(progress_fix(db, eid, v, 3, "录错了类型", &d) == 0, "%s", d.msg);
	col_is(eid, "SELECT kind || ' ' || end_date || ' ' || unit_name FROM enrollment "
	    "WHERE id = ?1", "internship 2018-01-31 长春一汽");
	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "internship");
	col_is(pid, "SELECT tbl || ' ' || op || ' ' || reason FROM correction WHERE person_id = ?1",
	    "enrollment fix 录错了类型");
	col_is(eid, "SELECT count(*) FROM audit a JOIN correction c ON c.id = a.row_key WHERE "
	    "a.tbl = 'correction' AND a.op = 'insert' AND c.row_key = ?1", "1");
	/* clearing a detail; a status set to completed changes the stage */
	struct progress_value clear[] = { { PG_UNIT, "" }, { PG_STATUS, "completed" } };
	ck_assert_int_eq(progress_fix(db, eid, clear, 2, "实习已结束", &d), 0);
	char *unit = col(eid, "SELECT unit_name FROM enrollment WHERE id = ?1");
	ck_assert_ptr_null(unit);
	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "registered");
	col_is(pid, "SELECT count(*) FROM correction WHERE person_id = ?1", "2");
	struct rows r;
	ck_assert_int_eq(casefile_corrections(db, pid, &r, &d), 0);
	ck_assert_int_eq((int)r.n, 2);
	ck_assert_str_eq(rows_get(&r, 0, CO_REASON), "实习已结束");
	ck_assert_str_eq(rows_get(&r, 0, CO_BY), "counselor1");
	rows_free(&r);
	free(eid);
	free(pid);
}
END_TEST

/* What a fix refuses, writing nothing: no reason, a bad value, a required detail cleared, an
 * end before the start, a detail of the other table, an unknown row. */
START_TEST(fix_refused)
{
	struct diag d = DIAG_INIT;
	char *pid = add("王丽", "220102199503070028", NULL);
	char *eid = enroll(pid, "training", "active", 5);
	char *cid = col(pid, "SELECT id FROM certificate WHERE person_id = ?1");
	struct progress_value hours = { PG_CLASS_HOURS, "120" };
	struct progress_value bad = { PG_CLASS_HOURS, "lots" };
	struct progress_value nokind = { PG_KIND, "" };
	struct progress_value early = { PG_END, "2017-01-01" };
	struct progress_value level = { PG_LEVEL, "4" };
	struct progress_value nodate = { PG_ISSUED_ON, "" };

	ck_assert_int_eq(progress_fix(db, eid, &hours, 1, "", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "reason"));
	ck_assert_int_eq(progress_fix(db, eid, &hours, 1, "   ", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, eid, &bad, 1, "错", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, eid, &nokind, 1, "错", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, eid, &early, 1, "错", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "2017-01-01"));
	ck_assert_int_eq(progress_fix(db, eid, &level, 1, "错", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, cid, &hours, 1, "错", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, cid, &nodate, 1, "错", &d), EX_DATAERR);
	ck_assert_int_eq(progress_fix(db, "nosuch", &hours, 1, "错", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "nosuch"));
	ck_assert_int_eq(progress_fix(db, eid, &hours, 0, "错", &d), EX_DATAERR);
	col_is(pid, "SELECT count(*) FROM correction WHERE person_id = ?1", "0");
	char *h = col(eid, "SELECT class_hours FROM enrollment WHERE id = ?1");
	ck_assert_ptr_null(h);
	/* a certificate's level is fixed */
	ck_assert_int_eq(progress_fix(db, cid, &level, 1, "等级录错", &d), 0);
	col_is(cid, "SELECT level FROM certificate WHERE id = ?1", "4");
	col_is(pid, "SELECT tbl FROM correction WHERE person_id = ?1", "certificate");
	free(cid);
	free(eid);
	free(pid);
}
END_TEST

/* A removal deletes the row, writes a correction and sets the stage again; a live decision on
 * the row refuses it, naming the decision; a rejected one does not. */
START_TEST(remove_refused_while_decided)
{
	struct diag d = DIAG_INIT;
	char *pid = add("王丽", "220102199503070028", NULL);
	char *eid = enroll(pid, "startup", "active", 0);

	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "startup");
	struct db_stmt *st = db_prepare(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, "
	    "reasons_json, counselor, status, created_at, updated_at, created_by) VALUES "
	    "('dec-1', ?1, 'startup-subsidy', 'h', '2018-01-05', 'startups[0]', ?2, 'eligible', "
	    "500000, '{}', '[]', 'counselor1', 'approved', 'now', 'now', 'counselor1')");
	db_bind_text(st, 1, pid);
	db_bind_text(st, 2, eid);
	ck_assert_int_eq(db_run(st, "test", &d), 0);
	db_finalize(st);
	ck_assert_int_eq(progress_remove(db, eid, "重复录入", &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, PROGRESS_DECIDED);
	ck_assert_ptr_nonnull(strstr(d.msg, "DEC0-1000"));
	ck_assert_ptr_nonnull(strstr(d.msg, "2018-01-05"));
	col_is(eid, "SELECT count(*) FROM enrollment WHERE id = ?1", "1");
	col_is(pid, "SELECT count(*) FROM correction WHERE person_id = ?1", "0");
	ck_assert_int_eq(progress_remove(db, eid, "", &d), EX_DATAERR);
	/* what the entry is stays as the decision saw it; what happens to it may be recorded */
	const struct progress_value kind = { PG_KIND, "internship" }, start = { PG_START, "2017-12-01" },
	    status = { PG_STATUS, "completed" }, unit = { PG_UNIT, "长春某某餐饮店" };
	d = (struct diag)DIAG_INIT;
	ck_assert_int_eq(progress_fix(db, eid, &kind, 1, "录错了", &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, PROGRESS_DECIDED);
	d = (struct diag)DIAG_INIT;
	ck_assert_int_eq(progress_fix(db, eid, &start, 1, "录错了", &d), EX_DATAERR);
	ck_assert_int_eq(d.reason, PROGRESS_DECIDED);
	col_is(eid, "SELECT kind || ' ' || start_date FROM enrollment WHERE id = ?1", "startup 2017-11-01");
	ck_assert_msg(progress_fix(db, eid, &status, 1, "已结束", &d) == 0, "%s", d.msg);
	ck_assert_msg(progress_fix(db, eid, &unit, 1, "店名录错", &d) == 0, "%s", d.msg);
	col_is(eid, "SELECT status FROM enrollment WHERE id = ?1", "completed");
	run(pid, "UPDATE decision SET status = 'revoked' WHERE person_id = ?1");
	ck_assert_msg(progress_remove(db, eid, "重复录入", &d) == 0, "%s", d.msg);
	col_is(eid, "SELECT count(*) FROM enrollment WHERE id = ?1", "0");
	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "registered");
	col_is(eid, "SELECT count(*) FROM correction WHERE op = 'remove' AND row_key = ?1", "1");
	col_is(eid, "SELECT count(*) FROM correction WHERE op = 'fix' AND row_key = ?1", "2");
	/* the history keeps the trail of what was removed: its insert, corrections and removal */
	struct rows h;
	int trail = 0;
	ck_assert_int_eq(casefile_history(db, pid, &h, &d), 0);
	for (size_t i = 0; i < h.n; i++)
		trail += strcmp(rows_get(&h, i, HI_KEY), eid) == 0;
	rows_free(&h);
	ck_assert_int_ge(trail, 4);
	free(eid);
	free(pid);
}
END_TEST

/* A certificate removed; a closed case stays closed when its progress is removed. */
START_TEST(remove_certificate_closed_case)
{
	struct diag d = DIAG_INIT;
	char *pid = add("王丽", "220102199503070028", NULL);
	char *eid = enroll(pid, "training", "active", 3);
	char *cid = col(pid, "SELECT id FROM certificate WHERE person_id = ?1");

	ck_assert_int_eq(progress_remove(db, cid, "证书是别人的", &d), 0);
	col_is(pid, "SELECT count(*) FROM certificate WHERE person_id = ?1", "0");
	col_is(pid, "SELECT count(*) FROM enrollment WHERE person_id = ?1", "1");
	run(pid, "UPDATE person SET stage = 'closed', closed_reason = 'other' WHERE id = ?1");
	ck_assert_int_eq(progress_remove(db, eid, "录错了人", &d), 0);
	col_is(pid, "SELECT stage FROM person WHERE id = ?1", "closed");
	ck_assert_int_eq(progress_remove(db, eid, "again", &d), EX_DATAERR);
	free(cid);
	free(eid);
	free(pid);
}
END_TEST

/* After a startup or a job: the employment status and registered-unemployed flag. */
START_TEST(status_after_startup_or_job)
{
	struct diag d = DIAG_INIT;
	char *pid = add("王丽", "220102199503070028", NULL);

	run(pid, "UPDATE person SET employment_status = 'unemployed', registered_unemployed = 1, "
	    "registered_unemployed_from = '2017-09-01' WHERE id = ?1");
	ck_assert_str_eq(progress_employment_status("startup"), "self_employed");
	ck_assert_str_eq(progress_employment_status("employment"), "employed");
	ck_assert_ptr_null(progress_employment_status("training"));
	ck_assert_int_eq(progress_update_status(db, pid, "training", NULL, &d), EX_DATAERR);
	col_is(pid, "SELECT employment_status FROM person WHERE id = ?1", "unemployed");
	ck_assert_int_eq(progress_update_status(db, pid, "startup", "2018-02-01", &d), 0);
	/* the open registration ends the day before the business began: a training it covered stays
	 * covered */
	col_is(pid, "SELECT employment_status || ' ' || registered_unemployed || ' ' || "
	    "registered_unemployed_until FROM person WHERE id = ?1", "self_employed 0 2018-01-31");
	ck_assert_int_eq(progress_update_status(db, pid, "employment", "2018-02-20", &d), 0);
	col_is(pid, "SELECT employment_status || ' ' || registered_unemployed_until FROM person WHERE id = ?1",
	    "employed 2018-01-31");
	/* a job begun before the registration does not end it before it began */
	run(pid, "UPDATE person SET registered_unemployed = 1, registered_unemployed_until = NULL, "
	    "registered_unemployed_from = '2018-03-01' WHERE id = ?1");
	ck_assert_int_eq(progress_update_status(db, pid, "employment", "2018-02-20", &d), 0);
	col_is(pid, "SELECT coalesce(registered_unemployed_until, 'open') FROM person WHERE id = ?1", "open");
	free(pid);
}
END_TEST

/* The suite. */
static Suite *
records_suite(void)
{
	Suite *s = suite_create("records");
	TCase *tc = tcase_create("records");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, edit_keeps_stage_followup_counselor);
	tcase_add_test(tc, edit_ignores_stage_given);
	tcase_add_test(tc, id_number_not_province);
	tcase_add_test(tc, pinyin_names);
	tcase_add_test(tc, duplicates_found);
	tcase_add_test(tc, fix_writes_correction);
	tcase_add_test(tc, fix_refused);
	tcase_add_test(tc, remove_refused_while_decided);
	tcase_add_test(tc, remove_certificate_closed_case);
	tcase_add_test(tc, status_after_startup_or_job);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(records_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
