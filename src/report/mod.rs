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

pub use as_of::report_as_of;
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
    /// The days whose outcomes, credit and new leads the report counts (`--since`, `--until`,
    /// `--period`); an end not given is open.
    pub period: Period,
    /// The day the report describes the ledger at: that of the last commit that changed the ledger,
    /// today with uncommitted changes, or `--today`.
    pub as_of: Date,
    /// The sections' numbers; in JSON each section is a top-level key beside `period` and `as_of`.
    #[serde(flatten)]
    pub sections: Sections,
}

/// The report over `records` (sorted by id) as of `options.today`.
pub fn build_report(
    records: &[LeadRecord],
    pipeline: &Pipeline,
    teams: &BTreeMap<String, Vec<String>>,
    options: &ReportOptions,
) -> Report {
    let scope = Scope::new(records, pipeline, teams, options);
    Report { period: options.period, as_of: options.today, sections: Sections::build(&scope) }
}

/// The report in Markdown, charts as Mermaid blocks: GitHub, pull requests, step summaries.
pub struct ReportMarkdown;

/// The report as one self-contained HTML page.
pub struct ReportHtml;

impl Printer<Report> for ReportMarkdown {
    fn print(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render_markdown(report).as_bytes())
    }
}

impl Printer<Report> for ReportHtml {
    fn print(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render_html(report).as_bytes())
    }
}

/// Whether a written report says what the ledger says now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The written report is the one that would be written now.
    Current,
    /// The written report differs from the one that would be written now: write it again.
    OutOfDate,
}

/// Compares the report in `path` with `report`, the report as it would be written now.
pub fn report_freshness(path: &std::path::Path, report: &str) -> Result<Freshness, crate::error::Error> {
    // A report is a few MB at most; twice the text it is compared with is cap enough.
    let cap = 2 * report.len() as u64 + (1 << 20);
    let written = crate::ledger::read_text(path, cap).map_err(|source| {
        crate::error::ErrorKind::Load { path: path.to_owned(), source }
            .hinted("write the report there first with `leadger report --output FILE`")
    })?;
    Ok(if written == report { Freshness::Current } else { Freshness::OutOfDate })
}
