/* Pinyin of Han characters, from the Unihan readings (generated tables): initials, whole
 * syllables, names compared by sound and the sort key of a name. */
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

/* The readings of characters that differ as a surname (the first character of a name). */
static const struct { uint32_t cp; const char *syl; } pinyin_surnames[] = {
	{ 0x4E50, "yue" },   /* 乐 */
	{ 0x4EC7, "qiu" },   /* 仇 */
	{ 0x533A, "ou" },    /* 区 */
	{ 0x5355, "shan" },  /* 单 */
	{ 0x5C09, "yu" },    /* 尉 */
	{ 0x66FE, "zeng" },  /* 曾 */
	{ 0x6734, "piao" },  /* 朴 */
	{ 0x67E5, "zha" },   /* 查 */
	{ 0x76D6, "ge" },    /* 盖 */
	{ 0x79CD, "chong" }, /* 种 */
	{ 0x7FDF, "zhai" },  /* 翟 */
	{ 0x7F2A, "miao" },  /* 缪 */
	{ 0x8983, "qin" },   /* 覃 */
	{ 0x89E3, "xie" },   /* 解 */
};

/* The syllable a character of a name is read as: a surname's reading first, else the most
 * common one; NULL when the table does not know it. */
static const char *
pinyin_reading(uint32_t cp, bool first)
{
	const char *syl[3];

	if (first)
		for (size_t i = 0; i < sizeof pinyin_surnames / sizeof *pinyin_surnames; i++)
			if (pinyin_surnames[i].cp == cp)
				return pinyin_surnames[i].syl;
	return pinyin_syllables_of(cp, syl) > 0 ? syl[0] : NULL;
}

/* The sort key of a name: its pinyin words, a tab, the name. */
void
pinyin_sort_key(const char *name, struct sbuf *out)
{
	const char *p = name;
	bool first = true, word = false;  /* word: inside a run of ASCII letters and digits */
	size_t start = out->len;

	while (*p) {
		uint32_t cp = utf8_next(&p);
		const char *syl;
		bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
		if (alnum) {
			if (!word && out->len > start)
				sbuf_addc(out, ' ');
			sbuf_addc(out, (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
			word = true;
		} else if ((syl = pinyin_reading(cp, first)) != NULL) {
			if (out->len > start)
				sbuf_addc(out, ' ');
			sbuf_add(out, syl);
			word = false;
		} else if (cp > 0x7F && cp != 0xB7 && cp != 0x30FB && cp != 0x2022 && cp != 0x3000) {
			/* a character the table does not know (not a name's dot or space) sorts as itself */
			if (out->len > start)
				sbuf_addc(out, ' ');
			utf8_put(out, cp);
			word = false;
		} else {
			word = false;  /* a space or a mark between words */
		}
		first = false;
	}
	sbuf_addc(out, '\t');
	sbuf_add(out, name);
}
