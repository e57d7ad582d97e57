#!/usr/bin/env bash
# End-to-end benchmark of `vigil git` (full-history audit) against what git itself
# pays to read the same history.
#
#   bench/git/run.sh [REPO]
#
# Without REPO, builds the synthetic repository of make_repo.py under
# $BENCH_DIR (default /tmp/vigil-git-bench), or reuses it when it is already there
# (REGEN=1 rebuilds it). Then, in one run, interleaved, RUNS times each (default 3):
#   a) git cat-file --batch-all-objects --unordered --batch > /dev/null
#   b) git log -p --all > /dev/null
#   c) vigil git REPO --threads 1 --format json -o /dev/null --no-progress
#   d) the same with --threads 2
# and prints a Markdown table: median wall seconds, median CPU seconds (user +
# sys: steadier than wall time on a shared machine), peak RSS (the largest of the
# runs), and the ratios vigil(2)/cat-file, vigil(2)/git-log-p, vigil(1)/vigil(2), both
# as a ratio of medians and as the median of each round's ratio.
# Two more rows, not part of the comparison: vigil's fixed start-up cost as
# `vigil scan` of an empty directory, and two cat-file processes at once, which
# shows whether the machine really had two free cores during the run (on a
# shared machine it may not, and no 2-thread figure can beat that).
# Finally one untimed `vigil git --show-secrets` run checks that every secret that
# make_repo.py planted (REPO.planted.json) is reported.
#
# Environment: VIGIL (binary to test, default build/vigil; copied to
# /tmp/vigil-bench-bin first so a rebuild cannot change it mid-run), RUNS,
# COMMITS and MB (size of a generated repository), BENCH_DIR, REGEN.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-3}
src_bin=${VIGIL:-$root/build/vigil}
bin=/tmp/vigil-bench-bin
# git's behaviour must not depend on whoever runs this
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat LC_ALL=C

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time)" >&2
  apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

if [ $# -ge 1 ]; then
  repo=$(cd "$1" && pwd)
else
  work=${BENCH_DIR:-/tmp/vigil-git-bench}
  repo=$work/repo-${COMMITS:-5000}c-${MB:-200}mb
  if [ -n "${REGEN:-}" ] || [ ! -d "$repo" ] || [ ! -f "$repo.planted.json" ]; then
    mkdir -p "$work"
    echo "generating $repo" >&2
    gen_start=$(date +%s)
    python3 "$here/make_repo.py" "$repo" --force --commits "${COMMITS:-5000}" --mb "${MB:-200}" >&2
    echo "generation took $(( $(date +%s) - gen_start ))s" >&2
  else
    echo "reusing $repo (REGEN=1 to rebuild)" >&2
  fi
fi
planted=${repo%/}.planted.json

cp "$src_bin" "$bin.tmp" && mv "$bin.tmp" "$bin"
out=$(mktemp -d /tmp/vigil-git-bench-run.XXXXXX)
trap 'rm -rf "$out"' EXIT

# ---- what is measured
names=(catfile logp vigil1 vigil2 startup catfile2)
declare -A label=(
  [catfile]='`git cat-file --batch-all-objects --unordered --batch`'
  [logp]='`git log -p --all`'
  [vigil1]='`vigil git --threads 1 --format json`'
  [vigil2]='`vigil git --threads 2 --format json`'
  [startup]='(extra) vigil start-up alone: `vigil scan EMPTY_DIR`'
  [catfile2]='(extra) two of the `cat-file` runs at once, two processes'
)
run_one() {
  case $1 in
    catfile) git -C "$repo" cat-file --batch-all-objects --unordered --batch ;;
    logp) git -C "$repo" --no-pager log -p --all ;;
    vigil1) "$bin" git "$repo" --threads 1 --format json -o /dev/null --no-progress ;;
    vigil2) "$bin" git "$repo" --threads 2 --format json -o /dev/null --no-progress ;;
    startup) "$bin" scan "$empty" --format json -o /dev/null ;;
    catfile2)
      git -C "$repo" cat-file --batch-all-objects --unordered --batch &
      git -C "$repo" cat-file --batch-all-objects --unordered --batch
      wait ;;
  esac
}
empty=$out/empty
mkdir -p "$empty"
export -f run_one
export repo bin empty

# ---- the machine, the repository, the load
blob_line=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['commits'], d['blobs'], d['blob_bytes'])" "$planted" 2>/dev/null || true)
pack_bytes=$(find "$repo" -path '*/objects/pack/*.pack' -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}')
echo "## vigil git benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "- libgit2: $(dpkg-query -W -f='${Version}' libgit2-1.5 2>/dev/null || echo unknown), git $(git --version | awk '{print $3}')"
echo "- vigil: $("$bin" version 2>/dev/null | head -1) ($src_bin, $(stat -c %y "$src_bin" | cut -d. -f1)), $("$bin" rules list | grep -c .) rules"
if [ -n "$blob_line" ]; then
  read -r c b bb <<<"$blob_line"
  echo "- repository: $repo: $c commits, $b blobs, $(awk -v x="$bb" 'BEGIN {printf "%.1f", x / 1048576}') MiB of distinct blobs, pack $(awk -v x="$pack_bytes" 'BEGIN {printf "%.1f", x / 1048576}') MiB"
else
  echo "- repository: $repo, pack $(awk -v x="$pack_bytes" 'BEGIN {printf "%.1f", x / 1048576}') MiB"
fi
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- timed runs, interleaved: round 1 of every command, then round 2, ...
# warm the page cache once so no command pays for the first read
git -C "$repo" cat-file --batch-all-objects --unordered --batch >/dev/null
for round in $(seq 1 "$runs"); do
  for name in "${names[@]}"; do
    set +e
    /usr/bin/time -f '%e %M %U %S' -o "$out/$name.$round" bash -c "run_one $name" >/dev/null 2>"$out/$name.$round.err"
    rc=$?
    set -e
    # vigil exits 1 when it reports findings; anything else is a failure
    if [ $rc -ne 0 ] && ! { [ $rc -eq 1 ] && [[ $name == vigil[12] ]]; }; then
      echo "$name failed (exit $rc):" >&2
      cat "$out/$name.$round.err" >&2
      exit 1
    fi
    echo "  round $round $name: $(tail -1 "$out/$name.$round")" >&2
  done
done
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# median wall seconds, median CPU seconds and largest RSS (KiB) per command
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
declare -A secs cpu rss
for name in "${names[@]}"; do
  secs[$name]=$(for r in $(seq 1 "$runs"); do tail -1 "$out/$name.$r" | cut -d' ' -f1; done | median)
  cpu[$name]=$(for r in $(seq 1 "$runs"); do tail -1 "$out/$name.$r" | awk '{printf "%.2f\n", $3 + $4}'; done | median)
  rss[$name]=$(for r in $(seq 1 "$runs"); do tail -1 "$out/$name.$r" | cut -d' ' -f2; done | sort -g | tail -1)
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.2f" : "n/a"), a / b}'; }
# The median over rounds of one round's ratio: the two commands of a round ran
# seconds apart, under the same load, so this is steadier than a ratio of medians.
round_ratio() {
  for r in $(seq 1 "$runs"); do
    awk -v a="$(tail -1 "$out/$1.$r" | cut -d' ' -f1)" -v b="$(tail -1 "$out/$2.$r" | cut -d' ' -f1)" \
      'BEGIN {if (b > 0) printf "%.4f\n", a / b}'
  done | median | awk '{printf "%.2f", $1}'
}

echo "| command | median wall (s) | median CPU, user+sys (s) | peak RSS (MB) | wall of each run (s) |"
echo "| --- | ---: | ---: | ---: | --- |"
for name in "${names[@]}"; do
  all=$(for r in $(seq 1 "$runs"); do tail -1 "$out/$name.$r" | cut -d' ' -f1; done | paste -sd' ')
  printf '| %s | %s | %s | %s | %s |\n' "${label[$name]}" "${secs[$name]}" "${cpu[$name]}" \
    "$(awk -v k="${rss[$name]}" 'BEGIN {printf "%.0f", k / 1024}')" "$all"
done
echo
echo "| ratio | value | goal |"
echo "| --- | ---: | --- |"
echo "| vigil (2 threads) / cat-file | $(ratio "${secs[vigil2]}" "${secs[catfile]}") | ≤ 1.0 |"
echo "| the same, median of per-round ratios | $(round_ratio vigil2 catfile) | ≤ 1.0 |"
echo "| vigil (2 threads) / git log -p | $(ratio "${secs[vigil2]}" "${secs[logp]}") | |"
echo "| scaling: vigil (1 thread) / vigil (2 threads) | $(ratio "${secs[vigil1]}" "${secs[vigil2]}") | ≥ 1.7 |"
echo "| the same, median of per-round ratios | $(round_ratio vigil1 vigil2) | ≥ 1.7 |"
echo "| CPU: vigil (2 threads) / cat-file | $(ratio "${cpu[vigil2]}" "${cpu[catfile]}") | |"
echo "| machine check: two cat-file processes at once / one (2.0 = no spare core) | $(round_ratio catfile2 catfile) | 1.0 |"
echo "| vigil peak RSS (MB, 2 threads) | $(awk -v k="${rss[vigil2]}" 'BEGIN {printf "%.0f", k / 1024}') | < 300 |"
echo

# ---- did it find what was planted?
if [ ! -f "$planted" ]; then
  echo "planted secrets: no $planted, check skipped"
  exit 0
fi
"$bin" rules list | awk '{print $1}' >"$out/rules.txt"
set +e
"$bin" git "$repo" --threads 2 --format json --show-secrets --no-progress -o "$out/findings.json" 2>"$out/check.err"
rc=$?
set -e
if [ $rc -gt 1 ]; then
  echo "vigil git --show-secrets failed (exit $rc):" >&2
  cat "$out/check.err" >&2
  exit 1
fi
python3 - "$planted" "$out/findings.json" "$out/rules.txt" <<'EOF'
import json, sys

planted = json.load(open(sys.argv[1]))["planted"]
report = json.load(open(sys.argv[2]))
rules = set(open(sys.argv[3]).read().split())
findings = report["findings"]
by_secret = {}
for f in findings:
    by_secret.setdefault(f["secret"], []).append(f)
found = covered = covered_found = 0
rows = []
for p in planted:
    hits = by_secret.get(p["secret"], [])
    has_rule = p["rule_id"] in rules
    covered += has_rule
    ok = bool(hits)
    found += ok
    covered_found += ok and has_rule
    at_commit = any(h.get("git", {}).get("commit") == p["commit"] and h["path"] == p["path"] for h in hits)
    rule = hits[0]["rule_id"] if hits else "-"
    rows.append(f"| {p['kind']} | `{p['path']}` | {p['branch']} | {'yes' if p['removed_later'] else 'no'} "
                f"| {'yes' if p['in_a_branch_tip'] else 'no'} | {'yes' if ok else '**no**'} | {rule} "
                f"| {'yes' if at_commit else 'no'} | {'' if has_rule else 'no such rule in this binary'} |")
planted_secrets = {p["secret"] for p in planted}
others = [f for f in findings if f["secret"] not in planted_secrets]
stats = report["stats"]
print(f"planted secrets found: **{found}/{len(planted)}** "
      f"({covered_found}/{covered} of those this binary has a rule for); "
      f"other findings: {len(others)}; files scanned {stats['files_scanned']}, "
      f"{stats['bytes_scanned'] / 1048576:.1f} MiB, scan phase {stats['seconds']:.2f}s")
print()
print("| planted | path | branch | removed later | still in a branch tip | found | rule | at the planting commit | note |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
for f in others[:10]:
    print(f"- other finding: {f['rule_id']} {f['path']}:{f['start_line']}")
EOF
