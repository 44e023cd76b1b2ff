/* jobdesk case close KEY --reason R [--note T] | reopen KEY | transfer KEY --to LOGIN|OFFICE |
 * merge KEEP GONE [--force]: options parsed and the outcome printed; the rules are core's
 * (core/case.h). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-case.h"
#include "core/case.h"
#include "core/facts.h"
#include "policy/policy.h"
#include "policy/policyset.h"
#include "util/i18n.h"

/* The options of a case command: --reason, --note, --to, --force (each where it belongs). */
struct cmd_case_opts {
	const char *reason, *note, *to;
	bool force;
};

/* Parse the options a case command allows (their letters, r n t f, in allowed) and its nkeys
 * KEYs into keys. 0, or EX_USAGE after saying why. */
static int
cmd_case_opts(const char *cmd, int argc, char **argv, const char *allowed, int nkeys,
    const char *usage, struct cmd_case_opts *o, const char **keys)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "to", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof *o);
	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == '?' || ch == ':' || strchr(allowed, ch) == NULL)
			return cli_bad_option(cmd, ch, argv, usage);
		if (ch == 'r')
			o->reason = optarg;
		else if (ch == 'n')
			o->note = optarg;
		else if (ch == 't')
			o->to = optarg;
		else
			o->force = true;
	}
	if (argc - optind != nkeys)
		return cli_usage(cmd, "expected %s", usage);
	for (int i = 0; i < nkeys; i++)
		keys[i] = argv[optind + i];
	return 0;
}

/* The record a key names (merged away or not), or a message and the code. */
static int
cmd_case_find(struct cli *c, const char *cmd, const char *key, struct case_info *ci)
{
	struct diag d = DIAG_INIT;
	int ret;

	if ((ret = cli_db(c, false, &d)) != 0 || (ret = case_find(c->ses.db, key, ci, &d)) != 0)
		cli_err("jobdesk: %s: %s\n", cmd, d.msg);
	return ret;
}

/* case close KEY --reason R [--note T]. */
static int
cmd_case_close(struct cli *c, int argc, char **argv)
{
	struct cmd_case_opts o;
	struct case_info ci;
	struct diag d = DIAG_INIT;
	const char *key;
	char reason[32];
	int ret;

	if ((ret = cmd_case_opts("case close", argc, argv, "rn", 1, "KEY --reason R [--note TEXT]",
	    &o, &key)) != 0)
		return ret;
	if (o.reason == NULL)
		return cli_usage("case close", "--reason is required: one of %s", case_reasons);
	snprintf(reason, sizeof reason, "%s", o.reason);
	for (char *p = reason; *p; p++)  /* moved-away is moved_away */
		if (*p == '-')
			*p = '_';
	if (case_reason_label(reason) == NULL)
		return cli_usage("case close", "--reason %s: expected one of %s", o.reason,
		    case_reasons);
	if ((ret = cmd_case_find(c, "case close", key, &ci)) != 0)
		return ret;
	if ((ret = case_close(c->ses.db, ci.id, reason, o.note, c->ses.today, &d)) != 0)
		cli_err("jobdesk: case close: %s\n", d.msg);
	else
		cli_out("%s\tclosed\t%s\t%s\n", ci.id, reason, c->ses.today_text);
	case_info_clear(&ci);
	return ret;
}

/* case reopen KEY. */
static int
cmd_case_reopen(struct cli *c, int argc, char **argv)
{
	struct cmd_case_opts o;
	struct case_info ci, now;
	struct diag d = DIAG_INIT;
	const char *key;
	int ret;

	if ((ret = cmd_case_opts("case reopen", argc, argv, "", 1, "KEY", &o, &key)) != 0 ||
	    (ret = cmd_case_find(c, "case reopen", key, &ci)) != 0)
		return ret;
	if ((ret = case_reopen(c->ses.db, ci.id, &d)) != 0) {
		cli_err("jobdesk: case reopen: %s\n", d.msg);
	} else if (case_find(c->ses.db, ci.id, &now, &d) == 0) {
		cli_out("%s\t%s\n", now.id, now.stage);
		case_info_clear(&now);
	}
	case_info_clear(&ci);
	return ret;
}

/* case transfer KEY --to LOGIN|OFFICE: to another counselor, or to another office. */
static int
cmd_case_transfer(struct cli *c, int argc, char **argv)
{
	struct cmd_case_opts o;
	struct case_info ci;
	struct diag d = DIAG_INIT;
	const char *key;
	int ret;

	if ((ret = cmd_case_opts("case transfer", argc, argv, "t", 1, "KEY --to LOGIN|OFFICE", &o,
	    &key)) != 0)
		return ret;
	if (o.to == NULL)
		return cli_usage("case transfer", "--to LOGIN|OFFICE is required: the counselor or "
		    "the office that takes the case");
	if ((ret = cmd_case_find(c, "case transfer", key, &ci)) != 0)
		return ret;
	if ((ret = case_transfer(c->ses.db, ci.id, o.to, &d)) != 0)
		cli_err("jobdesk: case transfer: %s\n", d.msg);
	else
		cli_out("%s\t%s\n", ci.id, o.to);
	case_info_clear(&ci);
	return ret;
}

/* case merge KEEP GONE [--force]: prints the survivor and the merged-away case, and warns of
 * each once-only benefit now granted twice. */
static int
cmd_case_merge(struct cli *c, int argc, char **argv)
{
	struct cmd_case_opts o;
	struct case_info k = { 0 }, g = { 0 };
	struct diag d = DIAG_INIT;
	struct rows r;
	const char *keys[2];
	int ret;

	if ((ret = cmd_case_opts("case merge", argc, argv, "f", 2, "KEEP GONE [--force]", &o,
	    keys)) != 0)
		return ret;
	if ((ret = cmd_case_find(c, "case merge", keys[0], &k)) != 0 ||
	    (ret = cmd_case_find(c, "case merge", keys[1], &g)) != 0)
		goto out;
	if ((ret = case_merge(c->ses.db, k.id, g.id, c->ses.today, o.force, &d)) != 0) {
		cli_err("jobdesk: case merge: %s%s\n", d.msg, d.reason == CASE_MERGE_MISMATCH ?
		    tr(" (then: --force)") : "");
		goto out;
	}
	cli_out("%s\t%s\n", k.id, g.id);
	/* the policies name the benefit; without them it is named by the decisions alone */
	struct diag pd = DIAG_INIT;
	if (session_load_policies(&c->ses, c->policies_dir, &pd) != 0)
		c->ses.policies = NULL;
	if (case_double_grants(c->ses.db, k.id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			const char *t[2];
			for (int w = 0; w < 2; w++) {
				const struct policy *pol = c->ses.policies != NULL ? policyset_find(c->ses.policies,
				    rows_get(&r, i, w == 0 ? DG_POLICY : DG_POLICY2)) : NULL;
				t[w] = pol == NULL ? tr("a once-only benefit") : i18n_zh() ? pol->title_zh : pol->title_en;
			}
			char title[256];
			if (strcmp(rows_get(&r, i, DG_POLICY), rows_get(&r, i, DG_POLICY2)) == 0)
				snprintf(title, sizeof title, "%s", t[0]);
			else
				snprintf(title, sizeof title, tr("%s and %s"), t[0], t[1]);
			char *item = NULL;
			if (rows_get(&r, i, DG_ITEM) != NULL &&
			    facts_row_describe(c->ses.db, rows_get(&r, i, DG_ITEM), &item, &pd) != 0)
				item = NULL;
			cli_err(tr("jobdesk: warning: %s%s%s is granted twice to %s (decisions %s "
			    "and %s); it is granted once only: a supervisor should revoke one\n"),
			    title, item != NULL ? tr(", for ") : "", item != NULL ? item : "",
			    k.name, rows_get(&r, i, DG_FIRST), rows_get(&r, i, DG_SECOND));
			free(item);
		}
		rows_free(&r);
	}
out:
	case_info_clear(&k);
	case_info_clear(&g);
	return ret;
}

/* jobdesk case close|reopen|transfer|merge ... */
int
cmd_case(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("case", "expected close, reopen, transfer or merge");
	if (strcmp(argv[1], "close") == 0)
		return cmd_case_close(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "reopen") == 0)
		return cmd_case_reopen(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "transfer") == 0)
		return cmd_case_transfer(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_case_merge(c, argc - 1, argv + 1);
	return cli_usage("case", "'%s' is not a case command; expected close, reopen, transfer or "
	    "merge", argv[1]);
}
