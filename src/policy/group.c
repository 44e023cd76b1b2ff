/* Target groups: named sets of people, each defined once, in groups.yaml. */
#include "policy/group.h"

#include <stdlib.h>
#include <string.h>

#include "policy/yamlload.h"
#include "policy/yfield.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Free a group. */
void
group_free(struct group *g)
{
	if (g == NULL)
		return;
	free(g->id);
	free(g->zh);
	free(g->en);
	free(g->note);
	expr_free(g->expr);
	free(g);
}

/* Read one group entry. */
static int
read_group(const struct yfile *yf, const struct factschema *s, const struct node *m, struct group *g)
{
	static const char *const keys[] = { "zh", "en", "expr", "note", NULL };
	const char *zh, *en, *note = NULL;
	const struct node *ex;
	int rc;

	if ((rc = yfield_is_map(yf, m, N_("a group"))) != 0 || (rc = yfield_keys(yf, m, keys)) != 0 ||
	    (rc = yfield_str(yf, m, "zh", true, &zh)) != 0 || (rc = yfield_str(yf, m, "en", true, &en)) != 0 ||
	    (rc = yfield_str(yf, m, "note", false, &note)) != 0)
		return rc;
	g->zh = xstrdup(zh);
	g->en = xstrdup(en);
	g->note = xstrdup(note);
	ex = node_get(m, "expr");
	if (ex == NULL)
		return yfield_err(yf, m, "group '%s' needs 'expr', the condition for belonging to it", g->id);
	const char *text;
	if ((rc = yfield_as_str(yf, ex, "expr", &text)) != 0)
		return rc;
	struct expr_env env = { s, NULL, yf->name, ex->line,
	    ex->col + (ex->quoted && strchr(text, '\n') == NULL) };
	if ((rc = expr_parse(text, &env, &g->expr, yf->d)) != 0)
		return rc;
	if (g->expr->type != FT_BOOL)
		return yfield_err(yf, ex, "a group's expr must be true or false (a bool), not a %s",
		    factschema_type_name(g->expr->type));
	return 0;
}

/* Load the groups file; each error goes to report. Caller frees the array and each group. */
int
group_load(const char *path, const struct factschema *s, struct group ***out, size_t *n,
    void (*report)(void *arg, const struct diag *d), void *arg)
{
	static const char *const keys[] = { "groups", NULL };
	struct diag d = DIAG_INIT;
	struct yfile yf = { path, &d };
	struct node *root = NULL;
	const struct node *list;
	int rc, bad = 0;

	*out = NULL;
	*n = 0;
	if ((rc = yamlload_file(path, &root, &d)) != 0)
		goto out;
	if ((rc = yfield_is_map(&yf, root, N_("the groups file"))) != 0 || (rc = yfield_keys(&yf, root, keys)) != 0 ||
	    (rc = yfield_map(&yf, root, "groups", true, &list)) != 0)
		goto out;
	*out = xcalloc(list->n ? list->n : 1, sizeof **out);
	for (size_t i = 0; i < list->n; i++) {
		struct group *g = xcalloc(1, sizeof *g);
		g->id = xstrdup(list->items[i]->key);
		g->index = i;
		g->line = list->items[i]->line;
		g->col = list->items[i]->col;
		(*out)[(*n)++] = g;
		if (read_group(&yf, s, list->items[i], g) != 0) {
			report(arg, &d);
			diag_clear(&d);
			expr_free(g->expr);
			g->expr = NULL;
			bad = EX_DATAERR;
		}
	}
out:
	if (rc != 0)
		report(arg, &d);
	node_free(root);
	return rc != 0 ? rc : bad;
}
