/* jobdesk report caseload|followups|weekly|decisions|money|payments|pending [--office O]
 * [--from D] [--to D] [--format table|csv|json]: the supervisor's figures (core/report.h),
 * said in the interface's language in a table and in CSV (headings and values: a policy by its
 * title, money in yuan, a decision by its short number; CSV through the formula-safe cell
 * writer, the ID number whole for finance), and as stored values in JSON for scripts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-report.h"
#include "core/report.h"
#include "policy/policyset.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/utf8.h"

/* The width of a column in the table: its kind's, or its heading's when wider. */
static int
cmd_report_width(const struct report_col *col)
{
	int w, head = utf8_width(tr(col->head));

	switch (col->kind) {
	case REPORT_POLICY: w = 30; break;
	case REPORT_IDNUMBER: w = 18; break;
	case REPORT_COUNT: w = 6; break;
	case REPORT_FEN: w = 12; break;
	default: w = 10; break;
	}
	return head > w ? head : w;
}

/* The report as a table: headings, then a line a row, ID numbers masked. */
static void
cmd_report_table(const struct policyset *ps, const struct report *r, struct sbuf *out)
{
	char buf[64];

	for (int k = 0; k < r->ncol; k++) {
		utf8_fit(out, tr(r->cols[k].head), cmd_report_width(&r->cols[k]), k + 1 < r->ncol);
		sbuf_add(out, k + 1 < r->ncol ? "  " : "\n");
	}
	for (size_t i = 0; i < r->rows.n; i++)
		for (int k = 0; k < r->ncol; k++) {
			utf8_fit(out, report_word(ps, r->cols[k].kind, rows_get(&r->rows, i, k), true,
			    buf, sizeof buf), cmd_report_width(&r->cols[k]), k + 1 < r->ncol);
			sbuf_add(out, k + 1 < r->ncol ? "  " : "\n");
		}
	if (r->rows.n == 0)
		sbuf_addf(out, "%s\n", tr("(nothing in this report)"));
}

/* The report as CSV in the interface's language: ID numbers whole, kept as text. */
static void
cmd_report_csv(const struct policyset *ps, const struct report *r, struct sbuf *out)
{
	char buf[64];

	for (int k = 0; k < r->ncol; k++)
		csv_cell(out, tr(r->cols[k].head), k == 0);
	sbuf_addc(out, '\n');
	for (size_t i = 0; i < r->rows.n; i++) {
		for (int k = 0; k < r->ncol; k++) {
			const char *v = rows_get(&r->rows, i, k);
			if (r->cols[k].kind == REPORT_IDNUMBER && v != NULL)
				csv_cell_text(out, v, k == 0);
			else
				csv_cell(out, v == NULL ? "" : report_word(ps, r->cols[k].kind, v, false,
				    buf, sizeof buf), k == 0);
		}
		sbuf_addc(out, '\n');
	}
}

/* The report as JSON: what it covers and its rows as stored (codes, fen as integers). */
static void
cmd_report_json(const struct report *r, const char *kind, const struct report_filter *f,
    struct sbuf *out)
{
	struct json j;
	char today[11];

	json_init(&j, out);
	json_obj(&j);
	json_key(&j, "report");
	json_str(&j, kind);
	json_key(&j, "office");
	json_str(&j, f->office);
	json_key(&j, "from");
	json_str(&j, f->from);
	json_key(&j, "to");
	json_str(&j, f->to);
	json_key(&j, "today");
	json_str(&j, date_format(f->today, today));
	json_key(&j, "rows");
	json_arr(&j);
	for (size_t i = 0; i < r->rows.n; i++) {
		json_obj(&j);
		for (int k = 0; k < r->ncol; k++) {
			const char *v = rows_get(&r->rows, i, k);
			json_key(&j, r->cols[k].key);
			if (v != NULL && (r->cols[k].kind == REPORT_COUNT || r->cols[k].kind == REPORT_FEN))
				json_int(&j, strtoll(v, NULL, 10));
			else
				json_str(&j, v);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	sbuf_addc(out, '\n');
}

/* A date option: YYYY-MM-DD (as a counselor types it) into buf, or a usage error. */
static int
cmd_report_date(const char *opt, const char *v, char buf[11])
{
	int days;

	if (date_parse(v, &days) != 0)
		return cli_usage("report", "%s %s: expected a date YYYY-MM-DD", opt, v);
	date_format(days, buf);
	return 0;
}

/* jobdesk report KIND [--office O] [--from D] [--to D] [--format table|csv|json]. */
int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_filter f = { .today = c->ses.today };
	struct diag d = DIAG_INIT;
	char from[11], to[11];
	int ch, fmt = 0, ret;

	if (argc < 2 || report_kind_parse(argv[1]) < 0)
		return cli_usage("report", "expected one of %s", report_kind_names());
	if ((ret = cli_empty_values("report", argc, argv, false)) != 0)
		return ret;
	optind = 0;  /* 0 makes glibc getopt start afresh; argv + 1 begins with the kind */
	while ((ch = getopt_long(argc - 1, argv + 1, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': f.office = optarg; break;
		case 'f':
			if (cmd_report_date("--from", optarg, from) != 0)
				return EX_USAGE;
			f.from = from;
			break;
		case 't':
			if (cmd_report_date("--to", optarg, to) != 0)
				return EX_USAGE;
			f.to = to;
			break;
		case 'F':
			if ((fmt = cli_format("report", optarg, "table|csv|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_bad_option("report", ch, argv + 1, NULL);
		}
	}
	if (optind != argc - 1)
		return cli_usage("report", "unexpected argument '%s'", argv[optind + 1]);
	if (f.from != NULL && f.to != NULL && strcmp(f.from, f.to) > 0)
		return cli_usage("report", "--from %s is after --to %s", f.from, f.to);
	struct report r = { 0 };
	const struct policyset *ps = NULL;
	enum report_kind kind = (enum report_kind)report_kind_parse(argv[1]);
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = report_run(c->ses.db, kind, &f, &r, &d)) != 0) {
		cli_err("jobdesk: report: %s\n", d.msg);
		report_free(&r);
		return ret;
	}
	/* the titles of the policies: their ids when the files cannot be loaded */
	if (fmt != 2 && session_load_policies(&c->ses, c->policies_dir, &d) == 0)
		ps = c->ses.policies;
	struct sbuf out = SBUF_INIT;
	if (fmt == 0)
		cmd_report_table(ps, &r, &out);
	else if (fmt == 1)
		cmd_report_csv(ps, &r, &out);
	else
		cmd_report_json(&r, argv[1], &f, &out);
	ret = cli_write(out.s, out.len);
	sbuf_free(&out);
	report_free(&r);
	return ret;
}
