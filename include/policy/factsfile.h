/* Facts files (CONTRACT.md section 3): read, check against the schema, fill in from the ID number. */
#ifndef POLICY_FACTSFILE_H
#define POLICY_FACTSFILE_H

#include "policy/factschema.h"
#include "policy/yfield.h"
#include "util/diag.h"
#include "util/node.h"

/* Check a facts tree against the schema: unknown keys, types, enum values, bounds.
 * An absent or null fact is fine (unknown). 0 or EX_DATAERR naming file:line:col. */
int factsfile_check(const struct factschema *s, const struct yfile *yf, const struct node *root);
/* Fill person.birth_date and sex from person.id_number where they are absent (never hukou_province).
 * An invalid ID number is EX_DATAERR. today is the day number the ID is checked against. */
int factsfile_derive(const struct yfile *yf, struct node *root, int today);
/* Read a facts file, check it and derive from the ID number. Caller frees *out.
 * 0, EX_NOINPUT (missing) or EX_DATAERR. */
int factsfile_read(const struct factschema *s, const char *path, int today, struct node **out, struct diag *d);

#endif
