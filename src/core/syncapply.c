/* Applying another office's changeset: merge, not overwrite (issue 17, point 4; see
 * core/syncapply.h). Three steps inside the caller's transaction:
 *   1. read every change and decide, before anything is written, which rows are held: a person
 *      whose ID number a case here holds (a merge proposal), a once-only decision whose slot a
 *      decision here holds, a row already held by an earlier bundle and not here, and every row
 *      whose parent (a foreign key) is held or missing here, with that parent: so that applying
 *      never leaves a row without its person (a FOREIGN_KEY conflict is refused, never omitted);
 *   2. apply the rest, re-encoded as a changeset, with sqlite3changeset_apply_v2 and a conflict
 *      handler that merges field by field (DATA), holds a deletion against a change (DATA,
 *      NOTFOUND), omits a row already here (CONFLICT: keys are unique across offices, so the same
 *      key is the same row) unless theirs was changed later (a snapshot: the differing fields
 *      are written) and holds what a constraint refuses (CONSTRAINT);
 *   3. recompute the derived columns of the persons touched (progress_restage, note_refollow;
 *      the flag copies and the sort key are their triggers').
 * Held rows keep their change as a changeset of one row (what keeping theirs applies). */
#include "core/syncapply.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* the session extension: compiled into Debian's 3.40.1, declared only with these */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/audit.h"
#include "core/casefile.h"
#include "core/db.h"
#include "core/note.h"
#include "core/outbox.h"
#include "core/progress.h"
#include "core/role.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* Why a row is held (sync_conflict.kind). */
enum sa_kind { SK_NONE, SK_FIELD, SK_DELETE, SK_INSERT, SK_DUPLICATE, SK_ONCE, SK_WITH,
	SK_AGAIN,  /* held already (the same change applied again): nothing new */
	SK_MERGED  /* a person merged into a case here (a duplicate resolved): not applied */ };
static const char *const sa_kinds[] = { "", "field", "delete", "insert", "duplicate", "once",
	"with", "", "" };

/* A foreign key of a synced table: the column and the synced table it names (-1: another). */
struct sa_fk {
	int col, ref;
};

/* A synced table as this database has it. */
struct sa_table {
	const char *name;      /* outbox_tables' own */
	int ncol;
	char **cols;           /* the column names */
	bool *derived;         /* recomputed after applying: never a conflict */
	int person_col;        /* the column naming the person (person: its id), or -1 */
	int created_at, created_by, updated_at;   /* their columns, or -1 */
	struct sa_fk *fks;
	int nfk;
};

/* One change of the changeset, its values copied (NULL: undefined in the change). */
struct sa_change {
	int t, op, indirect;
	sqlite3_value **old, **new;
	char *key;             /* the primary key's text (the first column: every synced key) */
	enum sa_kind held;
	int parent;            /* held with this change (index), or -1 */
	long parent_cid;       /* held with this conflict of an earlier bundle, or 0 */
	char *local_key;       /* the row here it clashes with (a duplicate, a once-only slot) */
	long cid;              /* its conflict's id once written */
	sqlite3_value **subst; /* values written instead of its own (a merged person's key), or NULL */
};

/* One application. */
struct sa {
	struct db *db;
	sqlite3 *h;
	const char *from, *label;
	struct syncapply_counts *c;
	struct diag *d;
	int ret;               /* the handler's failure (a code with d set), or 0 */
	long handled;          /* changes the handler held, merged or found here already */
	struct sa_table *tables;
	int ntables;
	struct sa_change *ch;
	int nch;
	int *slot;             /* the changes by table and key (open addressing): index + 1, 0 free */
	size_t nslot;
	struct rows persons;   /* the persons touched (one column; repeats) */
	sqlite3_stmt *write;   /* sa_write_fields' statement, kept for its text */
	char *write_sql;
};

/* The derived columns: every table's updated_at; person's stage, follow-up, sort key and the
 * household flags copied onto it (migration 0007). */
static bool
sa_is_derived(const char *table, const char *col)
{
	static const char *const person[] = { "stage", "next_followup", "name_sort", "low_income",
		"poor_disabled", "registered_poor", "extremely_poor", "zero_employment", NULL };

	if (strcmp(col, "updated_at") == 0)
		return true;
	if (strcmp(table, "person") != 0)
		return false;
	for (int i = 0; person[i] != NULL; i++)
		if (strcmp(col, person[i]) == 0)
			return true;
	return false;
}

/* Record an SQLite failure in d (what was being done, SQLite's words) and return its code. */
static int
sa_fail(struct sa *s, int rc, const char *what)
{
	if (s->ret != 0)
		return s->ret;
	s->ret = diag_set(s->d, rc == SQLITE_NOMEM ? EX_SOFTWARE : rc == SQLITE_BUSY ?
	    EX_UNAVAILABLE : EX_DATAERR, "applying the other office's changes: %s: %s", tr(what),
	    sqlite3_errmsg(s->h));
	return s->ret;
}

/* The index of a synced table by name, or -1. */
static int
sa_table_find(const struct sa *s, const char *name)
{
	for (int i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0)
			return i;
	return -1;
}

/* Read the synced tables' columns and foreign keys from this database's schema. */
static int
sa_tables_load(struct sa *s)
{
	int n = 0;

	while (outbox_tables[n] != NULL)
		n++;
	s->tables = xcalloc((size_t)n, sizeof *s->tables);
	s->ntables = n;
	for (int i = 0; i < n; i++) {
		struct sa_table *t = &s->tables[i];
		sqlite3_stmt *st;
		t->name = outbox_tables[i];
		t->person_col = t->created_at = t->created_by = t->updated_at = -1;
		if (sqlite3_prepare_v2(s->h, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1,
		    &st, NULL) != SQLITE_OK)
			return sa_fail(s, SQLITE_ERROR, N_("reading the tables' columns"));
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(st, 0);
			t->cols = xrealloc(t->cols, (size_t)(t->ncol + 1) * sizeof *t->cols);
			t->derived = xrealloc(t->derived, (size_t)(t->ncol + 1) * sizeof *t->derived);
			t->cols[t->ncol] = xstrdup(c);
			t->derived[t->ncol] = sa_is_derived(t->name, c);
			if (strcmp(c, strcmp(t->name, "person") == 0 ? "id" : "person_id") == 0)
				t->person_col = t->ncol;
			if (strcmp(c, "created_at") == 0)
				t->created_at = t->ncol;
			if (strcmp(c, "created_by") == 0)
				t->created_by = t->ncol;
			if (strcmp(c, "updated_at") == 0)
				t->updated_at = t->ncol;
			t->ncol++;
		}
		sqlite3_finalize(st);
	}
	for (int i = 0; i < n; i++) {
		struct sa_table *t = &s->tables[i];
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->h, "SELECT \"table\", \"from\" FROM "
		    "pragma_foreign_key_list(?1)", -1, &st, NULL) != SQLITE_OK)
			return sa_fail(s, SQLITE_ERROR, N_("reading the tables' columns"));
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *ref = (const char *)sqlite3_column_text(st, 0);
			const char *from = (const char *)sqlite3_column_text(st, 1);
			int col = -1;
			for (int k = 0; k < t->ncol; k++)
				if (strcmp(t->cols[k], from) == 0)
					col = k;
			if (col < 0)
				continue;
			t->fks = xrealloc(t->fks, (size_t)(t->nfk + 1) * sizeof *t->fks);
			t->fks[t->nfk++] = (struct sa_fk){ col, sa_table_find(s, ref) };
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Free what sa_tables_load and the change list hold. */
static void
sa_free(struct sa *s)
{
	for (int i = 0; i < s->nch; i++) {
		struct sa_change *c = &s->ch[i];
		for (int k = 0; c->old != NULL && k < s->tables[c->t].ncol; k++)
			sqlite3_value_free(c->old[k]);
		for (int k = 0; c->new != NULL && k < s->tables[c->t].ncol; k++)
			sqlite3_value_free(c->new[k]);
		free(c->old);
		free(c->new);
		for (int k = 0; c->subst != NULL && k < s->tables[c->t].ncol; k++)
			sqlite3_value_free(c->subst[k]);
		free(c->subst);
		free(c->key);
		free(c->local_key);
	}
	free(s->ch);
	free(s->slot);
	for (int i = 0; i < s->ntables; i++) {
		struct sa_table *t = &s->tables[i];
		for (int k = 0; k < t->ncol; k++)
			free(t->cols[k]);
		free(t->cols);
		free(t->derived);
		free(t->fks);
	}
	free(s->tables);
	rows_free(&s->persons);
	sqlite3_finalize(s->write);
	free(s->write_sql);
}

/* Copy the values of one side of the iterator's change (old or new), NULL where undefined. */
static sqlite3_value **
sa_copy_values(sqlite3_changeset_iter *it, int ncol, bool old)
{
	sqlite3_value **v = xcalloc((size_t)ncol, sizeof *v);

	for (int k = 0; k < ncol; k++) {
		sqlite3_value *x = NULL;
		if ((old ? sqlite3changeset_old(it, k, &x) : sqlite3changeset_new(it, k, &x)) ==
		    SQLITE_OK && x != NULL)
			v[k] = sqlite3_value_dup(x);
	}
	return v;
}

/* The change's value of column k: the new one when it sets it, else the old one, else NULL. */
static sqlite3_value *
sa_value(const struct sa_change *c, int k)
{
	if (c->new != NULL && c->new[k] != NULL)
		return c->new[k];
	return c->old != NULL ? c->old[k] : NULL;
}

/* The text of a value, or NULL (NULL value, undefined or not text). */
static const char *
sa_text(sqlite3_value *v)
{
	return v != NULL && sqlite3_value_type(v) != SQLITE_NULL ?
	    (const char *)sqlite3_value_text(v) : NULL;
}

/* A time as unix milliseconds (an integer since step 17; the ISO text of a row written some
 * other way read as it says): 0, or -1 when v is neither. */
static int
sa_ms(sqlite3_value *v, int64_t *ms)
{
	if (v != NULL && sqlite3_value_type(v) == SQLITE_INTEGER) {
		*ms = sqlite3_value_int64(v);
		return 0;
	}
	return v != NULL && sqlite3_value_type(v) == SQLITE_TEXT ?
	    db_ms_parse((const char *)sqlite3_value_text(v), ms) : -1;
}

/* Whether time a is later than time b (updated_at); false when either is not a time. */
static bool
sa_later(sqlite3_value *a, sqlite3_value *b)
{
	int64_t x, y;

	return sa_ms(a, &x) == 0 && sa_ms(b, &y) == 0 && x > y;
}

/* Bind a time to parameter i as the text it is shown as: unix milliseconds as ISO 8601 UTC,
 * any other value as it is. */
static void
sa_bind_time(sqlite3_stmt *st, int i, sqlite3_value *v)
{
	char t[32];

	if (sqlite3_value_type(v) == SQLITE_INTEGER)
		sqlite3_bind_text(st, i, db_ms_text(sqlite3_value_int64(v), t), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_value(st, i, v);
}

/* Read every change of the changeset, checking each table against this database's. */
static int
sa_read(struct sa *s, const void *cs, size_t len)
{
	sqlite3_changeset_iter *it;
	int rc;

	if ((rc = sqlite3changeset_start(&it, (int)len, (void *)cs)) != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the changes"));
	while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect, t;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
		if ((t = sa_table_find(s, tbl)) < 0 || s->tables[t].ncol != ncol) {
			/* tbl is the iterator's: said before it is finalized */
			const char *what = casefile_table_label(tbl);
			s->ret = diag_set(s->d, EX_DATAERR, "the other office's changes hold %s with %d "
			    "fields, which this database's do not: both offices need the same jobdesk "
			    "version; nothing was applied", what != NULL ? what : tr("record"), ncol);
			sqlite3changeset_finalize(it);
			return s->ret;
		}
		s->ch = xrealloc(s->ch, (size_t)(s->nch + 1) * sizeof *s->ch);
		struct sa_change *c = &s->ch[s->nch++];
		*c = (struct sa_change){ .t = t, .op = op, .indirect = indirect, .parent = -1 };
		if (op != SQLITE_INSERT)
			c->old = sa_copy_values(it, ncol, true);
		if (op != SQLITE_DELETE)
			c->new = sa_copy_values(it, ncol, false);
		const char *k = sa_text(sa_value(c, 0));
		c->key = xstrdup(k != NULL ? k : "");
	}
	rc = sqlite3changeset_finalize(it);
	if (rc != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the changes"));
	return 0;
}

/* Run a one-row query of up to two text parameters (kept prepared: db_cached); its first
 * column's text copied into *out (NULL when no row or NULL). 0 or a code. */
static int
sa_query(struct sa *s, const char *sql, const char *p1, const char *p2, char **out)
{
	struct db_stmt *st = db_cached(s->db, sql);
	int ret;

	*out = NULL;
	db_bind_text(st, 1, p1);
	if (p2 != NULL)
		db_bind_text(st, 2, p2);
	if ((ret = db_step(st, N_("reading this office's rows"), s->d)) == DB_ROW) {
		if (db_col_text(st, 0) != NULL)
			*out = xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_reset(st);
	if (ret != 0 && s->ret == 0)
		s->ret = ret;
	return ret;
}

/* Whether table t has a row of key here: 1, 0, or -1 with the failure recorded. */
static int
sa_exists(struct sa *s, int t, const char *key)
{
	struct sbuf sql = SBUF_INIT;
	char *v;

	/* the table's name is outbox_tables' own, never the changeset's */
	sbuf_addf(&sql, "SELECT 'y' FROM \"%s\" WHERE id = ?1", s->tables[t].name);
	int ret = sa_query(s, sbuf_str(&sql), key, NULL, &v);
	sbuf_free(&sql);
	if (ret != 0)
		return -1;
	free(v);
	return v != NULL;
}

/* The person a change concerns (caller frees), or NULL: its own value of the table's person
 * column, else the row here's (an update names only the columns it changes). */
static char *
sa_person_of(struct sa *s, const struct sa_change *c)
{
	const struct sa_table *t = &s->tables[c->t];
	struct sbuf sql = SBUF_INIT;
	char *v = NULL;

	if (t->person_col < 0)
		return NULL;
	if (c->subst != NULL && c->subst[t->person_col] != NULL)
		return xstrdup(sa_text(c->subst[t->person_col]));
	const char *own = sa_text(sa_value(c, t->person_col));
	if (own != NULL)
		return xstrdup(own);
	/* identifiers are the schema's own */
	sbuf_addf(&sql, "SELECT \"%s\" FROM \"%s\" WHERE id = ?1", t->cols[t->person_col],
	    t->name);
	sa_query(s, sbuf_str(&sql), c->key, NULL, &v);
	sbuf_free(&sql);
	return v;
}

/* The open conflict that holds table t's row key already (not a field conflict: the row is not
 * here): its id in *id (0 when none), the root it is held with in *root, and whether it holds
 * this very change (blob, NULL: not asked): applied again. 0 or a code. */
static int
sa_open_held(struct sa *s, int t, const char *key, const struct sbuf *blob, long *id,
    long *root, bool *again)
{
	struct db_stmt *st = db_cached(s->db, "SELECT id, coalesce(parent, id), change = ?3 "
	    "FROM sync_conflict WHERE tbl = ?1 AND row_key = ?2 AND status = 'open' AND "
	    "kind <> 'field' ORDER BY change = ?3 DESC, id LIMIT 1");
	int ret;

	*id = *root = 0;
	*again = false;
	db_bind_text(st, 1, s->tables[t].name);
	db_bind_text(st, 2, key);
	if (blob != NULL)
		db_bind_blob(st, 3, blob->s, blob->len);
	if ((ret = db_step(st, N_("reading the conflicts held"), s->d)) == DB_ROW) {
		*id = (long)db_col_int(st, 0);
		*root = (long)db_col_int(st, 1);
		*again = db_col_int(st, 2) != 0;
		ret = 0;
	}
	db_reset(st);
	if (ret != 0 && s->ret == 0)
		s->ret = ret;
	return ret;
}

/* The case here a person of the other office was merged into (a duplicate resolved), or NULL
 * (caller frees). */
static char *
sa_merged_into(struct sa *s, const char *person_id)
{
	char *v = NULL;

	sa_query(s, "SELECT local_key FROM sync_conflict WHERE tbl = 'person' AND row_key = ?1 AND "
	    "kind = 'duplicate' AND status = 'resolved' ORDER BY id DESC LIMIT 1", person_id, NULL,
	    &v);
	return v;
}

/* The slot of table t's row key in the index of changes (its change, or the free slot). */
static size_t
sa_slot(const struct sa *s, int t, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)t;

	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (size_t i = h % s->nslot; ; i = (i + 1) % s->nslot) {
		int c = s->slot[i] - 1;
		if (c < 0 || (s->ch[c].t == t && strcmp(s->ch[c].key, key) == 0))
			return i;
	}
}

/* Index the changes by table and key (a changeset holds one change a row). */
static void
sa_index(struct sa *s)
{
	s->nslot = 2 * (size_t)s->nch + 1;
	s->slot = xcalloc(s->nslot, sizeof *s->slot);
	for (int i = 0; i < s->nch; i++)
		s->slot[sa_slot(s, s->ch[i].t, s->ch[i].key)] = i + 1;
}

/* The change of this changeset to table t's row key, or -1. */
static int
sa_find(const struct sa *s, int t, const char *key)
{
	return s->slot[sa_slot(s, t, key)] - 1;
}

/* A text value made by SQLite (to stand in a changeset), or NULL for NULL text. Free it with
 * sqlite3_value_free. */
static sqlite3_value *
sa_make_text(sqlite3 *h, const char *v)
{
	sqlite3_stmt *st;
	sqlite3_value *out = NULL;

	if (sqlite3_prepare_v2(h, "SELECT ?1", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = sqlite3_value_dup(sqlite3_column_value(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Write value v (a person's key here) in column k of the change instead of its own. */
static void
sa_substitute(struct sa *s, struct sa_change *c, int k, const char *v)
{
	if (c->subst == NULL)
		c->subst = xcalloc((size_t)s->tables[c->t].ncol, sizeof *c->subst);
	sqlite3_value_free(c->subst[k]);
	c->subst[k] = sa_make_text(s->h, v);
}

static void sa_put_table(struct sbuf *b, const struct sa_table *t);
static void sa_put_change(struct sbuf *b, const struct sa_table *t, const struct sa_change *c,
    sqlite3_value *const *subst);

/* The index of column name of table t, or -1. */
static int
sa_col(const struct sa *s, int t, const char *name)
{
	for (int k = 0; k < s->tables[t].ncol; k++)
		if (strcmp(s->tables[t].cols[k], name) == 0)
			return k;
	return -1;
}

/* Step 1 for a row that is not here: held already (this change: applied again; another of the
 * row: with it), a person merged into a case here (its changes go to that case), a person whose
 * ID number a case here holds (a merge proposal), a once-only decision whose slot a decision here
 * holds. 0 or a code. */
static int
sa_decide_absent(struct sa *s, struct sa_change *c, int tperson, int tdecision)
{
	struct sbuf blob = SBUF_INIT;
	long id, root;
	bool again;
	char *into = NULL;

	sa_put_table(&blob, &s->tables[c->t]);
	sa_put_change(&blob, &s->tables[c->t], c, NULL);
	int ret = sa_open_held(s, c->t, c->key, &blob, &id, &root, &again);
	sbuf_free(&blob);
	if (ret != 0)
		return ret;
	if (id != 0) {
		c->held = again ? SK_AGAIN : SK_WITH;
		c->cid = again ? id : 0;
		c->parent_cid = root;
		return 0;
	}
	if (c->t == tperson && (into = sa_merged_into(s, c->key)) != NULL) {
		/* a change of the merged person: to the case here (an insert: that case already) */
		if (c->op == SQLITE_INSERT) {
			c->held = SK_MERGED;
			c->local_key = into;
		} else {
			sa_substitute(s, c, 0, into);
			free(into);
		}
		return 0;
	}
	if (c->op != SQLITE_INSERT)
		return 0;
	if (c->t == tperson) {
		int k = sa_col(s, c->t, "id_number");
		const char *idn = k >= 0 ? sa_text(c->new[k]) : NULL;
		if (idn != NULL && sa_query(s, "SELECT id FROM person WHERE id_number = ?1 AND "
		    "id <> ?2", idn, c->key, &c->local_key) != 0)
			return s->ret;
		if (c->local_key != NULL)
			c->held = SK_DUPLICATE;
	} else if (c->t == tdecision) {
		int ko = sa_col(s, c->t, "once_key"), ks = sa_col(s, c->t, "status");
		const char *once = ko >= 0 ? sa_text(c->new[ko]) : NULL;
		const char *st = ks >= 0 ? sa_text(c->new[ks]) : NULL;
		if (once != NULL && st != NULL && strstr("|proposed|approved|decided|paid|", st) &&
		    sa_query(s, "SELECT id FROM decision WHERE once_key = ?1 AND id <> ?2 AND "
		    "status IN ('proposed', 'approved', 'decided', 'paid')", once, c->key,
		    &c->local_key) != 0)
			return s->ret;
		if (c->local_key != NULL)
			c->held = SK_ONCE;
	}
	return 0;
}

/* Step 1 for one foreign key of a change: its parent held (held with it), merged into a case
 * here (the case named instead), or missing here and in the changeset (held: deleted here).
 * Whether the change became held in *held_now. 0 or a code. */
static int
sa_decide_parent(struct sa *s, struct sa_change *c, const struct sa_fk *fk, bool *held_now)
{
	const char *ref = c->new[fk->col] != NULL ? sa_text(c->new[fk->col]) : NULL;
	long id;
	bool again;
	int p, here;

	*held_now = false;
	if (ref == NULL || fk->ref < 0 || (c->subst != NULL && c->subst[fk->col] != NULL))
		return 0;
	if ((p = sa_find(s, fk->ref, ref)) >= 0 && s->ch[p].held == SK_MERGED) {
		sa_substitute(s, c, fk->col, s->ch[p].local_key);
		return 0;
	}
	if (p >= 0 && s->ch[p].held != SK_NONE) {
		c->held = SK_WITH;
		c->parent = p;
	} else if (p >= 0 && s->ch[p].op == SQLITE_INSERT) {
		return 0;
	} else if ((here = sa_exists(s, fk->ref, ref)) < 0) {
		return s->ret;
	} else if (here) {
		return 0;
	} else if (sa_open_held(s, fk->ref, ref, NULL, &id, &c->parent_cid, &again) != 0) {
		return s->ret;
	} else if (c->parent_cid != 0) {
		c->held = SK_WITH;
	} else {
		char *into = fk->ref == sa_table_find(s, "person") ? sa_merged_into(s, ref) : NULL;
		if (into != NULL) {
			sa_substitute(s, c, fk->col, into);
			free(into);
			return 0;
		}
		c->held = SK_DELETE;   /* no conflict holds the parent: it was deleted here */
	}
	*held_now = true;
	return 0;
}

/* Step 1: decide which changes are held, before anything is written. */
static int
sa_decide(struct sa *s)
{
	int tperson = sa_table_find(s, "person"), tdecision = sa_table_find(s, "decision");
	bool more = true;

	sa_index(s);
	for (int i = 0; i < s->nch; i++) {
		struct sa_change *c = &s->ch[i];
		int here = sa_exists(s, c->t, c->key);
		if (here < 0)
			return s->ret;
		if (!here && sa_decide_absent(s, c, tperson, tdecision) != 0)
			return s->ret;
	}
	/* a row whose parent is held, or missing here, is held with it: until nothing changes */
	while (more) {
		more = false;
		for (int i = 0; i < s->nch; i++) {
			struct sa_change *c = &s->ch[i];
			const struct sa_table *t = &s->tables[c->t];
			bool now = false;
			if (c->held != SK_NONE || c->op == SQLITE_DELETE)
				continue;
			for (int f = 0; f < t->nfk && c->held == SK_NONE; f++)
				if (sa_decide_parent(s, c, &t->fks[f], &now) != 0)
					return s->ret;
			more = more || now;
		}
	}
	return 0;
}

/* Append a varint (SQLite's: 7 bits a byte, big-endian, the high bit saying more follow). */
static void
sa_put_varint(struct sbuf *b, uint64_t v)
{
	unsigned char buf[10];
	int n = 0;

	do {
		buf[n++] = (unsigned char)(v & 0x7f);
		v >>= 7;
	} while (v != 0);
	while (n > 0) {
		n--;
		sbuf_addc(b, (char)(buf[n] | (n > 0 ? 0x80 : 0)));
	}
}

/* Append one value of a changeset record (NULL: undefined). */
static void
sa_put_value(struct sbuf *b, sqlite3_value *v)
{
	int type = v != NULL ? sqlite3_value_type(v) : 0;

	sbuf_addc(b, (char)type);
	if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
		uint64_t u;
		if (type == SQLITE_INTEGER) {
			int64_t i = sqlite3_value_int64(v);
			memcpy(&u, &i, sizeof u);
		} else {
			double f = sqlite3_value_double(v);
			memcpy(&u, &f, sizeof u);
		}
		for (int k = 7; k >= 0; k--)
			sbuf_addc(b, (char)((u >> (k * 8)) & 0xff));
	} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
		int n = sqlite3_value_bytes(v);
		const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) :
		    sqlite3_value_blob(v);
		sa_put_varint(b, (uint64_t)n);
		sbuf_addn(b, p, (size_t)n);
	}
}

/* Append a table header (the key is the first column, as in every synced table). */
static void
sa_put_table(struct sbuf *b, const struct sa_table *t)
{
	sbuf_addc(b, 'T');
	sa_put_varint(b, (uint64_t)t->ncol);
	for (int k = 0; k < t->ncol; k++)
		sbuf_addc(b, (char)(k == 0 ? 1 : 0));
	sbuf_addn(b, t->name, strlen(t->name) + 1);
}

/* Append one change; subst (NULL: the change's own, or a value or NULL per column) replaces the
 * values it defines (the key too, where an update or a deletion names it). */
static void
sa_put_change(struct sbuf *b, const struct sa_table *t, const struct sa_change *c,
    sqlite3_value *const *subst)
{
	if (subst == NULL)
		subst = c->subst;
	sbuf_addc(b, (char)c->op);
	sbuf_addc(b, (char)c->indirect);
	if (c->old != NULL)
		for (int k = 0; k < t->ncol; k++)
			sa_put_value(b, k == 0 && subst != NULL && subst[0] != NULL ? subst[0] :
			    c->old[k]);
	if (c->new != NULL)
		for (int k = 0; k < t->ncol; k++)
			sa_put_value(b, subst != NULL && subst[k] != NULL && c->new[k] != NULL ?
			    subst[k] : c->new[k]);
}

/* A JSON object of the values of the named columns (mask) of a row's values. */
static void
sa_json_values(struct sbuf *out, const struct sa_table *t, sqlite3_value *const *v,
    const bool *mask)
{
	struct json j;

	json_init(&j, out);
	json_obj(&j);
	for (int k = 0; k < t->ncol; k++) {
		if (!mask[k])
			continue;
		json_key(&j, t->cols[k]);
		int type = v[k] != NULL ? sqlite3_value_type(v[k]) : SQLITE_NULL;
		if (type == SQLITE_INTEGER)
			json_int(&j, sqlite3_value_int64(v[k]));
		else if (type == SQLITE_NULL)
			json_null(&j);
		else
			json_str(&j, (const char *)sqlite3_value_text(v[k]));
	}
	json_obj_end(&j);
}

/* A JSON array of the named columns' names. */
static void
sa_json_names(struct sbuf *out, const struct sa_table *t, const bool *mask)
{
	struct json j;

	json_init(&j, out);
	json_arr(&j);
	for (int k = 0; k < t->ncol; k++)
		if (mask[k])
			json_str(&j, t->cols[k]);
	json_arr_end(&j);
}

/* What a held row says beside its change. */
struct sa_hold {
	enum sa_kind kind;
	const char *local_key;
	long parent;
	const char *fields, *mine, *theirs;
};

/* The audit rows (audit_log a) of row key ?1 of table ?2 (a name), by the audit_key index. */
#define SA_AUDIT_ROW "substr(a.row_key, -3) = substr(jd_key_pack(?1), -3) AND a.row_key = " \
    "jd_key_pack(?1) AND a.tbl = (SELECT code FROM audit_code WHERE kind = 'tbl' AND name = ?2)"

/* Hold a change aside (once per bundle: the same bundle again holds nothing new); its id in
 * c->cid. 0 or a code. */
static int
sa_hold(struct sa *s, struct sa_change *c, const struct sa_hold *h)
{
	const struct sa_table *t = &s->tables[c->t];
	struct sbuf blob = SBUF_INIT;
	sqlite3_stmt *st;
	char now[32], *mine_by = NULL, *mine_at = NULL;
	int rc;

	sa_put_table(&blob, t);
	sa_put_change(&blob, t, c, NULL);
	db_now(now);
	/* who changed it here last, and when: this office's audit, the row found by a seek on
	 * audit_key (schema step 18), who acted by name through audit_who (step 19) */
	if (sa_query(s, "SELECT w.actor FROM audit_log a LEFT JOIN audit_who w ON w.id = a.who "
	    "WHERE " SA_AUDIT_ROW " ORDER BY a.seq DESC LIMIT 1", c->key, t->name, &mine_by) != 0 ||
	    sa_query(s, "SELECT a.at FROM audit_log a WHERE " SA_AUDIT_ROW " ORDER BY a.seq DESC "
	    "LIMIT 1", c->key, t->name, &mine_at) != 0) {
		sbuf_free(&blob);
		return s->ret;
	}
	if ((rc = sqlite3_prepare_v2(s->h, "INSERT INTO sync_conflict (kind, tbl, row_key, "
	    "person_id, local_key, parent, fields, mine, theirs, change, mine_by, mine_at, theirs_by, "
	    "theirs_at, from_office, bundle, held_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT DO NOTHING", -1, &st, NULL)) !=
	    SQLITE_OK) {
		sbuf_free(&blob);
		return sa_fail(s, rc, N_("holding a conflict aside"));
	}
	sqlite3_bind_text(st, 1, sa_kinds[h->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->key, -1, SQLITE_STATIC);
	char *pid = sa_person_of(s, c);
	sqlite3_bind_text(st, 4, pid, -1, SQLITE_TRANSIENT);
	free(pid);
	sqlite3_bind_text(st, 5, h->local_key, -1, SQLITE_STATIC);
	if (h->parent != 0)
		sqlite3_bind_int64(st, 6, h->parent);
	sqlite3_bind_text(st, 7, h->fields, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, h->mine, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, h->theirs, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, sbuf_str(&blob), (int)blob.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, mine_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, mine_at, -1, SQLITE_STATIC);
	if (c->op == SQLITE_INSERT && t->created_by >= 0)
		sqlite3_bind_value(st, 13, c->new[t->created_by]);
	if (t->updated_at >= 0 && sa_value(c, t->updated_at) != NULL)
		sa_bind_time(st, 14, sa_value(c, t->updated_at));
	sqlite3_bind_text(st, 15, s->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 16, s->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	bool added = rc == SQLITE_DONE && sqlite3_changes(s->h) > 0;
	sqlite3_finalize(st);
	free(mine_by);
	free(mine_at);
	if (rc != SQLITE_DONE || added)
		sbuf_free(&blob);
	if (rc != SQLITE_DONE)
		return sa_fail(s, rc, N_("holding a conflict aside"));
	if (added) {
		s->c->held++;
		c->cid = sqlite3_last_insert_rowid(s->h);
		return 0;
	}
	/* held by this bundle before: that row's id */
	if ((rc = sqlite3_prepare_v2(s->h, "SELECT id FROM sync_conflict WHERE tbl = ?1 AND "
	    "row_key = ?2 AND kind = ?3 AND change = ?4", -1, &st, NULL)) != SQLITE_OK)
		return sbuf_free(&blob), sa_fail(s, rc, N_("holding a conflict aside"));
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sa_kinds[h->kind], -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, blob.s, (int)blob.len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->cid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sbuf_free(&blob);
	return 0;
}

/* Step 1's holds written: the roots first, then each row once what it is held with has its id. */
static int
sa_hold_decided(struct sa *s)
{
	bool more = true;

	while (more && s->ret == 0) {
		more = false;
		for (int i = 0; i < s->nch; i++) {
			struct sa_change *c = &s->ch[i];
			const struct sa_table *t = &s->tables[c->t];
			if (c->held == SK_NONE || c->held == SK_MERGED || c->cid != 0)
				continue;
			if (c->parent >= 0 && s->ch[c->parent].cid == 0) {
				more = true;
				continue;
			}
			struct sbuf theirs = SBUF_INIT;
			bool *all = xcalloc((size_t)t->ncol, sizeof *all);
			for (int k = 0; k < t->ncol; k++)
				all[k] = c->new != NULL && c->new[k] != NULL && !t->derived[k];
			if (c->new != NULL)
				sa_json_values(&theirs, t, c->new, all);
			struct sa_hold h = { c->held, c->local_key,
			    c->parent >= 0 ? s->ch[c->parent].cid : c->parent_cid, NULL, NULL,
			    c->new != NULL ? sbuf_str(&theirs) : NULL };
			sa_hold(s, c, &h);
			sbuf_free(&theirs);
			free(all);
		}
	}
	return s->ret;
}

/* Remember a person touched (sa_recompute sees each once). */
static void
sa_touch(struct sa *s, const char *person_id)
{
	if (person_id != NULL)
		rows_add(&s->persons, &person_id);
}

/* Remember the person a change touches (sa_person_of). */
static void
sa_touch_change(struct sa *s, const struct sa_change *c)
{
	char *pid = sa_person_of(s, c);

	sa_touch(s, pid);
	free(pid);
}

/* Whether two values are the same (both NULL counts as the same). */
static bool
sa_same(sqlite3_value *a, sqlite3_value *b)
{
	int ta = a != NULL ? sqlite3_value_type(a) : SQLITE_NULL;
	int tb = b != NULL ? sqlite3_value_type(b) : SQLITE_NULL;

	if (ta == SQLITE_NULL || tb == SQLITE_NULL)
		return ta == tb;
	if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER)
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	if ((ta == SQLITE_INTEGER || ta == SQLITE_FLOAT) && (tb == SQLITE_INTEGER ||
	    tb == SQLITE_FLOAT))
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	if (ta != tb || sqlite3_value_bytes(a) != sqlite3_value_bytes(b))
		return false;
	return memcmp(ta == SQLITE_BLOB ? sqlite3_value_blob(a) : (const void *)sqlite3_value_text(a),
	    tb == SQLITE_BLOB ? sqlite3_value_blob(b) : (const void *)sqlite3_value_text(b),
	    (size_t)sqlite3_value_bytes(a)) == 0;
}

/* Write the named columns (mask) of table t's row key from vals, with updated_at the later of
 * the two sides', as one bound UPDATE (kept prepared while the columns are the same). */
static int
sa_write_fields(struct sa *s, const struct sa_table *t, const char *key, sqlite3_value **vals,
    const bool *mask, sqlite3_value *their_updated)
{
	struct sbuf sql = SBUF_INIT;
	int n = 0, rc;

	/* identifiers are the schema's own (pragma table_info); values are bound */
	sbuf_addf(&sql, "UPDATE \"%s\" SET ", t->name);
	for (int k = 0; k < t->ncol; k++)
		if (mask[k])
			sbuf_addf(&sql, "%s\"%s\" = ?%d", n++ ? ", " : "", t->cols[k], k + 2);
	if (t->updated_at >= 0)
		sbuf_addf(&sql, ", updated_at = max(updated_at, coalesce(?%d, updated_at))", t->ncol + 2);
	sbuf_add(&sql, " WHERE id = ?1");
	if (s->write_sql == NULL || strcmp(s->write_sql, sbuf_str(&sql)) != 0) {
		sqlite3_finalize(s->write);
		free(s->write_sql);
		s->write_sql = sbuf_take(&sql);
		if ((rc = sqlite3_prepare_v2(s->h, s->write_sql, -1, &s->write, NULL)) != SQLITE_OK)
			return sa_fail(s, rc, N_("merging a row's fields"));
	}
	sbuf_free(&sql);
	sqlite3_stmt *st = s->write;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	for (int k = 0; k < t->ncol; k++)
		if (mask[k])
			sqlite3_bind_value(st, k + 2, vals[k]);
	if (t->updated_at >= 0 && their_updated != NULL)
		sqlite3_bind_value(st, t->ncol + 2, their_updated);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : sa_fail(s, rc, N_("merging a row's fields"));
}

/* The change the iterator is on, as a struct sa_change (values borrowed from the iterator:
 * free only the arrays). */
static void
sa_borrow(struct sa *s, sqlite3_changeset_iter *it, struct sa_change *c)
{
	const char *tbl;
	int ncol, op, indirect;

	sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
	*c = (struct sa_change){ .t = sa_table_find(s, tbl), .op = op, .indirect = indirect,
	    .parent = -1 };
	c->old = xcalloc((size_t)ncol, sizeof *c->old);
	c->new = xcalloc((size_t)ncol, sizeof *c->new);
	for (int k = 0; k < ncol; k++) {
		if (op != SQLITE_INSERT)
			sqlite3changeset_old(it, k, &c->old[k]);
		if (op != SQLITE_DELETE)
			sqlite3changeset_new(it, k, &c->new[k]);
	}
	if (op == SQLITE_INSERT) {
		free(c->old);
		c->old = NULL;
	}
	if (op == SQLITE_DELETE) {
		free(c->new);
		c->new = NULL;
	}
	const char *k = sa_text(sa_value(c, 0));
	c->key = xstrdup(k != NULL ? k : "");
}

/* The conflict handler: merge field by field, hold what both changed, never blindly replace;
 * a foreign-key conflict ends the application (never omitted: no orphan rows). */
static int
sa_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
	struct sa *s = ctx;
	struct sa_change c;
	int res = SQLITE_CHANGESET_OMIT;

	if (s->ret != 0)
		return SQLITE_CHANGESET_ABORT;
	if (type == SQLITE_CHANGESET_FOREIGN_KEY) {
		int n = 0;
		sqlite3changeset_fk_conflicts(it, &n);
		s->ret = diag_set(s->d, EX_DATAERR, "the other office's changes would leave %d rows "
		    "without the row they belong to; nothing was applied: import its earlier bundles "
		    "first", n);
		return SQLITE_CHANGESET_ABORT;
	}
	sa_borrow(s, it, &c);
	const struct sa_table *t = &s->tables[c.t];
	bool *mine = xcalloc((size_t)t->ncol, sizeof *mine);
	bool *write = xcalloc((size_t)t->ncol, sizeof *write);
	sqlite3_value **local = xcalloc((size_t)t->ncol, sizeof *local);
	struct sbuf fields = SBUF_INIT, jm = SBUF_INIT, jt = SBUF_INIT;
	int nboth = 0, nwrite = 0, ndiff = 0;

	if (type == SQLITE_CHANGESET_DATA || type == SQLITE_CHANGESET_CONFLICT)
		for (int k = 0; k < t->ncol; k++)
			sqlite3changeset_conflict(it, k, &local[k]);
	sa_touch_change(s, &c);
	if (type == SQLITE_CHANGESET_DATA && c.op == SQLITE_UPDATE) {
		/* theirs changed a field: write it where ours is still the old value; both changed it
		 * to different values: held; both to the same value, or a derived one: nothing */
		for (int k = 1; k < t->ncol; k++) {
			if (c.new[k] == NULL || t->derived[k] || sa_same(local[k], c.new[k]))
				continue;
			if (sa_same(local[k], c.old[k])) {
				write[k] = true;
				nwrite++;
			} else {
				mine[k] = true;
				nboth++;
			}
		}
		if (nwrite > 0 && sa_write_fields(s, t, c.key, c.new, write,
		    t->updated_at >= 0 ? c.new[t->updated_at] : NULL) != 0)
			goto out;
		if (nwrite > 0)
			s->c->merged++;
		if (nboth > 0) {
			sa_json_names(&fields, t, mine);
			sa_json_values(&jm, t, local, mine);
			sa_json_values(&jt, t, c.new, mine);
			struct sa_hold h = { SK_FIELD, NULL, 0, sbuf_str(&fields), sbuf_str(&jm),
			    sbuf_str(&jt) };
			sa_hold(s, &c, &h);
		}
	} else if (type == SQLITE_CHANGESET_DATA && c.op == SQLITE_DELETE) {
		/* deleted there, changed here: held, unless only derived columns differ */
		for (int k = 1; k < t->ncol; k++)
			if (!t->derived[k] && !sa_same(local[k], c.old[k])) {
				mine[k] = true;
				ndiff++;
			}
		if (ndiff == 0) {
			res = SQLITE_CHANGESET_REPLACE;
		} else {
			sa_json_names(&fields, t, mine);
			sa_json_values(&jm, t, local, mine);
			struct sa_hold h = { SK_DELETE, NULL, 0, sbuf_str(&fields), sbuf_str(&jm), NULL };
			sa_hold(s, &c, &h);
		}
	} else if (type == SQLITE_CHANGESET_NOTFOUND && c.op == SQLITE_UPDATE) {
		/* changed there, deleted here: held with their values */
		for (int k = 1; k < t->ncol; k++)
			mine[k] = c.new[k] != NULL && !t->derived[k];
		sa_json_names(&fields, t, mine);
		sa_json_values(&jt, t, c.new, mine);
		struct sa_hold h = { SK_DELETE, NULL, 0, sbuf_str(&fields), NULL, sbuf_str(&jt) };
		sa_hold(s, &c, &h);
	} else if (type == SQLITE_CHANGESET_CONFLICT) {
		/* the key is here: a key is unique across offices, so this is the same row (applied
		 * before, or added by both under an office's code); held only when it was made apart */
		bool same = t->created_at >= 0 && sa_same(local[t->created_at], c.new[t->created_at]);
		/* the same row, and theirs changed after ours (a snapshot of a case that comes back,
		 * or to a receiver restored from a backup, carries rows as they are now): the fields
		 * that differ are written; ours as new or newer (an insert applied again): nothing */
		if (same && t->updated_at >= 0 && sa_later(c.new[t->updated_at],
		    local[t->updated_at])) {
			for (int k = 1; k < t->ncol; k++)
				if (!t->derived[k] && c.new[k] != NULL && !sa_same(local[k], c.new[k])) {
					write[k] = true;
					nwrite++;
				}
			if (nwrite > 0 && sa_write_fields(s, t, c.key, c.new, write,
			    c.new[t->updated_at]) != 0)
				goto out;
			if (nwrite > 0)
				s->c->merged++;
		}
		for (int k = 1; k < t->ncol && !same; k++)
			if (!t->derived[k] && !sa_same(local[k], c.new[k])) {
				mine[k] = true;
				ndiff++;
			}
		if (!same && ndiff > 0) {
			sa_json_names(&fields, t, mine);
			sa_json_values(&jm, t, local, mine);
			sa_json_values(&jt, t, c.new, mine);
			struct sa_hold h = { SK_INSERT, c.key, 0, sbuf_str(&fields), sbuf_str(&jm),
			    sbuf_str(&jt) };
			sa_hold(s, &c, &h);
		}
	} else if (type == SQLITE_CHANGESET_CONSTRAINT) {
		/* a constraint here refuses it (a key of another row both offices gave): held */
		for (int k = 1; k < t->ncol; k++)
			mine[k] = c.new != NULL && c.new[k] != NULL && !t->derived[k];
		sa_json_names(&fields, t, mine);
		if (c.new != NULL)
			sa_json_values(&jt, t, c.new, mine);
		struct sa_hold h = { c.op == SQLITE_INSERT ? SK_INSERT : SK_FIELD, NULL, 0,
		    sbuf_str(&fields), NULL, c.new != NULL ? sbuf_str(&jt) : NULL };
		sa_hold(s, &c, &h);
	}
	/* NOTFOUND of a deletion: the row is gone here too; nothing to do */
	if (res == SQLITE_CHANGESET_OMIT)
		s->handled++;
out:
	free(mine);
	free(write);
	free(local);
	free(c.old);
	free(c.new);
	free(c.key);
	sbuf_free(&fields);
	sbuf_free(&jm);
	sbuf_free(&jt);
	return s->ret != 0 ? SQLITE_CHANGESET_ABORT : res;
}

/* Order two cells (person ids) for qsort. */
static int
sa_cmp_cell(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;

	return strcmp(a, b);
}

/* Step 3: the derived columns of each person touched, once each, as the ordinary writes set
 * them: the stage (closed while the case is closed, else from the enrollments), the next
 * follow-up. */
static int
sa_recompute(struct sa *s)
{
	int64_t now = db_now_ms();
	int ret = 0;

	if (s->persons.n > 1)
		qsort(s->persons.v, s->persons.n, sizeof *s->persons.v, sa_cmp_cell);
	for (size_t i = 0; ret == 0 && i < s->persons.n; i++) {
		const char *pid = rows_get(&s->persons, i, 0);
		if (i > 0 && strcmp(pid, rows_get(&s->persons, i - 1, 0)) == 0)
			continue;
		struct db_stmt *st = db_cached(s->db, "UPDATE person SET stage = CASE WHEN "
		    "closed_reason IS NOT NULL THEN 'closed' ELSE 'registered' END, updated_at = ?2 "
		    "WHERE id = ?1 AND (closed_reason IS NOT NULL) <> (stage = 'closed')");
		db_bind_text(st, 1, pid);
		db_bind_int(st, 2, now);
		if ((ret = db_run(st, N_("setting the stage"), s->d)) == 0)
			ret = progress_restage(s->db, pid, s->d);
		if (ret == 0)
			ret = note_refollow(s->db, pid, s->d);
	}
	return ret;
}

static int sa_take_resolution(struct sa *s, const char *res);

/* Whether the change is applied (not held), and the persons it touches remembered. */
static bool
sa_applies(struct sa *s, const struct sa_change *c)
{
	const struct sa_table *t = &s->tables[c->t];

	if (c->held != SK_NONE)
		return false;
	if (t->person_col >= 0)
		sa_touch_change(s, c);
	return true;
}

/* Apply one changeset from office `from` (bundle `label`) inside the open write transaction. */
int
syncapply_changeset(struct db *db, const void *cs, size_t len, const char *from,
    const char *label, struct syncapply_counts *c, struct diag *d)
{
	struct sa s = { .db = db, .h = db_sqlite(db), .from = from, .label = label, .c = c,
	    .d = d };
	struct sbuf out = SBUF_INIT;
	int rc, n = 0;

	rows_init(&s.persons, 1);
	if (sa_tables_load(&s) != 0 || sa_read(&s, cs, len) != 0 || sa_decide(&s) != 0 ||
	    sa_hold_decided(&s) != 0)
		goto out;
	/* step 2: what is not held, as a changeset of its own, table by table */
	for (int t = 0; t < s.ntables; t++) {
		bool head = false;
		for (int i = 0; i < s.nch; i++) {
			if (s.ch[i].t != t || !sa_applies(&s, &s.ch[i]))
				continue;
			if (!head)
				sa_put_table(&out, &s.tables[t]);
			head = true;
			sa_put_change(&out, &s.tables[t], &s.ch[i], NULL);
			n++;
		}
	}
	if (n > 0) {
		/* no savepoint of its own: the bundle's transaction rolls back whole on a failure,
		 * and the savepoint made applying quadratic (10,000 registrations: 24.8 s of CPU
		 * with it, 4.2 s without, measured on the bundle branch) */
		rc = sqlite3changeset_apply_v2(s.h, (int)out.len, (void *)sbuf_str(&out), NULL,
		    sa_conflict, &s, NULL, NULL, SQLITE_CHANGESETAPPLY_NOSAVEPOINT);
		if (rc != SQLITE_OK && s.ret == 0)
			sa_fail(&s, rc, N_("applying the changes"));
		/* what the handler held, merged or found is counted there; the rest went in */
		if (s.ret == 0)
			c->applied += n - s.handled;
	}
	/* step 2b: the other office's resolutions close the copies held here (after the rows
	 * they name are in: sync_resolution is the last synced table) */
	int tres = sa_table_find(&s, "sync_resolution");
	for (int i = 0; i < s.nch && s.ret == 0; i++)
		if (s.ch[i].t == tres && s.ch[i].op == SQLITE_INSERT && s.ch[i].held == SK_NONE)
			sa_take_resolution(&s, s.ch[i].key);
	if (s.ret == 0 && sa_recompute(&s) != 0)
		s.ret = d->code != 0 ? d->code : EX_SOFTWARE;
out:
	sbuf_free(&out);
	sa_free(&s);
	return s.ret != 0 ? -1 : 0;
}

/* What syncapply_list and syncapply_get read: a conflict in the columns SA_*, with the case's
 * name here (or the other office's name for a person not here). */
#define SA_SELECT "SELECT c.id, c.kind, c.tbl, c.row_key, c.person_id, coalesce(" \
	"(SELECT name FROM person WHERE id = c.person_id), " \
	"(SELECT name FROM person WHERE id = c.local_key AND c.tbl = 'person'), " \
	"json_extract(c.theirs, '$.name')), c.local_key, c.parent, c.fields, c.mine, c.theirs, " \
	"c.mine_by, c.mine_at, c.theirs_by, c.theirs_at, c.from_office, c.bundle, c.held_at, " \
	"c.status, c.kept, c.resolved_by, c.resolved_at FROM sync_conflict c "

/* Read a statement's rows into out (SA_NCOL columns). */
static int
sa_rows(struct db_stmt *st, struct rows *out, struct diag *d)
{
	int ret;

	while ((ret = db_step(st, N_("reading the conflicts held"), d)) == DB_ROW) {
		const char *cells[SA_NCOL];
		for (int i = 0; i < SA_NCOL; i++)
			cells[i] = db_col_text(st, i);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}

/* The conflicts held aside, oldest first, each row held with another after it. */
int
syncapply_list(struct db *db, bool all, struct rows *out, struct diag *d)
{
	int ret;

	rows_init(out, SA_NCOL);
	if ((ret = role_check(db, ROLE_ACT_RESOLVE, NULL, d)) != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, SA_SELECT "WHERE ?1 OR c.status = 'open' "
	    "ORDER BY coalesce(c.parent, c.id), c.id");
	db_bind_int(st, 1, all);
	return sa_rows(st, out, d);
}

/* One held conflict by id, with no role asked (applying a bundle, resolving). */
static int
sa_get(struct db *db, long id, struct rows *out, struct diag *d)
{
	int ret;

	rows_init(out, SA_NCOL);
	struct db_stmt *st = db_prepare(db, SA_SELECT "WHERE c.id = ?1");
	db_bind_int(st, 1, id);
	if ((ret = sa_rows(st, out, d)) == 0 && out->n == 0)
		ret = diag_set(d, EX_DATAERR, "no conflict %ld is held; see jobdesk sync conflicts",
		    id);
	return ret;
}

/* One held conflict by id. */
int
syncapply_get(struct db *db, long id, struct rows *out, struct diag *d)
{
	int ret;

	rows_init(out, SA_NCOL);
	if ((ret = role_check(db, ROLE_ACT_RESOLVE, NULL, d)) != 0)
		return ret;
	rows_free(out);
	return sa_get(db, id, out, d);
}

/* A held change's handler while resolving: the row already here as it is (the same key is the
 * same row) or a deletion already done is fine; anything else refuses the resolution. */
static int
sa_resolve_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
	(void)it;
	(void)ctx;
	if (type == SQLITE_CHANGESET_NOTFOUND || type == SQLITE_CHANGESET_CONFLICT)
		return SQLITE_CHANGESET_OMIT;
	return SQLITE_CHANGESET_ABORT;
}

/* Apply a held change (a changeset of one row) as an ordinary write, with column values set
 * (name, text) pairs, nset of them, replacing its own. */
static int
sa_apply_held(struct sa *s, const void *blob, size_t len, const char *const *set, int nset)
{
	sqlite3_changeset_iter *it;
	struct sbuf out = SBUF_INIT;
	int rc;

	if ((rc = sqlite3changeset_start(&it, (int)len, (void *)blob)) != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the changes"));
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		struct sa_change c;
		sa_borrow(s, it, &c);
		if (c.t < 0)
			break;
		const struct sa_table *t = &s->tables[c.t];
		sqlite3_value **subst = xcalloc((size_t)t->ncol, sizeof *subst);
		for (int i = 0; i < nset; i++)
			for (int k = 0; k < t->ncol; k++)
				if (strcmp(t->cols[k], set[2 * i]) == 0 && c.new != NULL)
					subst[k] = sa_make_text(s->h, set[2 * i + 1]);
		sa_put_table(&out, t);
		sa_put_change(&out, t, &c, subst);
		if (t->person_col >= 0)
			sa_touch(s, subst[t->person_col] != NULL ? sa_text(subst[t->person_col]) :
			    sa_text(sa_value(&c, t->person_col)));
		for (int k = 0; k < t->ncol; k++)
			sqlite3_value_free(subst[k]);
		free(subst);
		free(c.old);
		free(c.new);
		free(c.key);
	}
	sqlite3changeset_finalize(it);
	rc = sqlite3changeset_apply_v2(s->h, (int)out.len, (void *)sbuf_str(&out), NULL,
	    sa_resolve_conflict, s, NULL, NULL, 0);
	sbuf_free(&out);
	if (rc != SQLITE_OK)
		return s->ret = diag_set(s->d, EX_DATAERR, "the other office's row could not be "
		    "written here (%s); keep this office's values instead", sqlite3_errmsg(s->h));
	return 0;
}

/* Apply conflict id's held change as an ordinary write (sa_apply_held: set, nset). */
static int
sa_apply_conflict(struct sa *s, long id, const char *const *set, int nset)
{
	struct db_stmt *st = db_prepare(s->db, "SELECT change FROM sync_conflict WHERE id = ?1");
	size_t len;
	int ret;

	db_bind_int(st, 1, id);
	if ((ret = db_step(st, N_("reading the conflicts held"), s->d)) == DB_ROW) {
		const void *blob = db_col_bytes(st, 0, &len);
		ret = sa_apply_held(s, blob, len, set, nset);
	} else if (ret != 0) {
		s->ret = ret;
	}
	db_finalize(st);
	return s->ret;
}

/* Set the named fields of table tbl's row key from a JSON object of values: all of them
 * (fill false), or only where the row here has none (fill true). */
static int
sa_write_json(struct sa *s, const char *tbl, const char *key, const char *fields,
    const char *values, bool fill)
{
	const struct sa_table *t = &s->tables[sa_table_find(s, tbl)];
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *st;
	int n = 0, rc;

	/* identifiers are the schema's own (pragma table_info); values are bound */
	sbuf_addf(&sql, "UPDATE \"%s\" SET ", t->name);
	for (int k = 1; k < t->ncol; k++) {
		if (t->derived[k] || k == t->created_at || k == t->created_by)
			continue;
		sbuf_addf(&sql, "%s\"%s\" = CASE WHEN ?3 IS NOT NULL AND ?3 NOT LIKE '%%\"%s\"%%' THEN "
		    "\"%s\" WHEN coalesce(json_type(?2, '$.%s'), 'null') = 'null' THEN \"%s\" "
		    "WHEN ?4 AND \"%s\" IS NOT NULL THEN \"%s\" ELSE json_extract(?2, '$.%s') END",
		    n++ ? ", " : "", t->cols[k], t->cols[k], t->cols[k], t->cols[k], t->cols[k],
		    t->cols[k], t->cols[k], t->cols[k]);
	}
	if (t->updated_at >= 0)
		sbuf_add(&sql, ", updated_at = ?5");
	sbuf_add(&sql, " WHERE id = ?1");
	rc = sqlite3_prepare_v2(s->h, sbuf_str(&sql), -1, &st, NULL);
	sbuf_free(&sql);
	if (rc != SQLITE_OK)
		return sa_fail(s, rc, N_("writing the values chosen"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, values, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fields, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, fill);
	sqlite3_bind_int64(st, 5, db_now_ms());
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sa_fail(s, rc, N_("writing the values chosen"));
}

/* A duplicate person resolved: the case here stays (its key is what its rows name); the other
 * office's values fill it (theirs: win where both know one), and every row held with it joins
 * it, a once-only decision's slot naming it (as case merge moves a duplicate's rows). */
static int
sa_resolve_duplicate(struct sa *s, long root, const char *dup, const char *local, bool theirs)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(s->h, "WITH RECURSIVE t(id) AS (SELECT ?1 UNION "
	    "SELECT c.id FROM sync_conflict c JOIN t ON c.parent = t.id) "
	    "SELECT c.tbl, c.row_key, c.theirs, c.change, c.once FROM (SELECT x.*, "
	    "json_extract(x.theirs, '$.once_key') AS once FROM sync_conflict x) c "
	    "WHERE c.id IN t ORDER BY c.id", -1, &st, NULL)) != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the conflicts held"));
	sqlite3_bind_int64(st, 1, root);
	while (s->ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 1);
		const char *vals = (const char *)sqlite3_column_text(st, 2);
		const void *blob = sqlite3_column_blob(st, 3);
		size_t len = (size_t)sqlite3_column_bytes(st, 3);
		const char *once = (const char *)sqlite3_column_text(st, 4);
		if (strcmp(tbl, "person") == 0 && strcmp(key, dup) == 0) {
			/* their person: its values, never its key or ID number */
			if (vals != NULL)
				sa_write_json(s, "person", local, "[\"sex\",\"birth_date\",\"phone\","
				    "\"hukou_province\",\"hukou_type\",\"education\",\"graduation_date\","
				    "\"continuing_study\",\"disabled\",\"student_loan\",\"veteran\","
				    "\"registered_unemployed\",\"employment_difficulty\","
				    "\"overcapacity_worker\",\"rural_transfer_worker\","
				    "\"returnee_entrepreneur\",\"job_seeking\",\"employment_status\","
				    "\"employer_kind\",\"able_to_work\",\"registered_unemployed_from\","
				    "\"registered_unemployed_until\",\"employer_size\",\"hired_on\"]",
				    vals, !theirs);
			continue;
		}
		/* their rows of the person join the case here */
		char *slot = NULL;
		size_t dl = strlen(dup);
		if (once != NULL && strncmp(once, dup, dl) == 0 && once[dl] == '|')
			slot = xasprintf("%s%s", local, once + dl);
		const char *set[] = { "person_id", local, "once_key", slot };
		sa_apply_held(s, blob, len, set, slot != NULL ? 2 : 1);
		free(slot);
	}
	sqlite3_finalize(st);
	if (s->ret == 0 && rc != SQLITE_DONE)
		sa_fail(s, rc, N_("reading the conflicts held"));
	sa_touch(s, local);
	return s->ret;
}

/* A resolution from the other office applied here (sa_take_resolution), or none: chosen here. */
struct sa_remote {
	const char *id, *office, *by, *at, *chosen;
};

/* This office's code as a resolution names it ("000000" before init --office gives one). */
static const char *
sa_office(struct sa *s)
{
	const char *o = db_office(s->db);

	return o != NULL && *o != '\0' ? o : "000000";
}

/* A row of table tbl as a JSON object of every column (the schema's own names), into *out
 * (NULL: no such row; caller frees). 0 or a code. */
static int
sa_row_json(struct sa *s, const char *tbl, const char *key, char **out)
{
	const struct sa_table *t = &s->tables[sa_table_find(s, tbl)];
	struct sbuf sql = SBUF_INIT;

	/* identifiers are the schema's own (pragma table_info); the key is bound */
	sbuf_add(&sql, "SELECT json_object(");
	for (int k = 0; k < t->ncol; k++)
		sbuf_addf(&sql, "%s'%s', \"%s\"", k ? ", " : "", t->cols[k], t->cols[k]);
	sbuf_addf(&sql, ") FROM \"%s\" WHERE id = ?1", t->name);
	int ret = sa_query(s, sbuf_str(&sql), key, NULL, out);
	sbuf_free(&sql);
	return ret;
}

/* Insert a row of table tbl from a JSON object of its columns (sa_row_json's): a row deleted
 * here that the other office's resolution kept. 0 or a code. */
static int
sa_insert_json(struct sa *s, const char *tbl, const char *row)
{
	const struct sa_table *t = &s->tables[sa_table_find(s, tbl)];
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	/* identifiers are the schema's own; the row is bound */
	sbuf_addf(&sql, "INSERT OR IGNORE INTO \"%s\" (", t->name);
	for (int k = 0; k < t->ncol; k++)
		sbuf_addf(&sql, "%s\"%s\"", k ? ", " : "", t->cols[k]);
	sbuf_add(&sql, ") SELECT ");
	for (int k = 0; k < t->ncol; k++)
		sbuf_addf(&sql, "%sjson_extract(?1, '$.%s')", k ? ", " : "", t->cols[k]);
	rc = sqlite3_prepare_v2(s->h, sbuf_str(&sql), -1, &st, NULL);
	sbuf_free(&sql);
	if (rc != SQLITE_OK)
		return sa_fail(s, rc, N_("writing the values chosen"));
	sqlite3_bind_text(st, 1, row, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sa_fail(s, rc, N_("writing the values chosen"));
}

/* A duplicate the other office merged into its case (survivor, held here with its rows) where
 * this office holds the same person as absorbed: the same merged case here. absorbed's rows
 * join survivor (foreign keys deferred until survivor is in), absorbed goes, survivor and its
 * held rows come in as they came, then take the merged values (chosen). 0 or a code. */
static int
sa_take_duplicate(struct sa *s, long root, const char *survivor, const char *absorbed,
    const char *chosen)
{
	sqlite3_stmt *st;
	int rc = SQLITE_OK;

	if (db_exec(s->db, "PRAGMA defer_foreign_keys = ON", s->d) != 0)
		return s->ret = s->d->code;
	for (int i = 0; i < s->ntables && s->ret == 0; i++) {
		const struct sa_table *t = &s->tables[i];
		struct sbuf sql = SBUF_INIT;
		if (t->person_col < 0 || strcmp(t->name, "person") == 0 ||
		    strcmp(t->name, "sync_resolution") == 0)
			continue;
		/* identifiers are the schema's own; the keys are bound */
		sbuf_addf(&sql, "UPDATE \"%s\" SET \"%s\" = ?1 WHERE \"%s\" = ?2", t->name,
		    t->cols[t->person_col], t->cols[t->person_col]);
		if (strcmp(t->name, "decision") == 0)
			sbuf_add(&sql, "; UPDATE decision SET once_key = ?1 || substr(once_key, "
			    "length(?2) + 1) WHERE person_id = ?1 AND substr(once_key, 1, length(?2) + 1) "
			    "= ?2 || '|'");
		const char *tail = sbuf_str(&sql);
		while (s->ret == 0 && tail != NULL && *tail != '\0') {
			if ((rc = sqlite3_prepare_v2(s->h, tail, -1, &st, &tail)) != SQLITE_OK)
				sa_fail(s, rc, N_("merging the two cases"));
			if (st == NULL)
				break;
			sqlite3_bind_text(st, 1, survivor, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, absorbed, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(st)) != SQLITE_DONE)
				sa_fail(s, rc, N_("merging the two cases"));
			sqlite3_finalize(st);
		}
		sbuf_free(&sql);
	}
	struct db_stmt *del = db_prepare(s->db, "DELETE FROM person WHERE id = ?1");
	db_bind_text(del, 1, absorbed);
	if (s->ret == 0 && db_run(del, N_("merging the two cases"), s->d) != 0)
		s->ret = s->d->code;
	db_finalize(del);
	if (s->ret != 0 || (rc = sqlite3_prepare_v2(s->h, "WITH RECURSIVE t(id) AS (SELECT ?1 "
	    "UNION SELECT c.id FROM sync_conflict c JOIN t ON c.parent = t.id) "
	    "SELECT change FROM sync_conflict WHERE id IN t ORDER BY id", -1, &st, NULL)) !=
	    SQLITE_OK)
		return s->ret != 0 ? s->ret : sa_fail(s, rc, N_("reading the conflicts held"));
	sqlite3_bind_int64(st, 1, root);
	while (s->ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		sa_apply_held(s, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
		    NULL, 0);
	sqlite3_finalize(st);
	if (s->ret == 0 && chosen != NULL)
		sa_write_json(s, "person", survivor, NULL, chosen, false);
	sa_touch(s, survivor);
	return s->ret;
}

/* The values a resolution keeps, as the other office needs them (sync_resolution.chosen) into
 * *out (caller frees; NULL: the row deleted). 0 or a code. */
static int
sa_chosen(struct sa *s, const struct rows *c, bool theirs, const char *user, const char *now,
    const char *why, char **out)
{
	const char *kind = rows_get(c, 0, SA_KIND), *tbl = rows_get(c, 0, SA_TABLE);
	const char *key = rows_get(c, 0, SA_KEY), *local = rows_get(c, 0, SA_LOCAL);
	const char *mine = rows_get(c, 0, SA_MINE), *their = rows_get(c, 0, SA_THEIRS);

	*out = NULL;
	if (strcmp(kind, "duplicate") == 0)
		return sa_row_json(s, "person", local, out);
	if (strcmp(kind, "once") == 0) {
		struct sbuf b = SBUF_INIT;
		struct json j;
		json_init(&j, &b);
		json_obj(&j);
		json_key(&j, "live");
		json_str(&j, theirs ? key : local);
		json_key(&j, "revoked_by");
		json_str(&j, user);
		json_key(&j, "revoked_at");
		json_str(&j, now);
		json_key(&j, "reason");
		json_str(&j, why);
		json_obj_end(&j);
		*out = sbuf_take(&b);
		return 0;
	}
	if (strcmp(kind, "delete") == 0)
		return theirs == (their == NULL) ? 0 : sa_row_json(s, tbl, key, out);
	*out = (theirs ? their : mine) != NULL ? xstrdup(theirs ? their : mine) : NULL;
	return 0;
}

/* Record a resolution made here (synced: it travels to the other office) and audit it; or,
 * for one the other office made (rem), audit that it was applied here. 0 or a code. */
static int
sa_record(struct sa *s, const struct rows *c, bool theirs, const char *chosen,
    const struct sa_remote *rem, const char *user, const char *now)
{
	const char *kind = rows_get(c, 0, SA_KIND), *person = rows_get(c, 0, SA_PERSON);
	struct sbuf js = SBUF_INIT;
	struct json j;
	int ret = 0;

	if (strcmp(kind, "duplicate") == 0)
		person = rows_get(c, 0, SA_LOCAL);
	if (rem == NULL) {
		char *id = db_new_key(s->db);
		struct db_stmt *st = db_cached(s->db, "INSERT INTO sync_resolution (id, kind, tbl, "
		    "row_key, local_key, person_id, fields, mine, theirs, chosen, kept, office, "
		    "resolved_by, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		    "?12, ?13, ?14)");
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, kind);
		db_bind_text(st, 3, rows_get(c, 0, SA_TABLE));
		db_bind_text(st, 4, rows_get(c, 0, SA_KEY));
		db_bind_text(st, 5, rows_get(c, 0, SA_LOCAL));
		db_bind_text(st, 6, person);
		db_bind_text(st, 7, rows_get(c, 0, SA_FIELDS));
		db_bind_text(st, 8, rows_get(c, 0, SA_MINE));
		db_bind_text(st, 9, rows_get(c, 0, SA_THEIRS));
		db_bind_text(st, 10, chosen);
		db_bind_text(st, 11, theirs ? "theirs" : "mine");
		db_bind_text(st, 12, sa_office(s));
		db_bind_text(st, 13, user);
		db_bind_text(st, 14, now);
		ret = db_run(st, N_("recording the choice"), s->d);
		free(id);
	}
	json_init(&j, &js);
	json_obj(&j);
	json_key(&j, "conflict");
	json_int(&j, atol(rows_get(c, 0, SA_ID)));
	json_key(&j, "kind");
	json_str(&j, kind);
	json_key(&j, "table");
	json_str(&j, rows_get(c, 0, SA_TABLE));
	json_key(&j, "row");
	json_str(&j, rows_get(c, 0, SA_KEY));
	json_key(&j, "kept");
	json_str(&j, theirs ? "theirs" : "mine");
	json_key(&j, "office");
	json_str(&j, rem != NULL ? rem->office : sa_office(s));
	json_key(&j, "by");
	json_str(&j, user);
	json_obj_end(&j);
	if (ret == 0)
		ret = audit_event(s->db, "resolve", person, sbuf_str(&js), s->d);
	sbuf_free(&js);
	return ret;
}

/* Resolve open conflict id (a root) inside the open transaction, keeping theirs or mine: chosen
 * here (rem NULL: recorded and sent) or by the other office (rem: its values, who and when).
 * 0 or a code. */
static int
sa_resolve_one(struct sa *s, long id, bool theirs, const struct sa_remote *rem)
{
	struct db *db = s->db;
	struct diag *d = s->d;
	struct rows c;
	char now[32], *chosen = NULL, *live_why = NULL;
	int ret;

	if ((ret = sa_get(db, id, &c, d)) != 0) {
		rows_free(&c);
		return ret;
	}
	const char *kind = rows_get(&c, 0, SA_KIND), *tbl = rows_get(&c, 0, SA_TABLE);
	const char *key = rows_get(&c, 0, SA_KEY), *local = rows_get(&c, 0, SA_LOCAL);
	const char *fields = rows_get(&c, 0, SA_FIELDS), *their = rows_get(&c, 0, SA_THEIRS);
	const char *mine = rows_get(&c, 0, SA_MINE);
	const char *user = rem != NULL ? rem->by : db_user(db);
	if (strcmp(rows_get(&c, 0, SA_STATUS), "open") != 0) {
		ret = diag_set(d, EX_DATAERR, "conflict %ld was resolved already", id);
		goto out;
	}
	if (rows_get(&c, 0, SA_PARENT) != NULL) {
		ret = diag_set(d, EX_DATAERR, "conflict %ld is held with conflict %s: resolve that one",
		    id, rows_get(&c, 0, SA_PARENT));
		goto out;
	}
	snprintf(now, sizeof now, "%s", rem != NULL ? rem->at : "");
	if (rem == NULL)
		db_now(now);
	if (strcmp(kind, "duplicate") == 0) {
		/* the other office's merge: the same merged case here (theirs: its case survives) */
		if (rem != NULL ? sa_take_duplicate(s, id, key, local, rem->chosen) != 0 :
		    sa_resolve_duplicate(s, id, key, local, theirs) != 0)
			goto fail;
	} else if (strcmp(kind, "once") == 0) {
		/* one of the two decisions stays live, the other is recorded revoked (with the
		 * resolving office's who, when and why, so that both offices hold the same row) */
		const char *why = tr("a sync found this benefit granted in two offices; the other "
		    "was kept");
		if (rem != NULL && sa_query(s, "SELECT json_extract(?1, '$.reason')", rem->chosen,
		    NULL, &live_why) != 0)
			goto fail;
		if (live_why != NULL)
			why = live_why;
		if (theirs) {
			struct db_stmt *st = db_cached(db, "UPDATE decision SET status = 'revoked', "
			    "revoked_by = ?2, revoked_at = ?3, reason = ?4, updated_at = coalesce(jd_ms(?3), "
			    "jd_now_ms()) WHERE id = ?1 "
			    "AND status IN ('proposed', 'approved', 'decided')");
			db_bind_text(st, 1, local);
			db_bind_text(st, 2, user);
			db_bind_text(st, 3, now);
			db_bind_text(st, 4, why);
			if ((ret = db_run(st, N_("revoking the decision"), d)) != 0)
				goto out;
			if (db_changes(db) == 0) {
				ret = diag_set(d, EX_DATAERR, "conflict %ld: the decision here was paid "
				    "already and is not revoked: keep this office's (mine)", id);
				goto out;
			}
		}
		const char *set[] = { "status", "revoked", "revoked_by", user, "revoked_at", now,
			"reason", why };
		if (sa_apply_conflict(s, id, set, theirs ? 0 : 4) != 0)
			goto fail;
		if (rem == NULL && sa_chosen(s, &c, theirs, user, now, why, &chosen) != 0)
			goto fail;
	} else if (theirs && strcmp(kind, "delete") == 0 && their == NULL) {
		/* deleted there, changed here: deleted here too */
		struct sbuf sql = SBUF_INIT;
		int t = sa_table_find(s, tbl);
		sbuf_addf(&sql, "DELETE FROM \"%s\" WHERE id = ?1", s->tables[t].name);
		struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
		sbuf_free(&sql);
		db_bind_text(st, 1, key);
		ret = db_run(st, N_("deleting the row"), d);
		db_finalize(st);
		if (ret != 0)
			goto out;
	} else if (theirs && strcmp(kind, "delete") == 0 && rem != NULL && rem->chosen != NULL) {
		/* deleted here, kept there: the whole row as the other office keeps it */
		if (sa_insert_json(s, tbl, rem->chosen) != 0)
			goto fail;
		int t = sa_table_find(s, tbl);
		if (s->tables[t].person_col >= 0 && rows_get(&c, 0, SA_PERSON) != NULL)
			sa_touch(s, rows_get(&c, 0, SA_PERSON));
	} else if (theirs && strcmp(kind, "delete") == 0) {
		ret = diag_set(d, EX_DATAERR, "conflict %ld: the row was deleted here and the other "
		    "office sent only the fields it changed; keep this office's (mine), then ask the "
		    "other office to record it again", id);
		goto out;
	} else if (theirs && mine != NULL && fields != NULL) {
		/* a field (or a row both added): their values of the fields */
		if (sa_write_json(s, tbl, key, fields, their, false) != 0)
			goto fail;
		int t = sa_table_find(s, tbl);
		if (s->tables[t].person_col >= 0 && rows_get(&c, 0, SA_PERSON) != NULL)
			sa_touch(s, rows_get(&c, 0, SA_PERSON));
	} else if (theirs) {
		/* a row a constraint refused: their row as it came */
		if (sa_apply_conflict(s, id, NULL, 0) != 0)
			goto fail;
	}
	if (rem == NULL && chosen == NULL && strcmp(kind, "once") != 0 &&
	    sa_chosen(s, &c, theirs, user, now, NULL, &chosen) != 0)
		goto fail;
	/* resolved, with every row held with it */
	struct db_stmt *st = db_prepare(db, "WITH RECURSIVE t(id) AS (SELECT ?1 UNION "
	    "SELECT c.id FROM sync_conflict c JOIN t ON c.parent = t.id) "
	    "UPDATE sync_conflict SET status = 'resolved', kept = ?2, resolved_by = ?3, "
	    "resolved_at = ?4, resolution = ?5 WHERE id IN t AND status = 'open'");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, theirs ? "theirs" : "mine");
	db_bind_text(st, 3, user);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, rem != NULL ? rem->id : NULL);
	ret = db_run(st, N_("recording the choice"), d);
	db_finalize(st);
	if (ret == 0)
		ret = sa_record(s, &c, theirs, chosen, rem, user, now);
	goto out;
fail:
	ret = s->ret != 0 ? s->ret : diag_set(d, EX_SOFTWARE, "resolving conflict %ld: %s", id,
	    sqlite3_errmsg(s->h));
out:
	free(chosen);
	free(live_why);
	rows_free(&c);
	return ret;
}

/* One resolution chosen here. */
struct sa_resolve {
	long id;
	bool theirs;
};

/* syncapply_resolve's work inside its transaction. */
static int
sa_resolve_work(struct db *db, void *arg, struct diag *d)
{
	struct sa_resolve *r = arg;
	struct sa s = { .db = db, .h = db_sqlite(db), .d = d };
	struct syncapply_counts none = { 0 };
	int ret;

	s.c = &none;
	rows_init(&s.persons, 1);
	if ((ret = role_check(db, ROLE_ACT_RESOLVE, NULL, d)) == 0 && (ret = sa_tables_load(&s)) ==
	    0 && (ret = sa_resolve_one(&s, r->id, r->theirs, NULL)) == 0)
		ret = sa_recompute(&s);
	sa_free(&s);
	return ret;
}

/* Resolve an open conflict in its own transaction. */
int
syncapply_resolve(struct db *db, long id, bool theirs, struct diag *d)
{
	struct sa_resolve r = { id, theirs };

	return db_transaction(db, sa_resolve_work, &r, d);
}

/* A field resolution of the other office with no open copy here: its values written where the
 * row still holds one of the two in question and not the chosen ones already; a row that
 * changed since is held as a new conflict (never overwritten silently). 0 or a code. */
static int
sa_take_fields(struct sa *s, const char *res)
{
	sqlite3_stmt *st;
	char *row = NULL;
	int rc;

	if ((rc = sqlite3_prepare_v2(s->h, "SELECT tbl, row_key, fields, mine, theirs, chosen, "
	    "person_id, office, resolved_by, resolved_at FROM sync_resolution WHERE id = ?1", -1,
	    &st, NULL)) != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the conflicts held"));
	sqlite3_bind_text(st, 1, res, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 0;
	}
	const char *tbl = (const char *)sqlite3_column_text(st, 0);
	const char *key = (const char *)sqlite3_column_text(st, 1);
	const char *fields = (const char *)sqlite3_column_text(st, 2);
	const char *chosen = (const char *)sqlite3_column_text(st, 5);
	if (tbl == NULL || sa_table_find(s, tbl) < 0 || fields == NULL || chosen == NULL ||
	    sa_row_json(s, tbl, key, &row) != 0 || row == NULL) {
		sqlite3_finalize(st);
		free(row);
		return s->ret;
	}
	/* the row's fields against each JSON object: 0 chosen already, 1 one of the two, 2 neither */
	sqlite3_stmt *q;
	static const char holds[] = "SELECT NOT EXISTS (SELECT 1 FROM json_each(?2) j WHERE "
	    "json_extract(?1, '$.' || j.value) IS NOT json_extract(?%d, '$.' || j.value))";
	char sql[512];
	int state = 2;
	for (int arg = 5; arg >= 3 && state == 2; arg--) {
		snprintf(sql, sizeof sql, holds, arg);
		if ((rc = sqlite3_prepare_v2(s->h, sql, -1, &q, NULL)) != SQLITE_OK) {
			sqlite3_finalize(st);
			free(row);
			return sa_fail(s, rc, N_("reading this office's rows"));
		}
		sqlite3_bind_text(q, 1, row, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, fields, -1, SQLITE_STATIC);
		sqlite3_bind_value(q, 3, sqlite3_column_value(st, 3));
		sqlite3_bind_value(q, 4, sqlite3_column_value(st, 4));
		sqlite3_bind_value(q, 5, sqlite3_column_value(st, 5));
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0))
			state = arg == 5 ? 0 : 1;
		sqlite3_finalize(q);
	}
	if (state == 1) {
		sa_write_json(s, tbl, key, fields, chosen, false);
		sa_touch(s, (const char *)sqlite3_column_text(st, 6));
	} else if (state == 2) {
		/* changed here since: held, the row's values beside the chosen ones */
		char now[32];
		db_now(now);
		if ((rc = sqlite3_prepare_v2(s->h, "INSERT INTO sync_conflict (kind, tbl, row_key, "
		    "person_id, fields, mine, theirs, change, theirs_by, theirs_at, from_office, "
		    "bundle, held_at, resolution) SELECT 'field', ?1, ?2, ?3, ?4, (SELECT "
		    "json_group_object(j.value, json_extract(?5, '$.' || j.value)) FROM json_each(?4) "
		    "j), ?6, CAST(?7 AS BLOB), ?8, ?9, ?10, ?11, ?12, NULL ON CONFLICT DO NOTHING", -1,
		    &q, NULL)) != SQLITE_OK) {
			sqlite3_finalize(st);
			free(row);
			return sa_fail(s, rc, N_("holding a conflict aside"));
		}
		sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_value(q, 3, sqlite3_column_value(st, 6));
		sqlite3_bind_text(q, 4, fields, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, row, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, chosen, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 7, res, -1, SQLITE_STATIC);
		sqlite3_bind_value(q, 8, sqlite3_column_value(st, 8));
		sqlite3_bind_value(q, 9, sqlite3_column_value(st, 9));
		sqlite3_bind_value(q, 10, sqlite3_column_value(st, 7));
		sqlite3_bind_text(q, 11, s->label, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 12, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		if (rc == SQLITE_DONE && sqlite3_changes(s->h) > 0)
			s->c->held++;
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			sa_fail(s, rc, N_("holding a conflict aside"));
	}
	sqlite3_finalize(st);
	free(row);
	return s->ret;
}

/* Apply a resolution the other office made (sync_resolution row res, just applied here): close
 * this office's open copy of the same conflict with the chosen values, as the other office's
 * supervisor chose them; with no open copy, a field's values where the row still holds one of
 * the two (sa_take_fields), unless a later resolution of the same conflict was made here (then
 * the other office takes this one). 0 or a code. */
static int
sa_take_resolution(struct sa *s, const char *res)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(s->h, "SELECT r.office, r.resolved_by, r.resolved_at, "
	    "r.chosen, c.id, CASE WHEN r.kind = 'once' THEN json_extract(r.chosen, '$.live') = "
	    "c.row_key WHEN r.kind = 'delete' THEN (c.theirs IS NULL) = (r.chosen IS NULL) "
	    "WHEN r.kind = 'duplicate' THEN 1 ELSE json(c.theirs) IS json(r.chosen) END, "
	    "EXISTS (SELECT 1 FROM sync_conflict x WHERE x.resolution = r.id), r.kind, "
	    "EXISTS (SELECT 1 FROM sync_resolution o WHERE o.id <> r.id AND o.kind = r.kind AND "
	    "o.tbl = r.tbl AND o.fields IS r.fields AND ((o.row_key = r.row_key AND o.local_key IS "
	    "r.local_key) OR (o.row_key = r.local_key AND o.local_key = r.row_key)) AND "
	    "((json(o.mine) IS json(r.mine) AND json(o.theirs) IS json(r.theirs)) OR "
	    "(json(o.mine) IS json(r.theirs) AND json(o.theirs) IS json(r.mine))) AND "
	    "(o.resolved_at > r.resolved_at OR (o.resolved_at = r.resolved_at AND "
	    "o.office > r.office))) "
	    "FROM sync_resolution r LEFT JOIN sync_conflict c ON c.status = 'open' AND "
	    "c.parent IS NULL AND c.kind = r.kind AND c.tbl = r.tbl AND CASE "
	    "WHEN r.kind IN ('duplicate', 'once') THEN c.row_key = r.local_key AND c.local_key = "
	    "r.row_key WHEN r.kind = 'delete' THEN c.row_key = r.row_key AND "
	    "(c.mine IS NULL) = (r.theirs IS NULL) ELSE c.row_key = r.row_key AND c.fields IS "
	    "r.fields AND ((json(c.mine) IS json(r.mine) AND json(c.theirs) IS json(r.theirs)) OR "
	    "(json(c.mine) IS json(r.theirs) AND json(c.theirs) IS json(r.mine))) END "
	    "WHERE r.id = ?1 ORDER BY c.id LIMIT 1", -1, &st, NULL)) != SQLITE_OK)
		return sa_fail(s, rc, N_("reading the conflicts held"));
	sqlite3_bind_text(st, 1, res, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : sa_fail(s, rc, N_("reading the conflicts held"));
	}
	char *office = xstrdup((const char *)sqlite3_column_text(st, 0));
	char *by = xstrdup((const char *)sqlite3_column_text(st, 1));
	char *at = xstrdup((const char *)sqlite3_column_text(st, 2));
	char *chosen = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL :
	    xstrdup((const char *)sqlite3_column_text(st, 3));
	long cid = (long)sqlite3_column_int64(st, 4);
	bool theirs = sqlite3_column_int(st, 5) != 0;
	bool done = sqlite3_column_int(st, 6) != 0;
	bool fields = strcmp((const char *)sqlite3_column_text(st, 7), "field") == 0 ||
	    strcmp((const char *)sqlite3_column_text(st, 7), "insert") == 0;
	bool later_here = sqlite3_column_int(st, 8) != 0;
	sqlite3_finalize(st);
	/* (one's own never comes back: a county sends nothing back to where it came from; and
	 * with its copy closed here and its values in the row it would change nothing) */
	if (!done) {
		struct sa_remote rem = { res, office, by, at, chosen };
		if (cid != 0)
			sa_resolve_one(s, cid, theirs, &rem);
		else if (fields && !later_here)
			sa_take_fields(s, res);
	}
	free(office);
	free(by);
	free(at);
	free(chosen);
	if (s->ret == 0 && s->d->code != 0)
		s->ret = s->d->code;
	return s->ret;
}

/* Row i of syncapply_list's rows in words: why it was held, then its fields, here → there. */
int
syncapply_words(struct db *db, const struct rows *r, size_t i, struct sbuf *out, struct diag *d)
{
	const char *kind = rows_get(r, i, SA_KIND), *what = casefile_table_label(rows_get(r, i,
	    SA_TABLE));
	const char *mine = rows_get(r, i, SA_MINE), *theirs = rows_get(r, i, SA_THEIRS);

	if (what == NULL)
		what = tr("record");
	if (strcmp(kind, "field") == 0)
		sbuf_addf(out, tr("%s changed in both offices (here → there)"), what);
	else if (strcmp(kind, "delete") == 0 && theirs == NULL)
		sbuf_addf(out, tr("%s deleted there, changed here"), what);
	else if (strcmp(kind, "delete") == 0)
		sbuf_addf(out, tr("%s changed there, deleted here"), what);
	else if (strcmp(kind, "insert") == 0)
		sbuf_addf(out, tr("%s added in both offices with other values (here → there)"), what);
	else if (strcmp(kind, "duplicate") == 0)
		return sbuf_add(out, tr("registered in both offices with the same ID number: merge "
		    "the two cases")), 0;
	else if (strcmp(kind, "once") == 0)
		return sbuf_add(out, tr("a once-only benefit granted in both offices: revoke one")), 0;
	else
		return sbuf_addf(out, tr("%s held with conflict %s"), what, rows_get(r, i,
		    SA_PARENT)), 0;
	if (mine == NULL && theirs == NULL)
		return 0;
	sbuf_addc(out, '\n');
	return casefile_change(db, rows_get(r, i, SA_TABLE), "update", mine, theirs, out, d);
}
