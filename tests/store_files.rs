//! The database folder as a failed write, a person or a mistaken path can leave it: what sled
//! left unfinished is not read as damage, and a folder whose files are gone is refused rather
//! than read as a new, empty programme.

mod common;
mod support;

use common::{participant, when};
use improvers::domain::change::{Change, Record};
use improvers::store::Store;
use std::path::{Path, PathBuf};
use support::{demo_db, improvers, status_json, stdout};

/// The names of the files directly in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The copy of every file under `from`, in `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the demo at `copy` in the demo's folder, with sled's snapshot of it written.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = demo_db();
    improvers(&db).arg("status").assert().success();
    let copy = dir.path().join("copy");
    copy_folder(&db, &copy);
    (dir, copy)
}

/// Saves a participant through the library, as any command that writes does.
fn add_participant(db: &Path, id: u64) -> u64 {
    Store::open(db)
        .unwrap()
        .apply(
            &Change::Put(Record::Participant(participant(id))),
            "sam",
            when(0),
        )
        .unwrap()
}

#[test]
fn an_unfinished_snapshot_left_by_a_failed_write_is_not_read_as_damage() {
    let (_dir, db) = demo_copy();
    let status = status_json(&db);
    let check = stdout(improvers(&db).arg("check"));
    let snapshots: Vec<String> = names(&db)
        .into_iter()
        .filter(|n| n.starts_with("snap."))
        .collect();
    assert!(!snapshots.is_empty(), "{:?}", names(&db));
    // As a full disk leaves them: empty, or cut short, under the name of the snapshot sled
    // was about to finish (which sorts after every finished one).
    std::fs::write(db.join("snap.00000000FFFFFFFF.generating"), b"").unwrap();
    let finished = std::fs::read(db.join(&snapshots[0])).unwrap();
    std::fs::write(
        db.join(format!("{}.generating", snapshots[0])),
        &finished[..finished.len() / 2],
    )
    .unwrap();

    assert_eq!(status_json(&db), status);
    assert_eq!(stdout(improvers(&db).arg("check")), check);
    let seq = add_participant(&db, 9_001);
    assert_eq!(seq, 2);
    improvers(&db).arg("check").assert().success();
    assert!(
        !names(&db).iter().any(|n| n.ends_with(".generating")),
        "{:?}",
        names(&db)
    );
}
