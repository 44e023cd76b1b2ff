/* Reading a file jobdesk is given: a regular file only, never through a link or a pipe, within
 * a size cap, and text only when it is UTF-8 text. */
#include "util/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/utf8.h"

/* The cap in words: "256 KiB", "1 GiB". */
static void
infile_cap_words(long long cap, char *buf, size_t size)
{
	if (cap % (1024LL * 1024 * 1024) == 0)
		snprintf(buf, size, "%lld GiB", cap / (1024LL * 1024 * 1024));
	else if (cap % (1024 * 1024) == 0)
		snprintf(buf, size, "%lld MiB", cap / (1024 * 1024));
	else if (cap % 1024 == 0)
		snprintf(buf, size, "%lld KiB", cap / 1024);
	else
		snprintf(buf, size, "%lld bytes", cap);
}

/* Refuse what is not a regular file, saying what it is; EX_NOINPUT. */
static int
infile_not_regular(const char *path, mode_t mode, struct diag *d)
{
	if (S_ISDIR(mode))
		return diag_set(d, EX_NOINPUT, "%s: a folder, not a file; expected a regular file", path);
	if (S_ISFIFO(mode))
		return diag_set(d, EX_NOINPUT, "%s: a named pipe (FIFO), not a file; it was not read; "
		    "expected a regular file", path);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return diag_set(d, EX_NOINPUT, "%s: a device, not a file; it was not read; expected a "
		    "regular file", path);
	if (S_ISSOCK(mode))
		return diag_set(d, EX_NOINPUT, "%s: a socket, not a file; it was not read; expected a "
		    "regular file", path);
	return diag_set(d, EX_NOINPUT, "%s: not a regular file; it was not read; expected a regular "
	    "file", path);
}

/* Open a regular file of at most cap bytes for reading, or refuse it saying why. */
int
infile_open(const char *path, long long cap, const char *kind, struct stat *st, struct diag *d)
{
	struct stat lst;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		int err = errno;
		if (err == ELOOP && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			return diag_set(d, EX_NOINPUT, "%s: a symbolic link; jobdesk reads only the file "
			    "itself, not a link to it: give the file's own name", path), -1;
		return diag_set(d, EX_NOINPUT, "%s: cannot open: %s", path, strerror(err)), -1;
	}
	if (fstat(fd, st) != 0) {
		diag_set(d, EX_NOINPUT, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		infile_not_regular(path, st->st_mode, d);
		close(fd);
		return -1;
	}
	if ((long long)st->st_size > cap) {
		char words[32];
		infile_cap_words(cap, words, sizeof words);
		diag_set(d, EX_DATAERR, "%s: %lld bytes; %s may have at most %s (its cap); it was not read",
		    path, (long long)st->st_size, tr(kind), words);
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		diag_set(d, EX_NOINPUT, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* infile_open as a stdio stream. */
FILE *
infile_fopen(const char *path, long long cap, const char *kind, struct diag *d)
{
	struct stat st;
	int fd = infile_open(path, cap, kind, &st, d);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "rb")) == NULL) {
		diag_set(d, EX_NOINPUT, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/* Whether the bytes are UTF-8 text; if not, say what the file is, quoting none of it. */
int
infile_text(const char *path, const char *buf, size_t len, long first_line, struct diag *d)
{
	const char *nul = memchr(buf, '\0', len);
	size_t good = 0;
	long line = first_line;

	if (nul != NULL) {
		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		return diag_set(d, EX_DATAERR, "%s:%ld: a NUL byte: this is a binary file, not text; "
		    "nothing of it is shown", path, line);
	}
	if ((good = utf8_valid_prefix(buf, len)) == len)
		return 0;
	for (size_t i = 0; i < good; i++)
		line += buf[i] == '\n';
	return diag_set(d, EX_DATAERR, "%s:%ld: not UTF-8 text (a byte 0x%02X); nothing of it is "
	    "shown; save the file as UTF-8 (WPS and Excel: CSV UTF-8)", path, line,
	    (unsigned char)buf[good]);
}
