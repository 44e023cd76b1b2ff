/* Test databases: a fresh file per test in /tmp, named after the suite and the process, and one
 * number read from one through the wrapper (testdb_int). */
#include "testdb.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/dbopen.h"

static char path[128];

/* The path of this process's test database for a suite (the same until the next call). */
const char *
testdb_path(const char *suite)
{
	snprintf(path, sizeof path, "/tmp/jobdesk-test-%s-%d.db", suite, (int)getpid());
	return path;
}

/* Remove a test database and its WAL files. */
void
testdb_remove(const char *p)
{
	char side[160];

	unlink(p);
	snprintf(side, sizeof side, "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", p);
	unlink(side);
}

/* Create (afresh) and open this process's test database as user; fails the test on error. */
struct db *
testdb_open(const char *suite, const char *user)
{
	struct db *db = NULL;
	struct diag d = DIAG_INIT;

	testdb_remove(testdb_path(suite));
	ck_assert_msg(dbopen_open(path, user, true, &d, &db) == 0, "%s", d.msg);
	return db;
}

/* Close the database and remove its files. */
void
testdb_close(struct db *db)
{
	char *p = db != NULL ? strdup(db_path(db)) : NULL;

	db_close(db);
	if (p != NULL)
		testdb_remove(p);
	free(p);
}

/* The integer in the first row of a query with up to one text parameter (?1; NULL for none);
 * fails the test when the query fails or gives no row. */
long long
testdb_int(struct db *db, const char *sql, const char *param)
{
	struct db_stmt *st = db_prepare(db, sql);
	struct diag d = DIAG_INIT;
	long long v;

	if (param != NULL)
		db_bind_text(st, 1, param);
	ck_assert_msg(db_step(st, "testdb_int", &d) == DB_ROW, "%s: %s", sql, d.msg);
	v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}
