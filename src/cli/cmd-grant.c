/* jobdesk grant KEY POLICY [--on YYYY-MM-DD] [--subject S]: record a decision. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-grant.h"
#include "core/grant.h"
#include "policy/policyset.h"
#include "util/date.h"

/* Record a decision on a benefit; once-only limits enforced. */
int
cmd_grant(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'o' },
		{ "subject", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct grant *g = NULL;
	const char *subject = NULL;
	int ch, on = c->ses.today, n = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (date_parse(optarg, &on) != 0)
				return cli_usage("grant", "--on %s: expected a date YYYY-MM-DD", optarg);
			break;
		case 's':
			subject = optarg;
			break;
		default:
			return cli_usage("grant", "unknown option");
		}
	}
	if (optind + 2 != argc)
		return cli_usage("grant", "expected KEY POLICY (a case id or ID number, and a policy id)");
	if ((ret = session_load_policies(&c->ses, c->policies_dir, &d)) != 0 ||
	    (ret = cli_db(c, false, &d)) != 0 ||
	    (ret = grant_record(c->ses.db, c->ses.policies, argv[optind], argv[optind + 1], subject,
	    on, &g, &n, &d)) != 0) {
		fprintf(stderr, "jobdesk: grant: %s\n", d.msg);
		return ret;
	}
	for (int i = 0; i < n; i++) {
		printf("%s\t%s%s%s\t", g[i].decision_id, argv[optind + 1], g[i].subject ? " " : "",
		    g[i].subject ? g[i].subject : "");
		if (g[i].has_amount)
			printf("%lld.%02lld\tproposed\n", (long long)(g[i].amount_fen / 100),
			    (long long)(g[i].amount_fen % 100));
		else
			printf("-\tproposed\n");
	}
	grant_free(g, n);
	return 0;
}
