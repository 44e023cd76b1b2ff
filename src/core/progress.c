/* A person's progress: enrollments, the certificates they lead to, and the stage that follows.
 * The *_insert, _certificate and _restage steps run inside a caller's transaction; a user
 * action (progress_record, progress_answer) is one db_transaction around them. */
#include "core/progress.h"

#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/facts.h"
#include "util/date.h"
#include "util/field.h"
#include "util/xalloc.h"

/* An enrollment with every detail unknown. */
void
progress_init(struct enrollment *e)
{
	memset(e, 0, sizeof *e);
	e->class_hours = e->first_time = e->operating = e->social_insurance = -1;
	e->assessed_pass = -1;
}

/* Check an optional enumerated value. */
static int
progress_enum(const char *field, const char *v, const char *allowed, struct diag *d)
{
	char why[256];

	if (v != NULL && field_enum(v, allowed, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s: %s", field, why);
	return 0;
}

/* Check an optional date. */
static int
progress_date(const char *field, const char *v, struct diag *d)
{
	int days;

	if (v != NULL && date_parse(v, &days) != 0)
		return diag_set(d, EX_DATAERR, "%s: '%s' is not a date; expected YYYY-MM-DD", field, v);
	return 0;
}

/* Check an enrollment's values: 0, or EX_DATAERR with the field named. */
int
progress_check(const struct enrollment *e, struct diag *d)
{
	char why[256];
	int ret;

	if (e->person_id == NULL)
		return diag_set(d, EX_DATAERR, "enrollment: no person");
	if (e->kind == NULL || e->status == NULL)
		return diag_set(d, EX_DATAERR, "enrollment: kind and status are required");
	if ((ret = progress_enum("kind", e->kind, "training|internship|startup|grassroots|employment",
	    d)) || (ret = progress_enum("status", e->status, "planned|active|completed|dropped", d)) ||
	    (ret = progress_enum("training kind", e->training_kind,
	    "employment_skills|startup|guidance|apprenticeship|technician", d)) ||
	    (ret = progress_enum("startup kind", e->startup_kind,
	    "micro_enterprise|individual_business|other", d)) ||
	    (ret = progress_enum("program", e->program,
	    "xuandiao|sanzhi_yifu|xibu|tegang|public_service", d)) ||
	    (ret = progress_enum("employer kind", e->employer_kind,
	    "enterprise|social_org|public_institution|government|none", d)) ||
	    (ret = progress_date("start", e->start_date, d)) ||
	    (ret = progress_date("end", e->end_date, d)) ||
	    (ret = progress_date("licence date", e->license_date, d)))
		return ret;
	if (e->start_date != NULL && e->end_date != NULL && strcmp(e->end_date, e->start_date) < 0)
		return diag_set(d, EX_DATAERR, "end: %s is before the start %s", e->end_date,
		    e->start_date);
	if (e->class_hours < -1 || e->class_hours > 10000)
		return diag_set(d, EX_DATAERR, "class hours: %d; expected 0 to 10000", e->class_hours);
	if (e->unit_name != NULL && field_text(e->unit_name, 200, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "unit: %s", why);
	return 0;
}

/* Bind a nullable number (-1 is NULL). */
static void
progress_bind_num(struct db_stmt *st, int i, int v)
{
	if (v < 0)
		db_bind_null(st, i);
	else
		db_bind_int(st, i, v);
}

/* Insert a checked enrollment inside the open transaction; e->id is set (caller frees). */
int
progress_insert(struct db *db, struct enrollment *e, struct diag *d)
{
	char now[32];
	int ret;

	if ((ret = progress_check(e, d)) != 0)
		return ret;
	db_now(now);
	e->id = db_new_key(db);
	struct db_stmt *st = db_cached(db, "INSERT INTO enrollment (id, person_id, kind, unit_name, "
	    "start_date, end_date, status, training_kind, class_hours, startup_kind, first_time, "
	    "license_date, operating, social_insurance, program, assessed_pass, employer_kind, "
	    "created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19)");
	db_bind_text(st, 1, e->id);
	db_bind_text(st, 2, e->person_id);
	db_bind_text(st, 3, e->kind);
	db_bind_text(st, 4, e->unit_name);
	db_bind_text(st, 5, e->start_date);
	db_bind_text(st, 6, e->end_date);
	db_bind_text(st, 7, e->status);
	db_bind_text(st, 8, e->training_kind);
	progress_bind_num(st, 9, e->class_hours);
	db_bind_text(st, 10, e->startup_kind);
	db_bind_flag(st, 11, e->first_time);
	db_bind_text(st, 12, e->license_date);
	db_bind_flag(st, 13, e->operating);
	db_bind_flag(st, 14, e->social_insurance);
	db_bind_text(st, 15, e->program);
	db_bind_flag(st, 16, e->assessed_pass);
	db_bind_text(st, 17, e->employer_kind);
	db_bind_text(st, 18, now);
	db_bind_text(st, 19, db_user(db));
	return db_run(st, "adding the enrollment", d);
}

/* Insert a certificate (level 1-5, issued_on YYYY-MM-DD) inside the open transaction. */
int
progress_certificate(struct db *db, const char *person_id, int level, const char *issued_on,
    const char *occupation, const char *enrollment_id, struct diag *d)
{
	char now[32];
	int days, ret;

	if (level < 1 || level > 5)
		return diag_set(d, EX_DATAERR, "certificate level: %d; expected 1 (高级技师) to 5 (初级)",
		    level);
	if (issued_on == NULL || date_parse(issued_on, &days) != 0)
		return diag_set(d, EX_DATAERR, "certificate issued on: '%s' is not a date; expected "
		    "YYYY-MM-DD", issued_on ? issued_on : "");
	db_now(now);
	char *id = db_new_key(db);
	struct db_stmt *st = db_cached(db, "INSERT INTO certificate (id, person_id, enrollment_id, "
	    "level, issued_on, occupation, created_at, updated_at, created_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, person_id);
	db_bind_text(st, 3, enrollment_id);
	db_bind_int(st, 4, level);
	db_bind_text(st, 5, issued_on);
	db_bind_text(st, 6, occupation);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, db_user(db));
	ret = db_run(st, "adding the certificate", d);
	free(id);
	return ret;
}

/* Set the person's stage from their enrollments, inside the open transaction: the latest
 * active enrollment's kind; else a completed job means employed; else registered. */
int
progress_restage(struct db *db, const char *person_id, struct diag *d)
{
	char now[32];

	db_now(now);
	struct db_stmt *st = db_cached(db, "WITH s(stage) AS (SELECT coalesce("
	    "(SELECT CASE kind WHEN 'employment' THEN 'employed' ELSE kind END FROM enrollment "
	    " WHERE person_id = ?1 AND status = 'active' ORDER BY start_date DESC, id DESC LIMIT 1),"
	    "(SELECT 'employed' FROM enrollment WHERE person_id = ?1 AND kind = 'employment' "
	    " AND status = 'completed' LIMIT 1), 'registered')) "
	    "UPDATE person SET stage = (SELECT stage FROM s), updated_at = ?2 "
	    "WHERE id = ?1 AND stage <> 'closed' AND stage <> (SELECT stage FROM s)");
	db_bind_text(st, 1, person_id);
	db_bind_text(st, 2, now);
	return db_run(st, "setting the stage", d);
}

/* What progress_record writes. */
struct progress_args {
	struct enrollment *e;
	int cert_level;
	const char *cert_date, *occupation;
};

/* progress_record's work inside its transaction. */
static int
progress_record_work(struct db *db, void *arg, struct diag *d)
{
	struct progress_args *a = arg;
	int ret;

	if ((ret = progress_insert(db, a->e, d)) != 0 ||
	    (a->cert_level > 0 && (ret = progress_certificate(db, a->e->person_id, a->cert_level,
	    a->cert_date, a->occupation, a->e->id, d)) != 0))
		return ret;
	return progress_restage(db, a->e->person_id, d);
}

/* Record progress as one user action: the enrollment, a certificate from it when level > 0,
 * and the person's new stage, in one transaction. */
int
progress_record(struct db *db, struct enrollment *e, int cert_level, const char *cert_date,
    const char *occupation, struct diag *d)
{
	struct progress_args a = { e, cert_level, cert_date, occupation };

	return db_transaction(db, progress_record_work, &a, d);
}

/* A fact of a list item and the column that holds it: how to check a value and the statement
 * that sets it (one fixed statement per column; values are bound). */
static const struct progress_column {
	const char *list, *field;
	char kind;              /* e enumeration, d date, i whole number, f yes/no, t text */
	const char *allowed;
	const char *sql;
} progress_columns[] = {
	{ "trainings", "kind", 'e', "employment_skills|startup|guidance|apprenticeship|technician",
	    "UPDATE enrollment SET training_kind = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "trainings", "start", 'd', NULL,
	    "UPDATE enrollment SET start_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "trainings", "end", 'd', NULL,
	    "UPDATE enrollment SET end_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "trainings", "class_hours", 'i', NULL,
	    "UPDATE enrollment SET class_hours = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "trainings", "status", 'e', "planned|active|completed|dropped",
	    "UPDATE enrollment SET status = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "internships", "host", 't', NULL,
	    "UPDATE enrollment SET unit_name = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "internships", "start", 'd', NULL,
	    "UPDATE enrollment SET start_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "internships", "end", 'd', NULL,
	    "UPDATE enrollment SET end_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "internships", "status", 'e', "planned|active|completed|dropped",
	    "UPDATE enrollment SET status = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "startups", "kind", 'e', "micro_enterprise|individual_business|other",
	    "UPDATE enrollment SET startup_kind = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "startups", "first_time", 'f', NULL,
	    "UPDATE enrollment SET first_time = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "startups", "license_date", 'd', NULL,
	    "UPDATE enrollment SET license_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "startups", "operating", 'f', NULL,
	    "UPDATE enrollment SET operating = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "startups", "social_insurance", 'f', NULL,
	    "UPDATE enrollment SET social_insurance = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "grassroots", "program", 'e', "xuandiao|sanzhi_yifu|xibu|tegang|public_service",
	    "UPDATE enrollment SET program = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "grassroots", "start", 'd', NULL,
	    "UPDATE enrollment SET start_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "grassroots", "end", 'd', NULL,
	    "UPDATE enrollment SET end_date = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "grassroots", "assessed_pass", 'f', NULL,
	    "UPDATE enrollment SET assessed_pass = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "certificates", "level", 'i', NULL,
	    "UPDATE certificate SET level = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "certificates", "issued_on", 'd', NULL,
	    "UPDATE certificate SET issued_on = ?1, updated_at = ?3 WHERE id = ?2" },
	{ "certificates", "occupation", 't', NULL,
	    "UPDATE certificate SET occupation = ?1, updated_at = ?3 WHERE id = ?2" },
};

/* The column of an item fact path ("trainings[0].class_hours"); the subject ("trainings[0]")
 * goes to subject. NULL when the path is not an item fact jobdesk keeps. */
static const struct progress_column *
progress_column(const char *path, char *subject, size_t len)
{
	const char *br = strchr(path, '['), *dot = strrchr(path, '.');

	if (br == NULL || dot == NULL || dot < br || (size_t)(dot - path) >= len)
		return NULL;
	memcpy(subject, path, (size_t)(dot - path));
	subject[dot - path] = '\0';
	for (size_t i = 0; i < sizeof progress_columns / sizeof *progress_columns; i++) {
		const struct progress_column *c = &progress_columns[i];
		if (strlen(c->list) == (size_t)(br - path) && strncmp(c->list, path, (size_t)(br - path)) == 0 &&
		    strcmp(c->field, dot + 1) == 0)
			return c;
	}
	return NULL;
}

/* Whether a fact path names an item fact that progress_answer can set. */
bool
progress_answerable(const char *path)
{
	char subject[64];

	return progress_column(path, subject, sizeof subject) != NULL;
}

/* One progress_answer: the column, the checked value (n for numbers, flag for yes/no, else
 * the text) and whose item. */
struct progress_answer_args {
	const struct progress_column *c;
	const char *person_id, *subject, *value;
	long n;
	int flag;
};

/* progress_answer's work inside its transaction: find the item, set the value, restage. */
static int
progress_answer_work(struct db *db, void *arg, struct diag *d)
{
	const struct progress_answer_args *a = arg;
	char *key = NULL, now[32];
	int ret;

	if ((ret = facts_subject_key(db, a->person_id, a->subject, &key, d)) != 0)
		goto out;
	db_now(now);
	struct db_stmt *st = db_cached(db, a->c->sql);
	if (a->c->kind == 'i')
		db_bind_int(st, 1, a->n);
	else if (a->c->kind == 'f')
		db_bind_int(st, 1, a->flag);
	else
		db_bind_text(st, 1, a->value);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, now);
	if ((ret = db_run(st, "saving the answer", d)) == 0)
		ret = progress_restage(db, a->person_id, d);
out:
	free(key);
	return ret;
}

/* Set one fact of a person's list item ("trainings[0].class_hours") from text, as one user
 * action: the value checked, the row updated and the stage set again, in one transaction. */
int
progress_answer(struct db *db, const char *person_id, const char *path, const char *value,
    struct diag *d)
{
	char subject[64], why[256];
	const struct progress_column *c = progress_column(path, subject, sizeof subject);
	struct progress_answer_args a = { c, person_id, subject, value, 0, 0 };
	int days;

	if (c == NULL)
		return diag_set(d, EX_DATAERR, "%s: not a fact of progress jobdesk keeps", path);
	if ((c->kind == 'e' && field_enum(value, c->allowed, why, sizeof why) != 0) ||
	    (c->kind == 'f' && field_flag(value, &a.flag, why, sizeof why) != 0) ||
	    (c->kind == 'i' && field_int(value, strcmp(c->field, "level") == 0 ? 1 : 0,
	    strcmp(c->field, "level") == 0 ? 5 : 10000, &a.n, why, sizeof why) != 0) ||
	    (c->kind == 't' && (field_text(value, 200, why, sizeof why) != 0)))
		return diag_set(d, EX_DATAERR, "%s: %s", path, why);
	if (c->kind == 'd' && date_parse(value, &days) != 0)
		return diag_set(d, EX_DATAERR, "%s: '%s' is not a date; expected YYYY-MM-DD", path, value);
	return db_transaction(db, progress_answer_work, &a, d);
}
