/* The search screen: results as the counselor types. */
#ifndef TUI_UI_SEARCH_H
#define TUI_UI_SEARCH_H

#include "tui/tui.h"

/* Open the search screen. */
int ui_search_open(struct app *a);

#endif
