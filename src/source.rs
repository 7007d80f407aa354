//! Reading a ledger's text files, refusing what cannot be one before it costs memory or
//! hangs: only regular files, never through a link, never more than a cap.

use std::io::Read;
use std::path::Path;

/// A lead is a few hundred bytes; anything past this is a mistake (a dump, a binary).
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// `leadger.toml` and a ledger's own schema are a few KB; the cap only stops `/dev/zero`.
pub const MAX_CONFIG_SIZE: u64 = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the file is larger than {} MiB", cap / (1024 * 1024))]
    TooLarge { cap: u64 },
    #[error("the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl LoadError {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            LoadError::TooLarge { .. } => {
                "a lead is a few hundred bytes; move attachments and long documents elsewhere"
            }
            LoadError::NotUtf8 { .. } => "save the file as UTF-8 text; binary files do not belong in the leads folder",
            LoadError::NotRegular(_) => "a lead is a regular file in the ledger itself, not a link, pipe or device",
            LoadError::Io(_) => "check the file's permissions",
        }
    }
}

/// Reads a lead file as text, never more than [`MAX_FILE_SIZE`] + 1 bytes of it.
pub fn read_source(path: &Path) -> Result<String, LoadError> {
    read_text(path, MAX_FILE_SIZE)
}

/// Reads a regular file as text, never more than `cap` + 1 bytes of it. A link, a pipe or a
/// device is refused without reading from it: opening a FIFO would wait for a writer.
pub fn read_text(path: &Path, cap: u64) -> Result<String, LoadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::with_capacity(1024);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(LoadError::TooLarge { cap });
    }
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 { offset: e.utf8_error().valid_up_to() })
}

#[cfg(unix)]
fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    use std::os::unix::fs::OpenOptionsExt;

    use rustix::fs::OFlags;

    // NONBLOCK so that opening a FIFO returns at once; it changes nothing for regular files.
    let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let file = match std::fs::OpenOptions::new().read(true).custom_flags(flags.bits() as i32).open(path) {
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(LoadError::NotRegular("a symbolic link"));
        }
        other => other?,
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(LoadError::NotRegular(kind_of(&meta)));
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(LoadError::NotRegular(kind_of(&meta)));
    }
    Ok(std::fs::File::open(path)?)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1\n").unwrap();
        assert_eq!(read_text(&file, 10).unwrap(), "x = 1\n");
        assert!(matches!(read_text(&file, 3), Err(LoadError::TooLarge { cap: 3 })));
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(matches!(read_text(&link, 10), Err(LoadError::NotRegular("a symbolic link"))));
        assert!(matches!(read_text(Path::new("/dev/zero"), 10), Err(LoadError::NotRegular("a device"))));
        let fifo = dir.path().join("fifo.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(matches!(read_text(&fifo, 10), Err(LoadError::NotRegular("a named pipe"))));
    }
}

/// What a non-regular file is, in words.
pub(crate) fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return "a symbolic link";
    }
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}
