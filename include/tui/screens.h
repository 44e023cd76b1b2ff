/* The screens of the front end and how to open them. Each lives in its own file. */
#ifndef TUI_SCREENS_H
#define TUI_SCREENS_H

#include "tui/tui.h"
#include "util/diag.h"

struct cli;

extern const struct screen caseload_screen;

/* The caseload screen's state, for the bottom of the stack. */
void *caseload_new(struct app *a);
/* Open the list of every key of a screen. */
int help_open(struct app *a, const struct screen *under);
/* Open the search screen. */
int search_open(struct app *a);
/* Open a person's screen by case id. */
int person_open(struct app *a, const char *person_id);
/* Open a person's screen in place of the top screen. */
int person_replace(struct app *a, const char *person_id);
/* Open the register form for a new person. */
int form_register(struct app *a);
/* Open the edit form of a person. */
int form_edit(struct app *a, const char *person_id);
/* Open the progress form: a new enrollment for a person. */
int form_progress(struct app *a, const char *person_id);
/* Open the note form for a person. */
int form_note(struct app *a, const char *person_id);
/* Open the benefits of a person. */
int benefits_open(struct app *a, const char *person_id);
/* Load the policy set for the benefits screen; NULL with d set when it cannot be loaded. */
void *benefits_load(struct cli *c, struct diag *d);
/* Free what benefits_load returned. */
void benefits_unload(void *policies);

#endif
