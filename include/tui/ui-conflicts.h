/* The supervisor's sync conflicts: what applying another office's changes held aside. */
#ifndef TUI_UI_CONFLICTS_H
#define TUI_UI_CONFLICTS_H

#include "tui/tui.h"

/* Open the list of open conflicts (core/syncapply.h): Enter shows one in words, both values,
 * who and when on each side; m keeps this office's values, t the other office's, after asking. */
int ui_conflicts_open(struct app *a, void *st);

#endif
