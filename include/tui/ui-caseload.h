/* The caseload screen: my cases and the office's, paged, sorted and filtered. */
#ifndef TUI_UI_CASELOAD_H
#define TUI_UI_CASELOAD_H

#include "tui/tui.h"

/* The caseload screen, the bottom of the stack. */
extern const struct screen ui_caseload_screen;
/* The caseload screen's state, for the bottom of the stack. */
void *ui_caseload_new(struct app *a);

#endif
