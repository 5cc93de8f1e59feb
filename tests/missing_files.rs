//! A file that is not there, named as a person looks for it: "there is no file X in /folder",
//! the folder in full (never "."), for every command that reads a file.

mod screen;
mod support;

use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Message;
use improvers::tui::link::Link;
use screen::{now, press};
use support::improvers;

/// What a failed command says on standard error.
fn refused(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().failure().get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

fn full(dir: &tempfile::TempDir) -> String {
    dir.path().canonicalize().unwrap().display().to_string()
}

#[test]
fn importing_a_missing_file_names_it_and_its_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let said = refused(
        improvers(&db)
            .current_dir(dir.path().canonicalize().unwrap())
            .args(["import", "expenses", "nothere.csv"]),
    );
    let expected = format!("there is no file nothere.csv in {}", full(&dir));
    assert!(said.contains(&expected), "{said}");
    assert!(!said.contains(" . "), "{said}");
}

#[test]
fn importing_from_a_missing_folder_says_the_folder_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let said = refused(
        improvers(&db)
            .current_dir(dir.path().canonicalize().unwrap())
            .args(["import", "venues", "exports/venues.csv"]),
    );
    let expected = format!("there is no folder {}/exports (for venues.csv)", full(&dir));
    assert!(said.contains(&expected), "{said}");
}

#[test]
fn restoring_a_missing_backup_names_it_and_its_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let said = refused(
        improvers(&db)
            .current_dir(dir.path().canonicalize().unwrap())
            .args(["restore", "monday.improvers-backup"]),
    );
    let expected = format!("there is no file monday.improvers-backup in {}", full(&dir));
    assert!(said.contains(&expected), "{said}");
}

#[test]
fn a_missing_configuration_file_names_it_and_its_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let said = refused(
        improvers(&db)
            .current_dir(dir.path().canonicalize().unwrap())
            .args(["--config", "rules.toml", "status"]),
    );
    let expected = format!("there is no file rules.toml in {}", full(&dir));
    assert!(said.contains(&expected), "{said}");
}

#[test]
fn colon_import_of_a_missing_file_names_it_and_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut link, data) = Link::open(Database::open(&dir.path().join("db")).unwrap()).unwrap();
    let mut app = App::new(data, now());
    press(
        &mut app,
        ": import Space expenses Space nothere-fc-test.csv Enter",
    );
    link.carry_out_all(&mut app);
    let here = std::env::current_dir().unwrap();
    let expected = format!("there is no file nothere-fc-test.csv in {}", here.display());
    match &app.message {
        Some(Message::Problem(said)) => assert!(said.contains(&expected), "{said}"),
        other => panic!("expected a problem, got {other:?}"),
    }
}
