#!/usr/bin/env bash
# Benchmark `leadger history` against `git log --raw --no-renames -- leads/` on generated
# histories, in one run: cold, warm (no new commit), after one new commit, peak memory.
#   bash benches/history.sh [LEADS COMMITS]...     (default: 10000 50000 and 100000 300000)
# RUNS=1 takes one run of each instead of the best of 3 (the 300k-commit git log takes minutes);
# LAYOUTS="sharded" skips the flat layout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/leadger
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000 100000 300000)

seconds() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
runs=${RUNS:-3}
best() { # best wall time and peak MB of $runs runs of a command
  local best="" mem=0
  for _ in $(seq "$runs"); do
    read -r t m < <(seconds "$@")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$mem" ] && mem=$m
  done
  echo "$best $((mem / 1024))"
}

for ((i = 0; i < ${#sizes[@]}; i += 2)); do
  leads=${sizes[i]} commits=${sizes[i+1]}
  for layout in ${LAYOUTS:-sharded flat}; do
    dir=bench-data/h-$((leads / 1000))k-$layout
    [ "$layout" = flat ] && flag=--flat || flag=
    [ -d "$dir" ] || python3 benches/gen_history.py "$dir" --leads "$leads" --commits "$commits" $flag
    cd "$dir"
    git reset -q --hard main
    git log --raw --no-renames --format=%H -- leads/ > /dev/null   # warm the page cache
    if [ -f .git/truth.json ]; then "$bin" history --format json --no-cache | python3 ../../benches/verify_truth.py .git/truth.json; fi
    read -r git_t git_m < <(best git log --raw --no-renames --format=%H -- leads/)
    cold_t=""; cold_m=0
    for _ in $(seq "$runs"); do
      rm -rf .git/leadger
      read -r t m < <(seconds "$bin" history --format json)
      if [ -z "$cold_t" ] || awk "BEGIN{exit !($t < $cold_t)}"; then cold_t=$t; fi
      [ $((m / 1024)) -gt "$cold_m" ] && cold_m=$((m / 1024))
    done
    read -r warm_t warm_m < <(best "$bin" history --format json)
    read -r report_t report_m < <(best "$bin" report)   # the report on a warm cache
    # One new commit on top: a status change.
    f=$(git ls-files leads | sed -n 1p)
    sed -i 's/^status = "new"/status = "qualified"/; t; s/^status = "[a-z]*"/status = "new"/' "$f"
    git -c user.name=Bench -c user.email=bench@example.com commit -qam "bench: one more commit"
    read -r one_t _ < <(seconds "$bin" history --format json)
    git reset -q --hard HEAD~1
    cd - > /dev/null
    awk -v l="$layout" -v n="$leads" -v c="$commits" -v g="$git_t" -v gm="$git_m" -v ct="$cold_t" -v cm="$cold_m" -v w="$warm_t" -v wm="$warm_m" -v o="$one_t" -v r="$report_t" -v rm="$report_m" 'BEGIN {
      printf "%-7s %6d leads %6d commits | git log %6.2f s, %d MB | cold %6.2f s (%.2fx git, %d MB) | warm %5.3f s (%.1f%% of cold, %d MB) | +1 commit %5.3f s (%.1f%%) | report (warm) %5.3f s, %d MB\n",
        l, n, c, g, gm, ct, ct / g, cm, w, 100 * w / ct, wm, o, 100 * o / ct, r, rm }'
  done
done
