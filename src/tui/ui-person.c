/* The person screen: profile, household, progress as a timeline, certificates, insurance,
 * notes and follow-ups, decisions, and the case's history from the audit trail. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/case.h"
#include "core/casefile.h"
#include "core/db.h"
#include "core/facts.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/role.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/list.h"
#include "tui/ui-person.h"
#include "tui/ui-caseload.h"
#include "tui/ui-form.h"
#include "tui/ui-benefits.h"
#include "tui/ui-notice.h"
#include "tui/widget.h"
#include "policy/policy.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/idnum.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* What a line shows: plain text, or one row of the case that keys can act on. */
enum line_kind { LN_TEXT, LN_ENROLLMENT, LN_CERTIFICATE, LN_NOTE, LN_DECISION };

struct line {
	char *text;
	int attr;            /* a TC_* pair, or 0; negative for a section heading */
	enum line_kind kind;
	char *key;           /* the row's id when kind is not LN_TEXT */
};

struct personview {
	char *id;
	struct person p;
	struct line *lines;
	int n, cap;
	struct list list;   /* the lines, a cursor on one: the keys act on the row it is on */
	struct case_info ci; /* the record as stored: its closure (the title says it) */
	int id_shown;        /* the full ID number: 0 not asked yet this opening, 1 shown, -1 masked */
};

/* Lines that show below the title. */
static int
ui_person_height(const struct app *a)
{
	return a->rows - 3;
}

/* Append a line showing a row of the case (kind and key), or plain text (LN_TEXT, NULL). */
static void
ui_person_item(struct personview *v, int attr, enum line_kind kind, const char *key,
    const char *text)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->lines = xreallocarray(v->lines, (size_t)v->cap, sizeof *v->lines);
	}
	v->lines[v->n].text = xstrdup(text);
	v->lines[v->n].attr = attr;
	v->lines[v->n].kind = key != NULL ? kind : LN_TEXT;
	v->lines[v->n].key = xstrdup(key);
	v->n++;
}

/* Append a line of text. */
static void
ui_person_line(struct personview *v, int attr, const char *text)
{
	ui_person_item(v, attr, LN_TEXT, NULL, text);
}

/* The key of the row under the cursor when it is of the kind asked, else NULL with a message
 * saying where to put the cursor. */
static const char *
ui_person_selected(struct app *a, struct personview *v, enum line_kind kind)
{
	static const char *where[] = {
		[LN_ENROLLMENT] = N_("Move the cursor onto a line of Progress first (Tab jumps)."),
		[LN_CERTIFICATE] = N_("Move the cursor onto a certificate first (Tab jumps)."),
		[LN_NOTE] = N_("Move the cursor onto a note first (Tab jumps)."),
		[LN_DECISION] = N_("Move the cursor onto a decision first (Tab jumps)."),
	};

	if (v->list.cur < v->n && v->lines[v->list.cur].kind == kind)
		return v->lines[v->list.cur].key;
	if (kind > LN_TEXT && kind < (int)(sizeof where / sizeof *where))
		tui_message(a, true, "%s", tr(where[kind]));
	return NULL;
}

/* Append a section heading. */
static void
ui_person_heading(struct personview *v, const char *title)
{
	ui_person_line(v, 0, "");
	ui_person_line(v, -1, title);
}

/* Forget the lines. */
static void
ui_person_clear(struct personview *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->lines[i].text);
		free(v->lines[i].key);
	}
	v->n = 0;
}

/* Lay out fields as label: value pairs, two to a line when the screen is wide enough. */
static void
ui_person_fields(struct personview *v, const struct app *a, const int *fields, int nf)
{
	int per = a->cols >= 76 ? 2 : 1, colw = (a->cols - 2) / per;
	struct sbuf b = SBUF_INIT;

	for (int i = 0; i < nf; i++) {
		int f = fields[i];
		const char *val = v->p.v[f];
		char masked[19];
		/* a read-only database (an archive, another office's copy), or a role that may not
		 * see it (core/role.c, asked once an opening): ID numbers masked */
		if (person_fields[f].kind == PK_IDNUM && val != NULL &&
		    (db_readonly(a->ses->db) != NULL || v->id_shown < 0)) {
			idnum_mask(val, masked);
			val = masked;
		}
		const char *shown = person_fields[f].kind == PK_FLAG ? label_flag(val) :
		    person_fields[f].kind == PK_ENUM ? label_value(val) :
		    person_fields[f].kind == PK_PROVINCE ? label_province(val) : val ? val : "-";
		utf8_fit(&b, tr(person_fields[f].label_en), 18, true);
		sbuf_addc(&b, ' ');
		utf8_fit(&b, shown, colw - 20, (i % per) != per - 1);
		if (i % per == per - 1 || i == nf - 1) {
			ui_person_line(v, 0, sbuf_str(&b));
			sbuf_reset(&b);
		} else {
			sbuf_addc(&b, ' ');
		}
	}
	sbuf_free(&b);
}

/* Whether a stored flag is yes. */
static bool
ui_person_yes(const struct person *p, int f)
{
	return p->v[f] != NULL && strcmp(p->v[f], "1") == 0;
}

/* Copy into out the fields of a section worth a line: every one, but a status's details (the
 * registration's dates, the employer's size and hiring day, the benefit's end) only where they
 * are known or the status they belong to holds. How many. */
static int
ui_person_relevant(const struct person *p, const int *fields, int nf, int *out)
{
	int n = 0;

	for (int i = 0; i < nf; i++) {
		int f = fields[i];
		bool keep = true;
		if (f == PF_REGISTERED_UNEMPLOYED_FROM || f == PF_REGISTERED_UNEMPLOYED_UNTIL)
			keep = ui_person_yes(p, PF_REGISTERED_UNEMPLOYED);
		else if (f == PF_EMPLOYER_SIZE || f == PF_HIRED_ON)
			keep = p->v[PF_EMPLOYMENT_STATUS] != NULL &&
			    strcmp(p->v[PF_EMPLOYMENT_STATUS], "employed") == 0;
		else if (f == PF_BENEFIT_UNTIL)
			keep = ui_person_yes(p, PF_RECEIVING_BENEFIT);
		if (keep || p->v[f] != NULL)
			out[n++] = f;
	}
	return n;
}

/* The timeline line of one enrollment. */
static void
ui_person_enrollment(struct personview *v, const struct rows *r, size_t i)
{
	struct sbuf b = SBUF_INIT;
	const char *kind = rows_get(r, i, EN_KIND);

	sbuf_addf(&b, "%s → %s  %s · %s", rows_get(r, i, EN_START) ? rows_get(r, i, EN_START) : "?",
	    rows_get(r, i, EN_END) ? rows_get(r, i, EN_END) : tr("now"), label_value(kind),
	    label_value(rows_get(r, i, EN_STATUS)));
	if (rows_get(r, i, EN_CLASS_HOURS) != NULL)
		sbuf_addf(&b, " · %s %s", rows_get(r, i, EN_CLASS_HOURS), tr("class hours"));
	if (rows_get(r, i, EN_TRAINING_KIND) != NULL)
		sbuf_addf(&b, " · %s", label_value(rows_get(r, i, EN_TRAINING_KIND)));
	if (rows_get(r, i, EN_STARTUP_KIND) != NULL)
		sbuf_addf(&b, " · %s", label_value(rows_get(r, i, EN_STARTUP_KIND)));
	if (rows_get(r, i, EN_LICENSE_DATE) != NULL)
		sbuf_addf(&b, " · %s %s", tr("licence"), rows_get(r, i, EN_LICENSE_DATE));
	if (rows_get(r, i, EN_PROGRAM) != NULL)
		sbuf_addf(&b, " · %s", label_value(rows_get(r, i, EN_PROGRAM)));
	if (rows_get(r, i, EN_UNIT) != NULL)
		sbuf_addf(&b, " · %s", rows_get(r, i, EN_UNIT));
	ui_person_item(v, strcmp(rows_get(r, i, EN_STATUS), "active") == 0 ? TC_GOOD : 0,
	    LN_ENROLLMENT, rows_get(r, i, EN_ID), sbuf_str(&b));
	sbuf_free(&b);
}

/* The decided-on day of a decision among the rows shown. */
static const char *
ui_person_decided_on(const struct rows *r, const char *decision_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(rows_get(r, i, DE_ID), decision_id) == 0)
			return rows_get(r, i, DE_ON);
	return "?";
}

/* The benefit a double grant is of, or both when one item was paid under two policies. */
static void
ui_person_grant_titles(struct app *a, const struct rows *r, size_t i, char *out, size_t len)
{
	const char *ids[2] = { rows_get(r, i, DG_POLICY), rows_get(r, i, DG_POLICY2) };
	const char *t[2];

	for (int k = 0; k < 2; k++) {
		const struct policyset *ps = tui_policies(a, false);
		const struct policy *pol = ps != NULL ? policyset_find(ps, ids[k]) : NULL;
		t[k] = pol == NULL ? tr("a once-only benefit") : a->zh ? pol->title_zh : pol->title_en;
	}
	if (strcmp(ids[0], ids[1]) == 0)
		snprintf(out, len, "%s", t[0]);
	else
		snprintf(out, len, tr("%s and %s"), t[0], t[1]);
}

/* An alert line for each benefit paid twice (as a merge leaves them, or one item under two
 * policies), for a supervisor to revoke one. */
static void
ui_person_double_grants(struct app *a, struct personview *v, const struct rows *decisions)
{
	struct diag d = DIAG_INIT;
	struct rows r;
	char buf[512];

	if (case_double_grants(a->ses->db, v->id, &r, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return;
	}
	for (size_t i = 0; i < r.n; i++) {
		char title[256];
		ui_person_grant_titles(a, &r, i, title, sizeof title);
		snprintf(buf, sizeof buf, tr("! Granted twice, though once only: %s"), title);
		ui_person_line(v, TC_ALERT, buf);
		snprintf(buf, sizeof buf, tr("  decisions of %s and %s: a supervisor revokes one of "
		    "them."), ui_person_decided_on(decisions, rows_get(&r, i, DG_FIRST)),
		    ui_person_decided_on(decisions, rows_get(&r, i, DG_SECOND)));
		ui_person_line(v, TC_ALERT, buf);
	}
	rows_free(&r);
}

/* Re-read the person and rebuild the lines. */
static int
ui_person_reload(struct app *a, void *st)
{
	static const int profile[] = { PF_ID_NUMBER, PF_SEX, PF_BIRTH_DATE, PF_PHONE,
	    PF_HUKOU_PROVINCE, PF_HUKOU_TYPE, PF_EDUCATION, PF_GRADUATION_DATE, PF_EMPLOYMENT_STATUS,
	    PF_EMPLOYER_KIND, PF_EMPLOYER_SIZE, PF_HIRED_ON, PF_VETERAN, PF_DISABLED,
	    PF_ABLE_TO_WORK, PF_REGISTERED_UNEMPLOYED, PF_REGISTERED_UNEMPLOYED_FROM,
	    PF_REGISTERED_UNEMPLOYED_UNTIL,
	    PF_EMPLOYMENT_DIFFICULTY, PF_RURAL_TRANSFER_WORKER, PF_RETURNEE_ENTREPRENEUR,
	    PF_OVERCAPACITY_WORKER, PF_STUDENT_LOAN, PF_CONTINUING_STUDY, PF_JOB_SEEKING,
	    PF_COUNSELOR, PF_NEXT_FOLLOWUP };
	static const int household[] = { PF_LOW_INCOME, PF_REGISTERED_POOR, PF_POOR_DISABLED,
	    PF_EXTREMELY_POOR, PF_ZERO_EMPLOYMENT };
	static const int insurance[] = { PF_UNEMPLOYMENT_MONTHS, PF_SOCIAL_INSURANCE,
	    PF_RECEIVING_BENEFIT, PF_BENEFIT_UNTIL };
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	struct rows r;
	char buf[512];

	ui_person_clear(v);
	if (person_load(a->ses->db, v->id, &v->p, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	/* the full ID number: asked (and its showing recorded) once an opening, not each repaint */
	if (v->id_shown == 0)
		v->id_shown = role_show_id(a->ses->db, v->p.v[PF_ID], &d) == 0 ? 1 : -1;
	if (strcmp(v->p.v[PF_ID], v->id) != 0) {
		/* the key of a record merged into another: the survivor is shown, and said so */
		struct case_info gone;
		char masked[19] = "";
		if (case_find(a->ses->db, v->id, &gone, &d) == 0) {
			idnum_mask(gone.id_number, masked);
			case_info_clear(&gone);
		}
		tui_message(a, false, tr("The record %s was merged into this one, which survives."),
		    masked);
		free(v->id);
		v->id = xstrdup(v->p.v[PF_ID]);
	}
	case_info_clear(&v->ci);
	if (case_find(a->ses->db, v->id, &v->ci, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	int shown[PERSON_NFIELDS], n;
	ui_person_heading(v, tr("Profile"));
	n = ui_person_relevant(&v->p, profile, (int)(sizeof profile / sizeof *profile), shown);
	ui_person_fields(v, a, shown, n);
	ui_person_heading(v, tr("Household"));
	ui_person_fields(v, a, household, (int)(sizeof household / sizeof *household));
	ui_person_heading(v, tr("Insurance"));
	n = ui_person_relevant(&v->p, insurance, (int)(sizeof insurance / sizeof *insurance), shown);
	ui_person_fields(v, a, shown, n);
	ui_person_heading(v, tr("Progress"));
	if (casefile_enrollments(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++)
			ui_person_enrollment(v, &r, i);
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("Nothing yet: press p to add training, an internship, a startup or a job."));
		rows_free(&r);
	}
	ui_person_heading(v, tr("Certificates"));
	if (casefile_certificates(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			snprintf(buf, sizeof buf, "%s  %s  %s", rows_get(&r, i, CE_ISSUED_ON),
			    label_level(rows_get(&r, i, CE_LEVEL)),
			    rows_get(&r, i, CE_OCCUPATION) ? rows_get(&r, i, CE_OCCUPATION) : "");
			ui_person_item(v, 0, LN_CERTIFICATE, rows_get(&r, i, CE_ID), buf);
		}
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("None."));
		rows_free(&r);
	}
	ui_person_heading(v, tr("Notes and follow-ups"));
	if (casefile_notes(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			const char *fu = rows_get(&r, i, NO_FOLLOWUP), *on = rows_get(&r, i, NO_DONE_ON);
			bool open = strcmp(rows_get(&r, i, NO_DONE), "0") == 0;
			char state[128] = "";
			if (fu != NULL && open)
				snprintf(state, sizeof state, "  %s", tr("still open"));
			else if (fu != NULL)
				snprintf(state, sizeof state, "  %s", strcmp(rows_get(&r, i, NO_CANCELLED),
				    "1") == 0 ? tr("cancelled on %s") : tr("done on %s"));
			char said[160], at[32];
			snprintf(said, sizeof said, state, on ? on : "-");  /* the day it was closed */
			snprintf(buf, sizeof buf, "%s %s%s%s%s", label_time(rows_get(&r, i,
			    NO_CREATED_AT), at, sizeof at),
			    rows_get(&r, i, NO_CREATED_BY), fu ? "  → " : "", fu ? fu : "", said);
			int days = 0;
			bool overdue = fu && date_parse(fu, &days) == 0 && days < a->ses->today && open;
			ui_person_item(v, overdue ? TC_ALERT : 0, LN_NOTE, rows_get(&r, i, NO_ID), buf);
			/* the whole note below, each of its lines wrapped, each still the note's */
			for (const char *l = rows_get(&r, i, NO_BODY); *l != '\0'; ) {
				size_t ll = strcspn(l, "\n");
				char *line = xstrndup(l, ll);
				const char *p = line;
				do {
					size_t len = utf8_line(p, a->cols - 6);
					snprintf(buf, sizeof buf, "    %.*s", (int)len, p);
					ui_person_item(v, 0, LN_NOTE, rows_get(&r, i, NO_ID), buf);
					p += len;
					while (*p == ' ')
						p++;
				} while (*p != '\0');
				free(line);
				l += ll + (l[ll] == '\n');
			}
		}
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("None: press a to write one."));
		rows_free(&r);
	}
	ui_person_heading(v, tr("Decisions"));
	if (casefile_decisions(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			char money[32] = "-", *item = NULL;
			struct diag dd = DIAG_INIT;
			const struct policyset *ps = tui_policies(a, false);  /* loaded on first need */
			const struct policy *pol = ps != NULL ?
			    policyset_find(ps, rows_get(&r, i, DE_POLICY)) : NULL;
			const char *title = ps == NULL ? tr("a benefit (the policies could not be loaded)") :
			    pol == NULL ? tr("a benefit no policy file describes now") :
			    a->zh ? pol->title_zh : pol->title_en;
			if (rows_get(&r, i, DE_AMOUNT) != NULL) {
				label_money(strtoll(rows_get(&r, i, DE_AMOUNT), NULL, 10), money,
				    sizeof money - 16);
				snprintf(money + strlen(money), 16, " %s", tr("yuan"));
			}
			if (rows_get(&r, i, DE_ITEM) != NULL &&
			    facts_row_describe(a->ses->db, rows_get(&r, i, DE_ITEM), &item, &dd) != 0)
				item = NULL;  /* an item gone since is not named */
			snprintf(buf, sizeof buf, "%s  %s  %s  %s  %s", rows_get(&r, i, DE_ON), money,
			    label_value(rows_get(&r, i, DE_STATUS)), rows_get(&r, i, DE_COUNSELOR),
			    title);
			ui_person_item(v, 0, LN_DECISION, rows_get(&r, i, DE_ID), buf);
			if (item != NULL) {  /* the item below, still the decision's line */
				snprintf(buf, sizeof buf, "    %s", item);
				ui_person_item(v, 0, LN_DECISION, rows_get(&r, i, DE_ID), buf);
			}
			free(item);
		}
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("None: press b to see the benefits."));
		ui_person_double_grants(a, v, &r);
		rows_free(&r);
	}
	ui_person_heading(v, tr("History"));
	if (casefile_corrections(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			bool cert = strcmp(rows_get(&r, i, CO_TABLE), "certificate") == 0;
			bool fix = strcmp(rows_get(&r, i, CO_OP), "fix") == 0;
			const char *what = cert ? (fix ? tr("certificate corrected: %s") :
			    tr("certificate removed: %s")) : (fix ? tr("progress entry corrected: %s") :
			    tr("progress entry removed: %s"));
			char when[32];
			int at = snprintf(buf, sizeof buf, "%s  %s  ", label_time(rows_get(&r, i, CO_AT),
			    when, sizeof when), rows_get(&r, i, CO_BY));
			if (at > 0 && (size_t)at < sizeof buf)
				snprintf(buf + at, sizeof buf - (size_t)at, what, rows_get(&r, i, CO_REASON));
			ui_person_line(v, TC_WARN, buf);
		}
		rows_free(&r);
	}
	if (casefile_history(a->ses->db, v->id, &r, &d) == 0) {
		struct sbuf said = SBUF_INIT;
		for (size_t i = 0; i < r.n && d.code == 0; i++) {
			char when[32];
			sbuf_reset(&said);
			casefile_change(a->ses->db, rows_get(&r, i, HI_TABLE), rows_get(&r, i, HI_OP),
			    rows_get(&r, i, HI_BEFORE), rows_get(&r, i, HI_AFTER), &said, &d);
			/* the first change beside when and who, each further one below it */
			int pad = snprintf(buf, sizeof buf, "%s  %s  ", label_time(rows_get(&r, i,
			    HI_AT), when, sizeof when), rows_get(&r, i, HI_ACTOR));
			for (const char *p = sbuf_str(&said), *nl; *p != '\0'; p = nl + (*nl != '\0')) {
				nl = p + strcspn(p, "\n");
				snprintf(buf + (p == sbuf_str(&said) ? pad : 0), sizeof buf -
				    (size_t)(p == sbuf_str(&said) ? pad : 0), "%*s%.*s",
				    p == sbuf_str(&said) ? 0 : pad, "", (int)(nl - p), p);
				ui_person_line(v, TC_DIM, buf);
			}
		}
		sbuf_free(&said);
		rows_free(&r);
	}
	if (d.code != 0)
		tui_message(a, true, "%s", d.msg);
	list_set(&v->list, v->n, ui_person_height(a));
	return TUI_DRAW;
}

/* Draw the title and the visible lines. */
static void
ui_person_draw(struct app *a, void *st)
{
	struct personview *v = st;
	char title[256], right[128], age[16] = "";
	int birth;

	if (v->p.v[PF_BIRTH_DATE] != NULL && date_parse(v->p.v[PF_BIRTH_DATE], &birth) == 0)
		snprintf(age, sizeof age, " · %d", date_years_between(birth, a->ses->today));
	snprintf(title, sizeof title, " %s · %s%s", v->p.v[PF_NAME] ? v->p.v[PF_NAME] : "",
	    label_value(v->p.v[PF_SEX]), age);
	if (v->ci.closed_reason != NULL && case_reason_label(v->ci.closed_reason) != NULL)
		snprintf(right, sizeof right, "%s · %s %s ", label_value(v->p.v[PF_STAGE]),
		    tr(case_reason_label(v->ci.closed_reason)),
		    v->ci.closed_on ? v->ci.closed_on : "");
	else
		snprintf(right, sizeof right, "%s ", label_value(v->p.v[PF_STAGE]));
	widget_title(a, title, right);
	for (int i = v->list.top, y = 1; i < v->n && y < a->rows - 2; i++, y++) {
		const struct line *l = &v->lines[i];
		int attr = l->attr < 0 ? (int)(A_BOLD | A_UNDERLINE) : l->attr > 0 ? tui_attr(a, l->attr) : 0;
		/* the cursor's line, and every line of the row it is on */
		if (i == v->list.cur || (l->key != NULL && v->lines[v->list.cur].key != NULL &&
		    strcmp(l->key, v->lines[v->list.cur].key) == 0))
			attr = tui_attr(a, TC_SELECT);
		widget_text(y, 1, a->cols - 2, l->text, attr);
	}
}

/* The person's lines and how many show, for the movement keys. */
static struct list *
ui_person_list(struct app *a, void *st, int *height)
{
	*height = ui_person_height(a);
	return &((struct personview *)st)->list;
}

/* Move the cursor to the next (dir 1) or previous (-1) line showing a row of the case. */
static int
ui_person_jump(struct app *a, struct personview *v, int dir)
{
	const char *here = v->list.cur < v->n ? v->lines[v->list.cur].key : NULL;

	for (int i = v->list.cur + dir; i >= 0 && i < v->n; i += dir) {
		/* a row's first line, never a later line of a row */
		if (dir < 0 && i > 0 && v->lines[i - 1].key != NULL && v->lines[i].key != NULL &&
		    strcmp(v->lines[i - 1].key, v->lines[i].key) == 0)
			continue;
		if (v->lines[i].kind != LN_TEXT && (here == NULL || strcmp(v->lines[i].key, here) != 0)) {
			/* the whole row in view, its first line under the cursor */
			int end = i;
			while (end + 1 < v->n && v->lines[end + 1].key != NULL &&
			    strcmp(v->lines[end + 1].key, v->lines[i].key) == 0)
				end++;
			v->list.cur = end;
			list_show(&v->list, ui_person_height(a));
			v->list.cur = i;
			list_show(&v->list, ui_person_height(a));
			return TUI_DRAW;
		}
	}
	return TUI_NONE;
}

/* Tab: the next row of the case. */
static int
ui_person_next_item(struct app *a, void *st)
{
	return ui_person_jump(a, st, 1);
}

/* Shift-Tab: the previous row of the case. */
static int
ui_person_prev_item(struct app *a, void *st)
{
	return ui_person_jump(a, st, -1);
}

/* Move as the shared keys ask; a page turns the page, the cursor going with it (the lines are
 * read a screen at a time, not walked a line at a time). */
static int
ui_person_go(struct app *a, void *st, int how)
{
	struct personview *v = st;
	int h = ui_person_height(a), page = h > 1 ? h - 1 : 1;

	if (how != LIST_PGDN && how != LIST_PGUP) {
		list_go(&v->list, how, h);
		return TUI_DRAW;
	}
	int delta = how == LIST_PGDN ? page : -page, last_top = v->n > h ? v->n - h : 0;
	v->list.top += delta;
	v->list.top = v->list.top > last_top ? last_top : v->list.top < 0 ? 0 : v->list.top;
	v->list.cur += delta;
	v->list.cur = v->list.cur >= v->n ? v->n - 1 : v->list.cur < 0 ? 0 : v->list.cur;
	list_show(&v->list, h);
	return TUI_DRAW;
}

/* Edit the profile. */
static int
ui_person_edit(struct app *a, void *st)
{
	return ui_form_edit(a, ((struct personview *)st)->id);
}

/* Add progress. */
static int
ui_person_progress(struct app *a, void *st)
{
	return ui_form_progress(a, ((struct personview *)st)->id);
}

/* Write a note. */
static int
ui_person_note(struct app *a, void *st)
{
	return ui_form_note(a, ((struct personview *)st)->id);
}

/* The progress entry or certificate under the cursor: its key, and in *cert which it is; NULL
 * (with a message saying where to put the cursor) on any other line. */
static const char *
ui_person_record(struct app *a, struct personview *v, bool *cert)
{
	*cert = v->list.cur < v->n && v->lines[v->list.cur].kind == LN_CERTIFICATE;
	return ui_person_selected(a, v, *cert ? LN_CERTIFICATE : LN_ENROLLMENT);
}

/* f: correct the progress entry or certificate under the cursor. */
static int
ui_person_fix(struct app *a, void *st)
{
	struct personview *v = st;
	bool cert;
	const char *key = ui_person_record(a, v, &cert);

	return key != NULL ? ui_form_fix(a, v->id, key, cert) : TUI_DRAW;
}

/* r: remove the progress entry or certificate under the cursor, with the reason. */
static int
ui_person_remove(struct app *a, void *st)
{
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	char reason[512];
	bool cert;
	const char *key = ui_person_record(a, v, &cert);

	if (key == NULL)
		return TUI_DRAW;
	/* a refusal comes before the questions, not after them */
	if (progress_removable(a->ses->db, key, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	if (!tui_prompt(a, cert ? tr("Why is this certificate removed?") :
	    tr("Why is this progress entry removed?"), "", reason, sizeof reason))
		return TUI_DRAW;
	if (!tui_confirm(a, tr("Remove it? The history keeps the reason. (y/n)"))) {
		tui_message(a, false, "%s", tr("Nothing was removed."));
		return TUI_DRAW;
	}
	if (progress_remove(a->ses->db, key, reason, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	tui_message(a, false, "%s", tr("Removed; the history keeps the reason."));
	return TUI_RELOAD;
}

/* d, m, x: the follow-up of the note under the cursor done, moved or cancelled. */
static int
ui_person_followup(struct app *a, struct personview *v, int op)
{
	const char *note_id = ui_person_selected(a, v, LN_NOTE);

	return note_id != NULL ? ui_caseload_followup(a, note_id, op) : TUI_DRAW;
}

/* d: the follow-up of the note under the cursor is done. */
static int
ui_person_followup_done(struct app *a, void *st)
{
	return ui_person_followup(a, st, 'd');
}

/* m: move the follow-up of the note under the cursor. */
static int
ui_person_followup_move(struct app *a, void *st)
{
	return ui_person_followup(a, st, 'm');
}

/* x: cancel the follow-up of the note under the cursor. */
static int
ui_person_followup_cancel(struct app *a, void *st)
{
	return ui_person_followup(a, st, 'x');
}

/* Open the benefits. */
static int
ui_person_benefits(struct app *a, void *st)
{
	return ui_benefits_open(a, ((struct personview *)st)->id);
}

/* c: close the case, with a reason chosen among the six (and a note for 'other'). */
static int
ui_person_close(struct app *a, void *st)
{
	static const char *const reasons[] = { "employed", "moved_away", "deceased", "duplicate",
	    "not_seeking", "other" };
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	struct sbuf q = SBUF_INIT;
	char answer[16], note[512] = "", ask[256];
	const char *reason = NULL;

	if (v->ci.stage != NULL && strcmp(v->ci.stage, "closed") == 0) {
		tui_message(a, true, tr("This case is already closed (%s); press o to reopen it."),
		    tr(case_reason_label(v->ci.closed_reason) ? case_reason_label(v->ci.closed_reason) :
		    "closed"));
		return TUI_DRAW;
	}
	sbuf_add(&q, tr("Close as:"));
	for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
		sbuf_addf(&q, " %zu %s", i + 1, tr(case_reason_label(reasons[i])));
	bool answered = tui_prompt(a, sbuf_str(&q), NULL, answer, sizeof answer);
	sbuf_free(&q);
	if (!answered)
		return TUI_DRAW;
	if (strlen(answer) != 1 || answer[0] < '1' || answer[0] > '6') {
		tui_message(a, true, tr("'%s' is not a reason; press c again and type a number from 1 "
		    "to 6. Nothing was changed."), answer);
		return TUI_DRAW;
	}
	reason = reasons[answer[0] - '1'];
	if (strcmp(reason, "other") == 0 &&
	    (!tui_prompt(a, tr("Why is the case closed?"), NULL, note, sizeof note) || !note[0])) {
		tui_message(a, true, "%s", tr("A case closed for another reason needs a note saying "
		    "why. Nothing was changed."));
		return TUI_DRAW;
	}
	snprintf(ask, sizeof ask, tr("Close %s's case as \"%s\"? (y/n)"), v->p.v[PF_NAME],
	    tr(case_reason_label(reason)));
	if (!tui_confirm(a, ask))
		return TUI_DRAW;
	if (case_close(a->ses->db, v->id, reason, note[0] ? note : NULL, a->ses->today, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	tui_message(a, false, tr("Case closed: %s. It has left your cases; search still finds it."),
	    tr(case_reason_label(reason)));
	return TUI_RELOAD;
}

/* o: reopen a closed case; the stage follows from progress again. */
static int
ui_person_reopen(struct app *a, void *st)
{
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	char ask[256];

	if (v->ci.stage == NULL || strcmp(v->ci.stage, "closed") != 0) {
		tui_message(a, true, "%s", tr("This case is open; there is nothing to reopen."));
		return TUI_DRAW;
	}
	snprintf(ask, sizeof ask, tr("Reopen %s's case? (y/n)"), v->p.v[PF_NAME]);
	if (!tui_confirm(a, ask))
		return TUI_DRAW;
	if (case_reopen(a->ses->db, v->id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	tui_message(a, false, "%s", tr("Case reopened."));
	return TUI_RELOAD;
}

/* t: hand the case to another counselor, or move it to another office (its code). */
static int
ui_person_transfer(struct app *a, void *st)
{
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	char login[64];

	if (!tui_prompt(a, tr("Hand the case to a counselor (login) or an office (code):"), NULL,
	    login, sizeof login))
		return TUI_DRAW;
	if (case_transfer(a->ses->db, v->id, login, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	/* all digits and taken: an office's code (case_transfer refuses any other digits) */
	if (login[0] != '\0' && strspn(login, "0123456789") == strlen(login))
		tui_message(a, false, tr("The case moved to office %s; its supervisor hands it to a "
		    "counselor there."), login);
	else
		tui_message(a, false, tr("The case is now %s's."), login);
	return TUI_RELOAD;
}

/* Draw a record of a merge on line y: its role, name, masked ID number and birth date. */
static void
ui_person_merge_line(struct app *a, int y, const char *role, int rolew, const struct case_info *c)
{
	struct sbuf b = SBUF_INIT;
	char masked[19];

	idnum_mask(c->id_number, masked);
	utf8_fit(&b, role, rolew, true);
	sbuf_addf(&b, " %s  %s  %s", c->name, masked, c->birth_date ? c->birth_date : "-");
	move(y, 0);
	clrtoeol();
	widget_text(y, 0, a->cols, sbuf_str(&b), A_BOLD);
	sbuf_free(&b);
}

/* M: merge another record of this person into this case, which survives. */
static int
ui_person_merge(struct app *a, void *st)
{
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	struct case_info g;
	char key[64];
	bool force = false;

	if (!tui_prompt(a, tr("Merge into this case the case with the ID number or case id:"),
	    NULL, key, sizeof key) || !key[0])
		return TUI_DRAW;
	if (case_find(a->ses->db, key, &g, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	if (strcmp(g.id, v->id) == 0 || g.merged_into != NULL) {
		/* said by the rule itself: into itself, or a record merged away already */
		case_merge(a->ses->db, v->id, g.id, a->ses->today, false, &d);
		tui_message(a, true, "%s", d.msg);
		case_info_clear(&g);
		return TUI_DRAW;
	}
	const char *keep = tr("Survives (this case):"), *gone = tr("Merged in and closed:");
	int w = utf8_width(keep) > utf8_width(gone) ? utf8_width(keep) : utf8_width(gone);
	ui_person_merge_line(a, a->rows - 6, keep, w, &v->ci);
	ui_person_merge_line(a, a->rows - 5, gone, w, &g);
	bool yes = tui_confirm(a, tr("Merge these two records of one person? This case survives "
	    "with the records of both. (y/n)"));
	if (yes && ((v->ci.sex && g.sex && strcmp(v->ci.sex, g.sex) != 0) ||
	    (v->ci.birth_date && g.birth_date && strcmp(v->ci.birth_date, g.birth_date) != 0))) {
		yes = force = tui_confirm(a, tr("They differ in sex or birth date: they may be two "
		    "people. Merge anyway? (y/n)"));
	}
	if (yes && case_merge(a->ses->db, v->id, g.id, a->ses->today, force, &d) != 0)
		tui_message(a, true, "%s", d.msg);
	else if (yes)
		tui_message(a, false, tr("Merged: %s's records are this case's now; the other key "
		    "leads here."), g.name);
	case_info_clear(&g);
	return yes ? TUI_RELOAD : TUI_DRAW;
}

/* Rebuild the lines for the new width. */
static void
ui_person_resize(struct app *a, void *st)
{
	ui_person_reload(a, st);
}

/* Free the state. */
static void
ui_person_free(void *st)
{
	struct personview *v = st;

	ui_person_clear(v);
	free(v->lines);
	person_clear(&v->p);
	case_info_clear(&v->ci);
	free(v->id);
	free(v);
}

/* The notice of the decision under the cursor: written for printing and shown. */
static int
ui_person_notice(struct app *a, void *st)
{
	const char *id = ui_person_selected(a, st, LN_DECISION);

	return id != NULL ? ui_notice_open(a, id) : TUI_DRAW;
}

/* The note view: one note whole, its author, time, follow-up and every line, scrolled. */
struct noteview {
	char *person_id, *note_id, *name;
	char **lines;
	int n, cap;
	struct list list;   /* lines of text: the keys scroll them */
};

/* Append a line to the note view. */
static void
ui_person_note_add(struct noteview *nv, const char *text)
{
	if (nv->n == nv->cap) {
		nv->cap = nv->cap ? nv->cap * 2 : 32;
		nv->lines = xreallocarray(nv->lines, (size_t)nv->cap, sizeof *nv->lines);
	}
	nv->lines[nv->n++] = xstrdup(text);
}

/* Build the note view's lines from the note as stored, wrapped to the width. */
static int
ui_person_note_reload(struct app *a, void *st)
{
	struct noteview *nv = st;
	struct diag d = DIAG_INIT;
	struct rows r;
	char buf[1024], when[64], state[256];
	size_t i;

	for (int k = 0; k < nv->n; k++)
		free(nv->lines[k]);
	nv->n = 0;
	if (casefile_notes(a->ses->db, nv->person_id, &r, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	for (i = 0; i < r.n && strcmp(rows_get(&r, i, NO_ID), nv->note_id) != 0; i++)
		;
	if (i == r.n) {
		ui_person_note_add(nv, tr("The note is no longer there."));
		rows_free(&r);
		list_set(&nv->list, nv->n, a->rows - 3);
		return TUI_DRAW;
	}
	snprintf(buf, sizeof buf, tr("Written by: %s"), rows_get(&r, i, NO_CREATED_BY));
	ui_person_note_add(nv, buf);
	label_time(rows_get(&r, i, NO_CREATED_AT), when, sizeof when);
	snprintf(buf, sizeof buf, tr("Written at: %s"), when);
	ui_person_note_add(nv, buf);
	const char *fu = rows_get(&r, i, NO_FOLLOWUP), *on = rows_get(&r, i, NO_DONE_ON);
	int days = 0;
	if (fu == NULL) {
		snprintf(buf, sizeof buf, tr("Follow-up: %s"), tr("none"));
	} else if (strcmp(rows_get(&r, i, NO_DONE), "0") == 0) {
		bool overdue = date_parse(fu, &days) == 0 && days < a->ses->today;
		snprintf(state, sizeof state, "%s  %s", fu, overdue ? tr("overdue") : tr("still open"));
		snprintf(buf, sizeof buf, tr("Follow-up: %s"), state);
	} else {
		char closed[128];
		snprintf(closed, sizeof closed, strcmp(rows_get(&r, i, NO_CANCELLED), "1") == 0 ?
		    tr("cancelled on %s") : tr("done on %s"), on != NULL ? on : "-");
		snprintf(state, sizeof state, "%s  %s", fu, closed);
		snprintf(buf, sizeof buf, tr("Follow-up: %s"), state);
	}
	ui_person_note_add(nv, buf);
	ui_person_note_add(nv, "");
	/* every line of the text, each wrapped to the width */
	const char *p = rows_get(&r, i, NO_BODY);
	while (p != NULL && *p != '\0') {
		size_t para = strcspn(p, "\n");
		char *line = xstrndup(p, para);
		const char *q = line;
		if (*q == '\0')
			ui_person_note_add(nv, "");
		while (*q != '\0') {
			size_t len = utf8_line(q, a->cols - 4);
			snprintf(buf, sizeof buf, "%.*s", (int)len, q);
			ui_person_note_add(nv, buf);
			q += len;
			while (*q == ' ')
				q++;
		}
		free(line);
		p += para;
		if (*p == '\n')
			p++;
	}
	rows_free(&r);
	list_set(&nv->list, nv->n, a->rows - 3);
	return TUI_DRAW;
}

/* Draw the note view. */
static void
ui_person_note_draw(struct app *a, void *st)
{
	struct noteview *nv = st;
	char title[256];

	snprintf(title, sizeof title, " %s · %s", nv->name, tr("Note"));
	widget_title(a, title, NULL);
	for (int i = nv->list.top, y = 2; i < nv->n && y < a->rows - 2; i++, y++)
		widget_text(y, 2, a->cols - 4, nv->lines[i], i < 3 ? tui_attr(a, TC_DIM) : 0);
}

/* The note view's lines and how many show, for the scrolling keys. */
static struct list *
ui_person_note_list(struct app *a, void *st, int *height)
{
	*height = a->rows - 4;
	return &((struct noteview *)st)->list;
}

/* Wrap the note again for the new width. */
static void
ui_person_note_resize(struct app *a, void *st)
{
	ui_person_note_reload(a, st);
}

/* Free the note view. */
static void
ui_person_note_free(void *st)
{
	struct noteview *nv = st;

	for (int i = 0; i < nv->n; i++)
		free(nv->lines[i]);
	free(nv->lines);
	free(nv->person_id);
	free(nv->note_id);
	free(nv->name);
	free(nv);
}

static const struct screen ui_person_note_screen = {
	.title = "Note",
	.draw = ui_person_note_draw,
	.reload = ui_person_note_reload,
	.resize = ui_person_note_resize,
	.free = ui_person_note_free,
	.list_keys = list_keys,
	.list = ui_person_note_list,
};

/* Enter on a note: the note whole, in a view of its own (q back). */
static int
ui_person_open_note(struct app *a, void *st)
{
	struct personview *v = st;
	const char *note_id = ui_person_selected(a, v, LN_NOTE);

	if (note_id == NULL)
		return TUI_DRAW;
	struct noteview *nv = xcalloc(1, sizeof *nv);
	nv->person_id = xstrdup(v->id);
	nv->note_id = xstrdup(note_id);
	nv->name = xstrdup(v->p.v[PF_NAME] != NULL ? v->p.v[PF_NAME] : "");
	nv->list.text = true;
	return tui_push(a, &ui_person_note_screen, nv);  /* the loop reloads it: its lines */
}

static const struct binding ui_person_keys[] = {
	{ .key = '\r', .keyname = "Enter", .label = "open the note", .fn = ui_person_open_note },
	{ .key = '\n', .keyname = "Enter", .label = "open the note", .fn = ui_person_open_note },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "open the note",
	    .fn = ui_person_open_note },
	{ .key = 'b', .keyname = "b", .label = "benefits", .bottom = true, .fn = ui_person_benefits },
	{ .key = 'e', .keyname = "e", .label = "edit", .bottom = true, .fn = ui_person_edit },
	{ .key = 'p', .keyname = "p", .label = "progress", .bottom = true, .fn = ui_person_progress },
	{ .key = 'a', .keyname = "a", .label = "note", .bottom = true, .fn = ui_person_note },
	{ .key = '\t', .keyname = "Tab", .label = "next entry", .fn = ui_person_next_item },
	{ .key = KEY_BTAB, .fkey = true, .keyname = "S-Tab", .label = "previous entry",
	    .fn = ui_person_prev_item },
	{ .key = 'd', .keyname = "d", .label = "follow-up done", .fn = ui_person_followup_done },
	{ .key = 'm', .keyname = "m", .label = "move the follow-up", .fn = ui_person_followup_move },
	{ .key = 'x', .keyname = "x", .label = "cancel the follow-up", .fn = ui_person_followup_cancel },
	{ .key = 'f', .keyname = "f", .label = "correct the entry", .fn = ui_person_fix },
	{ .key = 'r', .keyname = "r", .label = "remove the entry", .fn = ui_person_remove },
	{ .key = 'c', .keyname = "c", .label = "close the case", .fn = ui_person_close },
	{ .key = 'o', .keyname = "o", .label = "reopen the case", .fn = ui_person_reopen },
	{ .key = 't', .keyname = "t", .label = "hand to a counselor", .fn = ui_person_transfer },
	{ .key = 'M', .keyname = "M", .label = "merge a duplicate in", .fn = ui_person_merge },
	{ .key = 'n', .keyname = "n", .label = "print the decision's notice",
	    .fn = ui_person_notice },
	{ .key = 0 },
};

static const struct screen ui_person_screen = {
	.title = "Person",
	.draw = ui_person_draw,
	.reload = ui_person_reload,
	.resize = ui_person_resize,
	.free = ui_person_free,
	.keys = ui_person_keys,
	.list_keys = list_keys,
	.list = ui_person_list,
	.list_move = ui_person_go,
};

/* The state of a person's screen by case id. */
static struct personview *
ui_person_new(const char *person_id)
{
	struct personview *v = xcalloc(1, sizeof *v);

	v->id = xstrdup(person_id);
	return v;
}

/* Open a person's screen by case id. */
int
ui_person_open(struct app *a, const char *person_id)
{
	struct diag d = DIAG_INIT;

	/* a new opening (a walk-in is recorded again); a case the role may not open stays shut */
	if (role_open(a->ses->db, person_id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	return tui_push(a, &ui_person_screen, ui_person_new(person_id));
}

/* Open a person's screen in place of the top screen. */
int
ui_person_replace(struct app *a, const char *person_id)
{
	struct diag d = DIAG_INIT;

	if (role_open(a->ses->db, person_id, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	return tui_replace(a, &ui_person_screen, ui_person_new(person_id));
}
