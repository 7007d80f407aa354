#!/usr/bin/env python3
"""Generate a large synthetic ledger history for benchmarks, through `git fast-import`.

    python3 benches/gen_history.py OUT_DIR --leads 100000 --commits 300000 [--flat] [--seed 1]

Commits: one creation per lead, the rest status advances and edits of random leads by ~200
people, with a merge commit (by a maintainer, changing nothing itself) every 25 commits.
Sharded layout: leads/<year>/<id>.toml; --flat: leads/<id>.toml. Deterministic for a seed.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

STAGES = ["new", "qualified", "proposal", "won"]
WORDS = ["billing", "data", "cloud", "search", "migration", "portal", "audit", "mobile", "payments", "crm"]
CLIENTS = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent"]


def lead_text(i, status, year, rng_words, edit=0):
    title = f"{rng_words[0].title()} {rng_words[1]} {i}"
    client = CLIENTS[i % len(CLIENTS)] + f" {i % 97}"
    text = (
        f'title = "{title}"\nclient = "{client}"\nstatus = "{status}"\n'
        f"spotted_on = {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f'summary = "{client} needs help with {rng_words[0]} and {rng_words[1]}."\n'
    )
    if edit:
        text += f'next_step = "Follow-up number {edit}"\n'
    if status == "won":
        text += "estimated_value = %d\ncurrency = \"EUR\"\n" % (1000 * (1 + i % 200))
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--leads", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=50000)
    ap.add_argument("--flat", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    os.makedirs(args.out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.out, stdin=subprocess.PIPE, env=env)
    out = fi.stdin
    people = [(f"Engineer {n}", f"eng{n}@example.com") for n in range(max(8, args.leads // 500))]
    t = 1546333200  # 2019-01-01T09:00:00Z
    step = max(1, (1761984000 - t) // max(args.commits, 1))  # spread to 2025-11-01
    leads = []  # per lead: [stage index, year, words, edits]
    truth = []  # per lead: what leadger must find

    mark = 0
    commits = 0
    last_main = None

    def path(i, year):
        return f"leads/{i:06d}.toml" if args.flat else f"leads/{year}/lead-{i:06d}.toml"

    def emit(ref, author, files, parents, message):
        nonlocal mark, t
        mark += 1
        t += step
        w = lambda s: out.write(s.encode() if isinstance(s, str) else s)
        w(f"commit {ref}\nmark :{mark}\n")
        w(f"author {author[0]} <{author[1]}> {t} +0000\ncommitter {author[0]} <{author[1]}> {t} +0000\n")
        msg = message.encode()
        w(f"data {len(msg)}\n"); w(msg); w("\n")
        for n, p in enumerate(parents):
            w(f"{'from' if n == 0 else 'merge'} :{p}\n")
        for p, text in files:
            data = text.encode()
            w(f"M 100644 inline {p}\ndata {len(data)}\n"); w(data); w("\n")
        w("\n")
        return mark

    mia = ("Mia Maintainer", "mia@example.com")
    created = 0
    while commits < args.commits:
        remaining = args.commits - commits
        to_create = args.leads - created
        if commits and commits % 25 == 0 and created > 10:
            # A side branch with one advance, merged by the maintainer.
            i = rng.randrange(created)
            stage, year, words, edits = leads[i]
            leads[i][3] += 1
            side = emit("refs/heads/side", rng.choice(people), [(path(i, year), lead_text(i, STAGES[stage], year, words, edits + 1))], [last_main], "Edit on a branch")
            last_main = emit("refs/heads/main", mia, [], [last_main, side], "Merge branch side")
            commits += 2
            continue
        if to_create > 0 and (rng.random() < to_create / max(remaining, 1) or created == 0):
            i = created
            year = 2019 + (i * 8) // max(args.leads, 1)
            words = rng.sample(WORDS, 2)
            leads.append([0, year, words, 0])
            created += 1
            who = rng.choice(people)
            truth.append({"id": os.path.basename(path(i, year))[:-5], "path": path(i, year), "spotters": [who[1]], "transitions": []})
            last_main = emit("refs/heads/main", who, [(path(i, year), lead_text(i, "new", year, words))], [last_main] if last_main else [], f"Add lead {i}")
        else:
            i = rng.randrange(created)
            stage, year, words, edits = leads[i]
            who = rng.choice(people)
            if stage < 3 and rng.random() < 0.5:
                leads[i][0] += 1
                truth[i]["transitions"].append(f"{STAGES[stage]}>{STAGES[stage + 1]}@{who[1]}")
            else:
                leads[i][3] += 1
            last_main = emit("refs/heads/main", who, [(path(i, year), lead_text(i, STAGES[leads[i][0]], year, words, leads[i][3]))], [last_main], f"Update lead {i}")
        commits += 1
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.out, "reset", "-q", "--hard", "main"], check=True, env=env)
    for lead, state in zip(truth, leads):
        lead["status"] = STAGES[state[0]]
    with open(os.path.join(args.out, ".git", "truth.json"), "w") as f:
        json.dump(sorted(truth, key=lambda l: l["id"]), f)
    open(os.path.join(args.out, "leadger.toml"), "a").close()
    print(f"{args.out}: {created} leads, {commits} commits, {'flat' if args.flat else 'sharded'}, {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
