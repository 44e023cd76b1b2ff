/* The facts tree of a person, built from the case database (CONTRACT.md section 3). */
#ifndef CORE_FACTS_H
#define CORE_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/eval.h"
#include "policy/factschema.h"
#include "util/diag.h"
#include "util/node.h"

struct db;
struct facts_iter;
struct facts_batch;

/* Build the facts of one person (KEY: person id or 18-digit ID number). Caller frees *out. */
int facts_person(struct db *db, const char *key, struct node **out, struct diag *d);
/* The queries of policy eval --all, each in person order, merged by person id. */
enum facts_query { FACTS_Q_PERSON, FACTS_Q_INSURANCE, FACTS_Q_ENROLLMENT, FACTS_Q_CERTIFICATE,
	FACTS_Q_DECISION };
/* The SQL of one query of policy eval --all over every person (no office scope), as
 * facts_iter_new runs it (for the benchmark's plain reader). Caller frees. */
char *facts_sql(enum facts_query q);
/* Start reading every person's facts in person order, with a few set-based queries. */
struct facts_iter *facts_iter_new(struct db *db);
/* The next person's facts and id, both valid until the next call (the tree lives in the
 * iteration's arena: node_free of it does nothing); NULL at the end. */
struct node *facts_iter_next(struct facts_iter *it, const char **person_id);
/* How many persons facts_iter_new's iteration reads ahead of the caller (64; at least 1),
 * before its first facts_iter_next. */
void facts_iter_set_batch(struct facts_iter *it, size_t n);
/* A new empty batch for facts_iter_fill. Free with facts_batch_free. */
struct facts_batch *facts_batch_new(void);
/* Free a batch and the trees in it. */
void facts_batch_free(struct facts_batch *b);
/* Read the next persons of facts_iter_new's iteration into b, up to the batch size, forgetting
 * what b held: how many (0 at the end, or on a failure: facts_iter_status). Never mixed with
 * facts_iter_next; one thread at a time, the only one using the database meanwhile. The trees
 * live in b's arena until b is filled again or freed. */
size_t facts_iter_fill(struct facts_iter *it, struct facts_batch *b);
/* Person i (below what facts_iter_fill read) of a batch: its tree, and its id in *person_id. */
struct node *facts_batch_person(const struct facts_batch *b, size_t i, const char **person_id);
/* The given texts of person i of a batch (facts_iter_give's n of them), or NULL when none is
 * given: what eval_given.text is to be while that person is evaluated. */
const char **facts_batch_given(const struct facts_batch *b, size_t i);
/* From the next person on, give the person's, household's and insurance's facts of schema as
 * text beside the tree (read as the tree's would be) instead of in it; valid until the next call.
 * Every person's iteration: before its first facts_iter_next, else NULL (none given). */
const struct eval_given *facts_iter_give(struct facts_iter *it, const struct factschema *schema);
/* 0 when the iteration ended because every person was read, else a diag of the failure. */
int facts_iter_status(struct facts_iter *it, struct diag *d);
/* Finish an iteration. */
void facts_iter_free(struct facts_iter *it);
/* The row key behind a subject such as "certificates[0]" of a person, as the facts list it.
 * Caller frees *key. EX_DATAERR when the person has no such item. */
int facts_subject_key(struct db *db, const char *person_id, const char *subject, char **key,
    struct diag *d);
/* An enrollment or certificate in words, from its row key: "training from 2017-11-01, 长春职业
 *技能学校" or "level 3 certificate of 2019-05-01, electrician", rendered through the catalogue.
 * Caller frees *out. EX_DATAERR when there is no such row. */
int facts_row_describe(struct db *db, const char *row_key, char **out, struct diag *d);
/* A subject such as "trainings[0]" of a person in words (facts_subject_key, then
 * facts_row_describe). Caller frees *out. */
int facts_subject_describe(struct db *db, const char *person_id, const char *subject,
    char **out, struct diag *d);

/* A fact path of a person in words, for people: the fact's label ("graduation date"), and for
 * a list item's fact the item in words too ("end date of the internship from 2018-01-01", as
 * facts_subject_describe says it; the label alone when db or person_id is NULL or the person
 * has no such item). A fact jobdesk does not keep: fallback (the schema's words), or the path
 * when fallback is NULL. Never the path of a kept fact. Caller frees. */
char *facts_path_words(struct db *db, const char *person_id, const char *path,
    const char *fallback);
/* Whether facts_answer can set a fact path ("person.education", "trainings[0].class_hours");
 * hint gets what a valid answer is made of ("rural|urban", "yes|no"), or "" when any value of
 * the fact's type does. */
bool facts_answerable(const char *path, char *hint, size_t len);
/* Check an answer to a fact path without writing it: 0, or EX_DATAERR naming the path and what
 * would be valid. */
int facts_check(const char *path, const char *value, struct diag *d);
/* Answer a fact of a person (KEY: person id or ID number) as typed: checked as facts_check does,
 * then written to the row that holds it (the person, household, insurance, enrollment or
 * certificate) with its audit in one transaction, the stage set again. 0, or a sysexits code
 * with d naming the path and what would be valid. */
int facts_answer(struct db *db, const char *key, const char *path, const char *value,
    struct diag *d);

#endif
