#!/usr/bin/env bash
# Benchmark a cold `leadger history --no-cache` against `git log --raw --no-renames -- <leads>`
# on a ledger inside a bigger repository (97 % of commits touch only a tree of source files
# beside the ledger), in one run: git and leadger alternate, best of 3 of each for wall time
# and for user+sys CPU, and the ratios.
#   bash benches/bigger_repo.sh [LEADS COMMITS]...   (default: 1700 60000 5000 200000)
# BENCH_DATA=DIR keeps the generated repositories there (default bench-data/); BIN=PATH
# measures that build instead of building one; RUNS=N takes the best of N.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BIN:-}" ] || cargo build --release --quiet
bin=${BIN:-$PWD/target/release/leadger}
data=${BENCH_DATA:-bench-data}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1700 60000 5000 200000)

measure() { # wall and user+sys CPU seconds of one run of a command
  /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

for ((i = 0; i < ${#sizes[@]}; i += 2)); do
  leads=${sizes[i]} commits=${sizes[i+1]}
  dir=$data/repo-$leads-$commits
  [ -d "$dir" ] || python3 benches/gen_history.py "$dir" --leads "$leads" --commits "$commits" --other 0.97 --subdir ledger
  git -C "$dir" log --raw --no-renames --format=%H -- ledger/leads > /dev/null   # warm the page cache
  "$bin" -C "$dir/ledger" history --format json --no-cache | python3 benches/verify_truth.py "$dir/.git/truth.json"
  touching=$(git -C "$dir" rev-list --count HEAD -- ledger/leads)
  files=$(git -C "$dir" ls-files | wc -l)
  git_wall="" git_cpu="" cold_wall="" cold_cpu=""
  for _ in $(seq "$runs"); do
    read -r wall cpu < <(measure git -C "$dir" log --raw --no-renames --format=%H -- ledger/leads)
    git_wall=$(min "$git_wall" "$wall") git_cpu=$(min "$git_cpu" "$cpu")
    read -r wall cpu < <(measure "$bin" -C "$dir/ledger" history --format json --no-cache)
    cold_wall=$(min "$cold_wall" "$wall") cold_cpu=$(min "$cold_cpu" "$cpu")
  done
  awk -v n="$leads" -v c="$commits" -v t="$touching" -v f="$files" -v gw="$git_wall" -v gc="$git_cpu" -v lw="$cold_wall" -v lc="$cold_cpu" 'BEGIN {
    printf "%5d leads, %6d commits (%d touch the leads), %d files | git log %.2f s wall, %.2f s CPU | leadger cold %.2f s wall, %.2f s CPU | %.2fx git wall, %.2fx git CPU\n",
      n, c, t, f, gw, gc, lw, lc, lw / gw, lc / gc }'
done
