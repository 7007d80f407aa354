//! A ledger on disk: where its root is, its configuration, and its lead files.

mod document;
mod files;
pub mod paths;

use std::path::{Path, PathBuf};

pub use crate::source::{LoadError, MAX_CONFIG_SIZE, MAX_FILE_SIZE, read_source, read_text};
pub use document::{Document, ValueRef};
pub use files::{LeadFile, WalkProblem, find_lead_files, visit_lead_files};

use crate::config::{self, Config};
use crate::error::{Error, ErrorKind};

/// A ledger on disk: where it is and how it is configured.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The folder holding `leadger.toml` (or the git work tree's root).
    pub root: PathBuf,
    /// Its `leadger.toml`, or the defaults when there is none.
    pub config: Config,
}

impl Ledger {
    /// Finds the ledger that contains `start`: the nearest folder above it with a
    /// `leadger.toml`, else the root of the git work tree it is in.
    pub fn discover(start: &Path) -> Result<Ledger, Error> {
        let start = std::path::absolute(start).map_err(|source| ErrorKind::Read { path: start.to_owned(), source })?;
        if !start.exists() {
            return Err(ErrorKind::MissingPath { path: start.display().to_string() }
                .hinted("check the folder given to -C; it is read relative to the current folder"));
        }
        let root = match start.ancestors().find(|dir| dir.join(config::FILE_NAME).is_file()) {
            Some(root) => root.to_path_buf(),
            None => crate::repository::work_tree(&start)?.ok_or_else(|| {
                ErrorKind::NotALedger { start }
                    .hinted("run leadger from inside a ledger, pass -C DIR, or create one with `leadger init`")
            })?,
        };
        Ledger::open(root)
    }

    /// Opens the ledger whose root is `root`, reading its configuration.
    pub fn open(root: PathBuf) -> Result<Ledger, Error> {
        // Canonical, so paths named on the command line compare equal whatever the route.
        let root = root.canonicalize().map_err(|source| ErrorKind::Read { path: root.clone(), source })?;
        let config = Config::load(&root)?;
        Ok(Ledger { root, config })
    }

    /// The folder that holds the lead files: `leads_dir` of `leadger.toml`, under the root.
    pub fn leads_dir(&self) -> PathBuf {
        self.config.leads_dir(&self.root)
    }

    /// The ids of the lead files, sorted, each once: from file names alone, without reading a
    /// file or history, for shell completion. Names that are not ids are left out, so no
    /// contributor's file name reaches a shell as anything but an id.
    pub fn ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        files::visit_lead_files(
            &self.leads_dir(),
            |p| self.relative(p),
            |file| {
                ids.extend(file.id.filter(|id| crate::lead::is_valid_id(id)));
            },
        );
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// `path` relative to the ledger root, with `/` separators, as diagnostics show it.
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut out = String::new();
        for (i, part) in rel.components().enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(&part.as_os_str().to_string_lossy());
        }
        out
    }
}
