/* What every command shares: the global options, opening the database, usage errors, output. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>

#include "core/session.h"
#include "core/user.h"
#include "util/diag.h"

/* What every command shares: the global options and the database once open. */
struct cli {
	const char *db_path;       /* --db, JOBDESK_DB, or the XDG default */
	const char *policies_dir;  /* --policies, JOBDESK_POLICIES, the office's (DB.policies/) or
	                            * the installed ones */
	const char *policies_from; /* which of those, in words (a message id) */
	const char *policies_seed; /* the set a database with none of its own is given (cli_db) */
	bool policies_seeded;      /* the office's set was made now, from policies_seed */
	struct diag seed_error;    /* or why it could not be (code 0: it could, or was there) */
	const char *user;          /* --user, JOBDESK_USER, or the login name */
	const char *login;         /* the system account's login name */
	bool privileged;           /* a set-user-id or set-group-id jobdesk (the server) */
	struct user_ident ident;   /* who acts, resolved when the database is opened (cli_db) */
	bool authenticated;        /* the acting user gave their password (cli_authenticate) */
	struct session ses;        /* the database (cli_db) and policies, closed by main */
	bool tty;                  /* stderr is a terminal (progress bars) */
};

/* Open the database (creating and migrating it when create is set). Returns 0 or a sysexits code. */
int cli_db(struct cli *c, bool create, struct diag *d);
/* Resolve who acts on the open database (core/user.h user_resolve) and apply it; a user with a
 * password is asked for it before the first change (cli_authenticate). cli_db calls it. */
int cli_identity(struct cli *c, struct diag *d);
/* Ask the acting user's password unless given already (or none is needed) and log in: 0, or
 * EX_NOPERM with d saying why (a wrong password, the lock) after the attempt is recorded. */
int cli_authenticate(struct cli *c, struct diag *d);
/* Read a password: from the terminal (/dev/tty, echo off, after prompt, already translated)
 * when stdin is one, else the next line of stdin. 0, or a code with d set (nothing to read). */
int cli_password(const char *prompt, char *buf, size_t len, struct diag *d);
/* After the database was opened: say on stderr that it was opened as immutable (a WAL
 * database in a folder this account may not write), when it was. cli_db calls it. */
void cli_db_said(struct cli *c);
/* Print a usage error naming the command (fmt: an English message id, rendered by tr()); EX_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the error for an option getopt_long refused, ch being what it returned (':' for a missing
 * value, with opterr 0 and ':' leading the short options, as every command sets them): the option
 * as typed, and what is expected (NULL: nothing more to say); EX_USAGE. */
int cli_bad_option(const char *cmd, int ch, char **argv, const char *expected);
/* Refuse an empty value given on the command line, never read as unknown or as a default: an
 * empty argument, or --OPTION= with nothing after the '='. With clears (person edit, progress
 * fix) an empty value of a field option is let through: it clears the field, as documented.
 * cmd names the command in the message (NULL: the global options). 0, or EX_DATAERR with the error printed. */
int cli_empty_values(const char *cmd, int argc, char **argv, bool clears);
/* Parse a --format value against a '|'-separated list of allowed names; -1 and a usage error if not one. */
int cli_format(const char *cmd, const char *value, const char *allowed);
/* Print to stdout as printf does, every value made safe for a terminal (util/utf8.h utf8_safe). */
void cli_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print to stderr as fprintf does, every value made safe for a terminal. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write all of a buffer to stdout, made safe for a terminal (lines and tabs kept); EX_CANTCREAT
 * (73) on failure. */
int cli_write(const char *s, unsigned long len);
/* Write all of a buffer already known to be safe for a terminal (utf8_is_safe with lines) as it
 * is; EX_CANTCREAT (73) on failure. */
int cli_write_safe(const char *s, unsigned long len);

#endif
