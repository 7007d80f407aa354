//! GitHub-flavoured Markdown: inert cells and the table that holds them.

use std::fmt::Write;

/// Text made inert for a Markdown table cell or list item: one line, comrak's inline
/// escaping, `|` (which only tables treat specially), and the terminal sanitiser. No title,
/// client or reason can add a heading, a link, raw HTML or a column.
pub fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped = comrak::escape_commonmark_inline(&one_line).replace('|', "\\|");
    // comrak writes C0 controls as character references; what it lets through (DEL, C1
    // controls, bidirectional overrides) would still reach a terminal that shows the file.
    super::terminal(&escaped).into_owned()
}

/// A GFM table of cells already made inert with [`cell`] (or written by leadger).
pub struct GfmTable<'a> {
    header: &'a [&'a str],
    /// One letter a column: `l` left, `r` right.
    align: &'a str,
    rows: Vec<Vec<String>>,
}

impl<'a> GfmTable<'a> {
    pub fn new(header: &'a [&'a str], align: &'a str) -> Self {
        GfmTable { header, align, rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn with_rows(mut self, rows: Vec<Vec<String>>) -> Self {
        self.rows = rows;
        self
    }

    /// The header, the alignment rule and a line a row, each ending in a newline.
    pub fn write_to(&self, out: &mut String) {
        let _ = writeln!(out, "| {} |", self.header.join(" | "));
        let rule: Vec<&str> = self.align.chars().map(|a| if a == 'r' { "---:" } else { "---" }).collect();
        let _ = writeln!(out, "| {} |", rule.join(" | "));
        for row in &self.rows {
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_out() {
        assert_eq!(cell("a | b\n# heading"), "a \\| b \\# heading");
        assert!(!cell("<script>x</script> [link](javascript:x)").contains("<script>"));
        assert_eq!(cell("a\u{1b}[2J\u{9b}b"), "a&#27;\\[2J�b");
    }

    #[test]
    fn tables() {
        let mut out = String::new();
        let mut table = GfmTable::new(&["Who", "Leads"], "lr");
        table.row(vec!["Alice".into(), "2".into()]);
        table.write_to(&mut out);
        assert_eq!(out, "| Who | Leads |\n| --- | ---: |\n| Alice | 2 |\n");
    }
}
