/* The counselor's screen: an app loop over a stack of screens, each a table of functions.
 *
 * Handlers say what changed (TUI_* flags); the loop decides what to re-read and repaint.
 * Key bindings are data: a screen's `keys` table maps keys to handlers, then the shared
 * movement and back keys of its list (list.h) do; the bottom line and the `?` help are drawn
 * from the same tables. */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct app;
struct user_caller;
struct list;
struct policyset;
struct session;
struct tui_signin;

/* What a handler changed. */
enum {
	TUI_NONE = 0,
	TUI_DRAW = 1,     /* repaint the top screen */
	TUI_RELOAD = 2,   /* re-read the top screen's data, then repaint */
	TUI_POP = 4,      /* close the top screen (the one below reloads) */
	TUI_QUIT = 8,     /* leave jobdesk */
};

/* A key of a screen: the key, how it is shown, what it does, whether the bottom line shows it. */
struct binding {
	int key;              /* a character, or a KEY_* code (with fkey set) */
	bool fkey;
	const char *keyname;  /* "Enter", "/", "q" */
	const char *label;    /* English; shown translated */
	bool bottom;
	int (*fn)(struct app *a, void *st);
};

struct screen {
	const char *title;                                         /* English; translated */
	void (*draw)(struct app *a, void *st);
	int (*input)(struct app *a, void *st, wint_t ch, bool fkey); /* keys no binding took */
	int (*reload)(struct app *a, void *st);
	void (*resize)(struct app *a, void *st);
	void (*free)(void *st);
	const struct binding *keys;                                /* its own; ends with key 0 */
	/* A list: the shared keys taken after its own (list.h), the list they move and how many
	 * of its rows show, and, for a list read page by page, what moves it instead (LIST_*). */
	const struct binding *list_keys;
	struct list *(*list)(struct app *a, void *st, int *height);
	int (*list_move)(struct app *a, void *st, int how);
};

struct view {
	const struct screen *scr;
	void *st;
};

struct app {
	struct session *ses;  /* the database, policy set, user and today the command handed over */
	struct view stack[16];
	int depth;
	int rows, cols;
	char msg[512];        /* the message line, until the next key */
	bool msg_error;
	bool color;
	bool zh;
	bool policies_said;   /* the policies' failure to load has been shown once */
	const struct tui_signin *signin;  /* who signs in, or NULL: no dialog, no idle lock */
	bool lockable;        /* the acting user has a password: the screen locks when idle */
};

/* Who signs in to the screen (issue 15): the login dialog at start and the idle lock. */
struct tui_signin {
	const struct user_caller *caller;  /* the system login, whether it owns the file, ... */
	const char *login;    /* the login to prefill ("" for none) */
	bool ask;             /* the dialog first: the user has a password, or the account is none */
	bool lockable;        /* the acting user has a password (locks when idle) */
	int idle_minutes;     /* the office's idle lock (0: never) */
};

/* Colour pairs (attributes without colour). */
enum { TC_HEADER = 1, TC_SELECT, TC_ALERT, TC_GOOD, TC_WARN, TC_DIM, TC_KEY };

/* Run the screen over an open session until the user leaves, showing first (when not NULL) a
 * message from start-up; signin (or NULL) says whether the login dialog comes first and when
 * the screen locks. Returns an exit status. */
int tui_run(struct session *ses, const char *first_message, const struct tui_signin *signin);
/* get_wch for every key a screen reads: ERR on the half-second timeout, and when the terminal
 * is gone (hung up, closed: tui_stopping is then true, as on SIGHUP). */
int tui_get_wch(wint_t *ch);
/* Whether SIGTERM or SIGHUP asked the screen to stop, or the terminal is gone (a modal loop
 * leaves then). */
bool tui_stopping(void);
/* The policy set, loaded when a screen first needs it (once per process). NULL when it cannot
 * be loaded: then why is on the message line, the first time or, with always, every time. */
const struct policyset *tui_policies(struct app *a, bool always);
/* Open a screen on top of the stack; the app frees st with the screen's free function. */
int tui_push(struct app *a, const struct screen *scr, void *st);
/* Close the top screen and open another in its place. */
int tui_replace(struct app *a, const struct screen *scr, void *st);
/* Show a message on the message line until the next key. */
void tui_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The attribute of a colour pair, or its plain stand-in without colours. */
int tui_attr(const struct app *a, int pair);
/* Ask for a line of text on the message line; false when the user pressed Esc. */
bool tui_prompt(struct app *a, const char *question, const char *initial, char *out,
    size_t len);
/* Ask a yes/no question on the message line; true for y, false for n, Esc, q and Enter. */
bool tui_confirm(struct app *a, const char *question);
/* Ask once whether to leave jobdesk (q on the caseload, F10 anywhere): true for y, a second q or
 * F10; false for n, Esc or Enter. */
bool tui_quit(struct app *a);
/* The keys a screen shows (at most max, how many returned): its own, then its list's not taken. */
int tui_keys(const struct screen *scr, const struct binding **out, int max);

#endif
