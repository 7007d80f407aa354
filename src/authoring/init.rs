//! `leadger init`: a new ledger's scaffold. Never overwrites; running it twice changes nothing.

use std::path::{Path, PathBuf};

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
    (".github/workflows/leadger.yml", include_str!("../../templates/workflow.yml")),
    (".github/pull_request_template.md", include_str!("../../templates/pull_request_template.md")),
    (".taplo.toml", include_str!("../../templates/taplo.toml")),
];

/// The lead schema for editors, written beside the ledger so taplo can read it offline.
pub const EDITOR_SCHEMA: &str = ".leadger/lead.schema.json";

pub fn init(dir: &Path) -> Result<InitReport, Error> {
    std::fs::create_dir_all(dir)
        .map_err(|source| ErrorKind::Write { path: dir.to_owned(), source }.hinted(crate::atomic::WRITE_HINT))?;
    let root = dir.canonicalize().map_err(|source| ErrorKind::Read { path: dir.to_owned(), source })?;
    let mut report = InitReport { root: root.clone(), ..InitReport::default() };
    let schema = serde_json::to_string_pretty(&crate::schema::builtin_json(&Pipeline::default()))
        .expect("a JSON value serialises")
        + "\n";
    // Every path is checked before anything is written, so a refusal (a link on the way,
    // even a dangling one) leaves no half-made scaffold.
    let mut planned = Vec::new();
    for (rel, content) in FILES.iter().copied().chain([(EDITOR_SCHEMA, schema.as_str())]) {
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
