//! The first hour of a new ledger: `init --commit` commits its scaffold and nothing else, `init`
//! refuses to nest a ledger in another and names the branch its workflow checks, and shell
//! completion offers the ledger's lead ids.

mod common;

use std::path::Path;

use common::{ALICE, TestLedger, lead};

const SCAFFOLD: [&str; 6] = [
    "leadger.toml",
    "leads/README.md",
    ".github/workflows/leadger.yml",
    ".github/pull_request_template.md",
    ".taplo.toml",
    ".leadger/lead.schema.json",
];

/// `leadger ARGS` with `home` as HOME, so the only global git configuration is what the test
/// puts there.
fn run_at_home(ledger: &TestLedger, home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ledger
        .leadger(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The stdout with the commit id, which depends on the clock, as `COMMIT`.
fn without_commit_id(stdout: &str) -> String {
    regex::Regex::new("committed [0-9a-f]{7} ").unwrap().replace(stdout, "committed COMMIT ").into_owned()
}

fn wrote_scaffold() -> String {
    SCAFFOLD.iter().map(|f| format!("wrote {f}\n")).collect()
}

#[test]
fn init_commit_commits_the_scaffold_and_leaves_other_staged_changes_staged() {
    let ledger = TestLedger::bare();
    ledger.git_init();
    ledger.git(&["config", "user.name", "Alice Engineer"]);
    ledger.git(&["config", "user.email", "alice@example.com"]);
    ledger.write("notes.txt", "mine, staged\n");
    ledger.write("draft.txt", "mine, not staged\n");
    ledger.git(&["add", "notes.txt"]);

    let (code, stdout, stderr) = ledger.run(&["init", "--commit"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        without_commit_id(&stdout),
        wrote_scaffold()
            + "the workflow checks every lead on pushes to main (the current branch)\n\
               committed COMMIT (6 files)\n\
               1 other staged change was left staged, out of this commit\n\
               next: leadger new --commit   (a lead in a minute), then push\n"
    );
    let mut committed: Vec<&str> = SCAFFOLD.to_vec();
    committed.sort();
    assert_eq!(
        ledger.git(&["show", "--name-only", "--format=%an <%ae>|%s", "HEAD"]),
        format!("Alice Engineer <alice@example.com>|Start the lead ledger\n\n{}\n", committed.join("\n"))
    );
    assert_eq!(ledger.git(&["status", "--porcelain"]), "A  notes.txt\n?? draft.txt\n");

    // The first lead then commits on top, and the first push carries the workflow.
    let (code, _, stderr) =
        ledger.run(&["new", "--client", "Acme", "--title", "Billing", "--summary", "Slow billing.", "--commit"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ledger.git(&["log", "--format=%s"]), "Add lead: Billing (Acme)\nStart the lead ledger\n");
}

#[test]
fn init_commit_without_a_git_identity_writes_nothing() {
    let ledger = TestLedger::bare();
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_at_home(&ledger, home.path(), &["init", "--commit"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: git does not know who you are: --commit needs user.name and user.email\n\
         caused by: config value 'user.name' was not found\n\
         Hint: nothing was written: tell git who you are with `git config --global user.name \"Your Name\"` and \
         `git config --global user.email you@example.com`, then run `leadger init --commit` again\n"
    );
    assert_eq!(std::fs::read_dir(&ledger.root).unwrap().count(), 0, "not even a git repository");

    std::fs::write(home.path().join(".gitconfig"), "[user]\n\tname = Alice Engineer\n\temail = alice@example.com\n")
        .unwrap();
    let (code, stdout, stderr) = run_at_home(&ledger, home.path(), &["init", "--commit"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        without_commit_id(&stdout),
        format!("initialised a git repository in {}\n", ledger.root.display())
            + &wrote_scaffold()
            + "the workflow checks every lead on pushes to main (the current branch)\n\
               committed COMMIT (6 files)\n\
               next: leadger new --commit   (a lead in a minute), then push\n"
    );
    assert_eq!(ledger.git(&["log", "--format=%an|%s"]), "Alice Engineer|Start the lead ledger\n");
    assert_eq!(ledger.git(&["status", "--porcelain"]), "");
}

#[test]
fn init_without_commit_says_to_commit_the_scaffold() {
    let ledger = TestLedger::bare();
    ledger.git_init();
    let (code, stdout, _) = ledger.run(&["init"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        wrote_scaffold()
            + "the workflow checks every lead on pushes to main (the current branch)\n\
               next: commit these files with git (or use `leadger init --commit`), then leadger new --commit\n"
    );
    // Nothing written, nothing to say about the workflow or to commit.
    let (code, stdout, _) = ledger.run(&["init", "--commit"]);
    let kept: String = SCAFFOLD.iter().map(|f| format!("kept {f} (already there)\n")).collect();
    assert_eq!((code, stdout), (0, kept));
}

#[test]
fn init_inside_a_ledger_refuses_and_names_it() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2026/acme.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    let root = ledger.root.display();
    for (folder, cwd) in [("sales", &ledger.root), ("leads", &ledger.root), (".", &ledger.path("leads/2026"))] {
        let out = ledger.leadger(&["init", folder]).current_dir(cwd).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let dir = std::path::absolute(cwd.join(folder)).unwrap();
        assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(2), &b""[..]), "{folder}");
        assert_eq!(
            stderr,
            format!(
                "error: {} is inside the ledger at {root}\n\
                 Hint: leadger works from any folder inside {root}: run it there; for a separate ledger, run \
                 `leadger init` in a folder outside it (GitHub reads workflows only at a repository's root)\n",
                dir.display()
            )
        );
    }
    assert!(!ledger.path("sales").exists() && !ledger.path("leads/.github").exists());
    assert_eq!(ledger.git(&["status", "--porcelain"]), "");

    // A repository of its own inside the ledger's folder is another repository: its root is
    // where GitHub reads its workflows.
    let (code, _, stderr) = ledger.run(&["init", "vendor/other"]);
    assert_eq!(code, 2, "{stderr}");
    std::fs::create_dir_all(ledger.path("vendor/other")).unwrap();
    let git = std::process::Command::new("git").args(["init", "-q"]).current_dir(ledger.path("vendor/other")).status();
    assert!(git.unwrap().success());
    let (code, stdout, stderr) = ledger.run(&["init", "vendor/other"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("wrote leadger.toml\n"), "{stdout}");

    // A ledger needs no leadger.toml: a repository with a leads folder at its root is one.
    let plain = TestLedger::bare();
    plain.git_init();
    plain.write("leads/2026/acme.toml", lead("Billing", "Acme", "new"));
    let (code, _, stderr) = plain.run(&["init", "team"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!(
            "error: {} is inside the ledger at {}\n",
            plain.path("team").display(),
            plain.root.display()
        )),
        "{stderr}"
    );
    // Its root can be made a full ledger.
    let (code, stdout, _) = plain.run(&["init"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("wrote leadger.toml\n"), "{stdout}");
}

fn push_branches(ledger: &TestLedger) -> String {
    let workflow = std::fs::read_to_string(ledger.path(".github/workflows/leadger.yml")).unwrap();
    let push = workflow.find("  push:\n").expect("a push trigger");
    workflow[push..].lines().nth(1).unwrap().to_owned()
}

#[test]
fn the_workflow_checks_pushes_to_the_default_branch_and_init_says_which() {
    // origin/HEAD, as a clone has it.
    let upstream = TestLedger::bare();
    upstream.git(&["init", "-q", "-b", "trunk"]);
    upstream.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    let clone = TestLedger::bare();
    clone.git(&["clone", "-q", upstream.root.to_str().unwrap(), "."]);
    clone.git(&["checkout", "-q", "-b", "lead/mine"]);
    let (code, stdout, _) = clone.run(&["init"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("\nthe workflow checks every lead on pushes to trunk (origin's default branch)\n"),
        "{stdout}"
    );
    assert_eq!(push_branches(&clone), "    branches: [trunk]");

    // No remote: the current branch, even before its first commit.
    let local = TestLedger::bare();
    local.git(&["init", "-q", "-b", "develop"]);
    let (_, stdout, _) = local.run(&["init"]);
    assert!(
        stdout.contains("\nthe workflow checks every lead on pushes to develop (the current branch)\n"),
        "{stdout}"
    );
    assert_eq!(push_branches(&local), "    branches: [develop]");

    // A detached HEAD names no branch; nor does one whose name a branch filter would read as a
    // pattern.
    for (setup, why) in
        [(&["checkout", "-q", "--detach"][..], "detached"), (&["checkout", "-q", "-b", "x+y"][..], "pattern")]
    {
        let ledger = TestLedger::bare();
        ledger.git_init();
        ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
        ledger.git(setup);
        let (_, stdout, _) = ledger.run(&["init"]);
        assert!(
            stdout.contains(
                "\nthe workflow checks every lead on pushes to main (no branch found; edit the workflow's \
                 `push: branches:` if yours differs)\n"
            ),
            "{why}: {stdout}"
        );
        assert_eq!(push_branches(&ledger), "    branches: [main]", "{why}");
    }
}

/// What the shell's completion script asks leadger: the words of the command line and the
/// index of the one being completed, with `COMPLETE` naming the shell.
fn complete_in(ledger: &TestLedger, cwd: &Path, words: &[&str]) -> String {
    let out = ledger
        .leadger(&[&["--", "leadger"][..], words].concat())
        .current_dir(cwd)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completion_offers_the_ledgers_ids_where_an_id_is_taken() {
    let ledger = TestLedger::new();
    ledger.write("leadger.toml", "leads_dir = \"pipeline\"\n");
    ledger.write("pipeline/2026/acme-billing.toml", lead("Billing", "Acme", "new"));
    ledger.write("pipeline/2027/acme-cloud.toml", lead("Cloud", "Acme", "new"));
    ledger.write("pipeline/2026/globex-data.toml", "not even TOML");
    // Names that are not ids never reach the shell: a newline or an escape would steer it.
    ledger.write("pipeline/2026/Acme Notes.toml", lead("Notes", "Acme", "new"));
    ledger.write("pipeline/2026/acme-\x1b[2J.toml", lead("Escape", "Acme", "new"));
    ledger.write("pipeline/2026/acme-readme.md", "not a lead\n");

    for command in ["show", "advance", "set"] {
        assert_eq!(complete_in(&ledger, &ledger.root, &[command, "acme"]), "acme-billing\nacme-cloud", "{command}");
        assert_eq!(complete_in(&ledger, &ledger.root, &[command, "g"]), "globex-data", "{command}");
    }
    // From any folder inside the ledger, as every command reads it.
    assert_eq!(complete_in(&ledger, &ledger.path("pipeline/2027"), &["show", "a"]), "acme-billing\nacme-cloud");
    // advance's second word is a stage of this ledger's pipeline.
    assert_eq!(complete_in(&ledger, &ledger.root, &["advance", "acme-billing", "q"]), "qualified");
    // Outside a ledger there is nothing to offer, and no error in the way of the shell.
    let outside = TestLedger::bare();
    assert_eq!(complete_in(&outside, &outside.root, &["show", "a"]), "");
}
