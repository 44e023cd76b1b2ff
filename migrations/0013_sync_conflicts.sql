-- jobdesk schema, step 13: what a sync held aside (issue 17, point 4). core/syncapply.c applies
-- another office's changeset field by field; what it cannot apply without choosing between the two
-- offices is kept here, one row per held row, for a supervisor (`sync conflicts|resolve`, the
-- conflicts screen). kind says why:
--   field      the same field(s) of one row changed on both sides (fields: the names; mine and
--              theirs: a JSON object of those fields' values on each side)
--   delete     a row deleted on one side and changed on the other (mine or theirs is NULL: the side
--              that deleted it)
--   insert     a row both sides added under one key with different values
--   duplicate  the other office registered a person whose ID number a case here holds: a merge
--              proposal (local_key: that case); resolving merges the two cases
--   once       a once-only benefit granted in both offices (local_key: the decision here holding
--              the slot); resolving revokes one
--   with       a row held with the row it belongs to (parent: that row's conflict), never applied
--              without it, so that no row is left without its person
-- change is the held change itself (a changeset of one row), which choosing theirs applies. Who
-- and when on each side: the other office's from its row (updated_at) and the bundle, this side's
-- from its audit. Not synced (core/outbox.c), not audited by triggers: a resolution's writes are
-- ordinary writes, audited and sent like any other.
CREATE TABLE sync_conflict (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('field', 'delete', 'insert', 'duplicate', 'once', 'with')),
  tbl         TEXT NOT NULL,
  row_key     TEXT NOT NULL,
  person_id   TEXT,
  local_key   TEXT,
  parent      INTEGER REFERENCES sync_conflict(id),
  fields      TEXT,
  mine        TEXT,
  theirs      TEXT,
  change      BLOB NOT NULL,
  mine_by     TEXT,
  mine_at     TEXT,
  theirs_by   TEXT,
  theirs_at   TEXT,
  from_office TEXT NOT NULL,
  bundle      TEXT NOT NULL,
  held_at     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  kept        TEXT CHECK (kept IN ('mine', 'theirs')),
  resolved_by TEXT,
  resolved_at TEXT,
  CHECK ((status = 'open') = (kept IS NULL))
);
-- A change held once: the same change again (the same bundle imported twice, or exported again
-- from the outbox after a stick was lost) holds nothing new.
CREATE UNIQUE INDEX sync_conflict_once ON sync_conflict(tbl, row_key, kind, change);
CREATE INDEX sync_conflict_open ON sync_conflict(status, id);
CREATE INDEX sync_conflict_row ON sync_conflict(tbl, row_key) WHERE status = 'open';
CREATE INDEX sync_conflict_parent ON sync_conflict(parent) WHERE parent IS NOT NULL;
