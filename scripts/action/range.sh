#!/usr/bin/env bash
# Decides what the action scans, from the GitHub event that started the run.
#
#   pull_request, pull_request_target (and other events with a pull_request
#   payload): the PR's commits, BASE.sha..HEAD.sha.
#   merge_group: base_sha..head_sha.
#   push: before..after. When `before` is all zeros (a new branch or tag), or
#     is not in the clone (a force push replaced it), the commits the default
#     branch lacks (origin/DEFAULT..after); when the default branch is not in
#     the clone either, or is the pushed branch, the N pushed commits
#     (after~N..after, N = the length of `commits`, at least 1); when those
#     reach the root commit, the full history of `after`.
#     A deleted branch has nothing to scan.
#   anything else (workflow_dispatch, schedule, ...): the full history of HEAD.
#
# Reads GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. Sets the outputs
#   mode         range | full | none
#   range        BASE..HEAD with full SHAs (mode range)
#   ref          the commit whose history is audited (mode full)
#   description  one line for people: what is scanned and why
#
# Usage: range.sh [REPO]   (default: the current directory)
# Exit status: 0, or 2 when the event or the clone cannot give a range.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
. "$here/common.sh"

repo=${1:-.}
event_name=${GITHUB_EVENT_NAME:-}
event_path=${GITHUB_EVENT_PATH:-}
fetch_hint="check out with actions/checkout and fetch-depth: 0"

# A full object name: SHA-1 or SHA-256.
sha_pattern='^([0-9a-f]{40}|[0-9a-f]{64})$'
zero_pattern='^0+$'

if ! git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  vigil_error "$repo is not a git repository: $fetch_hint"
  exit 2
fi
if [ "$(git -C "$repo" rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
  vigil_warning "shallow clone: commits past its boundary cannot be scanned; $fetch_hint"
fi

# commit_of REV: prints the full SHA of the commit REV names, or fails.
commit_of() {
  git -C "$repo" rev-parse --verify --quiet "$1^{commit}" 2>/dev/null
}
short() { printf '%.7s' "$1"; }

emit_range() {  # BASE HEAD DESCRIPTION
  vigil_output mode range
  vigil_output range "$1..$2"
  vigil_output ref ""
  vigil_output description "$3"
}
emit_full() {  # HEAD DESCRIPTION
  vigil_output mode full
  vigil_output range ""
  vigil_output ref "$1"
  vigil_output description "$2"
}
emit_none() {  # DESCRIPTION
  vigil_output mode none
  vigil_output range ""
  vigil_output ref ""
  vigil_output description "$1"
}

# The event payload, flattened to key=value lines by python3 (on every runner).
declare -A event=()
if [ -n "$event_path" ]; then
  if [ ! -r "$event_path" ]; then
    vigil_error "cannot read the event payload $event_path"
    exit 2
  fi
  if ! payload=$(python3 - "$event_path" <<'PY'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as handle:
    event = json.load(handle)
if not isinstance(event, dict):
    raise SystemExit("the event payload is not a JSON object")


def get(*keys):
    node = event
    for key in keys:
        if not isinstance(node, dict) or node.get(key) is None:
            return ""
        node = node[key]
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


commits = event.get("commits")
fields = {
    "before": get("before"),
    "after": get("after"),
    "ref": get("ref"),
    "deleted": get("deleted"),
    "forced": get("forced"),
    "commits": str(len(commits)) if isinstance(commits, list) else "",
    "default_branch": get("repository", "default_branch"),
    "pr_number": get("pull_request", "number"),
    "pr_base_sha": get("pull_request", "base", "sha"),
    "pr_base_ref": get("pull_request", "base", "ref"),
    "pr_head_sha": get("pull_request", "head", "sha"),
    "mg_base_sha": get("merge_group", "base_sha"),
    "mg_head_sha": get("merge_group", "head_sha"),
}
for key, value in fields.items():
    print(key + "=" + " ".join(value.split("\n")).replace("\r", " "))
PY
  ); then
    vigil_error "cannot parse the event payload $event_path"
    exit 2
  fi
  while IFS='=' read -r key value; do
    event[$key]=$value
  done <<<"$payload"
fi
field() { printf '%s' "${event[$1]:-}"; }

# valid_sha VALUE: a full, non-zero object name.
valid_sha() { [[ $1 =~ $sha_pattern ]] && ! [[ $1 =~ $zero_pattern ]]; }

# head_commit WANTED: WANTED when it is in the clone, else HEAD (with a warning).
head_commit() {
  local wanted=$1 head
  if valid_sha "$wanted" && commit_of "$wanted" >/dev/null; then
    printf '%s' "$wanted"
    return
  fi
  if ! head=$(commit_of HEAD); then
    vigil_error "the repository has no HEAD commit"
    exit 2
  fi
  if [ -n "$wanted" ]; then
    vigil_warning "commit $wanted is not in the clone; scanning up to HEAD ($(short "$head")) instead"
  fi
  printf '%s' "$head"
}

# New branch or tag, or a force push whose old tip is gone: the commits the
# default branch lacks, else the pushed commits, else the full history.
pushed_commits() {  # HEAD WHY
  local head=$1 why=$2 ref default base count
  ref=$(field ref)
  default=$(field default_branch)
  if [ -n "$default" ] && [ "$ref" != "refs/heads/$default" ] &&
     git check-ref-format "refs/heads/$default" 2>/dev/null; then
    for candidate in "refs/remotes/origin/$default" "refs/heads/$default"; do
      if base=$(commit_of "$candidate"); then
        emit_range "$base" "$head" \
          "push to ${ref:-HEAD} ($why): the commits $default lacks, $(short "$base")..$(short "$head")"
        return
      fi
    done
    vigil_warning "the default branch $default is not in the clone ($fetch_hint); scanning the pushed commits only"
  fi
  count=$(field commits)
  if ! [[ $count =~ ^[0-9]+$ ]] || [ "$count" -lt 1 ]; then count=1; fi
  if base=$(commit_of "$head~$count"); then
    emit_range "$base" "$head" \
      "push to ${ref:-HEAD} ($why): the $count pushed commit(s), $(short "$base")..$(short "$head")"
  else
    emit_full "$head" \
      "push to ${ref:-HEAD} ($why): the pushed commits reach the first commit, so the full history of $(short "$head")"
  fi
}

on_push() {
  local before after head why
  before=$(field before)
  after=$(field after)
  if [ "$(field deleted)" = true ] || [[ $after =~ $zero_pattern ]]; then
    emit_none "push deleted $(field ref): nothing to scan"
    return
  fi
  head=$(head_commit "$after")
  if [ -z "$before" ] || [[ $before =~ $zero_pattern ]]; then
    pushed_commits "$head" "new branch or tag"
  elif valid_sha "$before" && commit_of "$before" >/dev/null; then
    emit_range "$before" "$head" "push to $(field ref): $(short "$before")..$(short "$head")"
  else
    why="the previous tip $(short "$before") is not in the clone"
    if [ "$(field forced)" = true ]; then why="force push; $why"; fi
    pushed_commits "$head" "$why"
  fi
}

on_pull_request() {  # BASE_SHA HEAD_SHA BASE_REF LABEL
  local base_sha=$1 head_sha=$2 base_ref=$3 label=$4 base head
  head=$(head_commit "$head_sha")
  if valid_sha "$base_sha" && commit_of "$base_sha" >/dev/null; then
    base=$base_sha
  elif [ -n "$base_ref" ] && git check-ref-format "refs/heads/$base_ref" 2>/dev/null &&
       base=$(commit_of "refs/remotes/origin/$base_ref"); then
    vigil_warning "base commit $base_sha is not in the clone; using origin/$base_ref ($(short "$base"))"
  else
    vigil_error "$label: base commit '${base_sha}' is not in the clone; $fetch_hint"
    exit 2
  fi
  emit_range "$base" "$head" "$label: $(short "$base")..$(short "$head")"
}

case "$event_name" in
  push)
    on_push
    ;;
  merge_group)
    on_pull_request "$(field mg_base_sha)" "$(field mg_head_sha)" "" "merge group"
    ;;
  *)
    if [ -n "$(field pr_base_sha)" ]; then
      on_pull_request "$(field pr_base_sha)" "$(field pr_head_sha)" "$(field pr_base_ref)" \
        "pull request #$(field pr_number)"
    else
      head=$(head_commit "")
      emit_full "$head" "${event_name:-local run}: the full history of $(short "$head")"
    fi
    ;;
esac
