/* The counselor's screen: the app loop over a stack of screens. */
#include "tui/tui.h"
#include "tui/lineedit.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/session.h"
#include "core/user.h"
#include "tui/ui-caseload.h"
#include "tui/ui-help.h"
#include "tui/ui-login.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static bool tui_active;

static void tui_paint(struct app *a);
static void tui_resized(struct app *a);
static volatile sig_atomic_t tui_stop;

/* SIGTERM and SIGHUP: only note it; the loop leaves and restores the terminal. */
static void
tui_on_signal(int sig)
{
	(void)sig;
	tui_stop = 1;
}

/* Whether SIGTERM or SIGHUP asked the screen to stop. */
bool
tui_stopping(void)
{
	return tui_stop != 0;
}

/* Fast ERRs in a row from get_wch: a terminal that is gone answers at once, not after the
 * half-second timeout. */
static int tui_quick_errs;

/* Whether the terminal is gone after get_wch's ERR (errno err): a read that failed with EIO or
 * ENXIO, a hang-up or error on the input, or ERR at once again and again (read() gives 0 on a
 * hung-up tty: without SIGHUP, as under runuser or setsid, the loop would spin at 100%). */
static bool
tui_gone(int err, double waited)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (err == EIO || err == ENXIO || err == EBADF)
		return true;
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
		return true;
	tui_quick_errs = waited < 0.1 ? tui_quick_errs + 1 : 0;
	return tui_quick_errs >= 20;
}

/* Seconds on the monotonic clock. */
static double
tui_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* get_wch, noticing a terminal that is gone: then the screen stops as on SIGHUP (tui_stopping
 * says so, nothing more is written and the day's backup is not taken). */
int
tui_get_wch(wint_t *ch)
{
	double began = tui_clock();

	errno = 0;
	int rc = get_wch(ch);
	if (rc != ERR) {
		tui_quick_errs = 0;
		return rc;
	}
	if (tui_gone(errno, tui_clock() - began))
		tui_stop = 1;
	return rc;
}

/* Restore the terminal (fatal() calls this first). */
static void
tui_restore(void)
{
	if (tui_active) {
		endwin();
		tui_active = false;
	}
}

/* The attribute of a colour pair, or its plain stand-in without colours. */
int
tui_attr(const struct app *a, int pair)
{
	if (a->color)
		return (int)COLOR_PAIR(pair) | (pair == TC_HEADER || pair == TC_KEY ? A_BOLD : 0);
	switch (pair) {
	case TC_HEADER: case TC_SELECT: return A_REVERSE;
	case TC_ALERT: case TC_KEY: return A_BOLD;
	case TC_DIM: return A_DIM;
	default: return 0;
	}
}

/* Show a message on the message line until the next key. */
void
tui_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

/* The policy set, loaded when a screen first needs it (once per process). NULL when it cannot
 * be loaded: then why is on the message line, the first time or, with always, every time. */
const struct policyset *
tui_policies(struct app *a, bool always)
{
	struct diag d = DIAG_INIT;
	const struct policyset *ps = session_policies(a->ses, &d);

	if (ps == NULL && (always || !a->policies_said)) {
		tui_message(a, true, tr("The policies could not be loaded; run jobdesk policy check: %s"),
		    d.msg);
		a->policies_said = true;
	}
	return ps;
}

/* Open a screen on top of the stack; the app frees st with the screen's free function. */
int
tui_push(struct app *a, const struct screen *scr, void *st)
{
	if (a->depth == (int)(sizeof a->stack / sizeof *a->stack)) {
		if (scr->free != NULL)
			scr->free(st);
		tui_message(a, true, "%s", tr("Too many screens open; go back first."));
		return TUI_DRAW;
	}
	a->stack[a->depth].scr = scr;
	a->stack[a->depth].st = st;
	a->depth++;
	return TUI_RELOAD;
}

/* Close the top screen. */
static void
tui_pop(struct app *a)
{
	struct view *v = &a->stack[--a->depth];

	if (v->scr->free != NULL)
		v->scr->free(v->st);
}

/* Close the top screen and open another in its place. */
int
tui_replace(struct app *a, const struct screen *scr, void *st)
{
	tui_pop(a);
	return tui_push(a, scr, st);
}

/* Ask a yes/no question on the message line (a long one wrapped onto the lines above); true for
 * y and for the keys of also (a string of characters; F10 when it holds '\x10'), false for n,
 * Esc, q (unless also has it) and Enter. */
static bool
tui_ask(struct app *a, const char *question, const char *also)
{
	wint_t ch;
	int rc;

	for (;;) {
		widget_lines(a, a->rows - 2, question, tui_attr(a, TC_WARN) | A_BOLD, 3);
		refresh();
		rc = tui_get_wch(&ch);
		if (tui_stop)
			return false;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			tui_resized(a);
			tui_paint(a);
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_F(10) && strchr(also, '\x10') != NULL)
			return true;
		if (rc == OK && (ch == L'y' || ch == L'Y' || (ch < 0x80 && ch != 0 &&
		    strchr(also, (int)ch) != NULL)))
			return true;
		if ((rc == OK && (ch == L'n' || ch == L'N' || ch == 27 || ch == L'q' ||
		    ch == L'\r' || ch == L'\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER))
			return false;
	}
}

/* Ask a yes/no question on the message line (a long one wrapped onto the lines above); true for
 * y, false for n, Esc, q and Enter. */
bool
tui_confirm(struct app *a, const char *question)
{
	return tui_ask(a, question, "");
}

/* Ask once whether to leave jobdesk: true for y, a second q or F10; false for n, Esc or Enter. */
bool
tui_quit(struct app *a)
{
	return tui_ask(a, tr("Leave jobdesk? (y/n)"), "qQ\x10");
}

/* Ask for a line of text on the message line (a long question goes on the line above, so
 * the answer always has room); false when the user pressed Esc. */
bool
tui_prompt(struct app *a, const char *question, const char *initial, char *out, size_t len)
{
	struct lineedit e;
	wint_t ch;

	lineedit_set(&e, initial != NULL ? initial : "", len - 1);
	for (;;) {
		int qw = utf8_width(question) + 1, y = a->rows - 2, x = qw;
		if (qw > a->cols - 20) {
			/* the question above, the answer on a line of its own */
			move(y - 1, 0);
			clrtoeol();
			widget_text(y - 1, 0, a->cols, question, A_BOLD);
			x = 0;
		}
		move(y, 0);
		clrtoeol();
		if (x > 0)
			widget_text(y, 0, qw, question, A_BOLD);
		lineedit_draw(&e, y, x, a->cols - x - 1, true, A_UNDERLINE);
		refresh();
		int rc = tui_get_wch(&ch);
		bool fkey = rc == KEY_CODE_YES;
		if (tui_stop)
			return false;
		if (fkey && ch == KEY_RESIZE) {
			tui_resized(a);
			tui_paint(a);
			continue;
		}
		if (rc == ERR)
			continue;
		if (!fkey && ch == 27) {
			curs_set(0);
			return false;
		}
		if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey && ch == KEY_ENTER)) {
			snprintf(out, len, "%s", e.buf);
			curs_set(0);
			return true;
		}
		lineedit_key(&e, ch, fkey);
	}
}

/* Find the binding of a key in a table, or NULL. */
static const struct binding *
tui_binding_in(const struct binding *keys, wint_t ch, bool fkey)
{
	for (const struct binding *b = keys; b != NULL && b->key != 0; b++)
		if (b->fn != NULL && b->fkey == fkey && (wint_t)b->key == ch)
			return b;
	return NULL;
}

/* The binding a key runs on a screen: its own keys first, then its list's; NULL for none. */
static const struct binding *
tui_binding(const struct screen *scr, wint_t ch, bool fkey)
{
	const struct binding *b = tui_binding_in(scr->keys, ch, fkey);

	return b != NULL ? b : tui_binding_in(scr->list_keys, ch, fkey);
}

/* The keys a screen shows (at most max, how many returned): its own, then its list's not taken. */
int
tui_keys(const struct screen *scr, const struct binding **out, int max)
{
	int n = 0;

	for (const struct binding *b = scr->keys; b != NULL && b->key != 0 && n < max; b++)
		out[n++] = b;
	for (const struct binding *b = scr->list_keys; b != NULL && b->key != 0 && n < max; b++)
		if (tui_binding_in(scr->keys, (wint_t)b->key, b->fkey) == NULL)
			out[n++] = b;
	return n;
}

/* Take the terminal's new size and let every open screen lay itself out again. */
static void
tui_resized(struct app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i].scr->resize != NULL)
			a->stack[i].scr->resize(a, a->stack[i].st);
}

/* Paint the top screen, the message line and the bottom line. */
static void
tui_paint(struct app *a)
{
	struct view *v = &a->stack[a->depth - 1];

	erase();
	curs_set(0);
	v->scr->draw(a, v->st);
	widget_bottom(a);
	refresh();
}

/* Set up curses: wide input, no echo, keypad, colours. */
static void
tui_start(struct app *a)
{
	initscr();
	tui_active = true;
	fatal_set_hook(tui_restore);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(500);  /* wake now and then to notice a signal */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(TC_HEADER, COLOR_WHITE, COLOR_BLUE);
		init_pair(TC_SELECT, COLOR_BLACK, COLOR_CYAN);
		init_pair(TC_ALERT, COLOR_RED, -1);
		init_pair(TC_GOOD, COLOR_GREEN, -1);
		init_pair(TC_WARN, COLOR_YELLOW, -1);
		init_pair(TC_DIM, COLOR_BLUE, -1);
		init_pair(TC_KEY, COLOR_CYAN, -1);
		a->color = true;
	}
	getmaxyx(stdscr, a->rows, a->cols);
}

/* Sign in through the dialog (locked: after the idle minutes); another user who signs in
 * starts the screen again as them. false when the person left instead. */
static bool
tui_signin(struct app *a, bool locked)
{
	struct ui_login_who who = { a->signin->caller, locked ? a->ses->user : a->signin->login };
	bool other = false, has = false;
	struct diag d = DIAG_INIT;

	if (!ui_login_run(a, &who, locked, a->signin->idle_minutes, &other))
		return false;
	user_has_password(a->ses->db, a->ses->user, &has, &d);
	a->lockable = has;
	if (other || !locked) {
		while (a->depth > 0)
			tui_pop(a);
		tui_push(a, &ui_caseload_screen, ui_caseload_new(a));
	}
	return true;
}

/* The loop: read a key, run its handler, re-read and repaint what the handler says changed;
 * after the office's idle minutes without a key, lock (tui_signin). */
static void
tui_loop(struct app *a)
{
	int flags = TUI_RELOAD;
	time_t last = time(NULL);

	while (a->depth > 0 && !tui_stop) {
		struct view *v = &a->stack[a->depth - 1];
		if ((flags & TUI_RELOAD) && v->scr->reload != NULL)
			flags |= v->scr->reload(a, v->st);
		if (flags & (TUI_DRAW | TUI_RELOAD))
			tui_paint(a);
		flags = TUI_NONE;
		wint_t ch;
		int rc = tui_get_wch(&ch);
		if (rc == ERR) {
			if (a->signin != NULL && a->lockable && a->signin->idle_minutes > 0 &&
			    time(NULL) - last >= (time_t)a->signin->idle_minutes * 60) {
				if (!tui_signin(a, true))
					break;
				last = time(NULL);
				flags = TUI_RELOAD;
			}
			continue;
		}
		last = time(NULL);
		bool fkey = rc == KEY_CODE_YES;
		if (fkey && ch == KEY_RESIZE) {
			tui_resized(a);
			flags = TUI_DRAW;
			continue;
		}
		a->msg[0] = '\0';
		if (fkey && ch == KEY_F(10)) {  /* leave from any screen, asked once */
			if (tui_quit(a))
				break;
			flags = TUI_DRAW;
			continue;
		}
		const struct binding *b = tui_binding(v->scr, ch, fkey);
		if (b != NULL)
			flags = b->fn(a, v->st);
		else if ((fkey && ch == KEY_F(1)) || (!fkey && ch == L'?' && v->scr->input == NULL))
			flags = ui_help_open(a, v->scr);  /* F1 everywhere; ? where no field takes it */
		else if (v->scr->input != NULL)
			flags = v->scr->input(a, v->st, ch, fkey);
		else
			flags = TUI_DRAW;
		if (flags & TUI_QUIT)
			break;
		if (flags & TUI_POP) {
			tui_pop(a);
			flags = TUI_RELOAD;
		}
		if (a->depth > 0 && a->stack[a->depth - 1].st != v->st)
			flags |= TUI_RELOAD;  /* a screen was opened or closed */
	}
	while (a->depth > 0)
		tui_pop(a);
}

/* Run the screen over an open session until the user leaves. Returns an exit status. */
int
tui_run(struct session *ses, const char *first_message, const struct tui_signin *signin)
{
	struct app a = { 0 };

	a.ses = ses;
	a.zh = i18n_zh();
	a.signin = signin;
	a.lockable = signin != NULL && signin->lockable;
	tui_start(&a);
	if (signin != NULL && signin->ask && !tui_signin(&a, false)) {
		tui_restore();
		fatal_set_hook(NULL);
		return 0;
	}
	if (a.depth == 0)
		tui_push(&a, &ui_caseload_screen, ui_caseload_new(&a));
	if (first_message != NULL)
		tui_message(&a, true, "%s", first_message);
	tui_loop(&a);
	tui_restore();
	fatal_set_hook(NULL);
	return 0;
}
