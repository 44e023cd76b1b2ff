/* A jobdesk database file: opening it with the house settings (pragmas, the SQL functions the
 * schema's triggers call, migration, the search index brought up to date before each commit,
 * the office code), checking it and backing it up. Above the wrapper (core/db.h), beside the
 * modules it wires in (core/schema.h, core/search.h). One file, one prefix: dbopen.c, dbopen_. */
#ifndef CORE_DBOPEN_H
#define CORE_DBOPEN_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

/* diag.reason of dbopen_open: no file at the path, or the file fails the start-up check (its
 * header) or is no SQLite database: what session_open_db names a backup for. */
enum { DBOPEN_MISSING = 1, DBOPEN_DAMAGED = 2 };

/* Open a database (with create: creating the file when missing) and bring its schema up to date.
 * The file first passes the quick start-up check (its first 100 bytes: the SQLite header, page
 * size, journal mode; never the whole file: that is dbopen_check's); a missing or damaged file
 * is said with diag.reason DBOPEN_MISSING or DBOPEN_DAMAGED. Returns 0 or a sysexits code. */
int dbopen_open(const char *path, const char *user, bool create, struct diag *d, struct db **out);
/* Open the database a restore writes into: created empty (mode 0600) when missing, never
 * migrated, no start-up check (it is what the restore mends). 0 or a sysexits code. */
int dbopen_open_target(const char *path, const char *user, struct diag *d, struct db **out);
/* Open a closed copy (a backup) read-only and as immutable, so that nothing is written beside
 * it, for checking it and restoring from it. 0 or a sysexits code. */
int dbopen_open_copy(const char *path, struct diag *d, struct db **out);
/* Copy every page of src into the open database dst with SQLite's backup API, in one write
 * transaction of dst (its other connections see the new content at their next read). 0, or the
 * code with d set and dst unchanged. */
int dbopen_restore_into(struct db *dst, struct db *src, struct diag *d);
/* Open an existing database as it is, never migrating it (db check looks before anything changes
 * the file). Returns 0 or a sysexits code. */
int dbopen_open_as_is(const char *path, const char *user, struct diag *d, struct db **out);
/* A database in memory with the schema every migration gives (what db check compares a
 * database's schema with), opened with the house settings and functions. Returns 0 or a
 * sysexits code. */
int dbopen_expected(struct diag *d, struct db **out);
/* Register the SQL functions the schema's triggers call (jd_row_hash, jd_chain, jd_search_tokens
 * ...) on a connection another program opened and wrapped with db_wrap (the import benchmark's
 * sqlite3 shell extension). 0, or EX_SOFTWARE when libsodium cannot start. */
int dbopen_functions_on(struct db *db);
/* integrity_check, foreign_key_check and the schema version, written to report; 0 when all are fine. */
int dbopen_check(struct db *db, struct sbuf *report, struct diag *d);
/* Copy the database to file (replaced only by a whole copy) with the online backup API inside
 * one read transaction, so that writers go on under WAL; written to a new 0600 file beside
 * it, synced, renamed into place. 0, or the exit code with nothing left behind. */
int dbopen_backup(struct db *db, const char *file, struct diag *d);
/* Copy the database to file as dbopen_backup does, whoever acts (no role asked): the office's
 * own generations beside the database, taken at the end of anyone's day (core/backup.c). */
int dbopen_copy(struct db *db, const char *file, struct diag *d);

#endif
