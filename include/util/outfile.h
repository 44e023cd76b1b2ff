/* Writing a new file whole or not at all: never over an existing file or through a link. */
#ifndef UTIL_OUTFILE_H
#define UTIL_OUTFILE_H

#include <stddef.h>

#include "util/diag.h"

/* diag.reason of outfile_write_new when the file exists already. */
enum { OUTFILE_EXISTS = 1 };

/* Create path (which must not exist; a symbolic link is not followed) with mode 0600 and write
 * len bytes of data to it, synced to the disk. 0, or EX_CANTCREAT naming the file and why, with
 * nothing left behind. */
int outfile_write_new(const char *path, const char *data, size_t len, struct diag *d);
/* Make a folder and the folders above it that are missing, those made with mode 0700. 0, or
 * EX_CANTCREAT naming the folder and why. */
int outfile_mkdirs(const char *dir, struct diag *d);

/* Create a new empty file beside path, named path.partial-XXXXXX (random), with O_EXCL and mode
 * 0600, never through a link or over a file that is there: its descriptor, its name in *tmp (to
 * free), or -1 with EX_CANTCREAT naming path and why. */
int outfile_temp(const char *path, char **tmp, struct diag *d);
/* fsync the folder that holds path, so that a file made or renamed there lasts a crash. 0, or
 * EX_IOERR naming the folder and why. */
int outfile_sync_dir(const char *path, struct diag *d);

#endif
