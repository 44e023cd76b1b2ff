/* One thin wrapper over SQLite: open with the house pragmas, prepare, bind, step, transactions. */
#include "core/db.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/schema.h"
#include "core/search.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/xalloc.h"

/* A kept statement and its text. */
struct db_cached {
	const char *sql;
	sqlite3_stmt *st;
};

/* How many statements a connection keeps prepared. */
static const int db_cache_max = 64;

/* How long a writer waits for another before giving up (milliseconds). */
static const int db_busy_ms = 10000;

/* jd_actor(): the acting user, for audit triggers. */
static void
fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, db->user, -1, SQLITE_TRANSIENT);
}

/* jd_new_key(): a new key unique across offices. */
static void
fn_new_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, db_new_key(db), -1, free);
}

/* jd_json(key, value, ...): a JSON object of the pairs whose value is not NULL (an absent key
 * is NULL), for audit rows (json_object() is not innocuous in SQLite 3.40, so triggers cannot
 * call it with trusted_schema off). */
static void
fn_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;
	struct json j;

	json_init(&j, &b);
	json_obj(&j);
	for (int i = 0; i + 1 < argc; i += 2) {
		const char *k = (const char *)sqlite3_value_text(argv[i]);
		if (sqlite3_value_type(argv[i + 1]) == SQLITE_NULL)
			continue;
		json_key(&j, k != NULL ? k : "");
		switch (sqlite3_value_type(argv[i + 1])) {
		case SQLITE_INTEGER:
			json_int(&j, sqlite3_value_int64(argv[i + 1]));
			break;
		default:
			json_str(&j, (const char *)sqlite3_value_text(argv[i + 1]));
			break;
		}
	}
	json_obj_end(&j);
	sqlite3_result_text(ctx, sbuf_take(&b), -1, free);
}

/* Whether two SQL values differ (NULL equals only NULL). */
static bool
value_differs(sqlite3_value *a, sqlite3_value *b)
{
	int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);

	if (ta == SQLITE_NULL || tb == SQLITE_NULL)
		return ta != tb;
	if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER)
		return sqlite3_value_int64(a) != sqlite3_value_int64(b);
	int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
	const unsigned char *sa = sqlite3_value_text(a), *sb = sqlite3_value_text(b);
	return na != nb || (na > 0 && memcmp(sa, sb, (size_t)na) != 0);
}

/* jd_changed(side, key, old, new, ...): a JSON object of the columns whose old and new values
 * differ, with the old values (side 0) or the new ones (side 1), for update audit rows. */
static void
fn_changed(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;
	struct json j;
	int side = sqlite3_value_int(argv[0]);

	json_init(&j, &b);
	json_obj(&j);
	for (int i = 1; i + 2 < argc; i += 3) {
		if (!value_differs(argv[i + 1], argv[i + 2]))
			continue;
		sqlite3_value *v = argv[i + 1 + (side != 0)];
		const char *k = (const char *)sqlite3_value_text(argv[i]);
		json_key(&j, k != NULL ? k : "");
		if (sqlite3_value_type(v) == SQLITE_NULL)
			json_null(&j);
		else if (sqlite3_value_type(v) == SQLITE_INTEGER)
			json_int(&j, sqlite3_value_int64(v));
		else
			json_str(&j, (const char *)sqlite3_value_text(v));
	}
	json_obj_end(&j);
	sqlite3_result_text(ctx, sbuf_take(&b), -1, free);
}

/* jd_search_tokens(name, id_number, phone): the search index tokens of a person. */
static void
fn_search_tokens(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;

	(void)argc;
	search_tokens((const char *)sqlite3_value_text(argv[0]),
	    (const char *)sqlite3_value_text(argv[1]), (const char *)sqlite3_value_text(argv[2]), &b);
	sqlite3_result_text(ctx, sbuf_take(&b), -1, free);
}

/* Create the file with mode 0600 if it does not exist, so the WAL files inherit it. */
static int
db_create_file(const char *path, struct diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	return diag_set(d, EX_CANTCREAT, "%s: cannot create the database: %s", path, strerror(errno));
}

/* Read this database's office code from the setting table, or "000000". */
static void
db_load_office(struct db *db)
{
	sqlite3_stmt *st;

	free(db->office);
	db->office = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM setting WHERE key = 'office_code'", -1, &st,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			db->office = xstrdup(db_col_text(st, 0));
		sqlite3_finalize(st);
	}
	if (db->office == NULL)
		db->office = xstrdup("000000");
}

/* Open (with create: create if missing and migrate) a database. Returns 0 or a sysexits code. */
int
db_open(const char *path, const char *user, bool create, struct diag *d, struct db **out)
{
	struct db *db = NULL;
	int rc, ret = 0;
	struct stat sb;

	*out = NULL;
	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	if (stat(path, &sb) != 0) {
		if (!create)
			return diag_set(d, EX_NOINPUT, "%s: no such database (create it with: jobdesk init)",
			    path);
		if ((ret = db_create_file(path, d)) != 0)
			return ret;
	} else if (!S_ISREG(sb.st_mode)) {
		return diag_set(d, EX_NOINPUT, "%s: not a regular file", path);
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->user = xstrdup(user);
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		ret = diag_set(d, EX_NOINPUT, "%s: cannot open the database: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(db->h, 1);
	/* a file that is not SQLite is said so, before any pragma fails on it */
	rc = sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
		ret = diag_set(d, EX_DATAERR, "%s: not an SQLite database (or damaged); give a "
		    "jobdesk database, or create one with: jobdesk init", path);
		goto out;
	}
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_busy_timeout(db->h, db_busy_ms);
	sqlite3_create_function(db->h, "jd_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db, fn_actor,
	    NULL, NULL);
	sqlite3_create_function(db->h, "jd_new_key", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db,
	    fn_new_key, NULL, NULL);
	sqlite3_create_function(db->h, "jd_json", -1,
	    SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL, fn_json, NULL, NULL);
	sqlite3_create_function(db->h, "jd_changed", -1,
	    SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL, fn_changed, NULL, NULL);
	sqlite3_create_function(db->h, "jd_search_tokens", 3,
	    SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, db, fn_search_tokens, NULL, NULL);
	/* temp_store: statement journals (every trigger-firing insert has one) stay in memory */
	ret = db_exec(db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;", d);
	if (ret != 0)
		goto out;
	/* journal_mode returns a row; it fails (busy/locked) only while another process converts. */
	if ((ret = db_exec(db, "PRAGMA journal_mode = WAL;", d)) != 0)
		goto out;
	if ((ret = schema_migrate(db, d)) != 0)
		goto out;
	db_load_office(db);
	*out = db;
	return 0;
out:
	db_close(db);
	return ret;
}

/* Close a database (NULL is fine). */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	if (db->h != NULL && sqlite3_close(db->h) != SQLITE_OK)
		fatal("closing %s: statements left open: %s", db->path, sqlite3_errmsg(db->h));
	free(db->path);
	free(db->user);
	free(db->office);
	free(db);
}

/* Prepare a statement; an SQL error here is a bug, so it is fatal. */
sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fatal("SQL error: %s in: %.200s", sqlite3_errmsg(db->h), sql);
	return st;
}

/* A statement kept prepared for this connection, reset and unbound, for SQL run often. */
sqlite3_stmt *
db_cached(struct db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql || strcmp(db->cache[i].sql, sql) == 0) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		fatal("SQL error: %s in: %.200s", sqlite3_errmsg(db->h), sql);
	if (db->ncache == db_cache_max) {
		/* full: forget the oldest (callers never hold a kept statement across calls) */
		sqlite3_finalize(db->cache[0].st);
		memmove(db->cache, db->cache + 1, sizeof *db->cache * (size_t)(db->ncache - 1));
		db->ncache--;
	}
	if (db->cache == NULL)
		db->cache = xcalloc((size_t)db_cache_max, sizeof *db->cache);
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	return st;
}

/* Bind text (NULL binds SQL NULL) at a 1-based index. */
void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* Bind an integer. */
void
db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

/* Bind a nullable flag: -1 binds NULL (unknown), 0 or 1 as given. */
void
db_bind_flag(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v != 0);
}

/* Column text, or NULL. */
const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Column as a nullable flag: -1 when NULL. */
int
db_col_flag(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int(st, i) != 0;
}

/* Turn a failed step's SQLite error into a diag naming what for (a message id); returns the code. */
int
db_error(struct db *db, int rc, const char *what, struct diag *d)
{
	int base = rc & 0xff;

	what = tr(what);
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return diag_set(d, EX_UNAVAILABLE, "%s: %s: the database is busy (another jobdesk is "
		    "writing); try again", db->path, what);
	if (base == SQLITE_CONSTRAINT)
		return diag_set(d, EX_DATAERR, "%s: %s", what, sqlite3_errmsg(db->h));
	if (base == SQLITE_FULL || base == SQLITE_IOERR || base == SQLITE_READONLY ||
	    base == SQLITE_CANTOPEN)
		return diag_set(d, EX_IOERR, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
	if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
		return diag_set(d, EX_DATAERR, "%s: %s: %s (run: jobdesk db check)", db->path, what,
		    sqlite3_errmsg(db->h));
	return diag_set(d, EX_SOFTWARE, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
}

/* Run SQL with no parameters (schema steps, pragmas); returns 0 or a sysexits code. */
int
db_exec(struct db *db, const char *sql, struct diag *d)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK) {
		char what[200];
		snprintf(what, sizeof what, "%.60s...: %s", sql, err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		return db_error(db, rc, what, d);
	}
	return 0;
}

/* Begin a write transaction (BEGIN IMMEDIATE); EX_UNAVAILABLE when busy beyond the retry budget. */
int
db_begin(struct db *db, struct diag *d)
{
	return db_exec(db, "BEGIN IMMEDIATE", d);
}

/* Commit the transaction. */
int
db_commit(struct db *db, struct diag *d)
{
	int ret = search_sync(db, d);

	if (ret == 0)
		ret = db_exec(db, "COMMIT", d);
	if (ret != 0)
		db_rollback(db);
	return ret;
}

/* Roll back the transaction if one is open. */
void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
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
	return xasprintf("%s-%s", db->office, part);
}

/* The current UTC time as ISO 8601 text with milliseconds. */
void
db_now(char out[32])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	char buf[96];
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
	snprintf(out, 32, "%.31s", buf);
}

/* quick_check, foreign_key_check and the schema version, written to report; 0 when all are fine. */
int
db_check(struct db *db, struct sbuf *report, struct diag *d)
{
	sqlite3_stmt *st;
	int bad = 0, rc;

	st = db_prepare(db, "PRAGMA quick_check");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = db_col_text(st, 0);
		if (strcmp(msg, "ok") != 0)
			bad++;
		sbuf_addf(report, "quick_check: %s\n", msg);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "quick_check", d);
	st = db_prepare(db, "PRAGMA foreign_key_check");
	int fk = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fk++;
		sbuf_addf(report, tr("foreign_key_check: %s row %lld refers to a missing %s\n"),
		    db_col_text(st, 0), (long long)sqlite3_column_int64(st, 1), db_col_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "foreign_key_check", d);
	if (fk == 0)
		sbuf_add(report, "foreign_key_check: ok\n");
	int v = schema_version(db);
	sbuf_addf(report, v == schema_latest() ? tr("schema: version %d of %d, ok\n") :
	    tr("schema: version %d of %d, out of date\n"), v, schema_latest());
	if (v != schema_latest())
		bad++;
	if (bad + fk > 0)
		return diag_set(d, EX_DATAERR, "%s: db check found problems: %d", db->path, bad + fk);
	return 0;
}

/* Copy the database to file with the online backup API. */
int
db_backup(struct db *db, const char *file, struct diag *d)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int rc, ret = 0;
	char *tmp = xasprintf("%s.partial", file);
	struct stat live, target;
	size_t plen = strlen(db->path), flen = strlen(file);

	/* never over the database itself or its -wal and -shm files */
	if ((stat(db->path, &live) == 0 && stat(file, &target) == 0 && live.st_dev == target.st_dev &&
	    live.st_ino == target.st_ino) || (flen == plen + 4 && strncmp(file, db->path, plen) == 0 &&
	    (strcmp(file + plen, "-wal") == 0 || strcmp(file + plen, "-shm") == 0))) {
		ret = diag_set(d, EX_USAGE, "%s: that is the database itself; back it up to another "
		    "file", file);
		goto out;
	}
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot create the backup: %s", file,
		    strerror(errno));
		goto out;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot open the backup: %s", file,
		    sqlite3_errmsg(dst));
		goto out;
	}
	bk = sqlite3_backup_init(dst, "main", db->h, "main");
	if (bk == NULL) {
		ret = diag_set(d, EX_CANTCREAT, "%s: backup: %s", file, sqlite3_errmsg(dst));
		goto out;
	}
	while ((rc = sqlite3_backup_step(bk, 1024)) == SQLITE_OK || rc == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(50);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		ret = diag_set(d, EX_IOERR, "%s: backup failed: %s", file, sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	if (rename(tmp, file) != 0) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot move the backup into place: %s", file,
		    strerror(errno));
		goto out;
	}
out:
	if (dst != NULL)
		sqlite3_close(dst);
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	return ret;
}
