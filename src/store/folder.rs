//! sled's files in the database folder, looked at before sled opens them: what a write that
//! failed left half-done is cleared away, so that it is not read as damage.

use super::error::StoreError;
use std::fs;
use std::io;
use std::path::Path;

/// The ending of a snapshot sled has not finished writing. sled 0.34.7 (`write_snapshot` in
/// `pagecache/snapshot.rs`) writes a snapshot to `snap.<stable lsn in hex>.generating`, syncs
/// it, and only then renames it to `snap.<hex>`; so a file with this ending is by construction
/// unfinished: left by a write that failed (a full disk) or a process that died meanwhile.
/// sled itself removes such files only after its next snapshot is complete, but first reads
/// the highest-named `snap.` file, which this one is, and calls it damaged.
const UNFINISHED_SNAPSHOT: &str = ".generating";

/// Removes every unfinished snapshot from the database folder `path`. Call it only while
/// holding the folder's lock, so that no other process is writing a snapshot there now.
/// sled then starts from its last complete snapshot, or from its log alone, as it would have
/// had the failed write never begun.
pub(crate) fn clear_unfinished_snapshots(path: &Path) -> Result<(), StoreError> {
    let listed = |e| StoreError::io(path, "list the files of", e);
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        // A new database: sled creates the folder's files.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(listed(e)),
    };
    for entry in entries {
        let name = entry.map_err(listed)?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(UNFINISHED_SNAPSHOT) {
            match fs::remove_file(path.join(&*name)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(StoreError::io(
                        path,
                        "remove an unfinished snapshot from",
                        e,
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unfinished_snapshots_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [
            "db",
            "conf",
            "confirmed",
            "snap.0000000000027FAB",
            "generating",
        ];
        let remove = [
            "snap.0000000000028000.generating",
            "snap.0000000000027FAB.generating",
        ];
        for name in keep.iter().chain(&remove) {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        clear_unfinished_snapshots(dir.path()).unwrap();
        for name in keep {
            assert!(dir.path().join(name).exists(), "{name} was removed");
        }
        for name in remove {
            assert!(!dir.path().join(name).exists(), "{name} was kept");
        }
    }
}
