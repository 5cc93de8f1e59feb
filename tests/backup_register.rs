//! The backup register as a coordinator meets it: every `improvers backup` is entered with its
//! absolute path, time, user, last change and checksum, and `improvers backups` says whether
//! each file is still there as written. Real processes on temporary databases.

mod support;

use improvers::domain::change::{Change, RecordKey};
use improvers::store::shared::Database;
use improvers::store::{Scope, Store, current_user};
use std::path::{Path, PathBuf};
use support::{Server, demo_db, improvers, stdout};

fn backup(db: &Path, file: &Path) {
    improvers(db)
        .arg("backup")
        .arg(file)
        .assert()
        .success()
        .stdout(predicates::str::starts_with("Backed up "));
}

/// The register as printed on a screen wide enough that no line is wrapped (text_width.rs
/// checks the wrapping).
fn backups(db: &Path) -> String {
    stdout(improvers(db).env("COLUMNS", "500").arg("backups"))
}

/// The state line of the backup numbered `n` in `improvers backups`: "PATH: STATE".
fn state_line(listing: &str, n: u64) -> String {
    let mut lines = listing.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with(&format!("{n}. ")) {
            return lines.next().unwrap_or_default().trim().to_string();
        }
    }
    panic!("no backup {n} in:\n{listing}");
}

fn register(db: &Path) -> Vec<improvers::domain::people::backups::BackupEntry> {
    let (_, data) = Database::open(db)
        .unwrap()
        .snapshot(Scope::Summary)
        .unwrap();
    data.backups.into_values().collect()
}

#[test]
fn an_empty_database_has_an_empty_register_then_one_entry_per_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty");
    drop(Store::open(&db).unwrap());
    let said = backups(&db);
    assert_eq!(
        said,
        format!(
            "No backups of {0} are in the register yet; take one with `improvers --db {0} \
             backup FILE`.\n",
            db.display()
        )
    );
    let first = dir.path().join("first.backup");
    let second = dir.path().join("second.backup");
    backup(&db, &first);
    backup(&db, &second);
    let said = backups(&db);
    assert!(
        said.starts_with(&format!(
            "Backups of {} (2 backups), oldest first:\n",
            db.display()
        )),
        "{said}"
    );
    let user = current_user();
    // An empty database has made no change; the first backup's register entry is change 1.
    assert!(
        said.contains(&format!("by {user}, up to change 0\n")),
        "{said}"
    );
    assert!(
        said.contains(&format!("by {user}, up to change 1\n")),
        "{said}"
    );
    assert_eq!(
        state_line(&said, 1),
        format!("{}: kept, matches its checksum", first.display())
    );
    assert_eq!(
        state_line(&said, 2),
        format!("{}: kept, matches its checksum", second.display())
    );
}

#[test]
fn a_deleted_backup_shows_missing_and_a_damaged_one_does_not_match() {
    let (dir, db) = demo_db();
    let monday = dir.path().join("monday.backup");
    let tuesday = dir.path().join("tuesday.backup");
    backup(&db, &monday);
    backup(&db, &tuesday);
    let said = backups(&db);
    assert!(said.contains("(2 backups)"), "{said}");
    assert!(!said.contains("not as written"), "{said}");

    std::fs::remove_file(&monday).unwrap();
    let mut bytes = std::fs::read(&tuesday).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x10;
    std::fs::write(&tuesday, bytes).unwrap();

    let said = backups(&db);
    assert_eq!(
        state_line(&said, 1),
        format!("{}: missing", monday.display())
    );
    assert_eq!(
        state_line(&said, 2),
        format!("{}: does not match its checksum", tuesday.display())
    );
    assert!(
        said.ends_with(
            "1 backup is not as written: such a file cannot be restored, but may still hold people's \
             details; delete it if it is not wanted.\n"
        ),
        "{said}"
    );
}

#[test]
fn the_register_keeps_the_absolute_path_the_last_change_and_the_files_checksum() {
    let (dir, db) = demo_db();
    let before = Database::open(&db).unwrap().last_seq().unwrap();
    improvers(&db)
        .current_dir(dir.path())
        .args(["backup", "relative.backup"])
        .assert()
        .success();
    let entries = register(&db);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    let expected: PathBuf = dir.path().canonicalize().unwrap().join("relative.backup");
    assert_eq!(entry.file, expected);
    assert_eq!(entry.last_change, before);
    assert_eq!(entry.user, current_user());
    let bytes = std::fs::read(&expected).unwrap();
    use sha2::{Digest, Sha256};
    let sum: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(entry.sha256, sum);
    // The entry is a change of its own, in history, right after what the backup holds.
    let history = Database::open(&db).unwrap().history(1).unwrap();
    assert_eq!(history[0].seq, before + 1);
    assert_eq!(
        history[0].change.summary(),
        format!("backed up to {}", expected.display())
    );
    // As `:history` reads it.
    let (_, names) = Database::open(&db)
        .unwrap()
        .snapshot(Scope::Summary)
        .unwrap();
    assert_eq!(
        improvers::domain::describe::describe_entry(&history[0], &names),
        format!("added backup {}", expected.display())
    );
}

#[test]
fn a_backup_written_over_an_older_one_says_which_replaced_it() {
    let (dir, db) = demo_db();
    let file = dir.path().join("nightly.backup");
    backup(&db, &file);
    backup(&db, &file);
    let said = backups(&db);
    assert_eq!(
        state_line(&said, 1),
        format!("{}: replaced by backup 2", file.display())
    );
    assert_eq!(
        state_line(&said, 2),
        format!("{}: kept, matches its checksum", file.display())
    );
    // Writing over last night's backup is what a rota does: nothing to act on.
    assert!(!said.contains("not as written"), "{said}");
}

#[test]
fn two_backups_at_once_through_a_serving_owner_are_both_registered() {
    let (dir, db) = demo_db();
    let server = Server::start(&db);
    let files: Vec<PathBuf> = ["one", "two"]
        .iter()
        .map(|n| dir.path().join(format!("{n}.backup")))
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|file| {
            std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
                .arg("--db")
                .arg(&db)
                .arg("backup")
                .arg(file)
                .env_remove("IMPROVERS_DB")
                .env_remove("IMPROVERS_CONFIG")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let entries = register(&db);
    let mut registered: Vec<PathBuf> = entries.iter().map(|e| e.file.clone()).collect();
    registered.sort();
    let mut expected: Vec<PathBuf> = files.iter().map(|f| f.canonicalize().unwrap()).collect();
    expected.sort();
    assert_eq!(registered, expected);
    let ids: Vec<u64> = entries.iter().map(|e| e.id.0).collect();
    assert_eq!(ids, [1, 2]);
    // The owner takes them one after the other: the second holds the first's register entry
    // as its last change.
    let mut last: Vec<u64> = entries.iter().map(|e| e.last_change).collect();
    last.sort_unstable();
    assert_eq!(last[1], last[0] + 1);
    let said = backups(&db);
    assert_eq!(said.matches("kept, matches its checksum").count(), 2);
    server.stop();
}

/// What `forget` will ask after erasing someone: which backups still hold them.
#[test]
fn backups_holding_names_those_taken_before_a_change_and_still_on_disk() {
    let (dir, db) = demo_db();
    let kept = dir.path().join("kept.backup");
    let deleted = dir.path().join("deleted.backup");
    let after = dir.path().join("after.backup");
    backup(&db, &kept);
    backup(&db, &deleted);
    std::fs::remove_file(&deleted).unwrap();
    let mut database = Database::open(&db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let someone = *data.participants.keys().next().unwrap();
    let erased = database
        .apply(&Change::Delete(RecordKey::Participant(someone)))
        .unwrap();
    drop(database);
    backup(&db, &after);
    let holding = Database::open(&db)
        .unwrap()
        .backups_holding(erased)
        .unwrap();
    let files: Vec<PathBuf> = holding.iter().map(|e| e.file.clone()).collect();
    assert_eq!(files, [kept.canonicalize().unwrap()]);
}

/// Restoring an older backup over the database keeps the register entries of the backups
/// taken since: those files still hold people's details, and an erasure must find them.
#[test]
fn a_restore_over_the_database_keeps_the_backups_taken_since_in_the_register() {
    let (dir, db) = demo_db();
    let monday = dir.path().join("monday.backup");
    let tuesday = dir.path().join("tuesday.backup");
    backup(&db, &monday);
    backup(&db, &tuesday);
    improvers(&db)
        .args(["restore", "--force"])
        .arg(&monday)
        .assert()
        .success();
    let said = backups(&db);
    assert!(said.contains("(2 backups)"), "{said}");
    assert_eq!(
        state_line(&said, 1),
        format!("{}: kept, matches its checksum", monday.display())
    );
    assert_eq!(
        state_line(&said, 2),
        format!("{}: kept, matches its checksum", tuesday.display())
    );
    // A backup never holds its own entry (it is entered once written), so both are kept.
    let history = Database::open(&db).unwrap().history(1).unwrap();
    assert_eq!(
        history[0].change.summary(),
        "kept 2 backup register entries of the database restored over"
    );
}
