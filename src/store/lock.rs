//! The database folder's own lock, held by the one process that has the database open for as
//! long as it does, including while it closes and reopens its files after a failed write.
//! sled's lock on its file is let go when those files close, so on its own it would leave a
//! moment in which another process could take the database.

use super::error::StoreError;
use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};
use std::fs::File;
use std::path::Path;

/// An exclusive `flock` on the database folder itself (opened read-only, so taking it writes
/// nothing). Let go when dropped, or when the process dies however it dies.
pub(crate) struct FolderLock {
    _held: Flock<File>,
}

impl FolderLock {
    /// Takes the lock without waiting; `StoreError::InUse` when another process holds it.
    pub(crate) fn take(path: &Path) -> Result<FolderLock, StoreError> {
        let folder = File::open(path).map_err(|e| StoreError::io(path, "open", e))?;
        match Flock::lock(folder, FlockArg::LockExclusiveNonblock) {
            // The folder may have been swapped for a rewritten one after it was opened here
            // (see `rewrite`): a lock on the one swapped out holds nothing, and whoever swapped
            // holds the new one, so the database is in use.
            Ok(held) if !still_at(&held, path) => Err(StoreError::InUse {
                path: path.to_path_buf(),
            }),
            Ok(held) => Ok(FolderLock { _held: held }),
            Err((_, Errno::EWOULDBLOCK)) => Err(StoreError::InUse {
                path: path.to_path_buf(),
            }),
            Err((_, errno)) => Err(StoreError::io(path, "lock", errno.into())),
        }
    }
}

/// Whether the folder `held` is still the one at `path`.
fn still_at(held: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (held.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(now)) => held.dev() == now.dev() && held.ino() == now.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_is_told_the_database_is_in_use_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::take(dir.path()).unwrap();
        let err = FolderLock::take(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::InUse { .. }), "{err}");
        drop(first);
        assert!(FolderLock::take(dir.path()).is_ok());
    }
}
