/* The pending approvals: the rows of the pending report (core/report.c), oldest first, each a
 * decision's date, short number, person, masked ID number, benefit, amount and proposer; Enter
 * shows its notice (core/notice.c: the person, the facts and reasons, the amount), `a` approves
 * it after asking, `r` rejects it with a reason asked for (core/decision.c: four eyes there). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decision.h"
#include "core/label.h"
#include "core/notice.h"
#include "core/report.h"
#include "core/session.h"
#include "policy/policyset.h"
#include "tui/list.h"
#include "tui/ui-approvals.h"
#include "tui/ui-notice.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/xalloc.h"

struct approvals {
	struct report r;
	struct list list;
};

/* Rows of decisions that show below the title and the headings. */
static int
ui_approvals_height(const struct app *a)
{
	return a->rows - 4;
}

/* The columns: where each begins and how wide it is (0: not shown) at the terminal's width;
 * the benefit takes what is left, the masked ID number shows from 100 columns. */
static void
ui_approvals_cols(const struct app *a, int x[7], int w[7])
{
	int width[7] = { 10, 9, 8, a->cols >= 100 ? 18 : 0, -1, 10, 10 };
	int fixed = 0;

	for (int k = 0; k < 7; k++)
		fixed += width[k] > 0 ? width[k] + 1 : 0;
	for (int k = 0, at = 1; k < 7; k++) {
		x[k] = at;
		w[k] = width[k] >= 0 ? width[k] : (a->cols - 2 - fixed > 8 ? a->cols - 2 - fixed : 8);
		at += w[k] > 0 ? w[k] + 1 : 0;
	}
}

/* Draw the headings and the decisions, the cursor's highlighted. */
static void
ui_approvals_draw(struct app *a, void *st)
{
	struct approvals *s = st;
	const struct policyset *ps = tui_policies(a, false);
	char right[64], masked[19], money[32], num[NOTICE_NUMBER_LEN];
	int x[7], w[7];

	snprintf(right, sizeof right, tr("%d awaiting approval "), (int)s->r.rows.n);
	widget_title(a, tr(" Pending approvals (oldest first)"), right);
	ui_approvals_cols(a, x, w);
	for (int k = 0; k < 7; k++)
		if (w[k] > 0)
			widget_text(1, x[k], w[k], tr(s->r.cols[k].head), tui_attr(a, TC_HEADER));
	if (s->r.rows.n == 0)
		widget_text(3, 2, a->cols - 4, tr("No decision is awaiting approval."),
		    tui_attr(a, TC_DIM));
	for (int i = s->list.top, y = 2; i < s->list.n && y < a->rows - 2; i++, y++) {
		const struct policy *p = ps != NULL ?
		    policyset_find(ps, rows_get(&s->r.rows, (size_t)i, 4)) : NULL;
		const char *fen = rows_get(&s->r.rows, (size_t)i, 5);
		int attr = i == s->list.cur ? tui_attr(a, TC_SELECT) : 0;
		idnum_mask(rows_get(&s->r.rows, (size_t)i, 3), masked);
		notice_number(rows_get(&s->r.rows, (size_t)i, 1), num);
		if (fen != NULL)
			label_money(strtoll(fen, NULL, 10), money, sizeof money);
		const char *cells[7] = { rows_get(&s->r.rows, (size_t)i, 0), num,
		    rows_get(&s->r.rows, (size_t)i, 2), masked, p != NULL ? (a->zh ? p->title_zh :
		    p->title_en) : tr("a benefit that is no longer in the policies"),
		    fen != NULL ? money : "-", rows_get(&s->r.rows, (size_t)i, 6) };
		if (attr != 0)
			widget_text(y, 0, a->cols, "", attr);
		for (int k = 0; k < 7; k++)
			if (w[k] > 0)
				widget_text(y, x[k], w[k], cells[k] != NULL ? cells[k] : "-", attr);
	}
}

/* Read the pending decisions again, keeping the cursor where it was when it can. */
static int
ui_approvals_reload(struct app *a, void *st)
{
	struct approvals *s = st;
	struct report_filter f = { .today = a->ses->today };
	struct diag d = DIAG_INIT;

	report_free(&s->r);
	if (report_run(a->ses->db, REPORT_PENDING, &f, &s->r, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	list_set(&s->list, (int)s->r.rows.n, ui_approvals_height(a));
	return TUI_DRAW;
}

/* The rows and how many show, for the movement keys. */
static struct list *
ui_approvals_list(struct app *a, void *st, int *height)
{
	*height = ui_approvals_height(a);
	return &((struct approvals *)st)->list;
}

/* The decision under the cursor (its id), or NULL when there is none. */
static const char *
ui_approvals_current(struct approvals *s)
{
	if (s->list.cur < 0 || (size_t)s->list.cur >= s->r.rows.n)
		return NULL;
	return rows_get(&s->r.rows, (size_t)s->list.cur, 1);
}

/* Enter: the decision's notice, with the person, facts and reasons. */
static int
ui_approvals_open_one(struct app *a, void *st)
{
	const char *id = ui_approvals_current(st);

	return id != NULL ? ui_notice_view(a, id) : TUI_NONE;
}

/* a: approve the decision under the cursor after asking. */
static int
ui_approvals_approve(struct app *a, void *st)
{
	const char *id = ui_approvals_current(st);
	struct diag d = DIAG_INIT;
	char num[NOTICE_NUMBER_LEN], q[128];

	if (id == NULL)
		return TUI_NONE;
	notice_number(id, num);
	snprintf(q, sizeof q, tr("Approve decision %s? (y/n)"), num);
	if (!tui_confirm(a, q)) {
		tui_message(a, false, "%s", tr("Nothing was changed."));
		return TUI_DRAW;
	}
	if (decision_approve(a->ses->db, id, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	else
		tui_message(a, false, tr("Decision %s approved."), num);
	return TUI_RELOAD;
}

/* r: reject the decision under the cursor with a reason asked for. */
static int
ui_approvals_reject(struct app *a, void *st)
{
	const char *id = ui_approvals_current(st);
	struct diag d = DIAG_INIT;
	char num[NOTICE_NUMBER_LEN], q[128], reason[512];

	if (id == NULL)
		return TUI_NONE;
	notice_number(id, num);
	snprintf(q, sizeof q, tr("Reject decision %s; the reason: "), num);
	if (!tui_prompt(a, q, "", reason, sizeof reason)) {
		tui_message(a, false, "%s", tr("Nothing was changed."));
		return TUI_DRAW;
	}
	if (decision_reject(a->ses->db, id, reason, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	else
		tui_message(a, false, tr("Decision %s rejected."), num);
	return TUI_RELOAD;
}

/* Free the screen's state. */
static void
ui_approvals_free(void *st)
{
	struct approvals *s = st;

	report_free(&s->r);
	free(s);
}

static const struct binding ui_approvals_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open", .bottom = true, .fn = ui_approvals_open_one },
	{ .key = '\n', .keyname = "Enter", .label = "open", .fn = ui_approvals_open_one },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open", .fn = ui_approvals_open_one },
	{ .key = 'a', .keyname = "a", .label = "approve", .bottom = true, .fn = ui_approvals_approve },
	{ .key = 'r', .keyname = "r", .label = "reject", .bottom = true, .fn = ui_approvals_reject },
	{ .key = 0 },
};

static const struct screen ui_approvals_screen = {
	.title = "Pending approvals",
	.draw = ui_approvals_draw,
	.reload = ui_approvals_reload,
	.free = ui_approvals_free,
	.keys = ui_approvals_keys,
	.list_keys = list_keys,
	.list = ui_approvals_list,
};

/* Open the list of pending approvals. */
int
ui_approvals_open(struct app *a, void *st)
{
	struct approvals *s = xcalloc(1, sizeof *s);

	(void)st;
	rows_init(&s->r.rows, 1);
	return tui_push(a, &ui_approvals_screen, s);
}
