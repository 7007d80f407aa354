//! Paths below a ledger's root that leadger reads or writes on its own account (the leads
//! folder and its year folders, `leadger.toml`, a ledger's schema). Every byte of a ledger is
//! a contributor's, links too: `leads -> /etc` would let a command read or write anywhere,
//! so a link on the way is refused, never followed, and `..` never leaves the root.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// `root` joined with `rel`, when no part of `rel` is `..` or absolute and no part that
/// exists is a symbolic link. What does not exist yet is allowed: a writer creates it with
/// [`create_dir_inside`].
pub fn inside(root: &Path, rel: &Path) -> Result<PathBuf, Error> {
    let mut path = root.to_path_buf();
    for part in parts(root, rel)? {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::Symlink { path: root.join(rel), link: path });
            }
            Ok(_) => {}
            // Nothing below a missing part can be a link.
            Err(_) => return Ok(root.join(rel)),
        }
    }
    Ok(path)
}

/// Creates the folder `rel` below `root` with the folders above it, each checked to be a
/// real folder as it is made or found: a link on the way is refused, never followed.
pub fn create_dir_inside(root: &Path, rel: &Path) -> Result<PathBuf, Error> {
    let mut path = root.to_path_buf();
    for part in parts(root, rel)? {
        path.push(part);
        match std::fs::create_dir(&path) {
            Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(Error::Write { path, source: e }),
            _ => {}
        }
        let meta = std::fs::symlink_metadata(&path).map_err(|source| Error::Write { path: path.clone(), source })?;
        if meta.file_type().is_symlink() {
            return Err(Error::Symlink { path: root.join(rel), link: path });
        }
        if !meta.is_dir() {
            return Err(Error::Write { path, source: ErrorKind::NotADirectory.into() });
        }
    }
    Ok(path)
}

fn parts<'a>(root: &Path, rel: &'a Path) -> Result<Vec<&'a std::ffi::OsStr>, Error> {
    rel.components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| match c {
            Component::Normal(part) => Ok(part),
            _ => Err(Error::Outside { path: root.join(rel) }),
        })
        .collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_and_dot_dot_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("ledger"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("leads")).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("leads/2026")).unwrap();

        assert_eq!(inside(&root, Path::new("leads/2025/a.toml")).unwrap(), root.join("leads/2025/a.toml"));
        assert!(matches!(inside(&root, Path::new("leads/2026/a.toml")), Err(Error::Symlink { .. })));
        assert!(matches!(inside(&root, Path::new("../outside")), Err(Error::Outside { .. })));
        assert!(matches!(inside(&root, &outside), Err(Error::Outside { .. })));

        assert_eq!(create_dir_inside(&root, Path::new("leads/2025")).unwrap(), root.join("leads/2025"));
        assert!(root.join("leads/2025").is_dir());
        let err = create_dir_inside(&root, Path::new("leads/2026/sub")).unwrap_err();
        assert!(matches!(&err, Error::Symlink { link, .. } if *link == root.join("leads/2026")), "{err:?}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
