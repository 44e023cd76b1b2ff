/* The condition language: recursive-descent parser and type checker. */
#include "policy/expr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

enum tok {
	T_END, T_INT, T_MONEY, T_DATE, T_STR, T_NAME, T_LP, T_RP, T_LB, T_RB, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS, T_STAR,
};

/* One token. */
struct token {
	enum tok t;
	size_t off, len;   /* where it is in the text */
	int64_t i;         /* T_INT, T_MONEY (fen), T_DATE (day) */
	char *s;           /* T_STR (unescaped), T_NAME */
};

/* The state of one parse. */
struct parser {
	const char *text;
	size_t pos;
	const struct expr_env *env;
	struct diag *d;
	struct token cur;
	int depth;
	size_t at_off;     /* the last offset placed by parser_where, and its line and column */
	int at_line, at_col;
};

#define MAX_DEPTH 64

/* Record an error (fmt: a message id) at an offset in the text; returns EX_DATAERR. */
static int
perr(struct parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The line and column of an offset in the text. Nodes are made in the order of the text, so
 * the scan goes on from the last offset placed: a parse reads the text once (linear), where a
 * scan from the start for every node made a 20,000-term chain take seconds. */
static void
parser_where(struct parser *p, size_t off, int *line, int *col)
{
	if (p->at_line == 0 || off < p->at_off) {
		p->at_off = 0;
		p->at_line = p->env->line;
		p->at_col = p->env->col;
	}
	size_t i;
	for (i = p->at_off; i < off && p->text[i]; i++) {
		if (p->text[i] == '\n') {
			p->at_line++;
			p->at_col = 1;
		} else if (((unsigned char)p->text[i] & 0xc0) != 0x80) {
			p->at_col++;
		}
	}
	p->at_off = i;
	*line = p->at_line;
	*col = p->at_col;
}

/* Record an error (fmt: a message id) at an offset in the text; returns EX_DATAERR. */
static int
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	char msg[800];
	va_list ap;
	int line, col;

	parser_where(p, off, &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, tr(fmt), ap);
	va_end(ap);
	return diag_set(p->d, EX_DATAERR, "%s:%d:%d: %s", p->env->file, line, col, msg);
}

/* Whether c may start a name. */
static bool
name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

/* Whether c may continue a name. */
static bool
name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Read digits at s into *v; returns how many (0 on overflow beyond 15 digits). */
static size_t
digits(const char *s, int64_t *v)
{
	size_t n = 0;

	*v = 0;
	while (isdigit((unsigned char)s[n])) {
		if (n >= 15)
			return 0;
		*v = *v * 10 + (s[n] - '0');
		n++;
	}
	return n;
}

/* Lex a number, a date or a money amount at p->pos. */
static int
lex_number(struct parser *p, struct token *t)
{
	const char *s = p->text + p->pos;
	int64_t v, frac = 0;
	size_t n = digits(s, &v), fn = 0;

	if (n == 0)
		return perr(p, p->pos, "number too long");
	if (n == 4 && s[4] == '-' && isdigit((unsigned char)s[5])) {
		char buf[11];
		int day;
		memcpy(buf, s, 10);
		buf[10] = '\0';
		if (strlen(buf) < 10 || date_parse(buf, &day) != 0 || isalnum((unsigned char)s[10]))
			return perr(p, p->pos, "'%.10s' is not a date; write a real date as YYYY-MM-DD", s);
		t->t = T_DATE;
		t->i = day;
		t->len = 10;
		return 0;
	}
	if (s[n] == '.' && isdigit((unsigned char)s[n + 1])) {
		fn = digits(s + n + 1, &frac);
		if (fn > 2)
			return perr(p, p->pos, "money has at most two decimals (fen): '%.*s'", (int)(n + 1 + fn), s);
		if (fn == 1)
			frac *= 10;
	}
	size_t end = n + (fn ? fn + 1 : 0), k = end;
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	bool yuan = strncmp(s + k, "yuan", 4) == 0 && !name_char(s[k + 4]);
	bool fen = strncmp(s + k, "fen", 3) == 0 && !name_char(s[k + 3]);
	if (yuan || fen) {
		if (fen && fn)
			return perr(p, p->pos, "fen are whole numbers; write '%.*s yuan' or whole fen", (int)end, s);
		t->t = T_MONEY;
		t->i = yuan ? v * 100 + frac : v;
		t->len = k + (yuan ? 4 : 3);
		return 0;
	}
	if (fn)
		return perr(p, p->pos, "no fractions except money: write '%.*s yuan' or an integer", (int)end, s);
	if (name_char(s[n]))
		return perr(p, p->pos, "'%.*s' is not a number", (int)(n + 1), s);
	t->t = T_INT;
	t->i = v;
	t->len = n;
	return 0;
}

/* Lex a quoted string at p->pos. */
static int
lex_string(struct parser *p, struct token *t)
{
	const char *s = p->text + p->pos;
	char q = s[0];
	struct sbuf b = SBUF_INIT;
	size_t i = 1;

	for (;; i++) {
		if (s[i] == '\0' || s[i] == '\n') {
			sbuf_free(&b);
			return perr(p, p->pos, "unterminated string; close it with %c", q);
		}
		if (s[i] == q)
			break;
		if (s[i] == '\\' && (s[i + 1] == q || s[i + 1] == '\\'))
			i++;
		sbuf_addc(&b, s[i]);
	}
	sbuf_add(&b, "");
	t->t = T_STR;
	t->s = sbuf_take(&b);
	t->len = i + 1;
	return 0;
}

/* Read the next token into p->cur. */
static int
lex(struct parser *p)
{
	static const struct { const char *s; enum tok t; } ops[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE }, { "<", T_LT },
		{ ">", T_GT }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR }, { "(", T_LP },
		{ ")", T_RP }, { "[", T_LB }, { "]", T_RB }, { ",", T_COMMA },
	};
	struct token *t = &p->cur;

	free(t->s);
	memset(t, 0, sizeof *t);
	while (p->text[p->pos] && isspace((unsigned char)p->text[p->pos]))
		p->pos++;
	t->off = p->pos;
	const char *s = p->text + p->pos;
	int rc = 0;
	if (*s == '\0') {
		t->t = T_END;
	} else if (isdigit((unsigned char)*s)) {
		rc = lex_number(p, t);
	} else if (*s == '"' || *s == '\'') {
		rc = lex_string(p, t);
	} else if (name_start(*s)) {
		size_t n = 0;
		while (name_char(s[n]) || (s[n] == '.' && name_start(s[n + 1])))
			n++;
		t->t = T_NAME;
		t->s = xstrndup(s, n);
		t->len = n;
	} else {
		size_t i;
		for (i = 0; i < sizeof ops / sizeof *ops; i++) {
			size_t n = strlen(ops[i].s);
			if (strncmp(s, ops[i].s, n) == 0) {
				t->t = ops[i].t;
				t->len = n;
				break;
			}
		}
		if (i == sizeof ops / sizeof *ops) {
			if (*s == '=')
				return perr(p, p->pos, "'=' alone is not an operator; compare with '=='");
			return perr(p, p->pos, "unexpected character '%c'", *s);
		}
	}
	p->pos += t->len;
	return rc;
}

/* Whether the current token is the keyword kw. */
static bool
is_kw(const struct parser *p, const char *kw)
{
	return p->cur.t == T_NAME && strcmp(p->cur.s, kw) == 0;
}

/* A short description of the current token for messages. */
static const char *
tok_desc(const struct parser *p, char *buf, size_t len)
{
	if (p->cur.t == T_END)
		return tr("the end");
	snprintf(buf, len, "'%.*s'", (int)(p->cur.len > 40 ? 40 : p->cur.len), p->text + p->cur.off);
	return buf;
}

/* A new node of an op at the current token. */
static struct expr *
expr_node_at(struct parser *p, enum expr_op op, size_t off)
{
	struct expr *e = xcalloc(1, sizeof *e);
	int line, col;

	parser_where(p, off, &line, &col);
	e->op = op;
	e->line = line;
	e->col = col;
	return e;
}

/* Append an argument to a node. */
static void
add_arg(struct expr *e, struct expr *a)
{
	e->args = xreallocarray(e->args, e->nargs + 1, sizeof *e->args);
	e->args[e->nargs++] = a;
}

/* Free an expression tree. */
void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	if (e->whole) {
		free(e);   /* the block holds every node, argument array and text of the tree */
		return;
	}
	for (size_t i = 0; i < e->nargs; i++)
		expr_free(e->args[i]);
	free(e->args);
	free(e->s);
	free(e);
}

/* How a value of an expression is described in messages ("a date", "an enum of person.sex"). */
static const char *
type_desc(const struct expr *e, char *buf, size_t len)
{
	static const char *const names[] = {
		[FT_BOOL] = "a bool", [FT_INT] = "an integer", [FT_MONEY] = "money", [FT_DATE] = "a date",
		[FT_STRING] = "a string", [FT_ENUM] = "an enum", [FT_LIST] = "a list", [FT_MAP] = "a map",
	};
	if (e->type == FT_ENUM && e->fact != NULL)
		snprintf(buf, len, "an enum (%s)", e->fact->path);
	else
		snprintf(buf, len, "%s", names[e->type]);
	return buf;
}

/* Require an operand of one type. */
static int
want(struct parser *p, const struct expr *e, enum ftype t, const char *where)
{
	char buf[160];
	static const char *const names[] = {
		[FT_BOOL] = "a bool", [FT_INT] = "an integer", [FT_MONEY] = "money", [FT_DATE] = "a date",
		[FT_STRING] = "a string", [FT_ENUM] = "an enum", [FT_LIST] = "a list", [FT_MAP] = "a map",
	};
	if (e->type == t)
		return 0;
	return diag_set(p->d, EX_DATAERR, "%s:%d:%d: %s needs %s here, not %s", p->env->file, e->line, e->col,
	    where, names[t], type_desc(e, buf, sizeof buf));
}

/* Check that a string literal is an allowed value of an enum fact, and keep its place among the
 * fact's values in lit->i (1 for the first): compared with a value read from the fact, the two
 * places are compared, not the texts (eval.c equal). */
static int
check_enum_lit(struct parser *p, const struct expr *en, struct expr *lit)
{
	const struct factschema_value *sv;

	if (lit->op != EXPR_STR)
		return 0;
	if ((sv = factschema_enum_find(en->fact, lit->s)) != NULL) {
		lit->i = (int64_t)(sv - en->fact->values) + 1;
		return 0;
	}
	char *list = factschema_enum_list(en->fact);
	int rc = diag_set(p->d, EX_DATAERR, "%s:%d:%d: '%s' is not a value of %s (expected one of: %s)",
	    p->env->file, lit->line, lit->col, lit->s, en->fact->path, list);
	free(list);
	return rc;
}

/* Whether two enum facts have the same allowed values. */
static bool
same_enum(const struct factschema_fact *a, const struct factschema_fact *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->nvalues != b->nvalues)
		return false;
	for (size_t i = 0; i < a->nvalues; i++)
		if (strcmp(a->values[i].value, b->values[i].value) != 0)
			return false;
	return true;
}

/* Check that two operands can be compared (== or !=, or ordered when ordered is set). */
static int
check_compare(struct parser *p, struct expr *e, bool ordered)
{
	struct expr *a = e->args[0], *b = e->args[1];
	char ba[160], bb[160];

	if (a->type == FT_ENUM && b->type == FT_STRING && b->op == EXPR_STR)
		return ordered ? want(p, a, FT_INT, "an ordering comparison") : check_enum_lit(p, a, b);
	if (b->type == FT_ENUM && a->type == FT_STRING && a->op == EXPR_STR)
		return ordered ? want(p, b, FT_INT, "an ordering comparison") : check_enum_lit(p, b, a);
	if (a->type != b->type || (a->type == FT_ENUM && !same_enum(a->fact, b->fact)))
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: cannot compare %s with %s", p->env->file, e->line,
		    e->col, type_desc(a, ba, sizeof ba), type_desc(b, bb, sizeof bb));
	if (a->type == FT_LIST || a->type == FT_MAP)
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: lists cannot be compared; use 'in'", p->env->file,
		    e->line, e->col);
	if (ordered && a->type != FT_INT && a->type != FT_MONEY && a->type != FT_DATE)
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: '<', '<=', '>', '>=' compare integers, money or "
		    "dates, not %s", p->env->file, e->line, e->col, type_desc(a, ba, sizeof ba));
	return 0;
}

/* Check 'x in [..]': the list's items must be comparable with x. */
static int
check_in(struct parser *p, struct expr *e)
{
	struct expr *a = e->args[0], *l = e->args[1];
	char ba[160];

	if (l->op != EXPR_LIST)
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: 'in' needs a [..] list on its right", p->env->file,
		    l->line, l->col);
	if (a->type != FT_INT && a->type != FT_STRING && a->type != FT_ENUM)
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: 'in' tests integers, strings or enums, not %s",
		    p->env->file, a->line, a->col, type_desc(a, ba, sizeof ba));
	for (size_t i = 0; i < l->nargs; i++) {
		struct expr *it = l->args[i];
		if (a->type == FT_ENUM && it->op == EXPR_STR) {
			int rc = check_enum_lit(p, a, it);
			if (rc != 0)
				return rc;
			continue;
		}
		if (it->type != a->type || (a->type == FT_ENUM && !same_enum(a->fact, it->fact))) {
			char bi[160];
			return diag_set(p->d, EX_DATAERR, "%s:%d:%d: list item is %s but the left side is %s",
			    p->env->file, it->line, it->col, type_desc(it, bi, sizeof bi),
			    type_desc(a, ba, sizeof ba));
		}
	}
	return 0;
}

static int parse_or(struct parser *p, struct expr **out);

/* Resolve a dotted name to a fact. */
static int
parse_path(struct parser *p, struct expr *e, const char *name, bool in_count)
{
	const struct expr_env *env = p->env;
	char *path;
	const char *rel = name;

	if (strncmp(name, "item.", 5) == 0 || strcmp(name, "item") == 0) {
		if (env->subject == NULL)
			return perr(p, p->cur.off, "'%s': 'item.' is only for policies whose subject is a list",
			    name);
		rel = name[4] == '.' ? name + 5 : "";
		if (*rel == '\0')
			return perr(p, p->cur.off, "'item' needs a field: item.FIELD");
		path = xasprintf("%s.%s", env->subject->path, rel);
		e->item = true;
	} else {
		path = xstrdup(name);
	}
	const struct factschema_fact *f = factschema_find(env->schema, path);
	if (f == NULL) {
		const struct factschema_fact *near = factschema_suggest(env->schema, path);
		int rc;
		if (near != NULL && e->item && near->list == env->subject)
			rc = perr(p, p->cur.off, "unknown fact '%s' (did you mean 'item.%s'?)", name,
			    near->path + strlen(env->subject->path) + 1);
		else if (near != NULL)
			rc = perr(p, p->cur.off, "unknown fact '%s' (did you mean '%s'?)", name, near->path);
		else
			rc = perr(p, p->cur.off, "unknown fact '%s'; facts-schema.yaml lists the known facts", name);
		free(path);
		return rc;
	}
	free(path);
	if (f->list != NULL && !e->item)
		return perr(p, p->cur.off, "'%s' is a field of each item of %s; write item.%s in a policy whose "
		    "subject is %s", name, f->list->path, f->name, f->list->path);
	if (e->item && f->list != env->subject)
		return perr(p, p->cur.off, "'%s' is not a field of the subject's items", name);
	if (f->type == FT_MAP)
		return perr(p, p->cur.off, "'%s' is a group of facts, not a value; name one of its facts", name);
	if (f->type == FT_LIST && !in_count)
		return perr(p, p->cur.off, "'%s' is a list; use count(%s) or write a policy about its items",
		    name, name);
	/* the evaluator follows f->parts, which are the path below the root or the item */
	e->fact = f;
	e->fact_index = f->index < EXPR_NO_INDEX ? (uint16_t)f->index : EXPR_NO_INDEX;
	e->type = f->type;
	return 0;
}

/* Expect a token kind, else an error naming what was wanted (a token, or a phrase marked N_). */
static int
expect(struct parser *p, enum tok t, const char *what)
{
	char buf[64];

	if (p->cur.t != t)
		return perr(p, p->cur.off, "expected %s, found %s", tr(what), tok_desc(p, buf, sizeof buf));
	return lex(p);
}

/* Parse a function call's arguments, the name already read. */
static int
parse_call(struct parser *p, struct expr *e, const char *name, size_t off)
{
	static const struct { const char *name; enum expr_op op; int nargs; enum ftype a0, a1, ret; } fns[] = {
		{ "months_between", EXPR_MONTHS_BETWEEN, 2, FT_DATE, FT_DATE, FT_INT },
		{ "term_months", EXPR_TERM_MONTHS, 2, FT_DATE, FT_DATE, FT_INT },
		{ "years_between", EXPR_YEARS_BETWEEN, 2, FT_DATE, FT_DATE, FT_INT },
		{ "add_months", EXPR_ADD_MONTHS, 2, FT_DATE, FT_INT, FT_DATE },
		{ "year", EXPR_YEAR, 1, FT_DATE, FT_DATE, FT_INT },
		{ "count", EXPR_COUNT, 1, FT_LIST, FT_LIST, FT_INT },
		{ "known", EXPR_KNOWN, 1, FT_MAP, FT_MAP, FT_BOOL },
		{ "policy", EXPR_POLICY, 1, FT_STRING, FT_STRING, FT_BOOL },
		{ "group", EXPR_GROUP, 1, FT_STRING, FT_STRING, FT_BOOL },
		{ "min", EXPR_MIN, 2, FT_MAP, FT_MAP, FT_MAP },
		{ "max", EXPR_MAX, 2, FT_MAP, FT_MAP, FT_MAP },
	};
	size_t k;
	int rc;

	for (k = 0; k < sizeof fns / sizeof *fns; k++)
		if (strcmp(fns[k].name, name) == 0)
			break;
	if (k == sizeof fns / sizeof *fns)
		return perr(p, off, "unknown function '%s' (expected months_between, term_months, years_between, "
		    "add_months, year, min, max, count, known, policy or group)", name);
	e->op = fns[k].op;
	e->type = fns[k].ret;
	if ((rc = lex(p)) != 0)
		return rc;
	if (e->op == EXPR_COUNT) {
		char buf[64];
		if (p->cur.t != T_NAME)
			return perr(p, p->cur.off, "count() needs a list fact, found %s", tok_desc(p, buf, sizeof buf));
		if ((rc = parse_path(p, e, p->cur.s, true)) != 0)
			return rc;
		if (e->fact->type != FT_LIST)
			return perr(p, p->cur.off, "count() needs a list fact; '%s' is not a list", p->cur.s);
		e->type = FT_INT;
		if ((rc = lex(p)) != 0)
			return rc;
		return expect(p, T_RP, "')'");
	}
	if (e->op == EXPR_POLICY || e->op == EXPR_GROUP) {
		if (p->cur.t != T_STR)
			return perr(p, p->cur.off, "%s() needs a quoted name, e.g. %s(\"%s\")", name, name,
			    e->op == EXPR_POLICY ? "employment-difficulty" : "college_graduate");
		e->s = xstrdup(p->cur.s);
		if ((rc = lex(p)) != 0)
			return rc;
		return expect(p, T_RP, "')'");
	}
	while (p->cur.t != T_RP) {
		struct expr *a = NULL;
		if (e->nargs > 0 && (rc = expect(p, T_COMMA, N_("',' or ')'"))) != 0)
			return rc;
		rc = parse_or(p, &a);
		if (a != NULL)
			add_arg(e, a);  /* a part-built argument is freed with the call */
		if (rc != 0)
			return rc;
	}
	if ((int)e->nargs != fns[k].nargs && fns[k].nargs == 1)
		return perr(p, off, "%s() takes %d argument, not %zu", name, fns[k].nargs, e->nargs);
	if ((int)e->nargs != fns[k].nargs)
		return perr(p, off, "%s() takes %d arguments, not %zu", name, fns[k].nargs, e->nargs);
	if (e->op == EXPR_KNOWN) {
		if (e->args[0]->type == FT_LIST || e->args[0]->type == FT_MAP)
			return perr(p, off, "known() takes a fact or a value, not a list");
		return lex(p);
	}
	if (e->op == EXPR_MIN || e->op == EXPR_MAX) {
		struct expr *a = e->args[0], *b = e->args[1];
		if (a->type != b->type || (a->type != FT_INT && a->type != FT_MONEY && a->type != FT_DATE))
			return perr(p, off, "%s() takes two integers, two money values or two dates", name);
		e->type = a->type;
		return lex(p);
	}
	for (size_t i = 0; i < e->nargs; i++) {
		char what[96];
		snprintf(what, sizeof what, "argument %zu of %s()", i + 1, name);
		if ((rc = want(p, e->args[i], i == 0 ? fns[k].a0 : fns[k].a1, what)) != 0)
			return rc;
	}
	return lex(p);
}

/* Parse a [..] list literal, the '[' already read. */
static int
parse_list(struct parser *p, struct expr *e)
{
	int rc;

	e->op = EXPR_LIST;
	e->type = FT_LIST;
	while (p->cur.t != T_RB) {
		struct expr *a = NULL;
		if (e->nargs > 0 && (rc = expect(p, T_COMMA, N_("',' or ']'"))) != 0)
			return rc;
		rc = parse_or(p, &a);
		if (a != NULL)
			add_arg(e, a);  /* a part-built item is freed with the list */
		if (rc != 0)
			return rc;
		if (a->type == FT_LIST || a->type == FT_BOOL)
			return perr(p, p->cur.off, "list items are integers, strings or enums");
		if (e->nargs > 1 && a->type != e->args[0]->type)
			return diag_set(p->d, EX_DATAERR, "%s:%d:%d: list items must all have one type",
			    p->env->file, a->line, a->col);
	}
	if (e->nargs == 0)
		return perr(p, p->cur.off, "an empty list; write at least one item");
	e->elem = e->args[0]->type;
	return lex(p);
}

/* primary := literal | PATH | call | '(' or ')' | '[' list ']' */
static int
parse_primary(struct parser *p, struct expr **out)
{
	struct token *t = &p->cur;
	struct expr *e = expr_node_at(p, EXPR_INT, t->off);
	char buf[64];
	int rc = 0;

	*out = e;
	switch (t->t) {
	case T_INT:
		e->type = FT_INT;
		e->i = t->i;
		return lex(p);
	case T_MONEY:
		e->op = EXPR_MONEY;
		e->type = FT_MONEY;
		e->i = t->i;
		return lex(p);
	case T_DATE:
		e->op = EXPR_DATE;
		e->type = FT_DATE;
		e->i = t->i;
		return lex(p);
	case T_STR:
		e->op = EXPR_STR;
		e->type = FT_STRING;
		e->s = xstrdup(t->s);
		return lex(p);
	case T_LP:
		free(e);
		*out = NULL;
		if ((rc = lex(p)) != 0 || (rc = parse_or(p, out)) != 0)
			return rc;
		return expect(p, T_RP, "')'");
	case T_LB:
		if ((rc = lex(p)) != 0)
			return rc;
		return parse_list(p, e);
	case T_NAME:
		break;
	default:
		return perr(p, t->off, "expected a value, found %s", tok_desc(p, buf, sizeof buf));
	}
	if (strcmp(t->s, "true") == 0 || strcmp(t->s, "false") == 0) {
		e->op = EXPR_BOOL;
		e->type = FT_BOOL;
		e->i = t->s[0] == 't';
		return lex(p);
	}
	if (strcmp(t->s, "on_date") == 0 || strcmp(t->s, "as_of") == 0) {
		e->op = t->s[0] == 'o' ? EXPR_ON : EXPR_AS_OF;
		e->type = FT_DATE;
		return lex(p);
	}
	if (strncmp(t->s, "local.", 6) == 0) {
		const struct setting *st = setting_find(p->env->settings, p->env->nsettings, t->s);
		if (st == NULL)
			return perr(p, t->off, "unknown local setting '%s' (declare it under 'settings:' in local.yaml)",
			    t->s);
		e->op = EXPR_LOCAL;
		e->type = st->type;
		e->ref = st;
		return lex(p);
	}
	if (strcmp(t->s, "and") == 0 || strcmp(t->s, "or") == 0 || strcmp(t->s, "in") == 0)
		return perr(p, t->off, "expected a value, found '%s'", t->s);
	/* a call if '(' follows */
	size_t q = p->pos;
	while (p->text[q] == ' ' || p->text[q] == '\t')
		q++;
	if (p->text[q] == '(') {
		char *name = xstrdup(t->s);
		size_t off = t->off;
		if ((rc = lex(p)) == 0)
			rc = parse_call(p, e, name, off);
		free(name);
		return rc;
	}
	e->op = EXPR_FACT;
	if ((rc = parse_path(p, e, t->s, false)) != 0)
		return rc;
	return lex(p);
}

/* unary := '-' unary | primary */
static int
parse_unary(struct parser *p, struct expr **out)
{
	int rc;

	if (p->cur.t != T_MINUS)
		return parse_primary(p, out);
	struct expr *e = expr_node_at(p, EXPR_NEG, p->cur.off);
	*out = e;
	if (++p->depth > MAX_DEPTH)
		return perr(p, p->cur.off, "expression nested too deeply");
	struct expr *a = NULL;
	if ((rc = lex(p)) != 0 || (rc = parse_unary(p, &a)) != 0) {
		expr_free(a);
		return rc;
	}
	p->depth--;
	add_arg(e, a);
	if (a->type != FT_INT && a->type != FT_MONEY)
		return want(p, a, FT_INT, "'-'");
	e->type = a->type;
	return 0;
}

/* Type a binary arithmetic node. */
static int
type_arith(struct parser *p, struct expr *e)
{
	struct expr *a = e->args[0], *b = e->args[1];
	char ba[160], bb[160];

	if (e->op == EXPR_MUL) {
		if (a->type == FT_INT && b->type == FT_INT)
			e->type = FT_INT;
		else if ((a->type == FT_MONEY && b->type == FT_INT) || (a->type == FT_INT && b->type == FT_MONEY))
			e->type = FT_MONEY;
		else
			return diag_set(p->d, EX_DATAERR, "%s:%d:%d: '*' multiplies integers, or money by an integer; "
			    "not %s by %s", p->env->file, e->line, e->col, type_desc(a, ba, sizeof ba),
			    type_desc(b, bb, sizeof bb));
		return 0;
	}
	if (a->type == b->type && (a->type == FT_INT || a->type == FT_MONEY)) {
		e->type = a->type;
		return 0;
	}
	if (a->type == FT_DATE || b->type == FT_DATE)
		return diag_set(p->d, EX_DATAERR, "%s:%d:%d: dates do not add or subtract; use add_months(d, n) or "
		    "months_between(d1, d2)", p->env->file, e->line, e->col);
	return diag_set(p->d, EX_DATAERR, "%s:%d:%d: '%c' needs two integers or two money values, not %s and %s",
	    p->env->file, e->line, e->col, e->op == EXPR_ADD ? '+' : '-', type_desc(a, ba, sizeof ba),
	    type_desc(b, bb, sizeof bb));
}

/* Parse a left-associative chain of binary operators over a lower level. */
static int
parse_chain(struct parser *p, struct expr **out, int (*lower)(struct parser *, struct expr **),
    bool (*match)(struct parser *, enum expr_op *), int (*check)(struct parser *, struct expr *))
{
	struct expr *left = NULL;
	enum expr_op op;
	int rc = lower(p, &left);

	*out = left;
	if (rc != 0)
		return rc;
	while (match(p, &op)) {
		struct expr *e = expr_node_at(p, op, p->cur.off), *right = NULL;
		add_arg(e, left);
		*out = e;
		if ((rc = lex(p)) != 0)
			return rc;
		rc = lower(p, &right);
		if (right != NULL)
			add_arg(e, right);
		if (rc != 0)
			return rc;
		if ((rc = check(p, e)) != 0)
			return rc;
		left = e;
	}
	return 0;
}

/* Match '*'. */
static bool
match_mul(struct parser *p, enum expr_op *op)
{
	*op = EXPR_MUL;
	return p->cur.t == T_STAR;
}

/* Match '+' or '-'. */
static bool
match_add(struct parser *p, enum expr_op *op)
{
	*op = p->cur.t == T_PLUS ? EXPR_ADD : EXPR_SUB;
	return p->cur.t == T_PLUS || p->cur.t == T_MINUS;
}

/* product := unary ('*' unary)* */
static int
parse_mul(struct parser *p, struct expr **out)
{
	return parse_chain(p, out, parse_unary, match_mul, type_arith);
}

/* sum := product (('+' | '-') product)* */
static int
parse_add(struct parser *p, struct expr **out)
{
	return parse_chain(p, out, parse_mul, match_add, type_arith);
}

/* cmp := sum [op sum | ['not'] 'in' sum] */
static int
parse_cmp(struct parser *p, struct expr **out)
{
	static const struct { enum tok t; enum expr_op op; } cmps[] = {
		{ T_EQ, EXPR_EQ }, { T_NE, EXPR_NE }, { T_LT, EXPR_LT }, { T_LE, EXPR_LE },
		{ T_GT, EXPR_GT }, { T_GE, EXPR_GE },
	};
	struct expr *left = NULL, *right = NULL, *e;
	int rc = parse_add(p, &left);
	size_t off = p->cur.off;
	enum expr_op op;
	size_t k;

	*out = left;
	if (rc != 0)
		return rc;
	for (k = 0; k < sizeof cmps / sizeof *cmps; k++)
		if (p->cur.t == cmps[k].t)
			break;
	if (k < sizeof cmps / sizeof *cmps) {
		op = cmps[k].op;
	} else if (is_kw(p, "in")) {
		op = EXPR_IN;
	} else if (is_kw(p, "not")) {
		if ((rc = lex(p)) != 0)
			return rc;
		if (!is_kw(p, "in"))
			return perr(p, p->cur.off, "expected 'in' after 'not' here");
		op = EXPR_NOTIN;
	} else {
		return 0;
	}
	e = expr_node_at(p, op, off);
	add_arg(e, left);
	*out = e;
	if ((rc = lex(p)) != 0)
		return rc;
	rc = parse_add(p, &right);
	if (right != NULL)
		add_arg(e, right);
	if (rc != 0)
		return rc;
	e->type = FT_BOOL;
	if (op == EXPR_IN || op == EXPR_NOTIN)
		rc = check_in(p, e);
	else
		rc = check_compare(p, e, op != EXPR_EQ && op != EXPR_NE);
	if (rc != 0)
		return rc;
	for (k = 0; k < sizeof cmps / sizeof *cmps; k++)
		if (p->cur.t == cmps[k].t)
			return perr(p, p->cur.off, "comparisons do not chain; join them with 'and'");
	return 0;
}

/* not := 'not' not | cmp */
static int
parse_not(struct parser *p, struct expr **out)
{
	int rc;

	if (!is_kw(p, "not"))
		return parse_cmp(p, out);
	struct expr *e = expr_node_at(p, EXPR_NOT, p->cur.off), *a = NULL;
	*out = e;
	if (++p->depth > MAX_DEPTH)
		return perr(p, p->cur.off, "expression nested too deeply");
	if ((rc = lex(p)) != 0)
		return rc;
	rc = parse_not(p, &a);
	if (a != NULL)
		add_arg(e, a);
	if (rc != 0)
		return rc;
	p->depth--;
	e->type = FT_BOOL;
	return want(p, a, FT_BOOL, "'not'");
}

/* Type an and/or node. */
static int
type_logic(struct parser *p, struct expr *e)
{
	const char *w = e->op == EXPR_AND ? "'and'" : "'or'";
	int rc = want(p, e->args[0], FT_BOOL, w);

	e->type = FT_BOOL;
	return rc != 0 ? rc : want(p, e->args[1], FT_BOOL, w);
}

/* Match 'and'. */
static bool
match_and(struct parser *p, enum expr_op *op)
{
	*op = EXPR_AND;
	return is_kw(p, "and");
}

/* Match 'or'. */
static bool
match_or(struct parser *p, enum expr_op *op)
{
	*op = EXPR_OR;
	return is_kw(p, "or");
}

/* and := not ('and' not)* */
static int
parse_and(struct parser *p, struct expr **out)
{
	return parse_chain(p, out, parse_not, match_and, type_logic);
}

/* or := and ('or' and)*; also the entry for nested expressions, with a depth cap. */
static int
parse_or(struct parser *p, struct expr **out)
{
	int rc;

	*out = NULL;
	if (++p->depth > MAX_DEPTH)
		return perr(p, p->cur.off, "expression nested too deeply");
	rc = parse_chain(p, out, parse_and, match_or, type_logic);
	p->depth--;
	return rc;
}

/* The bytes of a tree's nodes with their argument arrays, and of its texts, laid out in one block. */
static void
expr_block_size(const struct expr *e, size_t *nodes, size_t *texts)
{
	*nodes += sizeof *e + e->nargs * sizeof *e->args;
	if (e->s != NULL)
		*texts += strlen(e->s) + 1;
	for (size_t i = 0; i < e->nargs; i++)
		expr_block_size(e->args[i], nodes, texts);
}

/* Copy a tree into a block in the order evaluation walks it: each node, then its argument array,
 * then its arguments' trees; the texts after every node (at *text). The copy of e. */
static struct expr *
expr_block_copy(const struct expr *e, char **node, char **text)
{
	struct expr *c = (struct expr *)(void *)*node;

	*c = *e;
	c->whole = false;
	*node += sizeof *c;
	if (e->nargs > 0) {
		c->args = (struct expr **)(void *)*node;
		*node += e->nargs * sizeof *c->args;
		for (size_t i = 0; i < e->nargs; i++)
			c->args[i] = expr_block_copy(e->args[i], node, text);
	} else {
		c->args = NULL;
	}
	if (e->s != NULL) {
		size_t n = strlen(e->s) + 1;
		c->s = memcpy(*text, e->s, n);
		*text += n;
	}
	return c;
}

/* A parsed tree moved into one block, so that evaluating it reads neighbouring memory, not
 * allocations scattered over the heap between those of the policy files (freed by expr_free of
 * the root). */
static struct expr *
expr_compact(struct expr *e)
{
	size_t nodes = 0, texts = 0;

	expr_block_size(e, &nodes, &texts);
	char *block = xmalloc(nodes + texts), *node = block, *text = block + nodes;
	struct expr *c = expr_block_copy(e, &node, &text);
	c->whole = true;
	expr_free(e);
	return c;
}

/* Parse and type-check text. Caller frees *out with expr_free. */
int
expr_parse(const char *text, const struct expr_env *env, struct expr **out, struct diag *d)
{
	struct parser p = { .text = text, .env = env, .d = d };
	struct expr *e = NULL;
	char buf[64];
	int rc;

	*out = NULL;
	if ((rc = lex(&p)) != 0)
		goto out;
	if (p.cur.t == T_END) {
		rc = perr(&p, 0, "empty expression");
		goto out;
	}
	if ((rc = parse_or(&p, &e)) != 0)
		goto out;
	if (p.cur.t != T_END) {
		rc = perr(&p, p.cur.off, "expected an operator or the end, found %s", tok_desc(&p, buf, sizeof buf));
		goto out;
	}
	*out = expr_compact(e);
	e = NULL;
out:
	free(p.cur.s);
	expr_free(e);
	return rc;
}

/* Call fn on every policy("...") and group("...") node, stopping at the first non-zero return. */
int
expr_walk_refs(struct expr *e, int (*fn)(void *arg, struct expr *ref), void *arg)
{
	int rc;

	if (e->op == EXPR_POLICY || e->op == EXPR_GROUP)
		return fn(arg, e);
	for (size_t i = 0; i < e->nargs; i++)
		if ((rc = expr_walk_refs(e->args[i], fn, arg)) != 0)
			return rc;
	return 0;
}

/* Call fn on every fact the expression reads. */
void
expr_walk_facts(const struct expr *e, void (*fn)(void *arg, const struct expr *fact), void *arg)
{
	if (e->op == EXPR_FACT || e->op == EXPR_COUNT)
		fn(arg, e);
	for (size_t i = 0; i < e->nargs; i++)
		expr_walk_facts(e->args[i], fn, arg);
}
