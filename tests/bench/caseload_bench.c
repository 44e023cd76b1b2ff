/* Caseload pages inside the process: caseload_page() over the views of a file, and the very
 * same SQL (caseload_sql) written out for the sqlite3 shell to run beside it.
 *
 * usage: caseload_bench DB plan VIEWS CASES SQLDIR
 *        caseload_bench DB warm CASES REPEAT
 *        caseload_bench DB cold CASES
 *        caseload_bench DB evict
 * VIEWS: one view a line, tab-separated: group, label, counselor, stage, flag (low_income ...
 * difficulty), sort (name or followup), due by ("-" for none in any field).
 * plan finds for each view a key deep into its keyset (the row at the middle of its first 20,000,
 * read 1,000 at a time) and writes CASES: a line per page (first, deep) with the view and key,
 * and SQLDIR/N.sql: the same page for the sqlite3 shell (.parameter set, the SQL text).
 * warm runs each page once untimed, then REPEAT times: "group label page rows ms ms ...".
 * cold, for each page, evicts the database file from the page cache (evict alone does that, for
 * the shell's turn), opens it afresh, times one page and closes it: "group label page rows ms".
 * Built by tests/bench/caseload.sh against the static libraries; not part of the build. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/caseload.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "util/sbuf.h"

/* Rows a page of the screen shows at most (ui-caseload reads a screenful). */
static const int bench_page = 20;
/* Rows read at a time, and how many times at most, to find the deep key. */
enum { BENCH_STRIDE = 1000, BENCH_STRIDES = 20 };

/* One page to time: a view, and the key it follows (none for the first page). */
struct bench_case {
	char group[64], label[96], page[8], counselor[64], stage[32], flag[32], sort[16], due[16];
	char key[256], key_id[64];
};

/* Seconds on the monotonic clock. */
static double
bench_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CASE_* bit of a flag's name, 0 for "-"; exits on an unknown one. */
static int
bench_flag(const char *name)
{
	static const struct { const char *name; int bit; } flags[] = {
		{ "low_income", CASE_LOW_INCOME }, { "registered_poor", CASE_REGISTERED_POOR },
		{ "disabled", CASE_DISABLED }, { "zero_employment", CASE_ZERO_EMPLOYMENT },
		{ "difficulty", CASE_DIFFICULTY }, { "poor_disabled", CASE_POOR_DISABLED },
		{ "extremely_poor", CASE_EXTREMELY_POOR },
	};

	if (strcmp(name, "-") == 0)
		return 0;
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		if (strcmp(flags[i].name, name) == 0)
			return flags[i].bit;
	fprintf(stderr, "caseload_bench: unknown flag %s\n", name);
	exit(65);
}

/* A field of a case as a query value: NULL for "-". */
static const char *
bench_opt(const char *v)
{
	return strcmp(v, "-") == 0 ? NULL : v;
}

/* The query of a case. */
static struct caseload_query
bench_query(const struct bench_case *c)
{
	struct caseload_query q = {
		.counselor = bench_opt(c->counselor), .stage = bench_opt(c->stage),
		.flag = bench_flag(c->flag),
		.sort = strcmp(c->sort, "followup") == 0 ? CASELOAD_BY_FOLLOWUP : CASELOAD_BY_NAME,
		.due_by = bench_opt(c->due),
	};
	return q;
}

/* Split a tab-separated line into n fields of the given sizes; 0 when it has them all. */
static int
bench_fields(char *line, int n, char **out, const size_t *size)
{
	char *save = NULL, *f = strtok_r(line, "\t\r\n", &save);

	for (int i = 0; i < n; i++, f = strtok_r(NULL, "\t\r\n", &save)) {
		if (f == NULL)
			return -1;
		snprintf(out[i], size[i], "%s", f);
	}
	return 0;
}

/* Read a case line (the view's fields, page, key, key id); 0 when read. */
static int
bench_read_case(FILE *f, struct bench_case *c)
{
	char line[1024];
	char *out[] = { c->group, c->label, c->counselor, c->stage, c->flag, c->sort, c->due,
		c->page, c->key, c->key_id };
	const size_t size[] = { sizeof c->group, sizeof c->label, sizeof c->counselor,
		sizeof c->stage, sizeof c->flag, sizeof c->sort, sizeof c->due, sizeof c->page,
		sizeof c->key, sizeof c->key_id };

	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (bench_fields(line, 10, out, size) != 0)
			return -1;
		for (char *t = c->key; (t = strchr(t, '\x1f')) != NULL; )
			*t = '\t';
		return 0;
	}
	return 1;
}

/* Write a case line; the key's tab (name_sort has one) as \x1f, a field's separator not. */
static void
bench_write_case(FILE *f, const struct bench_case *c)
{
	char key[sizeof c->key];

	snprintf(key, sizeof key, "%s", c->key);
	for (char *t = key; (t = strchr(t, '\t')) != NULL; )
		*t = '\x1f';
	fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c->group, c->label, c->counselor,
	    c->stage, c->flag, c->sort, c->due, c->page, key, c->key_id);
}

/* A rowid as text (the cases file's key_id column). Caller frees. */
static char *
bench_rowid(long long rowid)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", rowid);
	return strdup(buf);
}

/* A text as an SQL literal for the shell: quotes doubled, a tab as char(9). */
static void
bench_literal(FILE *f, const char *v)
{
	fputs("\"'", f);
	for (; *v; v++) {
		if (*v == '\'')
			fputs("''", f);
		else if (*v == '\t')
			fputs("'||char(9)||'", f);
		else if (*v == '"')
			fputs("'||char(34)||'", f);
		else
			fputc(*v, f);
	}
	fputs("'\"", f);
}

/* The page of a case: its rows into rows (n of them), seconds taken; exits on an error. */
static double
bench_page_once(struct db *db, const struct bench_case *c, struct caseload_row *rows, int *n)
{
	struct caseload_query q = bench_query(c);
	struct caseload_row from = { .name_sort = (char *)c->key, .next_followup = (char *)c->key,
		.rowid = strtoll(c->key_id, NULL, 10) };
	struct diag d = DIAG_INIT;
	bool keyed = strcmp(c->page, "deep") == 0;
	double t = bench_clock();

	if (caseload_page(db, &q, keyed ? &from : NULL, false, bench_page, rows, n, &d) != 0) {
		fprintf(stderr, "caseload_bench: %s: %s\n", c->label, d.msg);
		exit(70);
	}
	t = bench_clock() - t;
	caseload_free(rows, *n);
	return t;
}

/* plan: the deep key of each view, the cases file and the shell's SQL files. */
static int
bench_plan(struct db *db, const char *views, const char *cases, const char *sqldir)
{
	FILE *in = fopen(views, "r"), *out = fopen(cases, "w");
	struct caseload_row *rows = calloc(BENCH_STRIDE, sizeof *rows);
	struct bench_case c;
	char line[1024], path[4096];
	int ncase = 0;

	if (in == NULL || out == NULL || rows == NULL) {
		perror("caseload_bench");
		return 74;
	}
	while (fgets(line, sizeof line, in) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		memset(&c, 0, sizeof c);
		char *f[] = { c.group, c.label, c.counselor, c.stage, c.flag, c.sort, c.due };
		const size_t size[] = { sizeof c.group, sizeof c.label, sizeof c.counselor,
			sizeof c.stage, sizeof c.flag, sizeof c.sort, sizeof c.due };
		if (bench_fields(line, 7, f, size) != 0) {
			fprintf(stderr, "caseload_bench: %s: a line without its 7 fields\n", views);
			return 65;
		}
		struct caseload_query q = bench_query(&c);
		bool by_followup = q.sort == CASELOAD_BY_FOLLOWUP;
		/* the deep key: read the view 1,000 rows at a time, keep each stride's last key */
		char *keys[BENCH_STRIDES + 1][2] = { { 0 } };
		struct caseload_row last = { 0 };
		struct diag d = DIAG_INIT;
		int strides = 0, n = 0, total = 0;
		char *mid[2] = { NULL, NULL };
		do {
			if (caseload_page(db, &q, strides ? &last : NULL, false, BENCH_STRIDE, rows, &n,
			    &d) != 0) {
				fprintf(stderr, "caseload_bench: %s: %s\n", c.label, d.msg);
				return 70;
			}
			total += n;
			if (n > 0) {
				struct caseload_row *r = &rows[n - 1];
				keys[strides][0] = strdup(by_followup ? r->next_followup : r->name_sort);
				keys[strides][1] = bench_rowid(r->rowid);
				last.name_sort = last.next_followup = keys[strides][0];
				last.rowid = r->rowid;
				if (strides == 0 && n < BENCH_STRIDE && n > 1) {  /* a short view: its middle */
					struct caseload_row *m = &rows[n / 2 - 1];
					mid[0] = strdup(by_followup ? m->next_followup : m->name_sort);
					mid[1] = bench_rowid(m->rowid);
				}
			}
			caseload_free(rows, n);
			strides++;
		} while (n == BENCH_STRIDE && strides < BENCH_STRIDES);
		if (mid[0] == NULL && total >= BENCH_STRIDE) {
			int at = (strides - 1) / 2;
			mid[0] = strdup(keys[at][0]);
			mid[1] = strdup(keys[at][1]);
		}
		for (int i = 0; i < strides; i++) {
			free(keys[i][0]);
			free(keys[i][1]);
		}
		for (int deep = 0; deep < 2; deep++) {
			if (deep && mid[0] == NULL)
				break;  /* a view of one row or none has no page deep into it */
			snprintf(c.page, sizeof c.page, "%s", deep ? "deep" : "first");
			snprintf(c.key, sizeof c.key, "%s", deep ? mid[0] : "-");
			snprintf(c.key_id, sizeof c.key_id, "%s", deep ? mid[1] : "-");
			bench_write_case(out, &c);
			/* the shell's file: the parameters, the schema read before the timer, the SQL */
			snprintf(path, sizeof path, "%s/%d.sql", sqldir, ncase++);
			FILE *s = fopen(path, "w");
			if (s == NULL) {
				perror(path);
				return 73;
			}
			fputs(".parameter init\n", s);
			const char *vals[] = { q.counselor, q.stage, q.due_by, deep ? mid[0] : NULL,
				deep ? mid[1] : NULL };
			for (int i = 0; i < 5; i++) {
				if (vals[i] == NULL)
					continue;
				fprintf(s, ".parameter set ?%d ", i + 1);
				if (i == 4)
					fputs(vals[i], s);  /* the rowid: an integer */
				else
					bench_literal(s, vals[i]);
				fputc('\n', s);
			}
			fprintf(s, ".parameter set ?6 %d\n", bench_page);
			fputs("SELECT count(*) FROM sqlite_schema;\n.timer on\n", s);
			struct sbuf sql = SBUF_INIT;
			caseload_sql(&q, deep, false, &sql);
			fprintf(s, "%s;\n", sbuf_str(&sql));
			sbuf_free(&sql);
			fclose(s);
		}
		free(mid[0]);
		free(mid[1]);
		fprintf(stderr, "caseload_bench: %s: %d rows read for the deep key\n", c.label, total);
	}
	fclose(in);
	fclose(out);
	free(rows);
	return 0;
}

/* Evict a file's pages from the page cache (posix_fadvise DONTNEED: a file nobody writes has no
 * dirty pages, so they all go); 0 when done or the file is not there. */
static int
bench_evict_file(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	int ret = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return ret == 0 ? 0 : -1;
}

/* Evict the database and its WAL from the page cache: a cold read of this file alone, which
 * neither waits for nor disturbs the writes of other programs as dropping every cache would. */
static int
bench_evict(const char *db)
{
	char wal[4096];

	snprintf(wal, sizeof wal, "%s-wal", db);
	return bench_evict_file(db) == 0 && bench_evict_file(wal) == 0 ? 0 : -1;
}

/* Time every page of a cases file, warm (REPEAT times after a run untimed) or cold. */
int
main(int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct db *db = NULL;
	struct bench_case c;
	struct caseload_row rows[64];
	int n;

	if (argc == 3 && strcmp(argv[2], "evict") == 0)
		return bench_evict(argv[1]) == 0 ? 0 : 74;
	if (argc < 4 || (strcmp(argv[2], "plan") == 0 && argc != 6) ||
	    (strcmp(argv[2], "warm") == 0 && argc != 5) || (strcmp(argv[2], "cold") == 0 &&
	    argc != 4)) {
		fprintf(stderr, "usage: caseload_bench DB plan VIEWS CASES SQLDIR | DB warm CASES "
		    "REPEAT | DB cold CASES | DB evict\n");
		return 64;
	}
	bool cold = strcmp(argv[2], "cold") == 0;
	if (!cold && dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
		fprintf(stderr, "caseload_bench: %s\n", d.msg);
		return d.code;
	}
	if (strcmp(argv[2], "plan") == 0) {
		int ret = bench_plan(db, argv[3], argv[4], argv[5]);
		db_close(db);
		return ret;
	}
	FILE *f = fopen(argv[3], "r");
	if (f == NULL) {
		perror(argv[3]);
		return 66;
	}
	int repeat = cold ? 1 : atoi(argv[4]);
	while (bench_read_case(f, &c) == 0) {
		if (cold) {
			if (bench_evict(argv[1]) != 0) {
				fprintf(stderr, "caseload_bench: %s: cannot evict it from the page cache\n",
				    argv[1]);
				return 74;
			}
			if (dbopen_open(argv[1], "bench", false, &d, &db) != 0) {
				fprintf(stderr, "caseload_bench: %s\n", d.msg);
				return d.code;
			}
		} else {
			bench_page_once(db, &c, rows, &n);
		}
		printf("%s\t%s\t%s\t", c.group, c.label, c.page);
		double t[64];
		for (int i = 0; i < repeat && i < 64; i++)
			t[i] = bench_page_once(db, &c, rows, &n);
		printf("%d", n);
		for (int i = 0; i < repeat && i < 64; i++)
			printf("\t%.3f", t[i] * 1e3);
		putchar('\n');
		if (cold) {
			db_close(db);
			db = NULL;
		}
	}
	fclose(f);
	if (db != NULL)
		db_close(db);
	return 0;
}
