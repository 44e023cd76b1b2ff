/* Check tests for util/outfile.c: a file jobdesk creates is a new one of its own, mode 0600,
 * never written through a link or into a file another account made, and nothing is left behind
 * when it is given up or refused. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/outfile.h"
#include "util/xalloc.h"

static char dir[] = "/tmp/jobdesk-outfile-XXXXXX";

/* A fresh folder for each test, with umask 0 (so that 0600 is the code's, not the umask's). */
static void
setup(void)
{
	strcpy(dir, "/tmp/jobdesk-outfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	umask(0);
}

/* Remove the folder and what is in it. */
static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* How many entries the folder holds. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The whole of a small file. */
static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = f != NULL ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f != NULL)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

START_TEST(create_refuses_links_and_files)
{
	char *link_name = xasprintf("%s/x.partial-AAAAAAAA", dir), *victim = xasprintf("%s/victim", dir);
	char *made = xasprintf("%s/made", dir), *fresh = xasprintf("%s/fresh", dir);
	FILE *f = fopen(victim, "w");
	struct stat st;

	fputs("secret", f);
	fclose(f);
	/* a link at the very name (to a file, and dangling) is never followed */
	ck_assert_int_eq(symlink(victim, link_name), 0);
	errno = 0;
	ck_assert_int_eq(outfile_create(link_name), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_str_eq(slurp(victim), "secret");
	unlink(link_name);
	ck_assert_int_eq(symlink(made, link_name), 0);
	ck_assert_int_eq(outfile_create(link_name), -1);
	ck_assert_int_eq(access(made, F_OK), -1);
	/* a file another account left, mode 0666, is never opened */
	int fd = open(made, O_WRONLY | O_CREAT, 0666);
	close(fd);
	ck_assert_int_eq(outfile_create(made), -1);
	ck_assert_int_eq(errno, EEXIST);
	/* a new one is 0600 even under umask 0 */
	fd = outfile_create(fresh);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	free(link_name);
	free(victim);
	free(made);
	free(fresh);
}
END_TEST

START_TEST(partial_of_another_is_left_alone)
{
	char *path = xasprintf("%s/out.csv", dir), *partial = xasprintf("%s/out.csv.partial", dir);
	char *victim = xasprintf("%s/victim", dir);
	struct outfile o;
	struct diag d = DIAG_INIT;
	struct stat st;
	int fd = open(partial, O_WRONLY | O_CREAT, 0666);

	close(fd);
	chmod(partial, 0666);
	ck_assert_int_eq(outfile_begin(&o, path, true, &d), 0);
	ck_assert_str_ne(o.tmp, partial);
	ck_assert_int_eq(strncmp(o.tmp, partial, strlen(partial)), 0);
	ck_assert_int_eq(outfile_put(&o, "a,b\r\n", 5, &d), 0);
	ck_assert_int_eq(outfile_commit(&o, &d), 0);
	ck_assert_str_eq(slurp(path), "a,b\r\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(stat(partial, &st), 0);   /* the other file: as it was */
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_int_eq(st.st_mode & 07777, 0666);
	ck_assert_int_eq(entries(), 2);
	/* replacing a link at the name replaces the link, never the file it points to */
	FILE *f = fopen(victim, "w");
	fputs("secret", f);
	fclose(f);
	unlink(path);
	ck_assert_int_eq(symlink(victim, path), 0);
	ck_assert_int_eq(outfile_begin(&o, path, true, &d), 0);
	ck_assert_int_eq(outfile_put(&o, "new", 3, &d), 0);
	ck_assert_int_eq(outfile_commit(&o, &d), 0);
	ck_assert_str_eq(slurp(victim), "secret");
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	free(path);
	free(partial);
	free(victim);
}
END_TEST

START_TEST(new_file_never_replaces)
{
	char *path = xasprintf("%s/n.html", dir);
	struct outfile o;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(outfile_write_new(path, "one", 3, &d), 0);
	ck_assert_int_eq(outfile_write_new(path, "two", 3, &d), EX_CANTCREAT);
	ck_assert_int_eq(d.reason, OUTFILE_EXISTS);
	ck_assert_str_eq(slurp(path), "one");
	ck_assert_int_eq(entries(), 1);
	/* a file that appears at the name while it is written: still not replaced, nothing left */
	unlink(path);
	ck_assert_int_eq(outfile_begin(&o, path, false, &d), 0);
	ck_assert_int_eq(outfile_put(&o, "mine", 4, &d), 0);
	FILE *f = fopen(path, "w");
	fputs("theirs", f);
	fclose(f);
	ck_assert_int_eq(outfile_commit(&o, &d), EX_CANTCREAT);
	ck_assert_int_eq(d.reason, OUTFILE_EXISTS);
	ck_assert_str_eq(slurp(path), "theirs");
	ck_assert_int_eq(entries(), 1);
	free(path);
}
END_TEST

START_TEST(abort_leaves_nothing)
{
	char *path = xasprintf("%s/gone.csv", dir);
	struct outfile o;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(outfile_begin(&o, path, true, &d), 0);
	ck_assert_int_eq(outfile_put(&o, "half", 4, &d), 0);
	ck_assert_int_eq(entries(), 1);
	outfile_abort(&o);
	ck_assert_int_eq(entries(), 0);
	outfile_abort(&o);   /* twice is harmless */
	/* a folder that is not there: refused, naming the file */
	char *bad = xasprintf("%s/no/such.csv", dir);
	ck_assert_int_eq(outfile_begin(&o, bad, true, &d), EX_CANTCREAT);
	ck_assert_ptr_nonnull(strstr(d.msg, "no/such.csv"));
	free(bad);
	free(path);
}
END_TEST

START_TEST(signal_leaves_nothing)
{
	char *path = xasprintf("%s/cut.csv", dir);
	int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct outfile o;
			struct diag d = DIAG_INIT;
			if (outfile_begin(&o, path, true, &d) != 0 || outfile_put(&o, "half", 4, &d) != 0)
				_exit(3);
			raise(sigs[i]);   /* interrupted half way: the handler removes the file and dies */
			_exit(4);
		}
		int status;
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status));
		ck_assert_int_eq(WTERMSIG(status), sigs[i]);
		ck_assert_int_eq(entries(), 0);
	}
	/* after a commit the handlers are the caller's again */
	struct outfile o;
	struct diag d = DIAG_INIT;
	struct sigaction before[2], now;
	ck_assert_int_eq(sigaction(SIGINT, NULL, &before[0]), 0);
	ck_assert_int_eq(sigaction(SIGTERM, NULL, &before[1]), 0);
	ck_assert_int_eq(outfile_write_new(path, "x", 1, &d), 0);
	ck_assert_int_eq(sigaction(SIGINT, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)before[0].sa_handler);
	ck_assert_int_eq(outfile_begin(&o, path, true, &d), 0);
	ck_assert_int_eq(sigaction(SIGTERM, NULL, &now), 0);
	ck_assert_ptr_ne((void *)now.sa_handler, (void *)before[1].sa_handler);
	outfile_abort(&o);
	ck_assert_int_eq(sigaction(SIGTERM, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)before[1].sa_handler);
	ck_assert_int_eq(entries(), 1);
	free(path);
}
END_TEST

/* The suite. */
static Suite *
outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("outfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_refuses_links_and_files);
	tcase_add_test(tc, partial_of_another_is_left_alone);
	tcase_add_test(tc, new_file_never_replaces);
	tcase_add_test(tc, abort_leaves_nothing);
	tcase_add_test(tc, signal_leaves_nothing);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(outfile_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
