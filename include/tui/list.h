/* The list widget: the cursor, the first row shown and the count of a screen's list, how the
 * movement keys move them, and the movement and back keys every list screen shares.
 *
 * A screen names one of the shared key tables as its `list_keys` and hands the app its list
 * through its `list` function; the app loop consults the shared keys after the screen's own,
 * so a screen's own key of the same name wins. A list of rows moves its cursor and keeps it
 * in view; a list of text lines (`text` set) has no cursor and scrolls. */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include <stdbool.h>

#include "tui/tui.h"

/* What a key asks of a list. */
enum { LIST_DOWN, LIST_UP, LIST_PGDN, LIST_PGUP, LIST_HOME, LIST_END };

/* A list on a screen. */
struct list {
	int cur;    /* the row of the cursor (rows only) */
	int top;    /* the first row shown */
	int n;      /* how many rows */
	bool text;  /* lines of text: no cursor, the keys scroll */
};

/* Set how many rows the list has, keeping the cursor on one and the rows in view of height. */
void list_set(struct list *l, int n, int height);
/* The rows LIST_DOWN, LIST_UP, LIST_PGDN or LIST_PGUP goes (a page of text keeps a line). */
int list_delta(const struct list *l, int how, int height);
/* Move as a LIST_* asks: the cursor (text: the top line), within the list and in view. */
void list_go(struct list *l, int how, int height);
/* Bring the cursor into view of height rows. */
void list_show(struct list *l, int height);
/* Go back: the handler of q and Esc (TUI_POP). */
int list_back(struct app *a, void *st);

/* A list of rows or lines: j k Down Up, PgDn Space PgUp, g Home G End; q and Esc go back. */
extern const struct binding list_keys[];
/* Rows under a text field, where letters type: Down and Up; Esc goes back. */
extern const struct binding list_field_keys[];
/* A screen without a list: q and Esc go back. */
extern const struct binding list_back_keys[];

#endif
