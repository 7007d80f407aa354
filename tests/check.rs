//! `leadger check` on inputs that cannot live in data fixtures: binary and huge files,
//! symlinks, odd file names, big folders, git histories and closed pipes.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{ALICE, BOB, TestLedger, broken_lead, lead};
use serde_json::Value;

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap()
}

/// `(path, line, column, code)` of every diagnostic.
fn located(report: &Value) -> Vec<(String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn loc(path: &str, line: u64, column: u64, code: &str) -> (String, u64, u64, String) {
    (path.to_owned(), line, column, code.to_owned())
}

#[test]
fn not_a_ledger_exits_2_with_a_hint() {
    let dir = TestLedger::bare();
    let (code, stdout, stderr) = dir.run(&["check"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("error: ") && stderr.contains("is not inside a ledger"), "{stderr}");
    assert!(stderr.contains("\nHint: "), "{stderr}");
}

#[test]
fn a_git_work_tree_is_a_ledger_from_any_subfolder() {
    let ledger = TestLedger::bare();
    ledger.git_init();
    ledger.write("leads/2026/acme.toml", lead("Billing", "Acme", "new"));
    let out = ledger.leadger(&["check", "--format", "json"]).current_dir(ledger.path("leads/2026")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&String::from_utf8(out.stdout).unwrap())["files"], 1);
}

#[test]
fn binary_and_huge_files_are_errors_not_crashes() {
    let ledger = TestLedger::new();
    ledger.write("leads/ok.toml", lead("Billing", "Acme", "new"));
    ledger.write("leads/binary.toml", b"title = \"\xff\xfe\"\n");
    ledger.write("leads/huge.toml", "#".repeat(1024 * 1024 + 1));

    let (code, stdout, stderr) = ledger.run(&["check", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["files"], 3);
    assert_eq!(
        located(&report),
        [loc("leads/binary.toml", 1, 1, "not-utf8"), loc("leads/huge.toml", 1, 1, "file-too-large")]
    );
    assert_eq!(report["diagnostics"][0]["message"], "the file is not UTF-8 text (invalid byte at offset 9)");
}

/// Only Unix lets a file name hold bytes that are not UTF-8.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_not_a_crash() {
    use std::os::unix::ffi::OsStrExt;
    let ledger = TestLedger::new();
    ledger.write("leads/ok.toml", lead("Billing", "Acme", "new"));
    // A file name that is not UTF-8 cannot be a lead id.
    let odd = std::ffi::OsStr::from_bytes(b"bad-\xff.toml");
    ledger.write(std::path::Path::new("leads").join(odd), lead("Odd", "Acme", "new"));

    let (code, stdout, stderr) = ledger.run(&["check", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["files"], 2);
    assert_eq!(located(&report), [loc("leads/bad-\u{FFFD}.toml", 1, 1, "invalid-id")]);
}

/// Unix symlinks; on Windows creating one needs a privilege that test runners lack.
#[cfg(unix)]
#[test]
fn symlinks_are_reported_and_not_followed() {
    let ledger = TestLedger::new();
    ledger.write("elsewhere/outside.toml", broken_lead("Outside"));
    ledger.write("leads/ok.toml", lead("Billing", "Acme", "new"));
    std::os::unix::fs::symlink(ledger.path("elsewhere/outside.toml"), ledger.path("leads/link.toml")).unwrap();

    let (code, stdout, _) = ledger.run(&["check"]);
    assert_eq!(code, 0, "a warning alone passes");
    assert_eq!(
        stdout,
        "warning[symlink]: symlink skipped: leads are not followed through links\n \
         --> leads/link.toml:1:1\n  \
         = help: replace the link with the file itself, so its history lives in this ledger\n\n\
         checked 1 lead: 0 errors, 1 warning\n"
    );
}

#[test]
fn a_crowded_folder_is_a_warning_on_its_first_file() {
    let ledger = TestLedger::new();
    for i in 0..1001 {
        ledger.write(format!("leads/lead-{i:04}.toml"), lead(&format!("Need {i}"), "Acme", "new"));
    }
    ledger.write("leads/2026/sharded.toml", lead("Sharded", "Acme", "new"));
    let (code, stdout, _) = ledger.run(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    let report = json(&stdout);
    assert_eq!(report["files"], 1002);
    assert_eq!(located(&report), [loc("leads/lead-0000.toml", 1, 1, "crowded-folder")]);
    assert_eq!(report["diagnostics"][0]["message"], "leads/ holds 1001 leads, more than 1000 in one folder");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let ledger = TestLedger::new();
    for i in 0..400 {
        ledger.write(format!("leads/lead-{i:03}.toml"), broken_lead(&format!("Need {i}")));
    }
    let mut child = ledger.leadger(&["check"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, closing the pipe while leadger still has much to write.
    let out = child.wait_with_output().unwrap();
    assert_eq!(first, "error[unknown-field]: unknown field `budget`\n");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn changed_since_reports_only_the_branch_files_but_checks_ids_against_all() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2025/old-broken.toml", broken_lead("Old"));
    ledger.write("leads/2025/acme.toml", lead("Billing", "Acme", "new"));
    ledger.write("leads/2025/edited.toml", lead("Edited", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Leads so far");
    ledger.git(&["checkout", "-q", "-b", "feature"]);
    // Committed on the branch: an edit that breaks a lead, and a duplicate id.
    ledger.write("leads/2025/edited.toml", broken_lead("Edited"));
    ledger.write("leads/2026/acme.toml", lead("Billing again", "Acme", "new"));
    ledger.commit_all(BOB, "2026-01-02T10:00:00Z", "Branch work");
    // Meanwhile on main: a broken lead the branch never saw.
    ledger.git(&["checkout", "-q", "main"]);
    ledger.write("leads/2025/main-only.toml", broken_lead("Main"));
    ledger.commit_all(ALICE, "2026-01-03T10:00:00Z", "Main moves on");
    ledger.git(&["checkout", "-q", "feature"]);
    // Not committed: one staged, one untracked.
    ledger.write("leads/2026/staged.toml", broken_lead("Staged"));
    ledger.git(&["add", "leads/2026/staged.toml"]);
    ledger.write("leads/2026/untracked.toml", broken_lead("Untracked"));

    let (code, stdout, stderr) = ledger.run(&["check", "--format", "json", "--changed-since", "main"]);
    assert_eq!(code, 1, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["files"], 4);
    assert_eq!(
        located(&report),
        [
            loc("leads/2025/edited.toml", 6, 1, "unknown-field"),
            loc("leads/2026/acme.toml", 1, 1, "duplicate-id"),
            loc("leads/2026/staged.toml", 6, 1, "unknown-field"),
            loc("leads/2026/untracked.toml", 6, 1, "unknown-field"),
        ]
    );

    let (code, _, stderr) = ledger.run(&["check", "--changed-since", "no-such-branch"]);
    assert_eq!(code, 2);
    // libgit2's own words are kept as the cause.
    assert_eq!(
        stderr,
        "error: cannot resolve `no-such-branch`\n\
         caused by: revspec 'no-such-branch' not found\n\
         Hint: in CI, fetch the full history (actions/checkout with `fetch-depth: 0`) so the base branch exists\n"
    );
}

#[test]
fn changed_since_with_nothing_changed_checks_nothing() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/old-broken.toml", broken_lead("Old"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Leads so far");
    let (code, stdout, _) = ledger.run(&["check", "--changed-since", "HEAD"]);
    assert_eq!((code, stdout.as_str()), (0, "checked 0 leads: 0 errors, 0 warnings\n"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let ledger = TestLedger::new();
    ledger.write("leads/x.toml", broken_lead("X"));
    let (_, coloured, _) = ledger.run(&["check", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let (_, plain, _) = ledger.run(&["check", "--color", "never"]);
    assert!(!plain.contains('\u{1b}'));
    // Not a terminal: auto means plain, whatever NO_COLOR says.
    let out = ledger.leadger(&["check"]).env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn every_diagnostic_code_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check.md")).unwrap();
    for code in leadger::Code::ALL {
        assert!(doc.contains(&format!("| `{}` |", code.as_str())), "{} is not in docs/check.md", code.as_str());
    }
}

/// The config schema shipped for editors agrees with what leadger itself accepts.
#[test]
fn config_schema_accepts_the_configs_leadger_accepts() {
    let root = env!("CARGO_MANIFEST_DIR");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/schema/leadger.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let configs = [
        "examples/ledger/leadger.toml",
        "tests/cmd/check-config.in/leadger.toml",
        "tests/cmd/check-pipeline.in/leadger.toml",
        "tests/cmd/config-error.in/leadger.toml",
    ];
    for rel in configs {
        let path = std::path::Path::new(root).join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let by_leadger = leadger::Config::parse(&text, &path).is_ok();
        let instance = leadger::Document::parse(&text).unwrap().to_json();
        assert_eq!(validator.is_valid(&instance), by_leadger, "{rel}");
    }
}

/// A ledger schema that is not JSON: the parser's words are the cause, and the hint says
/// which setting to fix.
#[test]
fn a_schema_that_is_not_json_names_the_cause_and_the_setting() {
    let ledger = TestLedger::new();
    ledger.write("leadger.toml", "schema = \"lead.schema.json\"\n");
    ledger.write("lead.schema.json", "{\n  \"type\": \"object\",\n");
    let (code, stdout, stderr) = ledger.run(&["check"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!(
            "error: the lead schema {} is not valid JSON\n\
             caused by: EOF while parsing a value at line 3 column 0\n\
             Hint: fix the file named by `schema` in leadger.toml, or remove that key to use the built-in schema\n",
            ledger.path("lead.schema.json").display()
        )
    );
}

/// A lead that looks like another lead of the same client gets a warning on the newer file,
/// naming the older; a different need of that client, or a lead closed long ago, does not.
#[test]
fn possible_duplicates_are_warnings_on_the_newer_lead() {
    let ledger = TestLedger::new();
    let dated = |text: String, day: &str| text.replace("spotted_on = 2026-03-01", &format!("spotted_on = {day}"));
    ledger.write("leads/acme-billing.toml", lead("Billing platform replacement", "ACME Ltd.", "new"));
    ledger.write("leads/acme-billing-2.toml", dated(lead("Replace the billing platform", "Acme", "new"), "2026-04-01"));
    ledger.write("leads/acme-warehouse.toml", dated(lead("Data warehouse", "Acme", "new"), "2026-05-01"));
    // Closed in 2024 by every date it names: more than 365 days before today (2026-11-22).
    let old = lead("Billing platform replacement", "Acme", "lost").replace("2026-03-01", "2024-03-01");
    ledger.write("leads/acme-old.toml", old);
    let (code, stdout, stderr) = ledger.run(&["check", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(located(&report), [loc("leads/acme-billing-2.toml", 1, 1, "possible-duplicate")]);
    let warning = &report["diagnostics"][0];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(
        warning["message"],
        "possible duplicate of `acme-billing` (leads/acme-billing.toml): same client (acme) and a similar title (100 % of words in common)"
    );

    // Switched off, and with a longer memory for closed leads.
    ledger.write("leadger.toml", "[duplicates]\nenabled = false\n");
    assert_eq!(located(&json(&ledger.run(&["check", "--format", "json"]).1)), []);
    ledger.write("leadger.toml", "[duplicates]\nclosed_days = 2000\n");
    let codes = located(&json(&ledger.run(&["check", "--format", "json"]).1));
    assert_eq!(
        codes,
        [
            loc("leads/acme-billing-2.toml", 1, 1, "possible-duplicate"),
            loc("leads/acme-billing-2.toml", 1, 1, "possible-duplicate"),
            loc("leads/acme-billing.toml", 1, 1, "possible-duplicate"),
        ]
    );
}
