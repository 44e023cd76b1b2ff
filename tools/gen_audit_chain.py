#!/usr/bin/env python3
"""Write migrations/0006_audit_chain.sql: the chained audit (issue 11).

Applies migrations 0001..0005 to an in-memory database (the jd_* functions stubbed), reads the
audited tables (those with a <table>_audit_i trigger) and their columns in table order (person:
all but name_sort, the derived key), and writes the migration as plain SQL: the new audit table,
the old rows copied as 'legacy', the 'chain_start' row, a 'baseline' row per live row, and every
audit trigger made again for the new shape. Usage: tools/gen_audit_chain.py [OUT]

A later step that adds a column to an audited table makes that table's three triggers again in
this shape: tools/gen_audit_chain.py --triggers TABLE... prints them, from every migration there is
(also for a table audited by the steps up to 7 that a later step rebuilt, its triggers dropped);
--baseline TABLE... prints a 'baseline' row per live row, each hashed with the columns it has now.

Step 11 (the compact audit, issue 11): tools/gen_audit_chain.py --compact [OUT] writes
migrations/0011_audit_compact.sql: the rows move to audit_log, op and tbl as small codes named in
audit_code, the view audit showing them as before; the triggers append with INSERT ... VALUES
(the previous hash read by a rowid seek, no temporary table). From step 11 on, --triggers and
--baseline print this shape (and --triggers the table's audit_live_<table> view, which db check
reads the live rows' hashes from).

Step 17 (times as integers, migrations/0017_timestamps.sql): from then on --triggers and --baseline
take created_at and updated_at as jd_ts(x), the ISO 8601 text they held before, so that a row's
hash, before and after stay what they were.

Step 19 (who acted, interned, migrations/0019_audit_who.sql): from then on a row stores who, the
id of its (actor, acting_as) pair in audit_who, found or added by the trigger itself (an upsert
of the pair, then a lookup; never an id kept by a connection); the chain is still over the
names.
"""
import json
import pathlib
import sqlite3
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else \
    ROOT / 'migrations/0006_audit_chain.sql'
# Columns the audit leaves out: keys derived from other columns (schema step 3), and the copies
# of the household's flags the caseload filters by (schema step 7).
UNAUDITED = {('person', 'name_sort'), ('person', 'low_income'), ('person', 'poor_disabled'),
             ('person', 'registered_poor'), ('person', 'extremely_poor'),
             ('person', 'zero_employment'),
             # the failed logins and the lock of a user (schema step 8): each login, failure,
             # lock and unlock is an audit row of its own ('login', 'lockout')
             ('app_user', 'failed_logins'), ('app_user', 'locked_until')}
# Columns hashed into row_hash but never copied into before or after (schema step 8 on): a
# password hash. Step 6 was written before there were any, and is left as it was.
SECRET = {('app_user', 'password_hash')}
# SQLite's limit on a function's arguments.
MAX_ARGS = 127
CHAIN_COLS = 'seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash'
# Step 17: created_at and updated_at hold unix milliseconds (core/schema.c makes their declared
# type INTEGER); from then on the triggers and views hash, compare and copy them as the ISO text
# they held before (jd_ts), so that no row hash, before or after changes.
TIMESTAMPS = ('created_at', 'updated_at')
TIMESTAMPS_STEP = 17
# Step 18: audit_log stores a row key of jd_new_key's form packed into 15 bytes (jd_key_pack);
# the chain is still over its text.
PACKED_STEP = 18
# Step 19: audit_log stores who acted as one small integer, a row of audit_who naming the
# (actor, acting_as) pair; the chain is still over the names.
WHO_STEP = 19


def timestamps():
    """The timestamp columns jd_ts wraps: none before migration 0017 exists."""
    steps = [int(f.name[:4]) for f in (ROOT / 'migrations').glob('[0-9][0-9][0-9][0-9]_*.sql')]
    return TIMESTAMPS if steps and max(steps) >= TIMESTAMPS_STEP else ()


def packed():
    """Whether the triggers store row keys packed (jd_key_pack): once migration 0018 exists."""
    steps = [int(f.name[:4]) for f in (ROOT / 'migrations').glob('[0-9][0-9][0-9][0-9]_*.sql')]
    return bool(steps) and max(steps) >= PACKED_STEP


def interned():
    """Whether the triggers store who acted as an id of audit_who: once migration 0019 exists."""
    steps = [int(f.name[:4]) for f in (ROOT / 'migrations').glob('[0-9][0-9][0-9][0-9]_*.sql')]
    return bool(steps) and max(steps) >= WHO_STEP


def value(side, c, ts=()):
    """A column's value as the audit takes it: side.c, or jd_ts(side.c) for a timestamp."""
    v = side + '.' + c if side else c
    return 'jd_ts(%s)' % v if c in ts else v


def schema_before(pattern='000[1-5]_*.sql'):
    """An in-memory database with migrations 0001..0005 (or those matching pattern) applied."""
    db = sqlite3.connect(':memory:')
    for name, n in (('jd_actor', 0), ('jd_new_key', 0), ('jd_json', -1), ('jd_changed', -1),
                    ('jd_search_tokens', 3), ('jd_name_sort', 1), ('jd_acting_as', 0),
                    ('jd_now_ms', 0), ('jd_row_hash', -1), ('jd_chain', -1), ('jd_ts', 1),
                    ('jd_ms', 1), ('jd_key_pack', 1), ('jd_key_text', 1)):
        db.create_function(name, n, lambda *a: 0)
    for f in sorted((ROOT / 'migrations').glob(pattern)):
        db.executescript(f.read_text(encoding='utf-8'))
    return db


def audited(db, rebuilt=()):
    """[(table, [columns])] in the order the tables were made: the tables with an audit trigger,
    and those of rebuilt (an audited table a later step made again, its triggers not yet)."""
    tables = [r[0] for r in db.execute(
        "SELECT t.name FROM sqlite_schema t WHERE t.type = 'table' AND (EXISTS (SELECT 1 FROM "
        "sqlite_schema g WHERE g.type = 'trigger' AND g.name = t.name || '_audit_i') OR "
        "t.name IN (SELECT value FROM json_each(?))) ORDER BY t.rowid", (json.dumps(list(rebuilt)),))]
    out = []
    for t in tables:
        cols = [r[1] for r in db.execute('SELECT * FROM pragma_table_info(?) ORDER BY cid', (t,))
                if (t, r[1]) not in UNAUDITED]
        out.append((t, cols))
    return out


def call(fn, args):
    """A function call, refusing more arguments than SQLite takes."""
    if len(args) > MAX_ARGS:
        sys.exit('%s takes %d arguments, more than SQLite allows (%d)' % (fn, len(args), MAX_ARGS))
    return '%s(%s)' % (fn, ', '.join(args))


def chained(fields):
    """The INSERT of one chained audit row: fields maps the columns but seq and hash to SQL."""
    inner = ',\n      '.join('%s AS %s' % (fields[c], c) for c in CHAIN_COLS.split(', ')[1:])
    return ('  INSERT INTO audit (%s, hash)\n'
            '  SELECT %s,\n    jd_chain(prev, %s)\n'
            '  FROM (SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1 AS seq,\n'
            '      (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev,\n'
            '      %s\n'
            '    LIMIT -1 OFFSET 0);\n') % (CHAIN_COLS, CHAIN_COLS, CHAIN_COLS, inner)


def event(tbl, key, op, before, after, row_hash):
    """The fields of a chained row made by a trigger or this migration."""
    return {'at': 'jd_now_ms()', 'actor': 'jd_actor()', 'acting_as': 'jd_acting_as()',
            'tbl': tbl, 'row_key': key, 'op': "'%s'" % op, 'before': before, 'after': after,
            'row_hash': row_hash}


def triggers(t, cols, update_of, secret=frozenset()):
    """The three audit triggers of table t (the secret columns hashed, never copied)."""
    new = ['new.' + c for c in cols]
    row_hash = call('jd_row_hash', ["'%s'" % t] + new)
    shown = [c for c in cols if (t, c) not in secret]
    pairs = lambda side: [x for c in shown for x in ("'%s'" % c, side + '.' + c)]
    triples = [x for c in shown for x in ("'%s'" % c, 'old.' + c, 'new.' + c)]
    of = ' OF\n  %s\n  ON' % ', '.join(cols) if update_of else ' ON'
    out = []
    out.append('CREATE TRIGGER %s_audit_i AFTER INSERT ON %s BEGIN\n%sEND;\n' % (
        t, t, chained(event("'%s'" % t, 'new.id', 'insert', 'NULL', 'NULL', row_hash))))
    out.append('CREATE TRIGGER %s_audit_u AFTER UPDATE%s %s BEGIN\n%sEND;\n' % (
        t, of, t, chained(event("'%s'" % t, 'new.id', 'update', call('jd_changed', ['0'] + triples),
                                call('jd_changed', ['1'] + triples), row_hash))))
    out.append('CREATE TRIGGER %s_audit_d AFTER DELETE ON %s BEGIN\n%sEND;\n' % (
        t, t, chained(event("'%s'" % t, 'old.id', 'delete', call('jd_json', pairs('old')), 'NULL',
                            'NULL'))))
    return out


HEAD = '''\
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

'''


def print_triggers(tables):
    """The audit triggers of tables, in this shape, from every migration there is."""
    db = schema_before('[0-9][0-9][0-9][0-9]_*.sql')
    # a table the steps before audited, made again by a later step (its triggers dropped)
    before = dict(audited(schema_before('000[1-7]_*.sql')))
    tabs = dict(audited(db, [t for t in tables if t in before]))
    for t in tables:
        if t not in tabs:
            sys.exit('%s: not an audited table' % t)
        for s in 'iud':
            print('DROP TRIGGER IF EXISTS %s_audit_%s;' % (t, s))
        update_of = any(c not in tabs[t] for c in
                        [r[1] for r in db.execute('SELECT * FROM pragma_table_info(?)', (t,))])
        ts = timestamps()
        who = interned()
        shape = (lambda f: compact_row(f, True, who)) if packed() else compact_row
        sys.stdout.write(''.join(_triggers(t, tabs[t], update_of, SECRET, shape, ts)))
        print('DROP VIEW IF EXISTS audit_live_%s;' % t)
        sys.stdout.write(live_view(t, tabs[t], ts))


def baseline(tabs, shape=None, ts=()):
    """A 'baseline' row per live row of the tables tabs ([(table, [columns])]), chained one by
    one (each insert into the scratch table fires its trigger, which reads the previous hash);
    shape writes a row (chained, the shape of step 6, by default)."""
    shape = shape or chained
    out = ['CREATE TABLE audit_baseline (tbl TEXT NOT NULL, row_key TEXT NOT NULL, '
           'row_hash BLOB NOT NULL);\n',
           'CREATE TRIGGER audit_baseline_i AFTER INSERT ON audit_baseline BEGIN\n%sEND;\n' %
           shape(event('new.tbl', 'new.row_key', 'baseline', 'NULL', 'NULL', 'new.row_hash'))]
    for t, cols in tabs:
        out.append("INSERT INTO audit_baseline SELECT '%s', id, %s FROM %s ORDER BY id;\n" % (
            t, call('jd_row_hash', ["'%s'" % t] + [value('', c, ts) for c in cols]), t))
    out.append('DROP TRIGGER audit_baseline_i;\nDROP TABLE audit_baseline;\n')
    return ''.join(out)


def print_baseline(tables):
    """The baseline rows of tables, hashed with the columns they have after every migration:
    for a step that adds an audited column."""
    db = schema_before('[0-9][0-9][0-9][0-9]_*.sql')
    tabs = dict(audited(db))
    for t in tables:
        if t not in tabs:
            sys.exit('%s: not an audited table' % t)
    sys.stdout.write(baseline([(t, tabs[t]) for t in tables], compact_row, timestamps()))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--triggers':
        print_triggers(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == '--baseline':
        print_baseline(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == '--compact':
        compact(pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else
                ROOT / 'migrations/0011_audit_compact.sql')
        return
    db = schema_before()
    tabs = audited(db)
    names = [t for t, _ in tabs]
    out = [HEAD]
    out.append('-- The old triggers first: they write the old shape.\n')
    for t in names:
        for s in 'iud':
            out.append('DROP TRIGGER IF EXISTS %s_audit_%s;\n' % (t, s))
    out.append('DROP TRIGGER IF EXISTS audit_no_update;\nDROP TRIGGER IF EXISTS audit_no_delete;\n'
               'DROP INDEX IF EXISTS audit_row;\nDROP INDEX IF EXISTS audit_at;\n'
               'ALTER TABLE audit RENAME TO audit_v5;\n\n')
    out.append('''\
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
''')
    legacy = {'at': 'new.at', 'actor': 'new.actor', 'acting_as': 'NULL', 'tbl': 'new.tbl',
              'row_key': 'new.row_key', 'op': "'legacy'", 'before': 'new.before',
              'after': 'new.after', 'row_hash': 'NULL'}
    out.append('CREATE TRIGGER audit_legacy_i AFTER INSERT ON audit_legacy BEGIN\n%sEND;\n' %
               chained(legacy))
    out.append('''\
INSERT INTO audit_legacy
SELECT CAST(strftime('%s', at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', at), 4) AS INTEGER),
  actor, tbl, row_key, before, after
FROM audit_v5 ORDER BY at, id;
DROP TRIGGER audit_legacy_i;
DROP TABLE audit_legacy;
DROP TABLE audit_v5;

-- The chain's own start, saying how many rows were converted before it.
''')
    out.append(chained(event('NULL', 'NULL', 'chain_start', 'NULL',
                             '\'{"converted":\' || (SELECT count(*) FROM audit) || \'}\'', 'NULL'))
               .replace('  INSERT', 'INSERT', 1))
    out.append('\n-- A baseline row per live row of every audited table, chained one by one (each '
               'insert into\n-- the scratch table fires its trigger, which reads the previous '
               'hash).\n')
    out.append(baseline(tabs) + '\n')
    out.append('''\
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- Every insert, update and delete on an audited table: one chained row. The person's update
-- names its columns (step 3: keeping name_sort alone writes no audit row).
''')
    for t, cols in tabs:
        update_of = any(c not in cols for c in
                        [r[1] for r in db.execute('SELECT * FROM pragma_table_info(?)', (t,))])
        out.extend(triggers(t, cols, update_of))
    OUT.write_text(''.join(out), encoding='utf-8')


# ---- step 11: the compact audit ----

# The operations' codes (audit_code, kind 'op'): fixed for ever, each below 128 (one byte).
OPS = ['insert', 'update', 'delete', 'legacy', 'chain_start', 'baseline', 'login', 'lockout',
       'view_id', 'export', 'print', 'sync_import', 'compact', 'resolve']
# How many of OPS step 11 knew (its CHECK and audit_code rows): a later code is added by its own
# step (14 'resolve': migration 0014, which widens the CHECK through core/schema.c)
OPS_0011 = 13
# The tables' codes (kind 'tbl'): fixed for ever; a table audited later takes the next free
# code below 100; names found in old rows and not here take 100 on.
TBLS = {'setting': 20, 'office': 21, 'app_user': 22, 'household': 23, 'person': 24, 'unit': 25,
        'enrollment': 26, 'certificate': 27, 'insurance': 28, 'note': 29, 'decision': 30,
        'correction': 31}
# The time now in unix milliseconds from SQLite's own clock, which is the same for every call
# within one sqlite3_step, so that the value stored and the value hashed are the same. 'now' is
# a whole number of milliseconds; as a julian day (a double) it is within 0.05 ms of it, which
# the + 0.5 rounds away (two date calls a row, not the four of strftime: 50,000 audited inserts
# took 0.81 s of CPU in the shell this way, 0.94 s with strftime, 1.06 s in step 6's shape).
NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 + 0.5 AS INTEGER)"
# The seq of the next row, and the previous row's hash: both seeks on the rowid.
NEXT_SEQ = 'coalesce((SELECT max(seq) FROM audit_log), 0) + 1'
PREV_HASH = '(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)'
# The person a deleted row named (its before, op 3), for the person's history: the expression of
# the partial index audit_gone, which core/audit.c repeats word for word.
GONE_PERSON = ("substr(before, instr(before, '\"person_id\":\"') + 13, instr(substr(before, "
               "instr(before, '\"person_id\":\"') + 13), '\"') - 1)")
COMPACT_COLS = 'seq, at, actor, acting_as, tbl, row_key, op, before, after, row_hash, hash'
# Step 19: who acted, as the id of the (actor, acting_as) pair in audit_who (acting_as x'', an
# empty blob and never a name, when no one acts as another: UNIQUE would let NULLs repeat): the
# pair added unless it is there, then looked up; both by a seek on audit_who's unique index,
# inside the trigger, never kept by a connection (an id added by a transaction that rolls back is
# gone with it). An upsert of one row of VALUES: an INSERT ... SELECT reading audit_who would make
# SQLite stage the row in a temporary table (20.0 us a trigger, 13.8 before the step), and DO
# NOTHING holds whatever OR the statement firing the trigger has (an outer OR REPLACE would
# replace a pair with a new id, where INSERT OR IGNORE would take the outer one).
WHO_COLS = 'seq, at, who, tbl, row_key, op, before, after, row_hash, hash'
WHO_ADD = ("  INSERT INTO audit_who (actor, acting_as) VALUES (%s, coalesce(%s, x''))\n"
           "    ON CONFLICT DO NOTHING;\n")
WHO_ID = "(SELECT id FROM audit_who WHERE actor = %s AND acting_as = coalesce(%s, x''))"


def code_of(kind, name_sql):
    """The code of a name: a literal name's code as a number, else a lookup."""
    if name_sql == 'NULL':
        return 'NULL'
    if name_sql.startswith("'") and name_sql.endswith("'"):
        name = name_sql[1:-1]
        if kind == 'op':
            return str(OPS.index(name) + 1)
        if name in TBLS:
            return str(TBLS[name])
    return "(SELECT code FROM audit_code WHERE kind = '%s' AND name = %s)" % (kind, name_sql)


def compact_row(fields, pack=False, who=False):
    """The INSERT of one chained row in the compact shape: one row of VALUES (no SELECT reading
    audit_log, which would make SQLite stage the row in a temporary table), the names hashed
    and their codes stored; fields maps the columns but seq and hash to SQL (op and tbl as
    names; the row key stored through jd_key_pack when pack; the actor and acting_as as the id
    of their pair in audit_who when who, the pair added first unless it is there). Every
    expression given is deterministic within the statement (NOW_MS included)."""
    f = dict(fields)
    if f['at'] == 'jd_now_ms()':
        f['at'] = NOW_MS
    hashed = ', '.join([PREV_HASH, NEXT_SEQ] + [f[c] for c in CHAIN_COLS.split(', ')[1:]])
    names = [f['actor'], f['acting_as']]
    stored = [NEXT_SEQ, f['at']] + ([WHO_ID % (f['actor'], f['acting_as'])] if who else names) + [
              code_of('tbl', f['tbl']),
              'jd_key_pack(%s)' % f['row_key'] if pack and f['row_key'] != 'NULL' else f['row_key'],
              code_of('op', f['op']), f['before'], f['after'], f['row_hash']]
    add = WHO_ADD % (f['actor'], f['acting_as']) if who else ''
    return ('%s  INSERT INTO audit_log (%s)\n  VALUES (%s,\n    jd_chain(%s));\n') % (
        add, WHO_COLS if who else COMPACT_COLS, ',\n    '.join(stored), hashed)


def _triggers(t, cols, update_of, secret, shape, ts=()):
    """The three audit triggers of table t, each row written by shape (the columns of ts
    through jd_ts)."""
    new = [value('new', c, ts) for c in cols]
    row_hash = call('jd_row_hash', ["'%s'" % t] + new)
    shown = [c for c in cols if (t, c) not in secret]
    pairs = lambda side: [x for c in shown for x in ("'%s'" % c, value(side, c, ts))]
    triples = [x for c in shown for x in ("'%s'" % c, value('old', c, ts), value('new', c, ts))]
    of = ' OF\n  %s\n  ON' % ', '.join(cols) if update_of else ' ON'
    out = []
    out.append('CREATE TRIGGER %s_audit_i AFTER INSERT ON %s BEGIN\n%sEND;\n' % (
        t, t, shape(event("'%s'" % t, 'new.id', 'insert', 'NULL', 'NULL', row_hash))))
    out.append('CREATE TRIGGER %s_audit_u AFTER UPDATE%s %s BEGIN\n%sEND;\n' % (
        t, of, t, shape(event("'%s'" % t, 'new.id', 'update', call('jd_changed', ['0'] + triples),
                              call('jd_changed', ['1'] + triples), row_hash))))
    out.append('CREATE TRIGGER %s_audit_d AFTER DELETE ON %s BEGIN\n%sEND;\n' % (
        t, t, shape(event("'%s'" % t, 'old.id', 'delete', call('jd_json', pairs('old')), 'NULL',
                          'NULL'))))
    return out


def compact_triggers(t, cols, update_of, secret=frozenset()):
    """The three audit triggers of table t in the compact shape."""
    return _triggers(t, cols, update_of, secret, compact_row)


def live_view(t, cols, ts=()):
    """The view db check reads table t's live rows from: each row's key and the hash its
    audit row must hold (the same jd_row_hash the insert trigger writes)."""
    return 'CREATE VIEW audit_live_%s AS SELECT id AS row_key, %s AS row_hash FROM %s;\n' % (
        t, call('jd_row_hash', ["'%s'" % t] + [value('', c, ts) for c in cols]), t)


COMPACT_HEAD = """\
-- jobdesk schema, step 11: the audit, compact (issue 11). Written by tools/gen_audit_chain.py
-- --compact from the tables of steps 1..10; make it again with that script, never by hand.
-- The rows move to audit_log, each the same row as before (seq, at, actor, acting_as, row_key,
-- before, after, row_hash, hash) but op and tbl stored as small codes, named in audit_code;
-- the view audit shows them by name, as the table did. A row's hash is computed from the names,
-- as before, so the rows of steps 6..10 keep their hashes and still verify, and db check reads
-- every row through the view. The triggers append one row of VALUES: the previous hash is read
-- by a seek on seq inside the trigger, never cached, and no temporary table is made (an INSERT
-- ... SELECT reading audit_log makes SQLite stage the row in one); the time is SQLite's own
-- 'now', the same for every call in one statement step. Row keys are found through audit_key,
-- an index on their last 7 characters (35 random bits of jd_new_key: the few keys sharing them
-- are told apart by the row itself), not on the 27-character key; a deleted row through
-- audit_gone, the person its before names. One 'compact' row says how many rows were there.
-- db check reads each audited table's live rows and their hashes from audit_live_<table>.

"""

COMPACT_TABLES = """\
-- The names of the codes: operations (kind 'op') and tables ('tbl').
CREATE TABLE audit_code (
  code INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('op', 'tbl')),
  name TEXT NOT NULL,
  UNIQUE (kind, name)
);
INSERT INTO audit_code (code, kind, name) VALUES
  @CODES@;
-- a table named by an old row and not above (none that jobdesk wrote): a code from 100 on
INSERT INTO audit_code (code, kind, name)
SELECT 99 + row_number() OVER (ORDER BY tbl), 'tbl', tbl FROM (SELECT DISTINCT tbl FROM audit_v10
  WHERE tbl IS NOT NULL AND tbl NOT IN (SELECT name FROM audit_code WHERE kind = 'tbl'));

-- Written only by triggers and core/audit.c, core/user.c; refuses UPDATE and DELETE.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  acting_as TEXT,
  tbl       INTEGER,
  row_key   TEXT,
  op        INTEGER NOT NULL CHECK (op BETWEEN 1 AND @NOPS@),
  before    TEXT,
  after     TEXT,
  row_hash  BLOB,
  hash      BLOB
);

-- The old rows as they were, op and tbl by code, in seq order.
INSERT INTO audit_log (@COLS@)
SELECT a.seq, a.at, a.actor, a.acting_as, t.code, a.row_key, o.code, a.before, a.after,
  a.row_hash, a.hash
FROM audit_v10 a LEFT JOIN audit_code o ON o.kind = 'op' AND o.name = a.op
  LEFT JOIN audit_code t ON t.kind = 'tbl' AND t.name = a.tbl
ORDER BY a.seq;
DROP TABLE audit_v10;

-- The rows by name, as the table audit had them: what jobdesk audit, db check and the
-- history read.
CREATE VIEW audit AS
SELECT a.seq AS seq, a.at AS at, a.actor AS actor, a.acting_as AS acting_as, t.name AS tbl,
  a.row_key AS row_key, o.name AS op, a.before AS before, a.after AS after,
  a.row_hash AS row_hash, a.hash AS hash
FROM audit_log a LEFT JOIN audit_code o ON o.code = a.op LEFT JOIN audit_code t ON t.code = a.tbl;

-- A row key's rows: by its last 7 characters (row keys are unique across tables).
CREATE INDEX audit_key ON audit_log(substr(row_key, -7));
-- A deleted row's person (the history of a person shows their removed records).
CREATE INDEX audit_gone ON audit_log(@GONE@)
  WHERE op = 3 AND instr(before, '"person_id":"') > 0;

-- The conversion's own row, saying how many rows it kept.
"""

COMPACT_TAIL = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- Every insert, update and delete on an audited table: one chained row. A table whose columns
-- are not all audited names those its update trigger watches.
"""


def compact(out_path):
    """Write migration 0011: the audit in the compact shape."""
    db = schema_before('00[01][0-9]_*.sql')
    tabs = audited(db)
    names = [t for t, _ in tabs]
    missing = [t for t in names if t not in TBLS]
    if missing:
        sys.exit('no code for the audited tables %s: add them to TBLS' % ', '.join(missing))
    out = [COMPACT_HEAD]
    out.append('-- The old triggers first: they write the old shape.\n')
    for t in names:
        for s in 'iud':
            out.append('DROP TRIGGER IF EXISTS %s_audit_%s;\n' % (t, s))
    out.append('DROP TRIGGER IF EXISTS audit_no_update;\nDROP TRIGGER IF EXISTS audit_no_delete;\n'
               'DROP INDEX IF EXISTS audit_row;\nALTER TABLE audit RENAME TO audit_v10;\n\n')
    codes = (["(%d, 'op', '%s')" % (i + 1, o) for i, o in enumerate(OPS[:OPS_0011])] +
             ["(%d, 'tbl', '%s')" % (c, t) for t, c in sorted(TBLS.items(), key=lambda x: x[1])])
    out.append(COMPACT_TABLES.replace('@CODES@', ',\n  '.join(codes))
               .replace('@NOPS@', str(OPS_0011)).replace('@COLS@', COMPACT_COLS)
               .replace('@GONE@', GONE_PERSON))
    out.append(compact_row(event('NULL', 'NULL', 'compact', 'NULL',
                                 '\'{"converted":\' || (SELECT count(*) FROM audit_log) || \'}\'',
                                 'NULL')).replace('  INSERT', 'INSERT', 1).replace('\n  ', '\n'))
    out.append(COMPACT_TAIL)
    for t, cols in tabs:
        update_of = any(c not in cols for c in
                        [r[1] for r in db.execute('SELECT * FROM pragma_table_info(?)', (t,))])
        out.extend(_triggers(t, cols, update_of, SECRET, compact_row))
    out.append('\n-- What db check reads: each live row of an audited table and its hash.\n')
    for t, cols in tabs:
        out.append(live_view(t, cols))
    out_path.write_text(''.join(out), encoding='utf-8')


main()
