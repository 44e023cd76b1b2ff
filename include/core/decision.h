/* Reading the decisions on benefits recorded by grant (core/grant.h), for lists and scripts. */
#ifndef CORE_DECISION_H
#define CORE_DECISION_H

#include "util/diag.h"
#include "util/rows.h"

struct db;

/* The columns of a decision row: the decision, the person, and the item in words
 * (facts_row_describe; NULL for a decision about the person or an item no longer there). */
enum { DL_ID, DL_ON, DL_PERSON_ID, DL_NAME, DL_ID_NUMBER, DL_POLICY, DL_SUBJECT, DL_SUBJECT_KEY,
	DL_OUTCOME, DL_AMOUNT, DL_STATUS, DL_COUNSELOR, DL_APPROVED_BY, DL_POLICY_HASH,
	DL_CREATED_AT, DL_ITEM, DL_NCOL };

/* The decisions, newest first (by date, then by when recorded): those of one status when status
 * is not NULL ("proposed", "approved", "rejected", "revoked"), of one person when person_key
 * (case id or ID number) is not NULL. 0, or a sysexits code (EX_DATAERR: no such person). */
int decision_list(struct db *db, const char *status, const char *person_key, struct rows *out,
    struct diag *d);

#endif
