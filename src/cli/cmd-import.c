/* jobdesk import FILE.csv [--dry-run] [--skip-bad]: bulk registration. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-import.h"
#include "core/transfer.h"
#include "util/i18n.h"

/* Seconds between two redraws of the progress bar. */
static const double import_redraw = 0.2;
/* Columns of the bar itself. */
static const int import_bar_cols = 30;

/* The progress bar: when it was last drawn, in which phase, and whether anything is shown. */
struct import_bar {
	double last;
	int phase;
	int shown;
};

/* Monotonic seconds. */
static double
cmd_import_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Draw the progress bar on stderr, at most a few times a second (the transfer_progress_fn). */
static void
cmd_import_progress(void *arg, enum transfer_phase phase, long long done, long long total)
{
	static const char *names[] = { N_("checking"), N_("writing"), N_("indexing"), "" };
	struct import_bar *b = arg;
	double now = cmd_import_clock();
	char bar[64];
	int fill;

	if (phase == TRANSFER_DONE) {
		if (b->shown)
			fputs("\r\033[K", stderr);
		b->shown = 0;
		return;
	}
	if ((int)phase == b->phase && now - b->last < import_redraw && done < total)
		return;
	b->phase = (int)phase;
	b->last = now;
	b->shown = 1;
	if (phase == TRANSFER_INDEXING) {
		fprintf(stderr, "\r\033[K%s", tr("indexing for search ..."));
		fflush(stderr);
		return;
	}
	fill = total > 0 ? (int)(done * import_bar_cols / total) : 0;
	for (int i = 0; i < import_bar_cols; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[import_bar_cols] = '\0';
	fprintf(stderr, "\r\033[K%-8s [%s] ", tr(names[phase]), bar);
	if (phase == TRANSFER_WRITING)
		fprintf(stderr, tr("%lld of %lld persons"), done, total);
	else
		fprintf(stderr, "%3lld%%", total > 0 ? done * 100 / total : 100);
	fflush(stderr);
}

/* Print a report's listed lines, then how many more there were (more: "... and %ld more ..."). */
static void
cmd_import_list(const struct sbuf *lines, long total, const char *prefix, const char *more)
{
	const char *s = sbuf_str(lines);

	while (*s != '\0') {
		size_t n = strcspn(s, "\n");
		cli_err("%s%.*s\n", prefix, (int)n, s);
		s += n + (s[n] == '\n');
	}
	if (total > TRANSFER_LIST_MAX) {
		fputs(prefix, stderr);
		cli_err(more, total - TRANSFER_LIST_MAX);
	}
}

/* Check every row of a CSV file, then register the persons in one transaction. */
int
cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct transfer_opts o = { 0 };
	struct transfer_report r = { 0 };
	struct import_bar bar = { 0, -1, 0 };
	struct diag d = DIAG_INIT;
	const char *file;
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			o.dry_run = true;
			break;
		case 's':
			o.skip_bad = true;
			break;
		default:
			return cli_bad_option("import", ch, argv, "FILE.csv [--dry-run] [--skip-bad]");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("import", "expected one FILE.csv");
	file = argv[optind];
	/* A file that cannot be read must not create an empty database on the way. */
	if (access(file, R_OK) != 0) {
		cli_err(tr("jobdesk: import: %s: cannot read: %s\n"), file, strerror(errno));
		return EX_NOINPUT;
	}
	if (c->tty) {
		o.progress = cmd_import_progress;
		o.progress_arg = &bar;
	}
	if ((ret = cli_db(c, false, &d)) == 0)
		ret = transfer_import(c->ses.db, file, &o, &r, &d);
	cmd_import_list(&r.problems, r.bad, "", trn("... and %ld more bad row\n", "... and %ld more bad rows\n",
	    (unsigned long)(r.bad - TRANSFER_LIST_MAX)));
	cmd_import_list(&r.warned, r.warnings, tr("jobdesk: warning: "), trn("... and %ld more likely duplicate\n",
	    "... and %ld more likely duplicates\n", (unsigned long)(r.warnings - TRANSFER_LIST_MAX)));
	if (ret != 0) {
		fprintf(stderr, "jobdesk: import: %s\n", d.msg);
		goto out;
	}
	if (o.dry_run)
		cli_out(tr("checked %ld rows of %s: %ld good, %ld bad; nothing written (dry run)\n"), r.rows,
		    file, r.rows - r.bad, r.bad);
	else
		cli_out(trn("imported %ld persons from %s (%ld bad row skipped)\n",
		    "imported %ld persons from %s (%ld bad rows skipped)\n", (unsigned long)r.bad), r.imported,
		    file, r.bad);
	if (fflush(stdout) != 0)
		ret = EX_IOERR;
out:
	transfer_report_free(&r);
	return ret;
}
