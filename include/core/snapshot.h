/* Snapshots (issue 17): every synced row of some cases as one SQLite changeset of INSERTs, made
 * with SQLite's own session API, for an office that does not hold those rows (a case moved into
 * it after its rows were pruned from the outbox, a receiver restored from a backup). */
#ifndef CORE_SNAPSHOT_H
#define CORE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct db;

/* Which cases a snapshot holds: the persons named (ids, n of them), or every case of an
 * office (office set, ids unused; below: and of the offices below it); all_units adds every
 * unit, not only those the cases' enrollments name; office_row (not NULL) adds that office's
 * own row. */
struct snapshot_sel {
	const char *const *ids;
	size_t n;
	const char *office;
	bool all_units;
	bool below;
	const char *office_row;
};

/* The snapshot of the selected cases into *cs (*len bytes; free it with free(); NULL and 0
 * when there is no row): their households, the persons, the units their enrollments name,
 * then their enrollments, certificates, insurance, notes, decisions and corrections, as the
 * database holds them now (inside the caller's transaction: its writes included). 0, or a
 * code with d set. */
int snapshot_cases(struct db *db, const struct snapshot_sel *sel, void **cs, size_t *len,
    struct diag *d);
/* Make the snapshot of the selected cases and store it as the next outbox row, inside the
 * open transaction (nothing when there is no row). 0, or a code with d set. */
int snapshot_store(struct db *db, const struct snapshot_sel *sel, struct diag *d);

#endif
