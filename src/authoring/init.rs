//! `leadger init`: a new ledger's scaffold. Never overwrites; running it twice changes nothing.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, ErrorKind};
use crate::ledger::paths;
use crate::pipeline::Pipeline;

/// What `init` did: files written and files that were there already (kept as they were).
#[derive(Debug)]
pub struct InitReport {
    /// The ledger's folder (canonical), where the files were written.
    pub root: PathBuf,
    /// Whether `init` created a git repository, none being found in the folder or above it.
    pub git_initialised: bool,
    /// The files written, relative to the ledger root.
    pub written: Vec<String>,
    /// The files that were there already and were left as they were, relative to the ledger root.
    pub kept: Vec<String>,
    /// The branch whose pushes the workflow checks.
    pub branch: DefaultBranch,
    /// The commit of the written files, with `commit`.
    pub commit: Option<git2::Oid>,
    /// Changes that were staged before and are left staged, out of that commit.
    pub other_staged: usize,
}

/// The repository's main line, where the workflow checks every lead and writes the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultBranch {
    /// The branch name, such as `main`, as the workflow's `push:` trigger names it.
    pub name: String,
    /// Where the name was found.
    pub source: BranchSource,
}

/// Where [`DefaultBranch`] was found, for `init` to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchSource {
    /// `origin/HEAD`: the branch the remote names as its default.
    OriginHead,
    /// The branch checked out (or about to get its first commit).
    Current,
    /// Neither gave a branch the workflow can name: `main`.
    Fallback,
}

/// What the workflow's `push:` trigger names in place of this marker.
const BRANCH_MARKER: &str = "__LEADGER_BRANCH__";

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
    /// The tag, branch or commit after the `@`, such as `v1.2.0`.
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

/// The workflow `init` writes, installing leadger with `action` and checking every lead on pushes
/// to `branch` (a name `init` accepted as the default branch).
pub fn workflow_yaml(action: &ActionRef, branch: &str) -> String {
    WORKFLOW_TEMPLATE.replace(ACTION_MARKER, &action.to_string()).replace(BRANCH_MARKER, branch)
}

/// Whether `name` can go into the workflow as it is: a valid branch name made only of characters
/// that neither YAML nor GitHub's branch filters (`*`, `+`, `!`, `[]`…) read as syntax. A branch
/// is a contributor's text too; anything else falls back to the next candidate.
fn plain_branch(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '.', '/'])
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && git2::Branch::name_is_valid(name).unwrap_or(false)
}

/// The repository's default branch: the one `origin/HEAD` points to, else the current one (a
/// branch without commits yet counts), else `main`.
fn default_branch(repo: &git2::Repository) -> DefaultBranch {
    let target = |reference: &str, prefix: &str| -> Option<String> {
        let reference = repo.find_reference(reference).ok()?;
        let name = reference.symbolic_target().ok()??.strip_prefix(prefix)?.to_owned();
        plain_branch(&name).then_some(name)
    };
    if let Some(name) = target("refs/remotes/origin/HEAD", "refs/remotes/origin/") {
        return DefaultBranch { name, source: BranchSource::OriginHead };
    }
    if let Some(name) = target("HEAD", "refs/heads/") {
        return DefaultBranch { name, source: BranchSource::Current };
    }
    DefaultBranch { name: "main".to_owned(), source: BranchSource::Fallback }
}

/// The ledger that `dir` would be nested in: a folder above it, in the same git work tree, with
/// a `leadger.toml`, or that work tree's root with a leads folder (a ledger needs no config).
/// GitHub reads workflows only at a repository's root, and leadger reads the nearest ledger, so
/// a ledger inside another splits the leads and never runs its CI.
fn outer_ledger(dir: &Path) -> Option<PathBuf> {
    let existing = dir.ancestors().find(|d| d.exists())?.canonicalize().ok()?;
    let work_tree =
        git2::Repository::discover(&existing).ok().and_then(|repo| repo.workdir().and_then(|w| w.canonicalize().ok()));
    let default_leads = crate::config::Config::default().leads_dir;
    let above = if dir.exists() { existing.parent()? } else { existing.as_path() };
    above
        .ancestors()
        .take_while(|d| work_tree.as_deref().is_none_or(|w| d.starts_with(w)))
        .find(|d| {
            d.join(crate::config::FILE_NAME).is_file()
                || (work_tree.as_deref() == Some(*d) && d.join(&default_leads).is_dir())
        })
        .map(Path::to_path_buf)
}

/// The lead schema for editors, written beside the ledger so taplo can read it offline.
pub const EDITOR_SCHEMA: &str = ".leadger/lead.schema.json";

/// The message of the commit `init --commit` makes.
const COMMIT_MESSAGE: &str = "Start the lead ledger\n\nThe scaffold written by `leadger init`.\n";

/// Writes the scaffold into `dir`; the workflow installs leadger with `action`. With `commit`,
/// commits the files written (and nothing else) as the user's git identity, which is checked
/// before anything is written.
pub fn init(dir: &Path, action: &ActionRef, commit: bool) -> Result<InitReport, Error> {
    let dir = std::path::absolute(dir).map_err(|source| ErrorKind::Read { path: dir.to_owned(), source })?;
    if let Some(outer) = outer_ledger(&dir) {
        return Err(ErrorKind::NestedLedger { dir: dir.clone(), outer: outer.clone() }.hinted(format!(
            "leadger works from any folder inside {}: run it there; for a separate ledger, run `leadger init` in a \
             folder outside it (GitHub reads workflows only at a repository's root)",
            outer.display()
        )));
    }
    let existing_repo = dir.ancestors().find(|d| d.exists()).and_then(|d| git2::Repository::discover(d).ok());
    let signature = if commit {
        Some(super::commit::signature(existing_repo.as_ref(), "run `leadger init --commit` again")?)
    } else {
        None
    };
    // A repository that init makes starts on `main`.
    let branch = existing_repo
        .as_ref()
        .map_or(DefaultBranch { name: "main".to_owned(), source: BranchSource::Current }, default_branch);
    let dir = dir.as_path();
    std::fs::create_dir_all(dir)
        .map_err(|source| ErrorKind::Write { path: dir.to_owned(), source }.hinted(crate::atomic::WRITE_HINT))?;
    let root = dir.canonicalize().map_err(|source| ErrorKind::Read { path: dir.to_owned(), source })?;
    let mut report = InitReport {
        root: root.clone(),
        git_initialised: false,
        written: Vec::new(),
        kept: Vec::new(),
        branch,
        commit: None,
        other_staged: 0,
    };
    let schema = serde_json::to_string_pretty(&crate::schema::builtin_json(&Pipeline::default()))
        .expect("a JSON value serialises")
        + "\n";
    // Every path is checked before anything is written, so a refusal (a link on the way,
    // even a dangling one) leaves no half-made scaffold.
    let workflow = workflow_yaml(action, &report.branch.name);
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
    if let (Some(signature), false) = (signature, report.written.is_empty()) {
        let repo = crate::history::open_repository(&root)?;
        let written: Vec<PathBuf> = report.written.iter().map(|rel| root.join(rel)).collect();
        let rels = super::commit::in_work_tree(&repo, &written, "leadger init --commit")?;
        let (id, staged) = super::commit::commit_files(&repo, &signature, &rels, COMMIT_MESSAGE).map_err(|source| {
            ErrorKind::Git { action: "cannot commit the scaffold".to_owned(), source }
                .hinted("the files were written but not committed: commit them with git")
        })?;
        (report.commit, report.other_staged) = (Some(id), staged);
    }
    Ok(report)
}
