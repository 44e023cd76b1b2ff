/* The supervisor's pending approvals: the decisions awaiting approval, oldest first. */
#ifndef TUI_UI_APPROVALS_H
#define TUI_UI_APPROVALS_H

#include "tui/tui.h"

/* Open the list of pending approvals (core/report.h REPORT_PENDING): Enter shows a decision's
 * notice (the person, facts, reasons, amount), a approves it, r rejects it with a reason. */
int ui_approvals_open(struct app *a, void *st);

#endif
