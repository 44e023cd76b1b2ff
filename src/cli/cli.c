/* What every command shares: opening the database, usage errors, formats, output. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Open the database (creating and migrating it when create is set). Returns 0 or a sysexits code. */
int
cli_db(struct cli *c, bool create, struct diag *d)
{
	return session_open_db(&c->ses, c->db_path, create, d);
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

	utf8_safe(&safe, s != NULL ? s : "", len, true);
	if ((safe.len > 0 && fwrite(safe.s, 1, safe.len, stdout) != safe.len) || fflush(stdout) != 0) {
		fprintf(stderr, tr("jobdesk: writing the output: %s\n"), strerror(errno));
		ret = EX_CANTCREAT;
	}
	sbuf_free(&safe);
	return ret;
}
