/* This database's office (issue 17, point 1): checking what init --office was given, and writing
 * the office (and its parent) with the setting office_code in one transaction. */
#include "core/office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/utext.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The levels, each with the level above it and the words a counselor may type for it. */
static const struct {
	const char *value, *above, *typed[4];
} office_levels[] = {
	{ "township", "county", { "乡镇", "乡", "镇", "街道" } },
	{ "county", "city", { "县区", "县", "区", "县级市" } },
	{ "city", NULL, { "市", "地市", "市州", "州" } },
};

/* The prefix of keys made before a database had an office: never an office's code. */
static const char office_none[] = "000000";

/* The level typed as s (English value or its Chinese word), or -1. */
static int
office_level(const char *s)
{
	char typed[64];

	if (field_ascii(s, typed, sizeof typed, 1) != 0)
		return -1;
	for (size_t i = 0; i < sizeof office_levels / sizeof *office_levels; i++) {
		if (strcmp(typed, office_levels[i].value) == 0)
			return (int)i;
		for (size_t k = 0; k < 4; k++)
			if (strcmp(typed, office_levels[i].typed[k]) == 0)
				return (int)i;
	}
	return -1;
}

/* Check an office code as typed (full-width digits read as digits) into out (13 bytes): ASCII
 * letters and digits, 2 to 12, not 000000. 0, or EX_DATAERR with d naming the option. */
static int
office_code(const char *opt, const char *s, char out[13], struct diag *d)
{
	char typed[64];
	size_t n;

	if (field_ascii(s, typed, sizeof typed, 1) != 0)
		typed[0] = '\0';
	n = strlen(typed);
	if (n < 2 || n > 12 || strspn(typed, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz") != n)
		return diag_set(d, EX_DATAERR, "%s '%.40s' is not an office code; expected 2 to 12 "
		    "letters or digits, the office's administrative division code (e.g. 220102)", opt, s);
	if (strcmp(typed, office_none) == 0)
		return diag_set(d, EX_DATAERR, "%s 000000 begins the keys made before a database had "
		    "an office, so it is no office's code; give the office's administrative division "
		    "code (e.g. 220102)", opt);
	memcpy(out, typed, n + 1);
	return 0;
}

/* Check an office's name (untrusted text, as a person's name is checked) into a new NFC copy in
 * *out. 0, or EX_DATAERR with d naming the option. */
static int
office_name(const char *opt, const char *s, char **out, struct diag *d)
{
	char why[256];
	size_t len = strlen(s);

	if (field_text(s, 200, why, sizeof why) != 0)
		return diag_set(d, EX_DATAERR, "%s %s; expected the office's name, e.g. 朝阳区就业服务中心",
		    opt, why);
	if (strspn(s, " \t") == len || utf8_len(s) > 60 || s[0] == ' ' || s[len - 1] == ' ')
		return diag_set(d, EX_DATAERR, "%s is empty, longer than 60 characters, or starts or "
		    "ends with a space; expected the office's name, e.g. 朝阳区就业服务中心", opt);
	*out = utext_nfc(s);
	return 0;
}

/* What office_init writes, checked. */
struct office_work {
	char code[13], parent[13];
	char *name, *parent_name;
	int level;
	bool has_parent, already;
};

/* office_init's work inside its transaction. */
static int
office_work(struct db *db, void *arg, struct diag *d)
{
	struct office_work *w = arg;
	int64_t now;
	int ret;

	struct db_stmt *st = db_prepare(db, "SELECT s.value, (SELECT name FROM office WHERE code = "
	    "s.value) FROM setting s WHERE s.key = 'office_code'");
	if ((ret = db_step(st, N_("reading the office code"), d)) == DB_ROW) {
		if (strcmp(db_col_text(st, 0), w->code) == 0) {
			w->already = true;
			ret = 0;
		} else {
			ret = diag_set(d, EX_DATAERR, "%s is office %s's database (%s) already, and every "
			    "key it made carries that code; a database belongs to one office: to set up "
			    "office %s, create a new database with: jobdesk --db NEWFILE init --office %s "
			    "...", db_path(db), db_col_text(st, 0), db_col_null(st, 1) ? "-" :
			    db_col_text(st, 1), w->code, w->code);
		}
	}
	db_finalize(st);
	if (ret != 0 || w->already)
		return ret;
	now = db_now_ms();
	if (w->has_parent) {
		/* the office above, as far as this database knows it: its own rows come with its
		 * bundles later (the same key: its code) */
		st = db_prepare(db, "INSERT INTO office (id, code, name, level, parent_id, created_at, "
		    "updated_at, created_by) VALUES (?1, ?1, coalesce(?2, ?1), ?3, NULL, ?4, ?4, ?5) "
		    "ON CONFLICT DO NOTHING");
		db_bind_text(st, 1, w->parent);
		db_bind_text(st, 2, w->parent_name);
		db_bind_text(st, 3, office_levels[w->level].above);
		db_bind_int(st, 4, now);
		db_bind_text(st, 5, db_user(db));
		ret = db_run(st, N_("recording the office above"), d);
		db_finalize(st);
		if (ret != 0)
			return ret;
	}
	/* the office itself: a row another office's bundle made for it (as its parent) is taken */
	st = db_prepare(db, "INSERT INTO office (id, code, name, level, parent_id, created_at, "
	    "updated_at, created_by) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT (id) DO "
	    "UPDATE SET name = excluded.name, level = excluded.level, parent_id = excluded.parent_id, "
	    "updated_at = excluded.updated_at");
	db_bind_text(st, 1, w->code);
	db_bind_text(st, 2, w->name);
	db_bind_text(st, 3, office_levels[w->level].value);
	db_bind_text(st, 4, w->has_parent ? w->parent : NULL);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, db_user(db));
	ret = db_run(st, N_("recording the office"), d);
	db_finalize(st);
	if (ret != 0)
		return ret;
	st = db_prepare(db, "INSERT INTO setting (key, value) VALUES ('office_code', ?1)");
	db_bind_text(st, 1, w->code);
	ret = db_run(st, N_("recording the office code"), d);
	db_finalize(st);
	return ret;
}

/* Give db its office, in one transaction; *already when it was that office already. */
int
office_init(struct db *db, const struct office_args *a, bool *already, struct diag *d)
{
	struct office_work w = { .level = -1 };
	int ret;

	*already = false;
	if ((ret = office_code("--office", a->code, w.code, d)) != 0)
		return ret;
	if ((w.level = office_level(a->level)) < 0)
		return diag_set(d, EX_DATAERR, "--level '%.40s' is not an office's level; expected "
		    "township (乡镇), county (县区) or city (市)", a->level);
	if (a->parent != NULL) {
		if ((ret = office_code("--parent", a->parent, w.parent, d)) != 0)
			return ret;
		if (office_levels[w.level].above == NULL)
			return diag_set(d, EX_DATAERR, "--parent: a city office has no office above it "
			    "here; leave --parent out");
		if (strcmp(w.parent, w.code) == 0)
			return diag_set(d, EX_DATAERR, "--parent %s is the office itself; give the code "
			    "of the office above it", w.parent);
		w.has_parent = true;
	}
	if ((ret = office_name("--office-name", a->name, &w.name, d)) != 0)
		goto out;
	if (a->parent_name != NULL &&
	    (ret = office_name("--parent-name", a->parent_name, &w.parent_name, d)) != 0)
		goto out;
	if ((ret = db_transaction(db, office_work, &w, d)) != 0)
		goto out;
	*already = w.already;
	db_set_office(db, w.code);
out:
	free(w.name);
	free(w.parent_name);
	return ret;
}
