/* The office's own policy set, DB.policies/ beside the database: seeded from the installed set,
 * replaced only by a set that loads without an error (policy/policyset.c, what `policy check`
 * runs), written into a fresh folder first and exchanged with the current one in one rename, so
 * that a crash leaves one whole set in place; the set before is kept as DB.policies.prev/. */
#define _GNU_SOURCE  /* renameat2 */
#include "core/policydir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "policy/policyset.h"
#include "util/i18n.h"
#include "util/priv.h"
#include "util/xalloc.h"

/* The most files a set may hold, and the most bytes one file may (the loader's own caps are
 * smaller; these keep a bundle from filling the disk before the loader says no). */
enum { POLICYDIR_MAX_FILES = 256, POLICYDIR_MAX_BYTES = 4 << 20 };
/* A fresh folder untouched this long was left by a crash, not by an install under way. */
static const time_t policydir_stale_seconds = 600;

/* The folder's and the files' modes: the person's alone, or on a set-group-id server the
 * group's too, as the database's 0660 (every counselor's jobdesk reads them and may replace
 * them, whoever made them; the data directory keeps everyone else out). */
static mode_t
policydir_mode(bool folder)
{
	if (priv_privileged())
		return folder ? 0770 : 0660;
	return folder ? 0700 : 0600;
}

/* The directory holding this office's policy set. */
char *
policydir_path(struct db *db)
{
	return policydir_of(db_path(db));
}

/* The set's folder of the database at db_path. */
char *
policydir_of(const char *db_path)
{
	return xasprintf("%s.policies", db_path);
}

/* Whether a name is one a set may hold: NAME.yaml of letters, digits, '-', '_' and '.', not
 * beginning with a dot, at most 128 bytes. */
static bool
policydir_name_ok(const char *name)
{
	size_t len = name != NULL ? strlen(name) : 0;

	if (len < 6 || len > 128 || name[0] == '.' || strcmp(name + len - 5, ".yaml") != 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Remove a folder this module made and the plain files in it (never following a link). */
static void
policydir_remove(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (dp != NULL) {
		while ((de = readdir(dp)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				unlinkat(dirfd(dp), de->d_name, 0);
		closedir(dp);
	}
	rmdir(dir);
}

/* Remove the fresh folders (dir.new-XXXXXX) that a crash during an install left beside dir,
 * those untouched for policydir_stale_seconds: a younger one may be another install's. */
static void
policydir_sweep(const char *dir, const char *parent)
{
	const char *base = strrchr(dir, '/') != NULL ? strrchr(dir, '/') + 1 : dir;
	size_t blen = strlen(base);
	DIR *dp = opendir(parent);
	struct dirent *de;
	struct stat sb;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, base, blen) != 0 ||
		    strncmp(de->d_name + blen, ".new-", 5) != 0 ||
		    strlen(de->d_name + blen + 5) != 6 ||
		    fstatat(dirfd(dp), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(sb.st_mode) || sb.st_mtime > time(NULL) - policydir_stale_seconds)
			continue;
		char *path = xasprintf("%s/%s", parent, de->d_name);
		policydir_remove(path);
		free(path);
	}
	closedir(dp);
}

/* fsync a folder (what a rename in it or a file made in it needs to last). */
static void
policydir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The folder holding path (its part before the last slash, or "."). Caller frees. */
static char *
policydir_parent(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

/* Write one file into the fresh folder, synced. 0 or EX_CANTCREAT. */
static int
policydir_write(const char *dir, const struct policydir_file *f, struct diag *d)
{
	char *path = xasprintf("%s/%s", dir, f->name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    policydir_mode(false));
	const char *p = f->data;
	size_t left = f->len;
	int ret = 0;

	if (fd < 0) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot write: %s", path,
			    strerror(w < 0 ? errno : ENOSPC));
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (ret == 0 && fsync(fd) != 0)
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot write: %s", path, strerror(errno));
	close(fd);
out:
	free(path);
	return ret;
}

/* Count the loader's errors, keeping the first (policyset_load's report). */
struct policydir_errors {
	int n;
	struct diag first;
};

/* One error of the loader. */
static void
policydir_error(void *arg, const struct diag *d)
{
	struct policydir_errors *e = arg;

	if (e->n++ == 0)
		e->first = *d;
}

/* Make the set of files at dir: a fresh folder beside it, the files written and loaded there,
 * then in dir's place (the set there before to DB.policies.prev/, when keep_prev) or, when dir
 * is there and may not be replaced (seeding), nothing. *made says whether it took dir's place.
 * 0 or a code with d set. */
static int
policydir_install(const char *dir, const struct policydir_file *f, size_t n, bool replace,
    bool *made, struct diag *d)
{
	char *fresh = xasprintf("%s.new-XXXXXX", dir), *prev = xasprintf("%s.prev", dir);
	char *parent = policydir_parent(dir);
	struct policyset *ps = NULL;
	struct policydir_errors errs = { 0, DIAG_INIT };
	int ret = 0;

	*made = false;
	if (n == 0 || n > POLICYDIR_MAX_FILES) {
		ret = diag_set(d, EX_DATAERR, "a policy set of %zu files: expected 1 to %d", n,
		    POLICYDIR_MAX_FILES);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!policydir_name_ok(f[i].name)) {
			ret = diag_set(d, EX_DATAERR, "'%.60s' is not a name a policy file may have; "
			    "expected NAME.yaml of letters, digits, '-', '_' and '.', not beginning "
			    "with a dot", f[i].name != NULL ? f[i].name : "");
			goto out;
		}
		if (f[i].len > POLICYDIR_MAX_BYTES) {
			ret = diag_set(d, EX_DATAERR, "%s: %zu bytes; a policy file holds at most %d",
			    f[i].name, f[i].len, POLICYDIR_MAX_BYTES);
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(f[i].name, f[j].name) == 0) {
				ret = diag_set(d, EX_DATAERR, "%s: twice in one policy set", f[i].name);
				goto out;
			}
	}
	policydir_sweep(dir, parent);
	if (mkdtemp(fresh) == NULL) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot create a folder beside it: %s", dir,
		    strerror(errno));
		goto out;
	}
	chmod(fresh, policydir_mode(true));
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = policydir_write(fresh, &f[i], d);
	if (ret != 0)
		goto out;
	policydir_sync(fresh);
	/* the checks of `policy check`: the whole set loads, every file, without an error */
	if (policyset_load(fresh, &ps, policydir_error, &errs) != 0 || errs.n > 0) {
		if (errs.n == 0)
			diag_set(&errs.first, EX_DATAERR, "the set did not load");
		ret = diag_set(d, EX_DATAERR, "the new policy set was refused and the office's "
		    "set is kept: %d errors, the first: %s", errs.n > 0 ? errs.n : 1,
		    errs.first.msg);
		goto out;
	}
	struct stat sb;
	if (lstat(dir, &sb) != 0) {
		/* none yet: the fresh folder becomes it (another process seeding at the same time
		 * may have been first: then its set stays) */
		if (rename(fresh, dir) == 0)
			*made = true;
		else if (errno != EEXIST && errno != ENOTEMPTY)
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", dir, strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		ret = diag_set(d, EX_CANTCREAT, "%s: the policy folder is not a folder (a link or a "
		    "file is in its place); move it away, then try again", dir);
	} else if (replace) {
		/* the new set and the current one exchange places in one step; the current one
		 * then becomes .prev (the one before it removed first) */
		policydir_remove(prev);
		if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
			*made = true;
			if (rename(fresh, prev) != 0)
				policydir_remove(fresh);
		} else if ((errno == EINVAL || errno == ENOSYS) && rename(dir, prev) == 0 &&
		    rename(fresh, dir) == 0) {
			*made = true;   /* a file system without the exchange: two renames */
		} else {
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot replace it: %s", dir,
			    strerror(errno));
		}
	}
	policydir_sync(parent);
out:
	if (!*made)
		policydir_remove(fresh);
	policyset_free(ps);
	free(fresh);
	free(prev);
	free(parent);
	return ret;
}

/* Replace the office's set with files after the checks of `policy check` pass on them. */
int
policydir_replace(struct db *db, const struct policydir_file *f, size_t n, struct diag *d)
{
	char *dir = policydir_path(db);
	bool made = false;
	int ret;

	if (db_readonly(db) != NULL)
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot replace the policy set: %s", dir,
		    tr(db_readonly(db)));
	else
		ret = policydir_install(dir, f, n, true, &made, d);
	free(dir);
	return ret;
}

/* Read the regular *.yaml files of a folder into files (caller frees names and data). */
static int
policydir_read(const char *from, struct policydir_file **files, size_t *n, struct diag *d)
{
	DIR *dp = opendir(from);
	struct dirent *de;
	int ret = 0;

	*files = NULL;
	*n = 0;
	if (dp == NULL)
		return diag_set(d, EX_NOINPUT, "%s: cannot read the policy folder: %s", from,
		    strerror(errno));
	while (ret == 0 && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		int fd = openat(dirfd(dp), de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		struct stat sb;
		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    sb.st_size > POLICYDIR_MAX_BYTES) {
			if (fd >= 0)
				close(fd);
			continue;   /* a link, a folder, a huge file: not part of a set */
		}
		char *buf = xmalloc((size_t)sb.st_size + 1);
		size_t got = 0;
		ssize_t r;
		while (got < (size_t)sb.st_size && ((r = read(fd, buf + got,
		    (size_t)sb.st_size - got)) > 0 || (r < 0 && errno == EINTR)))
			got += r > 0 ? (size_t)r : 0;
		close(fd);
		if (*n == POLICYDIR_MAX_FILES) {
			free(buf);
			ret = diag_set(d, EX_DATAERR, "%s: more than %d policy files", from,
			    POLICYDIR_MAX_FILES);
			break;
		}
		*files = xreallocarray(*files, *n + 1, sizeof **files);
		(*files)[(*n)++] = (struct policydir_file){ xstrdup(de->d_name), buf, got };
	}
	closedir(dp);
	return ret;
}

/* Make this database's set from the folder from when it has none. */
int
policydir_seed(struct db *db, const char *from, bool *seeded, struct diag *d)
{
	char *dir = policydir_path(db);
	struct policydir_file *files = NULL;
	struct stat sb;
	size_t n = 0;
	int ret = 0;

	*seeded = false;
	if (lstat(dir, &sb) == 0 || errno != ENOENT || db_readonly(db) != NULL)
		goto out;
	if ((ret = policydir_read(from, &files, &n, d)) == 0)
		ret = policydir_install(dir, files, n, false, seeded, d);
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((void *)files[i].data);
	}
	free(files);
out:
	free(dir);
	return ret;
}
