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

#[test]
fn a_tree_thousands_of_folders_deep_is_skipped_with_a_warning() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let repo = Repository::open(&ledger.root).unwrap();
    let text = lead("Billing", "Acme", "new");
    let blob = repo.blob(text.as_bytes()).unwrap();
    let mut deep = raw_tree(&repo, &[("100644", "buried.toml", blob)]);
    for _ in 0..3000 {
        deep = raw_tree(&repo, &[("40000", "d", deep)]);
    }
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
