-- jobdesk schema, step 7: the caseload filters on an index (issue 12, point 1).
-- The household flags the caseload filters by (低保 low_income, 贫困残疾 poor_disabled, 建档立卡
-- registered_poor, 特困 extremely_poor, 零就业 zero_employment) are copied onto person, derived
-- from the person's household and kept by the triggers below in the same statement as any write
-- (a household's insert, flag update or delete, a person's insert or change of household, and a
-- direct write of the copies, which is put back): NULL, as in household, is unknown. Derived,
-- they are not audited (tools/gen_audit_chain.py UNAUDITED): the audit triggers of person name
-- their columns, so keeping the copies writes no audit row.
-- Every caseload view pages through the indexes below in its order: the page indexes (all or one
-- counselor's cases, by name or by follow-up) and, per flag, the same four over the persons who
-- have it (partial, so small); each begins with the stage. A merged record is never listed: the
-- indexes leave it out.

ALTER TABLE person ADD COLUMN low_income INTEGER CHECK (low_income IN (0, 1));
ALTER TABLE person ADD COLUMN poor_disabled INTEGER CHECK (poor_disabled IN (0, 1));
ALTER TABLE person ADD COLUMN registered_poor INTEGER CHECK (registered_poor IN (0, 1));
ALTER TABLE person ADD COLUMN extremely_poor INTEGER CHECK (extremely_poor IN (0, 1));
ALTER TABLE person ADD COLUMN zero_employment INTEGER CHECK (zero_employment IN (0, 1));

UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) =
  (SELECT low_income, poor_disabled, registered_poor, extremely_poor, zero_employment FROM household h WHERE h.id = person.household_id)
  WHERE household_id IS NOT NULL;

-- A person added, moved to another household, or whose copies were written: the copies are
-- the household's (all NULL without one).
CREATE TRIGGER person_flags_i AFTER INSERT ON person
  WHEN (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment) IS NOT
    (SELECT low_income, poor_disabled, registered_poor, extremely_poor, zero_employment FROM household h WHERE h.id = new.household_id) BEGIN
  UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) =
    (SELECT low_income, poor_disabled, registered_poor, extremely_poor, zero_employment FROM household h WHERE h.id = new.household_id) WHERE id = new.id;
END;
CREATE TRIGGER person_flags_u AFTER UPDATE OF household_id, low_income, poor_disabled, registered_poor, extremely_poor, zero_employment ON person
  WHEN (new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment) IS NOT
    (SELECT low_income, poor_disabled, registered_poor, extremely_poor, zero_employment FROM household h WHERE h.id = new.household_id) BEGIN
  UPDATE person SET (low_income, poor_disabled, registered_poor, extremely_poor, zero_employment) =
    (SELECT low_income, poor_disabled, registered_poor, extremely_poor, zero_employment FROM household h WHERE h.id = new.household_id) WHERE id = new.id;
END;
-- A household added, its flags changed, or removed: its persons' copies follow.
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

-- The page indexes again: the stage first (after the counselor for one counselor's cases), so
-- that a view of one stage reads its own part in order and a view of several merges their parts
-- (core/caseload.c), and no merged record.
DROP INDEX IF EXISTS person_counselor_name_sort;
DROP INDEX IF EXISTS person_name_sort;
DROP INDEX IF EXISTS person_counselor_followup;
DROP INDEX IF EXISTS person_followup;
CREATE INDEX person_counselor_name_sort ON person(counselor, stage, name_sort, id)
  WHERE merged_into IS NULL;
CREATE INDEX person_name_sort ON person(stage, name_sort, id) WHERE merged_into IS NULL;
CREATE INDEX person_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_followup ON person(stage, next_followup, id)
  WHERE merged_into IS NULL AND next_followup IS NOT NULL;
-- Per flag, the same four over the persons who have it.
CREATE INDEX person_low_income_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE low_income = 1 AND merged_into IS NULL;
CREATE INDEX person_low_income_name ON person(stage, name_sort, id)
  WHERE low_income = 1 AND merged_into IS NULL;
CREATE INDEX person_low_income_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE low_income = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_low_income_followup ON person(stage, next_followup, id)
  WHERE low_income = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_poor_disabled_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE poor_disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_poor_disabled_name ON person(stage, name_sort, id)
  WHERE poor_disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_poor_disabled_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE poor_disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_poor_disabled_followup ON person(stage, next_followup, id)
  WHERE poor_disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_registered_poor_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE registered_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_registered_poor_name ON person(stage, name_sort, id)
  WHERE registered_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_registered_poor_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE registered_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_registered_poor_followup ON person(stage, next_followup, id)
  WHERE registered_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_extremely_poor_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE extremely_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_extremely_poor_name ON person(stage, name_sort, id)
  WHERE extremely_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_extremely_poor_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE extremely_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_extremely_poor_followup ON person(stage, next_followup, id)
  WHERE extremely_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_zero_employment_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE zero_employment = 1 AND merged_into IS NULL;
CREATE INDEX person_zero_employment_name ON person(stage, name_sort, id)
  WHERE zero_employment = 1 AND merged_into IS NULL;
CREATE INDEX person_zero_employment_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE zero_employment = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_zero_employment_followup ON person(stage, next_followup, id)
  WHERE zero_employment = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_disabled_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_disabled_name ON person(stage, name_sort, id)
  WHERE disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_disabled_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_disabled_followup ON person(stage, next_followup, id)
  WHERE disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_difficulty_counselor_name ON person(counselor, stage, name_sort, id)
  WHERE employment_difficulty = 1 AND merged_into IS NULL;
CREATE INDEX person_difficulty_name ON person(stage, name_sort, id)
  WHERE employment_difficulty = 1 AND merged_into IS NULL;
CREATE INDEX person_difficulty_counselor_followup ON person(counselor, stage, next_followup, id)
  WHERE employment_difficulty = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_difficulty_followup ON person(stage, next_followup, id)
  WHERE employment_difficulty = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
