/* jobdesk tui: being written in this session. */
#include <stdio.h>

#include "cli/cli.h"

/* jobdesk tui (not built yet). */
int
cli_tui(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: tui: not built yet\n", stderr);
	return EX_SOFTWARE;
}
