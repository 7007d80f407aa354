//! Writing a file so that a reader sees the old content or the new, never half of it, and a
//! crash or a full disk leaves nothing behind but a hidden temporary file.

use std::fs::Permissions;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind};

/// What to do when a file cannot be written.
pub const WRITE_HINT: &str = "check that the folder exists and that you may write to it";

/// A failed write of `path`, with the hint every write failure gets.
pub(crate) fn write_error(path: &Path, source: std::io::Error) -> Error {
    ErrorKind::Write { path: path.to_owned(), source }.hinted(WRITE_HINT)
}

/// Replaces `path` with `text`: a temporary file beside it, then a rename. An existing file
/// keeps its mode (the exec bit too, or git sees a mode change); a new one gets the
/// umask's. Anything that is not a regular file (a link, a device, a FIFO) is refused
/// rather than replaced: `--output /dev/stdout` must not turn a device into a file.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let mode = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Some(meta.permissions()),
        Ok(meta) => {
            return Err(ErrorKind::NotAFile { path: path.to_owned(), what: crate::source::kind_of(&meta) }.hinted(
                "name a regular file (or a new one), not a link, folder, pipe or device; without --output a \
                 report goes to standard output",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(write_error(path, source)),
    };
    let file = filled_temp_file(path, text, mode)?;
    file.persist(path).map_err(|e| write_error(path, e.error))?;
    remove_abandoned(folder_of(path), TEMP_PREFIX);
    Ok(())
}

/// Creates `path` with `text`, never replacing anything that is there: the complete file is
/// linked into place, so a lead is never seen empty or cut short.
pub fn create_new(path: &Path, text: &str) -> Result<(), Error> {
    let file = filled_temp_file(path, text, None)?;
    file.persist_noclobber(path).map_err(|e| write_error(path, e.error))?;
    remove_abandoned(folder_of(path), TEMP_PREFIX);
    Ok(())
}

/// Hidden, so a leftover from a crash is never taken for a lead.
const TEMP_PREFIX: &str = ".leadger-";

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A temporary file older than this was left by a writer that died (kill -9, power loss):
/// a live one is renamed within seconds.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files named `prefix…` that killed writers left in `dir`, which
/// nothing else would ever remove. Best effort: what cannot be removed is tried next time.
pub fn remove_abandoned(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().as_encoded_bytes().starts_with(prefix.as_bytes()) {
            continue;
        }
        let old = entry.metadata().ok().filter(std::fs::Metadata::is_file).and_then(|m| m.modified().ok());
        if old.is_some_and(|modified| now.duration_since(modified).is_ok_and(|age| age > ABANDONED_AFTER)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file in `path`'s folder (so the rename stays on one file system) holding
/// `text`, flushed to disk; with `mode`, that mode, else what the umask allows.
fn filled_temp_file(path: &Path, text: &str, mode: Option<Permissions>) -> Result<tempfile::NamedTempFile, Error> {
    let fail = |source| write_error(path, source);
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile's default is 0600; 0666 is what `open` asks for, narrowed by the umask.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir).map_err(fail)?;
    if let Some(mode) = mode {
        file.as_file().set_permissions(mode).map_err(fail)?;
    }
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        create_new(&path, "one\n").unwrap();
        assert!(create_new(&path, "two\n").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_links_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "one\n").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o754)).unwrap();
        write_atomically(&path, "two\n").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o754);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");

        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let err = write_atomically(&link, "three\n").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotAFile { what: "a symbolic link", .. }), "{err:?}");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");
    }
}
