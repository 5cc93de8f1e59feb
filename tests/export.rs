//! `improvers export`: the documented header on standard output, plain amounts, files never
//! replaced without `--force` and readable by their owner only, the whole programme as JSON,
//! mistakes explained, and exports while another improvers owns the database. Real processes
//! on temporary databases.

mod support;

use support::{Server, demo_db_in, improvers, snapshot, stdout};

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

#[test]
fn participants_go_to_standard_output_under_the_documented_header() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let text = stdout(improvers(&a).args(["export", "participants"]));
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "name,email,profession,organisation,cohort,nominated_by,project_title,project_aim,\
             topics,project_stage,stage,stage_date,notes"
        )
    );
    assert!(
        lines.next().is_some_and(|l| l.contains('@')),
        "no participants:\n{text}"
    );
}

#[test]
fn amounts_are_plain_numbers_and_sessions_are_named_by_start_and_title() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let text = stdout(improvers(&a).args(["export", "expenses"]));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let amount = header.iter().position(|h| h == "amount").unwrap();
    let session = header.iter().position(|h| h == "session").unwrap();
    let sessions = stdout(improvers(&a).args(["export", "sessions"]));
    for row in reader.records() {
        let row = row.unwrap();
        let value = &row[amount];
        assert!(
            value.parse::<f64>().is_ok() && !value.contains(['£', ',']),
            "{value}"
        );
        if !row[session].is_empty() {
            assert!(
                sessions.contains(&row[session]),
                "{} is not a session ref",
                &row[session]
            );
        }
    }
}

#[test]
fn export_all_never_replaces_files_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let folder = dir.path().join("out");
    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success();
    let venues = folder.join("venues.csv");
    std::fs::write(&venues, "edited by hand\n").unwrap();
    std::fs::remove_file(folder.join("expenses.csv")).unwrap();

    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exist"))
        .stderr(predicate::str::contains("use --force"));
    assert_eq!(
        std::fs::read_to_string(&venues).unwrap(),
        "edited by hand\n"
    );
    assert!(
        !folder.join("expenses.csv").exists(),
        "a refused export wrote nothing"
    );

    improvers(&a)
        .args(["export", "all", "--force", "--output"])
        .arg(&folder)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&venues)
            .unwrap()
            .starts_with("name,capacity")
    );
    assert!(folder.join("expenses.csv").exists());

    let single = dir.path().join("p.csv");
    std::fs::write(&single, "mine\n").unwrap();
    improvers(&a)
        .args(["export", "participants", "--output"])
        .arg(&single)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(std::fs::read_to_string(&single).unwrap(), "mine\n");
}

#[test]
fn exported_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let folder = dir.path().join("new").join("out");
    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("participants.csv")), 0o600);
}

#[test]
fn wrong_combinations_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    improvers(&a)
        .args(["export", "all"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "give a folder with --output DIR, or use --format json",
        ));
    improvers(&a)
        .args(["export", "sessions", "--format", "json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "use `improvers export all --format json`",
        ));
    improvers(&dir.path().join("nowhere"))
        .args(["export", "venues"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no database at"));
}

#[test]
fn export_all_as_json_is_one_document_with_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let json: Value = serde_json::from_str(&stdout(
        improvers(&a).args(["export", "all", "--format", "json"]),
    ))
    .unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "format",
        "programme",
        "budget",
        "cohorts",
        "organisations",
        "professions",
        "venues",
        "q_members",
        "participants",
        "matches",
        "pair_rules",
        "sessions",
        "expenses",
        "series",
        "cohort_budgets",
        "q_links",
        "surveys",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["format"], 1);
    assert_eq!(
        json["participants"].as_array().unwrap().len(),
        snapshot(&a).participants.len()
    );
    assert_eq!(json["cohorts"].as_array().unwrap().len(), 3);

    let file = dir.path().join("programme.json");
    improvers(&a)
        .args(["export", "all", "--format", "json", "--output"])
        .arg(&file)
        .assert()
        .success();
    let from_file: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(from_file, json);
}

#[test]
fn export_works_while_another_improvers_owns_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let alone = stdout(improvers(&a).args(["export", "all", "--format", "json"]));
    let participants = stdout(improvers(&a).args(["export", "participants"]));

    let server = Server::start(&a);
    assert_eq!(
        stdout(improvers(&a).args(["export", "all", "--format", "json"])),
        alone
    );
    assert_eq!(
        stdout(improvers(&a).args(["export", "participants"])),
        participants
    );
    let folder = dir.path().join("served");
    improvers(&a)
        .args(["export", "all", "--output"])
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(folder.join("participants.csv")).unwrap(),
        participants
    );
    drop(server);
}

#[test]
fn a_cohorts_sessions_and_participants_export_alone_in_the_same_columns() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db_in(dir.path());
    let data = snapshot(&a);
    let two = data
        .cohorts
        .values()
        .find(|c| c.number == 2)
        .map(|c| c.id)
        .unwrap();
    let rows = |args: &[&str]| -> Vec<String> {
        stdout(improvers(&a).args(args))
            .lines()
            .map(str::to_string)
            .collect()
    };
    let all = rows(&["export", "sessions"]);
    let only = rows(&["export", "sessions", "--cohort", "2"]);
    assert_eq!(only[0], all[0], "the same columns");
    let theirs = data
        .sessions
        .values()
        .filter(|s| s.cohort == Some(two) || s.cohort.is_none())
        .count();
    assert_eq!(only.len() - 1, theirs);
    assert!(theirs < all.len() - 1, "fewer than every session");
    assert!(only.iter().all(|row| all.contains(row)));

    let people = rows(&["export", "participants", "--cohort", "2"]);
    let in_two = data
        .participants
        .values()
        .filter(|p| p.cohort == Some(two))
        .count();
    assert_eq!(people.len() - 1, in_two);
    assert!(
        people.iter().skip(1).all(|row| row.contains(",2,")),
        "{people:?}"
    );
}
