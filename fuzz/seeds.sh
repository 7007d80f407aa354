#!/usr/bin/env bash
# Rebuilds the committed seed corpora in fuzz/seeds/ from the test ledgers (examples/ledger,
# tests/cmd/*.in) and from caches a real leadger run writes on the example ledger.
# Needs a built leadger (cargo build at the root) and python3 for the cache payloads.
set -euo pipefail
cd "$(dirname "$0")/.."
leadger=${LEADGER:-$PWD/target/debug/leadger}
seeds=fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{check_lead,config,edit,history_cache,lead_cache}
n=0
for lead in $(find examples/ledger/leads tests/cmd -path '*leads/*' -name '*.toml' | sort); do
  n=$((n + 1))
  cp "$lead" "$seeds/check_lead/lead-$n"
  # The same lead under its own name (NAME NUL TEXT), and as an edit's starting point.
  { printf '%s\0' "${lead#*.in/}"; cat "$lead"; } >"$seeds/check_lead/named-$n"
  { printf 'set\nnext_step=Call the CFO\nestimated_value=\ntags=a, b\0'; cat "$lead"; } >"$seeds/edit/set-$n"
  { printf 'advance\nqualified\0'; cat "$lead"; } >"$seeds/edit/advance-$n"
  { printf 'advance\nlost\nprice\nforce\0'; cat "$lead"; } >"$seeds/edit/lost-$n"
done
n=0
for config in $(find examples/ledger tests/cmd -name leadger.toml | sort); do
  n=$((n + 1))
  cp "$config" "$seeds/config/config-$n"
done

# Caches: the example ledger with two commits, read by `history` and `list`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/ledger "$work/ledger"
cd "$work/ledger"
export GIT_AUTHOR_NAME="Ada Lovelace" GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME="Ada Lovelace" \
  GIT_COMMITTER_EMAIL=ada@example.com GIT_AUTHOR_DATE=2026-11-03T10:00:00Z GIT_COMMITTER_DATE=2026-11-03T10:00:00Z
git init -q && git add -A && git commit -qm "Add leads"
"$leadger" advance acme-billing-replatform proposal >/dev/null
git mv leads/2025/hooli-search-upsell.toml leads/2026/ && git commit -qam "Propose to acme; move hooli"
# Old enough for the lead cache to trust the files' stamps.
find leads -type f -exec touch -d 2026-01-01 {} +
"$leadger" history >/dev/null && "$leadger" list >/dev/null
cd - >/dev/null
# The fuzz targets take the payload after the header, keyed as they key it.
python3 - "$work/ledger/.git/leadger" "$seeds" <<'PY'
import sys
src, seeds = sys.argv[1], sys.argv[2]
def rekey(name, key, out):
    payload = open(f"{src}/{name}", "rb").read()[16:]
    n, i, shift = 0, 0, 0
    while True:  # postcard's varint length of the key string
        n |= (payload[i] & 0x7F) << shift; shift += 7; i += 1
        if payload[i - 1] < 0x80: break
    key = key.encode()
    open(out, "wb").write(bytes([len(key)]) + key + payload[i + n:])
rekey("history.bin", "leads", f"{seeds}/history_cache/example")
rekey("leads.bin", "0.1.0\n/ledger/leads", f"{seeds}/lead_cache/example")
PY
du -sh "$seeds"/*
