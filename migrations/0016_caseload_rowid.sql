-- jobdesk schema, step 16: the caseload's indexes without the text key (issue 11, point 5).
-- The 32 indexes every caseload view pages through (step 7: person_[counselor_]name_sort and
-- person_[counselor_]followup, and per flag its own four, person_<flag>_[counselor_]name and
-- _followup) ended with the person's 27-character key as the tie-break between persons of the
-- same sort key. person is a table with a rowid (step 15 kept it so), and every entry of an index
-- of such a table already ends with the row's rowid: the same columns without the key order the
-- persons of one sort key by their rowid (the order they were registered in this database), and
-- a page's cursor carries the rowid of its edge row (core/caseload.c: ORDER BY name_sort, rowid or
-- next_followup, rowid; the page after (name_sort, rowid) > (?4, ?5)). Each index is dropped and
-- made again under its own name, with its own columns but id, and its own WHERE (about 95 bytes
-- a person at the demo's mix). Nothing else changes: no table, trigger, row or audit row.
-- person's rowid is never renumbered by jobdesk (no VACUUM of the live database, no rebuild of
-- person): a later step that rebuilds person must copy each row's rowid with it.
-- enrollment_person (person_id, kind, start_date, id) keeps its key: the facts list a person's
-- enrollments in that order (core/facts.c), which must be the same in every office that holds
-- the case (a decision names trainings[N]), and rowids differ between offices.

DROP INDEX IF EXISTS person_counselor_name_sort;
DROP INDEX IF EXISTS person_name_sort;
DROP INDEX IF EXISTS person_counselor_followup;
DROP INDEX IF EXISTS person_followup;
DROP INDEX IF EXISTS person_low_income_counselor_name;
DROP INDEX IF EXISTS person_low_income_counselor_followup;
DROP INDEX IF EXISTS person_low_income_name;
DROP INDEX IF EXISTS person_low_income_followup;
DROP INDEX IF EXISTS person_poor_disabled_counselor_name;
DROP INDEX IF EXISTS person_poor_disabled_counselor_followup;
DROP INDEX IF EXISTS person_poor_disabled_name;
DROP INDEX IF EXISTS person_poor_disabled_followup;
DROP INDEX IF EXISTS person_registered_poor_counselor_name;
DROP INDEX IF EXISTS person_registered_poor_counselor_followup;
DROP INDEX IF EXISTS person_registered_poor_name;
DROP INDEX IF EXISTS person_registered_poor_followup;
DROP INDEX IF EXISTS person_extremely_poor_counselor_name;
DROP INDEX IF EXISTS person_extremely_poor_counselor_followup;
DROP INDEX IF EXISTS person_extremely_poor_name;
DROP INDEX IF EXISTS person_extremely_poor_followup;
DROP INDEX IF EXISTS person_zero_employment_counselor_name;
DROP INDEX IF EXISTS person_zero_employment_counselor_followup;
DROP INDEX IF EXISTS person_zero_employment_name;
DROP INDEX IF EXISTS person_zero_employment_followup;
DROP INDEX IF EXISTS person_disabled_counselor_name;
DROP INDEX IF EXISTS person_disabled_counselor_followup;
DROP INDEX IF EXISTS person_disabled_name;
DROP INDEX IF EXISTS person_disabled_followup;
DROP INDEX IF EXISTS person_difficulty_counselor_name;
DROP INDEX IF EXISTS person_difficulty_counselor_followup;
DROP INDEX IF EXISTS person_difficulty_name;
DROP INDEX IF EXISTS person_difficulty_followup;

-- The page indexes, the stage first (after the counselor for one counselor's cases).
CREATE INDEX person_counselor_name_sort ON person(counselor, stage, name_sort)
  WHERE merged_into IS NULL;
CREATE INDEX person_name_sort ON person(stage, name_sort) WHERE merged_into IS NULL;
CREATE INDEX person_counselor_followup ON person(counselor, stage, next_followup)
  WHERE merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_followup ON person(stage, next_followup)
  WHERE merged_into IS NULL AND next_followup IS NOT NULL;
-- Per flag, the same four over the persons who have it.
CREATE INDEX person_low_income_counselor_name ON person(counselor, stage, name_sort)
  WHERE low_income = 1 AND merged_into IS NULL;
CREATE INDEX person_low_income_name ON person(stage, name_sort)
  WHERE low_income = 1 AND merged_into IS NULL;
CREATE INDEX person_low_income_counselor_followup ON person(counselor, stage, next_followup)
  WHERE low_income = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_low_income_followup ON person(stage, next_followup)
  WHERE low_income = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_poor_disabled_counselor_name ON person(counselor, stage, name_sort)
  WHERE poor_disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_poor_disabled_name ON person(stage, name_sort)
  WHERE poor_disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_poor_disabled_counselor_followup ON person(counselor, stage, next_followup)
  WHERE poor_disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_poor_disabled_followup ON person(stage, next_followup)
  WHERE poor_disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_registered_poor_counselor_name ON person(counselor, stage, name_sort)
  WHERE registered_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_registered_poor_name ON person(stage, name_sort)
  WHERE registered_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_registered_poor_counselor_followup ON person(counselor, stage, next_followup)
  WHERE registered_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_registered_poor_followup ON person(stage, next_followup)
  WHERE registered_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_extremely_poor_counselor_name ON person(counselor, stage, name_sort)
  WHERE extremely_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_extremely_poor_name ON person(stage, name_sort)
  WHERE extremely_poor = 1 AND merged_into IS NULL;
CREATE INDEX person_extremely_poor_counselor_followup ON person(counselor, stage, next_followup)
  WHERE extremely_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_extremely_poor_followup ON person(stage, next_followup)
  WHERE extremely_poor = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_zero_employment_counselor_name ON person(counselor, stage, name_sort)
  WHERE zero_employment = 1 AND merged_into IS NULL;
CREATE INDEX person_zero_employment_name ON person(stage, name_sort)
  WHERE zero_employment = 1 AND merged_into IS NULL;
CREATE INDEX person_zero_employment_counselor_followup ON person(counselor, stage, next_followup)
  WHERE zero_employment = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_zero_employment_followup ON person(stage, next_followup)
  WHERE zero_employment = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_disabled_counselor_name ON person(counselor, stage, name_sort)
  WHERE disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_disabled_name ON person(stage, name_sort)
  WHERE disabled = 1 AND merged_into IS NULL;
CREATE INDEX person_disabled_counselor_followup ON person(counselor, stage, next_followup)
  WHERE disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_disabled_followup ON person(stage, next_followup)
  WHERE disabled = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_difficulty_counselor_name ON person(counselor, stage, name_sort)
  WHERE employment_difficulty = 1 AND merged_into IS NULL;
CREATE INDEX person_difficulty_name ON person(stage, name_sort)
  WHERE employment_difficulty = 1 AND merged_into IS NULL;
CREATE INDEX person_difficulty_counselor_followup ON person(counselor, stage, next_followup)
  WHERE employment_difficulty = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
CREATE INDEX person_difficulty_followup ON person(stage, next_followup)
  WHERE employment_difficulty = 1 AND merged_into IS NULL AND next_followup IS NOT NULL;
