/* Users of an office database: add, list, edit, disable, passwords (Argon2id), logins with a
 * lock after five wrong passwords, and who acts (see core/user.h for the rules). Each change is
 * one db_transaction; the events a trigger cannot see (a login, a lock, an unlock, a password
 * set) are chained audit rows written here, never with the password or its hash. */
#include "core/user.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/role.h"
#include "core/label.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utext.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The roles a user may have, as stored. */
static const char user_roles[] = "counselor|supervisor|admin";

/* Unix milliseconds now. */
static int64_t
user_now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Write one chained audit row for an event on a user (op 'login' or 'lockout'), inside the open
 * transaction: actor (NULL: the connection's), the user's id, and what happened as JSON made
 * of up to two key/value pairs (a value NULL is left out; num >= 0 adds "key2": num instead). */
static int
user_event(struct db *db, const char *actor, const char *user_id, const char *op,
    const char *event_key, const char *event, const char *key2, int64_t num, struct diag *d)
{
	/* what happened, as JSON (jd_json leaves a NULL value out) */
	struct db_stmt *st = db_prepare(db, "SELECT jd_json(?1, ?2, ?3, ?4)");
	char *after = NULL;
	int ret;

	db_bind_text(st, 1, event_key);
	db_bind_text(st, 2, event);
	db_bind_text(st, 3, key2 != NULL ? key2 : "_");
	if (key2 != NULL)
		db_bind_int(st, 4, num);
	else
		db_bind_null(st, 4);
	if ((ret = db_step(st, "recording the event in the audit", d)) == DB_ROW) {
		after = db_col_text(st, 0) != NULL ? xstrdup(db_col_text(st, 0)) : NULL;
		ret = 0;
	}
	db_finalize(st);
	if (ret == 0)
		ret = audit_append(db, actor, user_id == NULL ? "setting" : "app_user", user_id, op,
		    after, d);
	free(after);
	return ret;
}

/* Whether the calling account owns the database file (it could edit it anyway). */
bool
user_is_owner(struct db *db)
{
	struct stat sb;

	return stat(db_path(db), &sb) == 0 && sb.st_uid == getuid();
}

/* Free what a user_ident holds. */
void
user_ident_free(struct user_ident *id)
{
	free(id->name);
	free(id->acting_as);
	free(id->id);
	free(id->role);
	free(id->office_id);
	memset(id, 0, sizeof *id);
}

/* The supervisors and admins who may act (of office_id when not NULL, else all), as
 * "王主管 (wangzg), ..." into out, at most five; "-" when there is none. */
static int
user_whom_to_ask(struct db *db, const char *office_id, struct sbuf *out, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT display_name, login FROM app_user WHERE "
	    "disabled = 0 AND role IN ('supervisor', 'admin') AND (?1 IS NULL OR office_id IS ?1 "
	    "OR office_id IS NULL) ORDER BY role = 'admin', login LIMIT 5");
	int ret, n = 0;

	db_bind_text(st, 1, office_id);
	while ((ret = db_step(st, "reading the users", d)) == DB_ROW) {
		struct sbuf one = SBUF_INIT;
		sbuf_addf(&one, "%s (%s)", db_col_text(st, 0), db_col_text(st, 1));
		if (n++ > 0)
			sbuf_add(out, tr(", "));
		utf8_safe(out, one.s, one.len, false);
		sbuf_free(&one);
	}
	db_finalize(st);
	if (n == 0)
		sbuf_add(out, tr("no supervisor or administrator is recorded"));
	return ret;
}

/* Resolve who acts on db for the caller (see user.h). */
int
user_resolve(struct db *db, const struct user_caller *c, struct user_ident *out, struct diag *d)
{
	const char *name = c->privileged || c->requested == NULL ? c->login : c->requested;
	bool owner = c->owner && !c->privileged, other = strcmp(name, c->login) != 0;
	int64_t users = 0;
	int ret;

	memset(out, 0, sizeof *out);
	if ((ret = db_query_int(db, "SELECT count(*) FROM app_user", &users, "reading the users",
	    d)) != 0)
		return ret;
	if (users == 0) {
		/* a server's first user is added by root, who set the server up */
		if (c->privileged && !c->superuser) {
			ret = diag_set(d, EX_NOPERM, "no user is recorded in %s yet: the administrator "
			    "who set up the server adds the first (jobdesk user add)", db_path(db));
			d->reason = USER_UNKNOWN;
			return ret;
		}
		if (other && !owner) {
			ret = diag_set(d, EX_NOPERM, "only the owner of %s may act as another user "
			    "(--user, JOBDESK_USER); act as yourself, %s", db_path(db), c->login);
			d->reason = USER_NOT_YOURS;
			return ret;
		}
		out->name = xstrdup(name);
		out->acting_as = other ? xstrdup(c->login) : NULL;
		out->role = xstrdup("admin");
		return 0;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id, role, office_id, disabled, password_hash "
	    "IS NOT NULL FROM app_user WHERE login = ?1");
	db_bind_text(st, 1, name);
	ret = db_step(st, "reading the users", d);
	if (ret == DB_DONE && c->privileged && c->superuser) {
		/* root on the server it set up (init, db check, the first users): it could read and
		 * write the file anyway; what it does is recorded as root's */
		db_finalize(st);
		out->name = xstrdup(name);
		out->role = xstrdup("admin");
		return 0;
	}
	if (ret == DB_ROW && db_col_int(st, 3) == 0) {
		out->name = xstrdup(name);
		out->id = xstrdup(db_col_text(st, 0));
		out->role = xstrdup(db_col_text(st, 1));
		out->office_id = db_col_null(st, 2) ? NULL : xstrdup(db_col_text(st, 2));
		out->has_password = db_col_int(st, 4) != 0;
		ret = 0;
	} else if (ret == DB_ROW || ret == DB_DONE) {
		char *office = ret == DB_ROW && !db_col_null(st, 2) ? xstrdup(db_col_text(st, 2)) : NULL;
		bool disabled = ret == DB_ROW;
		struct sbuf whom = SBUF_INIT;
		db_finalize(st);
		st = NULL;
		if ((ret = user_whom_to_ask(db, office, &whom, d)) == 0) {
			char shown[80];
			snprintf(shown, sizeof shown, "%.40s", name);
			ret = disabled ? diag_set(d, EX_NOPERM, "%s is disabled in %s; ask a supervisor "
			    "or administrator of the office: %s", shown, db_path(db), whom.s) :
			    diag_set(d, EX_NOPERM, "%s is not a user of %s; ask a supervisor or "
			    "administrator of the office to add you: %s", shown, db_path(db), whom.s);
			d->reason = USER_UNKNOWN;
		}
		sbuf_free(&whom);
		free(office);
	}
	db_finalize(st);
	if (ret != 0) {
		user_ident_free(out);
		return ret;
	}
	/* a user with a password proves it (user_login); one without is the system account of
	 * that login, or the owner acting as it */
	if (other) {
		if (!out->has_password && !owner) {
			char shown[80];
			snprintf(shown, sizeof shown, "%.40s", name);
			user_ident_free(out);
			ret = diag_set(d, EX_NOPERM, "%s has no password: only the owner of %s or the "
			    "system account %s itself may act as %s; ask a supervisor or administrator to "
			    "set one (jobdesk user passwd %s)", shown, db_path(db), shown, shown, shown);
			d->reason = USER_NOT_YOURS;
			return ret;
		}
		out->acting_as = xstrdup(c->login);
	}
	return 0;
}

/* Apply a resolved identity to the connection (see user.h). */
void
user_apply(struct db *db, const struct user_ident *id)
{
	enum role r;

	db_set_user(db, id->name);
	db_set_acting_as(db, id->acting_as);
	/* a recorded user acts in their role and office (core/role.h); with no users recorded
	 * nothing is set and everything stays allowed */
	if (id->id != NULL && role_parse(id->role, &r) == 0) {
		db_set_role(db, r);
		db_set_user_office(db, id->office_id);
	}
}

/* Hash a password (see user.h). */
int
user_hash(const char *password, char out[128], struct diag *d)
{
	size_t len = strlen(password);
	char why[256];

	if (sodium_init() < 0)
		return diag_set(d, EX_SOFTWARE, "libsodium could not start");
	if (!utf8_valid(password, len) || utf8_len(password) < USER_PASSWORD_MIN || len > 256)
		return diag_set(d, EX_DATAERR, "the password is too short or too long; give %d to "
		    "256 characters", USER_PASSWORD_MIN);
	if (utext_check(password, "", why, sizeof why) != 0 || strchr(password, '\n') != NULL)
		return diag_set(d, EX_DATAERR, "the password %s; use letters, digits and signs", why);
	if (crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return diag_set(d, EX_UNAVAILABLE, "hashing the password: out of memory");
	return 0;
}

/* Whether password verifies against a stored hash. */
bool
user_verify(const char *hash, const char *password)
{
	if (hash == NULL || sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* A login attempt, for user_login_work. */
struct user_try {
	const char *name, *password;
	int64_t now;
	int outcome;      /* 0 ok, USER_WRONG_PASSWORD or USER_LOCKED */
	int left;         /* tries before the lock */
	int64_t until;    /* locked until (unix ms) */
};

/* Verify one login and record its outcome (the work of user_login's transaction). */
static int
user_login_work(struct db *db, void *arg, struct diag *d)
{
	struct user_try *t = arg;
	struct db_stmt *st = db_prepare(db, "SELECT id, password_hash, failed_logins, locked_until "
	    "FROM app_user WHERE login = ?1 AND disabled = 0");
	int ret;

	db_bind_text(st, 1, t->name);
	if ((ret = db_step(st, "reading the users", d)) != DB_ROW) {
		db_finalize(st);
		return ret != DB_DONE ? ret : diag_set(d, EX_NOPERM, "%s is not a user who may act",
		    t->name);
	}
	char *id = xstrdup(db_col_text(st, 0));
	char *hash = db_col_null(st, 1) ? NULL : xstrdup(db_col_text(st, 1));
	int failed = (int)db_col_int(st, 2);
	int64_t until = db_col_null(st, 3) ? 0 : db_col_int(st, 3);
	db_finalize(st);
	if (until > t->now) {
		t->outcome = USER_LOCKED;
		t->until = until;
		ret = user_event(db, t->name, id, "login", "outcome", "locked", NULL, 0, d);
	} else if (user_verify(hash, t->password)) {
		t->outcome = 0;
		st = db_prepare(db, "UPDATE app_user SET failed_logins = 0, locked_until = NULL "
		    "WHERE id = ?1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)");
		db_bind_text(st, 1, id);
		if ((ret = db_run(st, "recording the login", d)) == 0)
			ret = user_event(db, t->name, id, "login", "outcome", "ok", NULL, 0, d);
		db_finalize(st);
	} else {
		t->outcome = USER_WRONG_PASSWORD;
		failed++;
		bool lock = failed >= USER_MAX_FAILURES;
		t->left = lock ? 0 : USER_MAX_FAILURES - failed;
		t->until = lock ? t->now + (int64_t)USER_LOCK_MINUTES * 60000 : 0;
		st = db_prepare(db, "UPDATE app_user SET failed_logins = ?2, locked_until = ?3 "
		    "WHERE id = ?1");
		db_bind_text(st, 1, id);
		db_bind_int(st, 2, lock ? 0 : failed);
		if (lock)
			db_bind_int(st, 3, t->until);
		else
			db_bind_null(st, 3);
		if ((ret = db_run(st, "recording the failed login", d)) == 0)
			ret = user_event(db, t->name, id, "login", "outcome", "failed", "failures",
			    failed, d);
		if (ret == 0 && lock)
			ret = user_event(db, t->name, id, "lockout", "event", "lock", "until",
			    t->until, d);
		db_finalize(st);
	}
	free(id);
	free(hash);
	return ret;
}

/* Log name in with password (see user.h). */
int
user_login(struct db *db, const char *name, const char *password, int *left, int64_t *until,
    struct diag *d)
{
	struct user_try t = { .name = name, .password = password, .now = user_now_ms() };
	char shown[80];
	int ret;

	snprintf(shown, sizeof shown, "%.40s", name);
	/* the failures are committed though the login fails: the outcome is the transaction's */
	if ((ret = db_transaction(db, user_login_work, &t, d)) != 0)
		return ret;
	if (left != NULL)
		*left = t.left;
	if (until != NULL)
		*until = t.until;
	if (t.outcome == USER_LOCKED || (t.outcome == USER_WRONG_PASSWORD && t.left == 0)) {
		char when[32];
		time_t s = (time_t)(t.until / 1000);
		struct tm tm;
		localtime_r(&s, &tm);
		strftime(when, sizeof when, "%H:%M", &tm);
		ret = diag_set(d, EX_NOPERM, "%s is locked after %d wrong passwords until %s; a "
		    "supervisor or administrator can unlock it (jobdesk user edit %s --unlock)", shown,
		    USER_MAX_FAILURES, when, shown);
		d->reason = USER_LOCKED;
		return ret;
	}
	if (t.outcome == USER_WRONG_PASSWORD) {
		ret = diag_set(d, EX_NOPERM, "wrong password for %s; %d tries left before it is "
		    "locked for %d minutes", shown, t.left, USER_LOCK_MINUTES);
		d->reason = USER_WRONG_PASSWORD;
		return ret;
	}
	db_set_user(db, name);
	db_set_acting_as(db, NULL);
	return 0;
}

/* Check a user's fields (those given) into role and office id: 0 or EX_DATAERR naming the
 * field. office_id is NULL when no office is given; create_office is set when the code is new
 * and may be recorded (the first office, or this database's own office code). */
static int
user_check_fields(struct db *db, const struct user_fields *f, char role[16], char **office_id,
    bool *create_office, struct diag *d)
{
	char why[512];
	int ret;

	*office_id = NULL;
	*create_office = false;
	if (f->name != NULL && field_name(f->name, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "--name: %s", why);
	if (f->role != NULL && label_parse(f->role, user_roles, role, 16, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "--role: %s", why);
	if (f->office == NULL)
		return 0;
	size_t n = strlen(f->office);
	if (n < 2 || n > 12 || strspn(f->office, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789") != n)
		return diag_set(d, EX_DATAERR, "--office: '%.40s' is not an office code; expected 2 "
		    "to 12 letters or digits", f->office);
	struct db_stmt *st = db_prepare(db, "SELECT id FROM office WHERE code = ?1");
	db_bind_text(st, 1, f->office);
	if ((ret = db_step(st, "reading the offices", d)) == DB_ROW) {
		*office_id = xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0 || *office_id != NULL)
		return ret;
	/* a new code: the first office, or this database's own, is recorded with the user */
	int64_t offices = 0, own = 0;
	st = db_prepare(db, "SELECT (SELECT count(*) FROM office), (SELECT count(*) FROM setting "
	    "WHERE key = 'office_code' AND value = ?1)");
	db_bind_text(st, 1, f->office);
	if ((ret = db_step(st, "reading the offices", d)) == DB_ROW) {
		offices = db_col_int(st, 0);
		own = db_col_int(st, 1);
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0)
		return ret;
	if (offices == 0 || own > 0) {
		*create_office = true;
		return 0;
	}
	struct sbuf codes = SBUF_INIT;
	st = db_prepare(db, "SELECT code FROM office ORDER BY code LIMIT 20");
	while ((ret = db_step(st, "reading the offices", d)) == DB_ROW)
		sbuf_addf(&codes, "%s%s", codes.len > 0 ? ", " : "", db_col_text(st, 0));
	db_finalize(st);
	if (ret == DB_DONE)
		ret = diag_set(d, EX_DATAERR, "--office: no office has the code %s; expected one of %s",
		    f->office, codes.s);
	sbuf_free(&codes);
	return ret;
}

/* Record a new office of the given code (named by its code, a township office until an
 * administrator says more; its key is its code, as init --office makes offices) and return its
 * id (caller frees), inside the open transaction. The first office a database records is its
 * own (the setting office_code, when none is set): cases with no office are that office's. */
static int
user_new_office(struct db *db, const char *code, char **id, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO office (id, code, name, level, created_at, "
	    "updated_at, created_by) VALUES (?1, ?1, ?1, 'township', ?2, ?2, ?3)");

	*id = xstrdup(code);
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, db_now_ms());
	db_bind_text(st, 3, db_user(db));
	int ret = db_run(st, "recording the office", d);
	db_finalize(st);
	if (ret != 0)
		return ret;
	st = db_prepare(db, "INSERT INTO setting (key, value) SELECT 'office_code', ?1 WHERE NOT "
	    "EXISTS (SELECT 1 FROM setting WHERE key = 'office_code')");
	db_bind_text(st, 1, code);
	ret = db_run(st, "recording the office", d);
	db_finalize(st);
	return ret;
}

/* A user to add or change, for the transactions below. */
struct user_job {
	const char *login;
	const struct user_fields *f;
	const char *password;
	bool unlock;
	int minutes;
};

/* Refuse a first user who is not an administrator: once one user is recorded only users act,
 * and with no administrator nobody could add, unlock or edit them any more. */
static int
user_first_admin(struct db *db, struct diag *d)
{
	int64_t n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM app_user");
	int ret = db_step(st, "reading the users", d);

	if (ret == DB_ROW)
		n = db_col_int(st, 0), ret = 0;
	db_finalize(st);
	if (ret == 0 && n == 0)
		ret = diag_set(d, EX_DATAERR, "the first user must be an administrator (--role "
		    "admin): once a user is recorded only users act, and only an administrator adds "
		    "the others");
	return ret;
}

/* Add the user (the work of user_add's transaction). */
static int
user_add_work(struct db *db, void *arg, struct diag *d)
{
	struct user_job *j = arg;
	char role[16] = "", hash[128], now[32];
	char *office_id = NULL;
	bool create;
	int ret;

	if ((ret = user_check_fields(db, j->f, role, &office_id, &create, d)) != 0)
		return ret;
	if (strcmp(role, "admin") != 0 && (ret = user_first_admin(db, d)) != 0)
		goto out;
	if (create && (ret = user_new_office(db, j->f->office, &office_id, d)) != 0)
		goto out;
	if (j->password != NULL && (ret = user_hash(j->password, hash, d)) != 0)
		goto out;
	int64_t ms = db_now_ms();
	db_ms_text(ms, now);
	char *id = db_new_key(db);
	struct db_stmt *st = db_prepare(db, "INSERT INTO app_user (id, login, display_name, role, "
	    "office_id, password_hash, password_set_at, created_at, updated_at, created_by) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, j->login);
	db_bind_text(st, 3, j->f->name);
	db_bind_text(st, 4, role);
	db_bind_text(st, 5, office_id);
	db_bind_text(st, 6, j->password != NULL ? hash : NULL);
	db_bind_text(st, 7, j->password != NULL ? now : NULL);
	db_bind_int(st, 8, ms);
	db_bind_text(st, 9, db_user(db));
	ret = db_run(st, "adding the user", d);
	if (ret != 0 && db_failed_unique(st))
		ret = diag_set(d, EX_DATAERR, "%s is a user already; change it with jobdesk user "
		    "edit %s", j->login, j->login);
	db_finalize(st);
	free(id);
	sodium_memzero(hash, sizeof hash);
out:
	free(office_id);
	return ret;
}

/* Add a user (see user.h). */
int
user_add(struct db *db, const char *login, const struct user_fields *f, const char *password,
    struct diag *d)
{
	struct user_job j = { .login = login, .f = f, .password = password };
	char why[256];

	if (field_login(login, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "LOGIN: %s", why);
	if (f->name == NULL || f->role == NULL || f->office == NULL)
		return diag_set(d, EX_USAGE, "a user needs --name, --role and --office");
	return db_transaction(db, user_add_work, &j, d);
}

/* Every user, by login (see user.h). */
int
user_list(struct db *db, struct rows *out, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT u.login, u.display_name, u.role, o.code, "
	    "u.disabled, u.password_hash IS NOT NULL, u.locked_until, u.failed_logins FROM app_user "
	    "u LEFT JOIN office o ON o.id = u.office_id ORDER BY u.login");
	int64_t now = user_now_ms();
	int ret;

	rows_init(out, UL_NCOL);
	while ((ret = db_step(st, "reading the users", d)) == DB_ROW) {
		const char *cells[UL_NCOL];
		char until[32] = "", fails[24];
		int64_t ms = db_col_int(st, 6);
		if (!db_col_null(st, 6) && ms > now) {
			time_t s = (time_t)(ms / 1000);
			struct tm tm;
			localtime_r(&s, &tm);
			strftime(until, sizeof until, "%Y-%m-%d %H:%M", &tm);
		}
		snprintf(fails, sizeof fails, "%lld", (long long)db_col_int(st, 7));
		for (int i = 0; i < 4; i++)
			cells[i] = db_col_text(st, i);
		cells[UL_DISABLED] = db_col_int(st, 4) ? "yes" : "no";
		cells[UL_PASSWORD] = db_col_int(st, 5) ? "yes" : "no";
		cells[UL_LOCKED_UNTIL] = until[0] != '\0' ? until : NULL;
		cells[UL_FAILURES] = fails;
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}

/* The id of an enabled or disabled user by login, or EX_DATAERR naming it. Caller frees. */
static int
user_id_of(struct db *db, const char *login, char **id, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM app_user WHERE login = ?1");
	int ret;

	*id = NULL;
	db_bind_text(st, 1, login);
	if ((ret = db_step(st, "reading the users", d)) == DB_ROW) {
		*id = xstrdup(db_col_text(st, 0));
		ret = 0;
	} else if (ret == DB_DONE) {
		char shown[80];
		snprintf(shown, sizeof shown, "%.40s", login);
		ret = diag_set(d, EX_DATAERR, "%s is not a user; see jobdesk user list", shown);
	}
	db_finalize(st);
	return ret;
}

/* How many admins may act, leaving out the user id (NULL: none left out). */
static int
user_admins_left(struct db *db, const char *but, int64_t *n, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM app_user WHERE role = 'admin' "
	    "AND disabled = 0 AND id IS NOT ?1");
	int ret;

	db_bind_text(st, 1, but);
	if ((ret = db_step(st, "reading the users", d)) == DB_ROW) {
		*n = db_col_int(st, 0);
		ret = 0;
	}
	db_finalize(st);
	return ret;
}

/* Change the user (the work of user_edit's transaction). */
static int
user_edit_work(struct db *db, void *arg, struct diag *d)
{
	struct user_job *j = arg;
	char role[16] = "";
	char *id = NULL, *office_id = NULL;
	bool create;
	int64_t admins = 0, was_admin = 0;
	int ret;

	if ((ret = user_id_of(db, j->login, &id, d)) != 0 ||
	    (ret = user_check_fields(db, j->f, role, &office_id, &create, d)) != 0)
		goto out;
	if (create && (ret = user_new_office(db, j->f->office, &office_id, d)) != 0)
		goto out;
	if (role[0] != '\0' && strcmp(role, "admin") != 0) {
		struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM app_user WHERE id = ?1 AND "
		    "role = 'admin' AND disabled = 0");
		db_bind_text(st, 1, id);
		if ((ret = db_step(st, "reading the users", d)) == DB_ROW)
			was_admin = db_col_int(st, 0), ret = 0;
		db_finalize(st);
		if (ret != 0 || (was_admin && (ret = user_admins_left(db, id, &admins, d)) != 0))
			goto out;
		if (was_admin && admins == 0) {
			ret = diag_set(d, EX_DATAERR, "%s is the last administrator who may act; make "
			    "another user an administrator first", j->login);
			goto out;
		}
	}
	struct db_stmt *st = db_prepare(db, "UPDATE app_user SET display_name = coalesce(?2, "
	    "display_name), role = coalesce(?3, role), office_id = coalesce(?4, office_id), "
	    "updated_at = ?5 WHERE id = ?1 AND (display_name, role, office_id) IS NOT "
	    "(coalesce(?2, display_name), coalesce(?3, role), coalesce(?4, office_id))");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, j->f->name);
	db_bind_text(st, 3, role[0] != '\0' ? role : NULL);
	db_bind_text(st, 4, office_id);
	db_bind_int(st, 5, db_now_ms());
	ret = db_run(st, "changing the user", d);
	db_finalize(st);
	if (ret == 0 && j->unlock) {
		st = db_prepare(db, "UPDATE app_user SET failed_logins = 0, locked_until = NULL "
		    "WHERE id = ?1");
		db_bind_text(st, 1, id);
		if ((ret = db_run(st, "unlocking the user", d)) == 0)
			ret = user_event(db, NULL, id, "lockout", "event", "unlock", NULL, 0, d);
		db_finalize(st);
	}
out:
	free(id);
	free(office_id);
	return ret;
}

/* Change a user (see user.h). */
int
user_edit(struct db *db, const char *login, const struct user_fields *f, bool unlock,
    struct diag *d)
{
	struct user_job j = { .login = login, .f = f, .unlock = unlock };

	return db_transaction(db, user_edit_work, &j, d);
}

/* Disable the user (the work of user_disable's transaction). */
static int
user_disable_work(struct db *db, void *arg, struct diag *d)
{
	struct user_job *j = arg;
	char *id = NULL;
	int64_t admins = 0, is_admin = 0;
	int ret;

	if ((ret = user_id_of(db, j->login, &id, d)) != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, "SELECT role = 'admin' AND disabled = 0 FROM app_user "
	    "WHERE id = ?1");
	db_bind_text(st, 1, id);
	if ((ret = db_step(st, "reading the users", d)) == DB_ROW)
		is_admin = db_col_int(st, 0), ret = 0;
	db_finalize(st);
	if (ret == 0 && is_admin && (ret = user_admins_left(db, id, &admins, d)) == 0 && admins == 0)
		ret = diag_set(d, EX_DATAERR, "%s is the last administrator who may act; make another "
		    "user an administrator first", j->login);
	if (ret == 0) {
		st = db_prepare(db, "UPDATE app_user SET disabled = 1, updated_at = ?2 WHERE id = ?1 "
		    "AND disabled = 0");
		db_bind_text(st, 1, id);
		db_bind_int(st, 2, db_now_ms());
		ret = db_run(st, "disabling the user", d);
		db_finalize(st);
	}
	free(id);
	return ret;
}

/* Disable a user (see user.h). */
int
user_disable(struct db *db, const char *login, struct diag *d)
{
	struct user_job j = { .login = login };

	return db_transaction(db, user_disable_work, &j, d);
}

/* Set the password (the work of user_passwd's transaction). */
static int
user_passwd_work(struct db *db, void *arg, struct diag *d)
{
	struct user_job *j = arg;
	bool own = strcmp(j->login, db_user(db)) == 0, set = j->password != NULL &&
	    j->password[0] != '\0';
	char *id = NULL, hash[128], now[32];
	int ret;

	if ((ret = user_id_of(db, j->login, &id, d)) != 0)
		return ret;
	if (!own) {
		/* another's password: a supervisor or administrator, by the role stored for the
		 * acting user (with no users recorded nobody has a password to reset) */
		int64_t may = 0;
		struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM app_user WHERE login = ?1 "
		    "AND disabled = 0 AND role IN ('supervisor', 'admin')");
		db_bind_text(st, 1, db_user(db));
		if ((ret = db_step(st, "reading the users", d)) == DB_ROW)
			may = db_col_int(st, 0), ret = 0;
		db_finalize(st);
		if (ret == 0 && may == 0)
			ret = diag_set(d, EX_NOPERM, "only a supervisor or administrator sets another "
			    "user's password; %s may set their own (jobdesk user passwd)", db_user(db));
	}
	if (ret == 0 && set)
		ret = user_hash(j->password, hash, d);
	if (ret == 0) {
		int64_t ms = db_now_ms();
		db_ms_text(ms, now);
		struct db_stmt *st = db_prepare(db, "UPDATE app_user SET password_hash = ?2, "
		    "password_set_at = ?3, updated_at = ?4, failed_logins = 0, locked_until = NULL "
		    "WHERE id = ?1");
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, set ? hash : NULL);
		db_bind_text(st, 3, set ? now : NULL);
		db_bind_int(st, 4, ms);
		ret = db_run(st, "setting the password", d);
		db_finalize(st);
		if (ret == 0)
			ret = user_event(db, NULL, id, "lockout", "event", !set ? "password_removed" :
			    own ? "password_changed" : "password_reset", NULL, 0, d);
	}
	sodium_memzero(hash, sizeof hash);
	free(id);
	return ret;
}

/* Set a user's password (see user.h). */
int
user_passwd(struct db *db, const char *login, const char *password, struct diag *d)
{
	struct user_job j = { .login = login, .password = password };

	return db_transaction(db, user_passwd_work, &j, d);
}

/* How many users who may act have a password (see user.h). */
int
user_with_password(struct db *db, int64_t *n, struct diag *d)
{
	*n = 0;
	return db_query_int(db, "SELECT count(*) FROM app_user WHERE password_hash IS NOT NULL AND "
	    "disabled = 0", n, "reading the users", d);
}

/* Whether login has a password (see user.h). */
int
user_has_password(struct db *db, const char *login, bool *has, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT password_hash IS NOT NULL FROM app_user WHERE "
	    "login = ?1");
	int ret;

	*has = false;
	db_bind_text(st, 1, login);
	if ((ret = db_step(st, "reading the users", d)) == DB_ROW) {
		*has = db_col_int(st, 0) != 0;
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "%s is not a user; see jobdesk user list", login);
	}
	db_finalize(st);
	return ret;
}

/* The screen's idle lock in minutes (see user.h). */
int
user_idle_minutes(struct db *db, int *minutes, struct diag *d)
{
	int64_t v = USER_IDLE_DEFAULT;
	int ret = db_query_int(db, "SELECT CAST(value AS INTEGER) FROM setting WHERE key = "
	    "'idle_lock_minutes'", &v, "reading the settings", d);

	*minutes = v < 0 || v > USER_IDLE_MAX ? USER_IDLE_DEFAULT : (int)v;
	return ret;
}

/* Set the idle lock (the work of user_set_idle_minutes's transaction). */
static int
user_idle_work(struct db *db, void *arg, struct diag *d)
{
	struct user_job *j = arg;
	char value[16];
	struct db_stmt *st = db_prepare(db, "INSERT INTO setting (key, value) VALUES "
	    "('idle_lock_minutes', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	int ret;

	snprintf(value, sizeof value, "%d", j->minutes);
	db_bind_text(st, 1, value);
	ret = db_run(st, "setting the idle lock", d);
	db_finalize(st);
	if (ret == 0)
		ret = user_event(db, NULL, NULL, "lockout", "event", "idle_lock", "minutes",
		    j->minutes, d);
	return ret;
}

/* Set the idle lock (see user.h). */
int
user_set_idle_minutes(struct db *db, int minutes, struct diag *d)
{
	struct user_job j = { .minutes = minutes };

	if (minutes < 0 || minutes > USER_IDLE_MAX)
		return diag_set(d, EX_DATAERR, "%d minutes: expected 0 (never) to %d", minutes,
		    USER_IDLE_MAX);
	return db_transaction(db, user_idle_work, &j, d);
}
