#!/usr/bin/env bash
# Start-up benchmark for the developer's loop: process start to exit of
#   - `vigil staged` on a commit of 20 changed files in a medium repository,
#   - `vigil scan - < one_file` (an editor scan on save),
# each with the default pack (the pack and its database are prepared at build
# time and embedded) and with a user config that adds a rule (the pack's rules
# use the embedded database; the added rule's database comes from the cache
# when warm and is compiled when cold), plus the compile time of the whole
# default pack (what the embedded database saves). Needs hyperfine (Debian package).
#
#   bash bench/startup/run.sh [path/to/vigil]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vigil=$(realpath "${1:-$here/../../build/vigil}")
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d /tmp/vigil-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"
cd "$repo"
git init -q
git config user.email bench@vigil.invalid
git config user.name bench
# A medium repository: 2,000 source-like files in 40 folders.
python3 - <<'PY'
import os, random
random.seed(7)
words = "config request handler user session buffer value result context client server index parse render".split()
for d in range(40):
    os.makedirs(f"pkg{d}", exist_ok=True)
    for f in range(50):
        with open(f"pkg{d}/mod{f}.py", "w") as out:
            for i in range(120):
                a, b, c = random.sample(words, 3)
                out.write(f"    {a}_{b} = {c}.{a}({b}, {random.randint(0, 99999)})\n")
PY
git add -A && git commit -qm base
# Stage 20 changed files (a few added lines each).
for d in $(seq 0 19); do printf 'extra_%s = compute(%s)\n' "$d" "$d" >> "pkg$d/mod0.py"; done
git add -A
cp pkg1/mod1.py "$work/one_file.py"

cat > "$work/extended.toml" <<'TOML'
[extend]
useDefault = true
[[rules]]
id = "bench-internal-token"
regex = '''\b(bnch_[A-Za-z0-9]{32})\b'''
keywords = ["bnch_"]
TOML

export XDG_CACHE_HOME=$work/cache
cold="rm -rf $work/cache"
results=$work/results.md
hyperfine --warmup 3 --runs 30 --export-markdown "$work/warm.md" \
  -n "staged, default pack (embedded database)" "$vigil staged" \
  -n "scan - < one_file, default pack" "$vigil scan - --path-hint app.py < $work/one_file.py" \
  -n "staged, extended config, warm cache" "$vigil staged -c $work/extended.toml" \
  -n "scan - < one_file, extended config, warm cache" "$vigil scan - -c $work/extended.toml < $work/one_file.py" \
  -n "version (process start alone)" "$vigil version"
hyperfine --warmup 1 --runs 20 --prepare "$cold" --export-markdown "$work/cold.md" \
  -n "staged, default pack, cold cache" "$vigil staged" \
  -n "scan - < one_file, default pack, cold cache" "$vigil scan - --path-hint app.py < $work/one_file.py" \
  -n "staged, extended config, cold cache" "$vigil staged -c $work/extended.toml" \
  -n "scan - < one_file, extended config, cold cache" "$vigil scan - -c $work/extended.toml < $work/one_file.py"
cat "$work/warm.md" "$work/cold.md" > "$results"
cat "$results"
# What the embedded database saves: compiling the whole default pack.
bench_bin=$(dirname "$vigil")/bench/vigil_bench
if [ -x "$bench_bin" ]; then
  "$bench_bin" --benchmark_filter=BM_CompileDefaultPack --benchmark_min_time=3 2>/dev/null | grep BM_
fi
