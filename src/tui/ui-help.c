/* The help screen: every key of the screen below, from its binding table. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/ui-help.h"
#include "tui/list.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct help {
	const struct screen *under;
};

/* Draw the keys, two columns when the terminal is wide enough. */
static void
ui_help_draw(struct app *a, void *st)
{
	struct help *h = st;
	/* as many columns of keys as fit (two at 80 columns), so that every key shows */
	int ncol = (a->cols - 4) / 38 > 1 ? (a->cols - 4) / 38 : 1;
	int y = 2, x = 2, colw = (a->cols - 4) / ncol;
	const struct binding *keys[64];
	int nkeys = tui_keys(h->under, keys, (int)(sizeof keys / sizeof *keys));

	widget_title(a, tr(h->under->title), tr("Keys"));
	for (int i = 0; i < nkeys; i++) {
		const struct binding *b = keys[i];
		bool seen = false;
		for (int j = 0; j < i; j++)
			if (keys[j]->fn == b->fn && strcmp(keys[j]->keyname, b->keyname) == 0)
				seen = true;
		if (seen)
			continue;
		if (y >= a->rows - 2) {
			if (x + colw * 2 > a->cols)
				break;
			x += colw;
			y = 2;
		}
		widget_text(y, x, 8, b->keyname, tui_attr(a, TC_KEY));
		widget_text(y, x + 8, colw - 9, tr(b->label), 0);
		y++;
	}
	/* where fields take typing, the loop's F1 is the way here (elsewhere ? is, as the bottom says) */
	if (h->under->input != NULL && y < a->rows - 2) {
		widget_text(y, x, 8, "F1", tui_attr(a, TC_KEY));
		widget_text(y++, x + 8, colw - 9, tr("help"), 0);
	}
	if (h->under->input != NULL && y < a->rows - 2)
		widget_text(y + 1, 2, a->cols - 4, tr("Other keys type into the field."),
		    tui_attr(a, TC_DIM));
}

static const struct binding ui_help_keys[] = {
	{ .key = '?', .keyname = "?", .label = "back", .fn = list_back },
	{ .key = KEY_F(1), .fkey = true, .keyname = "F1", .label = "back", .fn = list_back },
	{ .key = 0 },
};

static const struct screen ui_help_screen = {
	.title = "Help",
	.draw = ui_help_draw,
	.free = free,
	.keys = ui_help_keys,
	.list_keys = list_back_keys,
};

/* Open the list of every key of a screen. */
int
ui_help_open(struct app *a, const struct screen *under)
{
	struct help *h = xcalloc(1, sizeof *h);

	h->under = under;
	return tui_push(a, &ui_help_screen, h);
}
