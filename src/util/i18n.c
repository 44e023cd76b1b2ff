/* The interface language: gettext with English source strings and a zh_CN translation. */
#include "util/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The language decided by i18n_init; English until then (the unit tests). */
static bool i18n_chinese;

/* A message id the zh_CN catalogue translates: translated means the catalogue is in use. */
static const char i18n_probe[] = N_("English");

/* The zh_CN catalogue read whole, for i18n_zh_text whatever the locale: loaded on first use. */
static struct {
	char *dir;                /* the locale folder i18n_init was given */
	bool tried;
	unsigned char *data;      /* the .mo file */
	size_t len;
	uint32_t n, orig, trans;  /* strings, and the offsets of their two tables */
	bool swap;                /* written on a machine of the other byte order */
} i18n_mo;

/* The .mo file's 32-bit word at off (0 past its end). */
static uint32_t
i18n_mo_word(size_t off)
{
	uint32_t w;

	if (off + 4 > i18n_mo.len)
		return 0;
	memcpy(&w, i18n_mo.data + off, 4);
	return i18n_mo.swap ? __builtin_bswap32(w) : w;
}

/* String i of a table (orig or trans) of the .mo file, NUL-terminated inside it, or NULL. */
static const char *
i18n_mo_string(uint32_t table, uint32_t i)
{
	size_t len = i18n_mo_word((size_t)table + (size_t)i * 8), off = i18n_mo_word((size_t)table +
	    (size_t)i * 8 + 4);

	if (off + len >= i18n_mo.len || i18n_mo.data[off + len] != '\0')
		return NULL;
	return (const char *)i18n_mo.data + off;
}

/* Read the zh_CN catalogue from the locale folder, once; whether it is there and sound. */
static bool
i18n_mo_load(void)
{
	if (i18n_mo.tried)
		return i18n_mo.data != NULL;
	i18n_mo.tried = true;
	if (i18n_mo.dir == NULL)
		return false;
	size_t plen = strlen(i18n_mo.dir) + 40;
	char *path = malloc(plen);
	if (path == NULL)
		return false;
	snprintf(path, plen, "%s/zh_CN/LC_MESSAGES/jobdesk.mo", i18n_mo.dir);
	FILE *f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return false;
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, got;
	do {
		if (len == cap) {
			unsigned char *more = cap < (64u << 20) ? realloc(data, cap = cap ? cap * 2 : 65536) : NULL;
			if (more == NULL) {
				free(data);
				fclose(f);
				return false;
			}
			data = more;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	i18n_mo.data = data;
	i18n_mo.len = len;
	uint32_t magic = i18n_mo_word(0);
	if (magic == 0xde120495)
		i18n_mo.swap = true;
	else if (magic != 0x950412de)
		goto bad;
	i18n_mo.n = i18n_mo_word(8);
	i18n_mo.orig = i18n_mo_word(12);
	i18n_mo.trans = i18n_mo_word(16);
	if (len < 28 || (uint64_t)i18n_mo.orig + (uint64_t)i18n_mo.n * 8 > len ||
	    (uint64_t)i18n_mo.trans + (uint64_t)i18n_mo.n * 8 > len)
		goto bad;
	return true;
bad:
	free(i18n_mo.data);
	i18n_mo.data = NULL;
	return false;
}

/* The zh_CN catalogue's translation of a message id whatever the locale (the catalogue file
 * in the folder i18n_init was given); NULL when it has none or there is no catalogue. */
const char *
i18n_zh_text(const char *english)
{
	uint32_t lo = 0, hi;

	if (english == NULL || english[0] == '\0' || !i18n_mo_load())
		return NULL;
	/* msgfmt writes the message ids sorted, which gettext itself relies on */
	hi = i18n_mo.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = i18n_mo_string(i18n_mo.orig, mid);
		if (s == NULL)
			return NULL;
		int c = strcmp(english, s);
		if (c == 0) {
			const char *t = i18n_mo_string(i18n_mo.trans, mid);
			return t != NULL && t[0] != '\0' ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Bind the catalogue and decide the language, once, after setlocale (the only reader of the locale). */
void
i18n_init(const char *localedir)
{
	free(i18n_mo.dir);
	free(i18n_mo.data);
	i18n_mo.data = NULL;
	i18n_mo.tried = false;
	i18n_mo.dir = localedir != NULL ? strdup(localedir) : NULL;
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
