//! Client contact data must never reach history: it cannot be erased from every clone.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::config::Privacy;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ledger::Document;

/// Fields that name colleagues, whose addresses are expected.
const COLLEAGUE_FIELDS: [&str; 2] = ["owner", "spotted_by"];

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").unwrap());
// A run of digits with the usual phone separators; digits are counted afterwards.
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+?\(?\d[\d ().\-/]{6,}\d").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap());

#[derive(Debug, PartialEq)]
enum Contact {
    Email,
    Phone,
}

/// Each kind of contact data found in `s`, with where it is.
fn find_contacts(s: &str, privacy: &Privacy) -> Vec<(Contact, Range<usize>)> {
    let mut found = Vec::new();
    if !privacy.allow_emails && s.contains('@') {
        found.extend(EMAIL.find(s).map(|m| (Contact::Email, m.range())));
    }
    if !privacy.allow_phone_numbers {
        let phone = PHONE.find_iter(s).find(|m| {
            let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
            (9..=15).contains(&digits) && !DATE.is_match(m.as_str())
        });
        found.extend(phone.map(|m| (Contact::Phone, m.range())));
    }
    found
}

pub fn check(path: &str, text: &str, doc: &Document, privacy: &Privacy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (field, value, span) in doc.strings() {
        let top = field.split(['.', '[']).next().unwrap_or_default();
        if COLLEAGUE_FIELDS.contains(&top) {
            continue;
        }
        for (kind, found) in find_contacts(value, privacy) {
            // Point at the match itself when the string is written without escapes.
            let needle = &value[found];
            let span =
                text[span.clone()].find(needle).map_or(span.clone(), |i| span.start + i..span.start + i + needle.len());
            let (what, key) = match kind {
                Contact::Email => ("an email address", "allow_emails"),
                Contact::Phone => ("a phone number", "allow_phone_numbers"),
            };
            out.push(
            Diagnostic::at(path, text, span, Severity::Error, Code::ContactData, format!("`{field}` contains what looks like {what}"))
                .with_help(format!(
                    "name the organisation and a role, never a person's contact details: git history cannot forget them \
                     (a ledger that must keep them sets [privacy] {key} = true in leadger.toml)"
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_shapes() {
        let strict = Privacy::default();
        let kinds = |s: &str| find_contacts(s, &strict).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(kinds("write to jane.doe@acme.com today"), [Contact::Email]);
        assert_eq!(kinds("call +44 20 7946 0958"), [Contact::Phone]);
        assert_eq!(kinds("call (555) 123-4567"), [Contact::Phone]);
        assert_eq!(kinds("jane@acme.com or 020 7946 0958"), [Contact::Email, Contact::Phone]);
        assert_eq!(kinds("budget 120000 EUR, due 2026-11-03"), []);
        assert_eq!(kinds("between 2026-11-03 and 2027-01-02"), []);
        assert_eq!(kinds("ping @dana on chat"), []);
        let lenient = Privacy { allow_emails: true, allow_phone_numbers: true };
        assert!(find_contacts("jane@acme.com +44 20 7946 0958", &lenient).is_empty());
    }
}
