//! The report as one self-contained HTML page: inline CSS, inline SVG charts, no script.
//!
//! The Markdown form is rendered by comrak with raw HTML escaped and dangerous link schemes
//! dropped, so lead text stays text. Charts stand in the Markdown as placeholder paragraphs
//! that lead text cannot produce (lead text only ever appears inside table cells).

use std::collections::BTreeMap;

use super::Report;
use super::markdown::render_with;
use super::page::Chart;
use super::sections::{CurrencyLine, Headline};
use super::svg::svg;
use crate::render::{html_escape, markdown_html, money, percent};

/// Text left and numbers right (comrak writes each column's `align`), tables that scroll in
/// their own box on a narrow screen, charts that shrink to fit, and a print form.
const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}\
h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\
.table{overflow-x:auto;max-width:100%;margin:1rem 0}table{border-collapse:collapse}\
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f4f4f4}\
[align=right]{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}.notes{border-left:3px solid #ccc;padding-left:1rem}\
.figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}\
.figure{flex:1 1 9rem;border:1px solid #ddd;border-radius:.4rem;padding:.6rem .8rem;background:#fafafa}\
.figure b{display:block;font-size:1.6rem;font-variant-numeric:tabular-nums}.figure span{color:#555;font-size:.9rem}\
.won b{color:#2e7d32}.lost b{color:#c62828}\
@media print{body{max-width:none;margin:0;font-size:10pt}.table{overflow:visible}\
table,figure,.figures{break-inside:avoid}h2,h3{break-after:avoid}.figure{background:none}}";

pub fn render_html(report: &Report) -> String {
    let mut charts: Vec<Chart> = Vec::new();
    let markdown = render_with(report, &mut |chart| {
        charts.push(chart.clone());
        format!("LEADGERCHART{}\n\n", charts.len() - 1)
    });
    let mut body = markdown_html(&markdown);
    for (i, chart) in charts.iter().enumerate() {
        body = body.replace(&format!("<p>LEADGERCHART{i}</p>"), &svg(chart));
    }
    // Lead text is escaped, so every `<table>` is one comrak wrote.
    body = body.replace("<table>", "<div class=\"table\"><table>").replace("</table>", "</table></div>");
    // The figures a manager looks for first, above everything, after the title and date.
    if let Some(end) = body.find("</p>\n") {
        body.insert_str(end + "</p>\n".len(), &figures(&report.sections.headline));
    }
    report.sections.html_appendix(&mut body);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Lead pipeline</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// The headline as a row of figures: open leads, open and weighted pipeline, won value, won,
/// lost and the win rate.
fn figures(headline: &Headline) -> String {
    let t = &headline.totals;
    let per_currency = |value: fn(&CurrencyLine) -> f64| {
        let values: BTreeMap<String, f64> =
            headline.pipeline.iter().map(|line| (line.currency.clone(), value(line))).collect();
        html_escape(&money(&values))
    };
    let overdue = headline.pipeline.iter().any(|l| l.overdue_value > 0.0);
    let figures = [
        ("", t.open.to_string(), "open leads"),
        ("", per_currency(|l| l.open_value), "open pipeline"),
        ("lost", if overdue { per_currency(|l| l.overdue_value) } else { String::new() }, "past expected close"),
        ("", per_currency(|l| l.weighted_value), "weighted pipeline"),
        ("won", per_currency(|l| l.won_value), "won value"),
        ("won", t.won.to_string(), "won"),
        ("lost", t.lost.to_string(), "lost"),
        ("", percent(t.win_rate), "win rate"),
    ];
    let mut out = String::from("<div class=\"figures\">");
    for (class, value, label) in figures.into_iter().filter(|(_, value, _)| !value.is_empty()) {
        let class = if class.is_empty() { "figure".to_owned() } else { format!("figure {class}") };
        out.push_str(&format!("<div class=\"{class}\"><b>{value}</b><span>{label}</span></div>"));
    }
    out.push_str("</div>\n");
    out
}
