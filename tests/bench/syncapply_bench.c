/* The syncapply benchmark's program: what merging costs beside SQLite's own apply of the same
 * changeset on the same schema (triggers, audit chain and search included on both sides).
 *
 * usage: syncapply_bench DIR PERSONS ROUNDS
 * In DIR it makes a county (a.db) with PERSONS persons registered in one transaction, and a
 * township (b.db) that received them (applied once with syncapply). Then the county changes every
 * person's phone and the township every person's education (each one transaction, updated_at
 * set by both, as every write does), so that every row of the county's changeset is a DATA
 * conflict of different fields. Each round, alternating which goes first, on fresh copies:
 *   insert  the county's registrations applied to an empty database: syncapply_changeset, and
 *           sqlite3changeset_apply_v2 with a handler that omits (nothing conflicts)
 *   merge   the county's phone changes applied to the township's copy: syncapply_changeset (each
 *           row merged field by field, the derived columns recomputed), and
 *           sqlite3changeset_apply_v2 with a handler that replaces (the county's row wins: what
 *           merging avoids)
 * each in one write transaction under db_set_applying, the commit included. One line a measure:
 *   insert|merge syncapply|sqlite SECONDS
 * and a last line: changeset insert|merge BYTES. Built by tests/bench/syncapply.sh against the
 * static library; not part of the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/syncapply.h"

/* Seconds on the monotonic clock. */
static double
bench_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stop with a message. */
static void
bench_die(const char *what, const struct diag *d)
{
	fprintf(stderr, "syncapply_bench: %s: %s\n", what, d != NULL ? d->msg : "");
	exit(70);
}

/* Open (creating) a database. */
static struct db *
bench_open(const char *path)
{
	struct db *db = NULL;
	struct diag d = DIAG_INIT;

	if (dbopen_open(path, "bench", true, &d, &db) != 0)
		bench_die(path, &d);
	return db;
}

/* SQL run in one write transaction. */
static int
bench_sql_work(struct db *db, void *arg, struct diag *d)
{
	return db_exec(db, arg, d);
}

/* Run SQL as one write of db. */
static void
bench_sql(struct db *db, const char *sql)
{
	struct diag d = DIAG_INIT;

	if (db_transaction(db, bench_sql_work, (void *)sql, &d) != 0)
		bench_die(sql, &d);
}

/* The newest outbox row's changeset (caller frees), its length in *len. */
static void *
bench_last_changeset(struct db *db, size_t *len)
{
	struct db_stmt *st = db_prepare(db, "SELECT changeset FROM outbox ORDER BY seq DESC LIMIT 1");
	struct diag d = DIAG_INIT;

	if (db_step(st, "outbox", &d) != DB_ROW)
		bench_die("outbox", &d);
	const void *v = db_col_bytes(st, 0, len);
	void *out = malloc(*len);
	memcpy(out, v, *len);
	db_finalize(st);
	return out;
}

/* What one application applies, and how. */
struct bench_apply {
	const void *cs;
	size_t len;
	int plain;          /* 0: syncapply; SQLITE_CHANGESET_OMIT or _REPLACE: SQLite's own */
};

/* SQLite's own handler: the same answer to every conflict (a foreign key: abort). */
static int
bench_handler(void *ctx, int type, sqlite3_changeset_iter *it)
{
	(void)it;
	return type == SQLITE_CHANGESET_FOREIGN_KEY ? SQLITE_CHANGESET_ABORT :
	    type == SQLITE_CHANGESET_DATA || type == SQLITE_CHANGESET_CONFLICT ?
	    *(int *)ctx : SQLITE_CHANGESET_OMIT;
}

/* One application inside its transaction. */
static int
bench_apply_work(struct db *db, void *arg, struct diag *d)
{
	struct bench_apply *x = arg;
	struct syncapply_counts c = { 0 };

	if (x->plain == 0)
		return syncapply_changeset(db, x->cs, x->len, "220102", "bench", &c, d) != 0 ?
		    (d->code ? d->code : 70) : 0;
	if (sqlite3changeset_apply_v2(db_sqlite(db), (int)x->len, (void *)x->cs, NULL,
	    bench_handler, &x->plain, NULL, NULL, 0) != SQLITE_OK)
		return diag_set(d, 70, "apply: %s", sqlite3_errmsg(db_sqlite(db)));
	return 0;
}

/* Copy file from to to (the database file after a checkpoint: no WAL). */
static void
bench_copy(const char *from, const char *to)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
	if (system(cmd) != 0)
		bench_die("cp", NULL);
}

/* Time one application of cs to a fresh copy of base (NULL: an empty database) at path. */
static double
bench_time(const char *base, const char *path, const void *cs, size_t len, int plain)
{
	struct bench_apply x = { cs, len, plain };
	struct diag d = DIAG_INIT;

	unlink(path);
	if (base != NULL)
		bench_copy(base, path);
	struct db *db = bench_open(path);
	db_set_applying(db, true);
	double t0 = bench_clock();
	if (db_transaction(db, bench_apply_work, &x, &d) != 0)
		bench_die("apply", &d);
	double t = bench_clock() - t0;
	db_close(db);
	return t;
}

/* Make the two offices, then time each way ROUNDS times, alternating. */
int
main(int argc, char **argv)
{
	char a_path[512], b_path[512], e_path[512], w_path[512], sql[2048];
	size_t ins_len, merge_len;
	int persons, rounds;

	if (argc != 4 || (persons = atoi(argv[2])) <= 0 || (rounds = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: syncapply_bench DIR PERSONS ROUNDS\n");
		return 64;
	}
	snprintf(a_path, sizeof a_path, "%s/a.db", argv[1]);
	snprintf(b_path, sizeof b_path, "%s/b.db", argv[1]);
	snprintf(e_path, sizeof e_path, "%s/empty.db", argv[1]);
	snprintf(w_path, sizeof w_path, "%s/work.db", argv[1]);
	struct db *a = bench_open(a_path), *e = bench_open(e_path);
	db_close(e);
	snprintf(sql, sizeof sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < %d) INSERT INTO person (id, id_number, name, phone, created_at, updated_at, "
	    "created_by) SELECT printf('220102-%%020d', i), printf('2201021990%%08d', i), "
	    "'王丽' || i, '1391234' || printf('%%04d', i %% 10000), '2018-03-01T00:00:00.000Z', "
	    "'2018-03-01T00:00:00.000Z', 'county' FROM n", persons);
	bench_sql(a, sql);
	void *ins = bench_last_changeset(a, &ins_len);
	bench_sql(a, "UPDATE person SET phone = '13800000000', "
	    "updated_at = '2018-03-02T00:00:00.000Z'");
	void *merge = bench_last_changeset(a, &merge_len);
	db_close(a);
	/* the township: the registrations received, then its own change of every person */
	bench_time(e_path, b_path, ins, ins_len, 0);
	struct db *b = bench_open(b_path);
	bench_sql(b, "UPDATE person SET education = 'bachelor', "
	    "updated_at = '2018-03-03T00:00:00.000Z'");
	struct diag d = DIAG_INIT;
	if (db_exec(b, "PRAGMA wal_checkpoint(TRUNCATE)", &d) != 0)
		bench_die("checkpoint", &d);
	db_close(b);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < 2; k++) {
			int plain = (r + k) % 2;  /* alternate which goes first */
			double t = bench_time(e_path, w_path, ins, ins_len,
			    plain ? SQLITE_CHANGESET_OMIT : 0);
			printf("insert %s %.4f\n", plain ? "sqlite" : "syncapply", t);
			t = bench_time(b_path, w_path, merge, merge_len,
			    plain ? SQLITE_CHANGESET_REPLACE : 0);
			printf("merge %s %.4f\n", plain ? "sqlite" : "syncapply", t);
			fflush(stdout);
		}
	}
	printf("changeset insert %zu\nchangeset merge %zu\n", ins_len, merge_len);
	free(ins);
	free(merge);
	return 0;
}
