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
/* How many bytes of s[0..len) are well-formed UTF-8 before the first that is not (len: all). */
size_t utf8_valid_prefix(const char *s, size_t len);
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
/* Whether a code point must never reach a terminal as it is: C0, DEL, C1, and the invisible
 * format characters (bidirectional controls such as U+202E, zero widths, U+2028/9, U+FEFF). */
bool utf8_unsafe(uint32_t cp);
/* The one sanitiser for text on its way to a terminal: append len bytes with every unsafe
 * character visible (ESC as ^[, BEL ^G, DEL ^?, a C1 control or U+202E as <U+009B>, <U+202E>,
 * a byte that is no UTF-8 as <0xFF>); with lines, line breaks and tabs (and CR before LF) kept. */
void utf8_safe(struct sbuf *out, const char *s, size_t len, bool lines);
/* Whether utf8_safe would append s[0..len) unchanged (nothing to make visible). */
bool utf8_is_safe(const char *s, size_t len, bool lines);
/* Append len bytes of text with each unsafe character (see utf8_unsafe) and each byte that is
 * no UTF-8 as a space (printed pages). */
void utf8_clean(struct sbuf *out, const char *s, size_t len);

#endif
