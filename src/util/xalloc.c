/* Allocation that never returns NULL, and fatal() for broken invariants. */
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "util/i18n.h"

static void (*fatal_hook)(void);

/* Set a function fatal() calls first, e.g. to restore the terminal. */
void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* Print "jobdesk: fatal: ..." on stderr and exit 70 (EX_SOFTWARE). */
void
fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook != NULL) {
		void (*hook)(void) = fatal_hook;
		fatal_hook = NULL;
		hook();
	}
	/* the details are for the developers (English, from the code); the sentence is the reader's */
	char what[512];
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	fprintf(stderr, tr("jobdesk: internal error: jobdesk stopped before finishing; please report "
	    "it with what you did (%s)\n"), what);
	exit(EX_SOFTWARE);
}

/* malloc or die. */
void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fatal("out of memory (%zu bytes)", n);
	return p;
}

/* calloc or die. */
void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

/* realloc or die. */
void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		fatal("out of memory (%zu bytes)", n);
	return q;
}

/* realloc an array of n items of size bytes, checking overflow. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("array too large (%zu x %zu)", n, size);
	return xrealloc(p, n * size);
}

/* strdup or die; NULL gives NULL. */
char *
xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return xstrndup(s, strlen(s));
}

/* strndup or die. */
char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* printf into a new string. Caller frees. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;

	/* a NULL format is a caller's bug; saying so here also tells GCC 12 that fmt is not NULL
	 * below, which it cannot see through UBSan's checks (a false -Wformat-truncation) */
	if (fmt == NULL)
		fatal("xasprintf without a format");
	va_start(ap, fmt);
	va_copy(ap2, ap);
	char probe[1];
	n = vsnprintf(probe, sizeof probe, fmt, ap);  /* the length it needs */
	va_end(ap);
	if (n < 0)
		fatal("bad format string");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
