/* Roles enforced in core: one matrix of role x action x where the case is (role_matrix), the
 * relation of a case to the acting user (role_relation: own caseload, office, an office below,
 * elsewhere), the check every core entry point asks (role_check) with its one-line refusal
 * naming whom to ask, the walk-in opening and each showing of a full ID number recorded in the
 * audit (audit_event, op 'view_id'). A connection whose role was never set allows everything
 * and records nothing (the laptop with no users). */
#include "core/role.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* Shorthands of the matrix's cells. */
#define R ROLE_REFUSE
#define A ROLE_ALLOW
#define W ROLE_WALK_IN

/* Each action: what it is in words (for a refusal) and each role's verdict for a case that is
 * the user's own, of the user's office, of an office below it, elsewhere. An action judged
 * against no case reads its first column. The man page's ROLES section is this table. */
static const struct {
	const char *what;
	bool cased;
	unsigned char v[3][ROLE_NREL];   /* [role][relation] */
} role_acts[ROLE_NACT] = {
	/*                                       counselor      supervisor     admin */
	[ROLE_ACT_PERSON_OPEN] = { N_("open this case"), true,
		{ { A, W, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_PERSON_ADD] = { N_("register a person"), false,
		{ { A, A, A, A }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_PERSON_EDIT] = { N_("change this person's details"), true,
		{ { A, W, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_CASE_CLOSE] = { N_("close or reopen this case"), true,
		{ { A, R, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_CASE_TRANSFER] = { N_("hand cases to another counselor"), true,
		{ { R, R, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_CASE_MERGE] = { N_("merge duplicate records"), true,
		{ { R, R, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_PROGRESS] = { N_("record or correct this case's progress"), true,
		{ { A, W, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_NOTE] = { N_("add or change this case's notes and follow-ups"), true,
		{ { A, W, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_DECISION_PROPOSE] = { N_("grant a benefit on this case"), true,
		{ { A, W, R, R }, { A, A, R, R }, { A, A, A, R } } },
	[ROLE_ACT_DECISION_APPROVE] = { N_("approve or reject decisions"), true,
		{ { R, R, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_DECISION_REVOKE] = { N_("revoke decisions"), true,
		{ { R, R, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_DECISION_PAID] = { N_("record payments"), true,
		{ { R, R, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_NOTICE] = { N_("print this case's notices"), true,
		{ { A, W, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_VIEW_ID] = { N_("see this person's full ID number"), true,
		{ { A, W, R, R }, { A, A, A, R }, { A, A, A, R } } },
	[ROLE_ACT_IMPORT] = { N_("import persons from a file"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_EXPORT] = { N_("export the office's persons"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_DB_BACKUP] = { N_("back up the database"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_DB_RESTORE] = { N_("restore the database"), false,
		{ { R, R, R, R }, { R, R, R, R }, { A, A, A, A } } },
	[ROLE_ACT_USER_MANAGE] = { N_("add, change or disable users"), false,
		{ { R, R, R, R }, { R, R, R, R }, { A, A, A, A } } },
	[ROLE_ACT_USER_UNLOCK] = { N_("unlock accounts or reset passwords"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_OFFICE_SETTINGS] = { N_("change offices and settings"), false,
		{ { R, R, R, R }, { R, R, R, R }, { A, A, A, A } } },
	[ROLE_ACT_AUDIT_READ] = { N_("read the audit trail"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_REPORT] = { N_("read the office's figures"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_DEMO] = { N_("fill the database with a demo caseload"), false,
		{ { R, R, R, R }, { R, R, R, R }, { A, A, A, A } } },
	[ROLE_ACT_SYNC] = { N_("exchange bundles with other offices"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
	[ROLE_ACT_RESOLVE] = { N_("resolve the conflicts of a sync"), false,
		{ { R, R, R, R }, { A, A, A, A }, { A, A, A, A } } },
};

#undef R
#undef A
#undef W

/* The roles' stored names and words. */
static const struct {
	const char *code, *label;
} role_names[] = {
	[ROLE_COUNSELOR] = { "counselor", N_("counselor") },
	[ROLE_SUPERVISOR] = { "supervisor", N_("supervisor") },
	[ROLE_ADMIN] = { "admin", N_("administrator") },
};

/* The stored name of a role. */
const char *
role_code(enum role r)
{
	return role_names[r].code;
}

/* The role a stored name names, in *r: 0, or -1 when it names none. */
int
role_parse(const char *code, enum role *r)
{
	for (size_t i = 0; code != NULL && i < sizeof role_names / sizeof *role_names; i++)
		if (strcmp(role_names[i].code, code) == 0) {
			*r = (enum role)i;
			return 0;
		}
	return -1;
}

/* A role in words, translated. */
const char *
role_label(enum role r)
{
	return tr(role_names[r].label);
}

/* Whether an action is judged against a case. */
bool
role_act_cased(enum role_act act)
{
	return role_acts[act].cased;
}

/* The matrix's verdict for a role, an action and where the case is. */
enum role_verdict
role_matrix(enum role r, enum role_act act, enum role_rel rel)
{
	return (enum role_verdict)role_acts[act].v[r][role_acts[act].cased ? rel : ROLE_REL_OWN];
}

/* Whether roles are enforced on this connection. */
bool
role_enforced(const struct db *db)
{
	return db_role_set(db);
}

/* The office an office id names, or this database's office for NULL, as SQL over ?N: the
 * database's own office is the one whose code is the setting office_code. */
#define ROLE_HOME "(SELECT id FROM office WHERE code = (SELECT value FROM setting WHERE key = " \
	"'office_code'))"

/* The case's counselor, its office and this database's office: ?1 the person. Run at every
 * opening, so kept prepared (db_cached; nothing here holds it across another call). */
static const char role_case_sql[] =
    "SELECT p.counselor, p.office_id, " ROLE_HOME " FROM person p WHERE p.id = ?1";

/* Whether office a (an id) is below office b: walking up parent_id from a, at most 32 steps (a
 * cycle or a deeper tree ends the walk). Rare (a case of another office), so prepared afresh. */
static int
role_below(struct db *db, const char *a, const char *b, bool *below, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT parent_id FROM office WHERE id = ?1");
	char *at = xstrdup(a);
	int ret = 0;

	*below = false;
	for (int step = 0; step < 32 && at != NULL && !*below; step++) {
		db_bind_text(st, 1, at);
		free(at);
		at = NULL;
		if ((ret = db_step(st, "reading the offices", d)) == DB_ROW) {
			at = db_col_null(st, 0) ? NULL : xstrdup(db_col_text(st, 0));
			*below = at != NULL && strcmp(at, b) == 0;
			ret = 0;
		} else if (ret != DB_DONE) {
			break;
		}
		db_reset(st);
	}
	free(at);
	db_finalize(st);
	return ret;
}

/* Where the case person_id is from the acting user, in *rel. */
int
role_relation(struct db *db, const char *person_id, enum role_rel *rel, struct diag *d)
{
	struct db_stmt *st = db_cached(db, role_case_sql);
	char *counselor = NULL, *office = NULL, *mine = NULL;
	int ret;

	db_bind_text(st, 1, person_id);
	ret = db_step(st, "finding whose case it is", d);
	if (ret == DB_ROW) {
		counselor = db_col_null(st, 0) ? NULL : xstrdup(db_col_text(st, 0));
		/* no office: this database's (which may have no office row: NULL for both) */
		office = xstrdup(db_col_text(st, db_col_null(st, 1) ? 2 : 1));
		mine = xstrdup(db_user_office(db) != NULL ? db_user_office(db) : db_col_text(st, 2));
		ret = 0;
	} else if (ret == DB_DONE) {
		ret = diag_set(d, EX_DATAERR, "%s: no such person; give a case id or an 18-digit ID "
		    "number (find one with: jobdesk search)", person_id);
	}
	db_reset(st);
	if (ret != 0)
		return ret;
	bool same = office == NULL ? mine == NULL : mine != NULL && strcmp(office, mine) == 0;
	bool below = false;
	if (same && counselor != NULL && strcmp(counselor, db_user(db)) == 0)
		*rel = ROLE_REL_OWN;
	else if (same)
		*rel = ROLE_REL_OFFICE;
	else if (office != NULL && mine != NULL && (ret = role_below(db, office, mine, &below,
	    d)) == 0 && below)
		*rel = ROLE_REL_BELOW;
	else
		*rel = ROLE_REL_OTHER;
	free(counselor);
	free(office);
	free(mine);
	return ret;
}

/* The names of those of an office (NULL: the user's) who hold one of the roles at least
 * min_role, "NAME (LOGIN)" joined by commas, into out; nothing when there is none. */
static int
role_whom(struct db *db, enum role min_role, const char *office_id, struct sbuf *out,
    struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT display_name, login FROM app_user WHERE "
	    "(role = 'admin' OR (?1 <= 1 AND role = 'supervisor')) AND coalesce(office_id, "
	    ROLE_HOME ") IS coalesce(?2, " ROLE_HOME ") ORDER BY role DESC, login LIMIT 4");
	int ret, n = 0;

	db_bind_int(st, 1, min_role);
	db_bind_text(st, 2, office_id != NULL ? office_id : db_user_office(db));
	while ((ret = db_step(st, "finding whom to ask", d)) == DB_ROW)
		sbuf_addf(out, "%s%s (%s)", n++ ? tr(", ") : "", db_col_text(st, 0),
		    db_col_text(st, 1));
	db_finalize(st);
	return ret;
}

/* A case's name, counselor ("NAME (LOGIN)" when a user) and office's name (or code) and id,
 * for a refusal. Caller frees each. */
static void
role_case_words(struct db *db, const char *person_id, char **name, char **counselor,
    char **office, char **office_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT p.name, coalesce((SELECT u.display_name || "
	    "' (' || u.login || ')' FROM app_user u WHERE u.login = p.counselor), p.counselor), "
	    "coalesce(o.name, o.code, "
	    "(SELECT value FROM setting WHERE key = 'office_code')), coalesce(p.office_id, "
	    ROLE_HOME ") FROM person p LEFT JOIN office o ON o.id = p.office_id WHERE p.id = ?1");

	*name = *counselor = *office = *office_id = NULL;
	db_bind_text(st, 1, person_id);
	if (db_step(st, "reading the case", NULL) == DB_ROW) {
		*name = xstrdup(db_col_text(st, 0));
		*counselor = xstrdup(db_col_text(st, 1));
		*office = xstrdup(db_col_text(st, 2));
		*office_id = xstrdup(db_col_text(st, 3));
	}
	db_finalize(st);
}

/* The refusal: one line saying what was refused, why, and whom to ask; EX_NOPERM. */
static int
role_refuse(struct db *db, enum role_act act, const char *person_id, enum role_rel rel,
    struct diag *d)
{
	enum role r = db_role(db);
	const char *what = tr(role_acts[act].what);
	struct sbuf whom = SBUF_INIT;
	int ret;

	if (!role_acts[act].cased || role_matrix(r, act, ROLE_REL_OWN) == ROLE_REFUSE) {
		/* the role may not do it at all: who may is the weakest role allowed on one's own */
		enum role may = ROLE_ADMIN;
		for (int k = ROLE_ADMIN; k >= ROLE_COUNSELOR; k--)
			if (role_matrix((enum role)k, act, ROLE_REL_OWN) != ROLE_REFUSE)
				may = (enum role)k;
		if ((ret = role_whom(db, may, NULL, &whom, d)) != 0)
			goto out;
		if (whom.len == 0)
			sbuf_add(&whom, tr(may == ROLE_ADMIN ? N_("an administrator of your office") :
			    N_("a supervisor of your office")));
		ret = diag_set(d, EX_NOPERM, "refused: as %s you may not %s (only %s may); ask %s",
		    role_label(r), what, tr(may == ROLE_ADMIN ? N_("administrators") :
		    N_("supervisors and administrators")), sbuf_str(&whom));
		goto out;
	}
	char *name, *counselor, *office, *office_id;
	role_case_words(db, person_id, &name, &counselor, &office, &office_id);
	if (rel == ROLE_REL_OFFICE) {
		/* another counselor's case of the office */
		if ((ret = role_whom(db, ROLE_SUPERVISOR, NULL, &whom, d)) == 0) {
			if (whom.len == 0)
				sbuf_add(&whom, tr("a supervisor of your office"));
			ret = diag_set(d, EX_NOPERM, "refused: %s's case is %s's, not yours: you "
			    "may not %s; ask %s or %s", name != NULL ? name : person_id,
			    counselor != NULL ? counselor : "-", what,
			    counselor != NULL ? counselor : "-", sbuf_str(&whom));
		}
	} else {
		/* a case of another office, or of one below that this role may only see */
		if ((ret = role_whom(db, ROLE_SUPERVISOR, office_id, &whom, d)) == 0) {
			if (whom.len == 0)
				sbuf_add(&whom, tr("a supervisor of that office"));
			ret = diag_set(d, EX_NOPERM, "refused: %s's case is in another office (%s): "
			    "you may not %s; ask %s", name != NULL ? name : person_id,
			    office != NULL ? office : "-", what, sbuf_str(&whom));
		}
	}
	free(name);
	free(counselor);
	free(office);
	free(office_id);
out:
	sbuf_free(&whom);
	return ret;
}

/* May the acting user do act (to the case person_id)? 0, EX_NOPERM, or a database code. */
int
role_check(struct db *db, enum role_act act, const char *person_id, struct diag *d)
{
	enum role_rel rel = ROLE_REL_OWN;
	int ret;

	if (!role_enforced(db))
		return 0;
	if (role_acts[act].cased) {
		if (person_id == NULL)
			fatal("role_check: %s needs a case", role_acts[act].what);
		if ((ret = role_relation(db, person_id, &rel, d)) != 0)
			return ret;
	}
	switch (role_matrix(db_role(db), act, rel)) {
	case ROLE_ALLOW:
		return 0;
	case ROLE_WALK_IN:
		/* serving a walk-in: the opening is recorded once, not at every step of it */
		if (db_walk_in(db) != NULL && strcmp(db_walk_in(db), person_id) == 0)
			return 0;
		if ((ret = audit_event(db, "view_id", person_id, "{\"event\":\"walk_in\"}", d)) != 0)
			return ret;
		db_set_walk_in(db, person_id);
		return 0;
	case ROLE_REFUSE:
	default:
		return role_refuse(db, act, person_id, rel, d);
	}
}

/* Whether lists may carry whole ID numbers (no role set, or a role that may export). */
bool
role_whole_ids(const struct db *db)
{
	return !role_enforced(db) || role_matrix(db_role(db), ROLE_ACT_EXPORT, ROLE_REL_OWN) ==
	    ROLE_ALLOW;
}

/* A new opening of a case: a walk-in is recorded again. */
int
role_open(struct db *db, const char *person_id, struct diag *d)
{
	db_set_walk_in(db, NULL);
	return role_check(db, ROLE_ACT_PERSON_OPEN, person_id, d);
}

/* May the full ID number be shown now? 0 (the showing recorded when enforced), else non-zero. */
int
role_show_id(struct db *db, const char *person_id, struct diag *d)
{
	int ret;

	if (!role_enforced(db))
		return 0;
	if ((ret = role_check(db, ROLE_ACT_VIEW_ID, person_id, d)) != 0)
		return ret;
	return audit_event(db, "view_id", person_id, "{\"event\":\"show_id\"}", d);
}

/* The acting user's scope: their office (NULL: this database's) and every office whose
 * parent_id chain reaches it within 32 steps, as role_below walks it. */
int
role_scope(struct db *db, struct role_scope *s, struct diag *d)
{
	struct db_stmt *st;
	char *mine = NULL, *home = NULL, **ids = NULL, **parents = NULL;
	int ret, n = 0, cap = 0;

	memset(s, 0, sizeof *s);
	if (!role_enforced(db) || db_role(db) == ROLE_ADMIN) {
		s->all = true;
		return 0;
	}
	/* every list asks at every page or search: both kept prepared (db_cached) */
	st = db_cached(db, "SELECT " ROLE_HOME);
	if ((ret = db_step(st, "reading this database's office", d)) == DB_ROW) {
		home = db_col_null(st, 0) ? NULL : xstrdup(db_col_text(st, 0));
		ret = 0;
	}
	db_reset(st);
	if (ret != 0)
		return ret;
	mine = xstrdup(db_user_office(db) != NULL ? db_user_office(db) : home);
	st = db_cached(db, "SELECT id, parent_id FROM office");
	while ((ret = db_step(st, "reading the offices", d)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = xreallocarray(ids, (size_t)cap, sizeof *ids);
			parents = xreallocarray(parents, (size_t)cap, sizeof *parents);
		}
		ids[n] = xstrdup(db_col_text(st, 0));
		parents[n++] = xstrdup(db_col_text(st, 1));
	}
	db_reset(st);
	if (ret != DB_DONE)
		goto out;
	ret = 0;
	s->ids = xcalloc((size_t)n + 1, sizeof *s->ids);
	for (int i = 0; i < n; i++) {
		const char *at = ids[i];
		bool in = false;
		for (int step = 0; step < 32 && at != NULL && !in; step++) {
			in = mine != NULL && strcmp(at, mine) == 0;
			const char *up = NULL;
			for (int j = 0; j < n && !in; j++)
				if (strcmp(ids[j], at) == 0)
					up = parents[j];
			at = up;
		}
		if (in)
			s->ids[s->n++] = xstrdup(ids[i]);
	}
	/* a case with no office is this database's: in scope when that office is */
	s->home = home == NULL ? mine == NULL : false;
	for (int i = 0; home != NULL && i < s->n; i++)
		s->home |= strcmp(s->ids[i], home) == 0;
	s->all = s->home && s->n == n;
out:
	for (int i = 0; i < n; i++) {
		free(ids[i]);
		free(parents[i]);
	}
	free(ids);
	free(parents);
	free(mine);
	free(home);
	if (ret != 0)
		role_scope_free(s);
	return ret;
}

/* Append the scope's filter on person p from parameter ?first on. */
void
role_scope_sql(const struct role_scope *s, int first, struct sbuf *sql)
{
	if (s == NULL || s->all)
		return;
	if (s->n == 0) {
		sbuf_add(sql, s->home ? "AND +p.office_id IS NULL " : "AND 0 ");
		return;
	}
	/* the unary + keeps the planner on each list's own index (person_office leads with it) */
	sbuf_add(sql, s->home ? "AND (+p.office_id IS NULL OR +p.office_id IN (" :
	    "AND (+p.office_id IN (");
	for (int i = 0; i < s->n; i++)
		sbuf_addf(sql, "%s?%d", i ? ", " : "", first + i);
	sbuf_add(sql, ")) ");
}

/* Bind the scope's offices from parameter first on. */
void
role_scope_bind(struct db_stmt *st, const struct role_scope *s, int first)
{
	for (int i = 0; s != NULL && !s->all && i < s->n; i++)
		db_bind_text(st, first + i, s->ids[i]);
}

/* Free a scope's ids. */
void
role_scope_free(struct role_scope *s)
{
	for (int i = 0; s->ids != NULL && i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
	memset(s, 0, sizeof *s);
}

/* May the acting user register a case onto counselor's caseload? A counselor only onto their
 * own (or none); supervisors and administrators onto anyone's. 0, or EX_NOPERM with d saying
 * whom to ask. */
int
role_assign(struct db *db, const char *counselor, struct diag *d)
{
	struct sbuf whom = SBUF_INIT;
	int ret;

	if (!role_enforced(db) || db_role(db) != ROLE_COUNSELOR || counselor == NULL ||
	    strcmp(counselor, db_user(db)) == 0)
		return 0;
	if ((ret = role_whom(db, ROLE_SUPERVISOR, NULL, &whom, d)) == 0) {
		if (whom.len == 0)
			sbuf_add(&whom, tr("a supervisor of your office"));
		ret = diag_set(d, EX_NOPERM, "refused: as %s you may register persons onto your own "
		    "caseload only, not onto %s's; leave the counselor out, or ask %s",
		    role_label(db_role(db)), counselor, sbuf_str(&whom));
	}
	sbuf_free(&whom);
	return ret;
}
