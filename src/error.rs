//! Errors that stop a command from running at all (exit code 2).
//!
//! Problems *in* lead files are not errors: they are diagnostics, collected and reported
//! together. These are the failures that leave nothing to check.
//!
//! An [`Error`] is what went wrong ([`ErrorKind`], which keeps the error that caused it as its
//! `source`) and what the user can do about it: hints, attached where the error is raised,
//! because only there is it known what the user was doing. The command line renders an error
//! once: the message, the chain of causes, then the hints.

use std::fmt;
use std::path::PathBuf;

/// An error with the hints that say what to do about it.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
    hints: Vec<String>,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// What the user can do about it, in the order they were attached.
    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// The error with one more hint.
    #[must_use]
    pub fn hinted(mut self, hint: impl Into<String>) -> Error {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.kind.source()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind: Box::new(kind), hints: Vec::new() }
    }
}

/// A libgit2 failure with no better words for it: reading the repository went wrong.
impl From<git2::Error> for Error {
    fn from(source: git2::Error) -> Self {
        ErrorKind::Git { action: "cannot read the git repository".to_owned(), source }.into()
    }
}

/// What stopped a command.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs, reason = "each variant's message says what it is and what its fields hold")]
pub enum ErrorKind {
    #[error("{} is not inside a ledger: no leadger.toml or git repository above it", start.display())]
    NotALedger { start: PathBuf },

    #[error("{}:{line}:{column}: {message}", path.display())]
    Config { path: PathBuf, line: usize, column: usize, message: String },

    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },

    /// A lead file that cannot be read as text, named as the user knows it.
    #[error("cannot read {path}")]
    Unreadable { path: String, source: crate::source::LoadError },

    #[error("cannot write {}", path.display())]
    Write { path: PathBuf, source: std::io::Error },

    #[error("the lead schema {} is not usable: {message}", path.display())]
    Schema { path: PathBuf, message: String },

    #[error("the lead schema {} is not valid JSON", path.display())]
    SchemaJson { path: PathBuf, source: serde_json::Error },

    #[error("{path} does not exist")]
    MissingPath { path: String },

    #[error("{} is inside the ledger at {}", dir.display(), outer.display())]
    NestedLedger { dir: PathBuf, outer: PathBuf },

    #[error("{} is not empty: the demo needs a new or empty folder", path.display())]
    NotEmpty { path: PathBuf },

    /// A path that `..` or an absolute part would take out of the ledger.
    #[error("{} is outside the ledger", path.display())]
    Outside { path: PathBuf },

    /// `leadger.toml` or a ledger's schema that cannot be read as text.
    #[error("cannot use {}", path.display())]
    Load { path: PathBuf, source: crate::source::LoadError },

    #[error("another leadger has been writing {} for 10 seconds", path.display())]
    Locked { path: PathBuf },

    #[error("refusing to use {}: it is {what}, not a regular file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    /// `link`, on the way to `path`, is a symbolic link.
    #[error("refusing to use {}: {} is a symbolic link, and leadger never reads or writes through links", path.display(), link.display())]
    Symlink { path: PathBuf, link: PathBuf },

    #[error("cannot resolve `{rev}`")]
    UnknownRevision { rev: String, source: git2::Error },

    #[error("HEAD and `{rev}` have no commit in common: this branch did not grow from it")]
    NoCommonHistory { rev: String },

    #[error("HEAD is on a branch with no commits yet")]
    NoCommits,

    #[error("{} is not in a git repository", path.display())]
    NoRepository { path: PathBuf, source: git2::Error },

    #[error("{} is a bare git repository: it has no work tree, so no lead files", path.display())]
    BareRepository { path: PathBuf },

    #[error("{} is a git repository in the {format} object format, which leadger cannot read", path.display())]
    UnsupportedObjectFormat { path: PathBuf, format: String },

    #[error("the repository is bare: it has no work tree")]
    NoWorkTree,

    #[error("{} is outside the repository's work tree", path.display())]
    OutsideRepository { path: PathBuf },

    /// A git operation that failed; `action` says which, in the user's terms.
    #[error("{action}")]
    Git { action: String, source: git2::Error },

    #[error("the history cache {} does not decode although its checksum is right", path.display())]
    DamagedCache { path: PathBuf },

    #[error(
        "this repository has {count} replace {refs} (refs/replace/): git shows a history the commits do not record",
        refs = if *count == 1 { "ref" } else { "refs" }
    )]
    ReplaceRefs { count: usize },

    #[error("this repository is a shallow clone: its history is cut short, so credit cannot be computed")]
    Shallow,

    #[error("no lead with id `{id}`")]
    UnknownLead { id: String },

    #[error("`{prefix}` starts {count} lead ids: {}", candidates.join(", "))]
    AmbiguousId { prefix: String, count: usize, candidates: Vec<String> },

    #[error("a lead with id `{id}` already exists: {path}")]
    LeadExists { id: String, path: String },

    #[error("{path} would not pass `leadger check`:\n{}", problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    InvalidLead { path: String, problems: Vec<String> },

    #[error("a new lead needs {}", flags.join(", "))]
    MissingFields { flags: Vec<String> },

    #[error("git does not know who you are: --commit needs user.name and user.email")]
    NoIdentity { source: git2::Error },

    #[error("`{name}` is not a valid branch name")]
    BadBranchName { name: String },

    #[error("a branch named `{name}` already exists")]
    BranchExists { name: String },

    #[error("--branch needs a commit to start the branch from, and this repository has none yet")]
    NoCommitToBranchFrom,

    #[error("client and title need letters or digits to make an id from")]
    NoId,

    #[error("cannot ask for the missing fields")]
    Prompt { source: std::io::Error },

    #[error("`{stage}` is not a stage of this ledger's pipeline")]
    UnknownStage { stage: String },

    #[error("`{id}` is already at `{stage}`")]
    AlreadyThere { id: String, stage: String },

    #[error("moving a lead to `{stage}` needs a reason")]
    NeedsReason { stage: String },

    #[error("moving `{id}` back from `{from}` to `{to}` reopens or reverses it")]
    Backwards { id: String, from: String, to: String },

    #[error("`{pair}` is not KEY=VALUE")]
    NotKeyValue { pair: String },

    #[error("`{key}` is not a field of a lead")]
    UnknownField { key: String },

    #[error("`{key}` expects {expected}, not `{value}`")]
    BadValue { key: String, value: String, expected: String },

    #[error("the period from {since} to {until} is empty: it ends before it starts")]
    EmptyPeriod { since: String, until: String },

    #[error("invalid date `{value}`: {message}")]
    Date { value: String, message: String },
}

impl ErrorKind {
    /// The error with a hint.
    pub fn hinted(self, hint: impl Into<String>) -> Error {
        Error::from(self).hinted(hint)
    }
}
