/* The office at a glance (issue 16): open cases by counselor and stage, follow-ups overdue and
 * cases not contacted by counselor, registrations and exits to a job by week, money by month and
 * benefit, decisions awaiting approval; counts with bars in block characters, for an office and
 * a range of days. Enter on a counselor's count opens the cases behind it. The figures are
 * core/report.c's, the same as `jobdesk report`'s. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "core/session.h"
#include "tui/list.h"
#include "tui/ui-caseload.h"
#include "tui/ui-dashboard.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What Enter on a line opens. */
enum { DL_NONE, DL_CASES, DL_FOLLOWUPS };

enum { STAGES = 6, NAMEW = 8, CELLW = 9 };

/* The caseload report's stage columns, in its order (1..6; 7 is the open total). */
static const char *const dash_stages[STAGES] = { "registered", "training", "internship",
	"startup", "grassroots", "employed" };

struct dline {
	char *text;        /* the line as drawn (a heading, a table row) */
	int attr;          /* TC_* pair for headings, 0 */
	int what;          /* DL_* */
	char *counselor;   /* whose cases */
	int ncell;         /* the line's count cells a cursor can choose (caseload rows) */
	long long cells[STAGES + 1];
};

struct dash {
	char *office;          /* its code, NULL for every office */
	int from, to;          /* day numbers */
	struct dline *lines;
	int n;
	struct list list;      /* the cursor on the lines */
	int cell;              /* the count cell chosen on a counselor's row */
};

/* Rows of lines that fit. */
static int
ui_dash_height(const struct app *a)
{
	int h = a->rows - 3;
	return h < 1 ? 1 : h;
}

/* Forget the lines. */
static void
ui_dash_clear(struct dash *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->lines[i].text);
		free(s->lines[i].counselor);
	}
	free(s->lines);
	s->lines = NULL;
	s->n = 0;
}

/* Add a line; returns it for its action. */
static struct dline *
ui_dash_add(struct dash *s, const char *text, int attr)
{
	s->lines = xreallocarray(s->lines, (size_t)s->n + 1, sizeof *s->lines);
	struct dline *l = &s->lines[s->n++];
	memset(l, 0, sizeof *l);
	l->text = xstrdup(text);
	l->attr = attr;
	return l;
}

/* A horizontal bar of value against most in cols columns: full blocks and an eighth. */
static void
ui_dash_bar(struct sbuf *out, long long value, long long most, int cols)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

	if (most <= 0 || value <= 0)
		return;
	long long eighths = (value * cols * 8 + most - 1) / most;
	for (long long i = 0; i < eighths / 8; i++)
		sbuf_add(out, "█");
	sbuf_add(out, part[eighths % 8]);
}

/* A spark line of n values, one block (▁ to █) each against the largest. */
static void
ui_dash_spark(struct sbuf *out, const long long *v, int n)
{
	static const char *const level[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	long long most = 0;

	for (int i = 0; i < n; i++)
		most = v[i] > most ? v[i] : most;
	for (int i = 0; i < n; i++)
		sbuf_add(out, most <= 0 || v[i] <= 0 ? " " : level[(v[i] * 7 + most - 1) / most]);
}

/* A cell of a report row as a number (0 when none). */
static long long
ui_dash_num(const struct report *r, size_t i, int k)
{
	const char *v = rows_get(&r->rows, i, k);
	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

/* Run a report for the screen's office and days; the failure on the message line. */
static int
ui_dash_run(struct app *a, struct dash *s, enum report_kind kind, struct report *r)
{
	char from[11], to[11];
	struct report_filter f = { .office = s->office, .from = date_format(s->from, from),
		.to = date_format(s->to, to), .today = a->ses->today };
	struct diag d = DIAG_INIT;

	memset(r, 0, sizeof *r);
	if (report_run(a->ses->db, kind, &f, r, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		report_free(r);
		return -1;
	}
	return 0;
}

/* Open cases: a row a counselor, a count a stage, the total and a bar. */
static void
ui_dash_caseload(struct app *a, struct dash *s, struct sbuf *b)
{
	struct report r;
	long long most = 0;

	if (ui_dash_run(a, s, REPORT_CASELOAD, &r) != 0)
		return;
	ui_dash_add(s, tr("Open cases by counselor and stage"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr("Counselor"), NAMEW, true);
	for (int k = 1; k <= STAGES + 1; k++) {
		sbuf_addc(b, ' ');
		utf8_fit(b, tr(r.cols[k].head), CELLW - 1, true);
	}
	ui_dash_add(s, sbuf_str(b), 0)->attr = -1;
	for (size_t i = 0; i < r.rows.n; i++)
		most = ui_dash_num(&r, i, STAGES + 1) > most ? ui_dash_num(&r, i, STAGES + 1) : most;
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		sbuf_reset(b);
		utf8_fit(b, who != NULL ? who : tr("nobody"), NAMEW, true);
		long long cells[STAGES + 1];
		for (int k = 1; k <= STAGES + 1; k++)
			sbuf_addf(b, " %*lld", CELLW - 1, cells[k - 1] = ui_dash_num(&r, i, k));
		sbuf_addc(b, ' ');
		ui_dash_bar(b, ui_dash_num(&r, i, STAGES + 1), most, a->cols - NAMEW - 7 * CELLW - 4);
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		if (who != NULL) {
			l->what = DL_CASES;
			l->counselor = xstrdup(who);
			l->ncell = STAGES + 1;
			memcpy(l->cells, cells, sizeof cells);
		}
	}
	if (r.rows.n == 0)
		ui_dash_add(s, tr("No open cases."), TC_DIM);
	report_free(&r);
}

/* Follow-ups overdue and cases not contacted in 30 days, by counselor, with a bar. */
static void
ui_dash_followups(struct app *a, struct dash *s, struct sbuf *b)
{
	struct report r;
	long long most = 0;

	if (ui_dash_run(a, s, REPORT_FOLLOWUPS, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Follow-ups by counselor"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr("Counselor"), NAMEW, true);
	sbuf_addc(b, ' ');
	utf8_fit(b, tr(r.cols[1].head), 14, true);
	sbuf_addc(b, ' ');
	utf8_fit(b, tr(r.cols[2].head), 14, true);
	ui_dash_add(s, sbuf_str(b), 0)->attr = -1;
	for (size_t i = 0; i < r.rows.n; i++)
		most = ui_dash_num(&r, i, 1) > most ? ui_dash_num(&r, i, 1) : most;
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		sbuf_reset(b);
		utf8_fit(b, who != NULL ? who : tr("nobody"), NAMEW, true);
		sbuf_addf(b, " %14lld %14lld ", ui_dash_num(&r, i, 1), ui_dash_num(&r, i, 2));
		ui_dash_bar(b, ui_dash_num(&r, i, 1), most, a->cols - NAMEW - 34);
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		if (who != NULL && ui_dash_num(&r, i, 1) > 0) {
			l->what = DL_FOLLOWUPS;
			l->counselor = xstrdup(who);
		}
	}
	if (r.rows.n == 0)
		ui_dash_add(s, tr("No follow-ups overdue."), TC_DIM);
	report_free(&r);
}

/* Registrations and exits to a job by week: a spark line each over the weeks of the range. */
static void
ui_dash_weekly(struct app *a, struct dash *s, struct sbuf *b)
{
	struct report r;
	long long reg[64], out[64], treg = 0, tout = 0;
	int n = 0;

	if (ui_dash_run(a, s, REPORT_WEEKLY, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Registrations and exits to a job by week"), TC_HEADER);
	/* the last 64 weeks of the range at most, one block a week */
	size_t first = r.rows.n > 64 ? r.rows.n - 64 : 0;
	for (size_t i = first; i < r.rows.n; i++, n++) {
		treg += reg[n] = ui_dash_num(&r, i, 1);
		tout += out[n] = ui_dash_num(&r, i, 2);
	}
	if (n == 0) {
		ui_dash_add(s, tr("No registrations or exits in these days."), TC_DIM);
		report_free(&r);
		return;
	}
	sbuf_reset(b);
	sbuf_addf(b, tr("weeks from %s to %s"), rows_get(&r.rows, first, 0),
	    rows_get(&r.rows, r.rows.n - 1, 0));
	ui_dash_add(s, sbuf_str(b), TC_DIM);
	sbuf_reset(b);
	utf8_fit(b, tr(r.cols[1].head), 14, true);
	sbuf_addf(b, " %6lld  ", treg);
	ui_dash_spark(b, reg, n);
	ui_dash_add(s, sbuf_str(b), 0);
	sbuf_reset(b);
	utf8_fit(b, tr(r.cols[2].head), 14, true);
	sbuf_addf(b, " %6lld  ", tout);
	ui_dash_spark(b, out, n);
	ui_dash_add(s, sbuf_str(b), 0);
	report_free(&r);
}

/* Money by month and benefit: awaiting approval, approved and paid, in yuan. */
static void
ui_dash_money(struct app *a, struct dash *s, struct sbuf *b)
{
	const struct policyset *ps = tui_policies(a, false);
	struct report r;
	char buf[64];
	int polw = a->cols - 8 - 3 * 13 - 3;

	if (ui_dash_run(a, s, REPORT_MONEY, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Money by month and benefit"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr(r.cols[0].head), 7, true);
	sbuf_addc(b, ' ');
	utf8_fit(b, tr(r.cols[1].head), polw, true);
	for (int k = 2; k <= 4; k++) {
		sbuf_addc(b, ' ');
		utf8_fit(b, tr(r.cols[k].head), 12, true);
	}
	ui_dash_add(s, sbuf_str(b), 0)->attr = -1;
	for (size_t i = 0; i < r.rows.n; i++) {
		sbuf_reset(b);
		utf8_fit(b, rows_get(&r.rows, i, 0) ? rows_get(&r.rows, i, 0) : "-", 7, true);
		sbuf_addc(b, ' ');
		utf8_fit(b, report_word(ps, REPORT_POLICY, rows_get(&r.rows, i, 1), true, buf,
		    sizeof buf), polw, true);
		for (int k = 2; k <= 4; k++) {
			sbuf_addc(b, ' ');
			const char *w = report_word(ps, REPORT_FEN, rows_get(&r.rows, i, k), true, buf,
			    sizeof buf);
			int pad = 12 - utf8_width(w);
			sbuf_addf(b, "%*s%s", pad > 0 ? pad : 0, "", w);
		}
		ui_dash_add(s, sbuf_str(b), 0);
	}
	if (r.rows.n == 0)
		ui_dash_add(s, tr("No decisions with money in these days."), TC_DIM);
	report_free(&r);
}

/* How many decisions await approval, and since when. */
static void
ui_dash_pending(struct app *a, struct dash *s, struct sbuf *b)
{
	struct report r;

	if (ui_dash_run(a, s, REPORT_PENDING, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Awaiting approval"), TC_HEADER);
	sbuf_reset(b);
	if (r.rows.n == 0)
		sbuf_add(b, tr("No decision awaits approval."));
	else
		sbuf_addf(b, trn("%zu decision awaits approval, the oldest of %s.",
		    "%zu decisions await approval, the oldest of %s.", r.rows.n), r.rows.n,
		    rows_get(&r.rows, 0, 0) ? rows_get(&r.rows, 0, 0) : "-");
	ui_dash_add(s, sbuf_str(b), r.rows.n > 0 ? TC_WARN : TC_DIM);
	report_free(&r);
}

/* Whether line i is one a cursor stops on. */
static bool
ui_dash_selectable(const struct dash *s, int i)
{
	return i >= 0 && i < s->n && s->lines[i].what != DL_NONE;
}

/* Read every figure again. */
static int
ui_dash_reload(struct app *a, void *st)
{
	struct dash *s = st;
	struct sbuf b = SBUF_INIT;

	ui_dash_clear(s);
	ui_dash_caseload(a, s, &b);
	ui_dash_followups(a, s, &b);
	ui_dash_weekly(a, s, &b);
	ui_dash_money(a, s, &b);
	ui_dash_pending(a, s, &b);
	sbuf_free(&b);
	list_set(&s->list, s->n, ui_dash_height(a));
	return TUI_DRAW;
}

/* Draw the figures; the chosen line and count cell highlighted. */
static void
ui_dash_draw(struct app *a, void *st)
{
	struct dash *s = st;
	struct sbuf t = SBUF_INIT;
	char from[11], to[11], right[64];
	int h = ui_dash_height(a);

	sbuf_addf(&t, " jobdesk · %s · %s · ", tr("Office at a glance"),
	    s->office != NULL ? s->office : tr("every office"));
	sbuf_addf(&t, tr("%s to %s"), date_format(s->from, from), date_format(s->to, to));
	snprintf(right, sizeof right, "%s  %s ", a->ses->user, a->ses->today_text);
	widget_title(a, sbuf_str(&t), right);
	sbuf_free(&t);
	for (int i = s->list.top, y = 1; i < s->n && y < 1 + h; i++, y++) {
		const struct dline *l = &s->lines[i];
		int attr = 0;
		if (l->attr == -1)
			attr = (int)(A_BOLD | A_UNDERLINE);
		else if (l->attr == TC_HEADER)
			attr = (int)A_BOLD;
		else if (l->attr > 0)
			attr = tui_attr(a, l->attr);
		bool sel = i == s->list.cur;
		move(y, 0);
		clrtoeol();
		widget_text(y, 1, a->cols - 2, l->text, sel && l->ncell == 0 ?
		    tui_attr(a, TC_SELECT) | attr : attr);
		if (sel && l->ncell > 0) {
			/* the chosen count, and the counselor's name, so the row stays readable */
			char cell[32];
			snprintf(cell, sizeof cell, "%*lld", CELLW - 1, l->cells[s->cell]);
			widget_text(y, 1, NAMEW, l->counselor, tui_attr(a, TC_SELECT));
			widget_text(y, 1 + NAMEW + 1 + s->cell * CELLW, CELLW - 1, cell,
			    tui_attr(a, TC_SELECT));
		}
	}
}

/* The lines and how many show, for the list keys. */
static struct list *
ui_dash_list(struct app *a, void *st, int *height)
{
	*height = ui_dash_height(a);
	return &((struct dash *)st)->list;
}

/* Left and Right: the count cell of a counselor's row (a stage, or the open total). */
static int
ui_dash_cell(struct dash *s, int delta)
{
	if (!ui_dash_selectable(s, s->list.cur) || s->lines[s->list.cur].ncell == 0)
		return TUI_NONE;
	int n = s->lines[s->list.cur].ncell;
	s->cell = (s->cell + delta + n) % n;
	return TUI_DRAW;
}

/* Right: the next count. */
static int
ui_dash_right(struct app *a, void *st)
{
	(void)a;
	return ui_dash_cell(st, 1);
}

/* Left: the count before. */
static int
ui_dash_left(struct app *a, void *st)
{
	(void)a;
	return ui_dash_cell(st, -1);
}

/* Enter: the cases behind the chosen count. */
static int
ui_dash_open(struct app *a, void *st)
{
	struct dash *s = st;

	if (!ui_dash_selectable(s, s->list.cur)) {
		tui_message(a, false, "%s", tr("Enter opens the cases behind a counselor's count."));
		return TUI_DRAW;
	}
	const struct dline *l = &s->lines[s->list.cur];
	if (l->what == DL_FOLLOWUPS)
		return ui_caseload_open_for(a, l->counselor, NULL, true);
	return ui_caseload_open_for(a, l->counselor, s->cell < STAGES ? dash_stages[s->cell] :
	    NULL, false);
}

/* o: the office (its code; empty for every office). */
static int
ui_dash_office(struct app *a, void *st)
{
	struct dash *s = st;
	char code[64];

	if (!tui_prompt(a, tr("Office code (empty for every office):"), s->office, code,
	    sizeof code))
		return TUI_DRAW;
	free(s->office);
	s->office = code[0] != '\0' ? xstrdup(code) : NULL;
	return TUI_RELOAD;
}

/* Ask for a day, keeping *day when the answer is not a date. */
static bool
ui_dash_ask_day(struct app *a, const char *question, int *day)
{
	char text[32], now[11];

	if (!tui_prompt(a, question, date_format(*day, now), text, sizeof text))
		return false;
	if (date_parse(text, day) != 0) {
		tui_message(a, true, tr("'%.40s' is not a date; expected YYYY-MM-DD, e.g. 2017-07-01"),
		    text);
		return false;
	}
	return true;
}

/* d: the range of days of the figures by date. */
static int
ui_dash_dates(struct app *a, void *st)
{
	struct dash *s = st;
	int from = s->from, to = s->to;

	if (!ui_dash_ask_day(a, tr("From (YYYY-MM-DD):"), &from) ||
	    !ui_dash_ask_day(a, tr("To (YYYY-MM-DD):"), &to))
		return TUI_DRAW;
	if (to < from) {
		tui_message(a, true, "%s", tr("The last day comes before the first; give them the "
		    "other way round."));
		return TUI_DRAW;
	}
	s->from = from;
	s->to = to;
	return TUI_RELOAD;
}

/* Free the screen. */
static void
ui_dash_free(void *st)
{
	struct dash *s = st;

	ui_dash_clear(s);
	free(s->office);
	free(s);
}

/* Lay the bars out again for the new width. */
static void
ui_dash_resize(struct app *a, void *st)
{
	ui_dash_reload(a, st);
}

static const struct binding ui_dash_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open the cases", .bottom = true,
	    .fn = ui_dash_open },
	{ .key = '\n', .keyname = "Enter", .label = "open the cases", .fn = ui_dash_open },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open the cases",
	    .fn = ui_dash_open },
	{ .key = KEY_RIGHT, .fkey = true, .keyname = "Right", .label = "next count",
	    .fn = ui_dash_right },
	{ .key = KEY_LEFT, .fkey = true, .keyname = "Left", .label = "count before",
	    .fn = ui_dash_left },
	{ .key = 'o', .keyname = "o", .label = "office", .bottom = true, .fn = ui_dash_office },
	{ .key = 'd', .keyname = "d", .label = "days", .bottom = true, .fn = ui_dash_dates },
	{ .key = 0 },
};

static const struct screen ui_dash_screen = {
	.title = "Office at a glance",
	.draw = ui_dash_draw,
	.reload = ui_dash_reload,
	.resize = ui_dash_resize,
	.free = ui_dash_free,
	.keys = ui_dash_keys,
	.list_keys = list_keys,
	.list = ui_dash_list,
};

/* Open the office at a glance: every office, the last twelve weeks up to today. */
int
ui_dashboard_open(struct app *a)
{
	struct dash *s = xcalloc(1, sizeof *s);

	s->to = a->ses->today;
	s->from = a->ses->today - 83;
	return tui_push(a, &ui_dash_screen, s);
}
