//! Repositories leadger cannot read, or cannot compare, each get an error that says what
//! they are and what to do: never "no ledger here", never a fetch that would not help.

mod common;

use common::{ALICE, TestLedger, lead};

#[test]
fn a_bare_repository_is_named_as_one() {
    let dir = TestLedger::bare();
    dir.git(&["init", "-q", "--bare", "-b", "main"]);
    for command in ["history", "check", "list"] {
        let (code, stdout, stderr) = dir.run(&[command]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{command}");
        assert_eq!(
            stderr,
            format!(
                "error: {} is a bare git repository: it has no work tree, so no lead files\n\
                 Hint: leadger reads lead files from a work tree: run it in a clone (`git clone PATH`), or give -C \
                 a folder with a leadger.toml\n",
                dir.root.display()
            ),
            "{command}"
        );
    }
}

#[test]
fn a_sha256_repository_is_named_as_one() {
    let ledger = TestLedger::bare();
    ledger.git(&["init", "-q", "--object-format=sha256", "-b", "main"]);
    let refused = format!(
        "error: {} is a git repository in the sha256 object format, which leadger cannot read\n\
         Hint: leadger reads git through libgit2, which reads only SHA-1 repositories (git's default); \
         `leadger check` still works with a leadger.toml at the ledger's root\n",
        ledger.path(".git").display()
    );
    // Found as the ledger's repository, or opened for its history: the same words.
    assert_eq!(ledger.run(&["check"]), (2, String::new(), refused.clone()));
    ledger.write("leadger.toml", "");
    ledger.write("leads/a.toml", lead("A", "Acme", "new"));
    assert_eq!(ledger.run(&["history"]), (2, String::new(), refused));
    assert_eq!(ledger.run(&["check"]).0, 0);
}

#[test]
fn an_orphan_branch_is_told_what_is_true_not_to_fetch() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/a.toml", lead("A", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add A");
    ledger.git(&["checkout", "-q", "--orphan", "fresh"]);

    let no_commits = "error: HEAD is on a branch with no commits yet\n\
                      Hint: commit to this branch first: a branch with no commits has nothing to compare\n";
    assert_eq!(ledger.run(&["pr", "--base", "main"]), (2, String::new(), no_commits.to_owned()));
    assert_eq!(ledger.run(&["check", "--changed-since", "main"]), (2, String::new(), no_commits.to_owned()));

    ledger.commit_all(ALICE, "2026-03-02T10:00:00Z", "Start afresh");
    let unrelated = "error: HEAD and `main` have no commit in common: this branch did not grow from it\n\
                     Hint: compare with a revision this branch grew from; an orphan branch (`git checkout \
                     --orphan`) has none, so start the branch from `main` instead\n";
    assert_eq!(ledger.run(&["pr", "--base", "main"]), (2, String::new(), unrelated.to_owned()));
    assert_eq!(ledger.run(&["check", "--changed-since", "main"]), (2, String::new(), unrelated.to_owned()));
}

#[test]
fn the_last_period_there_is_is_a_period_and_a_year_out_of_range_says_so() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/a.toml", lead("A", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add A");
    let (code, _, stderr) = ledger.run(&["report", "--period", "9999-Q4"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        ledger.run(&["report", "--period", "10000-Q1"]),
        (
            2,
            String::new(),
            "error: invalid date `10000-Q1`: a year is 1 to 9999\n\
             Hint: write a day, a month, a quarter or a year: 2026-11-03, 2026-11, 2026-Q4 or 2026\n"
                .to_owned()
        )
    );
}
