/* Bundles (core/bundle.h): the keys, trusting another office, writing and reading a bundle,
 * holding one that came early, applying, acknowledging and pruning, the status per office.
 *
 * The file: magic "JDBUNDLE" (8 bytes), the Ed25519 signature (64) over every byte after it,
 * then the header: format 1, algorithm 1 (Ed25519 + crypto_box_seal + secretstream xchacha20-
 * poly1305), from's and to's code lengths (1 byte each), the chunk size (4 bytes big-endian),
 * from's and to's codes, the sealed stream key (crypto_box_SEALBYTES + 32), the stream's
 * header (24); then the body in chunks of the chunk size (the last tagged FINAL, the first
 * authenticating the header as additional data). The signature is checked first, against each
 * trusted office's key; nothing else is read before one holds.
 *
 * The body: numbers as 8 bytes big-endian (n), text and bytes as a length (n) and the bytes (s):
 * format, schema version, from, to, made at, epoch, the epoch's first sequence number the sender
 * holds, first, last, the ack (epoch, -1 when nothing was received; seq), the audit chain head
 * (seq, hash), the tables (count; each: name, columns (count; each: name, type, pk position)),
 * the settings (count; key, value), the policy files (count; name, bytes), the changesets
 * (count; each: seq, at, origin, bytes), then the archived policy sets the changesets'
 * decisions name (count; each: hash, created at, files (count; each: name, hash, bytes)):
 * the archive is not synced (core/outbox.c), so a decision's set travels beside it. */
#include "core/bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/casefile.h"
#include "core/csfilter.h"
#include "core/db.h"
#include "core/decision.h"
#include "core/outbox.h"
#include "core/policydir.h"
#include "core/role.h"
#include "core/schema.h"
#include "core/session.h"
#include "core/snapshot.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/infile.h"
#include "util/json.h"
#include "util/outfile.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static const char bundle_magic[8] = { 'J', 'D', 'B', 'U', 'N', 'D', 'L', 'E' };
static const char bundle_key_magic[] = "jobdesk sync key 1\n";
enum {
	BUNDLE_FORMAT = 1,
	BUNDLE_ALG = 1,
	BUNDLE_SIG_AT = 8,
	BUNDLE_HDR_AT = 8 + crypto_sign_BYTES,      /* the signed bytes begin here */
	BUNDLE_FIXED = 8,                           /* the header before the codes */
	BUNDLE_CHUNK = 1 << 20,
	BUNDLE_SEALED = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES,
};
/* The largest bundle read (bytes). */
#define BUNDLE_MAX (4LL * 1024 * 1024 * 1024)
/* The settings a county sets in its townships: the approval threshold and the idle lock. */
static const char *const bundle_settings[] = { DECISION_THRESHOLD_KEY, "idle_lock_minutes",
	NULL };

/* ---- the body's encoding ---- */

/* Append a number (8 bytes big-endian). */
static void
bundle_put_n(struct sbuf *b, int64_t v)
{
	char x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (char)((uint64_t)v >> (56 - 8 * i));
	sbuf_addn(b, x, 8);
}

/* Append len bytes with their length. */
static void
bundle_put_s(struct sbuf *b, const void *p, size_t len)
{
	bundle_put_n(b, (int64_t)len);
	if (len > 0)
		sbuf_addn(b, p, len);
}

/* Append text (NULL as empty) with its length. */
static void
bundle_put_t(struct sbuf *b, const char *s)
{
	bundle_put_s(b, s, s != NULL ? strlen(s) : 0);
}

/* Append a section: its count, then the items written into sub (freed). */
static void
bundle_put_section(struct sbuf *b, int64_t count, struct sbuf *sub)
{
	bundle_put_n(b, count);
	if (sub->len > 0)
		sbuf_addn(b, sub->s, sub->len);
	sbuf_free(sub);
}

/* Reading a body: where, and whether it ran past its end. */
struct bundle_rd {
	const unsigned char *p, *end;
	bool bad;
};

/* The next number (0 once past the end). */
static int64_t
bundle_get_n(struct bundle_rd *r)
{
	uint64_t v = 0;

	if (r->bad || r->end - r->p < 8) {
		r->bad = true;
		return 0;
	}
	for (int i = 0; i < 8; i++)
		v = v << 8 | r->p[i];
	r->p += 8;
	return (int64_t)v;
}

/* The next bytes (*len of them; NULL and 0 once past the end). */
static const unsigned char *
bundle_get_s(struct bundle_rd *r, size_t *len)
{
	int64_t n = bundle_get_n(r);
	const unsigned char *p = r->p;

	*len = 0;
	if (r->bad || n < 0 || n > r->end - r->p) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	*len = (size_t)n;
	return p;
}

/* The next text, copied into a new string (caller frees; "" once past the end or with a NUL). */
static char *
bundle_get_t(struct bundle_rd *r)
{
	size_t len;
	const unsigned char *p = bundle_get_s(r, &len);

	if (p != NULL && memchr(p, '\0', len) != NULL)
		r->bad = true;
	return r->bad ? xstrdup("") : xstrndup((const char *)p, len);
}

/* ---- what a body holds ---- */

/* One changeset of a bundle (pointing into the body). */
struct bundle_cs {
	int64_t seq;
	char *at, *origin;
	const unsigned char *p;
	size_t len;
};

/* A bundle's body, read (its text copied, its bytes pointing into the body). */
struct bundle_body {
	int64_t format, schema, epoch, efirst, first, last, ack_epoch, ack_seq, audit_seq;
	char *from, *to, *made_at;
	struct sbuf tables;             /* "name\tcol:type:pk,..\n" per table, to compare */
	char **set_keys, **set_values;
	size_t nset;
	char **file_names;
	const unsigned char **file_data;
	size_t *file_len, nfiles;
	struct bundle_cs *cs;
	size_t ncs;
	const unsigned char *archive;   /* the archived sets' section, read when applied */
	size_t archive_len;
};

/* Free what a body read holds. */
static void
bundle_body_free(struct bundle_body *b)
{
	free(b->from);
	free(b->to);
	free(b->made_at);
	sbuf_free(&b->tables);
	for (size_t i = 0; i < b->nset; i++) {
		free(b->set_keys[i]);
		free(b->set_values[i]);
	}
	free(b->set_keys);
	free(b->set_values);
	for (size_t i = 0; i < b->nfiles; i++)
		free(b->file_names[i]);
	free(b->file_names);
	free(b->file_data);
	free(b->file_len);
	for (size_t i = 0; i < b->ncs; i++) {
		free(b->cs[i].at);
		free(b->cs[i].origin);
	}
	free(b->cs);
	memset(b, 0, sizeof *b);
}

/* A count read from a body, checked against what is left (each item takes at least min
 * bytes); -1 when it cannot be. */
static int64_t
bundle_get_count(struct bundle_rd *r, int64_t min)
{
	int64_t n = bundle_get_n(r);

	if (r->bad || n < 0 || n > (r->end - r->p) / min) {
		r->bad = true;
		return -1;
	}
	return n;
}

/* Read a body (verified and decrypted: its sender is trusted, so a malformed one is a bug of
 * the sender's jobdesk). 0, or EX_DATAERR naming the file. */
static int
bundle_body_read(const unsigned char *p, size_t len, const char *file, struct bundle_body *b,
    struct diag *d)
{
	struct bundle_rd r = { p, p + len, false };
	int64_t n;

	memset(b, 0, sizeof *b);
	b->format = bundle_get_n(&r);
	b->schema = bundle_get_n(&r);
	b->from = bundle_get_t(&r);
	b->to = bundle_get_t(&r);
	b->made_at = bundle_get_t(&r);
	b->epoch = bundle_get_n(&r);
	b->efirst = bundle_get_n(&r);
	b->first = bundle_get_n(&r);
	b->last = bundle_get_n(&r);
	b->ack_epoch = bundle_get_n(&r);
	b->ack_seq = bundle_get_n(&r);
	b->audit_seq = bundle_get_n(&r);
	size_t hl;
	bundle_get_s(&r, &hl);
	if ((n = bundle_get_count(&r, 16)) > 0) {
		for (int64_t i = 0; i < n && !r.bad; i++) {
			char *name = bundle_get_t(&r);
			int64_t nc = bundle_get_count(&r, 24);
			sbuf_add(&b->tables, name);
			sbuf_addc(&b->tables, '\t');
			for (int64_t k = 0; k < nc && !r.bad; k++) {
				char *cn = bundle_get_t(&r), *ct = bundle_get_t(&r);
				sbuf_addf(&b->tables, "%s%s:%s:%lld", k ? "," : "", cn, ct,
				    (long long)bundle_get_n(&r));
				free(cn);
				free(ct);
			}
			sbuf_addc(&b->tables, '\n');
			free(name);
		}
	}
	if ((n = bundle_get_count(&r, 16)) > 0) {
		b->set_keys = xcalloc((size_t)n, sizeof *b->set_keys);
		b->set_values = xcalloc((size_t)n, sizeof *b->set_values);
		for (; b->nset < (size_t)n && !r.bad; b->nset++) {
			b->set_keys[b->nset] = bundle_get_t(&r);
			b->set_values[b->nset] = bundle_get_t(&r);
		}
	}
	if ((n = bundle_get_count(&r, 16)) > 0) {
		b->file_names = xcalloc((size_t)n, sizeof *b->file_names);
		b->file_data = xcalloc((size_t)n, sizeof *b->file_data);
		b->file_len = xcalloc((size_t)n, sizeof *b->file_len);
		for (; b->nfiles < (size_t)n && !r.bad; b->nfiles++) {
			b->file_names[b->nfiles] = bundle_get_t(&r);
			b->file_data[b->nfiles] = bundle_get_s(&r, &b->file_len[b->nfiles]);
		}
	}
	if ((n = bundle_get_count(&r, 32)) > 0) {
		b->cs = xcalloc((size_t)n, sizeof *b->cs);
		for (; b->ncs < (size_t)n && !r.bad; b->ncs++) {
			struct bundle_cs *c = &b->cs[b->ncs];
			c->seq = bundle_get_n(&r);
			c->at = bundle_get_t(&r);
			c->origin = bundle_get_t(&r);
			c->p = bundle_get_s(&r, &c->len);
		}
	}
	b->archive = r.p;
	b->archive_len = r.bad ? 0 : (size_t)(r.end - r.p);
	if ((n = bundle_get_count(&r, 16)) > 0) {
		/* walk it through once, so that a malformed one is refused here */
		for (int64_t i = 0; i < n && !r.bad; i++) {
			size_t l;
			bundle_get_s(&r, &l);
			bundle_get_s(&r, &l);
			int64_t nf = bundle_get_count(&r, 24);
			for (int64_t k = 0; k < nf && !r.bad; k++) {
				bundle_get_s(&r, &l);
				bundle_get_s(&r, &l);
				bundle_get_s(&r, &l);
			}
		}
	}
	if (r.bad || r.p != r.end || b->format != BUNDLE_FORMAT)
		return diag_set(d, EX_DATAERR, "%s: the bundle's contents are malformed (format %lld); "
		    "it is refused: export it again with the same jobdesk version as this one", file,
		    (long long)b->format);
	return 0;
}

/* ---- small helpers ---- */

/* This database's office code, or a refusal saying to set it (reason BUNDLE_NO_KEYS). */
static int
bundle_office(struct db *db, const char **code, struct diag *d)
{
	*code = db_office(db);
	if (*code == NULL) {
		int ret = diag_set(d, EX_DATAERR, "%s has no office yet, and bundles go between "
		    "offices: give it one first with: jobdesk init --office CODE --office-name NAME "
		    "--level township|county|city --parent CODE", db_path(db));
		d->reason = BUNDLE_NO_KEYS;
		return ret;
	}
	return 0;
}

/* The fingerprint of a signing key: the first 8 bytes of its BLAKE2b, in hex (17 bytes). */
static void
bundle_fingerprint(const unsigned char pk[32], char out[17])
{
	unsigned char h[8];

	crypto_generichash(h, sizeof h, pk, 32, NULL, 0);
	sodium_bin2hex(out, 17, h, sizeof h);
}

/* A number the database holds (SQL with one text parameter, or none when p is NULL); def when
 * there is no row or it is NULL. */
static int
bundle_int(struct db *db, const char *sql, const char *p, int64_t def, int64_t *v,
    struct diag *d)
{
	struct db_stmt *st = db_prepare(db, sql);
	int ret;

	if (p != NULL)
		db_bind_text(st, 1, p);
	*v = def;
	if ((ret = db_step(st, N_("reading the sync state"), d)) == DB_ROW) {
		if (!db_col_null(st, 0))
			*v = db_col_int(st, 0);
		ret = 0;
	}
	db_finalize(st);
	return ret;
}

/* The sync epoch of this database (the setting sync_epoch, 0 without one). */
static int
bundle_epoch(struct db *db, int64_t *v, struct diag *d)
{
	return bundle_int(db, "SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'sync_epoch'",
	    NULL, 0, v, d);
}

/* ---- keys ---- */

/* This office's keys (sign_sk 64 bytes, box_pk and box_sk 32; sign_pk 32): 0, or a refusal
 * saying to make them (reason BUNDLE_NO_KEYS) when there are none. */
static int
bundle_keys(struct db *db, unsigned char sign_pk[32], unsigned char sign_sk[64],
    unsigned char box_pk[32], unsigned char box_sk[32], struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "SELECT sign_pk, sign_sk, box_pk, box_sk FROM sync_key "
	    "WHERE id = 1");
	int ret = db_step(st, N_("reading this office's keys"), d);

	if (ret == DB_ROW) {
		size_t n[4];
		const void *p[4];
		for (int i = 0; i < 4; i++)
			p[i] = db_col_bytes(st, i, &n[i]);
		if (n[0] == 32 && n[1] == 64 && n[2] == 32 && n[3] == 32) {
			memcpy(sign_pk, p[0], 32);
			memcpy(sign_sk, p[1], 64);
			memcpy(box_pk, p[2], 32);
			memcpy(box_sk, p[3], 32);
			ret = 0;
		} else {
			ret = diag_set(d, EX_DATAERR, "%s: this office's keys are damaged", db_path(db));
		}
	} else if (ret == 0) {
		ret = diag_set(d, EX_DATAERR, "this office has no sync keys yet: make them once with "
		    "jobdesk sync key FILE, and give FILE to the office you exchange bundles with");
		d->reason = BUNDLE_NO_KEYS;
	}
	db_finalize(st);
	return ret;
}

/* Make this office's key pairs when it has none (a db_transaction's work; arg: bool *made). */
static int
bundle_key_make(struct db *db, void *arg, struct diag *d)
{
	unsigned char spk[32], ssk[64], bpk[32], bsk[32];
	int64_t have = 0;
	char now[32];
	int ret;

	if ((ret = db_query_int(db, "SELECT count(*) FROM sync_key", &have,
	    N_("reading this office's keys"), d)) != 0 || have > 0)
		return ret;
	crypto_sign_keypair(spk, ssk);
	crypto_box_keypair(bpk, bsk);
	db_now(now);
	struct db_stmt *st = db_prepare(db, "INSERT INTO sync_key (id, sign_pk, sign_sk, box_pk, "
	    "box_sk, made_at) VALUES (1, ?1, ?2, ?3, ?4, ?5)");
	db_bind_blob(st, 1, spk, 32);
	db_bind_blob(st, 2, ssk, 64);
	db_bind_blob(st, 3, bpk, 32);
	db_bind_blob(st, 4, bsk, 32);
	db_bind_text(st, 5, now);
	ret = db_run(st, N_("recording this office's keys"), d);
	db_finalize(st);
	sodium_memzero(ssk, sizeof ssk);
	sodium_memzero(bsk, sizeof bsk);
	*(bool *)arg = ret == 0;
	return ret;
}

/* Write this office's public keys into the new file, making them first when needed. */
int
bundle_key(struct db *db, const char *file, bool *made, char fingerprint[17], struct diag *d)
{
	unsigned char spk[32], ssk[64], bpk[32], bsk[32];
	char hs[65], hb[65];
	const char *office;
	int ret;

	*made = false;
	if ((ret = role_check(db, ROLE_ACT_SYNC, NULL, d)) != 0 ||
	    (ret = bundle_office(db, &office, d)) != 0)
		return ret;
	if ((ret = db_transaction(db, bundle_key_make, made, d)) != 0 ||
	    (ret = bundle_keys(db, spk, ssk, bpk, bsk, d)) != 0)
		return ret;
	sodium_memzero(ssk, sizeof ssk);
	sodium_memzero(bsk, sizeof bsk);
	sodium_bin2hex(hs, sizeof hs, spk, 32);
	sodium_bin2hex(hb, sizeof hb, bpk, 32);
	bundle_fingerprint(spk, fingerprint);
	char *text = xasprintf("%soffice %s\nsign %s\nbox %s\n", bundle_key_magic, office, hs, hb);
	ret = outfile_write_new(file, text, strlen(text), d);
	free(text);
	return ret;
}

/* Read a key file: its office code (13 bytes) and keys. 0, or EX_NOINPUT/EX_DATAERR naming
 * the file and line. */
static int
bundle_key_read(const char *file, char office[13], unsigned char spk[32], unsigned char bpk[32],
    struct diag *d)
{
	char buf[512], line[256];
	FILE *f = infile_fopen(file, 4096, N_("a sync key file"), d);
	size_t n;
	int got = 0, ln = 0;

	if (f == NULL)
		return d->code;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (strncmp(buf, bundle_key_magic, strlen(bundle_key_magic)) != 0)
		return diag_set(d, EX_DATAERR, "%s: not a jobdesk sync key file (its first line should "
		    "be 'jobdesk sync key 1'); make one with jobdesk sync key FILE", file);
	for (const char *p = buf; *p; ln++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		size_t bin;
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p += nl != NULL ? len + 1 : len;
		if (ln == 0)
			continue;
		if (strncmp(line, "office ", 7) == 0 && strlen(line + 7) >= 2 && strlen(line + 7) <= 12 &&
		    strspn(line + 7, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") ==
		    strlen(line + 7)) {
			strcpy(office, line + 7);
			got |= 1;
		} else if (strncmp(line, "sign ", 5) == 0 && sodium_hex2bin(spk, 32, line + 5, 64,
		    NULL, &bin, NULL) == 0 && bin == 32 && strlen(line + 5) == 64) {
			got |= 2;
		} else if (strncmp(line, "box ", 4) == 0 && sodium_hex2bin(bpk, 32, line + 4, 64,
		    NULL, &bin, NULL) == 0 && bin == 32 && strlen(line + 4) == 64) {
			got |= 4;
		} else {
			return diag_set(d, EX_DATAERR, "%s:%d: not a line of a sync key file; expected "
			    "'office CODE', 'sign HEX' or 'box HEX' (64 hex digits): make the file again "
			    "with jobdesk sync key FILE", file, ln + 1);
		}
	}
	if (got != 7)
		return diag_set(d, EX_DATAERR, "%s: the sync key file lacks its %s line; make it again "
		    "with jobdesk sync key FILE", file, !(got & 1) ? "office" : !(got & 2) ? "sign" :
		    "box");
	return 0;
}

/* What bundle_trust writes. */
struct bundle_trust_work {
	const char *office, *file;
	unsigned char spk[32], bpk[32];
	bool replace, already;
};

/* Record the trusted office's keys (a db_transaction's work). */
static int
bundle_trust_work(struct db *db, void *arg, struct diag *d)
{
	struct bundle_trust_work *w = arg;
	struct db_stmt *st = db_prepare(db, "SELECT sign_pk, box_pk FROM sync_peer WHERE "
	    "office_id = ?1");
	int ret;
	char now[32];

	db_bind_text(st, 1, w->office);
	if ((ret = db_step(st, N_("reading the trusted offices"), d)) == DB_ROW) {
		size_t a, b;
		const void *pa = db_col_bytes(st, 0, &a), *pb = db_col_bytes(st, 1, &b);
		ret = 0;
		if (a == 32 && b == 32 && memcmp(pa, w->spk, 32) == 0 && memcmp(pb, w->bpk, 32) == 0) {
			w->already = true;
		} else if (!w->replace) {
			char was[17], now_fp[17];
			bundle_fingerprint(pa, was);
			bundle_fingerprint(w->spk, now_fp);
			ret = diag_set(d, EX_DATAERR, "%s: office %s is trusted already with another key "
			    "(fingerprint %s; this file's is %s), and nothing was changed: a key changes "
			    "only when the office made a new database; call that office, have its "
			    "fingerprint read out, and if it is %s run: jobdesk sync trust %s --replace",
			    w->file, w->office, was, now_fp, now_fp, w->file);
			d->reason = BUNDLE_KEY_CHANGED;
		}
	}
	db_finalize(st);
	if (ret != 0 || w->already)
		return ret;
	db_now(now);
	st = db_prepare(db, "INSERT INTO sync_peer (office_id, sign_pk, box_pk, trusted_at, "
	    "trusted_by) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (office_id) DO UPDATE SET "
	    "sign_pk = excluded.sign_pk, box_pk = excluded.box_pk, trusted_at = excluded.trusted_at, "
	    "trusted_by = excluded.trusted_by");
	db_bind_text(st, 1, w->office);
	db_bind_blob(st, 2, w->spk, 32);
	db_bind_blob(st, 3, w->bpk, 32);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, db_user(db));
	ret = db_run(st, N_("recording the trusted office"), d);
	db_finalize(st);
	return ret;
}

/* Trust the office whose key file is file (administrators). */
int
bundle_trust(struct db *db, const char *file, bool replace, char office[13],
    char fingerprint[17], bool *already, struct diag *d)
{
	struct bundle_trust_work w = { .file = file, .replace = replace };
	const char *own;
	int ret;

	*already = false;
	if ((ret = role_check(db, ROLE_ACT_OFFICE_SETTINGS, NULL, d)) != 0 ||
	    (ret = bundle_office(db, &own, d)) != 0 ||
	    (ret = bundle_key_read(file, office, w.spk, w.bpk, d)) != 0)
		return ret;
	if (strcmp(office, own) == 0)
		return diag_set(d, EX_DATAERR, "%s holds this office's own keys (office %s); trust the "
		    "key file of the office you exchange bundles with", file, office);
	w.office = office;
	bundle_fingerprint(w.spk, fingerprint);
	if ((ret = db_transaction(db, bundle_trust_work, &w, d)) != 0)
		return ret;
	*already = w.already;
	return 0;
}

/* ---- export ---- */

/* The synced tables' columns, written into b (count; each table: name, columns: name, type,
 * pk position). */
static int
bundle_put_tables(struct db *db, struct sbuf *b, struct diag *d)
{
	size_t n = 0;
	int ret = 0;

	while (outbox_tables[n] != NULL)
		n++;
	bundle_put_n(b, (int64_t)n);
	for (size_t i = 0; i < n && ret == 0; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT name, type, pk FROM pragma_table_info(?1) "
		    "ORDER BY cid");
		struct sbuf cols = SBUF_INIT;
		int64_t nc = 0;
		db_bind_text(st, 1, outbox_tables[i]);
		while ((ret = db_step(st, N_("reading the synced tables' columns"), d)) == DB_ROW) {
			bundle_put_t(&cols, db_col_text(st, 0));
			bundle_put_t(&cols, db_col_text(st, 1));
			bundle_put_n(&cols, db_col_int(st, 2));
			nc++;
		}
		db_finalize(st);
		bundle_put_t(b, outbox_tables[i]);
		bundle_put_section(b, nc, &cols);
	}
	return ret;
}

/* The policy files of the directory dir (its *.yaml files), written into b (count; name,
 * bytes). 0, or a code naming the file that cannot be read. */
static int
bundle_put_policies(const char *dir, struct sbuf *b, struct diag *d)
{
	struct dirent **names = NULL;
	int n = dir != NULL ? scandir(dir, &names, NULL, alphasort) : 0, ret = 0;
	int64_t count = 0;
	struct sbuf files = SBUF_INIT;

	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);
		if (ret == 0 && nm[0] != '.' && len > 5 && strcmp(nm + len - 5, ".yaml") == 0) {
			char *path = xasprintf("%s/%s", dir, nm);
			FILE *f = infile_fopen(path, INFILE_YAML_MAX, N_("a policy or facts file"), d);
			if (f == NULL) {
				ret = d->code;
			} else {
				char *data = xmalloc(INFILE_YAML_MAX);
				size_t got = fread(data, 1, INFILE_YAML_MAX, f);
				fclose(f);
				bundle_put_t(&files, nm);
				bundle_put_s(&files, data, got);
				free(data);
				count++;
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	bundle_put_section(b, count, &files);
	return ret;
}

/* Whether the office's own policy folder holds exactly the bundle b's policy files. */
static bool
bundle_policies_same(struct db *db, const struct bundle_body *b)
{
	char *dir = policydir_path(db);
	struct dirent **names = NULL;
	int n = dir != NULL ? scandir(dir, &names, NULL, alphasort) : -1;
	size_t yaml = 0;
	bool same = n >= 0;

	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);
		if (nm[0] != '.' && len > 5 && strcmp(nm + len - 5, ".yaml") == 0)
			yaml++;
		free(names[i]);
	}
	free(names);
	same = same && yaml == b->nfiles;
	for (size_t i = 0; same && i < b->nfiles; i++) {
		if (strchr(b->file_names[i], '/') != NULL || b->file_names[i][0] == '.') {
			same = false;   /* policydir_replace refuses the name */
			break;
		}
		char *path = xasprintf("%s/%s", dir, b->file_names[i]);
		struct diag ign = DIAG_INIT;
		FILE *f = infile_fopen(path, INFILE_YAML_MAX, N_("a policy or facts file"), &ign);
		free(path);
		if (f == NULL) {
			same = false;
			break;
		}
		char *data = xmalloc(b->file_len[i] + 1);
		size_t got = fread(data, 1, b->file_len[i] + 1, f);
		fclose(f);
		same = got == b->file_len[i] && memcmp(data, b->file_data[i], got) == 0;
		free(data);
	}
	free(dir);
	return same;
}

/* Replace the office's policy set with the bundle b's files (checked first, the set before
 * kept: policydir_replace). */
static int
bundle_install_policies(struct db *db, const struct bundle_body *b, struct diag *d)
{
	struct policydir_file *f = xcalloc(b->nfiles, sizeof *f);

	for (size_t i = 0; i < b->nfiles; i++)
		f[i] = (struct policydir_file){ b->file_names[i], b->file_data[i], b->file_len[i] };
	int ret = policydir_replace(db, f, b->nfiles, d);
	free(f);
	return ret;
}

/* The settings a county sets in a township, written into b (count; key, value). */
static int
bundle_put_settings(struct db *db, struct sbuf *b, struct diag *d)
{
	struct sbuf kv = SBUF_INIT;
	int64_t n = 0;
	int ret = 0;

	for (const char *const *k = bundle_settings; *k != NULL && ret == 0; k++) {
		struct db_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE key = ?1");
		db_bind_text(st, 1, *k);
		if ((ret = db_step(st, N_("reading the settings"), d)) == DB_ROW) {
			bundle_put_t(&kv, *k);
			bundle_put_t(&kv, db_col_text(st, 0));
			n++;
			ret = 0;
		}
		db_finalize(st);
	}
	bundle_put_section(b, n, &kv);
	return ret;
}

/* Selecting the changes for office `to`: for a township below (below set), the changes to
 * rows of its cases; for the office above, all but other offices' rows (own: this office). */
struct bundle_sel {
	struct db *db;
	const char *to, *own;
	bool below;
	int office_col;         /* person.office_id's column */
	int office_parent_col;  /* office.parent_id's column */
};

/* Whether a change goes to office `to` (csfilter_walk's callback): an office's row upwards
 * only the sender's own (each office's row is made by itself; the parent row a township's init
 * writes stays there), downwards the new rows of the other offices below the sender (where a
 * case may move to); to a township units always, a case's rows when the
 * case is the township's now (so a case transferred into it brings the changes still in the
 * outbox), and the change that moves a case away from the township (so it learns the case
 * left). */
static int
bundle_select(void *arg, const struct csfilter_change *c, struct diag *d)
{
	struct bundle_sel *s = arg;
	char key[128];

	if (strcmp(c->table, "office") == 0 && !s->below)
		return csfilter_text(c, 0, key, sizeof key) != NULL && strcmp(key, s->own) == 0;
	if (strcmp(c->table, "office") == 0) {
		/* down: the other offices below this one, so that a case can move between them */
		struct csfilter_value parent;
		return csfilter_text(c, 0, key, sizeof key) != NULL && strcmp(key, s->to) != 0 &&
		    csfilter_value(c, true, s->office_parent_col, &parent) == 0 &&
		    parent.type == CSFILTER_TEXT && parent.len == strlen(s->own) &&
		    memcmp(parent.p, s->own, parent.len) == 0;
	}
	if (!s->below || strcmp(c->table, "unit") == 0)
		return 1;
	struct csfilter_value was;
	if (c->op == CSFILTER_UPDATE && strcmp(c->table, "person") == 0 &&
	    csfilter_value(c, false, s->office_col, &was) == 0 && was.type == CSFILTER_TEXT &&
	    was.len == strlen(s->to) && memcmp(was.p, s->to, was.len) == 0)
		return 1;
	if (csfilter_text(c, 0, key, sizeof key) == NULL)
		return 0;
	bool owner;
	int ret = outbox_case_office(s->db, c->table, key, s->to, &owner, NULL, d);
	return ret < 0 ? -ret : owner;
}

/* Collecting the archived policy sets the selected decisions name. */
struct bundle_sets {
	int col;                        /* decision.policy_set's place */
	struct sbuf hashes;             /* "hash\n" each */
};

/* Note the policy set a decision change names (csfilter_walk's callback; keeps nothing). */
static int
bundle_note_set(void *arg, const struct csfilter_change *c, struct diag *d)
{
	struct bundle_sets *k = arg;
	struct csfilter_value v;
	char h[66];

	(void)d;
	if (k->col < 0 || strcmp(c->table, "decision") != 0 ||
	    csfilter_value(c, true, k->col, &v) != 0 || v.type != CSFILTER_TEXT || v.len != 64)
		return 0;
	memcpy(h, v.p, 64);
	h[64] = '\n';
	h[65] = '\0';
	if (strstr(sbuf_str(&k->hashes), h) == NULL)
		sbuf_add(&k->hashes, h);
	return 0;
}

/* The archived sets noted, written into b (see the top of this file). */
static int
bundle_put_sets(struct db *db, const struct bundle_sets *k, struct sbuf *b, struct diag *d)
{
	int64_t n = 0;
	int ret = 0;

	for (const char *p = sbuf_str(&k->hashes); *p; p += 65)
		n++;
	bundle_put_n(b, n);
	for (const char *p = sbuf_str(&k->hashes); *p && ret == 0; p += 65) {
		char h[65];
		memcpy(h, p, 64);
		h[64] = '\0';
		struct db_stmt *st = db_prepare(db, "SELECT jd_ts(created_at) FROM policy_set WHERE "
		    "hash = ?1");
		db_bind_text(st, 1, h);
		bundle_put_t(b, h);
		if ((ret = db_step(st, N_("reading the policy archive"), d)) == DB_ROW) {
			bundle_put_t(b, db_col_text(st, 0));
			ret = 0;
		} else if (ret == 0) {
			bundle_put_t(b, "");
		}
		db_finalize(st);
		struct sbuf files = SBUF_INIT;
		int64_t nf = 0;
		st = db_prepare(db, "SELECT s.name, s.file_hash, f.bytes FROM policy_set_file s JOIN "
		    "policy_file f ON f.hash = s.file_hash WHERE s.set_hash = ?1 ORDER BY s.name");
		db_bind_text(st, 1, h);
		while (ret == 0 && (ret = db_step(st, N_("reading the policy archive"), d)) == DB_ROW) {
			ret = 0;
			size_t len;
			const void *bytes = db_col_bytes(st, 2, &len);
			bundle_put_t(&files, db_col_text(st, 0));
			bundle_put_t(&files, db_col_text(st, 1));
			bundle_put_s(&files, bytes, len);
			nf++;
		}
		db_finalize(st);
		bundle_put_section(b, nf, &files);
	}
	return ret;
}

/* Add the archived sets of a body to this database's archive (kept as they are when there;
 * each file's bytes checked against its hash). 0 or a code. */
static int
bundle_take_sets(struct db *db, const struct bundle_body *b, struct diag *d)
{
	struct bundle_rd r = { b->archive, b->archive + b->archive_len, false };
	int64_t n = bundle_get_n(&r);
	int ret = 0;

	for (int64_t i = 0; i < n && ret == 0 && !r.bad; i++) {
		char *hash = bundle_get_t(&r), *at = bundle_get_t(&r);
		int64_t nf = bundle_get_n(&r);
		struct db_stmt *st = db_cached(db, "INSERT OR IGNORE INTO policy_set (hash, created_at) "
		    "VALUES (?1, coalesce(jd_ms(?2), jd_now_ms()))");
		db_bind_text(st, 1, hash);
		db_bind_text(st, 2, at);
		ret = db_run(st, N_("adding to the policy archive"), d);
		for (int64_t k = 0; k < nf && ret == 0 && !r.bad; k++) {
			char *name = bundle_get_t(&r), *fh = bundle_get_t(&r);
			size_t len;
			const unsigned char *bytes = bundle_get_s(&r, &len);
			unsigned char sum[crypto_hash_sha256_BYTES];
			char hex[65];
			crypto_hash_sha256(sum, bytes != NULL ? bytes : (const unsigned char *)"", len);
			sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
			if (strcmp(hex, fh) != 0) {
				ret = diag_set(d, EX_DATAERR, "the bundle's archived policy file %s does not "
				    "match its hash; it is refused", name);
			} else {
				st = db_cached(db, "INSERT OR IGNORE INTO policy_file (hash, bytes) VALUES "
				    "(?1, ?2)");
				db_bind_text(st, 1, fh);
				db_bind_blob(st, 2, bytes != NULL ? bytes : (const unsigned char *)"", len);
				if ((ret = db_run(st, N_("adding to the policy archive"), d)) == 0) {
					st = db_cached(db, "INSERT OR IGNORE INTO policy_set_file (set_hash, "
					    "name, file_hash) VALUES (?1, ?2, ?3)");
					db_bind_text(st, 1, hash);
					db_bind_text(st, 2, name);
					db_bind_text(st, 3, fh);
					ret = db_run(st, N_("adding to the policy archive"), d);
				}
			}
			free(name);
			free(fh);
		}
		free(hash);
		free(at);
	}
	return ret;
}

/* Encrypt body for the receiver's box key, sign, and write the new file. 0 or a code. */
static int
bundle_seal(const char *file, const char *from, const char *to, const unsigned char to_box[32],
    const unsigned char sign_sk[64], const struct sbuf *body, long long *bytes, struct diag *d)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	size_t flen = strlen(from), tlen = strlen(to);
	struct sbuf out = SBUF_INIT;
	unsigned char fixed[BUNDLE_FIXED];
	unsigned char sealed[BUNDLE_SEALED];
	unsigned char ssh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	unsigned char sig[crypto_sign_BYTES] = { 0 };
	int ret;

	sbuf_addn(&out, bundle_magic, 8);
	sbuf_addn(&out, (const char *)sig, sizeof sig);   /* filled in below */
	fixed[0] = BUNDLE_FORMAT;
	fixed[1] = BUNDLE_ALG;
	fixed[2] = (unsigned char)flen;
	fixed[3] = (unsigned char)tlen;
	for (int i = 0; i < 4; i++)
		fixed[4 + i] = (unsigned char)((uint32_t)BUNDLE_CHUNK >> (24 - 8 * i));
	sbuf_addn(&out, (const char *)fixed, sizeof fixed);
	sbuf_addn(&out, from, flen);
	sbuf_addn(&out, to, tlen);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_box_seal(sealed, key, sizeof key, to_box);
	sbuf_addn(&out, (const char *)sealed, sizeof sealed);
	crypto_secretstream_xchacha20poly1305_init_push(&st, ssh, key);
	sodium_memzero(key, sizeof key);
	sbuf_addn(&out, (const char *)ssh, sizeof ssh);
	size_t hdr_end = out.len, left = body->len, at = 0;
	unsigned char *cbuf = xmalloc(BUNDLE_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	do {
		size_t n = left > BUNDLE_CHUNK ? BUNDLE_CHUNK : left;
		unsigned long long clen;
		left -= n;
		crypto_secretstream_xchacha20poly1305_push(&st, cbuf, &clen,
		    (const unsigned char *)body->s + at, n, at == 0 ? (const unsigned char *)out.s +
		    BUNDLE_HDR_AT : NULL, at == 0 ? hdr_end - BUNDLE_HDR_AT : 0, left == 0 ?
		    crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		/* the additional data is read before out grows */
		sbuf_addn(&out, (const char *)cbuf, (size_t)clen);
		at += n;
	} while (left > 0);
	free(cbuf);
	sodium_memzero(&st, sizeof st);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out.s + BUNDLE_HDR_AT,
	    out.len - BUNDLE_HDR_AT, sign_sk);
	memcpy(out.s + BUNDLE_SIG_AT, sig, sizeof sig);
	*bytes = (long long)out.len;
	ret = outfile_write_new(file, out.s, out.len, d);
	sbuf_free(&out);
	return ret;
}

/* Record the bundle written for office to (a db_transaction's work; arg: the export). */
static int
bundle_export_done(struct db *db, void *arg, struct diag *d)
{
	struct bundle_exported *e = arg;
	struct db_stmt *st = db_prepare(db, "UPDATE sync_peer SET out_label = ?2, out_at = ?3 "
	    "WHERE office_id = ?1");
	char now[32];
	int ret;

	db_now(now);
	db_bind_text(st, 1, e->to);
	db_bind_text(st, 2, e->label);
	db_bind_text(st, 3, now);
	ret = db_run(st, N_("recording the bundle written"), d);
	db_finalize(st);
	return ret;
}

/* Write a bundle for office to (NULL: this office's parent) into the new file. */
int
bundle_export(struct session *s, const char *file, const char *to,
    struct bundle_exported *e, struct diag *d)
{
	struct db *db = s->db;
	unsigned char spk[32], ssk[64], bpk[32], bsk[32], to_box[32];
	const char *office;
	char *parent = NULL;
	struct sbuf body = SBUF_INIT;
	int64_t cur, ack_epoch = -1, ack_seq = 0, in_epoch = -1, in_seq = 0, below = 0;
	void *snap = NULL;       /* a snapshot for a receiver restored from a backup */
	size_t snaplen = 0;
	int ret;

	memset(e, 0, sizeof *e);
	if ((ret = role_check(db, ROLE_ACT_SYNC, NULL, d)) != 0 ||
	    (ret = bundle_office(db, &office, d)) != 0 ||
	    (ret = bundle_keys(db, spk, ssk, bpk, bsk, d)) != 0)
		return ret;
	sodium_memzero(bsk, sizeof bsk);
	if (to == NULL) {
		struct db_stmt *st = db_prepare(db, "SELECT parent_id FROM office WHERE id = ?1");
		db_bind_text(st, 1, office);
		if ((ret = db_step(st, N_("reading the office above"), d)) == DB_ROW) {
			parent = db_col_null(st, 0) ? NULL : xstrdup(db_col_text(st, 0));
			ret = 0;
		}
		db_finalize(st);
		if (ret == 0 && parent == NULL)
			ret = diag_set(d, EX_USAGE, "office %s has no office above it; name the office "
			    "the bundle is for with --to OFFICE", office);
		if (ret != 0)
			goto out;
		to = parent;
	}
	if (strlen(to) > 12 || strcmp(to, office) == 0) {
		ret = diag_set(d, EX_USAGE, "--to %s: a bundle goes to another office; give the code "
		    "of an office this one trusts (jobdesk sync status lists them)", to);
		goto out;
	}
	/* the receiver: trusted, its key, what it acknowledged and what we received from it */
	struct db_stmt *st = db_prepare(db, "SELECT box_pk, acked_epoch, acked_seq, in_epoch, in_seq, "
	    "(SELECT parent_id = ?2 FROM office WHERE id = ?1) FROM sync_peer WHERE office_id = ?1");
	db_bind_text(st, 1, to);
	db_bind_text(st, 2, office);
	if ((ret = db_step(st, N_("reading the trusted offices"), d)) == DB_ROW) {
		size_t n;
		const void *p = db_col_bytes(st, 0, &n);
		if (n == 32)
			memcpy(to_box, p, 32);
		ack_epoch = db_col_null(st, 1) ? -1 : db_col_int(st, 1);
		ack_seq = db_col_int(st, 2);
		in_epoch = db_col_null(st, 3) ? -1 : db_col_int(st, 3);
		in_seq = db_col_int(st, 4);
		below = db_col_int(st, 5);
		ret = 0;
	} else if (ret == 0) {
		ret = diag_set(d, EX_DATAERR, "office %s is not trusted here, so no bundle can be "
		    "made for it: an administrator trusts its key file first (jobdesk sync trust FILE)",
		    to);
		d->reason = BUNDLE_UNTRUSTED;
	}
	db_finalize(st);
	if (ret != 0)
		goto out;
	snprintf(e->to, sizeof e->to, "%s", to);
	/* the epoch to send: the oldest with rows the receiver has not acknowledged */
	int64_t E, efirst, first, last;
	if ((ret = bundle_epoch(db, &cur, d)) != 0)
		goto out;
	st = db_prepare(db, "SELECT min(epoch) FROM outbox WHERE ?1 < 0 OR epoch > ?1 OR "
	    "(epoch = ?1 AND seq > ?2)");
	db_bind_int(st, 1, ack_epoch);
	db_bind_int(st, 2, ack_seq);
	E = cur;
	if ((ret = db_step(st, N_("reading the outbox"), d)) == DB_ROW) {
		if (!db_col_null(st, 0))
			E = db_col_int(st, 0);
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0)
		goto out;
	st = db_prepare(db, "SELECT (SELECT first_seq FROM sync_epoch_start WHERE epoch = ?1), "
	    "max(seq) FROM outbox WHERE epoch = ?1");
	db_bind_int(st, 1, E);
	efirst = last = -1;
	if ((ret = db_step(st, N_("reading the outbox"), d)) == DB_ROW) {
		efirst = db_col_null(st, 0) ? -1 : db_col_int(st, 0);
		last = db_col_null(st, 1) ? -1 : db_col_int(st, 1);
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0)
		goto out;
	first = E == ack_epoch ? ack_seq + 1 : efirst;
	if (efirst < 0) {          /* nothing of this epoch in the outbox: the ack alone */
		first = E == ack_epoch ? ack_seq + 1 : 1;
		efirst = first;
		last = first - 1;
	}
	if (last < first - 1)
		last = first - 1;
	/* the receiver acknowledges less than this outbox still holds after it: it was restored
	 * from a backup after the rows it lost were pruned (every office had acknowledged them).
	 * A snapshot of its cases as they are now stands for them, numbered first, and the bundle
	 * covers everything up to this office's last number */
	if (E == cur) {
		int64_t issued = -1, have = -1;
		if ((ret = bundle_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
		    NULL, -1, &issued, d)) != 0)
			goto out;
		st = db_prepare(db, "SELECT min(seq) FROM outbox WHERE epoch = ?1 AND seq >= ?2");
		db_bind_int(st, 1, E);
		db_bind_int(st, 2, first);
		if ((ret = db_step(st, N_("reading the outbox"), d)) == DB_ROW) {
			have = db_col_null(st, 0) ? -1 : db_col_int(st, 0);
			ret = 0;
		}
		db_finalize(st);
		if (ret != 0)
			goto out;
		if (issued >= first && (have < 0 || have > first)) {
			struct snapshot_sel sel = { .office = below ? to : office, .all_units = true,
			    .below = !below, .office_row = below ? NULL : office };
			if ((ret = snapshot_cases(db, &sel, &snap, &snaplen, d)) != 0)
				goto out;
			e->snapshot = true;
			if (efirst < 0 || efirst > first)
				efirst = first;
			if (last < issued)
				last = issued;
		}
	}
	e->epoch = E;
	e->first = first;
	e->last = last;
	snprintf(e->label, sizeof e->label, "%s/%lld/%lld-%lld", office, (long long)E,
	    (long long)first, (long long)last);

	/* the body */
	char now[32];
	db_now(now);
	bundle_put_n(&body, BUNDLE_FORMAT);
	bundle_put_n(&body, schema_version(db));
	bundle_put_t(&body, office);
	bundle_put_t(&body, to);
	bundle_put_t(&body, now);
	bundle_put_n(&body, E);
	bundle_put_n(&body, efirst);
	bundle_put_n(&body, first);
	bundle_put_n(&body, last);
	bundle_put_n(&body, in_epoch);
	bundle_put_n(&body, in_seq);
	st = db_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	if ((ret = db_step(st, N_("reading the audit chain's head"), d)) == DB_ROW) {
		size_t hl;
		const void *h = db_col_bytes(st, 1, &hl);
		bundle_put_n(&body, db_col_int(st, 0));
		bundle_put_s(&body, h, hl);
		ret = 0;
	} else if (ret == 0) {
		bundle_put_n(&body, 0);
		bundle_put_s(&body, NULL, 0);
	}
	db_finalize(st);
	if (ret != 0 || (ret = bundle_put_tables(db, &body, d)) != 0)
		goto out;
	if (below) {
		/* the policy set this county works with (its own DB.policies/ unless one is given) */
		if ((ret = bundle_put_settings(db, &body, d)) != 0 ||
		    (ret = bundle_put_policies(s->policies_dir, &body, d)) != 0)
			goto out;
	} else {
		bundle_put_n(&body, 0);
		bundle_put_n(&body, 0);
	}
	/* the changesets: one per outbox row of the range, none back to where it came from */
	struct sbuf list = SBUF_INIT, sel = SBUF_INIT;
	struct bundle_sel bs = { db, to, office, below != 0, -1, -1 };
	struct bundle_sets sets = { -1, SBUF_INIT };
	int64_t count = 0, col = -1, ocol = -1, pcol = -1;
	if ((ret = bundle_int(db, "SELECT cid FROM pragma_table_info('decision') WHERE name = "
	    "'policy_set'", NULL, -1, &col, d)) != 0 ||
	    (ret = bundle_int(db, "SELECT cid FROM pragma_table_info('person') WHERE name = "
	    "'office_id'", NULL, -1, &ocol, d)) != 0 ||
	    (ret = bundle_int(db, "SELECT cid FROM pragma_table_info('office') WHERE name = "
	    "'parent_id'", NULL, -1, &pcol, d)) != 0)
		goto out;
	bs.office_col = (int)ocol;
	bs.office_parent_col = (int)pcol;
	sets.col = (int)col;
	st = db_prepare(db, "SELECT seq, at, origin, changeset FROM outbox WHERE epoch = ?1 AND "
	    "seq BETWEEN ?2 AND ?3 AND (origin IS NULL OR origin <> ?4) ORDER BY seq");
	db_bind_int(st, 1, E);
	db_bind_int(st, 2, first);
	db_bind_int(st, 3, last);
	db_bind_text(st, 4, to);
	if (snap != NULL) {
		if ((ret = csfilter_walk(snap, snaplen, bundle_note_set, &sets, NULL, d)) != 0) {
			db_finalize(st);
			sbuf_free(&list);
			sbuf_free(&sets.hashes);
			goto out;
		}
		bundle_put_n(&list, first);
		bundle_put_t(&list, now);
		bundle_put_t(&list, NULL);
		bundle_put_s(&list, snap, snaplen);
		count++;
	}
	while ((ret = db_step(st, N_("reading the outbox"), d)) == DB_ROW) {
		size_t len;
		const void *cs = db_col_bytes(st, 3, &len);
		{
			sbuf_reset(&sel);
			if ((ret = csfilter_walk(cs, len, bundle_select, &bs, &sel, d)) != 0)
				break;
			cs = sel.s;
			len = sel.len;
		}
		if (len == 0)
			continue;
		if ((ret = csfilter_walk(cs, len, bundle_note_set, &sets, NULL, d)) != 0)
			break;
		bundle_put_n(&list, db_col_int(st, 0));
		bundle_put_t(&list, db_col_text(st, 1));
		bundle_put_t(&list, db_col_text(st, 2));
		bundle_put_s(&list, cs, len);
		count++;
	}
	db_finalize(st);
	sbuf_free(&sel);
	if (ret == 0) {
		bundle_put_section(&body, count, &list);
		ret = bundle_put_sets(db, &sets, &body, d);
	}
	sbuf_free(&list);
	sbuf_free(&sets.hashes);
	if (ret != 0)
		goto out;
	e->changesets = (long)count;
	if ((ret = bundle_seal(file, office, to, to_box, ssk, &body, &e->bytes, d)) != 0)
		goto out;
	ret = db_transaction(db, bundle_export_done, e, d);
out:
	free(snap);
	sodium_memzero(ssk, sizeof ssk);
	if (body.s != NULL)
		sodium_memzero(body.s, body.len);
	sbuf_free(&body);
	free(parent);
	return ret;
}

/* ---- import ---- */

/* Read the whole file into *buf (caller frees). 0 or a code. */
static int
bundle_slurp(const char *file, unsigned char **buf, size_t *len, struct diag *d)
{
	struct stat sb;
	int fd = infile_open(file, BUNDLE_MAX, N_("a bundle"), &sb, d);
	size_t got = 0;

	if (fd < 0)
		return d->code;
	*buf = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			free(*buf);
			*buf = NULL;
			return diag_set(d, EX_IOERR, "%s: cannot read the bundle: %s", file,
			    r < 0 ? strerror(errno) : "it was cut short while read");
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

/* Verify the file's signature against each trusted office's key: the office whose key holds in
 * from (13 bytes). 0, or EX_DATAERR: tampered (a trusted office's code in it) or untrusted. */
static int
bundle_verify(struct db *db, const char *file, const unsigned char *buf, size_t len,
    char from[13], struct diag *d)
{
	struct db_stmt *st;
	int ret;
	bool ok = false;

	if (len < BUNDLE_HDR_AT + BUNDLE_FIXED || memcmp(buf, bundle_magic, 8) != 0)
		return diag_set(d, EX_DATAERR, "%s: not a jobdesk bundle (make one with jobdesk sync "
		    "export FILE)", file);
	st = db_prepare(db, "SELECT office_id, sign_pk FROM sync_peer ORDER BY office_id");
	while (!ok && (ret = db_step(st, N_("reading the trusted offices"), d)) == DB_ROW) {
		size_t n;
		const unsigned char *pk = db_col_bytes(st, 1, &n);
		if (n == 32 && crypto_sign_verify_detached(buf + BUNDLE_SIG_AT, buf + BUNDLE_HDR_AT,
		    len - BUNDLE_HDR_AT, pk) == 0) {
			snprintf(from, 13, "%s", db_col_text(st, 0));
			ok = true;
		}
	}
	db_finalize(st);
	if (ok)
		return 0;
	if (ret != 0 && ret != DB_ROW)
		return ret;
	/* which message: by the sender's code as the (unverified) header gives it */
	const unsigned char *h = buf + BUNDLE_HDR_AT;
	char claimed[13] = "";
	int64_t known = 0;
	if (h[2] >= 2 && h[2] <= 12 && len >= (size_t)BUNDLE_HDR_AT + BUNDLE_FIXED + h[2]) {
		memcpy(claimed, h + BUNDLE_FIXED, h[2]);
		claimed[h[2]] = '\0';
		if (strspn(claimed, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") !=
		    h[2])
			claimed[0] = '\0';
	}
	if (claimed[0] != '\0' && (ret = bundle_int(db, "SELECT count(*) FROM sync_peer WHERE "
	    "office_id = ?1", claimed, 0, &known, d)) != 0)
		return ret;
	if (claimed[0] == '\0') {
		ret = diag_set(d, EX_DATAERR, "%s: the bundle's header was changed (it names no "
		    "office) and its signature does not hold; it is refused and nothing was written: "
		    "ask the office that sent it for the bundle again", file);
		d->reason = BUNDLE_TAMPERED;
	} else if (known > 0) {
		ret = diag_set(d, EX_DATAERR, "%s: the bundle's signature does not hold for office "
		    "%s's key: a byte of it was changed or it was cut short; it is refused and nothing "
		    "was written: ask office %s for the bundle again (jobdesk sync export)", file,
		    claimed, claimed);
		d->reason = BUNDLE_TAMPERED;
	} else {
		ret = diag_set(d, EX_DATAERR, "%s: the bundle is signed by no office trusted here "
		    "(it names office %s); it is refused and nothing was written: an administrator "
		    "trusts that office's key file first (jobdesk sync trust FILE)", file, claimed);
		d->reason = BUNDLE_UNTRUSTED;
	}
	return ret;
}

/* Open the verified file: the header's codes checked (sent by `from`, to this office), the
 * body decrypted with this office's box keys into *body (caller frees). 0 or EX_DATAERR. */
static int
bundle_open(struct db *db, const char *file, const unsigned char *buf, size_t len,
    const char *from, const char *office, unsigned char **body, size_t *blen, struct diag *d)
{
	const unsigned char *h = buf + BUNDLE_HDR_AT;
	unsigned char spk[32], ssk[64], bpk[32], bsk[32];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	char hfrom[13] = "", hto[13] = "";
	int ret;

	if (h[0] != BUNDLE_FORMAT || h[1] != BUNDLE_ALG) {
		ret = diag_set(d, EX_DATAERR, "%s: a bundle of format %d, which this jobdesk does not "
		    "read (it reads format %d): bring both offices to the same jobdesk version", file,
		    h[0], BUNDLE_FORMAT);
		d->reason = BUNDLE_VERSION;
		return ret;
	}
	size_t flen = h[2], tlen = h[3];
	uint32_t chunk = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	size_t hdr_end = BUNDLE_HDR_AT + BUNDLE_FIXED + flen + tlen + BUNDLE_SEALED +
	    crypto_secretstream_xchacha20poly1305_HEADERBYTES;
	if (flen > 12 || tlen > 12 || hdr_end > len || chunk < 4096 || chunk > (1u << 24))
		return diag_set(d, EX_DATAERR, "%s: the bundle's header is malformed", file);
	memcpy(hfrom, h + BUNDLE_FIXED, flen);
	memcpy(hto, h + BUNDLE_FIXED + flen, tlen);
	if (strcmp(hfrom, from) != 0)
		return diag_set(d, EX_DATAERR, "%s: the bundle names office %s as its sender but is "
		    "signed with office %s's key; it is refused", file, hfrom, from);
	if (strcmp(hto, office) != 0) {
		ret = diag_set(d, EX_DATAERR, "%s: the bundle is for office %s, not this office (%s); "
		    "it is refused and nothing was written: import it at office %s, and ask office %s "
		    "for a bundle made with --to %s", file, hto, office, hto, from, office);
		d->reason = BUNDLE_WRONG_OFFICE;
		return ret;
	}
	if ((ret = bundle_keys(db, spk, ssk, bpk, bsk, d)) != 0)
		return ret;
	sodium_memzero(ssk, sizeof ssk);
	const unsigned char *sealed = h + BUNDLE_FIXED + flen + tlen;
	ret = crypto_box_seal_open(key, sealed, BUNDLE_SEALED, bpk, bsk);
	sodium_memzero(bsk, sizeof bsk);
	if (ret != 0 || crypto_secretstream_xchacha20poly1305_init_pull(&st, sealed +
	    BUNDLE_SEALED, key) != 0) {
		sodium_memzero(key, sizeof key);
		return diag_set(d, EX_DATAERR, "%s: the bundle cannot be opened with this office's "
		    "keys: it was sealed for keys office %s has no more (this office made new ones?); "
		    "give office %s this office's key file (jobdesk sync key) and ask for the bundle "
		    "again", file, from, from);
	}
	sodium_memzero(key, sizeof key);
	*body = xmalloc(len);
	*blen = 0;
	size_t at = hdr_end;
	unsigned char tag = 0;
	while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		size_t n = len - at;
		unsigned long long plen;
		if (n > (size_t)chunk + crypto_secretstream_xchacha20poly1305_ABYTES)
			n = (size_t)chunk + crypto_secretstream_xchacha20poly1305_ABYTES;
		if (n < crypto_secretstream_xchacha20poly1305_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&st, *body + *blen, &plen, &tag,
		    buf + at, n, at == hdr_end ? h : NULL, at == hdr_end ? hdr_end -
		    BUNDLE_HDR_AT : 0) != 0) {
			/* signed by a trusted key: only that office's own jobdesk could make this */
			sodium_memzero(&st, sizeof st);
			free(*body);
			*body = NULL;
			return diag_set(d, EX_DATAERR, "%s: the bundle's contents do not decrypt at byte "
			    "%zu; it is refused", file, at);
		}
		at += n;
		*blen += (size_t)plen;
	}
	sodium_memzero(&st, sizeof st);
	if (at != len) {
		free(*body);
		*body = NULL;
		return diag_set(d, EX_DATAERR, "%s: bytes follow the end of the bundle's contents; it "
		    "is refused", file);
	}
	return 0;
}

/* A synced table in words (translated), for a message. */
static const char *
bundle_table_words(const char *table)
{
	const char *w = casefile_table_label(table);

	return w != NULL ? w : tr("a kind of record this jobdesk does not know");
}

/* What checking a changeset's tables needs: this database's synced tables, as
 * "name\tcol:type:pk,...\n" lines, and the column counts and key flags per table. */
struct bundle_cols {
	const char *file;
	char *tables[16];
	int ncol[16];
	unsigned char pk[16][128];
	size_t n;
};

/* Whether each change's table is a synced one with this database's number of columns and key
 * (csfilter_walk's callback: 0 to go on, or EX_DATAERR). */
static int
bundle_check_change(void *arg, const struct csfilter_change *c, struct diag *d)
{
	struct bundle_cols *k = arg;

	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->tables[i], c->table) != 0)
			continue;
		bool pk_same = c->ncol == k->ncol[i];
		for (int j = 0; pk_same && j < c->ncol && j < 128; j++)
			pk_same = (c->pk[j] != 0) == (k->pk[i][j] != 0);
		if (pk_same)
			return 0;
		int ret = diag_set(d, EX_DATAERR, "%s: the bundle's changes to the %s records have %d "
		    "columns or another key than this database's (%d columns); it is refused and "
		    "nothing was written: bring both offices to the same jobdesk version", k->file,
		    bundle_table_words(c->table), c->ncol, k->ncol[i]);
		d->reason = BUNDLE_COLUMNS;
		return ret;
	}
	int ret = diag_set(d, EX_DATAERR, "%s: the bundle changes %s, which offices do not "
	    "exchange here; it is refused and nothing was written: bring both offices to the same "
	    "jobdesk version", k->file, bundle_table_words(c->table));
	d->reason = BUNDLE_COLUMNS;
	return ret;
}

/* Check a body against this database: the schema version (saying which side upgrades), every
 * synced table's columns and key, and every changeset's tables. 0 or EX_DATAERR. */
static int
bundle_check(struct db *db, const char *file, const struct bundle_body *b, struct diag *d)
{
	struct sbuf mine = SBUF_INIT;
	struct bundle_cols k = { .file = file };
	int ret, v = schema_version(db);

	if (b->schema != v) {
		if (b->schema < v)
			ret = diag_set(d, EX_DATAERR, "%s: the bundle was made with schema version %lld "
			    "and this database is at %d: office %s upgrades its jobdesk, then exports "
			    "again (its outbox keeps the changes until then); nothing was written", file,
			    (long long)b->schema, v, b->from);
		else
			ret = diag_set(d, EX_DATAERR, "%s: the bundle was made with schema version %lld "
			    "and this database is at %d: upgrade jobdesk here, then import it again "
			    "(office %s's outbox keeps the changes); nothing was written", file,
			    (long long)b->schema, v, b->from);
		d->reason = BUNDLE_VERSION;
		return ret;
	}
	/* this database's tables, written as the body's are read */
	struct sbuf enc = SBUF_INIT;
	if ((ret = bundle_put_tables(db, &enc, d)) != 0) {
		sbuf_free(&enc);
		return ret;
	}
	struct bundle_rd r = { (const unsigned char *)enc.s, (const unsigned char *)enc.s + enc.len,
		false };
	int64_t nt = bundle_get_n(&r);
	for (int64_t i = 0; i < nt; i++) {
		char *name = bundle_get_t(&r);
		int64_t nc = bundle_get_n(&r);
		sbuf_add(&mine, name);
		sbuf_addc(&mine, '\t');
		if (k.n < 16) {
			k.tables[k.n] = name;
			k.ncol[k.n] = (int)nc;
		}
		for (int64_t j = 0; j < nc; j++) {
			char *cn = bundle_get_t(&r), *ct = bundle_get_t(&r);
			int64_t pk = bundle_get_n(&r);
			sbuf_addf(&mine, "%s%s:%s:%lld", j ? "," : "", cn, ct, (long long)pk);
			if (k.n < 16 && j < 128)
				k.pk[k.n][j] = pk != 0;
			free(cn);
			free(ct);
		}
		sbuf_addc(&mine, '\n');
		if (k.n < 16)
			k.n++;
		else
			free(name);
	}
	sbuf_free(&enc);
	if (strcmp(sbuf_str(&mine), sbuf_str(&b->tables)) != 0) {
		/* name the first table that differs */
		const char *a = sbuf_str(&mine), *t = sbuf_str(&b->tables);
		while (*a && *t) {
			const char *ea = strchr(a, '\n'), *et = strchr(t, '\n');
			if (ea == NULL || et == NULL || ea - a != et - t || memcmp(a, t, (size_t)(ea - a)))
				break;
			a = ea + 1;
			t = et + 1;
		}
		char table[32];
		snprintf(table, sizeof table, "%.*s", (int)strcspn(*a ? a : t, "\t"), *a ? a : t);
		ret = diag_set(d, EX_DATAERR, "%s: the %s records have other columns or another key in "
		    "the bundle than in this database (office %s, schema version %d on both sides); it "
		    "is refused and nothing was written: bring both offices to the same jobdesk "
		    "version", file, bundle_table_words(table), b->from, v);
		d->reason = BUNDLE_COLUMNS;
	}
	for (size_t i = 0; ret == 0 && i < b->ncs; i++)
		ret = csfilter_walk(b->cs[i].p, b->cs[i].len, bundle_check_change, &k, NULL, d);
	for (size_t i = 0; i < k.n; i++)
		free(k.tables[i]);
	sbuf_free(&mine);
	return ret;
}

/* What one import does inside its transaction. */
struct bundle_apply {
	const char *file, *from, *office;
	struct bundle_imported *r;
	const unsigned char *body;      /* the new bundle's body */
	size_t blen;
	bool from_parent;               /* the sender is this office's parent: its settings apply */
	int64_t forward;                /* other trusted offices: keep what comes for them */
};

/* Where a sender stands: the epoch and last sequence number received from it (epoch -1:
 * none yet), and what it acknowledged of this office's outbox (ack_epoch -1: nothing). */
struct bundle_pos { int64_t epoch, seq, ack_epoch, ack_seq; };

/* What to do with a body given the position: BUNDLE_APPLIED (apply what is past *base),
 * BUNDLE_HELD, BUNDLE_ALREADY or BUNDLE_SUPERSEDED. A bundle with nothing new but a newer ack
 * is applied (the ack alone). */
static enum bundle_fate
bundle_fate_of(const struct bundle_body *b, const struct bundle_pos *pos, int64_t *base)
{
	bool ack_newer = b->ack_epoch >= 0 && (b->ack_epoch > pos->ack_epoch ||
	    (b->ack_epoch == pos->ack_epoch && b->ack_seq > pos->ack_seq));

	if (pos->epoch >= 0 && b->epoch < pos->epoch)
		return BUNDLE_SUPERSEDED;
	*base = pos->epoch == b->epoch ? pos->seq : b->efirst - 1;
	if (b->first > *base + 1)
		return b->last < b->first ? (ack_newer ? BUNDLE_APPLIED : BUNDLE_ALREADY) :
		    BUNDLE_HELD;
	if (b->last <= *base && !ack_newer && pos->epoch == b->epoch)
		return BUNDLE_ALREADY;
	return BUNDLE_APPLIED;
}

/* The persons a changeset moves to another office (person changes that set office_id). */
struct bundle_moved {
	int office_col;   /* person.office_id's column */
	char **ids;
	size_t n;
};

/* Note a person a change moves to another office (csfilter_walk's callback; keeps nothing). */
static int
bundle_note_moved(void *arg, const struct csfilter_change *c, struct diag *d)
{
	struct bundle_moved *m = arg;
	struct csfilter_value v;
	char key[128];

	(void)d;
	if (c->op != CSFILTER_UPDATE || strcmp(c->table, "person") != 0 ||
	    csfilter_value(c, true, m->office_col, &v) != 0 || v.type != CSFILTER_TEXT ||
	    csfilter_text(c, 0, key, sizeof key) == NULL)
		return 0;
	m->ids = xrealloc(m->ids, (m->n + 1) * sizeof *m->ids);
	m->ids[m->n++] = xstrdup(key);
	return 0;
}

/* After a changeset from office `from` is applied: a snapshot into the outbox of each case it
 * moved into a trusted office below this one (other than the sender, which has the rows), for
 * that office never received them. 0 or a code. */
static int
bundle_relay_moved(struct db *db, const void *cs, size_t len, const char *from,
    const char *office, struct diag *d)
{
	struct bundle_moved m = { -1, NULL, 0 };
	int64_t col = -1;
	size_t keep = 0;
	int ret = bundle_int(db, "SELECT cid FROM pragma_table_info('person') WHERE name = "
	    "'office_id'", NULL, -1, &col, d);

	m.office_col = (int)col;
	if (ret == 0)
		ret = csfilter_walk(cs, len, bundle_note_moved, &m, NULL, d);
	for (size_t i = 0; i < m.n && ret == 0; i++) {
		struct db_stmt *st = db_cached(db, "SELECT 1 FROM person p JOIN office o ON o.id = "
		    "p.office_id WHERE p.id = ?1 AND o.parent_id = ?2 AND p.office_id <> ?3 AND "
		    "p.office_id IN (SELECT office_id FROM sync_peer)");
		db_bind_text(st, 1, m.ids[i]);
		db_bind_text(st, 2, office);
		db_bind_text(st, 3, from);
		if ((ret = db_step(st, N_("reading the cases moved"), d)) == DB_ROW) {
			char *t = m.ids[keep];
			m.ids[keep++] = m.ids[i];
			m.ids[i] = t;
			ret = 0;
		}
		db_reset(st);
	}
	if (ret == 0 && keep > 0) {
		struct snapshot_sel sel = { .ids = (const char *const *)m.ids, .n = keep };
		ret = snapshot_store(db, &sel, d);
	}
	for (size_t i = 0; i < m.n; i++)
		free(m.ids[i]);
	free(m.ids);
	return ret;
}

/* Apply one verified body from the sender past *pos, inside the transaction: its changesets
 * through syncapply (each kept in the outbox for the other offices when there are some), the
 * settings from the parent, the position, the ack. 0 or a code. */
static int
bundle_apply_body(struct db *db, struct bundle_apply *a, const struct bundle_body *b,
    int64_t base, struct bundle_pos *pos, struct diag *d)
{
	const char *newest = NULL;
	char now[32], label[64];
	int ret = 0;

	snprintf(label, sizeof label, "%s/%lld/%lld-%lld", b->from, (long long)b->epoch,
	    (long long)b->first, (long long)b->last);
	if ((ret = bundle_take_sets(db, b, d)) != 0)
		return ret;
	for (size_t i = 0; i < b->ncs && ret == 0; i++) {
		const struct bundle_cs *c = &b->cs[i];
		if (c->seq <= base)
			continue;
		if (syncapply_changeset(db, c->p, c->len, b->from, label, &a->r->counts, d) != 0) {
			if (d->code == 0)
				diag_set(d, EX_DATAERR, "bundle %s could not be applied", label);
			d->reason = BUNDLE_APPLY;
			return d->code;
		}
		/* a case it moved into a township below: its rows first, then the move itself */
		if (a->forward > 0 && (ret = bundle_relay_moved(db, c->p, c->len, b->from, a->office,
		    d)) != 0)
			return ret;
		if (a->forward > 0) {
			struct db_stmt *st = db_cached(db, "INSERT INTO outbox (epoch, at, changeset, "
			    "origin, reach) VALUES (coalesce((SELECT CAST(value AS INTEGER) FROM setting "
			    "WHERE key = 'sync_epoch'), 0), ?1, ?2, ?3, ?4)");
			char *reach = NULL;
			if ((ret = outbox_reach(db, c->p, c->len, &reach, d)) != 0)
				return ret;
			db_bind_text(st, 1, c->at);
			db_bind_blob(st, 2, c->p, c->len);
			db_bind_text(st, 3, b->from);
			db_bind_text(st, 4, reach);
			ret = db_run(st, N_("keeping the changes for the other offices"), d);
			free(reach);
		}
		if (newest == NULL || strcmp(c->at, newest) > 0)
			newest = c->at;
	}
	/* the settings a county sets in its townships */
	for (size_t i = 0; i < b->nset && ret == 0 && a->from_parent; i++) {
		bool known = false;
		for (const char *const *k = bundle_settings; *k != NULL; k++)
			known |= strcmp(*k, b->set_keys[i]) == 0;
		if (!known)
			continue;
		struct db_stmt *st = db_cached(db, "INSERT INTO setting (key, value) VALUES (?1, ?2) "
		    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
		db_bind_text(st, 1, b->set_keys[i]);
		db_bind_text(st, 2, b->set_values[i]);
		ret = db_run(st, N_("recording the settings the county sets"), d);
	}
	/* the county's policy set replaces the office's own when it differs (policydir_replace
	 * checks it as `policy check` does first and keeps the set before) */
	if (ret == 0 && a->from_parent && b->nfiles > 0 && !bundle_policies_same(db, b))
		ret = bundle_install_policies(db, b, d);
	if (ret != 0)
		return ret;
	/* the position: moved on only by a bundle that follows on (an early one's ack alone) */
	if (b->first <= base + 1 && (pos->epoch != b->epoch || b->last > pos->seq)) {
		pos->seq = b->last;
		pos->epoch = b->epoch;
	}
	if (b->ack_epoch >= 0 && (b->ack_epoch > pos->ack_epoch || (b->ack_epoch ==
	    pos->ack_epoch && b->ack_seq > pos->ack_seq))) {
		pos->ack_epoch = b->ack_epoch;
		pos->ack_seq = b->ack_seq;
	}
	db_now(now);
	struct db_stmt *st = db_prepare(db, "UPDATE sync_peer SET in_epoch = ?2, in_seq = ?3, "
	    "in_label = ?4, in_at = ?5, newest_at = coalesce(?6, newest_at), acked_epoch = ?7, "
	    "acked_seq = ?8 WHERE office_id = ?1");
	db_bind_text(st, 1, b->from);
	if (pos->epoch >= 0)
		db_bind_int(st, 2, pos->epoch);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, pos->seq);
	db_bind_text(st, 4, label);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, newest);
	if (pos->ack_epoch >= 0)
		db_bind_int(st, 7, pos->ack_epoch);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, pos->ack_seq);
	ret = db_run(st, N_("recording the bundle received"), d);
	db_finalize(st);
	if (ret != 0)
		return ret;
	/* the audit: one event per bundle, its label and what it carried */
	struct sbuf js = SBUF_INIT;
	struct json j;
	json_init(&j, &js);
	json_obj(&j);
	json_key(&j, "bundle");
	json_str(&j, label);
	json_key(&j, "from");
	json_str(&j, b->from);
	json_key(&j, "changesets");
	json_int(&j, (int64_t)b->ncs);
	json_key(&j, "audit_head");
	json_int(&j, b->audit_seq);
	json_obj_end(&j);
	ret = audit_event(db, "sync_import", NULL, sbuf_str(&js), d);
	sbuf_free(&js);
	return ret;
}

/* Apply the held bodies from the sender that now follow on (removing those received
 * already), until none does. 0 or a code. */
static int
bundle_apply_held(struct db *db, struct bundle_apply *a, struct bundle_pos *pos, struct diag *d)
{
	bool again = true;
	int ret = 0;

	while (again && ret == 0) {
		again = false;
		struct db_stmt *st = db_prepare(db, "SELECT rowid, body FROM sync_held WHERE "
		    "from_office = ?1 ORDER BY epoch, seq_first");
		db_bind_text(st, 1, a->from);
		while (ret == 0 && !again && (ret = db_step(st, N_("reading the held bundles"), d)) ==
		    DB_ROW) {
			size_t len;
			const unsigned char *p = db_col_bytes(st, 1, &len);
			int64_t rowid = db_col_int(st, 0), base = 0;
			unsigned char *copy = xmalloc(len + 1);
			struct bundle_body b;
			memcpy(copy, p, len);
			ret = bundle_body_read(copy, len, a->file, &b, d);
			enum bundle_fate f = ret == 0 ? bundle_fate_of(&b, pos, &base) : BUNDLE_HELD;
			if (ret == 0 && f != BUNDLE_HELD) {
				db_finalize(st);
				st = NULL;
				if (f == BUNDLE_APPLIED && (ret = bundle_apply_body(db, a, &b, base, pos,
				    d)) == 0)
					a->r->held_applied++;
				if (ret == 0) {
					struct db_stmt *del = db_prepare(db, "DELETE FROM sync_held WHERE "
					    "rowid = ?1");
					db_bind_int(del, 1, rowid);
					ret = db_run(del, N_("removing a held bundle"), d);
					db_finalize(del);
				}
				again = true;
			}
			bundle_body_free(&b);
			free(copy);
		}
		db_finalize(st);
		if (ret == DB_ROW)
			ret = 0;
	}
	return ret;
}

/* Prune the outbox of what every trusted office acknowledged (same epoch, or a newer one
 * acknowledged). *n: rows removed. */
static int
bundle_prune(struct db *db, long long *n, struct diag *d)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM outbox WHERE EXISTS (SELECT 1 FROM "
	    "sync_peer) AND NOT EXISTS (SELECT 1 FROM sync_peer p WHERE p.acked_epoch IS NULL OR "
	    "NOT (outbox.epoch < p.acked_epoch OR (outbox.epoch = p.acked_epoch AND outbox.seq <= "
	    "p.acked_seq)))");
	int ret = db_run(st, N_("pruning the outbox"), d);

	db_finalize(st);
	*n += db_changes(db);
	return ret;
}

/* The import's work inside its one transaction. */
static int
bundle_import_work(struct db *db, void *arg, struct diag *d)
{
	struct bundle_apply *a = arg;
	struct bundle_body b;
	struct bundle_pos pos = { -1, 0, -1, 0 };
	int64_t base = 0;
	int ret;

	if ((ret = bundle_body_read(a->body, a->blen, a->file, &b, d)) != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, "SELECT in_epoch, in_seq, (SELECT parent_id = ?1 FROM "
	    "office WHERE id = ?2), 0, (SELECT "
	    "count(*) FROM sync_peer WHERE office_id <> ?1), acked_epoch, acked_seq FROM sync_peer "
	    "WHERE office_id = ?1");
	db_bind_text(st, 1, a->from);
	db_bind_text(st, 2, a->office);
	if ((ret = db_step(st, N_("reading the trusted offices"), d)) == DB_ROW) {
		pos.epoch = db_col_null(st, 0) ? -1 : db_col_int(st, 0);
		pos.seq = db_col_int(st, 1);
		a->from_parent = db_col_int(st, 2) == 1;
		a->forward = db_col_int(st, 4);
		pos.ack_epoch = db_col_null(st, 5) ? -1 : db_col_int(st, 5);
		pos.ack_seq = db_col_int(st, 6);
		ret = 0;
	}
	db_finalize(st);
	if (ret != 0)
		goto out;
	a->r->fate = bundle_fate_of(&b, &pos, &base);
	/* a parent's bundle with no change not received yet still brings its policy set, when it
	 * is as new as the last one received and its set is not the one here */
	if (a->r->fate == BUNDLE_ALREADY && a->from_parent && b.nfiles > 0 && b.epoch == pos.epoch &&
	    b.last >= pos.seq && !bundle_policies_same(db, &b))
		a->r->fate = BUNDLE_APPLIED;
	if (a->r->fate == BUNDLE_HELD) {
		char now[32];
		db_now(now);
		st = db_prepare(db, "INSERT INTO sync_held (from_office, epoch, seq_first, seq_last, "
		    "label, received_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO "
		    "NOTHING");
		db_bind_text(st, 1, a->from);
		db_bind_int(st, 2, b.epoch);
		db_bind_int(st, 3, b.first);
		db_bind_int(st, 4, b.last);
		db_bind_text(st, 5, a->r->label);
		db_bind_text(st, 6, now);
		db_bind_blob(st, 7, a->body, a->blen);
		ret = db_run(st, N_("keeping the bundle until the ones before it arrive"), d);
		db_finalize(st);
		if (ret == 0 && db_changes(db) == 0)
			a->r->fate = BUNDLE_ALREADY;
		goto out;
	}
	if (a->r->fate != BUNDLE_APPLIED)
		goto out;
	/* the sender was restored from a backup (its epoch advanced) and acknowledges less than it
	 * did: it lost what it had received since. Its acknowledgement is taken as it is now, so
	 * that the next bundle for it starts there (with a snapshot of what was pruned since) */
	if (pos.epoch >= 0 && b.epoch > pos.epoch && pos.ack_epoch >= 0 && (b.ack_epoch <
	    pos.ack_epoch || (b.ack_epoch == pos.ack_epoch && b.ack_seq < pos.ack_seq))) {
		pos.ack_epoch = b.ack_epoch;
		pos.ack_seq = b.ack_epoch >= 0 ? b.ack_seq : 0;
		a->r->restored = true;
	}
	if ((ret = bundle_apply_body(db, a, &b, base, &pos, d)) != 0 ||
	    (ret = bundle_apply_held(db, a, &pos, d)) != 0 ||
	    (ret = bundle_prune(db, &a->r->pruned, d)) != 0)
		goto out;
out:
	bundle_body_free(&b);
	return ret;
}

/* Import the bundle file. */
int
bundle_import(struct db *db, const char *file, struct bundle_imported *r, struct diag *d)
{
	unsigned char *buf = NULL, *body = NULL;
	size_t len = 0, blen = 0;
	const char *office;
	char from[13] = "";
	struct bundle_body b = { 0 };
	int ret;

	memset(r, 0, sizeof *r);
	if ((ret = role_check(db, ROLE_ACT_SYNC, NULL, d)) != 0 ||
	    (ret = bundle_office(db, &office, d)) != 0 ||
	    (ret = bundle_slurp(file, &buf, &len, d)) != 0)
		return ret;
	/* the signature first: nothing else of the file is read before it holds */
	if ((ret = bundle_verify(db, file, buf, len, from, d)) != 0 ||
	    (ret = bundle_open(db, file, buf, len, from, office, &body, &blen, d)) != 0 ||
	    (ret = bundle_body_read(body, blen, file, &b, d)) != 0)
		goto out;
	if (strcmp(b.from, from) != 0 || strcmp(b.to, office) != 0) {
		ret = diag_set(d, EX_DATAERR, "%s: the bundle's contents name offices %s and %s, its "
		    "header %s and %s; it is refused", file, b.from, b.to, from, office);
		goto out;
	}
	snprintf(r->from, sizeof r->from, "%s", from);
	snprintf(r->label, sizeof r->label, "%s/%lld/%lld-%lld", from, (long long)b.epoch,
	    (long long)b.first, (long long)b.last);
	if ((ret = bundle_check(db, file, &b, d)) != 0)
		goto out;
	/* applied under the bundle's name: the audit's actor is the bundle */
	char *user = xstrdup(db_user(db));
	char *actor = xasprintf("sync:%s", r->label);
	struct bundle_apply a = { .file = file, .from = from, .office = office, .r = r,
		.body = body, .blen = blen };
	db_set_user(db, actor);
	db_set_applying(db, true);
	ret = db_transaction(db, bundle_import_work, &a, d);
	db_set_applying(db, false);
	db_set_user(db, user);
	free(user);
	free(actor);
out:
	bundle_body_free(&b);
	if (body != NULL)
		sodium_memzero(body, blen);
	free(body);
	free(buf);
	return ret;
}

/* ---- status ---- */

/* Per trusted office, one row of the status. */
int
bundle_status(struct db *db, struct rows *out, struct diag *d)
{
	int ret;

	rows_init(out, BUNDLE_ST_NCOL);
	if ((ret = role_check(db, ROLE_ACT_SYNC, NULL, d)) != 0)
		return ret;
	struct db_stmt *st = db_prepare(db, "SELECT p.office_id, o.name, p.in_label, p.in_at, "
	    "CASE WHEN p.acked_epoch IS NULL THEN NULL ELSE p.acked_epoch || '/' || p.acked_seq END, "
	    "p.out_label, p.out_at, (SELECT count(*) FROM outbox x WHERE (x.origin IS NULL OR "
	    "x.origin <> p.office_id) AND (p.acked_epoch IS NULL OR x.epoch > p.acked_epoch OR "
	    "(x.epoch = p.acked_epoch AND x.seq > p.acked_seq)) AND (x.reach IS NULL OR "
	    "instr(x.reach, '|' || p.office_id || '|') > 0 OR NOT coalesce((SELECT o.parent_id = "
	    "(SELECT value FROM setting WHERE key = 'office_code') FROM office o WHERE o.id = "
	    "p.office_id), 0))), (SELECT count(*) FROM sync_held h "
	    "WHERE h.from_office = p.office_id), p.newest_at FROM sync_peer p LEFT JOIN office o ON "
	    "o.id = p.office_id ORDER BY p.office_id");
	while ((ret = db_step(st, N_("reading the sync status"), d)) == DB_ROW) {
		const char *cells[BUNDLE_ST_NCOL];
		for (int i = 0; i < BUNDLE_ST_NCOL; i++)
			cells[i] = db_col_text(st, i);
		rows_add(out, cells);
	}
	db_finalize(st);
	return ret;
}

/* The age in days of a stored time (YYYY-MM-DD...) on day today, or -1 when there is none. */
int
bundle_age_days(const char *at, int today)
{
	char day[11];
	int days;

	if (at == NULL || strlen(at) < 10)
		return -1;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (date_parse(day, &days) != 0)
		return -1;
	/* a clock behind the stored time (or JOBDESK_TODAY in a trial) reads as today */
	return today > days ? today - days : 0;
}
