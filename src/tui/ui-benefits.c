/* The benefits screen: every policy for this person as of today (or a date typed), with its
 * outcome and amount; Enter shows the reasons, the facts still needed (answered in place), the
 * documents to check and the measure's text; g grants. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/facts.h"
#include "core/grant.h"
#include "core/notice.h"
#include "policy/policyset.h"
#include "policy/result.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/list.h"
#include "tui/ui-help.h"
#include "tui/ui-benefits.h"
#include "tui/ui-notice.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct benefits {
	char *pid;
	struct node *facts;
	struct result_list *rl;
	char **items;        /* each result's item in words (facts_subject_describe), or NULL */
	int on;
	struct list list;   /* the results */
};

/* A question of the detail: a fact the result needed when it was first seen missing. */
struct question {
	char *path;
	const struct factschema_fact *fact;  /* its question, or NULL */
	char *answer;                        /* what was typed here, or NULL */
};

struct detail {
	struct benefits *b;
	char *policy_id, *subject;   /* which result, found again after each re-evaluation */
	struct list list;            /* the lines of the detail: the keys scroll them */
	/* the questions, numbered 1-9 in the order first seen; each keeps its number until the
	 * detail is left, answered or not (answering one does not renumber the rest) */
	struct question q[9];
	size_t nq;
};

/* Rows of results that show below the headings. */
static int
ui_benefits_height(const struct app *a)
{
	return a->rows - 4;
}

/* Lines of a detail that show below the title. */
static int
ui_benefits_detail_height(const struct app *a)
{
	return a->rows - 3;
}

/* Re-read the facts and evaluate every policy as of the chosen date. */
static int
ui_benefits_reload(struct app *a, void *st)
{
	struct benefits *b = st;
	struct diag d = DIAG_INIT;

	for (size_t i = 0; b->rl != NULL && i < b->rl->n; i++)
		free(b->items[i]);
	free(b->items);
	b->items = NULL;
	result_list_free(b->rl);
	b->rl = NULL;
	node_free(b->facts);
	b->facts = NULL;
	if (facts_person(a->ses->db, b->pid, &b->facts, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	/* the first screen that needs the policies loads them (tui_policies); the title still
	 * names the person when they cannot be loaded */
	const struct policyset *ps = tui_policies(a, true);
	if (ps == NULL)
		return TUI_DRAW;
	b->rl = result_eval_all(ps, b->facts, b->on);
	b->items = xcalloc(b->rl->n ? b->rl->n : 1, sizeof *b->items);
	for (size_t i = 0; i < b->rl->n; i++)
		if (b->rl->items[i].subject != NULL)
			facts_subject_describe(a->ses->db, b->pid, b->rl->items[i].subject,
			    &b->items[i], &d);  /* an item not found is shown by its subject */
	list_set(&b->list, (int)b->rl->n, ui_benefits_height(a));
	return TUI_DRAW;
}

/* Whether the facts' grants already include this result. */
static bool
ui_benefits_granted(const struct benefits *b, const struct result *r)
{
	const struct node *g = node_get(b->facts, "grants");

	for (size_t i = 0; g != NULL && i < g->n; i++) {
		const struct node *pol = node_get(g->items[i], "policy");
		const struct node *sub = node_get(g->items[i], "subject");
		if (pol == NULL || pol->text == NULL || strcmp(pol->text, r->policy->id) != 0)
			continue;
		if (r->subject == NULL || (sub != NULL && sub->text != NULL &&
		    strcmp(sub->text, r->subject) == 0))
			return true;
	}
	return false;
}

/* The colour of an outcome. */
static int
ui_benefits_color(const struct app *a, const struct result *r)
{
	return r->outcome == RESULT_ELIGIBLE ? (int)(tui_attr(a, TC_GOOD) | A_BOLD) :
	    r->outcome == RESULT_UNKNOWN ? tui_attr(a, TC_WARN) : tui_attr(a, TC_DIM);
}

/* The amount of a result as text. */
static void
ui_benefits_amount(const struct result *r, char *out, size_t len)
{
	char day[11];

	if (r->outcome == RESULT_ELIGIBLE && r->has_amount)
		label_money(r->amount_fen, out, len);
	else if (r->has_from)
		snprintf(out, len, tr("from %s"), date_format(r->eligible_from, day));
	else
		snprintf(out, len, "-");
}

/* Draw the list of benefits. */
static void
ui_benefits_draw(struct app *a, void *st)
{
	struct benefits *b = st;
	char title[256], day[11];
	const struct node *name = node_path(b->facts, "person.name");

	snprintf(title, sizeof title, " %s · %s", tr("Benefits"),
	    name != NULL && name->text != NULL ? name->text : "");
	char right[64];
	snprintf(right, sizeof right, "%s %s ", tr("as of"), date_format(b->on, day));
	widget_title(a, title, right);
	if (b->rl == NULL)
		return;
	int amountx = a->cols - 24, outx = amountx - 14, titlew = outx - 2;
	widget_text(1, 1, titlew, tr("Benefit"), A_BOLD | A_UNDERLINE);
	widget_text(1, outx, 13, tr("Outcome"), A_BOLD | A_UNDERLINE);
	widget_text(1, amountx, 23, tr("Amount (yuan)"), A_BOLD | A_UNDERLINE);
	int h = ui_benefits_height(a);
	list_show(&b->list, h);
	for (int i = b->list.top; i < (int)b->rl->n && i - b->list.top < h; i++) {
		const struct result *r = &b->rl->items[i];
		int y = 2 + i - b->list.top, sel = i == b->list.cur ? tui_attr(a, TC_SELECT) : 0;
		char t[256], amount[64];
		const char *item = b->items[i] != NULL ? b->items[i] : r->subject;
		snprintf(t, sizeof t, "%s%s%s", a->zh ? r->policy->title_zh : r->policy->title_en,
		    item ? " · " : "", item ? item : "");
		if (sel) {
			attron(sel);
			mvhline(y, 0, ' ', a->cols);
			attroff(sel);
		}
		widget_text(y, 1, titlew, t, sel);
		widget_text(y, outx, 13, label_value(result_outcome_name(r->outcome)),
		    sel ? sel : ui_benefits_color(a, r));
		ui_benefits_amount(r, amount, sizeof amount);
		if (ui_benefits_granted(b, r))
			snprintf(amount + strlen(amount), sizeof amount - strlen(amount), "  %s",
			    tr("granted"));
		widget_text(y, amountx, 23, amount, sel);
	}
}

/* The results and how many show, for the movement keys. */
static struct list *
ui_benefits_list(struct app *a, void *st, int *height)
{
	*height = ui_benefits_height(a);
	return &((struct benefits *)st)->list;
}

/* Grant a result after showing the amount and asking to confirm. */
static int
ui_benefits_grant_result(struct app *a, struct benefits *b, const struct result *r)
{
	struct diag d = DIAG_INIT;
	struct grant *g = NULL;
	char amount[64], q[512];
	int n = 0;

	if (ui_benefits_granted(b, r) && r->policy->limit != POLICY_LIMIT_NONE) {
		tui_message(a, true, "%s", tr("Already granted: this benefit is granted once only."));
		return TUI_DRAW;
	}
	if (r->outcome != RESULT_ELIGIBLE) {
		tui_message(a, true, "%s", r->outcome == RESULT_UNKNOWN ?
		    tr("Not yet: answer the facts still needed first (Enter).") :
		    tr("Not eligible: see the reasons (Enter)."));
		return TUI_DRAW;
	}
	const char *title = a->zh ? r->policy->title_zh : r->policy->title_en;
	if (r->policy->amount != POLICY_AMOUNT_NONE && !r->has_amount) {
		/* the reason in full is in the detail; the policy's sentence is long */
		tui_message(a, true, "%s", tr("Cannot be granted: the amount is not known (the local "
		    "standard is not set; Enter shows the reasons)."));
		return TUI_DRAW;
	}
	/* what the ledger refuses is said before the question, not after it */
	if (grant_check(a->ses->db, tui_policies(a, true), b->pid, r, b->on, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	char *item = NULL;
	if (r->subject != NULL && facts_subject_describe(a->ses->db, b->pid, r->subject, &item,
	    &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	if (r->has_amount)
		label_money(r->amount_fen, amount, sizeof amount);
	if (r->has_amount && item != NULL)
		snprintf(q, sizeof q, tr("Grant %s, %s: %s yuan? (y/n)"), title, item, amount);
	else if (r->has_amount)
		snprintf(q, sizeof q, tr("Grant %s: %s yuan? (y/n)"), title, amount);
	else if (item != NULL)
		snprintf(q, sizeof q, tr("Grant %s, %s (no money is paid)? (y/n)"), title, item);
	else
		snprintf(q, sizeof q, tr("Grant %s (no money is paid)? (y/n)"), title);
	free(item);
	if (!tui_confirm(a, q)) {
		tui_message(a, false, "%s", tr("Nothing was granted."));
		return TUI_DRAW;
	}
	char *policy = xstrdup(r->policy->id), *subject = xstrdup(r->subject);
	char num[NOTICE_NUMBER_LEN];
	if (grant_record(a->ses->db, tui_policies(a, true), b->pid, policy, subject, b->on, &g, &n, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
	} else {
		/* the short number the notice prints, which the counselor can read aloud */
		notice_number(g[0].decision_id, num);
		tui_message(a, false, "%s %s (%s)", tr("Granted; decision"), num,
		    label_value(g[0].status));
	}
	grant_free(g, n);
	free(policy);
	free(subject);
	return TUI_RELOAD;
}

/* Grant the selected benefit. */
static int
ui_benefits_grant(struct app *a, void *st)
{
	struct benefits *b = st;

	if (b->rl == NULL || b->rl->n == 0)
		return TUI_DRAW;
	return ui_benefits_grant_result(a, b, &b->rl->items[b->list.cur]);
}

/* Evaluate as of another date. */
static int
ui_benefits_date(struct app *a, void *st)
{
	struct benefits *b = st;
	char text[32], day[11];
	int on;

	if (!tui_prompt(a, tr("Evaluate as of (YYYY-MM-DD):"), date_format(b->on, day), text,
	    sizeof text))
		return TUI_DRAW;
	char typed[32];
	field_ascii(text, typed, sizeof typed, 1);  /* full-width digits from an input method */
	if (date_parse(typed, &on) != 0) {
		tui_message(a, true, "%s: %s", text, tr("expected YYYY-MM-DD"));
		return TUI_DRAW;
	}
	b->on = on;
	return TUI_RELOAD;
}

/* Open the detail of the selected benefit. */
static int ui_benefits_detail(struct app *a, void *st);

/* The notice of the decision on a result, when it has one: written for printing and shown. */
static int
ui_benefits_notice_result(struct app *a, struct benefits *b, const struct result *r)
{
	struct diag d = DIAG_INIT;
	char *id = NULL;

	if (notice_decision_for(a->ses->db, b->pid, r->policy->id, r->subject, &id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	if (id == NULL) {
		tui_message(a, true, "%s", tr("No decision on this benefit yet: g grants it first."));
		return TUI_DRAW;
	}
	int flags = ui_notice_open(a, id);
	free(id);
	return flags;
}

/* The notice of the decision on the selected benefit. */
static int
ui_benefits_notice(struct app *a, void *st)
{
	struct benefits *b = st;

	if (b->rl == NULL || b->rl->n == 0)
		return TUI_DRAW;
	return ui_benefits_notice_result(a, b, &b->rl->items[b->list.cur]);
}

/* Free the state. */
static void
ui_benefits_free(void *st)
{
	struct benefits *b = st;

	for (size_t i = 0; b->rl != NULL && i < b->rl->n; i++)
		free(b->items[i]);
	free(b->items);
	result_list_free(b->rl);
	node_free(b->facts);
	free(b->pid);
	free(b);
}

static const struct binding ui_benefits_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "reasons", .bottom = true, .fn = ui_benefits_detail },
	{ .key = '\n', .keyname = "Enter", .label = "reasons", .fn = ui_benefits_detail },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "reasons", .fn = ui_benefits_detail },
	{ .key = 'g', .keyname = "g", .label = "grant", .bottom = true, .fn = ui_benefits_grant },
	{ .key = 'd', .keyname = "d", .label = "date", .bottom = true, .fn = ui_benefits_date },
	{ .key = 'n', .keyname = "n", .label = "print the decision's notice",
	    .fn = ui_benefits_notice },
	{ .key = 0 },
};

static const struct screen ui_benefits_screen = {
	.title = "Benefits",
	.draw = ui_benefits_draw,
	.reload = ui_benefits_reload,
	.free = ui_benefits_free,
	.keys = ui_benefits_keys,
	.list_keys = list_keys,
	.list = ui_benefits_list,
};

/* Open the benefits of a person. */
int
ui_benefits_open(struct app *a, const char *person_id)
{
	struct benefits *b = xcalloc(1, sizeof *b);

	b->pid = xstrdup(person_id);
	b->on = a->ses->today;
	return tui_push(a, &ui_benefits_screen, b);
}

static const struct screen ui_benefits_detail_screen, ui_benefits_detail_done_screen;

/* Whether the result still needs a fact path. */
static bool
ui_benefits_detail_missing(const struct result *r, const char *path)
{
	for (size_t i = 0; i < r->nmissing; i++)
		if (strcmp(r->missing[i].path, path) == 0)
			return true;
	return false;
}

/* Number the facts the result needs that have no number yet, after those that have one. */
static void
ui_benefits_detail_questions(struct detail *dt, const struct result *r)
{
	for (size_t i = 0; i < r->nmissing && dt->nq < sizeof dt->q / sizeof *dt->q; i++) {
		bool known = false;
		for (size_t j = 0; j < dt->nq && !known; j++)
			known = strcmp(dt->q[j].path, r->missing[i].path) == 0;
		if (!known) {
			dt->q[dt->nq].path = xstrdup(r->missing[i].path);
			dt->q[dt->nq].fact = r->missing[i].fact;
			dt->q[dt->nq++].answer = NULL;
		}
	}
}

/* The detail's result in the current evaluation, or NULL. */
static const struct result *
ui_benefits_detail_result(const struct detail *dt)
{
	const struct result_list *rl = dt->b->rl;

	for (size_t i = 0; rl != NULL && i < rl->n; i++) {
		const struct result *r = &rl->items[i];
		if (strcmp(r->policy->id, dt->policy_id) == 0 && ((r->subject == NULL &&
		    dt->subject == NULL) || (r->subject != NULL && dt->subject != NULL &&
		    strcmp(r->subject, dt->subject) == 0)))
			return r;
	}
	return NULL;
}

/* Draw text wrapped to cols columns from line *y; lines before `skip` are not drawn. */
static void
ui_benefits_detail_wrap(struct app *a, int *y, int skip, int indent, const char *text, int attr)
{
	const char *p = text;
	int cols = a->cols - indent - 1;

	while (*p) {
		const char *nl = strchr(p, '\n');
		char *part = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		size_t n = utf8_line(part, cols);   /* the same line breaks as every other wrapped text */
		part[n] = '\0';
		if (*y >= skip && *y - skip + 1 < a->rows - 2)
			widget_text(*y - skip + 1, indent, cols, part, attr);
		(*y)++;
		p += n;
		if (p == nl)
			p++;
		free(part);
	}
}

/* The label of one value a fact allows ("yes" -> 是, "rural" -> 农业户口). */
static const char *
ui_benefits_choice_label(const char *value)
{
	if (strcmp(value, "yes") == 0)
		return tr("yes");
	if (strcmp(value, "no") == 0)
		return tr("no");
	return label_value(value);
}

/* Draw the reasons, the facts still needed, the documents and the measure's text. */
static void
ui_benefits_detail_draw(struct app *a, void *st)
{
	struct detail *dt = st;
	const struct result *r = ui_benefits_detail_result(dt);
	char title[512], amount[64], buf[1024];
	int y = 0, skip = dt->list.top;

	if (r == NULL) {
		widget_title(a, tr(" Benefit"), NULL);
		return;
	}
	const struct policy *p = r->policy;
	const char *item = r->subject;
	for (size_t i = 0; i < dt->b->rl->n; i++)
		if (&dt->b->rl->items[i] == r && dt->b->items[i] != NULL)
			item = dt->b->items[i];
	snprintf(title, sizeof title, " %s%s%s", a->zh ? p->title_zh : p->title_en,
	    item ? " · " : "", item ? item : "");
	snprintf(buf, sizeof buf, "%s (%s) ", tr("measure"), p->measure);
	widget_title(a, title, buf);
	ui_benefits_amount(r, amount, sizeof amount);
	if (r->has_from)
		snprintf(amount, sizeof amount, "-");   /* the line below says from when */
	snprintf(buf, sizeof buf, "%s: %s    %s: %s%s", tr("Outcome"),
	    label_value(result_outcome_name(r->outcome)), tr("Amount (yuan)"), amount,
	    ui_benefits_granted(dt->b, r) ? "" : "");
	if (ui_benefits_granted(dt->b, r))
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "    %s", tr("granted"));
	ui_benefits_detail_wrap(a, &y, skip, 1, buf, ui_benefits_color(a, r));
	if (r->has_from) {
		char day[11];
		snprintf(buf, sizeof buf, tr("Eligible from %s, if nothing else changes"),
		    date_format(r->eligible_from, day));
		ui_benefits_detail_wrap(a, &y, skip, 1, buf, tui_attr(a, TC_WARN));
	}
	y++;
	ui_benefits_detail_wrap(a, &y, skip, 1, tr("Reasons"), A_BOLD | A_UNDERLINE);
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct result_reason *rr = &r->reasons[i];
		snprintf(buf, sizeof buf, "%s %s", rr->state == TRI_TRUE ? "✓" :
		    rr->state == TRI_FALSE ? "✗" : "?", a->zh ? rr->zh : rr->en);
		ui_benefits_detail_wrap(a, &y, skip, 2, buf, rr->state == TRI_TRUE ? tui_attr(a, TC_GOOD) :
		    rr->state == TRI_FALSE ? tui_attr(a, TC_ALERT) : tui_attr(a, TC_WARN));
	}
	ui_benefits_detail_questions(dt, r);
	bool open = false;
	for (size_t i = 0; i < dt->nq; i++)
		open = open || ui_benefits_detail_missing(r, dt->q[i].path);
	/* the key hint 1-9 shows only while a question is open: the same screen, its keys without */
	a->stack[a->depth - 1].scr = open ? &ui_benefits_detail_screen : &ui_benefits_detail_done_screen;
	if (dt->nq > 0) {
		y++;
		ui_benefits_detail_wrap(a, &y, skip, 1, open ? tr("Still needed (press the number to answer)") :
		    tr("Questions"), A_BOLD | A_UNDERLINE);
		size_t own = r->subject != NULL ? strlen(r->subject) : 0;
		for (size_t i = 0; i < dt->nq; i++) {
			const struct question *qu = &dt->q[i];
			/* the question, and for a fact of another item than the title's which item, in
			 * words (never the path) */
			char *words = facts_path_words(a->ses->db, dt->b->pid, qu->path, NULL);
			const char *what = qu->fact != NULL ? (a->zh ? qu->fact->zh : qu->fact->en) : words;
			bool other = strchr(qu->path, '[') != NULL && what != words && !(own > 0 &&
			    strncmp(qu->path, r->subject, own) == 0 && qu->path[own] == '.');
			char which[256] = "";
			if (other)
				snprintf(which, sizeof which, "  (%s)", words);
			bool missing = ui_benefits_detail_missing(r, qu->path);
			if (missing)
				snprintf(buf, sizeof buf, "%zu  %s%s", i + 1, what, which);
			else if (qu->answer != NULL)
				snprintf(buf, sizeof buf, "%zu  ✓ %s%s: %s", i + 1, what, which,
				    ui_benefits_choice_label(qu->answer));
			else  /* the outcome no longer waits for it: another answer decided it */
				snprintf(buf, sizeof buf, "%zu  %s%s: %s", i + 1, what, which,
				    tr("not needed now"));
			free(words);
			ui_benefits_detail_wrap(a, &y, skip, 2, buf, missing ? tui_attr(a, TC_WARN) :
			    qu->answer != NULL ? tui_attr(a, TC_GOOD) : tui_attr(a, TC_DIM));
		}
	}
	if (p->ndocs > 0) {
		y++;
		ui_benefits_detail_wrap(a, &y, skip, 1, tr("Documents to check"), A_BOLD | A_UNDERLINE);
		for (size_t i = 0; i < p->ndocs; i++) {
			snprintf(buf, sizeof buf, "• %s", a->zh ? p->docs_zh[i] : p->docs_en[i]);
			ui_benefits_detail_wrap(a, &y, skip, 2, buf, 0);
		}
	}
	y++;
	snprintf(buf, sizeof buf, "%s (%s)", tr("The measure's text"), p->measure);
	ui_benefits_detail_wrap(a, &y, skip, 1, buf, A_BOLD | A_UNDERLINE);
	ui_benefits_detail_wrap(a, &y, skip, 2, p->text, tui_attr(a, TC_DIM));
	list_set(&dt->list, y, ui_benefits_detail_height(a));  /* the lines are counted as drawn */
}

/* The values a fact allows ("rural|urban") as their labels, "/"-separated, into out. */
static void
ui_benefits_choices(const char *hint, char *out, size_t len)
{
	struct sbuf b = SBUF_INIT;
	char one[64];

	for (const char *p = hint; *p != '\0'; ) {
		size_t n = strcspn(p, "|");
		snprintf(one, sizeof one, "%.*s", (int)n, p);
		sbuf_addf(&b, "%s%s", b.len ? "/" : "", ui_benefits_choice_label(one));
		p += n + (p[n] == '|');
	}
	snprintf(out, len, "%s", sbuf_str(&b));
	sbuf_free(&b);
}

/* An answer typed as one of the labels of a fact's values turned into the value itself, in
 * place; other text is left as typed (core checks it). */
static void
ui_benefits_choice_value(const char *hint, char *value, size_t len)
{
	char one[64];

	for (const char *p = hint; *p != '\0'; ) {
		size_t n = strcspn(p, "|");
		snprintf(one, sizeof one, "%.*s", (int)n, p);
		if (strcmp(value, ui_benefits_choice_label(one)) == 0) {
			snprintf(value, len, "%s", one);
			return;
		}
		p += n + (p[n] == '|');
	}
}

/* Answer the n-th question (answered ones may be answered again): core checks the value and
 * writes it; evaluate again. */
static int
ui_benefits_detail_answer(struct app *a, struct detail *dt, size_t n)
{
	const struct result *r = ui_benefits_detail_result(dt);
	struct diag d = DIAG_INIT;
	char value[256], hint[256], q[512];

	if (r == NULL || n >= dt->nq)
		return TUI_DRAW;
	const struct result_missing qm = { .path = dt->q[n].path, .fact = dt->q[n].fact }, *m = &qm;
	char *words = facts_path_words(a->ses->db, dt->b->pid, m->path,
	    m->fact != NULL ? (a->zh ? m->fact->zh : m->fact->en) : NULL);
	if (!facts_answerable(m->path, hint, sizeof hint)) {
		tui_message(a, true, tr("%s belongs to progress: press q, then p on the person."), words);
		free(words);
		return TUI_DRAW;
	}
	char choices[256];
	ui_benefits_choices(hint, choices, sizeof choices);
	snprintf(q, sizeof q, "%s%s%s%s", m->fact != NULL ? (a->zh ? m->fact->zh : m->fact->en) :
	    words, hint[0] ? " [" : "", choices, hint[0] ? "]" : "");
	free(words);
	if (!tui_prompt(a, q, NULL, value, sizeof value))
		return TUI_DRAW;
	ui_benefits_choice_value(hint, value, sizeof value);
	if (facts_answer(a->ses->db, dt->b->pid, m->path, value, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
	} else {
		free(dt->q[n].answer);
		dt->q[n].answer = xstrdup(value);
		tui_message(a, false, "%s", tr("Saved; evaluated again."));
	}
	ui_benefits_reload(a, dt->b);
	return TUI_DRAW;
}

/* Keys 1 to 9 answer a missing fact. */
static int
ui_benefits_detail_input(struct app *a, void *st, wint_t ch, bool fkey)
{
	if (!fkey && ch >= L'1' && ch <= L'9')
		return ui_benefits_detail_answer(a, st, (size_t)(ch - L'1'));
	if (!fkey && ch == L'?')
		return ui_help_open(a, a->stack[a->depth - 1].scr);
	return TUI_DRAW;
}

/* Grant from the detail. */
static int
ui_benefits_detail_grant(struct app *a, void *st)
{
	struct detail *dt = st;
	const struct result *r = ui_benefits_detail_result(dt);

	if (r == NULL)
		return TUI_DRAW;
	int flags = ui_benefits_grant_result(a, dt->b, r);
	if (flags & TUI_RELOAD)
		ui_benefits_reload(a, dt->b);
	return TUI_DRAW;
}

/* The notice of the decision on the detail's benefit. */
static int
ui_benefits_detail_notice(struct app *a, void *st)
{
	struct detail *dt = st;
	const struct result *r = ui_benefits_detail_result(dt);

	return r != NULL ? ui_benefits_notice_result(a, dt->b, r) : TUI_DRAW;
}

/* The detail's lines and how many show, for the movement keys. */
static struct list *
ui_benefits_detail_list(struct app *a, void *st, int *height)
{
	*height = ui_benefits_detail_height(a);
	return &((struct detail *)st)->list;
}

/* Free the detail (the list it belongs to stays). */
static void
ui_benefits_detail_free(void *st)
{
	struct detail *dt = st;

	for (size_t i = 0; i < dt->nq; i++) {
		free(dt->q[i].path);
		free(dt->q[i].answer);
	}
	free(dt->policy_id);
	free(dt->subject);
	free(dt);
}

/* Show every key of the detail. */

static const struct binding ui_benefits_detail_keys[] = {
	{ .key = 'g', .keyname = "g", .label = "grant", .bottom = true, .fn = ui_benefits_detail_grant },
	{ .key = '1', .keyname = "1-9", .label = "answer", .bottom = true },
	{ .key = 'n', .keyname = "n", .label = "print the decision's notice",
	    .fn = ui_benefits_detail_notice },
	{ .key = 0 },
};

static const struct screen ui_benefits_detail_screen = {
	.title = "Benefit",
	.draw = ui_benefits_detail_draw,
	.input = ui_benefits_detail_input,
	.free = ui_benefits_detail_free,
	.keys = ui_benefits_detail_keys,
	.list_keys = list_keys,
	.list = ui_benefits_detail_list,
};

/* The keys of a detail with no question open: no 1-9. */
static const struct binding ui_benefits_detail_done_keys[] = {
	{ .key = 'g', .keyname = "g", .label = "grant", .bottom = true, .fn = ui_benefits_detail_grant },
	{ .key = 0 },
};

/* The detail with no question open (its draw puts whichever fits on the stack). */
static const struct screen ui_benefits_detail_done_screen = {
	.title = "Benefit",
	.draw = ui_benefits_detail_draw,
	.input = ui_benefits_detail_input,
	.free = ui_benefits_detail_free,
	.keys = ui_benefits_detail_done_keys,
	.list_keys = list_keys,
	.list = ui_benefits_detail_list,
};

/* Open the detail of the selected benefit. */
static int
ui_benefits_detail(struct app *a, void *st)
{
	struct benefits *b = st;

	if (b->rl == NULL || b->rl->n == 0)
		return TUI_DRAW;
	const struct result *r = &b->rl->items[b->list.cur];
	struct detail *dt = xcalloc(1, sizeof *dt);
	dt->b = b;
	dt->policy_id = xstrdup(r->policy->id);
	dt->subject = xstrdup(r->subject);
	dt->list.text = true;
	return tui_push(a, &ui_benefits_detail_screen, dt);
}
