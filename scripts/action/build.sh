#!/usr/bin/env bash
# Builds the vigil binary from SOURCE into BUILD_DIR and copies it to BIN_DIR,
# unless BIN_DIR already holds one that runs (restored from the cache). A cached
# binary that no longer starts (say, the runner image changed a shared library)
# is rebuilt. Sets the output `vigil` to the binary's path.
#
# Usage: build.sh SOURCE BUILD_DIR BIN_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
. "$here/common.sh"

if [ $# -ne 3 ]; then
  echo "usage: build.sh SOURCE BUILD_DIR BIN_DIR" >&2
  exit 2
fi
source_dir=$1 build_dir=$2 bin_dir=$3
binary="$bin_dir/vigil"

if [ -x "$binary" ] && "$binary" version >/dev/null 2>&1; then
  vigil_log "using the cached build: $("$binary" version)"
else
  if [ -e "$binary" ]; then vigil_log "the cached binary does not run here; rebuilding"; fi
  jobs=$(nproc 2>/dev/null || echo 2)
  cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DVIGIL_BUILD_TESTS=OFF -DVIGIL_BUILD_BENCH=OFF -DVIGIL_WERROR=OFF >/dev/null
  cmake --build "$build_dir" --target vigil -j "$jobs"
  mkdir -p "$bin_dir"
  cp "$build_dir/vigil" "$binary.tmp"
  mv "$binary.tmp" "$binary"
  vigil_log "built $("$binary" version)"
fi
vigil_output vigil "$binary"
