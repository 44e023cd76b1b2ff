/* Errors a user or a file can cause: a sysexits status and a one-line message. */
#ifndef UTIL_DIAG_H
#define UTIL_DIAG_H

#include <sysexits.h>

struct diag {
	int code;        /* 0, or a sysexits status: EX_USAGE, EX_DATAERR ... */
	char msg[1024];  /* one line naming the place and what would be valid */
	int reason;      /* 0, or the module's own code for this error (e.g. SEARCH_TOO_SHORT) */
};

#define DIAG_INIT { 0, "", 0 }

/* Record an error (fmt: an English message id, rendered by tr()) and return its code. */
int diag_set(struct diag *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clear a diag. */
void diag_clear(struct diag *d);
/* Print "jobdesk: MSG" on stderr and return the code. */
int diag_print(const struct diag *d);

#endif
