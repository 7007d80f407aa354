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

    /// Writes the table. When `width` is given and the table is wider, the columns in `drop`
    /// are left out in that order until it fits, since a whole title is worth more than a
    /// column of extras; then the columns in `shrink` give up their width in that order, each
    /// down to the least width given with it (never below its header, nor 6), and cut text
    /// ends in `…`. A column may be listed twice: first down to a width that keeps it useful,
    /// and later, after others have given theirs, further. Columns that do not exist are
    /// ignored.
    pub fn write_to(
        &self,
        out: &mut dyn Write,
        width: Option<usize>,
        drop: &[usize],
        shrink: &[(usize, usize)],
    ) -> io::Result<()> {
        let chars = |s: &String| s.chars().count();
        let mut widths: Vec<Option<usize>> = (0..self.header.len())
            .map(|i| self.rows.iter().filter_map(|r| r.get(i).map(chars)).chain([chars(&self.header[i])]).max())
            .collect();
        if let Some(width) = width {
            let total = |w: &[Option<usize>]| {
                let shown: Vec<usize> = w.iter().flatten().copied().collect();
                shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
            };
            for &column in drop {
                if total(&widths) > width
                    && let Some(shown) = widths.get_mut(column)
                {
                    *shown = None;
                }
            }
            for &(column, least) in shrink {
                let over = total(&widths).saturating_sub(width);
                if let Some(Some(w)) = widths.get_mut(column) {
                    let least = least.max(chars(&self.header[column])).max(6);
                    if *w > least {
                        *w = w.saturating_sub(over).max(least);
                    }
                }
            }
        }
        for cells in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            let shown = cells.iter().zip(&widths).enumerate().filter_map(|(i, (c, w))| Some((i, (c, (*w)?))));
            for (n, (i, (cell, width))) in shown.enumerate() {
                if n > 0 {
                    line.push_str("  ");
                }
                let width = &width;
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
        table.write_to(&mut out, width, &[], &[(1, 0)]).unwrap();
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

    #[test]
    fn columns_are_dropped_before_text_is_cut() {
        let mut table = TextTable::new(&["id", "title", "client", "owner"], "llll");
        table.row(["a", "Billing platform", "Acme Corp", "Dana Account"]);
        let fitted = |width| {
            let mut out = Vec::new();
            table.write_to(&mut out, Some(width), &[3, 2, 7], &[(1, 0), (9, 0)]).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            fitted(50),
            "id  title             client     owner\na   Billing platform  Acme Corp  Dana Account\n"
        );
        assert_eq!(fitted(31), "id  title             client\na   Billing platform  Acme Corp\n");
        assert_eq!(fitted(20), "id  title\na   Billing platform\n");
        assert_eq!(fitted(12), "id  title\na   Billing…\n");
    }
}
