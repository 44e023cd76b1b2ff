/* Writing a file jobdesk creates: a new 0600 file under a random temporary name beside it
 * (O_EXCL|O_NOFOLLOW), written, synced with its folder, renamed into place; removed again when
 * any of it fails or a signal ends the program. */
#define _GNU_SOURCE  /* renameat2 */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/priv.h"
#include "util/xalloc.h"

/* The temporary file being written, for outfile_signal to remove (NULL: none). */
static char *volatile outfile_partial;
/* The handlers outfile_begin replaced, put back by outfile_end. */
static struct sigaction outfile_old[3];
static const int outfile_sigs[3] = { SIGINT, SIGTERM, SIGHUP };

/* On SIGINT, SIGTERM or SIGHUP while a file is written: remove it, then die of the signal. */
static void
outfile_signal(int sig)
{
	if (outfile_partial != NULL) {
		priv_user_signal();  /* the person's folder: removed as the person */
		unlink(outfile_partial);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Create exactly name, O_EXCL|O_NOFOLLOW, mode 0600; the descriptor or -1 with errno. */
int
outfile_create(const char *name)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	/* the umask may only take bits away; 0600 exactly, whatever it is */
	if (fd >= 0 && fchmod(fd, 0600) != 0) {
		int err = errno;
		close(fd);
		unlink(name);
		errno = err;
		return -1;
	}
	return fd;
}

/* Stop removing the temporary file on a signal, and put the old handlers back. */
static void
outfile_end(struct outfile *o)
{
	sigset_t all, old;

	if (o->tmp == NULL || outfile_partial != o->tmp)
		return;
	sigemptyset(&all);
	for (int i = 0; i < 3; i++)
		sigaddset(&all, outfile_sigs[i]);
	sigprocmask(SIG_BLOCK, &all, &old);
	outfile_partial = NULL;
	for (int i = 0; i < 3; i++)
		sigaction(outfile_sigs[i], &outfile_old[i], NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Start writing path under a new temporary name beside it; 0, or EX_CANTCREAT with d set. */
static int
outfile_begin_as(struct outfile *o, const char *path, bool replace, struct diag *d)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	struct stat st;
	sigset_t all, old;
	int err = EEXIST;

	o->path = xstrdup(path);
	o->tmp = NULL;
	o->fd = -1;
	o->replace = replace;
	if (!replace && lstat(path, &st) == 0) {
		diag_set(d, EX_CANTCREAT, "%s: the file exists already; it is not overwritten: "
		    "give a new name", path);
		d->reason = OUTFILE_EXISTS;
		goto fail;
	}
	struct sigaction sa = { .sa_handler = outfile_signal };
	sigemptyset(&all);
	for (int i = 0; i < 3; i++)
		sigaddset(&all, outfile_sigs[i]);
	sa.sa_mask = all;
	/* a name that is taken (by anything: a file, a link, a pipe) is never opened; another is drawn */
	for (int tries = 0; tries < 100 && o->fd < 0 && err == EEXIST; tries++) {
		unsigned char r[8];
		char suffix[9];
		if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
			for (size_t i = 0; i < sizeof r; i++)
				r[i] = (unsigned char)(rand() ^ (getpid() >> (i % 4)));
		for (size_t i = 0; i < sizeof r; i++)
			suffix[i] = digits[r[i] % (sizeof digits - 1)];
		suffix[8] = '\0';
		free(o->tmp);
		o->tmp = xasprintf("%s.partial-%s", path, suffix);
		sigprocmask(SIG_BLOCK, &all, &old);
		o->fd = outfile_create(o->tmp);
		err = errno;
		if (o->fd >= 0) {
			outfile_partial = o->tmp;
			for (int i = 0; i < 3; i++)
				sigaction(outfile_sigs[i], &sa, &outfile_old[i]);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (o->fd >= 0)
		return 0;
	diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", path, strerror(err));
	free(o->tmp);
	o->tmp = NULL;
fail:
	free(o->path);
	o->path = NULL;
	return EX_CANTCREAT;
}

/* outfile_begin_as with jobdesk's own ids: a file of jobdesk's own place (a backup generation
 * beside the database), on a set-group-id server the data directory's group's. */
int
outfile_begin_own(struct outfile *o, const char *path, bool replace, struct diag *d)
{
	int ret = outfile_begin_as(o, path, replace, d);

	o->own = true;
	return ret;
}

/* outfile_begin_as with the person's own ids (util/priv.h): the file is the person's. */
int
outfile_begin(struct outfile *o, const char *path, bool replace, struct diag *d)
{
	priv_user_begin();
	int ret = outfile_begin_as(o, path, replace, d);
	priv_user_end();
	o->own = false;
	return ret;
}

/* Write all of data; 0, or EX_IOERR naming the file. */
int
outfile_put(struct outfile *o, const char *data, size_t len, struct diag *d)
{
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(o->fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return diag_set(d, EX_IOERR, "%s: cannot write: %s", o->path,
			    strerror(w < 0 ? errno : ENOSPC));
		done += (size_t)w;
	}
	return 0;
}

/* Sync, close, sync the folder, rename into place, sync the folder; or remove it all. */
static int
outfile_commit_as(struct outfile *o, struct diag *d)
{
	int err = fsync(o->fd) != 0 ? errno : 0, ret = 0;

	if (close(o->fd) != 0 && err == 0)
		err = errno;
	o->fd = -1;
	if (err != 0) {
		ret = diag_set(d, EX_IOERR, "%s: cannot write: %s", o->path, strerror(err));
		goto out;
	}
	if ((ret = outfile_sync_dir(o->tmp, d)) != 0)
		goto out;
	if (o->replace) {
		err = rename(o->tmp, o->path) != 0 ? errno : 0;
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->path, RENAME_NOREPLACE) != 0) {
		err = errno;
		/* a file system without RENAME_NOREPLACE: link, which never replaces either */
		if (err == EINVAL || err == ENOSYS)
			err = link(o->tmp, o->path) != 0 ? errno : 0;
	}
	if (err == EEXIST && !o->replace) {
		diag_set(d, EX_CANTCREAT, "%s: the file exists already; it is not overwritten: "
		    "give a new name", o->path);
		d->reason = OUTFILE_EXISTS;
		ret = EX_CANTCREAT;
		goto out;
	}
	if (err != 0) {
		ret = diag_set(d, EX_CANTCREAT, "%s: cannot create it (renaming %s): %s", o->path,
		    o->tmp, strerror(err));
		goto out;
	}
	if (!o->replace)
		unlink(o->tmp);  /* after a link; after renameat2 it is gone already */
	outfile_end(o);
	free(o->tmp);
	o->tmp = NULL;
	ret = outfile_sync_dir(o->path, d);
out:
	outfile_abort(o);
	return ret;
}

/* outfile_commit_as with the person's own ids: the folder is the person's. */
int
outfile_commit(struct outfile *o, struct diag *d)
{
	bool own = o->own;

	if (!own)
		priv_user_begin();
	int ret = outfile_commit_as(o, d);
	if (!own)
		priv_user_end();
	return ret;
}

/* Close and remove the temporary file, if any (as the person), and free the names. */
void
outfile_abort(struct outfile *o)
{
	bool own = o->own;

	if (!own)
		priv_user_begin();
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp != NULL) {
		unlink(o->tmp);
		outfile_end(o);
	}
	free(o->tmp);
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	if (!own)
		priv_user_end();
}

/* Create path new and write data to it, or leave nothing. */
int
outfile_write_new(const char *path, const char *data, size_t len, struct diag *d)
{
	struct outfile o;
	int ret;

	if ((ret = outfile_begin(&o, path, false, d)) != 0)
		return ret;
	if ((ret = outfile_put(&o, data, len, d)) != 0) {
		outfile_abort(&o);
		return ret;
	}
	return outfile_commit(&o, d);
}

/* Make a folder and the missing folders above it, mode 0700, as the person. */
int
outfile_mkdirs(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir);
	int ret = 0;

	priv_user_begin();
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", p, strerror(errno));
			break;
		}
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", p, strerror(ENOTDIR));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	priv_user_end();
	free(p);
	return ret;
}

/* fsync the folder holding path (the part before its last slash, or "."). */
int
outfile_sync_dir(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	priv_user_begin();
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;
	priv_user_end();
	/* jobdesk's own folder (a generation's, on a set-group-id server) is the group's: opened
	 * for its fsync alone, nothing in it read */
	if (fd < 0 && errno == EACCES)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		err = errno;
	else if (fsync(fd) != 0 && errno != EINVAL)   /* EINVAL: a folder that cannot be synced */
		err = errno;
	if (fd >= 0)
		close(fd);
	int ret = err != 0 ? diag_set(d, EX_IOERR, "%s: cannot write: %s", dir, strerror(err)) : 0;
	free(dir);
	return ret;
}
