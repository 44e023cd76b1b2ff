/* Search latency inside the process: search_run() beside the very statement it runs, prepared
 * and stepped directly on the same connection, over a file of queries, one per line.
 *
 * usage: search_bench DB KIND QUERIES REPEAT SQL_OUT
 * For each query, search_run() runs once untimed while an sqlite3 trace takes the statement it
 * runs with its bound values written in (sqlite3_expanded_sql); that statement is prepared once
 * (as jobdesk keeps its own prepared) and must return the same persons in the same order, or
 * the program stops. Then REPEAT rounds alternate the two (which goes first changes every
 * round); each side's time for the query is its median over the rounds. The statements go to
 * SQL_OUT, one a line, for the sqlite3 shell's turn (foundation.sh, process against process).
 * With SEARCH_SCOPE_OFFICE set, it searches as a counselor of that office (core/role.c).
 * Prints one line:
 *   KIND n jd_p50 jd_p95 jd_max base_p50 base_p95 base_max mean_hits vmhwm_kib
 * times in ms: percentiles over the queries of each query's median. Built by
 * tests/bench/foundation.sh against the static libraries; not part of the build. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/search.h"

/* Rows a search returns, as the command line's default. */
static const int bench_limit = 20;

/* The text of the last SELECT statement the connection started, bound values written in. */
static char *bench_traced;

/* Seconds on the monotonic clock. */
static double
bench_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Compare doubles for qsort. */
static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of n sorted values, nearest rank. */
static double
bench_pct(const double *v, int n, int p)
{
	int i = (n * p + 99) / 100 - 1;

	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* The median of n values (sorted in place). */
static double
bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return v[(n - 1) / 2];
}

/* Keep the expanded text of each SELECT of person started (an sqlite3_trace_v2 callback; the
 * full-text index's own reads of its shadow tables are left out). */
static int
bench_trace(unsigned type, void *arg, void *p, void *x)
{
	(void)type;
	(void)arg;
	(void)x;
	char *sql = sqlite3_expanded_sql(p);
	if (sql != NULL && strncmp(sql, "SELECT", 6) == 0 && strstr(sql, "FROM person") != NULL) {
		free(bench_traced);
		bench_traced = strdup(sql);
	}
	sqlite3_free(sql);
	return 0;
}

/* Run one query through search_run: seconds taken; the hits are kept in *h, *n. */
static double
bench_jobdesk(struct db *db, const char *q, struct search_hit **h, int *n)
{
	struct diag d = DIAG_INIT;
	double t = bench_clock();

	if (search_run(db, q, bench_limit, h, n, &d) != 0) {
		fprintf(stderr, "search_bench: '%s': %s\n", q, d.msg);
		exit(1);
	}
	return bench_clock() - t;
}

/* Run the prepared statement as search_run reads it (every column of every row): seconds; the
 * ids of the rows into ids (up to bench_limit), their number into *n. */
static double
bench_base(sqlite3_stmt *st, char ids[][32], int *n)
{
	double t = bench_clock();
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 6; c++)
			(void)sqlite3_column_text(st, c);
		if (*n < bench_limit)
			snprintf(ids[*n], sizeof ids[0], "%s", (const char *)sqlite3_column_text(st, 0));
		(*n)++;
	}
	sqlite3_reset(st);
	t = bench_clock() - t;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "search_bench: the statement failed: %s\n", sqlite3_errstr(rc));
		exit(1);
	}
	return t;
}

/* Peak resident memory of this process in KiB (VmHWM), or -1. */
static long
bench_vmhwm(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = atol(line + 6);
	fclose(f);
	return kib;
}

/* Time every query of a file. */
int
main(int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct db *db;
	struct search_hit *h;
	char line[256], ids[20][32];
	double *jd = NULL, *base = NULL;
	long total_hits = 0;
	int n = 0, cap = 0, hits, got;

	if (argc != 6) {
		fprintf(stderr, "usage: search_bench DB KIND QUERIES REPEAT SQL_OUT\n");
		return 64;
	}
	int repeat = atoi(argv[4]);
	if (repeat < 3) {
		fprintf(stderr, "search_bench: REPEAT must be at least 3\n");
		return 64;
	}
	FILE *f = fopen(argv[3], "r"), *out = fopen(argv[5], "w");
	if (f == NULL || out == NULL) {
		perror(f == NULL ? argv[3] : argv[5]);
		return 66;
	}
	if (dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
		fprintf(stderr, "search_bench: %s\n", d.msg);
		return d.code;
	}
	/* SEARCH_SCOPE_OFFICE=ID: search as a counselor of that office (core/role.c role_scope:
	 * their office and those below it), as tests/bench/search_scope.sh measures */
	const char *scope = getenv("SEARCH_SCOPE_OFFICE");
	if (scope != NULL && scope[0] != '\0') {
		db_set_role(db, ROLE_COUNSELOR);
		db_set_user_office(db, scope);
	}
	sqlite3 *h3 = db_sqlite(db);
	double *tj = malloc((size_t)repeat * sizeof *tj), *tb = malloc((size_t)repeat * sizeof *tb);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			jd = realloc(jd, (size_t)cap * sizeof *jd);
			base = realloc(base, (size_t)cap * sizeof *base);
			if (jd == NULL || base == NULL)
				return 71;
		}
		/* the statement search_run runs for this query, traced */
		free(bench_traced);
		bench_traced = NULL;
		sqlite3_trace_v2(h3, SQLITE_TRACE_STMT, bench_trace, NULL);
		bench_jobdesk(db, line, &h, &hits);
		sqlite3_trace_v2(h3, 0, NULL, NULL);
		if (bench_traced == NULL) {
			fprintf(stderr, "search_bench: '%s': search_run ran no statement\n", line);
			return 70;
		}
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h3, bench_traced, -1, &st, NULL) != SQLITE_OK) {
			fprintf(stderr, "search_bench: %s: %s\n", bench_traced, sqlite3_errmsg(h3));
			return 70;
		}
		fprintf(out, "%s;\n", bench_traced);
		/* the same persons in the same order */
		bench_base(st, ids, &got);
		for (int i = 0; i < hits || i < got; i++) {
			if (i >= hits || i >= got || strcmp(h[i].id, ids[i]) != 0) {
				fprintf(stderr, "search_bench: '%s': search_run found %d persons, the "
				    "statement %d, not the same (row %d)\n", line, hits, got, i + 1);
				return 70;
			}
		}
		search_free(h, hits);
		total_hits += hits;
		for (int r = 0; r < repeat; r++) {
			if (r % 2 == 0) {
				tj[r] = bench_jobdesk(db, line, &h, &hits);
				tb[r] = bench_base(st, ids, &got);
			} else {
				tb[r] = bench_base(st, ids, &got);
				tj[r] = bench_jobdesk(db, line, &h, &hits);
			}
			search_free(h, hits);
		}
		sqlite3_finalize(st);
		jd[n] = bench_median(tj, repeat);
		base[n++] = bench_median(tb, repeat);
	}
	fclose(f);
	fclose(out);
	db_close(db);
	if (n == 0) {
		fprintf(stderr, "search_bench: %s: no queries\n", argv[3]);
		return 65;
	}
	qsort(jd, (size_t)n, sizeof *jd, bench_cmp);
	qsort(base, (size_t)n, sizeof *base, bench_cmp);
	printf("%s %d %.4f %.4f %.4f %.4f %.4f %.4f %.1f %ld\n", argv[2], n, bench_pct(jd, n, 50) * 1e3,
	    bench_pct(jd, n, 95) * 1e3, jd[n - 1] * 1e3, bench_pct(base, n, 50) * 1e3,
	    bench_pct(base, n, 95) * 1e3, base[n - 1] * 1e3, (double)total_hits / n, bench_vmhwm());
	free(jd);
	free(base);
	free(tj);
	free(tb);
	free(bench_traced);
	return 0;
}
