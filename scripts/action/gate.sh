#!/usr/bin/env bash
# Fails the job when there are findings and fail-on-findings is true.
#   gate.sh FAIL_ON_FINDINGS FINDINGS
# Exit status: 0 pass, 1 findings with fail-on-findings, 2 bad input.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
. "$here/common.sh"

if [ $# -ne 2 ]; then
  echo "usage: gate.sh FAIL_ON_FINDINGS FINDINGS" >&2
  exit 2
fi
fail=$(vigil_bool fail-on-findings "$1")
findings=$2
if ! [[ $findings =~ ^[0-9]+$ ]]; then
  vigil_error "no finding count from the scan (got '$findings')"
  exit 2
fi

if [ "$findings" -eq 0 ]; then
  vigil_log "no secrets found"
elif [ "$fail" = true ]; then
  vigil_error "$findings secret(s) found; see the job summary. Set fail-on-findings: false to report without failing."
  exit 1
else
  vigil_warning "$findings secret(s) found; not failing the job (fail-on-findings: false)"
fi
