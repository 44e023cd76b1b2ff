/* The audit trail as people read it: rows chosen by person, user and dates, newest first, a
 * page at a time (jobdesk audit, the person screen's history); and events (audit_event), the
 * rows no trigger writes, chained as the triggers chain theirs. */
#include "core/audit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The person a deleted row named (op 3, its before), as migration 0011's partial index
 * audit_gone has it, word for word, on audit_log g. */
#define AUDIT_GONE_PERSON "substr(g.before, instr(g.before, '\"person_id\":\"') + 13, " \
    "instr(substr(g.before, instr(g.before, '\"person_id\":\"') + 13), '\"') - 1)"

/* The operations an audit row has, in words. */
static const struct {
	const char *op, *label;
} audit_ops[] = {
	{ "insert", N_("added") }, { "update", N_("changed") }, { "delete", N_("removed") },
	{ "chain_start", N_("audit chain started") },
	{ "baseline", N_("recorded as it was when the chain started") },
	{ "login", N_("signed in") }, { "lockout", N_("locked out") },
	{ "view_id", N_("viewed the full ID number") }, { "export", N_("exported") },
	{ "print", N_("printed") }, { "sync_import", N_("imported another office's changes") },
	{ "compact", N_("audit made compact") },
	{ "resolve", N_("resolved a conflict a sync held") },
};

/* The operation a row of the old trail was, by its before and after: "insert", "update" or
 * "delete"; other operations are returned as they are. */
const char *
audit_op_of(const char *op, const char *before, const char *after)
{
	if (op == NULL || strcmp(op, "legacy") != 0)
		return op;
	/* the old trail wrote the row on insert (after) and delete (before), both on update */
	if (before != NULL && after != NULL)
		return "update";
	return before != NULL ? "delete" : "insert";
}

/* The operation of an audit row in words, translated; a legacy row's by its before and after;
 * "unknown operation" for one jobdesk does not write. */
const char *
audit_op_label(const char *op, const char *before, const char *after)
{
	op = audit_op_of(op, before, after);
	/* a counselor opening another's case for a walk-in (core/role.c) */
	if (op != NULL && strcmp(op, "view_id") == 0 && after != NULL &&
	    strstr(after, "\"event\":\"walk_in\"") != NULL)
		return tr("opened the case for a walk-in");
	for (size_t i = 0; op != NULL && i < sizeof audit_ops / sizeof *audit_ops; i++)
		if (strcmp(audit_ops[i].op, op) == 0)
			return tr(audit_ops[i].label);
	return tr("unknown operation");
}

/* An event to record: audit_event's arguments. */
struct audit_event_args {
	const char *op, *row_key, *after;
};

/* One chained audit row as the triggers write it (tools/gen_audit_chain.py compact_row, schema
 * step 19): ?1 actor (NULL: the connection's), ?2 tbl, ?3 row_key, ?4 op (names; stored as their
 * codes, who acted as the id of the (actor, acting_as) pair in audit_who, acting_as x'' for
 * none, which audit_who_add_sql adds first unless it is there), ?5 after. One row of VALUES: the previous
 * hash is read by a seek on seq, and the time is SQLite's 'now', the same for every call within
 * the statement. */
#define AUDIT_APPEND_NOW "CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER)"
#define AUDIT_APPEND_SEQ "coalesce((SELECT max(seq) FROM audit_log), 0) + 1"
#define AUDIT_APPEND_ACTOR "coalesce(?1, jd_actor())"
static const char audit_who_add_sql[] = "INSERT INTO audit_who (actor, acting_as) VALUES ("
    AUDIT_APPEND_ACTOR ", coalesce(jd_acting_as(), x'')) ON CONFLICT DO NOTHING";
static const char audit_append_sql[] = "INSERT INTO audit_log (seq, at, who, tbl, "
    "row_key, op, before, after, row_hash, hash) VALUES (" AUDIT_APPEND_SEQ ", "
    AUDIT_APPEND_NOW ", (SELECT id FROM audit_who WHERE actor = " AUDIT_APPEND_ACTOR " AND "
    "acting_as = coalesce(jd_acting_as(), x'')), (SELECT code FROM audit_code "
    "WHERE kind = 'tbl' AND name = ?2), jd_key_pack(?3), (SELECT code FROM audit_code WHERE "
    "kind = 'op' AND "
    "name = ?4), NULL, ?5, NULL, jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT "
    "1), " AUDIT_APPEND_SEQ ", " AUDIT_APPEND_NOW ", " AUDIT_APPEND_ACTOR ", jd_acting_as(), "
    "?2, ?3, ?4, NULL, ?5, NULL))";

/* Append one chained row that no trigger writes (an event), inside the open transaction:
 * actor NULL for the connection's, tbl NULL or the table the row concerns, after the event's
 * JSON (may be NULL). */
int
audit_append(struct db *db, const char *actor, const char *tbl, const char *row_key,
    const char *op, const char *after, struct diag *d)
{
	/* prepared afresh: an event is written in the middle of other work (core/role.c), whose
	 * kept statements a new kept one could push out */
	struct db_stmt *st = db_prepare(db, audit_who_add_sql);
	int ret;

	db_bind_text(st, 1, actor);
	ret = db_run(st, "recording in the audit", d);
	db_finalize(st);
	if (ret != 0)
		return ret;
	st = db_prepare(db, audit_append_sql);
	db_bind_text(st, 1, actor);
	db_bind_text(st, 2, tbl);
	db_bind_text(st, 3, row_key);
	db_bind_text(st, 4, op);
	db_bind_text(st, 5, after);
	ret = db_run(st, "recording in the audit", d);
	db_finalize(st);
	return ret;
}

/* Write one chained event row (audit_event's, in its transaction). */
static int
audit_event_work(struct db *db, void *arg, struct diag *d)
{
	const struct audit_event_args *a = arg;

	return audit_append(db, NULL, NULL, a->row_key, a->op, a->after, d);
}

/* Record an event in the audit chain, in the open transaction or one of its own. */
int
audit_event(struct db *db, const char *op, const char *row_key, const char *after,
    struct diag *d)
{
	struct audit_event_args a = { op, row_key, after };

	if (db_in_transaction(db))
		return audit_event_work(db, &a, d);
	return db_transaction(db, audit_event_work, &a, d);
}

/* Unix milliseconds of the local midnight that begins a day number. */
static long long
audit_day_ms(int day)
{
	struct tm tm = { 0 };
	int y, m, dd;

	date_to_ymd(day, &y, &m, &dd);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm) * 1000;
}

/* The at of the first audit row from seq on, into *at (INT64_MAX when there is none). */
static int
audit_at_from(struct db *db, long long seq, long long *at, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT at FROM audit_log WHERE seq >= ?1 ORDER BY seq "
	    "LIMIT 1");
	int ret;

	db_bind_int(st, 1, seq);
	*at = INT64_MAX;
	if ((ret = db_step(st, "reading the audit trail", d)) == DB_ROW) {
		*at = db_col_int(st, 0);
		ret = 0;
	}
	db_reset(st);
	return ret;
}

/* The first seq whose row was written at or after at_ms, found by halving the seq range (about
 * 20 seeks at a million persons, where a scan of at took seconds): rows are written in seq order,
 * so at grows with seq. Should a clock have been set back, rows of the range may be missed, never
 * others shown (the query filters by at as well); the chain does not rely on it. */
static int
audit_seq_at(struct db *db, long long at_ms, long long *seq, struct diag *d)
{
	int64_t lo = 0, hi = 0;
	long long at;
	int ret;

	if ((ret = db_query_int(db, "SELECT coalesce(max(seq), 0) + 1 FROM audit_log", &hi,
	    "reading the audit trail", d)) != 0)
		return ret;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if ((ret = audit_at_from(db, mid, &at, d)) != 0)
			return ret;
		if (at >= at_ms)
			hi = mid;
		else
			lo = mid + 1;
	}
	*seq = lo;
	return 0;
}

/* The audit rows the filter chooses, newest first, into out; *more says whether older ones
 * beyond the limit are chosen too. */
int
audit_query(struct db *db, const struct audit_filter *f, struct rows *out, bool *more,
    struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	const char *cells[AU_NCOL];
	int limit = f->limit > 0 ? f->limit : 100;
	int ret, n = 0;

	rows_init(out, AU_NCOL);
	if (more != NULL)
		*more = false;
	/* one case's trail goes with the case (its history); the whole trail is the role's */
	if ((ret = f->person_id != NULL ? role_check(db, ROLE_ACT_PERSON_OPEN, f->person_id, d) :
	    role_check(db, ROLE_ACT_AUDIT_READ, NULL, d)) != 0)
		return ret;
	/* at as UTC text to the millisecond, exactly (no floating point); hashes as hex */
	sbuf_add(&sql, "SELECT seq, strftime('%Y-%m-%dT%H:%M:%S', at / 1000, 'unixepoch') || "
	    "printf('.%03dZ', at % 1000), actor, acting_as, tbl, row_key, op, before, after, "
	    "nullif(lower(hex(row_hash)), ''), nullif(lower(hex(hash)), ''), at, "
	    "CASE WHEN json_valid(before) THEN json(before) ELSE json_quote(before) END, "
	    "CASE WHEN json_valid(after) THEN json(after) ELSE json_quote(after) END "
	    "FROM audit WHERE 1 ");
	if (f->older_than > 0)
		sbuf_add(&sql, "AND seq < ?1 ");
	if (f->user != NULL)
		sbuf_add(&sql, "AND (actor = ?2 OR acting_as = ?2) ");
	if (f->from > 0)
		sbuf_add(&sql, "AND at >= ?3 AND seq >= ?7 ");
	if (f->to > 0)
		sbuf_add(&sql, "AND at < ?4 AND seq < ?8 ");
	if (f->changes_only)
		sbuf_add(&sql, "AND op NOT IN ('chain_start', 'baseline', 'compact') ");
	/* row keys are unique across tables, so one list of keys, each found through the audit_key
	 * index on its last 7 characters: the person, their records, their household, what was
	 * removed in error (its trail stays), the records merged into them; and the rows deleted
	 * that named them (audit_gone, the same expression as migration 0011's index) */
	if (f->person_id != NULL)
		sbuf_add(&sql, "AND (seq IN (SELECT a.seq FROM (SELECT ?5 AS k "
		    "UNION ALL SELECT id FROM enrollment WHERE person_id = ?5 "
		    "UNION ALL SELECT id FROM certificate WHERE person_id = ?5 "
		    "UNION ALL SELECT id FROM note WHERE person_id = ?5 "
		    "UNION ALL SELECT id FROM decision WHERE person_id = ?5 "
		    "UNION ALL SELECT id FROM insurance WHERE person_id = ?5 "
		    "UNION ALL SELECT household_id FROM person WHERE id = ?5 "
		    "UNION ALL SELECT row_key FROM correction WHERE person_id = ?5 AND op = 'remove' "
		    "UNION ALL SELECT id FROM person WHERE merged_into = ?5) x, audit_log a "
		    "WHERE substr(a.row_key, -3) = substr(jd_key_pack(x.k), -3) "
		    "AND a.row_key = jd_key_pack(x.k) "
		    "UNION SELECT r.seq FROM audit_log g, audit_log r WHERE " AUDIT_GONE_PERSON
		    " = ?5 AND g.op = 3 AND instr(g.before, '\"person_id\":\"') > 0 "
		    "AND substr(r.row_key, -3) = substr(g.row_key, -3) AND r.row_key = g.row_key)) ");
	sbuf_add(&sql, "ORDER BY seq DESC LIMIT ?6");
	long long seq_from = 0, seq_to = 0;
	if ((f->from > 0 && (ret = audit_seq_at(db, audit_day_ms(f->from), &seq_from, d)) != 0) ||
	    (f->to > 0 && (ret = audit_seq_at(db, audit_day_ms(f->to + 1), &seq_to, d)) != 0)) {
		sbuf_free(&sql);
		return ret;
	}
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	if (f->from > 0)
		db_bind_int(st, 7, seq_from);
	if (f->to > 0)
		db_bind_int(st, 8, seq_to);
	if (f->older_than > 0)
		db_bind_int(st, 1, f->older_than);
	db_bind_text(st, 2, f->user);
	if (f->from > 0)
		db_bind_int(st, 3, audit_day_ms(f->from));
	if (f->to > 0)
		db_bind_int(st, 4, audit_day_ms(f->to + 1));
	db_bind_text(st, 5, f->person_id);
	db_bind_int(st, 6, (long long)limit + 1);
	while ((ret = db_step(st, "reading the audit trail", d)) == DB_ROW) {
		if (n++ == limit) {  /* the one beyond the page: there are more */
			if (more != NULL)
				*more = true;
			continue;
		}
		for (int j = 0; j < AU_NCOL; j++)
			cells[j] = db_col_text(st, j);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}

/* The text the one-row statement sql gives for the text arg (*out NULL when no row or NULL;
 * caller frees). 0, or a sysexits code with d set. */
static int
audit_text(struct db *db, const char *sql, const char *arg, char **out, struct diag *d)
{
	struct db_stmt *st = db_cached(db, sql);
	int ret;

	*out = NULL;
	db_bind_text(st, 1, arg);
	if ((ret = db_step(st, "reading the audit trail", d)) == DB_ROW) {
		*out = db_col_text(st, 0) != NULL ? xstrdup(db_col_text(st, 0)) : NULL;
		ret = 0;
	}
	db_reset(st);
	return ret;
}

/* The person an audit row concerns, by its table and row key: the person's row itself, the
 * person of one of their records, or, for a removed record, the person its before names.
 * Sets *person_id and *name (caller frees; both NULL when the row concerns no one, such as a
 * user account or the chain's start). 0, or a sysexits code with d set. */
int
audit_whose(struct db *db, const char *tbl, const char *row_key, const char *before,
    char **person_id, char **name, struct diag *d)
{
	/* the tables whose rows belong to a person, each with its own statement (no names put
	 * together from data) */
	static const struct {
		const char *tbl, *sql;
	} owned[] = {
		{ "enrollment", "SELECT person_id FROM enrollment WHERE id = ?1" },
		{ "certificate", "SELECT person_id FROM certificate WHERE id = ?1" },
		{ "note", "SELECT person_id FROM note WHERE id = ?1" },
		{ "decision", "SELECT person_id FROM decision WHERE id = ?1" },
		{ "insurance", "SELECT person_id FROM insurance WHERE id = ?1" },
	};
	char *id = NULL;
	int ret = 0;

	*person_id = *name = NULL;
	if (tbl == NULL || row_key == NULL)
		return 0;
	if (strcmp(tbl, "person") == 0)
		id = xstrdup(row_key);
	for (size_t i = 0; id == NULL && i < sizeof owned / sizeof *owned; i++) {
		if (strcmp(owned[i].tbl, tbl) != 0)
			continue;
		ret = audit_text(db, owned[i].sql, row_key, &id, d);
		/* removed since: the row as it was names its person */
		if (ret == 0 && id == NULL && before != NULL)
			ret = audit_text(db, "SELECT json_extract(?1, '$.person_id') WHERE "
			    "json_valid(?1)", before, &id, d);
		break;
	}
	if (ret == 0 && id != NULL)
		ret = audit_text(db, "SELECT name FROM person WHERE id = ?1", id, name, d);
	/* a person removed since: their name as their removed row had it */
	if (ret == 0 && id != NULL && *name == NULL && strcmp(tbl, "person") == 0 && before != NULL)
		ret = audit_text(db, "SELECT json_extract(?1, '$.name') WHERE json_valid(?1)", before,
		    name, d);
	if (ret != 0) {
		free(id);
		free(*name);
		*name = NULL;
		return ret;
	}
	*person_id = id;
	return 0;
}

/* Crockford's base 32 as jd_new_key writes it (upper case, without I, L, O and U). */
static const char audit_key_b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The value of one base-32 character of a key, or -1 when it is not one jd_new_key writes. */
static int
audit_key_digit(char c)
{
	const char *p = c != '\0' ? strchr(audit_key_b32, c) : NULL;

	return p != NULL ? (int)(p - audit_key_b32) : -1;
}

/* Pack a row key of jd_new_key's form into 15 bytes: the office code (20 bits) then the 20
 * base-32 characters (100 bits), big-endian, so that packed keys sort as their text. */
bool
audit_key_pack(const char *text, size_t len, unsigned char out[AUDIT_KEY_PACKED])
{
	uint64_t hi = 0, lo = 0;	/* 120 bits: hi the top 56, lo the low 64 */

	if (text == NULL || len != 27 || text[6] != '-')
		return false;
	for (int i = 0; i < 6; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		lo = lo * 10 + (uint64_t)(text[i] - '0');
	}
	for (int i = 0; i < 20; i++) {
		int v = audit_key_digit(text[7 + i]);

		if (v < 0)
			return false;
		hi = hi << 5 | lo >> 59;
		lo = lo << 5 | (uint64_t)v;
	}
	for (int i = 0; i < 7; i++)
		out[i] = (unsigned char)(hi >> (8 * (6 - i)));
	for (int i = 0; i < 8; i++)
		out[7 + i] = (unsigned char)(lo >> (8 * (7 - i)));
	return true;
}

/* Unpack the 15 bytes audit_key_pack made into the key's 27 characters. */
void
audit_key_unpack(const unsigned char in[AUDIT_KEY_PACKED], char out[28])
{
	uint64_t hi = 0, lo = 0;

	for (int i = 0; i < 7; i++)
		hi = hi << 8 | in[i];
	for (int i = 0; i < 8; i++)
		lo = lo << 8 | in[7 + i];
	for (int i = 19; i >= 0; i--) {
		out[7 + i] = audit_key_b32[lo & 31];
		lo = lo >> 5 | (hi & 31) << 59;
		hi >>= 5;
	}
	/* what is left: the office (hi is 0) */
	uint64_t office = lo;
	out[6] = '-';
	for (int i = 5; i >= 0; i--, office /= 10)
		out[i] = (char)('0' + office % 10);
	out[27] = '\0';
}
