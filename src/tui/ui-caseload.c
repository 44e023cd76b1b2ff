/* The caseload: my cases (or the office's) page by page, sorted and filtered, with the day's
 * follow-ups on one key. Pages are read in keyset order, so a million rows are never loaded. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/caseload.h"
#include "core/note.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/list.h"
#include "tui/ui-dashboard.h"
#include "tui/ui-audit.h"
#include "tui/ui-caseload.h"
#include "tui/ui-search.h"
#include "tui/ui-person.h"
#include "tui/ui-form.h"
#include "tui/ui-approvals.h"
#include "tui/ui-conflicts.h"
#include "tui/ui-syncstatus.h"
#include "tui/ui-benefits.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum { MAXROWS = 256 };

static const char *const stages[] = { NULL, "registered", "training", "internship", "startup",
	"grassroots", "employed", "closed" };
static const int flags[] = { 0, CASE_LOW_INCOME, CASE_REGISTERED_POOR, CASE_DISABLED,
	CASE_ZERO_EMPLOYMENT, CASE_DIFFICULTY, CASE_POOR_DISABLED, CASE_EXTREMELY_POOR };

struct caseload {
	struct caseload_query q;
	char *who;          /* another counselor's cases (opened from the office at a glance) */
	bool mine, worklist;
	int stage_i, flag_i;
	struct caseload_row rows[MAXROWS];
	struct list list;   /* the rows read: the page on the screen (top stays 0) */
};

/* Rows of the list that fit on the screen. */
static int
ui_caseload_height(const struct app *a)
{
	int h = a->rows - 4;
	return h < 1 ? 1 : h > MAXROWS ? MAXROWS : h;
}

/* Set the query from the screen's choices. */
static void
ui_caseload_query_set(struct app *a, struct caseload *s)
{
	s->q.counselor = s->mine ? (s->who != NULL ? s->who : a->ses->user) : NULL;
	s->q.stage = stages[s->stage_i];
	s->q.flag = flags[s->flag_i];
	s->q.sort = s->worklist ? CASELOAD_BY_FOLLOWUP : s->q.sort;
	s->q.due_by = s->worklist ? a->ses->today_text : NULL;
}

/* Read one page into the screen; report a failure on the message line. */
static int
ui_caseload_fetch(struct app *a, struct caseload *s, const struct caseload_row *from, bool backward,
    int limit, struct caseload_row *out, int *n)
{
	struct diag d = DIAG_INIT;

	if (caseload_page(a->ses->db, &s->q, from, backward, limit, out, n, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return -1;
	}
	return 0;
}

/* Replace the rows with a page starting at (and including) the first current row. */
static int
ui_caseload_reload(struct app *a, void *st)
{
	struct caseload *s = st;
	struct caseload_row prev[1], fresh[MAXROWS];
	int np = 0, n = 0, h = ui_caseload_height(a);

	ui_caseload_query_set(a, s);
	if (s->list.n > 0 && ui_caseload_fetch(a, s, &s->rows[0], true, 1, prev, &np) != 0)
		return TUI_DRAW;
	if (ui_caseload_fetch(a, s, np > 0 ? &prev[0] : NULL, false, h, fresh, &n) == 0) {
		caseload_free(s->rows, s->list.n);
		memcpy(s->rows, fresh, sizeof fresh[0] * (size_t)n);
		s->list.n = n;
	}
	caseload_free(prev, np);
	list_set(&s->list, s->list.n, h);
	return TUI_DRAW;
}

/* Start again from the top of the order. */
static int
ui_caseload_top(struct app *a, void *st)
{
	struct caseload *s = st;

	caseload_free(s->rows, s->list.n);
	s->list.n = s->list.cur = 0;
	return ui_caseload_reload(a, st);
}

/* Append (forward) or prepend (backward) fetched rows, keeping at most h rows. */
static void
ui_caseload_merge(struct caseload *s, struct caseload_row *got, int n, bool backward, int h)
{
	if (!backward) {
		int drop = s->list.n + n - h;
		if (drop > 0) {
			caseload_free(s->rows, drop);
			memmove(s->rows, s->rows + drop, sizeof s->rows[0] * (size_t)(s->list.n - drop));
			s->list.n -= drop;
			s->list.cur -= drop;
		}
		memcpy(s->rows + s->list.n, got, sizeof got[0] * (size_t)n);
		s->list.n += n;
	} else {
		int keep = s->list.n + n > h ? h - n : s->list.n;
		caseload_free(s->rows + keep, s->list.n - keep);
		memmove(s->rows + n, s->rows, sizeof s->rows[0] * (size_t)keep);
		memcpy(s->rows, got, sizeof got[0] * (size_t)n);
		s->list.n = keep + n;
		s->list.cur += n;
	}
}

/* Move the cursor by delta rows, reading further rows when it leaves the page. */
static int
ui_caseload_move(struct app *a, struct caseload *s, int delta)
{
	int h = ui_caseload_height(a);
	int target = s->list.cur + delta;

	if (target >= s->list.n && s->list.n > 0) {
		struct caseload_row got[MAXROWS];
		int n = 0, want = target - s->list.n + 1;
		if (ui_caseload_fetch(a, s, &s->rows[s->list.n - 1], false, want > h ? h : want, got,
		    &n) == 0)
			ui_caseload_merge(s, got, n, false, h);
		target = s->list.cur + delta;
	} else if (target < 0 && s->list.n > 0) {
		struct caseload_row got[MAXROWS];
		int n = 0, want = -target;
		if (ui_caseload_fetch(a, s, &s->rows[0], true, want > h ? h : want, got, &n) == 0)
			ui_caseload_merge(s, got, n, true, h);
		target = s->list.cur + delta;
	}
	s->list.cur = target;
	list_set(&s->list, s->list.n, h);
	return TUI_DRAW;
}

/* To the end of the order. */
static int
ui_caseload_end(struct app *a, void *st)
{
	struct caseload *s = st;
	struct caseload_row got[MAXROWS];
	int n = 0;

	ui_caseload_query_set(a, s);
	if (ui_caseload_fetch(a, s, NULL, true, ui_caseload_height(a), got, &n) == 0) {
		caseload_free(s->rows, s->list.n);
		memcpy(s->rows, got, sizeof got[0] * (size_t)n);
		s->list.n = n;
		list_go(&s->list, LIST_END, ui_caseload_height(a));
	}
	return TUI_DRAW;
}

/* Move as a list key asks (list.h): rows beyond the page are read, the ends read afresh. */
static int
ui_caseload_go(struct app *a, void *st, int how)
{
	struct caseload *s = st;

	if (how == LIST_HOME)
		return ui_caseload_top(a, st);
	if (how == LIST_END)
		return ui_caseload_end(a, st);
	return ui_caseload_move(a, s, list_delta(&s->list, how, ui_caseload_height(a)));
}

/* Open the selected person. */
static int
ui_caseload_open(struct app *a, void *st)
{
	struct caseload *s = st;

	if (s->list.n == 0)
		return TUI_DRAW;
	return ui_person_open(a, s->rows[s->list.cur].id);
}

/* Search. */
static int
ui_caseload_search(struct app *a, void *st)
{
	(void)st;
	return ui_search_open(a);
}

/* Register a new person. */
static int
ui_caseload_register(struct app *a, void *st)
{
	(void)st;
	return ui_form_register(a);
}

/* The benefits of the selected person. */
static int
ui_caseload_benefits(struct app *a, void *st)
{
	struct caseload *s = st;

	return s->list.n > 0 ? ui_benefits_open(a, s->rows[s->list.cur].id) : TUI_DRAW;
}

/* A note on the selected person. */
static int
ui_caseload_note(struct app *a, void *st)
{
	struct caseload *s = st;

	return s->list.n > 0 ? ui_form_note(a, s->rows[s->list.cur].id) : TUI_DRAW;
}

/* Done, move or cancel (op 'd', 'm', 'x') the open follow-up note_id, asking first what each
 * needs: a date for a move, a yes for a cancel. TUI_RELOAD when something changed. */
int
ui_caseload_followup(struct app *a, const char *note_id, int op)
{
	struct diag d = DIAG_INIT;
	char date[32];
	int ret;

	if (op != 'd' && note_check_open(a->ses->db, note_id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);  /* nothing to ask about */
		return TUI_DRAW;
	}
	if (op == 'm') {
		if (!tui_prompt(a, tr("Move the follow-up to (YYYY-MM-DD):"), NULL, date, sizeof date))
			return TUI_DRAW;
		ret = note_move(a->ses->db, note_id, date, a->ses->today, &d);
	} else if (op == 'x') {
		if (!tui_confirm(a, tr("Cancel this follow-up? (y/n)"))) {
			tui_message(a, false, "%s", tr("The follow-up stays open."));
			return TUI_DRAW;
		}
		ret = note_cancel(a->ses->db, note_id, a->ses->today, &d);
	} else {
		ret = note_done(a->ses->db, note_id, a->ses->today, &d);
	}
	if (ret != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	tui_message(a, false, "%s", op == 'm' ? tr("Follow-up moved.") : op == 'x' ?
	    tr("Follow-up cancelled.") : tr("Follow-up done."));
	return TUI_RELOAD;
}

/* Act on the selected person's next open follow-up (op as ui_caseload_followup). */
static int
ui_caseload_next_followup(struct app *a, struct caseload *s, int op)
{
	struct diag d = DIAG_INIT;
	char *note_id = NULL;

	if (s->list.n == 0)
		return TUI_DRAW;
	if (note_next_open(a->ses->db, s->rows[s->list.cur].id, &note_id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	if (note_id == NULL) {
		tui_message(a, true, "%s", tr("This case has no open follow-up."));
		return TUI_DRAW;
	}
	int changed = ui_caseload_followup(a, note_id, op);
	free(note_id);
	return changed;
}

/* d: the selected person's next follow-up is done. */
static int
ui_caseload_done(struct app *a, void *st)
{
	return ui_caseload_next_followup(a, st, 'd');
}

/* m: move the selected person's next follow-up to another day. */
static int
ui_caseload_move_followup(struct app *a, void *st)
{
	return ui_caseload_next_followup(a, st, 'm');
}

/* x: cancel the selected person's next follow-up. */
static int
ui_caseload_cancel(struct app *a, void *st)
{
	return ui_caseload_next_followup(a, st, 'x');
}

/* My cases or the whole office. */
static int
ui_caseload_office(struct app *a, void *st)
{
	struct caseload *s = st;

	s->mine = !s->mine;
	return ui_caseload_top(a, st);
}

/* Sort by name or by next follow-up. */
static int
ui_caseload_sort(struct app *a, void *st)
{
	struct caseload *s = st;

	s->worklist = false;
	s->q.sort = s->q.sort == CASELOAD_BY_NAME ? CASELOAD_BY_FOLLOWUP : CASELOAD_BY_NAME;
	return ui_caseload_top(a, st);
}

/* The next stage filter. */
static int
ui_caseload_stage(struct app *a, void *st)
{
	struct caseload *s = st;

	s->stage_i = (s->stage_i + 1) % (int)(sizeof stages / sizeof *stages);
	return ui_caseload_top(a, st);
}

/* The next flag filter. */
static int
ui_caseload_flag(struct app *a, void *st)
{
	struct caseload *s = st;

	s->flag_i = (s->flag_i + 1) % (int)(sizeof flags / sizeof *flags);
	return ui_caseload_top(a, st);
}

/* Today's worklist: my follow-ups due today or overdue, and back. */
static int
ui_caseload_today(struct app *a, void *st)
{
	struct caseload *s = st;

	s->worklist = !s->worklist;
	if (s->worklist)
		s->mine = true;
	else
		s->q.sort = CASELOAD_BY_NAME;
	return ui_caseload_top(a, st);
}

/* D: the office at a glance. */
static int
ui_caseload_dashboard(struct app *a, void *st)
{
	(void)st;
	return ui_dashboard_open(a);
}

/* H: the audit browser (the trail's history). */
static int
ui_caseload_audit(struct app *a, void *st)
{
	(void)st;
	return ui_audit_open_browser(a);
}

/* Leave jobdesk, once the counselor says so (y, or q again); from another counselor's cases,
 * go back to where they were opened. */
static int
ui_caseload_quit(struct app *a, void *st)
{
	struct caseload *s = st;

	if (s->who != NULL)
		return TUI_POP;
	return tui_quit(a) ? TUI_QUIT : TUI_DRAW;
}

/* Esc: from today's list back to the cases it came from; from the cases, leave as q does. */
static int
ui_caseload_escape(struct app *a, void *st)
{
	struct caseload *s = st;

	if (s->worklist && s->who == NULL)
		return ui_caseload_today(a, st);
	return ui_caseload_quit(a, st);
}

/* Column positions for the terminal width. */
struct cols {
	int name, id, age, stage, follow, flags, namew, flagw;
};

/* Lay the columns out: the name and flags columns take the room beyond 80 columns. */
static struct cols
ui_caseload_cols(const struct app *a)
{
	struct cols c;
	int extra = a->cols > 80 ? a->cols - 80 : 0;

	c.namew = 12 + extra / 3;
	c.name = 1;
	c.id = c.name + c.namew + 1;
	c.age = c.id + 19;
	c.stage = c.age + 5;
	c.follow = c.stage + 11;
	c.flags = c.follow + 12;
	c.flagw = a->cols - c.flags;
	return c;
}

/* Draw the caseload. */
static void
ui_caseload_draw(struct app *a, void *st)
{
	struct caseload *s = st;
	struct cols c = ui_caseload_cols(a);
	struct sbuf title = SBUF_INIT, filt = SBUF_INIT;

	/* whose list it is: the counselor by login (users have no display names yet) or 全所 */
	const char *whose = s->mine ? (s->who != NULL ? s->who : a->ses->user) : tr("whole office");
	if (s->worklist)
		sbuf_addf(&title, " jobdesk · %s · %s", tr("Follow-ups due today"), whose);
	else if (s->mine)
		sbuf_addf(&title, " jobdesk · %s · %s", tr("My cases"), whose);
	else
		sbuf_addf(&title, " jobdesk · %s", tr("Whole office"));
	if (!s->worklist)
		sbuf_addf(&title, " · %s", s->q.sort == CASELOAD_BY_NAME ? tr("by name") :
		    tr("with a follow-up, by date"));
	if (s->q.stage != NULL)
		sbuf_addf(&filt, " [%s]", label_value(s->q.stage));
	if (s->q.flag != 0)
		sbuf_addf(&filt, " [%s]", tr(caseload_flag_label(s->q.flag)));
	sbuf_add(&title, sbuf_str(&filt));
	char right[128];
	snprintf(right, sizeof right, "%s  %s ", a->ses->user, a->ses->today_text);
	widget_title(a, sbuf_str(&title), right);
	sbuf_free(&title);
	sbuf_free(&filt);
	int hdr = A_BOLD | A_UNDERLINE;
	move(1, 0);
	clrtoeol();
	widget_text(1, c.name, c.namew, tr("Name"), hdr);
	widget_text(1, c.id, 18, tr("ID number"), hdr);
	widget_text(1, c.age, 4, tr("Age"), hdr);
	widget_text(1, c.stage, 10, tr("Stage"), hdr);
	widget_text(1, c.follow, 11, tr("Follow-up"), hdr);
	widget_text(1, c.flags, c.flagw, tr("Flags"), hdr);
	if (s->list.n == 0)
		widget_text(3, 2, a->cols - 4, s->worklist ? tr("No follow-ups are due today.") :
		    tr("No cases here. Press n to register someone, o for the whole office."),
		    tui_attr(a, TC_DIM));
	for (int i = 0; i < s->list.n && i < ui_caseload_height(a); i++) {
		const struct caseload_row *r = &s->rows[i];
		int y = 2 + i, sel = i == s->list.cur ? tui_attr(a, TC_SELECT) : 0;
		char masked[19], age[8] = "-";
		int birth, days;
		if (sel != 0) {
			attron(sel);
			mvhline(y, 0, ' ', a->cols);
			attroff(sel);
		}
		idnum_mask(r->id_number, masked);
		if (r->birth_date != NULL && date_parse(r->birth_date, &birth) == 0)
			snprintf(age, sizeof age, "%d", date_years_between(birth, a->ses->today));
		widget_text(y, c.name, c.namew, r->name, sel);
		widget_text(y, c.id, 18, masked, sel);
		widget_text(y, c.age, 3, age, sel);
		widget_text(y, c.stage, 10, label_value(r->stage), sel);
		int fattr = sel;
		char follow[16] = "";
		if (r->next_followup != NULL && date_parse(r->next_followup, &days) == 0) {
			bool overdue = days < a->ses->today, due = days == a->ses->today;
			snprintf(follow, sizeof follow, "%s%s", r->next_followup,
			    overdue ? "!" : due ? "*" : "");
			if (overdue)
				fattr = sel | tui_attr(a, TC_ALERT) | A_BOLD;
			else if (due)
				fattr = sel | tui_attr(a, TC_WARN) | A_BOLD;
		}
		widget_text(y, c.follow, 11, follow, fattr);
		struct sbuf fl = SBUF_INIT;
		for (int bit = 1; bit <= CASE_EXTREMELY_POOR; bit <<= 1)
			if (r->flags & bit)
				sbuf_addf(&fl, "%s%s", fl.len ? " " : "", tr(caseload_flag_label(bit)));
		widget_text(y, c.flags, c.flagw, sbuf_str(&fl), sel);
		sbuf_free(&fl);
	}
}

/* Free the screen's state. */
static void
ui_caseload_free(void *st)
{
	struct caseload *s = st;

	caseload_free(s->rows, s->list.n);
	free(s->who);
	free(s);
}

/* Keep the cursor on the screen after a resize. */
static void
ui_caseload_resize(struct app *a, void *st)
{
	struct caseload *s = st;
	int h = ui_caseload_height(a);

	if (s->list.n > h) {
		caseload_free(s->rows + h, s->list.n - h);
		list_set(&s->list, h, h);
	}
	ui_caseload_reload(a, st);
}

static const struct binding ui_caseload_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open", .bottom = true, .fn = ui_caseload_open },
	{ .key = '\n', .keyname = "Enter", .label = "open", .fn = ui_caseload_open },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open", .fn = ui_caseload_open },
	{ .key = '/', .keyname = "/", .label = "search", .bottom = true, .fn = ui_caseload_search },
	{ .key = 'n', .keyname = "n", .label = "register", .bottom = true, .fn = ui_caseload_register },
	{ .key = 'b', .keyname = "b", .label = "benefits", .bottom = true, .fn = ui_caseload_benefits },
	{ .key = 't', .keyname = "t", .label = "today", .bottom = true, .fn = ui_caseload_today },
	{ .key = 'o', .keyname = "o", .label = "mine/office", .bottom = true, .fn = ui_caseload_office },
	{ .key = 'A', .keyname = "A", .label = "pending approvals", .fn = ui_approvals_open },
	{ .key = 'C', .keyname = "C", .label = "sync conflicts", .fn = ui_conflicts_open },
	{ .key = 'S', .keyname = "S", .label = "sync status", .fn = ui_syncstatus_open },
	{ .key = 'q', .keyname = "q", .label = "quit", .bottom = true, .fn = ui_caseload_quit },
	{ .key = 'a', .keyname = "a", .label = "add a note", .fn = ui_caseload_note },
	{ .key = 's', .keyname = "s", .label = "sort by name / follow-up", .fn = ui_caseload_sort },
	{ .key = 'f', .keyname = "f", .label = "filter by stage", .fn = ui_caseload_stage },
	{ .key = 'F', .keyname = "F", .label = "filter by flag", .fn = ui_caseload_flag },
	{ .key = 'd', .keyname = "d", .label = "follow-up done", .fn = ui_caseload_done },
	{ .key = 'm', .keyname = "m", .label = "move the follow-up", .fn = ui_caseload_move_followup },
	{ .key = 'x', .keyname = "x", .label = "cancel the follow-up", .fn = ui_caseload_cancel },
	{ .key = 'D', .keyname = "D", .label = "office at a glance", .fn = ui_caseload_dashboard },
	{ .key = 'H', .keyname = "H", .label = "audit trail", .fn = ui_caseload_audit },
	{ .key = 27, .keyname = "Esc", .label = "back, or quit", .fn = ui_caseload_escape },
	{ .key = KEY_F(10), .fkey = true, .keyname = "F10", .label = "quit (from any screen)", .fn = ui_caseload_quit },
	{ .key = 0 },
};

const struct screen ui_caseload_screen = {
	.title = "Caseload",
	.draw = ui_caseload_draw,
	.reload = ui_caseload_reload,
	.resize = ui_caseload_resize,
	.free = ui_caseload_free,
	.keys = ui_caseload_keys,
	.list_keys = list_keys,
	.list_move = ui_caseload_go,
};

/* The caseload screen's state, for the bottom of the stack. */
void *
ui_caseload_new(struct app *a)
{
	struct caseload *s = xcalloc(1, sizeof *s);

	(void)a;
	s->mine = true;
	s->q.sort = CASELOAD_BY_NAME;
	return s;
}

/* Open a counselor's cases on top of the screen: of one stage (NULL: every open stage), or,
 * with due, their follow-ups due today or overdue; q and Esc go back. */
int
ui_caseload_open_for(struct app *a, const char *counselor, const char *stage, bool due)
{
	struct caseload *s = ui_caseload_new(a);

	s->who = xstrdup(counselor);
	for (int i = 1; stage != NULL && i < (int)(sizeof stages / sizeof *stages); i++)
		if (strcmp(stages[i], stage) == 0)
			s->stage_i = i;
	s->worklist = due;
	return tui_push(a, &ui_caseload_screen, s);
}
