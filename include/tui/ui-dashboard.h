/* The office at a glance: the supervisor's figures with bars, Enter for the cases behind. */
#ifndef TUI_UI_DASHBOARD_H
#define TUI_UI_DASHBOARD_H

#include "tui/tui.h"

/* Open the office at a glance: every office, the last twelve weeks up to today. */
int ui_dashboard_open(struct app *a);

#endif
