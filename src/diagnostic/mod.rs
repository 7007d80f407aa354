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

/// How bad a diagnostic is; in JSON `"error"` or `"warning"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The lead is wrong: `check` exits 1.
    Error,
    /// Worth a look, but `check` still passes.
    Warning,
}

/// Declares [`Code`] from one list of variants and their names, so `ALL`, `as_str` and the
/// JSON names cannot drift apart.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)+) => {
        /// The stable diagnostic codes. They are part of the JSON contract: never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)+
        }

        impl Code {
            /// Every code, in the order declared.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The code's stable name, as JSON and `--format github` show it, such as `missing-field`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    /// The file is not valid TOML (an integer past 64 bits too, which TOML forbids).
    TomlSyntax => "toml-syntax",
    /// A required field is absent, also `lost_reason` at a lost or dropped stage and `currency`
    /// beside `estimated_value`.
    MissingField => "missing-field",
    /// A field the schema does not know; the help suggests the closest known one.
    UnknownField => "unknown-field",
    /// A value of the wrong type, also one a ledger's own schema allows but the lead model cannot
    /// read.
    WrongType => "wrong-type",
    /// A value outside what the schema allows: a stage, a currency code, a tag's form, empty text…
    InvalidValue => "invalid-value",
    /// A date field that is not a date, or that carries a time.
    InvalidDate => "invalid-date",
    /// A date written in quotes, where TOML writes dates bare.
    DateAsString => "date-as-string",
    /// Any other rule of the schema, such as a ledger schema's `not` or `anyOf`.
    Schema => "schema",
    /// The file name is not a valid id: lowercase letters and digits in groups joined by single
    /// hyphens.
    InvalidId => "invalid-id",
    /// Two files share an id, in whatever folders.
    DuplicateId => "duplicate-id",
    /// `spotted_on` is after today.
    FutureDate => "future-date",
    /// `expected_close` is before `spotted_on`.
    CloseBeforeSpotted => "close-before-spotted",
    /// Email- or phone-shaped text in a value or a comment that `[privacy]` does not allow.
    ContactData => "contact-data",
    /// The file is over 1 MiB.
    FileTooLarge => "file-too-large",
    /// The file is not UTF-8 text.
    NotUtf8 => "not-utf8",
    /// The file or a folder could not be read, or a `*.toml` name is not a regular file.
    Unreadable => "unreadable",
    /// A warning: a link in the leads folder (or the folder itself being one), which is not followed.
    Symlink => "symlink",
    /// A path given to `check` that is outside `leads_dir`.
    OutsideLeadsDir => "outside-leads-dir",
    /// A warning: over 1,000 leads in one folder, which should be split by year.
    CrowdedFolder => "crowded-folder",
    /// A warning: another lead names the same client and has a similar title or summary.
    PossibleDuplicate => "possible-duplicate",
}

/// One problem `check` found, as one entry of `diagnostics` in its JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Relative to the ledger root, `/`-separated.
    pub path: String,
    /// The line it is on, from 1.
    pub line: usize,
    /// The column it starts at, from 1, counted in characters.
    pub column: usize,
    /// Whether it fails `check`.
    pub severity: Severity,
    /// The kind of problem, by its stable name.
    pub code: Code,
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it; `None` (JSON `null`) when there is nothing to add.
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

    /// The same diagnostic, with `help` saying what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Everything a `check` run found, with the text of every file a diagnostic points into.
#[derive(Debug, Default)]
pub struct Findings {
    /// How many lead files were checked (`files` in JSON).
    pub files_checked: usize,
    /// Sorted by path, then position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each file a diagnostic points into, by its path relative to the ledger root: what
    /// the snippets show.
    pub sources: BTreeMap<String, Arc<str>>,
}

impl Findings {
    /// How many diagnostics are of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether any diagnostic is an error, which makes `check` exit 1.
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
