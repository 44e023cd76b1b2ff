-- jobdesk schema, step 3: names sort by pinyin.
-- person.name_sort is the sort key of the name (its toneless pinyin, syllables separated, in
-- lower case, a tab, then the name: jd_name_sort, util/pinyin.h), derived from name and kept by
-- the triggers below; the caseload and person lists page through it in keyset order.

ALTER TABLE person ADD COLUMN name_sort TEXT;

-- The audit of a person's update names its columns, so that keeping the derived key (an
-- update of name_sort alone) writes no audit row of its own.
DROP TRIGGER IF EXISTS person_audit_u;
CREATE TRIGGER person_audit_u AFTER UPDATE OF
  id, id_number, name, sex, birth_date, phone, hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, student_loan, veteran, registered_unemployed, employment_difficulty, overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, employment_status, employer_kind, household_id, counselor, office_id, stage, next_followup, created_at, updated_at, created_by, closed_reason, closed_on, closed_note, merged_into
  ON person BEGIN
  INSERT INTO audit VALUES (jd_new_key(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), jd_actor(), 'person', new.id, 'update',
    jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into),
    jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into));
END;

-- jobdesk's own writers give the key with the row; the triggers set it only where a row came
-- without it or with a stale one (a write from another program, an update of the name alone).
CREATE TRIGGER person_name_sort_i AFTER INSERT ON person
  WHEN new.name_sort IS NOT jd_name_sort(new.name) BEGIN
  UPDATE person SET name_sort = jd_name_sort(new.name) WHERE id = new.id;
END;
CREATE TRIGGER person_name_sort_u AFTER UPDATE OF name, name_sort ON person
  WHEN new.name_sort IS NOT jd_name_sort(new.name) BEGIN
  UPDATE person SET name_sort = jd_name_sort(new.name) WHERE id = new.id;
END;

-- The rows there are already.
UPDATE person SET name_sort = jd_name_sort(name);

-- The caseload's keyset pages: one counselor's by name, the whole office's by name.
DROP INDEX IF EXISTS person_counselor_name;
DROP INDEX IF EXISTS person_name;
CREATE INDEX person_counselor_name_sort ON person(counselor, name_sort, id);
CREATE INDEX person_name_sort ON person(name_sort, id);
