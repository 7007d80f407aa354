//! `--commit`: one lead file committed as the user's git identity, on a new branch if asked.
//!
//! Everything that can refuse (no repository, no identity, a branch that exists, a file
//! outside the work tree) is checked by [`prepare`] before the caller writes anything, so a
//! refused run leaves nothing on disk. The commit holds that lead's path alone, on top of
//! HEAD: whatever else is staged stays staged, and uncommitted.

use std::path::{Path, PathBuf};

use git2::{BranchType, Repository, Signature};

use crate::error::{Error, ErrorKind};
use crate::ledger::Ledger;

/// What `--commit` adds when it commits a written lead file: co-authors, and a branch to commit on.
#[derive(Debug, Default, Clone)]
pub struct CommitOptions {
    /// `Name <email>` of colleagues who spotted it too: `Co-authored-by:` trailers.
    pub co_authors: Vec<String>,
    /// A branch to create and switch to before committing.
    pub branch: Option<String>,
}

/// A commit that can be made: the repository, who makes it, and where the file goes in it.
pub(crate) struct Prepared {
    repo: Repository,
    signature: Signature<'static>,
    /// The lead's path inside the work tree.
    rel: PathBuf,
    branch: Option<String>,
    co_authors: Vec<String>,
}

const NOTHING_WRITTEN: &str = "nothing was written";

/// Checks that `path` (which may not exist yet) can be committed as `options` say.
pub(crate) fn prepare(ledger: &Ledger, path: &Path, options: &CommitOptions) -> Result<Prepared, Error> {
    let repo = crate::history::open_repository(&ledger.root)?;
    let workdir = repo.workdir().ok_or_else(|| {
        ErrorKind::NoWorkTree.hinted("run the command in a clone with a work tree, or without --commit")
    })?;
    let workdir = workdir.canonicalize().map_err(|source| ErrorKind::Read { path: workdir.to_owned(), source })?;
    let rel = path
        .strip_prefix(&workdir)
        .map_err(|_| {
            ErrorKind::OutsideRepository { path: path.to_owned() }.hinted(format!(
                "{NOTHING_WRITTEN}: keep the leads folder inside the repository, or run without --commit"
            ))
        })?
        .to_owned();
    let signature = signature(Some(&repo), "run the command again")?;
    if let Some(name) = &options.branch {
        check_new_branch(&repo, name)?;
    }
    Ok(Prepared {
        repo,
        signature: signature.to_owned(),
        rel,
        branch: options.branch.clone(),
        co_authors: options.co_authors.clone(),
    })
}

fn check_new_branch(repo: &Repository, name: &str) -> Result<(), Error> {
    if !git2::Branch::name_is_valid(name).unwrap_or(false) {
        return Err(ErrorKind::BadBranchName { name: name.to_owned() }
            .hinted(format!("{NOTHING_WRITTEN}: use letters, digits, `-` and `/`, such as lead/acme-billing")));
    }
    if repo.find_branch(name, BranchType::Local).is_ok() {
        return Err(ErrorKind::BranchExists { name: name.to_owned() }.hinted(format!(
            "{NOTHING_WRITTEN}: choose another name, or switch to it with `git switch {name}` and run the \
             command again without --branch"
        )));
    }
    if repo.head().and_then(|h| h.peel_to_commit()).is_err() {
        return Err(ErrorKind::NoCommitToBranchFrom
            .hinted(format!("{NOTHING_WRITTEN}: make a first commit, or run without --branch")));
    }
    Ok(())
}

impl Prepared {
    /// How many changes are staged now: they stay staged, out of the commit, and the user
    /// is told so.
    pub(crate) fn other_staged(&self) -> Result<usize, Error> {
        let count = || -> Result<usize, git2::Error> {
            let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
            let base = parent.as_ref().map(git2::Commit::tree).transpose()?;
            let index = self.repo.index()?;
            let diff = self.repo.diff_tree_to_index(base.as_ref(), Some(&index), None)?;
            Ok(diff.deltas().filter(|d| d.new_file().path() != Some(self.rel.as_path())).count())
        };
        count().map_err(|source| ErrorKind::Git { action: "cannot read the index".to_owned(), source }.into())
    }

    /// Commits the file as it is now on disk, after switching to the new branch if one was
    /// asked for, and stages it so that `git status` shows it committed.
    pub(crate) fn commit(self, subject: &str) -> Result<git2::Oid, Error> {
        let shown = self.rel.display().to_string();
        let failed = |source| {
            ErrorKind::Git { action: format!("cannot commit {shown}"), source }
                .hinted("the file was written but not committed: commit it with git")
        };
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        if let (Some(name), Some(head)) = (&self.branch, &parent) {
            // The new branch points at HEAD's commit, so the work tree stays as it is.
            let branch = self.repo.branch(name, head, false).map_err(failed)?;
            let refname = branch.get().name().unwrap_or_default().to_owned();
            self.repo.set_head(&refname).map_err(failed)?;
        }
        let mut message = subject.to_owned();
        if !self.co_authors.is_empty() {
            message.push('\n');
            for co in &self.co_authors {
                message.push_str(&format!("\nCo-authored-by: {co}"));
            }
        }
        message.push('\n');
        commit_files(&self.repo, &self.signature, std::slice::from_ref(&self.rel), &message)
            .map(|(oid, _)| oid)
            .map_err(failed)
    }
}

/// The user's git identity, from the repository's configuration when there is a repository,
/// else from the global one: checked before a command writes anything, so a missing identity
/// never leaves files written and uncommitted. `retry` says how to try again.
pub(crate) fn signature(repo: Option<&Repository>, retry: &str) -> Result<Signature<'static>, Error> {
    let from_config = || -> Result<Signature<'static>, git2::Error> {
        let config = git2::Config::open_default()?;
        Signature::now(&config.get_string("user.name")?, &config.get_string("user.email")?)
    };
    let found = match repo {
        Some(repo) => repo.signature().map(|s| s.to_owned()),
        None => from_config(),
    };
    found.map_err(|source| {
        ErrorKind::NoIdentity { source }.hinted(format!(
            "{NOTHING_WRITTEN}: tell git who you are with `git config --global user.name \"Your Name\"` and \
             `git config --global user.email you@example.com`, then {retry}"
        ))
    })
}

/// The work tree of `repo`, canonical, and `paths` relative to it.
pub(crate) fn in_work_tree(repo: &Repository, paths: &[PathBuf], command: &str) -> Result<Vec<PathBuf>, Error> {
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

/// Commits the files at `rels` (relative to the work tree, as they are on disk, with their
/// modes) alone on HEAD; returns the commit and how many other changes were staged. Those stay
/// staged and out of it: the commit's tree is the parent's plus those files, never the index.
pub(crate) fn commit_files(
    repo: &Repository,
    signature: &Signature<'_>,
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
