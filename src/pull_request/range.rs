//! What git says about a pull request: its base, its commits, and its leads as they were at
//! the base.

use std::path::Path;

use git2::{Oid, Repository};
use rustc_hash::FxHashSet as HashSet;

use crate::error::{Error, ErrorKind};
use crate::ledger::Ledger;

/// The commits of `merge-base(REV, HEAD)..HEAD`.
pub struct Range {
    pub repo: Repository,
    pub base: Oid,
    pub head: Oid,
    pub commits: HashSet<[u8; 20]>,
    /// The ledger root inside the work tree, `/`-separated, empty at the top.
    prefix: String,
}

impl Range {
    /// Resolves `rev` and HEAD. A shallow clone or an unknown revision stops the run, with
    /// the same errors (and hints) as `history`.
    pub fn of(ledger: &Ledger, rev: &str) -> Result<Range, Error> {
        let repo = crate::history::open_repository(&ledger.root)?;
        if repo.is_shallow() {
            return Err(crate::history::shallow());
        }
        let unknown = |rev: &str, source: git2::Error| {
            ErrorKind::UnknownRevision { rev: rev.to_owned(), source }.hinted(crate::history::FETCH_HINT)
        };
        let base = repo.revparse_single(rev).and_then(|o| o.peel_to_commit()).map_err(|e| unknown(rev, e))?.id();
        let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|e| unknown("HEAD", e))?.id();
        let base = repo.merge_base(base, head).map_err(|e| unknown(rev, e))?;
        let mut walk = repo.revwalk()?;
        walk.push(head)?;
        walk.hide(base)?;
        let commits =
            walk.map(|oid| oid.map(|o| o.as_bytes().try_into().expect("20-byte id"))).collect::<Result<_, _>>()?;
        let prefix = match repo.workdir().map(Path::canonicalize) {
            Some(Ok(workdir)) => ledger.root.strip_prefix(&workdir).map(slash).unwrap_or_default(),
            _ => String::new(),
        };
        Ok(Range { repo, base, head, commits, prefix })
    }

    pub fn contains(&self, commit: &[u8; 20]) -> bool {
        self.commits.contains(commit)
    }

    /// The text of the lead file at `path` (relative to the ledger root) at the base, or of
    /// the lead `id` wherever it was there, when it has moved since.
    pub fn at_base(&self, ledger: &Ledger, path: &str, id: &str) -> Option<String> {
        let tree = self.repo.find_commit(self.base).ok()?.tree().ok()?;
        let in_repo =
            |rel: &str| if self.prefix.is_empty() { rel.to_owned() } else { format!("{}/{rel}", self.prefix) };
        let entry = match tree.get_path(Path::new(&in_repo(path))) {
            Ok(entry) => entry,
            Err(_) => {
                let leads = tree.get_path(Path::new(&in_repo(&ledger.config.leads_dir))).ok()?;
                let leads = leads.to_object(&self.repo).ok()?.peel_to_tree().ok()?;
                let wanted = format!("{id}.toml");
                let mut found = None;
                leads
                    .walk(git2::TreeWalkMode::PreOrder, |_, entry| {
                        if entry.name() == Ok(wanted.as_str()) && entry.kind() == Some(git2::ObjectType::Blob) {
                            found = Some(entry.id());
                            return git2::TreeWalkResult::Abort;
                        }
                        git2::TreeWalkResult::Ok
                    })
                    .ok();
                return self.blob_text(found?);
            }
        };
        self.blob_text(entry.id())
    }

    fn blob_text(&self, id: Oid) -> Option<String> {
        let blob = self.repo.find_blob(id).ok()?;
        // The same cap as lead files on disk: a huge blob is no lead.
        (blob.size() as u64 <= crate::ledger::MAX_FILE_SIZE).then(|| String::from_utf8(blob.content().to_vec()).ok())?
    }
}

fn slash(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
