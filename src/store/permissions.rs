//! Keeps the database private to its owner: the folder 0700, everything in it 0600 or 0700,
//! whatever the umask, since it holds names and emails of real people.

use super::error::StoreError;
use std::fs::{self, DirBuilder, Permissions};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// Creates the folder and any missing parents. The mode given to `DirBuilder` is still cut by
/// the umask, so the folder is set explicitly afterwards.
pub(crate) fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(path)
        .map_err(|e| StoreError::io(path, "create the folder of", e))?;
    set_mode(path, DIR_MODE)
}

/// Tightens every entry under `root`. sled creates its files with the process umask and adds
/// new ones (snapshots, blobs) as it runs; the folder being 0700 already keeps others out in
/// the meantime, this makes the files themselves private too.
pub(crate) fn tighten(root: &Path) -> Result<(), StoreError> {
    set_mode(root, DIR_MODE)?;
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| StoreError::io(root, "list the files of", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(root, "list the files of", e))?;
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                // sled may remove an old snapshot between listing and looking at it.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(StoreError::io(root, "inspect the files of", e)),
            };
            // Symlinks are not followed: chmod would change whatever they point at.
            if kind.is_dir() {
                set_mode(&path, DIR_MODE)?;
                pending.push(path);
            } else if kind.is_file() {
                set_mode(&path, FILE_MODE)?;
            }
        }
    }
    Ok(())
}

/// Changes nothing when the mode is already right, so opening a database to read it writes
/// nothing (it may be on a read-only file system, or a full disk).
fn set_mode(path: &Path, mode: u32) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o7777 == mode => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        _ => {}
    }
    match fs::set_permissions(path, Permissions::from_mode(mode)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(path, "set the permissions of", e)),
    }
}

/// Writes `bytes` to a new file at `path` readable and writable by its owner only, and syncs
/// it to disk; for a file that is then renamed into place, so it appears whole or not at all.
/// A file left at `path` by a write that was cut short is replaced.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    // The mode above is cut by the umask; say it outright.
    out.set_permissions(Permissions::from_mode(FILE_MODE))?;
    out.write_all(bytes)?;
    out.sync_all()
}
