#!/usr/bin/env bash
# Benchmarks trustlint against ripgrep (the same regex patterns) and cat (the I/O floor).
#
#   bench/run.sh            a generated 50,000-file corpus (target/bench/corpus-50000)
#   bench/run.sh PATH       any tree
#   FILES=100000 bench/run.sh
#
# Prints medians of repeated runs (hyperfine): wall time, CPU time, peak RSS, and the ratios
# trustlint/rg and trustlint/cat; then the pre-commit case (10 files). Needs hyperfine, ripgrep
# and GNU time (Debian: apt-get install hyperfine ripgrep time).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine ripgrep time)"; exit 2; }
done
cargo build --release --quiet --bin trustlint --example gen-corpus
tl="$(pwd)/target/release/trustlint"
files="${FILES:-50000}"
tree="${1:-}"
if [ -z "$tree" ]; then
  tree="target/bench/corpus-$files"
  [ -d "$tree" ] || ./target/release/examples/gen-corpus "$tree" "$files"
fi
out="target/bench/results"
mkdir -p "$out"
"$tl" rules --export-patterns > "$out/patterns.txt"
count=$(rg --files --hidden -g '!.git' "$tree" | wc -l)
mb=$(rg --files --hidden -g '!.git' -0 "$tree" | xargs -0 cat | wc -c | awk '{printf "%.1f", $1/1e6}')
echo "tree: $tree ($count files, $mb MB), $(nproc) cores, $(rg --version | head -1)"

tl_cmd="$tl scan $tree --format sarif --sarif-all --fail-on never --quiet --output /dev/null"
rg_cmd="rg -U --hidden -g '!.git' --no-messages -c -f $out/patterns.txt $tree > /dev/null || true"
cat_cmd="rg --files --hidden -g '!.git' -0 $tree | xargs -0 cat > /dev/null"
hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --export-json "$out/hyperfine.json" \
  -n trustlint "$tl_cmd" -n rg "$rg_cmd" -n cat "$cat_cmd" > "$out/hyperfine.txt"

rss() { /usr/bin/time -f '%M' sh -c "$1" 2>&1 >/dev/null | tail -1; }
tl_rss=$(rss "$tl_cmd"); rg_rss=$(rss "$rg_cmd")

# The pre-commit case: ten files named on the command line.
abs_out="$(pwd)/$out"
(cd "$tree" && hyperfine --warmup 3 --runs 30 --style basic --export-json "$abs_out/precommit.json" \
  -n precommit "$tl scan --quiet --fail-on never --files $(rg --files . | sort | head -10 | tr '\n' ' ')" > /dev/null)

python3 - "$out/hyperfine.json" "$out/precommit.json" "$tl_rss" "$rg_rss" "$mb" "$count" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
pre = json.load(open(sys.argv[2]))["results"][0]
tl_rss, rg_rss, mb, count = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
def med(n): return runs[n]["median"]
def cpu(n): return runs[n]["user"] + runs[n]["system"]
print(f"{'':10} {'wall (median)':>14} {'CPU':>9} {'peak RSS':>10}")
print(f"{'trustlint':10} {med('trustlint'):13.3f}s {cpu('trustlint'):8.3f}s {tl_rss/1024:8.1f} MB")
print(f"{'rg':10} {med('rg'):13.3f}s {cpu('rg'):8.3f}s {rg_rss/1024:8.1f} MB")
print(f"{'cat':10} {med('cat'):13.3f}s {cpu('cat'):8.3f}s")
print(f"ratio trustlint/rg:  {med('trustlint')/med('rg'):.2f}  (target <= 1.5)")
print(f"ratio trustlint/cat: {med('trustlint')/med('cat'):.2f}")
print(f"trustlint: {med('trustlint')*1000/mb:.1f} ms per MB over {count} files")
print(f"pre-commit, 10 files: {pre['median']*1000:.1f} ms median (target < 50 ms)")
PY
