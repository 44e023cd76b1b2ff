/* A job seeker's record: the person row with its household flags and insurance, as named fields.
 *
 * Every field a counselor, a CSV file or the command line can set is a row of person_fields:
 * its name (as in the facts file), where it is stored, and how it is checked. Values are kept
 * as normalised text (flags "1"/"0", dates YYYY-MM-DD); NULL is unknown.
 *
 * Persons are read one (person_load) or many at a time (person_list, in name order) and written
 * many in a caller's transaction (person_writer) or one as its own (person_add, person_update). */
#ifndef CORE_PERSON_H
#define CORE_PERSON_H

#include <stdint.h>
#include <stdbool.h>

#include "util/diag.h"
#include "util/rows.h"
#include "util/sbuf.h"

struct db;
struct db_stmt;

enum person_kind { PK_ID, PK_IDNUM, PK_NAME, PK_TEXT, PK_ENUM, PK_FLAG, PK_DATE, PK_PHONE,
	PK_PROVINCE, PK_MONTHS };
enum person_table { PT_PERSON, PT_HOUSEHOLD, PT_INSURANCE };

struct person_field {
	const char *name;       /* facts-file name, CSV column, --name option */
	enum person_kind kind;
	enum person_table table;
	const char *allowed;    /* enumerations: 'a|b|c' */
	const char *label_en;   /* a message id: shown through tr() */
};

enum {
	PF_ID, PF_ID_NUMBER, PF_NAME, PF_SEX, PF_BIRTH_DATE, PF_PHONE, PF_HUKOU_PROVINCE,
	PF_HUKOU_TYPE, PF_EDUCATION, PF_GRADUATION_DATE, PF_CONTINUING_STUDY, PF_DISABLED,
	PF_STUDENT_LOAN, PF_VETERAN, PF_REGISTERED_UNEMPLOYED, PF_EMPLOYMENT_DIFFICULTY,
	PF_OVERCAPACITY_WORKER, PF_RURAL_TRANSFER_WORKER, PF_RETURNEE_ENTREPRENEUR, PF_JOB_SEEKING,
	PF_EMPLOYMENT_STATUS, PF_EMPLOYER_KIND, PF_COUNSELOR, PF_STAGE, PF_NEXT_FOLLOWUP,
	PF_LOW_INCOME, PF_POOR_DISABLED, PF_REGISTERED_POOR, PF_EXTREMELY_POOR, PF_ZERO_EMPLOYMENT,
	PF_UNEMPLOYMENT_MONTHS, PF_SOCIAL_INSURANCE,
	/* schema step 4: appended, so that the CSV columns and JSON keys before them stay put */
	PF_ABLE_TO_WORK, PF_REGISTERED_UNEMPLOYED_FROM, PF_REGISTERED_UNEMPLOYED_UNTIL,
	PF_EMPLOYER_SIZE, PF_HIRED_ON, PF_RECEIVING_BENEFIT, PF_BENEFIT_UNTIL,
	PERSON_NFIELDS
};

/* How far after today a graduation date may be: a student's expected graduation, at most the
 * longest course of study a job seeker can be in (an eight-year medical programme). */
#define PERSON_GRADUATION_YEARS 8

extern const struct person_field person_fields[PERSON_NFIELDS];
/* Every field in the order a counselor reads them (a status beside its dates, the employer's
 * kind beside its size), for forms and pages; person_fields' own order is the CSV's and JSON's. */
extern const int person_field_order[PERSON_NFIELDS];
/* The kinds of employer, 'a|b|c': the person's and a job's. */
extern const char person_employer_kinds[];

struct person {
	char *v[PERSON_NFIELDS];   /* normalised text, NULL when unknown */
	int64_t updated_at;        /* as loaded (unix ms; 0: not loaded): person_update refuses a
	                            * case changed since */
};

/* Prepared statements for adding many persons in one transaction (import, demo). */
struct person_writer;
/* Persons read one at a time, in name order (person list). */
struct person_list;

/* The field index of a name ("hukou_type" or "hukou-type"), or -1. */
int person_field_find(const char *name);
/* Check and set one field from text; an empty value clears it. 0, or -1 with why filled in. */
int person_set(struct person *p, int field, const char *value, char *why, size_t whylen);
/* Check one cell of an import into p as person_set does, with today given and no allocation:
 * the normalised text goes at *at (256 bytes free before end), p->v[field] points there (not
 * owned: the caller resets it) and *at moves past it. 0, or -1 with why filled in. */
int person_set_cell(struct person *p, int field, const char *value, int today, char **at,
    const char *end, char *why, size_t whylen);
/* Fill in birth date and sex from the ID number and check they agree (never the hukou
 * province: the number tells where it was first issued), and that the unemployment
 * registration does not end before it began. today is a day number. 0, or -1 with why. */
int person_complete(struct person *p, int today, char *why, size_t whylen);
/* Free the values of a person (not the struct). */
void person_clear(struct person *p);
/* Start adding persons; the caller holds a write transaction while using it. */
struct person_writer *person_writer_new(struct db *db);
/* Insert one checked and completed person inside the open transaction; its new id goes to
 * p->v[PF_ID]. A duplicate ID number is an error naming the existing case; a likely
 * duplicate (person_duplicates) is appended to warn, naming it, when warn is not NULL. */
int person_writer_add(struct person_writer *w, struct person *p, struct sbuf *warn,
    struct diag *d);
/* Finish adding persons. */
void person_writer_free(struct person_writer *w);
/* A bulk load (import): persons staged in a TEMP table, then written in one INSERT ... SELECT
 * per table, inside the caller's write transaction. */
struct person_stage;
/* Called by person_stage_warn for a staged person's likely duplicates: its line, and the lines
 * person_duplicates_warn wrote to warn (the callee may empty it). */
typedef void person_stage_warn_fn(void *arg, long line, struct sbuf *warn);
/* Start a bulk load inside the caller's write transaction (an empty TEMP staging table). NULL
 * with d set when it cannot be made. */
struct person_stage *person_stage_new(struct db *db, struct diag *d);
/* Stage one checked and completed person read from line of the file (lines increase), with the
 * keys it will be written under; its new id goes to p->v[PF_ID]. Nothing checks the ID number
 * against the database here: the caller did, and the UNIQUE constraint stands behind it. */
int person_stage_add(struct person_stage *s, struct person *p, long line, struct diag *d);
/* Write every staged person in line order: households, persons, insurance records, each one
 * INSERT ... SELECT, the schema's triggers writing the audit, search tokens and sort keys. 0, or
 * a code with d set and *line the line the database refused (0 when it cannot be told); the
 * caller rolls the transaction back. */
int person_stage_write(struct person_stage *s, long *line, struct diag *d);
/* After person_stage_write: call fn for each written person with a likely duplicate registered
 * before it (in the database or on an earlier line), as person_writer_add warns. */
int person_stage_warn(struct person_stage *s, person_stage_warn_fn *fn, void *arg, struct diag *d);
/* How many persons are staged. */
long person_stage_count(const struct person_stage *s);
/* Drop the staging table and free the stage (inside the transaction that made it). */
void person_stage_free(struct person_stage *s);
/* Register one person in its own transaction (person add). */
int person_add(struct db *db, struct person *p, struct sbuf *warn, struct diag *d);
/* Save an edited person (p->v[PF_ID] names it) in one transaction: the person row, its
 * household flags and its insurance. The stage (it follows from progress and closure), the next
 * follow-up (from the notes) and the counselor (changed by transfer) are never written. The ID
 * number is checked again for duplicates. */
int person_update(struct db *db, struct person *p, struct diag *d);
/* A key (case id or ID number) as typed, as stored: full-width digits and letters in ASCII,
 * no spaces around, an ID number's x upper-case. */
void person_key(const char *key, char *out, size_t len);
/* Load a person by id or 18-digit ID number; the key of a record merged into another loads the
 * survivor (core/case.h). EX_NOINPUT-style diag (EX_DATAERR) when absent. */
int person_load(struct db *db, const char *key, struct person *p, struct diag *d);
/* "SELECT <every field in order> FROM person p LEFT JOIN household h ... LEFT JOIN insurance i ... "
 * to which a WHERE or ORDER BY clause is appended. */
extern const char person_select_sql[];
/* Fill p from a row of person_select_sql. */
void person_from_row(struct person *p, struct db_stmt *st);
/* Start listing persons in name order: every one, or those of a counselor, at a stage, or both
 * (NULL: any). */
struct person_list *person_list_new(struct db *db, const char *counselor, const char *stage);
/* The SQL person_list_new runs (?1 counselor, ?2 stage), appended to sql: how a test holds its
 * plan to the caseload's indexes. */
void person_list_sql(const char *counselor, const char *stage, struct sbuf *sql);
/* The next person into p: DB_ROW, DB_DONE at the end, or a sysexits code with d set
 * (core/db.h). */
int person_list_next(struct person_list *l, struct person *p, struct diag *d);
/* Finish a listing (NULL is fine). */
void person_list_free(struct person_list *l);
/* Append the CSV header: every field name but the case id, which a file does not set. */
void person_csv_header(struct sbuf *out);
/* Append one person as a CSV row in header order (ID number and phone behind a tab). */
void person_csv_row(struct sbuf *out, const struct person *p);
/* Append the CSV header of person_csv_label_row: the fields' labels in the interface's
 * language (身份证号, 姓名 ...). */
void person_csv_label_header(struct sbuf *out);
/* Append one person as a CSV row of person_csv_label_header: enumerations and flags labelled
 * in the interface's language (农业户口, 是/否), as import reads them back. */
void person_csv_label_row(struct sbuf *out, const struct person *p);
/* The field a CSV column header names: its name (any case, '-' for '_') or its label in
 * English (any case), in the interface's language or in Chinese whatever the locale; -1. */
int person_field_named(const char *header);
/* Resolve KEY (person id or ID number) to the person id, a merged record's to its survivor's.
 * Caller frees *id. */
int person_resolve(struct db *db, const char *key, char **id, struct diag *d);

/* The columns of person_duplicates' rows. */
enum { DU_ID, DU_NAME, DU_ID_NUMBER, DU_BIRTH_DATE, DU_COUNSELOR, DU_NCOL };
/* The likely duplicates of p among the other cases (not p->v[PF_ID], not its ID number, not
 * merged away): born the same day, with the same name or the same name in pinyin (王丽, 王莉).
 * out is filled (rows_free it) even on error. 0 or a code with d set (d may be NULL). */
int person_duplicates(struct db *db, const struct person *p, struct rows *out, struct diag *d);
/* Whether two names make a likely duplicate (of persons born the same day): the same name, a
 * look-alike (utext_same) or a name that sounds the same in pinyin. SQL: jd_same_name(a, b). */
bool person_same_name(const char *a, const char *b);
/* Append a warning line for each likely duplicate, naming the other case (ID number masked). */
void person_duplicates_warn(const struct rows *dups, struct sbuf *warn);

#endif
