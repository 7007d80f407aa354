//! The day a report is as of, taken from the repository so that the report is a function of
//! it: a committed report stays current until the ledger changes, not until midnight.

use std::path::Path;

use git2::{Commit, Oid, Repository, StatusOptions};
use jiff::civil::Date;

use crate::attribution::utc_day;
use crate::error::Error;
use crate::ledger::Ledger;

/// The author date (UTC) of the last commit that changed the ledger — its lead files or
/// `leadger.toml` — on the first-parent line of `rev`, or of HEAD. A commit that changes
/// nothing else (a regenerated `REPORT.md`) does not move it, so a report committed on
/// another day than the leads stays current.
///
/// Without `rev`, uncommitted changes to the ledger are part of the report, so it is as of
/// `today`; so is a ledger outside git or in a repository with no commit yet.
pub fn report_as_of(ledger: &Ledger, rev: Option<&str>, today: Date) -> Result<Date, Error> {
    let Ok(repo) = Repository::discover(&ledger.root) else { return Ok(today) };
    let commit = match repo.revparse_single(rev.unwrap_or("HEAD")).and_then(|o| o.peel_to_commit()) {
        Ok(commit) => commit,
        Err(_) if rev.is_none() => return Ok(today),
        Err(e) => return Err(e.into()),
    };
    let Some(workdir) = repo.workdir().and_then(|w| w.canonicalize().ok()) else { return Ok(today) };
    let paths: Vec<String> = [ledger.leads_dir(), ledger.root.join(crate::config::FILE_NAME)]
        .iter()
        .filter_map(|p| relative(p, &workdir))
        .collect();
    if rev.is_none() && has_uncommitted_changes(&repo, &paths)? {
        return Ok(today);
    }
    Ok(utc_day(last_change(commit, &paths)?.author().when().seconds()))
}

/// `path` relative to the work tree, `/`-separated, as git names it.
fn relative(path: &Path, workdir: &Path) -> Option<String> {
    let rel = path.strip_prefix(workdir).ok()?;
    Some(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}

/// The newest commit from `commit` down its first parents whose `paths` differ from its
/// parent's; the oldest commit when none do.
fn last_change<'r>(mut commit: Commit<'r>, paths: &[String]) -> Result<Commit<'r>, Error> {
    let ids = |commit: &Commit| -> Result<Vec<Option<Oid>>, Error> {
        let tree = commit.tree()?;
        Ok(paths.iter().map(|p| tree.get_path(Path::new(p)).ok().map(|e| e.id())).collect())
    };
    let mut mine = ids(&commit)?;
    // A shallow clone's oldest commit has parents that are not there: it is as far as we see.
    while let Ok(parent) = commit.parent(0) {
        let theirs = ids(&parent)?;
        if theirs != mine {
            break;
        }
        (commit, mine) = (parent, theirs);
    }
    Ok(commit)
}

/// Whether `paths` differ from HEAD, in the index or the work tree, untracked files included.
fn has_uncommitted_changes(repo: &Repository, paths: &[String]) -> Result<bool, Error> {
    if paths.is_empty() {
        return Ok(false);
    }
    let mut options = StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true).include_ignored(false).exclude_submodules(true);
    options.disable_pathspec_match(true);
    for path in paths {
        options.pathspec(path);
    }
    Ok(!repo.statuses(Some(&mut options))?.is_empty())
}
