/* The search screen: results narrow as each key is typed (name, initials, ID digits, phone);
 * when nobody matches, Enter registers a new person with the text typed already in place. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/lineedit.h"
#include "tui/list.h"
#include "tui/ui-form.h"
#include "tui/ui-help.h"
#include "tui/ui-search.h"
#include "tui/ui-person.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/xalloc.h"

struct search {
	struct lineedit edit;
	struct search_hit *hits;
	struct list list;   /* the hits */
	char hint[sizeof ((struct diag *)0)->msg];  /* a whole message fits */
	bool nobody;        /* the search ran and found nobody: Enter registers */
};

/* Rows of hits that show below the field. */
static int
ui_search_height(const struct app *a)
{
	return a->rows - 6;
}

/* Run the query as it stands. */
static int
ui_search_refresh(struct app *a, void *st)
{
	struct search *s = st;
	struct diag d = DIAG_INIT;
	int limit = a->rows - 5;

	search_free(s->hits, s->list.n);
	s->hits = NULL;
	s->list.n = s->list.cur = s->list.top = 0;
	s->hint[0] = '\0';
	s->nobody = false;
	if (s->edit.len == 0)
		return TUI_DRAW;
	if (search_run(a->ses->db, s->edit.buf, limit < 1 ? 1 : limit, &s->hits, &s->list.n, &d) != 0)
		snprintf(s->hint, sizeof s->hint, "%s", d.reason == SEARCH_TOO_SHORT ?
		    tr("Type at least 4 digits of an ID number or phone.") : d.msg);
	else if (s->list.n == 0) {
		snprintf(s->hint, sizeof s->hint, "%s", tr("Nobody matches. Enter registers a new "
		    "person with what is typed."));
		s->nobody = true;
	}
	return TUI_DRAW;
}

/* Draw the query line and the results. */
static void
ui_search_draw(struct app *a, void *st)
{
	struct search *s = st;

	widget_title(a, tr(" Search"), tr("name, initials (wl), ID digits or phone "));
	widget_text(2, 2, 8, tr("Find:"), A_BOLD);
	list_show(&s->list, ui_search_height(a));
	for (int i = s->list.top, y = 4; i < s->list.n && y < a->rows - 2; i++, y++) {
		const struct search_hit *h = &s->hits[i];
		int sel = i == s->list.cur ? tui_attr(a, TC_SELECT) : 0;
		char masked[19];
		if (sel != 0) {
			attron(sel);
			mvhline(y, 0, ' ', a->cols);
			attroff(sel);
		}
		idnum_mask(h->id_number, masked);
		widget_text(y, 2, 14, h->name, sel);
		widget_text(y, 17, 19, masked, sel);
		widget_text(y, 37, 12, h->birth_date, sel);
		widget_text(y, 50, 12, h->phone ? h->phone : "", sel);
		widget_text(y, 63, a->cols - 64, label_value(h->stage), sel);
	}
	if (s->hint[0] != '\0')
		widget_text(4, 2, a->cols - 4, s->hint, tui_attr(a, TC_DIM));
	lineedit_draw(&s->edit, 2, 10, a->cols - 12, true, A_UNDERLINE);
}

/* Typed text narrows the results. */
static int
ui_search_input(struct app *a, void *st, wint_t ch, bool fkey)
{
	struct search *s = st;

	if (lineedit_key(&s->edit, ch, fkey))
		return ui_search_refresh(a, st);
	return TUI_DRAW;
}

/* Open the selected person; when nobody matched, the register form with the text typed. */
static int
ui_search_open_hit(struct app *a, void *st)
{
	struct search *s = st;

	if (s->list.n == 0)
		return s->nobody ? ui_form_register_with(a, s->edit.buf) : TUI_DRAW;
	return ui_person_open(a, s->hits[s->list.cur].id);
}

/* The hits and how many show, for the movement keys. */
static struct list *
ui_search_list(struct app *a, void *st, int *height)
{
	*height = ui_search_height(a);
	return &((struct search *)st)->list;
}

/* Free the state. */
static void
ui_search_free(void *st)
{
	struct search *s = st;

	search_free(s->hits, s->list.n);
	free(s);
}

static const struct binding ui_search_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open", .bottom = true, .fn = ui_search_open_hit },
	{ .key = '\n', .keyname = "Enter", .label = "open", .fn = ui_search_open_hit },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open", .fn = ui_search_open_hit },
	{ .key = 0 },
};

static const struct screen ui_search_screen = {
	.title = "Search",
	.draw = ui_search_draw,
	.input = ui_search_input,
	.reload = ui_search_refresh,
	.free = ui_search_free,
	.keys = ui_search_keys,
	.list_keys = list_field_keys,
	.list = ui_search_list,
};

/* Open the search screen. */
int
ui_search_open(struct app *a)
{
	struct search *s = xcalloc(1, sizeof *s);

	lineedit_set(&s->edit, "", 64);
	return tui_push(a, &ui_search_screen, s);
}
