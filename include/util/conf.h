/* The configuration file of a county server (meson option conffile, by default
 * sysconfdir/jobdesk.conf): where the database and the policies are, read only when jobdesk runs
 * set-group-id or set-user-id (util/priv.h), never from the caller. */
#ifndef UTIL_CONF_H
#define UTIL_CONF_H

#include <stddef.h>

#include "util/diag.h"

/* diag.reason when the file is not there. */
enum { CONF_MISSING = 1 };

/* The settings; each NULL when the file does not set it. */
struct conf {
	char *database;  /* the database file: an absolute path; required */
	char *policies;  /* the policy folder: an absolute path; NULL: the installed policies */
};

/* The format, strictly: one "key = value" a line (spaces around '=' optional, trailing spaces
 * dropped); blank lines and lines whose first non-blank character is '#' are skipped; the keys
 * are database (required) and policies, each at most once; values are absolute paths. UTF-8
 * text, no control character but tab. 0, or EX_CONFIG (78) naming file:line and what is valid. */
int conf_parse(const char *name, const char *text, size_t len, struct conf *c, struct diag *d);
/* Read and parse the file at path: a regular file of at most 64 KiB that only root (or the
 * effective user) may change. 0, or EX_CONFIG: missing (diag.reason CONF_MISSING), unsafe,
 * unreadable or malformed, saying which and what to do. */
int conf_read(const char *path, struct conf *c, struct diag *d);
/* Free the settings (not the struct). */
void conf_free(struct conf *c);

#endif
