/* Evaluating policies for one person's facts on a date: outcome, amount, reasons, missing facts. */
#include "policy/result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* A remembered answer of a group or a person-level policy. */
struct memo {
	bool done;
	enum tri t;
	struct eval_missing *miss;
	size_t nmiss;
};

/* One evaluation of a set for one facts tree on one date. */
struct session {
	const struct policyset *ps;
	const struct node *root;
	int on;
	const struct policy_setting *local;
	size_t nlocal;
	struct memo *pmemo;   /* by policy index */
	struct memo *gmemo;   /* by group index */
};

static void eval_subject(struct session *s, const struct policy *p, const struct node *item, int index,
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

/* A new empty result at the end of a list. */
static struct result *
list_add(struct result_list *rl)
{
	if (rl->n == rl->cap) {
		rl->cap = rl->cap ? rl->cap * 2 : 16;
		rl->items = xreallocarray(rl->items, rl->cap, sizeof *rl->items);
	}
	struct result *r = &rl->items[rl->n++];
	memset(r, 0, sizeof *r);
	r->item = -1;
	return r;
}

/* Add a reason (takes the strings). */
static void
add_reason(struct result *r, const char *id, enum tri state, char *zh, char *en)
{
	r->reasons = xreallocarray(r->reasons, r->nreasons + 1, sizeof *r->reasons);
	r->reasons[r->nreasons].id = id;
	r->reasons[r->nreasons].state = state;
	r->reasons[r->nreasons].zh = zh;
	r->reasons[r->nreasons].en = en;
	r->nreasons++;
}

/* Move the context's missing facts into the result, without repeats. */
static void
take_missing(struct result *r, const struct eval_ctx *c)
{
	for (size_t i = 0; i < c->nmiss; i++) {
		char *path = eval_missing_path(&c->miss[i]);
		size_t k;
		for (k = 0; k < r->nmissing; k++)
			if (strcmp(r->missing[k].path, path) == 0)
				break;
		if (k < r->nmissing) {
			free(path);
			continue;
		}
		r->missing = xreallocarray(r->missing, r->nmissing + 1, sizeof *r->missing);
		r->missing[r->nmissing].path = path;
		r->missing[r->nmissing].fact = c->miss[i].fact;
		r->nmissing++;
	}
}

/* Remember a context's answer and missing facts. */
static void
memo_store(struct memo *m, enum tri t, const struct eval_ctx *c)
{
	m->done = true;
	m->t = t;
	m->nmiss = t == TRI_UNKNOWN ? c->nmiss : 0;
	if (m->nmiss > 0) {
		m->miss = xreallocarray(NULL, m->nmiss, sizeof *m->miss);
		memcpy(m->miss, c->miss, m->nmiss * sizeof *m->miss);
	}
}

/* Give a remembered answer, pushing its missing facts when unknown. */
static enum tri
memo_give(const struct memo *m, struct eval_ctx *c)
{
	for (size_t i = 0; i < m->nmiss; i++)
		eval_push_missing(c, m->miss[i].fact, m->miss[i].item);
	return m->t;
}

static enum tri session_ref(void *arg, const struct expr *e, struct eval_ctx *c);

/* A fresh context for the person (no item). */
static struct eval_ctx
person_ctx(struct session *s)
{
	struct eval_ctx c = { .root = s->root, .index = -1, .on = s->on, .ref = session_ref, .arg = s };

	return c;
}

/* A group's answer for the session's person. */
static enum tri
group_tri(struct session *s, const struct group *g, struct eval_ctx *c)
{
	struct memo *m = &s->gmemo[g->index];

	if (!m->done) {
		struct eval_ctx gc = person_ctx(s);
		enum tri t = eval_tri(g->expr, &gc);
		memo_store(m, t, &gc);
		eval_ctx_free(&gc);
	}
	return memo_give(m, c);
}

/* policy("id") and group("name") during evaluation. */
static enum tri
session_ref(void *arg, const struct expr *e, struct eval_ctx *c)
{
	struct session *s = arg;

	if (e->op == EXPR_GROUP)
		return group_tri(s, e->ref, c);
	const struct policy *p = e->ref;
	struct memo *m = &s->pmemo[p->index];
	if (!m->done) {
		struct result r = { .item = -1 };
		eval_subject(s, p, NULL, -1, false, &r);
		m->done = true;
		m->t = r.outcome == RESULT_ELIGIBLE ? TRI_TRUE : r.outcome == RESULT_UNKNOWN ? TRI_UNKNOWN : TRI_FALSE;
		/* the missing facts of a person-level policy: keep them as facts, not paths */
		m->nmiss = m->t == TRI_UNKNOWN ? r.nmissing : 0;
		m->miss = m->nmiss ? xreallocarray(NULL, m->nmiss, sizeof *m->miss) : NULL;
		for (size_t i = 0; i < m->nmiss; i++) {
			m->miss[i].fact = r.missing[i].fact;
			m->miss[i].item = -1;
		}
		result_clear(&r);
	}
	return memo_give(m, c);
}

/* Render a template pair into new strings. */
static void
render2(const struct tmpl *zh, const struct tmpl *en, struct eval_ctx *c, const char *pre_zh,
    const char *pre_en, char **out_zh, char **out_en)
{
	struct sbuf b = SBUF_INIT;

	sbuf_add(&b, pre_zh);
	tmpl_render(zh, c, true, &b);
	*out_zh = sbuf_take(&b);
	sbuf_add(&b, pre_en);
	tmpl_render(en, c, false, &b);
	*out_en = sbuf_take(&b);
}

/* The target groups: any one suffices. */
static enum tri
check_groups(struct session *s, const struct policy *p, struct eval_ctx *c, bool reasons, struct result *r)
{
	size_t mark = c->nmiss;
	enum tri all = TRI_FALSE;
	struct sbuf held_zh = SBUF_INIT, held_en = SBUF_INIT, all_zh = SBUF_INIT, all_en = SBUF_INIT;

	for (size_t i = 0; i < p->ngroups; i++) {
		const struct group *g = p->groups[i];
		size_t before = c->nmiss;
		enum tri t = group_tri(s, g, c);
		sbuf_addf(&all_zh, "%s%s", i ? "、" : "", g->zh);
		sbuf_addf(&all_en, "%s%s", i ? "; " : "", g->en);
		if (t == TRI_TRUE) {
			sbuf_addf(&held_zh, "%s%s", held_zh.len ? "、" : "", g->zh);
			sbuf_addf(&held_en, "%s%s", held_en.len ? "; " : "", g->en);
			all = TRI_TRUE;
		} else if (t == TRI_UNKNOWN && all != TRI_TRUE) {
			all = TRI_UNKNOWN;
		} else {
			c->nmiss = before;
		}
	}
	if (all != TRI_UNKNOWN)
		c->nmiss = mark;
	if (reasons) {
		if (all == TRI_TRUE)
			add_reason(r, "groups", all, xasprintf("属于扶持对象:%s", sbuf_str(&held_zh)),
			    xasprintf("in a target group: %s", sbuf_str(&held_en)));
		else if (all == TRI_FALSE)
			add_reason(r, "groups", all, xasprintf("不属于扶持对象(%s)", sbuf_str(&all_zh)),
			    xasprintf("not in a target group (%s)", sbuf_str(&all_en)));
		else
			add_reason(r, "groups", all, xasprintf("尚不能确定是否属于扶持对象(%s)", sbuf_str(&all_zh)),
			    xasprintf("not yet known whether in a target group (%s)", sbuf_str(&all_en)));
	}
	sbuf_free(&held_zh);
	sbuf_free(&held_en);
	sbuf_free(&all_zh);
	sbuf_free(&all_en);
	return all;
}

/* The once-only limit against the facts' grants. */
static enum tri
check_limit(const struct session *s, const struct policy *p, struct eval_ctx *c, bool reasons,
    struct result *r)
{
	const struct node *grants = node_get(s->root, "grants");
	const char *per_zh = p->limit == POLICY_LIMIT_PERSON ? "每人限一次" : "每项限一次";
	const char *per_en = p->limit == POLICY_LIMIT_PERSON ? "once per person" : "once per item";
	enum tri t = TRI_TRUE;
	char when[11] = "?";

	if (p->limit == POLICY_LIMIT_NONE)
		return TRI_TRUE;
	for (size_t i = 0; grants != NULL && grants->kind == NODE_LIST && i < grants->n; i++) {
		const struct node *g = grants->items[i];
		const struct node *pol = node_get(g, "policy"), *on = node_get(g, "on"), *sub = node_get(g, "subject");
		int day;
		if (pol == NULL || pol->text == NULL || strcmp(pol->text, p->id) != 0)
			continue;
		if (on != NULL && on->text != NULL && date_parse(on->text, &day) == 0 && day > s->on)
			continue;   /* granted after the evaluation date */
		if (p->limit == POLICY_LIMIT_ITEM && (sub == NULL || sub->text == NULL)) {
			const struct factschema_fact *subj_fact = factschema_find(s->ps->schema, "grants.subject");
			if (subj_fact != NULL && t != TRI_FALSE) {
				eval_push_missing(c, subj_fact, (int)i);
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
	if (t == TRI_TRUE)
		add_reason(r, "limit", t, xasprintf("此前未享受过(%s)", per_zh), xasprintf("not granted before (%s)",
		    per_en));
	else if (t == TRI_FALSE)
		add_reason(r, "limit", t, xasprintf("已于%s享受过(%s)", when, per_zh),
		    xasprintf("already granted on %s (%s)", when, per_en));
	else
		add_reason(r, "limit", t, xasprintf("已有发放记录未注明是哪一项,无法判断是否已享受(%s)", per_zh),
		    xasprintf("a grant on record does not say which item it was for (%s)", per_en));
	return t;
}

/* The local parameter value set for this session, if any. */
static const struct policy_setting *
local_setting(const struct session *s, const struct param *pa)
{
	for (size_t i = 0; i < s->nlocal; i++)
		if (s->local[i].param == pa)
			return &s->local[i];
	return NULL;
}

/* Figure the amount of an eligible result; may make it unknown. */
static void
figure_amount(struct session *s, const struct policy *p, struct eval_ctx *c, bool reasons, struct result *r)
{
	const struct param *pa = p->amount_param;
	const struct policy_setting *set = pa != NULL ? local_setting(s, pa) : NULL;
	const struct param_value *v = pa != NULL && set == NULL ? param_at(pa, s->on) : NULL;
	struct param_value fixed = { 0 };
	char since[11] = "", buf[11];
	struct sbuf zh = SBUF_INIT, en = SBUF_INIT;
	int64_t fen;

	if (p->amount == POLICY_AMOUNT_NONE)
		return;
	if (pa == NULL || set != NULL) {
		fixed.fen = pa == NULL ? p->amount_literal : set->fen;
		v = &fixed;
	} else if (v == NULL) {
		if (reasons && pa->local)
			add_reason(r, "amount", TRI_UNKNOWN, xasprintf("本地标准“%s”尚未设定(local.yaml 中的 %s),"
			    "金额待定", pa->zh, pa->name + 6), xasprintf("the local standard '%s' is not set (%s in "
			    "local.yaml), so no amount can be given", pa->en, pa->name + 6));
		else if (reasons)
			add_reason(r, "amount", TRI_UNKNOWN, xasprintf("%s没有在%s生效的标准", pa->zh,
			    date_format(s->on, buf)), xasprintf("no standard for %s is in force on %s", pa->en,
			    date_format(s->on, buf)));
		return;
	} else {
		date_format(v->from, since);
	}
	if (p->amount == POLICY_AMOUNT_FIXED) {
		fen = v->fen;
		eval_format_yuan(fen, &zh);
		sbuf_add(&zh, "元");
		eval_format_yuan(fen, &en);
		sbuf_add(&en, " yuan");
	} else {
		size_t mark = c->nmiss;
		struct value k = eval_expr(p->amount_by, c);
		if (!k.known) {
			r->outcome = RESULT_UNKNOWN;
			if (reasons)
				add_reason(r, "amount", TRI_UNKNOWN, xstrdup("计算金额所需的信息不全"),
				    xstrdup("the amount needs facts that are not known yet"));
			return;
		}
		c->nmiss = mark;
		struct sbuf key = SBUF_INIT;
		eval_format(&k, NULL, false, &key);
		if (p->amount == POLICY_AMOUNT_TABLE && !param_lookup(v, sbuf_str(&key), &fen)) {
			if (reasons)
				add_reason(r, "amount", TRI_UNKNOWN, xasprintf("标准表中没有 %s 对应的金额", sbuf_str(&key)),
				    xasprintf("the standard has no figure for %s", sbuf_str(&key)));
			sbuf_free(&key);
			return;
		}
		const char *lzh = p->amount_label_zh, *len = p->amount_label_en;
		if (p->amount == POLICY_AMOUNT_TABLE) {
			eval_format_yuan(fen, &zh);
			sbuf_addf(&zh, "元(%s %s)", lzh != NULL ? lzh : "按", sbuf_str(&key));
			eval_format_yuan(fen, &en);
			sbuf_addf(&en, " yuan (%s %s)", len != NULL ? len : "for", sbuf_str(&key));
		} else {
			int64_t total;
			if (__builtin_mul_overflow(v->fen, k.i, &total) || total < 0) {
				sbuf_free(&key);
				return;
			}
			eval_format_yuan(v->fen, &zh);
			sbuf_addf(&zh, "元%s%s × %s = ", lzh != NULL ? "/" : "", lzh != NULL ? lzh : "", sbuf_str(&key));
			eval_format_yuan(total, &zh);
			sbuf_add(&zh, "元");
			eval_format_yuan(v->fen, &en);
			sbuf_addf(&en, " yuan%s%s x %s = ", len != NULL ? " per " : "", len != NULL ? len : "", sbuf_str(&key));
			eval_format_yuan(total, &en);
			sbuf_add(&en, " yuan");
			fen = total;
		}
		sbuf_free(&key);
	}
	r->has_amount = true;
	r->amount_fen = fen;
	if (reasons) {
		if (since[0] != '\0') {
			sbuf_addf(&zh, ",%s起执行的标准", since);
			sbuf_addf(&en, ", the standard in force since %s", since);
		}
		add_reason(r, "amount", TRI_TRUE, xasprintf("金额:%s", sbuf_str(&zh)),
		    xasprintf("amount: %s", sbuf_str(&en)));
	}
	sbuf_free(&zh);
	sbuf_free(&en);
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

/* Evaluate one policy for the person or one item, into r. */
static void
eval_subject(struct session *s, const struct policy *p, const struct node *item, int index, bool reasons,
    struct result *r)
{
	struct eval_ctx c = { .root = s->root, .item = item, .index = index, .on = s->on,
	    .ref = session_ref, .arg = s };
	enum tri all = TRI_TRUE;
	char buf[11], buf2[11];

	r->policy = p;
	r->item = index;
	if (p->subject != NULL && index >= 0)
		r->subject = xasprintf("%s[%d]", p->subject->path, index);
	if (s->on < p->from || (p->until >= 0 && s->on > p->until)) {
		all = TRI_FALSE;
		if (reasons)
			add_reason(r, "period", TRI_FALSE, xasprintf("%s不在本政策有效期内(%s 起%s%s)", date_format(s->on, buf),
			    date_format(p->from, buf2), p->until >= 0 ? "至 " : "", p->until >= 0 ?
			    date_format(p->until, buf) : ""), xasprintf("the policy is not in force on %s (in force from %s%s%s)",
			    date_format(s->on, buf), date_format(p->from, buf2), p->until >= 0 ? " until " : "",
			    p->until >= 0 ? date_format(p->until, buf) : ""));
	}
	if (p->ngroups > 0)
		fold(&all, check_groups(s, p, &c, reasons, r));
	for (size_t i = 0; i < p->nconds; i++) {
		const struct policy_cond *k = &p->conds[i];
		size_t mark = c.nmiss;
		enum tri t = eval_tri(k->expr, &c);
		fold(&all, t);
		if (reasons) {
			char *zh, *en;
			if (t == TRI_TRUE)
				render2(&k->pass_zh, &k->pass_en, &c, "", "", &zh, &en);
			else if (t == TRI_FALSE)
				render2(&k->fail_zh, &k->fail_en, &c, "", "", &zh, &en);
			else
				render2(&k->pass_zh, &k->pass_en, &c, "尚不确定:", "not yet known: ", &zh, &en);
			add_reason(r, k->id, t, zh, en);
		}
		if (t != TRI_UNKNOWN)
			c.nmiss = mark;
	}
	fold(&all, check_limit(s, p, &c, reasons, r));
	r->outcome = all == TRI_TRUE ? RESULT_ELIGIBLE : all == TRI_FALSE ? RESULT_INELIGIBLE : RESULT_UNKNOWN;
	if (r->outcome == RESULT_ELIGIBLE)
		figure_amount(s, p, &c, reasons, r);
	if (r->outcome == RESULT_UNKNOWN)
		take_missing(r, &c);
	eval_ctx_free(&c);
}

/* Evaluate one policy in a session, appending its results. */
static void
eval_policy(struct session *s, const struct policy *p, struct result_list *rl)
{
	if (p->subject == NULL) {
		eval_subject(s, p, NULL, -1, true, list_add(rl));
		return;
	}
	const struct node *list = node_get(s->root, p->subject->path);
	if (list == NULL || list->kind != NODE_LIST || list->n == 0) {
		struct result *r = list_add(rl);
		r->policy = p;
		r->outcome = RESULT_INELIGIBLE;
		add_reason(r, "subject", TRI_FALSE, xasprintf("没有登记任何 %s(%s)", p->subject->path, p->subject->zh),
		    xasprintf("nothing is recorded under %s (%s)", p->subject->path, p->subject->en));
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		eval_subject(s, p, list->items[i], (int)i, true, list_add(rl));
}

/* Start a session. */
static void
session_init(struct session *s, const struct policyset *ps, const struct node *facts, int on,
    const struct policy_setting *local, size_t nlocal)
{
	s->ps = ps;
	s->root = facts;
	s->on = on;
	s->local = local;
	s->nlocal = nlocal;
	s->pmemo = xcalloc(ps->npolicies + 1, sizeof *s->pmemo);
	s->gmemo = xcalloc(ps->ngroups + 1, sizeof *s->gmemo);
}

/* End a session. */
static void
session_free(struct session *s)
{
	for (size_t i = 0; i < s->ps->npolicies; i++)
		free(s->pmemo[i].miss);
	for (size_t i = 0; i < s->ps->ngroups; i++)
		free(s->gmemo[i].miss);
	free(s->pmemo);
	free(s->gmemo);
}

/* The same with local parameters set for this evaluation only (test cases). Caller frees. */
struct result_list *
result_eval_with(const struct policyset *ps, const struct policy *p, const struct node *facts, int on,
    const struct policy_setting *local, size_t nlocal)
{
	struct result_list *rl = xcalloc(1, sizeof *rl);
	struct session s;

	session_init(&s, ps, facts, on, local, nlocal);
	eval_policy(&s, p, rl);
	session_free(&s);
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
	struct session s;

	session_init(&s, ps, facts, on, NULL, 0);
	for (size_t i = 0; i < ps->npolicies; i++)
		eval_policy(&s, ps->policies[i], rl);
	session_free(&s);
	return rl;
}
