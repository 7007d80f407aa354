//! The pull request comment in GitHub-flavoured Markdown.
//!
//! Every piece of text from the ledger (lead text, file names, people's names, the footer)
//! is escaped as `report` escapes it, with control characters shown, not sent. Lists are
//! capped, so a pull request that adds hundreds of leads still fits a comment (GitHub takes
//! 65,536 characters) with room to spare; the JSON has everything.

use std::fmt::Write;

use super::{Added, Changed, Move, PossibleDuplicate, Problems, PullRequest, Spotter};
use crate::diagnostic::Severity;
use crate::render::{cell, count, one_line};

/// At most this many leads in each list, and of duplicates.
const MAX_LEADS: usize = 40;
const MAX_DUPLICATES: usize = 20;
/// At most this many people named in a line.
const MAX_PEOPLE: usize = 8;
/// Lead text longer than this is cut.
const MAX_TEXT: usize = 120;

/// Ledger text made inert for Markdown, on one line, cut to a length.
fn inline(text: &str) -> String {
    inline_cut(text, MAX_TEXT)
}

fn inline_cut(text: &str, max: usize) -> String {
    let shown = one_line(text);
    let cut: String =
        if shown.chars().count() > max { shown.chars().take(max - 1).chain(['…']).collect() } else { shown };
    not_a_command(cell(&cut))
}

/// No line leadger writes may look like a workflow command to a CI log (`::error::`): a
/// leading colon is escaped, which Markdown shows as the colon.
fn not_a_command(escaped: String) -> String {
    if escaped.starts_with(':') { format!("\\{escaped}") } else { escaped }
}

/// An id or a path as code when it is plain, else as escaped text.
fn code(text: &str) -> String {
    let plain = text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if plain && !text.is_empty() { format!("`{text}`") } else { inline(text) }
}

/// `a`, `a and b`, `a, b and c`; past `MAX_PEOPLE`, `and N others`.
fn names<'a>(all: impl IntoIterator<Item = &'a str>) -> String {
    let all: Vec<String> = all.into_iter().map(inline).collect();
    let mut shown: Vec<String> = all.iter().take(MAX_PEOPLE).cloned().collect();
    if all.len() > MAX_PEOPLE {
        shown.push(count(all.len() - MAX_PEOPLE, "other"));
    }
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn more(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(out, "- …and {} more {what} (`leadger pr --format json` lists them all)", total - shown);
    }
}

/// The pull request's comment, in GitHub-flavoured Markdown: for a pull-request comment or a
/// job summary.
pub struct PullRequestComment;

impl crate::render::Printer<PullRequest> for PullRequestComment {
    fn print(&self, pr: &PullRequest, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(comment_markdown(pr).as_bytes())
    }
}

pub fn comment_markdown(pr: &PullRequest) -> String {
    let mut out = String::new();
    first_line(&mut out, pr);
    if !pr.added.is_empty() {
        let _ = writeln!(out, "\n### {}\n", count(pr.added.len(), "new lead"));
        for lead in pr.added.iter().take(MAX_LEADS) {
            added(&mut out, lead);
        }
        more(&mut out, pr.added.len(), MAX_LEADS, "new leads");
    }
    if !pr.changed.is_empty() {
        let _ = writeln!(out, "\n### {}\n", count(pr.changed.len(), "changed lead"));
        for lead in pr.changed.iter().take(MAX_LEADS) {
            changed(&mut out, lead);
        }
        more(&mut out, pr.changed.len(), MAX_LEADS, "changed leads");
    }
    let duplicates: Vec<(&Added, &PossibleDuplicate)> =
        pr.added.iter().flat_map(|a| a.possible_duplicates.iter().map(move |d| (a, d))).collect();
    if !duplicates.is_empty() {
        let _ = writeln!(out, "\n### Possible duplicates\n");
        out.push_str("Not a problem in itself: if two leads are one opportunity, keep one and close the other as `dropped` (`lost_category = \"duplicate\"`).\n\n");
        for (lead, other) in duplicates.iter().take(MAX_DUPLICATES) {
            duplicate(&mut out, lead, other);
        }
        more(&mut out, duplicates.len(), MAX_DUPLICATES, "possible duplicates");
    }
    problems(&mut out, &pr.problems);
    let _ = writeln!(out, "\n---\n{}", inline_footer(&pr.footer));
    out
}

fn first_line(out: &mut String, pr: &PullRequest) {
    let mut spotters: Vec<&str> = Vec::new();
    for person in pr.added.iter().flat_map(|a| &a.spotters) {
        if !spotters.contains(&person.name.as_str()) {
            spotters.push(&person.name);
        }
    }
    spotters.sort_unstable();
    let leads = count(pr.added.len(), "new lead");
    let line = match (pr.added.len(), spotters.is_empty(), pr.changed.len()) {
        (0, _, 0) => "This pull request changes no lead.".to_owned(),
        (0, _, changed) => format!("This pull request changes {}.", count(changed, "lead")),
        (_, true, _) => format!("This pull request adds {leads}."),
        (_, false, _) => format!("**Thank you, {}, for {leads}!**", names(spotters)),
    };
    let _ = writeln!(out, "{line}");
}

fn added(out: &mut String, lead: &Added) {
    let pending = if lead.uncommitted { " — not committed yet" } else { "" };
    let _ = writeln!(
        out,
        "- **{}** for {} ({}, {}){pending}",
        inline(&lead.title),
        inline(&lead.client),
        code(&lead.id),
        inline(&lead.status)
    );
    if lead.spotters.is_empty() {
        out.push_str(
            "  - no one to credit yet (added by a bot, or by nobody git knows): name who spotted it in `spotted_by`\n",
        );
    }
    for person in lead.spotters.iter().take(MAX_PEOPLE) {
        let _ = writeln!(out, "  - spotted by {}: {}", inline(&person.name), tally(person));
    }
    if lead.spotters.len() > MAX_PEOPLE {
        let _ = writeln!(out, "  - and {} more spotters", lead.spotters.len() - MAX_PEOPLE);
    }
}

fn tally(person: &Spotter) -> String {
    let spotted = format!("{} lead spotted", ordinal(person.spotted_total));
    match (person.first_time, person.spotted_total, person.won_total) {
        (true, 1, _) => format!("{spotted} — welcome, and thank you!"),
        (true, _, _) => format!("{spotted}, all in this pull request — welcome, and thank you!"),
        (false, _, 0) => format!("{spotted}, none won yet"),
        (false, _, won) => format!("{spotted}, {won} won so far"),
    }
}

fn changed(out: &mut String, lead: &Changed) {
    let moves: Vec<String> = lead.transitions.iter().map(stage_move).collect();
    let others: Vec<String> =
        lead.fields.iter().filter(|f| f.field != "status").map(|f| code(&f.field)).take(MAX_PEOPLE).collect();
    let mut parts = moves;
    match (others.is_empty(), parts.is_empty()) {
        (true, true) => parts.push("no field changed".to_owned()),
        (true, false) => {}
        (false, _) => parts.push(format!("changed {}", others.join(", "))),
    }
    let _ = writeln!(
        out,
        "- **{}** for {} ({}): {}",
        inline(&lead.title),
        inline(&lead.client),
        code(&lead.id),
        parts.join("; ")
    );
}

fn stage_move(m: &Move) -> String {
    let by = m.by.as_ref().map(|who| format!(", by {}", inline(&who.name))).unwrap_or_default();
    let pending = if m.uncommitted { " (not committed yet)" } else { "" };
    format!("{} → {}{by}{pending}", inline(&m.from), inline(&m.to))
}

fn duplicate(out: &mut String, lead: &Added, other: &PossibleDuplicate) {
    let spotted = if other.spotters.is_empty() {
        String::new()
    } else {
        format!(", spotted by {}", names(other.spotters.iter().map(String::as_str)))
    };
    let _ = writeln!(
        out,
        "- {} may be the same opportunity as {} ({}, {}{spotted}): {}",
        code(&lead.id),
        code(&other.id),
        code(&other.path),
        inline(&other.status),
        inline(&other.reason)
    );
}

fn problems(out: &mut String, problems: &Problems) {
    let _ = writeln!(out, "\n### Check\n");
    if problems.errors + problems.warnings == 0 {
        out.push_str("The changed lead files pass `leadger check`.\n");
        return;
    }
    let _ = writeln!(
        out,
        "`leadger check` finds {} and {} in the changed lead files; they are marked on the files. The first:\n",
        count(problems.errors, "error"),
        count(problems.warnings, "warning")
    );
    for d in &problems.first {
        let severity = if d.severity == Severity::Error { "error" } else { "warning" };
        let _ = writeln!(
            out,
            "- {}:{}:{} {severity} `{}`: {}",
            code(&d.path),
            d.line,
            d.column,
            d.code.as_str(),
            inline_cut(&d.message, 3 * MAX_TEXT)
        );
    }
}

/// The footer is whole, however long: it is the ledger's own closing line.
fn inline_footer(footer: &str) -> String {
    not_a_command(cell(&one_line(footer)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_lists_of_names() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal).to_vec();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
        assert_eq!(names(["A"]), "A");
        assert_eq!(names(["A", "B", "C"]), "A, B and C");
        let many: Vec<String> = (0..10).map(|i| format!("P{i}")).collect();
        assert_eq!(names(many.iter().map(String::as_str)), "P0, P1, P2, P3, P4, P5, P6, P7 and 2 others");
        let nine: Vec<String> = (0..9).map(|i| format!("P{i}")).collect();
        assert!(names(nine.iter().map(String::as_str)).ends_with("P7 and 1 other"));
    }

    #[test]
    fn ledger_text_cannot_steer_markdown_or_a_log() {
        assert_eq!(inline("::error::pwned"), "\\::error::pwned");
        assert_eq!(inline("a\u{1b}[31m|b\nc"), "a␛\\[31m\\|b c");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(code("acme-billing"), "`acme-billing`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(inline(&"x".repeat(500)).chars().count(), MAX_TEXT);
    }
}
