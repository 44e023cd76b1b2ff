/* A growable NUL-terminated string buffer. */
#ifndef UTIL_SBUF_H
#define UTIL_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct sbuf {
	char *s;    /* always NUL-terminated once anything is added */
	size_t len;
	size_t cap;
};

#define SBUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes and the NUL (the slow path of the appends below). */
void sbuf_grow(struct sbuf *b, size_t n);

/* Append n bytes (inline: reasons and JSON are written a few bytes at a time). */
static inline void
sbuf_addn(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sbuf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a NUL-terminated string. */
static inline void
sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

/* Append one byte. */
static inline void
sbuf_addc(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap)
		sbuf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}
/* Append printf-formatted text. */
void sbuf_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append printf-formatted text from a va_list. */
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap);
/* Empty the buffer, keeping its memory. */
void sbuf_reset(struct sbuf *b);
/* The text so far ("" when empty); owned by the buffer. */
const char *sbuf_str(const struct sbuf *b);
/* Take the text out of the buffer, leaving it empty. Caller frees. */
char *sbuf_take(struct sbuf *b);
/* Free the buffer's memory. */
void sbuf_free(struct sbuf *b);

#endif
