/* One writer for the backup benchmark: a person added through person_add() every INTERVAL
 * milliseconds (0: one after another) until the file STOP exists.
 *
 * usage: backup_writer DB WHO INTERVAL_MS STOP
 * WHO (0-49, a new one for every writer of a run) keeps its ID numbers apart from the other
 * writers' (region 110101, which the demo, all of Jilin, never uses). When it stops it prints one line:
 *   writes N busy B max_ms M p50_ms P
 * where a write's time is person_add()'s, waiting for the lock included, and busy counts writes
 * refused as busy (what a counselor would see). Built by tests/bench/backup.sh against the static
 * library; not part of the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "util/idnum.h"

/* The most writes one writer makes (its ID numbers stay unique up to this many). */
enum { writer_max = 336000 };

/* Seconds on the monotonic clock. */
static double
writer_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Compare doubles for qsort. */
static int
writer_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Add person i of writer who: 0, or the exit code of person_add (EX_UNAVAILABLE when busy). */
static int
writer_add(struct db *db, int who, int i)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char id[19], why[256];

	snprintf(id, sizeof id, "110101%04d%02d%02d%03d", 1950 + who % 50, 1 + i / 28 % 12, 1 + i % 28,
	    i / 336 % 1000);
	id[17] = idnum_check_char(id);
	id[18] = '\0';
	person_set(&p, PF_NAME, who % 2 ? "赵六" : "王五", why, sizeof why);
	if (person_set(&p, PF_ID_NUMBER, id, why, sizeof why) != 0) {
		fprintf(stderr, "backup_writer: %s: %s\n", id, why);
		exit(1);
	}
	int ret = person_add(db, &p, NULL, &d);
	person_clear(&p);
	if (ret != 0 && ret != EX_UNAVAILABLE) {
		fprintf(stderr, "backup_writer %d: %s\n", who, d.msg);
		exit(1);
	}
	return ret;
}

/* Write until STOP exists, then print the figures. */
int
main(int argc, char **argv)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	static double took[writer_max];
	int n = 0, busy = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: backup_writer DB WHO INTERVAL_MS STOP\n");
		return 64;
	}
	int who = atoi(argv[2]), interval = atoi(argv[3]);
	const char *stop = argv[4];
	if (dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
		fprintf(stderr, "backup_writer: %s\n", d.msg);
		return 1;
	}
	/* go on after the persons this writer's number added in earlier runs */
	char from[16], to[16];
	snprintf(from, sizeof from, "110101%04d", 1950 + who % 50);
	snprintf(to, sizeof to, "110101%04d", 1951 + who % 50);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM person WHERE id_number >= ?1 AND "
	    "id_number < ?2");
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	int first = db_step(st, "counting", &d) == DB_ROW ? (int)db_col_int(st, 0) : 0;
	db_finalize(st);
	double next = writer_clock();
	while (access(stop, F_OK) != 0 && first + n < writer_max) {
		double t = writer_clock();
		if (writer_add(db, who, first + n) == EX_UNAVAILABLE)
			busy++;
		took[n++] = writer_clock() - t;
		next += interval / 1000.0;
		double wait = next - writer_clock();
		/* sleep in short naps, so that STOP is seen soon */
		while (wait > 0 && access(stop, F_OK) != 0) {
			usleep(wait > 0.05 ? 50000 : (useconds_t)(wait * 1e6));
			wait = next - writer_clock();
		}
	}
	db_close(db);
	qsort(took, (size_t)n, sizeof *took, writer_cmp);
	printf("writes %d busy %d max_ms %.1f p50_ms %.1f\n", n, busy, n ? took[n - 1] * 1e3 : 0.0,
	    n ? took[(n - 1) / 2] * 1e3 : 0.0);
	return 0;
}
