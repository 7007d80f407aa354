//! The report as one self-contained HTML page: inline CSS, inline SVG charts, no script.
//!
//! The Markdown form is rendered by comrak with raw HTML escaped and dangerous link schemes
//! dropped, so lead text stays text. Charts stand in the Markdown as placeholder paragraphs
//! that lead text cannot produce (lead text only ever appears inside table cells).

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

use super::Report;
use super::markdown::{Chart, render_with};
use super::svg::svg;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem}th{background:#f4f4f4}\
td:not(:first-child){text-align:right}figure{margin:1rem 0}.notes{border-left:3px solid #ccc;padding-left:1rem}";

pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = false;
    options.render.r#unsafe = false;
    options.render.escape = true;
    options
}

pub fn render_html(report: &Report) -> String {
    let mut charts: Vec<Chart> = Vec::new();
    let markdown = render_with(report, &mut |chart| {
        charts.push(chart.clone());
        format!("LEADGERCHART{}\n\n", charts.len() - 1)
    });
    let mut body = comrak::markdown_to_html(&markdown, &options());
    for (i, chart) in charts.iter().enumerate() {
        body = body.replace(&format!("<p>LEADGERCHART{i}</p>"), &svg(chart));
    }
    report.sections.html_appendix(&mut body);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lead pipeline</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// A lead's notes as HTML: Markdown, with raw HTML escaped, unsafe links dropped and
/// headings turned into paragraphs, so notes cannot restructure the page.
pub(super) fn notes_html(notes: &str) -> String {
    let arena = Arena::new();
    let options = options();
    let root = comrak::parse_document(&arena, notes, &options);
    for node in root.descendants() {
        let is_heading = matches!(node.data().value, NodeValue::Heading(_));
        if is_heading {
            node.data_mut().value = NodeValue::Paragraph;
        }
    }
    let mut html = String::new();
    comrak::format_html(root, &options, &mut html).expect("writing to a String cannot fail");
    html
}
