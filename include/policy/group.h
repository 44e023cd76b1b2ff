/* Target groups: named sets of people (高校毕业生, 就业困难人员 ...), each defined once, in groups.yaml.
 *
 *   groups:
 *     college_graduate:
 *       zh: 高校毕业生
 *       en: college graduate
 *       expr: person.education in ["junior_college", "bachelor", "master", "doctorate"]
 *       note: why it is written so (optional)
 *       near: group("...")   (optional: the person is close to the group, e.g. a college graduate
 *                             for the graduation-year graduates)
 *       fail: {zh: "{year(person.graduation_date)}年毕业,已过毕业年度", en: ...}
 *                            (optional: said when near holds and the group does not)
 *
 * A group's expression is about the person (no item.), and may use other groups and person-level
 * policies: group("registered_poor_family"), policy("employment-difficulty"). */
#ifndef POLICY_GROUP_H
#define POLICY_GROUP_H

#include <stddef.h>

#include "policy/expr.h"
#include "policy/tmpl.h"
#include "policy/factschema.h"
#include "util/diag.h"

/* One group. */
struct group {
	/* (first: what every person's evaluation reads) */
	struct expr *expr; /* NULL when it failed to load */
	struct expr *near; /* when it holds, a refusal names this group's fail sentence (optional) */
	size_t index;      /* its place in the set */
	bool has_fail;
	char *id;
	char *zh, *en;     /* its name */
	char *note;
	struct tmpl fail_zh, fail_en;  /* why a person near the group is not in it (optional) */
	int line, col;
};

/* Load the groups file; each error goes to report (one line each). Caller frees the array and each
 * group. Returns 0, EX_NOINPUT or EX_DATAERR. */
int group_load(const char *path, const struct factschema *s, struct setting *const *settings, size_t nsettings,
    struct group ***out, size_t *n,
    void (*report)(void *arg, const struct diag *d), void *arg);
/* Free a group. */
void group_free(struct group *g);

#endif
