//! `:forget EMAIL` in the dashboard finds a person already deleted whom history still holds,
//! as `improvers forget EMAIL` does: the question names them, and once the dashboard closes no
//! byte of the database folder holds their name or email. Alone, and as a second dashboard
//! reading history through another process that owns the database.

mod screen;
mod support;

use improvers::domain::change::{Change, RecordKey};
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use screen::{now, press, screen_of};
use std::path::Path;
use support::{Server, demo_db, improvers, stdout};

const NAME: &str = "Ottoline Brakespeare";
const EMAIL: &str = "o.brakespeare@fenwick-ch.example";

/// The files under `folder` holding `text` as UTF-8, in any case.
fn files_holding(folder: &Path, text: &str) -> Vec<String> {
    let needles = [text.to_string(), text.to_lowercase(), text.to_uppercase()];
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue; // a socket
        };
        if needles
            .iter()
            .any(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
        {
            found.push(path.display().to_string());
        }
    }
    found
}

/// The demo with one more participant, added from a spreadsheet saved on Windows (CRLF).
fn with_ottoline() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = demo_db();
    let file = dir.path().join("one.csv");
    std::fs::write(
        &file,
        format!(
            "name,email,profession,organisation,cohort\r\n\
             {NAME},{EMAIL},Nurse,Fenwick Community Health,3\r\n"
        ),
    )
    .unwrap();
    stdout(improvers(&db).args(["import", "participants"]).arg(&file));
    (dir, db)
}

/// Deletes Ottoline through the dashboard's database, types `:forget EMAIL`, checks the
/// question, answers y, and closes the dashboard.
fn delete_then_forget(db: &Path) {
    let (mut link, data) = Link::open(Database::open(db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    let id = app
        .data
        .participants
        .values()
        .find(|p| p.email == EMAIL)
        .expect("Ottoline was imported")
        .id;
    link.database
        .apply(&Change::Delete(RecordKey::Participant(id)))
        .unwrap();
    link.settle(&mut app);
    assert!(!app.data.participants.contains_key(&id), "deleted");

    press(&mut app, &format!(": forget Space {EMAIL} Enter"));
    link.carry_out_all(&mut app);
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(
        question.contains(&format!(
            "Erase participant {NAME} <{EMAIL}> (deleted; history still holds them) for good?"
        )),
        "{question}"
    );
    // What is shown names them whole, on a small terminal too.
    let shown = screen_of(&app, 80, 24);
    let words = shown
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == '"' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("Ottoline"), "{shown}");
    assert!(words.contains("cannot be undone"), "{shown}");

    press(&mut app, "y");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    let said = screen_of(&app, 160, 48);
    assert!(said.contains("Erased: now “erased person #1”"), "{said}");
    drop(app);
    drop(link);
}

#[test]
fn forget_in_the_dashboard_finds_someone_deleted_and_no_file_holds_them_after() {
    let (_dir, db) = with_ottoline();
    assert!(
        !files_holding(&db, NAME).is_empty(),
        "the database holds them"
    );
    delete_then_forget(&db);
    for text in [NAME, EMAIL] {
        let left = files_holding(&db, text);
        assert!(left.is_empty(), "{text}: {left:#?}");
    }
    improvers(&db).arg("check").assert().success();
}

#[test]
fn a_second_dashboard_forgets_someone_deleted_through_the_owner() {
    let (_dir, db) = with_ottoline();
    // Another process owns the database: the dashboard is its client, reading history and
    // sending the erasure through it.
    let server = Server::start(&db);
    delete_then_forget(&db);
    server.stop();
    for text in [NAME, EMAIL] {
        let left = files_holding(&db, text);
        assert!(left.is_empty(), "{text}: {left:#?}");
    }
    improvers(&db).arg("check").assert().success();
}
