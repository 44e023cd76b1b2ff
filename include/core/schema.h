/* The schema steps (migrations/NNNN_name.sql, embedded at build time) and applying them. */
#ifndef CORE_SCHEMA_H
#define CORE_SCHEMA_H

#include "util/diag.h"

struct db;

struct schema_step {
	int version;       /* NNNN of the file name: PRAGMA user_version after it */
	const char *name;  /* the file name */
	const char *sql;
};

extern const struct schema_step schema_steps[];
extern const int schema_nsteps;

/* The schema version this binary knows. */
int schema_latest(void);
/* The database's PRAGMA user_version. */
int schema_version(struct db *db);
/* Apply every missing step, each in its own transaction; refuse a newer database. */
int schema_migrate(struct db *db, struct diag *d);

#endif
