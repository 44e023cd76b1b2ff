/* The list of every key of a screen. */
#ifndef TUI_UI_HELP_H
#define TUI_UI_HELP_H

#include "tui/tui.h"

/* Open the list of every key of a screen. */
int ui_help_open(struct app *a, const struct screen *under);

#endif
