//! Text for a CSV cell that a spreadsheet will open.

use std::borrow::Cow;

use super::terminal;

/// A CSV cell that a spreadsheet shows as text: one that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (`=HYPERLINK(…)`), so it gets a `'`
/// in front, as OWASP advises. A CSV file is read in terminals too (`list --format csv |
/// less`), so control characters are shown as in every human form ([`terminal`]); line
/// breaks stay, inside the quoted cell. Numbers written by leadger are not passed through here.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    // Plain ASCII text, the common case, has nothing to show differently.
    let plain = text.bytes().all(|b| b == b'\n' || (0x20..0x7f).contains(&b));
    let lines: Vec<Cow<'_, str>> = if plain { Vec::new() } else { text.split('\n').map(terminal).collect() };
    let shown: Cow<'_, str> = if plain || lines.iter().all(|l| matches!(l, Cow::Borrowed(_))) {
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
    }
}
