/* Typed access to the fields of a YAML node tree, with file:line:col messages.
 *
 * Every getter returns 0 or EX_DATAERR with the diag naming the file, the
 * line and column of the offending node and what would be valid. Optional
 * fields that are absent (or null) leave *out untouched and return 0. */
#ifndef POLICY_YFIELD_H
#define POLICY_YFIELD_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/node.h"

/* The file a tree was read from, and where errors go. */
struct yfile {
	const char *name;
	struct diag *d;
};

/* Record "file:line:col: message" (fmt: a message id) for a node (NULL: line 1); EX_DATAERR. */
int yfield_err(const struct yfile *f, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Refuse any key of map not in the NULL-terminated allowed list. */
int yfield_keys(const struct yfile *f, const struct node *map, const char *const *allowed);
/* Require node to be a mapping (what names it in the message: a key, or a phrase marked N_). */
int yfield_is_map(const struct yfile *f, const struct node *n, const char *what);
/* Require node to be a list. */
int yfield_is_list(const struct yfile *f, const struct node *n, const char *what);
/* map[key] as a mapping; NULL when absent and optional. */
int yfield_map(const struct yfile *f, const struct node *map, const char *key, bool required,
    const struct node **out);
/* map[key] as a list; NULL when absent and optional. */
int yfield_list(const struct yfile *f, const struct node *map, const char *key, bool required,
    const struct node **out);
/* A scalar as text; refuses null, mappings, lists and unquoted YAML 1.1 booleans (yes, on ...). */
int yfield_as_str(const struct yfile *f, const struct node *n, const char *what, const char **out);
/* A scalar as a boolean: only plain true or false. */
int yfield_as_bool(const struct yfile *f, const struct node *n, const char *what, bool *out);
/* A scalar as a decimal integer (plain, optional minus, no leading zeros). */
int yfield_as_int(const struct yfile *f, const struct node *n, const char *what, int64_t *out);
/* A scalar as a YYYY-MM-DD date (day number). */
int yfield_as_date(const struct yfile *f, const struct node *n, const char *what, int *out);
/* map[key] as text. */
int yfield_str(const struct yfile *f, const struct node *map, const char *key, bool required,
    const char **out);
/* map[key] as a boolean. */
int yfield_bool(const struct yfile *f, const struct node *map, const char *key, bool required, bool *out);
/* map[key] as an integer. */
int yfield_int(const struct yfile *f, const struct node *map, const char *key, bool required,
    int64_t *out);
/* map[key] as a date. */
int yfield_date(const struct yfile *f, const struct node *map, const char *key, bool required, int *out);
/* map[key] as a {zh: ..., en: ...} pair of texts (both required). */
int yfield_text2(const struct yfile *f, const struct node *map, const char *key, bool required,
    const char **zh, const char **en);

#endif
