/* Three-valued evaluation of parsed expressions over a facts tree.
 *
 * A fact that is absent, null or unreadable makes the value unknown and is
 * recorded on the context's missing stack. The stack keeps an invariant: a
 * known value leaves no entries behind, an unknown one leaves the facts it
 * still needs. So 'false and unknown' is false with nothing missing, and
 * 'true and unknown' is unknown naming only the facts that would decide it. */
#ifndef POLICY_EVAL_H
#define POLICY_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/expr.h"
#include "util/node.h"
#include "util/sbuf.h"

enum tri { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN };

/* A value: a type, whether it is known, and the datum. */
struct value {
	enum ftype type;
	bool known;
	int64_t i;       /* bool, integer, money (fen), date (day number) */
	const char *s;   /* string or enum text; points into the facts or the expression */
};

/* A fact the evaluation needed and did not find. */
struct eval_missing {
	const struct factschema_fact *fact;
	int item;        /* the index in the fact's list, or -1 */
};

/* Where and when an expression is evaluated. */
struct eval_ctx {
	const struct node *root;   /* the facts tree */
	const struct node *item;   /* the subject item, or NULL */
	int index;                 /* the subject item's index in its list */
	int on;                    /* the evaluation date (day number) */
	struct eval_missing *miss; /* the missing stack */
	size_t nmiss, capmiss;
	/* policy("id") and group("name"): the answer, pushing missing facts when unknown */
	enum tri (*ref)(void *arg, const struct expr *e, struct eval_ctx *c);
	void *arg;
};

/* Evaluate an expression. */
struct value eval_expr(const struct expr *e, struct eval_ctx *c);
/* Evaluate a bool expression as true, false or unknown. */
enum tri eval_tri(const struct expr *e, struct eval_ctx *c);
/* Push a missing fact (item -1 for facts outside a list). */
void eval_push_missing(struct eval_ctx *c, const struct factschema_fact *f, int item);
/* Free the context's missing stack. */
void eval_ctx_free(struct eval_ctx *c);
/* Append a value as text for a sentence (zh: Chinese words for yes/no and enum labels; "?" if unknown). */
void eval_format(const struct value *v, const struct factschema_fact *fact, bool zh, struct sbuf *out);
/* Append fen as yuan with two decimals ("960.00"). */
void eval_format_yuan(int64_t fen, struct sbuf *out);
/* The path of a missing fact as the results name it ("certificates[0].issued_on"). Caller frees. */
char *eval_missing_path(const struct eval_missing *m);

#endif
