/* The SQLite connection behind a struct db, for the one module that opens it (core/dbopen.c:
 * settings, SQL functions, backup). Private to src/core: every other file goes through the
 * wrapper of core/db.h, and nothing above core sees SQLite's types. */
#ifndef CORE_DB_SQLITE_H
#define CORE_DB_SQLITE_H

#include <sqlite3.h>

struct db;

/* A database for a connection just opened (h may be NULL when opening failed): db_close
 * closes it. path and user are copied. */
struct db *db_wrap(sqlite3 *h, const char *path, const char *user);
/* The connection behind a database. */
sqlite3 *db_sqlite(struct db *db);

#endif
