/* Local settings: the readings and switches that 吉政发〔2017〕32号 leaves to each office, set in
 * local.yaml with their default stated in the file, and read in expressions as local.NAME.
 *
 *   settings:
 *     working_age_max:
 *       zh: 劳动年龄上限(周岁)
 *       en: upper bound of working age (years)
 *       type: integer              # integer | bool | date | money (fen)
 *       value: 59
 *       rests_on: 劳动者 is read as working age; ...   (optional: the rule it rests on)
 *
 * A date setting may be null (not set: for a review date, the measure has no end). Every other
 * setting has a value. */
#ifndef POLICY_SETTING_H
#define POLICY_SETTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/factschema.h"
#include "policy/yfield.h"
#include "util/node.h"

/* One local setting. */
struct setting {
	char *name;        /* "local.working_age_max" */
	char *zh, *en;     /* what it is */
	char *rests_on;    /* the rule a switch rests on, or NULL */
	enum ftype type;   /* FT_INT, FT_BOOL, FT_DATE or FT_MONEY */
	bool set;          /* false only for a null date */
	int64_t value;     /* integer, 0/1, day number, or fen */
	int line, col;
};

/* Read a setting from its mapping (name as written). Caller frees with setting_free. 0 or EX_DATAERR. */
int setting_read(const struct yfile *yf, const char *name, const struct node *m, struct setting **out);
/* Read a value of a setting's type from a node (a test case's override); 0 or EX_DATAERR. */
int setting_value(const struct yfile *yf, const struct setting *s, const struct node *n, bool *set, int64_t *v);
/* Free a setting. */
void setting_free(struct setting *s);
/* The setting named "local.NAME" among n, or NULL. */
const struct setting *setting_find(struct setting *const *v, size_t n, const char *name);

#endif
