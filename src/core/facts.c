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
#include "core/role.h"
#include "core/label.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* A list item's row key and where it stands in the facts. */
struct facts_item {
	char *key;
	char subject[48];
};

struct facts_iter {
	struct db_stmt *person, *insurance, *enrollment, *certificate, *decision;
	int irc, erc, crc, drc;     /* last db_step result of each child query */
	char *id;                   /* the current person's id (every person's: in the arena) */
	int err;                    /* the code of a step that failed, or 0 */
	struct diag diag;           /* the first step that failed */
	bool failed;                /* diag holds it */
	struct facts_item *items;   /* the current person's list items */
	size_t nitems, capitems;
	struct node_arena *arena;   /* the arena of the batch being read (NULL: one person, kept) */
	struct eval_given given;    /* facts_iter_give: the person fields given beside the tree */
	struct eval_given fill;     /* the same, its texts those of the row being read */
	int *given_fact;            /* by person field: the index of its fact in given, or -1 */
	/* every person: persons read ahead in a batch, then handed out one by one, so that
	 * SQLite's code and the evaluator's each run long enough to stay cached */
	struct facts_batch *own;    /* facts_iter_next's batch (NULL: one person) */
	const char **given_text;    /* given.text as facts_iter_give made it (to free) */
	int *copied;                /* the given facts whose texts are copied: ncopied of them */
	size_t ncopied;
	size_t batch_max;
	bool started;               /* a batch was read: too late for facts_iter_give */
	bool done;                  /* the person query ended or failed: read no further */
};

/* A person read ahead: its tree and id, in the batch's arena. */
struct facts_batched {
	struct node *root;
	const char *id;
};

/* Persons read at once (facts_iter_fill): each one's tree, id and given texts, in the batch's
 * own arena, kept until the batch is filled again. */
struct facts_batch {
	struct node_arena *arena;
	struct facts_batched *persons;  /* cap of them, n read */
	const char **given;             /* cap rows of ngiven texts (copies in the arena) */
	size_t n, cap, ngiven;
	size_t next;                    /* the next one facts_iter_next hands out */
};

/* Persons read at once by facts_iter_new's iteration (facts_iter_set_batch). */
enum { FACTS_BATCH = 64 };

static const char decision_sql[] =
    "SELECT person_id, policy_id, decided_on, subject, subject_key FROM decision "
    "WHERE status IN ('proposed', 'approved', 'paid', 'decided') AND outcome = 'eligible' ";

/* Append the person query of the facts (facts_sql): person_fields in order, the household's
 * flags read from the person's own copies (kept by the person_flags and household_flags
 * triggers of step 7: no household row is looked up per person), the insurance's as NULL (they
 * come from the insurance query, merged by person id). */
static void
facts_person_columns(struct sbuf *sql)
{
	sbuf_add(sql, "SELECT ");
	for (int f = 0; f < PERSON_NFIELDS; f++)
		sbuf_addf(sql, "%s%s%s", f ? ", " : "", person_fields[f].table == PT_INSURANCE ?
		    "NULL" : "p.", person_fields[f].table == PT_INSURANCE ? "" : person_fields[f].name);
	sbuf_add(sql, " FROM person p ");
}

/* The column of a person field in the insurance query: 1 + its place among the insurance's. */
static int
facts_insurance_col(int field)
{
	int col = 1;

	for (int f = 0; f < field; f++)
		col += person_fields[f].table == PT_INSURANCE;
	return col;
}

/* Append "SELECT person_id, <the insurance's person fields> FROM insurance ". */
static void
facts_insurance_columns(struct sbuf *sql)
{
	sbuf_add(sql, "SELECT person_id");
	for (int f = 0; f < PERSON_NFIELDS; f++)
		if (person_fields[f].table == PT_INSURANCE)
			sbuf_addf(sql, ", %s", person_fields[f].name);
	sbuf_add(sql, " FROM insurance ");
}

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
		node_add(map, key, node_new_scalar_in(map->arena, v ? "true" : "false", false));
}

/* Set a plain fact (enum, date, number) from a column, leaving it out when NULL. */
static void
facts_plain(struct node *map, const char *key, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);

	if (v != NULL)
		node_add(map, key, node_new_scalar_in(map->arena, v, false));
}

/* The section names of person_fields' tables in the facts tree. */
static const char *const facts_sections[] = { [PT_PERSON] = "person",
    [PT_HOUSEHOLD] = "household", [PT_INSURANCE] = "insurance" };

/* Where a person field stands in the facts tree: its section (a PT_* table), the map inside it
 * (*sub, or NULL) and its key (*leaf); -1 for a field that decides nothing (the facts file has
 * no case id, phone, counselor, stage or follow-up). */
static int
facts_field_place(int f, const char **sub, const char **leaf)
{
	*sub = NULL;
	*leaf = person_fields[f].name;
	if (f == PF_ID || f == PF_PHONE || f == PF_COUNSELOR || f == PF_STAGE ||
	    f == PF_NEXT_FOLLOWUP)
		return -1;
	/* the job's own facts: person.employment.status, .employer_kind, .employer_size, .hired_on */
	if (f == PF_EMPLOYMENT_STATUS || f == PF_EMPLOYER_KIND || f == PF_EMPLOYER_SIZE ||
	    f == PF_HIRED_ON) {
		*sub = "employment";
		*leaf = f == PF_EMPLOYMENT_STATUS ? "status" : person_fields[f].name;
	}
	return (int)person_fields[f].table;
}

/* The fact path of a person field ("household.low_income"), or NULL for a field that decides
 * nothing. */
static const char *
facts_field_path(int f, char *buf, size_t len)
{
	const char *sub, *leaf;
	int t = facts_field_place(f, &sub, &leaf);

	if (t < 0)
		return NULL;
	snprintf(buf, len, "%s.%s%s%s", facts_sections[t], sub ? sub : "", sub ? "." : "", leaf);
	return buf;
}

/* Add the person, household and insurance parts straight from a row of the person query and
 * the person's row of the insurance query (ins, or NULL when the person has none), each field
 * where facts_field_place puts it; unknown (NULL) columns are left out. Per person of every
 * evaluation: no path is formatted here. A field with a fact in given (given_fact[field] >= 0)
 * goes there as text instead (NULL when unknown). */
static void
facts_person_part(struct node *root, struct db_stmt *st, struct db_stmt *ins,
    struct eval_given *given, const int *given_fact)
{
	struct node *maps[] = {
		[PT_PERSON] = node_child_map(root, facts_sections[PT_PERSON]),
		[PT_HOUSEHOLD] = node_child_map(root, facts_sections[PT_HOUSEHOLD]),
		[PT_INSURANCE] = node_child_map(root, facts_sections[PT_INSURANCE]),
	};
	int icol = facts_insurance_col(PF_ID_NUMBER);

	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		const struct person_field *pf = &person_fields[f];
		const char *v = NULL, *sub, *leaf;
		struct db_stmt *cst = st;
		int t, flag = -1, col = f;
		/* the insurance's fields are in the insurance query, in person_fields order */
		if (pf->table == PT_INSURANCE) {
			cst = ins;
			col = icol++;
		}
		if (given != NULL && given_fact[f] >= 0) {
			/* the text the tree's node would hold, beside the tree (facts_iter_give) */
			if (pf->kind == PK_FLAG && cst != NULL)
				flag = db_col_flag(cst, col);
			given->text[given_fact[f]] = cst == NULL ? NULL : pf->kind != PK_FLAG ?
			    db_col_text(cst, col) : flag < 0 ? NULL : flag == 1 ? "true" : "false";
			continue;
		}
		if (cst == NULL || (t = facts_field_place(f, &sub, &leaf)) < 0)
			continue;
		/* a flag is read as a number: an integer column turned into text costs more */
		if (pf->kind == PK_FLAG ? (flag = db_col_flag(cst, col)) < 0 :
		    (v = db_col_text(cst, col)) == NULL)
			continue;
		struct node *map = sub != NULL ? node_child_map(maps[t], sub) : maps[t];
		/* appended without looking for the key: each field has its own place (test_facts) */
		if (pf->kind == PK_FLAG)
			node_append(map, leaf, node_new_scalar_in(root->arena, flag == 1 ?
			    "true" : "false", false));
		else
			node_append(map, leaf, node_new_scalar_in(root->arena, v, pf->kind == PK_NAME ||
			    pf->kind == PK_IDNUM || pf->kind == PK_PROVINCE || pf->kind == PK_TEXT));
	}
}

/* Write "list[i]" into out (size bytes), as snprintf's "%s[%zu]" would, without its cost. */
static void
facts_subject_name(char *out, size_t size, const char *list, size_t i)
{
	char digits[24];
	size_t n = strlen(list), k = 0, rest = i;

	do
		digits[k++] = (char)('0' + rest % 10);
	while ((rest /= 10) > 0);
	if (n + k + 3 > size) {
		snprintf(out, size, "%s[%zu]", list, i);
		return;
	}
	memcpy(out, list, n);
	out[n++] = '[';
	while (k > 0)
		out[n++] = digits[--k];
	out[n++] = ']';
	out[n] = '\0';
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
	facts_subject_name(fi->subject, sizeof fi->subject, list, l->n - 1);
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

/* Fill an item's facts from a row whose column first + f holds progress field f: the facts
 * of the list that holds enrollments of kind (NULL: certificates). The list, or NULL. */
static const char *
facts_details(struct node *m, const char *kind, struct db_stmt *st, int first)
{
	const char *list = NULL;

	for (size_t i = 0; i < progress_nfacts; i++) {
		const struct progress_fact *pf = &progress_facts[i];
		int col = first + pf->field;
		if ((kind == NULL) != (pf->kind == NULL) || (kind != NULL && (kind[0] != pf->kind[0] ||
		    strcmp(kind, pf->kind) != 0))) {
			/* a list's facts stand together in progress_facts: past them, none follows */
			if (list != NULL)
				break;
			continue;
		}
		list = pf->list;
		if (progress_fields[pf->field].kind == PGK_FLAG)
			facts_flag(m, pf->name, st, col);
		else if (progress_fields[pf->field].kind == PGK_TEXT)
			node_set_str(m, pf->name, db_col_text(st, col));
		else
			facts_plain(m, pf->name, st, col);
	}
	return list;
}

/* Add one enrollment row to the list its kind belongs in. */
static void
facts_enrollment(struct facts_iter *it, struct node *root, struct db_stmt *st)
{
	struct node *m = node_new_map_in(it->arena);
	const char *list = facts_details(m, db_col_text(st, 2 + PG_KIND), st, 2);

	if (list != NULL)
		facts_item_add(it, root, list, db_col_text(st, 1), m);
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

/* "SELECT person_id, id, <the table's columns> FROM <table> ". Caller frees. */
static char *
facts_select(enum progress_table t)
{
	struct sbuf sql = SBUF_INIT;

	sbuf_add(&sql, "SELECT person_id, id, ");
	progress_columns(&sql, t);
	sbuf_add(&sql, t == PGT_CERTIFICATE ? " FROM certificate " : " FROM enrollment ");
	return sbuf_take(&sql);
}

/* Start an iteration over every person, or (id not NULL) over one. */
static struct facts_iter *
facts_iter_open(struct db *db, const char *id)
{
	struct facts_iter *it = xcalloc(1, sizeof *it);
	char *enrollment_sql = facts_select(PGT_ENROLLMENT);
	char *certificate_sql = facts_select(PGT_CERTIFICATE);

	struct role_scope scope = { .all = true };
	struct sbuf tail = SBUF_INIT;

	/* every person: those of the user's offices (a scope that cannot be read lists no one,
	 * and the iteration fails with its diag) */
	if (id == NULL && role_scope(db, &scope, &it->diag) != 0) {
		it->err = it->diag.code;
		it->failed = true;
	}
	facts_person_columns(&tail);
	sbuf_add(&tail, id != NULL ? "WHERE p.id = ?1 " : "WHERE 1 ");
	role_scope_sql(&scope, 1, &tail);
	sbuf_add(&tail, id != NULL ? "" : "ORDER BY p.id");
	it->person = db_prepare(db, sbuf_str(&tail));
	sbuf_free(&tail);
	role_scope_bind(it->person, &scope, 1);
	role_scope_free(&scope);
	facts_insurance_columns(&tail);
	sbuf_add(&tail, id != NULL ? "WHERE person_id = ?1 ORDER BY person_id" : "ORDER BY person_id");
	it->insurance = db_prepare(db, sbuf_str(&tail));
	sbuf_free(&tail);
	it->enrollment = facts_prepare(db, enrollment_sql, id != NULL ?
	    "WHERE person_id = ?1 ORDER BY person_id, kind, start_date, id" :
	    "ORDER BY person_id, kind, start_date, id");
	it->certificate = facts_prepare(db, certificate_sql, id != NULL ?
	    "WHERE person_id = ?1 ORDER BY person_id, issued_on, id" :
	    "ORDER BY person_id, issued_on, id");
	it->decision = facts_prepare(db, decision_sql, id != NULL ?
	    "AND person_id = ?1 ORDER BY person_id, decided_on, id" :
	    "ORDER BY person_id, decided_on, id");
	free(enrollment_sql);
	free(certificate_sql);
	if (id == NULL)
		it->own = facts_batch_new();
	it->batch_max = FACTS_BATCH;
	if (id != NULL) {
		db_bind_text(it->person, 1, id);
		db_bind_text(it->insurance, 1, id);
		db_bind_text(it->enrollment, 1, id);
		db_bind_text(it->certificate, 1, id);
		db_bind_text(it->decision, 1, id);
	}
	it->irc = facts_step(it, it->insurance);
	it->erc = facts_step(it, it->enrollment);
	it->crc = facts_step(it, it->certificate);
	it->drc = facts_step(it, it->decision);
	return it;
}

/* The SQL of one query of policy eval --all over every person (no office scope), as facts_iter_new
 * runs it: for tests/bench/policy_reader.c, the plain reader that must run the same. Caller frees. */
char *
facts_sql(enum facts_query q)
{
	struct sbuf sql = SBUF_INIT;
	char *base;

	switch (q) {
	case FACTS_Q_PERSON:
		facts_person_columns(&sql);
		sbuf_add(&sql, "WHERE 1 ORDER BY p.id");
		break;
	case FACTS_Q_INSURANCE:
		facts_insurance_columns(&sql);
		sbuf_add(&sql, "ORDER BY person_id");
		break;
	case FACTS_Q_ENROLLMENT:
	case FACTS_Q_CERTIFICATE:
		base = facts_select(q == FACTS_Q_ENROLLMENT ? PGT_ENROLLMENT : PGT_CERTIFICATE);
		sbuf_add(&sql, base);
		sbuf_add(&sql, q == FACTS_Q_ENROLLMENT ? "ORDER BY person_id, kind, start_date, id" :
		    "ORDER BY person_id, issued_on, id");
		free(base);
		break;
	case FACTS_Q_DECISION:
		sbuf_add(&sql, decision_sql);
		sbuf_add(&sql, "ORDER BY person_id, decided_on, id");
		break;
	}
	return sbuf_take(&sql);
}

/* Start reading every person's facts in person order, with a few set-based queries; each
 * person's tree is built in the iteration's arena, forgotten at the next person. */
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

/* Read the next person's facts from the queries (it->id its id; given texts, if any, in
 * given.text as the rows hold them); NULL at the end or on a failure. */
static struct node *
facts_read(struct facts_iter *it)
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
	/* every person's: the id in the arena beside the tree (kept with it until the batch's end) */
	if (it->arena != NULL) {
		it->id = node_arena_strdup(it->arena, db_col_text(it->person, PF_ID));
	} else {
		free(it->id);
		it->id = xstrdup(db_col_text(it->person, PF_ID));
	}
	root = node_new_map_in(it->arena);
	while ((c = facts_cmp(it->insurance, it->irc, it->id)) < 0)
		it->irc = facts_step(it, it->insurance);
	/* the person's insurance row stays current until the next person (person_id is UNIQUE) */
	facts_person_part(root, it->person, c == 0 ? it->insurance : NULL,
	    it->given_fact != NULL ? &it->fill : NULL, it->given_fact);
	while ((c = facts_cmp(it->certificate, it->crc, it->id)) <= 0) {
		if (c == 0) {
			struct node *m = node_new_map_in(it->arena);
			/* the certificate columns follow person_id and id */
			facts_details(m, NULL, it->certificate, 2 - PG_NENROLLMENT);
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
			struct node *m = node_new_map_in(it->arena);
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
	for (int i = 0, rcs[4] = { it->irc, it->crc, it->erc, it->drc }; i < 4; i++)
		if (rcs[i] != DB_ROW && rcs[i] != DB_DONE && it->err == 0)
			it->err = rcs[i];
	if (it->err != 0) {
		node_free(root);
		return NULL;
	}
	return root;
}

/* A new empty batch for facts_iter_fill. Free with facts_batch_free. */
struct facts_batch *
facts_batch_new(void)
{
	struct facts_batch *b = xcalloc(1, sizeof *b);

	b->arena = node_arena_new();
	return b;
}

/* Free a batch and the trees in it. */
void
facts_batch_free(struct facts_batch *b)
{
	if (b == NULL)
		return;
	node_arena_free(b->arena);
	free(b->persons);
	free(b->given);
	free(b);
}

/* Read up to batch_max persons ahead into b (emptied first): each one's tree, its id and its
 * given texts copied out of the rows, which the queries move past. How many were read. */
static size_t
facts_fill(struct facts_iter *it, struct facts_batch *b)
{
	size_t n = it->given_fact != NULL ? it->given.n : 0;
	struct node *root;

	b->n = b->next = 0;
	if (it->done)
		return 0;
	node_arena_reset(b->arena);
	it->arena = b->arena;
	if (b->cap != it->batch_max || b->ngiven != n) {
		free(b->given);
		b->persons = xreallocarray(b->persons, it->batch_max, sizeof *b->persons);
		b->given = xcalloc(it->batch_max * (n ? n : 1), sizeof *b->given);
		b->cap = it->batch_max;
		b->ngiven = n;
	}
	if (!it->started) {
		it->started = true;
		/* the given facts whose text is the row's (a flag's is a constant) */
		it->copied = xreallocarray(NULL, PERSON_NFIELDS, sizeof *it->copied);
		for (int f = PF_ID_NUMBER; n > 0 && f < PERSON_NFIELDS; f++)
			if (it->given_fact[f] >= 0 && person_fields[f].kind != PK_FLAG)
				it->copied[it->ncopied++] = it->given_fact[f];
	}
	while (b->n < b->cap) {
		const char **g = b->given + b->n * n;
		/* facts_person_part writes the person's given texts straight into its row */
		if (n > 0)
			it->fill.text = g;
		if ((root = facts_read(it)) == NULL) {
			it->done = true;
			break;
		}
		/* the row's texts, copied together into one piece of the arena */
		size_t len[PERSON_NFIELDS], total = 0;
		for (size_t k = 0; k < it->ncopied; k++)
			total += len[k] = g[it->copied[k]] != NULL ? strlen(g[it->copied[k]]) + 1 : 0;
		char *p = total > 0 ? node_arena_alloc(b->arena, total) : NULL;
		b->persons[b->n].root = root;
		b->persons[b->n].id = it->id;
		for (size_t k = 0; k < it->ncopied; k++)
			if (len[k] > 0) {
				g[it->copied[k]] = memcpy(p, g[it->copied[k]], len[k]);
				p += len[k];
			}
		b->n++;
	}
	return b->n;
}

/* Read the next persons of facts_iter_new's iteration into b, up to the batch size, forgetting
 * what b held: how many (0 at the end, or on a failure: facts_iter_status). Never mixed with
 * facts_iter_next; one thread at a time, the only one using the database meanwhile. */
size_t
facts_iter_fill(struct facts_iter *it, struct facts_batch *b)
{
	if (it->own == NULL)
		return 0;
	return facts_fill(it, b);
}

/* Person i (below what facts_iter_fill read) of a batch: its tree, and its id in *person_id. */
struct node *
facts_batch_person(const struct facts_batch *b, size_t i, const char **person_id)
{
	*person_id = b->persons[i].id;
	return b->persons[i].root;
}

/* The given texts of person i of a batch (facts_iter_give's n of them), or NULL when none is
 * given: what eval_given.text is to be while that person is evaluated. */
const char **
facts_batch_given(const struct facts_batch *b, size_t i)
{
	return b->ngiven > 0 ? b->given + i * b->ngiven : NULL;
}

/* The next person's facts and id, valid until the next call (node_free of a tree of
 * facts_iter_new's does nothing; one person's tree is the caller's to free); NULL at the end.
 * Every person's: read batch_max persons ahead, each handed out as read. */
struct node *
facts_iter_next(struct facts_iter *it, const char **person_id)
{
	struct node *root;
	struct facts_batch *b = it->own;

	if (b == NULL) {
		if ((root = facts_read(it)) != NULL)
			*person_id = it->id;
		return root;
	}
	if (b->next == b->n && facts_fill(it, b) == 0)
		return NULL;
	size_t i = b->next++;
	/* the evaluator reads the texts of given (report_jsonl_give): this person's row */
	if (it->given_fact != NULL)
		it->given.text = facts_batch_given(b, i);
	return facts_batch_person(b, i, person_id);
}

/* How many persons facts_iter_new's iteration reads ahead (at least 1), before its first
 * facts_iter_next. */
void
facts_iter_set_batch(struct facts_iter *it, size_t n)
{
	if (!it->started)
		it->batch_max = n > 0 ? n : 1;
}

/* From the next person on, give the person's, household's and insurance's facts of schema as
 * text beside the tree instead of in it (the evaluator reads them as it would read the tree's
 * nodes, without building or finding one); the texts are valid until the next call. Every
 * person's iteration: before its first facts_iter_next, else NULL (none given). */
const struct eval_given *
facts_iter_give(struct facts_iter *it, const struct factschema *schema)
{
	size_t n = factschema_count(schema);
	char buf[96];

	if (it->given_fact != NULL)
		return &it->given;
	/* persons already read ahead have their facts in their trees: none is given */
	if (it->started)
		return NULL;
	it->given.n = n;
	it->given.text = it->given_text = xcalloc(n ? n : 1, sizeof *it->given.text);
	it->given.has = xcalloc(n ? n : 1, sizeof *it->given.has);
	it->given_fact = xcalloc(PERSON_NFIELDS, sizeof *it->given_fact);
	for (int f = 0; f < PERSON_NFIELDS; f++)
		it->given_fact[f] = -1;
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		const char *path = facts_field_path(f, buf, sizeof buf);
		const struct factschema_fact *sf = path != NULL ? factschema_find(schema, path) : NULL;
		/* a scalar of the root only: a map or list is looked for in the tree */
		if (sf == NULL || sf->list != NULL || sf->type == FT_MAP || sf->type == FT_LIST ||
		    sf->index >= n || it->given.has[sf->index])
			continue;
		it->given_fact[f] = (int)sf->index;
		it->given.has[sf->index] = true;
	}
	it->fill = it->given;
	return &it->given;
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
	db_finalize(it->insurance);
	db_finalize(it->enrollment);
	db_finalize(it->certificate);
	db_finalize(it->decision);
	facts_items_clear(it);
	free(it->items);
	if (it->arena == NULL)
		free(it->id);  /* else in the arena */
	facts_batch_free(it->own);
	free(it->copied);
	free(it->given_text);
	free(it->given.has);
	free(it->given_fact);
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
	if (n == NULL)
		ret = facts_iter_status(it, d);  /* a failed read is said as it is, not as no item */
	if (ret == 0 && k == NULL)
		ret = diag_set(d, EX_DATAERR, "%s: the person has no %s", person_id, subject);
	node_free(n);
	facts_iter_free(it);
	return ret;
}

/* An enrollment or certificate in words, from its row key. */
int
facts_row_describe(struct db *db, const char *row_key, char **out, struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT 'e', kind, start_date, coalesce(unit_name, (SELECT "
	    "name FROM unit WHERE unit.id = enrollment.unit_id)) FROM enrollment WHERE id = ?1 UNION ALL SELECT 'c', level, issued_on, occupation FROM certificate "
	    "WHERE id = ?1");
	int ret;

	*out = NULL;
	db_bind_text(st, 1, row_key);
	if ((ret = db_step(st, "reading the item", d)) == DB_ROW) {
		const char *a = db_col_text(st, 1), *day = db_col_text(st, 2), *c = db_col_text(st, 3);
		if (strcmp(db_col_text(st, 0), "e") == 0)
			*out = c != NULL ? xasprintf(tr("%s from %s, %s"), label_value(a),
			    day ? day : "-", c) : xasprintf(tr("%s from %s"), label_value(a),
			    day ? day : "-");
		else
			*out = c != NULL ? xasprintf(tr("%s certificate of %s, %s"), label_level(a), day,
			    c) : xasprintf(tr("%s certificate of %s"), label_level(a), day);
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "%s: there is no such progress entry or certificate",
		    row_key);
	}
	db_reset(st);
	return ret;
}

/* A subject such as "trainings[0]" of a person in words. */
int
facts_subject_describe(struct db *db, const char *person_id, const char *subject, char **out,
    struct diag *d)
{
	char *key = NULL;
	int ret;

	*out = NULL;
	if ((ret = facts_subject_key(db, person_id, subject, &key, d)) == 0)
		ret = facts_row_describe(db, key, out, d);
	free(key);
	return ret;
}

/* What a fact path names: a person field, or the fact of a list item ("trainings[0]"). */
struct facts_target {
	int field;                          /* PF_*, or -1 */
	const struct progress_fact *item;   /* or NULL */
	char subject[48];                   /* the item: "trainings[0]" */
};

/* Find what a fact path names, as the facts tree and the policy engine name it. 0, or -1 when
 * it is not a fact jobdesk keeps. */
static int
facts_target(const char *path, struct facts_target *t)
{
	const char *br = strchr(path, '['), *end;
	char buf[64];

	memset(t, 0, sizeof *t);
	t->field = -1;
	if (br == NULL) {
		for (int f = 0; f < PERSON_NFIELDS; f++) {
			const char *p = facts_field_path(f, buf, sizeof buf);
			if (p != NULL && strcmp(p, path) == 0) {
				t->field = f;
				return 0;
			}
		}
		return -1;
	}
	end = br + 1 + strspn(br + 1, "0123456789");
	if (end == br + 1 || end[0] != ']' || end[1] != '.' ||
	    (size_t)(end + 1 - path) >= sizeof t->subject)
		return -1;
	for (size_t i = 0; i < progress_nfacts; i++) {
		const struct progress_fact *pf = &progress_facts[i];
		size_t n = (size_t)(br - path);
		if (strlen(pf->list) == n && strncmp(pf->list, path, n) == 0 &&
		    strcmp(pf->name, end + 2) == 0) {
			t->item = pf;
			snprintf(t->subject, sizeof t->subject, "%.*s", (int)(end + 1 - path), path);
			return 0;
		}
	}
	return -1;
}

/* How a counselor names a fact: its label ("end date", through the catalogue), or the
 * schema's own words (the question) for a fact jobdesk does not keep, or NULL. */
static const char *
facts_target_label(const struct facts_target *t)
{
	if (t->field >= 0)
		return tr(person_fields[t->field].label_en);
	if (t->item == NULL)
		return NULL;
	/* the form's short column labels ("start", "end") said in full in a sentence */
	if (t->item->field == PG_START)
		return tr("start date");
	if (t->item->field == PG_END)
		return tr("end date");
	return tr(progress_fields[t->item->field].label_en);
}

/* A fact path of a person in words: the fact's label, and for a list item's fact the item too
 * ("end date of the internship from 2018-01-01"); fallback (the schema's words) or the path
 * when jobdesk does not keep the fact. Caller frees. */
char *
facts_path_words(struct db *db, const char *person_id, const char *path, const char *fallback)
{
	struct facts_target t;
	struct diag d = DIAG_INIT;
	char *item = NULL, *out;

	if (facts_target(path, &t) != 0)
		return xstrdup(fallback != NULL ? fallback : path);
	const char *label = facts_target_label(&t);
	if (t.item == NULL)
		return xstrdup(label);
	if (db == NULL || person_id == NULL ||
	    facts_subject_describe(db, person_id, t.subject, &item, &d) != 0) {
		free(item);
		return xstrdup(label);
	}
	out = xasprintf(tr("%s of the %s"), label, item);
	free(item);
	return out;
}

/* Whether facts_answer can set a fact path; hint gets what a valid answer is made of
 * ("rural|urban", "yes|no"), or "" when any value of the fact's type does. */
bool
facts_answerable(const char *path, char *hint, size_t len)
{
	struct facts_target t;
	const char *allowed = NULL;
	bool flag = false;

	if (len > 0)
		hint[0] = '\0';
	if (facts_target(path, &t) != 0)
		return false;
	if (t.field >= 0) {
		allowed = person_fields[t.field].allowed;
		flag = person_fields[t.field].kind == PK_FLAG;
	} else {
		allowed = progress_fields[t.item->field].allowed;
		flag = progress_fields[t.item->field].kind == PGK_FLAG;
	}
	if (len > 0)
		snprintf(hint, len, "%s", allowed != NULL ? allowed : flag ? "yes|no" : "");
	return true;
}

/* Check an answer to a fact path without writing it: 0, or EX_DATAERR naming the path and what
 * would be valid. */
int
facts_check(const char *path, const char *value, struct diag *d)
{
	struct facts_target t;
	struct person tmp = { 0 };
	char why[256];
	long n;
	int bad;

	if (facts_target(path, &t) != 0)
		return diag_set(d, EX_DATAERR, "%s: not a fact jobdesk keeps; expected a fact of the "
		    "person, household or insurance (person.education) or of a list item "
		    "(trainings[0].class_hours)", path);
	if (value == NULL || value[0] == '\0') {
		char hint[256];
		facts_answerable(path, hint, sizeof hint);
		return hint[0] != '\0' ?
		    diag_set(d, EX_DATAERR, "%s: no answer given; expected one of %s",
		    facts_target_label(&t), hint) :
		    diag_set(d, EX_DATAERR, "%s: no answer given", facts_target_label(&t));
	}
	if (t.field >= 0) {
		bad = person_set(&tmp, t.field, value, why, sizeof why);
		person_clear(&tmp);
	} else {
		bad = progress_parse(t.item->field, value, &n, why, sizeof why);
	}
	return bad != 0 ? diag_set(d, EX_DATAERR, "%s: %s", facts_target_label(&t), why) : 0;
}

/* One item answer of facts_answer: whose item, which, and the value. */
struct facts_answer_args {
	const char *id, *path, *value;
	const struct facts_target *t;
};

/* facts_answer's work on an item inside its transaction: find the row, set the value. */
static int
facts_answer_item(struct db *db, void *arg, struct diag *d)
{
	const struct facts_answer_args *a = arg;
	char *row = NULL;
	int ret;

	if ((ret = role_check(db, ROLE_ACT_PROGRESS, a->id, d)) != 0)
		return ret;
	if ((ret = facts_subject_key(db, a->id, a->t->subject, &row, d)) != 0) {
		if (ret == EX_DATAERR)
			diag_set(d, EX_DATAERR, "%s: the person has no such item; record that "
			    "progress first", facts_target_label(a->t));
	} else
		ret = progress_set(db, a->id, a->t->item->field, row, a->value, d);
	free(row);
	return ret;
}

/* Answer a fact of a person as typed: checked as facts_check does, then written to the row that
 * holds it with its audit in one transaction. */
int
facts_answer(struct db *db, const char *key, const char *path, const char *value, struct diag *d)
{
	struct facts_target t;
	struct person p = { 0 };
	char why[256], *id = NULL;
	int ret;

	if ((ret = facts_check(path, value, d)) != 0)
		return ret;
	facts_target(path, &t);
	if (t.field >= 0) {
		/* person_update writes the person, household and insurance in one transaction */
		if ((ret = person_load(db, key, &p, d)) == 0) {
			if (person_set(&p, t.field, value, why, sizeof why) != 0)
				ret = diag_set(d, EX_DATAERR, "%s: %s", facts_target_label(&t), why);
			else
				ret = person_update(db, &p, d);
		}
		person_clear(&p);
		return ret;
	}
	if ((ret = person_resolve(db, key, &id, d)) != 0)
		return ret;
	struct facts_answer_args a = { id, path, value, &t };
	ret = db_transaction(db, facts_answer_item, &a, d);
	free(id);
	return ret;
}
