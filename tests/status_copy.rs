//! `status` with nobody holding the database answers from the copy its last settled close left
//! beside it, without opening the database: the same answer as reading the database, never
//! an older one (a copy no longer standing for the files is passed over), never a damaged one,
//! and no copy at all while a process has the database open. Real processes throughout.

mod support;

use improvers::store::Scope;
use improvers::store::shared::Database;
use improvers::store::status_copy::{self, FILE};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use support::{Server, demo_db, improvers, stdout};

/// The log's size and its modification and change times: equal before and after a command,
/// the command did not open the database (sled writes to its log whenever it opens it).
fn log_stamp(db: &Path) -> (u64, i64, i64, i64, i64) {
    let meta = std::fs::metadata(db.join("db")).unwrap();
    (
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
    )
}

fn status(db: &Path, json: bool) -> String {
    let mut cmd = improvers(db);
    cmd.arg("status");
    if json {
        cmd.arg("--json");
    }
    stdout(&mut cmd)
}

/// Participants as `status --json` counts them.
fn participants(db: &Path) -> u64 {
    let value: serde_json::Value = serde_json::from_str(&status(db, true)).unwrap();
    value["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["participants"].as_u64().unwrap())
        .sum()
}

#[test]
fn status_answers_from_the_copy_without_opening_the_database_and_says_what_the_database_says() {
    let (_dir, db) = demo_db();
    let copy = db.join(FILE);
    let mode = std::fs::metadata(&copy)
        .expect("the demo, closed settled, leaves a status copy")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the copy holds names and emails");

    let before = log_stamp(&db);
    let (text, json) = (status(&db, false), status(&db, true));
    assert_eq!(
        log_stamp(&db),
        before,
        "status answered from the copy, leaving the database unopened"
    );
    assert!(text.contains("Cohorts"), "{text}");

    std::fs::remove_file(&copy).unwrap();
    assert_eq!(
        status(&db, false),
        text,
        "the database read itself says the same"
    );
    assert_eq!(status(&db, true), json);
    assert!(
        copy.exists(),
        "reading the database left a copy for next time"
    );
}

#[test]
fn a_copy_left_from_before_a_change_is_passed_over() {
    let (dir, db) = demo_db();
    let copy = db.join(FILE);
    let older = std::fs::read(&copy).unwrap();
    let counted = participants(&db);
    // A real-world file: a BOM, CRLF line ends and a trailing empty column.
    let file = dir.path().join("late.csv");
    std::fs::write(
        &file,
        "\u{feff}name,email,profession,organisation,cohort,\r\n\
         Wren Halloway,wren.halloway@example.org,Physiotherapist,Northgate Community Health,1,\r\n",
    )
    .unwrap();
    improvers(&db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(participants(&db), counted + 1);
    // As an improvers from before the copy would leave it: the old copy beside newer files.
    std::fs::write(&copy, older).unwrap();
    assert_eq!(
        participants(&db),
        counted + 1,
        "a copy of the programme before the import is never the answer"
    );
}

#[test]
fn a_damaged_copy_is_passed_over_and_made_again() {
    let (_dir, db) = demo_db();
    let copy = db.join(FILE);
    let whole = status(&db, true);
    let mut bytes = std::fs::read(&copy).unwrap();
    for at in [bytes.len() / 3, bytes.len() - 1] {
        bytes[at] ^= 0x10;
        std::fs::write(&copy, &bytes).unwrap();
        assert_eq!(status(&db, true), whole);
        assert_ne!(
            std::fs::read(&copy).unwrap(),
            bytes,
            "the damaged copy was replaced"
        );
    }
    std::fs::write(&copy, b"improvers").unwrap();
    assert_eq!(status(&db, true), whole);
}

#[test]
fn a_damaged_database_is_refused_though_a_copy_stands_beside_it() {
    let (_dir, db) = demo_db();
    assert!(db.join(FILE).exists());
    // Every byte of the log after its first segment's header, cut away in place.
    let log = std::fs::OpenOptions::new()
        .write(true)
        .open(db.join("db"))
        .unwrap();
    log.set_len(64).unwrap();
    drop(log);
    let out = improvers(&db).arg("status").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a cut log answered: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(said.contains(&db.display().to_string()), "{said}");
}

#[test]
fn no_copy_while_a_process_holds_the_database_and_a_fresh_one_after() {
    let (_dir, db) = demo_db();
    let copy = db.join(FILE);
    let server = Server::start(&db);
    assert!(
        !copy.exists(),
        "an owner may change the programme at any moment"
    );
    let through_owner = status(&db, true);
    server.stop();
    assert!(copy.exists(), "the owner's settled close leaves one");
    assert_eq!(status(&db, true), through_owner);

    // An owner killed leaves none: the next status reads the database, and leaves one.
    let server = Server::start(&db);
    server.kill();
    assert!(!copy.exists());
    assert_eq!(status(&db, true), through_owner);
    assert!(copy.exists());
}

/// The copy a settled close leaves is read only by the program file that wrote it, so these
/// tests open and close the database through the library, in this test's own process.
fn closed_settled_here(db: &std::path::Path) -> improvers::domain::snapshot::Snapshot {
    let (_, data) = Database::open(db)
        .unwrap()
        .snapshot(Scope::Summary)
        .unwrap();
    data
}

#[test]
fn a_copy_made_on_another_day_is_not_used() {
    let (_dir, db) = demo_db();
    closed_settled_here(&db);
    let read = status_copy::read(&db).expect("a copy stands for the demo's files");
    // Made again for yesterday, stamped with the files as they are.
    let yesterday = read.made_on.pred_opt().unwrap();
    status_copy::write(&db, &read.data, yesterday);
    assert_eq!(status_copy::read(&db).unwrap().made_on, yesterday);
    improvers::commands::status::run(&db, &Default::default(), true, None).unwrap();
    assert_eq!(
        status_copy::read(&db).unwrap().made_on,
        read.made_on,
        "yesterday's copy was passed over and today's made"
    );
}

#[test]
fn a_copy_written_by_another_program_file_is_not_read() {
    let (_dir, db) = demo_db();
    assert!(db.join(FILE).exists(), "the improvers binary left one");
    assert!(
        status_copy::read(&db).is_none(),
        "read by this test's program, laid out by another build"
    );
}

#[test]
fn the_copy_holds_the_programme_as_status_reads_it() {
    let (_dir, db) = demo_db();
    let read = closed_settled_here(&db);
    let copy = status_copy::read(&db).unwrap();
    let fields = |s: &improvers::domain::snapshot::Snapshot| {
        format!("{s:#?}")
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (kept, whole) = (fields(&copy.data), fields(&read));
    let first = kept.iter().zip(&whole).position(|(a, b)| a != b);
    assert!(
        kept == whole,
        "first difference at line {first:?}: copy {:?}, database {:?}",
        first.map(|n| &kept[n]),
        first.map(|n| &whole[n])
    );
}

#[test]
fn a_folder_holding_only_its_status_copy_is_refused_as_a_database_whose_data_is_gone() {
    let (_dir, db) = demo_db();
    let copy = std::fs::read(db.join(FILE)).unwrap();
    for entry in std::fs::read_dir(&db).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != FILE) {
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    let out = improvers(&db).arg("status").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(said.contains("its data file, db, is gone"), "{said}");
    assert_eq!(
        std::fs::read(db.join(FILE)).unwrap(),
        copy,
        "the last trace of the programme is left as it was"
    );
    assert!(
        !db.join("db").exists(),
        "no new database was made in its place"
    );
}

#[test]
fn status_in_an_empty_folder_makes_no_database_and_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    // As a `restore` leaves it for a moment: made, not yet filled.
    let db = dir.path().join("being-restored");
    std::fs::create_dir(&db).unwrap();
    let backup = dir.path().join("b.backup");
    let backup = backup.to_str().unwrap();
    for command in [
        &["status"][..],
        &["status", "--json"],
        &["check"],
        &["export", "participants"],
        &["backup", backup],
    ] {
        let out = improvers(&db).args(command).output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command:?}");
        assert!(said.contains("there is no database at"), "{said}");
        assert!(said.contains("init"), "{said}");
    }
    assert_eq!(
        std::fs::read_dir(&db).unwrap().count(),
        0,
        "nothing was made in the folder"
    );
}

#[test]
fn a_pipe_or_a_link_in_the_copys_place_is_passed_over_at_once() {
    let (_dir, db) = demo_db();
    let whole = status(&db, true);
    let copy = db.join(FILE);
    std::fs::remove_file(&copy).unwrap();
    nix::unistd::mkfifo(
        &copy,
        nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
    )
    .unwrap();
    // A pipe nobody writes to would block a plain read for ever.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
        .args(["--db"])
        .arg(&db)
        .args(["status", "--json"])
        .env("XDG_CONFIG_HOME", "/nonexistent/improvers-tests")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("status waited on a pipe in the copy's place");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), whole);

    // The database read and closed again leaves a plain copy; a link to a device replaces it.
    std::fs::remove_file(&copy).ok();
    std::os::unix::fs::symlink("/dev/zero", &copy).unwrap();
    assert_eq!(status(&db, true), whole);
    assert!(
        std::fs::symlink_metadata(&copy).unwrap().is_file(),
        "a plain copy made again"
    );
}
