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
