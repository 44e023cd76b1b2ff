/* jobdesk export FILE.csv: every person, in the columns import reads. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd-export.h"
#include "core/transfer.h"
#include "util/i18n.h"

/* Write the caseload to a CSV file (UTF-8 with a byte order mark), atomically. */
int
cmd_export(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	long count = 0;
	int ret;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("export", "expected one FILE.csv");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = transfer_export(c->ses.db, argv[1], &count, &d)) != 0) {
		fprintf(stderr, "jobdesk: export: %s\n", d.msg);
		return ret;
	}
	printf(trn("exported %ld person to %s\n", "exported %ld persons to %s\n", (unsigned long)count), count,
	    argv[1]);
	return fflush(stdout) != 0 ? EX_IOERR : 0;
}
