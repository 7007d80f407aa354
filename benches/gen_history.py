#!/usr/bin/env python3
"""Generate a large synthetic ledger history for benchmarks, through `git fast-import`.

    python3 benches/gen_history.py OUT_DIR --leads 100000 --commits 300000 [--flat] [--seed 1]
        [--shape lead|person] [--renames 0.02] [--twins 0.01] [--other 0.97 --subdir ledger]

Commits: one creation per lead, the rest status advances and edits of random leads by ~200
people, with a merge commit (by a maintainer, changing nothing itself) every 25 commits.
Sharded layout: leads/<year>/<id>.toml; --flat: leads/<id>.toml. Deterministic for a seed.

--shape person: records of a ledger with its own schema (name, login, numeric account id,
email, optional chat id), the file named after the login. --renames: the share of update
commits that rename a record and edit it in the same commit (a lead's client name fixed and
its title reworded; a person's login, and with it the file name and the email, changed); a
fifth of those are mass renames of up to 200 records at once. --twins: the share of update
commits that delete a placeholder record and add another from the same template, which must
not be paired. --other 0.97: that share of commits touch only a tree of source files beside
the ledger (SourceTree), which then lives in --subdir. Ground truth: .git/truth.json (benches/verify_truth.py).
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


def lead_text(i, status, year, rng_words, edit=0, renames=0):
    base = CLIENTS[i % len(CLIENTS)] + f" {i % 97}"
    title = f"{rng_words[0].title()} {rng_words[1]} {i}"
    client = base
    if renames:
        # The rename fixes the client's name and rewords the title; the summary stays.
        client = CLIENTS[i % len(CLIENTS)] + f" Group {i % 97}"
        title = f"{rng_words[1].title()} work for {rng_words[0]}, lead {i} v{renames}"
    text = (
        f'title = "{title}"\nclient = "{client}"\nstatus = "{status}"\n'
        f"spotted_on = {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f'summary = "{base} needs help with {rng_words[0]} and {rng_words[1]}."\n'
    )
    if edit:
        text += f'next_step = "Follow-up number {edit}"\n'
    if status == "won":
        text += "estimated_value = %d\ncurrency = \"EUR\"\n" % (1000 * (1 + i % 200))
    return text


FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson"]
PERSON_SCHEMA = """{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["name", "login", "account_id", "email"],
  "properties": {
    "name": {"type": "string"}, "login": {"type": "string"}, "account_id": {"type": "integer"},
    "email": {"type": "string"}, "chat_id": {"type": "string"}
  },
  "additionalProperties": false
}
"""


def person_login(i, renames):
    first, last = FIRST[i % 10].lower(), LAST[(i // 10) % 10].lower()
    return f"{first}{last}{i}" if renames == 0 else f"{first[0]}{last}-{i}-{renames}"


def person_text(i, renames, edits):
    login = person_login(i, renames)
    text = (
        f'name = "{FIRST[i % 10]} {LAST[(i // 10) % 10]}"\nlogin = "{login}"\naccount_id = {100000 + i}\n'
        f'email = "{login}@example.org"\n'
    )
    if i % 3 == 0 or edits:
        text += f'chat_id = "U{i:07d}{"x" * edits}"\n'
    return text


def twin_text(n):
    # One template: the same name and chat id, different login, account and email.
    return f'name = "New Hire"\nlogin = "newhire{n}"\naccount_id = {900000 + n}\nemail = "newhire{n}@example.org"\nchat_id = "TBD"\n'


class SourceTree:
    """The code beside the ledger, shaped like a project's: a few top folders, modules nested
    two to four levels deep, ~2,000 files at the end, most commits touching one to three files
    of one module, a few touching dozens (a refactor, a dependency bump), new files now and then."""

    def __init__(self, rng, root_files=("README.md", "Cargo.toml", "Makefile", ".gitignore")):
        self.rng = rng
        self.dirs = []
        for top, modules, ext in (("src", 14, "rs"), ("tests", 6, "rs"), ("docs", 5, "md"), ("tools", 3, "py")):
            for m in range(modules):
                base = f"{top}/{WORDS[m % len(WORDS)]}{m // len(WORDS) or ''}"
                self.dirs.append((base, ext))
                for sub in range(rng.randint(1, 4)):
                    self.dirs.append((f"{base}/{['model', 'service', 'handlers', 'util'][sub]}", ext))
                    if rng.random() < 0.3:
                        self.dirs.append((f"{base}/{['model', 'service', 'handlers', 'util'][sub]}/internal", ext))
        self.dirs.append((".github/workflows", "yml"))
        self.sizes = {d: rng.randint(4, 24) for d, _ in self.dirs}  # files per folder now
        self.edits = {}
        self.root_files = root_files

    def _name(self, d, ext, n):
        return f"{d}/{WORDS[n % len(WORDS)]}_{n}.{ext}"

    def _content(self, f):
        n = self.edits.get(f, 0)
        # A few lines that change with each edit, so blobs differ as a real file's would.
        return f"// {f}\n" + "".join(f"fn f{k}() -> u32 {{ {n * 31 + k} }}\n" for k in range(8))

    def initial(self):
        """Every file there is at first: the project the ledger was added to."""
        files = [(f, f"# {f}\n") for f in self.root_files]
        for d, ext in self.dirs:
            files += [(f, self._content(f)) for f in (self._name(d, ext, n) for n in range(self.sizes[d]))]
        return files

    def commit(self):
        """The files one ordinary commit writes."""
        rng = self.rng
        r = rng.random()
        count = 1 if r < 0.5 else 2 if r < 0.7 else rng.randint(3, 6) if r < 0.93 else rng.randint(7, 40)
        focus = rng.randrange(len(self.dirs))
        files = {}
        for _ in range(count):
            # Mostly the focus module and its neighbours; now and then anywhere.
            k = focus + rng.randint(-2, 2) if rng.random() < 0.8 else rng.randrange(len(self.dirs))
            d, ext = self.dirs[k % len(self.dirs)]
            if rng.random() < 0.05:
                self.sizes[d] += 1  # a new file
            f = self._name(d, ext, rng.randrange(self.sizes[d]))
            self.edits[f] = self.edits.get(f, 0) + 1
            files[f] = self._content(f)
        return sorted(files.items())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--leads", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=50000)
    ap.add_argument("--flat", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shape", choices=["lead", "person"], default="lead")
    ap.add_argument("--renames", type=float, default=0.0)
    ap.add_argument("--twins", type=float, default=0.0)
    ap.add_argument("--other", type=float, default=0.0)
    ap.add_argument("--subdir", default="")
    args = ap.parse_args()
    root = args.subdir.strip("/") + "/" if args.subdir else ""
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
    leads = []  # per lead: [stage index, year, words, edits, renames]
    truth = []  # per lead: what leadger must find

    mark = 0
    commits = 0
    last_main = None

    def name(i, renames):
        if args.shape == "person":
            return person_login(i, renames)
        return f"lead-{i:06d}" if renames == 0 else f"lead-{i:06d}-r{renames}"

    def path(i, year, renames=0):
        return f"leads/{name(i, renames)}.toml" if args.flat else f"leads/{year}/{name(i, renames)}.toml"

    def text(i):
        stage, year, words, edits, renames = leads[i]
        if args.shape == "person":
            return person_text(i, renames, edits)
        return lead_text(i, STAGES[stage], year, words, edits, renames)

    def live(i):
        return path(i, leads[i][1], leads[i][4])

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
        for p, content in files:
            if p == "D":
                w(f"D {content}\n")
                continue
            data = content.encode()
            w(f"M 100644 inline {p}\ndata {len(data)}\n"); w(data); w("\n")
        w("\n")
        return mark

    mia = ("Mia Maintainer", "mia@example.com")
    created = 0
    twins = 0  # placeholders made so far; the live one is `twins - 1`
    twin_truth = []
    code = SourceTree(random.Random(args.seed + 1)) if args.other else None
    lead_commits = 0

    def set_path(i, renames):
        truth[i]["id"] = name(i, renames)
        truth[i]["path"] = path(i, leads[i][1], renames)

    def ledger_files(files):
        return [(root + p, t) for p, t in files]

    if code:
        # The project exists before its ledger does.
        last_main = emit("refs/heads/main", rng.choice(people), code.initial(), [], "Import the project")
        commits += 1
    while commits < args.commits:
        remaining = args.commits - commits
        to_create = args.leads - created
        if args.other and created and rng.random() < args.other:
            # A commit that never touches the ledger.
            files = code.commit()
            last_main = emit("refs/heads/main", rng.choice(people), files, [last_main], "Work on the code")
            commits += 1
            continue
        lead_commits += 1
        # Without other commits, every 25th commit as the benchmarks always had it.
        if (lead_commits if args.other else commits) % 25 == 0 and commits and created > 10:
            # A side branch with one edit, merged by the maintainer.
            i = rng.randrange(created)
            leads[i][3] += 1
            edit = ledger_files([(live(i), text(i))])
            side = emit("refs/heads/side", rng.choice(people), edit, [last_main], "Edit on a branch")
            # fast-import starts a merge from its first parent's tree: the merge takes the
            # branch's edit, as git would, or later commits would build on a lost edit.
            last_main = emit("refs/heads/main", mia, edit, [last_main, side], "Merge branch side")
            commits += 2
            continue
        if to_create > 0 and (rng.random() < to_create / max(remaining * (1 - args.other), 1) or created == 0):
            i = created
            year = 2019 + (i * 8) // max(args.leads, 1)
            words = rng.sample(WORDS, 2)
            leads.append([0, year, words, 0, 0])
            created += 1
            who = rng.choice(people)
            truth.append({"id": name(i, 0), "path": path(i, year), "spotters": [who[1]], "transitions": [],
                          "status": None if args.shape == "person" else "new"})
            last_main = emit("refs/heads/main", who, ledger_files([(live(i), text(i))]), [last_main] if last_main else [], f"Add lead {i}")
        elif args.twins and args.shape == "person" and rng.random() < args.twins:
            # Delete the live placeholder, add another from the same template: not a rename.
            who = rng.choice(people)
            twin_path = lambda n: f"leads/newhire{n}.toml" if args.flat else f"leads/2019/newhire{n}.toml"
            files = [("D", root + twin_path(twins - 1))] if twins else []
            files.append((root + twin_path(twins), twin_text(twins)))
            twin_truth.clear()  # the one before is deleted for good
            twin_truth.append({"id": f"newhire{twins}", "path": twin_path(twins), "spotters": [who[1]],
                               "transitions": [], "status": None})
            twins += 1
            last_main = emit("refs/heads/main", who, files, [last_main], "Replace a placeholder")
        elif args.renames and rng.random() < args.renames:
            who = rng.choice(people)
            mass = rng.random() < 0.2
            chosen = rng.sample(range(created), min(created, 200)) if mass else [rng.randrange(created)]
            files = []
            for i in sorted(chosen):
                files.append(("D", root + live(i)))
                leads[i][4] += 1
                set_path(i, leads[i][4])
                files.append((root + live(i), text(i)))
            last_main = emit("refs/heads/main", who, files, [last_main], "Rename records" if mass else "Fix a record's name")
        else:
            i = rng.randrange(created)
            stage = leads[i][0]
            who = rng.choice(people)
            if args.shape == "lead" and stage < 3 and rng.random() < 0.5:
                leads[i][0] += 1
                truth[i]["transitions"].append(f"{STAGES[stage]}>{STAGES[stage + 1]}@{who[1]}")
            else:
                leads[i][3] += 1
            last_main = emit("refs/heads/main", who, ledger_files([(live(i), text(i))]), [last_main], f"Update lead {i}")
        commits += 1
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.out, "reset", "-q", "--hard", "main"], check=True, env=env)
    for lead, state in zip(truth, leads):
        if args.shape == "lead":
            lead["status"] = STAGES[state[0]]
    truth += twin_truth
    with open(os.path.join(args.out, ".git", "truth.json"), "w") as f:
        json.dump(sorted(truth, key=lambda l: l["id"]), f)
    ledger_root = os.path.join(args.out, args.subdir)
    os.makedirs(ledger_root, exist_ok=True)
    with open(os.path.join(ledger_root, "leadger.toml"), "a") as f:
        if args.shape == "person":
            f.write('schema = "person.schema.json"\n')
    if args.shape == "person":
        with open(os.path.join(ledger_root, "person.schema.json"), "w") as f:
            f.write(PERSON_SCHEMA)
    print(f"{args.out}: {created} leads, {commits} commits, {'flat' if args.flat else 'sharded'}, {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
