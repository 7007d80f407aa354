//! The report as GitHub-flavoured Markdown, with Mermaid charts.
//!
//! Every piece of lead text goes through [`crate::render::cell`], so no title, client or
//! reason can add a heading, a link, raw HTML or a column.

use std::fmt::Write;

use super::Report;
use super::page::{Chart, Page};

/// Mermaid source for a chart. Labels are stage names (from leadger.toml) and months, never
/// lead text; they are still quoted with [`mermaid_text`], since the config is hostile input too.
pub fn mermaid(chart: &Chart) -> String {
    let mut out = String::from("```mermaid\n");
    if chart.pie {
        // Mermaid draws slices largest first and colours them in that order: list them so.
        let mut order: Vec<usize> = (0..chart.values.len().min(chart.labels.len())).collect();
        order.sort_by(|a, b| chart.values[*b].total_cmp(&chart.values[*a]));
        if !chart.colours.is_empty() {
            let slices: Vec<String> = order
                .iter()
                .enumerate()
                .filter_map(|(n, i)| Some(format!("\"pie{}\": \"{}\"", n + 1, chart.colours.get(*i)?)))
                .collect();
            let _ = writeln!(out, "%%{{init: {{\"themeVariables\": {{{}}}}}}}%%", slices.join(", "));
        }
        let _ = writeln!(out, "pie title {}", mermaid_text(&chart.title));
        for i in order {
            let _ = writeln!(out, "    \"{}\" : {}", mermaid_text(&chart.labels[i]), chart.values[i]);
        }
    } else {
        let _ = writeln!(out, "xychart-beta\n    title \"{}\"", mermaid_text(&chart.title));
        let labels: Vec<String> = chart.labels.iter().map(|l| format!("\"{}\"", mermaid_text(l))).collect();
        let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
        // From zero, always: an axis from 8 to 9 makes a month of 8 leads look empty.
        let max = chart.values.iter().copied().fold(0.0_f64, f64::max).ceil().max(1.0);
        let _ = writeln!(out, "    y-axis 0 --> {max}");
        let values: Vec<String> = chart.values.iter().map(|v| format!("{}", v.round())).collect();
        let _ = writeln!(out, "    bar [{}]", values.join(", "));
    }
    out.push_str("```\n\n");
    out
}

/// Text inside a quoted Mermaid label: quotes, backticks, `#` and markup become Mermaid's
/// entity codes (`#quot;`), and control characters spaces, so that no label can end the quote,
/// the line or the code fence.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '`' | '#' | '<' | '>' | '&' | ';' | '\\' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::{Chart, mermaid};

    #[test]
    fn bars_start_at_zero_and_labels_stay_labels() {
        let chart = Chart {
            title: "New leads per month".into(),
            pie: false,
            labels: vec!["2026-01".into(), "a\"]\n```\n# x".into()],
            values: vec![8.0, 9.0],
            colours: Vec::new(),
        };
        assert_eq!(
            mermaid(&chart),
            "```mermaid\nxychart-beta\n    title \"New leads per month\"\n    x-axis [\"2026-01\", \"a#34;] #96;#96;#96; #35; x\"]\n    \
             y-axis 0 --> 9\n    bar [8, 9]\n```\n\n"
        );
    }
}
