/* Check tests for snapshots (core/snapshot.c), issue 17: a case's snapshot holds exactly its
 * rows (household, person, the unit its enrollment names, enrollment, insurance, note) as
 * INSERTs with the database's values and nothing of another case; applied through syncapply to
 * a database without them it makes the case whole; applied again, or where the rows are equal,
 * it changes nothing and holds nothing; an office's snapshot holds its cases and every unit,
 * and with below and office_row those of the offices below it and its own office row;
 * snapshot_store writes one outbox row inside the transaction, none when it rolls back. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "core/snapshot.h"
#include "core/syncapply.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db, *other;

/* Two fresh databases for each test: the sender and a receiver. */
static void
setup(void)
{
	db = testdb_open("snapshot", "tester");
	other = testdb_open("snapshot-other", "tester");
}

/* Close and remove them. */
static void
teardown(void)
{
	testdb_close(db);
	testdb_close(other);
	db = other = NULL;
}

/* Register a person (a phone: an insurance fact too) in database h; its new id (caller frees). */
static char *
add(struct db *h, const char *name, const char *idnum)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_PHONE, "13912345678", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_UNEMPLOYMENT_MONTHS, "6", why, sizeof why), 0);
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), 0);
	ck_assert_msg(person_add(h, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = strdup(p.v[PF_ID]);
	person_clear(&p);
	return id;
}

/* Run SQL with ?1 bound to p in one transaction of h; fails the test when it fails. */
struct run_args { const char *sql, *p; };

/* run's work. */
static int
run_work(struct db *h, void *arg, struct diag *d)
{
	struct run_args *a = arg;
	struct db_stmt *st = db_prepare(h, a->sql);
	int ret;

	db_bind_text(st, 1, a->p);
	ret = db_run(st, "test", d);
	db_finalize(st);
	return ret;
}

/* Run sql (?1: p) in a transaction of h. */
static void
run(struct db *h, const char *sql, const char *p)
{
	struct run_args a = { sql, p };
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_transaction(h, run_work, &a, &d) == 0, "%s", d.msg);
}

/* A unit, an enrollment there and a note for person id in h. */
static void
records(struct db *h, const char *id)
{
	run(h, "INSERT INTO unit (id, name, kind, created_at, updated_at, created_by) VALUES "
	    "('U-' || ?1, '长春职业培训学校', 'training_provider', '2018-01-01', '2018-01-01', 't')", id);
	run(h, "INSERT INTO enrollment (id, person_id, kind, unit_id, status, created_at, updated_at, "
	    "created_by) VALUES ('E-' || ?1, ?1, 'training', 'U-' || ?1, 'completed', '2018-01-02', "
	    "'2018-01-02', 't')", id);
	run(h, "INSERT INTO note (id, person_id, body, created_at, updated_at, created_by) VALUES "
	    "('N-' || ?1, ?1, '电话回访', '2018-01-03', '2018-01-03', 't')", id);
}

/* The changes of a changeset as "op table key" lines, sorted within each table. */
static void
changes(const void *cs, size_t len, struct sbuf *out)
{
	sqlite3_changeset_iter *it;

	ck_assert_int_eq(sqlite3changeset_start(&it, (int)len, (void *)cs), SQLITE_OK);
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		sqlite3_value *v = NULL;
		ck_assert_int_eq(sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect), SQLITE_OK);
		ck_assert_int_eq(op, SQLITE_INSERT);
		sqlite3changeset_new(it, 0, &v);
		sbuf_addf(out, "%s %s\n", tbl, (const char *)sqlite3_value_text(v));
	}
	ck_assert_int_eq(sqlite3changeset_finalize(it), SQLITE_OK);
}

/* Apply cs to h through syncapply in one transaction (as a bundle from office 220101). */
struct apply_args { const void *cs; size_t len; struct syncapply_counts c; };

/* apply's work. */
static int
apply_work(struct db *h, void *arg, struct diag *d)
{
	struct apply_args *a = arg;

	return syncapply_changeset(h, a->cs, a->len, "220101", "220101/0/1-1", &a->c, d) != 0 ?
	    (d->code != 0 ? d->code : 70) : 0;
}

/* Apply cs to h; the counts. */
static struct syncapply_counts
apply(struct db *h, const void *cs, size_t len)
{
	struct apply_args a = { cs, len, { 0, 0, 0 } };
	struct diag d = DIAG_INIT;

	db_set_applying(h, true);
	ck_assert_msg(db_transaction(h, apply_work, &a, &d) == 0, "%s", d.msg);
	db_set_applying(h, false);
	return a.c;
}

START_TEST(a_case_holds_exactly_its_rows)
{
	struct diag d = DIAG_INIT;
	char *a = add(db, "王丽", "220102199503070028"), *b = add(db, "张三", "220102199001010017");
	records(db, a);
	records(db, b);
	const char *ids[] = { a };
	struct snapshot_sel sel = { .ids = ids, .n = 1 };
	void *cs;
	size_t len;
	long long outbox = testdb_int(db, "SELECT count(*) FROM outbox", NULL);
	ck_assert_msg(snapshot_cases(db, &sel, &cs, &len, &d) == 0, "%s", d.msg);
	ck_assert_ptr_nonnull(cs);
	struct sbuf got = SBUF_INIT, want = SBUF_INIT;
	changes(cs, len, &got);
	char ins[64];
	struct db_stmt *st = db_prepare(db, "SELECT id FROM insurance WHERE person_id = ?1");
	db_bind_text(st, 1, a);
	ck_assert_int_eq(db_step(st, "insurance", &d), DB_ROW);
	snprintf(ins, sizeof ins, "%s", db_col_text(st, 0));
	db_finalize(st);
	/* foreign-key order: the person, the unit, then the records; no row of b's */
	sbuf_addf(&want, "person %s\nunit U-%s\nenrollment E-%s\ninsurance %s\nnote N-%s\n", a, a, a,
	    ins, a);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	ck_assert_ptr_null(strstr(sbuf_str(&got), b));
	/* nothing was written: no outbox row, the temporary list emptied */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), outbox);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM temp.snapshot_person", NULL), 0);

	/* applied where the case never was: whole, with the sender's values */
	struct syncapply_counts c = apply(other, cs, len);
	ck_assert_int_eq(c.held, 0);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM person WHERE id = ?1 AND name = "
	    "'王丽' AND phone = '13912345678'", a), 1);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM enrollment WHERE person_id = ?1 "
	    "AND unit_id = 'U-' || ?1", a), 1);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM note WHERE person_id = ?1", a), 1);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM insurance WHERE person_id = ?1", a),
	    1);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM person WHERE id = ?1", b), 0);
	/* again: nothing changes, nothing held (the audit counts every write) */
	long long audit = testdb_int(other, "SELECT count(*) FROM audit", NULL);
	c = apply(other, cs, len);
	ck_assert_int_eq(c.held, 0);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM audit", NULL), audit);
	ck_assert_int_eq(testdb_int(other, "SELECT count(*) FROM sync_conflict", NULL), 0);
	/* applied to the sender itself (a county that holds the rows): nothing either */
	audit = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	c = apply(db, cs, len);
	ck_assert_int_eq(c.held, 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), audit);
	free(cs);
	sbuf_free(&got);
	sbuf_free(&want);
	free(a);
	free(b);
}
END_TEST

START_TEST(an_office_holds_its_cases_and_every_unit)
{
	struct diag d = DIAG_INIT;
	char *a = add(db, "王丽", "220102199503070028"), *b = add(db, "张三", "220102199001010017");
	records(db, a);
	records(db, b);
	run(db, "INSERT INTO office (id, code, name, level, created_at, updated_at, created_by) "
	    "VALUES (?1, ?1, '乙镇', 'township', '2018-01-01', '2018-01-01', 't')", "220102");
	run(db, "UPDATE person SET office_id = '220102' WHERE id = ?1", b);
	struct snapshot_sel sel = { .office = "220102", .all_units = true };
	void *cs;
	size_t len;
	ck_assert_msg(snapshot_cases(db, &sel, &cs, &len, &d) == 0, "%s", d.msg);
	struct sbuf got = SBUF_INIT;
	changes(cs, len, &got);
	/* b's rows and both units; none of a's records */
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "person "));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "unit U-"));
	char line[96];
	snprintf(line, sizeof line, "unit U-%s\n", a);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), line));
	snprintf(line, sizeof line, "person %s\n", a);
	ck_assert_ptr_null(strstr(sbuf_str(&got), line));
	snprintf(line, sizeof line, "note N-%s\n", a);
	ck_assert_ptr_null(strstr(sbuf_str(&got), line));
	snprintf(line, sizeof line, "note N-%s\n", b);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), line));
	free(cs);
	/* the office above, for its parent: the cases of the offices below it and its own row */
	run(db, "INSERT INTO office (id, code, name, level, created_at, updated_at, created_by) "
	    "VALUES (?1, ?1, '朝阳区', 'county', '2018-01-01', '2018-01-01', 't')", "2201");
	run(db, "UPDATE office SET parent_id = '2201' WHERE id = ?1", "220102");
	struct snapshot_sel up = { .office = "2201", .below = true, .office_row = "2201" };
	ck_assert_msg(snapshot_cases(db, &up, &cs, &len, &d) == 0, "%s", d.msg);
	sbuf_reset(&got);
	changes(cs, len, &got);
	ck_assert_ptr_eq(strstr(sbuf_str(&got), "office 2201\n"), sbuf_str(&got));
	snprintf(line, sizeof line, "person %s\n", b);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), line));
	snprintf(line, sizeof line, "person %s\n", a);
	ck_assert_ptr_null(strstr(sbuf_str(&got), line));
	free(cs);
	/* an office with no case and no unit asked for: nothing at all */
	struct snapshot_sel none = { .office = "220199" };
	ck_assert_int_eq(snapshot_cases(db, &none, &cs, &len, &d), 0);
	ck_assert_ptr_null(cs);
	ck_assert_uint_eq(len, 0);
	sbuf_free(&got);
	free(a);
	free(b);
}
END_TEST

/* snapshot_store of the case arg, then fail on purpose when the case is "fail". */
static int
store_work(struct db *h, void *arg, struct diag *d)
{
	const char *const *ids = arg;
	struct snapshot_sel sel = { .ids = ids, .n = 1 };
	int ret = snapshot_store(h, &sel, d);

	if (ret == 0 && ids[1] != NULL)
		ret = diag_set(d, EX_DATAERR, "failed on purpose");
	return ret;
}

START_TEST(stored_in_the_transaction_or_not_at_all)
{
	struct diag d = DIAG_INIT;
	char *a = add(db, "王丽", "220102199503070028");
	records(db, a);
	long long rows = testdb_int(db, "SELECT count(*) FROM outbox", NULL);
	const char *fails[] = { a, "fail" }, *ok[] = { a, NULL };
	ck_assert_int_eq(db_transaction(db, store_work, (void *)fails, &d), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), rows);
	ck_assert_int_eq(db_transaction(db, store_work, (void *)ok, &d), 0);
	/* one row: the snapshot (the transaction itself changed no synced table) */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), rows + 1);
	struct db_stmt *st = db_prepare(db, "SELECT changeset FROM outbox ORDER BY seq DESC LIMIT 1");
	ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
	size_t len;
	const void *cs = db_col_bytes(st, 0, &len);
	struct sbuf got = SBUF_INIT;
	changes(cs, len, &got);
	db_finalize(st);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "note N-"));
	sbuf_free(&got);
	free(a);
}
END_TEST

/* The suite. */
static Suite *
snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_case_holds_exactly_its_rows);
	tcase_add_test(tc, an_office_holds_its_cases_and_every_unit);
	tcase_add_test(tc, stored_in_the_transaction_or_not_at_all);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *r = srunner_create(snapshot_suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
