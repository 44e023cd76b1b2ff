/* Roles: who may do what to which case, in one matrix (core/role.c), asked by every core entry
 * point that writes or shows what is sensitive, so that the command line and the screen obey
 * the same rules.
 *
 * The acting user's role and office are the connection's (db_set_role, db_set_user_office,
 * set once identity is resolved). A connection whose role was never set is the laptop with no
 * users: everything is allowed and nothing is recorded, as before roles. Otherwise an action on
 * a case is judged by where the case is from the user: their own caseload (the case's counselor
 * is the user, in the user's office), another case of the user's office, a case of an office
 * below it (office.parent_id), or elsewhere. A case with no office is this database's office;
 * so is a user with none. A counselor opening a case of the office that is not theirs serves a
 * walk-in: allowed, and the opening is recorded once (audit op 'view_id', after
 * {"event":"walk_in"}). A refusal is EX_NOPERM (77) and one line saying what and whom to ask. */
#ifndef CORE_ROLE_H
#define CORE_ROLE_H

#include <stdbool.h>

#include "util/diag.h"

struct db;
struct db_stmt;
struct sbuf;

/* The roles, weakest first. */
enum role { ROLE_COUNSELOR, ROLE_SUPERVISOR, ROLE_ADMIN };

/* What a user may be allowed to do. Those marked (case) are judged against a case: pass its
 * person id to role_check; the others take NULL. */
enum role_act {
	ROLE_ACT_PERSON_OPEN,       /* (case) open it: person show and facts, the person screen */
	ROLE_ACT_PERSON_ADD,        /* register a person (person add, the register form) */
	ROLE_ACT_PERSON_EDIT,       /* (case) change the person's details, answer a fact */
	ROLE_ACT_CASE_CLOSE,        /* (case) close or reopen the case */
	ROLE_ACT_CASE_TRANSFER,     /* (case) hand the case to another counselor */
	ROLE_ACT_CASE_MERGE,        /* (case) merge a duplicate record into it */
	ROLE_ACT_PROGRESS,          /* (case) progress add, fix, remove; certificates */
	ROLE_ACT_NOTE,              /* (case) note add, done, move, cancel */
	ROLE_ACT_DECISION_PROPOSE,  /* (case) grant: a decision proposed or recorded */
	ROLE_ACT_DECISION_APPROVE,  /* (case) approve or reject a proposed decision */
	ROLE_ACT_DECISION_REVOKE,   /* (case) revoke a decision */
	ROLE_ACT_DECISION_PAID,     /* (case) record a decision as paid */
	ROLE_ACT_NOTICE,            /* (case) print a decision's notice (it holds the ID number) */
	ROLE_ACT_VIEW_ID,           /* (case) see the full ID number (role_show_id records it) */
	ROLE_ACT_IMPORT,            /* import persons from a file */
	ROLE_ACT_EXPORT,            /* export the office's persons (a full copy of the office) */
	ROLE_ACT_DB_BACKUP,         /* db backup (a full copy of the office) */
	ROLE_ACT_DB_RESTORE,        /* db restore (replaces the office's database) */
	ROLE_ACT_USER_MANAGE,       /* user add, edit, disable */
	ROLE_ACT_USER_UNLOCK,       /* unlock an account, reset another's password */
	ROLE_ACT_OFFICE_SETTINGS,   /* offices and settings */
	ROLE_ACT_AUDIT_READ,        /* the audit trail beyond one case (jobdesk audit) */
	ROLE_ACT_REPORT,            /* the office's figures (jobdesk report, the office at a glance) */
	ROLE_ACT_DEMO,              /* fill the database with a synthetic caseload */
	ROLE_ACT_SYNC,              /* sync key, export, import, status (bundles between offices) */
	ROLE_ACT_RESOLVE,           /* choose between two offices' values held aside by a sync */
	ROLE_NACT
};

/* Where a case is from the acting user. */
enum role_rel { ROLE_REL_OWN, ROLE_REL_OFFICE, ROLE_REL_BELOW, ROLE_REL_OTHER, ROLE_NREL };

/* What the matrix answers. */
enum role_verdict { ROLE_REFUSE, ROLE_ALLOW, ROLE_WALK_IN };

/* The stored name of a role ("counselor", "supervisor", "admin"). */
const char *role_code(enum role r);
/* The role a stored name names, in *r: 0, or -1 when it names none. */
int role_parse(const char *code, enum role *r);
/* A role in words, translated ("counselor": 就业指导员 under zh_CN). */
const char *role_label(enum role r);
/* Whether an action is judged against a case (its person id is needed). */
bool role_act_cased(enum role_act act);
/* The matrix: what a role may do for an action on a case in relation rel (for an action not
 * judged against a case, rel is ignored). */
enum role_verdict role_matrix(enum role r, enum role_act act, enum role_rel rel);
/* Whether roles are enforced on this connection (a role was set once identity was resolved). */
bool role_enforced(const struct db *db);
/* Where the case person_id is from the acting user, in *rel: 0 or a code (no such person: 65). */
int role_relation(struct db *db, const char *person_id, enum role_rel *rel, struct diag *d);
/* May the acting user do act (to the case person_id for an action judged against a case)?
 * 0 when allowed (a walk-in opening recorded, once per opening), EX_NOPERM with d saying what
 * was refused and whom to ask, or another code when the database failed. */
int role_check(struct db *db, enum role_act act, const char *person_id, struct diag *d);
/* A new opening of a case (the screen opens the person screen): a walk-in is recorded again
 * even if this case was the last one opened. Then as role_check(ROLE_ACT_PERSON_OPEN). */
int role_open(struct db *db, const char *person_id, struct diag *d);
/* Whether lists (search, person list, decision list, also as JSON) may carry whole ID numbers:
 * with no role set, or for the roles that may export the office; otherwise core masks them. */
bool role_whole_ids(const struct db *db);
/* May the full ID number of person_id be shown now? 0 when it may, the showing recorded (op
 * 'view_id', after {"event":"show_id"}) when roles are enforced; otherwise non-zero with d
 * saying why (refused, or the showing could not be recorded): the caller shows it masked. */
int role_show_id(struct db *db, const char *person_id, struct diag *d);

/* May the acting user register a case onto counselor's caseload (person add --counselor, the
 * register form, import's counselor column)? A counselor onto their own only (or none), the
 * other roles onto anyone's; always with no role set. 0, or EX_NOPERM saying whom to ask. */
int role_assign(struct db *db, const char *counselor, struct diag *d);
/* The offices whose cases the acting user's lists show (the caseload, search, person list,
 * policy eval --all): their own office and the offices below it (office.parent_id), as
 * role_relation judges a case; everything with no role set or for an administrator. */
struct role_scope {
	bool all;      /* every case: no filter (then home, n and ids are unused) */
	bool home;     /* the cases with no office (this database's own) are in scope */
	int n;         /* the office ids in scope */
	char **ids;
};
/* The acting user's scope into *s (role_scope_free it): 0 or a code with d set. */
int role_scope(struct db *db, struct role_scope *s, struct diag *d);
/* Append the scope's filter on a person aliased p ("AND ... "; nothing when all): the offices
 * bound from parameter ?first on, never through an index (the lists keep their own: the
 * office column is read from the row each list reads anyway). */
void role_scope_sql(const struct role_scope *s, int first, struct sbuf *sql);
/* Bind the scope's offices from parameter first on (nothing when all). */
void role_scope_bind(struct db_stmt *st, const struct role_scope *s, int first);
/* Free a scope's ids. */
void role_scope_free(struct role_scope *s);

#endif
