/* The text editor of a field: UTF-8 text, a cursor between characters, drawn in display columns;
 * a multi-line one (a note's text) takes line breaks and draws its lines wrapped. */
#include "tui/lineedit.h"

#include <curses.h>
#include <string.h>

#include "tui/widget.h"
#include "util/utf8.h"

/* Start an editor with initial text. */
void
lineedit_set(struct lineedit *e, const char *text, size_t max)
{
	e->max = max < sizeof e->buf ? max : sizeof e->buf - 1;
	e->multiline = false;
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
		case KEY_HOME:
			while (e->multiline && e->cur > 0 && e->buf[e->cur - 1] != '\n')
				e->cur--;
			if (!e->multiline)
				e->cur = 0;
			return false;
		case KEY_END:
			while (e->multiline && e->cur < e->len && e->buf[e->cur] != '\n')
				e->cur++;
			if (!e->multiline)
				e->cur = e->len;
			return false;
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
	if ((ch < 0x20 && !(ch == '\n' && e->multiline)) || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff)
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

/* A multi-line editor's cursor to the line above (dir -1) or below (+1), as near its column as
 * that line allows; false when there is no such line. */
bool
lineedit_line_move(struct lineedit *e, int dir)
{
	size_t start = e->cur, to;

	if (!e->multiline)
		return false;
	while (start > 0 && e->buf[start - 1] != '\n')
		start--;
	/* the cursor's column on its line */
	char before[sizeof e->buf];
	memcpy(before, e->buf + start, e->cur - start);
	before[e->cur - start] = '\0';
	int col = utf8_width(before);
	if (dir < 0) {
		if (start == 0)
			return false;
		to = start - 1;
		while (to > 0 && e->buf[to - 1] != '\n')
			to--;
	} else {
		to = e->cur;
		while (to < e->len && e->buf[to] != '\n')
			to++;
		if (to == e->len)
			return false;
		to++;
	}
	/* along the other line until the column is reached or the line ends */
	const char *p = e->buf + to;
	int w = 0;
	while (*p != '\0' && *p != '\n') {
		const char *at = p;
		int cw = utf8_cp_width(utf8_next(&p));
		if (w + cw > col) {
			p = at;
			break;
		}
		w += cw;
	}
	e->cur = (size_t)(p - e->buf);
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

/* The byte length of the screen line starting at s, at most cols columns, ending before a line
 * break (*brk set when it does). */
static size_t
lineedit_row(const char *s, int cols, bool *brk)
{
	const char *p = s;
	int w = 0;

	*brk = false;
	while (*p != '\0' && *p != '\n') {
		const char *at = p;
		int cw = utf8_cp_width(utf8_next(&p));
		if (w + cw > cols && at > s)
			return (size_t)(at - s);
		w += cw;
	}
	*brk = *p == '\n';
	return (size_t)(p - s);
}

/* Draw a multi-line editor in rows lines of cols columns from y, x: its lines wrapped, scrolled
 * so the cursor's line shows, the terminal cursor placed when focused. */
void
lineedit_draw_lines(const struct lineedit *e, int y, int x, int cols, int rows, bool focus,
    int attr)
{
	enum { MAXROWS = 1024 };
	static size_t start[MAXROWS];
	int n = 0, at = 0;

	if (cols <= 1 || rows <= 0)
		return;
	/* the screen lines: each starts at a byte; the cursor is on the last that starts at or
	 * before it (a line break ends a line, the next starts after it) */
	for (size_t off = 0; n < MAXROWS; ) {
		bool brk;
		size_t len = lineedit_row(e->buf + off, cols - 1, &brk);
		start[n++] = off;
		if (e->cur >= off)
			at = n - 1;
		off += len + brk;
		if (!brk && off >= e->len)
			break;
	}
	int top = at >= rows ? at - rows + 1 : 0;
	for (int i = 0; i < rows; i++) {
		struct sbuf b = SBUF_INIT;
		if (top + i < n) {
			bool brk;
			size_t off = start[top + i];
			sbuf_addn(&b, e->buf + off, lineedit_row(e->buf + off, cols - 1, &brk));
		}
		widget_text(y + i, x, cols, sbuf_str(&b), attr);
		sbuf_free(&b);
	}
	if (focus) {
		char before[sizeof e->buf];
		size_t from = start[at];
		memcpy(before, e->buf + from, e->cur - from);
		before[e->cur - from] = '\0';
		move(y + at - top, x + utf8_width(before));
		curs_set(1);
	}
}
