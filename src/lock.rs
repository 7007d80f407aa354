//! Serialising the writers of one file: `set` and `advance` read a lead, change it and write
//! it back, so two of them at once would each write over the other's change.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind};

/// How long a writer waits for another before giving up: a lead's edit takes milliseconds,
/// so a longer wait means a stuck process, which the user must hear about.
const PATIENCE: Duration = Duration::from_secs(10);

/// An exclusive lock on a file, released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

/// Takes the lock on `path`, waiting for other writers. Writers replace the file by
/// renaming a new one over it, so a lock won on the file as it was is checked against what
/// `path` names now, and taken again on the new file when they differ.
#[cfg(unix)]
pub fn lock(path: &Path) -> Result<FileLock, Error> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};

    use rustix::fs::{FlockOperation, OFlags, flock};

    let fail = |source| Error::from(ErrorKind::Read { path: path.to_owned(), source });
    let started = Instant::now();
    loop {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(OFlags::NOFOLLOW.bits() as i32)
            .open(path)
            .map_err(fail)?;
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {
                let held = file.metadata().map_err(fail)?;
                let now = std::fs::symlink_metadata(path).map_err(fail)?;
                if (held.dev(), held.ino()) == (now.dev(), now.ino()) {
                    return Ok(FileLock { _file: file });
                }
            }
            Err(e) if e == rustix::io::Errno::WOULDBLOCK || e == rustix::io::Errno::INTR => {}
            Err(e) => return Err(fail(e.into())),
        }
        if started.elapsed() > PATIENCE {
            return Err(ErrorKind::Locked { path: path.to_owned() }
                .hinted("nothing was written; when no other leadger is running, run the command again"));
        }
        std::thread::sleep(Duration::from_millis(5 + fastrand::u64(0..10)));
    }
}

/// Without flock, writers are not serialised; leadger's users are on Unix.
#[cfg(not(unix))]
pub fn lock(path: &Path) -> Result<FileLock, Error> {
    let file = File::open(path).map_err(|source| ErrorKind::Read { path: path.to_owned(), source })?;
    Ok(FileLock { _file: file })
}
