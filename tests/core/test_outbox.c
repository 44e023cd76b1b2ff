/* Check tests for the outbox (core/db.c's session, core/outbox.c) and the office (core/office.c),
 * issue 17 points 1 and 2: a write makes one outbox row whose changeset holds exactly the rows
 * it changed in the synced tables and nothing of the audit or search tables; each transaction
 * its own session; a failed or rolled-back transaction and a kill -9 between the changeset and
 * COMMIT leave no row; no echo under the applying flag; the epoch; the office code in new keys
 * and on new cases; init --office once. */
#include <check.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/office.h"
#include "core/outbox.h"
#include "core/person.h"
#include "core/transfer.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db;

/* A fresh database for each test. */
static void
setup(void)
{
	db = testdb_open("outbox", "tester");
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
	db = NULL;
}

/* Register a person with a name, an ID number and (phone not NULL) a phone and an insurance
 * fact; its new id is returned (caller frees). */
static char *
add(const char *name, const char *idnum, const char *phone)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why), 0);
	if (phone != NULL) {
		ck_assert_int_eq(person_set(&p, PF_PHONE, phone, why, sizeof why), 0);
		ck_assert_int_eq(person_set(&p, PF_UNEMPLOYMENT_MONTHS, "6", why, sizeof why), 0);
	}
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = strdup(p.v[PF_ID]);
	person_clear(&p);
	return id;
}

/* The changes of one changeset, one "op table key" line each (op I, U or D; key: the first
 * primary-key column's text), in changeset order; for an update, also the columns it names
 * with their new values as " col=value". */
static void
changes(const void *cs, size_t len, struct sbuf *out)
{
	sqlite3_changeset_iter *it;

	ck_assert_int_eq(sqlite3changeset_start(&it, (int)len, (void *)cs), SQLITE_OK);
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		unsigned char *pk;
		int npk;
		sqlite3_value *v = NULL;

		ck_assert_int_eq(sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect), SQLITE_OK);
		ck_assert_int_eq(sqlite3changeset_pk(it, &pk, &npk), SQLITE_OK);
		ck_assert_int_eq(pk[0], 1);  /* every synced table's key is its first column, id */
		if (op == SQLITE_DELETE)
			sqlite3changeset_old(it, 0, &v);
		else if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 0, &v);
		else
			sqlite3changeset_old(it, 0, &v);
		sbuf_addf(out, "%c %s %s", op == SQLITE_INSERT ? 'I' : op == SQLITE_UPDATE ? 'U' : 'D',
		    tbl, v != NULL ? (const char *)sqlite3_value_text(v) : "?");
		if (op == SQLITE_UPDATE) {
			for (int i = 1; i < ncol; i++) {
				sqlite3_value *nv = NULL;
				sqlite3changeset_new(it, i, &nv);
				if (nv != NULL) {
					sqlite3_stmt *names;
					/* the column's name, by its place in the table */
					sqlite3_prepare_v2(db_sqlite(db), "SELECT name FROM pragma_table_info(?1) "
					    "WHERE cid = ?2", -1, &names, NULL);
					sqlite3_bind_text(names, 1, tbl, -1, SQLITE_STATIC);
					sqlite3_bind_int(names, 2, i);
					ck_assert_int_eq(sqlite3_step(names), SQLITE_ROW);
					sbuf_addf(out, " %s=%s", (const char *)sqlite3_column_text(names, 0),
					    sqlite3_value_type(nv) == SQLITE_NULL ? "NULL" :
					    (const char *)sqlite3_value_text(nv));
					sqlite3_finalize(names);
				}
			}
		}
		sbuf_add(out, "\n");
	}
	ck_assert_int_eq(sqlite3changeset_finalize(it), SQLITE_OK);
}

/* The changes of outbox row seq (changes()); fails when there is none. */
static void
row_changes(long long seq, struct sbuf *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT changeset FROM outbox WHERE seq = ?1");
	struct diag d = DIAG_INIT;
	size_t len;

	db_bind_int(st, 1, seq);
	ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
	const void *cs = db_col_bytes(st, 0, &len);
	ck_assert_ptr_nonnull(cs);
	changes(cs, len, out);
	db_finalize(st);
}

/* Run SQL inside a transaction of its own (db_transaction) and then fail with EX_DATAERR when
 * the arg's second string is "fail". */
struct run_args {
	const char *sql, *then;
};

/* run_args's work. */
static int
run_work(struct db *dbh, void *arg, struct diag *d)
{
	struct run_args *a = arg;
	int ret = db_exec(dbh, a->sql, d);

	if (ret == 0 && a->then != NULL && strcmp(a->then, "fail") == 0)
		ret = diag_set(d, EX_DATAERR, "failed on purpose");
	return ret;
}

/* Run sql in one transaction: 0 or its code. */
static int
run(const char *sql, const char *then)
{
	struct run_args a = { sql, then };
	struct diag d = DIAG_INIT;

	return db_transaction(db, run_work, &a, &d);
}

START_TEST(a_write_makes_one_row_of_exactly_its_rows)
{
	struct sbuf got = SBUF_INIT, want = SBUF_INIT;

	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 0);
	char *id = add("王丽", "220102199503070028", "13912345678");
	/* one row for the one transaction, epoch 0 without a sync_epoch setting */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT epoch FROM outbox", NULL), 0);
	long long seq = testdb_int(db, "SELECT seq FROM outbox", NULL);
	/* the person and its insurance record; not its audit rows, search tokens or FTS pages */
	ck_assert_int_ge(testdb_int(db, "SELECT count(*) FROM audit", NULL), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person_search", NULL), 1);
	row_changes(seq, &got);
	char *iid = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM insurance WHERE person_id = ?1");
	struct diag d = DIAG_INIT;
	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_step(st, "insurance", &d), DB_ROW);
	iid = strdup(db_col_text(st, 0));
	db_finalize(st);
	sbuf_addf(&want, "I person %s\nI insurance %s\n", id, iid);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));

	/* an update: its own row, the one changed column (and updated_at) only */
	sbuf_reset(&got);
	sbuf_reset(&want);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE person SET phone = '13812345678' WHERE id = '%s'", id);
	ck_assert_int_eq(run(sql, NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 2);
	row_changes(seq + 1, &got);
	/* the name's sort key and the household copies did not change: not sent again */
	sbuf_addf(&want, "U person %s phone=13812345678\n", id);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));

	/* a delete, cascading to the insurance record */
	sbuf_reset(&got);
	sbuf_reset(&want);
	snprintf(sql, sizeof sql, "DELETE FROM person WHERE id = '%s'", id);
	ck_assert_int_eq(run(sql, NULL), 0);
	row_changes(seq + 2, &got);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "D person "));
	sbuf_addf(&want, "D insurance %s\n", iid);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), sbuf_str(&want)));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 3);
	free(id);
	free(iid);
	sbuf_free(&got);
	sbuf_free(&want);
}
END_TEST

START_TEST(each_transaction_its_own_session)
{
	struct sbuf got = SBUF_INIT, want = SBUF_INIT;
	char *a = add("张伟", "220102199001010017", NULL);
	char *b = add("李娜", "220102199202020027", NULL);

	/* the second row holds the second person alone: a session reused would repeat the first */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 2);
	row_changes(testdb_int(db, "SELECT max(seq) FROM outbox", NULL), &got);
	sbuf_addf(&want, "I person %s\n", b);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	/* a transaction that changes no synced table (the search index, a setting) leaves none */
	ck_assert_int_eq(run("INSERT INTO setting VALUES ('x', 'y')", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 2);
	/* changes that cancel out leave none either */
	ck_assert_int_eq(run("INSERT INTO unit (id, name, kind, created_at, updated_at, created_by) "
	    "VALUES ('u1', '长春职校', 'training_provider', 'x', 'x', 'x'); DELETE FROM unit "
	    "WHERE id = 'u1'", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 2);
	/* seq numbers are never reused: pruned to nothing, the next row comes after */
	ck_assert_int_eq(run("DELETE FROM outbox", NULL), 0);
	char *c = add("赵敏", "22010219930303003X", NULL);
	ck_assert_int_eq(testdb_int(db, "SELECT seq FROM outbox", NULL), 3);
	free(a);
	free(b);
	free(c);
	sbuf_free(&got);
	sbuf_free(&want);
}
END_TEST

START_TEST(a_failed_transaction_leaves_no_row)
{
	char *a = add("张伟", "220102199001010017", NULL);

	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
	/* work that wrote a row and then failed: rolled back, the outbox with it */
	ck_assert_int_eq(run("UPDATE person SET phone = '13912345678'", "fail"), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE phone IS NOT NULL",
	    NULL), 0);
	/* a statement the database refused (a duplicate ID number) */
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];
	ck_assert_int_eq(person_set(&p, PF_NAME, "张伟", why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_ID_NUMBER, "220102199001010017", why, sizeof why), 0);
	ck_assert_int_eq(person_complete(&p, 17591, why, sizeof why), 0);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), EX_DATAERR);
	person_clear(&p);
	ck_assert_int_eq(run("UPDATE person SET sex = 'neither'", NULL), EX_DATAERR);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
	/* and the next transaction records only its own change */
	char *b = add("李娜", "220102199202020027", NULL);
	struct sbuf got = SBUF_INIT, want = SBUF_INIT;
	row_changes(testdb_int(db, "SELECT max(seq) FROM outbox", NULL), &got);
	sbuf_addf(&want, "I person %s\n", b);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	free(a);
	free(b);
	sbuf_free(&got);
	sbuf_free(&want);
}
END_TEST

/* Whether the child's transaction has written its outbox row (kill_seen_outbox). */
static bool kill_outbox_written;

/* The update hook of the child below: notes the outbox row's insert. */
static void
kill_seen_outbox(void *arg, int op, const char *dbname, const char *tbl, sqlite3_int64 rowid)
{
	(void)arg;
	(void)dbname;
	(void)rowid;
	if (op == SQLITE_INSERT && strcmp(tbl, "outbox") == 0)
		kill_outbox_written = true;
}

/* The commit hook of the child below: with the changeset in the outbox table and COMMIT not
 * yet written, the power goes (exit 4 when COMMIT came first: the outbox not in the same
 * transaction). */
static int
kill_at_commit(void *arg)
{
	(void)arg;
	if (!kill_outbox_written)
		_exit(4);
	kill(getpid(), SIGKILL);
	return 0;
}

/* In a child process: open the database at p, add a person (killed at COMMIT when die) and
 * exit 0. */
static void
child_add(const char *p, bool die)
{
	struct db *cdb = NULL;
	struct diag d = DIAG_INIT;

	if (dbopen_open(p, "tester", false, &d, &cdb) != 0)
		_exit(3);
	if (die) {
		sqlite3_update_hook(db_sqlite(cdb), kill_seen_outbox, NULL);
		sqlite3_commit_hook(db_sqlite(cdb), kill_at_commit, NULL);
	}
	db = cdb;
	char *id = add("孙杰", "220102198804040047", NULL);
	free(id);
	db_close(cdb);
	_exit(0);
}

START_TEST(kill_between_changeset_and_commit_leaves_neither)
{
	char p[128];
	int status;
	pid_t pid;

	snprintf(p, sizeof p, "%s", db_path(db));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		child_add(p, true);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %d", status);
	/* after the crash (the next reader recovers the WAL): neither the person nor the row */
	struct db *after = NULL;
	struct diag d = DIAG_INIT;
	ck_assert_int_eq(dbopen_open(p, "tester", false, &d, &after), 0);
	struct db *mine = db;
	db = after;
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 0);
	db_close(after);
	db = mine;
	/* the same without the kill: both */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		child_add(p, false);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
}
END_TEST

START_TEST(no_echo_while_applying)
{
	char *a = add("张伟", "220102199001010017", NULL);

	ck_assert(!db_applying(db));
	db_set_applying(db, true);
	ck_assert(db_applying(db));
	/* what a bundle applies is not recorded again */
	ck_assert_int_eq(run("UPDATE person SET phone = '13912345678'", NULL), 0);
	char *b = add("李娜", "220102199202020027", NULL);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 1);
	/* the office's own work after it is */
	db_set_applying(db, false);
	ck_assert_int_eq(run("UPDATE person SET phone = '13812345678'", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 2);
	free(a);
	free(b);
}
END_TEST

START_TEST(epoch_from_the_setting)
{
	ck_assert_int_eq(run("INSERT INTO setting VALUES ('sync_epoch', '3')", NULL), 0);
	char *a = add("张伟", "220102199001010017", NULL);
	ck_assert_int_eq(testdb_int(db, "SELECT epoch FROM outbox", NULL), 3);
	free(a);
}
END_TEST

START_TEST(office_code_in_new_keys)
{
	struct office_args a = { "220102001", "朝阳街道就业服务站", "township", "220102", NULL };
	struct diag d = DIAG_INIT;
	bool already = true;

	char *before = add("张伟", "220102199001010017", NULL);
	ck_assert_int_eq(strncmp(before, "000000-", 7), 0);
	ck_assert_ptr_null(db_office(db));
	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	ck_assert(!already);
	ck_assert_str_eq(db_office(db), "220102001");
	char *after = add("李娜", "220102199202020027", NULL);
	ck_assert_int_eq(strncmp(after, "220102001-", 10), 0);
	char *key = db_new_key(db);
	ck_assert_int_eq(strncmp(key, "220102001-", 10), 0);
	ck_assert_int_eq(strlen(key), 10 + 20);
	free(key);
	/* the new case records its office; the old one keeps its key (and no office) */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE id = ?1 AND office_id = "
	    "'220102001'", after), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE id = ?1 AND office_id IS "
	    "NULL", before), 1);
	/* the office and the one above it, whose name this database does not know: its code */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office WHERE id = '220102001' AND "
	    "code = id AND level = 'township' AND parent_id = '220102'", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office WHERE id = '220102' AND "
	    "name = '220102' AND level = 'county' AND parent_id IS NULL", NULL), 1);
	/* both in the outbox, with the setting left out */
	struct sbuf got = SBUF_INIT;
	row_changes(testdb_int(db, "SELECT seq FROM outbox ORDER BY seq LIMIT 1 OFFSET 1", NULL), &got);
	ck_assert_str_eq(sbuf_str(&got), "I office 220102\nI office 220102001\n");
	sbuf_free(&got);
	/* a database opened afresh reads its code back */
	char p[128];
	snprintf(p, sizeof p, "%s", db_path(db));
	struct db *again = NULL;
	ck_assert_int_eq(dbopen_open(p, "tester", false, &d, &again), 0);
	ck_assert_str_eq(db_office(again), "220102001");
	db_close(again);
	free(before);
	free(after);
}
END_TEST

/* Import the CSV text given (through transfer_import, as `jobdesk import` does): the persons
 * written. */
static long
import_text(const char *csv)
{
	struct transfer_opts o = { 0 };
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;
	char path[256];

	snprintf(path, sizeof path, "%s.csv", db_path(db));
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(csv, f);
	fclose(f);
	ck_assert_msg(transfer_import(db, path, &o, &r, &d) == 0, "%s", d.msg);
	long n = r.imported;
	transfer_report_free(&r);
	unlink(path);
	return n;
}

/* Each outbox row's reach against outbox_reach's, which asks the database for every change. */
static void
reach_as_asked(void)
{
	struct db_stmt *st = db_prepare(db, "SELECT seq, changeset, reach FROM outbox ORDER BY seq");
	struct diag d = DIAG_INIT;
	size_t len;

	while (db_step(st, "outbox", &d) == DB_ROW) {
		const void *cs = db_col_bytes(st, 1, &len);
		const char *kept = db_col_text(st, 2);
		char *asked = NULL;
		ck_assert_msg(outbox_reach(db, cs, len, &asked, &d) == 0, "%s", d.msg);
		ck_assert_msg((kept == NULL) == (asked == NULL) && (kept == NULL ||
		    strcmp(kept, asked) == 0), "outbox row %lld: reach %s, asked %s",
		    (long long)db_col_int(st, 0), kept ? kept : "NULL", asked ? asked : "NULL");
		free(asked);
	}
	db_finalize(st);
}

START_TEST(reach_of_inserts_read_from_the_changes)
{
	struct office_args a = { "220102001", "朝阳街道就业服务站", "township", "220102", NULL };
	struct diag d = DIAG_INIT;
	bool already = true;

	/* a case of no office, then the township's: an import (households, insurance), a person
	 * edited into a new household, a record of a case the same write did not insert */
	char *before = add("张伟", "220102199001010017", "13912345678");
	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(import_text("id_number,name,low_income,unemployment_months\n"
	    "220102199503070028,王丽,true,6\n220102199202020027,李娜,,\n"
	    "220102198807070030,赵敏,false,3\n"), 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox WHERE seq = (SELECT max(seq) "
	    "FROM outbox) AND reach = '|220102001|'", NULL), 1);
	struct person p = { 0 };
	char why[256];
	ck_assert_msg(person_load(db, "220102199202020027", &p, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(person_set(&p, PF_ZERO_EMPLOYMENT, "true", why, sizeof why), 0);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE id_number = "
	    "'220102199202020027' AND household_id IS NOT NULL", NULL), 1);
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO note (id, person_id, body, created_at, updated_at, "
	    "created_by) SELECT '220102001-N' || id_number, id, '电话回访', '2018-03-01T00:00:00.000Z', "
	    "'2018-03-01T00:00:00.000Z', 'tester' FROM person WHERE id = '%s' OR id_number = "
	    "'220102199503070028'", before);
	ck_assert_int_eq(run(sql, NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox WHERE seq = (SELECT max(seq) "
	    "FROM outbox) AND reach = '|220102001|'", NULL), 1);
	ck_assert_int_ge(testdb_int(db, "SELECT count(*) FROM outbox", NULL), 5);
	reach_as_asked();
	free(before);
}
END_TEST

/* qsort's order of two strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every insert of a changeset as one line "table|type:value|...", sorted, into out. */
static void
inserts_sorted(const void *cs, int len, struct sbuf *out)
{
	sqlite3_changeset_iter *it;
	char **lines = NULL;
	size_t n = 0;

	ck_assert_int_eq(sqlite3changeset_start(&it, len, (void *)cs), SQLITE_OK);
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		struct sbuf l = SBUF_INIT;
		ck_assert_int_eq(sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect), SQLITE_OK);
		ck_assert_int_eq(op, SQLITE_INSERT);
		ck_assert_int_eq(indirect, 0);
		sbuf_add(&l, tbl);
		for (int i = 0; i < ncol; i++) {
			sqlite3_value *v = NULL;
			ck_assert_int_eq(sqlite3changeset_new(it, i, &v), SQLITE_OK);
			ck_assert_ptr_nonnull(v);
			int t = sqlite3_value_type(v);
			sbuf_addf(&l, "|%d:%s", t, t == SQLITE_NULL ? "" : (const char *)sqlite3_value_text(v));
		}
		lines = realloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = sbuf_take(&l);
	}
	ck_assert_int_eq(sqlite3changeset_finalize(it), SQLITE_OK);
	qsort(lines, n, sizeof *lines, cmp_str);
	for (size_t i = 0; i < n; i++) {
		sbuf_addf(out, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
}

START_TEST(import_changeset_as_the_session_records_it)
{
	struct office_args a = { "220102001", "朝阳街道就业服务站", "township", "220102", NULL };
	struct diag d = DIAG_INIT;
	bool already = true;

	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	long long before = testdb_int(db, "SELECT max(seq) FROM outbox", NULL);
	/* households with flags, insurance with and without months, a real-less row, a long name */
	ck_assert_int_eq(import_text("id_number,name,phone,low_income,zero_employment,"
	    "unemployment_months,social_insurance,education,stage\n"
	    "220102199503070028,王丽,13912345678,true,,6,true,bachelor,\n"
	    "220102199202020027,李娜,,,,,,,registered\n"
	    "220102198807070030,欧阳娜娜,13812345678,false,true,,false,,\n"), 3);
	/* the import's one outbox row */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), before + 1);
	struct sbuf got = SBUF_INIT, want = SBUF_INIT;
	struct db_stmt *st = db_prepare(db, "SELECT changeset FROM outbox ORDER BY seq DESC LIMIT 1");
	size_t len;
	ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
	const void *cs = db_col_bytes(st, 0, &len);
	inserts_sorted(cs, (int)len, &got);
	db_finalize(st);
	/* what a session records for the same rows: their deletion recorded and inverted (every
	 * column's value as stored), then rolled back */
	sqlite3 *h = db_sqlite(db);
	sqlite3_session *ses;
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3session_create(h, "main", &ses), SQLITE_OK);
	const char *tables[] = { "household", "person", "insurance" };
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(sqlite3session_attach(ses, tables[i]), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "DELETE FROM insurance; DELETE FROM person; "
	    "DELETE FROM household", NULL, NULL, NULL), SQLITE_OK);
	void *del = NULL, *ins = NULL;
	int ndel = 0, nins = 0;
	ck_assert_int_eq(sqlite3session_changeset(ses, &ndel, &del), SQLITE_OK);
	sqlite3session_delete(ses);
	ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3changeset_invert(ndel, del, &nins, &ins), SQLITE_OK);
	inserts_sorted(ins, nins, &want);
	sqlite3_free(del);
	sqlite3_free(ins);
	/* 3 persons, 2 households, 2 insurance records */
	ck_assert_int_eq(testdb_int(db, "SELECT (SELECT count(*) FROM person) * 100 + (SELECT "
	    "count(*) FROM household) * 10 + (SELECT count(*) FROM insurance)", NULL), 322);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "|3:220102001|"));
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	sbuf_free(&got);
	sbuf_free(&want);
}
END_TEST

/* The ID numbers of the persons a changeset inserts, in its order, as "ID,ID,": their count. */
static int
person_ids_in(const void *cs, int len, struct sbuf *out)
{
	sqlite3_changeset_iter *it;
	int col = (int)testdb_int(db, "SELECT cid FROM pragma_table_info('person') WHERE name = "
	    "'id_number'", NULL), n = 0;

	ck_assert_int_eq(sqlite3changeset_start(&it, len, (void *)cs), SQLITE_OK);
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		sqlite3_value *v = NULL;
		ck_assert_int_eq(sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect), SQLITE_OK);
		if (strcmp(tbl, "person") != 0)
			continue;
		ck_assert_int_eq(sqlite3changeset_new(it, col, &v), SQLITE_OK);
		sbuf_addf(out, "%s,", (const char *)sqlite3_value_text(v));
		n++;
	}
	ck_assert_int_eq(sqlite3changeset_finalize(it), SQLITE_OK);
	return n;
}

/* The persons of the newest outbox row's changeset, as person_ids_in gives them. */
static int
newest_outbox_persons(struct sbuf *out)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, "SELECT changeset FROM outbox ORDER BY seq DESC LIMIT 1");
	size_t len;

	ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
	const void *cs = db_col_bytes(st, 0, &len);
	int n = person_ids_in(cs, (int)len, out);
	db_finalize(st);
	return n;
}

START_TEST(import_changeset_holds_the_loads_persons_in_file_order)
{
	struct office_args a = { "220102001", "朝阳街道就业服务站", "township", "220102", NULL };
	struct diag d = DIAG_INIT;
	struct sbuf got = SBUF_INIT;
	bool already = true;

	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(import_text("id_number,name\n220102199001010017,张伟\n"), 1);
	/* the persons after the last rowid: this load's two, in the file's order, not the earlier */
	ck_assert_int_eq(import_text("id_number,name\n220102199304040045,刘洋\n"
	    "22010219910202002X,王芳\n"), 2);
	ck_assert_int_eq(newest_outbox_persons(&got), 2);
	ck_assert_str_eq(sbuf_str(&got), "220102199304040045,22010219910202002X,");
	/* an earlier person at a rowid past half the largest: read by key through the stage, in
	 * the file's order all the same */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(db), "UPDATE person SET rowid = 5000000000000000000 "
	    "WHERE id_number = '220102199001010017'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(import_text("id_number,name\n220102199405050058,陈静\n"
	    "220102199203030032,杨磊\n"), 2);
	sbuf_reset(&got);
	ck_assert_int_eq(newest_outbox_persons(&got), 2);
	ck_assert_str_eq(sbuf_str(&got), "220102199405050058,220102199203030032,");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), 5);
	sbuf_free(&got);
}
END_TEST

/* Read the persons after rowid *arg back into the transaction's changeset (db_outbox_rows, as
 * imports did before the record was built as they staged): each table in the order an import
 * writes them, each person's rows in rowid order. */
static int
read_back_work(struct db *dbh, void *arg, struct diag *d)
{
	static const struct { const char *table, *sql; } t[] = {
		{ "household", "SELECT h.* FROM person p JOIN household h ON h.id = p.household_id "
		    "WHERE p.rowid > ?1 ORDER BY p.rowid" },
		{ "person", "SELECT * FROM person WHERE rowid > ?1 ORDER BY rowid" },
		{ "insurance", "SELECT i.* FROM person p JOIN insurance i ON i.person_id = p.id WHERE "
		    "p.rowid > ?1 ORDER BY p.rowid" },
	};
	int ret = 0;

	for (size_t i = 0; i < sizeof t / sizeof *t && ret == 0; i++) {
		struct db_stmt *st = db_prepare(dbh, t[i].sql);
		db_bind_int(st, 1, *(const long long *)arg);
		ret = db_outbox_rows(dbh, t[i].table, st, "reading back", d);
		db_finalize(st);
	}
	return ret;
}

/* How many statements (not triggers) were prepared reading a person's closed_note, which no
 * statement of an import reads but one reading whole rows back (SELECT *). */
static int closed_note_reads;

/* The authorizer that counts them. */
static int
count_closed_note_reads(void *arg, int action, const char *a, const char *b, const char *dbname,
    const char *trigger)
{
	(void)arg;
	(void)dbname;
	if (action == SQLITE_READ && trigger == NULL && a != NULL && b != NULL &&
	    strcmp(a, "person") == 0 && strcmp(b, "closed_note") == 0)
		closed_note_reads++;
	return SQLITE_OK;
}

/* Import csv (n persons; read_back: its rows read back after writing, not built as staged),
 * then check that its outbox row holds, byte for byte, the changeset and the reach that
 * reading its rows back gives (read_back_work, in a transaction of its own
 * whose outbox row is compared and removed). */
static void
import_as_read_back(const char *csv, long n, bool read_back)
{
	struct diag d = DIAG_INIT;
	long long last = testdb_int(db, "SELECT coalesce(max(rowid), 0) FROM person", NULL);

	closed_note_reads = 0;
	sqlite3_set_authorizer(db_sqlite(db), count_closed_note_reads, NULL);
	ck_assert_int_eq(import_text(csv), n);
	sqlite3_set_authorizer(db_sqlite(db), NULL, NULL);
	/* built as the rows were staged, unless a column has a DEFAULT the load does not give */
	ck_assert_int_eq(closed_note_reads, (read_back ? 1 : 0));
	ck_assert_msg(db_transaction(db, read_back_work, &last, &d) == 0, "%s", d.msg);
	struct db_stmt *st = db_prepare(db, "SELECT changeset, reach FROM outbox ORDER BY seq DESC "
	    "LIMIT 2");
	const void *cs[2];
	size_t len[2];
	char *reach[2];
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(db_step(st, "outbox", &d), DB_ROW);
		const void *b = db_col_bytes(st, 0, &len[i]);
		cs[i] = memcpy(malloc(len[i]), b, len[i]);
		reach[i] = strdup(db_col_text(st, 1));
	}
	db_finalize(st);
	ck_assert_int_gt(len[0], 0);
	ck_assert_msg(len[0] == len[1] && memcmp(cs[0], cs[1], len[0]) == 0, "the import's "
	    "changeset (%zu bytes) is not the one read back (%zu bytes)", len[1], len[0]);
	ck_assert_str_eq(reach[1], reach[0]);
	for (int i = 0; i < 2; i++) {
		free((void *)cs[i]);
		free(reach[i]);
	}
	ck_assert_int_eq(run("DELETE FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)", NULL),
	    0);
	reach_as_asked();
}

START_TEST(import_changeset_built_as_staged_is_the_read_back_one)
{
	struct office_args a = { "220102001", "朝阳街道就业服务站", "township", "220102", NULL };
	struct diag d = DIAG_INIT;
	bool already = true;
	/* every column of the file: one row with all of them (Chinese text, flags both ways,
	 * months, dates), one with only the two required (NULLs everywhere, no household, no
	 * insurance record), one with a household and no insurance, one the other way round */
	static const char header[] = "id_number,name,sex,birth_date,phone,hukou_province,"
	    "hukou_type,education,graduation_date,continuing_study,disabled,student_loan,veteran,"
	    "registered_unemployed,employment_difficulty,overcapacity_worker,rural_transfer_worker,"
	    "returnee_entrepreneur,job_seeking,employment_status,employer_kind,counselor,stage,"
	    "next_followup,low_income,poor_disabled,registered_poor,extremely_poor,"
	    "zero_employment,unemployment_months,social_insurance,able_to_work,"
	    "registered_unemployed_from,registered_unemployed_until,employer_size,hired_on,"
	    "receiving_benefit,benefit_until\n";
	char csv[4096];

	snprintf(csv, sizeof csv, "%s"
	    "220102199503070028,王丽,female,1995-03-07,13912345678,22,urban,bachelor,2017-07-01,"
	    "false,true,true,demobilised_soldier,true,true,false,true,false,true,unemployed,"
	    "enterprise,李老师,training,2026-12-01,true,false,true,false,true,6,true,true,"
	    "2025-01-01,2026-01-01,small,2024-05-01,true,2026-06-30\n"
	    "220102199202020027,李娜,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
	    "220102198807070030,欧阳娜娜,,,,,,,,,,,,,,,,,,,,,,,false,,,,false,,,,,,,,,\n"
	    "22010219910202002X,王芳,,,,,,,,,,,,,,,,,,,,,,,,,,,,0,false,,,,,,false,\n", header);
	/* no office yet: the persons' office_id NULL, reach "|" */
	import_as_read_back(csv, 4, false);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox WHERE reach = '|'", NULL), 1);
	/* two earlier persons sharing a household, then the township's own import */
	ck_assert_int_eq(run("UPDATE person SET household_id = (SELECT household_id FROM person "
	    "WHERE id_number = '220102199503070028') WHERE id_number = '220102199202020027'", NULL),
	    0);
	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	snprintf(csv, sizeof csv, "%s"
	    "220102199304040045,刘洋,female,,,,rural,,,,,,none,,,,,,,,,,,,,,,,,12,,false,,,,,,\n"
	    "220102199405050058,陈静,,,,,,,,,,,,,,,,,,flexible,none,,,,,true,,,,,,,,,,,,\n", header);
	import_as_read_back(csv, 2, false);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox WHERE seq = (SELECT max(seq) "
	    "FROM outbox) AND reach = '|220102001|'", NULL), 1);
	/* a column the load does not give, with a DEFAULT: the rows are read back instead */
	ck_assert_int_eq(run("ALTER TABLE household ADD COLUMN note TEXT DEFAULT '家'", NULL), 0);
	snprintf(csv, sizeof csv, "%s"
	    "220102199203030032,杨磊,,,,,,,,,,,,,,,,,,,,,,,true,,,,,,,,,,,,,\n", header);
	import_as_read_back(csv, 1, true);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM household WHERE note = '家'", NULL),
	    4);
}
END_TEST

START_TEST(office_once)
{
	struct office_args a = { "220102", "朝阳区就业局", "县区", NULL, NULL };
	struct diag d = DIAG_INIT;
	bool already = false;

	ck_assert_msg(office_init(db, &a, &already, &d) == 0, "%s", d.msg);
	long long rows = testdb_int(db, "SELECT count(*) FROM outbox", NULL);
	long long audit = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	/* the same code again: nothing changes (another name is not taken either) */
	a.name = "别的名字";
	ck_assert_int_eq(office_init(db, &a, &already, &d), 0);
	ck_assert(already);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office WHERE name = '朝阳区就业局'",
	    NULL), 1);
	/* another code: refused, saying what to do */
	struct office_args b = { "220103", "南关区就业局", "county", NULL, NULL };
	ck_assert_int_eq(office_init(db, &b, &already, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "220102"));
	ck_assert_ptr_nonnull(strstr(d.msg, "init --office 220103"));
	ck_assert_str_eq(db_office(db), "220102");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM outbox", NULL), rows);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), audit);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office", NULL), 1);
}
END_TEST

START_TEST(office_values_checked)
{
	struct diag d = DIAG_INIT;
	bool already;
	static const struct { struct office_args a; const char *says; } bad[] = {
		{ { "2", "乡", "township", NULL, NULL }, "--office '2' is not an office code" },
		{ { "2201-02", "乡", "township", NULL, NULL }, "is not an office code" },
		{ { "2201020010011", "乡", "township", NULL, NULL }, "is not an office code" },
		{ { "000000", "乡", "township", NULL, NULL }, "000000 begins the keys" },
		{ { "220102", "乡", "province", NULL, NULL }, "--level 'province'" },
		{ { "220102", "乡\xe2\x80\xae", "county", NULL, NULL }, "--office-name" },
		{ { "220102", " ", "county", NULL, NULL }, "--office-name is empty" },
		{ { "220102", "乡", "city", "22", NULL }, "a city office has no office above" },
		{ { "220102", "乡", "county", "220102", NULL }, "is the office itself" },
		{ { "220102", "乡", "county", "22-01", NULL }, "--parent '22-01'" },
		{ { "220102", "乡", "county", "2201", "\x1b[31m" }, "--parent-name" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_int_eq(office_init(db, &bad[i].a, &already, &d), EX_DATAERR);
		ck_assert_msg(strstr(d.msg, bad[i].says) != NULL, "%zu: %s", i, d.msg);
	}
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM setting WHERE key = 'office_code'",
	    NULL), 0);
	ck_assert_ptr_null(db_office(db));
	/* full-width digits from an input method are digits */
	struct office_args fw = { "２２０１０２", "朝阳区就业局", "county", NULL, NULL };
	ck_assert_msg(office_init(db, &fw, &already, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(db_office(db), "220102");
}
END_TEST

/* The suite. */
static Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("outbox");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_write_makes_one_row_of_exactly_its_rows);
	tcase_add_test(tc, each_transaction_its_own_session);
	tcase_add_test(tc, a_failed_transaction_leaves_no_row);
	tcase_add_test(tc, kill_between_changeset_and_commit_leaves_neither);
	tcase_add_test(tc, no_echo_while_applying);
	tcase_add_test(tc, epoch_from_the_setting);
	tcase_add_test(tc, office_code_in_new_keys);
	tcase_add_test(tc, office_once);
	tcase_add_test(tc, import_changeset_as_the_session_records_it);
	tcase_add_test(tc, import_changeset_holds_the_loads_persons_in_file_order);
	tcase_add_test(tc, import_changeset_built_as_staged_is_the_read_back_one);
	tcase_add_test(tc, reach_of_inserts_read_from_the_changes);
	tcase_add_test(tc, office_values_checked);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(outbox_suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
