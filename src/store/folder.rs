//! sled's files in the database folder, looked at before sled opens them: what a write that
//! failed left half-done is cleared away, so that it is not read as damage, and what is there
//! tells a folder that held a database from a new one.

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

/// One of the database's files as it is now: name (`blobs/` before those in sled's folder of
/// large values), whether it is a folder, length (bytes), modification and change times
/// (nanoseconds since 1970) and inode. The change time cannot be set back by hand, so any
/// write to the file shows.
pub(crate) type FileStamp = (String, bool, u64, i128, i128, u64);

/// Every one of the database's own files in the folder `path` (`own_file`, and those in its
/// folder of large values), stamped and sorted by name: equal before and after, nothing wrote
/// to the database meanwhile. `None` when the folder cannot be listed.
pub(crate) type Fingerprint = Vec<FileStamp>;

pub(crate) fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let mut out = Vec::new();
    let mut folders = vec![(String::new(), path.to_path_buf())];
    while let Some((prefix, folder)) = folders.pop() {
        for entry in fs::read_dir(&folder).ok()? {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && !own_file(&name) {
                continue;
            }
            let meta = entry.metadata().ok()?;
            if prefix.is_empty() && name == "blobs" && meta.is_dir() {
                folders.push(("blobs/".into(), entry.path()));
            }
            out.push(stamp(format!("{prefix}{name}"), &meta));
        }
    }
    out.sort();
    Some(out)
}

/// `meta` of the file `name`, stamped as `FileStamp` says.
pub(crate) fn stamp(name: String, meta: &fs::Metadata) -> FileStamp {
    use std::os::unix::fs::MetadataExt;
    let nanos = |secs: i64, nsec: i64| i128::from(secs) * 1_000_000_000 + i128::from(nsec);
    (
        name,
        meta.is_dir(),
        meta.len(),
        nanos(meta.mtime(), meta.mtime_nsec()),
        nanos(meta.ctime(), meta.ctime_nsec()),
        meta.ino(),
    )
}

/// Whether `name`, in a database folder, is one of the database's own files: sled's log
/// (`db`), settings (`conf`), snapshots (`snap.*`) and folder of large values (`blobs`), and
/// the note of the last change confirmed (`confirmed`).
pub(crate) fn own_file(name: &str) -> bool {
    matches!(name, "db" | "conf" | "confirmed" | "blobs") || name.starts_with("snap.")
}

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

/// An empty file in the folder while the first open of a new database has not finished:
/// made before sled writes anything there, removed once the format mark and the note of the
/// last confirmed change are saved. A folder with sled's files but no format mark is new if
/// this is there (that open failed, say on a full disk), and has lost its data if not.
const CREATING: &str = "creating";

/// What the database folder held before sled opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// A database was made here: the first open of one finished, and sled's settings file,
    /// a snapshot of its log or the note of the last confirmed change is there.
    pub(crate) used: bool,
}

/// Clears what a failed write left (`clear_unfinished_snapshots`), then looks at what the
/// folder `path` holds; in a new one, marks the first open as unfinished until `created`.
/// A folder that held a database but has lost its data file is refused here, before sled
/// would make an empty one in its place.
pub(crate) fn prepare(path: &Path) -> Result<Found, StoreError> {
    clear_unfinished_snapshots(path)?;
    let listed = |e| StoreError::io(path, "list the files of", e);
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        // Made by sled, as a new folder.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found { used: false }),
        Err(e) => return Err(listed(e)),
    };
    let (mut data, mut traces, mut creating) = (false, false, false);
    for entry in entries {
        let entry = entry.map_err(listed)?;
        check_kind(path, &entry)?;
        match entry.file_name().to_string_lossy().as_ref() {
            "db" => data = true,
            // sled makes `blobs` on its first open, after the `creating` mark.
            "conf" | "confirmed" | "blobs" | super::status_copy::FILE => traces = true,
            CREATING => creating = true,
            name if name.starts_with("snap.") => traces = true,
            _ => {}
        }
    }
    let used = traces && !creating;
    if used && !data {
        return Err(StoreError::FilesMissing {
            path: path.to_path_buf(),
            what: "its data file, db, is gone, though its other files show it was in use".into(),
        });
    }
    if !used && !creating {
        fs::write(path.join(CREATING), b"").map_err(|e| StoreError::io(path, "write to", e))?;
    }
    Ok(Found { used })
}

/// Whether the folder `path` holds a database or what is left of one (any of its files), as
/// opposed to nothing or an empty folder, in which opening would make a new database.
pub(crate) fn holds_a_database(path: &Path) -> Result<bool, StoreError> {
    let listed = |e| StoreError::io(path, "list the files of", e);
    for entry in fs::read_dir(path).map_err(listed)? {
        let name = entry.map_err(listed)?.file_name();
        let name = name.to_string_lossy();
        if own_file(&name) || name == super::status_copy::FILE {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Refuses a folder in which one of the database's own files is a folder, or its folder of
/// large values is a file: sled would fail on it with the system's bare words, and what should
/// be there is gone.
fn check_kind(path: &Path, entry: &fs::DirEntry) -> Result<(), StoreError> {
    let name = entry.file_name().to_string_lossy().into_owned();
    let (what, folder) = match name.as_str() {
        "db" => ("its data file, db,".to_string(), false),
        "conf" => ("its settings file, conf,".to_string(), false),
        "confirmed" => (
            "its note of the last confirmed change, confirmed,".to_string(),
            false,
        ),
        "blobs" => ("its folder of large values, blobs,".to_string(), true),
        name if name.starts_with("snap.") => (format!("a snapshot of its log, {name},"), false),
        _ => return Ok(()),
    };
    // Following a symbolic link, as sled does.
    let found = match fs::metadata(entry.path()) {
        Ok(found) => found,
        Err(e) => return Err(StoreError::io(path, "inspect the files of", e)),
    };
    let wrong = match (folder, found.is_dir(), found.is_file()) {
        (true, true, _) | (false, _, true) => return Ok(()),
        (_, true, _) => "a folder, not a file",
        (true, _, true) => "a file, not a folder",
        _ => "neither a file nor a folder",
    };
    Err(StoreError::damaged(path, format!("{what} is {wrong}")))
}

/// Removes the mark of an unfinished first open, once it has finished.
pub(crate) fn created(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path.join(CREATING)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(path, "write to", e)),
    }
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

    fn folder_with(names: &[(&str, usize)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, len) in names {
            std::fs::write(dir.path().join(name), vec![1u8; *len]).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_held_a_database_once_sled_wrote_there_and_the_first_open_finished() {
        let used = |names: &[(&str, usize)]| prepare(folder_with(names).path()).map(|f| f.used);
        assert_eq!(used(&[]).ok(), Some(false));
        assert_eq!(used(&[("blobs.txt", 3)]).ok(), Some(false));
        // What a first open that failed (a full disk) leaves, with its mark.
        assert_eq!(used(&[("conf", 0), ("creating", 0)]).ok(), Some(false));
        assert_eq!(
            used(&[("conf", 62), ("db", 4096), ("creating", 0)]).ok(),
            Some(false)
        );
        assert_eq!(used(&[("conf", 62), ("db", 0)]).ok(), Some(true));
        assert_eq!(
            used(&[("db", 0), ("snap.0000000000027FAB", 3098)]).ok(),
            Some(true)
        );
        assert_eq!(used(&[("db", 524_287), ("confirmed", 95)]).ok(), Some(true));
    }

    #[test]
    fn the_first_open_of_a_new_folder_is_marked_until_it_has_finished() {
        let dir = folder_with(&[]);
        prepare(dir.path()).unwrap();
        assert!(dir.path().join(CREATING).exists());
        created(dir.path()).unwrap();
        assert!(!dir.path().join(CREATING).exists());
        // A folder that held a database gets no mark.
        let dir = folder_with(&[("conf", 62), ("db", 0)]);
        prepare(dir.path()).unwrap();
        assert!(!dir.path().join(CREATING).exists());
    }

    #[test]
    fn a_folder_that_held_a_database_without_its_data_file_is_refused() {
        for names in [
            &[("conf", 62)][..],
            &[("conf", 0), ("snap.0000000000027FAB", 3098)],
            &[("confirmed", 95)],
        ] {
            let dir = folder_with(names);
            let err = prepare(dir.path()).unwrap_err();
            assert!(err.is_damage(), "{names:?}: {err}");
            assert!(err.to_string().contains("db, is gone"), "{err}");
            assert!(!dir.path().join(CREATING).exists());
        }
    }
}
