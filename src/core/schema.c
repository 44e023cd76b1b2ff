/* Applying the embedded schema steps, each in its own transaction (db_transaction). */
#include "core/schema.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/db.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

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

/* The tables whose created_at and updated_at (policy_set: created_at alone) step 17 makes unix
 * milliseconds, each with its key column. */
static const struct {
	const char *table, *key, *label;
	bool updated;
} schema_ts_tables[] = {
	{ "office", "id", N_("office"), true }, { "app_user", "id", N_("user account"), true },
	{ "household", "id", N_("household"), true },
	{ "person", "id", N_("personal details"), true }, { "unit", "id", N_("unit"), true },
	{ "enrollment", "id", N_("progress"), true },
	{ "certificate", "id", N_("certificate"), true },
	{ "insurance", "id", N_("insurance"), true },
	{ "note", "id", N_("note and follow-up"), true }, { "decision", "id", N_("decision"), true },
	{ "correction", "id", N_("correction"), true },
	{ "policy_set", "hash", N_("the policy archive"), false },
};

/* In a table's CREATE text, the one definition "\n  COL<spaces>TEXT NOT NULL" made INTEGER in
 * out (the text so far); false when the column is not defined so, or more than once. */
static bool
schema_ts_retype(struct sbuf *out, const char *col)
{
	char *text = xstrdup(sbuf_str(out)), *at = NULL;
	size_t n = strlen(col);
	int found = 0;

	for (char *p = strstr(text, "\n  "); p != NULL; p = strstr(p + 1, "\n  ")) {
		if (strncmp(p + 3, col, n) != 0 || p[3 + n] != ' ')
			continue;
		char *q = p + 3 + n;
		while (*q == ' ')
			q++;
		if (strncmp(q, "TEXT NOT NULL", 13) == 0 && (q[13] == ',' || q[13] == '\n')) {
			at = q;
			found++;
		}
	}
	if (found == 1) {
		sbuf_reset(out);
		sbuf_addn(out, text, (size_t)(at - text));
		sbuf_add(out, "INTEGER NOT NULL");
		sbuf_add(out, at + 13);
	}
	free(text);
	return found == 1;
}

/* Before step 17: refuse (65) a timestamp that is not the text jobdesk writes (the conversion
 * would not give it back, and its row would no longer verify), naming the row; then make the
 * declared type of each created_at and updated_at INTEGER, by the same procedure as step 14,
 * each table's text guarded (exactly one such definition, the text replaced only where it is
 * still the one read). The step's SQL converts the values. 0 or a code. */
static int
schema_ts_retype_all(struct db *db, struct diag *d)
{
	sqlite3 *h = db_sqlite(db);
	int64_t cookie = 0;
	char pragma[64], sql[400], shown[80];
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < sizeof schema_ts_tables / sizeof *schema_ts_tables; i++) {
		const char *t = schema_ts_tables[i].table, *k = schema_ts_tables[i].key;
		snprintf(sql, sizeof sql, "SELECT %s, %s FROM %s WHERE jd_ts(jd_ms(created_at)) IS NOT "
		    "created_at%s LIMIT 1", k, schema_ts_tables[i].updated ? "created_at || ' ' || "
		    "updated_at" : "created_at", t, schema_ts_tables[i].updated ? " OR "
		    "jd_ts(jd_ms(updated_at)) IS NOT updated_at" : "");
		struct db_stmt *st = db_prepare(db, sql);
		if ((ret = db_step(st, "reading the times of the records", d)) == DB_ROW) {
			snprintf(shown, sizeof shown, "%s", db_col_text(st, 0));
			for (char *p = shown; *p; p++)
				if ((unsigned char)*p < 32 || (unsigned char)*p >= 127)
					*p = '?';
			ret = diag_set(d, EX_DATAERR, "the record %s holds a time that is not as jobdesk "
			    "writes it (YYYY-MM-DDTHH:MM:SS.mmmZ), so its times cannot be converted; "
			    "restore a backup made by jobdesk", shown);
		}
		db_finalize(st);
	}
	if (ret != 0 || (ret = db_query_int(db, "PRAGMA schema_version", &cookie,
	    "reading the schema version", d)) != 0)
		return ret;
	snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %lld", (long long)cookie + 1);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
	ret = db_exec(db, "PRAGMA writable_schema = ON", d);
	struct db_stmt *rd = db_prepare(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
	    "name = ?1");
	struct db_stmt *wr = db_prepare(db, "UPDATE sqlite_schema SET sql = ?3 WHERE type = 'table' "
	    "AND name = ?1 AND sql = ?2");
	for (size_t i = 0; ret == 0 && i < sizeof schema_ts_tables / sizeof *schema_ts_tables; i++) {
		struct sbuf text = SBUF_INIT;
		bool ok = false;
		db_bind_text(rd, 1, schema_ts_tables[i].table);
		if ((ret = db_step(rd, "reading the schema", d)) == DB_ROW) {
			ret = 0;
			sbuf_add(&text, db_col_text(rd, 0));
			ok = schema_ts_retype(&text, "created_at") && (!schema_ts_tables[i].updated ||
			    schema_ts_retype(&text, "updated_at"));
			if (ok) {
				db_bind_text(wr, 1, schema_ts_tables[i].table);
				db_bind_text(wr, 2, db_col_text(rd, 0));
				db_bind_text(wr, 3, sbuf_str(&text));
				ret = db_run(wr, "changing the times' type", d);
				ok = ret == 0 && db_changes(db) == 1;
			}
		}
		db_reset(rd);
		db_reset(wr);
		sbuf_free(&text);
		if (ret == 0 && !ok)
			ret = diag_set(d, EX_DATAERR, "the table of %s is not as the migrations made it, "
			    "so its times cannot be converted; restore a backup made by jobdesk",
			    tr(schema_ts_tables[i].label));
	}
	db_finalize(rd);
	db_finalize(wr);
	if (ret == 0)
		ret = db_exec(db, pragma, d);
	db_exec(db, "PRAGMA writable_schema = OFF", NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
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
	    (s->version == 17 && (ret = schema_ts_retype_all(db, d)) != 0) ||
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
