/* The facts schema: every fact a facts file may hold, its type, allowed values and question. */
#include "policy/factschema.h"

#include <stdlib.h>
#include <string.h>

#include "policy/yamlload.h"
#include "policy/yfield.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct factschema {
	struct factschema_fact **facts;
	size_t n, cap;
};

static const char *const type_names[] = {
	[FT_BOOL] = "bool", [FT_INT] = "integer", [FT_MONEY] = "money", [FT_DATE] = "date",
	[FT_STRING] = "string", [FT_ENUM] = "enum", [FT_LIST] = "list", [FT_MAP] = "map",
};

/* The name of a type as the schema file writes it ("integer", "date" ...). */
const char *
factschema_type_name(enum ftype t)
{
	return type_names[t];
}

/* Free one fact. */
static void
fact_free(struct factschema_fact *f)
{
	for (size_t i = 0; i < f->nvalues; i++) {
		free(f->values[i].value);
		free(f->values[i].zh);
		free(f->values[i].en);
	}
	free(f->values);
	for (size_t i = 0; i < f->nparts; i++)
		free(f->parts[i]);
	free(f->parts);
	free(f->path);
	free(f->zh);
	free(f->en);
	free(f);
}

/* Free a schema. */
void
factschema_free(struct factschema *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		fact_free(s->facts[i]);
	free(s->facts);
	free(s);
}

/* The fact at a path, or NULL. */
const struct factschema_fact *
factschema_find(const struct factschema *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->facts[i]->path, path) == 0)
			return s->facts[i];
	return NULL;
}

/* Edit distance between two short strings (capped at 64 bytes each). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];

	if (la > 64 || lb > 64)
		return 1000;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The known fact whose path is closest to a misspelt one (for "did you mean"), or NULL. */
const struct factschema_fact *
factschema_suggest(const struct factschema *s, const char *path)
{
	const struct factschema_fact *best = NULL;
	size_t bestd = 4;

	for (size_t i = 0; i < s->n; i++) {
		size_t dd = distance(path, s->facts[i]->path);
		if (dd < bestd) {
			bestd = dd;
			best = s->facts[i];
		}
	}
	return best;
}

/* How many facts there are. */
size_t
factschema_count(const struct factschema *s)
{
	return s->n;
}

/* The i-th fact in file order. */
const struct factschema_fact *
factschema_at(const struct factschema *s, size_t i)
{
	return s->facts[i];
}

/* The allowed value v of an enum fact, or NULL. */
const struct factschema_value *
factschema_enum_find(const struct factschema_fact *f, const char *v)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (strcmp(f->values[i].value, v) == 0)
			return &f->values[i];
	return NULL;
}

/* The allowed values of an enum fact as "a, b, c". Caller frees. */
char *
factschema_enum_list(const struct factschema_fact *f)
{
	struct sbuf b = SBUF_INIT;

	for (size_t i = 0; i < f->nvalues; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", f->values[i].value);
	sbuf_add(&b, "");
	return sbuf_take(&b);
}

/* Read the allowed values of an enum fact. */
static int
read_values(const struct yfile *yf, const struct node *list, struct factschema_fact *f)
{
	static const char *const keys[] = { "value", "zh", "en", NULL };
	int rc;

	if ((rc = yfield_is_list(yf, list, "values")) != 0)
		return rc;
	if (list->n == 0)
		return yfield_err(yf, list, "an enum needs at least one value");
	f->values = xcalloc(list->n, sizeof *f->values);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *v = list->items[i];
		const char *value = NULL, *zh = NULL, *en = NULL;
		if (v->kind == NODE_MAP) {
			if ((rc = yfield_keys(yf, v, keys)) != 0 ||
			    (rc = yfield_str(yf, v, "value", true, &value)) != 0 ||
			    (rc = yfield_str(yf, v, "zh", false, &zh)) != 0 ||
			    (rc = yfield_str(yf, v, "en", false, &en)) != 0)
				return rc;
		} else if ((rc = yfield_as_str(yf, v, N_("an enum value"), &value)) != 0) {
			return rc;
		}
		if (factschema_enum_find(f, value) != NULL)
			return yfield_err(yf, v, "value '%s' is listed twice", value);
		f->values[f->nvalues].value = xstrdup(value);
		f->values[f->nvalues].zh = xstrdup(zh != NULL ? zh : value);
		f->values[f->nvalues].en = xstrdup(en != NULL ? en : value);
		f->nvalues++;
	}
	return 0;
}

/* Parse a type name. */
static int
read_type(const struct yfile *yf, const struct node *map, enum ftype *out)
{
	const char *t;
	int rc = yfield_str(yf, map, "type", true, &t);

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++) {
		if (strcmp(t, type_names[i]) == 0) {
			*out = (enum ftype)i;
			return 0;
		}
	}
	return yfield_err(yf, node_get(map, "type"), "unknown type '%s' (expected one of: bool, integer, "
	    "money, date, string, enum, list, map)", t);
}

/* Split a fact's path into the components below the root, or below an item of its list. */
static void
split_path(struct factschema_fact *f)
{
	const char *s = f->list != NULL ? f->path + strlen(f->list->path) + 1 : f->path;

	while (*s) {
		size_t n = strcspn(s, ".");
		f->parts = xreallocarray(f->parts, f->nparts + 1, sizeof *f->parts);
		f->parts[f->nparts++] = xstrndup(s, n);
		s += n + (s[n] == '.');
	}
}

/* Read one fact entry; link it to its parent. */
static int
read_fact(struct factschema *s, const struct yfile *yf, const struct node *m, struct factschema_fact *f)
{
	static const char *const keys[] = { "path", "type", "values", "min", "max", "zh", "en", NULL };
	const char *path, *zh, *en;
	int rc;

	if ((rc = yfield_is_map(yf, m, N_("a fact"))) != 0 || (rc = yfield_keys(yf, m, keys)) != 0 ||
	    (rc = yfield_str(yf, m, "path", true, &path)) != 0 || (rc = read_type(yf, m, &f->type)) != 0 ||
	    (rc = yfield_str(yf, m, "zh", true, &zh)) != 0 || (rc = yfield_str(yf, m, "en", true, &en)) != 0)
		return rc;
	f->path = xstrdup(path);
	f->zh = xstrdup(zh);
	f->en = xstrdup(en);
	f->line = m->line;
	f->col = m->col;
	if (factschema_find(s, path) != NULL)
		return yfield_err(yf, m, "fact '%s' is defined twice", path);
	const char *dot = strrchr(f->path, '.');
	f->name = dot != NULL ? dot + 1 : f->path;
	if (dot != NULL) {
		char *ppath = xstrndup(f->path, (size_t)(dot - f->path));
		f->parent = factschema_find(s, ppath);
		free(ppath);
		if (f->parent == NULL || (f->parent->type != FT_MAP && f->parent->type != FT_LIST))
			return yfield_err(yf, m, "'%s' needs its parent map or list defined above it", path);
		f->list = f->parent->type == FT_LIST ? f->parent : f->parent->list;
	}
	split_path(f);
	const struct node *values = node_get(m, "values");
	if (f->type == FT_ENUM) {
		if (values == NULL)
			return yfield_err(yf, m, "enum fact '%s' needs 'values'", path);
		if ((rc = read_values(yf, values, f)) != 0)
			return rc;
	} else if (values != NULL && f->type == FT_INT) {
		/* an integer's labels, for sentences: {value: 3, zh: 三级(高级)} */
		if ((rc = read_values(yf, values, f)) != 0)
			return rc;
	} else if (values != NULL) {
		return yfield_err(yf, values, "'values' is only for enum facts, or labels of an integer fact");
	}
	if (node_get(m, "min") != NULL || node_get(m, "max") != NULL) {
		if (f->type != FT_INT && f->type != FT_MONEY)
			return yfield_err(yf, m, "'min' and 'max' are only for integer and money facts");
		f->has_min = node_get(m, "min") != NULL;
		f->has_max = node_get(m, "max") != NULL;
		if ((rc = yfield_int(yf, m, "min", false, &f->min)) != 0 ||
		    (rc = yfield_int(yf, m, "max", false, &f->max)) != 0)
			return rc;
	}
	return 0;
}

/* Load a schema file. Caller frees *out with factschema_free. 0, EX_NOINPUT or EX_DATAERR. */
int
factschema_load(const char *path, struct factschema **out, struct diag *d)
{
	static const char *const keys[] = { "facts", NULL };
	struct yfile yf = { path, d };
	struct node *root = NULL;
	const struct node *list;
	struct factschema *s = xcalloc(1, sizeof *s);
	int rc;

	*out = NULL;
	if ((rc = yamlload_file(path, &root, d)) != 0)
		goto out;
	if ((rc = yfield_is_map(&yf, root, N_("the schema"))) != 0 || (rc = yfield_keys(&yf, root, keys)) != 0 ||
	    (rc = yfield_list(&yf, root, "facts", true, &list)) != 0)
		goto out;
	s->facts = xcalloc(list->n ? list->n : 1, sizeof *s->facts);
	for (size_t i = 0; i < list->n; i++) {
		struct factschema_fact *f = xcalloc(1, sizeof *f);
		rc = read_fact(s, &yf, list->items[i], f);
		if (rc != 0) {
			fact_free(f);
			goto out;
		}
		f->index = s->n;
		s->facts[s->n++] = f;
	}
	*out = s;
	s = NULL;
out:
	node_free(root);
	factschema_free(s);
	return rc;
}
