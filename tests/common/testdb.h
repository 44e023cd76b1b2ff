/* Test databases: a fresh file per test in /tmp, named after the suite and the process, and one
 * number read from one through the wrapper (testdb_int). */
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
/* The integer in the first row of a query with up to one text parameter (?1; NULL for none);
 * fails the test when the query fails or gives no row. */
long long testdb_int(struct db *db, const char *sql, const char *param);

#endif
