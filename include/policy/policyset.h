/* The policies directory as one set: the facts schema, local parameters, target groups and policies.
 *
 *   DIR/facts-schema.yaml   the facts and their questions (required)
 *   DIR/local.yaml          local standards an administrator sets (optional)
 *   DIR/groups.yaml         the target groups (optional)
 *   DIR/ID.yaml             one policy per file; any other *.yaml is a policy too
 *
 * Loading type-checks every expression, resolves policy("..") and group("..") references and
 * refuses cycles among them. Policies are kept in measure order, then by id. */
#ifndef POLICY_POLICYSET_H
#define POLICY_POLICYSET_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/group.h"
#include "policy/policy.h"
#include "policy/factschema.h"
#include "util/diag.h"

/* One file of a set as it was read when the set was loaded. */
struct policyset_file {
	char *name;          /* its name in the directory: "local.yaml", "startup-subsidy.yaml" */
	char *bytes;         /* its contents, len bytes (and a NUL after them) */
	size_t len;
	char hash[65];       /* SHA-256 of the bytes, lowercase hex */
};

/* The files a set was loaded from, for archiving the decisions made under it: every policy file,
 * groups.yaml, local.yaml and facts-schema.yaml (those there are), in name order, and the set's
 * hash over them (policyset_archive_hash). */
struct policyset_archive {
	struct policyset_file *files;
	size_t n;
	char hash[65];
};

struct policyset {
	char *dir;
	struct factschema *schema;
	struct param **locals;
	size_t nlocals;
	struct setting **settings;  /* local settings (local.yaml settings:) */
	size_t nsettings;
	struct group **groups;
	size_t ngroups;
	struct policy **policies;
	size_t npolicies;
	struct policy_env env;      /* what the policy files were loaded against */
	struct policyset_archive *archive;  /* the files as loaded; NULL once a file was added */
};

/* Load a policies directory, reporting every error (one call each). Caller frees *out with
 * policyset_free; *out is NULL unless it returns 0. Returns 0, EX_CONFIG (no such directory or no
 * schema) or EX_DATAERR (some file failed). */
int policyset_load(const char *dir, struct policyset **out, void (*report)(void *arg, const struct diag *d),
    void *arg);
/* policyset_load keeping only the first error, in d. */
int policyset_open(const char *dir, struct policyset **out, struct diag *d);
/* Load one more policy file into a set (as if dropped into its directory) and resolve it.
 * Errors go to report; on error the set is unchanged. On success the set has no archive. */
int policyset_add_file(struct policyset *ps, const char *path, void (*report)(void *arg, const struct diag *d),
    void *arg);
/* Free a set. */
void policyset_free(struct policyset *ps);
/* The policy with an id, or NULL. */
const struct policy *policyset_find(const struct policyset *ps, const char *id);
/* The group with an id, or NULL. */
const struct group *policyset_group(const struct policyset *ps, const char *id);

/* The hash of a set of files: SHA-256 over each file's name, a NUL, its hash (64 lowercase hex
 * digits) and a newline, in the order given (name order, as strcmp sorts), as 64 hex digits. */
void policyset_archive_hash(const struct policyset_file *files, size_t n, char out[65]);
/* Whether a name may be a file of a set: facts-schema.yaml, groups.yaml, local.yaml or NAME.yaml
 * with NAME of lowercase letters, digits and '-' (as a policy id is), at most 64 characters. */
bool policyset_archive_name_ok(const char *name);
/* Free an archive. */
void policyset_archive_free(struct policyset_archive *a);

#endif
