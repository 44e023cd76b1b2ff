/* The notice of a decision: written as an HTML page to the notices folder, shown as text. */
#ifndef TUI_UI_NOTICE_H
#define TUI_UI_NOTICE_H

#include "tui/tui.h"

/* Write the HTML notice of a decision (its id) to a new file in the notices folder, say where
 * on the message line, and show the text notice in a view that scrolls (q back). */
int ui_notice_open(struct app *a, const char *decision_id);
/* Show the text notice of a decision in the same view, writing no file. */
int ui_notice_view(struct app *a, const char *decision_id);

#endif
