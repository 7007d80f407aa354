//! An edit through `leadger set` / `leadger advance` on a real lead file. Input: the edit, a
//! NUL, then the lead's text. The edit is lines: `set` then one `KEY=VALUE` per line, or
//! `advance`, the stage, the reason (may be empty) and `force` (any text) or nothing.
//!
//! Asserted: a refused edit leaves the file as it was, byte for byte; an edit that is written
//! passes `check` and keeps every line but those of the keys it edits byte for byte (except
//! that a file with mixed line ends gets LF), with its byte-order mark and CRLF kept.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use leadger::{EditOptions, FileContext, LeadSchema, Ledger, Severity, advance_lead, check_text, set_fields};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    schema: LeadSchema,
    lead: PathBuf,
}

/// One ledger for the whole run: the lead file is rewritten for each input.
static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir_all(dir.path().join("leads/2026")).expect("the leads folder");
    let ledger = Ledger::open(dir.path().to_owned()).expect("the ledger opens");
    let schema = LeadSchema::builtin(&ledger.config.pipeline);
    let lead = ledger.root.join("leads/2026/acme-billing.toml");
    Fixture { _dir: dir, ledger, schema, lead }
});

const ID: &str = "acme-billing";

fuzz_target!(|data: &[u8]| {
    let Some(nul) = data.iter().position(|&b| b == 0) else { return };
    let (Ok(edit), Ok(before)) = (std::str::from_utf8(&data[..nul]), std::str::from_utf8(&data[nul + 1..])) else {
        return;
    };
    let f = &*FIXTURE;
    let today = jiff::civil::date(2026, 11, 20);
    let mut lines = edit.split('\n');
    let (result, keys): (_, Vec<String>) = match lines.next() {
        Some("set") => {
            let pairs: Vec<String> = lines.map(str::to_owned).collect();
            let keys = pairs.iter().filter_map(|p| p.split_once('=')).map(|(k, _)| field_named(k.trim())).collect();
            std::fs::write(&f.lead, before).expect("the lead is written");
            (set_fields(&f.ledger, &f.schema, ID, &pairs, &EditOptions { force: false, today, commit: None }), keys)
        }
        Some("advance") => {
            let stage = lines.next().unwrap_or_default();
            let reason = lines.next().filter(|r| !r.is_empty());
            let force = lines.next().is_some_and(|f| !f.is_empty());
            std::fs::write(&f.lead, before).expect("the lead is written");
            (
                advance_lead(&f.ledger, &f.schema, ID, stage, reason, &EditOptions { force, today, commit: None }),
                vec!["status".into(), "lost_reason".into()],
            )
        }
        _ => return,
    };
    let after = std::fs::read(&f.lead).expect("the lead is still there");
    let Ok(_) = result else {
        assert_eq!(after, before.as_bytes(), "a refused edit changed the file");
        return;
    };
    let after = String::from_utf8(after).expect("an edit writes UTF-8");
    let cx = FileContext { schema: &f.schema, today, privacy: &f.ledger.config.privacy };
    let errors: Vec<_> =
        check_text("lead", &after, &cx).into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "an edit wrote a lead that check refuses: {errors:?}\n{after}");
    assert_eq!(before.starts_with('\u{feff}'), after.starts_with('\u{feff}'), "the byte-order mark changed");
    let all_crlf = |t: &str| {
        let lines = t.matches('\n').count();
        lines > 0 && t.matches("\r\n").count() == lines
    };
    if all_crlf(before) {
        assert!(all_crlf(&after), "CRLF line ends were not kept:\n{after:?}");
    }
    let Some(edited) = edited_lines(before, &keys) else { return };
    let unix = |l: &str| if all_crlf(before) { l.to_owned() } else { l.trim_end_matches('\r').to_owned() };
    // The file's BOM, before its first line, is compared above; a U+FEFF inside a value is text.
    let kept: Vec<String> =
        bare(before).lines().enumerate().filter(|(i, _)| !edited.contains(i)).map(|(_, l)| unix(l)).collect();
    let mut after_lines = bare(&after).lines().map(unix);
    for line in &kept {
        assert!(
            after_lines.any(|a| a == *line),
            "line {line:?} was not kept\n--- before\n{before}\n--- after\n{after}"
        );
    }
});

/// `text` without the byte-order mark that may start a file.
fn bare(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The field a typed key edits: `set --help` promises `new`'s flag names (with `-` or `_`)
/// beside the fields themselves. Written out here rather than imported, so that the target
/// checks the promise instead of repeating the code under test.
fn field_named(typed: &str) -> String {
    let snake = typed.replace('-', "_");
    let field = match snake.as_str() {
        "value" => "estimated_value",
        "tag" => "tags",
        "reason" => "lost_reason",
        "due" => "next_step_due",
        "close" => "expected_close",
        other => other,
    };
    field.to_owned()
}

/// The indices of the lines that hold `keys` (top-level values) with the comments above them,
/// which go when a key is removed. `None` when a key is something an edit replaces whole (a
/// table), or the text is not TOML: then only the check above holds.
fn edited_lines(text: &str, keys: &[String]) -> Option<std::collections::HashSet<usize>> {
    let doc = toml_edit::Document::parse(text.trim_start_matches('\u{feff}')).ok()?;
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let line_of = |at: usize| text[..offset + at].matches('\n').count();
    let mut lines = std::collections::HashSet::new();
    for key in keys {
        let Some((k, item)) = doc.as_table().get_key_value(key) else { continue };
        if !item.is_value() {
            return None;
        }
        let start = k.leaf_decor().prefix().and_then(|p| p.span()).or(k.span())?.start;
        let end = item.span()?.end;
        lines.extend(line_of(start)..=line_of(end.saturating_sub(1).max(start)));
    }
    Some(lines)
}
