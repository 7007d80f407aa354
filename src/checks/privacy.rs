//! Client contact data must never reach history: it cannot be erased from every clone.
//! Searched in every string and every comment, after NFKC normalisation so that full-width
//! digits and `＠` match as their ASCII forms do.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::config::PrivacySettings;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ledger::Document;

/// Fields that name colleagues, whose addresses are expected; a phone number in them is not.
const COLLEAGUE_FIELDS: [&str; 2] = ["owner", "spotted_by"];

// Letters and digits of any script: `jane@müller.de` is an address too.
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}").unwrap());
// A run of digits with the usual phone separators; digits are counted afterwards. It starts
// a word, so the digits of an identifier such as an ISIN (`US0378331005`) are not one.
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+?\(?\b[0-9][0-9 ().\-/]{6,}[0-9]").unwrap());
// Real calendar dates only (month 01-12, day 01-31): `0207-94-60958` is a phone number.
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])").unwrap());
// An amount with thousands separators, `1 200 000 000` or `1.200.000`.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:[ .,][0-9]{3})+$").unwrap());

#[derive(Debug, PartialEq)]
enum Contact {
    Email,
    Phone,
}

/// Whether a run of digits and separators is a phone number: 9 to 15 digits (E.164 allows
/// 15), and not a plain amount or number, which a phone written without separators is
/// not told apart from unless it starts as phone numbers do, with `+` or `0`.
fn is_phone(run: &str) -> bool {
    let run = run.trim();
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    if !(9..=15).contains(&digits) {
        return false;
    }
    let dialled = run.starts_with(['+', '0', '(']);
    let bare = run.bytes().all(|b| b.is_ascii_digit());
    dialled || !(bare || AMOUNT.is_match(run))
}

/// Each kind of contact data found in `s`, with where it is in `s` once normalised (NFKC).
fn find_contacts(s: &str, privacy: &PrivacySettings) -> Vec<(Contact, String)> {
    let s: Cow<str> = if s.is_ascii() { Cow::Borrowed(s) } else { Cow::Owned(s.nfkc().collect()) };
    let mut found = Vec::new();
    if !privacy.allow_emails && s.contains('@') {
        found.extend(EMAIL.find(&s).map(|m| (Contact::Email, m.as_str().to_owned())));
    }
    if !privacy.allow_phone_numbers {
        // Dates are blanked first, so `2026-11-03 12 people` is not one long number.
        let blanked = DATE.replace_all(&s, |c: &regex::Captures| "D".repeat(c[0].len()));
        // `020 7946 0958 / 020 7946 0959` is one run of 22 digits and two phone numbers.
        let phone = PHONE
            .find_iter(&blanked)
            .find(|m| m.as_str().split('/').any(is_phone) || is_phone(m.as_str()))
            .map(|m| s[m.range()].to_owned());
        found.extend(phone.map(|p| (Contact::Phone, p)));
    }
    found
}

/// `owner = "Dana <dana@example.com>"`: the address is expected, so only the rest is searched,
/// and only for phone numbers.
fn name_part(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => return out,
        }
    }
    out + rest
}

/// The comments of `text`: from each `#` outside every string to the end of its line.
fn comments(text: &str, strings: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for at in memchr::memchr_iter(b'#', text.as_bytes()) {
        if out.last().is_some_and(|c| at < c.end) || strings.iter().any(|s| s.contains(&at)) {
            continue;
        }
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        out.push(at..end);
    }
    out
}

pub fn check(path: &str, text: &str, doc: &Document, privacy: &PrivacySettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let strings = doc.strings();
    let colleague = PrivacySettings { allow_emails: true, ..privacy.clone() };
    for (field, value, span) in &strings {
        let top = field.split(['.', '[']).next().unwrap_or_default();
        let found = if COLLEAGUE_FIELDS.contains(&top) {
            find_contacts(&name_part(value), &colleague)
        } else {
            find_contacts(value, privacy)
        };
        for (kind, needle) in found {
            out.push(diagnostic(path, text, span.clone(), &needle, kind, &format!("`{field}` contains")));
        }
    }
    let spans: Vec<Range<usize>> = strings.into_iter().map(|(_, _, span)| span).collect();
    for comment in comments(text, &spans) {
        for (kind, needle) in find_contacts(&text[comment.clone()], privacy) {
            out.push(diagnostic(path, text, comment.clone(), &needle, kind, "a comment contains"));
        }
    }
    out
}

fn diagnostic(path: &str, text: &str, span: Range<usize>, needle: &str, kind: Contact, subject: &str) -> Diagnostic {
    // Point at the match itself when it is written as found (no escapes, no normalisation).
    let span = text[span.clone()].find(needle).map_or(span.clone(), |i| span.start + i..span.start + i + needle.len());
    let (what, key) = match kind {
        Contact::Email => ("an email address", "allow_emails"),
        Contact::Phone => ("a phone number", "allow_phone_numbers"),
    };
    Diagnostic::at(path, text, span, Severity::Error, Code::ContactData, format!("{subject} what looks like {what}"))
        .with_help(format!(
            "name the organisation and a role, never a person's contact details: git history cannot forget them \
             (a ledger that must keep them sets [privacy] {key} = true in leadger.toml)"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_shapes() {
        let strict = PrivacySettings::default();
        let kinds = |s: &str| find_contacts(s, &strict).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(kinds("write to jane.doe@acme.com today"), [Contact::Email]);
        assert_eq!(kinds("call +44 20 7946 0958"), [Contact::Phone]);
        assert_eq!(kinds("call (555) 123-4567"), [Contact::Phone]);
        assert_eq!(kinds("jane@acme.com or 020 7946 0958"), [Contact::Email, Contact::Phone]);
        assert_eq!(kinds("budget 120000 EUR, due 2026-11-03"), []);
        assert_eq!(kinds("between 2026-11-03 and 2027-01-02"), []);
        assert_eq!(kinds("ping @dana on chat"), []);
        let lenient = PrivacySettings { allow_emails: true, allow_phone_numbers: true };
        assert!(find_contacts("jane@acme.com +44 20 7946 0958", &lenient).is_empty());
    }

    #[test]
    fn contact_shapes_that_were_missed() {
        let strict = PrivacySettings::default();
        let kinds = |s: &str| find_contacts(s, &strict).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(kinds("020 7946 0958 / 020 7946 0959"), [Contact::Phone]);
        assert_eq!(kinds("0207-94-60958"), [Contact::Phone]);
        assert_eq!(kinds("jane@müller.de"), [Contact::Email]);
        assert_eq!(kinds("jane＠acme.com"), [Contact::Email]);
        assert_eq!(kinds("call ０２０ ７９４６ ０９５８"), [Contact::Phone]);
    }

    #[test]
    fn dates_amounts_and_ids_are_not_contacts() {
        let strict = PrivacySettings::default();
        for text in [
            "2026-11-03 12 people attended",
            "from 2026-11-03/2027-01-02",
            "worth 120000000 EUR",
            "worth 1 200 000 000 EUR",
            "EUR 1.200.000.000",
            "ISO 27001:2013 and ISO 9001",
            "order 4500012345",
            "ISIN US0378331005, IBAN DE89370400440532013000",
            "id 123e4567-e89b-12d3-a456-426614174000",
            "at 2026-11-03T10:00:00Z",
        ] {
            assert_eq!(find_contacts(text, &strict), [], "{text}");
        }
    }

    #[test]
    fn comments_are_found_outside_strings() {
        let text = "a = \"# not a comment\" # one\n# two\nb = 1\n";
        let doc = Document::parse(text).unwrap();
        let spans: Vec<_> = doc.strings().into_iter().map(|(_, _, s)| s).collect();
        let found: Vec<&str> = comments(text, &spans).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["# one", "# two"]);
    }
}
