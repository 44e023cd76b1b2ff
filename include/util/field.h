/* Checking the fields a counselor types: names, phone numbers, free text, enumerations, flags. */
#ifndef UTIL_FIELD_H
#define UTIL_FIELD_H

#include <stddef.h>

/* Copy text as typed into out (outlen bytes; strlen(s) + 1 always suffice) without its
 * surrounding white space (ASCII, the ideographic space U+3000, the no-break space). With ascii,
 * what a Chinese input method types full-width becomes ASCII first: U+FF01..U+FF5E ('０', 'Ｘ',
 * '－', '／', '：' ...) their ASCII forms and U+3000 a space. 0, or -1 when out was too small
 * (then cut). */
int field_ascii(const char *s, char *out, size_t outlen, int ascii);
/* A name: valid UTF-8, 1 to 40 characters, not blank, none of the characters utext_check
 * refuses (controls, invisible and bidirectional characters, private use, unassigned ...).
 * 0, or -1 with why filled in. */
int field_name(const char *s, char *why, size_t whylen);
/* A mainland mobile number: 1[3-9] and nine digits, optionally +86 or 86 and spaces or dashes;
 * normalised to 11 digits in out (12 bytes). 0, or -1 with why. */
int field_phone(const char *s, char out[12], char *why, size_t whylen);
/* field_phone, field_enum, field_flag and field_int take the text as typed: full-width forms
 * and surrounding spaces are read through field_ascii. */
/* Free text on one line (addresses, reasons): valid UTF-8, at most max bytes, no control
 * characters other than tab (a note's line breaks are core/note.c's to allow). 0, or -1 with why. */
int field_text(const char *s, size_t max, char *why, size_t whylen);
/* One of a '|'-separated list of values. 0, or -1 with why naming the valid ones. */
int field_enum(const char *s, const char *allowed, char *why, size_t whylen);
/* A login: letters, digits, '.', '_' or '-', at most 32, beginning with a letter or digit. */
int field_login(const char *s, char *why, size_t whylen);
/* A flag: true/false/yes/no/1/0 (and 是/否); *out is 1 or 0. 0, or -1 with why. */
int field_flag(const char *s, int *out, char *why, size_t whylen);
/* A whole number in [lo, hi]. 0, or -1 with why. */
int field_int(const char *s, long lo, long hi, long *out, char *why, size_t whylen);

#endif
