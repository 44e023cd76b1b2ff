/* Reading the decisions on benefits: one query over decision and person, each item of a list
 * (an enrollment or certificate) said in words by facts_row_describe. */
#include "core/decision.h"

#include <stdlib.h>

#include "core/db.h"
#include "core/role.h"
#include "core/facts.h"
#include "core/person.h"
#include "util/idnum.h"
#include "util/sbuf.h"

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
	/* a fixed condition for each filter given, so that one person's decisions are read through
	 * decision_person and one status's through decision_status, not by reading them all */
	struct sbuf sql = SBUF_INIT;
	sbuf_add(&sql, "SELECT d.id, d.decided_on, d.person_id, p.name, p.id_number, d.policy_id, "
	    "d.subject, d.subject_key, d.outcome, d.amount_fen, d.status, d.counselor, d.approved_by, "
	    "d.policy_hash, d.created_at FROM decision d JOIN person p ON p.id = d.person_id "
	    "WHERE 1 ");
	if (status != NULL)
		sbuf_add(&sql, "AND d.status = ?1 ");
	if (pid != NULL)
		sbuf_add(&sql, "AND d.person_id = ?2 ");
	sbuf_add(&sql, "ORDER BY d.decided_on DESC, d.created_at DESC, d.id DESC");
	struct db_stmt *st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, pid);
	while ((ret = db_step(st, "reading the decisions", d)) == DB_ROW) {
		char *item = NULL;
		struct diag ignored = DIAG_INIT;
		char masked[19];
		for (int j = 0; j < DL_ITEM; j++)
			cells[j] = db_col_text(st, j);
		if (!role_whole_ids(db) && cells[DL_ID_NUMBER] != NULL) {
			idnum_mask(cells[DL_ID_NUMBER], masked);   /* a list, for a role that may not copy */
			cells[DL_ID_NUMBER] = masked;
		}
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
