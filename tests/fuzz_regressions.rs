//! Inputs the fuzz targets (fuzz/) once failed on, through a real `leadger`: each stays fixed.

mod common;

use common::TestLedger;

/// check_lead: a file name holding a newline, ESC and DEL put an escape on the terminal and
/// began a line with the rest of the name, which could have been `::error`.
#[test]
fn check_shows_a_file_name_with_newlines_and_escapes_inert() {
    let ledger = TestLedger::new();
    let name = "leads/title = \u{7f}B\"\nclient = \"Acme\"\nstatu,s = \"codeed\u{1b}\n::error file=x::c\u{7f}.toml";
    ledger.write(name, "passed without saying why.\"\n");
    let (code, stdout, _) = ledger.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.lines().all(|l| !l.trim_start().starts_with("::")), "{stdout}");
    let shown = "leads/title = ␡B\"␊client = \"Acme\"␊statu,s = \"codeed␛␊::error file=x::c␡";
    assert_eq!(
        stdout,
        format!(
            "error[invalid-id]: `{id}` is not a valid lead id\n --> {shown}.toml:1:1\n  = help: rename the file to \
             `title-b-client-acme-statu-s-codeed-error-file-x-c.toml`: an id is lowercase letters, digits and single \
             hyphens\n\nerror[toml-syntax]: key with no value, expected `=`\n --> {shown}.toml:1:8\n  |\n1 | passed \
             without saying why.\"\n  |        ^\n  |\n  = help: this is not valid TOML; compare with a lead that \
             passes, or see https://toml.io\n\nchecked 1 lead: 2 errors, 0 warnings\n",
            id = &shown["leads/".len()..],
        )
    );
}

/// edit: `advance` on a lead whose multi-line notes hold a line that is only U+FEFF (a
/// byte-order mark pasted mid-text). The fuzz target took it for the file's BOM; the edit
/// must keep it, and every other line, byte for byte.
#[test]
fn advance_keeps_a_byte_order_mark_inside_a_value() {
    let ledger = TestLedger::new();
    let before = "title = \"Billing\"\nclient = \"Acme\"\nstatus = \"qualified\"\nspotted_on = 2026-11-03\n\
                  summary = \"Acme needs billing.\"\nnotes = \"\"\"\nMarkdown note\n\n\u{feff}\n\nend.\n\"\"\"\n";
    ledger.write("leads/acme.toml", before);
    let (code, stdout, stderr) = ledger.run(&["advance", "acme", "lost", "--reason", "price", "--force"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let after = std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap();
    assert_eq!(after, before.replace("status = \"qualified\"", "status = \"lost\"") + "lost_reason = \"price\"\n");
}
