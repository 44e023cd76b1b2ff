/* What every command shares: opening the database, usage errors, formats, output. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/db.h"
#include "core/policydir.h"
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

	if (ret == 0 && !was_open) {
		cli_db_said(c);
		ret = cli_identity(c, d);
	}
	/* a database with no policy set of its own gets one, from the set given or installed
	 * (issue 17: the county's bundles replace it); a failure is init's to say */
	if (ret == 0 && !was_open && c->policies_seed != NULL)
		policydir_seed(c->ses.db, c->policies_seed, &c->policies_seeded, &c->seed_error);
	return ret;
}

/* The write gate: a password before the first change (db_set_write_gate). */
static int
cli_gate(struct db *db, void *arg, struct diag *d)
{
	(void)db;
	return cli_authenticate(arg, d);
}

/* Resolve who acts on the open database and apply it (see cli.h). */
int
cli_identity(struct cli *c, struct diag *d)
{
	struct user_caller who = { .requested = c->user != c->login ? c->user : NULL,
	    .login = c->login, .owner = user_is_owner(c->ses.db), .privileged = c->privileged,
	    .superuser = getuid() == 0 };
	int ret;

	user_ident_free(&c->ident);
	if ((ret = user_resolve(c->ses.db, &who, &c->ident, d)) != 0)
		return ret;
	user_apply(c->ses.db, &c->ident);
	c->ses.user = c->ident.name;
	if (c->ident.has_password)
		db_set_write_gate(c->ses.db, cli_gate, c);
	return 0;
}

/* Ask the acting user's password and log in, once (see cli.h). */
int
cli_authenticate(struct cli *c, struct diag *d)
{
	char pw[512], prompt[160];
	int ret;

	if (!c->ident.has_password || c->authenticated)
		return 0;
	snprintf(prompt, sizeof prompt, tr("password for %s: "), c->ident.name);
	if ((ret = cli_password(prompt, pw, sizeof pw, d)) != 0)
		return ret;
	/* the login writes (its outcome): the gate is down meanwhile, up again when it failed */
	db_set_write_gate(c->ses.db, NULL, NULL);
	ret = user_login(c->ses.db, c->ident.name, pw, NULL, NULL, d);
	explicit_bzero(pw, sizeof pw);
	if (ret == 0)
		c->authenticated = true;
	else
		db_set_write_gate(c->ses.db, cli_gate, c);
	return ret;
}

/* Read a password from the terminal or the next line of stdin (see cli.h). */
int
cli_password(const char *prompt, char *buf, size_t len, struct diag *d)
{
	FILE *in = stdin;
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO), echo_off = false;

	buf[0] = '\0';
	if (tty && (in = fopen("/dev/tty", "r+")) != NULL) {
		fputs(prompt, in);
		fflush(in);
		if (tcgetattr(fileno(in), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off = tcsetattr(fileno(in), TCSAFLUSH, &quiet) == 0;
		}
	} else if (tty) {
		in = stdin;
	}
	bool got = fgets(buf, (int)len, in) != NULL;
	if (echo_off) {
		tcsetattr(fileno(in), TCSAFLUSH, &old);
		/* the line the echo left out (a write of its own: no stdio output after input) */
		ssize_t w = write(fileno(in), "\n", 1);
		(void)w;
	}
	if (in != stdin)
		fclose(in);
	if (!got)
		return diag_set(d, EX_NOINPUT, "no password was given (the terminal, or the first "
		    "line of stdin when it is not a terminal)");
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
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

/* Write all of a buffer to stdout; unless known to be safe, made safe for a terminal first. */
static int
cli_write_as(const char *s, unsigned long len, bool known_safe)
{
	struct sbuf safe = SBUF_INIT;
	int ret = 0;

	if (s == NULL) {
		s = "";
		len = 0;
	}
	/* text with nothing to change is written as it is, not copied first */
	if (!known_safe && !utf8_is_safe(s, len, true)) {
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

/* Write all of a buffer to stdout, made safe for a terminal (utf8_safe: its lines and tabs kept,
 * ESC, BEL, C1 and bidirectional controls shown, never sent); EX_CANTCREAT (73) on failure. */
int
cli_write(const char *s, unsigned long len)
{
	return cli_write_as(s, len, false);
}

/* Write all of a buffer that utf8_is_safe(s, len, true) is already known to accept, as it is
 * (the caller checked every piece of it as it was made); EX_CANTCREAT (73) on failure. */
int
cli_write_safe(const char *s, unsigned long len)
{
	return cli_write_as(s, len, true);
}
