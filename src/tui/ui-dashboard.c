/* The office at a glance (issue 16): open cases by counselor and stage, follow-ups overdue and
 * cases not contacted by counselor, registrations and exits to a job by week, money by month and
 * benefit, decisions awaiting approval; counts with bars in block characters, for an office and
 * a range of days. Left and Right choose a count on a line, Enter opens the cases behind it. The
 * figures and the cases are core/report.c's, the same as `jobdesk report`'s. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/label.h"
#include "core/report.h"
#include "core/session.h"
#include "tui/list.h"
#include "tui/ui-approvals.h"
#include "tui/ui-caseload.h"
#include "tui/ui-dashboard.h"
#include "tui/ui-person.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What Enter on a line opens: a counselor's caseload (of a stage), a count's cases, or the
 * pending approvals (ui-approvals). */
enum { DL_NONE, DL_CASELOAD, DL_COUNT, DL_APPROVALS };

enum { STAGES = 6, NAMEW = 8, CELLW = 9, MAXCELL = 8, CASES_MOST = 1000 };

/* The caseload report's stage columns, in its order (1..6; 7 is the open total). */
static const char *const dash_stages[STAGES] = { "registered", "training", "internship",
	"startup", "grassroots", "employed" };

struct dline {
	char *text;              /* the line as drawn (a heading, a table row) */
	int attr;                /* TC_* pair for headings, -1 for a table's headings, 0 */
	int what;                /* DL_* */
	enum report_kind kind;   /* the report of its counts */
	char *key, *key2;        /* the row's keys: a counselor, a week, a month; a benefit */
	char *title;             /* what the row is, in words, for the cases' title */
	int leadw;               /* the columns of its key (a name, a week), shown with a count */
	int ncell;               /* the counts a cursor can choose */
	int cellx[MAXCELL];      /* each count's column on the line */
	int cellw[MAXCELL];
	char *cell[MAXCELL];     /* each count as drawn */
	int part[MAXCELL];       /* the statement of each count (report_cell) */
	int column[MAXCELL];     /* and its report column */
	const char *head[MAXCELL];  /* that column's heading (a message id) */
};

struct dash {
	char *office;          /* its code, NULL for every office */
	int from, to;          /* day numbers */
	struct dline *lines;
	int n;
	struct list list;      /* the cursor on the lines */
	int cell;              /* the count chosen, on the lines of one report (cell_kind) */
	enum report_kind cell_kind;
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
		struct dline *l = &s->lines[i];
		free(l->text);
		free(l->key);
		free(l->key2);
		free(l->title);
		for (int k = 0; k < l->ncell; k++)
			free(l->cell[k]);
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

/* Make a line one whose counts open: its report, keys and words, the width of its key. */
static void
ui_dash_opens(struct dline *l, int what, enum report_kind kind, const char *key,
    const char *key2, const char *title, int leadw)
{
	l->what = what;
	l->leadw = leadw;
	l->kind = kind;
	l->key = key != NULL ? xstrdup(key) : NULL;
	l->key2 = key2 != NULL ? xstrdup(key2) : NULL;
	l->title = xstrdup(title);
}

/* Add a count to a line: drawn as text at column x, w wide; counted by statement part from
 * report column column, whose heading is head. */
static void
ui_dash_cell(struct dline *l, int x, int w, const char *text, int part, int column,
    const char *head)
{
	if (l->ncell == MAXCELL)
		return;
	l->cellx[l->ncell] = x;
	l->cellw[l->ncell] = w;
	l->cell[l->ncell] = xstrdup(text);
	l->part[l->ncell] = part;
	l->column[l->ncell] = column;
	l->head[l->ncell] = head;
	l->ncell++;
}

/* Append a count right-aligned in w columns to b, and note it as a cell of the line to come. */
static void
ui_dash_put(struct sbuf *b, int w, const char *text, int *x, int *cw)
{
	int pad = w - utf8_width(text);

	sbuf_addc(b, ' ');
	*x = utf8_width(sbuf_str(b)) + (pad > 0 ? pad : 0);
	*cw = utf8_width(text);
	sbuf_addf(b, "%*s%s", pad > 0 ? pad : 0, "", text);
}

/* Append a column's heading right-aligned in w columns (cut when wider), after a space. */
static void
ui_dash_head(struct sbuf *b, int w, const char *head)
{
	int pad = w - utf8_width(head);

	sbuf_addf(b, " %*s", pad > 0 ? pad : 0, "");
	utf8_fit(b, head, w, false);
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
	char num[24];

	if (ui_dash_run(a, s, REPORT_CASELOAD, &r) != 0)
		return;
	ui_dash_add(s, tr("Open cases by counselor and stage"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr("Counselor"), NAMEW, true);
	for (int k = 1; k <= STAGES + 1; k++)
		ui_dash_head(b, CELLW - 1, tr(r.cols[k].head));
	ui_dash_add(s, sbuf_str(b), -1);
	for (size_t i = 0; i < r.rows.n; i++)
		most = ui_dash_num(&r, i, STAGES + 1) > most ? ui_dash_num(&r, i, STAGES + 1) : most;
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		int x[STAGES + 1], w[STAGES + 1];
		sbuf_reset(b);
		utf8_fit(b, who != NULL ? who : tr("nobody"), NAMEW, true);
		for (int k = 1; k <= STAGES + 1; k++) {
			snprintf(num, sizeof num, "%lld", ui_dash_num(&r, i, k));
			ui_dash_put(b, CELLW - 1, num, &x[k - 1], &w[k - 1]);
		}
		sbuf_addc(b, ' ');
		ui_dash_bar(b, ui_dash_num(&r, i, STAGES + 1), most, a->cols - NAMEW - 7 * CELLW - 4);
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		if (who == NULL)
			continue;
		ui_dash_opens(l, DL_CASELOAD, REPORT_CASELOAD, who, NULL, who, NAMEW);
		for (int k = 1; k <= STAGES + 1; k++) {
			snprintf(num, sizeof num, "%lld", ui_dash_num(&r, i, k));
			ui_dash_cell(l, x[k - 1], w[k - 1], num, 0, k, r.cols[k].head);
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
	char num[2][24];

	if (ui_dash_run(a, s, REPORT_FOLLOWUPS, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Follow-ups by counselor"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr("Counselor"), NAMEW, true);
	ui_dash_head(b, 14, tr(r.cols[1].head));
	ui_dash_head(b, 14, tr(r.cols[2].head));
	ui_dash_add(s, sbuf_str(b), -1);
	for (size_t i = 0; i < r.rows.n; i++)
		most = ui_dash_num(&r, i, 1) > most ? ui_dash_num(&r, i, 1) : most;
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *who = rows_get(&r.rows, i, 0);
		int x[2], w[2];
		sbuf_reset(b);
		utf8_fit(b, who != NULL ? who : tr("nobody"), NAMEW, true);
		for (int k = 0; k < 2; k++) {
			snprintf(num[k], sizeof num[k], "%lld", ui_dash_num(&r, i, k + 1));
			ui_dash_put(b, 14, num[k], &x[k], &w[k]);
		}
		sbuf_addc(b, ' ');
		ui_dash_bar(b, ui_dash_num(&r, i, 1), most, a->cols - NAMEW - 34);
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		ui_dash_opens(l, DL_COUNT, REPORT_FOLLOWUPS, who, NULL, who != NULL ? who :
		    tr("nobody"), NAMEW);
		for (int k = 0; k < 2; k++)
			ui_dash_cell(l, x[k], w[k], num[k], k, k + 1, r.cols[k + 1].head);
	}
	if (r.rows.n == 0)
		ui_dash_add(s, tr("No follow-ups overdue."), TC_DIM);
	report_free(&r);
}

/* Registrations and exits to a job by week: a spark line each over the weeks of the range,
 * then a line a week with its two counts. */
static void
ui_dash_weekly(struct app *a, struct dash *s, struct sbuf *b)
{
	struct report r;
	long long reg[64], out[64], treg = 0, tout = 0;
	char num[2][24];
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
	for (int k = 1; k <= 2; k++) {
		sbuf_reset(b);
		utf8_fit(b, tr(r.cols[k].head), 14, true);
		sbuf_addf(b, " %6lld  ", k == 1 ? treg : tout);
		ui_dash_spark(b, k == 1 ? reg : out, n);
		ui_dash_add(s, sbuf_str(b), 0);
	}
	sbuf_reset(b);
	utf8_fit(b, tr(r.cols[0].head), 14, true);
	ui_dash_head(b, 14, tr(r.cols[1].head));
	ui_dash_head(b, 14, tr(r.cols[2].head));
	ui_dash_add(s, sbuf_str(b), -1);
	for (size_t i = r.rows.n; i-- > first; ) {   /* the newest week first */
		const char *week = rows_get(&r.rows, i, 0);
		int x[2], w[2];
		sbuf_reset(b);
		utf8_fit(b, week != NULL ? week : "-", 14, true);
		for (int k = 0; k < 2; k++) {
			snprintf(num[k], sizeof num[k], "%lld", ui_dash_num(&r, i, k + 1));
			ui_dash_put(b, 14, num[k], &x[k], &w[k]);
		}
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		if (week == NULL)
			continue;
		sbuf_reset(b);
		sbuf_addf(b, tr("the week from %s"), week);
		ui_dash_opens(l, DL_COUNT, REPORT_WEEKLY, week, NULL, sbuf_str(b), 14);
		for (int k = 0; k < 2; k++)
			ui_dash_cell(l, x[k], w[k], num[k], k, k + 1, r.cols[k + 1].head);
	}
	report_free(&r);
}

/* Money by month and benefit: awaiting approval, approved and paid, in yuan. */
static void
ui_dash_money(struct app *a, struct dash *s, struct sbuf *b)
{
	const struct policyset *ps = tui_policies(a, false);
	struct report r;
	char buf[64], money[3][64];
	int polw = a->cols - 8 - 3 * 13 - 3;

	if (ui_dash_run(a, s, REPORT_MONEY, &r) != 0)
		return;
	ui_dash_add(s, "", 0);
	ui_dash_add(s, tr("Money by month and benefit"), TC_HEADER);
	sbuf_reset(b);
	utf8_fit(b, tr(r.cols[0].head), 7, true);
	sbuf_addc(b, ' ');
	utf8_fit(b, tr(r.cols[1].head), polw, true);
	for (int k = 2; k <= 4; k++)
		ui_dash_head(b, 12, tr(r.cols[k].head));
	ui_dash_add(s, sbuf_str(b), -1);
	for (size_t i = 0; i < r.rows.n; i++) {
		const char *month = rows_get(&r.rows, i, 0), *pol = rows_get(&r.rows, i, 1);
		const char *title = report_word(ps, REPORT_POLICY, pol, true, buf, sizeof buf);
		int x[3], w[3];
		sbuf_reset(b);
		utf8_fit(b, month != NULL ? month : "-", 7, true);
		sbuf_addc(b, ' ');
		utf8_fit(b, title, polw, true);
		for (int k = 0; k < 3; k++) {
			snprintf(money[k], sizeof money[k], "%s", report_word(ps, REPORT_FEN,
			    rows_get(&r.rows, i, k + 2), true, buf, sizeof buf));
			ui_dash_put(b, 12, money[k], &x[k], &w[k]);
		}
		struct dline *l = ui_dash_add(s, sbuf_str(b), 0);
		if (month == NULL || pol == NULL)
			continue;
		sbuf_reset(b);
		sbuf_addf(b, "%s · %s", month, report_word(ps, REPORT_POLICY, pol, true, buf,
		    sizeof buf));
		ui_dash_opens(l, DL_COUNT, REPORT_MONEY, month, pol, sbuf_str(b), 7);
		for (int k = 0; k < 3; k++)
			ui_dash_cell(l, x[k], w[k], money[k], 0, k + 2, r.cols[k + 2].head);
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
	struct dline *l = ui_dash_add(s, sbuf_str(b), r.rows.n > 0 ? TC_WARN : TC_DIM);
	if (r.rows.n > 0)
		l->what = DL_APPROVALS;   /* Enter: the approvals screen, oldest first */
	report_free(&r);
}

/* The count chosen on a line: the same column as on the line before when both are of one
 * report (stage by stage down the caseload), else the first. */
static int
ui_dash_chosen(const struct dash *s, const struct dline *l)
{
	return l->kind == s->cell_kind && s->cell < l->ncell ? s->cell : 0;
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
		/* a line that opens as a whole (the approvals) is highlighted in the selection's
		 * colour alone: two colour pairs do not combine */
		widget_text(y, 1, a->cols - 2, l->text, sel && l->ncell == 0 ?
		    tui_attr(a, TC_SELECT) : attr);
		if (sel && l->ncell > 0) {
			/* the chosen count alone highlighted, and the row's first words with it */
			int c = ui_dash_chosen(s, l);
			struct sbuf lead = SBUF_INIT;
			utf8_fit(&lead, l->key != NULL ? l->key : l->title, l->leadw, true);
			widget_text(y, 1, l->leadw, sbuf_str(&lead), tui_attr(a, TC_SELECT));
			sbuf_free(&lead);
			widget_text(y, 1 + l->cellx[c], l->cellw[c], l->cell[c], tui_attr(a, TC_SELECT));
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

/* Left and Right: the count of the line (a stage, the total; overdue or not contacted;
 * registrations or exits; awaiting approval, approved or paid). */
static int
ui_dash_step(struct dash *s, int delta)
{
	if (!ui_dash_selectable(s, s->list.cur) || s->lines[s->list.cur].ncell == 0)
		return TUI_NONE;
	const struct dline *l = &s->lines[s->list.cur];
	s->cell = (ui_dash_chosen(s, l) + delta + l->ncell) % l->ncell;
	s->cell_kind = l->kind;
	return TUI_DRAW;
}

/* Right: the next count. */
static int
ui_dash_right(struct app *a, void *st)
{
	(void)a;
	return ui_dash_step(st, 1);
}

/* Left: the count before. */
static int
ui_dash_left(struct app *a, void *st)
{
	(void)a;
	return ui_dash_step(st, -1);
}

/* The cases behind a count: a line a person, Enter opens them. */
struct dcases {
	char *title;
	struct rows r;
	long long count;   /* the count they are behind */
	struct list list;
};

/* Draw the cases. */
static void
ui_dash_cases_draw(struct app *a, void *st)
{
	struct dcases *c = st;
	struct sbuf t = SBUF_INIT;
	int h = a->rows - 4, hdr = (int)(A_BOLD | A_UNDERLINE);

	sbuf_addf(&t, " %s · %s", tr("Office at a glance"), c->title);
	widget_title(a, sbuf_str(&t), NULL);
	sbuf_reset(&t);
	if ((long long)c->r.n < c->count)
		sbuf_addf(&t, tr("the first %zu of %lld, by name"), c->r.n, c->count);
	else
		sbuf_addf(&t, trn("%zu case", "%zu cases", c->r.n), c->r.n);
	move(1, 0);
	clrtoeol();
	widget_text(1, 1, 12, tr("Name"), hdr);
	widget_text(1, 14, 18, tr("ID number"), hdr);
	widget_text(1, 34, 10, tr("Stage"), hdr);
	widget_text(1, 46, 12, tr("Counselor"), hdr);
	widget_text(1, 60, a->cols - 61, sbuf_str(&t), tui_attr(a, TC_DIM));
	sbuf_free(&t);
	for (int i = c->list.top, y = 2; i < (int)c->r.n && y < 2 + h; i++, y++) {
		int sel = i == c->list.cur ? tui_attr(a, TC_SELECT) : 0;
		char masked[19];
		if (sel != 0) {
			attron(sel);
			mvhline(y, 0, ' ', a->cols);
			attroff(sel);
		}
		idnum_mask(rows_get(&c->r, (size_t)i, RC_ID_NUMBER), masked);
		widget_text(y, 1, 12, rows_get(&c->r, (size_t)i, RC_NAME), sel);
		widget_text(y, 14, 18, masked, sel);
		widget_text(y, 34, 10, label_value(rows_get(&c->r, (size_t)i, RC_STAGE)), sel);
		widget_text(y, 46, 12, rows_get(&c->r, (size_t)i, RC_COUNSELOR) ?
		    rows_get(&c->r, (size_t)i, RC_COUNSELOR) : "-", sel);
	}
}

/* The cases and how many show. */
static struct list *
ui_dash_cases_list(struct app *a, void *st, int *height)
{
	*height = a->rows - 4;
	return &((struct dcases *)st)->list;
}

/* Free the cases. */
static void
ui_dash_cases_free(void *st)
{
	struct dcases *c = st;

	rows_free(&c->r);
	free(c->title);
	free(c);
}

/* Enter on a case: the person. */
static int
ui_dash_cases_open(struct app *a, void *st)
{
	struct dcases *c = st;

	if (c->r.n == 0)
		return TUI_DRAW;
	return ui_person_open(a, rows_get(&c->r, (size_t)c->list.cur, RC_ID));
}

static const struct binding ui_dash_cases_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open", .bottom = true,
	    .fn = ui_dash_cases_open },
	{ .key = '\n', .keyname = "Enter", .label = "open", .fn = ui_dash_cases_open },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open",
	    .fn = ui_dash_cases_open },
	{ .key = 0 },
};

static const struct screen ui_dash_cases_screen = {
	.title = "Office at a glance",
	.draw = ui_dash_cases_draw,
	.free = ui_dash_cases_free,
	.keys = ui_dash_cases_keys,
	.list_keys = list_keys,
	.list = ui_dash_cases_list,
};

/* Enter: the cases behind the chosen count. */
static int
ui_dash_open(struct app *a, void *st)
{
	struct dash *s = st;

	if (!ui_dash_selectable(s, s->list.cur)) {
		tui_message(a, false, "%s", tr("Enter on a count opens the cases behind it."));
		return TUI_DRAW;
	}
	const struct dline *l = &s->lines[s->list.cur];
	int k = ui_dash_chosen(s, l);
	if (l->what == DL_APPROVALS)
		return ui_approvals_open(a, NULL);
	if (l->what == DL_CASELOAD)
		return ui_caseload_open_for(a, l->key, k < STAGES ? dash_stages[k] : NULL, false);
	char from[11], to[11];
	struct report_filter f = { .office = s->office, .from = date_format(s->from, from),
		.to = date_format(s->to, to), .today = a->ses->today };
	struct report_cell cell = { l->kind, l->part[k], l->key, l->key2, l->column[k] };
	struct diag d = DIAG_INIT;
	struct dcases *c = xcalloc(1, sizeof *c);
	if (report_cases(a->ses->db, &f, &cell, CASES_MOST, &c->r, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		ui_dash_cases_free(c);
		return TUI_DRAW;
	}
	/* the count a money cell stands for is of persons: as many as were found */
	c->count = l->kind == REPORT_MONEY ? (long long)c->r.n : strtoll(l->cell[k], NULL, 10);
	struct sbuf t = SBUF_INIT;
	sbuf_addf(&t, "%s · %s", l->title, tr(l->head[k]));
	c->title = xstrdup(sbuf_str(&t));
	sbuf_free(&t);
	list_set(&c->list, (int)c->r.n, a->rows - 4);
	tui_push(a, &ui_dash_cases_screen, c);
	return TUI_DRAW;
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
