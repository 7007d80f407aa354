//! The checksummed files leadger keeps in the repository's git directory (`.git/leadger/`).
//! Each is a cache that may vanish at any time, so a damaged one is only a reason to
//! rebuild it, never a wrong answer.
//!
//! Layout: an 8-byte magic naming the cache, a format version and a CRC-32 of the payload
//! (both little-endian `u32`), then the payload.

use std::io::Write;
use std::path::Path;

/// What was found at a cache's path.
#[derive(Debug)]
pub enum Found {
    /// The file's bytes; the payload starts at `start`. Returned whole so that a big payload
    /// can be used in place.
    Payload {
        bytes: Vec<u8>,
        start: usize,
    },
    Missing,
    /// Written by a leadger with another format: rebuilt quietly.
    OtherFormat,
    /// Not this cache, or its checksum fails.
    Damaged,
    Unreadable(std::io::Error),
}

const HEADER: usize = 16;

pub fn read(path: &Path, magic: &[u8; 8], version: u32) -> Found {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::Missing,
        Err(e) => return Found::Unreadable(e),
    };
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if bytes.len() < HEADER || &bytes[..8] != magic {
        return Found::Damaged;
    }
    if word(8) != version {
        return Found::OtherFormat;
    }
    if crc32fast::hash(&bytes[HEADER..]) != word(12) {
        return Found::Damaged;
    }
    Found::Payload { bytes, start: HEADER }
}

/// Writes the payload, given in parts so that big ones are never copied together, to a
/// temporary file renamed over `path`: a reader sees the old cache or the new one.
pub fn write(path: &Path, magic: &[u8; 8], version: u32, parts: &[&[u8]]) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("a cache file needs a folder"))?;
    std::fs::create_dir_all(dir)?;
    let mut crc = crc32fast::Hasher::new();
    parts.iter().for_each(|part| crc.update(part));
    let mut file = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
    file.write_all(magic)?;
    file.write_all(&version.to_le_bytes())?;
    file.write_all(&crc.finalize().to_le_bytes())?;
    for part in parts {
        file.write_all(part)?;
    }
    let file = file.into_inner().map_err(|e| e.into_error())?;
    file.persist(path).map_err(|e| e.error)?;
    // tempfile names its files `.tmp` and six random characters.
    crate::atomic::remove_abandoned(dir, ".tmp");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_comes_back_and_damage_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("c.bin");
        assert!(matches!(read(&path, b"LEADGERT", 1), Found::Missing));
        write(&path, b"LEADGERT", 1, &[b"hello ", b"world"]).unwrap();
        match read(&path, b"LEADGERT", 1) {
            Found::Payload { bytes, start } => assert_eq!(&bytes[start..], b"hello world"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(read(&path, b"LEADGERT", 2), Found::OtherFormat));
        assert!(matches!(read(&path, b"LEADGERX", 1), Found::Damaged));
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(read(&path, b"LEADGERT", 1), Found::Damaged));
        std::fs::write(&path, b"short").unwrap();
        assert!(matches!(read(&path, b"LEADGERT", 1), Found::Damaged));
    }

    #[test]
    fn temporary_files_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (abandoned, live) = (dir.path().join(".tmpAbCd12"), dir.path().join(".tmpXyZ987"));
        std::fs::write(&abandoned, b"half").unwrap();
        std::fs::write(&live, b"half").unwrap();
        let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
        std::fs::File::options().write(true).open(&abandoned).unwrap().set_modified(day_ago).unwrap();
        write(&dir.path().join("c.bin"), b"LEADGERT", 1, &[b"x"]).unwrap();
        assert!(!abandoned.exists());
        assert!(live.exists());
    }
}
