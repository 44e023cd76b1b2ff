/* Drawing helpers and the line editor, measured in display columns (wcwidth). */
#include "tui/widget.h"

#include <curses.h>
#include <string.h>

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

/* Draw a title bar across the top line. */
void
widget_title(struct app *a, const char *left, const char *right)
{
	int rw = right != NULL ? utf8_width(right) : 0;
	int attr = tui_attr(a, TC_HEADER);

	/* the left part is cut before the right one begins: drawing over half of a wide
	 * character would leave the terminal and curses disagreeing about the line */
	if (rw > 0 && rw + 2 < a->cols) {
		widget_text(0, 0, a->cols - rw - 1, left, attr);
		widget_text(0, a->cols - rw - 1, rw + 1, right, attr);
	} else {
		widget_text(0, 0, a->cols, left, attr);
	}
}

/* Draw the bottom line of the top screen's main keys and the message line above it. */
void
widget_bottom(struct app *a)
{
	const struct screen *scr = a->stack[a->depth - 1].scr;
	int x = 0;

	if (a->msg[0] != '\0')
		widget_text(a->rows - 2, 0, a->cols, a->msg,
		    a->msg_error ? (int)(tui_attr(a, TC_ALERT) | A_BOLD) : tui_attr(a, TC_GOOD));
	move(a->rows - 1, 0);
	clrtoeol();
	for (const struct binding *b = scr->keys; b != NULL && b->key != 0; b++) {
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

/* Draw a label and value pair, the label in the given columns. */
void
widget_field(int y, int x, int labelcols, int cols, const char *label, const char *value,
    int attr)
{
	widget_text(y, x, labelcols, label, A_BOLD);
	widget_text(y, x + labelcols, cols - labelcols, value != NULL ? value : "-", attr);
}

/* Start an editor with initial text. */
void
lineedit_set(struct lineedit *e, const char *text, size_t max)
{
	e->max = max < sizeof e->buf ? max : sizeof e->buf - 1;
	e->len = strlen(text);
	if (e->len > e->max)
		e->len = 0;
	memcpy(e->buf, text, e->len);
	e->buf[e->len] = '\0';
	e->cur = e->len;
}

/* The byte offset of the code point before off. */
static size_t
lineedit_prev(const struct lineedit *e, size_t off)
{
	while (off > 0 && (e->buf[--off] & 0xc0) == 0x80)
		;
	return off;
}

/* The byte offset of the code point after off. */
static size_t
lineedit_next(const struct lineedit *e, size_t off)
{
	if (off < e->len)
		off++;
	while (off < e->len && (e->buf[off] & 0xc0) == 0x80)
		off++;
	return off;
}

/* Apply a key; returns true when the text changed. */
bool
lineedit_key(struct lineedit *e, wint_t ch, bool fkey)
{
	if (fkey) {
		switch (ch) {
		case KEY_LEFT: e->cur = lineedit_prev(e, e->cur); return false;
		case KEY_RIGHT: e->cur = lineedit_next(e, e->cur); return false;
		case KEY_HOME: e->cur = 0; return false;
		case KEY_END: e->cur = e->len; return false;
		case KEY_BACKSPACE: break;
		case KEY_DC:
			if (e->cur == e->len)
				return false;
			e->cur = lineedit_next(e, e->cur);
			break;
		default: return false;
		}
		ch = 0x7f;
	}
	if (ch == 0x7f || ch == 8) {
		size_t from = lineedit_prev(e, e->cur);
		if (from == e->cur)
			return false;
		memmove(e->buf + from, e->buf + e->cur, e->len - e->cur + 1);
		e->len -= e->cur - from;
		e->cur = from;
		return true;
	}
	if (ch == 21) {  /* ^U clears */
		e->len = e->cur = 0;
		e->buf[0] = '\0';
		return true;
	}
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff)
		return false;
	struct sbuf b = SBUF_INIT;
	utf8_put(&b, (uint32_t)ch);
	if (e->len + b.len > e->max) {
		sbuf_free(&b);
		return false;
	}
	memmove(e->buf + e->cur + b.len, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, b.s, b.len);
	e->len += b.len;
	e->cur += b.len;
	sbuf_free(&b);
	return true;
}

/* Draw the editor at y, x in cols columns, placing the terminal cursor when focused. */
void
lineedit_draw(const struct lineedit *e, int y, int x, int cols, bool focus, int attr)
{
	char before[sizeof e->buf];
	const char *start = e->buf;

	if (cols <= 0)
		return;
	memcpy(before, e->buf, e->cur);
	before[e->cur] = '\0';
	/* scroll so that the cursor stays visible, never past it */
	while ((size_t)(start - e->buf) < e->cur && utf8_width(before + (start - e->buf)) >= cols)
		utf8_next(&start);
	widget_text(y, x, cols, start, attr);
	if (focus) {
		move(y, x + utf8_width(before + (start - e->buf)));
		curs_set(1);
	}
}
