/* Walking and filtering an SQLite changeset by its bytes (core/csfilter.h). The format, from
 * sqlite3session.c: per table a header ('T', a varint column count, one primary-key flag byte
 * per column, the NUL-terminated name), then its changes: the operation (9 delete, 18 insert,
 * 23 update), the indirect flag, then the old record (delete, update) and the new one (insert,
 * update). A record holds one value per column: a type byte (0 undefined, 1 integer: 8 bytes
 * big-endian, 2 real: 8 bytes, 3 text and 4 blob: a varint length then the bytes, 5 NULL).
 * A varint is SQLite's: 7 bits a byte, high bit set on all but the last, 9 bytes at most. */
#include "core/csfilter.h"

#include <string.h>

/* Read a varint at p (before end) into *v: the bytes it took, or 0 when it runs past end. */
static size_t
csfilter_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;

	for (size_t i = 0; i < 9; i++) {
		if (p + i >= end)
			return 0;
		if (i == 8) {
			*v = (x << 8) | p[i];
			return 9;
		}
		x = (x << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

/* Read one value at p into *v (NULL: only skip it): the bytes it took, or 0 when malformed. */
static size_t
csfilter_one(const unsigned char *p, const unsigned char *end, struct csfilter_value *v)
{
	struct csfilter_value x = { 0 };
	size_t n = 1;
	uint64_t len;

	if (p >= end)
		return 0;
	x.type = p[0];
	switch (x.type) {
	case CSFILTER_UNDEF:
	case CSFILTER_NULL:
		break;
	case CSFILTER_INT:
	case CSFILTER_REAL:
		if (end - p < 9)
			return 0;
		for (int i = 1; i <= 8; i++)
			x.i = (int64_t)((uint64_t)x.i << 8 | p[i]);
		n = 9;
		break;
	case CSFILTER_TEXT:
	case CSFILTER_BLOB: {
		size_t k = csfilter_varint(p + 1, end, &len);
		if (k == 0 || len > (uint64_t)(end - p - 1 - (ptrdiff_t)k))
			return 0;
		x.p = p + 1 + k;
		x.len = (size_t)len;
		n = 1 + k + (size_t)len;
		break;
	}
	default:
		return 0;
	}
	if (v != NULL)
		*v = x;
	return n;
}

/* Skip a record of ncol values at p: the bytes it took, or 0 when malformed. */
static size_t
csfilter_record(const unsigned char *p, const unsigned char *end, int ncol)
{
	size_t at = 0;

	for (int i = 0; i < ncol; i++) {
		size_t n = csfilter_one(p + at, end, NULL);
		if (n == 0)
			return 0;
		at += n;
	}
	return at;
}

/* Walk the changeset's changes, calling fn for each; copy the kept ones into out. */
int
csfilter_walk(const void *cs, size_t len, csfilter_fn *fn, void *arg, struct sbuf *out,
    struct diag *d)
{
	const unsigned char *p = cs, *end = p + len, *hdr = NULL;
	size_t hdrlen = 0;
	bool hdr_out = false;
	struct csfilter_change c = { .end = end };

	while (p < end) {
		if (p[0] == 'T') {
			uint64_t ncol;
			size_t k = csfilter_varint(p + 1, end, &ncol);
			if (k == 0 || ncol == 0 || ncol > 32767 || (uint64_t)(end - p - 1 - (ptrdiff_t)k) <
			    ncol + 1)
				goto bad;
			const unsigned char *name = p + 1 + k + ncol;
			const unsigned char *nul = memchr(name, '\0', (size_t)(end - name));
			if (nul == NULL)
				goto bad;
			c.ncol = (int)ncol;
			c.pk = p + 1 + k;
			c.table = (const char *)name;
			hdr = p;
			hdrlen = (size_t)(nul + 1 - p);
			hdr_out = false;
			p = nul + 1;
			continue;
		}
		if (hdr == NULL || end - p < 2 || (p[0] != CSFILTER_INSERT && p[0] != CSFILTER_UPDATE &&
		    p[0] != CSFILTER_DELETE))
			goto bad;
		const unsigned char *start = p;
		c.op = p[0];
		c.indirect = p[1] != 0;
		p += 2;
		c.old = c.new_ = NULL;
		if (c.op != CSFILTER_INSERT) {
			size_t n = csfilter_record(p, end, c.ncol);
			if (n == 0)
				goto bad;
			c.old = p;
			p += n;
		}
		if (c.op != CSFILTER_DELETE) {
			size_t n = csfilter_record(p, end, c.ncol);
			if (n == 0)
				goto bad;
			c.new_ = p;
			p += n;
		}
		int keep = fn(arg, &c, d);
		if (keep < 0 || keep > 1)
			return keep;
		if (keep == 1 && out != NULL) {
			if (!hdr_out)
				sbuf_addn(out, (const char *)hdr, hdrlen);
			hdr_out = true;
			sbuf_addn(out, (const char *)start, (size_t)(p - start));
		}
	}
	return 0;
bad:
	return diag_set(d, EX_DATAERR, "a changeset is malformed at byte %zu of %zu",
	    (size_t)(p - (const unsigned char *)cs), len);
}

/* Column col of the change's new or old record into *v. */
int
csfilter_value(const struct csfilter_change *c, bool new_, int col, struct csfilter_value *v)
{
	const unsigned char *p = new_ ? c->new_ : c->old;

	if (p == NULL || col < 0 || col >= c->ncol)
		return -1;
	for (int i = 0; i < col; i++)
		p += csfilter_one(p, c->end, NULL);
	return csfilter_one(p, c->end, v) > 0 ? 0 : -1;
}

/* The change's column col as text (new record first, then old) into buf. */
const char *
csfilter_text(const struct csfilter_change *c, int col, char *buf, size_t size)
{
	struct csfilter_value v;

	if ((csfilter_value(c, true, col, &v) != 0 || v.type != CSFILTER_TEXT) &&
	    (csfilter_value(c, false, col, &v) != 0 || v.type != CSFILTER_TEXT))
		return NULL;
	size_t n = v.len < size - 1 ? v.len : size - 1;
	memcpy(buf, v.p, n);
	buf[n] = '\0';
	return buf;
}
