//! Raw objects for one worker, remembered for a while.
//!
//! A commit's parent was usually the commit just processed, so its trees and changed blobs
//! were read moments ago. libgit2 does not cache large trees (its object cache skips trees
//! over 4 KiB by default), and a year folder of a big ledger is a tree of hundreds of KiB
//! that would otherwise be inflated twice. Two generations make a cheap LRU: when the
//! current one is full it becomes the old one, and the old one is dropped.

use std::collections::HashMap;
use std::rc::Rc;

use git2::{Odb, Oid, Repository};

/// An object database for one thread, with packs of its own. libgit2 shares an open pack
/// between every handle that names it by the same path, and its locks then make threads
/// take turns: the commit walk and the thread finding leads folders beside it ran no faster
/// together than one after the other. The objects folder named as `objects/./` is the same
/// folder, but its packs are opened again. Where that cannot be done, the repository's own.
pub fn own_odb(repo: &Repository) -> Result<Odb<'_>, git2::Error> {
    let spelled = repo.commondir().join("objects").join(".");
    let own = spelled.to_str().map(|path| Odb::new().and_then(|odb| odb.add_disk_alternate(path).map(|()| odb)));
    match own {
        Some(Ok(odb)) => Ok(odb),
        _ => repo.odb(),
    }
}

/// A lead blob's content, parsed once: `None` when it is not valid TOML.
pub type Parsed = Option<toml::Table>;

const GENERATION_BYTES: usize = 4 << 20;

/// A worker's view of the object database, with its recent objects and parsed blobs.
pub struct Objects<'r> {
    odb: Odb<'r>,
    current: HashMap<Oid, Rc<[u8]>>,
    old: HashMap<Oid, Rc<[u8]>>,
    bytes: usize,
    parsed: HashMap<Oid, Rc<Parsed>>,
}

impl<'r> Objects<'r> {
    /// Reads through `odb`, remembering nothing yet.
    pub fn new(odb: Odb<'r>) -> Self {
        Objects { odb, current: HashMap::new(), old: HashMap::new(), bytes: 0, parsed: HashMap::new() }
    }

    /// The raw content of an object.
    pub fn read(&mut self, id: Oid) -> Result<Rc<[u8]>, git2::Error> {
        if let Some(data) = self.current.get(&id) {
            return Ok(data.clone());
        }
        let data = match self.old.get(&id) {
            Some(data) => data.clone(),
            None => Rc::from(self.odb.read(id)?.data()),
        };
        self.bytes += data.len();
        if self.bytes > GENERATION_BYTES {
            self.old = std::mem::take(&mut self.current);
            self.bytes = data.len();
        }
        self.current.insert(id, data.clone());
        Ok(data)
    }

    /// `look` at an object's raw content without keeping it: for objects read once per
    /// commit, like the folders above the leads, which a cache would only copy.
    pub fn peek<T>(&self, id: Oid, look: impl FnOnce(&[u8]) -> T) -> Result<T, git2::Error> {
        match self.current.get(&id).or_else(|| self.old.get(&id)) {
            Some(data) => Ok(look(data)),
            None => Ok(look(self.odb.read(id)?.data())),
        }
    }

    /// A lead blob parsed as TOML (`None` when it is not valid TOML), parsed once.
    pub fn parsed(&mut self, blob: Oid) -> Result<Rc<Parsed>, git2::Error> {
        if let Some(parsed) = self.parsed.get(&blob) {
            return Ok(parsed.clone());
        }
        // The lead size cap holds for history too: a blob over it is an event with no fields,
        // not megabytes of field values in the cache. The header is read first so that such a
        // blob is never inflated.
        let (size, _) = self.odb.read_header(blob)?;
        if size as u64 > crate::ledger::MAX_FILE_SIZE {
            return Ok(Rc::new(None));
        }
        let data = self.read(blob)?;
        let parsed: Rc<Parsed> = Rc::new(std::str::from_utf8(&data).ok().and_then(|text| toml::from_str(text).ok()));
        if self.parsed.len() > 4096 {
            self.parsed.clear();
        }
        self.parsed.insert(blob, parsed.clone());
        Ok(parsed)
    }
}
