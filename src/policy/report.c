/* Writing results: the JSON of CONTRACT.md section 4, and a printable page for the job seeker. */
#include "policy/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Write one result as its JSON object (policy, measure, subject, outcome, amount_fen, reasons, missing,
 * eligible_from). */
void
report_json_result(struct json *j, const struct result *r)
{
	json_obj(j);
	json_key(j, "policy");
	json_str(j, r->policy->id);
	json_key(j, "measure");
	json_str(j, r->policy->measure);
	json_key(j, "subject");
	json_str(j, r->subject);
	json_key(j, "outcome");
	json_str(j, result_outcome_name(r->outcome));
	json_key(j, "amount_fen");
	if (r->has_amount)
		json_int(j, r->amount_fen);
	else
		json_null(j);
	json_key(j, "reasons");
	json_arr(j);
	for (size_t i = 0; i < r->nreasons; i++)
		json_str(j, r->reasons[i].en);
	json_arr_end(j);
	json_key(j, "missing");
	json_arr(j);
	for (size_t i = 0; i < r->nmissing; i++)
		json_str(j, r->missing[i].path);
	json_arr_end(j);
	json_key(j, "eligible_from");
	if (r->has_from) {
		char day[11];
		json_str(j, date_format(r->eligible_from, day));
	} else {
		json_null(j);
	}
	json_obj_end(j);
}

/* Write {"on": ..., "results": [...]} (with "person" first when person is not NULL) and a newline. */
void
report_json(const struct result_list *rl, int on, const char *person, struct sbuf *out)
{
	struct json j;
	char buf[11];

	json_init(&j, out);
	json_obj(&j);
	if (person != NULL) {
		json_key(&j, "person");
		json_str(&j, person);
	}
	json_key(&j, "on");
	json_str(&j, date_format(on, buf));
	json_key(&j, "results");
	json_arr(&j);
	for (size_t i = 0; i < rl->n; i++)
		report_json_result(&j, &rl->items[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	sbuf_addc(out, '\n');
}

/* A piece of JSON written as it is. */
struct frag {
	char *s;
	size_t len;
};

/* The JSON Lines writer of policy eval --all. */
struct report_jsonl {
	const struct policyset *ps;
	struct result_session *session;
	struct frag *head;           /* by policy index: {"policy":"ID","measure":"M","subject": */
	struct frag outcome[3];      /* by outcome: ,"outcome":"NAME","amount_fen": */
	struct frag no_amount[3];    /* by outcome: ,"outcome":"NAME","amount_fen":null,"reasons":[ */
	struct frag on;              /* ,"on":"DATE","results":[ */
	struct sbuf *out;            /* the line being written */
	size_t nresults;             /* results written on it so far */
	struct sbuf tmp;
	struct sbuf path;            /* a missing fact's path */
	bool fixed_safe;             /* the prepared JSON is safe for a terminal (utf8_is_safe) */
	bool unsafe;                 /* some text written since report_jsonl_take_safe may not be */
};

/* Sixteen bytes compared at once (GCC and Clang vector extensions: SSE2 on x86-64). */
typedef unsigned char report_v16 __attribute__((vector_size(16)));

/* Whether sixteen bytes at p hold a byte JSON escapes: below 0x20, '"', '\\' or 0x7f. */
static bool
report_v16_bad(const char *p)
{
	report_v16 w, bad;
	uint64_t lo, hi;

	memcpy(&w, p, 16);
	bad = (report_v16)((w < 0x20) | (w == '"') | (w == '\\') | (w == 0x7f));
	memcpy(&lo, &bad, 8);
	memcpy(&hi, (const char *)&bad + 8, 8);
	return (lo | hi) != 0;
}

/* Whether thirty-two bytes at p hold a byte JSON escapes. */
static bool
report_v32_bad(const char *p)
{
	report_v16 a, b, bad;
	uint64_t lo, hi;

	memcpy(&a, p, 16);
	memcpy(&b, p + 16, 16);
	bad = (report_v16)((a < 0x20) | (a == '"') | (a == '\\') | (a == 0x7f) | (b < 0x20) |
	    (b == '"') | (b == '\\') | (b == 0x7f));
	memcpy(&lo, &bad, 8);
	memcpy(&hi, (const char *)&bad + 8, 8);
	return (lo | hi) != 0;
}

/* Sixteen signed bytes (GCC and Clang vector extensions). */
typedef signed char report_s16 __attribute__((vector_size(16)));

/* The bytes of sixteen at p other than printable ASCII, or '"' or '\\', as -1 (the others 0). One
 * more than a printable byte (0x20..0x7e) is 0x21..0x7f, above 0x20 as a signed byte; one more
 * than a control byte is at most 0x20, and one more than 0x7f or a byte above it is negative or 0:
 * one signed comparison a byte, where unsigned ones take several on SSE2. */
static inline report_s16
report_s16_not_ascii(const char *p)
{
	report_v16 a;
	report_s16 a1;

	memcpy(&a, p, 16);
	/* one more, wrapping as unsigned bytes do, then read as signed */
	a1 = (report_s16)(a + 1);
	return (report_s16)((a1 < 0x21) | (report_s16)(a == '"') | (report_s16)(a == '\\'));
}

/* Whether a vector of report_s16_not_ascii marks any byte. */
static inline bool
report_s16_any(report_s16 bad)
{
	uint64_t lo, hi;

	memcpy(&lo, &bad, 8);
	memcpy(&hi, (const char *)&bad + 8, 8);
	return (lo | hi) != 0;
}

/* Whether thirty-two bytes at p hold a byte other than printable ASCII, or '"' or '\\'. */
static inline bool
report_v32_not_ascii(const char *p)
{
	return report_s16_any(report_s16_not_ascii(p) | report_s16_not_ascii(p + 16));
}

/* The same for sixty-four bytes, tested once for them all. */
static inline bool
report_v64_not_ascii(const char *p)
{
	return report_s16_any(report_s16_not_ascii(p) | report_s16_not_ascii(p + 16) |
	    report_s16_not_ascii(p + 32) | report_s16_not_ascii(p + 48));
}

/* Whether n bytes of text are printable ASCII without '"' or '\\': they go into a JSON string
 * unchanged and are safe on any terminal (utf8_is_safe), found in one pass. */
static bool
report_plain_ascii(const char *s, size_t n)
{
	char pad[32];
	size_t i;

	if (n < 32) {
		/* padded with a byte that is plain */
		memset(pad, 'a', sizeof pad);
		memcpy(pad, s, n);
		return !report_v32_not_ascii(pad);
	}
	for (i = 0; i + 64 <= n; i += 64)
		if (report_v64_not_ascii(s + i))
			return false;
	if (i + 32 <= n) {
		if (report_v32_not_ascii(s + i))
			return false;
		i += 32;
	}
	/* the last bytes in one block that ends at the end (overlapping the one before) */
	return i == n || !report_v32_not_ascii(s + n - 32);
}

/* Whether n bytes of text go into a JSON string unchanged (no quote, backslash or control byte). */
static bool
report_json_plain(const char *s, size_t n)
{
	char pad[16];
	size_t i;

	if (n < 16) {
		/* padded with a byte that needs no escape */
		memset(pad, 'a', sizeof pad);
		memcpy(pad, s, n);
		return !report_v16_bad(pad);
	}
	for (i = 0; i + 32 <= n; i += 32)
		if (report_v32_bad(s + i))
			return false;
	for (; i + 16 <= n; i += 16)
		if (report_v16_bad(s + i))
			return false;
	/* the last bytes in one block that ends at the end (overlapping the one before) */
	return i == n || !report_v16_bad(s + n - 16);
}

/* Append n bytes of text as a JSON string, exactly as json_quote writes it. */
static void
put_str(struct report_jsonl *w, const char *s, size_t n)
{
	/* printable ASCII without a quote or backslash, the usual case (an ID, "trainings[0]"), is
	 * safe as it is and goes in unchanged: one pass */
	if (report_plain_ascii(s, n)) {
		sbuf_addc(w->out, '"');
		sbuf_addn(w->out, s, n);
		sbuf_addc(w->out, '"');
		return;
	}
	/* JSON escapes only make ASCII: the output is safe when the text is */
	if (!w->unsafe && !utf8_is_safe(s, n, true))
		w->unsafe = true;
	if (report_json_plain(s, n)) {
		sbuf_addc(w->out, '"');
		sbuf_addn(w->out, s, n);
		sbuf_addc(w->out, '"');
		return;
	}
	sbuf_reset(&w->tmp);
	sbuf_addn(&w->tmp, s, n);
	json_quote(w->out, sbuf_str(&w->tmp));
}

/* Append a result's eligible_from and close its object. */
static void
put_from(const struct result *r, struct sbuf *out)
{
	char day[11];

	if (!r->has_from) {
		sbuf_add(out, ",\"eligible_from\":null}");
		return;
	}
	sbuf_add(out, ",\"eligible_from\":\"");
	sbuf_add(out, date_format(r->eligible_from, day));
	sbuf_add(out, "\"}");
}

/* Append one result of the person's line. */
static void
put_result(void *arg, const struct result_brief *b)
{
	struct report_jsonl *w = arg;
	const struct result *r = b->r;
	struct sbuf *out = w->out;

	if (w->nresults++ > 0)
		sbuf_addc(out, ',');
	sbuf_addn(out, w->head[r->policy->index].s, w->head[r->policy->index].len);
	if (r->subject != NULL)
		put_str(w, r->subject, strlen(r->subject));
	else
		sbuf_addn(out, "null", 4);
	if (r->has_amount) {
		sbuf_addn(out, w->outcome[r->outcome].s, w->outcome[r->outcome].len);
		eval_format_int(r->amount_fen, out);
		sbuf_add(out, ",\"reasons\":[");
	} else {
		sbuf_addn(out, w->no_amount[r->outcome].s, w->no_amount[r->outcome].len);
	}
	/* the reasons' array body, checked in one pass: its commas and quote marks are plain */
	size_t all = b->nreasons > 0 ? b->ends[b->nreasons - 1] + 1 : 0;
	bool plain = report_plain_ascii(b->texts, all);
	if (!plain) {
		/* JSON escapes only make ASCII: the output is safe when the text is */
		if (!w->unsafe && !utf8_is_safe(b->texts, all, true))
			w->unsafe = true;
		plain = report_json_plain(b->texts, all);
	}
	if (plain) {
		/* the usual case: the body goes in as it is, in one copy, with its quotes put in */
		size_t at = out->len;
		sbuf_addn(out, b->texts, all);
		for (size_t i = 0; i < b->nreasons; i++) {
			out->s[at + result_brief_start(b, i) - 1] = '"';
			out->s[at + b->ends[i]] = '"';
		}
	} else {
		for (size_t i = 0; i < b->nreasons; i++) {
			size_t from = result_brief_start(b, i);
			if (i > 0)
				sbuf_addc(out, ',');
			put_str(w, b->texts + from, b->ends[i] - from);
		}
	}
	if (b->nmissing == 0) {
		sbuf_add(out, "],\"missing\":[]");
		put_from(r, out);
		return;
	}
	sbuf_add(out, "],\"missing\":[");
	for (size_t i = 0; i < b->nmissing; i++) {
		if (i > 0)
			sbuf_addc(out, ',');
		sbuf_reset(&w->path);
		eval_missing_write(&b->missing[i], &w->path);
		put_str(w, w->path.s, w->path.len);
	}
	sbuf_addc(out, ']');
	put_from(r, out);
}

/* Literal JSON, a value as a JSON string, then more literal JSON. Caller frees f.s. */
static struct frag
fragment(const char *before, const char *value, const char *after)
{
	struct sbuf b = SBUF_INIT;
	struct frag f;

	sbuf_add(&b, before);
	json_quote(&b, value);
	sbuf_add(&b, after);
	f.len = b.len;
	f.s = sbuf_take(&b);
	return f;
}

/* A writer for a set on a date. Free with report_jsonl_free; the set must outlive it. */
struct report_jsonl *
report_jsonl_new(const struct policyset *ps, int on)
{
	struct report_jsonl *w = xcalloc(1, sizeof *w);
	char buf[11];

	w->ps = ps;
	w->session = result_session_new(ps, on);
	w->fixed_safe = true;
	w->head = xcalloc(ps->npolicies + 1, sizeof *w->head);
	for (size_t i = 0; i < ps->npolicies; i++) {
		struct sbuf b = SBUF_INIT;
		sbuf_add(&b, "{\"policy\":");
		json_quote(&b, ps->policies[i]->id);
		sbuf_add(&b, ",\"measure\":");
		json_quote(&b, ps->policies[i]->measure);
		sbuf_add(&b, ",\"subject\":");
		w->head[i].len = b.len;
		w->head[i].s = sbuf_take(&b);
		w->fixed_safe = w->fixed_safe && utf8_is_safe(w->head[i].s, w->head[i].len, true);
	}
	for (int o = 0; o < 3; o++) {
		const char *name = result_outcome_name((enum result_outcome)o);
		w->outcome[o] = fragment(",\"outcome\":", name, ",\"amount_fen\":");
		w->no_amount[o] = fragment(",\"outcome\":", name, ",\"amount_fen\":null,\"reasons\":[");
	}
	w->on = fragment(",\"on\":", date_format(on, buf), ",\"results\":[");
	w->fixed_safe = w->fixed_safe && utf8_is_safe(w->on.s, w->on.len, true);
	return w;
}

/* Evaluate every policy for one person's facts and append the line report_json would write. */
void
report_jsonl_person(struct report_jsonl *w, const struct node *facts, const char *person, struct sbuf *out)
{
	sbuf_add(out, "{\"person\":");
	w->out = out;
	put_str(w, person, strlen(person));   /* as json_quote writes it, checked for the terminal */
	sbuf_addn(out, w->on.s, w->on.len);
	w->nresults = 0;
	result_session_eval(w->session, facts, put_result, w);
	sbuf_add(out, "]}\n");
}

/* Whether every line written since the last call is safe for a terminal as it is (utf8_is_safe
 * with lines): each piece was checked as it was written, so cli_write need not scan it again. */
bool
report_jsonl_take_safe(struct report_jsonl *w)
{
	bool safe = w->fixed_safe && !w->unsafe;

	w->unsafe = false;
	return safe;
}

/* Read the root facts that g gives from g instead of from the trees (NULL: from the trees again);
 * g's texts are those of the person written next. */
void
report_jsonl_give(struct report_jsonl *w, const struct eval_given *g)
{
	result_session_give(w->session, g);
}

/* Free a writer. */
void
report_jsonl_free(struct report_jsonl *w)
{
	if (w == NULL)
		return;
	result_session_free(w->session);
	for (size_t i = 0; i < w->ps->npolicies; i++)
		free(w->head[i].s);
	free(w->head);
	for (int o = 0; o < 3; o++) {
		free(w->outcome[o].s);
		free(w->no_amount[o].s);
	}
	free(w->on.s);
	sbuf_free(&w->tmp);
	sbuf_free(&w->path);
	free(w);
}

/* The marker of a reason's state. */
static const char *
mark(enum tri t)
{
	return t == TRI_TRUE ? "[+]" : t == TRI_FALSE ? "[-]" : "[?]";
}

/* Write one fact a result still needs: the schema's question, and for a fact of an item other
 * than the result's own which item ("trainings #2") in words; never the fact's path. */
static void
text_missing(const struct result *r, const struct result_missing *m, bool zh, struct sbuf *out)
{
	const struct factschema_fact *f = m->fact;
	const char *br = strchr(m->path, '[');
	size_t n = r->subject != NULL ? strlen(r->subject) : 0;

	if (f == NULL) {
		sbuf_addf(out, "     - %s\n", m->path);
		return;
	}
	sbuf_addf(out, "     - %s", zh ? f->zh : f->en);
	if (br != NULL && f->list != NULL && !(n > 0 && strncmp(m->path, r->subject, n) == 0 &&
	    m->path[n] == '.'))
		sbuf_addf(out, tr(" (%s #%d)"), zh ? f->list->zh : f->list->en, atoi(br + 1) + 1);
	sbuf_addc(out, '\n');
}

/* Write one result's section of the page; zh: the policy's own texts in Chinese. */
static void
text_result(const struct result *r, size_t no, bool zh, struct sbuf *out)
{
	const struct policy *p = r->policy;
	static const char *const outcome[] = { N_("not eligible"), N_("eligible"),
	    N_("not yet decided (facts missing)") };

	sbuf_addf(out, "%zu. %s", no, zh ? p->title_zh : p->title_en);
	if (r->subject != NULL)
		sbuf_addf(out, tr(" - %s #%d"), zh ? p->subject->zh : p->subject->en, r->item + 1);
	sbuf_addc(out, '\n');
	sbuf_addf(out, tr("   Outcome: %s\n"), tr(outcome[r->outcome]));
	if (r->has_from) {
		char day[11];
		sbuf_addf(out, tr("   Eligible from: %s, if nothing else changes\n"), date_format(r->eligible_from, day));
	}
	if (r->has_amount) {
		struct sbuf yuan = SBUF_INIT;
		eval_format_yuan(r->amount_fen, &yuan);
		sbuf_addf(out, tr("   Amount: %s yuan\n"), sbuf_str(&yuan));
		sbuf_free(&yuan);
	}
	if (r->nreasons > 0)
		sbuf_addf(out, "%s\n", tr("   Reasons:"));
	for (size_t i = 0; i < r->nreasons; i++)
		sbuf_addf(out, "     %s %s\n", mark(r->reasons[i].state), zh ? r->reasons[i].zh : r->reasons[i].en);
	if (r->nmissing > 0)
		sbuf_addf(out, "%s\n", tr("   Still needed:"));
	for (size_t i = 0; i < r->nmissing; i++)
		text_missing(r, &r->missing[i], zh, out);
	if (r->outcome != RESULT_INELIGIBLE && p->ndocs > 0) {
		sbuf_addf(out, "%s\n", tr("   Please bring:"));
		for (size_t i = 0; i < p->ndocs; i++)
			sbuf_addf(out, "     - %s\n", zh ? p->docs_zh[i] : p->docs_en[i]);
	}
	sbuf_addf(out, tr("   Measure: (%s) of Jilin Government document 2017-32: %s\n"), p->measure, p->text);
	for (size_t i = 0; i < p->nalso; i++)
		sbuf_addf(out, tr("            (%s): %s\n"), p->also[i].measure, p->also[i].text);
	sbuf_addc(out, '\n');
}

/* Write the results as a printable page in the interface language, with the person's name if known. */
void
report_text(const struct result_list *rl, const struct node *facts, int on, struct sbuf *out)
{
	const struct node *name = node_path(facts, "person.name");
	bool zh = i18n_zh();
	char buf[11];
	size_t counts[3] = { 0 };

	sbuf_addf(out, "%s\n", tr("Employment and startup support: what you may receive"));
	if (name != NULL && name->kind == NODE_SCALAR && name->text != NULL)
		sbuf_addf(out, tr("Name: %s\n"), name->text);
	sbuf_addf(out, tr("Evaluated on: %s\n"), date_format(on, buf));
	sbuf_addf(out, "%s\n", tr("Source: Jilin Provincial Government, Policy measures on employment and "
	    "entrepreneurship (吉政发〔2017〕32号)"));
	for (size_t i = 0; i < rl->n; i++)
		counts[rl->items[i].outcome]++;
	sbuf_addf(out, tr("%zu eligible, %zu not yet decided, %zu not eligible\n"), counts[RESULT_ELIGIBLE],
	    counts[RESULT_UNKNOWN], counts[RESULT_INELIGIBLE]);
	sbuf_add(out, "==============================================================================\n\n");
	for (size_t i = 0; i < rl->n; i++)
		text_result(&rl->items[i], i + 1, zh, out);
	sbuf_addf(out, "%s\n", tr("[+] holds  [-] does not hold  [?] not yet known. The office's review decides."));
}
