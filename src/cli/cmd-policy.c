/* jobdesk policy list | check | test | eval. */
#define _GNU_SOURCE  /* sched_getaffinity, CPU_COUNT */
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd-policy.h"
#include "core/facts.h"
#include "policy/factsfile.h"
#include "policy/policyset.h"
#include "policy/ptest.h"
#include "policy/report.h"
#include "policy/result.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Print one loader error as its own line on stderr. */
static void
cmd_policy_error(void *arg, const struct diag *d)
{
	int *count = arg;

	(*count)++;
	diag_print(d);
}

/* Load the policies directory into the session, printing every error (where the screen and
 * grant stop at the first); *ps is the session's set. 0 or the exit status. */
static int
cmd_policy_load(struct cli *c, struct policyset **ps, int *nerr)
{
	int rc = 0;

	*nerr = 0;
	if (c->ses.policies == NULL)
		rc = policyset_load(c->policies_dir, &c->ses.policies, cmd_policy_error, nerr);
	*ps = c->ses.policies;
	return rc;
}

/* Append a cmd_policy_cell padded (or cut) to cols display columns, then two spaces. */
static void
cmd_policy_cell(struct sbuf *out, const char *s, int cols)
{
	utf8_fit(out, s, cols, true);
	sbuf_add(out, "  ");
}

/* A policy's kind as a person reads it: under Chinese its label ("money" -> 资金补贴), else as
 * the policy file writes it (the English is the word itself). */
static const char *
cmd_policy_kind(const char *kind)
{
	static const char *const kinds[][2] = { { "money", N_("policy kind: money") },
	    { "status", N_("policy kind: status") }, { "post", N_("policy kind: post") },
	    { "priority", N_("policy kind: priority") }, { "services", N_("policy kind: services") },
	    { "support", N_("policy kind: support") } };

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds && i18n_zh(); i++)
		if (strcmp(kinds[i][0], kind) == 0)
			return tr(kinds[i][1]);
	return kind;
}

/* policy list: a table of id, measure, title, kind and period. */
static int
cmd_policy_list(struct cli *c, int argc, char **argv)
{
	struct policyset *ps;
	struct sbuf out = SBUF_INIT;
	bool zh = i18n_zh();
	char from[11], until[11], period[32];
	int nerr, rc;

	(void)argv;
	if (argc != 1)
		return cli_usage("policy list", "takes no arguments");
	if ((rc = cmd_policy_load(c, &ps, &nerr)) != 0)
		return rc;
	cmd_policy_cell(&out, tr("ID"), 34);
	cmd_policy_cell(&out, tr("MEASURE"), 8);
	cmd_policy_cell(&out, tr("TITLE"), 36);
	cmd_policy_cell(&out, tr("KIND"), 9);
	sbuf_addf(&out, "%s\n", tr("IN FORCE"));
	for (size_t i = 0; i < ps->npolicies; i++) {
		const struct policy *p = ps->policies[i];
		char *measure = xasprintf("(%s)", p->measure);
		cmd_policy_cell(&out, p->id, 34);
		cmd_policy_cell(&out, measure, 8);
		cmd_policy_cell(&out, zh ? p->title_zh : p->title_en, 36);
		cmd_policy_cell(&out, cmd_policy_kind(p->kind), 9);
		date_format(p->from, from);
		if (p->until >= 0)
			snprintf(period, sizeof period, "%s..%s", from, date_format(p->until, until));
		else
			snprintf(period, sizeof period, "%s..", from);
		sbuf_addf(&out, "%s\n", period);
		free(measure);
	}
	rc = cli_write(out.s, out.len);
	sbuf_free(&out);
	return rc;
}

/* policy check: load and type-check every file; one line per error. */
static int
cmd_policy_check(struct cli *c, int argc, char **argv)
{
	struct policyset *ps;
	size_t unset = 0, tests = 0;
	int nerr, rc;

	(void)argv;
	if (argc != 1)
		return cli_usage("policy check", "takes no arguments");
	if ((rc = cmd_policy_load(c, &ps, &nerr)) != 0) {
		cli_err(trn("jobdesk: policy check: %d error in %s\n",
		    "jobdesk: policy check: %d errors in %s\n", (unsigned long)nerr), nerr, c->policies_dir);
		return rc;
	}
	for (size_t i = 0; i < ps->nlocals; i++)
		unset += ps->locals[i]->nvalues == 0;
	for (size_t i = 0; i < ps->npolicies; i++)
		tests += ps->policies[i]->ntests;
	cli_out(tr("policies in use: %s (%s)\n"), c->policies_dir, c->policies_from != NULL ?
	    tr(c->policies_from) : "-");
	cli_out(tr("%s: %zu policies, %zu groups, %zu facts, %zu local parameters (%zu not set), "
	    "%zu test cases: ok\n"),
	    c->policies_dir, ps->npolicies, ps->ngroups, factschema_count(ps->schema), ps->nlocals, unset, tests);
	return 0;
}

/* policy test [-v]: run every embedded test case; the last line is "N passed, M failed". */
static int
cmd_policy_test(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct policyset *ps;
	struct sbuf out = SBUF_INIT;
	bool verbose = false;
	int ch, nerr, passed, failed, rc;

	while ((ch = getopt_long(argc, argv, ":v", opts, NULL)) != -1) {
		if (ch != 'v')
			return cli_bad_option("policy test", ch, argv, "--verbose");
		verbose = true;
	}
	if (optind != argc)
		return cli_usage("policy test", "'%s' is not an option", argv[optind]);
	if ((rc = cmd_policy_load(c, &ps, &nerr)) != 0)
		return rc;
	ptest_run(ps, verbose, &out, &passed, &failed);
	rc = cli_write(out.s, out.len);
	sbuf_free(&out);
	if (rc == 0 && failed > 0)
		rc = EX_DATAERR;
	return rc;
}

/* eval --all evaluates on at most this many threads, each taking this many persons at a time
 * when there are several (fewer hand-overs and larger writes: at 1,000,000 persons into a pipe,
 * 8% less CPU than 64; one thread keeps facts.c's 64). */
enum { EVAL_THREADS_MAX = 4, EVAL_THREAD_BATCH = 256 };

/* What policy eval was asked to do. */
struct eval_opts {
	const char *facts, *person;
	bool all;
	int on;
	int format;   /* 0 text, 1 json */
};

/* Parse the options of policy eval. */
static int
cmd_policy_eval_opts(int argc, char **argv, int today, struct eval_opts *o)
{
	static const struct option opts[] = {
		{ "facts", required_argument, NULL, 'f' },
		{ "person", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "on", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, sources;

	memset(o, 0, sizeof *o);
	o->on = today;
	o->format = -1;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': o->facts = optarg; break;
		case 'p': o->person = optarg; break;
		case 'a': o->all = true; break;
		case 'o':
			if (date_parse(optarg, &o->on) != 0)
				return cli_usage("policy eval", "--on %s: expected a real date as YYYY-MM-DD", optarg);
			break;
		case 'F':
			if ((o->format = cli_format("policy eval", optarg, "text|json")) < 0)
				return EX_USAGE;
			break;
		default:
			return cli_bad_option("policy eval", ch, argv, "--facts FILE, --person KEY or --all, "
			    "[--on YYYY-MM-DD] [--format text|json]");
		}
	}
	if (optind != argc)
		return cli_usage("policy eval", "'%s' is not an option", argv[optind]);
	sources = (o->facts != NULL) + (o->person != NULL) + o->all;
	if (sources != 1)
		return cli_usage("policy eval", "give exactly one of --facts FILE, --person KEY or --all");
	if (o->all && o->format == 0)
		return cli_usage("policy eval", "--all writes JSON Lines; --format text is for one person");
	if (o->format < 0)
		o->format = o->all ? 1 : 0;
	return 0;
}

/* Evaluate every policy for one facts tree and write it. */
static int
cmd_policy_eval_one(const struct policyset *ps, const struct node *facts, const struct eval_opts *o)
{
	struct result_list *rl = result_eval_all(ps, facts, o->on);
	struct sbuf out = SBUF_INIT;
	int rc;

	if (o->format == 1)
		report_json(rl, o->on, NULL, &out);
	else
		report_text(rl, facts, o->on, &out);
	rc = cli_write(out.s, out.len);
	sbuf_free(&out);
	result_list_free(rl);
	return rc;
}

/* What the threads of eval --all share: the iteration, read by one thread at a time, and the
 * output, written a batch at a time in the order the batches were read. */
struct eval_all {
	const struct policyset *ps;
	int on;
	struct facts_iter *it;
	struct eval_given given;         /* a copy of facts_iter_give's, made before the threads */
	bool give;                       /* given is there (facts_iter_give gave one) */
	pthread_mutex_t read_lock;       /* the iteration, ended and next_read */
	pthread_mutex_t write_lock;      /* stdout, next_write and rc */
	pthread_cond_t turn;             /* next_write moved */
	unsigned long next_read;         /* the number the next batch read is given */
	unsigned long next_write;        /* the batch whose turn it is to be written */
	bool ended;                      /* the iteration gave no more */
	atomic_bool stop;                /* a write failed: nothing more is read or written */
	int rc;                          /* the failed write's status */
};

/* Write one batch's lines once every batch read before it is written (nothing after a write
 * failed): as they are when the writer checked every piece of them, else made safe for a
 * terminal. */
static void
eval_all_write(struct eval_all *a, unsigned long k, const struct sbuf *out, bool safe)
{
	pthread_mutex_lock(&a->write_lock);
	while (a->next_write != k && !atomic_load(&a->stop))
		pthread_cond_wait(&a->turn, &a->write_lock);
	if (!atomic_load(&a->stop) && out->len > 0) {
		int rc = safe ? cli_write_safe(out->s, out->len) : cli_write(out->s, out->len);
		if (rc != 0) {
			a->rc = rc;
			atomic_store(&a->stop, true);
		}
	}
	a->next_write++;
	pthread_cond_broadcast(&a->turn);
	pthread_mutex_unlock(&a->write_lock);
}

/* One evaluator of eval --all, with its own writer: take the next batch of persons (reading it
 * while the other evaluators evaluate theirs), evaluate it, write it in its turn; until the
 * persons end or a write fails. */
static void *
eval_all_worker(void *arg)
{
	struct eval_all *a = arg;
	struct report_jsonl *w = report_jsonl_new(a->ps, a->on);
	struct facts_batch *b = facts_batch_new();
	struct eval_given g = { 0 };
	struct sbuf out = SBUF_INIT;

	/* the person's own facts go to the evaluator as text, without a tree to build and search */
	if (a->give) {
		g = a->given;
		report_jsonl_give(w, &g);
	}
	for (;;) {
		size_t n = 0;
		unsigned long k;

		pthread_mutex_lock(&a->read_lock);
		if (!a->ended && !atomic_load(&a->stop))
			n = facts_iter_fill(a->it, b);
		a->ended = a->ended || n == 0;
		k = a->next_read++;
		pthread_mutex_unlock(&a->read_lock);
		if (n == 0)
			break;
		sbuf_reset(&out);
		for (size_t i = 0; i < n; i++) {
			const char *id;
			const struct node *facts = facts_batch_person(b, i, &id);
			g.text = facts_batch_given(b, i);
			report_jsonl_person(w, facts, id, &out);
		}
		eval_all_write(a, k, &out, report_jsonl_take_safe(w));
	}
	sbuf_free(&out);
	facts_batch_free(b);
	report_jsonl_free(w);
	return NULL;
}

/* How many threads eval --all evaluates on: the processors it may run on (sched_getaffinity:
 * taskset -c 0 keeps it to one), at most EVAL_THREADS_MAX. */
static int
eval_all_threads(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof set, &set) != 0 || (n = CPU_COUNT(&set)) < 1)
		return 1;
	return n < EVAL_THREADS_MAX ? n : EVAL_THREADS_MAX;
}

/* Evaluate every person of the database as JSON Lines, in person order: batches of persons read
 * in turn and evaluated side by side on eval_all_threads threads, written in the order read. */
static int
cmd_policy_eval_all(struct cli *c, const struct policyset *ps, const struct eval_opts *o)
{
	struct diag d = DIAG_INIT;
	struct eval_all a = { .ps = ps, .on = o->on };
	pthread_t threads[EVAL_THREADS_MAX];
	int nthreads = eval_all_threads(), started = 0, rc;

	if ((rc = cli_db(c, false, &d)) != 0)
		return diag_print(&d);
	if ((a.it = facts_iter_new(c->ses.db)) == NULL) {
		cli_err(tr("jobdesk: policy eval --all: cannot read the persons of %s\n"), c->db_path);
		return EX_SOFTWARE;
	}
	const struct eval_given *given = facts_iter_give(a.it, ps->schema);
	if ((a.give = given != NULL))
		a.given = *given;
	pthread_mutex_init(&a.read_lock, NULL);
	pthread_mutex_init(&a.write_lock, NULL);
	pthread_cond_init(&a.turn, NULL);
	atomic_init(&a.stop, false);
	if (nthreads > 1)
		facts_iter_set_batch(a.it, EVAL_THREAD_BATCH);
	/* this thread is one of them; one that cannot be started leaves the work to the others */
	while (started < nthreads - 1 && pthread_create(&threads[started], NULL, eval_all_worker,
	    &a) == 0)
		started++;
	eval_all_worker(&a);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	rc = a.rc;
	if (rc == 0 && (rc = facts_iter_status(a.it, &d)) != 0)
		cli_err("jobdesk: policy eval --all: %s\n", d.msg);
	pthread_cond_destroy(&a.turn);
	pthread_mutex_destroy(&a.write_lock);
	pthread_mutex_destroy(&a.read_lock);
	facts_iter_free(a.it);
	return rc;
}

/* policy eval (--facts FILE | --person KEY | --all) [--on DATE] [--format text|json]. */
static int
cmd_policy_eval(struct cli *c, int argc, char **argv)
{
	struct eval_opts o;
	struct policyset *ps = NULL;
	struct node *facts = NULL;
	struct diag d = DIAG_INIT;
	int nerr, rc;

	if ((rc = cmd_policy_eval_opts(argc, argv, c->ses.today, &o)) != 0)
		return rc;
	if ((rc = cmd_policy_load(c, &ps, &nerr)) != 0)
		return rc;
	if (o.all) {
		rc = cmd_policy_eval_all(c, ps, &o);
		goto out;
	}
	if (o.facts != NULL)
		rc = factsfile_read(ps->schema, o.facts, c->ses.today, &facts, &d);
	else if ((rc = cli_db(c, false, &d)) == 0)
		rc = facts_person(c->ses.db, o.person, &facts, &d);
	if (rc != 0) {
		diag_print(&d);
		goto out;
	}
	rc = cmd_policy_eval_one(ps, facts, &o);
out:
	node_free(facts);
	return rc;
}

/* jobdesk policy ... */
int
cmd_policy(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *, int, char **);
	} subs[] = {
		{ "list", cmd_policy_list },
		{ "check", cmd_policy_check },
		{ "test", cmd_policy_test },
		{ "eval", cmd_policy_eval },
	};

	if (argc < 2)
		return cli_usage("policy", "expected list, check, test or eval");
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			optind = 0;
			return subs[i].run(c, argc - 1, argv + 1);
		}
	}
	return cli_usage("policy", "'%s' is not a policy command; expected list, check, test or eval", argv[1]);
}
