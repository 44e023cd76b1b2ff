/* Allocation that never returns NULL, and fatal() for broken invariants. */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H

#include <stddef.h>

/* Set a function fatal() calls first, e.g. to restore the terminal. */
void fatal_set_hook(void (*hook)(void));
/* Print "jobdesk: fatal: ..." on stderr and exit 70 (EX_SOFTWARE). */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* malloc or die. */
void *xmalloc(size_t n);
/* calloc or die. */
void *xcalloc(size_t n, size_t size);
/* realloc or die. */
void *xrealloc(void *p, size_t n);
/* realloc an array of n items of size bytes, checking overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* strdup or die; NULL gives NULL. */
char *xstrdup(const char *s);
/* strndup or die. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
