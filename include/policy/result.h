/* Evaluating policies for one person's facts on a date: outcome, amount, reasons, missing facts.
 *
 * This is the API a caller that records decisions (core/grant.c) or shows benefits (the TUI) uses:
 *
 *     struct policyset *ps;
 *     struct diag d = DIAG_INIT;
 *     if (policyset_open(policies_dir, &ps, &d) != 0)      // EX_CONFIG or EX_DATAERR, d says why
 *         return diag_print(&d);
 *     struct result_list *rl;
 *     if (result_eval_id(ps, "skill-upgrade-subsidy", facts, on, &rl, &d) != 0)  // unknown id: EX_USAGE
 *         ...;
 *     for (size_t i = 0; i < rl->n; i++) {
 *         const struct result *r = &rl->items[i];
 *         r->subject                 // "certificates[0]" for an item, NULL for the person
 *         r->outcome                 // RESULT_ELIGIBLE, RESULT_INELIGIBLE or RESULT_UNKNOWN
 *         r->has_amount, r->amount_fen   // has_amount false: JSON null (no money, not eligible,
 *                                    //   or a local standard not set; a reason then says so)
 *         r->has_from, r->eligible_from  // ineligible now, eligible from that day by itself
 *         r->reasons[k].zh, .en, .state  // sentences with the compared values filled in
 *         r->missing[k].path         // "insurance.unemployment_months" (only when unknown)
 *         r->missing[k].fact->zh/en  // the question to ask for it
 *         r->policy->limit           // POLICY_LIMIT_PERSON, POLICY_LIMIT_ITEM or POLICY_LIMIT_NONE
 *         r->policy->hash            // SHA-256 of the policy file, 64 lowercase hex digits
 *         r->policy->id, ->measure, ->title_zh, ->title_en
 *     }
 *     result_list_free(rl);
 *     policyset_free(ps);
 *
 * The once-only limits are checked against the facts' grants list (policy, on, and for
 * once_per_item the subject such as "certificates[0]"): a grant dated after the evaluation date
 * does not count. A recorder must still enforce the limit in its own transaction.
 *
 * Evaluation never fails: a missing or unreadable fact makes the outcome unknown and is named.
 * The facts tree and the set must outlive the results (reasons are copies; facts are not). */
#ifndef POLICY_RESULT_H
#define POLICY_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/eval.h"
#include "policy/policy.h"
#include "policy/policyset.h"
#include "util/diag.h"
#include "util/node.h"

enum result_outcome { RESULT_INELIGIBLE, RESULT_ELIGIBLE, RESULT_UNKNOWN };

/* One reason: which check, whether it held, and the sentence in both languages. */
struct result_reason {
	const char *id;      /* the condition id, or "period", "groups", "limit", "amount", "subject" */
	enum tri state;      /* TRI_TRUE held, TRI_FALSE failed, TRI_UNKNOWN not yet known */
	char *zh, *en;
};

/* A fact the result needs. */
struct result_missing {
	char *path;                      /* "certificates[0].issued_on" */
	const struct factschema_fact *fact;  /* its type and question */
};

/* The result of one policy for one subject. */
struct result {
	const struct policy *policy;
	char *subject;                   /* "certificates[0]", or NULL for the person */
	int item;                        /* the item's index, or -1 */
	enum result_outcome outcome;
	bool has_amount;
	int64_t amount_fen;
	bool has_from;                   /* ineligible only for time conditions that pass by themselves: */
	int eligible_from;               /* the day from which it would be eligible */
	struct result_reason *reasons;
	size_t nreasons;
	struct result_missing *missing;
	size_t nmissing;
};

/* Results, in policy order and then item order. */
struct result_list {
	struct result *items;
	size_t n, cap;
};

/* The byte a session writes where each reason's quotes go in texts (plain ASCII, so that one
 * scan of texts says whether the reasons need escapes; the writer puts '"' in its place). */
#define RESULT_QUOTE '`'

/* One result of a session: what is decided, with the English reasons as text only. */
struct result_brief {
	const struct result *r;          /* policy, subject, item, outcome, amount; no reasons or missing */
	const char *texts;               /* the reasons as the body of their JSON array, unescaped, with
	                                  * RESULT_QUOTE for each quote: `r0`,`r1`; reason i is
	                                  * texts[result_brief_start(b, i)..ends[i]), and the body
	                                  * texts[0..ends[nreasons - 1] + 1) */
	const size_t *ends;
	size_t nreasons;
	const struct eval_missing *missing;  /* the facts it needs, without repeats (eval_missing_write) */
	size_t nmissing;
};

/* Where reason i of a brief result starts in its texts (after its opening RESULT_QUOTE). */
static inline size_t
result_brief_start(const struct result_brief *b, size_t i)
{
	return i == 0 ? 1 : b->ends[i - 1] + 3;
}

/* An evaluation of a set on a date reused for one facts tree after another (policy eval --all). */
struct result_session;

/* Evaluate one policy: one result per subject item (or one for the person). Caller frees. */
struct result_list *result_eval(const struct policyset *ps, const struct policy *p, const struct node *facts,
    int on);
/* The same with local parameters set for this evaluation only (test cases). Caller frees. */
struct result_list *result_eval_with(const struct policyset *ps, const struct policy *p,
    const struct node *facts, int on, const struct policy_setting *local, size_t nlocal);
/* Evaluate a policy by id; EX_USAGE naming the known ids when there is no such policy. Caller frees *out. */
int result_eval_id(const struct policyset *ps, const char *id, const struct node *facts, int on,
    struct result_list **out, struct diag *d);
/* Evaluate every policy of the set. Caller frees. */
struct result_list *result_eval_all(const struct policyset *ps, const struct node *facts, int on);
/* A session for every policy of a set on a date, keeping the English reasons only. Free with
 * result_session_free; the set must outlive it. */
struct result_session *result_session_new(const struct policyset *ps, int on);
/* Evaluate every policy for one facts tree, handing each result to fn in order (valid during the call). */
void result_session_eval(struct result_session *s, const struct node *facts,
    void (*fn)(void *arg, const struct result_brief *b), void *arg);
/* Free a session. */
void result_session_free(struct result_session *s);
/* Read the root facts that g gives from g instead of from the trees (NULL: from the trees again). */
void result_session_give(struct result_session *s, const struct eval_given *g);
/* Free results. */
void result_list_free(struct result_list *rl);
/* "eligible", "ineligible" or "unknown". */
const char *result_outcome_name(enum result_outcome o);

#endif
