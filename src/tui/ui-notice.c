/* The notice of a decision on the screen: the HTML page is written to a new file in the notices
 * folder ($XDG_DOCUMENTS_DIR/jobdesk-notices, else ~/jobdesk-notices, made 0700) named by the
 * short number, never over another file; the text notice shows in a view the keys scroll. */
#include <curses.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/notice.h"
#include "core/session.h"
#include "tui/list.h"
#include "tui/ui-notice.h"
#include "tui/widget.h"
#include "util/i18n.h"
#include "util/outfile.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct noticeview {
	char number[NOTICE_NUMBER_LEN];
	char **lines;       /* the text notice, a line each */
	int n;
	struct list list;   /* lines of text: the keys scroll them */
};

/* Lines of the notice that show below the title. */
static int
ui_notice_height(const struct app *a)
{
	return a->rows - 3;
}

/* The folder notices are written to. Caller frees. */
static char *
ui_notice_dir(void)
{
	const char *docs = getenv("XDG_DOCUMENTS_DIR");
	const char *home = getenv("HOME");

	if (docs != NULL && docs[0] == '/')
		return xasprintf("%s/jobdesk-notices", docs);
	if (home == NULL || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/jobdesk-notices", home);
}

/* Write the HTML page to a new file named by the short number ("-2", "-3" ... when that name is
 * taken). The path written in *path (caller frees), or a code with d set. */
static int
ui_notice_write(const struct notice *n, char **path, struct diag *d)
{
	struct sbuf html = SBUF_INIT;
	char *dir = ui_notice_dir();
	int ret;

	*path = NULL;
	notice_html(n, &html);
	if ((ret = outfile_mkdirs(dir, d)) == 0) {
		for (int i = 1; i < 100; i++) {
			char *p = i == 1 ? xasprintf("%s/notice-%s.html", dir, n->number) :
			    xasprintf("%s/notice-%s-%d.html", dir, n->number, i);
			diag_clear(d);
			ret = outfile_write_new(p, sbuf_str(&html), html.len, d);
			if (ret == 0) {
				*path = p;
				break;
			}
			free(p);
			if (d->reason != OUTFILE_EXISTS)
				break;
		}
	}
	free(dir);
	sbuf_free(&html);
	return ret;
}

/* Draw the lines of the notice from the first shown. */
static void
ui_notice_draw(struct app *a, void *st)
{
	struct noticeview *v = st;
	char right[64];

	snprintf(right, sizeof right, "%s ", v->number);
	widget_title(a, tr(" Notice"), right);
	for (int i = v->list.top, y = 1; i < v->n && y < a->rows - 2; i++, y++)
		widget_text(y, 0, a->cols, v->lines[i], 0);
}

/* The notice's lines and how many show, for the movement keys. */
static struct list *
ui_notice_list(struct app *a, void *st, int *height)
{
	struct noticeview *v = st;

	*height = ui_notice_height(a);
	list_set(&v->list, v->n, *height);
	return &v->list;
}

/* Free the view. */
static void
ui_notice_free(void *st)
{
	struct noticeview *v = st;

	for (int i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	free(v);
}

static const struct binding ui_notice_keys[] = {
	{ .key = 0 },
};

static const struct screen ui_notice_screen = {
	.title = "Notice",
	.draw = ui_notice_draw,
	.free = ui_notice_free,
	.keys = ui_notice_keys,
	.list_keys = list_keys,
	.list = ui_notice_list,
};

/* The text notice of a loaded decision as a view. */
static struct noticeview *
ui_notice_lines(const struct notice *n)
{
	struct sbuf text = SBUF_INIT;
	struct noticeview *v = xcalloc(1, sizeof *v);
	memcpy(v->number, n->number, sizeof v->number);
	v->list.text = true;
	notice_text(n, &text);
	for (const char *p = sbuf_str(&text); *p; ) {
		size_t len = strcspn(p, "\n");
		v->lines = xreallocarray(v->lines, (size_t)v->n + 1, sizeof *v->lines);
		v->lines[v->n++] = xstrndup(p, len);
		p += len + (p[len] == '\n');
	}
	sbuf_free(&text);
	return v;
}

/* Show the text notice of a decision (its person, facts, reasons, amount and status), writing
 * no file: what a supervisor reads before approving. */
int
ui_notice_view(struct app *a, const char *decision_id)
{
	struct diag d = DIAG_INIT;
	struct notice n;

	if (notice_load(a->ses->db, tui_policies(a, false), decision_id, &n, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	struct diag masked = DIAG_INIT;   /* a number that may not be shown goes out masked */
	notice_show_id(a->ses->db, &n, &masked);
	struct noticeview *v = ui_notice_lines(&n);
	notice_clear(&n);
	return tui_push(a, &ui_notice_screen, v);
}

/* Write the HTML notice of a decision, say where, and show the text notice. */
int
ui_notice_open(struct app *a, const char *decision_id)
{
	struct diag d = DIAG_INIT;
	struct notice n;
	char *path = NULL;

	if (notice_load(a->ses->db, tui_policies(a, false), decision_id, &n, &d) != 0) {
		tui_message(a, true, "%s", d.msg);
		return TUI_DRAW;
	}
	struct diag masked = DIAG_INIT;   /* a number that may not be shown goes out masked */
	notice_show_id(a->ses->db, &n, &masked);
	struct noticeview *v = ui_notice_lines(&n);
	int ret = ui_notice_write(&n, &path, &d);
	notice_clear(&n);
	int flags = tui_push(a, &ui_notice_screen, v);
	if (ret != 0)
		tui_message(a, true, "%s", d.msg);
	else
		tui_message(a, false, tr("Notice for printing: %s (open it in a browser and print)"),
		    path);
	free(path);
	return flags;
}
