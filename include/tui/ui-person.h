/* A person's screen: fields, progress, notes, the timeline. */
#ifndef TUI_UI_PERSON_H
#define TUI_UI_PERSON_H

#include "tui/tui.h"

/* Open a person's screen by case id. */
int ui_person_open(struct app *a, const char *person_id);
/* Open a person's screen in place of the top screen. */
int ui_person_replace(struct app *a, const char *person_id);

#endif
