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

/* One fact as last read: its node and value under one root or item. */
struct eval_slot {
	unsigned long gen;         /* the cache generation it was read in; 0 never */
	const struct node *owner;  /* the root or the item it was read under */
	const struct node *node;   /* the fact's node there, or NULL */
	struct value v;            /* its value (scalar facts) */
	unsigned char hint[4];     /* where each path component was found last time */
};

/* Facts already read from one facts tree, by fact index: each is found and parsed once. */
/* Facts of the root given as text straight from where they are kept, instead of in the tree (policy
 * eval --all: no node is built for them, none is looked for by name). has[i] says whether fact
 * index i is given (fixed for a run; such a fact is never looked for in the tree); text[i] is its
 * text for the current tree, NULL when absent. Both have n entries. */
struct eval_given {
	const char **text;
	bool *has;
	size_t n;
};

struct eval_cache {
	const struct eval_given *given;  /* facts given beside the tree, or NULL */
	struct eval_slot *slots;
	size_t n;
	unsigned long gen;         /* bump (eval_cache_reset) for each new tree */
};

/* A local setting given another value for one evaluation (a test case's local:). */
struct eval_override {
	const struct setting *setting;
	bool set;
	int64_t value;
};

/* Where and when an expression is evaluated. */
struct eval_ctx {
	const struct node *root;   /* the facts tree */
	const struct node *item;   /* the subject item, or NULL */
	int index;                 /* the subject item's index in its list */
	int on;                    /* the evaluation date (day number) */
	int as_of;                 /* the date statuses are judged on (as_of) */
	bool as_of_unknown;        /* that date is not known: as_of is unknown ... */
	bool as_of_read;           /* the answer so far may depend on as_of: it was read, or a group's
	                            * or policy's answer that may was given */
	const struct eval_missing *as_of_miss;  /* ... and needs these facts */
	size_t nas_of_miss;
	const struct eval_override *ov;  /* local settings given other values */
	size_t nov;
	struct eval_missing *miss; /* the missing stack */
	size_t nmiss, capmiss;
	/* policy("id") and group("name"): the answer, pushing missing facts when unknown */
	enum tri (*ref)(void *arg, const struct expr *e, struct eval_ctx *c);
	void *arg;
	struct eval_cache *cache;  /* facts read so far from root, or NULL to read every time */
};

/* A cache for the facts of a schema with n facts. Free with eval_cache_free. */
void eval_cache_init(struct eval_cache *k, size_t n);
/* Forget every fact read: the next tree is another one (even at the same address). */
void eval_cache_reset(struct eval_cache *k);
/* Free a cache's memory. */
void eval_cache_free(struct eval_cache *k);
/* The node of a fact under the root (f->list NULL) or under item, or NULL when absent. */
const struct node *eval_fact_node(struct eval_ctx *c, const struct factschema_fact *f, const struct node *item);
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
/* Append a decimal integer. */
void eval_format_int(int64_t v, struct sbuf *out);
/* Append a day number as YYYY-MM-DD, as date_format writes it. */
void eval_format_date(int day, struct sbuf *out);
/* Append the path of a missing fact as eval_missing_path gives it. */
void eval_missing_write(const struct eval_missing *m, struct sbuf *out);
/* The path of a missing fact as the results name it ("certificates[0].issued_on"). Caller frees. */
char *eval_missing_path(const struct eval_missing *m);

#endif
