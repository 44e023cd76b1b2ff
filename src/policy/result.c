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
	/* brief: the current result and its texts */
	struct result cur;
	struct sbuf subject;
	struct sbuf texts;            /* the English reasons, one after another */
	size_t *ends, nends, capends; /* where each reason ends in texts */
	void (*fn)(void *arg, const struct result_brief *b);
	void *arg;
};

static void result_eval_subject(struct result_session *s, const struct policy *p, const struct node *item, int index,
    bool reasons, struct result *r);

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
static struct sbuf *
reason_begin(struct result_session *s, struct sbuf **zh)
{
	if (s->brief) {
		*zh = NULL;
		return &s->texts;
	}
	sbuf_reset(&s->zh);
	sbuf_reset(&s->en);
	*zh = &s->zh;
	return &s->en;
}

/* Finish the reason begun last, keeping it in r. */
static void
reason_end(struct result_session *s, struct result *r, const char *id, enum tri state)
{
	if (s->brief) {
		if (s->nends == s->capends) {
			s->capends = s->capends ? s->capends * 2 : 16;
			s->ends = xreallocarray(s->ends, s->capends, sizeof *s->ends);
		}
		s->ends[s->nends++] = s->texts.len;
		return;
	}
	r->reasons = xreallocarray(r->reasons, r->nreasons + 1, sizeof *r->reasons);
	r->reasons[r->nreasons].id = id;
	r->reasons[r->nreasons].state = state;
	r->reasons[r->nreasons].zh = xstrdup(sbuf_str(&s->zh));
	r->reasons[r->nreasons].en = xstrdup(sbuf_str(&s->en));
	r->nreasons++;
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
memo_store(struct result_session *s, struct memo *m, enum tri t, const struct eval_missing *miss, size_t n)
{
	m->gen = s->gen;
	m->t = t;
	m->nmiss = t == TRI_UNKNOWN ? n : 0;
	if (m->nmiss > m->capmiss) {
		m->capmiss = m->nmiss;
		m->miss = xreallocarray(m->miss, m->capmiss, sizeof *m->miss);
	}
	if (m->nmiss > 0)
		memcpy(m->miss, miss, m->nmiss * sizeof *m->miss);
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
	struct eval_ctx c = { .root = s->root, .item = item, .index = index, .on = s->on, .ref = result_session_ref,
	    .arg = s, .cache = &s->cache };

	ctx_take_stack(s, &c);
	return c;
}

/* A group's answer for the session's person. */
static enum tri
result_group_tri(struct result_session *s, const struct group *g, struct eval_ctx *c)
{
	struct memo *m = &s->gmemo[g->index];

	if (m->gen != s->gen) {
		struct eval_ctx gc = new_ctx(s, NULL, -1);
		enum tri t = eval_tri(g->expr, &gc);
		memo_store(s, m, t, gc.miss, gc.nmiss);
		ctx_give_stack(s, &gc);
	}
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
	if (m->gen != s->gen) {
		struct result r = { .item = -1 };
		result_eval_subject(s, p, NULL, -1, false, &r);
		enum tri t = r.outcome == RESULT_ELIGIBLE ? TRI_TRUE : r.outcome == RESULT_UNKNOWN ? TRI_UNKNOWN :
		    TRI_FALSE;
		/* the missing facts of a person-level policy: kept as facts, not paths */
		memo_store(s, m, t, s->uniq, t == TRI_UNKNOWN ? s->nuniq : 0);
		for (size_t i = 0; i < m->nmiss; i++)
			m->miss[i].item = -1;
		result_clear(&r);
	}
	return memo_give(m, c);
}

/* Write a condition's sentence for its answer: pass, fail, or pass prefixed as not yet known. */
static void
say_cond(struct result_session *s, const struct policy_cond *k, enum tri t, struct eval_ctx *c, struct result *r)
{
	struct sbuf *zh, *en = reason_begin(s, &zh);
	const struct tmpl *tz = t == TRI_FALSE ? &k->fail_zh : &k->pass_zh;
	const struct tmpl *te = t == TRI_FALSE ? &k->fail_en : &k->pass_en;

	if (t == TRI_UNKNOWN) {
		say(zh, "尚不确定:");
		say(en, "not yet known: ");
	}
	if (zh != NULL)
		tmpl_render(tz, c, true, zh);
	tmpl_render(te, c, false, en);
	reason_end(s, r, k->id, t);
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
		size_t zh0, en0;
		say(zh, "属于扶持对象:");
		say(en, "in a target group: ");
		zh0 = zh != NULL ? zh->len : 0;
		en0 = en->len;
		for (size_t i = 0; i < p->ngroups; i++) {
			const struct group *g = p->groups[i];
			if (s->gmemo[g->index].t != TRI_TRUE)
				continue;
			if (zh != NULL && zh->len > zh0)
				sbuf_add(zh, "、");
			say(zh, g->zh);
			if (en->len > en0)
				sbuf_add(en, "; ");
			sbuf_add(en, g->en);
		}
	} else {
		say(zh, all == TRI_FALSE ? "不属于扶持对象(" : "尚不能确定是否属于扶持对象(");
		say(zh, p->groups_zh);
		say(zh, ")");
		say(en, all == TRI_FALSE ? "not in a target group (" : "not yet known whether in a target group (");
		say(en, p->groups_en);
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

	if (p->limit == POLICY_LIMIT_NONE)
		return TRI_TRUE;
	grants = s->grants != NULL ? eval_fact_node(c, s->grants, NULL) : node_get(s->root, "grants");
	for (size_t i = 0; grants != NULL && grants->kind == NODE_LIST && i < grants->n; i++) {
		const struct node *g = grants->items[i];
		const struct node *pol = node_get(g, "policy"), *on = node_get(g, "on"), *sub = node_get(g, "subject");
		int day;
		if (pol == NULL || pol->text == NULL || strcmp(pol->text, p->id) != 0)
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
		snprintf(when, sizeof when, "%s", on != NULL && on->text != NULL ? on->text : "?");
		t = TRI_FALSE;
		break;
	}
	if (!reasons)
		return t;
	struct sbuf *zh, *en = reason_begin(s, &zh);
	if (t == TRI_TRUE) {
		say(zh, "此前未享受过(");
		say(en, "not granted before (");
	} else if (t == TRI_FALSE) {
		say(zh, "已于");
		say(zh, when);
		say(zh, "享受过(");
		say(en, "already granted on ");
		say(en, when);
		say(en, " (");
	} else {
		say(zh, "已有发放记录未注明是哪一项,无法判断是否已享受(");
		say(en, "a grant on record does not say which item it was for (");
	}
	say(zh, per_zh);
	say(zh, ")");
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

/* Figure the amount of an eligible result; may make it unknown. */
static void
figure_amount(struct result_session *s, const struct policy *p, struct eval_ctx *c, bool reasons, struct result *r)
{
	const struct param *pa = p->amount_param;
	const struct policy_setting *set = pa != NULL ? local_setting(s, pa) : NULL;
	const struct param_value *v = pa != NULL && set == NULL ? param_at(pa, s->on) : NULL;
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
			say(zh, "”尚未设定(local.yaml 中的 ");
			say(zh, pa->name + 6);
			say(zh, "),金额待定");
			say(en, "the local standard '");
			say(en, pa->en);
			say(en, "' is not set (");
			say(en, pa->name + 6);
			say(en, " in local.yaml), so no amount can be given");
		} else {
			say(zh, pa->zh);
			say(zh, "没有在");
			say_date(zh, s->on);
			say(zh, "生效的标准");
			say(en, "no standard for ");
			say(en, pa->en);
			say(en, " is in force on ");
			say_date(en, s->on);
		}
		reason_end(s, r, "amount", TRI_UNKNOWN);
		return;
	}
	if (p->amount == POLICY_AMOUNT_FIXED) {
		fen = v != NULL ? v->fen : fixed;
		if (reasons) {
			en = reason_begin(s, &zh);
			say(zh, "金额:");
			say_yuan(zh, fen, "元");
			say(en, "amount: ");
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
				say(zh, "金额:");
				say_yuan(zh, fen, "元(");
				say(zh, lzh != NULL ? lzh : "按");
				say(zh, " ");
				say(zh, key);
				say(zh, ")");
				say(en, "amount: ");
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
					say(zh, "无法计算金额:");
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
				say(zh, "金额:");
				say_yuan(zh, rate, "元");
				say(zh, lzh != NULL ? "/" : "");
				say(zh, lzh != NULL ? lzh : "");
				say(zh, " × ");
				say(zh, key);
				say(zh, " = ");
				say_yuan(zh, fen, "元");
				say(en, "amount: ");
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
	if (!reasons)
		return;
	if (v != NULL) {
		say(zh, ",");
		say_date(zh, v->from);
		say(zh, "起执行的标准");
		say(en, ", the standard in force since ");
		say_date(en, v->from);
	}
	reason_end(s, r, "amount", TRI_TRUE);
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

/* Say that the evaluation date is outside the policy's period. */
static void
say_period(struct result_session *s, const struct policy *p, struct result *r)
{
	struct sbuf *zh, *en = reason_begin(s, &zh);

	say_date(zh, s->on);
	say(zh, "不在本政策有效期内(");
	say_date(zh, p->from);
	say(zh, " 起");
	say(en, "the policy is not in force on ");
	say_date(en, s->on);
	say(en, " (in force from ");
	say_date(en, p->from);
	if (p->until >= 0) {
		say(zh, "至 ");
		say_date(zh, p->until);
		say(en, " until ");
		say_date(en, p->until);
	}
	say(zh, ")");
	say(en, ")");
	reason_end(s, r, "period", TRI_FALSE);
}

/* Evaluate one policy for the person or one item, into r. */
static void
result_eval_subject(struct result_session *s, const struct policy *p, const struct node *item, int index, bool reasons,
    struct result *r)
{
	struct eval_ctx c = new_ctx(s, item, index);
	enum tri all = TRI_TRUE;

	r->policy = p;
	r->item = index;
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
	if (s->on < p->from || (p->until >= 0 && s->on > p->until)) {
		all = TRI_FALSE;
		if (reasons)
			say_period(s, p, r);
	}
	if (p->ngroups > 0)
		fold(&all, check_groups(s, p, &c, reasons, r));
	for (size_t i = 0; i < p->nconds; i++) {
		const struct policy_cond *k = &p->conds[i];
		size_t mark = c.nmiss;
		enum tri t = eval_tri(k->expr, &c);
		fold(&all, t);
		if (reasons)
			say_cond(s, k, t, &c, r);
		if (t != TRI_UNKNOWN)
			c.nmiss = mark;
	}
	fold(&all, check_limit(s, p, &c, reasons, r));
	r->outcome = all == TRI_TRUE ? RESULT_ELIGIBLE : all == TRI_FALSE ? RESULT_INELIGIBLE : RESULT_UNKNOWN;
	if (r->outcome == RESULT_ELIGIBLE)
		figure_amount(s, p, &c, reasons, r);
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
		result_eval_subject(s, p, NULL, -1, true, r);
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
	for (size_t i = 0; i < list->n; i++) {
		r = result_begin(s, rl);
		result_eval_subject(s, p, list->items[i], (int)i, true, r);
		result_done(s, r);
	}
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
	s->brief = brief;
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
	sbuf_free(&s->zh);
	sbuf_free(&s->en);
	sbuf_free(&s->key);
	sbuf_free(&s->subject);
	sbuf_free(&s->texts);
	free(s->ends);
	free(s);
}
