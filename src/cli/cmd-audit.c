/* jobdesk audit [--person KEY] [--user LOGIN] [--from D] [--to D] [--limit N]
 * [--older-than SEQ] [--format table|json]: the audit trail in readable form, newest first, a
 * page at a time: when (local time), who, the record and what happened, the columns and values
 * in the interface's language (the person screen's words, core/casefile.h); the reading is
 * core's (audit_query). JSON keeps the stored values and adds the words. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "cli/cmd-audit.h"
#include "core/audit.h"
#include "core/casefile.h"
#include "core/label.h"
#include "core/person.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Append stored text (NULL: "-") with control characters turned into spaces. */
static void
cmd_audit_clean(struct sbuf *out, const char *s)
{
	if (s == NULL)
		s = "-";
	utf8_safe(out, s, strlen(s), false);
}

/* Who wrote a row in words: the identity, and the owner's name when the owner acted as it. */
static void
cmd_audit_who(const struct rows *r, size_t i, struct sbuf *out)
{
	struct sbuf who = SBUF_INIT;

	if (rows_get(r, i, AU_ACTING_AS) != NULL)
		sbuf_addf(&who, tr("%s (by %s)"), rows_get(r, i, AU_ACTOR),
		    rows_get(r, i, AU_ACTING_AS));
	else
		sbuf_add(&who, rows_get(r, i, AU_ACTOR) ? rows_get(r, i, AU_ACTOR) : "-");
	cmd_audit_clean(out, sbuf_str(&who));
	sbuf_free(&who);
}

/* What happened in one row, in words (a line per changed column). */
static int
cmd_audit_words(struct db *db, const struct rows *r, size_t i, struct sbuf *out,
    struct diag *d)
{
	return casefile_change(db, rows_get(r, i, AU_TABLE), rows_get(r, i, AU_OP),
	    rows_get(r, i, AU_BEFORE), rows_get(r, i, AU_AFTER), out, d);
}

/* The table: one row a line (a further changed column on a line of its own below), stored text
 * cleaned of control characters. */
static int
cmd_audit_table(struct db *db, const struct rows *r, struct sbuf *out, struct diag *d)
{
	static const struct { const char *head; int w; } col[] = {
		{ N_("NO."), 6 }, { N_("TIME"), 16 }, { N_("USER"), 12 }, { N_("RECORD"), 18 },
		{ N_("KEY"), 27 }, { N_("WHAT HAPPENED"), 0 },
	};
	struct sbuf words = SBUF_INIT, cell = SBUF_INIT;
	int ret = 0, indent = 0;

	for (size_t k = 0; k < sizeof col / sizeof *col; k++) {
		utf8_fit(out, tr(col[k].head), col[k].w ? col[k].w : 40, col[k].w != 0);
		sbuf_add(out, col[k].w ? "  " : "\n");
		indent += col[k].w ? col[k].w + 2 : 0;
	}
	for (size_t i = 0; i < r->n && ret == 0; i++) {
		char when[32];
		const char *what = casefile_table_label(rows_get(r, i, AU_TABLE));
		sbuf_reset(&words);
		if ((ret = cmd_audit_words(db, r, i, &words, d)) != 0)
			break;
		utf8_fit(out, rows_get(r, i, AU_SEQ), col[0].w, true);
		sbuf_add(out, "  ");
		utf8_fit(out, label_time(rows_get(r, i, AU_AT), when, sizeof when), col[1].w, true);
		sbuf_add(out, "  ");
		sbuf_reset(&cell);
		cmd_audit_who(r, i, &cell);
		utf8_fit(out, sbuf_str(&cell), col[2].w, true);
		sbuf_add(out, "  ");
		/* a table jobdesk does not name is said as a record, never by its name */
		utf8_fit(out, what != NULL ? what : rows_get(r, i, AU_TABLE) != NULL ? tr("record") :
		    "-", col[3].w, true);
		sbuf_add(out, "  ");
		sbuf_reset(&cell);
		cmd_audit_clean(&cell, rows_get(r, i, AU_KEY));
		utf8_fit(out, sbuf_str(&cell), col[4].w, true);
		sbuf_add(out, "  ");
		const char *p = sbuf_str(&words);
		for (bool first = true; first || *p != '\0'; first = false) {
			size_t n = strcspn(p, "\n");
			sbuf_reset(&cell);
			utf8_safe(&cell, p, n, false);
			sbuf_addf(out, "%*s%s\n", first ? 0 : indent, "", sbuf_str(&cell));
			p += n + (p[n] == '\n');
		}
	}
	sbuf_free(&words);
	sbuf_free(&cell);
	return ret;
}

/* JSON for scripts: every stored field of each row (before and after as JSON values, the
 * hashes in hex), and the record and what happened in words. */
static int
cmd_audit_json(struct db *db, const struct rows *r, struct sbuf *out, struct diag *d)
{
	static const struct { const char *key; int col; } fields[] = {
		{ "at", AU_AT }, { "actor", AU_ACTOR }, { "acting_as", AU_ACTING_AS },
		{ "table", AU_TABLE }, { "row_key", AU_KEY }, { "op", AU_OP },
	};
	struct sbuf words = SBUF_INIT;
	struct json j;
	int ret = 0;

	json_init(&j, out);
	json_arr(&j);
	for (size_t i = 0; i < r->n && ret == 0; i++) {
		sbuf_reset(&words);
		if ((ret = cmd_audit_words(db, r, i, &words, d)) != 0)
			break;
		json_obj(&j);
		json_key(&j, "seq");
		json_int(&j, strtoll(rows_get(r, i, AU_SEQ), NULL, 10));
		for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
			json_key(&j, fields[k].key);
			json_str(&j, rows_get(r, i, fields[k].col));
		}
		json_key(&j, "at_ms");
		json_int(&j, strtoll(rows_get(r, i, AU_AT_MS), NULL, 10));
		json_key(&j, "before");
		json_raw_clean(&j, rows_get(r, i, AU_BEFORE_JSON));
		json_key(&j, "after");
		json_raw_clean(&j, rows_get(r, i, AU_AFTER_JSON));
		json_key(&j, "row_hash");
		json_str(&j, rows_get(r, i, AU_ROW_HASH));
		json_key(&j, "hash");
		json_str(&j, rows_get(r, i, AU_HASH));
		json_key(&j, "record");
		json_str(&j, casefile_table_label(rows_get(r, i, AU_TABLE)));
		json_key(&j, "what");
		json_str(&j, sbuf_str(&words));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	sbuf_addc(out, '\n');
	sbuf_free(&words);
	return ret;
}

/* audit [--person KEY] [--user LOGIN] [--from D] [--to D] [--limit N] [--older-than SEQ]
 * [--format table|json]. */
int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "limit", required_argument, NULL, 'l' },
		{ "older-than", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter f = { .limit = 50 };
	struct diag d = DIAG_INIT;
	const char *person = NULL;
	char why[256], *pid = NULL;
	const char *from = NULL, *to = NULL;
	int ch, fmt = 0, ret;
	long n;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': person = optarg; break;
		case 'u': f.user = optarg; break;
		case 'F':
		case 'T':
			if (date_parse(optarg, ch == 'F' ? &f.from : &f.to) != 0)
				return cli_usage("audit", "%s: '%s' is not a date; expected YYYY-MM-DD",
				    ch == 'F' ? "--from" : "--to", optarg);
			*(ch == 'F' ? &from : &to) = optarg;
			break;
		case 'l':
			if (field_int(optarg, 1, 10000, &n, why, sizeof why) != 0)
				return cli_usage("audit", "--limit %s", why);
			f.limit = (int)n;
			break;
		case 'o':
			if (field_int(optarg, 1, INT32_MAX, &n, why, sizeof why) != 0)
				return cli_usage("audit", "--older-than %s", why);
			f.older_than = n;
			break;
		case 'f':
			if ((fmt = cli_format("audit", optarg, "table|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_bad_option("audit", ch, argv, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("audit", "unexpected argument '%s'", argv[optind]);
	if (f.from > 0 && f.to > 0 && f.from > f.to)
		return cli_usage("audit", "--from %s is after --to %s", from, to);
	struct rows r = { 0 };
	struct sbuf out = SBUF_INIT;
	bool more = false;
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (person != NULL && (ret = person_resolve(c->ses.db, person, &pid, &d)) != 0))
		goto fail;
	f.person_id = pid;
	if ((ret = audit_query(c->ses.db, &f, &r, &more, &d)) != 0)
		goto fail;
	ret = fmt == 0 ? cmd_audit_table(c->ses.db, &r, &out, &d) :
	    cmd_audit_json(c->ses.db, &r, &out, &d);
	if (ret != 0)
		goto fail;
	ret = cli_write(out.s, out.len);
	/* the next page: the rows older than the last one shown */
	if (ret == 0 && more && r.n > 0)
		cli_err(tr("jobdesk: audit: older rows follow; add --older-than %s for the "
		    "next page\n"), rows_get(&r, r.n - 1, AU_SEQ));
	goto out;
fail:
	cli_err("jobdesk: audit: %s\n", d.msg);
out:
	sbuf_free(&out);
	rows_free(&r);
	free(pid);
	return ret;
}
