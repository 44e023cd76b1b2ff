/* jobdesk import: being written in this session. */
#include <stdio.h>

#include "cli/cli.h"

/* jobdesk import (not built yet). */
int
cli_import(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: import: not built yet\n", stderr);
	return EX_SOFTWARE;
}
