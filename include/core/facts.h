/* The facts tree of a person, built from the case database (CONTRACT.md section 3). */
#ifndef CORE_FACTS_H
#define CORE_FACTS_H

#include "util/diag.h"
#include "util/node.h"

struct db;
struct facts_iter;

/* Build the facts of one person (KEY: person id or 18-digit ID number). Caller frees *out. */
int facts_person(struct db *db, const char *key, struct node **out, struct diag *d);
/* Start reading every person's facts in person order, with a few set-based queries. */
struct facts_iter *facts_iter_new(struct db *db);
/* The next person's facts (caller frees) and id (valid until the next call); NULL at the end. */
struct node *facts_iter_next(struct facts_iter *it, const char **person_id);
/* 0 when the iteration ended because every person was read, else a diag of the failure. */
int facts_iter_status(struct facts_iter *it, struct diag *d);
/* Finish an iteration. */
void facts_iter_free(struct facts_iter *it);
/* The row key behind a subject such as "certificates[0]" of a person, as the facts list it.
 * Caller frees *key. EX_DATAERR when the person has no such item. */
int facts_subject_key(struct db *db, const char *person_id, const char *subject, char **key,
    struct diag *d);

#endif
