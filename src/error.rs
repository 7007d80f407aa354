//! Errors that stop a command from running at all (exit code 2).
//!
//! Problems *in* lead files are not errors: they are diagnostics, collected and reported
//! together. These are the failures that leave nothing to check.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} is not inside a ledger: no leadger.toml or git repository above it", start.display())]
    NotALedger { start: PathBuf },

    #[error("{}:{line}:{column}: {message}", path.display())]
    Config { path: PathBuf, line: usize, column: usize, message: String },

    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },

    #[error("the lead schema {} is not usable: {message}", path.display())]
    Schema { path: PathBuf, message: String },

    #[error("{path} does not exist")]
    MissingPath { path: String },

    #[error("{} is outside the ledger", path.display())]
    Outside { path: PathBuf },

    #[error("cannot use {}: {source}", path.display())]
    Load { path: PathBuf, source: crate::ledger::LoadError },

    #[error("another leadger has been writing {} for 10 seconds", path.display())]
    Locked { path: PathBuf },

    #[error("refusing to use {}: it is {what}, not a regular file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    #[error("refusing to use {}: {} is a symbolic link, and leadger never reads or writes through links", path.display(), link.display())]
    Symlink { path: PathBuf, link: PathBuf },

    #[error("cannot resolve `{rev}`: {message}")]
    UnknownRevision { rev: String, message: String },

    #[error("{message}")]
    Git { message: String },

    #[error("the history cache {} does not decode although its checksum is right", path.display())]
    DamagedCache { path: PathBuf },

    #[error("this repository is a shallow clone: its history is cut short, so credit cannot be computed")]
    Shallow,

    #[error("no lead with id `{id}`")]
    UnknownLead { id: String, suggestion: Option<String> },

    #[error("a lead with id `{id}` already exists: {path}")]
    LeadExists { id: String, path: String },

    #[error("{path} would not pass `leadger check`:\n{}", problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    InvalidLead { path: String, problems: Vec<String> },

    #[error("`{stage}` is not a stage of this ledger's pipeline")]
    UnknownStage { stage: String, stages: Vec<String>, suggestion: Option<String> },

    #[error("moving a lead to `{stage}` needs a reason")]
    NeedsReason { stage: String },

    #[error("moving `{id}` back from `{from}` to `{to}` reopens or reverses it")]
    Backwards { id: String, from: String, to: String },

    #[error("`{key}` is not a field of a lead")]
    UnknownField { key: String, suggestion: Option<String> },

    #[error("`{key}` expects {expected}, not `{value}`")]
    BadValue { key: String, value: String, expected: String },

    #[error("{0}")]
    Usage(String),

    #[error("invalid date `{value}`: {message}")]
    Date { value: String, message: String },
}

impl Error {
    /// What the user can do about it, printed after the error as `Hint: …`.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::NotALedger { .. } => {
                "run leadger from inside a ledger, pass -C DIR, or create one with `leadger init`".into()
            }
            Error::Config { .. } => {
                "every key of leadger.toml is optional; see `leadger init` for a commented example".into()
            }
            Error::Schema { .. } => {
                "fix the file named by `schema` in leadger.toml, or remove that key to use the built-in schema".into()
            }
            Error::MissingPath { .. } => "check the path; it is read relative to the current folder".into(),
            Error::Outside { .. } => "name a path inside the ledger, relative to its root and without `..`".into(),
            Error::Load { .. } => "it must be a UTF-8 text file inside the ledger, not a link, pipe or device".into(),
            Error::Locked { .. } => {
                "nothing was written; when no other leadger is running, run the command again".into()
            }
            Error::NotAFile { .. } => {
                "name a regular file (or a new one), not a link, folder, pipe or device; without --output a report \
                 goes to standard output"
                    .into()
            }
            Error::Symlink { .. } => {
                "replace the link with the real file or folder, inside the ledger: a link can lead anywhere".into()
            }
            Error::UnknownRevision { .. } => {
                "in CI, fetch the full history (actions/checkout with `fetch-depth: 0`) so the base branch exists"
                    .into()
            }
            Error::DamagedCache { .. } => {
                "run again with --no-cache, and please report it: a leadger release wrote a cache it cannot read".into()
            }
            Error::Shallow => {
                "run `git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout".into()
            }
            Error::UnknownLead { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Error::UnknownLead { .. } => "`leadger history` lists every lead id".into(),
            Error::LeadExists { .. } => {
                "give it a more specific title (the id comes from client and title), or update that lead".into()
            }
            Error::InvalidLead { .. } => "nothing was written; fix the values and run the command again".into(),
            Error::UnknownStage { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Error::UnknownStage { stages, .. } => format!("the stages are: {}", stages.join(", ")),
            Error::NeedsReason { .. } => "say why with --reason \"…\" (it becomes lost_reason)".into(),
            Error::Backwards { .. } => "if that is what happened, run the command again with --force".into(),
            Error::UnknownField { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Error::UnknownField { .. } => "see schema/lead.schema.json for the fields of a lead".into(),
            Error::BadValue { .. } => "dates are YYYY-MM-DD, lists are comma-separated".into(),
            Error::Usage(_) => "see --help".into(),
            Error::Date { .. } => "write dates as YYYY-MM-DD, for example 2026-11-03".into(),
            Error::Read { .. } | Error::Write { .. } | Error::Git { .. } => return None,
        })
    }
}

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::Git { message: format!("git: {}", e.message()) }
    }
}
