#!/usr/bin/env python3
"""Screen tests: drive the real jobdesk in tmux at 80x24 and read what a counselor would see.

usage: test_screens.py JOBDESK [SCENARIO ...]

Each behaviour is a scenario of its own: a fresh database (made with the jobdesk command line),
its own tmux server, keys sent, then capture-pane polled until the expected text shows or a
timeout passes (as tmux's regress/*.sh do). A failing scenario prints its name, what was
expected and the screen as captured; the others still run. The script ends with
'N passed, M failed' and exits 1 on any failure. Naming scenarios runs only those.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata

JOBDESK = os.path.abspath(sys.argv[1])
TIMEOUT = 20.0        # seconds to wait for a screen before calling it a failure (a loaded CI machine)
ESC = re.compile(r'\x1b\[[0-9;]*m')
MASKED = re.compile(r'\d{6}\*{8}[\dX]{4}')
SCENARIOS = []


def scenario(fn):
    """Register a scenario; its docstring says the behaviour it checks."""
    SCENARIOS.append(fn)
    return fn


def scenario_zh(fn):
    """Register a scenario of the Chinese interface, skipped without the zh_CN.UTF-8 locale."""
    def run(d):
        if not zh_available():
            return 'no zh_CN.UTF-8 locale'
        return fn(d)
    run.__name__, run.__doc__ = fn.__name__, fn.__doc__
    return scenario(run)


class Failure(Exception):
    """A scenario's expectation that the screen did not meet."""

    def __init__(self, expected, screen):
        super().__init__(expected)
        self.expected = expected
        self.screen = screen


def width(s):
    """Display columns of text (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)


def check_digit(d17):
    """The ISO 7064 MOD 11-2 check character of 17 digits."""
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return '10X98765432'[sum(int(c) * x for c, x in zip(d17, w)) % 11]


def zh_available():
    """Whether the zh_CN.UTF-8 locale is installed."""
    out = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout
    return re.search(r'^zh_CN\.utf-?8$', out, re.M | re.I) is not None


class Desk:
    """One scenario's jobdesk: a fresh database and a tmux server of its own."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix='jobdesk-tui-%s-' % name)
        self.sock = os.path.join(self.dir, 'tmux.sock')
        self.env = dict(os.environ, JOBDESK_DB=os.path.join(self.dir, 'case.db'),
                        JOBDESK_USER='tester', LANG='C.UTF-8', LC_ALL='C.UTF-8')
        self.env.setdefault('JOBDESK_TODAY', '2018-03-01')
        self.env.pop('TMUX', None)

    def run(self, *args):
        """Run a jobdesk command on this database; return its output."""
        return subprocess.run([JOBDESK] + list(args), env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def demo(self, persons=20):
        """A small deterministic caseload."""
        self.run('demo', '--persons', str(persons), '--seed', '7')

    def add(self, name, id_number, *more):
        """Register a person of the tester's caseload."""
        self.run('person', 'add', '--name', name, '--id-number', id_number,
                 '--counselor', 'tester', *more)

    def tmux(self, *args):
        """Run a tmux command on this scenario's own server."""
        return subprocess.run(['tmux', '-S', self.sock] + list(args), env=self.env,
                              capture_output=True, text=True).stdout

    def start(self, lang='C.UTF-8', expect='jobdesk'):
        """Open the screen at 80x24; the shell prints jobdesk's exit status after it."""
        cmd = 'LANG=%s LC_ALL=%s %s; echo "EXIT=$?"; sleep 60' % (lang, lang, JOBDESK)
        self.tmux('new-session', '-d', '-s', 'jd', '-x', '80', '-y', '24', cmd)
        return self.expect(expect)

    def screen(self):
        """The visible screen as text."""
        return self.tmux('capture-pane', '-p', '-t', 'jd')

    def selected(self):
        """The highlighted row (the cursor of a list) as text, or None."""
        for line in self.tmux('capture-pane', '-p', '-e', '-t', 'jd').split('\n'):
            if '\x1b[46m' in line or '\x1b[7m' in line:
                return ESC.sub('', line).strip()
        return None

    def shown(self):
        """The screen for a failure report: each line after '|', the highlighted one after '>'."""
        out = []
        for line in self.tmux('capture-pane', '-p', '-e', '-t', 'jd').split('\n'):
            mark = '>' if '\x1b[46m' in line or '\x1b[7m' in line else '|'
            out.append('  ' + mark + ESC.sub('', line))
        return '\n'.join(out)

    def keys(self, *k):
        """Press keys (tmux key names)."""
        for key in k:
            self.tmux('send-keys', '-t', 'jd', key)

    def type(self, text):
        """Type text as it is (UTF-8 included)."""
        self.tmux('send-keys', '-t', 'jd', '-l', text)

    def expect(self, what, test=None, timeout=TIMEOUT):
        """Wait until the screen shows what (or test(screen) holds); return the screen."""
        test = test or (lambda s: what in s)
        end = time.time() + timeout
        last = None
        while True:
            s = self.screen()
            # tmux can be read half-way through a repaint: return only a screen seen twice
            if test(s) and s == last:
                return s
            last = s if test(s) else None
            if time.time() > end:
                if last is not None:
                    return s
                raise Failure(what, self.shown())
            time.sleep(0.03 if last is not None else 0.05)

    def expect_selected(self, what, test=None, timeout=TIMEOUT):
        """Wait until the highlighted row shows what (or test(row) holds); return the row."""
        test = test or (lambda r: what in r)
        end = time.time() + timeout
        while True:
            row = self.selected()
            if row is not None and test(row):
                return row
            if time.time() > end:
                raise Failure('the highlighted row: ' + what, self.shown())
            time.sleep(0.05)

    def expect_all(self, *texts):
        """Wait until the screen shows every one of texts; return the screen."""
        return self.expect(', '.join(texts), lambda s: all(t in s for t in texts))

    def programs(self):
        """The pids of the programs the pane's shell runs (jobdesk, or the sleep after it)."""
        pids = []
        for shell in self.tmux('list-panes', '-a', '-F', '#{pane_pid}').split():
            try:
                with open('/proc/%s/task/%s/children' % (shell, shell)) as f:
                    pids += [int(p) for p in f.read().split()]
            except OSError:
                pass
        return pids

    def close(self):
        """Stop this scenario's tmux server and remove its files. A jobdesk that has not ended
        5 s after its terminal went away is killed: a sanitizer build's leak check can hang at
        an exit forced by SIGHUP, and would spin on a CPU long after the tests."""
        pids = self.programs()
        self.tmux('kill-server')
        deadline = time.monotonic() + 5
        for pid in pids:
            while time.monotonic() < deadline and alive(pid):
                time.sleep(0.05)
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        shutil.rmtree(self.dir, ignore_errors=True)


def alive(pid):
    """Whether pid is a process that has not ended (a zombie has)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return False


def row_of(s, text):
    """The index of the first screen line containing text, or -1."""
    for i, line in enumerate(s.split('\n')):
        if text in line:
            return i
    return -1


def rows(s):
    """The caseload's rows: the lines with a masked ID number."""
    return [line for line in s.split('\n') if MASKED.search(line)]


def wangli(d, *more):
    """王丽, rural, on the tester's caseload (found by wl, 丽 and 0028)."""
    d.add('王丽', '220102199503070028', '--hukou-type', 'rural', *more)


def register_lina(d, id_number):
    """On an empty caseload, n, then 李娜 and an ID number typed into the register form."""
    d.start(expect='No cases here')
    d.keys('n')
    d.expect('Register a person')
    d.type('李娜')
    d.keys('Tab')
    d.type(id_number)


def lina_id():
    """李娜's ID number, with its check character right."""
    return '22010219900101002' + check_digit('22010219900101002')


def start_wangli(d):
    """Open the screen on a caseload of 王丽 alone."""
    wangli(d)
    return d.start(expect='王丽')


def open_wangli(d):
    """From the caseload, find 王丽 by ID digits and open her case."""
    d.keys('/')
    d.expect('Find:')
    d.type('0028')
    d.expect('王丽')
    d.keys('Enter')
    return d.expect('Profile')


def add_training(d):
    """On a person's screen: a completed 120-hour skills training, saved with F2."""
    d.keys('p')
    d.expect('Add progress')
    d.keys('Tab')                           # status
    d.keys('Right', 'Right')                # active -> planned -> completed
    d.expect('< completed >')
    d.keys('Tab', 'C-u')                    # start (prefilled with today)
    d.type('2017-11-01')
    d.keys('Tab')                           # end
    d.type('2017-12-15')
    d.keys('Tab', 'Tab')                    # training kind, then class hours
    d.type('120')
    d.expect('120')
    d.keys('F2')
    return d.expect('Progress saved')


def write_note(d, body, followup):
    """a: write a note with a follow-up date and save it with F2."""
    d.keys('a')
    d.expect('Write a note')
    d.type(body)
    d.keys('Tab')
    d.type(followup)
    d.keys('F2')
    return d.expect('Note saved.')


def open_benefits(d):
    """王丽's benefits open; the highlighted first benefit."""
    start_wangli(d)
    d.keys('b')
    d.expect('Amount (yuan)')
    return d.expect_selected('the first benefit', lambda r: r != '')


def open_benefits_trained(d):
    """王丽 with the training, her benefits open; the screen and her subsidy's line."""
    start_wangli(d)
    open_wangli(d)
    add_training(d)
    d.keys('b')
    s = d.expect('Rural skills-training subsidy')
    return s, row_of(s, 'Rural skills-training subsidy')


def select_rural(d):
    """Move the benefits cursor to the rural training subsidy; return the screen."""
    s, line = open_benefits_trained(d)
    first = row_of(s, 'One-time startup subsidy')
    d.keys(*(['j'] * (line - first)))
    d.expect_selected('Rural skills-training subsidy')
    return s, line


# The caseload.

@scenario
def caseload_title_and_bottom_line(d):
    """The caseload opens on my cases with the main keys on the bottom line."""
    d.demo()
    d.start(expect='My cases')
    bottom = 'Enter open  / search  n register  b benefits  t today  o mine/office  ? help'
    d.expect(bottom, lambda s: s.rstrip('\n').split('\n')[-1].rstrip() == bottom)


@scenario
def caseload_masks_id_numbers(d):
    """The caseload lists cases with masked ID numbers, never a whole one."""
    d.demo(40)
    d.start(expect='My cases')
    d.expect('10 masked ID numbers and no whole one', lambda s: len(rows(s)) >= 10 and
             not re.search(r'\d{17}[\dX]', s))


@scenario
def caseload_cursor_keys(d):
    """j and Down move the cursor one case down, k and Up one up."""
    d.demo(40)
    d.start(expect='My cases')
    s = d.expect('10 cases', lambda s: len(rows(s)) >= 10)
    first, second = rows(s)[0].strip(), rows(s)[1].strip()
    d.expect_selected(first, lambda r: r == first)
    for down, up in (('j', 'k'), ('Down', 'Up')):
        d.keys(down)
        d.expect_selected(second, lambda r: r == second)
        d.keys(up)
        d.expect_selected(first, lambda r: r == first)


@scenario
def caseload_paging(d):
    """PgDn and Space read the next page, PgUp the one before, G/End the last, g/Home the first."""
    d.demo(80)
    d.start(expect='My cases')
    s = d.expect('a full page', lambda s: len(rows(s)) == 20)
    page1 = rows(s)
    for pgdn in ('NPage', 'Space'):
        d.keys(pgdn)
        d.expect('the next page, the first case scrolled off',
                 lambda s: rows(s) and page1[0] not in rows(s))
        d.keys('PPage')
        d.expect('the first page again', lambda s: rows(s) and rows(s)[0] == page1[0])
    for end, home in (('G', 'g'), ('End', 'Home')):
        d.keys(end)
        s = d.expect('the last page', lambda s: rows(s) and page1[0] not in rows(s) and
                     d.selected() == rows(s)[-1].strip())
        last = rows(s)[-1].strip()
        d.expect_selected(last, lambda r: r == last)
        d.keys('j', '?')                        # nothing below the last case
        d.expect('Keys')
        d.keys('q')
        d.expect('My cases')
        d.expect_selected(last, lambda r: r == last)
        d.keys(home)
        d.expect_selected(page1[0].strip(), lambda r: r == page1[0].strip())


@scenario
def caseload_office(d):
    """o switches between my cases and the whole office."""
    d.demo()
    d.start(expect='My cases')
    d.keys('o')
    d.expect('Whole office')
    d.keys('o')
    d.expect('My cases')


@scenario
def caseload_help(d):
    """? lists every key of the caseload, the movement keys included; q goes back."""
    d.demo()
    d.start(expect='My cases')
    d.keys('?')
    pairs = (('Enter', 'open'), ('/', 'search'), ('n', 'register'), ('t', 'today'),
             ('q', 'quit'), ('Esc', 'back, or quit'), ('j', 'down'), ('k', 'up'), ('Down', 'down'),
             ('Up', 'up'), ('PgDn', 'next page'), ('Space', 'next page'),
             ('PgUp', 'previous page'), ('g', 'top'), ('Home', 'top'), ('G', 'bottom'),
             ('End', 'bottom'))
    d.expect('every key with its label: ' + ', '.join('%s %s' % p for p in pairs),
             lambda s: all(re.search(r'(^|\s)%s +%s(\s|$)' % (re.escape(k), l), s, re.M)
                           for k, l in pairs))
    d.keys('q')
    d.expect('My cases', lambda s: 'My cases' in s and 'Keys' not in s)


@scenario
def quit_exit_status(d):
    """q on the caseload leaves jobdesk with status 0."""
    d.demo()
    d.start(expect='My cases')
    d.keys('q')
    d.expect('Leave jobdesk? (y/n)')
    d.keys('y')
    d.expect('EXIT=0')


# Search.

@scenario
def search_by_initials(d):
    """Pinyin initials typed into the search find the person."""
    d.demo()
    wangli(d)
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Find:')
    d.type('wl')
    d.expect('王丽', lambda s: '王丽' in s.split('\n', 3)[3])


@scenario
def search_by_chinese(d):
    """A Chinese character typed into the search finds the person."""
    d.demo()
    wangli(d)
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Find:')
    d.type('丽')
    d.expect('王丽 found, the query as typed', lambda s: '王丽' in s.split('\n', 3)[3] and
             'Find:   丽' in s.split('\n')[2])


@scenario
def search_cursor_and_open(d):
    """Down and Up move among the results; Enter opens the one chosen."""
    wangli(d)
    d.add('王磊', '22010219900101001' + check_digit('22010219900101001'))
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Find:')
    d.type('wl')
    d.expect('two results', lambda s: '王丽' in s and '王磊' in s)
    first = d.expect_selected('a result', lambda r: '王' in r)
    other = '王磊' if '王丽' in first else '王丽'
    d.keys('Down')
    d.expect_selected(other)
    d.keys('Up')
    d.expect_selected(first, lambda r: r == first)
    d.keys('Down', 'Enter')
    d.expect(other + "'s case", lambda s: 'Profile' in s and other in s.split('\n')[0])


@scenario
def search_by_id_digits_opens(d):
    """ID digits find the person and Enter opens the case."""
    d.demo()
    wangli(d)
    d.start(expect='My cases')
    open_wangli(d)
    d.expect('the case of 王丽', lambda s: '王丽' in s.split('\n')[0])


@scenario
def search_too_few_digits(d):
    """Fewer than 4 digits ask for more; a name nobody has says so."""
    d.demo()
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Find:')
    d.type('12')
    d.expect('Type at least 4 digits')
    d.keys('C-u')
    d.type('zzzz')
    d.expect('Nobody matches')


@scenario
def search_esc_back(d):
    """Esc leaves the search for the caseload."""
    d.demo()
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Find:')
    d.type('wl')
    d.keys('Escape')
    d.expect('My cases')


@scenario
def search_help(d):
    """F1 lists the search's keys and says other keys type; Esc goes back to the field."""
    d.demo()
    d.start(expect='My cases')
    d.keys('/')
    d.expect('Enter open  Down next  Up previous  Esc back  F1 help')
    d.keys('F1')
    d.expect_all('Other keys type into the field.', 'Enter   open', 'Down    next',
                 'Up      previous', 'Esc     back', 'F1      help')
    d.keys('Escape')
    d.expect('Find:')


# Forms.

@scenario
def register_form_opens(d):
    """n opens the register form."""
    d.demo()
    d.start(expect='My cases')
    d.keys('n')
    d.expect('Register a person')


@scenario
def register_wrong_id(d):
    """A wrong ID number is shown as wrong as it is typed."""
    register_lina(d, '220102199001010011')
    d.expect('check character')


@scenario
def register_right_id_birth_date(d):
    """The right ID number is accepted and fills in the birth date."""
    register_lina(d, lina_id())
    d.expect('1990-01-01', lambda s: '1990-01-01' in s and 'check character' not in s)


@scenario
def register_saves_and_opens(d):
    """F2 registers the person and opens the new case; the caseload lists it."""
    register_lina(d, lina_id())
    d.expect('1990-01-01')
    d.keys('F2')
    d.expect('The ID number was first issued in Jilin: is the hukou there now?')
    d.keys('n')                             # not confirmed: the province stays unknown
    d.expect('the new case', lambda s: '李娜' in s.split('\n')[0] and 'Profile' in s)
    d.expect('Registered 李娜')
    if not re.search(r'hukou province +- ', d.screen()):
        raise Failure('the hukou province unknown', d.shown())
    d.keys('q')
    d.expect('李娜 on the caseload', lambda s: 'My cases' in s and '李娜' in s)


@scenario
def form_esc_cancels(d):
    """Esc leaves a form with nothing saved."""
    d.start(expect='No cases here')
    d.keys('n')
    d.expect('Register a person')
    d.type('李娜')
    d.keys('Escape')
    d.expect('Discard the changes on this form? (y/n)')
    d.keys('y')
    d.expect('Nothing was saved, the caseload still empty', lambda s: 'Nothing was saved.' in s
             and 'No cases here' in s and '李娜' not in s)


@scenario
def form_help(d):
    """F1 on a form lists its keys."""
    d.start(expect='No cases here')
    d.keys('n')
    d.expect('Register a person')
    d.keys('F1')
    d.expect_all('Other keys type into the field.', 'F2      save', 'Tab     next field',
                 'Esc     cancel')


# The person screen.

@scenario
def person_opens_from_caseload(d):
    """Enter on the caseload opens the selected person."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('the case of 王丽 with Profile, Household, Insurance', lambda s: all(
        h in s for h in ('Profile', 'Household', 'Insurance')) and '王丽' in s.split('\n')[0])


@scenario
def person_scroll(d):
    """j/Down move the person screen's cursor a line, k/Up back; PgDn/Space a page, PgUp back."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('j')
    d.expect_selected('Profile')
    for down, up in (('j', 'k'), ('Down', 'Up')):
        d.keys(down)
        d.expect_selected('ID number')
        d.keys(up)
        d.expect_selected('Profile')
    for pgdn in ('NPage', 'Space'):
        d.keys(pgdn)
        d.expect('a page further', lambda s: 'Progress' in s and 'Profile' not in s)
        d.keys('PPage')
        d.expect('back at the top', lambda s: 'Profile' in s)


@scenario
def person_top_bottom(d):
    """G/End scroll the person screen to its last line, g/Home back to the top."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    for end, home in (('G', 'g'), ('End', 'Home')):
        d.keys(end)
        d.expect('the history at the bottom', lambda s: 'Profile' not in s and
                 re.search(r'History\n .*tester  added personal details\n\n', s))
        d.keys(home)
        d.expect('Profile')


@scenario
def person_back(d):
    """q and Esc leave the person screen for the caseload."""
    start_wangli(d)
    for back in ('q', 'Escape'):
        d.keys('Enter')
        d.expect('Profile')
        d.keys(back)
        d.expect('My cases')


@scenario
def person_help(d):
    """? on the person screen lists its keys."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('b benefits  e edit  p progress  a note  q back  ? help')
    d.keys('?')
    d.expect_all('Keys', 'b       benefits', 'e       edit', 'p       progress', 'a       note',
                 'q       back', 'Esc     back', 'j       down', 'PgDn    next page',
                 'PgUp    previous page')


@scenario
def progress_form_opens(d):
    """p on a person opens the progress form; the status is chosen with Right."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('p')
    d.expect('Add progress')
    d.keys('Tab', 'Right', 'Right')
    d.expect('< completed >')


@scenario
def progress_saved_on_timeline(d):
    """Saved progress shows on the person's timeline."""
    start_wangli(d)
    open_wangli(d)
    add_training(d)
    d.keys('Tab')                           # the cursor onto the first entry of the case
    d.expect('the training on the timeline', lambda s: re.search(
        r'2017-11-01 → 2017-12-15 .*completed.*120 class hours', s))


@scenario
def note_saved(d):
    """a on a person writes a note that shows under the notes."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    write_note(d, 'called, will come on Monday', '2018-03-05')
    d.keys('Tab')                           # the cursor onto the first entry of the case
    d.expect('the note under Notes and follow-ups', lambda s: re.search(
        r'tester  → 2018-03-05  still open *\n +called, will come on Monday', s))


@scenario
def caseload_note(d):
    """a on the caseload writes a note on the selected case; its follow-up shows in the row."""
    start_wangli(d)
    write_note(d, 'phoned', '2018-03-09')
    d.expect('the follow-up', lambda s: any('2018-03-09' in r for r in rows(s)))


# Benefits.

@scenario
def benefits_amount(d):
    """After the training the benefits list the rural training subsidy at 960.00."""
    s, line = open_benefits_trained(d)
    d.expect('960.00 on its line', lambda s: '960.00' in s.split('\n')[line])


@scenario
def benefits_cursor_keys(d):
    """j/Down move the benefits cursor down, k/Up up."""
    first = open_benefits(d)
    for down, up in (('j', 'k'), ('Down', 'Up')):
        d.keys(down)
        d.expect_selected('another benefit', lambda r: r != first)
        d.keys(up)
        d.expect_selected(first, lambda r: r == first)


@scenario
def benefits_top_bottom(d):
    """G/End move the benefits cursor to the last benefit, Home to the first (g grants)."""
    first = open_benefits(d)
    for end in ('G', 'End'):
        d.keys(end)
        d.expect_selected('Temporarily extended unemployment')
        d.keys('Home')
        d.expect_selected(first, lambda r: r == first)


@scenario
def benefits_grant_asks(d):
    """g asks to confirm the grant, with the amount."""
    select_rural(d)
    d.keys('g')
    d.expect('960.00 (y/n)', lambda s: '960.00' in s and '(y/n)' in s)


@scenario
def benefits_grant_records(d):
    """y grants: a decision is recorded and the line says granted."""
    _, line = select_rural(d)
    d.keys('g')
    d.expect('(y/n)')
    d.keys('y')
    d.expect('Granted, with the decision\'s short number', lambda s: re.search(
             r'Granted; decision [0-9A-Z]{4}-[0-9A-Z]{4} \(proposed\)', s) and
             'granted' in s.split('\n')[line])


@scenario
def benefits_grant_declined(d):
    """n at the question grants nothing."""
    _, line = select_rural(d)
    d.keys('g')
    d.expect('(y/n)')
    d.keys('n')
    d.expect('Nothing was granted, the line not granted', lambda s: 'Nothing was granted.' in s
             and 'granted' not in s.split('\n')[line])


@scenario
def benefits_second_grant_refused(d):
    """A benefit granted once only is refused the second time."""
    select_rural(d)
    d.keys('g')
    d.expect('(y/n)')
    d.keys('y')
    d.expect('Granted; decision')
    d.keys('g')
    d.expect('Already granted')


@scenario
def benefits_reasons(d):
    """Enter shows the reasons and the measure's text; q goes back to the list."""
    select_rural(d)
    d.keys('Enter')
    d.expect('Reasons and 每学时8元', lambda s: 'Reasons' in s and '每学时8元' in s)
    d.keys('q')
    d.expect('the list again', lambda s: 'Reasons' not in s and
             s.split('\n')[0].startswith(' Benefits · 王丽'))


@scenario
def benefits_detail_scroll(d):
    """j scrolls the detail of a benefit longer than the screen down, k back up."""
    select_rural(d)
    d.keys('Enter')
    d.expect('Reasons')
    d.tmux('resize-window', '-t', 'jd', '-x', '80', '-y', '16')
    s = d.expect('16 lines', lambda s: len(s.rstrip('\n').split('\n')) == 16)
    # tmux shows the smaller pane at once; the screen repaints for it a moment later (slowly
    # under the sanitizers): wait until two looks 150 ms apart agree
    end = time.time() + TIMEOUT
    while time.time() < end:
        time.sleep(0.15)
        again = d.screen()
        if again == s:
            break
        s = again
    line1 = s.split('\n')[1]
    d.keys('j')
    d.expect('scrolled a line', lambda s: s.split('\n')[1] != line1)
    d.keys('k')
    d.expect('back at the top', lambda s: s.split('\n')[1] == line1)


@scenario
def benefits_back(d):
    """q and Esc leave the benefits for the caseload."""
    start_wangli(d)
    for back in ('q', 'Escape'):
        d.keys('b')
        d.expect_all('Amount (yuan)', 'Enter reasons  g grant  d date  q back  ? help')
        d.keys(back)
        d.expect('My cases')


# The terminal's size.

@scenario
def resize(d):
    """The screen lays itself out again at 120x40 and back at 80x24."""
    start_wangli(d)
    open_wangli(d)
    d.tmux('resize-window', '-t', 'jd', '-x', '120', '-y', '40')
    d.expect('120x40', lambda s: len(s.split('\n')) >= 40 and
             width(s.split('\n')[0].rstrip()) > 100)
    d.tmux('resize-window', '-t', 'jd', '-x', '80', '-y', '24')
    d.expect('80x24', lambda s: len(s.split('\n')) <= 25 and
             0 < width(s.split('\n')[0].rstrip()) <= 80 and '王丽' in s)
    d.keys('q')
    d.expect('Find:')
    d.keys('Escape')
    d.expect('My cases')


# Chinese.

@scenario_zh
def zh_caseload(d):
    """In Chinese the caseload speaks Chinese and ID numbers line up under Chinese names."""
    d.demo(40)
    wangli(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.expect_all('身份证号', 'Enter 打开', '? 帮助')
    d.expect('10 ID numbers starting in one column', lambda s: len(rows(s)) >= 10 and len(
        {width(line[:MASKED.search(line).start()]) for line in rows(s)}) == 1)


@scenario_zh
def zh_quit(d):
    """q leaves the Chinese screen with status 0."""
    d.demo()
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('q')
    d.expect('退出 jobdesk？(y 是 / n 否)')
    d.keys('y')
    d.expect('EXIT=0')


@scenario_zh
def zh_search_and_person(d):
    """In Chinese, 丽 typed into the search finds 王丽 and her case opens in Chinese."""
    wangli(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('/')
    d.expect('查找：')
    d.type('丽')
    d.expect('王丽', lambda s: '王丽' in s.split('\n', 3)[3])
    d.keys('Enter')
    d.expect_all('基本情况', '家庭情况', '身份证号', '王丽 · 女')


@scenario_zh
def zh_benefits(d):
    """In Chinese the benefits show the policies' Chinese titles and headings."""
    wangli(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('b')
    d.expect_all('待遇 · 王丽', '结果', 'Enter 理由')
    d.keys('?')
    d.expect_all('按键', 'q       返回', 'j       下移', 'End     移到底部')


# The counselor's records (issue 8, slice C): the stage kept, duplicates before saving, the ID
# number's refill, corrections and removals, the employment status after a startup or job.

def wangli_startup(d):
    """王丽 with an active startup (stage startup), her case open; the startup's id."""
    wangli(d)
    eid = d.run('progress', 'add', '220102199503070028', '--kind', 'startup', '--status',
                'active', '--start-date', '2018-01-02', '--unit-name', 'wl-shop').strip()
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    return eid


def first_line(s):
    """The title line of a screen."""
    return s.split('\n')[0]


@scenario
def edit_keeps_stage(d):
    """A startup case edited on the form keeps its stage; the form has no stage, follow-up or
    counselor."""
    wangli_startup(d)
    d.expect('startup in the title', lambda s: first_line(s).rstrip().endswith('startup'))
    d.keys('e')
    s = d.expect('Edit')
    for gone in ('counselor', 'next follow-up', 'stage'):
        if re.search(r'^ %s ' % gone, s, re.M):
            raise Failure('no %s on the edit form' % gone, d.shown())
    d.keys('Tab', 'Tab')                    # ID number, then past the sex and birth date it tells
    d.type('13912345678')
    d.keys('F2')
    d.expect('Saved.')
    d.expect('the phone saved, the stage kept', lambda s: '13912345678' in s and
             first_line(s).rstrip().endswith('startup'))


@scenario
def register_shows_duplicate(d):
    """A likely duplicate (same pinyin and birth date) is shown before saving: Esc goes back to
    the form, Enter opens the other case, F2 saves anyway."""
    wangli(d)
    d.start(expect='王丽')
    for choice in ('Escape', 'Enter', 'F2'):
        d.keys('n')
        d.expect('Register a person')
        d.type('王莉')
        d.keys('Tab')
        d.type('220102199503070044')
        d.expect('1995-03-07')
        d.keys('F2')
        d.expect('is the hukou there now?')
        d.keys('y')
        d.expect_all('Likely the same person', '王丽', '220102********0028', '1995-03-07', 'tester')
        if choice == 'Escape':
            d.keys('Escape')
            d.expect('back on the form', lambda s: 'Register a person' in s and
                     'Likely the same person' not in s and '王莉' in s)
            d.keys('Escape')
            d.expect('Discard the changes on this form? (y/n)')
            d.keys('y')
            d.expect('Nothing was saved.')
        elif choice == 'Enter':
            d.keys('Enter')
            d.expect('王丽 opened', lambda s: '王丽' in first_line(s) and 'Profile' in s)
            d.keys('q')
            d.expect('My cases')
        else:
            d.keys('F2')
            d.expect('王莉 registered', lambda s: '王莉' in first_line(s) and 'Profile' in s)
    if d.run('search', '王莉').count('王莉') != 1:
        raise Failure('王莉 registered once', d.shown())


@scenario
def edit_id_refills(d):
    """A new valid ID number refills birth date and sex over what they held; a wrong one keeps
    the cursor on the ID field, saying why; the province is offered only when empty."""
    wangli(d, '--hukou-province', '22')
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    d.keys('e')
    d.expect('Edit')
    d.keys('Tab')                           # ID number
    d.keys('C-u')
    d.type('110105198001010059')            # a man born 1980-01-01 in Beijing
    d.expect('birth date and sex refilled', lambda s: '1980-01-01' in s and '< male >' not in s
             and re.search(r'sex +male', s))
    s = d.screen()
    if re.search(r'hukou province +11', s) or 'check it' in s:
        raise Failure('the province kept (it was given)', d.shown())
    d.keys('BSpace')
    d.keys('Tab')
    d.expect('the message says why', lambda s: 'ID number:' in s.split('\n')[-3] + s.split('\n')[-2])
    d.type('9')
    d.keys('Tab')
    d.expect('the cursor left the ID field', lambda s: 'ID number:' not in s)


@scenario
def register_offers_province(d):
    """On the register form the ID number offers its province, marked as not a fact; saving
    asks whether the hukou is there now (see register_saves_and_opens, register_full_width_id)."""
    register_lina(d, lina_id())
    d.expect_all('1990-01-01', 'from the ID: check it')


@scenario
def fix_progress_entry(d):
    """f on a progress line opens it filled in; saving asks the reason; the history shows it."""
    wangli_startup(d)
    d.keys('Tab')
    d.expect_selected('wl-shop')
    d.keys('f')
    d.expect_all('Correct an entry', ' startup ', '2018-01-02', 'wl-shop')
    d.keys('Right')                         # the kind is what the entry is: not corrected
    d.expect('The kind of an entry is not corrected')
    d.keys('Tab', 'Right')                  # status: active -> planned
    d.expect('< planned >')
    d.keys('F2')
    d.expect('Why is it corrected?')
    d.type('typed wrong')
    d.keys('Enter')
    d.expect('Corrected; the history keeps the reason.')
    d.keys('G')
    d.expect('progress entry corrected: typed wrong')
    d.expect('stage back to registered', lambda s: first_line(s).rstrip().endswith('registered'))


@scenario
def f_needs_a_progress_line(d):
    """f or r off a progress or certificate line says where to put the cursor."""
    wangli_startup(d)
    d.keys('f')
    d.expect('Move the cursor onto a line of Progress first')
    d.keys('r')
    d.expect('Move the cursor onto a line of Progress first')


@scenario
def remove_progress_entry(d):
    """r on a progress line asks the reason, then confirms; the entry goes, the history keeps
    the reason, the stage follows."""
    wangli_startup(d)
    d.keys('Tab')
    d.expect_selected('wl-shop')
    d.keys('r')
    d.expect('Why is this progress entry removed?')
    d.type('entered twice')
    d.keys('Enter')
    d.expect('Remove it?')
    d.keys('y')
    d.expect('Removed; the history keeps the reason.')
    d.expect('the line gone', lambda s: 'wl-shop' not in s and
             first_line(s).rstrip().endswith('registered'))
    d.keys('G')
    d.expect('progress entry removed: entered twice')


@scenario
def remove_refused_while_decided(d):
    """r on a training a proposed decision rests on is refused, naming the decision, before
    anything is asked."""
    wangli(d)
    d.run('progress', 'add', '220102199503070028', '--kind', 'training', '--status', 'completed',
          '--start-date', '2017-09-01', '--end-date', '2017-11-30', '--class-hours', '120',
          '--training-kind', 'employment_skills', '--unit-name', 'school')
    dec = d.run('grant', '220102199503070028', 'rural-training-subsidy').split('\t')[0]
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    d.keys('Tab')
    d.expect_selected('training')
    d.keys('r')
    s = d.expect('the decision named', lambda s: dec[-8:-4] + '-' + dec[-4:] in s and 'rests on this' in s)
    if 'Why is this progress entry removed?' in s:
        raise Failure('no question before the refusal', d.shown())


@scenario
def startup_offers_status(d):
    """After a startup is saved the form offers the employment status; y sets it."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('p')
    d.expect('Add progress')
    d.keys('Right', 'Right')                # training -> internship -> startup
    d.expect('< startup >')
    d.keys('F2')
    d.expect('Also set the employment status to self-employed')
    d.keys('y')
    d.expect('Progress and employment status saved.')
    d.expect('self-employed, not registered unemployed', lambda s: re.search(
        r'employment status +self-employed', s) and re.search(r'registered unempl\S* +no', s))


@scenario
def search_screen_masks(d):
    """The search screen lists masked ID numbers, even when found by the whole number; the
    person screen shows it whole."""
    wangli(d)
    d.start(expect='王丽')
    d.keys('/')
    d.expect('Find:')
    d.type('220102199503070028')
    d.expect('王丽 found, masked', lambda s: '220102********0028' in s.split('\n', 3)[3] and
             '220102199503070028' not in s.split('\n', 3)[3])
    d.keys('Enter')
    d.expect_all('Profile', '220102199503070028')

@scenario_zh
def zh_records(d):
    """In Chinese: the duplicates screen, the correction form and the history's reason."""
    wangli_startup_zh = wangli(d)
    d.run('progress', 'add', '220102199503070028', '--kind', 'startup', '--status', 'active',
          '--start-date', '2018-01-02', '--unit-name', '王丽小吃')
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('n')
    d.expect('登记')
    d.type('王莉')
    d.keys('Tab')
    d.type('220102199503070044')
    d.keys('F2')
    d.expect('现在户籍在该省吗')
    d.keys('y')
    d.expect_all('疑似同一人', '王丽', '220102********0028', 'Enter 打开它')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('Tab', 'f')
    d.expect_all('更正记录', '王丽小吃')
    d.keys('Tab', 'Right', 'F2')
    d.expect('更正原因')
    d.type('状态录错')
    d.keys('Enter')
    d.expect('已更正')
    d.keys('G')
    d.expect('进展已更正：状态录错')
    return wangli_startup_zh
# The case lifecycle: close, reopen, transfer, merge.

def two_wangli(d, *more):
    """王丽 registered twice: 0028 (rural) and 0044 (bachelor), both on the tester's caseload."""
    wangli(d, *more)
    d.add('王丽', '220102199503070044', '--education', 'bachelor', *more)


@scenario
def case_close_and_reopen(d):
    """c closes a case with a reason chosen by number; it leaves my cases, search finds it, o reopens it."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('c')
    d.expect_all('Close as: 1 employed 2 moved away', '5 not seeking 6 other')
    d.type('2')
    d.keys('Enter')
    d.expect('Close 王丽\'s case as "moved away"? (y/n)')
    d.keys('y')
    d.expect_all('closed · moved away 2018-03-01', 'Case closed: moved away.')
    d.keys('c')
    d.expect('This case is already closed (moved away)')
    d.keys('q')
    d.expect('No cases here')
    d.keys(*['f'] * 7)                      # the stage filter, on to closed
    d.expect('the closed case under the closed filter', lambda s: '[closed]' in s and any(
        '王丽' in r for r in rows(s)))
    d.keys('/')
    d.expect('Find:')
    d.type('0028')
    d.expect('王丽')
    d.keys('Enter')
    d.expect('closed · moved away')
    d.keys('o')
    d.expect("Reopen 王丽's case? (y/n)")
    d.keys('y')
    d.expect('Case reopened.')
    d.expect('the stage in the title', lambda s: s.split('\n')[0].rstrip().endswith('registered'))


@scenario
def case_close_refused(d):
    """'other' without a note, a wrong number, or n at the question close nothing."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('c')
    d.expect('5 not seeking 6 other')
    d.type('6')
    d.keys('Enter')
    d.expect('Why is the case closed?')
    d.keys('Enter')
    d.expect('needs a note saying why. Nothing was changed.')
    d.keys('c')
    d.expect('5 not seeking 6 other')
    d.type('9')
    d.keys('Enter')
    d.expect("'9' is not a reason")
    d.keys('c')
    d.expect('5 not seeking 6 other')
    d.type('1')
    d.keys('Enter')
    d.expect('? (y/n)')
    d.keys('n')
    d.keys('o')
    d.expect('This case is open; there is nothing to reopen.')
    d.expect('the stage in the title', lambda s: s.split('\n')[0].rstrip().endswith('registered'))


@scenario
def case_transfer(d):
    """t hands the case to another login; it leaves my cases; a malformed login is refused."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    d.keys('t')
    d.expect('Hand the case to a counselor (login) or an office (code):')
    d.type('li na')
    d.keys('Enter')
    d.expect("'li na' is not a login")
    d.keys('t')
    d.expect('Hand the case to')
    d.type('lina')
    d.keys('Enter')
    d.expect("The case is now lina's.")
    d.expect('the counselor', lambda s: re.search(r'counselor +lina', s))
    d.keys('q')
    d.expect('No cases here')


@scenario
def case_help(d):
    """? on a person lists c, o, t and M; the bottom line stays as it was."""
    start_wangli(d)
    d.keys('Enter')
    d.expect('Profile')
    s = d.expect('the bottom line', lambda s: 'a note' in s)
    assert 'close' not in s.split('\n')[-2]
    d.keys('?')
    d.expect_all('c       close the case', 'o       reopen the case', 't       hand to a counselor',
                 'M       merge a duplicate in')


@scenario
def case_merge_double_grant(d):
    """M merges the other record in: both shown masked, the survivor gets its decision, and a
    once-only benefit granted on both is an alert line; the other key opens the survivor."""
    more = ('--low-income', 'true', '--graduation-date', '2018-07-01', '--job-seeking', 'true',
            '--education', 'bachelor')
    d.add('王丽', '220102199503070028', *more)
    d.add('王丽', '220102199503070044', *more)
    set_local(d, 'one-time job-search and startup subsidy per person', 100000)
    d.run('grant', '220102199503070028', 'job-search-subsidy')
    d.run('grant', '220102199503070044', 'job-search-subsidy')
    d.start(expect='王丽')
    open_wangli(d)
    d.keys('M')
    d.expect('Merge into this case the case with the ID number or case id:')
    d.type('220102199503070044')
    d.keys('Enter')
    d.expect_all('Survives (this case): 王丽  220102********0028  1995-03-07',
                 'Merged in and closed: 王丽  220102********0044  1995-03-07')
    d.keys('y')
    d.expect("Merged: 王丽's records are this case's now")
    d.keys('G')
    d.expect_all('! Granted twice, though once only: One-time job-search and startup subsidy',
                 'decisions of 2018-03-01 and 2018-03-01: a supervisor revokes one of them.')
    d.keys('q', 'Escape')
    d.expect('the caseload of one', lambda s: len(rows(s)) == 1)
    d.keys('/')
    d.expect('Find:')
    d.type('0044')
    d.expect('closed')
    d.keys('Enter')
    d.expect_all('The record 220102********0044 was merged into this one, which survives.',
                 '220102199503070028')


@scenario
def case_merge_refused(d):
    """M refuses this case itself, and asks twice for records of different birth dates."""
    wangli(d)
    d.add('王力', '22010219950308001' + check_digit('22010219950308001'))
    d.start(expect='王丽')
    open_wangli(d)
    d.keys('M')
    d.expect('Merge into this case')
    d.type('220102199503070028')
    d.keys('Enter')
    d.expect('a case cannot be merged into itself')
    d.keys('M')
    d.expect('Merge into this case')
    d.type('22010219950308001' + check_digit('22010219950308001'))
    d.keys('Enter')
    d.expect('Merged in and closed: 王力')
    d.keys('y')
    d.expect('They differ in sex or birth date: they may be two people. Merge anyway? (y/n)')
    d.keys('n')
    d.keys('q', 'Escape')
    d.expect('the caseload of two', lambda s: len(rows(s)) == 2)


@scenario_zh
def zh_case_close_and_merge(d):
    """In Chinese: the reasons are Chinese, the title says 已结案 with the reason, and a merge
    shows both records of 王丽 in Chinese."""
    two_wangli(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('/')
    d.expect('查找：')
    d.type('0044')
    d.expect('王丽', lambda s: '王丽' in s.split('\n', 3)[3])
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('c')
    d.expect_all('结案原因', '1 已就业', '2 迁出', '3 已故', '4 重复登记', '5 不再求职', '6 其他')
    d.type('5')
    d.keys('Enter')
    d.expect('以“不再求职”为由为王丽结案？(y 是 / n 否)')
    d.keys('y')
    d.expect_all('已结案 · 不再求职 2018-03-01', '已结案：不再求职')
    d.keys('q', 'Escape')
    d.expect('one case left', lambda s: len(rows(s)) == 1 and '0028' in rows(s)[0])
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('M')
    d.expect('要并入本个案的个案（身份证号或个案编号）：')
    d.type('220102199503070044')
    d.keys('Enter')
    d.expect_all('保留（本个案）： 王丽  220102********0028  1995-03-07',
                 '并入并结案：     王丽  220102********0044  1995-03-07')
    d.keys('y')
    d.expect_all('已合并：王丽 的记录已归入本个案', '本科')
# Follow-ups that clear (issue 8, point 2) and grants that say which item and amount (point 3).

def followup_today(d, body='电话回访', day='2018-03-01'):
    """王丽 with a note whose follow-up is due on day (today by default); the note's id."""
    return d.run('note', 'add', '220102199503070028', '--text', body, '--followup', day).strip()


def worklist(d, lang='C.UTF-8', title='Follow-ups due today'):
    """The screen on today's worklist (t), 王丽 in it."""
    d.start(lang, expect='王丽')
    d.keys('t')
    return d.expect_all(title, '王丽')


@scenario
def worklist_esc_goes_back(d):
    """Esc on today's list goes back to my cases; Esc there asks before leaving."""
    wangli(d)
    followup_today(d)
    worklist(d)
    d.keys('Escape')
    d.expect('My cases')
    d.keys('Escape')
    d.expect('Leave jobdesk? (y/n)')
    d.keys('n')
    d.expect('My cases')


@scenario
def worklist_done_clears(d):
    """d on the worklist marks the person's next follow-up done; the person leaves the list."""
    wangli(d)
    followup_today(d)
    worklist(d)
    d.keys('d')
    d.expect_all('Follow-up done.', 'No follow-ups are due today.')


@scenario
def worklist_next_followup_is_next(d):
    """After d the row shows the next open follow-up, the later one."""
    wangli(d)
    followup_today(d)
    followup_today(d, '约定面试', '2018-03-20')
    d.start(expect='王丽')
    d.expect('2018-03-01 due', lambda s: any('2018-03-01*' in r for r in rows(s)))
    d.keys('d')
    d.expect('the next follow-up', lambda s: 'Follow-up done.' in s and
             any('2018-03-20' in r for r in rows(s)))


@scenario
def worklist_move_refuses_the_past(d):
    """m asks for a date: one in the past is refused with the reason, a later one moves it."""
    wangli(d)
    followup_today(d)
    worklist(d)
    d.keys('m')
    d.expect('Move the follow-up to (YYYY-MM-DD):')
    d.type('2018-02-01')
    d.keys('Enter')
    d.expect('2018-02-01 is in the past (today is 2018-03-01)')
    d.keys('m')
    d.expect('Move the follow-up to')
    d.type('2018-03-10')
    d.keys('Enter')
    d.expect_all('Follow-up moved.', 'No follow-ups are due today.')
    d.keys('t')
    d.expect('the moved date', lambda s: any('2018-03-10' in r for r in rows(s)))


@scenario
def worklist_cancel_confirms(d):
    """x asks first: n keeps the follow-up, y cancels it and the person leaves the list."""
    wangli(d)
    followup_today(d)
    worklist(d)
    d.keys('x')
    d.expect('Cancel this follow-up? (y/n)')
    d.keys('n')
    d.expect('The follow-up stays open.', lambda s: 'The follow-up stays open.' in s and
             '王丽' in s)
    d.keys('x')
    d.expect('(y/n)')
    d.keys('y')
    d.expect_all('Follow-up cancelled.', 'No follow-ups are due today.')


@scenario
def worklist_no_followup(d):
    """d on a case with no open follow-up says so."""
    start_wangli(d)
    d.keys('d')
    d.expect('This case has no open follow-up.')


@scenario
def person_followup_keys(d):
    """On the person screen d acts on the note under the cursor, whose line says its state."""
    wangli(d)
    followup_today(d, '约定面试', '2018-03-20')
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    d.keys('d')
    d.expect('Move the cursor onto a note first (Tab jumps).')
    d.keys('Tab')
    d.expect_selected('tester  → 2018-03-20  still open')
    d.expect('the note below its line', lambda s: re.search(r'still open *\n +约定面试', s))
    d.keys('m')
    d.expect('Move the follow-up to')
    d.type('2018-03-22')
    d.keys('Enter')
    d.expect_all('Follow-up moved.', '→ 2018-03-22  still open')
    d.keys('d')
    d.expect_all('Follow-up done.', '→ 2018-03-22  done on 2018-03-01')
    d.keys('x')
    d.expect('the follow-up was done on 2018-03-01; it is no longer open')
    d.keys('?')
    d.expect_all('d       follow-up done', 'm       move the follow-up',
                 'x       cancel the follow-up')


@scenario
def person_followup_cancelled(d):
    """x on a note line cancels its follow-up after asking; the line says cancelled."""
    wangli(d)
    followup_today(d)
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    d.keys('Tab')
    d.expect_selected('→ 2018-03-01  still open')
    d.expect('电话回访')
    d.keys('x')
    d.expect('(y/n)')
    d.keys('y')
    d.expect_all('Follow-up cancelled.', '→ 2018-03-01  cancelled on 2018-03-01')


@scenario
def benefits_grant_names_item_and_amount(d):
    """g asks with the item in words and the amount in yuan, never '- ?'."""
    select_rural(d)
    d.keys('g')
    s = d.expect('the item and amount', lambda s: 'training from 2017-11-01' in s and
                 '960.00 yuan?' in s and '(y/n)' in s)
    if '- ?' in s:
        raise Failure('no "- ?"', d.shown())


def set_local(d, en, fen):
    """Set the local standard named en (its English name in local.yaml) to fen from 2017 on, in
    a copy of the policies that this scenario's jobdesk reads."""
    pol = os.path.join(d.dir, 'policies')
    if d.env['JOBDESK_POLICIES'] != pol:
        shutil.copytree(d.env['JOBDESK_POLICIES'], pol)
        d.env['JOBDESK_POLICIES'] = pol
    path = os.path.join(pol, 'local.yaml')
    text = open(path, encoding='utf-8').read()
    old = 'en: %s\n    values: []' % en
    assert old in text
    text = text.replace(old, old[:-2] + '\n      - from: 2017-01-01\n        fen: %d' % fen)
    open(path, 'w', encoding='utf-8').write(text)


def vocational(d, local=None):
    """王丽, rural and a rural transfer worker (a group of (十九) that needs no date), with the
    training, her benefits open; with local (fen) the vocational-training standard is set in a
    copy of the policies."""
    if local is not None:
        set_local(d, 'vocational-training subsidy per person per employment-skills training', local)
    wangli(d, '--rural-transfer-worker', 'true')
    d.start(expect='王丽')
    open_wangli(d)
    add_training(d)
    d.keys('b')
    return d.expect('Vocational-training subsidy')


def select(d, title):
    """Move the benefits cursor down to the line of a title."""
    for _ in range(20):
        if title in (d.selected() or ''):
            return
        d.keys('j')
        time.sleep(0.05)
    d.expect_selected(title)


@scenario
def benefits_unknown_amount_refused(d):
    """An eligible money benefit whose amount is unknown cannot be granted; it says why."""
    vocational(d)
    select(d, 'Vocational-training subsidy')
    d.keys('g')
    d.expect_all('Cannot be granted: the amount is not known', 'local standard is not set')
    if '(y/n)' in d.screen():
        raise Failure('no question', d.shown())


@scenario
def benefits_second_payment_refused(d):
    """The same training granted under a second subsidy is refused with the first's title,
    before the counselor is asked to confirm."""
    vocational(d, local=50000)
    select(d, 'Vocational-training subsidy')
    d.keys('g')
    d.expect_all('500.00 yuan?', '(y/n)')
    d.keys('y')
    d.expect('Granted; decision')
    d.keys('Home')
    select(d, 'Rural skills-training subsidy')
    # the evaluation itself refuses it now (the two subsidies are paid once with each other)
    d.expect_selected('the rural subsidy, not eligible now', lambda r: 'not eligible' in r)
    d.keys('g')
    s = d.expect('Not eligible: see the reasons')
    if '(y/n)' in s:
        raise Failure('no question before the refusal', d.shown())
    d.keys('Enter')
    d.expect("✗ already paid under 'Vocational-training subsidy' on 2018-03-01")


@scenario_zh
def zh_followups_and_grant(d):
    """In Chinese with Chinese data: the worklist clears with d, the note says when, and the
    grant question names the training and the yuan in Chinese."""
    wangli(d)
    followup_today(d, '电话回访，约定周一来')
    worklist(d, 'zh_CN.UTF-8', '今日待回访')
    d.keys('d')
    d.expect_all('回访已完成。', '今天没有到期的回访。')
    d.keys('t')
    d.expect('我的个案')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('Tab')
    d.expect_selected('→ 2018-03-01  2018-03-01 已完成')
    d.expect('电话回访，约定周一来')
    add_training_zh(d)
    d.keys('b')
    d.expect('农村劳动力技能培训补贴')
    select(d, '农村劳动力技能培训补贴')
    d.keys('g')
    s = d.expect('发放农村劳动力技能培训补贴，培训（2017-11-01起）：960.00 元？(y 是 / n 否)',
                 lambda s: '培训（2017-11-01起）' in s and '960.00 元？(y 是 / n 否)' in s)
    if re.search(r'[A-Za-z]{4,}', '\n'.join(s.split('\n')[-4:-2])):
        raise Failure('no English on the question', d.shown())


def add_training_zh(d):
    """On a person's screen in Chinese: the completed 120-hour training, saved with F2."""
    d.keys('p')
    d.expect('Tab')
    d.keys('Tab', 'Right', 'Right')
    d.keys('Tab', 'C-u')
    d.type('2017-11-01')
    d.keys('Tab')
    d.type('2017-12-15')
    d.keys('Tab', 'Tab')
    d.type('120')
    d.expect('120')
    d.keys('F2')
    d.expect('培训')


# The zh_CN sweep (issue 9, point 1): every screen under zh_CN with Chinese data, and no English
# word or internal code on any of them.

# What may show in Latin letters on a Chinese screen: the program's name, key caps (the bottom
# line and the help's key column), the demo's counselor logins, fixed abbreviations, and what the
# sweep itself typed (pinyin initials).
SWEEP_ALLOWED = {
    'jobdesk',
    'Enter', 'Tab', 'Esc', 'F1', 'F2', 'PgDn', 'PgUp', 'Up', 'Down', 'Home', 'End', 'Space',
    'tester', 'zhangwei', 'lina', 'wangfang', 'liuyang', 'chenjing', 'zhaomin',
    'A4',
    'wl',
}
# Internal codes that are not words: a list item by index, a UTC time, a case or decision id,
# a province or a certificate level as its code, a fact path.
SWEEP_CODES = [
    (re.compile(r'\w+\[\d+\]'), 'a list item by index'),
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d'), 'a UTC time stamp'),
    (re.compile(r'\d{6}-[0-9A-Z]{8,}'), 'an internal id'),
    (re.compile(r'户籍省份\s+\d\d'), 'a province code'),
    (re.compile(r'(?:等级|级别)\s*\d'), 'a certificate level as a number'),
    (re.compile(r'[a-z]+\.[a-z_]+'), 'a fact path'),
]
WORD = re.compile(r'[A-Za-z][A-Za-z0-9_]*')


def sweep_faults(screen):
    """What on a screen is English or an internal code: a list of (what, why)."""
    faults = []
    for m in WORD.finditer(screen):
        w = m.group(0)
        if sum(c.isalpha() for c in w) >= 2 and w not in SWEEP_ALLOWED:
            faults.append((w, 'an English word or code'))
    for rx, why in SWEEP_CODES:
        faults += [(m.group(0), why) for m in rx.finditer(screen)]
    return faults


class Sweep:
    """The screens seen so far, each checked by sweep_faults."""

    def __init__(self, d):
        self.d = d
        self.faults = []
        self.seen = ''

    def look(self, what, test=None):
        """Wait for what on the screen, then check every page of it as it stands."""
        s = self.d.expect(what, test)
        self.seen += s
        for word, why in sweep_faults(s):
            self.faults.append('%s: %r (%s)' % (what, word, why))
        if sweep_faults(s):
            self.faults.append('  on:\n' + self.d.shown())
        return s

    def done(self):
        """Fail with every fault found, naming the screen each was on."""
        if self.faults:
            raise Failure('no English and no internal code on any screen:\n' +
                          '\n'.join(self.faults), '(the screens are above)')


def sweep_data(d):
    """Chinese demo data, and 王丽 with progress, a certificate, a note, a decision, a change of
    phone and a duplicate merged in; 赵强's case closed."""
    d.env['TZ'] = 'Asia/Shanghai'
    d.demo(20)
    d.add('王丽', '220102199503070028', '--phone', '13912345678', '--hukou-type', 'rural',
          '--hukou-province', '22', '--education', 'bachelor')
    d.add('王丽', '220102199503070044', '--education', 'bachelor')
    d.run('person', 'edit', '220102199503070028', '--phone', '13812345678', '--job-seeking', 'yes')
    d.run('progress', 'add', '220102199503070028', '--kind', 'training', '--status', 'completed',
          '--start-date', '2017-11-01', '--end-date', '2017-12-15', '--training-kind',
          'employment_skills', '--class-hours', '120', '--unit-name', '长春职业技能学校',
          '--level', '3', '--issued-on', '2018-01-10', '--occupation', '电工')
    d.run('note', 'add', '220102199503070028', '--text', '电话回访，约定周一来', '--followup',
          '2018-03-05')
    d.run('grant', '220102199503070028', 'rural-training-subsidy')
    d.run('case', 'merge', '220102199503070028', '220102199503070044', '--force')
    d.add('赵强', '220102198001010012')
    d.run('case', 'close', '220102198001010012', '--reason', 'employed')


def sweep_person(sw, key, name):
    """From the caseload: find a person by ID digits, open the case and read it page by page
    to the end; the last page."""
    d = sw.d
    d.keys('/')
    sw.look('查找：')
    d.type(key)
    sw.look(name, lambda s: name in s.split('\n', 3)[3])
    d.keys('Enter')
    sw.look('基本情况')
    for _ in range(8):
        d.keys('NPage')
        time.sleep(0.2)
        sw.look(name)
    d.keys('End')
    time.sleep(0.2)
    return sw.look('变更历史')


@scenario_zh
def zh_sweep_lists(d):
    """Under zh_CN the caseloads (mine, office, today), the search, a closed case and every help
    show no English word and no internal code."""
    sweep_data(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    sw = Sweep(d)
    sw.look('我的个案')
    d.keys('?')
    sw.look('按键')
    d.keys('?')
    d.keys('o')
    sw.look('全所个案')
    d.keys('o', 't')
    sw.look('今日待回访')
    d.keys('t')
    d.keys('/')
    sw.look('查找：')
    d.type('wl')
    sw.look('王丽', lambda s: '王丽' in s.split('\n', 3)[3])
    d.keys('F1')
    sw.look('按键')
    d.keys('Escape', 'Escape')
    sw.look('我的个案')
    sweep_person(sw, '0012', '赵强')
    sw.look('已结案')
    sw.done()


@scenario_zh
def zh_sweep_person(d):
    """Under zh_CN 王丽's case read to the end (progress, certificate, note, decision, history
    of a change, a merge) and its help show no English word and no internal code."""
    sweep_data(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    sw = Sweep(d)
    s = sweep_person(sw, '0028', '王丽')
    d.keys('?')
    sw.look('按键')
    d.keys('?')
    sw.look('变更历史')
    sw.done()
    # the history's time in local time (TZ=Asia/Shanghai): the person's registration
    import sqlite3
    from datetime import datetime, timedelta
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    at = db.execute("SELECT a.at FROM audit a JOIN person p ON p.id = a.row_key WHERE a.tbl = "
                    "'person' AND a.op = 'insert' AND p.id_number = '220102199503070028'"
                    ).fetchone()[0]
    db.close()
    local = (datetime(1970, 1, 1) + timedelta(milliseconds=at, hours=8)).strftime(
        '%Y-%m-%d %H:%M')
    for want in ('吉林省', '高级(三级)', '农村劳动力技能培训补贴', '培训（2017-11-01起',
                 '新增 个人信息', '修改 手机: 13912345678 → 13812345678', '新增 决定',
                 local + '  tester  新增 个人信息'):
        if want not in sw.seen:
            raise Failure(want, d.shown())


@scenario_zh
def zh_sweep_forms(d):
    """Under zh_CN the register, edit, progress (each kind) and note forms, field by field, and
    their help show no English word and no internal code."""
    sweep_data(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    sw = Sweep(d)
    d.keys('n')
    sw.look('登记')
    for _ in range(34):
        d.keys('Tab')
        sw.look('登记')
    d.keys('F1')
    sw.look('按键')
    d.keys('F1', 'Escape')
    sweep_person(sw, '0028', '王丽')
    d.keys('e')
    sw.look('修改')
    for _ in range(34):
        d.keys('Tab')
        sw.look('修改')
    d.keys('Escape')
    for kind in range(5):
        d.keys('p')
        sw.look('添加进展')
        d.keys(*(['Right'] * kind))
        for _ in range(12):
            d.keys('Tab')
            sw.look('添加进展')
        if kind == 0:
            d.keys('F1')
            sw.look('按键')
            d.keys('F1')
        d.keys('Escape')
        if kind > 0:                        # a changed form asks before it forgets
            sw.look('放弃本表中的修改吗')
            d.keys('y')
        sw.look('王丽 · 女')
    d.keys('a')
    sw.look('写记录')
    d.keys('Tab')
    sw.look('写记录')
    d.keys('F1')
    sw.look('按键')
    d.keys('F1', 'Escape')
    sw.done()


@scenario_zh
def zh_sweep_benefits(d):
    """Under zh_CN the benefits, each benefit's reasons (scrolled) and their help show no
    English word and no internal code."""
    sweep_data(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    sw = Sweep(d)
    sweep_person(sw, '0028', '王丽')
    d.keys('b')
    s = sw.look('待遇 · 王丽')
    d.keys('?')
    sw.look('按键')
    d.keys('?')
    n = len([line for line in s.split('\n')[2:-2] if line.strip()])
    for i in range(n):
        d.keys('Enter')
        sw.look('理由')
        d.keys('End')
        sw.look('条款')
        if i == 0:
            d.keys('?')
            sw.look('按键')
            d.keys('?')
        d.keys('q')
        sw.look('待遇 · 王丽')
        d.keys('j')
    sw.done()
# The printable notice (issue 9, slice 2): n on a decision writes the HTML page and shows the text.

def wangli_granted(d):
    """王丽 with a completed 120-hour training and its subsidy granted; the decision's short number."""
    wangli(d)
    d.run('progress', 'add', '220102199503070028', '--kind', 'training', '--status', 'completed',
          '--start-date', '2017-11-01', '--end-date', '2017-12-15', '--class-hours', '120',
          '--training-kind', 'employment_skills')
    decision = d.run('grant', '220102199503070028', 'rural-training-subsidy').split('\t')[0]
    d.env['XDG_DOCUMENTS_DIR'] = d.dir
    return decision[-8:-4] + '-' + decision[-4:]


@scenario_zh
def zh_notice(d):
    """In Chinese, n on a decision line writes the HTML notice (0600, in a 0700 folder, never over
    another) and shows the text notice, which scrolls and q leaves; n on the granted benefit too."""
    number = wangli_granted(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('n')                                    # not on a decision: where to go
    d.expect('请先把光标移到一项决定上')
    d.keys('?')
    d.expect_all('按键', 'n       打印决定告知书')
    d.keys('q')
    d.expect('基本情况')
    for _ in range(12):                            # Tab from entry to entry, to the decision
        before = d.selected()
        d.keys('Tab')
        row = d.expect_selected('the next entry', lambda r: r != before)
        if '待审批' in row:
            break
    d.expect_selected('the decision line', lambda r: '待审批' in r)
    d.keys('n')
    folder = os.path.join(d.dir, 'jobdesk-notices')
    path = os.path.join(folder, 'notice-%s.html' % number)
    s = d.expect_all('告知书', number, '就业扶持政策享受决定告知书', '公民身份号码', '待审批',
                     '供打印的告知书')
    for text in ('姓名', '经办机构        未设置', '政策原文', '金额            960.00 元', '领取人',
                 '王丽（本人）', '决定日期'):
        if text not in s:
            raise Failure(text, d.shown())
    d.expect('the path on the message line', lambda s: 'notice-%s.html' % number in s.replace('\n', ''))
    if oct(os.stat(path).st_mode & 0o777) != '0o600' or oct(os.stat(folder).st_mode & 0o777) != '0o700':
        raise Failure('the notice 0600 in a folder 0700', d.shown())
    html = open(path, encoding='utf-8').read()
    if '@page { size: A4;' not in html or '王丽' not in html or '待审批' not in html:
        raise Failure('the HTML notice with A4, the name and the status', html[:2000])
    d.keys('G')
    d.expect_all('求职人（签字）', '审核人（签字）')
    d.keys('q')
    d.expect('王丽 · 女')
    d.keys('n')                                    # again: a new file, the first kept
    d.expect('供打印的告知书')
    d.expect('the second file', lambda s: os.path.exists(os.path.join(
        folder, 'notice-%s-2.html' % number)))
    d.keys('q')
    d.expect('王丽 · 女')
    d.keys('b')
    s = d.expect_all('待遇 ·', '农村劳动力技能培训补贴')   # the benefits, not the person behind
    d.expect_selected('the first benefit', lambda r: r != '')
    for _ in range(30):                            # down, one benefit at a time, to the rural one
        before = d.selected()
        if '农村劳动力技能培训补贴' in before:
            break
        d.keys('j')
        d.expect_selected('the next benefit', lambda r: r != before)
    d.expect_selected('the rural training subsidy', lambda r: '农村劳动力技能培训补贴' in r)
    d.keys('n')
    d.expect_all('就业扶持政策享受决定告知书', number, '供打印的告知书')
    d.expect('the third file', lambda s: os.path.exists(os.path.join(
        folder, 'notice-%s-3.html' % number)))
    d.keys('q')
    d.expect('农村劳动力技能培训补贴')
    d.keys('Home')                                 # the first benefit: not granted
    d.expect_selected('another benefit', lambda r: '农村劳动力技能培训补贴' not in r)
    d.keys('n')                                    # a benefit without a decision says so
    d.expect('尚无决定')
def row(s, label):
    """The first screen line that begins (after a space) with a form's label."""
    for line in s.split('\n'):
        if (line + ' ').startswith(' ' + label + ' '):
            return line
    return ''


def zhang_id():
    """张伟's ID number (born 1990-03-07, male, issued in Changchun), check character right."""
    return '22010219900307123' + check_digit('22010219900307123')


@scenario_zh
def search_full_width(d):
    """zh_CN: digits an input method types full-width find the person, and an ID number nobody
    has goes into the register form in ASCII."""
    wangli(d)
    d.start(lang='zh_CN.UTF-8', expect='王丽')
    full = lambda t: ''.join(chr(ord(c) + 0xFEE0) for c in t)
    d.keys('/')
    d.expect('查找')
    d.type(full('0028'))
    d.expect('王丽 found by full-width digits', lambda s: '王丽' in s.split('\n', 3)[3])
    d.keys('Escape')
    d.keys('/')
    d.expect('查找')
    d.type(full(zhang_id()))
    d.expect('查无此人。按回车以所输入内容登记新人员。')
    d.keys('Enter')
    s = d.expect('登记人员')
    if zhang_id() not in row(s, '身份证号'):
        raise Failure('the ID number in ASCII on the form', d.shown())


@scenario_zh
def search_nobody_registers_with_the_id(d):
    """zh_CN: an ID number a search found nobody by goes into the register form's ID number; the
    birth date and sex it fills are passed by Tab (S-Tab reaches them); the case saves."""
    wangli(d)
    d.start(lang='zh_CN.UTF-8', expect='王丽')
    d.keys('/')
    d.expect('查找')
    d.type(zhang_id())
    d.expect('查无此人。按回车以所输入内容登记新人员。')
    d.keys('Enter')
    s = d.expect('登记人员')
    if zhang_id() not in row(s, '身份证号') or '1990-03-07' not in row(s, '出生日期') \
            or '男' not in row(s, '性别') or '由身份证号填写' not in row(s, '出生日期'):
        raise Failure('the ID number, and the birth date and sex it fills', d.shown())
    d.type('张伟')                          # the cursor starts on the empty name
    d.expect('name typed', lambda s: '张伟' in row(s, '姓名'))
    d.keys('Tab', 'Tab')                    # the ID number, then past sex and birth date
    d.type('13912345678')
    d.expect('phone typed after the ID', lambda s: '13912345678' in row(s, '手机'))
    d.keys('BTab')                          # back up: the birth date can still be edited
    d.keys('C-u')
    d.type('1990-03-08')
    d.expect('the birth date edited', lambda s: '1990-03-08' in row(s, '出生日期'))
    d.keys('BTab', 'Space')                 # and the sex
    d.expect('the sex changed', lambda s: '< 女 >' in row(s, '性别'))
    d.keys('Left', 'Tab', 'C-u')            # both back as the ID says, then saved
    d.type('1990-03-07')
    d.keys('F2')
    d.expect('身份证号最初在吉林省签发：现在户籍在该省吗？')
    d.keys('y')
    d.expect('已登记 张伟')
    out = d.run('person', 'show', zhang_id())
    if '13912345678' not in out or '1990-03-07' not in out:
        raise Failure('张伟 saved with the phone and birth date', out)


@scenario
def search_nobody_carries_name_and_phone(d):
    """Han characters a search found nobody by go into the name, 11 digits starting 1 into the
    phone, 16 digits into the ID number; initials go nowhere; Esc goes back to the search."""
    start_wangli(d)
    d.keys('/')
    d.expect('Find:')
    d.type('赵六')
    d.expect('Nobody matches. Enter registers')
    d.keys('Enter')
    s = d.expect('Register a person')
    if '赵六' not in row(s, 'name'):
        raise Failure('赵六 as the name', d.shown())
    d.type('2201021990')                    # the cursor is on the ID number, still empty
    d.expect('ID digits typed', lambda s: '2201021990' in row(s, 'ID number'))
    d.keys('Escape')
    d.expect('Discard the changes on this form? (y/n)')
    d.keys('y')
    d.expect('Find:', lambda s: 'Find:' in s and '赵六' in s)
    d.keys('C-u')
    d.type('139 1234 5678')
    d.expect('Nobody matches')
    d.keys('Enter')
    s = d.expect('Register a person')
    if '13912345678' not in row(s, 'phone') or row(s, 'name').strip() != 'name':
        raise Failure('the phone alone filled', d.shown())
    d.keys('Escape')                        # nothing typed on the form: leaves at once
    d.expect('Find:')
    d.keys('C-u')
    d.type('2201021990030712')
    d.expect('Nobody matches')
    d.keys('Enter')
    s = d.expect('Register a person')
    if '2201021990030712' not in row(s, 'ID number'):
        raise Failure('16 digits as the ID number', d.shown())
    d.keys('Escape')
    d.expect('Find:')
    d.keys('C-u')
    d.type('zl')
    d.expect('Nobody matches')
    d.keys('Enter')
    s = d.expect('Register a person')
    if 'zl' in s:
        raise Failure('initials placed nowhere', d.shown())


@scenario
def id_filled_fields_passed_until_the_id_goes(d):
    """Tab passes the sex and birth date a valid ID number filled; once the ID number is
    emptied, Tab stops on them again."""
    register_lina(d, lina_id())
    d.expect('1990-01-01')
    d.keys('Tab')                           # past sex and birth date: the phone
    d.type('13912345678')
    d.expect('phone after the ID', lambda s: '13912345678' in row(s, 'phone'))
    d.keys('BTab', 'BTab', 'BTab', 'C-u')   # birth date, sex, ID number: emptied
    d.expect('ID emptied', lambda s: lina_id() not in s)
    d.keys('Tab', 'm')                      # the sex, no longer passed by
    d.expect('sex chosen', lambda s: '< male >' in row(s, 'sex'))


@scenario
def pick_list_type_ahead(d):
    """On a choice a letter moves to the next value that begins with it; no value: a message;
    Space and Left/Right still cycle."""
    d.start(expect='No cases here')
    d.keys('n')
    d.expect('Register a person')
    d.keys('Tab', 'Tab')                    # sex
    d.keys('f')
    d.expect('< female >')
    d.keys('m')
    d.expect('< male >')
    d.keys('Space')
    d.expect('< female >')
    d.keys('Left')
    d.expect('< male >')
    d.keys('q')
    d.expect('No choice begins with q.')
    d.expect('sex unchanged', lambda s: '< male >' in row(s, 'sex'))
    for _ in range(4):                      # birth date, phone, province, hukou type
        d.keys('Tab')
    d.keys('u')
    d.expect('< urban >')
    d.keys('r')
    d.expect('< rural >')
    d.keys('Tab', 'Tab', 'Tab')             # education, graduation date, continuing study
    d.keys('y')
    d.expect('< yes >')
    d.keys('n')
    d.expect('< no >')


@scenario_zh
def pick_list_levels_and_flags(d):
    """zh_CN: type-ahead on the progress form reads a level and a yes/no as they show: 中级(四级)
    by z, 是 by s."""
    wangli(d)
    d.start(lang='zh_CN.UTF-8', expect='王丽')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('p')
    d.expect('添加进展')
    for _ in range(7):
        d.keys('Tab')
    d.keys('z')
    d.expect('中级(四级)', lambda s: '< 中级(四级) >' in s)
    d.keys('g')
    d.expect('高级(三级)', lambda s: '< 高级(三级) >' in s)


@scenario_zh
def pick_list_pinyin_initial(d):
    """zh_CN: a letter on a choice picks the next value whose Chinese label has that pinyin
    initial (非农业户口 by f, 农业户口 by n, 是 by s, 否 by f)."""
    d.start(lang='zh_CN.UTF-8', expect='jobdesk')
    d.keys('n')
    d.expect('登记人员')
    d.keys('Tab', 'Tab')                    # 性别
    d.keys('n')
    d.expect('男', lambda s: '< 男 >' in row(s, '性别'))
    d.keys('n')                             # 女 is also n (nǚ): the next one
    d.expect('女', lambda s: '< 女 >' in row(s, '性别'))
    d.keys('n')
    d.expect('男 again', lambda s: '< 男 >' in row(s, '性别'))
    for _ in range(4):
        d.keys('Tab')
    d.keys('f')
    d.expect('< 非农业户口 >')
    d.keys('n')
    d.expect('< 农业户口 >')
    d.keys('Tab', 'Tab', 'Tab')             # 学历, 毕业日期, 继续升学
    d.keys('s')
    d.expect('是', lambda s: '< 是 >' in row(s, '继续升学'))
    d.keys('f')
    d.expect('否', lambda s: '< 否 >' in row(s, '继续升学'))
    d.keys('v')
    d.expect('没有以 v 开头的选项。')


@scenario
def esc_asks_only_on_a_changed_form(d):
    """Esc on an unchanged form leaves at once; on a changed one it asks, Enter and n keep the
    form, y leaves without saving."""
    start_wangli(d)
    d.keys('n')
    d.expect('Register a person')
    d.keys('Escape')
    d.expect('Nothing was saved.')
    d.keys('n')
    d.expect('Register a person')
    d.type('李娜')
    d.keys('Escape')
    d.expect('Discard the changes on this form? (y/n)')
    d.keys('Enter')
    d.expect('kept', lambda s: 'Discard' not in s and '李娜' in row(s, 'name'))
    d.keys('Escape')
    d.expect('Discard the changes')
    d.keys('n')
    d.expect('kept', lambda s: 'Discard' not in s and '李娜' in row(s, 'name'))
    d.keys('Escape')
    d.expect('Discard the changes')
    d.keys('y')
    d.expect('Nothing was saved.')
    d.keys('a')                             # a note typed and erased again: unchanged
    d.expect('Write a note')
    d.type('x')
    d.keys('BSpace', 'Escape')
    d.expect('Nothing was saved.')
    if d.run('person', 'list').count('********') != 1:
        raise Failure('only 王丽 on the caseload', d.run('person', 'list'))


@scenario
def quitting_asks_once(d):
    """q on the caseload asks once; n, Esc and Enter stay; a second q or y leaves; F10 asks
    from any screen and a second F10 leaves."""
    start_wangli(d)
    d.keys('q')
    d.expect('Leave jobdesk? (y/n)')
    d.keys('n')
    d.expect('stayed', lambda s: 'Leave' not in s and '王丽' in s)
    d.keys('Escape')
    d.expect('Leave jobdesk?')
    d.keys('Enter')
    d.expect('stayed', lambda s: 'Leave' not in s and '王丽' in s)
    open_wangli(d)
    d.keys('F10')
    d.expect('Leave jobdesk?')
    d.keys('n')
    d.expect('Profile', lambda s: 'Leave' not in s and 'Profile' in s)
    d.keys('F10')
    d.expect('Leave jobdesk?')
    d.keys('F10')
    d.expect('EXIT=0')


@scenario
def quitting_by_q_twice(d):
    """q then q leaves jobdesk (the question asked once)."""
    start_wangli(d)
    d.keys('q', 'q')
    d.expect('EXIT=0')


@scenario_zh
def note_text_has_lines(d):
    """zh_CN: Enter in a note's text starts a new line, Tab goes to the follow-up; the note is
    stored with its line breaks and the person screen shows each line on its own."""
    wangli(d)
    d.start(lang='zh_CN.UTF-8', expect='王丽')
    d.keys('a')
    d.expect('写记录')
    d.type('电话回访')
    d.keys('Enter')
    d.type('本人愿意参加培训')
    d.keys('Enter', 'Enter')
    d.type('下周再联系')
    d.expect_all('电话回访', '本人愿意参加培训', '下周再联系', '回车换行；Tab 到下一栏')
    d.keys('Up', 'Up', 'End')               # Up and Down move between the text's lines
    d.type('。')
    d.expect('本人愿意参加培训。')
    d.keys('Down', 'Down', 'End')
    d.keys('Enter', 'Tab')                  # a last empty line, dropped when saved
    d.type('2018-03-09')
    d.keys('F2')
    d.expect('记录已保存。')
    import sqlite3
    con = sqlite3.connect(d.env['JOBDESK_DB'])
    body = con.execute('SELECT body FROM note').fetchone()[0]
    con.close()
    if body != '电话回访\n本人愿意参加培训。\n\n下周再联系':
        raise Failure('the body with its line breaks', repr(body))
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('G')
    s = d.expect('下周再联系')
    a, b, c = row_of(s, '电话回访'), row_of(s, '本人愿意参加培训。'), row_of(s, '下周再联系')
    if not (a >= 0 and b == a + 1 and c == a + 3):
        raise Failure('each line of the note on its own row', d.shown())
# Slice 4b of issue 9: names in pinyin order, whose worklist, a note opened whole, a benefit's
# questions numbered 1-9 only while there are some and never renumbered.

def mixed_names(d):
    """Five persons of the tester's caseload whose names sort differently by pinyin and by
    UTF-8 bytes: 阿明 Smith 张三 章三 赵四 (by bytes: Smith 张三 章三 赵四 阿明). Their ID
    numbers by name."""
    ids = {}
    for i, name in enumerate(('赵四', 'Smith', '章三', '阿明', '张三')):
        d17 = '2201021990010%d10%d' % (i + 1, i)
        ids[name] = d17 + check_digit(d17)
        d.add(name, ids[name])
    return ids


def names_in_rows(s):
    """The first word of each caseload row: the names in the order shown."""
    return [r.split()[0] for r in rows(s)]


@scenario
def caseload_pinyin_order_and_titles(d):
    """My cases list names by pinyin; the title says whose list it is (tester), the office's
    says whole office, and today's worklist names the counselor."""
    ids = mixed_names(d)
    d.run('note', 'add', ids['章三'], '--text', 'call back', '--followup', '2018-03-01')
    d.start(expect='My cases · tester')
    want = ['阿明', 'Smith', '张三', '章三', '赵四']
    d.expect(' '.join(want), lambda s: names_in_rows(s) == want)
    d.keys('o')
    d.expect('Whole office')
    d.expect(' '.join(want), lambda s: names_in_rows(s) == want)
    d.keys('t')
    d.expect('Follow-ups due today · tester', lambda s: s.split('\n')[0].startswith(
        ' jobdesk · Follow-ups due today · tester'))
    d.expect('章三 alone', lambda s: names_in_rows(s) == ['章三'])
    d.keys('o')
    d.expect('Follow-ups due today · whole office')
    d.keys('t')
    d.expect(' '.join(want), lambda s: names_in_rows(s) == want and 'Whole office' in s)


@scenario_zh
def zh_caseload_pinyin_order(d):
    """Under zh_CN with Chinese data: names by pinyin in my cases (a closed case left out) and
    in the office's (other counselors' too); the titles 我的个案 · tester, 全所个案, 今日待回访 ·
    全所 and 今日待回访 · tester."""
    ids = mixed_names(d)
    for i, name in enumerate(('王芳', '李娜', '陈静', '白雪')):
        d17 = '2201031985020%d20%d' % (i + 1, i)
        d.run('person', 'add', '--name', name, '--id-number', d17 + check_digit(d17),
              '--counselor', 'lina')
    d.run('note', 'add', ids['阿明'], '--text', '电话回访', '--followup', '2018-03-01')
    d.run('case', 'close', ids['赵四'], '--reason', 'moved_away')
    d.start('zh_CN.UTF-8', expect='我的个案 · tester')
    mine = ['阿明', 'Smith', '张三', '章三']
    d.expect(' '.join(mine), lambda s: names_in_rows(s) == mine)
    d.keys('o')
    office = ['阿明', '白雪', '陈静', '李娜', 'Smith', '王芳', '张三', '章三', '赵四']
    d.expect_all('全所个案')
    d.expect(' '.join(office), lambda s: names_in_rows(s) == office)
    d.keys('t')
    d.expect('今日待回访 · tester', lambda s: s.split('\n')[0].startswith(
        ' jobdesk · 今日待回访 · tester'))
    d.expect('阿明 alone', lambda s: names_in_rows(s) == ['阿明'])
    d.keys('o')
    d.expect('今日待回访 · 全所', lambda s: s.split('\n')[0].startswith(' jobdesk · 今日待回访 · 全所'))


def long_note(d, lang='C.UTF-8'):
    """王丽 with a note longer than the screen and a follow-up, her case open, the cursor on
    the note."""
    wangli(d)
    text = ''.join('第%d句：电话回访，本人希望参加电工培训，下周一带身份证和毕业证来办理登记手续。' % i
                   for i in range(1, 25))
    d.run('note', 'add', '220102199503070028', '--text', text, '--followup', '2018-03-05')
    d.start(lang, expect='王丽')
    d.keys('Enter')
    d.expect('王丽 · ')
    d.keys('Tab')
    d.expect_selected('the note', lambda r: '2018-03-05' in r)


@scenario
def note_opens_in_full(d):
    """Enter on a note shows it whole: author, time, follow-up and its state, every line of the
    text wrapped, scrolled with j and G; q goes back to the person."""
    long_note(d)
    d.keys('Enter')
    s = d.expect_all('王丽 · Note', 'Written by: tester', 'Follow-up: 2018-03-05  still open',
                     '第1句：电话回访')
    when = [l for l in s.split('\n') if 'Written at: ' in l]
    if not when or not re.search(r'Written at: \d{4}-\d\d-\d\d \d\d:\d\d\s*$', when[0]):
        raise Failure('a local time YYYY-MM-DD HH:MM', d.shown())
    d.keys('G')
    d.expect('the last line after scrolling', lambda s: '第24句' in s and
             'Written by' not in s)
    d.keys('g')
    d.expect('Written by: tester')
    d.keys('q')
    d.expect('王丽 · female')
    d.expect_selected('the note still under the cursor', lambda r: '2018-03-05' in r)


@scenario
def note_enter_elsewhere_says_where(d):
    """Enter on a line that is not a note says to move the cursor onto one."""
    wangli(d)
    d.start(expect='王丽')
    d.keys('Enter')
    d.expect('Profile')
    d.keys('Enter')
    d.expect('Move the cursor onto a note first')


@scenario_zh
def zh_note_opens_in_full(d):
    """Under zh_CN the opened note speaks Chinese: 记录人, 记录时间, 回访 with its state."""
    long_note(d, 'zh_CN.UTF-8')
    d.keys('Enter')
    d.expect_all('王丽 · 记录', '记录人：tester', '记录时间：', '回访：2018-03-05  待办', '第1句')
    d.keys('q')
    d.expect('王丽 · 女')
    d.expect_selected('the note still under the cursor', lambda r: '2018-03-05' in r)


def questions_open(d):
    """王丽's benefits, the detail of the social-insurance subsidy for graduates: four
    questions (education, graduation date, employment status, social insurance)."""
    wangli(d)
    d.start(expect='王丽')
    d.keys('b')
    d.expect('Amount (yuan)')
    select(d, 'Social-insurance subsidy for self-emplo')
    d.keys('Enter')
    return d.expect_all('Still needed', '4  Is the person paying social insurance now?')


def bottom(s):
    """The screen's bottom line."""
    return s.rstrip('\n').split('\n')[-1]


@scenario
def benefit_questions_keep_numbers(d):
    """A benefit's questions keep their numbers when one is answered (shown answered, or not
    needed once another answer decided the outcome); 1-9 is on the bottom line while a
    question is open and gone when none is or there were none."""
    s = questions_open(d)
    if '1-9 answer' not in bottom(s):
        raise Failure('1-9 answer on the bottom line', d.shown())
    d.keys('1')
    d.expect('highest education')
    d.type('bachelor')
    d.keys('Enter')
    s = d.expect_all('1  ✓ What is the highest education', '2  On what date was (or will be)',
                     '3  What is the person\'s employment', '4  Is the person paying social insurance now?')
    if '1-9 answer' not in bottom(s):
        raise Failure('1-9 still on the bottom line', d.shown())
    d.keys('2')
    d.expect('the graduation date asked on the line above the keys',
             lambda s: s.rstrip('\n').split('\n')[-3].startswith('On what date was (or will be)'))
    d.type('2016-07-01')
    d.keys('Enter')
    s = d.expect_all('1  ✓ What is the highest', '2  ✓ On what date was (or will be)', '2016-07-',
                     '3  What is the person\'s employment', '4  Is the person paying social insurance now?')
    if '1-9 answer' not in bottom(s):
        raise Failure('1-9 still on the bottom line', d.shown())
    d.keys('3')
    d.expect('employment status now? [')
    d.type('flexible')
    d.keys('Enter')
    s = d.expect_all('1  ✓ What is the highest', '3  ✓ What is the person\'s employment status '
                     'now?: flexible', '4  Is the person paying social insurance now?')
    if '1-9 answer' not in bottom(s):
        raise Failure('1-9 still on the bottom line', d.shown())
    d.keys('4')
    d.expect('paying social insurance now? [')
    d.type('yes')
    d.keys('Enter')
    d.expect_all('Questions', '1  ✓ What is the highest', '2  ✓ On what date', '3  ✓ What is the person\'s',
                 '4  ✓ Is the person paying social insurance now?: yes')
    d.expect('no 1-9 on the bottom line', lambda s: 'g grant' in bottom(s) and
             '1-9' not in bottom(s))
    d.keys('q')
    d.expect_selected('Social-insurance subsidy for self-emplo')
    for _ in range(20):                           # up to the startup subsidy: no questions
        if 'startup subsidy' in (d.selected() or ''):
            break
        d.keys('k')
        time.sleep(0.05)
    d.expect_selected('One-time startup subsidy')
    d.keys('Enter')
    d.expect('Reasons')
    d.expect('no 1-9 without questions', lambda s: 'g grant' in bottom(s) and
             '1-9' not in bottom(s) and 'Still needed' not in s)


@scenario
def benefit_question_not_needed_keeps_number(d):
    """An answer that decides the outcome leaves the other questions with their numbers,
    shown not needed now, and 1-9 off the bottom line."""
    questions_open(d)
    d.keys('4')
    d.expect('paying social insurance now? [')
    d.type('no')
    d.keys('Enter')
    d.expect_all('4  ✓ Is the person paying social insurance now?: no',
                 '1  What is the highest education completed (or being completed)?: not needed',
                 '2  On what date was (or will be) the highest education completed?: not',
                 '3  What is the person\'s employment status now?: not needed now')
    d.expect('no 1-9 on the bottom line', lambda s: 'g grant' in bottom(s) and
             '1-9' not in bottom(s))


@scenario_zh
def zh_benefit_questions(d):
    """Under zh_CN the questions keep their numbers after an answer, the answer in Chinese."""
    wangli(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('b')
    d.expect('待遇 · 王丽')
    select(d, '高校毕业生自主创业')
    d.keys('Enter')
    d.expect_all('按数字键填写', '1-9')
    d.keys('1')
    d.type('bachelor')
    d.keys('Enter')
    s = d.expect('1  ✓', lambda s: '1  ✓' in s and '本科' in s and '\n  2  ' in s and '\n  3  ' in s)
@scenario_zh
def zh_wrong_id_message(d):
    """In Chinese a wrong ID number's message is Chinese and whole on the message line (it
    wraps rather than being cut), naming the field by its label."""
    wangli(d)
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('n')
    d.expect('登记人员')
    d.type('李娜')
    d.keys('Tab')
    d.type('220102199001010011')
    d.keys('Tab')
    want = '身份证号：校验码是 1，但按前 17 位算出应为 7；可能有一位输错了'
    # the three lines above the keys' line: the message line and where it may wrap
    above = lambda s: ''.join(s.rstrip('\n').split('\n')[-4:-1])
    s = d.expect(want, lambda s: want in above(s))
    if re.search(r'[A-Za-z]{2,}', above(s)):
        raise Failure('no English on the message line', d.shown())


@scenario_zh
def zh_benefit_missing_in_words(d):
    """In Chinese a benefit's facts still needed are questions with the item in words, never a
    fact path such as trainings[0].kind."""
    wangli(d)
    d.run('progress', 'add', '220102199503070028', '--kind', 'training', '--status',
          'completed', '--start-date', '2017-06-01', '--unit-name', '长春职业技能学校')
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('b')
    d.expect('农村劳动力技能培训补贴')
    select(d, '农村劳动力技能培训补贴')
    d.keys('Enter')
    s = d.expect_all('农村劳动力技能培训补贴 · 培训（2017-06-01起，长春职业技能学校）',
                     '1  培训结束日期？', '2  培训的类别是什么？')
    if 'trainings' in s or '[0]' in s:
        raise Failure('no fact path on the benefit', d.shown())
@scenario
def register_full_width_id(d):
    """An ID number typed full-width from a Chinese input method (and its phone) is read as
    ASCII: accepted, the birth date filled, saved as digits."""
    full = lina_id().translate({ord(c): ord(c) + 0xfee0 for c in '0123456789'})
    register_lina(d, '\u3000' + full)
    d.expect('1990-01-01', lambda s: '1990-01-01' in s and 'check character' not in s)
    d.keys('F2')
    d.expect('is the hukou there now?')
    d.keys('y')                             # confirmed: the ID's province is the hukou's
    d.expect('the new case', lambda s: '李娜' in s.split('\n')[0] and 'Profile' in s)
    d.expect(lina_id())
    if not re.search(r'hukou province +Jilin', d.screen()):
        raise Failure('the hukou province confirmed', d.shown())


@scenario_zh
def zh_status_facts_on_form(d):
    """zh_CN: the edit form holds the new facts (用人单位规模 by pinyin x, a date, 领取失业保险金
    by s), scrolls to them at 80x24, and the person screen shows them in words; a registration's
    dates appear once it is known and not before."""
    wangli(d)
    d.start(lang='zh_CN.UTF-8', expect='王丽')
    d.keys('Enter')
    s = d.expect('基本情况')
    if row_of(s, '有劳动能力') < 0:
        raise Failure('有劳动能力 on the person screen', d.shown())
    if '失业登记日期' in s or '用人单位规模' in s:
        raise Failure('a status\'s details hidden while the status does not hold', d.shown())
    d.keys('e')
    d.expect(' 修改')
    for _ in range(11):                     # up from the name, round to 用人单位规模
        d.keys('Up')
    d.expect('用人单位规模 focused', lambda s: '< - >' in row(s, '用人单位规模'))
    d.keys('x')
    d.expect('小型企业', lambda s: '< 小型企业 >' in row(s, '用人单位规模'))
    d.keys('Tab')                           # 现单位录用日期
    d.type('2018-01-02')
    for _ in range(8):                      # past the household and the contributions
        d.keys('Tab')
    d.keys('s')
    d.expect('是', lambda s: '< 是 >' in row(s, '领取失业保险金'))
    s = d.screen()
    if row(s, '姓名') or not row(s, '失业保险金期限'):
        raise Failure('the form scrolled down to its last fields at 80x24', d.shown())
    d.keys('F2')
    s = d.expect('基本情况', lambda s: '基本情况' in s and '用人单位规模' in s)
    for label, want in (('用人单位规模', '小型企业'), ('现单位录用日期', '2018-01-02')):
        if not re.search(label + r' +' + want, s):
            raise Failure('%s %s on the person screen' % (label, want), d.shown())
    d.keys('NPage')                         # down to the insurance
    d.expect('领取失业保险金 是', lambda s: re.search(r'领取失业保险金 +是', s))
    facts = d.run('person', 'facts', '220102199503070028')
    for want in ('employer_size: small', 'hired_on: 2018-01-02', 'receiving_benefit: true'):
        if want not in facts:
            raise Failure('%s in the facts' % want, facts)


@scenario_zh
def zh_eligible_from(d):
    """zh_CN: a graduate's business licensed three months ago is not yet eligible for the startup
    subsidy; the list says from when (2018-11-18起可享受), the detail says it in a sentence, and
    the reasons read in Chinese with no internal name and no question mark."""
    d.run('person', 'add', '--name', '赵敏', '--id-number', '220102199311110021', '--education',
          'bachelor', '--graduation-date', '2015-07-01', '--hukou-province', '22')
    d.run('progress', 'add', '220102199311110021', '--kind', 'startup', '--status', 'active',
          '--startup-kind', 'micro_enterprise', '--first-time', 'yes', '--license-date', '2017-11-18',
          '--operating', 'yes', '--social-insurance', 'yes', '--start-date', '2017-11-18')
    d.start(lang='zh_CN.UTF-8', expect='赵敏')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('b')
    s = d.expect('待遇 ·')
    if not re.search(r'一次性初创企业补贴.*不符合条件 +2018-11-18起可享受', row(s, '一次性初创企业补贴')):
        raise Failure('the startup subsidy: 2018-11-18起可享受 in the list', d.shown())
    d.expect_selected('the startup subsidy first', lambda r: '一次性初创企业补贴' in r)
    d.keys('Enter')
    s = d.expect_all('其他条件不变的话，2018-11-18起可以享受', '理由', '只有3个月，不满1年')
    reasons = s[s.index('理由'):]
    if re.search(r'[A-Za-z_]{2,}|\?', reasons.split('需核验的材料')[0]):
        raise Failure('reasons in Chinese only', d.shown())


@scenario_zh
def zh_history_old_and_new(d):
    """Under zh_CN the person screen's history reads the compact audit (issue 11): a database of
    the release before (the schema-2 fixture) migrated, its old rows read as the inserts and
    updates they were, in their order and local time; a change and a note made since, newest
    first; the chain's own rows (its start, the baselines) never shown; no English word."""
    import sqlite3
    fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures',
                           'schema2.sql')
    d.env['JOBDESK_DB'] = os.path.join(d.dir, 'old.db')
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    with open(fixture, encoding='utf-8') as f:
        db.executescript(f.read())
    db.close()
    d.env.update(JOBDESK_USER='root', TZ='Asia/Shanghai')
    d.run('init')
    d.run('person', 'edit', '220102199001071063', '--phone', '13912345678')
    d.env['JOBDESK_USER'] = 'lina'
    d.run('note', 'add', '220102199001071063', '--text', '约好周一来面谈', '--followup', '2018-03-12')
    d.env['JOBDESK_USER'] = 'root'
    d.start('zh_CN.UTF-8', expect='我的个案 · root')
    for _ in range(12):
        now = d.selected() or ''
        if '张三' in now:
            break
        d.keys('Down')
        end = time.time() + TIMEOUT  # one step at a time: the next key after the repaint
        while (d.selected() or '') == now and time.time() < end:
            time.sleep(0.02)
    d.expect_selected('张三')
    d.keys('Enter')
    d.expect('张三 · 女')
    d.keys('G')
    s = d.expect_all('变更历史', '新增 个人信息')
    history = s[s.index('变更历史'):].split('\n')[1:]
    want = ['lina  新增 记录与回访', 'root  修改 手机: - → 13912345678',
            '2026-11-29 12:46  root  修改 阶段: 已登记 → 培训',
            '2026-11-29 12:46  root  新增 进展',
            '2026-11-29 12:46  root  修改 下次回访: - → 2018-03-08',
            '2026-11-29 12:46  root  新增 记录与回访',
            '2026-11-29 12:46  root  新增 个人信息']
    at = [next((i for i, line in enumerate(history) if w in line), -1) for w in want]
    if at != list(range(len(want))):
        raise Failure('the history, newest first: ' + ' / '.join(want), d.shown())
    if re.search(r'[A-Za-z_]{3,}', '\n'.join(h for h in history if '变更历史' not in h and
                                               '帮助' not in h).replace('root', '').replace(
                                                   'lina', '')):
        raise Failure('the history in Chinese only', d.shown())
    for never in ('审计链', '登记时的状态', '按审计链开始时'):
        if never in s:
            raise Failure('no row of the chain itself: ' + never, d.shown())

# The policies are read when a screen first needs them, not before the caseload shows.

def own_policies(d):
    """A copy of the policies that this scenario's jobdesk reads; its folder."""
    pol = os.path.join(d.dir, 'policies')
    shutil.copytree(d.env['JOBDESK_POLICIES'], pol)
    d.env['JOBDESK_POLICIES'] = pol
    return pol


@scenario
def policies_read_when_first_needed(d):
    """The caseload shows without reading the policies: their folder taken away after the
    caseload is drawn, the benefits screen is the first to miss it, and says so."""
    pol = own_policies(d)
    wangli(d)
    d.start(expect='王丽')
    os.rename(pol, pol + '.gone')
    d.keys('b')
    s = d.expect('The policies could not be loaded; run jobdesk policy check')
    if 'One-time startup subsidy' in s:
        raise Failure('no benefits without the policies', d.shown())
    os.rename(pol + '.gone', pol)  # once per process: not read again, said again
    d.keys('Escape')
    d.expect('the caseload again', lambda s: '王丽' in s and 'could not be loaded' not in s)
    d.keys('b')
    d.expect('The policies could not be loaded; run jobdesk policy check')


@scenario_zh
def zh_policies_fail_where_needed(d):
    """Policies that do not load leave the caseload as it is; the person screen that names a
    decision by its policy says in Chinese, once, that they could not be loaded, and the
    benefits screen says it each time."""
    pol = own_policies(d)
    wangli_granted(d)
    shutil.rmtree(pol)
    s = d.start('zh_CN.UTF-8', expect='王丽')
    time.sleep(0.3)
    s = d.screen()
    if '政策' in s:
        raise Failure('no word of the policies on the caseload', d.shown())
    d.keys('Enter')
    d.expect_all('基本情况', '无法加载政策文件，请运行 jobdesk policy check：')
    d.keys('G')
    s = d.expect('某项待遇（政策文件未能加载）')
    if '现行政策文件中已无此待遇' in s or '无法加载政策文件' in s:
        raise Failure('the decision named as unloaded, the message said once', d.shown())
    d.keys('b')
    d.expect_all('待遇 · 王丽', '无法加载政策文件，请运行 jobdesk policy check：')


# --- issue 13 point 4: names are names --------------------------------------------------------

@scenario
def register_refuses_invisible_name(d):
    """The register form refuses a name with a zero-width space in it, naming U+200B and its
    place, and registers nobody; the name typed again without it saves."""
    d.start(expect='No cases here')
    d.keys('n')
    d.expect('Register a person')
    d.type('李\u200b娜')
    d.keys('Tab')
    d.type(lina_id())
    d.keys('F2')
    said = 'U+200B, at character 2'
    d.expect(said, lambda s: said in ' '.join(s.split()))
    count = subprocess.run(['sqlite3', d.env['JOBDESK_DB'], 'SELECT count(*) FROM person'],
                           capture_output=True, text=True).stdout.strip()
    if count != '0':
        raise Failure('nobody registered (%s persons)' % count, d.shown())
    d.keys('C-u')                           # the cursor is on the name: type it again
    d.type('李娜')
    d.keys('F2')
    s = d.expect('the hukou question or the new case',
                 lambda s: 'is the hukou there now?' in s or 'Registered 李娜' in s)
    if 'is the hukou there now?' in s:
        d.keys('n')
    d.expect('Registered 李娜')


# --- issue 13 point 5: read-only is readable -------------------------------------------------

def start_read_only(d, lang='C.UTF-8', expect='jobdesk'):
    """Open the screen on this scenario's database made read-only: a WAL database (0444) in a
    folder (0555) the account may not write, so it opens as immutable. Tests run as root, who
    may write any file, so the screen runs as nobody (setpriv); None when that cannot be done."""
    as_nobody = ''
    if os.getuid() == 0:
        if shutil.which('setpriv') is None:
            return None
        # nobody must reach the binary: a clone in a folder closed to others cannot be tested so
        if subprocess.run(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups',
                           'test', '-x', JOBDESK]).returncode != 0:
            return None
        # not the file's owner: nobody acts as itself (only the owner picks a name, issue 15)
        as_nobody = 'setpriv --reuid=nobody --regid=nogroup --clear-groups env -u JOBDESK_USER '
    db = d.env['JOBDESK_DB']
    subprocess.run(['sqlite3', db, 'PRAGMA wal_checkpoint(TRUNCATE)'], check=True,
                   capture_output=True)
    for tail in ('-wal', '-shm'):
        if os.path.exists(db + tail):
            os.remove(db + tail)
    os.chmod(db, 0o444)
    os.chmod(d.dir, 0o755)
    # the server and its socket are made by new-session while the folder may still be written
    # (a server started empty first may still be exiting when new-session reaches it)
    cmd = 'LANG=%s LC_ALL=%s %s%s; echo "EXIT=$?"; sleep 60' % (lang, lang, as_nobody, JOBDESK)
    d.tmux('new-session', '-d', '-s', 'jd', '-x', '80', '-y', '24', cmd)
    os.chmod(d.dir, 0o555)
    return d.expect(expect)


def wangli_read_only(d, *more):
    """王丽 on the caseload the read-only screen opens on: nobody's when it runs as nobody (acting
    as itself: only the file's owner picks a name, issue 15), else the tester's."""
    d.run('person', 'add', '--name', '王丽', '--id-number', '220102199503070028', '--counselor',
          'nobody' if os.getuid() == 0 else 'tester', '--hukou-type', 'rural', *more)


@scenario
def read_only_says_so_and_masks(d):
    """A read-only database opens: every title says [read-only], the person screen shows the ID
    number masked, and a note is refused with the reason; the file is left as it was."""
    wangli_read_only(d, '--phone', '13912345678')
    if start_read_only(d, expect='王丽') is None:
        return 'running as root without setpriv, or nobody may not run the binary'
    before = open(d.env['JOBDESK_DB'], 'rb').read()
    d.expect_all('[read-only]', '220102********0028')
    d.keys('Enter')
    s = d.expect_all('[read-only]', 'Profile', '220102********0028')
    if '220102199503070028' in s:
        raise Failure('the whole ID number never shown read-only', d.shown())
    d.keys('a')
    d.expect('Write a note')
    d.type('电话回访')
    d.keys('F2')
    said = 'is open read-only: this account may only read the file; nothing was written'
    d.expect(said, lambda s: said in ' '.join(s.split()))
    if open(d.env['JOBDESK_DB'], 'rb').read() != before:
        raise Failure('the database file unchanged', d.shown())
    for tail in ('-wal', '-shm'):
        if os.path.exists(d.env['JOBDESK_DB'] + tail):
            raise Failure('no %s file made' % tail, d.shown())


@scenario_zh
def zh_read_only_title(d):
    """Under zh_CN a read-only database's titles say 【只读】, and a change is refused in Chinese."""
    wangli_read_only(d)
    if start_read_only(d, 'zh_CN.UTF-8', expect='王丽') is None:
        return 'running as root without setpriv, or nobody may not run the binary'
    d.expect_all('【只读】', '220102********0028')
    d.keys('Enter')
    d.expect_all('【只读】', '基本情况', '220102********0028')
    d.keys('a')
    d.type('电话回访')
    d.keys('F2')
    d.expect('以只读方式打开')
def plant_hostile(d, name, note):
    """What another office's database could hold: name and note written beside jobdesk, its
    triggers set aside (jobdesk itself refuses control characters)."""
    import sqlite3
    c = sqlite3.connect(d.env['JOBDESK_DB'], isolation_level=None)
    trig = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").fetchall()
    c.execute('BEGIN')
    for n, _ in trig:
        c.execute('DROP TRIGGER "%s"' % n)
    c.execute("UPDATE person SET name = ? WHERE id_number = '220102199503070028'", (name,))
    c.execute('UPDATE note SET body = ?', (note,))
    for _, sql in trig:
        c.execute(sql)
    c.execute('COMMIT')
    c.close()


@scenario_zh
def zh_hostile_text_shown_not_obeyed(d):
    """A name and a note holding ESC[2J, BEL, a C1 CSI and U+202E (from another office's
    database) are drawn visibly (^[ ^G <U+009B> <U+202E>) on the caseload and the person screen
    under zh_CN: the screen is not cleared, nothing is reordered, the columns stay in place."""
    wangli(d)
    d.run('note', 'add', '220102199503070028', '--text', '电话回访', '--followup', '2018-03-05')
    plant_hostile(d, '王\x1b[2J丽\x07\u202e伟', '回访\x1b[2J\u009b31m\u202e记录')
    s = d.start('zh_CN.UTF-8', expect='王^[[2J')
    row = [line for line in rows(s) if '王^[[2J' in line]
    if not row or '220102********0028' not in row[0] or '\u202e' in s:
        raise Failure('the name visible, the ID number in its column, no U+202E', d.shown())
    d.keys('Enter')
    d.expect_all('基本情况', '王^[[2J丽^G<U+202E>伟')
    d.keys('G')
    s = d.expect('回访^[[2J<U+009B>31m<U+202E>记录')
    if '\u202e' in s or '\x1b' in s or '\x07' in s or '王^[[2J丽^G<U+202E>伟' not in s:
        raise Failure('no control reached the terminal; the title keeps the name', d.shown())
@scenario_zh
def zh_office_flag_extremely_poor(d):
    """The office's view filtered by 特困 lists every person whose household is 特困 (the flag
    copied onto person, migration 0007), in pinyin order across stages, and nobody else; after
    a household edit the person leaves the view."""
    d.demo(40)
    people = [('陈特困', '220102199001010', ['--extremely-poor', 'yes', '--counselor', 'tester']),
              ('白特困', '220102199102020', ['--extremely-poor', 'yes', '--low-income', 'yes',
                                            '--counselor', 'tester']),
              ('周特困', '220102199203030', ['--extremely-poor', 'yes', '--counselor', 'lina']),
              ('安低保', '220102199304040', ['--low-income', 'yes', '--counselor', 'tester'])]
    for name, d15, more in people:
        d17 = d15 + '11'
        d.run('person', 'add', '--name', name, '--id-number', d17 + check_digit(d17), *more)
    d.run('case', 'close', '220102199203030' + '11' + check_digit('22010219920303011'),
          '--reason', 'moved_away')
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('o')
    d.expect('全所个案')
    d.keys(*['F'] * 7)
    s = d.expect('[特困]')
    names = [r.split()[0] for r in rows(s)]
    want = sorted(n for n, _, m in people if '--extremely-poor' in m)
    if sorted(names) != want or names != ['白特困', '陈特困', '周特困']:
        raise Failure('the three 特困 persons in pinyin order (one closed, one of another '
                      'counselor), not 安低保', d.shown())
    if not all('特困' in r[MASKED.search(r).end():] for r in rows(s)):
        raise Failure('特困 in every row\'s flags', d.shown())
    d.run('person', 'edit', '220102199001010' + '11' + check_digit('22010219900101011'),
          '--extremely-poor', 'no')
    d.keys(*['F'] * 8)                      # round the filters back to 特困: read again
    d.expect('白特困 and 周特困 only', lambda s: '[特困]' in s and
             [r.split()[0] for r in rows(s)] == ['白特困', '周特困'])


# --- issue 15: who signs in ----------------------------------------------------------------------
def users_with_passwords(d):
    """The demo's users (the tester among them, as its maker), lina and zhaomin with passwords."""
    d.demo()
    env = dict(d.env, JOBDESK_USER='zhaomin')   # the demo's supervisor sets them
    for who, pw in (('lina', 'lina-secret-1'), ('zhaomin', 'zhao-secret-1')):
        subprocess.run([JOBDESK, 'user', 'passwd', who], env=env, input=pw + '\n', check=True,
                       capture_output=True, text=True)


def audit_rows(d, op, key, value):
    """How many audit rows of op have after's key equal to value."""
    import sqlite3
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    try:
        return db.execute("SELECT count(*) FROM audit WHERE op = ? AND json_extract(after, ?) = ?",
                          (op, '$.' + key, value)).fetchone()[0]
    finally:
        db.close()


@scenario_zh
def zh_login_dialog(d):
    """Under zh_CN a user with a password signs in first: the login prefilled, the password shown
    as stars only, a wrong one said in words with the tries left (and recorded), the right one
    opens the caseload as that user (recorded)."""
    users_with_passwords(d)
    d.env['JOBDESK_USER'] = 'lina'
    d.start('zh_CN.UTF-8', expect='请输入登录名和密码登录。')
    s = d.expect_all('登录名：', 'lina', '密码：')
    d.type('wrong-pass')
    s = d.expect('**********')
    if 'wrong-pass' in s:
        raise Failure('the password hidden', d.shown())
    d.keys('Enter')
    d.expect('lina 的密码错误；再错 4 次将锁定 15 分钟')
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('我的个案 · lina')
    if audit_rows(d, 'login', 'outcome', 'failed') != 1 or audit_rows(d, 'login', 'outcome', 'ok') != 1:
        raise Failure('one failed and one good login in the audit', d.shown())
    d.keys('q', 'q')
    d.expect('EXIT=0')


@scenario_zh
def zh_login_lockout(d):
    """Five wrong passwords lock the account for 15 minutes, said in Chinese with the time; the
    right password is then refused too; an administrator's unlock lets it in again."""
    users_with_passwords(d)
    d.env['JOBDESK_USER'] = 'lina'
    d.start('zh_CN.UTF-8', expect='请输入登录名和密码登录。')
    for left in (4, 3, 2, 1):
        d.type('wrong-pass')
        d.keys('Enter')
        d.expect('再错 %d 次将锁定 15 分钟' % left)
    d.type('wrong-pass')
    d.keys('Enter')
    d.expect('lina 因 5 次密码错误已锁定')
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('lina 因 5 次密码错误已锁定')
    if audit_rows(d, 'lockout', 'event', 'lock') != 1 or audit_rows(d, 'login', 'outcome', 'locked') != 1:
        raise Failure('the lock and the locked login in the audit', d.shown())
    env = dict(d.env, JOBDESK_USER='zhaomin')   # the supervisor, with his password
    subprocess.run([JOBDESK, 'user', 'edit', 'lina', '--unlock'], env=env, check=True,
                   input='zhao-secret-1\n', capture_output=True, text=True)
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('我的个案 · lina')


@scenario_zh
def zh_shared_pc_sign_in(d):
    """The shared township PC: the system account is no user, but users have passwords, so the
    screen opens on an empty login; an unknown login is refused naming whom to ask; lina signs
    in with hers."""
    users_with_passwords(d)
    d.env.pop('JOBDESK_USER')
    d.start('zh_CN.UTF-8', expect='请输入登录名和密码登录。')
    d.type('nobody42')
    d.keys('Enter')
    d.type('whatever-1')
    d.keys('Enter')
    d.expect('nobody42 不是')
    said = '请联系本机构的主管或系统管理员为您添加：赵敏(zhaomin)'
    d.expect(said, lambda s: said in ''.join(s.split()))
    d.keys('Up')
    for _ in range(8):
        d.keys('BSpace')
    d.type('lina')
    d.keys('Enter')
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('我的个案 · lina')


@scenario_zh
def zh_idle_lock(d):
    """The screen locks after the office's idle minutes (1 here, the shortest: the test waits a
    minute): the lock says so in Chinese over the screen; lina's password goes on where she was
    (the person screen); the next lock, zhaomin signs in instead and the screen starts again as
    him."""
    users_with_passwords(d)
    d.run('user', 'idle-lock', '1')
    d.env['JOBDESK_USER'] = 'lina'
    d.start('zh_CN.UTF-8', expect='请输入登录名和密码登录。')
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('我的个案 · lina')
    d.keys('o')
    d.expect('全所')
    s = d.expect('界面闲置 1 分钟后已锁定', timeout=95)
    if '身份证号' in s:
        raise Failure('the lock hides the caseload', d.shown())
    d.type('lina-secret-1')
    d.keys('Enter')
    d.expect('全所')
    d.expect('界面闲置 1 分钟后已锁定', timeout=95)
    d.keys('Up')
    for _ in range(6):
        d.keys('BSpace')
    d.type('zhaomin')
    d.keys('Enter')
    d.type('zhao-secret-1')
    d.keys('Enter')
    d.expect('我的个案 · zhaomin')

@scenario_zh
def zh_dashboard(d):
    """Under zh_CN, D opens the office at a glance (issue 16): open cases by counselor and stage
    with a bar, the same figures as `jobdesk report caseload`; Right chooses a stage's count and
    Enter opens exactly those cases (q back); on a counselor's follow-ups, Right and Enter open
    the cases not contacted in 30 days, as many as the count, each opening its person; the
    sections by week, money and approvals below, Enter on the awaiting approval line opening the
    pending approvals (q back); no English."""
    import json
    d.demo(300)
    trained_rural(d, '王丽', '220102199503070028')     # one decision awaiting approval
    d.run('--user', 'lina', 'grant', '220102199503070028', 'rural-training-subsidy', '--on',
          '2018-02-01')
    rep = json.loads(d.run('report', 'caseload', '--format', 'json'))['rows']
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('D')
    s = d.expect('全所概况', lambda s: '在办个案（按经办人、阶段）' in s and '回访（按经办人）' in s)
    most = max(r['open'] for r in rep)
    for r in rep:
        line = next((l for l in s.split('\n') if l.startswith(' ' + r['counselor'][:8] + ' ')), '')
        nums = [int(x) for x in re.findall(r' (\d+)', line)][:7]
        want = [r[k] for k in ('registered', 'training', 'internship', 'startup', 'grassroots',
                               'employed', 'open')]
        if nums != want:
            raise Failure('%s: %s as the report says' % (r['counselor'], want), d.shown())
        if r['open'] == most and '█' not in line:
            raise Failure('a bar for the largest caseload', d.shown())
    logins = set(r['counselor'] for r in rep) | {'jobdesk', 'Enter', 'tester'}
    if [w for w in re.findall(r'[A-Za-z]{3,}', s) if w not in logins]:
        raise Failure('no English on the office at a glance', d.shown())
    # the first counselor with cases in training: Right once is 培训
    pick = next(r for r in rep if r['training'] > 0 and r['training'] <= 18)
    d.keys('Down', 'Down')
    for _ in range(rep.index(pick)):
        d.keys('Down')
    d.keys('Right')
    d.keys('Enter')
    s = d.expect('[培训]', lambda s: '[培训]' in s and pick['counselor'] in s)
    if len(rows(s)) != pick['training']:
        raise Failure('%d cases of %s in training' % (pick['training'], pick['counselor']),
                      d.shown())
    d.keys('q')
    d.expect('全所概况')
    # a counselor's cases not contacted in 30 days: the second count of their follow-ups row
    fu = json.loads(d.run('report', 'followups', '--format', 'json'))['rows']
    who = next(r for r in fu if r['counselor'] and r['not_contacted_30_days'] > 0)
    d.keys('g')                             # the top: the caseload's heading, its header,
    for _ in range(2 + len(rep) + 3 + fu.index(who)):   # its rows, a blank, the follow-ups'
        d.keys('Down')
    d.expect_selected('%s\'s follow-ups' % who['counselor'],
                      lambda r: re.match(r'%s +\d+ +\d+' % who['counselor'], r))
    d.keys('Right', 'Enter')
    s = d.expect('30天未联系', lambda s: '· %s · 30天未联系' % who['counselor'] in s)
    n = who['not_contacted_30_days']
    if ('共%d人' % n) not in s and ('共%d人' % n) not in s.replace('前', ''):
        if not re.search(r'前\d+人（共%d人）' % n, s):
            raise Failure('%d cases behind the count' % n, d.shown())
    if n <= 20 and len(rows(s)) != n:
        raise Failure('%d rows' % n, d.shown())
    d.keys('Enter')                         # the first of them opens
    d.expect('基本情况')
    d.keys('q')
    d.expect('30天未联系')
    d.keys('q')
    d.keys('G')
    s = d.expect('待审批', lambda s: '待审批' in s and '各月各项补贴金额' in s)
    if '每周新登记与实现就业人数' not in s:
        raise Failure('the weekly figures', d.shown())
    # the last line, the decisions awaiting approval: Enter opens them, oldest first
    d.expect_selected('the awaiting approval line', lambda r: '共1项决定待审批' in r)
    d.keys('Enter')
    d.expect_all('待审批（最早的在前）', '1 项待审批', '王丽', '农村劳动力技能培训补贴')
    d.keys('q')
    d.expect_selected('the awaiting approval line again', lambda r: '共1项决定待审批' in r)
# Four eyes on money (issue 16): the pending approvals, oldest first, approved and rejected by
# someone who did not propose them.

def trained_rural(d, name, id_number):
    """A rural person of the tester's caseload with a completed 120-hour training."""
    d.add(name, id_number, '--hukou-type', 'rural')
    d.run('progress', 'add', id_number, '--kind', 'training', '--status', 'completed',
          '--start-date', '2017-11-01', '--end-date', '2017-12-15', '--class-hours', '120',
          '--training-kind', 'employment_skills')


@scenario_zh
def zh_pending_approvals(d):
    """A (zh_CN): the decisions awaiting approval oldest first; Enter shows one's notice (person,
    reasons, 待审批); a on one's own proposal is refused, a on another's approves it, r asks a
    reason and rejects it; each leaves the list."""
    zhang = '22010219880101001' + check_digit('22010219880101001')
    trained_rural(d, '王丽', '220102199503070028')
    trained_rural(d, '张伟', zhang)
    trained_rural(d, '李娜', lina_id())
    d.run('--user', 'lina', 'grant', '220102199503070028', 'rural-training-subsidy', '--on',
          '2018-02-01')
    d.run('--user', 'lina', 'grant', zhang, 'rural-training-subsidy', '--on', '2018-02-15')
    d.run('grant', lina_id(), 'rural-training-subsidy')          # the tester's own proposal
    d.start('zh_CN.UTF-8', expect='我的个案')
    d.keys('A')
    s = d.expect_all('待审批（最早的在前）', '3 项待审批', '农村劳动力技能培训补贴', '960.00')
    order = [line.split()[2] for line in s.split('\n') if line[:5] == ' 2018']
    if order != ['王丽', '张伟', '李娜']:
        raise Failure('王丽, 张伟, 李娜: oldest first', d.shown())
    d.expect_selected('王丽')
    d.keys('Enter')
    d.expect_all('王丽', '待审批', '农村劳动力技能培训补贴')
    d.keys('q')
    d.expect('3 项待审批')
    d.keys('G')
    d.expect_selected('李娜')
    d.keys('a')
    d.expect('(y 是 / n 否)')
    d.keys('y')
    d.expect_all('是您本人提出的', '3 项待审批')
    d.keys('g')
    d.expect_selected('王丽')
    d.keys('a')
    d.expect('(y 是 / n 否)')
    d.keys('y')
    d.expect_all('已批准', '2 项待审批')
    d.expect_selected('张伟')
    d.keys('r')
    d.expect('理由：')
    d.type('培训证明不全')
    d.keys('Enter')
    d.expect_all('已驳回', '1 项待审批')
    s = d.screen()
    if '王丽' in s or '张伟' in s:
        raise Failure('only 李娜 left', d.shown())
    if any('proposal' in line or 'approv' in line for line in s.split('\n')):
        raise Failure('no English on the zh_CN screen', d.shown())
    got = sorted((r['name'], r['status']) for r in json.loads(d.run('decision', 'list',
                                                                       '--format', 'json')))
    if got != [('张伟', 'rejected'), ('李娜', 'proposed'), ('王丽', 'approved')]:
        raise Failure('approved, rejected, proposed in the database: %s' % got, d.shown())
@scenario_zh
def zh_audit_browser(d):
    """Under zh_CN, H opens the audit browser (issue 16): the trail newest first with when, who,
    the person and what in words; Enter shows a change before and after; p chooses a person, u a
    user (the owner acting as another shows both), d a range of days (an empty range says so
    and how to clear), c clears; no internal name shows."""
    wangli(d)
    d.add('张伟', zhang_id())
    d.run('person', 'edit', '220102199503070028', '--phone', '13912345678')
    d.env['JOBDESK_USER'] = 'lina'
    d.run('note', 'add', zhang_id(), '--text', '约好周一来面谈')
    d.env['JOBDESK_USER'] = 'tester'
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('H')
    s = d.expect('审计记录', lambda s: '审计记录' in s and '记录与回访' in s)
    lines = [l for l in s.split('\n')[2:] if re.match(r' \d{4}-\d\d-\d\d \d\d:\d\d', l)]
    if len(lines) < 4 or '张伟' not in lines[0] or '记录与回访 新增' not in lines[0] \
            or 'lina' not in lines[0]:
        raise Failure('the note lina added first (newest first), with its person', d.shown())
    if not re.search(r'tester.* 王丽 +个人信息 修改', s):
        raise Failure('the phone change: tester, 王丽, 个人信息 修改', d.shown())
    if re.search(r'[a-z]+_[a-z]+|person|note|insert|update', s.replace('jobdesk', '')):
        raise Failure('no internal name on the browser', d.shown())
    d.keys('Down')
    d.expect_selected('the phone change', lambda r: '王丽' in r and '修改' in r)
    d.keys('Enter')
    s = d.expect('一条变更', lambda s: '一条变更' in s and '13912345678' in s)
    if not re.search(r'手机: - → 13912345678', s) or not re.search(r'个人 +王丽', s):
        raise Failure('the change before and after in words, and whose', d.shown())
    d.keys('q')
    d.expect('审计记录 ·', lambda s: '一条变更' not in s)
    d.keys('p')
    d.expect('涉及人员')
    d.type('220102199503070028')
    d.keys('Enter')
    s = d.expect('审计记录 · 王丽')
    if '张伟' in s or '记录与回访' in s:
        raise Failure('only 王丽\'s rows', d.shown())
    d.keys('c')
    d.expect('every row again', lambda s: '审计记录 · 王丽' not in s and '张伟' in s)
    d.keys('u')
    d.expect('操作人（')
    d.type('lina')
    d.keys('Enter')
    s = d.expect('审计记录 · lina')
    if '王丽' in s or '记录与回访 新增' not in s:
        raise Failure('only lina\'s note', d.shown())
    d.keys('c', 'd')
    d.expect('起始日期')
    d.type('2000-01-01')
    d.keys('Enter')
    d.expect('截止日期')
    d.type('2000-01-31')
    d.keys('Enter')
    d.expect('没有符合条件的记录；按 c 清除筛选条件。')
    d.keys('d')
    d.expect('起始日期')
    d.keys('Enter')
    d.expect('截止日期')
    d.keys('C-u')                           # the range shown is there to change
    d.type('1999-01-01')
    d.keys('Enter')
    d.expect('截止日期早于起始日期')
@scenario_zh
def zh_days_first_session_backs_up(d):
    """Leaving the day's first session takes a checked backup into the database's backup folder
    (a generation named by the date) and says so in Chinese; a second session that day takes
    none."""
    wangli(d)
    folder = d.env['JOBDESK_DB'] + '.backups'
    d.start('zh_CN.UTF-8', expect='王丽')
    if os.path.exists(folder):
        raise Failure('no backup before the session ends', d.shown())
    d.keys('q')
    d.expect('退出 jobdesk')
    d.keys('y')
    s = d.expect_all('今天的备份', '已检查', 'EXIT=0')
    made = [f for f in os.listdir(folder) if f.startswith('2018-03-01_') and f.endswith('.db')]
    if len(made) != 1 or made[0] not in s.replace('\n', ''):
        raise Failure('one generation of 2018-03-01, named on the terminal: %s' % made, d.shown())
    if 'backup' in s.replace('\n', '').replace(folder, '').replace(d.env['JOBDESK_DB'], ''):
        raise Failure('no English on a zh_CN terminal (the paths aside)', d.shown())
    # the second session in the same pane (the server stays up), its own exit line
    d.tmux('respawn-pane', '-k', '-t', 'jd', 'clear; LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 %s; '
           'echo "EXIT2=$?"; sleep 60' % JOBDESK)
    d.expect('王丽')
    d.keys('q')
    d.expect('退出 jobdesk')
    d.keys('y')
    s = d.expect('EXIT2=0')
    if '今天的备份' in s or len(os.listdir(folder)) != 1:
        raise Failure('no second backup the same day', d.shown())


@scenario
def terminated_session_takes_no_backup(d):
    """A screen stopped by SIGTERM (a lost terminal, a shutdown) leaves at once: no day's
    backup is taken on the way out, and the next session that quits normally takes it."""
    wangli(d)
    folder = d.env['JOBDESK_DB'] + '.backups'
    d.start(expect='王丽')
    shell = d.tmux('display-message', '-p', '-t', 'jd', '#{pane_pid}').strip()
    pids = subprocess.run(['pgrep', '-P', shell], capture_output=True, text=True).stdout.split()
    if len(pids) != 1:
        raise Failure('the screen running under the pane\'s shell', d.shown())
    os.kill(int(pids[0]), signal.SIGTERM)
    d.expect('EXIT=')
    if os.path.exists(folder) and os.listdir(folder):
        raise Failure('no backup when SIGTERM stopped the screen: %s' % os.listdir(folder),
                      d.shown())


@scenario
def terminal_gone_ends_screen(d):
    """A screen whose terminal goes away without a SIGHUP reaching it (its own session, as under
    runuser or setsid) ends within 2 s, takes no backup, and does not spin at 100% CPU."""
    wangli(d)
    folder = d.env['JOBDESK_DB'] + '.backups'
    cmd = 'exec setsid -w env LANG=C.UTF-8 LC_ALL=C.UTF-8 %s' % JOBDESK
    d.tmux('new-session', '-d', '-s', 'jd', '-x', '80', '-y', '24', cmd)
    d.expect('王丽')
    pane = d.tmux('display-message', '-p', '-t', 'jd', '#{pane_pid}').strip()
    pids = subprocess.run(['pgrep', '-P', pane], capture_output=True, text=True).stdout.split()
    if len(pids) != 1:
        raise Failure('the screen running in a session of its own', d.shown())
    pid = int(pids[0])
    with open('/proc/%d/stat' % pid) as f:
        if f.read().split(')')[1].split()[3] == pane:
            raise Failure('the screen in its own session, not the pane\'s', '')
    d.tmux('kill-server')
    began = time.time()
    while os.path.exists('/proc/%d' % pid) and time.time() - began < 2.0:
        time.sleep(0.05)
    if os.path.exists('/proc/%d' % pid):
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().split(')')[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
        os.kill(pid, signal.SIGKILL)
        raise Failure('the screen still ran 2 s after its terminal went (%.1f s of CPU)' % cpu, '')
    if os.path.exists(folder) and os.listdir(folder):
        raise Failure('no backup when the terminal went: %s' % os.listdir(folder), '')
# Sync conflicts (issue 17, point 4): what applying another office's changes held aside (rows
# written here as core/syncapply.c writes them), a supervisor's choice on the screen.
def held_conflicts(d):
    """王丽's phone changed in both offices; 张伟's note deleted there and changed here."""
    import sqlite3
    wangli(d, '--phone', '13912345678')
    d.add('张伟', zhang_id())
    d.run('note', 'add', zhang_id(), '--text', '约好周一来面谈')
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    wang = db.execute("SELECT id FROM person WHERE name = '王丽'").fetchone()[0]
    zhang = db.execute("SELECT id FROM person WHERE name = '张伟'").fetchone()[0]
    note = db.execute("SELECT id FROM note").fetchone()[0]
    db.executemany(
        "INSERT INTO sync_conflict (kind, tbl, row_key, person_id, fields, mine, theirs, change,"
        " mine_by, mine_at, theirs_at, from_office, bundle, held_at) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, X'54', 'tester', '2018-03-01T02:00:00.000Z', ?, '220102001',"
        " '220102001-1', '2018-03-03T00:00:00.000Z')",
        [('field', 'person', wang, wang, '["phone"]', '{"phone":"13912345678"}',
          '{"phone":"13800000000"}', '2018-03-02T01:00:00.000Z'),
         ('delete', 'note', note, zhang, '["body"]', '{"body":"约好周一来面谈"}', None, None)])
    db.commit()
    db.close()
    return wang


@scenario_zh
def zh_sync_conflicts(d):
    """C (zh_CN): the conflicts held, oldest first, why in words; Enter shows one whole (手机:
    here → there, who and when on each side); t keeps theirs after asking (the phone written), m
    keeps mine; each leaves the list; no table, column or English word shows."""
    wang = held_conflicts(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('C')
    s = d.expect_all('同步冲突（最早的在前）', '2 项待裁决', '个人信息在两个办公室都被修改',
                     '记录与回访在对方被删除，在本处被修改', '220102001')
    d.expect_selected('王丽')
    d.keys('Enter')
    s = d.expect_all('修改 手机: 13912345678 → 13800000000', '本处： tester', '对方： 220102001')
    if re.search(r'person|phone|note|field|delete|changed', s):
        raise Failure('no internal name or English on the conflict', d.shown())
    d.keys('t')
    d.expect('(y 是 / n 否)')
    d.keys('y')
    d.expect_all('已保留对方办公室的值', '1 项待裁决')
    d.expect_selected('张伟')
    d.keys('m')
    d.expect('(y 是 / n 否)')
    d.keys('y')
    s = d.expect_all('已保留本办公室的值', '没有待裁决的冲突')
    if re.search(r'person|phone|note|field|delete|changed|conflict', s):
        raise Failure('no internal name or English on the list', d.shown())
    import sqlite3
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    got = db.execute("SELECT phone FROM person WHERE id = ?", (wang,)).fetchone()[0]
    kept = [r[0] for r in db.execute("SELECT kept FROM sync_conflict ORDER BY id")]
    notes = db.execute("SELECT count(*) FROM note").fetchone()[0]
    db.close()
    if got != '13800000000' or kept != ['theirs', 'mine'] or notes != 1:
        raise Failure('theirs written, mine kept: %s %s %s' % (got, kept, notes), d.shown())


# The sync status (issue 17, point 5): a county and two townships that exchanged bundles.
@scenario
def zh_case_transfer_office(d):
    """t on a county's case (zh_CN), an office's code typed: an unknown code is refused naming
    the offices in Chinese; 东风镇's code moves the case there (said in words, the counselor
    cleared), and the sync status screen counts the case's rows waiting for 东风镇."""
    two_townships(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('S')
    s = d.expect('同步状态')
    east = next(l for l in s.split('\n') if l.startswith(' 220101'))
    if not re.search(r' 0 +0 +0 天', east):
        raise Failure('东风镇: nothing waiting before the move', d.shown())
    d.keys('q')
    d.expect('the caseload', lambda s: '同步状态' not in s and '王丽' in s)
    d.keys('/')
    d.expect('查找：')
    d.type('0028')
    d.expect('王丽')
    d.keys('Enter')
    d.expect('基本情况')
    d.keys('t')
    d.expect('移交给经办人（登录名）或机构（代码）：')
    d.type('220199')
    d.keys('Enter')
    d.expect_all('220199 不是本库已知机构的代码', '220101')
    d.keys('t')
    d.expect('移交给经办人')
    d.type('220101')
    d.keys('Enter')
    s = d.expect('个案已转至机构 220101，由该机构主管分派经办人。')
    if re.search(r'[A-Za-z]{4,}', s.replace('jobdesk', '').replace('Enter', '')):
        raise Failure('no English on the person after the move', d.shown())
    office = subprocess.run(['sqlite3', d.env['JOBDESK_DB'], "SELECT office_id || '/' || "
                             "coalesce(counselor, '-') FROM person WHERE name = '王丽'"],
                            capture_output=True, text=True).stdout.strip()
    if office != '220101/-':
        raise Failure('王丽 in 220101 with no counselor, not ' + office, d.shown())
    d.keys('q')
    d.expect('查找：')
    d.keys('Escape')
    d.expect('the caseload', lambda s: '基本情况' not in s and '查找：' not in s)
    d.keys('S')
    s = d.expect('同步状态')
    east = next(l for l in s.split('\n') if l.startswith(' 220101'))
    m = re.search(r' (\d+) +0 +0 天', east)
    if not m or int(m.group(1)) < 2:
        raise Failure('东风镇: the snapshot and the move waiting', d.shown())


def two_townships(d):
    """This database the county 2201; 东风镇 (220101) sent a bundle, took the county's and sent
    again (so it acknowledged everything); the long-named 永春镇 station (220102) sent one and got
    nothing back (the county's changes wait for it), its newest data backdated to 2018-02-01."""
    import sqlite3

    def at(office, *args):
        env = dict(d.env, JOBDESK_DB=os.path.join(d.dir, office + '.db'))
        if office == 'c':
            env['JOBDESK_DB'] = d.env['JOBDESK_DB']
        return subprocess.run([JOBDESK] + list(args), env=env, check=True,
                              capture_output=True, text=True).stdout

    def f(name):
        return os.path.join(d.dir, name)

    at('c', 'init', '--office', '2201', '--office-name', '朝阳区就业服务局', '--level', 'county')
    at('t1', 'init', '--office', '220101', '--office-name', '东风镇', '--level', 'township',
       '--parent', '2201')
    at('t2', 'init', '--office', '220102', '--office-name', '长春市朝阳区永春镇人民政府就业服务站',
       '--level', 'township', '--parent', '2201')
    at('c', 'sync', 'key', f('c.key'))
    for t in ('t1', 't2'):
        at(t, 'sync', 'key', f(t + '.key'))
        at('c', 'sync', 'trust', f(t + '.key'))
        at(t, 'sync', 'trust', f('c.key'))
    at('t1', 'person', 'add', '--name', '张伟', '--id-number', zhang_id(), '--counselor', 'tester')
    at('t1', 'sync', 'export', f('up1.jdb'))
    at('t2', 'sync', 'export', f('up2.jdb'))
    at('c', 'sync', 'import', f('up1.jdb'))
    at('c', 'sync', 'import', f('up2.jdb'))
    wangli(d)
    at('c', 'sync', 'export', f('down1.jdb'), '--to', '220101')
    at('t1', 'sync', 'import', f('down1.jdb'))
    at('t1', 'sync', 'export', f('up3.jdb'))
    at('c', 'sync', 'import', f('up3.jdb'))
    db = sqlite3.connect(d.env['JOBDESK_DB'])
    db.execute("UPDATE sync_peer SET newest_at = '2018-02-01T02:00:00.000Z' "
               "WHERE office_id = '220102'")
    db.commit()
    # the county's changes (its own and 东风镇's passed on), none acknowledged by 永春镇: those
    # a bundle would carry to it (reach: units, its own cases)
    waiting = db.execute("SELECT count(*) FROM outbox WHERE (origin IS NULL "
                         "OR origin <> '220102') AND (reach IS NULL "
                         "OR instr(reach, '|220102|') > 0)").fetchone()[0]
    db.close()
    return waiting


@scenario_zh
def zh_sync_status(d):
    """S (zh_CN): one line per township, Chinese headings, the long name fitted to 80 columns;
    东风镇 nothing waiting, 永春镇 the county's changes waiting, its data 28 days old in red and
    bold; Enter shows the office whole in words, q the table again, q the caseload; a counselor
    reads the refusal."""
    waiting = two_townships(d)
    d.start('zh_CN.UTF-8', expect='王丽')
    d.keys('S')
    s = d.expect_all('同步状态', '2 个机构', '机构名称', '最近收到', '最近发出', '已确认', '待发',
                     '暂存', '最新数据', '东风镇', '长春市朝阳区')
    lines = s.split('\n')
    east = next(l for l in lines if l.startswith(' 220101'))
    west = next(l for l in lines if l.startswith(' 220102'))
    if not re.search(r'东风镇 +0/\d+-\d+ \d\d-\d\d 0/\d+-\d+ \d\d-\d\d 0/\d+ +0 +0 +0 天', east):
        raise Failure('东风镇: in, out, acknowledged, nothing waiting or held, 0 days', d.shown())
    if not re.search(r'永… 0/1-1 \d\d-\d\d - +- +%d +0 +28 天' % waiting, west):
        raise Failure('永春镇: %d waiting, none held, 28 days' % waiting, d.shown())
    if any(len(l) > 80 or sum(2 if ord(c) > 0x2e80 else 1 for c in l) > 80 for l in lines):
        raise Failure('every line within 80 columns', d.shown())
    raw = d.tmux('capture-pane', '-p', '-e', '-t', 'jd').split('\n')
    old = next(l for l in raw if ESC.sub('', l).startswith(' 220102'))
    if not re.search(r'\x1b\[[0-9;]*(1;31|31;1|1m\x1b\[31)[0-9;]*m *28 天', old):
        raise Failure('28 days in red and bold', repr(old))
    fresh = next(l for l in raw if ESC.sub('', l).startswith(' 220101'))
    if '31m' in fresh:
        raise Failure('0 days not red', repr(fresh))
    if re.search(r'sync|office|[a-z]{4,}', s.replace('jobdesk', '').replace('Enter', '')):
        raise Failure('no English on the table', d.shown())
    d.keys('Down')
    d.expect_selected('220102')
    d.keys('Enter')
    s = d.expect_all('220102  长春市朝阳区永春镇人民政府就业服务站', '最近收到的数据包：',
                     '220102/0/1-1', '%d 条变更尚未被对方确认' % waiting, '0 个数据包暂存，等待更早的数据包',
                     '对方最新数据：', '2018-02-01', '（28 天前）', '已超过 14 天')
    if re.search(r'sync|office|[a-z]{4,}', s.replace('jobdesk', '').replace('Enter', '')):
        raise Failure('no English on the office', d.shown())
    d.keys('q')
    d.expect('the table again', lambda s: '机构名称' in s and '最近收到的数据包' not in s)
    d.keys('q')
    d.expect('the caseload', lambda s: '机构名称' not in s and '王丽' in s)
    d.run('user', 'add', 'boss', '--name', '王主任', '--role', 'admin', '--office', '2201')
    d.run('--user', 'boss', 'user', 'add', 'lina', '--name', '李娜', '--role', 'counselor',
          '--office', '2201')
    d.keys('q', 'y')
    d.expect('EXIT=')
    d.tmux('respawn-pane', '-k', '-t', 'jd', 'clear; JOBDESK_USER=lina LANG=zh_CN.UTF-8 '
           'LC_ALL=zh_CN.UTF-8 %s; echo "EXIT2=$?"; sleep 60' % JOBDESK)
    d.expect('lina')
    d.keys('S')
    s = d.expect('the refusal', lambda s: '同步状态' in s and '不允许：您是经办人' in s)
    if '220101' in s or '个机构' in s or '尚未信任' in s:
        raise Failure('the refusal alone: no office, no count, no "none trusted"', d.shown())


def main():
    """Run every scenario (or those named) and report each."""
    wanted = sys.argv[2:]
    unknown = set(wanted) - {fn.__name__ for fn in SCENARIOS}
    if unknown:
        sys.exit('test_screens.py: no scenario %s' % ', '.join(sorted(unknown)))
    passed = failed = skipped = 0
    began = time.time()
    for fn in SCENARIOS:
        if wanted and fn.__name__ not in wanted:
            continue
        d = Desk(fn.__name__)
        try:
            d.run('init')                           # the scenario's fresh database
            skip = fn(d)
            if skip:
                skipped += 1
                print('skip %s: %s' % (fn.__name__, skip))
            else:
                passed += 1
                print('ok   %s' % fn.__name__)
        except Failure as e:
            failed += 1
            print('FAIL %s: %s' % (fn.__name__, fn.__doc__))
            print('  expected: %s' % e.expected)
            print('  screen (> the highlighted line):')
            print(e.screen)
        except subprocess.CalledProcessError as e:  # a command of the setting up failed
            failed += 1
            print('FAIL %s: %s' % (fn.__name__, fn.__doc__))
            print('  %s exited %d: %s' % (' '.join(e.cmd[1:]), e.returncode, e.stderr.strip()))
        except Exception:  # anything else that broke: report it, go on with the rest
            failed += 1
            print('FAIL %s: %s' % (fn.__name__, fn.__doc__))
            print(''.join('  ' + l for l in traceback.format_exc().splitlines(True)))
        finally:
            d.close()
        sys.stdout.flush()
    print('%d scenarios in %.1f s' % (passed + failed + skipped, time.time() - began))
    print('%d passed, %d failed' % (passed, failed) + (', %d skipped' % skipped if skipped else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
