/* Sentence templates: text with {expression} placeholders filled in at evaluation. */
#include "policy/tmpl.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Append a part to a template. */
static struct tmpl_part *
add_part(struct tmpl *t)
{
	t->parts = xreallocarray(t->parts, t->n + 1, sizeof *t->parts);
	memset(&t->parts[t->n], 0, sizeof t->parts[t->n]);
	return &t->parts[t->n++];
}

/* Append the literal text gathered in lit to a template, with its length. */
static void
tmpl_add_lit(struct tmpl *t, struct sbuf *lit)
{
	struct tmpl_part *p = add_part(t);

	p->litlen = lit->len;
	p->lit = sbuf_take(lit);
}

/* Free a template's parts. */
void
tmpl_free(struct tmpl *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->parts[i].lit);
		expr_free(t->parts[i].e);
	}
	free(t->parts);
	t->parts = NULL;
	t->n = 0;
}

/* The environment for a placeholder starting at an offset of the template text. */
static struct expr_env
env_at(const struct expr_env *env, const char *text, size_t off)
{
	struct expr_env e = *env;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			e.line++;
			e.col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			e.col++;
		}
	}
	return e;
}

/* Parse a template; env says where text starts. Caller frees with tmpl_free. */
int
tmpl_parse(const char *text, const struct expr_env *env, struct tmpl *out, struct diag *d)
{
	struct sbuf lit = SBUF_INIT;
	size_t i = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	while (text[i] != '\0') {
		if ((text[i] == '{' && text[i + 1] == '{') || (text[i] == '}' && text[i + 1] == '}')) {
			sbuf_addc(&lit, text[i]);
			i += 2;
			continue;
		}
		if (text[i] == '}') {
			struct expr_env at = env_at(env, text, i);
			rc = diag_set(d, EX_DATAERR, "%s:%d:%d: a lone '}' in a sentence; write '}}' for a brace",
			    at.file, at.line, at.col);
			goto out;
		}
		if (text[i] != '{') {
			sbuf_addc(&lit, text[i++]);
			continue;
		}
		size_t end = i + 1;
		while (text[end] != '\0' && text[end] != '}')
			end++;
		if (text[end] != '}') {
			struct expr_env at = env_at(env, text, i);
			rc = diag_set(d, EX_DATAERR, "%s:%d:%d: '{' without its closing '}'", at.file, at.line, at.col);
			goto out;
		}
		if (lit.len > 0)
			tmpl_add_lit(out, &lit);
		char *inner = xstrndup(text + i + 1, end - i - 1);
		struct expr_env at = env_at(env, text, i + 1);
		struct tmpl_part *p = add_part(out);
		rc = expr_parse(inner, &at, &p->e, d);
		free(inner);
		if (rc != 0)
			goto out;
		i = end + 1;
	}
	if (lit.len > 0)
		tmpl_add_lit(out, &lit);
out:
	sbuf_free(&lit);
	if (rc != 0)
		tmpl_free(out);
	return rc;
}

/* Append the template filled in for a context (leaves the context's missing stack as it was). */
void
tmpl_render(const struct tmpl *t, struct eval_ctx *c, bool zh, struct sbuf *out)
{
	size_t mark = c->nmiss;

	for (size_t i = 0; i < t->n; i++) {
		const struct tmpl_part *p = &t->parts[i];
		if (p->lit != NULL) {
			sbuf_addn(out, p->lit, p->litlen);
			continue;
		}
		struct value v = eval_expr(p->e, c);
		c->nmiss = mark;
		if (!v.known) {
			/* never "?" inside a sentence that asserts something */
			sbuf_add(out, zh ? "未登记" : "not recorded");
			continue;
		}
		eval_format(&v, p->e->op == EXPR_FACT ? p->e->fact : NULL, zh, out);
	}
	sbuf_add(out, "");
}

/* Whether every placeholder of the template has a known value in a context. */
bool
tmpl_known(const struct tmpl *t, struct eval_ctx *c)
{
	size_t mark = c->nmiss;
	bool all = true;

	for (size_t i = 0; i < t->n && all; i++) {
		if (t->parts[i].e == NULL)
			continue;
		struct value v = eval_expr(t->parts[i].e, c);
		all = v.known;
	}
	c->nmiss = mark;
	return all;
}

/* Call fn on every policy() and group() reference in the placeholders. */
int
tmpl_walk_refs(struct tmpl *t, int (*fn)(void *arg, struct expr *ref), void *arg)
{
	int rc;

	for (size_t i = 0; i < t->n; i++)
		if (t->parts[i].e != NULL && (rc = expr_walk_refs(t->parts[i].e, fn, arg)) != 0)
			return rc;
	return 0;
}
