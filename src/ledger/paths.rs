//! Paths below a ledger's root that leadger reads or writes on its own account (the leads
//! folder and its year folders, `leadger.toml`, a ledger's schema). Every byte of a ledger is
//! a contributor's, links too: `leads -> /etc` would let a command read or write anywhere,
//! so a link on the way is refused, never followed, and `..` never leaves the root.

use std::path::{Component, Path, PathBuf};

use crate::atomic::write_error;
use crate::error::{Error, ErrorKind};

fn link_error(path: PathBuf, link: PathBuf) -> Error {
    ErrorKind::Symlink { path, link }
        .hinted("replace the link with the real file or folder, inside the ledger: a link can lead anywhere")
}

/// `root` joined with `rel`, when no part of `rel` is `..` or absolute and no part that
/// exists is a symbolic link. What does not exist yet is allowed: a writer creates it with
/// [`create_dir_inside`].
pub fn inside(root: &Path, rel: &Path) -> Result<PathBuf, Error> {
    let mut path = root.to_path_buf();
    for part in parts(root, rel)? {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(link_error(root.join(rel), path));
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
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(write_error(&path, e)),
            _ => {}
        }
        let meta = std::fs::symlink_metadata(&path).map_err(|source| write_error(&path, source))?;
        if meta.file_type().is_symlink() {
            return Err(link_error(root.join(rel), path));
        }
        if !meta.is_dir() {
            return Err(write_error(&path, std::io::ErrorKind::NotADirectory.into()));
        }
    }
    Ok(path)
}

fn parts<'a>(root: &Path, rel: &'a Path) -> Result<Vec<&'a std::ffi::OsStr>, Error> {
    rel.components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| match c {
            Component::Normal(part) => Ok(part),
            _ => Err(ErrorKind::Outside { path: root.join(rel) }
                .hinted("name a path inside the ledger, relative to its root and without `..`")),
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
        let kind = |r: Result<PathBuf, Error>| r.unwrap_err().kind().to_string();
        assert!(kind(inside(&root, Path::new("leads/2026/a.toml"))).contains("leads/2026 is a symbolic link"));
        assert!(kind(inside(&root, Path::new("../outside"))).ends_with("is outside the ledger"));
        assert!(kind(inside(&root, &outside)).ends_with("is outside the ledger"));

        assert_eq!(create_dir_inside(&root, Path::new("leads/2025")).unwrap(), root.join("leads/2025"));
        assert!(root.join("leads/2025").is_dir());
        let err = create_dir_inside(&root, Path::new("leads/2026/sub")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Symlink { link, .. } if *link == root.join("leads/2026")), "{err:?}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
