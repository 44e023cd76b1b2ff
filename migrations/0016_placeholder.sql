-- jobdesk schema, step 16: a placeholder in branch i11-ts only, so that step 17 keeps its number
-- (tools/embed_sql.py refuses a gap). The caseload indexes of step 16 (size slice A) replace this
-- file when both land; it changes nothing.
SELECT 1;
