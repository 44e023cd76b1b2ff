/* The office's own policy set (issue 17 point 5): the policy files in a folder beside the
 * database, DB.policies/ (0700, files 0600; the group's too on a set-group-id server, as the
 * database, whose folder is the data directory), seeded from the installed set at init and at the
 * first open of a database that has none, replaced only after the checks of `policy check`
 * pass on the new set, the set before kept as DB.policies.prev/. Which set a command reads is
 * main.c's: --policies or JOBDESK_POLICIES (privileged: the configuration's), else this folder
 * when present, else the installed set. Roles are the caller's to check. */
#ifndef CORE_POLICYDIR_H
#define CORE_POLICYDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

struct db;

/* One file of a set: a plain name (NAME.yaml: no '/', not a dot-file) and its bytes. */
struct policydir_file { const char *name; const void *data; size_t len; };

/* The directory holding this office's policy set (seeded at init from the installed set).
 * Caller frees. */
char *policydir_path(struct db *db);
/* The same for the database at db_path, before it is opened. Caller frees. */
char *policydir_of(const char *db_path);
/* Replace the office's set with files after `policy check` passes on them; the old kept.
 * The files are written into a fresh folder beside it and loaded from there; only a set that
 * loads without an error takes the office's folder's place (an atomic exchange), the set
 * before becoming DB.policies.prev/ (the one before that is removed). A set that fails is
 * removed and the current one stays: EX_DATAERR with d naming the first error and how many;
 * a bad name EX_DATAERR naming it; EX_CANTCREAT when the folder cannot be written. */
int policydir_replace(struct db *db, const struct policydir_file *f, size_t n, struct diag *d);
/* When this database has no set of its own (and may be written), make one from the set in
 * the folder from (every regular *.yaml there), checked as policydir_replace checks; *seeded
 * says whether it was made now. 0 (also when one was there), or a code with d set (the
 * folder cannot be read, the set fails its checks, nothing can be written). */
int policydir_seed(struct db *db, const char *from, bool *seeded, struct diag *d);

#endif
