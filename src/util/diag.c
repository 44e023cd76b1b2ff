/* Errors a user or a file can cause: a sysexits status and a one-line message. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/i18n.h"

/* Record an error (fmt: an English message id, rendered by tr()) and return its code. */
int
diag_set(struct diag *d, int code, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return code;
	d->code = code;
	d->reason = 0;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, tr(fmt), ap);
	va_end(ap);
	return code;
}

/* Clear a diag. */
void
diag_clear(struct diag *d)
{
	d->code = 0;
	d->msg[0] = '\0';
	d->reason = 0;
}

/* Print "jobdesk: MSG" on stderr and return the code. */
int
diag_print(const struct diag *d)
{
	fprintf(stderr, "jobdesk: %s\n", d->msg[0] ? d->msg : tr("error"));
	return d->code ? d->code : 1;
}
