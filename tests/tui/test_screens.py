#!/usr/bin/env python3
"""Screen tests: drive the real jobdesk in tmux at 80x24 and read what a counselor would see.

usage: test_screens.py JOBDESK
Prints one line per check and 'N passed, M failed'; exits 1 on any failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

JOBDESK = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='jobdesk-tui-')
DB = os.path.join(TMP, 'case.db')
SOCK = os.path.join(TMP, 'tmux.sock')
ENV = dict(os.environ, JOBDESK_DB=DB, JOBDESK_USER='tester', JOBDESK_TODAY='2018-03-01',
           LANG='C.UTF-8', LC_ALL='C.UTF-8')
ENV.pop('TMUX', None)
passed = failed = 0


def check(name, ok, screen=None):
    """Count and report one check; show the screen when it failed."""
    global passed, failed
    if ok:
        passed += 1
        print('ok   ' + name)
    else:
        failed += 1
        print('FAIL ' + name)
        if screen is not None:
            print(screen)


def run(*args):
    """Run jobdesk with the test environment; return its stdout."""
    return subprocess.run([JOBDESK] + list(args), env=ENV, check=True, capture_output=True,
                          text=True).stdout


def tmux(*args):
    """Run a tmux command on the test's own server."""
    return subprocess.run(['tmux', '-S', SOCK] + list(args), env=ENV, capture_output=True,
                          text=True).stdout


def screen():
    """The visible screen as text."""
    return tmux('capture-pane', '-p', '-t', 'jd')


def keys(*k, wait=0.25):
    """Type keys and give the program a moment to repaint."""
    for key in k:
        tmux('send-keys', '-t', 'jd', key)
    time.sleep(wait)
    return screen()


def literal(text, wait=0.25):
    """Type text as it is (UTF-8 included)."""
    tmux('send-keys', '-t', 'jd', '-l', text)
    time.sleep(wait)
    return screen()


def wait_for(text, timeout=5.0):
    """Wait until the screen shows text; return the screen."""
    end = time.time() + timeout
    s = screen()
    while text not in s and time.time() < end:
        time.sleep(0.1)
        s = screen()
    return s


def width(s):
    """Display columns of text (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)


def check_digit(d17):
    """The ISO 7064 MOD 11-2 check character of 17 digits."""
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return '10X98765432'[sum(int(c) * x for c, x in zip(d17, w)) % 11]


def start(lang='C.UTF-8', cols=80, rows=24):
    """Start jobdesk in a fresh tmux session; the shell prints its exit status after."""
    tmux('kill-server')
    time.sleep(0.2)
    cmd = 'LANG=%s LC_ALL=%s %s; echo "EXIT=$?"; sleep 60' % (lang, lang, JOBDESK)
    tmux('new-session', '-d', '-s', 'jd', '-x', str(cols), '-y', str(rows), cmd)
    return wait_for('jobdesk')


def row_of(s, text):
    """The index of the first screen line containing text, or -1."""
    for i, line in enumerate(s.split('\n')):
        if text in line:
            return i
    return -1


def main():
    run('demo', '--persons', '300', '--seed', '7')
    run('person', 'add', '--name', '王丽', '--id-number', '220102199503070028',
        '--hukou-type', 'rural', '--counselor', 'tester')

    # The caseload, in English.
    s = start()
    check('caseload shows the title', 'My cases' in s, s)
    check('no 18-digit ID number unmasked on the caseload', not re.search(r'\d{17}[\dX]', s), s)
    masked = [l for l in s.split('\n') if re.search(r'\d{6}\*{8}[\dX]{4}', l)]
    check('caseload lists masked ID numbers', len(masked) >= 10, s)
    check('bottom line shows the main keys', 'Enter open' in s and '? help' in s, s)

    # Search by pinyin initials.
    s = keys('/')
    s = literal('wl')
    check('search by initials finds 王丽', '王丽' in s, s)
    keys('C-u')
    s = literal('丽')
    check('search by a typed Chinese character finds 王丽', '王丽' in s, s)
    s = keys('Escape')
    check('Esc goes back to the caseload', 'My cases' in s, s)

    # Register: a wrong ID number is refused as typed, the right one accepted.
    s = keys('n')
    check('n opens the register form', 'Register a person' in s, s)
    literal('李娜')
    keys('Tab')
    s = literal('220102199001010011')
    check('a wrong ID number is shown as wrong', 'check character' in s, s)
    keys('C-u')
    good = '22010219900101002'
    good += check_digit(good)
    s = literal(good)
    check('the right ID number fills in the birth date', '1990-01-01' in s and
          'check character' not in s, s)
    s = keys('F2', wait=0.5)
    check('saving opens the new case', '李娜' in s and 'Profile' in s, s)
    s = keys('q')

    # 王丽 (rural): a completed 120-hour skills training, then the benefits.
    keys('/')
    literal('0028')
    s = keys('Enter', wait=0.4)
    check('Enter opens 王丽', '王丽' in s and 'Profile' in s, s)
    s = keys('p')
    check('p opens the progress form', 'Add progress' in s, s)
    keys('Tab')                     # status
    s = keys('Right', 'Right')      # active -> planned -> completed
    check('status chosen: completed', 'completed' in s, s)
    keys('Tab')                     # start (prefilled with today)
    keys('C-u')
    literal('2017-11-01')
    keys('Tab')                     # end
    literal('2017-12-15')
    keys('Tab')                     # training kind: employment skills
    keys('Tab')                     # class hours
    s = literal('120')
    s = keys('F2', wait=0.5)
    check('progress saved', 'Progress saved' in s, s)
    s = keys('G' if False else 'NPage')
    check('the timeline shows the training', '120 class hours' in s and 'completed' in s, s)
    s = keys('b', wait=0.5)
    line = row_of(s, 'Rural skills-training subsidy')
    check('benefits list the rural training subsidy at 960.00',
          line >= 0 and '960.00' in s.split('\n')[line], s)
    first = row_of(s, 'One-time startup subsidy')
    keys(*(['j'] * (line - first)))
    s = keys('g')
    check('grant asks to confirm with the amount', '960.00' in s and '(y/n)' in s, s)
    s = keys('y', wait=0.5)
    check('granting records a decision', 'Granted' in s and 'granted' in s.split('\n')[line], s)
    s = keys('g')
    check('a second grant is refused', 'Already granted' in s, s)
    s = keys('Enter')
    check('Enter shows the reasons and the measure', 'Reasons' in s and '每学时8元' in s, s)
    keys('q', 'q')

    # Resize to 120x40 and back.
    tmux('resize-window', '-t', 'jd', '-x', '120', '-y', '40')
    time.sleep(0.4)
    s = screen()
    lines = s.split('\n')
    check('resize to 120x40 re-lays the screen', len(lines) >= 40 and
          width(lines[0].rstrip()) > 100, s)
    tmux('resize-window', '-t', 'jd', '-x', '80', '-y', '24')
    time.sleep(0.4)
    s = screen()
    check('resize back to 80x24', width(s.split('\n')[0].rstrip()) <= 80 and
          '王丽' in s, s)
    keys('q')                       # the person, back to the search
    s = keys('Escape')
    check('back on the caseload', 'My cases' in s, s)
    s = keys('q', wait=0.5)
    check('q leaves with status 0', 'EXIT=0' in s, s)

    # Chinese: names and headings line up in their columns.
    locales = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout
    if re.search(r'^zh_CN\.utf-?8$', locales, re.M | re.I):
        s = start('zh_CN.UTF-8')
        check('the interface speaks Chinese', '我的个案' in s and '身份证号' in s, s)
        cols = set()
        for l in s.split('\n'):
            m = re.search(r'\d{6}\*{8}[\dX]{4}', l)
            if m:
                cols.add(width(l[:m.start()]))
        check('ID numbers start in one column under Chinese names', len(cols) == 1, s)
        s = keys('q', wait=0.5)
        check('q leaves the Chinese screen with status 0', 'EXIT=0' in s, s)
    else:
        print('skip Chinese checks: no zh_CN.UTF-8 locale')

    tmux('kill-server')
    shutil.rmtree(TMP, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
