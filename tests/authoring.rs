//! Recording and editing leads as an engineer would: init, new, advance, set.

mod common;

use common::{ALICE, TestLedger, lead};

fn files_of(ledger: &TestLedger) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&ledger.root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&ledger.root).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_twice_changes_nothing_and_never_overwrites() {
    let ledger = TestLedger::bare();
    let (code, stdout, _) = ledger.run(&["init"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("initialised a git repository in "), "{stdout}");
    assert!(ledger.path(".git").is_dir());
    let first = files_of(&ledger);
    assert_eq!(
        first.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            ".github/pull_request_template.md",
            ".github/workflows/leadger.yml",
            ".leadger/lead.schema.json",
            ".taplo.toml",
            "leadger.toml",
            "leads/README.md"
        ]
    );
    // The scaffold is a valid, empty ledger.
    assert_eq!(ledger.run(&["check"]).1, "checked 0 leads: 0 errors, 0 warnings\n");

    ledger.write("leadger.toml", "# mine\n");
    let (code, stdout, _) = ledger.run(&["init"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("kept leadger.toml (already there)\n") && !stdout.contains("wrote"), "{stdout}");
    let second = files_of(&ledger);
    assert_eq!(second.iter().find(|(p, _)| p == "leadger.toml").unwrap().1, "# mine\n");
    assert_eq!(second.len(), first.len());
}

#[test]
fn new_with_flags_writes_a_lead_that_passes_check() {
    let ledger = TestLedger::new();
    let (code, stdout, stderr) = ledger.run(&[
        "new",
        "--client",
        "Acme Corp",
        "--title",
        "Billing replatform",
        "--summary",
        "Month-end billing takes \"four\" days.",
        "--value",
        "120000",
        "--currency",
        "EUR",
        "--tag",
        "billing",
        "--spotted-on",
        "2026-11-03",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "created leads/2026/acme-corp-billing-replatform.toml\n\
         next: git add leads/2026/acme-corp-billing-replatform.toml && git commit -m \"Add lead: acme-corp-billing-replatform\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(ledger.path("leads/2026/acme-corp-billing-replatform.toml")).unwrap(),
        "title = \"Billing replatform\"\nclient = \"Acme Corp\"\nstatus = \"new\"\nspotted_on = 2026-11-03\n\
         summary = 'Month-end billing takes \"four\" days.'\nestimated_value = 120000\ncurrency = \"EUR\"\ntags = [\"billing\"]\n"
    );
    assert_eq!(ledger.run(&["check"]), (0, "checked 1 lead: 0 errors, 0 warnings\n".into(), String::new()));
}

#[test]
fn new_refuses_a_collision_and_leaves_the_existing_file_alone() {
    let ledger = TestLedger::new();
    let existing = lead("Billing", "Acme", "qualified");
    ledger.write("leads/2025/acme-billing.toml", &existing);
    let (code, stdout, stderr) = ledger.run(&["new", "--client", "Acme", "--title", "Billing", "--summary", "Again."]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: a lead with id `acme-billing` already exists: leads/2025/acme-billing.toml\n\
         Hint: give it a more specific title (the id comes from client and title), or update that lead\n"
    );
    assert_eq!(std::fs::read_to_string(ledger.path("leads/2025/acme-billing.toml")).unwrap(), existing);
}

#[test]
fn new_without_a_terminal_names_the_missing_flags() {
    let ledger = TestLedger::new();
    let (code, _, stderr) = ledger.run(&["new", "--client", "Acme"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: a new lead needs --title, --summary\n\
         Hint: pass them, or run `leadger new` in a terminal to be asked for each\n"
    );
}

#[test]
fn new_refuses_contact_data_before_writing() {
    let ledger = TestLedger::new();
    let (code, _, stderr) =
        ledger.run(&["new", "--client", "Acme", "--title", "Billing", "--summary", "Call jane@acme.example"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`summary` contains what looks like an email address"), "{stderr}");
    assert!(!ledger.path("leads").exists());
}

#[test]
fn new_commits_on_a_branch_with_co_authors() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    ledger.git(&["config", "user.name", "Alice Engineer"]);
    ledger.git(&["config", "user.email", "alice@example.com"]);
    let (code, stdout, stderr) = ledger.run(&[
        "new",
        "--client",
        "Globex",
        "--title",
        "Data migration",
        "--summary",
        "No one for the migration.",
        "--branch",
        "lead/globex",
        "--commit",
        "--co-author",
        "Bob Tester <bob@example.com>",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("on branch lead/globex"), "{stdout}");
    assert_eq!(ledger.git(&["branch", "--show-current"]), "lead/globex\n");
    assert_eq!(
        ledger.git(&["log", "-1", "--format=%an|%B"]),
        "Alice Engineer|Add lead: Data migration (Globex)\n\nCo-authored-by: Bob Tester <bob@example.com>\n\n"
    );
    assert_eq!(ledger.git(&["status", "--porcelain"]), "");
    let (_, history, _) = ledger.run(&["history"]);
    assert!(history.contains("spotted by Alice Engineer, Bob Tester"), "{history}");
}

#[test]
fn advance_keeps_comments_and_needs_a_reason_to_lose() {
    let ledger = TestLedger::new();
    let text = "# Heard at the quarterly review\ntitle = \"Billing\"\nclient = \"Acme\"\nstatus = \"new\" # moved by sales\nspotted_on = 2026-03-01\nsummary = \"Slow billing.\"\n";
    ledger.write("leads/acme.toml", text);

    let (code, _, stderr) = ledger.run(&["advance", "acme", "lost"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: moving a lead to `lost` needs a reason\nHint: say why with --reason \"…\" (it becomes lost_reason)\n"
    );
    assert_eq!(std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap(), text, "untouched");

    let (code, _, stderr) = ledger.run(&["advance", "acme", "qualifed"]);
    assert_eq!(
        (code, stderr.as_str()),
        (2, "error: `qualifed` is not a stage of this ledger's pipeline\nHint: did you mean `qualified`?\n")
    );

    let (code, stdout, _) = ledger.run(&["advance", "acme", "qualified"]);
    assert_eq!((code, stdout.as_str()), (0, "updated leads/acme.toml\n  status: new → qualified\n"));
    assert_eq!(
        std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap(),
        text.replace("\"new\"", "\"qualified\"")
    );

    let (code, _, stderr) = ledger.run(&["advance", "acme", "new"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(ledger.run(&["advance", "acme", "new", "--force"]).0, 0);

    let (code, _, _) = ledger.run(&["advance", "acme", "lost", "--reason", "Built it in-house"]);
    assert_eq!(code, 0);
    let after = std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap();
    assert!(
        after.contains("status = \"lost\" # moved by sales\n")
            && after.ends_with("lost_reason = \"Built it in-house\"\n"),
        "{after}"
    );
    assert_eq!(ledger.run(&["check"]).0, 0);
}

#[test]
fn set_types_values_by_the_schema() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    let (code, stdout, stderr) = ledger.run(&[
        "set",
        "acme",
        "estimated_value=120000",
        "currency=EUR",
        "next_step_due=2026-12-01",
        "tags=billing, cloud",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "updated leads/acme.toml\n  estimated_value: (none) → 120000\n  currency: (none) → EUR\n  \
         next_step_due: (none) → 2026-12-01\n  tags: (none) → [\"billing\", \"cloud\"]\n"
    );
    let text = std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap();
    assert!(text.ends_with("estimated_value = 120000\ncurrency = \"EUR\"\nnext_step_due = 2026-12-01\ntags = [\"billing\", \"cloud\"]\n"), "{text}");

    for (arg, message) in [
        ("estimated_value=lots", "error: `estimated_value` expects a number, not `lots`\n"),
        ("next_step_due=soon", "error: `next_step_due` expects a date (YYYY-MM-DD), not `soon`\n"),
        ("budget=5", "error: `budget` is not a field of a lead\n"),
        (
            "currency=",
            "error: leads/acme.toml would not pass `leadger check`:\n  line 6: missing required field `currency`\n",
        ),
    ] {
        let (code, _, stderr) = ledger.run(&["set", "acme", arg]);
        assert_eq!(code, 2, "{arg}");
        assert!(stderr.starts_with(message), "{arg}: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap(), text, "refused edits write nothing");
}

#[test]
fn demo_builds_the_same_history_every_time() {
    let first = TestLedger::bare();
    let second = TestLedger::bare();
    let (code, stdout, stderr) = first.run(&["demo", "ledger"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\nchecked 60 leads: 0 errors, 0 warnings\n"), "{stdout}");
    assert!(stdout.contains("\n# Lead pipeline\n"), "{stdout}");
    // The demo prints what `check` and `report` print in the folder it built.
    let (_, check, _) = first.run(&["-C", "ledger", "check"]);
    let (_, report, _) = first.run(&["-C", "ledger", "report"]);
    let dir = first.path("ledger");
    assert!(
        stdout.ends_with(&format!(
            " commits in {dir}\n\n{check}\n{report}\nNext: leadger -C {dir} history | show ID | credit | report --format html\n",
            dir = dir.display()
        )),
        "{stdout}"
    );
    assert_eq!(second.run(&["demo", "ledger"]).0, 0);
    let head = |l: &TestLedger| {
        let out = std::process::Command::new("git")
            .args(["-C", "ledger", "rev-parse", "HEAD"])
            .current_dir(&l.root)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(head(&first), head(&second));
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-C", "ledger"])
            .args(args)
            .current_dir(&first.root)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(git(&["rev-list", "--count", "HEAD"]).trim().parse::<u32>().unwrap() >= 250);
    assert!(git(&["rev-list", "--merges", "--count", "HEAD"]).trim().parse::<u32>().unwrap() >= 15);
    assert!(git(&["log", "--format=%an", "--author=renovate"]).lines().count() >= 5);
    assert!(git(&["log", "--grep=Co-authored-by", "--format=%h"]).lines().count() >= 10);
    // One commit moves every lead into year folders, and nobody loses credit for it.
    let moves = git(&["show", "--format=", "--name-status", "-M", ":/Shard leads by year"]);
    assert!(moves.lines().filter(|l| l.starts_with('R')).count() >= 20, "{moves}");
    let (_, history, _) = first.run(&["-C", "ledger", "history", "--format", "json"]);
    let leads: serde_json::Value = serde_json::from_str(&history).unwrap();
    let leads = leads.as_array().unwrap();
    assert_eq!(leads.len(), 60);
    assert!(leads.iter().all(|l| !l["spotters"].as_array().unwrap().is_empty()), "every lead keeps a spotter");
    assert!(
        leads.iter().flat_map(|l| l["spotters"].as_array().unwrap()).all(|p| p["email"] != "mia@example.com"),
        "merges earn nothing"
    );
    let statuses: std::collections::BTreeSet<&str> = leads.iter().map(|l| l["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), ["dropped", "lost", "new", "proposal", "qualified", "won"]);

    let (code, _, stderr) = first.run(&["demo", "ledger"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not empty"), "{stderr}");
}

/// A lead file that cannot be read says why and what to do about that file, not the usage.
#[test]
fn an_unreadable_lead_file_gives_its_own_hint() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", b"title = \"Acme \xff\"\n");
    let (code, stdout, stderr) = ledger.run(&["advance", "acme", "qualified"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: cannot read leads/acme.toml\n\
         caused by: the file is not UTF-8 text (invalid byte at offset 14)\n\
         Hint: save the file as UTF-8 text; binary files do not belong in the leads folder\n"
    );
    assert_eq!(std::fs::read(ledger.path("leads/acme.toml")).unwrap(), b"title = \"Acme \xff\"\n");
}

/// Error messages quote what the user or the ledger wrote: none of it may reach the
/// terminal as an escape sequence or reach a CI log as a workflow command.
#[test]
fn errors_quote_hostile_text_inertly() {
    let ledger = TestLedger::new();
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    let (code, _, stderr) = ledger.run(&["advance", "acme\u{1b}[2J\n::warning::pwned\u{202e}", "qualified"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: no lead with id `acme\\u{1b}[2J\n\\u{3a}:warning::pwned\\u{202e}`\n\
         Hint: did you mean `acme`?\n"
    );
}

/// `leadger ARGS` with git reading no configuration but the repository's own: no identity
/// unless the test gives the repository one.
fn without_git_identity(ledger: &TestLedger, home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = ledger
        .leadger(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn new_commit_refuses_before_writing_anything() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    ledger.git(&["branch", "lead/acme"]);
    let home = tempfile::tempdir().unwrap();
    let before = files_of(&ledger);
    let new = ["new", "--client", "Acme", "--title", "Billing", "--summary", "Slow billing.", "--commit"];

    let (code, stdout, stderr) = without_git_identity(&ledger, home.path(), &new);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("error: git does not know who you are: --commit needs user.name and user.email\n")
            && stderr.contains("\nHint: nothing was written: tell git who you are with `git config --global user.name"),
        "{stderr}"
    );
    assert_eq!(files_of(&ledger), before);

    ledger.git(&["config", "user.name", "Alice Engineer"]);
    ledger.git(&["config", "user.email", "alice@example.com"]);
    let before = files_of(&ledger);
    let (code, _, stderr) =
        without_git_identity(&ledger, home.path(), &[&new[..], &["--branch", "lead/acme"]].concat());
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: a branch named `lead/acme` already exists\n\
             Hint: nothing was written: choose another name, or switch to it with `git switch lead/acme` and run \
             the command again without --branch\n"
        )
    );
    let (code, _, stderr) =
        without_git_identity(&ledger, home.path(), &[&new[..], &["--branch", "lead/a..b"]].concat());
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: `lead/a..b` is not a valid branch name\n"), "{stderr}");
    assert_eq!(files_of(&ledger), before);
    assert_eq!(ledger.git(&["branch", "--show-current"]), "main\n");

    // Once git knows who you are, the same command works: the first attempt left nothing behind.
    let (code, stdout, stderr) = without_git_identity(&ledger, home.path(), &new);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("created leads/2026/acme-billing.toml\ncommitted "), "{stdout}");
}

#[test]
fn commit_takes_the_lead_alone_and_leaves_other_staged_work_staged() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2026/acme-billing.toml", lead("Billing", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Start");
    ledger.git(&["config", "user.name", "Bob Tester"]);
    ledger.git(&["config", "user.email", "bob@example.com"]);
    ledger.write("notes.txt", "work in progress\n");
    ledger.git(&["add", "notes.txt"]);

    let (code, stdout, stderr) = ledger.run(&["advance", "acme", "qualified", "--commit", "--branch", "lead/acme"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("updated leads/2026/acme-billing.toml\n  status: new → qualified\ncommitted "),
        "{stdout}"
    );
    assert!(stdout.ends_with(" on branch lead/acme; next: git push -u origin lead/acme\n"), "{stdout}");
    assert_eq!(
        ledger.git(&["show", "--format=%an|%s", "--name-only", "HEAD"]),
        "Bob Tester|Move lead acme-billing: new → qualified\n\nleads/2026/acme-billing.toml\n"
    );
    assert_eq!(ledger.git(&["status", "--porcelain"]), "A  notes.txt\n");

    let (code, stdout, stderr) = ledger.run(&["set", "acme-b", "value=30000", "currency=EUR", "--commit"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\ncommitted "), "{stdout}");
    assert_eq!(
        ledger.git(&["show", "--format=%s", "--name-only", "HEAD"]),
        "Update lead acme-billing: estimated_value, currency\n\nleads/2026/acme-billing.toml\n"
    );
    assert_eq!(ledger.git(&["status", "--porcelain"]), "A  notes.txt\n");
    let (_, history, _) = ledger.run(&["history"]);
    assert!(history.contains("Bob Tester"), "{history}");
}

#[test]
fn set_cannot_move_a_lead_backwards_without_force_as_advance_cannot() {
    let ledger = TestLedger::new();
    let text = lead("Billing", "Acme", "qualified");
    ledger.write("leads/acme.toml", &text);
    for command in [&["set", "acme", "status=new"][..], &["advance", "acme", "new"]] {
        let (code, _, stderr) = ledger.run(command);
        assert_eq!(
            (code, stderr.as_str()),
            (
                2,
                "error: moving `acme` back from `qualified` to `new` reopens or reverses it\n\
                 Hint: if that is what happened, run the command again with --force\n"
            ),
            "{command:?}"
        );
    }
    let (code, _, stderr) = ledger.run(&["set", "acme", "status=qualifyed"]);
    assert_eq!(
        (code, stderr.as_str()),
        (2, "error: `qualifyed` is not a stage of this ledger's pipeline\nHint: did you mean `qualified`?\n")
    );
    assert_eq!(std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap(), text);
    let (code, stdout, _) = ledger.run(&["set", "acme", "status=new", "--force"]);
    assert_eq!((code, stdout.as_str()), (0, "updated leads/acme.toml\n  status: qualified → new\n"));

    let (code, _, stderr) = ledger.run(&["advance", "acme", "new"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: `acme` is already at `new`\n\
             Hint: nothing to change; the stages are: new, qualified, proposal, won, lost, dropped\n"
        )
    );
}

#[test]
fn a_unique_start_of_an_id_names_the_lead() {
    let ledger = TestLedger::new();
    ledger.git_init();
    ledger.write("leads/2026/acme-billing-replatform.toml", lead("Billing", "Acme", "new"));
    ledger.write("leads/2026/acme-crm.toml", lead("CRM", "Acme", "new"));
    ledger.commit_all(ALICE, "2026-01-01T10:00:00Z", "Two leads");

    for command in [&["advance", "acme", "qualified"][..], &["set", "acme", "next_step=Call"], &["show", "acme"]] {
        let (code, stdout, stderr) = ledger.run(command);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (
                2,
                "",
                "error: `acme` starts 2 lead ids: acme-billing-replatform, acme-crm\n\
                 Hint: type more of the id, enough to name one lead\n"
            ),
            "{command:?}"
        );
    }
    let (code, stdout, _) = ledger.run(&["advance", "acme-b", "qualified"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "updated leads/2026/acme-billing-replatform.toml\n  status: new → qualified\n")
    );
    let (code, stdout, _) = ledger.run(&["show", "acme-c"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("acme-crm"), "{stdout}");
}

#[test]
fn set_takes_the_names_people_type_and_says_the_expected_form() {
    let ledger = TestLedger::bare();
    assert_eq!(ledger.run(&["init"]).0, 0);
    ledger.write("leads/acme.toml", lead("Billing", "Acme", "new"));
    let text = std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap();

    for (arg, stderr) in [
        (
            "currency=euro",
            "error: leads/acme.toml would not pass `leadger check`:\n  line 6: `currency` is not in the expected form\n    \
             An ISO 4217 currency code in capitals, such as EUR or USD. For example: EUR\n",
        ),
        (
            "tags=Cloud Stuff",
            "error: leads/acme.toml would not pass `leadger check`:\n  line 6: `tags[0]` is not in the expected form\n    \
             Free labels in lowercase, such as billing or cloud. For example: data-lake\n",
        ),
        (
            "estimated_value=25,000",
            "error: `estimated_value` expects a number, not `25,000`\n\
             Hint: write digits only, without separators: estimated_value=25000\n",
        ),
        (
            "budget=5",
            "error: `budget` is not a field of a lead\nHint: the fields of a lead are: client, contact_role, \
             currency, estimated_value, expected_close, kind, lost_category, lost_reason, next_step, next_step_due, \
             notes, owner, source, spotted_by, spotted_on, status, summary, tags, title (described in \
             .leadger/lead.schema.json)\n",
        ),
    ] {
        let (code, _, actual) = ledger.run(&["set", "acme", arg]);
        assert_eq!(code, 2, "{arg}");
        assert!(actual.starts_with(stderr), "{arg}:\n{actual}");
    }
    assert_eq!(std::fs::read_to_string(ledger.path("leads/acme.toml")).unwrap(), text, "refused edits write nothing");

    let (code, stdout, stderr) =
        ledger.run(&["set", "acme", "value=30000", "currency=EUR", "spotted-on=2026-03-02", "tag=cloud-stuff"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "updated leads/acme.toml\n  estimated_value: (none) → 30000\n  currency: (none) → EUR\n  \
         spotted_on: 2026-03-01 → 2026-03-02\n  tags: (none) → [\"cloud-stuff\"]\n"
    );
}

#[test]
fn a_default_currency_lets_value_stand_alone() {
    let ledger = TestLedger::new();
    let new = ["new", "--client", "Acme", "--title", "Billing", "--summary", "Slow billing.", "--value", "30000"];
    let (code, _, stderr) = ledger.run(&new);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: a new lead needs --currency\n\
             Hint: say the currency of --value (--currency EUR), or set a default in leadger.toml: default_currency = \"EUR\"\n"
        )
    );
    assert!(!ledger.path("leads").exists());
    ledger.write("leadger.toml", "default_currency = \"EUR\"\n");
    let (code, _, stderr) = ledger.run(&new);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ledger.path("leads/2026/acme-billing.toml")).unwrap();
    assert!(text.ends_with("estimated_value = 30000\ncurrency = \"EUR\"\n"), "{text}");
}
