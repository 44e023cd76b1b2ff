/* The test cases embedded in policy files: run them and say what differed. */
#include "policy/ptest.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "policy/result.h"
#include "util/date.h"
#include "util/i18n.h"

/* An outcome as a person reads it ("eligible" -> 符合条件); a name that is no outcome as is. */
static const char *
outcome_words(const char *name)
{
	static const char *const names[][2] = { { "eligible", N_("eligible") },
	    { "ineligible", N_("not eligible") }, { "unknown", N_("needs information") } };

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i][0], name) == 0)
			return tr(names[i][1]);
	return name;
}

/* Whether a result's subject is the expected one. */
static bool
same_subject(const char *want, const char *got)
{
	if (want == NULL || got == NULL)
		return want == got;
	return strcmp(want, got) == 0;
}

/* Whether the result names exactly the expected missing facts, in any order. */
static bool
same_missing(const struct policy_expect *x, const struct result *r)
{
	if (x->nmissing != r->nmissing)
		return false;
	for (size_t i = 0; i < x->nmissing; i++) {
		size_t k;
		for (k = 0; k < r->nmissing; k++)
			if (strcmp(x->missing[i], r->missing[k].path) == 0)
				break;
		if (k == r->nmissing)
			return false;
	}
	return true;
}

/* Append a result's missing facts as "[a, b]". */
static void
list_missing(const struct result *r, struct sbuf *out)
{
	sbuf_addc(out, '[');
	for (size_t i = 0; i < r->nmissing; i++)
		sbuf_addf(out, "%s%s", i ? ", " : "", r->missing[i].path);
	sbuf_addc(out, ']');
}

/* Compare one result with what was expected; append differences to why. */
static bool
check_one(const struct policy_expect *x, const struct result *r, size_t i, struct sbuf *why)
{
	bool ok = true;

	if (!same_subject(x->subject, r->subject)) {
		sbuf_addf(why, tr("\n    result %zu: subject %s, expected %s"), i, r->subject ? r->subject : "null",
		    x->subject ? x->subject : "null");
		ok = false;
	}
	if (strcmp(x->outcome, result_outcome_name(r->outcome)) != 0) {
		sbuf_addf(why, tr("\n    result %zu: outcome %s, expected %s"), i,
		    outcome_words(result_outcome_name(r->outcome)), outcome_words(x->outcome));
		ok = false;
	}
	char want[32];
	snprintf(want, sizeof want, "%" PRId64, x->amount_fen);
	if (x->check_amount && (x->amount_null ? r->has_amount : (!r->has_amount || r->amount_fen != x->amount_fen))) {
		sbuf_addf(why, tr("\n    result %zu: amount in fen "), i);
		if (r->has_amount)
			sbuf_addf(why, "%" PRId64, r->amount_fen);
		else
			sbuf_add(why, tr("none"));
		if (x->amount_null)
			sbuf_addf(why, tr(", expected %s"), tr("none"));
		else
			sbuf_addf(why, tr(", expected %s"), want);
		ok = false;
	}
	if (x->check_from && (x->from < 0 ? r->has_from : (!r->has_from || r->eligible_from != x->from))) {
		char got[11], want_day[11];
		sbuf_addf(why, tr("\n    result %zu: eligible from %s, expected %s"), i,
		    r->has_from ? date_format(r->eligible_from, got) : tr("none"),
		    x->from >= 0 ? date_format(x->from, want_day) : tr("none"));
		ok = false;
	}
	if (x->check_missing && !same_missing(x, r)) {
		sbuf_addf(why, tr("\n    result %zu: missing facts "), i);
		list_missing(r, why);
		sbuf_add(why, tr(", expected ["));
		for (size_t k = 0; k < x->nmissing; k++)
			sbuf_addf(why, "%s%s", k ? ", " : "", x->missing[k]);
		sbuf_addc(why, ']');
		ok = false;
	}
	if (!ok) {
		sbuf_add(why, tr("\n    reasons:"));
		for (size_t k = 0; k < r->nreasons; k++)
			sbuf_addf(why, "\n      %s", i18n_zh() ? r->reasons[k].zh : r->reasons[k].en);
	}
	return ok;
}

/* Run one test case of a policy; false, with what differed appended to why, when it fails. */
bool
ptest_case(const struct policyset *ps, const struct policy *p, const struct policy_test *t, struct sbuf *why)
{
	struct result_list *rl = result_eval_with(ps, p, t->facts, t->on, t->local, t->nlocal);
	bool ok = true;

	if (rl->n != t->nexpect) {
		sbuf_addf(why, tr("\n    %zu results, expected %zu"), rl->n, t->nexpect);
		ok = false;
	}
	for (size_t i = 0; i < rl->n && i < t->nexpect; i++)
		if (!check_one(&t->expect[i], &rl->items[i], i, why))
			ok = false;
	result_list_free(rl);
	return ok;
}

/* Run every test case of every policy, appending lines and the last line "N passed, M failed" to out. */
void
ptest_run(const struct policyset *ps, bool verbose, struct sbuf *out, int *passed, int *failed)
{
	*passed = *failed = 0;
	for (size_t i = 0; i < ps->npolicies; i++) {
		const struct policy *p = ps->policies[i];
		for (size_t k = 0; k < p->ntests; k++) {
			const struct policy_test *t = &p->tests[k];
			struct sbuf why = SBUF_INIT;
			if (ptest_case(ps, p, t, &why)) {
				(*passed)++;
				if (verbose)
					sbuf_addf(out, tr("ok   %s (%s): %s\n"), i18n_zh() ? p->title_zh : p->title_en,
					    p->id, t->name);
			} else {
				(*failed)++;
				sbuf_addf(out, tr("FAIL %s:%d:%d: %s (%s): %s%s\n"), p->file, t->line, t->col,
				    i18n_zh() ? p->title_zh : p->title_en, p->id, t->name, sbuf_str(&why));
			}
			sbuf_free(&why);
		}
	}
	sbuf_addf(out, tr("%d passed, %d failed\n"), *passed, *failed);
}
