//! Several improvers processes on one database: an owner serving clients over its socket,
//! changes from many clients applied once and in order, live notices, owners that die, and
//! peers that misbehave. Real processes on temporary databases.

mod support;

use support::{Server, demo_db, improvers, status_json};

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::ids::ExpenseId;
use improvers::domain::money::Pence;
use improvers::store::shared::{Client, Database, Notice, SOCKET_NAME};
use improvers::store::{Scope, Store};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn expense(id: u64, pence: i64) -> Change {
    Change::Put(Record::Expense(Expense {
        id: ExpenseId(id),
        date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        category: CategoryId::MATERIALS,
        amount: Pence(pence),
        payee: format!("Test payee {id}"),
        description: String::new(),
        session: None,
        person: None,
        state: ExpenseState::Paid,
        history: vec![],
    }))
}

#[test]
fn status_through_an_owner_gives_the_same_figures() {
    let (_dir, db) = demo_db();
    let alone = status_json(&db);
    let server = Server::start(&db);
    let served = status_json(&db);
    assert_eq!(alone, served);
    drop(server);
}

#[test]
fn changes_from_two_clients_at_once_are_all_applied_once_and_in_order() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let before = Client::connect(&db).unwrap().last_seq().unwrap();
    let writers: Vec<_> = [10_000u64, 20_000]
        .into_iter()
        .map(|base| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut database = Database::open(&db).unwrap();
                assert!(!database.is_owner());
                (0..40)
                    .map(|i| database.apply(&expense(base + i, 100 + i as i64)).unwrap())
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let seqs: Vec<Vec<u64>> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    for own in &seqs {
        assert!(
            own.windows(2).all(|w| w[0] < w[1]),
            "a client's changes keep their order"
        );
    }
    let mut all: Vec<u64> = seqs.concat();
    all.sort_unstable();
    let expected: Vec<u64> = (before + 1..=before + 80).collect();
    assert_eq!(all, expected, "every change once, no gaps, no repeats");
    let (_, data) = Client::connect(&db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    for base in [10_000u64, 20_000] {
        for i in 0..40 {
            assert_eq!(
                data.expenses[&ExpenseId(base + i)].amount,
                Pence(100 + i as i64)
            );
        }
    }
}

#[test]
fn a_change_from_one_client_reaches_another_within_a_second() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let watcher = Database::open(&db).unwrap();
    let seen = Client::connect(&db).unwrap().last_seq().unwrap();
    let notices = watcher.subscribe(seen).unwrap();
    let mut writer = Database::open(&db).unwrap();
    let seq = writer.apply(&expense(77_777, 4_200)).unwrap();
    match notices.recv_timeout(Duration::from_secs(1)) {
        Ok(Notice::Applied(entry)) => {
            assert_eq!(entry.seq, seq);
            assert_eq!(entry.change, expense(77_777, 4_200));
        }
        other => panic!("expected the change, got {other:?}"),
    }
}

#[test]
fn when_the_owner_dies_exactly_one_process_takes_over_and_nothing_is_lost() {
    let (_dir, db) = demo_db();
    let server = Server::start(&db);
    let mut writer = Database::open(&db).unwrap();
    let acknowledged = writer.apply(&expense(1, 1)).unwrap();
    let watcher = Database::open(&db).unwrap();
    let notices = watcher.subscribe(acknowledged).unwrap();
    server.kill();
    assert_eq!(
        notices.recv_timeout(Duration::from_secs(2)).unwrap(),
        Notice::OwnerGone
    );
    let started = Instant::now();
    let racers: Vec<_> = (0..3)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || Database::open(&db).unwrap())
        })
        .collect();
    let opened: Vec<Database> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(opened.iter().filter(|d| d.is_owner()).count(), 1);
    // The writer finds the new owner by itself and its earlier change is still there.
    let next = writer.apply(&expense(2, 2)).unwrap();
    assert!(next > acknowledged);
    let mut reader = Database::open(&db).unwrap();
    let (_, data) = reader.snapshot(Scope::Everything).unwrap();
    assert!(data.expenses.contains_key(&ExpenseId(1)));
    assert!(data.expenses.contains_key(&ExpenseId(2)));
}

#[test]
fn killing_the_owner_over_and_over_loses_no_acknowledged_change() {
    let (_dir, db) = demo_db();
    let mut next_id = 500_000u64;
    let mut acknowledged: Vec<u64> = Vec::new();
    for round in 0..50 {
        let server = Server::start(&db);
        let client = Client::connect(&db).unwrap();
        let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = std::sync::Arc::clone(&written);
        let writer = std::thread::spawn(move || {
            let mut done = Vec::new();
            for i in 0..1_000 {
                match client.apply(&expense(next_id + i, 1)) {
                    Ok(_) => {
                        done.push(next_id + i);
                        counting.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Err(_) => break,
                }
            }
            done
        });
        // Kill at a different moment each round, once the client is writing: however busy
        // the machine, every round kills the owner in the middle of a stream of changes.
        let started = std::time::Instant::now();
        while written.load(std::sync::atomic::Ordering::SeqCst) == 0
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(5 + (round % 7) * 6));
        server.kill();
        let done = writer.join().unwrap();
        next_id += 1_000;
        acknowledged.extend(done);
        let store = Store::open(&db).expect("the database opens cleanly after kill -9");
        let data = store.snapshot(Scope::Everything).unwrap();
        for id in &acknowledged {
            assert!(
                data.expenses.contains_key(&ExpenseId(*id)),
                "round {round}: acknowledged expense {id} was lost"
            );
        }
        assert_eq!(
            store.budget_totals().unwrap(),
            store.recompute_budget_totals().unwrap(),
            "round {round}: totals drifted"
        );
    }
    assert!(
        acknowledged.len() > 50,
        "the client should have written between kills"
    );
}

/// Sends `bytes` to the owner and reads until it closes the connection (or goes quiet).
fn poke(db: &Path, bytes: &[u8]) {
    let mut stream = UnixStream::connect(db.join(SOCKET_NAME)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut sink = Vec::new();
    let _ = stream.read_to_end(&mut sink);
}

fn hello(version: u32) -> Vec<u8> {
    let mut bytes = b"IMPRVRS\x01".to_vec();
    bytes.extend(version.to_be_bytes());
    bytes
}

#[test]
fn garbage_oversized_truncated_and_wrong_version_messages_leave_the_owner_serving() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let expected = status_json(&db);
    poke(&db, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    poke(&db, &[]);
    poke(&db, &hello(999));
    let mut oversized = hello(improvers::store::shared::protocol::PROTOCOL);
    oversized.extend(u32::MAX.to_be_bytes());
    poke(&db, &oversized);
    let mut truncated = hello(improvers::store::shared::protocol::PROTOCOL);
    truncated.extend(1_000u32.to_be_bytes());
    truncated.extend([1u8; 10]);
    poke(&db, &truncated);
    let mut garbled = hello(improvers::store::shared::protocol::PROTOCOL);
    garbled.extend(6u32.to_be_bytes());
    garbled.extend([1u8, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]);
    poke(&db, &garbled);
    // A client that connects and says nothing at all must not hold anyone up either.
    let _silent = UnixStream::connect(db.join(SOCKET_NAME)).unwrap();
    assert_eq!(status_json(&db), expected);
}

#[test]
fn a_client_of_another_protocol_is_told_to_upgrade() {
    let (dir, db) = demo_db();
    // Pretend to be an owner from another version: hold the database and answer on its
    // socket with a different protocol number.
    let held = Store::open(&db).unwrap();
    let listener = std::os::unix::net::UnixListener::bind(db.join(SOCKET_NAME)).unwrap();
    let fake = std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let mut stream = stream.unwrap();
            let mut theirs = [0u8; 12];
            let _ = stream.read_exact(&mut theirs);
            let _ = stream.write_all(&hello(99));
        }
    });
    let err = match Database::open(&db) {
        Ok(_) => panic!("a client of another protocol must not be served"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("speaks protocol 99"), "{err}");
    assert!(err.contains("upgrade"), "{err}");
    fake.join().unwrap();
    drop(held);
    drop(dir);
}

#[test]
fn status_over_ssh_without_a_terminal_locale_or_colours_is_plain_text() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "dumb")
        .arg("--db")
        .arg(&db)
        .arg("status")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Cohorts"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn serve_refuses_when_another_improvers_already_serves() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    improvers(&db)
        .arg("serve")
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "is being served by another improvers",
        ));
}

/// Set when this test binary is run again as another user to play the stranger.
const STRANGER: &str = "IMPROVERS_TEST_STRANGER_SOCKET";

#[test]
fn another_users_connection_is_closed_and_the_owner_keeps_serving() {
    if let Ok(socket) = std::env::var(STRANGER) {
        // This is the stranger: say hello and report whether the owner answered.
        let answered = UnixStream::connect(&socket)
            .and_then(|mut stream| {
                stream.set_read_timeout(Some(Duration::from_secs(5)))?;
                stream.write_all(&hello(improvers::store::shared::protocol::PROTOCOL))?;
                let mut reply = [0u8; 12];
                stream.read_exact(&mut reply)
            })
            .is_ok();
        println!("STRANGER {}", if answered { "ANSWERED" } else { "REFUSED" });
        return;
    }
    if !nix::unistd::getuid().is_root() {
        // Playing another user needs root; the folder's 0700 keeps strangers out anyway.
        eprintln!("needs root to act as another user; not run");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let (dir, db) = demo_db();
    let _server = Server::start(&db);
    let expected = status_json(&db);
    // Open the way to the socket, as a careless chmod might, so only the owner's own check
    // stands between a stranger and the programme.
    for (path, mode) in [
        (dir.path().to_path_buf(), 0o755),
        (db.clone(), 0o711),
        (db.join(SOCKET_NAME), 0o666),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "another_users_connection_is_closed_and_the_owner_keeps_serving",
            "--exact",
            "--nocapture",
        ])
        .env(STRANGER, db.join(SOCKET_NAME))
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("STRANGER REFUSED"), "{said}");
    assert_eq!(
        status_json(&db),
        expected,
        "the owner still serves its own user"
    );
}

#[test]
fn backup_works_while_an_owner_has_the_database_and_restore_waits_for_it() {
    let (dir, db) = demo_db();
    let server = Server::start(&db);
    let file = dir.path().join("copy.improvers-backup");
    let (_, original) = Client::connect(&db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    improvers(&db)
        .arg("backup")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("Backed up"));
    let other = dir.path().join("other");
    improvers(&other)
        .arg("restore")
        .arg(&file)
        .assert()
        .success();
    // The owner entered the backup in its register after taking it.
    let (_, now) = Client::connect(&db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    assert_eq!(now.seq, original.seq + 1);
    assert_eq!(now.backups.len(), 1);
    let restored = Store::open(&other)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap();
    assert_eq!(original, restored);
    // Restoring over a database someone has open is refused, whatever --force says.
    improvers(&db)
        .args(["restore", "--force"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "another improvers has the database",
        ));
    drop(server);
}
