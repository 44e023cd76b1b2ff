/* Drawing helpers and the line editor, measured in display columns (wcwidth). */
#ifndef TUI_WIDGET_H
#define TUI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct app;

/* Draw text at y, x cut (never inside a character) and padded to cols columns. */
void widget_text(int y, int x, int cols, const char *text, int attr);
/* Draw a title bar across the top line. */
void widget_title(struct app *a, const char *left, const char *right);
/* Draw the bottom line of the top screen's main keys and the message line above it. */
void widget_bottom(struct app *a);
/* Draw a label and value pair, the label in the given columns. */
void widget_field(int y, int x, int labelcols, int cols, const char *label, const char *value,
    int attr);

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
