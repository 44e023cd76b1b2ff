/* What roles cost opening a case: person_load() over the same persons on two connections to one
 * database, one with no role set (the reads as they were before roles: the baseline) and one
 * acting as a supervisor (each load also asks role_check: whose case, which office, the office
 * tree), alternating which goes first each round; and role_relation() alone on the second.
 *
 * usage: role_bench DB PERSONS ROUNDS
 * PERSONS persons spread over the file (every k-th by rowid) are loaded once untimed on each
 * connection, then ROUNDS rounds time each side's loads. Prints one line:
 *   n plain_us roled_us relation_us
 * each the median over the rounds of the mean microseconds a person. A supervisor's opening
 * writes nothing (a counselor's walk-in would: not measured here, the database is shared).
 * Built by tests/bench/role.sh against the static libraries; not part of the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "core/role.h"

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Load every person on a connection; the mean microseconds a person. Exits on a failure. */
static double
bench_loads(struct db *db, char **ids, int n)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	double t0 = bench_now();

	for (int i = 0; i < n; i++) {
		if (person_load(db, ids[i], &p, &d) != 0) {
			fprintf(stderr, "role_bench: %s: %s\n", ids[i], d.msg);
			exit(70);
		}
		person_clear(&p);
	}
	return (bench_now() - t0) * 1e6 / n;
}

/* role_relation for every person; the mean microseconds a person. */
static double
bench_relations(struct db *db, char **ids, int n)
{
	struct diag d = DIAG_INIT;
	enum role_rel rel;
	double t0 = bench_now();

	for (int i = 0; i < n; i++)
		if (role_relation(db, ids[i], &rel, &d) != 0) {
			fprintf(stderr, "role_bench: %s: %s\n", ids[i], d.msg);
			exit(70);
		}
	return (bench_now() - t0) * 1e6 / n;
}

/* Compare two doubles for qsort. */
static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of n values (sorted in place). */
static double
bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return v[(n - 1) / 2];
}

int
main(int argc, char **argv)
{
	struct db *plain = NULL, *roled = NULL;
	struct diag d = DIAG_INIT;

	if (argc != 4) {
		fprintf(stderr, "usage: role_bench DB PERSONS ROUNDS\n");
		return 64;
	}
	int want = atoi(argv[2]), rounds = atoi(argv[3]);
	if (dbopen_open(argv[1], "bench", false, &d, &plain) != 0 ||
	    dbopen_open(argv[1], "bench", false, &d, &roled) != 0) {
		fprintf(stderr, "role_bench: %s\n", d.msg);
		return 66;
	}
	db_set_role(roled, ROLE_SUPERVISOR);
	/* the persons: every k-th by rowid, over the whole file */
	int64_t total = 0;
	db_query_int(plain, "SELECT count(*) FROM person", &total, "counting", &d);
	int64_t step = total / want > 0 ? total / want : 1;
	char **ids = calloc((size_t)want, sizeof *ids);
	int n = 0;
	struct db_stmt *st = db_prepare(plain, "SELECT id FROM person WHERE rowid % ?1 = 0 AND "
	    "merged_into IS NULL LIMIT ?2");
	db_bind_int(st, 1, step);
	db_bind_int(st, 2, want);
	while (db_step(st, "listing", &d) == DB_ROW)
		ids[n++] = strdup(db_col_text(st, 0));
	db_finalize(st);
	if (n == 0) {
		fprintf(stderr, "role_bench: no persons\n");
		return 65;
	}
	bench_loads(plain, ids, n);   /* warm both: the same pages in the cache */
	bench_loads(roled, ids, n);
	double *pl = calloc((size_t)rounds, sizeof *pl), *ro = calloc((size_t)rounds, sizeof *ro);
	double *re = calloc((size_t)rounds, sizeof *re);
	for (int r = 0; r < rounds; r++) {
		if (r % 2 == 0) {
			pl[r] = bench_loads(plain, ids, n);
			ro[r] = bench_loads(roled, ids, n);
		} else {
			ro[r] = bench_loads(roled, ids, n);
			pl[r] = bench_loads(plain, ids, n);
		}
		re[r] = bench_relations(roled, ids, n);
	}
	printf("%d %.2f %.2f %.2f\n", n, bench_median(pl, rounds), bench_median(ro, rounds),
	    bench_median(re, rounds));
	for (int i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(pl);
	free(ro);
	free(re);
	db_close(plain);
	db_close(roled);
	return 0;
}
