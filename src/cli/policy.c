/* jobdesk policy: placeholder until the policy engine lands (being written now). */
#include "cli/cli.h"

#include <stdio.h>

/* jobdesk policy ... */
int
cli_policy(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fputs("jobdesk: policy: not built yet\n", stderr);
	return EX_SOFTWARE;
}
