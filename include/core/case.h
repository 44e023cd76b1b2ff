/* A case's lifecycle: closed with a reason and reopened, handed to another counselor, and two
 * records of one person merged into one. Each action is one transaction, audited by the
 * triggers; the stage follows from progress again when a case is reopened.
 *
 * A merged-away record keeps its row (closed as a duplicate, merged_into naming the survivor)
 * so that its key and its ID number still lead to the person (person_load follows it). */
#ifndef CORE_CASE_H
#define CORE_CASE_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/rows.h"

struct db;

/* The reasons a case is closed, as stored: 'a|b|c'. */
extern const char case_reasons[];

/* Why a lifecycle action was refused (diag.reason), for a caller that reacts to one. */
enum { CASE_MERGE_MISMATCH = 1 };

/* What a key names, without following a merge: the record itself. */
struct case_info {
	char *id, *id_number, *name, *sex, *birth_date, *stage, *counselor;
	char *closed_reason, *closed_on, *closed_note, *merged_into;
};

/* The label of a closure reason (a message id, shown through tr()), or NULL when the text is
 * not one of case_reasons. */
const char *case_reason_label(const char *reason);
/* The record a key (case id or 18-digit ID number) names, merged away or not. 0, or EX_DATAERR
 * when there is none. Free with case_info_clear. */
int case_find(struct db *db, const char *key, struct case_info *c, struct diag *d);
/* Free the strings of a case_info. */
void case_info_clear(struct case_info *c);

/* Close a case with a reason of case_reasons (note: required for 'other', optional else, one
 * line of at most 500 characters) as of today (a day number): stage closed. */
int case_close(struct db *db, const char *person_id, const char *reason, const char *note,
    int today, struct diag *d);
/* Reopen a closed case: the closure cleared and the stage set from progress again. */
int case_reopen(struct db *db, const char *person_id, struct diag *d);
/* Hand a case to another counselor (a login; one of app_user's when that table has rows), or
 * move it to another office (the code of this database's office, the office above it or a
 * trusted office): its counselor cleared, a snapshot of its rows into the outbox when the
 * office is below this one (core/snapshot.h). */
int case_transfer(struct db *db, const char *person_id, const char *to_login, struct diag *d);
/* Merge the record gone_id into keep_id as of today: gone's enrollments, certificates, notes,
 * decisions and corrections move to keep; keep's unknown fields, household flags and insurance
 * are filled from gone's; gone stays, closed as a duplicate, merged into keep, and whatever was
 * merged into gone now points to keep. Two records of different sex or birth date are refused
 * (reason CASE_MERGE_MISMATCH) unless force is set. */
int case_merge(struct db *db, const char *keep_id, const char *gone_id, int today, bool force,
    struct diag *d);

/* Columns of case_double_grants' rows. */
enum { DG_POLICY, DG_ITEM, DG_FIRST, DG_SECOND, DG_POLICY2, DG_NCOL };
/* Benefits paid twice to the person: two live decisions of one once-only policy and item (as a
 * merge leaves them), or one item paid under two policies (rural and vocational training for one
 * training, recorded before the ledger refused it): the policy, the item's row key (NULL for the
 * person: describe it with facts_row_describe), the two decisions' ids, and the second's policy. */
int case_double_grants(struct db *db, const char *person_id, struct rows *out, struct diag *d);

#endif
