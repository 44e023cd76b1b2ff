/* The test cases embedded in policy files: run them and say what differed. */
#ifndef POLICY_PTEST_H
#define POLICY_PTEST_H

#include <stdbool.h>

#include "policy/policyset.h"
#include "util/sbuf.h"

/* Run one test case of a policy; false, with what differed appended to why, when it fails. */
bool ptest_case(const struct policyset *ps, const struct policy *p, const struct policy_test *t, struct sbuf *why);
/* Run every test case of every policy, appending "ok"/"FAIL" lines (ok lines only when verbose) and
 * the last line "N passed, M failed" to out. */
void ptest_run(const struct policyset *ps, bool verbose, struct sbuf *out, int *passed, int *failed);

#endif
