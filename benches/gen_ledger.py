#!/usr/bin/env python3
"""Generate a ledger of N lead files (no history) for `check` benchmarks.

    python3 benches/gen_ledger.py OUT_DIR --leads 100000 [--broken-share 0.01] [--flat] [--seed 1]

Valid leads vary the optional fields; a share of files is broken in one of six ways. The
paths of the broken files are written to OUT_DIR/broken.txt (the ground truth).
"""
import argparse
import os
import random

BROKEN = [
    ("unknown key", lambda t: t + "budget = 5\n"),
    ("wrong type", lambda t: t + 'estimated_value = "lots"\ncurrency = "EUR"\n'),
    ("bad enum", lambda t: t.replace('status = "', 'status = "x', 1)),
    ("quoted date", lambda t: t.replace("spotted_on = ", 'spotted_on = "', 1).replace("\nsummary", '"\nsummary', 1)),
    ("missing field", lambda t: "\n".join(l for l in t.split("\n") if not l.startswith("client"))),
    ("syntax", lambda t: t + 'notes = "unterminated\n'),
]
SOURCES = ["delivery", "support", "workshop", "meeting", "event", "referral", "other"]
KINDS = ["new-business", "upsell", "extension", "renewal"]


def lead(i, rng):
    year = 2019 + i % 8
    status = rng.choice(["new", "qualified", "proposal", "won", "lost", "dropped"])
    t = (
        f'title = "Need number {i} for the platform"\nclient = "Client {i % 997}"\nstatus = "{status}"\n'
        # Never after 2026-10: the benchmark runs with today pinned to 2026-11-22.
        f"spotted_on = {year}-{1 + i % (10 if year == 2026 else 12):02d}-{1 + i % 28:02d}\n"
        f'summary = "They said the current system cannot cope with growth, item {i}."\n'
    )
    if rng.random() < 0.5:
        t += f'source = "{rng.choice(SOURCES)}"\nkind = "{rng.choice(KINDS)}"\n'
    if rng.random() < 0.5:
        t += f'estimated_value = {rng.randrange(1000, 500000)}\ncurrency = "EUR"\nexpected_close = {year + 1}-06-30\n'
    if rng.random() < 0.3:
        t += 'owner = "Dana Account <dana@example.com>"\ncontact_role = "Head of Finance"\ntags = ["billing", "cloud"]\n'
    if rng.random() < 0.3:
        t += f'next_step = "Intro call"\nnext_step_due = {year}-12-01\nnotes = """\nLine one.\n*Line two.*\n"""\n'
    if status in ("lost", "dropped"):
        t += 'lost_reason = "They chose another supplier"\nlost_category = "competitor"\n'
    if rng.random() < 0.05:
        t += 'spotted_by = ["Sam Tester <sam@example.com>"]\n'
    return t, year


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--leads", type=int, default=100000)
    ap.add_argument("--broken-share", type=float, default=0.01)
    ap.add_argument("--flat", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    open(os.path.join(args.out, "leadger.toml"), "w").close()
    broken = []
    made = set()
    for i in range(args.leads):
        text, year = lead(i, rng)
        folder = os.path.join(args.out, "leads") if args.flat else os.path.join(args.out, "leads", str(year))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        rel = os.path.relpath(os.path.join(folder, f"lead-{i:06d}.toml"), args.out)
        if rng.random() < args.broken_share:
            text = BROKEN[len(broken) % len(BROKEN)][1](text)
            broken.append(rel)
        with open(os.path.join(args.out, rel), "w") as f:
            f.write(text)
    with open(os.path.join(args.out, "broken.txt"), "w") as f:
        f.write("\n".join(sorted(broken)) + "\n")
    print(f"{args.out}: {args.leads - len(broken)} valid, {len(broken)} broken")


if __name__ == "__main__":
    main()
