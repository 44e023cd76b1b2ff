/* Pinyin initials of Han characters, from the Unihan readings (a generated table). */
#ifndef UTIL_PINYIN_H
#define UTIL_PINYIN_H

#include <stdint.h>

#include "util/sbuf.h"

extern const uint32_t pinyin_dense_first;
extern const uint32_t pinyin_dense_count;
extern const uint32_t pinyin_dense[];
extern const uint32_t pinyin_sparse_count;
extern const uint32_t pinyin_sparse[][2];

/* Letters the readings of cp start with: bit 0 = 'a' ... bit 25 = 'z'; 0 when not a Han character. */
uint32_t pinyin_mask(uint32_t cp);
/* Append every initials spelling of a name ("wl" for 王丽; 单 gives d, s and c), space-separated,
 * at most max of them; ASCII letters count as themselves, other characters are skipped. */
int pinyin_initials(const char *name, int max, struct sbuf *out);

#endif
