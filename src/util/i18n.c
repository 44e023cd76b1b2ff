/* The interface language: gettext with English source strings and a zh_CN translation. */
#include "util/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

/* Bind the message catalogue: the build tree's when run from it, else the installed one. */
void
i18n_init(const char *localedir)
{
	bindtextdomain("jobdesk", localedir);
	bind_textdomain_codeset("jobdesk", "UTF-8");
	textdomain("jobdesk");
}

/* The translation of an English source string (the string itself when there is none). */
const char *
tr(const char *english)
{
	return gettext(english);
}

/* Whether messages are shown in Chinese (LC_MESSAGES is zh_*). */
bool
i18n_zh(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);

	return loc != NULL && strncmp(loc, "zh", 2) == 0;
}
