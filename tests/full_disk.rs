//! A disk with no room left: changes are refused in plain words, reading keeps working, and
//! writing works again once there is room, without restarting anything. Real `improvers`
//! processes on real file systems:
//!
//! - A small tmpfs mounted for the test is a real full disk (ENOSPC). Mounting needs root (as
//!   CI has); without it the test says so and is skipped. The mount is taken down when the
//!   test ends, however it ends.
//! - A file-size limit (`RLIMIT_FSIZE`, set in the owner's process alone; improvers blocks
//!   SIGXFSZ itself, so a write past it fails with EFBIG instead of killing the process) makes a write fail on
//!   the way to the disk after the owner has accepted it: the path on which sled refuses every
//!   later write until the database is opened again. Raising the limit from outside
//!   (`prlimit`) stands for freeing space. Needs no root; Linux only (prlimit).

mod support;

use support::{Server, demo_db, improvers, status_json};

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::{CategoryId, ExpenseId};
use improvers::domain::money::Pence;
use improvers::store::Scope;
use improvers::store::shared::Client;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn expense(id: u64, description: &str) -> Change {
    Change::Put(Record::Expense(Expense {
        id: ExpenseId(id),
        date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        category: CategoryId::MATERIALS,
        amount: Pence(2_500),
        payee: format!("Full disk payee {id}"),
        description: description.to_string(),
        session: None,
        person: None,
        state: ExpenseState::Paid,
        history: vec![],
    }))
}

/// A tmpfs of `megabytes` mounted on a fresh folder, taken down when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None`, with the reason printed, where this process may not mount.
    fn mount(megabytes: u32) -> Option<Tmpfs> {
        if !nix::unistd::getuid().is_root() {
            eprintln!("mounting a small tmpfs needs root; not run");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={megabytes}m,mode=0700"))
            .arg("tmpfs")
            .arg(dir.path())
            .status();
        match mounted {
            Ok(status) if status.success() => Some(Tmpfs { dir }),
            other => {
                eprintln!("cannot mount a tmpfs here ({other:?}); not run");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a ballast file until the disk is full; returns it, to free the space again.
    fn fill(&self) -> PathBuf {
        let ballast = self.path().join("ballast");
        let mut file = std::fs::File::create(&ballast).unwrap();
        let chunk = vec![0x5au8; 64 * 1024];
        // Bounded: the tmpfs is a few megabytes.
        for _ in 0..10_000 {
            if let Err(e) = file.write_all(&chunk).and_then(|()| file.sync_all()) {
                assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{e}");
                return ballast;
            }
        }
        panic!("the tmpfs never filled up");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(self.dir.path()).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            // Something still has a file open there: detach it now, freed when closed.
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

fn succeeds(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// status, check and export, each a separate process reading the database.
fn reading_works(db: &Path, elsewhere: &Path) {
    let status = succeeds(improvers(db).arg("status"));
    assert!(status.contains("Cohorts"), "{status}");
    let check = succeeds(improvers(db).arg("check"));
    assert!(check.contains("All figures agree"), "{check}");
    let csv = elsewhere.join("participants.csv");
    let _ = std::fs::remove_file(&csv);
    succeeds(
        improvers(db)
            .args(["export", "participants", "-o"])
            .arg(&csv),
    );
    assert!(std::fs::read_to_string(&csv).unwrap().lines().count() > 1);
}

#[test]
fn a_full_disk_refuses_changes_plainly_keeps_reading_and_recovers_when_space_is_freed() {
    let Some(disk) = Tmpfs::mount(8) else { return };
    let elsewhere = tempfile::tempdir().unwrap();
    let db = disk.path().join("db");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    let server = Server::start(&db);
    let client = Client::connect(&db).unwrap();
    client.apply(&expense(1, "before the disk filled")).unwrap();
    let ballast = disk.fill();

    let refused = client.apply(&expense(2, "while full")).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!(
            "cannot save to the database at {0}: the disk holding {0} is full: free some space \
             and try again",
            db.display()
        )
    );
    // Reading needs no room, whether through the owner...
    reading_works(&db, elsewhere.path());

    std::fs::remove_file(&ballast).unwrap();
    client
        .apply(&expense(2, "once there was room"))
        .expect("writing works again once there is room, without a restart");

    // ...or with no owner at all, once the owner has stopped properly.
    server.stop();
    let ballast = disk.fill();
    reading_works(&db, elsewhere.path());
    let json = status_json(&db);
    assert!(json.is_object());
    std::fs::remove_file(&ballast).unwrap();
    let (_, data) = improvers::store::shared::Database::open(&db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    assert!(data.expenses.contains_key(&ExpenseId(1)));
    assert!(data.expenses.contains_key(&ExpenseId(2)));
}

#[test]
fn a_database_just_built_or_restored_over_another_reads_on_a_full_disk() {
    let Some(disk) = Tmpfs::mount(8) else { return };
    let elsewhere = tempfile::tempdir().unwrap();
    let db = disk.path().join("demo");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    let ballast = disk.fill();
    reading_works(&db, elsewhere.path());
    let backup = elsewhere.path().join("demo.improvers-backup");
    succeeds(improvers(&db).arg("backup").arg(&backup));
    std::fs::remove_file(&ballast).unwrap();

    // Over a database that holds data, the backup goes into a fresh folder directly.
    succeeds(improvers(&db).arg("restore").arg(&backup).arg("--force"));
    let ballast = disk.fill();
    reading_works(&db, elsewhere.path());
    std::fs::remove_file(&ballast).unwrap();
}

/// A backup to another disk is what a full one calls for: it is kept, and said not to be in the
/// backup register (there is no room to enter it); once there is room, the next is entered.
#[test]
fn a_backup_taken_from_a_full_disk_is_kept_and_said_to_be_unregistered() {
    let Some(disk) = Tmpfs::mount(8) else { return };
    let elsewhere = tempfile::tempdir().unwrap();
    let db = disk.path().join("demo");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    let ballast = disk.fill();
    let backup = elsewhere.path().join("full.improvers-backup");
    let out = improvers(&db)
        .arg("backup")
        .arg(&backup)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(backup.exists());
    assert!(
        stderr.starts_with(&format!(
            "{} is not in the backup register: ",
            backup.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("is full"), "{stderr}");
    let listed = succeeds(improvers(&db).arg("backups"));
    assert!(listed.starts_with("No backups of "), "{listed}");
    std::fs::remove_file(&ballast).unwrap();
    let later = elsewhere.path().join("later.improvers-backup");
    succeeds(improvers(&db).arg("backup").arg(&later));
    let listed = succeeds(improvers(&db).arg("backups"));
    assert!(listed.contains("(1 backup)"), "{listed}");
    assert!(listed.contains("later.improvers-backup: kept"), "{listed}");
}

#[test]
fn a_new_database_whose_first_open_failed_on_a_full_disk_is_new_once_there_is_room() {
    let Some(disk) = Tmpfs::mount(6) else { return };
    // No room at all, then room for sled's settings but not for its log.
    for (n, room) in [0u64, 8 * 1024].into_iter().enumerate() {
        let db = disk.path().join(format!("new-{n}"));
        let ballast = disk.fill();
        let file = std::fs::File::options().write(true).open(&ballast).unwrap();
        let len = file.metadata().unwrap().len();
        file.set_len(len.saturating_sub(room)).unwrap();
        drop(file);
        let out = improvers(&db)
            .args(["demo", "--no-open"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(stderr.contains("is full"), "{stderr}");
        assert!(db.join("conf").exists(), "room {room}");
        std::fs::remove_file(&ballast).unwrap();

        let json = status_json(&db);
        assert_eq!(json["cohorts"], serde_json::json!([]), "{json}");
        succeeds(improvers(&db).args(["demo", "--no-open", "--force"]));
        succeeds(improvers(&db).arg("check"));
    }
}

/// Runs `cmd` on the database `db` on a full disk: it either works, or says the disk is full,
/// and never that the database is damaged. Whether it worked.
fn works_or_says_full(cmd: &mut assert_cmd::Command, db: &Path) -> bool {
    let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
    if out.status.success() {
        return true;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("the disk holding {} is full", db.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("damaged"), "{stderr}");
    false
}

/// Reading works, and so does writing expense `id` and reading it back.
fn readable_and_writable(db: &Path, elsewhere: &Path, id: u64) {
    reading_works(db, elsewhere);
    improvers::store::shared::Database::open(db)
        .unwrap()
        .apply(&expense(id, "once there was room again"))
        .expect("writing works once there is room");
    let (_, data) = improvers::store::shared::Database::open(db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    assert!(data.expenses.contains_key(&ExpenseId(id)));
}

fn unfinished_snapshots(db: &Path) -> Vec<String> {
    std::fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".generating"))
        .collect()
}

#[test]
fn what_a_full_disk_leaves_half_written_is_not_read_as_damage_once_space_is_freed() {
    let Some(disk) = Tmpfs::mount(6) else { return };
    let elsewhere = tempfile::tempdir().unwrap();
    let db = disk.path().join("db");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    succeeds(improvers(&db).arg("status"));
    let ballast = disk.fill();
    for command in ["status", "check", "status"] {
        works_or_says_full(improvers(&db).arg(command), &db);
    }
    std::fs::remove_file(&ballast).unwrap();
    readable_and_writable(&db, elsewhere.path(), 1);

    // An owner that wrote settles the database as it stops, which needs room for sled's
    // snapshot of its log: on a full disk the snapshot is left unfinished.
    let server = Server::start(&db);
    let client = Client::connect(&db).unwrap();
    client.apply(&expense(2, "before the disk filled")).unwrap();
    drop(client);
    let ballast = disk.fill();
    server.stop();
    assert!(!unfinished_snapshots(&db).is_empty());
    for command in ["status", "check"] {
        works_or_says_full(improvers(&db).arg(command), &db);
    }
    std::fs::remove_file(&ballast).unwrap();
    readable_and_writable(&db, elsewhere.path(), 3);
    assert_eq!(unfinished_snapshots(&db), Vec::<String>::new());
}

/// Runs `cmd` with its files allowed to grow to `limit` bytes (`ulimit -f`), SIGXFSZ left as
/// a shell leaves it (ending the process, unless the program says otherwise).
#[cfg(target_os = "linux")]
fn limit_file_size(cmd: &mut Command, limit: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec only async-signal-safe calls (signal, setrlimit).
    unsafe {
        cmd.pre_exec(move || {
            use nix::libc;
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            let fsize = libc::rlimit {
                rlim_cur: limit,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &fsize) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// `improvers serve` on `db` whose files may grow to at most `limit` bytes until raised.
#[cfg(target_os = "linux")]
fn serve_with_file_size_limit(db: &Path, limit: u64) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_improvers"));
    cmd.arg("--db")
        .arg(db)
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    limit_file_size(&mut cmd, limit);
    let child = cmd.spawn().unwrap();
    let started = Instant::now();
    while Client::connect(db).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[cfg(target_os = "linux")]
fn lift_file_size_limit(child: &Child) {
    use nix::libc;
    let unlimited = libc::rlimit {
        rlim_cur: libc::RLIM_INFINITY,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system call on a child of this process, with valid pointers.
    let done = unsafe {
        libc::prlimit(
            child.id() as libc::pid_t,
            libc::RLIMIT_FSIZE,
            &unlimited,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(done, 0, "{}", std::io::Error::last_os_error());
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_that_fails_on_the_way_to_disk_is_reported_and_writing_works_again_without_a_restart() {
    let (_dir, db) = demo_db();
    let before = status_json(&db);
    assert!(before.is_object());
    // sled's log grows in 512 KiB segments; the owner's first write finds the first one
    // opened, so this lets a few changes in and fails one once the second segment grows.
    let mut owner = serve_with_file_size_limit(&db, 640 * 1024);
    let client = Client::connect(&db).unwrap();
    let filler = "x".repeat(8 * 1024);
    let mut acknowledged = Vec::new();
    let mut refused = None;
    for id in 1..=400u64 {
        match client.apply(&expense(id, &filler)) {
            Ok(_) => acknowledged.push(id),
            Err(e) => {
                refused = Some((id, e.to_string()));
                break;
            }
        }
    }
    let (failed_id, message) = refused.expect("a write past the file-size limit must fail");
    assert!(
        message.contains("has reached the largest size this system allows"),
        "{message}"
    );
    assert!(!message.contains("Os {"), "{message}");
    assert!(!acknowledged.is_empty());

    lift_file_size_limit(&owner);
    let next = 10_000;
    client
        .apply(&expense(next, "after the limit was lifted"))
        .expect("writing works again without restarting the owner");
    let (_, data) = client.snapshot(Scope::Everything).unwrap();
    for id in acknowledged.iter().chain([&next]) {
        assert!(
            data.expenses.contains_key(&ExpenseId(*id)),
            "expense {id} was lost"
        );
    }
    // sled may have written the failed change whole before the write that failed; the owner
    // says so when it cannot yet look. A change said plainly not to be saved never appears.
    if data.expenses.contains_key(&ExpenseId(failed_id)) {
        assert!(
            message.contains("may or may not have been saved"),
            "{message}"
        );
    }
    let check = succeeds(improvers(&db).arg("check"));
    assert!(check.contains("All figures agree"), "{check}");
    let _ = owner.kill();
    let _ = owner.wait();
}

/// Past a file-size limit (`ulimit -f`), a command is not killed by SIGXFSZ with nothing said:
/// the write fails, the limit is named, and nothing half-done is left.
#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_is_said_in_words_not_a_silent_death() {
    let (dir, db) = demo_db();
    let before = status_json(&db);
    let file = dir.path().join("big.csv");
    let mut text = String::from("date,category,amount,payee,state\n");
    for n in 0..3000 {
        text.push_str(&format!(
            "2026-11-01,Materials,£{}.00,Payee {n} with a name long enough to fill the log,paid\n",
            n + 1
        ));
    }
    std::fs::write(&file, text).unwrap();
    let limit = std::fs::metadata(db.join("db")).unwrap().len() + 16 * 1024;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_improvers"));
    cmd.arg("--db")
        .arg(&db)
        .args(["import", "expenses"])
        .arg(&file);
    limit_file_size(&mut cmd, limit);
    let out = cmd.output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "not killed by a signal: {said}");
    assert!(
        said.contains("has reached the largest size this system allows (see `ulimit -f`)"),
        "{said}"
    );
    assert_eq!(status_json(&db), before, "nothing of the import was saved");
}
