/* The person screen: profile, household, progress as a timeline, certificates, insurance,
 * notes and follow-ups, decisions, and the case's history from the audit trail. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/person.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/list.h"
#include "tui/ui-person.h"
#include "tui/ui-caseload.h"
#include "tui/ui-form.h"
#include "tui/ui-benefits.h"
#include "tui/widget.h"
#include "util/date.h"
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
		const char *shown = person_fields[f].kind == PK_FLAG ? label_flag(val) :
		    person_fields[f].kind == PK_ENUM ? label_value(val) : val ? val : "-";
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

/* Re-read the person and rebuild the lines. */
static int
ui_person_reload(struct app *a, void *st)
{
	static const int profile[] = { PF_ID_NUMBER, PF_SEX, PF_BIRTH_DATE, PF_PHONE,
	    PF_HUKOU_PROVINCE, PF_HUKOU_TYPE, PF_EDUCATION, PF_GRADUATION_DATE, PF_EMPLOYMENT_STATUS,
	    PF_EMPLOYER_KIND, PF_VETERAN, PF_DISABLED, PF_REGISTERED_UNEMPLOYED,
	    PF_EMPLOYMENT_DIFFICULTY, PF_RURAL_TRANSFER_WORKER, PF_RETURNEE_ENTREPRENEUR,
	    PF_OVERCAPACITY_WORKER, PF_STUDENT_LOAN, PF_CONTINUING_STUDY, PF_JOB_SEEKING,
	    PF_COUNSELOR, PF_NEXT_FOLLOWUP };
	static const int household[] = { PF_LOW_INCOME, PF_REGISTERED_POOR, PF_POOR_DISABLED,
	    PF_EXTREMELY_POOR, PF_ZERO_EMPLOYMENT };
	static const int insurance[] = { PF_UNEMPLOYMENT_MONTHS, PF_SOCIAL_INSURANCE };
	struct personview *v = st;
	struct diag d = DIAG_INIT;
	struct rows r;
	char buf[512];

	ui_person_clear(v);
	if (person_load(a->ses->db, v->id, &v->p, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	ui_person_heading(v, tr("Profile"));
	ui_person_fields(v, a, profile, (int)(sizeof profile / sizeof *profile));
	ui_person_heading(v, tr("Household"));
	ui_person_fields(v, a, household, (int)(sizeof household / sizeof *household));
	ui_person_heading(v, tr("Insurance"));
	ui_person_fields(v, a, insurance, (int)(sizeof insurance / sizeof *insurance));
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
			snprintf(buf, sizeof buf, "%s  %s %s  %s", rows_get(&r, i, CE_ISSUED_ON),
			    tr("level"), rows_get(&r, i, CE_LEVEL),
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
			char said[160];
			snprintf(said, sizeof said, state, on ? on : "-");  /* the day it was closed */
			snprintf(buf, sizeof buf, "%.10s %s: %s%s%s%s", rows_get(&r, i, NO_CREATED_AT),
			    rows_get(&r, i, NO_CREATED_BY), rows_get(&r, i, NO_BODY),
			    fu ? "  → " : "", fu ? fu : "", said);
			int days = 0;
			bool overdue = fu && date_parse(fu, &days) == 0 && days < a->ses->today && open;
			ui_person_item(v, overdue ? TC_ALERT : 0, LN_NOTE, rows_get(&r, i, NO_ID), buf);
		}
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("None: press a to write one."));
		rows_free(&r);
	}
	ui_person_heading(v, tr("Decisions"));
	if (casefile_decisions(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			char money[32] = "-";
			if (rows_get(&r, i, DE_AMOUNT) != NULL)
				label_money(strtoll(rows_get(&r, i, DE_AMOUNT), NULL, 10), money,
				    sizeof money);
			snprintf(buf, sizeof buf, "%s  %s%s%s  %s  %s  %s", rows_get(&r, i, DE_ON),
			    rows_get(&r, i, DE_POLICY), rows_get(&r, i, DE_SUBJECT) ? " " : "",
			    rows_get(&r, i, DE_SUBJECT) ? rows_get(&r, i, DE_SUBJECT) : "", money,
			    label_value(rows_get(&r, i, DE_STATUS)), rows_get(&r, i, DE_COUNSELOR));
			ui_person_item(v, 0, LN_DECISION, rows_get(&r, i, DE_ID), buf);
		}
		if (r.n == 0)
			ui_person_line(v, TC_DIM, tr("None: press b to see the benefits."));
		rows_free(&r);
	}
	ui_person_heading(v, tr("History"));
	if (casefile_history(a->ses->db, v->id, &r, &d) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			snprintf(buf, sizeof buf, "%.19s  %s  %s %s", rows_get(&r, i, HI_AT),
			    rows_get(&r, i, HI_ACTOR), label_value(rows_get(&r, i, HI_OP)),
			    rows_get(&r, i, HI_TABLE));
			ui_person_line(v, TC_DIM, buf);
		}
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
	snprintf(right, sizeof right, "%s ", label_value(v->p.v[PF_STAGE]));
	widget_title(a, title, right);
	for (int i = v->list.top, y = 1; i < v->n && y < a->rows - 2; i++, y++) {
		const struct line *l = &v->lines[i];
		int attr = l->attr < 0 ? (int)(A_BOLD | A_UNDERLINE) : l->attr > 0 ? tui_attr(a, l->attr) : 0;
		if (i == v->list.cur)
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
	for (int i = v->list.cur + dir; i >= 0 && i < v->n; i += dir) {
		if (v->lines[i].kind != LN_TEXT) {
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
	free(v->id);
	free(v);
}

static const struct binding ui_person_keys[] = {
	{ .key = 'b', .keyname = "b", .label = "benefits", .bottom = true, .fn = ui_person_benefits },
	{ .key = 'e', .keyname = "e", .label = "edit", .bottom = true, .fn = ui_person_edit },
	{ .key = 'p', .keyname = "p", .label = "progress", .bottom = true, .fn = ui_person_progress },
	{ .key = 'a', .keyname = "a", .label = "note", .bottom = true, .fn = ui_person_note },
	{ .key = 'd', .keyname = "d", .label = "follow-up done", .fn = ui_person_followup_done },
	{ .key = 'm', .keyname = "m", .label = "move the follow-up", .fn = ui_person_followup_move },
	{ .key = 'x', .keyname = "x", .label = "cancel the follow-up", .fn = ui_person_followup_cancel },
	{ .key = '\t', .keyname = "Tab", .label = "next entry", .fn = ui_person_next_item },
	{ .key = KEY_BTAB, .fkey = true, .keyname = "S-Tab", .label = "previous entry",
	    .fn = ui_person_prev_item },
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
	return tui_push(a, &ui_person_screen, ui_person_new(person_id));
}

/* Open a person's screen in place of the top screen. */
int
ui_person_replace(struct app *a, const char *person_id)
{
	return tui_replace(a, &ui_person_screen, ui_person_new(person_id));
}
