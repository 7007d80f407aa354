#!/usr/bin/env python3
"""The baseline for `leadger check`: Python's jsonschema validating the same files against
the same schema, TOML dates converted to ISO strings as leadger does.

    python3 benches/py_validate.py LEDGER_DIR [--workers N]
"""
import argparse
import datetime
import glob
import json
import os
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor

import jsonschema

SCHEMA = json.load(open(os.path.join(os.path.dirname(__file__), "..", "schema", "lead.schema.json")))


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def validate(paths):
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in paths:
        try:
            with open(path, "rb") as f:
                instance = to_json(tomllib.load(f))
        except Exception:
            bad += 1
            continue
        if any(True for _ in validator.iter_errors(instance)):
            bad += 1
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.ledger, "leads", "**", "*.toml"), recursive=True))
    if args.workers == 1:
        bad = validate(paths)
    else:
        chunks = [paths[i :: args.workers] for i in range(args.workers)]
        with ProcessPoolExecutor(args.workers) as pool:
            bad = sum(pool.map(validate, chunks))
    print(f"{len(paths)} files, {bad} with errors")


if __name__ == "__main__":
    sys.exit(main())
