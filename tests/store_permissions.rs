//! The database folder and everything in it stay private whatever the umask. In its own test
//! binary because the umask is process-wide and would race other tests.

mod common;

use common::*;
use improvers::domain::change::Change;
use improvers::store::Store;
use improvers::store::shared::{Owner, SOCKET_NAME};
use nix::sys::stat::{Mode, umask};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// Every entry under `root` with its mode, recursively.
fn modes_under(root: &Path) -> Vec<(std::path::PathBuf, bool, u32)> {
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let is_dir = path.is_dir();
            out.push((path.clone(), is_dir, mode(&path)));
            if is_dir {
                pending.push(path);
            }
        }
    }
    out
}

#[test]
fn the_database_is_private_whatever_the_umask() {
    let previous = umask(Mode::from_bits_truncate(0o022));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("share").join("improvers");
    let store = Store::open(&path).unwrap();
    let change = Change::Batch {
        summary: "imported".into(),
        changes: every_kind().into_iter().map(Change::Put).collect(),
    };
    store.apply(&change, "sam", when(0)).unwrap();
    // Serving other processes adds the owner's socket to the folder.
    let owner = Owner::start(store).unwrap();
    owner
        .apply(&Change::Batch {
            summary: "again".into(),
            changes: vec![],
        })
        .unwrap();
    umask(previous);
    let socket = path.join(SOCKET_NAME);
    assert!(
        socket.exists(),
        "the owner's socket is in the database folder"
    );
    assert_eq!(mode(&socket), 0o600, "the socket is for its user only");

    assert_eq!(mode(&path), 0o700);
    let entries = modes_under(&path);
    assert!(
        entries.iter().any(|(_, is_dir, _)| !is_dir),
        "sled wrote no files?"
    );
    for (entry, is_dir, mode) in entries {
        let wanted = if is_dir { 0o700 } else { 0o600 };
        // `owner` is still serving, so its socket is among the entries.
        assert_eq!(mode, wanted, "{} is {mode:o}", entry.display());
    }
    drop(owner);
    assert!(!socket.exists(), "an owner that stops removes its socket");
}
