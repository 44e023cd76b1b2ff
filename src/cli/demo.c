/* jobdesk demo: being written in this session. */
#include <stdio.h>

#include "cli/cli.h"

/* jobdesk demo (not built yet). */
int
cli_demo(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: demo: not built yet\n", stderr);
	return EX_SOFTWARE;
}
