/* A person's progress: enrollments (training, internship, startup, grassroots, job), the
 * certificates they lead to, and the case stage that follows from them. */
#ifndef CORE_PROGRESS_H
#define CORE_PROGRESS_H

#include <stdbool.h>

#include "util/diag.h"

struct db;

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
 * and the person's new stage, in one transaction. */
int progress_record(struct db *db, struct enrollment *e, int cert_level, const char *cert_date,
    const char *occupation, struct diag *d);

/* Whether a fact path names an item fact that progress_answer can set. */
bool progress_answerable(const char *path);
/* Set one fact of a person's list item ("trainings[0].class_hours") from text, as one user
 * action: the value checked, the row updated and the stage set again, in one transaction. */
int progress_answer(struct db *db, const char *person_id, const char *path, const char *value,
    struct diag *d);

#endif
