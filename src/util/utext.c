/* Unicode text through libunistring: what a stored text may not hold, NFC, and look-alikes. */
#include "util/utext.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What cp is when a stored text may not hold it (an N_() message id), or NULL. */
static const char *
utext_kind(uint32_t cp, const char *allowed)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return cp < 0x20 && cp != 0 && strchr(allowed, (int)cp) != NULL ? NULL :
		    N_("a control character");
	if (cp == 0xfeff)
		return N_("a byte order mark");
	if (cp >= 0xe0000 && cp <= 0xe007f)
		return N_("a tag character");
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
	    cp == 0x200f || cp == 0x061c)
		return N_("a bidirectional control");
	if (cp == 0xfffd)
		return N_("a replacement character (text that was not read right)");
	if (uc_is_property_not_a_character(cp))
		return N_("a noncharacter");
	if (uc_is_general_category(cp, UC_CATEGORY_Co))
		return N_("a private-use character");
	if (uc_is_general_category(cp, UC_CATEGORY_Cs) || uc_is_general_category(cp, UC_CATEGORY_Cn))
		return N_("a code point unassigned in Unicode");
	if (uc_is_general_category(cp, UC_CATEGORY_Cf))
		return N_("an invisible zero-width or formatting character");
	if (uc_is_general_category(cp, UC_CATEGORY_Zl) || uc_is_general_category(cp, UC_CATEGORY_Zp))
		return N_("a line or paragraph separator");
	return NULL;
}

/* Check what s holds character by character (see utext.h). */
int
utext_check(const char *s, const char *allowed, char *why, size_t whylen)
{
	const char *p = s;
	size_t at = 0;

	while (*p) {
		uint32_t cp = utf8_next(&p);
		const char *kind = utext_kind(cp, allowed);
		at++;
		if (kind != NULL) {
			snprintf(why, whylen, tr("has %s, U+%04X, at character %zu; type it without that "
			    "character"), tr(kind), (unsigned)cp, at);
			return -1;
		}
	}
	return 0;
}

/* Whether no character of s changes or combines under NFC: Latin below U+0300, the CJK
 * ideographs and the full-width forms a Chinese input method types. */
bool
utext_nfc_plain(const char *s)
{
	const char *p = s;

	while (*p) {
		uint32_t cp = utf8_next(&p);
		if (!(cp < 0x300 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
		    (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0x3000 && cp <= 0x3029)))
			return false;
	}
	return true;
}

/* A NUL-terminated copy of a libunistring result of n bytes, which is freed. */
static char *
utext_take(uint8_t *r, size_t n)
{
	char *out = xstrndup((const char *)r, n);

	free(r);
	return out;
}

/* A new copy of s in NFC. */
char *
utext_nfc(const char *s)
{
	size_t n = 0;
	uint8_t *r;

	if (utext_nfc_plain(s))
		return xstrdup(s);
	r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, strlen(s), NULL, &n);
	if (r == NULL)
		return xstrdup(s);              /* out of memory or not UTF-8: as it came */
	return utext_take(r, n);
}

/* A new copy of s as its look-alike key: NFKC, case-folded. */
char *
utext_fold(const char *s)
{
	size_t n = 0;
	uint8_t *r = u8_casefold((const uint8_t *)s, strlen(s), "", UNINORM_NFKC, NULL, &n);

	if (r == NULL)
		return xstrdup(s);
	return utext_take(r, n);
}

/* Whether s is its own look-alike key: only CJK ideographs (no case, no compatibility form), the
 * middle dot of minority names (·) and ASCII digits, spaces and dashes. Most names are, and the
 * duplicate check then compares them as they are, folding nothing. */
static bool
utext_fold_plain(const char *s)
{
	const char *p = s;

	while (*p) {
		uint32_t cp = utf8_next(&p);
		if (!((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || cp == 0xb7 ||
		    (cp >= '0' && cp <= '9') || cp == ' ' || cp == '-'))
			return false;
	}
	return true;
}

/* Whether a and b have the same look-alike key. */
bool
utext_same(const char *a, const char *b)
{
	char *fa, *fb;
	bool same;

	if (strcmp(a, b) == 0)
		return true;
	if (utext_fold_plain(a) && utext_fold_plain(b))
		return false;
	fa = utext_fold(a);
	fb = utext_fold(b);
	same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}
