/* The lists of one case for the person screen: progress, certificates, notes, decisions, history.
 * Each fills a struct rows (util/rows.h) whose columns are named in the enum beside it. */
#ifndef CORE_CASEFILE_H
#define CORE_CASEFILE_H

#include "util/diag.h"
#include "util/rows.h"

struct db;

enum { EN_ID, EN_KIND, EN_STATUS, EN_START, EN_END, EN_UNIT, EN_TRAINING_KIND, EN_CLASS_HOURS,
	EN_STARTUP_KIND, EN_LICENSE_DATE, EN_OPERATING, EN_SOCIAL_INSURANCE, EN_PROGRAM,
	EN_ASSESSED_PASS, EN_FIRST_TIME, EN_NCOL };
enum { CE_ID, CE_LEVEL, CE_ISSUED_ON, CE_OCCUPATION, CE_NCOL };
enum { NO_ID, NO_CREATED_AT, NO_CREATED_BY, NO_BODY, NO_FOLLOWUP, NO_DONE, NO_NCOL };
enum { DE_ID, DE_ON, DE_POLICY, DE_SUBJECT, DE_OUTCOME, DE_AMOUNT, DE_STATUS, DE_COUNSELOR,
	DE_NCOL };
enum { HI_AT, HI_ACTOR, HI_TABLE, HI_OP, HI_KEY, HI_NCOL };

/* The person's enrollments, newest start first. */
int casefile_enrollments(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's certificates, newest first. */
int casefile_certificates(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's notes, newest first. */
int casefile_notes(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's decisions, newest first. */
int casefile_decisions(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The audit trail of the person and their rows, newest first (at most 200). */
int casefile_history(struct db *db, const char *person_id, struct rows *out, struct diag *d);

#endif
