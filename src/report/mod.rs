//! The pipeline and attribution report: a list of sections, each computing its part of one
//! model, printed as Markdown, HTML or JSON (the model itself, [`crate::render::Json`]).
//!
//! The report is a function of the repository: [`as_of`] dates it by the last commit that
//! changed the ledger, so a committed report stays current ([`freshness`]) until the ledger
//! changes.

mod as_of;
mod html;
mod markdown;
mod page;
mod scope;
mod sections;
mod stats;
mod svg;

use std::collections::BTreeMap;
use std::io::{self, Write};

use jiff::civil::Date;
use serde::Serialize;

pub use as_of::as_of;
pub use html::render_html;
pub use markdown::render_markdown;
pub use scope::{ReportOptions, STALE_SHOWN};
pub use sections::*;

use crate::credit::Period;
use crate::leads::LeadRecord;
use crate::pipeline::Pipeline;
use crate::render::Printer;
use scope::Scope;

/// The report's model; its JSON is documented in docs/report.md.
#[derive(Debug, Serialize)]
pub struct Report {
    pub period: Period,
    pub as_of: Date,
    #[serde(flatten)]
    pub sections: Sections,
}

/// The report over `records` (sorted by id) as of `options.today`.
pub fn build(
    records: &[LeadRecord],
    pipeline: &Pipeline,
    teams: &BTreeMap<String, Vec<String>>,
    options: &ReportOptions,
) -> Report {
    let scope = Scope::new(records, pipeline, teams, options);
    Report { period: options.period, as_of: options.today, sections: Sections::build(&scope) }
}

/// The report in Markdown, charts as Mermaid blocks: GitHub, pull requests, step summaries.
pub struct Markdown;

/// The report as one self-contained HTML page.
pub struct Html;

impl Printer<Report> for Markdown {
    fn print(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render_markdown(report).as_bytes())
    }
}

impl Printer<Report> for Html {
    fn print(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render_html(report).as_bytes())
    }
}

/// Whether a written report says what the ledger says now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Current,
    OutOfDate,
}

/// Compares the report in `path` with `report`, the report as it would be written now.
pub fn freshness(path: &std::path::Path, report: &str) -> Result<Freshness, crate::Error> {
    // A report is a few MB at most; twice the text it is compared with is cap enough.
    let cap = 2 * report.len() as u64 + (1 << 20);
    let written = crate::ledger::read_text(path, cap).map_err(|source| {
        crate::error::ErrorKind::Load { path: path.to_owned(), source }
            .hinted("write the report there first with `leadger report --output FILE`")
    })?;
    Ok(if written == report { Freshness::Current } else { Freshness::OutOfDate })
}

/// `2026-Q3`, `2026-11` or `2026` as an inclusive period.
pub fn parse_period(text: &str) -> Result<crate::credit::Period, crate::Error> {
    use jiff::civil::Date;
    let bad = |message: &str| {
        crate::error::ErrorKind::Date { value: text.to_owned(), message: message.to_owned() }
            .hinted("write a period as a year, a month or a quarter: 2026, 2026-11 or 2026-Q4")
    };
    let (year, rest) = text.split_once('-').map_or((text, None), |(y, r)| (y, Some(r)));
    let year: i16 = year.parse().map_err(|_| bad("a period is YYYY, YYYY-MM or YYYY-Qn"))?;
    let (first_month, months) = match rest {
        None => (1, 12),
        Some(q) if q.starts_with(['Q', 'q']) => match q[1..].parse::<i8>() {
            Ok(n @ 1..=4) => ((n - 1) * 3 + 1, 3),
            _ => return Err(bad("a quarter is Q1 to Q4")),
        },
        Some(m) => match m.parse::<i8>() {
            Ok(m @ 1..=12) => (m, 1),
            _ => return Err(bad("a month is 01 to 12")),
        },
    };
    let since: Date = Date::new(year, first_month, 1).map_err(|e| bad(&e.to_string()))?;
    let until = since
        .checked_add(jiff::Span::new().months(months))
        .and_then(|d| d.checked_sub(jiff::Span::new().days(1)))
        .map_err(|e| bad(&e.to_string()))?;
    Ok(crate::credit::Period { since: Some(since), until: Some(until) })
}

#[cfg(test)]
mod tests {
    use super::parse_period;
    use jiff::civil::date;

    #[test]
    fn periods() {
        let p = parse_period("2026-Q3").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 7, 1)), Some(date(2026, 9, 30))));
        let p = parse_period("2024-02").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2024, 2, 1)), Some(date(2024, 2, 29))));
        let p = parse_period("2026").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 1, 1)), Some(date(2026, 12, 31))));
        assert!(parse_period("2026-Q5").is_err() && parse_period("soon").is_err() && parse_period("2026-13").is_err());
    }
}
