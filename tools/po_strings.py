#!/usr/bin/env python3
"""List the interface's English message ids, or check that po/zh_CN.po translates every one.

The message ids are, in every file of src/: the English strings passed to tr(), trn() and N_(),
the formats of the calls that render theirs through the catalogue (diag_set, cli_usage,
yfield_err, perr) and the phrases of those that pass one on (db_error, db_step, db_run,
db_query_int, load_err, case_exec); and those in the data tables tr() is applied to when shown: key
bindings, screen titles, the value labels of src/core/label.c and form field labels. A message id with no letter (such as "%s: %s") needs no translation.

check also fails on code that compares a message's text (strstr, strcmp ... on a .msg): a
caller reacts to a code (diag.reason), never to the words, which are the catalogue's.

usage: po_strings.py list            print one message id a line
       po_strings.py check PO        exit 1 naming each message id PO leaves untranslated
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

# one or more adjacent C string literals, and nothing else
LIT = re.compile(r'\s*"(?:[^"\\\n]|\\.)*"(?:\s*"(?:[^"\\\n]|\\.)*")*\s*$')
# name -> the indexes of its arguments that are message ids
CALLS = {'tr': (0,), 'N_': (0,), 'trn': (0, 1), 'cli_usage': (1,), 'diag_set': (2,),
         'db_error': (2,), 'db_step': (1,), 'db_run': (1,), 'db_query_int': (3,),
         'yfield_err': (2,), 'perr': (2,), 'load_err': (2,), 'case_exec': (2,)}
CALL = re.compile(r'\b(' + '|'.join(CALLS) + r')\(')
# a printf conversion
FORMAT = r'%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]'
# comparing a diag's text
COMPARES = re.compile(r"\b(?:strstr|strcmp|strncmp|strcasecmp|memcmp)\s*\([^;{}\n]*?(?:\.|->)msg\b")


def arguments(src, i):
    """The top-level arguments of the call whose '(' is at src[i], as text."""
    args, depth, start, j = [], 0, i + 1, i + 1
    while j < len(src):
        c = src[j]
        if c == '"' or c == "'":
            j += 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == '\\' else 1
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(src[start:j])
                return args
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(src[start:j])
            start = j + 1
        elif c == ';':
            break
        j += 1
    return args


def unquote(lits):
    """The text of adjacent C string literals."""
    out = []
    for body in re.findall(r'"((?:[^"\\\n]|\\.)*)"', lits):
        out.append(unescape(body))
    return ''.join(out)


def unescape(s):
    """Decode the C (and PO) escapes of a string body."""
    simple = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', "'": "'", 'a': '\a',
              'b': '\b', 'f': '\f', 'v': '\v', '?': '?'}

    def one(m):
        e = m.group(1)
        if e[0] in '01234567':
            return chr(int(e, 8))
        if e[0] == 'x':
            return chr(int(e[1:], 16))
        return simple.get(e, e)
    return re.sub(r'\\([0-7]{1,3}|x[0-9a-fA-F]+|.)', one, s)


def sources():
    """Every C file of src/ but the generated pinyin table, with its text."""
    for path in sorted(glob.glob(os.path.join(ROOT, 'src/**/*.c'), recursive=True)):
        if not path.endswith('pinyin_table.c'):
            yield path, open(path, encoding='utf-8').read()


def strings():
    """Every message id, in source order, once each."""
    out = []

    def add(s):
        if s not in out:
            out.append(s)
    for path, src in sources():
        for m in CALL.finditer(src):
            if src[max(0, m.start() - 1)] in '.>' or re.match(r'\w', src[m.start() - 1]):
                continue
            args = arguments(src, m.end() - 1)
            for k in CALLS[m.group(1)]:
                if k < len(args) and LIT.match(args[k]):
                    add(unquote(args[k]))
        if path.endswith('/core/label.c'):
            for m in re.finditer(r'\{ "[a-z_]+", "([^"]*)" \}', src):
                add(m.group(1))
        if '/tui/' not in path:
            continue
        for pat in (r'\{ \.key = [^{}]*?\.label = "([^"]*)"',
                    r'const struct screen \w+ = \{[^;]*?\.title = "([^"]*)"',
                    r'\{ "[a-z_]+", "([^"]*)" \}',
                    r'ui_form_pfield\(fm, "[^"]*", "([^"]*)"'):
            for m in re.finditer(pat, src):
                add(m.group(1))
        for m in re.finditer(r'static const char \*titles\[\] = \{([^}]*)\}', src, re.S):
            for t in re.findall(r'"([^"]*)"', m.group(1)):
                add(t)
    return [s for s in out if re.search(r'[A-Za-z]', re.sub(FORMAT, '', s))]


def translations(path):
    """msgid (and msgid_plural) -> msgstr (the first form) of a .po file; fuzzy entries left out."""
    tr = {}
    entry, field, fuzzy = {}, None, False

    def flush():
        if 'msgid' in entry and not fuzzy:
            for key in ('msgid', 'msgid_plural'):
                if key in entry:
                    tr[entry[key]] = entry.get('msgstr', entry.get('msgstr[0]', ''))
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if m:
            if m.group(1) == 'msgid':
                flush()
                entry = {}
            field = m.group(1)
            entry[field] = unescape(m.group(2))
        elif line.startswith('"') and field is not None:
            entry[field] += unescape(line[1:-1])
        elif line.startswith('#,'):
            flush()
            entry, field, fuzzy = {}, None, 'fuzzy' in line
        elif line == '':
            flush()
            entry, field, fuzzy = {}, None, False
    flush()
    return tr


def comparisons():
    """Code that compares a message's text: FILE:LINE: text."""
    out = []
    for path, src in sources():
        for m in COMPARES.finditer(src):
            line = src.count('\n', 0, m.start()) + 1
            out.append('%s:%d: %s' % (os.path.relpath(path, ROOT), line, m.group(0).strip()))
    return out


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'list':
        print('\n'.join(s.replace('\n', '\\n') for s in strings()))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == 'check':
        tr = translations(sys.argv[2])
        ids = strings()
        missing = [s for s in ids if not tr.get(s)]
        for s in missing:
            print('%s: no translation for "%s"' % (sys.argv[2], s.replace('\n', '\\n')))
        compares = comparisons()
        for c in compares:
            print('%s: compares a message\'s text; react to a code (diag.reason) instead' % c)
        print('%d passed, %d failed' % (len(ids) - len(missing), len(missing) + len(compares)))
        return 1 if missing or compares else 0
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
