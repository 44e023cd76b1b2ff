/* What `jobdesk db check` verifies of the audit: the schema against the one the migrations
 * give (a database in memory that ran them), the chain of audit rows from its start, and every
 * live row of an audited table against the row hash of its last audit row. The statements are
 * fixed, one pair per audited table (each live row and its hash come from the table's view
 * audit_live_<table>, schema step 11); values from the file are bound, and keys are shown
 * escaped. */
#include "core/auditchk.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The codes of the operations that record a row's content (a delete records its end). */
#define AUDITCHK_ROW_OPS "(SELECT code FROM audit_code WHERE kind = 'op' AND name IN ('insert', " \
    "'update', 'delete', 'baseline'))"
#define AUDITCHK_DELETE "(SELECT code FROM audit_code WHERE kind = 'op' AND name = 'delete')"

/* Each live row of table t (its view audit_live_t), the hash it has, and the row hash of its
 * last audit row (x'' when that row is its delete; NULL when there is none), found by the
 * audit_key index on the packed key's last 3 bytes (schema step 18). */
#define AUDITCHK_LIVE(t) "SELECT l.row_key, l.row_hash, (SELECT CASE WHEN a.op = " \
    AUDITCHK_DELETE " THEN x'' ELSE a.row_hash END FROM audit_log a WHERE substr(a.row_key, " \
    "-3) = substr(jd_key_pack(l.row_key), -3) AND a.row_key = jd_key_pack(l.row_key) AND " \
    "a.tbl = (SELECT code FROM " \
    "audit_code WHERE kind = 'tbl' AND name = '" t "') AND a.op IN " AUDITCHK_ROW_OPS \
    " ORDER BY a.seq DESC LIMIT 1) FROM audit_live_" t " l ORDER BY l.row_key"
/* The rows of table t whose last audit row is not a delete but which the table has not. */
#define AUDITCHK_GONE(t) "SELECT k FROM (SELECT jd_key_text(row_key) AS k, op, max(seq) FROM " \
    "audit_log " \
    "WHERE tbl = (SELECT code FROM audit_code WHERE kind = 'tbl' AND name = '" t "') AND op " \
    "IN " AUDITCHK_ROW_OPS " GROUP BY row_key) WHERE op <> " AUDITCHK_DELETE " AND k " \
    "NOT IN (SELECT row_key FROM audit_live_" t ") ORDER BY k"
#define AUDITCHK_TABLE(t, label) { t, label, AUDITCHK_LIVE(t), AUDITCHK_GONE(t) }

/* The audited tables (those with an audit trigger), in words (translated), each with its two
 * fixed statements. */
static const struct {
	const char *table, *label, *live, *gone;
} auditchk_tables[] = {
	AUDITCHK_TABLE("office", N_("office")), AUDITCHK_TABLE("app_user", N_("user account")),
	AUDITCHK_TABLE("household", N_("household")),
	AUDITCHK_TABLE("person", N_("personal details")), AUDITCHK_TABLE("unit", N_("unit")),
	AUDITCHK_TABLE("enrollment", N_("progress")),
	AUDITCHK_TABLE("certificate", N_("certificate")),
	AUDITCHK_TABLE("insurance", N_("insurance")),
	AUDITCHK_TABLE("note", N_("note and follow-up")),
	AUDITCHK_TABLE("decision", N_("decision")),
	AUDITCHK_TABLE("correction", N_("correction")),
};

/* The kinds of schema object in words (translated). */
static const struct {
	const char *type, *label;
} auditchk_types[] = {
	{ "table", N_("table") }, { "index", N_("index") }, { "trigger", N_("trigger") },
	{ "view", N_("view") },
};

/* An audited table in words; the table's name itself when it has none. */
static const char *
auditchk_table_label(const char *table)
{
	for (size_t i = 0; i < sizeof auditchk_tables / sizeof *auditchk_tables; i++)
		if (strcmp(auditchk_tables[i].table, table) == 0)
			return tr(auditchk_tables[i].label);
	return table;
}

/* A kind of schema object in words. */
static const char *
auditchk_type_label(const char *type)
{
	for (size_t i = 0; i < sizeof auditchk_types / sizeof *auditchk_types; i++)
		if (strcmp(auditchk_types[i].type, type) == 0)
			return tr(auditchk_types[i].label);
	return "?";
}

/* A name or key read from the file, safe to show: letters, digits, '_', '-' and '.' kept, any
 * other byte as \xHH; at most 64 bytes shown. Into buf. */
static const char *
auditchk_shown(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (s == NULL)
		s = "";
	for (size_t i = 0; s[i] != '\0' && o + 5 < len && i < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == '-' || c == '.')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

/* Bytes as lower-case hex into out (2 * len + 1 bytes). */
static void
auditchk_hex(const unsigned char *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Whether two nullable blob columns hold the same bytes. */
static bool
auditchk_same(struct db_stmt *st, int a, int b)
{
	size_t la, lb;
	const void *pa, *pb;

	if (db_col_null(st, a) || db_col_null(st, b))
		return db_col_null(st, a) && db_col_null(st, b);
	pa = db_col_bytes(st, a, &la);
	pb = db_col_bytes(st, b, &lb);
	return la == lb && (la == 0 || memcmp(pa, pb, la) == 0);
}

/* A set of names (tables whose schema is not as made: their rows are not checked). */
struct auditchk_names {
	char **v;
	int n;
};

/* Whether name is in the set. */
static bool
auditchk_has(const struct auditchk_names *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return true;
	return false;
}

/* Add name to the set. */
static void
auditchk_add(struct auditchk_names *s, const char *name)
{
	s->v = xrealloc(s->v, (size_t)(s->n + 1) * sizeof *s->v);
	s->v[s->n++] = xstrdup(name);
}

/* Free the set. */
static void
auditchk_names_free(struct auditchk_names *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* The schema objects that are not SQLite's own: its sequence and statistics tables and the
 * indexes it makes for UNIQUE constraints (no SQL). A trigger or view named sqlite_... is not
 * one of them: SQLite runs it like any other, so it is checked. */
#define AUDITCHK_OWN "NOT ((type = 'table' AND (name = 'sqlite_sequence' OR name LIKE 'sqlite\\_stat%' " \
    "ESCAPE '\\')) OR (type = 'index' AND sql IS NULL AND name LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\'))"

/* Every table, index, trigger and view of the expected schema present in db with the same SQL,
 * and no trigger or table the migrations did not make; tables found different go to bad. */
static int
auditchk_schema(struct db *db, struct db *exp, struct sbuf *report, int *found,
    struct auditchk_names *bad, struct diag *d)
{
	struct db_stmt *e = db_prepare(exp, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
	    "WHERE " AUDITCHK_OWN " ORDER BY type, name");
	struct db_stmt *a = db_prepare(db, "SELECT type, tbl_name, sql FROM sqlite_schema WHERE "
	    "name = ?1");
	char nb[300];
	int ret, before = *found;

	while ((ret = db_step(e, "reading the expected schema", d)) == DB_ROW) {
		const char *type = db_col_text(e, 0), *name = db_col_text(e, 1);
		const char *tbl = db_col_text(e, 2);
		db_bind_text(a, 1, name);
		int r = db_step(a, "reading the schema", d);
		if (r != DB_ROW && r != DB_DONE) {
			ret = r;
			break;
		}
		if (r == DB_DONE) {
			sbuf_addf(report, tr("schema: the %s %s is missing\n"), auditchk_type_label(type),
			    auditchk_shown(name, nb, sizeof nb));
			(*found)++;
			if (strcmp(type, "table") == 0 && !auditchk_has(bad, tbl))
				auditchk_add(bad, tbl);
		} else if (strcmp(db_col_text(a, 0), type) != 0 ||
		    strcmp(db_col_text(a, 1), tbl) != 0 ||
		    db_col_null(a, 2) != db_col_null(e, 3) ||
		    (!db_col_null(e, 3) && strcmp(db_col_text(a, 2), db_col_text(e, 3)) != 0)) {
			sbuf_addf(report, tr("schema: the %s %s is not as the migrations made it\n"),
			    auditchk_type_label(type), auditchk_shown(name, nb, sizeof nb));
			(*found)++;
			if (strcmp(type, "table") == 0 && !auditchk_has(bad, tbl))
				auditchk_add(bad, tbl);
		}
		db_reset(a);
	}
	db_finalize(e);
	db_finalize(a);
	if (ret != DB_DONE)
		return ret;
	/* what is there that the migrations did not make (SQLite's own objects aside) */
	struct db_stmt *x = db_prepare(db, "SELECT type, name FROM sqlite_schema WHERE " AUDITCHK_OWN
	    " ORDER BY type, name");
	struct db_stmt *q = db_prepare(exp, "SELECT 1 FROM sqlite_schema WHERE name = ?1");
	while ((ret = db_step(x, "reading the schema", d)) == DB_ROW) {
		db_bind_text(q, 1, db_col_text(x, 1));
		int r = db_step(q, "reading the expected schema", d);
		if (r == DB_DONE) {
			sbuf_addf(report, tr("schema: the %s %s was not made by jobdesk\n"),
			    auditchk_type_label(db_col_text(x, 0)),
			    auditchk_shown(db_col_text(x, 1), nb, sizeof nb));
			(*found)++;
		} else if (r != DB_ROW) {
			ret = r;
			break;
		}
		db_reset(q);
	}
	db_finalize(x);
	db_finalize(q);
	if (ret != DB_DONE)
		return ret;
	if (*found == before)
		sbuf_add(report, tr("schema: every table, trigger and index as the migrations made "
		    "it, ok\n"));
	return 0;
}

/* The chain from row 1: one chain_start row, only converted (legacy) rows before it (chained as
 * they were copied), no row missing, and each row's hash SHA-256(the previous row's hash || its
 * content). */
static int
auditchk_chain(struct db *db, struct sbuf *report, int *found, struct diag *d)
{
	int64_t start = 0, starts = 0, early = 0;
	int ret;

	if ((ret = db_query_int(db, "SELECT count(*) FROM audit WHERE op = 'chain_start'", &starts,
	    "reading the audit", d)) != 0)
		return ret;
	if (starts == 0) {
		sbuf_add(report, tr("chain: the audit has no row where its chain starts\n"));
		(*found)++;
		return 0;
	}
	if (starts > 1) {
		sbuf_addf(report, tr("chain: the audit has %lld rows saying the chain starts there; "
		    "it has one\n"), (long long)starts);
		(*found)++;
	}
	if ((ret = db_query_int(db, "SELECT min(seq) FROM audit WHERE op = 'chain_start'", &start,
	    "reading the audit", d)) != 0 ||
	    (ret = db_query_int(db, "SELECT coalesce(min(seq), 0) FROM audit WHERE seq < (SELECT "
	    "min(seq) FROM audit WHERE op = 'chain_start') AND op <> 'legacy'", &early,
	    "reading the audit", d)) != 0)
		return ret;
	if (early != 0) {
		sbuf_addf(report, tr("chain: row %lld comes before the chain's start but is not a "
		    "converted row\n"), (long long)early);
		(*found)++;
	}
	/* the converted rows were chained as they were copied: the chain runs from row 1 */
	int64_t lowest = 0;
	if ((ret = db_query_int(db, "SELECT coalesce(min(seq), 1) FROM audit", &lowest, "reading the audit",
	    d)) != 0)
		return ret;
	if (lowest != 1) {
		sbuf_addf(report, tr("chain: it begins at row %lld, not at row 1\n"), (long long)lowest);
		(*found)++;
	}
	start = lowest;
	/* audit_log by name, as the view audit shows it (who acted by name through audit_who,
	 * schema step 19), the keys unpacked by jd_key_text (faster than the view's plain SQL) */
	struct db_stmt *st = db_prepare(db, "SELECT a.seq, lag(a.seq) OVER w, a.hash, "
	    "jd_chain(lag(a.hash) OVER w, a.seq, a.at, h.actor, nullif(h.acting_as, x''), t.name, "
	    "jd_key_text(a.row_key), o.name, a.before, a.after, a.row_hash) FROM audit_log a LEFT "
	    "JOIN audit_who h ON h.id = a.who LEFT "
	    "JOIN audit_code o ON o.code = a.op LEFT JOIN audit_code t ON t.code = a.tbl "
	    "WHERE a.seq >= ?1 WINDOW w AS (ORDER BY a.seq) ORDER BY a.seq");
	int64_t rows = 0, bad = 0, first = 0, gaps = 0;
	db_bind_int(st, 1, start);
	while ((ret = db_step(st, "reading the audit", d)) == DB_ROW) {
		int64_t seq = db_col_int(st, 0);
		rows++;
		if (!db_col_null(st, 1) && db_col_int(st, 1) + 1 != seq) {
			if (gaps++ == 0)
				sbuf_addf(report, tr("chain: rows %lld to %lld are missing\n"),
				    (long long)db_col_int(st, 1) + 1, (long long)seq - 1);
		}
		if (!auditchk_same(st, 2, 3) && bad++ == 0)
			first = seq;
	}
	db_finalize(st);
	if (ret != DB_DONE)
		return ret;
	*found += (int)gaps;
	if (bad > 0) {
		sbuf_addf(report, tr("chain: row %lld is the first that does not verify (%lld rows do "
		    "not)\n"), (long long)first, (long long)bad);
		(*found)++;
	} else if (gaps == 0) {
		sbuf_addf(report, tr("chain: %lld rows from row %lld verify, ok\n"), (long long)rows,
		    (long long)start);
	}
	return 0;
}

/* The head of the chain (its last row's seq and hash, hex), for a supervisor to note down. */
static int
auditchk_head(struct db *db, struct sbuf *report, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	int ret = db_step(st, "reading the audit", d);

	if (ret == DB_ROW) {
		size_t len;
		const unsigned char *h = db_col_bytes(st, 1, &len);
		char *hex = xmalloc(2 * len + 1);
		auditchk_hex(h, h != NULL ? len : 0, hex);
		sbuf_addf(report, tr("chain head: row %lld, hash %s (note it down: a later check shows "
		    "whether the chain still leads to it)\n"), (long long)db_col_int(st, 0),
		    hex[0] != '\0' ? hex : "-");
		free(hex);
		ret = 0;
	}
	db_finalize(st);
	return ret;
}

/* Every live row of the audited table number t against its last audit row (changed, added or
 * resurrected outside jobdesk), and every row the audit has alive but the table has not
 * (deleted outside jobdesk). *rows counts the rows that match. */
static int
auditchk_table(struct db *db, size_t t, struct sbuf *report, int *found, int64_t *rows,
    struct diag *d)
{
	char kb[300];
	const char *what = tr(auditchk_tables[t].label);
	struct db_stmt *st = db_prepare(db, auditchk_tables[t].live);
	int ret;

	while ((ret = db_step(st, "reading an audited table", d)) == DB_ROW) {
		const char *key = auditchk_shown(db_col_text(st, 0), kb, sizeof kb);
		size_t len;
		if (db_col_null(st, 2)) {
			sbuf_addf(report, tr("rows: %s %s has no audit row (added outside jobdesk)\n"),
			    what, key);
			(*found)++;
		} else if (db_col_bytes(st, 2, &len), len == 0) {
			sbuf_addf(report, tr("rows: %s %s is there though its audit says it was "
			    "deleted\n"), what, key);
			(*found)++;
		} else if (!auditchk_same(st, 1, 2)) {
			sbuf_addf(report, tr("rows: %s %s is not as its last audit row recorded "
			    "(changed outside jobdesk)\n"), what, key);
			(*found)++;
		} else {
			(*rows)++;
		}
	}
	db_finalize(st);
	if (ret != DB_DONE)
		return ret;
	st = db_prepare(db, auditchk_tables[t].gone);
	while ((ret = db_step(st, "reading the audit", d)) == DB_ROW) {
		sbuf_addf(report, tr("rows: %s %s is gone with no audit row (deleted outside "
		    "jobdesk)\n"), what, auditchk_shown(db_col_text(st, 0), kb, sizeof kb));
		(*found)++;
	}
	db_finalize(st);
	return ret;
}

/* Check the schema, the chain and the audited rows of db, writing a line per finding (and a
 * line per part that is fine) to report in the locale's language; *found counts the findings.
 * Returns 0, or a sysexits code when the check itself could not run. */
int
auditchk_run(struct db *db, struct sbuf *report, int *found, struct diag *d)
{
	struct db *exp = NULL;
	struct auditchk_names bad = { 0 };
	int ret, before;

	*found = 0;
	if ((ret = dbopen_expected(d, &exp)) != 0)
		return ret;
	if ((ret = auditchk_schema(db, exp, report, found, &bad, d)) != 0)
		goto out;
	if (auditchk_has(&bad, "audit")) {
		sbuf_add(report, tr("chain: not checked: the audit table is not as the migrations "
		    "made it\n"));
		goto out;
	}
	if ((ret = auditchk_chain(db, report, found, d)) != 0)
		goto out;
	/* the audited tables: those with an insert trigger in the expected schema, each one this
	 * file has statements for */
	struct db_stmt *st = db_prepare(exp, "SELECT t.name FROM sqlite_schema t WHERE t.type = "
	    "'table' AND EXISTS (SELECT 1 FROM sqlite_schema g WHERE g.type = 'trigger' AND g.name "
	    "= t.name || '_audit_i') ORDER BY t.rowid");
	int64_t rows = 0;
	before = *found;
	while ((ret = db_step(st, "reading the expected schema", d)) == DB_ROW) {
		const char *table = db_col_text(st, 0);
		size_t t = 0;
		while (t < sizeof auditchk_tables / sizeof *auditchk_tables &&
		    strcmp(auditchk_tables[t].table, table) != 0)
			t++;
		if (t == sizeof auditchk_tables / sizeof *auditchk_tables) {
			ret = diag_set(d, EX_SOFTWARE, "db check cannot check the rows of one of the "
			    "audited tables (%s): this jobdesk was built without its statements", table);
			break;
		}
		if (auditchk_has(&bad, table)) {
			sbuf_addf(report, tr("rows: %s not checked: its table is not as the migrations "
			    "made it\n"), auditchk_table_label(table));
			continue;
		}
		if ((ret = auditchk_table(db, t, report, found, &rows, d)) != DB_DONE)
			break;
	}
	db_finalize(st);
	if (ret != DB_DONE)
		goto out;
	ret = 0;
	if (*found == before)
		sbuf_addf(report, tr("rows: %lld rows of the audited tables are as their audit "
		    "recorded, ok\n"), (long long)rows);
	if ((ret = auditchk_head(db, report, d)) != 0)
		goto out;
	sbuf_add(report, tr("What the chain proves: the audit rows since its start are as they were "
	    "written, none taken out or put in between, and each row of the audited tables is as "
	    "its last audit row recorded. What it cannot prove: someone who can write the database "
	    "file can rewrite rows and build a consistent chain again, or take rows off its end. "
	    "Compare the head with one noted down earlier to see that.\n"));
out:
	auditchk_names_free(&bad);
	db_close(exp);
	return ret;
}
