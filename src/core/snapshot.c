/* Snapshots (core/snapshot.h): the selected cases' synced rows, copied into a private in-memory
 * database holding the synced tables' columns and keys, where an SQLite session records them as
 * INSERTs; sqlite3session_changeset then writes the changeset (its table names carry no schema,
 * so it applies to any office's main database). The cases chosen are listed in a temporary
 * table, so each table's rows are found through its person_id index, once. */
#include "core/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* the session extension: compiled into Debian's 3.40.1, declared only with these */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/db.h"
#include "core/outbox.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* Each table of a snapshot in foreign-key order, with which of its rows belong to the cases
 * listed in temp.snapshot_person (the units: those their enrollments name, or every unit; the
 * office: the one asked for by ?1, only when one is). */
static const struct {
	const char *table, *sql, *all_sql;
} snapshot_rows[] = {
	{ "office", "SELECT * FROM main.office WHERE id = ?1", NULL },
	{ "household", "SELECT * FROM main.household WHERE id IN (SELECT household_id FROM "
	    "main.person WHERE id IN (SELECT id FROM temp.snapshot_person))", NULL },
	{ "person", "SELECT * FROM main.person WHERE id IN (SELECT id FROM temp.snapshot_person)",
	    NULL },
	{ "unit", "SELECT * FROM main.unit WHERE id IN (SELECT unit_id FROM main.enrollment WHERE "
	    "person_id IN (SELECT id FROM temp.snapshot_person))", "SELECT * FROM main.unit" },
	{ "enrollment", "SELECT * FROM main.enrollment WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
	{ "certificate", "SELECT * FROM main.certificate WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
	{ "insurance", "SELECT * FROM main.insurance WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
	{ "note", "SELECT * FROM main.note WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
	{ "decision", "SELECT * FROM main.decision WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
	{ "correction", "SELECT * FROM main.correction WHERE person_id IN (SELECT id FROM "
	    "temp.snapshot_person)", NULL },
};

/* Set d from the connection h's last error while doing what. Returns the code. */
static int
snapshot_fail(sqlite3 *h, const char *what, struct diag *d)
{
	return diag_set(d, EX_SOFTWARE, "%s: %s", tr(what), sqlite3_errmsg(h));
}

/* Run SQL with up to two text parameters (NULL binds NULL) on h. SQLITE_OK or an error. */
static int
snapshot_exec(sqlite3 *h, const char *sql, const char *p1, const char *p2)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Make table in the in-memory database mem with main's columns and primary key (names from
 * this database's own schema), and its INSERT with one parameter a column into *ins. */
static int
snapshot_table(sqlite3 *h, sqlite3 *mem, const char *table, sqlite3_stmt **ins)
{
	struct sbuf create = SBUF_INIT, key = SBUF_INIT, insert = SBUF_INIT;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid",
	    -1, &st, NULL);
	int ncol = 0;

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sbuf_addf(&create, "CREATE TABLE \"%s\" (", table);
	sbuf_addf(&insert, "INSERT INTO \"%s\" VALUES (", table);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sbuf_addf(&create, "%s\"%s\"", ncol > 0 ? ", " : "", name);
		sbuf_addf(&insert, "%s?", ncol > 0 ? ", " : "");
		if (sqlite3_column_int(st, 1) > 0)
			sbuf_addf(&key, "%s\"%s\"", key.len > 0 ? ", " : "", name);
		ncol++;
	}
	sqlite3_finalize(st);
	sbuf_addf(&create, ", PRIMARY KEY (%s))", sbuf_str(&key));
	sbuf_addf(&insert, ")");
	if (rc == SQLITE_DONE)
		rc = ncol > 0 && key.len > 0 ? SQLITE_OK : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(mem, sbuf_str(&create), NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(mem, sbuf_str(&insert), -1, ins, NULL);
	sbuf_free(&create);
	sbuf_free(&key);
	sbuf_free(&insert);
	return rc;
}

/* Copy the rows the statement sel reads from main into mem through ins. SQLITE_OK or an error
 * (*on_mem: the error is mem's). */
static int
snapshot_copy(sqlite3_stmt *sel, sqlite3_stmt *ins, bool *on_mem)
{
	int rc, n = sqlite3_column_count(sel);

	*on_mem = false;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (int k = 0; k < n; k++)
			sqlite3_bind_value(ins, k + 1, sqlite3_column_value(sel, k));
		if ((rc = sqlite3_step(ins)) != SQLITE_DONE) {
			*on_mem = true;
			return rc;
		}
		sqlite3_reset(ins);
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The snapshot of the selected cases (see core/snapshot.h). */
int
snapshot_cases(struct db *db, const struct snapshot_sel *sel, void **cs, size_t *len,
    struct diag *d)
{
	sqlite3 *h = db_sqlite(db), *mem = NULL;
	sqlite3_session *ses = NULL;
	void *out = NULL;
	int rc, n = 0, ret = 0;
	const char *what = N_("making the snapshot of the cases");

	*cs = NULL;
	*len = 0;
	/* the cases */
	rc = snapshot_exec(h, "CREATE TEMP TABLE IF NOT EXISTS snapshot_person (id TEXT PRIMARY "
	    "KEY)", NULL, NULL);
	if (rc == SQLITE_OK)
		rc = snapshot_exec(h, "DELETE FROM temp.snapshot_person", NULL, NULL);
	if (rc == SQLITE_OK && sel->office != NULL)
		rc = snapshot_exec(h, "INSERT INTO temp.snapshot_person SELECT id FROM main.person "
		    "WHERE office_id = ?1", sel->office, NULL);
	if (rc == SQLITE_OK && sel->office != NULL && sel->below)
		rc = snapshot_exec(h, "INSERT OR IGNORE INTO temp.snapshot_person SELECT id FROM "
		    "main.person WHERE office_id IN (SELECT id FROM main.office WHERE parent_id = ?1)",
		    sel->office, NULL);
	for (size_t i = 0; rc == SQLITE_OK && sel->office == NULL && i < sel->n; i++)
		rc = snapshot_exec(h, "INSERT OR IGNORE INTO temp.snapshot_person (id) VALUES (?1)",
		    sel->ids[i], NULL);
	if (rc != SQLITE_OK)
		return snapshot_fail(h, what, d);
	/* the synced tables' columns and keys in memory, a session on them */
	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK || sqlite3session_create(mem, "main", &ses) != SQLITE_OK) {
		ret = snapshot_fail(mem, what, d);
		goto out;
	}
	/* one transaction for all the copies (the in-memory database's own; main's is the caller's) */
	if (sqlite3_exec(mem, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		ret = snapshot_fail(mem, what, d);
		goto out;
	}
	for (size_t t = 0; t < sizeof snapshot_rows / sizeof *snapshot_rows && ret == 0; t++) {
		sqlite3_stmt *ins = NULL, *st = NULL;
		bool on_mem = false;
		const char *sql = sel->all_units && snapshot_rows[t].all_sql != NULL ?
		    snapshot_rows[t].all_sql : snapshot_rows[t].sql;
		if (t == 0 && sel->office_row == NULL)
			continue;
		rc = snapshot_table(h, mem, snapshot_rows[t].table, &ins);
		on_mem = rc != SQLITE_OK;
		if (rc == SQLITE_OK && (rc = sqlite3session_attach(ses, snapshot_rows[t].table)) !=
		    SQLITE_OK)
			on_mem = true;
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
		if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_text(st, 1, sel->office_row, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = snapshot_copy(st, ins, &on_mem);
		if (rc != SQLITE_OK)
			ret = snapshot_fail(on_mem ? mem : h, what, d);
		sqlite3_finalize(st);
		sqlite3_finalize(ins);
	}
	if (ret == 0 && sqlite3_exec(mem, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		ret = snapshot_fail(mem, what, d);
	if (ret == 0 && !sqlite3session_isempty(ses)) {
		if (sqlite3session_changeset(ses, &n, &out) != SQLITE_OK) {
			ret = snapshot_fail(mem, what, d);
		} else {
			*cs = xmalloc((size_t)n);
			memcpy(*cs, out, (size_t)n);
			*len = (size_t)n;
		}
		sqlite3_free(out);
	}
out:
	if (ses != NULL)
		sqlite3session_delete(ses);
	sqlite3_close(mem);
	snapshot_exec(h, "DELETE FROM temp.snapshot_person", NULL, NULL);
	return ret;
}

/* Make the snapshot of the selected cases and store it in the outbox (see core/snapshot.h). */
int
snapshot_store(struct db *db, const struct snapshot_sel *sel, struct diag *d)
{
	void *cs;
	size_t len;
	int ret = snapshot_cases(db, sel, &cs, &len, d);

	if (ret == 0 && len > 0)
		ret = outbox_store(db, cs, len, NULL, d);
	free(cs);
	return ret;
}
