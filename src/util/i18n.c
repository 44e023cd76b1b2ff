/* The interface language: gettext with English source strings and a zh_CN translation. */
#include "util/i18n.h"

#include <libintl.h>
#include <locale.h>

/* The language decided by i18n_init; English until then (the unit tests). */
static bool i18n_chinese;

/* A message id the zh_CN catalogue translates: translated means the catalogue is in use. */
static const char i18n_probe[] = N_("English");

/* Bind the catalogue and decide the language, once, after setlocale (the only reader of the locale). */
void
i18n_init(const char *localedir)
{
	bindtextdomain("jobdesk", localedir);
	bind_textdomain_codeset("jobdesk", "UTF-8");
	textdomain("jobdesk");
	/* gettext's own choice (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) decides: Chinese when it found
	 * the catalogue, so tr() and i18n_zh() cannot disagree */
	i18n_chinese = gettext(i18n_probe) != i18n_probe;
	/* otherwise everything is English, the C library's messages (strerror) too */
	if (!i18n_chinese)
		setlocale(LC_MESSAGES, "C");
}

/* The translation of an English source string (the string itself when there is none). */
const char *
tr(const char *english)
{
	return gettext(english);
}

/* The translation of a message with a count: one or many (English), as the language counts. */
const char *
trn(const char *one, const char *many, unsigned long n)
{
	return ngettext(one, many, n);
}

/* Whether the interface is in Chinese: exactly when the zh_CN catalogue serves tr(). */
bool
i18n_zh(void)
{
	return i18n_chinese;
}
