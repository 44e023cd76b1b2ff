/* What `jobdesk db check` verifies of the audit (issue 11): the schema as the migrations made
 * it (every table, trigger and index with the SQL they gave it, compared with a database in
 * memory that ran them: core/dbopen.h), the chain of audit rows from its start (each row's
 * hash is SHA-256 of the previous row's hash and its own content: jd_chain), and every live row
 * of an audited table against the row hash its last audit row recorded (jd_row_hash). It writes
 * the chain's head for a supervisor to note down and what the chain cannot prove. One file,
 * one prefix: auditchk.c, auditchk_. */
#ifndef CORE_AUDITCHK_H
#define CORE_AUDITCHK_H

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

/* Check the schema, the chain and the audited rows of db, writing a line per finding (and a
 * line per part that is fine) to report in the locale's language; *found counts the findings.
 * Returns 0, or a sysexits code when the check itself could not run. */
int auditchk_run(struct db *db, struct sbuf *report, int *found, struct diag *d);

#endif
