//! The per-commit event cache, inside the repository's git directory.
//!
//! Commits never change, so what a commit did to the leads is cached by commit id. The file
//! also remembers the tip it was built for, so a run with no new commits does no walk at
//! all, and a run after new commits processes only those. A damaged, foreign or unwritable
//! cache is ignored with a warning and rebuilt: it can cost time, never a wrong answer.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::records::{Records, Undecodable};
use crate::cache_file::{self, Found};

const MAGIC: &[u8; 8] = b"LEADGERH";
/// Bump whenever `CommitRecord`, the way it is computed or the file layout changes.
/// 4: a change's id (and a rename's old id) is derived from its path, no longer stored.
pub const FORMAT_VERSION: u32 = 5;

/// What the cache file holds.
#[derive(Debug)]
pub struct CacheData {
    /// What the records depend on besides the commits: the leads folder's place.
    pub key: String,
    /// The commit the records end at.
    pub tip: [u8; 20],
    /// In a topological order, oldest first.
    pub records: Records,
}

/// The file after its checksum: this head, then the records' bytes as they are, so loading
/// them is one copy rather than a decode.
#[derive(Serialize)]
struct HeadRef<'a> {
    key: &'a str,
    tip: &'a [u8; 20],
    ends: &'a [usize],
}

#[derive(Deserialize)]
struct Head {
    key: String,
    tip: [u8; 20],
    ends: Vec<usize>,
}

/// Where the cache lives in the git directory.
pub fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("leadger").join("history.bin")
}

/// The cache for `key`, if there is a sound one. Problems worth telling become warnings.
pub fn load(git_dir: &Path, key: &str, warnings: &mut Vec<String>) -> Option<CacheData> {
    let path = path(git_dir);
    let damaged = |warnings: &mut Vec<String>| {
        warnings.push(format!("the history cache {} is damaged or foreign; rebuilding it", path.display()));
        None
    };
    let (bytes, start) = match cache_file::read(&path, MAGIC, FORMAT_VERSION) {
        Found::Payload { bytes, start } => (bytes, start),
        Found::Missing | Found::OtherFormat => return None,
        Found::Damaged => return damaged(warnings),
        Found::Unreadable(e) => {
            warnings.push(format!("cannot read the history cache {}: {e}; walking history instead", path.display()));
            return None;
        }
    };
    decode(bytes, start, key).unwrap_or_else(|Undecodable| damaged(warnings))
}

/// The cache in a file's `bytes` whose payload starts at `start` (after the checksum): `None`
/// when it was built for another `key`. Whether each record decodes is seen as it is replayed.
/// Public as the entry point of the fuzz target `history_cache`.
pub fn decode(mut bytes: Vec<u8>, start: usize, key: &str) -> Result<Option<CacheData>, Undecodable> {
    let (head, rest) =
        postcard::take_from_bytes::<Head>(bytes.get(start..).ok_or(Undecodable)?).map_err(|_| Undecodable)?;
    if head.key != key {
        return Ok(None); // the leads folder moved: every record is stale
    }
    let records_start = bytes.len() - rest.len();
    bytes.drain(..records_start); // in place: the records can be tens of megabytes
    let records = Records::from_parts(bytes, head.ends).ok_or(Undecodable)?;
    Ok(Some(CacheData { key: head.key, tip: head.tip, records }))
}

/// Removes a cache whose records do not decode, though its checksum holds (a faulty
/// leadger wrote it), so that the next read rebuilds it. Either way, the warning to give;
/// `Err` when it could not be removed, and so must not be read again.
pub fn forget(git_dir: &Path) -> Result<String, String> {
    let path = path(git_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(format!("the history cache {} is damaged; rebuilding it", path.display())),
        Err(e) => Err(format!(
            "the history cache {} is damaged and cannot be removed ({e}); walking history instead",
            path.display()
        )),
    }
}

/// Writes the cache atomically, or says why it could not.
pub fn save(git_dir: &Path, data: &CacheData) -> Result<(), String> {
    let path = path(git_dir);
    let write = || -> std::io::Result<()> {
        let (segments, ends) = data.records.parts();
        let head = HeadRef { key: &data.key, tip: &data.tip, ends: &ends };
        let head = postcard::to_stdvec(&head).map_err(std::io::Error::other)?;
        // The records are tens of MB: checksummed and written where they are, never copied.
        let mut parts: Vec<&[u8]> = vec![&head];
        parts.extend(segments.map(|bytes| -> &[u8] { bytes }));
        cache_file::write(&path, MAGIC, FORMAT_VERSION, &parts)
    };
    write().map_err(|e| {
        format!("cannot write the history cache {}: {e}; the next run will walk history again", path.display())
    })
}
