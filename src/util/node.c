/* A small document tree (maps, lists, scalars): the facts about one person. */
#include "util/node.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

/* One block of an arena's memory. */
struct node_block {
	struct node_block *next;
	size_t size, used;
	max_align_t data[];
};

/* Blocks filled from the first; reset starts again at the first, keeping them all. */
struct node_arena {
	struct node_block *first, *cur;
};

/* The smallest block an arena takes. */
enum { NODE_BLOCK = 64 * 1024 };

/* A new empty arena. Free with node_arena_free. */
struct node_arena *
node_arena_new(void)
{
	return xcalloc(1, sizeof(struct node_arena));
}

/* Forget every node made in the arena, keeping its memory for the next tree. */
void
node_arena_reset(struct node_arena *a)
{
	for (struct node_block *b = a->first; b != NULL; b = b->next)
		b->used = 0;
	a->cur = a->first;
}

/* Free an arena and every node made in it (NULL is fine). */
void
node_arena_free(struct node_arena *a)
{
	if (a == NULL)
		return;
	for (struct node_block *b = a->first, *next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* n bytes of an arena, aligned for any object: from the current block, else the next block
 * that has room (a new one at the end when none has). */
void *
node_arena_alloc(struct node_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct node_block *b = a->cur, **tail;

	n = (n + align - 1) / align * align;
	while (b != NULL && b->size - b->used < n)
		b = b->next;
	if (b == NULL) {
		size_t size = n > NODE_BLOCK ? n : NODE_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->next = NULL;
		b->size = size;
		b->used = 0;
		for (tail = &a->first; *tail != NULL; tail = &(*tail)->next)
			;
		*tail = b;
	}
	a->cur = b;
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* A copy of s (NULL stays NULL) where node n lives: in its arena, or on its own. */
static char *
node_strdup(const struct node *n, const char *s)
{
	if (s == NULL || n->arena == NULL)
		return xstrdup(s);
	return node_arena_strdup(n->arena, s);
}

/* A copy of s (NULL stays NULL) in an arena, forgotten at its reset. */
char *
node_arena_strdup(struct node_arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	size_t len = strlen(s) + 1;
	char *p = node_arena_alloc(a, len);
	memcpy(p, s, len);
	return p;
}

/* The key a node is given: a copy, or in an arena the caller's own string (a constant). */
static char *
node_key(const struct node *n, const char *key)
{
	return n->arena != NULL ? (char *)key : xstrdup(key);
}

/* A new node of a kind, in an arena or (a NULL) on its own. */
static struct node *
node_new_in(struct node_arena *a, enum node_kind kind)
{
	struct node *n;

	if (a != NULL) {
		n = node_arena_alloc(a, sizeof *n);
		memset(n, 0, sizeof *n);
		n->arena = a;
	} else {
		n = xcalloc(1, sizeof *n);
	}
	n->kind = kind;
	return n;
}

/* A new empty map in an arena (NULL: on its own). */
struct node *
node_new_map_in(struct node_arena *a)
{
	return node_new_in(a, NODE_MAP);
}

/* A new scalar in an arena (NULL: on its own), text copied there. */
struct node *
node_new_scalar_in(struct node_arena *a, const char *text, bool quoted)
{
	struct node *n = node_new_in(a, NODE_SCALAR);

	n->text = node_strdup(n, text);
	n->quoted = quoted;
	return n;
}

/* A new empty map. Caller frees with node_free. */
struct node *
node_new_map(void)
{
	return node_new_in(NULL, NODE_MAP);
}

/* A new empty list. */
struct node *
node_new_list(void)
{
	return node_new_in(NULL, NODE_LIST);
}

/* A new scalar (text may be NULL for null). */
struct node *
node_new_scalar(const char *text, bool quoted)
{
	return node_new_scalar_in(NULL, text, quoted);
}

/* Free a node and everything under it; a node made in an arena is the arena's to forget. */
void
node_free(struct node *n)
{
	if (n == NULL || n->arena != NULL)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->key);
	free(n->text);
	free(n);
}

/* Append child to a list, or to a map under key (which must not be there yet). Returns child. */
struct node *
node_add(struct node *parent, const char *key, struct node *child)
{
	if (parent->kind == NODE_MAP && key != NULL && node_get(parent, key) != NULL)
		fatal("node_add: repeated key %s", key);
	return node_append(parent, key, child);
}

/* node_add without looking for the key: the caller knows it is new. Returns child. */
struct node *
node_append(struct node *parent, const char *key, struct node *child)
{
	if (parent->kind == NODE_SCALAR)
		fatal("node_add on a scalar");
	if (parent->kind == NODE_MAP) {
		if (key == NULL)
			fatal("node_add: missing key");
		if (child->arena == NULL)
			free(child->key);
		child->key = node_key(child, key);
	}
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		if (parent->arena != NULL) {
			/* the old list stays in the arena until its reset */
			struct node **items = node_arena_alloc(parent->arena, cap * sizeof *items);
			if (parent->n > 0)
				memcpy(items, parent->items, parent->n * sizeof *items);
			parent->items = items;
		} else {
			parent->items = xreallocarray(parent->items, cap, sizeof *parent->items);
		}
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
	return child;
}

/* The child of a map under key, or NULL. */
struct node *
node_get(const struct node *map, const char *key)
{
	if (map == NULL || map->kind != NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->items[i]->key[0] == key[0] && strcmp(map->items[i]->key, key) == 0)
			return map->items[i];
	return NULL;
}

/* Follow a dotted path ("person.employment.status", "certificates.0.level"); NULL if absent. */
struct node *
node_path(const struct node *root, const char *path)
{
	const struct node *cur = root;
	char part[128];

	while (cur != NULL && *path != '\0') {
		size_t len = strcspn(path, ".");
		if (len >= sizeof part)
			return NULL;
		memcpy(part, path, len);
		part[len] = '\0';
		path += len + (path[len] == '.');
		if (cur->kind == NODE_MAP) {
			cur = node_get(cur, part);
		} else if (cur->kind == NODE_LIST) {
			char *end;
			unsigned long i = strtoul(part, &end, 10);
			cur = (*end == '\0' && len > 0 && i < cur->n) ? cur->items[i] : NULL;
		} else {
			return NULL;
		}
	}
	return (struct node *)cur;
}

/* Replace or add map[key] with child. */
static struct node *
node_put(struct node *map, const char *key, struct node *child)
{
	for (size_t i = 0; i < map->n; i++) {
		if (strcmp(map->items[i]->key, key) == 0) {
			node_free(map->items[i]);
			child->key = node_key(child, key);
			map->items[i] = child;
			return child;
		}
	}
	return node_add(map, key, child);
}

/* Set map[key] to a string scalar (quoted); NULL text sets nothing. Returns the scalar or NULL. */
struct node *
node_set_str(struct node *map, const char *key, const char *text)
{
	if (text == NULL)
		return NULL;
	return node_put(map, key, node_new_scalar_in(map->arena, text, true));
}

/* Set map[key] to a plain scalar (a number, date, enum or bool as text). */
struct node *
node_set_plain(struct node *map, const char *key, const char *text)
{
	if (text == NULL)
		return NULL;
	return node_put(map, key, node_new_scalar_in(map->arena, text, false));
}

/* Set map[key] to an integer. */
struct node *
node_set_int(struct node *map, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRId64, v);
	return node_set_plain(map, key, buf);
}

/* Set map[key] to true or false. */
struct node *
node_set_bool(struct node *map, const char *key, bool v)
{
	return node_set_plain(map, key, v ? "true" : "false");
}

/* Get map[key], creating an empty map there if absent. */
struct node *
node_child_map(struct node *map, const char *key)
{
	struct node *c = node_get(map, key);

	return c != NULL ? c : node_add(map, key, node_new_in(map->arena, NODE_MAP));
}

/* Get map[key], creating an empty list there if absent. */
struct node *
node_child_list(struct node *map, const char *key)
{
	struct node *c = node_get(map, key);

	return c != NULL ? c : node_add(map, key, node_new_in(map->arena, NODE_LIST));
}

/* Whether a string can be written as a plain YAML scalar and read back as a string. */
static bool
yaml_plain_ok(const char *s)
{
	size_t len = strlen(s);
	static const char *reserved[] = { "true", "false", "yes", "no", "on", "off",
	    "null", "True", "False", "Yes", "No", "On", "Off", "Null", "TRUE", "FALSE",
	    "NULL", "YES", "NO", "ON", "OFF", "y", "n", "Y", "N", "~" };

	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`0123456789+.", s[0]) != NULL)
		return false;
	for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (strcmp(s, reserved[i]) == 0)
			return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			return false;
		if ((*p == ':' || *p == '#') && (p[1] == ' ' || p[1] == '\0' || *p == '#'))
			return false;
	}
	return true;
}

/* Write a scalar's text for YAML. */
static void
yaml_scalar(const struct node *n, struct sbuf *out)
{
	if (n->text == NULL) {
		sbuf_add(out, "null");
	} else if (!n->quoted || yaml_plain_ok(n->text)) {
		sbuf_add(out, n->text);
	} else {
		json_quote(out, n->text);  /* a JSON string is a valid YAML double-quoted scalar */
	}
}

/* Write a node's YAML at an indent; the caller has written its key. */
static void
yaml_write(const struct node *n, int indent, struct sbuf *out)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct node *c = n->items[i];
		sbuf_addf(out, "%*s", indent, "");
		if (n->kind == NODE_MAP)
			sbuf_addf(out, "%s:", c->key);
		else
			sbuf_add(out, "-");
		if (c->kind == NODE_SCALAR) {
			sbuf_addc(out, ' ');
			yaml_scalar(c, out);
			sbuf_addc(out, '\n');
		} else if (c->n == 0) {
			sbuf_add(out, c->kind == NODE_MAP ? " {}\n" : " []\n");
		} else if (n->kind == NODE_LIST && c->kind == NODE_MAP) {
			/* "- key: value" with the rest of the map under it */
			struct sbuf tmp = SBUF_INIT;
			yaml_write(c, indent + 2, &tmp);
			sbuf_addc(out, ' ');
			sbuf_add(out, sbuf_str(&tmp) + indent + 2);
			sbuf_free(&tmp);
		} else {
			sbuf_addc(out, '\n');
			yaml_write(c, indent + 2, out);
		}
	}
}

/* Write the tree as YAML (block style, strings quoted where needed). */
void
node_write_yaml(const struct node *n, struct sbuf *out)
{
	if (n->kind == NODE_SCALAR) {
		yaml_scalar(n, out);
		sbuf_addc(out, '\n');
		return;
	}
	if (n->n == 0) {
		sbuf_add(out, n->kind == NODE_MAP ? "{}\n" : "[]\n");
		return;
	}
	yaml_write(n, 0, out);
}

/* Whether plain text is a JSON number, true, false or null as written. */
static bool
node_json_bare(const char *s)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 || strcmp(s, "null") == 0)
		return true;
	const char *p = s + (*s == '-');
	if (*p == '\0' || (*p == '0' && p[1] != '\0'))
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Write one node through the JSON writer. */
static void
node_json_item(struct json *j, const struct node *n)
{
	if (n->kind == NODE_SCALAR) {
		if (n->text == NULL)
			json_null(j);
		else if (!n->quoted && node_json_bare(n->text))
			json_raw(j, n->text);
		else
			json_str(j, n->text);
		return;
	}
	if (n->kind == NODE_MAP)
		json_obj(j);
	else
		json_arr(j);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == NODE_MAP)
			json_key(j, n->items[i]->key);
		node_json_item(j, n->items[i]);
	}
	if (n->kind == NODE_MAP)
		json_obj_end(j);
	else
		json_arr_end(j);
}

/* Write the tree as JSON (scalars as given: plain true/false/numbers bare, others strings). */
void
node_write_json(const struct node *n, struct sbuf *out)
{
	struct json j;

	json_init(&j, out);
	node_json_item(&j, n);
}
