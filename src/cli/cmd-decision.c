/* jobdesk decision list [--status S] [--person KEY] [--format table|json]: the decisions on
 * benefits, newest first; the reading is core's (decision_list). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-decision.h"
#include "core/decision.h"
#include "core/label.h"
#include "policy/policyset.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/json.h"
#include "util/utf8.h"

/* The statuses a decision has. */
static const char statuses[] = "proposed|approved|rejected|revoked";

/* A decision's amount in yuan ("960.00"), or "-" when it has none. */
static void
cmd_decision_money(const char *fen, char *out, size_t len)
{
	if (fen == NULL)
		snprintf(out, len, "-");
	else
		label_money(strtoll(fen, NULL, 10), out, len);
}

/* The table: one line a decision, with the ID number masked. */
static void
cmd_decision_table(const struct policyset *ps, const struct rows *r, struct sbuf *out)
{
	static const struct { const char *head; int w; } col[] = {
		{ N_("DECISION"), 28 }, { N_("DATE"), 10 }, { N_("NAME"), 10 },
		{ N_("ID NUMBER"), 18 }, { N_("BENEFIT"), 30 }, { N_("ITEM"), 40 },
		{ N_("YUAN"), 10 }, { N_("STATUS"), 8 }, { N_("COUNSELOR"), 0 },
	};
	for (size_t k = 0; k < sizeof col / sizeof *col; k++) {
		utf8_fit(out, tr(col[k].head), col[k].w ? col[k].w : 32, col[k].w != 0);
		sbuf_add(out, col[k].w ? "  " : "\n");
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct policy *p = policyset_find(ps, rows_get(r, i, DL_POLICY));
		char masked[19], money[32];
		idnum_mask(rows_get(r, i, DL_ID_NUMBER), masked);
		cmd_decision_money(rows_get(r, i, DL_AMOUNT), money, sizeof money);
		const char *cells[] = { rows_get(r, i, DL_ID), rows_get(r, i, DL_ON),
		    rows_get(r, i, DL_NAME), masked, p != NULL ? (i18n_zh() ? p->title_zh :
		    p->title_en) : rows_get(r, i, DL_POLICY), rows_get(r, i, DL_ITEM) ?
		    rows_get(r, i, DL_ITEM) : "-", money, label_value(rows_get(r, i, DL_STATUS)),
		    rows_get(r, i, DL_COUNSELOR) };
		for (size_t k = 0; k < sizeof col / sizeof *col; k++) {
			if (col[k].w == 0) {
				sbuf_addf(out, "%s\n", cells[k] ? cells[k] : "-");
				break;
			}
			utf8_fit(out, cells[k] ? cells[k] : "-", col[k].w, true);
			sbuf_add(out, "  ");
		}
	}
}

/* JSON for scripts: an array of every field of each decision, the ID number in full. */
static void
cmd_decision_json(const struct policyset *ps, const struct rows *r, struct sbuf *out)
{
	static const struct { const char *key; int col; } fields[] = {
		{ "id", DL_ID }, { "decided_on", DL_ON }, { "person_id", DL_PERSON_ID },
		{ "name", DL_NAME }, { "id_number", DL_ID_NUMBER }, { "policy", DL_POLICY },
		{ "subject", DL_SUBJECT }, { "subject_key", DL_SUBJECT_KEY }, { "item", DL_ITEM },
		{ "outcome", DL_OUTCOME }, { "status", DL_STATUS }, { "counselor", DL_COUNSELOR },
		{ "approved_by", DL_APPROVED_BY }, { "policy_hash", DL_POLICY_HASH },
		{ "created_at", DL_CREATED_AT },
	};
	struct json j;

	json_init(&j, out);
	json_arr(&j);
	for (size_t i = 0; i < r->n; i++) {
		const struct policy *p = policyset_find(ps, rows_get(r, i, DL_POLICY));
		json_obj(&j);
		for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
			json_key(&j, fields[k].key);
			json_str(&j, rows_get(r, i, fields[k].col));
		}
		json_key(&j, "amount_fen");
		if (rows_get(r, i, DL_AMOUNT) != NULL)
			json_int(&j, strtoll(rows_get(r, i, DL_AMOUNT), NULL, 10));
		else
			json_null(&j);
		json_key(&j, "policy_title_zh");
		json_str(&j, p != NULL ? p->title_zh : NULL);
		json_key(&j, "policy_title_en");
		json_str(&j, p != NULL ? p->title_en : NULL);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	sbuf_addc(out, '\n');
}

/* decision list [--status S] [--person KEY] [--format table|json]. */
static int
cmd_decision_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "person", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	const char *status = NULL, *person = NULL;
	char why[256];
	int ch, fmt = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (field_enum(optarg, statuses, why, sizeof why) != 0)
				return cli_usage("decision list", "--status %s", why);
			status = optarg;
			break;
		case 'p': person = optarg; break;
		case 'f':
			if ((fmt = cli_format("decision list", optarg, "table|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_usage("decision list", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("decision list", "unexpected argument '%s'", argv[optind]);
	struct rows r = { 0 };
	struct sbuf out = SBUF_INIT;
	if ((ret = session_load_policies(&c->ses, c->policies_dir, &d)) != 0 ||
	    (ret = cli_db(c, false, &d)) != 0 ||
	    (ret = decision_list(c->ses.db, status, person, &r, &d)) != 0) {
		fprintf(stderr, "jobdesk: decision list: %s\n", d.msg);
		rows_free(&r);
		return ret;
	}
	if (fmt == 0)
		cmd_decision_table(c->ses.policies, &r, &out);
	else
		cmd_decision_json(c->ses.policies, &r, &out);
	ret = cli_write(out.s, out.len);
	sbuf_free(&out);
	rows_free(&r);
	return ret;
}

/* jobdesk decision SUBCOMMAND ... */
int
cmd_decision(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("decision", "expected list");
	if (strcmp(argv[1], "list") == 0)
		return cmd_decision_list(c, argc - 1, argv + 1);
	return cli_usage("decision", "'%s' is not a decision command; expected list", argv[1]);
}
