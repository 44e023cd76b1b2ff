/* Writing a new file whole or not at all: never over an existing file or through a link. */
#ifndef UTIL_OUTFILE_H
#define UTIL_OUTFILE_H

#include <stddef.h>

#include "util/diag.h"

/* Create path (which must not exist; a symbolic link is not followed) with mode 0600 and write
 * len bytes of data to it, synced to the disk. 0, or EX_CANTCREAT naming the file and why, with
 * nothing left behind. */
int outfile_write_new(const char *path, const char *data, size_t len, struct diag *d);

#endif
