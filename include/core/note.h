/* Notes on a case, with an optional follow-up date that the caseload shows. A follow-up is open
 * until it is done, moved (to another day, still open) or cancelled; the person's next follow-up
 * is always the earliest open one. */
#ifndef CORE_NOTE_H
#define CORE_NOTE_H

#include "util/diag.h"

struct db;

/* Set the person's next follow-up, inside the open transaction: the earliest open one, none
 * for a closed case. */
int note_refollow(struct db *db, const char *person_id, struct diag *d);
/* Cancel every open follow-up of the person as of day `today` (a case closed), inside the open
 * transaction, and set the next follow-up again. */
int note_close_followups(struct db *db, const char *person_id, int today, struct diag *d);
/* Insert a note written on day `today` inside the open transaction and move the person's next
 * follow-up. A follow-up before today, or on a closed case, is refused (EX_DATAERR) with the
 * reason. *id (when not
 * NULL; caller frees) gets the new note's id. */
int note_insert(struct db *db, const char *person_id, const char *body, const char *followup,
    int today, char **id, struct diag *d);
/* Add a note in its own transaction (KEY: case id or ID number). */
int note_add(struct db *db, const char *key, const char *body, const char *followup,
    int today, char **id, struct diag *d);
/* Mark a note's open follow-up done on day `today`, in one transaction. EX_DATAERR when the
 * note has no open follow-up, saying why. */
int note_done(struct db *db, const char *note_id, int today, struct diag *d);
/* Cancel a note's open follow-up on day `today` (it leaves the worklist, marked cancelled). */
int note_cancel(struct db *db, const char *note_id, int today, struct diag *d);
/* Move a note's open follow-up to new_date (YYYY-MM-DD, not before today). */
int note_move(struct db *db, const char *note_id, const char *new_date, int today,
    struct diag *d);
/* Whether a note's follow-up is open (a question before a change may be spared): 0, or
 * EX_DATAERR saying why not, as note_done would. */
int note_check_open(struct db *db, const char *note_id, struct diag *d);
/* The id of the person's next open follow-up note (the earliest date), or *note_id NULL when
 * there is none. Caller frees. */
int note_next_open(struct db *db, const char *person_id, char **note_id, struct diag *d);

#endif
