/* Notes on a case, with an optional follow-up date that the caseload shows. */
#ifndef CORE_NOTE_H
#define CORE_NOTE_H

#include "util/diag.h"

struct db;

/* Insert a note inside the open transaction and move the person's next follow-up. */
int note_insert(struct db *db, const char *person_id, const char *body, const char *followup,
    struct diag *d);
/* Add a note in its own transaction. */
int note_add(struct db *db, const char *person_id, const char *body, const char *followup,
    struct diag *d);

#endif
