/* The policy sets decisions are made under, kept in the database: store once, read back checked,
 * load again through a private temporary directory. */
#include "core/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/db.h"
#include "policy/policyset.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Keep a set's files unless the set is there already. */
int
archive_store(struct db *db, const struct policyset *ps, const char **set_hash, struct diag *d)
{
	const struct policyset_archive *a = ps->archive;
	int ret;

	*set_hash = NULL;
	if (a == NULL)
		return diag_set(d, EX_SOFTWARE, "the policies in use were not loaded from one folder as "
		    "they are, so they cannot be kept with the decision; nothing is recorded");
	struct db_stmt *st = db_cached(db, "SELECT 1 FROM policy_set WHERE hash = ?1");
	db_bind_text(st, 1, a->hash);
	ret = db_step(st, "reading the archived policies", d);
	db_reset(st);
	if (ret == DB_ROW) {
		*set_hash = a->hash;
		return 0;
	}
	if (ret != DB_DONE)
		return ret;
	st = db_cached(db, "INSERT INTO policy_set (hash, created_at) VALUES (?1, ?2)");
	db_bind_text(st, 1, a->hash);
	db_bind_int(st, 2, db_now_ms());
	if ((ret = db_run(st, "archiving the policies", d)) != 0)
		return ret;
	for (size_t i = 0; i < a->n; i++) {
		const struct policyset_file *f = &a->files[i];
		st = db_cached(db, "INSERT INTO policy_file (hash, bytes) VALUES (?1, ?2) "
		    "ON CONFLICT (hash) DO NOTHING");
		db_bind_text(st, 1, f->hash);
		db_bind_blob(st, 2, f->bytes, f->len);
		if ((ret = db_run(st, "archiving the policies", d)) != 0)
			return ret;
		st = db_cached(db, "INSERT INTO policy_set_file (set_hash, name, file_hash) "
		    "VALUES (?1, ?2, ?3)");
		db_bind_text(st, 1, a->hash);
		db_bind_text(st, 2, f->name);
		db_bind_text(st, 3, f->hash);
		if ((ret = db_run(st, "archiving the policies", d)) != 0)
			return ret;
	}
	*set_hash = a->hash;
	return 0;
}

/* Read an archived set's files back, each checked against its hash, and the set against its own. */
int
archive_read(struct db *db, const char *set_hash, struct policyset_archive **out, struct diag *d)
{
	struct policyset_archive *a = xcalloc(1, sizeof *a);
	unsigned char digest[crypto_hash_sha256_BYTES];
	int ret, found;

	*out = NULL;
	if (sodium_init() < 0)
		fatal("libsodium cannot start");
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM policy_set WHERE hash = ?1");
	db_bind_text(st, 1, set_hash);
	found = db_step(st, "reading the archived policies", d);
	db_finalize(st);
	if (found != DB_ROW) {
		policyset_archive_free(a);
		return found != DB_DONE ? found : diag_set(d, EX_NOINPUT, "the archived policy "
		    "files are not in this database");
	}
	st = db_prepare(db, "SELECT f.name, f.file_hash, p.bytes, p.bytes IS NULL FROM "
	    "policy_set_file f LEFT JOIN policy_file p ON p.hash = f.file_hash WHERE f.set_hash = ?1 "
	    "ORDER BY f.name");
	db_bind_text(st, 1, set_hash);
	while ((ret = db_step(st, "reading the archived policies", d)) == DB_ROW) {
		const char *name = db_col_text(st, 0), *hash = db_col_text(st, 1);
		size_t len = 0;
		const void *bytes = db_col_bytes(st, 2, &len);
		if (name == NULL || !policyset_archive_name_ok(name) || hash == NULL ||
		    strlen(hash) != 64 || db_col_int(st, 3) != 0) {
			ret = diag_set(d, EX_DATAERR, "the archived policy files are damaged: "
			    "a file has no valid name or no contents");
			break;
		}
		struct policyset_file f = { xstrdup(name), xmalloc(len + 1), len, "" };
		if (len > 0)
			memcpy(f.bytes, bytes, len);
		f.bytes[len] = '\0';
		crypto_hash_sha256(digest, (const unsigned char *)f.bytes, len);
		sodium_bin2hex(f.hash, sizeof f.hash, digest, sizeof digest);
		a->files = xreallocarray(a->files, a->n + 1, sizeof *a->files);
		a->files[a->n++] = f;
		if (strcmp(f.hash, hash) != 0) {
			ret = diag_set(d, EX_DATAERR, "the archived policy files are damaged: %s "
			    "is not the file it was stored as", name);
			break;
		}
	}
	db_finalize(st);
	if (ret == DB_DONE) {
		policyset_archive_hash(a->files, a->n, a->hash);
		if (strcmp(a->hash, set_hash) != 0)
			ret = diag_set(d, EX_DATAERR, "the archived policy files are damaged: "
			    "they are not the files of the set");
	}
	if (ret != 0) {
		policyset_archive_free(a);
		return ret;
	}
	*out = a;
	return 0;
}

/* Write the archived files into a private directory (dfd, made by mkdtemp); names are checked. */
static int
archive_write(int dfd, const char *dir, const struct policyset_archive *a, size_t *written,
    struct diag *d)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct policyset_file *f = &a->files[i];
		if (!policyset_archive_name_ok(f->name))
			return diag_set(d, EX_DATAERR, "the archived policy files are damaged: a "
			    "file has no valid name");
		int fd = openat(dfd, f->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return diag_set(d, EX_CANTCREAT, "%s/%s: cannot write the archived policies (%s)",
			    dir, f->name, strerror(errno));
		(*written)++;
		size_t off = 0;
		while (off < f->len) {
			ssize_t n = write(fd, f->bytes + off, f->len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				int e = errno;
				close(fd);
				return diag_set(d, EX_CANTCREAT, "%s/%s: cannot write the archived policies "
				    "(%s)", dir, f->name, strerror(e));
			}
			off += (size_t)n;
		}
		if (close(fd) != 0)
			return diag_set(d, EX_CANTCREAT, "%s/%s: cannot write the archived policies (%s)",
			    dir, f->name, strerror(errno));
	}
	return 0;
}

/* Load an archived set through a private temporary directory, removed again. */
int
archive_open(struct db *db, const char *set_hash, struct policyset **out, struct diag *d)
{
	struct policyset_archive *a;
	const char *tmp = getenv("TMPDIR");
	size_t written = 0;
	int ret, dfd;

	*out = NULL;
	if ((ret = archive_read(db, set_hash, &a, d)) != 0)
		return ret;
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	char *dir = xasprintf("%s/jobdesk-replay-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot make a folder for the archived policies "
		    "(%s); set TMPDIR to a folder you may write", tmp, strerror(errno));
		free(dir);
		policyset_archive_free(a);
		return ret;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot open the folder for the archived policies "
		    "(%s)", dir, strerror(errno));
	else
		ret = archive_write(dfd, dir, a, &written, d);
	if (ret == 0 && (ret = policyset_open(dir, out, d)) != 0) {
		char why[sizeof d->msg];
		snprintf(why, sizeof why, "%s", d->msg);
		diag_set(d, ret, "the archived policy files do not load with this jobdesk: %s",
		    why);
	}
	for (size_t i = 0; i < written && dfd >= 0; i++)
		unlinkat(dfd, a->files[i].name, 0);
	if (dfd >= 0)
		close(dfd);
	rmdir(dir);
	free(dir);
	policyset_archive_free(a);
	return ret;
}
