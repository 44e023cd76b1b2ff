/* The lists of one case for the person screen: progress, certificates, notes, decisions, history.
 * Each fills a struct rows (util/rows.h) whose columns are named in the enum beside it. */
#ifndef CORE_CASEFILE_H
#define CORE_CASEFILE_H

#include "core/audit.h"
#include "core/progress.h"
#include "util/diag.h"
#include "util/rows.h"

struct db;

/* Enrollment rows: the id, then the enrollment columns of progress_fields in their order. */
enum { EN_ID, EN_KIND = 1 + PG_KIND, EN_STATUS = 1 + PG_STATUS, EN_START = 1 + PG_START,
	EN_END = 1 + PG_END, EN_UNIT = 1 + PG_UNIT, EN_TRAINING_KIND = 1 + PG_TRAINING_KIND,
	EN_CLASS_HOURS = 1 + PG_CLASS_HOURS, EN_STARTUP_KIND = 1 + PG_STARTUP_KIND,
	EN_LICENSE_DATE = 1 + PG_LICENSE_DATE, EN_OPERATING = 1 + PG_OPERATING,
	EN_SOCIAL_INSURANCE = 1 + PG_SOCIAL_INSURANCE, EN_PROGRAM = 1 + PG_PROGRAM,
	EN_ASSESSED_PASS = 1 + PG_ASSESSED_PASS, EN_FIRST_TIME = 1 + PG_FIRST_TIME,
	EN_EMPLOYER_KIND = 1 + PG_EMPLOYER_KIND, EN_NCOL = 1 + PG_NENROLLMENT };
/* Certificate rows: the id, then the certificate columns of progress_fields in their order. */
enum { CE_ID, CE_LEVEL = 1 + PG_LEVEL - PG_NENROLLMENT,
	CE_ISSUED_ON = 1 + PG_ISSUED_ON - PG_NENROLLMENT,
	CE_OCCUPATION = 1 + PG_OCCUPATION - PG_NENROLLMENT,
	CE_NCOL = 1 + PROGRESS_NFIELDS - PG_NENROLLMENT };
enum { NO_ID, NO_CREATED_AT, NO_CREATED_BY, NO_BODY, NO_FOLLOWUP, NO_DONE, NO_CANCELLED,
	NO_DONE_ON, NO_NCOL };
enum { DE_ID, DE_ON, DE_POLICY, DE_ITEM, DE_OUTCOME, DE_AMOUNT, DE_STATUS, DE_COUNSELOR,
	DE_NCOL };
/* History rows are audit rows (core/audit.h): when (UTC), who, the table, the op, the row's key,
 * before and after (JSON objects, either NULL: an insert has neither, the row is its image). */
enum { HI_AT = AU_AT, HI_ACTOR = AU_ACTOR, HI_TABLE = AU_TABLE, HI_OP = AU_OP, HI_KEY = AU_KEY,
	HI_BEFORE = AU_BEFORE, HI_AFTER = AU_AFTER, HI_NCOL = AU_NCOL };

/* The person's enrollments, newest start first. */
int casefile_enrollments(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's certificates, newest first. */
int casefile_certificates(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's notes, newest first. */
int casefile_notes(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The person's decisions, newest first. */
int casefile_decisions(struct db *db, const char *person_id, struct rows *out, struct diag *d);
/* The audit trail of the person and their rows, newest first (at most 200), the chain's own
 * rows (its start, the baselines) left out. */
int casefile_history(struct db *db, const char *person_id, struct rows *out, struct diag *d);

/* A table of a case in words ("personal details", translated); NULL when not one. */
const char *casefile_table_label(const char *table);
/* An audit row (casefile_history's table, op, before, after) in words into out, a line per
 * change: "added personal details", "changed phone: 13912345678 → 13812345678" (the person's
 * own fields by their labels), "changed progress status: active → completed" (another table's
 * row); values as the person screen shows them, cut to 20 columns with "…"; technical columns
 * (ids, times, keys) left out. A row of the old trail ('legacy') reads as the insert, update or
 * delete it was; an event (a sign-in, an export) by its words; a row jobdesk does not write as
 * "unknown operation". 0, or a sysexits code with d set. */
int casefile_change(struct db *db, const char *table, const char *op, const char *before,
    const char *after, struct sbuf *out, struct diag *d);

/* Correction rows: when, who, the table ("enrollment" or "certificate"), the op ("fix" or
 * "remove"), the reason and the row's key. */
enum { CO_AT, CO_BY, CO_TABLE, CO_OP, CO_REASON, CO_KEY, CO_NCOL };
/* The corrections of the person's progress and certificates, newest first. */
int casefile_corrections(struct db *db, const char *person_id, struct rows *out, struct diag *d);

#endif
