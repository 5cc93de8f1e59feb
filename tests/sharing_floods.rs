//! The owner stays reachable however other connections behave: floods of idle connections and
//! of connections that trickle one byte a second do not keep `status` (a real process) from
//! being answered, nor a listening dashboard from hearing changes. Real `improvers serve`
//! processes on temporary databases, over the database's own Unix socket only; every flood is
//! bounded in count and time and closed at the end.

mod support;

use support::{Server, demo_db, improvers, status_json};

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::{CategoryId, ExpenseId};
use improvers::domain::money::Pence;
use improvers::store::shared::protocol::PROTOCOL;
use improvers::store::shared::{Client, Database, Notice, SOCKET_NAME};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Long enough for a loaded machine; far shorter than a flood lasts.
const ANSWER_WITHIN: Duration = Duration::from_secs(20);

fn hello() -> Vec<u8> {
    let mut bytes = b"IMPRVRS\x01".to_vec();
    bytes.extend(PROTOCOL.to_be_bytes());
    bytes
}

fn expense(id: u64) -> Change {
    Change::Put(Record::Expense(Expense {
        id: ExpenseId(id),
        date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        category: CategoryId::MATERIALS,
        amount: Pence(1_250),
        payee: format!("Flood test payee {id}"),
        description: String::new(),
        session: None,
        person: None,
        state: ExpenseState::Paid,
        history: vec![],
    }))
}

/// `improvers status --json`, which must finish (successfully) within `ANSWER_WITHIN`.
fn status_answers(db: &Path) -> serde_json::Value {
    let out = improvers(db)
        .args(["status", "--json"])
        .timeout(ANSWER_WITHIN)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "status did not answer while the flood was open: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A dashboard listening for changes, as a second improvers process would.
fn listen(db: &Path) -> (Database, Receiver<Notice>) {
    let listener = Database::open(db).unwrap();
    assert!(!listener.is_owner());
    let seen = Client::connect(db).unwrap().last_seq().unwrap();
    let notices = listener.subscribe(seen).unwrap();
    (listener, notices)
}

/// Makes a change and checks the listening dashboard hears it.
fn listener_hears_a_change(db: &Path, notices: &Receiver<Notice>, id: u64) {
    let seq = Database::open(db).unwrap().apply(&expense(id)).unwrap();
    match notices.recv_timeout(ANSWER_WITHIN) {
        Ok(Notice::Applied(entry)) => assert_eq!(entry.seq, seq),
        other => panic!("the listening dashboard did not hear the change: {other:?}"),
    }
}

#[test]
fn a_hundred_connections_that_say_hello_and_then_nothing_do_not_lock_anyone_out() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let (_listener, notices) = listen(&db);
    let expected = status_json(&db);
    let flood: Vec<UnixStream> = (0..100)
        .map(|_| {
            let mut stream = UnixStream::connect(db.join(SOCKET_NAME)).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            // A connection closed to make room fails to write or reads nothing back.
            let _ = stream.write_all(&hello());
            let mut reply = [0u8; 12];
            let _ = stream.read_exact(&mut reply);
            stream
        })
        .collect();
    assert_eq!(status_answers(&db), expected);
    listener_hears_a_change(&db, &notices, 900_001);
    drop(flood);
}

#[test]
fn seventy_connections_sending_a_byte_a_second_do_not_lock_anyone_out() {
    let (_dir, db) = demo_db();
    let _server = Server::start(&db);
    let (_listener, notices) = listen(&db);
    let expected = status_json(&db);
    let mut flood: Vec<UnixStream> = (0..70)
        .map(|_| UnixStream::connect(db.join(SOCKET_NAME)).unwrap())
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickling = Arc::clone(&stop);
    let trickler = std::thread::spawn(move || {
        let hello = hello();
        let started = Instant::now();
        // One byte a second on every connection, for as long as the test needs and at most
        // a minute; a connection the owner closed is left alone.
        let mut open = vec![true; flood.len()];
        for byte in hello.iter().cycle() {
            if trickling.load(Ordering::SeqCst) || started.elapsed() > Duration::from_secs(60) {
                break;
            }
            for (stream, open) in flood.iter_mut().zip(open.iter_mut()) {
                if *open && stream.write_all(&[*byte]).is_err() {
                    *open = false;
                }
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        flood
    });
    // Once at the start of the trickle and once after hellos have had time to time out.
    assert_eq!(status_answers(&db), expected);
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(status_answers(&db), expected);
    listener_hears_a_change(&db, &notices, 900_002);
    stop.store(true, Ordering::SeqCst);
    drop(trickler.join().unwrap());
}
