/* jobdesk with no command: the counselor's screen. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-screen.h"
#include "core/backup.h"
#include "tui/tui.h"
#include "util/i18n.h"

/* Open the counselor's screen on a terminal. */
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
	struct diag d = DIAG_INIT;
	int ret = cli_db(c, false, &d);
	if (ret != 0)
		return diag_print(&d);
	/* the policies are read when a screen first needs them (tui_policies), not before the
	 * caseload shows; without them the screen still works and says why on that screen */
	c->ses.policies_dir = c->policies_dir;
	ret = tui_run(&c->ses, NULL);
	/* the end of the day's first session: a generation, checked, unless one of today is there */
	char *made = NULL;
	if (ret == 0 && backup_daily(&c->ses, &made, &d) != 0)
		return cli_err(tr("jobdesk: today's backup: %s\n"), d.msg), d.code;
	if (made != NULL)
		cli_out(tr("%s: today's backup: %s (checked)\n"), c->db_path, made);
	free(made);
	return ret;
}
