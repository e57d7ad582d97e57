#!/usr/bin/env bash
# Edit-to-diagnostics latency of `vigil lsp` on a 1,000-line and a 1 MiB
# document, beside `vigil scan -` on the same text (see lsp_latency.py).
#
#   bash bench/lsp/run.sh [path/to/vigil] [--edits N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vigil=$(realpath "${1:-$here/../../build/vigil}")
shift || true
exec python3 "$here/lsp_latency.py" --vigil "$vigil" "$@"
