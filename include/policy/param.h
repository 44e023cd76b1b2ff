/* Dated parameters: a standard (a figure in fen, or a table of figures by key) that applies from its date on.
 *
 *   NAME:
 *     zh: 补贴标准
 *     en: subsidy standard
 *     values:                      # oldest first; [] when a local standard is not set
 *       - from: 2017-10-12
 *         fen: 500000
 *       - from: 2019-01-01
 *         table: {5: 100000, 4: 150000, 3: 200000}
 */
#ifndef POLICY_PARAM_H
#define POLICY_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/yfield.h"

/* One dated value: a figure, or a table of figures by key. */
struct param_value {
	int from;          /* day number it applies from */
	bool is_table;
	int64_t fen;       /* !is_table */
	char **keys;       /* is_table: keys as text ("5", "bachelor") */
	int64_t *fens;
	size_t nkeys;
};

/* A named parameter. */
struct param {
	char *name;        /* "standard" in a policy file, "local.internship_subsidy" for a local one */
	char *zh, *en;     /* what it is */
	bool local;        /* set by the administrator in local.yaml */
	struct param_value *values;
	size_t nvalues;
	int line, col;
};

/* Read a parameter from its mapping (name as written in the file). Caller frees with param_free. */
int param_read(const struct yfile *yf, const char *name, const struct node *m, bool local, struct param **out);
/* Free a parameter. */
void param_free(struct param *p);
/* The value in force on a day, or NULL when none is (not set, or not yet in force). */
const struct param_value *param_at(const struct param *p, int on);
/* A table's figure for a key; false when the key is not in the table. */
bool param_lookup(const struct param_value *v, const char *key, int64_t *fen);

#endif
