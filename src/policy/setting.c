/* Local settings: readings and switches left to each office, with defaults, in local.yaml. */
#include "policy/setting.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* Free a setting. */
void
setting_free(struct setting *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->zh);
	free(s->en);
	free(s->rests_on);
	free(s);
}

/* Read a value of a setting's type from a node (a test case's override). */
int
setting_value(const struct yfile *yf, const struct setting *s, const struct node *n, bool *set, int64_t *v)
{
	bool b;
	int day, rc;

	*set = true;
	if (n == NULL || (n->kind == NODE_SCALAR && n->text == NULL)) {
		if (s->type != FT_DATE)
			return yfield_err(yf, n, "setting '%s' needs a value; only a date may be null", s->name + 6);
		*set = false;
		*v = 0;
		return 0;
	}
	switch (s->type) {
	case FT_BOOL:
		if ((rc = yfield_as_bool(yf, n, "value", &b)) != 0)
			return rc;
		*v = b;
		return 0;
	case FT_DATE:
		if ((rc = yfield_as_date(yf, n, "value", &day)) != 0)
			return rc;
		*v = day;
		return 0;
	default:
		if ((rc = yfield_as_int(yf, n, "value", v)) != 0)
			return rc;
		if (*v < 0)
			return yfield_err(yf, n, "setting '%s' must not be negative", s->name + 6);
		return 0;
	}
}

/* Read a setting from its mapping (name as written). Caller frees with setting_free. */
int
setting_read(const struct yfile *yf, const char *name, const struct node *m, struct setting **out)
{
	static const char *const keys[] = { "zh", "en", "type", "value", "rests_on", NULL };
	static const struct { const char *name; enum ftype t; } types[] = {
		{ "integer", FT_INT }, { "bool", FT_BOOL }, { "date", FT_DATE }, { "money", FT_MONEY },
	};
	struct setting *s = xcalloc(1, sizeof *s);
	const char *zh, *en, *type, *rests = NULL;
	size_t k;
	int rc;

	*out = NULL;
	s->name = xasprintf("local.%s", name);
	s->line = m->line;
	s->col = m->col;
	if ((rc = yfield_is_map(yf, m, N_("a setting"))) != 0 || (rc = yfield_keys(yf, m, keys)) != 0 ||
	    (rc = yfield_str(yf, m, "zh", true, &zh)) != 0 || (rc = yfield_str(yf, m, "en", true, &en)) != 0 ||
	    (rc = yfield_str(yf, m, "type", true, &type)) != 0 ||
	    (rc = yfield_str(yf, m, "rests_on", false, &rests)) != 0)
		goto out;
	s->zh = xstrdup(zh);
	s->en = xstrdup(en);
	s->rests_on = xstrdup(rests);
	for (k = 0; k < sizeof types / sizeof *types; k++)
		if (strcmp(types[k].name, type) == 0)
			break;
	if (k == sizeof types / sizeof *types) {
		rc = yfield_err(yf, node_get(m, "type"), "setting type '%s' (expected integer, bool, date or money)",
		    type);
		goto out;
	}
	s->type = types[k].t;
	if (node_get(m, "value") == NULL && s->type != FT_DATE) {
		rc = yfield_err(yf, m, "setting '%s' needs 'value': its default, stated in the file", name);
		goto out;
	}
	if ((rc = setting_value(yf, s, node_get(m, "value"), &s->set, &s->value)) != 0)
		goto out;
	*out = s;
	s = NULL;
out:
	setting_free(s);
	return rc;
}

/* The setting named "local.NAME" among n, or NULL. */
const struct setting *
setting_find(struct setting *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->name, name) == 0)
			return v[i];
	return NULL;
}
