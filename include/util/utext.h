/* Unicode text through libunistring: the characters a stored text may not hold, the NFC form
 * every text is stored and compared in, and the look-alike key (NFKC, case-folded) by which
 * likely duplicates are found. No table of characters is kept here: the properties are
 * libunistring's (its Unicode version). */
#ifndef UTIL_UTEXT_H
#define UTIL_UTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether valid UTF-8 text s holds only characters a stored text may hold: no control
 * character but those in allowed (e.g. "\t\n"), no zero-width or other invisible formatting
 * character, bidirectional control, byte order mark, tag, private-use character, noncharacter,
 * line or paragraph separator, replacement character or code point unassigned in Unicode.
 * 0, or -1 with why naming the first such character as U+XXXX, what it is, and its position
 * counted in characters from 1. */
int utext_check(const char *s, const char *allowed, char *why, size_t whylen);
/* A new copy of valid UTF-8 text s in Unicode normalisation form C (caller frees). */
char *utext_nfc(const char *s);
/* Whether s is its own NFC form for certain (no character of it changes or combines). */
bool utext_nfc_plain(const char *s);
/* A new copy of valid UTF-8 text s as its look-alike key: NFKC and case-folded, so that
 * full-width letters, compatibility forms and case compare equal (caller frees). */
char *utext_fold(const char *s);
/* Whether two valid UTF-8 texts have the same look-alike key (utext_fold). */
bool utext_same(const char *a, const char *b);

#endif
