/* jobdesk decision list [--status S] [--person KEY] [--format table|json]: the decisions on
 * benefits, newest first; the reading is core's (decision_list).
 * jobdesk decision replay DECISION [--format text|json]: a decision evaluated again under the
 * policy files it was made under and under today's (core/replay.h), side by side with what was
 * recorded; exit 0 when the replay gives what was recorded, 65 when it does not (or the
 * archived files cannot be read or loaded), 66 when it was recorded before the files were kept.
 * jobdesk decision approve ID | reject ID --reason R | revoke ID --reason R | paid ID --on D
 * [--ref R] | paid --file F | threshold [YUAN]: four eyes on money (core/decision.h). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-decision.h"
#include "core/decision.h"
#include "core/label.h"
#include "core/notice.h"
#include "core/replay.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/json.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The statuses a decision has. */
static const char statuses[] = DECISION_STATUSES;

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
		{ "created_at", DL_CREATED_AT }, { "approved_at", DL_APPROVED_AT },
		{ "reason", DL_REASON }, { "paid_on", DL_PAID_ON }, { "payment_ref", DL_PAYMENT_REF },
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
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
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
			return cli_bad_option("decision list", ch, argv, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("decision list", "unexpected argument '%s'", argv[optind]);
	struct rows r = { 0 };
	struct sbuf out = SBUF_INIT;
	if ((ret = session_load_policies(&c->ses, c->policies_dir, &d)) != 0 ||
	    (ret = cli_db(c, false, &d)) != 0 ||
	    (ret = decision_list(c->ses.db, status, person, &r, &d)) != 0) {
		cli_err("jobdesk: decision list: %s\n", d.msg);
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

/* Append text with its control characters as spaces; "-" for none. */
static void
cmd_decision_clean(struct sbuf *out, const char *s)
{
	utf8_safe(out, s != NULL ? s : "-", s != NULL ? strlen(s) : 1, false);
}

/* The benefit's title in the interface language: as the archived files name it, else today's. */
static const char *
cmd_decision_title(const struct replay *r)
{
	const struct replay_side *s = r->archived.title_zh != NULL ? &r->archived : &r->current;

	if (s->title_zh == NULL)
		return tr("a benefit that is no longer in the policies");
	return i18n_zh() ? s->title_zh : s->title_en;
}

/* One side's outcome and amount in words, for the table ("-" when it has none). */
static void
cmd_decision_cells(const struct replay_side *s, char outcome[64], char money[64])
{
	if (s->outcome == NULL) {
		snprintf(outcome, 64, "-");
		snprintf(money, 64, "-");
		return;
	}
	snprintf(outcome, 64, "%s", label_value(s->outcome));
	if (!s->has_amount) {
		snprintf(money, 64, "%s", tr("none"));
		return;
	}
	label_money(s->amount_fen, money, 64);
	snprintf(money + strlen(money), 64 - strlen(money), " %s", tr("yuan"));
}

/* A reason as a line: its mark and its sentence in the interface language. */
static void
cmd_decision_reason(struct sbuf *out, const char *label, const struct replay_reason *rr)
{
	int w = utf8_fit(out, label, 14, true);

	sbuf_addf(out, "%*s", 16 - w, "");
	if (rr == NULL) {
		sbuf_addf(out, "%s\n", tr("(no such reason)"));
		return;
	}
	sbuf_add(out, rr->held > 0 ? tr("[met]") : rr->held == 0 ? tr("[not met]") : tr("[not known]"));
	sbuf_addc(out, ' ');
	cmd_decision_clean(out, i18n_zh() ? (rr->zh != NULL ? rr->zh : rr->en) :
	    (rr->en != NULL ? rr->en : rr->zh));
	sbuf_addc(out, '\n');
}

/* The reason of a side with an id, or NULL. */
static const struct replay_reason *
cmd_decision_find(const struct replay_side *s, const char *id)
{
	for (size_t i = 0; i < s->nreasons; i++)
		if (s->reasons[i].id != NULL && id != NULL && strcmp(s->reasons[i].id, id) == 0)
			return &s->reasons[i];
	return NULL;
}

/* Whether two reasons say the same. */
static bool
cmd_decision_same_reason(const struct replay_reason *a, const struct replay_reason *b)
{
	return a != NULL && b != NULL && a->held == b->held &&
	    strcmp(a->zh ? a->zh : "", b->zh ? b->zh : "") == 0 &&
	    strcmp(a->en ? a->en : "", b->en ? b->en : "") == 0;
}

/* The reasons of an evaluation that differ from the record, each beside the recorded one. */
static void
cmd_decision_reasons(const struct replay *r, const struct replay_side *s, const char *head,
    const char *label, struct sbuf *out)
{
	if (s->state != REPLAY_DONE || s->same_reasons)
		return;
	sbuf_addf(out, "\n%s\n", head);
	int n = 0;
	for (size_t i = 0; i < r->recorded.nreasons; i++) {
		const struct replay_reason *a = &r->recorded.reasons[i];
		const struct replay_reason *b = cmd_decision_find(s, a->id);
		if (cmd_decision_same_reason(a, b))
			continue;
		sbuf_addf(out, "%s%d.\n", n > 0 ? "\n" : "", n + 1);
		n++;
		cmd_decision_reason(out, tr("  recorded"), a);
		cmd_decision_reason(out, label, b);
		if (b != NULL && a->held == b->held && strcmp(i18n_zh() ? (a->zh ? a->zh : "") :
		    (a->en ? a->en : ""), i18n_zh() ? (b->zh ? b->zh : "") : (b->en ? b->en : "")) == 0)
			sbuf_addf(out, "%16s%s\n", "", tr("(worded differently in the other language)"));
	}
	for (size_t i = 0; i < s->nreasons; i++) {
		if (cmd_decision_find(&r->recorded, s->reasons[i].id) != NULL)
			continue;
		sbuf_addf(out, "%s%d.\n", n > 0 ? "\n" : "", n + 1);
		n++;
		cmd_decision_reason(out, tr("  recorded"), NULL);
		cmd_decision_reason(out, label, &s->reasons[i]);
	}
	if (n == 0)
		sbuf_addf(out, "  %s\n", tr("the same reasons, in another order"));
}

/* The replay as text for the counselor: what was replayed, the verdicts, the table, the reasons. */
static void
cmd_decision_replay_text(const struct replay *r, struct sbuf *out)
{
	char *line = xasprintf(tr("Decision %s: %s, %s, made on %s"), r->number, r->name != NULL ?
	    r->name : "-", cmd_decision_title(r), r->decided_on);
	cmd_decision_clean(out, line);
	sbuf_addc(out, '\n');
	free(line);
	if (r->item != NULL) {
		line = xasprintf(tr("Item: %s"), r->item);
		cmd_decision_clean(out, line);
		sbuf_addc(out, '\n');
		free(line);
	}
	sbuf_addc(out, '\n');
	const struct replay_side *a = &r->archived, *c = &r->current;
	switch (a->state) {
	case REPLAY_NO_ARCHIVE:
		sbuf_addf(out, "%s\n", tr("It cannot be replayed: it was recorded before jobdesk kept "
		    "the policy files with each decision, so the files it was made under are not known. "
		    "Its facts and reasons stay as recorded."));
		break;
	case REPLAY_NO_LOAD:
		line = xasprintf(tr("It cannot be replayed: %s"), a->why != NULL ? a->why : "-");
		cmd_decision_clean(out, line);
		sbuf_addc(out, '\n');
		free(line);
		break;
	case REPLAY_NO_POLICY:
		sbuf_addf(out, "%s\n", tr("It cannot be replayed: the policy files it was made under "
		    "do not have this benefit."));
		break;
	case REPLAY_NO_ITEM:
		sbuf_addf(out, "%s\n", tr("Under the policy files it was made under: NOT as recorded: "
		    "they give no result for this item."));
		break;
	case REPLAY_DONE:
		sbuf_addf(out, "%s\n", a->same ? tr("Under the policy files it was made under: the "
		    "same outcome, amount and reasons as recorded.") : tr("Under the policy files it "
		    "was made under: NOT as recorded (see below)."));
		break;
	}
	switch (c->state) {
	case REPLAY_NO_POLICY:
		sbuf_addf(out, "%s\n", tr("Today's policy files do not have this benefit."));
		break;
	case REPLAY_NO_ITEM:
		sbuf_addf(out, "%s\n", tr("Today's policy files would decide differently: they give "
		    "no result for this item."));
		break;
	default:
		if (c->same && r->set_hash != NULL && r->current_hash != NULL &&
		    strcmp(r->set_hash, r->current_hash) == 0)
			sbuf_addf(out, "%s\n", tr("Today's policy files are the same files: they decide "
			    "the same way."));
		else
			sbuf_addf(out, "%s\n", c->same ? tr("Today's policy files decide the same way.") :
			    tr("Today's policy files would decide differently (see below)."));
		break;
	}
	/* the table: what was recorded beside each evaluation */
	static const int w0 = 12, w = 20;
	const char *head[] = { "", tr("recorded"), tr("files then"), tr("files today") };
	const struct replay_side *sides[] = { &r->recorded, a, c };
	char cells[2][3][64];
	for (size_t k = 0; k < 3; k++)
		cmd_decision_cells(sides[k], cells[0][k], cells[1][k]);
	sbuf_addc(out, '\n');
	for (size_t k = 0; k < 4; k++)
		utf8_fit(out, head[k], k == 0 ? w0 : w, k < 3);
	sbuf_addc(out, '\n');
	const char *rows[] = { tr("outcome"), tr("amount") };
	bool starred = false;
	for (size_t i = 0; i < 2; i++) {
		utf8_fit(out, rows[i], w0, true);
		for (size_t k = 0; k < 3; k++) {
			bool differs = k > 0 && sides[k]->outcome != NULL &&
			    (i == 0 ? !sides[k]->same_outcome : !sides[k]->same_amount);
			char *cell = differs ? xasprintf("%s *", cells[i][k]) : xstrdup(cells[i][k]);
			starred |= differs;
			utf8_fit(out, cell, w, k < 2);
			free(cell);
		}
		sbuf_addc(out, '\n');
	}
	if (starred)
		sbuf_addf(out, "%s\n", tr("* not as recorded"));
	cmd_decision_reasons(r, a, tr("Reasons that differ, under the files then:"),
	    tr("  files then"), out);
	cmd_decision_reasons(r, c, tr("Reasons that differ, under today's files:"),
	    tr("  files today"), out);
}

/* The name of a side's state for scripts. */
static const char *
cmd_decision_state(const struct replay_side *s)
{
	switch (s->state) {
	case REPLAY_NO_ARCHIVE: return "no_archive";
	case REPLAY_NO_LOAD: return "cannot_load";
	case REPLAY_NO_POLICY: return "no_policy";
	case REPLAY_NO_ITEM: return "no_item";
	case REPLAY_DONE: break;
	}
	return s->same ? "same" : "different";
}

/* One side as a JSON object. */
static void
cmd_decision_side_json(struct json *j, const struct replay_side *s, bool evaluated)
{
	json_obj(j);
	if (evaluated) {
		json_key(j, "state");
		json_str(j, cmd_decision_state(s));
		json_key(j, "why");
		json_str(j, s->why);
		json_key(j, "policy_title_zh");
		json_str(j, s->title_zh);
		json_key(j, "policy_title_en");
		json_str(j, s->title_en);
	}
	json_key(j, "outcome");
	json_str(j, s->outcome);
	json_key(j, "amount_fen");
	if (s->outcome != NULL && s->has_amount)
		json_int(j, s->amount_fen);
	else
		json_null(j);
	if (evaluated) {
		json_key(j, "same_outcome");
		json_bool(j, s->state == REPLAY_DONE && s->same_outcome);
		json_key(j, "same_amount");
		json_bool(j, s->state == REPLAY_DONE && s->same_amount);
		json_key(j, "same_reasons");
		json_bool(j, s->state == REPLAY_DONE && s->same_reasons);
	}
	json_key(j, "reasons");
	json_arr(j);
	for (size_t i = 0; i < s->nreasons; i++) {
		json_obj(j);
		json_key(j, "id");
		json_str(j, s->reasons[i].id);
		json_key(j, "held");
		if (s->reasons[i].held < 0)
			json_null(j);
		else
			json_bool(j, s->reasons[i].held > 0);
		json_key(j, "zh");
		json_str(j, s->reasons[i].zh);
		json_key(j, "en");
		json_str(j, s->reasons[i].en);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* The replay as one JSON object for scripts. */
static void
cmd_decision_replay_json(const struct replay *r, struct sbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_obj(&j);
	json_key(&j, "id");
	json_str(&j, r->decision_id);
	json_key(&j, "number");
	json_str(&j, r->number);
	json_key(&j, "policy");
	json_str(&j, r->policy_id);
	json_key(&j, "decided_on");
	json_str(&j, r->decided_on);
	json_key(&j, "subject");
	json_str(&j, r->subject);
	json_key(&j, "policy_hash");
	json_str(&j, r->policy_hash);
	json_key(&j, "policy_set");
	json_str(&j, r->set_hash);
	json_key(&j, "current_set");
	json_str(&j, r->current_hash);
	json_key(&j, "replayed");
	json_bool(&j, r->archived.state == REPLAY_DONE);
	json_key(&j, "same");
	json_bool(&j, r->archived.same);
	json_key(&j, "recorded");
	cmd_decision_side_json(&j, &r->recorded, false);
	json_key(&j, "archived");
	cmd_decision_side_json(&j, &r->archived, true);
	json_key(&j, "current");
	cmd_decision_side_json(&j, &r->current, true);
	json_obj_end(&j);
	sbuf_addc(out, '\n');
}

/* decision replay DECISION [--format text|json]. */
static int
cmd_decision_replay(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct replay r;
	int ch, fmt = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((fmt = cli_format("decision replay", optarg, "text|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_bad_option("decision replay", ch, argv, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("decision replay", "expected one decision (its id or short number)");
	if ((ret = session_load_policies(&c->ses, c->policies_dir, &d)) != 0 ||
	    (ret = cli_db(c, false, &d)) != 0 ||
	    (ret = replay_run(c->ses.db, c->ses.policies, argv[optind], &r, &d)) != 0) {
		cli_err("jobdesk: decision replay: %s\n", d.msg);
		return ret;
	}
	struct sbuf out = SBUF_INIT;
	if (fmt == 0)
		cmd_decision_replay_text(&r, &out);
	else
		cmd_decision_replay_json(&r, &out);
	ret = cli_write(out.s, out.len);
	if (ret == 0)
		ret = r.archived.state == REPLAY_NO_ARCHIVE ? EX_NOINPUT : r.archived.same ? 0 :
		    EX_DATAERR;
	sbuf_free(&out);
	replay_clear(&r);
	return ret;
}

/* decision approve|reject|revoke|paid ...: one change of a decision's status, said on stdout
 * with the decision's short number and its new status. */
static int
cmd_decision_change(struct cli *c, const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "on", required_argument, NULL, 'o' },
		{ "ref", required_argument, NULL, 'f' },
		{ "file", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	const char *reason = NULL, *ref = NULL, *file = NULL;
	bool reasoned = strcmp(cmd, "reject") == 0 || strcmp(cmd, "revoke") == 0;
	bool paid = strcmp(cmd, "paid") == 0;
	char name[32];
	int ch, on = -1, ret, n = 0;

	snprintf(name, sizeof name, "decision %s", cmd);
	if ((ret = cli_empty_values(name, argc, argv, false)) != 0)
		return ret;
	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 'r' && reasoned)
			reason = optarg;
		else if (ch == 'o' && paid) {
			if (date_parse(optarg, &on) != 0)
				return cli_usage(name, "--on %s: expected a date YYYY-MM-DD", optarg);
		} else if (ch == 'f' && paid)
			ref = optarg;
		else if (ch == 'F' && paid)
			file = optarg;
		else
			return cli_bad_option(name, ch, argv, reasoned ? "--reason R" : paid ?
			    "--on D, --ref R or --file F" : NULL);
	}
	if (file != NULL && (optind != argc || on >= 0 || ref != NULL))
		return cli_usage(name, "--file F takes no decision, --on or --ref: the file gives them");
	if (file == NULL && optind + 1 != argc)
		return cli_usage(name, "expected one decision (its id or short number)");
	if (reasoned && reason == NULL)
		return cli_usage(name, "--reason is required: say why");
	if (paid && file == NULL && on < 0)
		return cli_usage(name, "--on D is required: the day it was paid");
	if ((ret = cli_db(c, false, &d)) == 0) {
		const char *key = file == NULL ? argv[optind] : NULL;
		switch (cmd[2]) {
		case 'p': ret = decision_approve(c->ses.db, key, &d); break;  /* approve */
		case 'j': ret = decision_reject(c->ses.db, key, reason, &d); break;  /* reject */
		case 'v': ret = decision_revoke(c->ses.db, key, reason, &d); break;  /* revoke */
		default:
			ret = file != NULL ? decision_paid_file(c->ses.db, file, c->ses.today, &n, &d) :
			    decision_paid(c->ses.db, key, on, ref, c->ses.today, &d);
			break;
		}
	}
	if (ret != 0) {
		cli_err("jobdesk: %s: %s\n", name, d.msg);
		return ret;
	}
	if (file != NULL) {
		cli_out(trn("recorded %d payment\n", "recorded %d payments\n", n), n);
		return 0;
	}
	char num[NOTICE_NUMBER_LEN];
	char *id = NULL;
	if (notice_resolve(c->ses.db, argv[optind], &id, &d) == 0)
		notice_number(id, num);
	else
		snprintf(num, sizeof num, "-");
	free(id);
	static const char *const now[] = { "approved", "rejected", "revoked", "paid" };
	cli_out("%s\t%s\n", num, label_value(now[cmd[2] == 'p' ? 0 : cmd[2] == 'j' ? 1 :
	    cmd[2] == 'v' ? 2 : 3]));
	return 0;
}

/* decision threshold [YUAN]: the office's threshold below which an amount needs no approval,
 * shown, or set (0: every amount needs approval). */
static int
cmd_decision_threshold(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	int64_t fen = 0;
	char money[32];
	int ret;

	if (argc > 2)
		return cli_usage("decision threshold", "expected at most one amount in yuan");
	if (argc == 2) {
		char *end;
		double yuan = strtod(argv[1], &end);
		if (end == argv[1] || *end != '\0' || yuan < 0 || yuan > 1e9)
			return cli_usage("decision threshold", "%s: expected an amount in yuan, 0 or "
			    "more (as 500 or 500.50)", argv[1]);
		fen = (int64_t)(yuan * 100 + 0.5);
	}
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = argc == 2 ? decision_set_threshold(c->ses.db, fen, &d) :
	    decision_threshold(c->ses.db, &fen, &d)) != 0) {
		cli_err("jobdesk: decision threshold: %s\n", d.msg);
		return ret;
	}
	label_money(fen, money, sizeof money);
	if (fen == 0)
		cli_out("%s\n", tr("every amount needs approval (threshold 0)"));
	else
		cli_out(tr("amounts below %s yuan are approved at once\n"), money);
	return 0;
}

/* jobdesk decision SUBCOMMAND ... */
int
cmd_decision(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("decision", "expected list, approve, reject, revoke, paid, threshold "
		    "or replay");
	if (strcmp(argv[1], "list") == 0)
		return cmd_decision_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "replay") == 0)
		return cmd_decision_replay(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "threshold") == 0)
		return cmd_decision_threshold(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "approve") == 0 || strcmp(argv[1], "reject") == 0 ||
	    strcmp(argv[1], "revoke") == 0 || strcmp(argv[1], "paid") == 0)
		return cmd_decision_change(c, argv[1], argc - 1, argv + 1);
	return cli_usage("decision", "'%s' is not a decision command; expected list, approve, "
	    "reject, revoke, paid, threshold or replay", argv[1]);
}
