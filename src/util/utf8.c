/* UTF-8 text: validation, decoding, and display width measured with wcwidth. */
#include "util/utf8.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

/* Make wcwidth work on UTF-8: keep the locale's LC_CTYPE if it is UTF-8, else use C.UTF-8. */
void
utf8_locale(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* Length of the sequence at p and its code point; 0 when malformed. */
static int
utf8_seq(const unsigned char *p, size_t avail, uint32_t *cp)
{
	int n;
	uint32_t c, min;

	if (avail == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		n = 2; c = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3; c = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4; c = p[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* How many bytes of s[0..len) are well-formed UTF-8 before the first that is not (len: all). */
size_t
utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t done = 0;
	uint32_t cp;

	while (done < len) {
		if (p[done] < 0x80) {
			done++;
			continue;
		}
		int n = utf8_seq(p + done, len - done, &cp);
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool
utf8_valid(const char *s, size_t len)
{
	return utf8_valid_prefix(s, len) == len;
}

/* Decode one code point at *p and advance; malformed bytes give U+FFFD and advance one byte. */
uint32_t
utf8_next(const char **p)
{
	const unsigned char *u = (const unsigned char *)*p;
	uint32_t cp;
	int n = utf8_seq(u, strnlen(*p, 4), &cp);

	if (n == 0) {
		*p += 1;
		return 0xfffd;
	}
	*p += n;
	return cp;
}

/* Append the UTF-8 encoding of cp. */
void
utf8_put(struct sbuf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		sbuf_addn(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		sbuf_addn(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		sbuf_addn(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		sbuf_addn(out, b, 4);
	}
}

/* Number of code points. */
size_t
utf8_len(const char *s)
{
	size_t n = 0;

	while (*s) {
		utf8_next(&s);
		n++;
	}
	return n;
}

/* Display columns of one code point (0 for combining, 2 for wide, 1 for unprintable). */
int
utf8_cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

/* Display columns of a string. */
int
utf8_width(const char *s)
{
	int w = 0;

	while (*s)
		w += utf8_cp_width(utf8_next(&s));
	return w;
}

/* Append s cut to at most cols columns (never inside a character), padded with spaces to cols
 * when pad is set; a cut string ends with "…" when it fits. Returns the columns written. The
 * text is made safe first (utf8_safe), so a column holds what the terminal shows. */
int
utf8_fit(struct sbuf *out, const char *s, int cols, bool pad)
{
	struct sbuf safe = SBUF_INIT;
	int used = 0;

	if (cols <= 0)
		return 0;
	utf8_safe(&safe, s, strlen(s), false);
	s = sbuf_str(&safe);
	if (utf8_width(s) > cols) {
		/* leave one column for the ellipsis */
		const char *p = s;
		while (*p) {
			const char *start = p;
			int w = utf8_cp_width(utf8_next(&p));
			if (used + w > cols - 1)
				break;
			sbuf_addn(out, start, (size_t)(p - start));
			used += w;
		}
		sbuf_add(out, "\xe2\x80\xa6");
		used += 1;
	} else {
		sbuf_add(out, s);
		used = utf8_width(s);
	}
	while (pad && used < cols) {
		sbuf_addc(out, ' ');
		used++;
	}
	sbuf_free(&safe);
	return used;
}

/* Whether a code point must never reach a terminal as it is: the C0 controls, DEL and the C1
 * controls (ESC, BEL, CSI 0x9b ...), and the invisible format characters that reorder or hide
 * text: the bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069), the zero
 * widths (U+200B-U+200D, U+2060-U+2064, U+FEFF), the line and paragraph separators and the
 * interlinear annotations (U+FFF9-U+FFFB). */
bool
utf8_unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x061c || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
}

/* Sixteen bytes at once (GCC and Clang vector extensions: SSE2 on x86-64). */
typedef unsigned char utf8_v16 __attribute__((vector_size(16)));

/* How many of the sixteen bytes at p are printable ASCII (0x20-0x7e) before the first that is
 * not (16: all). */
static unsigned
utf8_v16_printable(const unsigned char *p)
{
	utf8_v16 w, bad;
	uint64_t lo, hi;

	memcpy(&w, p, 16);
	bad = (utf8_v16)((w < 0x20) | (w > 0x7e));
	memcpy(&lo, &bad, 8);
	memcpy(&hi, (const char *)&bad + 8, 8);
	if (lo != 0)
		return (unsigned)__builtin_ctzll(lo) / 8;
	return hi != 0 ? 8 + (unsigned)__builtin_ctzll(hi) / 8 : 16;
}

/* Whether the thirty-two bytes at p are all printable ASCII. */
static bool
utf8_v32_printable(const unsigned char *p)
{
	utf8_v16 a, b, bad;
	uint64_t lo, hi;

	memcpy(&a, p, 16);
	memcpy(&b, p + 16, 16);
	bad = (utf8_v16)((a < 0x20) | (a > 0x7e) | (b < 0x20) | (b > 0x7e));
	memcpy(&lo, &bad, 8);
	memcpy(&hi, (const char *)&bad + 8, 8);
	return (lo | hi) == 0;
}

/* Where the first character of p[0..end) that utf8_safe would change begins (end: none). Printable
 * ASCII is passed thirty-two or sixteen bytes at a time, and a three-byte character led by 0xE3-0xEC or 0xEE
 * (U+3000-U+CFFF, U+E000-U+EFFF: no overlong, surrogate or unsafe one among them) without decoding. */
static const unsigned char *
utf8_safe_run(const unsigned char *p, const unsigned char *end, bool lines)
{
	uint32_t c;

	while (p < end) {
		if ((size_t)(end - p) >= 32 && utf8_v32_printable(p)) {
			p += 32;
			continue;
		}
		if ((size_t)(end - p) >= 16) {
			unsigned k = utf8_v16_printable(p);
			p += k;
			if (k == 16)
				continue;
		}
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		if (*p >= 0xe3 && *p <= 0xee && *p != 0xed && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80) {
			p += 3;
			continue;
		}
		int n = utf8_seq(p, (size_t)(end - p), &c);
		if (n > 0 && !utf8_unsafe(c)) {
			p += n;
			continue;
		}
		if (n > 0 && lines && (c == '\n' || c == '\t' || (c == '\r' && p + 1 < end &&
		    p[1] == '\n'))) {
			p++;
			continue;
		}
		break;
	}
	return p;
}

/* Whether utf8_safe would append len bytes of s unchanged. */
bool
utf8_is_safe(const char *s, size_t len, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;

	return utf8_safe_run(p, p + len, lines) == p + len;
}

/* Append len bytes of untrusted text for a terminal, every unsafe character made visible: a C0
 * control or DEL in caret notation (ESC ^[, BEL ^G, DEL ^?), a C1 control or an invisible format
 * character as <U+XXXX>, a byte that is no UTF-8 as <0xXX>. With lines, a line break, a tab and
 * a carriage return before a line break stay as they are (the text's own lines). */
void
utf8_safe(struct sbuf *out, const char *s, size_t len, bool lines)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
	uint32_t c;

	while ((p = utf8_safe_run(p, end, lines)) < end) {
		int n = utf8_seq(p, (size_t)(end - p), &c);
		sbuf_addn(out, (const char *)run, (size_t)(p - run));
		if (n == 0)
			sbuf_addf(out, "<0x%02X>", *p);
		else if (c < 0x20)
			sbuf_addf(out, "^%c", (char)(c + 0x40));
		else if (c == 0x7f)
			sbuf_add(out, "^?");
		else
			sbuf_addf(out, "<U+%04X>", (unsigned)c);
		p += n > 0 ? n : 1;
		run = p;
	}
	sbuf_addn(out, (const char *)run, (size_t)(p - run));
}

/* Append len bytes of text with each unsafe character (utf8_unsafe: C0, DEL, C1, the invisible
 * format characters) and each byte that is no UTF-8 as a space: for printed pages, where text
 * from a file or the database is kept on its line and never reordered. */
void
utf8_clean(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t c;

	while (p < end) {
		int n = utf8_seq(p, (size_t)(end - p), &c);
		if (n == 0 || utf8_unsafe(c))
			sbuf_addc(out, ' ');
		else
			sbuf_addn(out, (const char *)p, (size_t)n);
		p += n > 0 ? n : 1;
	}
}

/* Whether a character closes a phrase (，。、；：）」』！？), so no line may begin with it. */
static bool
utf8_closing(uint32_t cp)
{
	static const uint32_t closing[] = { 0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, 0xff09, 0x300d, 0x300f,
	    0xff01, 0xff1f, 0x3011, 0x300b };

	for (size_t i = 0; i < sizeof closing / sizeof *closing; i++)
		if (closing[i] == cp)
			return true;
	return false;
}

/* How many bytes of s make its first line of at most cols columns when wrapped: the last break
 * that fits, after a space or beside a wide (Chinese) character, never before closing punctuation;
 * a word longer than the line is cut. */
size_t
utf8_line(const char *s, int cols)
{
	const char *p = s, *brk = NULL;
	uint32_t last = 0;
	int w = 0;

	while (*p != '\0') {
		const char *at = p;
		uint32_t cp = utf8_next(&p);
		int cw = utf8_cp_width(cp);
		if (at > s && !utf8_closing(cp) && (cw == 2 || utf8_cp_width(last) == 2))
			brk = at;
		if (w + cw > cols) {
			if (brk != NULL)
				return (size_t)(brk - s);
			return at > s ? (size_t)(at - s) : (size_t)(p - s);
		}
		if (cp == ' ')
			brk = p;
		w += cw;
		last = cp;
	}
	return (size_t)(p - s);
}
