/* The 18-digit resident ID number (GB 11643-1999). */
#include "util/idnum.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/i18n.h"

/* The ISO 7064 MOD 11-2 check character of 17 digits. */
char
idnum_check_char(const char *digits17)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * weight[i];
	return check[sum % 11];
}

/* Whether the first two digits of an ID number are a province-level code (GB/T 2260): the 31
 * mainland provinces, regions and municipalities, or 81, 82, 83 of the residence permits of Hong
 * Kong, Macao and Taiwan residents (71, Taiwan's own code, is on no resident ID card). */
static bool
idnum_province_ok(const char *digits)
{
	int p = (digits[0] - '0') * 10 + (digits[1] - '0');

	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
	    (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) ||
	    (p >= 81 && p <= 83);
}

/* Check and split an ID number as of day number today; 0, or -1 with why (one sentence) filled in. */
int
idnum_parse(const char *s, int today, struct idnum *out, char *why, size_t whylen)
{
	size_t len = strlen(s);
	char buf[19];

	if (len != 18) {
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if (*p >= 0x80) {
				snprintf(why, whylen, tr("has a non-ASCII character (full-width digits?); "
				    "expected 17 digits and a check digit or X"));
				return -1;
			}
		}
		snprintf(why, whylen, tr("has %zu characters; expected 18 (17 digits and a check digit or X)"),
		    len);
		return -1;
	}
	for (int i = 0; i < 18; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			buf[i] = (char)c;
		} else if (i == 17 && (c == 'X' || c == 'x')) {
			buf[i] = 'X';
		} else {
			snprintf(why, whylen, i == 17 ? tr("character %d is '%c'; expected a digit or X") :
			    tr("character %d is '%c'; expected a digit"), i + 1, c >= 0x20 && c < 0x7f ? c : '?');
			return -1;
		}
	}
	buf[18] = '\0';
	if (!idnum_province_ok(buf)) {
		snprintf(why, whylen, tr("its first two digits %.2s are no province or region code; "
		    "expected 11-15, 21-23, 31-37, 41-46, 50-54 or 61-65 (the 31 mainland provinces, "
		    "e.g. 22 for Jilin), or 81, 82 or 83 (residence permits of Hong Kong, Macao and "
		    "Taiwan residents)"), buf);
		return -1;
	}
	int y = (buf[6] - '0') * 1000 + (buf[7] - '0') * 100 + (buf[8] - '0') * 10 + (buf[9] - '0');
	int m = (buf[10] - '0') * 10 + (buf[11] - '0');
	int d = (buf[12] - '0') * 10 + (buf[13] - '0');
	if (y < 1850 || !date_valid(y, m, d)) {
		snprintf(why, whylen, tr("birth date %.4s-%.2s-%.2s does not exist"), buf + 6, buf + 10,
		    buf + 12);
		return -1;
	}
	int birth = date_from_ymd(y, m, d);
	if (birth > today) {
		snprintf(why, whylen, tr("birth date %.4s-%.2s-%.2s is in the future"), buf + 6, buf + 10,
		    buf + 12);
		return -1;
	}
	char want = idnum_check_char(buf);
	if (want != buf[17]) {
		snprintf(why, whylen, tr("check character is %c but the first 17 digits give %c; "
		    "a digit was probably mistyped"), buf[17], want);
		return -1;
	}
	memcpy(out->number, buf, 19);
	memcpy(out->region, buf, 6);
	out->region[6] = '\0';
	memcpy(out->province, buf, 2);
	out->province[2] = '\0';
	out->birth = birth;
	date_format(birth, out->birth_text);
	out->male = (buf[16] - '0') % 2 == 1;
	return 0;
}

/* Write a masked form ("220102********0028") into out (19 bytes). */
void
idnum_mask(const char *number, char out[19])
{
	size_t len = strlen(number);

	if (len != 18) {
		snprintf(out, 19, "%s", "******************");
		return;
	}
	memcpy(out, number, 6);
	memset(out + 6, '*', 8);
	memcpy(out + 14, number + 14, 4);
	out[18] = '\0';
}
