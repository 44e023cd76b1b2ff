/* The decisions on benefits: reading them (one query over decision and person, each item of a
 * list said in words by facts_row_describe), and four eyes on money: approve, reject, revoke,
 * paid (one by one or from finance's file), each a db_transaction reading the status inside. */
#include "core/decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/role.h"
#include "core/facts.h"
#include "core/label.h"
#include "core/notice.h"
#include "core/person.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/sbuf.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* The decisions, newest first, of one status and one person when those are given. */
int
decision_list(struct db *db, const char *status, const char *person_key, struct rows *out,
    struct diag *d)
{
	const char *cells[DL_NCOL];
	char *pid = NULL;
	int ret;

	rows_init(out, DL_NCOL);
	if (person_key != NULL && (ret = person_resolve(db, person_key, &pid, d)) != 0)
		return ret;
	/* a fixed condition for each filter given, so that one person's decisions are read through
	 * decision_person and one status's through decision_status, not by reading them all */
	struct sbuf sql = SBUF_INIT;
	sbuf_add(&sql, "SELECT d.id, d.decided_on, d.person_id, p.name, p.id_number, d.policy_id, "
	    "d.subject, d.subject_key, d.outcome, d.amount_fen, d.status, d.counselor, d.approved_by, "
	    "d.policy_hash, jd_ts(d.created_at), d.approved_at, d.reason, d.paid_on, d.payment_ref "
	    "FROM decision d JOIN person p ON p.id = d.person_id "
	    "WHERE 1 ");
	if (status != NULL)
		sbuf_add(&sql, "AND d.status = ?1 ");
	if (pid != NULL)
		sbuf_add(&sql, "AND d.person_id = ?2 ");
	sbuf_add(&sql, "ORDER BY d.decided_on DESC, d.created_at DESC, d.id DESC");
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, pid);
	while ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		char *item = NULL;
		struct diag ignored = DIAG_INIT;
		char masked[19];
		for (int j = 0; j < DL_ITEM; j++)
			cells[j] = db_col_text(st, j);
		if (!role_whole_ids(db) && cells[DL_ID_NUMBER] != NULL) {
			idnum_mask(cells[DL_ID_NUMBER], masked);   /* a list, for a role that may not copy */
			cells[DL_ID_NUMBER] = masked;
		}
		/* an item removed since is said as none, not as a failure of the list */
		if (cells[DL_SUBJECT_KEY] != NULL)
			facts_row_describe(db, cells[DL_SUBJECT_KEY], &item, &ignored);
		cells[DL_ITEM] = item;
		rows_add(out, cells);
		free(item);
	}
	db_finalize(st);
	free(pid);
	return ret;
}

/* One decision as a change reads it, inside the transaction. */
struct decision_row {
	char *id, *status, *counselor, *approved_by, *approved_at, *paid_on, *payment_ref;
	char *decided_on, *policy_id, *person_id;
	bool has_amount;
	char number[NOTICE_NUMBER_LEN];  /* the short number its notice prints */
};

/* Free what decision_read filled in. */
static void
decision_row_clear(struct decision_row *r)
{
	free(r->id);
	free(r->status);
	free(r->counselor);
	free(r->approved_by);
	free(r->approved_at);
	free(r->paid_on);
	free(r->payment_ref);
	free(r->decided_on);
	free(r->policy_id);
	free(r->person_id);
	memset(r, 0, sizeof *r);
}

/* Read the decision KEY (its id or short number) into r: 0, or EX_DATAERR naming it. */
static int
decision_read(struct db *db, const char *key, struct decision_row *r, struct diag *d)
{
	int ret;

	memset(r, 0, sizeof *r);
	if ((ret = notice_resolve(db, key, &r->id, d)) != 0)
		return ret;
	struct db_stmt *st = db_cached(db, "SELECT status, counselor, approved_by, approved_at, "
	    "paid_on, payment_ref, decided_on, policy_id, amount_fen IS NOT NULL, person_id "
	    "FROM decision WHERE id = ?1");
	db_bind_text(st, 1, r->id);
	if ((ret = db_step(st, "reading the decision", d)) == DB_ROW) {
		r->status = xstrdup(db_col_text(st, 0));
		r->counselor = xstrdup(db_col_text(st, 1));
		r->approved_by = xstrdup(db_col_text(st, 2));
		r->approved_at = xstrdup(db_col_text(st, 3));
		r->paid_on = xstrdup(db_col_text(st, 4));
		r->payment_ref = xstrdup(db_col_text(st, 5));
		r->decided_on = xstrdup(db_col_text(st, 6));
		r->policy_id = xstrdup(db_col_text(st, 7));
		r->has_amount = db_col_int(st, 8) != 0;
		r->person_id = xstrdup(db_col_text(st, 9));
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "no decision %s: give a decision id (decision list) or "
		    "its short number, as XXXX-XXXX", key);
	}
	db_reset(st);
	notice_number(r->id, r->number);
	return ret;
}

/* Refuse a change to a decision that is not in a status allowing it: EX_DATAERR saying what it
 * is (already approved, by whom and when; paid on a day; or its status in words). */
static int
decision_not_now(const struct decision_row *r, struct diag *d)
{
	char when[32];

	if (strcmp(r->status, "approved") == 0 && r->approved_by != NULL)
		return diag_set(d, EX_DATAERR, "decision %s was already approved by %s on %s",
		    r->number, r->approved_by, label_time(r->approved_at, when, sizeof when));
	if (strcmp(r->status, "approved") == 0)
		return diag_set(d, EX_DATAERR, "decision %s was already approved: its amount is below "
		    "the office's threshold", r->number);
	if (strcmp(r->status, "paid") == 0)
		return diag_set(d, EX_DATAERR, "decision %s was already paid on %s", r->number,
		    r->paid_on);
	if (strcmp(r->status, "decided") == 0)
		return diag_set(d, EX_DATAERR, "decision %s pays nothing: it was decided when it was "
		    "recorded and needs no approval or payment", r->number);
	return diag_set(d, EX_DATAERR, "decision %s is %s; this change does not apply to it", r->number,
	    notice_status(r->status));
}

/* Check a reason given for a rejection or revocation: one line of text, 1 to 500 bytes. */
static int
decision_reason(const char *reason, struct diag *d)
{
	char why[256];

	if (reason == NULL || reason[0] == '\0' || strspn(reason, " \t") == strlen(reason))
		return diag_set(d, EX_DATAERR, "reason: is required; say why");
	if (field_text(reason, 500, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "reason: %s", why);
	return 0;
}

/* One change asked of a decision. */
struct decision_change {
	enum { DC_APPROVE, DC_REJECT, DC_REVOKE, DC_PAID } what;
	const char *key, *reason, *ref;
	int paid_on, today;
};

/* Record a payment on decision r (read inside the transaction), checked. */
static int
decision_pay(struct db *db, const struct decision_row *r, int paid_on, const char *ref, int today,
    struct diag *d)
{
	char day[11], now[32], why[256];
	int decided;

	if (strcmp(r->status, "approved") != 0) {
		if (strcmp(r->status, "proposed") == 0)
			return diag_set(d, EX_DATAERR, "decision %s is not approved yet: it is paid only "
			    "once approved", r->number);
		return decision_not_now(r, d);
	}
	date_format(paid_on, day);
	if (paid_on > today)
		return diag_set(d, EX_DATAERR, "paid on %s: a payment is recorded once made, not before "
		    "(today is %s)", day, date_format(today, now));
	if (date_parse(r->decided_on, &decided) == 0 && paid_on < decided)
		return diag_set(d, EX_DATAERR, "paid on %s: before decision %s was made (%s)", day,
		    r->number, r->decided_on);
	if (ref != NULL && (ref[0] == '\0' || field_text(ref, 64, why, sizeof why) != 0))
		return diag_set(d, EX_DATAERR, "payment reference: %s", ref[0] == '\0' ?
		    tr("is empty") : why);
	int64_t ms = db_now_ms();
	db_ms_text(ms, now);
	struct db_stmt *st = db_cached(db, "UPDATE decision SET status = 'paid', paid_on = ?2, "
	    "payment_ref = ?3, paid_by = ?4, paid_at = ?5, updated_at = ?6 WHERE id = ?1 AND "
	    "status = 'approved'");
	db_bind_text(st, 1, r->id);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, ref);
	db_bind_text(st, 4, db_user(db));
	db_bind_text(st, 5, now);
	db_bind_int(st, 6, ms);
	return db_run(st, "recording the payment", d);
}

/* Apply one change inside the write transaction, the status read there. */
static int
decision_change_work(struct db *db, void *arg, struct diag *d)
{
	struct decision_change *c = arg;
	struct decision_row r;
	char now[32];
	int ret;

	/* who may: a supervisor or admin of the case's office (core/role.c) */
	static const enum role_act act[] = { [DC_APPROVE] = ROLE_ACT_DECISION_APPROVE,
		[DC_REJECT] = ROLE_ACT_DECISION_APPROVE, [DC_REVOKE] = ROLE_ACT_DECISION_REVOKE,
		[DC_PAID] = ROLE_ACT_DECISION_PAID };
	if ((ret = decision_read(db, c->key, &r, d)) != 0 ||
	    (ret = role_check(db, act[c->what], r.person_id, d)) != 0)
		goto out;
	if (c->what == DC_PAID) {
		ret = decision_pay(db, &r, c->paid_on, c->ref, c->today, d);
		goto out;
	}
	bool live = strcmp(r.status, "proposed") == 0 || strcmp(r.status, "approved") == 0 ||
	    strcmp(r.status, "decided") == 0;
	if (c->what != DC_REVOKE && strcmp(r.status, "proposed") != 0) {
		ret = decision_not_now(&r, d);
		goto out;
	}
	if (c->what == DC_REVOKE && !live) {
		ret = decision_not_now(&r, d);
		goto out;
	}
	/* four eyes: the one who proposed it neither approves nor rejects it */
	if (c->what != DC_REVOKE && strcmp(r.counselor, db_user(db)) == 0) {
		ret = diag_set(d, EX_DATAERR, "decision %s is your own proposal: someone else approves "
		    "or rejects it", r.number);
		goto out;
	}
	static const char *const sql[] = {
		[DC_APPROVE] = "UPDATE decision SET status = 'approved', approved_by = ?2, "
		    "approved_at = ?3, updated_at = ?5 WHERE id = ?1",
		[DC_REJECT] = "UPDATE decision SET status = 'rejected', rejected_by = ?2, "
		    "rejected_at = ?3, reason = ?4, updated_at = ?5 WHERE id = ?1",
		[DC_REVOKE] = "UPDATE decision SET status = 'revoked', revoked_by = ?2, "
		    "revoked_at = ?3, reason = ?4, updated_at = ?5 WHERE id = ?1",
	};
	char *nfc = c->reason != NULL ? utext_nfc(c->reason) : NULL;  /* stored in NFC */
	int64_t ms = db_now_ms();
	db_ms_text(ms, now);
	struct db_stmt *st = db_cached(db, sql[c->what]);
	db_bind_text(st, 1, r.id);
	db_bind_text(st, 2, db_user(db));
	db_bind_text(st, 3, now);
	db_bind_int(st, 5, ms);
	if (c->what != DC_APPROVE)
		db_bind_text(st, 4, nfc);
	ret = db_run(st, "changing the decision", d);
	free(nfc);
out:
	decision_row_clear(&r);
	return ret;
}

/* Approve a proposed decision: not one's own proposal. */
int
decision_approve(struct db *db, const char *key, struct diag *d)
{
	struct decision_change c = { .what = DC_APPROVE, .key = key };

	return db_transaction(db, decision_change_work, &c, d);
}

/* Reject a proposed decision with a reason: not one's own proposal. */
int
decision_reject(struct db *db, const char *key, const char *reason, struct diag *d)
{
	struct decision_change c = { .what = DC_REJECT, .key = key, .reason = reason };
	int ret;

	if ((ret = decision_reason(reason, d)) != 0)
		return ret;
	return db_transaction(db, decision_change_work, &c, d);
}

/* Revoke a live decision with a reason. */
int
decision_revoke(struct db *db, const char *key, const char *reason, struct diag *d)
{
	struct decision_change c = { .what = DC_REVOKE, .key = key, .reason = reason };
	int ret;

	if ((ret = decision_reason(reason, d)) != 0)
		return ret;
	return db_transaction(db, decision_change_work, &c, d);
}

/* Record an approved decision paid on a day. */
int
decision_paid(struct db *db, const char *key, int paid_on, const char *ref, int today,
    struct diag *d)
{
	struct decision_change c = { .what = DC_PAID, .key = key, .ref = ref, .paid_on = paid_on,
	    .today = today };

	return db_transaction(db, decision_change_work, &c, d);
}

/* One import of finance's file. */
struct decision_file {
	const char *path;
	int today, n;
};

/* Read and record every row of finance's file inside the transaction; the first bad row ends
 * it, named FILE:LINE (the transaction rolls back: nothing is written). */
static int
decision_file_work(struct db *db, void *arg, struct diag *d)
{
	struct decision_file *f = arg;
	struct csv r;
	int ret, got, day;

	if ((ret = csv_open(&r, f->path, d)) != 0)
		return ret;
	while ((got = csv_next(&r, d)) == 1) {
		/* a first line of headers: its second cell is not a date */
		if (r.line == 1 && (r.n < 2 || date_parse(r.cells[1], &day) != 0))
			continue;
		if (r.n == 1 && r.cells[0][0] == '\0')
			continue;  /* an empty line */
		if (r.n < 2 || r.n > 3) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: expected decision number, paid on and "
			    "reference (3 cells), found %d", f->path, r.line, r.n);
			break;
		}
		if (date_parse(r.cells[1], &day) != 0) {
			ret = diag_set(d, EX_DATAERR, "%s:%ld: paid on %s: expected a date YYYY-MM-DD",
			    f->path, r.line, r.cells[1]);
			break;
		}
		struct decision_change c = { .what = DC_PAID, .key = csv_plain(r.cells[0]),
		    .ref = r.n == 3 && r.cells[2][0] != '\0' ? csv_plain(r.cells[2]) : NULL,
		    .paid_on = day, .today = f->today };
		if ((ret = decision_change_work(db, &c, d)) != 0) {
			char why[sizeof d->msg];
			snprintf(why, sizeof why, "%s", d->msg);
			ret = diag_set(d, ret, "%s:%ld: %s; nothing was recorded", f->path, r.line, why);
			break;
		}
		f->n++;
	}
	if (got < 0 && ret == 0)
		ret = EX_DATAERR;
	csv_close(&r);
	return ret;
}

/* Record finance's file of payments: all or nothing. */
int
decision_paid_file(struct db *db, const char *path, int today, int *n, struct diag *d)
{
	struct decision_file f = { .path = path, .today = today };
	int ret = db_transaction(db, decision_file_work, &f, d);

	*n = ret == 0 ? f.n : 0;
	return ret;
}

/* The office's threshold in fen. */
int
decision_threshold(struct db *db, int64_t *fen, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT CAST(value AS INTEGER) FROM setting "
	    "WHERE key = '" DECISION_THRESHOLD_KEY "'");
	int ret;

	*fen = 0;
	if ((ret = db_step(st, "reading the approval threshold", d)) == DB_ROW) {
		*fen = db_col_int(st, 0) > 0 ? db_col_int(st, 0) : 0;
		ret = 0;
	}
	db_reset(st);
	return ret;
}

/* Write the threshold inside the transaction. */
static int
decision_threshold_work(struct db *db, void *arg, struct diag *d)
{
	char v[32];
	struct db_stmt *st = db_cached(db, "INSERT INTO setting (key, value) VALUES ('"
	    DECISION_THRESHOLD_KEY "', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	snprintf(v, sizeof v, "%lld", (long long)*(const int64_t *)arg);
	db_bind_text(st, 1, v);
	return db_run(st, "setting the approval threshold", d);
}

/* Set the threshold. */
int
decision_set_threshold(struct db *db, int64_t fen, struct diag *d)
{
	int ret;

	if (fen < 0)
		return diag_set(d, EX_DATAERR, "the approval threshold cannot be negative");
	if ((ret = role_check(db, ROLE_ACT_OFFICE_SETTINGS, NULL, d)) != 0)
		return ret;
	return db_transaction(db, decision_threshold_work, &fen, d);
}

/* The status a new decision takes. */
int
decision_new_status(struct db *db, bool has_amount, int64_t amount_fen, const char **status,
    struct diag *d)
{
	int64_t threshold;
	int ret;

	*status = "decided";
	if (!has_amount)
		return 0;
	if ((ret = decision_threshold(db, &threshold, d)) != 0)
		return ret;
	*status = amount_fen < threshold ? "approved" : "proposed";
	return 0;
}
