/* Drawing helpers measured in display columns (wcwidth): text, title, bottom line. */
#ifndef TUI_WIDGET_H
#define TUI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct app;

/* Draw text at y, x cut (never inside a character) and padded to cols columns. */
void widget_text(int y, int x, int cols, const char *text, int attr);
/* Draw text ending on line y, wrapped between words onto at most maxlines lines (the first
 * ones above y) when it is wider than the screen, so that a long message is read whole. */
void widget_lines(struct app *a, int y, const char *text, int attr, int maxlines);
/* Draw a title bar across the top line. */
void widget_title(struct app *a, const char *left, const char *right);
/* Draw the bottom line of the top screen's main keys and the message line above it. */
void widget_bottom(struct app *a);

#endif
