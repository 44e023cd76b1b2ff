/* jobdesk init [--office ...] | db check | db backup [FILE | --to-usb DIR] | db restore FILE
 * (core/dbopen.h, core/office.h, core/auditchk.h, core/backup.h). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-db.h"
#include "core/auditchk.h"
#include "core/db.h"
#include "core/backup.h"
#include "core/dbopen.h"
#include "core/office.h"
#include "core/policydir.h"
#include "core/schema.h"
#include "util/i18n.h"
#include "util/utf8.h"

/* init [--office CODE --office-name NAME --level township|county|city [--parent CODE
 * [--parent-name NAME]]]: create or migrate the database, and give it its office once. */
int
cmd_db_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "office-name", required_argument, NULL, 'n' },
		{ "level", required_argument, NULL, 'l' },
		{ "parent", required_argument, NULL, 'p' },
		{ "parent-name", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct office_args a = { 0 };
	struct diag d = DIAG_INIT;
	bool already = false;
	int ch, ret;

	if ((ret = cli_empty_values("init", argc, argv, false)) != 0)
		return ret;
	optind = 0;  /* 0 makes glibc getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': a.code = optarg; break;
		case 'n': a.name = optarg; break;
		case 'l': a.level = optarg; break;
		case 'p': a.parent = optarg; break;
		case 'm': a.parent_name = optarg; break;
		default:
			return cli_bad_option("init", ch, argv, "--office CODE --office-name NAME --level "
			    "township|county|city [--parent CODE [--parent-name NAME]]");
		}
	}
	if (optind != argc)
		return cli_usage("init", "takes no arguments but its options: [--office CODE "
		    "--office-name NAME --level township|county|city [--parent CODE]]");
	if (a.code == NULL && (a.name != NULL || a.level != NULL || a.parent != NULL ||
	    a.parent_name != NULL))
		return cli_usage("init", "--office-name, --level and --parent describe an office: give "
		    "its code with --office CODE too");
	if (a.code != NULL && (a.name == NULL || a.level == NULL))
		return cli_usage("init", "--office needs --office-name NAME and --level "
		    "township|county|city (乡镇, 县区 or 市)");
	if (a.parent_name != NULL && a.parent == NULL)
		return cli_usage("init", "--parent-name names the office above: give its code with "
		    "--parent CODE too");
	if ((ret = cli_db(c, true, &d)) != 0)
		return cli_err("jobdesk: init: %s\n", d.msg), ret;
	if (a.code != NULL && (ret = office_init(c->ses.db, &a, &already, &d)) != 0)
		return cli_err("jobdesk: init: %s\n", d.msg), ret;
	cli_out(tr("%s: schema version %d\n"), c->db_path, schema_version(c->ses.db));
	/* the office's own policy set, made at the first open (cli_db): said on stderr, as the
	 * export's note is (standard output stays the schema's line for scripts) */
	char *set = policydir_path(c->ses.db);
	if (c->policies_seeded)
		cli_err(tr("jobdesk: init: %s: the office's policy set, copied from %s\n"), set,
		    c->policies_seed);
	else if (c->seed_error.code != 0)
		cli_err(tr("jobdesk: init: warning: the office has no policy set of its own yet "
		    "(%s); jobdesk reads %s until it has\n"), c->seed_error.msg, c->policies_dir);
	free(set);
	if (a.code != NULL)
		cli_out(already ? tr("office %s already; nothing changed\n") :
		    tr("office %s: new keys begin with its code\n"), db_office(c->ses.db));
	return 0;
}

/* db check: the database's integrity, its schema, the audit's chain and every audited row;
 * exit 65 on any finding. */
static int
cmd_db_check(struct cli *c)
{
	struct diag d = DIAG_INIT, ad = DIAG_INIT;
	struct sbuf report = SBUF_INIT;
	int ret, aret, found = 0;

	/* looked at as it is: a check never migrates (that would rebuild the chain it checks) */
	if ((ret = session_open_db_as_is(&c->ses, c->db_path, &d)) != 0)
		return cli_err("jobdesk: db check: %s\n", d.msg), ret;
	cli_db_said(c);
	ret = dbopen_check(c->ses.db, &report, &d);
	if (ret != 0 && ret != EX_DATAERR) {
		sbuf_free(&report);
		return cli_err("jobdesk: db check: %s\n", d.msg), ret;
	}
	if (schema_version(c->ses.db) != schema_latest()) {
		/* the audit's shape is another version's: bring it up to date first, then check */
		cli_write(sbuf_str(&report), report.len);
		sbuf_free(&report);
		diag_set(&ad, EX_DATAERR, "%s: the schema is not this jobdesk's; the audit was not checked "
		    "(an older database: run jobdesk init, then db check)", c->db_path);
		cli_err("jobdesk: %s\n", ad.msg);
		return EX_DATAERR;
	}
	aret = auditchk_run(c->ses.db, &report, &found, &ad);
	cli_write(sbuf_str(&report), report.len);
	sbuf_free(&report);
	if (aret != 0)
		return cli_err("jobdesk: db check: %s\n", ad.msg), aret;
	if (ret != 0)
		cli_err("jobdesk: %s\n", d.msg);
	if (found > 0) {
		diag_set(&ad, EX_DATAERR, "%s: db check found problems in the audit: %d", c->db_path,
		    found);
		cli_err("jobdesk: %s\n", ad.msg);
		ret = EX_DATAERR;
	}
	return ret;
}

/* Read one line into buf (its line break dropped) from fd; the length, or -1 when nothing
 * came or it was longer than buf holds. */
static int
cmd_db_read_line(int fd, char *buf, size_t len)
{
	size_t n = 0;
	char ch;
	bool over = false;

	for (;;) {
		ssize_t r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = ch;
		else
			over = true;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return over ? -1 : (int)n;
}

/* Ask for the passphrase on the terminal (/dev/tty, not echoed; twice when twice), or, when
 * stdin is not a terminal, read it from stdin's first line; never an option or a variable.
 * 0, or a code with the error printed. */
static int
cmd_db_passphrase(const char *cmd, bool twice, char *buf, size_t len)
{
	if (!isatty(STDIN_FILENO)) {
		if (cmd_db_read_line(STDIN_FILENO, buf, len) <= 0)
			return cli_err(tr("jobdesk: %s: no passphrase on the first line of stdin (or it is "
			    "longer than %d bytes)\n"), cmd, (int)len - 1), EX_USAGE;
		return 0;
	}
	int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct termios old, quiet;
	char *again = NULL;
	int ret = 0;

	if (tty < 0 || tcgetattr(tty, &old) != 0) {
		if (tty >= 0)
			close(tty);
		return cli_err(tr("jobdesk: %s: cannot ask for the passphrase on the terminal: %s\n"),
		    cmd, strerror(errno)), EX_UNAVAILABLE;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	for (int round = 0; round < (twice ? 2 : 1) && ret == 0; round++) {
		const char *q = round == 0 ? tr("Passphrase: ") : tr("The same passphrase again: ");
		char *into = round == 0 ? buf : (again = calloc(1, len));
		if (into == NULL) {
			ret = EX_SOFTWARE;
			break;
		}
		/* echo off before the question, so that nothing typed after it is flushed */
		if (tcsetattr(tty, TCSAFLUSH, &quiet) != 0 || write(tty, q, strlen(q)) < 0) {
			tcsetattr(tty, TCSAFLUSH, &old);
			ret = EX_UNAVAILABLE;
			break;
		}
		int n = cmd_db_read_line(tty, into, len);
		tcsetattr(tty, TCSANOW, &old);
		if (write(tty, "\n", 1) < 0)
			ret = EX_UNAVAILABLE;
		if (n <= 0) {
			cli_err(tr("jobdesk: %s: no passphrase was given\n"), cmd);
			ret = EX_USAGE;
		}
	}
	if (ret == 0 && twice && strcmp(buf, again) != 0) {
		cli_err(tr("jobdesk: %s: the two passphrases differ; nothing was written\n"), cmd);
		ret = EX_USAGE;
	}
	if (again != NULL) {
		explicit_bzero(again, len);
		free(again);
	}
	close(tty);
	return ret;
}

/* db backup: a generation in the backup folder; FILE: a copy there; --to-usb DIR: a generation
 * and its encrypted copy in DIR. */
static int
cmd_db_backup(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	char *gen = NULL, *made = NULL;
	char pass[1024];
	int ret;

	if (argc == 3 && strncmp(argv[2], "--", 2) != 0) {
		if ((ret = cli_db(c, false, &d)) != 0 || (ret = dbopen_backup(c->ses.db, argv[2], &d)) != 0)
			return cli_err("jobdesk: db backup: %s\n", d.msg), ret;
		cli_out(tr("%s: backed up to %s\n"), c->db_path, argv[2]);
		return 0;
	}
	if (argc == 2) {
		if ((ret = cli_db(c, false, &d)) != 0 || (ret = backup_generation(&c->ses, &gen, &d)) != 0)
			return cli_err("jobdesk: db backup: %s\n", d.msg), ret;
		cli_out(tr("%s: backed up to %s (checked)\n"), c->db_path, gen);
		free(gen);
		return 0;
	}
	if (argc == 4 && strcmp(argv[2], "--to-usb") == 0) {
		/* the database first: a refusal to open it asks for no passphrase */
		if ((ret = cli_db(c, false, &d)) != 0)
			return cli_err("jobdesk: db backup: %s\n", d.msg), ret;
		if ((ret = cmd_db_passphrase("db backup", true, pass, sizeof pass)) != 0)
			return ret;
		ret = backup_to_usb(&c->ses, argv[3], pass, &gen, &made, &d);
		explicit_bzero(pass, sizeof pass);
		if (ret != 0) {
			free(gen);
			return cli_err("jobdesk: db backup: %s\n", d.msg), ret;
		}
		cli_out(tr("%s: backed up to %s (checked), and encrypted to %s (read back and "
		    "checked); keep the passphrase apart from the stick\n"), c->db_path, gen, made);
		free(gen);
		free(made);
		return 0;
	}
	return cli_usage("db backup", "expected: db backup | db backup FILE | db backup --to-usb DIR");
}

/* db restore FILE: the database restored from a generation or an encrypted copy. */
static int
cmd_db_restore(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct backup_restored r;
	char pass[1024];
	bool enc;
	int ret;

	if (argc != 3 || strncmp(argv[2], "--", 2) == 0)
		return cli_usage("db restore", "expected: db restore FILE");
	/* who restores: a database that opens asks who acts (an administrator restores); one that
	 * fails its start-up check or is gone is restored by whoever may write its file */
	struct diag od = DIAG_INIT;
	if ((ret = cli_db(c, false, &od)) != 0 && (od.reason != DBOPEN_DAMAGED &&
	    od.reason != DBOPEN_MISSING))
		return diag_print(&od);
	if (ret != 0 && c->ses.db != NULL) {
		session_close(&c->ses);
	}
	enc = backup_is_encrypted(argv[2]);
	if (enc && (ret = cmd_db_passphrase("db restore", false, pass, sizeof pass)) != 0)
		return ret;
	ret = backup_restore(&c->ses, c->db_path, argv[2], enc ? pass : NULL, &r, &d);
	explicit_bzero(pass, sizeof pass);
	if (ret != 0)
		return cli_err("jobdesk: db restore: %s\n", d.msg), ret;
	if (r.kept != NULL)
		cli_out(tr("%s: restored from %s (schema version %d, %lld persons); the database it "
		    "replaced is kept as %s; sync epoch %lld\n"), c->db_path, argv[2], r.version,
		    (long long)r.persons, r.kept, (long long)r.epoch);
	else
		cli_out(tr("%s: restored from %s (schema version %d, %lld persons); sync epoch %lld\n"),
		    c->db_path, argv[2], r.version, (long long)r.persons, (long long)r.epoch);
	backup_restored_free(&r);
	return 0;
}

/* db check | db backup [FILE | --to-usb DIR] | db restore FILE. */
int
cmd_db(struct cli *c, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return cmd_db_check(c);
	if (argc >= 2 && strcmp(argv[1], "backup") == 0)
		return cmd_db_backup(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "restore") == 0)
		return cmd_db_restore(c, argc, argv);
	return cli_usage("db", "expected: db check | db backup [FILE | --to-usb DIR] | "
	    "db restore FILE");
}
