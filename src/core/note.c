/* Notes on a case, with an optional follow-up date that the caseload shows: note_insert inside a
 * caller's transaction, note_add as its own (db_transaction). */
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
	int days, ret;

	if (field_text(body, 4000, why, sizeof why) != 0 || body[0] == '\0')
		return diag_set(d, EX_DATAERR, "note: %s", body[0] ? why : "is empty; write something");
	if (followup != NULL && date_parse(followup, &days) != 0)
		return diag_set(d, EX_DATAERR, "follow-up: '%s' is not a date; expected YYYY-MM-DD",
		    followup);
	char *id = db_new_key(db);
	db_now(now);
	struct db_stmt *st = db_cached(db, "INSERT INTO note (id, person_id, body, followup_date, "
	    "created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, person_id);
	db_bind_text(st, 3, body);
	db_bind_text(st, 4, followup);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, db_user(db));
	ret = db_run(st, "adding the note", d);
	free(id);
	if (ret != 0)
		return ret;
	st = db_cached(db, "UPDATE person SET next_followup = (SELECT min(followup_date) FROM note "
	    "WHERE person_id = ?1 AND done = 0), updated_at = ?2 WHERE id = ?1 AND "
	    "next_followup IS NOT (SELECT min(followup_date) FROM note WHERE person_id = ?1 AND done = 0)");
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, now);
	return db_run(st, "setting the follow-up", d);
}

/* What note_add writes. */
struct note_args {
	const char *person_id, *body, *followup;
};

/* note_insert as transaction work. */
static int
note_work(struct db *db, void *arg, struct diag *d)
{
	const struct note_args *a = arg;

	return note_insert(db, a->person_id, a->body, a->followup, d);
}

/* Add a note in its own transaction. */
int
note_add(struct db *db, const char *person_id, const char *body, const char *followup,
    struct diag *d)
{
	struct note_args a = { person_id, body, followup };

	return db_transaction(db, note_work, &a, d);
}
