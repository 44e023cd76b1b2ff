/* The policy sets decisions are made under, kept in the database (migration 0005): each file's
 * bytes once under their SHA-256, each set once under its hash (policyset_archive_hash), so that
 * a decision can be evaluated again under the files it was made under (core/replay.h). */
#ifndef CORE_ARCHIVE_H
#define CORE_ARCHIVE_H

#include "util/diag.h"

struct db;
struct policyset;
struct policyset_archive;

/* Keep the files of ps in the database unless its set is there already (a lookup of its hash),
 * inside the caller's transaction; *set_hash points into ps. 0, a sysexits code from the
 * database, or EX_SOFTWARE when the set has no archive (a file was added after loading). */
int archive_store(struct db *db, const struct policyset *ps, const char **set_hash, struct diag *d);
/* Read an archived set's files back, in name order, each checked against its hash and the set
 * against its own. Caller frees *out with policyset_archive_free. 0, EX_NOINPUT when no set has
 * that hash, or EX_DATAERR naming what is damaged. */
int archive_read(struct db *db, const char *set_hash, struct policyset_archive **out, struct diag *d);
/* Load an archived set as a policy set: its files are written into a new private directory
 * (mode 0700, removed again before this returns) and loaded from there. Caller frees *out with
 * policyset_free. 0, the codes of archive_read, EX_CANTCREAT when the directory cannot be made,
 * or the loader's code (the files no longer load with this jobdesk). */
int archive_open(struct db *db, const char *set_hash, struct policyset **out, struct diag *d);

#endif
