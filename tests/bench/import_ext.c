/* A loadable extension for the sqlite3 shell, built by tests/bench/import.sh: the jd_* SQL
 * functions the schema's triggers call (jd_row_hash, jd_chain, jd_search_tokens, jd_name_sort,
 * jd_actor, jd_now_ms ...), jobdesk's own from core/dbopen.c, so that the shell's load of the
 * same rows does the same trigger work as `jobdesk import`. The acting user is JOBDESK_USER
 * (else "bench"). Load it with: .load ./import_ext.so sqlite3_importext_init */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdlib.h>

#include "core/db.h"
#include "core/dbopen.h"

/* Register the functions on the shell's connection; the wrapper is kept for the life of the
 * process and never closed (db_close would close the shell's own connection). */
int
sqlite3_importext_init(sqlite3 *h, char **err, const sqlite3_api_routines *api)
{
	const char *user = getenv("JOBDESK_USER");
	struct db *db;

	SQLITE_EXTENSION_INIT2(api);
	(void)err;
	db = db_wrap(h, "sqlite3 shell", user != NULL && *user != '\0' ? user : "bench");
	return dbopen_functions_on(db) == 0 ? SQLITE_OK : SQLITE_ERROR;
}
