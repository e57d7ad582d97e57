#!/usr/bin/env bash
# Accuracy benchmark of vigil's default rule pack.
#
#   bash bench/accuracy/run.sh            (from the repository root or anywhere)
#
# 1. Builds a labelled corpus (make_corpus.py: N fresh fake secrets per rule, default 5) and a
#    "sweep" corpus (every rule once in every file style it gets and once per example text)
#    under $WORK (default /tmp/vigil-accuracy), scans both, and scores recall per rule and
#    precision (evaluate.py).
# 2. Scans clean text that holds no secrets (/usr/include, Python's standard library without
#    site-packages, /usr/share/doc) and reports findings per 100 MB and the rules causing them.
#    Private keys found there that openssl/ssh-keygen can parse are counted apart as true positives.
# 3. Prints a Markdown summary (also written to $WORK/summary.md; figures in $WORK/results.json).
#
# Environment: VIGIL_BIN (default: build/vigil copied to /tmp/vigil-acc-bin), WORK, SEED (1729),
# N (5), CLEAN_TREES (space-separated NAME=DIR; default the three trees above), ENTROPY=0 to skip
# the entropy-threshold measurement, WHATIF=0 to skip the re-run with the rule changes that
# proposed_fixes.py writes as a config overlay (rules/ itself is never changed).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
WORK="${WORK:-/tmp/vigil-accuracy}"
SEED="${SEED:-1729}"
N="${N:-5}"
ENTROPY="${ENTROPY:-1}"

if [[ -z "${VIGIL_BIN:-}" ]]; then
  # the lead rebuilds build/vigil while others measure: measure a private copy
  cp "$repo/build/vigil" /tmp/vigil-acc-bin
  VIGIL_BIN=/tmp/vigil-acc-bin
fi
mkdir -p "$WORK"

stdlib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
if [[ -z "${CLEAN_TREES:-}" ]]; then
  CLEAN_TREES="include=/usr/include stdlib=$stdlib doc=/usr/share/doc"
fi

echo "vigil: $VIGIL_BIN ($("$VIGIL_BIN" --version 2>/dev/null | head -1)); rules: $repo/rules; work: $WORK" >&2

# The binary's pack and rules/*.toml must be the same rules, or the corpus measures another pack.
"$VIGIL_BIN" rules list --format json > "$WORK/rules.json"
python3 - "$WORK/rules.json" "$repo/rules" <<'EOF'
import glob, json, sys, tomllib
binary = {r["id"] for r in json.load(open(sys.argv[1]))}
files = {r["id"] for f in glob.glob(sys.argv[2] + "/*.toml") for r in tomllib.load(open(f, "rb"))["rules"]}
if binary != files:
    print("WARNING: binary and rules/ differ: only in binary %s, only in rules/ %s"
          % (sorted(binary - files), sorted(files - binary)), file=sys.stderr)
print("rule pack: %d rules" % len(binary), file=sys.stderr)
EOF

scan() {  # scan OUT.json PATH... ; prints wall seconds (extra vigil options in $SCAN_OPTS)
  local out="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  set +e
  "$VIGIL_BIN" scan "$@" ${SCAN_OPTS:-} --format json -o "$out" --show-secrets --max-file-size 50M --no-ignore -q
  local rc=$?
  set -e
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "vigil scan failed ($rc) on $*" >&2
    exit 1
  fi
  python3 -c "print('%.1f' % ($t1 - $t0))"
}

python3 "$here/make_corpus.py" "$WORK/corpus" --seed "$SEED" --n "$N" --force
python3 "$here/make_corpus.py" "$WORK/sweep" --seed "$SEED" --sweep --force
scan "$WORK/corpus-findings.json" "$WORK/corpus/files" > /dev/null
scan "$WORK/sweep-findings.json" "$WORK/sweep/files" > /dev/null

clean_args=()
timings=()
declare -A clean_paths=()
for spec in $CLEAN_TREES; do
  name="${spec%%=*}"
  dir="${spec#*=}"
  if [[ ! -d "$dir" ]]; then
    echo "skipping $name: $dir not found" >&2
    continue
  fi
  paths=("$dir")
  if [[ "$name" == stdlib ]]; then
    # the standard library only: site-packages holds third-party code
    mapfile -t paths < <(find "$dir" -mindepth 1 -maxdepth 1 ! -name site-packages | sort)
  fi
  clean_paths[$name]="$(printf '%s\n' "${paths[@]}")"
  secs=$(scan "$WORK/clean-$name.json" "${paths[@]}")
  timings+=("$name ${secs}s")
  clean_args+=(--clean "$name=$dir=$WORK/clean-$name.json")
done

entropy_arg=()
[[ "$ENTROPY" == 1 ]] && entropy_arg=(--entropy)

{
  echo "## Rule pack accuracy (bench/accuracy/run.sh)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); binary: \`$VIGIL_BIN\` ($("$VIGIL_BIN" --version 2>/dev/null | head -1)), $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/rules.json") rules; seed $SEED, N=$N."
  echo "- Clean-text scan wall times: ${timings[*]:-none}."
  echo
  python3 "$here/evaluate.py" --corpus "$WORK/corpus" --findings "$WORK/corpus-findings.json" \
    --sweep-corpus "$WORK/sweep" --sweep-findings "$WORK/sweep-findings.json" \
    "${clean_args[@]}" "${entropy_arg[@]}" --json "$WORK/results.json"

  if [[ "${WHATIF:-1}" == 1 ]]; then
    # What-if: the same corpora and trees with the rule changes proposed in proposed_fixes.py
    python3 "$here/proposed_fixes.py" "$WORK/proposed-fixes.toml" 2>/dev/null
    check=$("$VIGIL_BIN" rules check -c "$WORK/proposed-fixes.toml" 2>&1 | tail -1)
    SCAN_OPTS="-c $WORK/proposed-fixes.toml"
    scan "$WORK/fix-corpus-findings.json" "$WORK/corpus/files" > /dev/null
    scan "$WORK/fix-sweep-findings.json" "$WORK/sweep/files" > /dev/null
    fix_clean=()
    for spec in $CLEAN_TREES; do
      name="${spec%%=*}"
      dir="${spec#*=}"
      [[ -n "${clean_paths[$name]:-}" ]] || continue
      mapfile -t paths <<< "${clean_paths[$name]}"
      scan "$WORK/fix-clean-$name.json" "${paths[@]}" > /dev/null
      fix_clean+=(--clean "$name=$dir=$WORK/fix-clean-$name.json")
    done
    unset SCAN_OPTS
    python3 "$here/evaluate.py" --corpus "$WORK/corpus" --findings "$WORK/fix-corpus-findings.json" \
      --sweep-corpus "$WORK/sweep" --sweep-findings "$WORK/fix-sweep-findings.json" "${fix_clean[@]}" \
      --brief "### What-if: with the proposed rule changes (proposed_fixes.py; \`vigil rules check -c\`: $check)"
  fi
} | tee "$WORK/summary.md"
