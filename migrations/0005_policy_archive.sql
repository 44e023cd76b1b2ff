-- jobdesk schema, step 5: the policy sets decisions are made under, archived.
-- A decision can be replayed years later (`jobdesk decision replay`): every policy set a
-- decision is made under is kept here as the files were when it was loaded (each policy file,
-- groups.yaml, local.yaml with its local parameters, facts-schema.yaml), content-addressed:
-- a file's bytes are stored once under their SHA-256, a set once under its hash (SHA-256 over
-- each file's name, a NUL, its hash and a newline, in name order: policyset_archive_hash), and
-- decision.policy_set names the set it was made under. A decision recorded before this step
-- has none and cannot be replayed. The archive is only ever added to.

CREATE TABLE policy_file (
  hash  TEXT PRIMARY KEY CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
  bytes BLOB NOT NULL
);
CREATE TABLE policy_set (
  hash       TEXT PRIMARY KEY CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
  created_at TEXT NOT NULL
);
CREATE TABLE policy_set_file (
  set_hash  TEXT NOT NULL REFERENCES policy_set(hash),
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 6 AND 69 AND name GLOB '*.yaml' AND
              substr(name, 1, length(name) - 5) NOT GLOB '*[^a-z0-9-]*'),
  file_hash TEXT NOT NULL REFERENCES policy_file(hash),
  PRIMARY KEY (set_hash, name)
);
CREATE INDEX policy_set_file_file ON policy_set_file(file_hash);

CREATE TRIGGER policy_file_no_u BEFORE UPDATE ON policy_file
BEGIN SELECT RAISE(ABORT, 'archived policy files cannot be changed'); END;
CREATE TRIGGER policy_file_no_d BEFORE DELETE ON policy_file
BEGIN SELECT RAISE(ABORT, 'archived policy files cannot be deleted'); END;
CREATE TRIGGER policy_set_no_u BEFORE UPDATE ON policy_set
BEGIN SELECT RAISE(ABORT, 'archived policy sets cannot be changed'); END;
CREATE TRIGGER policy_set_no_d BEFORE DELETE ON policy_set
BEGIN SELECT RAISE(ABORT, 'archived policy sets cannot be deleted'); END;
CREATE TRIGGER policy_set_file_no_u BEFORE UPDATE ON policy_set_file
BEGIN SELECT RAISE(ABORT, 'archived policy sets cannot be changed'); END;
CREATE TRIGGER policy_set_file_no_d BEFORE DELETE ON policy_set_file
BEGIN SELECT RAISE(ABORT, 'archived policy sets cannot be deleted'); END;

-- The set a decision was made under; NULL for a decision recorded before this step.
ALTER TABLE decision ADD COLUMN policy_set TEXT REFERENCES policy_set(hash);
CREATE INDEX decision_policy_set ON decision(policy_set) WHERE policy_set IS NOT NULL;

-- The audit of a decision names its set too.
DROP TRIGGER IF EXISTS decision_audit_i;
DROP TRIGGER IF EXISTS decision_audit_u;
DROP TRIGGER IF EXISTS decision_audit_d;
CREATE TRIGGER decision_audit_i AFTER INSERT ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'policy_id', new.policy_id, 'policy_hash', new.policy_hash, 'decided_on', new.decided_on, 'subject', new.subject, 'subject_key', new.subject_key, 'outcome', new.outcome, 'amount_fen', new.amount_fen, 'facts_json', new.facts_json, 'reasons_json', new.reasons_json, 'once_key', new.once_key, 'counselor', new.counselor, 'approved_by', new.approved_by, 'status', new.status, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by, 'policy_set', new.policy_set));
END;
CREATE TRIGGER decision_audit_u AFTER UPDATE ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set));
END;
CREATE TRIGGER decision_audit_d AFTER DELETE ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'policy_set', old.policy_set), NULL);
END;
