-- jobdesk schema, step 8: identity (issue 15). What a user's lockout and disabling need, on
-- app_user: disabled (1: may not act; the row stays, named by old records), password_set_at
-- (when the password was last set; NULL with no password), failed_logins (wrong passwords since
-- the last good one) and locked_until (unix milliseconds: no login before then; NULL: not locked).
-- failed_logins and locked_until change at every login: they are not audited columns
-- (tools/gen_audit_chain.py UNAUDITED); each login, failure, lock, unlock and password reset is
-- an audit row of its own (op 'login' or 'lockout', what happened in after). The password hash
-- (Argon2id, libsodium's crypto_pwhash_str) is hashed into row_hash and never copied into an audit
-- row's before or after. The triggers below are written by tools/gen_audit_chain.py --triggers
-- app_user; make them again with it, never by hand.
-- The idle minutes after which the screen locks are the setting 'idle_lock_minutes' (default 15
-- when absent, 0: never).

ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE app_user ADD COLUMN password_set_at TEXT;
ALTER TABLE app_user ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
ALTER TABLE app_user ADD COLUMN locked_until INTEGER;

-- Each user's row now hashes the new columns too: a baseline row per user records that hash
-- (written by tools/gen_audit_chain.py --baseline app_user).
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
INSERT INTO audit_baseline SELECT 'app_user', id, jd_row_hash('app_user', id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by, disabled, password_set_at) FROM app_user ORDER BY id;
DROP TRIGGER audit_baseline_i;
DROP TABLE audit_baseline;

-- The audit triggers of app_user (tools/gen_audit_chain.py --triggers app_user).
DROP TRIGGER IF EXISTS app_user_audit_i;
DROP TRIGGER IF EXISTS app_user_audit_u;
DROP TRIGGER IF EXISTS app_user_audit_d;
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
      jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, new.created_at, new.updated_at, new.created_by, new.disabled, new.password_set_at) AS row_hash
    LIMIT -1 OFFSET 0);
END;
CREATE TRIGGER app_user_audit_u AFTER UPDATE OF
  id, login, display_name, role, office_id, password_hash, created_at, updated_at, created_by, disabled, password_set_at
  ON app_user BEGIN
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
      jd_changed(0, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at) AS before,
      jd_changed(1, 'id', old.id, new.id, 'login', old.login, new.login, 'display_name', old.display_name, new.display_name, 'role', old.role, new.role, 'office_id', old.office_id, new.office_id, 'created_at', old.created_at, new.created_at, 'updated_at', old.updated_at, new.updated_at, 'created_by', old.created_by, new.created_by, 'disabled', old.disabled, new.disabled, 'password_set_at', old.password_set_at, new.password_set_at) AS after,
      jd_row_hash('app_user', new.id, new.login, new.display_name, new.role, new.office_id, new.password_hash, new.created_at, new.updated_at, new.created_by, new.disabled, new.password_set_at) AS row_hash
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
      jd_json('id', old.id, 'login', old.login, 'display_name', old.display_name, 'role', old.role, 'office_id', old.office_id, 'created_at', old.created_at, 'updated_at', old.updated_at, 'created_by', old.created_by, 'disabled', old.disabled, 'password_set_at', old.password_set_at) AS before,
      NULL AS after,
      NULL AS row_hash
    LIMIT -1 OFFSET 0);
END;
