//! Finding the lead files below `leads_dir`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A `*.toml` file below the leads folder.
#[derive(Debug, Clone)]
pub struct LeadFile {
    pub path: PathBuf,
    /// Relative to the ledger root, `/`-separated.
    pub rel: String,
    /// The file stem, which is the lead's id; `None` when the name is not UTF-8.
    pub id: Option<String>,
}

/// Something the walk could not follow, reported but never fatal.
#[derive(Debug)]
pub enum WalkProblem {
    /// Symlinks are not followed: a lead must live in the ledger's own history.
    Symlink {
        rel: String,
    },
    Unreadable {
        rel: String,
        message: String,
    },
}

#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted by `rel`, so every output is stable.
    pub files: Vec<LeadFile>,
    pub problems: Vec<WalkProblem>,
}

/// Every `*.toml` file below `leads_dir`, recursively; hidden folders are skipped and
/// symlinks are reported rather than followed. A missing leads folder is an empty ledger.
pub fn find_lead_files(leads_dir: &Path, relative: impl Fn(&Path) -> String) -> Walk {
    let mut files = Vec::new();
    let mut walk = Walk { problems: visit_lead_files(leads_dir, relative, |file| files.push(file)), files };
    walk.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    walk
}

/// Like [`find_lead_files`], handing each file to `visit` in walk order instead of keeping
/// them all: a big ledger's file list is tens of MB. Returns the problems.
pub fn visit_lead_files(
    leads_dir: &Path,
    relative: impl Fn(&Path) -> String,
    mut visit: impl FnMut(LeadFile),
) -> Vec<WalkProblem> {
    let mut problems = Vec::new();
    if !leads_dir.is_dir() {
        return problems;
    }
    let entries = WalkDir::new(leads_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let rel = e.path().map(&relative).unwrap_or_default();
                let message = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                problems.push(WalkProblem::Unreadable { rel, message });
                continue;
            }
        };
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        if entry.path_is_symlink() {
            problems.push(WalkProblem::Symlink { rel: relative(path) });
        } else if entry.file_type().is_file() {
            visit(LeadFile {
                rel: relative(path),
                id: path.file_stem().and_then(|s| s.to_str()).map(str::to_owned),
                path: path.to_owned(),
            });
        }
    }
    problems
}
