/* Finding a person: by name or part of it, pinyin initials, ID number or its tail, phone.
 *
 * Every kind of query runs on an index: person_fts (FTS5, its rowid person_search.docid) holds
 * each name's characters and character pairs, its pinyin initials, and the ID number and
 * phone reversed behind 'i' and 'u', so that "the last four digits" is a prefix query. */
#include "core/search.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/role.h"
#include "util/field.h"
#include "util/idnum.h"
#include "util/pinyin.h"
#include "util/utf8.h"
#include "util/utext.h"
#include "util/xalloc.h"

/* The most initials spellings kept for one name (polyphonic characters multiply them). */
static const int search_max_spellings = 16;

/* Whether a code point belongs in a name token (letters, digits, Han characters). */
static int
search_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp);
	return cp >= 0x2e80 && cp != 0x3000 && cp != 0x30fb && cp != 0xff0e && cp != 0xfffd &&
	    !(cp >= 0x3001 && cp <= 0x303f) && !(cp >= 0xff01 && cp <= 0xff0f);
}

/* Append the characters (when asked) and adjacent character pairs of each run of word characters. */
static void
search_grams(const char *s, struct sbuf *out, int with_unigrams)
{
	const char *p = s, *prev = NULL, *prev_end = NULL;

	while (*p) {
		const char *start = p;
		uint32_t cp = utf8_next(&p);
		if (!search_word_cp(cp)) {
			prev = NULL;
			continue;
		}
		if (with_unigrams) {
			if (out->len > 0)
				sbuf_addc(out, ' ');
			sbuf_addn(out, start, (size_t)(p - start));
		}
		if (prev != NULL) {
			if (out->len > 0)
				sbuf_addc(out, ' ');
			sbuf_addn(out, prev, (size_t)(prev_end - prev));
			sbuf_addn(out, start, (size_t)(p - start));
		}
		prev = start;
		prev_end = p;
	}
}

/* Append a reversed ASCII string behind a tag letter. */
static void
search_reversed(const char *tag, const char *s, struct sbuf *out)
{
	size_t n = strlen(s);

	if (out->len > 0)
		sbuf_addc(out, ' ');
	sbuf_add(out, tag);
	while (n > 0)
		sbuf_addc(out, s[--n]);
}

/* Append the index tokens of a person to out (the jd_search_tokens SQL function). */
void
search_tokens(const char *name, const char *id_number, const char *phone, struct sbuf *out)
{
	if (name != NULL) {
		search_grams(name, out, 1);
		if (out->len > 0)
			sbuf_addc(out, ' ');
		pinyin_initials(name, search_max_spellings, out);
	}
	if (id_number != NULL)
		search_reversed("i", id_number, out);
	if (phone != NULL)
		search_reversed("u", phone, out);
}

/* Whether every byte is one of the set. */
static int
search_all(const char *s, const char *set)
{
	return *s != '\0' && strspn(s, set) == strlen(s);
}

/* Build the FTS5 MATCH text for a query; *exact_id or *name_filter are set for those paths. */
static int
search_match(const char *q, struct sbuf *match, char **exact_id, char **name_filter,
    struct diag *d)
{
	size_t len = strlen(q);
	static const char digits[] = "0123456789";

	if (!utf8_valid(q, len))
		return diag_set(d, EX_DATAERR, "search: the query is not valid UTF-8 text");
	if (search_all(q, digits) || (len > 1 && strspn(q, digits) == len - 1 &&
	    (q[len - 1] == 'X' || q[len - 1] == 'x'))) {
		if (len == 18) {
			*exact_id = xstrdup(q);
			if ((*exact_id)[17] == 'x')
				(*exact_id)[17] = 'X';
			return 0;
		}
		if (len < 4) {
			diag_set(d, EX_USAGE, "search: '%s' is too short; give at least the last "
			    "4 digits of an ID number or phone", q);
			if (d != NULL)
				d->reason = SEARCH_TOO_SHORT;
			return EX_USAGE;
		}
		struct sbuf rev = SBUF_INIT;
		search_reversed("", q, &rev);
		if (q[len - 1] == 'X' || q[len - 1] == 'x')
			sbuf_addf(match, "i%s*", sbuf_str(&rev));  /* only ID numbers end in X */
		else
			sbuf_addf(match, "i%s* OR u%s*", sbuf_str(&rev), sbuf_str(&rev));
		sbuf_free(&rev);
		return 0;
	}
	if (search_all(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
		/* no pinyin syllable begins with i, u or v (yi, wu, yu): those letters tag the
		 * ID number and phone tokens, so initials beginning with them match nobody */
		if (strchr("iuvIUV", q[0]) != NULL)
			return 0;
		for (const char *p = q; *p; p++)
			sbuf_addc(match, (char)tolower((unsigned char)*p));
		sbuf_addc(match, '*');
		return 0;
	}
	/* A name or part of one: one character is its own token, longer text the AND of its pairs,
	 * then the whole text is checked against the name. Spaces typed between characters
	 * ("王 丽") are not part of any name token, so they are dropped. */
	struct sbuf grams = SBUF_INIT;
	size_t words = 0;
	const char *p = q;
	while (*p)
		words += search_word_cp(utf8_next(&p)) != 0;
	search_grams(q, &grams, words == 1);
	if (grams.len == 0) {
		sbuf_free(&grams);
		return diag_set(d, EX_USAGE, "search: '%s' has no letters, digits or characters to "
		    "look for", q);
	}
	for (char *tok = strtok(grams.s, " "); tok != NULL; tok = strtok(NULL, " ")) {
		if (match->len > 0)
			sbuf_add(match, " AND ");
		sbuf_addf(match, "\"%s\"", tok);
	}
	sbuf_free(&grams);
	if (words > 1)
		*name_filter = xstrdup(q);
	return 0;
}

/* The two statements of a search, before the user's offices and the limit: an ID number (?1),
 * or the tokens (?3) and, for a name of several characters, the name's text (?4). Limit ?2. */
static const char search_exact_sql[] = "SELECT id, name, id_number, phone, birth_date, stage "
    "FROM person p WHERE id_number = ?1 ";
static const char search_match_sql[] = "SELECT p.id, p.name, p.id_number, p.phone, "
    "p.birth_date, p.stage FROM person_fts JOIN person_search s ON s.docid = person_fts.rowid "
    "JOIN person p ON p.id = s.person_id "
    "WHERE person_fts MATCH ?3 AND (?4 IS NULL OR instr(p.name, ?4) > 0) ";

/* Find up to limit persons matching query; *hits is an array the caller frees with search_free. */
int
search_run(struct db *db, const char *query, int limit, struct search_hit **hits, int *n,
    struct diag *d)
{
	struct sbuf match = SBUF_INIT, sql = SBUF_INIT;
	struct role_scope scope = { 0 };
	char *exact_id = NULL, *name_filter = NULL;
	struct db_stmt *st;
	int ret, cap = 0;

	*hits = NULL;
	*n = 0;
	/* digits and letters as an input method types them (２２０１, Ｘ) are their ASCII forms;
	 * spaces are in no token ("王 丽", "139 1234 5678"): drop them all */
	char *typed = xmalloc(strlen(query) + 1);
	field_ascii(query, typed, strlen(query) + 1, 1);
	char *q = xmalloc(strlen(typed) + 1), *w = q;
	for (const char *r = typed; *r; r++)
		if (*r != ' ' && *r != '\t')
			*w++ = *r;
	*w = '\0';
	free(typed);
	if (utf8_valid(q, strlen(q))) {
		/* names are stored in NFC: José typed with a combining accent finds José */
		char *nfc = utext_nfc(q);
		free(q);
		q = nfc;
	}
	if ((ret = search_match(q, &match, &exact_id, &name_filter, d)) != 0)
		goto out;
	if (exact_id == NULL && match.len == 0)
		goto out;
	if ((ret = role_scope(db, &scope, d)) != 0)
		goto out;
	/* the statement as the owner runs it, or with the user's offices (their number is the
	 * text's: a few texts, each kept prepared) */
	sbuf_add(&sql, exact_id != NULL ? search_exact_sql : search_match_sql);
	role_scope_sql(&scope, 5, &sql);
	sbuf_add(&sql, "LIMIT ?2");
	st = db_cached(db, sbuf_str(&sql));
	if (exact_id != NULL) {
		db_bind_text(st, 1, exact_id);
	} else {
		db_bind_text(st, 3, sbuf_str(&match));
		db_bind_text(st, 4, name_filter);
	}
	role_scope_bind(st, &scope, 5);
	db_bind_int(st, 2, limit);
	while ((ret = db_step(st, "search", d)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*hits = xreallocarray(*hits, (size_t)cap, sizeof **hits);
		}
		struct search_hit *h = &(*hits)[(*n)++];
		h->id = xstrdup(db_col_text(st, 0));
		h->name = xstrdup(db_col_text(st, 1));
		h->id_number = xstrdup(db_col_text(st, 2));
		if (!role_whole_ids(db) && h->id_number != NULL) {
			char masked[19];   /* a list, for a role that may not copy the office */
			idnum_mask(h->id_number, masked);
			free(h->id_number);
			h->id_number = xstrdup(masked);
		}
		h->phone = xstrdup(db_col_text(st, 3));
		h->birth_date = xstrdup(db_col_text(st, 4));
		h->stage = xstrdup(db_col_text(st, 5));
	}
	db_reset(st);  /* kept prepared: release it */
out:
	role_scope_free(&scope);
	sbuf_free(&sql);
	free(q);
	free(exact_id);
	free(name_filter);
	sbuf_free(&match);
	return ret;
}

/* Free hits from search_run. */
void
search_free(struct search_hit *hits, int n)
{
	for (int i = 0; i < n; i++) {
		free(hits[i].id);
		free(hits[i].name);
		free(hits[i].id_number);
		free(hits[i].phone);
		free(hits[i].birth_date);
		free(hits[i].stage);
	}
	free(hits);
}

/* Bring person_fts up to date with person_search inside the open transaction (dbopen makes
 * it the pre-commit hook of every db_transaction): take out the tokens of rows that changed or went, put
 * in those of pending rows, set-wise. */
int
search_sync(struct db *db, struct diag *d)
{
	static const char *const steps[] = {
		"INSERT INTO person_fts(person_fts, rowid, tokens) "
		"SELECT 'delete', docid, tokens FROM search_gone ORDER BY id",
		"DELETE FROM search_gone",
		/* the tokens are not stored (schema step 15): made from the person's row */
		"INSERT INTO person_fts(rowid, tokens) "
		"SELECT s.docid, jd_search_tokens(p.name, p.id_number, p.phone) FROM person_search s "
		"JOIN person p ON p.id = s.person_id WHERE s.pending ORDER BY s.docid",
		"UPDATE person_search SET pending = 0 WHERE pending",
	};
	int64_t pending = 0;
	int ret = 0;

	/* as ever, a count that fails finds no work and the commit goes ahead */
	db_query_int(db, "SELECT (SELECT count(*) FROM search_gone) + "
	    "(SELECT count(*) FROM (SELECT 1 FROM person_search WHERE pending LIMIT 1))", &pending,
	    "reading the search index", NULL);
	bool work = pending > 0;
	for (size_t i = 0; work && ret == 0 && i < sizeof steps / sizeof *steps; i++)
		ret = db_exec(db, steps[i], d);
	return ret;
}
