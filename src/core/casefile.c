/* The lists of one case for the person screen: progress, certificates, notes, decisions, history.
 * Each is one query through the wrapper (core/db.h), its rows copied out as text. */
#include "core/casefile.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/case.h"
#include "core/db.h"
#include "core/label.h"
#include "core/person.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

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
	return casefile_query(db, "SELECT id, jd_ts(created_at), created_by, body, followup_date, done, "
	    "cancelled, done_on FROM note WHERE person_id = ?1 ORDER BY created_at DESC, id DESC", person_id, NO_NCOL,
	    out, d);
}

/* The person's decisions, newest first. */
int
casefile_decisions(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	/* the item by its row key: the subject's list index moves when entries come and go */
	return casefile_query(db, "SELECT id, decided_on, policy_id, subject_key, outcome, amount_fen, "
	    "status, counselor FROM decision WHERE person_id = ?1 ORDER BY decided_on DESC, id DESC",
	    person_id, DE_NCOL, out, d);
}

/* The audit trail of the person and their rows, newest first (at most 200), the chain's own
 * rows left out. */
int
casefile_history(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	struct audit_filter f = { .person_id = person_id, .limit = 200, .changes_only = true };

	return audit_query(db, &f, out, NULL, d);
}

/* The corrections of the person's progress and certificates, newest first. */
int
casefile_corrections(struct db *db, const char *person_id, struct rows *out, struct diag *d)
{
	return casefile_query(db, "SELECT jd_ts(created_at), created_by, tbl, op, reason, row_key "
	    "FROM correction WHERE person_id = ?1 ORDER BY created_at DESC, id DESC", person_id,
	    CO_NCOL, out, d);
}

/* How a column's value reads. */
enum casefile_shown { CS_TEXT, CS_ENUM, CS_FLAG, CS_PROVINCE, CS_LEVEL, CS_REASON, CS_MONEY,
	CS_WORDS };

/* Values of the tables beside the case (a user's role, a unit's kind) that label.c does not
 * name, in words. */
static const struct {
	const char *value, *label;
} casefile_words[] = {
	{ "counselor", N_("counselor") }, { "supervisor", N_("supervisor") },
	{ "admin", N_("administrator") }, { "employer", N_("employer") },
	{ "internship_host", N_("internship host") },
	{ "training_provider", N_("training provider") },
};

/* The columns the history names that person_fields and progress_fields do not declare. */
static const struct {
	const char *table, *column, *label;
	enum casefile_shown shown;
} casefile_columns[] = {
	{ "person", "closed_reason", N_("closure reason"), CS_REASON },
	{ "person", "closed_on", N_("closed on"), CS_TEXT },
	{ "person", "closed_note", N_("closure note"), CS_TEXT },
	{ "note", "body", N_("note"), CS_TEXT },
	{ "note", "followup_date", N_("follow-up date"), CS_TEXT },
	{ "note", "done", N_("follow-up done"), CS_FLAG },
	{ "note", "cancelled", N_("follow-up cancelled"), CS_FLAG },
	{ "note", "done_on", N_("done on"), CS_TEXT },
	{ "decision", "status", N_("status"), CS_ENUM },
	{ "decision", "amount_fen", N_("amount (yuan)"), CS_MONEY },
	{ "decision", "decided_on", N_("decided on"), CS_TEXT },
	{ "office", "name", N_("office name"), CS_TEXT },
	{ "app_user", "display_name", N_("user's name"), CS_TEXT },
	{ "app_user", "role", N_("role"), CS_WORDS },
	{ "app_user", "disabled", N_("account disabled"), CS_FLAG },
	{ "app_user", "password_set_at", N_("password set on"), CS_TEXT },
	{ "unit", "name", N_("unit name"), CS_TEXT },
	{ "unit", "kind", N_("kind of unit"), CS_WORDS },
};

/* The tables of a case in words. */
static const struct {
	const char *table, *label;
} casefile_tables[] = {
	{ "person", N_("personal details") }, { "enrollment", N_("progress") },
	{ "certificate", N_("certificate") }, { "note", N_("note and follow-up") },
	{ "decision", N_("decision") }, { "insurance", N_("insurance") },
	{ "household", N_("household") }, { "correction", N_("correction") },
	{ "office", N_("office") }, { "app_user", N_("user account") }, { "unit", N_("unit") },
};

/* The label (a message id) and reading of a table's column, in *order the place it is listed
 * in; NULL for a technical column (ids, times, keys) the history leaves out. */
static const char *
casefile_column(const char *table, const char *column, enum casefile_shown *shown, int *order)
{
	static const enum person_table pt[] = { PT_PERSON, PT_HOUSEHOLD, PT_INSURANCE };
	static const char *const ptn[] = { "person", "household", "insurance" };

	for (size_t t = 0; t < sizeof pt / sizeof *pt; t++) {
		if (strcmp(table, ptn[t]) != 0)
			continue;
		for (int i = PF_ID_NUMBER; i < PERSON_NFIELDS; i++) {
			const struct person_field *f = &person_fields[i];
			if (f->table != pt[t] || strcmp(f->name, column) != 0)
				continue;
			*order = i;
			*shown = f->kind == PK_ENUM ? CS_ENUM : f->kind == PK_FLAG ? CS_FLAG :
			    f->kind == PK_PROVINCE ? CS_PROVINCE : CS_TEXT;
			return f->label_en;
		}
	}
	bool cert = strcmp(table, "certificate") == 0;
	if (cert || strcmp(table, "enrollment") == 0) {
		for (int i = 0; i < PROGRESS_NFIELDS; i++) {
			const struct progress_field *f = &progress_fields[i];
			if (f->table != (cert ? PGT_CERTIFICATE : PGT_ENROLLMENT) ||
			    strcmp(f->name, column) != 0)
				continue;
			*order = i;
			*shown = i == PG_LEVEL ? CS_LEVEL : f->kind == PGK_ENUM ? CS_ENUM :
			    f->kind == PGK_FLAG ? CS_FLAG : CS_TEXT;
			return f->label_en;
		}
	}
	for (size_t i = 0; i < sizeof casefile_columns / sizeof *casefile_columns; i++) {
		if (strcmp(casefile_columns[i].table, table) == 0 &&
		    strcmp(casefile_columns[i].column, column) == 0) {
			*order = 100 + (int)i;
			*shown = casefile_columns[i].shown;
			return casefile_columns[i].label;
		}
	}
	return NULL;
}

/* Append a value as the screen shows it, cut to 20 columns with "…". */
static void
casefile_value(struct sbuf *out, const char *v, enum casefile_shown shown)
{
	char money[32];
	const char *text = v;

	if (v == NULL)
		text = "-";
	else if (shown == CS_ENUM)
		text = label_value(v);
	else if (shown == CS_FLAG)
		text = label_flag(v);
	else if (shown == CS_PROVINCE)
		text = label_province(v);
	else if (shown == CS_LEVEL)
		text = label_level(v);
	else if (shown == CS_REASON)
		text = case_reason_label(v) != NULL ? tr(case_reason_label(v)) : v;
	else if (shown == CS_MONEY)
		text = (label_money(strtoll(v, NULL, 10), money, sizeof money), money);
	else if (shown == CS_WORDS)
		for (size_t i = 0; i < sizeof casefile_words / sizeof *casefile_words; i++)
			if (strcmp(casefile_words[i].value, v) == 0)
				text = tr(casefile_words[i].label);
	utf8_fit(out, text, 20, false);
}

/* A table of a case in words ("personal details", translated); NULL when not one. */
const char *
casefile_table_label(const char *table)
{
	for (size_t i = 0; table != NULL && i < sizeof casefile_tables / sizeof *casefile_tables;
	    i++)
		if (strcmp(casefile_tables[i].table, table) == 0)
			return tr(casefile_tables[i].label);
	return NULL;
}

/* One changed column, for sorting them in the order the tables list them. */
struct casefile_changed {
	int order;
	const char *label;
	enum casefile_shown shown;
	char *before, *after;
};

/* Order changed columns by where their table lists them. */
static int
casefile_changed_cmp(const void *a, const void *b)
{
	return ((const struct casefile_changed *)a)->order -
	    ((const struct casefile_changed *)b)->order;
}

/* Whether text is JSON (SQLite's json_valid). */
static bool
casefile_json(struct db *db, const char *text)
{
	struct db_stmt *st = db_cached(db, "SELECT json_valid(?1)");
	bool ok;

	db_bind_text(st, 1, text);
	ok = db_step(st, "reading the history", NULL) == DB_ROW && db_col_int(st, 0) == 1;
	db_reset(st);
	return ok;
}

/* The chain's start in words after "audit chain started": how many rows of the old trail it
 * kept, from its after ({"converted": N}); nothing when it does not say. */
static int
casefile_converted(struct db *db, const char *after, struct sbuf *out, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT json_extract(?1, '$.converted') "
	    "WHERE json_valid(?1) AND json_type(?1, '$.converted') = 'integer'");
	int ret;

	db_bind_text(st, 1, after);
	if ((ret = db_step(st, "reading the history", d)) == DB_ROW) {
		long long n = db_col_int(st, 0);
		sbuf_addf(out, trn(" (%lld earlier row kept as it was)", " (%lld earlier rows kept "
		    "as they were)", (unsigned long)n), n);
		ret = 0;
	}
	db_finalize(st);
	return ret;
}

/* A user's sign-in or lock (ops 'login' and 'lockout', what happened in after) in words:
 * "wrong password (2 in a row)", "locked after 5 wrong passwords until 10:55", "password reset";
 * words (the operation's label) when after says nothing jobdesk writes. */
static int
casefile_event(struct db *db, const char *op, const char *words, const char *after,
    struct sbuf *out, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT json_extract(?1, '$.outcome'), "
	    "json_extract(?1, '$.event'), json_extract(?1, '$.failures'), json_extract(?1, "
	    "'$.until'), json_extract(?1, '$.minutes') WHERE json_valid(?1)");
	const char *said = NULL;
	int ret;

	db_bind_text(st, 1, after);
	if ((ret = db_step(st, "reading the history", d)) == DB_ROW) {
		const char *outcome = db_col_text(st, 0), *event = db_col_text(st, 1);
		const char *k = strcmp(op, "login") == 0 ? outcome : event;
		long long n = db_col_int(st, 2), minutes = db_col_int(st, 4);
		char when[32] = "-";
		time_t until = (time_t)(db_col_int(st, 3) / 1000);
		struct tm tm;
		if (!db_col_null(st, 3) && localtime_r(&until, &tm) != NULL)
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		static const struct {
			const char *key, *words;
		} events[] = {
			{ "ok", N_("signed in") }, { "locked", N_("sign-in refused: locked") },
			{ "unlock", N_("unlocked") }, { "password_reset", N_("password reset") },
			{ "password_changed", N_("changed their own password") },
			{ "password_removed", N_("password removed") },
		};
		for (size_t i = 0; k != NULL && i < sizeof events / sizeof *events; i++)
			if (strcmp(events[i].key, k) == 0)
				said = tr(events[i].words);
		if (said != NULL)
			sbuf_add(out, said);
		else if (k != NULL && strcmp(k, "failed") == 0)
			sbuf_addf(out, tr("wrong password (%lld in a row)"), n);
		else if (k != NULL && strcmp(k, "lock") == 0)
			sbuf_addf(out, tr("locked after wrong passwords until %s"), when);
		else if (k != NULL && strcmp(k, "idle_lock") == 0 && minutes == 0)
			sbuf_add(out, tr("the screen no longer locks when idle"));
		else if (k != NULL && strcmp(k, "idle_lock") == 0)
			sbuf_addf(out, tr("the screen locks after %lld idle minutes"), minutes);
		else
			sbuf_add(out, words);
		ret = 0;
	} else if (ret == DB_DONE) {
		sbuf_add(out, words);
	}
	db_finalize(st);
	return ret;
}

/* An export (op 'export', core/transfer.c) in words: "exported 1,200 persons" from its after
 * ({"what":"persons","rows":N,"labels":B}); words alone when after says nothing of it. */
static int
casefile_export(struct db *db, const char *words, const char *after, struct sbuf *out,
    struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT json_extract(?1, '$.rows'), "
	    "json_extract(?1, '$.labels') WHERE json_valid(?1) AND json_type(?1, '$.rows') = "
	    "'integer'");
	int ret;

	db_bind_text(st, 1, after);
	if ((ret = db_step(st, "reading the history", d)) == DB_ROW) {
		long long n = db_col_int(st, 0);
		sbuf_addf(out, trn("exported %lld person", "exported %lld persons", (unsigned long)n),
		    n);
		if (db_col_int(st, 1))
			sbuf_add(out, tr(" (in words, for a spreadsheet)"));
		ret = 0;
	} else if (ret == DB_DONE) {
		sbuf_add(out, words);
	}
	db_finalize(st);
	return ret;
}

/* An audit row in words into out, a line per change: "added personal details", "changed phone:
 * 13912345678 → 13812345678" (the person's own fields), "changed progress status: active →
 * completed" (a row of another table); technical columns are left out. */
int
casefile_change(struct db *db, const char *table, const char *op, const char *before,
    const char *after, struct sbuf *out, struct diag *d)
{
	const char *what = casefile_table_label(table);
	struct casefile_changed ch[64];
	size_t n = 0;
	int ret;

	if (what == NULL)
		what = tr("record");
	/* a row of the old trail reads as what it was; an insert needs no values (the live row
	 * is its image), a delete says what went */
	const char *words = audit_op_label(op, before, after);
	op = audit_op_of(op, before, after);
	if (op == NULL || strcmp(op, "chain_start") == 0 || strcmp(op, "compact") == 0) {
		sbuf_add(out, words);
		if (op != NULL && after != NULL)
			ret = casefile_converted(db, after, out, d);
		else
			ret = 0;
		return ret;
	}
	if ((strcmp(op, "login") == 0 || strcmp(op, "lockout") == 0) && after != NULL)
		return casefile_event(db, op, words, after, out, d);
	if (strcmp(op, "export") == 0 && table == NULL && after != NULL)
		return casefile_export(db, words, after, out, d);
	if (strcmp(op, "update") != 0 || table == NULL) {
		if (table == NULL)  /* an event: a sign-in, an export (or a row forged without one) */
			sbuf_add(out, words);
		else if (strcmp(op, "baseline") == 0)
			sbuf_addf(out, "%s %s", what, words);
		else
			sbuf_addf(out, "%s %s", words, what);
		return 0;
	}
	/* a before or after that is not JSON (written outside jobdesk) names no change */
	struct db_stmt *st = db_prepare(db, "SELECT k, json_extract(?1, '$.' || k), "
	    "json_extract(?2, '$.' || k) FROM (SELECT key AS k FROM json_each(?1) UNION "
	    "SELECT key FROM json_each(?2))");
	db_bind_text(st, 1, before != NULL && casefile_json(db, before) ? before : NULL);
	db_bind_text(st, 2, after != NULL && casefile_json(db, after) ? after : NULL);
	while ((ret = db_step(st, "reading the history", d)) == DB_ROW && n < 64) {
		enum casefile_shown shown;
		int order;
		/* a row whose before or after is no object (written outside jobdesk) has no keys */
		if (db_col_text(st, 0) == NULL)
			continue;
		const char *label = casefile_column(table, db_col_text(st, 0), &shown, &order);
		if (label == NULL)
			continue;
		ch[n] = (struct casefile_changed){ order, label, shown, NULL, NULL };
		ch[n].before = db_col_text(st, 1) ? xstrdup(db_col_text(st, 1)) : NULL;
		ch[n].after = db_col_text(st, 2) ? xstrdup(db_col_text(st, 2)) : NULL;
		n++;
	}
	db_finalize(st);
	if (ret == DB_ROW)
		ret = 0;  /* more than 64 columns changed: the first are said */
	qsort(ch, n, sizeof *ch, casefile_changed_cmp);
	sbuf_add(out, words);
	sbuf_addc(out, ' ');
	if (strcmp(table, "person") != 0 || n == 0)
		sbuf_addf(out, "%s%s", what, n > 0 ? " " : "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(out, '\n');
		sbuf_addf(out, "%s: ", tr(ch[i].label));
		casefile_value(out, ch[i].before, ch[i].shown);
		sbuf_add(out, " → ");
		casefile_value(out, ch[i].after, ch[i].shown);
		free(ch[i].before);
		free(ch[i].after);
	}
	return ret;
}
