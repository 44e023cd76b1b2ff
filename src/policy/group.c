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
	expr_free(g->near);
	tmpl_free(&g->fail_zh);
	tmpl_free(&g->fail_en);
	free(g);
}

/* Parse the expression text of a node of a group's mapping. */
static int
read_gexpr(const struct yfile *yf, const struct expr_env *base, const struct node *ex, struct expr **out)
{
	const char *text;
	int rc;

	if ((rc = yfield_as_str(yf, ex, "expr", &text)) != 0)
		return rc;
	struct expr_env env = *base;
	env.line = ex->line;
	env.col = ex->col + (ex->quoted && strchr(text, '\n') == NULL);
	if ((rc = expr_parse(text, &env, out, yf->d)) != 0)
		return rc;
	if ((*out)->type != FT_BOOL)
		return yfield_err(yf, ex, "a group's expression must be true or false (a bool), not a %s",
		    factschema_type_name((*out)->type));
	return 0;
}

/* Read a group's fail sentences {zh, en}. */
static int
read_gfail(const struct yfile *yf, const struct expr_env *base, const struct node *m, struct group *g)
{
	static const char *const keys[] = { "zh", "en", NULL };
	int rc;

	if ((rc = yfield_is_map(yf, m, "fail")) != 0 || (rc = yfield_keys(yf, m, keys)) != 0)
		return rc;
	for (int i = 0; i < 2; i++) {
		const char *lang = i == 0 ? "zh" : "en", *t;
		const struct node *n = node_get(m, lang);
		if ((rc = yfield_str(yf, m, lang, true, &t)) != 0)
			return rc;
		struct expr_env env = *base;
		env.line = n->line;
		env.col = n->col + (n->quoted && strchr(t, '\n') == NULL);
		if ((rc = tmpl_parse(t, &env, i == 0 ? &g->fail_zh : &g->fail_en, yf->d)) != 0)
			return rc;
	}
	g->has_fail = true;
	return 0;
}

/* Read one group entry. */
static int
read_group(const struct yfile *yf, const struct expr_env *base, const struct node *m, struct group *g)
{
	static const char *const keys[] = { "zh", "en", "expr", "note", "near", "fail", NULL };
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
	if ((rc = read_gexpr(yf, base, ex, &g->expr)) != 0)
		return rc;
	if ((ex = node_get(m, "near")) != NULL && (rc = read_gexpr(yf, base, ex, &g->near)) != 0)
		return rc;
	if ((node_get(m, "near") != NULL) != (node_get(m, "fail") != NULL))
		return yfield_err(yf, m, "group '%s': 'near' and 'fail' go together", g->id);
	if ((ex = node_get(m, "fail")) != NULL)
		return read_gfail(yf, base, ex, g);
	return 0;
}

/* Load the groups file; each error goes to report. Caller frees the array and each group. */
int
group_load(const char *path, const struct factschema *s, struct setting *const *settings, size_t nsettings,
    struct group ***out, size_t *n,
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
		struct expr_env base = { s, NULL, yf.name, 1, 1, settings, nsettings };
		if (read_group(&yf, &base, list->items[i], g) != 0) {
			report(arg, &d);
			diag_clear(&d);
			expr_free(g->expr);
			g->expr = NULL;
			/* a policy naming it still reads a name (the set is refused anyway) */
			if (g->zh == NULL)
				g->zh = xstrdup(g->id);
			if (g->en == NULL)
				g->en = xstrdup(g->id);
			bad = EX_DATAERR;
		}
	}
out:
	if (rc != 0)
		report(arg, &d);
	node_free(root);
	return rc != 0 ? rc : bad;
}
