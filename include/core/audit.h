/* The audit trail as people read it (jobdesk audit, the person screen's history): its rows
 * chosen by person, user and dates, newest first, a page at a time. The chain itself (writing
 * and checking it) is the triggers' and db check's; this module reads it, and writes the one
 * kind of row no trigger writes: an event (audit_event: a full ID number shown, a walk-in). */
#ifndef CORE_AUDIT_H
#define CORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/rows.h"

struct db;

/* Audit rows: the sequence number, when (UTC, "2018-03-01T04:38:41.556Z"), who, as whom (NULL
 * unless the owner acted as someone else), the table (NULL for an event), the row's key, the
 * operation, before and after (JSON text, either NULL), the row's hash and the chain's hash
 * (lowercase hex, either NULL), when again as Unix milliseconds, and before and after as JSON
 * values for output (the object; a JSON string when the text is not JSON; null). */
enum { AU_SEQ, AU_AT, AU_ACTOR, AU_ACTING_AS, AU_TABLE, AU_KEY, AU_OP, AU_BEFORE, AU_AFTER,
	AU_ROW_HASH, AU_HASH, AU_AT_MS, AU_BEFORE_JSON, AU_AFTER_JSON, AU_NCOL };

/* Which rows to read; zero for "any". */
struct audit_filter {
	const char *person_id;   /* a person's id: their rows and their records' rows */
	const char *user;        /* a login: the rows it wrote, or wrote acting as it */
	int from, to;            /* day numbers (util/date.h), local dates, both included */
	long long older_than;    /* only rows whose seq is below this (the next page) */
	int limit;               /* at most this many rows (0: 100) */
	bool changes_only;       /* leave out the chain's own rows (its start and baselines) */
};

/* The audit rows the filter chooses, newest (highest seq) first, into out (AU_* columns);
 * *more (when not NULL) says whether older rows beyond the limit are chosen too. 0, or a
 * sysexits code with d set. */
int audit_query(struct db *db, const struct audit_filter *f, struct rows *out, bool *more,
    struct diag *d);
/* The person an audit row concerns, by its table and row key: the person's row itself, the
 * person of one of their records, or, for a removed record, the person its before names.
 * Sets *person_id and *name (caller frees; both NULL when the row concerns no one, such as a
 * user account or the chain's start). 0, or a sysexits code with d set. */
int audit_whose(struct db *db, const char *tbl, const char *row_key, const char *before,
    char **person_id, char **name, struct diag *d);
/* Append one chained audit row that no trigger writes, inside the open transaction (actor
 * NULL: the connection's; tbl NULL or the table the row concerns; op a name of audit_code). */
int audit_append(struct db *db, const char *actor, const char *tbl, const char *row_key,
    const char *op, const char *after, struct diag *d);
/* Record an event in the audit chain: op (one the audit's CHECK allows: 'view_id', 'login',
 * 'lockout', 'export', 'print', 'sync_import'), the row it concerns (a person's id, or NULL),
 * after (JSON text, or NULL); no table, no before. Inside the caller's transaction when one is
 * open, else in one of its own. 0, or a sysexits code with d set. */
int audit_event(struct db *db, const char *op, const char *row_key, const char *after,
    struct diag *d);
/* The operation of an audit row in words, translated ("added", "signed in"); for a row of the
 * old trail ('legacy') the operation its before and after show (added, changed or removed);
 * "unknown operation" for one jobdesk does not write. */
const char *audit_op_label(const char *op, const char *before, const char *after);
/* The operation a row of the old trail was, by its before and after: "insert", "update" or
 * "delete"; other operations are returned as they are. */
const char *audit_op_of(const char *op, const char *before, const char *after);

/* The bytes of a packed row key (schema step 18): a key as jd_new_key makes it (6 digits, '-',
 * 20 characters of Crockford's base 32, upper case) as one 120-bit big-endian number. */
#define AUDIT_KEY_PACKED 15
/* The text of a row key as the audit stores it: len bytes of text packed into out (returns
 * true) when it has jd_new_key's exact form, else false (the key stays the text it is). */
bool audit_key_pack(const char *text, size_t len, unsigned char out[AUDIT_KEY_PACKED]);
/* The text (27 characters and a NUL) of a packed row key. */
void audit_key_unpack(const unsigned char in[AUDIT_KEY_PACKED], char out[28]);

#endif
