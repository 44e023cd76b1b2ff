/* The county server's configuration file: strict "key = value" lines. */
#include "util/conf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/infile.h"
#include "util/xalloc.h"

#define CONF_MAX_BYTES (64 * 1024)

/* The keys, in the order messages list them, and where each value goes. */
static const struct conf_key {
	const char *name;
	size_t off;
	bool required;
} conf_keys[] = {
	{ "database", offsetof(struct conf, database), true },
	{ "policies", offsetof(struct conf, policies), false },
};
#define CONF_NKEYS (sizeof conf_keys / sizeof *conf_keys)

/* The slot of key k in c. */
static char **
conf_slot(struct conf *c, size_t k)
{
	return (char **)((char *)c + conf_keys[k].off);
}

/* Whether c is a blank (space or tab). */
static bool
conf_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse one line (without its end) numbered line; lines_set holds on which line each key was
 * set (0: not yet). 0, or EX_CONFIG with d set. */
static int
conf_line(const char *name, int line, const char *s, size_t n, struct conf *c, int *lines_set,
    struct diag *d)
{
	size_t i = 0, kb, ke, vb, ve;

	for (size_t j = 0; j < n; j++)
		if (((unsigned char)s[j] < 0x20 && s[j] != '\t') || s[j] == 0x7f)
			return diag_set(d, EX_CONFIG, "%s:%d: a control character (0x%02X); expected plain "
			    "key = value lines (a file saved with Windows line ends: save it with Unix ones)",
			    name, line, (unsigned char)s[j]);
	while (i < n && conf_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	kb = i;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	ke = i;
	while (i < n && conf_blank(s[i]))
		i++;
	if (ke == kb || i == n || s[i] != '=')
		return diag_set(d, EX_CONFIG, "%s:%d: expected key = value, e.g. database = "
		    "/var/lib/jobdesk/jobdesk.db", name, line);
	i++;
	while (i < n && conf_blank(s[i]))
		i++;
	vb = i;
	ve = n;
	while (ve > vb && conf_blank(s[ve - 1]))
		ve--;
	size_t k;
	for (k = 0; k < CONF_NKEYS; k++)
		if (strlen(conf_keys[k].name) == ke - kb && memcmp(conf_keys[k].name, s + kb, ke - kb) == 0)
			break;
	if (k == CONF_NKEYS)
		return diag_set(d, EX_CONFIG, "%s:%d: '%.*s' is not a setting; expected database or "
		    "policies", name, line, (int)(ke - kb > 40 ? 40 : ke - kb), s + kb);
	if (lines_set[k] != 0)
		return diag_set(d, EX_CONFIG, "%s:%d: %s is set twice (first on line %d); keep one of "
		    "them", name, line, conf_keys[k].name, lines_set[k]);
	if (ve == vb)
		return diag_set(d, EX_CONFIG, "%s:%d: %s has no value; expected an absolute path, e.g. "
		    "%s = /var/lib/jobdesk/%s", name, line, conf_keys[k].name, conf_keys[k].name,
		    k == 0 ? "jobdesk.db" : "policies");
	if (s[vb] != '/')
		return diag_set(d, EX_CONFIG, "%s:%d: %s = %.*s: expected an absolute path (beginning "
		    "with /)", name, line, conf_keys[k].name, (int)(ve - vb > 200 ? 200 : ve - vb), s + vb);
	*conf_slot(c, k) = xstrndup(s + vb, ve - vb);
	lines_set[k] = line;
	return 0;
}

/* Parse text (see util/conf.h). */
int
conf_parse(const char *name, const char *text, size_t len, struct conf *c, struct diag *d)
{
	int lines_set[CONF_NKEYS] = { 0 }, line = 1, ret = 0;
	size_t at = 0;

	memset(c, 0, sizeof *c);
	if ((ret = infile_text(name, text, len, 1, d)) != 0) {
		d->code = EX_CONFIG;
		return EX_CONFIG;
	}
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;
		if ((ret = conf_line(name, line, text + at, n, c, lines_set, d)) != 0)
			goto fail;
		at += n + (nl != NULL);
		line++;
	}
	for (size_t k = 0; k < CONF_NKEYS; k++)
		if (conf_keys[k].required && lines_set[k] == 0) {
			ret = diag_set(d, EX_CONFIG, "%s: no %s line; expected e.g. database = "
			    "/var/lib/jobdesk/jobdesk.db", name, conf_keys[k].name);
			goto fail;
		}
	return 0;
fail:
	conf_free(c);
	return ret;
}

/* Read and parse the file at path (see util/conf.h). */
int
conf_read(const char *path, struct conf *c, struct diag *d)
{
	struct stat st;
	int fd, ret;

	memset(c, 0, sizeof *c);
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		diag_set(d, EX_CONFIG, "%s: no configuration file; this jobdesk runs set-group-id for a "
		    "server and reads from it where the database is: run jobdesk-server-setup (see "
		    "jobdesk(1), SERVER SET-UP)", path);
		d->reason = CONF_MISSING;
		return EX_CONFIG;
	}
	if ((fd = infile_open(path, CONF_MAX_BYTES, N_("the configuration file"), &st, d)) < 0) {
		d->code = EX_CONFIG;
		return EX_CONFIG;
	}
	if ((st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 022) != 0) {
		close(fd);
		return diag_set(d, EX_CONFIG, "%s: others may change it (owner %u, mode %04o); the "
		    "configuration must be root's alone: chown root %s; chmod 644 %s", path,
		    (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777), path, path);
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t len = 0;
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + len, (size_t)st.st_size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int err = r < 0 ? errno : EIO;
			close(fd);
			free(buf);
			return diag_set(d, EX_CONFIG, "%s: cannot read: %s", path, strerror(err));
		}
		len += (size_t)r;
	}
	close(fd);
	ret = conf_parse(path, buf, len, c, d);
	free(buf);
	return ret;
}

/* Free the settings. */
void
conf_free(struct conf *c)
{
	for (size_t k = 0; k < CONF_NKEYS; k++) {
		free(*conf_slot(c, k));
		*conf_slot(c, k) = NULL;
	}
}
