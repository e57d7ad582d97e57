#!/usr/bin/env bash
# Packages the VS Code extension with @vscode/vsce into editors/vscode/vigil-<version>.vsix,
# when Node.js and the npm registry are there; otherwise says why and exits 0.
# Ends with "N passed, M failed[, K skipped]". Bounded to about two minutes at worst, about
# 30 s usually; scripts/test.sh runs it in the background, beside the builds.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here" || exit 2
passed=0 failed=0 skipped=0
finish() {
  if [ "$skipped" -gt 0 ]; then
    printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%d passed, %d failed\n' "$passed" "$failed"
  fi
  [ "$failed" -eq 0 ]
  exit
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "vscode: SKIPPED packaging: Node.js and npm are not installed"
  skipped=1; finish
fi
if node --check extension.js; then passed=$((passed + 1)); else echo "FAIL  node --check extension.js"; failed=$((failed + 1)); fi
# The extension's logic against stand-ins for VS Code (node's test runner, no registry needed).
if output=$(node --test test/ 2>&1); then
  echo "ok    node --test editors/vscode/test"
  passed=$((passed + 1))
else
  echo "FAIL  node --test editors/vscode/test"
  printf '%s\n' "$output" | sed 's/^/      /' | tail -40
  failed=$((failed + 1))
fi

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
if ! timeout 15 npm ping --loglevel=error --fetch-retries=0 >/dev/null 2>&1; then
  echo "vscode: SKIPPED packaging: the npm registry cannot be reached"
  skipped=1; finish
fi
# vsce 3 needs Node 20; vsce 2 runs on older ones.
vsce_version=3
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then vsce_version=2; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json extension.js README.md .vscodeignore "$work/"
version=$(node -p 'require("./package.json").version')
# The tools first (npx keeps them in npm's cache, so later runs start at once):
# a registry that answers a ping but is too slow to serve them in time is a
# skip, not a failure of the extension.
vsce=("npx" "--yes" "@vscode/vsce@$vsce_version")
timeout 60 "${vsce[@]}" --version >"$work/tools.log" 2>&1
status=$?
if [ "$status" -eq 124 ]; then
  echo "vscode: SKIPPED packaging: the npm registry is too slow (fetching @vscode/vsce took over 60 s)"
  skipped=1; finish
elif [ "$status" -ne 0 ]; then
  echo "FAIL  npx @vscode/vsce (the registry answers a ping):"
  sed 's/^/      /' "$work/tools.log" | tail -20
  failed=$((failed + 1)); finish
fi
if ! (cd "$work" && timeout 45 npm install --omit=dev --no-package-lock --loglevel=error --fetch-retries=1 \
      --fetch-timeout=20000 >"$work/npm.log" 2>&1 &&
      timeout 45 "${vsce[@]}" package --skip-license --out "$here/vigil-$version.vsix" >"$work/vsce.log" 2>&1); then
  echo "FAIL  vsce package:"
  sed 's/^/      /' "$work/npm.log" "$work/vsce.log" 2>/dev/null | tail -30
  failed=$((failed + 1)); finish
fi
# The package holds the extension, its manifest and the language client it loads.
if python3 - "$here/vigil-$version.vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/extension.js",
        "extension/node_modules/vscode-languageclient/node.js"]
missing = [n for n in need if n not in names]
sys.exit("missing from the .vsix: " + ", ".join(missing) if missing else 0)
PY
then
  echo "ok    vsce package: editors/vscode/vigil-$version.vsix"
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
finish
