-- jobdesk schema, step 10: the outbox (issue 17, point 2).
-- Each write transaction's changes to the synced tables (core/outbox.c names them and says why
-- each) are recorded by an SQLite session and stored here as one changeset before COMMIT, in the
-- same transaction: a power cut loses both or neither. seq numbers the rows in commit order and
-- is never reused (AUTOINCREMENT: a bundle names a contiguous range of them, and the outbox is
-- pruned of what the other side acknowledged, the newest row included); epoch is the setting
-- sync_epoch when the row was written (0 without one), which a restore from a backup advances so
-- that the numbers a restored database gives again are told apart; at is when (UTC). Not
-- synced, not audited: each office's own. This step's own changes are not recorded (the outbox
-- records only after migration: each office migrates itself).
-- The offices (point 1) need no new column: office and person.office_id are step 1's; an office's
-- key is its code, so that two databases' rows of one office are the same row.
CREATE TABLE outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  epoch     INTEGER NOT NULL DEFAULT 0,
  at        TEXT NOT NULL,
  changeset BLOB NOT NULL CHECK (length(changeset) > 0)
);
