/* Three-valued evaluation of parsed expressions over a facts tree. */
#include "policy/eval.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/xalloc.h"

/* Push a missing fact (item -1 for facts outside a list). */
void
eval_push_missing(struct eval_ctx *c, const struct factschema_fact *f, int item)
{
	if (c->nmiss == c->capmiss) {
		c->capmiss = c->capmiss ? c->capmiss * 2 : 16;
		c->miss = xreallocarray(c->miss, c->capmiss, sizeof *c->miss);
	}
	c->miss[c->nmiss].fact = f;
	c->miss[c->nmiss].item = item;
	c->nmiss++;
}

/* Free the context's missing stack. */
void
eval_ctx_free(struct eval_ctx *c)
{
	free(c->miss);
	c->miss = NULL;
	c->nmiss = c->capmiss = 0;
}

/* An unknown value of a type. */
static struct value
unknown(enum ftype t)
{
	struct value v = { .type = t, .known = false };

	return v;
}

/* A known value of a type. */
static struct value
known(enum ftype t, int64_t i)
{
	struct value v = { .type = t, .known = true, .i = i };

	return v;
}

/* Parse decimal text fully into *out. */
static bool
parse_i64(const char *s, int64_t *out)
{
	char *end;

	if (*s == '\0')
		return false;
	long long v = strtoll(s, &end, 10);
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

/* Read a fact from the tree; unknown (and pushed) when absent or unreadable. */
static struct value
read_fact(const struct expr *e, struct eval_ctx *c)
{
	const struct node *n = e->item ? c->item : c->root;
	struct value v = { .type = e->type, .known = true };
	int day;

	for (size_t i = 0; i < e->nparts && n != NULL; i++)
		n = node_get(n, e->parts[i]);
	if (n == NULL || n->kind != NODE_SCALAR || n->text == NULL)
		goto missing;
	switch (e->type) {
	case FT_BOOL:
		if (strcmp(n->text, "true") == 0)
			v.i = 1;
		else if (strcmp(n->text, "false") == 0)
			v.i = 0;
		else
			goto missing;
		return v;
	case FT_INT:
	case FT_MONEY:
		if (!parse_i64(n->text, &v.i))
			goto missing;
		return v;
	case FT_DATE:
		if (date_parse(n->text, &day) != 0)
			goto missing;
		v.i = day;
		return v;
	case FT_STRING:
	case FT_ENUM:
		v.s = n->text;
		return v;
	case FT_LIST:
	case FT_MAP:
		break;
	}
missing:
	eval_push_missing(c, e->fact, e->item ? c->index : -1);
	return unknown(e->type);
}

/* count(LIST): the number of items; an absent list is empty. */
static struct value
count_list(const struct expr *e, struct eval_ctx *c)
{
	const struct node *n = e->item ? c->item : c->root;

	for (size_t i = 0; i < e->nparts && n != NULL; i++)
		n = node_get(n, e->parts[i]);
	return known(FT_INT, n != NULL && n->kind == NODE_LIST ? (int64_t)n->n : 0);
}

/* Whether two known values are equal. */
static bool
equal(const struct value *a, const struct value *b)
{
	if (a->type == FT_STRING || a->type == FT_ENUM || b->type == FT_STRING || b->type == FT_ENUM)
		return a->s != NULL && b->s != NULL && strcmp(a->s, b->s) == 0;
	return a->i == b->i;
}

/* and / or with three values; a known result drops the missing facts pushed since mark. */
static struct value
logic(const struct expr *e, struct eval_ctx *c)
{
	size_t mark = c->nmiss;
	bool is_and = e->op == EXPR_AND;
	struct value a = eval_expr(e->args[0], c);

	/* false and x = false; true or x = true */
	if (a.known && (a.i != 0) != is_and) {
		c->nmiss = mark;
		return known(FT_BOOL, a.i);
	}
	struct value b = eval_expr(e->args[1], c);
	if (b.known && (b.i != 0) != is_and) {
		c->nmiss = mark;
		return known(FT_BOOL, b.i);
	}
	if (a.known && b.known)
		return known(FT_BOOL, is_and);
	return unknown(FT_BOOL);
}

/* x in [..] and x not in [..]. */
static struct value
in_list(const struct expr *e, struct eval_ctx *c)
{
	size_t mark = c->nmiss;
	struct value x = eval_expr(e->args[0], c);
	const struct expr *l = e->args[1];
	bool any_unknown = !x.known, found = false;

	for (size_t i = 0; i < l->nargs && !found; i++) {
		struct value it = eval_expr(l->args[i], c);
		if (!it.known)
			any_unknown = true;
		else if (x.known && equal(&x, &it))
			found = true;
	}
	if (found) {
		c->nmiss = mark;
		return known(FT_BOOL, e->op == EXPR_IN);
	}
	if (any_unknown)
		return unknown(FT_BOOL);
	return known(FT_BOOL, e->op == EXPR_NOTIN);
}

/* Comparisons. */
static struct value
compare(const struct expr *e, struct eval_ctx *c)
{
	struct value a = eval_expr(e->args[0], c);
	struct value b = eval_expr(e->args[1], c);

	if (!a.known || !b.known)
		return unknown(FT_BOOL);
	switch (e->op) {
	case EXPR_EQ: return known(FT_BOOL, equal(&a, &b));
	case EXPR_NE: return known(FT_BOOL, !equal(&a, &b));
	case EXPR_LT: return known(FT_BOOL, a.i < b.i);
	case EXPR_LE: return known(FT_BOOL, a.i <= b.i);
	case EXPR_GT: return known(FT_BOOL, a.i > b.i);
	case EXPR_GE: return known(FT_BOOL, a.i >= b.i);
	default: break;
	}
	fatal("eval: not a comparison");
}

/* Arithmetic and the date functions. */
static struct value
arith(const struct expr *e, struct eval_ctx *c)
{
	struct value a = eval_expr(e->args[0], c);
	struct value b = e->nargs > 1 ? eval_expr(e->args[1], c) : a;
	int64_t r;

	if (!a.known || !b.known)
		return unknown(e->type);
	switch (e->op) {
	case EXPR_NEG:
		return known(e->type, -a.i);
	case EXPR_ADD:
		/* an overflow can only come from absurd facts: no answer rather than a wrong one */
		return __builtin_add_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_SUB:
		return __builtin_sub_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_MUL:
		return __builtin_mul_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_MONTHS_BETWEEN:
		return known(FT_INT, date_months_between((int)a.i, (int)b.i));
	case EXPR_YEARS_BETWEEN:
		return known(FT_INT, date_years_between((int)a.i, (int)b.i));
	case EXPR_ADD_MONTHS:
		if (b.i > 120000 || b.i < -120000)
			return unknown(FT_DATE);
		return known(FT_DATE, date_add_months((int)a.i, (int)b.i));
	case EXPR_MIN:
		return known(e->type, a.i < b.i ? a.i : b.i);
	case EXPR_MAX:
		return known(e->type, a.i > b.i ? a.i : b.i);
	case EXPR_YEAR: {
		int y, m, d;
		date_to_ymd((int)a.i, &y, &m, &d);
		return known(FT_INT, y);
	}
	default:
		break;
	}
	fatal("eval: not arithmetic");
}

/* Evaluate an expression. */
struct value
eval_expr(const struct expr *e, struct eval_ctx *c)
{
	struct value v;
	enum tri t;

	switch (e->op) {
	case EXPR_BOOL:
	case EXPR_INT:
	case EXPR_MONEY:
	case EXPR_DATE:
		return known(e->type, e->i);
	case EXPR_STR:
		v = known(e->type, 0);
		v.s = e->s;
		return v;
	case EXPR_ON:
		return known(FT_DATE, c->on);
	case EXPR_FACT:
		return read_fact(e, c);
	case EXPR_COUNT:
		return count_list(e, c);
	case EXPR_LIST:
		break;
	case EXPR_NOT:
		v = eval_expr(e->args[0], c);
		if (v.known)
			v.i = !v.i;
		return v;
	case EXPR_AND:
	case EXPR_OR:
		return logic(e, c);
	case EXPR_EQ: case EXPR_NE: case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE:
		return compare(e, c);
	case EXPR_IN:
	case EXPR_NOTIN:
		return in_list(e, c);
	case EXPR_NEG: case EXPR_ADD: case EXPR_SUB: case EXPR_MUL:
	case EXPR_MONTHS_BETWEEN: case EXPR_YEARS_BETWEEN: case EXPR_ADD_MONTHS: case EXPR_YEAR:
	case EXPR_MIN: case EXPR_MAX:
		return arith(e, c);
	case EXPR_POLICY:
	case EXPR_GROUP:
		if (c->ref == NULL)
			fatal("eval: policy() or group() without a resolver");
		t = c->ref(c->arg, e, c);
		return t == TRI_UNKNOWN ? unknown(FT_BOOL) : known(FT_BOOL, t == TRI_TRUE);
	}
	fatal("eval: a list is not a value");
}

/* Evaluate a bool expression as true, false or unknown. */
enum tri
eval_tri(const struct expr *e, struct eval_ctx *c)
{
	struct value v = eval_expr(e, c);

	if (!v.known)
		return TRI_UNKNOWN;
	return v.i ? TRI_TRUE : TRI_FALSE;
}

/* Append fen as yuan with two decimals ("960.00"). */
void
eval_format_yuan(int64_t fen, struct sbuf *out)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	sbuf_addf(out, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "", a / 100, a % 100);
}

/* Append a value as text for a sentence (zh: Chinese words for yes/no and enum labels; "?" if unknown). */
void
eval_format(const struct value *v, const struct factschema_fact *fact, bool zh, struct sbuf *out)
{
	char buf[11];

	if (!v->known) {
		sbuf_add(out, "?");
		return;
	}
	switch (v->type) {
	case FT_BOOL:
		sbuf_add(out, zh ? (v->i ? "是" : "否") : (v->i ? "yes" : "no"));
		return;
	case FT_INT:
		sbuf_addf(out, "%" PRId64, v->i);
		return;
	case FT_MONEY:
		eval_format_yuan(v->i, out);
		return;
	case FT_DATE:
		sbuf_add(out, date_format((int)v->i, buf));
		return;
	case FT_ENUM:
		if (fact != NULL && fact->type == FT_ENUM && v->s != NULL) {
			const struct factschema_value *sv = factschema_enum_find(fact, v->s);
			if (sv != NULL) {
				sbuf_add(out, zh ? sv->zh : sv->en);
				return;
			}
		}
		sbuf_add(out, v->s != NULL ? v->s : "?");
		return;
	case FT_STRING:
		sbuf_add(out, v->s != NULL ? v->s : "?");
		return;
	case FT_LIST:
	case FT_MAP:
		break;
	}
	sbuf_add(out, "?");
}

/* The path of a missing fact as the results name it ("certificates[0].issued_on"). Caller frees. */
char *
eval_missing_path(const struct eval_missing *m)
{
	const struct factschema_fact *l = m->fact->list;

	if (l == NULL || m->item < 0)
		return xstrdup(m->fact->path);
	return xasprintf("%s[%d]%s", l->path, m->item, m->fact->path + strlen(l->path));
}
