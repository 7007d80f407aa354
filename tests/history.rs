//! The history engine on real repositories with known authors, merges, moves and renames.

mod common;

use common::{ALICE, BOB, BOT, CAROL, CAROL_OLD, MIA, TestLedger, lead};
use serde_json::{Value, json};

/// `history --format json`, reduced to what a person checks: id, path, status, spotter
/// emails and transitions as `from>to@email`.
fn summary(ledger: &TestLedger, extra: &[&str]) -> Value {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = ledger.run(&args);
    assert_eq!(code, 0, "{stderr}");
    let leads: Value = serde_json::from_str(&stdout).unwrap();
    Value::Array(
        leads
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                json!({
                    "id": l["id"],
                    "path": l["path"],
                    "status": l["status"],
                    "spotters": l["spotters"].as_array().unwrap().iter().map(|p| p["email"].clone()).collect::<Vec<_>>(),
                    "transitions": l["transitions"].as_array().unwrap().iter()
                        .map(|t| format!("{}>{}@{}", t["from"].as_str().unwrap(), t["to"].as_str().unwrap(), t["author"]["email"].as_str().unwrap()))
                        .collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn with_status(text: &str, from: &str, to: &str) -> String {
    let text = text.replace(&format!("status = \"{from}\""), &format!("status = \"{to}\""));
    if matches!(to, "lost" | "dropped") { text + "lost_reason = \"No budget\"\n" } else { text }
}

/// A history with every hard case at once: co-authored squash commits, a mailmap alias, a
/// maintainer's merge, a bot, a mass move into year folders, an id rename with an edit, a
/// deletion and a restoration.
fn eventful_ledger() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write(".mailmap", "Carol Architect <carol@example.com> <carol@old.example>\n");
    let acme = lead("Billing", "Acme", "new");
    ledger.write("leads/acme.toml", &acme);
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add the Acme lead");
    // Squash-style: authored by Bob, committed by Mia, with a co-author under an old email.
    ledger.write("leads/globex.toml", lead("Data migration", "Globex", "new"));
    ledger.commit_by(BOB, MIA, "2026-01-06T10:00:00Z", "Add Globex (#12)\n\nCo-authored-by: carol <carol@old.example>");
    ledger.write("leads/acme.toml", with_status(&acme, "new", "qualified"));
    ledger.commit_all(CAROL_OLD, "2026-01-07T10:00:00Z", "Qualify Acme");
    // A branch by Carol, merged by Mia after main moved on.
    ledger.git(&["checkout", "-q", "-b", "initech"]);
    ledger.write("leads/initech.toml", lead("Cloud move", "Initech", "new"));
    ledger.commit_all(CAROL, "2026-01-08T10:00:00Z", "Add Initech");
    ledger.git(&["checkout", "-q", "main"]);
    ledger.write("leads/hooli.toml", lead("Search", "Hooli", "new"));
    ledger.commit_all(ALICE, "2026-01-09T10:00:00Z", "Add Hooli");
    ledger.git_as(MIA, "2026-01-10T10:00:00Z", &["merge", "-q", "--no-ff", "initech", "-m", "Merge branch initech"]);
    // The bot edits a next step; it must not count as advancing anything.
    ledger.write("leads/hooli.toml", lead("Search", "Hooli", "new") + "next_step = \"Call\"\n");
    ledger.commit_all(BOT, "2026-01-11T10:00:00Z", "chore: tidy");
    // Mia shards everything into year folders in one commit.
    for id in ["acme", "globex", "hooli", "initech"] {
        std::fs::create_dir_all(ledger.path("leads/2026")).unwrap();
        std::fs::rename(ledger.path(&format!("leads/{id}.toml")), ledger.path(&format!("leads/2026/{id}.toml")))
            .unwrap();
    }
    ledger.commit_all(MIA, "2026-01-12T10:00:00Z", "Shard leads by year");
    // Bob renames Globex's lead with a small edit, and moves it forward.
    std::fs::remove_file(ledger.path("leads/2026/globex.toml")).unwrap();
    ledger.write("leads/2026/globex-data-migration.toml", lead("Data migration 2027", "Globex", "qualified"));
    ledger.commit_all(BOB, "2026-01-13T10:00:00Z", "Rename Globex lead");
    // Hooli is deleted by mistake, then restored by someone else.
    let hooli = std::fs::read_to_string(ledger.path("leads/2026/hooli.toml")).unwrap();
    std::fs::remove_file(ledger.path("leads/2026/hooli.toml")).unwrap();
    ledger.commit_all(BOB, "2026-01-14T10:00:00Z", "Remove Hooli");
    ledger.write("leads/2026/hooli.toml", with_status(&hooli, "new", "lost"));
    ledger.commit_all(CAROL, "2026-01-15T10:00:00Z", "Restore Hooli, lost");
    ledger
}

#[test]
fn spotters_and_transitions_survive_merges_moves_renames_and_restores() {
    let ledger = eventful_ledger();
    assert_eq!(
        summary(&ledger, &["--no-cache"]),
        json!([
            {"id": "acme", "path": "leads/2026/acme.toml", "status": "qualified",
             "spotters": ["alice@example.com"], "transitions": ["new>qualified@carol@example.com"]},
            {"id": "globex-data-migration", "path": "leads/2026/globex-data-migration.toml", "status": "qualified",
             "spotters": ["bob@example.com", "carol@example.com"], "transitions": ["new>qualified@bob@example.com"]},
            {"id": "hooli", "path": "leads/2026/hooli.toml", "status": "lost",
             "spotters": ["alice@example.com"], "transitions": ["new>lost@carol@example.com"]},
            {"id": "initech", "path": "leads/2026/initech.toml", "status": "new",
             "spotters": ["carol@example.com"], "transitions": []},
        ])
    );
}

#[test]
fn show_tells_the_story_of_one_lead() {
    let ledger = eventful_ledger();
    let (code, stdout, _) = ledger.run(&["show", "globex-data-migration"]);
    assert_eq!(code, 0);
    let timeline: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "  timeline:")
        .skip(1)
        .map(|l| l.split("  ").filter(|s| !s.is_empty()).nth(2).unwrap_or(""))
        .collect();
    assert!(
        stdout.contains("spotted by: Bob Tester <bob@example.com>, Carol Architect <carol@example.com> (from history)"),
        "{stdout}"
    );
    assert_eq!(timeline, ["Bob Tester", "Mia Maintainer", "Bob Tester"], "{stdout}");
    assert!(stdout.contains("moved from leads/globex.toml"), "{stdout}");
    assert!(
        stdout.contains("renamed from `globex`: status: new → qualified; summary: Globex needs Data migration. → Globex needs Data migration 2027.; title: Data migration → Data migration 2027\n"),
        "{stdout}"
    );

    let (code, _, stderr) = ledger.run(&["show", "globex-data-migraton"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "error: no lead with id `globex-data-migraton`\nHint: did you mean `globex-data-migration`?\n");
    // The start of an id is enough when it names one lead.
    assert_eq!(ledger.run(&["show", "globex"]).1, stdout);
}

/// `show` starts with the lead itself, what a manager acts on, before where it came from.
#[test]
fn show_starts_with_the_lead_itself() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let extra = "estimated_value = 25000\ncurrency = \"EUR\"\nexpected_close = 2026-09-30\n\
                 owner = \"Dana Account <dana@example.com>\"\nnext_step = \"Call the CFO\"\nnext_step_due = 2026-04-01\n\
                 tags = [\"billing\", \"cloud\"]\n";
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new") + extra);
    ledger.commit_all(ALICE, "2026-03-02T10:00:00Z", "Add Acme");
    let (code, stdout, stderr) = ledger.run(&["show", "acme"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let head: Vec<&str> = stdout.lines().take_while(|l| *l != "  timeline:").collect();
    assert_eq!(
        head,
        [
            "acme",
            "  title:      Billing",
            "  client:     Acme",
            "  summary:    Acme needs Billing.",
            "  spotted on: 2026-03-01",
            "  value:      25,000 EUR",
            "  closes:     2026-09-30 (expected)",
            "  owner:      Dana Account <dana@example.com>",
            "  next step:  Call the CFO (due 2026-04-01)",
            "  tags:       billing, cloud",
            "  path:       leads/acme.toml",
            "  status:     new",
            "  spotted by: Alice Engineer <alice@example.com> (from history)",
        ]
    );
    let (_, stdout, _) = ledger.run(&["show", "acme", "--format", "json"]);
    let shown: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (&shown["lead"]["estimated_value"], &shown["lead"]["next_step_due"]),
        (&json!(25000.0), &json!("2026-04-01"))
    );
    assert_eq!(shown["id"], "acme", "the history's fields stay where they were");
}

#[test]
fn every_kind_of_event_is_told_apart() {
    let ledger = eventful_ledger();
    let (code, stdout, stderr) = ledger.run(&["show", "hooli"]);
    assert_eq!(code, 0, "{stderr}");
    let told: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "  timeline:")
        .skip(1)
        .map(|l| l.split("  ").map(str::trim).filter(|s| !s.is_empty()).nth(3).unwrap_or(""))
        .collect();
    assert_eq!(
        told,
        ["created", "edited: next_step added", "moved from leads/hooli.toml", "deleted", "restored"],
        "{stdout}"
    );

    // In JSON, each kind by name, with where a moved or renamed lead came from.
    let (_, stdout, _) = ledger.run(&["show", "globex-data-migration", "--format", "json"]);
    let lead: Value = serde_json::from_str(&stdout).unwrap();
    let events: Vec<Value> = lead["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["path"], e.get("from_path"), e.get("from_id"), e.get("paired_by")]))
        .collect();
    assert_eq!(
        events,
        [
            json!(["created", "leads/globex.toml", null, null, null]),
            json!(["moved", "leads/2026/globex.toml", "leads/globex.toml", null, "blob"]),
            json!(["renamed", "leads/2026/globex-data-migration.toml", "leads/2026/globex.toml", "globex", "identity"]),
        ]
    );
    let (_, stdout, _) = ledger.run(&["show", "hooli", "--format", "json"]);
    let lead: Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = lead["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "modified", "moved", "deleted", "restored"]);
}

#[test]
fn credit_counts_outcomes_per_person_and_team() {
    let ledger = eventful_ledger();
    ledger.write("leadger.toml", "[teams]\narchitects = [\"carol@example.com\", \"bob@example.com\"]\n");
    let (code, stdout, _) = ledger.run(&["credit", "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let people: Vec<(String, u64, u64, u64)> = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["email"].as_str().unwrap().to_owned(),
                p["spotted"].as_u64().unwrap(),
                p["spotted_as_author"].as_u64().unwrap(),
                p["advanced"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("carol@example.com".to_owned(), 2, 1, 2),
            ("alice@example.com".to_owned(), 2, 2, 0),
            ("bob@example.com".to_owned(), 1, 1, 1),
        ]
    );
    // Globex is spotted by two architects: it counts once for the team.
    assert_eq!(report["teams"][0]["team"], "architects");
    assert_eq!(report["teams"][0]["spotted"], 2);
    assert_eq!(report["teams"][0]["advanced"], 3);

    let (_, stdout, _) = ledger.run(&["credit", "--since", "2026-01-07", "--until", "2026-01-07"]);
    assert_eq!(
        stdout,
        "person           spotted  as author  qualified  advanced  won  won value\n\
         Carol Architect        0          0          0         1    0          –\n\
         \n\
         team        spotted  as author  qualified  advanced  won  won value\n\
         architects        0          0          0         1    0          –\n\n"
    );
}

#[test]
fn the_cache_gives_the_same_answer_and_follows_the_mailmap() {
    let ledger = eventful_ledger();
    let cold = ledger.run(&["history", "--format", "json", "--no-cache"]).1;
    let first = ledger.run(&["history", "--format", "json"]);
    assert!(ledger.path(".git/leadger/history.bin").is_file());
    let warm = ledger.run(&["history", "--format", "json"]);
    assert_eq!((first.1.as_str(), warm.1.as_str()), (cold.as_str(), cold.as_str()));
    assert_eq!(warm.2, "");

    // A mailmap change takes effect at once, with the cache still in use.
    ledger.write(".mailmap", "Carol A. <carol@example.com> <carol@old.example>\nCarol A. <carol@example.com>\n");
    let renamed = ledger.run(&["history", "--format", "json"]).1;
    assert_eq!(renamed, ledger.run(&["history", "--format", "json", "--no-cache"]).1);
    assert!(renamed.contains("\"Carol A.\"") && !renamed.contains("Carol Architect"));

    // A damaged cache is reported, ignored and rebuilt.
    let cache = ledger.path(".git/leadger/history.bin");
    let mut bytes = std::fs::read(&cache).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&cache, bytes).unwrap();
    let (code, stdout, stderr) = ledger.run(&["history", "--format", "json"]);
    assert_eq!((code, stdout), (0, renamed.clone()));
    assert!(stderr.starts_with("warning: the history cache ") && stderr.contains("damaged"), "{stderr}");
    assert_eq!(ledger.run(&["history", "--format", "json"]).2, "", "rebuilt");
}

#[test]
fn a_new_commit_is_the_only_one_processed() {
    let ledger = eventful_ledger();
    let (_, _, stderr) = ledger.run(&["history", "--stats"]);
    assert!(stderr.contains("11 commits, 11 processed"), "{stderr}");
    let (_, _, stderr) = ledger.run(&["history", "--stats"]);
    assert!(stderr.contains("11 commits, 0 processed"), "{stderr}");
    ledger.write(
        "leads/2026/acme.toml",
        with_status(&std::fs::read_to_string(ledger.path("leads/2026/acme.toml")).unwrap(), "qualified", "won"),
    );
    ledger.commit_all(ALICE, "2026-01-16T10:00:00Z", "Acme won");
    let (_, stdout, stderr) = ledger.run(&["history", "--stats"]);
    assert!(stderr.contains("12 commits, 1 processed"), "{stderr}");
    assert!(stdout.contains("qualified → won by Alice Engineer"), "{stdout}");

    // History rewritten under the cache (the tip replaced): surviving commits stay cached.
    ledger.git(&["reset", "-q", "--hard", "HEAD~1"]);
    ledger.write(
        "leads/2026/acme.toml",
        with_status(&std::fs::read_to_string(ledger.path("leads/2026/acme.toml")).unwrap(), "qualified", "lost"),
    );
    ledger.commit_all(ALICE, "2026-01-17T10:00:00Z", "Acme lost after all");
    let (_, rewritten, stderr) = ledger.run(&["history", "--format", "json", "--stats"]);
    assert!(stderr.contains("12 commits, 1 processed"), "{stderr}");
    assert_eq!(rewritten, ledger.run(&["history", "--format", "json", "--no-cache"]).1);
    assert!(rewritten.contains("\"to\": \"lost\"") && !rewritten.contains("\"to\": \"won\""), "{rewritten}");

    // Back to an older tip: nothing to process, but the cache is rewritten for that tip, so
    // later runs read it as current instead of re-deriving it each time.
    ledger.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let cache = ledger.path(".git/leadger/history.bin");
    let before = std::fs::read(&cache).unwrap();
    let (_, _, stderr) = ledger.run(&["history", "--stats"]);
    assert!(stderr.contains("11 commits, 0 processed"), "{stderr}");
    let after = std::fs::read(&cache).unwrap();
    assert!(after.len() < before.len(), "the cache still holds the dropped commit");
}

#[test]
fn a_cache_from_an_older_leadger_is_rebuilt_quietly() {
    let ledger = eventful_ledger();
    let expected = ledger.run(&["history", "--format", "json", "--no-cache"]).1;
    ledger.run(&["history"]);
    let cache = ledger.path(".git/leadger/history.bin");
    let mut bytes = std::fs::read(&cache).unwrap();
    // The header: an 8-byte magic, then the format version (little-endian), then a checksum
    // of the payload alone, which an older version's file passes.
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    bytes[8..12].copy_from_slice(&(version - 1).to_le_bytes());
    std::fs::write(&cache, bytes).unwrap();

    let (code, stdout, stderr) = ledger.run(&["history", "--format", "json", "--stats"]);
    assert_eq!((code, stdout), (0, expected));
    assert!(stderr.contains("11 commits, 11 processed") && !stderr.contains("warning"), "{stderr}");
    let rebuilt = std::fs::read(&cache).unwrap();
    assert_eq!(u32::from_le_bytes(rebuilt[8..12].try_into().unwrap()), version);
    let (_, _, stderr) = ledger.run(&["history", "--stats"]);
    assert!(stderr.contains("11 commits, 0 processed"), "{stderr}");
}

#[test]
fn a_shallow_clone_refuses_to_guess() {
    let ledger = eventful_ledger();
    let clone = TestLedger::bare();
    let url = format!("file://{}", ledger.root.display());
    clone.git(&["clone", "-q", "--depth", "1", &url, "."]);
    let (code, stdout, stderr) = clone.run(&["history"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: this repository is a shallow clone: its history is cut short, so credit cannot be computed\n\
         Hint: run `git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout\n"
    );
}

#[test]
fn empty_detached_and_uncommitted() {
    let ledger = TestLedger::new();
    ledger.git_init();
    assert_eq!(ledger.run(&["history"]), (0, "0 leads\n".to_owned(), String::new()));
    ledger.write("leads/a.toml", lead("A", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add A");
    ledger.write("leads/b.toml", lead("B", "Acme", "new"));
    ledger.commit_all(BOB, "2026-01-06T10:00:00Z", "Add B");
    ledger.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    ledger.write("leads/draft.toml", lead("Draft", "Acme", "new"));
    assert_eq!(
        summary(&ledger, &[]),
        json!([
            {"id": "a", "path": "leads/a.toml", "status": "new", "spotters": ["alice@example.com"], "transitions": []},
            {"id": "draft", "path": "leads/draft.toml", "status": "new", "spotters": [], "transitions": []},
        ])
    );
    // --rev reads another commit's history, without the working tree's drafts.
    let at_main = summary(&ledger, &["--rev", "main"]);
    assert_eq!(at_main.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
}

#[test]
fn spotted_by_wins_and_show_points_out_the_disagreement() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/a.toml", lead("A", "Acme", "new") + "spotted_by = [\"Carol Architect <carol@example.com>\"]\n");
    ledger.commit_all(MIA, "2026-01-05T10:00:00Z", "Filed on Carol's behalf");
    assert_eq!(summary(&ledger, &[])[0]["spotters"], json!(["carol@example.com"]));
    let (_, stdout, _) = ledger.run(&["show", "a"]);
    assert!(stdout.contains("spotted by: Carol Architect <carol@example.com> (from spotted_by)"), "{stdout}");
    assert!(
        stdout
            .contains("note: history credits Mia Maintainer <mia@example.com> (the creating commit); spotted_by wins"),
        "{stdout}"
    );
}

#[test]
fn ignored_revisions_and_bots_earn_no_advancing_credit() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let a = lead("A", "Acme", "new");
    ledger.write("leads/a.toml", &a);
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add A");
    ledger.write("leads/a.toml", with_status(&a, "new", "qualified"));
    ledger.commit_all(BOB, "2026-01-06T10:00:00Z", "Reformat everything");
    let reformat = ledger.git(&["rev-parse", "HEAD"]);
    ledger.write(".git-blame-ignore-revs", format!("# mass reformat\n{reformat}"));
    ledger.write("leads/a.toml", with_status(&with_status(&a, "new", "qualified"), "qualified", "proposal"));
    ledger.commit_all(BOT, "2026-01-07T10:00:00Z", "bump");
    let (_, stdout, _) = ledger.run(&["history"]);
    assert!(
        stdout.contains("new → qualified by Bob Tester on 2026-01-06 (")
            && stdout.contains(") (no credit)\n  qualified → proposal by renovate[bot]"),
        "{stdout}"
    );
    let (_, stdout, _) = ledger.run(&["credit", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["people"].as_array().unwrap().len(), 1, "only Alice, the spotter: {stdout}");
}

#[test]
fn github_noreply_logins_are_one_person() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let old = common::Person { name: "Dana", email: "12345+dana@users.noreply.github.com" };
    let new = common::Person { name: "Dana R", email: "12345+dana-r@users.noreply.github.com" };
    ledger.write("leads/a.toml", lead("A", "Acme", "new"));
    ledger.commit_all(old, "2026-01-05T10:00:00Z", "Add A");
    ledger.write("leads/b.toml", lead("B", "Acme", "new"));
    ledger.commit_all(new, "2026-01-06T10:00:00Z", "Add B");
    let (_, stdout, _) = ledger.run(&["credit", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["people"].as_array().unwrap().len(), 1, "{stdout}");
    assert_eq!(report["people"][0]["spotted"], 2);
}

/// Each event of `id` in `history --format json` as (kind, author email, changed fields).
fn events_of(ledger: &TestLedger, id: &str) -> Value {
    let (code, stdout, stderr) = ledger.run(&["history", "--format", "json", "--no-cache"]);
    assert_eq!(code, 0, "{stderr}");
    let leads: Value = serde_json::from_str(&stdout).unwrap();
    let lead = leads.as_array().unwrap().iter().find(|l| l["id"] == id).unwrap_or_else(|| panic!("{stdout}"));
    lead["events"].as_array().unwrap().iter().map(|e| json!([e["kind"], e["author"]["email"], e["changes"]])).collect()
}

/// A merge earns credit only where its result differs from every parent: the conflict its
/// author fixed, not the branch it brings in.
#[test]
fn a_merge_that_fixes_a_conflict_is_credited_for_that_lead_only() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let acme = lead("Billing", "Acme", "new");
    ledger.write("leads/acme.toml", &acme);
    ledger.write("leads/globex.toml", lead("Data", "Globex", "new"));
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme and Globex");
    ledger.git(&["checkout", "-q", "-b", "bob"]);
    ledger.write("leads/acme.toml", acme.replace("Acme needs Billing.", "Month-end billing takes four days."));
    ledger.write("leads/globex.toml", with_status(&lead("Data", "Globex", "new"), "new", "qualified"));
    ledger.commit_all(BOB, "2026-01-06T10:00:00Z", "Acme's pain; qualify Globex");
    ledger.git(&["checkout", "-q", "main"]);
    ledger.write("leads/acme.toml", acme.replace("Acme needs Billing.", "Billing is slow."));
    ledger.commit_all(CAROL, "2026-01-07T10:00:00Z", "Acme's pain, as Carol heard it");
    // Both sides changed Acme's summary: the merge stops on the conflict and Mia resolves it.
    ledger.git_fails(MIA, "2026-01-08T10:00:00Z", &["merge", "-q", "bob"]);
    ledger.write("leads/acme.toml", acme.replace("Acme needs Billing.", "Billing takes four days and is slow."));
    ledger.git_as(MIA, "2026-01-08T10:00:00Z", &["add", "-A"]);
    ledger.git_as(MIA, "2026-01-08T10:00:00Z", &["commit", "-q", "--no-edit"]);
    assert_eq!(ledger.git(&["rev-list", "--count", "--merges", "HEAD"]).trim(), "1");

    let summary_change = |from: &str, to: &str| json!([{"field": "summary", "from": from, "to": to}]);
    assert_eq!(
        events_of(&ledger, "acme"),
        json!([
            ["created", "alice@example.com", []],
            [
                "modified",
                "bob@example.com",
                summary_change("Acme needs Billing.", "Month-end billing takes four days.")
            ],
            ["modified", "carol@example.com", summary_change("Acme needs Billing.", "Billing is slow.")],
            ["modified", "mia@example.com", summary_change("Billing is slow.", "Billing takes four days and is slow.")],
        ])
    );
    // Globex came in with the branch unchanged by the merge: Bob's work, not Mia's.
    assert_eq!(
        events_of(&ledger, "globex"),
        json!([
            ["created", "alice@example.com", []],
            ["modified", "bob@example.com", [{"field": "status", "from": "new", "to": "qualified"}]],
        ])
    );
}

/// The same id added on two branches: once merged, the spotter is whoever created it first,
/// whichever side of the merge the walk reaches first.
#[test]
fn a_lead_created_again_on_another_branch_keeps_its_first_spotter() {
    let (early, late) = ("2026-01-06T10:00:00Z", "2026-01-07T10:00:00Z");
    for (branch_date, main_date, spotter) in [(early, late, BOB), (late, early, CAROL)] {
        let ledger = TestLedger::new();
        ledger.git_init();
        ledger.write("leads/hooli.toml", lead("Search", "Hooli", "new"));
        ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Start");
        ledger.git(&["checkout", "-q", "-b", "bob"]);
        ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
        ledger.commit_all(BOB, branch_date, "Bob adds Acme");
        ledger.git(&["checkout", "-q", "main"]);
        let carols = lead("Billing", "Acme", "new") + "next_step = \"Call the CFO\"\n";
        ledger.write("leads/acme.toml", &carols);
        ledger.commit_all(CAROL, main_date, "Carol adds Acme too");
        // Both added the file: an add/add conflict that Mia settles with Carol's version.
        ledger.git_fails(MIA, "2026-01-08T10:00:00Z", &["merge", "-q", "bob"]);
        ledger.write("leads/acme.toml", &carols);
        ledger.git_as(MIA, "2026-01-08T10:00:00Z", &["add", "-A"]);
        ledger.git_as(MIA, "2026-01-08T10:00:00Z", &["commit", "-q", "--no-edit"]);

        let (code, stdout, stderr) = ledger.run(&["history", "--format", "json", "--no-cache"]);
        assert_eq!(code, 0, "{stderr}");
        let leads: Value = serde_json::from_str(&stdout).unwrap();
        let person = json!({"name": spotter.name, "email": spotter.email});
        assert_eq!(leads[0]["id"], "acme");
        assert_eq!(leads[0]["spotters"], json!([person]), "{stdout}");
        assert_eq!(leads[0]["created"]["author"], person, "{stdout}");
        assert_eq!(leads[0]["created"]["time"], early, "{stdout}");
    }
}

/// Each event of `id` in `history --format json` as (kind, author email, from_id, paired_by).
fn pairings_of(ledger: &TestLedger, id: &str) -> Value {
    let (code, stdout, stderr) = ledger.run(&["history", "--format", "json", "--no-cache"]);
    assert_eq!(code, 0, "{stderr}");
    let leads: Value = serde_json::from_str(&stdout).unwrap();
    let lead = leads.as_array().unwrap().iter().find(|l| l["id"] == id).unwrap_or_else(|| panic!("{stdout}"));
    lead["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["author"]["email"], e.get("from_id"), e.get("paired_by")]))
        .collect()
}

/// The ids of the leads in `history --format json` with their spotters' emails.
fn spotters(ledger: &TestLedger) -> Vec<(String, Vec<String>)> {
    summary(ledger, &["--no-cache"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let emails = l["spotters"].as_array().unwrap().iter().map(|e| e.as_str().unwrap().to_owned()).collect();
            (l["id"].as_str().unwrap().to_owned(), emails)
        })
        .collect()
}

/// A built-in lead with the optional fields a qualified lead has, most of them shared with
/// every other lead of the ledger.
fn full_lead(title: &str, client: &str, day: &str, summary: &str, value: u32) -> String {
    format!(
        "title = \"{title}\"\nclient = \"{client}\"\nstatus = \"new\"\nspotted_on = {day}\nsummary = \"{summary}\"\n\
         source = \"delivery\"\nkind = \"new-business\"\nestimated_value = {value}\ncurrency = \"EUR\"\n"
    )
}

/// People fix a typo in the client's name and reword the title in the commit that renames
/// the file: the identity fields alone no longer match, the rest of the lead does.
#[test]
fn a_rename_that_fixes_the_client_and_rewords_the_title_keeps_its_spotter() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write(
        "leads/acme-crop-billing.toml",
        full_lead("Billing platfrom", "Acme", "2026-03-02", "Month-end billing takes four days.", 120000),
    );
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme");
    for (n, client) in ["Globex", "Initech", "Hooli"].into_iter().enumerate() {
        let summary = format!("{client} wants help with item {n}.");
        ledger.write(
            format!("leads/{}.toml", client.to_lowercase()),
            full_lead("Billing", client, &format!("2026-04-0{n}"), &summary, 5000 + n as u32),
        );
    }
    ledger.commit_all(CAROL, "2026-01-06T10:00:00Z", "Add three more");
    std::fs::remove_file(ledger.path("leads/acme-crop-billing.toml")).unwrap();
    ledger.write(
        "leads/acme-billing-replatform.toml",
        full_lead(
            "Billing platform replacement",
            "Acme Corporation",
            "2026-03-02",
            "Month-end billing takes four days.",
            120000,
        ),
    );
    ledger.commit_all(BOB, "2026-01-07T10:00:00Z", "Acme: fix the client's name");

    assert_eq!(
        pairings_of(&ledger, "acme-billing-replatform"),
        json!([
            ["created", "alice@example.com", null, null],
            ["renamed", "bob@example.com", "acme-crop-billing", "content"],
        ])
    );
    assert_eq!(spotters(&ledger)[0], ("acme-billing-replatform".to_owned(), vec!["alice@example.com".to_owned()]));
    // `show` says the same, and `credit` names the rename that explains Alice's credit.
    let (_, stdout, _) = ledger.run(&["show", "acme-billing-replatform", "--format", "json"]);
    let lead: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(lead["events"][1]["paired_by"], "content");
    let (code, stdout, _) = ledger.run(&["credit", "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let renamed: Vec<Value> = report["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["id"],
                r["renames"][0]["from_id"],
                r["renames"][0]["paired_by"],
                r["renames"][0]["author"]["email"]
            ])
        })
        .collect();
    assert_eq!(renamed, [json!(["acme-billing-replatform", "acme-crop-billing", "content", "bob@example.com"])]);
}

const PERSON_SCHEMA: &str = r#"{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["name", "login", "account_id", "email"],
  "properties": {
    "name": { "type": "string" },
    "login": { "type": "string" },
    "account_id": { "type": "integer" },
    "email": { "type": "string" },
    "chat_id": { "type": "string" }
  },
  "additionalProperties": false
}
"#;

/// A person-like record of a ledger with its own schema: its file is named after the login.
fn person(name: &str, login: &str, account: u32, chat: bool) -> String {
    let chat = if chat { format!("chat_id = \"U0{account}\"\n") } else { String::new() };
    format!("name = \"{name}\"\nlogin = \"{login}\"\naccount_id = {account}\nemail = \"{login}@example.org\"\n{chat}")
}

fn people_ledger(config: &str) -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leadger.toml", format!("schema = \"schema/person.schema.json\"\n{config}"));
    ledger.write("schema/person.schema.json", PERSON_SCHEMA);
    ledger.write("leads/ada.toml", person("Ada Lovelace", "ada", 1001, true));
    ledger.write("leads/grace.toml", person("Grace Hopper", "grace", 1002, false));
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Ada and Grace");
    ledger.write("leads/alan.toml", person("Alan Turing", "alan", 1003, true));
    ledger.write("leads/edsger.toml", person("Edsger Dijkstra", "edsger", 1004, false));
    ledger.commit_all(CAROL, "2026-01-06T10:00:00Z", "Add Alan and Edsger");
    ledger
}

/// A login changes: the file name, the login and the email change with it, in one commit, for
/// many records at once; the creator of each stays.
#[test]
fn a_custom_record_renamed_with_its_login_keeps_its_creator() {
    let ledger = people_ledger("");
    for (old, name, new, account, chat) in [
        ("ada", "Ada Lovelace", "countess", 1001, true),
        ("grace", "Grace Hopper", "amazing-grace", 1002, false),
        ("alan", "Alan Turing", "enigma", 1003, true),
    ] {
        std::fs::remove_file(ledger.path(&format!("leads/{old}.toml"))).unwrap();
        ledger.write(format!("leads/{new}.toml"), person(name, new, account, chat));
    }
    ledger.commit_all(BOB, "2026-01-07T10:00:00Z", "New logins");
    let expected = |spotter: &str| vec![spotter.to_owned()];
    assert_eq!(
        spotters(&ledger),
        [
            ("amazing-grace".to_owned(), expected("alice@example.com")),
            ("countess".to_owned(), expected("alice@example.com")),
            ("edsger".to_owned(), expected("carol@example.com")),
            ("enigma".to_owned(), expected("carol@example.com")),
        ]
    );
    assert_eq!(
        pairings_of(&ledger, "amazing-grace"),
        json!([["created", "alice@example.com", null, null], ["renamed", "bob@example.com", "grace", "content"],])
    );
}

/// Records from one template added and deleted in one commit share their template's values:
/// those weigh little, and a new record is never taken for a deleted one.
#[test]
fn near_twins_from_one_template_are_not_paired() {
    let ledger = people_ledger("");
    // Two of five fields in common: on field counts alone, as near as a real rename.
    let twin = |n: u32| {
        format!(
            "name = \"New hire\"\nlogin = \"user{n}\"\naccount_id = {n}\nemail = \"user{n}@example.org\"\nchat_id = \"TBD\"\n"
        )
    };
    ledger.write("leads/user1.toml", twin(1));
    ledger.write("leads/user2.toml", twin(2));
    ledger.commit_all(ALICE, "2026-01-07T10:00:00Z", "Two placeholders");
    for n in [1, 2] {
        std::fs::remove_file(ledger.path(&format!("leads/user{n}.toml"))).unwrap();
    }
    ledger.write("leads/user3.toml", twin(3));
    ledger.write("leads/user4.toml", twin(4));
    ledger.commit_all(BOB, "2026-01-08T10:00:00Z", "Two other placeholders");
    for id in ["user3", "user4"] {
        assert_eq!(pairings_of(&ledger, id), json!([["created", "bob@example.com", null, null]]), "{id}");
    }
}

/// The identity fields come from the configuration: an account number that never changes
/// identifies a person whatever else a rename changes.
#[test]
fn configured_identity_fields_pair_what_content_cannot() {
    let rename = |ledger: &TestLedger| {
        std::fs::remove_file(ledger.path("leads/alan.toml")).unwrap();
        ledger.write("leads/a-m-turing.toml", person("A. M. Turing", "a-m-turing", 1003, false));
        ledger.commit_all(BOB, "2026-01-07T10:00:00Z", "Alan's new login, name and chat");
    };
    let ledger = people_ledger("");
    rename(&ledger);
    assert_eq!(pairings_of(&ledger, "a-m-turing"), json!([["created", "bob@example.com", null, null]]));

    let ledger = people_ledger("[attribution]\nidentity = [\"account_id\"]\nidentity_threshold = 1.0\n");
    rename(&ledger);
    assert_eq!(
        pairings_of(&ledger, "a-m-turing"),
        json!([["created", "carol@example.com", null, null], ["renamed", "bob@example.com", "alan", "identity"],])
    );
}

/// A ledger in a folder of a bigger repository, where most commits touch other folders (and
/// some touch the folders around the ledger but not its leads): those commits give nothing,
/// the ledger's own commits give everything.
#[test]
fn a_ledger_inside_a_bigger_repository() {
    let repo = TestLedger::bare();
    repo.git_init();
    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit_all(MIA, "2026-01-04T10:00:00Z", "Code first");
    repo.write("ops/ledger/leadger.toml", "");
    repo.write("ops/ledger/leads/acme.toml", lead("Billing", "Acme", "new"));
    repo.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme");
    for (n, file) in ["src/main.rs", "ops/runbook.md", "ops/ledger/README.md", "docs/a.md"].into_iter().enumerate() {
        repo.write(file, format!("edit {n}\n"));
        repo.commit_all(BOB, &format!("2026-01-0{}T10:00:00Z", 6 + n), "Other work");
    }
    repo.write("ops/ledger/leads/acme.toml", with_status(&lead("Billing", "Acme", "new"), "new", "qualified"));
    repo.write("src/main.rs", "fn main() { run() }\n");
    repo.commit_all(CAROL, "2026-01-11T10:00:00Z", "Qualify Acme, and some code");
    repo.write("ops/ledger/README.md", "The ledger.\n");
    repo.commit_all(BOB, "2026-01-12T10:00:00Z", "Docs");

    let ledger_dir = repo.path("ops/ledger");
    let out = repo.leadger(&["history", "--format", "json", "--no-cache"]).current_dir(&ledger_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let leads: Value = serde_json::from_slice(&out.stdout).unwrap();
    let events: Vec<Value> = leads[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["author"]["email"], e["path"]]))
        .collect();
    assert_eq!(
        events,
        [
            json!(["created", "alice@example.com", "leads/acme.toml"]),
            json!(["modified", "carol@example.com", "leads/acme.toml"]),
        ]
    );
}

/// A ledger in a subfolder of a bigger repository whose history is mostly other work: runs of
/// commits that touch only other folders, branches of them merged, and a lead renamed (and
/// qualified in the same commit) on a branch between them. The walk must find every commit
/// of the ledger and nothing else, in git's order, cold and from the cache alike.
#[test]
fn a_ledger_among_many_commits_of_other_work() {
    let repo = TestLedger::bare();
    repo.git_init();
    let mut day = 1;
    let mut work = |who, files: &[&str], message: &str| {
        day += 1;
        for file in files {
            repo.write(file, format!("// {file}, day {day}\n"));
        }
        repo.commit_all(who, &format!("2026-02-{day:02}T10:00:00Z"), message);
    };
    work(MIA, &["src/app/main.rs", "src/app/lib.rs", "docs/guide.md"], "Import the project");
    repo.write("ops/ledger/leadger.toml", "");
    repo.write("ops/ledger/leads/2026/acme-billing.toml", lead("Billing", "Acme", "new"));
    work(ALICE, &[], "Add Acme");
    for n in 0..6 {
        work([BOB, CAROL][n % 2], &[["src/app/lib.rs", "docs/guide.md", "src/db/pool.rs"][n % 3]], "Other work");
    }
    repo.write("ops/ledger/leads/2026/globex-search.toml", lead("Search", "Globex", "new"));
    work(BOB, &["src/app/main.rs"], "Add Globex, and some code");
    // A branch of other work, merged among more of it.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    work(CAROL, &["src/feature/mod.rs"], "Start a feature");
    work(CAROL, &["src/feature/mod.rs", "src/feature/api.rs"], "Finish it");
    repo.git(&["checkout", "-q", "main"]);
    work(BOB, &["src/app/main.rs"], "Fix main");
    work(BOB, &["docs/guide.md"], "Document it");
    repo.git_as(MIA, "2026-02-15T10:00:00Z", &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"]);
    // The rename, with other work before and after it on its branch and on main.
    repo.git(&["checkout", "-q", "-b", "tidy"]);
    work(CAROL, &["src/db/pool.rs"], "Tidy the pool");
    repo.git(&["mv", "ops/ledger/leads/2026/acme-billing.toml", "ops/ledger/leads/2026/acme-billing-platform.toml"]);
    repo.write(
        "ops/ledger/leads/2026/acme-billing-platform.toml",
        with_status(&lead("Billing", "Acme", "new"), "new", "qualified"),
    );
    work(CAROL, &["src/db/mod.rs"], "Name Acme's lead after the platform; it is qualified");
    work(CAROL, &["src/db/pool.rs"], "Tidy more");
    repo.git(&["checkout", "-q", "main"]);
    work(BOB, &["src/app/lib.rs"], "Other work");
    repo.git_as(MIA, "2026-02-21T10:00:00Z", &["merge", "-q", "--no-ff", "-m", "Merge tidy", "tidy"]);
    for n in 0..5 {
        work([BOB, ALICE][n % 2], &[["docs/guide.md", "src/app/lib.rs"][n % 2]], "More work");
    }

    let history = |extra: &[&str]| {
        let mut args = vec!["history", "--format", "json"];
        args.extend_from_slice(extra);
        let out = repo.leadger(&args).current_dir(repo.path("ops/ledger")).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let cold = history(&["--no-cache"]);
    insta::assert_snapshot!(cold);
    assert_eq!(history(&[]), cold, "the cache gives the same history");
    assert_eq!(history(&[]), cold, "and so does reading it back");
}
