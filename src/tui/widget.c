/* Drawing helpers measured in display columns (wcwidth): text, title, bottom line. */
#include "tui/widget.h"

#include <curses.h>
#include <string.h>

#include "core/db.h"
#include "core/session.h"
#include "tui/tui.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Draw text at y, x cut (never inside a character) and padded to cols columns. */
void
widget_text(int y, int x, int cols, const char *text, int attr)
{
	struct sbuf b = SBUF_INIT;

	/* never past the right edge: curses would wrap the rest onto the next line */
	if (x >= COLS || y >= LINES)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	if (cols <= 0)
		return;
	utf8_fit(&b, text != NULL ? text : "", cols, true);
	attron(attr);
	mvaddstr(y, x, sbuf_str(&b));
	attroff(attr);
	sbuf_free(&b);
}

/* Draw text ending on line y, wrapped between words onto at most maxlines lines. */
void
widget_lines(struct app *a, int y, const char *text, int attr, int maxlines)
{
	const char *start[8];
	int n = 0;

	if (maxlines > 8)
		maxlines = 8;
	for (const char *p = text; *p != '\0' && n < maxlines; ) {
		start[n++] = p;
		/* the last line allowed takes the rest, cut where it is drawn */
		p += n < maxlines ? utf8_line(p, a->cols) : strlen(p);
	}
	for (int i = 0; i < n; i++) {
		struct sbuf line = SBUF_INIT;
		const char *end = i + 1 < n ? start[i + 1] : start[i] + strlen(start[i]);
		sbuf_addn(&line, start[i], (size_t)(end - start[i]));
		move(y - (n - 1) + i, 0);
		clrtoeol();
		widget_text(y - (n - 1) + i, 0, a->cols, sbuf_str(&line), attr);
		sbuf_free(&line);
	}
}

/* Draw a title bar across the top line; on a read-only database every title begins by saying
 * so (the screen then shows ID numbers masked, and every change is refused with the reason). */
void
widget_title(struct app *a, const char *left, const char *right)
{
	int rw = right != NULL ? utf8_width(right) : 0;
	int attr = tui_attr(a, TC_HEADER);
	struct sbuf ro = SBUF_INIT;

	if (a->ses != NULL && a->ses->db != NULL && db_readonly(a->ses->db) != NULL) {
		sbuf_addf(&ro, " %s%s", tr("[read-only]"), left);
		left = sbuf_str(&ro);
	}
	/* the left part is cut before the right one begins: drawing over half of a wide
	 * character would leave the terminal and curses disagreeing about the line */
	if (rw > 0 && rw + 2 < a->cols) {
		widget_text(0, 0, a->cols - rw - 1, left, attr);
		widget_text(0, a->cols - rw - 1, rw + 1, right, attr);
	} else {
		widget_text(0, 0, a->cols, left, attr);
	}
	sbuf_free(&ro);
}

/* Draw the bottom line of the top screen's main keys and the message line above it. */
void
widget_bottom(struct app *a)
{
	const struct screen *scr = a->stack[a->depth - 1].scr;
	const struct binding *keys[64];
	int nkeys = tui_keys(scr, keys, (int)(sizeof keys / sizeof *keys)), x = 0;

	if (a->msg[0] != '\0')
		widget_lines(a, a->rows - 2, a->msg, a->msg_error ? (int)(tui_attr(a, TC_ALERT) |
		    A_BOLD) : tui_attr(a, TC_GOOD), 3);
	move(a->rows - 1, 0);
	clrtoeol();
	for (int i = 0; i < nkeys; i++) {
		const struct binding *b = keys[i];
		if (!b->bottom)
			continue;
		const char *label = tr(b->label);
		int need = utf8_width(b->keyname) + 1 + utf8_width(label) + 2;
		if (x + need + 8 > a->cols)  /* keep room for the help key */
			break;
		widget_text(a->rows - 1, x, utf8_width(b->keyname), b->keyname, tui_attr(a, TC_KEY));
		x += utf8_width(b->keyname) + 1;
		widget_text(a->rows - 1, x, utf8_width(label), label, 0);
		x += utf8_width(label) + 2;
	}
	const char *helpkey = scr->input != NULL ? "F1" : "?";
	if (x + 8 <= a->cols) {
		widget_text(a->rows - 1, x, utf8_width(helpkey), helpkey, tui_attr(a, TC_KEY));
		widget_text(a->rows - 1, x + utf8_width(helpkey) + 1,
		    a->cols - x - utf8_width(helpkey) - 1, tr("help"), 0);
	}
}
