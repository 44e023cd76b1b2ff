/* jobdesk grant KEY POLICY [--on YYYY-MM-DD] [--subject S]: record a decision and say what it
 * is: the decision id, the policy's title, the item in words, the amount in yuan, the status. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-grant.h"
#include "core/grant.h"
#include "core/label.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/i18n.h"

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
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (date_parse(optarg, &on) != 0)
				return cli_usage("grant", "--on %s: expected a date YYYY-MM-DD", optarg);
			break;
		case 's':
			subject = optarg;
			break;
		default:
			return cli_bad_option("grant", ch, argv, NULL);
		}
	}
	if (optind + 2 != argc)
		return cli_usage("grant", "expected KEY POLICY (a case id or ID number, and a policy id)");
	if ((ret = session_load_policies(&c->ses, c->policies_dir, &d)) != 0 ||
	    (ret = cli_db(c, false, &d)) != 0 ||
	    (ret = grant_record(c->ses.db, c->ses.policies, argv[optind], argv[optind + 1], subject,
	    on, &g, &n, &d)) != 0) {
		cli_err("jobdesk: grant: %s\n", d.msg);
		return ret;
	}
	const struct policy *p = policyset_find(c->ses.policies, argv[optind + 1]);
	for (int i = 0; i < n; i++) {
		char money[32] = "-";
		if (g[i].has_amount) {
			label_money(g[i].amount_fen, money, sizeof money - 8);
			snprintf(money + strlen(money), sizeof money - strlen(money), " %s", tr("yuan"));
		}
		cli_out("%s\t%s\t%s\t%s\t%s\n", g[i].decision_id, p != NULL ? (i18n_zh() ?
		    p->title_zh : p->title_en) : argv[optind + 1], g[i].item ? g[i].item : "-", money,
		    label_value(g[i].status));
	}
	grant_free(g, n);
	return 0;
}
