/* Recording a decision on a benefit: evaluated and written in one IMMEDIATE transaction, so the
 * once-only limits hold even when two counselors grant at the same moment. */
#ifndef CORE_GRANT_H
#define CORE_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"

struct db;
struct policyset;
struct result;

/* One decision recorded. */
struct grant {
	char *decision_id;
	char *subject;        /* "trainings[0]", or NULL for the person */
	char *item;           /* the subject in words (facts_row_describe), or NULL */
	bool has_amount;
	int64_t amount_fen;
	const char *status;   /* "proposed", "approved" (below the threshold) or "decided" */
};

/* Grant policy_id to the person (KEY: case id or ID number) as of day `on`: the subject given,
 * or, when subject is NULL, the one eligible subject (EX_USAGE listing them when several are
 * eligible: the caller picks one). The decision records the policy file's hash, the set it
 * was made under (archived with it once: core/archive.h), the facts and reasons as evaluated, the counselor (db->user) and its status (decision_new_status: proposed, approved below the
 * office's threshold, decided when it pays nothing). EX_DATAERR naming the
 * reasons when nothing is eligible; when a money policy's amount is not known (a local
 * standard not set); when a once-only benefit was already granted; or when the same item (one
 * enrollment or certificate) is already paid under another policy by a live decision with an
 * amount (naming that policy's title, the date and the decision). *out (caller frees with
 * grant_free) holds *n decisions: one on success. */
int grant_record(struct db *db, const struct policyset *ps, const char *key,
    const char *policy_id, const char *subject, int on, struct grant **out, int *n,
    struct diag *d);
/* Whether an eligible result r of the person (case id pid) could be recorded now, reading
 * only, as of day `on`: 0, or EX_DATAERR saying why not (a money policy whose amount is not
 * known, an item already paid under another policy, the same benefit recorded that day). The
 * screen asks it before asking to confirm. */
int grant_check(struct db *db, const struct policyset *ps, const char *pid,
    const struct result *r, int on, struct diag *d);
/* Free what grant_record returned. */
void grant_free(struct grant *g, int n);

#endif
