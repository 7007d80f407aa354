//! A test environment in the manner of jj's: ledgers in temp dirs, git with pinned authors,
//! emails and timestamps and no user or system config, and the real `leadger` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

pub const TODAY: &str = "2026-11-22";

pub struct TestLedger {
    dir: TempDir,
    /// The folder that holds leadger.toml and the git repository.
    pub root: PathBuf,
}

/// A person as git records them.
#[derive(Clone, Copy)]
pub struct Person {
    pub name: &'static str,
    pub email: &'static str,
}

pub const ALICE: Person = Person { name: "Alice Engineer", email: "alice@example.com" };
pub const BOB: Person = Person { name: "Bob Tester", email: "bob@example.com" };
pub const CAROL: Person = Person { name: "Carol Architect", email: "carol@example.com" };
/// Carol before her email changed; `.mailmap` maps it to CAROL.
pub const CAROL_OLD: Person = Person { name: "carol", email: "carol@old.example" };
pub const MIA: Person = Person { name: "Mia Maintainer", email: "mia@example.com" };
pub const BOT: Person = Person { name: "renovate[bot]", email: "bot@example.com" };

impl TestLedger {
    /// An empty ledger: a folder with an empty leadger.toml, not yet a git repository.
    pub fn new() -> Self {
        let ledger = TestLedger::bare();
        ledger.write("leadger.toml", "");
        ledger
    }

    /// A folder with nothing in it.
    pub fn bare() -> Self {
        let dir = tempfile::Builder::new().prefix("leadger-test").tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        TestLedger { dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: impl AsRef<Path>, content: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// `leadger ARGS` run in the ledger's root, with today pinned and no colour.
    pub fn leadger(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("leadger").unwrap();
        cmd.args(args).current_dir(&self.root).env("LEADGER_TODAY", TODAY).env_remove("NO_COLOR");
        cmd
    }

    /// Runs leadger and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.leadger(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// `git ARGS` with a pinned identity and date and no outside configuration.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_as(ALICE, "2026-01-01T12:00:00Z", args)
    }

    pub fn git_as(&self, who: Person, date: &str, args: &[&str]) -> String {
        self.git_by(who, who, date, args)
    }

    /// `git ARGS` with different author and committer, as a squash merge on GitHub makes.
    pub fn git_by(&self, author: Person, committer: Person, date: &str, args: &[&str]) -> String {
        let out = self.git_command(author, committer, date, args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// `git ARGS` as `who` that is expected to fail, as a merge that stops on a conflict does.
    pub fn git_fails(&self, who: Person, date: &str, args: &[&str]) {
        let out = self.git_command(who, who, date, args).output().unwrap();
        assert!(!out.status.success(), "git {args:?} was expected to fail");
    }

    fn git_command(&self, author: Person, committer: Person, date: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.dir.path())
            .env("GIT_AUTHOR_NAME", author.name)
            .env("GIT_AUTHOR_EMAIL", author.email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", committer.name)
            .env("GIT_COMMITTER_EMAIL", committer.email)
            .env("GIT_COMMITTER_DATE", date);
        cmd
    }

    pub fn git_init(&self) {
        self.git(&["init", "-q", "-b", "main"]);
    }

    /// Stages everything and commits it with author `author`, committer `committer`.
    pub fn commit_by(&self, author: Person, committer: Person, date: &str, message: &str) {
        self.git_by(author, committer, date, &["add", "-A"]);
        self.git_by(author, committer, date, &["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// Stages everything and commits it as `who` at `date`.
    pub fn commit_all(&self, who: Person, date: &str, message: &str) {
        self.git_as(who, date, &["add", "-A"]);
        self.git_as(who, date, &["commit", "-q", "--allow-empty", "-m", message]);
    }
}

/// A valid lead's text.
pub fn lead(title: &str, client: &str, status: &str) -> String {
    let mut text = format!(
        "title = \"{title}\"\nclient = \"{client}\"\nstatus = \"{status}\"\nspotted_on = 2026-03-01\nsummary = \"{client} needs {title}.\"\n"
    );
    if matches!(status, "lost" | "dropped") {
        text.push_str("lost_reason = \"No budget this year\"\n");
    }
    text
}

/// A lead with a schema error (an unknown key) on line 6, column 1.
pub fn broken_lead(title: &str) -> String {
    lead(title, "Acme", "new") + "budget = 5\n"
}
