-- jobdesk schema, step 2: the counselor's records.
-- A case is closed with a reason (and reopened: the reason is cleared and the stage follows
-- from progress again); a record merged into another keeps its row, closed as a duplicate,
-- and names the survivor in merged_into, so that its key still leads to the person. A
-- follow-up is done or cancelled (both leave the worklist; done_on says when). A progress
-- entry or certificate corrected or removed in error leaves a correction row with the reason.

ALTER TABLE person ADD COLUMN closed_reason TEXT CHECK (closed_reason IN ('employed',
  'moved_away', 'deceased', 'duplicate', 'not_seeking', 'other'));
ALTER TABLE person ADD COLUMN closed_on TEXT CHECK (closed_on IS date(closed_on));
ALTER TABLE person ADD COLUMN closed_note TEXT CHECK (length(closed_note) <= 500);
ALTER TABLE person ADD COLUMN merged_into TEXT REFERENCES person(id);
CREATE INDEX person_merged_into ON person(merged_into) WHERE merged_into IS NOT NULL;

-- The duplicate check before saving: persons born on one day, compared by name and by pinyin.
CREATE INDEX person_birth ON person(birth_date) WHERE birth_date IS NOT NULL;

ALTER TABLE note ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1));
ALTER TABLE note ADD COLUMN done_on TEXT CHECK (done_on IS date(done_on));

CREATE TABLE correction (
  id         TEXT PRIMARY KEY,
  person_id  TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  tbl        TEXT NOT NULL CHECK (tbl IN ('enrollment', 'certificate')),
  row_key    TEXT NOT NULL,
  op         TEXT NOT NULL CHECK (op IN ('fix', 'remove')),
  reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX correction_person ON correction(person_id, created_at);

-- The audit triggers of person and note again, with the new columns; correction's own.
DROP TRIGGER IF EXISTS person_audit_i;
DROP TRIGGER IF EXISTS person_audit_u;
DROP TRIGGER IF EXISTS person_audit_d;
CREATE TRIGGER person_audit_i AFTER INSERT ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', new.id, 'insert', NULL,
    jd_json('id', new.id, 'id_number', new.id_number, 'name', new.name, 'sex', new.sex, 'birth_date', new.birth_date, 'phone', new.phone, 'hukou_province', new.hukou_province, 'hukou_type', new.hukou_type, 'education', new.education, 'graduation_date', new.graduation_date, 'continuing_study', new.continuing_study, 'disabled', new.disabled, 'student_loan', new.student_loan, 'veteran', new.veteran, 'registered_unemployed', new.registered_unemployed, 'employment_difficulty', new.employment_difficulty, 'overcapacity_worker', new.overcapacity_worker, 'rural_transfer_worker', new.rural_transfer_worker, 'returnee_entrepreneur', new.returnee_entrepreneur, 'job_seeking', new.job_seeking, 'employment_status', new.employment_status, 'employer_kind', new.employer_kind, 'household_id', new.household_id, 'counselor', new.counselor, 'office_id', new.office_id, 'stage', new.stage, 'next_followup', new.next_followup, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by, 'closed_reason', new.closed_reason, 'closed_on', new.closed_on, 'closed_note', new.closed_note, 'merged_into', new.merged_into));
END;
CREATE TRIGGER person_audit_u AFTER UPDATE ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into),
    jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into));
END;
CREATE TRIGGER person_audit_d AFTER DELETE ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', old.id, 'delete',
    jd_json('id', old.id, 'id_number', old.id_number, 'name', old.name, 'sex', old.sex, 'birth_date', old.birth_date, 'phone', old.phone, 'hukou_province', old.hukou_province, 'hukou_type', old.hukou_type, 'education', old.education, 'graduation_date', old.graduation_date, 'continuing_study', old.continuing_study, 'disabled', old.disabled, 'student_loan', old.student_loan, 'veteran', old.veteran, 'registered_unemployed', old.registered_unemployed, 'employment_difficulty', old.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, 'job_seeking', old.job_seeking, 'employment_status', old.employment_status, 'employer_kind', old.employer_kind, 'household_id', old.household_id, 'counselor', old.counselor, 'office_id', old.office_id, 'stage', old.stage, 'next_followup', old.next_followup, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'closed_reason', old.closed_reason, 'closed_on', old.closed_on, 'closed_note', old.closed_note, 'merged_into', old.merged_into), NULL);
END;

DROP TRIGGER IF EXISTS note_audit_i;
DROP TRIGGER IF EXISTS note_audit_u;
DROP TRIGGER IF EXISTS note_audit_d;
CREATE TRIGGER note_audit_i AFTER INSERT ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'body', new.body, 'followup_date', new.followup_date, 'done', new.done, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by, 'cancelled', new.cancelled, 'done_on', new.done_on));
END;
CREATE TRIGGER note_audit_u AFTER UPDATE ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on));
END;
CREATE TRIGGER note_audit_d AFTER DELETE ON note BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'note', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'body', old.body, 'followup_date', old.followup_date, 'done', old.done, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'cancelled', old.cancelled, 'done_on', old.done_on), NULL);
END;

CREATE TRIGGER correction_audit_i AFTER INSERT ON correction BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'correction', new.id, 'insert', NULL,
    jd_json('id', new.id, 'person_id', new.person_id, 'tbl', new.tbl, 'row_key', new.row_key, 'op', new.op, 'reason', new.reason, 'created_at', new.created_at, 'updated_at', new.updated_at, 'created_by', new.created_by));
END;
CREATE TRIGGER correction_audit_u AFTER UPDATE ON correction BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'correction', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by));
END;
CREATE TRIGGER correction_audit_d AFTER DELETE ON correction BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'correction', old.id, 'delete',
    jd_json('id', old.id, 'person_id', old.person_id, 'tbl', old.tbl, 'row_key', old.row_key, 'op', old.op, 'reason', old.reason, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by), NULL);
END;

-- Cases closed before this step: the reason was not recorded ('other') and the day is that of
-- their last change; their open follow-ups are cancelled, as closing a case does from now on.
UPDATE person SET closed_reason = 'other', closed_on = date(updated_at)
  WHERE stage = 'closed' AND closed_reason IS NULL;
UPDATE note SET done = 1, cancelled = 1, done_on = date('now'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE done = 0 AND followup_date IS NOT NULL
    AND person_id IN (SELECT id FROM person WHERE stage = 'closed');
UPDATE person SET next_followup = NULL WHERE stage = 'closed' AND next_followup IS NOT NULL;
