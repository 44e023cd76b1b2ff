/* The sync status (issue 17, point 5): per trusted office (core/bundle.c bundle_status) the last
 * bundle in and out, what it acknowledged, the changes waiting for it, its held bundles and the
 * age of the newest data from it, red and bold past 14 days; Enter shows one office whole, in
 * words. Supervisors and administrators (the role is core's: a counselor reads its refusal). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bundle.h"
#include "core/label.h"
#include "core/session.h"
#include "tui/list.h"
#include "tui/ui-syncstatus.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Newest data older than this many days shows red and bold. */
#define UI_SYNCSTATUS_STALE 14

struct syncstatus {
	struct rows r;
	struct list list;
	bool detail;          /* Enter: the office under the cursor shown whole */
	bool failed;          /* the status could not be read: the message line says why */
};

/* Rows of offices that show below the title and the headings. */
static int
ui_syncstatus_height(const struct app *a)
{
	return a->rows - 4;
}

/* The office under the cursor (its row), or -1 when there is none. */
static int
ui_syncstatus_current(const struct syncstatus *s)
{
	return s->list.cur >= 0 && (size_t)s->list.cur < s->r.n ? s->list.cur : -1;
}

/* One cell of row i, "-" when empty. */
static const char *
ui_syncstatus_cell(const struct syncstatus *s, int i, int col)
{
	const char *v = rows_get(&s->r, (size_t)i, col);

	return v != NULL && *v != '\0' ? v : "-";
}

/* A bundle in short for the table: its label without the office ("1/3-7") and the day it went
 * ("03-01"); "-" when none went yet. */
static void
ui_syncstatus_bundle(struct sbuf *out, const char *label, const char *at)
{
	char when[32];
	const char *slash = label != NULL ? strchr(label, '/') : NULL;

	if (label == NULL) {
		sbuf_add(out, "-");
		return;
	}
	sbuf_add(out, slash != NULL ? slash + 1 : label);
	label_time(at, when, sizeof when);
	if (at != NULL && strlen(when) >= 10)
		sbuf_addf(out, " %.5s", when + 5);
}

/* The age of the newest data in days (0 for today), -1 when none came; *attr red and bold
 * when it is older than UI_SYNCSTATUS_STALE days. */
static int
ui_syncstatus_age(struct app *a, const struct syncstatus *s, int i, int *attr)
{
	int age = bundle_age_days(rows_get(&s->r, (size_t)i, BUNDLE_ST_NEWEST), a->ses->today);

	*attr = age > UI_SYNCSTATUS_STALE ? tui_attr(a, TC_ALERT) | A_BOLD : 0;
	return age;
}

/* One office whole: every field with words, the values lined up after the widest label. */
static void
ui_syncstatus_draw_detail(struct app *a, struct syncstatus *s, int i)
{
	struct sbuf v[9] = { SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT,
		SBUF_INIT, SBUF_INIT, SBUF_INIT };
	const char *label[9] = { "", tr("Last bundle in:"), tr("Read in at:"),
		tr("Last bundle out:"), tr("Written at:"), tr("Acknowledged up to:"),
		tr("Waiting for it:"), tr("Held from it:"), tr("Newest data from it:") };
	char when[32];
	int attr, age, lw = 0;

	sbuf_addf(&v[0], "%s  %s", ui_syncstatus_cell(s, i, BUNDLE_ST_OFFICE),
	    ui_syncstatus_cell(s, i, BUNDLE_ST_NAME));
	sbuf_add(&v[1], ui_syncstatus_cell(s, i, BUNDLE_ST_IN_LABEL));
	sbuf_add(&v[2], label_time(rows_get(&s->r, (size_t)i, BUNDLE_ST_IN_AT), when, sizeof when));
	sbuf_add(&v[3], ui_syncstatus_cell(s, i, BUNDLE_ST_OUT_LABEL));
	sbuf_add(&v[4], label_time(rows_get(&s->r, (size_t)i, BUNDLE_ST_OUT_AT), when,
	    sizeof when));
	sbuf_add(&v[5], ui_syncstatus_cell(s, i, BUNDLE_ST_ACKED));
	sbuf_addf(&v[6], tr("%s changes not yet acknowledged"), ui_syncstatus_cell(s, i,
	    BUNDLE_ST_WAITING));
	sbuf_addf(&v[7], tr("%s held, waiting for earlier bundles"),
	    ui_syncstatus_cell(s, i, BUNDLE_ST_HELD));
	age = ui_syncstatus_age(a, s, i, &attr);
	if (age < 0)
		sbuf_add(&v[8], tr("no data from it yet"));
	else
		sbuf_addf(&v[8], tr("%s (%d days old)"), label_time(rows_get(&s->r, (size_t)i,
		    BUNDLE_ST_NEWEST), when, sizeof when), age);
	for (int k = 1; k < 9; k++)
		if (utf8_width(label[k]) > lw)
			lw = utf8_width(label[k]);
	if (lw > a->cols / 2)
		lw = a->cols / 2;
	widget_text(1, 1, a->cols - 2, sbuf_str(&v[0]), tui_attr(a, TC_HEADER));
	sbuf_free(&v[0]);
	for (int k = 1; k < 9; k++) {
		widget_text(2 + k, 2, lw, label[k], tui_attr(a, TC_KEY));
		widget_text(2 + k, 3 + lw, a->cols - 4 - lw, sbuf_str(&v[k]), k == 8 ? attr : 0);
		sbuf_free(&v[k]);
	}
	if (age > UI_SYNCSTATUS_STALE)
		widget_text(12, 2, a->cols - 4, tr("Its newest data is more than 14 days old: ask "
		    "the office for a bundle."), attr);
}

/* Draw the headings and one line per office (or the one under the cursor, whole). */
static void
ui_syncstatus_draw(struct app *a, void *st)
{
	struct syncstatus *s = st;
	struct sbuf in = SBUF_INIT, out = SBUF_INIT, age = SBUF_INIT;
	char right[64];
	/* code, name, in, out, acked, waiting, held, newest: the name takes what is left */
	int x[8] = { 1, 11, 0, 0, 0, 0, 0, 0 }, w[8] = { 9, 0, 11, 11, 6, 7, 4, 8 };

	right[0] = '\0';
	if (!s->failed)
		snprintf(right, sizeof right, tr("%d offices "), (int)s->r.n);
	widget_title(a, tr(" Sync status"), right);
	if (s->detail && ui_syncstatus_current(s) >= 0) {
		ui_syncstatus_draw_detail(a, s, ui_syncstatus_current(s));
		return;
	}
	x[7] = a->cols - w[7] - 1;
	for (int k = 6; k >= 2; k--)
		x[k] = x[k + 1] - w[k] - 1;
	w[1] = x[2] - x[1] - 1;
	const char *head[8] = { tr("OFFICE"), tr("OFFICE NAME"), tr("LAST IN"), tr("LAST OUT"),
		tr("ACKED"), tr("WAITING"), tr("HELD"), tr("NEWEST DATA") };
	for (int k = 0; k < 8; k++)
		widget_text(1, x[k], w[k], head[k], tui_attr(a, TC_HEADER));
	if (s->r.n == 0 && !s->failed)
		widget_text(3, 2, a->cols - 4, tr("No office is trusted yet: sync trust adds one."),
		    tui_attr(a, TC_DIM));
	for (int i = s->list.top, y = 2; i < s->list.n && y < a->rows - 2; i++, y++) {
		int sel = i == s->list.cur ? tui_attr(a, TC_SELECT) : 0, stale;
		sbuf_reset(&in);
		sbuf_reset(&out);
		sbuf_reset(&age);
		ui_syncstatus_bundle(&in, rows_get(&s->r, (size_t)i, BUNDLE_ST_IN_LABEL),
		    rows_get(&s->r, (size_t)i, BUNDLE_ST_IN_AT));
		ui_syncstatus_bundle(&out, rows_get(&s->r, (size_t)i, BUNDLE_ST_OUT_LABEL),
		    rows_get(&s->r, (size_t)i, BUNDLE_ST_OUT_AT));
		int days = ui_syncstatus_age(a, s, i, &stale);
		if (days < 0)
			sbuf_add(&age, "-");
		else
			sbuf_addf(&age, tr("%d days"), days);
		const char *cells[8] = { ui_syncstatus_cell(s, i, BUNDLE_ST_OFFICE),
			ui_syncstatus_cell(s, i, BUNDLE_ST_NAME), sbuf_str(&in), sbuf_str(&out),
			ui_syncstatus_cell(s, i, BUNDLE_ST_ACKED),
			ui_syncstatus_cell(s, i, BUNDLE_ST_WAITING),
			ui_syncstatus_cell(s, i, BUNDLE_ST_HELD), sbuf_str(&age) };
		if (sel != 0)
			widget_text(y, 0, a->cols, "", sel);
		for (int k = 0; k < 8; k++)
			widget_text(y, x[k], w[k], cells[k], k == 7 && stale != 0 ? sel | stale : sel);
	}
	sbuf_free(&in);
	sbuf_free(&out);
	sbuf_free(&age);
}

/* Read the status again, keeping the cursor where it was when it can. */
static int
ui_syncstatus_reload(struct app *a, void *st)
{
	struct syncstatus *s = st;
	struct diag d = DIAG_INIT;

	rows_free(&s->r);
	s->failed = bundle_status(a->ses->db, &s->r, &d) != 0;
	if (s->failed)
		tui_message(a, true, "%s", d.msg);
	list_set(&s->list, (int)s->r.n, ui_syncstatus_height(a));
	return TUI_DRAW;
}

/* The rows and how many show, for the movement keys. */
static struct list *
ui_syncstatus_list(struct app *a, void *st, int *height)
{
	*height = ui_syncstatus_height(a);
	return &((struct syncstatus *)st)->list;
}

/* Enter: the office under the cursor whole, or back to the table. */
static int
ui_syncstatus_enter(struct app *a, void *st)
{
	struct syncstatus *s = st;

	(void)a;
	if (ui_syncstatus_current(s) < 0)
		return TUI_NONE;
	s->detail = !s->detail;
	return TUI_DRAW;
}

/* q or Esc: from an office back to the table, from the table back to the caseload. */
static int
ui_syncstatus_back(struct app *a, void *st)
{
	struct syncstatus *s = st;

	(void)a;
	if (!s->detail)
		return TUI_POP;
	s->detail = false;
	return TUI_DRAW;
}

/* Free the screen's state. */
static void
ui_syncstatus_free(void *st)
{
	struct syncstatus *s = st;

	rows_free(&s->r);
	free(s);
}

static const struct binding ui_syncstatus_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "show", .bottom = true, .fn = ui_syncstatus_enter },
	{ .key = '\n', .keyname = "Enter", .label = "show", .fn = ui_syncstatus_enter },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "show", .fn = ui_syncstatus_enter },
	{ .key = 'q', .keyname = "q", .label = "back", .bottom = true, .fn = ui_syncstatus_back },
	{ .key = 27, .keyname = "Esc", .label = "back", .fn = ui_syncstatus_back },
	{ .key = 0 },
};

static const struct screen ui_syncstatus_screen = {
	.title = "Sync status",
	.draw = ui_syncstatus_draw,
	.reload = ui_syncstatus_reload,
	.free = ui_syncstatus_free,
	.keys = ui_syncstatus_keys,
	.list_keys = list_keys,
	.list = ui_syncstatus_list,
};

/* Open the sync status, one line per trusted office. */
int
ui_syncstatus_open(struct app *a, void *st)
{
	struct syncstatus *s = xcalloc(1, sizeof *s);

	(void)st;
	rows_init(&s->r, BUNDLE_ST_NCOL);
	return tui_push(a, &ui_syncstatus_screen, s);
}
