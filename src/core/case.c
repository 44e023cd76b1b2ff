/* A case's lifecycle: close and reopen, transfer to another counselor or office, merge two
 * records of one person. Each action is one db_transaction; the audit triggers record every
 * row it changes. */
#include "core/case.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/label.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/role.h"
#include "core/snapshot.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* The reasons a case is closed, as stored. */
const char case_reasons[] = "employed|moved_away|deceased|duplicate|not_seeking|other";

/* Each reason and how a counselor reads it. */
static const struct {
	const char *reason, *label;
} case_reason_labels[] = {
	{ "employed", N_("employed") },
	{ "moved_away", N_("moved away") },
	{ "deceased", N_("deceased") },
	{ "duplicate", N_("duplicate") },
	{ "not_seeking", N_("not seeking") },
	{ "other", N_("other") },
};

/* The label of a closure reason (a message id), or NULL when the text is not one. */
const char *
case_reason_label(const char *reason)
{
	for (size_t i = 0; reason != NULL && i < sizeof case_reason_labels /
	    sizeof *case_reason_labels; i++)
		if (strcmp(case_reason_labels[i].reason, reason) == 0)
			return case_reason_labels[i].label;
	return NULL;
}

/* The record a key names, merged away or not. */
int
case_find(struct db *db, const char *key, struct case_info *c, struct diag *d)
{
	char norm[128];
	int ret;

	memset(c, 0, sizeof *c);
	person_key(key, norm, sizeof norm);
	struct db_stmt *st = db_prepare(db, "SELECT id, id_number, name, sex, birth_date, stage, "
	    "counselor, closed_reason, closed_on, closed_note, merged_into FROM person "
	    "WHERE id = ?1 OR id_number = ?1");
	db_bind_text(st, 1, norm);
	ret = db_step(st, "loading the person", d);
	if (ret == DB_ROW) {
		char **f[] = { &c->id, &c->id_number, &c->name, &c->sex, &c->birth_date, &c->stage,
		    &c->counselor, &c->closed_reason, &c->closed_on, &c->closed_note, &c->merged_into };
		for (int i = 0; i < (int)(sizeof f / sizeof *f); i++)
			*f[i] = xstrdup(db_col_text(st, i));
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "%s: no such person; give a case id or an 18-digit ID "
		    "number (find one with: jobdesk search)", key);
	}
	db_finalize(st);
	return ret;
}

/* Free the strings of a case_info. */
void
case_info_clear(struct case_info *c)
{
	free(c->id);
	free(c->id_number);
	free(c->name);
	free(c->sex);
	free(c->birth_date);
	free(c->stage);
	free(c->counselor);
	free(c->closed_reason);
	free(c->closed_on);
	free(c->closed_note);
	free(c->merged_into);
	memset(c, 0, sizeof *c);
}

/* Read a case inside the transaction and refuse one merged into another: its survivor is the
 * case to act on. */
static int
case_live(struct db *db, const char *person_id, struct case_info *c, struct diag *d)
{
	int ret = case_find(db, person_id, c, d);

	if (ret == 0 && c->merged_into != NULL)
		ret = diag_set(d, EX_DATAERR, "%s (%s) was merged into case %s; act on that case "
		    "instead", c->name, c->id, c->merged_into);
	return ret;
}

/* Run one statement with text parameters (NULL binds NULL) and the time now (unix
 * milliseconds, for updated_at) as the last. */
static int
case_exec(struct db *db, const char *sql, const char *what, struct diag *d, int n, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	va_list ap;
	int ret;

	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		db_bind_text(st, i, va_arg(ap, const char *));
	va_end(ap);
	db_bind_int(st, n + 1, db_now_ms());
	ret = db_run(st, what, d);
	db_finalize(st);
	return ret;
}

/* What case_close writes. */
struct case_close_args {
	const char *person_id, *reason, *note;
	char day[11];
	int today;
};

/* case_close's work inside its transaction. */
static int
case_close_work(struct db *db, void *arg, struct diag *d)
{
	struct case_close_args *a = arg;
	struct case_info c;
	int ret = case_live(db, a->person_id, &c, d);

	if (ret == 0)
		ret = role_check(db, ROLE_ACT_CASE_CLOSE, c.id, d);
	if (ret == 0 && strcmp(c.stage, "closed") == 0)
		ret = diag_set(d, EX_DATAERR, "%s (%s) is already closed (%s, on %s); reopen it first "
		    "to close it again", c.name, c.id, tr(case_reason_label(c.closed_reason) ?
		    case_reason_label(c.closed_reason) : "closed"), c.closed_on ? c.closed_on : "?");
	if (ret == 0)
		ret = case_exec(db, "UPDATE person SET stage = 'closed', closed_reason = ?2, "
		    "closed_on = ?3, closed_note = ?4, updated_at = ?5 WHERE id = ?1",
		    "closing the case", d, 4, c.id, a->reason, a->day, a->note);
	/* a closed case is followed up no more */
	if (ret == 0)
		ret = note_close_followups(db, c.id, a->today, d);
	case_info_clear(&c);
	return ret;
}

/* Close a case with a reason as of today. */
int
case_close(struct db *db, const char *person_id, const char *reason, const char *note,
    int today, struct diag *d)
{
	struct case_close_args a = { person_id, reason, note, "", today };
	char why[256];

	if (reason == NULL || case_reason_label(reason) == NULL)
		return diag_set(d, EX_DATAERR, "reason: '%s' is not a reason to close a case; expected "
		    "one of %s", reason ? reason : "", case_reasons);
	if (note != NULL && note[0] == '\0')
		a.note = note = NULL;
	if (note == NULL && strcmp(reason, "other") == 0)
		return diag_set(d, EX_DATAERR, "note: is required when the reason is 'other'; say "
		    "why the case is closed");
	if (note != NULL && field_text(note, 2000, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "note: %s", why);
	if (note != NULL && (strchr(note, '\n') != NULL || strchr(note, '\t') != NULL))
		return diag_set(d, EX_DATAERR, "note: has a line break or tab; expected one line");
	if (note != NULL && utf8_len(note) > 500)
		return diag_set(d, EX_DATAERR, "note: is %zu characters long; at most 500 fit",
		    utf8_len(note));
	date_format(today, a.day);
	char *nfc = note != NULL ? utext_nfc(note) : NULL;     /* stored in NFC */
	a.note = nfc;
	int ret = db_transaction(db, case_close_work, &a, d);
	free(nfc);
	return ret;
}

/* case_reopen's work: clear the closure, then the stage from progress. */
static int
case_reopen_work(struct db *db, void *arg, struct diag *d)
{
	struct case_info c;
	int ret = case_live(db, arg, &c, d);

	if (ret == 0)
		ret = role_check(db, ROLE_ACT_CASE_CLOSE, c.id, d);
	if (ret == 0 && strcmp(c.stage, "closed") != 0)
		ret = diag_set(d, EX_DATAERR, "%s (%s) is not closed; there is nothing to reopen",
		    c.name, c.id);
	if (ret == 0)
		ret = case_exec(db, "UPDATE person SET stage = 'registered', closed_reason = NULL, "
		    "closed_on = NULL, closed_note = NULL, updated_at = ?2 WHERE id = ?1",
		    "reopening the case", d, 1, c.id);
	if (ret == 0)
		ret = progress_restage(db, c.id, d);
	if (ret == 0)
		ret = note_refollow(db, c.id, d);
	case_info_clear(&c);
	return ret;
}

/* Reopen a closed case. */
int
case_reopen(struct db *db, const char *person_id, struct diag *d)
{
	return db_transaction(db, case_reopen_work, (void *)person_id, d);
}

/* This database's own office id as SQL (the office whose code is the setting office_code). */
#define CASE_HOME "(SELECT id FROM office WHERE code = (SELECT value FROM setting WHERE key = " \
	"'office_code'))"

/* What case_transfer writes. */
struct case_transfer_args {
	const char *person_id, *to;
};

/* The offices a case may move to, as SQL: this database's own, the one above it, each trusted
 * office whose row has arrived, and the other offices below the one above (a county sends its
 * townships each other's office rows) (?1: a code to look for, or NULL for all of them). */
#define CASE_OFFICES "SELECT code FROM office WHERE (?1 IS NULL OR code = ?1) AND (id = " \
	CASE_HOME " OR id = (SELECT parent_id FROM office WHERE id = " CASE_HOME ") OR parent_id " \
	"= (SELECT parent_id FROM office WHERE id = " CASE_HOME ") OR id IN (SELECT office_id " \
	"FROM sync_peer)) ORDER BY code"

/* Whether to is the code of an office a case may move to (CASE_OFFICES): 1, 0, or a code. */
static int
case_office_known(struct db *db, const char *to, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, CASE_OFFICES);
	int ret;

	db_bind_text(st, 1, to);
	ret = db_step(st, N_("reading the offices"), d);
	db_finalize(st);
	return ret == DB_ROW ? 1 : ret;
}

/* The codes of the offices a case may move to, comma-separated, into out (for a refusal). */
static int
case_office_codes(struct db *db, struct sbuf *out, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, CASE_OFFICES);
	int ret;

	db_bind_null(st, 1);
	while ((ret = db_step(st, N_("reading the offices"), d)) == DB_ROW)
		sbuf_addf(out, "%s%s", out->len > 0 ? ", " : "", db_col_text(st, 0));
	db_finalize(st);
	if (ret == 0 && out->len == 0)
		sbuf_addf(out, "-");
	return ret;
}

/* Move case c to office `to` (a code case_office_known accepted): its office changes, its
 * counselor is cleared (the receiving office's supervisor hands it to one of theirs: our logins
 * mean nothing there), and when the office is one below this one (whose bundles this outbox
 * makes) a snapshot of every synced row of the case goes into the outbox before the change
 * itself, so that the office receives the rows it never had. A move to the office above needs
 * none: that office holds every row this one sent it, and relays the case to a township below
 * it with its own snapshot (core/bundle.c). */
static int
case_transfer_office(struct db *db, const struct case_info *c, const char *to, struct diag *d)
{
	int64_t here = 0, below = 0;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce((SELECT office_id = ?2 FROM person "
	    "WHERE id = ?1), 0), coalesce((SELECT parent_id = " CASE_HOME " FROM office WHERE id = "
	    "?2), 0)");
	int ret;

	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, to);
	if ((ret = db_step(st, N_("reading the offices"), d)) == DB_ROW) {
		here = db_col_int(st, 0);
		below = db_col_int(st, 1);
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0)
		return ret;
	if (here)
		return diag_set(d, EX_DATAERR, "%s (%s) is already a case of office %s; name another "
		    "office", c->name, c->id, to);
	ret = case_exec(db, "UPDATE person SET office_id = ?2, counselor = NULL, updated_at = ?3 "
	    "WHERE id = ?1", "transferring the case", d, 2, c->id, to);
	if (ret == 0 && below) {
		const char *ids[] = { c->id };
		struct snapshot_sel sel = { .ids = ids, .n = 1 };
		ret = snapshot_store(db, &sel, d);
	}
	return ret;
}

/* case_transfer's work inside its transaction. */
static int
case_transfer_work(struct db *db, void *arg, struct diag *d)
{
	struct case_transfer_args *a = arg;
	struct case_info c;
	int64_t users = 0, known = 0;
	int ret = case_live(db, a->person_id, &c, d);

	if (ret == 0)
		ret = role_check(db, ROLE_ACT_CASE_TRANSFER, c.id, d);
	/* an office's code: the case moves to that office */
	if (ret == 0 && (ret = case_office_known(db, a->to, d)) == 1) {
		ret = case_transfer_office(db, &c, a->to, d);
		case_info_clear(&c);
		return ret;
	}
	if (ret == 0 && strspn(a->to, "0123456789") == strlen(a->to)) {
		/* all digits: meant as an office's code (a division code), not one this knows */
		struct sbuf codes = SBUF_INIT;
		if ((ret = case_office_codes(db, &codes, d)) == 0)
			ret = diag_set(d, EX_DATAERR, "%s is not the code of an office this database "
			    "knows; a case moves to one of these offices: %s (or name a counselor's "
			    "login)", a->to, sbuf_str(&codes));
		sbuf_free(&codes);
	}
	if (ret == 0)
		ret = db_query_int(db, "SELECT count(*) FROM app_user", &users, "reading the users", d);
	if (ret == 0 && users > 0) {
		/* the user: known, not disabled, and of an office the acting user's lists reach
		 * (their own or one below: core/role.c role_scope; a user with no office is this
		 * database's) */
		struct role_scope scope;
		struct db_stmt *st = db_prepare(db, "SELECT u.disabled, u.display_name, "
		    "coalesce(u.office_id, " CASE_HOME "), coalesce(uo.name, uo.code, "
		    "(SELECT value FROM setting WHERE key = 'office_code'), '-') FROM app_user u "
		    "LEFT JOIN office uo ON uo.id = coalesce(u.office_id, " CASE_HOME ") "
		    "WHERE u.login = ?1");
		db_bind_text(st, 1, a->to);
		if ((ret = role_scope(db, &scope, d)) == 0 &&
		    (ret = db_step(st, "reading the users", d)) == DB_ROW) {
			const char *office = db_col_text(st, 2);
			bool reached = scope.all || (office == NULL && scope.home);
			for (int i = 0; !reached && office != NULL && i < scope.n; i++)
				reached = strcmp(scope.ids[i], office) == 0;
			known = 1;
			ret = 0;
			if (db_col_int(st, 0) != 0)
				ret = diag_set(d, EX_DATAERR, "%s (%s): this account is disabled; name "
				    "another counselor (jobdesk user list)", db_col_text(st, 1), a->to);
			else if (!reached)
				ret = diag_set(d, EX_DATAERR, "%s (%s) works for %s, an office that is "
				    "neither yours nor below it; name a counselor of your office or of "
				    "one below it", db_col_text(st, 1), a->to, db_col_text(st, 3));
		} else if (ret == DB_DONE) {
			ret = 0;
		}
		role_scope_free(&scope);
		db_finalize(st);
		if (ret == 0 && known == 0)
			ret = diag_set(d, EX_DATAERR, "%s: no counselor of this office has that "
			    "login; give one of the logins in the user list", a->to);
	}
	if (ret == 0 && c.counselor != NULL && strcmp(c.counselor, a->to) == 0)
		ret = diag_set(d, EX_DATAERR, "%s (%s) is already %s's case; name another counselor",
		    c.name, c.id, a->to);
	if (ret == 0)
		ret = case_exec(db, "UPDATE person SET counselor = ?2, updated_at = ?3 WHERE id = ?1",
		    "transferring the case", d, 2, c.id, a->to);
	case_info_clear(&c);
	return ret;
}

/* Hand a case to another counselor. */
int
case_transfer(struct db *db, const char *person_id, const char *to_login, struct diag *d)
{
	struct case_transfer_args a = { person_id, to_login };

	char why[200];

	if (field_login(to_login != NULL ? to_login : "", why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s", why);
	return db_transaction(db, case_transfer_work, &a, d);
}

/* What case_merge writes. */
struct case_merge_args {
	const char *keep, *gone;
	bool force;
	char day[11];
	int today;
};

/* Whether a person field is filled from the duplicate by a merge: what the counselor asked,
 * from sex through employer kind and the facts of schema step 4 (not the key, name, ID number,
 * counselor, stage or follow-up). */
static bool
case_merge_field(int f)
{
	return person_fields[f].table == PT_PERSON &&
	    ((f >= PF_SEX && f <= PF_EMPLOYER_KIND) || f >= PF_ABLE_TO_WORK);
}

/* Fill keep's unknown person fields from gone's; the registration's two dates go as a pair
 * (only where keep has neither), so that a period is never made of two cases' halves. */
static int
case_merge_fields(struct db *db, const char *keep, const char *gone, struct diag *d)
{
	static const char pair[] = "(k.registered_unemployed_from IS NULL AND "
	    "k.registered_unemployed_until IS NULL)";
	struct sbuf sql = SBUF_INIT;
	bool first = true;

	/* the identifiers are person_fields' own, never the caller's text; values are bound */
	sbuf_add(&sql, "UPDATE person AS k SET ");
	for (int f = 0; f < PERSON_NFIELDS; f++) {
		const char *n = person_fields[f].name;
		if (!case_merge_field(f))
			continue;
		if (f == PF_REGISTERED_UNEMPLOYED_FROM || f == PF_REGISTERED_UNEMPLOYED_UNTIL)
			sbuf_addf(&sql, "%s = CASE WHEN %s THEN g.%s ELSE k.%s END, ", n, pair, n, n);
		else
			sbuf_addf(&sql, "%s = coalesce(k.%s, g.%s), ", n, n, n);
	}
	sbuf_add(&sql, "household_id = coalesce(k.household_id, g.household_id), updated_at = ?3 "
	    "FROM person AS g WHERE k.id = ?1 AND g.id = ?2 AND (");
	for (int f = 0; f < PERSON_NFIELDS; f++) {
		const char *n = person_fields[f].name;
		if (!case_merge_field(f))
			continue;
		if (f == PF_REGISTERED_UNEMPLOYED_FROM || f == PF_REGISTERED_UNEMPLOYED_UNTIL)
			sbuf_addf(&sql, "%s(%s AND g.%s IS NOT NULL)", first ? "" : " OR ", pair, n);
		else
			sbuf_addf(&sql, "%s(k.%s IS NULL AND g.%s IS NOT NULL)", first ? "" : " OR ", n,
			    n);
		first = false;
	}
	sbuf_add(&sql, " OR (k.household_id IS NULL AND g.household_id IS NOT NULL))");
	int ret = case_exec(db, sbuf_str(&sql), "filling in the surviving case", d, 2, keep, gone);
	sbuf_free(&sql);
	return ret;
}

/* Fill keep's unknown household flags and insurance from gone's (after keep took gone's
 * household when it had none, the flags are already the same). */
static int
case_merge_household(struct db *db, const char *keep, const char *gone, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	int ret;

	sbuf_add(&sql, "UPDATE household AS k SET ");
	for (int f = PF_LOW_INCOME; f <= PF_ZERO_EMPLOYMENT; f++)
		sbuf_addf(&sql, "%s = coalesce(k.%s, g.%s), ", person_fields[f].name,
		    person_fields[f].name, person_fields[f].name);
	sbuf_add(&sql, "updated_at = ?3 FROM household AS g WHERE "
	    "k.id = (SELECT household_id FROM person WHERE id = ?1) AND "
	    "g.id = (SELECT household_id FROM person WHERE id = ?2) AND k.id <> g.id AND (");
	for (int f = PF_LOW_INCOME; f <= PF_ZERO_EMPLOYMENT; f++)
		sbuf_addf(&sql, "%s(k.%s IS NULL AND g.%s IS NOT NULL)", f > PF_LOW_INCOME ? " OR " : "",
		    person_fields[f].name, person_fields[f].name);
	sbuf_add(&sql, ")");
	ret = case_exec(db, sbuf_str(&sql), "filling in the household", d, 2, keep, gone);
	sbuf_free(&sql);
	if (ret == 0)
		ret = case_exec(db, "UPDATE insurance AS k SET "
		    "unemployment_months = coalesce(k.unemployment_months, g.unemployment_months), "
		    "social_insurance = coalesce(k.social_insurance, g.social_insurance), "
		    "receiving_benefit = coalesce(k.receiving_benefit, g.receiving_benefit), "
		    "benefit_until = coalesce(k.benefit_until, g.benefit_until), updated_at = ?3 "
		    "FROM insurance AS g WHERE k.person_id = ?1 AND g.person_id = ?2 AND "
		    "((k.unemployment_months IS NULL AND g.unemployment_months IS NOT NULL) OR "
		    "(k.social_insurance IS NULL AND g.social_insurance IS NOT NULL) OR "
		    "(k.receiving_benefit IS NULL AND g.receiving_benefit IS NOT NULL) OR "
		    "(k.benefit_until IS NULL AND g.benefit_until IS NOT NULL))",
		    "filling in the insurance", d, 2, keep, gone);
	if (ret == 0)  /* keep had no insurance row: gone's becomes keep's */
		ret = case_exec(db, "UPDATE insurance SET person_id = ?1, updated_at = ?3 "
		    "WHERE person_id = ?2 AND NOT EXISTS (SELECT 1 FROM insurance WHERE person_id = ?1)",
		    "moving the insurance", d, 2, keep, gone);
	return ret;
}

/* Move gone's rows to keep. A moved decision's once-only key names keep from now on (so that
 * keep cannot be granted it again), except where keep already holds a live decision of that
 * key: that pair stays, both live, for a supervisor to revoke one (case_double_grants). */
static int
case_merge_rows(struct db *db, const char *keep, const char *gone, struct diag *d)
{
	/* each table's statement whole: identifiers are never joined from text */
	static const char *const moves[] = {
		"UPDATE enrollment SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
		"UPDATE certificate SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
		"UPDATE note SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
		"UPDATE correction SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
	};
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < sizeof moves / sizeof *moves; i++)
		ret = case_exec(db, moves[i], "moving the case's rows", d, 2, keep, gone);
	if (ret == 0)
		ret = case_exec(db, "UPDATE decision AS x SET person_id = ?1, updated_at = ?3, "
		    "once_key = CASE WHEN x.once_key IS NOT NULL "
		    " AND substr(x.once_key, 1, length(?2) + 1) = ?2 || '|' "
		    " AND (x.status NOT IN ('proposed', 'approved', 'decided', 'paid') "
		    "  OR NOT EXISTS (SELECT 1 FROM decision y "
		    "  WHERE y.once_key = ?1 || substr(x.once_key, length(?2) + 1) "
		    "  AND y.status IN ('proposed', 'approved', 'decided', 'paid'))) "
		    " THEN ?1 || substr(x.once_key, length(?2) + 1) ELSE x.once_key END "
		    "WHERE x.person_id = ?2", "moving the decisions", d, 2, keep, gone);
	return ret;
}

/* case_merge's work inside its transaction. */
static int
case_merge_work(struct db *db, void *arg, struct diag *d)
{
	struct case_merge_args *a = arg;
	struct case_info k = { 0 }, g = { 0 };
	int ret;

	if ((ret = case_find(db, a->keep, &k, d)) != 0 || (ret = case_find(db, a->gone, &g, d)) != 0)
		goto out;
	/* both records change: the merge is allowed on each */
	if ((ret = role_check(db, ROLE_ACT_CASE_MERGE, k.id, d)) != 0 ||
	    (ret = role_check(db, ROLE_ACT_CASE_MERGE, g.id, d)) != 0)
		goto out;
	if (strcmp(k.id, g.id) == 0) {
		ret = diag_set(d, EX_DATAERR, "%s (%s): a case cannot be merged into itself; give two "
		    "different cases", k.name, k.id);
		goto out;
	}
	if (k.merged_into != NULL || g.merged_into != NULL) {
		struct case_info *m = k.merged_into != NULL ? &k : &g;
		ret = diag_set(d, EX_DATAERR, "%s (%s) was merged into case %s already; merge with "
		    "that case instead", m->name, m->id, m->merged_into);
		goto out;
	}
	if (!a->force && ((k.sex && g.sex && strcmp(k.sex, g.sex) != 0) ||
	    (k.birth_date && g.birth_date && strcmp(k.birth_date, g.birth_date) != 0))) {
		ret = diag_set(d, EX_DATAERR, "%s (%s, born %s) and %s (%s, born %s) differ in sex or "
		    "birth date: they may be two people; check both ID numbers, and merge anyway only "
		    "when one of them is wrong", k.name, label_value(k.sex),
		    k.birth_date ? k.birth_date : "?", g.name, label_value(g.sex),
		    g.birth_date ? g.birth_date : "?");
		d->reason = CASE_MERGE_MISMATCH;
		goto out;
	}
	if ((ret = case_merge_fields(db, k.id, g.id, d)) != 0 ||
	    (ret = case_merge_household(db, k.id, g.id, d)) != 0 ||
	    (ret = case_merge_rows(db, k.id, g.id, d)) != 0)
		goto out;
	/* chains are flattened: what was merged into gone now points to keep */
	if ((ret = case_exec(db, "UPDATE person SET merged_into = ?1, updated_at = ?3 "
	    "WHERE merged_into = ?2", "redirecting merged cases", d, 2, k.id, g.id)) != 0)
		goto out;
	if ((ret = case_exec(db, "UPDATE person SET merged_into = ?1, stage = 'closed', "
	    "closed_reason = 'duplicate', closed_on = ?3, closed_note = NULL, next_followup = NULL, "
	    "updated_at = ?4 WHERE id = ?2", "closing the merged case", d, 3, k.id, g.id,
	    a->day)) != 0)
		goto out;
	/* the follow-ups moved in: the survivor's next one, or none when it is closed */
	ret = strcmp(k.stage, "closed") == 0 ? note_close_followups(db, k.id, a->today, d) :
	    note_refollow(db, k.id, d);
	if (ret == 0 && strcmp(k.stage, "closed") != 0)
		ret = progress_restage(db, k.id, d);
out:
	case_info_clear(&k);
	case_info_clear(&g);
	return ret;
}

/* Merge the record gone_id into keep_id as of today. */
int
case_merge(struct db *db, const char *keep_id, const char *gone_id, int today, bool force,
    struct diag *d)
{
	struct case_merge_args a = { keep_id, gone_id, force, "", today };

	date_format(today, a.day);
	return db_transaction(db, case_merge_work, &a, d);
}

/* Once-only benefits granted twice to the person. */
int
case_double_grants(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	/* one policy's once-only slot held twice, or one item paid under two policies (rural and
	 * vocational training for one training) */
	struct db_stmt *st = db_prepare(db, "SELECT a.policy_id, a.subject_key, a.id, b.id, b.policy_id "
	    "FROM decision a JOIN decision b ON b.person_id = a.person_id AND b.id > a.id "
	    " AND ((b.policy_id = a.policy_id AND a.once_key IS NOT NULL AND b.once_key IS NOT NULL "
	    "   AND substr(b.once_key, instr(b.once_key, '|')) = substr(a.once_key, instr(a.once_key, '|'))) "
	    "  OR (b.policy_id <> a.policy_id AND b.subject_key = a.subject_key "
	    "   AND a.amount_fen IS NOT NULL AND b.amount_fen IS NOT NULL)) "
	    "WHERE a.person_id = ?1 AND a.status IN ('proposed', 'approved', 'decided', 'paid') "
	    " AND b.status IN ('proposed', 'approved', 'decided', 'paid') "
	    "ORDER BY a.policy_id, a.id, b.id");
	const char *cells[DG_NCOL];
	int ret;

	rows_init(out, DG_NCOL);
	db_bind_text(st, 1, person_id);
	while ((ret = db_step(st, "looking for benefits granted twice", d)) == DB_ROW) {
		for (int j = 0; j < DG_NCOL; j++)
			cells[j] = db_col_text(st, j);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}
