/* The one-line text editor: UTF-8 text, a cursor between characters, drawn in display columns. */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* A one-line text editor holding UTF-8. */
struct lineedit {
	char buf[512];
	size_t len;   /* bytes */
	size_t cur;   /* byte offset of the cursor */
	size_t max;   /* most bytes accepted (< sizeof buf) */
};

/* Start an editor with initial text. */
void lineedit_set(struct lineedit *e, const char *text, size_t max);
/* Apply a key; returns true when the text changed. */
bool lineedit_key(struct lineedit *e, wint_t ch, bool fkey);
/* Draw the editor at y, x in cols columns, placing the terminal cursor when focused. */
void lineedit_draw(const struct lineedit *e, int y, int x, int cols, bool focus, int attr);

#endif
