/* Check tests for util/conf.c and util/priv.c: the county server's configuration file is parsed
 * strictly (each error names file:line and what is valid, exit 78), only a file root alone may
 * change is read; an ordinary run is not privileged and keeps its environment. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/conf.h"
#include "util/priv.h"
#include "util/xalloc.h"

/* Parse text as "t.conf": the code, with c and d filled. */
static int
parse(const char *text, struct conf *c, struct diag *d)
{
	diag_clear(d);
	return conf_parse("t.conf", text, strlen(text), c, d);
}

/* The configuration the set-up script writes, with comments, blanks and spaces. */
START_TEST(good_file)
{
	struct conf c;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(parse("# jobdesk\n\n  # indented comment\ndatabase = /var/lib/jobdesk/jobdesk.db\n"
	    "policies=/usr/share/jobdesk/policies   \n\t\n", &c, &d), 0);
	ck_assert_str_eq(c.database, "/var/lib/jobdesk/jobdesk.db");
	ck_assert_str_eq(c.policies, "/usr/share/jobdesk/policies");
	conf_free(&c);
	ck_assert_ptr_null(c.database);
	/* policies may be left out (the installed ones); the last line needs no line end */
	ck_assert_int_eq(parse("database = /srv/j.db", &c, &d), 0);
	ck_assert_str_eq(c.database, "/srv/j.db");
	ck_assert_ptr_null(c.policies);
	conf_free(&c);
}
END_TEST

/* Each mistake is refused with 78, naming file:line and what is valid; nothing is kept. */
START_TEST(bad_lines)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "database = /a.db\ncolour = blue\n",
		  "t.conf:2: 'colour' is not a setting; expected database or policies" },
		{ "database = /a.db\ndatabase = /b.db\n",
		  "t.conf:2: database is set twice (first on line 1); keep one of them" },
		{ "database /a.db\n", "t.conf:1: expected key = value" },
		{ "= /a.db\n", "t.conf:1: expected key = value" },
		{ "Database = /a.db\n", "t.conf:1: expected key = value" },
		{ "database =\n", "t.conf:1: database has no value; expected an absolute path" },
		{ "database = a.db\n", "t.conf:1: database = a.db: expected an absolute path" },
		{ "database = ~/a.db\n", "expected an absolute path (beginning with /)" },
		{ "database = /a.db\r\n", "t.conf:1: a control character (0x0D)" },
		{ "# nothing\n", "t.conf: no database line" },
		{ "", "t.conf: no database line" },
		{ "policies = /p\n", "t.conf: no database line" },
		{ "database = /a\xff.db\n", "t.conf:1: not UTF-8 text" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct conf c;
		struct diag d = DIAG_INIT;
		ck_assert_msg(parse(cases[i].text, &c, &d) == EX_CONFIG, "case %zu", i);
		ck_assert_int_eq(d.code, EX_CONFIG);
		ck_assert_msg(strstr(d.msg, cases[i].msg) != NULL, "case %zu: %s", i, d.msg);
		ck_assert_ptr_null(c.database);
		ck_assert_ptr_null(c.policies);
	}
	/* a NUL byte: a binary file, not quoted */
	struct conf c;
	struct diag d = DIAG_INIT;
	ck_assert_int_eq(conf_parse("t.conf", "database = /a\0b\n", 16, &c, &d), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "NUL"));
}
END_TEST

/* conf_read: missing (CONF_MISSING), writable by others, a link, and a good file. */
START_TEST(read_file)
{
	char dir[] = "/tmp/jobdesk-conf-XXXXXX";
	struct conf c;
	struct diag d = DIAG_INIT;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xasprintf("%s/jobdesk.conf", dir), *link = xasprintf("%s/link.conf", dir);
	ck_assert_int_eq(conf_read(path, &c, &d), EX_CONFIG);
	ck_assert_int_eq(d.reason, CONF_MISSING);
	ck_assert_ptr_nonnull(strstr(d.msg, "no configuration file"));
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("database = /srv/jobdesk/jobdesk.db\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0666), 0);
	diag_clear(&d);
	ck_assert_int_eq(conf_read(path, &c, &d), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "others may change it"));
	ck_assert_int_eq(chmod(path, 0620), 0);
	diag_clear(&d);
	ck_assert_int_eq(conf_read(path, &c, &d), EX_CONFIG);
	ck_assert_int_eq(chmod(path, 0644), 0);
	diag_clear(&d);
	ck_assert_int_eq(conf_read(path, &c, &d), 0);
	ck_assert_str_eq(c.database, "/srv/jobdesk/jobdesk.db");
	conf_free(&c);
	ck_assert_int_eq(symlink(path, link), 0);
	diag_clear(&d);
	ck_assert_int_eq(conf_read(link, &c, &d), EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "symbolic link"));
	unlink(link);
	unlink(path);
	rmdir(dir);
	free(path);
	free(link);
}
END_TEST

/* An ordinary run is not privileged: the environment stays, begin/end change nothing. */
START_TEST(not_privileged)
{
	setenv("JOBDESK_DB", "/tmp/x.db", 1);
	ck_assert(!priv_init());
	ck_assert(!priv_privileged());
	ck_assert_str_eq(getenv("JOBDESK_DB"), "/tmp/x.db");
	ck_assert(!priv_shared_group(getegid()));
	uid_t u = geteuid();
	gid_t g = getegid();
	priv_user_begin();
	priv_user_begin();
	ck_assert_int_eq(geteuid(), u);
	priv_user_end();
	priv_user_end();
	ck_assert_int_eq(getegid(), g);
}
END_TEST

/* The suite. */
static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, good_file);
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, read_file);
	tcase_add_test(tc, not_privileged);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(conf_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
