/* Running set-group-id or set-user-id: a clean environment, descriptors 0-2 open, and the person's
 * own ids around each path the person names. */
#include "util/priv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

extern char **environ;

/* What priv_init found: whether privileged, the real and effective ids, how deep the person's
 * ids are begun. */
static bool priv_on;
static uid_t priv_ruid, priv_euid;
static gid_t priv_rgid, priv_egid;
static int priv_depth;

/* Whether a NAME=VALUE of the environment is one a privileged run keeps. */
static bool
priv_keep(const char *kv)
{
	static const char *const keep[] = { "LANG=", "LC_", "TERM=", "TZ=" };

	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (strncmp(kv, keep[i], strlen(keep[i])) == 0)
			return true;
	return false;
}

/* Open descriptor fd on /dev/null if it is closed, so that no file opened later gets it. */
static void
priv_open_fd(int fd)
{
	if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
		return;
	int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
	if (got != fd)
		_exit(71);  /* EX_OSERR: no /dev/null, or 0-2 not the lowest free descriptors */
}

/* Descriptors, privilege, environment and umask: see util/priv.h. */
bool
priv_init(void)
{
	for (int fd = 0; fd <= 2; fd++)
		priv_open_fd(fd);
	priv_ruid = getuid();
	priv_euid = geteuid();
	priv_rgid = getgid();
	priv_egid = getegid();
	priv_on = getauxval(AT_SECURE) != 0 || priv_ruid != priv_euid || priv_rgid != priv_egid;
	if (!priv_on)
		return false;
	char **w = environ;
	for (char **r = environ; r != NULL && *r != NULL; r++)
		if (priv_keep(*r))
			*w++ = *r;
	if (w != NULL)
		*w = NULL;
	umask(007);
	return true;
}

/* Whether the run is privileged. */
bool
priv_privileged(void)
{
	return priv_on;
}

/* Whether gid is the group a set-group-id run holds. */
bool
priv_shared_group(gid_t gid)
{
	return priv_on && priv_egid != priv_rgid && gid == priv_egid;
}

/* Become the person (outermost call only). */
void
priv_user_begin(void)
{
	if (!priv_on || priv_depth++ > 0)
		return;
	if (priv_egid != priv_rgid && setegid(priv_rgid) != 0)
		fatal("setegid(%u): %s", (unsigned)priv_rgid, strerror(errno));
	if (priv_euid != priv_ruid && seteuid(priv_ruid) != 0)
		fatal("seteuid(%u): %s", (unsigned)priv_ruid, strerror(errno));
}

/* Take the privilege back (outermost call only). */
void
priv_user_end(void)
{
	if (!priv_on)
		return;
	if (priv_depth <= 0)
		fatal("priv_user_end without priv_user_begin");
	if (--priv_depth > 0)
		return;
	if (priv_euid != priv_ruid && seteuid(priv_euid) != 0)
		fatal("seteuid(%u): %s", (unsigned)priv_euid, strerror(errno));
	if (priv_egid != priv_rgid && setegid(priv_egid) != 0)
		fatal("setegid(%u): %s", (unsigned)priv_egid, strerror(errno));
}

/* Become the person for good, in a signal handler. */
void
priv_user_signal(void)
{
	if (!priv_on)
		return;
	/* a failure leaves the privileged ids: the unlink that follows fails, nothing worse */
	if (priv_egid != priv_rgid && setegid(priv_rgid) != 0)
		return;
	if (priv_euid != priv_ruid && seteuid(priv_ruid) != 0)
		return;
}
