//! `improvers status` while another process owns the database: the owner answers the finished
//! report over the one connection the client opens, the report is the one the client would
//! have printed alone, it follows every change, and an owner too old to know the request is
//! read through as before. Real processes, and a stand-in owner that records what it is asked.

mod support;

use support::{Server, demo_db, improvers, stdout};

use chrono::NaiveDate;
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::{CategoryId, ExpenseId};
use improvers::domain::money::Pence;
use improvers::store::shared::protocol::{
    Request, Response, read_hello, read_message, write_hello, write_message,
};
use improvers::store::shared::{Database, SOCKET_NAME};
use improvers::store::{Scope, Store};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The requests an owner from before `Request::Status` understood, in their order: what it
/// decodes a request as.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // only decoded, to be answered as that owner would
enum OlderRequest {
    Snapshot(Scope),
    Apply(Box<Change>),
    History { newest_first_limit: u64 },
    LastSeq,
    Subscribe { after: u64 },
    Backup { file: PathBuf },
    Check,
}

/// What a stand-in owner heard: one list of requests per connection.
type Heard = Arc<Mutex<Vec<Vec<String>>>>;

/// Holds the database and answers on its socket in place of `improvers serve`.
struct StandIn {
    db: PathBuf,
    stop: Arc<AtomicBool>,
    heard: Heard,
    thread: Option<JoinHandle<()>>,
}

impl StandIn {
    /// `older`: answer as an owner built before `status` requests, which cannot decode one.
    /// Otherwise a `status` request is answered with `report`.
    fn start(db: &Path, older: bool, report: &str) -> StandIn {
        let store = Store::open(db).unwrap();
        let listener = UnixListener::bind(db.join(SOCKET_NAME)).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let heard: Heard = Arc::default();
        let (stopping, hearing, report) =
            (Arc::clone(&stop), Arc::clone(&heard), report.to_string());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let mut stream = stream.unwrap();
                hearing.lock().unwrap().push(Vec::new());
                serve_one(&store, &mut stream, older, &report, &hearing);
            }
        });
        StandIn {
            db: db.to_path_buf(),
            stop,
            heard,
            thread: Some(thread),
        }
    }

    /// Stops answering and gives back what was heard, connection by connection.
    fn finish(mut self) -> Vec<Vec<String>> {
        self.stop.store(true, Ordering::SeqCst);
        let _ = UnixStream::connect(self.db.join(SOCKET_NAME));
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        let _ = std::fs::remove_file(self.db.join(SOCKET_NAME));
        self.heard.lock().unwrap().clone()
    }
}

fn serve_one(store: &Store, stream: &mut UnixStream, older: bool, report: &str, heard: &Heard) {
    if read_hello(stream).is_err() || write_hello(stream).is_err() {
        return;
    }
    loop {
        let request = if older {
            match read_message::<OlderRequest>(stream) {
                Ok(OlderRequest::Snapshot(scope)) => Request::Snapshot(scope),
                Ok(other) => panic!("status asked an older owner for {other:?}"),
                // What the owner's serving loop does with a message it cannot decode.
                Err(improvers::store::shared::SharedError::Protocol(reason)) => {
                    note(heard, "unreadable".into());
                    let _ = write_message(stream, &Response::Refused(reason));
                    return;
                }
                Err(_) => return,
            }
        } else {
            match read_message::<Request>(stream) {
                Ok(request) => request,
                Err(_) => return,
            }
        };
        note(heard, format!("{request:?}"));
        let response = match request {
            Request::Snapshot(scope) => Response::Snapshot {
                seq: store.last_seq().unwrap(),
                snapshot: Box::new(store.snapshot(scope).unwrap()),
            },
            Request::Status(_) => Response::Report(report.to_string()),
            other => panic!("status asked for {other:?}"),
        };
        if write_message(stream, &response).is_err() {
            return;
        }
    }
}

fn note(heard: &Heard, what: String) {
    if let Some(connection) = heard.lock().unwrap().last_mut() {
        connection.push(what);
    }
}

fn status(db: &Path, args: &[&str]) -> String {
    stdout(
        improvers(db)
            .arg("status")
            .args(args)
            .env("COLUMNS", "60")
            .env("TERM", "dumb"),
    )
}

#[test]
fn an_owner_answers_status_with_its_report_over_the_one_connection_the_client_opens() {
    let (_dir, db) = demo_db();
    let owner = StandIn::start(&db, false, "Report from the owner\n");
    assert_eq!(status(&db, &[]), "Report from the owner\n");
    let heard = owner.finish();
    assert_eq!(heard.len(), 1, "one connection: {heard:?}");
    assert_eq!(heard[0].len(), 1, "one request: {heard:?}");
    let asked = &heard[0][0];
    assert!(asked.starts_with("Status("), "{asked}");
    // What the client's screen needs travels with the request; this one is not a terminal.
    assert!(asked.contains("json: false"), "{asked}");
    assert!(asked.contains("colour: false"), "{asked}");
    assert!(asked.contains("width: 60"), "{asked}");
}

#[test]
fn an_older_owner_that_cannot_read_a_status_request_is_read_through_as_before() {
    let (_dir, db) = demo_db();
    let alone_text = status(&db, &[]);
    let alone_json = status(&db, &["--json"]);
    let owner = StandIn::start(&db, true, "never sent");
    assert_eq!(status(&db, &[]), alone_text);
    assert_eq!(status(&db, &["--json"]), alone_json);
    let heard = owner.finish();
    let asked: Vec<&str> = heard.iter().flatten().map(String::as_str).collect();
    assert_eq!(
        asked,
        [
            "unreadable",
            "Snapshot(Summary)",
            "unreadable",
            "Snapshot(Summary)"
        ],
        "{heard:?}"
    );
}

fn paid_expense(id: u64, pence: i64) -> Change {
    Change::Put(Record::Expense(Expense {
        id: ExpenseId(id),
        date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        category: CategoryId::MATERIALS,
        amount: Pence(pence),
        payee: "Flipchart Supplies Ltd".into(),
        description: String::new(),
        session: None,
        person: None,
        state: ExpenseState::Paid,
        history: vec![],
    }))
}

#[test]
fn status_from_a_serving_owner_is_what_status_alone_prints_and_follows_each_change() {
    let (_dir, db) = demo_db();
    let asked: [&[&str]; 4] = [
        &[],
        &["--json"],
        &["--cohort", "1"],
        &["--cohort", "1", "--json"],
    ];
    let alone: Vec<String> = asked.iter().map(|args| status(&db, args)).collect();
    let missing = improvers(&db)
        .args(["status", "--cohort", "99"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();

    let server = Server::start(&db);
    for (args, expected) in asked.iter().zip(&alone) {
        assert_eq!(&status(&db, args), expected, "status {args:?}");
    }
    let served_missing = improvers(&db)
        .args(["status", "--cohort", "99"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&served_missing),
        String::from_utf8_lossy(&missing)
    );

    // A change made through the owner shows in the next report, though the one before was
    // worked out from what the owner kept.
    let mut client = Database::open(&db).unwrap();
    client.apply(&paid_expense(77_777, 123_456)).unwrap();
    drop(client);
    let served_after: Vec<String> = asked.iter().map(|args| status(&db, args)).collect();
    assert_ne!(
        served_after[1], alone[1],
        "the new expense shows in the totals"
    );
    server.stop();
    let alone_after: Vec<String> = asked.iter().map(|args| status(&db, args)).collect();
    assert_eq!(served_after, alone_after);
}
