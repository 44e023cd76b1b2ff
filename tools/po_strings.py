#!/usr/bin/env python3
"""List the interface's English strings, or check that po/zh_CN.po translates every one.

The strings are those passed to tr() and those in the data tables tr() is applied to when
shown: key bindings, screen titles, the value labels of src/tui/label.c, form field labels
and the person field labels of src/core/person.c.

usage: po_strings.py list            print one string a line
       po_strings.py check PO        exit 1 naming each string PO leaves untranslated
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def strings():
    """Every interface string, in source order, once each."""
    out = []

    def add(s):
        if s not in out:
            out.append(s)
    for path in sorted(glob.glob(os.path.join(ROOT, 'src/tui/*.c'))):
        src = open(path, encoding='utf-8').read()
        for pat in (r'tr\("((?:[^"\\]|\\.)*)"\)',
                    r'\{ \.key = [^{}]*?\.label = "([^"]*)"',
                    r'const struct screen \w+ = \{[^;]*?\.title = "([^"]*)"',
                    r'\{ "[a-z_]+", "([^"]*)" \}',
                    r'ui_form_pfield\(fm, "[^"]*", "([^"]*)"'):
            for m in re.finditer(pat, src):
                add(m.group(1))
        for m in re.finditer(r'static const char \*titles\[\] = \{([^}]*)\}', src, re.S):
            for t in re.findall(r'"([^"]*)"', m.group(1)):
                add(t)
    src = open(os.path.join(ROOT, 'src/core/person.c'), encoding='utf-8').read()
    for m in re.finditer(r'\[PF_\w+\] = \{ "[^"]*", PK_\w+, PT_\w+,\s*[^,]+,\s*"([^"]*)"', src, re.S):
        add(m.group(1))
    return [s for s in out if s]


def translations(path):
    """msgid -> msgstr of a .po file (single-line entries)."""
    tr, msgid = {}, None
    for line in open(path, encoding='utf-8'):
        if line.startswith('msgid "'):
            msgid = line[7:].rstrip('\n')[:-1]
        elif line.startswith('msgstr "') and msgid is not None:
            tr[msgid.replace('\\"', '"')] = line[8:].rstrip('\n')[:-1]
            msgid = None
    return tr


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'list':
        print('\n'.join(strings()))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == 'check':
        tr = translations(sys.argv[2])
        missing = [s for s in strings() if not tr.get(s)]
        for s in missing:
            print('%s: no translation for "%s"' % (sys.argv[2], s))
        print('%d passed, %d failed' % (len(strings()) - len(missing), len(missing)))
        return 1 if missing else 0
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
