/* A person's progress: enrollments (training, internship, startup, grassroots, job), the
 * certificates they lead to, and the case stage that follows from them. */
#ifndef CORE_PROGRESS_H
#define CORE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

/* How a detail's value is checked and stored. */
enum progress_kind { PGK_ENUM, PGK_DATE, PGK_INT, PGK_FLAG, PGK_TEXT };
/* The table a detail is a column of. */
enum progress_table { PGT_ENROLLMENT, PGT_CERTIFICATE };

/* One column of an enrollment or a certificate: every detail of progress a counselor, the
 * progress form or a fact can set is a row of progress_fields (as person_fields is for the
 * person). Enrollment columns come first, then certificate columns. */
struct progress_field {
	const char *name;       /* the column, and the progress form's key */
	enum progress_table table;
	enum progress_kind kind;
	const char *allowed;    /* enumerations: 'a|b|c' */
	int lo, hi;             /* whole numbers: the range */
	size_t off;             /* enrollments: where struct enrollment holds it */
	const char *label_en;   /* how the form and messages name it */
	bool required;          /* an enrollment is not saved without it */
};

enum {
	PG_KIND, PG_STATUS, PG_START, PG_END, PG_UNIT, PG_TRAINING_KIND, PG_CLASS_HOURS,
	PG_STARTUP_KIND, PG_LICENSE_DATE, PG_OPERATING, PG_SOCIAL_INSURANCE, PG_PROGRAM,
	PG_ASSESSED_PASS, PG_FIRST_TIME, PG_EMPLOYER_KIND,
	PG_LEVEL, PG_ISSUED_ON, PG_OCCUPATION,
	PROGRESS_NFIELDS,
	PG_NENROLLMENT = PG_LEVEL  /* the enrollment columns are 0 .. PG_NENROLLMENT - 1 */
};

extern const struct progress_field progress_fields[PROGRESS_NFIELDS];

/* A fact of a list item ("trainings[0].class_hours") and the column that holds it, in the
 * order the facts list an item's facts. */
struct progress_fact {
	const char *list;       /* "trainings" */
	const char *kind;       /* the enrollment kind the list holds; NULL for certificates */
	const char *name;       /* the fact's name in the item: "class_hours" */
	int field;              /* PG_* */
};

extern const struct progress_fact progress_facts[];
extern const size_t progress_nfacts;

/* One enrollment; text NULL and numbers -1 are unknown. */
struct enrollment {
	char *id;             /* set by progress_insert */
	const char *person_id;
	const char *kind;     /* training | internship | startup | grassroots | employment */
	const char *unit_name;
	const char *start_date, *end_date;
	const char *status;   /* planned | active | completed | dropped */
	const char *training_kind;
	int class_hours;
	const char *startup_kind;
	int first_time, operating, social_insurance;
	const char *license_date;
	const char *program;
	int assessed_pass;
	const char *employer_kind;
};

/* An enrollment with every detail unknown. */
void progress_init(struct enrollment *e);
/* Check an enrollment's values: 0, or EX_DATAERR with the field named. */
int progress_check(const struct enrollment *e, struct diag *d);
/* Insert a checked enrollment inside the open transaction; e->id is set (caller frees). */
int progress_insert(struct db *db, struct enrollment *e, struct diag *d);
/* Insert a certificate (level 1-5, issued_on YYYY-MM-DD) inside the open transaction. */
int progress_certificate(struct db *db, const char *person_id, int level, const char *issued_on,
    const char *occupation, const char *enrollment_id, struct diag *d);
/* Set the person's stage from their enrollments, inside the open transaction. */
int progress_restage(struct db *db, const char *person_id, struct diag *d);

/* Record progress as one user action: the enrollment, a certificate from it when level > 0,
 * the person's new stage and, when update_status is set and the entry is a startup or a job,
 * the employment status it implies (progress_update_status), in one transaction. */
int progress_record(struct db *db, struct enrollment *e, int cert_level, const char *cert_date,
    const char *occupation, bool update_status, struct diag *d);

/* Append a table's columns in progress_fields order, comma-separated, as a SELECT lists them
 * (the enrollment's unit is its own name or its unit row's). */
void progress_columns(struct sbuf *out, enum progress_table t);
/* Check a detail typed as text; whole numbers and flags go to *n. 0, or -1 with why. */
int progress_parse(int field, const char *value, long *n, char *why, size_t whylen);
/* Check a detail as a counselor types it (spaces around; full-width digits, letters and '－' from
 * an input method; an enumeration's label, 培训 for training) and write the text to store into
 * norm (normlen bytes): the value, the ASCII date, the number. 0, or -1 with why. */
int progress_norm(int field, const char *value, char *norm, size_t normlen, long *n, char *why,
    size_t whylen);
/* Set one detail of an enrollment or certificate row from checked text, inside the open
 * transaction, and set the person's stage again. */
int progress_set(struct db *db, const char *person_id, int field, const char *row_key,
    const char *value, struct diag *d);

/* One detail of a correction: a progress_fields index and its new text (NULL or "" clears it). */
struct progress_value {
	int field;
	const char *value;
};
/* diag.reason of a removal refused because a live decision rests on the entry. */
enum { PROGRESS_DECIDED = 1 };

/* Correct an enrollment or a certificate (row_id, either table) entered in error, as one user
 * action: each detail checked and set (the kind, status, level and date cannot be cleared),
 * a correction row with the reason (1 to 500 bytes, required), the stage set again. 0, or
 * EX_DATAERR naming what is wrong, with nothing written. */
int progress_fix(struct db *db, const char *row_id, const struct progress_value *vals, int n,
    const char *reason, struct diag *d);
/* Whether the entry row_id may be removed now, reading only: 0, or EX_DATAERR (reason
 * PROGRESS_DECIDED when a live decision rests on it) saying why not. */
int progress_removable(struct db *db, const char *row_id, struct diag *d);
/* Remove an enrollment or a certificate entered in error, as one user action: refused
 * (reason PROGRESS_DECIDED, naming the decision) while a proposed or approved decision rests on
 * it; else the row deleted, a correction row with the reason, the stage set again. */
int progress_remove(struct db *db, const char *row_id, const char *reason, struct diag *d);
/* The employment status a recorded enrollment kind implies: startup → self_employed,
 * employment → employed; NULL for the others. */
const char *progress_employment_status(const char *kind);
/* After a startup or a job begun on since (or NULL): set the person's employment status to what
 * the kind implies and registered_unemployed to false, ending a registration still open (with its
 * start date known) the day before, so a training it covered stays covered; as one user action.
 * EX_DATAERR for another kind. */
int progress_update_status(struct db *db, const char *person_id, const char *kind, const char *since,
    struct diag *d);

#endif
