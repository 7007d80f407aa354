//! Every example in every `--help` is run, as a person would paste it, against a demo ledger.

mod common;

use std::process::Command;

use common::{TODAY, TestLedger};

/// `leadger ARGS --help` at `columns` wide, as a terminal of that width would show it.
fn help(args: &[&str], columns: &str) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_leadger")).args(args).arg("--help").env("COLUMNS", columns).output().unwrap();
    assert!(out.status.success(), "{args:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands `leadger --help` lists.
fn subcommands() -> Vec<String> {
    let top = help(&[], "100");
    let listed = top.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    listed
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// The commands of a help text's "Example(s):" block, continuation lines joined. A line
/// that does not start a command must follow one that ends in `\`, or pasting it breaks.
fn examples(command: &str, help: &str) -> Vec<String> {
    let Some(block) = help.split("\nExamples:\n").nth(1).or_else(|| help.split("\nExample:\n").nth(1)) else {
        return Vec::new();
    };
    let mut commands: Vec<String> = Vec::new();
    for line in block.lines().take_while(|l| l.starts_with("  ")) {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        match commands.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push_str(line);
            }
            _ => {
                assert!(
                    line.starts_with("leadger "),
                    "`leadger {command} --help` wraps an example without `\\`: {line}"
                );
                commands.push(line.to_owned());
            }
        }
    }
    commands
}

#[test]
fn every_help_example_runs_and_none_wraps_unescaped() {
    let ledger = TestLedger::bare();
    assert_eq!(ledger.run(&["demo", "ledger"]).0, 0);
    let demo = ledger.path("ledger");
    let git = |args: &[&str]| {
        let status = Command::new("git").args(args).current_dir(&demo).status().unwrap();
        assert!(status.success(), "git {args:?}");
    };
    // What the examples need beside the demo: an identity to commit as, a base branch.
    git(&["config", "user.name", "Alice Engineer"]);
    git(&["config", "user.email", "alice@example.com"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_leadger")).parent().unwrap().to_owned();
    let path =
        std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())))
            .unwrap();

    // In the order `leadger --help` lists commands: `new`'s example records the lead that
    // `advance`'s and `set`'s examples then edit, as a person reading them top down would.
    let mut ran = Vec::new();
    for command in subcommands() {
        // At 80 columns too: clap wraps long lines, and a wrapped example no longer pastes.
        let wide = examples(&command, &help(&[&command], "100"));
        assert_eq!(examples(&command, &help(&[&command], "80")), wide, "`{command} --help` at 80 columns");
        for example in wide {
            let out = Command::new("sh")
                .args(["-c", &example])
                .current_dir(&demo)
                .env("PATH", &path)
                .env("LEADGER_TODAY", TODAY)
                .env("GITHUB_STEP_SUMMARY", ledger.path("summary.md"))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{example}\n{}", String::from_utf8_lossy(&out.stderr));
            ran.push(example);
        }
    }
    // Every command whose help has examples was reached.
    for command in ["new", "advance", "set", "check", "list", "report"] {
        assert!(ran.iter().any(|e| e.starts_with(&format!("leadger {command} "))), "{command}: {ran:#?}");
    }
}
