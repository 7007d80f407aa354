//! Lead files a branch touched: what a pull request's `check` should report on.

use git2::{Delta, DiffOptions};

use crate::error::{Error, ErrorKind};
use crate::ledger::Ledger;

/// Lead files added or changed between the merge base of `rev` and HEAD and the working
/// tree — committed, staged or not, and untracked — relative to the ledger root.
pub fn changed_lead_files(ledger: &Ledger, rev: &str) -> Result<Vec<String>, Error> {
    let repo = super::open_repository(&ledger.root)?;
    let unknown = |source| ErrorKind::UnknownRevision { rev: rev.to_owned(), source }.hinted(super::FETCH_HINT);
    let base = repo.revparse_single(rev).and_then(|o| o.peel_to_commit()).map_err(unknown)?;
    let head = crate::repository::head_commit(&repo)?;
    let merge_base = crate::repository::merge_base(&repo, rev, base.id(), head.id())?;
    let tree = repo.find_commit(merge_base)?.tree()?;

    let workdir = repo
        .workdir()
        .ok_or_else(|| ErrorKind::NoWorkTree.hinted("run `check --changed-since` in a clone with a work tree"))?
        .canonicalize()
        .map_err(|source| ErrorKind::Read { path: ledger.root.clone(), source })?;
    let leads = ledger.leads_dir();
    let pathspec = leads.strip_prefix(&workdir).unwrap_or(&leads);
    let mut options = DiffOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true);
    if !pathspec.as_os_str().is_empty() {
        options.pathspec(pathspec);
    }
    let diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))?;
    let mut files: Vec<String> = diff
        .deltas()
        .filter(|d| d.status() != Delta::Deleted)
        .filter_map(|d| d.new_file().path().map(|p| ledger.relative(&workdir.join(p))))
        .collect();
    files.sort();
    files.dedup();
    Ok(files)
}
