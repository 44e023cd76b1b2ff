/* Notes on a case, with an optional follow-up date that the caseload shows. */
#include "core/note.h"

#include <stdlib.h>

#include "core/db.h"
#include "util/date.h"
#include "util/field.h"
#include "util/xalloc.h"

/* Insert a note inside the open transaction and move the person's next follow-up. */
int
note_insert(struct db *db, const char *person_id, const char *body, const char *followup,
    struct diag *d)
{
	char why[256], now[32];
	int days, rc;

	if (field_text(body, 4000, why, sizeof why) != 0 || body[0] == '\0')
		return diag_set(d, EX_DATAERR, "note: %s", body[0] ? why : "is empty; write something");
	if (followup != NULL && date_parse(followup, &days) != 0)
		return diag_set(d, EX_DATAERR, "follow-up: '%s' is not a date; expected YYYY-MM-DD",
		    followup);
	char *id = db_new_key(db);
	db_now(now);
	sqlite3_stmt *st = db_cached(db, "INSERT INTO note (id, person_id, body, followup_date, "
	    "created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, person_id);
	db_bind_text(st, 3, body);
	db_bind_text(st, 4, followup);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, db->user);
	rc = sqlite3_step(st);
	sqlite3_reset(st);  /* kept prepared: release it */
	free(id);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "adding the note", d);
	st = db_cached(db, "UPDATE person SET next_followup = (SELECT min(followup_date) FROM note "
	    "WHERE person_id = ?1 AND done = 0), updated_at = ?2 WHERE id = ?1 AND "
	    "next_followup IS NOT (SELECT min(followup_date) FROM note WHERE person_id = ?1 AND done = 0)");
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);  /* kept prepared: release it */
	return rc == SQLITE_DONE ? 0 : db_error(db, rc, "setting the follow-up", d);
}

/* Add a note in its own transaction. */
int
note_add(struct db *db, const char *person_id, const char *body, const char *followup,
    struct diag *d)
{
	int ret = db_begin(db, d);

	if (ret != 0)
		return ret;
	if ((ret = note_insert(db, person_id, body, followup, d)) != 0) {
		db_rollback(db);
		return ret;
	}
	return db_commit(db, d);
}
