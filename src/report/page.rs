//! The Markdown page that sections write into, and the cells they share.

use std::collections::BTreeMap;

use crate::render::{self, GfmTable, cell};

/// A chart, drawn as Mermaid in Markdown and as SVG in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub pie: bool,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
    /// A colour per label (from [`super::palette`]), the same for a stage in every chart;
    /// empty for one neutral colour.
    pub colours: Vec<&'static str>,
}

/// The report's Markdown as it is written; charts become whatever the form wants (Mermaid
/// in Markdown, a placeholder that becomes SVG in HTML).
pub struct Page<'c> {
    out: String,
    chart: &'c mut dyn FnMut(&Chart) -> String,
}

impl<'c> Page<'c> {
    pub fn new(chart: &'c mut dyn FnMut(&Chart) -> String) -> Self {
        Page { out: String::new(), chart }
    }

    pub fn text(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A GFM table of inert cells, or a line that says there is nothing to show.
    pub fn table(&mut self, header: &[&str], align: &str, rows: Vec<Vec<String>>) {
        if rows.is_empty() {
            self.out.push_str("_None in this period._\n\n");
            return;
        }
        GfmTable::new(header, align).with_rows(rows).write_to(&mut self.out);
        self.out.push('\n');
    }

    /// A table with one line under it that says what its numbers count; the line is left out
    /// when there is no row to explain.
    pub fn explained_table(&mut self, header: &[&str], align: &str, rows: Vec<Vec<String>>, note: &str) {
        let empty = rows.is_empty();
        self.table(header, align, rows);
        if !empty {
            self.out.push_str(note);
            self.out.push_str("\n\n");
        }
    }

    pub fn chart(&mut self, chart: &Chart) {
        let text = (self.chart)(chart);
        self.out.push_str(&text);
    }

    pub fn into_text(self) -> String {
        self.out
    }
}

/// A money cell: amounts per currency, the currency escaped like any lead text.
pub fn money(values: &BTreeMap<String, f64>) -> String {
    let escaped: BTreeMap<String, f64> = values.iter().map(|(currency, value)| (cell(currency), *value)).collect();
    render::money(&escaped)
}

/// A colleague's cell: their name, and their email when the report shows emails.
pub fn person(name: &str, email: Option<&str>) -> String {
    match email {
        Some(email) => format!("{} ({})", cell(name), cell(email)),
        None => cell(name),
    }
}
