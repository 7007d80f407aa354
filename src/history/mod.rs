//! What git knows about the ledger.

mod changes;

pub use changes::changed_lead_files;

use std::path::Path;

use crate::error::Error;

/// The git repository holding the ledger.
pub fn open_repository(root: &Path) -> Result<git2::Repository, Error> {
    git2::Repository::discover(root).map_err(|e| Error::Git {
        message: format!(
            "{} is not in a git repository ({})",
            root.display(),
            e.message()
        ),
    })
}
