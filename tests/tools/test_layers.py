#!/usr/bin/env python3
"""The layering check (tools/layers.py) refuses what reaches up and passes what keeps to its layer.

usage: test_layers.py LAYERS.PY
"""
import os
import subprocess
import sys
import tempfile

LAYERS = sys.argv[1]
passed = failed = 0


def check(name, ok, detail=''):
    """Count and report one check."""
    global passed, failed
    passed += ok
    failed += not ok
    print(('ok   ' if ok else 'FAIL ') + name + ('' if ok else '\n' + detail))


def run(area, text):
    """Run the check on one file of an area holding text; return (status, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'x.c')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        p = subprocess.run([sys.executable, LAYERS, area, os.path.join(tmp, 'out.h'),
                            os.path.join(tmp, 'out.d'), src], capture_output=True, text=True)
        return p.returncode, p.stderr


rc, err = run('core', '#include <stdio.h>\n#include "util/sbuf.h"\n#include "policy/policy.h"\n'
              '#include <sqlite3.h>\n')
check('core may include util, policy and sqlite3', rc == 0, err)
rc, err = run('core', '#include "core/db.h"\n#include <curses.h>\n')
check('curses in core stops the build, naming the line', rc != 0 and 'x.c:2:' in err and 'curses.h' in err, err)
rc, err = run('tui', '#include "tui/tui.h"\n#include "cli/cli.h"\n')
check('tui including cli stops the build', rc != 0 and 'x.c:2:' in err and 'cli/cli.h' in err, err)
rc, err = run('policy', '#include <yaml.h>\n#include <sqlite3.h>\n#include "core/db.h"\n')
check('sqlite3 and core in policy are both named', rc != 0 and 'x.c:2:' in err and 'x.c:3:' in err, err)
rc, err = run('util', '#  include "policy/eval.h"\n')
check('an indented include is read too', rc != 0 and 'policy/eval.h' in err, err)
rc, err = run('tui', '#include <curses.h>\n#include "core/person.h"\n')
check('tui may draw and read core', rc == 0, err)
rc, err = run('tui', '#include <cli/cli.h>\n')
check('a project header in brackets is held to the layers too', rc != 0 and 'cli/cli.h' in err, err)
rc, err = run('core', '#include <ncursesw/panel.h>\n#include <term.h>\n#include <ncurses.h>\n')
check('every curses header is the screen\'s', rc != 0 and all(
    'x.c:%d:' % i in err for i in (1, 2, 3)), err)
rc, err = run('cli', '#include <sys/stat.h>\n#include <getopt.h>\n#include "tui/tui.h"\n')
check('system headers and lower areas are free to every area', rc == 0, err)
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
