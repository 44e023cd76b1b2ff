/* Check tests for applying another office's changes (core/syncapply.c, issue 17 point 4): two
 * databases of the same schema, a county (a) and a township (b); each one's writes are recorded
 * by its outbox as ordinary writes, and shipped to the other by applying its outbox rows under
 * db_set_applying, one transaction each. Different fields of one row merge; the same field
 * changed on both sides is held with both values; a deletion against a change is held both
 * ways; derived columns are recomputed and never a conflict; a person registered in both
 * offices is a merge proposal with that person's rows held with it (and later rows for it
 * too); a once-only benefit granted in both is held; the same changeset applied again changes
 * nothing; nothing applied is echoed into the outbox; resolving writes the chosen values. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/syncapply.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *a, *b;
static long long shipped_a, shipped_b;   /* the outbox rows of a and b shipped so far */
static struct syncapply_counts got;      /* the counts of the last ship */

/* Two fresh databases for each test. */
static void
setup(void)
{
	a = testdb_open("syncapply-a", "county");
	b = testdb_open("syncapply-b", "township");
	shipped_a = shipped_b = 0;
}

/* Close and remove them. */
static void
teardown(void)
{
	testdb_close(a);
	testdb_close(b);
	a = b = NULL;
}

/* Run SQL (formatted: test values only) in a transaction of its own on db. */
struct run_args {
	const char *sql;
};

/* run's work. */
static int
run_work(struct db *db, void *arg, struct diag *d)
{
	return db_exec(db, ((struct run_args *)arg)->sql, d);
}

/* Run formatted SQL as one write of db (recorded by its outbox). */
static void __attribute__((format(printf, 2, 3)))
run(struct db *db, const char *fmt, ...)
{
	struct sbuf sql = SBUF_INIT;
	struct diag d = DIAG_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sql, fmt, ap);
	va_end(ap);
	struct run_args r = { sbuf_str(&sql) };
	ck_assert_msg(db_transaction(db, run_work, &r, &d) == 0, "%s: %s", sbuf_str(&sql), d.msg);
	sbuf_free(&sql);
}

/* The text of the first column of the first row of formatted SQL on db (caller frees; NULL for
 * SQL NULL); fails when there is no row. */
static char * __attribute__((format(printf, 2, 3)))
text(struct db *db, const char *fmt, ...)
{
	struct sbuf sql = SBUF_INIT;
	struct diag d = DIAG_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sql, fmt, ap);
	va_end(ap);
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	ck_assert_msg(db_step(st, "text", &d) == DB_ROW, "%s: %s", sbuf_str(&sql), d.msg);
	const char *v = db_col_text(st, 0);
	char *out = v != NULL ? strdup(v) : NULL;
	db_finalize(st);
	sbuf_free(&sql);
	return out;
}

/* Whether formatted SQL's first value on db is the text want. */
#define ck_text(db, want, ...) do { \
	char *v_ = text(db, __VA_ARGS__); \
	ck_assert_msg(v_ != NULL && strcmp(v_, want) == 0, "%s: %s, not %s", #__VA_ARGS__, \
	    v_ != NULL ? v_ : "NULL", want); \
	free(v_); \
} while (0)

/* What one application applies. */
struct apply_args {
	const void *cs;
	size_t len;
	const char *from, *label;
};

/* One changeset applied in a transaction of its own. */
static int
apply_work(struct db *db, void *arg, struct diag *d)
{
	struct apply_args *x = arg;

	if (syncapply_changeset(db, x->cs, x->len, x->from, x->label, &got, d) != 0)
		return d->code != 0 ? d->code : 70;
	return 0;
}

/* Apply one changeset to db as office from's bundle label, under the applying flag. */
static int
apply(struct db *db, const void *cs, size_t len, const char *from, const char *label,
    struct diag *d)
{
	struct apply_args x = { cs, len, from, label };

	db_set_applying(db, true);
	int ret = db_transaction(db, apply_work, &x, d);
	db_set_applying(db, false);
	return ret;
}

/* Ship src's outbox rows not shipped yet to dst, each as a bundle of its own (labelled by the
 * row), checking that nothing is echoed into dst's outbox; got sums the counts. */
static void
ship(struct db *src, struct db *dst)
{
	long long *mark = src == a ? &shipped_a : &shipped_b;
	const char *from = src == a ? "220102" : "220102001";
	long long before = testdb_int(dst, "SELECT count(*) FROM outbox", NULL);
	struct db_stmt *st = db_prepare(src, "SELECT seq, changeset FROM outbox WHERE seq > ?1 "
	    "ORDER BY seq");
	struct syncapply_counts sum = { 0 };
	struct diag d = DIAG_INIT;
	int r;

	db_bind_int(st, 1, *mark);
	while ((r = db_step(st, "outbox", &d)) == DB_ROW) {
		size_t len;
		const void *cs = db_col_bytes(st, 1, &len);
		char label[32];
		snprintf(label, sizeof label, "%s-%lld", from, (long long)db_col_int(st, 0));
		memset(&got, 0, sizeof got);
		ck_assert_msg(apply(dst, cs, len, from, label, &d) == 0, "%s", d.msg);
		sum.applied += got.applied;
		sum.merged += got.merged;
		sum.held += got.held;
		*mark = db_col_int(st, 0);
	}
	ck_assert_int_eq(r, 0);
	db_finalize(st);
	got = sum;
	ck_assert_int_eq(testdb_int(dst, "SELECT count(*) FROM outbox", NULL), before);
}

/* Register a person in db; the new id (caller frees). */
static char *
add(struct db *db, const char *name, const char *idnum)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = strdup(p.v[PF_ID]);
	person_clear(&p);
	return id;
}

/* A person registered in a and shipped to b: the two offices' common start. */
static char *
common_person(void)
{
	char *id = add(a, "王丽", "220102199503070028");
	ship(a, b);
	ck_assert_int_eq(got.held, 0);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM person WHERE id = ?1", id), 1);
	return id;
}

/* Different fields of one row changed on both sides merge: each side keeps its own change and
 * gets the other's; nothing is held; both end alike. */
START_TEST(different_fields_merge)
{
	char *p = common_person();

	run(a, "UPDATE person SET phone = '13912345678', updated_at = '2018-03-02T00:00:00.000Z' "
	    "WHERE id = '%s'", p);
	run(b, "UPDATE person SET education = 'bachelor', updated_at = '2018-03-03T00:00:00.000Z' "
	    "WHERE id = '%s'", p);
	ship(a, b);
	ck_assert_int_eq(got.held, 0);
	ck_assert_int_eq(got.merged, 1);
	ck_text(b, "13912345678|bachelor|2018-03-03T00:00:00.000Z", "SELECT phone || '|' || "
	    "education || '|' || updated_at FROM person WHERE id = '%s'", p);
	ship(b, a);
	ck_assert_int_eq(got.held, 0);
	ck_text(a, "13912345678|bachelor|2018-03-03T00:00:00.000Z", "SELECT phone || '|' || "
	    "education || '|' || updated_at FROM person WHERE id = '%s'", p);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM sync_conflict", NULL), 0);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict", NULL), 0);
	free(p);
}
END_TEST

/* The same field changed on both sides is held with both values, who and when; this side's
 * value stays until a supervisor chooses; the other fields of the change still merge. Keeping
 * theirs writes their value (an ordinary write: audited, in the outbox). */
START_TEST(same_field_held)
{
	char *p = common_person();

	run(a, "UPDATE person SET phone = '13912345678', education = 'master', "
	    "updated_at = '2018-03-02T00:00:00.000Z' WHERE id = '%s'", p);
	run(b, "UPDATE person SET phone = '13800000000' WHERE id = '%s'", p);
	ship(a, b);
	ck_assert_int_eq(got.held, 1);
	ck_text(b, "13800000000|master", "SELECT phone || '|' || education FROM person WHERE id = "
	    "'%s'", p);
	ck_text(b, "field|person|[\"phone\"]|{\"phone\":\"13800000000\"}|{\"phone\":\"13912345678\"}"
	    "|township|2018-03-02T00:00:00.000Z|220102|open", "SELECT kind || '|' || tbl || '|' || "
	    "fields || '|' || mine || '|' || theirs || '|' || mine_by || '|' || theirs_at || '|' || "
	    "from_office || '|' || status FROM sync_conflict WHERE row_key = '%s'", p);
	char *at = text(b, "SELECT mine_at FROM sync_conflict");
	ck_assert_ptr_nonnull(at);
	free(at);

	struct rows r;
	struct diag d = DIAG_INIT;
	ck_assert_msg(syncapply_list(b, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.n, 1);
	ck_assert_str_eq(rows_get(&r, 0, SA_NAME), "王丽");
	long id = strtol(rows_get(&r, 0, SA_ID), NULL, 10);
	rows_free(&r);

	long long out = testdb_int(b, "SELECT count(*) FROM outbox", NULL);
	ck_assert_msg(syncapply_resolve(b, id, true, &d) == 0, "%s", d.msg);
	ck_text(b, "13912345678", "SELECT phone FROM person WHERE id = '%s'", p);
	ck_text(b, "resolved|theirs", "SELECT status || '|' || kept FROM sync_conflict");
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM outbox", NULL), out + 1);
	/* resolved once: again is refused */
	ck_assert_int_ne(syncapply_resolve(b, id, false, &d), 0);
	ck_assert_msg(syncapply_list(b, false, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.n, 0);
	rows_free(&r);
	free(p);
}
END_TEST

/* A row deleted on one side and changed on the other is held, both ways round; the row stays. */
START_TEST(delete_against_change_held)
{
	char *p = common_person();

	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county'), "
	    "('n2', '%s', '来访', '2018-03-01', '2018-03-01', 'county')", p, p);
	ship(a, b);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note", NULL), 2);
	/* n1: deleted in a, changed in b; n2: changed in a, deleted in b */
	run(a, "DELETE FROM note WHERE id = 'n1'");
	run(a, "UPDATE note SET body = '来访两次' WHERE id = 'n2'");
	run(b, "UPDATE note SET body = '电话未接' WHERE id = 'n1'");
	run(b, "DELETE FROM note WHERE id = 'n2'");
	ship(a, b);
	ck_assert_int_eq(got.held, 2);
	ck_text(b, "电话未接", "SELECT body FROM note WHERE id = 'n1'");
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note WHERE id = 'n2'", NULL), 0);
	ck_text(b, "delete|{\"body\":\"电话未接\"}", "SELECT kind || '|' || mine FROM sync_conflict "
	    "WHERE row_key = 'n1' AND theirs IS NULL");
	ck_text(b, "delete|{\"body\":\"来访两次\"}", "SELECT kind || '|' || theirs FROM sync_conflict "
	    "WHERE row_key = 'n2' AND mine IS NULL");
	/* a deletion of a row whose only difference is derived goes through */
	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n3', '%s', '短信', '2018-03-01', '2018-03-01', 'county')", p);
	ship(a, b);
	run(b, "UPDATE note SET updated_at = '2018-03-05' WHERE id = 'n3'");
	run(a, "DELETE FROM note WHERE id = 'n3'");
	ship(a, b);
	ck_assert_int_eq(got.held, 0);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note WHERE id = 'n3'", NULL), 0);
	free(p);
}
END_TEST

/* Write an active training for the person and set the stage, as progress does. */
static int
training_work(struct db *db, void *arg, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;

	sbuf_addf(&sql, "INSERT INTO enrollment (id, person_id, kind, status, start_date, "
	    "created_at, updated_at, created_by) VALUES ('e1', '%s', 'training', 'active', "
	    "'2018-03-01', '2018-03-01', '2018-03-01', 'county')", (const char *)arg);
	int ret = db_exec(db, sbuf_str(&sql), d);
	sbuf_free(&sql);
	return ret != 0 ? ret : progress_restage(db, arg, d);
}

/* Derived columns are never a conflict: the stage set in a (a training) and the follow-up set
 * in b (a note) both changed person's updated_at; after shipping both ways each side has the
 * stage and the follow-up recomputed from the rows, the same on both, and nothing is held. */
START_TEST(derived_recomputed)
{
	char *p = common_person(), *nid = NULL;
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_transaction(a, training_work, p, &d) == 0, "%s", d.msg);
	ck_text(a, "training", "SELECT stage FROM person WHERE id = '%s'", p);
	ck_assert_msg(note_add(b, p, "电话回访", "2018-03-05", 17591, &nid, &d) == 0, "%s", d.msg);
	ck_text(b, "2018-03-05", "SELECT next_followup FROM person WHERE id = '%s'", p);
	/* a's copy of b's derived value disagrees on purpose: it is recomputed, not compared */
	run(b, "UPDATE person SET stage = 'internship' WHERE id = '%s'", p);
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM sync_conflict", NULL), 0);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict", NULL), 0);
	ck_text(b, "training|2018-03-05", "SELECT stage || '|' || next_followup FROM person WHERE "
	    "id = '%s'", p);
	ck_text(a, "training|2018-03-05", "SELECT stage || '|' || next_followup FROM person WHERE "
	    "id = '%s'", p);
	free(nid);
	free(p);
}
END_TEST

/* A person registered in both offices (one ID number, two keys) is a merge proposal; their note
 * of that person is held with it, and so is a note of a later bundle; nothing is orphaned and
 * the bundle commits. Resolving merges: their rows join the case here, and so do the rows of
 * later bundles; the same bundles exported again hold nothing new. */
START_TEST(duplicate_is_a_merge_proposal)
{
	char *mine = add(b, "王丽", "220102199503070028");
	char *theirs = add(a, "王丽", "220102199503070028");

	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county')", theirs);
	run(a, "UPDATE person SET phone = '13912345678' WHERE id = '%s'", theirs);
	ship(a, b);
	ck_assert_int_eq(got.held, 3);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM person", NULL), 1);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note", NULL), 0);
	ck_text(b, "duplicate", "SELECT kind FROM sync_conflict WHERE row_key = '%s' AND "
	    "local_key = '%s' AND parent IS NULL", theirs, mine);
	long long dup = testdb_int(b, "SELECT id FROM sync_conflict WHERE kind = 'duplicate'", NULL);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict WHERE kind = 'with' AND "
	    "parent = (SELECT id FROM sync_conflict WHERE kind = 'duplicate')", NULL), 2);
	/* a later bundle: another note of their person, held with it too */
	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n2', '%s', '来访', '2018-03-02', '2018-03-02', 'county')", theirs);
	ship(a, b);
	ck_assert_int_eq(got.held, 1);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict WHERE kind = 'with' AND "
	    "parent = (SELECT id FROM sync_conflict WHERE kind = 'duplicate')", NULL), 3);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM pragma_foreign_key_check", NULL), 0);

	struct diag d = DIAG_INIT;
	ck_assert_int_ne(syncapply_resolve(b, (long)dup + 1, false, &d), 0);  /* a held row */
	ck_assert_msg(syncapply_resolve(b, (long)dup, true, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM person", NULL), 1);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note WHERE person_id = ?1", mine), 2);
	ck_text(b, "13912345678", "SELECT phone FROM person WHERE id = '%s'", mine);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict WHERE status = 'open'",
	    NULL), 0);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM pragma_foreign_key_check", NULL), 0);

	/* later bundles: their rows of the merged person go to the case here, held nothing */
	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n3', '%s', '面谈', '2018-03-03', '2018-03-03', 'county')", theirs);
	run(a, "UPDATE person SET education = 'master' WHERE id = '%s'", theirs);
	ship(a, b);
	ck_assert_int_eq(got.held, 0);
	ck_text(b, "面谈", "SELECT body FROM note WHERE id = 'n3' AND person_id = '%s'", mine);
	ck_text(b, "master", "SELECT education FROM person WHERE id = '%s'", mine);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM person", NULL), 1);
	/* the first bundles exported again under other names (a lost stick): nothing new */
	long long conflicts = testdb_int(b, "SELECT count(*) FROM sync_conflict", NULL);
	struct db_stmt *st = db_prepare(a, "SELECT seq, changeset FROM outbox ORDER BY seq");
	while (db_step(st, "outbox", &d) == DB_ROW) {
		size_t len;
		const void *cs = db_col_bytes(st, 1, &len);
		char label[32];
		snprintf(label, sizeof label, "again-%lld", (long long)db_col_int(st, 0));
		memset(&got, 0, sizeof got);
		ck_assert_msg(apply(b, cs, len, "220102", label, &d) == 0, "%s", d.msg);
		ck_assert_int_eq(got.held, 0);
	}
	db_finalize(st);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict", NULL), conflicts);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note", NULL), 3);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM person", NULL), 1);
	free(mine);
	free(theirs);
}
END_TEST

/* Insert a live once-only decision of a policy for the person. */
static void
grant(struct db *db, const char *id, const char *pid, const char *status, const char *policy)
{
	run(db, "INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, outcome, "
	    "amount_fen, facts_json, reasons_json, once_key, counselor, status, created_at, "
	    "updated_at, created_by) VALUES ('%s', '%s', '%s', 'h', '2018-03-01', "
	    "'eligible', %s, '{}', '[]', '%s|%s|', 'x', '%s', '2018-03-01', "
	    "'2018-03-01', 'x')", id, pid, policy, strcmp(status, "decided") == 0 ? "NULL" : "500000",
	    pid, policy, status);
}

/* A once-only benefit granted in both offices is held; keeping theirs revokes ours and records
 * theirs; keeping ours records theirs revoked: one live decision either way. */
START_TEST(once_only_granted_twice_held)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	grant(a, "d-a", p, "decided", "startup-subsidy");
	grant(b, "d-b", p, "decided", "startup-subsidy");
	ship(a, b);
	ck_assert_int_eq(got.held, 1);
	ck_text(b, "once|d-b", "SELECT kind || '|' || local_key FROM sync_conflict WHERE "
	    "row_key = 'd-a'");
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM decision", NULL), 1);
	long long id = testdb_int(b, "SELECT id FROM sync_conflict", NULL);
	ck_assert_msg(syncapply_resolve(b, (long)id, true, &d) == 0, "%s", d.msg);
	ck_text(b, "d-a decided|d-b revoked", "SELECT group_concat(id || ' ' || status, '|') FROM "
	    "(SELECT * FROM decision ORDER BY id)");

	/* the other way round in a, another benefit: keep ours */
	grant(a, "d-a2", p, "approved", "training-subsidy");
	grant(b, "d-b2", p, "approved", "training-subsidy");
	ship(b, a);
	id = testdb_int(a, "SELECT id FROM sync_conflict WHERE row_key = 'd-b2'", NULL);
	ck_assert_msg(syncapply_resolve(a, (long)id, false, &d) == 0, "%s", d.msg);
	ck_text(a, "approved|revoked", "SELECT (SELECT status FROM decision WHERE id = 'd-a2') || "
	    "'|' || (SELECT status FROM decision WHERE id = 'd-b2')");
	free(p);
}
END_TEST

/* The open conflicts of db. */
static long long
open_conflicts(struct db *db)
{
	return testdb_int(db, "SELECT count(*) FROM sync_conflict WHERE status = 'open' AND "
	    "parent IS NULL", NULL);
}

/* The id of db's open conflict of row key (the root). */
static long
open_of(struct db *db, const char *key)
{
	return (long)testdb_int(db, "SELECT id FROM sync_conflict WHERE status = 'open' AND "
	    "parent IS NULL AND (row_key = ?1 OR local_key = ?1)", key);
}

/* The same field of person p changed in both offices (to va in a, vb in b), shipped both ways:
 * each office holds its copy of the conflict. */
static void
clash(const char *p, const char *field, const char *va, const char *vb)
{
	run(a, "UPDATE person SET %s = '%s' WHERE id = '%s'", field, va, p);
	run(b, "UPDATE person SET %s = '%s' WHERE id = '%s'", field, vb, p);
	ship(a, b);
	ship(b, a);
}

/* Both offices hold the same field conflict; one supervisor resolves it (b: mine, then a:
 * theirs on another field); the resolution travels: the other office's copy is closed with the
 * chosen value (recorded as the other office's choice), both end alike, nothing is echoed, and
 * each resolution is one audit event where it was made (the chain still verifies). */
START_TEST(resolution_travels_field)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	clash(p, "phone", "13912345678", "13800000000");
	ck_assert_int_eq(open_conflicts(a), 1);
	ck_assert_int_eq(open_conflicts(b), 1);
	/* b keeps its own: it writes nothing but the resolution, which a applies */
	ck_assert_msg(syncapply_resolve(b, open_of(b, p), false, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM audit WHERE op = 'resolve'", NULL), 1);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_text(a, "13800000000", "SELECT phone FROM person WHERE id = '%s'", p);
	ck_text(a, "theirs|township", "SELECT kept || '|' || resolved_by FROM sync_conflict WHERE "
	    "resolution IS NOT NULL");
	ck_text(b, "13800000000", "SELECT phone FROM person WHERE id = '%s'", p);

	/* the other way: a keeps theirs of another field */
	clash(p, "education", "master", "bachelor");
	ck_assert_msg(syncapply_resolve(a, open_of(a, p), true, &d) == 0, "%s", d.msg);
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_assert_int_eq(open_conflicts(b), 0);
	ck_text(a, "13800000000|bachelor", "SELECT phone || '|' || education FROM person WHERE id = "
	    "'%s'", p);
	ck_text(b, "13800000000|bachelor", "SELECT phone || '|' || education FROM person WHERE id = "
	    "'%s'", p);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM audit WHERE op = 'resolve'", NULL), 2);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM sync_resolution", NULL), 2);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_resolution", NULL), 2);
	free(p);
}
END_TEST

/* Both supervisors choose before their resolutions cross: the later choice wins in both offices
 * (never a swap). A resolution that finds no open copy and a row changed since is held anew. */
START_TEST(resolution_later_wins_and_changed_row_held)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	clash(p, "phone", "13912345678", "13800000000");
	ck_assert_msg(syncapply_resolve(a, open_of(a, p), false, &d) == 0, "%s", d.msg);
	ck_assert_msg(syncapply_resolve(b, open_of(b, p), false, &d) == 0, "%s", d.msg);
	/* b's is the later (resolved_at to the millisecond: made later on purpose) */
	run(b, "UPDATE sync_resolution SET resolved_at = '2099-01-01T00:00:00.000Z'");
	ship(a, b);
	ship(b, a);
	ck_text(a, "13800000000", "SELECT phone FROM person WHERE id = '%s'", p);
	ck_text(b, "13800000000", "SELECT phone FROM person WHERE id = '%s'", p);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_assert_int_eq(open_conflicts(b), 0);

	/* a changed row: b resolved and changed the phone again before a's resolution came */
	clash(p, "education", "master", "bachelor");
	ck_assert_msg(syncapply_resolve(b, open_of(b, p), false, &d) == 0, "%s", d.msg);
	ck_assert_msg(syncapply_resolve(a, open_of(a, p), false, &d) == 0, "%s", d.msg);
	run(a, "UPDATE sync_resolution SET resolved_at = '2099-02-01T00:00:00.000Z' WHERE "
	    "fields = '[\"education\"]'");
	run(b, "UPDATE person SET education = 'doctorate' WHERE id = '%s'", p);
	ship(a, b);
	ck_text(b, "doctorate", "SELECT education FROM person WHERE id = '%s'", p);
	ck_assert_int_eq(open_conflicts(b), 1);
	ck_text(b, "{\"education\":\"doctorate\"}|{\"education\":\"master\"}", "SELECT mine || '|' || "
	    "theirs FROM sync_conflict WHERE status = 'open'");
	free(p);
}
END_TEST

/* A deletion against a change, resolved in one office, closes the other's copy: kept deleted
 * (n1: b keeps a's deletion) or kept (n2: b keeps its own row, which a deleted: a gets it back
 * whole). */
START_TEST(resolution_travels_delete)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county'), "
	    "('n2', '%s', '来访', '2018-03-01', '2018-03-01', 'county')", p, p);
	ship(a, b);
	run(a, "DELETE FROM note WHERE id = 'n1'");
	run(b, "UPDATE note SET body = '电话未接' WHERE id = 'n1'");
	run(a, "DELETE FROM note WHERE id = 'n2'");
	run(b, "UPDATE note SET body = '来访两次' WHERE id = 'n2'");
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 2);
	ck_assert_int_eq(open_conflicts(b), 2);
	ck_assert_msg(syncapply_resolve(b, open_of(b, "n1"), true, &d) == 0, "%s", d.msg);
	ck_assert_msg(syncapply_resolve(b, open_of(b, "n2"), false, &d) == 0, "%s", d.msg);
	ship(b, a);
	ship(a, b);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_assert_int_eq(open_conflicts(b), 0);
	const char *notes = "SELECT coalesce(group_concat(id || ' ' || body, '|'), '') FROM "
	    "(SELECT * FROM note ORDER BY id)";
	ck_text(a, "n2 来访两次", "%s", notes);
	ck_text(b, "n2 来访两次", "%s", notes);
	free(p);
}
END_TEST

/* A once-only benefit granted in both: one supervisor keeps one; the other office ends with the
 * same live decision and the same revoked one (who, when, why). */
START_TEST(resolution_travels_once)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	grant(a, "d-a", p, "decided", "startup-subsidy");
	grant(b, "d-b", p, "decided", "startup-subsidy");
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 1);
	ck_assert_int_eq(open_conflicts(b), 1);
	ck_assert_msg(syncapply_resolve(a, open_of(a, "d-a"), false, &d) == 0, "%s", d.msg);
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_assert_int_eq(open_conflicts(b), 0);
	const char *dec = "SELECT group_concat(id || ' ' || status || ' ' || coalesce(revoked_by, "
	    "'-') || ' ' || coalesce(revoked_at, '-'), '|') FROM (SELECT * FROM decision ORDER BY id)";
	char *want = text(a, "%s", dec);
	ck_assert_msg(strstr(want, "d-a decided - -|d-b revoked county ") == want, "%s", want);
	ck_text(b, want, "%s", dec);
	free(want);
	free(p);
}
END_TEST

/* A person registered in both offices: one supervisor merges; the other office ends with the
 * same one merged case (the same key, values and rows), not two. */
START_TEST(resolution_travels_duplicate)
{
	char *mine = add(b, "王丽", "220102199503070028");
	char *theirs = add(a, "王丽", "220102199503070028");
	struct diag d = DIAG_INIT;

	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county')", theirs);
	run(a, "UPDATE person SET phone = '13912345678' WHERE id = '%s'", theirs);
	run(b, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n2', '%s', '来访', '2018-03-01', '2018-03-01', 'township')", mine);
	ship(a, b);
	ship(b, a);
	ck_assert_int_eq(open_conflicts(a), 1);
	ck_assert_int_eq(open_conflicts(b), 1);
	ck_assert_msg(syncapply_resolve(b, open_of(b, mine), true, &d) == 0, "%s", d.msg);
	ship(b, a);
	ship(a, b);
	ck_assert_int_eq(open_conflicts(a), 0);
	ck_assert_int_eq(open_conflicts(b), 0);
	const char *persons = "SELECT group_concat(id || ' ' || coalesce(phone, '-'), '|') FROM "
	    "person";
	const char *notes = "SELECT group_concat(id || ' ' || person_id, '|') FROM (SELECT * FROM "
	    "note ORDER BY id)";
	char *pa = text(a, "%s", persons), *na = text(a, "%s", notes);
	ck_text(b, pa, "%s", persons);
	ck_text(b, na, "%s", notes);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM person", NULL), 1);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM person WHERE id = ?1", mine), 1);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM note WHERE person_id = ?1", mine), 2);
	ck_assert_int_eq(testdb_int(a, "SELECT count(*) FROM pragma_foreign_key_check", NULL), 0);
	free(pa);
	free(na);
	free(mine);
	free(theirs);
}
END_TEST

/* The same changeset applied again changes nothing: no row, no audit row, no conflict, and
 * what it held is not held twice. */
START_TEST(applied_again_changes_nothing)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	run(a, "UPDATE person SET phone = '13912345678', education = 'master' WHERE id = '%s'", p);
	run(b, "UPDATE person SET phone = '13800000000' WHERE id = '%s'", p);
	char *dup = add(a, "李强", "220102199001010017");
	free(add(b, "李强", "220102199001010017"));
	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county')", dup);
	struct db_stmt *st = db_prepare(a, "SELECT seq, changeset FROM outbox WHERE seq > 1 "
	    "ORDER BY seq");
	while (db_step(st, "outbox", &d) == DB_ROW) {
		size_t len;
		const void *cs = db_col_bytes(st, 1, &len);
		char label[32];
		snprintf(label, sizeof label, "a-%lld", (long long)db_col_int(st, 0));
		ck_assert_msg(apply(b, cs, len, "220102", label, &d) == 0, "%s", d.msg);
		const char *state = "SELECT (SELECT count(*) FROM audit) || '|' || "
		    "(SELECT count(*) FROM sync_conflict) || '|' || (SELECT group_concat(id || phone "
		    "|| coalesce(education, '') || updated_at) FROM person) || '|' || "
		    "(SELECT count(*) FROM note) || '|' || (SELECT count(*) FROM outbox)";
		char *before = text(b, "%s", state);
		memset(&got, 0, sizeof got);
		ck_assert_msg(apply(b, cs, len, "220102", label, &d) == 0, "%s", d.msg);
		ck_assert_int_eq(got.held, 0);
		ck_assert_int_eq(got.merged, 0);
		ck_text(b, before, "%s", state);
		free(before);
	}
	db_finalize(st);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM sync_conflict", NULL), 3);
	free(dup);
	free(p);
}
END_TEST

/* A changeset naming a table with other columns than this database's is refused whole. */
START_TEST(other_columns_refused)
{
	char *p = common_person();
	struct diag d = DIAG_INIT;

	run(a, "ALTER TABLE note ADD COLUMN extra TEXT");
	run(a, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('n1', '%s', '电话', '2018-03-01', '2018-03-01', 'county')", p);
	char *cs = NULL;
	struct db_stmt *st = db_prepare(a, "SELECT changeset FROM outbox ORDER BY seq DESC LIMIT 1");
	ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
	size_t len;
	const void *v = db_col_bytes(st, 0, &len);
	cs = malloc(len);
	memcpy(cs, v, len);
	db_finalize(st);
	ck_assert_int_eq(apply(b, cs, len, "220102", "x", &d), 65);
	ck_assert_msg(strstr(d.msg, "note and follow-up") != NULL, "%s", d.msg);
	ck_assert_int_eq(testdb_int(b, "SELECT count(*) FROM note", NULL), 0);
	free(cs);
	free(p);
}
END_TEST

/* The suite. */
static Suite *
syncapply_suite(void)
{
	Suite *s = suite_create("syncapply");
	TCase *tc = tcase_create("apply");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, different_fields_merge);
	tcase_add_test(tc, same_field_held);
	tcase_add_test(tc, delete_against_change_held);
	tcase_add_test(tc, derived_recomputed);
	tcase_add_test(tc, duplicate_is_a_merge_proposal);
	tcase_add_test(tc, once_only_granted_twice_held);
	tcase_add_test(tc, applied_again_changes_nothing);
	tcase_add_test(tc, other_columns_refused);
	tcase_add_test(tc, resolution_travels_field);
	tcase_add_test(tc, resolution_later_wins_and_changed_row_held);
	tcase_add_test(tc, resolution_travels_delete);
	tcase_add_test(tc, resolution_travels_once);
	tcase_add_test(tc, resolution_travels_duplicate);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(syncapply_suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
