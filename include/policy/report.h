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
/* Write the results as a printable page in Chinese (zh) or English, with the person's name if known. */
void report_text(const struct result_list *rl, const struct node *facts, int on, bool zh, struct sbuf *out);
/* Whether the locale asks for Chinese: the first set of LC_ALL, LC_MESSAGES, LANG starts with "zh". */
bool report_locale_zh(void);

#endif
