/* Applying another office's changes (issue 17, point 4): merge, not overwrite. One changeset of
 * the other office's outbox is applied with SQLite's session extension inside the caller's write
 * transaction (begun under db_set_applying: nothing applied is recorded again). Rows merge field
 * by field; what cannot be applied without choosing between the two offices is held aside in the
 * table sync_conflict (migration 0011) for a supervisor: the same field changed on both sides, a
 * row deleted on one side and changed on the other, a person registered in both offices (a merge
 * proposal, with that person's other rows), a once-only benefit granted in both; a row whose
 * parent is held is held with it, so that no row is left without its person. Derived columns
 * (stage, next follow-up, the caseload's flag copies, the sort key, updated_at) are never a
 * conflict: they are recomputed for the persons touched, by the code the ordinary writes use.
 * syncapply_list and syncapply_resolve are `sync conflicts|resolve` and the conflicts screen. */
#ifndef CORE_SYNCAPPLY_H
#define CORE_SYNCAPPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct db;
struct rows;

struct syncapply_counts { long applied, merged, held; };
/* Apply one changeset from office `from` (bundle `label`) inside the open write transaction,
 * under db_set_applying: rows merge field by field, conflicts are held aside, derived columns
 * recomputed; returns 0, or -1 with d set (the caller rolls the whole bundle back). */
int syncapply_changeset(struct db *db, const void *cs, size_t len, const char *from,
    const char *label, struct syncapply_counts *c, struct diag *d);

/* Columns of syncapply_list's rows (stored values; SA_MINE and SA_THEIRS are JSON objects of the
 * fields' values, NULL for the side that deleted the row; SA_NAME: the case's name here, or the
 * other office's name for a person not here). */
enum { SA_ID, SA_KIND, SA_TABLE, SA_KEY, SA_PERSON, SA_NAME, SA_LOCAL, SA_PARENT, SA_FIELDS,
	SA_MINE, SA_THEIRS, SA_MINE_BY, SA_MINE_AT, SA_THEIRS_BY, SA_THEIRS_AT, SA_FROM, SA_BUNDLE,
	SA_HELD_AT, SA_STATUS, SA_KEPT, SA_RESOLVED_BY, SA_RESOLVED_AT, SA_NCOL };
/* The conflicts held aside, oldest first: the open ones (all: the resolved too). Needs the
 * right to resolve them. 0 or a code with d set. */
int syncapply_list(struct db *db, bool all, struct rows *out, struct diag *d);
/* One held conflict by id, as a row of syncapply_list in out (ncol SA_NCOL, one row): 0, or
 * EX_DATAERR when there is none. */
int syncapply_get(struct db *db, long id, struct rows *out, struct diag *d);
/* Row i of syncapply_list's rows in words into out: why it was held ("changed in both offices"),
 * then, a line each, the fields with this office's value before the other's, as the history
 * says a change (core/casefile.h: the person screen's labels and values). 0 or a code. */
struct sbuf;
int syncapply_words(struct db *db, const struct rows *r, size_t i, struct sbuf *out,
    struct diag *d);
/* Resolve an open conflict in its own transaction, keeping this office's values (theirs false)
 * or the other office's: a field conflict writes the chosen values; a deletion deletes or keeps
 * the row; a duplicate person merges the two cases (their rows join the case here; theirs: their
 * values win where both know one); a once-only benefit granted twice revokes one of the two. The
 * rows held with it are resolved with it. Supervisors and administrators. 0 or a code. */
int syncapply_resolve(struct db *db, long id, bool theirs, struct diag *d);

#endif
