/* Check tests for core/policydir: the office's own policy set beside the database, seeded once
 * from a set, replaced by a good set (the one before kept as .prev, one step back only), a set
 * that fails the checks of `policy check` refused with the current one kept and nothing left
 * behind, names that are not plain NAME.yaml refused, the modes 0700 and 0600, a crash's
 * leftover fresh folder swept. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/policydir.h"
#include "util/sbuf.h"
#include "util/xalloc.h"
#include "testdb.h"

static struct db *db;

/* The source tree's set (the tests' JOBDESK_POLICIES). */
static const char *
source_set(void)
{
	const char *p = getenv("JOBDESK_POLICIES");

	ck_assert_msg(p != NULL, "JOBDESK_POLICIES names the source tree's policies");
	return p;
}

/* A set read from the source tree, with text appended to one file (NULL: none) and that
 * file's content replaced by broken text when broken. Free with set_free. */
static struct policydir_file *
set_read(size_t *n, const char *mark_file, const char *mark, bool broken)
{
	DIR *dp = opendir(source_set());
	struct dirent *de;
	struct policydir_file *f = NULL;

	ck_assert_ptr_nonnull(dp);
	*n = 0;
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		char *path = xasprintf("%s/%s", source_set(), de->d_name);
		FILE *fp = fopen(path, "rb");
		ck_assert_ptr_nonnull(fp);
		struct sbuf b = SBUF_INIT;
		char buf[4096];
		size_t got;
		while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
			sbuf_addn(&b, buf, got);
		fclose(fp);
		free(path);
		if (mark_file != NULL && strcmp(de->d_name, mark_file) == 0) {
			if (broken)
				sbuf_reset(&b);
			sbuf_add(&b, mark);
		}
		f = xreallocarray(f, *n + 1, sizeof *f);
		size_t blen = b.len;
		f[(*n)++] = (struct policydir_file){ xstrdup(de->d_name), sbuf_take(&b), blen };
	}
	closedir(dp);
	return f;
}

/* Free a set of set_read. */
static void
set_free(struct policydir_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)f[i].name);
		free((void *)f[i].data);
	}
	free(f);
}

/* Whether the file name in folder dir holds text. */
static bool
holds(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "rb");
	struct sbuf b = SBUF_INIT;
	char buf[4096];
	size_t got;

	free(path);
	if (fp == NULL)
		return false;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		sbuf_addn(&b, buf, got);
	fclose(fp);
	bool in = strstr(sbuf_str(&b), text) != NULL;
	sbuf_free(&b);
	return in;
}

/* How many entries beside the database begin with its set's name and are not the set or its
 * .prev (a fresh folder left behind). */
static int
leftovers(void)
{
	char *dir = policydir_path(db);
	char *slash = strrchr(dir, '/');
	char *parent = xasprintf("%.*s", (int)(slash - dir), dir);
	DIR *dp = opendir(parent);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(dp)) != NULL)
		if (strncmp(de->d_name, slash + 1, strlen(slash + 1)) == 0 &&
		    strcmp(de->d_name, slash + 1) != 0 &&
		    !(strncmp(de->d_name + strlen(slash + 1), ".prev", 6) == 0))
			n++;
	closedir(dp);
	free(parent);
	free(dir);
	return n;
}

/* Remove a folder of plain files. */
static void
rmtree(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		char *p = xasprintf("%s/%s", dir, de->d_name);
		if (de->d_name[0] != '.')
			unlink(p);
		free(p);
	}
	closedir(dp);
	rmdir(dir);
}

static void
setup(void)
{
	db = testdb_open("policydir", "tester");
}

static void
teardown(void)
{
	char *dir = policydir_path(db), *prev = xasprintf("%s.prev", dir);

	rmtree(dir);
	rmtree(prev);
	free(dir);
	free(prev);
	testdb_close(db);
}

/* The path is the database's with .policies; a database with none gets one, once, 0700 with
 * 0600 files, and the same set loads from it. */
START_TEST(seeded_once)
{
	struct diag d = DIAG_INIT;
	char *dir = policydir_path(db), *want = xasprintf("%s.policies", db_path(db));
	bool seeded = false;
	struct stat sb;

	ck_assert_str_eq(dir, want);
	ck_assert_int_ne(stat(dir, &sb), 0);
	ck_assert_msg(policydir_seed(db, source_set(), &seeded, &d) == 0, "%s", d.msg);
	ck_assert(seeded);
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0700);
	char *f = xasprintf("%s/groups.yaml", dir);
	ck_assert_int_eq(stat(f, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	free(f);
	ck_assert(holds(dir, "facts-schema.yaml", "facts"));
	/* there: not made again */
	ck_assert_int_eq(policydir_seed(db, source_set(), &seeded, &d), 0);
	ck_assert(!seeded);
	/* from a folder that is not there: said, nothing made */
	rmtree(dir);
	ck_assert_int_eq(policydir_seed(db, "/nonexistent-policies", &seeded, &d), EX_NOINPUT);
	ck_assert(!seeded);
	ck_assert_int_ne(stat(dir, &sb), 0);
	ck_assert_int_eq(leftovers(), 0);
	free(dir);
	free(want);
}
END_TEST

/* A good set replaces the office's, the one before kept as .prev; a second replaces .prev with
 * the first; a set that fails the checks is refused, the current and .prev as they were, no
 * fresh folder left. */
START_TEST(replace_keeps_prev_and_refuses_bad_sets)
{
	struct diag d = DIAG_INIT;
	char *dir = policydir_path(db), *prev = xasprintf("%s.prev", dir);
	bool seeded;
	size_t n;

	ck_assert_msg(policydir_seed(db, source_set(), &seeded, &d) == 0, "%s", d.msg);
	struct policydir_file *v2 = set_read(&n, "groups.yaml", "\n# version 2\n", false);
	ck_assert_msg(policydir_replace(db, v2, n, &d) == 0, "%s", d.msg);
	ck_assert(holds(dir, "groups.yaml", "# version 2"));
	ck_assert(!holds(prev, "groups.yaml", "# version 2"));
	ck_assert(holds(prev, "groups.yaml", "groups"));
	set_free(v2, n);
	struct policydir_file *v3 = set_read(&n, "groups.yaml", "\n# version 3\n", false);
	ck_assert_msg(policydir_replace(db, v3, n, &d) == 0, "%s", d.msg);
	ck_assert(holds(dir, "groups.yaml", "# version 3"));
	ck_assert(holds(prev, "groups.yaml", "# version 2"));
	set_free(v3, n);
	ck_assert_int_eq(leftovers(), 0);
	/* a file that does not parse: refused, naming it; the sets as they were */
	struct policydir_file *bad = set_read(&n, "rural-training-subsidy.yaml", "id: [\n", true);
	ck_assert_int_eq(policydir_replace(db, bad, n, &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, "rural-training-subsidy.yaml") != NULL &&
	    strstr(d.msg, "kept") != NULL, "%s", d.msg);
	set_free(bad, n);
	/* a policy naming a group no groups.yaml defines: refused too */
	bad = set_read(&n, "groups.yaml", "groups: {}\n", true);
	ck_assert_int_eq(policydir_replace(db, bad, n, &d), EX_DATAERR);
	set_free(bad, n);
	ck_assert(holds(dir, "groups.yaml", "# version 3"));
	ck_assert(holds(dir, "rural-training-subsidy.yaml", "rural"));
	ck_assert(holds(prev, "groups.yaml", "# version 2"));
	ck_assert_int_eq(leftovers(), 0);
	free(dir);
	free(prev);
}
END_TEST

/* A fresh folder a crash left beside the set (untouched for an hour) is removed by the next
 * install; a young one, which may be another install's, is left alone. */
START_TEST(crash_leftovers_swept)
{
	struct diag d = DIAG_INIT;
	char *dir = policydir_path(db);
	char *old = xasprintf("%s.new-AbC123", dir), *young = xasprintf("%s.new-XyZ789", dir);
	char *inside = xasprintf("%s/groups.yaml", old);
	struct timespec ago[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };
	struct stat sb;
	bool seeded;
	size_t n;

	ck_assert_msg(policydir_seed(db, source_set(), &seeded, &d) == 0, "%s", d.msg);
	ck_assert_int_eq(mkdir(old, 0700), 0);
	FILE *fp = fopen(inside, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("groups: {}\n", fp);
	fclose(fp);
	ck_assert_int_eq(utimensat(AT_FDCWD, old, ago, 0), 0);
	ck_assert_int_eq(mkdir(young, 0700), 0);
	struct policydir_file *v2 = set_read(&n, "groups.yaml", "\n# version 2\n", false);
	ck_assert_msg(policydir_replace(db, v2, n, &d) == 0, "%s", d.msg);
	set_free(v2, n);
	ck_assert_int_ne(stat(old, &sb), 0);
	ck_assert_int_eq(stat(young, &sb), 0);
	rmdir(young);
	ck_assert_int_eq(leftovers(), 0);
	free(inside);
	free(old);
	free(young);
	free(dir);
}
END_TEST

/* Names that are not a plain NAME.yaml, twice the same name, no file at all: refused before
 * anything is written. */
START_TEST(bad_names_refused)
{
	static const char *const names[] = { "../x.yaml", "a/b.yaml", ".hidden.yaml", "x.yml",
		".yaml", "政策.yaml", "x.yaml/", "" };
	struct diag d = DIAG_INIT;
	char *dir = policydir_path(db);
	struct policydir_file one = { "x.yaml", "a: 1\n", 5 };
	bool seeded;
	size_t n;

	ck_assert_msg(policydir_seed(db, source_set(), &seeded, &d) == 0, "%s", d.msg);
	struct policydir_file *set = set_read(&n, NULL, NULL, false);
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		const char *was = set[0].name;
		set[0].name = names[k];
		ck_assert_int_eq(policydir_replace(db, set, n, &d), EX_DATAERR);
		ck_assert_msg(strstr(d.msg, "not a name a policy file may have") != NULL, "%s: %s",
		    names[k], d.msg);
		set[0].name = was;
	}
	const char *was = set[1].name;
	set[1].name = set[0].name;
	ck_assert_int_eq(policydir_replace(db, set, n, &d), EX_DATAERR);
	ck_assert_msg(strstr(d.msg, "twice") != NULL, "%s", d.msg);
	set[1].name = was;
	ck_assert_int_eq(policydir_replace(db, &one, 0, &d), EX_DATAERR);
	set_free(set, n);
	ck_assert_int_eq(leftovers(), 0);
	char *prev = xasprintf("%s.prev", dir);
	struct stat sb;
	ck_assert_int_ne(stat(prev, &sb), 0);    /* nothing was replaced */
	free(prev);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("policydir");
	TCase *tc = tcase_create("policydir");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, seeded_once);
	tcase_add_test(tc, replace_keeps_prev_and_refuses_bad_sets);
	tcase_add_test(tc, bad_names_refused);
	tcase_add_test(tc, crash_leftovers_swept);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
