-- jobdesk schema, step 6: the audit, chained (issue 11). Written by tools/gen_audit_chain.py
-- from the tables of steps 1..5; make it again with that script, never by hand.
-- One row per change in commit order (seq: the trigger writes max(seq) + 1, never ordered by the
-- clock; at: unix milliseconds). An insert keeps no copy of the row (the row is its own
-- after-image) but row_hash, the SHA-256 of the row's audited columns (jd_row_hash: the table's
-- name, then each column in table order, tagged with its type and length); an update keeps the
-- changed columns before and after (jd_changed) and row_hash of the row after; a delete the whole
-- row in before. Each row's hash is SHA-256(the previous row's hash || its own content: seq, at,
-- actor, acting_as, tbl, row_key, op, before, after, row_hash, each tagged and length-prefixed;
-- jd_chain), the previous one read inside the trigger; the first chained row follows 32 zero
-- bytes. `jobdesk db check` verifies the chain, the triggers and every live row's hash.
-- The old rows are kept as 'legacy' (in their old order, by at then id), chained as they are
-- copied; then one 'chain_start' row says how many were converted, and one 'baseline' row per
-- live row of every audited table records its row_hash, so that a row no one touched since can
-- be verified.

-- The old triggers first: they write the old shape.
DROP TRIGGER IF EXISTS office_audit_i;
DROP TRIGGER IF EXISTS office_audit_u;
DROP TRIGGER IF EXISTS office_audit_d;
DROP TRIGGER IF EXISTS app_user_audit_i;
DROP TRIGGER IF EXISTS app_user_audit_u;
DROP TRIGGER IF EXISTS app_user_audit_d;
DROP TRIGGER IF EXISTS household_audit_i;
DROP TRIGGER IF EXISTS household_audit_u;
DROP TRIGGER IF EXISTS household_audit_d;
DROP TRIGGER IF EXISTS person_audit_i;
DROP TRIGGER IF EXISTS person_audit_u;
DROP TRIGGER IF EXISTS person_audit_d;
DROP TRIGGER IF EXISTS unit_audit_i;
DROP TRIGGER IF EXISTS unit_audit_u;
DROP TRIGGER IF EXISTS unit_audit_d;
DROP TRIGGER IF EXISTS enrollment_audit_i;
DROP TRIGGER IF EXISTS enrollment_audit_u;
DROP TRIGGER IF EXISTS enrollment_audit_d;
DROP TRIGGER IF EXISTS certificate_audit_i;
DROP TRIGGER IF EXISTS certificate_audit_u;
DROP TRIGGER IF EXISTS certificate_audit_d;
DROP TRIGGER IF EXISTS insurance_audit_i;
DROP TRIGGER IF EXISTS insurance_audit_u;
DROP TRIGGER IF EXISTS insurance_audit_d;
DROP TRIGGER IF EXISTS note_audit_i;
DROP TRIGGER IF EXISTS note_audit_u;
DROP TRIGGER IF EXISTS note_audit_d;
DROP TRIGGER IF EXISTS decision_audit_i;
DROP TRIGGER IF EXISTS decision_audit_u;
DROP TRIGGER IF EXISTS decision_audit_d;
DROP TRIGGER IF EXISTS correction_audit_i;
DROP TRIGGER IF EXISTS correction_audit_u;
DROP TRIGGER IF EXISTS correction_audit_d;
DROP TRIGGER IF EXISTS audit_no_update;
DROP TRIGGER IF EXISTS audit_no_delete;
DROP INDEX IF EXISTS audit_row;
DROP INDEX IF EXISTS audit_at;
ALTER TABLE audit RENAME TO audit_v5;

-- Written only by triggers; refuses UPDATE and DELETE.
CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  acting_as TEXT,
  tbl       TEXT,
  row_key   TEXT,
  op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'legacy', 'chain_start',
              'baseline', 'login', 'lockout', 'view_id', 'export', 'print', 'sync_import')),
  before    TEXT,
  after     TEXT,
  row_hash  BLOB,
  hash      BLOB
);
-- Row keys are unique across tables (jd_new_key).
CREATE INDEX audit_row ON audit(row_key);

-- The old rows, in their old order (at in unix milliseconds), each chained as it is copied, so
-- that from the conversion on none of them can be changed, taken out or put in unseen.
CREATE TABLE audit_legacy (at INTEGER NOT NULL, actor TEXT NOT NULL, tbl TEXT, row_key TEXT,
  before TEXT, after TEXT);
CREATE TRIGGER audit_legacy_i AFTER INSERT ON audit_legacy BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      new.at AS at,
      new.actor AS actor,
      NULL AS acting_as,
      new.tbl AS tbl,
      new.row_key AS row_key,
      'legacy' AS op,
      new.before AS before,
      new.after AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
INSERT INTO audit_legacy
SELECT CAST(strftime('%s', at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', at), 4) AS INTEGER),
  actor, tbl, row_key, before, after
FROM audit_v5 ORDER BY at, id;
DROP TRIGGER audit_legacy_i;
DROP TABLE audit_legacy;
DROP TABLE audit_v5;

-- The chain's own start, saying how many rows were converted before it.
INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      NULL AS tbl,
      NULL AS row_key,
      'chain_start' AS op,
      NULL AS before,
      '{"converted":' || (SELECT count(*) FROM audit) || '}' AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);

-- A baseline row per live row of every audited table, chained one by one (each insert into
-- the scratch table fires its trigger, which reads the previous hash).
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
INSERT INTO audit_baseline SELECT 'office', id, jd_row_hash('office', id, code, name, level, parent_id, created_at, updated_at, created_by) FROM office ORDER BY id;
INSERT INTO audit_baseline SELECT 'app_user', id, jd_row_hash('app_user', id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by) FROM app_user ORDER BY id;
INSERT INTO audit_baseline SELECT 'household', id, jd_row_hash('household', id, address, low_income, poor_disabled, registered_poor, extremely_poor, zero_employment, created_at, updated_at, created_by) FROM household ORDER BY id;
INSERT INTO audit_baseline SELECT 'person', id, jd_row_hash('person', id, id_number, name, sex, birth_date, phone, hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, student_loan, veteran, registered_unemployed, employment_difficulty, overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, employment_status, employer_kind, household_id, counselor, office_id, stage, next_followup, created_at, updated_at, created_by, closed_reason, closed_on, closed_note, merged_into, able_to_work, registered_unemployed_from, registered_unemployed_until, employer_size, hired_on) FROM person ORDER BY id;
INSERT INTO audit_baseline SELECT 'unit', id, jd_row_hash('unit', id, name, credit_code, kind, created_at, updated_at, created_by) FROM unit ORDER BY id;
INSERT INTO audit_baseline SELECT 'enrollment', id, jd_row_hash('enrollment', id, person_id, kind, unit_id, unit_name, start_date, end_date, status, training_kind, class_hours, startup_kind, first_time, license_date, operating, social_insurance, program, assessed_pass, employer_kind, created_at, updated_at, created_by) FROM enrollment ORDER BY id;
INSERT INTO audit_baseline SELECT 'certificate', id, jd_row_hash('certificate', id, person_id, enrollment_id, level, issued_on, occupation, created_at, updated_at, created_by) FROM certificate ORDER BY id;
INSERT INTO audit_baseline SELECT 'insurance', id, jd_row_hash('insurance', id, person_id, unemployment_months, social_insurance, created_at, updated_at, created_by, receiving_benefit, benefit_until) FROM insurance ORDER BY id;
INSERT INTO audit_baseline SELECT 'note', id, jd_row_hash('note', id, person_id, body, followup_date, done, created_at, updated_at, created_by, cancelled, done_on) FROM note ORDER BY id;
INSERT INTO audit_baseline SELECT 'decision', id, jd_row_hash('decision', id, person_id, policy_id, policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, reasons_json, once_key, counselor, approved_by, status, created_at, updated_at, created_by, policy_set) FROM decision ORDER BY id;
INSERT INTO audit_baseline SELECT 'correction', id, jd_row_hash('correction', id, person_id, tbl, row_key, op, reason, created_at, updated_at, created_by) FROM correction ORDER BY id;
DROP TRIGGER audit_baseline_i;
DROP TABLE audit_baseline;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- Every insert, update and delete on an audited table: one chained row. The person's update
-- names its columns (step 3: keeping name_sort alone writes no audit row).
CREATE TRIGGER office_audit_i AFTER INSERT ON office BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'office' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER office_audit_u AFTER UPDATE ON office BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'office' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER office_audit_d AFTER DELETE ON office BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'office' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'code', old.code, 'name', old.name, 'level', old.level, 'parent_id', old.parent_id, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER app_user_audit_i AFTER INSERT ON app_user BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'app_user' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER app_user_audit_u AFTER UPDATE ON app_user BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'app_user' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'password_hash', old.password_hash, new.password_hash, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'password_hash', old.password_hash, new.password_hash, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER app_user_audit_d AFTER DELETE ON app_user BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'app_user' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'login', old.login, 'display_name', old.display_name, 'role', old.role, 'office_id', old.office_id, 'password_hash', old.password_hash, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER household_audit_i AFTER INSERT ON household BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'household' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER household_audit_u AFTER UPDATE ON household BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'household' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER household_audit_d AFTER DELETE ON household BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'household' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER person_audit_i AFTER INSERT ON person BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'person' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, new.created_at, new.updated_at, new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER person_audit_u AFTER UPDATE OF
  id, id_number, name, sex, birth_date, phone, hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, student_loan, veteran, registered_unemployed, employment_difficulty, overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, employment_status, employer_kind, household_id, counselor, office_id, stage, next_followup, created_at, updated_at, created_by, closed_reason, closed_on, closed_note, merged_into, able_to_work, registered_unemployed_from, registered_unemployed_until, employer_size, hired_on
  ON person BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'person' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on) AS before,
      jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on) AS after,
      jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, new.created_at, new.updated_at, new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER person_audit_d AFTER DELETE ON person BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'person' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'id_number', old.id_number, 'name', old.name, 'sex', old.sex, 'birth_date', old.birth_date, 'phone', old.phone, 'hukou_province', old.hukou_province, 'hukou_type', old.hukou_type, 'education', old.education, 'graduation_date', old.graduation_date, 'continuing_study', old.continuing_study, 'disabled', old.disabled, 'student_loan', old.student_loan, 'veteran', old.veteran, 'registered_unemployed', old.registered_unemployed, 'employment_difficulty', old.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, 'job_seeking', old.job_seeking, 'employment_status', old.employment_status, 'employer_kind', old.employer_kind, 'household_id', old.household_id, 'counselor', old.counselor, 'office_id', old.office_id, 'stage', old.stage, 'next_followup', old.next_followup, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'closed_reason', old.closed_reason, 'closed_on', old.closed_on, 'closed_note', old.closed_note, 'merged_into', old.merged_into, 'able_to_work', old.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, 'employer_size', old.employer_size, 'hired_on', old.hired_on) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER unit_audit_i AFTER INSERT ON unit BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'unit' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER unit_audit_u AFTER UPDATE ON unit BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'unit' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER unit_audit_d AFTER DELETE ON unit BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'unit' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'name', old.name, 'credit_code', old.credit_code, 'kind', old.kind, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER enrollment_audit_i AFTER INSERT ON enrollment BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'enrollment' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER enrollment_audit_u AFTER UPDATE ON enrollment BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'enrollment' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER enrollment_audit_d AFTER DELETE ON enrollment BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'enrollment' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'kind', old.kind, 'unit_id', old.unit_id, 'unit_name', old.unit_name, 'start_date', old.start_date, 'end_date', old.end_date, 'status', old.status, 'training_kind', old.training_kind, 'class_hours', old.class_hours, 'startup_kind', old.startup_kind, 'first_time', old.first_time, 'license_date', old.license_date, 'operating', old.operating, 'social_insurance', old.social_insurance, 'program', old.program, 'assessed_pass', old.assessed_pass, 'employer_kind', old.employer_kind, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER certificate_audit_i AFTER INSERT ON certificate BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'certificate' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER certificate_audit_u AFTER UPDATE ON certificate BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'certificate' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER certificate_audit_d AFTER DELETE ON certificate BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'certificate' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER insurance_audit_i AFTER INSERT ON insurance BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'insurance' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER insurance_audit_u AFTER UPDATE ON insurance BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'insurance' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until) AS after,
      jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER insurance_audit_d AFTER DELETE ON insurance BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'insurance' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'receiving_benefit', old.receiving_benefit, 'benefit_until', old.benefit_until) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER note_audit_i AFTER INSERT ON note BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'note' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, new.created_at, new.updated_at, new.created_by, new.cancelled, new.done_on) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER note_audit_u AFTER UPDATE ON note BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'note' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on) AS after,
      jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, new.created_at, new.updated_at, new.created_by, new.cancelled, new.done_on) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER note_audit_d AFTER DELETE ON note BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'note' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'body', old.body, 'followup_date', old.followup_date, 'done', old.done, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'cancelled', old.cancelled, 'done_on', old.done_on) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
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
      jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, new.created_at, new.updated_at, new.created_by, new.policy_set) AS row_hash
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
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set) AS after,
      jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, new.created_at, new.updated_at, new.created_by, new.policy_set) AS row_hash
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
      jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'policy_set', old.policy_set) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER correction_audit_i AFTER INSERT ON correction BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'correction' AS tbl,
      new.id AS row_key,
      'insert' AS op,
      NULL AS before,
      NULL AS after,
      jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER correction_audit_u AFTER UPDATE ON correction BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'correction' AS tbl,
      new.id AS row_key,
      'update' AS op,
      jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS before,
      jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by) AS after,
      jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, new.created_at, new.updated_at, new.created_by) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER correction_audit_d AFTER DELETE ON correction BEGIN
  INSERT INTO audit (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  SELECT seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash,
    jd_chain(prev, seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash)
  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,
      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,
      jd_now_ms() AS at,
      jd_actor() AS actor,
      jd_acting_as() AS acting_as,
      'correction' AS tbl,
      old.id AS row_key,
      'delete' AS op,
      jd_json('id', old.id, 'person_id', old.person_id, 'tbl', old.tbl, 'row_key', old.row_key, 'op', old.op, 'reason', old.reason, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
