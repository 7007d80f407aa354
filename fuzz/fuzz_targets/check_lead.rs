//! A lead file through `check`: TOML parsing, the schema (built-in and a ledger's own), every
//! rule on one file's text, and every output format. Input: the file's name, a NUL, then its
//! text (file names cannot hold a NUL); without a NUL, all of it is the text.
#![no_main]

use std::path::Path;
use std::sync::{Arc, LazyLock};

use leadger::{
    FileContext, Findings, GithubPrinter, HumanPrinter, JsonPrinter, LeadSchema, Pipeline, Printer, PrivacySettings,
    check_text,
};
use libfuzzer_sys::fuzz_target;

static BUILTIN: LazyLock<LeadSchema> = LazyLock::new(|| LeadSchema::builtin(&Pipeline::default()));
/// The same schema as a ledger's own, which adds the "readable as a lead" rule.
static OWN: LazyLock<LeadSchema> = LazyLock::new(|| {
    LeadSchema::from_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/lead.schema.json"))
        .expect("the shipped schema loads")
});

/// Terminal safety of the human format is the `render` branch's fix: until it is merged,
/// `LEADGER_FUZZ_LAX_HUMAN=1` lets a run look past it for other crashes.
static LAX_HUMAN: LazyLock<bool> = LazyLock::new(|| std::env::var_os("LEADGER_FUZZ_LAX_HUMAN").is_some());

fuzz_target!(|data: &[u8]| {
    let (name, text) = match data.iter().position(|&b| b == 0) {
        Some(at) => (String::from_utf8_lossy(&data[..at]).into_owned(), &data[at + 1..]),
        None => ("leads/2026/acme-billing.toml".to_owned(), data),
    };
    // `check` reports a file that is not UTF-8 before any of this runs.
    let Ok(text) = std::str::from_utf8(text) else { return };
    let today = jiff::civil::date(2026, 11, 20);
    let privacy = [PrivacySettings::default(), PrivacySettings { allow_emails: true, allow_phone_numbers: true }];
    for (schema, privacy) in [(&*BUILTIN, &privacy[0]), (&*OWN, &privacy[1])] {
        let diagnostics = check_text(&name, text, &FileContext { schema, today, privacy });
        let findings =
            Findings { files_checked: 1, sources: [(name.clone(), Arc::<str>::from(text))].into(), diagnostics };
        let print = |printer: &dyn Printer<Findings>| {
            let mut out = Vec::new();
            printer.print(&findings, &mut out).expect("printing to memory succeeds");
            String::from_utf8(out).expect("output is UTF-8")
        };
        // Lead text and file names must not steer a terminal or a CI log: the only escapes are
        // leadger's own colours.
        for color in [false, true] {
            let out = print(&HumanPrinter { color });
            if *LAX_HUMAN {
                continue;
            }
            assert!(!out.lines().any(|l| l.trim_start().starts_with("::")), "a line starts with `::`:\n{out}");
            let escapes = out.split('\u{1b}').skip(1);
            let colours = |rest: &&str| {
                rest.strip_prefix('[')
                    .and_then(|r| r.split_once('m'))
                    .is_some_and(|(params, _)| params.bytes().all(|b| b.is_ascii_digit() || b == b';'))
            };
            assert!(escapes.clone().all(|rest| color && colours(&rest)), "an escape reached the terminal:\n{out:?}");
        }
        let json = print(&JsonPrinter);
        let _: serde_json_value::Value = serde_json_value::from_str(&json).expect("valid JSON");
        // Every line is a workflow command leadger wrote, then the summary: data never starts a line.
        let github = print(&GithubPrinter);
        let lines: Vec<&str> = github.lines().collect();
        let (summary, commands) = lines.split_last().expect("a summary line");
        assert!(summary.starts_with("checked "), "{github}");
        assert!(commands.iter().all(|l| l.starts_with("::") && !l.contains('\r')), "not a command:\n{github}");
    }
});
