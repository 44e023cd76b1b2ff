/* Facts files (CONTRACT.md section 3): read, check against the schema, fill in from the ID number. */
#include "policy/factsfile.h"

#include <stdlib.h>
#include <string.h>

#include "policy/yamlload.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/priv.h"
#include "util/xalloc.h"

static int check_map(const struct factschema *s, const struct yfile *yf, const char *prefix,
    const struct node *map);

/* Check one scalar against its fact's type. */
static int
check_scalar(const struct yfile *yf, const struct factschema_fact *f, const struct node *n)
{
	int64_t i;
	int day;
	bool b;
	const char *text;
	int rc;

	switch (f->type) {
	case FT_BOOL:
		return yfield_as_bool(yf, n, f->path, &b);
	case FT_INT:
	case FT_MONEY:
		if ((rc = yfield_as_int(yf, n, f->path, &i)) != 0)
			return rc;
		if ((f->has_min && i < f->min) || (f->has_max && i > f->max))
			return yfield_err(yf, n, "%s: %s is out of range; expected %lld to %lld", f->path, n->text,
			    f->has_min ? (long long)f->min : (long long)INT64_MIN,
			    f->has_max ? (long long)f->max : (long long)INT64_MAX);
		return 0;
	case FT_DATE:
		return yfield_as_date(yf, n, f->path, &day);
	case FT_STRING:
		return yfield_as_str(yf, n, f->path, &text);
	case FT_ENUM:
		if ((rc = yfield_as_str(yf, n, f->path, &text)) != 0)
			return rc;
		if (factschema_enum_find(f, text) == NULL) {
			char *list = factschema_enum_list(f);
			rc = yfield_err(yf, n, "%s: '%s' is not an allowed value (expected one of: %s)", f->path,
			    text, list);
			free(list);
			return rc;
		}
		return 0;
	case FT_LIST:
	case FT_MAP:
		break;
	}
	fatal("factsfile: bad scalar type");
}

/* Check one fact's node by its schema entry. */
static int
check_fact(const struct factschema *s, const struct yfile *yf, const struct factschema_fact *f, const struct node *n)
{
	int rc;

	if (n->kind == NODE_SCALAR && n->text == NULL)
		return 0;
	if (f->type == FT_MAP) {
		if ((rc = yfield_is_map(yf, n, f->path)) != 0)
			return rc;
		return check_map(s, yf, f->path, n);
	}
	if (f->type == FT_LIST) {
		if ((rc = yfield_is_list(yf, n, f->path)) != 0)
			return rc;
		for (size_t i = 0; i < n->n; i++) {
			if ((rc = yfield_is_map(yf, n->items[i], N_("an item"))) != 0 ||
			    (rc = check_map(s, yf, f->path, n->items[i])) != 0)
				return rc;
		}
		return 0;
	}
	if (n->kind != NODE_SCALAR)
		return yfield_err(yf, n, "%s must be a single %s value", f->path, factschema_type_name(f->type));
	return check_scalar(yf, f, n);
}

/* Check every key of a map whose schema path is prefix (NULL at the top). */
static int
check_map(const struct factschema *s, const struct yfile *yf, const char *prefix, const struct node *map)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct node *n = map->items[i];
		char *path = prefix != NULL ? xasprintf("%s.%s", prefix, n->key) : xstrdup(n->key);
		const struct factschema_fact *f = factschema_find(s, path);
		int rc;
		if (f == NULL) {
			const struct factschema_fact *near = factschema_suggest(s, path);
			if (near != NULL)
				rc = yfield_err(yf, n, "unknown fact '%s' (did you mean '%s'?)", path, near->path);
			else
				rc = yfield_err(yf, n, "unknown fact '%s'; facts-schema.yaml lists the known ones", path);
		} else {
			rc = check_fact(s, yf, f, n);
		}
		free(path);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Check a facts tree against the schema: unknown keys, types, enum values, bounds. */
int
factsfile_check(const struct factschema *s, const struct yfile *yf, const struct node *root)
{
	int rc = yfield_is_map(yf, root, N_("a facts file"));

	return rc != 0 ? rc : check_map(s, yf, NULL, root);
}

/* Whether map[key] is absent or null. */
static bool
absent(const struct node *map, const char *key)
{
	const struct node *n = node_get(map, key);

	return n == NULL || (n->kind == NODE_SCALAR && n->text == NULL);
}

/* Fill person.birth_date and sex from person.id_number where they are absent (never the hukou
 * province: the number tells where it was first issued, not where the household is registered). */
int
factsfile_derive(const struct yfile *yf, struct node *root, int today)
{
	struct node *person = node_get(root, "person");
	struct node *idn = node_get(person, "id_number");
	struct idnum id;
	char why[256];

	if (idn == NULL || idn->kind != NODE_SCALAR || idn->text == NULL)
		return 0;
	if (idnum_parse(idn->text, today, &id, why, sizeof why) != 0)
		return yfield_err(yf, idn, "person.id_number: %s", why);
	if (absent(person, "birth_date"))
		node_set_plain(person, "birth_date", id.birth_text);
	if (absent(person, "sex"))
		node_set_plain(person, "sex", id.male ? "male" : "female");
	return 0;
}

/* Read a facts file (as the person who named it, util/priv.h), check it and derive from the ID
 * number. Caller frees *out. */
int
factsfile_read(const struct factschema *s, const char *path, int today, struct node **out, struct diag *d)
{
	struct yfile yf = { path, d };
	struct node *root;
	priv_user_begin();
	int rc = yamlload_file(path, &root, d);
	priv_user_end();

	*out = NULL;
	if (rc != 0)
		return rc;
	if ((rc = factsfile_check(s, &yf, root)) != 0 || (rc = factsfile_derive(&yf, root, today)) != 0) {
		node_free(root);
		return rc;
	}
	*out = root;
	return 0;
}
