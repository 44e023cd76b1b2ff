/* jobdesk with no command: the counselor's screen. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-screen.h"
#include "core/db.h"
#include "core/user.h"
#include "core/backup.h"
#include "tui/tui.h"
#include "util/i18n.h"

/* Open the counselor's screen on a terminal. A user with a password signs in first (the
 * dialog, the login prefilled), and so does anyone whose account is no user while some user
 * has a password (the shared township PC: one system account, a password each); the screen
 * then locks after the office's idle minutes. */
int
cmd_screen(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(tr("jobdesk: the counselor's screen needs a terminal; for scripts see "
		    "jobdesk --help\n"), stderr);
		return EX_USAGE;
	}
	struct diag d = DIAG_INIT, pd = DIAG_INIT;
	int ret = cli_db(c, false, &d);
	struct user_caller who = { .requested = c->user != c->login ? c->user : NULL,
	    .login = c->login, .privileged = c->privileged, .superuser = getuid() == 0 };
	struct tui_signin in = { .caller = &who, .login = c->user };
	int64_t passwords = 0;

	if (ret == EX_NOPERM && c->ses.db != NULL && user_with_password(c->ses.db, &passwords,
	    &pd) == 0 && passwords > 0) {
		/* not a user here, but users sign in with passwords: the dialog, empty or with the
		 * name given */
		in.ask = true;
		in.login = who.requested != NULL ? who.requested : "";
		c->ses.user = NULL;
	} else if (ret != 0) {
		return diag_print(&d);
	} else {
		in.ask = in.lockable = c->ident.has_password;
		in.login = c->ident.name;
	}
	who.owner = user_is_owner(c->ses.db);
	/* the dialog asks the password before any screen: no prompt of the command line's */
	db_set_write_gate(c->ses.db, NULL, NULL);
	if ((ret = user_idle_minutes(c->ses.db, &in.idle_minutes, &d)) != 0)
		return diag_print(&d);
	/* the policies are read when a screen first needs them (tui_policies), not before the
	 * caseload shows; without them the screen still works and says why on that screen */
	c->ses.policies_dir = c->policies_dir;
	ret = tui_run(&c->ses, NULL, &in);
	/* the end of the day's first session: a generation, checked, unless one of today is there
	 * (not when SIGTERM or SIGHUP stopped the screen: a lost terminal leaves at once) */
	char *made = NULL;
	if (ret == 0 && !tui_stopping() && backup_daily(&c->ses, &made, &d) != 0)
		return cli_err(tr("jobdesk: today's backup: %s\n"), d.msg), d.code;
	if (made != NULL)
		cli_out(tr("%s: today's backup: %s (checked)\n"), c->db_path, made);
	free(made);
	return ret;
}
