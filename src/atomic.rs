//! Writing a file so that a reader sees the old content or the new, never half of it.

use std::path::Path;

use crate::error::{Error, ErrorKind};

/// What to do when a file cannot be written.
pub(crate) const WRITE_HINT: &str = "check that the folder exists and that you may write to it";

/// Replaces `path` with `text`: a temporary file beside it, then a rename.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |source| ErrorKind::Write { path: path.to_owned(), source }.hinted(WRITE_HINT);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
