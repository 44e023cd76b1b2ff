/* Check tests for core/notice: what a notice says (every field, in text and HTML), the HTML
 * escaping of stored text and the print stylesheet, the short number and its round trip, the
 * status in words (a proposal is never paid), and who is paid for an internship. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/grant.h"
#include "core/notice.h"
#include "core/person.h"
#include "core/progress.h"
#include "policy/policyset.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "testdb.h"

static struct db *db;
static struct policyset *ps;
static char *pid, *decision;

/* The policies of the source tree (JOBDESK_POLICIES is set by meson). */
static const char *
policies(void)
{
	const char *dir = getenv("JOBDESK_POLICIES");
	return dir != NULL ? dir : "policies";
}

/* A rural person named with markup, one completed 120-hour training, and its subsidy granted. */
static void
setup(void)
{
	struct diag d = DIAG_INIT;
	struct person p = { 0 };
	struct enrollment e;
	struct grant *g;
	char why[256];
	int n, on;

	db = testdb_open("notice", "counselor1");
	ck_assert_msg(policyset_open(policies(), &ps, &d) == 0, "%s", d.msg);
	person_set(&p, PF_NAME, "<b>&王丽", why, sizeof why);
	person_set(&p, PF_ID_NUMBER, "220102199503070028", why, sizeof why);
	person_set(&p, PF_HUKOU_TYPE, "rural", why, sizeof why);
	ck_assert_int_eq(person_add(db, &p, NULL, &d), 0);
	pid = p.v[PF_ID];
	p.v[PF_ID] = NULL;
	person_clear(&p);
	progress_init(&e);
	e.person_id = pid;
	e.kind = "training";
	e.training_kind = "employment_skills";
	e.status = "completed";
	e.start_date = "2017-11-01";
	e.end_date = "2017-12-15";   /* the subsidy is dated by the training's end */
	e.class_hours = 120;
	ck_assert_msg(progress_record(db, &e, 0, NULL, NULL, false, &d) == 0, "%s", d.msg);
	free(e.id);
	date_parse("2018-03-01", &on);
	ck_assert_msg(grant_record(db, ps, pid, "rural-training-subsidy", NULL, on, &g, &n, &d) == 0,
	    "%s", d.msg);
	decision = strdup(g[0].decision_id);
	grant_free(g, n);
}

/* Close and remove everything; English again for the next check (a check that speaks Chinese
 * would otherwise leave it to the others when they run without fork). */
static void
teardown(void)
{
	setenv("LANG", "C.UTF-8", 1);
	setlocale(LC_ALL, "");
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	testdb_close(db);
	policyset_free(ps);
	free(pid);
	free(decision);
}

/* Run one statement with up to two text parameters. */
static void
sql(const char *text, const char *a, const char *b)
{
	struct diag d = DIAG_INIT;
	struct db_stmt *st = db_prepare(db, text);

	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	ck_assert_msg(db_run(st, "test", &d) == 0, "%s", d.msg);
	db_finalize(st);
}

/* The notice of a decision as text and as HTML (caller frees both). */
static void
render(const char *id, char **text, char **html)
{
	struct diag d = DIAG_INIT;
	struct notice n;
	struct sbuf t = SBUF_INIT, h = SBUF_INIT;

	ck_assert_msg(notice_load(db, ps, id, &n, &d) == 0, "%s", d.msg);
	notice_text(&n, &t);
	notice_html(&n, &h);
	notice_clear(&n);
	*text = sbuf_take(&t);
	*html = sbuf_take(&h);
}

/* Fail unless hay holds needle. */
#define HAS(hay, needle) ck_assert_msg(strstr((hay), (needle)) != NULL, "no '%s' in:\n%s", \
	(needle), (hay))
#define LACKS(hay, needle) ck_assert_msg(strstr((hay), (needle)) == NULL, "'%s' in:\n%s", \
	(needle), (hay))

START_TEST(short_number_round_trip)
{
	char num[NOTICE_NUMBER_LEN], back[9];

	notice_number("000000-01M8JSP37K4JKK3QDBJD", num);
	ck_assert_str_eq(num, "KK3Q-DBJD");
	ck_assert(notice_number_parse(num, back));
	ck_assert_str_eq(back, "KK3QDBJD");
	/* as typed: lower case, spaces, full-width forms, O for 0 and l for 1 */
	ck_assert(notice_number_parse("kk3q dbjd", back));
	ck_assert_str_eq(back, "KK3QDBJD");
	ck_assert(notice_number_parse("ＫＫ３Ｑ－ＤＢＪＤ", back));
	ck_assert_str_eq(back, "KK3QDBJD");
	ck_assert(notice_number_parse("0o1l-IiAB", back));
	ck_assert_str_eq(back, "001111AB");
	/* not a number: too short, too long, a letter the alphabet has not */
	ck_assert(!notice_number_parse("KK3Q-DBJ", back));
	ck_assert(!notice_number_parse("KK3Q-DBJDX", back));
	ck_assert(!notice_number_parse("KK3Q-DBJU", back));
	ck_assert(!notice_number_parse("", back));
	/* an id not made as keys are: only letters and digits, so the number can name a file */
	notice_number("a/../b", num);
	ck_assert_str_eq(num, "A000-0B00");
	/* the decision granted: its number is the end of its id and leads back to it */
	notice_number(decision, num);
	ck_assert_int_eq(strlen(num), 9);
	ck_assert(notice_number_parse(num, back));
	ck_assert_str_eq(back, decision + strlen(decision) - 8);
}
END_TEST

START_TEST(resolve_by_id_or_short_number)
{
	struct diag d = DIAG_INIT;
	char num[NOTICE_NUMBER_LEN], *id = NULL, lower[NOTICE_NUMBER_LEN];

	ck_assert_msg(notice_resolve(db, decision, &id, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(id, decision);
	free(id);
	notice_number(decision, num);
	for (int i = 0; i < NOTICE_NUMBER_LEN; i++)
		lower[i] = (char)(num[i] >= 'A' && num[i] <= 'Z' ? num[i] - 'A' + 'a' : num[i]);
	ck_assert_msg(notice_resolve(db, lower, &id, &d) == 0, "%s", d.msg);
	ck_assert_str_eq(id, decision);
	free(id);
	ck_assert_int_eq(notice_resolve(db, "ZZZZ-ZZZZ", &id, &d), EX_DATAERR);
	HAS(d.msg, "no decision ZZZZ-ZZZZ");
	ck_assert_ptr_null(id);
	ck_assert_int_eq(notice_resolve(db, "nonsense", &id, &d), EX_DATAERR);
	HAS(d.msg, "no decision nonsense");
	/* two decisions ending alike: the short number names neither, and both ids are listed */
	sql("INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, outcome, "
	    "facts_json, reasons_json, counselor, status, created_at, updated_at, created_by) "
	    "SELECT 'X-' || substr(id, -8), person_id, 'startup-subsidy', 'h', '2018-02-01', "
	    "'eligible', '{}', '[]', 'c', 'rejected', 'now', 'now', 'c' FROM decision WHERE id = ?1",
	    decision, NULL);
	ck_assert_int_eq(notice_resolve(db, num, &id, &d), EX_DATAERR);
	HAS(d.msg, "is the short number of 2 decisions");
	HAS(d.msg, decision);
}
END_TEST

START_TEST(text_says_every_field_in_80_columns)
{
	char *text, *html, num[NOTICE_NUMBER_LEN];

	render(decision, &text, &html);
	notice_number(decision, num);
	HAS(text, "Notice of a decision on an employment benefit");
	HAS(text, num);
	HAS(text, "<b>&王丽");                        /* plain text: the name as it is */
	HAS(text, "220102199503070028");               /* the ID number in full */
	HAS(text, "Handling office");
	HAS(text, "not set");                          /* no office set: said, not invented */
	HAS(text, "counselor1");
	HAS(text, "Rural skills-training subsidy");
	HAS(text, "measure (十三) of 吉政发〔2017〕32号");
	HAS(text, "降低职业培训补贴门槛");               /* the measure's text */
	HAS(text, "training from 2017-11-01");         /* the item in words */
	HAS(text, "960.00 yuan");
	HAS(text, "<b>&王丽 (the job seeker)");         /* who is paid */
	HAS(text, "2018-03-01");
	HAS(text, "awaiting approval");
	HAS(text, "Facts and reasons, as recorded on 2018-03-01");
	HAS(text, "[met] in a target group: rural labourer");
	HAS(text, "Job seeker (signature):");
	HAS(text, "Counselor (signature):");
	HAS(text, "Reviewer (signature):");
	HAS(text, decision);
	/* every line fits 80 columns, measured as a terminal shows it */
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
		ck_assert_msg(utf8_width(line) <= 80, "wider than 80 columns: %s", line);
	free(text);
	free(html);
}
END_TEST

START_TEST(html_escapes_and_prints_on_a4)
{
	char *text, *html;

	render(decision, &text, &html);
	ck_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	HAS(html, "<meta charset=\"utf-8\">");
	HAS(html, "&lt;b&gt;&amp;王丽");
	LACKS(html, "<b>&");
	HAS(html, "@page { size: A4; margin:");
	HAS(html, "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\"");
	HAS(html, "SimSun, sans-serif");
	HAS(html, "960.00 yuan");
	HAS(html, "awaiting approval");
	HAS(html, "Reviewer (signature):");
	/* self-contained: nothing fetched from elsewhere */
	LACKS(html, "http");
	LACKS(html, "src=");
	LACKS(html, "<link");
	HAS(html, "</html>\n");
	free(text);
	free(html);
}
END_TEST

START_TEST(status_in_words)
{
	char *text, *html;

	ck_assert_str_eq(notice_status("proposed"), "awaiting approval");
	ck_assert_str_eq(notice_status("approved"), "approved");
	ck_assert_str_eq(notice_status("rejected"), "rejected");
	ck_assert_str_eq(notice_status("revoked"), "revoked");
	sql("UPDATE decision SET status = 'approved', approved_by = 'boss' WHERE id = ?1", decision,
	    NULL);
	render(decision, &text, &html);
	HAS(text, "Decision status      approved");
	HAS(text, "Reviewed by          boss");
	LACKS(text, "awaiting approval");
	free(text);
	free(html);
}
END_TEST

START_TEST(chinese_notice_never_says_paid_for_a_proposal)
{
	char *text, *html;

	unsetenv("LC_ALL");
	unsetenv("LANGUAGE");
	setenv("LANG", "zh_CN.UTF-8", 1);
	ck_assert_msg(setlocale(LC_ALL, "") != NULL, "no zh_CN.UTF-8 locale");
	i18n_init(getenv("JOBDESK_LOCALEDIR"));
	ck_assert(i18n_zh());
	ck_assert_str_eq(notice_status("proposed"), "待审批");
	render(decision, &text, &html);
	HAS(text, "就业扶持政策享受决定告知书");
	HAS(text, "待审批");
	HAS(text, "经办机构        未设置");
	HAS(text, "公民身份号码    220102199503070028");
	HAS(text, "求职人（签字）");
	HAS(text, "审核人（签字）");
	LACKS(text, "已发放");
	LACKS(text, "rural-training-subsidy");
	HAS(html, "<html lang=\"zh-CN\">");
	LACKS(html, "已发放");
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
		ck_assert_msg(utf8_width(line) <= 80, "wider than 80 columns: %s", line);
	free(text);
	free(html);
}
END_TEST

START_TEST(internship_is_paid_to_the_host_unit)
{
	char *text, *html;

	sql("INSERT INTO decision (id, person_id, policy_id, policy_hash, decided_on, subject, "
	    "outcome, amount_fen, facts_json, reasons_json, counselor, status, created_at, "
	    "updated_at, created_by) VALUES ('000000-INTERNSHIP0ABCDEFGH', ?1, 'internship-subsidy', "
	    "'h', '2018-02-01', 'internships[0]', 'eligible', 500000, ?2, "
	    "'[{\"id\":\"interning\",\"held\":true,\"zh\":\"见习进行中\",\"en\":\"the internship is active\"}]', "
	    "'counselor1', 'proposed', 'now', 'now', 'counselor1')", pid,
	    "{\"internships\":[{\"host\":\"长春<某>科技有限公司\",\"status\":\"active\"}]}");
	render("000000-INTERNSHIP0ABCDEFGH", &text, &html);
	HAS(text, "长春<某>科技有限公司 (the host unit)");
	HAS(text, "5000.00 yuan");
	HAS(text, "[met] the internship is active");
	LACKS(text, "(the job seeker)");
	HAS(html, "长春&lt;某&gt;科技有限公司 (the host unit)");
	free(text);
	free(html);
}
END_TEST

START_TEST(an_unknown_decision_is_named)
{
	struct diag d = DIAG_INIT;
	struct notice n;

	ck_assert_int_eq(notice_load(db, ps, "000000-NOSUCHDECISION0000", &n, &d), EX_DATAERR);
	HAS(d.msg, "no decision 000000-NOSUCHDECISION0000");
}
END_TEST

/* The suite. */
static Suite *
notice_suite(void)
{
	Suite *s = suite_create("notice");
	TCase *tc = tcase_create("notice");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, short_number_round_trip);
	tcase_add_test(tc, resolve_by_id_or_short_number);
	tcase_add_test(tc, text_says_every_field_in_80_columns);
	tcase_add_test(tc, html_escapes_and_prints_on_a4);
	tcase_add_test(tc, status_in_words);
	tcase_add_test(tc, chinese_notice_never_says_paid_for_a_proposal);
	tcase_add_test(tc, internship_is_paid_to_the_host_unit);
	tcase_add_test(tc, an_unknown_decision_is_named);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	utf8_locale();
	SRunner *sr = srunner_create(notice_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
