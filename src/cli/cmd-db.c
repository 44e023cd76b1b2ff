/* jobdesk init [--office ...] | db check | db backup FILE (core/dbopen.h, core/auditchk.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-db.h"
#include "core/auditchk.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/office.h"
#include "core/schema.h"
#include "util/i18n.h"

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

/* db check | db backup FILE. */
int
cmd_db(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	int ret;

	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return cmd_db_check(c);
	if (argc == 3 && strcmp(argv[1], "backup") == 0) {
		if ((ret = cli_db(c, false, &d)) != 0 || (ret = dbopen_backup(c->ses.db, argv[2], &d)) != 0)
			return cli_err("jobdesk: db backup: %s\n", d.msg), ret;
		cli_out(tr("%s: backed up to %s\n"), c->db_path, argv[2]);
		return 0;
	}
	return cli_usage("db", "expected: db check | db backup FILE");
}
