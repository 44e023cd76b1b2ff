/* UTF-8 text: validation, decoding, and display width measured with wcwidth. */
#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

/* Make wcwidth work on UTF-8: keep the locale's LC_CTYPE if it is UTF-8, else use C.UTF-8. */
void utf8_locale(void);
/* Whether s[0..len) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool utf8_valid(const char *s, size_t len);
/* Decode one code point at *p and advance; malformed bytes give U+FFFD and advance one byte. */
uint32_t utf8_next(const char **p);
/* Append the UTF-8 encoding of cp. */
void utf8_put(struct sbuf *out, uint32_t cp);
/* Number of code points. */
size_t utf8_len(const char *s);
/* Display columns of one code point (0 for combining, 2 for wide, 1 for unprintable). */
int utf8_cp_width(uint32_t cp);
/* Display columns of a string. */
int utf8_width(const char *s);
/* Append s cut to at most cols columns (never inside a character), padded with spaces to cols
 * when pad is set; a cut string ends with "…" when it fits. Returns the columns written. */
int utf8_fit(struct sbuf *out, const char *s, int cols, bool pad);
/* How many bytes of s make its first line of at most cols columns when text is wrapped: up to
 * the end, or after the last space that fits, else as many whole characters as fit (Chinese
 * breaks between any two characters); at least one character when s is not empty. */
size_t utf8_line(const char *s, int cols);
/* Append len bytes of text with each control character (C0, DEL, C1) as a space. */
void utf8_clean(struct sbuf *out, const char *s, size_t len);

#endif
