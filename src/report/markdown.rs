//! The report as GitHub-flavoured Markdown, with Mermaid charts.
//!
//! Every piece of lead text goes through [`crate::render::cell`], so no title, client or
//! reason can add a heading, a link, raw HTML or a column.

use std::fmt::Write;

use super::Report;
use super::page::Page;

/// A chart, drawn as Mermaid in Markdown and as SVG in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub pie: bool,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
}

/// Mermaid source for a chart (labels are stage names and months, never lead text).
pub fn mermaid(chart: &Chart) -> String {
    let mut out = String::from("```mermaid\n");
    if chart.pie {
        let _ = writeln!(out, "pie title {}", chart.title);
        for (label, value) in chart.labels.iter().zip(&chart.values) {
            let _ = writeln!(out, "    \"{label}\" : {value}");
        }
    } else {
        let _ = writeln!(out, "xychart-beta\n    title \"{}\"", chart.title);
        let labels: Vec<String> = chart.labels.iter().map(|l| format!("\"{l}\"")).collect();
        let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
        let values: Vec<String> = chart.values.iter().map(|v| format!("{}", v.round())).collect();
        let _ = writeln!(out, "    bar [{}]", values.join(", "));
    }
    out.push_str("```\n\n");
    out
}

/// The report in Markdown, with charts as Mermaid blocks.
pub fn render_markdown(report: &Report) -> String {
    render_with(report, &mut mermaid)
}

/// The report in Markdown; `chart` turns each chart into the text that stands for it.
pub(super) fn render_with(report: &Report, chart: &mut dyn FnMut(&Chart) -> String) -> String {
    let mut page = Page::new(chart);
    page.text("# Lead pipeline\n\n");
    let period = match (report.period.since, report.period.until) {
        (None, None) => "all history".to_owned(),
        (Some(s), None) => format!("since {s}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(s), Some(u)) => format!("{s} to {u}"),
    };
    page.text(&format!("As of {} · period: {period}\n\n", report.as_of));
    report.sections.markdown(&mut page);
    page.into_text()
}
