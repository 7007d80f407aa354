//! `leadger report`: numbers, periods, freshness checks, and lead text that tries to break out.

mod common;

use common::{ALICE, BOB, CAROL, MIA, TestLedger, lead};
use comrak::nodes::NodeValue;
use serde_json::Value;

fn report(ledger: &TestLedger, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = ledger.run(&all);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

fn with(text: String, extra: &str) -> String {
    text + extra
}

/// A small ledger with pinned dates: two wins (one each side of 2026-06-30), a loss, open
/// leads with values, a team, and a stale lead.
fn sample() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.write("leadger.toml", "[teams]\ndelivery = [\"alice@example.com\", \"bob@example.com\"]\n");
    ledger.git_init();
    let acme = with(
        lead("Billing", "Acme", "new"),
        "source = \"delivery\"\nestimated_value = 100000\ncurrency = \"EUR\"\nowner = \"Dana Account <dana@example.com>\"\n",
    );
    ledger.write("leads/2026/acme.toml", &acme);
    ledger.commit_all(ALICE, "2026-03-01T09:00:00Z", "Add Acme");
    let globex = with(
        lead("Migration", "Globex", "new"),
        "source = \"support\"\nestimated_value = 50000\ncurrency = \"EUR\"\nexpected_close = 2026-12-15\nowner = \"Dana Account <dana@example.com>\"\n",
    );
    ledger.write("leads/2026/globex.toml", &globex);
    ledger.commit_all(BOB, "2026-03-02T09:00:00Z", "Add Globex");
    let initech = with(lead("Cloud", "Initech", "new"), "estimated_value = 8000\ncurrency = \"USD\"\n");
    ledger.write("leads/2026/initech.toml", &initech);
    ledger.commit_all(CAROL, "2026-03-03T09:00:00Z", "Add Initech");
    ledger.write("leads/2026/acme.toml", acme.replace("\"new\"", "\"qualified\""));
    ledger.commit_all(BOB, "2026-04-01T09:00:00Z", "Qualify Acme");
    ledger.write("leads/2026/acme.toml", acme.replace("\"new\"", "\"won\""));
    ledger.commit_all(BOB, "2026-06-30T18:00:00Z", "Acme won");
    ledger.write("leads/2026/globex.toml", globex.replace("\"new\"", "\"proposal\""));
    ledger.commit_all(ALICE, "2026-05-01T09:00:00Z", "Globex proposal");
    ledger.write("leads/2026/initech.toml", initech.replace("\"new\"", "\"won\""));
    ledger.commit_all(MIA, "2026-07-01T08:00:00Z", "Initech won");
    let hooli = with(lead("Search", "Hooli", "lost"), "lost_category = \"competitor\"\n")
        .replace("No budget this year", "Chose a competitor");
    ledger.write("leads/2026/hooli.toml", hooli);
    ledger.commit_all(CAROL, "2026-06-15T09:00:00Z", "Add Hooli, already lost");
    ledger
}

#[test]
fn numbers_follow_the_ground_truth_and_period_boundaries() {
    let ledger = sample();
    let all: Value = serde_json::from_str(&report(&ledger, &["--format", "json"])).unwrap();
    assert_eq!(
        all["totals"],
        serde_json::json!({"open": 1, "won": 2, "lost": 1, "dropped": 0, "win_rate": 2.0 / 3.0, "median_days_to_win": 121.5})
    );
    assert_eq!(
        all["by_status"],
        serde_json::json!({"dropped": 0, "lost": 1, "new": 0, "proposal": 1, "qualified": 0, "won": 2})
    );
    assert_eq!(
        all["pipeline"],
        serde_json::json!([
            {"currency": "EUR", "open_value": 50000.0, "weighted_value": 30000.0, "won_value": 100000.0},
            {"currency": "USD", "open_value": 0.0, "weighted_value": 0.0, "won_value": 8000.0},
        ])
    );
    let spotters: Vec<(String, u64, u64, Value)> = all["spotters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["spotted"].as_u64().unwrap(),
                s["won"].as_u64().unwrap(),
                s["won_value"].clone(),
            )
        })
        .collect();
    assert_eq!(
        spotters,
        [
            ("Carol Architect".to_owned(), 2, 1, serde_json::json!({"USD": 8000.0})),
            ("Alice Engineer".to_owned(), 1, 1, serde_json::json!({"EUR": 100000.0})),
            ("Bob Tester".to_owned(), 1, 0, serde_json::json!({})),
        ]
    );
    assert_eq!(all["spotters"][0]["email"], Value::Null, "emails only with --emails");
    assert_eq!(all["teams"][0]["spotted"], 2);
    // Globex has sat in `proposal` since 2026-05-01, past its 30 days.
    let stale = &all["stale"][0];
    assert_eq!(
        (stale["id"].as_str(), stale["status"].as_str(), stale["days"].as_u64()),
        (Some("globex"), Some("proposal"), Some(205))
    );
    assert_eq!(all["stale"].as_array().unwrap().len(), 1);

    // Acme was won on 2026-06-30 (inside), Initech on 2026-07-01 (outside).
    let h1: Value = serde_json::from_str(&report(&ledger, &["--format", "json", "--until", "2026-06-30"])).unwrap();
    assert_eq!((h1["totals"]["won"].as_u64(), h1["totals"]["lost"].as_u64()), (Some(1), Some(1)));
    let q3: Value = serde_json::from_str(&report(&ledger, &["--format", "json", "--period", "2026-Q3"])).unwrap();
    assert_eq!((q3["totals"]["won"].as_u64(), q3["totals"]["lost"].as_u64()), (Some(1), Some(0)));
    assert_eq!(q3["period"], serde_json::json!({"since": "2026-07-01", "until": "2026-09-30"}));
    let emails: Value = serde_json::from_str(&report(&ledger, &["--format", "json", "--emails"])).unwrap();
    assert_eq!(emails["spotters"][0]["email"], "carol@example.com");
}

#[test]
fn output_is_atomic_and_check_tells_when_stale() {
    let ledger = sample();
    let (code, stdout, _) = ledger.run(&["report", "--output", "REPORT.md"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(ledger.path("REPORT.md")).unwrap(), report(&ledger, &[]));
    let (code, stdout, _) = ledger.run(&["report", "--check", "REPORT.md"]);
    assert_eq!(code, 0, "{stdout}");
    ledger.write("leads/2026/new-one.toml", lead("New", "Umbrella", "new"));
    let (code, stdout, _) = ledger.run(&["report", "--check", "REPORT.md"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("REPORT.md is out of date"), "{stdout}");
}

/// `leadger ARGS` with the real clock: no `--today`, no `LEADGER_TODAY`.
fn run_unpinned(ledger: &TestLedger, args: &[&str]) -> (i32, String) {
    let out = ledger.leadger(args).env_remove("LEADGER_TODAY").output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

/// Without `--today` the report is as of the last commit that changed the ledger, so a
/// committed report stays current whatever the clock says, until a lead changes.
#[test]
fn a_committed_report_stays_current_until_the_ledger_changes() {
    let ledger = sample();
    let (code, json) = run_unpinned(&ledger, &["report", "--format", "json"]);
    assert_eq!(code, 0);
    // Hooli's commit on 2026-06-15 is the last that touched a lead.
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["as_of"], "2026-06-15");
    assert_eq!(run_unpinned(&ledger, &["report", "--output", "REPORT.md"]), (0, String::new()));
    // Committed days later: a commit that changes no lead does not move the report's day.
    ledger.commit_all(MIA, "2026-09-01T09:00:00Z", "Add the report");
    let current = (0, format!("{} is up to date\n", ledger.path("REPORT.md").display()));
    assert_eq!(run_unpinned(&ledger, &["report", "--check", "REPORT.md"]), current);
    ledger.write("NOTES.md", "unrelated\n");
    ledger.commit_all(MIA, "2026-10-01T09:00:00Z", "Unrelated");
    assert_eq!(run_unpinned(&ledger, &["report", "--check", "REPORT.md"]), current);
    // An uncommitted lead is part of the report, as of the real today.
    ledger.write("leads/2026/umbrella.toml", lead("New", "Umbrella", "new"));
    assert_eq!(run_unpinned(&ledger, &["report", "--check", "REPORT.md"]).0, 1);
    // Committed, it dates the report.
    ledger.commit_all(ALICE, "2026-10-02T09:00:00Z", "Add Umbrella");
    let (_, json) = run_unpinned(&ledger, &["report", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["as_of"], "2026-10-02");
    let (code, stdout) = run_unpinned(&ledger, &["report", "--check", "REPORT.md"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("REPORT.md is out of date"), "{stdout}");
    // `--today` still sets the day outright.
    let (_, json) = run_unpinned(&ledger, &["report", "--format", "json", "--today", "2027-01-01"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["as_of"], "2027-01-01");
}

const HOSTILE: [&str; 7] = [
    "Pipe | in | title",
    "Back`ticks` and **bold**",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "# Heading injection",
    "Line one\n\n# Second heading\n| a | b |",
];

fn hostile() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    for (i, text) in HOSTILE.iter().enumerate() {
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        let notes = format!("notes = \"{escaped}\"\n");
        let mut body = lead(&escaped, &escaped, "new").replace("spotted_on = 2026-03-01", "spotted_on = 2025-01-01");
        body.push_str(&notes);
        ledger.write(format!("leads/lead-{i}.toml"), body);
        ledger.write(
            format!("leads/lost-{i}.toml"),
            lead("Lost", "Acme", "lost").replace("No budget this year", &escaped),
        );
    }
    ledger.commit_all(ALICE, "2025-01-02T09:00:00Z", "Hostile leads");
    assert_eq!(ledger.run(&["check"]).0, 0, "the hostile leads are valid leads");
    ledger
}

#[test]
fn lead_text_cannot_break_the_markdown() {
    let ledger = hostile();
    let markdown = report(&ledger, &[]);
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    let root = comrak::parse_document(&arena, &markdown, &options);
    let mut headings = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Heading(h) => {
                let text: String = node
                    .descendants()
                    .filter_map(|n| match &n.data().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                headings.push(format!("{} {text}", "#".repeat(h.level.into())));
            }
            NodeValue::Table(table) => {
                for row in node.children() {
                    assert_eq!(row.children().count(), table.num_columns, "a row with a broken shape in:\n{markdown}");
                }
            }
            NodeValue::HtmlInline(html) => panic!("raw HTML survived: {html}"),
            NodeValue::HtmlBlock(html) => panic!("raw HTML survived: {}", html.literal),
            NodeValue::Link(link) => panic!("a link survived: {}", link.url),
            NodeValue::Image(image) => panic!("an image survived: {}", image.url),
            _ => {}
        }
    }
    assert_eq!(
        headings,
        [
            "# Lead pipeline",
            "## Headline",
            "## Spotters",
            "## Advancers",
            "## Funnel",
            "## Pipeline by expected close",
            "## Stale and overdue",
            "## Time in stage",
            "## Outcomes",
            "## Lost and dropped",
            "## Recent activity",
        ]
    );
    // Every hostile text is still there, as text.
    assert!(markdown.contains("Pipe \\| in \\| title"), "{markdown}");
}

#[test]
fn lead_text_cannot_inject_html() {
    let ledger = hostile();
    let html = report(&ledger, &["--format", "html"]);
    for forbidden in ["<script", "href=\"javascript", "<img", "onerror=\"", "<h1>Heading", "<h1>Second", "<h2>Second"] {
        assert!(!html.contains(forbidden), "{forbidden} survived");
    }
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<svg") && !html.contains("<link") && !html.contains("src=\""), "self-contained");
}

#[test]
fn snapshots_of_the_three_formats() {
    let ledger = sample();
    insta::assert_snapshot!("report_md", report(&ledger, &[]));
    insta::assert_snapshot!("report_json", report(&ledger, &["--format", "json"]));
    insta::assert_snapshot!("report_html", report(&ledger, &["--format", "html"]));
}

/// Markdown lists the 100 leads longest in their stage and counts the rest; JSON lists all.
#[test]
fn markdown_lists_the_stalest_hundred_and_json_all() {
    let ledger = TestLedger::new();
    ledger.git_init();
    // Lead n was committed on day n of 2026: lead 1 has been in its stage longest.
    for n in 1..=105 {
        ledger.write(format!("leads/lead-{n:03}.toml"), lead(&format!("Idea {n}"), "Acme", "new"));
        let day = jiff::civil::date(2026, 1, 1) + jiff::Span::new().days(n - 1);
        ledger.commit_all(ALICE, &format!("{day}T10:00:00Z"), &format!("Add lead {n}"));
    }
    let markdown = report(&ledger, &[]);
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| lead\\-")).collect();
    assert_eq!(rows.len(), 100, "{markdown}");
    assert!(rows[0].starts_with("| lead\\-001 |") && rows[99].starts_with("| lead\\-100 |"), "{rows:?}");
    assert!(markdown.contains("\nAnd 5 more stale leads, 105 in all: `leadger list --stale` lists every one.\n"));
    let html = report(&ledger, &["--format", "html"]);
    assert!(html.contains("And 5 more stale leads, 105 in all"), "{html}");

    let json: Value = serde_json::from_str(&report(&ledger, &["--format", "json"])).unwrap();
    assert_eq!(json["stale_total"], 105);
    let ids: Vec<&str> = json["stale"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 105);
    assert_eq!((ids[0], ids[104]), ("lead-001", "lead-105"));
}
