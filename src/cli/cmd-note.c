/* jobdesk note add KEY --text T [--followup D] | done ID | move ID --to D | cancel ID: notes
 * and their follow-ups, as the screen writes them (core/note.h), dated the session's today. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-note.h"
#include "core/note.h"
#include "util/i18n.h"

/* note add KEY --text T [--followup YYYY-MM-DD]: prints the new note's id. */
static int
cmd_note_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "text", required_argument, NULL, 't' },
		{ "followup", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	const char *text = NULL, *followup = NULL;
	char *id = NULL;
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 't': text = optarg; break;
		case 'f': followup = optarg; break;
		default: return cli_bad_option("note add", ch, argv, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("note add", "expected one KEY (a case id or an 18-digit ID number)");
	if (text == NULL)
		return cli_usage("note add", "--text is required: what happened or was agreed");
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = note_add(c->ses.db, argv[optind], text,
	    followup, c->ses.today, &id, &d)) != 0) {
		cli_err("jobdesk: note add: %s\n", d.msg);
		return ret;
	}
	cli_out("%s\n", id);
	free(id);
	return 0;
}

/* note done ID | note cancel ID | note move ID --to YYYY-MM-DD. */
static int
cmd_note_change(struct cli *c, const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d = DIAG_INIT;
	const char *to = NULL;
	bool move = strcmp(cmd, "note move") == 0;
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 't' || !move)
			return cli_bad_option(cmd, ch, argv, NULL);
		to = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "expected one note ID (note add prints it)");
	if (move && to == NULL)
		return cli_usage(cmd, "--to YYYY-MM-DD is required: the new follow-up date");
	if ((ret = cli_db(c, false, &d)) != 0)
		goto fail;
	const char *id = argv[optind];
	if (move)
		ret = note_move(c->ses.db, id, to, c->ses.today, &d);
	else if (strcmp(cmd, "note done") == 0)
		ret = note_done(c->ses.db, id, c->ses.today, &d);
	else
		ret = note_cancel(c->ses.db, id, c->ses.today, &d);
	if (ret == 0)
		return 0;
fail:
	cli_err("jobdesk: %s: %s\n", cmd, d.msg);
	return ret;
}

/* jobdesk note SUBCOMMAND ... */
int
cmd_note(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("note", "expected add, done, move or cancel");
	if (strcmp(argv[1], "add") == 0)
		return cmd_note_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "done") == 0)
		return cmd_note_change(c, "note done", argc - 1, argv + 1);
	if (strcmp(argv[1], "move") == 0)
		return cmd_note_change(c, "note move", argc - 1, argv + 1);
	if (strcmp(argv[1], "cancel") == 0)
		return cmd_note_change(c, "note cancel", argc - 1, argv + 1);
	return cli_usage("note", "'%s' is not a note command; expected add, done, move or cancel",
	    argv[1]);
}
