//! History rewritten outside the commits: `info/grafts` and replace refs (`refs/replace/`).
//!
//! `git log` honours both. libgit2 honours grafts when it parses a commit's parents, so the
//! walk follows them as git does; it knows nothing of replace refs, so a repository that
//! has them is refused rather than shown a history git would not show. Either way what
//! rewrites history is part of the cache's key: the commits' ids alone no longer say what
//! their history is.

use git2::{ObjectType, Oid, Repository};

use crate::error::{Error, ErrorKind};

/// What the history cache must be keyed on besides the tip: the grafts in force, hashed.
/// Refuses a repository whose replace refs git would honour.
pub fn key(repo: &Repository) -> Result<String, Error> {
    if honours_replace_refs(repo) {
        let count = repo.references_glob("refs/replace/*")?.count();
        if count > 0 {
            return Err(ErrorKind::ReplaceRefs { count }.hinted(
                "leadger cannot follow replace refs: run with GIT_NO_REPLACE_OBJECTS=1 to read the history \
                 the commits record, or make the replacements permanent with `git filter-repo` and delete them",
            ));
        }
    }
    let grafts = repo.commondir().join("info").join("grafts");
    Ok(match std::fs::read(&grafts) {
        Ok(bytes) => format!("grafts {}", Oid::hash_object(ObjectType::Blob, &bytes)?),
        Err(_) => String::new(),
    })
}

/// Whether git would use replace refs here: not when `GIT_NO_REPLACE_OBJECTS` is set or
/// `core.useReplaceRefs` is false.
fn honours_replace_refs(repo: &Repository) -> bool {
    if std::env::var_os("GIT_NO_REPLACE_OBJECTS").is_some() {
        return false;
    }
    repo.config().and_then(|c| c.get_bool("core.useReplaceRefs")).unwrap_or(true)
}
