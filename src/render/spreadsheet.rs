//! Text for a CSV cell that a spreadsheet will open.

use std::borrow::Cow;

use super::line_start;

/// A CSV cell that a spreadsheet shows as text: one that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (`=HYPERLINK(…)`), so it gets a `'`
/// in front, as OWASP advises. A CSV file is read in terminals and CI logs too (`list
/// --format csv | less`), so each line of the cell is shown as in every human form
/// ([`line_start`]: control characters visible, `::` at a line's start escaped, since the
/// first column starts a row and a line break inside a quoted cell starts a line). Line
/// breaks themselves stay. Numbers written by leadger are not passed through here.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    // Plain ASCII text with no `::` or `##[`, the common case, has nothing to show differently.
    let plain =
        text.bytes().all(|b| b == b'\n' || (0x20..0x7f).contains(&b)) && !text.contains("::") && !text.contains("##[");
    let lines: Vec<Cow<'_, str>> = if plain { Vec::new() } else { text.split('\n').map(line_start).collect() };
    let shown: Cow<'_, str> = if lines.iter().all(|l| matches!(l, Cow::Borrowed(_))) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(lines.join("\n"))
    };
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{shown}")) } else { shown }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_cell;

    #[test]
    fn formulas_are_text() {
        assert_eq!(spreadsheet_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(spreadsheet_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_cell("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_cell("Acme = good"), "Acme = good");
        assert_eq!(spreadsheet_cell("=cmd \u{1b}[2J\nline2"), "'=cmd ␛[2J\nline2");
        assert_eq!(spreadsheet_cell("::error::x\n ::warning::y\nz"), "\\::error::x\n\\ ::warning::y\nz");
    }
}
