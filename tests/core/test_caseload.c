/* Check tests for core/caseload and the pinyin sort key: names sort by their pinyin (then the
 * name, then the rowid) in every view and in person_list, pages follow each other in keyset order,
 * renaming keeps the key (and writes one audit row), and every view's page runs through an index
 * with no temporary b-tree for its order (EXPLAIN QUERY PLAN); a database opened afresh reads for
 * its first page what a plain connection reads for the same SQL (a counting VFS shim). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/caseload.h"
#include "core/case.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/dbopen.h"
#include "core/person.h"
#include "util/date.h"
#include "util/idnum.h"
#include "util/pinyin.h"
#include "util/sbuf.h"
#include "testdb.h"
#include <sqlite3.h>

static struct db *db;
static int today;

/* The names of the mixed caseload, in the order they are added (not the sorted one). */
static const char *const added[] = {
	"赵四", "Smith", "章三", "吕布", "阿明", "张三", "单雪梅", "刘洋", "卢伟", "曾志", "bob",
};
/* Their pinyin order: a ming, bob, liu yang, lu wei, lv bu, shan xue mei, smith, zeng zhi,
 * zhang san (张 U+5F20 before 章 U+7AE0), zhao si. */
static const char *const sorted[] = {
	"阿明", "bob", "刘洋", "卢伟", "吕布", "单雪梅", "Smith", "曾志", "张三", "章三", "赵四",
};
enum { NNAMES = sizeof added / sizeof *added };

/* Register a person of counselor1 born on a day of 1990 (i); returns the case id (caller frees). */
static char *
add(const char *name, int i)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256], num[32];

	/* 17 digits for i below 336 (a month and day of 1990, and a sequence number) */
	int len = snprintf(num, sizeof num, "2201021990%02d%02d%03d", 1 + i / 28, 1 + i % 28, 100 + i);
	ck_assert_int_eq(len, 17);
	num[17] = idnum_check_char(num);
	num[18] = '\0';
	ck_assert_msg(person_set(&p, PF_NAME, name, why, sizeof why) == 0, "%s", why);
	ck_assert_msg(person_set(&p, PF_ID_NUMBER, num, why, sizeof why) == 0, "%s: %s", num, why);
	person_set(&p, PF_COUNSELOR, "counselor1", why, sizeof why);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	return id;
}

/* Open a fresh database with the mixed names. */
static void
setup(void)
{
	db = testdb_open("caseload", "counselor1");
	date_parse("2018-03-01", &today);
	for (int i = 0; i < NNAMES; i++)
		free(add(added[i], i));
}

/* Close and remove it. */
static void
teardown(void)
{
	testdb_close(db);
}

/* The names (or, ids, the case ids) of a whole view, read in pages of `limit` forward (or
 * backward from the end), joined by spaces. */
static void
view_rows(const struct caseload_query *q, int limit, bool backward, bool ids, struct sbuf *out)
{
	struct caseload_row rows[32], last = { 0 };
	struct diag d = DIAG_INIT;
	char *names[128];
	int n, total = 0;
	bool first = true;

	do {
		ck_assert_msg(caseload_page(db, q, first ? NULL : &last, backward, limit, rows, &n,
		    &d) == 0, "%s", d.msg);
		for (int i = 0; i < n; i++) {
			int at = backward ? n - 1 - i : i;  /* backward pages come in display order */
			ck_assert_int_lt(total, 128);
			names[total++] = strdup(ids ? rows[at].id : rows[at].name);
		}
		caseload_free(&last, first ? 0 : 1);
		if (n > 0) {
			struct caseload_row *edge = &rows[backward ? 0 : n - 1];
			last = *edge;
			memset(edge, 0, sizeof *edge);
		}
		caseload_free(rows, n);
		first = false;
	} while (n == limit);
	caseload_free(&last, 1);
	for (int i = 0; i < total; i++) {
		int at = backward ? total - 1 - i : i;
		if (i > 0)
			sbuf_addc(out, ' ');
		sbuf_add(out, names[at]);
	}
	for (int i = 0; i < total; i++)
		free(names[i]);
}

/* The names of a whole view, read in pages of `limit` forward (or backward from the end),
 * joined by spaces. */
static void
view_names(const struct caseload_query *q, int limit, bool backward, struct sbuf *out)
{
	view_rows(q, limit, backward, false, out);
}

/* A field of every person of counselor1 as person_list (person list) gives them, joined by
 * spaces. */
static void
listed(int f, struct sbuf *out)
{
	struct person_list *l = person_list_new(db, "counselor1", NULL);
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	int ret;

	while ((ret = person_list_next(l, &p, &d)) == DB_ROW) {
		if (out->len > 0)
			sbuf_addc(out, ' ');
		sbuf_add(out, p.v[f]);
		person_clear(&p);
	}
	person_list_free(l);
	ck_assert_msg(ret == 0, "%s", d.msg);
}

/* The sorted names joined by spaces, without the one to leave out (NULL: none). */
static void
sorted_names(const char *leave_out, struct sbuf *out)
{
	for (int i = 0; i < NNAMES; i++) {
		if (leave_out != NULL && strcmp(sorted[i], leave_out) == 0)
			continue;
		if (out->len > 0)
			sbuf_addc(out, ' ');
		sbuf_add(out, sorted[i]);
	}
}

START_TEST(sort_key_is_pinyin_then_name)
{
	struct sbuf a = SBUF_INIT;

	pinyin_sort_key("张三", &a);
	ck_assert_str_eq(sbuf_str(&a), "zhang san\t张三");
	sbuf_reset(&a);
	pinyin_sort_key("Smith", &a);
	ck_assert_str_eq(sbuf_str(&a), "smith\tSmith");
	sbuf_reset(&a);
	pinyin_sort_key("阿依古丽·买买提", &a);
	ck_assert_str_eq(sbuf_str(&a), "a yi gu li mai mai ti\t阿依古丽·买买提");
	sbuf_reset(&a);
	pinyin_sort_key("单单", &a);  /* a surname's reading first, the common one after */
	ck_assert_str_eq(sbuf_str(&a), "shan dan\t单单");
	sbuf_reset(&a);
	pinyin_sort_key("Li 明2", &a);
	ck_assert_str_eq(sbuf_str(&a), "li ming 2\tLi 明2");
	sbuf_free(&a);
}
END_TEST

START_TEST(every_view_sorts_by_pinyin)
{
	struct caseload_query mine = { .counselor = "counselor1" }, office = { 0 };
	struct caseload_query registered = { .counselor = "counselor1", .stage = "registered" };
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;

	sorted_names(NULL, &want);
	const struct caseload_query *views[] = { &mine, &office, &registered };
	for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
		for (int limit = 1; limit <= 12; limit += 3) {
			for (int back = 0; back < 2; back++) {
				sbuf_reset(&got);
				view_names(views[v], limit, back, &got);
				ck_assert_msg(strcmp(sbuf_str(&got), sbuf_str(&want)) == 0,
				    "view %zu limit %d %s: %s", v, limit, back ? "backward" : "forward",
				    sbuf_str(&got));
			}
		}
	}
	/* person_list (person list) in the same order */
	sbuf_reset(&got);
	listed(PF_NAME, &got);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	sbuf_free(&want);
	sbuf_free(&got);
}
END_TEST

START_TEST(rename_keeps_the_key_and_closed_leave_my_cases)
{
	struct caseload_query mine = { .counselor = "counselor1" }, office = { 0 };
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	/* 赵四 renamed 艾四 (ai si) moves behind 阿明 (a ming); one audit row for the update */
	long long id_audits = testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'", NULL);
	char *id = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM person WHERE name = '赵四'");
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	id = strdup(db_col_text(st, 0));
	db_finalize(st);
	ck_assert_int_eq(person_load(db, id, &p, &d), 0);
	ck_assert_int_eq(person_set(&p, PF_NAME, "艾四", why, sizeof why), 0);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'", NULL),
	    id_audits + 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE id = ?1 AND "
	    "name_sort = 'ai si' || char(9) || '艾四'", id), 1);
	/* the audit of an update names every column of person but the derived key and the copies
	 * of the household's flags (migration 0007) */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM pragma_table_info('person') c, "
	    "(SELECT substr(sql, 1, instr(sql, ' ON person')) AS head FROM sqlite_schema WHERE "
	    "name = 'person_audit_u') t WHERE c.name NOT IN ('name_sort', 'low_income', 'poor_disabled', "
	    "'registered_poor', 'extremely_poor', 'zero_employment') AND instr(t.head, ' ' || c.name "
	    "|| ',') = 0 AND instr(t.head, ' ' || c.name || char(10)) = 0", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT instr(sql, 'name_sort') FROM sqlite_schema WHERE "
	    "name = 'person_audit_u'", NULL), 0);
	view_names(&mine, 4, false, &got);
	sorted_names("赵四", &want);
	ck_assert_int_eq(strncmp(sbuf_str(&want), "阿明 ", strlen("阿明 ")), 0);
	sbuf_reset(&want);
	sbuf_add(&want, "阿明 艾四");
	for (int i = 1; i < NNAMES - 1; i++) {
		sbuf_addc(&want, ' ');
		sbuf_add(&want, sorted[i]);
	}
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));

	/* closed: out of my cases, still in the office's */
	ck_assert_msg(case_close(db, id, "moved_away", NULL, today, &d) == 0, "%s", d.msg);
	sbuf_reset(&got);
	view_names(&mine, 4, false, &got);
	sbuf_reset(&want);
	sorted_names("赵四", &want);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	sbuf_reset(&got);
	view_names(&office, 4, false, &got);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&got), "艾四"));
	free(id);
	sbuf_free(&want);
	sbuf_free(&got);
}
END_TEST

/* The persons whose copies of the household's flags (migration 0007) differ from their
 * household's (or are not all NULL without one). */
static long long
flags_astray(void)
{
	return testdb_int(db, "SELECT count(*) FROM person p LEFT JOIN household h ON h.id = "
	    "p.household_id WHERE (p.low_income, p.poor_disabled, p.registered_poor, "
	    "p.extremely_poor, p.zero_employment) IS NOT (h.low_income, h.poor_disabled, "
	    "h.registered_poor, h.extremely_poor, h.zero_employment)", NULL);
}

/* The index a view must page through (migration 0007): a flag's own partial index when it
 * filters by one, else the page index; a counselor's when it is "my cases". */
static void
view_index(const struct caseload_query *q, struct sbuf *out)
{
	static const struct { int bit; const char *name; } flag_names[] = {
		{ CASE_LOW_INCOME, "low_income" }, { CASE_REGISTERED_POOR, "registered_poor" },
		{ CASE_DISABLED, "disabled" }, { CASE_ZERO_EMPLOYMENT, "zero_employment" },
		{ CASE_DIFFICULTY, "difficulty" }, { CASE_POOR_DISABLED, "poor_disabled" },
		{ CASE_EXTREMELY_POOR, "extremely_poor" },
	};
	bool by_followup = q->sort == CASELOAD_BY_FOLLOWUP;

	sbuf_add(out, "person_");
	for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++) {
		if (flag_names[i].bit == q->flag) {
			sbuf_add(out, flag_names[i].name);
			sbuf_add(out, q->counselor != NULL ? "_counselor" : "");
			sbuf_add(out, by_followup ? "_followup" : "_name");
			return;
		}
	}
	sbuf_add(out, q->counselor != NULL ? "counselor_" : "");
	sbuf_add(out, by_followup ? "followup" : "name_sort");
}

/* Whether a query plan reads one page of a view through its index alone: `arms` searches of
 * person through `index`, each by its stage (a view of one stage reads one part of the index, a
 * view of several merges their parts) and, when `seek` is not NULL, seeking to the row the page
 * follows by the whole key (the sort key and the rowid, migration 0016: not reading every tie
 * before it), nothing else but the merge: no table scan, no other table or index, no temporary
 * b-tree for the order. */
static bool
plan_seek_ok(const char *plan, const char *index, int arms, const char *seek)
{
	char search[128];
	int searches = 0;

	snprintf(search, sizeof search, "SEARCH p USING INDEX %s (", index);
	for (const char *l = plan; *l; ) {
		size_t len = strcspn(l, "\n");
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, l);
		if (strncmp(line, search, strlen(search)) == 0 && strstr(line, "stage=?") != NULL &&
		    (seek == NULL || strstr(line, seek) != NULL))
			searches++;
		else if (strcmp(line, "MERGE (UNION ALL)") != 0 && strcmp(line, "LEFT") != 0 &&
		    strcmp(line, "RIGHT") != 0)
			return false;
		l += len + (l[len] == '\n');
	}
	return searches == arms;
}

/* plan_seek_ok for a page from the start (no row to seek to). */
static bool
plan_ok(const char *plan, const char *index, int arms)
{
	return plan_seek_ok(plan, index, arms, NULL);
}

START_TEST(every_view_pages_through_an_index)
{
	static const char *const stages[] = { NULL, "registered", "training", "internship",
		"startup", "grassroots", "employed", "closed" };
	static const int flags[] = { 0, CASE_LOW_INCOME, CASE_REGISTERED_POOR, CASE_DISABLED,
		CASE_ZERO_EMPLOYMENT, CASE_DIFFICULTY, CASE_POOR_DISABLED, CASE_EXTREMELY_POOR };
	struct demo_opts o = { .seed = 7, .persons = 3000, .batch = 700 };
	struct demo_stats stats;
	struct diag d = DIAG_INIT;
	struct sbuf plan = SBUF_INIT, index = SBUF_INIT;
	int checked = 0;

	/* a demo caseload, so that the planner sees real tables (and with the statistics of
	 * ANALYZE, as a long-used database may have them) */
	testdb_close(db);
	db = testdb_open("caseload", "counselor1");
	ck_assert_msg(demo_run(db, &o, &stats, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(flags_astray(), 0);  /* the demo's persons carry their households' flags */
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE extremely_poor = 1", NULL),
	    0);
	/* the third pass as a township's counselor, whose lists hold only the cases of their
	 * office (core/role.c's role_scope): the filter keeps each view on its index */
	for (int analyzed = 0; analyzed < 3; analyzed++) {
		if (analyzed == 1)
			ck_assert_int_eq(db_exec(db, "ANALYZE", &d), 0);
		if (analyzed == 2) {
			ck_assert_int_eq(db_exec(db, "INSERT INTO office VALUES ('OA', '22010201', "
			    "'永吉街道', 'township', NULL, 'x', 'x', 't');INSERT INTO office VALUES "
			    "('OB', '22010202', '南岭街道', 'township', NULL, 'x', 'x', 't');"
			    "UPDATE person SET office_id = iif(rowid % 2, 'OA', 'OB')", &d), 0);
			db_set_role(db, ROLE_COUNSELOR);
			db_set_user_office(db, "OA");
		}
		for (int mine = 0; mine < 2; mine++)
		for (int sort = 0; sort < 3; sort++)  /* by name, by follow-up, today's worklist */
		for (size_t s = 0; s < sizeof stages / sizeof *stages; s++)
		for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
		for (int keyed = 0; keyed < 2; keyed++)
		for (int back = 0; back < 2; back++) {
			struct caseload_query q = {
				.counselor = mine ? "zhangwei" : NULL, .stage = stages[s],
				.flag = flags[f], .sort = sort == 0 ? CASELOAD_BY_NAME : CASELOAD_BY_FOLLOWUP,
				.due_by = sort == 2 ? "2018-03-01" : NULL,
			};
			sbuf_reset(&plan);
			sbuf_reset(&index);
			view_index(&q, &index);
			ck_assert_msg(caseload_explain(db, &q, keyed, back, &plan, &d) == 0, "%s", d.msg);
			int arms = stages[s] != NULL ? 1 : mine ? 6 : 7;  /* mine: all but closed */
			const char *seek = !keyed ? NULL : sort == 0 ? back ? "(name_sort,rowid)<(?,?)" :
			    "(name_sort,rowid)>(?,?)" : back ? "(next_followup,rowid)<(?,?)" :
			    "(next_followup,rowid)>(?,?)";
			ck_assert_msg(plan_seek_ok(sbuf_str(&plan), sbuf_str(&index), arms, seek),
			    "mine %d sort %d stage "
			    "%s flag %d keyed %d back %d analyzed %d: want %s:\n%s", mine, sort,
			    stages[s] ? stages[s] : "-", flags[f], keyed, back, analyzed,
			    sbuf_str(&index), sbuf_str(&plan));
			checked++;
		}
	}
	ck_assert_int_eq(checked, 3 * 2 * 3 * 8 * 8 * 2 * 2);
	{
		/* and the scoped pages hold the township's cases alone, a full page of them */
		struct caseload_query q = { .sort = CASELOAD_BY_NAME };
		struct caseload_row rows[40];
		int n = 0;
		ck_assert_msg(caseload_page(db, &q, NULL, false, 40, rows, &n, &d) == 0, "%s", d.msg);
		ck_assert_int_eq(n, 40);
		for (int i = 0; i < n; i++)
			ck_assert_int_eq(testdb_int(db, "SELECT office_id = 'OA' FROM person WHERE id = "
			    "?1", rows[i].id), 1);
		caseload_free(rows, n);
	}
	/* person_list (person list --counselor --stage) reads through the same indexes, its
	 * household and insurance rows by their keys */
	for (int mine = 0; mine < 2; mine++)
	for (size_t s = 0; s < sizeof stages / sizeof *stages; s++) {
		struct sbuf sql = SBUF_INIT;
		sbuf_add(&sql, "EXPLAIN QUERY PLAN ");
		person_list_sql(mine ? "zhangwei" : NULL, stages[s], &sql);
		struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
		sbuf_reset(&plan);
		while (db_step(st, "test", NULL) == DB_ROW) {
			const char *l = db_col_text(st, 3);
			/* (household is WITHOUT ROWID from schema step 15: its key is the table's) */
			bool joined = ((strncmp(l, "SEARCH h USING INDEX ", 21) == 0 ||
			    strncmp(l, "SEARCH h USING PRIMARY KEY ", 27) == 0) &&
			    strstr(l, " (id=?)") != NULL) || (strncmp(l, "SEARCH i USING INDEX ", 21) ==
			    0 && strstr(l, " (person_id=?)") != NULL);
			if (!joined) {
				sbuf_add(&plan, l);
				sbuf_addc(&plan, '\n');
			}
		}
		db_finalize(st);
		sbuf_free(&sql);
		ck_assert_msg(plan_ok(sbuf_str(&plan), mine ? "person_counselor_name_sort" :
		    "person_name_sort", stages[s] != NULL ? 1 : 7), "person_list mine %d stage %s:\n%s",
		    mine, stages[s] ? stages[s] : "-", sbuf_str(&plan));
	}
	/* and the checker itself refuses a table scan, a sort, another index, a join, a part
	 * read without its stage, a part missing */
	ck_assert(!plan_ok("SCAN p\n", "person_name_sort", 1));
	ck_assert(!plan_ok("SEARCH p USING INDEX person_name_sort (stage=?)\nUSE TEMP B-TREE FOR "
	    "ORDER BY\n", "person_name_sort", 1));
	ck_assert(!plan_ok("SEARCH p USING INDEX person_name_birth (stage=?)\n", "person_name_sort",
	    1));
	ck_assert(!plan_ok("SEARCH p USING INDEX person_low_income_name (stage=?)\n",
	    "person_low_income_counselor_name", 1));
	ck_assert(!plan_ok("SEARCH p USING INDEX person_name_sort (stage=?)\nSEARCH h USING INDEX "
	    "sqlite_autoindex_household_1 (id=?)\n", "person_name_sort", 1));
	ck_assert(!plan_ok("SEARCH p USING INDEX person_counselor_name_sort (counselor=?)\n",
	    "person_counselor_name_sort", 1));
	ck_assert(!plan_ok("MERGE (UNION ALL)\nLEFT\nSEARCH p USING INDEX person_name_sort "
	    "(stage=?)\nRIGHT\nSEARCH p USING INDEX person_name_sort (stage=?)\n",
	    "person_name_sort", 7));
	ck_assert(plan_ok("SEARCH p USING INDEX person_counselor_followup (counselor=? AND stage=? "
	    "AND next_followup<?)\n", "person_counselor_followup", 1));
	ck_assert(plan_ok("MERGE (UNION ALL)\nLEFT\nSEARCH p USING INDEX person_name_sort "
	    "(stage=?)\nRIGHT\nSEARCH p USING INDEX person_name_sort (stage=?)\n",
	    "person_name_sort", 2));
	/* a keyed page that seeks by the sort key alone reads every tie before its row */
	ck_assert(!plan_seek_ok("SEARCH p USING INDEX person_name_sort (stage=? AND name_sort>?)\n",
	    "person_name_sort", 1, "(name_sort,rowid)>(?,?)"));
	ck_assert(plan_seek_ok("SEARCH p USING INDEX person_name_sort (stage=? AND "
	    "(name_sort,rowid)>(?,?))\n", "person_name_sort", 1, "(name_sort,rowid)>(?,?)"));
	/* and none of the 32 indexes holds the text key any longer (migration 0016) */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
	    "tbl_name = 'person' AND (name LIKE '%name%' OR name LIKE '%followup') AND sql LIKE "
	    "'%, id)%'", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
	    "tbl_name = 'person' AND (name LIKE '%name%' OR name LIKE '%followup')", NULL), 32);
	sbuf_free(&plan);
	sbuf_free(&index);
}
END_TEST

/* The case ids of a view as direct SQL orders them (by name_sort, then rowid), joined by
 * spaces: every person of counselor1 not merged, of the stage when stage is not NULL, else every
 * one but the closed. */
static void
ids_in_order(const char *stage, struct sbuf *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM person WHERE counselor = 'counselor1' "
	    "AND merged_into IS NULL AND (stage = ?1 OR (?1 IS NULL AND stage <> 'closed')) "
	    "ORDER BY name_sort, rowid");
	db_bind_text(st, 1, stage);
	while (db_step(st, "test", NULL) == DB_ROW) {
		if (out->len > 0)
			sbuf_addc(out, ' ');
		sbuf_add(out, db_col_text(st, 0));
	}
	db_finalize(st);
}

START_TEST(pages_over_ties_show_each_person_once)
{
	struct caseload_query mine = { .counselor = "counselor1" };
	struct caseload_query registered = { .counselor = "counselor1", .stage = "registered" };
	struct caseload_query followup = { .counselor = "counselor1", .sort = CASELOAD_BY_FOLLOWUP };
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;
	struct diag d = DIAG_INIT;

	/* 23 persons of one name (one sort key) among the others, and their rowids turned around,
	 * so that neither the order they were added in nor their case ids order them: only the
	 * rowid does, which each index of the caseload ends with */
	for (int i = 0; i < 23; i++)
		free(add("王伟", 100 + i));
	ck_assert_int_eq(db_exec(db, "UPDATE person SET rowid = 1000 - rowid WHERE name = '王伟'",
	    &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(DISTINCT name_sort) FROM person WHERE name = "
	    "'王伟'", NULL), 1);
	/* and all of them due the same day, for the follow-up order's ties */
	ck_assert_int_eq(db_exec(db, "UPDATE person SET next_followup = '2018-03-05' WHERE name = "
	    "'王伟' OR name = '张三'", &d), 0);
	ids_in_order(NULL, &want);
	ck_assert_int_eq(testdb_int(db, "SELECT (SELECT group_concat(id, ' ') FROM (SELECT id FROM "
	    "person WHERE name = '王伟' ORDER BY rowid)) <> (SELECT group_concat(id, ' ') FROM (SELECT "
	    "id FROM person WHERE name = '王伟' ORDER BY id))", NULL), 1);
	for (int limit = 1; limit <= 8; limit++) {
		for (int back = 0; back < 2; back++) {
			sbuf_reset(&got);
			view_rows(&mine, limit, back, true, &got);
			ck_assert_msg(strcmp(sbuf_str(&got), sbuf_str(&want)) == 0, "mine limit %d %s:\n"
			    "got  %s\nwant %s", limit, back ? "backward" : "forward", sbuf_str(&got),
			    sbuf_str(&want));
			sbuf_reset(&got);
			view_rows(&registered, limit, back, true, &got);
			ck_assert_msg(strcmp(sbuf_str(&got), sbuf_str(&want)) == 0, "registered limit %d "
			    "%s", limit, back ? "backward" : "forward");
		}
	}
	/* by follow-up: the 24 due on one day, in rowid order */
	sbuf_reset(&want);
	struct db_stmt *st = db_prepare(db, "SELECT id FROM person WHERE next_followup IS NOT NULL "
	    "ORDER BY next_followup, rowid");
	while (db_step(st, "test", NULL) == DB_ROW) {
		if (want.len > 0)
			sbuf_addc(&want, ' ');
		sbuf_add(&want, db_col_text(st, 0));
	}
	db_finalize(st);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE next_followup IS NOT "
	    "NULL", NULL), 24);
	for (int limit = 1; limit <= 8; limit++) {
		for (int back = 0; back < 2; back++) {
			sbuf_reset(&got);
			view_rows(&followup, limit, back, true, &got);
			ck_assert_msg(strcmp(sbuf_str(&got), sbuf_str(&want)) == 0, "by follow-up limit %d "
			    "%s", limit, back ? "backward" : "forward");
		}
	}
	/* person_list in the same order */
	sbuf_reset(&want);
	ids_in_order(NULL, &want);
	sbuf_reset(&got);
	listed(PF_ID, &got);
	ck_assert_str_eq(sbuf_str(&got), sbuf_str(&want));
	sbuf_free(&want);
	sbuf_free(&got);
}
END_TEST

/* The copies of a person's household flags as text: 1, 0 or - (unknown) each, in the order
 * low_income, poor_disabled, registered_poor, extremely_poor, zero_employment. */
static void
copies(const char *id, char out[6])
{
	struct db_stmt *st = db_prepare(db, "SELECT low_income, poor_disabled, registered_poor, "
	    "extremely_poor, zero_employment FROM person WHERE id = ?1");
	db_bind_text(st, 1, id);
	ck_assert_int_eq(db_step(st, "test", NULL), DB_ROW);
	for (int i = 0; i < 5; i++)
		out[i] = db_col_null(st, i) ? '-' : (char)('0' + db_col_int(st, i));
	out[5] = '\0';
	db_finalize(st);
}

/* Set fields of a saved person (name, value pairs, NULL-ended) and save it. */
static void
edit(const char *id, ...)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];
	va_list ap;

	ck_assert_int_eq(person_load(db, id, &p, &d), 0);
	va_start(ap, id);
	for (const char *f; (f = va_arg(ap, const char *)) != NULL; ) {
		const char *v = va_arg(ap, const char *);
		ck_assert_msg(person_set(&p, person_field_find(f), v, why, sizeof why) == 0, "%s", why);
	}
	va_end(ap);
	ck_assert_msg(person_update(db, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
}

/* Run one statement through the wrapper, its text parameters ?1 and ?2 (NULL for none). */
static void
run(const char *sql, const char *a, const char *b)
{
	struct db_stmt *st = db_prepare(db, sql);
	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	ck_assert_int_eq(db_run(st, "test", NULL), 0);
	db_finalize(st);
}

/* The names in the office's view filtered by 特困 (extremely poor), by name. */
static void
extremely_poor_names(struct sbuf *out)
{
	struct caseload_query q = { .flag = CASE_EXTREMELY_POOR };
	sbuf_reset(out);
	view_names(&q, 5, false, out);
}

/* The work of write_one's transaction: the writer adds the person arg. */
static int
write_work(struct db *wdb, void *arg, struct diag *d)
{
	struct person_writer *w = person_writer_new(wdb);
	int ret = person_writer_add(w, arg, NULL, d);
	person_writer_free(w);
	return ret;
}

/* Add a person through the writer the import and the demo use, with household flags. */
static char *
write_one(const char *name, const char *idnum, const char *low, const char *extreme)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];

	ck_assert_int_eq(person_set(&p, PF_NAME, name, why, sizeof why), 0);
	ck_assert_msg(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(person_set(&p, PF_LOW_INCOME, low, why, sizeof why), 0);
	ck_assert_int_eq(person_set(&p, PF_EXTREMELY_POOR, extreme, why, sizeof why), 0);
	ck_assert_int_eq(person_complete(&p, today, why, sizeof why), 0);
	ck_assert_msg(db_transaction(db, write_work, &p, &d) == 0, "%s", d.msg);
	char *id = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	return id;
}

START_TEST(flags_follow_the_household)
{
	struct sbuf got = SBUF_INIT;
	struct diag d = DIAG_INIT;
	char c[6];

	/* added with household flags (person add): copied; edited: followed */
	char *a = add("孙特困", 40);
	ck_assert_str_eq((copies(a, c), c), "-----");
	edit(a, "low_income", "yes", "extremely_poor", "yes", NULL);
	ck_assert_str_eq((copies(a, c), c), "1--1-");
	edit(a, "low_income", "no", "zero_employment", "yes", NULL);
	ck_assert_str_eq((copies(a, c), c), "0--11");
	ck_assert_int_eq(flags_astray(), 0);
	extremely_poor_names(&got);
	ck_assert_str_eq(sbuf_str(&got), "孙特困");

	/* the writer of import and demo: the copies come with the row */
	char *b = write_one("钱低保", "110101199003070011", "yes", "no");
	ck_assert_str_eq((copies(b, c), c), "1--0-");
	ck_assert_int_eq(flags_astray(), 0);

	/* a household's flags changed by any statement: its persons follow, with no audit row of
	 * person (derived), one of household */
	long long person_audits = testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'",
	    NULL);
	long long household_audits = testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = "
	    "'household'", NULL);
	run("UPDATE household SET extremely_poor = 1 WHERE id = (SELECT household_id FROM person "
	    "WHERE id = ?1)", b, NULL);
	ck_assert_str_eq((copies(b, c), c), "1--1-");
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'person'", NULL),
	    person_audits);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'household'", NULL),
	    household_audits + 1);
	extremely_poor_names(&got);
	ck_assert_str_eq(sbuf_str(&got), "钱低保 孙特困");

	/* a person moved to another household, or out of one */
	char *e = add("周无户", 41);
	run("UPDATE person SET household_id = (SELECT household_id FROM person WHERE id = ?2) "
	    "WHERE id = ?1", e, a);
	ck_assert_str_eq((copies(e, c), c), "0--11");
	run("UPDATE household SET extremely_poor = 0 WHERE id = (SELECT household_id FROM person "
	    "WHERE id = ?1)", a, NULL);
	ck_assert_str_eq((copies(a, c), c), "0--01");
	ck_assert_str_eq((copies(e, c), c), "0--01");
	run("UPDATE person SET household_id = NULL WHERE id = ?1", e, NULL);
	ck_assert_str_eq((copies(e, c), c), "-----");

	/* a copy written directly is put back */
	run("UPDATE person SET extremely_poor = 1, low_income = NULL WHERE id = ?1", a, NULL);
	ck_assert_str_eq((copies(a, c), c), "0--01");
	run("UPDATE person SET registered_poor = 1 WHERE id = ?1", e, NULL);
	ck_assert_str_eq((copies(e, c), c), "-----");
	ck_assert_int_eq(flags_astray(), 0);
	extremely_poor_names(&got);
	ck_assert_str_eq(sbuf_str(&got), "钱低保");

	/* a merge: keep (no household) takes gone's; the flags of two households are joined */
	char *k = add("吴合并", 42);
	ck_assert_msg(case_merge(db, k, b, today, true, &d) == 0, "%s", d.msg);
	ck_assert_str_eq((copies(k, c), c), "1--1-");
	ck_assert_int_eq(flags_astray(), 0);
	extremely_poor_names(&got);
	ck_assert_str_eq(sbuf_str(&got), "吴合并");  /* the merged record leaves the view */
	edit(a, "low_income", "", "extremely_poor", "", "zero_employment", "", NULL);
	ck_assert_msg(case_merge(db, a, k, today, true, &d) == 0, "%s", d.msg);
	ck_assert_str_eq((copies(a, c), c), "1--1-");
	ck_assert_int_eq(flags_astray(), 0);

	/* a household removed (foreign keys off, as a repair by hand might): copies unknown */
	ck_assert_int_eq(db_exec(db, "PRAGMA foreign_keys = OFF", &d), 0);
	run("DELETE FROM household WHERE id = (SELECT household_id FROM person WHERE id = ?1)", a,
	    NULL);
	ck_assert_int_eq(db_exec(db, "PRAGMA foreign_keys = ON", &d), 0);
	ck_assert_str_eq((copies(a, c), c), "-----");
	extremely_poor_names(&got);
	ck_assert_str_eq(sbuf_str(&got), "");
	free(a);
	free(b);
	free(e);
	free(k);
	sbuf_free(&got);
}
END_TEST

/* A counting VFS over the default one: the pages read from main database files while counting
 * is on (every read of a connection whose own page cache lacks the page, as from a cold file). */
enum { COUNT_MAX = 4096 };
static struct {
	sqlite3_vfs vfs, *real;
	bool on;
	int n;
	long long page[COUNT_MAX];
} counted;

/* A file of the counting VFS: the real file after it. */
struct count_file {
	sqlite3_file base;
	bool main_db;
	sqlite3_file *real;
};

/* The real file of a counted one. */
#define REAL(f) (((struct count_file *)(f))->real)

/* xClose: close the real file. */
static int
count_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

/* xRead: record the page (offset / 4096: the demo's page size) of a main database file. */
static int
count_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	if (counted.on && ((struct count_file *)f)->main_db && counted.n < COUNT_MAX)
		counted.page[counted.n++] = off / 4096 + 1;
	return REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
}

/* The other methods pass through to the real file. */
static int count_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o) { return REAL(f)->pMethods->xWrite(REAL(f), b, n, o); }
/* xTruncate. */
static int count_truncate(sqlite3_file *f, sqlite3_int64 n) { return REAL(f)->pMethods->xTruncate(REAL(f), n); }
/* xSync. */
static int count_sync(sqlite3_file *f, int fl) { return REAL(f)->pMethods->xSync(REAL(f), fl); }
/* xFileSize. */
static int count_size(sqlite3_file *f, sqlite3_int64 *n) { return REAL(f)->pMethods->xFileSize(REAL(f), n); }
/* xLock. */
static int count_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
/* xUnlock. */
static int count_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
/* xCheckReservedLock. */
static int count_reserved(sqlite3_file *f, int *r) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r); }
/* xFileControl. */
static int count_fcntl(sqlite3_file *f, int op, void *a) { return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
/* xSectorSize. */
static int count_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
/* xDeviceCharacteristics. */
static int count_dev(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
/* xShmMap. */
static int count_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **p) { return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, p); }
/* xShmLock. */
static int count_shmlock(sqlite3_file *f, int o, int n, int fl) { return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
/* xShmBarrier. */
static void count_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
/* xShmUnmap. */
static int count_shmunmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }

/* The counted files' methods (version 2: no memory map, so that every page is an xRead). */
static const sqlite3_io_methods count_methods = {
	2, count_close, count_read, count_write, count_truncate, count_sync, count_size, count_lock,
	count_unlock, count_reserved, count_fcntl, count_sector, count_dev, count_shmmap,
	count_shmlock, count_shmbarrier, count_shmunmap, NULL, NULL,
};

/* xOpen: open the real file behind a counted one. */
static int
count_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct count_file *c = (struct count_file *)f;
	int rc;

	(void)vfs;
	c->real = (sqlite3_file *)(c + 1);
	c->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
	rc = counted.real->xOpen(counted.real, name, c->real, flags, out);
	c->base.pMethods = c->real->pMethods != NULL ? &count_methods : NULL;
	return rc;
}

/* Make the counting VFS the default (over the real default). */
static void
count_begin(void)
{
	counted.real = sqlite3_vfs_find(NULL);
	counted.vfs = *counted.real;
	counted.vfs.zName = "count";
	counted.vfs.szOsFile = (int)sizeof(struct count_file) + counted.real->szOsFile;
	counted.vfs.xOpen = count_open;
	ck_assert_int_eq(sqlite3_vfs_register(&counted.vfs, 1), SQLITE_OK);
}

/* The real default VFS again. */
static void
count_end(void)
{
	sqlite3_vfs_unregister(&counted.vfs);
	sqlite3_vfs_register(counted.real, 1);
}

/* Start counting afresh. */
static void
count_start(void)
{
	counted.n = 0;
	counted.on = true;
}

/* Stop counting: the distinct pages read, sorted, into out (" 1 2 5"), and their number. */
static int
count_stop(struct sbuf *out)
{
	int distinct = 0;

	counted.on = false;
	for (int i = 0; i < counted.n; i++)
		for (int j = i + 1; j < counted.n; j++)
			if (counted.page[j] < counted.page[i]) {
				long long t = counted.page[i];
				counted.page[i] = counted.page[j];
				counted.page[j] = t;
			}
	for (int i = 0; i < counted.n; i++)
		if (i == 0 || counted.page[i] != counted.page[i - 1]) {
			sbuf_addf(out, " %lld", counted.page[i]);
			distinct++;
		}
	return distinct;
}

/* Whether every page of a (" 1 2 5") is in b. */
static bool
pages_within(const char *a, const char *b)
{
	char pad[16];
	struct sbuf bb = SBUF_INIT;

	sbuf_addf(&bb, "%s ", b);
	for (const char *p = a; *p; ) {
		long long n = strtoll(p, (char **)&p, 10);
		snprintf(pad, sizeof pad, " %lld ", n);
		if (strstr(sbuf_str(&bb), pad) == NULL) {
			sbuf_free(&bb);
			return false;
		}
	}
	sbuf_free(&bb);
	return true;
}

START_TEST(a_cold_first_page_reads_what_the_shell_reads)
{
	struct demo_opts o = { .seed = 11, .persons = 3000, .batch = 700 };
	struct demo_stats stats;
	struct diag d = DIAG_INIT;
	struct caseload_row rows[20];
	struct sbuf jd_open = SBUF_INIT, jd_page = SBUF_INIT, sh_open = SBUF_INIT,
		sh_page = SBUF_INIT, sql = SBUF_INIT;
	char path[4096];
	int n = 0;

	/* a demo caseload in a file, closed (its WAL written back): every page is read from it */
	testdb_close(db);
	db = testdb_open("caseload", "counselor1");
	ck_assert_msg(demo_run(db, &o, &stats, &d) == 0, "%s", d.msg);
	const char *who = "zhangwei";
	ck_assert_int_gt(testdb_int(db, "SELECT count(*) FROM person WHERE counselor = ?1", who), 20);
	snprintf(path, sizeof path, "%s", testdb_path("caseload"));
	db_close(db);
	db = NULL;
	count_begin();
	struct caseload_query q = { .counselor = who, .sort = CASELOAD_BY_NAME };

	/* jobdesk: the database opened afresh (every check of opening), then the first page */
	count_start();
	ck_assert_msg(dbopen_open(path, "counselor1", false, &d, &db) == 0, "%s", d.msg);
	int jo = count_stop(&jd_open);
	count_start();
	ck_assert_msg(caseload_page(db, &q, NULL, false, 20, rows, &n, &d) == 0, "%s", d.msg);
	int jp = count_stop(&jd_page);
	ck_assert_int_eq(n, 20);
	caseload_free(rows, n);
	db_close(db);
	db = NULL;

	/* the shell's way: a plain connection reads the schema, then runs the same SQL */
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	count_start();
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL),
	    SQLITE_OK);
	int so = count_stop(&sh_open);
	caseload_sql(&q, false, false, &sql);
	count_start();
	ck_assert_int_eq(sqlite3_prepare_v2(h, sbuf_str(&sql), -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, 20);
	int rows_sh = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rows_sh++;
	ck_assert_int_eq(rc, SQLITE_DONE);
	int sp = count_stop(&sh_page);
	sqlite3_finalize(st);
	sqlite3_close(h);
	count_end();

	ck_assert_int_eq(rows_sh, 20);
	ck_assert_int_gt(so, 0);
	ck_assert_int_gt(sp, 0);
	/* opening reads the schema and nothing else: no table the first page does not need (the
	 * office code, the settings: read when first needed) */
	ck_assert_msg(pages_within(sbuf_str(&jd_open), sbuf_str(&sh_open)),
	    "opening read %d pages (%s), the plain connection's schema %d (%s)", jo,
	    sbuf_str(&jd_open), so, sbuf_str(&sh_open));
	/* the page reads the same pages as the same SQL on the plain connection */
	ck_assert_msg(jp == sp && pages_within(sbuf_str(&jd_page), sbuf_str(&sh_page)),
	    "the first page read %d pages (%s), the plain connection %d (%s)", jp,
	    sbuf_str(&jd_page), sp, sbuf_str(&sh_page));
	sbuf_free(&jd_open);
	sbuf_free(&jd_page);
	sbuf_free(&sh_open);
	sbuf_free(&sh_page);
	sbuf_free(&sql);
	db = testdb_open("caseload", "counselor1");  /* for the teardown */
}
END_TEST

/* The suite. */
static Suite *
caseload_suite(void)
{
	Suite *s = suite_create("caseload");
	TCase *tc = tcase_create("caseload");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sort_key_is_pinyin_then_name);
	tcase_add_test(tc, every_view_sorts_by_pinyin);
	tcase_add_test(tc, rename_keeps_the_key_and_closed_leave_my_cases);
	tcase_add_test(tc, pages_over_ties_show_each_person_once);
	tcase_add_test(tc, every_view_pages_through_an_index);
	tcase_add_test(tc, flags_follow_the_household);
	tcase_add_test(tc, a_cold_first_page_reads_what_the_shell_reads);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(caseload_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
