/* jobdesk with no command: the counselor's screen. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tui/tui.h"

/* Open the counselor's screen on a terminal. */
int
cli_tui(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("jobdesk: the counselor's screen needs a terminal; for scripts see "
		    "jobdesk --help\n", stderr);
		return EX_USAGE;
	}
	return tui_run(c);
}
