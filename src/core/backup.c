/* Backups that restore (core/backup.h): generations beside the database, each checked after it
 * is written; the encrypted copy to carry away; restoring into the open database.
 *
 * The encrypted copy is a header, then the database in chunks of crypto_secretstream_xchacha20
 * poly1305: magic "JDBACKUP", format version 1, algorithm 1 (Argon2id13 + secretstream), the
 * office code's length, a zero byte, Argon2id's opslimit and memlimit (KiB) and the chunk size
 * (each 4 bytes big-endian), a 16-byte salt, the office code, then the stream's 24-byte header.
 * Every chunk holds chunk-size bytes of the database but the last (tagged FINAL); the first
 * chunk authenticates the whole header as additional data, so that a changed byte anywhere, a
 * missing chunk or a byte after the last is refused. */
#include "core/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/role.h"
#include "core/schema.h"
#include "core/session.h"
#include "util/i18n.h"
#include "util/outfile.h"
#include "util/priv.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const unsigned char backup_magic[8] = { 'J', 'D', 'B', 'A', 'C', 'K', 'U', 'P' };
enum {
	BACKUP_FORMAT = 1,
	BACKUP_ALG = 1,
	BACKUP_FIXED = 40,              /* the header before the office code */
	BACKUP_OFFICE_MAX = 64,
	BACKUP_CHUNK = 1 << 20,         /* bytes of the database a chunk holds */
	BACKUP_OPS = 3,                 /* Argon2id passes (libsodium's MODERATE) */
	BACKUP_MEM_KIB = 128 * 1024,    /* Argon2id memory: 128 MiB */
};

/* The backup folder of the database at db_path (DB.backups). Caller frees. */
char *
backup_dir(const char *db_path)
{
	return xasprintf("%s.backups", db_path);
}

/* Whether name is a generation's: YYYY-MM-DD_HHMMSS.db or YYYY-MM-DD_HHMMSS_N.db. */
static bool
backup_is_generation(const char *name)
{
	static const char shape[] = "0000-00-00_000000";
	size_t n = strlen(name);

	if (n < sizeof shape - 1 + 3)
		return false;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == '0' ? (name[i] < '0' || name[i] > '9') : name[i] != shape[i])
			return false;
	const char *p = name + sizeof shape - 1;
	if (*p == '_') {
		if (p[1] < '1' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	return strcmp(p, ".db") == 0;
}

/* The number after a generation's date and time (1 when there is none: the first of that
 * second). */
static long
backup_name_seq(const char *name)
{
	return name[17] == '_' ? strtol(name + 18, NULL, 10) : 1;
}

/* Order two generation names (qsort): by date and time, then by their number. */
static int
backup_name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = strncmp(x, y, 17);

	if (c != 0)
		return c;
	long nx = backup_name_seq(x), ny = backup_name_seq(y);
	return nx < ny ? -1 : nx > ny;
}

/* The generations in dir, oldest first (names only; *n of them). Free with backup_names_free. */
static char **
backup_list(const char *dir, int *n)
{
	DIR *dh = opendir(dir);
	char **names = NULL;
	int cap = 0;

	*n = 0;
	if (dh == NULL)
		return NULL;
	for (struct dirent *e; (e = readdir(dh)) != NULL; ) {
		if (!backup_is_generation(e->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, (size_t)cap, sizeof *names);
		}
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(dh);
	if (*n > 1)
		qsort(names, (size_t)*n, sizeof *names, backup_name_cmp);
	return names;
}

/* Free a list of names. */
static void
backup_names_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The newest generation of the database at db_path, or NULL when there is none. Caller frees. */
char *
backup_newest(const char *db_path)
{
	char *dir = backup_dir(db_path), *newest = NULL;
	int n;
	char **names = backup_list(dir, &n);

	if (n > 0)
		newest = xasprintf("%s/%s", dir, names[n - 1]);
	backup_names_free(names, n);
	free(dir);
	return newest;
}

/* Make the backup folder (0700) when missing; refuse one that is a link or no folder. 0 or
 * EX_CANTCREAT. */
static int
backup_mkdir(const char *dir, struct diag *d)
{
	struct stat sb;

	/* beside the database, jobdesk's own place (not a path the person names): made with
	 * jobdesk's ids, 0770 for the group on a set-group-id server */
	if (lstat(dir, &sb) != 0 && mkdir(dir, priv_privileged() ? 0770 : 0700) != 0 &&
	    errno != EEXIST)
		return diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", dir, strerror(errno));
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return diag_set(d, EX_CANTCREAT, "%s: the backup folder is not a folder (a link or a "
		    "file is in its place); move it away, then try again", dir);
	/* on a set-group-id server every counselor's jobdesk backs up, prunes and restores here,
	 * whoever made the folder: the group's too, as the database (the data directory keeps
	 * everyone else out); only its maker may change its mode, and has */
	if (priv_privileged() && sb.st_uid == geteuid() && (sb.st_mode & 0777) != 0770)
		chmod(dir, 0770);
	return 0;
}

/* A setting's text (caller frees), or NULL when it is not set or cannot be read. */
static char *
backup_setting(struct db *db, const char *key)
{
	struct db_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE key = ?1");
	char *v = NULL;

	db_bind_text(st, 1, key);
	if (db_step(st, "reading a setting", NULL) == DB_ROW && !db_col_null(st, 0))
		v = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	return v;
}

/* A setting as a whole number from min to max, or def when unset or not one. */
static int64_t
backup_setting_int(struct db *db, const char *key, int64_t def, int64_t min, int64_t max)
{
	char *v = backup_setting(db, key), *end = NULL;
	int64_t n = def;

	if (v != NULL) {
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno == 0 && end != v && *end == '\0' && x >= min && x <= max)
			n = x;
	}
	free(v);
	return n;
}

/* The office a database belongs to (its setting office_code; "" when none). Caller frees. */
static char *
backup_office(struct db *db)
{
	char *v = backup_setting(db, "office_code");

	return v != NULL ? v : xstrdup("");
}

/* What a backup file holds, read by backup_check. */
struct backup_facts {
	int version;
	int64_t persons;
	int64_t epoch;
	char *office;
};

/* Check a closed copy (named label in messages): integrity_check, a jobdesk schema of a version
 * from 1 to max_version (exactly max_version when exact), and office (NULL: any). Fills f (office: caller frees).
 * 0, or EX_DATAERR naming the file and what failed. */
static int
backup_check(const char *file, const char *label, const char *office, int max_version,
    bool exact, struct backup_facts *f, struct diag *d)
{
	struct db *db = NULL;
	struct db_stmt *st;
	char problem[256] = "";
	int ret, bad = 0;

	memset(f, 0, sizeof *f);
	if ((ret = dbopen_open_copy(file, d, &db)) != 0)
		return ret;
	st = db_prepare(db, "PRAGMA integrity_check");
	while ((ret = db_step(st, "integrity_check", d)) == DB_ROW) {
		const char *msg = db_col_text(st, 0);
		if (msg != NULL && strcmp(msg, "ok") != 0 && bad++ == 0)
			snprintf(problem, sizeof problem, "%s", msg);
	}
	db_finalize(st);
	if (ret != DB_DONE) {
		char why[sizeof d->msg];
		snprintf(why, sizeof why, "%s", d->msg);
		ret = diag_set(d, EX_DATAERR, "%s: the backup is damaged: %s", label, why);
		goto out;
	}
	if (bad > 0) {
		ret = diag_set(d, EX_DATAERR, "%s: the backup is damaged: integrity_check found %d "
		    "problems (the first: %s)", label, bad, problem);
		goto out;
	}
	f->version = schema_version(db);
	int64_t tables = 0;
	db_query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND "
	    "name IN ('setting', 'person', 'audit')", &tables, "reading the backup's tables", NULL);
	if (f->version < 1 || tables != 3) {
		ret = diag_set(d, EX_DATAERR, "%s: not a jobdesk database (schema version %d)", label,
		    f->version);
		goto out;
	}
	if (f->version > max_version || (exact && f->version != max_version)) {
		ret = diag_set(d, EX_DATAERR, "%s: the backup has schema version %d, and %d was "
		    "expected%s", label, f->version, max_version, f->version > schema_latest() ?
		    tr(" (made by a newer jobdesk: restore it with that version)") : "");
		goto out;
	}
	f->office = backup_office(db);
	if (office != NULL && strcmp(office, f->office) != 0) {
		ret = diag_set(d, EX_DATAERR, "%s: the backup is of office '%s', and this database is "
		    "of office '%s'; restore a backup of this office", label, f->office, office);
		goto out;
	}
	f->epoch = backup_setting_int(db, "sync_epoch", 0, 0, INT64_MAX);
	if ((ret = db_query_int(db, "SELECT count(*) FROM person", &f->persons,
	    "counting the backup's persons", d)) != 0) {
		char why[sizeof d->msg];
		snprintf(why, sizeof why, "%s", d->msg);
		ret = diag_set(d, EX_DATAERR, "%s: the backup is damaged: %s", label, why);
		goto out;
	}
	ret = 0;
out:
	if (ret != 0) {
		free(f->office);
		f->office = NULL;
	}
	db_close(db);
	return ret;
}

/* A new name in dir for prefix + today + the time (+ _N when taken), e.g.
 * dir/2018-03-01_104512.db. Caller frees. */
static char *
backup_new_name(const char *dir, const char *prefix, const char *today)
{
	time_t now = time(NULL);
	struct tm tm;
	char hms[16];

	localtime_r(&now, &tm);
	strftime(hms, sizeof hms, "%H%M%S", &tm);
	/* after every generation of the same second, even one removed since (a name is never
	 * used twice, so the newest is always the last) */
	long seq = 1;
	if (prefix[0] == '\0') {
		int n;
		char **names = backup_list(dir, &n);
		char stem[32];
		snprintf(stem, sizeof stem, "%s_%s", today, hms);
		for (int i = 0; i < n; i++)
			if (strncmp(names[i], stem, 17) == 0 && backup_name_seq(names[i]) >= seq)
				seq = backup_name_seq(names[i]) + 1;
		backup_names_free(names, n);
	}
	char *name = seq == 1 ? xasprintf("%s/%s%s_%s.db", dir, prefix, today, hms) :
	    xasprintf("%s/%s%s_%s_%ld.db", dir, prefix, today, hms, seq);
	while (access(name, F_OK) == 0) {
		free(name);
		name = xasprintf("%s/%s%s_%s_%ld.db", dir, prefix, today, hms, ++seq);
	}
	return name;
}

/* Remove the oldest generations beyond keep, never the one named made. */
static void
backup_prune(const char *dir, const char *made, int64_t keep)
{
	int n;
	char **names = backup_list(dir, &n);
	const char *base = strrchr(made, '/') != NULL ? strrchr(made, '/') + 1 : made;

	for (int i = 0; n - i > keep; i++) {
		if (strcmp(names[i], base) == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	backup_names_free(names, n);
	outfile_sync_dir(made, NULL);
}

/* Write a generation of the session's open database into its backup folder, check it and
 * remove the oldest beyond backup_keep, whoever acts. */
static int
backup_generation_any(struct session *s, char **made, struct diag *d)
{
	const char *path = db_path(s->db);
	char *dir = backup_dir(path), *name = NULL, *office = NULL;
	struct backup_facts f = { 0 };
	int ret;

	*made = NULL;
	if ((ret = backup_mkdir(dir, d)) != 0)
		goto out;
	name = backup_new_name(dir, "", s->today_text);
	if ((ret = dbopen_copy(s->db, name, d)) != 0)
		goto out;
	/* checked as it lies on the disk: whole, this schema, this office */
	office = backup_office(s->db);
	if ((ret = backup_check(name, name, office, schema_version(s->db), true, &f, d)) != 0) {
		char why[sizeof d->msg];
		snprintf(why, sizeof why, "%s", d->msg);
		unlink(name);
		ret = diag_set(d, EX_DATAERR, "%s; the backup failed its check and was removed: check "
		    "the disk (db check), then back up again", why);
		goto out;
	}
	backup_prune(dir, name, backup_setting_int(s->db, "backup_keep", BACKUP_KEEP_DEFAULT, 1,
	    10000));
	*made = name;
	name = NULL;
out:
	free(f.office);
	free(office);
	free(name);
	free(dir);
	return ret;
}

/* Write a generation (db backup): for the roles that may back up (see backup.h). */
int
backup_generation(struct session *s, char **made, struct diag *d)
{
	int ret;

	*made = NULL;
	if ((ret = role_check(s->db, ROLE_ACT_DB_BACKUP, NULL, d)) != 0)
		return ret;
	return backup_generation_any(s, made, d);
}

/* The screen's backup at the end of a day's first session (see backup.h): the office's safety
 * copy beside the database, taken whoever's session it was. */
int
backup_daily(struct session *s, char **made, struct diag *d)
{
	char *dir = backup_dir(db_path(s->db));
	size_t tlen = strlen(s->today_text);
	bool today = false;
	int n;
	char **names = backup_list(dir, &n);

	*made = NULL;
	for (int i = 0; i < n; i++)
		if (strncmp(names[i], s->today_text, tlen) == 0 && names[i][tlen] == '_')
			today = true;
	backup_names_free(names, n);
	free(dir);
	if (today || db_readonly(s->db) != NULL)
		return 0;
	return backup_generation_any(s, made, d);
}

/* Whether the file is an encrypted copy (its magic); false for anything else or unreadable. */
bool
backup_is_encrypted(const char *file)
{
	unsigned char m[sizeof backup_magic];
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	bool yes = false;
	struct stat sb;

	if (fd < 0)
		return false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && read(fd, m, sizeof m) == (ssize_t)sizeof m)
		yes = memcmp(m, backup_magic, sizeof m) == 0;
	close(fd);
	return yes;
}

/* Write n as 4 bytes big-endian at p. */
static void
backup_put32(unsigned char *p, uint32_t n)
{
	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
}

/* 4 bytes big-endian at p. */
static uint32_t
backup_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read up to n bytes (fewer only at the end of the file); -1 on an error. */
static ssize_t
backup_read(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The key for a passphrase and the header's salt and limits. 0, or EX_UNAVAILABLE (memory). */
static int
backup_key(unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES], const char *pass,
    const unsigned char *salt, uint32_t ops, uint32_t mem_kib, struct diag *d)
{
	if (crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, strlen(pass),
	    salt, ops, (size_t)mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return diag_set(d, EX_UNAVAILABLE, "not enough memory to derive the key from the "
		    "passphrase (%u MiB are needed); close other programs, then try again",
		    (unsigned)(mem_kib / 1024));
	return 0;
}

/* Encrypt the closed database plain into a new file out (never over another) for office with
 * pass; hash: BLAKE2b-256 of what was encrypted. 0 or a sysexits code, nothing left on failure. */
static int
backup_encrypt(const char *plain, const char *out, const char *office, const char *pass,
    unsigned char hash[32], struct diag *d)
{
	unsigned char hdr[BACKUP_FIXED + BACKUP_OFFICE_MAX];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char ssh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_generichash_state gh;
	size_t olen = strlen(office), hlen = BACKUP_FIXED + olen;
	unsigned char *buf = NULL, *cbuf = NULL;
	struct outfile of;
	bool begun = false;
	struct stat sb;
	int fd = -1, ret;

	if (olen > BACKUP_OFFICE_MAX)
		return diag_set(d, EX_DATAERR, "the office code '%s' is too long for the header",
		    office);
	memcpy(hdr, backup_magic, 8);
	hdr[8] = BACKUP_FORMAT;
	hdr[9] = BACKUP_ALG;
	hdr[10] = (unsigned char)olen;
	hdr[11] = 0;
	backup_put32(hdr + 12, BACKUP_OPS);
	backup_put32(hdr + 16, BACKUP_MEM_KIB);
	backup_put32(hdr + 20, BACKUP_CHUNK);
	randombytes_buf(hdr + 24, 16);
	memcpy(hdr + BACKUP_FIXED, office, olen);
	if ((ret = backup_key(key, pass, hdr + 24, BACKUP_OPS, BACKUP_MEM_KIB, d)) != 0)
		return ret;
	crypto_secretstream_xchacha20poly1305_init_push(&st, ssh, key);
	sodium_memzero(key, sizeof key);
	crypto_generichash_init(&gh, NULL, 0, 32);
	if ((fd = open(plain, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0) {
		ret = diag_set(d, EX_IOERR, "%s: cannot read the backup: %s", plain, strerror(errno));
		goto out;
	}
	if ((ret = outfile_begin(&of, out, false, d)) != 0)
		goto out;
	begun = true;
	if ((ret = outfile_put(&of, (const char *)hdr, hlen, d)) != 0 ||
	    (ret = outfile_put(&of, (const char *)ssh, sizeof ssh, d)) != 0)
		goto out;
	buf = xmalloc(BACKUP_CHUNK);
	cbuf = xmalloc(BACKUP_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	off_t left = sb.st_size;
	bool first = true;
	do {
		size_t n = left > BACKUP_CHUNK ? BACKUP_CHUNK : (size_t)left;
		if (backup_read(fd, buf, n) != (ssize_t)n) {
			ret = diag_set(d, EX_IOERR, "%s: cannot read the backup: %s", plain,
			    errno ? strerror(errno) : "short read");
			goto out;
		}
		left -= (off_t)n;
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&st, cbuf, &clen, buf, n,
		    first ? hdr : NULL, first ? hlen : 0, left == 0 ?
		    crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		first = false;
		crypto_generichash_update(&gh, buf, n);
		if ((ret = outfile_put(&of, (const char *)cbuf, (size_t)clen, d)) != 0)
			goto out;
		posix_fadvise(of.fd, 0, 0, POSIX_FADV_DONTNEED);
	} while (left > 0);
	crypto_generichash_final(&gh, hash, 32);
	ret = outfile_commit(&of, d);
	begun = false;
out:
	if (begun)
		outfile_abort(&of);
	if (fd >= 0)
		close(fd);
	sodium_memzero(&st, sizeof st);
	free(buf);
	free(cbuf);
	return ret;
}

/* Decrypt the encrypted copy file with pass into outfd (-1: only read it through), checking
 * every chunk; office: the header's office code (65 bytes); hash: BLAKE2b-256 of what it holds.
 * 0, or EX_DATAERR with diag.reason BACKUP_WRONG_PASS or BACKUP_TAMPERED, or another code. */
static int
backup_decrypt(const char *file, const char *pass, int outfd, char office[BACKUP_OFFICE_MAX + 1],
    unsigned char hash[32], struct diag *d)
{
	unsigned char hdr[BACKUP_FIXED + BACKUP_OFFICE_MAX];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char ssh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_generichash_state gh;
	unsigned char *buf = NULL, *cbuf = NULL;
	int fd, ret = 0, reason = BACKUP_TAMPERED;
	struct stat sb;

	office[0] = '\0';
	if ((fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return diag_set(d, EX_NOINPUT, "%s: cannot read the backup: %s", file, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return diag_set(d, EX_NOINPUT, "%s: not a regular file", file);
	}
	if (backup_read(fd, hdr, BACKUP_FIXED) != BACKUP_FIXED || memcmp(hdr, backup_magic, 8) != 0) {
		ret = diag_set(d, EX_DATAERR, "%s: not an encrypted jobdesk backup", file);
		goto out;
	}
	uint32_t ops = backup_get32(hdr + 12), mem = backup_get32(hdr + 16);
	uint32_t chunk = backup_get32(hdr + 20);
	size_t olen = hdr[10], hlen = BACKUP_FIXED + olen;
	if (hdr[8] != BACKUP_FORMAT || hdr[9] != BACKUP_ALG) {
		ret = diag_set(d, EX_DATAERR, "%s: an encrypted backup of format %d, which this jobdesk "
		    "does not read (it reads format %d): restore it with a newer jobdesk", file, hdr[8],
		    BACKUP_FORMAT);
		goto out;
	}
	/* limits a changed header could set to make the key cost the machine */
	if (hdr[11] != 0 || olen > BACKUP_OFFICE_MAX || ops < 1 || ops > 16 || mem < 8 * 1024 ||
	    mem > 1024 * 1024 || chunk < 4096 || chunk > (1u << 24) ||
	    backup_read(fd, hdr + BACKUP_FIXED, olen) != (ssize_t)olen ||
	    backup_read(fd, ssh, sizeof ssh) != (ssize_t)sizeof ssh) {
		ret = diag_set(d, EX_DATAERR, "%s: the encrypted backup's header was changed or cut "
		    "short; it cannot be read: use another copy", file);
		d->reason = BACKUP_TAMPERED;
		goto out;
	}
	memcpy(office, hdr + BACKUP_FIXED, olen);
	office[olen] = '\0';
	if ((ret = backup_key(key, pass, hdr + 24, ops, mem, d)) != 0)
		goto out;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, ssh, key) != 0) {
		sodium_memzero(key, sizeof key);
		ret = diag_set(d, EX_DATAERR, "%s: the encrypted backup's header was changed; it cannot "
		    "be read: use another copy", file);
		d->reason = BACKUP_TAMPERED;
		goto out;
	}
	sodium_memzero(key, sizeof key);
	crypto_generichash_init(&gh, NULL, 0, 32);
	buf = xmalloc(chunk);
	cbuf = xmalloc((size_t)chunk + crypto_secretstream_xchacha20poly1305_ABYTES);
	off_t at = (off_t)(hlen + sizeof ssh);
	bool first = true;
	unsigned char tag = 0;
	while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		ssize_t n = backup_read(fd, cbuf, (size_t)chunk +
		    crypto_secretstream_xchacha20poly1305_ABYTES);
		unsigned long long plen;
		if (n < 0) {
			ret = diag_set(d, EX_IOERR, "%s: cannot read the backup: %s", file,
			    strerror(errno));
			goto out;
		}
		if (n < crypto_secretstream_xchacha20poly1305_ABYTES) {
			ret = diag_set(d, EX_DATAERR, "%s: the encrypted backup was cut short at byte "
			    "%lld: use another copy", file, (long long)(at + n));
			d->reason = BACKUP_TAMPERED;
			goto out;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(&st, buf, &plen, &tag, cbuf,
		    (unsigned long long)n, first ? hdr : NULL, first ? hlen : 0) != 0) {
			if (first) {
				ret = diag_set(d, EX_DATAERR, "%s: the passphrase does not open this backup "
				    "(or its beginning was changed); give the passphrase it was written "
				    "with", file);
				reason = BACKUP_WRONG_PASS;
			} else {
				ret = diag_set(d, EX_DATAERR, "%s: the encrypted backup was changed between "
				    "bytes %lld and %lld; it is refused: use another copy", file,
				    (long long)at, (long long)(at + n));
			}
			d->reason = reason;
			goto out;
		}
		first = false;
		at += n;
		crypto_generichash_update(&gh, buf, plen);
		if (outfd >= 0) {
			for (size_t done = 0; done < plen; ) {
				ssize_t w = write(outfd, buf + done, plen - done);
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) {
					ret = diag_set(d, EX_IOERR, "cannot write the decrypted backup: %s",
					    strerror(w < 0 ? errno : ENOSPC));
					goto out;
				}
				done += (size_t)w;
			}
		}
		if (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL && n != (ssize_t)chunk +
		    crypto_secretstream_xchacha20poly1305_ABYTES) {
			ret = diag_set(d, EX_DATAERR, "%s: the encrypted backup was cut short at byte "
			    "%lld: use another copy", file, (long long)at);
			d->reason = BACKUP_TAMPERED;
			goto out;
		}
	}
	unsigned char extra;
	if (backup_read(fd, &extra, 1) != 0) {
		ret = diag_set(d, EX_DATAERR, "%s: bytes were added after the end of the encrypted "
		    "backup (at byte %lld); it is refused: use another copy", file, (long long)at);
		d->reason = BACKUP_TAMPERED;
		goto out;
	}
	crypto_generichash_final(&gh, hash, 32);
out:
	close(fd);
	sodium_memzero(&st, sizeof st);
	if (buf != NULL)
		sodium_memzero(buf, chunk);
	free(buf);
	free(cbuf);
	return ret;
}

/* A file name's safe part of an office code: letters, digits and '-' (else '_'). Caller frees. */
static char *
backup_office_name(const char *office)
{
	char *s = xstrdup(office[0] ? office : "000000");

	for (char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    *p == '-'))
			*p = '_';
	return s;
}

/* Write a generation, then an encrypted copy of it into dir, read back and checked (see
 * backup.h). */
int
backup_to_usb(struct session *s, const char *dir, const char *pass, char **gen, char **made,
    struct diag *d)
{
	unsigned char wrote[32], read_back[32];
	char office_back[BACKUP_OFFICE_MAX + 1];
	char *office = NULL, *oname = NULL, *name = NULL, *base;
	struct stat sb;
	int ret;

	*gen = *made = NULL;
	if (pass == NULL || utf8_len(pass) < BACKUP_PASS_MIN)
		return diag_set(d, EX_DATAERR, "the passphrase is shorter than %d characters; choose a "
		    "longer one (a few words), and keep it apart from the stick", BACKUP_PASS_MIN);
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return diag_set(d, EX_CANTCREAT, "%s: no such folder; give the folder of the USB stick "
		    "as it is mounted (e.g. /media/USER/STICK)", dir);
	if ((ret = backup_generation(s, gen, d)) != 0)
		return ret;
	office = backup_office(s->db);
	oname = backup_office_name(office);
	base = strrchr(*gen, '/') + 1;
	name = xasprintf("%s/jobdesk-%s-%.*s.jdbackup", dir, oname, (int)(strlen(base) - 3), base);
	if ((ret = backup_encrypt(*gen, name, office, pass, wrote, d)) != 0)
		goto out;
	/* read back from the stick: every chunk opens, and it holds what was written */
	if ((ret = backup_decrypt(name, pass, -1, office_back, read_back, d)) != 0 ||
	    sodium_memcmp(wrote, read_back, sizeof wrote) != 0) {
		if (ret == 0 || d->reason == BACKUP_TAMPERED)
			ret = diag_set(d, EX_IOERR, "%s: the encrypted copy did not read back as written "
			    "and was removed; try another stick", name);
		unlink(name);
		goto out;
	}
	*made = name;
	name = NULL;
out:
	free(office);
	free(oname);
	free(name);
	return ret;
}

/* Move the damaged database at path and its -wal and -shm into dir as damaged_DATE_TIME.db;
 * its new path (caller frees) or NULL with d set. */
static char *
backup_move_aside(const char *path, const char *dir, const char *today, struct diag *d)
{
	char *kept = backup_new_name(dir, "damaged_", today);
	static const char *const tails[] = { "-wal", "-shm" };

	if (rename(path, kept) != 0 && errno != ENOENT) {
		diag_set(d, EX_CANTCREAT, "%s: cannot move the damaged database aside to %s: %s", path,
		    kept, strerror(errno));
		free(kept);
		return NULL;
	}
	for (size_t i = 0; i < 2; i++) {
		char *from = xasprintf("%s%s", path, tails[i]), *to = xasprintf("%s%s", kept, tails[i]);
		rename(from, to);
		free(from);
		free(to);
	}
	outfile_sync_dir(path, NULL);
	outfile_sync_dir(kept, NULL);
	return kept;
}

/* Put the damaged database that backup_move_aside moved to kept back at path, with its -wal and
 * -shm, removing whatever a failed restore began there: a refused restore changes nothing. */
static void
backup_move_back(const char *kept, const char *path)
{
	static const char *const tails[] = { "", "-wal", "-shm" };

	for (size_t i = 0; i < 3; i++) {
		char *from = xasprintf("%s%s", kept, tails[i]), *to = xasprintf("%s%s", path, tails[i]);
		unlink(to);
		rename(from, to);
		free(from);
		free(to);
	}
	outfile_sync_dir(path, NULL);
	outfile_sync_dir(kept, NULL);
}

/* Set the sync epoch to arg's value (a db_transaction's work). */
static int
backup_set_epoch(struct db *db, void *arg, struct diag *d)
{
	char v[32];
	struct db_stmt *st = db_prepare(db, "INSERT INTO setting (key, value) VALUES ('sync_epoch', "
	    "?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	snprintf(v, sizeof v, "%lld", (long long)*(int64_t *)arg);
	db_bind_text(st, 1, v);
	int ret = db_run(st, "advancing the sync epoch", d);
	db_finalize(st);
	return ret;
}

/* The last sync epoch a restore gave, as the backup folder remembers it (0: none). */
static int64_t
backup_epoch_file(const char *dir)
{
	char *p = xasprintf("%s/sync_epoch", dir), buf[32] = "";
	int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	int64_t n = 0;

	free(p);
	if (fd < 0)
		return 0;
	ssize_t r = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (r > 0) {
		buf[r] = '\0';
		n = strtoll(buf, NULL, 10);
	}
	return n > 0 ? n : 0;
}

/* Remember the sync epoch a restore gave in the backup folder (a failure is not fatal: the
 * database holds it too). */
static void
backup_epoch_keep(const char *dir, int64_t epoch)
{
	char *p = xasprintf("%s/sync_epoch", dir), buf[32];
	struct outfile of;
	int n = snprintf(buf, sizeof buf, "%lld\n", (long long)epoch);

	if (outfile_begin_own(&of, p, true, NULL) == 0) {
		if (outfile_put(&of, buf, (size_t)n, NULL) == 0)
			outfile_commit(&of, NULL);
		else
			outfile_abort(&of);
	}
	free(p);
}

/* Restore the database at db_path from file (see backup.h). */
int
backup_restore(struct session *s, const char *db_path, const char *file, const char *pass,
    struct backup_restored *r, struct diag *d)
{
	char *dir = backup_dir(db_path), *live_office = NULL;
	struct db *live = NULL, *src = NULL;
	struct backup_facts f = { 0 };
	struct outfile plain = { 0 };
	bool decrypted = false, moved = false;
	const char *from = file;
	struct stat sb;
	int ret;
	int64_t live_epoch = 0;

	memset(r, 0, sizeof *r);
	/* an open database asks its roles (an administrator restores); one too damaged to open
	 * has none to ask: whoever may write its file may restore it */
	if (s->db != NULL && (ret = role_check(s->db, ROLE_ACT_DB_RESTORE, NULL, d)) != 0) {
		free(dir);
		return ret;
	}
	if (lstat(file, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		ret = diag_set(d, EX_NOINPUT, "%s: no such backup (give a generation in %s, or the "
		    "encrypted copy's file)", file, dir);
		goto out;
	}
	if ((ret = backup_mkdir(dir, d)) != 0)
		goto out;
	if (backup_is_encrypted(file)) {
		unsigned char hash[32];
		char office[BACKUP_OFFICE_MAX + 1];
		char *tmp = xasprintf("%s/restoring.db", dir);
		if (pass == NULL) {
			free(tmp);
			ret = diag_set(d, EX_USAGE, "%s is encrypted: its passphrase is needed", file);
			goto out;
		}
		/* decrypted into a private file of the 0700 backup folder, gone afterwards */
		ret = outfile_begin_own(&plain, tmp, true, d);
		free(tmp);
		if (ret != 0)
			goto out;
		decrypted = true;
		if ((ret = backup_decrypt(file, pass, plain.fd, office, hash, d)) != 0)
			goto out;
		from = plain.tmp;
	}
	if ((ret = backup_check(from, file, NULL, schema_latest(), false, &f, d)) != 0)
		goto out;
	/* the database it replaces: kept as a generation named before-restore, or, when it is
	 * missing or too damaged to copy, its file moved aside */
	if (stat(db_path, &sb) == 0) {
		struct diag ld = DIAG_INIT;
		if (dbopen_open_as_is(db_path, s->user, &ld, &live) == 0 && schema_version(live) < 1) {
			db_close(live);   /* emptied, or no jobdesk database: moved aside below */
			live = NULL;
		}
		if (live != NULL) {
			if (db_readonly(live) != NULL) {
				ret = diag_set(d, EX_CANTCREAT, "%s is open read-only: %s; restore it with an "
				    "account that may write it", db_path, tr(db_readonly(live)));
				goto out;
			}
			live_office = backup_office(live);
			if (strcmp(live_office, f.office) != 0) {
				ret = diag_set(d, EX_DATAERR, "%s: the backup is of office '%s', and this "
				    "database is of office '%s'; restore a backup of this office", file,
				    f.office, live_office);
				goto out;
			}
			live_epoch = backup_setting_int(live, "sync_epoch", 0, 0, INT64_MAX);
			r->kept = backup_new_name(dir, "before-restore_", s->today_text);
			if (dbopen_copy(live, r->kept, &ld) != 0) {
				free(r->kept);
				r->kept = NULL;
				db_close(live);
				live = NULL;
			}
		}
		if (live == NULL && (r->kept = backup_move_aside(db_path, dir, s->today_text, d)) ==
		    NULL) {
			ret = d->code;
			goto out;
		}
		moved = live == NULL;
	}
	if (live == NULL && (ret = dbopen_open_target(db_path, s->user, d, &live)) != 0)
		goto out;
	if ((ret = dbopen_open_copy(from, d, &src)) != 0 ||
	    (ret = dbopen_restore_into(live, src, d)) != 0)
		goto out;
	db_close(src);
	src = NULL;
	/* an older backup is brought up to this jobdesk's schema, as init would */
	if (f.version < schema_latest() && (ret = schema_migrate(live, d)) != 0)
		goto out;
	/* change numbers begin a new epoch: none is reused after the restore, even when the
	 * database it replaced could not be read (the folder remembers the last epoch given) */
	r->epoch = live_epoch > f.epoch ? live_epoch : f.epoch;
	if (backup_epoch_file(dir) > r->epoch)
		r->epoch = backup_epoch_file(dir);
	r->epoch++;
	if ((ret = db_transaction(live, backup_set_epoch, &r->epoch, d)) != 0)
		goto out;
	backup_epoch_keep(dir, r->epoch);
	r->version = f.version;
	r->persons = f.persons;
out:
	if (ret != 0 && moved) {
		db_close(live);
		live = NULL;
		backup_move_back(r->kept, db_path);
	}
	if (ret != 0) {
		free(r->kept);
		r->kept = NULL;
	}
	db_close(src);
	db_close(live);
	if (decrypted)
		outfile_abort(&plain);
	free(f.office);
	free(live_office);
	free(dir);
	return ret;
}

/* Free what a restore said. */
void
backup_restored_free(struct backup_restored *r)
{
	free(r->kept);
	r->kept = NULL;
}
