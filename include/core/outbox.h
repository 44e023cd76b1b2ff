/* The outbox (issue 17): each write transaction's changes to the synced tables, as one SQLite
 * changeset stored in the table outbox before COMMIT, in the same transaction, numbered (seq)
 * under the database's sync epoch. The tables it records and the writer core/db.c hands each
 * changeset to; core/dbopen.c wires them in after migration (a migration's own changes are not
 * synced: each office migrates itself). */
#ifndef CORE_OUTBOX_H
#define CORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct db;
struct sbuf;

/* The synced tables, NULL-terminated: the offices, the case tables and units. */
extern const char *const outbox_tables[];

/* Store a changeset of len bytes as the next outbox row (epoch: the setting sync_epoch, 0
 * without one), inside the open transaction, with its reach: known_reach when the writer of
 * its rows knew it, else (NULL) worked out from the changeset. 0, or a code with d set
 * (db_outbox_fn). */
int outbox_store(struct db *db, const void *changeset, size_t len, const char *known_reach,
    struct diag *d);
/* The reach (as outbox.reach keeps it) of a changeset that only inserts new cases of office
 * (NULL: none), each with its new household and records, as outbox_reach would work it out.
 * Caller frees. */
char *outbox_reach_new_cases(const char *office);
/* Whether table's row key belongs to a case of office (*owner), and/or each office it belongs
 * to appended to offices (when not NULL) as "CODE|", once each: 1 when table is a case table,
 * 0 when it is not (nothing asked), or -(a code) with d set. bundle.c selects with it. */
int outbox_case_office(struct db *db, const char *table, const char *key, const char *office,
    bool *owner, struct sbuf *offices, struct diag *d);
/* The offices a changeset's rows belong to, as outbox.reach keeps them: "|CODE|...|" ("|":
 * none, e.g. only office rows), or NULL (caller frees) when one goes to every office below (a
 * unit). 0 or a code with d set. */
int outbox_reach(struct db *db, const void *changeset, size_t len, char **reach,
    struct diag *d);
/* Start recording db's write transactions into its outbox, when its schema has one. 0, or a
 * code with d set. */
int outbox_wire(struct db *db, struct diag *d);

#endif
