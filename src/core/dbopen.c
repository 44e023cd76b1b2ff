/* Opening a jobdesk database: the file created with mode 0600, the connection's house
 * settings (defensive, untrusted schema, busy timeout, foreign keys, full sync, WAL), the SQL
 * functions the schema's triggers call (jd_actor, jd_acting_as, jd_new_key, jd_now_ms, jd_json,
 * jd_changed, jd_row_hash, jd_chain, jd_search_tokens, jd_name_sort; jd_ts and jd_ms, a time as
 * text and back, schema step 17), the search index hook run
 * before each commit, migration, the office code and the outbox; the schema the migrations give, on a
 * database in memory (for db check); then checking a database and backing it up. The one file besides the wrapper (db.c)
 * that speaks to SQLite itself, for what the wrapper does not do: SQL functions and backup. */
#include "core/dbopen.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/outbox.h"
#include "core/person.h"
#include "core/schema.h"
#include "core/search.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/outfile.h"
#include "util/pinyin.h"
#include "util/priv.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* How long a writer waits for another before giving up (milliseconds). */
static const int dbopen_busy_ms = 10000;

/* jd_actor(): the acting user, for audit triggers. */
static void
dbopen_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, db_user(db), -1, SQLITE_TRANSIENT);
}

/* jd_acting_as(): the owner's name when the owner acts as the acting user, else NULL. */
static void
dbopen_acting_as(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (db_acting_as(db) == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, db_acting_as(db), -1, SQLITE_TRANSIENT);
}

/* jd_now_ms(): the time now in unix milliseconds (UTC), for audit rows. */
static void
dbopen_now_ms(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, db_now_ms());
}

/* jd_ts(x): a timestamp column's value as the audit hashes and shows it (schema step 17): an
 * integer (unix milliseconds) as the ISO 8601 UTC text it held before, anything else as it is. */
static void
dbopen_ts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char t[32];

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	db_ms_text(sqlite3_value_int64(argv[0]), t);
	sqlite3_result_text(ctx, t, -1, SQLITE_TRANSIENT);
}

/* jd_ms(x): the ISO 8601 UTC text db_now wrote as unix milliseconds (step 17's conversion); an
 * integer as it is; NULL for anything else. */
static void
dbopen_ms(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t ms;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER)
		sqlite3_result_value(ctx, argv[0]);
	else if (sqlite3_value_type(argv[0]) == SQLITE_TEXT &&
	    db_ms_parse((const char *)sqlite3_value_text(argv[0]), &ms) == 0)
		sqlite3_result_int64(ctx, ms);
	else
		sqlite3_result_null(ctx);
}

/* Append n as 8 bytes big-endian to the bytes to hash. */
static void
dbopen_hash_u64(struct sbuf *b, uint64_t n)
{
	char c[8];

	for (int i = 7; i >= 0; i--, n >>= 8)
		c[i] = (char)(n & 0xff);
	sbuf_addn(b, c, sizeof c);
}

/* Append one SQL value to the bytes to hash, canonically: a type tag (n null, i integer, r real,
 * t text, b blob), the length of its bytes as 8 bytes big-endian, then the bytes (an integer as 8
 * bytes big-endian two's complement, a real as its IEEE 754 bits the same way, text as UTF-8).
 * The bytes are hashed at once: one SHA-256 update a value, three or four before, cost more. */
static void
dbopen_hash_value(struct sbuf *b, sqlite3_value *v)
{
	union { double d; uint64_t u; } r;
	int n;

	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		sbuf_addc(b, 'n');
		dbopen_hash_u64(b, 0);
		break;
	case SQLITE_INTEGER:
		sbuf_addc(b, 'i');
		dbopen_hash_u64(b, 8);
		dbopen_hash_u64(b, (uint64_t)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT:
		r.d = sqlite3_value_double(v);
		sbuf_addc(b, 'r');
		dbopen_hash_u64(b, 8);
		dbopen_hash_u64(b, r.u);
		break;
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_value_text(v);
		n = sqlite3_value_bytes(v);
		sbuf_addc(b, 't');
		dbopen_hash_u64(b, (uint64_t)n);
		if (n > 0)
			sbuf_addn(b, t, (size_t)n);
		break;
	}
	default: {
		const char *t = sqlite3_value_blob(v);
		n = sqlite3_value_bytes(v);
		sbuf_addc(b, 'b');
		dbopen_hash_u64(b, (uint64_t)n);
		if (n > 0)
			sbuf_addn(b, t, (size_t)n);
		break;
	}
	}
}

/* A connection's last row hash: the bytes it hashed and the hash. An audit trigger computes a
 * row's hash twice (as row_hash and inside jd_chain's arguments), so the second is the first's. */
struct dbopen_row_memo {
	struct sbuf in, last;
	unsigned char out[crypto_hash_sha256_BYTES];
};

/* Free a connection's row hash memo (the function's destructor). */
static void
dbopen_row_memo_free(void *p)
{
	struct dbopen_row_memo *m = p;

	sbuf_free(&m->in);
	sbuf_free(&m->last);
	free(m);
}

/* jd_row_hash(table, value, ...): the SHA-256 of a row's audited columns (the table's name,
 * then each column's value in table order, each tagged and length-prefixed), as a 32-byte blob.
 * The triggers pass new.<column>s; db check passes the columns read back: the same hash. The
 * same values as the call before give its hash without hashing again. */
static void
dbopen_row_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct dbopen_row_memo *m = sqlite3_user_data(ctx);
	struct sbuf swap;

	sbuf_reset(&m->in);
	for (int i = 0; i < argc; i++)
		dbopen_hash_value(&m->in, argv[i]);
	if (m->last.s == NULL || m->in.len != m->last.len ||
	    memcmp(m->in.s, m->last.s, m->in.len) != 0) {
		crypto_hash_sha256(m->out, (const unsigned char *)m->in.s, m->in.len);
		swap = m->last;
		m->last = m->in;
		m->in = swap;
	}
	sqlite3_result_blob(ctx, m->out, sizeof m->out, SQLITE_TRANSIENT);
}

/* jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash): an
 * audit row's hash, SHA-256(prev || its content, each value tagged and length-prefixed); prev
 * NULL (no chained row before) counts as 32 zero bytes. */
static void
dbopen_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;
	unsigned char out[crypto_hash_sha256_BYTES] = { 0 };

	if (argc > 0 && sqlite3_value_type(argv[0]) != SQLITE_NULL) {
		int n = sqlite3_value_bytes(argv[0]);
		const char *p = sqlite3_value_blob(argv[0]);
		if (n > 0)
			sbuf_addn(&b, p, (size_t)n);
	} else {
		sbuf_addn(&b, (const char *)out, sizeof out);
	}
	for (int i = 1; i < argc; i++)
		dbopen_hash_value(&b, argv[i]);
	crypto_hash_sha256(out, (const unsigned char *)b.s, b.len);
	sbuf_free(&b);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

/* jd_new_key(): a new key unique across offices. */
static void
dbopen_new_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
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
dbopen_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
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
dbopen_differs(sqlite3_value *a, sqlite3_value *b)
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
dbopen_changed(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;
	struct json j;

	if (argc < 1) {   /* only a trigger written outside jobdesk calls it so */
		sqlite3_result_null(ctx);
		return;
	}
	int side = sqlite3_value_int(argv[0]);

	json_init(&j, &b);
	json_obj(&j);
	for (int i = 1; i + 2 < argc; i += 3) {
		if (!dbopen_differs(argv[i + 1], argv[i + 2]))
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
dbopen_search_tokens(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;

	(void)argc;
	search_tokens((const char *)sqlite3_value_text(argv[0]),
	    (const char *)sqlite3_value_text(argv[1]), (const char *)sqlite3_value_text(argv[2]), &b);
	sqlite3_result_text(ctx, sbuf_take(&b), -1, free);
}

/* jd_name_sort(name): the pinyin sort key of a name (util/pinyin.h); NULL for NULL. */
static void
dbopen_name_sort(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sbuf b = SBUF_INIT;
	const char *name = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (name == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	pinyin_sort_key(name, &b);
	sqlite3_result_text(ctx, sbuf_take(&b), -1, free);
}

/* jd_same_name(a, b): 1 when two names make a likely duplicate (person_same_name), else 0;
 * NULL when either is NULL. */
static void
dbopen_same_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *a = (const char *)sqlite3_value_text(argv[0]);
	const char *b = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (a == NULL || b == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int(ctx, person_same_name(a, b));
}

/* jd_key_pack(x): a row key as audit_log stores it (schema step 18): jd_new_key's form packed
 * into 15 bytes (audit_key_pack), any other value as it is. */
static void
dbopen_key_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char out[AUDIT_KEY_PACKED];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_TEXT &&
	    audit_key_pack((const char *)sqlite3_value_text(argv[0]),
	    (size_t)sqlite3_value_bytes(argv[0]), out))
		sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(ctx, argv[0]);
}

/* jd_key_text(x): a row key of audit_log as its text: a packed key unpacked, any other value
 * as it is. */
static void
dbopen_key_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[28];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_BLOB &&
	    sqlite3_value_bytes(argv[0]) == AUDIT_KEY_PACKED) {
		audit_key_unpack(sqlite3_value_blob(argv[0]), out);
		sqlite3_result_text(ctx, out, 27, SQLITE_TRANSIENT);
	} else
		sqlite3_result_value(ctx, argv[0]);
}

/* Register the SQL functions the schema's triggers call on connection h of db (and
 * jd_same_name, which queries call). */
static void
dbopen_functions(sqlite3 *h, struct db *db)
{
	static const int inn = SQLITE_UTF8 | SQLITE_INNOCUOUS;
	static const int det = SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC;

	sqlite3_create_function(h, "jd_actor", 0, inn, db, dbopen_actor, NULL, NULL);
	sqlite3_create_function(h, "jd_acting_as", 0, inn, db, dbopen_acting_as, NULL, NULL);
	sqlite3_create_function(h, "jd_new_key", 0, inn, db, dbopen_new_key, NULL, NULL);
	sqlite3_create_function(h, "jd_now_ms", 0, inn, NULL, dbopen_now_ms, NULL, NULL);
	sqlite3_create_function(h, "jd_ts", 1, det, NULL, dbopen_ts, NULL, NULL);
	sqlite3_create_function(h, "jd_ms", 1, det, NULL, dbopen_ms, NULL, NULL);
	sqlite3_create_function(h, "jd_json", -1, det, NULL, dbopen_json, NULL, NULL);
	sqlite3_create_function(h, "jd_changed", -1, det, NULL, dbopen_changed, NULL, NULL);
	sqlite3_create_function_v2(h, "jd_row_hash", -1, det, xcalloc(1, sizeof(struct dbopen_row_memo)),
	    dbopen_row_hash, NULL, NULL, dbopen_row_memo_free);
	sqlite3_create_function(h, "jd_chain", -1, det, NULL, dbopen_chain, NULL, NULL);
	sqlite3_create_function(h, "jd_search_tokens", 3, det, db, dbopen_search_tokens, NULL, NULL);
	sqlite3_create_function(h, "jd_name_sort", 1, det, NULL, dbopen_name_sort, NULL, NULL);
	sqlite3_create_function(h, "jd_key_pack", 1, det, NULL, dbopen_key_pack, NULL, NULL);
	sqlite3_create_function(h, "jd_key_text", 1, det, NULL, dbopen_key_text, NULL, NULL);
	sqlite3_create_function(h, "jd_same_name", 2, det, NULL, dbopen_same_name, NULL, NULL);
}

/* Register the SQL functions the schema's triggers call on a connection another program opened
 * and wrapped (the import benchmark's sqlite3 shell extension), as dbopen_open does. */
int
dbopen_functions_on(struct db *db)
{
	if (sodium_init() < 0)
		return EX_SOFTWARE;
	dbopen_functions(db_sqlite(db), db);
	return 0;
}

/* Create the file with mode 0600 (exactly, util/outfile.h) if it does not exist, so the WAL
 * files inherit it; 0660 on a server where jobdesk runs set-group-id (util/priv.h): the group's
 * file, in a folder only the group may reach. */
static int
dbopen_create_file(const char *path, struct diag *d)
{
	int fd = outfile_create(path);

	if (fd >= 0) {
		struct stat sb;
		if (fstat(fd, &sb) == 0 && priv_shared_group(sb.st_gid) && fchmod(fd, 0660) != 0) {
			int err = errno;
			close(fd);
			unlink(path);
			return diag_set(d, EX_CANTCREAT, "%s: cannot create the database: %s", path,
			    strerror(err));
		}
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	return diag_set(d, EX_CANTCREAT, "%s: cannot create the database: %s", path, strerror(errno));
}

/* Read this database's office code from the setting table (the default stays without one, and
 * in a file with no schema yet: a restore's new empty file has no settings). Registered as the
 * office code's loader (db_set_office_loader): run when a key or the code is first needed, so
 * that opening reads no table the first page does not need. */
static void
dbopen_load_office(struct db *db)
{
	if (schema_version(db) < 1) {
		db_set_office_loader(db, dbopen_load_office);  /* asked again once it has one */
		return;
	}
	struct db_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE key = 'office_code'");

	if (db_step(st, "reading the office code", NULL) == DB_ROW && !db_col_null(st, 0))
		db_set_office(db, db_col_text(st, 0));
	db_finalize(st);
}

/* Why this account may not write the database at path (a message id), or NULL when it may:
 * the file is on read-only media, the file's mode lets it only read, or it may not write the
 * folder (where the -wal and -shm files and the rollback journal are made; *dir_ro is set). */
static const char *
dbopen_readonly_why(const char *path, bool *dir_ro)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *why = NULL;

	*dir_ro = false;
	/* the effective ids (AT_EACCESS): set-group-id on a server, the group may write, the person not */
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
		why = errno == EROFS ? N_("it is on read-only media") :
		    N_("this account may only read the file");
	if (slash == NULL)
		snprintf(dir, strlen(path) + 1, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) != 0) {
		*dir_ro = true;
		if (why == NULL)
			why = errno == EROFS ? N_("it is on read-only media") :
			    N_("this account may not write its folder");
	}
	free(dir);
	return why;
}

/* The URI that opens path read-only (mode=ro), and with immutable as immutable=1: '%', '?' and
 * '#' of the name escaped. Caller frees. */
static char *
dbopen_ro_uri(const char *path, bool immutable)
{
	struct sbuf u = SBUF_INIT;

	sbuf_add(&u, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sbuf_addf(&u, "%%%02X", (unsigned char)*p);
		else
			sbuf_addc(&u, *p);
	}
	sbuf_add(&u, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return sbuf_take(&u);
}

/* Open path read-only: as mode=ro, and when that cannot read a WAL database in a folder this
 * account may not write (no -shm it may share), as immutable=1. *h is the connection, even a
 * failed one; *immutable says which. The SQLite code of the first read. */
static int
dbopen_open_ro(const char *path, bool dir_ro, sqlite3 **h, bool *immutable)
{
	char *uri = dbopen_ro_uri(path, false);
	int rc;

	*immutable = false;
	rc = sqlite3_open_v2(uri, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(*h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (dir_ro && ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)) {
		sqlite3_close(*h);
		*h = NULL;
		*immutable = true;
		uri = dbopen_ro_uri(path, true);
		rc = sqlite3_open_v2(uri, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
		    SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(*h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	return rc;
}

/* Whether the database file (h: its first 100 bytes, size: its length) is shorter than the
 * page count its header gives, when that count is valid (the change counter matches the
 * version-valid-for number) and no -wal file holds pages of it not yet written back. */
static bool
dbopen_cut_short(const char *path, const unsigned char *h, off_t size)
{
	unsigned page = (unsigned)h[16] << 8 | h[17];
	uint32_t pages = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 | h[31];
	struct stat wal;
	char *w = xasprintf("%s-wal", path);
	bool walled = stat(w, &wal) == 0 && wal.st_size > 0;

	free(w);
	if (walled || pages == 0 || memcmp(h + 24, h + 92, 4) != 0)
		return false;
	return (uint64_t)size < (uint64_t)pages * (page == 1 ? 65536u : page);
}

/* The start-up check of the file at path (sb: its stat): nothing that reads the whole file,
 * only its first 100 bytes: an SQLite header, a page size SQLite writes, a journal mode byte of
 * rollback or WAL. An empty file passes only with empty_ok (init makes the database there).
 * 0, or EX_DATAERR with diag.reason DBOPEN_DAMAGED. */
static int
dbopen_header_check(const char *path, const struct stat *sb, bool empty_ok, struct diag *d)
{
	unsigned char h[100];
	const char *why = NULL;
	ssize_t n = 0;
	int fd;

	if (sb->st_size == 0) {
		if (empty_ok)
			return 0;
		why = N_("the file is empty");
	} else if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0) {
		return 0;   /* what cannot be read is said by the open that follows */
	} else {
		n = read(fd, h, sizeof h);
		close(fd);
		unsigned page = (unsigned)h[16] << 8 | h[17];
		if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
			why = N_("its first bytes are not an SQLite database's");
		else if (page != 1 && (page < 512 || (page & (page - 1)) != 0))
			why = N_("its header names no valid page size");
		else if (h[18] < 1 || h[18] > 2 || h[19] < 1 || h[19] > 2)
			why = N_("its header names no journal mode");
		else if (why == NULL && dbopen_cut_short(path, h, sb->st_size))
			why = N_("the file is shorter than its header says: it was cut short");
	}
	if (why == NULL)
		return 0;
	diag_set(d, EX_DATAERR, "%s fails the start-up check: %s", path, tr(why));
	d->reason = DBOPEN_DAMAGED;
	return EX_DATAERR;
}

/* Open a database (with create: creating the file when missing) and, with migrate, bring its
 * schema up to date; with check, the file passes the start-up check first (dbopen_header_check)
 * and a missing one is said with diag.reason DBOPEN_MISSING. A database this account may not
 * write opens read-only: no pragma that writes, no migration, every db_transaction refused
 * (db_readonly). Returns 0 or a sysexits code. */
static int
dbopen_open_with(const char *path, const char *user, bool create, bool migrate, bool check,
    struct diag *d, struct db **out)
{
	struct db *db = NULL;
	sqlite3 *h = NULL;
	int rc, ret = 0;
	struct stat sb;
	const char *ro;
	bool dir_ro, immutable = false;

	*out = NULL;
	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	if (stat(path, &sb) != 0) {
		if (!create) {
			diag_set(d, EX_NOINPUT, "%s: no such database (create it with: jobdesk init)",
			    path);
			d->reason = check ? DBOPEN_MISSING : 0;
			return EX_NOINPUT;
		}
		if ((ret = dbopen_create_file(path, d)) != 0)
			return ret;
	} else if (!S_ISREG(sb.st_mode)) {
		return diag_set(d, EX_NOINPUT, "%s: not a regular file", path);
	} else if (check && (ret = dbopen_header_check(path, &sb, create, d)) != 0) {
		return ret;
	} else if (create && sb.st_size == 0 && (sb.st_uid != geteuid() || (sb.st_mode & 077) != 0)) {
		/* an empty file another account made first (0666 in a shared folder) is never filled
		 * with a caseload */
		return diag_set(d, EX_CANTCREAT, "%s: an empty file made by another account or readable "
		    "by others (mode %03o) is in the way; the database is created as a new file of "
		    "mode 0600: remove it, or give another name", path, (unsigned)(sb.st_mode & 0777));
	}
	ro = dbopen_readonly_why(path, &dir_ro);
	if (ro != NULL)
		rc = dbopen_open_ro(path, dir_ro, &h, &immutable);
	else
		rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
		    SQLITE_OPEN_NOMUTEX, NULL);
	db = db_wrap(h, path, user);  /* closes h, even a failed one, in db_close */
	if (ro != NULL)
		db_set_readonly(db, ro, immutable);
	if (ro != NULL && (rc & 0xff) != SQLITE_OK && (rc & 0xff) != SQLITE_NOTADB &&
	    (rc & 0xff) != SQLITE_CORRUPT) {
		ret = diag_set(d, EX_NOINPUT, "%s: cannot open the database read-only (%s); check "
		    "that it is a jobdesk database this account may read (SQLite: %s)", path, tr(ro),
		    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		goto out;
	}
	if (rc != SQLITE_OK && ro == NULL) {
		ret = diag_set(d, EX_NOINPUT, "%s: cannot open the database; check that it is a "
		    "jobdesk database you may read and write (SQLite: %s)", path,
		    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(h, 1);
	/* a file that is not SQLite is said so, before any pragma fails on it */
	rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
		ret = diag_set(d, EX_DATAERR, "%s: not an SQLite database (or damaged); give a "
		    "jobdesk database, or create one with: jobdesk init", path);
		d->reason = check ? DBOPEN_DAMAGED : 0;
		goto out;
	}
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_busy_timeout(h, dbopen_busy_ms);
	dbopen_functions(h, db);
	/* every commit first brings the search index up to date with the rows it changed */
	db_set_precommit(db, search_sync);
	/* temp_store: statement journals (every trigger-firing insert has one) stay in memory;
	 * set-group-id, every temporary does (core/transfer.c keeps it so): a file would be the
	 * person's, in a folder of theirs */
	ret = db_exec(db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;"
	    "PRAGMA temp_store = MEMORY;", d);
	if (ret != 0)
		goto out;
	if (ro != NULL) {
		/* read-only: no WAL pragma, no migration; a schema that needs one cannot be read */
		if (migrate && schema_version(db) != schema_latest()) {
			ret = diag_set(d, EX_CANTCREAT, "%s is open read-only: %s; its schema is version "
			    "%d and this jobdesk reads version %d, which it cannot bring it to here: run "
			    "jobdesk init once with an account that may write it", path, tr(ro),
			    schema_version(db), schema_latest());
			goto out;
		}
		db_set_office_loader(db, dbopen_load_office);
		*out = db;
		return 0;
	}
	if ((ret = db_exec(db, "PRAGMA synchronous = FULL;", d)) != 0)
		goto out;
	/* journal_mode returns a row; it fails (busy/locked) only while another process converts. */
	if ((ret = db_exec(db, "PRAGMA journal_mode = WAL;", d)) != 0)
		goto out;
	/* the start-up check's schema version: a file emptied (or another program's) is refused,
	 * never made a new empty caseload; init (create) makes one */
	if (check && !create && schema_version(db) < 1) {
		diag_set(d, EX_DATAERR, "%s fails the start-up check: %s", path,
		    tr("it holds no jobdesk schema"));
		d->reason = DBOPEN_DAMAGED;
		ret = EX_DATAERR;
		goto out;
	}
	if (migrate && (ret = schema_migrate(db, d)) != 0)
		goto out;
	db_set_office_loader(db, dbopen_load_office);
	/* from here on each write transaction's changes go into the outbox; the migration's did not */
	if ((ret = outbox_wire(db, d)) != 0)
		goto out;
	*out = db;
	return 0;
out:
	db_close(db);
	return ret;
}

/* Open a database (with create: creating the file when missing) and bring its schema up to date.
 * Returns 0 or a sysexits code. */
int
dbopen_open(const char *path, const char *user, bool create, struct diag *d, struct db **out)
{
	return dbopen_open_with(path, user, create, true, true, d, out);
}

/* Open an existing database as it is, never migrating it (db check looks before anything
 * changes the file). Returns 0 or a sysexits code. */
int
dbopen_open_as_is(const char *path, const char *user, struct diag *d, struct db **out)
{
	return dbopen_open_with(path, user, false, false, false, d, out);
}

/* Open the database a restore writes into: created empty (mode 0600) when missing, never
 * migrated, no start-up check (it is what the restore mends). 0 or a sysexits code. */
int
dbopen_open_target(const char *path, const char *user, struct diag *d, struct db **out)
{
	return dbopen_open_with(path, user, true, false, false, d, out);
}

/* Open a closed copy (a backup) read-only and as immutable, so that nothing is written beside
 * it (no -wal or -shm), for checking it and restoring from it. 0 or a sysexits code. */
int
dbopen_open_copy(const char *path, struct diag *d, struct db **out)
{
	char *uri = dbopen_ro_uri(path, true);
	sqlite3 *h = NULL;
	int rc;

	*out = NULL;
	rc = sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	struct db *db = db_wrap(h, path, "jobdesk");
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		diag_set(d, EX_DATAERR, "%s: not an SQLite database (or damaged); give a jobdesk "
		    "backup (SQLite: %s)", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		db_close(db);
		return EX_DATAERR;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	db_set_readonly(db, N_("it is a backup, opened to be read"), true);
	*out = db;
	return 0;
}

/* Copy every page of src into the open database dst with SQLite's backup API, in one write
 * transaction of dst (its other connections see the new content at their next read); a busy
 * dst is waited for as long as any writer is. 0, or the code with d set (dst unchanged). */
int
dbopen_restore_into(struct db *dst, struct db *src, struct diag *d)
{
	sqlite3_backup *bk = sqlite3_backup_init(db_sqlite(dst), "main", db_sqlite(src), "main");
	int rc, waited = 0;

	if (bk == NULL)
		return diag_set(d, EX_CANTCREAT, "%s: the restore could not start; nothing was changed "
		    "(SQLite: %s)", db_path(dst), sqlite3_errmsg(db_sqlite(dst)));
	/* all pages in one step: one write transaction, so that a reader sees all or nothing */
	while (((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
	    waited < dbopen_busy_ms) {
		sqlite3_sleep(50);
		waited += 50;
	}
	int frc = sqlite3_backup_finish(bk);
	if (rc == SQLITE_DONE && frc != SQLITE_OK)
		rc = frc;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return diag_set(d, EX_UNAVAILABLE, "%s: another session kept writing the database; "
		    "nothing was changed: try again when it is done (SQLite: %s)", db_path(dst),
		    sqlite3_errstr(rc));
	if (rc != SQLITE_DONE)
		return diag_set(d, EX_IOERR, "%s: the restore failed and was rolled back; check the "
		    "disk's free space, then try again (SQLite: %s)", db_path(dst), sqlite3_errstr(rc));
	/* the WAL that now holds every page goes back into the file (when no reader holds it) */
	sqlite3_wal_checkpoint_v2(db_sqlite(dst), "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return 0;
}

/* A database in memory with the schema every migration gives (what db check compares a
 * database's schema with), opened with the house settings and functions. Returns 0 or a
 * sysexits code. */
int
dbopen_expected(struct diag *d, struct db **out)
{
	sqlite3 *h = NULL;
	int rc, ret;

	*out = NULL;
	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	rc = sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
	struct db *db = db_wrap(h, ":memory:", "jobdesk");
	if (rc != SQLITE_OK) {
		db_close(db);
		return diag_set(d, EX_SOFTWARE, "cannot open a database in memory (SQLite: %s)",
		    sqlite3_errstr(rc));
	}
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	dbopen_functions(h, db);
	db_set_precommit(db, search_sync);
	if ((ret = db_exec(db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;", d)) != 0 ||
	    (ret = schema_migrate(db, d)) != 0) {
		db_close(db);
		return ret;
	}
	*out = db;
	return 0;
}

/* Warn in report when a file of the database (the file itself, or its -wal) may be read by
 * the group or others, or its folder written by them (who could replace or remove it). */
static void
dbopen_check_modes(const char *path, struct sbuf *report)
{
	struct stat sb;
	char *wal = xasprintf("%s-wal", path), *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *files[] = { path, wal };

	/* the group a set-group-id jobdesk runs as (util/priv.h) is meant to read and write them */
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (stat(files[i], &sb) == 0 && ((sb.st_mode & S_IROTH) != 0 ||
		    ((sb.st_mode & S_IRGRP) != 0 && !priv_shared_group(sb.st_gid))))
			sbuf_addf(report, tr("warning: %s may be read by %s (mode %04o), and it holds full "
			    "ID numbers; make it the owner's alone: chmod 600 %s\n"), files[i],
			    (sb.st_mode & S_IROTH) ? tr("every account") : tr("its group"),
			    (unsigned)(sb.st_mode & 07777), files[i]);
	if (slash == NULL)
		snprintf(dir, strlen(path) + 1, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &sb) == 0 && ((sb.st_mode & S_IWOTH) != 0 || ((sb.st_mode & S_IWGRP) != 0 &&
	    !priv_shared_group(sb.st_gid))) && (sb.st_mode & S_ISVTX) == 0)
		sbuf_addf(report, tr("warning: the folder %s may be written by %s (mode %04o), who could "
		    "replace or remove the database; make it the owner's alone: chmod 700 %s\n"), dir,
		    (sb.st_mode & S_IWOTH) ? tr("every account") : tr("its group"),
		    (unsigned)(sb.st_mode & 07777), dir);
	free(wal);
	free(dir);
}

/* integrity_check, foreign_key_check and the schema version, written to report; 0 when all are fine. */
int
dbopen_check(struct db *db, struct sbuf *report, struct diag *d)
{
	struct db_stmt *st;
	int bad = 0, ret;

	dbopen_check_modes(db_path(db), report);
	st = db_prepare(db, "PRAGMA integrity_check");
	while ((ret = db_step(st, "integrity_check", d)) == DB_ROW) {
		const char *msg = db_col_text(st, 0);
		if (strcmp(msg, "ok") != 0) {
			bad++;
			sbuf_addf(report, "integrity_check: %s\n", msg);
		} else {
			sbuf_add(report, tr("integrity_check: ok\n"));
		}
	}
	db_finalize(st);
	if (ret != DB_DONE)
		return ret;
	st = db_prepare(db, "PRAGMA foreign_key_check");
	int fk = 0;
	while ((ret = db_step(st, "foreign_key_check", d)) == DB_ROW) {
		fk++;
		sbuf_addf(report, tr("foreign_key_check: %s row %lld refers to a missing %s\n"),
		    db_col_text(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2));
	}
	db_finalize(st);
	if (ret != DB_DONE)
		return ret;
	if (fk == 0)
		sbuf_add(report, tr("foreign_key_check: ok\n"));
	int v = schema_version(db);
	sbuf_addf(report, v == schema_latest() ? tr("schema: version %d of %d, ok\n") : v > schema_latest() ?
	    tr("schema: version %d of %d, made by a newer jobdesk\n") :
	    tr("schema: version %d of %d, out of date\n"), v, schema_latest());
	if (v != schema_latest())
		bad++;
	if (bad + fk > 0)
		return diag_set(d, EX_DATAERR, "%s: db check found problems: %d", db_path(db), bad + fk);
	return 0;
}

static int dbopen_copy_to(struct db *db, const char *file, bool as_person, struct diag *d);

/* Copy the database to file with the online backup API inside one read transaction: the copy is
 * one snapshot, and writers go on under WAL while it is taken (steps each in a read transaction of
 * their own restart after every write by another connection). It is written to a new 0600 file beside
 * file, synced, and renamed into place with its folder synced; on failure nothing is left. */
int
dbopen_backup(struct db *db, const char *file, struct diag *d)
{
	int ret;

	if ((ret = role_check(db, ROLE_ACT_DB_BACKUP, NULL, d)) != 0)
		return ret;
	return dbopen_copy_to(db, file, true, d);
}

/* Copy the database to file as dbopen_backup does, whoever acts: the office's own generations
 * beside the database (core/backup.c), taken at the end of anyone's day; with jobdesk's own ids
 * (on a set-group-id server, the data directory's group), 0660 there. */
int
dbopen_copy(struct db *db, const char *file, struct diag *d)
{
	int ret = dbopen_copy_to(db, file, false, d);

	if (ret == 0 && priv_privileged())
		chmod(file, 0660);   /* the group's, as the database: another counselor restores it */
	return ret;
}

/* Copy the database to file (see dbopen_backup), the file made with the person's ids (a path
 * the person named) or with jobdesk's own (as_person false: a generation). */
static int
dbopen_copy_to(struct db *db, const char *file, bool as_person, struct diag *d)
{
	sqlite3 *dst = NULL, *src = db_sqlite(db);
	sqlite3_backup *bk;
	int rc, ret = 0;
	bool reading = false, begun = false;
	struct outfile of;
	struct stat live, target, made, named;
	const char *path = db_path(db);
	size_t plen = strlen(path), flen = strlen(file);

	/* never over the database itself or its -wal and -shm files */
	if ((stat(path, &live) == 0 && stat(file, &target) == 0 && live.st_dev == target.st_dev &&
	    live.st_ino == target.st_ino) || (flen == plen + 4 && strncmp(file, path, plen) == 0 &&
	    (strcmp(file + plen, "-wal") == 0 || strcmp(file + plen, "-shm") == 0))) {
		ret = diag_set(d, EX_USAGE, "%s: that is the database itself; back it up to another "
		    "file", file);
		goto out;
	}
	/* a new 0600 file of our own beside file; an interrupted or failed backup leaves nothing */
	if ((ret = as_person ? outfile_begin(&of, file, true, d) : outfile_begin_own(&of, file, true,
	    d)) != 0)
		goto out;
	begun = true;
	const char *tmp = of.tmp;
	int flags = SQLITE_OPEN_READWRITE;
#ifdef SQLITE_OPEN_NOFOLLOW
	flags |= SQLITE_OPEN_NOFOLLOW;
#endif
	/* the copy needs no journal of its own: it is synced here, and removed if anything fails;
	 * it is the person's file, opened as the person (util/priv.h) */
	if (as_person)
		priv_user_begin();
	rc = sqlite3_open_v2(tmp, &dst, flags, NULL) != SQLITE_OK ? SQLITE_CANTOPEN : sqlite3_exec(dst,
	    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; "
	    "PRAGMA schema_version", NULL, NULL, NULL);
	if (as_person)
		priv_user_end();
	if (rc != SQLITE_OK) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot open the backup; give a file in a folder "
		    "you can write to (SQLite: %s)", file, sqlite3_errmsg(dst));
		goto out;
	}
	/* one read transaction: the snapshot the copy is of, held while writers go on under WAL */
	if ((rc = sqlite3_exec(src, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_schema", NULL, NULL,
	    NULL)) != SQLITE_OK) {
		ret = diag_set(d, EX_UNAVAILABLE, "%s: the backup could not start; nothing was written "
		    "(SQLite: %s)", file, sqlite3_errmsg(src));
		goto out;
	}
	reading = true;
	bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk == NULL) {
		ret = diag_set(d, EX_CANTCREAT, "%s: the backup could not start; nothing was written "
		    "(SQLite: %s)", file, sqlite3_errmsg(dst));
		goto out;
	}
	/* 16,384 pages (64 MiB of 4 KiB) a step, all in the one read transaction, so that no step
	 * restarts (the snapshot is held); after each the part written is handed to the disk
	 * (fadvise DONTNEED starts its write-back and keeps the copy out of the cache), so that the
	 * closing fsync is short and the writers' own syncs never queue behind gigabytes of it */
	while ((rc = sqlite3_backup_step(bk, 16384)) == SQLITE_OK)
		posix_fadvise(of.fd, 0, 0, POSIX_FADV_DONTNEED);
	int frc = sqlite3_backup_finish(bk);
	if (rc == SQLITE_DONE && frc != SQLITE_OK)
		rc = frc;
	if (rc == SQLITE_DONE)
		rc = sqlite3_close(dst) == SQLITE_OK ? SQLITE_DONE : SQLITE_IOERR;
	else
		sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_DONE) {
		ret = diag_set(d, EX_IOERR, "%s: the backup failed and was not kept; check the disk's "
		    "free space, then try again (SQLite: %s)", file, sqlite3_errstr(rc));
		goto out;
	}
	/* the file SQLite wrote is the one made above (not swapped for another under the name) */
	if (fstat(of.fd, &made) != 0 || lstat(tmp, &named) != 0 || made.st_dev != named.st_dev ||
	    made.st_ino != named.st_ino) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot create the backup: %s", file,
		    strerror(EEXIST));
		goto out;
	}
	ret = outfile_commit(&of, d);
	begun = false;
out:
	if (reading)
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	if (dst != NULL)
		sqlite3_close(dst);
	if (begun)
		outfile_abort(&of);
	return ret;
}
