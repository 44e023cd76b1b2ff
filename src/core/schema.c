/* Applying the embedded schema steps, each in its own transaction. */
#include "core/schema.h"

#include <stdio.h>

#include "core/db.h"

/* The schema version this binary knows. */
int
schema_latest(void)
{
	return schema_steps[schema_nsteps - 1].version;
}

/* The database's PRAGMA user_version. */
int
schema_version(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA user_version");
	int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;

	sqlite3_finalize(st);
	return v;
}

/* Apply every missing step, each in its own transaction; refuse a newer database. */
int
schema_migrate(struct db *db, struct diag *d)
{
	int ret, v = schema_version(db);

	if (v < 0)
		return diag_set(d, EX_DATAERR, "%s: not an SQLite database, or unreadable", db->path);
	if (v > schema_latest())
		return diag_set(d, EX_CONFIG, "%s: the database has schema version %d, newer than this "
		    "jobdesk knows (%d): use a newer jobdesk", db->path, v, schema_latest());
	for (int i = 0; i < schema_nsteps; i++) {
		const struct schema_step *s = &schema_steps[i];
		char pragma[64];
		if (s->version <= v)
			continue;
		if ((ret = db_begin(db, d)) != 0)
			return ret;
		/* Another process may have migrated while we waited for the lock. */
		if (schema_version(db) >= s->version) {
			db_rollback(db);
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", s->version);
		if ((ret = db_exec(db, s->sql, d)) != 0 || (ret = db_exec(db, pragma, d)) != 0) {
			char why[sizeof d->msg];
			db_rollback(db);
			snprintf(why, sizeof why, "%s", d->msg);
			return diag_set(d, ret, "migration %s failed: %s", s->name, why);
		}
		if ((ret = db_commit(db, d)) != 0)
			return ret;
	}
	return 0;
}
