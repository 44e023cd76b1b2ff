/* Check tests for core/archive and core/replay: the policy set a decision is made under is kept
 * once per set and each file once per content; a changed local.yaml makes a new set; the files
 * read back are those loaded and load again; the archive refuses changes; a replay finds the
 * decision as recorded, and says when a decision has no archived set. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/archive.h"
#include "core/db.h"
#include "core/dbopen.h"
#include "core/grant.h"
#include "core/person.h"
#include "core/progress.h"
#include "core/replay.h"
#include "policy/policyset.h"
#include "policy/yamlload.h"
#include "util/date.h"
#include "util/xalloc.h"
#include "testdb.h"

static struct db *db;
static struct policyset *ps;
static char copy[64];   /* a copy of the policies folder, or "" */

/* The policies of the source tree (JOBDESK_POLICIES is set by meson). */
static const char *
policies(void)
{
	const char *dir = getenv("JOBDESK_POLICIES");
	return dir != NULL ? dir : "policies";
}

/* Fail on a loader's error. */
static void
report(void *arg, const struct diag *d)
{
	(void)arg;
	ck_abort_msg("%s", d->msg);
}

/* Add a rural person with one completed 120-hour training; the case id. Caller frees. */
static char *
rural_person(const char *name, const char *idnum)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct enrollment e;
	char why[256], *pid;

	person_set(&p, PF_NAME, name, why, sizeof why);
	person_set(&p, PF_ID_NUMBER, idnum, why, sizeof why);
	person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why);
	ck_assert_msg(person_add(db, &p, NULL, &d) == 0, "%s", d.msg);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	progress_init(&e);
	e.person_id = pid;
	e.kind = "training";
	e.training_kind = "employment_skills";
	e.status = "completed";
	e.start_date = "2017-11-01";
	e.end_date = "2017-12-15";
	e.class_hours = 120;
	ck_assert_msg(progress_record(db, &e, 0, NULL, NULL, false, &d) == 0, "%s", d.msg);
	free(e.id);
	return pid;
}

/* Grant the rural training subsidy to a person under a set on 2018-03-01; the decision id. */
static char *
grant(const struct policyset *set, const char *pid)
{
	struct grant *g;
	struct diag d = DIAG_INIT;
	int n;

	ck_assert_msg(grant_record(db, set, pid, "rural-training-subsidy", NULL,
	    date_from_ymd(2018, 3, 1), &g, &n, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(n, 1);
	char *id = xstrdup(g[0].decision_id);
	grant_free(g, n);
	return id;
}

/* Read a whole file. Caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	struct diag d = DIAG_INIT;
	char *buf;

	ck_assert_msg(yamlload_read(path, &buf, len, &d) == 0, "%s", d.msg);
	return buf;
}

/* Write a whole file. */
static void
spill(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Copy the policies folder into copy (a new temporary folder). */
static void
copy_policies(void)
{
	DIR *dp = opendir(policies());
	struct dirent *de;

	snprintf(copy, sizeof copy, "/tmp/jobdesk-archive-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(copy));
	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *from = xasprintf("%s/%s", policies(), de->d_name);
		char *to = xasprintf("%s/%s", copy, de->d_name);
		size_t len;
		char *buf = slurp(from, &len);
		spill(to, buf, len);
		free(buf);
		free(from);
		free(to);
	}
	closedir(dp);
}

/* Remove the copy of the policies folder. */
static void
remove_copy(void)
{
	DIR *dp;
	struct dirent *de;

	if (copy[0] == '\0' || (dp = opendir(copy)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", copy, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(dp);
	rmdir(copy);
	copy[0] = '\0';
}

/* A fresh database and the source tree's policies. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;

	db = testdb_open("archive", "counselor1");
	ck_assert_msg(policyset_open(policies(), &ps, &d) == 0, "%s", d.msg);
	copy[0] = '\0';
}

/* Close and remove everything. */
static void
teardown(void)
{
	testdb_close(db);
	policyset_free(ps);
	remove_copy();
}

START_TEST(a_set_is_kept_once)
{
	ck_assert_ptr_nonnull(ps->archive);
	ck_assert_int_eq(strlen(ps->archive->hash), 64);
	/* every policy file and the three shared files */
	ck_assert_int_eq(ps->archive->n, ps->npolicies + 3);
	char *a = rural_person("王丽", "220102199503070028");
	char *b = rural_person("李强", "220102199001011239");
	char *da = grant(ps, a), *db_ = grant(ps, b);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set", NULL), 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_file", NULL), ps->archive->n);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set_file", NULL), ps->archive->n);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision WHERE policy_set = ?1",
	    ps->archive->hash), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set_file WHERE name IN "
	    "('local.yaml', 'groups.yaml', 'facts-schema.yaml', 'rural-training-subsidy.yaml')", NULL), 4);
	/* the policy file's row is the hash the decision records */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision d JOIN policy_set_file f ON "
	    "f.set_hash = d.policy_set AND f.name = d.policy_id || '.yaml' AND f.file_hash = "
	    "d.policy_hash WHERE d.id = ?1", da), 1);
	/* the audit of the insert hashes the row with its set */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM audit a JOIN decision d ON d.id = "
	    "a.row_key WHERE a.tbl = 'decision' AND a.op = 'insert' AND a.row_key = ?1 AND "
	    "a.row_hash = jd_row_hash('decision', d.id, d.person_id, d.policy_id, d.policy_hash, "
	    "d.decided_on, d.subject, d.subject_key, d.outcome, d.amount_fen, d.facts_json, "
	    "d.reasons_json, d.once_key, d.counselor, d.approved_by, d.status, jd_ts(d.created_at), "
	    "jd_ts(d.updated_at), d.created_by, d.policy_set, d.approved_at, d.rejected_by, "
	    "d.rejected_at, "
	    "d.revoked_by, d.revoked_at, d.reason, d.paid_on, d.payment_ref, d.paid_by, d.paid_at) "
	    "AND d.policy_set IS NOT NULL", da), 1);
	free(a);
	free(b);
	free(da);
	free(db_);
}
END_TEST

START_TEST(a_changed_local_file_makes_a_new_set)
{
	struct policyset *ps2;
	struct policyset_archive *back;
	struct diag d = DIAG_INIT;
	size_t len;

	char *a = rural_person("王丽", "220102199503070028");
	char *b = rural_person("李强", "220102199001011239");
	free(grant(ps, a));
	copy_policies();
	char *path = xasprintf("%s/local.yaml", copy);
	char *buf = slurp(path, &len);
	char *changed = xasprintf("%s\n# this office's standards, revised\n", buf);
	spill(path, changed, strlen(changed));
	ck_assert_msg(policyset_open(copy, &ps2, &d) == 0, "%s", d.msg);
	ck_assert_str_ne(ps2->archive->hash, ps->archive->hash);
	free(grant(ps2, b));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set", NULL), 2);
	/* only local.yaml is new */
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_file", NULL), ps->archive->n + 1);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set_file", NULL), 2 * ps->archive->n);
	ck_assert_int_eq(testdb_int(db, "SELECT count(DISTINCT policy_set) FROM decision", NULL), 2);
	/* the new set reads back with the changed local.yaml, byte for byte */
	ck_assert_msg(archive_read(db, ps2->archive->hash, &back, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(back->n, ps2->archive->n);
	ck_assert_str_eq(back->hash, ps2->archive->hash);
	bool found = false;
	for (size_t i = 0; i < back->n; i++) {
		ck_assert_str_eq(back->files[i].name, ps2->archive->files[i].name);
		ck_assert_int_eq(back->files[i].len, ps2->archive->files[i].len);
		ck_assert(memcmp(back->files[i].bytes, ps2->archive->files[i].bytes, back->files[i].len) == 0);
		if (strcmp(back->files[i].name, "local.yaml") == 0) {
			found = true;
			ck_assert_int_eq(back->files[i].len, strlen(changed));
			ck_assert(memcmp(back->files[i].bytes, changed, strlen(changed)) == 0);
		}
	}
	ck_assert(found);
	policyset_archive_free(back);
	/* a third grant under the first set writes nothing to the archive */
	char *c = rural_person("赵敏", "220102198807070022");
	free(grant(ps, c));
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set", NULL), 2);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_file", NULL), ps->archive->n + 1);
	policyset_free(ps2);
	free(path);
	free(buf);
	free(changed);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(an_archived_set_loads_again)
{
	struct policyset *again;
	struct diag d = DIAG_INIT;

	char *a = rural_person("王丽", "220102199503070028");
	free(grant(ps, a));
	ck_assert_msg(archive_open(db, ps->archive->hash, &again, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(again->archive->hash, ps->archive->hash);
	ck_assert_int_eq(again->npolicies, ps->npolicies);
	ck_assert_str_eq(policyset_find(again, "rural-training-subsidy")->hash,
	    policyset_find(ps, "rural-training-subsidy")->hash);
	/* its private folder is gone again */
	struct stat st;
	ck_assert_int_ne(stat(again->dir, &st), 0);
	policyset_free(again);
	/* a set that is not there */
	ck_assert_int_eq(archive_open(db, "0000000000000000000000000000000000000000000000000000000000000000",
	    &again, &d), EX_NOINPUT);
	ck_assert_ptr_null(again);
	free(a);
}
END_TEST

START_TEST(the_archive_refuses_changes)
{
	struct diag d = DIAG_INIT;

	char *a = rural_person("王丽", "220102199503070028");
	free(grant(ps, a));
	ck_assert_int_ne(db_exec(db, "UPDATE policy_file SET bytes = x'00'", &d), 0);
	ck_assert_int_ne(db_exec(db, "DELETE FROM policy_set_file", &d), 0);
	ck_assert_int_ne(db_exec(db, "DELETE FROM policy_set", &d), 0);
	/* a file whose name could leave the folder is refused by the schema */
	ck_assert_int_ne(db_exec(db, "INSERT INTO policy_set_file SELECT set_hash, '../x.yaml', "
	    "file_hash FROM policy_set_file LIMIT 1", &d), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set_file", NULL), ps->archive->n);
	free(a);
}
END_TEST

START_TEST(a_replay_gives_the_decision_as_recorded)
{
	struct replay r;
	struct diag d = DIAG_INIT;
	char num[NOTICE_NUMBER_LEN];

	char *a = rural_person("王丽", "220102199503070028");
	char *id = grant(ps, a);
	notice_number(id, num);
	ck_assert_msg(replay_run(db, ps, num, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.archived.state, REPLAY_DONE);
	ck_assert(r.archived.same);
	ck_assert(r.current.same);
	ck_assert_str_eq(r.set_hash, ps->archive->hash);
	ck_assert_str_eq(r.archived.outcome, "eligible");
	ck_assert_int_eq(r.archived.amount_fen, 96000);
	ck_assert_int_gt(r.recorded.nreasons, 0);
	replay_clear(&r);
	/* a decision with no set, as one recorded before the archive */
	ck_assert_msg(db_exec(db, "UPDATE decision SET policy_set = NULL", &d) == 0, "%s", d.msg);
	ck_assert_msg(replay_run(db, ps, id, &r, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(r.archived.state, REPLAY_NO_ARCHIVE);
	ck_assert(!r.archived.same);
	ck_assert_ptr_null(r.set_hash);
	ck_assert(r.current.same);
	replay_clear(&r);
	ck_assert_int_eq(replay_run(db, ps, "ZZZZ-ZZZZ", &r, &d), EX_DATAERR);
	free(id);
	free(a);
}
END_TEST

START_TEST(a_set_with_an_added_file_records_nothing)
{
	struct diag d = DIAG_INIT;
	struct grant *g;
	size_t len;
	int n;

	copy_policies();
	char *from = xasprintf("%s/rural-training-subsidy.yaml", policies());
	char *buf = slurp(from, &len);
	char *at = strstr(buf, "id: rural-training-subsidy\n");
	ck_assert_ptr_nonnull(at);
	char *other = xasprintf("%.*sid: rural-training-subsidy-copy\n%s", (int)(at - buf), buf,
	    at + strlen("id: rural-training-subsidy\n"));
	char *path = xasprintf("%s/rural-training-subsidy-copy.yaml", copy);
	spill(path, other, strlen(other));
	ck_assert_int_eq(policyset_add_file(ps, path, report, NULL), 0);
	ck_assert_ptr_null(ps->archive);
	char *a = rural_person("王丽", "220102199503070028");
	ck_assert_int_eq(grant_record(db, ps, a, "rural-training-subsidy", NULL,
	    date_from_ymd(2018, 3, 1), &g, &n, &d), EX_SOFTWARE);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM decision", NULL), 0);
	ck_assert_int_eq(testdb_int(db, "SELECT count(*) FROM policy_set", NULL), 0);
	free(from);
	free(buf);
	free(other);
	free(path);
	free(a);
}
END_TEST

/* The suite. */
static Suite *
archive_suite(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("archive");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_set_is_kept_once);
	tcase_add_test(tc, a_changed_local_file_makes_a_new_set);
	tcase_add_test(tc, an_archived_set_loads_again);
	tcase_add_test(tc, the_archive_refuses_changes);
	tcase_add_test(tc, a_replay_gives_the_decision_as_recorded);
	tcase_add_test(tc, a_set_with_an_added_file_records_nothing);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(archive_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
