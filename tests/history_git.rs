//! History over repositories a hostile contributor shaped: trees git accepts but nobody
//! writes by hand, caches that lie, and history rewritten behind the commits' backs.

mod common;

use common::{ALICE, TestLedger, lead};
use git2::{ObjectType, Oid, Repository};
use serde_json::Value;

/// A tree of `entries` (`mode name id`), written as raw bytes so that any mode git accepts
/// can be written, padded or not.
fn raw_tree(repo: &Repository, entries: &[(&str, &str, Oid)]) -> Oid {
    let mut raw = Vec::new();
    for (mode, name, id) in entries {
        raw.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        raw.extend_from_slice(id.as_bytes());
    }
    repo.odb().unwrap().write(ObjectType::Tree, &raw).unwrap()
}

/// Commits `tree` on top of the branch as Alice, with `git commit-tree`, and moves `main` to
/// it without checking it out (some of these trees cannot be checked out).
fn commit_tree(ledger: &TestLedger, tree: Oid, date: &str, message: &str) -> String {
    let tree = tree.to_string();
    let mut args = vec!["commit-tree", tree.as_str(), "-m", message];
    let parent = std::process::Command::new("git")
        .args(["rev-parse", "-q", "--verify", "main"])
        .current_dir(&ledger.root)
        .output()
        .unwrap();
    let parent = String::from_utf8(parent.stdout).unwrap().trim().to_owned();
    if !parent.is_empty() {
        args.extend(["-p", parent.as_str()]);
    }
    let commit = ledger.git_as(ALICE, date, &args).trim().to_owned();
    ledger.git(&["update-ref", "refs/heads/main", &commit]);
    commit
}

/// A root tree holding an empty leadger.toml and `leads` as given.
fn root_with_leads(repo: &Repository, leads: Oid) -> Oid {
    let config = repo.blob(b"").unwrap();
    raw_tree(repo, &[("100644", "leadger.toml", config), ("40000", "leads", leads)])
}

fn history_ids(ledger: &TestLedger, extra: &[&str]) -> (Vec<(String, Vec<String>)>, String) {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = ledger.run(&args);
    assert_eq!(code, 0, "{stderr}");
    let leads: Value = serde_json::from_str(&stdout).unwrap();
    let leads = leads
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let spotters = l["spotters"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap().to_owned());
            (l["id"].as_str().unwrap().to_owned(), spotters.collect())
        })
        .collect();
    (leads, stderr)
}

/// `buried.toml` holding `blob`, `depth` folders named `d` down.
fn buried(repo: &Repository, blob: Oid, depth: usize) -> Oid {
    let mut deep = raw_tree(repo, &[("100644", "buried.toml", blob)]);
    for _ in 0..depth {
        deep = raw_tree(repo, &[("40000", "d", deep)]);
    }
    deep
}

#[test]
fn a_tree_thousands_of_folders_deep_is_skipped_with_a_warning() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let repo = Repository::open(&ledger.root).unwrap();
    let text = lead("Billing", "Acme", "new");
    let blob = repo.blob(text.as_bytes()).unwrap();
    let deep = buried(&repo, blob, 3000);
    let year = raw_tree(&repo, &[("100644", "acme-billing.toml", blob)]);
    let leads = raw_tree(&repo, &[("40000", "2026", year), ("40000", "d", deep)]);
    commit_tree(&ledger, root_with_leads(&repo, leads), "2026-03-01T10:00:00Z", "Add leads");
    ledger.write("leads/2026/acme-billing.toml", &text);

    let expected = vec![("acme-billing".to_owned(), vec!["alice@example.com".to_owned()])];
    let warning = format!(
        "warning: history skipped the folder leads/{}d: it is nested more than 64 folders below the leads \
         folder, deeper than any lead is kept\n",
        "d/".repeat(63)
    );
    let (leads, stderr) = history_ids(&ledger, &["--no-cache"]);
    assert_eq!((leads, stderr.as_str()), (expected.clone(), warning.as_str()));
    let (leads, stderr) = history_ids(&ledger, &[]);
    assert_eq!((leads, stderr.as_str()), (expected.clone(), warning.as_str()));
    for command in [&["list"][..], &["report"], &["credit"], &["show", "acme-billing"]] {
        let (code, _, stderr) = ledger.run(command);
        assert_eq!(code, 0, "{command:?}: {stderr}");
    }
}

/// The warning names a folder from history: a contributor's bytes, shown as inert as an
/// error message's (no escape reaches the terminal, no line starts a workflow command).
#[test]
fn a_too_deep_folders_hostile_name_is_inert_in_the_warning() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let repo = Repository::open(&ledger.root).unwrap();
    let text = lead("Billing", "Acme", "new");
    let blob = repo.blob(text.as_bytes()).unwrap();
    let deep = buried(&repo, blob, 70);
    let leads = raw_tree(&repo, &[("40000", "x\u{1b}[2J\n::error::pwned", deep)]);
    commit_tree(&ledger, root_with_leads(&repo, leads), "2026-03-01T10:00:00Z", "Add leads");
    for command in [&["history", "--no-cache"][..], &["list"]] {
        let (code, _, stderr) = ledger.run(command);
        assert_eq!(code, 0, "{command:?}: {stderr}");
        assert!(stderr.contains("history skipped the folder leads/x\\u{1b}[2J\\u{a}::error::pwned/"), "{stderr}");
        assert!(!stderr.contains('\u{1b}'), "{command:?}: {stderr}");
        assert!(stderr.lines().all(|l| !l.trim_start().starts_with("::")), "{command:?}: {stderr}");
    }
}

#[test]
fn a_zero_padded_tree_mode_is_still_a_tree() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let repo = Repository::open(&ledger.root).unwrap();
    let text = lead("Billing", "Acme", "new");
    let blob = repo.blob(text.as_bytes()).unwrap();
    let year = raw_tree(&repo, &[("100644", "acme-billing.toml", blob)]);
    let leads = raw_tree(&repo, &[("040000", "2026", year)]);
    commit_tree(&ledger, root_with_leads(&repo, leads), "2026-03-01T10:00:00Z", "Add a lead");
    ledger.write("leads/2026/acme-billing.toml", &text);

    let expected = vec![("acme-billing".to_owned(), vec!["alice@example.com".to_owned()])];
    assert_eq!(history_ids(&ledger, &["--no-cache"]), (expected, String::new()));
}

/// Overwrites the records of the history cache with bytes that do not decode, and seals the
/// file with a checksum that holds: what a faulty leadger would have written.
fn write_undecodable_records(cache: &std::path::Path) {
    let mut bytes = std::fs::read(cache).unwrap();
    let varint = |bytes: &[u8], at: &mut usize| {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = bytes[*at];
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                return value;
            }
        }
    };
    // After the 16-byte header: the key, the 20-byte tip, the record ends, then the records.
    let mut at = 16;
    at += varint(&bytes, &mut at);
    at += 20;
    for _ in 0..varint(&bytes, &mut at) {
        varint(&bytes, &mut at);
    }
    assert!(at < bytes.len(), "the cache holds no records");
    // Each record starts with its 20-byte commit id, then an option tag that 0xff is not.
    bytes[at..].fill(0xff);
    let crc = crc32fast::hash(&bytes[16..]);
    bytes[12..16].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(cache, bytes).unwrap();
}

#[test]
fn a_cache_whose_records_do_not_decode_is_rebuilt() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2026/acme-billing.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add a lead");
    let expected = history_ids(&ledger, &["--no-cache"]);
    assert_eq!(history_ids(&ledger, &[]), expected);
    let cache = ledger.path(".git/leadger/history.bin");
    write_undecodable_records(&cache);

    // --no-cache neither reads nor minds it.
    assert_eq!(history_ids(&ledger, &["--no-cache"]), expected);
    let (leads, stderr) = history_ids(&ledger, &[]);
    assert_eq!(leads, expected.0);
    assert_eq!(stderr, format!("warning: the history cache {} is damaged; rebuilding it\n", cache.display()));
    // Rebuilt: the next run reads it with nothing to say.
    assert_eq!(history_ids(&ledger, &[]), expected);
    for command in [&["list"][..], &["report"], &["credit"], &["show", "acme-billing"]] {
        write_undecodable_records(&cache);
        let (code, _, stderr) = ledger.run(command);
        assert_eq!(code, 0, "{command:?}: {stderr}");
        assert!(stderr.contains("is damaged; rebuilding it"), "{command:?}: {stderr}");
    }
}

#[test]
fn a_lead_blob_over_the_size_cap_is_an_event_without_fields() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let huge = |fill: &str| lead("Billing", "Acme", "new") + &format!("next_step = \"{}\"\n", fill.repeat(2 << 20));
    ledger.write("leads/2026/acme-billing.toml", huge("a"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add a lead");
    ledger.write("leads/2026/acme-billing.toml", huge("b"));
    ledger.commit_all(ALICE, "2026-03-02T10:00:00Z", "Edit it");

    let (leads, _) = history_ids(&ledger, &[]);
    assert_eq!(leads, vec![("acme-billing".to_owned(), vec!["alice@example.com".to_owned()])]);
    let cache = std::fs::metadata(ledger.path(".git/leadger/history.bin")).unwrap().len();
    assert!(cache < 4096, "the history cache is {cache} bytes");
}

/// Three commits, each adding a lead: Alice's, Bob's, then Carol's.
fn three_spotters() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    for (i, who) in [common::ALICE, common::BOB, common::CAROL].into_iter().enumerate() {
        ledger.write(format!("leads/2026/lead-{i}.toml"), lead(&format!("Lead {i}"), "Acme", "new"));
        ledger.commit_all(who, &format!("2026-03-0{}T10:00:00Z", i + 1), "Add a lead");
    }
    ledger
}

fn spotters(emails: [&str; 3]) -> Vec<(String, Vec<String>)> {
    emails.iter().enumerate().map(|(i, email)| (format!("lead-{i}"), vec![(*email).to_owned()])).collect()
}

#[test]
fn grafts_are_followed_as_git_follows_them_cached_or_not() {
    let ledger = three_spotters();
    let before = spotters(["alice@example.com", "bob@example.com", "carol@example.com"]);
    assert_eq!(history_ids(&ledger, &[]).0, before);

    // The graft makes Carol's commit a root: git log shows it alone, so she added all three.
    let tip = ledger.git(&["rev-parse", "HEAD"]);
    ledger.write(".git/info/grafts", &tip);
    assert_eq!(ledger.git(&["log", "--format=%an"]), "Carol Architect\n");
    let grafted = spotters(["carol@example.com"; 3]);
    assert_eq!(history_ids(&ledger, &["--no-cache"]).0, grafted);
    assert_eq!(history_ids(&ledger, &[]).0, grafted);
    assert_eq!(history_ids(&ledger, &[]).0, grafted);

    std::fs::remove_file(ledger.path(".git/info/grafts")).unwrap();
    assert_eq!(history_ids(&ledger, &[]).0, before);
}

#[test]
fn replace_refs_are_refused_unless_git_is_told_to_ignore_them() {
    let ledger = three_spotters();
    let before = spotters(["alice@example.com", "bob@example.com", "carol@example.com"]);
    assert_eq!(history_ids(&ledger, &[]).0, before);
    let tip = ledger.git(&["rev-parse", "HEAD"]);
    let root = ledger.git(&["commit-tree", "HEAD^{tree}", "-m", "Everything at once"]);
    ledger.git(&["replace", tip.trim(), root.trim()]);
    assert_eq!(ledger.git(&["log", "--format=%an"]), "Alice Engineer\n");

    let refused = (
        2,
        String::new(),
        "error: this repository has 1 replace ref (refs/replace/): git shows a history the commits do not record\n\
         Hint: leadger cannot follow replace refs: run with GIT_NO_REPLACE_OBJECTS=1 to read the history the \
         commits record, or make the replacements permanent with `git filter-repo` and delete them\n"
            .to_owned(),
    );
    assert_eq!(ledger.run(&["history"]), refused);
    assert_eq!(ledger.run(&["history", "--no-cache"]), refused);

    // Told to ignore them, git shows the commits as they are, and so does leadger.
    let out = ledger.leadger(&["history", "--format", "json"]).env("GIT_NO_REPLACE_OBJECTS", "1").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    ledger.git(&["config", "core.useReplaceRefs", "false"]);
    assert_eq!(history_ids(&ledger, &[]).0, before);
}
