/* jobdesk sync conflicts [--all] [--format table|json] | sync resolve ID --keep mine|theirs:
 * the conflicts another office's changes left held aside, in words (the history's labels and
 * values), and a supervisor's choice between the two offices' values. The rules are core's
 * (core/syncapply.h). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "cli/cmd-conflicts.h"
#include "core/casefile.h"
#include "core/label.h"
#include "core/syncapply.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Append stored text (NULL: "-") cut or padded to cols columns, control characters made safe. */
static void
cmd_conflicts_cell(struct sbuf *out, const char *s, int cols)
{
	struct sbuf clean = SBUF_INIT;

	if (s == NULL)
		s = "-";
	utf8_safe(&clean, s, strlen(s), false);
	utf8_fit(out, sbuf_str(&clean), cols, true);
	sbuf_free(&clean);
}

/* Who and when on one side in words: "li (2018-03-02 09:15)", "-" when unknown. */
static void
cmd_conflicts_side(struct sbuf *out, const char *by, const char *at)
{
	char when[32];

	sbuf_addf(out, "%s", by != NULL ? by : "-");
	if (at != NULL)
		sbuf_addf(out, " (%s)", label_time(at, when, sizeof when));
}

/* The table: a conflict a block, its words indented below its line. */
static int
cmd_conflicts_table(struct db *db, const struct rows *r, struct sbuf *out, struct diag *d)
{
	static const struct { const char *head; int w; } col[] = {
		{ N_("NO."), 6 }, { N_("NAME"), 12 }, { N_("FROM OFFICE"), 12 }, { N_("HELD"), 16 },
		{ N_("STATUS"), 0 },
	};
	struct sbuf words = SBUF_INIT, cell = SBUF_INIT;
	int ret = 0;

	for (size_t k = 0; k < sizeof col / sizeof *col; k++) {
		utf8_fit(out, tr(col[k].head), col[k].w ? col[k].w : 20, col[k].w != 0);
		sbuf_add(out, col[k].w ? "  " : "\n");
	}
	for (size_t i = 0; i < r->n && ret == 0; i++) {
		char when[32];
		sbuf_reset(&words);
		if ((ret = syncapply_words(db, r, i, &words, d)) != 0)
			break;
		cmd_conflicts_cell(out, rows_get(r, i, SA_ID), col[0].w);
		sbuf_add(out, "  ");
		cmd_conflicts_cell(out, rows_get(r, i, SA_NAME), col[1].w);
		sbuf_add(out, "  ");
		cmd_conflicts_cell(out, rows_get(r, i, SA_FROM), col[2].w);
		sbuf_add(out, "  ");
		utf8_fit(out, label_time(rows_get(r, i, SA_HELD_AT), when, sizeof when), col[3].w,
		    true);
		sbuf_add(out, "  ");
		if (strcmp(rows_get(r, i, SA_STATUS), "open") == 0)
			sbuf_add(out, tr("awaiting a choice"));
		else
			sbuf_addf(out, tr("kept %s by %s"), strcmp(rows_get(r, i, SA_KEPT), "mine") == 0 ?
			    tr("this office's") : tr("the other office's"),
			    rows_get(r, i, SA_RESOLVED_BY));
		sbuf_addc(out, '\n');
		const char *p = sbuf_str(&words);
		while (*p != '\0') {
			size_t n = strcspn(p, "\n");
			sbuf_reset(&cell);
			utf8_safe(&cell, p, n, false);
			sbuf_addf(out, "        %s\n", sbuf_str(&cell));
			p += n + (p[n] == '\n');
		}
		sbuf_reset(&cell);
		sbuf_addf(&cell, "%s ", tr("here:"));
		cmd_conflicts_side(&cell, rows_get(r, i, SA_MINE_BY), rows_get(r, i, SA_MINE_AT));
		sbuf_addf(&cell, "; %s ", tr("there:"));
		/* the other side's who: the row's maker when it came as a new row, else its office */
		cmd_conflicts_side(&cell, rows_get(r, i, SA_THEIRS_BY) != NULL ?
		    rows_get(r, i, SA_THEIRS_BY) : rows_get(r, i, SA_FROM), rows_get(r, i, SA_THEIRS_AT));
		sbuf_add(out, "        ");
		utf8_safe(out, sbuf_str(&cell), cell.len, false);
		sbuf_addc(out, '\n');
	}
	sbuf_free(&words);
	sbuf_free(&cell);
	return ret;
}

/* JSON for scripts: every stored field (fields, mine and theirs as JSON values) and the words. */
static int
cmd_conflicts_json(struct db *db, const struct rows *r, struct sbuf *out, struct diag *d)
{
	static const struct { const char *key; int col; } text[] = {
		{ "kind", SA_KIND }, { "table", SA_TABLE }, { "row_key", SA_KEY },
		{ "person_id", SA_PERSON }, { "name", SA_NAME }, { "local_key", SA_LOCAL },
		{ "mine_by", SA_MINE_BY }, { "mine_at", SA_MINE_AT }, { "theirs_by", SA_THEIRS_BY },
		{ "theirs_at", SA_THEIRS_AT }, { "from_office", SA_FROM }, { "bundle", SA_BUNDLE },
		{ "held_at", SA_HELD_AT }, { "status", SA_STATUS }, { "kept", SA_KEPT },
		{ "resolved_by", SA_RESOLVED_BY }, { "resolved_at", SA_RESOLVED_AT },
	};
	static const struct { const char *key; int col; } raw[] = {
		{ "fields", SA_FIELDS }, { "mine", SA_MINE }, { "theirs", SA_THEIRS },
	};
	struct sbuf words = SBUF_INIT;
	struct json j;
	int ret = 0;

	json_init(&j, out);
	json_arr(&j);
	for (size_t i = 0; i < r->n && ret == 0; i++) {
		sbuf_reset(&words);
		if ((ret = syncapply_words(db, r, i, &words, d)) != 0)
			break;
		json_obj(&j);
		json_key(&j, "id");
		json_int(&j, strtoll(rows_get(r, i, SA_ID), NULL, 10));
		json_key(&j, "held_with");
		if (rows_get(r, i, SA_PARENT) != NULL)
			json_int(&j, strtoll(rows_get(r, i, SA_PARENT), NULL, 10));
		else
			json_null(&j);
		for (size_t k = 0; k < sizeof text / sizeof *text; k++) {
			json_key(&j, text[k].key);
			json_str(&j, rows_get(r, i, text[k].col));
		}
		for (size_t k = 0; k < sizeof raw / sizeof *raw; k++) {
			json_key(&j, raw[k].key);
			if (rows_get(r, i, raw[k].col) != NULL)
				json_raw_clean(&j, rows_get(r, i, raw[k].col));
			else
				json_null(&j);
		}
		json_key(&j, "words");
		json_str(&j, sbuf_str(&words));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	sbuf_addc(out, '\n');
	sbuf_free(&words);
	return ret;
}

/* sync conflicts [--all] [--format table|json]. */
int
cmd_sync_conflicts(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct rows r = { 0 };
	struct sbuf out = SBUF_INIT;
	bool all = false;
	int ch, fmt = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 'a') {
			all = true;
		} else if (ch == 'f') {
			if ((fmt = cli_format("sync conflicts", optarg, "table|json")) < 0)
				return EX_USAGE;
		} else {
			return cli_bad_option("sync conflicts", ch, argv, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("sync conflicts", "unexpected argument '%s'", argv[optind]);
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = syncapply_list(c->ses.db, all, &r, &d)) != 0)
		goto fail;
	if (fmt == 0 && r.n == 0) {
		cli_out("%s\n", tr("no conflicts are held"));
		goto out;
	}
	ret = fmt == 0 ? cmd_conflicts_table(c->ses.db, &r, &out, &d) :
	    cmd_conflicts_json(c->ses.db, &r, &out, &d);
	if (ret != 0)
		goto fail;
	ret = cli_write(out.s, out.len);
	goto out;
fail:
	cli_err("jobdesk: sync conflicts: %s\n", d.msg);
out:
	sbuf_free(&out);
	rows_free(&r);
	return ret;
}

/* sync resolve ID --keep mine|theirs. */
int
cmd_sync_resolve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keep", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage[] = "ID --keep mine|theirs";
	struct diag d = DIAG_INIT;
	const char *keep = NULL;
	char why[256];
	long id;
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'k')
			return cli_bad_option("sync resolve", ch, argv, usage);
		keep = optarg;
	}
	if (argc - optind != 1)
		return cli_usage("sync resolve", "expected %s", usage);
	if (field_int(argv[optind], 1, 2147483647, &id, why, sizeof why) != 0)
		return cli_usage("sync resolve", "ID %s (the number sync conflicts lists)", why);
	if (keep == NULL || (strcmp(keep, "mine") != 0 && strcmp(keep, "theirs") != 0))
		return cli_usage("sync resolve", "--keep mine (this office's values) or --keep "
		    "theirs (the other office's) is required");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = syncapply_resolve(c->ses.db, id, strcmp(keep, "theirs") == 0, &d)) != 0) {
		cli_err("jobdesk: sync resolve: %s\n", d.msg);
		return ret;
	}
	cli_out("%ld\t%s\n", id, keep);
	return 0;
}
