use std::io::{self, Write};

use serde::Serialize;

use super::{Diagnostic, Findings, Severity};
use crate::render::Printer;

/// `{"files": N, "errors": E, "warnings": W, "diagnostics": [...]}`; the contract is in docs/check.md.
pub struct JsonPrinter;

#[derive(Serialize)]
struct Document<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

impl Printer<Findings> for JsonPrinter {
    fn print(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let document = Document {
            files: findings.files_checked,
            errors: findings.count(Severity::Error),
            warnings: findings.count(Severity::Warning),
            diagnostics: &findings.diagnostics,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}
