/* A growable NUL-terminated string buffer. */
#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Make room for n more bytes and the NUL (the slow path of the appends in sbuf.h). */
void
sbuf_grow(struct sbuf *b, size_t n)
{
	size_t need = b->len + n + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

/* Append printf-formatted text from a va_list. */
void
sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	/* (also tells GCC's sanitizer build, which otherwise sees a NULL path here, that it is none) */
	if (fmt == NULL)
		fatal("sbuf_vaddf: no format string");
	va_copy(ap2, ap);
	char probe[1];
	n = vsnprintf(probe, sizeof probe, fmt, ap2);  /* the length it needs */
	va_end(ap2);
	if (n < 0)
		fatal("bad format string");
	sbuf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* Append printf-formatted text. */
void
sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* Empty the buffer, keeping its memory. */
void
sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* The text so far ("" when empty); owned by the buffer. */
const char *
sbuf_str(const struct sbuf *b)
{
	return b->s != NULL ? b->s : "";
}

/* Take the text out of the buffer, leaving it empty. Caller frees. */
char *
sbuf_take(struct sbuf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* Free the buffer's memory. */
void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
