//! The per-commit event cache, inside the repository's git directory.
//!
//! Commits never change, so what a commit did to the leads is cached by commit id. The file
//! also remembers the tip it was built for, so a run with no new commits does no walk at
//! all, and a run after new commits processes only those. A damaged, foreign or unwritable
//! cache is ignored with a warning and rebuilt: it can cost time, never a wrong answer.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::records::Records;

const MAGIC: &[u8; 8] = b"LEADGERH";
/// Bump whenever `CommitRecord`, the way it is computed or the file layout changes.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug)]
pub struct CacheData {
    /// What the records depend on besides the commits: the leads folder's place.
    pub key: String,
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

pub fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("leadger").join("history.bin")
}

/// The cache for `key`, if there is a sound one. Problems worth telling become warnings.
pub fn load(git_dir: &Path, key: &str, warnings: &mut Vec<String>) -> Option<CacheData> {
    let path = path(git_dir);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            warnings.push(format!("cannot read the history cache {}: {e}; walking history instead", path.display()));
            return None;
        }
    };
    let damaged = |warnings: &mut Vec<String>| {
        warnings.push(format!("the history cache {} is damaged or foreign; rebuilding it", path.display()));
        None
    };
    if bytes.len() < 16 || &bytes[..8] != MAGIC {
        return damaged(warnings);
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    if version != FORMAT_VERSION {
        return None; // written by another leadger version: rebuild quietly
    }
    let crc = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    let payload = &bytes[16..];
    if crc32fast::hash(payload) != crc {
        return damaged(warnings);
    }
    let Ok((head, rest)) = postcard::take_from_bytes::<Head>(payload) else {
        return damaged(warnings);
    };
    if head.key != key {
        return None; // the leads folder moved: every record is stale
    }
    let records_start = bytes.len() - rest.len();
    let mut bytes = bytes;
    bytes.drain(..records_start); // in place: the records can be tens of megabytes
    match Records::from_parts(bytes, head.ends) {
        Some(records) => Some(CacheData { key: head.key, tip: head.tip, records }),
        None => damaged(warnings),
    }
}

/// Writes the cache atomically (a temp file, then a rename), or says why it could not.
pub fn save(git_dir: &Path, data: &CacheData) -> Result<(), String> {
    let path = path(git_dir);
    let write = || -> std::io::Result<()> {
        let dir = path.parent().expect("the cache has a folder");
        std::fs::create_dir_all(dir)?;
        let (segments, ends) = data.records.parts();
        let head = HeadRef { key: &data.key, tip: &data.tip, ends: &ends };
        let head = postcard::to_stdvec(&head).map_err(std::io::Error::other)?;
        // The records are tens of MB: checksummed and written where they are, never copied.
        let segments: Vec<&[u8]> = segments.collect();
        let mut crc = crc32fast::Hasher::new();
        crc.update(&head);
        segments.iter().for_each(|bytes| crc.update(bytes));
        let mut file = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
        file.write_all(MAGIC)?;
        file.write_all(&FORMAT_VERSION.to_le_bytes())?;
        file.write_all(&crc.finalize().to_le_bytes())?;
        file.write_all(&head)?;
        for bytes in segments {
            file.write_all(bytes)?;
        }
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|e| {
        format!("cannot write the history cache {}: {e}; the next run will walk history again", path.display())
    })
}
