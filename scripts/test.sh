#!/usr/bin/env bash
# Builds vigil in Release and under ASan+UBSan and runs every test in both.
# Usage: scripts/test.sh [--release-only]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

build_and_test() {
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

# Packaging the VS Code extension waits on the npm registry, not on the CPU:
# it runs beside the builds and reports at the end.
vscode_log=$(mktemp)
bash editors/vscode/package.sh >"$vscode_log" 2>&1 &
vscode_pid=$!

echo "== Release build and tests"
build_and_test build -DCMAKE_BUILD_TYPE=Release
echo "== Default rule pack: vigil rules check --strict"
./build/vigil rules check --strict
echo "== Self-scan: vigil scan . (fixtures allowlisted in .vigil.toml)"
./build/vigil scan . --color never

echo "== GitHub Action scripts: range, scan, summary, gate"
bash tests/action/run_tests.sh
echo "== action.yml and the CI workflow: @action-validator/cli (skips without the npm registry)"
bash tests/action/validate.sh

echo "== VS Code extension: vsce package (skips without the npm registry)"
vscode_status=0
wait "$vscode_pid" || vscode_status=1
cat "$vscode_log"
rm -f "$vscode_log"
[ "$vscode_status" -eq 0 ]

if [ "${1:-}" != "--release-only" ]; then
  echo "== ASan+UBSan build and tests"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    build_and_test build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIL_SANITIZE=ON -DVIGIL_BUILD_BENCH=OFF
fi
