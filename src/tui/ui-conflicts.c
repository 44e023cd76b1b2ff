/* The sync conflicts (issue 17, point 4): the open conflicts another office's changes left held
 * aside (core/syncapply.c), oldest first, each its number, the case's name, why it was held in
 * words and the office it came from; Enter shows it whole (the fields with this office's value
 * before the other's, in the history's words and labels, who and when on each side); `m` keeps
 * this office's values, `t` the other office's, after asking (a supervisor's choice: the role
 * is core's). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/label.h"
#include "core/session.h"
#include "core/syncapply.h"
#include "tui/list.h"
#include "tui/ui-conflicts.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct conflicts {
	struct rows r;
	struct list list;
	bool detail;          /* Enter: the one under the cursor shown whole */
};

/* Rows of conflicts that show below the title and the headings. */
static int
ui_conflicts_height(const struct app *a)
{
	return a->rows - 4;
}

/* The conflict under the cursor (its row), or -1 when there is none. */
static int
ui_conflicts_current(const struct conflicts *s)
{
	return s->list.cur >= 0 && (size_t)s->list.cur < s->r.n ? s->list.cur : -1;
}

/* Who and when on one side in words: "li 2018-03-02 09:15", "-" when unknown. */
static void
ui_conflicts_side(struct sbuf *out, const char *label, const char *by, const char *at)
{
	char when[32];

	sbuf_addf(out, "%s %s", label, by != NULL ? by : "-");
	if (at != NULL)
		sbuf_addf(out, "  %s", label_time(at, when, sizeof when));
}

/* One conflict whole: why and the fields, then who and when on each side. */
static void
ui_conflicts_draw_detail(struct app *a, struct conflicts *s, int i)
{
	struct sbuf words = SBUF_INIT, side = SBUF_INIT;
	struct diag d = DIAG_INIT;
	const char *name = rows_get(&s->r, (size_t)i, SA_NAME);

	widget_text(1, 1, a->cols - 2, name != NULL ? name : "-", tui_attr(a, TC_HEADER));
	if (syncapply_words(a->ses->db, &s->r, (size_t)i, &words, &d) != 0)
		sbuf_add(&words, d.msg);
	/* a line of words a line of the screen */
	const char *p = sbuf_str(&words);
	for (int y = 3; *p != '\0' && y < a->rows - 5; y++) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		widget_text(y, 2, a->cols - 3, line, 0);
		free(line);
		p += n + (p[n] == '\n');
	}
	ui_conflicts_side(&side, tr("here:"), rows_get(&s->r, (size_t)i, SA_MINE_BY),
	    rows_get(&s->r, (size_t)i, SA_MINE_AT));
	widget_text(a->rows - 4, 1, a->cols - 2, sbuf_str(&side), tui_attr(a, TC_DIM));
	sbuf_reset(&side);
	ui_conflicts_side(&side, tr("there:"), rows_get(&s->r, (size_t)i, SA_THEIRS_BY) != NULL ?
	    rows_get(&s->r, (size_t)i, SA_THEIRS_BY) : rows_get(&s->r, (size_t)i, SA_FROM),
	    rows_get(&s->r, (size_t)i, SA_THEIRS_AT));
	widget_text(a->rows - 3, 1, a->cols - 2, sbuf_str(&side), tui_attr(a, TC_DIM));
	sbuf_free(&words);
	sbuf_free(&side);
}

/* Draw the headings and the conflicts (or the one under the cursor, whole). */
static void
ui_conflicts_draw(struct app *a, void *st)
{
	struct conflicts *s = st;
	struct sbuf words = SBUF_INIT;
	char right[64];
	int x[4] = { 1, 7, 20, 0 }, w[4] = { 5, 12, 0, 12 };

	snprintf(right, sizeof right, tr("%d awaiting a choice "), (int)s->r.n);
	widget_title(a, tr(" Sync conflicts (oldest first)"), right);
	if (s->detail && ui_conflicts_current(s) >= 0) {
		ui_conflicts_draw_detail(a, s, ui_conflicts_current(s));
		return;
	}
	x[3] = a->cols - 13;
	w[2] = x[3] - x[2] - 1;
	const char *head[4] = { tr("NO."), tr("NAME"), tr("WHAT HAPPENED"), tr("FROM OFFICE") };
	for (int k = 0; k < 4; k++)
		widget_text(1, x[k], w[k], head[k], tui_attr(a, TC_HEADER));
	if (s->r.n == 0)
		widget_text(3, 2, a->cols - 4, tr("No conflict is awaiting a choice."),
		    tui_attr(a, TC_DIM));
	for (int i = s->list.top, y = 2; i < s->list.n && y < a->rows - 2; i++, y++) {
		struct diag d = DIAG_INIT;
		int attr = i == s->list.cur ? tui_attr(a, TC_SELECT) : 0;
		sbuf_reset(&words);
		if (syncapply_words(a->ses->db, &s->r, (size_t)i, &words, &d) != 0)
			sbuf_add(&words, d.msg);
		/* the first line: why it was held */
		char *nl = strchr(words.s != NULL ? words.s : "", '\n');
		if (nl != NULL)
			*nl = '\0';
		const char *cells[4] = { rows_get(&s->r, (size_t)i, SA_ID),
		    rows_get(&s->r, (size_t)i, SA_NAME), sbuf_str(&words),
		    rows_get(&s->r, (size_t)i, SA_FROM) };
		if (attr != 0)
			widget_text(y, 0, a->cols, "", attr);
		for (int k = 0; k < 4; k++)
			widget_text(y, x[k], w[k], cells[k] != NULL ? cells[k] : "-", attr);
	}
	sbuf_free(&words);
}

/* Read the open conflicts again, keeping the cursor where it was when it can. */
static int
ui_conflicts_reload(struct app *a, void *st)
{
	struct conflicts *s = st;
	struct diag d = DIAG_INIT;

	rows_free(&s->r);
	if (syncapply_list(a->ses->db, false, &s->r, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	list_set(&s->list, (int)s->r.n, ui_conflicts_height(a));
	return TUI_DRAW;
}

/* The rows and how many show, for the movement keys. */
static struct list *
ui_conflicts_list(struct app *a, void *st, int *height)
{
	*height = ui_conflicts_height(a);
	return &((struct conflicts *)st)->list;
}

/* Enter: the conflict under the cursor whole, or back to the list. */
static int
ui_conflicts_enter(struct app *a, void *st)
{
	struct conflicts *s = st;

	(void)a;
	if (ui_conflicts_current(s) < 0)
		return TUI_NONE;
	s->detail = !s->detail;
	return TUI_DRAW;
}

/* m or t: keep one side's values for the conflict under the cursor, after asking. */
static int
ui_conflicts_keep(struct app *a, struct conflicts *s, bool theirs)
{
	int i = ui_conflicts_current(s);
	struct diag d = DIAG_INIT;
	char q[256];

	if (i < 0)
		return TUI_NONE;
	const char *id = rows_get(&s->r, (size_t)i, SA_ID);
	snprintf(q, sizeof q, theirs ? tr("Keep the other office's values for conflict %s? (y/n)") :
	    tr("Keep this office's values for conflict %s? (y/n)"), id);
	if (!tui_confirm(a, q)) {
		tui_message(a, false, "%s", tr("Nothing was changed."));
		return TUI_DRAW;
	}
	if (syncapply_resolve(a->ses->db, strtol(id, NULL, 10), theirs, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	else
		tui_message(a, false, theirs ? tr("Conflict %s: the other office's values kept.") :
		    tr("Conflict %s: this office's values kept."), id);
	s->detail = false;
	return TUI_RELOAD;
}

/* m: keep this office's values. */
static int
ui_conflicts_mine(struct app *a, void *st)
{
	return ui_conflicts_keep(a, st, false);
}

/* t: keep the other office's values. */
static int
ui_conflicts_theirs(struct app *a, void *st)
{
	return ui_conflicts_keep(a, st, true);
}

/* Free the screen's state. */
static void
ui_conflicts_free(void *st)
{
	struct conflicts *s = st;

	rows_free(&s->r);
	free(s);
}

static const struct binding ui_conflicts_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "show", .bottom = true, .fn = ui_conflicts_enter },
	{ .key = '\n', .keyname = "Enter", .label = "show", .fn = ui_conflicts_enter },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "show", .fn = ui_conflicts_enter },
	{ .key = 'm', .keyname = "m", .label = "keep mine", .bottom = true, .fn = ui_conflicts_mine },
	{ .key = 't', .keyname = "t", .label = "keep theirs", .bottom = true, .fn = ui_conflicts_theirs },
	{ .key = 0 },
};

static const struct screen ui_conflicts_screen = {
	.title = "Sync conflicts",
	.draw = ui_conflicts_draw,
	.reload = ui_conflicts_reload,
	.free = ui_conflicts_free,
	.keys = ui_conflicts_keys,
	.list_keys = list_keys,
	.list = ui_conflicts_list,
};

/* Open the list of open conflicts. */
int
ui_conflicts_open(struct app *a, void *st)
{
	struct conflicts *s = xcalloc(1, sizeof *s);

	(void)st;
	rows_init(&s->r, SA_NCOL);
	return tui_push(a, &ui_conflicts_screen, s);
}
