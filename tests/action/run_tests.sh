#!/usr/bin/env bash
# Tests the GitHub Action's shell logic (scripts/action/*.sh) locally: fake
# GITHUB_EVENT_PATH payloads for push (normal, new branch, force push, deleted
# branch), pull_request, merge_group and workflow_dispatch, run against a
# throwaway git repository with fake GitHub tokens planted in some commits.
# The tokens are generated at run time, so this file holds no secret-shaped text.
#
# Usage: VIGIL=/path/to/vigil bash tests/action/run_tests.sh
#        (default VIGIL: build/vigil in this repository)
# Prints one line per check and ends with "N passed, M failed"; exit status 1
# when anything failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
scripts="$root/scripts/action"
VIGIL=${VIGIL:-$root/build/vigil}

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  printf 'ok    %s\n' "$1"
}
fail() {
  failed=$((failed + 1))
  printf 'FAIL  %s\n' "$1"
  shift
  local line
  for line in "$@"; do printf '      %s\n' "$line"; done
}
finish() {
  printf '%d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
  exit
}
expect_eq() {  # DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}
expect_contains() {  # DESCRIPTION TEXT NEEDLE
  if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "missing: $3" "in: ${2:0:2000}"; fi
}
expect_not_contains() {  # DESCRIPTION TEXT NEEDLE
  if [[ $2 != *"$3"* ]]; then pass "$1"; else fail "$1" "unexpected: $3"; fi
}

for tool in git python3; do
  if ! command -v "$tool" >/dev/null; then
    fail "$tool is installed"
    finish
  fi
done
if [ ! -x "$VIGIL" ] || ! "$VIGIL" version >/dev/null 2>&1; then
  fail "vigil binary runs: $VIGIL" "build it first, or set VIGIL=/path/to/vigil"
  finish
fi
VIGIL=$(cd "$(dirname "$VIGIL")" && pwd)/$(basename "$VIGIL")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Keep the caller's git config and GitHub Actions environment out of the tests.
unset GITHUB_OUTPUT GITHUB_EVENT_NAME GITHUB_EVENT_PATH GITHUB_STEP_SUMMARY GITHUB_SERVER_URL \
  GITHUB_REPOSITORY GITHUB_ACTION_PATH GITHUB_SHA VIGIL_SCAN_OUTCOME VIGIL_MODE VIGIL_RANGE VIGIL_REF \
  VIGIL_REPO INPUT_ARGS INPUT_CONFIG SARIF_FILE JSON_FILE VIGIL_SUMMARY_ROWS
export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Action Test" GIT_AUTHOR_EMAIL="action-test@example.invalid"
export GIT_COMMITTER_NAME="Action Test" GIT_COMMITTER_EMAIL="action-test@example.invalid"
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"

# A fake GitHub personal access token: ghp_ and 36 random base62 characters,
# retried in the unlikely case vigil's placeholder or entropy checks drop it.
new_token() {
  local candidate report _
  for _ in 1 2 3 4 5 6 7 8; do
    candidate=$(python3 -c 'import secrets, string
alphabet = string.ascii_letters + string.digits
print("ghp_" + "".join(secrets.choice(alphabet) for _ in range(36)))')
    # vigil exits 1 on findings, so its output is checked, not its status.
    report=$(printf 'token = "%s"\n' "$candidate" | "$VIGIL" scan - --path-hint probe.txt -f json -q 2>/dev/null)
    if python3 -c 'import json, sys; sys.exit(0 if json.loads(sys.argv[1])["findings"] else 1)' "$report" 2>/dev/null; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}
if ! token_main=$(new_token) || ! token_feature=$(new_token) || ! token_force=$(new_token); then
  fail "vigil detects a generated ghp_ token"
  finish
fi

# ---------------------------------------------------------------------------
# The repository, laid out like an actions/checkout clone with fetch-depth: 0
# (the default branch also as refs/remotes/origin/main):
#
#   main:    c1 README ── c2 config/settings.py (token_main) ── c3 README
#   feature: c3 ── f1 deploy/env.sh (token_feature) ── f2 docs/notes.md
#   docs:    c3 ── d1 docs/guide.md
#   topic:   c3 ── o1 topic/a.txt          (the tip before a force push)
#            c3 ── n1 app/key.txt (token_force)   (the tip after it)
repo="$tmp/repo"
git init -q -b main "$repo"
commit() {  # PATH CONTENT MESSAGE -> prints the new commit's SHA
  mkdir -p "$(dirname "$repo/$1")"
  printf '%s\n' "$2" >"$repo/$1"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "$3"
  git -C "$repo" rev-parse HEAD
}
c1=$(commit README.md "# demo" "c1: readme")
c2=$(commit config/settings.py "GITHUB_TOKEN = \"$token_main\"" "c2: settings")
c3=$(commit README.md "# demo, with more words" "c3: readme")
git -C "$repo" update-ref refs/remotes/origin/main "$c3"
git -C "$repo" checkout -q -b feature
f1=$(commit deploy/env.sh "export GH_TOKEN=$token_feature" "f1: deploy script")
f2=$(commit docs/notes.md "notes" "f2: notes")
git -C "$repo" checkout -q -b docs main
d1=$(commit docs/guide.md "guide" "d1: guide")
git -C "$repo" checkout -q -b topic main
o1=$(commit topic/a.txt "old topic" "o1: old topic tip")
git -C "$repo" checkout -q --detach main
n1=$(commit app/key.txt "key = $token_force" "n1: rewritten topic tip")
git -C "$repo" branch -q -f topic "$n1"
git -C "$repo" checkout -q main
zero=0000000000000000000000000000000000000000
missing=$(python3 -c 'import secrets; print(secrets.token_hex(20))')  # a commit no clone has

# ---------------------------------------------------------------------------
# Event payloads.
events="$tmp/events"
mkdir -p "$events"
push_event() {  # NAME BEFORE AFTER REF COMMITS DEFAULT_BRANCH FORCED
  python3 - "$@" >"$events/$1.json" <<'PY'
import json, sys
name, before, after, ref, commits, default, forced = sys.argv[1:8]
json.dump({
    "ref": ref, "before": before, "after": after,
    "created": set(before) == {"0"}, "deleted": set(after) == {"0"}, "forced": forced == "true",
    "commits": [{"id": str(i), "message": "commit"} for i in range(int(commits))],
    "head_commit": None if set(after) == {"0"} else {"id": after},
    "repository": {"full_name": "acme/demo", "default_branch": default},
}, sys.stdout)
PY
  printf '%s' "$events/$1.json"
}
pr_event() {  # NAME BASE_SHA HEAD_SHA BASE_REF NUMBER
  python3 - "$@" >"$events/$1.json" <<'PY'
import json, sys
name, base, head, base_ref, number = sys.argv[1:6]
json.dump({
    "action": "synchronize", "number": int(number),
    "pull_request": {"number": int(number),
                     "base": {"sha": base, "ref": base_ref, "repo": {"full_name": "acme/demo"}},
                     "head": {"sha": head, "ref": "feature", "repo": {"full_name": "acme/demo"}}},
    "repository": {"full_name": "acme/demo", "default_branch": "main"},
}, sys.stdout)
PY
  printf '%s' "$events/$1.json"
}
json_event() {  # NAME JSON
  printf '%s' "$2" >"$events/$1.json"
  printf '%s' "$events/$1.json"
}

# ---------------------------------------------------------------------------
# Running the scripts as action.yml does. Outputs go to a GITHUB_OUTPUT file.
out_value() {  # FILE KEY
  grep -m1 "^$2=" "$1" 2>/dev/null | cut -d= -f2-
}
run_count=0
# run_range EVENT_NAME EVENT_FILE [REPO]: sets mode, range, ref, description,
# range_status and range_stderr.
run_range() {
  run_count=$((run_count + 1))
  local out="$tmp/range.$run_count.out"
  : >"$out"
  range_status=0
  range_stderr=$(cd "${3:-$repo}" && GITHUB_OUTPUT="$out" GITHUB_EVENT_NAME="$1" GITHUB_EVENT_PATH="$2" \
    bash "$scripts/range.sh" . 2>&1 >/dev/null) || range_status=$?
  mode=$(out_value "$out" mode)
  range=$(out_value "$out" range)
  ref=$(out_value "$out" ref)
  description=$(out_value "$out" description)
}
# run_scan [VAR=VALUE...]: scans what run_range chose; sets findings, sarif,
# json, scan_status and scan_stderr.
run_scan() {
  run_count=$((run_count + 1))
  local out="$tmp/scan.$run_count.out"
  : >"$out"
  scan_status=0
  scan_stderr=$(cd "$repo" && env GITHUB_OUTPUT="$out" VIGIL="$VIGIL" VIGIL_REPO=. VIGIL_MODE="$mode" \
    VIGIL_RANGE="$range" VIGIL_REF="$ref" SARIF_FILE="$tmp/reports/$run_count.sarif" \
    JSON_FILE="$tmp/reports/$run_count.json" "$@" bash "$scripts/scan.sh" 2>&1 >/dev/null) || scan_status=$?
  findings=$(out_value "$out" findings)
  sarif=$(out_value "$out" sarif-file)
  json=$(out_value "$out" json-file)
}
# Paths of the findings in a JSON report, sorted and comma-separated.
finding_paths() {
  python3 -c 'import json, sys
print(",".join(sorted(f["path"] for f in json.load(open(sys.argv[1]))["findings"])))' "$1"
}

# scenario NAME EVENT_NAME EVENT_FILE MODE EXPECTED(range or ref) FINDING_PATHS
# Checks the computed range, then that a scan of it finds exactly FINDING_PATHS.
scenario() {
  local name=$1 event_name=$2 event_file=$3 expected_mode=$4 expected=$5 expected_paths=$6
  run_range "$event_name" "$event_file"
  if [ "$range_status" -ne 0 ]; then
    fail "$name: range.sh succeeds" "exit status $range_status" "$range_stderr"
    return
  fi
  expect_eq "$name: mode" "$expected_mode" "$mode"
  case "$expected_mode" in
    range) expect_eq "$name: range" "$expected" "$range" ;;
    full) expect_eq "$name: audited commit" "$expected" "$ref" ;;
  esac
  run_scan
  if [ "$scan_status" -ne 0 ]; then
    fail "$name: scan.sh succeeds" "exit status $scan_status" "$scan_stderr"
    return
  fi
  if [ "$expected_mode" = none ]; then
    expect_eq "$name: no findings, no report" "0:" "$findings:$sarif"
    return
  fi
  local count=0
  if [ -n "$expected_paths" ]; then count=$(($(tr -cd ',' <<<"$expected_paths" | wc -c) + 1)); fi
  expect_eq "$name: findings" "$count" "$findings"
  expect_eq "$name: finding paths" "$expected_paths" "$(finding_paths "$json")"
}

echo "== range.sh and scan.sh, per event"
scenario "push c2..c3 (token in c2, before the range)" push \
  "$(push_event push-clean "$c2" "$c3" refs/heads/main 1 main false)" range "$c2..$c3" ""
scenario "push c1..c3 (token in c2, inside the range)" push \
  "$(push_event push-token "$c1" "$c3" refs/heads/main 2 main false)" range "$c1..$c3" "config/settings.py"
scenario "new branch (before all zeros): commits main lacks" push \
  "$(push_event new-branch "$zero" "$f2" refs/heads/feature 2 main false)" range "$c3..$f2" "deploy/env.sh"
expect_contains "new branch: description says so" "$description" "new branch"
scenario "new branch, default branch not in the clone: the 2 pushed commits" push \
  "$(push_event new-branch-2 "$zero" "$f2" refs/heads/feature 2 trunk false)" range "$c3..$f2" "deploy/env.sh"
expect_contains "new branch, no default branch: warns" "$range_stderr" "trunk is not in the clone"
scenario "new branch, default branch not in the clone: 1 pushed commit misses f1" push \
  "$(push_event new-branch-1 "$zero" "$f2" refs/heads/feature 1 trunk false)" range "$f1..$f2" ""
scenario "new branch with an empty commits list: HEAD's commit" push \
  "$(push_event new-branch-0 "$zero" "$f2" refs/heads/feature 0 "" false)" range "$f1..$f2" ""
scenario "first push of the default branch: reaches the root, full history" push \
  "$(push_event first-push "$zero" "$c3" refs/heads/main 3 main false)" full "$c3" "config/settings.py"
scenario "force push, old tip in the clone: before..after" push \
  "$(push_event force-known "$o1" "$n1" refs/heads/topic 1 main true)" range "$o1..$n1" "app/key.txt"
scenario "force push, old tip gone: the commits main lacks" push \
  "$(push_event force-gone "$missing" "$n1" refs/heads/topic 1 main true)" range "$c3..$n1" "app/key.txt"
expect_contains "force push, old tip gone: description" "$description" "force push"
scenario "force push to main, old tip gone: the pushed commits" push \
  "$(push_event force-main "$missing" "$c3" refs/heads/main 1 main true)" range "$c2..$c3" ""
scenario "deleted branch: nothing to scan" push \
  "$(push_event deleted "$f2" "$zero" refs/heads/feature 0 main false)" none "" ""
scenario "pull_request adding a token" pull_request \
  "$(pr_event pr-token "$c3" "$f2" main 7)" range "$c3..$f2" "deploy/env.sh"
expect_contains "pull_request: description names the PR" "$description" "pull request #7"
scenario "pull_request without a token (one is in the base)" pull_request \
  "$(pr_event pr-clean "$c3" "$d1" main 8)" range "$c3..$d1" ""
scenario "pull_request, base commit gone: origin/BASE_REF" pull_request \
  "$(pr_event pr-base-gone "$missing" "$f2" main 9)" range "$c3..$f2" "deploy/env.sh"
scenario "pull_request_target uses the pull_request payload" pull_request_target \
  "$(pr_event prt "$c3" "$f2" main 10)" range "$c3..$f2" "deploy/env.sh"
scenario "merge_group: base_sha..head_sha" merge_group \
  "$(json_event merge-group "{\"merge_group\":{\"base_sha\":\"$c3\",\"head_sha\":\"$f2\"}}")" \
  range "$c3..$f2" "deploy/env.sh"
scenario "workflow_dispatch: full history of HEAD (main)" workflow_dispatch \
  "$(json_event dispatch '{"inputs":{},"ref":"refs/heads/main"}')" full "$c3" "config/settings.py"
scenario "schedule: full history of HEAD" schedule \
  "$(json_event schedule '{"schedule":"0 3 * * *"}')" full "$c3" "config/settings.py"

echo "== range.sh errors"
run_range pull_request "$(pr_event pr-no-base "$missing" "$f2" no-such-branch 11)"
expect_eq "pull_request with no base in the clone: exit status 2" 2 "$range_status"
expect_contains "pull_request with no base: says fetch-depth: 0" "$range_stderr" "fetch-depth: 0"
run_range push "$(json_event broken '{"before": ')"
expect_eq "unparsable payload: exit status 2" 2 "$range_status"
run_range push "$events/does-not-exist.json"
expect_eq "missing payload: exit status 2" 2 "$range_status"
mkdir -p "$tmp/not-a-repo"
run_range workflow_dispatch "$events/dispatch.json" "$tmp/not-a-repo"
expect_eq "not a git repository: exit status 2" 2 "$range_status"
git clone -q --depth 1 --branch main "file://$repo" "$tmp/shallow" 2>/dev/null
run_range push "$(push_event shallow "$c2" "$c3" refs/heads/main 1 main false)" "$tmp/shallow"
expect_contains "shallow clone: warns to use fetch-depth: 0" "$range_stderr" "fetch-depth: 0"
expect_contains "shallow clone: the warning is a workflow command" "$range_stderr" "::warning"

echo "== scan.sh inputs"
run_range pull_request "$events/pr-token.json"
run_scan
expect_eq "SARIF report: one result, version 2.1.0" "2.1.0:1" "$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); print(r["version"] + ":" + str(sum(len(x["results"]) for x in r["runs"])))' "$sarif")"
expect_eq "SARIF report: rule github-pat" "github-pat" "$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["runs"][0]["results"][0]["ruleId"])' "$sarif")"
expect_not_contains "SARIF report holds no full token" "$(cat "$sarif")" "$token_feature"
expect_not_contains "JSON report holds no full token" "$(cat "$json")" "$token_feature"
pr_json=$json
run_scan INPUT_ARGS="--exit-code 0"
expect_eq "args --exit-code 0: findings still counted from the report" "0:1" "$scan_status:$findings"
run_scan INPUT_ARGS="--max-file-size '2M' -j 1"
expect_eq "args with quotes are split like a shell" "0:1" "$scan_status:$findings"
run_scan INPUT_ARGS="--format json"
expect_eq "args may not set --format" 2 "$scan_status"
run_scan INPUT_ARGS="-ojson.out"
expect_eq "args may not set -o" 2 "$scan_status"
run_scan INPUT_ARGS="--bogus-flag"
expect_eq "args with an unknown flag: vigil's usage error fails the step" 2 "$scan_status"
expect_contains "unknown flag: the error is a workflow command" "$scan_stderr" "::error"
run_scan INPUT_ARGS="--max-file-size 'unbalanced"
expect_eq "args with unbalanced quotes fail the step" 2 "$scan_status"
printf '[extend]\nuseDefault = true\ndisabledRules = ["github-pat", "generic-api-key"]\n' >"$tmp/no-github.toml"
run_scan INPUT_CONFIG="$tmp/no-github.toml"
expect_eq "config disabling the rules that match: no findings" "0:0" "$scan_status:$findings"
printf '[[rules]\nid = \n' >"$tmp/broken.toml"
run_scan INPUT_CONFIG="$tmp/broken.toml"
expect_eq "broken config: vigil's config error fails the step" 2 "$scan_status"
run_scan INPUT_CONFIG="$tmp/no-such-config.toml"
expect_eq "missing config file fails the step" 2 "$scan_status"
run_scan VIGIL_MODE=bogus
expect_eq "unknown mode fails the step" 2 "$scan_status"
run_scan VIGIL_RANGE="$missing..$f2"
expect_eq "range naming a missing commit: vigil's error fails the step" failed \
  "$([ "$scan_status" -ne 0 ] && echo failed || echo passed)"
run_scan INPUT_ARGS="--show-secrets"
expect_contains "--show-secrets: warns about the SARIF upload" "$scan_stderr" "::warning"
show_secrets_json=$json

echo "== summary.sh"
summary=$(bash "$scripts/summary.sh" "$pr_json" "pull request #7: ${c3:0:7}..${f2:0:7}")
expect_contains "summary: heading" "$summary" "## vigil secret scan"
expect_contains "summary: scope" "$summary" "pull request #7"
expect_contains "summary: count" "$summary" "1 secret found"
expect_contains "summary: table header" "$summary" "| Severity | Rule | Location | Commit |"
expect_contains "summary: severity" "$summary" "critical"
expect_contains "summary: rule" "$summary" "github-pat"
expect_contains "summary: path:line" "$summary" "deploy/env.sh:1"
expect_contains "summary: commit short SHA" "$summary" "${f1:0:7}"
expect_contains "summary: redacted secret" "$summary" "ghp_*****"
expect_contains "summary: fingerprint" "$summary" "$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["findings"][0]["fingerprint"])' "$pr_json")"
expect_contains "summary: how to allow (vigil:allow)" "$summary" "vigil:allow"
expect_contains "summary: how to allow (.vigilignore)" "$summary" ".vigilignore"
expect_not_contains "summary: no full token" "$summary" "$token_feature"
expect_not_contains "summary: no token body" "$summary" "${token_feature:4}"
expect_not_contains "summary: not 'No secrets found'" "$summary" "No secrets found"
linked=$(GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/demo bash "$scripts/summary.sh" "$pr_json" "")
expect_contains "summary: links the line" "$linked" "https://github.com/acme/demo/blob/$f1/deploy/env.sh#L1"
expect_contains "summary: links the commit" "$linked" "https://github.com/acme/demo/commit/$f1"
shown=$(bash "$scripts/summary.sh" "$show_secrets_json" "")
expect_not_contains "summary of a --show-secrets report: no full token" "$shown" "$token_feature"
expect_contains "summary of a --show-secrets report: redacted" "$shown" "ghp_*****"

run_range pull_request "$events/pr-clean.json"
run_scan
clean=$(bash "$scripts/summary.sh" "$json" "$description")
expect_contains "clean summary: No secrets found" "$clean" "No secrets found"
expect_not_contains "clean summary: no table" "$clean" "| Severity |"
nothing=$(bash "$scripts/summary.sh" "" "push deleted refs/heads/feature: nothing to scan")
expect_contains "nothing scanned: says so" "$nothing" "Nothing to scan"
failed_scan=$(VIGIL_SCAN_OUTCOME=failure bash "$scripts/summary.sh" "" "pull request #7")
expect_contains "failed scan: says it did not finish" "$failed_scan" "did not finish"
no_report=$(bash "$scripts/summary.sh" "$tmp/no-such-report.json" "x")
expect_contains "missing report: says so" "$no_report" "did not produce a report"

# A crafted report: a secret that is not redacted, and a path with a pipe.
python3 - "$tmp/crafted.json" "$token_force" <<'PY'
import json, sys
path, secret = sys.argv[1], sys.argv[2]
finding = {"rule_id": "github-pat", "description": "GitHub <b>token</b> | x", "severity": "high",
           "path": "odd|dir/a`b.txt", "start_line": 3, "start_column": 1, "secret": secret,
           "match": secret, "redacted": False, "fingerprint": "f" * 32, "git": {"commit": "a" * 40}}
json.dump({"findings": [finding] * 3, "stats": {"files_scanned": 1, "skipped_total": 0,
           "warnings": [{"path": "x|y", "message": "shallow <clone>"}]}}, open(path, "w"))
PY
crafted=$(VIGIL_SUMMARY_ROWS=2 bash "$scripts/summary.sh" "$tmp/crafted.json" "crafted")
expect_not_contains "unredacted report: summary redacts the secret" "$crafted" "$token_force"
expect_contains "unredacted report: shows vigil's redacted form" "$crafted" "ghp_*****"
expect_contains "pipes in paths are escaped" "$crafted" 'odd\|dir/a`b.txt:3'
expect_not_contains "HTML in descriptions is escaped" "$crafted" "<b>"
expect_contains "rows past VIGIL_SUMMARY_ROWS are counted" "$crafted" "and 1 more"
expect_contains "warnings are listed" "$crafted" "shallow &lt;clone&gt;"
rows=$(grep -c '^| \*\*high' <<<"$crafted")
expect_eq "table rows stop at VIGIL_SUMMARY_ROWS" 2 "$rows"
columns=$(grep -m1 '^| \*\*high' <<<"$crafted" | sed 's/\\|//g' | tr -cd '|' | wc -c)
expect_eq "an escaped pipe keeps the row at 6 columns" 7 "$columns"

echo "== gate.sh"
gate() {
  local status=0
  bash "$scripts/gate.sh" "$1" "$2" >/dev/null 2>&1 || status=$?
  printf '%s' "$status"
}
expect_eq "fail-on-findings true, 1 finding: exit 1" 1 "$(gate true 1)"
expect_eq "fail-on-findings TRUE, 2 findings: exit 1" 1 "$(gate TRUE 2)"
expect_eq "fail-on-findings false, 1 finding: exit 0" 0 "$(gate false 1)"
expect_eq "fail-on-findings true, 0 findings: exit 0" 0 "$(gate true 0)"
expect_eq "fail-on-findings 'maybe': exit 2" 2 "$(gate maybe 1)"
expect_eq "no finding count (the scan did not run): exit 2" 2 "$(gate true '')"

echo "== the action's steps in order (range, scan, summary, gate)"
# run_action EVENT_NAME EVENT_FILE FAIL_ON_FINDINGS: as action.yml runs them;
# sets action_status and action_summary.
run_action() {
  local summary_file="$tmp/step-summary.$run_count"
  run_range "$1" "$2"
  if [ "$range_status" -ne 0 ]; then
    action_status=$range_status
    return
  fi
  run_scan
  VIGIL_SCAN_OUTCOME=$([ "$scan_status" -eq 0 ] && echo success || echo failure) \
    bash "$scripts/summary.sh" "$json" "$description" >"$summary_file"
  action_summary=$(cat "$summary_file")
  if [ "$scan_status" -ne 0 ]; then
    action_status=$scan_status
    return
  fi
  action_status=0
  bash "$scripts/gate.sh" "$3" "$findings" >/dev/null 2>&1 || action_status=$?
}
run_action pull_request "$events/pr-token.json" true
expect_eq "PR with a token, fail-on-findings true: the job fails" 1 "$action_status"
expect_contains "PR with a token: the summary has the table" "$action_summary" "| Severity |"
expect_not_contains "PR with a token: the summary has no full token" "$action_summary" "$token_feature"
run_action pull_request "$events/pr-token.json" false
expect_eq "PR with a token, fail-on-findings false: the job passes" 0 "$action_status"
run_action pull_request "$events/pr-clean.json" true
expect_eq "clean PR, fail-on-findings true: the job passes" 0 "$action_status"
expect_contains "clean PR: No secrets found" "$action_summary" "No secrets found"
run_action push "$events/deleted.json" true
expect_eq "deleted branch: the job passes" 0 "$action_status"
expect_contains "deleted branch: Nothing to scan" "$action_summary" "Nothing to scan"

echo "== source-hash.sh and build.sh"
fake="$tmp/fake-source"
mkdir -p "$fake/src" "$fake/rules" "$fake/cmake" "$fake/tools"
printf 'project(x)\n' >"$fake/CMakeLists.txt"
printf 'int main() {}\n' >"$fake/src/main.cc"
printf '[[rules]]\nid = "a"\n' >"$fake/rules/a.toml"
hash_of() { bash "$scripts/source-hash.sh" "$1" | grep '^hash=' | cut -d= -f2; }
first=$(hash_of "$fake")
expect_eq "source hash: 64 hex characters" 64 "${#first}"
expect_eq "source hash: stable" "$first" "$(hash_of "$fake")"
printf '[[rules]]\nid = "b"\n' >"$fake/rules/a.toml"
expect_not_contains "source hash: changes with a rule file" "$(hash_of "$fake")" "$first"
mv "$fake/rules/a.toml" "$fake/rules/b.toml"
second=$(hash_of "$fake")
printf '[[rules]]\nid = "a"\n' >"$fake/rules/b.toml"
expect_not_contains "source hash: changes with a renamed file" "$(hash_of "$fake")" "$second"
expect_contains "source hash: os output" "$(bash "$scripts/source-hash.sh" "$fake")" "os="
status=0
bash "$scripts/source-hash.sh" "$tmp/not-a-repo" >/dev/null 2>&1 || status=$?
expect_eq "source hash of a non-vigil folder: exit 2" 2 "$status"
mkdir -p "$tmp/bin"
cp "$VIGIL" "$tmp/bin/vigil"
built=$(bash "$scripts/build.sh" "$tmp/no-source" "$tmp/no-build" "$tmp/bin" 2>"$tmp/build.err")
expect_eq "build.sh: a cached binary that runs is reused" "vigil=$tmp/bin/vigil" "$built"
expect_contains "build.sh: says it used the cache" "$(cat "$tmp/build.err")" "cached"

echo "== action.yml wiring"
action=$(cat "$root/action.yml")
for script in $(grep -o 'scripts/action/[a-z-]*\.sh' "$root/action.yml" | sort -u) scripts/install-deps.sh; do
  if [ -f "$root/$script" ] && bash -n "$root/$script"; then
    pass "action.yml: $script exists and parses"
  else
    fail "action.yml: $script exists and parses"
  fi
done
for input in config args fail-on-findings upload-sarif sarif-file; do
  expect_contains "action.yml: input $input is declared" "$action" "  $input:"
  expect_contains "action.yml: input $input is used" "$action" "inputs.$input "
done
expect_contains "action.yml: uploads with codeql-action/upload-sarif@v3" "$action" "github/codeql-action/upload-sarif@v3"
expect_contains "action.yml: SARIF category vigil" "$action" "category: vigil"
expect_contains "action.yml: caches with actions/cache" "$action" "actions/cache@v4"
expect_contains "action.yml: usage documents fetch-depth: 0" "$action" "fetch-depth: 0"
expect_contains "action.yml: writes the step summary" "$action" 'GITHUB_STEP_SUMMARY'

finish
