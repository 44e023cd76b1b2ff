/* The snapshot benchmark's jobdesk side (tests/bench/snapshot.sh): snapshot_cases over a
 * database, timed on the monotonic clock around the call alone.
 *   snapshot_bench DB setup N OFFICE   move the first N persons to township OFFICE (below the
 *                                      database's office) in one transaction, for the office run
 *   snapshot_bench DB case ID          one case's snapshot
 *   snapshot_bench DB office OFFICE    an office's cases and every unit
 * Prints "WALL-SECONDS CPU-SECONDS BYTES". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/snapshot.h"

/* Seconds on the clock id (CLOCK_MONOTONIC: wall; CLOCK_PROCESS_CPUTIME_ID: CPU). */
static double
bench_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What setup writes: N persons' office, and the office row. */
struct bench_setup { const char *n, *office; };

/* setup's work inside its transaction. */
static int
bench_setup_work(struct db *db, void *arg, struct diag *d)
{
	struct bench_setup *a = arg;
	struct db_stmt *st = db_prepare(db, "INSERT OR IGNORE INTO office (id, code, name, level, "
	    "parent_id, created_at, updated_at, created_by) VALUES (?1, ?1, '甲镇', 'township', "
	    "(SELECT value FROM setting WHERE key = 'office_code'), '2018-01-01', '2018-01-01', "
	    "'bench')");
	int ret;

	db_bind_text(st, 1, a->office);
	ret = db_run(st, "office", d);
	db_finalize(st);
	if (ret != 0)
		return ret;
	st = db_prepare(db, "UPDATE person SET office_id = ?1 WHERE rowid IN (SELECT rowid FROM "
	    "person ORDER BY rowid LIMIT ?2)");
	db_bind_text(st, 1, a->office);
	db_bind_int(st, 2, atoll(a->n));
	ret = db_run(st, "moving", d);
	db_finalize(st);
	return ret;
}

/* Run one measure. */
int
main(int argc, char **argv)
{
	struct db *db = NULL;
	struct diag d = DIAG_INIT;
	void *cs = NULL;
	size_t len = 0;
	int ret;

	if (argc < 4) {
		fprintf(stderr, "usage: snapshot_bench DB setup N OFFICE | case ID | office OFFICE\n");
		return 64;
	}
	if (dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
		fprintf(stderr, "snapshot_bench: %s\n", d.msg);
		return 66;
	}
	if (strcmp(argv[2], "setup") == 0 && argc == 5) {
		struct bench_setup a = { argv[3], argv[4] };
		db_set_applying(db, true);   /* a set-up, not a change to send */
		ret = db_transaction(db, bench_setup_work, &a, &d);
	} else {
		const char *ids[] = { argv[3] };
		struct snapshot_sel one = { .ids = ids, .n = 1 };
		struct snapshot_sel office = { .office = argv[3], .all_units = true };
		double t0 = bench_clock(CLOCK_MONOTONIC), c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		ret = snapshot_cases(db, strcmp(argv[2], "case") == 0 ? &one : &office, &cs, &len, &d);
		double t1 = bench_clock(CLOCK_MONOTONIC), c1 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		if (ret == 0)
			printf("%.4f %.4f %zu\n", t1 - t0, c1 - c0, len);
		free(cs);
	}
	if (ret != 0)
		fprintf(stderr, "snapshot_bench: %s\n", d.msg);
	db_close(db);
	return ret;
}
