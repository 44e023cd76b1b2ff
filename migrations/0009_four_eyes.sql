-- jobdesk schema, step 9: four eyes on money, and payments (issue 16).
-- A decision with an amount is 'proposed' until someone who did not propose it approves it
-- ('approved': approved_by, approved_at; below the office's threshold, the setting
-- approval_threshold_fen, it is approved at once with approved_by NULL) or rejects it
-- ('rejected': rejected_by, rejected_at, reason); an approved decision is 'paid' on a date
-- (paid_on, payment_ref, paid_by, paid_at); a live decision is 'revoked' with a reason
-- (revoked_by, revoked_at). A decision that pays nothing is 'decided' at once, with no approval.
-- The once-only slot (decision_once) is held by a live decision (proposed, approved, decided or
-- paid) and freed by a rejection or revocation: a decision that pays nothing is decided at once,
-- so it no longer holds its slot for ever as a proposal no one approves.
-- Widening the status CHECK rebuilds the table: its rows are copied as they are, its indexes
-- made again (with those the reports read: core/report.c), and its audit triggers made again by
-- tools/gen_audit_chain.py --triggers decision (never by hand). The copied rows have new
-- columns, so their row hash changes: one 'baseline' audit row per decision records it, chained
-- as in step 6. Then the decisions recorded as proposed that pay nothing become decided,
-- through the audit (an update row each).

DROP TRIGGER IF EXISTS decision_audit_i;
DROP TRIGGER IF EXISTS decision_audit_u;
DROP TRIGGER IF EXISTS decision_audit_d;
DROP INDEX IF EXISTS decision_person;
DROP INDEX IF EXISTS decision_status;
DROP INDEX IF EXISTS decision_once;
DROP INDEX IF EXISTS decision_policy_set;

CREATE TABLE decision_new (
  id           TEXT PRIMARY KEY,
  person_id    TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  policy_id    TEXT NOT NULL,
  policy_hash  TEXT NOT NULL,
  decided_on   TEXT NOT NULL CHECK (decided_on IS date(decided_on)),
  subject      TEXT,
  subject_key  TEXT,
  outcome      TEXT NOT NULL CHECK (outcome IN ('eligible', 'ineligible', 'unknown')),
  amount_fen   INTEGER CHECK (amount_fen >= 0),
  facts_json   TEXT NOT NULL,
  reasons_json TEXT NOT NULL,
  once_key     TEXT,
  counselor    TEXT NOT NULL,
  approved_by  TEXT,
  status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected',
                 'revoked', 'decided', 'paid')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  policy_set   TEXT REFERENCES policy_set(hash),
  approved_at  TEXT,
  rejected_by  TEXT,
  rejected_at  TEXT,
  revoked_by   TEXT,
  revoked_at   TEXT,
  reason       TEXT CHECK (length(reason) BETWEEN 1 AND 500),
  paid_on      TEXT CHECK (paid_on IS date(paid_on)),
  payment_ref  TEXT CHECK (length(payment_ref) BETWEEN 1 AND 64),
  paid_by      TEXT,
  paid_at      TEXT,
  CHECK (status <> 'paid' OR (paid_on IS NOT NULL AND amount_fen IS NOT NULL)),
  CHECK (status <> 'decided' OR amount_fen IS NULL)
);
INSERT INTO decision_new (id, person_id, policy_id, policy_hash, decided_on, subject,
  subject_key, outcome, amount_fen, facts_json, reasons_json, once_key, counselor, approved_by,
  status, created_at, updated_at, created_by, policy_set)
SELECT id, person_id, policy_id, policy_hash, decided_on, subject, subject_key, outcome,
  amount_fen, facts_json, reasons_json, once_key, counselor, approved_by, status, created_at,
  updated_at, created_by, policy_set
FROM decision ORDER BY rowid;
DROP TABLE decision;
ALTER TABLE decision_new RENAME TO decision;

CREATE INDEX decision_person ON decision(person_id, decided_on, id);
-- A status's decisions oldest first (the pending approvals), and the list by status.
CREATE INDEX decision_status ON decision(status, decided_on, created_at, id);
CREATE UNIQUE INDEX decision_once ON decision(once_key)
  WHERE once_key IS NOT NULL AND status IN ('proposed', 'approved', 'decided', 'paid');
CREATE INDEX decision_policy_set ON decision(policy_set) WHERE policy_set IS NOT NULL;
-- The reports: decisions and money by policy and month over a range of dates (covering), and
-- the payments made in a range of dates.
CREATE INDEX decision_month ON decision(decided_on, policy_id, status, amount_fen);
CREATE INDEX decision_paid ON decision(paid_on, id) WHERE status = 'paid';
-- The reports on persons: the cases of one office by counselor and stage, registrations by
-- day, and exits to a job by day.
CREATE INDEX person_office ON person(office_id, counselor, stage) WHERE merged_into IS NULL;
CREATE INDEX person_created ON person(created_at) WHERE merged_into IS NULL;
CREATE INDEX person_exit_job ON person(closed_on) WHERE closed_reason = 'employed' AND merged_into IS NULL;
-- The cases contacted lately (report followups: not contacted in 30 days): the notes since a day.
CREATE INDEX note_created ON note(created_at, person_id);
-- The office's own approvals: the threshold below which an amount is approved at once.
INSERT OR IGNORE INTO setting (key, value) VALUES ('approval_threshold_fen', '0');

-- The copied rows' new hashes, one baseline audit row each, chained one by one.
CREATE TABLE audit_baseline (tbl TEXT NOT NULL, row_key TEXT NOT NULL, row_hash BLOB NOT NULL);
CREATE TRIGGER audit_baseline_i AFTER INSERT ON audit_baseline BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      new.tbl AS tbl,
      new.row_key AS row_key,
      'baseline' AS op,
      NULL AS before,
      NULL AS after,
      new.row_hash AS row_hash
    LIMIT -1 OFFSET 0);
END;
INSERT INTO audit_baseline SELECT 'decision', id, jd_row_hash('decision', id, person_id, policy_id, policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, reasons_json, once_key, counselor, approved_by, status, created_at, updated_at, created_by, policy_set, approved_at, rejected_by, rejected_at, revoked_by, revoked_at, reason, paid_on, payment_ref, paid_by, paid_at) FROM decision ORDER BY id;
DROP TRIGGER audit_baseline_i;
DROP TABLE audit_baseline;

-- The audit triggers of decision, from tools/gen_audit_chain.py --triggers decision.
DROP TRIGGER IF EXISTS decision_audit_i;
DROP TRIGGER IF EXISTS decision_audit_u;
DROP TRIGGER IF EXISTS decision_audit_d;
CREATE TRIGGER decision_audit_i AFTER INSERT ON decision BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'decision' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, new.created_at, new.updated_at, new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER decision_audit_u AFTER UPDATE ON decision BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'decision' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at) AS after,
      jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, new.created_at, new.updated_at, new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER decision_audit_d AFTER DELETE ON decision BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'decision' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'policy_set', old.policy_set, 'approved_at', old.approved_at, 'rejected_by', old.rejected_by, 'rejected_at', old.rejected_at, 'revoked_by', old.revoked_by, 'revoked_at', old.revoked_at, 'reason', old.reason, 'paid_on', old.paid_on, 'payment_ref', old.payment_ref, 'paid_by', old.paid_by, 'paid_at', old.paid_at) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;

-- A decision recorded as proposed that pays nothing is decided: it needs no approval (an update
-- audit row each).
UPDATE decision SET status = 'decided', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE status = 'proposed' AND amount_fen IS NULL;
