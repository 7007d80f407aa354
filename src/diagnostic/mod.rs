//! Diagnostics: what `check` found, and one [`Printer`](crate::render::Printer) per output format.

mod github;
mod human;
mod json;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use github::GithubPrinter;
pub use human::HumanPrinter;
pub use json::JsonPrinter;

use crate::position::Position;
use crate::render::count;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Declares [`Code`] from one list of variants and their names, so `ALL`, `as_str` and the
/// JSON names cannot drift apart.
macro_rules! codes {
    ($($variant:ident => $name:literal,)+) => {
        /// The stable diagnostic codes. They are part of the JSON contract: never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code {
            $(#[serde(rename = $name)] $variant,)+
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    TomlSyntax => "toml-syntax",
    MissingField => "missing-field",
    UnknownField => "unknown-field",
    WrongType => "wrong-type",
    InvalidValue => "invalid-value",
    InvalidDate => "invalid-date",
    DateAsString => "date-as-string",
    Schema => "schema",
    InvalidId => "invalid-id",
    DuplicateId => "duplicate-id",
    FutureDate => "future-date",
    CloseBeforeSpotted => "close-before-spotted",
    ContactData => "contact-data",
    FileTooLarge => "file-too-large",
    NotUtf8 => "not-utf8",
    Unreadable => "unreadable",
    Symlink => "symlink",
    OutsideLeadsDir => "outside-leads-dir",
    CrowdedFolder => "crowded-folder",
    PossibleDuplicate => "possible-duplicate",
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Relative to the ledger root, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
    /// Byte range in the file's text, for the snippet.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// A diagnostic about a whole file (or a path), anchored at its start.
    pub fn file(path: &str, severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: Position::START.line,
            column: Position::START.column,
            severity,
            code,
            message: message.into(),
            help: None,
            span: None,
        }
    }

    /// A diagnostic pointing at `span` of `text`.
    pub fn at(
        path: &str,
        text: &str,
        span: Range<usize>,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        let position = Position::of(text, span.start);
        Diagnostic {
            line: position.line,
            column: position.column,
            span: Some(span),
            ..Diagnostic::file(path, severity, code, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Everything a `check` run found, with the text of every file a diagnostic points into.
#[derive(Debug, Default)]
pub struct Findings {
    pub files_checked: usize,
    /// Sorted by path, then position.
    pub diagnostics: Vec<Diagnostic>,
    pub sources: BTreeMap<String, Arc<str>>,
}

impl Findings {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// `checked 12 leads: 1 error, 0 warnings`
    pub fn summary(&self) -> String {
        format!(
            "checked {}: {}, {}",
            count(self.files_checked, "lead"),
            count(self.count(Severity::Error), "error"),
            count(self.count(Severity::Warning), "warning"),
        )
    }
}
