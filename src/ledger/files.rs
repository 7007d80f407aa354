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

impl WalkProblem {
    pub fn rel(&self) -> &str {
        match self {
            WalkProblem::Symlink { rel } | WalkProblem::Unreadable { rel, .. } => rel,
        }
    }
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
    walk.files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    walk.problems.sort_by(|a, b| a.rel().cmp(b.rel()));
    walk
}

/// Like [`find_lead_files`], handing each file to `visit` in the order the file system lists
/// them (sorting each folder by name cost a third of the walk) instead of keeping them all:
/// a big ledger's file list is tens of MB. Returns the problems.
pub fn visit_lead_files(
    leads_dir: &Path,
    relative: impl Fn(&Path) -> String,
    mut visit: impl FnMut(LeadFile),
) -> Vec<WalkProblem> {
    let mut problems = Vec::new();
    // The leads folder itself, or a folder above it inside the ledger, could be a link out
    // of the ledger (`leads -> /outside`); `relative` leaves paths outside the root absolute.
    let inside = |dir: &&Path| !relative(dir).is_empty() && !Path::new(&relative(dir)).is_absolute();
    if let Some(link) = leads_dir.ancestors().take_while(inside).find(|dir| is_symlink(dir)) {
        problems.push(WalkProblem::Symlink { rel: relative(link) });
        return problems;
    }
    if !leads_dir.is_dir() {
        return problems;
    }
    // walkdir builds every path as the leads folder joined with plain names, so a path
    // relative to the ledger is the folder's own plus that suffix: a ledger with 100k files
    // spent a fifth of its walk parsing path components again.
    let base = relative(leads_dir);
    let skip = leads_dir.as_os_str().len();
    let rel_of = |path: &Path| -> String {
        let suffix = path.as_os_str().as_encoded_bytes().get(skip..).and_then(|rest| rest.strip_prefix(b"/"));
        match suffix.and_then(|rest| std::str::from_utf8(rest).ok()) {
            Some(rest) if cfg!(unix) && !base.is_empty() => format!("{base}/{rest}"),
            Some(rest) if cfg!(unix) => rest.to_owned(),
            _ => relative(path),
        }
    };
    let entries = WalkDir::new(leads_dir)
        .follow_links(false)
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
        // Hidden names never get here, so `.toml` itself is not a lead file.
        let stem = entry.file_name().as_encoded_bytes().strip_suffix(b".toml");
        if entry.path_is_symlink() {
            // A linked folder could hold leads too: skipped, but never in silence.
            if stem.is_some() || entry.path().is_dir() {
                problems.push(WalkProblem::Symlink { rel: rel_of(entry.path()) });
            }
            continue;
        }
        let Some(stem) = stem else { continue };
        if entry.file_type().is_file() {
            let id = std::str::from_utf8(stem).ok().map(str::to_owned);
            visit(LeadFile { rel: rel_of(entry.path()), id, path: entry.into_path() });
        } else if !entry.file_type().is_dir() {
            let message = format!("it is {}, not a regular file", kind_of(&entry));
            problems.push(WalkProblem::Unreadable { rel: rel_of(entry.path()), message });
        }
    }
    problems
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

fn kind_of(entry: &walkdir::DirEntry) -> &'static str {
    entry.metadata().map_or("not a regular file", |meta| crate::source::kind_of(&meta))
}
