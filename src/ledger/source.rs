//! Reading one lead file, refusing what cannot be a lead before it costs memory.

use std::io::Read;
use std::path::Path;

/// A lead is a few hundred bytes; anything past this is a mistake (a dump, a binary).
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the file is larger than 1 MiB")]
    TooLarge,
    #[error("the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl LoadError {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            LoadError::TooLarge => "a lead is a few hundred bytes; move attachments and long documents elsewhere",
            LoadError::NotUtf8 { .. } => "save the file as UTF-8 text; binary files do not belong in the leads folder",
            LoadError::Io(_) => "check the file's permissions",
        }
    }
}

/// Reads a lead file as text, never more than [`MAX_FILE_SIZE`] + 1 bytes of it.
pub fn read_source(path: &Path) -> Result<String, LoadError> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(1024);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 { offset: e.utf8_error().valid_up_to() })
}
