/* jobdesk: parse the command line, open the database, dispatch. */
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-audit.h"
#include "cli/cmd-case.h"
#include "cli/cmd-conflicts.h"
#include "cli/cmd-db.h"
#include "cli/cmd-decision.h"
#include "cli/cmd-demo.h"
#include "cli/cmd-export.h"
#include "cli/cmd-grant.h"
#include "cli/cmd-import.h"
#include "cli/cmd-note.h"
#include "cli/cmd-notice.h"
#include "cli/cmd-person.h"
#include "cli/cmd-policy.h"
#include "cli/cmd-progress.h"
#include "cli/cmd-report.h"
#include "cli/cmd-screen.h"
#include "cli/cmd-search.h"
#include "cli/cmd-sync.h"
#include "cli/cmd-user.h"
#include "config.h"
#include "core/policydir.h"
#include "core/session.h"
#include "util/conf.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/priv.h"
#include "util/utf8.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* The configuration file a privileged jobdesk reads: fixed when built (meson option conffile); the
 * server test compiles main.c once more naming a file of its own (tests/cli/meson.build). */
#ifdef JOBDESK_CONF_OVERRIDE
#define JOBDESK_CONF_PATH JOBDESK_CONF_OVERRIDE
#else
#define JOBDESK_CONF_PATH JOBDESK_CONF
#endif

/* One command family: its name and entry point. */
struct command {
	const char *name;
	int (*run)(struct cli *, int, char **);
};

static const struct command commands[] = {
	{ "init", cmd_db_init },
	{ "demo", cmd_demo },
	{ "person", cmd_person },
	{ "search", cmd_search },
	{ "import", cmd_import },
	{ "export", cmd_export },
	{ "db", cmd_db },
	{ "policy", cmd_policy },
	{ "grant", cmd_grant },
	{ "progress", cmd_progress },
	{ "case", cmd_case },
	{ "note", cmd_note },
	{ "decision", cmd_decision },
	{ "notice", cmd_notice },
	{ "audit", cmd_audit },
	{ "user", cmd_user },
	{ "report", cmd_report },
	{ "sync", cmd_sync },
};

static const char usage_text[] = N_(
    "usage: jobdesk [--db FILE] [--policies DIR] [--user LOGIN] [COMMAND ...]\n"
    "\n"
    "With no command, opens the counselor's screen.\n"
    "\n"
    "  init                                   create or migrate the database\n"
    "  init --office CODE --office-name NAME --level township|county|city [--parent CODE]\n"
    "  demo [--persons N] [--seed S]          fill a deterministic synthetic caseload\n"
    "  person add --name NAME --id-number ID [--phone P] [--FIELD VALUE ...]\n"
    "  person edit KEY --FIELD VALUE ...      not stage, next_followup or counselor\n"
    "  person show KEY [--format text|json]   KEY: case id or 18-digit ID number\n"
    "  person facts KEY                       the person as a facts file\n"
    "  person list [--counselor LOGIN] [--stage S] [--format table|csv|json]\n"
    "  search QUERY [--limit N] [--format table|json]\n"
    "  import FILE.csv [--dry-run] [--skip-bad]\n"
    "  export FILE.csv [--labels]             --labels: headers and values in words\n"
    "  policy list | check | test\n"
    "  policy eval (--facts FILE | --person KEY | --all) [--on YYYY-MM-DD] [--format text|json]\n"
    "  progress add KEY --kind K --status S [--FIELD VALUE ...] [--update-status]\n"
    "  progress fix ID --FIELD VALUE ... --reason R\n"
    "  progress remove ID --reason R\n"
    "  case close KEY --reason R [--note TEXT]  R: employed, moved_away, deceased,\n"
    "                                         duplicate, not_seeking, other (with --note)\n"
    "  case reopen KEY | transfer KEY --to LOGIN|OFFICE\n"
    "  case merge KEEP GONE [--force]         GONE's rows join KEEP; GONE's key leads there\n"
    "  grant KEY POLICY [--on YYYY-MM-DD] [--subject S]\n"
    "  note add KEY --text T [--followup YYYY-MM-DD]   prints the note id\n"
    "  note done ID | note cancel ID | note move ID --to YYYY-MM-DD\n"
    "  decision list [--status S] [--person KEY] [--format table|json]\n"
    "  decision replay DECISION [--format text|json]   evaluate it again under its policy files\n"
    "  decision approve ID | reject ID --reason R | revoke ID --reason R\n"
    "  decision paid ID --on YYYY-MM-DD [--ref R] | paid --file F.csv | threshold [YUAN]\n"
    "  report caseload|followups|weekly|decisions|money|payments|pending [--office CODE]\n"
    "         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|csv|json]\n"
    "  notice DECISION [--format text|html] [--output FILE]   a notice to print and sign\n"
    "  audit [--person KEY] [--user LOGIN] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "        [--limit N] [--older-than NO.] [--format table|json]   the audit trail, newest first\n"
    "  user add LOGIN --name N --role counselor|supervisor|admin --office CODE [--password]\n"
    "  user list [--format table|csv|json] | edit LOGIN [--name N] [--role R] [--office CODE]\n"
    "        [--unlock] | disable LOGIN | passwd [LOGIN] [--remove] | idle-lock [MINUTES]\n"
    "  db check | backup [FILE]               no FILE: a generation in DB.backups/\n"
    "  db backup --to-usb DIR                 and an encrypted copy in DIR (asks a passphrase)\n"
    "  db restore FILE                        from a generation or an encrypted copy\n"
    "  sync key FILE | trust FILE [--replace] this office's public keys; trust another's\n"
    "  sync export FILE [--to OFFICE] | import FILE | status [--format table|json]\n"
    "  sync conflicts [--all] [--format table|json]   what a sync held for a supervisor\n"
    "  sync resolve ID --keep mine|theirs     keep this office's values or the other's\n"
    "  --help | --version\n"
    "\n"
    "Environment: JOBDESK_DB, JOBDESK_POLICIES, JOBDESK_USER. See jobdesk(1).\n");

/* The default database: $XDG_DATA_HOME/jobdesk/jobdesk.db. Caller frees. */
static char *
default_db(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/jobdesk/jobdesk.db", xdg);
	if (home == NULL || home[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/.local/share/jobdesk/jobdesk.db", home);
}

/* The default policies: the installed ones (./dev and the tests name the source tree's). */
static char *
default_policies(void)
{
	return xasprintf("%s/policies", JOBDESK_DATADIR);
}

/* The acting user: the login name. Caller frees. */
static char *
default_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *u = getenv("USER");

	if (pw != NULL)
		return xstrdup(pw->pw_name);
	return xstrdup(u != NULL && u[0] ? u : "unknown");
}

/* Parse global options, then run the command. */
int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "policies", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { 0 };
	char *own_db = NULL, *own_pol = NULL, *own_user = NULL, *login = NULL;
	int ch, ret;
	/* first, before the locale, gettext, curses or SQLite look at the environment: set-group-id
	 * (a county server), jobdesk keeps only LANG, LC_*, TERM and TZ of it (util/priv.h) */
	bool privileged = priv_init();
	struct conf conf = { 0 };
	struct diag cd = DIAG_INIT;

	setlocale(LC_ALL, "");
	utf8_locale();
	/* the installed catalogue; ./dev and the tests name the build tree's (never when privileged:
	 * the variable is gone, and a catalogue of the caller's would be a format-string attack) */
	const char *localedir = getenv("JOBDESK_LOCALEDIR");
	i18n_init(localedir != NULL && localedir[0] == '/' ? localedir : JOBDESK_LOCALEDIR);
	/* privileged, the database and the policies are the configuration's, never the caller's */
	if (privileged && conf_read(JOBDESK_CONF_PATH, &conf, &cd) != 0)
		return diag_print(&cd);
	c.db_path = getenv("JOBDESK_DB");
	c.policies_dir = getenv("JOBDESK_POLICIES");
	c.user = getenv("JOBDESK_USER");
	/* '+': stop at the first non-option, the command, whose options are its own. */
	opterr = 0;  /* every option error is one line of our own, in the interface's language */
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.db_path = optarg; break;
		case 'p': c.policies_dir = optarg; break;
		case 'u': c.user = optarg; break;
		case 'h': fputs(tr(usage_text), stdout); return 0;
		case 'V': printf("jobdesk %s\n", JOBDESK_VERSION); return 0;
		case ':':
			fprintf(stderr, tr("jobdesk: %s needs a value\n"), argv[optind - 1]);
			fputs(tr(usage_text), stderr);
			conf_free(&conf);
			return EX_USAGE;
		default:
			fprintf(stderr, tr("jobdesk: %s is not an option\n"), argv[optind - 1]);
			fputs(tr(usage_text), stderr);
			conf_free(&conf);
			return EX_USAGE;
		}
	}
	/* an empty --db, --policies or --user is refused, never read as the default (an empty
	 * variable in the environment is as if unset); so is a JOBDESK_TODAY that is no date */
	if ((ret = cli_empty_values(NULL, optind - 1, argv + 1, false)) != 0) {
		conf_free(&conf);
		return ret;
	}
	if (date_today_check() != 0) {
		fprintf(stderr, tr("jobdesk: JOBDESK_TODAY is '%s', not a date; expected YYYY-MM-DD, "
		    "e.g. 2018-03-01, or leave it unset for today\n"), getenv("JOBDESK_TODAY"));
		conf_free(&conf);
		return EX_USAGE;
	}
	if (privileged) {
		/* the server's database and policies, and the person's own account: what the caller
		 * said is ignored (and said to be) */
		static const char *const opt_names[] = { "--db", "--policies", "--user" };
		const char *given[] = { c.db_path, c.policies_dir, c.user };
		for (size_t i = 0; i < 3; i++)
			if (given[i] != NULL)
				cli_err(tr("jobdesk: %s is ignored: on this server jobdesk uses the "
				    "database and policies %s names, and acts as your own account\n"),
				    opt_names[i], JOBDESK_CONF_PATH);
		c.db_path = conf.database;
		c.policies_dir = NULL;
		struct passwd *pw = getpwuid(getuid());
		if (pw == NULL) {
			cli_err(tr("jobdesk: this account (uid %u) has no name on this server; ask the "
			    "server's administrator\n"), (unsigned)getuid());
			conf_free(&conf);
			return EX_NOUSER;
		}
		c.user = own_user = xstrdup(pw->pw_name);
	}
	if (c.db_path == NULL || c.db_path[0] == '\0')
		c.db_path = own_db = default_db();
	/* the policies: those given, else the office's own set beside the database when it has
	 * one, else the installed set (privileged: the one the configuration names, never the
	 * caller's); a database with none of its own is given one from the set given or installed
	 * at its first open (cli_db), so that a server's office reads the set its county sends */
	char *installed = default_policies(), *office_set = NULL;
	const char *base = installed;
	bool base_conf = privileged && conf.policies != NULL && conf.policies[0] != '\0';
	if (base_conf)
		base = conf.policies;
	c.policies_seed = base;
	if (c.policies_dir != NULL && c.policies_dir[0] != '\0') {
		c.policies_seed = c.policies_dir;
		c.policies_from = N_("given with --policies or JOBDESK_POLICIES");
	} else {
		struct stat sb;
		office_set = policydir_of(c.db_path);
		if (stat(office_set, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			c.policies_dir = own_pol = office_set;
			c.policies_from = N_("the office's own set");
		} else {
			free(office_set);
			c.policies_dir = base;
			c.policies_from = base_conf ? N_("named by the server's configuration") :
			    N_("the installed set");
		}
	}
	/* who acts is resolved against the database's users when it is opened (cli_identity);
	 * privileged, the system account is who acts (--user and JOBDESK_USER were not read) */
	c.login = login = privileged ? xstrdup(own_user) : default_user();
	c.privileged = privileged;
	if (c.user == NULL || c.user[0] == '\0')
		c.user = login;
	/* the acting user is written into every audit row: text like any other stored text */
	char why[256];
	if (!utf8_valid(c.user, strlen(c.user)) || utext_check(c.user, "", why, sizeof why) != 0) {
		if (!utf8_valid(c.user, strlen(c.user)))
			snprintf(why, sizeof why, "%s", tr("is not valid UTF-8 text"));
		fprintf(stderr, tr("jobdesk: the acting user (--user, JOBDESK_USER or the login name) "
		    "%s\n"), why);
		free(own_db);
		free(own_pol);
		free(own_user);
		free(installed);
		free(login);
		conf_free(&conf);
		return EX_USAGE;
	}
	c.tty = isatty(STDERR_FILENO);
	session_init(&c.ses, c.user);
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		ret = cmd_screen(&c, argc, argv);
	} else {
		ret = -1;
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
			if (strcmp(argv[0], commands[i].name) == 0) {
				/* an empty value given to a command is refused before it runs */
				char name[64];
				bool sub = argc > 1 && argv[1][0] != '\0' && argv[1][0] != '-';
				snprintf(name, sizeof name, "%s%s%.40s", argv[0], sub ? " " : "",
				    sub ? argv[1] : "");
				bool clears = sub && ((strcmp(argv[0], "person") == 0 &&
				    strcmp(argv[1], "edit") == 0) || (strcmp(argv[0], "progress") == 0 &&
				    strcmp(argv[1], "fix") == 0));
				if ((ret = cli_empty_values(name, argc, argv, clears)) != 0)
					break;
				optind = 0;  /* 0 makes glibc getopt start afresh */
				ret = commands[i].run(&c, argc, argv);
				break;
			}
		}
		if (ret == -1) {
			cli_err(tr("jobdesk: '%s' is not a command\n"), argv[0]);
			fputs(tr(usage_text), stderr);
			ret = EX_USAGE;
		}
	}
	session_close(&c.ses);
	user_ident_free(&c.ident);
	free(login);
	conf_free(&conf);
	free(own_db);
	free(own_pol);
	free(own_user);
	free(installed);
	return ret;
}
