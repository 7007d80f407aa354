#!/usr/bin/env bash
# Runs one fuzz target: bash fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
#   targets: check_lead config history_cache lead_cache edit  (`list` names them)
# New inputs go to fuzz/corpus/TARGET (git-ignored), read together with the committed seeds
# in fuzz/seeds/TARGET; a crash is saved in fuzz/artifacts/TARGET and the run stops.
# Stable Rust is enough: RUSTC_BOOTSTRAP lets it take the nightly flags cargo fuzz passes.
# SANITIZER=address for memory errors in unsafe code (slower); the default catches panics,
# and debug assertions are on, so integer overflow panics too.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: run.sh TARGET [SECONDS] [libFuzzer flags…] (run.sh list names the targets)}
seconds=${2:-60}
shift $(( $# < 2 ? $# : 2 ))
export RUSTC_BOOTSTRAP=1
if [ "$target" = list ]; then exec cargo fuzz list; fi
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2; exit 2; }

dict=()
case "$target" in check_lead|config|edit) dict=(-dict=dicts/toml.dict) ;; esac
mkdir -p "corpus/$target" "seeds/$target"
# Lead files are capped at 1 MiB, but small inputs explore faster; the caches are binary.
max_len=8192
case "$target" in history_cache|lead_cache) max_len=16384 ;; esac

cargo fuzz run --sanitizer "${SANITIZER:-none}" --debug-assertions "$target" \
  "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "${dict[@]}" "$@"
