/* jobdesk demo [--persons N] [--seed S]: fill a deterministic synthetic caseload. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmd-demo.h"
#include "core/demo.h"
#include "util/field.h"
#include "util/i18n.h"

/* Seconds on the monotonic clock. */
static double
cmd_demo_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Show how far the demo has got on stderr (a terminal). */
static void
cmd_demo_progress(void *arg, long done, long total)
{
	double *start = arg;
	double secs = cmd_demo_clock() - *start;

	fputc('\r', stderr);
	cli_err(tr("demo: %ld of %ld persons (%d%%), %.0f persons/s "), done, total,
	    (int)(done * 100 / total), secs > 0 ? (double)done / secs : 0.0);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Parse a seed: a whole number from 0 to 2^64-1. */
static int
cmd_demo_seed(const char *s, uint64_t *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

/* jobdesk demo: fill an empty database and print what was made. */
int
cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "persons", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { .seed = 1, .persons = 1000 };
	struct demo_stats st;
	struct diag d = DIAG_INIT;
	char why[256];
	int ch, ret;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	opterr = 0;  /* one line of our own instead of getopt's */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (field_int(optarg, 1, demo_max_persons, &o.persons, why, sizeof why) != 0)
				return cli_usage("demo", "--persons %s", why);
			break;
		case 's':
			if (cmd_demo_seed(optarg, &o.seed) != 0)
				return cli_usage("demo", "--seed '%s' is not a whole number from 0 to "
				    "18446744073709551615", optarg);
			break;
		case ':':
			return cli_usage("demo", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage("demo", "%s is not an option; expected --persons N or --seed S",
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("demo", "unexpected argument '%s'", argv[optind]);
	double start = cmd_demo_clock();
	if (c->tty) {
		o.progress = cmd_demo_progress;
		o.arg = &start;
	}
	if ((ret = cli_db(c, true, &d)) != 0 || (ret = demo_run(c->ses.db, &o, &st, &d)) != 0) {
		if (c->tty)
			fputc('\n', stderr);
		cli_err("jobdesk: demo: %s\n", d.msg);
		return ret;
	}
	double secs = cmd_demo_clock() - start;
	cli_out(tr("demo: %ld persons, %ld enrollments (training %ld, internship %ld, startup %ld, "
	    "grassroots %ld, employment %ld), %ld certificates, %ld notes in %.2f s, "
	    "%.0f persons/s\n"), st.persons, st.enrollments, st.by_kind[0], st.by_kind[1],
	    st.by_kind[2], st.by_kind[3], st.by_kind[4], st.certificates, st.notes, secs,
	    secs > 0 ? (double)st.persons / secs : 0.0);
	return fflush(stdout) == 0 ? 0 : EX_IOERR;
}
