/* Errors a user or a file can cause: a sysexits status and a one-line message. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>

/* Record an error and return its code (so "return diag_set(...)" works). */
int
diag_set(struct diag *d, int code, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return code;
	d->code = code;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return code;
}

/* Clear a diag. */
void
diag_clear(struct diag *d)
{
	d->code = 0;
	d->msg[0] = '\0';
}

/* Print "jobdesk: MSG" on stderr and return the code. */
int
diag_print(const struct diag *d)
{
	fprintf(stderr, "jobdesk: %s\n", d->msg[0] ? d->msg : "error");
	return d->code ? d->code : 1;
}
