/* The command line: global options and one entry point per command family. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>

#include "util/diag.h"

struct db;

/* What every command shares: the global options and the database once open. */
struct cli {
	const char *db_path;       /* --db, JOBDESK_DB, or the XDG default */
	const char *policies_dir;  /* --policies, JOBDESK_POLICIES, or the installed/source dir */
	const char *user;          /* --user, JOBDESK_USER, or the login name */
	struct db *db;             /* opened by cli_db(), closed by main */
	bool tty;                  /* stderr is a terminal (progress bars) */
};

/* Open the database (creating and migrating it when create is set). Returns 0 or a sysexits code. */
int cli_db(struct cli *c, bool create, struct diag *d);
/* Print a usage error naming the command and return EX_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parse a --format value against a '|'-separated list of allowed names; -1 and a usage error if not one. */
int cli_format(const char *cmd, const char *value, const char *allowed);
/* Write all of a buffer to stdout; EX_CANTCREAT (73) on failure. */
int cli_write(const char *s, unsigned long len);

/* Command families: each takes argv after its own name. */
int cli_init(struct cli *c, int argc, char **argv);
int cli_demo(struct cli *c, int argc, char **argv);
int cli_person(struct cli *c, int argc, char **argv);
int cli_search(struct cli *c, int argc, char **argv);
int cli_import(struct cli *c, int argc, char **argv);
int cli_export(struct cli *c, int argc, char **argv);
int cli_dbcmd(struct cli *c, int argc, char **argv);
int cli_policy(struct cli *c, int argc, char **argv);
int cli_grant(struct cli *c, int argc, char **argv);
int cli_tui(struct cli *c, int argc, char **argv);

#endif
