use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Findings, Printer, Severity};

/// Compiler-style snippets with a caret under the offending key or value.
pub struct HumanPrinter {
    pub color: bool,
}

impl Printer for HumanPrinter {
    fn print(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let renderer = if self.color { Renderer::styled() } else { Renderer::plain() };
        for d in &findings.diagnostics {
            let source = findings.sources.get(&d.path);
            let group = group(d, source.map(|s| &**s));
            writeln!(out, "{}\n", renderer.render(&[group]))?;
        }
        writeln!(out, "{}", findings.summary())
    }
}

fn group<'a>(d: &'a Diagnostic, source: Option<&'a str>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&*d.message).id(d.code.as_str());
    let mut group = match (source, &d.span) {
        (Some(source), Some(span)) => {
            title.element(Snippet::source(source).path(&*d.path).annotation(AnnotationKind::Primary.span(span.clone())))
        }
        _ => title.element(Origin::path(&*d.path).line(d.line).char_column(d.column)),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(&**help));
    }
    group
}
