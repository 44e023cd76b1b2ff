/* Test databases: a fresh file per test in /tmp, named after the suite and the process. */
#ifndef TESTS_TESTDB_H
#define TESTS_TESTDB_H

struct db;

/* The path of this process's test database for a suite (the same until the next call). */
const char *testdb_path(const char *suite);
/* Remove a test database and its WAL files. */
void testdb_remove(const char *path);
/* Create (afresh) and open this process's test database as user; fails the test on error. */
struct db *testdb_open(const char *suite, const char *user);
/* Close the database and remove its files. */
void testdb_close(struct db *db);

#endif
