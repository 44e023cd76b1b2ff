/* The caseload screen: my cases and the office's, paged, sorted and filtered. */
#ifndef TUI_UI_CASELOAD_H
#define TUI_UI_CASELOAD_H

#include <stdbool.h>

#include "tui/tui.h"

/* The caseload screen, the bottom of the stack. */
extern const struct screen ui_caseload_screen;
/* The caseload screen's state, for the bottom of the stack. */
void *ui_caseload_new(struct app *a);
/* Open a counselor's cases on top of the screen: of one stage (NULL: every open stage), or,
 * with due, their follow-ups due today or overdue; q and Esc go back. */
int ui_caseload_open_for(struct app *a, const char *counselor, const char *stage, bool due);
/* Done, move or cancel (op 'd', 'm', 'x') the open follow-up of note note_id, asking first for
 * a date (move) or a yes (cancel); the outcome or the refusal on the message line. TUI_RELOAD
 * when the follow-up changed. The person screen's d, m, x use it too. */
int ui_caseload_followup(struct app *a, const char *note_id, int op);

#endif
