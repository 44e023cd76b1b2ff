/* Dated parameters: a standard that applies from its date on. */
#include "policy/param.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* Free a parameter. */
void
param_free(struct param *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nvalues; i++) {
		for (size_t k = 0; k < p->values[i].nkeys; k++)
			free(p->values[i].keys[k]);
		free(p->values[i].keys);
		free(p->values[i].fens);
	}
	free(p->values);
	free(p->name);
	free(p->zh);
	free(p->en);
	free(p);
}

/* Read one table of figures by key. */
static int
read_table(const struct yfile *yf, const struct node *t, struct param_value *v)
{
	int rc;

	if ((rc = yfield_is_map(yf, t, "table")) != 0)
		return rc;
	if (t->n == 0)
		return yfield_err(yf, t, "an empty table; give at least one key: fen line");
	v->is_table = true;
	v->keys = xcalloc(t->n, sizeof *v->keys);
	v->fens = xcalloc(t->n, sizeof *v->fens);
	for (size_t i = 0; i < t->n; i++) {
		if ((rc = yfield_as_int(yf, t->items[i], N_("a table figure (fen)"), &v->fens[i])) != 0)
			return rc;
		if (v->fens[i] < 0)
			return yfield_err(yf, t->items[i], "a figure must not be negative");
		v->keys[i] = xstrdup(t->items[i]->key);
		v->nkeys++;
	}
	return 0;
}

/* Read one dated value. */
static int
read_value(const struct yfile *yf, const struct node *m, struct param_value *v)
{
	static const char *const keys[] = { "from", "fen", "table", NULL };
	const struct node *t;
	int rc;

	if ((rc = yfield_is_map(yf, m, N_("a dated value"))) != 0 || (rc = yfield_keys(yf, m, keys)) != 0 ||
	    (rc = yfield_date(yf, m, "from", true, &v->from)) != 0)
		return rc;
	t = node_get(m, "table");
	if ((t != NULL) == (node_get(m, "fen") != NULL))
		return yfield_err(yf, m, "a dated value has either 'fen: N' or 'table: {KEY: N, ...}'");
	if (t != NULL)
		return read_table(yf, t, v);
	if ((rc = yfield_int(yf, m, "fen", true, &v->fen)) != 0)
		return rc;
	if (v->fen < 0)
		return yfield_err(yf, node_get(m, "fen"), "a figure must not be negative");
	return 0;
}

/* Read a parameter from its mapping (name as written in the file). Caller frees with param_free. */
int
param_read(const struct yfile *yf, const char *name, const struct node *m, bool local, struct param **out)
{
	static const char *const keys[] = { "zh", "en", "values", NULL };
	struct param *p = xcalloc(1, sizeof *p);
	const char *zh, *en;
	const struct node *list;
	int rc;

	*out = NULL;
	p->name = local ? xasprintf("local.%s", name) : xstrdup(name);
	p->local = local;
	p->line = m->line;
	p->col = m->col;
	if ((rc = yfield_is_map(yf, m, N_("a parameter"))) != 0 || (rc = yfield_keys(yf, m, keys)) != 0 ||
	    (rc = yfield_str(yf, m, "zh", true, &zh)) != 0 || (rc = yfield_str(yf, m, "en", true, &en)) != 0 ||
	    (rc = yfield_list(yf, m, "values", !local, &list)) != 0)
		goto out;
	p->zh = xstrdup(zh);
	p->en = xstrdup(en);
	if (list != NULL && list->n > 0) {
		p->values = xcalloc(list->n, sizeof *p->values);
		for (size_t i = 0; i < list->n; i++) {
			rc = read_value(yf, list->items[i], &p->values[i]);
			p->nvalues++;
			if (rc != 0)
				goto out;
			if (i > 0 && p->values[i].from <= p->values[i - 1].from) {
				rc = yfield_err(yf, list->items[i], "dated values must be in order, oldest first, each "
				    "with a later 'from'");
				goto out;
			}
		}
	} else if (!local) {
		rc = yfield_err(yf, m, "parameter '%s' needs at least one dated value", name);
		goto out;
	}
	*out = p;
	p = NULL;
out:
	param_free(p);
	return rc;
}

/* The value in force on a day, or NULL when none is (not set, or not yet in force). */
const struct param_value *
param_at(const struct param *p, int on)
{
	const struct param_value *best = NULL;

	for (size_t i = 0; i < p->nvalues; i++)
		if (p->values[i].from <= on)
			best = &p->values[i];
	return best;
}

/* A table's figure for a key; false when the key is not in the table. */
bool
param_lookup(const struct param_value *v, const char *key, int64_t *fen)
{
	if (!v->is_table) {
		*fen = v->fen;
		return true;
	}
	for (size_t i = 0; i < v->nkeys; i++) {
		if (strcmp(v->keys[i], key) == 0) {
			*fen = v->fens[i];
			return true;
		}
	}
	return false;
}
