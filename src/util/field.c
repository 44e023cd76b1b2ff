/* Checking the fields a counselor types: names, phone numbers, free text, enumerations, flags. */
#include "util/field.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/i18n.h"
#include "util/utf8.h"
#include "util/utext.h"

/* The bytes of a white-space character at s (ASCII space, tab or line break; U+3000; U+00A0),
 * or 0. */
static size_t
field_space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

/* Copy text without its surrounding white space; with ascii, full-width forms as ASCII. */
int
field_ascii(const char *s, char *out, size_t outlen, int ascii)
{
	size_t n = 0, end = 0, k;
	int cut = 0;

	if (outlen == 0)
		return -1;
	while ((k = field_space_len(s)) > 0)
		s += k;
	while (*s != '\0') {
		const unsigned char *u = (const unsigned char *)s;
		char one[4] = { 0 };
		size_t len = 1;
		if (u[0] > ' ' && u[0] < 0x7f) {
			/* printable ASCII, most of what an import reads: never a space, kept as it is */
			if (n + 1 >= outlen) {
				cut = 1;
				break;
			}
			out[n++] = *s++;
			end = n;
			continue;
		}
		one[0] = *s;
		if (ascii && u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x81 && u[2] <= 0xbf) {
			one[0] = (char)(u[2] - 0x81 + '!');            /* U+FF01..U+FF3F */
			s += 3;
		} else if (ascii && u[0] == 0xef && u[1] == 0xbd && u[2] >= 0x80 && u[2] <= 0x9e) {
			one[0] = (char)(u[2] - 0x80 + '`');            /* U+FF40..U+FF5E */
			s += 3;
		} else if (ascii && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {
			one[0] = ' ';
			s += 3;
		} else {
			len = field_space_len(s);
			if (len == 0)
				len = 1;
			memcpy(one, s, len);
			s += len;
		}
		if (n + len >= outlen) {
			cut = 1;
			break;
		}
		memcpy(out + n, one, len);
		n += len;
		if (field_space_len(one) == 0)
			end = n;
	}
	out[end] = '\0';
	return cut ? -1 : 0;
}

/* A name: valid UTF-8, 1 to 40 characters, no control or escape characters, not blank. */
int
field_name(const char *s, char *why, size_t whylen)
{
	size_t len = strlen(s);

	if (!utf8_valid(s, len)) {
		snprintf(why, whylen, tr("is not valid UTF-8 text"));
		return -1;
	}
	if (strspn(s, " \t\xe3\x80\x80") == len) {
		snprintf(why, whylen, tr("is empty; expected the person's name, e.g. 王丽"));
		return -1;
	}
	if (utext_check(s, "", why, whylen) != 0)
		return -1;
	if (utf8_len(s) > 40) {
		snprintf(why, whylen, tr("has %zu characters; at most 40"), utf8_len(s));
		return -1;
	}
	if (s[0] == ' ' || s[len - 1] == ' ') {
		snprintf(why, whylen, tr("starts or ends with a space"));
		return -1;
	}
	return 0;
}

/* A mainland mobile number: 1[3-9] and nine digits, optionally +86 or 86 and spaces or dashes. */
int
field_phone(const char *s, char out[12], char *why, size_t whylen)
{
	char digits[32], typed[64];
	size_t n = 0;
	const char *p = typed, *orig = s;

	/* as typed: full-width digits, '＋' and '－' from an input method, spaces around */
	if (field_ascii(orig, typed, sizeof typed, 1) != 0)
		typed[0] = 'x';
	s = typed;
	if (strncmp(p, "+86", 3) == 0) {
		p += 3;
		if ((*p == ' ' || *p == '-') && p[1] >= '0' && p[1] <= '9')
			p++;                    /* +86 139..., +86-139... */
	}
	for (const char *first = p; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits)
				break;
			digits[n++] = *p;
		} else if (*p != ' ' && *p != '-') {
			snprintf(why, whylen, tr("'%s' has a character that is not a digit; expected a "
			    "mobile number such as 13912345678"), orig);
			return -1;
		} else if (p == first || !(p[-1] >= '0' && p[-1] <= '9') ||
		    !(p[1] >= '0' && p[1] <= '9')) {
			/* a separator only between two digits: 139 1234 5678, 139-1234-5678 */
			snprintf(why, whylen, tr("'%s' has a space or dash out of place; expected digits "
			    "with at most one space or dash between groups, e.g. 139 1234 5678"), orig);
			return -1;
		}
	}
	digits[n] = '\0';
	if (n == 13 && strncmp(digits, "86", 2) == 0 && p - s == (long)strlen(s) &&
	    strncmp(s, "+86", 3) != 0) {
		memmove(digits, digits + 2, 12);
		n = 11;
	}
	if (n != 11 || digits[0] != '1' || digits[1] < '3') {
		snprintf(why, whylen, tr("'%s' is not a mainland mobile number; expected 11 digits starting "
		    "13 to 19, e.g. 13912345678"), orig);
		return -1;
	}
	memcpy(out, digits, 12);
	return 0;
}

/* Free text on one line: valid UTF-8, at most max bytes, no control characters but tab. */
int
field_text(const char *s, size_t max, char *why, size_t whylen)
{
	size_t len = strlen(s);

	if (!utf8_valid(s, len)) {
		snprintf(why, whylen, tr("is not valid UTF-8 text"));
		return -1;
	}
	if (len > max) {
		snprintf(why, whylen, tr("is %zu bytes long; at most %zu"), len, max);
		return -1;
	}
	if (utext_check(s, "\t", why, whylen) != 0)
		return -1;
	return 0;
}

/* A login: letters, digits, '.', '_' or '-', at most 32, beginning with a letter or digit. */
int
field_login(const char *s, char *why, size_t whylen)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") != n || strchr("._-", s[0]) != NULL) {
		snprintf(why, whylen, tr("'%.40s' is not a login; expected letters, digits, '.', '_' or "
		    "'-' (at most 32, beginning with a letter or digit)"), s);
		return -1;
	}
	return 0;
}

/* One of a '|'-separated list of values. */
int
field_enum(const char *s, const char *allowed, char *why, size_t whylen)
{
	char typed[128];
	size_t len;
	const char *p = allowed, *orig = s;

	if (field_ascii(orig, typed, sizeof typed, 1) != 0)
		typed[0] = '\0';
	s = typed;
	len = strlen(s);
	while (*p) {
		size_t n = strcspn(p, "|");
		if (n == len && strncmp(p, s, n) == 0)
			return 0;
		p += n + (p[n] == '|');
	}
	snprintf(why, whylen, tr("'%.40s' is not one of %s"), orig, allowed);
	return -1;
}

/* A flag: true/false/yes/no/1/0 (and 是/否); *out is 1 or 0. */
int
field_flag(const char *s, int *out, char *why, size_t whylen)
{
	static const char *yes[] = { "true", "yes", "1", "y", "是", NULL };
	static const char *no[] = { "false", "no", "0", "n", "否", NULL };
	const char *orig = s;
	char typed[64];

	/* what export writes, and most of what an import reads */
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		*out = s[0] == 't';
		return 0;
	}
	if (field_ascii(orig, typed, sizeof typed, 1) != 0)
		typed[0] = '\0';
	s = typed;

	for (int i = 0; yes[i]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	snprintf(why, whylen, tr("'%.40s' is not a yes/no value; expected true or false"), orig);
	return -1;
}

/* A whole number in [lo, hi]. */
int
field_int(const char *s, long lo, long hi, long *out, char *why, size_t whylen)
{
	char *end, typed[64];
	const char *orig = s;
	long v;

	if (field_ascii(orig, typed, sizeof typed, 1) != 0)
		typed[0] = '\0';
	s = typed;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		snprintf(why, whylen, tr("'%.40s' is not a whole number from %ld to %ld"), orig, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}
