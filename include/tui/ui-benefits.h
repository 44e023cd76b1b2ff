/* The benefits screen: every policy for a person, the reasons, granting. */
#ifndef TUI_UI_BENEFITS_H
#define TUI_UI_BENEFITS_H

#include "tui/tui.h"

/* Open the benefits of a person. */
int ui_benefits_open(struct app *a, const char *person_id);

#endif
