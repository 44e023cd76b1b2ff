/* Reading the decisions on benefits: one query over decision and person, each item of a list
 * (an enrollment or certificate) said in words by facts_row_describe. */
#include "core/decision.h"

#include <stdlib.h>

#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"

/* The decisions, newest first, of one status and one person when those are given. */
int
decision_list(struct db *db, const char *status, const char *person_key, struct rows *out,
    struct diag *d)
{
	const char *cells[DL_NCOL];
	char *pid = NULL;
	int ret;

	rows_init(out, DL_NCOL);
	if (person_key != NULL && (ret = person_resolve(db, person_key, &pid, d)) != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, "SELECT d.id, d.decided_on, d.person_id, p.name, "
	    "p.id_number, d.policy_id, d.subject, d.subject_key, d.outcome, d.amount_fen, d.status, "
	    "d.counselor, d.approved_by, d.policy_hash, d.created_at FROM decision d "
	    "JOIN person p ON p.id = d.person_id WHERE (?1 IS NULL OR d.status = ?1) AND "
	    "(?2 IS NULL OR d.person_id = ?2) ORDER BY d.decided_on DESC, d.created_at DESC, d.id DESC");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, pid);
	while ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		char *item = NULL;
		struct diag ignored = DIAG_INIT;
		for (int j = 0; j < DL_ITEM; j++)
			cells[j] = db_col_text(st, j);
		/* an item removed since is said as none, not as a failure of the list */
		if (cells[DL_SUBJECT_KEY] != NULL)
			facts_row_describe(db, cells[DL_SUBJECT_KEY], &item, &ignored);
		cells[DL_ITEM] = item;
		rows_add(out, cells);
		free(item);
	}
	db_finalize(st);
	free(pid);
	return ret;
}
