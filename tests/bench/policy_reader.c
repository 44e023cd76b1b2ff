/* The plain reader of tests/bench/policy.sh: the baseline of `policy eval --all`.
 *
 *   usage: policy_reader DB BYTES_PER_PERSON > /dev/null
 *
 * It runs the five statements src/core/facts.c runs for every person (the same SQL: facts_sql
 * gives it, persons in key order with the household's flags from the person's own columns, the
 * insurance, enrollments, certificates and grants each in person order), steps them merged by
 * person id as facts_iter_next does, and reads every column of every row as text through the
 * plain SQLite API: no facts tree, no policies. For each person it writes the row and its
 * insurance, enrollments, certificates and grants as one JSON line, repeated (whole lines) until
 * the output is on average BYTES_PER_PERSON a person, so that it writes as much as jobdesk does;
 * writes go out a megabyte at a time. It prints the persons and bytes written on stderr. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/facts.h"
#include "util/sbuf.h"

/* Stop with a message. */
static void
reader_die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "policy_reader: %s: %s\n", what, db != NULL ? sqlite3_errmsg(db) : "");
	exit(70);
}

/* Prepare one of facts.c's queries or stop. */
static sqlite3_stmt *
reader_prepare(sqlite3 *db, enum facts_query q)
{
	sqlite3_stmt *st;
	char *sql = facts_sql(q);

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		reader_die(db, sql);
	free(sql);
	return st;
}

/* Step a statement: 1 for a row, 0 at the end; stops on an error. */
static int
reader_step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		reader_die(db, "step");
	return 0;
}

/* Append a column as JSON: null, or its text as a string (escaped as JSON needs). */
static void
reader_json_col(struct sbuf *b, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL) {
		sbuf_addn(b, "null", 4);
		return;
	}
	sbuf_addc(b, '"');
	for (const unsigned char *p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			sbuf_addc(b, '\\');
			sbuf_addc(b, (char)*p);
		} else if (*p < 0x20) {
			char esc[8];
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			sbuf_add(b, esc);
		} else {
			sbuf_addc(b, (char)*p);
		}
	}
	sbuf_addc(b, '"');
}

/* Append a row (from column first on) as a JSON array. */
static void
reader_json_row(struct sbuf *b, sqlite3_stmt *st, int first)
{
	int n = sqlite3_column_count(st);

	sbuf_addc(b, '[');
	for (int i = first; i < n; i++) {
		if (i > first)
			sbuf_addc(b, ',');
		reader_json_col(b, st, i);
	}
	sbuf_addc(b, ']');
}

/* Append the rows of a child statement that belong to person id, as "name":[[...],...]; *more
 * says whether the statement still has a row (it is left on the first row of a later person). */
static void
reader_children(sqlite3 *db, struct sbuf *b, const char *name, sqlite3_stmt *st, int *more,
    const char *id)
{
	int c, k = 0;

	sbuf_addf(b, ",\"%s\":[", name);
	while (*more && (c = strcmp((const char *)sqlite3_column_text(st, 0), id)) <= 0) {
		if (c == 0) {
			if (k++ > 0)
				sbuf_addc(b, ',');
			reader_json_row(b, st, 1);
		}
		*more = reader_step(db, st);
	}
	sbuf_addc(b, ']');
}

/* Write the buffer out. */
static void
reader_flush(struct sbuf *out)
{
	for (size_t off = 0; off < out->len;) {
		ssize_t n = write(STDOUT_FILENO, out->s + off, out->len - off);
		if (n <= 0) {
			perror("policy_reader: write");
			exit(74);
		}
		off += (size_t)n;
	}
	sbuf_reset(out);
}

/* Read every person as facts.c does and write comparable output. */
int
main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	struct sbuf out = SBUF_INIT, line = SBUF_INIT;
	sqlite3_stmt *person, *insurance, *enrollment, *certificate, *decision;
	int imore, emore, cmore, dmore;
	long persons = 0;
	double per, owed = 0;
	unsigned long long bytes = 0;
	char *end;

	if (argc != 3 || (per = strtod(argv[2], &end)) <= 0 || *end != '\0') {
		fprintf(stderr, "usage: policy_reader DB BYTES_PER_PERSON > /dev/null\n");
		return 64;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		reader_die(db, argv[1]);
	person = reader_prepare(db, FACTS_Q_PERSON);
	insurance = reader_prepare(db, FACTS_Q_INSURANCE);
	enrollment = reader_prepare(db, FACTS_Q_ENROLLMENT);
	certificate = reader_prepare(db, FACTS_Q_CERTIFICATE);
	decision = reader_prepare(db, FACTS_Q_DECISION);
	imore = reader_step(db, insurance);
	emore = reader_step(db, enrollment);
	cmore = reader_step(db, certificate);
	dmore = reader_step(db, decision);
	while (reader_step(db, person)) {
		const char *id = (const char *)sqlite3_column_text(person, 0);
		sbuf_reset(&line);
		sbuf_add(&line, "{\"person\":");
		reader_json_row(&line, person, 0);
		reader_children(db, &line, "insurance", insurance, &imore, id);
		reader_children(db, &line, "certificates", certificate, &cmore, id);
		reader_children(db, &line, "enrollments", enrollment, &emore, id);
		reader_children(db, &line, "grants", decision, &dmore, id);
		sbuf_add(&line, "}\n");
		/* whole lines, as many as keep the output at about BYTES_PER_PERSON a person */
		owed += per;
		do {
			sbuf_addn(&out, line.s, line.len);
			owed -= (double)line.len;
			bytes += line.len;
		} while (owed >= (double)line.len);
		if (out.len >= 1 << 20)
			reader_flush(&out);
		persons++;
	}
	reader_flush(&out);
	sqlite3_finalize(person);
	sqlite3_finalize(insurance);
	sqlite3_finalize(enrollment);
	sqlite3_finalize(certificate);
	sqlite3_finalize(decision);
	sqlite3_close(db);
	sbuf_free(&out);
	sbuf_free(&line);
	fprintf(stderr, "policy_reader: %ld persons, %llu bytes\n", persons, bytes);
	return 0;
}
