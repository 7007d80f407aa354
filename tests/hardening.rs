//! A hostile ledger and a hostile machine: links out of the ledger, pipes and devices, racing
//! writers, crashes mid-write, modes, and numbers past what a report can hold.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::process::Command;

use common::{ALICE, TestLedger, lead};

const NEW_LEAD: [&str; 9] =
    ["new", "--client", "Acme", "--title", "Billing", "--summary", "Slow billing.", "--spotted-on", "2026-03-01"];

/// `leadger ARGS` run by `sh` after `setup` (a `ulimit` or `umask`), in the ledger's root.
fn leadger_after(ledger: &TestLedger, setup: &str, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("leadger");
    Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(&ledger.root)
        .env("LEADGER_TODAY", common::TODAY)
        .output()
        .unwrap()
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_killed_mid_write_leaves_no_empty_lead() {
    let ledger = TestLedger::new();
    // A file size limit of 0 kills the process (SIGXFSZ) at its first byte written, as a
    // full disk or kill -9 would stop it.
    let out = leadger_after(&ledger, "ulimit -f 0", &NEW_LEAD);
    assert!(!out.status.success());
    assert!(!ledger.path("leads/2026/acme-billing.toml").exists());
    let (code, stdout, stderr) = ledger.run(&NEW_LEAD);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("created leads/2026/acme-billing.toml\n"), "{stdout}");
    assert_eq!(ledger.run(&["check"]).1, "checked 1 lead: 0 errors, 0 warnings\n");
}

#[test]
fn set_and_advance_keep_the_file_mode() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    let path = ledger.path("leads/acme.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(ledger.run(&["set", "acme", "next_step=Call"]).0, 0);
    assert_eq!(mode(&path), 0o755);
    assert_eq!(ledger.run(&["advance", "acme", "qualified"]).0, 0);
    assert_eq!(mode(&path), 0o755);
}

#[test]
fn report_output_honours_the_umask_and_never_replaces_a_link() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add lead");

    let out = leadger_after(&ledger, "umask 022", &["report", "--output", "new.md"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&ledger.path("new.md")), 0o644);
    std::fs::set_permissions(ledger.path("new.md"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = leadger_after(&ledger, "umask 077", &["report", "--output", "new.md"]);
    assert!(out.status.success());
    assert_eq!(mode(&ledger.path("new.md")), 0o640);

    ledger.write("target.md", "mine\n");
    symlink(ledger.path("target.md"), ledger.path("link.md")).unwrap();
    let (code, stdout, stderr) = ledger.run(&["report", "--output", "link.md"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("link.md: it is a symbolic link, not a regular file"), "{stderr}");
    assert!(stderr.contains("Hint: "), "{stderr}");
    assert!(std::fs::symlink_metadata(ledger.path("link.md")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(ledger.path("target.md")).unwrap(), "mine\n");

    let (code, _, stderr) = ledger.run(&["report", "--output", "/dev/null"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/dev/null: it is a device, not a regular file"), "{stderr}");
}

#[test]
fn concurrent_writers_of_one_lead_lose_no_change() {
    let ledger = TestLedger::new();
    let path = ledger.path("leads/acme.toml");
    for round in 0..20 {
        ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
        let writers: Vec<_> = [
            vec!["set", "acme", "next_step=Call the CFO"],
            vec!["set", "acme", "contact_role=CTO"],
            vec!["advance", "acme", "qualified"],
        ]
        .iter()
        .map(|args| ledger.leadger(args).stdout(std::process::Stdio::null()).spawn().unwrap())
        .collect();
        for mut writer in writers {
            assert!(writer.wait().unwrap().success(), "round {round}");
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in ["next_step = \"Call the CFO\"\n", "contact_role = \"CTO\"\n", "status = \"qualified\"\n"] {
            assert!(text.contains(line), "round {round} lost {line:?}:\n{text}");
        }
    }
}

#[test]
fn set_keeps_crlf_line_ends_and_a_byte_order_mark() {
    let ledger = TestLedger::new();
    let original = format!("\u{feff}{}", lead("Billing", "Acme", "new").replace('\n', "\r\n"));
    ledger.write("leads/acme.toml", &original);
    let (code, _, stderr) = ledger.run(&["set", "acme", "next_step=Call"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap();
    assert_eq!(text, format!("{original}next_step = \"Call\"\r\n"));
}

#[test]
fn new_commit_commits_only_the_lead_and_leaves_other_staged_changes_staged() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    ledger.git(&["config", "user.name", "Alice Engineer"]);
    ledger.git(&["config", "user.email", "alice@example.com"]);
    ledger.write("notes.md", "unrelated work\n");
    ledger.git(&["add", "notes.md"]);
    let mut args = NEW_LEAD.to_vec();
    args.push("--commit");
    let (code, stdout, stderr) = ledger.run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(
            "created leads/2026/acme-billing.toml\n1 other staged change was left staged, out of this commit\n"
        ),
        "{stdout}"
    );
    assert_eq!(ledger.git(&["show", "--name-only", "--format="]), "leads/2026/acme-billing.toml\n");
    assert_eq!(ledger.git(&["status", "--porcelain"]), "A  notes.md\n");
}
