/* Evaluating policies for one person's facts on a date: outcome, amount, reasons, missing facts.
 *
 * One evaluation code serves two callers. result_eval* keep every result with its reasons in both
 * languages (the benefits screen, grants, policy test, eval of one person). A result_session is
 * reused for person after person (policy eval --all): it keeps nothing between results, renders
 * only the English reasons, into one reused buffer, and hands each result to a callback. Both read
 * each fact of a tree once (eval_cache) and remember each group's and person-level policy's answer. */
#include "policy/result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* Missing stacks kept for reuse by nested contexts. */
#define NSPARE 8

/* A remembered answer of a group or a person-level policy. */
struct memo {
	unsigned long gen;        /* the session generation it was found in */
	int as_of;                /* the status date it was found for */
	bool as_of_unknown;
	bool any_as_of;           /* found without reading as_of: the answer on every status date */
	enum tri t;
	struct eval_missing *miss;
	size_t nmiss, capmiss;
};

/* A missing stack put aside for the next context. */
struct spare {
	struct eval_missing *miss;
	size_t cap;
};

/* The evaluation of a set on a date for one facts tree at a time. */
struct result_session {
	const struct policyset *ps;
	const struct node *root;
	int on;
	const struct policy_setting *local;
	size_t nlocal;
	struct eval_override *ov;     /* the local settings among them */
	size_t nov;
	int once_first;               /* once per person: the item that qualified first, or -1 */
	bool brief;                   /* keep only the English reasons, as text in texts */
	unsigned long gen;            /* bumped for each tree: memos of older trees are stale */
	struct memo *pmemo;           /* by policy index */
	struct memo *gmemo;           /* by group index */
	struct eval_cache cache;
	const struct factschema_fact *grants, *grant_subject;
	struct spare spare[NSPARE];
	size_t nspare;
	struct eval_missing *uniq;    /* the missing facts of the last result, without repeats */
	size_t nuniq, capuniq;
	struct sbuf zh, en;           /* the reason being written (result_eval*) */
	struct sbuf key;              /* an amount table's key as text */
	struct sbuf zkey;             /* the same in Chinese words (三级(高级)) */
	/* brief: the current result and its texts */
	struct result cur;
	struct sbuf subject;
	struct sbuf texts;            /* the English reasons as a JSON array's body (result_brief) */
	size_t *ends, nends, capends; /* where each reason ends in texts */
	void (*fn)(void *arg, const struct result_brief *b);
	void *arg;
};

static void result_eval_subject(struct result_session *s, const struct policy *p, const struct node *item, int index,
    bool reasons, const struct eval_ctx *from, struct result *r);

/* "eligible", "ineligible" or "unknown". */
const char *
result_outcome_name(enum result_outcome o)
{
	switch (o) {
	case RESULT_ELIGIBLE: return "eligible";
	case RESULT_UNKNOWN: return "unknown";
	case RESULT_INELIGIBLE: break;
	}
	return "ineligible";
}

/* Free one result's contents. */
static void
result_clear(struct result *r)
{
	for (size_t i = 0; i < r->nreasons; i++) {
		free(r->reasons[i].zh);
		free(r->reasons[i].en);
	}
	free(r->reasons);
	for (size_t i = 0; i < r->nmissing; i++)
		free(r->missing[i].path);
	free(r->missing);
	free(r->subject);
}

/* Free results. */
void
result_list_free(struct result_list *rl)
{
	if (rl == NULL)
		return;
	for (size_t i = 0; i < rl->n; i++)
		result_clear(&rl->items[i]);
	free(rl->items);
	free(rl);
}

/* A new empty result: at the end of rl, or the session's current one when brief. */
static struct result *
result_begin(struct result_session *s, struct result_list *rl)
{
	struct result *r;

	if (s->brief) {
		r = &s->cur;
		sbuf_reset(&s->texts);
		sbuf_addc(&s->texts, RESULT_QUOTE);   /* the first reason's opening quote */
		s->nends = 0;
	} else {
		if (rl->n == rl->cap) {
			rl->cap = rl->cap ? rl->cap * 2 : 16;
			rl->items = xreallocarray(rl->items, rl->cap, sizeof *rl->items);
		}
		r = &rl->items[rl->n++];
	}
	memset(r, 0, sizeof *r);
	r->item = -1;
	return r;
}

/* A result is complete: hand it to the callback when brief. */
static void
result_done(struct result_session *s, struct result *r)
{
	struct result_brief b;

	if (!s->brief)
		return;
	b.r = r;
	b.texts = sbuf_str(&s->texts);
	b.ends = s->ends;
	b.nreasons = s->nends;
	b.missing = r->outcome == RESULT_UNKNOWN ? s->uniq : NULL;
	b.nmissing = r->outcome == RESULT_UNKNOWN ? s->nuniq : 0;
	s->fn(s->arg, &b);
}

/* Start a reason: the buffer for its English text, and in *zh the one for its Chinese text, or
 * NULL when only English is kept. */
static inline struct sbuf *
reason_begin(struct result_session *s, struct sbuf **zh)
{
	if (s->brief) {
		/* its opening quote is there: written by result_begin or the reason before */
		*zh = NULL;
		return &s->texts;
	}
	sbuf_reset(&s->zh);
	sbuf_reset(&s->en);
	*zh = &s->zh;
	return &s->en;
}

/* Keep the reason begun last in r, in both languages (not brief). */
static void
reason_keep(struct result_session *s, struct result *r, const char *id, enum tri state)
{
	r->reasons = xreallocarray(r->reasons, r->nreasons + 1, sizeof *r->reasons);
	r->reasons[r->nreasons].id = id;
	r->reasons[r->nreasons].state = state;
	r->reasons[r->nreasons].zh = xstrdup(sbuf_str(&s->zh));
	r->reasons[r->nreasons].en = xstrdup(sbuf_str(&s->en));
	r->nreasons++;
}

/* Finish the reason begun last, keeping it in r (brief: its end, inline, as the most frequent
 * step of an evaluation). */
static inline void
reason_end(struct result_session *s, struct result *r, const char *id, enum tri state)
{
	if (!s->brief) {
		reason_keep(s, r, id, state);
		return;
	}
	if (s->nends == s->capends) {
		s->capends = s->capends ? s->capends * 2 : 16;
		s->ends = xreallocarray(s->ends, s->capends, sizeof *s->ends);
	}
	s->ends[s->nends++] = s->texts.len;
	/* its closing quote, and the comma and opening quote of a reason that may follow */
	sbuf_addn(&s->texts, (const char[]){ RESULT_QUOTE, ',', RESULT_QUOTE }, 3);
}

/* Append text to a reason's buffer, if that language is kept. */
static void
say(struct sbuf *b, const char *text)
{
	if (b != NULL)
		sbuf_add(b, text);
}

/* Append a date to a reason's buffer, if that language is kept. */
static void
say_date(struct sbuf *b, int day)
{
	if (b != NULL)
		eval_format_date(day, b);
}

/* Whether two missing facts name the same path. */
static bool
same_missing(const struct eval_missing *a, const struct eval_missing *b)
{
	int ia = a->fact->list == NULL || a->item < 0 ? -1 : a->item;
	int ib = b->fact->list == NULL || b->item < 0 ? -1 : b->item;

	return a->fact == b->fact && ia == ib;
}

/* Gather the context's missing facts without repeats into the session, in first-seen order. */
static void
collect_missing(struct result_session *s, const struct eval_ctx *c)
{
	s->nuniq = 0;
	for (size_t i = 0; i < c->nmiss; i++) {
		size_t k;
		for (k = 0; k < s->nuniq; k++)
			if (same_missing(&s->uniq[k], &c->miss[i]))
				break;
		if (k < s->nuniq)
			continue;
		if (s->nuniq == s->capuniq) {
			s->capuniq = s->capuniq ? s->capuniq * 2 : 16;
			s->uniq = xreallocarray(s->uniq, s->capuniq, sizeof *s->uniq);
		}
		s->uniq[s->nuniq++] = c->miss[i];
	}
}

/* Keep the gathered missing facts in a result, named by path. */
static void
keep_missing(const struct result_session *s, struct result *r)
{
	r->missing = s->nuniq ? xreallocarray(NULL, s->nuniq, sizeof *r->missing) : NULL;
	for (size_t i = 0; i < s->nuniq; i++) {
		r->missing[i].path = eval_missing_path(&s->uniq[i]);
		r->missing[i].fact = s->uniq[i].fact;
	}
	r->nmissing = s->nuniq;
}

/* Give a new context a missing stack put aside earlier, if any. */
static void
ctx_take_stack(struct result_session *s, struct eval_ctx *c)
{
	if (s->nspare == 0)
		return;
	s->nspare--;
	c->miss = s->spare[s->nspare].miss;
	c->capmiss = s->spare[s->nspare].cap;
	c->nmiss = 0;
}

/* Put a finished context's missing stack aside for the next one. */
static void
ctx_give_stack(struct result_session *s, struct eval_ctx *c)
{
	if (c->miss != NULL && s->nspare < NSPARE) {
		s->spare[s->nspare].miss = c->miss;
		s->spare[s->nspare].cap = c->capmiss;
		s->nspare++;
		c->miss = NULL;
	}
	eval_ctx_free(c);
}

/* Remember an answer and, when unknown, the missing facts given. */
static void
memo_store(struct result_session *s, struct memo *m, const struct eval_ctx *c, enum tri t,
    const struct eval_missing *miss, size_t n)
{
	m->gen = s->gen;
	m->as_of = c->as_of;
	m->as_of_unknown = c->as_of_unknown;
	m->t = t;
	m->nmiss = t == TRI_UNKNOWN ? n : 0;
	if (m->nmiss > m->capmiss) {
		m->capmiss = m->nmiss;
		m->miss = xreallocarray(m->miss, m->capmiss, sizeof *m->miss);
	}
	if (m->nmiss > 0)
		memcpy(m->miss, miss, m->nmiss * sizeof *m->miss);
}

/* Whether a remembered answer is for this tree and this status date. */
static bool
memo_fresh(const struct result_session *s, const struct memo *m, const struct eval_ctx *c)
{
	/* an unknown status date is one item's: its missing facts are that item's, so never reused */
	return m->gen == s->gen && !c->as_of_unknown && !m->as_of_unknown && m->as_of == c->as_of;
}

/* Give a remembered answer, pushing its missing facts when unknown. */
static enum tri
memo_give(const struct memo *m, struct eval_ctx *c)
{
	for (size_t i = 0; i < m->nmiss; i++)
		eval_push_missing(c, m->miss[i].fact, m->miss[i].item);
	return m->t;
}

static enum tri result_session_ref(void *arg, const struct expr *e, struct eval_ctx *c);

/* A fresh context for the person or an item. */
static struct eval_ctx
new_ctx(struct result_session *s, const struct node *item, int index)
{
	struct eval_ctx c = { .root = s->root, .item = item, .index = index, .on = s->on, .as_of = s->on,
	    .ov = s->ov, .nov = s->nov, .ref = result_session_ref, .arg = s, .cache = &s->cache };

	ctx_take_stack(s, &c);
	return c;
}

/* A context for the person judged on the same status date as another context. */
static inline struct eval_ctx
person_ctx(struct result_session *s, const struct eval_ctx *c)
{
	/* built in one go, as new_ctx(s, NULL, -1) with c's status date */
	struct eval_ctx pc = { .root = s->root, .index = -1, .on = s->on, .as_of = c->as_of,
	    .as_of_unknown = c->as_of_unknown, .as_of_miss = c->as_of_miss,
	    .nas_of_miss = c->nas_of_miss, .ov = s->ov, .nov = s->nov, .ref = result_session_ref,
	    .arg = s, .cache = &s->cache };

	ctx_take_stack(s, &pc);
	return pc;
}

/* A group's answer for the session's person on the context's status date. */
static enum tri
result_group_tri(struct result_session *s, const struct group *g, struct eval_ctx *c)
{
	struct memo *m = &s->gmemo[g->index];

	/* an answer found without reading as_of is the answer (with the same missing facts) on any
	 * status date, known or not */
	if (!(m->gen == s->gen && m->any_as_of) && !memo_fresh(s, m, c)) {
		struct eval_ctx gc = person_ctx(s, c);
		enum tri t = eval_tri(g->expr, &gc);
		memo_store(s, m, c, t, gc.miss, gc.nmiss);
		m->any_as_of = !gc.as_of_read;
		ctx_give_stack(s, &gc);
	}
	if (!m->any_as_of)
		c->as_of_read = true;
	return memo_give(m, c);
}

/* policy("id") and group("name") during evaluation. */
static enum tri
result_session_ref(void *arg, const struct expr *e, struct eval_ctx *c)
{
	struct result_session *s = arg;

	if (e->op == EXPR_GROUP)
		return result_group_tri(s, e->ref, c);
	const struct policy *p = e->ref;
	struct memo *m = &s->pmemo[p->index];
	if (!memo_fresh(s, m, c)) {
		struct result r = { .item = -1 };
		result_eval_subject(s, p, NULL, -1, false, c, &r);
		enum tri t = r.outcome == RESULT_ELIGIBLE ? TRI_TRUE : r.outcome == RESULT_UNKNOWN ? TRI_UNKNOWN :
		    TRI_FALSE;
		/* the missing facts of a person-level policy: kept as facts, not paths */
		memo_store(s, m, c, t, s->uniq, t == TRI_UNKNOWN ? s->nuniq : 0);
		for (size_t i = 0; i < m->nmiss; i++)
			if (m->miss[i].fact->list == NULL)
				m->miss[i].item = -1;   /* an item's fact (its status date) keeps its item */
		result_clear(&r);
	}
	c->as_of_read = true;   /* a policy's answer is kept for one status date */
	return memo_give(m, c);
}

/* Say what is still to be asked: the questions of the missing facts from mark on. */
static void
say_questions(struct sbuf *zh, struct sbuf *en, const struct eval_ctx *c, size_t mark)
{
	size_t said = 0;

	say(zh, "尚不确定，还需了解：");
	say(en, "not yet known; still to ask: ");
	for (size_t i = mark; i < c->nmiss; i++) {
		const struct factschema_fact *f = c->miss[i].fact;
		bool seen = false;
		for (size_t k = mark; k < i && !seen; k++)
			seen = c->miss[k].fact == f;
		if (seen)
			continue;
		if (said++ > 0)
			say(en, " ");
		say(zh, f->zh);
		say(en, f->en);
	}
}

/* Write a condition's sentence for its answer: pass, fail, or, when not yet known, the pass
 * sentence prefixed as such if its values are known, else the questions still to ask. */
static void
say_cond(struct result_session *s, const struct policy_cond *k, enum tri t, struct eval_ctx *c, size_t mark,
    struct result *r)
{
	struct sbuf *zh, *en = reason_begin(s, &zh);
	const struct tmpl *tz = t == TRI_FALSE ? &k->fail_zh : &k->pass_zh;
	const struct tmpl *te = t == TRI_FALSE ? &k->fail_en : &k->pass_en;

	if (t == TRI_UNKNOWN && !tmpl_known(te, c) && c->nmiss > mark) {
		say_questions(zh, en, c, mark);
		reason_end(s, r, k->id, t);
		return;
	}
	if (t == TRI_UNKNOWN) {
		say(zh, "尚不确定：");
		say(en, "not yet known: ");
	}
	if (zh != NULL)
		tmpl_render(tz, c, true, zh);
	tmpl_render(te, c, false, en);
	reason_end(s, r, k->id, t);
}

/* Say why a person is in none of a policy's groups: the fail sentences of the groups the person
 * is near (a college graduate, for the graduation-year graduates), else the groups' names. */
static void
say_no_group(struct result_session *s, const struct policy *p, const struct eval_ctx *c, struct sbuf *zh,
    struct sbuf *en)
{
	struct eval_ctx gc = person_ctx(s, c);
	size_t said = 0;

	for (size_t i = 0; i < p->ngroups; i++) {
		const struct group *g = p->groups[i];
		enum tri t = g->has_fail ? eval_tri(g->near, &gc) : TRI_FALSE;
		gc.nmiss = 0;
		if (t != TRI_TRUE)
			continue;
		if (said++ == 0) {
			say(zh, "不属于本项扶持对象：");
			say(en, "not in a target group: ");
		} else {
			say(zh, "；");
			say(en, "; ");
		}
		if (zh != NULL)
			tmpl_render(&g->fail_zh, &gc, true, zh);
		tmpl_render(&g->fail_en, &gc, false, en);
	}
	ctx_give_stack(s, &gc);
	if (said > 0)
		return;
	say(zh, "不属于扶持对象（");
	say(zh, p->groups_zh);
	say(zh, "）");
	say(en, "not in a target group (");
	say(en, p->groups_en);
	say(en, ")");
}

/* Name a policy's groups whose remembered answer is t, joined as a list in each language. */
static void
say_groups(const struct result_session *s, const struct policy *p, enum tri t, struct sbuf *zh, struct sbuf *en)
{
	size_t zh0 = zh != NULL ? zh->len : 0, en0 = en->len;

	for (size_t i = 0; i < p->ngroups; i++) {
		const struct group *g = p->groups[i];
		if (s->gmemo[g->index].t != t)
			continue;
		if (zh != NULL && zh->len > zh0)
			sbuf_add(zh, "、");
		say(zh, g->zh);
		if (en->len > en0)
			sbuf_add(en, "; ");
		sbuf_add(en, g->en);
	}
}

/* The target groups: any one suffices. */
static enum tri
check_groups(struct result_session *s, const struct policy *p, struct eval_ctx *c, bool reasons, struct result *r)
{
	size_t mark = c->nmiss;
	enum tri all = TRI_FALSE;

	for (size_t i = 0; i < p->ngroups; i++) {
		size_t before = c->nmiss;
		enum tri t = result_group_tri(s, p->groups[i], c);
		if (t == TRI_TRUE)
			all = TRI_TRUE;
		else if (t == TRI_UNKNOWN && all != TRI_TRUE)
			all = TRI_UNKNOWN;
		else
			c->nmiss = before;
	}
	if (all != TRI_UNKNOWN)
		c->nmiss = mark;
	if (!reasons)
		return all;
	struct sbuf *zh, *en = reason_begin(s, &zh);
	if (all == TRI_TRUE) {
		/* the groups that hold, from their answers remembered above */
		say(zh, "属于扶持对象：");
		say(en, "in a target group: ");
		say_groups(s, p, TRI_TRUE, zh, en);
	} else if (all == TRI_FALSE) {
		say_no_group(s, p, c, zh, en);
	} else {
		/* only the groups still open: those that already failed decide nothing */
		say(zh, "尚不能确定是否属于扶持对象（");
		say(en, "not yet known whether in a target group (");
		say_groups(s, p, TRI_UNKNOWN, zh, en);
		say(zh, "）");
		say(en, ")");
	}
	reason_end(s, r, "groups", all);
	return all;
}

/* The once-only limit against the facts' grants. */
static enum tri
check_limit(struct result_session *s, const struct policy *p, struct eval_ctx *c, bool reasons,
    struct result *r)
{
	const struct node *grants;
	const char *per_zh = p->limit == POLICY_LIMIT_PERSON ? "每人限一次" : "每项限一次";
	const char *per_en = p->limit == POLICY_LIMIT_PERSON ? "once per person" : "once per item";
	enum tri t = TRI_TRUE;
	char when[11] = "?";
	const struct policy *by = p;   /* the policy the grant found was made under */

	if (p->limit == POLICY_LIMIT_NONE)
		return TRI_TRUE;
	grants = s->grants != NULL ? eval_fact_node(c, s->grants, NULL) : node_get(s->root, "grants");
	for (size_t i = 0; grants != NULL && grants->kind == NODE_LIST && i < grants->n; i++) {
		const struct node *g = grants->items[i];
		const struct node *pol = node_get(g, "policy"), *on = node_get(g, "on"), *sub = node_get(g, "subject");
		int day;
		const struct policy *gp = NULL;
		if (pol == NULL || pol->text == NULL)
			continue;
		if (strcmp(pol->text, p->id) == 0)
			gp = p;
		for (size_t k = 0; gp == NULL && k < p->nonce_with; k++)
			if (strcmp(pol->text, p->once_with[k]->id) == 0)
				gp = p->once_with[k];
		if (gp == NULL)
			continue;
		if (on != NULL && on->text != NULL && date_parse(on->text, &day) == 0 && day > s->on)
			continue;   /* granted after the evaluation date */
		if (p->limit == POLICY_LIMIT_ITEM && (sub == NULL || sub->text == NULL)) {
			if (s->grant_subject != NULL && t != TRI_FALSE) {
				eval_push_missing(c, s->grant_subject, (int)i);
				t = TRI_UNKNOWN;
			}
			continue;
		}
		if (p->limit == POLICY_LIMIT_ITEM && (r->subject == NULL || strcmp(sub->text, r->subject) != 0))
			continue;
		snprintf(when, sizeof when, "%s", on != NULL && on->text != NULL ? on->text : "");
		by = gp;
		t = TRI_FALSE;
		break;
	}
	if (!reasons)
		return t;
	struct sbuf *zh, *en = reason_begin(s, &zh);
	if (t == TRI_TRUE) {
		say(zh, "此前未享受过（");
		say(en, "not granted before (");
	} else if (t == TRI_FALSE && by != p) {
		/* the same thing paid under another policy: name it */
		say(zh, when[0] != '\0' ? "已于" : "已");
		say(zh, when);
		say(zh, "按“");
		say(zh, by->title_zh);
		say(zh, "”享受过，同一项只补贴一次");
		say(en, "already paid under '");
		say(en, by->title_en);
		say(en, when[0] != '\0' ? "' on " : "'");
		say(en, when);
		say(en, "; one thing is paid once");
		reason_end(s, r, "limit", t);
		return t;
	} else if (t == TRI_FALSE) {
		say(zh, when[0] != '\0' ? "已于" : "已");
		say(zh, when);
		say(zh, "享受过（");
		say(en, "already granted");
		say(en, when[0] != '\0' ? " on " : "");
		say(en, when);
		say(en, " (");
	} else {
		say(zh, "已有发放记录未注明是哪一项，无法判断是否已享受（");
		say(en, "a grant on record does not say which item it was for (");
	}
	say(zh, per_zh);
	say(zh, "）");
	say(en, per_en);
	say(en, ")");
	reason_end(s, r, "limit", t);
	return t;
}

/* The local parameter value set for this session, if any. */
static const struct policy_setting *
local_setting(const struct result_session *s, const struct param *pa)
{
	for (size_t i = 0; i < s->nlocal; i++)
		if (s->local[i].param == pa)
			return &s->local[i];
	return NULL;
}

/* Say a figure: "960.00" then the unit. */
static void
say_yuan(struct sbuf *b, int64_t fen, const char *unit)
{
	if (b == NULL)
		return;
	eval_format_yuan(fen, b);
	sbuf_add(b, unit);
}

/* Add a local raise looked up by key (a shortage trade) to an amount, when the table has the key. */
static void
figure_raise(struct result_session *s, const struct policy *p, struct eval_ctx *c, bool reasons, int day,
    struct result *r)
{
	const struct param_value *v = param_at(p->raise_param, day);
	size_t mark = c->nmiss;
	struct value k = eval_expr(p->raise_by, c);
	struct sbuf *zh, *en;
	int64_t add, sum;

	c->nmiss = mark;
	if (v == NULL || !k.known)
		return;
	sbuf_reset(&s->key);
	eval_format(&k, NULL, false, &s->key);
	if (!param_lookup(v, sbuf_str(&s->key), &add) || add == 0 || __builtin_add_overflow(r->amount_fen, add, &sum))
		return;
	r->amount_fen = sum;
	if (!reasons)
		return;
	en = reason_begin(s, &zh);
	say(zh, "另按");
	say(zh, p->raise_param->zh);
	say(zh, "（");
	if (zh != NULL)
		eval_format(&k, p->raise_by->op == EXPR_FACT ? p->raise_by->fact : NULL, true, zh);
	say(zh, "）提高");
	say_yuan(zh, add, "元，合计");
	say_yuan(zh, sum, "元");
	say(en, "raised by ");
	say_yuan(en, add, " yuan");
	say(en, " (");
	say(en, p->raise_param->en);
	say(en, ": ");
	say(en, sbuf_str(&s->key));
	say(en, "), in all ");
	say_yuan(en, sum, " yuan");
	reason_end(s, r, "amount", TRI_TRUE);
}

/* Begin an amount's sentence: "金额:", or "金额(发给见习单位):" when someone else is paid. */
static void
say_amount(const struct policy *p, struct sbuf *zh, struct sbuf *en)
{
	if (p->paid_to_zh == NULL) {
		say(zh, "金额：");
		say(en, "amount: ");
		return;
	}
	say(zh, "金额（发给");
	say(zh, p->paid_to_zh);
	say(zh, "）：");
	say(en, "amount (paid to ");
	say(en, p->paid_to_en);
	say(en, "): ");
}

/* Figure the amount of an eligible result with the standard in force on day (the date of the
 * thing paid for, or the evaluation date); may make it unknown. */
static void
figure_amount(struct result_session *s, const struct policy *p, struct eval_ctx *c, bool reasons, int day,
    struct result *r)
{
	const struct param *pa = p->amount_param;
	const struct policy_setting *set = pa != NULL ? local_setting(s, pa) : NULL;
	const struct param_value *v = pa != NULL && set == NULL ? param_at(pa, day) : NULL;
	int64_t fen, fixed = 0;
	struct sbuf *zh = NULL, *en = NULL;

	if (p->amount == POLICY_AMOUNT_NONE)
		return;
	if (pa == NULL || set != NULL) {
		fixed = pa == NULL ? p->amount_literal : set->fen;
	} else if (v == NULL) {
		if (!reasons)
			return;
		en = reason_begin(s, &zh);
		if (pa->local) {
			say(zh, "本地标准“");
			say(zh, pa->zh);
			say(zh, "”尚未设定，金额待定（由管理员设定）");
			say(en, "the local standard '");
			say(en, pa->en);
			say(en, "' is not set (");
			say(en, pa->name + 6);
			say(en, " in local.yaml), so no amount can be given");
		} else {
			say(zh, pa->zh);
			say(zh, "没有在");
			say_date(zh, day);
			say(zh, "生效的标准");
			say(en, "no standard for ");
			say(en, pa->en);
			say(en, " is in force on ");
			say_date(en, day);
		}
		reason_end(s, r, "amount", TRI_UNKNOWN);
		return;
	}
	if (p->amount == POLICY_AMOUNT_FIXED) {
		fen = v != NULL ? v->fen : fixed;
		if (reasons) {
			en = reason_begin(s, &zh);
			say_amount(p, zh, en);
			say_yuan(zh, fen, "元");
			say_yuan(en, fen, " yuan");
		}
	} else {
		size_t mark = c->nmiss;
		struct value k = eval_expr(p->amount_by, c);
		if (!k.known) {
			r->outcome = RESULT_UNKNOWN;
			if (reasons) {
				en = reason_begin(s, &zh);
				say(zh, "计算金额所需的信息不全");
				say(en, "the amount needs facts that are not known yet");
				reason_end(s, r, "amount", TRI_UNKNOWN);
			}
			return;
		}
		c->nmiss = mark;
		sbuf_reset(&s->key);
		eval_format(&k, NULL, false, &s->key);
		const char *key = sbuf_str(&s->key);
		sbuf_reset(&s->zkey);
		eval_format(&k, p->amount_by->op == EXPR_FACT ? p->amount_by->fact : NULL, true, &s->zkey);
		const char *zkey = sbuf_str(&s->zkey);
		const char *lzh = p->amount_label_zh, *len = p->amount_label_en;
		int64_t rate = v != NULL ? v->fen : fixed;
		if (p->amount == POLICY_AMOUNT_TABLE) {
			bool found = v != NULL ? param_lookup(v, key, &fen) : (fen = fixed, true);
			if (!found) {
				if (reasons) {
					en = reason_begin(s, &zh);
					say(zh, "标准表中没有 ");
					say(zh, key);
					say(zh, " 对应的金额");
					say(en, "the standard has no figure for ");
					say(en, key);
					reason_end(s, r, "amount", TRI_UNKNOWN);
				}
				return;
			}
			if (reasons) {
				en = reason_begin(s, &zh);
				say_amount(p, zh, en);
				say_yuan(zh, fen, "元（");
				say(zh, lzh != NULL ? lzh : "按");
				say(zh, "：");
				say(zh, zkey);
				say(zh, "）");
				say_yuan(en, fen, " yuan (");
				say(en, len != NULL ? len : "for");
				say(en, " ");
				say(en, key);
				say(en, ")");
			}
		} else {
			if (__builtin_mul_overflow(rate, k.i, &fen) || fen < 0) {
				/* not a wrong amount, nor a silent none: undecided, and the reason says why */
				r->outcome = RESULT_UNKNOWN;
				if (reasons) {
					bool big = __builtin_mul_overflow(rate, k.i, &fen);
					en = reason_begin(s, &zh);
					say(zh, "无法计算金额：");
					say_yuan(zh, rate, "元");
					say(zh, " × ");
					say(zh, key);
					say(zh, big ? " 超出可计算的范围" : " 得出负数");
					say(en, "the amount cannot be figured: ");
					say_yuan(en, rate, " yuan");
					say(en, " x ");
					say(en, key);
					say(en, big ? " is too large to figure" : " is negative");
					reason_end(s, r, "amount", TRI_UNKNOWN);
				}
				return;
			}
			if (reasons) {
				en = reason_begin(s, &zh);
				say_amount(p, zh, en);
				say_yuan(zh, rate, "元");
				say(zh, lzh != NULL ? "/" : "");
				say(zh, lzh != NULL ? lzh : "");
				say(zh, " × ");
				say(zh, key);
				say(zh, " = ");
				say_yuan(zh, fen, "元");
				say_yuan(en, rate, " yuan");
				say(en, len != NULL ? " per " : "");
				say(en, len != NULL ? len : "");
				say(en, " x ");
				say(en, key);
				say(en, " = ");
				say_yuan(en, fen, " yuan");
			}
		}
	}
	r->has_amount = true;
	r->amount_fen = fen;
	if (reasons && v != NULL) {
		say(zh, "，");
		say_date(zh, v->from);
		say(zh, "起执行的标准");
		say(en, ", the standard in force since ");
		say_date(en, v->from);
	}
	if (reasons)
		reason_end(s, r, "amount", TRI_TRUE);
	if (p->raise_param != NULL)
		figure_raise(s, p, c, reasons, day, r);
}

/* Fold one check's answer into the running outcome. */
static void
fold(enum tri *all, enum tri t)
{
	if (t == TRI_FALSE || *all == TRI_FALSE)
		*all = TRI_FALSE;
	else if (t == TRI_UNKNOWN)
		*all = TRI_UNKNOWN;
}

/* The last day of a policy's period: a date, a local date setting (a test may set it), or -1. */
static int
policy_until(const struct result_session *s, const struct policy *p)
{
	const struct setting *st = p->until_setting;

	if (st == NULL)
		return p->until;
	for (size_t i = 0; i < s->nov; i++)
		if (s->ov[i].setting == st)
			return s->ov[i].set ? (int)s->ov[i].value : -1;
	return st->set ? (int)st->value : -1;
}

/* Say that the evaluation date is outside the policy's period. */
static void
say_period(struct result_session *s, const struct policy *p, int until, struct result *r)
{
	struct sbuf *zh, *en = reason_begin(s, &zh);

	if (until >= 0 && s->on > until) {
		say(zh, "本措施的执行期已于");
		say_date(zh, until);
		say(zh, "结束");
		say(en, "the measure's period ended on ");
		say_date(en, until);
	} else {
		say(zh, "本措施自");
		say_date(zh, p->from);
		say(zh, "起执行，");
		say_date(zh, s->on);
		say(zh, "尚未开始");
		say(en, "the measure is in force from ");
		say_date(en, p->from);
		say(en, ", not yet on ");
		say_date(en, s->on);
	}
	reason_end(s, r, "period", TRI_FALSE);
}

/* Whether the thing paid for (dated_by) falls within the period the measure covers; says so. */
static enum tri
check_covered(struct result_session *s, const struct policy *p, struct eval_ctx *c, int until, bool reasons,
    int *day, struct result *r)
{
	size_t mark = c->nmiss;
	struct value v = eval_expr(p->dated_by, c);
	enum tri t;

	if (!v.known)
		t = TRI_UNKNOWN;
	else
		t = v.i < p->covers_from || (until >= 0 && v.i > until) ? TRI_FALSE : TRI_TRUE;
	if (t != TRI_UNKNOWN)
		c->nmiss = mark;
	*day = v.known ? (int)v.i : s->on;
	if (!reasons)
		return t;
	struct sbuf *zh, *en = reason_begin(s, &zh);
	if (t == TRI_UNKNOWN) {
		say_questions(zh, en, c, mark);
	} else {
		say(zh, p->dated_zh != NULL ? p->dated_zh : "日期");
		say_date(zh, *day);
		say(en, p->dated_en != NULL ? p->dated_en : "dated");
		say(en, " ");
		say_date(en, *day);
		if (t == TRI_TRUE) {
			say(zh, "，在本措施适用的期间内（");
			say(en, ", within the period the measure covers (from ");
		} else {
			say(zh, "，不在本措施适用的期间内（");
			say(en, ", outside the period the measure covers (from ");
		}
		say_date(zh, p->covers_from);
		say(zh, "起");
		say_date(en, p->covers_from);
		if (until >= 0) {
			say(zh, "至");
			say_date(zh, until);
			say(en, " until ");
			say_date(en, until);
		}
		say(zh, "）");
		say(en, ")");
	}
	reason_end(s, r, "covered", t);
	return t;
}

/* The most facts a status date's expression may need (one date, or two under min/max). */
#define NASOF 8

/* The status date of a subject (status_on) into the context: known, or unknown with what it needs
 * (kept in miss, the subject's own buffer of NASOF). */
static void
set_status_date(const struct policy *p, struct eval_ctx *c, struct eval_missing *miss)
{
	size_t mark = c->nmiss, n = 0;
	struct value v = eval_expr(p->status_on, c);

	if (v.known) {
		c->as_of = (int)v.i;
	} else {
		for (size_t i = mark; i < c->nmiss && n < NASOF; i++)
			miss[n++] = c->miss[i];
		c->as_of_unknown = true;
		c->as_of_miss = miss;
		c->nas_of_miss = n;
	}
	c->nmiss = mark;
}

/* What stands between a result and eligibility: only time conditions that pass by themselves, from
 * the latest of their dates (*from), or something else (blocked). */
struct waiting {
	bool blocked;
	bool unknown;     /* some check is not yet known */
	int from;
};

/* A check that failed: it passes by itself from day (-1: it never does). */
static void
wait_for(struct waiting *w, int day, int on)
{
	if (day <= on)
		w->blocked = true;
	else if (day > w->from)
		w->from = day;
}

/* Once per person: a later item is not paid when an earlier one qualifies; say which, as the page
 * names it ("创办的企业或个体经营 第1项"). */
static void
once_taken(struct result_session *s, const struct policy *p, struct result *r)
{
	struct sbuf *zh, *en = reason_begin(s, &zh);

	r->outcome = RESULT_INELIGIBLE;
	r->has_from = false;
	say(zh, "本补贴每人只享受一次，已按“");
	say(zh, p->subject->zh);
	say(zh, " 第");
	if (zh != NULL)
		eval_format_int(s->once_first + 1, zh);
	say(zh, "项”计算");
	say(en, "paid once per person: ");
	say(en, p->subject->en);
	say(en, " #");
	eval_format_int(s->once_first + 1, en);
	say(en, " already qualifies");
	reason_end(s, r, "limit", TRI_FALSE);
}

/* Evaluate one policy for the person or one item, into r; a person-level policy asked for by
 * another (from) is judged on that one's status date. */
static void
result_eval_subject(struct result_session *s, const struct policy *p, const struct node *item, int index, bool reasons,
    const struct eval_ctx *from, struct result *r)
{
	struct eval_ctx c = new_ctx(s, item, index);
	enum tri all = TRI_TRUE;
	struct waiting w = { false, false, -1 };
	int until = policy_until(s, p), day = s->on;

	r->policy = p;
	r->item = index;
	if (from != NULL) {
		c.as_of = from->as_of;
		c.as_of_unknown = from->as_of_unknown;
		c.as_of_miss = from->as_of_miss;
		c.nas_of_miss = from->nas_of_miss;
	}
	if (p->subject != NULL && index >= 0) {
		if (s->brief) {
			sbuf_reset(&s->subject);
			sbuf_add(&s->subject, p->subject->path);
			sbuf_addc(&s->subject, '[');
			eval_format_int(index, &s->subject);
			sbuf_addc(&s->subject, ']');
			r->subject = s->subject.s;
		} else {
			r->subject = xasprintf("%s[%d]", p->subject->path, index);
		}
	}
	struct eval_missing asof_miss[NASOF];
	if (p->status_on != NULL)
		set_status_date(p, &c, asof_miss);
	if (s->on < p->from || (until >= 0 && s->on > until)) {
		all = TRI_FALSE;
		wait_for(&w, s->on < p->from ? p->from : -1, s->on);
		if (reasons)
			say_period(s, p, until, r);
	}
	if (p->dated_by != NULL) {
		enum tri t = check_covered(s, p, &c, until, reasons, &day, r);
		fold(&all, t);
		w.blocked |= t == TRI_FALSE;
		w.unknown |= t == TRI_UNKNOWN;
	}
	if (p->ngroups > 0) {
		enum tri t = check_groups(s, p, &c, reasons, r);
		fold(&all, t);
		w.blocked |= t == TRI_FALSE;
		w.unknown |= t == TRI_UNKNOWN;
	}
	for (size_t i = 0; i < p->nconds; i++) {
		const struct policy_cond *k = &p->conds[i];
		size_t mark = c.nmiss;
		enum tri t = eval_tri(k->expr, &c);
		fold(&all, t);
		w.unknown |= t == TRI_UNKNOWN;
		if (reasons)
			say_cond(s, k, t, &c, mark, r);
		if (t != TRI_UNKNOWN)
			c.nmiss = mark;
		if (t == TRI_FALSE) {
			struct value d = k->eligible_from != NULL ? eval_expr(k->eligible_from, &c) : (struct value){ 0 };
			c.nmiss = mark;
			wait_for(&w, d.known ? (int)d.i : -1, s->on);
		}
	}
	enum tri lim = check_limit(s, p, &c, reasons, r);
	fold(&all, lim);
	w.blocked |= lim == TRI_FALSE;
	w.unknown |= lim == TRI_UNKNOWN;
	r->outcome = all == TRI_TRUE ? RESULT_ELIGIBLE : all == TRI_FALSE ? RESULT_INELIGIBLE : RESULT_UNKNOWN;
	/* eligible later by itself: nothing else failed or is unknown, and the day is in the period */
	if (r->outcome == RESULT_INELIGIBLE && !w.blocked && !w.unknown && w.from > s->on &&
	    (until < 0 || w.from <= until)) {
		r->has_from = true;
		r->eligible_from = w.from;
	}
	if (p->limit == POLICY_LIMIT_PERSON && index >= 0 && s->once_first >= 0 && r->outcome != RESULT_INELIGIBLE)
		once_taken(s, p, r);
	else if (p->limit == POLICY_LIMIT_PERSON && index >= 0 && s->once_first >= 0)
		r->has_from = false;   /* never eligible later: an earlier item is paid */
	if (r->outcome == RESULT_ELIGIBLE)
		figure_amount(s, p, &c, reasons, day, r);
	if (r->outcome == RESULT_UNKNOWN) {
		collect_missing(s, &c);
		if (reasons && !s->brief)
			keep_missing(s, r);
	} else {
		s->nuniq = 0;
	}
	ctx_give_stack(s, &c);
}

/* Evaluate one policy in a session: its results at the end of rl, or each given to the callback. */
static void
result_eval_policy(struct result_session *s, const struct policy *p, struct result_list *rl)
{
	struct result *r;

	if (p->subject == NULL) {
		r = result_begin(s, rl);
		result_eval_subject(s, p, NULL, -1, true, NULL, r);
		result_done(s, r);
		return;
	}
	struct eval_ctx c = { .root = s->root, .cache = &s->cache };
	const struct node *list = eval_fact_node(&c, p->subject, NULL);
	if (list == NULL || list->kind != NODE_LIST || list->n == 0) {
		struct sbuf *zh, *en;
		r = result_begin(s, rl);
		r->policy = p;
		r->outcome = RESULT_INELIGIBLE;
		s->nuniq = 0;
		en = reason_begin(s, &zh);
		say(zh, "没有登记任何");
		say(zh, p->subject->zh);
		say(en, "nothing is recorded under ");
		say(en, p->subject->path);
		say(en, " (");
		say(en, p->subject->en);
		say(en, ")");
		reason_end(s, r, "subject", TRI_FALSE);
		result_done(s, r);
		return;
	}
	s->once_first = -1;
	for (size_t i = 0; i < list->n; i++) {
		r = result_begin(s, rl);
		result_eval_subject(s, p, list->items[i], (int)i, true, NULL, r);
		if (p->limit == POLICY_LIMIT_PERSON && s->once_first < 0 && r->outcome == RESULT_ELIGIBLE)
			s->once_first = (int)i;
		result_done(s, r);
	}
	s->once_first = -1;
}

/* A session over a set on a date. */
static struct result_session *
result_session_open(const struct policyset *ps, int on, const struct policy_setting *local, size_t nlocal, bool brief)
{
	struct result_session *s = xcalloc(1, sizeof *s);

	s->ps = ps;
	s->on = on;
	s->local = local;
	s->nlocal = nlocal;
	s->ov = xcalloc(nlocal ? nlocal : 1, sizeof *s->ov);
	for (size_t i = 0; i < nlocal; i++)
		if (local[i].param == NULL)
			s->ov[s->nov++] = local[i].ov;
	s->brief = brief;
	s->once_first = -1;
	s->pmemo = xcalloc(ps->npolicies + 1, sizeof *s->pmemo);
	s->gmemo = xcalloc(ps->ngroups + 1, sizeof *s->gmemo);
	eval_cache_init(&s->cache, factschema_count(ps->schema));
	s->grants = factschema_find(ps->schema, "grants");
	s->grant_subject = factschema_find(ps->schema, "grants.subject");
	return s;
}

/* Turn a session to a new facts tree: what it remembered belongs to the old one. */
static void
result_session_start(struct result_session *s, const struct node *facts)
{
	s->root = facts;
	s->gen++;
	eval_cache_reset(&s->cache);
}


/* The same with local parameters set for this evaluation only (test cases). Caller frees. */
struct result_list *
result_eval_with(const struct policyset *ps, const struct policy *p, const struct node *facts, int on,
    const struct policy_setting *local, size_t nlocal)
{
	struct result_list *rl = xcalloc(1, sizeof *rl);
	struct result_session *s = result_session_open(ps, on, local, nlocal, false);

	result_session_start(s, facts);
	result_eval_policy(s, p, rl);
	result_session_free(s);
	return rl;
}

/* Evaluate one policy: one result per subject item (or one for the person). Caller frees. */
struct result_list *
result_eval(const struct policyset *ps, const struct policy *p, const struct node *facts, int on)
{
	return result_eval_with(ps, p, facts, on, NULL, 0);
}

/* Evaluate a policy by id; EX_USAGE naming the known ids when there is no such policy. Caller frees *out. */
int
result_eval_id(const struct policyset *ps, const char *id, const struct node *facts, int on,
    struct result_list **out, struct diag *d)
{
	const struct policy *p = policyset_find(ps, id);

	*out = NULL;
	if (p == NULL) {
		struct sbuf b = SBUF_INIT;
		for (size_t i = 0; i < ps->npolicies; i++)
			sbuf_addf(&b, "%s%s", i ? ", " : "", ps->policies[i]->id);
		diag_set(d, EX_USAGE, "no policy '%s' (expected one of: %s)", id, sbuf_str(&b));
		sbuf_free(&b);
		return EX_USAGE;
	}
	*out = result_eval(ps, p, facts, on);
	return 0;
}

/* Evaluate every policy of the set. Caller frees. */
struct result_list *
result_eval_all(const struct policyset *ps, const struct node *facts, int on)
{
	struct result_list *rl = xcalloc(1, sizeof *rl);
	struct result_session *s = result_session_open(ps, on, NULL, 0, false);

	result_session_start(s, facts);
	for (size_t i = 0; i < ps->npolicies; i++)
		result_eval_policy(s, ps->policies[i], rl);
	result_session_free(s);
	return rl;
}

/* A session for evaluating every policy of a set on a date, for one facts tree after another,
 * keeping the English reasons only. Free with result_session_free. */
struct result_session *
result_session_new(const struct policyset *ps, int on)
{
	return result_session_open(ps, on, NULL, 0, true);
}

/* Evaluate every policy for one facts tree, handing each result to fn in order. */
void
result_session_eval(struct result_session *s, const struct node *facts,
    void (*fn)(void *arg, const struct result_brief *b), void *arg)
{
	result_session_start(s, facts);
	s->fn = fn;
	s->arg = arg;
	for (size_t i = 0; i < s->ps->npolicies; i++)
		result_eval_policy(s, s->ps->policies[i], NULL);
}

/* Read the root facts that g gives from g instead of from the trees (NULL: from the trees again),
 * for the trees evaluated from here on; g's texts are those of the tree evaluated next. */
void
result_session_give(struct result_session *s, const struct eval_given *g)
{
	s->cache.given = g;
}

/* Free a session (NULL is fine). */
void
result_session_free(struct result_session *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ps->npolicies; i++)
		free(s->pmemo[i].miss);
	for (size_t i = 0; i < s->ps->ngroups; i++)
		free(s->gmemo[i].miss);
	free(s->pmemo);
	free(s->gmemo);
	eval_cache_free(&s->cache);
	for (size_t i = 0; i < s->nspare; i++)
		free(s->spare[i].miss);
	free(s->uniq);
	free(s->ov);
	sbuf_free(&s->zh);
	sbuf_free(&s->en);
	sbuf_free(&s->key);
	sbuf_free(&s->zkey);
	sbuf_free(&s->subject);
	sbuf_free(&s->texts);
	free(s->ends);
	free(s);
}
