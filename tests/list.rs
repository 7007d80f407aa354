//! `leadger list`: filters, sorting, staleness and the three formats.

mod common;

use common::{ALICE, BOB, TestLedger, lead};
use serde_json::Value;

fn ledger() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write(
        "leads/2026/acme.toml",
        lead("Billing | invoices", "Acme", "qualified")
            + "owner = \"Dana Account <dana@example.com>\"\nestimated_value = 5000\ncurrency = \"EUR\"\n",
    );
    ledger.commit_all(ALICE, "2026-11-20T10:00:00Z", "Add Acme");
    ledger.write("leads/2026/globex.toml", lead("Data", "Globex", "new") + "next_step_due = 2026-11-01\n");
    ledger.commit_all(BOB, "2026-11-21T10:00:00Z", "Add Globex");
    ledger.write("leads/2026/initech.toml", lead("Cloud", "Initech", "won"));
    ledger.commit_all(BOB, "2026-11-21T11:00:00Z", "Add Initech");
    ledger
}

#[test]
fn filters_and_table() {
    let ledger = ledger();
    let (code, stdout, _) = ledger.run(&["list", "--status", "new", "--status", "qualified", "--sort", "value"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "id      status     spotted     client  title               spotters\n\
         acme    qualified  2026-03-01  Acme    Billing | invoices  Alice Engineer\n\
         globex  new!       2026-03-01  Globex  Data                Bob Tester\n\
         2 leads (! = needs attention)\n"
    );
    // Pipeline order, not the order of names.
    let (_, stdout, _) = ledger.run(&["list", "--sort", "status", "--format", "json"]);
    let ids: Vec<String> = serde_json::from_str::<Vec<Value>>(&stdout)
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["globex", "acme", "initech"]);
    let (_, stdout, _) = ledger.run(&["list", "--spotter", "BOB@example.com", "--client", "init"]);
    assert!(stdout.starts_with("id ") && stdout.contains("\ninitech ") && stdout.ends_with("\n1 lead\n"), "{stdout}");
}

#[test]
fn stale_reasons_in_json() {
    let ledger = ledger();
    let (_, stdout, _) = ledger.run(&["list", "--stale", "--format", "json"]);
    let rows: Value = serde_json::from_str(&stdout).unwrap();
    let summary: Vec<(String, Value)> =
        rows.as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap().to_owned(), r["stale"].clone())).collect();
    // Acme has been `qualified` only since it was committed, two days ago, and has an owner;
    // Globex was recorded yesterday, but its next step is overdue and nobody owns it.
    assert_eq!(
        summary,
        [(
            "globex".to_owned(),
            serde_json::json!([
                {"reason": "overdue", "due": "2026-11-01"},
                {"reason": "no_owner"}
            ])
        )],
        "{stdout}"
    );
    assert_eq!(rows[0]["spotters"][0]["email"], "bob@example.com");
    assert_eq!(rows[0]["summary"], "Globex needs Data.");
}

#[test]
fn csv_carries_every_field() {
    let ledger = ledger();
    let (_, stdout, _) = ledger.run(&["list", "--format", "csv", "--client", "acme"]);
    let mut lines = stdout.lines();
    assert_eq!(lines.next().unwrap().split(',').count(), 22);
    assert_eq!(
        lines.next().unwrap(),
        "acme,leads/2026/acme.toml,Billing | invoices,Acme,qualified,2026-03-01,Acme needs Billing | invoices.,,,5000,EUR,,Dana Account <dana@example.com>,,,,,,,,,Alice Engineer <alice@example.com>"
    );
}

#[test]
fn uncommitted_and_unreadable_files() {
    let ledger = ledger();
    // Not committed yet: listed, with no spotter. Its date is written as a string, which
    // `check` flags but the list still reads.
    ledger.write("leads/2026/hooli.toml", lead("Search", "Hooli", "new").replace("2026-03-01", "\"2026-03-02\""));
    // Not a lead at all: left out, and said so.
    ledger.write("leads/2026/broken.toml", "title = 'no closing quote\n");
    let (code, stdout, stderr) = ledger.run(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["acme", "globex", "hooli", "initech"]);
    assert_eq!(rows[2]["spotted_on"], "2026-03-02");
    assert_eq!(rows[2]["spotters"], serde_json::json!([]));
    assert_eq!(rows[3]["spotters"][0]["name"], "Bob Tester");
    assert_eq!(stderr, "warning: 1 lead files could not be read as leads and are left out; `leadger check` says why\n");
}

/// Sets every lead file's modification time a minute back, as if it was last edited then, so
/// the lead cache trusts it without the test waiting.
fn age_lead_files(ledger: &TestLedger) {
    let minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(ledger.path("leads")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::File::options().write(true).open(entry.path()).unwrap().set_modified(minute_ago).unwrap();
        }
    }
}

/// The parsed-lead cache: used when files are unchanged, never when any changed, and only
/// ever a matter of speed: the output is always what `--no-cache` prints.
#[test]
fn lead_cache_is_used_only_for_unchanged_files() {
    let ledger = ledger();
    let list = |extra: &[&str]| {
        let mut args = vec!["list", "--format", "json", "--stats"];
        args.extend(extra);
        let (code, stdout, stderr) = ledger.run(&args);
        assert_eq!(code, 0, "{stderr}");
        let stats = stderr.lines().find(|l| l.starts_with("lead files:")).unwrap_or_default().to_owned();
        let (_, uncached, _) = ledger.run(&["list", "--format", "json", "--no-cache"]);
        assert_eq!(stdout, uncached, "the cache changed the output");
        (stdout, stats, stderr)
    };
    let cache = ledger.path(".git/leadger/leads.bin");

    // Files modified in the last three seconds are not stored: their stamp could still repeat.
    let (_, stats, _) = list(&[]);
    assert_eq!(stats, "lead files: 3, 0 unchanged and read from the cache");
    age_lead_files(&ledger);
    list(&[]);
    assert!(cache.is_file());
    let (before, stats, _) = list(&[]);
    assert_eq!(stats, "lead files: 3, 3 unchanged and read from the cache");

    // An edit that keeps the size is seen at once, and the file is read again until it is old.
    let acme = std::fs::read_to_string(ledger.path("leads/2026/acme.toml")).unwrap();
    ledger.write("leads/2026/acme.toml", acme.replace("invoices", "invoicez"));
    for _ in 0..2 {
        let (after, stats, _) = list(&[]);
        assert_eq!(stats, "lead files: 3, 2 unchanged and read from the cache");
        assert_eq!(after, before.replace("invoices", "invoicez"));
    }

    // Deleted and new files.
    std::fs::remove_file(ledger.path("leads/2026/globex.toml")).unwrap();
    ledger.write("leads/2026/hooli.toml", lead("Search", "Hooli", "new"));
    let (after, stats, _) = list(&[]);
    assert_eq!(stats, "lead files: 3, 1 unchanged and read from the cache");
    let ids: Vec<String> = serde_json::from_str::<Value>(&after)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["acme", "hooli", "initech"]);

    // A damaged cache is said, ignored and rewritten; `--no-cache` does not touch it.
    let mut bytes = std::fs::read(&cache).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&cache, &bytes).unwrap();
    let (_, stats, stderr) = list(&["--no-cache"]);
    assert_eq!(stats, "lead files: 3, 0 unchanged and read from the cache");
    assert!(!stderr.contains("damaged"), "{stderr}");
    assert_eq!(std::fs::read(&cache).unwrap(), bytes);
    let (_, stats, stderr) = list(&[]);
    assert_eq!(stats, "lead files: 3, 0 unchanged and read from the cache");
    assert!(
        stderr.contains("warning: the lead cache") && stderr.contains("is damaged or foreign; rebuilding it"),
        "{stderr}"
    );
    let (_, _, stderr) = list(&[]);
    assert!(!stderr.contains("damaged"), "{stderr}");
}

/// Two file names that are not UTF-8 show as the same path; the cache must not store that
/// path twice, or it would be rejected as damaged on every run.
#[cfg(unix)]
#[test]
fn lead_cache_with_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let ledger = ledger();
    for name in [b"\xff.toml".as_slice(), b"\xfe.toml".as_slice()] {
        let path = ledger.path("leads").join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, lead("Odd", "Odd", "new")).unwrap();
    }
    age_lead_files(&ledger);
    for expected in ["lead files: 5, 0 unchanged", "lead files: 5, 3 unchanged", "lead files: 5, 3 unchanged"] {
        let (code, stdout, stderr) = ledger.run(&["list", "--format", "json", "--stats"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains(expected) && !stderr.contains("damaged"), "{stderr}");
        assert_eq!(stdout, ledger.run(&["list", "--format", "json", "--no-cache"]).1);
    }
}

/// `--duplicates`: groups of leads that look like one opportunity, linked pair by pair; a
/// different need of the same client stays out, and hostile text stays inert.
#[test]
fn duplicates_are_listed_in_groups() {
    let ledger = ledger();
    ledger.write("leads/2026/acme-2.toml", lead("Invoices and billing", "ACME Ltd.", "new"));
    ledger.write("leads/2026/acme-3.toml", lead("Billing\\u001b", "acme", "new"));
    ledger.write("leads/2026/acme-data.toml", lead("Data warehouse", "Acme", "new"));
    let (code, stdout, stderr) = ledger.run(&["list", "--duplicates"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "group 1 (acme): 3 leads\n  \
         acme  qualified  leads/2026/acme.toml  Billing | invoices\n  \
         acme-2  new  leads/2026/acme-2.toml  Invoices and billing\n  \
         acme-3  new  leads/2026/acme-3.toml  Billing␛\n\
         1 groups of possible duplicates, 3 leads\n"
    );
    let (_, stdout, _) = ledger.run(&["list", "--duplicates", "--format", "json"]);
    let groups: Value = serde_json::from_str(&stdout).unwrap();
    let pairs: Vec<String> = groups[0]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}={}:{}:{}", p["first"], p["second"], p["field"], p["similarity"]))
        .collect();
    assert_eq!(
        pairs,
        [
            r#""acme"="acme-2":"title":1.0"#,
            r#""acme"="acme-3":"summary":0.667"#,
            r#""acme-2"="acme-3":"summary":0.667"#
        ]
    );
    let (code, _, stderr) = ledger.run(&["list", "--duplicates", "--stale"]);
    assert_eq!(code, 2, "{stderr}");
}
