/* Applying one changeset of another office's bundle (issue 17, point 4): the field merge, the
 * conflicts held aside, the derived columns recomputed. core/bundle.c calls it per changeset,
 * inside the bundle's one write transaction. */
#ifndef CORE_SYNCAPPLY_H
#define CORE_SYNCAPPLY_H

#include <stddef.h>

#include "util/diag.h"

struct db;

/* What applying did: rows applied as they came, rows merged field by field, rows held aside. */
struct syncapply_counts { long applied, merged, held; };
/* Apply one changeset from office `from` (bundle `label`) inside the open write transaction,
 * under db_set_applying: rows merge field by field, conflicts are held aside, derived columns
 * recomputed; returns 0, or -1 with d set (the caller rolls the whole bundle back). */
int syncapply_changeset(struct db *db, const void *cs, size_t len, const char *from,
    const char *label, struct syncapply_counts *c, struct diag *d);

#endif
