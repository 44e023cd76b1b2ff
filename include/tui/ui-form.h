/* The forms: register, edit, progress, correction and note. */
#ifndef TUI_UI_FORM_H
#define TUI_UI_FORM_H

#include <stdbool.h>

#include "tui/tui.h"

/* Open the register form for a new person. */
int ui_form_register(struct app *a);
/* Open the register form with text a search found nobody by placed where it belongs: Han
 * characters as the name, an ID number (or 15 to 17 of its digits) as the ID number, 11 digits
 * starting 1 as the phone; other text (initials) nowhere. */
int ui_form_register_with(struct app *a, const char *text);
/* Open the edit form of a person. */
int ui_form_edit(struct app *a, const char *person_id);
/* Open the progress form: a new enrollment for a person. */
int ui_form_progress(struct app *a, const char *person_id);
/* Open the note form for a person. */
int ui_form_note(struct app *a, const char *person_id);
/* Open the correction form of an enrollment or a certificate of a person (row_id): the progress
 * form filled with the entry (a certificate: its level, date and occupation); saving asks why. */
int ui_form_fix(struct app *a, const char *person_id, const char *row_id, bool certificate);

#endif
