/* This database's office (issue 17, point 1): jobdesk init --office CODE --office-name NAME
 * --level township|county|city [--parent CODE [--parent-name NAME]]. An office's key is its code
 * (so that two databases' rows of one office are one row); the code is kept in the setting
 * office_code and begins every key made from then on (db_set_office); a database gets its code
 * once. */
#ifndef CORE_OFFICE_H
#define CORE_OFFICE_H

#include <stdbool.h>

#include "util/diag.h"

struct db;

/* What init --office gives, as typed (the name and level in any locale's words). */
struct office_args {
	const char *code;         /* letters and digits, 2 to 12: the division code, e.g. 220102 */
	const char *name;         /* e.g. 朝阳区就业服务中心 */
	const char *level;        /* township, county or city (乡镇, 县区, 市) */
	const char *parent;       /* the office above it, or NULL */
	const char *parent_name;  /* its name when this database does not hold it yet, or NULL */
};

/* Give db its office: the office row (and its parent's when this database does not hold it,
 * named parent_name or else by its code), the setting office_code, new keys beginning with the
 * code, in one transaction. *already is set when the database was that office already (nothing
 * is written). A database of another office is refused (EX_DATAERR, saying what to do); a bad
 * value is EX_DATAERR naming the option. 0, or a code with d set. */
int office_init(struct db *db, const struct office_args *a, bool *already, struct diag *d);

#endif
