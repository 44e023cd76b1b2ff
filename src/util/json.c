/* A streaming JSON writer into an sbuf. */
#include "util/json.h"

#include <inttypes.h>

#include "util/xalloc.h"

/* Start writing into out. */
void
json_init(struct json *j, struct sbuf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

/* The length of a UTF-8 sequence at p that is written escaped though JSON allows it raw: a C1
 * control (U+0080..U+009F) or a bidirectional control (U+202A..U+202E, U+2066..U+2069); 0 if
 * none. *cp is its code point. */
static size_t
json_hidden(const unsigned char *p, unsigned *cp)
{
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*cp = p[1];
		return 2;
	}
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) {
		*cp = 0x2000 + (unsigned)(p[2] - 0x80);
		return 3;
	}
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
		*cp = 0x2040 + (unsigned)(p[2] - 0x80);
		return 3;
	}
	return 0;
}

/* Append s as a JSON string literal (escaped) to out, copying runs that need no escape whole. */
void
json_quote(struct sbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	sbuf_addc(out, '"');
	for (; *p; p++) {
		unsigned cp;
		size_t n = json_hidden(p, &cp);
		if (n > 0) {
			sbuf_addn(out, (const char *)run, (size_t)(p - run));
			sbuf_addf(out, "\\u%04x", cp);
			p += n - 1;
			run = p + 1;
			continue;
		}
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
			continue;
		sbuf_addn(out, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '"': sbuf_add(out, "\\\""); break;
		case '\\': sbuf_add(out, "\\\\"); break;
		case '\n': sbuf_add(out, "\\n"); break;
		case '\r': sbuf_add(out, "\\r"); break;
		case '\t': sbuf_add(out, "\\t"); break;
		default: sbuf_addf(out, "\\u%04x", *p); break;
		}
		run = p + 1;
	}
	sbuf_addn(out, (const char *)run, (size_t)(p - run));
	sbuf_addc(out, '"');
}

/* Write the separator before a value or key. */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		sbuf_addc(j->out, ',');
	j->first[j->depth] = false;
}

/* Open a container. */
static void
json_open(struct json *j, char c)
{
	json_sep(j);
	sbuf_addc(j->out, c);
	if (++j->depth >= JSON_MAXDEPTH)
		fatal("json: nesting too deep");
	j->first[j->depth] = true;
}

/* Close a container. */
static void
json_close(struct json *j, char c)
{
	if (j->depth == 0)
		fatal("json: unbalanced close");
	j->depth--;
	sbuf_addc(j->out, c);
}

/* Begin an object. */
void
json_obj(struct json *j)
{
	json_open(j, '{');
}

/* End an object. */
void
json_obj_end(struct json *j)
{
	json_close(j, '}');
}

/* Begin an array. */
void
json_arr(struct json *j)
{
	json_open(j, '[');
}

/* End an array. */
void
json_arr_end(struct json *j)
{
	json_close(j, ']');
}

/* Write an object key; the next value belongs to it. */
void
json_key(struct json *j, const char *k)
{
	json_sep(j);
	json_quote(j->out, k);
	sbuf_addc(j->out, ':');
	j->after_key = true;
}

/* Write a string value (NULL writes null). */
void
json_str(struct json *j, const char *s)
{
	json_sep(j);
	if (s == NULL)
		sbuf_add(j->out, "null");
	else
		json_quote(j->out, s);
}

/* Write an integer value. */
void
json_int(struct json *j, int64_t v)
{
	json_sep(j);
	sbuf_addf(j->out, "%" PRId64, v);
}

/* Write a boolean value. */
void
json_bool(struct json *j, bool v)
{
	json_sep(j);
	sbuf_add(j->out, v ? "true" : "false");
}

/* Write null. */
void
json_null(struct json *j)
{
	json_sep(j);
	sbuf_add(j->out, "null");
}

/* Write pre-formatted JSON text as a value. */
void
json_raw(struct json *j, const char *text)
{
	json_sep(j);
	sbuf_add(j->out, text);
}

/* Append JSON text as it is, with the characters json_hidden names written as \\u escapes (they
 * can only stand inside its strings): stored JSON never carries a terminal control out raw. */
void
json_raw_clean(struct json *j, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text != NULL ? text : "null"), *run = p;

	json_sep(j);
	for (; *p; p++) {
		unsigned cp;
		size_t n = json_hidden(p, &cp);
		if (n == 0 && *p != 0x7f)
			continue;
		if (n == 0) {
			n = 1;
			cp = 0x7f;
		}
		sbuf_addn(j->out, (const char *)run, (size_t)(p - run));
		sbuf_addf(j->out, "\\u%04x", cp);
		p += n - 1;
		run = p + 1;
	}
	sbuf_addn(j->out, (const char *)run, (size_t)(p - run));
}
