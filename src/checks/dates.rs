//! Dates: written as TOML dates, not in the future, and in a sensible order.

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostic::{Code, Diagnostic, Severity};

/// A date field written as a quoted string.
pub fn quoted_date(path: &str, text: &str, key: &str, value: &str, span: Range<usize>) -> Diagnostic {
    match value.parse::<Date>() {
        Ok(date) => Diagnostic::at(
            path,
            text,
            span,
            Severity::Error,
            Code::DateAsString,
            format!("`{key}` is a date written as a string"),
        )
        .with_help(format!("remove the quotes: {key} = {date}")),
        Err(_) => {
            Diagnostic::at(path, text, span, Severity::Error, Code::InvalidDate, format!("`{key}` is not a date"))
                .with_help(format!("write a TOML date without quotes: {key} = 2026-11-03"))
        }
    }
}

/// Checks over the dates that were written as real TOML dates.
pub fn check(path: &str, text: &str, dates: &[(String, Date, Range<usize>)], today: Date) -> Vec<Diagnostic> {
    let find = |name: &str| dates.iter().find(|(key, ..)| key == name);
    let error =
        |span: &Range<usize>, code, message| Diagnostic::at(path, text, span.clone(), Severity::Error, code, message);
    let mut out = Vec::new();
    let spotted = find("spotted_on");
    if let Some((_, date, span)) = spotted.filter(|(_, date, _)| *date > today) {
        out.push(
            error(span, Code::FutureDate, format!("`spotted_on` is in the future ({date})"))
                .with_help(format!("a lead is spotted on the day the need is heard: today is {today}")),
        );
    }
    if let (Some((_, spotted, _)), Some((_, close, span))) = (spotted, find("expected_close")) {
        if close < spotted {
            out.push(
                error(
                    span,
                    Code::CloseBeforeSpotted,
                    format!("`expected_close` ({close}) is before `spotted_on` ({spotted})"),
                )
                .with_help("check the year; a decision cannot come before the lead was heard"),
            );
        }
    }
    out
}
