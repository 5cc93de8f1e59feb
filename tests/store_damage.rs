//! A damaged database as a user meets it: whatever happened to its files (a bit flipped, a file
//! cut short or gone, an older copy put back), `status` and `check` show the whole programme or
//! refuse with a sentence naming the folder and what to do — never a smaller or empty
//! programme with a successful exit.

mod common;
mod support;

use common::{participant, when};
use improvers::domain::change::{Change, Record};
use improvers::store::Store;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::{demo_db, improvers};

/// Every regular file under `dir`, in a fixed order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn copy_folder(from: &Path, to: &Path) {
    for file in files(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// Files under `dir` that anyone but their owner may read or write: none, even in a damaged
/// database improvers refused.
fn open_to_others(dir: &Path) -> impl Iterator<Item = PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    files(dir)
        .into_iter()
        .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.permissions().mode() & 0o077 != 0))
}

#[derive(Debug, Clone, Copy)]
enum Damage {
    /// One bit, `1 << bit`, of the byte at the offset.
    Flip {
        at: u64,
        bit: u8,
    },
    CutTo(u64),
    Removed,
}

fn damage(file: &Path, how: Damage) {
    match how {
        Damage::Flip { at, bit } => {
            let mut bytes = std::fs::read(file).unwrap();
            bytes[at as usize] ^= 1 << bit;
            std::fs::write(file, bytes).unwrap();
        }
        Damage::CutTo(len) => std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_len(len)
            .unwrap(),
        Damage::Removed => std::fs::remove_file(file).unwrap(),
    }
}

/// `per_file` offsets spread over each file from its start to its end, shifted a little at
/// each step so they do not all fall on aligned boundaries, with the bit varying too; each
/// offset is both flipped and cut at, and each file is also removed.
fn cases(db: &Path, per_file: u64) -> Vec<(PathBuf, Damage)> {
    let mut cases = Vec::new();
    for file in files(db) {
        let size = std::fs::metadata(&file).unwrap().len();
        // Small files are covered as densely with fewer cases.
        let n = per_file.min(size.max(1));
        for i in 0..n {
            let at = ((size * i) / n + i * 37) % size.max(1);
            cases.push((
                file.clone(),
                Damage::Flip {
                    at,
                    bit: (i % 8) as u8,
                },
            ));
            cases.push((file.clone(), Damage::CutTo(at)));
        }
        cases.push((file, Damage::Removed));
    }
    cases
}

/// What is wrong with `out` from a command on the damaged copy `db`; `None` when it is the
/// undamaged answer `whole`, or a failure that says clearly what happened.
fn judge(db: &Path, out: &Output, whole: &[u8]) -> Option<String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return (out.stdout != whole).then(|| format!("succeeded with other output: {stdout}"));
    }
    let folder = db.display().to_string();
    let said = format!("{stdout}{stderr}");
    if !stderr.starts_with("improvers: ") || !stderr.contains(&folder) {
        return Some(format!("failed without naming the folder: {stderr}"));
    }
    for leak in ["Os {", "backtrace", "Corruption {", "panicked"] {
        if said.contains(leak) {
            return Some(format!("failed showing {leak:?}: {stderr}"));
        }
    }
    (!said.contains("restore")).then(|| format!("failed without saying what to do: {stderr}"))
}

#[test]
fn every_damaged_copy_of_the_demo_is_whole_or_refused() {
    let (dir, db) = demo_db();
    // Copied before anything opens it: opening lets sled write a snapshot beside its log.
    let pristine = dir.path().join("pristine");
    copy_folder(&db, &pristine);
    let db_size = std::fs::metadata(pristine.join("db")).unwrap().len();
    assert!(db_size > 100_000, "the demo's log is {db_size} bytes");
    assert_whole_or_refused(dir.path(), &db, &pristine, 24);
}

/// A database in use for a while: many changes, each flushed, and sled's snapshots beside
/// its log from being opened and closed between them.
#[test]
fn every_damaged_copy_of_a_database_in_use_is_whole_or_refused() {
    let (dir, db) = demo_db();
    for id in 0..12 {
        add_participant(&db, 9_000 + id);
        improvers(&db).arg("status").assert().success();
    }
    let pristine = dir.path().join("pristine");
    copy_folder(&db, &pristine);
    assert!(
        files(&pristine).iter().any(|f| f
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("snap."))),
        "{:?}",
        files(&pristine)
    );
    assert_whole_or_refused(dir.path(), &db, &pristine, 8);
}

/// Damages copies of `pristine` (a copy of `db`) in every way `cases` lists, in `dir`, and
/// runs `status --json` then `check` on each: every answer is the undamaged one or a refusal.
fn assert_whole_or_refused(dir: &Path, db: &Path, pristine: &Path, per_file: u64) {
    let status = improvers(db).args(["status", "--json"]).output().unwrap();
    let check = improvers(db).arg("check").output().unwrap();
    assert!(status.status.success() && check.status.success());
    let cases = cases(pristine, per_file);
    // Two at a time: each runs two commands that mostly wait on the disk.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves: Vec<_> = [0, 1]
            .into_iter()
            .map(|half| {
                let (cases, status, check) = (&cases, &status, &check);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (n, (file, how)) in cases.iter().enumerate().skip(half).step_by(2) {
                        let copy = dir.join(format!("copy-{n}"));
                        copy_folder(pristine, &copy);
                        let relative = file.strip_prefix(pristine).unwrap();
                        damage(&copy.join(relative), *how);
                        let what = format!("{} {how:?}", relative.display());
                        let said = improvers(&copy)
                            .args(["status", "--json"])
                            .output()
                            .unwrap();
                        if let Some(wrong) = judge(&copy, &said, &status.stdout) {
                            failures.push(format!("{what}: status {wrong}"));
                        }
                        let said = improvers(&copy).arg("check").output().unwrap();
                        if let Some(wrong) = judge(&copy, &said, &check.stdout) {
                            failures.push(format!("{what}: check {wrong}"));
                        }
                        failures.extend(
                            open_to_others(&copy)
                                .map(|f| format!("{what}: {} is open to others", f.display())),
                        );
                        std::fs::remove_dir_all(&copy).unwrap();
                    }
                    failures
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} damaged copies:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
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

/// Adds participant `id` as change number whatever comes next.
fn add_participant(db: &Path, id: u64) -> u64 {
    open(db)
        .apply(
            &Change::Put(Record::Participant(participant(id))),
            "sam",
            when(0),
        )
        .unwrap()
}

fn note(db: &Path) -> String {
    std::fs::read_to_string(db.join("confirmed")).unwrap()
}

#[test]
fn an_older_copy_put_back_is_refused_naming_what_was_lost_and_a_restore_mends_it() {
    let (dir, db) = demo_db();
    let backup = dir.path().join("demo.backup");
    // The backup's entry in the register is change 2.
    improvers(&db).arg("backup").arg(&backup).assert().success();
    let older = dir.path().join("older");
    copy_folder(&db, &older);
    assert_eq!(add_participant(&db, 9_001), 3);
    assert_eq!(add_participant(&db, 9_002), 4);
    // The files as they were after change 2, under the note of change 4.
    for file in files(&db) {
        if file.file_name().is_some_and(|n| n != "confirmed") {
            std::fs::remove_file(file).unwrap();
        }
    }
    for file in files(&older) {
        if file.file_name().is_some_and(|n| n != "confirmed") {
            std::fs::copy(&file, db.join(file.strip_prefix(&older).unwrap())).unwrap();
        }
    }
    let folder = db.display();
    let refusal = format!(
        "improvers: the database at {folder} is missing changes it had confirmed as saved: it \
         holds changes up to 2, but change 4 was confirmed, so its files are damaged or an older \
         copy was put in their place; improvers will not use it. Restore your latest backup with \
         `improvers --db {folder} restore FILE --force`, which keeps this folder aside, then run \
         `improvers --db {folder} check`. To use what is left instead, losing changes 3 to 4, \
         delete {folder}/confirmed\n"
    );
    let not_written = dir.path().join("not-written.backup");
    let not_written = not_written.to_str().unwrap();
    for command in [
        &["status", "--json"][..],
        &["check"],
        &["backup", not_written],
    ] {
        improvers(&db)
            .args(command)
            .assert()
            .failure()
            .stdout("")
            .stderr(refusal.clone());
    }
    assert!(!Path::new(not_written).exists());
    // The refusal wrote nothing: the note still speaks of change 4.
    assert!(note(&db).contains("\nchange 4\n"), "{}", note(&db));

    let out = improvers(&db)
        .arg("restore")
        .arg(&backup)
        .arg("--force")
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "Kept the damaged {folder} as {folder}.before-restore-"
        )),
        "{stderr}"
    );
    improvers(&db).arg("check").assert().success();
}

#[test]
fn deleting_the_note_as_told_opens_what_is_left_and_notes_it_afresh() {
    let (dir, db) = demo_db();
    let older = dir.path().join("older");
    copy_folder(&db, &older);
    add_participant(&db, 9_001);
    std::fs::copy(db.join("confirmed"), older.join("confirmed")).unwrap();
    improvers(&older)
        .args(["status", "--json"])
        .assert()
        .failure();
    std::fs::remove_file(older.join("confirmed")).unwrap();
    improvers(&older)
        .args(["status", "--json"])
        .assert()
        .success();
    assert!(note(&older).contains("\nchange 1\n"), "{}", note(&older));
}

#[test]
fn a_database_from_before_the_note_opens_and_gains_one() {
    let (_dir, db) = demo_db();
    std::fs::remove_file(db.join("confirmed")).unwrap();
    improvers(&db).arg("check").assert().success();
    assert!(note(&db).contains("\nchange 1\n"), "{}", note(&db));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(db.join("confirmed"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_note_one_change_behind_after_a_crash_catches_up() {
    let (dir, db) = demo_db();
    let behind = dir.path().join("confirmed-after-change-1");
    std::fs::copy(db.join("confirmed"), &behind).unwrap();
    add_participant(&db, 9_001);
    // As if the process died after the flush of change 2 and before its note.
    std::fs::copy(&behind, db.join("confirmed")).unwrap();
    improvers(&db).args(["status", "--json"]).assert().success();
    assert!(note(&db).contains("\nchange 2\n"), "{}", note(&db));
}
