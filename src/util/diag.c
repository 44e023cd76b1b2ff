/* Errors a user or a file can cause: a sysexits status and a one-line message. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Record an error (fmt: an English message id, rendered by tr()) and return its code. The
 * message is made safe for a terminal (utf8_safe) once, here: a value it quotes from a file or
 * the database (a name, a CSV header, a YAML line) shows ESC as ^[ and U+202E as <U+202E>, and
 * a line break in it as ^J, so that every message stays one line wherever it is printed. */
int
diag_set(struct diag *d, int code, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof d->msg];
	struct sbuf safe = SBUF_INIT;

	if (d == NULL)
		return code;
	d->code = code;
	d->reason = 0;
	va_start(ap, fmt);
	int len = vsnprintf(raw, sizeof raw, tr(fmt), ap);
	va_end(ap);
	size_t keep = strlen(raw);
	if (len >= (int)sizeof raw)   /* cut short: never inside a character */
		while (keep > 0 && ((unsigned char)raw[keep - 1] & 0x80) != 0 && !utf8_valid(raw, keep))
			keep--;
	utf8_safe(&safe, raw, keep, false);
	size_t n = safe.len < sizeof d->msg ? safe.len : sizeof d->msg - 1;
	while (n > 0 && n < safe.len && ((unsigned char)safe.s[n] & 0xc0) == 0x80)
		n--;   /* cut between characters */
	memcpy(d->msg, safe.s != NULL ? safe.s : "", n);
	d->msg[n] = '\0';
	sbuf_free(&safe);
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
