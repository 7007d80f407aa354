//! `leadger pr` on real pull requests: a base branch, a branch of several commits (one
//! co-authored, one by a bot), and the merge commit GitHub checks out on top of it.

mod common;

use common::{ALICE, BOB, BOT, CAROL, MIA, Person, TestLedger, lead};
use serde_json::{Value, json};

const ERIN: Person = Person { name: "Erin Developer", email: "erin@example.com" };

fn with_status(text: &str, from: &str, to: &str) -> String {
    text.replace(&format!("status = \"{from}\""), &format!("status = \"{to}\""))
}

/// main: Alice's Acme lead, Carol's two (one won), Bob's Hooli lead. The pull request, by
/// Carol with Erin (first time) as co-author, Erin alone, a bot, Mia (a stage move) and
/// Alice (a title meant to break things); main moves on meanwhile.
fn pull_request() -> TestLedger {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2026/acme-billing.toml", lead("Billing platform replacement", "ACME Ltd.", "qualified"));
    ledger.commit_all(ALICE, "2026-01-05T10:00:00Z", "Add Acme billing");
    ledger.write("leads/2026/globex-data.toml", lead("Data migration", "Globex", "new"));
    ledger.commit_all(CAROL, "2026-01-06T10:00:00Z", "Add Globex");
    ledger.write("leads/2026/initech-cloud.toml", lead("Cloud move", "Initech", "won"));
    ledger.commit_all(CAROL, "2026-01-07T10:00:00Z", "Add Initech");
    ledger.write("leads/2026/hooli-search.toml", lead("Search", "Hooli", "qualified"));
    ledger.commit_all(BOB, "2026-01-08T10:00:00Z", "Add Hooli");

    ledger.git(&["checkout", "-q", "-b", "leads"]);
    ledger.write("leads/2026/acme-billing-2.toml", lead("Replace the billing platform", "Acme", "new"));
    ledger.commit_all(
        CAROL,
        "2026-02-01T10:00:00Z",
        "Acme wants to replace billing\n\nCo-authored-by: Erin Developer <erin@example.com>",
    );
    ledger.write("leads/2026/acme-warehouse.toml", lead("Data warehouse", "Acme", "new"));
    ledger.commit_all(ERIN, "2026-02-02T10:00:00Z", "Acme's data warehouse");
    ledger.write("leads/2026/umbrella-audit.toml", lead("Audit", "Umbrella", "new"));
    let hooli = lead("Search", "Hooli", "qualified") + "tags = [\"search\"]\n";
    ledger.write("leads/2026/hooli-search.toml", &hooli);
    ledger.commit_all(BOT, "2026-02-03T10:00:00Z", "Import from the old CRM");
    let acme = lead("Billing platform replacement", "ACME Ltd.", "qualified");
    ledger.write(
        "leads/2026/acme-billing.toml",
        with_status(&acme, "qualified", "proposal") + "estimated_value = 120000\ncurrency = \"EUR\"\n",
    );
    ledger.commit_all(MIA, "2026-02-04T10:00:00Z", "Proposal sent to Acme");
    let hostile = "\\u001b[31mRed | pipe\\n# heading <script>alert(1)</script>";
    ledger.write("leads/2026/evil.toml", lead(hostile, "::error::Evil Corp", "new"));
    ledger.commit_all(ALICE, "2026-02-05T10:00:00Z", "A lead with a strange title");

    ledger.git(&["checkout", "-q", "main"]);
    ledger.write("leads/2026/stark-mobile.toml", lead("Mobile app", "Stark", "new"));
    ledger.commit_all(BOB, "2026-02-06T10:00:00Z", "Add Stark");
    // What actions/checkout does for a pull request: a merge of its head into the base,
    // checked out detached, made by someone who spotted nothing.
    ledger.git(&["checkout", "-q", "--detach", "main"]);
    ledger.git_as(MIA, "2026-02-07T10:00:00Z", &["merge", "-q", "--no-ff", "-m", "Merge leads into main", "leads"]);
    ledger
}

fn run_json(ledger: &TestLedger, args: &[&str]) -> Value {
    let mut all = vec!["pr", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = ledger.run(&all);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn json_contract_of_a_merged_pull_request() {
    let ledger = pull_request();
    let mut pr = run_json(&ledger, &["--base", "main"]);
    assert_eq!(pr["base"], ledger.git(&["rev-parse", "main"]).trim());
    assert_eq!(pr["head"], ledger.git(&["rev-parse", "HEAD"]).trim());
    let object = pr.as_object_mut().unwrap();
    object.remove("base");
    object.remove("head");
    let spotter = |name: &str, spotted: u64, won: u64, first: bool| json!({"name": name, "email": null, "spotted_total": spotted, "won_total": won, "first_time": first});
    let hostile = "\u{1b}[31mRed | pipe\n# heading <script>alert(1)</script>";
    assert_eq!(
        pr,
        json!({
            "added": [
                {
                    "id": "acme-billing-2", "path": "leads/2026/acme-billing-2.toml",
                    "title": "Replace the billing platform", "client": "Acme", "status": "new", "uncommitted": false,
                    "spotters": [spotter("Carol Architect", 3, 1, false), spotter("Erin Developer", 2, 0, true)],
                    "possible_duplicates": [{
                        "id": "acme-billing", "path": "leads/2026/acme-billing.toml", "status": "proposal",
                        "spotters": ["Alice Engineer"],
                        "reason": "same client (acme) and a similar title (100 % of words in common)",
                    }],
                },
                {
                    "id": "acme-warehouse", "path": "leads/2026/acme-warehouse.toml",
                    "title": "Data warehouse", "client": "Acme", "status": "new", "uncommitted": false,
                    "spotters": [spotter("Erin Developer", 2, 0, true)],
                    "possible_duplicates": [],
                },
                {
                    "id": "evil", "path": "leads/2026/evil.toml",
                    "title": hostile, "client": "::error::Evil Corp", "status": "new", "uncommitted": false,
                    "spotters": [spotter("Alice Engineer", 2, 0, false)],
                    "possible_duplicates": [],
                },
                {
                    "id": "umbrella-audit", "path": "leads/2026/umbrella-audit.toml",
                    "title": "Audit", "client": "Umbrella", "status": "new", "uncommitted": false,
                    "spotters": [],
                    "possible_duplicates": [],
                },
            ],
            "changed": [
                {
                    "id": "acme-billing", "path": "leads/2026/acme-billing.toml",
                    "title": "Billing platform replacement", "client": "ACME Ltd.",
                    "transitions": [{"from": "qualified", "to": "proposal", "by": {"name": "Mia Maintainer", "email": null}, "uncommitted": false}],
                    "fields": [
                        {"field": "currency", "from": null, "to": "EUR"},
                        {"field": "estimated_value", "from": null, "to": "120000"},
                        {"field": "status", "from": "qualified", "to": "proposal"},
                    ],
                },
                {
                    "id": "hooli-search", "path": "leads/2026/hooli-search.toml",
                    "title": "Search", "client": "Hooli",
                    "transitions": [],
                    "fields": [{"field": "tags", "from": null, "to": "[\"search\"]"}],
                },
            ],
            "problems": {"errors": 0, "warnings": 1, "first": [{
                "path": "leads/2026/acme-billing-2.toml", "line": 1, "column": 1, "severity": "warning",
                "code": "possible-duplicate",
                "message": "possible duplicate of `acme-billing` (leads/2026/acme-billing.toml): same client (acme) and a similar title (100 % of words in common)",
                "help": "if both are one opportunity, keep the older lead and close this one as `dropped` with lost_category = \"duplicate\"; if they are different needs, nothing needs doing",
            }]},
            "footer": "Once this pull request merges, its leads join the ledger: an account manager follows them up, and every stage they reach is credited to their spotters in `leadger report`.",
        })
    );

    // Emails only when asked for.
    let pr = run_json(&ledger, &["--base", "main", "--emails"]);
    assert_eq!(pr["added"][0]["spotters"][1]["email"], "erin@example.com");
    assert_eq!(pr["changed"][0]["transitions"][0]["by"]["email"], "mia@example.com");
    // The same answer from the branch itself, before the merge, and from a cold start.
    ledger.git(&["checkout", "-q", "leads"]);
    let mut from_branch = run_json(&ledger, &["--base", "main", "--no-cache"]);
    from_branch.as_object_mut().unwrap().remove("head");
    let mut merged = run_json(&ledger, &["--base", "main"]);
    merged.as_object_mut().unwrap().remove("head");
    assert_eq!(from_branch, merged);
    assert_eq!(from_branch["added"].as_array().unwrap().len(), 4);
}

#[test]
fn markdown_comment() {
    let ledger = pull_request();
    ledger.write("leadger.toml", "[pr]\nfooter = \"::warning::Questions? Ask in #sales.\"\n");
    let (code, stdout, stderr) = ledger.run(&["pr", "--base", "main"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.lines().all(|l| !l.starts_with("::")), "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains("\n# "), "{stdout}");
    assert!(stdout.match_indices(['<', '|']).all(|(i, _)| stdout[..i].ends_with('\\')), "{stdout}");
    assert!(!stdout.contains("@example.com"), "{stdout}");
    insta::assert_snapshot!("pr_md", stdout);
    // Deterministic.
    assert_eq!(ledger.run(&["pr", "--base", "main"]).1, stdout);
}

/// Before pushing: a lead file not yet committed is credited to who would commit it, and an
/// uncommitted stage move is shown as such.
#[test]
fn uncommitted_leads_count() {
    let ledger = pull_request();
    ledger.git(&["checkout", "-q", "leads"]);
    ledger.git(&["config", "user.name", "Erin Developer"]);
    ledger.git(&["config", "user.email", "erin@example.com"]);
    ledger.write("leads/2026/wayne-portal.toml", lead("Portal", "Wayne", "new"));
    ledger.write("leads/2026/globex-data.toml", lead("Data migration", "Globex", "qualified"));
    let pr = run_json(&ledger, &["--base", "main"]);
    let wayne = pr["added"].as_array().unwrap().iter().find(|a| a["id"] == "wayne-portal").unwrap().clone();
    assert_eq!(wayne["uncommitted"], true);
    assert_eq!(
        wayne["spotters"],
        json!([{"name": "Erin Developer", "email": null, "spotted_total": 3, "won_total": 0, "first_time": true}])
    );
    let globex = pr["changed"].as_array().unwrap().iter().find(|c| c["id"] == "globex-data").unwrap().clone();
    assert_eq!(
        globex["transitions"],
        json!([{"from": "new", "to": "qualified", "by": {"name": "Erin Developer", "email": null}, "uncommitted": true}])
    );
}

#[test]
fn cannot_run_exits_2_with_the_hints_of_history() {
    let ledger = pull_request();
    let (code, stdout, stderr) = ledger.run(&["pr", "--base", "origin/nowhere"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: cannot resolve `origin/nowhere`") && stderr.contains("\nHint: "), "{stderr}");

    let shallow = TestLedger::bare();
    let source = format!("file://{}", ledger.root.display());
    let clone = shallow.root.join("clone");
    let out = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", "--branch", "leads", &source])
        .arg(&clone)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ledger.leadger(&["pr", "--base", "HEAD"]).current_dir(&clone).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("shallow clone") && stderr.contains("Hint: run `git fetch --unshallow`"), "{stderr}");
}

/// Hundreds of new leads still make a comment GitHub takes, with the rest counted.
#[test]
fn a_big_pull_request_fits_a_comment() {
    let ledger = pull_request();
    ledger.git(&["checkout", "-q", "leads"]);
    let long = "word ".repeat(300);
    for i in 0..300 {
        ledger.write(
            format!("leads/2027/bulk-{i}.toml"),
            lead(&format!("Bulk {i} {long}"), &format!("Client {i}"), "new"),
        );
    }
    ledger.commit_all(ALICE, "2026-02-08T10:00:00Z", "Bulk import");
    let (code, stdout, stderr) = ledger.run(&["pr", "--base", "main"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.len() < 32 * 1024, "{} bytes", stdout.len());
    assert!(stdout.contains("- …and 264 more new leads (`leadger pr --format json` lists them all)\n"), "{stdout}");
    assert!(
        stdout.starts_with("**Thank you, Alice Engineer, Carol Architect and Erin Developer, for 304 new leads!**\n")
    );
}
