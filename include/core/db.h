/* The SQLite wrapper at the bottom of core: a database (struct db) and a statement
 * (struct db_stmt), both opaque, so that no file above core sees SQLite itself.
 *
 * A statement is prepared (db_prepare, freed by db_finalize) or kept prepared for SQL run often
 * (db_cached: the connection keeps it; db_finalize or db_reset only releases it). Values are
 * bound by 1-based index (db_bind_*: SQL is never built from values), db_step walks the rows,
 * db_col_* read the current one. db_step answers DB_ROW, DB_DONE (0) or a sysexits code with
 * the diag set, naming what was being done; busy, constraint, I/O and damage map to
 * EX_UNAVAILABLE, EX_DATAERR, EX_IOERR and EX_DATAERR. db_run steps a write to its end;
 * db_query_int reads one number. db_transaction runs work in BEGIN IMMEDIATE and commits it or
 * rolls it back; a pre-commit hook (db_set_precommit) runs before each COMMIT, then the outbox
 * (db_set_outbox): one SQLite session per write transaction, made at BEGIN on the tables it was
 * given, whose changeset (when it holds a change) its writer stores before COMMIT, in the same
 * transaction; db_set_applying suppresses it (changes applied from another office's bundle).
 *
 * Opening a database file (the house pragmas, the SQL functions, migration, the search index
 * hook), checking it and backing it up are core/dbopen.h, above this: the one module that also
 * speaks SQLite itself, through db_wrap and db_sqlite (a struct sqlite3 is of no use above core,
 * which may not include <sqlite3.h>). */
#ifndef CORE_DB_H
#define CORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/role.h"
#include "util/diag.h"

struct db;
struct db_stmt;
struct sqlite3;

/* What db_step found when it did not fail: a row to read, or the end. Any other result is a
 * sysexits code with the diag set, so "return ret" passes a failure on and 0 means done. */
enum { DB_ROW = -1, DB_DONE = 0 };

/* Store a write transaction's changeset (len > 0 bytes) inside it, before COMMIT: 0, or a code
 * with d set that rolls the transaction back (core/outbox.c). reach: the offices its rows
 * belong to when the writer of its rows said so (db_outbox_inserts), else NULL. */
typedef int db_outbox_fn(struct db *db, const void *changeset, size_t len, const char *reach,
    struct diag *d);
/* Work done inside a transaction: 0 to commit, or a sysexits code (with d set) to roll back. */
typedef int db_work_fn(struct db *db, void *arg, struct diag *d);
/* A hook run inside the transaction before each COMMIT: 0, or a code that rolls it back. */
typedef int db_hook_fn(struct db *db, struct diag *d);

/* A database for a connection just opened (h may be NULL when opening failed): db_close
 * closes it. path and user are copied. For core/dbopen.c. */
struct db *db_wrap(struct sqlite3 *h, const char *path, const char *user);
/* The connection behind a database, for core/dbopen.c (its SQL functions and backups). */
struct sqlite3 *db_sqlite(struct db *db);
/* Close a database and the statements it keeps (NULL is fine). */
void db_close(struct db *db);
/* The database's file name. */
const char *db_path(const struct db *db);
/* The acting user, named in audit rows. */
const char *db_user(const struct db *db);
/* The owner's name when the owner acts as the acting user, else NULL (audit rows' acting_as). */
const char *db_acting_as(const struct db *db);
/* Record that the owner named owner acts as the acting user (copied; NULL: no one). */
void db_set_acting_as(struct db *db, const char *owner);
/* Set the acting user named in audit rows (copied): who logged in (core/user.c). */
void db_set_user(struct db *db, const char *user);
/* Register a gate run once before the first write transaction begins (outside it; it may run
 * transactions of its own): 0 lets the write go on, a code refuses it and the gate stays for
 * the next one. For a password asked only when a command writes (cli). NULL: none. */
void db_set_write_gate(struct db *db, db_work_fn *fn, void *arg);
/* Set the office code that begins new keys (copied). */
void db_set_office(struct db *db, const char *office);
/* Register how the office code is read when first needed (db_office, db_new_key) and no
 * db_set_office came first: opening a database reads no table the first page does not need. */
void db_set_office_loader(struct db *db, void (*load)(struct db *db));
/* Set the acting user's role (identity resolution does, once): from then on core/role.c
 * enforces the matrix on this connection. Until then the role is ROLE_ADMIN, not enforced. */
void db_set_role(struct db *db, enum role r);
/* The acting user's role (ROLE_ADMIN until db_set_role). */
enum role db_role(const struct db *db);
/* Whether db_set_role was called on this connection (roles are enforced). */
bool db_role_set(const struct db *db);
/* Set the acting user's office (an office id, copied; NULL: this database's office). */
void db_set_user_office(struct db *db, const char *office_id);
/* The acting user's office id, or NULL for this database's office. */
const char *db_user_office(const struct db *db);
/* The case whose walk-in opening was last recorded on this connection (core/role.c), or NULL. */
const char *db_walk_in(const struct db *db);
/* Remember the case whose walk-in opening was recorded (copied; NULL: none). */
void db_set_walk_in(struct db *db, const char *person_id);
/* Whether a transaction is open on the connection (db_transaction's work is running). */
bool db_in_transaction(struct db *db);
/* The office code set for this database (db_set_office), or NULL when none was (keys then
 * begin 000000-). */
const char *db_office(struct db *db);
/* Record each write transaction's changes to tables (NULL-terminated, not copied: static) with
 * an SQLite session made at BEGIN and deleted after COMMIT or ROLLBACK, its changeset handed to
 * fn before COMMIT after the pre-commit hook. NULL tables: record nothing. */
void db_set_outbox(struct db *db, const char *const *tables, db_outbox_fn *fn);
/* Stop (paused true) or restart recording the open transaction's changes to the synced tables:
 * a bulk write (an import) pauses it and gives the outbox its rows with db_outbox_rows, which
 * costs a fraction of the session's record (at 20,000 imported persons the session took 1.8 G
 * of 16 G instructions and most of the peak memory). Nothing when nothing is recorded. */
void db_outbox_pause(struct db *db, bool paused);
/* Whether the open transaction's changes are recorded for an outbox. */
bool db_outbox_recording(const struct db *db);
/* Record, for the open transaction's changeset, an INSERT into table of each row that rows
 * (prepared, bound) steps through: its columns must be the table's, in order (SELECT t.*), read
 * after the transaction's last change to them, as the session would read them at COMMIT. Only
 * for rows inserted while paused (a row both recorded and given here would be sent twice).
 * Rows is stepped to its end (not stepped when nothing is recorded). 0, or a code with d set. */
int db_outbox_rows(struct db *db, const char *table, struct db_stmt *rows, const char *what,
    struct diag *d);
/* A table's INSERTs for the open transaction's changeset built from the values as a bulk write
 * writes them, without reading the rows back (db_outbox_rows): for each row db_inserts_row,
 * then one value a column of the table, in its order, as it will be stored (the caller answers
 * for defaults and triggers: a column with a DEFAULT it does not give, or a trigger that
 * changes the row, makes it a case for db_outbox_rows). Only for rows inserted while paused.
 * NULL when nothing is recorded or the table cannot be read; db_outbox_inserts adds them. */
struct db_inserts;
struct db_inserts *db_inserts_new(struct db *db, const char *table);
/* How many columns the table has. */
int db_inserts_columns(const struct db_inserts *t);
/* Column i's name, and whether it has a DEFAULT (*dflt). */
const char *db_inserts_column(const struct db_inserts *t, int i, bool *dflt);
/* Begin the next row. */
void db_inserts_row(struct db_inserts *t);
/* The row's next value: text (NULL: an SQL NULL). */
void db_inserts_text(struct db_inserts *t, const char *s);
/* The row's next value: an integer. */
void db_inserts_int(struct db_inserts *t, int64_t v);
/* Free a table's INSERTs that were not added (NULL is fine). */
void db_inserts_free(struct db_inserts *t);
/* Add n tables' INSERTs (NULL entries skipped) to the open transaction's changeset in order,
 * once the rows are written, and free them; reach (taken; NULL: not known) is the offices
 * they belong to as outbox.reach keeps them, which spares the outbox's writer a walk over
 * the changeset when they are the transaction's only changes. */
void db_outbox_inserts(struct db *db, struct db_inserts **t, int n, char *reach);
/* Suppress (applying true) or resume recording the changes of the transactions that begin
 * from now on: changes applied from another office's bundle are not recorded again (no echo). */
void db_set_applying(struct db *db, bool applying);
/* Whether recording is suppressed (db_set_applying). */
bool db_applying(const struct db *db);
/* Mark the connection read-only (core/dbopen.c opened it so): why says why, a message id
 * ("this account may only read the file"); immutable, that it was opened as immutable=1 (a WAL
 * database in a folder this account may not write). Every db_transaction is then refused. */
void db_set_readonly(struct db *db, const char *why, bool immutable);
/* Why the connection is read-only (a message id, for tr()), or NULL when it may write. */
const char *db_readonly(const struct db *db);
/* Whether the read-only connection was opened as immutable=1 (what another process changes
 * while it is open is not seen, nor a -wal file's changes not yet in the database file). */
bool db_immutable(const struct db *db);
/* Register the hook run before each COMMIT (NULL for none). */
void db_set_precommit(struct db *db, db_hook_fn *fn);

/* Prepare a statement (free it with db_finalize); an SQL error here is a bug, so it is fatal. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* A statement kept prepared for this connection, reset and unbound, for SQL run often (the
 * same text gives the same statement; db_reset or db_finalize releases it). Fatal on an SQL
 * error. Hold it only until the next db_cached call. */
struct db_stmt *db_cached(struct db *db, const char *sql);
/* Bind text (NULL binds SQL NULL) at a 1-based index. */
void db_bind_text(struct db_stmt *st, int i, const char *s);
/* Bind text without a copy: s must stay unchanged until the statement is reset (db_run). */
void db_bind_text_ref(struct db_stmt *st, int i, const char *s);
/* Bind len bytes as a blob without a copy: they must stay until the statement is reset. */
void db_bind_blob_ref(struct db_stmt *st, int i, const void *bytes, size_t len);
/* Bind len bytes as a blob (a copy is taken); NULL binds SQL NULL. */
void db_bind_blob(struct db_stmt *st, int i, const void *bytes, size_t len);
/* Bind an integer. */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
/* Bind a nullable flag: -1 binds NULL (unknown), 0 or 1 as given. */
void db_bind_flag(struct db_stmt *st, int i, int v);
/* Bind SQL NULL. */
void db_bind_null(struct db_stmt *st, int i);
/* Step: DB_ROW when a row is ready, DB_DONE (0) at the end, else a sysexits code with d set
 * to "WHAT: why" (and the file where it helps). */
int db_step(struct db_stmt *st, const char *what, struct diag *d);
/* Rewind a statement and unbind its parameters, for its next use (or to release a kept one). */
void db_reset(struct db_stmt *st);
/* Free a prepared statement, or release a kept one (NULL is fine). */
void db_finalize(struct db_stmt *st);
/* Step a bound statement to its end (an INSERT, UPDATE or DELETE) and reset it: 0 or a code. */
int db_run(struct db_stmt *st, const char *what, struct diag *d);
/* Whether the statement's last step failed on a UNIQUE constraint (db_run has d say so too). */
bool db_failed_unique(const struct db_stmt *st);
/* The first column of the first row of SQL with no parameters (kept prepared), in *v; *v is
 * left alone when there is no row. 0 or a code with d set. */
int db_query_int(struct db *db, const char *sql, int64_t *v, const char *what, struct diag *d);

/* How many columns the statement's rows have. */
int db_col_count(struct db_stmt *st);
/* Column text, or NULL (valid until the next step, reset or finalize). */
const char *db_col_text(struct db_stmt *st, int i);
/* Column as an integer (0 when NULL). */
int64_t db_col_int(struct db_stmt *st, int i);
/* Column as a nullable flag: -1 when NULL. */
int db_col_flag(struct db_stmt *st, int i);
/* Whether the column is NULL. */
bool db_col_null(struct db_stmt *st, int i);
/* Column bytes (a blob, or text without its terminator) and their number in *len; NULL when
 * the column is NULL or empty. Valid until the next step, reset or finalize. */
const void *db_col_bytes(struct db_stmt *st, int i, size_t *len);

/* Run SQL with no parameters (schema steps, pragmas); returns 0 or a sysexits code. */
int db_exec(struct db *db, const char *sql, struct diag *d);
/* BEGIN IMMEDIATE, fn(db, arg, d), then commit when it returned 0, else roll back: 0 or the
 * code of what failed. */
int db_transaction(struct db *db, db_work_fn *fn, void *arg, struct diag *d);
/* How many rows the last INSERT, UPDATE or DELETE changed. */
int64_t db_changes(struct db *db);

/* A new key: office code, '-', 10 characters of milliseconds, 10 random. Caller frees. */
char *db_new_key(struct db *db);
/* The current UTC time as ISO 8601 text with milliseconds (24 bytes). */
void db_now(char out[32]);
/* The current UTC time in unix milliseconds (created_at and updated_at, schema step 17). */
int64_t db_now_ms(void);
/* Unix milliseconds as the ISO 8601 UTC text with milliseconds db_now writes. Returns out. */
char *db_ms_text(int64_t ms, char out[32]);
/* Parse exactly the text db_ms_text writes into unix milliseconds: 0, or -1. */
int db_ms_parse(const char *s, int64_t *ms);

#endif
