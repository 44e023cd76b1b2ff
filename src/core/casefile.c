/* The lists of one case for the person screen: progress, certificates, notes, decisions, history.
 * Each is one query through the wrapper (core/db.h), its rows copied out as text. */
#include "core/casefile.h"

#include "core/db.h"
#include "util/sbuf.h"

/* Run a query with the person id bound as ?1 and collect every row as text. */
static int
casefile_query(struct db *db, const char *sql, const char *person_id, int ncol, struct rows *out,
    struct diag *d)
{
	struct db_stmt *st = db_prepare(db, sql);
	const char *cells[32];
	int ret;

	rows_init(out, ncol);
	db_bind_text(st, 1, person_id);
	while ((ret = db_step(st, "reading the case", d)) == DB_ROW) {
		for (int j = 0; j < ncol; j++)
			cells[j] = db_col_text(st, j);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}

/* Collect the id and every column of a progress table (as progress_fields lists them) of the
 * person's rows: "SELECT id, <columns> FROM <tail>". */
static int
casefile_progress(struct db *db, enum progress_table t, const char *tail, const char *person_id,
    int ncol, struct rows *out, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;

	sbuf_add(&sql, "SELECT id, ");
	progress_columns(&sql, t);
	sbuf_add(&sql, tail);
	int ret = casefile_query(db, sbuf_str(&sql), person_id, ncol, out, d);
	sbuf_free(&sql);
	return ret;
}

/* The person's enrollments, newest start first. */
int
casefile_enrollments(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_progress(db, PGT_ENROLLMENT, " FROM enrollment WHERE person_id = ?1 "
	    "ORDER BY start_date DESC, id DESC", person_id, EN_NCOL, out, d);
}

/* The person's certificates, newest first. */
int
casefile_certificates(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_progress(db, PGT_CERTIFICATE, " FROM certificate WHERE person_id = ?1 "
	    "ORDER BY issued_on DESC, id DESC", person_id, CE_NCOL, out, d);
}

/* The person's notes, newest first. */
int
casefile_notes(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_query(db, "SELECT id, created_at, created_by, body, followup_date, done, "
	    "cancelled, done_on FROM note WHERE person_id = ?1 ORDER BY created_at DESC, id DESC", person_id, NO_NCOL,
	    out, d);
}

/* The person's decisions, newest first. */
int
casefile_decisions(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_query(db, "SELECT id, decided_on, policy_id, subject, outcome, amount_fen, "
	    "status, counselor FROM decision WHERE person_id = ?1 ORDER BY decided_on DESC, id DESC",
	    person_id, DE_NCOL, out, d);
}

/* The audit trail of the person and their rows, newest first (at most 200). */
int
casefile_history(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_query(db, "SELECT at, actor, tbl, op, row_key FROM audit WHERE "
	    "(tbl = 'person' AND row_key = ?1) "
	    "OR (tbl = 'enrollment' AND row_key IN (SELECT id FROM enrollment WHERE person_id = ?1)) "
	    "OR (tbl = 'certificate' AND row_key IN (SELECT id FROM certificate WHERE person_id = ?1)) "
	    "OR (tbl = 'note' AND row_key IN (SELECT id FROM note WHERE person_id = ?1)) "
	    "OR (tbl = 'decision' AND row_key IN (SELECT id FROM decision WHERE person_id = ?1)) "
	    "OR (tbl = 'insurance' AND row_key IN (SELECT id FROM insurance WHERE person_id = ?1)) "
	    "OR (tbl = 'household' AND row_key IN (SELECT household_id FROM person WHERE id = ?1)) "
	    "ORDER BY at DESC LIMIT 200", person_id, HI_NCOL, out, d);
}

/* The corrections of the person's progress and certificates, newest first. */
int
casefile_corrections(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_query(db, "SELECT created_at, created_by, tbl, op, reason, row_key "
	    "FROM correction WHERE person_id = ?1 ORDER BY created_at DESC, id DESC", person_id,
	    CO_NCOL, out, d);
}
