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

    #[error("cannot resolve `{rev}`: {message}")]
    UnknownRevision { rev: String, message: String },

    #[error("{message}")]
    Git { message: String },

    #[error("this repository is a shallow clone: its history is cut short, so credit cannot be computed")]
    Shallow,

    #[error("no lead with id `{id}`")]
    UnknownLead { id: String, suggestion: Option<String> },

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
            Error::UnknownRevision { .. } => {
                "in CI, fetch the full history (actions/checkout with `fetch-depth: 0`) so the base branch exists"
                    .into()
            }
            Error::Shallow => {
                "run `git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout".into()
            }
            Error::UnknownLead { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Error::UnknownLead { .. } => "`leadger history` lists every lead id".into(),
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
