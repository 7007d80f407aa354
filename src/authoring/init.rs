//! `leadger init`: a new ledger's scaffold. Never overwrites; running it twice changes nothing.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, ErrorKind};
use crate::ledger::paths;
use crate::pipeline::Pipeline;

/// What `init` did: files written and files that were there already (kept as they were).
#[derive(Debug, Default)]
pub struct InitReport {
    pub root: PathBuf,
    pub git_initialised: bool,
    pub written: Vec<String>,
    pub kept: Vec<String>,
}

const FILES: [(&str, &str); 5] = [
    ("leadger.toml", include_str!("../../templates/leadger.toml")),
    ("leads/README.md", include_str!("../../templates/leads-README.md")),
    (WORKFLOW_FILE, WORKFLOW_TEMPLATE),
    (".github/pull_request_template.md", include_str!("../../templates/pull_request_template.md")),
    (".taplo.toml", include_str!("../../templates/taplo.toml")),
];

/// Where the CI workflow goes in a ledger.
pub const WORKFLOW_FILE: &str = ".github/workflows/leadger.yml";
const WORKFLOW_TEMPLATE: &str = include_str!("../../templates/workflow.yml");

/// What the workflow's install step names in place of this marker: the action as `OWNER/REPO@REF`.
const ACTION_MARKER: &str = "__LEADGER_ACTION__";

/// The GitHub Action that installs leadger in a ledger's CI, as a workflow's `uses:` names it.
/// Only the characters GitHub allows in owners, repositories and refs are accepted: the value is
/// written into YAML, where anything else could change what the workflow does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    /// `OWNER/REPO`, optionally followed by `/PATH` to an action in a subfolder.
    pub repository: String,
    pub git_ref: String,
}

impl Default for ActionRef {
    /// This build's own repository (Cargo.toml's `repository`) at the tag of this version, so a
    /// ledger's CI runs the leadger that wrote its workflow.
    fn default() -> Self {
        let url = env!("CARGO_PKG_REPOSITORY");
        let repository = url.trim_end_matches('/').trim_end_matches(".git").splitn(4, '/').nth(3).unwrap_or(url);
        ActionRef { repository: repository.to_owned(), git_ref: concat!("v", env!("CARGO_PKG_VERSION")).to_owned() }
    }
}

impl FromStr for ActionRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let expected = "expected OWNER/REPO@REF, such as leadger/leadger@v1.2.0 (letters, digits, and . _ - in \
            names; / also in the ref)";
        let (repository, git_ref) = s.split_once('@').ok_or_else(|| format!("no @REF in {s:?}: {expected}"))?;
        let name_ok = |part: &str, extra: &[char]| {
            !part.is_empty()
                && !part.starts_with(['.', '-', '/'])
                && !part.contains("..")
                && part.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c) || extra.contains(&c))
        };
        let parts: Vec<&str> = repository.split('/').collect();
        if parts.len() < 2 || !parts.iter().all(|p| name_ok(p, &[])) {
            return Err(format!("{repository:?} is not OWNER/REPO: {expected}"));
        }
        if !name_ok(git_ref, &['/']) || git_ref.ends_with('/') {
            return Err(format!("{git_ref:?} is not a git ref: {expected}"));
        }
        Ok(ActionRef { repository: repository.to_owned(), git_ref: git_ref.to_owned() })
    }
}

impl fmt::Display for ActionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.repository, self.git_ref)
    }
}

/// The workflow `init` writes, installing leadger with `action`.
pub fn workflow(action: &ActionRef) -> String {
    WORKFLOW_TEMPLATE.replace(ACTION_MARKER, &action.to_string())
}

/// The lead schema for editors, written beside the ledger so taplo can read it offline.
pub const EDITOR_SCHEMA: &str = ".leadger/lead.schema.json";

/// Writes the scaffold into `dir`; the workflow installs leadger with `action`.
pub fn init(dir: &Path, action: &ActionRef) -> Result<InitReport, Error> {
    std::fs::create_dir_all(dir)
        .map_err(|source| ErrorKind::Write { path: dir.to_owned(), source }.hinted(crate::atomic::WRITE_HINT))?;
    let root = dir.canonicalize().map_err(|source| ErrorKind::Read { path: dir.to_owned(), source })?;
    let mut report = InitReport { root: root.clone(), ..InitReport::default() };
    let schema = serde_json::to_string_pretty(&crate::schema::builtin_json(&Pipeline::default()))
        .expect("a JSON value serialises")
        + "\n";
    // Every path is checked before anything is written, so a refusal (a link on the way,
    // even a dangling one) leaves no half-made scaffold.
    let workflow = workflow(action);
    let files =
        FILES.iter().map(|&(rel, content)| (rel, if rel == WORKFLOW_FILE { workflow.as_str() } else { content }));
    let mut planned = Vec::new();
    for (rel, content) in files.chain([(EDITOR_SCHEMA, schema.as_str())]) {
        let path = paths::inside(&root, Path::new(rel))?;
        if std::fs::symlink_metadata(&path).is_ok() {
            report.kept.push(rel.to_owned());
        } else {
            planned.push((rel, path, content));
        }
    }
    if git2::Repository::discover(&root).is_err() {
        git2::Repository::init_opts(&root, git2::RepositoryInitOptions::new().initial_head("main")).map_err(
            |source| ErrorKind::Git { action: format!("cannot create a git repository in {}", root.display()), source },
        )?;
        report.git_initialised = true;
    }
    for (rel, path, content) in planned {
        paths::create_dir_inside(&root, Path::new(rel).parent().unwrap_or(Path::new("")))?;
        crate::atomic::create_new(&path, content)?;
        report.written.push(rel.to_owned());
    }
    Ok(report)
}
