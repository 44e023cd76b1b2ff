/* Check tests for core/role: the role x action matrix over real cases (the user's own, another
 * of the office, one of an office below, one elsewhere) against the table the man page gives,
 * the walk-in opening and each showing of a full ID number recorded once in the audit, the
 * refusal's words and code, and the core entry points themselves refusing (nothing written) and
 * allowing; with no role set, everything allowed and nothing recorded. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/case.h"
#include "core/caseload.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/demo.h"
#include "core/facts.h"
#include "core/grant.h"
#include "core/note.h"
#include "core/notice.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/role.h"
#include "core/search.h"
#include "core/transfer.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/node.h"
#include "util/rows.h"
#include "util/sbuf.h"
#include "testdb.h"

/* The office tree: the county (this database's office), a township below it, another county. */
static const char setup_sql[] =
    "INSERT INTO setting VALUES ('office_code', '220102');"
    "INSERT INTO office VALUES ('OC', '220102', '南关区就业局', 'county', NULL, 'x', 'x', 't');"
    "INSERT INTO office VALUES ('OT', '22010201', '永吉街道', 'township', 'OC', 'x', 'x', 't');"
    "INSERT INTO office VALUES ('OX', '220203', '龙潭区就业局', 'county', NULL, 'x', 'x', 't');"
    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('U1', 'lina', '李娜', 'counselor', 'OC', NULL, 'x', 'x', 't');"
    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('U2', 'boss', '王主任', 'supervisor', 'OC', NULL, 'x', 'x', 't');"
    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('U3', 'root', '赵管理', 'admin', 'OC', NULL, 'x', 'x', 't');"
    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('U4', 'wang', '王芳', 'counselor', 'OC', NULL, 'x', 'x', 't');"
    "INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) VALUES ('U5', 'qian', '钱主任', 'supervisor', 'OX', NULL, 'x', 'x', 't');";

static const char *const logins[] = { [ROLE_COUNSELOR] = "lina", [ROLE_SUPERVISOR] = "boss",
	[ROLE_ADMIN] = "root" };

static struct db *db;              /* the owner's connection, no role: sets up */
static char *own[3];               /* each role's own case (its counselor is that login) */
static char *office_case, *below_case, *other_case;

/* Register a person of a counselor; returns the case id (caller frees). */
static char *
add(const char *name, const char *idnum, const char *counselor)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[256];

	ck_assert(person_set(&p, PF_NAME, name, why, sizeof why) == 0);
	ck_assert_msg(person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why) == 0, "%s", why);
	ck_assert(person_set(&p, PF_COUNSELOR, counselor, why, sizeof why) == 0);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	char *id = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	return id;
}

/* Run one statement with one text parameter and one more (?2), on the owner's connection. */
static void
run2(const char *sql, const char *a, const char *b)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	ck_assert_msg(db_run(st, "test", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

/* A fresh database with the offices, users and the four kinds of case. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;

	db = testdb_open("role", "owner");
	/* the connection knows its office code (none yet) before the setup gives the database one
	 * by hand (office ids other than codes, unlike init --office), so that the cases it adds
	 * keep no office (NULL) as they did when the code was read at every open */
	ck_assert_ptr_null(db_office(db));
	ck_assert_msg(db_exec(db, setup_sql, &d) == 0, "%s", d.msg);
	own[ROLE_COUNSELOR] = add("李一", "220102199001010017", "lina");
	own[ROLE_SUPERVISOR] = add("李二", "220102199001010025", "boss");
	own[ROLE_ADMIN] = add("李三", "220102199001010041", "root");
	office_case = add("王丽", "220102199503070028", "wang");
	below_case = add("张伟", "220102199503070044", "zhao");
	other_case = add("刘洋", "220102199503070060", "liu");
	run2("UPDATE person SET office_id = ?2 WHERE id = ?1", below_case, "OT");
	run2("UPDATE person SET office_id = ?2 WHERE id = ?1", other_case, "OX");
	/* the own cases sit in the office explicitly for one, by default (NULL) for the others */
	run2("UPDATE person SET office_id = ?2 WHERE id = ?1", own[ROLE_SUPERVISOR], "OC");
}

static void
teardown(void)
{
	for (int r = 0; r < 3; r++) {
		free(own[r]);
		own[r] = NULL;
	}
	free(office_case);
	free(below_case);
	free(other_case);
	testdb_close(db);
	db = NULL;
}

/* A second connection to the test database acting as a login with a role and office. */
static struct db *
as(enum role r, const char *office)
{
	struct db *x = NULL;
	struct diag d = DIAG_INIT;

	ck_assert_msg(dbopen_open(db_path(db), logins[r], false, &d, &x) == 0, "%s", d.msg);
	db_set_role(x, r);
	db_set_user_office(x, office);
	return x;
}

/* How many view_id events the audit holds for a case (and an event kind, or NULL for any). */
static long long
events(const char *pid, const char *kind)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE op = 'view_id' AND row_key = "
	    "?1%s", kind == NULL ? "" : kind[0] == 'w' ?
	    " AND json_extract(after, '$.event') = 'walk_in'" :
	    " AND json_extract(after, '$.event') = 'show_id'");
	return testdb_int(db, sql, pid);
}

/* The matrix as the man page's ROLES section states it: per role, per action, the verdict on
 * the user's own case, another of the office, one of an office below, one elsewhere (A allow,
 * W allow as a walk-in, recorded; R refuse). An action on no case has one letter. */
static const struct {
	enum role_act act;
	const char *v[3];   /* counselor, supervisor, admin */
} spec[] = {
	{ ROLE_ACT_PERSON_OPEN, { "AWRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_PERSON_EDIT, { "AWRR", "AARR", "AAAR" } },
	{ ROLE_ACT_CASE_CLOSE, { "ARRR", "AARR", "AAAR" } },
	{ ROLE_ACT_CASE_TRANSFER, { "RRRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_CASE_MERGE, { "RRRR", "AARR", "AAAR" } },
	{ ROLE_ACT_PROGRESS, { "AWRR", "AARR", "AAAR" } },
	{ ROLE_ACT_NOTE, { "AWRR", "AARR", "AAAR" } },
	{ ROLE_ACT_DECISION_PROPOSE, { "AWRR", "AARR", "AAAR" } },
	{ ROLE_ACT_DECISION_APPROVE, { "RRRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_DECISION_REVOKE, { "RRRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_DECISION_PAID, { "RRRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_NOTICE, { "AWRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_VIEW_ID, { "AWRR", "AAAR", "AAAR" } },
	{ ROLE_ACT_PERSON_ADD, { "A", "A", "A" } },
	{ ROLE_ACT_IMPORT, { "R", "A", "A" } },
	{ ROLE_ACT_EXPORT, { "R", "A", "A" } },
	{ ROLE_ACT_DB_BACKUP, { "R", "A", "A" } },
	{ ROLE_ACT_DB_RESTORE, { "R", "R", "A" } },
	{ ROLE_ACT_USER_MANAGE, { "R", "R", "A" } },
	{ ROLE_ACT_USER_UNLOCK, { "R", "A", "A" } },
	{ ROLE_ACT_OFFICE_SETTINGS, { "R", "R", "A" } },
	{ ROLE_ACT_AUDIT_READ, { "R", "A", "A" } },
	{ ROLE_ACT_REPORT, { "R", "A", "A" } },
	{ ROLE_ACT_DEMO, { "R", "R", "A" } },
	{ ROLE_ACT_SYNC, { "R", "A", "A" } },
	{ ROLE_ACT_RESOLVE, { "R", "A", "A" } },
};

/* Every role, every action, every kind of case, through role_check on the real cases: allowed
 * (no event), a walk-in (allowed, one event), or refused (77, no event). */
START_TEST(matrix_over_real_cases)
{
	ck_assert_int_eq(sizeof spec / sizeof *spec, ROLE_NACT);
	for (int r = ROLE_COUNSELOR; r <= ROLE_ADMIN; r++) {
		struct db *x = as((enum role)r, "OC");
		const char *cases[4] = { own[r], office_case, below_case, other_case };
		for (size_t i = 0; i < sizeof spec / sizeof *spec; i++) {
			size_t n = strlen(spec[i].v[r]);
			ck_assert_int_eq(n == 4, role_act_cased(spec[i].act));
			for (size_t k = 0; k < n; k++) {
				struct diag d = DIAG_INIT;
				const char *pid = n == 4 ? cases[k] : NULL;
				long long before = testdb_int(db, "SELECT count(*) FROM audit", NULL);
				db_set_walk_in(x, NULL);   /* each check a new opening */
				int ret = role_check(x, spec[i].act, pid, &d);
				long long added = testdb_int(db, "SELECT count(*) FROM audit", NULL) -
				    before;
				char want = spec[i].v[r][k];
				ck_assert_msg(ret == (want == 'R' ? EX_NOPERM : 0),
				    "role %d action %d case %zu: %d (%s), want %c", r, spec[i].act, k,
				    ret, d.msg, want);
				ck_assert_msg(added == (want == 'W'),
				    "role %d action %d case %zu: %lld audit rows, want %c", r,
				    spec[i].act, k, added, want);
				ck_assert(want != 'W' || events(pid, "walk_in") >= 1);
			}
		}
		db_close(x);
	}
}
END_TEST

/* A case with no office and a user with none are both this database's office; a user whose
 * office is the township sees its cases as the office's and the county's as elsewhere. */
START_TEST(office_scope)
{
	struct diag d = DIAG_INIT;
	enum role_rel rel;
	struct db *x = as(ROLE_SUPERVISOR, NULL);

	ck_assert_int_eq(role_relation(x, own[ROLE_SUPERVISOR], &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OWN);      /* office OC, and the user's none is OC */
	ck_assert_int_eq(role_relation(x, office_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OFFICE);   /* office NULL: this database's */
	ck_assert_int_eq(role_relation(x, below_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_BELOW);
	ck_assert_int_eq(role_relation(x, other_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OTHER);
	db_close(x);
	x = as(ROLE_SUPERVISOR, "OT");
	ck_assert_int_eq(role_relation(x, below_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OFFICE);
	ck_assert_int_eq(role_relation(x, office_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OTHER);    /* the county is above, not below */
	ck_assert_int_eq(role_check(x, ROLE_ACT_PERSON_OPEN, office_case, &d), EX_NOPERM);
	db_close(x);
	/* whom a township's counselor asks: the township's supervisor, not the county's */
	run2("INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, "
	    "created_at, updated_at, created_by) SELECT 'U6', ?1, '孙站长', 'supervisor', ?2, NULL, 'x', 'x', 't'",
	    "sun", "OT");
	x = as(ROLE_COUNSELOR, "OT");
	ck_assert_int_eq(role_check(x, ROLE_ACT_EXPORT, NULL, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "孙站长 (sun)") != NULL && strstr(d.msg, "王主任") == NULL, "%s",
	    d.msg);
	db_close(x);
	/* a cycle in the office tree ends the walk up */
	run2("UPDATE office SET parent_id = ?2 WHERE id = ?1", "OC", "OT");
	x = as(ROLE_SUPERVISOR, "OX");
	ck_assert_int_eq(role_relation(x, below_case, &rel, &d), 0);
	ck_assert_int_eq(rel, ROLE_REL_OTHER);
	db_close(x);
}
END_TEST

/* A counselor opening another counselor's case of the office: allowed, one view_id walk_in row
 * naming the counselor, however many steps the visit takes; a new opening records again; the
 * own case and a supervisor's opening record nothing. */
START_TEST(walk_in_recorded_once_per_opening)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct db *x = as(ROLE_COUNSELOR, "OC");
	char *note = NULL;

	ck_assert_msg(person_load(x, office_case, &p, &d) == 0, "%s", d.msg);
	person_clear(&p);
	ck_assert_int_eq(events(office_case, "walk_in"), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'view_id' AND "
	    "actor = 'lina' AND tbl IS NULL AND after = '{\"event\":\"walk_in\"}' AND row_key = ?1",
	    office_case), 1);
	/* the visit goes on: a note, the case read again: no second row */
	ck_assert_msg(note_add(x, office_case, "来访咨询", NULL, date_today(), &note, &d) == 0, "%s",
	    d.msg);
	free(note);
	ck_assert_int_eq(person_load(x, office_case, &p, &d), 0);
	person_clear(&p);
	ck_assert_int_eq(events(office_case, "walk_in"), 1);
	/* the screen opens the case again: a new opening */
	ck_assert_int_eq(role_open(x, office_case, &d), 0);
	ck_assert_int_eq(events(office_case, "walk_in"), 2);
	/* the counselor's own case: nothing recorded */
	ck_assert_int_eq(role_open(x, own[ROLE_COUNSELOR], &d), 0);
	ck_assert_int_eq(events(own[ROLE_COUNSELOR], NULL), 0);
	db_close(x);
	/* a supervisor sees the office: no walk-in */
	x = as(ROLE_SUPERVISOR, "OC");
	ck_assert_int_eq(role_open(x, office_case, &d), 0);
	ck_assert_int_eq(events(office_case, "walk_in"), 2);
	db_close(x);
	/* the audit chain still verifies with the events in it */
	struct sbuf report = SBUF_INIT;
	ck_assert_msg(dbopen_check(db, &report, &d) == 0, "%s %s", d.msg, sbuf_str(&report));
	sbuf_free(&report);
}
END_TEST

/* Each showing of a full ID number is a view_id show_id row, for the roles that may see it;
 * with no role set nothing is recorded; a role that may not see it gets no row and a refusal. */
START_TEST(show_id_recorded)
{
	struct diag d = DIAG_INIT;
	struct db *x = as(ROLE_SUPERVISOR, "OC");

	ck_assert_int_eq(role_show_id(x, below_case, &d), 0);
	ck_assert_int_eq(role_show_id(x, below_case, &d), 0);
	ck_assert_int_eq(events(below_case, "show_id"), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'view_id' AND "
	    "actor = 'boss' AND row_key = ?1", below_case), 2);
	ck_assert_int_eq(role_show_id(x, other_case, &d), EX_NOPERM);
	ck_assert_int_eq(events(other_case, NULL), 0);
	db_close(x);
	x = as(ROLE_COUNSELOR, "OC");
	ck_assert_int_eq(role_show_id(x, below_case, &d), EX_NOPERM);
	ck_assert_int_eq(role_show_id(x, office_case, &d), 0);   /* a walk-in, then the showing */
	ck_assert_int_eq(events(office_case, "walk_in"), 1);
	ck_assert_int_eq(events(office_case, "show_id"), 1);
	db_close(x);
	/* the owner's connection, no role: shown, nothing recorded */
	long long before = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	ck_assert_int_eq(role_show_id(db, other_case, &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), before);
}
END_TEST

/* The refusal: 77, one line naming what was refused and whom to ask by name. */
START_TEST(refusal_says_whom_to_ask)
{
	struct diag d = DIAG_INIT;
	struct db *x = as(ROLE_COUNSELOR, "OC");

	ck_assert_int_eq(role_check(x, ROLE_ACT_EXPORT, NULL, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "export the office's persons") != NULL, "%s", d.msg);
	ck_assert_msg(strstr(d.msg, "王主任 (boss)") != NULL, "%s", d.msg);
	ck_assert_msg(strstr(d.msg, "赵管理 (root)") != NULL, "%s", d.msg);
	ck_assert_ptr_null(strchr(d.msg, '\n'));
	ck_assert_int_eq(role_check(x, ROLE_ACT_CASE_CLOSE, office_case, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "王丽") != NULL && strstr(d.msg, "王芳 (wang)") != NULL &&
	    strstr(d.msg, "王主任") != NULL, "%s", d.msg);
	ck_assert_int_eq(role_check(x, ROLE_ACT_PERSON_OPEN, other_case, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "龙潭区就业局") != NULL && strstr(d.msg, "钱主任 (qian)") != NULL,
	    "%s", d.msg);
	ck_assert_int_eq(role_check(x, ROLE_ACT_DB_RESTORE, NULL, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "赵管理") != NULL && strstr(d.msg, "王主任") == NULL, "%s", d.msg);
	db_close(x);
}
END_TEST

/* Set the locale as main() does and decide the language. */
static void
speak(const char *lang)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", lang, 1);
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no %s locale (./dev test makes zh_CN.UTF-8)",
	    lang);
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
}

/* Whether text holds an ASCII letter outside parentheses (a login in them is a name). */
static bool
english_outside_parens(const char *text)
{
	int depth = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (depth == 0 && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return true;
	}
	return false;
}

/* Under zh_CN a refusal is Chinese throughout, and the walk-in reads as one in the history. */
START_TEST(refusal_in_chinese)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };

	speak("zh_CN.UTF-8");
	struct db *x = as(ROLE_COUNSELOR, "OC");
	ck_assert_int_eq(role_check(x, ROLE_ACT_EXPORT, NULL, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "不允许") != NULL && strstr(d.msg, "导出本机构的人员") != NULL &&
	    strstr(d.msg, "王主任") != NULL && !english_outside_parens(d.msg), "%s", d.msg);
	ck_assert_int_eq(role_check(x, ROLE_ACT_NOTE, other_case, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "龙潭区就业局") != NULL && !english_outside_parens(d.msg), "%s",
	    d.msg);
	ck_assert_int_eq(role_check(x, ROLE_ACT_CASE_CLOSE, office_case, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "王芳") != NULL && !english_outside_parens(d.msg), "%s", d.msg);
	ck_assert_int_eq(person_load(x, office_case, &p, &d), 0);
	person_clear(&p);
	db_close(x);
	ck_assert_str_eq(audit_op_label("view_id", NULL, "{\"event\":\"walk_in\"}"),
	    "为来访者打开了该案卷");
	ck_assert_str_eq(audit_op_label("view_id", NULL, "{\"event\":\"show_id\"}"),
	    "查看了完整身份证号");
	speak("C.UTF-8");
}
END_TEST

/* The entry points refuse before they write: a counselor on a case of another office (every
 * write), another counselor's case (close), and the office-wide actions. */
START_TEST(entry_points_refuse)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct db *x = as(ROLE_COUNSELOR, "OC");
	char *note = NULL, out[160];
	long long audit = testdb_int(db, "SELECT count(*) FROM audit", NULL);

	ck_assert_int_eq(person_load(x, other_case, &p, &d), EX_NOPERM);
	ck_assert_ptr_null(p.v[PF_ID]);
	ck_assert_int_eq(note_add(x, other_case, "不该写入", NULL, date_today(), &note, &d), EX_NOPERM);
	ck_assert_ptr_null(note);
	ck_assert_int_eq(case_close(x, other_case, "employed", NULL, date_today(), &d), EX_NOPERM);
	ck_assert_int_eq(case_close(x, office_case, "employed", NULL, date_today(), &d), EX_NOPERM);
	ck_assert_int_eq(case_transfer(x, own[ROLE_COUNSELOR], "wang", &d), EX_NOPERM);
	ck_assert_int_eq(case_merge(x, own[ROLE_COUNSELOR], office_case, date_today(), true, &d),
	    EX_NOPERM);
	struct enrollment e;
	progress_init(&e);
	e.person_id = below_case;
	e.kind = "training";
	e.status = "active";
	e.start_date = "2018-01-01";
	ck_assert_int_eq(progress_record(x, &e, 0, NULL, NULL, false, &d), EX_NOPERM);
	free(e.id);
	struct grant *g = NULL;
	int n = 0;
	ck_assert_int_eq(grant_record(x, NULL, other_case, "rural-training-subsidy", NULL,
	    date_today(), &g, &n, &d), EX_NOPERM);
	/* the person, loaded by the owner, saved by the counselor */
	ck_assert_int_eq(person_load(db, below_case, &p, &d), 0);
	char why[200];
	ck_assert_int_eq(person_set(&p, PF_PHONE, "13912345678", why, sizeof why), 0);
	ck_assert_int_eq(person_update(x, &p, &d), EX_NOPERM);
	person_clear(&p);
	/* office-wide */
	long count = 0;
	snprintf(out, sizeof out, "/tmp/jobdesk-test-role-%d.csv", (int)getpid());
	ck_assert_int_eq(transfer_export(x, out, false, &count, &d), EX_NOPERM);
	ck_assert_int_ne(access(out, F_OK), 0);
	struct transfer_opts o = { 0 };
	struct transfer_report r = { 0 };
	ck_assert_int_eq(transfer_import(x, "/nonexistent.csv", &o, &r, &d), EX_NOPERM);
	transfer_report_free(&r);
	snprintf(out, sizeof out, "/tmp/jobdesk-test-role-%d.bak", (int)getpid());
	ck_assert_int_eq(dbopen_backup(x, out, &d), EX_NOPERM);
	ck_assert_int_ne(access(out, F_OK), 0);
	struct audit_filter f = { 0 };
	struct rows rows;
	ck_assert_int_eq(audit_query(x, &f, &rows, NULL, &d), EX_NOPERM);
	rows_free(&rows);
	struct demo_opts dopt = { .seed = 1, .persons = 1 };
	struct demo_stats ds;
	ck_assert_int_eq(demo_run(x, &dopt, &ds, &d), EX_NOPERM);
	/* nothing of it was written, and the cases are as they were */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), audit);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM note", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE stage = 'closed' OR "
	    "counselor = 'wang' AND id = ?1", own[ROLE_COUNSELOR]), 0);
	db_close(x);
}
END_TEST

/* A counselor registers persons onto their own caseload only (a supervisor onto anyone's); a
 * case is handed only to an account that is not disabled, of an office the one handing it
 * reaches (theirs or one below). Nothing is written by a refusal. */
START_TEST(register_and_transfer_whom)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	char why[200];
	struct db *x = as(ROLE_COUNSELOR, "OC");
	long long persons = testdb_int(db, "SELECT count(*) FROM person", NULL);
	long long audit = testdb_int(db, "SELECT count(*) FROM audit", NULL);

	ck_assert(person_set(&p, PF_NAME, "赵六", why, sizeof why) == 0);
	ck_assert(person_set(&p, PF_ID_NUMBER, "220102199503070087", why, sizeof why) == 0);
	ck_assert(person_set(&p, PF_COUNSELOR, "wang", why, sizeof why) == 0);
	ck_assert_int_eq(person_add(x, &p, NULL, &d), EX_NOPERM);
	ck_assert_msg(strstr(d.msg, "wang") != NULL && strstr(d.msg, "王主任 (boss)") != NULL, "%s",
	    d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person", NULL), persons);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), audit);
	person_clear(&p);
	/* their own caseload, or none; (person_add's writing is entry_points_allow's) */
	ck_assert_int_eq(role_assign(x, "lina", &d), 0);
	ck_assert_int_eq(role_assign(x, NULL, &d), 0);
	db_close(x);
	x = as(ROLE_SUPERVISOR, "OC");
	ck_assert_int_eq(role_assign(x, "wang", &d), 0);
	/* transfer: a disabled account refused; then an office's account of another county */
	run2("UPDATE app_user SET disabled = 1 WHERE login = ?1 AND ?2 IS NOT NULL", "wang", "x");
	ck_assert_int_eq(case_transfer(x, office_case, "wang", &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, "disabled") != NULL, "%s", d.msg);
	ck_assert_int_eq(case_transfer(x, office_case, "qian", &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, "钱主任 (qian)") != NULL && strstr(d.msg, "龙潭区") != NULL,
	    "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE id = ?1 AND counselor "
	    "= 'wang'", office_case), 1);
	db_close(x);
	/* a township's supervisor may not hand a case up to the county's counselor */
	run2("INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, "
	    "created_at, updated_at, created_by) SELECT 'U6', ?1, '孙站长', 'supervisor', ?2, NULL, "
	    "'x', 'x', 't'", "sun", "OT");
	run2("INSERT INTO app_user (id, login, display_name, role, office_id, password_hash, "
	    "created_at, updated_at, created_by) SELECT 'U7', ?1, '周文', 'counselor', ?2, NULL, "
	    "'x', 'x', 't'", "zhou", "OT");
	struct db *y = dbopen_open(db_path(db), "sun", false, &d, &x) == 0 ? x : NULL;
	ck_assert_ptr_nonnull(y);
	db_set_role(y, ROLE_SUPERVISOR);
	db_set_user_office(y, "OT");
	ck_assert_int_eq(case_transfer(y, below_case, "lina", &d), EX_DATAERR);
	ck_assert_msg(case_transfer(y, below_case, "zhou", &d) == 0, "%s", d.msg);
	db_close(y);
	/* and the county's supervisor hands it to the township's counselor or back */
	x = as(ROLE_SUPERVISOR, "OC");
	ck_assert_msg(case_transfer(x, below_case, "lina", &d) == 0, "%s", d.msg);
	db_close(x);
}
END_TEST

/* The entry points allow what the matrix allows: the counselor's own case, a walk-in note, a
 * supervisor reassigning and reading the audit, the case's own history for a counselor. */
START_TEST(entry_points_allow)
{
	struct diag d = DIAG_INIT;
	struct db *x = as(ROLE_COUNSELOR, "OC");
	char *note = NULL;

	ck_assert_msg(note_add(x, own[ROLE_COUNSELOR], "电话回访", NULL, date_today(), &note, &d) == 0,
	    "%s", d.msg);
	free(note);
	ck_assert_msg(case_close(x, own[ROLE_COUNSELOR], "employed", NULL, date_today(), &d) == 0,
	    "%s", d.msg);
	ck_assert_msg(case_reopen(x, own[ROLE_COUNSELOR], &d) == 0, "%s", d.msg);
	ck_assert_msg(note_add(x, office_case, "来访", NULL, date_today(), &note, &d) == 0, "%s",
	    d.msg);
	free(note);
	struct audit_filter f = { .person_id = own[ROLE_COUNSELOR] };
	struct rows rows;
	ck_assert_msg(audit_query(x, &f, &rows, NULL, &d) == 0, "%s", d.msg);
	ck_assert_int_gt(rows.n, 0);
	rows_free(&rows);
	db_close(x);
	x = as(ROLE_SUPERVISOR, "OC");
	ck_assert_msg(case_transfer(x, office_case, "lina", &d) == 0, "%s", d.msg);
	ck_assert_msg(case_transfer(x, below_case, "lina", &d) == 0, "%s", d.msg);
	struct audit_filter all = { 0 };
	ck_assert_msg(audit_query(x, &all, &rows, NULL, &d) == 0, "%s", d.msg);
	rows_free(&rows);
	db_close(x);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM person WHERE counselor = 'lina'",
	    NULL), 3);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM note", NULL), 2);
}
END_TEST

/* The first ID number a search for 王丽 and a listing of the counselor wang's cases give. */
static void
listed_ids(struct db *x, char found[19], char listed[19])
{
	struct diag d = DIAG_INIT;
	struct search_hit *hits = NULL;
	struct person p = { 0 };
	int n = 0;

	ck_assert_msg(search_run(x, "王丽", 5, &hits, &n, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(n, 1);
	snprintf(found, 19, "%s", hits[0].id_number);
	search_free(hits, n);
	struct person_list *l = person_list_new(x, "wang", NULL);
	ck_assert_int_eq(person_list_next(l, &p, &d), DB_ROW);
	snprintf(listed, 19, "%s", p.v[PF_ID_NUMBER]);
	person_clear(&p);
	person_list_free(l);
}

/* Lists (search, person list; their JSON too) carry whole ID numbers only for the roles that
 * may copy the office; a counselor's are masked in core. */
START_TEST(lists_mask_for_counselor)
{
	char found[19], listed[19];
	struct db *x = as(ROLE_COUNSELOR, "OC");

	listed_ids(x, found, listed);
	ck_assert_str_eq(found, "220102********0028");
	ck_assert_str_eq(listed, "220102********0028");
	db_close(x);
	x = as(ROLE_SUPERVISOR, "OC");
	listed_ids(x, found, listed);
	ck_assert_str_eq(found, "220102199503070028");
	ck_assert_str_eq(listed, "220102199503070028");
	db_close(x);
	listed_ids(db, found, listed);   /* no role */
	ck_assert_str_eq(found, "220102199503070028");
}
END_TEST

/* Which lists a case is in, as bits: 1 the caseload's office view (every stage), 2 search by
 * its name, 4 person list, 8 policy eval --all (the facts iteration). */
static int
lists_holding(struct db *x, const char *pid, const char *name)
{
	struct diag d = DIAG_INIT;
	struct caseload_query q = { .sort = CASELOAD_BY_NAME };
	struct caseload_row rows[32];
	struct search_hit *hits = NULL;
	struct person p = { 0 };
	const char *id;
	struct node *facts;
	int n = 0, where = 0;

	ck_assert_msg(caseload_page(x, &q, NULL, false, 32, rows, &n, &d) == 0, "%s", d.msg);
	for (int i = 0; i < n; i++)
		where |= strcmp(rows[i].id, pid) == 0 ? 1 : 0;
	caseload_free(rows, n);
	ck_assert_msg(search_run(x, name, 20, &hits, &n, &d) == 0, "%s", d.msg);
	for (int i = 0; i < n; i++)
		where |= strcmp(hits[i].id, pid) == 0 ? 2 : 0;
	search_free(hits, n);
	struct person_list *l = person_list_new(x, NULL, NULL);
	int rc;
	while ((rc = person_list_next(l, &p, &d)) == DB_ROW) {
		where |= strcmp(p.v[PF_ID], pid) == 0 ? 4 : 0;
		person_clear(&p);
	}
	ck_assert_msg(rc == DB_DONE, "%s", d.msg);
	person_list_free(l);
	struct facts_iter *it = facts_iter_new(x);
	while ((facts = facts_iter_next(it, &id)) != NULL) {
		where |= strcmp(id, pid) == 0 ? 8 : 0;
		node_free(facts);
	}
	ck_assert_msg(facts_iter_status(it, &d) == 0, "%s", d.msg);
	facts_iter_free(it);
	return where;
}

/* Lists show a counselor or supervisor the cases of their office and the offices below it: a
 * township's counselor not the county's cases nor another county's, the county's supervisor
 * the township's too but not the other county's; an administrator and the owner with no role
 * every office's. */
START_TEST(lists_scoped_by_office)
{
	static const struct { const char *name, *idtail; } names[] = {
		{ "王丽", "office" }, { "张伟", "below" }, { "刘洋", "other" }, { "李一", "own" } };
	const char *cases[4] = { office_case, below_case, other_case, own[ROLE_COUNSELOR] };
	/* expected, per viewer, for office (NULL: the county's), below (OT), other (OX), own */
	static const struct { enum role r; const char *office; bool sees[4]; } viewers[] = {
		{ ROLE_COUNSELOR, "OT", { false, true, false, false } },
		{ ROLE_SUPERVISOR, "OT", { false, true, false, false } },
		{ ROLE_COUNSELOR, "OX", { false, false, true, false } },
		{ ROLE_COUNSELOR, "OC", { true, true, false, true } },
		{ ROLE_SUPERVISOR, NULL, { true, true, false, true } },
		{ ROLE_ADMIN, "OT", { true, true, true, true } },
	};

	for (size_t v = 0; v < sizeof viewers / sizeof *viewers; v++) {
		struct db *x = as(viewers[v].r, viewers[v].office);
		for (int k = 0; k < 4; k++) {
			int where = lists_holding(x, cases[k], names[k].name);
			ck_assert_msg(where == (viewers[v].sees[k] ? 15 : 0), "viewer %zu case %s: in "
			    "lists %d", v, names[k].idtail, where);
		}
		db_close(x);
	}
	for (int k = 0; k < 4; k++)   /* the owner, no role */
		ck_assert_int_eq(lists_holding(db, cases[k], names[k].name), 15);
	/* an ID number typed whole finds no one outside the scope either */
	struct db *x = as(ROLE_COUNSELOR, "OT");
	struct search_hit *hits = NULL;
	struct diag d = DIAG_INIT;
	int n = 0;
	ck_assert_int_eq(search_run(x, "220102199503070060", 5, &hits, &n, &d), 0);
	ck_assert_int_eq(n, 0);
	search_free(hits, n);
	ck_assert_int_eq(search_run(x, "220102199503070044", 5, &hits, &n, &d), 0);
	ck_assert_int_eq(n, 1);
	search_free(hits, n);
	db_close(x);
}
END_TEST

/* Record a decision on a case as the owner (a row as grant writes it). */
static void
decide(const char *id, const char *pid)
{
	run2("INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, outcome, "
	    "amount_fen, facts_json, reasons_json, counselor, status, created_at, updated_at, "
	    "created_by) VALUES (?1, ?2, 'rural-training-subsidy', 'h', '2018-03-01', 'eligible', "
	    "80000, '{}', '[]', 'wang', 'proposed', 'x', 'x', 'owner')", id, pid);
}

/* A notice is for the roles that may print the case's notices; going out, its full ID number
 * is a showing, recorded (replay reads a notice and records nothing); with no role, nothing. */
START_TEST(notice_shows_and_records)
{
	struct diag d = DIAG_INIT;
	struct notice n;
	struct db *x = as(ROLE_COUNSELOR, "OC");

	decide("220102-00000000000000DEC1", office_case);
	decide("220102-00000000000000DEC2", other_case);
	ck_assert_msg(notice_load(x, NULL, "220102-00000000000000DEC1", &n, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(events(office_case, "show_id"), 0);   /* loaded, not yet shown */
	ck_assert_int_eq(notice_show_id(x, &n, &d), 0);
	ck_assert_str_eq(n.id_number, "220102199503070028");
	notice_clear(&n);
	ck_assert_int_eq(events(office_case, "show_id"), 1);
	ck_assert_int_eq(events(office_case, "walk_in"), 1);
	ck_assert_int_eq(notice_load(x, NULL, "220102-00000000000000DEC2", &n, &d), EX_NOPERM);
	ck_assert_int_eq(events(other_case, NULL), 0);
	db_close(x);
	long long before = testdb_int(db, "SELECT count(*) FROM audit", NULL);
	ck_assert_int_eq(notice_load(db, NULL, "220102-00000000000000DEC2", &n, &d), 0);
	ck_assert_int_eq(notice_show_id(db, &n, &d), 0);
	ck_assert_str_eq(n.id_number, "220102199503070060");
	notice_clear(&n);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), before);
}
END_TEST

/* No role set (the laptop with no users): every action allowed on every case, nothing recorded. */
START_TEST(no_role_allows_everything)
{
	struct diag d = DIAG_INIT;
	const char *cases[4] = { own[0], office_case, below_case, other_case };
	long long before = testdb_int(db, "SELECT count(*) FROM audit", NULL);

	ck_assert(!role_enforced(db));
	ck_assert_int_eq(db_role(db), ROLE_ADMIN);
	ck_assert_ptr_null(db_user_office(db));
	for (int a = 0; a < ROLE_NACT; a++)
		for (int k = 0; k < 4; k++)
			ck_assert_int_eq(role_check(db, (enum role_act)a, role_act_cased(
			    (enum role_act)a) ? cases[k] : NULL, &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit", NULL), before);
}
END_TEST

/* The roles' stored names read back. */
START_TEST(role_names)
{
	enum role r;

	for (int i = ROLE_COUNSELOR; i <= ROLE_ADMIN; i++) {
		ck_assert_int_eq(role_parse(role_code((enum role)i), &r), 0);
		ck_assert_int_eq(r, i);
	}
	ck_assert_str_eq(role_code(ROLE_ADMIN), "admin");
	ck_assert_int_eq(role_parse("root", &r), -1);
	ck_assert_int_eq(role_parse(NULL, &r), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("role");
	TCase *tc = tcase_create("role");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, matrix_over_real_cases);
	tcase_add_test(tc, office_scope);
	tcase_add_test(tc, walk_in_recorded_once_per_opening);
	tcase_add_test(tc, show_id_recorded);
	tcase_add_test(tc, refusal_says_whom_to_ask);
	tcase_add_test(tc, refusal_in_chinese);
	tcase_add_test(tc, entry_points_refuse);
	tcase_add_test(tc, entry_points_allow);
	tcase_add_test(tc, lists_mask_for_counselor);
	tcase_add_test(tc, lists_scoped_by_office);
	tcase_add_test(tc, register_and_transfer_whom);
	tcase_add_test(tc, notice_shows_and_records);
	tcase_add_test(tc, no_role_allows_everything);
	tcase_add_test(tc, role_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
