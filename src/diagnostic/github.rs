use std::io::{self, Write};

use super::{Findings, Severity};
use crate::render::Printer;

/// GitHub Actions workflow commands, which become annotations on the pull request's files.
pub struct GithubPrinter;

impl Printer<Findings> for GithubPrinter {
    fn print(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        for d in &findings.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                escape_property(&d.path),
                d.line,
                d.column,
                d.code.as_str(),
                escape_data(&message),
            )?;
        }
        writeln!(out, "{}", findings.summary())
    }
}

// The escaping rules of the Actions toolkit (`escapeData` / `escapeProperty`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(super::escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
