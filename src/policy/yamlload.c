/* A safe YAML reader: one document into a node tree, with caps and refusals. */
#include "policy/yamlload.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/i18n.h"
#include "util/infile.h"
#include "util/xalloc.h"

/* One open mapping or sequence while building the tree. */
struct frame {
	struct node *n;
	char *key;   /* a mapping's key waiting for its value */
	yaml_mark_t key_mark;
	size_t *slot;   /* a mapping's keys by hash: 1 + the item's index, 0 free (open addressing) */
	size_t nslot;   /* a power of two, at least twice the keys; 0 before the first key */
};

/* The state of one parse. */
struct loader {
	const char *name;
	struct diag *d;
	struct node *root;
	struct frame stack[YAMLLOAD_MAX_DEPTH + 1];
	int sp;
	int docs;
};

/* Record an error (what: a message id) at a libyaml mark and return EX_DATAERR. */
static int
load_err(struct loader *l, yaml_mark_t m, const char *what)
{
	return diag_set(l->d, EX_DATAERR, "%s:%zu:%zu: %s", l->name, m.line + 1, m.column + 1, tr(what));
}

/* Whether a plain scalar's text is YAML null. */
static bool
plain_null(const char *s)
{
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Whether text is a YAML 1.1 boolean word (y, n, yes, no, on, off, true, false in any usual case). */
bool
yamlload_v11_bool(const char *text)
{
	static const char *words[] = { "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO",
	    "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE" };

	if (text == NULL)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(text, words[i]) == 0)
			return true;
	return false;
}

/* The FNV-1a hash of a key. */
static size_t
key_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The value already under key in the frame's mapping, or NULL: one probe on average, where a
 * walk over every earlier key made a 27,000-key mapping take seconds. */
static const struct node *
frame_find(const struct frame *f, const char *key)
{
	if (f->nslot == 0)
		return NULL;
	for (size_t i = key_hash(key) & (f->nslot - 1); f->slot[i] != 0; i = (i + 1) & (f->nslot - 1))
		if (strcmp(f->n->items[f->slot[i] - 1]->key, key) == 0)
			return f->n->items[f->slot[i] - 1];
	return NULL;
}

/* Index the mapping's last item by its key, growing the table to keep it half empty. */
static void
frame_index(struct frame *f)
{
	size_t item = f->n->n - 1;

	if ((item + 1) * 2 > f->nslot) {
		size_t n = f->nslot ? f->nslot * 2 : 16;
		free(f->slot);
		f->slot = xcalloc(n, sizeof *f->slot);
		f->nslot = n;
		for (size_t k = 0; k < item; k++) {
			size_t i = key_hash(f->n->items[k]->key) & (n - 1);
			while (f->slot[i] != 0)
				i = (i + 1) & (n - 1);
			f->slot[i] = k + 1;
		}
	}
	size_t i = key_hash(f->n->items[item]->key) & (f->nslot - 1);
	while (f->slot[i] != 0)
		i = (i + 1) & (f->nslot - 1);
	f->slot[i] = item + 1;
}

/* Attach a new value node to the open container (or make it the root). */
static int
load_attach(struct loader *l, struct node *v, yaml_mark_t m)
{
	if (l->sp == 0) {
		if (l->root != NULL) {
			node_free(v);
			return load_err(l, m, "more than one top-level value; expected one document");
		}
		l->root = v;
		return 0;
	}
	struct frame *f = &l->stack[l->sp - 1];
	if (f->n->kind == NODE_LIST) {
		node_add(f->n, NULL, v);
		return 0;
	}
	node_append(f->n, f->key, v);      /* a new key: frame_find said so */
	frame_index(f);
	free(f->key);
	f->key = NULL;
	return 0;
}

/* Handle a scalar event: a mapping key, or a value. */
static int
load_scalar(struct loader *l, yaml_event_t *ev)
{
	const char *text = (const char *)ev->data.scalar.value;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	yaml_mark_t m = ev->start_mark;

	if (ev->data.scalar.anchor != NULL)
		return load_err(l, m, "anchors (&name) are not allowed; write the value out");
	if (ev->data.scalar.tag != NULL)
		return load_err(l, m, "tags (!tag) are not allowed; write a plain or quoted value");
	if (l->sp > 0) {
		struct frame *f = &l->stack[l->sp - 1];
		if (f->n->kind == NODE_MAP && f->key == NULL) {
			if (plain && plain_null(text))
				return load_err(l, m, "a key must be text, not null");
			if (frame_find(f, text) != NULL) {
				char msg[512];
				const struct node *prev = frame_find(f, text);
				snprintf(msg, sizeof msg, tr("duplicate key '%.200s' (first at line %d); each key may appear once"),
				    text, prev->line);
				return load_err(l, m, msg);
			}
			f->key = xstrdup(text);
			f->key_mark = m;
			return 0;
		}
	}
	struct node *v = node_new_scalar(plain && plain_null(text) ? NULL : text, !plain);
	v->line = (int)m.line + 1;
	v->col = (int)m.column + 1;
	return load_attach(l, v, m);
}

/* Handle the start of a mapping or a sequence. */
static int
load_open(struct loader *l, yaml_event_t *ev, bool map)
{
	yaml_mark_t m = ev->start_mark;
	yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;

	if (anchor != NULL)
		return load_err(l, m, "anchors (&name) are not allowed; write the value out");
	if (tag != NULL)
		return load_err(l, m, "tags (!tag) are not allowed");
	if (l->sp > 0) {
		struct frame *f = &l->stack[l->sp - 1];
		if (f->n->kind == NODE_MAP && f->key == NULL)
			return load_err(l, m, "a key must be a plain or quoted scalar, not a mapping or list");
	}
	if (l->sp >= YAMLLOAD_MAX_DEPTH)
		return load_err(l, m, "nested deeper than 32 levels; flatten the document");
	struct node *v = map ? node_new_map() : node_new_list();
	/* a mapping or list under a key is placed at its key: a block one starts on the next line */
	if (l->sp > 0 && l->stack[l->sp - 1].n->kind == NODE_MAP)
		m = l->stack[l->sp - 1].key_mark;
	v->line = (int)m.line + 1;
	v->col = (int)m.column + 1;
	int rc = load_attach(l, v, m);
	if (rc != 0)
		return rc;
	l->stack[l->sp] = (struct frame){ .n = v };
	l->sp++;
	return 0;
}

/* Handle one parser event. Sets *done at the end of the stream. */
static int
load_event(struct loader *l, yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		*done = true;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++l->docs > 1)
			return load_err(l, ev->start_mark, "a second document ('---'); expected one document per file");
		return 0;
	case YAML_ALIAS_EVENT:
		return load_err(l, ev->start_mark, "aliases (*name) are not allowed; write the value out");
	case YAML_SCALAR_EVENT:
		return load_scalar(l, ev);
	case YAML_MAPPING_START_EVENT:
		return load_open(l, ev, true);
	case YAML_SEQUENCE_START_EVENT:
		return load_open(l, ev, false);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (l->sp == 0)
			fatal("yamlload: unbalanced end event");
		l->sp--;
		free(l->stack[l->sp].key);
		free(l->stack[l->sp].slot);
		l->stack[l->sp] = (struct frame){ 0 };
		return 0;
	case YAML_NO_EVENT:
		break;
	}
	return load_err(l, ev->start_mark, "unexpected YAML event");
}

/* Parse one YAML document from buf; name is used in messages. Caller frees *out with node_free. */
int
yamlload_buf(const char *name, const char *buf, size_t len, struct node **out, struct diag *d)
{
	struct loader l = { .name = name, .d = d };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int rc = 0;

	*out = NULL;
	if (len > YAMLLOAD_MAX_BYTES)
		return diag_set(d, EX_DATAERR, "%s:1:1: %zu bytes is larger than the 256 KiB a file may have",
		    name, len);
	if (!yaml_parser_initialize(&parser))
		fatal("yamlload: out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = diag_set(d, EX_DATAERR, "%s:%zu:%zu: YAML syntax error: correct the file at "
			    "that line and column (libyaml: %s%s%s)", name,
			    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			    parser.problem ? parser.problem : "malformed",
			    parser.context ? " " : "", parser.context ? parser.context : "");
			goto out;
		}
		rc = load_event(&l, &ev, &done);
		yaml_event_delete(&ev);
		if (rc != 0)
			goto out;
	}
	if (l.root == NULL) {
		rc = diag_set(d, EX_DATAERR, "%s:1:1: the file holds no YAML document; expected a mapping", name);
		goto out;
	}
	*out = l.root;
	l.root = NULL;
out:
	for (int i = 0; i < l.sp; i++) {
		free(l.stack[i].key);
		free(l.stack[i].slot);
	}
	node_free(l.root);
	yaml_parser_delete(&parser);
	return rc;
}

/* Read a whole file of at most YAMLLOAD_MAX_BYTES into *buf (NUL-terminated): a regular file
 * only (util/infile.h: a link, FIFO, device or folder is refused unread), UTF-8 text only (a
 * binary or other file is named as such, none of it quoted). Caller frees *buf. */
int
yamlload_read(const char *path, char **buf, size_t *len, struct diag *d)
{
	FILE *fp = infile_fopen(path, YAMLLOAD_MAX_BYTES, N_("a policy or facts file"), d);
	size_t cap = YAMLLOAD_MAX_BYTES + 2, n;
	char *b;

	*buf = NULL;
	*len = 0;
	if (fp == NULL)
		return d != NULL ? d->code : EX_NOINPUT;
	b = xmalloc(cap);
	n = fread(b, 1, cap - 1, fp);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		free(b);
		return diag_set(d, EX_NOINPUT, "%s: cannot read: %s", path, strerror(e));
	}
	fclose(fp);
	if (n > YAMLLOAD_MAX_BYTES) {   /* it grew since it was opened */
		free(b);
		return diag_set(d, EX_DATAERR, "%s:1:1: larger than the 256 KiB a file may have", path);
	}
	int rc = infile_text(path, b, n, 1, d);
	if (rc != 0) {
		free(b);
		return rc;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* yamlload_read then yamlload_buf. Caller frees *out. */
int
yamlload_file(const char *path, struct node **out, struct diag *d)
{
	char *buf;
	size_t len;
	int rc = yamlload_read(path, &buf, &len, d);

	*out = NULL;
	if (rc != 0)
		return rc;
	rc = yamlload_buf(path, buf, len, out, d);
	free(buf);
	return rc;
}
