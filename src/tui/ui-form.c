/* Forms: register and edit a person, add or correct progress, write a note. Fields are checked
 * as they are typed; Esc leaves with nothing written (asking first when something was changed);
 * saving is one transaction. A person form shows the likely duplicates before it saves; a
 * correction asks its reason. Fewer keys: a pick list jumps to the value a letter (or a pinyin
 * initial) begins, fields a valid ID number filled are passed by Tab and Enter, a note's text
 * takes several lines, and the register form can start from what a search found nobody by. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/session.h"
#include "core/label.h"
#include "tui/lineedit.h"
#include "tui/ui-help.h"
#include "tui/ui-person.h"
#include "tui/ui-form.h"
#include "tui/widget.h"
#include "util/date.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/idnum.h"
#include "util/pinyin.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum ff_kind { FF_TEXT, FF_DATE, FF_ENUM, FF_INT };
enum form_kind { FORM_REGISTER, FORM_EDIT, FORM_PROGRESS, FORM_NOTE, FORM_FIX };
enum { MAXFIELDS = 40, NOTE_ROWS = 6, NOTE_MAX = 2000 };

struct ffield {
	const char *label;      /* English */
	enum ff_kind kind;
	const char *allowed;    /* enumerations: "|a|b" (the empty first value is unknown) */
	int pf;                 /* person field, or -1 */
	int pg;                 /* progress field (core's progress_fields), or -1 */
	const char *only;       /* progress: shown only for this kind of enrollment */
	const char *key;        /* progress and note: which value this is */
	struct lineedit edit;
	int choice;
	char error[256];
	char hint[128];         /* a default offered, not a fact: shown until the field is typed in */
	char orig[256];         /* a correction: the value as it was */
	bool fixed;             /* shown, never changed (a correction's kind) */
	bool lines;             /* several lines (a note's text): Enter breaks the line */
	bool by_id;             /* filled from the ID number: Tab and Enter pass it */
};

struct form {
	enum form_kind kind;
	char *person_id;
	int64_t updated_at;     /* edit: the case as opened, so that a change made since is not lost */
	struct ffield f[MAXFIELDS];
	int n, cur;
	int today;              /* the session's today: what an ID number's birth date is checked by */
	char id_seen[19];       /* the ID number birth date and sex were last filled from */
	char *orig_name, *orig_birth;  /* edit: as opened (a change of either checks duplicates) */
	struct rows dups;       /* likely duplicates shown before saving (dups.n > 0: shown) */
	int dup_cur;
	bool dups_ok;           /* the counselor chose to save anyway */
	char *row_id;           /* a correction: the enrollment's or certificate's id */
	char *start;            /* every value as the form opened: Esc asks when they changed */
};

static const char flag_values[] = "|1|0";

/* The text of a field's value ("" when unknown). */
static const char *
ui_form_field_value(const struct ffield *f, char *buf, size_t len)
{
	if (f->kind != FF_ENUM)
		return f->edit.buf;
	const char *p = f->allowed;
	for (int i = 0; i < f->choice && p != NULL; i++) {
		p = strchr(p, '|');
		if (p != NULL)
			p++;
	}
	size_t n = p != NULL ? strcspn(p, "|") : 0;
	if (n >= len)
		n = len - 1;
	memcpy(buf, p != NULL ? p : "", n);
	buf[n] = '\0';
	return buf;
}

/* How many values an enumeration has. */
static int
ui_form_field_count(const struct ffield *f)
{
	int n = 1;

	for (const char *p = f->allowed; *p; p++)
		n += *p == '|';
	return n;
}

/* Set a field to a stored value. */
static void
ui_form_field_set(struct ffield *f, const char *v)
{
	if (f->kind != FF_ENUM) {
		lineedit_set(&f->edit, v != NULL ? v : "", f->lines ? NOTE_MAX : f->kind == FF_TEXT ?
		    480 : 32);
		f->edit.multiline = f->lines;
		return;
	}
	f->choice = 0;
	for (int i = 0; v != NULL && i < ui_form_field_count(f); i++) {
		char buf[64];
		struct ffield probe = *f;
		probe.choice = i;
		if (strcmp(ui_form_field_value(&probe, buf, sizeof buf), v) == 0)
			f->choice = i;
	}
}

/* Whether a field is shown, given the progress kind chosen. */
static bool
ui_form_field_shown(const struct form *fm, const struct ffield *f)
{
	char buf[64];

	if (f->only == NULL)
		return true;
	return strcmp(ui_form_field_value(&fm->f[0], buf, sizeof buf), f->only) == 0;
}

/* Add a field to a form. */
static struct ffield *
ui_form_add(struct form *fm, const char *label, enum ff_kind kind, const char *allowed, int pf)
{
	struct ffield *f = &fm->f[fm->n++];

	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = kind;
	f->allowed = allowed;
	f->pf = pf;
	f->pg = -1;
	ui_form_field_set(f, NULL);
	return f;
}

/* Check one field as it stands, filling its error. */
static void
ui_form_check(struct form *fm, struct ffield *f)
{
	char buf[512], why[256];
	const char *v = ui_form_field_value(f, buf, sizeof buf);
	int days;
	long n;

	f->error[0] = '\0';
	if (f->pf >= 0) {
		struct person tmp = { 0 };
		if (v[0] != '\0' && person_set(&tmp, f->pf, v, why, sizeof why) != 0)
			snprintf(f->error, sizeof f->error, "%s", why);
		if (v[0] == '\0' && (f->pf == PF_NAME || f->pf == PF_ID_NUMBER))
			snprintf(f->error, sizeof f->error, "%s", tr("required"));
		/* a valid ID number, once changed, refills what it tells (birth date and sex, over
		 * what they held) and offers the province it was issued in when none is given */
		if (f->pf == PF_ID_NUMBER && f->error[0] == '\0' &&
		    strcmp(tmp.v[PF_ID_NUMBER], fm->id_seen) != 0) {
			struct idnum id;
			if (idnum_parse(tmp.v[PF_ID_NUMBER], fm->today, &id, why, sizeof why) == 0) {
				snprintf(fm->id_seen, sizeof fm->id_seen, "%s", id.number);
				for (int i = 0; i < fm->n; i++) {
					struct ffield *g = &fm->f[i];
					char gb[64];
					if (g->pf == PF_BIRTH_DATE) {
						ui_form_field_set(g, id.birth_text);
						g->error[0] = '\0';
						g->by_id = true;
						snprintf(g->hint, sizeof g->hint, "%s",
						    tr("from the ID number"));
					} else if (g->pf == PF_SEX) {
						ui_form_field_set(g, id.male ? "male" : "female");
						g->by_id = true;
						snprintf(g->hint, sizeof g->hint, "%s",
						    tr("from the ID number"));
					} else if (g->pf == PF_HUKOU_PROVINCE &&
					    ui_form_field_value(g, gb, sizeof gb)[0] == '\0') {
						ui_form_field_set(g, id.province);
						snprintf(g->hint, sizeof g->hint, "%s",
						    tr("from the ID: check it"));
					}
				}
			}
		}
		/* an ID number emptied or made wrong no longer vouches for what it filled: those
		 * fields are stepped on again, and refilled once it is valid */
		if (f->pf == PF_ID_NUMBER && f->error[0] != '\0') {
			fm->id_seen[0] = '\0';
			for (int i = 0; i < fm->n; i++)
				fm->f[i].by_id = false;
		}
		person_clear(&tmp);
		return;
	}
	if (v[0] == '\0') {
		if (f->key != NULL && (strcmp(f->key, "body") == 0 || strcmp(f->key, "status") == 0))
			snprintf(f->error, sizeof f->error, "%s", tr("required"));
		return;
	}
	char typed[64];
	field_ascii(v, typed, sizeof typed, 1);  /* full-width digits and '－' from an input method */
	if (f->kind == FF_DATE && date_parse(typed, &days) != 0)
		snprintf(f->error, sizeof f->error, "%s", tr("expected YYYY-MM-DD"));
	else if (f->kind == FF_INT && field_int(v, 0, 10000, &n, why, sizeof why) != 0)
		snprintf(f->error, sizeof f->error, "%s", tr("expected a whole number"));
	else if (f->kind == FF_TEXT && f->lines) {
		/* a note's lines: each is checked as text (core keeps the breaks) */
		for (const char *p = v; ; p += strcspn(p, "\n") + 1) {
			char line[sizeof f->edit.buf];
			size_t len = strcspn(p, "\n");
			if (len >= sizeof line)
				len = sizeof line - 1;
			memcpy(line, p, len);  /* one line of the note, cut to the buffer */
			line[len] = '\0';
			if (field_text(line, NOTE_MAX, why, sizeof why) != 0) {
				snprintf(f->error, sizeof f->error, "%s", why);
				break;
			}
			if (p[strcspn(p, "\n")] == '\0')
				break;
		}
	} else if (f->kind == FF_TEXT && field_text(v, 480, why, sizeof why) != 0)
		snprintf(f->error, sizeof f->error, "%s", why);
}

/* Move to the next (or previous) shown field; going on, past the fields the ID number filled
 * (going back reaches them). */
static void
ui_form_step(struct form *fm, int dir)
{
	int i = fm->cur;

	do {
		i = (i + dir + fm->n) % fm->n;
	} while ((!ui_form_field_shown(fm, &fm->f[i]) || (dir > 0 && fm->f[i].by_id)) &&
	    i != fm->cur);
	fm->cur = i;
}

/* Every value of the form in one string (what Esc compares with the form as it opened). */
static char *
ui_form_snapshot(struct form *fm)
{
	struct sbuf b = SBUF_INIT;
	char buf[sizeof fm->f[0].edit.buf];

	for (int i = 0; i < fm->n; i++) {
		sbuf_add(&b, ui_form_field_value(&fm->f[i], buf, sizeof buf));
		sbuf_addc(&b, '\x1f');
	}
	char *out = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
	return out;
}

/* Open a form filled as it starts (what Esc compares with). */
static int
ui_form_push(struct app *a, const struct screen *scr, struct form *fm)
{
	fm->start = ui_form_snapshot(fm);
	return tui_push(a, scr, fm);
}

/* Draw the likely duplicates found before saving, one highlighted. */
static void
ui_form_draw_dups(struct app *a, struct form *fm)
{
	char line[512];
	struct sbuf b = SBUF_INIT;
	int y = 4;

	widget_title(a, tr(" Likely the same person"), tr("Enter opens it, F2 saves anyway, Esc "
	    "back "));
	widget_text(2, 1, a->cols - 2, tr("Already registered, born the same day, with the same "
	    "name or one that sounds the same:"), A_BOLD);
	utf8_fit(&b, tr("name"), 10, true);
	sbuf_add(&b, "  ");
	utf8_fit(&b, tr("ID number"), 18, true);
	sbuf_add(&b, "  ");
	utf8_fit(&b, tr("birth date"), 10, true);
	sbuf_add(&b, "  ");
	sbuf_add(&b, tr("counselor"));
	widget_text(y++, 1, a->cols - 2, sbuf_str(&b), tui_attr(a, TC_DIM));
	for (size_t i = 0; i < fm->dups.n && y < a->rows - 3; i++, y++) {
		char masked[19];
		const char *c = rows_get(&fm->dups, i, DU_COUNSELOR);
		sbuf_reset(&b);
		idnum_mask(rows_get(&fm->dups, i, DU_ID_NUMBER), masked);
		utf8_fit(&b, rows_get(&fm->dups, i, DU_NAME), 10, true);
		snprintf(line, sizeof line, "  %-18s  %-10s  %s", masked,
		    rows_get(&fm->dups, i, DU_BIRTH_DATE), c != NULL ? c : "-");
		sbuf_add(&b, line);
		widget_text(y, 1, a->cols - 2, sbuf_str(&b),
		    (int)i == fm->dup_cur ? tui_attr(a, TC_SELECT) : 0);
	}
	sbuf_free(&b);
}

/* A chosen value in words: a flag as yes/no, a certificate level by its name, an enumeration
 * by its label. */
static const char *
ui_form_value_label(const struct ffield *f, const char *v)
{
	if (f->pg == PG_LEVEL)
		return label_level(v);
	if (f->pf == PF_HUKOU_PROVINCE)
		return label_province(v);
	if ((f->pg >= 0 && progress_fields[f->pg].kind == PGK_FLAG) ||
	    (f->pf >= 0 && person_fields[f->pf].kind == PK_FLAG) || f->allowed == flag_values)
		return label_flag(v);
	return label_value(v);
}

/* Draw the fields, the focused one's editor and every error beside its field. */
static void
ui_form_draw(struct app *a, void *st)
{
	static const char *titles[] = { " Register a person", " Edit", " Add progress",
		" Write a note", " Correct an entry" };
	struct form *fm = st;

	if (fm->dups.n > 0) {
		ui_form_draw_dups(a, fm);
		return;
	}
	int labelw = 18, valw = a->cols > 60 ? 30 : a->cols - labelw - 4;
	int y = 2, shown = 0, focus_y = -1;
	char buf[512];

	widget_title(a, tr(titles[fm->kind]), tr("F2 saves, Esc leaves without saving "));
	/* scroll so the focused field is visible */
	int before = 0;
	for (int i = 0; i < fm->cur; i++)
		before += ui_form_field_shown(fm, &fm->f[i]);
	int skip = before - (a->rows - 5) + 1;
	for (int i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		if (!ui_form_field_shown(fm, f))
			continue;
		if (shown++ < skip || y >= a->rows - 2)
			continue;
		bool focus = i == fm->cur;
		widget_text(y, 1, labelw, tr(f->label), focus ? A_BOLD : 0);
		if (f->lines) {
			/* a note's text: its lines in a box as wide as the screen allows */
			int rows = a->rows - 3 - y - (fm->n - 1 - i);
			rows = rows > NOTE_ROWS ? NOTE_ROWS : rows < 1 ? 1 : rows;
			if (f->error[0] != '\0')
				widget_text(y + rows, 1 + labelw, a->cols - labelw - 2, f->error,
				    tui_attr(a, TC_ALERT));
			else if (focus)
				widget_text(y + rows, 1 + labelw, a->cols - labelw - 2,
				    tr("Enter starts a new line; Tab goes to the next field"),
				    tui_attr(a, TC_DIM));
			lineedit_draw_lines(&f->edit, y, 1 + labelw, a->cols - labelw - 2, rows, focus,
			    A_UNDERLINE | (focus ? A_BOLD : 0));
			y += rows + 1;
			continue;
		}
		if (f->kind == FF_ENUM) {
			const char *v = ui_form_field_value(f, buf, sizeof buf);
			char shown_v[128];
			bool pick = focus && !f->fixed;
			snprintf(shown_v, sizeof shown_v, "%s %s %s", pick ? "<" : " ",
			    v[0] ? ui_form_value_label(f, v) : "-", pick ? ">" : " ");
			widget_text(y, 1 + labelw, valw, shown_v, focus ? tui_attr(a, TC_SELECT) : 0);
		} else if (!focus) {
			widget_text(y, 1 + labelw, valw, f->edit.buf, A_UNDERLINE);
		} else {
			focus_y = y;
		}
		if (f->error[0] != '\0')
			widget_text(y, 2 + labelw + valw, a->cols - labelw - valw - 3, f->error,
			    tui_attr(a, TC_ALERT));
		else if (f->hint[0] != '\0')
			widget_text(y, 2 + labelw + valw, a->cols - labelw - valw - 3, f->hint,
			    tui_attr(a, TC_WARN));
		else if (f->kind == FF_DATE && focus)
			widget_text(y, 2 + labelw + valw, a->cols - labelw - valw - 3,
			    tr("YYYY-MM-DD"), tui_attr(a, TC_DIM));
		y++;
	}
	if (focus_y >= 0 && !fm->f[fm->cur].lines)
		lineedit_draw(&fm->f[fm->cur].edit, focus_y, 1 + labelw, valw, true,
		    A_UNDERLINE | A_BOLD);
}

static int ui_form_next(struct app *a, void *st);
static int ui_form_save(struct app *a, void *st);

/* The label a value of a pick list shows. */
static const char *
ui_form_choice_label(const struct ffield *f, int choice, char *buf, size_t len)
{
	struct ffield probe = *f;

	probe.choice = choice;
	const char *v = ui_form_field_value(&probe, buf, len);
	if (v[0] == '\0')
		return "";
	return ui_form_value_label(f, v);  /* as the field shows it: 是, 中级(四级), 吉林省 */
}

/* Whether a label begins with a letter (either case), or with a Han character read with that
 * pinyin initial. */
static bool
ui_form_label_begins(const char *label, wint_t letter)
{
	const char *p = label;
	uint32_t cp = utf8_next(&p);
	wint_t lower = letter | 0x20;

	if (cp < 0x80)
		return (cp | 0x20) == lower;
	return (pinyin_mask(cp) & (1u << (lower - L'a'))) != 0;
}

/* Type-ahead on a pick list: the next value after the chosen one whose label begins with the
 * letter typed (its pinyin initial, for a Chinese label); false when none does. */
static bool
ui_form_pick(struct ffield *f, wint_t letter)
{
	int n = ui_form_field_count(f);
	char buf[64];

	for (int k = 1; k <= n; k++) {
		int i = (f->choice + k) % n;
		if (ui_form_label_begins(ui_form_choice_label(f, i, buf, sizeof buf), letter)) {
			f->choice = i;
			return true;
		}
	}
	return false;
}

/* Type into the focused field, or choose its value. */
static int
ui_form_input(struct app *a, void *st, wint_t ch, bool fkey)
{
	struct form *fm = st;
	struct ffield *f = &fm->f[fm->cur];

	if (fm->dups.n > 0) {
		if (!fkey && (ch == L'o' || ch == L'O'))
			return ui_form_next(a, st);
		if (!fkey && (ch == L's' || ch == L'S'))
			return ui_form_save(a, st);
		return TUI_NONE;
	}
	if (f->fixed) {
		tui_message(a, true, "%s", tr("The kind of an entry is not corrected: remove it (r) and "
		    "add the right one (p)."));
		return TUI_DRAW;
	}
	if (f->kind == FF_ENUM) {
		int n = ui_form_field_count(f);
		bool letter = !fkey && ((ch >= L'a' && ch <= L'z') || (ch >= L'A' && ch <= L'Z'));
		if ((fkey && ch == KEY_RIGHT) || (!fkey && ch == L' '))
			f->choice = (f->choice + 1) % n;
		else if (fkey && ch == KEY_LEFT)
			f->choice = (f->choice + n - 1) % n;
		else if (letter && !ui_form_pick(f, ch)) {
			tui_message(a, false, tr("No choice begins with %c."), (int)ch);
			return TUI_DRAW;
		} else if (!letter)
			return TUI_DRAW;
	} else if (!lineedit_key(&f->edit, ch, fkey)) {
		return TUI_DRAW;
	}
	f->hint[0] = '\0';
	f->by_id = false;  /* changed by hand: the counselor's value, no longer passed by */
	ui_form_check(fm, f);
	return TUI_DRAW;
}

/* Whether the cursor must stay on the focused field: an ID number typed but not valid (the
 * message says why). */
static bool
ui_form_stay(struct app *a, struct form *fm)
{
	struct ffield *f = &fm->f[fm->cur];

	if (f->pf != PF_ID_NUMBER || f->edit.buf[0] == '\0')
		return false;
	ui_form_check(fm, f);
	if (f->error[0] == '\0')
		return false;
	tui_message(a, true, tr("%s: %s"), tr(person_fields[PF_ID_NUMBER].label_en), f->error);
	return true;
}

/* Next field (among the duplicates: open the highlighted one). */
static int
ui_form_next(struct app *a, void *st)
{
	struct form *fm = st;

	if (fm->dups.n > 0) {
		char *id = xstrdup(rows_get(&fm->dups, (size_t)fm->dup_cur, DU_ID));
		int ret = ui_person_replace(a, id);
		free(id);
		return ret;
	}
	if (!ui_form_stay(a, fm))
		ui_form_step(fm, 1);
	return TUI_DRAW;
}

/* Enter: a new line in a note's text, else the next field (among the duplicates: open the
 * highlighted one). */
static int
ui_form_enter(struct app *a, void *st)
{
	struct form *fm = st;
	struct ffield *f = &fm->f[fm->cur];

	if (fm->dups.n == 0 && f->lines) {
		if (lineedit_key(&f->edit, L'\n', false))
			ui_form_check(fm, f);
		return TUI_DRAW;
	}
	return ui_form_next(a, st);
}

/* The next field down (among the duplicates: the next one; in a note's text: the next line). */
static int
ui_form_down(struct app *a, void *st)
{
	struct form *fm = st;

	if (fm->dups.n > 0) {
		if (fm->dup_cur + 1 < (int)fm->dups.n)
			fm->dup_cur++;
		return TUI_DRAW;
	}
	if (fm->f[fm->cur].lines && lineedit_line_move(&fm->f[fm->cur].edit, 1))
		return TUI_DRAW;
	return ui_form_next(a, st);
}

/* Tab: the next field, from a note's text too. */
static int
ui_form_tab(struct app *a, void *st)
{
	struct form *fm = st;

	if (fm->dups.n > 0)
		return ui_form_down(a, st);
	return ui_form_next(a, st);
}

/* Previous field (among the duplicates: the one above). */
static int
ui_form_prev(struct app *a, void *st)
{
	struct form *fm = st;

	if (fm->dups.n > 0) {
		if (fm->dup_cur > 0)
			fm->dup_cur--;
		return TUI_DRAW;
	}
	if (fm->f[fm->cur].lines && lineedit_line_move(&fm->f[fm->cur].edit, -1))
		return TUI_DRAW;
	if (!ui_form_stay(a, fm))
		ui_form_step(fm, -1);
	return TUI_DRAW;
}

/* Leave without saving (from the duplicates: back to the form). */
static int
ui_form_cancel(struct app *a, void *st)
{
	struct form *fm = st;

	if (fm->dups.n > 0) {
		rows_free(&fm->dups);
		tui_message(a, false, "%s", tr("Back to the form; nothing was saved yet."));
		return TUI_DRAW;
	}
	char *now = ui_form_snapshot(fm);
	bool changed = fm->start != NULL && strcmp(now, fm->start) != 0;
	free(now);
	if (changed && !tui_confirm(a, tr("Discard the changes on this form? (y/n)")))
		return TUI_DRAW;
	tui_message(a, false, "%s", tr("Nothing was saved."));
	return TUI_POP;
}

/* The first field with an error, focused; -1 when all are fine. */
static int
ui_form_first_error(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		if (!ui_form_field_shown(fm, &fm->f[i]))
			continue;
		ui_form_check(fm, &fm->f[i]);
		if (fm->f[i].error[0] != '\0') {
			fm->cur = i;
			return i;
		}
	}
	return -1;
}

/* Fill a person from the form's person fields. */
static int
ui_form_person(struct form *fm, struct person *p, char *why, size_t whylen)
{
	char buf[512];

	for (int i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		if (f->pf < 0)
			continue;
		if (person_set(p, f->pf, ui_form_field_value(f, buf, sizeof buf), why, whylen) != 0) {
			fm->cur = i;
			return -1;
		}
	}
	return 0;
}

/* The value of a progress or note field by key, NULL when empty. */
static const char *
ui_form_get(struct form *fm, const char *key, char *buf, size_t len)
{
	for (int i = 0; i < fm->n; i++) {
		if (fm->f[i].key != NULL && strcmp(fm->f[i].key, key) == 0 &&
		    ui_form_field_shown(fm, &fm->f[i])) {
			const char *v = ui_form_field_value(&fm->f[i], buf, len);
			return v[0] != '\0' ? v : NULL;
		}
	}
	return NULL;
}

/* Before saving a person: the likely duplicates, shown (true) unless there are none or the
 * counselor chose to save anyway. */
static bool
ui_form_dups(struct app *a, struct form *fm, struct person *p)
{
	struct diag d = DIAG_INIT;
	char why[256];

	if (fm->dups_ok)
		return false;
	if (person_complete(p, fm->today, why, sizeof why) != 0)
		return false;  /* the save says what is wrong */
	rows_free(&fm->dups);
	if (person_duplicates(a->ses->db, p, &fm->dups, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		rows_free(&fm->dups);
		return true;
	}
	if (fm->dups.n == 0)
		return false;
	fm->dup_cur = 0;
	tui_message(a, true, "%s", trn("Another case may be the same person: check it before "
	    "saving.", "Other cases may be the same person: check them before saving.",
	    (unsigned long)fm->dups.n));
	return true;
}

/* The hukou province the ID number offered and nobody confirmed yet: asked before saving (the
 * number tells where it was first issued, not where the hukou is now, CONTRACT s.3). Yes keeps
 * it, no (or Esc) leaves the province unknown; either way it is asked once. */
static void
ui_form_confirm_province(struct app *a, struct form *fm)
{
	char buf[64], q[512];

	for (int i = 0; i < fm->n; i++) {
		struct ffield *g = &fm->f[i];
		const char *v = ui_form_field_value(g, buf, sizeof buf);
		if (g->pf != PF_HUKOU_PROVINCE || g->hint[0] == '\0' || v[0] == '\0')
			continue;
		snprintf(q, sizeof q, tr("The ID number was first issued in %s: is the hukou there now? "
		    "(y/n: n leaves the hukou province unknown)"), label_province(v));
		if (!tui_confirm(a, q))
			ui_form_field_set(g, NULL);
		g->hint[0] = '\0';
	}
}

/* Save a person form (register or edit). */
static int
ui_form_save_person(struct app *a, struct form *fm)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;
	char why[256];
	int ret;

	ui_form_confirm_province(a, fm);
	if (ui_form_person(fm, &p, why, sizeof why) != 0) {
		snprintf(fm->f[fm->cur].error, sizeof fm->f[fm->cur].error, "%s", why);
		person_clear(&p);
		return TUI_DRAW;
	}
	if (fm->kind == FORM_REGISTER) {
		char *existing = NULL;
		struct diag nd = DIAG_INIT;
		if (person_resolve(a->ses->db, p.v[PF_ID_NUMBER], &existing, &nd) == 0) {
			person_clear(&p);
			char q[256];
			snprintf(q, sizeof q, "%s", tr("This ID number is already registered. Open that case? (y/n)"));
			ret = tui_confirm(a, q) ? ui_person_replace(a, existing) : TUI_DRAW;
			free(existing);
			return ret;
		}
		if (p.v[PF_COUNSELOR] == NULL)
			p.v[PF_COUNSELOR] = xstrdup(a->ses->user);
		if (ui_form_dups(a, fm, &p)) {
			person_clear(&p);
			return TUI_DRAW;
		}
		struct sbuf warn = SBUF_INIT;
		ret = person_add(a->ses->db, &p, &warn, &d);
		if (ret == 0) {
			if (warn.len > 0)
				tui_message(a, true, tr("Registered %s; another case has the same birth date and "
				    "the same name, or one that sounds the same."), p.v[PF_NAME]);
			else
				tui_message(a, false, tr("Registered %s."), p.v[PF_NAME]);
			ret = ui_person_replace(a, p.v[PF_ID]);
		}
		sbuf_free(&warn);
	} else {
		/* a save that changes nothing writes nothing (and leaves no empty line in the history) */
		char *now = ui_form_snapshot(fm);
		bool same = fm->start != NULL && strcmp(now, fm->start) == 0;
		free(now);
		if (same) {
			person_clear(&p);
			tui_message(a, false, "%s", tr("Nothing was changed."));
			return TUI_POP;
		}
		p.v[PF_ID] = xstrdup(fm->person_id);
		p.updated_at = fm->updated_at;
		bool changed = fm->orig_name == NULL || strcmp(fm->orig_name, p.v[PF_NAME]) != 0 ||
		    (p.v[PF_BIRTH_DATE] == NULL) != (fm->orig_birth == NULL) ||
		    (p.v[PF_BIRTH_DATE] != NULL && strcmp(p.v[PF_BIRTH_DATE], fm->orig_birth) != 0);
		if (changed && ui_form_dups(a, fm, &p)) {
			person_clear(&p);
			return TUI_DRAW;
		}
		ret = person_update(a->ses->db, &p, &d);
		if (ret == 0) {
			tui_message(a, false, "%s", tr("Saved."));
			ret = TUI_POP;
		}
	}
	if (d.code != 0) {
		tui_message(a, true, "%s", d.msg);
		ret = TUI_DRAW;
	}
	person_clear(&p);
	return ret;
}

/* Save a progress form. */
static int
ui_form_save_progress(struct app *a, struct form *fm)
{
	struct enrollment e;
	struct diag d = DIAG_INIT;
	char b[PROGRESS_NFIELDS][128];
	const char *cdate = NULL, *occ = NULL;
	int level = -1;

	progress_init(&e);
	e.person_id = fm->person_id;
	/* each shown field goes where core's progress_fields says (the certificate's aside) */
	for (int i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		if (f->pg < 0 || !ui_form_field_shown(fm, f))
			continue;
		const struct progress_field *p = &progress_fields[f->pg];
		const char *v = ui_form_field_value(f, b[f->pg], sizeof b[f->pg]);
		if (v[0] == '\0')
			continue;
		if (f->pg == PG_LEVEL)
			level = atoi(v);
		else if (f->pg == PG_ISSUED_ON)
			cdate = v;
		else if (f->pg == PG_OCCUPATION)
			occ = v;
		else if (p->kind == PGK_INT || p->kind == PGK_FLAG)
			*(int *)((char *)&e + p->off) = atoi(v);
		else
			*(const char **)((char *)&e + p->off) = v;
	}
	if (level > 0 && cdate == NULL) {
		tui_message(a, true, "%s", tr("A certificate needs the date it was issued."));
		return TUI_DRAW;
	}
	if (level <= 0 && (cdate != NULL || occ != NULL)) {  /* never dropped without a word */
		tui_message(a, true, "%s", tr("A certificate needs its level; or clear its date and "
		    "occupation."));
		return TUI_DRAW;
	}
	if (progress_record(a->ses->db, &e, level, cdate, occ, false, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		free(e.id);
		return TUI_DRAW;
	}
	free(e.id);
	const char *status = progress_employment_status(e.kind);
	if (status != NULL) {
		char q[512];
		snprintf(q, sizeof q, tr("Progress saved. Also set the employment status to %s and "
		    "registered unemployed to no? (y/n)"), label_value(status));
		if (tui_confirm(a, q)) {
			if (progress_update_status(a->ses->db, fm->person_id, e.kind, e.start_date, &d) != 0) {
				tui_message(a, true, "%s", d.msg);
				return TUI_POP;
			}
			tui_message(a, false, "%s", tr("Progress and employment status saved."));
			return TUI_POP;
		}
	}
	tui_message(a, false, "%s", tr("Progress saved."));
	return TUI_POP;
}

/* Save a correction: the details changed (and those the kind no longer shows, cleared), with
 * the reason asked for. */
static int
ui_form_save_fix(struct app *a, struct form *fm)
{
	struct progress_value vals[MAXFIELDS];
	char b[MAXFIELDS][256], reason[512];
	struct diag d = DIAG_INIT;
	int n = 0;

	for (int i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		bool shown = ui_form_field_shown(fm, f), other = false, seen = false;
		if (f->pg < 0)
			continue;
		/* one column under several labels (the unit): the one shown says it */
		for (int j = 0; j < fm->n; j++)
			other |= j != i && fm->f[j].pg == f->pg && ui_form_field_shown(fm, &fm->f[j]);
		if (!shown && other)
			continue;
		const char *v = shown ? ui_form_field_value(f, b[i], sizeof b[i]) : "";
		for (int j = 0; j < n; j++)
			seen |= vals[j].field == f->pg;
		if (strcmp(v, f->orig) == 0 || seen)
			continue;
		vals[n++] = (struct progress_value){ f->pg, v };
	}
	if (n == 0) {
		tui_message(a, false, "%s", tr("Nothing was changed."));
		return TUI_POP;
	}
	if (!tui_prompt(a, tr("Why is it corrected?"), "", reason, sizeof reason))
		return TUI_DRAW;
	if (progress_fix(a->ses->db, fm->row_id, vals, n, reason, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	tui_message(a, false, "%s", tr("Corrected; the history keeps the reason."));
	return TUI_POP;
}

/* Save the form, or show what is wrong. */
static int
ui_form_save(struct app *a, void *st)
{
	struct form *fm = st;
	struct diag d = DIAG_INIT;
	char b1[NOTE_MAX + 1], b2[32];
	const char *body;

	if (fm->dups.n > 0) {  /* save anyway */
		rows_free(&fm->dups);
		fm->dups_ok = true;
	}
	int bad = ui_form_first_error(fm);
	if (bad >= 0) {
		/* the whole reason, which the space beside the field may cut */
		tui_message(a, true, tr("Please correct %s: %s"), tr(fm->f[bad].label),
		    fm->f[bad].error);
		return TUI_DRAW;
	}
	switch (fm->kind) {
	case FORM_REGISTER:
	case FORM_EDIT:
		return ui_form_save_person(a, fm);
	case FORM_PROGRESS:
		return ui_form_save_progress(a, fm);
	case FORM_FIX:
		return ui_form_save_fix(a, fm);
	case FORM_NOTE:
		/* the text without the empty lines Enter left at its end */
		body = ui_form_get(fm, "body", b1, sizeof b1);
		if (body != NULL) {
			snprintf(b1, sizeof b1, "%s", body);
			for (size_t n = strlen(b1); n > 0 && strchr(" \n", b1[n - 1]) != NULL; n--)
				b1[n - 1] = '\0';
			body = b1;
		}
		if (note_add(a->ses->db, fm->person_id, body,
		    ui_form_get(fm, "followup", b2, sizeof b2), a->ses->today, NULL, &d) != 0) {
			tui_message(a, true, "%s", d.msg);
			return TUI_DRAW;
		}
		tui_message(a, false, "%s", tr("Note saved."));
		return TUI_POP;
	}
	return TUI_DRAW;
}

/* Free the form. */
static void
ui_form_free(void *st)
{
	struct form *fm = st;

	free(fm->person_id);
	free(fm->orig_name);
	free(fm->orig_birth);
	free(fm->row_id);
	free(fm->start);
	rows_free(&fm->dups);
	free(fm);
}

/* Show every key. */

static const struct binding ui_form_keys[] = {
	{ .key = KEY_F(2), .fkey = true, .keyname = "F2", .label = "save", .bottom = true, .fn = ui_form_save },
	{ .key = 19, .keyname = "^S", .label = "save", .fn = ui_form_save },
	{ .key = '\t', .keyname = "Tab", .label = "next field", .bottom = true, .fn = ui_form_tab },
	{ .key = '\r', .keyname = "Enter", .label = "next field (in a note's text: a new line)", .fn = ui_form_enter },
	{ .key = '\n', .keyname = "Enter", .label = "next field (in a note's text: a new line)", .fn = ui_form_enter },
	{ .key = KEY_ENTER, .fkey = true, .keyname = "Enter", .label = "next field (in a note's text: a new line)", .fn = ui_form_enter },
	{ .key = KEY_DOWN, .fkey = true, .keyname = "Down", .label = "next field", .fn = ui_form_down },
	{ .key = KEY_UP, .fkey = true, .keyname = "Up", .label = "previous field", .fn = ui_form_prev },
	{ .key = KEY_BTAB, .fkey = true, .keyname = "S-Tab", .label = "previous field", .fn = ui_form_prev },
	{ .key = 27, .keyname = "Esc", .label = "cancel (asks when something was changed)", .fn = ui_form_cancel },
	{ .key = 27, .keyname = "Esc", .label = "cancel", .bottom = true, .fn = ui_form_cancel },
	{ .key = 'a', .keyname = "a-z", .label = "a choice: by letter or pinyin", .fn = NULL },
	{ .key = 0 },
};

static const struct screen ui_form_screen = {
	.title = "Form",
	.draw = ui_form_draw,
	.input = ui_form_input,
	.free = ui_form_free,
	.keys = ui_form_keys,
};

/* Add a person field, its label and kind from the person field table. */
static void
ui_form_person_field(struct form *fm, int pf)
{
	const struct person_field *p = &person_fields[pf];
	enum ff_kind kind = FF_TEXT;
	const char *allowed = NULL;
	static char enums[PERSON_NFIELDS][256];

	if (p->kind == PK_ENUM) {
		kind = FF_ENUM;
		snprintf(enums[pf], sizeof enums[pf], "|%s", p->allowed);
		allowed = enums[pf];
	} else if (p->kind == PK_FLAG) {
		kind = FF_ENUM;
		allowed = flag_values;
	} else if (p->kind == PK_DATE) {
		kind = FF_DATE;
	} else if (p->kind == PK_PROVINCE) {  /* chosen by name, kept as its code */
		kind = FF_ENUM;
		snprintf(enums[pf], sizeof enums[pf], "|%s", label_province_codes);
		allowed = enums[pf];
	}
	ui_form_add(fm, p->label_en, kind, allowed, pf);
}

/* A person form: every field but the case id, the stage (it follows from progress and
 * closure) and the next follow-up (from the notes); the counselor only when registering (it
 * changes by transfer). Checked as of today. */
static struct form *
ui_form_person_new(enum form_kind kind, int today)
{
	struct form *fm = xcalloc(1, sizeof *fm);

	fm->kind = kind;
	fm->today = today;
	for (int i = 0; i < PERSON_NFIELDS; i++) {
		int pf = person_field_order[i];  /* a status beside its dates */
		if (pf == PF_ID)
			continue;
		if (pf == PF_NAME) {
			ui_form_person_field(fm, PF_NAME);
			ui_form_person_field(fm, PF_ID_NUMBER);
		} else if (pf != PF_ID_NUMBER && pf != PF_STAGE && pf != PF_NEXT_FOLLOWUP &&
		    (pf != PF_COUNSELOR || kind == FORM_REGISTER)) {
			ui_form_person_field(fm, pf);
		}
	}
	return fm;
}

/* Open the register form for a new person. */
int
ui_form_register(struct app *a)
{
	return ui_form_register_with(a, NULL);
}

/* Where text typed into a search belongs on the register form: a name (it has a Han
 * character and no digit), an ID number (18 characters of digits, the last maybe X, or 15 to 17 digits typed
 * so far), a phone (11 digits starting 1), or nowhere (-1). */
static int
ui_form_place(const char *text)
{
	size_t n = strlen(text), digits = strspn(text, "0123456789");
	const char *p = text;

	while (*p != '\0')
		if (pinyin_mask(utf8_next(&p)) != 0 && strpbrk(text, "0123456789") == NULL)
			return PF_NAME;
	if (n == 18 && digits >= 17 && (digits == 18 || text[17] == 'X' || text[17] == 'x'))
		return PF_ID_NUMBER;
	if (digits == n && n >= 15 && n <= 17)
		return PF_ID_NUMBER;
	if (digits == n && n == 11 && text[0] == '1')
		return PF_PHONE;
	return -1;
}

/* Open the register form with text a search found nobody by placed where it belongs (see
 * ui_form_place; NULL or text that belongs nowhere: an empty form), the cursor on the first
 * required field still empty. */
int
ui_form_register_with(struct app *a, const char *text)
{
	struct form *fm = ui_form_person_new(FORM_REGISTER, a->ses->today);
	char t[64], typed[256];
	size_t n = 0;

	/* the search's text in ASCII where an input method typed it full-width (２２０１), without
	 * the spaces and dashes it may hold, X upper-case */
	field_ascii(text != NULL ? text : "", typed, sizeof typed, 1);
	for (const char *p = typed; *p != '\0' && n + 1 < sizeof t; p++)
		if (*p != ' ' && *p != '-')
			t[n++] = *p == 'x' ? 'X' : *p;
	t[n] = '\0';
	int pf = ui_form_place(t);
	for (int i = 0; pf >= 0 && i < fm->n; i++) {
		if (fm->f[i].pf != pf)
			continue;
		if (pf == PF_NAME) {  /* as typed, without the spaces around it */
			char name[64];
			snprintf(name, sizeof name, "%s", text + strspn(text, " "));
			for (size_t k = strlen(name); k > 0 && name[k - 1] == ' '; k--)
				name[k - 1] = '\0';
			ui_form_field_set(&fm->f[i], name);
		} else {
			ui_form_field_set(&fm->f[i], t);
		}
		ui_form_check(fm, &fm->f[i]);
	}
	for (int i = 0; i < fm->n; i++) {
		char buf[64];
		if ((fm->f[i].pf == PF_NAME || fm->f[i].pf == PF_ID_NUMBER) &&
		    ui_form_field_value(&fm->f[i], buf, sizeof buf)[0] == '\0') {
			fm->cur = i;
			break;
		}
	}
	return ui_form_push(a, &ui_form_screen, fm);
}

/* Open the edit form of a person. */
int
ui_form_edit(struct app *a, const char *person_id)
{
	struct person p = { 0 };
	struct diag d = DIAG_INIT;

	if (person_load(a->ses->db, person_id, &p, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	struct form *fm = ui_form_person_new(FORM_EDIT, a->ses->today);
	fm->person_id = xstrdup(person_id);
	fm->updated_at = p.updated_at;
	for (int i = 0; i < fm->n; i++)
		ui_form_field_set(&fm->f[i], p.v[fm->f[i].pf]);
	/* the stage, follow-up and counselor are not on the form: the save keeps them */
	snprintf(fm->id_seen, sizeof fm->id_seen, "%s", p.v[PF_ID_NUMBER]);
	/* birth date and sex as the ID number tells them: passed by, as when registering */
	struct idnum id;
	char why[256];
	if (idnum_parse(p.v[PF_ID_NUMBER], a->ses->today, &id, why, sizeof why) == 0) {
		for (int i = 0; i < fm->n; i++) {
			const char *v = p.v[fm->f[i].pf];
			if (fm->f[i].pf == PF_BIRTH_DATE || fm->f[i].pf == PF_SEX)
				fm->f[i].by_id = v != NULL && strcmp(v, fm->f[i].pf == PF_SEX ?
				    (id.male ? "male" : "female") : id.birth_text) == 0;
		}
	}
	fm->orig_name = xstrdup(p.v[PF_NAME]);
	fm->orig_birth = xstrdup(p.v[PF_BIRTH_DATE]);
	person_clear(&p);
	return ui_form_push(a, &ui_form_screen, fm);
}

/* Add a progress field shown for one kind of enrollment (or all when only is NULL). */
static struct ffield *
ui_form_pfield(struct form *fm, const char *key, const char *label, enum ff_kind kind,
    const char *allowed, const char *only)
{
	struct ffield *f = ui_form_add(fm, label, kind, allowed, -1);

	f->key = key;
	f->only = only;
	return f;
}

/* Add a progress field as core's progress_fields declares it (its kind, allowed values and
 * label, unless label is given), shown for one kind of enrollment (or all when only is NULL);
 * a choice offers "unknown" first when unknown is true. */
static void
ui_form_progress_field(struct form *fm, const char *key, int pg, const char *label,
    const char *only, bool unknown)
{
	static char enums[PROGRESS_NFIELDS][256];
	const struct progress_field *p = &progress_fields[pg];
	enum ff_kind kind = p->kind == PGK_DATE ? FF_DATE : p->kind == PGK_INT ? FF_INT : FF_TEXT;
	bool levels = p->kind == PGK_INT && p->hi - p->lo < 10;
	char *e = enums[pg];

	snprintf(e, sizeof enums[pg], "%s", unknown ? "|" : "");
	if (p->kind == PGK_ENUM)
		snprintf(e + strlen(e), sizeof enums[pg] - strlen(e), "%s", p->allowed);
	else if (p->kind == PGK_FLAG)
		snprintf(e + strlen(e), sizeof enums[pg] - strlen(e), "%s", flag_values + 1);
	else if (levels)  /* a few levels, highest number first (5 is the basic level) */
		for (int v = p->hi; v >= p->lo; v--)
			snprintf(e + strlen(e), sizeof enums[pg] - strlen(e), "%s%d", v < p->hi ? "|" : "", v);
	if (p->kind == PGK_ENUM || p->kind == PGK_FLAG || levels)
		kind = FF_ENUM;
	ui_form_pfield(fm, key, label != NULL ? label : p->label_en, kind, kind == FF_ENUM ? e : NULL,
	    only)->pg = pg;
}

/* The progress form, a row a field: the form's key, core's field, its label where it is not core's
 * (each kind of enrollment names its unit its own way), the kind it shows for (NULL: every kind),
 * and whether a choice offers "unknown" first. */
static const struct ui_form_progress_row {
	const char *key;
	int field;
	const char *label;
	const char *only;
	bool unknown;
} ui_form_progress_rows[] = {
	{ "kind", PG_KIND, NULL, NULL, false },
	{ "status", PG_STATUS, NULL, NULL, false },
	{ "start", PG_START, NULL, NULL, true },
	{ "end", PG_END, NULL, NULL, true },
	{ "training_kind", PG_TRAINING_KIND, NULL, "training", false },
	{ "class_hours", PG_CLASS_HOURS, NULL, "training", true },
	{ "unit", PG_UNIT, N_("training provider"), "training", false },
	{ "cert_level", PG_LEVEL, NULL, "training", true },
	{ "cert_date", PG_ISSUED_ON, NULL, "training", true },
	{ "occupation", PG_OCCUPATION, NULL, "training", true },
	{ "unit", PG_UNIT, N_("host unit"), "internship", false },
	{ "startup_kind", PG_STARTUP_KIND, NULL, "startup", false },
	{ "first_time", PG_FIRST_TIME, NULL, "startup", true },
	{ "license_date", PG_LICENSE_DATE, NULL, "startup", true },
	{ "operating", PG_OPERATING, NULL, "startup", true },
	{ "social_insurance", PG_SOCIAL_INSURANCE, NULL, "startup", true },
	{ "unit", PG_UNIT, N_("business name"), "startup", false },
	{ "program", PG_PROGRAM, NULL, "grassroots", false },
	{ "assessed_pass", PG_ASSESSED_PASS, NULL, "grassroots", true },
	{ "unit", PG_UNIT, N_("employer"), "employment", false },
	{ "employer_kind", PG_EMPLOYER_KIND, NULL, "employment", true },
};

/* Open the progress form: a new enrollment for a person. */
int
ui_form_progress(struct app *a, const char *person_id)
{
	struct form *fm = xcalloc(1, sizeof *fm);

	fm->kind = FORM_PROGRESS;
	fm->person_id = xstrdup(person_id);
	for (size_t i = 0; i < sizeof ui_form_progress_rows / sizeof *ui_form_progress_rows; i++) {
		const struct ui_form_progress_row *r = &ui_form_progress_rows[i];
		ui_form_progress_field(fm, r->key, r->field, r->label, r->only, r->unknown);
	}
	ui_form_field_set(&fm->f[2], a->ses->today_text);
	return ui_form_push(a, &ui_form_screen, fm);
}

/* Open the note form for a person. */
int
ui_form_note(struct app *a, const char *person_id)
{
	struct form *fm = xcalloc(1, sizeof *fm);

	fm->kind = FORM_NOTE;
	fm->person_id = xstrdup(person_id);
	ui_form_pfield(fm, "body", "note", FF_TEXT, NULL, NULL)->lines = true;
	ui_form_field_set(&fm->f[0], "");
	ui_form_pfield(fm, "followup", "follow-up date", FF_DATE, NULL, NULL);
	return ui_form_push(a, &ui_form_screen, fm);
}

/* Open the correction form of an enrollment or a certificate of a person (row_id): the progress
 * form filled with the entry (a certificate: its level, date and occupation); saving asks why. */
int
ui_form_fix(struct app *a, const char *person_id, const char *row_id, bool certificate)
{
	struct diag d = DIAG_INIT;
	struct rows r;
	size_t at;

	if ((certificate ? casefile_certificates(a->ses->db, person_id, &r, &d) :
	    casefile_enrollments(a->ses->db, person_id, &r, &d)) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	for (at = 0; at < r.n && strcmp(rows_get(&r, at, 0), row_id) != 0; at++)
		;
	if (at == r.n) {
		rows_free(&r);
		tui_message(a, true, "%s", tr("That entry is gone; the screen is read again."));
		return TUI_RELOAD;
	}
	struct form *fm = xcalloc(1, sizeof *fm);
	fm->kind = FORM_FIX;
	fm->today = a->ses->today;
	fm->person_id = xstrdup(person_id);
	fm->row_id = xstrdup(row_id);
	for (size_t i = 0; i < sizeof ui_form_progress_rows / sizeof *ui_form_progress_rows; i++) {
		const struct ui_form_progress_row *pr = &ui_form_progress_rows[i];
		bool cert = progress_fields[pr->field].table == PGT_CERTIFICATE;
		if (cert != certificate)
			continue;
		ui_form_progress_field(fm, pr->key, pr->field, pr->label, certificate ? NULL : pr->only,
		    pr->unknown && !(certificate && pr->field != PG_OCCUPATION));
		struct ffield *f = &fm->f[fm->n - 1];
		/* rows: the id, then the table's columns in progress_fields order */
		int col = 1 + pr->field - (certificate ? PG_NENROLLMENT : 0);
		const char *v = rows_get(&r, at, col);
		ui_form_field_set(f, v);
		snprintf(f->orig, sizeof f->orig, "%s", v != NULL ? v : "");
		f->fixed = pr->field == PG_KIND;
	}
	rows_free(&r);
	return ui_form_push(a, &ui_form_screen, fm);
}
