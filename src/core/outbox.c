/* The outbox (issue 17): which tables are synced, and storing a write transaction's changeset
 * (made by core/db.c's session before COMMIT) in the outbox table of the same transaction.
 *
 * Synced, each for a reason:
 *   office       a person's office_id names a row of it; the county and the township must
 *                both hold the office rows their cases name (an office's key is its code, so
 *                both sides' rows of one office are one row)
 *   household    person.household_id names one; the household flags are facts
 *   person       the case
 *   unit         enrollment.unit_id names one (employers, hosts, training providers)
 *   enrollment, certificate, insurance, note, decision
 *                the case's records: progress, qualifications, insurance, notes and follow-ups,
 *                the decisions (with their status: approved, paid, revoked)
 *   correction   why a progress entry was fixed or removed: part of the case's record, insert-only
 *   sync_resolution  a supervisor's choice on a conflict a sync held (migration 0014): the other
 *                office applies it to its own copy of the conflict; last, so that in a changeset
 *                it follows the rows it names
 * Never: setting (this file's own: its office code, its sync epoch), app_user (logins and
 * password hashes stay in their office), audit, audit_legacy and audit_baseline (each office keeps
 * its own chain), person_search, search_gone and person_fts (derived from person and rebuilt by
 * each side's triggers and search_sync; FTS shadow pages would ship otherwise), the policy_*
 * archive (content-addressed and only ever added to: a bundle carries the sets its decisions name
 * beside the changesets, so no archived row can conflict), and the outbox itself. */
#include "core/outbox.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csfilter.h"
#include "core/db.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The synced tables, NULL-terminated: the offices, the case tables and units. */
const char *const outbox_tables[] = {
	"office", "household", "person", "unit", "enrollment", "certificate", "insurance", "note",
	"decision", "correction", "sync_resolution", NULL,
};

/* For each synced table of a case, the office of the case a row belongs to, by the row's id: a
 * person's own, a household's (each office of its persons), a record's person's. */
static const struct {
	const char *table, *sql;
} outbox_owner_sql[] = {
	{ "person", "SELECT office_id FROM person WHERE id = ?1" },
	{ "household", "SELECT DISTINCT office_id FROM person WHERE household_id = ?1" },
	{ "enrollment", "SELECT p.office_id FROM enrollment x JOIN person p ON p.id = x.person_id "
	    "WHERE x.id = ?1" },
	{ "certificate", "SELECT p.office_id FROM certificate x JOIN person p ON p.id = "
	    "x.person_id WHERE x.id = ?1" },
	{ "insurance", "SELECT p.office_id FROM insurance x JOIN person p ON p.id = x.person_id "
	    "WHERE x.id = ?1" },
	{ "note", "SELECT p.office_id FROM note x JOIN person p ON p.id = x.person_id WHERE "
	    "x.id = ?1" },
	{ "decision", "SELECT p.office_id FROM decision x JOIN person p ON p.id = x.person_id "
	    "WHERE x.id = ?1" },
	{ "correction", "SELECT p.office_id FROM correction x JOIN person p ON p.id = "
	    "x.person_id WHERE x.id = ?1" },
	{ "sync_resolution", "SELECT p.office_id FROM sync_resolution x JOIN person p ON p.id = "
	    "x.person_id WHERE x.id = ?1" },
};

/* Whether table's row key belongs to a case of office (owner true), or, with office NULL, each
 * office it belongs to appended to offices as "CODE|" (once each). 1 when the table is a case
 * table (0: it is not, and nothing is asked), or a code with d set as -(code). */
int
outbox_case_office(struct db *db, const char *table, const char *key, const char *office,
    bool *owner, struct sbuf *offices, struct diag *d)
{
	int ret;

	*owner = false;
	for (size_t i = 0; i < sizeof outbox_owner_sql / sizeof *outbox_owner_sql; i++) {
		if (strcmp(table, outbox_owner_sql[i].table) != 0)
			continue;
		struct db_stmt *st = db_cached(db, outbox_owner_sql[i].sql);
		db_bind_text(st, 1, key);
		while ((ret = db_step(st, N_("selecting the township's changes"), d)) == DB_ROW) {
			const char *o = db_col_text(st, 0);
			if (o == NULL)
				continue;
			if (office != NULL && strcmp(o, office) == 0)
				*owner = true;
			if (offices != NULL) {
				char mark[32];
				snprintf(mark, sizeof mark, "|%s|", o);
				if (strstr(sbuf_str(offices), mark) == NULL)
					sbuf_addf(offices, "%s|", o);
			}
		}
		db_reset(st);
		return ret != 0 ? -ret : 1;
	}
	return 0;
}

/* A person inserted by the changeset being walked: its key's bytes in the changeset. */
struct outbox_key {
	const unsigned char *p;  /* NULL: an empty slot */
	size_t len;
};

/* What outbox_reach collects: the offices named, and whether a change goes to every office.
 * For a transaction's own changeset (own), an inserted row's values are the database's at the
 * commit, so they are read from the change instead of asked of the database (see
 * outbox_reach_inserted). */
struct outbox_reach {
	struct db *db;
	struct sbuf offices;     /* "|CODE|CODE|" */
	bool all;
	bool own;                /* the open transaction's own changeset, made just now */
	const char *table;       /* the table the columns below are of (its header's name) */
	int office_col;          /* person: office_id's column, -1 unknown */
	int person_col;          /* a record of a case: person_id's column, -1 none */
	struct outbox_key *keys; /* the persons the changeset inserts (open addressing) */
	size_t cap, n;           /* cap a power of two, or 0 */
};

/* The slot of a key in the set of inserted persons: where it is, or the empty slot for it. */
static struct outbox_key *
outbox_key_slot(struct outbox_reach *r, const unsigned char *p, size_t len)
{
	uint64_t h = 1469598103934665603ull;  /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	size_t i = (size_t)h & (r->cap - 1);
	while (r->keys[i].p != NULL && !(r->keys[i].len == len && memcmp(r->keys[i].p, p, len) == 0))
		i = (i + 1) & (r->cap - 1);
	return &r->keys[i];
}

/* Add an inserted person's key to the set (growing it at half full). */
static void
outbox_key_add(struct outbox_reach *r, const unsigned char *p, size_t len)
{
	if ((r->n + 1) * 2 > r->cap) {
		struct outbox_key *old = r->keys;
		size_t oldcap = r->cap;
		r->cap = oldcap ? oldcap * 2 : 1024;
		r->keys = xcalloc(r->cap, sizeof *r->keys);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].p != NULL)
				*outbox_key_slot(r, old[i].p, old[i].len) = old[i];
		free(old);
	}
	struct outbox_key *k = outbox_key_slot(r, p, len);
	if (k->p == NULL) {
		k->p = p;
		k->len = len;
		r->n++;
	}
}

/* Whether the changeset inserts the person whose key is given. */
static bool
outbox_key_has(struct outbox_reach *r, const unsigned char *p, size_t len)
{
	return r->cap > 0 && outbox_key_slot(r, p, len)->p != NULL;
}

/* The number of table's column called name, or -1 (a query of the schema, once a table). */
static int
outbox_column(struct db *db, const char *table, const char *name)
{
	struct db_stmt *st = db_cached(db, "SELECT cid FROM pragma_table_info(?1) WHERE name = ?2");
	int col = -1;

	db_bind_text(st, 1, table);
	db_bind_text(st, 2, name);
	if (db_step(st, N_("selecting the township's changes"), NULL) == DB_ROW)
		col = (int)db_col_int(st, 0);
	db_reset(st);
	return col;
}

/* An insert of the transaction's own changeset, read without asking the database (its values
 * are the row's at the commit): a person's office is its office_id; a household's offices are
 * those of its persons, each of whom the same transaction inserted or changed (the household
 * is new), so that their own changes name them; a case's record whose person the changeset
 * inserts adds that person's office, named already. 1 when the change was read so, 0 when
 * the database must be asked. At 20,000 imported rows this saves 60,000 queries (1.1 G of
 * 16.1 G instructions). */
static int
outbox_reach_inserted(struct outbox_reach *r, const struct csfilter_change *c)
{
	struct csfilter_value v;

	if (!r->own || c->op != CSFILTER_INSERT)
		return 0;
	if (r->table != c->table) {
		r->table = c->table;
		r->office_col = strcmp(c->table, "person") == 0 ? outbox_column(r->db, c->table,
		    "office_id") : -1;
		r->person_col = outbox_column(r->db, c->table, "person_id");
	}
	if (strcmp(c->table, "household") == 0)
		return 1;
	if (r->office_col >= 0) {
		if (csfilter_value(c, true, 0, &v) != 0 || v.type != CSFILTER_TEXT)
			return 0;
		outbox_key_add(r, v.p, v.len);
		if (csfilter_value(c, true, r->office_col, &v) != 0 || (v.type == CSFILTER_TEXT &&
		    v.len >= 24))
			return 0;
		if (v.type == CSFILTER_TEXT) {
			char mark[32];
			snprintf(mark, sizeof mark, "|%.*s|", (int)v.len, (const char *)v.p);
			if (strstr(sbuf_str(&r->offices), mark) == NULL)
				sbuf_addf(&r->offices, "%s", mark + 1);
		}
		return v.type == CSFILTER_TEXT || v.type == CSFILTER_NULL;
	}
	if (r->person_col >= 0 && csfilter_value(c, true, r->person_col, &v) == 0 &&
	    v.type == CSFILTER_TEXT && outbox_key_has(r, v.p, v.len))
		return 1;
	return 0;
}

/* Note the offices of one change's case (csfilter_walk's callback; keeps nothing). */
static int
outbox_reach_one(void *arg, const struct csfilter_change *c, struct diag *d)
{
	struct outbox_reach *r = arg;
	char key[128];
	bool owner;

	if (r->all || strcmp(c->table, "office") == 0)
		return 0;
	if (strcmp(c->table, "unit") == 0 || csfilter_text(c, 0, key, sizeof key) == NULL) {
		r->all = true;
		return 0;
	}
	if (outbox_reach_inserted(r, c))
		return 0;
	int ret = outbox_case_office(r->db, c->table, key, NULL, &owner, &r->offices, d);
	if (ret == 0)
		r->all = true;  /* a table of no case: every office below */
	return ret < 0 ? -ret : 0;
}

/* The offices a changeset's rows belong to (own: it is the open transaction's, made just
 * now), as outbox.reach keeps them. */
static int
outbox_reach_of(struct db *db, const void *changeset, size_t len, bool own, char **reach,
    struct diag *d)
{
	struct outbox_reach r = { .db = db, .offices = SBUF_INIT, .own = own };

	*reach = NULL;
	sbuf_addc(&r.offices, '|');
	int ret = csfilter_walk(changeset, len, outbox_reach_one, &r, NULL, d);
	if (ret == 0 && !r.all)
		*reach = sbuf_take(&r.offices);
	sbuf_free(&r.offices);
	free(r.keys);
	return ret;
}

/* The offices a changeset's rows belong to, as outbox.reach keeps them ("|CODE|...|"; NULL,
 * caller frees, for a changeset that goes to every office below: a unit's change). 0 or a
 * code with d set. */
int
outbox_reach(struct db *db, const void *changeset, size_t len, char **reach, struct diag *d)
{
	/* another office's changeset: its rows may differ from this database's, which is asked */
	return outbox_reach_of(db, changeset, len, false, reach, d);
}

/* Store a changeset of len bytes as the next outbox row, inside the open transaction, with the
 * offices its rows belong to (what sync status counts as waiting for a township): known_reach
 * when the writer of its rows gave it (an import: outbox_reach_new_cases), else worked out
 * from the changeset. The changeset is bound without a copy (an import of 100,000 rows makes
 * one of 60 MB); the row's record still copies it once. Inserted as zeroblob and written with
 * blob I/O it is expanded all the same (reach, a column after it, makes SQLite write the zeros
 * out, twice: at 20,000 rows a peak of 97 MB against 86). */
int
outbox_store(struct db *db, const void *changeset, size_t len, const char *known_reach,
    struct diag *d)
{
	struct db_stmt *st = db_cached(db, "INSERT INTO outbox (epoch, at, changeset, reach) "
	    "VALUES (coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = "
	    "'sync_epoch'), 0), ?1, ?2, ?3)");
	char now[32], *reach = NULL;
	int ret;

	if (known_reach != NULL)
		reach = xstrdup(known_reach);
	else if ((ret = outbox_reach_of(db, changeset, len, true, &reach, d)) != 0)
		return ret;
	db_now(now);
	db_bind_text(st, 1, now);
	db_bind_blob_ref(st, 2, changeset, len);
	db_bind_text(st, 3, reach);
	ret = db_run(st, N_("writing the changes into the outbox"), d);
	free(reach);
	return ret;
}

/* The reach (as outbox.reach keeps it) of a changeset that only inserts new cases of office
 * (NULL: of none), each with its new household and records: what outbox_reach_of works out
 * for it (a household goes where its persons go, a record where its person goes), without
 * the walk. Caller frees. */
char *
outbox_reach_new_cases(const char *office)
{
	struct sbuf r = SBUF_INIT;

	sbuf_addc(&r, '|');
	if (office != NULL)
		sbuf_addf(&r, "%s|", office);
	return sbuf_take(&r);
}

/* Start recording db's write transactions into its outbox, when its schema has one. */
int
outbox_wire(struct db *db, struct diag *d)
{
	int64_t has = 0;
	int ret = db_query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
	    "name = 'outbox'", &has, N_("looking for the outbox"), d);

	if (ret == 0 && has > 0)
		db_set_outbox(db, outbox_tables, outbox_store);
	return ret;
}
