//! `list --format csv` opened in a spreadsheet: lead text is text, never a formula.

mod common;

use common::{ALICE, TestLedger, lead};

#[test]
fn csv_cells_cannot_be_formulas() {
    let ledger = TestLedger::new();
    ledger.git_init();
    let text = lead("=HYPERLINK(\\\"http://evil.example\\\")", "@Acme", "new")
        + "estimated_value = 1500\ncurrency = \"EUR\"\ntags = [\"-1+2\"]\n";
    ledger.write("leads/acme.toml", text);
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme");
    let (code, stdout, stderr) = ledger.run(&["list", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let field = |name: &str| row.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_owned();
    assert_eq!(field("title"), "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(field("client"), "'@Acme");
    assert_eq!(field("tags"), "'-1+2");
    assert_eq!(field("summary"), "'@Acme needs =HYPERLINK(\"http://evil.example\").");
    assert_eq!(field("estimated_value"), "1500");
    assert_eq!(field("spotted_on"), "2026-03-01");
}
