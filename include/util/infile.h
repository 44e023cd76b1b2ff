/* Reading a file jobdesk is given (a CSV to import, a facts file, a policy file): only a regular
 * file, opened without following a link or blocking on a pipe, within a size cap it names, and
 * text only when it is text. */
#ifndef UTIL_INFILE_H
#define UTIL_INFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "util/diag.h"

/* The caps, each named in its message. */
#define INFILE_YAML_MAX (256 * 1024)               /* a policy, groups, local, schema or facts file */
#define INFILE_CSV_MAX (1024LL * 1024 * 1024)      /* a CSV file to import: 1 GiB */
#define INFILE_CSV_ROW_MAX (1024 * 1024)           /* one CSV row: 1 MiB */

/* Open path for reading only if it is a regular file: O_NOFOLLOW|O_NONBLOCK, then fstat, so
 * that a link, a FIFO, a device, a socket or a folder is refused without a byte of it read (the
 * message says which it is); a file over cap bytes is refused naming the cap (kind: an English
 * msgid such as "a policy or facts file"). The descriptor (blocking again) and *st, or -1 with
 * EX_NOINPUT or EX_DATAERR in d. */
int infile_open(const char *path, long long cap, const char *kind, struct stat *st, struct diag *d);
/* infile_open as a stdio stream ("rb"); NULL with d set. */
FILE *infile_fopen(const char *path, long long cap, const char *kind, struct diag *d);
/* Whether len bytes of a file are text: no NUL byte and well-formed UTF-8. 0, or EX_DATAERR
 * saying what the file is instead (binary; not UTF-8, at which line, with the byte's value),
 * never quoting a line of it. first_line: the number of the first line in buf. */
int infile_text(const char *path, const char *buf, size_t len, long first_line, struct diag *d);

#endif
