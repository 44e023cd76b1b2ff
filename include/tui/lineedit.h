/* The text editor of a field: UTF-8 text, a cursor between characters, drawn in display
 * columns; one line, or several (a note's text) when multiline is set. */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* A text editor holding UTF-8. */
struct lineedit {
	char buf[2048];
	size_t len;   /* bytes */
	size_t cur;   /* byte offset of the cursor */
	size_t max;   /* most bytes accepted (< sizeof buf) */
	bool multiline;  /* '\n' is taken as a line break (Home and End: the cursor's line) */
};

/* Start an editor with initial text. */
void lineedit_set(struct lineedit *e, const char *text, size_t max);
/* Apply a key; returns true when the text changed. */
bool lineedit_key(struct lineedit *e, wint_t ch, bool fkey);
/* A multi-line editor's cursor to the line above (dir -1) or below (+1), as near its column as
 * that line allows; false when there is no such line. */
bool lineedit_line_move(struct lineedit *e, int dir);
/* Draw the editor at y, x in cols columns, placing the terminal cursor when focused. */
void lineedit_draw(const struct lineedit *e, int y, int x, int cols, bool focus, int attr);
/* Draw a multi-line editor in rows lines of cols columns from y, x: its lines wrapped, scrolled
 * so the cursor's line shows, the terminal cursor placed when focused. */
void lineedit_draw_lines(const struct lineedit *e, int y, int x, int cols, int rows, bool focus,
    int attr);

#endif
