/* The audit browser: the trail by person, by user and by date, each change in words. */
#ifndef TUI_UI_AUDIT_H
#define TUI_UI_AUDIT_H

#include "tui/tui.h"

/* Open the audit browser over the whole trail. */
int ui_audit_open_browser(struct app *a);

#endif
