//! The pipeline and attribution report: one model of numbers, three renderings of it.

mod html;
mod markdown;
mod model;
mod stats;
mod svg;

pub use html::render_html;
pub use markdown::render_markdown;
pub use model::{Report, ReportOptions, STALE_SHOWN, build};

/// The report as JSON: the model itself (contract in docs/report.md).
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("the report serialises") + "\n"
}

/// `2026-Q3`, `2026-11` or `2026` as an inclusive period.
pub fn parse_period(text: &str) -> Result<crate::credit::Period, crate::Error> {
    crate::credit::Period::parse(text)
}
