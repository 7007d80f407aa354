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
mod palette;
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
use crate::lead_records::LeadRecord;
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
    crate::credit::Period::parse(text)
}
