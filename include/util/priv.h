/* Running set-group-id (or set-user-id) on a county server: what jobdesk keeps of its caller's
 * environment (the locale, the terminal, the time zone), and the person's own ids around every path
 * the person names, so that such a file is read or written as the person and never as jobdesk. */
#ifndef UTIL_PRIV_H
#define UTIL_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

/* Call first in main, before the locale, gettext, curses or SQLite: opens descriptors 0-2 on
 * /dev/null where they are closed; finds out whether this run is privileged (AT_SECURE, or real
 * ids other than the effective ones) and if so keeps of the environment only LANG, LC_*, TERM and
 * TZ (every JOBDESK_* variable, HOME, XDG_*, TMPDIR, SQLITE_TMPDIR ... are gone) and sets the
 * umask to 007 (the data folder's group, no one else). Whether the run is privileged. */
bool priv_init(void);
/* Whether priv_init found the run privileged. */
bool priv_privileged(void);
/* Whether gid is the group a set-group-id run holds as its privilege (the data folder's group,
 * whose members' files may be read and written by the group: mode 0660 is as meant). */
bool priv_shared_group(gid_t gid);
/* From here to the matching priv_user_end, act with the person's own ids (setegid and seteuid to
 * the real ids; the set-id is kept as the saved id). Nests; nothing when not privileged. A failure
 * to change ids is fatal (exit 70): nothing goes on with the wrong ids. */
void priv_user_begin(void);
/* Take the privilege back (seteuid/setegid to the saved ids) when the outermost begin ends. */
void priv_user_end(void);
/* In a signal handler: become the person for good (async-signal-safe; no bookkeeping), so that
 * a file the person's folder holds can be removed before the program dies. */
void priv_user_signal(void);

#endif
