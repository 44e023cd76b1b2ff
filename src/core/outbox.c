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

#include "core/db.h"
#include "util/i18n.h"

/* The synced tables, NULL-terminated: the offices, the case tables and units. */
const char *const outbox_tables[] = {
	"office", "household", "person", "unit", "enrollment", "certificate", "insurance", "note",
	"decision", "correction", "sync_resolution", NULL,
};

/* Store a changeset of len bytes as the next outbox row, inside the open transaction. */
int
outbox_store(struct db *db, const void *changeset, size_t len, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "INSERT INTO outbox (epoch, at, changeset) VALUES "
	    "(coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'sync_epoch'), 0), "
	    "?1, ?2)");
	char now[32];

	db_now(now);
	db_bind_text(st, 1, now);
	db_bind_blob(st, 2, changeset, len);
	return db_run(st, N_("writing the changes into the outbox"), d);
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
