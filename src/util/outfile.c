/* Writing a new file whole or not at all: O_EXCL and O_NOFOLLOW, mode 0600, written, synced,
 * and removed again when any of it fails. */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Create path new and write data to it, or leave nothing. */
int
outfile_write_new(const char *path, const char *data, size_t len, struct diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST)
		return diag_set(d, EX_CANTCREAT, "%s: the file exists already; it is not overwritten: "
		    "give a new name", path);
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
