/* The facts schema: every fact a facts file may hold, its type, allowed values and question.
 *
 * Read from policies/facts-schema.yaml. Paths are dotted from the root
 * ("person.employment.status"); the fields of a list's items are named
 * under the list ("certificates.level"). Parents come before children. */
#ifndef POLICY_FACTSCHEMA_H
#define POLICY_FACTSCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* The types of facts and of expression values. */
enum ftype { FT_BOOL, FT_INT, FT_MONEY, FT_DATE, FT_STRING, FT_ENUM, FT_LIST, FT_MAP };

/* One allowed value of an enum fact, with how to say it. */
struct factschema_value {
	char *value;
	char *zh, *en;
};

/* One fact. */
struct factschema_fact {
	/* (what reading a fact for a person uses first, in one cache line; texts after) */
	size_t index;                    /* its place in the file (factschema_at) */
	const struct factschema_fact *list;  /* the list whose items hold this field, or NULL */
	enum ftype type;
	bool has_min, has_max;           /* FT_INT, FT_MONEY: bounds (inclusive) */
	struct factschema_value *values;     /* FT_ENUM: the allowed values */
	size_t nvalues;
	char **parts;                    /* the path's components below the root, or below an item of list */
	size_t nparts;
	int64_t min, max;
	char *path;                      /* "person.education", "certificates.level" */
	const char *name;                /* the last component of path */
	char *zh, *en;                   /* the question to ask for it */
	const struct factschema_fact *parent;/* the enclosing map or list; NULL at the top */
	int line, col;                   /* where it is defined */
};

struct factschema;

/* Load a schema file. Caller frees *out with factschema_free. 0, EX_NOINPUT or EX_DATAERR. */
int factschema_load(const char *path, struct factschema **out, struct diag *d);
/* Free a schema. */
void factschema_free(struct factschema *s);
/* The fact at a path, or NULL. */
const struct factschema_fact *factschema_find(const struct factschema *s, const char *path);
/* The known fact whose path is closest to a misspelt one (for "did you mean"), or NULL. */
const struct factschema_fact *factschema_suggest(const struct factschema *s, const char *path);
/* How many facts there are. */
size_t factschema_count(const struct factschema *s);
/* The i-th fact in file order. */
const struct factschema_fact *factschema_at(const struct factschema *s, size_t i);
/* The allowed value v of an enum fact, or NULL. */
const struct factschema_value *factschema_enum_find(const struct factschema_fact *f, const char *v);
/* The allowed values of an enum fact as "a, b, c". Caller frees. */
char *factschema_enum_list(const struct factschema_fact *f);
/* The name of a type as the schema file writes it ("integer", "date" ...). */
const char *factschema_type_name(enum ftype t);

#endif
