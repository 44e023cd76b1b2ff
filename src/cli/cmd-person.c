/* jobdesk person add | edit | show | facts | list: options parsed and results printed; the reading and
 * writing is core's (person list steps core's person_list). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-person.h"
#include "core/case.h"
#include "core/casefile.h"
#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"
#include "core/role.h"
#include "core/label.h"
#include "core/notice.h"
#include "policy/policy.h"
#include "policy/policyset.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/utf8.h"
#include "util/idnum.h"
#include "util/xalloc.h"

/* Why a field cannot be set by person edit (how it changes instead), or NULL when it can. */
static const char *
cmd_person_not_editable(int f)
{
	switch (f) {
	case PF_ID:
		return N_("--id is given by jobdesk and never changes");
	case PF_STAGE:
		return N_("--stage follows from progress and closure: record progress with jobdesk "
		    "progress add, close a case with jobdesk case close");
	case PF_NEXT_FOLLOWUP:
		return N_("--next-followup follows from the notes' follow-up dates: write a note with "
		    "a follow-up date");
	case PF_COUNSELOR:
		return N_("--counselor changes by transfer: jobdesk case transfer KEY --to LOGIN");
	}
	return NULL;
}

/* Print warnings (lines) on stderr, each line behind "jobdesk: warning:". */
static void
cmd_person_warn(const struct sbuf *warn)
{
	for (const char *p = sbuf_str(warn); *p != '\0'; ) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		cli_err(tr("jobdesk: warning: %s"), line);
		cli_err("\n");
		free(line);
		p += n + (p[n] == '\n');
	}
}

/* Set the fields of --FIELD VALUE (or --FIELD=VALUE) options from argv[from] on into p; what
 * follows from other records is refused (edit also refuses the counselor). 0, or a sysexits code with the error printed. */
static int
cmd_person_fields(const char *cmd, int argc, char **argv, int from, bool edit, struct person *p,
    bool given[PERSON_NFIELDS])
{
	char why[512];

	for (int i = from; i < argc; i++) {
		const char *arg = argv[i], *val;
		char name[64];
		if (strncmp(arg, "--", 2) != 0)
			return cli_usage(cmd, "'%s' is not an option; expected --FIELD VALUE", arg);
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
		int f = person_field_find(name);
		/* a new case may name its counselor; its stage and follow-up come later */
		if (f >= 0 && cmd_person_not_editable(f) != NULL && (edit || f != PF_COUNSELOR))
			return cli_usage(cmd, "%s", tr(cmd_person_not_editable(f)));
		if (f < 0 || f == PF_ID)
			return cli_usage(cmd, "--%s is not a field; fields are listed in jobdesk(1)", name);
		if (given[f])
			return cli_usage(cmd, "--%s is given twice; give it once", name);
		if (person_set(p, f, val, why, sizeof why) != 0) {
			cli_err("jobdesk: %s: --%s: %s\n", cmd, name, why);
			return EX_DATAERR;
		}
		given[f] = true;
	}
	return 0;
}

/* person add --name NAME --id-number ID [--FIELD VALUE ...]: prints the new case id. The
 * counselor is the acting user unless --counselor names another. */
static int
cmd_person_add(struct cli *c, int argc, char **argv)
{
	struct person p = { 0 };
	struct sbuf warn = SBUF_INIT;
	struct diag d = DIAG_INIT;
	bool given[PERSON_NFIELDS] = { false };
	int ret;

	if ((ret = cmd_person_fields("person add", argc, argv, 1, false, &p, given)) != 0)
		goto out;
	if (p.v[PF_NAME] == NULL || p.v[PF_ID_NUMBER] == NULL) {
		ret = cli_usage("person add", "--name and --id-number are required");
		goto out;
	}
	if (p.v[PF_COUNSELOR] == NULL)
		p.v[PF_COUNSELOR] = xstrdup(c->user);
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = person_add(c->ses.db, &p, &warn, &d)) != 0) {
		cli_err("jobdesk: person add: %s\n", d.msg);
		goto out;
	}
	if (warn.len > 0)
		cmd_person_warn(&warn);
	cli_out("%s\n", p.v[PF_ID]);
out:
	sbuf_free(&warn);
	person_clear(&p);
	return ret;
}

/* person edit KEY --FIELD VALUE ...: the fields given are saved, the others kept; a new ID
 * number brings its birth date and sex unless they are given too. Prints the case id. */
static int
cmd_person_edit(struct cli *c, int argc, char **argv)
{
	struct person p = { 0 }, edited = { 0 };
	struct diag d = DIAG_INIT;
	struct sbuf warn = SBUF_INIT;
	bool given[PERSON_NFIELDS] = { false };
	int ret;

	if (argc < 2 || strncmp(argv[1], "--", 2) == 0)
		return cli_usage("person edit", "expected KEY (a case id or an 18-digit ID number) "
		    "and --FIELD VALUE ...");
	if (argc < 3)
		return cli_usage("person edit", "nothing to change; give --FIELD VALUE ...");
	if ((ret = cmd_person_fields("person edit", argc, argv, 2, true, &edited, given)) != 0)
		goto out;
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = person_load(c->ses.db, argv[1], &p, &d)) != 0)
		goto fail;
	bool idchange = given[PF_ID_NUMBER] && strcmp(edited.v[PF_ID_NUMBER], p.v[PF_ID_NUMBER]);
	bool dupcheck = (given[PF_NAME] && strcmp(edited.v[PF_NAME], p.v[PF_NAME]) != 0) ||
	    idchange || given[PF_BIRTH_DATE];
	for (int f = 0; f < PERSON_NFIELDS; f++) {
		if (given[f]) {
			free(p.v[f]);
			p.v[f] = edited.v[f];
			edited.v[f] = NULL;
		} else if (idchange && (f == PF_BIRTH_DATE || f == PF_SEX)) {
			free(p.v[f]);  /* refilled from the new number */
			p.v[f] = NULL;
		}
	}
	if (dupcheck) {
		char why[512];
		struct rows dups;
		if (person_complete(&p, c->ses.today, why, sizeof why) != 0) {
			ret = diag_set(&d, EX_DATAERR, "%s", why);
			goto fail;
		}
		ret = person_duplicates(c->ses.db, &p, &dups, &d);
		person_duplicates_warn(&dups, &warn);
		rows_free(&dups);
		if (ret != 0)
			goto fail;
	}
	if ((ret = person_update(c->ses.db, &p, &d)) != 0)
		goto fail;
	if (warn.len > 0)
		cmd_person_warn(&warn);
	cli_out("%s\n", p.v[PF_ID]);
	goto out;
fail:
	cli_err("jobdesk: person edit: %s\n", d.msg);
out:
	sbuf_free(&warn);
	person_clear(&edited);
	person_clear(&p);
	return ret;
}

/* Parse "--format X" (or --format=X) options of a KEY command; returns the format index or -1. */
static int
cmd_person_opts(const char *cmd, int argc, char **argv, const char *formats, const char **key)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, fmt = 0;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'f') {
			cli_bad_option(cmd, ch, argv, NULL);
			return -1;
		}
		if ((fmt = cli_format(cmd, optarg, formats)) < 0)
			return -1;
	}
	if (key != NULL) {
		if (optind + 1 != argc) {
			cli_usage(cmd, "expected one KEY (a case id or an 18-digit ID number)");
			return -1;
		}
		*key = argv[optind];
	} else if (optind != argc) {
		cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return fmt;
}

/* Write one person's fields into a JSON object's members. */
static void
cmd_person_json(struct json *j, const struct person *p)
{
	for (int f = 0; f < PERSON_NFIELDS; f++) {
		const char *v = p->v[f];
		json_key(j, person_fields[f].name);
		if (v == NULL)
			json_null(j);
		else if (person_fields[f].kind == PK_FLAG)
			json_bool(j, strcmp(v, "1") == 0);
		else if (person_fields[f].kind == PK_MONTHS)
			json_int(j, strtol(v, NULL, 10));
		else
			json_str(j, v);
	}
}

/* A heading of person show's text. */
static void
cmd_person_heading(struct sbuf *out, const char *title)
{
	sbuf_addf(out, "\n%s\n", tr(title));
}

/* Append the case's records as person show's text says them, in words: progress, certificates,
 * notes and follow-ups, decisions, and the closure. */
static void
cmd_person_text_records(struct cli *c, const char *pid, struct sbuf *out)
{
	struct diag d = DIAG_INIT;
	struct case_info ci = { 0 };
	struct rows r;
	char when[64], *words;

	cmd_person_heading(out, N_("Progress"));
	if (casefile_enrollments(c->ses.db, pid, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			words = NULL;
			facts_row_describe(c->ses.db, rows_get(&r, i, EN_ID), &words, &d);
			sbuf_addf(out, "  %s  %s%s%s\n", label_value(rows_get(&r, i, EN_STATUS)),
			    words ? words : "-", rows_get(&r, i, EN_END) ? tr(", until ") : "",
			    rows_get(&r, i, EN_END) ? rows_get(&r, i, EN_END) : "");
			free(words);
		}
		if (r.n == 0)
			sbuf_addf(out, "  %s\n", tr("None."));
		rows_free(&r);
	}
	cmd_person_heading(out, N_("Certificates"));
	if (casefile_certificates(c->ses.db, pid, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			words = NULL;
			facts_row_describe(c->ses.db, rows_get(&r, i, CE_ID), &words, &d);
			sbuf_addf(out, "  %s\n", words ? words : "-");
			free(words);
		}
		if (r.n == 0)
			sbuf_addf(out, "  %s\n", tr("None."));
		rows_free(&r);
	}
	cmd_person_heading(out, N_("Notes and follow-ups"));
	if (casefile_notes(c->ses.db, pid, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			const char *fu = rows_get(&r, i, NO_FOLLOWUP), *on = rows_get(&r, i, NO_DONE_ON);
			sbuf_addf(out, "  %s %s", label_time(rows_get(&r, i, NO_CREATED_AT), when,
			    sizeof when), rows_get(&r, i, NO_CREATED_BY));
			if (fu != NULL && strcmp(rows_get(&r, i, NO_DONE), "0") == 0) {
				sbuf_addf(out, "  → %s  %s", fu, tr("still open"));
			} else if (fu != NULL) {
				sbuf_addf(out, "  → %s  ", fu);
				sbuf_addf(out, strcmp(rows_get(&r, i, NO_CANCELLED), "1") == 0 ?
				    tr("cancelled on %s") : tr("done on %s"), on ? on : "-");
			}
			sbuf_addf(out, "\n    %s\n", rows_get(&r, i, NO_BODY));
		}
		if (r.n == 0)
			sbuf_addf(out, "  %s\n", tr("None."));
		rows_free(&r);
	}
	cmd_person_heading(out, N_("Decisions"));
	struct diag pd = DIAG_INIT;
	if (session_load_policies(&c->ses, c->policies_dir, &pd) != 0)
		c->ses.policies = NULL;
	if (casefile_decisions(c->ses.db, pid, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			const struct policy *pol = c->ses.policies != NULL ?
			    policyset_find(c->ses.policies, rows_get(&r, i, DE_POLICY)) : NULL;
			char money[48] = "-";
			if (rows_get(&r, i, DE_AMOUNT) != NULL) {
				label_money(strtoll(rows_get(&r, i, DE_AMOUNT), NULL, 10), money, 32);
				snprintf(money + strlen(money), 16, " %s", tr("yuan"));
			}
			words = NULL;
			if (rows_get(&r, i, DE_ITEM) != NULL)
				facts_row_describe(c->ses.db, rows_get(&r, i, DE_ITEM), &words, &pd);
			char num[NOTICE_NUMBER_LEN];
			notice_number(rows_get(&r, i, DE_ID), num);
			sbuf_addf(out, "  %s  %s  %s  %s  %s%s%s\n", rows_get(&r, i, DE_ON), num,
			    label_value(rows_get(&r, i, DE_STATUS)), money, pol == NULL ?
			    rows_get(&r, i, DE_POLICY) : i18n_zh() ? pol->title_zh : pol->title_en,
			    words ? tr(", for ") : "", words ? words : "");
			free(words);
		}
		if (r.n == 0)
			sbuf_addf(out, "  %s\n", tr("None."));
		rows_free(&r);
	}
	if (case_find(c->ses.db, pid, &ci, &d) == 0 && ci.closed_reason != NULL) {
		cmd_person_heading(out, N_("Closed"));
		sbuf_addf(out, "  %s  %s%s%s\n", ci.closed_on ? ci.closed_on : "-",
		    case_reason_label(ci.closed_reason) ? tr(case_reason_label(ci.closed_reason)) :
		    ci.closed_reason, ci.closed_note ? ": " : "", ci.closed_note ? ci.closed_note : "");
	}
	case_info_clear(&ci);
}

/* person show KEY [--format text|json]: the whole case. */
static int
cmd_person_show(struct cli *c, int argc, char **argv)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	struct sbuf out = SBUF_INIT;
	struct node *facts = NULL;
	const char *key;
	int fmt, ret;

	if ((fmt = cmd_person_opts("person show", argc, argv, "text|json", &key)) < 0)
		return EX_USAGE;
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = person_load(c->ses.db, key, &p, &d)) != 0 ||
	    (ret = facts_person(c->ses.db, p.v[PF_ID], &facts, &d)) != 0) {
		cli_err("jobdesk: person show: %s\n", d.msg);
		goto out;
	}
	/* the full ID number to the roles that may see it, each showing recorded (core/role.c);
	 * otherwise masked as the lists mask it */
	struct diag shown = DIAG_INIT;
	if (p.v[PF_ID_NUMBER] != NULL && role_show_id(c->ses.db, p.v[PF_ID], &shown) != 0) {
		char masked[19];
		idnum_mask(p.v[PF_ID_NUMBER], masked);
		free(p.v[PF_ID_NUMBER]);
		p.v[PF_ID_NUMBER] = xstrdup(masked);
	}
	static const char *lists[] = { "certificates", "trainings", "internships", "startups",
	    "grassroots", "grants" };
	if (fmt == 1) {  /* for scripts: the fields and the facts' lists */
		struct json j;
		json_init(&j, &out);
		json_obj(&j);
		cmd_person_json(&j, &p);
		for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
			struct node *l = node_get(facts, lists[i]);
			struct sbuf tmp = SBUF_INIT;
			json_key(&j, lists[i]);
			if (l != NULL)
				node_write_json(l, &tmp);
			json_raw(&j, l != NULL ? sbuf_str(&tmp) : "[]");
			sbuf_free(&tmp);
		}
		json_obj_end(&j);
		sbuf_addc(&out, '\n');
	} else {
		for (int i = 0; i < PERSON_NFIELDS; i++) {
			int f = person_field_order[i];  /* a status beside its dates */
			const char *v = p.v[f];
			utf8_fit(&out, tr(person_fields[f].label_en), 30, true);
			sbuf_addc(&out, ' ');
			if (v == NULL)
				sbuf_add(&out, "-");
			else if (person_fields[f].kind == PK_FLAG)
				sbuf_add(&out, label_flag(v));
			else if (person_fields[f].kind == PK_ENUM)
				sbuf_add(&out, label_value(v));
			else if (person_fields[f].kind == PK_PROVINCE)
				sbuf_add(&out, label_province(v));
			else
				sbuf_add(&out, v);
			sbuf_addc(&out, '\n');
		}
		cmd_person_text_records(c, p.v[PF_ID], &out);
	}
	ret = cli_write(out.s, out.len);
out:
	node_free(facts);
	sbuf_free(&out);
	person_clear(&p);
	return ret;
}

/* person facts KEY: the person as a facts file (YAML). */
static int
cmd_person_facts(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct node *facts = NULL;
	struct sbuf out = SBUF_INIT;
	const char *key;
	int ret;

	if (cmd_person_opts("person facts", argc, argv, "yaml", &key) < 0)
		return EX_USAGE;
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = facts_person(c->ses.db, key, &facts, &d)) != 0)
		return cli_err("jobdesk: person facts: %s\n", d.msg), ret;
	node_write_yaml(facts, &out);
	ret = cli_write(out.s, out.len);
	node_free(facts);
	sbuf_free(&out);
	return ret;
}

/* person list [--counselor LOGIN] [--stage S] [--format table|csv|json]. */
static int
cmd_person_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "counselor", required_argument, NULL, 'c' },
		{ "stage", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	const char *counselor = NULL, *stage = NULL;
	char why[256], stage_code[32];
	int ch, fmt = 0, ret, rc;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((fmt = cli_format("person list", optarg, "table|csv|json")) < 0)
				return EX_USAGE;
			break;
		case 'c': counselor = optarg; break;
		case 's':
			if (label_parse(optarg, person_fields[PF_STAGE].allowed, stage_code,
			    sizeof stage_code, why, sizeof why))
				return cli_usage("person list", "--stage %s", why);
			stage = stage_code;
			break;
		default:
			return cli_bad_option("person list", ch, argv, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("person list", "unexpected argument '%s'", argv[optind]);
	if ((ret = cli_db(c, false, &d)) != 0)
		return cli_err("jobdesk: person list: %s\n", d.msg), ret;
	struct person_list *l = person_list_new(c->ses.db, counselor, stage);
	struct sbuf out = SBUF_INIT;
	struct person p = { 0 };
	struct json j;
	if (fmt == 0) {
		utf8_fit(&out, tr("CASE ID"), 28, true);
		sbuf_addc(&out, ' ');
		utf8_fit(&out, tr("NAME"), 12, true);
		sbuf_add(&out, "  ");
		utf8_fit(&out, tr("ID NUMBER"), 18, true);
		sbuf_add(&out, "  ");
		utf8_fit(&out, tr("STAGE"), 10, true);
		sbuf_addf(&out, "  %s\n", tr("FOLLOW-UP"));
	} else if (fmt == 1) {
		person_csv_header(&out);
	} else {
		json_init(&j, &out);
		json_arr(&j);
	}
	long n = 0;
	while ((rc = person_list_next(l, &p, &d)) == DB_ROW) {
		if (fmt == 1) {  /* a list: the ID number masked (export and json keep it whole) */
			char masked[19];
			idnum_mask(p.v[PF_ID_NUMBER], masked);
			free(p.v[PF_ID_NUMBER]);
			p.v[PF_ID_NUMBER] = xstrdup(masked);
		}
		if (fmt == 0) {
			char masked[19];
			idnum_mask(p.v[PF_ID_NUMBER], masked);
			sbuf_addf(&out, "%-28s ", p.v[PF_ID]);
			utf8_fit(&out, p.v[PF_NAME], 12, true);
			sbuf_addf(&out, "  %-18s  ", masked);
			utf8_fit(&out, label_value(p.v[PF_STAGE]), 10, true);
			sbuf_addf(&out, "  %s\n", p.v[PF_NEXT_FOLLOWUP] ? p.v[PF_NEXT_FOLLOWUP] : "-");
		} else if (fmt == 1) {
			person_csv_row(&out, &p);
		} else {
			json_obj(&j);
			cmd_person_json(&j, &p);
			json_obj_end(&j);
		}
		if (++n % 4096 == 0) {
			if ((ret = cli_write(out.s, out.len)) != 0)
				break;
			sbuf_reset(&out);
		}
	}
	if (rc != DB_DONE && rc != DB_ROW)
		ret = rc, diag_print(&d);
	person_list_free(l);
	person_clear(&p);
	if (fmt == 2) {
		json_arr_end(&j);
		sbuf_addc(&out, '\n');
	}
	if (ret == 0)
		ret = cli_write(out.s ? out.s : "", out.len);
	sbuf_free(&out);
	return ret;
}

/* jobdesk person SUBCOMMAND ... */
int
cmd_person(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("person", "expected add, edit, show, facts or list");
	if (strcmp(argv[1], "add") == 0)
		return cmd_person_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "edit") == 0)
		return cmd_person_edit(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_person_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "facts") == 0)
		return cmd_person_facts(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_person_list(c, argc - 1, argv + 1);
	return cli_usage("person", "'%s' is not a person command; expected add, edit, show, facts "
	    "or list", argv[1]);
}
