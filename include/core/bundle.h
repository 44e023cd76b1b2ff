/* Bundles (issue 17, point 3): what carries one office's changes to another on a USB stick.
 *
 * Each office makes its keys once (Ed25519 to sign, X25519 to be sent to) and hands the public
 * half to the office it exchanges with as a small text file (bundle_key); an administrator
 * trusts the other office's file (bundle_trust). A bundle is signed by its sender over every
 * byte after the signature and encrypted for its receiver (crypto_box_seal of a random key,
 * then crypto_secretstream for the body), so a lost stick gives away no ID number. Its body: the
 * format and schema versions, each synced table's columns, from and to, the sender's outbox
 * epoch and a contiguous range of its sequence numbers with their changesets (one per outbox
 * row: each below SQLite's length limit), what the sender has received from the receiver (the
 * ack), the sender's audit chain head, and from a county to a township the policy files and the
 * settings it sets there. Import verifies the signature before reading anything else, refuses
 * (EX_DATAERR, nothing written) what is not for this office or does not match this database,
 * keeps a bundle that comes before its predecessor, changes nothing for one already received,
 * and applies the rest in one transaction through core/syncapply.h; then the outbox is pruned
 * of what every trusted office acknowledged. One file, one prefix: bundle.c. */
#ifndef CORE_BUNDLE_H
#define CORE_BUNDLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/syncapply.h"
#include "util/diag.h"
#include "util/rows.h"

struct db;
struct session;

/* diag.reason of a refused bundle or key file. */
enum {
	BUNDLE_TAMPERED = 1,     /* the signature does not hold: a byte was changed */
	BUNDLE_UNTRUSTED,        /* from an office whose key is not trusted here */
	BUNDLE_WRONG_OFFICE,     /* made for another office */
	BUNDLE_VERSION,          /* another schema or bundle format version */
	BUNDLE_COLUMNS,          /* a synced table's columns or key differ */
	BUNDLE_NO_KEYS,          /* this office has no keys yet, or no office */
	BUNDLE_KEY_CHANGED,      /* a trusted office's key file holds other keys */
	BUNDLE_APPLY,            /* applying its changes failed (syncapply) */
};

/* What bundle_import did with a bundle. */
enum bundle_fate {
	BUNDLE_APPLIED,          /* its changes were applied */
	BUNDLE_HELD,             /* kept until the bundles before it arrive */
	BUNDLE_ALREADY,          /* everything in it was received already: nothing changed */
	BUNDLE_SUPERSEDED,       /* of an epoch older than one received since: nothing changed */
};

/* What bundle_export wrote. */
struct bundle_exported {
	char to[16];             /* the receiving office */
	char label[64];          /* FROM/EPOCH/FIRST-LAST */
	int64_t epoch, first, last;
	long changesets;         /* outbox rows carried (after selection) */
	long long bytes;         /* the file's size */
	bool snapshot;           /* it carries a snapshot of the receiver's cases: the receiver
	                          * was restored from a backup and what it lost was pruned */
};

/* What bundle_import did. */
struct bundle_imported {
	char from[16];
	char label[64];
	enum bundle_fate fate;
	struct syncapply_counts counts;  /* over this bundle and the held ones applied after it */
	long held_applied;       /* held bundles applied after it */
	long long pruned;        /* outbox rows pruned (acknowledged by every trusted office) */
	bool restored;           /* the sender was restored from a backup: it acknowledges less
	                          * than before, and its next bundle resends from there */
};

/* The columns of bundle_status's rows. */
enum { BUNDLE_ST_OFFICE, BUNDLE_ST_NAME, BUNDLE_ST_IN_LABEL, BUNDLE_ST_IN_AT, BUNDLE_ST_ACKED,
       BUNDLE_ST_OUT_LABEL, BUNDLE_ST_OUT_AT, BUNDLE_ST_WAITING, BUNDLE_ST_HELD,
       BUNDLE_ST_NEWEST, BUNDLE_ST_NCOL };

/* Write this office's public keys into the new file (0600; never over a file), making the key
 * pairs first when it has none (*made then set). fingerprint: 16 hex digits naming the signing
 * key, to read out over the phone. 0 or a sysexits code. */
int bundle_key(struct db *db, const char *file, bool *made, char fingerprint[17],
    struct diag *d);
/* Trust the office whose key file is file (administrators): its code in office (13 bytes) and
 * its key's fingerprint. A known office's file holding other keys is refused (reason
 * BUNDLE_KEY_CHANGED) unless replace; *already when it was trusted with these keys. */
int bundle_trust(struct db *db, const char *file, bool replace, char office[13],
    char fingerprint[17], bool *already, struct diag *d);
/* Write a bundle for office to (NULL: this office's parent) into the new file. */
int bundle_export(struct session *s, const char *file, const char *to,
    struct bundle_exported *e, struct diag *d);
/* Import the bundle file (see above). 0 or a sysexits code (EX_DATAERR with diag.reason for a
 * refusal; nothing written then). */
int bundle_import(struct db *db, const char *file, struct bundle_imported *r, struct diag *d);
/* Per trusted office, one row of BUNDLE_ST_NCOL cells (see the enum; times as stored, counts as
 * digits), ordered by office. 0 or a sysexits code. */
int bundle_status(struct db *db, struct rows *out, struct diag *d);
/* The age in days on day today (days since 1970) of a stored time such as BUNDLE_ST_NEWEST's,
 * 0 when it is today or later, -1 when there is none. */
int bundle_age_days(const char *at, int today);

#endif
