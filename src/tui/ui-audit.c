/* The audit browser: the trail newest first, chosen by person, by user and by dates, a page at
 * a time; Enter shows one row's before and after in words (core/audit.h, core/casefile.h). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/casefile.h"
#include "core/label.h"
#include "core/person.h"
#include "core/session.h"
#include "tui/list.h"
#include "tui/ui-audit.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum { PAGE = 100 };

struct auditview {
	char *user;              /* the login chosen, or NULL */
	char *person_id;         /* the person chosen, or NULL */
	char *person_name;
	int from, to;            /* day numbers, 0: any */
	struct rows r;           /* the rows read so far (AU_*), newest first */
	char **whose;            /* per row: the name of the person it concerns, or NULL */
	bool more;               /* older rows beyond those read */
	struct list list;
};

struct auditrow {
	struct list list;
	char **lines;
	int n;
};

/* Rows of the list that fit on the screen. */
static int
ui_audit_height(const struct app *a)
{
	int h = a->rows - 4;
	return h < 1 ? 1 : h;
}

/* Forget the rows read. */
static void
ui_audit_clear(struct auditview *v)
{
	for (size_t i = 0; i < v->r.n; i++)
		free(v->whose[i]);
	free(v->whose);
	v->whose = NULL;
	rows_free(&v->r);
	rows_init(&v->r, AU_NCOL);
	v->more = false;
}

/* Read the next page (older than the rows read) and append it; report a failure on the
 * message line. */
static int
ui_audit_fetch(struct app *a, struct auditview *v)
{
	struct audit_filter f = { .person_id = v->person_id, .user = v->user, .from = v->from,
		.to = v->to, .limit = PAGE, .changes_only = true };
	struct diag d = DIAG_INIT;
	struct rows got;
	const char *cells[AU_NCOL];

	if (v->r.n > 0)
		f.older_than = strtoll(rows_get(&v->r, v->r.n - 1, AU_SEQ), NULL, 10);
	if (audit_query(a->ses->db, &f, &got, &v->more, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		rows_free(&got);
		return -1;
	}
	v->whose = xreallocarray(v->whose, v->r.n + got.n + 1, sizeof *v->whose);
	for (size_t i = 0; i < got.n; i++) {
		char *pid = NULL, *name = NULL;
		for (int j = 0; j < AU_NCOL; j++)
			cells[j] = rows_get(&got, i, j);
		if (audit_whose(a->ses->db, cells[AU_TABLE], cells[AU_KEY], cells[AU_BEFORE], &pid,
		    &name, &d) != 0) {
			tui_message(a, true, "%s", d.msg);
			break;
		}
		free(pid);
		v->whose[v->r.n] = name;
		rows_add(&v->r, cells);
	}
	rows_free(&got);
	return 0;
}

/* Read the newest rows again. */
static int
ui_audit_reload(struct app *a, void *st)
{
	struct auditview *v = st;
	int cur = v->list.cur;

	ui_audit_clear(v);
	ui_audit_fetch(a, v);
	/* the cursor stays where it was when the rows are still there */
	while ((size_t)cur >= v->r.n && v->more && ui_audit_fetch(a, v) == 0)
		;
	v->list.cur = cur;
	list_set(&v->list, (int)v->r.n, ui_audit_height(a));
	return TUI_DRAW;
}

/* Read the rows again for the new height. */
static void
ui_audit_resize(struct app *a, void *st)
{
	ui_audit_reload(a, st);
}

/* Move as a list key asks, reading older rows when the cursor goes past those read. */
static int
ui_audit_go(struct app *a, void *st, int how)
{
	struct auditview *v = st;
	int h = ui_audit_height(a);

	if (how == LIST_END)
		while (v->more && ui_audit_fetch(a, v) == 0)
			;
	else if (how == LIST_DOWN || how == LIST_PGDN) {
		int target = v->list.cur + list_delta(&v->list, how, h);
		if (target >= (int)v->r.n && v->more)
			ui_audit_fetch(a, v);
	}
	list_set(&v->list, (int)v->r.n, h);
	list_go(&v->list, how, h);
	return TUI_DRAW;
}

/* Who wrote a row: the user, and the owner who acted as them. */
static void
ui_audit_who(const struct rows *r, size_t i, struct sbuf *out)
{
	const char *actor = rows_get(r, i, AU_ACTOR);

	if (rows_get(r, i, AU_ACTING_AS) != NULL)
		sbuf_addf(out, tr("%s (by %s)"), actor ? actor : "-", rows_get(r, i, AU_ACTING_AS));
	else
		sbuf_add(out, actor ? actor : "-");
}

/* What a row did, in words: the record and the operation. */
static void
ui_audit_what(const struct rows *r, size_t i, struct sbuf *out)
{
	const char *tbl = rows_get(r, i, AU_TABLE);
	const char *what = casefile_table_label(tbl);

	if (tbl != NULL)
		sbuf_addf(out, "%s ", what != NULL ? what : tr("record"));
	sbuf_add(out, audit_op_label(rows_get(r, i, AU_OP), rows_get(r, i, AU_BEFORE),
	    rows_get(r, i, AU_AFTER)));
}

/* The title: the screen and the filters chosen. */
static void
ui_audit_title(struct app *a, struct auditview *v, struct sbuf *out)
{
	char day[11];

	sbuf_addf(out, " jobdesk · %s", tr("Audit trail"));
	if (v->person_id != NULL)
		sbuf_addf(out, " · %s", v->person_name != NULL ? v->person_name : v->person_id);
	if (v->user != NULL)
		sbuf_addf(out, " · %s", v->user);
	if (v->from > 0) {
		sbuf_add(out, " · ");
		sbuf_addf(out, tr("on or after %s"), date_format(v->from, day));
	}
	if (v->to > 0) {
		sbuf_add(out, " · ");
		sbuf_addf(out, tr("on or before %s"), date_format(v->to, day));
	}
	(void)a;
}

/* Draw the rows. */
static void
ui_audit_draw(struct app *a, void *st)
{
	struct auditview *v = st;
	struct sbuf title = SBUF_INIT, cell = SBUF_INIT;
	int h = ui_audit_height(a), hdr = A_BOLD | A_UNDERLINE;
	int xw = 0, ww = 17, pw = 10, who = 19, whow = 18, per = who + whow + 1;
	int what = per + pw + 1, whatw = a->cols - what - 1;
	char right[64];

	ui_audit_title(a, v, &title);
	snprintf(right, sizeof right, "%s  %s ", a->ses->user, a->ses->today_text);
	widget_title(a, sbuf_str(&title), right);
	move(1, 0);
	clrtoeol();
	widget_text(1, xw + 1, ww - 1, tr("When"), hdr);
	widget_text(1, who, whow, tr("Who"), hdr);
	widget_text(1, per, pw, tr("Person"), hdr);
	widget_text(1, what, whatw, tr("What"), hdr);
	if (v->r.n == 0)
		widget_text(3, 2, a->cols - 4, v->person_id || v->user || v->from || v->to ?
		    tr("Nothing recorded matches; press c to clear the choices.") :
		    tr("Nothing recorded yet."), tui_attr(a, TC_DIM));
	for (int i = v->list.top, y = 2; i < (int)v->r.n && y < 2 + h; i++, y++) {
		int sel = i == v->list.cur ? tui_attr(a, TC_SELECT) : 0;
		char when[32];
		if (sel != 0) {
			attron(sel);
			mvhline(y, 0, ' ', a->cols);
			attroff(sel);
		}
		widget_text(y, xw + 1, ww - 1, label_time(rows_get(&v->r, (size_t)i, AU_AT), when,
		    sizeof when), sel);
		sbuf_reset(&cell);
		ui_audit_who(&v->r, (size_t)i, &cell);
		widget_text(y, who, whow, sbuf_str(&cell), sel);
		widget_text(y, per, pw, v->whose[i] != NULL ? v->whose[i] : "-", sel);
		sbuf_reset(&cell);
		ui_audit_what(&v->r, (size_t)i, &cell);
		widget_text(y, what, whatw, sbuf_str(&cell), sel);
	}
	sbuf_free(&title);
	sbuf_free(&cell);
}

/* The list and how many rows show. */
static struct list *
ui_audit_list(struct app *a, void *st, int *height)
{
	*height = ui_audit_height(a);
	return &((struct auditview *)st)->list;
}

/* Free the browser. */
static void
ui_audit_free(void *st)
{
	struct auditview *v = st;

	ui_audit_clear(v);
	rows_free(&v->r);
	free(v->user);
	free(v->person_id);
	free(v->person_name);
	free(v);
}

/* u: the rows one user wrote (empty: anyone's). */
static int
ui_audit_user(struct app *a, void *st)
{
	struct auditview *v = st;
	char login[128];

	if (!tui_prompt(a, tr("Rows written by (login; empty for anyone):"), v->user, login,
	    sizeof login))
		return TUI_DRAW;
	free(v->user);
	v->user = login[0] != '\0' ? xstrdup(login) : NULL;
	v->list.cur = 0;
	return TUI_RELOAD;
}

/* p: the rows about one person (ID number or key; empty: anyone). */
static int
ui_audit_person(struct app *a, void *st)
{
	struct auditview *v = st;
	struct diag d = DIAG_INIT;
	char key[128], *id = NULL;

	if (!tui_prompt(a, tr("Rows about (ID number; empty for anyone):"), NULL, key, sizeof key))
		return TUI_DRAW;
	free(v->person_id);
	free(v->person_name);
	v->person_id = v->person_name = NULL;
	v->list.cur = 0;
	if (key[0] == '\0')
		return TUI_RELOAD;
	if (person_resolve(a->ses->db, key, &id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_RELOAD;
	}
	char *pid = NULL, *name = NULL;
	if (audit_whose(a->ses->db, "person", id, NULL, &pid, &name, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	free(pid);
	v->person_id = id;
	v->person_name = name;
	return TUI_RELOAD;
}

/* Ask for a date (empty: any); false when the counselor gave up or the date is wrong. */
static bool
ui_audit_ask_day(struct app *a, const char *question, int *day)
{
	char text[32], now[11] = "";

	if (*day > 0)
		date_format(*day, now);
	if (!tui_prompt(a, question, now, text, sizeof text))
		return false;
	if (text[0] == '\0') {
		*day = 0;
		return true;
	}
	if (date_parse(text, day) != 0) {
		tui_message(a, true, tr("'%.40s' is not a date; expected YYYY-MM-DD, e.g. 2017-07-01"),
		    text);
		return false;
	}
	return true;
}

/* d: the rows of a range of days. */
static int
ui_audit_dates(struct app *a, void *st)
{
	struct auditview *v = st;
	int from = v->from, to = v->to;

	if (!ui_audit_ask_day(a, tr("From (YYYY-MM-DD; empty for any day):"), &from) ||
	    !ui_audit_ask_day(a, tr("To (YYYY-MM-DD; empty for any day):"), &to))
		return TUI_DRAW;
	if (from > 0 && to > 0 && to < from) {
		tui_message(a, true, "%s", tr("The last day comes before the first; give them the "
		    "other way round."));
		return TUI_DRAW;
	}
	v->from = from;
	v->to = to;
	v->list.cur = 0;
	return TUI_RELOAD;
}

/* c: every row again. */
static int
ui_audit_clear_choices(struct app *a, void *st)
{
	struct auditview *v = st;

	(void)a;
	free(v->user);
	free(v->person_id);
	free(v->person_name);
	v->user = v->person_id = v->person_name = NULL;
	v->from = v->to = 0;
	v->list.cur = 0;
	return TUI_RELOAD;
}

/* Add a line to the row view. */
static void
ui_audit_line(struct auditrow *rv, const char *text)
{
	rv->lines = xreallocarray(rv->lines, (size_t)rv->n + 1, sizeof *rv->lines);
	rv->lines[rv->n++] = xstrdup(text);
}

/* Add a labelled line to the row view. */
static void
ui_audit_field(struct auditrow *rv, const char *label, const char *value)
{
	struct sbuf s = SBUF_INIT;

	utf8_fit(&s, label, 8, true);
	sbuf_addf(&s, " %s", value != NULL ? value : "-");
	ui_audit_line(rv, sbuf_str(&s));
	sbuf_free(&s);
}

/* Draw one row in words. */
static void
ui_audit_row_draw(struct app *a, void *st)
{
	struct auditrow *rv = st;

	widget_title(a, tr("Audit trail"), tr("one change"));
	for (int i = rv->list.top, y = 2; i < rv->n && y < a->rows - 2; i++, y++)
		widget_text(y, 2, a->cols - 4, rv->lines[i], 0);
}

/* The row view's lines and how many show. */
static struct list *
ui_audit_row_list(struct app *a, void *st, int *height)
{
	*height = a->rows - 4;
	return &((struct auditrow *)st)->list;
}

/* Free the row view. */
static void
ui_audit_row_free(void *st)
{
	struct auditrow *rv = st;

	for (int i = 0; i < rv->n; i++)
		free(rv->lines[i]);
	free(rv->lines);
	free(rv);
}

static const struct screen ui_audit_row_screen = {
	.title = "Audit trail",
	.draw = ui_audit_row_draw,
	.free = ui_audit_row_free,
	.list_keys = list_keys,
	.list = ui_audit_row_list,
};

/* Enter: the selected row in words, before and after. */
static int
ui_audit_open(struct app *a, void *st)
{
	struct auditview *v = st;
	struct diag d = DIAG_INIT;
	struct sbuf s = SBUF_INIT;
	size_t i = (size_t)v->list.cur;
	char when[32];

	if (v->r.n == 0)
		return TUI_DRAW;
	struct auditrow *rv = xcalloc(1, sizeof *rv);
	rv->list.text = true;
	ui_audit_field(rv, tr("When"), label_time(rows_get(&v->r, i, AU_AT), when, sizeof when));
	ui_audit_who(&v->r, i, &s);
	ui_audit_field(rv, tr("Who"), sbuf_str(&s));
	ui_audit_field(rv, tr("Person"), v->whose[i]);
	sbuf_reset(&s);
	ui_audit_what(&v->r, i, &s);
	ui_audit_field(rv, tr("What"), sbuf_str(&s));
	ui_audit_line(rv, "");
	sbuf_reset(&s);
	if (casefile_change(a->ses->db, rows_get(&v->r, i, AU_TABLE), rows_get(&v->r, i, AU_OP),
	    rows_get(&v->r, i, AU_BEFORE), rows_get(&v->r, i, AU_AFTER), &s, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	for (const char *p = sbuf_str(&s), *nl; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = p + strcspn(p, "\n");
		char *line = xstrndup(p, (size_t)(nl - p));
		ui_audit_line(rv, line);
		free(line);
	}
	sbuf_free(&s);
	list_set(&rv->list, rv->n, a->rows - 4);
	tui_push(a, &ui_audit_row_screen, rv);
	return TUI_DRAW;
}

static const struct binding ui_audit_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "before and after", .bottom = true,
	    .fn = ui_audit_open },
	{ .key = '\n', .keyname = "Enter", .label = "before and after", .fn = ui_audit_open },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "before and after",
	    .fn = ui_audit_open },
	{ .key = 'p', .keyname = "p", .label = "by person", .bottom = true, .fn = ui_audit_person },
	{ .key = 'u', .keyname = "u", .label = "by user", .bottom = true, .fn = ui_audit_user },
	{ .key = 'd', .keyname = "d", .label = "by date", .bottom = true, .fn = ui_audit_dates },
	{ .key = 'c', .keyname = "c", .label = "clear the choices", .bottom = true,
	    .fn = ui_audit_clear_choices },
	{ .key = 0 },
};

static const struct screen ui_audit_screen = {
	.title = "Audit trail",
	.draw = ui_audit_draw,
	.reload = ui_audit_reload,
	.resize = ui_audit_resize,
	.free = ui_audit_free,
	.keys = ui_audit_keys,
	.list_keys = list_keys,
	.list = ui_audit_list,
	.list_move = ui_audit_go,
};

/* Open the audit browser over the whole trail. */
int
ui_audit_open_browser(struct app *a)
{
	struct auditview *v = xcalloc(1, sizeof *v);

	rows_init(&v->r, AU_NCOL);
	return tui_push(a, &ui_audit_screen, v);
}
