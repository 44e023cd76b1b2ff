/* Check tests for CSV import and export: nothing written when a row is bad, --skip-bad, duplicate
 * ID numbers in the file and in the database, byte order marks, quoted cells, header errors, and
 * export then import reproducing the caseload field by field. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/casefile.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "core/transfer.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "util/xalloc.h"
#include "testdb.h"

static char dir[64];
static struct db *db;

/* A fresh folder and database for each test. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	char path[96];

	snprintf(dir, sizeof dir, "/tmp/jobdesk-test-transfer-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.db", dir);
	ck_assert_int_eq(dbopen_open(path, "counselor1", true, &d, &db), 0);
}

/* Close the database and remove the folder. */
static void
teardown(void)
{
	char cmd[128];

	db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A file name in the test folder. Caller frees. */
static char *
in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Write text to a file of the test folder; returns its path. Caller frees. */
static char *
write_file(const char *name, const char *text)
{
	char *path = in_dir(name);
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* A valid ID number: a Changchun region, born 1990-01-15, sequence seq (odd male, even female). */
static const char *
make_id(int seq)
{
	static char ids[8][19];
	static int next;
	char *id = ids[next++ % 8];

	snprintf(id, 19, "22010219900115%03d", seq % 1000);
	id[17] = idnum_check_char(id);
	id[18] = '\0';
	return id;
}

/* The number of persons in a database. */
static int
persons(struct db *on)
{
	return (int)testdb_int(on, "SELECT count(*) FROM person", NULL);
}

/* Import a file with the given options into db; the status. */
static int
import(const char *path, bool skip_bad, bool dry_run, struct transfer_report *r, struct diag *d)
{
	struct transfer_opts o = { 0 };

	o.skip_bad = skip_bad;
	o.dry_run = dry_run;
	return transfer_import(db, path, &o, r, d);
}

/* Load one person by ID number from db. */
static void
load(const char *id, struct person *p)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(person_load(db, id, p, &d) == 0, "%s: %s", id, d.msg);
}

/* A file of four persons with one bad phone number on line 4. */
static char *
one_bad_file(void)
{
	char text[512];

	snprintf(text, sizeof text, "name,id_number,phone\n王丽,%s,13912345678\n张伟,%s,\n"
	    "李娜,%s,12345\n陈静,%s,13812345678\n", make_id(2), make_id(3), make_id(4), make_id(6));
	return write_file("one-bad.csv", text);
}

/* One bad row: EX_DATAERR, the row listed by file, line and field, and no person written. */
START_TEST(test_bad_row_writes_nothing)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char *path = one_bad_file(), *want = xasprintf("%s:4: phone: '12345'", path);

	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	ck_assert_int_eq(persons(db), 0);
	ck_assert_int_eq(r.rows, 4);
	ck_assert_int_eq(r.bad, 1);
	ck_assert_int_eq(r.imported, 0);
	ck_assert_msg(strstr(sbuf_str(&r.problems), want) != NULL, "%s", sbuf_str(&r.problems));
	ck_assert_msg(strstr(sbuf_str(&r.problems), "13912345678") != NULL, "what would be valid: %s",
	    sbuf_str(&r.problems));
	ck_assert_msg(strstr(d.msg, "1 of 4 rows are bad; nothing was imported") != NULL, "%s",
	    d.msg);
	transfer_report_free(&r);
	free(want);
	free(path);
}
END_TEST

/* --skip-bad writes the good rows and lists the bad one. */
START_TEST(test_skip_bad_imports_the_rest)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char *path = one_bad_file(), *want = xasprintf("%s:4: phone:", path);

	ck_assert_msg(import(path, true, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(persons(db), 3);
	ck_assert_int_eq(r.imported, 3);
	ck_assert_int_eq(r.bad, 1);
	ck_assert_msg(strstr(sbuf_str(&r.problems), want) != NULL, "%s", sbuf_str(&r.problems));
	load(make_id(6), &p);
	ck_assert_str_eq(p.v[PF_NAME], "陈静");
	ck_assert_str_eq(p.v[PF_PHONE], "13812345678");
	person_clear(&p);
	d.code = 0;
	ck_assert_int_eq(person_load(db, make_id(4), &p, &d), EX_DATAERR);
	transfer_report_free(&r);
	free(want);
	free(path);
}
END_TEST

/* --dry-run checks and reports but writes nothing, good file or bad. */
START_TEST(test_dry_run_writes_nothing)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char *path = one_bad_file();

	ck_assert_int_eq(import(path, false, true, &r, &d), EX_DATAERR);
	ck_assert_int_eq(r.bad, 1);
	transfer_report_free(&r);
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(import(path, true, true, &r, &d), 0);
	ck_assert_int_eq(r.rows, 4);
	ck_assert_int_eq(persons(db), 0);
	ck_assert_int_eq(r.imported, 0);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* An ID number given twice in the file: the later row is bad and names both lines. */
START_TEST(test_duplicate_in_file_names_both_lines)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[512], *path, *want;

	snprintf(text, sizeof text, "id_number,name\n%s,王丽\n%s,张伟\n%s,李娜\n%s,王莉\n",
	    make_id(2), make_id(3), make_id(4), make_id(2));
	path = write_file("dup.csv", text);
	want = xasprintf("%s:5: id_number: %s is also on line 2", path, make_id(2));
	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	ck_assert_int_eq(r.bad, 1);
	ck_assert_msg(strstr(sbuf_str(&r.problems), want) != NULL, "%s", sbuf_str(&r.problems));
	ck_assert_int_eq(persons(db), 0);
	transfer_report_free(&r);
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(import(path, true, false, &r, &d), 0);
	ck_assert_int_eq(persons(db), 3);
	transfer_report_free(&r);
	free(want);
	free(path);
}
END_TEST

/* Import a file that must be refused for an ID number already registered, on line. */
static void
refused_as_registered(const char *path, int line)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char *want = xasprintf("%s:%d: id_number:", path, line);
	int before = persons(db);

	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	ck_assert_int_eq(r.bad, 1);
	ck_assert_msg(strstr(sbuf_str(&r.problems), want) != NULL &&
	    strstr(sbuf_str(&r.problems), "is already registered as 王丽") != NULL, "%s",
	    sbuf_str(&r.problems));
	ck_assert_int_eq(persons(db), before);
	transfer_report_free(&r);
	free(want);
}

/* An ID number already registered is a bad row, whether rows are looked up or scanned. */
START_TEST(test_duplicate_in_database)
{
	struct transfer_report r = { 0 };
	struct sbuf text = SBUF_INIT;
	struct diag d = DIAG_INIT;
	char *path;

	sbuf_add(&text, "name,id_number\n");
	for (int i = 0; i < 30; i++)
		sbuf_addf(&text, "王丽,%s\n", make_id(10 + i));
	path = write_file("first.csv", sbuf_str(&text));
	ck_assert_int_eq(import(path, false, false, &r, &d), 0);
	ck_assert_int_eq(persons(db), 30);
	free(path);
	/* A small file beside 30 persons: each row is looked up. */
	sbuf_reset(&text);
	sbuf_addf(&text, "name,id_number\n张伟,%s\n王丽,%s\n", make_id(3), make_id(12));
	path = write_file("second.csv", sbuf_str(&text));
	refused_as_registered(path, 3);
	free(path);
	/* A larger one: the database's ID numbers are scanned into the set first. */
	sbuf_reset(&text);
	sbuf_add(&text, "name,id_number\n");
	for (int i = 0; i < 40; i++)
		sbuf_addf(&text, "张伟,%s\n", make_id(100 + i));
	sbuf_addf(&text, "王丽,%s\n", make_id(15));
	path = write_file("third.csv", sbuf_str(&text));
	refused_as_registered(path, 42);
	free(path);
	transfer_report_free(&r);
	sbuf_free(&text);
}
END_TEST

/* A file with and one without a UTF-8 byte order mark both import. */
START_TEST(test_bom_and_no_bom)
{
	static const char *const starts[] = { "", "\xef\xbb\xbf" };
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char text[256], name[32];

	for (int i = 0; i < 2; i++) {
		snprintf(text, sizeof text, "%sname,id_number\r\n王丽,%s\r\n", starts[i], make_id(2 + i));
		snprintf(name, sizeof name, "bom%d.csv", i);
		char *path = write_file(name, text);
		ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
		ck_assert_int_eq(persons(db), i + 1);
		load(make_id(2 + i), &p);
		ck_assert_str_eq(p.v[PF_NAME], "王丽");
		person_clear(&p);
		transfer_report_free(&r);
		memset(&r, 0, sizeof r);
		free(path);
	}
}
END_TEST

/* Quoted cells with commas, doubled quotes and line breaks; line numbers stay right. */
START_TEST(test_quoted_cells)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char text[512], *path, *want;

	/* Line 2-3: a name with a line break at its end (stripped) and a counselor with a comma;
	 * line 4: doubled quotes; line 5: a bad row, whose number must count the quoted break. */
	snprintf(text, sizeof text, "name,id_number,counselor\n\"王丽\n\",\"%s\",\"li, wei\"\n"
	    "张伟,%s,\"say \"\"hi\"\"\"\n李娜,%s,x\n", make_id(2), make_id(3), "22010219900115000");
	path = write_file("quoted.csv", text);
	want = xasprintf("%s:5: id_number:", path);
	ck_assert_msg(import(path, true, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.imported, 2);
	ck_assert_msg(strstr(sbuf_str(&r.problems), want) != NULL, "%s", sbuf_str(&r.problems));
	load(make_id(2), &p);
	ck_assert_str_eq(p.v[PF_NAME], "王丽");
	ck_assert_str_eq(p.v[PF_COUNSELOR], "li, wei");
	person_clear(&p);
	load(make_id(3), &p);
	ck_assert_str_eq(p.v[PF_COUNSELOR], "say \"hi\"");
	person_clear(&p);
	transfer_report_free(&r);
	free(want);
	free(path);
}
END_TEST

/* Spaces, tabs and ideographic spaces around cells and column names are stripped. */
START_TEST(test_whitespace_and_tabs_stripped)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char text[256], *path;

	snprintf(text, sizeof text, "name , id_number,phone\n \t王丽\xe3\x80\x80,\"\t%s \",\"\t139"
	    "12345678\"\n", make_id(2));
	path = write_file("space.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s: %s", d.msg,
	    sbuf_str(&r.problems));
	load(make_id(2), &p);
	ck_assert_str_eq(p.v[PF_NAME], "王丽");
	ck_assert_str_eq(p.v[PF_PHONE], "13912345678");
	person_clear(&p);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* Too few cells, invalid UTF-8, a missing name and a contradicted sex are each reported. */
START_TEST(test_bad_rows_of_every_kind)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[1024], *path;

	/* 2: too few cells; 3: invalid UTF-8; 4: no name; 5: a sex the ID number contradicts. */
	snprintf(text, sizeof text, "name,id_number,sex\n王丽,%s\n\xff\xfe,%s,\n,%s,\n"
	    "张伟,%s,female\n李娜,%s,\n", make_id(2), make_id(3), make_id(4), make_id(5),
	    make_id(6));
	path = write_file("kinds.csv", text);
	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	const char *s = sbuf_str(&r.problems);
	ck_assert_int_eq(r.bad, 4);
	ck_assert_msg(strstr(s, ":2: has 2 cells; expected 3") != NULL, "%s", s);
	ck_assert_msg(strstr(s, ":3: name: is not valid UTF-8") != NULL, "%s", s);
	ck_assert_msg(strstr(s, ":4: name: is required") != NULL, "%s", s);
	ck_assert_msg(strstr(s, ":5: sex: female disagrees") != NULL, "%s", s);
	ck_assert_ptr_null(strstr(s, ":6:"));
	ck_assert_int_eq(persons(db), 0);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* Only the first TRANSFER_LIST_MAX bad rows are listed; all are counted. */
START_TEST(test_only_twenty_listed)
{
	struct transfer_report r = { 0 };
	struct sbuf text = SBUF_INIT;
	struct diag d = DIAG_INIT;
	int lines = 0;

	sbuf_add(&text, "name,id_number\n");
	for (int i = 0; i < 25; i++)
		sbuf_addf(&text, "王丽,22010219900115%03dY\n", i);
	char *path = write_file("many.csv", sbuf_str(&text));
	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	ck_assert_int_eq(r.bad, 25);
	for (const char *s = sbuf_str(&r.problems); *s; s++)
		lines += *s == '\n';
	ck_assert_int_eq(lines, TRANSFER_LIST_MAX);
	ck_assert_msg(strstr(d.msg, "25 of 25 rows are bad") != NULL, "%s", d.msg);
	transfer_report_free(&r);
	sbuf_free(&text);
	free(path);
}
END_TEST

/* Blank lines (and rows of empty cells) at the end are not rows. */
START_TEST(test_blank_lines_ignored)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[256], *path;

	snprintf(text, sizeof text, "name,id_number\n王丽,%s\n张伟,%s\n\n  \r\n,\n", make_id(2),
	    make_id(3));
	path = write_file("blank.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s %s", d.msg, sbuf_str(&r.problems));
	ck_assert_int_eq(r.rows, 2);
	ck_assert_int_eq(persons(db), 2);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* The same name and birth date under two ID numbers imports with a warning. */
START_TEST(test_likely_duplicate_warned)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[256], *path;

	snprintf(text, sizeof text, "name,id_number\n王丽,%s\n王丽,%s\n", make_id(2), make_id(4));
	path = write_file("likely.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.imported, 2);
	ck_assert_int_eq(r.warnings, 1);
	ck_assert_msg(strstr(sbuf_str(&r.warned), ":3: likely duplicate") != NULL, "%s",
	    sbuf_str(&r.warned));
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* Names that sound the same (王莉, 王丽) warn on the later line only, naming the earlier person;
 * a later import warns about each registered one, and a name that sounds otherwise not at all. */
START_TEST(test_likely_duplicate_sounds_same_in_order)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[512], *path;

	snprintf(text, sizeof text, "name,id_number\n王莉,%s\n王丽,%s\n张伟,%s\n", make_id(2),
	    make_id(4), make_id(5));
	path = write_file("sounds.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.imported, 3);
	ck_assert_int_eq(r.warnings, 1);
	ck_assert_msg(strstr(sbuf_str(&r.warned), "sounds.csv:3: likely duplicate: 王莉") != NULL,
	    "%s", sbuf_str(&r.warned));
	transfer_report_free(&r);
	free(path);
	memset(&r, 0, sizeof r);
	snprintf(text, sizeof text, "name,id_number\n王立,%s\n", make_id(6));
	path = write_file("later.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.warnings, 2);
	ck_assert_msg(strstr(sbuf_str(&r.warned), "later.csv:2: likely duplicate: 王丽") != NULL &&
	    strstr(sbuf_str(&r.warned), "later.csv:2: likely duplicate: 王莉") != NULL, "%s",
	    sbuf_str(&r.warned));
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* Import a header that must be refused with a message holding want; nothing is written. */
static void
header_refused(const char *header, const char *want)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char *text = xasprintf("%s王丽,%s,x\n", header, make_id(2));
	char *path = write_file("header.csv", text);

	ck_assert_int_eq(import(path, true, false, &r, &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, want) != NULL, "want '%s' in: %s", want, d.msg);
	ck_assert_int_eq(persons(db), 0);
	ck_assert_int_eq(r.imported, 0);
	transfer_report_free(&r);
	free(path);
	free(text);
}

/* Unknown, missing, repeated and unnamed columns, an empty file and a missing one. */
START_TEST(test_header_errors)
{
	header_refused("name,id_number,colour\n", ":1: column 'colour' is not a field");
	header_refused("name,id_number,colour\n", "hukou_type");
	header_refused("name,phone,counselor\n", "no 'id_number' column");
	header_refused("name,id_number,NAME\n", "column 'name' is given twice (columns 1 and 3)");
	header_refused("name,id_number,id\n", "case id");
	header_refused("name,id_number,\n", "column 3 of the header has no name");
	header_refused("", "is not a field");

	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char *path = write_file("empty.csv", "");
	ck_assert_int_eq(import(path, false, false, &r, &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, "the file is empty") != NULL, "%s", d.msg);
	free(path);
	path = in_dir("missing.csv");
	ck_assert_int_eq(import(path, false, false, &r, &d), EX_NOINPUT);
	ck_assert_int_eq(persons(db), 0);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* Compare every field but the case id of every person of two databases, by ID number. */
static void
same_caseload(struct db *a, struct db *b)
{
	char *sql = xasprintf("%sORDER BY p.id_number", person_select_sql);
	struct db_stmt *sa = db_prepare(a, sql), *sb = db_prepare(b, sql);
	struct person pa = { 0 }, pb = { 0 };
	int n = 0, ra, rb;

	while ((ra = db_step(sa, "test", NULL)) == DB_ROW) {
		rb = db_step(sb, "test", NULL);
		ck_assert_int_eq(rb, DB_ROW);
		person_from_row(&pa, sa);
		person_from_row(&pb, sb);
		for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
			const char *va = pa.v[f], *vb = pb.v[f];
			ck_assert_msg((va == NULL && vb == NULL) ||
			    (va != NULL && vb != NULL && strcmp(va, vb) == 0),
			    "%s: %s: '%s' became '%s'", pa.v[PF_ID_NUMBER], person_fields[f].name,
			    va ? va : "(null)", vb ? vb : "(null)");
		}
		n++;
	}
	ck_assert_int_eq(ra, DB_DONE);
	ck_assert_int_eq(db_step(sb, "test", NULL), DB_DONE);
	ck_assert_int_eq(n, persons(a));
	person_clear(&pa);
	person_clear(&pb);
	db_finalize(sa);
	db_finalize(sb);
	free(sql);
}

/* Import every field, export, import into a fresh database: the same caseload. */
START_TEST(test_export_then_import_round_trips)
{
	struct transfer_report r = { 0 };
	struct sbuf text = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct db *fresh = NULL;
	struct transfer_opts o = { 0 };
	char head[4] = { 0 };
	long count = 0;
	FILE *f;

	/* Every column, in an unusual order, with values of every kind and empty cells. */
	sbuf_add(&text, "social_insurance,name,id_number,phone,hukou_province,hukou_type,education,"
	    "graduation_date,continuing_study,disabled,student_loan,veteran,registered_unemployed,"
	    "employment_difficulty,overcapacity_worker,rural_transfer_worker,returnee_entrepreneur,"
	    "job_seeking,employment_status,employer_kind,counselor,stage,next_followup,low_income,"
	    "poor_disabled,registered_poor,extremely_poor,zero_employment,unemployment_months,sex,"
	    "birth_date\n");
	sbuf_addf(&text, "true,王丽,%s,13912345678,,rural,bachelor,2017-07-01,false,false,true,none,"
	    "true,false,false,true,false,true,unemployed,none,\"li, wei\",training,2018-04-01,true,"
	    "false,,,true,40,female,1990-01-15\n", make_id(2));
	sbuf_addf(&text, ",张伟,%s,,21,urban,master,,,,,demobilised_soldier,,,,,,,employed,enterprise,"
	    ",employed,,,,,,,,,\n", make_id(3));
	sbuf_addf(&text, "false,欧阳娜娜,%s,+86 138 1234 5678,,,none,,yes,no,是,transferred_officer,"
	    "否,1,0,y,n,false,self_employed,government,counselor2,closed,2019-12-31,false,true,"
	    "false,true,false,0,,\n", make_id(5));
	char *path = write_file("all.csv", sbuf_str(&text));
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s: %s", d.msg,
	    sbuf_str(&r.problems));
	ck_assert_int_eq(r.imported, 3);
	transfer_report_free(&r);
	memset(&r, 0, sizeof r);

	char *out = in_dir("export.csv"), *partial = in_dir("export.csv.partial");
	/* the codes for scripts: no byte order mark */
	ck_assert_msg(transfer_export(db, out, false, &count, &d) == 0, "%s", d.msg);
	f = fopen(out, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(head, 1, 3, f), 3);
	fclose(f);
	ck_assert_str_ne(head, "\xef\xbb\xbf");
	/* labelled (English here: no catalogue), with the mark; read back below */
	ck_assert_msg(transfer_export(db, out, true, &count, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(access(partial, F_OK), -1);
	f = fopen(out, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(head, 1, 3, f), 3);
	fclose(f);
	ck_assert_str_eq(head, "\xef\xbb\xbf");
	/* each export is an event of the audit: what and how many, never an ID number */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'export' AND tbl IS "
	    "NULL AND row_key IS NULL", NULL), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT after = '{\"what\":\"persons\",\"rows\":3,"
	    "\"labels\":true}' FROM audit WHERE op = 'export' ORDER BY seq DESC LIMIT 1", NULL), 1);
	struct sbuf words = SBUF_INIT;
	ck_assert_int_eq(casefile_change(db, NULL, "export", NULL, "{\"what\":\"persons\","
	    "\"rows\":3,\"labels\":true}", &words, &d), 0);
	ck_assert_str_eq(sbuf_str(&words), "exported 3 persons (in words, for a spreadsheet)");
	sbuf_free(&words);

	char *second = in_dir("b.db");
	ck_assert_int_eq(dbopen_open(second, "counselor2", true, &d, &fresh), 0);
	ck_assert_msg(transfer_import(fresh, out, &o, &r, &d) == 0, "%s: %s", d.msg,
	    sbuf_str(&r.problems));
	ck_assert_int_eq(r.imported, 3);
	same_caseload(db, fresh);
	db_close(fresh);
	transfer_report_free(&r);
	sbuf_free(&text);
	free(second);
	free(partial);
	free(out);
	free(path);
}
END_TEST

/* Export to a folder that does not exist: EX_CANTCREAT naming the file. */
START_TEST(test_export_cannot_create)
{
	struct diag d = DIAG_INIT;
	char *out = in_dir("no-such-folder/x.csv");
	long count = 0;

	ck_assert_int_eq(transfer_export(db, out, false, &count, &d), EX_CANTCREAT);
	ck_assert_msg(strstr(d.msg, out) != NULL, "%s", d.msg);
	/* no file, no event: neither when the folder is missing nor when the file cannot take
	 * its name at the end (a folder is in its place): the event is rolled back with it */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'export'", NULL), 0);
	char *folder = in_dir("taken");
	ck_assert_int_eq(mkdir(folder, 0700), 0);
	ck_assert_int_eq(transfer_export(db, folder, false, &count, &d), EX_CANTCREAT);
	ck_assert_msg(strstr(d.msg, "cannot create it") != NULL, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'export'", NULL), 0);
	free(folder);
	free(out);
}
END_TEST

/* An import writes each person once, its household's flags already on it: no UPDATE of person
 * (the flags' trigger updated every person with a household after its insert, 0.45 s of 3.4 s
 * at 20,000 rows), and each person's copies of the flags are its household's. */
START_TEST(test_import_writes_each_person_once)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[512];

	snprintf(text, sizeof text, "name,id_number,low_income,zero_employment,registered_poor\n"
	    "王丽,%s,true,false,\n张伟,%s,,,\n李娜,%s,false,true,true\n", make_id(2), make_id(3),
	    make_id(4));
	char *path = write_file("flags.csv", text);
	/* the temporary store as an import sets it (a change of it drops the TEMP tables) */
	ck_assert_int_eq(db_exec(db, "PRAGMA temp_store = FILE", &d), 0);
	ck_assert_int_eq(db_exec(db, "CREATE TEMP TABLE person_updates (id TEXT)", &d), 0);
	ck_assert_int_eq(db_exec(db, "CREATE TEMP TRIGGER person_updated AFTER UPDATE ON main.person "
	    "BEGIN INSERT INTO person_updates VALUES (new.id); END", &d), 0);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.imported, 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person_updates", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person p JOIN household h ON "
	    "h.id = p.household_id WHERE (p.low_income, p.poor_disabled, p.registered_poor, "
	    "p.extremely_poor, p.zero_employment) IS (h.low_income, h.poor_disabled, "
	    "h.registered_poor, h.extremely_poor, h.zero_employment)", NULL), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE low_income = 1 AND "
	    "zero_employment = 0 AND registered_poor IS NULL", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE household_id IS NULL AND "
	    "coalesce(low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) "
	    "IS NULL", NULL), 1);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* An import puts the connection's settings back without reading the whole schema again (the
 * page cache's PRAGMA after temp_store's change, which forgets every schema, read it: 0.9% of
 * an import of 5,000 rows); the next statement reads it when it needs it. */
START_TEST(test_import_reads_the_schema_once)
{
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char text[256];
	int after_import, read, hi;

	snprintf(text, sizeof text, "name,id_number\n王丽,%s\n张伟,%s\n", make_id(2), make_id(3));
	char *path = write_file("schema.csv", text);
	ck_assert_msg(import(path, false, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.imported, 2);
	sqlite3_db_status(db_sqlite(db), SQLITE_DBSTATUS_SCHEMA_USED, &after_import, &hi, 0);
	ck_assert_int_eq(persons(db), 2);  /* reads the schema */
	sqlite3_db_status(db_sqlite(db), SQLITE_DBSTATUS_SCHEMA_USED, &read, &hi, 0);
	ck_assert_msg(after_import < read, "the schema was read again after the import (%d bytes "
	    "then, %d after the next statement)", after_import, read);
	ck_assert_int_eq(testdb_int(db, "PRAGMA cache_size", NULL), -2000);
	transfer_report_free(&r);
	free(path);
}
END_TEST

/* The transfer suite. */
static Suite *
transfer_suite(void)
{
	Suite *s = suite_create("transfer");
	TCase *tc = tcase_create("transfer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bad_row_writes_nothing);
	tcase_add_test(tc, test_skip_bad_imports_the_rest);
	tcase_add_test(tc, test_dry_run_writes_nothing);
	tcase_add_test(tc, test_duplicate_in_file_names_both_lines);
	tcase_add_test(tc, test_duplicate_in_database);
	tcase_add_test(tc, test_bom_and_no_bom);
	tcase_add_test(tc, test_quoted_cells);
	tcase_add_test(tc, test_whitespace_and_tabs_stripped);
	tcase_add_test(tc, test_bad_rows_of_every_kind);
	tcase_add_test(tc, test_only_twenty_listed);
	tcase_add_test(tc, test_blank_lines_ignored);
	tcase_add_test(tc, test_likely_duplicate_warned);
	tcase_add_test(tc, test_likely_duplicate_sounds_same_in_order);
	tcase_add_test(tc, test_header_errors);
	tcase_add_test(tc, test_export_then_import_round_trips);
	tcase_add_test(tc, test_export_cannot_create);
	tcase_add_test(tc, test_import_writes_each_person_once);
	tcase_add_test(tc, test_import_reads_the_schema_once);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(transfer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
