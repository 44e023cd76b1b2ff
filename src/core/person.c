/* A job seeker's record: the person row with its household flags and insurance, as named fields.
 * Read one at a time (person_load, person_list), written many in one transaction
 * (person_writer) or one as a user action (person_add, person_update: each a db_transaction). */
#include "core/person.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/db.h"
#include "core/outbox.h"
#include "core/role.h"
#include "core/label.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/pinyin.h"
#include "util/utext.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static const char edu_values[] = "none|primary|junior_high|senior_high|secondary_vocational|"
    "technical_school|junior_college|bachelor|master|doctorate";
/* The kinds of employer, of the person and of a job (progress_fields). */
const char person_employer_kinds[] = "enterprise|social_org|public_institution|government|none";

const struct person_field person_fields[PERSON_NFIELDS] = {
	[PF_ID] = { "id", PK_ID, PT_PERSON, NULL, N_("case id") },
	[PF_ID_NUMBER] = { "id_number", PK_IDNUM, PT_PERSON, NULL, N_("ID number") },
	[PF_NAME] = { "name", PK_NAME, PT_PERSON, NULL, N_("name") },
	[PF_SEX] = { "sex", PK_ENUM, PT_PERSON, "male|female", N_("sex") },
	[PF_BIRTH_DATE] = { "birth_date", PK_DATE, PT_PERSON, NULL, N_("birth date") },
	[PF_PHONE] = { "phone", PK_PHONE, PT_PERSON, NULL, N_("phone") },
	[PF_HUKOU_PROVINCE] = { "hukou_province", PK_PROVINCE, PT_PERSON, NULL,
	    N_("hukou province") },
	[PF_HUKOU_TYPE] = { "hukou_type", PK_ENUM, PT_PERSON, "rural|urban", N_("hukou type") },
	[PF_EDUCATION] = { "education", PK_ENUM, PT_PERSON, edu_values, N_("education") },
	[PF_GRADUATION_DATE] = { "graduation_date", PK_DATE, PT_PERSON, NULL, N_("graduation date") },
	[PF_CONTINUING_STUDY] = { "continuing_study", PK_FLAG, PT_PERSON, NULL, N_("continuing study") },
	[PF_DISABLED] = { "disabled", PK_FLAG, PT_PERSON, NULL, N_("disabled") },
	[PF_STUDENT_LOAN] = { "student_loan", PK_FLAG, PT_PERSON, NULL, N_("student loan") },
	[PF_VETERAN] = { "veteran", PK_ENUM, PT_PERSON, "none|demobilised_soldier|transferred_officer",
	    N_("veteran") },
	[PF_REGISTERED_UNEMPLOYED] = { "registered_unemployed", PK_FLAG, PT_PERSON, NULL,
	    N_("registered unemployed") },
	[PF_EMPLOYMENT_DIFFICULTY] = { "employment_difficulty", PK_FLAG, PT_PERSON, NULL,
	    N_("employment difficulty") },
	[PF_OVERCAPACITY_WORKER] = { "overcapacity_worker", PK_FLAG, PT_PERSON, NULL,
	    N_("overcapacity worker") },
	[PF_RURAL_TRANSFER_WORKER] = { "rural_transfer_worker", PK_FLAG, PT_PERSON, NULL,
	    N_("rural transfer worker") },
	[PF_RETURNEE_ENTREPRENEUR] = { "returnee_entrepreneur", PK_FLAG, PT_PERSON, NULL,
	    N_("returnee entrepreneur") },
	[PF_JOB_SEEKING] = { "job_seeking", PK_FLAG, PT_PERSON, NULL, N_("job seeking") },
	[PF_EMPLOYMENT_STATUS] = { "employment_status", PK_ENUM, PT_PERSON,
	    "employed|unemployed|self_employed|flexible|student", N_("employment status") },
	[PF_EMPLOYER_KIND] = { "employer_kind", PK_ENUM, PT_PERSON, person_employer_kinds,
	    N_("employer kind") },
	[PF_COUNSELOR] = { "counselor", PK_TEXT, PT_PERSON, NULL, N_("counselor") },
	[PF_STAGE] = { "stage", PK_ENUM, PT_PERSON,
	    "registered|training|internship|startup|grassroots|employed|closed", N_("stage") },
	[PF_NEXT_FOLLOWUP] = { "next_followup", PK_DATE, PT_PERSON, NULL, N_("next follow-up") },
	[PF_LOW_INCOME] = { "low_income", PK_FLAG, PT_HOUSEHOLD, NULL, N_("low-income family") },
	[PF_POOR_DISABLED] = { "poor_disabled", PK_FLAG, PT_HOUSEHOLD, NULL, N_("poor disabled family") },
	[PF_REGISTERED_POOR] = { "registered_poor", PK_FLAG, PT_HOUSEHOLD, NULL,
	    N_("registered poor family") },
	[PF_EXTREMELY_POOR] = { "extremely_poor", PK_FLAG, PT_HOUSEHOLD, NULL, N_("extremely poor") },
	[PF_ZERO_EMPLOYMENT] = { "zero_employment", PK_FLAG, PT_HOUSEHOLD, NULL,
	    N_("zero-employment family") },
	[PF_UNEMPLOYMENT_MONTHS] = { "unemployment_months", PK_MONTHS, PT_INSURANCE, NULL,
	    N_("unemployment insurance months") },
	[PF_SOCIAL_INSURANCE] = { "social_insurance", PK_FLAG, PT_INSURANCE, NULL,
	    N_("paying social insurance") },
	[PF_ABLE_TO_WORK] = { "able_to_work", PK_FLAG, PT_PERSON, NULL, N_("able to work") },
	[PF_REGISTERED_UNEMPLOYED_FROM] = { "registered_unemployed_from", PK_DATE, PT_PERSON, NULL,
	    N_("registered from") },
	[PF_REGISTERED_UNEMPLOYED_UNTIL] = { "registered_unemployed_until", PK_DATE, PT_PERSON,
	    NULL, N_("registered until") },
	[PF_EMPLOYER_SIZE] = { "employer_size", PK_ENUM, PT_PERSON, "micro|small|medium|large",
	    N_("employer size") },
	[PF_HIRED_ON] = { "hired_on", PK_DATE, PT_PERSON, NULL, N_("hired on") },
	[PF_RECEIVING_BENEFIT] = { "receiving_benefit", PK_FLAG, PT_INSURANCE, NULL,
	    N_("receiving benefit") },
	[PF_BENEFIT_UNTIL] = { "benefit_until", PK_DATE, PT_INSURANCE, NULL,
	    N_("benefit until") },
};

/* Every field in the order a counselor reads them: a status beside its dates, the employer's
 * kind beside its size and the day of hiring, the benefit beside the contributions. */
const int person_field_order[PERSON_NFIELDS] = {
	PF_ID, PF_ID_NUMBER, PF_NAME, PF_SEX, PF_BIRTH_DATE, PF_PHONE, PF_HUKOU_PROVINCE,
	PF_HUKOU_TYPE, PF_EDUCATION, PF_GRADUATION_DATE, PF_CONTINUING_STUDY, PF_DISABLED,
	PF_STUDENT_LOAN, PF_VETERAN, PF_ABLE_TO_WORK, PF_REGISTERED_UNEMPLOYED,
	PF_REGISTERED_UNEMPLOYED_FROM, PF_REGISTERED_UNEMPLOYED_UNTIL, PF_EMPLOYMENT_DIFFICULTY,
	PF_OVERCAPACITY_WORKER, PF_RURAL_TRANSFER_WORKER, PF_RETURNEE_ENTREPRENEUR, PF_JOB_SEEKING,
	PF_EMPLOYMENT_STATUS, PF_EMPLOYER_KIND, PF_EMPLOYER_SIZE, PF_HIRED_ON, PF_COUNSELOR,
	PF_STAGE, PF_NEXT_FOLLOWUP, PF_LOW_INCOME, PF_POOR_DISABLED, PF_REGISTERED_POOR,
	PF_EXTREMELY_POOR, PF_ZERO_EMPLOYMENT, PF_UNEMPLOYMENT_MONTHS, PF_SOCIAL_INSURANCE,
	PF_RECEIVING_BENEFIT, PF_BENEFIT_UNTIL,
};

/* The columns of a loaded person, in person_fields order (household and insurance joined). */
#define PERSON_COLUMNS \
    "SELECT p.id, p.id_number, p.name, p.sex, p.birth_date, p.phone, p.hukou_province, " \
    "p.hukou_type, p.education, p.graduation_date, p.continuing_study, p.disabled, " \
    "p.student_loan, p.veteran, p.registered_unemployed, p.employment_difficulty, " \
    "p.overcapacity_worker, p.rural_transfer_worker, p.returnee_entrepreneur, p.job_seeking, " \
    "p.employment_status, p.employer_kind, p.counselor, p.stage, p.next_followup, " \
    "h.low_income, h.poor_disabled, h.registered_poor, h.extremely_poor, h.zero_employment, " \
    "i.unemployment_months, i.social_insurance, p.able_to_work, p.registered_unemployed_from, " \
    "p.registered_unemployed_until, p.employer_size, p.hired_on, i.receiving_benefit, " \
    "i.benefit_until, p.updated_at "
#define PERSON_FROM \
    "FROM person p LEFT JOIN household h ON h.id = p.household_id " \
    "LEFT JOIN insurance i ON i.person_id = p.id "
#define PERSON_SELECT PERSON_COLUMNS PERSON_FROM

const char person_select_sql[] = PERSON_SELECT;

struct person_writer {
	struct db *db;
	struct db_stmt *dup, *household, *person, *insurance;
};

struct person_list {
	struct db_stmt *st;
	bool mask;          /* ID numbers masked: a role that may not copy the office (core/role.c) */
	int scope_failed;   /* the user's offices could not be read: the code, said at the first row */
	struct diag scope_diag;
};

/* The field index of a name ("hukou_type" or "hukou-type"), or -1. */
int
person_field_find(const char *name)
{
	char buf[64];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof buf; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
	for (int f = 0; f < PERSON_NFIELDS; f++)
		if (strcmp(person_fields[f].name, buf) == 0)
			return f;
	return -1;
}

/* Copy s into out of size len (cut to fit, NUL-terminated): snprintf's "%s" without its
 * formatting, which an import calls for each of 38 cells a row. */
static void
person_copy(char *out, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len)
		n = len - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Check one value by the field's kind against today, writing the normalised text into norm. */
static int
person_check(int field, const char *value, int today, char *norm, size_t normlen, char *why,
    size_t whylen)
{
	const struct person_field *f = &person_fields[field];
	struct idnum id;
	char phone[12];
	int days, flag;
	long n;

	switch (f->kind) {
	case PK_ID:
		snprintf(why, whylen, tr("is given by jobdesk and cannot be set"));
		return -1;
	case PK_IDNUM:
		if (idnum_parse(value, today, &id, why, whylen) != 0)
			return -1;
		person_copy(norm, normlen, id.number);
		return 0;
	case PK_NAME:
		if (field_name(value, why, whylen) != 0)
			return -1;
		break;
	case PK_TEXT:
		if (field_text(value, 64, why, whylen) != 0)
			return -1;
		if (strchr(value, '\n') != NULL || strchr(value, '\t') != NULL) {
			snprintf(why, whylen, tr("has a line break or tab; expected one line"));
			return -1;
		}
		break;
	case PK_ENUM:
		/* the value, or its label in Chinese or English (农村, rural area) */
		return label_parse(value, f->allowed, norm, normlen, why, whylen);
	case PK_FLAG:
		if (field_flag(value, &flag, why, whylen) != 0)
			return -1;
		person_copy(norm, normlen, flag ? "1" : "0");
		return 0;
	case PK_DATE:
		if (date_parse(value, &days) != 0) {
			snprintf(why, whylen, tr("'%.40s' is not a date; expected YYYY-MM-DD, e.g. 2017-07-01"),
			    value);
			return -1;
		}
		if (field == PF_GRADUATION_DATE && days > date_add_months(today,
		    12 * PERSON_GRADUATION_YEARS)) {
			/* a student's expected graduation: the longest course a job seeker can be in
			 * is eight years (an eight-year medical programme, 本硕博连读) */
			char bound[11];
			snprintf(why, whylen, tr("%s is more than %d years from today (%s); expected the "
			    "day of graduation, or the expected one for a student (the longest course of "
			    "study, an eight-year medical programme, ends by then)"), value,
			    PERSON_GRADUATION_YEARS, date_format(date_add_months(today,
			    12 * PERSON_GRADUATION_YEARS), bound));
			return -1;
		}
		break;
	case PK_PHONE:
		if (field_phone(value, phone, why, whylen) != 0)
			return -1;
		person_copy(norm, normlen, phone);
		return 0;
	case PK_PROVINCE:
		/* a name as a counselor writes it (吉林省, 吉林, Jilin) is its code */
		if (!(strlen(value) == 2 && isdigit((unsigned char)value[0])) &&
		    label_province_code(value) != NULL) {
			snprintf(norm, normlen, "%s", label_province_code(value));
			return 0;
		}
		if (field_int(value, 11, 82, &n, why, whylen) != 0 || strlen(value) != 2) {
			snprintf(why, whylen, tr("'%.40s' is not a province; expected its name (Jilin) or "
			    "two digits from 11 to 82 (22 for Jilin)"), value);
			return -1;
		}
		break;
	case PK_MONTHS:
		if (field_int(value, 0, 1200, &n, why, whylen) != 0)
			return -1;
		snprintf(norm, normlen, "%ld", n);
		return 0;
	}
	if ((f->kind == PK_NAME || f->kind == PK_TEXT) && !utext_nfc_plain(value)) {
		/* text is stored and compared in NFC (composed é, not e and a combining accent) */
		char *nfc = utext_nfc(value);
		person_copy(norm, normlen, nfc);
		free(nfc);
		return 0;
	}
	person_copy(norm, normlen, value);
	return 0;
}

/* Whether field_ascii would give s (not empty) back unchanged: printable ASCII (inner spaces
 * too), with no space at either end (most cells of an import, which are then checked without a
 * copy); *len is its length when it is. */
static bool
person_ascii_plain(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ')
		return false;
	for (; *u != '\0'; u++)
		if (*u < ' ' || *u > '~')
			return false;
	if (u[-1] == ' ')
		return false;
	*len = (size_t)(u - (const unsigned char *)s);
	return true;
}

/* Check one field's text as a counselor typed it, against today, into norm (of normlen, at
 * least 256 bytes): 1 when it has a value, 0 when it is empty (no value), or -1 with why filled
 * in. */
static int
person_norm(int field, const char *value, int today, char *norm, size_t normlen, char *why,
    size_t whylen)
{
	char typed[256];
	size_t len = 0;  /* a plain ASCII value's length */
	int kind;

	if (field < 0 || field >= PERSON_NFIELDS) {
		snprintf(why, whylen, tr("is not a field"));
		return -1;
	}
	if (value == NULL || value[0] == '\0') {
		if (field == PF_NAME || field == PF_ID_NUMBER) {
			snprintf(why, whylen, tr("is required"));
			return -1;
		}
		return 0;
	}
	/* as a counselor types it: surrounding spaces trimmed; in numbers, dates and codes what an
	 * input method types full-width (２２０１…, ｘ, －) read as ASCII */
	if ((person_ascii_plain(value, &len) ? len : strlen(value)) >= sizeof typed) {
		snprintf(why, whylen, tr("is too long (%zu bytes)"), strlen(value));
		return -1;
	}
	if (len > 0)
		return person_check(field, value, today, norm, normlen, why, whylen) != 0 ? -1 : 1;
	kind = person_fields[field].kind;
	field_ascii(value, typed, sizeof typed, kind != PK_NAME && kind != PK_TEXT);
	/* only spaces is no value: refused, never read as unknown (an empty value clears,
	 * where clearing is what was asked) */
	if (typed[0] == '\0') {
		snprintf(why, whylen, tr("is only spaces; give a value, or leave it out when it is "
		    "unknown"));
		return -1;
	}
	return person_check(field, typed, today, norm, normlen, why, whylen) != 0 ? -1 : 1;
}

/* Check and set one field from text; an empty value clears it. 0, or -1 with why filled in. */
int
person_set(struct person *p, int field, const char *value, char *why, size_t whylen)
{
	char norm[256];
	int ret = person_norm(field, value, date_today(), norm, sizeof norm, why, whylen);

	if (ret < 0)
		return -1;
	free(p->v[field]);
	p->v[field] = ret > 0 ? xstrdup(norm) : NULL;
	return 0;
}

/* Check one cell of an import into p, as person_set does but with today given and without an
 * allocation: its normalised text is written at *at (which has room for 256 bytes up to end)
 * and p->v[field] points there, not owned (NULL for an empty cell); *at moves past it. 0, or -1
 * with why filled in. */
int
person_set_cell(struct person *p, int field, const char *value, int today, char **at,
    const char *end, char *why, size_t whylen)
{
	int ret;

	if (end - *at < 256) {
		snprintf(why, whylen, tr("is not a field"));
		return -1;
	}
	ret = person_norm(field, value, today, *at, (size_t)(end - *at), why, whylen);
	if (ret < 0)
		return -1;
	if (ret == 0) {
		p->v[field] = NULL;
		return 0;
	}
	p->v[field] = *at;
	*at += strlen(*at) + 1;
	return 0;
}

/* Fill in birth date and sex from the ID number and check they agree. The province the number
 * was first issued in is not the hukou's (CONTRACT): it is never filled in as a fact. */
int
person_complete(struct person *p, int today, char *why, size_t whylen)
{
	struct idnum id;
	const char *sex;
	char bad[256];

	if (p->v[PF_NAME] == NULL) {
		snprintf(why, whylen, tr("%s: %s"), tr(person_fields[PF_NAME].label_en), tr("is required"));
		return -1;
	}
	if (p->v[PF_ID_NUMBER] == NULL) {
		snprintf(why, whylen, tr("%s: %s"), tr(person_fields[PF_ID_NUMBER].label_en),
		    tr("is required"));
		return -1;
	}
	if (idnum_parse(p->v[PF_ID_NUMBER], today, &id, bad, sizeof bad) != 0) {
		snprintf(why, whylen, tr("%s: %s"), tr(person_fields[PF_ID_NUMBER].label_en), bad);
		return -1;
	}
	sex = id.male ? "male" : "female";
	if (p->v[PF_BIRTH_DATE] != NULL && strcmp(p->v[PF_BIRTH_DATE], id.birth_text) != 0) {
		snprintf(why, whylen, tr("birth date: %s disagrees with the ID number's %s; leave it out "
		    "or correct it"), p->v[PF_BIRTH_DATE], id.birth_text);
		return -1;
	}
	if (p->v[PF_SEX] != NULL && strcmp(p->v[PF_SEX], sex) != 0) {
		snprintf(why, whylen, tr("sex: %s disagrees with the ID number's %s (its 17th digit); "
		    "leave it out or correct it"), tr(p->v[PF_SEX]), tr(sex));
		return -1;
	}
	/* dates as stored compare as text */
	if (p->v[PF_REGISTERED_UNEMPLOYED_FROM] != NULL &&
	    p->v[PF_REGISTERED_UNEMPLOYED_UNTIL] != NULL &&
	    strcmp(p->v[PF_REGISTERED_UNEMPLOYED_UNTIL], p->v[PF_REGISTERED_UNEMPLOYED_FROM]) < 0) {
		snprintf(why, whylen, tr("%s: %s is before %s (%s); expected that day or later"),
		    tr(person_fields[PF_REGISTERED_UNEMPLOYED_UNTIL].label_en),
		    p->v[PF_REGISTERED_UNEMPLOYED_UNTIL],
		    tr(person_fields[PF_REGISTERED_UNEMPLOYED_FROM].label_en),
		    p->v[PF_REGISTERED_UNEMPLOYED_FROM]);
		return -1;
	}
	if (p->v[PF_BIRTH_DATE] == NULL)
		p->v[PF_BIRTH_DATE] = xstrdup(id.birth_text);
	if (p->v[PF_SEX] == NULL)
		p->v[PF_SEX] = xstrdup(sex);
	return 0;
}

/* Free the values of a person (not the struct). */
void
person_clear(struct person *p)
{
	for (int i = 0; i < PERSON_NFIELDS; i++) {
		free(p->v[i]);
		p->v[i] = NULL;
	}
	p->updated_at = 0;
}

/* Start adding persons; the caller holds a write transaction while using it. */
struct person_writer *
person_writer_new(struct db *db)
{
	struct person_writer *w = xcalloc(1, sizeof *w);

	w->db = db;
	w->dup = db_prepare(db, "SELECT id, name FROM person WHERE id_number = ?1");
	w->household = db_prepare(db, "INSERT INTO household (id, low_income, poor_disabled, "
	    "registered_poor, extremely_poor, zero_employment, created_at, updated_at, created_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)");
	w->person = db_prepare(db, "INSERT INTO person (id, id_number, name, sex, birth_date, phone, "
	    "hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, "
	    "student_loan, veteran, registered_unemployed, employment_difficulty, "
	    "overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, "
	    "employment_status, employer_kind, counselor, stage, next_followup, household_id, "
	    "created_at, updated_at, created_by, name_sort, able_to_work, registered_unemployed_from, "
	    "registered_unemployed_until, employer_size, hired_on, low_income, poor_disabled, "
	    "registered_poor, extremely_poor, zero_employment, office_id) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
	    "?23, coalesce(?24, 'registered'), ?25, ?26, ?27, ?27, ?28, ?29, ?30, ?31, ?32, ?33, "
	    "?34, ?35, ?36, ?37, ?38, ?39, ?40)");
	w->insurance = db_prepare(db, "INSERT INTO insurance (id, person_id, unemployment_months, "
	    "social_insurance, created_at, updated_at, created_by, receiving_benefit, benefit_until) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)");
	return w;
}

/* Whether field f is stored as an integer (flags and months), not as text. */
static bool
person_is_int(int f)
{
	return person_fields[f].kind == PK_FLAG || person_fields[f].kind == PK_MONTHS;
}

/* The integer an integer field's normalised text stands for. */
static int64_t
person_int(const char *v)
{
	/* a flag is "0" or "1" (no strtol for the 16 of them a row) */
	return (v[0] == '0' || v[0] == '1') && v[1] == '\0' ? v[0] - '0' : strtol(v, NULL, 10);
}

/* Bind field f of p at index i by its kind (flags and months as integers; text without a
 * copy: every caller runs the statement before p changes). */
static void
person_bind(struct db_stmt *st, int i, const struct person *p, int f)
{
	const char *v = p->v[f];

	if (v != NULL && person_is_int(f))
		db_bind_int(st, i, person_int(v));
	else
		db_bind_text_ref(st, i, v);
}

/* Whether any field of a table is known. */
static bool
person_has(const struct person *p, enum person_table t)
{
	for (int f = 0; f < PERSON_NFIELDS; f++)
		if (person_fields[f].table == t && p->v[f] != NULL)
			return true;
	return false;
}

/* Insert one checked and completed person inside the open transaction. */
int
person_writer_add(struct person_writer *w, struct person *p, struct sbuf *warn, struct diag *d)
{
	char *hid = NULL;
	int64_t now;
	int ret;

	db_bind_text(w->dup, 1, p->v[PF_ID_NUMBER]);
	if ((ret = db_step(w->dup, "checking the ID number", d)) == DB_ROW)
		ret = diag_set(d, EX_DATAERR, "ID number %s is already registered as %s (%s); open it "
		    "with: jobdesk person show %s", p->v[PF_ID_NUMBER], db_col_text(w->dup, 1),
		    db_col_text(w->dup, 0), db_col_text(w->dup, 0));
	db_reset(w->dup);
	if (ret != 0)
		return ret;
	if (warn != NULL) {
		struct rows dups;
		if (person_duplicates(w->db, p, &dups, NULL) == 0)
			person_duplicates_warn(&dups, warn);
		rows_free(&dups);
	}
	now = db_now_ms();
	free(p->v[PF_ID]);
	p->v[PF_ID] = db_new_key(w->db);
	if (person_has(p, PT_HOUSEHOLD)) {
		hid = db_new_key(w->db);
		db_bind_text(w->household, 1, hid);
		for (int f = PF_LOW_INCOME; f <= PF_ZERO_EMPLOYMENT; f++)
			person_bind(w->household, 2 + f - PF_LOW_INCOME, p, f);
		db_bind_int(w->household, 7, now);
		db_bind_text(w->household, 8, db_user(w->db));
		if ((ret = db_run(w->household, "adding the household", d)) != 0)
			goto out;
	}
	for (int f = PF_ID; f <= PF_NEXT_FOLLOWUP; f++)
		person_bind(w->person, 1 + f, p, f);
	db_bind_text(w->person, 26, hid);
	db_bind_int(w->person, 27, now);
	db_bind_text(w->person, 28, db_user(w->db));
	/* the sort key with the row, so that the trigger that keeps it has nothing to do */
	struct sbuf key = SBUF_INIT;
	pinyin_sort_key(p->v[PF_NAME], &key);
	db_bind_text(w->person, 29, sbuf_str(&key));
	sbuf_free(&key);
	for (int f = PF_ABLE_TO_WORK; f <= PF_HIRED_ON; f++)
		person_bind(w->person, 30 + f - PF_ABLE_TO_WORK, p, f);
	/* the copies of the household's flags (migration 0007) with the row, as the household has
	 * them, so that the trigger that keeps them has nothing to do */
	for (int f = PF_LOW_INCOME; f <= PF_ZERO_EMPLOYMENT; f++)
		person_bind(w->person, 35 + f - PF_LOW_INCOME, p, f);
	/* the case is this office's (NULL before jobdesk init --office gave the database one) */
	db_bind_text(w->person, 40, db_office(w->db));
	if ((ret = db_run(w->person, "adding the person", d)) != 0)
		goto out;
	if (person_has(p, PT_INSURANCE)) {
		char *iid = db_new_key(w->db);
		db_bind_text(w->insurance, 1, iid);
		db_bind_text(w->insurance, 2, p->v[PF_ID]);
		person_bind(w->insurance, 3, p, PF_UNEMPLOYMENT_MONTHS);
		person_bind(w->insurance, 4, p, PF_SOCIAL_INSURANCE);
		db_bind_int(w->insurance, 5, now);
		db_bind_text(w->insurance, 6, db_user(w->db));
		person_bind(w->insurance, 7, p, PF_RECEIVING_BENEFIT);
		person_bind(w->insurance, 8, p, PF_BENEFIT_UNTIL);
		ret = db_run(w->insurance, "adding the insurance record", d);
		free(iid);
	}
out:
	free(hid);
	return ret;
}

/* Finish adding persons. */
void
person_writer_free(struct person_writer *w)
{
	if (w == NULL)
		return;
	db_finalize(w->dup);
	db_finalize(w->household);
	db_finalize(w->person);
	db_finalize(w->insurance);
	free(w);
}

/* The staging table of a bulk load: a row of the file (its line), the keys it will be written
 * with, the sort key, and every field but the case id under its own name. */
static const char person_stage_table[] = "temp.person_stage";

/* The tables a bulk load writes, in the order it writes them (person_stage_write's steps). */
static const struct {
	const char *name;
	enum person_table t;
} person_stage_tables[] = {
	{ "household", PT_HOUSEHOLD }, { "person", PT_PERSON }, { "insurance", PT_INSURANCE },
};
#define PERSON_STAGE_NTABLES (sizeof person_stage_tables / sizeof *person_stage_tables)

/* Where a column of a loaded table takes its value from, besides a field (its index): what
 * person_stage_write's INSERT ... SELECT gives it. */
enum {
	PS_NULL = -1,                 /* nothing: NULL (a column without a DEFAULT) */
	PS_PID = PERSON_NFIELDS,      /* the new case's id */
	PS_HID, PS_IID,               /* its household's, its insurance record's (or NULL) */
	PS_SORT, PS_OFFICE,           /* the name's sort key; this database's office code */
	PS_NOW, PS_USER,              /* created_at and updated_at; created_by */
	PS_UNKNOWN = -2,              /* a column with a DEFAULT the load does not give */
};

struct person_stage {
	struct db *db;
	struct db_stmt *add;
	long rows;
	int64_t now;   /* when every staged person is created (unix ms): one time for the load */
	/* the outbox's record of the rows, built as they are staged, in the order they are
	 * written (NULL: nothing recorded, or read back after writing, db_outbox_rows) */
	struct db_inserts *cs[PERSON_STAGE_NTABLES];
	int *src[PERSON_STAGE_NTABLES];  /* each column's source (PS_* or a field) */
};

/* Where column col of table t takes its value from in a bulk load (as person_stage_write
 * writes it): a field, a PS_* source, or PS_UNKNOWN for a column with a DEFAULT it does not
 * give (dflt). */
static int
person_stage_source(enum person_table t, const char *col, bool dflt)
{
	if (strcmp(col, "id") == 0)
		return t == PT_PERSON ? PS_PID : t == PT_HOUSEHOLD ? PS_HID : PS_IID;
	if (t == PT_INSURANCE && strcmp(col, "person_id") == 0)
		return PS_PID;
	if (t == PT_PERSON && strcmp(col, "household_id") == 0)
		return PS_HID;
	if (t == PT_PERSON && strcmp(col, "name_sort") == 0)
		return PS_SORT;
	if (t == PT_PERSON && strcmp(col, "office_id") == 0)
		return PS_OFFICE;
	if (strcmp(col, "created_at") == 0 || strcmp(col, "updated_at") == 0)
		return PS_NOW;
	if (strcmp(col, "created_by") == 0)
		return PS_USER;
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		if ((person_fields[f].table == t || (t == PT_PERSON &&
		    person_fields[f].table == PT_HOUSEHOLD)) && strcmp(col, person_fields[f].name) == 0)
			return f;
	return dflt ? PS_UNKNOWN : PS_NULL;
}

/* Get ready to build the outbox's record of a bulk load as it is staged: each table's
 * columns and where each takes its value from. Nothing when nothing is recorded; when a
 * column cannot be told (a DEFAULT the load does not give), the rows are read back after
 * writing instead (db_outbox_rows). */
static void
person_stage_record_new(struct person_stage *s)
{
	bool ok = db_outbox_recording(s->db);

	for (size_t i = 0; i < PERSON_STAGE_NTABLES && ok; i++) {
		s->cs[i] = db_inserts_new(s->db, person_stage_tables[i].name);
		if (s->cs[i] == NULL)
			break;
		int n = db_inserts_columns(s->cs[i]);
		s->src[i] = xcalloc((size_t)n, sizeof *s->src[i]);
		for (int c = 0; c < n && ok; c++) {
			bool dflt;
			const char *col = db_inserts_column(s->cs[i], c, &dflt);
			s->src[i][c] = person_stage_source(person_stage_tables[i].t, col, dflt);
			ok = s->src[i][c] != PS_UNKNOWN;
		}
	}
	for (size_t i = 0; i < PERSON_STAGE_NTABLES; i++)
		ok = ok && s->cs[i] != NULL;
	for (size_t i = 0; i < PERSON_STAGE_NTABLES && !ok; i++) {
		db_inserts_free(s->cs[i]);
		s->cs[i] = NULL;
	}
}

/* Add one staged person's rows to the outbox's record (person_stage_record_new), each value
 * as person_stage_write will store it. */
static void
person_stage_record(struct person_stage *s, const struct person *p, const char *hid,
    const char *iid, const char *sort)
{
	for (size_t i = 0; i < PERSON_STAGE_NTABLES; i++) {
		struct db_inserts *cs = s->cs[i];
		if ((i == 0 && hid == NULL) || (i == 2 && iid == NULL))
			continue;
		db_inserts_row(cs);
		for (int c = 0, n = db_inserts_columns(cs); c < n; c++) {
			int src = s->src[i][c];
			const char *v = NULL;
			switch (src) {
			case PS_NULL:
				break;
			case PS_PID:
				v = p->v[PF_ID];
				break;
			case PS_HID:
				v = hid;
				break;
			case PS_IID:
				v = iid;
				break;
			case PS_SORT:
				v = sort;
				break;
			case PS_OFFICE:
				v = db_office(s->db);
				break;
			case PS_USER:
				v = db_user(s->db);
				break;
			case PS_NOW:
				db_inserts_int(cs, s->now);
				continue;
			default:
				v = p->v[src];
				if (v != NULL && person_is_int(src)) {
					db_inserts_int(cs, person_int(v));
					continue;
				}
				if (v == NULL && src == PF_STAGE)
					v = "registered";  /* coalesce(stage, 'registered') */
			}
			db_inserts_text(cs, v);
		}
	}
}

/* The column list "f1, f2, ..." of the fields of table t (without the case id), optionally
 * with a prefix before each and the stage given its default. */
static void
person_stage_columns(struct sbuf *b, enum person_table t, bool select)
{
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		if (person_fields[f].table != t)
			continue;
		if (select && f == PF_STAGE)
			sbuf_add(b, ", coalesce(stage, 'registered')");
		else
			sbuf_addf(b, ", %s", person_fields[f].name);
	}
}

/* Start a bulk load inside the caller's write transaction: an empty TEMP staging table and the
 * statement that fills it. NULL with d set when it cannot be made. */
struct person_stage *
person_stage_new(struct db *db, struct diag *d)
{
	struct person_stage *s;
	struct sbuf sql = SBUF_INIT;

	sbuf_addf(&sql, "CREATE TEMP TABLE %s (line INTEGER PRIMARY KEY, pid, hid, iid, sort",
	    person_stage_table + strlen("temp."));
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		sbuf_addf(&sql, ", %s", person_fields[f].name);
	sbuf_add(&sql, ")");
	if (db_exec(db, sbuf_str(&sql), d) != 0) {
		sbuf_free(&sql);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->db = db;
	s->now = db_now_ms();
	person_stage_record_new(s);
	sbuf_reset(&sql);
	sbuf_addf(&sql, "INSERT INTO %s VALUES (?1, ?2, ?3, ?4, ?5", person_stage_table);
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		sbuf_addf(&sql, ", ?%d", 5 + f);
	sbuf_add(&sql, ")");
	s->add = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	return s;
}

/* Stage one checked and completed person read from line of the file, with the keys it will be
 * written under (its new id goes to p->v[PF_ID]); all are created at the time the stage was
 * made. 0, or a code with d set. */
int
person_stage_add(struct person_stage *s, struct person *p, long line, struct diag *d)
{
	struct sbuf key = SBUF_INIT;
	char *hid = NULL, *iid = NULL;
	int ret;

	free(p->v[PF_ID]);
	p->v[PF_ID] = db_new_key(s->db);
	if (person_has(p, PT_HOUSEHOLD))
		hid = db_new_key(s->db);
	if (person_has(p, PT_INSURANCE))
		iid = db_new_key(s->db);
	pinyin_sort_key(p->v[PF_NAME], &key);
	db_bind_int(s->add, 1, line);
	db_bind_text(s->add, 2, p->v[PF_ID]);
	db_bind_text(s->add, 3, hid);
	db_bind_text(s->add, 4, iid);
	db_bind_text(s->add, 5, sbuf_str(&key));
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		person_bind(s->add, 5 + f, p, f);
	if ((ret = db_run(s->add, "staging the persons", d)) == 0) {
		s->rows++;
		if (s->cs[1] != NULL)
			person_stage_record(s, p, hid, iid, sbuf_str(&key));
	}
	sbuf_free(&key);
	free(hid);
	free(iid);
	return ret;
}

/* After a bulk statement failed (the whole load is to be rolled back): run it again one line at
 * a time until a line fails, and return that line (d then says why), or 0 when none does. */
static long
person_stage_refused(struct person_stage *s, struct db_stmt *st, const char *what, struct diag *d)
{
	struct sbuf sql = SBUF_INIT;
	long line = 0;
	int rc;

	sbuf_addf(&sql, "SELECT line FROM %s ORDER BY line", person_stage_table);
	struct db_stmt *lines = db_prepare(s->db, sbuf_str(&sql));
	while (line == 0 && (rc = db_step(lines, what, NULL)) == DB_ROW) {
		db_bind_text(st, 1, db_user(s->db));  /* a run clears what was bound */
		db_bind_int(st, 2, s->now);
		db_bind_int(st, 3, db_col_int(lines, 0));
		db_bind_int(st, 4, db_col_int(lines, 0));
		db_bind_text(st, 5, db_office(s->db));
		if (db_run(st, what, d) != 0)
			line = (long)db_col_int(lines, 0);
	}
	db_finalize(lines);
	sbuf_free(&sql);
	return line;
}

/* Write every staged person, in the order they were staged: one INSERT ... SELECT each into
 * household, person and insurance, so that the triggers (audit, search, sort key) run once per
 * row within three statements. A person is written with its household's flags already copied
 * (the values its household was just written with), so person_flags_i finds nothing to change:
 * at 20,000 rows its UPDATE of every person took 0.45 s of 3.4 s. 0, or a code with d set and
 * *line the line the database refused (0 when it cannot be told). */
int
person_stage_write(struct person_stage *s, long *line, struct diag *d)
{
	/* each table: its keys, its fields, the fields it copies from another table's, what the
	 * row adds (?1 the acting user, ?2 the time, ?5 the office's code, the case's office_id:
	 * NULL before init --office gave it one); in person_stage_tables' order, each column as
	 * person_stage_source says (the outbox's record is built from it) */
	static const struct {
		const char *table, *cols, *keys, *more_cols, *more, *where, *what;
		enum person_table fields;
		bool copies;  /* the household's fields too (person's copies of its flags) */
	} step[] = {
		{ "household", "id", "hid", "", "", "hid IS NOT NULL", N_("adding the household"),
		    PT_HOUSEHOLD, false },
		{ "person", "id", "pid", ", household_id, name_sort, office_id", ", hid, sort, ?5", "1",
		    N_("adding the person"), PT_PERSON, true },
		{ "insurance", "id, person_id", "iid, pid", "", "", "iid IS NOT NULL",
		    N_("adding the insurance record"), PT_INSURANCE, false },
	};
	struct sbuf sql = SBUF_INIT;
	int64_t last[sizeof step / sizeof *step];  /* each table's largest rowid before */
	int ret = 0;

	*line = 0;
	/* the outbox's record of these rows is made from the tables afterwards, set-wise, not row
	 * by row in the session (db_outbox_rows) */
	db_outbox_pause(s->db, true);
	for (size_t i = 0; i < sizeof step / sizeof *step && ret == 0; i++) {
		sbuf_reset(&sql);
		sbuf_addf(&sql, "SELECT coalesce(max(rowid), 0) FROM %s", step[i].table);
		last[i] = INT64_MAX;  /* household and insurance are WITHOUT ROWID (0015) */
		if (step[i].copies && db_outbox_recording(s->db) && s->cs[1] == NULL &&
		    (ret = db_query_int(s->db, sbuf_str(&sql), &last[i], step[i].what, d)) != 0)
			break;
		sbuf_reset(&sql);
		sbuf_addf(&sql, "INSERT INTO %s (%s", step[i].table, step[i].cols);
		person_stage_columns(&sql, step[i].fields, false);
		if (step[i].copies)
			person_stage_columns(&sql, PT_HOUSEHOLD, false);
		sbuf_addf(&sql, "%s, created_at, updated_at, created_by) SELECT %s", step[i].more_cols,
		    step[i].keys);
		person_stage_columns(&sql, step[i].fields, true);
		if (step[i].copies)
			person_stage_columns(&sql, PT_HOUSEHOLD, true);
		sbuf_addf(&sql, "%s, ?2, ?2, ?1 FROM %s WHERE %s AND line BETWEEN ?3 AND ?4 "
		    "ORDER BY line", step[i].more, person_stage_table, step[i].where);
		struct db_stmt *st = db_prepare(s->db, sbuf_str(&sql));
		db_bind_text(st, 1, db_user(s->db));
		db_bind_int(st, 2, s->now);
		db_bind_int(st, 3, 0);
		db_bind_int(st, 4, INT64_MAX);
		db_bind_text(st, 5, db_office(s->db));
		if ((ret = db_run(st, step[i].what, d)) != 0)
			*line = person_stage_refused(s, st, step[i].what, d);
		db_finalize(st);
	}
	db_outbox_pause(s->db, false);
	if (ret == 0 && s->cs[1] != NULL) {
		/* the record built as the rows were staged, with the values written: every person's
		 * office is this database's, their households and records new (at 5,000 rows reading
		 * them back cost 0.13 G, working out the reach from the changeset 0.04 G) */
		db_outbox_inserts(s->db, s->cs, PERSON_STAGE_NTABLES,
		    outbox_reach_new_cases(db_office(s->db)));
		sbuf_free(&sql);
		return 0;
	}
	for (size_t i = 0; i < sizeof step / sizeof *step && ret == 0 &&
	    db_outbox_recording(s->db); i++) {
		/* each written row as it now is (the triggers' sort key and flag copies in it): the
		 * persons after the last rowid before, which are this load's, in the order written
		 * (a new rowid is the largest plus one; no trigger adds persons), not by key through
		 * the stage and person's id index. Near the largest rowid SQLite picks them at
		 * random: then by key, as the other two tables (keyed by id, WITHOUT ROWID) are */
		sbuf_reset(&sql);
		if (last[i] < INT64_MAX / 2)
			sbuf_addf(&sql, "SELECT * FROM %s WHERE rowid > ?1 ORDER BY rowid", step[i].table);
		else
			sbuf_addf(&sql, "SELECT t.* FROM %s s JOIN %s t ON t.id = s.%.3s WHERE %s ORDER BY "
			    "s.line", person_stage_table, step[i].table, step[i].keys, step[i].where);
		struct db_stmt *st = db_prepare(s->db, sbuf_str(&sql));
		if (last[i] < INT64_MAX / 2)
			db_bind_int(st, 1, last[i]);
		ret = db_outbox_rows(s->db, step[i].table, st, N_("writing the changes into the outbox"),
		    d);
		db_finalize(st);
	}
	sbuf_free(&sql);
	return ret;
}

/* After person_stage_write: for each written person that has a likely duplicate registered
 * before it (in the database, or on an earlier line: born the same day, with the same name or
 * one that sounds the same, another ID number, not merged away), call fn with its line and the
 * lines person_duplicates_warn gives. 0, or a code with d set. */
int
person_stage_warn(struct person_stage *s, person_stage_warn_fn *fn, void *arg, struct diag *d)
{
	struct sbuf sql = SBUF_INIT, warn = SBUF_INIT;
	struct rows dups;
	const char *cells[DU_NCOL];
	long line = -1;
	int ret;

	/* the names compared in the query, so that only likely duplicates are sorted (at 100,000
	 * rows of the demo, 358,303 pairs born the same day) */
	sbuf_addf(&sql, "SELECT s.line, p.id, p.name, p.id_number, p.birth_date, p.counselor "
	    "FROM %s s JOIN person n ON n.id = s.pid JOIN person p ON p.birth_date = n.birth_date "
	    "AND p.rowid < n.rowid AND p.id_number <> n.id_number AND p.merged_into IS NULL "
	    "AND jd_same_name(p.name, s.name) ORDER BY s.line, p.name, p.id", person_stage_table);
	struct db_stmt *st = db_prepare(s->db, sbuf_str(&sql));
	rows_init(&dups, DU_NCOL);
	while ((ret = db_step(st, "looking for a likely duplicate", d)) == DB_ROW) {
		if (db_col_int(st, 0) != line && dups.n > 0) {
			person_duplicates_warn(&dups, &warn);
			fn(arg, line, &warn);
			rows_free(&dups);
			rows_init(&dups, DU_NCOL);
		}
		line = db_col_int(st, 0);
		for (int j = 0; j < DU_NCOL; j++)
			cells[j] = db_col_text(st, 1 + j);
		rows_add(&dups, cells);
	}
	if (ret == DB_DONE && dups.n > 0) {
		person_duplicates_warn(&dups, &warn);
		fn(arg, line, &warn);
	}
	rows_free(&dups);
	db_finalize(st);
	sbuf_free(&sql);
	sbuf_free(&warn);
	return ret;
}

/* How many persons are staged. */
long
person_stage_count(const struct person_stage *s)
{
	return s->rows;
}

/* Drop the staging table and free the stage (inside the transaction that made it). */
void
person_stage_free(struct person_stage *s)
{
	if (s == NULL)
		return;
	db_finalize(s->add);
	db_exec(s->db, "DROP TABLE temp.person_stage", NULL);
	for (size_t i = 0; i < PERSON_STAGE_NTABLES; i++) {
		db_inserts_free(s->cs[i]);
		free(s->src[i]);
	}
	free(s);
}

/* What person_add writes. */
struct person_add_args {
	struct person *p;
	struct sbuf *warn;
};

/* person_add's work inside its transaction. */
static int
person_add_work(struct db *db, void *arg, struct diag *d)
{
	struct person_add_args *a = arg;
	struct person_writer *w = person_writer_new(db);
	int ret = person_writer_add(w, a->p, a->warn, d);

	person_writer_free(w);
	return ret;
}

/* Register one person in its own transaction (person add). */
int
person_add(struct db *db, struct person *p, struct sbuf *warn, struct diag *d)
{
	struct person_add_args a = { p, warn };
	char why[512];

	int ret = role_check(db, ROLE_ACT_PERSON_ADD, NULL, d);

	if (ret == 0)
		ret = role_assign(db, p->v[PF_COUNSELOR], d);
	if (ret != 0)
		return ret;
	if (person_complete(p, date_today(), why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s", why);
	return db_transaction(db, person_add_work, &a, d);
}

/* A key (case id or ID number) as typed, as stored: full-width digits and letters in ASCII,
 * no spaces around, an ID number's x upper-case. */
void
person_key(const char *key, char *out, size_t len)
{
	field_ascii(key, out, len, 1);
	if (strlen(out) == 18 && out[17] == 'x')
		out[17] = 'X';
}

/* Load a person by id or 18-digit ID number; a record merged into another loads the survivor. */
int
person_load(struct db *db, const char *key, struct person *p, struct diag *d)
{
	struct db_stmt *st;
	int ret;
	char norm[128];

	person_key(key, norm, sizeof norm);
	/* a record merged into another leads to the survivor (merges flatten chains: one hop) */
	st = db_prepare(db, strlen(norm) == 18 && strspn(norm, "0123456789") >= 17 ?
	    PERSON_SELECT "WHERE p.id = (SELECT coalesce(q.merged_into, q.id) FROM person q "
	    "WHERE q.id_number = ?1)" :
	    PERSON_SELECT "WHERE p.id = (SELECT coalesce(q.merged_into, q.id) FROM person q "
	    "WHERE q.id = ?1)");
	db_bind_text(st, 1, norm);
	ret = db_step(st, "loading the person", d);
	if (ret == DB_ROW) {
		person_from_row(p, st);
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "%s: no such person; give a case id or an 18-digit ID "
		    "number (find one with: jobdesk search)", key);
	}
	db_finalize(st);
	/* opening a case is the first thing any action on it does: the role's scope, a walk-in */
	if (ret == 0 && (ret = role_check(db, ROLE_ACT_PERSON_OPEN, p->v[PF_ID], d)) != 0)
		person_clear(p);
	return ret;
}

/* Fill p from a row of person_select_sql. */
void
person_from_row(struct person *p, struct db_stmt *st)
{
	person_clear(p);
	for (int f = 0; f < PERSON_NFIELDS; f++)
		p->v[f] = xstrdup(db_col_text(st, f));
	p->updated_at = db_col_int(st, PERSON_NFIELDS);
}

/* Resolve KEY (person id or ID number) to the person id. Caller frees *id. */
int
person_resolve(struct db *db, const char *key, char **id, struct diag *d)
{
	struct person p = { 0 };
	int ret = person_load(db, key, &p, d);

	*id = NULL;
	if (ret == 0) {
		*id = p.v[PF_ID];
		p.v[PF_ID] = NULL;
	}
	person_clear(&p);
	return ret;
}

/* Append the CSV header: every field name but the case id, which a file does not set. */
void
person_csv_header(struct sbuf *out)
{
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		csv_cell(out, person_fields[f].name, f == PF_ID_NUMBER);
	sbuf_add(out, "\r\n");
}

/* Append the CSV header of person_csv_label_row: the fields' labels in the interface's
 * language (身份证号, 姓名 ...). */
void
person_csv_label_header(struct sbuf *out)
{
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++)
		csv_cell(out, tr(person_fields[f].label_en), f == PF_ID_NUMBER);
	sbuf_add(out, "\r\n");
}

/* Append one person as a CSV row in header order, values as stored (flags true/false) or,
 * with labels, as the interface says them (农业户口, 是/否); the ID number and phone behind a
 * tab so that spreadsheets keep them as text (import strips it). */
static void
person_csv_cells(struct sbuf *out, const struct person *p, bool labels)
{
	for (int f = PF_ID_NUMBER; f < PERSON_NFIELDS; f++) {
		const char *v = p->v[f];
		if (v != NULL && (f == PF_ID_NUMBER || f == PF_PHONE))
			csv_cell_text(out, v, f == PF_ID_NUMBER);
		else if (v != NULL && person_fields[f].kind == PK_FLAG)
			csv_cell(out, labels ? label_flag(v) : strcmp(v, "1") == 0 ? "true" : "false", 0);
		else if (v != NULL && labels && person_fields[f].kind == PK_ENUM)
			csv_cell(out, label_value(v), 0);
		else if (v != NULL && labels && person_fields[f].kind == PK_PROVINCE)
			csv_cell(out, label_province(v), 0);
		else
			csv_cell(out, v, f == PF_ID_NUMBER);
	}
	sbuf_add(out, "\r\n");
}

/* Append one person as a CSV row in header order (ID number and phone behind a tab). */
void
person_csv_row(struct sbuf *out, const struct person *p)
{
	person_csv_cells(out, p, false);
}

/* Append one person as a CSV row of person_csv_label_header: enumerations and flags labelled. */
void
person_csv_label_row(struct sbuf *out, const struct person *p)
{
	person_csv_cells(out, p, true);
}

/* The field a CSV column header names: its name (any case, '-' for '_') or its label in
 * English (any case), in the interface's language or in Chinese whatever the locale; -1. */
int
person_field_named(const char *header)
{
	char lower[64];
	size_t k;
	int f = -1;

	for (k = 0; header[k] != '\0' && k + 1 < sizeof lower; k++)
		lower[k] = header[k] >= 'A' && header[k] <= 'Z' ? (char)(header[k] - 'A' + 'a') :
		    header[k];
	lower[k] = '\0';
	if (header[k] == '\0' && (f = person_field_find(lower)) >= 0)
		return f;
	for (f = 0; f < PERSON_NFIELDS; f++) {
		const char *en = person_fields[f].label_en, *zh = i18n_zh_text(en);
		if (strcasecmp(header, en) == 0 || strcmp(header, tr(en)) == 0 ||
		    (zh != NULL && strcmp(header, zh) == 0))
			return f;
	}
	return -1;
}

/* Step one statement with the given fields bound as ?1..?n, then now (unix ms), extra and the
 * user as ?n+1..?n+3 (a statement that uses fewer parameters ignores the rest; extra NULL with
 * a loaded time binds that time, unix ms, or NULL), and finalize it. */
static int
person_exec(struct db *db, const char *sql, const struct person *p, const int *fields, int n,
    int64_t now, const char *extra, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, sql);
	int ret;

	for (int i = 0; i < n; i++)
		person_bind(st, i + 1, p, fields[i]);
	db_bind_int(st, n + 1, now);
	if (extra == NULL && p->updated_at != 0)
		db_bind_int(st, n + 2, p->updated_at);
	else
		db_bind_text(st, n + 2, extra);
	db_bind_text(st, n + 3, db_user(db));
	ret = db_run(st, "saving the person", d);
	db_finalize(st);
	return ret;
}

/* person_update's work inside its transaction: the ID number checked again for duplicates,
 * then the person row (unless changed since it was loaded), its household and insurance. The
 * stage, the next follow-up and the counselor are never written here: the stage follows from
 * progress and closure, the follow-up from the notes, the counselor changes by transfer. */
static int
person_update_work(struct db *db, void *arg, struct diag *d)
{
	struct person *p = arg;
	static const int pfields[] = { PF_ID_NUMBER, PF_NAME, PF_SEX, PF_BIRTH_DATE, PF_PHONE,
	    PF_HUKOU_PROVINCE, PF_HUKOU_TYPE, PF_EDUCATION, PF_GRADUATION_DATE, PF_CONTINUING_STUDY,
	    PF_DISABLED, PF_STUDENT_LOAN, PF_VETERAN, PF_REGISTERED_UNEMPLOYED,
	    PF_EMPLOYMENT_DIFFICULTY, PF_OVERCAPACITY_WORKER, PF_RURAL_TRANSFER_WORKER,
	    PF_RETURNEE_ENTREPRENEUR, PF_JOB_SEEKING, PF_EMPLOYMENT_STATUS, PF_EMPLOYER_KIND,
	    PF_ID, PF_ABLE_TO_WORK, PF_REGISTERED_UNEMPLOYED_FROM, PF_REGISTERED_UNEMPLOYED_UNTIL,
	    PF_EMPLOYER_SIZE, PF_HIRED_ON };
	static const int hfields[] = { PF_LOW_INCOME, PF_POOR_DISABLED, PF_REGISTERED_POOR,
	    PF_EXTREMELY_POOR, PF_ZERO_EMPLOYMENT, PF_ID };
	static const int ifields[] = { PF_UNEMPLOYMENT_MONTHS, PF_SOCIAL_INSURANCE,
	    PF_RECEIVING_BENEFIT, PF_BENEFIT_UNTIL, PF_ID };
	int64_t now;
	int ret = role_check(db, ROLE_ACT_PERSON_EDIT, p->v[PF_ID], d);

	if (ret != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, "SELECT id, name FROM person WHERE id_number = ?1 "
	    "AND id <> ?2");
	db_bind_text(st, 1, p->v[PF_ID_NUMBER]);
	db_bind_text(st, 2, p->v[PF_ID]);
	if (db_step(st, "checking the ID number", NULL) == DB_ROW)
		ret = diag_set(d, EX_DATAERR, "ID number %s is already registered as %s (%s)",
		    p->v[PF_ID_NUMBER], db_col_text(st, 1), db_col_text(st, 0));
	db_finalize(st);
	if (ret != 0)
		return ret;
	now = db_now_ms();
	if ((ret = person_exec(db, "UPDATE person SET id_number = ?1, name = ?2, sex = ?3, "
	    "birth_date = ?4, phone = ?5, hukou_province = ?6, hukou_type = ?7, education = ?8, "
	    "graduation_date = ?9, continuing_study = ?10, disabled = ?11, student_loan = ?12, "
	    "veteran = ?13, registered_unemployed = ?14, employment_difficulty = ?15, "
	    "overcapacity_worker = ?16, rural_transfer_worker = ?17, returnee_entrepreneur = ?18, "
	    "job_seeking = ?19, employment_status = ?20, employer_kind = ?21, able_to_work = ?23, "
	    "registered_unemployed_from = ?24, registered_unemployed_until = ?25, "
	    "employer_size = ?26, hired_on = ?27, updated_at = ?28 "
	    "WHERE id = ?22 AND (?29 IS NULL OR updated_at = ?29)", p, pfields, 27, now,
	    NULL, d)) != 0)
		return ret;
	if (db_changes(db) != 1)
		return diag_set(d, EX_DATAERR, "%s: the case was changed by someone else since it was "
		    "opened; nothing was saved: open it again", p->v[PF_NAME]);
	if (person_has(p, PT_HOUSEHOLD)) {
		char *hid = db_new_key(db);
		/* a household for the person when there is none yet */
		ret = person_exec(db, "INSERT INTO household (id, created_at, updated_at, created_by) "
		    "SELECT ?3, ?2, ?2, ?4 FROM person WHERE id = ?1 AND household_id IS NULL",
		    p, &hfields[5], 1, now, hid, d);
		if (ret == 0)
			ret = person_exec(db, "UPDATE person SET household_id = ?3 WHERE id = ?1 AND "
			    "household_id IS NULL", p, &hfields[5], 1,
			    now, hid, d);
		free(hid);
		if (ret != 0)
			return ret;
	}
	if ((ret = person_exec(db, "UPDATE household SET low_income = ?1, poor_disabled = ?2, "
	    "registered_poor = ?3, extremely_poor = ?4, zero_employment = ?5, updated_at = ?7 "
	    "WHERE id = (SELECT household_id FROM person WHERE id = ?6) AND (low_income, poor_disabled, registered_poor, extremely_poor, "
	    "zero_employment) IS NOT (?1, ?2, ?3, ?4, ?5)", p, hfields, 6, now, "", d)) != 0)
		return ret;
	if (person_has(p, PT_INSURANCE)) {
		char *iid = db_new_key(db);
		ret = person_exec(db, "INSERT INTO insurance (id, person_id, unemployment_months, "
		    "social_insurance, receiving_benefit, benefit_until, created_at, updated_at, "
		    "created_by) VALUES (?7, ?5, ?1, ?2, ?3, ?4, ?6, ?6, ?8) ON CONFLICT (person_id) "
		    "DO UPDATE SET unemployment_months = ?1, social_insurance = ?2, "
		    "receiving_benefit = ?3, benefit_until = ?4, updated_at = ?6 WHERE "
		    "(unemployment_months, social_insurance, receiving_benefit, benefit_until) IS NOT "
		    "(?1, ?2, ?3, ?4)", p, ifields, 5, now, iid, d);
		free(iid);
	} else {
		ret = person_exec(db, "DELETE FROM insurance WHERE person_id = ?1", p, &ifields[4], 1,
		    now, "", d);
	}
	return ret;
}

/* Save an edited person (p->v[PF_ID] names it) in one transaction: the person row but its
 * stage, next follow-up and counselor, its household flags and its insurance. The ID number is
 * checked again for duplicates. */
int
person_update(struct db *db, struct person *p, struct diag *d)
{
	char why[512];

	if (p->v[PF_ID] == NULL)
		return diag_set(d, EX_SOFTWARE, "person_update: no case id");
	if (person_complete(p, date_today(), why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s", why);
	return db_transaction(db, person_update_work, p, d);
}

/* The SQL of person_list_new: as the caseload (core/caseload.c), the persons of a stage in order
 * through person_[counselor_]name_sort (stage first, migration 0007), every stage's merged; the
 * sort key and the rowid (the tie-break the index holds, migration 0016) last columns the merge
 * orders by. ?1 the counselor, ?2 the stage (unused when NULL). */
static void
person_list_scoped_sql(const char *counselor, const char *stage, const struct role_scope *scope,
    struct sbuf *sql)
{
	const char *s = person_fields[PF_STAGE].allowed;

	if (stage != NULL) {
		sbuf_add(sql, PERSON_COLUMNS ", p.name_sort AS list_key, p.rowid AS list_row "
		    PERSON_FROM "WHERE p.merged_into IS NULL AND p.stage = ?2 ");
		sbuf_add(sql, counselor != NULL ? "AND p.counselor = ?1 " : "AND ?1 IS NULL ");
		role_scope_sql(scope, 3, sql);
	}
	for (bool first = true; stage == NULL && *s; first = false) {
		size_t n = strcspn(s, "|");
		sbuf_add(sql, first ? "" : "UNION ALL ");
		sbuf_add(sql, PERSON_COLUMNS ", p.name_sort AS list_key, p.rowid AS list_row "
		    PERSON_FROM "WHERE p.merged_into IS NULL AND p.stage = '");
		sbuf_addn(sql, s, n);
		sbuf_add(sql, "' AND ?2 IS NULL ");
		sbuf_add(sql, counselor != NULL ? "AND p.counselor = ?1 " : "AND ?1 IS NULL ");
		role_scope_sql(scope, 3, sql);
		s += n + (s[n] == '|');
	}
	sbuf_add(sql, "ORDER BY list_key, list_row");
}

/* The SQL of person_list_new as the owner or an administrator reads it (every office). */
void
person_list_sql(const char *counselor, const char *stage, struct sbuf *sql)
{
	person_list_scoped_sql(counselor, stage, NULL, sql);
}

/* Start listing persons in pinyin order of their names (name_sort, then rowid): every one, or
 * those of a counselor, at a stage, or both (NULL: any). */
struct person_list *
person_list_new(struct db *db, const char *counselor, const char *stage)
{
	struct person_list *l = xcalloc(1, sizeof *l);
	struct sbuf sql = SBUF_INIT;
	struct role_scope scope;

	l->scope_diag = (struct diag)DIAG_INIT;
	l->scope_failed = role_scope(db, &scope, &l->scope_diag);  /* on failure: no one listed */
	person_list_scoped_sql(counselor, stage, &scope, &sql);
	l->st = db_prepare(db, sbuf_str(&sql));
	sbuf_free(&sql);
	db_bind_text(l->st, 1, counselor);
	db_bind_text(l->st, 2, stage);
	role_scope_bind(l->st, &scope, 3);
	role_scope_free(&scope);
	l->mask = !role_whole_ids(db);
	return l;
}

/* The next person into p: DB_ROW, DB_DONE at the end, or a sysexits code with d set. */
int
person_list_next(struct person_list *l, struct person *p, struct diag *d)
{
	if (l->scope_failed != 0) {
		if (d != NULL)
			*d = l->scope_diag;
		return l->scope_failed;
	}
	int ret = db_step(l->st, "listing persons", d);

	if (ret == DB_ROW) {
		person_from_row(p, l->st);
		if (l->mask && p->v[PF_ID_NUMBER] != NULL) {
			char masked[19];
			idnum_mask(p->v[PF_ID_NUMBER], masked);
			free(p->v[PF_ID_NUMBER]);
			p->v[PF_ID_NUMBER] = xstrdup(masked);
		}
	}
	return ret;
}

/* Finish a listing (NULL is fine). */
void
person_list_free(struct person_list *l)
{
	if (l == NULL)
		return;
	db_finalize(l->st);
	free(l);
}

/* The likely duplicates of p among the other cases (not p->v[PF_ID], not its ID number, not
 * merged away): born the same day, with the same name, a look-alike (the same NFKC case-folded
 * text, utext_same) or a name that sounds the same in pinyin.
 * Rows of DU_* columns, name order. 0 or a code with d set (d may be NULL). */
int
person_duplicates(struct db *db, const struct person *p, struct rows *out, struct diag *d)
{
	const char *cells[DU_NCOL];
	int ret;

	rows_init(out, DU_NCOL);
	if (p->v[PF_BIRTH_DATE] == NULL || p->v[PF_NAME] == NULL)
		return 0;
	/* person_birth: those born that day, then their names compared here */
	struct db_stmt *st = db_cached(db, "SELECT id, name, id_number, birth_date, counselor "
	    "FROM person WHERE birth_date = ?1 AND id_number <> ?2 AND (?3 IS NULL OR id <> ?3) "
	    "AND merged_into IS NULL ORDER BY name, id");
	db_bind_text(st, 1, p->v[PF_BIRTH_DATE]);
	db_bind_text(st, 2, p->v[PF_ID_NUMBER] != NULL ? p->v[PF_ID_NUMBER] : "");
	db_bind_text(st, 3, p->v[PF_ID]);
	while ((ret = db_step(st, "looking for a likely duplicate", d)) == DB_ROW) {
		if (!person_same_name(db_col_text(st, 1), p->v[PF_NAME]))
			continue;
		for (int j = 0; j < DU_NCOL; j++)
			cells[j] = db_col_text(st, j);
		rows_add(out, cells);
	}
	db_reset(st);
	return ret;
}

/* Whether two names make a likely duplicate: the same, look-alikes (NFKC and case-folded: Ｗａｎｇ
 * Ｌｉ is wang li) or the same in pinyin. */
bool
person_same_name(const char *a, const char *b)
{
	return utext_same(a, b) || pinyin_same_name(a, b);
}

/* Append one line a likely duplicate to warn, naming the other case (ID number masked). */
void
person_duplicates_warn(const struct rows *dups, struct sbuf *warn)
{
	for (size_t i = 0; i < dups->n; i++) {
		char masked[19];
		const char *c = rows_get(dups, i, DU_COUNSELOR);
		idnum_mask(rows_get(dups, i, DU_ID_NUMBER), masked);
		sbuf_addf(warn, tr("likely duplicate: %s born %s, ID number %s, counselor %s, is "
		    "already registered as %s; open it with: jobdesk person show %s\n"),
		    rows_get(dups, i, DU_NAME), rows_get(dups, i, DU_BIRTH_DATE), masked,
		    c != NULL ? c : "-", rows_get(dups, i, DU_ID), rows_get(dups, i, DU_ID));
	}
}
