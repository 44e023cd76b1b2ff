/* Users of an office database (app_user, migration 0008): adding, listing, editing and
 * disabling them, their passwords (Argon2id, libsodium's crypto_pwhash_str), logins with a lock
 * after five wrong passwords, and who acts: the identity resolution of issue 15.
 *
 * Who acts (user_resolve): with no user recorded, the database file's owner is admin and may act
 * as any name (--user; the audit's acting_as records the owner's login); nobody else chooses a
 * name. With users recorded, the name (--user, or the system login) must be a user that is not
 * disabled; one with a password gives it for the screen and for every change (reads do not ask);
 * one without may be acted as only by the file's owner (acting_as recorded) or by the system
 * account of that login itself. On a privileged server the name is the system login.
 * Every login, failure, lock, unlock and password reset is an audit row of its own (op 'login'
 * or 'lockout', what happened in after as JSON); a password hash is never in an audit row. */
#ifndef CORE_USER_H
#define CORE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/rows.h"

struct db;

/* Wrong passwords in a row that lock a user, and for how long. */
#define USER_MAX_FAILURES 5
#define USER_LOCK_MINUTES 15
/* The shortest password taken, in characters. */
#define USER_PASSWORD_MIN 8
/* The screen's idle lock: the setting's default, and its largest value (minutes; 0: never). */
#define USER_IDLE_DEFAULT 15
#define USER_IDLE_MAX 1440

/* diag reasons of user_resolve and user_login (struct diag's reason). */
enum {
	USER_UNKNOWN = 1,    /* the name is not a user (or is disabled) */
	USER_NOT_YOURS,      /* a name the caller may not act as */
	USER_WRONG_PASSWORD, /* the password did not verify (the failure is recorded) */
	USER_LOCKED,         /* locked after too many failures, until a time */
};

/* What user_resolve needs to know of the caller. */
struct user_caller {
	const char *requested;  /* --user or JOBDESK_USER, or NULL */
	const char *login;      /* the system account's login name */
	bool owner;             /* the caller's account owns the database file (user_is_owner) */
	bool privileged;        /* a set-user-id or set-group-id jobdesk on a server */
	bool superuser;         /* run by root (the server's set-up adds the first user) */
};

/* Who acts, as resolved. */
struct user_ident {
	char *name;             /* the acting user's login (audit actor) */
	char *acting_as;        /* the owner's login acting as name, else NULL */
	char *id;               /* app_user.id, NULL when no user is recorded */
	char *role;             /* "counselor", "supervisor" or "admin" */
	char *office_id;        /* office.id of the user's office, or NULL */
	bool has_password;      /* the user has a password: the screen and every change ask it */
};

/* A user's row for list and the screen's dialog. */
enum { UL_LOGIN, UL_NAME, UL_ROLE, UL_OFFICE, UL_DISABLED, UL_PASSWORD, UL_LOCKED_UNTIL,
	UL_FAILURES, UL_NCOL };

/* A user to add, or the fields to change (NULL: unchanged). */
struct user_fields {
	const char *name;    /* display name */
	const char *role;    /* counselor | supervisor | admin (or its Chinese label) */
	const char *office;  /* an office code */
};

/* Whether the calling account owns the database file (it could edit it anyway). */
bool user_is_owner(struct db *db);
/* Resolve who acts on db for the caller into *out (user_ident_free frees it): 0, or EX_NOPERM
 * with d saying why and whom to ask (d->reason USER_UNKNOWN or USER_NOT_YOURS). */
int user_resolve(struct db *db, const struct user_caller *c, struct user_ident *out,
    struct diag *d);
/* Apply a resolved identity to the connection: the audit's actor and acting_as (and, with
 * core/role.h, the role and office). */
void user_apply(struct db *db, const struct user_ident *id);
/* Free what a user_ident holds (the struct itself is the caller's). */
void user_ident_free(struct user_ident *id);

/* Log name in with password: verified against its hash; a failure is recorded (committed) and
 * the fifth in a row locks the user for USER_LOCK_MINUTES. 0 (and the connection then acts as
 * name, acting_as cleared), or EX_NOPERM with d->reason USER_WRONG_PASSWORD (*left: tries
 * before the lock, 0 when this one locked) or USER_LOCKED (*until: unix ms), or another code.
 * left and until may be NULL. */
int user_login(struct db *db, const char *name, const char *password, int *left,
    int64_t *until, struct diag *d);

/* Hash a password (Argon2id, OPSLIMIT/MEMLIMIT_INTERACTIVE) into out (crypto_pwhash_STRBYTES,
 * 128 bytes): 0, or a code with d set (a password too short or too long, out of memory). */
int user_hash(const char *password, char out[128], struct diag *d);
/* Whether password verifies against a stored hash. */
bool user_verify(const char *hash, const char *password);

/* Add a user (password may be NULL: none). 0 or a code with d naming the field. */
int user_add(struct db *db, const char *login, const struct user_fields *f,
    const char *password, struct diag *d);
/* Every user, by login (UL_* columns: office as its code, disabled and password "yes"/"no",
 * locked_until as local time text or NULL, failures as a number). */
int user_list(struct db *db, struct rows *out, struct diag *d);
/* Change a user's name, role or office (those not NULL), and with unlock clear its lock (an
 * audit row 'lockout' {"event":"unlock"}). 0 or a code. */
int user_edit(struct db *db, const char *login, const struct user_fields *f, bool unlock,
    struct diag *d);
/* Disable a user (it may no longer act; its records keep its name); the last admin who may act
 * is never disabled. 0 or a code. */
int user_disable(struct db *db, const char *login, struct diag *d);
/* Set login's password (NULL or "": remove it), recorded as 'lockout' {"event":
 * "password_reset"} (by another) or {"event":"password_changed"} (one's own), the lock cleared.
 * A user sets their own; another's only a supervisor or admin (by the stored role). */
int user_passwd(struct db *db, const char *login, const char *password, struct diag *d);
/* How many users who may act have a password (*n). 0 or a code. */
int user_with_password(struct db *db, int64_t *n, struct diag *d);
/* Whether login has a password (*has), 0 or a code (EX_DATAERR for no such user). */
int user_has_password(struct db *db, const char *login, bool *has, struct diag *d);

/* The screen's idle lock in minutes (setting idle_lock_minutes; USER_IDLE_DEFAULT when unset). */
int user_idle_minutes(struct db *db, int *minutes, struct diag *d);
/* Set the idle lock (0: never, 1..USER_IDLE_MAX), recorded in the audit. 0 or a code. */
int user_set_idle_minutes(struct db *db, int minutes, struct diag *d);

#endif
