/* The facts tree of a person, built from the case database (CONTRACT.md section 3).
 *
 * One person or all of them go through the same code: four queries in person order
 * (persons, enrollments, certificates, decisions) merged by person id. A grant of one item
 * (a certificate, a training) is stored with the item's row key, and the facts name it by
 * where the item stands now ("certificates[2]"), so adding an older item shifts nothing.
 * A failed step of any of the four queries ends the iteration; facts_iter_status gives its diag. */
#include "core/facts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/person.h"
#include "util/xalloc.h"

/* A list item's row key and where it stands in the facts. */
struct facts_item {
	char *key;
	char subject[48];
};

struct facts_iter {
	struct db_stmt *person, *enrollment, *certificate, *decision;
	int erc, crc, drc;          /* last db_step result of each child query */
	char *id;                   /* the current person's id */
	int err;                    /* the code of a step that failed, or 0 */
	struct diag diag;           /* the first step that failed */
	bool failed;                /* diag holds it */
	struct facts_item *items;   /* the current person's list items */
	size_t nitems, capitems;
};

/* Enrollment columns. */
enum { E_PERSON, E_ID, E_KIND, E_START, E_END, E_STATUS, E_TRAINING_KIND, E_CLASS_HOURS, E_UNIT,
	E_STARTUP_KIND, E_FIRST_TIME, E_LICENSE_DATE, E_OPERATING, E_SOCIAL_INSURANCE, E_PROGRAM,
	E_ASSESSED_PASS };

static const char enrollment_sql[] =
    "SELECT person_id, id, kind, start_date, end_date, status, training_kind, class_hours, "
    "coalesce(unit_name, (SELECT name FROM unit WHERE unit.id = enrollment.unit_id)), "
    "startup_kind, first_time, license_date, operating, social_insurance, program, assessed_pass "
    "FROM enrollment ";
static const char certificate_sql[] =
    "SELECT person_id, id, level, issued_on, occupation FROM certificate ";
static const char decision_sql[] =
    "SELECT person_id, policy_id, decided_on, subject, subject_key FROM decision "
    "WHERE status IN ('proposed', 'approved') AND outcome = 'eligible' ";

/* Prepare base + tail (a fixed clause) as one statement. */
static struct db_stmt *
facts_prepare(struct db *db, const char *base, const char *tail)
{
	char *sql = xasprintf("%s%s", base, tail);
	struct db_stmt *st = db_prepare(db, sql);

	free(sql);
	return st;
}

/* Set a flag fact from a column, leaving it out when NULL (unknown). */
static void
facts_flag(struct node *map, const char *key, struct db_stmt *st, int col)
{
	int v = db_col_flag(st, col);

	if (v >= 0)
		node_add(map, key, node_new_scalar(v ? "true" : "false", false));
}

/* Set a plain fact (enum, date, number) from a column, leaving it out when NULL. */
static void
facts_plain(struct node *map, const char *key, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);

	if (v != NULL)
		node_add(map, key, node_new_scalar(v, false));
}

/* Add the person, household and insurance parts straight from a row of person_select_sql
 * (columns in person_fields order); unknown (NULL) columns are left out. */
static void
facts_person_part(struct node *root, struct db_stmt *st)
{
	struct node *pm = node_add(root, "person", node_new_map());
	struct node *hm = node_add(root, "household", node_new_map());
	struct node *im = node_add(root, "insurance", node_new_map());
	struct node *em = NULL;

	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		const struct person_field *pf = &person_fields[f];
		const char *v = db_col_text(st, f);
		struct node *map = pf->table == PT_HOUSEHOLD ? hm : pf->table == PT_INSURANCE ? im : pm;
		/* the facts file has no phone, counselor, stage or follow-up: they decide nothing */
		if (v == NULL || f == PF_PHONE || f == PF_COUNSELOR || f == PF_STAGE ||
		    f == PF_NEXT_FOLLOWUP)
			continue;
		if (f == PF_EMPLOYMENT_STATUS || f == PF_EMPLOYER_KIND) {
			if (em == NULL)
				em = node_add(pm, "employment", node_new_map());
			node_add(em, f == PF_EMPLOYMENT_STATUS ? "status" : "employer_kind",
			    node_new_scalar(v, false));
		} else if (pf->kind == PK_FLAG) {
			node_add(map, pf->name, node_new_scalar(strcmp(v, "1") == 0 ? "true" : "false",
			    false));
		} else {
			node_add(map, pf->name, node_new_scalar(v, pf->kind == PK_NAME ||
			    pf->kind == PK_IDNUM || pf->kind == PK_PROVINCE || pf->kind == PK_TEXT));
		}
	}
}

/* Append m to root's list, remembering that the row key stands there. */
static void
facts_item_add(struct facts_iter *it, struct node *root, const char *list, const char *key,
    struct node *m)
{
	struct node *l = node_child_list(root, list);

	node_add(l, NULL, m);
	if (it->nitems == it->capitems) {
		it->capitems = it->capitems ? it->capitems * 2 : 16;
		it->items = xreallocarray(it->items, it->capitems, sizeof *it->items);
	}
	struct facts_item *fi = &it->items[it->nitems++];
	fi->key = xstrdup(key);
	snprintf(fi->subject, sizeof fi->subject, "%s[%zu]", list, l->n - 1);
}

/* Forget the current person's items. */
static void
facts_items_clear(struct facts_iter *it)
{
	for (size_t i = 0; i < it->nitems; i++)
		free(it->items[i].key);
	it->nitems = 0;
}

/* Where a row key stands now ("certificates[2]"), or NULL. */
static const char *
facts_item_subject(const struct facts_iter *it, const char *key)
{
	for (size_t i = 0; key != NULL && i < it->nitems; i++)
		if (strcmp(it->items[i].key, key) == 0)
			return it->items[i].subject;
	return NULL;
}

/* Add one enrollment row to the list its kind belongs in. */
static void
facts_enrollment(struct facts_iter *it, struct node *root, struct db_stmt *st)
{
	const char *kind = db_col_text(st, E_KIND), *list = NULL;
	struct node *m = node_new_map();

	if (strcmp(kind, "training") == 0) {
		list = "trainings";
		facts_plain(m, "kind", st, E_TRAINING_KIND);
		facts_plain(m, "start", st, E_START);
		facts_plain(m, "end", st, E_END);
		facts_plain(m, "class_hours", st, E_CLASS_HOURS);
		facts_plain(m, "status", st, E_STATUS);
	} else if (strcmp(kind, "internship") == 0) {
		list = "internships";
		node_set_str(m, "host", db_col_text(st, E_UNIT));
		facts_plain(m, "start", st, E_START);
		facts_plain(m, "end", st, E_END);
		facts_plain(m, "status", st, E_STATUS);
	} else if (strcmp(kind, "startup") == 0) {
		list = "startups";
		facts_plain(m, "kind", st, E_STARTUP_KIND);
		facts_flag(m, "first_time", st, E_FIRST_TIME);
		facts_plain(m, "license_date", st, E_LICENSE_DATE);
		facts_flag(m, "operating", st, E_OPERATING);
		facts_flag(m, "social_insurance", st, E_SOCIAL_INSURANCE);
	} else if (strcmp(kind, "grassroots") == 0) {
		list = "grassroots";
		facts_plain(m, "program", st, E_PROGRAM);
		facts_plain(m, "start", st, E_START);
		facts_plain(m, "end", st, E_END);
		facts_flag(m, "assessed_pass", st, E_ASSESSED_PASS);
	}
	if (list != NULL)
		facts_item_add(it, root, list, db_col_text(st, E_ID), m);
	else
		node_free(m);  /* a job is already person.employment */
}

/* Step one of the iteration's queries, keeping the diag of the first step that fails. */
static int
facts_step(struct facts_iter *it, struct db_stmt *st)
{
	int ret = db_step(st, "reading the facts", it->failed ? NULL : &it->diag);

	it->failed |= ret != DB_ROW && ret != DB_DONE;
	return ret;
}

/* Start an iteration over every person, or (id not NULL) over one. */
static struct facts_iter *
facts_iter_open(struct db *db, const char *id)
{
	struct facts_iter *it = xcalloc(1, sizeof *it);

	it->person = facts_prepare(db, person_select_sql, id != NULL ? "WHERE p.id = ?1" :
	    "ORDER BY p.id");
	it->enrollment = facts_prepare(db, enrollment_sql, id != NULL ?
	    "WHERE person_id = ?1 ORDER BY person_id, kind, start_date, id" :
	    "ORDER BY person_id, kind, start_date, id");
	it->certificate = facts_prepare(db, certificate_sql, id != NULL ?
	    "WHERE person_id = ?1 ORDER BY person_id, issued_on, id" :
	    "ORDER BY person_id, issued_on, id");
	it->decision = facts_prepare(db, decision_sql, id != NULL ?
	    "AND person_id = ?1 ORDER BY person_id, decided_on, id" :
	    "ORDER BY person_id, decided_on, id");
	if (id != NULL) {
		db_bind_text(it->person, 1, id);
		db_bind_text(it->enrollment, 1, id);
		db_bind_text(it->certificate, 1, id);
		db_bind_text(it->decision, 1, id);
	}
	it->erc = facts_step(it, it->enrollment);
	it->crc = facts_step(it, it->certificate);
	it->drc = facts_step(it, it->decision);
	return it;
}

/* Start reading every person's facts in person order, with a few set-based queries. */
struct facts_iter *
facts_iter_new(struct db *db)
{
	return facts_iter_open(db, NULL);
}

/* Whether a child query's current row is behind, at, or past the person: <0, 0, >0. */
static int
facts_cmp(struct db_stmt *st, int rc, const char *id)
{
	if (rc != DB_ROW)
		return 1;
	return strcmp(db_col_text(st, 0), id);
}

/* The next person's facts (caller frees) and id (valid until the next call); NULL at the end. */
struct node *
facts_iter_next(struct facts_iter *it, const char **person_id)
{
	struct node *root;
	int c;

	int rc = facts_step(it, it->person);
	if (rc != DB_ROW) {
		if (rc != DB_DONE)
			it->err = rc;
		return NULL;
	}
	facts_items_clear(it);
	free(it->id);
	it->id = xstrdup(db_col_text(it->person, PF_ID));
	root = node_new_map();
	facts_person_part(root, it->person);
	while ((c = facts_cmp(it->certificate, it->crc, it->id)) <= 0) {
		if (c == 0) {
			struct node *m = node_new_map();
			facts_plain(m, "level", it->certificate, 2);
			facts_plain(m, "issued_on", it->certificate, 3);
			node_set_str(m, "occupation", db_col_text(it->certificate, 4));
			facts_item_add(it, root, "certificates", db_col_text(it->certificate, 1), m);
		}
		it->crc = facts_step(it, it->certificate);
	}
	while ((c = facts_cmp(it->enrollment, it->erc, it->id)) <= 0) {
		if (c == 0)
			facts_enrollment(it, root, it->enrollment);
		it->erc = facts_step(it, it->enrollment);
	}
	while ((c = facts_cmp(it->decision, it->drc, it->id)) <= 0) {
		if (c == 0) {
			struct node *m = node_new_map();
			const char *subject = facts_item_subject(it, db_col_text(it->decision, 4));
			facts_plain(m, "policy", it->decision, 1);
			facts_plain(m, "on", it->decision, 2);
			node_set_str(m, "subject", subject != NULL ? subject :
			    db_col_text(it->decision, 3));
			node_add(node_child_list(root, "grants"), NULL, m);
		}
		it->drc = facts_step(it, it->decision);
	}
	/* a child query that failed must not pass for one that ended */
	for (int i = 0, rcs[3] = { it->crc, it->erc, it->drc }; i < 3; i++)
		if (rcs[i] != DB_ROW && rcs[i] != DB_DONE && it->err == 0)
			it->err = rcs[i];
	if (it->err != 0) {
		node_free(root);
		return NULL;
	}
	*person_id = it->id;
	return root;
}

/* 0 when the iteration ended because every person was read, else a diag of the failure. */
int
facts_iter_status(struct facts_iter *it, struct diag *d)
{
	if (it->err == 0)
		return 0;
	return diag_set(d, it->diag.code, "%s", it->diag.msg);
}

/* Finish an iteration. */
void
facts_iter_free(struct facts_iter *it)
{
	if (it == NULL)
		return;
	db_finalize(it->person);
	db_finalize(it->enrollment);
	db_finalize(it->certificate);
	db_finalize(it->decision);
	facts_items_clear(it);
	free(it->items);
	free(it->id);
	free(it);
}

/* Build the facts of one person (KEY: person id or 18-digit ID number). Caller frees *out. */
int
facts_person(struct db *db, const char *key, struct node **out, struct diag *d)
{
	char *id = NULL;
	const char *pid;
	int ret;

	*out = NULL;
	if ((ret = person_resolve(db, key, &id, d)) != 0)
		return ret;
	struct facts_iter *it = facts_iter_open(db, id);
	*out = facts_iter_next(it, &pid);
	ret = facts_iter_status(it, d);
	facts_iter_free(it);
	free(id);
	if (ret == 0 && *out == NULL)
		ret = diag_set(d, EX_DATAERR, "%s: no such person", key);
	return ret;
}

/* The row key behind a subject such as "certificates[0]" of a person, as the facts list it.
 * Caller frees *key. EX_DATAERR when the person has no such item. */
int
facts_subject_key(struct db *db, const char *person_id, const char *subject, char **key,
    struct diag *d)
{
	struct facts_iter *it = facts_iter_open(db, person_id);
	const char *pid;
	struct node *n = facts_iter_next(it, &pid);
	const char *k = NULL;
	int ret = 0;

	for (size_t i = 0; n != NULL && i < it->nitems; i++)
		if (strcmp(it->items[i].subject, subject) == 0)
			k = it->items[i].key;
	*key = xstrdup(k);
	if (k == NULL)
		ret = diag_set(d, EX_DATAERR, "%s: the person has no %s", person_id, subject);
	node_free(n);
	facts_iter_free(it);
	return ret;
}
