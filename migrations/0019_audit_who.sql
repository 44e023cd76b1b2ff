-- jobdesk schema, step 19: who acted, interned (issue 11, point 5). Each audit row held its
-- actor and acting_as (the owner's name when the owner acts as a user) as text, the same few
-- names in every row; now it holds who, the id of that (actor, acting_as) pair in audit_who, a
-- table of the pairs there have been (a handful: each user, each owner acting as each user,
-- each sync bundle; acting_as x'', an empty blob and never a name, when no one acts as another).
-- A trigger adds its pair unless it is there (an upsert of one row of VALUES), then looks its id
-- up, both by a seek on audit_who's unique index inside the trigger, never an id kept by a
-- connection (an id added by a transaction that rolls back is gone with it). audit_who refuses
-- UPDATE and DELETE, as audit_log does, and a row's hash and the chain are still over the names,
-- so no hash changes, every old row still verifies, and a name changed in audit_who breaks the
-- chain at the first row that names it. The view audit shows actor and acting_as by name, as
-- before. audit_log's rows move to a table of the new shape, each with the same seq, at, tbl,
-- row_key, op, before, after, row_hash and hash, in seq order (UPDATE is refused on audit_log:
-- the table is made again, as steps 11 and 18 made it); the pairs take ids in the order they
-- first acted. The audit triggers and the views db check reads come from
-- `tools/gen_audit_chain.py --triggers` (never by hand).

DROP VIEW audit;
DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP INDEX audit_key;
DROP INDEX audit_gone;
ALTER TABLE audit_log RENAME TO audit_log_v18;

-- Who acted: the user (actor) and, when the owner acted as that user, the owner (acting_as; x''
-- when no one did: UNIQUE would let NULLs repeat); written only by the audit's triggers and
-- core/audit.c; refuses UPDATE and DELETE.
CREATE TABLE audit_who (
  id        INTEGER PRIMARY KEY,
  actor     TEXT NOT NULL,
  acting_as TEXT NOT NULL,
  UNIQUE (actor, acting_as)
);
INSERT INTO audit_who (actor, acting_as)
SELECT actor, coalesce(acting_as, x'') FROM audit_log_v18 GROUP BY actor, acting_as
ORDER BY min(seq);
CREATE TRIGGER audit_who_no_update BEFORE UPDATE ON audit_who
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_who_no_delete BEFORE DELETE ON audit_who
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- Written only by triggers and core/audit.c, core/user.c; refuses UPDATE and DELETE.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  who       INTEGER NOT NULL,
  tbl       INTEGER,
  row_key   BLOB,
  op        INTEGER NOT NULL CHECK (op BETWEEN 1 AND 14),
  before    TEXT,
  after     TEXT,
  row_hash  BLOB,
  hash      BLOB
);
INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
SELECT a.seq, a.at, w.id, a.tbl, a.row_key, a.op, a.before, a.after, a.row_hash, a.hash
FROM audit_log_v18 a
  JOIN audit_who w ON w.actor = a.actor AND w.acting_as = coalesce(a.acting_as, x'')
ORDER BY a.seq;
DROP TABLE audit_log_v18;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- The rows by name and every key as text, as before: what jobdesk audit and the history read,
-- and the sqlite3 shell can (as step 18's, who acted by name through audit_who, x'' as NULL).
CREATE VIEW audit AS
SELECT a.seq AS seq, a.at AS at, w.actor AS actor, nullif(w.acting_as, x'') AS acting_as, t.name AS tbl,
  CASE WHEN typeof(a.row_key) = 'blob' AND length(a.row_key) = 15 THEN printf('%06d-', instr('123456789ABCDEF', substr(hex(a.row_key), 1, 1)) * 65536 + instr('123456789ABCDEF', substr(hex(a.row_key), 2, 1)) * 4096 + instr('123456789ABCDEF', substr(hex(a.row_key), 3, 1)) * 256 + instr('123456789ABCDEF', substr(hex(a.row_key), 4, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 5, 1))) || 
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 6, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 7, 1))) >> 3 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 7, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 8, 1))) >> 2 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 8, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 9, 1))) >> 1 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 9, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 10, 1))) >> 0 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 11, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 12, 1))) >> 3 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 12, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 13, 1))) >> 2 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 13, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 14, 1))) >> 1 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 14, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 15, 1))) >> 0 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 16, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 17, 1))) >> 3 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 17, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 18, 1))) >> 2 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 18, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 19, 1))) >> 1 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 19, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 20, 1))) >> 0 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 21, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 22, 1))) >> 3 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 22, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 23, 1))) >> 2 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 23, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 24, 1))) >> 1 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 24, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 25, 1))) >> 0 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 26, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 27, 1))) >> 3 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 27, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 28, 1))) >> 2 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 28, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 29, 1))) >> 1 & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((instr('123456789ABCDEF', substr(hex(a.row_key), 29, 1)) * 16 + instr('123456789ABCDEF', substr(hex(a.row_key), 30, 1))) >> 0 & 31) + 1, 1)
    ELSE a.row_key END AS row_key, o.name AS op, a.before AS before, a.after AS after,
  a.row_hash AS row_hash, a.hash AS hash
FROM audit_log a LEFT JOIN audit_who w ON w.id = a.who LEFT JOIN audit_code o ON o.code = a.op LEFT JOIN audit_code t ON t.code = a.tbl;

-- A row key's rows, and a deleted row's person: as step 18 made them.
CREATE INDEX audit_key ON audit_log(substr(row_key, -3));
CREATE INDEX audit_gone ON audit_log(substr(before, instr(before, '"person_id":"') + 13, instr(substr(before, instr(before, '"person_id":"') + 13), '"') - 1))
  WHERE op = 3 AND instr(before, '"person_id":"') > 0;

-- The audit triggers and views, from tools/gen_audit_chain.py --triggers office app_user household person unit enrollment certificate insurance note decision correction
DROP TRIGGER IF EXISTS office_audit_i;
DROP TRIGGER IF EXISTS office_audit_u;
DROP TRIGGER IF EXISTS office_audit_d;
CREATE TRIGGER office_audit_i AFTER INSERT ON office BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    21,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'office', new.id, 'insert', NULL, NULL, jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER office_audit_u AFTER UPDATE ON office BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    21,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'office', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'code', old.code, new.code, 'name', old.name, new.name, 'level', old.level, new.level, 'parent_id', old.parent_id, new.parent_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('office', new.id, new.code, new.name, new.level, new.parent_id, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER office_audit_d AFTER DELETE ON office BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    21,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'code', old.code, 'name', old.name, 'level', old.level, 'parent_id', old.parent_id, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'office', old.id, 'delete', jd_json('id', old.id, 'code', old.code, 'name', old.name, 'level', old.level, 'parent_id', old.parent_id, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_office;
CREATE VIEW audit_live_office AS SELECT id AS row_key, jd_row_hash('office', id, code, name, level, parent_id, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM office;
DROP TRIGGER IF EXISTS app_user_audit_i;
DROP TRIGGER IF EXISTS app_user_audit_u;
DROP TRIGGER IF EXISTS app_user_audit_d;
CREATE TRIGGER app_user_audit_i AFTER INSERT ON app_user BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    22,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.disabled, new.password_set_at),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'app_user', new.id, 'insert', NULL, NULL, jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.disabled, new.password_set_at)));
END;
CREATE TRIGGER app_user_audit_u AFTER UPDATE OF
  id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by, disabled, password_set_at
  ON app_user BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    22,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at),
    jd_changed(1, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at),
    jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.disabled, new.password_set_at),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'app_user', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at), jd_changed(1, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at), jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.disabled, new.password_set_at)));
END;
CREATE TRIGGER app_user_audit_d AFTER DELETE ON app_user BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    22,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'login', old.login, 'display_name', old.display_name, 'role', old.role, 'office_id', old.office_id, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'disabled', old.disabled, 'password_set_at', old.password_set_at),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'app_user', old.id, 'delete', jd_json('id', old.id, 'login', old.login, 'display_name', old.display_name, 'role', old.role, 'office_id', old.office_id, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'disabled', old.disabled, 'password_set_at', old.password_set_at), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_app_user;
CREATE VIEW audit_live_app_user AS SELECT id AS row_key, jd_row_hash('app_user', id, login, display_name, role, office_id, password_hash, jd_ts(created_at), jd_ts(updated_at), created_by, disabled, password_set_at) AS row_hash FROM app_user;
DROP TRIGGER IF EXISTS household_audit_i;
DROP TRIGGER IF EXISTS household_audit_u;
DROP TRIGGER IF EXISTS household_audit_d;
CREATE TRIGGER household_audit_i AFTER INSERT ON household BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    23,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', new.id, 'insert', NULL, NULL, jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER household_audit_u AFTER UPDATE ON household BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    23,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'address', old.address, new.address, 'low_income', old.low_income, new.low_income, 'poor_disabled', old.poor_disabled, new.poor_disabled, 'registered_poor', old.registered_poor, new.registered_poor, 'extremely_poor', old.extremely_poor, new.extremely_poor, 'zero_employment', old.zero_employment, new.zero_employment, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('household', new.id, new.address, new.low_income, new.poor_disabled, new.registered_poor, new.extremely_poor, new.zero_employment, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER household_audit_d AFTER DELETE ON household BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    23,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'household', old.id, 'delete', jd_json('id', old.id, 'address', old.address, 'low_income', old.low_income, 'poor_disabled', old.poor_disabled, 'registered_poor', old.registered_poor, 'extremely_poor', old.extremely_poor, 'zero_employment', old.zero_employment, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_household;
CREATE VIEW audit_live_household AS SELECT id AS row_key, jd_row_hash('household', id, address, low_income, poor_disabled, registered_poor, extremely_poor, zero_employment, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM household;
DROP TRIGGER IF EXISTS person_audit_i;
DROP TRIGGER IF EXISTS person_audit_u;
DROP TRIGGER IF EXISTS person_audit_d;
CREATE TRIGGER person_audit_i AFTER INSERT ON person BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    24,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'person', new.id, 'insert', NULL, NULL, jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on)));
END;
CREATE TRIGGER person_audit_u AFTER UPDATE OF
  id, id_number, name, sex, birth_date, phone, hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, student_loan, veteran, registered_unemployed, employment_difficulty, overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, employment_status, employer_kind, household_id, counselor, office_id, stage, next_followup, created_at, updated_at, created_by, closed_reason, closed_on, closed_note, merged_into, able_to_work, registered_unemployed_from, registered_unemployed_until, employer_size, hired_on
  ON person BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    24,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on),
    jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on),
    jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'person', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on), jd_changed(1, 'id', old.id, new.id, 'id_number', old.id_number, new.id_number, 'name', old.name, new.name, 'sex', old.sex, new.sex, 'birth_date', old.birth_date, new.birth_date, 'phone', old.phone, new.phone, 'hukou_province', old.hukou_province, new.hukou_province, 'hukou_type', old.hukou_type, new.hukou_type, 'education', old.education, new.education, 'graduation_date', old.graduation_date, new.graduation_date, 'continuing_study', old.continuing_study, new.continuing_study, 'disabled', old.disabled, new.disabled, 'student_loan', old.student_loan, new.student_loan, 'veteran', old.veteran, new.veteran, 'registered_unemployed', old.registered_unemployed, new.registered_unemployed, 'employment_difficulty', old.employment_difficulty, new.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, new.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, new.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, new.returnee_entrepreneur, 'job_seeking', old.job_seeking, new.job_seeking, 'employment_status', old.employment_status, new.employment_status, 'employer_kind', old.employer_kind, new.employer_kind, 'household_id', old.household_id, new.household_id, 'counselor', old.counselor, new.counselor, 'office_id', old.office_id, new.office_id, 'stage', old.stage, new.stage, 'next_followup', old.next_followup, new.next_followup, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'closed_reason', old.closed_reason, new.closed_reason, 'closed_on', old.closed_on, new.closed_on, 'closed_note', old.closed_note, new.closed_note, 'merged_into', old.merged_into, new.merged_into, 'able_to_work', old.able_to_work, new.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, new.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, new.registered_unemployed_until, 'employer_size', old.employer_size, new.employer_size, 'hired_on', old.hired_on, new.hired_on), jd_row_hash('person', new.id, new.id_number, new.name, new.sex, new.birth_date, new.phone, new.hukou_province, new.hukou_type, new.education, new.graduation_date, new.continuing_study, new.disabled, new.student_loan, new.veteran, new.registered_unemployed, new.employment_difficulty, new.overcapacity_worker, new.rural_transfer_worker, new.returnee_entrepreneur, new.job_seeking, new.employment_status, new.employer_kind, new.household_id, new.counselor, new.office_id, new.stage, new.next_followup, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.closed_reason, new.closed_on, new.closed_note, new.merged_into, new.able_to_work, new.registered_unemployed_from, new.registered_unemployed_until, new.employer_size, new.hired_on)));
END;
CREATE TRIGGER person_audit_d AFTER DELETE ON person BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    24,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'id_number', old.id_number, 'name', old.name, 'sex', old.sex, 'birth_date', old.birth_date, 'phone', old.phone, 'hukou_province', old.hukou_province, 'hukou_type', old.hukou_type, 'education', old.education, 'graduation_date', old.graduation_date, 'continuing_study', old.continuing_study, 'disabled', old.disabled, 'student_loan', old.student_loan, 'veteran', old.veteran, 'registered_unemployed', old.registered_unemployed, 'employment_difficulty', old.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, 'job_seeking', old.job_seeking, 'employment_status', old.employment_status, 'employer_kind', old.employer_kind, 'household_id', old.household_id, 'counselor', old.counselor, 'office_id', old.office_id, 'stage', old.stage, 'next_followup', old.next_followup, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'closed_reason', old.closed_reason, 'closed_on', old.closed_on, 'closed_note', old.closed_note, 'merged_into', old.merged_into, 'able_to_work', old.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, 'employer_size', old.employer_size, 'hired_on', old.hired_on),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'person', old.id, 'delete', jd_json('id', old.id, 'id_number', old.id_number, 'name', old.name, 'sex', old.sex, 'birth_date', old.birth_date, 'phone', old.phone, 'hukou_province', old.hukou_province, 'hukou_type', old.hukou_type, 'education', old.education, 'graduation_date', old.graduation_date, 'continuing_study', old.continuing_study, 'disabled', old.disabled, 'student_loan', old.student_loan, 'veteran', old.veteran, 'registered_unemployed', old.registered_unemployed, 'employment_difficulty', old.employment_difficulty, 'overcapacity_worker', old.overcapacity_worker, 'rural_transfer_worker', old.rural_transfer_worker, 'returnee_entrepreneur', old.returnee_entrepreneur, 'job_seeking', old.job_seeking, 'employment_status', old.employment_status, 'employer_kind', old.employer_kind, 'household_id', old.household_id, 'counselor', old.counselor, 'office_id', old.office_id, 'stage', old.stage, 'next_followup', old.next_followup, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'closed_reason', old.closed_reason, 'closed_on', old.closed_on, 'closed_note', old.closed_note, 'merged_into', old.merged_into, 'able_to_work', old.able_to_work, 'registered_unemployed_from', old.registered_unemployed_from, 'registered_unemployed_until', old.registered_unemployed_until, 'employer_size', old.employer_size, 'hired_on', old.hired_on), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_person;
CREATE VIEW audit_live_person AS SELECT id AS row_key, jd_row_hash('person', id, id_number, name, sex, birth_date, phone, hukou_province, hukou_type, education, graduation_date, continuing_study, disabled, student_loan, veteran, registered_unemployed, employment_difficulty, overcapacity_worker, rural_transfer_worker, returnee_entrepreneur, job_seeking, employment_status, employer_kind, household_id, counselor, office_id, stage, next_followup, jd_ts(created_at), jd_ts(updated_at), created_by, closed_reason, closed_on, closed_note, merged_into, able_to_work, registered_unemployed_from, registered_unemployed_until, employer_size, hired_on) AS row_hash FROM person;
DROP TRIGGER IF EXISTS unit_audit_i;
DROP TRIGGER IF EXISTS unit_audit_u;
DROP TRIGGER IF EXISTS unit_audit_d;
CREATE TRIGGER unit_audit_i AFTER INSERT ON unit BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    25,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'unit', new.id, 'insert', NULL, NULL, jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER unit_audit_u AFTER UPDATE ON unit BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    25,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'unit', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'name', old.name, new.name, 'credit_code', old.credit_code, new.credit_code, 'kind', old.kind, new.kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('unit', new.id, new.name, new.credit_code, new.kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER unit_audit_d AFTER DELETE ON unit BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    25,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'name', old.name, 'credit_code', old.credit_code, 'kind', old.kind, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'unit', old.id, 'delete', jd_json('id', old.id, 'name', old.name, 'credit_code', old.credit_code, 'kind', old.kind, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_unit;
CREATE VIEW audit_live_unit AS SELECT id AS row_key, jd_row_hash('unit', id, name, credit_code, kind, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM unit;
DROP TRIGGER IF EXISTS enrollment_audit_i;
DROP TRIGGER IF EXISTS enrollment_audit_u;
DROP TRIGGER IF EXISTS enrollment_audit_d;
CREATE TRIGGER enrollment_audit_i AFTER INSERT ON enrollment BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    26,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'enrollment', new.id, 'insert', NULL, NULL, jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER enrollment_audit_u AFTER UPDATE ON enrollment BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    26,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'enrollment', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'kind', old.kind, new.kind, 'unit_id', old.unit_id, new.unit_id, 'unit_name', old.unit_name, new.unit_name, 'start_date', old.start_date, new.start_date, 'end_date', old.end_date, new.end_date, 'status', old.status, new.status, 'training_kind', old.training_kind, new.training_kind, 'class_hours', old.class_hours, new.class_hours, 'startup_kind', old.startup_kind, new.startup_kind, 'first_time', old.first_time, new.first_time, 'license_date', old.license_date, new.license_date, 'operating', old.operating, new.operating, 'social_insurance', old.social_insurance, new.social_insurance, 'program', old.program, new.program, 'assessed_pass', old.assessed_pass, new.assessed_pass, 'employer_kind', old.employer_kind, new.employer_kind, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('enrollment', new.id, new.person_id, new.kind, new.unit_id, new.unit_name, new.start_date, new.end_date, new.status, new.training_kind, new.class_hours, new.startup_kind, new.first_time, new.license_date, new.operating, new.social_insurance, new.program, new.assessed_pass, new.employer_kind, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER enrollment_audit_d AFTER DELETE ON enrollment BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    26,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'kind', old.kind, 'unit_id', old.unit_id, 'unit_name', old.unit_name, 'start_date', old.start_date, 'end_date', old.end_date, 'status', old.status, 'training_kind', old.training_kind, 'class_hours', old.class_hours, 'startup_kind', old.startup_kind, 'first_time', old.first_time, 'license_date', old.license_date, 'operating', old.operating, 'social_insurance', old.social_insurance, 'program', old.program, 'assessed_pass', old.assessed_pass, 'employer_kind', old.employer_kind, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'enrollment', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'kind', old.kind, 'unit_id', old.unit_id, 'unit_name', old.unit_name, 'start_date', old.start_date, 'end_date', old.end_date, 'status', old.status, 'training_kind', old.training_kind, 'class_hours', old.class_hours, 'startup_kind', old.startup_kind, 'first_time', old.first_time, 'license_date', old.license_date, 'operating', old.operating, 'social_insurance', old.social_insurance, 'program', old.program, 'assessed_pass', old.assessed_pass, 'employer_kind', old.employer_kind, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_enrollment;
CREATE VIEW audit_live_enrollment AS SELECT id AS row_key, jd_row_hash('enrollment', id, person_id, kind, unit_id, unit_name, start_date, end_date, status, training_kind, class_hours, startup_kind, first_time, license_date, operating, social_insurance, program, assessed_pass, employer_kind, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM enrollment;
DROP TRIGGER IF EXISTS certificate_audit_i;
DROP TRIGGER IF EXISTS certificate_audit_u;
DROP TRIGGER IF EXISTS certificate_audit_d;
CREATE TRIGGER certificate_audit_i AFTER INSERT ON certificate BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    27,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', new.id, 'insert', NULL, NULL, jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER certificate_audit_u AFTER UPDATE ON certificate BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    27,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'enrollment_id', old.enrollment_id, new.enrollment_id, 'level', old.level, new.level, 'issued_on', old.issued_on, new.issued_on, 'occupation', old.occupation, new.occupation, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('certificate', new.id, new.person_id, new.enrollment_id, new.level, new.issued_on, new.occupation, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER certificate_audit_d AFTER DELETE ON certificate BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    27,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'certificate', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'enrollment_id', old.enrollment_id, 'level', old.level, 'issued_on', old.issued_on, 'occupation', old.occupation, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_certificate;
CREATE VIEW audit_live_certificate AS SELECT id AS row_key, jd_row_hash('certificate', id, person_id, enrollment_id, level, issued_on, occupation, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM certificate;
DROP TRIGGER IF EXISTS insurance_audit_i;
DROP TRIGGER IF EXISTS insurance_audit_u;
DROP TRIGGER IF EXISTS insurance_audit_d;
CREATE TRIGGER insurance_audit_i AFTER INSERT ON insurance BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    28,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.receiving_benefit, new.benefit_until),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', new.id, 'insert', NULL, NULL, jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.receiving_benefit, new.benefit_until)));
END;
CREATE TRIGGER insurance_audit_u AFTER UPDATE ON insurance BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    28,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until),
    jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.receiving_benefit, new.benefit_until),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'unemployment_months', old.unemployment_months, new.unemployment_months, 'social_insurance', old.social_insurance, new.social_insurance, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'receiving_benefit', old.receiving_benefit, new.receiving_benefit, 'benefit_until', old.benefit_until, new.benefit_until), jd_row_hash('insurance', new.id, new.person_id, new.unemployment_months, new.social_insurance, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.receiving_benefit, new.benefit_until)));
END;
CREATE TRIGGER insurance_audit_d AFTER DELETE ON insurance BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    28,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'receiving_benefit', old.receiving_benefit, 'benefit_until', old.benefit_until),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'insurance', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'unemployment_months', old.unemployment_months, 'social_insurance', old.social_insurance, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'receiving_benefit', old.receiving_benefit, 'benefit_until', old.benefit_until), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_insurance;
CREATE VIEW audit_live_insurance AS SELECT id AS row_key, jd_row_hash('insurance', id, person_id, unemployment_months, social_insurance, jd_ts(created_at), jd_ts(updated_at), created_by, receiving_benefit, benefit_until) AS row_hash FROM insurance;
DROP TRIGGER IF EXISTS note_audit_i;
DROP TRIGGER IF EXISTS note_audit_u;
DROP TRIGGER IF EXISTS note_audit_d;
CREATE TRIGGER note_audit_i AFTER INSERT ON note BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    29,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.cancelled, new.done_on),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'note', new.id, 'insert', NULL, NULL, jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.cancelled, new.done_on)));
END;
CREATE TRIGGER note_audit_u AFTER UPDATE ON note BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    29,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on),
    jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.cancelled, new.done_on),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'note', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'body', old.body, new.body, 'followup_date', old.followup_date, new.followup_date, 'done', old.done, new.done, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'cancelled', old.cancelled, new.cancelled, 'done_on', old.done_on, new.done_on), jd_row_hash('note', new.id, new.person_id, new.body, new.followup_date, new.done, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.cancelled, new.done_on)));
END;
CREATE TRIGGER note_audit_d AFTER DELETE ON note BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    29,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'body', old.body, 'followup_date', old.followup_date, 'done', old.done, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'cancelled', old.cancelled, 'done_on', old.done_on),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'note', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'body', old.body, 'followup_date', old.followup_date, 'done', old.done, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'cancelled', old.cancelled, 'done_on', old.done_on), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_note;
CREATE VIEW audit_live_note AS SELECT id AS row_key, jd_row_hash('note', id, person_id, body, followup_date, done, jd_ts(created_at), jd_ts(updated_at), created_by, cancelled, done_on) AS row_hash FROM note;
DROP TRIGGER IF EXISTS decision_audit_i;
DROP TRIGGER IF EXISTS decision_audit_u;
DROP TRIGGER IF EXISTS decision_audit_d;
CREATE TRIGGER decision_audit_i AFTER INSERT ON decision BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    30,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'decision', new.id, 'insert', NULL, NULL, jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at)));
END;
CREATE TRIGGER decision_audit_u AFTER UPDATE ON decision BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    30,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at),
    jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'decision', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'policy_id', old.policy_id, new.policy_id, 'policy_hash', old.policy_hash, new.policy_hash, 'decided_on', old.decided_on, new.decided_on, 'subject', old.subject, new.subject, 'subject_key', old.subject_key, new.subject_key, 'outcome', old.outcome, new.outcome, 'amount_fen', old.amount_fen, new.amount_fen, 'facts_json', old.facts_json, new.facts_json, 'reasons_json', old.reasons_json, new.reasons_json, 'once_key', old.once_key, new.once_key, 'counselor', old.counselor, new.counselor, 'approved_by', old.approved_by, new.approved_by, 'status', old.status, new.status, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by, 'policy_set', old.policy_set, new.policy_set, 'approved_at', old.approved_at, new.approved_at, 'rejected_by', old.rejected_by, new.rejected_by, 'rejected_at', old.rejected_at, new.rejected_at, 'revoked_by', old.revoked_by, new.revoked_by, 'revoked_at', old.revoked_at, new.revoked_at, 'reason', old.reason, new.reason, 'paid_on', old.paid_on, new.paid_on, 'payment_ref', old.payment_ref, new.payment_ref, 'paid_by', old.paid_by, new.paid_by, 'paid_at', old.paid_at, new.paid_at), jd_row_hash('decision', new.id, new.person_id, new.policy_id, new.policy_hash, new.decided_on, new.subject, new.subject_key, new.outcome, new.amount_fen, new.facts_json, new.reasons_json, new.once_key, new.counselor, new.approved_by, new.status, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by, new.policy_set, new.approved_at, new.rejected_by, new.rejected_at, new.revoked_by, new.revoked_at, new.reason, new.paid_on, new.payment_ref, new.paid_by, new.paid_at)));
END;
CREATE TRIGGER decision_audit_d AFTER DELETE ON decision BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    30,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'policy_set', old.policy_set, 'approved_at', old.approved_at, 'rejected_by', old.rejected_by, 'rejected_at', old.rejected_at, 'revoked_by', old.revoked_by, 'revoked_at', old.revoked_at, 'reason', old.reason, 'paid_on', old.paid_on, 'payment_ref', old.payment_ref, 'paid_by', old.paid_by, 'paid_at', old.paid_at),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'decision', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'policy_id', old.policy_id, 'policy_hash', old.policy_hash, 'decided_on', old.decided_on, 'subject', old.subject, 'subject_key', old.subject_key, 'outcome', old.outcome, 'amount_fen', old.amount_fen, 'facts_json', old.facts_json, 'reasons_json', old.reasons_json, 'once_key', old.once_key, 'counselor', old.counselor, 'approved_by', old.approved_by, 'status', old.status, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by, 'policy_set', old.policy_set, 'approved_at', old.approved_at, 'rejected_by', old.rejected_by, 'rejected_at', old.rejected_at, 'revoked_by', old.revoked_by, 'revoked_at', old.revoked_at, 'reason', old.reason, 'paid_on', old.paid_on, 'payment_ref', old.payment_ref, 'paid_by', old.paid_by, 'paid_at', old.paid_at), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_decision;
CREATE VIEW audit_live_decision AS SELECT id AS row_key, jd_row_hash('decision', id, person_id, policy_id, policy_hash, decided_on, subject, subject_key, outcome, amount_fen, facts_json, reasons_json, once_key, counselor, approved_by, status, jd_ts(created_at), jd_ts(updated_at), created_by, policy_set, approved_at, rejected_by, rejected_at, revoked_by, revoked_at, reason, paid_on, payment_ref, paid_by, paid_at) AS row_hash FROM decision;
DROP TRIGGER IF EXISTS correction_audit_i;
DROP TRIGGER IF EXISTS correction_audit_u;
DROP TRIGGER IF EXISTS correction_audit_d;
CREATE TRIGGER correction_audit_i AFTER INSERT ON correction BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    31,
    jd_key_pack(new.id),
    1,
    NULL,
    NULL,
    jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'correction', new.id, 'insert', NULL, NULL, jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER correction_audit_u AFTER UPDATE ON correction BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    31,
    jd_key_pack(new.id),
    2,
    jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by),
    jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by),
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'correction', new.id, 'update', jd_changed(0, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_changed(1, 'id', old.id, new.id, 'person_id', old.person_id, new.person_id, 'tbl', old.tbl, new.tbl, 'row_key', old.row_key, new.row_key, 'op', old.op, new.op, 'reason', old.reason, new.reason, 'created_at', jd_ts(old.created_at), jd_ts(new.created_at), 'updated_at', jd_ts(old.updated_at), jd_ts(new.updated_at), 'created_by', old.created_by, new.created_by), jd_row_hash('correction', new.id, new.person_id, new.tbl, new.row_key, new.op, new.reason, jd_ts(new.created_at), jd_ts(new.updated_at), new.created_by)));
END;
CREATE TRIGGER correction_audit_d AFTER DELETE ON correction BEGIN
  INSERT INTO audit_who (actor, acting_as) VALUES (jd_actor(), coalesce(jd_acting_as(), x''))
    ON CONFLICT DO NOTHING;
  INSERT INTO audit_log (seq, at, who, tbl, row_key, op, before, after, row_hash, hash)
  VALUES (coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
    CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER),
    (SELECT id FROM audit_who WHERE actor = jd_actor() AND acting_as = coalesce(jd_acting_as(), x'')),
    31,
    jd_key_pack(old.id),
    3,
    jd_json('id', old.id, 'person_id', old.person_id, 'tbl', old.tbl, 'row_key', old.row_key, 'op', old.op, 'reason', old.reason, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by),
    NULL,
    NULL,
    jd_chain((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER), jd_actor(), jd_acting_as(), 'correction', old.id, 'delete', jd_json('id', old.id, 'person_id', old.person_id, 'tbl', old.tbl, 'row_key', old.row_key, 'op', old.op, 'reason', old.reason, 'created_at', jd_ts(old.created_at), 'updated_at', jd_ts(old.updated_at), 'created_by', old.created_by), NULL, NULL));
END;
DROP VIEW IF EXISTS audit_live_correction;
CREATE VIEW audit_live_correction AS SELECT id AS row_key, jd_row_hash('correction', id, person_id, tbl, row_key, op, reason, jd_ts(created_at), jd_ts(updated_at), created_by) AS row_hash FROM correction;
