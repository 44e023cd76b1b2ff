/* A streaming JSON writer into an sbuf. */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "util/sbuf.h"

#define JSON_MAXDEPTH 32

struct json {
	struct sbuf *out;
	int depth;
	bool first[JSON_MAXDEPTH];  /* no member written yet at this depth */
	bool after_key;
};

/* Start writing into out. */
void json_init(struct json *j, struct sbuf *out);
/* Append s as a JSON string literal (escaped) to out. */
void json_quote(struct sbuf *out, const char *s);
/* Begin an object. */
void json_obj(struct json *j);
/* End an object. */
void json_obj_end(struct json *j);
/* Begin an array. */
void json_arr(struct json *j);
/* End an array. */
void json_arr_end(struct json *j);
/* Write an object key; the next value belongs to it. */
void json_key(struct json *j, const char *k);
/* Write a string value (NULL writes null). */
void json_str(struct json *j, const char *s);
/* Write an integer value. */
void json_int(struct json *j, int64_t v);
/* Write a boolean value. */
void json_bool(struct json *j, bool v);
/* Write null. */
void json_null(struct json *j);
/* Write pre-formatted JSON text as a value. */
void json_raw(struct json *j, const char *text);
/* Append JSON text as it is, with DEL, C1 and bidirectional controls written as \\u escapes. */
void json_raw_clean(struct json *j, const char *text);

#endif
