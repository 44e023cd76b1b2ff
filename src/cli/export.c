/* jobdesk export: being written in this session. */
#include <stdio.h>

#include "cli/cli.h"

/* jobdesk export (not built yet). */
int
cli_export(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: export: not built yet\n", stderr);
	return EX_SOFTWARE;
}
