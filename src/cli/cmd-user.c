/* jobdesk user add | list | edit | disable | passwd | idle-lock: the users of the office
 * database and their passwords (core/user.h). A password is never an option: it is read from
 * the terminal (echo off) or, when stdin is not one, from the next line of stdin. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd-user.h"
#include "core/label.h"
#include "core/user.h"
#include "util/csv.h"
#include "util/field.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Read a new password: asked twice on a terminal (the two must match), else one line of stdin. */
static int
cmd_user_new_password(const char *login, char *pw, size_t len, struct diag *d)
{
	char again[512], prompt[160];
	int ret;

	snprintf(prompt, sizeof prompt, tr("new password for %s: "), login);
	if ((ret = cli_password(prompt, pw, len, d)) != 0)
		return ret;
	if (!isatty(STDIN_FILENO))
		return 0;
	if ((ret = cli_password(tr("the same again: "), again, sizeof again, d)) != 0)
		return ret;
	ret = strcmp(pw, again) != 0 ? diag_set(d, EX_DATAERR, "the two passwords differ; nothing "
	    "was changed") : 0;
	explicit_bzero(again, sizeof again);
	return ret;
}

/* Parse the options of user add and user edit into f (and unlock, password). */
static int
cmd_user_options(const char *cmd, int argc, char **argv, struct user_fields *f, bool *unlock,
    bool *password)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "office", required_argument, NULL, 'o' },
		{ "password", no_argument, NULL, 'P' },
		{ "unlock", no_argument, NULL, 'U' },
		{ NULL, 0, NULL, 0 },
	};
	bool add = strcmp(cmd, "user add") == 0;
	int ch;

	optind = 0;  /* 0 makes glibc getopt start afresh */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': f->name = optarg; break;
		case 'r': f->role = optarg; break;
		case 'o': f->office = optarg; break;
		case 'P':
			if (!add)
				return cli_usage(cmd, "a password is set with jobdesk user passwd LOGIN");
			*password = true;
			break;
		case 'U':
			if (add)
				return cli_bad_option(cmd, '?', argv, "--name, --role, --office, --password");
			*unlock = true;
			break;
		default:
			return cli_bad_option(cmd, ch, argv, add ? "--name, --role, --office, --password" :
			    "--name, --role, --office, --unlock");
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "expected one LOGIN");
	return 0;
}

/* user add LOGIN --name N --role R --office CODE [--password]. */
static int
cmd_user_add(struct cli *c, int argc, char **argv)
{
	struct user_fields f = { 0 };
	struct diag d = DIAG_INIT;
	bool unlock = false, password = false;
	char pw[512] = "", why[256];
	int ret;

	if ((ret = cmd_user_options("user add", argc, argv, &f, &unlock, &password)) != 0)
		return ret;
	const char *login = argv[optind];
	if (f.name == NULL || f.role == NULL || f.office == NULL)
		return cli_usage("user add", "--name, --role (counselor, supervisor or admin) and "
		    "--office CODE are required");
	if (field_login(login, why, sizeof why) != 0)
		return cli_err("jobdesk: user add: %s\n", why), EX_DATAERR;
	if ((ret = cli_db(c, true, &d)) != 0 || (ret = cli_authenticate(c, &d)) != 0 ||
	    (password && (ret = cmd_user_new_password(login, pw, sizeof pw, &d)) != 0) ||
	    (ret = user_add(c->ses.db, login, &f, password ? pw : NULL, &d)) != 0) {
		explicit_bzero(pw, sizeof pw);
		return cli_err("jobdesk: user add: %s\n", d.msg), ret;
	}
	explicit_bzero(pw, sizeof pw);
	cli_out(tr("%s: added (%s)\n"), login, label_value(f.role));
	/* the first user: from now on only users act here, the caller among them or not */
	if (c->ident.id == NULL && strcmp(c->ident.name, login) != 0)
		cli_err(tr("jobdesk: user add: users are recorded now: only they act in %s; act as one "
		    "with --user LOGIN (the file's owner may act as a user who has no password), or "
		    "add yourself, %s\n"), c->db_path, c->ident.name);
	return 0;
}

/* user list [--format table|csv|json]. */
static int
cmd_user_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const keys[UL_NCOL] = { "login", "name", "role", "office", "disabled",
	    "password", "locked_until", "failed_logins" };
	struct diag d = DIAG_INIT;
	struct rows r;
	struct sbuf out = SBUF_INIT;
	int ch, ret, fmt = 0;

	optind = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'f')
			return cli_bad_option("user list", ch, argv, "--format table|csv|json");
		if ((fmt = cli_format("user list", optarg, "table|csv|json")) < 0)
			return EX_USAGE;
	}
	if (optind != argc)
		return cli_usage("user list", "takes no arguments but --format");
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = user_list(c->ses.db, &r, &d)) != 0)
		return cli_err("jobdesk: user list: %s\n", d.msg), ret;
	if (fmt == 2) {
		struct json j;
		json_init(&j, &out);
		json_arr(&j);
		for (size_t i = 0; i < r.n; i++) {
			json_obj(&j);
			for (int k = 0; k < UL_NCOL; k++) {
				const char *v = rows_get(&r, i, k);
				json_key(&j, keys[k]);
				if (k == UL_DISABLED || k == UL_PASSWORD)
					json_bool(&j, strcmp(v, "yes") == 0);
				else if (k == UL_FAILURES)
					json_int(&j, atoll(v));
				else if (v == NULL)
					json_null(&j);
				else
					json_str(&j, v);
			}
			json_obj_end(&j);
		}
		json_arr_end(&j);
		sbuf_add(&out, "\n");
	} else if (fmt == 1) {
		for (int k = 0; k < UL_NCOL; k++)
			csv_cell(&out, keys[k], k == 0);
		sbuf_add(&out, "\r\n");
		for (size_t i = 0; i < r.n; i++) {
			for (int k = 0; k < UL_NCOL; k++)
				csv_cell(&out, rows_get(&r, i, k) != NULL ? rows_get(&r, i, k) : "", k == 0);
			sbuf_add(&out, "\r\n");
		}
	} else {
		static const int width[] = { 16, 12, 16, 10, 0 };
		utf8_fit(&out, tr("LOGIN"), width[0], true);
		utf8_fit(&out, tr("NAME"), width[1], true);
		utf8_fit(&out, tr("ROLE"), width[2], true);
		utf8_fit(&out, tr("OFFICE"), width[3], true);
		sbuf_addf(&out, "%s\n", tr("STATE"));
		for (size_t i = 0; i < r.n; i++) {
			const char *role = label_value(rows_get(&r, i, UL_ROLE));
			const char *office = rows_get(&r, i, UL_OFFICE);
			utf8_fit(&out, rows_get(&r, i, UL_LOGIN), width[0] - 1, true);
			sbuf_add(&out, " ");
			utf8_fit(&out, rows_get(&r, i, UL_NAME), width[1] - 1, true);
			sbuf_add(&out, " ");
			utf8_fit(&out, role, width[2] - 1, true);
			sbuf_add(&out, " ");
			utf8_fit(&out, office != NULL ? office : "-", width[3] - 1, true);
			sbuf_add(&out, " ");
			if (strcmp(rows_get(&r, i, UL_DISABLED), "yes") == 0)
				sbuf_add(&out, tr("disabled"));
			else if (rows_get(&r, i, UL_LOCKED_UNTIL) != NULL)
				sbuf_addf(&out, tr("locked until %s"), rows_get(&r, i, UL_LOCKED_UNTIL));
			else if (strcmp(rows_get(&r, i, UL_PASSWORD), "yes") == 0)
				sbuf_add(&out, tr("password set"));
			else
				sbuf_add(&out, tr("no password"));
			sbuf_add(&out, "\n");
		}
	}
	ret = cli_write(sbuf_str(&out), out.len);
	sbuf_free(&out);
	rows_free(&r);
	return ret;
}

/* user edit LOGIN [--name N] [--role R] [--office CODE] [--unlock]. */
static int
cmd_user_edit(struct cli *c, int argc, char **argv)
{
	struct user_fields f = { 0 };
	struct diag d = DIAG_INIT;
	bool unlock = false, password = false;
	int ret;

	if ((ret = cmd_user_options("user edit", argc, argv, &f, &unlock, &password)) != 0)
		return ret;
	if (f.name == NULL && f.role == NULL && f.office == NULL && !unlock)
		return cli_usage("user edit", "nothing to change: give --name, --role, --office or "
		    "--unlock");
	const char *login = argv[optind];
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (ret = user_edit(c->ses.db, login, &f, unlock, &d)) != 0)
		return cli_err("jobdesk: user edit: %s\n", d.msg), ret;
	cli_out(unlock ? tr("%s: changed, unlocked\n") : tr("%s: changed\n"), login);
	return 0;
}

/* user disable LOGIN. */
static int
cmd_user_disable(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	int ret;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("user disable", "expected one LOGIN");
	if ((ret = cli_db(c, false, &d)) != 0 || (ret = user_disable(c->ses.db, argv[1], &d)) != 0)
		return cli_err("jobdesk: user disable: %s\n", d.msg), ret;
	cli_out(tr("%s: disabled (it may no longer act; its records keep its name)\n"), argv[1]);
	return 0;
}

/* user passwd [LOGIN] [--remove]: one's own password, or (a supervisor or admin) another's. */
static int
cmd_user_passwd(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	bool remove = false;
	const char *login = NULL;
	char pw[512] = "";
	int ret;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--remove") == 0)
			remove = true;
		else if (argv[i][0] == '-' || login != NULL)
			return cli_usage("user passwd", "expected [LOGIN] [--remove]");
		else
			login = argv[i];
	}
	if ((ret = cli_db(c, false, &d)) != 0)
		return cli_err("jobdesk: user passwd: %s\n", d.msg), ret;
	if (login == NULL)
		login = c->ident.name;
	/* the acting user's own password first (when they have one), then the new one */
	if ((ret = cli_authenticate(c, &d)) != 0 ||
	    (!remove && (ret = cmd_user_new_password(login, pw, sizeof pw, &d)) != 0) ||
	    (ret = user_passwd(c->ses.db, login, remove ? NULL : pw, &d)) != 0) {
		explicit_bzero(pw, sizeof pw);
		return cli_err("jobdesk: user passwd: %s\n", d.msg), ret;
	}
	explicit_bzero(pw, sizeof pw);
	cli_out(remove ? tr("%s: password removed\n") : tr("%s: password set\n"), login);
	return 0;
}

/* user idle-lock [MINUTES]: the screen's idle lock, shown or set (0: never). */
static int
cmd_user_idle(struct cli *c, int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	char why[256];
	long v = 0;
	int ret, minutes;

	if (argc > 2)
		return cli_usage("user idle-lock", "expected [MINUTES]");
	if (argc == 2 && field_int(argv[1], 0, USER_IDLE_MAX, &v, why, sizeof why) != 0)
		return cli_err("jobdesk: user idle-lock: %s\n", why), EX_DATAERR;
	if ((ret = cli_db(c, false, &d)) != 0 ||
	    (argc == 2 && (ret = user_set_idle_minutes(c->ses.db, (int)v, &d)) != 0) ||
	    (ret = user_idle_minutes(c->ses.db, &minutes, &d)) != 0)
		return cli_err("jobdesk: user idle-lock: %s\n", d.msg), ret;
	if (minutes == 0)
		cli_out("%s\n", tr("the screen does not lock when idle"));
	else
		cli_out(tr("the screen locks after %d idle minutes\n"), minutes);
	return 0;
}

/* jobdesk user add | list | edit | disable | passwd | idle-lock. */
int
cmd_user(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *, int, char **);
	} subs[] = {
		{ "add", cmd_user_add }, { "list", cmd_user_list }, { "edit", cmd_user_edit },
		{ "disable", cmd_user_disable }, { "passwd", cmd_user_passwd },
		{ "idle-lock", cmd_user_idle },
	};

	for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(c, argc - 1, argv + 1);
	return cli_usage("user", "expected: user add | list | edit | disable | passwd | idle-lock");
}
