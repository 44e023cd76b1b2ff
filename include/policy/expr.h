/* The condition language: parsed once at load by recursive descent, type-checked against the schema.
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := sum [('==' | '!=' | '<' | '<=' | '>' | '>=') sum | ['not'] 'in' sum]
 *   sum     := product (('+' | '-') product)*
 *   product := unary ('*' unary)*
 *   unary   := '-' unary | primary
 *   primary := INTEGER | MONEY | DATE | STRING | 'true' | 'false' | 'on_date'
 *            | PATH | NAME '(' [or (',' or)*] ')' | '(' or ')' | '[' [or (',' or)*] ']'
 *
 * MONEY is a number with 'yuan' (up to two decimals) or 'fen' after it: 5000 yuan, 960.50 yuan,
 * 800 fen. DATE is YYYY-MM-DD. on_date is the evaluation date; as_of the date a person's statuses are
 * judged on (the policy's status_on, else on_date). local.NAME reads a local setting (local.yaml). PATH is a dotted fact path (person.education); in a policy about the
 * items of a list, item.FIELD names the current item's field. Functions: months_between(d1, d2) and
 * years_between(d1, d2) count completed periods; term_months(start, end) the completed months of a
 * term whose end date is its last day; add_months(d, n) clamps to the month end;
 * year(d); min(a, b) and max(a, b) of two integers, money or dates; count(LIST); known(x) (whether a value is known: true or false, never unknown); policy("id") (that policy's outcome as true/false/unknown); group("name").
 * Types: bool, integer, money (fen), date, string, enum (a string checked against the fact's
 * allowed values), list (a [..] literal, the right side of 'in'). */
#ifndef POLICY_EXPR_H
#define POLICY_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/factschema.h"
#include "policy/setting.h"
#include "util/diag.h"

enum expr_op {
	EXPR_BOOL, EXPR_INT, EXPR_MONEY, EXPR_DATE, EXPR_STR,   /* literals */
	EXPR_FACT, EXPR_ON, EXPR_AS_OF, EXPR_LOCAL, EXPR_LIST,
	EXPR_NOT, EXPR_NEG, EXPR_AND, EXPR_OR,
	EXPR_EQ, EXPR_NE, EXPR_LT, EXPR_LE, EXPR_GT, EXPR_GE, EXPR_IN, EXPR_NOTIN,
	EXPR_ADD, EXPR_SUB, EXPR_MUL,
	EXPR_MONTHS_BETWEEN, EXPR_TERM_MONTHS, EXPR_YEARS_BETWEEN, EXPR_ADD_MONTHS, EXPR_YEAR, EXPR_COUNT, EXPR_MIN, EXPR_MAX,
	EXPR_POLICY, EXPR_GROUP, EXPR_KNOWN,
};

/* One node of a parsed expression. */
/* expr.fact_index of a fact whose index does not fit in it. */
#define EXPR_NO_INDEX UINT16_MAX

struct expr {
	/* (the fields evaluation reads first come first, without holes: 72 bytes, not 80) */
	enum expr_op op;
	enum ftype type;                 /* the type of its value */
	enum ftype elem;                 /* EXPR_LIST: the items' type */
	bool item;                       /* EXPR_FACT, EXPR_COUNT: path is below the subject item (fact->parts) */
	bool whole;                      /* the root of a parsed tree laid out in one block with its texts */
	uint16_t fact_index;             /* EXPR_FACT, EXPR_COUNT: fact->index, here so that a read
	                                    finds its cache slot without fact's line; EXPR_NO_INDEX when
	                                    it does not fit (then fact->index) */
	struct expr **args;
	size_t nargs;
	const struct factschema_fact *fact;  /* EXPR_FACT, EXPR_COUNT: the fact read */
	int64_t i;                       /* EXPR_BOOL, EXPR_INT, EXPR_MONEY (fen), EXPR_DATE (day) */
	char *s;                         /* EXPR_STR: text; EXPR_POLICY, EXPR_GROUP: the name */
	const void *ref;                 /* EXPR_POLICY, EXPR_GROUP: bound by the loader; EXPR_LOCAL: the setting */
	int line, col;                   /* where it starts in its file */
};

/* What names mean where an expression is written. */
struct expr_env {
	const struct factschema *schema;
	const struct factschema_fact *subject;  /* the list whose items 'item.' names, or NULL */
	const char *file;                   /* for messages */
	int line, col;                      /* where the text starts in the file */
	struct setting *const *settings;    /* local settings local.NAME may name */
	size_t nsettings;
};

/* Parse and type-check text. Caller frees *out with expr_free. 0 or EX_DATAERR "file:line:col: ...". */
int expr_parse(const char *text, const struct expr_env *env, struct expr **out, struct diag *d);
/* Free an expression tree. */
void expr_free(struct expr *e);
/* Call fn on every policy("...") and group("...") node, stopping at the first non-zero return. */
int expr_walk_refs(struct expr *e, int (*fn)(void *arg, struct expr *ref), void *arg);
/* Call fn on every fact the expression reads. */
void expr_walk_facts(const struct expr *e, void (*fn)(void *arg, const struct expr *fact), void *arg);

#endif
