/* Writing results: the JSON of CONTRACT.md section 4, and a page a counselor can print for the job seeker. */
#ifndef POLICY_REPORT_H
#define POLICY_REPORT_H

#include <stdbool.h>

#include "policy/result.h"
#include "util/json.h"
#include "util/node.h"
#include "util/sbuf.h"

/* Write one result as its JSON object (policy, measure, subject, outcome, amount_fen, reasons, missing). */
void report_json_result(struct json *j, const struct result *r);
/* Write {"on": ..., "results": [...]} (with "person" first when person is not NULL) and a newline. */
void report_json(const struct result_list *rl, int on, const char *person, struct sbuf *out);
/* The JSON Lines writer of policy eval --all: a reused evaluation session and the fixed JSON of each
 * policy prepared once. */
struct report_jsonl;

/* A writer for a set on a date. Free with report_jsonl_free; the set must outlive it. */
struct report_jsonl *report_jsonl_new(const struct policyset *ps, int on);
/* Evaluate every policy for one person's facts and append the line report_json would write. */
void report_jsonl_person(struct report_jsonl *w, const struct node *facts, const char *person, struct sbuf *out);
/* Whether every line written since the last call is safe for a terminal as it is (utf8_is_safe
 * with lines), each piece checked as it was written; starts again from here. */
bool report_jsonl_take_safe(struct report_jsonl *w);
/* Free a writer. */
void report_jsonl_free(struct report_jsonl *w);
/* Read the root facts that g gives from g instead of from the trees (NULL: from the trees again). */
void report_jsonl_give(struct report_jsonl *w, const struct eval_given *g);
/* Write the results as a printable page in the interface language, with the person's name if known. */
void report_text(const struct result_list *rl, const struct node *facts, int on, struct sbuf *out);

#endif
