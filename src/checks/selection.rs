//! Which lead files a `check` reports on: paths named on the command line, or the files a
//! branch changed. The whole ledger is still read for cross-file checks.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{Error, ErrorKind};
use crate::ledger::Ledger;

#[derive(Debug, Default)]
pub struct Selection {
    files: BTreeSet<String>,
    /// Folder prefixes, each ending in `/`.
    folders: Vec<String>,
    /// Named paths that cannot hold leads, reported as diagnostics.
    pub problems: Vec<Diagnostic>,
}

impl Selection {
    /// Files, relative to the ledger root.
    pub fn of_files(files: impl IntoIterator<Item = String>) -> Self {
        Selection { files: files.into_iter().collect(), ..Selection::default() }
    }

    /// Paths as a user typed them, relative to `cwd`. A path outside the leads folder is a
    /// problem to report; a path that does not exist stops the run.
    pub fn of_paths(ledger: &Ledger, cwd: &Path, paths: &[impl AsRef<Path>]) -> Result<Self, Error> {
        let leads = ledger.leads_dir().canonicalize().ok();
        let mut selection = Selection::default();
        for path in paths {
            let path = path.as_ref();
            let full = cwd.join(path).canonicalize().map_err(|_| {
                ErrorKind::MissingPath { path: path.display().to_string() }
                    .hinted("check the path; it is read relative to the current folder")
            })?;
            let rel = ledger.relative(&full);
            if !leads.as_ref().is_some_and(|leads| full.starts_with(leads)) {
                let shown = if full.starts_with(&ledger.root) { rel } else { path.display().to_string() };
                selection.problems.push(
                    Diagnostic::file(
                        &shown,
                        Severity::Error,
                        Code::OutsideLeadsDir,
                        format!("{shown} is outside the leads folder `{}`", ledger.config.leads_dir),
                    )
                    .with_help(format!(
                        "lead files live below {}/; move it there or name a path inside it",
                        ledger.config.leads_dir
                    )),
                );
            } else if full.is_dir() {
                selection.folders.push(if rel.is_empty() { rel } else { rel + "/" });
            } else {
                selection.files.insert(rel);
            }
        }
        Ok(selection)
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.folders.iter().any(|f| rel.starts_with(f.as_str()))
    }
}
