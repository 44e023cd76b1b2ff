/* The context a command or the screen works in: the open database (core/dbopen.h), the policy
 * set, who acts, today. */
#include "core/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/backup.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/xalloc.h"

/* Create the parent folders of a path (mode 0700), like mkdir -p. */
static int
session_mkdirs(const char *path, struct diag *d)
{
	char *dir = xstrdup(path);
	int ret = 0;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			ret = diag_set(d, EX_CANTCREAT, "%s: cannot create the folder: %s", dir,
			    strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return ret;
}

/* Start a session for user (not copied: it must outlive the session), dated today. */
void
session_init(struct session *s, const char *user)
{
	memset(s, 0, sizeof *s);
	s->user = user;
	s->today = date_today();
	date_format(s->today, s->today_text);
}

/* Open the database at path unless open already. Returns 0 or a sysexits code. */
int
session_open_db(struct session *s, const char *path, bool create, struct diag *d)
{
	int ret;

	if (s->db != NULL)
		return 0;
	if (create && (ret = session_mkdirs(path, d)) != 0)
		return ret;
	ret = dbopen_open(path, s->user, create, d, &s->db);
	/* a missing or damaged database: which backup to restore, and the exact command */
	if (ret != 0 && (d->reason == DBOPEN_DAMAGED || d->reason == DBOPEN_MISSING)) {
		char why[sizeof d->msg];
		char *newest = backup_newest(path);
		int reason = d->reason;
		snprintf(why, sizeof why, "%s", d->msg);
		if (newest != NULL)
			diag_set(d, ret, "%s; restore its newest backup with: jobdesk --db %s db restore %s",
			    why, path, newest);
		else if (reason == DBOPEN_DAMAGED)
			diag_set(d, ret, "%s; no backup of it is in %s.backups: restore one kept elsewhere "
			    "with: jobdesk --db %s db restore FILE", why, path, path);
		d->reason = reason;
		free(newest);
	}
	return ret;
}

/* Open the database at path as it is, never migrating it (for db check), unless open already.
 * Returns 0 or a sysexits code. */
int
session_open_db_as_is(struct session *s, const char *path, struct diag *d)
{
	if (s->db != NULL)
		return 0;
	return dbopen_open_as_is(path, s->user, d, &s->db);
}

/* Load the policy set from dir unless loaded already. Returns 0 or a sysexits code. */
int
session_load_policies(struct session *s, const char *dir, struct diag *d)
{
	if (s->policies != NULL)
		return 0;
	return policyset_open(dir, &s->policies, d);
}

/* The policy set, loaded from policies_dir on first need, once per process: a failed load is
 * not tried again, its error is copied into d each time. NULL with d set when it failed. */
const struct policyset *
session_policies(struct session *s, struct diag *d)
{
	if (s->policies != NULL)
		return s->policies;
	if (!s->policies_tried) {
		s->policies_tried = true;
		if (s->policies_dir == NULL)
			diag_set(&s->policies_error, EX_SOFTWARE, "no policy folder was given");
		else if (policyset_open(s->policies_dir, &s->policies, &s->policies_error) == 0)
			return s->policies;
	}
	*d = s->policies_error;
	return NULL;
}

/* Close the database and free the policy set. */
void
session_close(struct session *s)
{
	db_close(s->db);
	s->db = NULL;
	policyset_free(s->policies);
	s->policies = NULL;
}
