/* A safe YAML reader: one document into a node tree (util/node.h).
 *
 * libyaml 0.2.5 has no nesting limit, is quadratic on deep nesting and does
 * not detect duplicate keys, so this reader caps the file size and the
 * depth, refuses anchors, aliases, tags and duplicate keys, and records
 * every node's line and column (1-based) for messages. Scalars keep their
 * text and whether they were quoted (any non-plain style, including block
 * scalars, counts as quoted); the plain scalars ~, null, Null, NULL and the
 * empty plain scalar become null (text NULL). Typing is the caller's job
 * (policy/yfield.h). */
#ifndef POLICY_YAMLLOAD_H
#define POLICY_YAMLLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/node.h"

#define YAMLLOAD_MAX_BYTES (256 * 1024)
#define YAMLLOAD_MAX_DEPTH 32

/* Read a whole file of at most YAMLLOAD_MAX_BYTES into *buf (NUL-terminated). Caller frees *buf.
 * Returns 0, EX_NOINPUT (missing or unreadable) or EX_DATAERR (too large). */
int yamlload_read(const char *path, char **buf, size_t *len, struct diag *d);
/* Parse one YAML document from buf; name is used in messages. Caller frees *out with node_free.
 * Returns 0 or EX_DATAERR with "name:line:col: what is wrong". */
int yamlload_buf(const char *name, const char *buf, size_t len, struct node **out, struct diag *d);
/* yamlload_read then yamlload_buf. Caller frees *out. */
int yamlload_file(const char *path, struct node **out, struct diag *d);
/* Whether text is a YAML 1.1 boolean word (y, n, yes, no, on, off, true, false in any usual case). */
bool yamlload_v11_bool(const char *text);

#endif
