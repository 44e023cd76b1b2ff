/* The facts schema: every fact a facts file may hold, its type, allowed values and question.
 *
 * Read from policies/facts-schema.yaml. Paths are dotted from the root
 * ("person.employment.status"); the fields of a list's items are named
 * under the list ("certificates.level"). Parents come before children. */
#ifndef POLICY_SCHEMA_H
#define POLICY_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* The types of facts and of expression values. */
enum ftype { FT_BOOL, FT_INT, FT_MONEY, FT_DATE, FT_STRING, FT_ENUM, FT_LIST, FT_MAP };

/* One allowed value of an enum fact, with how to say it. */
struct schema_value {
	char *value;
	char *zh, *en;
};

/* One fact. */
struct schema_fact {
	char *path;                      /* "person.education", "certificates.level" */
	const char *name;                /* the last component of path */
	enum ftype type;
	struct schema_value *values;     /* FT_ENUM: the allowed values */
	size_t nvalues;
	bool has_min, has_max;           /* FT_INT, FT_MONEY: bounds (inclusive) */
	int64_t min, max;
	char *zh, *en;                   /* the question to ask for it */
	const struct schema_fact *parent;/* the enclosing map or list; NULL at the top */
	const struct schema_fact *list;  /* the list whose items hold this field, or NULL */
	int line, col;                   /* where it is defined */
};

struct schema;

/* Load a schema file. Caller frees *out with schema_free. 0, EX_NOINPUT or EX_DATAERR. */
int schema_load(const char *path, struct schema **out, struct diag *d);
/* Free a schema. */
void schema_free(struct schema *s);
/* The fact at a path, or NULL. */
const struct schema_fact *schema_find(const struct schema *s, const char *path);
/* The known fact whose path is closest to a misspelt one (for "did you mean"), or NULL. */
const struct schema_fact *schema_suggest(const struct schema *s, const char *path);
/* How many facts there are. */
size_t schema_count(const struct schema *s);
/* The i-th fact in file order. */
const struct schema_fact *schema_at(const struct schema *s, size_t i);
/* The allowed value v of an enum fact, or NULL. */
const struct schema_value *schema_enum_find(const struct schema_fact *f, const char *v);
/* The allowed values of an enum fact as "a, b, c". Caller frees. */
char *schema_enum_list(const struct schema_fact *f);
/* The name of a type as the schema file writes it ("integer", "date" ...). */
const char *schema_type_name(enum ftype t);

#endif
