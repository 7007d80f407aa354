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
    let (_, stdout, _) = ledger.run(&["list", "--spotter", "BOB@example.com", "--client", "init"]);
    assert!(stdout.starts_with("id ") && stdout.contains("\ninitech ") && stdout.ends_with("1 leads\n"), "{stdout}");
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
