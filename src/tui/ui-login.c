/* The login dialog (issue 15): the login, prefilled, and the password, shown as stars; the
 * outcome in words (the tries left before the lock, the lock and until when, whom to ask). At
 * start when the acting user has a password (or the system account is no user), and when the
 * screen locks after the office's idle minutes: the same user goes on where they were, another
 * one logs in and the screen starts again as them. */
#include "tui/ui-login.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/session.h"
#include "core/user.h"
#include "tui/lineedit.h"
#include "tui/tui.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The login acting after a dialog, for the rest of the run (session.user points at it). */
static char *ui_login_name;

/* The login now acting (after ui_login_run), kept for the rest of the run. */
const char *
ui_login_user(void)
{
	return ui_login_name;
}

/* Paint the dialog: title, why it is asked, the two fields (focus on field), the message. */
static void
ui_login_draw(struct app *a, const struct lineedit *login, const struct lineedit *pw, int field,
    bool locked, int idle_minutes, const char *msg)
{
	char why[256];
	int lw = utf8_width(tr("Login:")), pw_w = utf8_width(tr("Password:"));
	int x = (lw > pw_w ? lw : pw_w) + 4;

	erase();
	widget_title(a, tr(" jobdesk: sign in"), a->ses->today_text);
	if (locked)
		snprintf(why, sizeof why, tr("The screen locked after %d idle minutes. Give your "
		    "password to go on, or sign in as another user."), idle_minutes);
	else
		snprintf(why, sizeof why, "%s", tr("Sign in with your login and password."));
	widget_lines(a, 3, why, A_BOLD, 2);
	widget_text(5, 2, lw, tr("Login:"), 0);
	widget_text(7, 2, pw_w, tr("Password:"), 0);
	/* the password as one star a character, never the text */
	char stars[130];
	size_t n = utf8_len(pw->buf);
	if (n > sizeof stars - 1)
		n = sizeof stars - 1;
	memset(stars, '*', n);
	stars[n] = '\0';
	widget_text(7, x, 34, stars, A_UNDERLINE);
	if (msg != NULL && msg[0] != '\0')
		widget_lines(a, 11, msg, (int)(tui_attr(a, TC_ALERT) | A_BOLD), 3);
	widget_text(a->rows - 1, 0, a->cols, tr("Enter: next field, sign in   Tab: field   F10: "
	    "leave jobdesk"), tui_attr(a, TC_KEY));
	lineedit_draw(login, 5, x, 34, field == 0, A_UNDERLINE);
	if (field == 1) {
		move(7, x + (int)n);
		curs_set(1);
	}
	refresh();
}

/* Try to log in as name with password: 0 and the connection acting as name, or a code with
 * msg saying why in words. */
static int
ui_login_try(struct app *a, const struct ui_login_who *who, const char *name,
    const char *password, char *msg, size_t len)
{
	struct user_caller c = *who->caller;
	struct user_ident id;
	struct diag d = DIAG_INIT;
	int ret;

	c.requested = name;
	if ((ret = user_resolve(a->ses->db, &c, &id, &d)) != 0) {
		snprintf(msg, len, "%s", d.msg);
		return ret;
	}
	/* a user with a password gives it; one without is the owner's or their own account's */
	if (id.has_password && (ret = user_login(a->ses->db, name, password, NULL, NULL, &d)) != 0)
		snprintf(msg, len, "%s", d.msg);
	if (ret == 0) {
		user_apply(a->ses->db, &id);
		if (id.has_password)
			db_set_acting_as(a->ses->db, NULL);
		free(ui_login_name);
		ui_login_name = xstrdup(name);
		a->ses->user = ui_login_name;
	}
	user_ident_free(&id);
	return ret;
}

/* Ask for a login and password until one logs in or the person leaves (see ui-login.h). */
bool
ui_login_run(struct app *a, const struct ui_login_who *who, bool locked, int idle_minutes,
    bool *other)
{
	struct lineedit login, pw;
	char msg[1100] = "", was[128];
	int field = who->login[0] != '\0' ? 1 : 0;

	snprintf(was, sizeof was, "%s", a->ses->user != NULL ? a->ses->user : "");
	*other = false;
	lineedit_set(&login, who->login, 32);
	lineedit_set(&pw, "", 256);
	for (;;) {
		wint_t ch;
		ui_login_draw(a, &login, &pw, field, locked, idle_minutes, msg);
		int rc = tui_get_wch(&ch);
		bool fkey = rc == KEY_CODE_YES;
		if (tui_stopping())
			break;
		if (rc == ERR)
			continue;
		if (fkey && ch == KEY_RESIZE) {
			getmaxyx(stdscr, a->rows, a->cols);
			continue;
		}
		if (fkey && ch == KEY_F(10))
			break;
		if (!fkey && ch == 27) {
			if (!locked)
				break;
			lineedit_set(&pw, "", 256);   /* locked: Esc only clears the password */
			continue;
		}
		if ((!fkey && ch == '\t') || (fkey && (ch == KEY_DOWN || ch == KEY_UP ||
		    ch == KEY_BTAB))) {
			field = 1 - field;
			continue;
		}
		bool enter = (!fkey && (ch == '\r' || ch == '\n')) || (fkey && ch == KEY_ENTER);
		if (enter && field == 0) {
			field = 1;
			continue;
		}
		if (enter) {
			if (login.buf[0] == '\0') {
				snprintf(msg, sizeof msg, "%s", tr("Give your login."));
				field = 0;
				continue;
			}
			msg[0] = '\0';
			ui_login_draw(a, &login, &pw, field, locked, idle_minutes, msg);
			if (ui_login_try(a, who, login.buf, pw.buf, msg, sizeof msg) == 0) {
				explicit_bzero(pw.buf, sizeof pw.buf);
				*other = strcmp(was, login.buf) != 0;
				curs_set(0);
				return true;
			}
			lineedit_set(&pw, "", 256);
			continue;
		}
		lineedit_key(field == 0 ? &login : &pw, ch, fkey);
	}
	explicit_bzero(pw.buf, sizeof pw.buf);
	curs_set(0);
	return false;
}
