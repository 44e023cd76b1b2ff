/* jobdesk search QUERY [--limit N] [--format table|json]. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmd-search.h"
#include "core/search.h"
#include "core/label.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/json.h"
#include "util/utf8.h"

/* Find persons by name, pinyin initials, ID number (or its last digits) or phone. */
int
cmd_search(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	struct search_hit *hits = NULL;
	struct sbuf out = SBUF_INIT;
	char why[256];
	long limit = 20;
	int ch, fmt = 0, n = 0, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if (field_int(optarg, 1, 10000, &limit, why, sizeof why) != 0)
				return cli_usage("search", "--limit %s", why);
			break;
		case 'f':
			if ((fmt = cli_format("search", optarg, "table|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_bad_option("search", ch, argv, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("search", "expected one QUERY (a name, initials such as wl, ID digits "
		    "or a phone number)");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = search_run(c->ses.db, argv[optind], (int)limit, &hits, &n, &d)) != 0)
		return cli_err("jobdesk: %s\n", d.msg), ret;
	if (fmt == 1) {
		struct json j;
		json_init(&j, &out);
		json_arr(&j);
		for (int i = 0; i < n; i++) {
			json_obj(&j);
			json_key(&j, "id"); json_str(&j, hits[i].id);
			json_key(&j, "name"); json_str(&j, hits[i].name);
			json_key(&j, "id_number"); json_str(&j, hits[i].id_number);
			json_key(&j, "phone"); json_str(&j, hits[i].phone);
			json_key(&j, "birth_date"); json_str(&j, hits[i].birth_date);
			json_key(&j, "stage"); json_str(&j, hits[i].stage);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		sbuf_addc(&out, '\n');
	} else {
		for (int i = 0; i < n; i++) {
			char masked[19];  /* a list: the ID number masked (json keeps it whole) */
			idnum_mask(hits[i].id_number, masked);
			sbuf_addf(&out, "%-28s ", hits[i].id);
			utf8_fit(&out, hits[i].name, 12, true);
			sbuf_addf(&out, "  %-18s  %-11s  %-10s  %s\n", masked,
			    hits[i].phone ? hits[i].phone : "-",
			    hits[i].birth_date ? hits[i].birth_date : "-", label_value(hits[i].stage));
		}
		if (n == 0)
			cli_err(tr("jobdesk: search: nobody matches '%s'\n"), argv[optind]);
	}
	ret = cli_write(out.s ? out.s : "", out.len);
	sbuf_free(&out);
	search_free(hits, n);
	return ret;
}
