/* A person's progress: enrollments, the certificates they lead to, and the stage that follows.
 * The *_insert, _certificate and _restage steps run inside a caller's transaction; a user
 * action (progress_record; an answered fact, facts_answer) is one db_transaction around them. */
#include "core/progress.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/role.h"
#include "core/notice.h"
#include "core/label.h"
#include "core/person.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* Every enrollment and certificate column, how it is checked and how the form names it. */
const struct progress_field progress_fields[PROGRESS_NFIELDS] = {
	[PG_KIND] = { "kind", PGT_ENROLLMENT, PGK_ENUM,
	    "training|internship|startup|grassroots|employment", 0, 0,
	    offsetof(struct enrollment, kind), N_("kind"), true },
	[PG_STATUS] = { "status", PGT_ENROLLMENT, PGK_ENUM, "active|planned|completed|dropped", 0, 0,
	    offsetof(struct enrollment, status), N_("status"), true },
	[PG_START] = { "start_date", PGT_ENROLLMENT, PGK_DATE, NULL, 0, 0,
	    offsetof(struct enrollment, start_date), N_("start") },
	[PG_END] = { "end_date", PGT_ENROLLMENT, PGK_DATE, NULL, 0, 0,
	    offsetof(struct enrollment, end_date), N_("end") },
	[PG_UNIT] = { "unit_name", PGT_ENROLLMENT, PGK_TEXT, NULL, 0, 200,
	    offsetof(struct enrollment, unit_name), N_("unit") },
	[PG_TRAINING_KIND] = { "training_kind", PGT_ENROLLMENT, PGK_ENUM,
	    "employment_skills|startup|guidance|apprenticeship|technician", 0, 0,
	    offsetof(struct enrollment, training_kind), N_("training kind") },
	[PG_CLASS_HOURS] = { "class_hours", PGT_ENROLLMENT, PGK_INT, NULL, 0, 10000,
	    offsetof(struct enrollment, class_hours), N_("class hours") },
	[PG_STARTUP_KIND] = { "startup_kind", PGT_ENROLLMENT, PGK_ENUM,
	    "micro_enterprise|individual_business|other", 0, 0,
	    offsetof(struct enrollment, startup_kind), N_("startup kind") },
	[PG_LICENSE_DATE] = { "license_date", PGT_ENROLLMENT, PGK_DATE, NULL, 0, 0,
	    offsetof(struct enrollment, license_date), N_("licence date") },
	[PG_OPERATING] = { "operating", PGT_ENROLLMENT, PGK_FLAG, NULL, 0, 1,
	    offsetof(struct enrollment, operating), N_("operating normally") },
	[PG_SOCIAL_INSURANCE] = { "social_insurance", PGT_ENROLLMENT, PGK_FLAG, NULL, 0, 1,
	    offsetof(struct enrollment, social_insurance), N_("paying social insurance") },
	[PG_PROGRAM] = { "program", PGT_ENROLLMENT, PGK_ENUM,
	    "xuandiao|sanzhi_yifu|xibu|tegang|public_service", 0, 0,
	    offsetof(struct enrollment, program), N_("programme") },
	[PG_ASSESSED_PASS] = { "assessed_pass", PGT_ENROLLMENT, PGK_FLAG, NULL, 0, 1,
	    offsetof(struct enrollment, assessed_pass), N_("passed assessment") },
	[PG_FIRST_TIME] = { "first_time", PGT_ENROLLMENT, PGK_FLAG, NULL, 0, 1,
	    offsetof(struct enrollment, first_time), N_("first startup") },
	[PG_EMPLOYER_KIND] = { "employer_kind", PGT_ENROLLMENT, PGK_ENUM, person_employer_kinds, 0, 0,
	    offsetof(struct enrollment, employer_kind), N_("employer kind") },
	[PG_LEVEL] = { "level", PGT_CERTIFICATE, PGK_INT, NULL, 1, 5, 0, N_("certificate level") },
	[PG_ISSUED_ON] = { "issued_on", PGT_CERTIFICATE, PGK_DATE, NULL, 0, 0, 0,
	    N_("certificate issued") },
	[PG_OCCUPATION] = { "occupation", PGT_CERTIFICATE, PGK_TEXT, NULL, 0, 200, 0, N_("occupation") },
};

/* The facts of each list's items, in the order the facts file lists them. */
const struct progress_fact progress_facts[] = {
	{ "certificates", NULL, "level", PG_LEVEL },
	{ "certificates", NULL, "issued_on", PG_ISSUED_ON },
	{ "certificates", NULL, "occupation", PG_OCCUPATION },
	{ "trainings", "training", "kind", PG_TRAINING_KIND },
	{ "trainings", "training", "start", PG_START },
	{ "trainings", "training", "end", PG_END },
	{ "trainings", "training", "class_hours", PG_CLASS_HOURS },
	{ "trainings", "training", "status", PG_STATUS },
	{ "internships", "internship", "host", PG_UNIT },
	{ "internships", "internship", "start", PG_START },
	{ "internships", "internship", "end", PG_END },
	{ "internships", "internship", "status", PG_STATUS },
	{ "startups", "startup", "kind", PG_STARTUP_KIND },
	{ "startups", "startup", "first_time", PG_FIRST_TIME },
	{ "startups", "startup", "license_date", PG_LICENSE_DATE },
	{ "startups", "startup", "operating", PG_OPERATING },
	{ "startups", "startup", "social_insurance", PG_SOCIAL_INSURANCE },
	{ "grassroots", "grassroots", "program", PG_PROGRAM },
	{ "grassroots", "grassroots", "start", PG_START },
	{ "grassroots", "grassroots", "end", PG_END },
	{ "grassroots", "grassroots", "assessed_pass", PG_ASSESSED_PASS },
};
const size_t progress_nfacts = sizeof progress_facts / sizeof *progress_facts;

/* An enrollment with every detail unknown. */
void
progress_init(struct enrollment *e)
{
	memset(e, 0, sizeof *e);
	for (int f = 0; f < PG_NENROLLMENT; f++)
		if (progress_fields[f].kind == PGK_INT || progress_fields[f].kind == PGK_FLAG)
			*(int *)((char *)e + progress_fields[f].off) = -1;
}

/* Append a table's columns in progress_fields order, comma-separated, as a SELECT lists them. */
void
progress_columns(struct sbuf *out, enum progress_table t)
{
	const char *sep = "";

	for (int f = 0; f < PROGRESS_NFIELDS; f++) {
		if (progress_fields[f].table != t)
			continue;
		sbuf_add(out, sep);
		sbuf_add(out, f == PG_UNIT ? "coalesce(unit_name, (SELECT name FROM unit "
		    "WHERE unit.id = enrollment.unit_id))" : progress_fields[f].name);
		sep = ", ";
	}
}

/* Check a detail typed as text; whole numbers and flags go to *n. 0, or -1 with why. */
int
progress_parse(int field, const char *value, long *n, char *why, size_t whylen)
{
	char norm[256];

	return progress_norm(field, value, norm, sizeof norm, n, why, whylen);
}

/* Check a detail as typed and write the text to store into norm (see progress.h). */
int
progress_norm(int field, const char *value, char *norm, size_t normlen, long *n, char *why,
    size_t whylen)
{
	const struct progress_field *f = &progress_fields[field];
	int flag, days;

	if (normlen == 0)
		return -1;
	norm[0] = '\0';
	if (f->kind != PGK_TEXT) {
		char typed[256];
		if (strlen(value) >= sizeof typed) {
			snprintf(why, whylen, tr("is too long (%zu bytes)"), strlen(value));
			return -1;
		}
		/* as typed: spaces around, and full-width digits, letters and '－' from an input method */
		field_ascii(value, typed, sizeof typed, 1);
		snprintf(norm, normlen, "%s", typed);
		value = norm;
	} else {
		snprintf(norm, normlen, "%s", value);
	}

	switch (f->kind) {
	case PGK_ENUM: {
		/* the value, or its label (培训 for training) */
		char code[64];
		if (label_parse(value, f->allowed, code, sizeof code, why, whylen) != 0)
			return -1;
		snprintf(norm, normlen, "%s", code);
		return 0;
	}
	case PGK_DATE:
		if (date_parse(value, &days) != 0) {
			snprintf(why, whylen, tr("'%.40s' is not a date; expected YYYY-MM-DD, e.g. 2017-07-01"),
			    value);
			return -1;
		}
		return 0;
	case PGK_INT:
		return field_int(value, f->lo, f->hi, n, why, whylen);
	case PGK_FLAG:
		if (field_flag(value, &flag, why, whylen) != 0)
			return -1;
		*n = flag;
		return 0;
	case PGK_TEXT: {
		/* stored in NFC */
		char *nfc;
		if (field_text(value, (size_t)f->hi, why, whylen) != 0)
			return -1;
		nfc = utext_nfc(value);
		snprintf(norm, normlen, "%s", nfc);
		free(nfc);
		return 0;
	}
	}
	return -1;
}

/* Check an enrollment's values: 0, or EX_DATAERR with the field named. */
int
progress_check(const struct enrollment *e, struct diag *d)
{
	char why[256];
	long n;

	if (e->person_id == NULL)
		return diag_set(d, EX_DATAERR, "enrollment: no person");
	for (int i = 0; i < PG_NENROLLMENT; i++)
		if (progress_fields[i].required &&
		    *(const char *const *)((const char *)e + progress_fields[i].off) == NULL)
			return diag_set(d, EX_DATAERR, "enrollment: %s is required",
			    tr(progress_fields[i].label_en));
	for (int i = 0; i < PG_NENROLLMENT; i++) {
		const struct progress_field *f = &progress_fields[i];
		const void *at = (const char *)e + f->off;
		if (f->kind == PGK_INT || f->kind == PGK_FLAG) {
			int v = *(const int *)at;
			if (v != -1 && (v < f->lo || v > f->hi))
				return diag_set(d, EX_DATAERR, "%s: %d; expected %d to %d", tr(f->label_en), v,
				    f->lo, f->hi);
		} else {
			const char *v = *(const char *const *)at;
			if (v != NULL && progress_parse(i, v, &n, why, sizeof why) != 0)
				return diag_set(d, EX_DATAERR, "%s: %s", tr(f->label_en), why);
		}
	}
	if (e->start_date != NULL && e->end_date != NULL && strcmp(e->end_date, e->start_date) < 0)
		return diag_set(d, EX_DATAERR, "end: %s is before the start %s", e->end_date,
		    e->start_date);
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
	struct sbuf sql = SBUF_INIT;
	int64_t now;
	int ret;

	if ((ret = progress_check(e, d)) != 0)
		return ret;
	now = db_now_ms();
	e->id = db_new_key(db);
	sbuf_add(&sql, "INSERT INTO enrollment (id, person_id");
	for (int f = 0; f < PG_NENROLLMENT; f++)
		sbuf_addf(&sql, ", %s", progress_fields[f].name);
	sbuf_add(&sql, ", created_at, updated_at, created_by) VALUES (?1, ?2");
	for (int f = 0; f < PG_NENROLLMENT; f++)
		sbuf_addf(&sql, ", ?%d", 3 + f);
	sbuf_addf(&sql, ", ?%d, ?%d, ?%d)", 3 + PG_NENROLLMENT, 3 + PG_NENROLLMENT,
	    4 + PG_NENROLLMENT);
	struct db_stmt *st = db_cached(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(st, 1, e->id);
	db_bind_text(st, 2, e->person_id);
	for (int f = 0; f < PG_NENROLLMENT; f++) {
		const void *at = (const char *)e + progress_fields[f].off;
		if (progress_fields[f].kind == PGK_INT)
			progress_bind_num(st, 3 + f, *(const int *)at);
		else if (progress_fields[f].kind == PGK_FLAG)
			db_bind_flag(st, 3 + f, *(const int *)at);
		else
			db_bind_text(st, 3 + f, *(const char *const *)at);
	}
	db_bind_int(st, 3 + PG_NENROLLMENT, now);
	db_bind_text(st, 4 + PG_NENROLLMENT, db_user(db));
	return db_run(st, "adding the enrollment", d);
}

/* Insert a certificate (level 1-5, issued_on YYYY-MM-DD) inside the open transaction. */
int
progress_certificate(struct db *db, const char *person_id, int level, const char *issued_on,
    const char *occupation, const char *enrollment_id, struct diag *d)
{
	const struct progress_field *lv = &progress_fields[PG_LEVEL];
	int64_t now;
	char why[256];
	long n;
	int ret;

	if (level < lv->lo || level > lv->hi)
		return diag_set(d, EX_DATAERR, "certificate level: %d; expected %d (高级技师) to %d (初级)",
		    level, lv->lo, lv->hi);
	/* the date is required, the occupation is not; both as progress_fields declares them */
	const int fields[] = { PG_ISSUED_ON, PG_OCCUPATION };
	const char *values[] = { issued_on != NULL ? issued_on : "", occupation };
	char nv[2][256];
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (values[i] != NULL && progress_norm(fields[i], values[i], nv[i], sizeof nv[i], &n,
		    why, sizeof why) != 0)
			return diag_set(d, EX_DATAERR, "%s: %s", tr(progress_fields[fields[i]].label_en),
			    why);
	issued_on = nv[0];
	now = db_now_ms();
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
	db_bind_int(st, 7, now);
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
	int64_t now;

	now = db_now_ms();
	struct db_stmt *st = db_cached(db, "WITH s(stage) AS (SELECT coalesce("
	    "(SELECT CASE kind WHEN 'employment' THEN 'employed' ELSE kind END FROM enrollment "
	    " WHERE person_id = ?1 AND status = 'active' ORDER BY start_date DESC, id DESC LIMIT 1),"
	    "(SELECT 'employed' FROM enrollment WHERE person_id = ?1 AND kind = 'employment' "
	    " AND status = 'completed' LIMIT 1), 'registered')) "
	    "UPDATE person SET stage = (SELECT stage FROM s), updated_at = ?2 "
	    "WHERE id = ?1 AND stage <> 'closed' AND stage <> (SELECT stage FROM s)");
	db_bind_text(st, 1, person_id);
	db_bind_int(st, 2, now);
	return db_run(st, "setting the stage", d);
}

/* What progress_update_status writes (progress_record too, when asked). */
struct progress_status_args {
	const char *person_id, *status;
	const char *since;      /* the day the job or business began, or NULL */
};

/* What progress_record writes. */
struct progress_args {
	struct enrollment *e;
	int cert_level;
	const char *cert_date, *occupation;
	bool update_status;
};

static int progress_status_work(struct db *db, void *arg, struct diag *d);

/* progress_record's work inside its transaction. */
static int
progress_record_work(struct db *db, void *arg, struct diag *d)
{
	struct progress_args *a = arg;
	int ret;

	if ((ret = role_check(db, ROLE_ACT_PROGRESS, a->e->person_id, d)) != 0 ||
	    (ret = progress_insert(db, a->e, d)) != 0 ||
	    (a->cert_level > 0 && (ret = progress_certificate(db, a->e->person_id, a->cert_level,
	    a->cert_date, a->occupation, a->e->id, d)) != 0))
		return ret;
	if ((ret = progress_restage(db, a->e->person_id, d)) != 0)
		return ret;
	if (a->update_status && progress_employment_status(a->e->kind) != NULL) {
		struct progress_status_args s = { a->e->person_id,
		    progress_employment_status(a->e->kind), a->e->start_date };
		ret = progress_status_work(db, &s, d);
	}
	return ret;
}

/* Record progress as one user action: the enrollment, a certificate from it when level > 0,
 * the person's new stage and, when update_status is set and the entry is a startup or a job,
 * the employment status it implies, in one transaction. */
int
progress_record(struct db *db, struct enrollment *e, int cert_level, const char *cert_date,
    const char *occupation, bool update_status, struct diag *d)
{
	struct progress_args a = { e, cert_level, cert_date, occupation, update_status };
	char nv[PG_NENROLLMENT][256], why[256];
	const char *typed[PG_NENROLLMENT];
	long n;
	int ret;

	/* the enrollment's dates and enumerations as they are stored, whatever was typed (a bad
	 * one is left for progress_check to name) */
	for (int f = 0; f < PG_NENROLLMENT; f++) {
		const char **at = (const char **)((char *)e + progress_fields[f].off);
		typed[f] = NULL;
		if ((progress_fields[f].kind == PGK_ENUM || progress_fields[f].kind == PGK_DATE) &&
		    *at != NULL && progress_norm(f, *at, nv[f], sizeof nv[f], &n, why, sizeof why) == 0) {
			typed[f] = *at;
			*at = nv[f];
		}
	}
	ret = db_transaction(db, progress_record_work, &a, d);
	for (int f = 0; f < PG_NENROLLMENT; f++)
		if (typed[f] != NULL)
			*(const char **)((char *)e + progress_fields[f].off) = typed[f];
	return ret;
}

/* Set one detail of an enrollment or certificate row from checked text, inside the open
 * transaction, and set the person's stage again. */
int
progress_set(struct db *db, const char *person_id, int field, const char *row_key,
    const char *value, struct diag *d)
{
	const struct progress_field *f = &progress_fields[field];
	int64_t now;
	char why[256], nv[256];
	long n = 0;

	if (progress_norm(field, value, nv, sizeof nv, &n, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s: %s", tr(f->label_en), why);
	now = db_now_ms();
	/* the identifiers are progress_fields' own (as in the insert), never the caller's text; every
	 * value is bound */
	struct sbuf sql = SBUF_INIT;
	sbuf_add(&sql, f->table == PGT_CERTIFICATE ? "UPDATE certificate SET " : "UPDATE enrollment SET ");
	sbuf_add(&sql, f->name);
	sbuf_add(&sql, " = ?1, updated_at = ?3 WHERE id = ?2 AND person_id = ?4");
	struct db_stmt *st = db_cached(db, sbuf_str(&sql));
	sbuf_free(&sql);
	if (f->kind == PGK_INT || f->kind == PGK_FLAG)
		db_bind_int(st, 1, n);
	else
		db_bind_text(st, 1, nv);
	db_bind_text(st, 2, row_key);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, person_id);
	int ret = db_run(st, "saving the answer", d);
	if (ret != 0)
		return ret;
	if (db_changes(db) != 1)
		return f->table == PGT_CERTIFICATE ?
		    diag_set(d, EX_DATAERR, "%s: no such certificate of the person", row_key) :
		    diag_set(d, EX_DATAERR, "%s: no such enrollment of the person", row_key);
	return progress_restage(db, person_id, d);
}

/* Where a progress row is: its table ("enrollment" or "certificate") into *tbl and its person
 * into *person_id (caller frees). EX_DATAERR naming the key when neither table has it. */
static int
progress_find(struct db *db, const char *row_id, enum progress_table *tbl, char **person_id,
    struct diag *d)
{
	static const char *sql[] = {
		[PGT_ENROLLMENT] = "SELECT person_id FROM enrollment WHERE id = ?1",
		[PGT_CERTIFICATE] = "SELECT person_id FROM certificate WHERE id = ?1",
	};
	int ret;

	*person_id = NULL;
	for (int t = PGT_ENROLLMENT; t <= PGT_CERTIFICATE; t++) {
		struct db_stmt *st = db_cached(db, sql[t]);
		db_bind_text(st, 1, row_id);
		ret = db_step(st, "reading the progress entry", d);
		if (ret == DB_ROW) {
			*tbl = (enum progress_table)t;
			*person_id = xstrdup(db_col_text(st, 0));
		}
		db_reset(st);
		if (ret == DB_ROW)
			return 0;
		if (ret != DB_DONE)
			return ret;
	}
	return diag_set(d, EX_DATAERR, "%s: no such progress entry or certificate; the ids are in "
	    "jobdesk person show KEY --format json", row_id);
}

/* Check a correction's reason: one line of text, 1 to 500 bytes. */
static int
progress_reason(const char *reason, struct diag *d)
{
	char why[256];

	if (reason == NULL || reason[0] == '\0' || strspn(reason, " \t") == strlen(reason))
		return diag_set(d, EX_DATAERR, "reason: is required; say why the entry was wrong");
	if (field_text(reason, 500, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "reason: %s", why);
	return 0;
}

/* Write the correction row of a fix or a removal, inside the open transaction. */
static int
progress_correction(struct db *db, const char *person_id, enum progress_table tbl,
    const char *row_id, const char *op, const char *reason, struct diag *d)
{
	int64_t now;
	char *id = db_new_key(db);

	now = db_now_ms();
	struct db_stmt *st = db_cached(db, "INSERT INTO correction (id, person_id, tbl, row_key, op, "
	    "reason, created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, person_id);
	db_bind_text(st, 3, tbl == PGT_CERTIFICATE ? "certificate" : "enrollment");
	db_bind_text(st, 4, row_id);
	db_bind_text(st, 5, op);
	char *nfc = utext_nfc(reason);          /* stored in NFC */
	db_bind_text(st, 6, nfc);
	db_bind_int(st, 7, now);
	db_bind_text(st, 8, db_user(db));
	int ret = db_run(st, "recording the correction", d);
	free(nfc);
	free(id);
	return ret;
}

/* What progress_fix and progress_remove write. */
struct progress_fix_args {
	const char *row_id;
	const struct progress_value *vals;
	int n;
	const char *reason;
};

/* Set one detail of a row to a checked value, or clear it (value NULL or ""). */
static int
progress_fix_one(struct db *db, enum progress_table tbl, const char *row_id,
    const struct progress_value *v, int64_t now, struct diag *d)
{
	const struct progress_field *f = &progress_fields[v->field];
	bool clear = v->value == NULL || v->value[0] == '\0';
	char why[256], nv[256];
	long n = 0;

	if (clear && (f->required || v->field == PG_LEVEL || v->field == PG_ISSUED_ON))
		return diag_set(d, EX_DATAERR, "%s: is required and cannot be cleared", tr(f->label_en));
	if (!clear && progress_norm(v->field, v->value, nv, sizeof nv, &n, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s: %s", tr(f->label_en), why);
	/* the identifiers are progress_fields' own, never the caller's text; values are bound */
	struct sbuf sql = SBUF_INIT;
	sbuf_add(&sql, tbl == PGT_CERTIFICATE ? "UPDATE certificate SET " : "UPDATE enrollment SET ");
	sbuf_add(&sql, f->name);
	sbuf_add(&sql, " = ?1, updated_at = ?3 WHERE id = ?2");
	struct db_stmt *st = db_cached(db, sbuf_str(&sql));
	sbuf_free(&sql);
	if (clear)
		db_bind_null(st, 1);
	else if (f->kind == PGK_INT || f->kind == PGK_FLAG)
		db_bind_int(st, 1, n);
	else
		db_bind_text(st, 1, nv);
	db_bind_text(st, 2, row_id);
	db_bind_int(st, 3, now);
	return db_run(st, "correcting the entry", d);
}

/* EX_DATAERR (reason PROGRESS_DECIDED) when a live decision (proposed or approved) of the person
 * rests on the entry row_id, naming it and saying `then` (a message id: what may be done once
 * the decision is gone); 0 when none does. */
static int
progress_decided(struct db *db, const char *pid, const char *row_id, const char *then,
    struct diag *d)
{
	struct db_stmt *st = db_cached(db, "SELECT id, decided_on, status FROM decision "
	    "WHERE person_id = ?1 AND subject_key = ?2 AND status IN ('proposed', 'approved', 'paid', "
	    "'decided') "
	    "ORDER BY decided_on, id LIMIT 1");
	int ret;

	db_bind_text(st, 1, pid);
	db_bind_text(st, 2, row_id);
	if ((ret = db_step(st, "looking for decisions on the entry", d)) == DB_ROW) {
		char num[NOTICE_NUMBER_LEN];  /* the number its notice prints */
		notice_number(db_col_text(st, 0), num);
		ret = diag_set(d, EX_DATAERR, "the %s decision of %s (%s) rests on this entry: %s",
		    tr(db_col_text(st, 2)), db_col_text(st, 1), num, tr(then));
		d->reason = PROGRESS_DECIDED;
	}
	db_reset(st);
	return ret;
}

/* Whether a detail says what the entry is (its kind, dates, hours, level...), which a decision
 * resting on the entry was made on; the others (status, end, a name) follow what happens. */
static bool
progress_defining(int field)
{
	switch (field) {
	case PG_KIND: case PG_START: case PG_TRAINING_KIND: case PG_CLASS_HOURS:
	case PG_STARTUP_KIND: case PG_FIRST_TIME: case PG_LICENSE_DATE: case PG_PROGRAM:
	case PG_EMPLOYER_KIND: case PG_LEVEL: case PG_ISSUED_ON:
		return true;
	default:
		return false;
	}
}

/* progress_fix's work inside its transaction. */
static int
progress_fix_work(struct db *db, void *arg, struct diag *d)
{
	struct progress_fix_args *a = arg;
	enum progress_table tbl;
	int64_t now;
	char *pid = NULL;
	int ret;

	if ((ret = progress_find(db, a->row_id, &tbl, &pid, d)) != 0)
		return ret;
	if ((ret = role_check(db, ROLE_ACT_PROGRESS, pid, d)) != 0) {
		free(pid);
		return ret;
	}
	/* what the entry is stays as a live decision saw it */
	for (int i = 0; i < a->n && ret == 0; i++)
		if (progress_defining(a->vals[i].field))
			ret = progress_decided(db, pid, a->row_id, N_("what it is (its kind, dates, "
			    "hours or level) can be corrected once that decision is rejected or revoked"),
			    d);
	now = db_now_ms();
	for (int i = 0; i < a->n && ret == 0; i++) {
		const struct progress_value *v = &a->vals[i];
		if (v->field < 0 || v->field >= PROGRESS_NFIELDS)
			ret = diag_set(d, EX_SOFTWARE, "progress_fix: field %d", v->field);
		else if (progress_fields[v->field].table != tbl)
			ret = tbl == PGT_CERTIFICATE ?
			    diag_set(d, EX_DATAERR, "%s: a certificate has no %s; it has a level, the "
			    "date it was issued and an occupation", a->row_id,
			    tr(progress_fields[v->field].label_en)) :
			    diag_set(d, EX_DATAERR, "%s: an enrollment has no %s; correct the certificate "
			    "itself", a->row_id, tr(progress_fields[v->field].label_en));
		else
			ret = progress_fix_one(db, tbl, a->row_id, v, now, d);
	}
	if (ret == 0 && tbl == PGT_ENROLLMENT) {
		/* the whole entry as it now stands: the end not before the start */
		struct db_stmt *st = db_cached(db, "SELECT start_date, end_date FROM enrollment "
		    "WHERE id = ?1 AND end_date < start_date");
		db_bind_text(st, 1, a->row_id);
		if ((ret = db_step(st, "checking the entry", d)) == DB_ROW)
			ret = diag_set(d, EX_DATAERR, "end: %s is before the start %s", db_col_text(st, 1),
			    db_col_text(st, 0));
		db_reset(st);
	}
	if (ret == 0)
		ret = progress_correction(db, pid, tbl, a->row_id, "fix", a->reason, d);
	if (ret == 0)
		ret = progress_restage(db, pid, d);
	free(pid);
	return ret;
}

/* Correct an enrollment or a certificate entered in error, as one user action. */
int
progress_fix(struct db *db, const char *row_id, const struct progress_value *vals, int n,
    const char *reason, struct diag *d)
{
	struct progress_fix_args a = { row_id, vals, n, reason };
	int ret;

	if ((ret = progress_reason(reason, d)) != 0)
		return ret;
	if (n <= 0)
		return diag_set(d, EX_DATAERR, "%s: nothing to correct; give the details to change",
		    row_id);
	return db_transaction(db, progress_fix_work, &a, d);
}

/* progress_remove's work inside its transaction. */
static int
progress_remove_work(struct db *db, void *arg, struct diag *d)
{
	struct progress_fix_args *a = arg;
	enum progress_table tbl;
	char *pid = NULL;
	int ret;

	if ((ret = progress_find(db, a->row_id, &tbl, &pid, d)) != 0)
		return ret;
	if ((ret = role_check(db, ROLE_ACT_PROGRESS, pid, d)) == 0 &&
	    (ret = progress_decided(db, pid, a->row_id, N_("it can be removed once that decision is "
	    "rejected or revoked"), d)) == 0) {
		struct db_stmt *st = db_cached(db, tbl == PGT_CERTIFICATE ?
		    "DELETE FROM certificate WHERE id = ?1" : "DELETE FROM enrollment WHERE id = ?1");
		db_bind_text(st, 1, a->row_id);
		ret = db_run(st, "removing the entry", d);
	}
	if (ret == 0)
		ret = progress_correction(db, pid, tbl, a->row_id, "remove", a->reason, d);
	if (ret == 0)
		ret = progress_restage(db, pid, d);
	free(pid);
	return ret;
}

/* Whether the entry row_id may be removed now, reading only: 0, or EX_DATAERR (reason
 * PROGRESS_DECIDED when a live decision rests on it) saying why not. */
int
progress_removable(struct db *db, const char *row_id, struct diag *d)
{
	enum progress_table tbl;
	char *pid = NULL;
	int ret;

	if ((ret = progress_find(db, row_id, &tbl, &pid, d)) == 0)
		ret = progress_decided(db, pid, row_id, N_("it can be removed once that decision is "
		    "rejected or revoked"), d);
	free(pid);
	return ret;
}

/* Remove an enrollment or a certificate entered in error, as one user action. */
int
progress_remove(struct db *db, const char *row_id, const char *reason, struct diag *d)
{
	struct progress_fix_args a = { row_id, NULL, 0, reason };
	int ret;

	if ((ret = progress_reason(reason, d)) != 0)
		return ret;
	return db_transaction(db, progress_remove_work, &a, d);
}

/* The employment status a recorded enrollment kind implies: startup → self_employed,
 * employment → employed; NULL for the others. */
const char *
progress_employment_status(const char *kind)
{
	if (kind == NULL)
		return NULL;
	if (strcmp(kind, "startup") == 0)
		return "self_employed";
	if (strcmp(kind, "employment") == 0)
		return "employed";
	return NULL;
}


/* progress_update_status's work inside its transaction. */
static int
progress_status_work(struct db *db, void *arg, struct diag *d)
{
	struct progress_status_args *a = arg;
	int64_t now;
	int ret;

	if ((ret = role_check(db, ROLE_ACT_PROGRESS, a->person_id, d)) != 0)
		return ret;
	now = db_now_ms();
	/* a registration still open ends the day before the work began, so that a training it
	 * covered stays covered (the day is kept when the counselor entered one) */
	struct db_stmt *st = db_cached(db, "UPDATE person SET employment_status = ?2, "
	    "registered_unemployed = 0, registered_unemployed_until = CASE WHEN registered_unemployed = 1 "
	    "AND registered_unemployed_until IS NULL AND registered_unemployed_from IS NOT NULL "
	    "AND date(?4, '-1 day') >= registered_unemployed_from THEN date(?4, '-1 day') "
	    "ELSE registered_unemployed_until END, updated_at = ?3 WHERE id = ?1 AND "
	    "(employment_status, registered_unemployed) IS NOT (?2, 0)");
	db_bind_text(st, 1, a->person_id);
	db_bind_text(st, 2, a->status);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, a->since);
	return db_run(st, "updating the employment status", d);
}

/* After a startup or a job begun on since (or NULL): set the person's employment status to what
 * the kind implies and registered_unemployed to false, ending an open registration the day before,
 * as one user action. EX_DATAERR for another kind. */
int
progress_update_status(struct db *db, const char *person_id, const char *kind, const char *since,
    struct diag *d)
{
	struct progress_status_args a = { person_id, progress_employment_status(kind), since };

	if (a.status == NULL)
		return diag_set(d, EX_DATAERR, "%s: only a startup or a job changes the employment "
		    "status", kind != NULL ? kind : "-");
	return db_transaction(db, progress_status_work, &a, d);
}
