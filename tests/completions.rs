//! What command-line users expect besides the commands: shell completions, man pages and a
//! pre-commit hook.

mod common;

use common::{TestLedger, broken_lead, lead};
use serde::Deserialize;

#[test]
fn completions_for_every_shell_name_the_commands() {
    let ledger = TestLedger::bare();
    for (shell, start) in [
        ("bash", "_leadger() {\n"),
        ("zsh", "#compdef leadger\n"),
        ("fish", "# Print an optspec for argparse"),
        ("powershell", "\nusing namespace System.Management.Automation\n"),
        ("elvish", "\nuse builtin;\nuse str;\n"),
    ] {
        let (code, stdout, stderr) = ledger.run(&["completions", shell]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{shell}");
        assert!(stdout.starts_with(start), "{shell}: {stdout}");
        for command in ["check", "report", "completions", "man"] {
            assert!(stdout.contains(command), "{shell} completes {command}");
        }
    }
    let (code, stdout, stderr) = ledger.run(&["completions", "tcsh"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("[possible values: bash, elvish, fish, powershell, zsh]"), "{stderr}");
}

/// The bash script, sourced in bash, completes a command and its options as a user types them.
/// (Linux: macOS ships bash 3.2, older than what the script and this test use.)
#[cfg(target_os = "linux")]
#[test]
fn bash_completes_commands_and_options() {
    let ledger = TestLedger::bare();
    let script = ledger.run(&["completions", "bash"]).1;
    ledger.write("leadger.bash", script);
    let complete = |words: &str| {
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-c"])
            .arg(format!(
                "source leadger.bash; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
                 _leadger leadger \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; echo \"${{COMPREPLY[*]}}\""
            ))
            .current_dir(&ledger.root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("leadger ch"), "check\n");
    assert_eq!(complete("leadger check --fo"), "--format\n");
    assert_eq!(complete("leadger completions el"), "elvish\n");
}

#[test]
fn man_prints_leadger_1_or_writes_a_page_per_command() {
    let ledger = TestLedger::bare();
    let (code, page, _) = ledger.run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq\n"), "{page}");
    let title = format!(".TH leadger 1  \"leadger {}\"", env!("CARGO_PKG_VERSION"));
    assert!(page.contains(&title) && page.contains("leadger\\-check(1)"), "{page}");

    let (code, stdout, stderr) = ledger.run(&["man", "share/man/man1"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let commands = [
        "demo",
        "init",
        "new",
        "advance",
        "set",
        "check",
        "list",
        "history",
        "show",
        "credit",
        "report",
        "pr",
        "completions",
        "man",
    ];
    let folder = std::path::Path::new("share/man/man1");
    let pages = commands.iter().map(|c| format!("leadger-{c}.1")).chain(["leadger.1".to_owned()]);
    let expected: String = pages.map(|page| format!("wrote {}\n", folder.join(page).display())).collect();
    assert_eq!(stdout, expected);
    let check = std::fs::read_to_string(ledger.path("share/man/man1/leadger-check.1")).unwrap();
    let title = format!(".TH leadger-check 1  \"leadger {}\"", env!("CARGO_PKG_VERSION"));
    assert!(check.contains(&title) && check.contains("\\-\\-changed\\-since"), "{check}");
    assert_eq!(std::fs::read_to_string(ledger.path("share/man/man1/leadger.1")).unwrap(), page);
}

#[test]
fn man_into_a_file_says_which_path_it_cannot_write() {
    let ledger = TestLedger::bare();
    ledger.write("pages", "not a folder\n");
    let (code, stdout, stderr) = ledger.run(&["man", "pages"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: cannot write ") && stderr.contains("pages"), "{stderr}");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    files: String,
    pass_filenames: bool,
}

/// The pre-commit hook as pre-commit runs it: its entry with the staged files its pattern matches.
#[test]
fn the_pre_commit_hook_checks_the_lead_files_being_committed() {
    let hooks: Vec<Hook> = serde_norway::from_str(include_str!("../.pre-commit-hooks.yaml")).unwrap();
    let [hook] = &hooks[..] else { panic!("one hook: {hooks:?}") };
    assert_eq!((hook.id.as_str(), hook.language.as_str(), hook.pass_filenames), ("leadger-check", "rust", true));
    assert_eq!(hook.name, "leadger check");
    assert!(hook.description.starts_with("Checks the lead files being committed"), "{}", hook.description);
    let files = regex::Regex::new(&hook.files).unwrap();
    let ledger = TestLedger::new();
    ledger.write("leads/2026/acme.toml", lead("Billing", "Acme", "new"));
    ledger.write("leads/2026/hooli.toml", broken_lead("Cloud"));
    ledger.write("leads/README.md", "not a lead\n");
    let staged = ["leads/2026/acme.toml", "leads/README.md", "leadger.toml"];
    let matched: Vec<&str> = staged.iter().copied().filter(|f| files.is_match(f)).collect();
    assert_eq!(matched, ["leads/2026/acme.toml"]);
    let entry: Vec<&str> = hook.entry.split(' ').chain(matched).collect();
    let (code, stdout, _) = ledger.run(&entry[1..]);
    assert_eq!((entry[0], code, stdout.as_str()), ("leadger", 0, "checked 1 lead: 0 errors, 0 warnings\n"));
    // The broken lead is caught when it is the one being committed.
    let (code, _, _) = ledger.run(&[&entry[1..2], &["leads/2026/hooli.toml"]].concat());
    assert_eq!(code, 1);
}
