//! Aligned columns for a terminal.

use std::io::{self, Write};

use super::{line_start, terminal};

/// A table of aligned columns, two spaces apart, with no trailing spaces. Every cell goes
/// through the terminal sanitiser when it is added (the first through [`line_start`]), so
/// widths are those of what is shown.
pub struct TextTable {
    header: Vec<String>,
    /// One letter a column: `l` left, `r` right.
    align: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    pub fn new(header: &[&str], align: &str) -> Self {
        TextTable {
            header: header.iter().map(|h| terminal(h).into_owned()).collect(),
            align: align.chars().map(|a| a == 'r').collect(),
            rows: Vec::new(),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut cells = cells.into_iter();
        let first = cells.next().map(|c| line_start(c.as_ref()).into_owned());
        self.rows.push(first.into_iter().chain(cells.map(|c| terminal(c.as_ref()).into_owned())).collect());
    }

    /// Writes the table; when `width` is given, the columns in `shrink` give up their width
    /// in that order (down to their header, and at least 6) and cut text ends in `…`.
    pub fn write_to(&self, out: &mut dyn Write, width: Option<usize>, shrink: &[usize]) -> io::Result<()> {
        let chars = |s: &String| s.chars().count();
        let mut widths: Vec<usize> = (0..self.header.len())
            .map(|i| {
                self.rows.iter().filter_map(|r| r.get(i).map(chars)).chain([chars(&self.header[i])]).max().unwrap_or(0)
            })
            .collect();
        if let Some(width) = width {
            let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
            for &column in shrink {
                let over = total(&widths).saturating_sub(width);
                widths[column] = widths[column].saturating_sub(over).max(chars(&self.header[column]).max(6));
            }
        }
        for cells in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let cell = truncate(cell, *width);
                if self.align.get(i).copied().unwrap_or(false) {
                    line.push_str(&format!("{cell:>width$}"));
                } else {
                    line.push_str(&format!("{cell:<width$}"));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

fn truncate(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= width {
        return text.into();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut.into()
}

#[cfg(test)]
mod tests {
    use super::TextTable;

    fn written(table: &TextTable, width: Option<usize>) -> String {
        let mut out = Vec::new();
        table.write_to(&mut out, width, &[1]).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn aligned_and_sanitised() {
        let mut table = TextTable::new(&["who", "title", "n"], "llr");
        table.row(["Al\u{1b}[2J", "Billing platform", "12"]);
        table.row(["Bo", "x", "3"]);
        assert_eq!(
            written(&table, None),
            "who     title              n\nAl␛[2J  Billing platform  12\nBo      x                  3\n"
        );
        assert_eq!(written(&table, Some(20)), "who     title      n\nAl␛[2J  Billing…  12\nBo      x          3\n");
    }
}
