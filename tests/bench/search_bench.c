/* Search latency inside the process: search_run() over a file of queries, one per line.
 *
 * usage: search_bench DB KIND QUERIES [REPEAT]
 * Each query runs once untimed, then REPEAT times (default 20); its time is the mean of those.
 * Prints one line: KIND n p50_ms p95_ms max_ms first_p50_ms first_p95_ms mean_hits.
 * Built by tests/bench/foundation.sh against the static library; not part of the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/search.h"

/* Rows a search returns, as the command line's default. */
static const int bench_limit = 20;

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

/* Run one query once: seconds taken, hits in *hits; exits on an error. */
static double
bench_one(struct db *db, const char *q, int *hits)
{
	struct search_hit *h;
	struct diag d = DIAG_INIT;
	double t = bench_clock();

	if (search_run(db, q, bench_limit, &h, hits, &d) != 0) {
		fprintf(stderr, "search_bench: '%s': %s\n", q, d.msg);
		exit(1);
	}
	t = bench_clock() - t;
	search_free(h, *hits);
	return t;
}

/* Time every query of a file. */
int
main(int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct db *db;
	char line[256];
	double *mean = NULL, *first = NULL;
	long total_hits = 0;
	int n = 0, cap = 0, hits;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: search_bench DB KIND QUERIES [REPEAT]\n");
		return 64;
	}
	int repeat = argc == 5 ? atoi(argv[4]) : 20;
	FILE *f = fopen(argv[3], "r");
	if (f == NULL) {
		perror(argv[3]);
		return 66;
	}
	if (dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
		fprintf(stderr, "search_bench: %s\n", d.msg);
		return d.code;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			mean = realloc(mean, (size_t)cap * sizeof *mean);
			first = realloc(first, (size_t)cap * sizeof *first);
			if (mean == NULL || first == NULL)
				return 71;
		}
		first[n] = bench_one(db, line, &hits);
		total_hits += hits;
		double sum = 0;
		for (int r = 0; r < repeat; r++)
			sum += bench_one(db, line, &hits);
		mean[n++] = sum / (repeat > 0 ? repeat : 1);
	}
	fclose(f);
	db_close(db);
	if (n == 0) {
		fprintf(stderr, "search_bench: %s: no queries\n", argv[3]);
		return 65;
	}
	qsort(mean, (size_t)n, sizeof *mean, bench_cmp);
	qsort(first, (size_t)n, sizeof *first, bench_cmp);
	printf("%s %d %.3f %.3f %.3f %.3f %.3f %.1f\n", argv[2], n, bench_pct(mean, n, 50) * 1e3,
	    bench_pct(mean, n, 95) * 1e3, mean[n - 1] * 1e3, bench_pct(first, n, 50) * 1e3,
	    bench_pct(first, n, 95) * 1e3, (double)total_hits / n);
	free(mean);
	free(first);
	return 0;
}
