/* Bulk registration from a CSV file, and the whole caseload out to one.
 *
 * The columns are the person field names (person_fields, without the case id) or their labels
 * in English or Chinese, in any order; name and id_number are required. Values are the stored
 * codes or their labels. An import checks every row before it writes any, and
 * writes in one transaction, so a bad file or a power cut leaves nothing half-written. */
#ifndef CORE_TRANSFER_H
#define CORE_TRANSFER_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

/* How many bad rows, and how many likely-duplicate warnings, a report spells out. */
enum { TRANSFER_LIST_MAX = 20 };

/* What an import is doing, for a progress display. */
enum transfer_phase {
	TRANSFER_VALIDATING,  /* done and total: bytes of the file read */
	TRANSFER_WRITING,     /* done and total: persons written of the good rows */
	TRANSFER_INDEXING,    /* bringing the search index up to date before the commit */
	TRANSFER_DONE,        /* finished, successfully or not */
};

/* Called every few hundred rows and at each change of phase; model code never draws. */
typedef void transfer_progress_fn(void *arg, enum transfer_phase phase, long long done,
    long long total);

/* How to import. */
struct transfer_opts {
	bool dry_run;                    /* check and report, write nothing */
	bool skip_bad;                   /* write the good rows even when some are bad */
	transfer_progress_fn *progress;  /* NULL for none */
	void *progress_arg;
};

/* What an import found. Start from { 0 }; free with transfer_report_free. */
struct transfer_report {
	long rows;             /* data rows read (blank lines are not rows) */
	long bad;              /* rows that failed a check */
	long imported;         /* persons written */
	struct sbuf problems;  /* the first TRANSFER_LIST_MAX bad rows: "FILE:LINE: FIELD: why\n" */
	long warnings;         /* likely duplicates (same name and birth date, other ID number) */
	struct sbuf warned;    /* the first TRANSFER_LIST_MAX of them: "FILE:LINE: ...\n" */
};

/* Import the persons of a CSV file. 0 when written (with skip_bad, the good rows), or on a
 * clean dry run; EX_DATAERR (d says how many rows were bad, r lists them) when a row is bad
 * and skip_bad is not set, or when the header is wrong; EX_NOINPUT when the file cannot be
 * read; another sysexits code for a database failure. Nothing is written unless it returns 0. */
int transfer_import(struct db *db, const char *path, const struct transfer_opts *o,
    struct transfer_report *r, struct diag *d);
/* Free what a report holds (not the struct). */
void transfer_report_free(struct transfer_report *r);
/* Write every person, ordered by case id, as CSV (CRLF lines; ID numbers and phones behind a
 * tab; a cell that looks like a formula behind a '): the field names and stored values (codes,
 * flags true/false), or with labels the headers and values in the interface's language (姓名,
 * 农业户口, 是/否) after a UTF-8 byte order mark, for WPS and Excel. Only the persons: their
 * progress, certificates, notes, decisions and audit trail are not in the file. Written to a
 * new 0600 PATH.partial-XXXXXXXX (util/outfile.h) and renamed over path. *count gets the number
 * of persons. 0, EX_CANTCREAT when the file cannot be created, EX_IOERR when it cannot be written. */
int transfer_export(struct db *db, const char *path, bool labels, long *count, struct diag *d);

#endif
