/* Typed access to the fields of a YAML node tree, with file:line:col messages. */
#include "policy/yfield.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "policy/yamlload.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/sbuf.h"

/* Record "file:line:col: message" (fmt: a message id) for a node (NULL: line 1); EX_DATAERR. */
int
yfield_err(const struct yfile *f, const struct node *at, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, tr(fmt), ap);
	va_end(ap);
	int line = at != NULL && at->line > 0 ? at->line : 1;
	int col = at != NULL && at->col > 0 ? at->col : 1;
	return diag_set(f->d, EX_DATAERR, "%s:%d:%d: %s", f->name, line, col, msg);
}

/* Refuse any key of map not in the NULL-terminated allowed list. */
int
yfield_keys(const struct yfile *f, const struct node *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->items[i]->key;
		size_t j;
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(k, allowed[j]) == 0)
				break;
		if (allowed[j] != NULL)
			continue;
		struct sbuf b = SBUF_INIT;
		for (j = 0; allowed[j] != NULL; j++)
			sbuf_addf(&b, "%s%s", j ? ", " : "", allowed[j]);
		int rc = yfield_err(f, map->items[i], "unknown key '%s' (expected one of: %s)", k, sbuf_str(&b));
		sbuf_free(&b);
		return rc;
	}
	return 0;
}

/* Require node to be a mapping (what names it in the message: a key, or a phrase marked N_). */
int
yfield_is_map(const struct yfile *f, const struct node *n, const char *what)
{
	if (n->kind != NODE_MAP)
		return yfield_err(f, n, "%s must be a mapping (key: value lines)", tr(what));
	return 0;
}

/* Require node to be a list. */
int
yfield_is_list(const struct yfile *f, const struct node *n, const char *what)
{
	if (n->kind != NODE_LIST)
		return yfield_err(f, n, "%s must be a list ('- ' items or [a, b])", tr(what));
	return 0;
}

/* Look up map[key]; an error when required and absent or null. */
static int
yfield_get(const struct yfile *f, const struct node *map, const char *key, bool required,
    const struct node **out)
{
	const struct node *n = node_get(map, key);

	*out = NULL;
	if (n == NULL || (n->kind == NODE_SCALAR && n->text == NULL)) {
		if (required)
			return yfield_err(f, n != NULL ? n : map, "missing '%s'; it is required here", key);
		return 0;
	}
	*out = n;
	return 0;
}

/* map[key] as a mapping; NULL when absent and optional. */
int
yfield_map(const struct yfile *f, const struct node *map, const char *key, bool required,
    const struct node **out)
{
	int rc = yfield_get(f, map, key, required, out);

	if (rc == 0 && *out != NULL)
		rc = yfield_is_map(f, *out, key);
	return rc;
}

/* map[key] as a list; NULL when absent and optional. */
int
yfield_list(const struct yfile *f, const struct node *map, const char *key, bool required,
    const struct node **out)
{
	int rc = yfield_get(f, map, key, required, out);

	if (rc == 0 && *out != NULL)
		rc = yfield_is_list(f, *out, key);
	return rc;
}

/* Require a non-null scalar. */
static int
yfield_scalar(const struct yfile *f, const struct node *n, const char *what)
{
	if (n->kind != NODE_SCALAR)
		return yfield_err(f, n, "%s must be a single value, not %s", tr(what),
		    n->kind == NODE_MAP ? tr("a mapping") : tr("a list"));
	if (n->text == NULL)
		return yfield_err(f, n, "%s must not be null", tr(what));
	return 0;
}

/* A scalar as text; refuses null, mappings, lists and unquoted YAML 1.1 booleans (yes, on ...). */
int
yfield_as_str(const struct yfile *f, const struct node *n, const char *what, const char **out)
{
	int rc = yfield_scalar(f, n, what);

	if (rc != 0)
		return rc;
	if (!n->quoted && yamlload_v11_bool(n->text))
		return yfield_err(f, n, "%s: '%s' reads as a YAML 1.1 boolean; quote it (\"%s\") if text is meant",
		    tr(what), n->text, n->text);
	*out = n->text;
	return 0;
}

/* A scalar as a boolean: only plain true or false. */
int
yfield_as_bool(const struct yfile *f, const struct node *n, const char *what, bool *out)
{
	int rc = yfield_scalar(f, n, what);

	if (rc != 0)
		return rc;
	if (!n->quoted && strcmp(n->text, "true") == 0) {
		*out = true;
		return 0;
	}
	if (!n->quoted && strcmp(n->text, "false") == 0) {
		*out = false;
		return 0;
	}
	if (!n->quoted && yamlload_v11_bool(n->text))
		return yfield_err(f, n, "%s: '%s' is a YAML 1.1 boolean; write true or false", tr(what), n->text);
	return yfield_err(f, n, "%s: '%s' is not a boolean; write true or false", tr(what), n->text);
}

/* Parse decimal text into *out; false if not a plain in-range integer. */
static bool
parse_int(const char *s, int64_t *out)
{
	const char *p = s;
	bool neg = false;
	int64_t v = 0;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (*p == '\0' || (*p == '0' && p[1] != '\0'))
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* A scalar as a decimal integer (plain, optional minus, no leading zeros). */
int
yfield_as_int(const struct yfile *f, const struct node *n, const char *what, int64_t *out)
{
	int rc = yfield_scalar(f, n, what);

	if (rc != 0)
		return rc;
	if (n->quoted || !parse_int(n->text, out))
		return yfield_err(f, n, "%s: '%s' is not an integer; write digits such as 36", tr(what), n->text);
	return 0;
}

/* A scalar as a YYYY-MM-DD date (day number). */
int
yfield_as_date(const struct yfile *f, const struct node *n, const char *what, int *out)
{
	int rc = yfield_scalar(f, n, what);

	if (rc != 0)
		return rc;
	if (date_parse(n->text, out) != 0)
		return yfield_err(f, n, "%s: '%s' is not a date; write a real date as YYYY-MM-DD", tr(what), n->text);
	return 0;
}

/* map[key] as text. */
int
yfield_str(const struct yfile *f, const struct node *map, const char *key, bool required, const char **out)
{
	const struct node *n;
	int rc = yfield_get(f, map, key, required, &n);

	return rc != 0 || n == NULL ? rc : yfield_as_str(f, n, key, out);
}

/* map[key] as a boolean. */
int
yfield_bool(const struct yfile *f, const struct node *map, const char *key, bool required, bool *out)
{
	const struct node *n;
	int rc = yfield_get(f, map, key, required, &n);

	return rc != 0 || n == NULL ? rc : yfield_as_bool(f, n, key, out);
}

/* map[key] as an integer. */
int
yfield_int(const struct yfile *f, const struct node *map, const char *key, bool required, int64_t *out)
{
	const struct node *n;
	int rc = yfield_get(f, map, key, required, &n);

	return rc != 0 || n == NULL ? rc : yfield_as_int(f, n, key, out);
}

/* map[key] as a date. */
int
yfield_date(const struct yfile *f, const struct node *map, const char *key, bool required, int *out)
{
	const struct node *n;
	int rc = yfield_get(f, map, key, required, &n);

	return rc != 0 || n == NULL ? rc : yfield_as_date(f, n, key, out);
}

/* map[key] as a {zh: ..., en: ...} pair of texts (both required). */
int
yfield_text2(const struct yfile *f, const struct node *map, const char *key, bool required,
    const char **zh, const char **en)
{
	static const char *const keys[] = { "zh", "en", NULL };
	const struct node *n;
	int rc = yfield_map(f, map, key, required, &n);

	if (rc != 0 || n == NULL)
		return rc;
	if ((rc = yfield_keys(f, n, keys)) != 0)
		return rc;
	if ((rc = yfield_str(f, n, "zh", true, zh)) != 0)
		return rc;
	return yfield_str(f, n, "en", true, en);
}
