/* The context a command or the screen works in: the open database, the policy set, who acts, today. */
#ifndef CORE_SESSION_H
#define CORE_SESSION_H

#include <stdbool.h>

#include "util/diag.h"

struct db;
struct policyset;

struct session {
	struct db *db;               /* open (session_open_db), or NULL */
	struct policyset *policies;  /* loaded (session_load_policies, session_policies), or NULL */
	const char *policies_dir;    /* where session_policies loads them from (not copied) */
	bool policies_tried;         /* session_policies has tried once (this process) */
	struct diag policies_error;  /* why that try failed (code 0: it did not) */
	const char *user;            /* the acting user, named in audit rows */
	int today;                   /* days since 1970-01-01 (util/date.h): JOBDESK_TODAY or the clock */
	char today_text[11];         /* today as YYYY-MM-DD */
};

/* Start a session for user (not copied: it must outlive the session), dated today. */
void session_init(struct session *s, const char *user);
/* Open the database at path as it is, never migrating it (for db check), unless open already. */
int session_open_db_as_is(struct session *s, const char *path, struct diag *d);
/* Open the database at path (with create: its folders, the file and the schema) unless open
 * already. Returns 0 or a sysexits code. */
int session_open_db(struct session *s, const char *path, bool create, struct diag *d);
/* Load the policy set from dir unless loaded already. Returns 0 or a sysexits code. */
int session_load_policies(struct session *s, const char *dir, struct diag *d);
/* The policy set, loaded from policies_dir on first need, once per process: a failed load is
 * not tried again, its error is copied into d each time. NULL with d set when it failed. */
const struct policyset *session_policies(struct session *s, struct diag *d);
/* Close the database and free the policy set. */
void session_close(struct session *s);

#endif
