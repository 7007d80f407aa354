#!/usr/bin/env python3
"""Compare `leadger history --format json` (stdin) with a generator's .git/truth.json."""
import json
import sys

got = json.load(sys.stdin)
truth = json.load(open(sys.argv[1]))
reduced = [
    {
        "id": l["id"],
        "path": l["path"],
        "spotters": [p["email"] for p in l["spotters"]],
        "transitions": [f"{t['from']}>{t['to']}@{t['author']['email']}" for t in l["transitions"]],
        "status": l["status"],
    }
    for l in got
]
truth = [{k: l[k] for k in ("id", "path", "spotters", "transitions", "status")} for l in truth]
if reduced != truth:
    for a, b in zip(reduced, truth):
        if a != b:
            sys.exit(f"MISMATCH\n  leadger: {a}\n  truth:   {b}")
    sys.exit(f"MISMATCH: {len(reduced)} leads found, {len(truth)} expected")
print(f"ground truth: {len(truth)} leads, spotters and transitions all equal")
