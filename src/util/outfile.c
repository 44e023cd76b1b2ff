/* Writing a new file whole or not at all: O_EXCL and O_NOFOLLOW, mode 0600, written, synced,
 * and removed again when any of it fails. */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* Create path new and write data to it, or leave nothing. */
int
outfile_write_new(const char *path, const char *data, size_t len, struct diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST) {
		diag_set(d, EX_CANTCREAT, "%s: the file exists already; it is not overwritten: "
		    "give a new name", path);
		d->reason = OUTFILE_EXISTS;
		return EX_CANTCREAT;
	}
	if (fd < 0)
		return diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", path, strerror(errno));
	size_t done = 0;

	errno = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int err = done < len ? (errno ? errno : EIO) : 0;
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0) {
		unlink(path);
		return diag_set(d, EX_CANTCREAT, "%s: cannot write: %s", path, strerror(err));
	}
	return 0;
}

/* Make a folder and the missing folders above it, mode 0700. */
int
outfile_mkdirs(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir);
	int ret = 0;

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
	free(p);
	return ret;
}

/* Create path.partial-XXXXXX new, empty and 0600; its descriptor, or -1 with d set. */
int
outfile_temp(const char *path, char **tmp, struct diag *d)
{
	*tmp = xasprintf("%s.partial-XXXXXX", path);
	/* mkstemp opens O_CREAT | O_EXCL, which never follows a link nor reuses a file */
	int fd = mkstemp(*tmp);

	if (fd < 0 || fchmod(fd, 0600) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		int err = errno;
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		diag_set(d, EX_CANTCREAT, "%s: cannot create: %s", path, strerror(err));
		return -1;
	}
	return fd;
}

/* fsync the folder holding path (the part before its last slash, or "."). */
int
outfile_sync_dir(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

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
