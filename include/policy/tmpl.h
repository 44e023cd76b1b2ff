/* Sentence templates: text with {expression} placeholders filled in at evaluation.
 *
 * "失业保险缴费{insurance.unemployment_months}个月" renders as "失业保险缴费40个月", or with 未登记
 * ("not recorded") where a fact is unknown. Enum facts render with the schema's zh or en label; "{{" and "}}" are braces. */
#ifndef POLICY_TMPL_H
#define POLICY_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/eval.h"
#include "policy/expr.h"
#include "util/sbuf.h"

/* One piece: literal text, or an expression to fill in. */
struct tmpl_part {
	char *lit;
	size_t litlen;    /* strlen(lit) */
	struct expr *e;
};

/* A parsed template. */
struct tmpl {
	struct tmpl_part *parts;
	size_t n;
};

/* Parse a template; env says where text starts. Caller frees with tmpl_free. 0 or EX_DATAERR. */
int tmpl_parse(const char *text, const struct expr_env *env, struct tmpl *out, struct diag *d);
/* Free a template's parts. */
void tmpl_free(struct tmpl *t);
/* Append the template filled in for a context (leaves the context's missing stack as it was). */
void tmpl_render(const struct tmpl *t, struct eval_ctx *c, bool zh, struct sbuf *out);
/* Whether every placeholder of the template has a known value in a context. */
bool tmpl_known(const struct tmpl *t, struct eval_ctx *c);
/* Call fn on every policy() and group() reference in the placeholders. */
int tmpl_walk_refs(struct tmpl *t, int (*fn)(void *arg, struct expr *ref), void *arg);

#endif
