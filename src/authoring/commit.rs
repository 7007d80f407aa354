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
    let signature = repo.signature().map_err(|source| {
        ErrorKind::NoIdentity { source }.hinted(format!(
            "{NOTHING_WRITTEN}: tell git who you are with `git config --global user.name \"Your Name\"` and \
             `git config --global user.email you@example.com`, then run the command again"
        ))
    })?;
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
        let content = std::fs::read(self.repo.workdir().unwrap_or(Path::new(".")).join(&self.rel))
            .map_err(|source| ErrorKind::Read { path: self.rel.clone(), source })?;
        let make = || -> Result<git2::Oid, git2::Error> {
            let blob = self.repo.blob(&content)?;
            let base = parent.as_ref().map(git2::Commit::tree).transpose()?;
            let parts: Vec<&str> = self.rel.iter().filter_map(|p| p.to_str()).collect();
            let tree = self.repo.find_tree(with_file(&self.repo, base.as_ref(), &parts, blob)?)?;
            let mut message = subject.to_owned();
            if !self.co_authors.is_empty() {
                message.push('\n');
                for co in &self.co_authors {
                    message.push_str(&format!("\nCo-authored-by: {co}"));
                }
            }
            message.push('\n');
            let parents: Vec<&git2::Commit> = parent.iter().collect();
            let oid = self.repo.commit(Some("HEAD"), &self.signature, &self.signature, &message, &tree, &parents)?;
            let mut index = self.repo.index()?;
            index.add_path(&self.rel)?;
            index.write()?;
            Ok(oid)
        };
        make().map_err(failed)
    }
}

/// `base` with the blob `blob` at `parts` (a path, one folder at a time), as a new tree.
fn with_file(
    repo: &Repository,
    base: Option<&git2::Tree>,
    parts: &[&str],
    blob: git2::Oid,
) -> Result<git2::Oid, git2::Error> {
    let mut builder = repo.treebuilder(base)?;
    match parts {
        [] => return Err(git2::Error::from_str("an empty path")),
        [file] => {
            builder.insert(file, blob, 0o100_644)?;
        }
        [folder, rest @ ..] => {
            let sub = match base.and_then(|t| t.get_name(folder)) {
                Some(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Some(repo.find_tree(entry.id())?),
                _ => None,
            };
            let oid = with_file(repo, sub.as_ref(), rest, blob)?;
            builder.insert(folder, oid, 0o040_000)?;
        }
    }
    builder.write()
}
