/* Pinyin of Han characters, from the Unihan readings (generated tables): the initials (for
 * search) and the whole toneless syllables (for comparing names by sound). */
#ifndef UTIL_PINYIN_H
#define UTIL_PINYIN_H

#include <stdbool.h>
#include <stdint.h>

#include "util/sbuf.h"

extern const uint32_t pinyin_dense_first;
extern const uint32_t pinyin_dense_count;
extern const uint32_t pinyin_dense[];
extern const uint32_t pinyin_sparse_count;
extern const uint32_t pinyin_sparse[][2];
extern const uint32_t pinyin_full_first;
extern const uint32_t pinyin_full_count;
extern const uint32_t pinyin_syllable_count;
extern const char *const pinyin_syllables[];
extern const uint32_t pinyin_full[];

/* Letters the readings of cp start with: bit 0 = 'a' ... bit 25 = 'z'; 0 when not a Han character. */
uint32_t pinyin_mask(uint32_t cp);
/* Append every initials spelling of a name ("wl" for 王丽; 单 gives d, s and c), space-separated,
 * at most max of them; ASCII letters count as themselves, other characters are skipped. */
int pinyin_initials(const char *name, int max, struct sbuf *out);

/* The whole toneless syllables of cp ("wang"; ü as v), most common first, into out (at most
 * three); how many (0 when cp is not a Han character the table knows). */
int pinyin_syllables_of(uint32_t cp, const char *out[3]);
/* Whether two names sound the same in pinyin: as many characters, and at each place a
 * syllable both characters can be read as (王丽 and 王莉; not 王丽 and 吴磊, whose initials
 * agree); a character the table does not know must be the same one (ASCII letters in any case). */
bool pinyin_same_name(const char *a, const char *b);
/* The sort key of a name: its toneless pinyin in lower case, a syllable or a run of ASCII
 * letters and digits a word, words separated by one space (a surname's reading first: 单 shan,
 * 曾 zeng), then a tab and the name itself, so that byte order is pinyin order, then the name's
 * own ("a ming\t阿明" < "smith\tSmith" < "zhang san\t张三" < "zhang san\t章三"). */
void pinyin_sort_key(const char *name, struct sbuf *out);

#endif
