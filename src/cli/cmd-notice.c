/* jobdesk notice DECISION [--format text|html] [--output FILE]: the printable notice of a
 * decision (core/notice.h), to stdout or to a new file written whole or not at all. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmd-notice.h"
#include "core/notice.h"
#include "util/outfile.h"
#include "util/sbuf.h"

/* Print or write the notice of one decision. */
int
cmd_notice(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct notice n;
	struct sbuf out = SBUF_INIT;
	const char *output = NULL;
	char *id = NULL;
	int ch, fmt = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((fmt = cli_format("notice", optarg, "text|html")) < 0)
				return EX_USAGE;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return cli_bad_option("notice", ch, argv, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("notice", "expected DECISION (a decision id, or its short number "
		    "XXXX-XXXX)");
	if (output != NULL && output[0] == '\0')
		return cli_usage("notice", "--output: expected a file name");
	if ((ret = cli_db(c, false, &d)) != 0)
		goto fail;
	/* a notice is still printed when the policies do not load: it says so in place of the title */
	struct diag ignored = DIAG_INIT;
	session_load_policies(&c->ses, c->policies_dir, &ignored);
	if ((ret = notice_resolve(c->ses.db, argv[optind], &id, &d)) != 0 ||
	    (ret = notice_load(c->ses.db, c->ses.policies, id, &n, &d)) != 0)
		goto fail;
	struct diag masked = DIAG_INIT;   /* a number that may not be shown goes out masked */
	notice_show_id(c->ses.db, &n, &masked);
	if (fmt == 1)
		notice_html(&n, &out);
	else
		notice_text(&n, &out);
	notice_clear(&n);
	if (output != NULL)
		ret = outfile_write_new(output, sbuf_str(&out), out.len, &d);
	else
		ret = cli_write(sbuf_str(&out), out.len);
	sbuf_free(&out);
	free(id);
	if (ret != 0 && output != NULL)
		cli_err("jobdesk: notice: %s\n", d.msg);
	return ret;
fail:
	cli_err("jobdesk: notice: %s\n", d.msg);
	free(id);
	return ret;
}
