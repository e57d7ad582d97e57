#!/usr/bin/env bash
# Prints the cache key parts for a vigil build: `hash`, a SHA-256 over the
# paths and contents of everything the build reads (src/, rules/, cmake/,
# tools/, CMakeLists.txt), and `os`, the runner's distribution and release
# (the binary links against its shared libraries).
#
# Why not hashFiles(): it only hashes files under GITHUB_WORKSPACE, and an
# action used from another repository lives outside it (under _actions/), so
# hashFiles('${{ github.action_path }}/src/**') would be empty there.
#
# Usage: source-hash.sh [ACTION_PATH]   (default: the repository holding this script)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
. "$here/common.sh"

root=$(cd "${1:-$here/../..}" && pwd)
if [ ! -f "$root/CMakeLists.txt" ] || [ ! -d "$root/src" ]; then
  vigil_error "$root does not look like vigil's source tree (no CMakeLists.txt or src/)"
  exit 2
fi

hash=$(
  cd "$root"
  {
    printf '%s\0' CMakeLists.txt
    find src rules cmake tools -type f -print0 2>/dev/null
  } | LC_ALL=C sort -z | while IFS= read -r -d '' file; do
    # The path and the content's hash: a rename changes the key too.
    printf '%s %s\n' "$(sha256sum <"$file" | cut -d' ' -f1)" "$file"
  done | sha256sum | cut -d' ' -f1
)

os=unknown
if [ -r /etc/os-release ]; then
  os=$(. /etc/os-release && printf '%s-%s' "${ID:-linux}" "${VERSION_ID:-0}")
fi

vigil_output hash "$hash"
vigil_output os "$os"
