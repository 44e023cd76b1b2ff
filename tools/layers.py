#!/usr/bin/env python3
"""Hold one area of the source to the layering: fail on an include that reaches up a layer.

usage: layers.py AREA OUTPUT DEPFILE SOURCE.c ...

The areas, bottom up: util < policy < core < tui < cli < main. A file of an area may include the
headers of its own area and of the areas below it, and a system library's header only where that
library belongs: <yaml.h> in policy, <sqlite3.h> in core, <sodium.h> in core and policy, any
header of ncurses in tui. The sources given and every header of include/AREA/ are read. On success OUTPUT is written (an empty
header the area's library waits for) and DEPFILE names what was read, so a changed header checks
again; on a violation each is named as FILE:LINE and the build stops.
"""
import os
import re
import sys

ORDER = ['util', 'policy', 'core', 'tui', 'cli', 'main']
# system headers that belong to one area only (curses: any header of ncurses, by name or folder)
OWNED = {
    'yaml.h': ('policy',),
    'sqlite3.h': ('core',),
    'sqlite3ext.h': ('core',),
    'sodium.h': ('core', 'policy'),
    'check.h': ('tests',),
}
CURSES = re.compile(r'^(?:n?cursesw?/.*|n?cursesw?\.h|term\.h|termcap\.h|unctrl\.h|panel\.h|'
                    r'menu\.h|form\.h|eti\.h|tic\.h|cursesapp\.h|cursesf\.h|cursesm\.h|'
                    r'cursesp\.h|cursslk\.h|etip\.h)$')
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def owners(name):
    """The areas a system header belongs to, or None when any area may include it."""
    if CURSES.match(name):
        return ('tui',)
    return OWNED.get(name)


def check(area, path, problems):
    """Append the layering problems of one file."""
    rank = ORDER.index(area)
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            name = m.group(2)
            own = owners(name)
            if own is not None and area not in own:
                problems.append('%s:%d: <%s> belongs to %s, not %s/' %
                                (path, n, name, ' and '.join(o + '/' for o in own), area))
                continue
            # a project header, written with quotes or brackets alike
            top = name.split('/')[0]
            if '/' in name and top in ORDER and ORDER.index(top) > rank:
                problems.append('%s:%d: "%s" reaches up from %s/ to %s/ (an area may include '
                                'only its own headers and those of %s)' %
                                (path, n, name, area, top, ', '.join(ORDER[:rank]) or 'none below'))


def main():
    area, output, depfile, sources = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if area not in ORDER:
        sys.exit('layers.py: %s: not an area (one of %s)' % (area, ', '.join(ORDER)))
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    hdir = os.path.join(root, 'include', area)
    headers = sorted(os.path.join(hdir, h) for h in os.listdir(hdir) if h.endswith('.h')) \
        if os.path.isdir(hdir) else []
    problems = []
    for path in sources + headers:
        check(area, path, problems)
    if problems:
        one = len(problems) == 1
        sys.stderr.write('layering: %d include%s the layers (util < policy < core < tui < '
                         'cli < main):\n' % (len(problems), ' breaks' if one else 's break'))
        sys.stderr.write(''.join('  %s\n' % p for p in problems))
        sys.exit(1)
    with open(output, 'w', encoding='utf-8') as f:
        f.write('/* %s/ keeps to its layer (tools/layers.py) */\n' % area)
    with open(depfile, 'w', encoding='utf-8') as f:
        deps = sources + headers + [hdir]
        f.write('%s: %s\n' % (output.replace(' ', '\\ '), ' '.join(d.replace(' ', '\\ ') for d in deps)))


if __name__ == '__main__':
    main()
