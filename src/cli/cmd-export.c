/* jobdesk export FILE.csv [--labels]: every person, in the columns import reads. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd-export.h"
#include "core/transfer.h"
#include "util/i18n.h"

/* Write the caseload to a CSV file, atomically: the codes, or with --labels the headers and
 * values in the interface's language (UTF-8 with a byte order mark, for WPS and Excel); say on
 * stderr what the file does not carry. */
int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "labels", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	bool labels = false;
	long count = 0;
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'l')
			return cli_bad_option("export", ch, argv, "FILE.csv [--labels]");
		labels = true;
	}
	if (optind + 1 != argc || argv[optind][0] == '-')
		return cli_usage("export", "expected one FILE.csv");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = transfer_export(c->ses.db, argv[optind], labels, &count, &d)) != 0) {
		cli_err("jobdesk: export: %s\n", d.msg);
		return ret;
	}
	cli_out(trn("exported %ld person to %s\n", "exported %ld persons to %s\n", (unsigned long)count), count,
	    argv[optind]);
	fputs(tr("jobdesk: export: the file holds the persons' own fields only; their progress, "
	    "certificates, notes, decisions and the audit trail are not in it (jobdesk db backup "
	    "copies everything)\n"), stderr);
	return fflush(stdout) != 0 ? EX_IOERR : 0;
}
