//! The git repository a folder is in, and why it cannot be used when there is one that
//! leadger cannot read: a bare repository has no lead files to read, and libgit2 reads only
//! SHA-1 repositories.

use std::path::{Path, PathBuf};

use git2::Repository;

use crate::error::{Error, ErrorKind};

/// The repository holding `start`, or an error that says what is wrong with the one there.
pub fn discover(start: &Path) -> Result<Repository, Error> {
    Repository::discover(start).map_err(|source| {
        unreadable(start).unwrap_or_else(|| {
            ErrorKind::NoRepository { path: start.to_owned(), source }
                .hinted("run leadger inside a clone of the ledger's git repository, or make one with `git init`")
        })
    })
}

/// The work tree of the repository holding `start`: `Ok(None)` when there is no repository
/// at all, an error when there is one leadger cannot use as a ledger.
pub fn work_tree(start: &Path) -> Result<Option<PathBuf>, Error> {
    match Repository::discover(start) {
        Ok(repo) => match repo.workdir() {
            Some(workdir) => Ok(Some(workdir.to_owned())),
            // Without the trailing `/` libgit2 gives a repository's folder.
            None => Err(bare(&repo.path().components().collect::<PathBuf>())),
        },
        Err(_) => unreadable(start).map_or(Ok(None), Err),
    }
}

fn bare(git_dir: &Path) -> Error {
    ErrorKind::BareRepository { path: git_dir.to_owned() }.hinted(
        "leadger reads lead files from a work tree: run it in a clone (`git clone PATH`), or give -C a folder with a leadger.toml",
    )
}

/// HEAD resolved to a commit, or an error that says when the branch has none yet (an
/// orphan branch): no fetch would help then.
pub fn head_commit(repo: &Repository) -> Result<git2::Commit<'_>, Error> {
    repo.head().and_then(|head| head.peel_to_commit()).map_err(|source| match source.code() {
        git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound => {
            ErrorKind::NoCommits.hinted("commit to this branch first: a branch with no commits has nothing to compare")
        }
        _ => ErrorKind::UnknownRevision { rev: "HEAD".to_owned(), source }.into(),
    })
}

/// The commit where HEAD's history and `base`'s meet, or an error that says when they never
/// do (an orphan branch): in a full clone, no fetch would help then.
pub fn merge_base(repo: &Repository, rev: &str, base: git2::Oid, head: git2::Oid) -> Result<git2::Oid, Error> {
    repo.merge_base(base, head).map_err(|source| match source.code() {
        git2::ErrorCode::NotFound => ErrorKind::NoCommonHistory { rev: rev.to_owned() }.hinted(format!(
            "compare with a revision this branch grew from; an orphan branch (`git checkout --orphan`) \
             has none, so start the branch from `{rev}` instead"
        )),
        _ => ErrorKind::UnknownRevision { rev: rev.to_owned(), source }.into(),
    })
}

/// The error for a repository above `start` that libgit2 refused to open, when it says
/// what the repository is (its object format); `None` when nothing is known.
fn unreadable(start: &Path) -> Option<Error> {
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        // A repository's own folder (a bare one) or a work tree's `.git` folder.
        let git_dir = if dot_git.is_dir() {
            dot_git
        } else if dir.join("HEAD").is_file() && dir.join("objects").is_dir() {
            dir.to_owned()
        } else if dot_git.exists() {
            return None; // a linked work tree or a submodule: libgit2's own error says more
        } else {
            continue;
        };
        let format = git2::Config::open(&git_dir.join("config"))
            .and_then(|config| config.get_string("extensions.objectformat"))
            .ok()?;
        return (!format.eq_ignore_ascii_case("sha1")).then(|| {
            ErrorKind::UnsupportedObjectFormat { path: git_dir, format }.hinted(
                "leadger reads git through libgit2, which reads only SHA-1 repositories (git's default); \
                 `leadger check` still works with a leadger.toml at the ledger's root",
            )
        });
    }
    None
}
