use std::borrow::Cow;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Findings, Severity};
use crate::render::{Printer, terminal};

/// Compiler-style snippets with a caret under the offending key or value.
pub struct HumanPrinter {
    /// Colour the output with terminal escapes (`--color`).
    pub color: bool,
}

impl Printer<Findings> for HumanPrinter {
    fn print(&self, findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
        let renderer = if self.color { Renderer::styled() } else { Renderer::plain() };
        for d in &findings.diagnostics {
            let source = findings.sources.get(&d.path);
            // The snippet's source lines are shown through the same control pictures by
            // annotate-snippets; what it does not render itself goes through the sanitiser.
            let text = Sanitised {
                path: terminal(&d.path),
                message: terminal(&d.message),
                help: d.help.as_deref().map(terminal),
            };
            let group = group(d, &text, source.map(|s| &**s));
            writeln!(out, "{}\n", renderer.render(&[group]))?;
        }
        writeln!(out, "{}", findings.summary())
    }
}

struct Sanitised<'a> {
    path: Cow<'a, str>,
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
}

fn group<'a>(d: &'a Diagnostic, text: &'a Sanitised<'a>, source: Option<&'a str>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&*text.message).id(d.code.as_str());
    let mut group = match (source, &d.span) {
        (Some(source), Some(span)) => title
            .element(Snippet::source(source).path(&*text.path).annotation(AnnotationKind::Primary.span(span.clone()))),
        _ => title.element(Origin::path(&*text.path).line(d.line).char_column(d.column)),
    };
    if let Some(help) = &text.help {
        group = group.element(Level::HELP.message(&**help));
    }
    group
}
