/* jobdesk progress add | fix | remove: options parsed and results printed; recording,
 * correcting and removing are core's (core/progress.h), each one transaction. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <getopt.h>

#include "cli/cli.h"
#include "cli/cmd-progress.h"
#include "core/casefile.h"
#include "core/facts.h"
#include "core/label.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/utf8.h"
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
			/* the option as typed (--training-kind), not the column */
			char opt[64];
			snprintf(opt, sizeof opt, "%s", f->name);
			for (char *p = opt; *p; p++)
				*p = *p == '_' ? '-' : *p;
			cli_err("jobdesk: progress add: --%s: %s\n", opt, why);
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
	if ((ret = progress_record(c->ses.db, &e, level, cdate, occ, o.update_status, &d)) != 0)
		goto fail;
	cli_out("%s\n", e.id);
	const char *status = progress_employment_status(e.kind);
	if (status != NULL && !o.update_status) {
		cli_err(tr("jobdesk: hint: the policies read the employment status and the "
		    "registered-unemployed flag; to update them: jobdesk person edit %s "
		    "--employment-status %s --registered-unemployed false\n"), pid, status);
	}
	goto out;
fail:
	cli_err("jobdesk: progress add: %s\n", d.msg);
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
		cli_err("jobdesk: progress fix: %s\n", d.msg);
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
		cli_err("jobdesk: progress remove: %s\n", d.msg);
	return ret;
}

/* Append one listed entry (rows r, row i, of table t) to the table or the JSON. */
static void
cmd_progress_list_row(struct cli *c, const struct rows *r, size_t i, enum progress_table t,
    struct json *j, struct sbuf *out)
{
	struct diag d = DIAG_INIT;
	char *words = NULL;
	int first = t == PGT_CERTIFICATE ? PG_NENROLLMENT : 0;
	int last = t == PGT_CERTIFICATE ? PROGRESS_NFIELDS : PG_NENROLLMENT;

	if (j != NULL) {
		json_obj(j);
		json_key(j, "id");
		json_str(j, rows_get(r, i, 0));
		json_key(j, "table");
		json_str(j, t == PGT_CERTIFICATE ? "certificate" : "enrollment");
		for (int f = first; f < last; f++) {
			const char *v = rows_get(r, i, 1 + f - first);
			json_key(j, progress_fields[f].name);
			if (v == NULL)
				json_null(j);
			else if (progress_fields[f].kind == PGK_INT)
				json_int(j, strtoll(v, NULL, 10));
			else if (progress_fields[f].kind == PGK_FLAG)
				json_bool(j, strcmp(v, "1") == 0);
			else
				json_str(j, v);
		}
		json_obj_end(j);
		return;
	}
	if (facts_row_describe(c->ses.db, rows_get(r, i, 0), &words, &d) != 0)
		words = NULL;
	utf8_fit(out, rows_get(r, i, 0), 28, true);
	sbuf_add(out, "  ");
	utf8_fit(out, t == PGT_CERTIFICATE ? tr("certificate") :
	    label_value(rows_get(r, i, EN_STATUS)), 12, true);
	sbuf_add(out, "  ");
	sbuf_add(out, words != NULL ? words : "-");
	sbuf_addc(out, '\n');
	free(words);
}

/* progress list KEY [--format table|json]: the person's entries with their ids (what progress
 * fix and remove take), newest first: progress, then certificates. */
static int
cmd_progress_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct rows en = { 0 }, ce = { 0 };
	struct sbuf out = SBUF_INIT;
	struct json j;
	char *pid = NULL;
	int ch, fmt = 0, ret;

	optind = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'f')
			return cli_bad_option("progress list", ch, argv, NULL);
		if ((fmt = cli_format("progress list", optarg, "table|json")) < 0)
			return EX_USAGE;
	}
	if (optind + 1 != argc)
		return cli_usage("progress list", "expected one KEY (a case id or an 18-digit ID number)");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = person_resolve(c->ses.db, argv[optind], &pid, &d)) != 0 ||
	    (ret = casefile_enrollments(c->ses.db, pid, &en, &d)) != 0 ||
	    (ret = casefile_certificates(c->ses.db, pid, &ce, &d)) != 0) {
		cli_err("jobdesk: progress list: %s\n", d.msg);
		goto out;
	}
	if (fmt == 1) {
		json_init(&j, &out);
		json_arr(&j);
	}
	for (size_t i = 0; i < en.n; i++)
		cmd_progress_list_row(c, &en, i, PGT_ENROLLMENT, fmt == 1 ? &j : NULL, &out);
	for (size_t i = 0; i < ce.n; i++)
		cmd_progress_list_row(c, &ce, i, PGT_CERTIFICATE, fmt == 1 ? &j : NULL, &out);
	if (fmt == 1) {
		json_arr_end(&j);
		sbuf_addc(&out, '\n');
	}
	ret = cli_write(out.s ? out.s : "", out.len);
out:
	rows_free(&en);
	rows_free(&ce);
	sbuf_free(&out);
	free(pid);
	return ret;
}

/* jobdesk progress SUBCOMMAND ... */
int
cmd_progress(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("progress", "expected add, fix, remove or list");
	if (strcmp(argv[1], "add") == 0)
		return cmd_progress_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "fix") == 0)
		return cmd_progress_fix(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "remove") == 0)
		return cmd_progress_remove(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_progress_list(c, argc - 1, argv + 1);
	return cli_usage("progress", "'%s' is not a progress command; expected add, fix, remove or list",
	    argv[1]);
}
