/* Recording a decision on a benefit, with once-only limits enforced in one transaction: the
 * facts are read, the policy evaluated and the decisions written as one db_transaction. */
#include "core/grant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/archive.h"
#include "core/db.h"
#include "core/decision.h"
#include "core/facts.h"
#include "core/notice.h"
#include "core/label.h"
#include "core/person.h"
#include "policy/policyset.h"
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

/* Append why a result cannot be granted: its failed reasons, or the facts it still needs, the
 * item and the facts in words (never a subject or fact path: those are for files). */
static void
grant_refusal(struct db *db, const char *pid, const struct result *r, struct sbuf *b)
{
	bool zh = i18n_zh();
	size_t start = b->len;
	struct diag d = DIAG_INIT;

	if (b->len > 0)
		sbuf_add(b, tr("; "));
	if (r->subject != NULL) {
		char *item = NULL;
		if (facts_subject_describe(db, pid, r->subject, &item, &d) == 0)
			sbuf_addf(b, tr("%s: "), item);
		free(item);
	}
	size_t head = b->len;
	for (size_t i = 0; i < r->nreasons; i++) {
		if (r->reasons[i].state != TRI_FALSE)
			continue;
		sbuf_addf(b, "%s%s", b->len > head ? tr(", ") : "",
		    zh ? r->reasons[i].zh : r->reasons[i].en);
	}
	for (size_t i = 0; i < r->nmissing; i++) {
		const struct factschema_fact *f = r->missing[i].fact;
		const char *path = r->missing[i].path;
		size_t n = r->subject != NULL ? strlen(r->subject) : 0;
		/* a fact of the item already named above is named by its label alone */
		bool own = n > 0 && strncmp(path, r->subject, n) == 0 && path[n] == '.';
		char *words = facts_path_words(own ? NULL : db, pid, path,
		    f != NULL ? (zh ? f->zh : f->en) : NULL);
		sbuf_add(b, b->len > head ? tr(", ") : "");
		sbuf_addf(b, tr("needs %s"), words);
		free(words);
	}
	if (b->len == head) {
		b->len = start;  /* nothing to say */
		b->s[start] = '\0';
	}
}

/* A policy's title in the language of the interface. */
static const char *
grant_title(const struct policy *p)
{
	return i18n_zh() ? p->title_zh : p->title_en;
}

/* The sentence of a result's reason with an id that did not hold, or NULL. */
static const char *
grant_reason(const struct result *r, const char *id)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (strcmp(r->reasons[i].id, id) == 0 && r->reasons[i].state != TRI_TRUE)
			return i18n_zh() ? r->reasons[i].zh : r->reasons[i].en;
	return NULL;
}

/* Refuse a second payment for one item: EX_DATAERR when a live decision of another policy
 * already pays for the item with row key subject_key. */
static int
grant_paid_elsewhere(struct db *db, const struct policyset *ps, const char *pid,
    const struct result *r, const char *subject_key, const char *item, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT policy_id, decided_on, id FROM decision "
	    "WHERE person_id = ?1 AND subject_key = ?2 AND policy_id <> ?3 AND status IN "
	    "('proposed', 'approved', 'paid') AND amount_fen IS NOT NULL ORDER BY decided_on, id LIMIT 1");
	int ret;

	db_bind_text(st, 1, pid);
	db_bind_text(st, 2, subject_key);
	db_bind_text(st, 3, r->policy->id);
	if ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		const struct policy *other = policyset_find(ps, db_col_text(st, 0));
		char num[NOTICE_NUMBER_LEN];  /* the number its notice prints */
		notice_number(db_col_text(st, 2), num);
		ret = diag_set(d, EX_DATAERR, "%s is already paid under %s (decision %s of %s): the "
		    "same thing is not paid twice", item ? item : "-",
		    other != NULL ? grant_title(other) : db_col_text(st, 0), num, db_col_text(st, 1));
	}
	db_reset(st);
	return ret;
}

/* Vet an eligible result before it is recorded: its item's row key and words (*subject_key,
 * *item: NULL for the person; caller frees both, also on failure), the amount known for a money
 * policy, and the item not paid already under another policy. 0, or EX_DATAERR saying why. */
static int
grant_vet(struct db *db, const struct policyset *ps, const char *pid, const struct result *r,
    int on, char **subject_key, char **item, struct diag *d)
{
	char day[11];
	int ret;

	*subject_key = *item = NULL;
	if (r->subject != NULL && ((ret = facts_subject_key(db, pid, r->subject, subject_key, d)) ||
	    (ret = facts_row_describe(db, *subject_key, item, d))))
		return ret;
	if (r->policy->amount != POLICY_AMOUNT_NONE && !r->has_amount) {
		const char *why = grant_reason(r, "amount");
		if (why == NULL)
			why = tr("the local standard is not set");
		return *item != NULL ? diag_set(d, EX_DATAERR, "%s, %s: the amount is not known, so "
		    "nothing is recorded: %s", grant_title(r->policy), *item, why) :
		    diag_set(d, EX_DATAERR, "%s: the amount is not known, so nothing is recorded: %s",
		    grant_title(r->policy), why);
	}
	/* the same benefit for the same thing twice on one day is a key pressed twice */
	struct db_stmt *st = db_cached(db, "SELECT id FROM decision WHERE person_id = ?1 AND "
	    "policy_id = ?2 AND subject_key IS ?3 AND decided_on = ?4 AND status IN ('proposed', "
	    "'approved', 'paid', 'decided') LIMIT 1");
	db_bind_text(st, 1, pid);
	db_bind_text(st, 2, r->policy->id);
	db_bind_text(st, 3, *subject_key);
	db_bind_text(st, 4, date_format(on, day));
	if ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		char num[NOTICE_NUMBER_LEN];
		notice_number(db_col_text(st, 0), num);
		ret = diag_set(d, EX_DATAERR, "%s%s%s: already recorded on %s (decision %s); it is "
		    "not recorded twice", grant_title(r->policy), *item != NULL ? tr(", for ") : "",
		    *item != NULL ? *item : "", day, num);
	}
	db_reset(st);
	if (ret != 0)
		return ret;
	if (r->has_amount && *subject_key != NULL)
		return grant_paid_elsewhere(db, ps, pid, r, *subject_key, *item, d);
	return 0;
}

/* Whether an eligible result could be recorded for the person now (grant_vet), reading only:
 * the screen asks this before it asks the counselor to confirm. */
int
grant_check(struct db *db, const struct policyset *ps, const char *pid, const struct result *r,
    int on, struct diag *d)
{
	char *subject_key, *item;
	int ret = grant_vet(db, ps, pid, r, on, &subject_key, &item, d);

	free(subject_key);
	free(item);
	return ret;
}

/* Insert one decision for an eligible result, made under the archived set set_hash. */
static int
grant_insert(struct db *db, const struct policyset *ps, const char *pid, const struct result *r,
    const char *facts_json, const char *set_hash, int on, struct grant *g, struct diag *d)
{
	char *subject_key = NULL, *item = NULL, *once = NULL, *reasons = NULL, now[32], day[11];
	int ret = 0;

	if ((ret = grant_vet(db, ps, pid, r, on, &subject_key, &item, d)) != 0)
		goto out;
	if (r->policy->limit == POLICY_LIMIT_PERSON)
		once = xasprintf("%s|%s", pid, r->policy->id);
	else if (r->policy->limit == POLICY_LIMIT_ITEM)
		once = xasprintf("%s|%s|%s", pid, r->policy->id, subject_key ? subject_key : "");
	reasons = grant_reasons_json(r);
	const char *status;
	if ((ret = decision_new_status(db, r->has_amount, r->amount_fen, &status, d)) != 0)
		goto out;
	g->status = status;
	g->decision_id = db_new_key(db);
	g->subject = xstrdup(r->subject);
	g->item = xstrdup(item);
	g->has_amount = r->has_amount;
	g->amount_fen = r->amount_fen;
	int64_t ms = db_now_ms();
	db_ms_text(ms, now);
	struct db_stmt *st = db_cached(db, "INSERT INTO decision (id, person_id, policy_id, "
	    "policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, "
	    "reasons_json, once_key, counselor, status, created_at, updated_at, created_by, "
	    "policy_set, approved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'eligible', ?8, ?9, ?10, "
	    "?11, ?12, ?15, ?16, ?16, ?12, ?14, CASE ?15 WHEN 'approved' THEN ?13 END)");
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
	db_bind_text(st, 14, set_hash);
	db_bind_text(st, 15, status);
	db_bind_int(st, 16, ms);
	if ((ret = db_run(st, "recording the decision", d)) != 0 && db_failed_unique(st))
		ret = item != NULL ? diag_set(d, EX_DATAERR, "%s, %s: already granted to this person; "
		    "it is granted once only", grant_title(r->policy), item) : diag_set(d, EX_DATAERR,
		    "%s: already granted to this person; it is granted once only",
		    grant_title(r->policy));
	if (ret != 0) {
		/* nothing recorded: the caller never sees this entry */
		free(g->decision_id);
		free(g->subject);
		free(g->item);
		memset(g, 0, sizeof *g);
	}
out:
	free(subject_key);
	free(item);
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

/* Refuse to choose among several eligible items: EX_USAGE listing each ("trainings[0]: ..."). */
static int
grant_several(struct db *db, struct grant_job *g, const struct policy *p, struct diag *d)
{
	struct sbuf b = SBUF_INIT;
	int ret = 0, n = 0;

	for (size_t i = 0; i < g->rl->n && ret == 0; i++) {
		const struct result *r = &g->rl->items[i];
		char *item = NULL;
		if (r->outcome != RESULT_ELIGIBLE || r->subject == NULL)
			continue;
		if ((ret = facts_subject_describe(db, g->pid, r->subject, &item, d)) == 0) {
			sbuf_addf(&b, "%s%s (%s", n++ ? "; " : "", r->subject, item);
			if (r->has_amount) {
				char money[32];
				label_money(r->amount_fen, money, sizeof money);
				sbuf_addf(&b, ", %s %s", money, tr("yuan"));
			}
			sbuf_addc(&b, ')');
		}
		free(item);
	}
	if (ret == 0)
		ret = diag_set(d, EX_USAGE, "%s: %d items are eligible; choose one with --subject: %s",
		    grant_title(p), n, sbuf_str(&b));
	sbuf_free(&b);
	return ret;
}

/* Evaluate and record, inside the write transaction so that a grant made a moment ago is in
 * the facts: 0 when something was granted, else why not. */
static int
grant_work(struct db *db, void *arg, struct diag *d)
{
	struct grant_job *g = arg;
	int ret, eligible = 0;

	if ((ret = facts_person(db, g->pid, &g->facts, d)) != 0 ||
	    (ret = result_eval_id(g->ps, g->policy_id, g->facts, g->on, &g->rl, d)) != 0)
		return ret;
	const struct policy *p = policyset_find(g->ps, g->policy_id);
	const struct node *name = node_path(g->facts, "person.name");
	node_write_json(g->facts, &g->fj);
	g->out = xcalloc(1, sizeof *g->out);
	const struct result *pick = NULL;
	for (size_t i = 0; i < g->rl->n; i++) {
		const struct result *r = &g->rl->items[i];
		if (g->subject != NULL && (r->subject == NULL || strcmp(r->subject, g->subject) != 0))
			continue;
		if (g->subject != NULL)
			pick = r;
		if (r->outcome != RESULT_ELIGIBLE) {
			grant_refusal(db, g->pid, r, &g->refusals);
			continue;
		}
		eligible++;
		if (pick == NULL)
			pick = r;
	}
	if (g->subject != NULL && pick == NULL)
		return diag_set(d, EX_DATAERR, "%s: no subject %s for this person", grant_title(p),
		    g->subject);
	if (eligible > 1)
		return grant_several(db, g, p, d);
	if (eligible == 0 && g->refusals.len > 0)
		return diag_set(d, EX_DATAERR, "%s: %s is not eligible: %s", grant_title(p),
		    name != NULL ? name->text : g->key, sbuf_str(&g->refusals));
	if (eligible == 0)
		return diag_set(d, EX_DATAERR, "%s: nothing to grant", grant_title(p));
	const char *set_hash;
	if ((ret = archive_store(db, g->ps, &set_hash, d)) != 0 ||
	    (ret = grant_insert(db, g->ps, g->pid, pick, sbuf_str(&g->fj), set_hash, g->on,
	    &g->out[0], d)) != 0)
		return ret;
	g->n = 1;
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
	if ((ret = role_check(db, ROLE_ACT_DECISION_PROPOSE, pid, d)) != 0) {
		free(pid);
		return ret;
	}
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
		free(g[i].item);
	}
	free(g);
}
