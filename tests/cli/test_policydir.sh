#!/usr/bin/env bash
# The office's own policy set (issue 17 point 5): init copies the set in use into DB.policies/
# (0700, files 0600) and says so; an existing database with none gets one at its first open;
# policy check names the set in use and where it comes from: the one given (--policies,
# JOBDESK_POLICIES) before the office's, the office's before the installed set. Replacing it is
# core/policydir's (tests/core/test_policydir.c).
set -u
J=$1
. "$(dirname "$0")/lib.sh"
export JOBDESK_DB=$T/a.db JOBDESK_TODAY=2018-03-01 JOBDESK_USER=tester
POL=$JOBDESK_POLICIES

check init 0 "$J" init
has init-says "$T/err" "jobdesk: init: $T/a.db.policies: the office's policy set, copied from $POL"
eq folder-mode "$(stat -c %a "$T/a.db.policies")" 700
eq file-mode "$(stat -c %a "$T/a.db.policies/groups.yaml")" 600
eq same-files "$(ls "$T/a.db.policies" | sort | tr '\n' ' ')" "$(ls "$POL" | grep '\.yaml$' | sort | tr '\n' ' ')"
check same-content 0 diff -r "$POL" "$T/a.db.policies"

# the set in use: given, else the office's (the installed one is not there in a build tree)
check check-given 0 "$J" policy check
has check-given "$T/out" "policies in use: $POL (given with --policies or JOBDESK_POLICIES)"
check check-office 0 env -u JOBDESK_POLICIES "$J" policy check
has check-office "$T/out" "policies in use: $T/a.db.policies (the office's own set)"
has check-office-ok "$T/out" "test cases: ok"
check grant-office 0 env -u JOBDESK_POLICIES "$J" person add --name 王丽 --id-number 220102199503070028 --hukou-type rural
# the office's set is what is read: a local change there shows in policy list
sed -i "s/^  en: Rural skills-training subsidy$/  en: Office copy subsidy/" "$T/a.db.policies/rural-training-subsidy.yaml"
check list-office 0 env -u JOBDESK_POLICIES "$J" policy list
has list-office "$T/out" "Office copy subsidy"
check list-given 0 "$J" policy list
lacks list-given "$T/out" "Office copy subsidy"
check zh-check 0 env -u JOBDESK_POLICIES LANG=zh_CN.UTF-8 "$J" policy check
has zh-check "$T/out" "本机构自己的政策文件"

# an existing database with none gets one at its first open; init again keeps it
rm -r "$T/a.db.policies"
check reopen 0 "$J" search 王丽
check reopened-made 0 test -f "$T/a.db.policies/groups.yaml"
check init-again 0 "$J" init
lacks init-again-quiet "$T/err" "copied from"

# with no set to copy (no installed set here): init works and says jobdesk has none of its own
check init-no-set 0 env -u JOBDESK_POLICIES "$J" --db "$T/b.db" init
has init-no-set "$T/err" "warning: the office has no policy set of its own yet"
check init-no-set-none 1 test -e "$T/b.db.policies"

finish policydir
