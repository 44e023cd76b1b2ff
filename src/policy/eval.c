/* Three-valued evaluation of parsed expressions over a facts tree. */
#include "policy/eval.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
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

/* A cache for the facts of a schema with n facts. Free with eval_cache_free. */
void
eval_cache_init(struct eval_cache *k, size_t n)
{
	k->given = NULL;
	k->slots = xcalloc(n ? n : 1, sizeof *k->slots);
	k->n = n;
	k->gen = 1;
}

/* Forget every fact read: the next tree is another one (even at the same address). */
void
eval_cache_reset(struct eval_cache *k)
{
	k->gen++;
}

/* Free a cache's memory. */
void
eval_cache_free(struct eval_cache *k)
{
	free(k->slots);
	k->slots = NULL;
	k->n = 0;
}

/* Whether a node's key is key (the first bytes compared inline: most keys differ there). */
static bool
key_is(const struct node *n, const char *key)
{
	return n->key[0] == key[0] && strcmp(n->key, key) == 0;
}

/* The child of a map under key, looking first where it was last found (hint may be NULL): a map
 * built in a fixed order keeps its keys near the same places from one tree to the next. */
static const struct node *
child(const struct node *map, const char *key, unsigned char *hint)
{
	size_t h;

	if (map == NULL || map->kind != NODE_MAP)
		return NULL;
	if (hint == NULL) {
		for (size_t i = 0; i < map->n; i++)
			if (key_is(map->items[i], key))
				return map->items[i];
		return NULL;
	}
	if (map->n == 0)
		return NULL;
	/* absent keys before it move a key down: look at the hint, then below it, then above */
	h = *hint < map->n ? *hint : map->n - 1;
	for (size_t k = 0; k < map->n; k++) {
		size_t i = k <= h ? h - k : k;
		if (key_is(map->items[i], key)) {
			*hint = (unsigned char)(i <= UCHAR_MAX ? i : UCHAR_MAX);
			return map->items[i];
		}
	}
	return NULL;
}

/* Follow a fact's path below the root or an item (hints may be NULL). */
static const struct node *
follow(const struct node *n, const struct factschema_fact *f, unsigned char *hints)
{
	for (size_t i = 0; i < f->nparts && n != NULL; i++)
		n = child(n, f->parts[i], hints != NULL && i < 4 ? &hints[i] : NULL);
	return n;
}

/* A scalar's text as a fact of type t; not known when NULL or unreadable. An enum's value
 * keeps its place among the fact's allowed values in i (1 for the first; 0 for a text that is
 * none of them; was: the place found last time, looked at first). */
static struct value
parse_text(const struct factschema_fact *f, enum ftype t, const char *text, int64_t was)
{
	struct value v = { .type = t, .known = false };
	int day;

	if (text == NULL)
		return v;
	switch (t) {
	case FT_BOOL: {
		const char *x = text;
		/* "true" or "false" exactly, compared here */
		if (x[0] == 't' && x[1] == 'r' && x[2] == 'u' && x[3] == 'e' && x[4] == '\0')
			v.i = 1;
		else if (!(x[0] == 'f' && x[1] == 'a' && x[2] == 'l' && x[3] == 's' && x[4] == 'e' && x[5] == '\0'))
			return v;
		break;
	}
	case FT_INT:
	case FT_MONEY:
		if (!parse_i64(text, &v.i))
			return v;
		break;
	case FT_DATE:
		if (date_parse(text, &day) != 0)
			return v;
		v.i = day;
		break;
	case FT_ENUM:
		if (f != NULL && f->type == FT_ENUM) {
			const struct factschema_value *sv = was > 0 && (size_t)was <= f->nvalues &&
			    strcmp(f->values[was - 1].value, text) == 0 ? &f->values[was - 1] :
			    factschema_enum_find(f, text);
			v.i = sv != NULL ? (int64_t)(sv - f->values) + 1 : 0;
		}
		v.s = text;
		break;
	case FT_STRING:
		v.s = text;
		break;
	case FT_LIST:
	case FT_MAP:
		return v;
	}
	v.known = true;
	return v;
}

/* A scalar node's value as a fact of type t, as parse_text reads its text; not known when absent
 * or not a scalar. */
static struct value
parse_value(const struct factschema_fact *f, enum ftype t, const struct node *n, int64_t was)
{
	if (n == NULL || n->kind != NODE_SCALAR)
		return parse_text(f, t, NULL, was);
	return parse_text(f, t, n->text, was);
}

/* The cache slot of a fact read under owner, filled in if this tree has not read it yet. */
static const struct eval_slot *
slot_of(struct eval_cache *k, const struct factschema_fact *f, const struct node *owner)
{
	struct eval_slot *sl = &k->slots[f->index];

	if (sl->gen == k->gen && sl->owner == owner)
		return sl;
	sl->gen = k->gen;
	sl->owner = owner;
	if (k->given != NULL && f->list == NULL && f->index < k->given->n && k->given->has[f->index]) {
		/* given beside the tree: its text, read as the tree's node would be */
		sl->node = NULL;
		sl->v = parse_text(f, f->type, k->given->text[f->index], sl->v.type == FT_ENUM ? sl->v.i : 0);
		return sl;
	}
	sl->node = follow(owner, f, sl->hint);
	sl->v = parse_value(f, f->type, sl->node, sl->v.type == FT_ENUM ? sl->v.i : 0);
	return sl;
}

/* The node of a fact under the root (f->list NULL) or under item, or NULL when absent. */
const struct node *
eval_fact_node(struct eval_ctx *c, const struct factschema_fact *f, const struct node *item)
{
	const struct node *owner = f->list != NULL ? item : c->root;

	if (c->cache != NULL && f->index < c->cache->n)
		return slot_of(c->cache, f, owner)->node;
	return follow(owner, f, NULL);
}

/* Read a fact from the tree; unknown (and pushed) when absent or unreadable (read_fact's way when
 * the fact is not known from before in this tree). */
static struct value __attribute__((noinline))
read_fact_slow(const struct expr *e, struct eval_ctx *c)
{
	const struct node *owner = e->item ? c->item : c->root;
	struct value v;

	struct eval_cache *k = c->cache;

	if (k != NULL && (e->fact_index != EXPR_NO_INDEX ? e->fact_index : e->fact->index) < k->n) {
		const struct eval_slot *sl = &k->slots[e->fact_index != EXPR_NO_INDEX ? e->fact_index :
		    e->fact->index];
		/* read before in this tree: here, not through a call */
		if (!(sl->gen == k->gen && sl->owner == owner))
			sl = slot_of(k, e->fact, owner);
		if (sl->v.known)
			return sl->v;
		v = sl->v;
	} else
		v = parse_value(e->fact, e->type, follow(owner, e->fact, NULL), 0);
	if (!v.known)
		eval_push_missing(c, e->fact, e->item ? c->index : -1);
	return v;
}

/* Read a fact from the tree; unknown (and pushed) when absent or unreadable. Inline, the value
 * known from before in this tree (most reads); anything else through read_fact_slow, whose frame
 * (its parsing, checked buffers) a known value does not pay for. */
static inline struct value
read_fact(const struct expr *e, struct eval_ctx *c)
{
	const struct eval_cache *k = c->cache;

	if (k != NULL && e->fact_index < k->n && e->fact_index != EXPR_NO_INDEX) {
		const struct eval_slot *sl = &k->slots[e->fact_index];
		if (sl->gen == k->gen && sl->owner == (e->item ? c->item : c->root) && sl->v.known)
			return sl->v;
	}
	return read_fact_slow(e, c);
}

/* The value of a literal; a string's i is its place among an enum's values when it is one of them
 * (check_enum_lit), else 0. */
static inline struct value
literal(const struct expr *e)
{
	struct value v = known(e->type, e->i);

	if (e->op == EXPR_STR)
		v.s = e->s;
	return v;
}

/* Evaluate an operand: a literal or a fact read here, anything else through eval_expr (whose
 * frame is large: the leaves, most of the operands, skip it). */
static inline struct value
operand(const struct expr *e, struct eval_ctx *c)
{
	switch (e->op) {
	case EXPR_BOOL:
	case EXPR_INT:
	case EXPR_MONEY:
	case EXPR_DATE:
	case EXPR_STR:
		return literal(e);
	case EXPR_ON:
		return known(FT_DATE, c->on);
	case EXPR_FACT:
		return read_fact(e, c);
	default:
		return eval_expr(e, c);
	}
}

/* count(LIST): the number of items; an absent list is empty. */
static struct value
count_list(const struct expr *e, struct eval_ctx *c)
{
	const struct node *n = eval_fact_node(c, e->fact, c->item);

	return known(FT_INT, n != NULL && n->kind == NODE_LIST ? (int64_t)n->n : 0);
}

/* Whether two known values are equal. Of an enum and a listed literal or another enum of the same
 * values (the type checker's same_enum), both with places among the values (i > 0), the places are
 * compared: the same place is the same text. */
static inline __attribute__((always_inline)) bool
equal(const struct value *a, const struct value *b)
{
	if (a->type == FT_STRING || a->type == FT_ENUM || b->type == FT_STRING || b->type == FT_ENUM) {
		if ((a->type == FT_ENUM || b->type == FT_ENUM) && a->i > 0 && b->i > 0)
			return a->i == b->i;
		return a->s != NULL && b->s != NULL && strcmp(a->s, b->s) == 0;
	}
	return a->i == b->i;
}

/* A value's answer as true, false or unknown. */
static inline enum tri
value_tri(struct value v)
{
	return !v.known ? TRI_UNKNOWN : v.i ? TRI_TRUE : TRI_FALSE;
}

/* An answer as a bool value. */
static inline struct value
tri_value(enum tri t)
{
	return t == TRI_UNKNOWN ? unknown(FT_BOOL) : known(FT_BOOL, t == TRI_TRUE);
}

static enum tri eval_bool(const struct expr *e, struct eval_ctx *c);

/* and / or with three values; a known result drops the missing facts pushed since mark. */
static enum tri
logic(const struct expr *e, struct eval_ctx *c)
{
	size_t mark = c->nmiss;
	bool is_and = e->op == EXPR_AND;
	enum tri a = eval_bool(e->args[0], c);

	/* false and x = false; true or x = true */
	if (a != TRI_UNKNOWN && (a == TRI_TRUE) != is_and) {
		c->nmiss = mark;
		return a;
	}
	enum tri b = eval_bool(e->args[1], c);
	if (b != TRI_UNKNOWN && (b == TRI_TRUE) != is_and) {
		c->nmiss = mark;
		return b;
	}
	if (a != TRI_UNKNOWN && b != TRI_UNKNOWN)
		return is_and ? TRI_TRUE : TRI_FALSE;
	return TRI_UNKNOWN;
}

/* x in [..] and x not in [..]. */
static enum tri
in_list(const struct expr *e, struct eval_ctx *c)
{
	size_t mark = c->nmiss;
	struct value x = operand(e->args[0], c);
	const struct expr *l = e->args[1];
	bool any_unknown = !x.known, found = false;

	for (size_t i = 0; i < l->nargs && !found; i++) {
		struct value it = operand(l->args[i], c);
		if (!it.known)
			any_unknown = true;
		else if (x.known && equal(&x, &it))
			found = true;
	}
	if (found) {
		c->nmiss = mark;
		return e->op == EXPR_IN ? TRI_TRUE : TRI_FALSE;
	}
	if (any_unknown)
		return TRI_UNKNOWN;
	return e->op == EXPR_NOTIN ? TRI_TRUE : TRI_FALSE;
}

/* Comparisons. */
static enum tri
compare(const struct expr *e, struct eval_ctx *c)
{
	struct value a = operand(e->args[0], c);
	struct value b = operand(e->args[1], c);
	bool r;

	if (!a.known || !b.known)
		return TRI_UNKNOWN;
	switch (e->op) {
	case EXPR_EQ: r = equal(&a, &b); break;
	case EXPR_NE: r = !equal(&a, &b); break;
	case EXPR_LT: r = a.i < b.i; break;
	case EXPR_LE: r = a.i <= b.i; break;
	case EXPR_GT: r = a.i > b.i; break;
	case EXPR_GE: r = a.i >= b.i; break;
	default: fatal("eval: not a comparison");
	}
	return r ? TRI_TRUE : TRI_FALSE;
}

/* A bool expression's answer: and, or, not, the comparisons, 'in' and the references answered
 * here as true, false or unknown, without a value to return through memory (most of a condition
 * or a group); anything else is an operand's value. */
static enum tri
eval_bool(const struct expr *e, struct eval_ctx *c)
{
	enum tri t;

	switch (e->op) {
	case EXPR_AND:
	case EXPR_OR:
		return logic(e, c);
	case EXPR_NOT:
		t = eval_bool(e->args[0], c);
		return t == TRI_UNKNOWN ? t : t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
	case EXPR_EQ: case EXPR_NE: case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE:
		return compare(e, c);
	case EXPR_IN:
	case EXPR_NOTIN:
		return in_list(e, c);
	case EXPR_POLICY:
	case EXPR_GROUP:
		if (c->ref == NULL)
			fatal("eval: policy() or group() without a resolver");
		return c->ref(c->arg, e, c);
	default:
		return value_tri(operand(e, c));
	}
}

/* The year of a day number (out of line: its y, m, d would make the evaluator's frame a checked one). */
static int __attribute__((noinline))
year_of(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y;
}

/* Arithmetic and the date functions. */
static struct value
arith(const struct expr *e, struct eval_ctx *c)
{
	struct value a = operand(e->args[0], c);
	struct value b = e->nargs > 1 ? operand(e->args[1], c) : a;
	int64_t r;

	if (!a.known || !b.known)
		return unknown(e->type);
	switch (e->op) {
	case EXPR_NEG:
		return a.i == INT64_MIN ? unknown(e->type) : known(e->type, -a.i);
	case EXPR_ADD:
		/* an overflow can only come from absurd facts: no answer rather than a wrong one */
		return __builtin_add_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_SUB:
		return __builtin_sub_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_MUL:
		return __builtin_mul_overflow(a.i, b.i, &r) ? unknown(e->type) : known(e->type, r);
	case EXPR_MONTHS_BETWEEN:
		return known(FT_INT, date_months_between((int)a.i, (int)b.i));
	case EXPR_TERM_MONTHS:
		/* the end date is the term's last day: its months are complete the day after */
		return known(FT_INT, b.i < a.i ? 0 : date_months_between((int)a.i, (int)b.i + 1));
	case EXPR_YEARS_BETWEEN:
		return known(FT_INT, date_years_between((int)a.i, (int)b.i));
	case EXPR_ADD_MONTHS:
		/* beyond a thousand years the date would leave YYYY-MM-DD: no answer */
		if (b.i > 12000 || b.i < -12000)
			return unknown(FT_DATE);
		return known(FT_DATE, date_add_months((int)a.i, (int)b.i));
	case EXPR_MIN:
		return known(e->type, a.i < b.i ? a.i : b.i);
	case EXPR_MAX:
		return known(e->type, a.i > b.i ? a.i : b.i);
	case EXPR_YEAR:
		return known(FT_INT, year_of((int)a.i));
	default:
		break;
	}
	fatal("eval: not arithmetic");
}

/* A local setting's value: a test case's override, else the file's; a null date is unknown. */
static struct value
eval_local(const struct expr *e, struct eval_ctx *c)
{
	const struct setting *st = e->ref;

	for (size_t i = 0; i < c->nov; i++)
		if (c->ov[i].setting == st)
			return c->ov[i].set ? known(st->type, c->ov[i].value) : unknown(st->type);
	return st->set ? known(st->type, st->value) : unknown(st->type);
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
	case EXPR_STR:
		return literal(e);
	case EXPR_ON:
		return known(FT_DATE, c->on);
	case EXPR_AS_OF:
		c->as_of_read = true;
		if (!c->as_of_unknown)
			return known(FT_DATE, c->as_of);
		for (size_t i = 0; i < c->nas_of_miss; i++)
			eval_push_missing(c, c->as_of_miss[i].fact, c->as_of_miss[i].item);
		return unknown(FT_DATE);
	case EXPR_LOCAL:
		return eval_local(e, c);
	case EXPR_KNOWN: {
		/* whether the value is known: never unknown itself, so it needs no fact */
		size_t mark = c->nmiss;
		v = eval_expr(e->args[0], c);
		c->nmiss = mark;
		return known(FT_BOOL, v.known);
	}
	case EXPR_FACT:
		return read_fact(e, c);
	case EXPR_COUNT:
		return count_list(e, c);
	case EXPR_LIST:
		break;
	case EXPR_NOT:
	case EXPR_AND:
	case EXPR_OR:
	case EXPR_EQ: case EXPR_NE: case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE:
	case EXPR_IN:
	case EXPR_NOTIN:
		return tri_value(eval_bool(e, c));
	case EXPR_NEG: case EXPR_ADD: case EXPR_SUB: case EXPR_MUL:
	case EXPR_MONTHS_BETWEEN: case EXPR_TERM_MONTHS: case EXPR_YEARS_BETWEEN: case EXPR_ADD_MONTHS:
	case EXPR_YEAR: case EXPR_MIN: case EXPR_MAX:
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
	return eval_bool(e, c);
}

/* Append a decimal integer. */
void
eval_format_int(int64_t v, struct sbuf *out)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (v < 0)
		*--p = '-';
	sbuf_addn(out, p, (size_t)(buf + sizeof buf - p));
}

/* Append fen as yuan with two decimals ("960.00"). */
void
eval_format_yuan(int64_t fen, struct sbuf *out)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char cents[3] = { (char)('0' + a % 100 / 10), (char)('0' + a % 10), '\0' };

	if (fen < 0)
		sbuf_addc(out, '-');
	eval_format_int((int64_t)(a / 100), out);   /* even INT64_MIN's yuan fit */
	sbuf_addc(out, '.');
	sbuf_addn(out, cents, 2);
}

/* Append a day number as YYYY-MM-DD, as date_format writes it. */
void
eval_format_date(int day, struct sbuf *out)
{
	/* the last days written, per thread: the evaluation date and a status date come again and
	 * again, person after person */
	static _Thread_local struct { int day; char text[10]; } seen[4] = { { INT_MIN, "" }, { INT_MIN, "" },
	    { INT_MIN, "" }, { INT_MIN, "" } };
	static _Thread_local unsigned next;
	int y, m, d;
	char buf[11];

	for (size_t i = 0; i < 4; i++) {
		if (seen[i].day == day) {
			sbuf_addn(out, seen[i].text, 10);
			return;
		}
	}
	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		sbuf_addn(out, date_format(day, buf), 10);
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	seen[next % 4].day = day;
	memcpy(seen[next % 4].text, buf, 10);
	next++;
	sbuf_addn(out, buf, 10);
}

/* Append a value as text for a sentence (zh: Chinese words for yes/no and enum labels; "?" if unknown). */
void
eval_format(const struct value *v, const struct factschema_fact *fact, bool zh, struct sbuf *out)
{
	if (!v->known) {
		sbuf_add(out, "?");
		return;
	}
	switch (v->type) {
	case FT_BOOL:
		sbuf_add(out, zh ? (v->i ? "是" : "否") : (v->i ? "yes" : "no"));
		return;
	case FT_INT:
		if (fact != NULL && fact->type == FT_INT && fact->nvalues > 0) {
			char num[24], *p = num + sizeof num;
			uint64_t a = v->i < 0 ? (uint64_t)0 - (uint64_t)v->i : (uint64_t)v->i;
			*--p = '\0';
			do {
				*--p = (char)('0' + a % 10);
				a /= 10;
			} while (a != 0);
			if (v->i < 0)
				*--p = '-';
			const struct factschema_value *sv = factschema_enum_find(fact, p);
			if (sv != NULL) {
				sbuf_add(out, zh ? sv->zh : sv->en);
				return;
			}
		}
		eval_format_int(v->i, out);
		return;
	case FT_MONEY:
		eval_format_yuan(v->i, out);
		return;
	case FT_DATE:
		eval_format_date((int)v->i, out);
		return;
	case FT_ENUM:
		if (fact != NULL && fact->type == FT_ENUM && v->s != NULL) {
			/* the place kept when the fact was read, if it is this fact's, else a search */
			const struct factschema_value *sv = v->i > 0 && (size_t)v->i <= fact->nvalues &&
			    strcmp(fact->values[v->i - 1].value, v->s) == 0 ? &fact->values[v->i - 1] :
			    factschema_enum_find(fact, v->s);
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

/* Append the path of a missing fact as eval_missing_path gives it. */
void
eval_missing_write(const struct eval_missing *m, struct sbuf *out)
{
	const struct factschema_fact *l = m->fact->list;

	if (l == NULL || m->item < 0) {
		sbuf_add(out, m->fact->path);
		return;
	}
	sbuf_add(out, l->path);
	sbuf_addc(out, '[');
	eval_format_int(m->item, out);
	sbuf_addc(out, ']');
	sbuf_add(out, m->fact->path + strlen(l->path));
}
