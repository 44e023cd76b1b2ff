/* A stored decision evaluated again: under the policy set it was made under (archived with it:
 * core/archive.h) and under the set in use today, for the facts it recorded on the day it was
 * made, each compared with what was recorded: the outcome, the amount and the reasons. */
#ifndef CORE_REPLAY_H
#define CORE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/notice.h"
#include "util/diag.h"

struct db;
struct policyset;

/* One reason: its check's id, whether it held (1, 0, -1 not known) and its sentence. */
struct replay_reason {
	char *id;
	int held;
	char *zh, *en;
};

/* What one evaluation gave, or why there is none. */
enum replay_state {
	REPLAY_DONE,        /* evaluated: outcome, amount and reasons are set */
	REPLAY_NO_ARCHIVE,  /* the decision was recorded before sets were archived */
	REPLAY_NO_LOAD,     /* the archived set could not be read or loaded: why says so */
	REPLAY_NO_POLICY,   /* the set has no policy with the decision's id */
	REPLAY_NO_ITEM,     /* the policy gives no result for the decision's item */
};

/* The recorded decision, or one evaluation of it. */
struct replay_side {
	enum replay_state state;
	char *why;                     /* REPLAY_NO_LOAD: the message */
	char *title_zh, *title_en;     /* the policy's title in that set, or NULL */
	char *outcome;                 /* "eligible" | "ineligible" | "unknown", or NULL */
	bool has_amount;
	int64_t amount_fen;
	struct replay_reason *reasons;
	size_t nreasons;
	bool same_outcome, same_amount, same_reasons;  /* as recorded (evaluations only) */
	bool same;                     /* REPLAY_DONE and all three the same */
};

/* A replay. Every text from the database is as stored (untrusted). */
struct replay {
	char *decision_id;
	char number[NOTICE_NUMBER_LEN];
	char *policy_id;               /* for files and scripts, never for people */
	char *decided_on;              /* YYYY-MM-DD */
	char *subject;                 /* "trainings[0]", or NULL for the person */
	char *name;                    /* the person's name */
	char *item;                    /* the item in words, or NULL */
	char *policy_hash;             /* the policy file's hash the decision recorded */
	char *set_hash;                /* the archived set, or NULL (recorded before archiving) */
	char *current_hash;            /* the set in use, or NULL when it has no archive */
	struct replay_side recorded;   /* state REPLAY_DONE */
	struct replay_side archived;   /* under the archived set */
	struct replay_side current;    /* under the set in use */
};

/* Replay the decision a key names (its id or short number: notice_resolve) under its archived
 * set and under current (the set in use), for its stored facts on its date. Free with
 * replay_clear. 0 (whatever the evaluations gave: see the sides), or EX_DATAERR when there is no
 * such decision or its stored facts cannot be read. */
int replay_run(struct db *db, const struct policyset *current, const char *key, struct replay *r,
    struct diag *d);
/* Free what a replay holds. */
void replay_clear(struct replay *r);

#endif
