/* Writing a file jobdesk creates (export, backup, notice): under a new temporary name beside it,
 * made O_EXCL|O_NOFOLLOW in mode 0600, synced with its folder, then renamed into place; never
 * through a link, never into a file that was there, and nothing left behind on failure. */
#ifndef UTIL_OUTFILE_H
#define UTIL_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

/* diag.reason when the file exists already (and is not to be replaced). */
enum { OUTFILE_EXISTS = 1 };

/* A file being written under its temporary name. */
struct outfile {
	char *path;    /* the name it gets */
	char *tmp;     /* the temporary name it is written under (NULL when none) */
	int fd;        /* -1 when closed */
	bool replace;  /* whether a file at path is replaced (export, backup) or refused (notice) */
	bool own;      /* jobdesk's own file (outfile_begin_own), not the person's */
};

/* Start writing path: create path.partial-XXXXXX (random) beside it with O_CREAT|O_EXCL|
 * O_NOFOLLOW and mode 0600, so that nothing there (a file another account made, a link) is ever
 * written into; until outfile_commit or outfile_abort, SIGINT, SIGTERM and SIGHUP remove it.
 * Without replace, a file at path is refused at once. 0, or EX_CANTCREAT naming path and why. */
int outfile_begin(struct outfile *o, const char *path, bool replace, struct diag *d);
/* outfile_begin with jobdesk's own ids rather than the person's: for jobdesk's own files beside
 * the database (backup generations), never for a path the person named. */
int outfile_begin_own(struct outfile *o, const char *path, bool replace, struct diag *d);
/* Write all of data to the file; 0, or EX_IOERR naming the file and why (a full disk says so). */
int outfile_put(struct outfile *o, const char *data, size_t len, struct diag *d);
/* Finish: fsync the file, close it, fsync its folder, rename it to path (without replace, only
 * if nothing is there), fsync the folder again. 0, or a code with d set and nothing left behind. */
int outfile_commit(struct outfile *o, struct diag *d);
/* Give up: close and remove the temporary file (nothing when there is none). */
void outfile_abort(struct outfile *o);
/* Create exactly name with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600 whatever the umask: its
 * descriptor, or -1 with errno set (EEXIST for anything there, a link included). */
int outfile_create(const char *name);

/* Create path new (never over a file or through a link) with mode 0600 holding len bytes of
 * data, written whole through outfile_begin/commit. 0, or EX_CANTCREAT (diag.reason
 * OUTFILE_EXISTS when the file is there) or EX_IOERR naming the file, with nothing left. */
int outfile_write_new(const char *path, const char *data, size_t len, struct diag *d);
/* Make a folder and the folders above it that are missing, those made with mode 0700. 0, or
 * EX_CANTCREAT naming the folder and why. */
int outfile_mkdirs(const char *dir, struct diag *d);
/* fsync the folder that holds path, so that a file made or renamed there lasts a crash. 0, or
 * EX_IOERR naming the folder and why. */
int outfile_sync_dir(const char *path, struct diag *d);

#endif
