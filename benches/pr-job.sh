#!/usr/bin/env bash
# Times the leadger steps of the pull-request job that `leadger init` writes (check of the changed
# leads, then `leadger pr`) on a generated ledger with a pull request on top: 10 commits by
# different authors adding 10 leads, checked out as GitHub checks out a pull request (HEAD
# detached at a merge of it into main, `origin/main` present). Twice: with `.git/leadger` as the
# job's cache restores it (warmed on main), and with no cache (a first run).
#   bash benches/pr-job.sh [LEDGER]     (default: bench-data/h-10k-sharded, generated when missing)
# RUNS=N takes the best of N runs (default 3). The ledger is left on main as it was found.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/leadger
dir=${1:-bench-data/h-10k-sharded}
[ -d "$dir" ] || python3 benches/gen_history.py "$dir" --leads 10000 --commits 50000
cd "$dir"
runs=${RUNS:-3}
git() { command git -c user.name=Bench -c user.email=bench@example.com "$@"; }
scratch=$(mktemp -d)
restore() {
  git checkout -q -f main
  git branch -q -D bench-pr 2>/dev/null || true
  git update-ref -d refs/remotes/origin/main 2>/dev/null || true
  rm -rf "$scratch"
}
trap restore EXIT

git checkout -q -f main
git update-ref refs/remotes/origin/main main
git checkout -q -b bench-pr
template=$(git ls-files 'leads/*.toml' | sed -n 1p)
for i in $(seq 1 10); do
  lead="$(dirname "$template")/bench-pr-lead-$i.toml"
  sed -e "s/^title = .*/title = \"Bench pull request lead $i\"/" \
      -e "s/^client = .*/client = \"Bench Client $i\"/" \
      -e 's/^status = .*/status = "new"/' \
      -e '/^lost_reason/d; /^lost_category/d' "$template" > "$lead"
  git add "$lead"
  GIT_AUTHOR_NAME="Spotter $((i % 3))" GIT_AUTHOR_EMAIL="spotter$((i % 3))@example.com" \
    git commit -qm "Lead: bench pull request lead $i"
done
git checkout -q --detach main
git -c user.name=GitHub -c user.email=noreply@github.com merge -q --no-ff bench-pr -m "Merge bench-pr into main"
merge=$(git rev-parse HEAD)

has_pr=false
"$bin" pr --help >/dev/null 2>&1 && has_pr=true
job() { # the job's leadger steps, as the workflow runs them
  "$bin" check --format github --changed-since origin/main > "$scratch/check.out" || true
  if $has_pr; then
    "$bin" pr --base origin/main > "$scratch/pr.md"
  else # a stand-in with the same history walk and tallies, until this build has `leadger pr`
    "$bin" credit --format json > /dev/null
  fi
}
best() { # best wall time of $runs runs of the job, each after `prepare`
  local best="" t TIMEFORMAT=%R
  for _ in $(seq "$runs"); do
    prepare
    t=$( { time job 2> "$scratch/stderr"; } 2>&1 )
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

# The cache as the base branch's last run leaves it.
rm -rf .git/leadger
git checkout -q main
"$bin" history --format json > /dev/null
cp -r .git/leadger "$scratch/main-cache"
git checkout -q --detach "$merge"

prepare() { rm -rf .git/leadger; cp -r "$scratch/main-cache" .git/leadger; }
warm=$(best)
prepare() { rm -rf .git/leadger; }
cold=$(best)
job
leads=$(git ls-files 'leads/*.toml' | wc -l)
commits=$(git rev-list --count HEAD)
steps="check --changed-since"
$has_pr && steps="$steps + pr ($(wc -c < "$scratch/pr.md") bytes of Markdown)"
$has_pr || steps="$steps + credit (no \`leadger pr\` in this build; credit walks history as pr will)"
echo "$leads leads, $commits commits, $steps: cache restored ${warm} s, no cache ${cold} s (best of $runs)"
echo "check said:"; sed "s/^/  /" "$scratch/check.out"
# The job's cache is the main one; leave the ledger's cache as the base branch's run left it.
rm -rf .git/leadger
cp -r "$scratch/main-cache" .git/leadger
