/* The list widget: cursor, top and count, the movement logic and the keys list screens share. */
#include "tui/list.h"

#include <curses.h>

/* The last row top may be: the end of the list shows at the bottom of height rows. */
static int
list_last_top(const struct list *l, int height)
{
	return l->n > height ? l->n - height : 0;
}

/* Bring the cursor into view of height rows. */
void
list_show(struct list *l, int height)
{
	if (height < 1)
		height = 1;
	/* no room left empty below the last row */
	if (l->top > list_last_top(l, height))
		l->top = list_last_top(l, height);
	if (!l->text && l->cur >= l->top + height)
		l->top = l->cur - height + 1;
	if (!l->text && l->cur < l->top)
		l->top = l->cur;
	if (l->top < 0)
		l->top = 0;
}

/* Set how many rows the list has, keeping the cursor on one and the rows in view of height. */
void
list_set(struct list *l, int n, int height)
{
	l->n = n > 0 ? n : 0;
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
	list_show(l, height);
}

/* The rows LIST_DOWN, LIST_UP, LIST_PGDN or LIST_PGUP goes (a page of text keeps a line). */
int
list_delta(const struct list *l, int how, int height)
{
	int page = l->text && height > 1 ? height - 1 : height;

	switch (how) {
	case LIST_DOWN: return 1;
	case LIST_UP: return -1;
	case LIST_PGDN: return page;
	case LIST_PGUP: return -page;
	default: return 0;
	}
}

/* Move as a LIST_* asks: the cursor (text: the top line), within the list and in view. */
void
list_go(struct list *l, int how, int height)
{
	int *at = l->text ? &l->top : &l->cur;
	int last = l->text ? list_last_top(l, height) : l->n - 1;

	if (how == LIST_HOME)
		*at = 0;
	else if (how == LIST_END)
		*at = last;
	else
		*at += list_delta(l, how, height);
	if (*at > last)
		*at = last;
	if (*at < 0)
		*at = 0;
	list_show(l, height);
}

/* Run a movement on the top screen's list: the screen's own mover, or the plain one. */
static int
list_key(struct app *a, void *st, int how)
{
	const struct screen *scr = a->stack[a->depth - 1].scr;
	int height = 1;
	struct list *l;

	if (scr->list_move != NULL)
		return scr->list_move(a, st, how);
	l = scr->list != NULL ? scr->list(a, st, &height) : NULL;
	if (l != NULL)
		list_go(l, how, height);
	return TUI_DRAW;
}

/* One row down. */
static int
list_down(struct app *a, void *st)
{
	return list_key(a, st, LIST_DOWN);
}

/* One row up. */
static int
list_up(struct app *a, void *st)
{
	return list_key(a, st, LIST_UP);
}

/* One page down. */
static int
list_pgdn(struct app *a, void *st)
{
	return list_key(a, st, LIST_PGDN);
}

/* One page up. */
static int
list_pgup(struct app *a, void *st)
{
	return list_key(a, st, LIST_PGUP);
}

/* To the first row. */
static int
list_home(struct app *a, void *st)
{
	return list_key(a, st, LIST_HOME);
}

/* To the last row. */
static int
list_end(struct app *a, void *st)
{
	return list_key(a, st, LIST_END);
}

/* Go back: the handler of q and Esc (TUI_POP). */
int
list_back(struct app *a, void *st)
{
	(void)a;
	(void)st;
	return TUI_POP;
}

const struct binding list_keys[] = {
	{ .key = 'q', .keyname = "q", .label = "back", .bottom = true, .fn = list_back },
	{ .key = 27, .keyname = "Esc", .label = "back", .fn = list_back },
	{ .key = 'j', .keyname = "j", .label = "down", .fn = list_down },
	{ .key = 'k', .keyname = "k", .label = "up", .fn = list_up },
	{ .key = KEY_DOWN, .fkey = true, .keyname = "Down", .label = "down", .fn = list_down },
	{ .key = KEY_UP, .fkey = true, .keyname = "Up", .label = "up", .fn = list_up },
	{ .key = KEY_NPAGE, .fkey = true, .keyname = "PgDn", .label = "next page", .fn = list_pgdn },
	{ .key = ' ', .keyname = "Space", .label = "next page", .fn = list_pgdn },
	{ .key = KEY_PPAGE, .fkey = true, .keyname = "PgUp", .label = "previous page", .fn = list_pgup },
	{ .key = 'g', .keyname = "g", .label = "top", .fn = list_home },
	{ .key = KEY_HOME, .fkey = true, .keyname = "Home", .label = "top", .fn = list_home },
	{ .key = 'G', .keyname = "G", .label = "bottom", .fn = list_end },
	{ .key = KEY_END, .fkey = true, .keyname = "End", .label = "bottom", .fn = list_end },
	{ .key = 0 },
};

const struct binding list_field_keys[] = {
	{ .key = KEY_DOWN, .fkey = true, .keyname = "Down", .label = "next", .bottom = true, .fn = list_down },
	{ .key = KEY_UP, .fkey = true, .keyname = "Up", .label = "previous", .bottom = true, .fn = list_up },
	{ .key = 27, .keyname = "Esc", .label = "back", .bottom = true, .fn = list_back },
	{ .key = 0 },
};

const struct binding list_back_keys[] = {
	{ .key = 'q', .keyname = "q", .label = "back", .bottom = true, .fn = list_back },
	{ .key = 27, .keyname = "Esc", .label = "back", .fn = list_back },
	{ .key = 0 },
};
