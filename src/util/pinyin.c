/* Pinyin initials of Han characters, from the Unihan readings (a generated table). */
#include "util/pinyin.h"

#include "util/utf8.h"

/* Letters the readings of cp start with: bit 0 = 'a' ... bit 25 = 'z'; 0 when not a Han character. */
uint32_t
pinyin_mask(uint32_t cp)
{
	if (cp >= pinyin_dense_first && cp - pinyin_dense_first < pinyin_dense_count)
		return pinyin_dense[cp - pinyin_dense_first];
	uint32_t lo = 0, hi = pinyin_sparse_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (pinyin_sparse[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pinyin_sparse_count && pinyin_sparse[lo][0] == cp ? pinyin_sparse[lo][1] : 0;
}

/* Append every initials spelling of a name ("wl" for 王丽; 单 gives d, s and c), space-separated,
 * at most max of them; ASCII letters count as themselves, other characters are skipped. */
int
pinyin_initials(const char *name, int max, struct sbuf *out)
{
	enum { MAXCH = 16 };
	uint32_t masks[MAXCH];
	int n = 0, count = 0;

	while (*name && n < MAXCH) {
		uint32_t cp = utf8_next(&name);
		uint32_t m = 0;
		if (cp >= 'a' && cp <= 'z')
			m = 1u << (cp - 'a');
		else if (cp >= 'A' && cp <= 'Z')
			m = 1u << (cp - 'A');
		else
			m = pinyin_mask(cp);
		if (m != 0)
			masks[n++] = m;
	}
	if (n == 0)
		return 0;
	/* Walk the combinations like an odometer: pick[i] is the letter chosen at position i. */
	int pick[MAXCH];
	for (int i = 0; i < n; i++)
		pick[i] = __builtin_ctz(masks[i]);
	for (;;) {
		if (count > 0)
			sbuf_addc(out, ' ');
		for (int i = 0; i < n; i++)
			sbuf_addc(out, (char)('a' + pick[i]));
		if (++count >= max)
			break;
		int i = n - 1;
		for (; i >= 0; i--) {
			int next = pick[i] + 1;
			while (next < 26 && !(masks[i] & (1u << next)))
				next++;
			if (next < 26) {
				pick[i] = next;
				break;
			}
			pick[i] = __builtin_ctz(masks[i]);
		}
		if (i < 0)
			break;
	}
	return count;
}

/* The whole toneless syllables of cp, most common first, into out; how many. */
int
pinyin_syllables_of(uint32_t cp, const char *out[3])
{
	int n = 0;

	if (cp < pinyin_full_first || cp - pinyin_full_first >= pinyin_full_count)
		return 0;
	uint32_t v = pinyin_full[cp - pinyin_full_first];
	for (int i = 0; i < 3; i++) {
		uint32_t s = (v >> (10 * i)) & 1023;
		if (s != 0 && s <= pinyin_syllable_count)
			out[n++] = pinyin_syllables[s];
	}
	return n;
}

/* Whether two characters can be read alike: a syllable in common, or the same character. */
static bool
pinyin_same_char(uint32_t a, uint32_t b)
{
	const char *sa[3], *sb[3];
	int na, nb;

	if (a >= 'A' && a <= 'Z')
		a += 'a' - 'A';
	if (b >= 'A' && b <= 'Z')
		b += 'a' - 'A';
	if (a == b)
		return true;
	na = pinyin_syllables_of(a, sa);
	nb = pinyin_syllables_of(b, sb);
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			if (sa[i] == sb[j])  /* one table: the same syllable is the same pointer */
				return true;
	return false;
}

/* Whether two names sound the same in pinyin, character by character. */
bool
pinyin_same_name(const char *a, const char *b)
{
	while (*a && *b)
		if (!pinyin_same_char(utf8_next(&a), utf8_next(&b)))
			return false;
	return *a == '\0' && *b == '\0';
}
