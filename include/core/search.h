/* Finding a person: by name or part of it, pinyin initials, ID number or its tail, phone. */
#ifndef CORE_SEARCH_H
#define CORE_SEARCH_H

#include "util/diag.h"
#include "util/sbuf.h"

struct db;

/* Why a query was refused, in diag.reason: a screen reacts to the code, never to the text. */
enum search_reason {
	SEARCH_TOO_SHORT = 1,  /* digits, but fewer than 4: keep typing */
};

/* One hit. */
struct search_hit {
	char *id;
	char *name;
	char *id_number;
	char *phone;
	char *birth_date;
	char *stage;
};

/* Append the index tokens of a person to out (the jd_search_tokens SQL function). */
void search_tokens(const char *name, const char *id_number, const char *phone, struct sbuf *out);
/* Find up to limit persons matching query; *hits is an array the caller frees with search_free. */
int search_run(struct db *db, const char *query, int limit, struct search_hit **hits, int *n,
    struct diag *d);
/* Bring person_fts up to date with person_search inside the open transaction (the pre-commit
 * hook core/dbopen.c gives every connection, so every db_transaction runs it). */
int search_sync(struct db *db, struct diag *d);
/* Free hits from search_run. */
void search_free(struct search_hit *hits, int n);

#endif
