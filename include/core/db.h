/* One thin wrapper over SQLite: open with the house pragmas, prepare, bind, step, transactions. */
#ifndef CORE_DB_H
#define CORE_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db {
	sqlite3 *h;
	char *path;
	char *user;     /* the acting user, named in audit rows */
	char *office;   /* this database's office code, the first part of new keys */
	uint64_t rng[4];  /* the key generator's state (db_new_key) */
	struct db_cached *cache;  /* statements kept prepared (db_cached) */
	int ncache;
};

/* Open (with create: create if missing and migrate) a database. Returns 0 or a sysexits code. */
int db_open(const char *path, const char *user, bool create, struct diag *d, struct db **out);
/* Close a database (NULL is fine). */
void db_close(struct db *db);
/* Prepare a statement; an SQL error here is a bug, so it is fatal. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* A statement kept prepared for this connection, reset and unbound, for SQL run often (the
 * same text gives the same statement; do not finalize it). Fatal on an SQL error. */
sqlite3_stmt *db_cached(struct db *db, const char *sql);
/* Bind text (NULL binds SQL NULL) at a 1-based index. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind an integer. */
void db_bind_int(sqlite3_stmt *st, int i, int64_t v);
/* Bind a nullable flag: -1 binds NULL (unknown), 0 or 1 as given. */
void db_bind_flag(sqlite3_stmt *st, int i, int v);
/* Column text, or NULL. */
const char *db_col_text(sqlite3_stmt *st, int i);
/* Column as a nullable flag: -1 when NULL. */
int db_col_flag(sqlite3_stmt *st, int i);
/* Begin a write transaction (BEGIN IMMEDIATE); EX_UNAVAILABLE when busy beyond the retry budget. */
int db_begin(struct db *db, struct diag *d);
/* Commit the transaction. */
int db_commit(struct db *db, struct diag *d);
/* Roll back the transaction if one is open. */
void db_rollback(struct db *db);
/* Run SQL with no parameters (schema steps, pragmas); returns 0 or a sysexits code. */
int db_exec(struct db *db, const char *sql, struct diag *d);
/* Turn a failed step's SQLite error into a diag naming what for (a message id); returns the code. */
int db_error(struct db *db, int rc, const char *what, struct diag *d);
/* A new key: office code, '-', 10 characters of milliseconds, 10 random. Caller frees. */
char *db_new_key(struct db *db);
/* The current UTC time as ISO 8601 text with milliseconds (24 bytes). */
void db_now(char out[32]);
/* quick_check, foreign_key_check and the schema version, written to report; 0 when all are fine. */
int db_check(struct db *db, struct sbuf *report, struct diag *d);
/* Copy the database to file with the online backup API. */
int db_backup(struct db *db, const char *file, struct diag *d);

#endif
