/* Recording a decision on a benefit, with once-only limits enforced in one transaction: the
 * facts are read, the policy evaluated and the decisions written as one db_transaction. */
#include "core/grant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"
#include "policy/result.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/xalloc.h"

/* The reasons of a result as a JSON array of {id, held, zh, en}. Caller frees. */
static char *
grant_reasons_json(const struct result *r)
{
	struct sbuf b = SBUF_INIT;
	struct json j;

	json_init(&j, &b);
	json_arr(&j);
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct result_reason *rr = &r->reasons[i];
		json_obj(&j);
		json_key(&j, "id");
		json_str(&j, rr->id);
		json_key(&j, "held");
		if (rr->state == TRI_UNKNOWN)
			json_null(&j);
		else
			json_bool(&j, rr->state == TRI_TRUE);
		json_key(&j, "zh");
		json_str(&j, rr->zh);
		json_key(&j, "en");
		json_str(&j, rr->en);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	return sbuf_take(&b);
}

/* Append why a result cannot be granted: its failed reasons, or the facts it still needs. */
static void
grant_refusal(const struct result *r, struct sbuf *b)
{
	bool zh = i18n_zh();
	size_t start = b->len;

	if (b->len > 0)
		sbuf_add(b, "; ");
	if (r->subject != NULL)
		sbuf_addf(b, "%s: ", r->subject);
	size_t head = b->len;
	for (size_t i = 0; i < r->nreasons; i++) {
		if (r->reasons[i].state != TRI_FALSE)
			continue;
		sbuf_addf(b, "%s%s", b->len > head ? ", " : "", zh ? r->reasons[i].zh : r->reasons[i].en);
	}
	for (size_t i = 0; i < r->nmissing; i++) {
		sbuf_add(b, b->len > head ? ", " : "");
		sbuf_addf(b, tr("needs %s"), r->missing[i].path);
	}
	if (b->len == head) {
		b->len = start;  /* nothing to say */
		b->s[start] = '\0';
	}
}

/* Insert one decision for an eligible result. */
static int
grant_insert(struct db *db, const char *pid, const struct result *r, const char *facts_json,
    int on, struct grant *g, struct diag *d)
{
	char *subject_key = NULL, *once = NULL, *reasons = NULL, now[32], day[11];
	int ret = 0;

	if (r->subject != NULL && (ret = facts_subject_key(db, pid, r->subject, &subject_key, d)))
		return ret;
	if (r->policy->limit == POLICY_LIMIT_PERSON)
		once = xasprintf("%s|%s", pid, r->policy->id);
	else if (r->policy->limit == POLICY_LIMIT_ITEM)
		once = xasprintf("%s|%s|%s", pid, r->policy->id, subject_key ? subject_key : "");
	reasons = grant_reasons_json(r);
	g->decision_id = db_new_key(db);
	g->subject = xstrdup(r->subject);
	g->has_amount = r->has_amount;
	g->amount_fen = r->amount_fen;
	db_now(now);
	struct db_stmt *st = db_cached(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, "
	    "reasons_json, once_key, counselor, status, created_at, updated_at, created_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'eligible', ?8, ?9, ?10, ?11, ?12, 'proposed', "
	    "?13, ?13, ?12)");
	db_bind_text(st, 1, g->decision_id);
	db_bind_text(st, 2, pid);
	db_bind_text(st, 3, r->policy->id);
	db_bind_text(st, 4, r->policy->hash);
	db_bind_text(st, 5, date_format(on, day));
	db_bind_text(st, 6, r->subject);
	db_bind_text(st, 7, subject_key);
	if (r->has_amount)
		db_bind_int(st, 8, r->amount_fen);
	db_bind_text(st, 9, facts_json);
	db_bind_text(st, 10, reasons);
	db_bind_text(st, 11, once);
	db_bind_text(st, 12, db_user(db));
	db_bind_text(st, 13, now);
	if ((ret = db_run(st, "recording the decision", d)) != 0 && db_failed_unique(st))
		ret = diag_set(d, EX_DATAERR, "%s%s%s: already granted to this person; it is granted "
		    "once only", r->policy->id, r->subject ? " " : "", r->subject ? r->subject : "");
	if (ret != 0) {
		/* nothing recorded: the caller never sees this entry */
		free(g->decision_id);
		free(g->subject);
		memset(g, 0, sizeof *g);
	}
	free(subject_key);
	free(once);
	free(reasons);
	return ret;
}

/* One grant_record: what it was asked, and what it found and made. */
struct grant_job {
	const struct policyset *ps;
	const char *key, *policy_id, *subject, *pid;
	int on;
	struct node *facts;
	struct result_list *rl;
	struct sbuf fj, refusals;
	struct grant *out;
	int n;
};

/* Evaluate and record, inside the write transaction so that a grant made a moment ago is in
 * the facts: 0 when something was granted, else why not. */
static int
grant_work(struct db *db, void *arg, struct diag *d)
{
	struct grant_job *g = arg;
	int ret;

	if ((ret = facts_person(db, g->pid, &g->facts, d)) != 0 ||
	    (ret = result_eval_id(g->ps, g->policy_id, g->facts, g->on, &g->rl, d)) != 0)
		return ret;
	const struct node *name = node_path(g->facts, "person.name");
	node_write_json(g->facts, &g->fj);
	g->out = xcalloc(g->rl->n, sizeof *g->out);
	bool matched = false;
	for (size_t i = 0; i < g->rl->n; i++) {
		const struct result *r = &g->rl->items[i];
		if (g->subject != NULL && (r->subject == NULL || strcmp(r->subject, g->subject) != 0))
			continue;
		matched = true;
		if (r->outcome != RESULT_ELIGIBLE) {
			grant_refusal(r, &g->refusals);
			continue;
		}
		if ((ret = grant_insert(db, g->pid, r, sbuf_str(&g->fj), g->on, &g->out[g->n], d)) != 0)
			return ret;
		g->n++;
	}
	if (g->subject != NULL && !matched)
		return diag_set(d, EX_DATAERR, "%s: no subject %s for this person", g->policy_id,
		    g->subject);
	if (g->n == 0 && g->refusals.len > 0)
		return diag_set(d, EX_DATAERR, "%s: %s is not eligible: %s", g->policy_id,
		    name != NULL ? name->text : g->key, sbuf_str(&g->refusals));
	if (g->n == 0)
		return diag_set(d, EX_DATAERR, "%s: nothing to grant", g->policy_id);
	return 0;
}

/* Grant policy_id to the person as of day `on`: the subject given, or every eligible one. */
int
grant_record(struct db *db, const struct policyset *ps, const char *key,
    const char *policy_id, const char *subject, int on, struct grant **out, int *n,
    struct diag *d)
{
	struct grant_job g = { .ps = ps, .key = key, .policy_id = policy_id, .subject = subject,
	    .on = on, .fj = SBUF_INIT, .refusals = SBUF_INIT };
	char *pid = NULL;
	int ret;

	*out = NULL;
	*n = 0;
	if ((ret = person_resolve(db, key, &pid, d)) != 0)
		return ret;
	g.pid = pid;
	if ((ret = db_transaction(db, grant_work, &g, d)) != 0) {
		grant_free(g.out, g.n);
		g.out = NULL;
		g.n = 0;
	}
	*out = g.out;
	*n = g.n;
	result_list_free(g.rl);
	node_free(g.facts);
	sbuf_free(&g.fj);
	sbuf_free(&g.refusals);
	free(pid);
	return ret;
}

/* Free what grant_record returned. */
void
grant_free(struct grant *g, int n)
{
	for (int i = 0; i < n; i++) {
		free(g[i].decision_id);
		free(g[i].subject);
	}
	free(g);
}
