/* Check tests for core/user: add, edit, disable (never the last admin); hashing and verify;
 * the lock after five wrong passwords (committed though the login fails), unlock and reset, each
 * an audit row and none with a password hash; and the identity resolution table (the owner
 * acting as, a stranger refused, a password user's identity). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auditchk.h"
#include "core/db.h"
#include "core/user.h"
#include "util/sbuf.h"
#include "testdb.h"

static struct db *db;

/* A fresh database acted on by its owner, "owner". */
static void
setup(void)
{
	db = testdb_open("user", "owner");
}

/* Close and remove everything. */
static void
teardown(void)
{
	testdb_close(db);
}

/* Add a user that must be added. */
static void
add(const char *login, const char *name, const char *role, const char *password)
{
	struct diag d = DIAG_INIT;
	struct user_fields f = { name, role, "JL01" };

	ck_assert_msg(user_add(db, login, &f, password, &d) == 0, "%s: %s", login, d.msg);
}

/* How many audit rows of op about the user login have after's event (or outcome) as given. */
static long long
events(const char *op, const char *key, const char *value, const char *login)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE op = '%s' AND "
	    "json_extract(after, '$.%s') = '%s' AND row_key = (SELECT id FROM app_user WHERE "
	    "login = ?1)", op, key, value);
	return testdb_int(db, sql, login);
}

/* db check finds nothing. */
static void
checks_clean(void)
{
	struct diag d = DIAG_INIT;
	struct sbuf report = SBUF_INIT;
	int found = -1;

	ck_assert_msg(auditchk_run(db, &report, &found, &d) == 0, "%s", d.msg);
	ck_assert_msg(found == 0, "%s", sbuf_str(&report));
	sbuf_free(&report);
}

/* Users are added with their office (recorded with the first), edited and listed. */
START_TEST(add_edit_list)
{
	struct diag d = DIAG_INIT;
	struct rows r;

	add("boss", "王主任", "admin", NULL);
	add("lina", "李娜", "supervisor", NULL);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM office WHERE code = 'JL01'", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM app_user WHERE login = 'lina' AND "
	    "role = 'supervisor' AND office_id = (SELECT id FROM office)", NULL), 1);
	/* a second, other office code is refused (a typo would make a phantom office) */
	struct user_fields other = { "张三", "counselor", "JL02" };
	ck_assert_int_eq(user_add(db, "zhangsan", &other, NULL, &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "JL01"));
	/* a login already there, a bad login, a bad role */
	struct user_fields f = { "李娜", "counselor", "JL01" };
	ck_assert_int_eq(user_add(db, "lina", &f, NULL, &d), EX_DATAERR);
	ck_assert_int_eq(user_add(db, "-x", &f, NULL, &d), EX_DATAERR);
	f.role = "boss";
	ck_assert_int_eq(user_add(db, "zhang", &f, NULL, &d), EX_DATAERR);
	/* edit */
	struct user_fields e = { "李娜娜", "counselor", NULL };
	ck_assert_msg(user_edit(db, "lina", &e, false, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM app_user WHERE login = 'lina' AND "
	    "display_name = '李娜娜' AND role = 'counselor'", NULL), 1);
	ck_assert_int_eq(user_edit(db, "nobody", &e, false, &d), EX_DATAERR);
	ck_assert_msg(user_list(db, &r, &d) == 0, "%s", d.msg);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(rows_get(&r, 1, UL_LOGIN), "lina");
	ck_assert_str_eq(rows_get(&r, 1, UL_OFFICE), "JL01");
	ck_assert_str_eq(rows_get(&r, 1, UL_PASSWORD), "no");
	rows_free(&r);
	checks_clean();
}
END_TEST

/* The last admin who may act is never disabled nor made another role. */
START_TEST(last_admin_stays)
{
	struct diag d = DIAG_INIT;
	struct user_fields demote = { NULL, "counselor", NULL };

	add("boss", "王主任", "admin", NULL);
	add("lina", "李娜", "counselor", NULL);
	ck_assert_int_eq(user_disable(db, "boss", &d), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(d.msg, "last administrator"));
	ck_assert_int_eq(user_edit(db, "boss", &demote, false, &d), EX_DATAERR);
	ck_assert_msg(user_disable(db, "lina", &d) == 0, "%s", d.msg);
	ck_assert_int_eq(testdb_int(db, "SELECT disabled FROM app_user WHERE login = 'lina'", NULL), 1);
	add("wang", "王芳", "admin", NULL);
	ck_assert_msg(user_disable(db, "boss", &d) == 0, "%s", d.msg);
	ck_assert_int_eq(user_disable(db, "wang", &d), EX_DATAERR);
	checks_clean();
}
END_TEST

/* Argon2id hashes verify the password and nothing else; a short password is refused. */
START_TEST(hash_and_verify)
{
	struct diag d = DIAG_INIT;
	char h[128], h2[128];

	ck_assert_msg(user_hash("正确的密码abc", h, &d) == 0, "%s", d.msg);
	ck_assert_msg(strncmp(h, "$argon2id$", 10) == 0, "%s", h);
	ck_assert(user_verify(h, "正确的密码abc"));
	ck_assert(!user_verify(h, "正确的密码abd"));
	ck_assert(!user_verify(h, ""));
	ck_assert(!user_verify(NULL, "正确的密码abc"));
	ck_assert_msg(user_hash("正确的密码abc", h2, &d) == 0, "%s", d.msg);
	ck_assert_str_ne(h, h2);   /* salted */
	ck_assert_int_eq(user_hash("short", h, &d), EX_DATAERR);
	ck_assert_int_eq(user_hash("has\nbreak-line", h, &d), EX_DATAERR);
}
END_TEST

/* Five wrong passwords lock the user for 15 minutes, each failure committed and audited; the
 * right password is then refused too; an unlock and a good login clear it. */
START_TEST(lockout_after_five)
{
	struct diag d = DIAG_INIT;
	int left = -1;
	int64_t until = 0;

	add("boss", "王主任", "admin", NULL);
	add("lina", "李娜", "counselor", "lina-secret-1");
	for (int i = 1; i <= 4; i++) {
		ck_assert_int_eq(user_login(db, "lina", "wrong-password", &left, &until, &d),
		    EX_NOPERM);
		ck_assert_int_eq(d.reason, USER_WRONG_PASSWORD);
		ck_assert_int_eq(left, 5 - i);
		ck_assert_int_eq(testdb_int(db, "SELECT failed_logins FROM app_user WHERE login = "
		    "'lina'", NULL), i);
	}
	ck_assert_int_eq(user_login(db, "lina", "wrong-password", &left, &until, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_LOCKED);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(testdb_int(db, "SELECT locked_until - CAST(strftime('%s', 'now') AS "
	    "INTEGER) * 1000 BETWEEN 14 * 60000 AND 15 * 60000 + 1000 FROM app_user WHERE login = "
	    "'lina'", NULL), 1);
	ck_assert_int_eq(events("login", "outcome", "failed", "lina"), 5);
	ck_assert_int_eq(events("lockout", "event", "lock", "lina"), 1);
	/* locked: the right password does not help, and is recorded as such */
	ck_assert_int_eq(user_login(db, "lina", "lina-secret-1", NULL, NULL, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_LOCKED);
	ck_assert_int_eq(events("login", "outcome", "locked", "lina"), 1);
	/* a supervisor's unlock */
	db_set_user(db, "boss");
	struct user_fields none = { 0 };
	ck_assert_msg(user_edit(db, "lina", &none, true, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(events("lockout", "event", "unlock", "lina"), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM app_user WHERE login = 'lina' AND "
	    "locked_until IS NULL AND failed_logins = 0", NULL), 1);
	ck_assert_msg(user_login(db, "lina", "lina-secret-1", NULL, NULL, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(db_user(db), "lina");
	ck_assert_int_eq(events("login", "outcome", "ok", "lina"), 1);
	checks_clean();
}
END_TEST

/* A reset by a supervisor or admin, one's own change, refused to a counselor for another; each
 * recorded; no audit row ever holds a password hash. */
START_TEST(reset_and_change)
{
	struct diag d = DIAG_INIT;

	add("boss", "王主任", "admin", NULL);
	add("lina", "李娜", "counselor", "lina-secret-1");
	add("wang", "王芳", "counselor", NULL);
	db_set_user(db, "boss");
	ck_assert_msg(user_passwd(db, "lina", "lina-secret-2", &d) == 0, "%s", d.msg);
	ck_assert_int_eq(events("lockout", "event", "password_reset", "lina"), 1);
	ck_assert_int_eq(user_login(db, "lina", "lina-secret-1", NULL, NULL, &d), EX_NOPERM);
	ck_assert_msg(user_login(db, "lina", "lina-secret-2", NULL, NULL, &d) == 0, "%s", d.msg);
	/* lina changes her own; she may not set wang's */
	ck_assert_msg(user_passwd(db, "lina", "lina-secret-3", &d) == 0, "%s", d.msg);
	ck_assert_int_eq(events("lockout", "event", "password_changed", "lina"), 1);
	ck_assert_int_eq(user_passwd(db, "wang", "wang-secret-1", &d), EX_NOPERM);
	ck_assert_int_eq(testdb_int(db, "SELECT password_hash IS NULL FROM app_user WHERE login = "
	    "'wang'", NULL), 1);
	/* the hash is in no audit row, though the row's hash covers it */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE instr(coalesce(before, "
	    "'') || coalesce(after, ''), 'argon2') OR instr(coalesce(before, '') || coalesce(after, "
	    "''), 'password_hash')", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE tbl = 'app_user' AND op "
	    "= 'update' AND json_extract(after, '$.password_set_at') IS NOT NULL", NULL), 2);
	checks_clean();
}
END_TEST

/* Resolve for a caller; 0 or the code, with *id filled on 0. */
static int
resolve(const char *requested, const char *login, bool owner, bool privileged,
    struct user_ident *id, struct diag *d)
{
	struct user_caller c = { requested, login, owner, privileged, false };

	return user_resolve(db, &c, id, d);
}

/* Who acts: no users (the owner is admin, acting as anyone; nobody else chooses a name); users
 * (unknown and disabled refused with whom to ask; a passwordless user acted as by the owner or
 * its own account only; a password user by anyone who gives the password); the server. */
START_TEST(identity_table)
{
	struct diag d = DIAG_INIT;
	struct user_ident id;

	/* no users recorded */
	ck_assert_int_eq(resolve(NULL, "owner", true, false, &id, &d), 0);
	ck_assert_str_eq(id.name, "owner");
	ck_assert_str_eq(id.role, "admin");
	ck_assert_ptr_null(id.acting_as);
	user_ident_free(&id);
	ck_assert_int_eq(resolve("tester", "owner", true, false, &id, &d), 0);
	ck_assert_str_eq(id.name, "tester");
	ck_assert_str_eq(id.acting_as, "owner");
	user_ident_free(&id);
	ck_assert_int_eq(resolve("tester", "stranger", false, false, &id, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_NOT_YOURS);
	ck_assert_int_eq(resolve(NULL, "someone", false, true, &id, &d), EX_NOPERM);
	/* a server with no users yet: root, who set it up, adds the first */
	struct user_caller root = { NULL, "root", false, true, true };
	ck_assert_int_eq(user_resolve(db, &root, &id, &d), 0);
	ck_assert_str_eq(id.role, "admin");
	user_ident_free(&id);

	add("boss", "王主任", "admin", NULL);
	/* root on the server stays able to keep it (init, db check), acting as itself */
	ck_assert_int_eq(user_resolve(db, &root, &id, &d), 0);
	ck_assert_str_eq(id.name, "root");
	ck_assert_ptr_null(id.id);
	user_ident_free(&id);
	root.privileged = false;   /* not on a server: root is no user like any other */
	ck_assert_int_eq(user_resolve(db, &root, &id, &d), EX_NOPERM);
	add("zhaomin", "赵敏", "supervisor", NULL);
	add("lina", "李娜", "counselor", "lina-secret-1");
	add("wang", "王芳", "counselor", NULL);
	/* unknown: refused, naming the supervisors and admins */
	ck_assert_int_eq(resolve("nobody", "owner", true, false, &id, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(d.msg, "赵敏 (zhaomin)"));
	ck_assert_ptr_nonnull(strstr(d.msg, "王主任 (boss)"));
	ck_assert_int_eq(resolve(NULL, "owner", true, false, &id, &d), EX_NOPERM);
	/* the owner acts as a user without a password: both names recorded */
	ck_assert_int_eq(resolve("wang", "owner", true, false, &id, &d), 0);
	ck_assert_str_eq(id.acting_as, "owner");
	ck_assert(!id.has_password);
	user_apply(db, &id);
	ck_assert_str_eq(db_user(db), "wang");
	ck_assert_str_eq(db_acting_as(db), "owner");
	user_ident_free(&id);
	/* the system account wang itself, not the owner */
	ck_assert_int_eq(resolve(NULL, "wang", false, false, &id, &d), 0);
	ck_assert_ptr_null(id.acting_as);
	user_ident_free(&id);
	/* a stranger may not act as wang */
	ck_assert_int_eq(resolve("wang", "stranger", false, false, &id, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_NOT_YOURS);
	/* lina has a password: resolved, and her password is needed for the screen and changes */
	ck_assert_int_eq(resolve("lina", "stranger", false, false, &id, &d), 0);
	ck_assert(id.has_password);
	user_ident_free(&id);
	ck_assert_int_eq(resolve("lina", "owner", true, false, &id, &d), 0);
	ck_assert(id.has_password);
	user_ident_free(&id);
	/* on the server the system login is the name, --user is not read */
	ck_assert_int_eq(resolve("boss", "wang", false, true, &id, &d), 0);
	ck_assert_str_eq(id.name, "wang");
	ck_assert_ptr_null(id.acting_as);
	user_ident_free(&id);
	/* disabled: refused, naming whom to ask */
	ck_assert_msg(user_disable(db, "wang", &d) == 0, "%s", d.msg);
	ck_assert_int_eq(resolve("wang", "owner", true, false, &id, &d), EX_NOPERM);
	ck_assert_int_eq(d.reason, USER_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(d.msg, "disabled"));
}
END_TEST

/* The idle lock: 15 minutes unless set; 0 is never; out of range refused. */
START_TEST(idle_minutes)
{
	struct diag d = DIAG_INIT;
	int m = -1;

	ck_assert_int_eq(user_idle_minutes(db, &m, &d), 0);
	ck_assert_int_eq(m, 15);
	ck_assert_int_eq(user_set_idle_minutes(db, 0, &d), 0);
	ck_assert_int_eq(user_idle_minutes(db, &m, &d), 0);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(user_set_idle_minutes(db, 1441, &d), EX_DATAERR);
	ck_assert_int_eq(user_set_idle_minutes(db, 5, &d), 0);
	ck_assert_int_eq(user_idle_minutes(db, &m, &d), 0);
	ck_assert_int_eq(m, 5);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit WHERE op = 'lockout' AND "
	    "json_extract(after, '$.event') = 'idle_lock'", NULL), 2);
	checks_clean();
}
END_TEST

/* The suite. */
static Suite *
user_suite(void)
{
	Suite *s = suite_create("user");
	TCase *tc = tcase_create("user");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, add_edit_list);
	tcase_add_test(tc, last_admin_stays);
	tcase_add_test(tc, hash_and_verify);
	tcase_add_test(tc, lockout_after_five);
	tcase_add_test(tc, reset_and_change);
	tcase_add_test(tc, identity_table);
	tcase_add_test(tc, idle_minutes);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(user_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
