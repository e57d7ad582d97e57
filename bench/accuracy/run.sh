#!/usr/bin/env bash
# Accuracy benchmark of vigil's default rule pack: three measurements, all printed.
#
#   bash bench/accuracy/run.sh            (from the repository root or anywhere)
#
# 1. The shared labelled corpus (../shared/accuracy/corpus beside the repository: real-format
#    credentials and near misses from other scanners' rule tests): a SARIF scan scored by its own
#    score.py, whose headline, per-source table and last line (recall, fp_rate) are printed. The
#    corpus is read where it is, never copied; without it the step says so and the rest goes on.
# 2. The generated corpus, the regression test of the pack's own formats (make_corpus.py: N fresh
#    fake secrets per rule and per [[providers]] row, default 5, and a "sweep" with every rule in
#    every file style it gets), scored by evaluate.py: recall per rule, precision.
# 3. Trees that hold no live secret: clean text (/usr/include, Python's standard library without
#    site-packages and without its test suite, /usr/share/doc) and real source trees (Go's standard
#    library from golang-1.19-src, Python's test suite from libpython3.11-testsuite,
#    /usr/lib/python3/dist-packages). Findings per 100 MB, split into private keys that parse (test
#    keys: true positives), identifiers (rules tagged identifier: not secrets) and false positives,
#    each non-key finding listed with its file and redacted match.
# 4. The generic detector's two scores side by side (generic_vs_entropy.py): recall at the same
#    false-positive count for character-model randomness and Shannon entropy, on the shared corpus
#    and the trees of step 3.
# It prints a Markdown summary (also $WORK/summary.md; figures in $WORK/results.json,
# $WORK/generic-vs-entropy.json). Secrets found are kept under $WORK only, never printed whole.
#
# Environment: VIGIL_BIN (default: build/vigil, copied so that a rebuild does not change it
# mid-run), SCORES_BIN (default build/bench/vigil_value_scores), WORK (/tmp/vigil-accuracy),
# SEED (1729), N (5), SHARED_ACCURACY (default ../shared/accuracy beside the repository or its main
# checkout), CLEAN_TREES and SOURCE_TREES (space-separated NAME=DIR; "stdlib" and "python-tests"
# name the two halves of Python's library folder, split by the test suite package's file list),
# INSTALL=0 not to apt-get install golang-1.19-src and libpython3.X-testsuite when missing (their
# trees are then skipped), ENTROPY=0 to skip the entropy-threshold table, GENERIC=0 to skip step 4,
# WHATIF=CONFIG.toml to re-run steps 2 and 3 with that config (e.g. proposed rule changes as an
# overlay with [extend] useDefault = true) and print their key figures.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
WORK="${WORK:-/tmp/vigil-accuracy}"
SEED="${SEED:-1729}"
N="${N:-5}"
ENTROPY="${ENTROPY:-1}"
GENERIC="${GENERIC:-1}"
INSTALL="${INSTALL:-1}"
WHATIF="${WHATIF:-}"
[[ "$WHATIF" == 0 || "$WHATIF" == 1 ]] && WHATIF=""   # the old on/off switch: the old overlay is gone
mkdir -p "$WORK"

if [[ -z "${VIGIL_BIN:-}" ]]; then
  # the lead rebuilds build/vigil while others measure: measure a private copy
  cp "$repo/build/vigil" "$WORK/vigil"
  VIGIL_BIN="$WORK/vigil"
fi
SCORES_BIN="${SCORES_BIN:-$repo/build/bench/vigil_value_scores}"
if [[ "$GENERIC" == 1 && ! -x "$SCORES_BIN" ]]; then
  echo "no $SCORES_BIN (cmake --build build --target vigil_value_scores): skipping the generic comparison" >&2
  GENERIC=0
fi

# The shared corpus lies beside the repository; a worktree's is beside the main checkout.
if [[ -z "${SHARED_ACCURACY:-}" ]]; then
  SHARED_ACCURACY="$repo/../shared/accuracy"
  if [[ ! -d "$SHARED_ACCURACY" ]]; then
    common="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
    [[ -n "$common" ]] && SHARED_ACCURACY="$(dirname "$common")/../shared/accuracy"
  fi
fi
have_shared=0
[[ -f "$SHARED_ACCURACY/score.py" && -f "$SHARED_ACCURACY/corpus/manifest.json" ]] && have_shared=1

# Debian's Python (its library folder is where the test suite package installs), not another on PATH
syspy=/usr/bin/python3
[[ -x "$syspy" ]] || syspy=python3
pyver="$("$syspy" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
pylib="$("$syspy" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
testsuite_pkg="libpython${pyver}-testsuite"
CLEAN_TREES="${CLEAN_TREES:-include=/usr/include stdlib=$pylib doc=/usr/share/doc}"
SOURCE_TREES="${SOURCE_TREES:-go=/usr/share/go-1.19/src python-tests=$pylib dist-packages=/usr/lib/python3/dist-packages}"

echo "vigil: $VIGIL_BIN ($("$VIGIL_BIN" version 2>/dev/null | head -1)); rules: $repo/rules; work: $WORK" >&2

# The binary's pack and rules/*.toml must be the same rules, or the corpus measures another pack.
"$VIGIL_BIN" rules list --format json > "$WORK/rules.json"
python3 - "$WORK/rules.json" "$repo/rules" "$here" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[3])
import make_corpus
binary = {r["id"] for r in json.load(open(sys.argv[1]))}
files = {r.id for r in make_corpus.load_rules(sys.argv[2])}
if binary != files:
    print("WARNING: binary and rules/ differ: only in binary %s, only in rules/ %s"
          % (sorted(binary - files)[:20], sorted(files - binary)[:20]), file=sys.stderr)
print("rule pack: %d rules (with [[providers]] rows)" % len(binary), file=sys.stderr)
EOF

ensure_pkg() {  # ensure_pkg PACKAGE: installed, or installed now (root, INSTALL=1); else non-zero
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return 0
  if [[ "$INSTALL" == 1 && "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
    echo "installing $1 (INSTALL=0 to skip)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" > "$WORK/apt-$1.log" 2>&1 ||
      { apt-get update -q > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" \
          > "$WORK/apt-$1.log" 2>&1; } && return 0
    echo "could not install $1 (see $WORK/apt-$1.log)" >&2
  fi
  return 1
}

# tree_paths NAME DIR: the paths to scan for a tree, one a line (a folder, or files)
tree_paths() {
  local name="$1" dir="$2"
  case "$name" in
    stdlib | python-tests)
      # Python's library folder without site-packages; "stdlib" without the files of the test suite
      # package, "python-tests" those files only (each file counted once between the two trees)
      python3 - "$name" "$dir" "$testsuite_pkg" <<'EOF'
import os, sys
name, root, pkg = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
# the package's file list, read where dpkg keeps it (dpkg -L can fail while another install runs)
lists = [l for l in ("/var/lib/dpkg/info/%s.list" % pkg, "/var/lib/dpkg/info/%s:all.list" % pkg) if os.path.exists(l)]
tests = set()
for l in lists:
    with open(l) as fh:
        tests |= {p for p in fh.read().splitlines() if p.startswith(root + "/") and os.path.isfile(p)}
if name == "python-tests" and not tests:
    sys.exit("no files of %s under %s" % (pkg, root))
if name == "python-tests":
    print("\n".join(sorted(tests)))
    sys.exit(0)
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if not (d == root and x in ("site-packages", "dist-packages")) and x != "__pycache__")
    for f in sorted(files):
        p = os.path.join(d, f)
        if p not in tests and os.path.isfile(p) and not os.path.islink(p):
            print(p)
EOF
      ;;
    *) echo "$dir" ;;
  esac
}

scan() {  # scan OUT.json PATHS_FILE ; prints wall seconds (extra vigil options in $SCAN_OPTS)
  local out="$1" list="$2"
  local t0 t1 rc
  local -a paths
  mapfile -t paths < <(grep -v '^$' "$list")
  t0=$(date +%s.%N)
  set +e
  nice "$VIGIL_BIN" scan "${paths[@]}" ${SCAN_OPTS:-} --format json -o "$out" --show-secrets --max-file-size 50M \
    --no-ignore -q
  rc=$?
  set -e
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "vigil scan failed ($rc) on $list" >&2
    exit 1
  fi
  python3 -c "print('%.1f' % ($t1 - $t0))"
}

# 1. shared labelled corpus
shared_summary="The shared labelled corpus was not found at \`$SHARED_ACCURACY\` (set SHARED_ACCURACY): skipped."
if [[ "$have_shared" == 1 ]]; then
  set +e
  nice "$VIGIL_BIN" scan "$SHARED_ACCURACY/corpus" --no-ignore --format sarif -o "$WORK/shared.sarif" -q
  rc=$?
  set -e
  [[ $rc -eq 0 || $rc -eq 1 ]] || { echo "vigil scan failed ($rc) on $SHARED_ACCURACY/corpus" >&2; exit 1; }
  python3 "$SHARED_ACCURACY/score.py" "$WORK/shared.sarif" > "$WORK/shared-score.txt"
  python3 "$SHARED_ACCURACY/score.py" "$WORK/shared.sarif" --json "$WORK/shared-score.json" --per-rule \
    --all-providers > "$WORK/shared-score-full.txt"
  shared_summary="$(printf '%s\n\n```\n%s\n...\n%s\n```\n\nFull tables: `%s`.' \
    "\`vigil scan $SHARED_ACCURACY/corpus --no-ignore --format sarif\`, scored by its \`score.py\`:" \
    "$(sed -n '/^by source/,/^by provider/p' "$WORK/shared-score.txt" | sed '$d')" \
    "$(tail -1 "$WORK/shared-score.txt")" "$WORK/shared-score-full.txt")"
fi

# 2. generated corpus
python3 "$here/make_corpus.py" "$WORK/corpus" --seed "$SEED" --n "$N" --force
python3 "$here/make_corpus.py" "$WORK/sweep" --seed "$SEED" --sweep --force
echo "$WORK/corpus/files" > "$WORK/paths-corpus"
echo "$WORK/sweep/files" > "$WORK/paths-sweep"
scan "$WORK/corpus-findings.json" "$WORK/paths-corpus" > /dev/null
scan "$WORK/sweep-findings.json" "$WORK/paths-sweep" > /dev/null

# 3. clean text and real source trees
clean_args=()
tree_args=()
timings=()
for spec in $(printf 'clean/%s ' $CLEAN_TREES) $(printf 'source/%s ' $SOURCE_TREES); do
  group="${spec%%/*}"
  spec="${spec#*/}"
  name="${spec%%=*}"
  dir="${spec#*=}"
  [[ -n "$name" && "$spec" == *=* ]] || continue
  case "$name" in
    go) [[ -d "$dir" ]] || ensure_pkg golang-1.19-src || true ;;
    python-tests) ensure_pkg "$testsuite_pkg" || { echo "skipping $name: $testsuite_pkg not installed" >&2; continue; } ;;
  esac
  if [[ ! -d "$dir" ]]; then
    echo "skipping $name: $dir not found" >&2
    continue
  fi
  if ! tree_paths "$name" "$dir" > "$WORK/paths-$name" || [[ ! -s "$WORK/paths-$name" ]]; then
    echo "skipping $name: no files" >&2
    continue
  fi
  secs=$(scan "$WORK/clean-$name.json" "$WORK/paths-$name")
  timings+=("$name ${secs}s")
  clean_args+=(--clean "$group/$name=$dir=$WORK/clean-$name.json")
  tree_args+=(--tree "$name=$WORK/paths-$name")
done

entropy_arg=()
[[ "$ENTROPY" == 1 ]] && entropy_arg=(--entropy)

{
  echo "## Rule pack accuracy (bench/accuracy/run.sh)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); binary: \`$VIGIL_BIN\` ($("$VIGIL_BIN" version 2>/dev/null | head -1)), $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/rules.json") rules; commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown); seed $SEED, N=$N."
  echo "- Tree scan wall times: ${timings[*]:-none}."
  echo
  echo "### Shared labelled corpus"
  echo
  echo "$shared_summary"
  echo
  python3 "$here/evaluate.py" --corpus "$WORK/corpus" --findings "$WORK/corpus-findings.json" \
    --sweep-corpus "$WORK/sweep" --sweep-findings "$WORK/sweep-findings.json" \
    "${clean_args[@]}" "${entropy_arg[@]}" --json "$WORK/results.json"

  if [[ "$GENERIC" == 1 ]]; then
    if [[ "$have_shared" == 1 ]]; then
      python3 "$here/generic_vs_entropy.py" --vigil "$VIGIL_BIN" --scores "$SCORES_BIN" --work "$WORK/generic" \
        --shared-corpus "$SHARED_ACCURACY/corpus" "${tree_args[@]}" --json "$WORK/generic-vs-entropy.json"
    else
      echo "### Generic detector vs Shannon entropy"
      echo
      echo "Skipped: its positives come from the shared labelled corpus, not found at \`$SHARED_ACCURACY\`."
      echo
    fi
  fi

  if [[ -n "$WHATIF" ]]; then
    # What-if: the generated corpora and the trees again, with a config (an overlay of rule changes)
    check=$("$VIGIL_BIN" rules check -c "$WHATIF" 2>&1 | tail -1)
    SCAN_OPTS="-c $WHATIF"
    scan "$WORK/whatif-corpus-findings.json" "$WORK/paths-corpus" > /dev/null
    scan "$WORK/whatif-sweep-findings.json" "$WORK/paths-sweep" > /dev/null
    whatif_clean=()
    for arg in "${clean_args[@]}"; do
      [[ "$arg" == --clean ]] && continue
      name="${arg%%=*}"
      name="${name#*/}"
      rest="${arg#*=}"
      scan "$WORK/whatif-clean-$name.json" "$WORK/paths-$name" > /dev/null
      whatif_clean+=(--clean "${arg%%=*}=${rest%%=*}=$WORK/whatif-clean-$name.json")
    done
    unset SCAN_OPTS
    python3 "$here/evaluate.py" --corpus "$WORK/corpus" --findings "$WORK/whatif-corpus-findings.json" \
      --sweep-corpus "$WORK/sweep" --sweep-findings "$WORK/whatif-sweep-findings.json" "${whatif_clean[@]}" \
      --brief "### What-if: with \`$WHATIF\` (\`vigil rules check -c\`: $check)"
  fi
} | tee "$WORK/summary.md"
