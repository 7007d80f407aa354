//! Text for a CSV cell that a spreadsheet will open.

use std::borrow::Cow;

/// A CSV cell that a spreadsheet shows as text: one that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (`=HYPERLINK(…)`), so it gets a `'`
/// in front, as OWASP advises. Numbers written by leadger are not passed through here.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
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
    }
}
