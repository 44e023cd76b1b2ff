/* jobdesk progress add | fix | remove: options parsed and results printed; recording,
 * correcting and removing are core's (core/progress.h), each one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-progress.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The progress_fields index of an option name ("class-hours" or "class_hours"), or -1. */
static int
cmd_progress_field(const char *name)
{
	char buf[64];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof buf; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
	for (int f = 0; f < PROGRESS_NFIELDS; f++)
		if (strcmp(progress_fields[f].name, buf) == 0)
			return f;
	return -1;
}

/* The options of a progress command, parsed: details as --FIELD VALUE, and the command's own. */
struct cmd_progress_opts {
	struct progress_value vals[PROGRESS_NFIELDS];
	int n;
	const char *reason;
	bool update_status;
};

/* Parse argv[from..] into o: --reason R, --update-status (when own allows it) and --FIELD
 * VALUE (or --FIELD=VALUE) for the details. 0, or EX_USAGE with the error printed. */
static int
cmd_progress_parse(const char *cmd, int argc, char **argv, int from, bool reason,
    bool update_status, struct cmd_progress_opts *o)
{
	memset(o, 0, sizeof *o);
	for (int i = from; i < argc; i++) {
		const char *arg = argv[i], *val;
		char name[64];
		if (strncmp(arg, "--", 2) != 0)
			return cli_usage(cmd, "'%s' is not an option; expected --FIELD VALUE", arg);
		if (update_status && strcmp(arg, "--update-status") == 0) {
			o->update_status = true;
			continue;
		}
		const char *eq = strchr(arg, '=');
		if (eq != NULL) {
			snprintf(name, sizeof name, "%.*s", (int)(eq - arg - 2), arg + 2);
			val = eq + 1;
		} else {
			snprintf(name, sizeof name, "%s", arg + 2);
			if (i + 1 >= argc)
				return cli_usage(cmd, "--%s needs a value", name);
			val = argv[++i];
		}
		if (reason && strcmp(name, "reason") == 0) {
			o->reason = val;
			continue;
		}
		int f = cmd_progress_field(name);
		if (f < 0)
			return cli_usage(cmd, "--%s is not a detail of progress; they are listed in "
			    "jobdesk(1)", name);
		for (int j = 0; j < o->n; j++)
			if (o->vals[j].field == f)
				return cli_usage(cmd, "--%s is given twice", name);
		o->vals[o->n].field = f;
		o->vals[o->n++].value = val;
	}
	return 0;
}

/* progress add KEY --kind K --status S [--FIELD VALUE ...] [--level L --issued-on D
 * [--occupation O]] [--update-status]: prints the new enrollment's id. */
static int
cmd_progress_add(struct cli *c, int argc, char **argv)
{
	struct cmd_progress_opts o;
	struct diag d = DIAG_INIT;
	struct enrollment e;
	const char *cdate = NULL, *occ = NULL;
	char *pid = NULL, why[256], norm[PROGRESS_NFIELDS][256];
	int level = -1, ret;

	if (argc < 2 || strncmp(argv[1], "--", 2) == 0)
		return cli_usage("progress add", "expected KEY (a case id or an 18-digit ID number) "
		    "and --kind K --status S ...");
	if ((ret = cmd_progress_parse("progress add", argc, argv, 2, false, true, &o)) != 0)
		return ret;
	progress_init(&e);
	for (int i = 0; i < o.n; i++) {
		const struct progress_field *f = &progress_fields[o.vals[i].field];
		const char *v = norm[i];
		long n = 0;
		/* as typed: full-width digits and dates, a label for a value (--kind 培训) */
		if (progress_norm(o.vals[i].field, o.vals[i].value, norm[i], sizeof norm[i], &n, why,
		    sizeof why) != 0) {
			fprintf(stderr, "jobdesk: progress add: --%s: %s\n", f->name, why);
			return EX_DATAERR;
		}
		if (o.vals[i].field == PG_LEVEL)
			level = (int)n;
		else if (o.vals[i].field == PG_ISSUED_ON)
			cdate = v;
		else if (o.vals[i].field == PG_OCCUPATION)
			occ = v;
		else if (f->kind == PGK_INT || f->kind == PGK_FLAG)
			*(int *)((char *)&e + f->off) = (int)n;
		else
			*(const char **)((char *)&e + f->off) = v;
	}
	if ((level > 0) != (cdate != NULL) || (occ != NULL && level <= 0))
		return cli_usage("progress add", "a certificate needs --level and --issued-on together "
		    "(--occupation is optional)");
	if (o.update_status && progress_employment_status(e.kind) == NULL)
		return cli_usage("progress add", "--update-status goes with --kind startup or --kind "
		    "employment");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = person_resolve(c->ses.db, argv[1], &pid, &d)) != 0)
		goto fail;
	e.person_id = pid;
	if ((ret = progress_record(c->ses.db, &e, level, cdate, occ, &d)) != 0)
		goto fail;
	printf("%s\n", e.id);
	const char *status = progress_employment_status(e.kind);
	if (status != NULL && o.update_status) {
		if ((ret = progress_update_status(c->ses.db, pid, e.kind, &d)) != 0)
			goto fail;
	} else if (status != NULL) {
		fprintf(stderr, tr("jobdesk: hint: the policies read the employment status and the "
		    "registered-unemployed flag; to update them: jobdesk person edit %s "
		    "--employment-status %s --registered-unemployed false\n"), pid, status);
	}
	goto out;
fail:
	fprintf(stderr, "jobdesk: progress add: %s\n", d.msg);
out:
	free(e.id);
	free(pid);
	return ret;
}

/* progress fix ID --FIELD VALUE ... --reason R: corrects an enrollment or a certificate. */
static int
cmd_progress_fix(struct cli *c, int argc, char **argv)
{
	struct cmd_progress_opts o;
	struct diag d = DIAG_INIT;
	int ret;

	if (argc < 2 || strncmp(argv[1], "--", 2) == 0)
		return cli_usage("progress fix", "expected ID (of an enrollment or a certificate), "
		    "--FIELD VALUE ... and --reason R");
	if ((ret = cmd_progress_parse("progress fix", argc, argv, 2, true, false, &o)) != 0)
		return ret;
	if (o.n == 0)
		return cli_usage("progress fix", "nothing to correct; give --FIELD VALUE ...");
	if (o.reason == NULL)
		return cli_usage("progress fix", "--reason is required: say why the entry was wrong");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = progress_fix(c->ses.db, argv[1], o.vals, o.n, o.reason, &d)) != 0)
		fprintf(stderr, "jobdesk: progress fix: %s\n", d.msg);
	return ret;
}

/* progress remove ID --reason R: removes an enrollment or a certificate entered in error. */
static int
cmd_progress_remove(struct cli *c, int argc, char **argv)
{
	struct cmd_progress_opts o;
	struct diag d = DIAG_INIT;
	int ret;

	if (argc < 2 || strncmp(argv[1], "--", 2) == 0)
		return cli_usage("progress remove", "expected ID (of an enrollment or a certificate) "
		    "and --reason R");
	if ((ret = cmd_progress_parse("progress remove", argc, argv, 2, true, false, &o)) != 0)
		return ret;
	if (o.n > 0)
		return cli_usage("progress remove", "only --reason goes with remove; to change details "
		    "use: jobdesk progress fix");
	if (o.reason == NULL)
		return cli_usage("progress remove", "--reason is required: say why the entry was wrong");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = progress_remove(c->ses.db, argv[1], o.reason, &d)) != 0)
		fprintf(stderr, "jobdesk: progress remove: %s\n", d.msg);
	return ret;
}

/* jobdesk progress SUBCOMMAND ... */
int
cmd_progress(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("progress", "expected add, fix or remove");
	if (strcmp(argv[1], "add") == 0)
		return cmd_progress_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "fix") == 0)
		return cmd_progress_fix(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "remove") == 0)
		return cmd_progress_remove(c, argc - 1, argv + 1);
	return cli_usage("progress", "'%s' is not a progress command; expected add, fix or remove",
	    argv[1]);
}
