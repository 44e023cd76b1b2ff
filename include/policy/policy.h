/* One policy file: a measure of 吉政发〔2017〕32号 as data (format: man/jobdesk-policy.5).
 *
 * A policy names its measure and quotes it, says what it is about (the person, or each item of a
 * list), which target groups it serves, the conditions that must all hold, the amount, the
 * once-only limit, the documents to check, its dated parameters and its own test cases. */
#ifndef POLICY_POLICY_H
#define POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/eval.h"
#include "policy/expr.h"
#include "policy/setting.h"
#include "policy/param.h"
#include "policy/factschema.h"
#include "policy/tmpl.h"
#include "util/diag.h"
#include "util/node.h"

struct group;

/* How often a benefit may be granted. */
enum policy_limit {
	POLICY_LIMIT_NONE,      /* no limit */
	POLICY_LIMIT_PERSON,    /* once per person */
	POLICY_LIMIT_ITEM,      /* once per item of the subject list */
};

/* How the amount is figured. */
enum policy_amount {
	POLICY_AMOUNT_NONE,     /* no money: a status, a post, a priority, services */
	POLICY_AMOUNT_FIXED,    /* a figure */
	POLICY_AMOUNT_TABLE,    /* a figure by key (e.g. certificate level) */
	POLICY_AMOUNT_RATE,     /* a figure times a quantity (e.g. class hours) */
};

/* One condition: all of a policy's conditions must hold. */
struct policy_cond {
	struct expr *expr;              /* (first: what every person's evaluation reads) */
	struct expr *eligible_from;     /* the date from which it holds by itself when it fails (a time
	                                   condition), or NULL */
	char *id;
	struct tmpl pass_zh, pass_en;   /* said when it holds */
	struct tmpl fail_zh, fail_en;   /* said when it fails */
	int line, col;
};

/* Another measure quoted beside the main one. */
struct policy_quote {
	char *measure;
	char *text;
};

/* What a test case expects of one result. */
struct policy_expect {
	char *subject;          /* "certificates[0]", or NULL for the person */
	char *outcome;          /* eligible | ineligible | unknown */
	bool check_amount;      /* amount_fen was given */
	bool amount_null;
	int64_t amount_fen;
	bool check_missing;     /* missing was given */
	char **missing;
	size_t nmissing;
	bool check_from;        /* eligible_from was given */
	int from;               /* its date, or -1 for null */
};

/* A local parameter or setting given a value for one test case only. */
struct policy_setting {
	const struct param *param;     /* a parameter (fen), or NULL ... */
	int64_t fen;
	struct eval_override ov;       /* ... and then a setting */
};

/* One embedded test case. */
struct policy_test {
	char *name;
	int on;
	const struct node *facts;      /* points into the policy's tree */
	struct policy_setting *local;  /* local parameters set for this case */
	size_t nlocal;
	struct policy_expect *expect;
	size_t nexpect;
	int line, col;
};

/* A loaded policy. */
struct policy {
	/* what evaluation reads for every person first, together in a few cache lines (policy/result.c) */
	const struct factschema_fact *subject; /* the list whose items it is about, or NULL for the person */
	const struct group **groups;
	size_t ngroups;
	struct policy_cond *conds;
	size_t nconds;
	struct expr *status_on;         /* the date statuses are judged on (as_of), or NULL: on_date */
	struct expr *dated_by;          /* the date of the thing paid for (money and coverage), or NULL */
	int from, until;                /* period in force (day numbers); until -1 when open */
	const struct setting *until_setting; /* until as a local date setting (null: open), or NULL */
	int covers_from;                /* the first date of a thing it covers (dated_by), default from */
	enum policy_limit limit;
	enum policy_amount amount;
	const struct param *amount_param; /* FIXED, TABLE, RATE: the figure (may be local), or NULL */
	int64_t amount_literal;         /* FIXED with a literal figure */
	struct expr *amount_by;         /* TABLE: the key; RATE: the quantity */
	const struct param *raise_param;/* a table of raises by key (shortage trades), or NULL */
	struct expr *raise_by;          /* its key */
	const struct policy **once_with;/* resolved by the set */
	size_t nonce_with;
	size_t index;                   /* its place in the set */
	/* the rest: loading, reasons' texts, tests */
	char *id;
	char *file;                     /* the path it was read from */
	char hash[65];                  /* SHA-256 of the file's bytes, lowercase hex */
	char *measure;                  /* "二十" */
	int measure_no;                 /* 20 */
	char *text;                     /* the measure's text, quoted */
	struct policy_quote *also;      /* other measures it applies with */
	size_t nalso;
	char *title_zh, *title_en;
	char *kind;                     /* money | status | post | priority | services | support */
	char *dated_zh, *dated_en;      /* what that date is ("培训结束日期"), or NULL */
	char *paid_to_zh, *paid_to_en;  /* who is paid when not the person ("见习单位"), or NULL */
	char **once_with_ids;           /* policies that pay for the same thing: one of them per item */
	int once_line, once_col;        /* where paid_once_with is written */
	char **group_names;             /* target groups (any one suffices), resolved by the set */
	char *groups_zh, *groups_en;    /* the groups' names joined ("、", "; "), set when they resolve */
	int groups_line, groups_col;
	char *amount_label_zh;          /* what amount_by counts ("学时"), or NULL */
	char *amount_label_en;
	char **docs_zh, **docs_en;      /* documents to check before granting */
	size_t ndocs;
	char **notes;                   /* interpretations of the text */
	size_t nnotes;
	struct param **params;          /* its own dated parameters */
	size_t nparams;
	struct policy_test *tests;
	size_t ntests;
	struct node *tree;              /* the file as read (test facts point into it) */
};

/* What a policy file may refer to while loading. */
struct policy_env {
	const struct factschema *schema;
	struct param **locals;          /* local parameters (local.yaml) */
	size_t nlocals;
	struct setting **settings;      /* local settings (local.yaml) */
	size_t nsettings;
	void (*report)(void *arg, const struct diag *d);  /* one call per error */
	void *arg;
};

/* Load a policy file; errors go to env->report. Caller frees *out with policy_free (also on error,
 * when *out is set). 0, EX_NOINPUT or EX_DATAERR. */
int policy_load(const char *path, const struct policy_env *env, struct policy **out);
/* Free a policy. */
void policy_free(struct policy *p);
/* The number of a measure written in Chinese numerals ("二十" -> 20), or -1. */
int policy_measure_number(const char *s);
/* The name of a limit ("once_per_person", "once_per_item", "none"). */
const char *policy_limit_name(enum policy_limit l);
/* The parameter a policy may use by name ("standard" or "local.NAME"), or NULL. */
const struct param *policy_param(const struct policy *p, const struct policy_env *env, const char *name);

#endif
