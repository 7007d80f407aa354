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

/// Runs leadger, failing the test rather than hanging when it does not end in 20 seconds.
fn run_bounded(ledger: &TestLedger, args: &[&str]) -> (i32, String, String) {
    let out = Command::new("timeout")
        .arg("20")
        .arg(assert_cmd::cargo::cargo_bin("leadger"))
        .args(args)
        .current_dir(&ledger.root)
        .env("LEADGER_TODAY", common::TODAY)
        .output()
        .unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

fn outside_with_a_lead() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("2026")).unwrap();
    std::fs::write(outside.path().join("2026/secret.toml"), lead("Secret", "Elsewhere", "new")).unwrap();
    outside
}

#[test]
fn a_linked_leads_folder_is_reported_and_never_read_or_written() {
    let ledger = TestLedger::new();
    let outside = outside_with_a_lead();
    symlink(outside.path(), ledger.path("leads")).unwrap();

    let (_, stdout, _) = ledger.run(&["check"]);
    assert!(stdout.contains("warning[symlink]") && stdout.contains("--> leads:"), "{stdout}");
    assert!(!stdout.contains("secret"), "{stdout}");
    let (_, stdout, stderr) = ledger.run(&["list"]);
    assert!(!stdout.contains("secret"), "{stdout}");
    assert!(stderr.contains("warning: leads is a symbolic link and is skipped"), "{stderr}");

    let (code, stdout, stderr) = ledger.run(&NEW_LEAD);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("leads is a symbolic link, and leadger never reads or writes through links"), "{stderr}");
    assert!(stderr.contains("Hint: "), "{stderr}");
    assert_eq!(std::fs::read_dir(outside.path().join("2026")).unwrap().count(), 1);
}

#[test]
fn a_linked_year_folder_is_reported_and_new_commit_writes_nothing_outside() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2025/acme.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    ledger.git(&["config", "user.name", "Alice Engineer"]);
    ledger.git(&["config", "user.email", "alice@example.com"]);
    let outside = outside_with_a_lead();
    symlink(outside.path().join("2026"), ledger.path("leads/2026")).unwrap();

    let (_, stdout, _) = ledger.run(&["check"]);
    assert!(stdout.contains("warning[symlink]") && stdout.contains("--> leads/2026:"), "{stdout}");
    let mut args = NEW_LEAD.to_vec();
    args.push("--commit");
    let (code, _, stderr) = ledger.run(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leads/2026 is a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_dir(outside.path().join("2026")).unwrap().count(), 1);
    assert_eq!(ledger.git(&["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn config_and_schema_are_read_only_from_regular_files_inside_the_ledger() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    for (schema, expected) in [
        ("/dev/zero", "schema must be a relative path inside the ledger, not `/dev/zero`"),
        ("../lead.schema.json", "schema must be a relative path inside the ledger"),
    ] {
        ledger.write("leadger.toml", format!("schema = \"{schema}\"\n"));
        let (code, _, stderr) = ledger.run(&["check"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    ledger.write("leadger.toml", "schema = \"lead.schema.json\"\n");
    assert!(Command::new("mkfifo").arg(ledger.path("lead.schema.json")).status().unwrap().success());
    let (code, _, stderr) = run_bounded(&ledger, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("lead.schema.json\ncaused by: it is a named pipe, not a regular file"), "{stderr}");
    std::fs::remove_file(ledger.path("lead.schema.json")).unwrap();
    symlink("/dev/zero", ledger.path("lead.schema.json")).unwrap();
    let (code, _, stderr) = run_bounded(&ledger, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("lead.schema.json is a symbolic link"), "{stderr}");

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("leadger.toml"), "").unwrap();
    std::fs::remove_file(ledger.path("leadger.toml")).unwrap();
    symlink(outside.path().join("leadger.toml"), ledger.path("leadger.toml")).unwrap();
    let (code, _, stderr) = run_bounded(&ledger, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leadger.toml\ncaused by: it is a symbolic link, not a regular file"), "{stderr}");
}

#[test]
fn a_lead_spotted_in_the_year_0_goes_to_a_four_digit_folder() {
    let ledger = TestLedger::new();
    let mut args = NEW_LEAD.to_vec();
    args[8] = "0000-06-01";
    let (code, stdout, stderr) = ledger.run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("created leads/0000/acme-billing.toml\n"), "{stdout}");
}

#[test]
fn init_never_writes_through_a_dangling_link_and_checks_before_writing() {
    for link in ["leadger.toml", ".github"] {
        let ledger = TestLedger::bare();
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path().join("target"), ledger.path(link)).unwrap();
        let (code, stdout, stderr) = ledger.run(&["init"]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{link}: {stderr}");
        assert!(stderr.contains(&format!("{link} is a symbolic link")), "{stderr}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "{link}");
        // Nothing at all was written: not the other files, not a git repository.
        assert_eq!(std::fs::read_dir(&ledger.root).unwrap().count(), 1, "{link}");
    }
}

fn valued(title: &str, value: &str) -> String {
    lead(title, "Acme", "new") + &format!("estimated_value = {value}\ncurrency = \"EUR\"\n")
}

#[test]
fn values_are_bounded_and_a_lead_that_passes_check_is_never_dropped() {
    let ledger = TestLedger::new();
    ledger.git_init();
    for value in ["99999999999999999999999", "1e308", "1e16"] {
        ledger.write("leads/a.toml", valued("Billing", value));
        let (code, stdout, _) = ledger.run(&["check"]);
        assert_eq!(code, 1, "{value}: {stdout}");
        assert!(stdout.contains("error["), "{value}: {stdout}");
    }
    ledger.write("leads/a.toml", valued("Billing", "1e15"));
    assert_eq!(ledger.run(&["check"]).0, 0);

    // A ledger's own schema without a maximum: a 64-bit overflow still fails check, and
    // huge values that pass are summed without overflow.
    let builtin = include_str!("../schema/lead.schema.json");
    ledger.write("lead.schema.json", builtin.replace(", \"maximum\": 1e15", ""));
    ledger.write("leadger.toml", "schema = \"lead.schema.json\"\n");
    ledger.write("leads/a.toml", valued("Billing", "99999999999999999999999"));
    let (code, stdout, _) = ledger.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[toml-syntax]"), "{stdout}");

    // A schema that lets a title be a number passes a lead that the lead model cannot read.
    ledger.write(
        "lead.schema.json",
        builtin
            .replace(", \"maximum\": 1e15", "")
            .replace("\"title\": {", "\"title\": { \"type\": [\"string\", \"number\"] }, \"unused\": {"),
    );
    ledger.write("leads/a.toml", valued("Billing", "5").replace("title = \"Billing\"", "title = 5"));
    let (code, stdout, _) = ledger.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[wrong-type]"), "{stdout}");

    ledger.write("leads/a.toml", valued("Billing", "1e308"));
    ledger.write("leads/b.toml", valued("Migration", "1e308"));
    assert_eq!(ledger.run(&["check"]).0, 0);
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add leads");
    let (code, stdout, stderr) = ledger.run(&["list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Billing") && stdout.contains("Migration") && stderr.is_empty(), "{stdout}{stderr}");
    let (_, md, _) = ledger.run(&["report"]);
    let open_line = md.lines().find(|l| l.starts_with("| EUR |")).unwrap();
    assert!(open_line.starts_with("| EUR | 179,769,313,486,23"), "{open_line}");
    let (_, json, _) = ledger.run(&["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["pipeline"][0]["open_value"], serde_json::json!(f64::MAX), "{json}");
}

#[test]
fn contact_data_in_comments_colleague_names_and_unusual_forms_is_refused() {
    let ledger = TestLedger::new();
    let text = format!(
        "{}# reach jane at jane@müller.de\ncontact_role = \"CTO\" # or 0207-94-60958\n\
         owner = \"Dana +44 20 7946 0958 <dana@example.com>\"\n\
         next_step = \"call 020 7946 0958 / 020 7946 0959\"\nnotes = \"jane＠acme.com, ０２０ ７９４６ ０９５８\"\n\
         # met 2026-11-03 and 2026-11-04 with 12 people; worth 1 200 000 000 EUR\n",
        lead("Billing", "Acme", "new")
    );
    ledger.write("leads/acme.toml", text);
    let (code, stdout, _) = ledger.run(&["check", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(u64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [
        (6, "a comment contains what looks like an email address"),
        (7, "a comment contains what looks like a phone number"),
        (8, "`owner` contains what looks like a phone number"),
        (9, "`next_step` contains what looks like a phone number"),
        (10, "`notes` contains what looks like an email address"),
        (10, "`notes` contains what looks like a phone number"),
    ];
    let expected: Vec<(u64, String)> = expected.iter().map(|(l, m)| (*l, (*m).to_owned())).collect();
    assert_eq!(found, expected);
}

#[test]
fn a_mailmap_that_is_a_pipe_is_reported_not_waited_for() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-03-01T10:00:00Z", "Add lead");
    assert!(Command::new("mkfifo").arg(ledger.path(".mailmap")).status().unwrap().success());
    let (code, stdout, stderr) = run_bounded(&ledger, &["history"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("spotted by Alice Engineer"), "{stdout}");
    assert_eq!(
        stderr,
        "warning: .mailmap is a named pipe and is not read: identities are shown as commits wrote them\n"
    );
}

#[test]
fn a_lead_file_that_is_a_pipe_is_reported_not_waited_for() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    assert!(Command::new("mkfifo").arg(ledger.path("leads/pipe.toml")).status().unwrap().success());
    let (code, stdout, _) = run_bounded(&ledger, &["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[unreadable]: cannot read: it is a named pipe, not a regular file"), "{stdout}");
    let (code, stdout, stderr) = run_bounded(&ledger, &["list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Billing"), "{stdout}");
    assert_eq!(stderr, "warning: leads/pipe.toml is skipped: it is a named pipe, not a regular file\n");
}
