/* A stored decision evaluated again under its archived policy set and under the set in use, for
 * the facts it recorded on the day it was made, each compared with what was recorded. */
#include "core/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/archive.h"
#include "core/db.h"
#include "core/notice.h"
#include "policy/policyset.h"
#include "policy/result.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Free what one side holds. */
static void
replay_side_clear(struct replay_side *s)
{
	for (size_t i = 0; i < s->nreasons; i++) {
		free(s->reasons[i].id);
		free(s->reasons[i].zh);
		free(s->reasons[i].en);
	}
	free(s->reasons);
	free(s->why);
	free(s->title_zh);
	free(s->title_en);
	free(s->outcome);
	memset(s, 0, sizeof *s);
}

/* Free what a replay holds. */
void
replay_clear(struct replay *r)
{
	free(r->decision_id);
	free(r->policy_id);
	free(r->decided_on);
	free(r->subject);
	free(r->name);
	free(r->item);
	free(r->policy_hash);
	free(r->set_hash);
	free(r->current_hash);
	replay_side_clear(&r->recorded);
	replay_side_clear(&r->archived);
	replay_side_clear(&r->current);
	memset(r, 0, sizeof *r);
}

/* Append one reason to a side. */
static void
replay_reason_add(struct replay_side *s, const char *id, int held, const char *zh, const char *en)
{
	s->reasons = xreallocarray(s->reasons, s->nreasons + 1, sizeof *s->reasons);
	s->reasons[s->nreasons++] = (struct replay_reason){ xstrdup(id), held, xstrdup(zh),
	    xstrdup(en) };
}

/* The reasons as recorded (the decision's reasons_json), in their order. */
static int
replay_recorded_reasons(struct db *db, const char *json, struct replay_side *s, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT json_extract(value, '$.id'), "
	    "json_extract(value, '$.held'), json_extract(value, '$.zh'), json_extract(value, '$.en') "
	    "FROM json_each(?1) WHERE json_valid(?1) ORDER BY key");
	int ret;

	db_bind_text(st, 1, json);
	while ((ret = db_step(st, "reading the decision's reasons", d)) == DB_ROW)
		replay_reason_add(s, db_col_text(st, 0), db_col_null(st, 1) ? -1 :
		    db_col_int(st, 1) != 0, db_col_text(st, 2), db_col_text(st, 3));
	db_finalize(st);
	return ret;
}

/* Whether two texts are the same (NULL only as NULL). */
static bool
replay_same_text(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Compare an evaluation with the decision as recorded. */
static void
replay_compare(const struct replay_side *rec, struct replay_side *s)
{
	s->same_outcome = replay_same_text(rec->outcome, s->outcome);
	s->same_amount = rec->has_amount == s->has_amount &&
	    (!rec->has_amount || rec->amount_fen == s->amount_fen);
	s->same_reasons = rec->nreasons == s->nreasons;
	for (size_t i = 0; i < s->nreasons && s->same_reasons; i++) {
		const struct replay_reason *a = &rec->reasons[i], *b = &s->reasons[i];
		s->same_reasons = replay_same_text(a->id, b->id) && a->held == b->held &&
		    replay_same_text(a->zh, b->zh) && replay_same_text(a->en, b->en);
	}
	s->same = s->state == REPLAY_DONE && s->same_outcome && s->same_amount && s->same_reasons;
}

/* Evaluate the decision's policy in ps for its facts on its date into s. */
static void
replay_eval(const struct policyset *ps, const struct replay *r, const struct node *facts, int on,
    struct replay_side *s)
{
	const struct policy *p = policyset_find(ps, r->policy_id);

	if (p == NULL) {
		s->state = REPLAY_NO_POLICY;
		return;
	}
	s->title_zh = xstrdup(p->title_zh);
	s->title_en = xstrdup(p->title_en);
	struct result_list *rl = result_eval(ps, p, facts, on);
	const struct result *hit = NULL;
	for (size_t i = 0; i < rl->n && hit == NULL; i++)
		if (replay_same_text(rl->items[i].subject, r->subject))
			hit = &rl->items[i];
	if (hit == NULL) {
		s->state = REPLAY_NO_ITEM;
	} else {
		s->state = REPLAY_DONE;
		s->outcome = xstrdup(result_outcome_name(hit->outcome));
		s->has_amount = hit->has_amount;
		s->amount_fen = hit->amount_fen;
		for (size_t i = 0; i < hit->nreasons; i++) {
			const struct result_reason *rr = &hit->reasons[i];
			replay_reason_add(s, rr->id, rr->state == TRI_UNKNOWN ? -1 : rr->state == TRI_TRUE,
			    rr->zh, rr->en);
		}
	}
	result_list_free(rl);
	replay_compare(&r->recorded, s);
}

/* Replay under the archived set, when there is one. */
static void
replay_archived(struct db *db, struct replay *r, const struct node *facts, int on)
{
	struct replay_side *s = &r->archived;
	struct policyset *ps = NULL;
	struct diag d = DIAG_INIT;

	if (r->set_hash == NULL) {
		s->state = REPLAY_NO_ARCHIVE;
		return;
	}
	if (archive_open(db, r->set_hash, &ps, &d) != 0) {
		s->state = REPLAY_NO_LOAD;
		s->why = xstrdup(d.msg);
		return;
	}
	const struct policy *p = policyset_find(ps, r->policy_id);
	if (p != NULL && strcmp(p->hash, r->policy_hash) != 0) {
		s->state = REPLAY_NO_LOAD;
		diag_set(&d, EX_DATAERR, "the archived policy files are damaged: the file of "
		    "this benefit is not the one the decision recorded");
		s->why = xstrdup(d.msg);
	} else {
		replay_eval(ps, r, facts, on, s);
	}
	policyset_free(ps);
}

/* Read the decision: what it was made on and what it recorded. */
static int
replay_read(struct db *db, const char *id, struct replay *r, char **facts_json, struct diag *d)
{
	enum { C_ID, C_NAME, C_POLICY, C_HASH, C_ON, C_SUBJECT, C_OUTCOME, C_AMOUNT, C_FACTS,
	    C_REASONS, C_SET };
	struct db_stmt *st = db_prepare(db, "SELECT d.id, p.name, d.policy_id, d.policy_hash, "
	    "d.decided_on, d.subject, d.outcome, d.amount_fen, d.facts_json, d.reasons_json, "
	    "d.policy_set FROM decision d JOIN person p ON p.id = d.person_id WHERE d.id = ?1");
	char *reasons = NULL;
	int ret;

	db_bind_text(st, 1, id);
	if ((ret = db_step(st, "reading the decision", d)) == DB_ROW) {
		r->decision_id = xstrdup(db_col_text(st, C_ID));
		r->name = xstrdup(db_col_text(st, C_NAME));
		r->policy_id = xstrdup(db_col_text(st, C_POLICY));
		r->policy_hash = xstrdup(db_col_text(st, C_HASH));
		r->decided_on = xstrdup(db_col_text(st, C_ON));
		r->subject = xstrdup(db_col_text(st, C_SUBJECT));
		r->recorded.outcome = xstrdup(db_col_text(st, C_OUTCOME));
		r->recorded.has_amount = !db_col_null(st, C_AMOUNT);
		r->recorded.amount_fen = db_col_int(st, C_AMOUNT);
		*facts_json = xstrdup(db_col_text(st, C_FACTS));
		reasons = xstrdup(db_col_text(st, C_REASONS));
		r->set_hash = xstrdup(db_col_text(st, C_SET));
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "no decision %s: give a decision id (decision list) or "
		    "its short number, as XXXX-XXXX", id);
	}
	db_finalize(st);
	if (ret == 0)
		ret = replay_recorded_reasons(db, reasons, &r->recorded, d);
	free(reasons);
	return ret;
}

/* Replay the decision a key names under its archived set and under the set in use. */
int
replay_run(struct db *db, const struct policyset *current, const char *key, struct replay *r,
    struct diag *d)
{
	struct node *facts = NULL;
	struct notice n;
	char *id = NULL, *facts_json = NULL;
	int ret, on;

	memset(r, 0, sizeof *r);
	if ((ret = notice_resolve(db, key, &id, d)) != 0 ||
	    (ret = replay_read(db, id, r, &facts_json, d)) != 0)
		goto out;
	notice_number(r->decision_id, r->number);
	if (current->archive != NULL)
		r->current_hash = xstrdup(current->archive->hash);
	/* the item in words, as the notice names it */
	if ((ret = notice_load(db, current, r->decision_id, &n, d)) != 0)
		goto out;
	r->item = n.item != NULL ? xstrdup(n.item) : NULL;
	notice_clear(&n);
	if (date_parse(r->decided_on, &on) != 0 || facts_json == NULL ||
	    yamlload_buf("facts_json", facts_json, strlen(facts_json), &facts, d) != 0 ||
	    facts == NULL || facts->kind != NODE_MAP) {
		ret = diag_set(d, EX_DATAERR, "decision %s: the facts it recorded cannot be read, so it "
		    "cannot be evaluated again", r->number);
		goto out;
	}
	replay_archived(db, r, facts, on);
	replay_eval(current, r, facts, on, &r->current);
out:
	node_free(facts);
	free(facts_json);
	free(id);
	if (ret != 0)
		replay_clear(r);
	return ret;
}
