#!/usr/bin/env bash
# Benchmark `leadger check` on N generated leads against Python's jsonschema, in one run.
#   bash benches/check.sh [N]          (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
dir=bench-data/check-$n
cargo build --release --quiet
[ -d "$dir" ] || python3 benches/gen_ledger.py "$dir" --leads "$n"
bin=target/release/leadger
export LEADGER_TODAY=2026-11-22

# Ground truth: exactly the generated broken files have errors.
found=$({ $bin -C "$dir" check --format json || true; } | python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(sorted({x["path"] for x in d["diagnostics"] if x["severity"]=="error"})))')
if [ "$found" != "$(cat "$dir/broken.txt")" ]; then echo "MISMATCH: leadger's errors differ from the generator's broken files" >&2; exit 1; fi
echo "ground truth: $(wc -l < "$dir/broken.txt") broken files found, no others"

time_it() { # best and median wall seconds of $1 runs of the rest
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -q -f "%e %M" "$@" > /dev/null 2>> /tmp/leadger-bench.$$ || true
  done
  sort -n /tmp/leadger-bench.$$ | awk '{t[NR]=$1; m=($2>m?$2:m)} END {printf "best %.2f s, median %.2f s, peak %.0f MB\n", t[1], t[int((NR+1)/2)], m/1024}'
  rm -f /tmp/leadger-bench.$$
}
"$bin" -C "$dir" check > /dev/null || true   # warm the page cache
echo "leadger check ($n leads):      $(time_it 5 "$bin" -C "$dir" check --format json)"
echo "python jsonschema, 1 process:  $(time_it 3 python3 benches/py_validate.py "$dir")"
echo "python jsonschema, 2 processes: $(time_it 3 python3 benches/py_validate.py "$dir" --workers 2)"
