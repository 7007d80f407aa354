//! Parsed leads kept between runs, each under the file's size, times and inode, as git's
//! index keeps file stats: reading and parsing 100k lead files took longer than the rest
//! of a warm report.
//!
//! A file is trusted only when every part of its stamp matches. Like git's "racy" entries,
//! a file modified within a few seconds of being read is not stored: an edit in the same
//! clock tick could otherwise keep its stamp. As in git, that is judged by the modification
//! time alone: a file whose modification time was set back is stored, and any later write
//! still moves its change time, which the stamp compares.

use std::borrow::Cow;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::cache_file::{self, Found};
use crate::lead::Lead;

const MAGIC: &[u8; 8] = b"LEADGERL";
/// Bump whenever the file layout or the encoding of `Lead` changes (a test pins it); a new
/// leadger version rebuilds the cache anyway (`key`).
const FORMAT_VERSION: u32 = 1;
/// The fewest bytes an entry takes: a path, a stamp and a lead, one byte each at least.
const MIN_ENTRY: usize = 7;
/// How long after its last change a file is trusted to keep its stamp.
const RACY: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    len: u64,
    /// Nanoseconds since the epoch.
    modified: i64,
    /// The inode change time, which no tool can set back (unix only).
    changed: i64,
    inode: u64,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            FileStamp {
                len: meta.len(),
                modified: ns(meta.mtime(), meta.mtime_nsec()),
                changed: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
            FileStamp {
                len: meta.len(),
                modified: modified.map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
                changed: 0,
                inode: 0,
            }
        }
    }

    /// Modified too close to `read_at` for the stamp to tell a later edit apart.
    fn is_racy(&self, read_at: SystemTime) -> bool {
        let read_at = read_at.duration_since(UNIX_EPOCH).unwrap_or_default().saturating_sub(RACY);
        let read_at = i64::try_from(read_at.as_nanos()).unwrap_or(i64::MAX);
        self.modified >= read_at
    }
}

/// A lead file as last read. `lead` is the encoded `Option<Lead>` (`None`: not a lead),
/// decoded only when the file is unchanged, on every core.
#[derive(Debug, Deserialize)]
pub struct Entry<'a> {
    pub rel: &'a str,
    pub stamp: FileStamp,
    pub lead: &'a [u8],
}

impl Entry<'_> {
    /// `Err` only for a cache written by a faulty leadger: then the file is read instead.
    pub fn decode(&self) -> Result<Option<Lead>, postcard::Error> {
        postcard::from_bytes(self.lead)
    }
}

/// What to store for one file: the bytes the cache already had, or a lead just read.
pub enum Stored<'a> {
    Encoded(&'a [u8]),
    Read(Option<&'a Lead>),
}

pub fn encode(lead: Option<&Lead>) -> Vec<u8> {
    postcard::to_stdvec(&lead).expect("a lead serialises: it has no maps")
}

#[derive(Serialize)]
struct EntryOut<'a> {
    rel: &'a str,
    stamp: FileStamp,
    #[serde(serialize_with = "as_bytes")]
    lead: &'a [u8],
}

/// As bytes, which `&[u8]` deserialises from (and postcard writes as a seq of `u8` too).
fn as_bytes<S: serde::Serializer>(bytes: &&[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

#[derive(Serialize, Deserialize)]
struct Head<'a> {
    key: &'a str,
}

/// The parsed-lead cache of one leads folder.
pub struct LeadCache {
    path: PathBuf,
    /// What else the entries depend on: the leadger version (the model) and the folder.
    key: String,
}

/// A cache file's bytes, read once and borrowed by its entries.
#[derive(Default)]
pub struct CacheBytes {
    bytes: Vec<u8>,
    start: usize,
}

impl CacheBytes {
    /// The entries, sorted by path; none when the file is not sound.
    pub fn entries(&self) -> Option<Vec<Entry<'_>>> {
        if self.bytes.is_empty() {
            return Some(Vec::new());
        }
        // One entry at a time into a vector sized once: serde grows it from a cautious guess.
        let (count, mut rest) = postcard::take_from_bytes::<u64>(&self.bytes[self.start..]).ok()?;
        let mut entries = Vec::with_capacity(usize::try_from(count).ok()?.min(rest.len() / MIN_ENTRY));
        for _ in 0..count {
            let (entry, more): (Entry, _) = postcard::take_from_bytes(rest).ok()?;
            if entries.last().is_some_and(|last: &Entry| last.rel >= entry.rel) {
                return None;
            }
            entries.push(entry);
            rest = more;
        }
        rest.is_empty().then_some(entries)
    }
}

impl LeadCache {
    /// The cache of the lead files under `leads_dir`, kept in `leadger/leads.bin` in `git_dir`; only
    /// this folder and this leadger version use what it holds.
    pub fn new(git_dir: &Path, leads_dir: &Path) -> LeadCache {
        LeadCache {
            path: git_dir.join("leadger").join("leads.bin"),
            key: format!("{}\n{}", env!("CARGO_PKG_VERSION"), leads_dir.display()),
        }
    }

    /// The warning given when the cache cannot be read and is rebuilt.
    pub fn damaged(&self) -> String {
        format!("the lead cache {} is damaged or foreign; rebuilding it", self.path.display())
    }

    /// The cache's bytes, empty when there is no cache for this folder and version.
    pub fn load(&self, warnings: &mut Vec<String>) -> CacheBytes {
        let (bytes, start) = match cache_file::read(&self.path, MAGIC, FORMAT_VERSION) {
            Found::Payload { bytes, start } => (bytes, start),
            Found::Missing | Found::OtherFormat => return CacheBytes::default(),
            Found::Damaged => {
                warnings.push(self.damaged());
                return CacheBytes::default();
            }
            Found::Unreadable(e) => {
                warnings.push(format!("cannot read the lead cache {}: {e}; reading every lead", self.path.display()));
                return CacheBytes::default();
            }
        };
        self.decode(bytes, start, warnings)
    }

    /// The cache in a file's `bytes` whose payload starts at `start` (after the checksum):
    /// empty when it is for another folder or version, or damaged (said in `warnings`).
    /// Public as the entry point of the fuzz target `lead_cache`.
    pub fn decode(&self, bytes: Vec<u8>, start: usize, warnings: &mut Vec<String>) -> CacheBytes {
        match postcard::take_from_bytes::<Head>(bytes.get(start..).unwrap_or_default()) {
            Ok((head, _)) if head.key != self.key => CacheBytes::default(),
            Ok((_, rest)) => CacheBytes { start: bytes.len() - rest.len(), bytes },
            Err(_) => {
                warnings.push(self.damaged());
                CacheBytes::default()
            }
        }
    }

    /// Stores the leads read at `read_at`, sorted by path, leaving out those changed too
    /// recently to trust. Says why when it cannot.
    pub fn save<'a>(
        &self,
        read_at: SystemTime,
        entries: impl Iterator<Item = (&'a str, FileStamp, Stored<'a>)>,
    ) -> Result<(), String> {
        let entries: Vec<(&str, FileStamp, Cow<[u8]>)> = entries
            .filter(|(_, stamp, _)| !stamp.is_racy(read_at))
            .map(|(rel, stamp, stored)| match stored {
                Stored::Encoded(bytes) => (rel, stamp, bytes.into()),
                Stored::Read(lead) => (rel, stamp, encode(lead).into()),
            })
            .collect();
        // Two names that are not UTF-8 can share a shown path; which file such an entry was
        // for is ambiguous, so neither is stored (the cache must stay strictly sorted).
        let shared = |i: usize| {
            let rel = entries[i].0;
            (i > 0 && entries[i - 1].0 == rel) || entries.get(i + 1).is_some_and(|next| next.0 == rel)
        };
        let entries: Vec<EntryOut> = (0..entries.len())
            .filter(|i| !shared(*i))
            .map(|i| EntryOut { rel: entries[i].0, stamp: entries[i].1, lead: &entries[i].2 })
            .collect();
        let write = || -> std::io::Result<()> {
            let head = postcard::to_stdvec(&Head { key: &self.key }).map_err(std::io::Error::other)?;
            let body = postcard::to_stdvec(&entries).map_err(std::io::Error::other)?;
            cache_file::write(&self.path, MAGIC, FORMAT_VERSION, &[&head, &body])
        };
        write().map_err(|e| {
            format!("cannot write the lead cache {}: {e}; the next run will read every lead again", self.path.display())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache stores leads in postcard, which does not describe itself: a change to
    /// `Lead` could be misread from an old cache. So any change to its encoding must bump
    /// `FORMAT_VERSION`, and this test says when.
    #[test]
    fn the_encoding_of_a_lead_is_pinned() {
        let text = r#"title = "T"
client = "C"
status = "won"
spotted_on = 2026-11-05
summary = "S"
source = "delivery"
kind = "new-need"
estimated_value = 1.5
currency = "EUR"
expected_close = 2027-01-31
owner = "O"
contact_role = "CTO"
tags = ["a", "b"]
next_step = "N"
next_step_due = 2026-12-01
notes = "x"
lost_reason = "r"
lost_category = "price"
spotted_by = ["A <a@example.com>"]
"#;
        let lead = Lead::from_toml(text).unwrap();
        let encoded = encode(Some(&lead));
        let hex: String = encoded.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            (FORMAT_VERSION, hex.as_str()),
            (1, PINNED),
            "the encoding of Lead changed: bump FORMAT_VERSION and pin the new encoding here"
        );
        assert_eq!(
            Entry { rel: "", stamp: FileStamp { len: 0, modified: 0, changed: 0, inode: 0 }, lead: &encoded }
                .decode()
                .unwrap(),
            Some(lead)
        );
    }

    const PINNED: &str = "010154014303776f6e0a323032362d31312d30350153010864656c697665727901086e65772d6e65656401000000000000f83f0103455552010a323032372d30312d333101014f010343544f020161016201014e010a323032362d31322d303101017801017201057072696365011141203c61406578616d706c652e636f6d3e";

    #[test]
    fn a_file_changed_just_before_the_read_is_racy() {
        let read_at = UNIX_EPOCH + Duration::from_secs(1_000);
        let stamp = |modified: u64, changed: u64| FileStamp {
            len: 1,
            modified: (modified * 1_000_000_000) as i64,
            changed: (changed * 1_000_000_000) as i64,
            inode: 1,
        };
        assert!(!stamp(990, 990).is_racy(read_at));
        assert!(stamp(998, 998).is_racy(read_at));
        assert!(stamp(1_005, 1_005).is_racy(read_at));
        // Set back by a tool (`touch -d`, an unpacked archive): trusted, as git trusts it.
        assert!(!stamp(990, 998).is_racy(read_at));
    }
}
