/* Labels a counselor reads for the stored values: stages, enumerations, yes/no, money. */
#ifndef CORE_LABEL_H
#define CORE_LABEL_H

#include <stdint.h>
#include <stddef.h>

#include "util/sbuf.h"

/* The translated label of a stored enumeration value ("junior_college" -> 大专); the value
 * itself when it has none; "-" for NULL. */
const char *label_value(const char *value);
/* The stored value of allowed ('a|b|c') that text names, into out: the value itself, its
 * English label, its label in the interface's language, or its zh_CN label whatever the locale
 * (农村 or 农业户口 for rural: the catalogue's translation, not a table of its own); full-width
 * letters and surrounding spaces as typed. 0, or -1 with why listing the allowed values in the
 * interface's language. */
int label_parse(const char *text, const char *allowed, char *out, size_t outlen, char *why,
    size_t whylen);
/* Append the allowed values ('a|b|c') as the interface says them: the labels joined by 、 in
 * Chinese, the values as 'a|b|c' in English. */
void label_choices(const char *allowed, struct sbuf *out);
/* The translated yes / no / unknown of a flag stored as "1", "0" or NULL. */
const char *label_flag(const char *v);
/* The allowed values of an enumeration ("rural|urban") as a counselor reads them: under Chinese
 * their labels ("农业户口、非农业户口"), otherwise the values themselves, into out. */
void label_allowed(const char *allowed, char *out, size_t len);
/* Write a fen amount as yuan with two decimals ("960.00") into out. */
void label_money(int64_t fen, char *out, size_t len);

/* The two-digit codes of the 34 provinces of GB/T 2260, 'a|b|c', in code order. */
extern const char label_province_codes[];
/* The translated name of a province by its two-digit code of GB/T 2260 ("22" -> 吉林省); the
 * code itself when it is not one; "-" for NULL. */
const char *label_province(const char *code);
/* The code of a province named in English or Chinese, whatever the locale ("吉林省", "吉林",
 * "Jilin" -> "22"; a Chinese name without its ending is enough); NULL for none. */
const char *label_province_code(const char *name);
/* The translated name of a certificate level "1" to "5" ("3" -> 高级(三级)); the text itself
 * when it is not one; "-" for NULL. */
const char *label_level(const char *level);
/* Write a stored UTC time ("2018-03-01T04:38:41.556Z", or unix milliseconds as the audit keeps
 * it) as local time "2018-03-01 12:38" into out (the machine's TZ); other text is copied as it
 * is. Returns out. */
char *label_time(const char *utc, char *out, size_t len);

#endif
