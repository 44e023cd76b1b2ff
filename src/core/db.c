/* The SQLite wrapper: the database and statement types, prepare (and the kept-statement cache),
 * bind, step, typed column readers, reset, finalize, one-shot runs, transactions with a
 * pre-commit hook, the outbox's session (each write transaction's changes to the tables it is
 * given, handed to its writer before COMMIT), the mapping of SQLite's errors to sysexits codes,
 * keys and timestamps. It knows no table and no other module: opening a file with the house
 * settings is dbopen.c, the outbox's tables and table core/outbox.c. */
#include "core/db.h"

#include <sodium.h>
/* the session extension (sqlite3session_*, sqlite3changeset_*): compiled into Debian's 3.40.1,
 * declared only with these */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct db {
	sqlite3 *h;
	char *path;
	char *user;                /* the acting user, named in audit rows */
	char *acting_as;           /* the owner's name when the owner acts as user, else NULL */
	char *office;              /* this database's office code, the first part of new keys */
	bool has_office;           /* the code was set (db_set_office), not the default 000000 */
	void (*office_load)(struct db *db);  /* reads the code when first needed, or NULL */
	uint64_t rng[4];           /* the key generator's state (db_new_key) */
	struct db_stmt **cache;    /* statements kept prepared (db_cached), oldest first */
	int ncache;
	db_hook_fn *precommit;     /* run before each COMMIT, or NULL */
	db_work_fn *gate;          /* run once before the first write transaction, or NULL */
	void *gate_arg;            /* its argument */
	const char *readonly;      /* why the connection may not write (a message id), or NULL */
	bool immutable;            /* read-only and opened as immutable=1 */
	enum role role;            /* the acting user's role (ROLE_ADMIN until set) */
	bool role_set;             /* db_set_role was called: roles are enforced */
	char *user_office;         /* the acting user's office id, or NULL: this database's */
	char *walk_in;             /* the case whose walk-in opening was last recorded, or NULL */
	const char *const *synced; /* the tables the outbox records (NULL-terminated), or NULL */
	db_outbox_fn *outbox;      /* writes a transaction's changeset before COMMIT */
	bool applying;             /* changes applied from a bundle: not recorded (no echo) */
	sqlite3_session *session;  /* the open write transaction's, or NULL */
	struct sbuf bulk;          /* inserts a bulk write gave the outbox itself (db_outbox_rows) */
	char *bulk_reach;          /* the offices of bulk's rows, as its writer knew them, or NULL */
};

/* One table's INSERTs for the open transaction's changeset, built from the values written
 * (db_inserts_*): the table's header, then each row. */
struct db_inserts {
	struct sbuf cs;
	size_t hdr;                /* the header's length: no row after it yet when cs.len is it */
	int ncol;
	char **names;              /* each column's name, in the table's order */
	bool *dflt;                /* whether the column has a DEFAULT */
};

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	char *sql;                 /* a kept statement: its own copy of the text it is found by */
	int rc;                    /* SQLite's result of the last step */
};

/* How many statements a connection keeps prepared. */
static const int db_cache_max = 64;

/* A database for a connection just opened (h may be NULL when opening failed). */
struct db *
db_wrap(sqlite3 *h, const char *path, const char *user)
{
	struct db *db = xcalloc(1, sizeof *db);

	db->h = h;
	db->path = xstrdup(path);
	db->user = xstrdup(user);
	db->office = xstrdup("000000");
	db->role = ROLE_ADMIN;
	return db;
}

/* The connection behind a database. */
sqlite3 *
db_sqlite(struct db *db)
{
	return db->h;
}

/* Close a database and the statements it keeps (NULL is fine). */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i]->st);
		free(db->cache[i]->sql);
		free(db->cache[i]);
	}
	free(db->cache);
	if (db->session != NULL)
		sqlite3session_delete(db->session);
	sbuf_free(&db->bulk);
	free(db->bulk_reach);
	if (db->h != NULL && sqlite3_close(db->h) != SQLITE_OK)
		fatal("closing %s: statements left open: %s", db->path, sqlite3_errmsg(db->h));
	free(db->path);
	free(db->user);
	free(db->acting_as);
	free(db->office);
	free(db->user_office);
	free(db->walk_in);
	free(db);
}

/* The database's file name. */
const char *
db_path(const struct db *db)
{
	return db->path;
}

/* The acting user, named in audit rows. */
const char *
db_user(const struct db *db)
{
	return db->user;
}

/* The owner's name when the owner acts as the acting user, else NULL (audit rows' acting_as). */
const char *
db_acting_as(const struct db *db)
{
	return db->acting_as;
}

/* Record that the owner named owner acts as the acting user (copied; NULL: no one). */
void
db_set_acting_as(struct db *db, const char *owner)
{
	free(db->acting_as);
	db->acting_as = owner != NULL ? xstrdup(owner) : NULL;
}

/* Set the acting user named in audit rows (copied): who logged in (core/user.c). */
void
db_set_user(struct db *db, const char *user)
{
	free(db->user);
	db->user = xstrdup(user);
}

/* Register the gate run once before the first write transaction (see db.h). */
void
db_set_write_gate(struct db *db, db_work_fn *fn, void *arg)
{
	db->gate = fn;
	db->gate_arg = arg;
}

/* Set the office code that begins new keys (copied). */
void
db_set_office(struct db *db, const char *office)
{
	free(db->office);
	db->office = xstrdup(office);
	db->has_office = true;
}

/* Register the office code's loader, run once by the first db_office or db_new_key. */
void
db_set_office_loader(struct db *db, void (*load)(struct db *db))
{
	db->office_load = load;
}

/* Read the office code now if it is still to be read (its loader, once). */
static void
db_office_needed(struct db *db)
{
	void (*load)(struct db *db) = db->office_load;

	db->office_load = NULL;
	if (load != NULL && !db->has_office)
		load(db);
}

/* The office code set for this database (db_set_office, or read by its loader), or NULL when
 * none was. */
const char *
db_office(struct db *db)
{
	db_office_needed(db);
	return db->has_office ? db->office : NULL;
}

/* Record each write transaction's changes to tables with a session, handed to fn before COMMIT. */
void
db_set_outbox(struct db *db, const char *const *tables, db_outbox_fn *fn)
{
	db->synced = tables;
	db->outbox = fn;
}

/* Suppress (applying true) or resume recording the changes of the transactions that begin. */
void
db_set_applying(struct db *db, bool applying)
{
	db->applying = applying;
}

/* Whether recording is suppressed (db_set_applying). */
bool
db_applying(const struct db *db)
{
	return db->applying;
}

/* Set the acting user's role: from then on roles are enforced on this connection. */
void
db_set_role(struct db *db, enum role r)
{
	db->role = r;
	db->role_set = true;
}

/* The acting user's role (ROLE_ADMIN until db_set_role). */
enum role
db_role(const struct db *db)
{
	return db->role;
}

/* Whether db_set_role was called on this connection. */
bool
db_role_set(const struct db *db)
{
	return db->role_set;
}

/* Set the acting user's office (an office id, copied; NULL: this database's office). */
void
db_set_user_office(struct db *db, const char *office_id)
{
	free(db->user_office);
	db->user_office = office_id != NULL ? xstrdup(office_id) : NULL;
}

/* The acting user's office id, or NULL for this database's office. */
const char *
db_user_office(const struct db *db)
{
	return db->user_office;
}

/* The case whose walk-in opening was last recorded on this connection, or NULL. */
const char *
db_walk_in(const struct db *db)
{
	return db->walk_in;
}

/* Remember the case whose walk-in opening was recorded (copied; NULL: none). */
void
db_set_walk_in(struct db *db, const char *person_id)
{
	free(db->walk_in);
	db->walk_in = person_id != NULL ? xstrdup(person_id) : NULL;
}

/* Whether a transaction is open on the connection. */
bool
db_in_transaction(struct db *db)
{
	return db->h != NULL && !sqlite3_get_autocommit(db->h);
}

/* Mark the connection read-only, and why (a message id). */
void
db_set_readonly(struct db *db, const char *why, bool immutable)
{
	db->readonly = why;
	db->immutable = immutable;
}

/* Why the connection is read-only, or NULL. */
const char *
db_readonly(const struct db *db)
{
	return db->readonly;
}

/* Whether the read-only connection was opened as immutable=1. */
bool
db_immutable(const struct db *db)
{
	return db->immutable;
}

/* Register the hook run before each COMMIT (NULL for none). */
void
db_set_precommit(struct db *db, db_hook_fn *fn)
{
	db->precommit = fn;
}

/* Turn a failed SQLite call's result into a diag naming what for (a message id); returns the code. */
static int
db_error(struct db *db, int rc, const char *what, struct diag *d)
{
	int base = rc & 0xff;

	what = tr(what);
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return diag_set(d, EX_UNAVAILABLE, "%s: %s: the database is busy (another jobdesk is "
		    "writing); try again", db->path, what);
	if (base == SQLITE_CONSTRAINT)
		return diag_set(d, EX_DATAERR, "%s: the database refused the change, so nothing was "
		    "saved (SQLite: %s)", what, sqlite3_errmsg(db->h));
	if (base == SQLITE_FULL || base == SQLITE_IOERR || base == SQLITE_READONLY ||
	    base == SQLITE_CANTOPEN)
		return diag_set(d, EX_IOERR, "%s: %s: the database file could not be read or written; "
		    "check the disk's free space and the file's permissions, then try again (SQLite: %s)",
		    db->path, what, sqlite3_errmsg(db->h));
	if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
		return diag_set(d, EX_DATAERR, "%s: %s: the database file is damaged; run: jobdesk db "
		    "check, and restore a backup if it finds damage (SQLite: %s)", db->path, what,
		    sqlite3_errmsg(db->h));
	return diag_set(d, EX_SOFTWARE, "%s: %s: the database failed, so nothing was saved; try "
	    "again, and report it if it happens again (SQLite: %s)", db->path, what,
	    sqlite3_errmsg(db->h));
}

/* Prepare with flags, or die naming the SQL (an SQL error is a bug). */
static struct db_stmt *
db_compile(struct db *db, const char *sql, unsigned flags)
{
	struct db_stmt *st = xcalloc(1, sizeof *st);

	st->db = db;
	if (sqlite3_prepare_v3(db->h, sql, -1, flags, &st->st, NULL) != SQLITE_OK)
		fatal("SQL error: %s in: %.200s", sqlite3_errmsg(db->h), sql);
	return st;
}

/* Prepare a statement (free it with db_finalize); an SQL error here is a bug, so it is fatal. */
struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	return db_compile(db, sql, 0);
}

/* A statement kept prepared for this connection, reset and unbound, for SQL run often. */
struct db_stmt *
db_cached(struct db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		struct db_stmt *st = db->cache[i];
		if (strcmp(st->sql, sql) == 0) {
			db_reset(st);
			return st;
		}
	}
	struct db_stmt *st = db_compile(db, sql, SQLITE_PREPARE_PERSISTENT);
	st->sql = xstrdup(sql);  /* a copy: the caller's text may be built and freed */
	if (db->ncache == db_cache_max) {
		/* full: forget the oldest (callers never hold a kept statement across calls) */
		sqlite3_finalize(db->cache[0]->st);
		free(db->cache[0]->sql);
		free(db->cache[0]);
		memmove(db->cache, db->cache + 1, sizeof *db->cache * (size_t)(db->ncache - 1));
		db->ncache--;
	}
	if (db->cache == NULL)
		db->cache = xcalloc((size_t)db_cache_max, sizeof *db->cache);
	db->cache[db->ncache++] = st;
	return st;
}

/* Bind text (NULL binds SQL NULL) at a 1-based index. */
void
db_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
}

/* Bind text without a copy (NULL binds SQL NULL): s must stay unchanged until the statement
 * is reset (db_run resets it). At 5,000 imported rows a copy of each staged cell cost 0.06 G. */
void
db_bind_text_ref(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_STATIC);
}

/* Bind len bytes as a blob without a copy (NULL binds SQL NULL): they must stay until the
 * statement is reset (an import's changeset, 60 MB at 100,000 rows, is not copied again). */
void
db_bind_blob_ref(struct db_stmt *st, int i, const void *bytes, size_t len)
{
	if (bytes == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_blob64(st->st, i, bytes, (sqlite3_uint64)len, SQLITE_STATIC);
}

/* Bind len bytes as a blob (a copy is taken); NULL binds SQL NULL. */
void
db_bind_blob(struct db_stmt *st, int i, const void *bytes, size_t len)
{
	if (bytes == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_blob64(st->st, i, bytes, (sqlite3_uint64)len, SQLITE_TRANSIENT);
}

/* Bind an integer. */
void
db_bind_int(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st->st, i, v);
}

/* Bind a nullable flag: -1 binds NULL (unknown), 0 or 1 as given. */
void
db_bind_flag(struct db_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_int(st->st, i, v != 0);
}

/* Bind SQL NULL. */
void
db_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(st->st, i);
}

/* Step: DB_ROW when a row is ready, DB_DONE (0) at the end, else a sysexits code with d set. */
int
db_step(struct db_stmt *st, const char *what, struct diag *d)
{
	st->rc = sqlite3_step(st->st);
	if (st->rc == SQLITE_ROW)
		return DB_ROW;
	if (st->rc == SQLITE_DONE)
		return DB_DONE;
	return db_error(st->db, st->rc, what, d);
}

/* Rewind a statement and unbind its parameters, for its next use (or to release a kept one). */
void
db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

/* Free a prepared statement, or release a kept one (NULL is fine). */
void
db_finalize(struct db_stmt *st)
{
	if (st == NULL)
		return;
	if (st->sql != NULL) {
		db_reset(st);
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

/* Step a bound statement to its end (an INSERT, UPDATE or DELETE) and reset it: 0 or a code. */
int
db_run(struct db_stmt *st, const char *what, struct diag *d)
{
	int ret;

	while ((ret = db_step(st, what, d)) == DB_ROW)
		;
	db_reset(st);
	return ret;
}

/* Whether the statement's last step failed on a UNIQUE constraint. */
bool
db_failed_unique(const struct db_stmt *st)
{
	return st->rc == SQLITE_CONSTRAINT_UNIQUE;
}

/* The first column of the first row of SQL with no parameters (kept prepared), in *v. */
int
db_query_int(struct db *db, const char *sql, int64_t *v, const char *what, struct diag *d)
{
	struct db_stmt *st = db_cached(db, sql);
	int ret = db_step(st, what, d);

	if (ret == DB_ROW) {
		*v = db_col_int(st, 0);
		ret = 0;
	}
	db_reset(st);
	return ret;
}

/* How many columns the statement's rows have. */
int
db_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->st);
}

/* Column text, or NULL (valid until the next step, reset or finalize). */
const char *
db_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->st, i);
}

/* Column as an integer (0 when NULL). */
int64_t
db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

/* Column as a nullable flag: -1 when NULL. */
int
db_col_flag(struct db_stmt *st, int i)
{
	/* the column's value fetched once (each sqlite3_column_* call checks the statement again) */
	sqlite3_value *v = sqlite3_column_value(st->st, i);

	if (sqlite3_value_type(v) == SQLITE_NULL)
		return -1;
	return sqlite3_value_int(v) != 0;
}

/* Whether the column is NULL. */
bool
db_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

/* Column bytes (a blob, or text without its terminator) and their number in *len. */
const void *
db_col_bytes(struct db_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_type(st->st, i) == SQLITE_TEXT ?
	    (const void *)sqlite3_column_text(st->st, i) : sqlite3_column_blob(st->st, i);

	*len = (size_t)sqlite3_column_bytes(st->st, i);
	return *len > 0 ? p : NULL;
}

/* Run SQL with no parameters (schema steps, pragmas); returns 0 or a sysexits code. */
int
db_exec(struct db *db, const char *sql, struct diag *d)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK) {
		char what[200];
		/* SQLite's words follow in db_error's parentheses */
		snprintf(what, sizeof what, "%.60s...", sql);
		sqlite3_free(err);
		return db_error(db, rc, what, d);
	}
	return 0;
}

/* Delete the open transaction's session, if it has one (3.40 has no reset: a session reused
 * for the next transaction would repeat this one's changes). */
static void
db_session_end(struct db *db)
{
	if (db->session != NULL)
		sqlite3session_delete(db->session);
	db->session = NULL;
	sbuf_free(&db->bulk);  /* an import's is tens of MB: not kept for the next transaction */
	free(db->bulk_reach);
	db->bulk_reach = NULL;
}

/* Roll back the transaction if one is open; its changes were never recorded. */
static void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db_session_end(db);
}

/* Start the write transaction's session on the synced tables (none while applying a bundle, or
 * without an outbox). 0, or EX_SOFTWARE with d set (out of memory). */
static int
db_session_begin(struct db *db, struct diag *d)
{
	int rc;

	if (db->synced == NULL || db->applying)
		return 0;
	if ((rc = sqlite3session_create(db->h, "main", &db->session)) != SQLITE_OK) {
		db->session = NULL;
		return db_error(db, rc, N_("starting the outbox's record of the changes"), d);
	}
	for (const char *const *t = db->synced; *t != NULL; t++)
		if ((rc = sqlite3session_attach(db->session, *t)) != SQLITE_OK)
			return db_error(db, rc, N_("starting the outbox's record of the changes"), d);
	return 0;
}

/* The session's changeset, if it holds a change, written by the outbox's writer inside the
 * transaction: 0, or a code with d set (the caller rolls back). */
static int
db_session_write(struct db *db, struct diag *d)
{
	void *cs = NULL;
	int n = 0, rc, ret = 0;

	if (db->session == NULL)
		return 0;
	if (sqlite3session_isempty(db->session)) {
		/* a bulk write's rows alone (an import): its changeset as db_outbox_rows made it,
		 * freed once stored, before the COMMIT writes the pages */
		ret = db->bulk.len > 0 ? db->outbox(db, db->bulk.s, db->bulk.len, db->bulk_reach, d) :
		    0;
		sbuf_free(&db->bulk);
		return ret;
	}
	if ((rc = sqlite3session_changeset(db->session, &n, &cs)) != SQLITE_OK)
		return db_error(db, rc, N_("writing the outbox's record of the changes"), d);
	if (db->bulk.len > 0 && n > 0) {
		/* both: one changeset of the two */
		sqlite3_changegroup *g = NULL;
		void *both = NULL;
		int nboth = 0;
		rc = sqlite3changegroup_new(&g);
		if (rc == SQLITE_OK)
			rc = sqlite3changegroup_add(g, n, cs);
		if (rc == SQLITE_OK)
			rc = sqlite3changegroup_add(g, (int)db->bulk.len, db->bulk.s);
		if (rc == SQLITE_OK)
			rc = sqlite3changegroup_output(g, &nboth, &both);
		sqlite3changegroup_delete(g);
		sqlite3_free(cs);
		if (rc != SQLITE_OK)
			return db_error(db, rc, N_("writing the outbox's record of the changes"), d);
		cs = both;
		n = nboth;
	} else if (n == 0 && db->bulk.len > 0) {
		sqlite3_free(cs);
		return db->outbox(db, db->bulk.s, db->bulk.len, db->bulk_reach, d);
	}
	/* changes that cancel out (a row added and removed again) leave nothing to send */
	if (n > 0)
		ret = db->outbox(db, cs, (size_t)n, NULL, d);
	sqlite3_free(cs);
	return ret;
}

/* Stop or restart the open transaction's record of its changes (see db.h). */
void
db_outbox_pause(struct db *db, bool paused)
{
	if (db->session != NULL)
		sqlite3session_enable(db->session, paused ? 0 : 1);
}

/* Whether the open transaction's changes go to an outbox (db_outbox_rows has work). */
bool
db_outbox_recording(const struct db *db)
{
	return db->session != NULL;
}

/* Append SQLite's varint of v to b (sqlite3PutVarint's format: 7 bits a byte, the high bit set
 * on all but the last; a ninth byte of 8 bits for the largest). */
static void
db_put_varint(struct sbuf *b, uint64_t v)
{
	unsigned char buf[10];
	int n = 0;

	if (v & ((uint64_t)0xff000000 << 32)) {
		buf[8] = (unsigned char)v;
		v >>= 8;
		for (int i = 7; i >= 0; i--, v >>= 7)
			buf[i] = (unsigned char)((v & 0x7f) | 0x80);
		sbuf_addn(b, (const char *)buf, 9);
		return;
	}
	unsigned char rev[10];
	do {
		rev[n++] = (unsigned char)((v & 0x7f) | 0x80);
		v >>= 7;
	} while (v != 0);
	rev[0] &= 0x7f;
	for (int i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	sbuf_addn(b, (const char *)buf, (size_t)n);
}

/* Append a 64-bit value big-endian, as a changeset holds an integer or a real. */
static void
db_put_i64(struct sbuf *b, uint64_t v)
{
	unsigned char buf[8];

	for (int i = 7; i >= 0; i--, v >>= 8)
		buf[i] = (unsigned char)v;
	sbuf_addn(b, (const char *)buf, 8);
}

/* The changeset's header of table into hdr (its columns and primary-key flags, from
 * table_info as the session reads them: 'T', the count, a flag a column, the name); with names
 * and dflt not NULL, each column's name (caller frees) and whether it has a DEFAULT. The
 * number of columns, or -1 when table_info cannot be read. */
static int
db_outbox_header(struct db *db, const char *table, struct sbuf *hdr, char ***names, bool **dflt)
{
	sqlite3_stmt *info = NULL;
	struct sbuf pk = SBUF_INIT;
	int ncol = 0, rc;

	if (sqlite3_prepare_v2(db->h, "SELECT pk, name, dflt_value IS NOT NULL FROM "
	    "pragma_table_info(?1) ORDER BY cid", -1, &info, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(info, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(info)) == SQLITE_ROW) {
		int k = sqlite3_column_int(info, 0);
		sbuf_addc(&pk, (char)(k < 0 ? 0 : k > 255 ? 255 : k));
		if (names != NULL) {
			*names = xrealloc(*names, (size_t)(ncol + 1) * sizeof **names);
			*dflt = xrealloc(*dflt, (size_t)(ncol + 1) * sizeof **dflt);
			(*names)[ncol] = xstrdup((const char *)sqlite3_column_text(info, 1));
			(*dflt)[ncol] = sqlite3_column_int(info, 2) != 0;
		}
		ncol++;
	}
	sqlite3_finalize(info);
	if (rc != SQLITE_DONE || ncol == 0) {
		sbuf_free(&pk);
		return -1;
	}
	sbuf_addc(hdr, 'T');
	db_put_varint(hdr, (uint64_t)ncol);
	sbuf_addn(hdr, pk.s, pk.len);
	sbuf_addn(hdr, table, strlen(table) + 1);
	sbuf_free(&pk);
	return ncol;
}

/* The changeset's INSERT of each row of rows into table, as the session records it (see db.h):
 * the table's header, then per row the operation, the direct flag and each value typed. */
int
db_outbox_rows(struct db *db, const char *table, struct db_stmt *rows, const char *what,
    struct diag *d)
{
	struct sbuf hdr = SBUF_INIT;
	int ncol, ret = 0;

	if (db->session == NULL)
		return 0;
	ncol = db_outbox_header(db, table, &hdr, NULL, NULL);
	if (ncol < 0 || db_col_count(rows) != ncol) {
		sbuf_free(&hdr);
		return diag_set(d, EX_SOFTWARE, "%s: the rows to record for the other offices do not "
		    "match their table (%d columns, %d given); nothing was written", tr(what), ncol,
		    db_col_count(rows));
	}
	/* rows read back: whoever knew their offices knows them no longer */
	free(db->bulk_reach);
	db->bulk_reach = NULL;
	bool first = true;
	sqlite3_stmt *st = rows->st;
	while ((ret = db_step(rows, what, d)) == DB_ROW) {
		if (first)
			sbuf_addn(&db->bulk, hdr.s, hdr.len);
		first = false;
		sbuf_addc(&db->bulk, SQLITE_INSERT);
		sbuf_addc(&db->bulk, 0);
		for (int i = 0; i < ncol; i++) {
			/* each value fetched once (every sqlite3_column_* call locks the connection and
			 * checks the statement again: three a cell cost 0.04 G at 5,000 rows) */
			sqlite3_value *v = sqlite3_column_value(st, i);
			int type = sqlite3_value_type(v);
			double r;
			uint64_t u;
			switch (type) {
			case SQLITE_INTEGER:
				sbuf_addc(&db->bulk, SQLITE_INTEGER);
				db_put_i64(&db->bulk, (uint64_t)sqlite3_value_int64(v));
				break;
			case SQLITE_FLOAT:
				r = sqlite3_value_double(v);
				memcpy(&u, &r, sizeof u);
				sbuf_addc(&db->bulk, SQLITE_FLOAT);
				db_put_i64(&db->bulk, u);
				break;
			case SQLITE_TEXT:
			case SQLITE_BLOB: {
				const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) :
				    sqlite3_value_blob(v);
				int len = sqlite3_value_bytes(v);
				sbuf_addc(&db->bulk, (char)type);
				db_put_varint(&db->bulk, (uint64_t)len);
				if (len > 0)
					sbuf_addn(&db->bulk, p, (size_t)len);
				break;
			}
			default:
				sbuf_addc(&db->bulk, SQLITE_NULL);
			}
		}
	}
	sbuf_free(&hdr);
	return ret == DB_DONE ? 0 : ret;
}

/* A table's INSERTs for the open transaction's changeset, built from the values as they are
 * written (see db.h); NULL when nothing is recorded or the table's columns cannot be read. */
struct db_inserts *
db_inserts_new(struct db *db, const char *table)
{
	struct db_inserts *t;

	if (db->session == NULL)
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->ncol = db_outbox_header(db, table, &t->cs, &t->names, &t->dflt);
	if (t->ncol < 0) {
		db_inserts_free(t);
		return NULL;
	}
	t->hdr = t->cs.len;
	return t;
}

/* How many columns the table has. */
int
db_inserts_columns(const struct db_inserts *t)
{
	return t->ncol;
}

/* Column i's name, and whether it has a DEFAULT (*dflt). */
const char *
db_inserts_column(const struct db_inserts *t, int i, bool *dflt)
{
	*dflt = t->dflt[i];
	return t->names[i];
}

/* Begin the next row: an INSERT, direct; its values follow, one a column, in order. */
void
db_inserts_row(struct db_inserts *t)
{
	sbuf_addc(&t->cs, SQLITE_INSERT);
	sbuf_addc(&t->cs, 0);
}

/* The row's next value: text as stored (NULL: an SQL NULL). */
void
db_inserts_text(struct db_inserts *t, const char *s)
{
	if (s == NULL) {
		sbuf_addc(&t->cs, SQLITE_NULL);
		return;
	}
	size_t len = strlen(s);
	sbuf_addc(&t->cs, SQLITE_TEXT);
	db_put_varint(&t->cs, (uint64_t)len);
	sbuf_addn(&t->cs, s, len);
}

/* The row's next value: an integer. */
void
db_inserts_int(struct db_inserts *t, int64_t v)
{
	sbuf_addc(&t->cs, SQLITE_INTEGER);
	db_put_i64(&t->cs, (uint64_t)v);
}

/* Free a table's INSERTs (NULL is fine). */
void
db_inserts_free(struct db_inserts *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->ncol; i++)
		free(t->names[i]);
	free(t->names);
	free(t->dflt);
	sbuf_free(&t->cs);
	free(t);
}

/* Add n tables' INSERTs to the open transaction's changeset, in order (a table without rows
 * adds nothing), and free them; reach (taken, may be NULL) is the offices they belong to as
 * outbox.reach keeps them, handed to the outbox's writer when they are the transaction's only
 * changes. The largest is moved into place, not copied: an import's persons are tens of MB. */
void
db_outbox_inserts(struct db *db, struct db_inserts **t, int n, char *reach)
{
	size_t total = 0;
	int big = -1;

	for (int i = 0; i < n; i++) {
		if (t[i] == NULL || t[i]->cs.len == t[i]->hdr)
			continue;
		total += t[i]->cs.len;
		if (big < 0 || t[i]->cs.len > t[big]->cs.len)
			big = i;
	}
	if (db->session == NULL || big < 0) {
		free(reach);
		goto out;
	}
	if (db->bulk.len > 0) {
		/* rows given before: the offices of the whole are not known */
		free(reach);
		reach = NULL;
		free(db->bulk_reach);
		db->bulk_reach = NULL;
		for (int i = 0; i < n; i++)
			if (t[i] != NULL && t[i]->cs.len > t[i]->hdr)
				sbuf_addn(&db->bulk, t[i]->cs.s, t[i]->cs.len);
		goto out;
	}
	/* the largest moved to its place, the others copied around it */
	struct sbuf *b = &t[big]->cs;
	size_t len = b->len, put = 0;
	for (int i = 0; i < big; i++)
		if (t[i] != NULL && t[i]->cs.len > t[i]->hdr)
			put += t[i]->cs.len;
	sbuf_grow(b, total - len);
	memmove(b->s + put, b->s, len);
	put = 0;
	for (int i = 0; i < n; i++) {
		if (i == big)
			put += len;
		if (i == big || t[i] == NULL || t[i]->cs.len == t[i]->hdr)
			continue;
		memcpy(b->s + put, t[i]->cs.s, t[i]->cs.len);
		put += t[i]->cs.len;
	}
	b->len = total;
	b->s[total] = '\0';
	sbuf_free(&db->bulk);
	db->bulk = *b;
	*b = (struct sbuf)SBUF_INIT;
	free(db->bulk_reach);
	db->bulk_reach = reach;
out:
	for (int i = 0; i < n; i++) {
		db_inserts_free(t[i]);
		t[i] = NULL;
	}
}

/* Begin a write transaction (BEGIN IMMEDIATE); EX_UNAVAILABLE when busy beyond the retry budget. */
static int
db_begin(struct db *db, struct diag *d)
{
	/* a read-only database: every write is refused with the reason, before anything runs */
	if (db->readonly != NULL)
		return diag_set(d, EX_CANTCREAT, "%s is open read-only: %s; nothing was written (a "
		    "change needs an account that may write the file and its folder)", db->path,
		    tr(db->readonly));
	/* the gate (a password to give before a change) runs once, outside any transaction */
	if (db->gate != NULL) {
		db_work_fn *gate = db->gate;
		db->gate = NULL;
		int ret = gate(db, db->gate_arg, d);
		if (ret != 0) {
			db->gate = gate;
			return ret;
		}
	}
	int ret = db_exec(db, "BEGIN IMMEDIATE", d);

	if (ret == 0 && (ret = db_session_begin(db, d)) != 0)
		db_rollback(db);
	return ret;
}

/* Run the pre-commit hook, write the changeset into the outbox and commit (the changes and
 * their outbox row in one transaction: a power cut loses both or neither); on a failure roll
 * back and return the code. */
static int
db_commit(struct db *db, struct diag *d)
{
	int ret = db->precommit != NULL ? db->precommit(db, d) : 0;

	if (ret == 0)
		ret = db_session_write(db, d);
	if (ret == 0)
		ret = db_exec(db, "COMMIT", d);
	if (ret != 0)
		db_rollback(db);
	db_session_end(db);
	return ret;
}

/* BEGIN IMMEDIATE, fn(db, arg, d), then commit when it returned 0, else roll back. */
int
db_transaction(struct db *db, db_work_fn *fn, void *arg, struct diag *d)
{
	int ret = db_begin(db, d);

	if (ret != 0)
		return ret;
	if ((ret = fn(db, arg, d)) != 0) {
		db_rollback(db);
		return ret;
	}
	return db_commit(db, d);
}

/* How many rows the last INSERT, UPDATE or DELETE changed. */
int64_t
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

/* The next 64 random bits of the database's generator (xoshiro256**, seeded from libsodium). */
static uint64_t
db_random(struct db *db)
{
	uint64_t *s = db->rng;

	if ((s[0] | s[1] | s[2] | s[3]) == 0)
		randombytes_buf(s, sizeof db->rng);
	uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* A new key: office code, '-', 10 characters of milliseconds, 10 random. Caller frees. */
char *
db_new_key(struct db *db)
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct timeval tv;
	char part[21];

	gettimeofday(&tv, NULL);
	uint64_t ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	for (int i = 9; i >= 0; i--) {
		part[i] = b32[ms & 31];
		ms >>= 5;
	}
	/* 50 random bits from a generator seeded once from the system: keys need to be unique,
	 * not secret, and a system call per key (six per person) slows bulk work. */
	uint64_t r = db_random(db);
	for (int i = 0; i < 10; i++, r >>= 5)
		part[10 + i] = b32[r & 31];
	part[20] = '\0';
	/* joined by hand: xasprintf's formatting was a third of an imported row's three keys */
	db_office_needed(db);
	size_t n = strlen(db->office);
	char *key = xmalloc(n + 1 + sizeof part);
	memcpy(key, db->office, n);
	key[n] = '-';
	memcpy(key + n + 1, part, sizeof part);
	return key;
}

/* The current UTC time in unix milliseconds (what created_at and updated_at hold, schema step
 * 17). */
int64_t
db_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A time in unix milliseconds as ISO 8601 UTC text with milliseconds, the 24 characters the
 * timestamps held before step 17 ("2018-03-01T08:30:00.250Z"), into out. Returns out. */
char *
db_ms_text(int64_t ms, char out[32])
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t in_day = ms - days * 86400000;
	int y, m, d;

	date_to_ymd((int)days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		char buf[96];
		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
		    (int)(in_day / 3600000), (int)(in_day / 60000 % 60), (int)(in_day / 1000 % 60),
		    (int)(in_day % 1000));
		snprintf(out, 32, "%.31s", buf);
		return out;
	}
	/* the digits by hand: every audited row's time is written so (jd_ts), and snprintf cost
	 * 0.23 G of 3.5 G instructions at 5,000 imported rows */
	int part[7] = { y, m, d, (int)(in_day / 3600000), (int)(in_day / 60000 % 60),
	    (int)(in_day / 1000 % 60), (int)(in_day % 1000) };
	static const char shape[] = "0000-00-00T00:00:00.000Z";
	static const signed char width[7] = { 4, 2, 2, 2, 2, 2, 3 };
	char *o = out;
	memcpy(out, shape, sizeof shape);
	for (int i = 0; i < 7; i++) {
		for (int k = width[i] - 1, v = part[i]; k >= 0; k--, v /= 10)
			o[k] = (char)('0' + v % 10);
		o += width[i] + 1;
	}
	return out;
}

/* The digits s[0..n-1] as a number; -1 when one is not a digit. */
static int
db_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse exactly the text db_ms_text writes (YYYY-MM-DDTHH:MM:SS.mmmZ, a real date, UTC) into
 * unix milliseconds: 0, or -1 when s is not that form. */
int
db_ms_parse(const char *s, int64_t *ms)
{
	if (s == NULL || strlen(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return -1;
	int y = db_digits(s, 4), mo = db_digits(s + 5, 2), d = db_digits(s + 8, 2);
	int h = db_digits(s + 11, 2), mi = db_digits(s + 14, 2), sec = db_digits(s + 17, 2);
	int milli = db_digits(s + 20, 3);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 ||
	    sec > 59 || milli < 0 || !date_valid(y, mo, d))
		return -1;
	*ms = (int64_t)date_from_ymd(y, mo, d) * 86400000 + (int64_t)h * 3600000 +
	    (int64_t)mi * 60000 + (int64_t)sec * 1000 + milli;
	return 0;
}

/* The current UTC time as ISO 8601 text with milliseconds (for the columns that keep text:
 * approved_at, paid_at and the like). */
void
db_now(char out[32])
{
	db_ms_text(db_now_ms(), out);
}
