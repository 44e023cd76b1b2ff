/* A printable notice of one decision: gathered in one query over the decision, the person, the
 * users and the office, with the policy's title and measure from the loaded set; rendered as
 * plain text measured in display columns or as one HTML page with an A4 print stylesheet. */
#include "core/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/facts.h"
#include "core/label.h"
#include "policy/policyset.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The alphabet of keys (db_new_key): Crockford's base 32, without I, L, O and U. */
static const char notice_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The policies paid to a unit rather than the person (CONTRACT s.2), and the fact of the
 * subject item that names the unit. */
static const struct {
	const char *policy, *unit;
} notice_host_paid[] = {
	{ "internship-subsidy", "host" },
};

/* Columns of the labels of the plain text (at least, at most), and of a whole line. */
enum { NOTICE_LABEL_W = 16, NOTICE_LABEL_MAX = 24, NOTICE_W = 80 };

/* The short number of a decision id: its last 8 characters, grouped 4 and 4. */
void
notice_number(const char *decision_id, char out[NOTICE_NUMBER_LEN])
{
	size_t len = strlen(decision_id);
	const char *tail = len > 8 ? decision_id + len - 8 : decision_id;
	char eight[9];

	snprintf(eight, sizeof eight, "%-8s", tail);
	/* only letters and digits: the number also names a file */
	for (int i = 0; i < 8; i++) {
		if (eight[i] >= 'a' && eight[i] <= 'z')
			eight[i] = (char)(eight[i] - 'a' + 'A');
		if (!((eight[i] >= '0' && eight[i] <= '9') || (eight[i] >= 'A' && eight[i] <= 'Z')))
			eight[i] = '0';
	}
	snprintf(out, NOTICE_NUMBER_LEN, "%.4s-%.4s", eight, eight + 4);
}

/* Read a short number as typed into its 8 characters. */
bool
notice_number_parse(const char *text, char out[9])
{
	const char *p = text;
	int n = 0;

	while (*p) {
		uint32_t c = utf8_next(&p);
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;  /* full-width forms of an input method */
		else if (c == 0x3000)
			c = ' ';
		if (c == '-' || c == ' ' || c == 0x2014 || c == 0x2013)
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (c > 0x7f || c == 0 || strchr(notice_alphabet, (int)c) == NULL || n == 8)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == 8;
}

/* The decision id a key names: the id itself, or a short number of exactly one decision. */
int
notice_resolve(struct db *db, const char *key, char **id, struct diag *d)
{
	char eight[9];
	int ret;

	*id = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM decision WHERE id = ?1");
	db_bind_text(st, 1, key);
	if ((ret = db_step(st, "reading the decision", d)) == DB_ROW)
		*id = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	if (ret != DB_ROW && ret != DB_DONE)
		return ret;
	if (*id != NULL)
		return 0;
	if (!notice_number_parse(key, eight))
		return diag_set(d, EX_DATAERR, "no decision %s: give a decision id (decision list) or "
		    "its short number, as XXXX-XXXX", key);
	struct sbuf all = SBUF_INIT;
	int n = 0;
	st = db_prepare(db, "SELECT id FROM decision WHERE substr(id, -8) = ?1 ORDER BY id");
	db_bind_text(st, 1, eight);
	while ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		if (n++ == 0)
			*id = xstrdup(db_col_text(st, 0));
		sbuf_addf(&all, "%s%s", n > 1 ? ", " : "", db_col_text(st, 0));
	}
	db_finalize(st);
	if (ret == 0 && n == 0)
		ret = diag_set(d, EX_DATAERR, "no decision %s: give a decision id (decision list) or "
		    "its short number, as XXXX-XXXX", key);
	else if (ret == 0 && n > 1)
		ret = diag_set(d, EX_DATAERR, "%s is the short number of %d decisions: give the whole "
		    "id of one: %s", key, n, sbuf_str(&all));
	if (ret != 0) {
		free(*id);
		*id = NULL;
	}
	sbuf_free(&all);
	return ret;
}

/* The newest decision on one benefit of a person, a live one first. */
int
notice_decision_for(struct db *db, const char *person_id, const char *policy_id,
    const char *subject, char **id, struct diag *d)
{
	char *key = NULL;
	int ret;

	*id = NULL;
	/* an item no longer in the facts has no decision to find */
	if (subject != NULL && facts_subject_key(db, person_id, subject, &key, d) != 0) {
		diag_clear(d);
		return 0;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id FROM decision WHERE person_id = ?1 AND "
	    "policy_id = ?2 AND subject_key IS ?3 ORDER BY status IN ('proposed', 'approved', 'paid', "
	    "'decided') DESC, "
	    "decided_on DESC, created_at DESC, id DESC LIMIT 1");
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, policy_id);
	db_bind_text(st, 3, key);
	if ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		*id = xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_finalize(st);
	free(key);
	return ret;
}

/* The status of a decision in words. */
const char *
notice_status(const char *status)
{
	if (status == NULL || strcmp(status, "proposed") == 0)
		return tr("awaiting approval");
	if (strcmp(status, "approved") == 0)
		return tr("approved");
	if (strcmp(status, "rejected") == 0)
		return tr("rejected");
	if (strcmp(status, "revoked") == 0)
		return tr("revoked");
	if (strcmp(status, "decided") == 0)
		return tr("decided");
	if (strcmp(status, "paid") == 0)
		return tr("paid");
	return tr("status not known");
}

/* The unit fact of a policy paid to a unit, or NULL when the person is paid. */
static const char *
notice_unit_fact(const char *policy_id)
{
	for (size_t i = 0; i < sizeof notice_host_paid / sizeof *notice_host_paid; i++)
		if (strcmp(notice_host_paid[i].policy, policy_id) == 0)
			return notice_host_paid[i].unit;
	return NULL;
}

/* The name of the unit paid, from the facts the decision recorded: the field `unit` of the
 * decision's subject item ("internships[0]"). */
static int
notice_unit(struct db *db, struct notice *n, const char *unit, struct diag *d)
{
	int ret;

	struct db_stmt *st = db_prepare(db, "SELECT CASE WHEN subject GLOB '[a-z_]*[[][0-9]*[]]' "
	    "AND json_valid(facts_json) THEN json_extract(facts_json, '$.' || subject || '.' || ?2) "
	    "END FROM decision WHERE id = ?1");
	db_bind_text(st, 1, n->decision_id);
	db_bind_text(st, 2, unit);
	if ((ret = db_step(st, "reading the decision's facts", d)) == DB_ROW) {
		n->payee = xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_finalize(st);
	return ret;
}

/* Read the reasons the decision recorded, in the interface language. */
static int
notice_reasons(struct db *db, const char *json, struct notice *n, struct diag *d)
{
	size_t cap = 0;
	int ret;

	struct db_stmt *st = db_prepare(db, "SELECT json_extract(value, '$.held'), "
	    "json_extract(value, '$.zh'), json_extract(value, '$.en') FROM json_each(?1) "
	    "WHERE json_valid(?1) ORDER BY key");
	db_bind_text(st, 1, json);
	while ((ret = db_step(st, "reading the decision's reasons", d)) == DB_ROW) {
		const char *text = db_col_text(st, i18n_zh() ? 1 : 2);
		if (text == NULL)
			text = db_col_text(st, i18n_zh() ? 2 : 1);
		if (text == NULL)
			continue;
		if (n->nreasons == cap) {
			cap = cap ? cap * 2 : 8;
			n->reasons = xreallocarray(n->reasons, cap, sizeof *n->reasons);
		}
		n->reasons[n->nreasons].text = xstrdup(text);
		n->reasons[n->nreasons].held = db_col_null(st, 0) ? -1 : db_col_int(st, 0) != 0;
		n->nreasons++;
	}
	db_finalize(st);
	return ret;
}

/* Take what the loaded policy says: its title, its measure and the text it quotes. */
static void
notice_policy(const struct policyset *ps, const char *policy_id, struct notice *n)
{
	const struct policy *p = ps != NULL ? policyset_find(ps, policy_id) : NULL;

	if (p == NULL)
		return;
	n->title = xstrdup(i18n_zh() ? p->title_zh : p->title_en);
	n->measure = xstrdup(p->measure);
	n->measure_text = xstrdup(p->text);
	if (p->nalso > 0) {
		struct sbuf b = SBUF_INIT;
		for (size_t i = 0; i < p->nalso; i++)
			sbuf_addf(&b, "%s(%s) %s", i ? "\n" : "", p->also[i].measure,
			    p->also[i].text ? p->also[i].text : "");
		n->also = sbuf_take(&b);
	}
}

/* The notice is about to go out with the full ID number: the showing recorded, or the number
 * masked for a role that may not see it. */
int
notice_show_id(struct db *db, struct notice *n, struct diag *d)
{
	int ret = n->id_number != NULL ? role_show_id(db, n->person_id, d) : 0;

	if (ret != 0) {
		char masked[19];
		idnum_mask(n->id_number, masked);
		free(n->id_number);
		n->id_number = xstrdup(masked);
	}
	return ret;
}

/* Gather the notice of a decision. */
int
notice_load(struct db *db, const struct policyset *ps, const char *decision_id,
    struct notice *n, struct diag *d)
{
	enum { C_ID, C_NAME, C_IDNUM, C_POLICY, C_ON, C_SUBJECT_KEY, C_AMOUNT, C_STATUS,
	    C_COUNSELOR, C_REVIEWER, C_OFFICE, C_REASONS, C_PERSON };
	int ret;

	memset(n, 0, sizeof *n);
	struct db_stmt *st = db_prepare(db, "SELECT d.id, p.name, p.id_number, d.policy_id, "
	    "d.decided_on, d.subject_key, d.amount_fen, d.status, "
	    "COALESCE((SELECT display_name FROM app_user WHERE login = d.counselor), d.counselor), "
	    "COALESCE((SELECT display_name FROM app_user WHERE login = d.approved_by), d.approved_by), "
	    "COALESCE((SELECT name FROM office WHERE id = p.office_id), (SELECT name FROM office "
	    "WHERE code = (SELECT value FROM setting WHERE key = 'office_code')), (SELECT value FROM "
	    "setting WHERE key = 'office_name')), d.reasons_json, d.person_id "
	    "FROM decision d JOIN person p ON p.id = d.person_id WHERE d.id = ?1");
	char *policy_id = NULL, *subject_key = NULL, *reasons = NULL, *pid = NULL;
	db_bind_text(st, 1, decision_id);
	if ((ret = db_step(st, "reading the decision", d)) == DB_ROW) {
		n->decision_id = xstrdup(db_col_text(st, C_ID));
		n->name = xstrdup(db_col_text(st, C_NAME));
		n->id_number = xstrdup(db_col_text(st, C_IDNUM));
		policy_id = xstrdup(db_col_text(st, C_POLICY));
		n->decided_on = xstrdup(db_col_text(st, C_ON));
		subject_key = xstrdup(db_col_text(st, C_SUBJECT_KEY));
		n->has_amount = !db_col_null(st, C_AMOUNT);
		n->amount_fen = db_col_int(st, C_AMOUNT);
		n->status = xstrdup(db_col_text(st, C_STATUS));
		n->counselor = xstrdup(db_col_text(st, C_COUNSELOR));
		n->reviewer = xstrdup(db_col_text(st, C_REVIEWER));
		n->office = xstrdup(db_col_text(st, C_OFFICE));
		reasons = xstrdup(db_col_text(st, C_REASONS));
		pid = xstrdup(db_col_text(st, C_PERSON));
		n->person_id = xstrdup(pid);
		n->payee_host = n->has_amount && notice_unit_fact(policy_id) != NULL;
		if (n->has_amount && !n->payee_host)
			n->payee = xstrdup(n->name);
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "no decision %s: give a decision id (decision list) or "
		    "its short number, as XXXX-XXXX", decision_id);
	}
	db_finalize(st);
	/* a notice is of a case: for the roles that may print its notices (notice_show_id records
	 * the full ID number shown when it goes out; replay reads a notice and shows no number) */
	if (ret == 0)
		ret = role_check(db, ROLE_ACT_NOTICE, pid, d);
	free(pid);
	if (ret != 0)
		goto out;
	notice_number(n->decision_id, n->number);
	notice_policy(ps, policy_id, n);
	if (n->payee_host && (ret = notice_unit(db, n, notice_unit_fact(policy_id), d)) != 0)
		goto out;
	if (subject_key != NULL) {
		struct diag ignored = DIAG_INIT;
		/* an item removed since is said to be gone, not a failure of the notice */
		if (facts_row_describe(db, subject_key, &n->item, &ignored) != 0)
			n->item_gone = true;
	}
	ret = notice_reasons(db, reasons, n, d);
out:
	free(policy_id);
	free(subject_key);
	free(reasons);
	if (ret != 0)
		notice_clear(n);
	return ret;
}

/* Free what a notice holds. */
void
notice_clear(struct notice *n)
{
	free(n->decision_id);
	free(n->name);
	free(n->id_number);
	free(n->office);
	free(n->person_id);
	free(n->counselor);
	free(n->reviewer);
	free(n->title);
	free(n->measure);
	free(n->measure_text);
	free(n->also);
	free(n->item);
	free(n->decided_on);
	free(n->status);
	free(n->payee);
	for (size_t i = 0; i < n->nreasons; i++)
		free(n->reasons[i].text);
	free(n->reasons);
	memset(n, 0, sizeof *n);
}

/* One field of a notice: its label and its value, already in words. */
struct notice_field {
	const char *label;
	char *value;    /* owned */
};

/* The fields of a notice in the order they print. Caller frees each value. */
static size_t
notice_fields(const struct notice *n, struct notice_field f[16])
{
	size_t k = 0;
	char money[32];

	f[k++] = (struct notice_field){ tr("Name"), xstrdup(n->name) };
	f[k++] = (struct notice_field){ tr("Resident ID number"), xstrdup(n->id_number) };
	f[k++] = (struct notice_field){ tr("Handling office"), xstrdup(n->office != NULL ? n->office :
	    tr("not set")) };
	f[k++] = (struct notice_field){ tr("Counselor in charge"), xstrdup(n->counselor) };
	f[k++] = (struct notice_field){ tr("Benefit"), xstrdup(n->title != NULL ? n->title :
	    tr("(its policy file is not loaded)")) };
	if (n->measure != NULL)
		f[k++] = (struct notice_field){ tr("Based on"),
		    xasprintf(tr("measure (%s) of 吉政发〔2017〕32号"), n->measure) };
	if (n->measure_text != NULL)
		f[k++] = (struct notice_field){ tr("Text of the measure"), xstrdup(n->measure_text) };
	if (n->also != NULL)
		f[k++] = (struct notice_field){ tr("Applied with"), xstrdup(n->also) };
	f[k++] = (struct notice_field){ tr("Item concerned"), xstrdup(n->item != NULL ? n->item :
	    n->item_gone ? tr("an item no longer on record") : tr("the person")) };
	if (n->has_amount) {
		label_money(n->amount_fen, money, sizeof money);
		f[k++] = (struct notice_field){ tr("Amount of money"), xasprintf("%s %s", money, tr("yuan")) };
		if (n->payee_host)
			f[k++] = (struct notice_field){ tr("Paid to"), xasprintf(tr("%s (the host unit)"),
			    n->payee != NULL ? n->payee : tr("the host unit, name not recorded")) };
		else
			f[k++] = (struct notice_field){ tr("Paid to"), xasprintf(tr("%s (the job seeker)"),
			    n->payee != NULL ? n->payee : "-") };
	} else {
		f[k++] = (struct notice_field){ tr("Amount of money"), xstrdup(tr("no money is paid")) };
	}
	f[k++] = (struct notice_field){ tr("Decided on"), xstrdup(n->decided_on) };
	f[k++] = (struct notice_field){ tr("Decision status"), xstrdup(notice_status(n->status)) };
	if (n->reviewer != NULL)
		f[k++] = (struct notice_field){ tr("Reviewed by"), xstrdup(n->reviewer) };
	return k;
}

/* Whether text begins with a mark that closes (。，、；：）」!? and their full-width forms). */
static bool
notice_closing(const char *text)
{
	static const char *const marks[] = { "。", "，", "、", "；", "：", "）", "」", "』", "！",
	    "？", "》", "〕", ",", ".", ";", ":", ")", "!", "?" };

	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (strncmp(text, marks[i], strlen(marks[i])) == 0)
			return true;
	return false;
}

/* Append text wrapped to cols columns, each line after the first indented by indent spaces;
 * a newline in the text starts a new line. */
static void
notice_wrap(struct sbuf *out, const char *text, int indent, int cols)
{
	const char *p = text;
	bool first = true;

	do {
		size_t para = strcspn(p, "\n");
		char *line = xstrndup(p, para);
		const char *q = line;
		do {
			while (!first && *q == ' ')
				q++;
			size_t len = utf8_line(q, cols);
			/* a closing mark does not begin a line: the character before it goes down too */
			if (q[len] != '\0' && len > 0 && notice_closing(q + len)) {
				size_t back = len - 1;
				while (back > 0 && ((unsigned char)q[back] & 0xC0) == 0x80)
					back--;
				if (back > 0)
					len = back;
			}
			if (!first)
				sbuf_addf(out, "%*s", indent, "");
			size_t keep = len;
			while (keep > 0 && q[keep - 1] == ' ')
				keep--;  /* no space before the end of a line */
			utf8_clean(out, q, keep);
			sbuf_addc(out, '\n');
			q += len;
			first = false;
		} while (*q);
		free(line);
		p += para;
	} while (*p == '\n' && *++p);
}

/* Append a line of text centred in the width. */
static void
notice_centre(struct sbuf *out, const char *text)
{
	int w = utf8_width(text);

	sbuf_addf(out, "%*s", w < NOTICE_W ? (NOTICE_W - w) / 2 : 0, "");
	utf8_clean(out, text, strlen(text));
	sbuf_addc(out, '\n');
}

/* Append a rule across the width. */
static void
notice_rule(struct sbuf *out, const char *c)
{
	for (int i = 0; i < NOTICE_W; i++)
		sbuf_add(out, c);
	sbuf_addc(out, '\n');
}

/* The mark of a reason: whether it held. */
static const char *
notice_held(int held)
{
	return held > 0 ? tr("[met]") : held == 0 ? tr("[not met]") : tr("[not known]");
}

/* The three who sign: the job seeker, the counselor and the reviewer. */
static const char *const notice_signers[] = {
	N_("Job seeker (signature):"), N_("Counselor (signature):"), N_("Reviewer (signature):"),
};

/* Append the notice as plain text. */
void
notice_text(const struct notice *n, struct sbuf *out)
{
	struct notice_field f[16];
	size_t k = notice_fields(n, f);
	char *line;

	notice_centre(out, tr("Notice of a decision on an employment benefit"));
	line = xasprintf(tr("No. %s"), n->number);
	notice_centre(out, line);
	free(line);
	notice_rule(out, "=");
	/* the values begin in one column, after the widest label */
	int lw = NOTICE_LABEL_W;
	for (size_t i = 0; i < k; i++)
		if (utf8_width(f[i].label) + 2 > lw)
			lw = utf8_width(f[i].label) + 2;
	if (lw > NOTICE_LABEL_MAX)
		lw = NOTICE_LABEL_MAX;
	for (size_t i = 0; i < k; i++) {
		int w = utf8_fit(out, f[i].label, lw - 2, false);
		sbuf_addf(out, "%*s", lw - w, "");
		notice_wrap(out, f[i].value, lw, NOTICE_W - lw);
		free(f[i].value);
	}
	notice_rule(out, "-");
	line = xasprintf(tr("Facts and reasons, as recorded on %s"), n->decided_on);
	sbuf_add(out, line);
	sbuf_addc(out, '\n');
	free(line);
	for (size_t i = 0; i < n->nreasons; i++) {
		const char *mark = notice_held(n->reasons[i].held);
		int w = utf8_width(mark) + 3;
		sbuf_addf(out, "  %s ", mark);
		notice_wrap(out, n->reasons[i].text, w, NOTICE_W - w);
	}
	if (n->nreasons == 0)
		sbuf_addf(out, "  %s\n", tr("none recorded"));
	line = xasprintf(tr("Full decision id: %s"), n->decision_id);
	utf8_clean(out, line, strlen(line));
	sbuf_addc(out, '\n');
	free(line);
	notice_rule(out, "-");
	for (size_t i = 0; i < sizeof notice_signers / sizeof *notice_signers; i++) {
		sbuf_addc(out, '\n');
		int w = utf8_fit(out, tr(notice_signers[i]), 24, false);
		sbuf_addf(out, "%*s________________    %s\n", 24 - w, "", tr("Date: ______ / ____ / ____"));
	}
}

/* Append text with the characters HTML gives meaning to escaped (and control characters as
 * spaces). */
static void
notice_esc(struct sbuf *out, const char *s)
{
	const char *p = s;

	while (*p) {
		const char *start = p;
		uint32_t c = utf8_next(&p);
		switch (c) {
		case '&': sbuf_add(out, "&amp;"); break;
		case '<': sbuf_add(out, "&lt;"); break;
		case '>': sbuf_add(out, "&gt;"); break;
		case '"': sbuf_add(out, "&quot;"); break;
		case '\'': sbuf_add(out, "&#39;"); break;
		case '\n': sbuf_add(out, "<br>"); break;
		default:
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd)
				sbuf_addc(out, ' ');
			else
				sbuf_addn(out, start, (size_t)(p - start));
		}
	}
}

/* The print stylesheet: A4 with margins, fonts that reach Chinese on every system. */
static const char notice_css[] =
    "@page { size: A4; margin: 20mm 18mm 20mm 18mm; }\n"
    "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", "
    "\"PingFang SC\", \"Hiragino Sans GB\", \"WenQuanYi Micro Hei\", SimSun, sans-serif; "
    "font-size: 11pt; line-height: 1.6; color: #000; background: #fff; max-width: 174mm; "
    "margin: 12mm auto; }\n"
    "h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm 0; letter-spacing: 0.1em; }\n"
    "p.number { text-align: center; margin: 0 0 6mm 0; }\n"
    "table { width: 100%; border-collapse: collapse; page-break-inside: auto; }\n"
    "th, td { border: 1px solid #000; padding: 1.5mm 3mm; text-align: left; vertical-align: top; }\n"
    "th { width: 26%; font-weight: bold; white-space: nowrap; }\n"
    "tr { page-break-inside: avoid; }\n"
    "h2 { font-size: 12pt; margin: 6mm 0 2mm 0; }\n"
    "ul.reasons { margin: 0; padding-left: 6mm; }\n"
    "p.id { font-size: 9pt; margin-top: 3mm; }\n"
    "div.signatures { margin-top: 10mm; page-break-inside: avoid; }\n"
    "div.signatures p { margin: 0 0 9mm 0; }\n"
    "span.line { display: inline-block; width: 55mm; border-bottom: 1px solid #000; }\n"
    "span.date { display: inline-block; width: 35mm; border-bottom: 1px solid #000; }\n"
    "@media print { body { margin: 0; max-width: none; } }\n";

/* Append the notice as one HTML page. */
void
notice_html(const struct notice *n, struct sbuf *out)
{
	struct notice_field f[16];
	size_t k = notice_fields(n, f);
	const char *title = tr("Notice of a decision on an employment benefit");
	char *num = xasprintf(tr("No. %s"), n->number);

	sbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>", i18n_zh() ? "zh-CN" : "en");
	notice_esc(out, title);
	sbuf_add(out, " ");
	notice_esc(out, n->number);
	sbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", notice_css);
	notice_esc(out, title);
	sbuf_add(out, "</h1>\n<p class=\"number\">");
	notice_esc(out, num);
	sbuf_add(out, "</p>\n<table>\n");
	free(num);
	for (size_t i = 0; i < k; i++) {
		sbuf_add(out, "<tr><th>");
		notice_esc(out, f[i].label);
		sbuf_add(out, "</th><td>");
		notice_esc(out, f[i].value);
		sbuf_add(out, "</td></tr>\n");
		free(f[i].value);
	}
	sbuf_add(out, "</table>\n<h2>");
	char *head = xasprintf(tr("Facts and reasons, as recorded on %s"), n->decided_on);
	notice_esc(out, head);
	free(head);
	sbuf_add(out, "</h2>\n<ul class=\"reasons\">\n");
	for (size_t i = 0; i < n->nreasons; i++) {
		sbuf_add(out, "<li>");
		notice_esc(out, notice_held(n->reasons[i].held));
		sbuf_add(out, " ");
		notice_esc(out, n->reasons[i].text);
		sbuf_add(out, "</li>\n");
	}
	if (n->nreasons == 0) {
		sbuf_add(out, "<li>");
		notice_esc(out, tr("none recorded"));
		sbuf_add(out, "</li>\n");
	}
	sbuf_add(out, "</ul>\n<p class=\"id\">");
	char *full = xasprintf(tr("Full decision id: %s"), n->decision_id);
	notice_esc(out, full);
	free(full);
	sbuf_add(out, "</p>\n<div class=\"signatures\">\n");
	for (size_t i = 0; i < sizeof notice_signers / sizeof *notice_signers; i++) {
		sbuf_add(out, "<p>");
		notice_esc(out, tr(notice_signers[i]));
		sbuf_add(out, " <span class=\"line\">&nbsp;</span> ");
		notice_esc(out, tr("Date:"));
		sbuf_add(out, " <span class=\"date\">&nbsp;</span></p>\n");
	}
	sbuf_add(out, "</div>\n</body>\n</html>\n");
}
