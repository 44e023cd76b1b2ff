-- jobdesk schema, step 14: a resolution both offices see (issue 17, point 4). A supervisor's
-- choice on a held conflict (core/syncapply.c syncapply_resolve) is recorded here and synced
-- (core/outbox.c), so that it travels in the next bundle to the other office, and through the
-- county to the township whose case it is. Applying it there closes that office's open copy of
-- the same conflict with the chosen values; with no open copy it sets them only where the row
-- still holds one of the two values in question (else it is held as a new conflict).
-- The same conflict in two offices: kind, tbl, row_key, fields and the two values (mine and
-- theirs swap between the offices; a duplicate's and a once-only slot's row_key and local_key
-- swap too), never the local sync_conflict id.
--   kind      as sync_conflict.kind ('field', 'delete', 'insert', 'duplicate', 'once')
--   mine, theirs  the resolving office's two sides (JSON objects, NULL: the side that deleted)
--   chosen    the values kept (JSON object; NULL: the row deleted); for a duplicate the merged
--             person's values, for a once-only slot the decision that stays live (local_key or
--             row_key)
--   kept      'mine' or 'theirs', as the resolving office saw it
--   office, resolved_by, resolved_at  who chose, where and when (a later choice of the same
--             conflict wins: each office applies the later one, ties by office code)
CREATE TABLE sync_resolution (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('field', 'delete', 'insert', 'duplicate', 'once')),
  tbl         TEXT NOT NULL,
  row_key     TEXT NOT NULL,
  local_key   TEXT,
  person_id   TEXT,
  fields      TEXT,
  mine        TEXT,
  theirs      TEXT,
  chosen      TEXT,
  kept        TEXT NOT NULL CHECK (kept IN ('mine', 'theirs')),
  office      TEXT NOT NULL,
  resolved_by TEXT NOT NULL,
  resolved_at TEXT NOT NULL
);
CREATE INDEX sync_resolution_row ON sync_resolution(tbl, row_key);
CREATE INDEX sync_resolution_local ON sync_resolution(tbl, local_key) WHERE local_key IS NOT NULL;
-- A conflict resolved by a resolution from the other office: which one (NULL: chosen here).
ALTER TABLE sync_conflict ADD COLUMN resolution TEXT;

-- A resolution is an audit event (op 'resolve': tools/gen_audit_chain.py OPS). audit_log's
-- CHECK on op is widened to 14 by core/schema.c before this step (its text only: no row
-- changes, SQLite's documented procedure for a CHECK).
INSERT INTO audit_code (code, kind, name) VALUES (14, 'op', 'resolve');

-- The offices whose cases an outbox row's changes belong to, "|CODE|CODE|" (core/outbox.c
-- outbox_reach, when the row is stored or passed on): sync status counts as waiting for a
-- township only the rows a bundle would carry to it, without reading the changesets. NULL: a
-- row that goes to every office below (a unit's change), or one stored before this step.
-- Worked out when stored: a case moved to another office later is counted where it was.
ALTER TABLE outbox ADD COLUMN reach TEXT;
