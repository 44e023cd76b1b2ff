/* A small document tree (maps, lists, scalars): the facts about one person.
 *
 * The YAML facts reader and core/facts.c both build it; the policy evaluator
 * reads it by path; node_write_yaml prints it as a facts file. Scalars are
 * kept as text, with whether they were quoted, and typed by the reader
 * (the facts schema), not here. */
#ifndef UTIL_NODE_H
#define UTIL_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

enum node_kind { NODE_SCALAR, NODE_MAP, NODE_LIST };

/* Memory that trees built one after another reuse (policy eval --all: a tree per person): a
 * node made in an arena, its key, text and child list live there until node_arena_reset. */
struct node_arena;

struct node {
	enum node_kind kind;
	char *key;            /* the key within the parent map, else NULL */
	char *text;           /* scalar text; NULL scalar is YAML null */
	bool quoted;          /* scalar was quoted: a string, never a number or bool */
	int line, col;        /* where it was read (1-based), 0 when built */
	struct node **items;  /* children of a map or list, in order */
	size_t n, cap;
	struct node_arena *arena;  /* the arena it was made in, or NULL (its own allocations) */
};

/* A new empty arena. Free with node_arena_free. */
struct node_arena *node_arena_new(void);
/* Forget every node made in the arena, keeping its memory for the next tree. */
void node_arena_reset(struct node_arena *a);
/* Free an arena and every node made in it (NULL is fine). */
void node_arena_free(struct node_arena *a);
/* n bytes of an arena, aligned for any object, forgotten at its reset. */
void *node_arena_alloc(struct node_arena *a, size_t n);
/* A copy of s (NULL stays NULL) in an arena, forgotten at its reset. */
char *node_arena_strdup(struct node_arena *a, const char *s);
/* A new empty map in an arena (NULL: on its own, freed with node_free). A tree is built in one
 * arena or none: node_add and the node_set_* and node_child_* calls make what they add where the
 * parent was made, and node_free of a node made in an arena does nothing. A key given to a map
 * of an arena is kept as given, not copied: it must outlive the tree (a string constant). */
struct node *node_new_map_in(struct node_arena *a);
/* A new scalar in an arena (NULL: on its own), text copied there (NULL text is YAML null). */
struct node *node_new_scalar_in(struct node_arena *a, const char *text, bool quoted);
/* A new empty map. Caller frees with node_free. */
struct node *node_new_map(void);
/* A new empty list. */
struct node *node_new_list(void);
/* A new scalar (text may be NULL for null). */
struct node *node_new_scalar(const char *text, bool quoted);
/* Free a node and everything under it. */
void node_free(struct node *n);
/* Append child to a list, or to a map under key (which must not be there yet). Returns child. */
struct node *node_add(struct node *parent, const char *key, struct node *child);
/* node_add without looking for the key (linear in the map's size): for a caller that knows the
 * key is new (policy/yamlload.c keeps its own index). Returns child. */
struct node *node_append(struct node *parent, const char *key, struct node *child);
/* The child of a map under key, or NULL. */
struct node *node_get(const struct node *map, const char *key);
/* Follow a dotted path ("person.employment.status", "certificates.0.level"); NULL if absent. */
struct node *node_path(const struct node *root, const char *path);
/* Set map[key] to a string scalar (quoted); NULL text sets nothing. Returns the scalar or NULL. */
struct node *node_set_str(struct node *map, const char *key, const char *text);
/* Set map[key] to a plain scalar (a number, date, enum or bool as text). */
struct node *node_set_plain(struct node *map, const char *key, const char *text);
/* Set map[key] to an integer. */
struct node *node_set_int(struct node *map, const char *key, int64_t v);
/* Set map[key] to true or false. */
struct node *node_set_bool(struct node *map, const char *key, bool v);
/* Get map[key], creating an empty map there if absent. */
struct node *node_child_map(struct node *map, const char *key);
/* Get map[key], creating an empty list there if absent. */
struct node *node_child_list(struct node *map, const char *key);
/* Write the tree as YAML (block style, strings quoted where needed). */
void node_write_yaml(const struct node *n, struct sbuf *out);
/* Write the tree as JSON (scalars as given: plain true/false/numbers bare, others strings). */
void node_write_json(const struct node *n, struct sbuf *out);

#endif
