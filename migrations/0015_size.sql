-- jobdesk schema, step 15: the database's size per person (issue 11, point 5). Nothing a counselor
-- sees changes, and no audited table is touched (every row hash and the chain stay as they were).
--
-- 1. person_name_birth (name, birth_date) goes: no statement reads it since the likely duplicates
--    are found by birth date (person_birth, core/person.c); 28 bytes a person at the demo's mix.
-- 2. The search tokens are no longer stored twice. person_search keeps a person's FTS docid and
--    whether the index still has to take the person in (pending); the tokens themselves are
--    computed from the person's name, ID number and phone (jd_search_tokens) when the commit
--    puts them into person_fts (core/search.c, search_sync), and, for taking a row's old tokens
--    out of the contentless index, from the old values by the triggers that write search_gone.
--    So jd_search_tokens must give the same tokens for the same values from one schema step to
--    the next: a step that changes it must build person_fts again, as this one does.
-- 3. note_created, on (created_at, person_id) for the notes of the last days (core/report.c,
--    followups), keeps created_at alone: those notes are few, and each is read by its rowid for
--    its person; the person's key (27 bytes a note) is no longer copied into the index.
-- 4. person_fts is made again with columnsize=0: the search never ranks (no bm25), so the size
--    of each row's column is not kept (person_fts_docsize). Every person is marked pending and
--    the commit of this step puts them all in again (search_sync, inside this transaction).
-- 5. household, insurance and certificate become WITHOUT ROWID tables: each is reached by its
--    key (or, for insurance and certificate, by its person through an index that then holds the
--    key instead of a rowid), so the index SQLite kept for the key (sqlite_autoindex_<table>_1)
--    is the table itself. Each is copied aside, dropped and made again under its own name with
--    the same columns in the same order (every row hash stays as its audit recorded it), its
--    rows put back unchanged (no trigger: no audit row, nothing in the outbox), then its triggers
--    made again: the audit's by tools/gen_audit_chain.py --triggers household insurance
--    certificate, the household's flag copies (step 7) as they were. The persons' references to
--    their households are checked at the commit (defer_foreign_keys): the drop leaves them
--    without a parent until the rows are back. person and enrollment keep their rowid: other
--    indexes would each hold the 27-character key instead of it, and enrollment is the parent of
--    certificate.enrollment_id (ON DELETE SET NULL: dropping it would empty them).

DROP INDEX IF EXISTS person_name_birth;
DROP INDEX IF EXISTS note_created;
CREATE INDEX note_created ON note(created_at);

DROP TRIGGER IF EXISTS person_search_pi;
DROP TRIGGER IF EXISTS person_search_pu;
DROP TRIGGER IF EXISTS person_search_au;
DROP TRIGGER IF EXISTS person_search_ad;
ALTER TABLE person_search DROP COLUMN tokens;
DELETE FROM search_gone;
UPDATE person_search SET pending = 1 WHERE NOT pending;
DROP TABLE person_fts;
CREATE VIRTUAL TABLE person_fts USING fts5(tokens, content='', tokenize='unicode61',
  detail='none', prefix='1 2 3', columnsize=0);

-- A new person is pending; a changed name, ID number or phone takes the old tokens out (when
-- they are in the index) and makes the person pending again; a deleted person's tokens are
-- taken out before the row (and, by its foreign key, its person_search row) goes.
CREATE TRIGGER person_search_pi AFTER INSERT ON person BEGIN
  INSERT INTO person_search(person_id) VALUES (new.id);
END;
CREATE TRIGGER person_search_pu AFTER UPDATE OF name, id_number, phone ON person
  WHEN new.name IS NOT old.name OR new.id_number IS NOT old.id_number OR new.phone IS NOT old.phone
BEGIN
  INSERT INTO search_gone(docid, tokens)
    SELECT docid, jd_search_tokens(old.name, old.id_number, old.phone) FROM person_search
    WHERE person_id = old.id AND NOT pending;
  UPDATE person_search SET pending = 1 WHERE person_id = old.id AND NOT pending;
END;
CREATE TRIGGER person_search_pd BEFORE DELETE ON person BEGIN
  INSERT INTO search_gone(docid, tokens)
    SELECT docid, jd_search_tokens(old.name, old.id_number, old.phone) FROM person_search
    WHERE person_id = old.id AND NOT pending;
END;

PRAGMA defer_foreign_keys = ON;

CREATE TABLE household_v14 AS SELECT * FROM household;
DROP TABLE household;
CREATE TABLE household (
  id              TEXT PRIMARY KEY,
  address         TEXT,
  low_income      INTEGER CHECK (low_income IN (0, 1)),
  poor_disabled   INTEGER CHECK (poor_disabled IN (0, 1)),
  registered_poor INTEGER CHECK (registered_poor IN (0, 1)),
  extremely_poor  INTEGER CHECK (extremely_poor IN (0, 1)),
  zero_employment INTEGER CHECK (zero_employment IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO household SELECT * FROM household_v14 ORDER BY id;
DROP TABLE household_v14;

CREATE TABLE insurance_v14 AS SELECT * FROM insurance;
DROP TABLE insurance;
CREATE TABLE insurance (
  id                  TEXT PRIMARY KEY,
  person_id           TEXT NOT NULL UNIQUE REFERENCES person(id) ON DELETE CASCADE,
  unemployment_months INTEGER CHECK (unemployment_months BETWEEN 0 AND 1200),
  social_insurance    INTEGER CHECK (social_insurance IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  receiving_benefit   INTEGER CHECK (receiving_benefit IN (0, 1)),
  benefit_until       TEXT CHECK (benefit_until IS date(benefit_until))
) WITHOUT ROWID;
INSERT INTO insurance SELECT * FROM insurance_v14 ORDER BY id;
DROP TABLE insurance_v14;

CREATE TABLE certificate_v14 AS SELECT * FROM certificate;
DROP TABLE certificate;
CREATE TABLE certificate (
  id            TEXT PRIMARY KEY,
  person_id     TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  enrollment_id TEXT REFERENCES enrollment(id) ON DELETE SET NULL,
  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  issued_on     TEXT NOT NULL CHECK (issued_on IS date(issued_on)),
  occupation    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO certificate SELECT * FROM certificate_v14 ORDER BY id;
DROP TABLE certificate_v14;
CREATE INDEX certificate_person ON certificate(person_id, issued_on, id);

-- The household's flags copied onto its persons (step 7), as they were.
CREATE TRIGGER household_flags_i AFTER INSERT ON household BEGIN
  UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) = (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment)
    WHERE household_id = new.id AND (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) IS NOT (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment);
END;
CREATE TRIGGER household_flags_u AFTER UPDATE OF low_income, poor_disabled, registered_poor, extremely_poor, zero_employment ON household BEGIN
  UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) = (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment)
    WHERE household_id = new.id AND (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) IS NOT (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment);
END;
CREATE TRIGGER household_flags_d AFTER DELETE ON household BEGIN
  UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) = (NULL, NULL, NULL, NULL, NULL)
    WHERE household_id = old.id AND (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) IS NOT (NULL, NULL, NULL, NULL, NULL);
END;

-- The audit triggers of the three tables (tools/gen_audit_chain.py --triggers household
-- insurance certificate).
DROP TRIGGER IF EXISTS household_audit_i;
DROP TRIGGER IF EXISTS household_audit_u;
DROP TRIGGER IF EXISTS household_audit_d;
CREATE TRIGGER household_audit_i AFTER INSERT ON household BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    23,
    new.id,
    1,
    NULL,
    NULL,
    jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', new.id, 'insert', NULL, NULL, jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by)));
END;
CREATE TRIGGER household_audit_u AFTER UPDATE ON household BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    23,
    new.id,
    2,
    jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by), jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, new.created_at, new.updated_at, new.created_by)));
END;
CREATE TRIGGER household_audit_d AFTER DELETE ON household BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    23,
    old.id,
    3,
    jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', old.id, 'delete', jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_household;
CREATE VIEW audit_live_household AS SELECT id AS row_key, jd_row_hash('household', id, address, low_income, poor_disabled, registered_poor, extremely_poor, zero_employment, created_at, updated_at, created_by) AS row_hash FROM household;
DROP TRIGGER IF EXISTS insurance_audit_i;
DROP TRIGGER IF EXISTS insurance_audit_u;
DROP TRIGGER IF EXISTS insurance_audit_d;
CREATE TRIGGER insurance_audit_i AFTER INSERT ON insurance BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    28,
    new.id,
    1,
    NULL,
    NULL,
    jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', new.id, 'insert', NULL, NULL, jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until)));
END;
CREATE TRIGGER insurance_audit_u AFTER UPDATE ON insurance BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    28,
    new.id,
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until),
    jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until), jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, new.created_at, new.updated_at, new.created_by, new.receiving_benefit, new.benefit_until)));
END;
CREATE TRIGGER insurance_audit_d AFTER DELETE ON insurance BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    28,
    old.id,
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'receiving_benefit', old.receiving_benefit, 'benefit_until', old.benefit_until),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'receiving_benefit', old.receiving_benefit, 'benefit_until', old.benefit_until), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_insurance;
CREATE VIEW audit_live_insurance AS SELECT id AS row_key, jd_row_hash('insurance', id, person_id, unemployment_months, social_insurance, created_at, updated_at, created_by, receiving_benefit, benefit_until) AS row_hash FROM insurance;
DROP TRIGGER IF EXISTS certificate_audit_i;
DROP TRIGGER IF EXISTS certificate_audit_u;
DROP TRIGGER IF EXISTS certificate_audit_d;
CREATE TRIGGER certificate_audit_i AFTER INSERT ON certificate BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    27,
    new.id,
    1,
    NULL,
    NULL,
    jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', new.id, 'insert', NULL, NULL, jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by)));
END;
CREATE TRIGGER certificate_audit_u AFTER UPDATE ON certificate BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    27,
    new.id,
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by), jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, new.created_at, new.updated_at, new.created_by)));
END;
CREATE TRIGGER certificate_audit_d AFTER DELETE ON certificate BEGIN
  INSERT INTO audit_log (seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    jd_actor(),
    jd_acting_as(),
    27,
    old.id,
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_certificate;
CREATE VIEW audit_live_certificate AS SELECT id AS row_key, jd_row_hash('certificate', id, person_id, enrollment_id, level, issued_on, occupation, created_at, updated_at, created_by) AS row_hash FROM certificate;
