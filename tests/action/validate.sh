#!/usr/bin/env bash
# Validates action.yml and .github/workflows/*.yml against GitHub's schemas
# with @action-validator/cli (npm), and lints the action's shell scripts
# (with shellcheck, where installed).
#
# action-validator comes from PATH, else is installed into a temporary prefix.
# Without npm, or when the npm registry cannot be reached, the schema checks
# are skipped with a message and exit status 0.
# Ends with "N passed, M failed[, K skipped]"; exit status 1 when anything failed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 2  # action-validator checks path globs against the current directory

passed=0
failed=0
skipped=0
finish() {
  if [ "$skipped" -gt 0 ]; then
    printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%d passed, %d failed\n' "$passed" "$failed"
  fi
  [ "$failed" -eq 0 ]
  exit
}

files=(action.yml .github/workflows/*.yml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

validator=""
if command -v action-validator >/dev/null; then
  validator=$(command -v action-validator)
elif ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "validate: SKIPPED the schema checks: npm (and node) are not installed"
  skipped=$((skipped + ${#files[@]}))
else
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  if ! timeout 60 npm ping --loglevel=error --fetch-retries=0 >/dev/null 2>&1; then
    echo "validate: SKIPPED the schema checks: the npm registry cannot be reached"
    skipped=$((skipped + ${#files[@]}))
  else
    echo "validate: installing @action-validator/cli into a temporary prefix"
    if timeout 300 npm install --prefix "$tmp" --no-save --loglevel=error --fetch-retries=1 \
      --fetch-timeout=60000 @action-validator/cli >"$tmp/npm.log" 2>&1 &&
      [ -x "$tmp/node_modules/.bin/action-validator" ]; then
      validator="$tmp/node_modules/.bin/action-validator"
    else
      echo "FAIL  npm install @action-validator/cli (the registry answers a ping):"
      sed 's/^/      /' "$tmp/npm.log"
      failed=$((failed + 1))
    fi
  fi
fi

if [ -n "$validator" ]; then
  for file in "${files[@]}"; do
    # The file name tells action-validator whether it is an action or a workflow.
    if output=$(FORCE_COLOR=0 "$validator" "$file" 2>&1); then
      echo "ok    action-validator $file"
      passed=$((passed + 1))
    else
      echo "FAIL  action-validator $file"
      printf '%s\n' "$output" | sed 's/^/      /'
      failed=$((failed + 1))
    fi
  done
fi

scripts=(scripts/action/*.sh tests/action/*.sh)
if command -v shellcheck >/dev/null; then
  if output=$(shellcheck -x "${scripts[@]}" 2>&1); then
    echo "ok    shellcheck ${scripts[*]}"
    passed=$((passed + 1))
  else
    echo "FAIL  shellcheck"
    printf '%s\n' "$output" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
else
  echo "validate: SKIPPED shellcheck: not installed"
  skipped=$((skipped + 1))
fi

finish
