/* The decisions on benefits recorded by grant (core/grant.h): reading them for lists and
 * scripts, and four eyes on money (approve, reject, revoke, paid). A decision with an amount is
 * proposed until someone who did not propose it approves or rejects it (below the office's
 * threshold it is approved at once), then paid on a date; one that pays nothing is decided.
 * Each change is one db_transaction by the acting user (db_user), its status read inside it. */
#ifndef CORE_DECISION_H
#define CORE_DECISION_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/rows.h"

struct db;

/* The columns of a decision row: the decision, the person, and the item in words
 * (facts_row_describe; NULL for a decision about the person or an item no longer there). */
/* The statuses a decision has, as field_enum and label_parse take them. */
#define DECISION_STATUSES "proposed|approved|rejected|revoked|decided|paid"
/* The setting (table setting) holding the amount in fen below which a decision is approved at
 * once; absent or 0: every amount needs approval. */
#define DECISION_THRESHOLD_KEY "approval_threshold_fen"

enum { DL_ID, DL_ON, DL_PERSON_ID, DL_NAME, DL_ID_NUMBER, DL_POLICY, DL_SUBJECT, DL_SUBJECT_KEY,
	DL_OUTCOME, DL_AMOUNT, DL_STATUS, DL_COUNSELOR, DL_APPROVED_BY, DL_POLICY_HASH,
	DL_CREATED_AT, DL_APPROVED_AT, DL_REASON, DL_PAID_ON, DL_PAYMENT_REF, DL_ITEM, DL_NCOL };

/* The decisions, newest first (by date, then by when recorded): those of one status when status
 * is not NULL (DECISION_STATUSES), of one person when person_key
 * (case id or ID number) is not NULL. 0, or a sysexits code (EX_DATAERR: no such person). */
int decision_list(struct db *db, const char *status, const char *person_key, struct rows *out,
    struct diag *d);

/* Approve a proposed decision (KEY: its id or short number) as the acting user: EX_DATAERR when
 * it is the acting user's own proposal, already approved (naming by whom and when), or not
 * proposed (its status in words). */
int decision_approve(struct db *db, const char *key, struct diag *d);
/* Reject a proposed decision with a reason (one line, 1 to 500 bytes): its once-only slot is
 * freed. EX_DATAERR as decision_approve. */
int decision_reject(struct db *db, const char *key, const char *reason, struct diag *d);
/* Revoke a live decision (proposed, approved or decided) with a reason: its slot is freed.
 * EX_DATAERR for a paid, rejected or revoked one. */
int decision_revoke(struct db *db, const char *key, const char *reason, struct diag *d);
/* Record an approved decision paid on day paid_on (not after today, not before it was decided)
 * with a payment reference (NULL: none). EX_DATAERR when not approved yet, already paid, or it
 * pays nothing. */
int decision_paid(struct db *db, const char *key, int paid_on, const char *ref, int today,
    struct diag *d);
/* Record the payments of finance's CSV file (decision number, paid on, reference; a first line
 * of headers is skipped), all in one transaction: every row checked as decision_paid does, the
 * first error named FILE:LINE and nothing written. *n: the payments recorded. */
int decision_paid_file(struct db *db, const char *path, int today, int *n, struct diag *d);
/* The office's threshold in fen (0: every amount needs approval). */
int decision_threshold(struct db *db, int64_t *fen, struct diag *d);
/* Set the threshold (fen >= 0), in its own transaction. */
int decision_set_threshold(struct db *db, int64_t fen, struct diag *d);
/* The status a new decision takes: "decided" without an amount, "approved" for an amount
 * below the threshold, else "proposed" (for core/grant.c, inside its transaction). */
int decision_new_status(struct db *db, bool has_amount, int64_t amount_fen, const char **status,
    struct diag *d);

#endif
