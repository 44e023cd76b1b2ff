/* The office's own policy directory (issue 17, point 5; branch i15-scope writes policydir.c):
 * seeded at init from the installed set, replaced by the county's set after `policy check`. */
#ifndef CORE_POLICYDIR_H
#define CORE_POLICYDIR_H

#include <stddef.h>

#include "util/diag.h"

struct db;

/* One policy file: its name and bytes. */
struct policydir_file { const char *name; const void *data; size_t len; };
/* The directory holding this office's policy set (seeded at init from the installed set). */
char *policydir_path(struct db *db);
/* Replace the office's set with files after `policy check` passes on them; the old kept. */
int policydir_replace(struct db *db, const struct policydir_file *f, size_t n, struct diag *d);

#endif
