/* jobdesk grant: being written in this session. */
#include <stdio.h>

#include "cli/cli.h"

/* jobdesk grant (not built yet). */
int
cli_grant(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: grant: not built yet\n", stderr);
	return EX_SOFTWARE;
}
