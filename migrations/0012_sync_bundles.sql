-- jobdesk schema, step 12: bundles (issue 17, point 3; core/bundle.c).
-- Each office's own, none synced, none audited (the secret keys never reach the audit chain).
-- sync_key: this office's key pairs, made once by `jobdesk sync key` (Ed25519 to sign its
-- bundles, X25519 to open the bundles sealed for it). One row.
CREATE TABLE sync_key (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  sign_pk   BLOB NOT NULL CHECK (length(sign_pk) = 32),
  sign_sk   BLOB NOT NULL CHECK (length(sign_sk) = 64),
  box_pk    BLOB NOT NULL CHECK (length(box_pk) = 32),
  box_sk    BLOB NOT NULL CHECK (length(box_sk) = 32),
  made_at   TEXT NOT NULL
);
-- sync_peer: the trusted offices (`jobdesk sync trust`), their public keys, and per office:
-- what was received from it (its epoch and the last of its outbox numbers applied, in_seq),
-- what it acknowledged of this office's outbox (acked_epoch, acked_seq), the last bundle in and
-- out (label, when), and the newest change time the last bundle in held.
CREATE TABLE sync_peer (
  office_id   TEXT PRIMARY KEY,
  sign_pk     BLOB NOT NULL CHECK (length(sign_pk) = 32),
  box_pk      BLOB NOT NULL CHECK (length(box_pk) = 32),
  trusted_at  TEXT NOT NULL,
  trusted_by  TEXT NOT NULL,
  in_epoch    INTEGER,
  in_seq      INTEGER NOT NULL DEFAULT 0,
  in_label    TEXT,
  in_at       TEXT,
  newest_at   TEXT,
  acked_epoch INTEGER,
  acked_seq   INTEGER NOT NULL DEFAULT 0,
  out_label   TEXT,
  out_at      TEXT
);
-- sync_held: a bundle that arrived before its predecessor, kept (its opened, verified body)
-- until the gap is filled, then applied and removed.
CREATE TABLE sync_held (
  from_office TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  seq_first   INTEGER NOT NULL,
  seq_last    INTEGER NOT NULL,
  label       TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body        BLOB NOT NULL,
  PRIMARY KEY (from_office, epoch, seq_first, seq_last)
);
-- origin: the office whose bundle brought the change (NULL: made here). A county forwards what
-- one township sent to the others whose cases it concerns, and never back to its origin.
ALTER TABLE outbox ADD COLUMN origin TEXT;
-- sync_epoch_start: the first outbox number of each epoch, kept when the outbox is pruned, so
-- that a bundle tells an office that has received nothing of its epoch where the epoch began
-- (and a bundle past that start is held until the ones before it come).
CREATE TABLE sync_epoch_start (
  epoch     INTEGER PRIMARY KEY,
  first_seq INTEGER NOT NULL
);
INSERT INTO sync_epoch_start (epoch, first_seq) SELECT epoch, min(seq) FROM outbox GROUP BY epoch;
CREATE TRIGGER outbox_epoch_start AFTER INSERT ON outbox BEGIN
  INSERT OR IGNORE INTO sync_epoch_start (epoch, first_seq) VALUES (NEW.epoch, NEW.seq);
END;
