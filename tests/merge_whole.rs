//! A person whose two records were merged is one person to subject access and erasure: `export
//! person` by either email holds what each record held, and `forget` by either email erases
//! both, so no file of the database then holds either name or either email; the same while
//! `improvers serve` owns the database.

mod screen;
mod support;

use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use screen::{now, press};
use serde_json::Value;
use std::path::Path;
use support::{Server, demo_db, improvers, stdout};

const WORK: &str = "ottoline.brackwater@thameside-icb.example";
const HOME: &str = "lina.b@home.example";
const WORK_NAME: &str = "Ottoline Brackwater";
const HOME_NAME: &str = "Lina Brackwater-Shaw";

/// One invented person entered twice in cohort 2 of the demo, under a work and a home email
/// and two spellings of her name, from a spreadsheet's CRLF file; the home record has a
/// project and a note the work one lacks.
fn entered_twice(db: &Path) {
    let file = db.with_file_name("twice.csv");
    std::fs::write(
        &file,
        format!(
            "name,email,profession,organisation,cohort,stage,project_title,notes\r\n\
             {WORK_NAME},{WORK},Data analyst,Thameside Integrated Care Board,2,Active,,\r\n\
             {HOME_NAME},{HOME},Data analyst,Thameside Integrated Care Board,2,Active,Quieter \
             night wards,Rings back after six\r\n"
        ),
    )
    .unwrap();
    improvers(db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .success();
}

fn merged(db: &Path) {
    improvers(db)
        .args(["merge", "participants", WORK, HOME, "--yes"])
        .assert()
        .success();
}

/// The files of the database folder holding any of `words`, with the word found.
fn holding(db: &Path, words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(db).unwrap() {
        let path = entry.unwrap().path();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for word in words {
            if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
                found.push(format!("{} holds {word}", path.display()));
            }
        }
    }
    found
}

const EVERY_WORD: [&str; 4] = [WORK_NAME, HOME_NAME, WORK, HOME];

/// `export person` by `email` holds both records' data, names both emails and the merge.
fn exported_whole(db: &Path, email: &str) {
    let json = stdout(improvers(db).args(["export", "person", email, "--format", "json"]));
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["emails"], serde_json::json!([WORK, HOME]), "{json}");
    let merges = value["merges"].as_array().unwrap();
    assert_eq!(merges.len(), 1, "{json}");
    assert_eq!(merges[0]["gone_email"], HOME);
    assert_eq!(merges[0]["kept_email"], WORK);
    assert!(merges[0]["at"].as_str().is_some_and(|at| at.ends_with('Z')));
    // The kept record, with what the merge filled in from the other.
    let kept = &value["participants"][0]["record"];
    assert_eq!(kept["email"], WORK);
    assert_eq!(kept["notes"], "Rings back after six");
    // The record that went, as history holds it: its name, email and project.
    for held in [HOME_NAME, HOME, "Quieter night wards"] {
        assert!(json.contains(held), "{held} missing from {json}");
    }
    let text = stdout(improvers(db).args(["export", "person", email]));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(&format!("Emails: {WORK}, {HOME}")), "{text}");
    assert!(text.contains("whose records were merged"), "{text}");
    assert!(text.contains("merged participant"), "{text}");
}

/// `forget` by `email` erases both records and leaves neither in any file.
fn forgotten_whole(db: &Path, email: &str) {
    let said = stdout(improvers(db).args(["forget", email, "--yes"]));
    let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(said.contains("erased person #1"), "{said}");
    assert!(said.contains("erased person #2"), "{said}");
    for other in [WORK, HOME] {
        improvers(db)
            .args(["export", "person", other])
            .assert()
            .failure();
    }
}

#[test]
fn a_merged_person_is_exported_and_erased_whole_by_either_email() {
    for asked in [WORK, HOME] {
        let (_dir, db) = demo_db();
        entered_twice(&db);
        merged(&db);
        exported_whole(&db, asked);
        assert!(!holding(&db, &EVERY_WORD).is_empty());
        forgotten_whole(&db, asked);
        let left = holding(&db, &EVERY_WORD);
        assert!(left.is_empty(), "asked by {asked}: {left:?}");
        improvers(&db).arg("check").assert().success();
    }
}

#[test]
fn forget_without_yes_and_without_a_terminal_erases_neither_record() {
    let (_dir, db) = demo_db();
    entered_twice(&db);
    merged(&db);
    improvers(&db).args(["forget", HOME]).assert().failure();
    exported_whole(&db, HOME);
}

#[test]
fn the_dashboards_forget_by_the_email_merged_away_names_every_email_that_goes() {
    let (_dir, db) = demo_db();
    entered_twice(&db);
    merged(&db);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    press(&mut app, &format!(": forget Space {HOME} Enter"));
    link.carry_out_all(&mut app);
    let question = app
        .confirm
        .as_ref()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(
        question.contains(&format!("Every email that goes: {HOME}, {WORK}")),
        "{question}"
    );
    assert!(question.contains("erased person #2"), "{question}");
    press(&mut app, "y");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    let said = screen::screen_of(&app, 160, 48);
    assert!(
        said.contains("Erased: now “erased person #1”, and “erased person #2” merged with them"),
        "{said}"
    );
    let left = holding(&db, &EVERY_WORD);
    assert!(left.is_empty(), "{left:?}");
    drop(link);
    improvers(&db).arg("check").assert().success();
}

#[test]
fn through_serve_a_merged_person_is_exported_and_erased_whole() {
    let (_dir, db) = demo_db();
    entered_twice(&db);
    let server = Server::start(&db);
    merged(&db);
    exported_whole(&db, HOME);
    forgotten_whole(&db, HOME);
    // While serve still owns the database, its files hold neither record.
    let left = holding(&db, &EVERY_WORD);
    assert!(left.is_empty(), "{left:?}");
    server.stop();
    let left = holding(&db, &EVERY_WORD);
    assert!(left.is_empty(), "{left:?}");
    improvers(&db).arg("check").assert().success();
}

#[test]
fn a_backup_from_before_the_erasure_restored_erases_both_records_again() {
    let (dir, db) = demo_db();
    entered_twice(&db);
    merged(&db);
    let before = dir.path().join("before.backup");
    improvers(&db).arg("backup").arg(&before).assert().success();
    forgotten_whole(&db, WORK);
    let said = stdout(improvers(&db).args(["restore", "--force"]).arg(&before));
    let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(said.contains("Made erasure #1 again"), "{said}");
    assert!(said.contains("Made erasure #2 again"), "{said}");
    let left = holding(&db, &EVERY_WORD);
    assert!(left.is_empty(), "{left:?}");
    improvers(&db).arg("check").assert().success();
}
