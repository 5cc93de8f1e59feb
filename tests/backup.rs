//! Backup and restore as a user meets them: `improvers backup FILE` then `improvers restore FILE`
//! gives back exactly the same database, and nothing that is not a whole backup changes anything.

mod common;

use assert_cmd::Command;
use common::*;
use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::ids::ParticipantId;
use improvers::store::codec::FORMAT;
use improvers::store::{BACKUP_MAGIC, Scope, Store};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn improvers(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("improvers").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env_remove("IMPROVERS_DB")
        .env_remove("NO_COLOR");
    cmd
}

type Contents = (improvers::domain::snapshot::Snapshot, Vec<String>, u64);

/// A folder with the demo database in `A` and its backup in `demo.backup`, and what `A` held
/// when the backup was taken (the backup's own entry in the register came after).
fn demo_and_backup() -> (tempfile::TempDir, PathBuf, PathBuf, Contents) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("A");
    let file = dir.path().join("demo.backup");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    let taken = contents(&db);
    improvers(&db)
        .arg("backup")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Backed up {} to {}: ",
            db.display(),
            file.display()
        )))
        .stdout(predicate::str::contains("participants"));
    (dir, db, file, taken)
}

/// Everything a user could see of a database.
fn contents(path: &Path) -> Contents {
    let store = open(path);
    let history = store
        .history(usize::MAX)
        .unwrap()
        .iter()
        .map(|e| format!("{e:?}"))
        .collect();
    (
        store.snapshot(Scope::Everything).unwrap(),
        history,
        store.last_seq().unwrap(),
    )
}

/// sled lets go of its lock a moment after a process exits or a store is dropped.
fn open(path: &Path) -> Store {
    for _ in 0..100 {
        if let Ok(store) = Store::open(path) {
            return store;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Store::open(path).unwrap()
}

/// What a backup holds after its header and checksum line.
fn content(backup: &[u8]) -> &[u8] {
    let header = BACKUP_MAGIC.len() + "sha256 ".len() + 64 + 1;
    assert!(backup[BACKUP_MAGIC.len()..].starts_with(b"sha256 "));
    &backup[header..]
}

/// `content` as a backup file with a checksum that matches it, worked out here independently
/// of improvers: the header, `sha256 ` and the hex SHA-256 of header and content, a line end.
fn seal(content: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(BACKUP_MAGIC);
    hasher.update(content);
    let sum: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = BACKUP_MAGIC.to_vec();
    out.extend_from_slice(format!("sha256 {sum}\n").as_bytes());
    out.extend_from_slice(content);
    out
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_restored_backup_is_the_same_database() {
    let (dir, a, file, taken) = demo_and_backup();
    let b = dir.path().join("B");
    improvers(&b)
        .arg("restore")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Restored {} into {}: ",
            file.display(),
            b.display()
        )));

    // The restored database is A as it was when the backup was taken; A has since entered
    // the backup in its register, as one more change.
    let (a_snapshot, a_history, a_seq) = taken;
    let (now_snapshot, _, now_seq) = contents(&a);
    assert_eq!(now_seq, a_seq + 1);
    assert_eq!(now_snapshot.backups.len(), 1);
    let (b_snapshot, b_history, b_seq) = contents(&b);
    assert!(b_snapshot.backups.is_empty());
    assert!(!a_snapshot.participants.is_empty());
    assert!(!a_snapshot.expenses.is_empty());
    assert!(!a_snapshot.revisions.is_empty());
    assert_eq!(b_snapshot, a_snapshot);
    assert_eq!(b_history, a_history);
    assert_eq!(b_seq, a_seq);

    let b = open(&b);
    // The derived data is rebuilt, not merely copied.
    assert_eq!(
        b.budget_totals().unwrap(),
        b.recompute_budget_totals().unwrap()
    );
    assert_eq!(b.budget_totals().unwrap(), a_snapshot.budget_totals);
    let year = |y| {
        chrono::NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap()
    };
    let all = b.sessions_starting_between(year(1900), year(2200)).unwrap();
    assert_eq!(all.len(), a_snapshot.sessions.len());
    // History carries on from where the backup left it.
    let next = b
        .apply(
            &Change::Delete(RecordKey::Participant(ParticipantId(u64::MAX))),
            "sam",
            when(0),
        )
        .unwrap();
    assert_eq!(next, a_seq + 1);
}

#[test]
fn restoring_over_data_needs_force_and_keeps_the_old_folder() {
    let (dir, a, file, _) = demo_and_backup();
    let other = dir.path().join("other.backup");
    let before = contents(&a);

    improvers(&a)
        .arg("restore")
        .arg(&file)
        .assert()
        .failure()
        .stderr(format!(
            "improvers: the database at {} is not empty; restore only into an empty database, or \
             add --force to replace it (the old folder is kept aside)\n",
            a.display()
        ));
    assert_eq!(contents(&a), before);
    assert_eq!(entries(dir.path()), ["A", "demo.backup"]);

    // Replace A with a different programme, then restore the demo over it.
    let b = dir.path().join("B");
    let b_taken = {
        let store = Store::open(&b).unwrap();
        store
            .apply(
                &Change::Put(Record::Participant(participant(1))),
                "sam",
                when(0),
            )
            .unwrap();
        let taken = (
            store.snapshot(Scope::Everything).unwrap(),
            store
                .history(usize::MAX)
                .unwrap()
                .iter()
                .map(|e| format!("{e:?}"))
                .collect::<Vec<_>>(),
            store.last_seq().unwrap(),
        );
        store.backup(&other).unwrap();
        taken
    };
    let out = improvers(&a)
        .arg("restore")
        .arg(&other)
        .arg("--force")
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let names = entries(dir.path());
    let aside = names
        .iter()
        .find(|n| n.starts_with("A.before-restore-"))
        .unwrap_or_else(|| panic!("no folder kept aside in {names:?}"));
    assert_eq!(
        stderr,
        format!(
            "Kept the old {} as {}\n",
            a.display(),
            dir.path().join(aside).display()
        )
    );
    assert_eq!(contents(&dir.path().join(aside)), before);
    // B as its backup took it, then one more change: A's register entry for demo.backup is
    // kept, since that file still holds A's people.
    let (restored, history, seq) = contents(&a);
    assert_eq!(seq, b_taken.2 + 1);
    assert_eq!(history[1..], b_taken.1[..]);
    assert_eq!(restored.participants, b_taken.0.participants);
    let registered: Vec<PathBuf> = restored.backups.values().map(|b| b.file.clone()).collect();
    assert_eq!(registered, [file.canonicalize().unwrap()]);
}

#[test]
fn a_file_that_is_not_a_whole_backup_is_refused_and_changes_nothing() {
    let (dir, a, file, _) = demo_and_backup();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(BACKUP_MAGIC));
    let before = contents(&a);

    let truncated = dir.path().join("truncated.backup");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let csv = dir.path().join("participants.csv");
    std::fs::write(&csv, "name,email\nAda Okafor,ada@nhs.example\n").unwrap();
    // A newer improvers' backup carries a checksum that matches its newer content.
    let newer = dir.path().join("newer.backup");
    let mut newer_content = content(&bytes).to_vec();
    newer_content[0] = FORMAT + 1;
    std::fs::write(&newer, seal(&newer_content)).unwrap();
    let cases = [
        (
            &truncated,
            format!(
                "{} is damaged: its checksum does not match; it cannot be restored. Use another \
                 backup",
                truncated.display()
            ),
        ),
        (
            &csv,
            format!(
                "{} is not an improvers backup: it does not start with the backup header",
                csv.display()
            ),
        ),
        (
            &newer,
            format!(
                "{} was written by a newer version of improvers (backup format {}); upgrade \
                 improvers to restore it",
                newer.display(),
                FORMAT + 1
            ),
        ),
    ];

    let empty = dir.path().join("B");
    for (bad, message) in &cases {
        for db in [&a, &empty] {
            // Not even --force moves a database aside for a file it cannot restore.
            improvers(db)
                .arg("restore")
                .arg(bad)
                .arg("--force")
                .assert()
                .failure()
                .stderr(format!("improvers: {message}\n"));
        }
        assert_eq!(contents(&a), before);
        assert!(!empty.exists(), "{}", empty.display());
    }
    let mut expected = vec![
        "A",
        "demo.backup",
        "newer.backup",
        "participants.csv",
        "truncated.backup",
    ];
    expected.sort();
    assert_eq!(entries(dir.path()), expected);
}

#[test]
fn a_deletion_survives_the_round_trip_and_still_explains_a_stale_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.backup"),
    );
    let ada = Record::Participant(participant(17));
    {
        let store = Store::open(&a).unwrap();
        store
            .apply(&Change::Put(ada.clone()), "sam", when(0))
            .unwrap();
        store
            .apply(&Change::Delete(ada.key()), "jsmith", when(3600))
            .unwrap();
        let summary = store.backup(&file).unwrap();
        assert_eq!(summary.history_entries, 2);
        assert_eq!(summary.participants, 0);
    }
    let store = Store::open(&b).unwrap();
    store.restore(&file).unwrap();
    let err = store
        .apply(
            &Change::Edit {
                record: ada,
                based_on: Some(1),
            },
            "sam",
            when(3660),
        )
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "participant Amara Okafor 17 was deleted by jsmith at 22:26 on 28 May 2026"
        ),
        "{err}"
    );
    // A second restore finds history there and refuses.
    let again = store.restore(&file).unwrap_err().to_string();
    assert!(again.contains("is not empty"), "{again}");
}

#[test]
fn a_backup_of_a_missing_database_or_into_a_missing_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    improvers(&missing)
        .args(["backup", "x.backup"])
        .assert()
        .failure()
        .stderr(format!(
            "improvers: there is no database at {}; give the one to back up with --db PATH\n",
            missing.display()
        ));

    let db = dir.path().join("A");
    drop(Store::open(&db).unwrap());
    let file = dir.path().join("no-such-folder").join("a.backup");
    improvers(&db)
        .arg("backup")
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::starts_with(format!(
            "improvers: cannot write the backup {}: ",
            file.display()
        )));
    assert_eq!(entries(dir.path()), ["A"]);
}

#[test]
fn a_flipped_bit_anywhere_is_damage_even_in_the_format() {
    let (dir, a, file, _) = demo_and_backup();
    let bytes = std::fs::read(&file).unwrap();
    let before = contents(&a);
    let name = b"Brightline Print";
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the demo pays Brightline Print");
    let mut payee = bytes.clone();
    payee[at] ^= 0b1; // B -> C
    assert_eq!(&payee[at..at + name.len()], b"Crightline Print");
    let mut format = bytes.clone();
    format[bytes.len() - content(&bytes).len()] ^= 0b1_0000; // 1 -> 17
    for (bad_name, bad) in [("payee.backup", payee), ("format.backup", format)] {
        let bad_file = dir.path().join(bad_name);
        std::fs::write(&bad_file, bad).unwrap();
        for db in [&a, &dir.path().join("B")] {
            improvers(db)
                .arg("restore")
                .arg(&bad_file)
                .arg("--force")
                .assert()
                .failure()
                .stderr(format!(
                    "improvers: {} is damaged: its checksum does not match; it cannot be \
                     restored. Use another backup\n",
                    bad_file.display()
                ));
        }
    }
    assert_eq!(contents(&a), before);
    assert!(!dir.path().join("B").exists());
}

#[test]
fn a_backup_from_before_checksums_is_restored_and_said_to_be_unchecked() {
    let (dir, _, file, taken) = demo_and_backup();
    let bytes = std::fs::read(&file).unwrap();
    // The layout before the checksum line: the header, then the content at once.
    let old = dir.path().join("old.backup");
    let mut old_bytes = BACKUP_MAGIC.to_vec();
    old_bytes.extend_from_slice(content(&bytes));
    std::fs::write(&old, old_bytes).unwrap();
    let b = dir.path().join("B");
    improvers(&b)
        .arg("restore")
        .arg(&old)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Restored {} into {}: ",
            old.display(),
            b.display()
        )))
        .stderr(format!(
            "{} was written before backups carried a checksum, so damage in it could not be \
             detected. Run `improvers --db {} check`, look over what was restored, then take a \
             new backup with `improvers --db {} backup FILE`.\n",
            old.display(),
            b.display(),
            b.display()
        ));
    assert_eq!(contents(&b), taken);
}
