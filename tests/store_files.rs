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

/// `status --json` and `check` on `db`: both refused, saying the folder's files are missing
/// and what to do, with nothing on standard output.
fn assert_refused_as_missing(db: &Path) {
    let folder = db.display();
    for command in [&["status", "--json"][..], &["check"]] {
        let out = improvers(db).args(command).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command:?} succeeded: {stderr}");
        assert!(out.stdout.is_empty(), "{command:?}");
        assert!(
            stderr.starts_with(&format!(
                "improvers: the database at {folder} is damaged or its files are missing: its \
                 data file, db, "
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "Restore your latest backup with `improvers --db {folder} restore FILE --force`"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("to start a new programme instead, move the folder aside"),
            "{stderr}"
        );
    }
}

#[test]
fn a_folder_whose_data_files_were_removed_is_refused_not_opened_empty() {
    let (_dir, db) = demo_copy();
    for name in names(&db) {
        if name == "db" || name == "confirmed" || name.starts_with("snap.") {
            std::fs::remove_file(db.join(name)).unwrap();
        }
    }
    // The copy `status` reads while nobody has the database open stays, no longer standing
    // for the files, and is kept as it was: it is a trace of the programme too.
    assert_eq!(names(&db), ["blobs", "conf", "status-copy"]);
    assert_refused_as_missing(&db);
    // Refused before anything was written: the same again next time.
    assert_eq!(names(&db), ["blobs", "conf", "status-copy"]);
    assert_refused_as_missing(&db);
}

/// `rm DB/*` leaves the folder of large values, which sled made on the database's first open.
#[test]
fn a_folder_left_with_nothing_but_its_empty_blobs_folder_is_refused() {
    let (_dir, db) = demo_copy();
    for name in names(&db) {
        if name != "blobs" {
            std::fs::remove_file(db.join(name)).unwrap();
        }
    }
    assert_eq!(names(&db), ["blobs"]);
    assert_refused_as_missing(&db);
    assert_eq!(names(&db), ["blobs"], "nothing was made in its place");
}

#[test]
fn a_data_file_emptied_with_its_note_removed_is_refused_not_opened_empty() {
    let (dir, db) = demo_copy();
    let backup = dir.path().join("copy.improvers-backup");
    improvers(&db).arg("backup").arg(&backup).assert().success();
    let emptied = dir.path().join("emptied");
    copy_folder(&db, &emptied);
    std::fs::File::options()
        .write(true)
        .open(emptied.join("db"))
        .unwrap()
        .set_len(0)
        .unwrap();
    std::fs::remove_file(emptied.join("confirmed")).unwrap();
    // sled finds its snapshot speaks of more than its log holds.
    let out = improvers(&emptied).arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "improvers: the database at {} is damaged: ",
            emptied.display()
        )),
        "{stderr}"
    );
    // Without a snapshot (as a database no improvers has reopened since its last change),
    // nothing of sled's own notices.
    for name in names(&emptied) {
        if name.starts_with("snap.") {
            std::fs::remove_file(emptied.join(name)).unwrap();
        }
    }
    assert_eq!(names(&emptied), ["blobs", "conf", "db"]);
    assert_refused_as_missing(&emptied);
    assert_refused_as_missing(&emptied);

    // As the refusal says: the folder is kept aside and the backup restored.
    improvers(&emptied)
        .arg("restore")
        .arg(&backup)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(status_json(&emptied), status_json(&db));
}

#[test]
fn a_new_folder_still_opens_as_a_new_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-yet");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for db in [&missing, &empty] {
        let store = Store::open(db).unwrap();
        assert!(store.is_empty().unwrap(), "{}", db.display());
        drop(store);
        assert_eq!(names(db), ["blobs", "conf", "confirmed", "db"]);
        assert_eq!(add_participant(db, 1), 1, "{}", db.display());
        improvers(db).arg("check").assert().success();
    }
}

/// What `status` says on `db`, which must fail.
fn refusal(db: &Path) -> String {
    let out = improvers(db).arg("status").output().unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_database_file_replaced_by_a_folder_or_the_other_way_round_is_said_in_words() {
    let (_dir, db) = demo_copy();
    let folder = db.display();
    let restore = format!(
        "; improvers will not use it. Restore your latest backup with `improvers --db {folder} \
         restore FILE --force`, which keeps the damaged folder aside, then run `improvers --db \
         {folder} check`\n"
    );
    std::fs::rename(db.join("db"), db.join("db.moved")).unwrap();
    std::fs::create_dir(db.join("db")).unwrap();
    assert_eq!(
        refusal(&db),
        format!(
            "improvers: the database at {folder} is damaged: its data file, db, is a folder, not \
             a file{restore}"
        )
    );
    std::fs::remove_dir(db.join("db")).unwrap();
    std::fs::rename(db.join("db.moved"), db.join("db")).unwrap();
    improvers(&db).arg("status").assert().success();

    std::fs::remove_dir_all(db.join("blobs")).unwrap();
    std::fs::write(db.join("blobs"), b"x\n").unwrap();
    assert_eq!(
        refusal(&db),
        format!(
            "improvers: the database at {folder} is damaged: its folder of large values, blobs, \
             is a file, not a folder{restore}"
        )
    );
}

#[test]
fn a_database_path_naming_a_file_says_to_give_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, b"hi\n").unwrap();
    assert_eq!(
        refusal(&file),
        format!(
            "improvers: {} is a file, not a database folder: give a folder with --db PATH\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"hi\n");
    let below = file.join("programme");
    let said = refusal(&below);
    assert_eq!(
        said,
        format!(
            "improvers: cannot look for the database at {}: part of its path is a file, not a \
             folder; check the path, or choose another\n",
            below.display()
        )
    );
}
