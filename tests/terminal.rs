//! Text from a ledger reaches the terminal shown, never obeyed: a lead title that sets the
//! window title and clears the screen, an author name and a file name with ESC in them.

mod common;

use common::{ALICE, Person, TestLedger, lead};

const HOSTILE_TITLE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";
const EVE: Person = Person { name: "Eve \u{1b}[31mRed", email: "eve@example.com" };

/// A ledger whose lead title, whose author and whose second lead's file name hold escapes.
fn hostile_ledger() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    // TOML's `\u001b` escapes put real control characters into the parsed title.
    ledger.write("leads/acme.toml", lead("\\u001b]0;PWNED\\u0007\\u001b[2J", "Acme", "new"));
    ledger.commit_all(EVE, "2026-01-05T10:00:00Z", "Add Acme");
    ledger.write("leads/acme.toml", lead("\\u001b]0;PWNED\\u0007\\u001b[2J", "Acme", "qualified"));
    ledger.commit_all(EVE, "2026-01-06T10:00:00Z", "Qualify Acme");
    ledger.write("leads/esc\u{1b}[2Jape.toml", lead("Escape", "Globex", "new"));
    ledger.commit_all(ALICE, "2026-01-07T10:00:00Z", "Add a lead with a hostile file name");
    ledger
}

#[test]
fn the_hostile_title_is_what_the_json_says() {
    let ledger = hostile_ledger();
    let (code, stdout, stderr) = ledger.run(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let leads: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // JSON stays exact: a program reading it gets the bytes the ledger holds.
    assert_eq!(leads[0]["title"], HOSTILE_TITLE);
}

#[test]
fn list_shows_escapes() {
    let ledger = hostile_ledger();
    let (code, stdout, stderr) = ledger.run(&["list"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "id          status      spotted     client  title           spotters\n\
         acme        qualified!  2026-03-01  Acme    ␛]0;PWNED␇␛[2J  Eve ␛[31mRed\n\
         esc␛[2Jape  new!        2026-03-01  Globex  Escape          Alice Engineer\n\
         2 leads (! = needs attention)\n"
    );
}

#[test]
fn history_shows_escapes() {
    let ledger = hostile_ledger();
    let (code, stdout, stderr) = ledger.run(&["history"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "acme (qualified) leads/acme.toml");
    assert!(lines[1].starts_with("  spotted by Eve ␛[31mRed on 2026-01-05 ("), "{stdout}");
    assert!(lines[2].starts_with("  new → qualified by Eve ␛[31mRed on 2026-01-06 ("), "{stdout}");
    assert_eq!(lines[3], "esc␛[2Jape (new) leads/esc␛[2Jape.toml");
    assert_eq!(lines.last(), Some(&"2 leads"));
}

#[test]
fn show_shows_escapes() {
    let ledger = hostile_ledger();
    let (code, stdout, stderr) = ledger.run(&["show", "acme"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout}");
    assert!(stdout.contains("  spotted by: Eve ␛[31mRed <eve@example.com> (from history)\n"), "{stdout}");
    assert!(stdout.contains("  Eve ␛[31mRed          created\n"), "{stdout}");
    assert!(stdout.contains("  Eve ␛[31mRed          edited: status: new → qualified\n"), "{stdout}");
}

#[test]
fn one_lead_is_not_plural() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme");
    let (_, stdout, _) = ledger.run(&["history"]);
    assert!(stdout.ends_with("\n1 lead\n"), "{stdout}");
    let (_, stdout, _) = ledger.run(&["list"]);
    assert!(stdout.ends_with("\n1 lead (! = needs attention)\n"), "{stdout}");
    let (_, stdout, _) = ledger.run(&["check"]);
    assert_eq!(stdout, "checked 1 lead: 0 errors, 0 warnings\n");
}

#[test]
fn credit_tables_show_escapes() {
    let ledger = hostile_ledger();
    let (code, stdout, stderr) = ledger.run(&["credit"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "person          spotted  as author  qualified  advanced  won  won value\n\
         Eve ␛[31mRed          1          1          1         1    0          –\n\
         Alice Engineer        1          1          0         0    0          –\n\n"
    );
    // In Markdown the name is a cell like any other: escaped, and still without a raw ESC.
    let (_, stdout, _) = ledger.run(&["credit", "--format", "md"]);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.starts_with("| person | spotted |"), "{stdout}");
}

/// A report is opened in a browser and read in a terminal too: the author's ESC and BEL
/// reach neither, in Markdown nor in HTML, where Markdown's character references for them
/// would otherwise become the characters again.
#[test]
fn reports_show_escapes() {
    let ledger = hostile_ledger();
    for format in ["md", "html"] {
        let (code, stdout, stderr) = ledger.run(&["report", "--format", format, "--today", "2026-02-01"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("Eve"), "{format}: {stdout}");
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{format}: {stdout}");
    }
}

/// A CI log takes a line that starts with `::` for a workflow command: a lead's file name
/// must not start one.
#[test]
fn no_line_is_a_workflow_command() {
    let ledger = TestLedger::new();
    ledger.git_init();
    // A CSV cell keeps its line breaks, so a summary's second line starts a line too.
    let text = lead("Billing", "Acme", "new").replace("summary = ", "notes = \"one\\n::warning::two\"\nsummary = ");
    ledger.write("leads/::error::pwned.toml", text);
    ledger.commit_all(EVE, "2026-01-05T10:00:00Z", "Add a lead with a hostile file name");
    for args in [&["list"][..], &["history"], &["show", "::error::pwned"], &["list", "--format", "csv"]] {
        let (code, stdout, stderr) = ledger.run(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(stdout.contains("\\::error::pwned"), "{args:?}: {stdout}");
        assert!(stdout.lines().all(|l| !l.trim_start().starts_with("::")), "{args:?}: {stdout}");
    }
}

/// `check` names the file a problem is in: its name is shown like any lead text.
#[test]
fn check_shows_escapes_in_paths_and_values() {
    let ledger = TestLedger::new();
    ledger.write("leads/esc\u{1b}[2Jape.toml", lead("Billing", "Acme", "\\u001b[31mwon"));
    let (code, stdout, _) = ledger.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("leads/esc␛[2Jape.toml"), "{stdout}");
}
