/* The supervisor's figures (issue 16): open cases by counselor and stage, follow-ups overdue
 * and cases not contacted, registrations and exits to a job by week, decisions and money by
 * policy and month, payments, pending approvals. One implementation for the command line
 * (`jobdesk report`) and the screens: each report is a table of stored values (codes, fen,
 * dates) with its columns described, read by one or two statements that each stay on an index
 * (report_sql gives their text, for the query-plan test and the benchmark). Core never draws:
 * the caller says the values in words (the column's kind says how). */
#ifndef CORE_REPORT_H
#define CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/rows.h"
#include "util/sbuf.h"

struct db;
struct policyset;

enum report_kind {
	REPORT_CASELOAD,   /* open cases: counselor x stage */
	REPORT_FOLLOWUPS,  /* by counselor: follow-ups overdue, open cases not contacted in 30 days */
	REPORT_WEEKLY,     /* by week: registrations, exits to a job */
	REPORT_DECISIONS,  /* by month and policy: decisions of each status */
	REPORT_MONEY,      /* by month and policy: yuan proposed, approved (or paid), paid */
	REPORT_PAYMENTS,   /* each payment: paid on, person, ID number, policy, amount, decision */
	REPORT_PENDING,    /* the decisions awaiting approval, oldest first */
	REPORT_NKINDS
};

/* How a column's stored value is said. */
enum report_col_kind {
	REPORT_TEXT,      /* as stored (a name, a date, a login; NULL: none) */
	REPORT_COUNT,     /* an integer */
	REPORT_FEN,       /* money in fen, said in yuan */
	REPORT_POLICY,    /* a policy id, said by its title */
	REPORT_IDNUMBER,  /* an ID number (masked on a terminal) */
	REPORT_DECISION,  /* a decision id, said by its short number */
	REPORT_LABEL,     /* an enumeration value (label_value) */
};

/* One column: its JSON key, its heading (a message id, for tr()), its kind. */
struct report_col {
	const char *key, *head;
	enum report_col_kind kind;
};

/* What a report covers: an office's cases (its code; NULL: every case), a range of dates (for
 * the reports by date; NULL: open-ended) and today (for overdue and not contacted). */
struct report_filter {
	const char *office;
	const char *from, *to;  /* YYYY-MM-DD */
	int today;              /* days since 1970-01-01 */
};

/* A report read: its columns and rows (stored values). */
struct report {
	enum report_kind kind;
	int ncol;
	const struct report_col *cols;
	struct rows rows;
};

/* The kind named (caseload, followups, weekly, decisions, money, payments, pending), or -1. */
int report_kind_parse(const char *name);
/* The names of the kinds, '|'-separated. */
const char *report_kind_names(void);
/* Read a report: 0, or a sysexits code (EX_DATAERR: no office with that code). */
int report_run(struct db *db, enum report_kind kind, const struct report_filter *f,
    struct report *out, struct diag *d);
/* A cell in words into buf (or the stored text): a policy by its title in the interface's
 * language (its id when ps is NULL or does not hold it), money in yuan, a decision by its short
 * number, an ID number masked when masked says so. */
const char *report_word(const struct policyset *ps, enum report_col_kind kind, const char *v,
    bool masked, char *buf, size_t len);
/* One count of a report: the report, the statement that counted it (the second figure of a
 * report of two: part 1), its row's key (a counselor, a week's Monday, a month), a second key
 * (the money's benefit) and its column (the money's: 2 awaiting approval, 3 approved, 4 paid). */
struct report_cell {
	enum report_kind kind;
	int part;
	const char *key, *key2;
	int column;
};

/* The cases behind a count: id, name, ID number, stage, counselor. */
enum { RC_ID, RC_NAME, RC_ID_NUMBER, RC_STAGE, RC_COUNSELOR, RC_NCOL };

/* The cases behind one count (follow-ups overdue or not contacted by counselor, registrations
 * or exits to a job of a week, a benefit's money of a month in one column), at most limit, by
 * name, into out (RC_* columns): the same conditions as the count's statement. 0, or a sysexits
 * code with d set. */
int report_cases(struct db *db, const struct report_filter *f, const struct report_cell *c,
    int limit, struct rows *out, struct diag *d);
/* Free a report's rows. */
void report_free(struct report *r);
/* How many statements a report runs. */
int report_nparts(enum report_kind kind);
/* Append the text of a report's statement part (0..report_nparts-1), with an office or not:
 * parameters ?1 the office code, ?2 from, ?3 to, ?4 today, ?5 thirty days before today (all
 * YYYY-MM-DD); what report_run runs, for a benchmark to run the same text elsewhere. */
void report_sql(enum report_kind kind, int part, bool office, struct sbuf *sql);
/* The query plan of a part (EXPLAIN QUERY PLAN), one step a line, into out. */
int report_explain(struct db *db, enum report_kind kind, int part, bool office, struct sbuf *out,
    struct diag *d);

#endif
