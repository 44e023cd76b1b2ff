/* A printable notice of one decision on a benefit: what it says (gathered from the decision, the
 * person, the office and the policy), its short number that can be read aloud, and the notice
 * as plain text (80 columns) or as one self-contained HTML page for A4. */
#ifndef CORE_NOTICE_H
#define CORE_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/sbuf.h"

struct db;
struct policyset;

/* The characters of a short number: "XXXX-XXXX" and the terminator. */
#define NOTICE_NUMBER_LEN 10

/* One reason as the decision recorded it, in the interface language. */
struct notice_reason {
	char *text;
	int held;        /* 1 held, 0 did not, -1 not known */
};

/* What a notice says. Every text is as stored (untrusted): the renderers escape it. */
struct notice {
	char *decision_id;
	char number[NOTICE_NUMBER_LEN];  /* the short number ("7K3M-Q9TX") */
	char *name, *id_number;
	char *person_id;      /* the decision's person */
	char *office;         /* the office's name, or NULL when none is set */
	char *counselor;      /* who proposed it: the user's display name, else the login */
	char *reviewer;       /* who approved or rejected it, or NULL */
	char *title;          /* the policy's title in the interface language, or NULL (not loaded) */
	char *measure;        /* the measure's number in Chinese numerals ("八"), or NULL */
	char *measure_text;   /* the measure's text as the policy quotes it, or NULL */
	char *also;           /* other measures quoted beside it ("(十二) text\n..."), or NULL */
	char *item;           /* the item in words, or NULL for a decision about the person */
	bool item_gone;       /* the decision is about an item no longer on record */
	bool has_amount;
	int64_t amount_fen;
	char *payee;          /* who is paid: the person's name or the host unit's; NULL when no money */
	bool payee_host;      /* paid to the host unit (CONTRACT s.2: internship-subsidy) */
	char *decided_on;     /* YYYY-MM-DD */
	char *status;         /* the stored status: proposed | approved | rejected | revoked */
	struct notice_reason *reasons;
	size_t nreasons;
};

/* The short number of a decision id: the last 8 characters of its key's random part, in two
 * groups of 4 ("7K3M-Q9TX"); a character that is not a letter or digit (an id not made by
 * db_new_key) becomes 0, so that the number can name a file. */
void notice_number(const char *decision_id, char out[NOTICE_NUMBER_LEN]);
/* Read a short number as typed (any case, with or without '-' or spaces, full-width forms; O
 * read as 0, I and L as 1) into the 8 characters it stands for: true, or false when it is not
 * one. */
bool notice_number_parse(const char *text, char out[9]);
/* The decision id a key names: the full id, or its short number when exactly one decision has
 * it. Caller frees *id. EX_DATAERR naming the key when there is none, or when the short number
 * is not unique (then the ids are listed). */
int notice_resolve(struct db *db, const char *key, char **id, struct diag *d);
/* The newest decision on one benefit of a person (policy id; subject as "trainings[0]" or NULL
 * for the person), a live one before a rejected or revoked one: its id in *id (caller frees),
 * or *id NULL when there is none. 0 or a sysexits code. */
int notice_decision_for(struct db *db, const char *person_id, const char *policy_id,
    const char *subject, char **id, struct diag *d);
/* The status of a decision in words: awaiting approval, approved, rejected, revoked. Never
 * "paid": a proposal is awaiting approval until someone approves it. */
const char *notice_status(const char *status);
/* Gather the notice of a decision (its full id; ps may be NULL when the policies could not be
 * loaded). Free with notice_clear. 0, or EX_DATAERR naming the decision when there is none. */
int notice_load(struct db *db, const struct policyset *ps, const char *decision_id,
    struct notice *n, struct diag *d);
/* The notice is about to be shown or printed with the person's full ID number: for the roles
 * that may see it (core/role.c) the showing is recorded; otherwise id_number is masked. 0, or the
 * code of a refusal (the notice then goes out masked, not refused). */
int notice_show_id(struct db *db, struct notice *n, struct diag *d);
/* Free what a notice holds. */
void notice_clear(struct notice *n);
/* Append the notice as plain text of at most 80 columns (display widths). */
void notice_text(const struct notice *n, struct sbuf *out);
/* Append the notice as one self-contained HTML page (UTF-8, no external resources, every stored
 * text escaped, a print stylesheet for A4). */
void notice_html(const struct notice *n, struct sbuf *out);

#endif
