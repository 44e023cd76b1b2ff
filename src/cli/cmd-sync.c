/* jobdesk sync key FILE | trust FILE [--replace] | export FILE [--to OFFICE] | import FILE |
 * status [--format table|json] (core/bundle.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-conflicts.h"
#include "cli/cmd-sync.h"
#include "core/bundle.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Take one FILE argument and no option (but those in opts, handled by fn): the file, or NULL
 * after a usage error. */
static const char *
cmd_sync_file(const char *cmd, int argc, char **argv)
{
	optind = 0;
	opterr = 0;
	int ch = getopt_long(argc, argv, ":", (const struct option[]){ { NULL, 0, NULL, 0 } }, NULL);
	if (ch != -1) {
		cli_bad_option(cmd, ch, argv, NULL);
		return NULL;
	}
	if (optind + 1 != argc) {
		cli_usage(cmd, "takes one argument: the file");
		return NULL;
	}
	return argv[optind];
}

/* sync key FILE: this office's public keys (made once) into a new file. */
static int
cmd_sync_key(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	const char *file;
	char fp[17];
	bool made;
	int ret;

	if ((ret = cli_empty_values("sync key", argc, argv, false)) != 0)
		return ret;
	if ((file = cmd_sync_file("sync key", argc, argv)) == NULL)
		return EX_USAGE;
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = bundle_key(c->ses.db, file, &made, fp, &d)) != 0)
		return cli_err("jobdesk: sync key: %s\n", d.msg), ret;
	if (made)
		cli_out(tr("made this office's sync keys\n"));
	cli_out(tr("%s: this office's public keys (fingerprint %s); give the file to the office you "
	    "exchange bundles with\n"), file, fp);
	return 0;
}

/* sync trust FILE [--replace]: trust the office whose key file it is. */
static int
cmd_sync_trust(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "replace", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	char office[13], fp[17];
	bool replace = false, already;
	int ch, ret;

	if ((ret = cli_empty_values("sync trust", argc, argv, false)) != 0)
		return ret;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'r')
			return cli_bad_option("sync trust", ch, argv, "--replace");
		replace = true;
	}
	if (optind + 1 != argc)
		return cli_usage("sync trust", "takes one argument: the other office's key file");
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = bundle_trust(c->ses.db, argv[optind], replace, office, fp, &already, &d)) != 0)
		return cli_err("jobdesk: sync trust: %s\n", d.msg), ret;
	cli_out(already ? tr("office %s is trusted already with this key (fingerprint %s); nothing "
	    "changed\n") : tr("office %s is trusted (key fingerprint %s): its bundles are "
	    "accepted, and bundles for it can be made\n"), office, fp);
	return 0;
}

/* sync export FILE [--to OFFICE]: a bundle for the office (default: the parent). */
static int
cmd_sync_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct bundle_exported e;
	struct diag d = DIAG_INIT;
	const char *to = NULL;
	int ch, ret;

	if ((ret = cli_empty_values("sync export", argc, argv, false)) != 0)
		return ret;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 't')
			return cli_bad_option("sync export", ch, argv, "--to OFFICE");
		to = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage("sync export", "takes one argument: the bundle file to write");
	c->ses.policies_dir = c->policies_dir;   /* the set in use goes to a township */
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = bundle_export(&c->ses, argv[optind], to, &e, &d)) != 0)
		return cli_err("jobdesk: sync export: %s\n", d.msg), ret;
	cli_out(tr("%s: bundle %s for office %s: %ld changesets, %lld bytes\n"), argv[optind],
	    e.label, e.to, e.changesets, e.bytes);
	if (e.snapshot)
		cli_out(tr("office %s was restored from a backup and lost changes this office no "
		    "longer keeps: the bundle carries every record of its cases as they are now\n"),
		    e.to);
	return 0;
}

/* sync import FILE: verify, open and apply (or hold) a bundle. */
static int
cmd_sync_import(struct cli *c, int argc, char **argv)
{
	struct bundle_imported r;
	struct diag d = DIAG_INIT;
	const char *file;
	int ret;

	if ((ret = cli_empty_values("sync import", argc, argv, false)) != 0)
		return ret;
	if ((file = cmd_sync_file("sync import", argc, argv)) == NULL)
		return EX_USAGE;
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = bundle_import(c->ses.db, file, &r, &d)) != 0)
		return cli_err("jobdesk: sync import: %s\n", d.msg), ret;
	switch (r.fate) {
	case BUNDLE_APPLIED:
		cli_out(tr("bundle %s from office %s applied: rows as sent %ld, merged %ld, held "
		    "aside for review %ld\n"), r.label, r.from, r.counts.applied, r.counts.merged,
		    r.counts.held);
		if (r.held_applied > 0)
			cli_out(tr("%ld bundles kept earlier were applied after it\n"), r.held_applied);
		if (r.pruned > 0)
			cli_out(tr("%lld changes acknowledged by every office were removed from the "
			    "outbox\n"), r.pruned);
		if (r.restored)
			cli_out(tr("office %s was restored from a backup: the next bundle for it resends "
			    "what it lost\n"), r.from);
		break;
	case BUNDLE_HELD:
		cli_out(tr("bundle %s from office %s comes before bundles not received yet: it is kept "
		    "and applied once they are imported\n"), r.label, r.from);
		break;
	case BUNDLE_ALREADY:
		cli_out(tr("bundle %s from office %s was received already; nothing changed\n"),
		    r.label, r.from);
		break;
	case BUNDLE_SUPERSEDED:
		cli_out(tr("bundle %s from office %s is older than bundles received since (that "
		    "office restored a backup); nothing changed\n"), r.label, r.from);
		break;
	}
	return 0;
}

/* sync status [--format table|json]: per trusted office, what went in and out. */
static int
cmd_sync_status(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const keys[BUNDLE_ST_NCOL] = { "office", "name", "last_in", "last_in_at",
	    "acknowledged", "last_out", "last_out_at", "waiting", "held", "newest_data_at" };
	struct diag d = DIAG_INIT;
	struct sbuf out = SBUF_INIT;
	struct rows r;
	int ch, ret, fmt = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'f')
			return cli_bad_option("sync status", ch, argv, "--format table|json");
		if ((fmt = cli_format("sync status", optarg, "table|json")) < 0)
			return EX_USAGE;
	}
	if (optind != argc)
		return cli_usage("sync status", "takes no arguments but --format");
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = bundle_status(c->ses.db, &r, &d)) != 0)
		return cli_err("jobdesk: sync status: %s\n", d.msg), ret;
	if (fmt == 1) {
		struct json j;
		json_init(&j, &out);
		json_arr(&j);
		for (size_t i = 0; i < r.n; i++) {
			json_obj(&j);
			for (int k = 0; k < BUNDLE_ST_NCOL; k++) {
				const char *v = rows_get(&r, i, k);
				json_key(&j, keys[k]);
				if (k == BUNDLE_ST_WAITING || k == BUNDLE_ST_HELD)
					json_int(&j, v != NULL ? atoll(v) : 0);
				else if (v == NULL)
					json_null(&j);
				else
					json_str(&j, v);
			}
			int age = bundle_age_days(rows_get(&r, i, BUNDLE_ST_NEWEST), c->ses.today);
			json_key(&j, "newest_data_age_days");
			if (age < 0)
				json_null(&j);
			else
				json_int(&j, age);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		sbuf_add(&out, "\n");
	} else {
		static const int width[] = { 8, 14, 20, 20, 12, 8, 6 };
		const char *head[] = { tr("OFFICE"), tr("OFFICE NAME"), tr("LAST IN"), tr("LAST OUT"),
			tr("ACKED"), tr("WAITING"), tr("HELD") };
		for (int k = 0; k < 7; k++) {
			utf8_fit(&out, head[k], width[k] - 1, true);
			sbuf_add(&out, " ");
		}
		sbuf_addf(&out, "%s\n", tr("NEWEST DATA"));
		for (size_t i = 0; i < r.n; i++) {
			const int col[] = { BUNDLE_ST_OFFICE, BUNDLE_ST_NAME, BUNDLE_ST_IN_LABEL,
				BUNDLE_ST_OUT_LABEL, BUNDLE_ST_ACKED, BUNDLE_ST_WAITING, BUNDLE_ST_HELD };
			for (int k = 0; k < 7; k++) {
				const char *v = rows_get(&r, i, col[k]);
				utf8_fit(&out, v != NULL ? v : "-", width[k] - 1, true);
				sbuf_add(&out, " ");
			}
			int age = bundle_age_days(rows_get(&r, i, BUNDLE_ST_NEWEST), c->ses.today);
			if (age < 0)
				sbuf_add(&out, "-\n");
			else
				sbuf_addf(&out, tr("%d days old\n"), age);
		}
	}
	ret = cli_write(sbuf_str(&out), out.len);
	sbuf_free(&out);
	rows_free(&r);
	return ret;
}

/* jobdesk sync key | trust | export | import | status | conflicts | resolve. */
int
cmd_sync(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *, int, char **);
	} subs[] = {
		{ "key", cmd_sync_key }, { "trust", cmd_sync_trust }, { "export", cmd_sync_export },
		{ "import", cmd_sync_import }, { "status", cmd_sync_status },
		{ "conflicts", cmd_sync_conflicts }, { "resolve", cmd_sync_resolve },
	};

	for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(c, argc - 1, argv + 1);
	return cli_usage("sync", "expected: sync key FILE | trust FILE [--replace] | export FILE "
	    "[--to OFFICE] | import FILE | status [--format table|json] | conflicts | resolve ID "
	    "--keep mine|theirs");
}
