/* Test databases: a fresh file per test in /tmp, named after the suite and the process. */
#include "testdb.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"

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
	ck_assert_msg(db_open(path, user, true, &d, &db) == 0, "%s", d.msg);
	return db;
}

/* Close the database and remove its files. */
void
testdb_close(struct db *db)
{
	char *p = db != NULL ? strdup(db->path) : NULL;

	db_close(db);
	if (p != NULL)
		testdb_remove(p);
	free(p);
}
