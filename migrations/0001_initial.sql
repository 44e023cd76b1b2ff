-- jobdesk schema, step 1: every table of DESIGN.md "Data".
-- Case tables have text keys unique across offices (office code + time-ordered
-- random part, made by jd_new_key()), created_at, updated_at and created_by, and
-- are audited by the triggers at the end of this file.

-- Local settings of this database file (its office code); not synced.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE office (
  id         TEXT PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 12),
  name       TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('township', 'county', 'city')),
  parent_id  TEXT REFERENCES office(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE app_user (
  id            TEXT PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('counselor', 'supervisor', 'admin')),
  office_id     TEXT REFERENCES office(id),
  password_hash TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);

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
);

-- NULL in a flag column means unknown (the facts file leaves it out), never false.
CREATE TABLE person (
  id                    TEXT PRIMARY KEY,
  id_number             TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
  name                  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  sex                   TEXT CHECK (sex IN ('male', 'female')),
  birth_date            TEXT CHECK (birth_date IS date(birth_date)),
  phone                 TEXT,
  hukou_province        TEXT CHECK (length(hukou_province) = 2),
  hukou_type            TEXT CHECK (hukou_type IN ('rural', 'urban')),
  education             TEXT CHECK (education IN ('none', 'primary', 'junior_high', 'senior_high',
                          'secondary_vocational', 'technical_school', 'junior_college', 'bachelor',
                          'master', 'doctorate')),
  graduation_date       TEXT CHECK (graduation_date IS date(graduation_date)),
  continuing_study      INTEGER CHECK (continuing_study IN (0, 1)),
  disabled              INTEGER CHECK (disabled IN (0, 1)),
  student_loan          INTEGER CHECK (student_loan IN (0, 1)),
  veteran               TEXT CHECK (veteran IN ('none', 'demobilised_soldier', 'transferred_officer')),
  registered_unemployed INTEGER CHECK (registered_unemployed IN (0, 1)),
  employment_difficulty INTEGER CHECK (employment_difficulty IN (0, 1)),
  overcapacity_worker   INTEGER CHECK (overcapacity_worker IN (0, 1)),
  rural_transfer_worker INTEGER CHECK (rural_transfer_worker IN (0, 1)),
  returnee_entrepreneur INTEGER CHECK (returnee_entrepreneur IN (0, 1)),
  job_seeking           INTEGER CHECK (job_seeking IN (0, 1)),
  employment_status     TEXT CHECK (employment_status IN ('employed', 'unemployed', 'self_employed',
                          'flexible', 'student')),
  employer_kind         TEXT CHECK (employer_kind IN ('enterprise', 'social_org', 'public_institution',
                          'government', 'none')),
  household_id          TEXT REFERENCES household(id),
  counselor             TEXT,
  office_id             TEXT REFERENCES office(id),
  stage                 TEXT NOT NULL DEFAULT 'registered' CHECK (stage IN ('registered', 'training',
                          'internship', 'startup', 'grassroots', 'employed', 'closed')),
  next_followup         TEXT CHECK (next_followup IS date(next_followup)),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  created_by            TEXT NOT NULL
);
CREATE INDEX person_phone ON person(phone) WHERE phone IS NOT NULL;
-- The caseload pages through these in keyset order: by name, or by next follow-up,
-- for one counselor or for the whole office.
CREATE INDEX person_counselor_name ON person(counselor, name, id);
CREATE INDEX person_counselor_followup ON person(counselor, next_followup, id)
  WHERE next_followup IS NOT NULL;
CREATE INDEX person_name ON person(name, id);
CREATE INDEX person_followup ON person(next_followup, id) WHERE next_followup IS NOT NULL;
CREATE INDEX person_name_birth ON person(name, birth_date);
CREATE INDEX person_household ON person(household_id) WHERE household_id IS NOT NULL;

CREATE TABLE unit (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  credit_code TEXT UNIQUE CHECK (credit_code IS NULL OR length(credit_code) = 18),
  kind        TEXT NOT NULL CHECK (kind IN ('employer', 'internship_host', 'training_provider')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

-- One row per stretch of progress; the kind's own details in nullable columns.
CREATE TABLE enrollment (
  id               TEXT PRIMARY KEY,
  person_id        TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('training', 'internship', 'startup', 'grassroots',
                     'employment')),
  unit_id          TEXT REFERENCES unit(id),
  unit_name        TEXT,
  start_date       TEXT CHECK (start_date IS date(start_date)),
  end_date         TEXT CHECK (end_date IS date(end_date)),
  status           TEXT NOT NULL CHECK (status IN ('planned', 'active', 'completed', 'dropped')),
  training_kind    TEXT CHECK (training_kind IN ('employment_skills', 'startup', 'guidance',
                     'apprenticeship', 'technician')),
  class_hours      INTEGER CHECK (class_hours BETWEEN 0 AND 10000),
  startup_kind     TEXT CHECK (startup_kind IN ('micro_enterprise', 'individual_business', 'other')),
  first_time       INTEGER CHECK (first_time IN (0, 1)),
  license_date     TEXT CHECK (license_date IS date(license_date)),
  operating        INTEGER CHECK (operating IN (0, 1)),
  social_insurance INTEGER CHECK (social_insurance IN (0, 1)),
  program          TEXT CHECK (program IN ('xuandiao', 'sanzhi_yifu', 'xibu', 'tegang', 'public_service')),
  assessed_pass    INTEGER CHECK (assessed_pass IN (0, 1)),
  employer_kind    TEXT CHECK (employer_kind IN ('enterprise', 'social_org', 'public_institution',
                     'government', 'none')),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL
);
CREATE INDEX enrollment_person ON enrollment(person_id, kind, start_date, id);

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
);
CREATE INDEX certificate_person ON certificate(person_id, issued_on, id);

CREATE TABLE insurance (
  id                  TEXT PRIMARY KEY,
  person_id           TEXT NOT NULL UNIQUE REFERENCES person(id) ON DELETE CASCADE,
  unemployment_months INTEGER CHECK (unemployment_months BETWEEN 0 AND 1200),
  social_insurance    INTEGER CHECK (social_insurance IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL
);

CREATE TABLE note (
  id            TEXT PRIMARY KEY,
  person_id     TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  body          TEXT NOT NULL,
  followup_date TEXT CHECK (followup_date IS date(followup_date)),
  done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);
CREATE INDEX note_person ON note(person_id, created_at);
CREATE INDEX note_followup ON note(followup_date) WHERE done = 0 AND followup_date IS NOT NULL;

-- once_key is person|policy|item for a once-only benefit: at most one live decision each.
CREATE TABLE decision (
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
                 'revoked')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL
);
CREATE INDEX decision_person ON decision(person_id, decided_on, id);
CREATE INDEX decision_status ON decision(status, decided_on);
CREATE UNIQUE INDEX decision_once ON decision(once_key)
  WHERE once_key IS NOT NULL AND status IN ('proposed', 'approved');

-- Written only by triggers; refuses UPDATE and DELETE.
CREATE TABLE audit (
  id      TEXT PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  tbl     TEXT NOT NULL,
  row_key TEXT NOT NULL,
  op      TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  before  TEXT,
  after   TEXT
);
CREATE INDEX audit_row ON audit(tbl, row_key, at);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- The search index: derived from person, not synced. The triggers keep person_search.tokens
-- (jd_search_tokens: name characters and pairs, pinyin initials, the reversed ID number and
-- phone behind 'i' and 'u' (letters no pinyin syllable begins with), so that a suffix is a
-- prefix query) and mark rows pending; FTS5
-- cannot be written from a trigger while trusted_schema is off, so db_commit() brings
-- person_fts up to date (search_sync) before every commit, inside the same transaction.
CREATE TABLE person_search (
  docid     INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id TEXT NOT NULL UNIQUE REFERENCES person(id) ON DELETE CASCADE,
  tokens    TEXT NOT NULL,
  pending   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX person_search_pending ON person_search(docid) WHERE pending;
-- Tokens that are in person_fts but whose row changed or went: to be taken out of it.
CREATE TABLE search_gone (
  id     INTEGER PRIMARY KEY,
  docid  INTEGER NOT NULL,
  tokens TEXT NOT NULL
);
-- prefix: 'w*' (what a counselor has typed after one key) reads one doclist, not all the
-- terms that begin with w merged.
CREATE VIRTUAL TABLE person_fts USING fts5(tokens, content='', tokenize='unicode61',
  detail='none', prefix='1 2 3');
CREATE TRIGGER person_search_pi AFTER INSERT ON person BEGIN
  INSERT INTO person_search(person_id, tokens)
    VALUES (new.id, jd_search_tokens(new.name, new.id_number, new.phone));
END;
CREATE TRIGGER person_search_pu AFTER UPDATE OF name, id_number, phone ON person BEGIN
  UPDATE person_search SET tokens = jd_search_tokens(new.name, new.id_number, new.phone)
    WHERE person_id = new.id;
END;
CREATE TRIGGER person_search_au AFTER UPDATE OF tokens ON person_search BEGIN
  INSERT INTO search_gone(docid, tokens) SELECT old.docid, old.tokens WHERE NOT old.pending;
  UPDATE person_search SET pending = 1 WHERE docid = new.docid;
END;
CREATE TRIGGER person_search_ad AFTER DELETE ON person_search BEGIN
  INSERT INTO search_gone(docid, tokens) SELECT old.docid, old.tokens WHERE NOT old.pending;
END;

-- Audit: every insert, update and delete on a case table leaves a row naming the actor
-- (jd_actor), its key (jd_new_key) and the row before and after as JSON: the whole row on insert
-- and delete (jd_json, which leaves out NULL columns: an absent key is NULL), the columns that
-- changed on update (jd_changed; a changed column that became or was NULL is written as null).
CREATE TRIGGER office_audit_i AFTER INSERT ON office BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'office', new.id, 'insert', NULL,
    jd_json('id', new.id, 'code', new.code, 'name', new.name, 'level', new.level, 'parent_id', new.parent_id, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER office_audit_u AFTER UPDATE ON office BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'office', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER office_audit_d AFTER DELETE ON office BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'office', old.id, 'delete',
    jd_json('id', old.id, 'code', old.code, 'name', old.name, 'level', old.level, 'parent_id', old.parent_id, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER app_user_audit_i AFTER INSERT ON app_user BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'app_user', new.id, 'insert', NULL,
    jd_json('id', new.id, 'login', new.login, 'display_name', new.display_name, 'role', new.role, 'office_id', new.office_id, 'password_hash', new.password_hash, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER app_user_audit_u AFTER UPDATE ON app_user BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'app_user', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'password_hash', old.password_hash, new.password_hash, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'password_hash', old.password_hash, new.password_hash, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER app_user_audit_d AFTER DELETE ON app_user BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'app_user', old.id, 'delete',
    jd_json('id', old.id, 'login', old.login, 'display_name', old.display_name, 'role', old.role, 'office_id', old.office_id, 'password_hash', old.password_hash, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER household_audit_i AFTER INSERT ON household BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'household', new.id, 'insert', NULL,
    jd_json('id', new.id, 'address', new.address, 'low_income', new.low_income, 'poor_disabled', new.poor_disabled, 'registered_poor', new.registered_poor, 'extremely_poor', new.extremely_poor, 'zero_employment', new.zero_employment, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER household_audit_u AFTER UPDATE ON household BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'household', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER household_audit_d AFTER DELETE ON household BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'household', old.id, 'delete',
    jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER person_audit_i AFTER INSERT ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', new.id, 'insert', NULL,
    jd_json('id', new.id, 'id_number', new.id_number, 'name', new.name, 'sex', new.sex, 'birth_date', new.birth_date, 'phone', new.phone, 'hukou_province', new.hukou_province, 'hukou_type', new.hukou_type, 'education', new.education, 'graduation_date', new.graduation_date, 'continuing_study', new.continuing_study, 'disabled', new.disabled, 'student_loan', new.student_loan, 'veteran', new.veteran, 'registered_unemployed', new.registered_unemployed, 'employment_difficulty', new.employment_difficulty, 'overcapacity_worker', new.overcapacity_worker, 'rural_transfer_worker', new.rural_transfer_worker, 'returnee_entrepreneur', new.returnee_entrepreneur, 'job_seeking', new.job_seeking, 'employment_status', new.employment_status, 'employer_kind', new.employer_kind, 'household_id', new.household_id, 'counselor', new.counselor, 'office_id', new.office_id, 'stage', new.stage, 'next_followup', new.next_followup, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER person_audit_u AFTER UPDATE ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER person_audit_d AFTER DELETE ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', old.id, 'delete',
    jd_json('id', old.id, 'id_number', old.id_number, 'name', old.name, 'sex', old.sex, 'birth_date', old.birth_date, 'phone', old.phone, 'hukou_province', old.hukou_province, 'hukou_type', old.hukou_type, 'education', old.education, 'graduation_date', old.graduation_date, 'continuing_study', old.continuing_study, 'disabled', old.disabled, 'student_loan', old.student_loan, 'veteran', old.veteran, 'registered_unemployed', old.registered_unemployed, 'employment_difficulty', old.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, 'job_seeking', old.job_seeking, 'employment_status', old.employment_status, 'employer_kind', old.employer_kind, 'household_id', old.household_id, 'counselor', old.counselor, 'office_id', old.office_id, 'stage', old.stage, 'next_followup', old.next_followup, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER unit_audit_i AFTER INSERT ON unit BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'unit', new.id, 'insert', NULL,
    jd_json('id', new.id, 'name', new.name, 'credit_code', new.credit_code, 'kind', new.kind, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER unit_audit_u AFTER UPDATE ON unit BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'unit', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER unit_audit_d AFTER DELETE ON unit BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'unit', old.id, 'delete',
    jd_json('id', old.id, 'name', old.name, 'credit_code', old.credit_code, 'kind', old.kind, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER enrollment_audit_i AFTER INSERT ON enrollment BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'enrollment', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'kind', new.kind, 'unit_id', new.unit_id, 'unit_name', new.unit_name, 'start_date', new.start_date, 'end_date', new.end_date, 'status', new.status, 'training_kind', new.training_kind, 'class_hours', new.class_hours, 'startup_kind', new.startup_kind, 'first_time', new.first_time, 'license_date', new.license_date, 'operating', new.operating, 'social_insurance', new.social_insurance, 'program', new.program, 'assessed_pass', new.assessed_pass, 'employer_kind', new.employer_kind, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER enrollment_audit_u AFTER UPDATE ON enrollment BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'enrollment', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER enrollment_audit_d AFTER DELETE ON enrollment BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'enrollment', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'kind', old.kind, 'unit_id', old.unit_id, 'unit_name', old.unit_name, 'start_date', old.start_date, 'end_date', old.end_date, 'status', old.status, 'training_kind', old.training_kind, 'class_hours', old.class_hours, 'startup_kind', old.startup_kind, 'first_time', old.first_time, 'license_date', old.license_date, 'operating', old.operating, 'social_insurance', old.social_insurance, 'program', old.program, 'assessed_pass', old.assessed_pass, 'employer_kind', old.employer_kind, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER certificate_audit_i AFTER INSERT ON certificate BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'certificate', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'enrollment_id', new.enrollment_id, 'level', new.level, 'issued_on', new.issued_on, 'occupation', new.occupation, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER certificate_audit_u AFTER UPDATE ON certificate BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'certificate', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER certificate_audit_d AFTER DELETE ON certificate BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'certificate', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER insurance_audit_i AFTER INSERT ON insurance BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'insurance', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'unemployment_months', new.unemployment_months, 'social_insurance', new.social_insurance, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER insurance_audit_u AFTER UPDATE ON insurance BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'insurance', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER insurance_audit_d AFTER DELETE ON insurance BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'insurance', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER note_audit_i AFTER INSERT ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'body', new.body, 'followup_date', new.followup_date, 'done', new.done, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER note_audit_u AFTER UPDATE ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER note_audit_d AFTER DELETE ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'body', old.body, 'followup_date', old.followup_date, 'done', old.done, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
CREATE TRIGGER decision_audit_i AFTER INSERT ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'policy_id', new.policy_id, 'policy_hash', new.policy_hash, 'decided_on', new.decided_on, 'subject', new.subject, 'subject_key', new.subject_key, 'outcome', new.outcome, 'amount_fen', new.amount_fen, 'facts_json', new.facts_json, 'reasons_json', new.reasons_json, 'once_key', new.once_key, 'counselor', new.counselor, 'approved_by', new.approved_by, 'status', new.status, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER decision_audit_u AFTER UPDATE ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER decision_audit_d AFTER DELETE ON decision BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'decision', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;
