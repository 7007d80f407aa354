#!/usr/bin/env bash
# Benchmark `leadger pr` for a pull request of 10 commits adding 10 leads, the duplicate search
# alone (from `--stats`), and `list --duplicates`, on a generated ledger (benches/gen_history.py),
# all with warm caches.
#   bash benches/pr.sh DIR              # an existing generated ledger (never changed)
#   bash benches/pr.sh LEADS COMMITS    # generates bench-data/h-<LEADS/1000>k-sharded first
# The ledger is cloned (`--shared`: no objects copied) into bench-data/pr-clone, with its caches,
# and the pull request is made there. RUNS=N takes the best of N runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/leadger
if [ $# -eq 2 ]; then
  src=bench-data/h-$(($1 / 1000))k-sharded
  [ -d "$src" ] || python3 benches/gen_history.py "$src" --leads "$1" --commits "$2"
else
  src=$1
fi
src=$(cd "$src" && pwd)
runs=${RUNS:-3}
work=$PWD/bench-data/pr-clone
rm -rf "$work"
git clone -q --shared --no-checkout "$src" "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
git checkout -q -B main origin/main
# The source's caches, when it has them, so the clone starts warm as CI does (the workflow keeps
# .git/leadger between runs); otherwise the first run below fills them.
[ -d "$src/.git/leadger" ] && cp -r "$src/.git/leadger" .git/leadger

# The pull request: 10 commits, each adding one lead; every other one restates an existing
# lead of the same client in other words, so the duplicate search has something to find.
git checkout -q -b pull-request
mapfile -t samples < <(git ls-files leads | awk 'NR % 997 == 1' | head -10)
for i in $(seq 0 9); do
  sample=${samples[$i]}
  client=$(sed -n 's/^client = "\(.*\)"/\1/p' "$sample")
  title=$(sed -n 's/^title = "\(.*\)"/\1/p' "$sample")
  if [ $((i % 2)) -eq 0 ]; then title="New ${title,,} work"; else title="Bench lead $i"; fi
  mkdir -p leads/2027
  printf 'title = "%s"\nclient = "%s Ltd."\nstatus = "new"\nspotted_on = 2026-11-01\nsummary = "Bench lead %d."\n' \
    "$title" "$client" "$i" > "leads/2027/bench-pr-$i.toml"
  git add leads/2027
  git -c user.name="Bench $i" -c user.email="bench$i@example.com" commit -qm "bench: lead $i"
done

timed() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
best() { # best wall time and peak MB of $runs runs
  local best="" mem=0 t m
  for _ in $(seq "$runs"); do
    read -r t m < <(timed "$@")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$mem" ] && mem=$m
  done
  echo "$best $((mem / 1024))"
}

"$bin" pr --base main > /dev/null   # fills the caches for the pull request's commits
"$bin" list --duplicates > /dev/null
read -r pr_t pr_m < <(best "$bin" pr --base main)
dup_ms=$(for _ in $(seq "$runs"); do "$bin" pr --base main --stats 2>&1 >/dev/null | sed -n 's/^duplicates: \([0-9.]*\) ms.*/\1/p'; done | sort -g | head -1)
read -r list_t list_m < <(best "$bin" list --duplicates)
leads=$(git ls-files leads | wc -l)
commits=$(git rev-list --count HEAD)
groups=$("$bin" list --duplicates | tail -1)
printf '%d leads %d commits | pr (warm) %.2f s, %d MB | duplicates of 10 new leads %s ms | list --duplicates %.2f s, %d MB (%s)\n' \
  "$leads" "$commits" "$pr_t" "$pr_m" "$dup_ms" "$list_t" "$list_m" "$groups"
