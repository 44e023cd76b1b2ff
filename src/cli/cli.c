/* What every command shares: opening the database, usage errors, formats, output. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Open the database (creating and migrating it when create is set). Returns 0 or a sysexits code. */
int
cli_db(struct cli *c, bool create, struct diag *d)
{
	bool was_open = c->ses.db != NULL;
	int ret = session_open_db(&c->ses, c->db_path, create, d);

	if (ret == 0 && !was_open)
		cli_db_said(c);
	return ret;
}

/* Say on stderr, once, that the database was opened as immutable (see cli.h). */
void
cli_db_said(struct cli *c)
{
	if (c->ses.db != NULL && db_immutable(c->ses.db))
		fprintf(stderr, tr("jobdesk: warning: %s is read-only (%s) and in WAL mode: it was "
		    "opened as immutable, so what another account changes while it is open, and what "
		    "its -wal file holds that is not yet in the database file, is not seen\n"),
		    c->db_path, tr(db_readonly(c->ses.db)));
}

/* Format and print to f, every value made safe for a terminal (utf8_safe, lines kept). */
static void
cli_vsay(FILE *f, const char *fmt, va_list ap)
{
	struct sbuf raw = SBUF_INIT, safe = SBUF_INIT;

	sbuf_vaddf(&raw, fmt, ap);
	utf8_safe(&safe, raw.s != NULL ? raw.s : "", raw.len, true);
	if (safe.len > 0)
		fwrite(safe.s, 1, safe.len, f);
	sbuf_free(&raw);
	sbuf_free(&safe);
}

/* Print to stdout as printf does, made safe for a terminal (fmt already translated). */
void
cli_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vsay(stdout, fmt, ap);
	va_end(ap);
}

/* Print to stderr as fprintf does, made safe for a terminal (fmt already translated). */
void
cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vsay(stderr, fmt, ap);
	va_end(ap);
}

/* Print a usage error naming the command (fmt: an English message id, rendered by tr()); EX_USAGE. */
int
cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	cli_err("jobdesk: %s: ", cmd);
	va_start(ap, fmt);
	cli_vsay(stderr, tr(fmt), ap);
	va_end(ap);
	fprintf(stderr, "%s\n", tr(" (see: jobdesk --help)"));
	return EX_USAGE;
}

/* Print the error for an option getopt_long refused (see cli.h); EX_USAGE. */
int
cli_bad_option(const char *cmd, int ch, char **argv, const char *expected)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (ch == ':')
		return cli_usage(cmd, "%s needs a value", arg);
	if (expected != NULL)
		return cli_usage(cmd, "%s is not an option here; expected %s", arg, expected);
	return cli_usage(cmd, "%s is not an option here", arg);
}

/* Refuse an empty value on the command line (see cli.h). */
int
cli_empty_values(const char *cmd, int argc, char **argv, bool clears)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		const char *opt = NULL;
		int optlen = 0;

		if (a[0] != '\0' && (eq == NULL || eq[1] != '\0'))
			continue;
		if (eq != NULL) {
			opt = a;
			optlen = (int)(eq - a);
		} else if (i > 0 && strncmp(argv[i - 1], "--", 2) == 0 &&
		    strchr(argv[i - 1], '=') == NULL) {
			opt = argv[i - 1];
			optlen = (int)strlen(opt);
		}
		/* person edit and progress fix clear a field with an empty value, as documented */
		if (clears && opt != NULL && !(optlen == 8 && strncmp(opt, "--reason", 8) == 0))
			continue;
		fprintf(stderr, "jobdesk: ");
		if (cmd != NULL)
			fprintf(stderr, "%s: ", cmd);
		if (opt != NULL)
			fprintf(stderr, tr("%.*s was given an empty value; leave the option out when the "
			    "value is unknown, or give one\n"), optlen, opt);
		else
			fprintf(stderr, tr("argument %d is empty; give a value\n"), i);
		return EX_DATAERR;
	}
	return 0;
}

/* Parse a --format value against a '|'-separated list of allowed names; -1 and a usage error if not one. */
int
cli_format(const char *cmd, const char *value, const char *allowed)
{
	const char *p = allowed;
	int i = 0;
	size_t len = strlen(value);

	while (*p) {
		size_t n = strcspn(p, "|");
		if (n == len && strncmp(p, value, n) == 0)
			return i;
		p += n + (p[n] == '|');
		i++;
	}
	cli_usage(cmd, "--format %s: expected one of %s", value, allowed);
	return -1;
}

/* Write all of a buffer to stdout, made safe for a terminal (utf8_safe: its lines and tabs kept,
 * ESC, BEL, C1 and bidirectional controls shown, never sent); EX_CANTCREAT (73) on failure. */
int
cli_write(const char *s, unsigned long len)
{
	struct sbuf safe = SBUF_INIT;
	int ret = 0;

	if (s == NULL) {
		s = "";
		len = 0;
	}
	/* text with nothing to change is written as it is, not copied first */
	if (!utf8_is_safe(s, len, true)) {
		utf8_safe(&safe, s, len, true);
		s = safe.s;
		len = safe.len;
	}
	if ((len > 0 && fwrite(s, 1, len, stdout) != len) || fflush(stdout) != 0) {
		fprintf(stderr, tr("jobdesk: writing the output: %s\n"), strerror(errno));
		ret = EX_CANTCREAT;
	}
	sbuf_free(&safe);
	return ret;
}
