//! Commits of exactly the files a command wrote, as the user's git identity. What the user had
//! staged before stays staged and out of the commit: its tree is the parent's plus those files,
//! never the whole index.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};

/// The user's git identity, from the repository's configuration when there is a repository,
/// else from the global one: checked before a command writes anything, so a missing identity
/// never leaves files written and uncommitted.
pub(crate) fn signature(repo: Option<&git2::Repository>, retry: &str) -> Result<git2::Signature<'static>, Error> {
    let from_config = || -> Result<git2::Signature<'static>, git2::Error> {
        let config = git2::Config::open_default()?;
        git2::Signature::now(&config.get_string("user.name")?, &config.get_string("user.email")?)
    };
    let found = match repo {
        Some(repo) => repo.signature().map(|s| s.to_owned()),
        None => from_config(),
    };
    found.map_err(|source| {
        ErrorKind::Git { action: "git does not know who you are".to_owned(), source }.hinted(format!(
            "nothing was written: set your name and email with `git config --global user.name \"Your Name\"` and \
             `git config --global user.email you@example.com`, then run `{retry}` again"
        ))
    })
}

/// The work tree of `repo`, canonical, and `paths` relative to it.
pub(crate) fn in_work_tree(repo: &git2::Repository, paths: &[PathBuf], command: &str) -> Result<Vec<PathBuf>, Error> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| ErrorKind::NoWorkTree.hinted(format!("run `{command}` in a clone with a work tree")))?;
    let workdir = workdir.canonicalize().map_err(|source| ErrorKind::Read { path: workdir.to_owned(), source })?;
    paths
        .iter()
        .map(|path| {
            path.strip_prefix(&workdir).map(Path::to_path_buf).map_err(|_| {
                ErrorKind::OutsideRepository { path: path.clone() }
                    .hinted("the files were written but not committed: keep the ledger inside the repository")
            })
        })
        .collect()
}

/// Commits the files at `rels` (relative to the work tree) alone on HEAD; returns the commit and
/// how many other changes were staged (and stay staged).
pub(crate) fn commit_files(
    repo: &git2::Repository,
    signature: &git2::Signature<'_>,
    rels: &[PathBuf],
    message: &str,
) -> Result<(git2::Oid, usize), git2::Error> {
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parent_tree = parent.as_ref().map(git2::Commit::tree).transpose()?;
    let mut index = repo.index()?;
    let staged = repo.diff_tree_to_index(parent_tree.as_ref(), Some(&index), None)?.deltas().len();
    let mut only_these = git2::Index::new()?;
    if let Some(tree) = &parent_tree {
        only_these.read_tree(tree)?;
    }
    for rel in rels {
        index.add_path(rel)?;
        let entry = index
            .get_path(rel, 0)
            .ok_or_else(|| git2::Error::from_str("a file just added is missing from the index"))?;
        only_these.add(&entry)?;
    }
    index.write()?;
    let tree = repo.find_tree(only_these.write_tree_to(repo)?)?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), signature, signature, message, &tree, &parents).map(|id| (id, staged))
}
