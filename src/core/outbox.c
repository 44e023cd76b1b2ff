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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csfilter.h"
#include "core/db.h"
#include "util/i18n.h"
#include "util/sbuf.h"

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

/* What outbox_reach collects: the offices named, and whether a change goes to every office. */
struct outbox_reach {
	struct db *db;
	struct sbuf offices;     /* "|CODE|CODE|" */
	bool all;
};

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
	int ret = outbox_case_office(r->db, c->table, key, NULL, &owner, &r->offices, d);
	if (ret == 0)
		r->all = true;  /* a table of no case: every office below */
	return ret < 0 ? -ret : 0;
}

/* The offices a changeset's rows belong to, as outbox.reach keeps them ("|CODE|...|"; NULL,
 * caller frees, for a changeset that goes to every office below: a unit's change). 0 or a
 * code with d set. */
int
outbox_reach(struct db *db, const void *changeset, size_t len, char **reach, struct diag *d)
{
	struct outbox_reach r = { db, SBUF_INIT, false };

	*reach = NULL;
	sbuf_addc(&r.offices, '|');
	int ret = csfilter_walk(changeset, len, outbox_reach_one, &r, NULL, d);
	if (ret == 0 && !r.all)
		*reach = sbuf_take(&r.offices);
	sbuf_free(&r.offices);
	return ret;
}

/* Store a changeset of len bytes as the next outbox row, inside the open transaction, with the
 * offices its rows belong to (what sync status counts as waiting for a township). */
int
outbox_store(struct db *db, const void *changeset, size_t len, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "INSERT INTO outbox (epoch, at, changeset, reach) "
	    "VALUES (coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = "
	    "'sync_epoch'), 0), ?1, ?2, ?3)");
	char now[32], *reach = NULL;
	int ret;

	if ((ret = outbox_reach(db, changeset, len, &reach, d)) != 0)
		return ret;
	db_now(now);
	db_bind_text(st, 1, now);
	db_bind_blob(st, 2, changeset, len);
	db_bind_text(st, 3, reach);
	ret = db_run(st, N_("writing the changes into the outbox"), d);
	free(reach);
	return ret;
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
