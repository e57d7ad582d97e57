#!/usr/bin/env bash
# Runs `vigil git` over what range.sh chose, twice: once for the SARIF report
# (code scanning) and once for the JSON report (the summary and the count).
#
# Environment:
#   VIGIL        the vigil binary (default: vigil on PATH)
#   VIGIL_REPO   the repository (default: .)
#   VIGIL_MODE   range | full | none (range.sh's `mode`)
#   VIGIL_RANGE  BASE..HEAD (mode range);  VIGIL_REF  the commit (mode full)
#   INPUT_CONFIG optional config file;  INPUT_ARGS  extra arguments, split like a shell would
#   SARIF_FILE   where to write SARIF (default vigil.sarif)
#   JSON_FILE    where to write JSON (default: SARIF_FILE with .json)
#
# Sets the outputs `findings` (count), `sarif-file` and `json-file` (absolute
# paths, empty when nothing was scanned). Findings do not fail this step
# (gate.sh decides); a usage, config or runtime error does (exit status 2 or
# vigil's own).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
. "$here/common.sh"

vigil=${VIGIL:-vigil}
repo=${VIGIL_REPO:-.}
mode=${VIGIL_MODE:-}
sarif_file=${SARIF_FILE:-vigil.sarif}
json_file=${JSON_FILE:-}
if [ -z "$json_file" ]; then json_file="${sarif_file%.sarif}.json"; fi
if [ "$json_file" = "$sarif_file" ]; then json_file="$sarif_file.json"; fi

absolute() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$PWD" "$1" ;;
  esac
}

case "$mode" in
  range)
    if [[ ${VIGIL_RANGE:-} != ?*..?* ]]; then
      vigil_error "mode range needs VIGIL_RANGE=BASE..HEAD"
      exit 2
    fi
    scope=(--range "$VIGIL_RANGE")
    ;;
  full)
    if [ -z "${VIGIL_REF:-}" ]; then
      vigil_error "mode full needs VIGIL_REF"
      exit 2
    fi
    scope=(--ref "$VIGIL_REF")
    ;;
  none)
    vigil_log "nothing to scan"
    vigil_output findings 0
    vigil_output sarif-file ""
    vigil_output json-file ""
    exit 0
    ;;
  *)
    vigil_error "VIGIL_MODE must be range, full or none (got '$mode')"
    exit 2
    ;;
esac

# Extra arguments, split with shell quoting rules but never evaluated. Words
# are NUL-separated, through a file: $(...) would drop the NULs.
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
  words=$(mktemp)
  if ! INPUT_ARGS="$INPUT_ARGS" python3 -c '
import os, shlex, sys
for word in shlex.split(os.environ["INPUT_ARGS"]):
    sys.stdout.write(word + "\0")
' >"$words"; then
    rm -f "$words"
    vigil_error "input args: cannot split '$INPUT_ARGS' (unbalanced quotes?)"
    exit 2
  fi
  while IFS= read -r -d '' word; do extra+=("$word"); done <"$words"
  rm -f "$words"
fi
for word in "${extra[@]}"; do
  case "$word" in
    -f | --format | --format=* | -o | --output | --output=* | -f?* | -o?*)
      vigil_error "input args: do not pass $word; the action sets the report format and files (see sarif-file)"
      exit 2
      ;;
    --range | --range=* | --since-commit | --since-commit=*)
      vigil_error "input args: do not pass $word; the action computes the range from the event"
      exit 2
      ;;
    --show-secrets)
      vigil_warning "--show-secrets puts whole secrets in the SARIF report and the uploaded alerts"
      ;;
  esac
done

common=(--no-progress)
if [ -n "${INPUT_CONFIG:-}" ]; then
  if [ ! -f "$INPUT_CONFIG" ]; then
    vigil_error "input config: no such file: $INPUT_CONFIG"
    exit 2
  fi
  common+=(--config "$INPUT_CONFIG")
fi

# report_count FORMAT FILE: prints the number of findings in a report, or fails
# when the file is missing or not a complete report.
report_count() {
  python3 - "$1" "$2" <<'PY'
import json
import sys

kind, path = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    if kind == "json":
        print(len(report["findings"]))
    else:
        print(sum(len(run.get("results", [])) for run in report["runs"]))
except (OSError, ValueError, KeyError, TypeError) as error:
    sys.exit(f"{path}: not a complete {kind} report: {error}")
PY
}

# run_vigil FORMAT FILE: one run; prints the finding count. vigil exits 0 when
# clean and --exit-code (default 1) with findings, so success is judged from the
# report: a status other than 0 with no findings in a complete report is an error.
run_vigil() {
  local format=$1 file=$2 status=0 count
  rm -f "$file"
  mkdir -p "$(dirname "$file")"
  vigil_log "running: $vigil git $repo ${scope[*]} ${common[*]} ${extra[*]} --format $format -o $file"
  "$vigil" git "$repo" "${scope[@]}" "${common[@]}" "${extra[@]}" --format "$format" -o "$file" || status=$?
  if ! count=$(report_count "$format" "$file"); then
    vigil_error "vigil failed (exit status $status) and wrote no $format report"
    return $((status == 0 ? 3 : status))
  fi
  if [ "$status" -ne 0 ] && [ "$count" -eq 0 ]; then
    vigil_error "vigil failed (exit status $status)"
    return "$status"
  fi
  printf '%s' "$count"
}

sarif_path=$(absolute "$sarif_file")
json_path=$(absolute "$json_file")
json_count=$(run_vigil json "$json_path")
sarif_count=$(run_vigil sarif "$sarif_path")
if [ "$json_count" != "$sarif_count" ]; then
  vigil_warning "the JSON report has $json_count finding(s) but the SARIF report $sarif_count"
fi

vigil_log "$json_count finding(s)"
vigil_output findings "$json_count"
vigil_output sarif-file "$sarif_path"
vigil_output json-file "$json_path"
