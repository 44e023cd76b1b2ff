/* Applying the embedded schema steps, each in its own transaction (db_transaction). */
#include "core/schema.h"

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

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
	int64_t v = -1;

	if (db_query_int(db, "PRAGMA user_version", &v, "reading the schema version", NULL) != 0)
		return -1;
	return (int)v;
}

/* Before step 14: widen audit_log's CHECK on op from 13 codes to 14 ('resolve'), by SQLite's
 * documented procedure for a change of a CHECK's text that no stored row breaks (writable_schema,
 * then the schema cookie moved on so that every connection reads the new text), inside the
 * step's transaction; defensive mode is lifted for it and set again. 0 or a code. */
static int
schema_widen_ops(struct db *db, struct diag *d)
{
	sqlite3 *h = db_sqlite(db);
	int64_t cookie = 0;
	char pragma[64];
	int ret;

	if ((ret = db_query_int(db, "PRAGMA schema_version", &cookie, "reading the schema version",
	    d)) != 0)
		return ret;
	snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %lld", (long long)cookie + 1);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
	if ((ret = db_exec(db, "PRAGMA writable_schema = ON", d)) == 0 &&
	    (ret = db_exec(db, "UPDATE sqlite_schema SET sql = replace(sql, "
	    "'CHECK (op BETWEEN 1 AND 13)', 'CHECK (op BETWEEN 1 AND 14)') WHERE type = 'table' "
	    "AND name = 'audit_log'", d)) == 0)
		ret = db_exec(db, pragma, d);
	db_exec(db, "PRAGMA writable_schema = OFF", NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	int64_t widened = 0;
	if (ret == 0 && (ret = db_query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
	    "'audit_log' AND instr(sql, 'CHECK (op BETWEEN 1 AND 14)') > 0", &widened,
	    "reading the schema version", d)) == 0 && widened != 1)
		ret = diag_set(d, EX_DATAERR, "the audit's table is not as step 11 made it, so its "
		    "operations cannot be extended; restore a backup made by jobdesk");
	return ret;
}

/* Apply one step inside its transaction, unless another process applied it while we waited
 * for the lock. A failure names the step. */
static int
schema_apply(struct db *db, void *arg, struct diag *d)
{
	const struct schema_step *s = arg;
	char pragma[64];
	int ret;

	if (schema_version(db) >= s->version)
		return 0;
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", s->version);
	if ((s->version == 14 && (ret = schema_widen_ops(db, d)) != 0) ||
	    (ret = db_exec(db, s->sql, d)) != 0 || (ret = db_exec(db, pragma, d)) != 0) {
		char why[sizeof d->msg];
		snprintf(why, sizeof why, "%s", d->msg);
		return diag_set(d, ret, "migration %s failed: %s", s->name, why);
	}
	return 0;
}

/* Apply every missing step, each in its own transaction; refuse a newer database. */
int
schema_migrate(struct db *db, struct diag *d)
{
	int ret, v = schema_version(db);

	if (v < 0)
		return diag_set(d, EX_DATAERR, "%s: not an SQLite database, or unreadable", db_path(db));
	if (v > schema_latest())
		return diag_set(d, EX_CONFIG, "%s: the database has schema version %d, newer than this "
		    "jobdesk knows (%d): use a newer jobdesk", db_path(db), v, schema_latest());
	for (int i = 0; i < schema_nsteps; i++) {
		const struct schema_step *s = &schema_steps[i];
		if (s->version > v && (ret = db_transaction(db, schema_apply, (void *)s, d)) != 0)
			return ret;
	}
	return 0;
}
