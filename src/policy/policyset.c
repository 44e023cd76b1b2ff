/* The policies directory as one set: schema, local parameters, target groups and policies. */
#include "policy/policyset.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy/yamlload.h"
#include "policy/yfield.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* Where a reference is being resolved (for messages). */
struct resolver {
	struct policyset *ps;
	const char *file;
	struct diag d;
};

static int archive_make(struct policyset *ps, void (*report)(void *, const struct diag *), void *arg);

/* Free a set. */
void
policyset_free(struct policyset *ps)
{
	if (ps == NULL)
		return;
	for (size_t i = 0; i < ps->npolicies; i++)
		policy_free(ps->policies[i]);
	free(ps->policies);
	for (size_t i = 0; i < ps->ngroups; i++)
		group_free(ps->groups[i]);
	free(ps->groups);
	for (size_t i = 0; i < ps->nlocals; i++)
		param_free(ps->locals[i]);
	free(ps->locals);
	for (size_t i = 0; i < ps->nsettings; i++)
		setting_free(ps->settings[i]);
	free(ps->settings);
	factschema_free(ps->schema);
	policyset_archive_free(ps->archive);
	free(ps->dir);
	free(ps);
}

/* The policy with an id, or NULL. */
const struct policy *
policyset_find(const struct policyset *ps, const char *id)
{
	for (size_t i = 0; i < ps->npolicies; i++)
		if (strcmp(ps->policies[i]->id, id) == 0)
			return ps->policies[i];
	return NULL;
}

/* The group with an id, or NULL. */
const struct group *
policyset_group(const struct policyset *ps, const char *id)
{
	for (size_t i = 0; i < ps->ngroups; i++)
		if (strcmp(ps->groups[i]->id, id) == 0)
			return ps->groups[i];
	return NULL;
}

/* Bind one policy("..") or group("..") reference. */
static int
bind_ref(void *arg, struct expr *e)
{
	struct resolver *r = arg;

	if (e->op == EXPR_GROUP) {
		e->ref = policyset_group(r->ps, e->s);
		if (e->ref == NULL)
			return diag_set(&r->d, EX_DATAERR, "%s:%d:%d: unknown group '%s'; groups.yaml defines the groups",
			    r->file, e->line, e->col, e->s);
		return 0;
	}
	const struct policy *p = policyset_find(r->ps, e->s);
	if (p == NULL)
		return diag_set(&r->d, EX_DATAERR, "%s:%d:%d: unknown policy '%s'", r->file, e->line, e->col, e->s);
	if (p->subject != NULL)
		return diag_set(&r->d, EX_DATAERR, "%s:%d:%d: policy '%s' is about each item of %s; only a policy "
		    "about the person can be used as true or false", r->file, e->line, e->col, e->s,
		    p->subject->path);
	e->ref = p;
	return 0;
}

/* Join the names of a policy's groups once, as its reasons list them. */
static void
join_groups(struct policy *p)
{
	struct sbuf zh = SBUF_INIT, en = SBUF_INIT;

	for (size_t i = 0; i < p->ngroups; i++) {
		sbuf_add(&zh, i ? "、" : "");
		sbuf_add(&zh, p->groups[i]->zh);
		sbuf_add(&en, i ? "; " : "");
		sbuf_add(&en, p->groups[i]->en);
	}
	free(p->groups_zh);
	free(p->groups_en);
	p->groups_zh = sbuf_take(&zh);
	p->groups_en = sbuf_take(&en);
}

/* Bind every reference of one policy; report each failure. */
static int
bind_policy(struct policyset *ps, struct policy *p, void (*report)(void *, const struct diag *), void *arg)
{
	struct resolver r = { ps, p->file, DIAG_INIT };
	int bad = 0;

	p->groups = xcalloc(p->ngroups ? p->ngroups : 1, sizeof *p->groups);
	for (size_t i = 0; i < p->ngroups; i++) {
		p->groups[i] = policyset_group(ps, p->group_names[i]);
		if (p->groups[i] == NULL) {
			diag_set(&r.d, EX_DATAERR, "%s:%d:%d: unknown target group '%s'; groups.yaml defines the groups",
			    p->file, p->groups_line, p->groups_col, p->group_names[i]);
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
	}
	if (bad == 0)
		join_groups(p);
	for (size_t i = 0; i < p->nconds; i++) {
		struct policy_cond *c = &p->conds[i];
		struct tmpl *ts[] = { &c->pass_zh, &c->pass_en, &c->fail_zh, &c->fail_en };
		int rc = c->expr != NULL ? expr_walk_refs(c->expr, bind_ref, &r) : 0;
		for (size_t k = 0; k < 4 && rc == 0; k++)
			rc = tmpl_walk_refs(ts[k], bind_ref, &r);
		if (rc != 0) {
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
	}
	struct expr *more[] = { p->amount_by, p->raise_by, p->dated_by, p->status_on };
	for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
		if (more[i] != NULL && expr_walk_refs(more[i], bind_ref, &r) != 0) {
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
	}
	for (size_t i = 0; i < p->nconds; i++) {
		if (p->conds[i].eligible_from != NULL && expr_walk_refs(p->conds[i].eligible_from, bind_ref, &r) != 0) {
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
	}
	p->once_with = xcalloc(p->nonce_with ? p->nonce_with : 1, sizeof *p->once_with);
	for (size_t i = 0; i < p->nonce_with; i++) {
		const struct policy *o = p->once_with[i] = policyset_find(ps, p->once_with_ids[i]);
		bool twice = false;
		for (size_t k = 0; k < i; k++)
			twice = twice || strcmp(p->once_with_ids[k], p->once_with_ids[i]) == 0;
		if (o == NULL || o == p || twice || o->subject != p->subject || o->limit == POLICY_LIMIT_NONE) {
			diag_set(&r.d, EX_DATAERR, "%s:%d:%d: paid_once_with names '%s': expected another policy of the "
			    "set, named once, about the same items and paid once", p->file, p->once_line, p->once_col,
			    p->once_with_ids[i]);
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
	}
	return bad;
}

/* Marks for the cycle search: one per group, then one per policy. */
struct cycle {
	struct policyset *ps;
	unsigned char *mark;   /* 0 new, 1 on the path, 2 done */
	struct diag d;
	const char *file;
};

static int visit_group(struct cycle *cy, const struct group *g);
static int visit_policy(struct cycle *cy, const struct policy *p);

/* Follow one reference during the cycle search. */
static int
visit_ref(void *arg, struct expr *e)
{
	struct cycle *cy = arg;

	if (e->ref == NULL)
		return 0;
	if (e->op == EXPR_GROUP)
		return visit_group(cy, e->ref);
	return visit_policy(cy, e->ref);
}

/* Depth-first search from a group. */
static int
visit_group(struct cycle *cy, const struct group *g)
{
	unsigned char *m = &cy->mark[g->index];
	int rc = 0;

	if (*m == 2)
		return 0;
	if (*m == 1)
		return diag_set(&cy->d, EX_DATAERR, "%s/groups.yaml:%d:%d: group '%s' depends on itself through "
		    "policy() or group() references", cy->ps->dir, g->line, g->col, g->id);
	*m = 1;
	if (g->expr != NULL)
		rc = expr_walk_refs(g->expr, visit_ref, cy);
	*m = 2;
	return rc;
}

/* Depth-first search from a policy. */
static int
visit_policy(struct cycle *cy, const struct policy *p)
{
	unsigned char *m = &cy->mark[cy->ps->ngroups + p->index];
	int rc = 0;

	if (*m == 2)
		return 0;
	if (*m == 1)
		return diag_set(&cy->d, EX_DATAERR, "%s:1:1: policy '%s' depends on itself through policy() or "
		    "group() references", p->file, p->id);
	*m = 1;
	for (size_t i = 0; i < p->ngroups && rc == 0; i++)
		if (p->groups != NULL && p->groups[i] != NULL)
			rc = visit_group(cy, p->groups[i]);
	for (size_t i = 0; i < p->nconds && rc == 0; i++)
		if (p->conds[i].expr != NULL)
			rc = expr_walk_refs(p->conds[i].expr, visit_ref, cy);
	*m = 2;
	return rc;
}

/* Refuse cycles among groups and policies. */
static int
check_cycles(struct policyset *ps, void (*report)(void *, const struct diag *), void *arg)
{
	struct cycle cy = { ps, xcalloc(ps->ngroups + ps->npolicies + 1, 1), DIAG_INIT, NULL };
	int rc = 0;

	for (size_t i = 0; i < ps->npolicies; i++)
		ps->policies[i]->index = i;
	for (size_t i = 0; i < ps->ngroups && rc == 0; i++)
		rc = visit_group(&cy, ps->groups[i]);
	for (size_t i = 0; i < ps->npolicies && rc == 0; i++)
		rc = visit_policy(&cy, ps->policies[i]);
	if (rc != 0)
		report(arg, &cy.d);
	free(cy.mark);
	return rc;
}

/* Load local.yaml: the local parameters, unset by default, and the local settings. */
static int
load_locals(struct policyset *ps, const char *path, void (*report)(void *, const struct diag *), void *arg)
{
	static const char *const keys[] = { "parameters", "settings", NULL };
	struct diag d = DIAG_INIT;
	struct yfile yf = { path, &d };
	struct node *root = NULL;
	const struct node *m;
	int rc, bad = 0;

	if ((rc = yamlload_file(path, &root, &d)) != 0)
		goto out;
	if ((rc = yfield_is_map(&yf, root, "local.yaml")) != 0 || (rc = yfield_keys(&yf, root, keys)) != 0 ||
	    (rc = yfield_map(&yf, root, "parameters", false, &m)) != 0)
		goto out;
	/* each bad entry is reported and the others still load, so that one error is one line */
	ps->locals = xcalloc(m != NULL && m->n ? m->n : 1, sizeof *ps->locals);
	for (size_t i = 0; m != NULL && i < m->n; i++) {
		if (param_read(&yf, m->items[i]->key, m->items[i], true, &ps->locals[ps->nlocals]) != 0) {
			report(arg, &d);
			diag_clear(&d);
			bad = EX_DATAERR;
			continue;
		}
		ps->nlocals++;
	}
	if ((rc = yfield_map(&yf, root, "settings", false, &m)) != 0)
		goto out;
	ps->settings = xcalloc(m != NULL && m->n ? m->n : 1, sizeof *ps->settings);
	for (size_t i = 0; m != NULL && i < m->n; i++) {
		if (setting_read(&yf, m->items[i]->key, m->items[i], &ps->settings[ps->nsettings]) != 0) {
			report(arg, &d);
			diag_clear(&d);
			bad = EX_DATAERR;
			continue;
		}
		ps->nsettings++;
	}
out:
	if (rc != 0)
		report(arg, &d);
	node_free(root);
	return rc != 0 ? rc : bad;
}

/* Order policies by measure number, then id. */
static int
by_measure(const void *a, const void *b)
{
	const struct policy *pa = *(const struct policy *const *)a, *pb = *(const struct policy *const *)b;

	if (pa->measure_no != pb->measure_no)
		return pa->measure_no < pb->measure_no ? -1 : 1;
	return strcmp(pa->id, pb->id);
}

/* Order file names. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The policy file names of a directory (every *.yaml but the shared ones), sorted. Caller frees. */
static char **
policyset_files(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL;

	*n = 0;
	if (dp == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0 || de->d_name[0] == '.')
			continue;
		if (strcmp(de->d_name, "facts-schema.yaml") == 0 || strcmp(de->d_name, "groups.yaml") == 0 ||
		    strcmp(de->d_name, "local.yaml") == 0)
			continue;
		names = xreallocarray(names, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*n > 0)
		qsort(names, *n, sizeof *names, by_name);
	return names;
}

/* Whether a file exists. */
static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Load a policies directory, reporting every error. Caller frees *out with policyset_free. */
int
policyset_load(const char *dir, struct policyset **out, void (*report)(void *arg, const struct diag *d),
    void *arg)
{
	struct policyset *ps = xcalloc(1, sizeof *ps);
	struct diag d = DIAG_INIT;
	struct stat st;
	char *path = NULL, **names = NULL;
	size_t nnames = 0;
	int rc = 0, bad = 0;

	*out = NULL;
	if (sodium_init() < 0)
		fatal("libsodium cannot start");
	ps->dir = xstrdup(dir);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = diag_set(&d, EX_CONFIG, "%s: no policies directory here (%s); set --policies or JOBDESK_POLICIES",
		    dir, errno ? strerror(errno) : tr("not a directory"));
		report(arg, &d);
		goto out;
	}
	path = xasprintf("%s/facts-schema.yaml", dir);
	if ((rc = factschema_load(path, &ps->schema, &d)) != 0) {
		if (rc == EX_NOINPUT)
			rc = EX_CONFIG;
		report(arg, &d);
		goto out;
	}
	free(path);
	path = xasprintf("%s/local.yaml", dir);
	if (exists(path) && load_locals(ps, path, report, arg) != 0)
		bad = EX_DATAERR;
	free(path);
	path = xasprintf("%s/groups.yaml", dir);
	if (exists(path) && group_load(path, ps->schema, ps->settings, ps->nsettings, &ps->groups, &ps->ngroups, report, arg) != 0)
		bad = EX_DATAERR;
	ps->env = (struct policy_env){ ps->schema, ps->locals, ps->nlocals, ps->settings, ps->nsettings, report, arg };
	names = policyset_files(dir, &nnames);
	ps->policies = xcalloc(nnames ? nnames : 1, sizeof *ps->policies);
	for (size_t i = 0; i < nnames; i++) {
		free(path);
		path = xasprintf("%s/%s", dir, names[i]);
		struct policy *p;
		if (policy_load(path, &ps->env, &p) != 0) {
			policy_free(p);
			bad = EX_DATAERR;
			continue;
		}
		ps->policies[ps->npolicies++] = p;
	}
	for (size_t i = 0; i < ps->npolicies; i++)
		if (bind_policy(ps, ps->policies[i], report, arg) != 0)
			bad = EX_DATAERR;
	struct resolver r = { ps, NULL, DIAG_INIT };
	for (size_t i = 0; i < ps->ngroups; i++) {
		char *gpath = xasprintf("%s/groups.yaml", dir);
		r.file = gpath;
		struct group *g = ps->groups[i];
		if ((g->expr != NULL && expr_walk_refs(g->expr, bind_ref, &r) != 0) ||
		    (g->near != NULL && expr_walk_refs(g->near, bind_ref, &r) != 0) ||
		    tmpl_walk_refs(&g->fail_zh, bind_ref, &r) != 0 || tmpl_walk_refs(&g->fail_en, bind_ref, &r) != 0) {
			report(arg, &r.d);
			bad = EX_DATAERR;
		}
		free(gpath);
	}
	if (bad == 0 && check_cycles(ps, report, arg) != 0)
		bad = EX_DATAERR;
	if (bad == 0 && ps->npolicies > 0)
		qsort(ps->policies, ps->npolicies, sizeof *ps->policies, by_measure);
	for (size_t i = 0; i < ps->npolicies; i++)
		ps->policies[i]->index = i;
	if (bad == 0)
		bad = archive_make(ps, report, arg);
	rc = bad;
out:
	free(path);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (rc != 0) {
		policyset_free(ps);
		return rc;
	}
	*out = ps;
	return 0;
}

/* Keep the first error reported. */
static void
keep_first(void *arg, const struct diag *d)
{
	struct diag *first = arg;

	if (first->code == 0)
		*first = *d;
}

/* policyset_load keeping only the first error, in d. */
int
policyset_open(const char *dir, struct policyset **out, struct diag *d)
{
	diag_clear(d);
	int rc = policyset_load(dir, out, keep_first, d);

	if (rc != 0 && d->code == 0)
		diag_set(d, rc, "%s: the policies do not load", dir);
	return rc;
}

/* Load one more policy file into a set (as if dropped into its directory) and resolve it. */
int
policyset_add_file(struct policyset *ps, const char *path, void (*report)(void *arg, const struct diag *d),
    void *arg)
{
	struct policy_env env = ps->env;
	struct policy *p;

	env.report = report;
	env.arg = arg;
	if (policy_load(path, &env, &p) != 0) {
		policy_free(p);
		return EX_DATAERR;
	}
	if (policyset_find(ps, p->id) != NULL) {
		struct diag d = DIAG_INIT;
		diag_set(&d, EX_DATAERR, "%s:1:1: a policy with id '%s' is already loaded", path, p->id);
		report(arg, &d);
		policy_free(p);
		return EX_DATAERR;
	}
	ps->policies = xreallocarray(ps->policies, ps->npolicies + 1, sizeof *ps->policies);
	ps->policies[ps->npolicies++] = p;
	int rc = bind_policy(ps, p, report, arg);
	if (rc == 0)
		rc = check_cycles(ps, report, arg);
	if (rc != 0) {
		ps->npolicies--;
		policy_free(p);
		return rc;
	}
	qsort(ps->policies, ps->npolicies, sizeof *ps->policies, by_measure);
	for (size_t i = 0; i < ps->npolicies; i++)
		ps->policies[i]->index = i;
	policyset_archive_free(ps->archive);
	ps->archive = NULL;  /* the files loaded are no longer one directory's */
	return 0;
}

/* Free an archive. */
void
policyset_archive_free(struct policyset_archive *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->files[i].name);
		free(a->files[i].bytes);
	}
	free(a->files);
	free(a);
}

/* Whether a name may be a file of a set. */
bool
policyset_archive_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len < 6 || len > 64 + 5 || strcmp(name + len - 5, ".yaml") != 0)
		return false;
	for (size_t i = 0; i < len - 5; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '-'))
			return false;
	return true;
}

/* The hash of a set of files, over their names and hashes in the order given. */
void
policyset_archive_hash(const struct policyset_file *files, size_t n, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];

	if (sodium_init() < 0)
		fatal("libsodium cannot start");
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n; i++) {
		crypto_hash_sha256_update(&st, (const unsigned char *)files[i].name, strlen(files[i].name) + 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)files[i].hash, 64);
		crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	}
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* Order archived files by name. */
static int
archive_by_name(const void *a, const void *b)
{
	return strcmp(((const struct policyset_file *)a)->name, ((const struct policyset_file *)b)->name);
}

/* Read one file of the set into the archive; when want is given (a policy's hash as it was
 * loaded), the bytes must still hash to it. */
static int
archive_read(struct policyset_archive *a, const char *dir, const char *name, const char *want,
    struct diag *d)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char *path = xasprintf("%s/%s", dir, name);
	struct policyset_file f = { 0 };
	int rc = yamlload_read(path, &f.bytes, &f.len, d);

	if (rc == 0) {
		crypto_hash_sha256(digest, (const unsigned char *)f.bytes, f.len);
		sodium_bin2hex(f.hash, sizeof f.hash, digest, sizeof digest);
		if (want != NULL && strcmp(want, f.hash) != 0)
			rc = diag_set(d, EX_TEMPFAIL, "%s changed while the policies were being loaded; "
			    "load them again", path);
	}
	free(path);
	if (rc != 0) {
		free(f.bytes);
		return rc;
	}
	f.name = xstrdup(name);
	a->files = xreallocarray(a->files, a->n + 1, sizeof *a->files);
	a->files[a->n++] = f;
	return 0;
}

/* Keep the files of a loaded set and its hash (ps->archive): the shared files as they are now,
 * each policy file only when its bytes are still those loaded. */
static int
archive_make(struct policyset *ps, void (*report)(void *, const struct diag *), void *arg)
{
	static const char *const shared[] = { "facts-schema.yaml", "groups.yaml", "local.yaml" };
	struct policyset_archive *a = xcalloc(1, sizeof *a);
	struct diag d = DIAG_INIT;
	int rc = 0;

	for (size_t i = 0; i < sizeof shared / sizeof *shared && rc == 0; i++) {
		char *path = xasprintf("%s/%s", ps->dir, shared[i]);
		/* groups.yaml and local.yaml are optional: the set was loaded without them */
		if (i == 0 || exists(path))
			rc = archive_read(a, ps->dir, shared[i], NULL, &d);
		free(path);
	}
	for (size_t i = 0; i < ps->npolicies && rc == 0; i++) {
		const struct policy *p = ps->policies[i];
		const char *base = strrchr(p->file, '/');
		rc = archive_read(a, ps->dir, base != NULL ? base + 1 : p->file, p->hash, &d);
	}
	if (rc != 0) {
		report(arg, &d);
		policyset_archive_free(a);
		return rc;
	}
	qsort(a->files, a->n, sizeof *a->files, archive_by_name);
	policyset_archive_hash(a->files, a->n, a->hash);
	ps->archive = a;
	return 0;
}
