/* One counselor's writes for the county benchmark (tests/bench/county.sh): at a human rate, one
 * user action every INTERVAL milliseconds (each wait drawn between half and one and a half of
 * it), in turn: a person edited (the phone), progress added (a planned training), a note with a
 * follow-up, a benefit granted; each through the same core call the screen makes, in its own
 * transaction, on persons of COUNSELOR's caseload (the ones the screens show).
 *
 * usage: county_writer DB POLICIES COUNSELOR WHO INTERVAL_MS STOP
 *        county_writer --page-sql DB COUNSELOR
 *        county_writer --search-sql DB LIMIT QUERY...
 * The second form prints the SQL text jobdesk runs for the first page of COUNSELOR's cases and
 * for the page after a row (caseload_page() traced), one statement a line, for the sqlite3
 * shell that county.sh runs beside the screens. The third prints the statement search_run()
 * runs for each QUERY, its bound values written in (sqlite3_expanded_sql), one a line.
 * WHO (0-999) seeds the choice of persons and phones. Writes until the file STOP exists, then
 * prints one line:
 *   writes N busy B refused R p50_ms P p95_ms Q max_ms M
 * where a write's time is the call's, waiting for the lock included; busy counts writes refused
 * because the database was busy or locked (what a counselor would see: the goal is 0); refused
 * counts writes the rules turned down (no benefit eligible, say), which are not errors here. The
 * message of every busy write goes to stderr. Built by tests/bench/county.sh against the static
 * libraries; not part of the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/caseload.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/grant.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/search.h"
#include "policy/policyset.h"
#include "util/date.h"

/* The most writes one writer keeps the time of. */
enum { writer_max = 100000, writer_persons = 400 };

/* Benefits a grant tries, in turn; one the person is not eligible for is refused, not an error. */
static const char *const writer_policies[] = {
	"job-search-subsidy", "vocational-training-subsidy", "employment-difficulty",
	"zero-employment-assistance",
};

/* Seconds on the monotonic clock. */
static double
writer_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Compare doubles for qsort. */
static int
writer_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The phone of a person edited: a new mobile number every time. */
static int
writer_edit(struct db *db, const char *key, unsigned *seed, struct diag *d)
{
	struct person p = { 0 };
	char phone[16], why[256];
	int ret;

	if ((ret = person_load(db, key, &p, d)) != 0)
		return ret;
	snprintf(phone, sizeof phone, "139%08u", (unsigned)rand_r(seed) % 100000000u);
	if (person_set(&p, PF_PHONE, phone, why, sizeof why) != 0) {
		person_clear(&p);
		return diag_set(d, EX_SOFTWARE, "phone %s: %s", phone, why);
	}
	ret = person_update(db, &p, d);
	person_clear(&p);
	return ret;
}

/* A planned training added to the person's progress. */
static int
writer_progress(struct db *db, const char *key, int today, struct diag *d)
{
	struct enrollment e;
	char start[16];

	date_format(today + 30, start);
	progress_init(&e);
	e.person_id = key;
	e.kind = "training";
	e.status = "planned";
	e.unit_name = "长春市职业技能培训中心";
	e.start_date = start;
	int ret = progress_record(db, &e, -1, NULL, NULL, false, d);
	free(e.id);
	return ret;
}

/* One user action of kind k on person key: 0, or the exit code of the core call. */
static int
writer_act(struct db *db, const struct policyset *ps, int k, const char *key, int today,
    unsigned *seed, struct diag *d)
{
	char follow[16];
	struct grant *g = NULL;
	int n = 0, ret;

	switch (k % 4) {
	case 0:
		return writer_edit(db, key, seed, d);
	case 1:
		return writer_progress(db, key, today, d);
	case 2:
		date_format(today + 7, follow);
		return note_add(db, key, "电话联系，约下周来中心面谈。", follow, today, NULL, d);
	default:
		ret = grant_record(db, ps, key, writer_policies[k / 4 % 4], NULL, today, &g, &n, d);
		grant_free(g, n);
		return ret;
	}
}

/* Print the text of each statement as it starts (an sqlite3_trace_v2 callback). */
static int
writer_trace(unsigned type, void *arg, void *p, void *x)
{
	(void)type;
	(void)arg;
	(void)x;
	const char *sql = sqlite3_sql(p);
	if (sql != NULL && strncmp(sql, "SELECT p.id, p.name", 19) == 0)
		printf("%s\n", sql);
	return 0;
}

/* Print each statement search_run starts, bound values written in (an sqlite3_trace_v2 callback). */
static int
writer_trace_search(unsigned type, void *arg, void *p, void *x)
{
	(void)type;
	(void)arg;
	(void)x;
	char *sql = sqlite3_expanded_sql(p);
	if (sql != NULL && strncmp(sql, "SELECT", 6) == 0 && strstr(sql, "FROM person") != NULL)
		printf("%s;\n", sql);
	sqlite3_free(sql);
	return 0;
}

/* Print the statement search_run runs for each query. */
static int
writer_search_sql(const char *path, int limit, char **queries, int n)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	struct search_hit *h;
	int hits;

	if (dbopen_open(path, "bench", false, &d, &db) != 0) {
		fprintf(stderr, "county_writer: %s\n", d.msg);
		return 1;
	}
	sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, writer_trace_search, NULL);
	for (int i = 0; i < n; i++) {
		if (search_run(db, queries[i], limit, &h, &hits, &d) != 0) {
			fprintf(stderr, "county_writer: %s\n", d.msg);
			return 1;
		}
		search_free(h, hits);
	}
	db_close(db);
	return 0;
}

/* Print the page statements of a counselor's cases: the first page, then the page after it. */
static int
writer_page_sql(const char *path, const char *counselor)
{
	struct db *db;
	struct diag d = DIAG_INIT;
	struct caseload_query q = { .counselor = counselor, .sort = CASELOAD_BY_NAME };
	struct caseload_row rows[40];
	int n = 0, m = 0;

	if (dbopen_open(path, counselor, false, &d, &db) != 0) {
		fprintf(stderr, "county_writer: %s\n", d.msg);
		return 1;
	}
	sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, writer_trace, NULL);
	if (caseload_page(db, &q, NULL, false, 20, rows, &n, &d) != 0 || n == 0 ||
	    caseload_page(db, &q, &rows[n - 1], false, 20, rows + n, &m, &d) != 0) {
		fprintf(stderr, "county_writer: %s\n", n ? d.msg : "no cases");
		return 1;
	}
	caseload_free(rows, n + m);
	db_close(db);
	return 0;
}

/* Write until STOP exists, then print the figures. */
int
main(int argc, char **argv)
{
	struct db *db;
	struct policyset *ps;
	struct diag d = DIAG_INIT;
	static double took[writer_max];
	static char *keys[writer_persons];
	int n = 0, nkeys = 0, busy = 0, refused = 0;

	if (argc == 4 && strcmp(argv[1], "--page-sql") == 0)
		return writer_page_sql(argv[2], argv[3]);
	if (argc >= 5 && strcmp(argv[1], "--search-sql") == 0)
		return writer_search_sql(argv[2], atoi(argv[3]), argv + 4, argc - 4);
	if (argc != 7) {
		fprintf(stderr, "usage: county_writer DB POLICIES COUNSELOR WHO INTERVAL_MS STOP\n");
		return 64;
	}
	int who = atoi(argv[4]), interval = atoi(argv[5]);
	const char *stop = argv[6];
	unsigned seed = 7919u * (unsigned)who + 1;
	if (policyset_open(argv[2], &ps, &d) != 0) {
		fprintf(stderr, "county_writer: %s\n", d.msg);
		return 1;
	}
	if (dbopen_open(argv[1], argv[3], false, &d, &db) != 0) {
		fprintf(stderr, "county_writer: %s\n", d.msg);
		return 1;
	}
	/* the persons of the counselor's first screens, which sessions of that counselor show */
	struct db_stmt *st = db_prepare(db, "SELECT id FROM person WHERE counselor = ?1 AND "
	    "merged_into IS NULL AND stage <> 'closed' ORDER BY name_sort, rowid LIMIT ?2");
	db_bind_text(st, 1, argv[3]);
	db_bind_int(st, 2, writer_persons);
	while (db_step(st, "choosing persons", &d) == DB_ROW)
		keys[nkeys++] = strdup(db_col_text(st, 0));
	db_finalize(st);
	if (nkeys == 0) {
		fprintf(stderr, "county_writer: counselor %s has no open cases\n", argv[3]);
		return 1;
	}
	int today = date_today();
	double next = writer_clock() + (double)(rand_r(&seed) % (unsigned)(interval + 1)) / 1000.0;
	while (n < writer_max) {
		/* a human rate: wait until the next write is due, in short naps so STOP is seen soon */
		double wait = next - writer_clock();
		while (wait > 0 && access(stop, F_OK) != 0) {
			usleep(wait > 0.05 ? 50000 : (useconds_t)(wait * 1e6));
			wait = next - writer_clock();
		}
		if (access(stop, F_OK) == 0)
			break;
		const char *key = keys[rand_r(&seed) % (unsigned)nkeys];
		double t = writer_clock();
		diag_clear(&d);
		int ret = writer_act(db, ps, n, key, today, &seed, &d);
		took[n++] = writer_clock() - t;
		if (ret == EX_UNAVAILABLE || strstr(d.msg, "busy") || strstr(d.msg, "locked")) {
			busy++;
			fprintf(stderr, "county_writer %d: %s\n", who, d.msg);
		} else if (ret != 0) {
			refused++;
		}
		next += (interval / 2 + (double)(rand_r(&seed) % (unsigned)(interval + 1))) / 1000.0;
	}
	db_close(db);
	policyset_free(ps);
	for (int i = 0; i < nkeys; i++)
		free(keys[i]);
	qsort(took, (size_t)n, sizeof *took, writer_cmp);
	printf("writes %d busy %d refused %d p50_ms %.1f p95_ms %.1f max_ms %.1f\n", n, busy, refused,
	    n ? took[(n - 1) / 2] * 1e3 : 0.0, n ? took[(n * 95 + 99) / 100 - 1] * 1e3 : 0.0,
	    n ? took[n - 1] * 1e3 : 0.0);
	return 0;
}
