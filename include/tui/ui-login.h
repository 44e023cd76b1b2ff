/* The login dialog: at start when a password is needed, and when the screen locks after the
 * office's idle minutes (core/user.h). */
#ifndef TUI_UI_LOGIN_H
#define TUI_UI_LOGIN_H

#include <stdbool.h>

struct app;
struct user_caller;

/* Who is at the screen, for the dialog: the caller (system login, owner, privileged) and the
 * login to prefill ("" for none). */
struct ui_login_who {
	const struct user_caller *caller;
	const char *login;
};

/* Ask for a login and its password, hidden, until a user logs in (true: the connection then
 * acts as them; *other when it is not the user who was acting) or the person leaves (F10, or
 * Esc at start: false). locked: the screen locked after idle_minutes, for the acting user. */
bool ui_login_run(struct app *a, const struct ui_login_who *who, bool locked, int idle_minutes,
    bool *other);
/* The login now acting (after ui_login_run), kept for the rest of the run. */
const char *ui_login_user(void);

#endif
