//! Charts as inline SVG for the HTML report: no script, no network.

use std::fmt::Write;

use super::page::Chart;
// Labels are stage names and months, escaped all the same.
use super::palette::NEUTRAL;
use crate::render::{amount, html_escape};

/// A horizontal bar chart (a pie is drawn as bars too: easier to read, same numbers).
pub fn svg(chart: &Chart) -> String {
    let row = 22;
    let label_width = 110;
    let bar_width = 360.0;
    let height = 30 + row * chart.labels.len();
    let max = chart.values.iter().cloned().fold(0.0_f64, f64::max).max(1.0);
    let mut out = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"{height}\" viewBox=\"0 0 560 {height}\" role=\"img\" aria-label=\"{}\">\
         <text x=\"0\" y=\"16\" font-weight=\"bold\">{}</text>",
        html_escape(&chart.title),
        html_escape(&chart.title)
    );
    for (i, (label, value)) in chart.labels.iter().zip(&chart.values).enumerate() {
        let y = 28 + i * row;
        let width = (value / max * bar_width).max(1.0);
        let colour = chart.colours.get(i).copied().unwrap_or(NEUTRAL);
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"{label_width}\" y=\"{y}\" width=\"{width:.1}\" height=\"16\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{}\">{}</text>",
            y + 13,
            html_escape(label),
            label_width as f64 + width + 6.0,
            y + 13,
            amount(*value)
        );
    }
    out.push_str("</svg></figure>");
    out
}
