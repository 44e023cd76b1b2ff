/* One policy file: a measure of 吉政发〔2017〕32号 as data. */
#include "policy/policy.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "policy/factsfile.h"
#include "policy/yamlload.h"
#include "policy/yfield.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The state of loading one file. */
struct pl {
	const struct policy_env *env;
	struct policy *p;
	struct diag d;
	struct yfile yf;
	int bad;
};

static const char *const kinds[] = { "money", "status", "post", "priority", "services", "support", NULL };

/* Report the current error and remember that the file is bad. */
static void
fail(struct pl *l)
{
	l->env->report(l->env->arg, &l->d);
	diag_clear(&l->d);
	l->bad = EX_DATAERR;
}

/* The name of a limit ("once_per_person", "once_per_item", "none"). */
const char *
policy_limit_name(enum policy_limit lim)
{
	switch (lim) {
	case POLICY_LIMIT_PERSON: return "once_per_person";
	case POLICY_LIMIT_ITEM: return "once_per_item";
	case POLICY_LIMIT_NONE: break;
	}
	return "none";
}

/* The value of one Chinese numeral character at s (advancing *len), or -1. */
static int
numeral(const char *s, size_t *len)
{
	static const char *const digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

	for (int i = 0; i < 10; i++) {
		size_t n = strlen(digits[i]);
		if (strncmp(s, digits[i], n) == 0) {
			*len = n;
			return i + 1;
		}
	}
	return -1;
}

/* The number of a measure written in Chinese numerals ("二十" -> 20), or -1. */
int
policy_measure_number(const char *s)
{
	int v[3], n = 0;
	size_t len;

	while (*s != '\0') {
		if (n == 3 || (v[n] = numeral(s, &len)) < 0)
			return -1;
		s += len;
		n++;
	}
	if (n == 1)
		return v[0];
	if (n == 2 && v[0] == 10 && v[1] < 10)
		return 10 + v[1];
	if (n == 2 && v[0] < 10 && v[0] > 1 && v[1] == 10)
		return v[0] * 10;
	if (n == 3 && v[0] < 10 && v[0] > 1 && v[1] == 10 && v[2] < 10)
		return v[0] * 10 + v[2];
	return -1;
}

/* Free the strings of an array and the array. */
static void
free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free a policy. */
void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	free(p->id);
	free(p->file);
	free(p->measure);
	free(p->text);
	for (size_t i = 0; i < p->nalso; i++) {
		free(p->also[i].measure);
		free(p->also[i].text);
	}
	free(p->also);
	free(p->title_zh);
	free(p->title_en);
	free(p->kind);
	free_strs(p->group_names, p->ngroups);
	free(p->groups);
	free(p->groups_zh);
	free(p->groups_en);
	for (size_t i = 0; i < p->nconds; i++) {
		struct policy_cond *c = &p->conds[i];
		free(c->id);
		expr_free(c->expr);
		tmpl_free(&c->pass_zh);
		tmpl_free(&c->pass_en);
		tmpl_free(&c->fail_zh);
		tmpl_free(&c->fail_en);
		expr_free(c->eligible_from);
	}
	free(p->conds);
	expr_free(p->dated_by);
	expr_free(p->status_on);
	free(p->dated_zh);
	free(p->dated_en);
	free(p->paid_to_zh);
	free(p->paid_to_en);
	free_strs(p->once_with_ids, p->nonce_with);
	free(p->once_with);
	expr_free(p->amount_by);
	expr_free(p->raise_by);
	free(p->amount_label_zh);
	free(p->amount_label_en);
	free_strs(p->docs_zh, p->ndocs);
	free_strs(p->docs_en, p->ndocs);
	free_strs(p->notes, p->nnotes);
	for (size_t i = 0; i < p->nparams; i++)
		param_free(p->params[i]);
	free(p->params);
	for (size_t i = 0; i < p->ntests; i++) {
		struct policy_test *t = &p->tests[i];
		free(t->name);
		free(t->local);
		for (size_t k = 0; k < t->nexpect; k++) {
			free(t->expect[k].subject);
			free(t->expect[k].outcome);
			free_strs(t->expect[k].missing, t->expect[k].nmissing);
		}
		free(t->expect);
	}
	free(p->tests);
	node_free(p->tree);
	free(p);
}

/* The parameter a policy may use by name ("standard" or "local.NAME"), or NULL. */
const struct param *
policy_param(const struct policy *p, const struct policy_env *env, const char *name)
{
	if (strncmp(name, "local.", 6) == 0) {
		for (size_t i = 0; i < env->nlocals; i++)
			if (strcmp(env->locals[i]->name, name) == 0)
				return env->locals[i];
		return NULL;
	}
	for (size_t i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i]->name, name) == 0)
			return p->params[i];
	return NULL;
}

/* Where the text of a scalar starts, for expression messages. */
static struct expr_env
text_env(const struct pl *l, const struct node *n, const char *text)
{
	struct expr_env env = { l->env->schema, l->p->subject, l->yf.name, n->line, n->col, l->env->settings,
	    l->env->nsettings };

	if (n->quoted && strchr(text, '\n') == NULL)
		env.col++;
	else if (n->quoted)
		env.line++;   /* a block scalar: its text starts on the next line */
	return env;
}

/* Parse an expression held in map[key]; it must have type want (or any when want is FT_MAP). */
static int
read_expr(struct pl *l, const struct node *map, const char *key, enum ftype want, struct expr **out)
{
	const struct node *n = node_get(map, key);
	const char *text;
	int rc;

	if (n == NULL)
		return yfield_err(&l->yf, map, "missing '%s'", key);
	if ((rc = yfield_as_str(&l->yf, n, key, &text)) != 0)
		return rc;
	struct expr_env env = text_env(l, n, text);
	if ((rc = expr_parse(text, &env, out, &l->d)) != 0)
		return rc;
	if (want != FT_MAP && (*out)->type != want)
		return yfield_err(&l->yf, n, "'%s' must be a %s expression, not a %s", key, factschema_type_name(want),
		    factschema_type_name((*out)->type));
	return 0;
}

/* Parse the {zh, en} sentence templates in map[key]. */
static int
read_sentences(struct pl *l, const struct node *map, const char *key, struct tmpl *zh, struct tmpl *en)
{
	static const char *const keys[] = { "zh", "en", NULL };
	const struct node *m;
	const char *t;
	int rc;

	if ((rc = yfield_map(&l->yf, map, key, true, &m)) != 0 || (rc = yfield_keys(&l->yf, m, keys)) != 0)
		return rc;
	for (int i = 0; i < 2; i++) {
		const char *lang = i == 0 ? "zh" : "en";
		const struct node *n = node_get(m, lang);
		if ((rc = yfield_str(&l->yf, m, lang, true, &t)) != 0)
			return rc;
		struct expr_env env = text_env(l, n, t);
		if ((rc = tmpl_parse(t, &env, i == 0 ? zh : en, &l->d)) != 0)
			return rc;
	}
	return 0;
}

/* Read one condition. */
static int
read_cond(struct pl *l, const struct node *m, struct policy_cond *c)
{
	static const char *const keys[] = { "id", "expr", "pass", "fail", "eligible_from", NULL };
	const char *id;
	int rc;

	c->line = m->line;
	c->col = m->col;
	if ((rc = yfield_is_map(&l->yf, m, N_("a condition"))) != 0 || (rc = yfield_keys(&l->yf, m, keys)) != 0 ||
	    (rc = yfield_str(&l->yf, m, "id", true, &id)) != 0)
		return rc;
	c->id = xstrdup(id);
	for (size_t i = 0; i < l->p->nconds && &l->p->conds[i] != c; i++)
		if (l->p->conds[i].id != NULL && strcmp(l->p->conds[i].id, id) == 0)
			return yfield_err(&l->yf, node_get(m, "id"), "condition id '%s' is used twice", id);
	if ((rc = read_expr(l, m, "expr", FT_BOOL, &c->expr)) != 0)
		return rc;
	if (node_get(m, "eligible_from") != NULL && (rc = read_expr(l, m, "eligible_from", FT_DATE,
	    &c->eligible_from)) != 0)
		return rc;
	if ((rc = read_sentences(l, m, "pass", &c->pass_zh, &c->pass_en)) != 0)
		return rc;
	return read_sentences(l, m, "fail", &c->fail_zh, &c->fail_en);
}

/* Read the conditions list, reporting each bad one and going on. */
static int
read_conds(struct pl *l, const struct node *root)
{
	const struct node *list;
	int rc;

	if ((rc = yfield_list(&l->yf, root, "conditions", false, &list)) != 0 || list == NULL)
		return rc;
	l->p->conds = xcalloc(list->n ? list->n : 1, sizeof *l->p->conds);
	for (size_t i = 0; i < list->n; i++) {
		struct policy_cond *c = &l->p->conds[l->p->nconds++];
		if (read_cond(l, list->items[i], c) != 0)
			fail(l);
	}
	return 0;
}

/* Resolve a parameter name used by the amount; check its values are tables or figures as needed. */
static int
amount_param(struct pl *l, const struct node *n, const char *name, bool table)
{
	const struct param *pa = policy_param(l->p, l->env, name);

	if (pa == NULL)
		return yfield_err(&l->yf, n, "unknown parameter '%s' (define it under 'parameters:', or in "
		    "local.yaml and write local.NAME)", name);
	for (size_t i = 0; i < pa->nvalues; i++)
		if (pa->values[i].is_table != table)
			return table ? yfield_err(&l->yf, n, "parameter '%s' must hold tables (table: {KEY: fen})",
			    name) : yfield_err(&l->yf, n, "parameter '%s' must hold figures (fen: N)", name);
	l->p->amount_param = pa;
	return 0;
}

/* Read an amount's optional raise: a table parameter of figures by key, and the key. */
static int
read_raise(struct pl *l, const struct node *m)
{
	const struct node *n = node_get(m, "raise");
	const struct param *pa;
	const char *name;
	int rc;

	if ((n != NULL) != (node_get(m, "raise_by") != NULL))
		return yfield_err(&l->yf, m, "'raise' and 'raise_by' go together");
	if (n == NULL)
		return 0;
	if ((rc = yfield_as_str(&l->yf, n, "raise", &name)) != 0)
		return rc;
	if ((pa = policy_param(l->p, l->env, name)) == NULL)
		return yfield_err(&l->yf, n, "unknown parameter '%s' (define it under 'parameters:', or in local.yaml "
		    "and write local.NAME)", name);
	for (size_t i = 0; i < pa->nvalues; i++)
		if (!pa->values[i].is_table)
			return yfield_err(&l->yf, n, "parameter '%s' must hold tables (table: {KEY: fen})", name);
	l->p->raise_param = pa;
	return read_expr(l, m, "raise_by", FT_MAP, &l->p->raise_by);
}

/* Read the amount. */
static int
read_amount(struct pl *l, const struct node *root)
{
	static const char *const keys[] = { "fixed", "table", "rate", "by", "times", "label", "raise", "raise_by",
	    NULL };
	const struct node *m, *n;
	const char *name;
	struct policy *p = l->p;
	int rc, forms = 0;

	if ((rc = yfield_map(&l->yf, root, "amount", false, &m)) != 0)
		return rc;
	if (m == NULL) {
		if (strcmp(p->kind, "money") == 0)
			return yfield_err(&l->yf, root, "a money policy needs 'amount' (fixed, table or rate)");
		return 0;
	}
	const char *lzh = NULL, *len = NULL;
	if ((rc = yfield_keys(&l->yf, m, keys)) != 0 || (rc = yfield_text2(&l->yf, m, "label", false, &lzh, &len)) != 0)
		return rc;
	p->amount_label_zh = xstrdup(lzh);
	p->amount_label_en = xstrdup(len);
	if ((rc = read_raise(l, m)) != 0)
		return rc;
	forms = (node_get(m, "fixed") != NULL) + (node_get(m, "table") != NULL) + (node_get(m, "rate") != NULL);
	if (forms != 1)
		return yfield_err(&l->yf, m, "an amount has exactly one of 'fixed', 'table' or 'rate'");
	if ((n = node_get(m, "fixed")) != NULL) {
		p->amount = POLICY_AMOUNT_FIXED;
		if (n->kind == NODE_SCALAR && !n->quoted && n->text != NULL && n->text[0] >= '0' && n->text[0] <= '9')
			return yfield_as_int(&l->yf, n, N_("fixed (fen)"), &p->amount_literal);
		if ((rc = yfield_as_str(&l->yf, n, "fixed", &name)) != 0)
			return rc;
		if (node_get(m, "by") != NULL || node_get(m, "times") != NULL)
			return yfield_err(&l->yf, m, "a fixed amount takes no 'by' or 'times'");
		return amount_param(l, n, name, false);
	}
	bool table = (n = node_get(m, "table")) != NULL;
	if (!table)
		n = node_get(m, "rate");
	p->amount = table ? POLICY_AMOUNT_TABLE : POLICY_AMOUNT_RATE;
	if ((rc = yfield_as_str(&l->yf, n, table ? "table" : "rate", &name)) != 0 ||
	    (rc = amount_param(l, n, name, table)) != 0)
		return rc;
	if (table && node_get(m, "times") != NULL)
		return yfield_err(&l->yf, m, "a table amount takes 'by', not 'times'");
	if (!table && node_get(m, "by") != NULL)
		return yfield_err(&l->yf, m, "a rate amount takes 'times', not 'by'");
	if ((rc = read_expr(l, m, table ? "by" : "times", FT_MAP, &p->amount_by)) != 0)
		return rc;
	enum ftype t = p->amount_by->type;
	if (table && t != FT_INT && t != FT_ENUM && t != FT_STRING)
		return yfield_err(&l->yf, node_get(m, "by"), "'by' must be an integer, enum or string expression");
	if (!table && t != FT_INT)
		return yfield_err(&l->yf, node_get(m, "times"), "'times' must be an integer expression");
	return 0;
}

/* Read the period in force: from, until (a date, null, or a local date setting), covers_from. */
static int
read_period(struct pl *l, const struct node *root)
{
	static const char *const keys[] = { "from", "until", "covers_from", NULL };
	const struct node *m, *u;
	int rc;

	l->p->until = -1;
	l->p->covers_from = -1;
	if ((rc = yfield_map(&l->yf, root, "period", true, &m)) != 0 || (rc = yfield_keys(&l->yf, m, keys)) != 0 ||
	    (rc = yfield_date(&l->yf, m, "from", true, &l->p->from)) != 0 ||
	    (rc = yfield_date(&l->yf, m, "covers_from", false, &l->p->covers_from)) != 0)
		return rc;
	u = node_get(m, "until");
	if (u != NULL && u->kind == NODE_SCALAR && u->text != NULL && strncmp(u->text, "local.", 6) == 0) {
		const struct setting *st = setting_find(l->env->settings, l->env->nsettings, u->text);
		if (st == NULL || st->type != FT_DATE)
			return yfield_err(&l->yf, u, "'until' names '%s', which is not a date setting of local.yaml",
			    u->text);
		l->p->until_setting = st;
		if (st->set && st->value < l->p->from)
			return yfield_err(&l->yf, u, "'until' names '%s', whose date is before 'from': the measure would "
			    "never be in force", u->text);
	} else if ((rc = yfield_date(&l->yf, m, "until", false, &l->p->until)) != 0) {
		return rc;
	}
	if (l->p->until >= 0 && l->p->until < l->p->from)
		return yfield_err(&l->yf, m, "'until' is before 'from'");
	if (l->p->covers_from < 0)
		l->p->covers_from = l->p->from;
	if (l->p->until >= 0 && l->p->covers_from > l->p->until)
		return yfield_err(&l->yf, m, "'covers_from' is after 'until'");
	return 0;
}

/* Read the subject: person, or a top-level list of the schema. */
static int
read_subject(struct pl *l, const struct node *root)
{
	const char *s;
	int rc;

	if ((rc = yfield_str(&l->yf, root, "subject", true, &s)) != 0)
		return rc;
	if (strcmp(s, "person") == 0)
		return 0;
	const struct factschema_fact *f = factschema_find(l->env->schema, s);
	if (f == NULL || f->type != FT_LIST || f->parent != NULL || strcmp(s, "grants") == 0)
		return yfield_err(&l->yf, node_get(root, "subject"), "unknown subject '%s' (expected person, "
		    "certificates, trainings, startups, internships or grassroots)", s);
	l->p->subject = f;
	return 0;
}

/* Read a list of strings in map[key] into *out. */
static int
read_strs(struct pl *l, const struct node *map, const char *key, char ***out, size_t *n)
{
	const struct node *list;
	const char *s;
	int rc;

	if ((rc = yfield_list(&l->yf, map, key, false, &list)) != 0 || list == NULL)
		return rc;
	*out = xcalloc(list->n ? list->n : 1, sizeof **out);
	for (size_t i = 0; i < list->n; i++) {
		if ((rc = yfield_as_str(&l->yf, list->items[i], key, &s)) != 0)
			return rc;
		(*out)[(*n)++] = xstrdup(s);
	}
	return 0;
}

/* Read the dates of a policy about items (dated_by, status_on), who is paid, and the policies
 * that pay for the same thing. */
static int
read_dates(struct pl *l, const struct node *root)
{
	const char *zh = NULL, *en = NULL;
	int rc;

	if (node_get(root, "dated_by") != NULL && (rc = read_expr(l, root, "dated_by", FT_DATE,
	    &l->p->dated_by)) != 0)
		return rc;
	if (node_get(root, "status_on") != NULL && (rc = read_expr(l, root, "status_on", FT_DATE,
	    &l->p->status_on)) != 0)
		return rc;
	if ((rc = yfield_text2(&l->yf, root, "dated_label", false, &zh, &en)) != 0)
		return rc;
	l->p->dated_zh = xstrdup(zh);
	l->p->dated_en = xstrdup(en);
	zh = en = NULL;
	if ((rc = yfield_text2(&l->yf, root, "paid_to", false, &zh, &en)) != 0)
		return rc;
	l->p->paid_to_zh = xstrdup(zh);
	l->p->paid_to_en = xstrdup(en);
	if ((rc = read_strs(l, root, "paid_once_with", &l->p->once_with_ids, &l->p->nonce_with)) != 0)
		return rc;
	if (node_get(root, "paid_once_with") != NULL) {
		l->p->once_line = node_get(root, "paid_once_with")->line;
		l->p->once_col = node_get(root, "paid_once_with")->col;
	}
	if (l->p->nonce_with > 0 && l->p->limit == POLICY_LIMIT_NONE)
		return yfield_err(&l->yf, node_get(root, "paid_once_with"), "'paid_once_with' needs a once-only "
		    "limit (once_per_item or once_per_person)");
	return 0;
}

/* Read the documents to check: a list of {zh, en}. */
static int
read_docs(struct pl *l, const struct node *root)
{
	static const char *const keys[] = { "zh", "en", NULL };
	const struct node *list;
	const char *zh, *en;
	int rc;

	if ((rc = yfield_list(&l->yf, root, "documents", false, &list)) != 0 || list == NULL)
		return rc;
	l->p->docs_zh = xcalloc(list->n ? list->n : 1, sizeof *l->p->docs_zh);
	l->p->docs_en = xcalloc(list->n ? list->n : 1, sizeof *l->p->docs_en);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *m = list->items[i];
		if ((rc = yfield_is_map(&l->yf, m, N_("a document"))) != 0 || (rc = yfield_keys(&l->yf, m, keys)) != 0 ||
		    (rc = yfield_str(&l->yf, m, "zh", true, &zh)) != 0 ||
		    (rc = yfield_str(&l->yf, m, "en", true, &en)) != 0)
			return rc;
		l->p->docs_zh[l->p->ndocs] = xstrdup(zh);
		l->p->docs_en[l->p->ndocs++] = xstrdup(en);
	}
	return 0;
}

/* Read the measure, its quote and any other measures quoted beside it. */
static int
read_measure(struct pl *l, const struct node *root)
{
	static const char *const keys[] = { "measure", "text", NULL };
	const struct node *list;
	const char *m, *t;
	int rc;

	if ((rc = yfield_str(&l->yf, root, "measure", true, &m)) != 0 ||
	    (rc = yfield_str(&l->yf, root, "text", true, &t)) != 0)
		return rc;
	l->p->measure = xstrdup(m);
	l->p->text = xstrdup(t);
	if ((l->p->measure_no = policy_measure_number(m)) < 1 || l->p->measure_no > 30)
		return yfield_err(&l->yf, node_get(root, "measure"), "measure '%s' is not one of 一 to 三十 "
		    "(write the number without brackets, e.g. 二十)", m);
	if ((rc = yfield_list(&l->yf, root, "also", false, &list)) != 0 || list == NULL)
		return rc;
	l->p->also = xcalloc(list->n ? list->n : 1, sizeof *l->p->also);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *q = list->items[i];
		if ((rc = yfield_is_map(&l->yf, q, N_("a quote"))) != 0 || (rc = yfield_keys(&l->yf, q, keys)) != 0 ||
		    (rc = yfield_str(&l->yf, q, "measure", true, &m)) != 0 ||
		    (rc = yfield_str(&l->yf, q, "text", true, &t)) != 0)
			return rc;
		if (policy_measure_number(m) < 1 || policy_measure_number(m) > 30)
			return yfield_err(&l->yf, node_get(q, "measure"), "measure '%s' is not one of 一 to 三十", m);
		l->p->also[l->p->nalso].measure = xstrdup(m);
		l->p->also[l->p->nalso++].text = xstrdup(t);
	}
	return 0;
}

/* Read the parameters: a mapping of name to a dated parameter. */
static int
read_params(struct pl *l, const struct node *root)
{
	const struct node *m;
	int rc;

	if ((rc = yfield_map(&l->yf, root, "parameters", false, &m)) != 0 || m == NULL)
		return rc;
	l->p->params = xcalloc(m->n ? m->n : 1, sizeof *l->p->params);
	for (size_t i = 0; i < m->n; i++) {
		if (strncmp(m->items[i]->key, "local.", 6) == 0)
			return yfield_err(&l->yf, m->items[i], "local parameters are defined in local.yaml");
		if ((rc = param_read(&l->yf, m->items[i]->key, m->items[i], false, &l->p->params[l->p->nparams])) != 0)
			return rc;
		l->p->nparams++;
	}
	return 0;
}

/* Read what one test case expects of one result. */
static int
read_expect(struct pl *l, const struct node *m, struct policy_expect *x)
{
	static const char *const keys[] = { "subject", "outcome", "amount_fen", "missing", "eligible_from", NULL };
	const char *s = NULL;
	const struct node *n;
	int rc;

	if ((rc = yfield_is_map(&l->yf, m, N_("an expected result"))) != 0 ||
	    (rc = yfield_keys(&l->yf, m, keys)) != 0 || (rc = yfield_str(&l->yf, m, "subject", false, &s)) != 0)
		return rc;
	x->subject = xstrdup(s);
	if ((rc = yfield_str(&l->yf, m, "outcome", true, &s)) != 0)
		return rc;
	if (strcmp(s, "eligible") != 0 && strcmp(s, "ineligible") != 0 && strcmp(s, "unknown") != 0)
		return yfield_err(&l->yf, node_get(m, "outcome"), "outcome '%s' (expected eligible, ineligible "
		    "or unknown)", s);
	x->outcome = xstrdup(s);
	if ((n = node_get(m, "amount_fen")) != NULL) {
		x->check_amount = true;
		x->amount_null = n->kind == NODE_SCALAR && n->text == NULL;
		if (!x->amount_null && (rc = yfield_as_int(&l->yf, n, "amount_fen", &x->amount_fen)) != 0)
			return rc;
	}
	const struct node *ef = node_get(m, "eligible_from");
	if (ef != NULL) {
		x->check_from = true;
		x->from = -1;
		if ((ef->kind != NODE_SCALAR || ef->text != NULL) &&
		    (rc = yfield_as_date(&l->yf, ef, "eligible_from", &x->from)) != 0)
			return rc;
	}
	if (node_get(m, "missing") != NULL) {
		x->check_missing = true;
		if ((rc = read_strs(l, m, "missing", &x->missing, &x->nmissing)) != 0)
			return rc;
	}
	return 0;
}

/* Read a test case's local parameters and settings. */
static int
read_settings(struct pl *l, const struct node *m, struct policy_test *t)
{
	int rc;

	if ((rc = yfield_is_map(&l->yf, m, "local")) != 0)
		return rc;
	t->local = xcalloc(m->n ? m->n : 1, sizeof *t->local);
	for (size_t i = 0; i < m->n; i++) {
		char *name = xasprintf("local.%s", m->items[i]->key);
		const struct param *pa = policy_param(l->p, l->env, name);
		const struct setting *st = setting_find(l->env->settings, l->env->nsettings, name);
		struct policy_setting *ps = &t->local[t->nlocal];
		free(name);
		if (pa == NULL && st == NULL)
			return yfield_err(&l->yf, m->items[i], "unknown local parameter or setting '%s'",
			    m->items[i]->key);
		if (pa != NULL) {
			ps->param = pa;
			rc = yfield_as_int(&l->yf, m->items[i], m->items[i]->key, &ps->fen);
		} else {
			ps->ov.setting = st;
			rc = setting_value(&l->yf, st, m->items[i], &ps->ov.set, &ps->ov.value);
		}
		if (rc != 0)
			return rc;
		t->nlocal++;
	}
	return 0;
}

/* Read one test case. */
static int
read_test(struct pl *l, struct node *m, struct policy_test *t)
{
	static const char *const keys[] = { "name", "on", "local", "facts", "expect", NULL };
	const char *name;
	const struct node *ex;
	struct node *facts;
	int rc;

	t->line = m->line;
	t->col = m->col;
	if ((rc = yfield_is_map(&l->yf, m, N_("a test case"))) != 0 || (rc = yfield_keys(&l->yf, m, keys)) != 0 ||
	    (rc = yfield_str(&l->yf, m, "name", true, &name)) != 0)
		return rc;
	t->name = xstrdup(name);
	if ((rc = yfield_date(&l->yf, m, "on", true, &t->on)) != 0)
		return rc;
	if (node_get(m, "local") != NULL && (rc = read_settings(l, node_get(m, "local"), t)) != 0)
		return rc;
	facts = node_get(m, "facts");
	if (facts == NULL)
		return yfield_err(&l->yf, m, "test '%s' needs 'facts'", name);
	if ((rc = factsfile_check(l->env->schema, &l->yf, facts)) != 0 ||
	    (rc = factsfile_derive(&l->yf, facts, t->on)) != 0)
		return rc;
	t->facts = facts;
	ex = node_get(m, "expect");
	if (ex == NULL)
		return yfield_err(&l->yf, m, "test '%s' needs 'expect'", name);
	if (ex->kind == NODE_MAP) {
		t->expect = xcalloc(1, sizeof *t->expect);
		t->nexpect = 1;
		return read_expect(l, ex, t->expect);
	}
	if ((rc = yfield_is_list(&l->yf, ex, "expect")) != 0)
		return rc;
	t->expect = xcalloc(ex->n ? ex->n : 1, sizeof *t->expect);
	for (size_t i = 0; i < ex->n; i++)
		if ((rc = read_expect(l, ex->items[i], &t->expect[t->nexpect++])) != 0)
			return rc;
	return 0;
}

/* Read the test cases, reporting each bad one and going on. */
static int
read_tests(struct pl *l, struct node *root)
{
	struct node *list = node_get(root, "tests");
	int rc;

	if (list == NULL)
		return 0;
	if ((rc = yfield_is_list(&l->yf, list, "tests")) != 0)
		return rc;
	l->p->tests = xcalloc(list->n ? list->n : 1, sizeof *l->p->tests);
	for (size_t i = 0; i < list->n; i++)
		if (read_test(l, list->items[i], &l->p->tests[l->p->ntests++]) != 0)
			fail(l);
	return 0;
}

/* Read the limit. */
static int
read_limit(struct pl *l, const struct node *root)
{
	const char *s;
	int rc;

	if ((rc = yfield_str(&l->yf, root, "limit", true, &s)) != 0)
		return rc;
	if (strcmp(s, "none") == 0)
		l->p->limit = POLICY_LIMIT_NONE;
	else if (strcmp(s, "once_per_person") == 0)
		l->p->limit = POLICY_LIMIT_PERSON;
	else if (strcmp(s, "once_per_item") == 0)
		l->p->limit = POLICY_LIMIT_ITEM;
	else
		return yfield_err(&l->yf, node_get(root, "limit"), "limit '%s' (expected none, once_per_person or "
		    "once_per_item)", s);
	if (l->p->limit == POLICY_LIMIT_ITEM && l->p->subject == NULL)
		return yfield_err(&l->yf, node_get(root, "limit"), "once_per_item needs a subject list, not person");
	return 0;
}

/* Read the header: id (matching the file name), titles, kind. */
static int
read_head(struct pl *l, const struct node *root, const char *path)
{
	const char *id, *kind;
	const struct node *title;
	int rc;

	if ((rc = yfield_str(&l->yf, root, "id", true, &id)) != 0)
		return rc;
	l->p->id = xstrdup(id);
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	size_t blen = strlen(base);
	if (blen < 5 || strcmp(base + blen - 5, ".yaml") != 0 || strlen(id) != blen - 5 ||
	    strncmp(base, id, blen - 5) != 0)
		return yfield_err(&l->yf, node_get(root, "id"), "id '%s' must match the file name (%s.yaml)", id, id);
	if (strlen(id) > 60)
		return yfield_err(&l->yf, node_get(root, "id"), "id '%s' is longer than 60 characters", id);
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return yfield_err(&l->yf, node_get(root, "id"), "id '%s': use lowercase letters, digits and '-'",
			    id);
	if ((rc = yfield_map(&l->yf, root, "title", true, &title)) != 0 ||
	    (rc = yfield_text2(&l->yf, root, "title", true, (const char **)&l->p->title_zh,
	    (const char **)&l->p->title_en)) != 0)
		return rc;
	l->p->title_zh = xstrdup(l->p->title_zh);
	l->p->title_en = xstrdup(l->p->title_en);
	if ((rc = yfield_str(&l->yf, root, "kind", true, &kind)) != 0)
		return rc;
	for (size_t i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], kind) == 0)
			l->p->kind = xstrdup(kind);
	if (l->p->kind == NULL)
		return yfield_err(&l->yf, node_get(root, "kind"), "kind '%s' (expected money, status, post, priority, "
		    "services or support)", kind);
	return 0;
}

/* Read the target group names (resolved later by the set). */
static int
read_groups(struct pl *l, const struct node *root)
{
	const struct node *n = node_get(root, "groups");

	if (n != NULL) {
		l->p->groups_line = n->line;
		l->p->groups_col = n->col;
	}
	return read_strs(l, root, "groups", &l->p->group_names, &l->p->ngroups);
}

/* Load a policy file; errors go to env->report. Caller frees *out with policy_free. */
int
policy_load(const char *path, const struct policy_env *env, struct policy **out)
{
	static const char *const keys[] = { "id", "measure", "text", "also", "title", "kind", "period", "subject",
	    "groups", "conditions", "amount", "limit", "documents", "parameters", "notes", "tests", "dated_by",
	    "status_on", "paid_to", "paid_once_with", "dated_label", NULL };
	struct pl l = { .env = env, .d = DIAG_INIT };
	unsigned char digest[crypto_hash_sha256_BYTES];
	char *buf = NULL;
	size_t len;
	int rc;

	l.yf.name = path;
	l.yf.d = &l.d;
	l.p = xcalloc(1, sizeof *l.p);
	l.p->file = xstrdup(path);
	l.p->until = -1;
	*out = l.p;
	if ((rc = yamlload_read(path, &buf, &len, &l.d)) != 0)
		goto out;
	crypto_hash_sha256(digest, (const unsigned char *)buf, len);
	sodium_bin2hex(l.p->hash, sizeof l.p->hash, digest, sizeof digest);
	if ((rc = yamlload_buf(path, buf, len, &l.p->tree, &l.d)) != 0)
		goto out;
	struct node *root = l.p->tree;
	if ((rc = yfield_is_map(&l.yf, root, N_("a policy file"))) != 0 || (rc = yfield_keys(&l.yf, root, keys)) != 0 ||
	    (rc = read_head(&l, root, path)) != 0 || (rc = read_measure(&l, root)) != 0 ||
	    (rc = read_period(&l, root)) != 0 || (rc = read_subject(&l, root)) != 0 ||
	    (rc = read_groups(&l, root)) != 0 || (rc = read_params(&l, root)) != 0 ||
	    (rc = read_limit(&l, root)) != 0 || (rc = read_dates(&l, root)) != 0 || (rc = read_docs(&l, root)) != 0 ||
	    (rc = read_strs(&l, root, "notes", &l.p->notes, &l.p->nnotes)) != 0)
		goto out;
	if ((rc = read_conds(&l, root)) != 0)
		goto out;
	if ((rc = read_amount(&l, root)) != 0)
		fail(&l);
	if ((rc = read_tests(&l, root)) != 0)
		goto out;
	if (l.p->ngroups == 0 && l.p->nconds == 0) {
		rc = yfield_err(&l.yf, root, "a policy needs target 'groups' or 'conditions'");
		goto out;
	}
out:
	if (rc != 0 && l.d.code != 0)
		fail(&l);
	free(buf);
	if (rc == EX_NOINPUT)
		return rc;
	return l.bad;
}
