/* Notes on a case, with an optional follow-up date that the caseload shows: note_insert inside a
 * caller's transaction, note_add, note_done, note_cancel and note_move each as its own
 * (db_transaction). After every change the person's next_followup is the earliest open one. */
#include "core/note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/role.h"
#include "core/person.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* Set the person's next follow-up, inside the open transaction: the earliest open one, none
 * for a closed case (unless it is that already). */
int
note_refollow(struct db *db, const char *person_id, struct diag *d)
{
	int64_t now;

	now = db_now_ms();
	struct db_stmt *st = db_cached(db, "WITH n(day) AS (SELECT CASE WHEN p.stage = 'closed' "
	    "THEN NULL ELSE (SELECT min(followup_date) FROM note WHERE person_id = ?1 AND done = 0) "
	    "END FROM person p WHERE p.id = ?1) "
	    "UPDATE person SET next_followup = (SELECT day FROM n), updated_at = ?2 "
	    "WHERE id = ?1 AND next_followup IS NOT (SELECT day FROM n)");
	db_bind_text(st, 1, person_id);
	db_bind_int(st, 2, now);
	return db_run(st, "setting the follow-up", d);
}

/* Cancel every open follow-up of the person as of day `today` (a case closed), inside the open
 * transaction, and set the next follow-up again. */
int
note_close_followups(struct db *db, const char *person_id, int today, struct diag *d)
{
	int64_t now;
	char day[11];
	int ret;

	now = db_now_ms();
	struct db_stmt *st = db_cached(db, "UPDATE note SET done = 1, cancelled = 1, done_on = ?2, "
	    "updated_at = ?3 WHERE person_id = ?1 AND done = 0 AND followup_date IS NOT NULL");
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, date_format(today, day));
	db_bind_int(st, 3, now);
	if ((ret = db_run(st, "cancelling the follow-ups", d)) != 0)
		return ret;
	return note_refollow(db, person_id, d);
}

/* Check a follow-up date typed for day `today`: a real date, not in the past. */
static int
note_check_date(const char *followup, int today, struct diag *d)
{
	char day[11];
	int days;

	if (date_parse(followup, &days) != 0)
		return diag_set(d, EX_DATAERR, "follow-up: '%s' is not a date; expected YYYY-MM-DD",
		    followup);
	if (days < today)
		return diag_set(d, EX_DATAERR, "follow-up: %s is in the past (today is %s); choose "
		    "today or a later day", followup, date_format(today, day));
	return 0;
}

/* Check a note's text: lines of free text (field_text) separated by line breaks, the only place
 * a line break is stored; at most max bytes in all, and not blank. 0, or -1 with why. */
static int
note_check_body(const char *body, size_t max, char *why, size_t whylen)
{
	size_t len = strlen(body);

	if (len > max)
		return field_text(body, max, why, whylen);
	if (body[strspn(body, " \t\n")] == '\0') {
		snprintf(why, whylen, "%s", tr("is empty; write something"));
		return -1;
	}
	for (const char *p = body; ; ) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		int ret = field_text(line, max, why, whylen);
		free(line);
		if (ret != 0)
			return ret;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* Insert a note inside the open transaction and move the person's next follow-up. */
int
note_insert(struct db *db, const char *person_id, const char *body, const char *followup,
    int today, char **idp, struct diag *d)
{
	int64_t now;
	char why[256];
	int ret;

	if (idp != NULL)
		*idp = NULL;
	if (body == NULL)
		body = "";
	if (note_check_body(body, 4000, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "note: %s", why);
	if (followup != NULL && followup[0] == '\0')
		followup = NULL;
	if (followup != NULL && (ret = note_check_date(followup, today, d)) != 0)
		return ret;
	if (followup != NULL) {
		/* a closed case is followed up no more */
		struct db_stmt *cs = db_cached(db, "SELECT name FROM person WHERE id = ?1 AND "
		    "stage = 'closed'");
		db_bind_text(cs, 1, person_id);
		if ((ret = db_step(cs, "reading the case", d)) == DB_ROW)
			ret = diag_set(d, EX_DATAERR, "follow-up: the case of %s is closed; reopen it "
			    "to plan a follow-up, or write the note without one", db_col_text(cs, 0));
		db_reset(cs);
		if (ret != 0)
			return ret;
	}
	char *id = db_new_key(db);
	now = db_now_ms();
	struct db_stmt *st = db_cached(db, "INSERT INTO note (id, person_id, body, followup_date, "
	    "created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, person_id);
	char *nfc = utext_nfc(body);            /* stored in NFC */
	db_bind_text(st, 3, nfc);
	db_bind_text(st, 4, followup);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, db_user(db));
	ret = db_run(st, "adding the note", d);
	free(nfc);
	if (ret == 0)
		ret = note_refollow(db, person_id, d);
	if (ret == 0 && idp != NULL)
		*idp = id;
	else
		free(id);
	return ret;
}

/* What note_add writes. */
struct note_args {
	const char *key, *body, *followup;
	int today;
	char **id;
};

/* note_insert as transaction work, the person found by key first. */
static int
note_work(struct db *db, void *arg, struct diag *d)
{
	const struct note_args *a = arg;
	char *pid = NULL;
	int ret;

	if ((ret = person_resolve(db, a->key, &pid, d)) == 0 &&
	    (ret = role_check(db, ROLE_ACT_NOTE, pid, d)) == 0)
		ret = note_insert(db, pid, a->body, a->followup, a->today, a->id, d);
	free(pid);
	return ret;
}

/* Add a note in its own transaction. */
int
note_add(struct db *db, const char *key, const char *body, const char *followup, int today,
    char **id, struct diag *d)
{
	char typed[64];

	/* a date as typed: full-width digits and '－' from an input method, spaces around */
	if (followup != NULL && followup[0] != '\0') {
		field_ascii(followup, typed, sizeof typed, 1);
		followup = typed;
	}
	struct note_args a = { key, body, followup, today, id };
	int ret = db_transaction(db, note_work, &a, d);

	if (ret != 0 && id != NULL) {
		free(*id);  /* rolled back: there is no such note */
		*id = NULL;
	}
	return ret;
}

/* What to do with a follow-up. */
enum note_op { NOTE_DONE, NOTE_CANCEL, NOTE_MOVE };

/* One note_done, note_cancel or note_move. */
struct note_change {
	const char *note_id, *new_date;
	enum note_op op;
	int today;
};

/* Read a note whose follow-up is open: 0 and its person's id in *pid (caller frees), else
 * EX_DATAERR saying why it is not (no such note, no follow-up, done or cancelled on a day). */
static int
note_open_read(struct db *db, const char *note_id, char **pid, struct diag *d)
{
	char *fu = NULL, *done_on = NULL;
	int ret, done = 0, cancelled = 0;

	*pid = NULL;
	struct db_stmt *st = db_cached(db, "SELECT person_id, followup_date, done, cancelled, "
	    "done_on FROM note WHERE id = ?1");
	db_bind_text(st, 1, note_id);
	if ((ret = db_step(st, "reading the note", d)) == DB_ROW) {
		*pid = xstrdup(db_col_text(st, 0));
		fu = xstrdup(db_col_text(st, 1));
		done = db_col_int(st, 2) != 0;
		cancelled = db_col_int(st, 3) != 0;
		done_on = xstrdup(db_col_text(st, 4));
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "note %s: there is no such note", note_id);
	}
	db_reset(st);
	if (ret == 0 && fu == NULL)
		ret = diag_set(d, EX_DATAERR, "this note has no follow-up date; only a "
		    "follow-up is done, moved or cancelled");
	else if (ret == 0 && cancelled)
		ret = diag_set(d, EX_DATAERR, "the follow-up was cancelled on %s; it is no longer "
		    "open", done_on ? done_on : "-");
	else if (ret == 0 && done)
		ret = diag_set(d, EX_DATAERR, "the follow-up was done on %s; it is no longer open",
		    done_on ? done_on : "-");
	if (ret != 0) {
		free(*pid);
		*pid = NULL;
	}
	free(fu);
	free(done_on);
	return ret;
}

/* Whether a note's follow-up is open: 0, or EX_DATAERR saying why not. */
int
note_check_open(struct db *db, const char *note_id, struct diag *d)
{
	char *pid = NULL;
	int ret = note_open_read(db, note_id, &pid, d);

	free(pid);
	return ret;
}

/* Change a note's open follow-up inside the transaction, then the person's next follow-up. */
static int
note_change_work(struct db *db, void *arg, struct diag *d)
{
	const struct note_change *c = arg;
	int64_t now;
	char day[11], *pid = NULL;
	struct db_stmt *st;
	int ret;

	if ((ret = note_open_read(db, c->note_id, &pid, d)) != 0)
		return ret;
	if ((ret = role_check(db, ROLE_ACT_NOTE, pid, d)) != 0)
		goto out;
	if (c->op == NOTE_MOVE && (ret = note_check_date(c->new_date, c->today, d)) != 0)
		goto out;
	now = db_now_ms();
	if (c->op == NOTE_MOVE) {
		st = db_cached(db, "UPDATE note SET followup_date = ?2, updated_at = ?3 WHERE id = ?1");
		db_bind_text(st, 2, c->new_date);
	} else {
		st = db_cached(db, "UPDATE note SET done = 1, cancelled = ?2, done_on = ?4, "
		    "updated_at = ?3 WHERE id = ?1");
		db_bind_int(st, 2, c->op == NOTE_CANCEL);
		db_bind_text(st, 4, date_format(c->today, day));
	}
	db_bind_text(st, 1, c->note_id);
	db_bind_int(st, 3, now);
	if ((ret = db_run(st, "changing the follow-up", d)) == 0)
		ret = note_refollow(db, pid, d);
out:
	free(pid);
	return ret;
}

/* Mark a note's open follow-up done on day `today`, in one transaction. */
int
note_done(struct db *db, const char *note_id, int today, struct diag *d)
{
	struct note_change c = { note_id, NULL, NOTE_DONE, today };

	return db_transaction(db, note_change_work, &c, d);
}

/* Cancel a note's open follow-up on day `today`. */
int
note_cancel(struct db *db, const char *note_id, int today, struct diag *d)
{
	struct note_change c = { note_id, NULL, NOTE_CANCEL, today };

	return db_transaction(db, note_change_work, &c, d);
}

/* Move a note's open follow-up to new_date (not before today). */
int
note_move(struct db *db, const char *note_id, const char *new_date, int today, struct diag *d)
{
	char typed[64];

	if (new_date != NULL) {  /* as typed, as note_add takes it */
		field_ascii(new_date, typed, sizeof typed, 1);
		new_date = typed;
	}
	struct note_change c = { note_id, new_date, NOTE_MOVE, today };

	return db_transaction(db, note_change_work, &c, d);
}

/* The id of the person's next open follow-up note, or NULL when there is none. */
int
note_next_open(struct db *db, const char *person_id, char **note_id, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT id FROM note WHERE person_id = ?1 AND done = 0 "
	    "AND followup_date IS NOT NULL ORDER BY followup_date, created_at, id LIMIT 1");
	int ret;

	*note_id = NULL;
	db_bind_text(st, 1, person_id);
	if ((ret = db_step(st, "reading the follow-ups", d)) == DB_ROW) {
		*note_id = xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_reset(st);
	return ret;
}
