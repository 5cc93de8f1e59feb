//! The command line as a user meets it: real processes on temporary databases.

mod support;

use support::{demo_db, improvers, status_json};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

#[test]
fn status_prints_every_section_in_plain_text() {
    let (_dir, db) = demo_db();
    let out = improvers(&db)
        .arg("status")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for heading in [
        "Cohorts",
        "Unmatched participants",
        "Mentor load",
        "Sessions in the next 14 days",
        "Budget (grant",
        "Warnings",
    ] {
        assert!(text.contains(heading), "missing {heading}:\n{text}");
    }
    assert!(text.contains("Cohort 2"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "escape codes in piped output:\n{text}"
    );
}

#[test]
fn status_json_has_the_documented_keys_and_the_demo_figures() {
    let (_dir, db) = demo_db();
    let json = status_json(&db);
    for key in [
        "programme",
        "today",
        "cohorts",
        "awaiting_review",
        "unmatched",
        "mentors",
        "upcoming_sessions",
        "budget",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "no {key} in {json:#}");
    }
    let cohorts = json["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 3);
    let phases: Vec<&str> = cohorts
        .iter()
        .map(|c| c["phase"].as_str().unwrap())
        .collect();
    assert_eq!(phases, ["finished", "running", "recruiting"]);
    let people: u64 = cohorts
        .iter()
        .map(|c| c["participants"].as_u64().unwrap())
        .sum();
    assert!(people >= 36 - json["awaiting_review"].as_u64().unwrap());
    assert!(!json["upcoming_sessions"].as_array().unwrap().is_empty());
    assert!(!json["unmatched"].as_array().unwrap().is_empty());
    let categories = json["budget"]["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 6);
    for c in categories {
        let used = c["paid_pence"].as_i64().unwrap()
            + c["committed_pence"].as_i64().unwrap()
            + c["estimated_pence"].as_i64().unwrap();
        assert_eq!(
            c["remaining_pence"].as_i64().unwrap(),
            c["allocated_pence"].as_i64().unwrap() - used
        );
    }
    assert!(categories.iter().any(|c| c["alert"] == "over"));
}

#[test]
fn status_for_one_cohort_and_for_a_cohort_that_does_not_exist() {
    let (_dir, db) = demo_db();
    let out = improvers(&db)
        .args(["status", "--json", "--cohort", "2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["cohorts"].as_array().unwrap().len(), 1);
    assert_eq!(json["cohorts"][0]["number"], 2);
    improvers(&db)
        .args(["status", "--cohort", "9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "there is no cohort 9 in this programme (cohorts: 1, 2, 3)",
        ));
}

#[test]
fn status_without_a_database_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here");
    improvers(&db)
        .arg("status")
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no database at"))
        .stderr(predicate::str::contains("improvers demo"));
    assert!(!db.exists(), "status must not create a database");
}

#[test]
fn demo_refuses_a_database_in_use_for_something_else_unless_forced() {
    let (dir, db) = demo_db();
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "is not empty; the demo will not overwrite it",
        ));
    improvers(&db)
        .args(["demo", "--no-open", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Kept the old"));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("demo.before-demo-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the old database is kept aside");
}

#[test]
fn the_large_programme_builds_and_answers_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large");
    improvers(&db)
        .args(["demo", "--no-open", "--scale", "large", "--seed", "7"])
        .assert()
        .success();
    let json = status_json(&db);
    assert_eq!(json["cohorts"].as_array().unwrap().len(), 20);
}

#[test]
fn the_dashboard_without_a_terminal_says_it_needs_one() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .assert()
        .failure()
        .stderr(predicate::str::contains("the dashboard needs a terminal"));
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["status", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["serve", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
    ] {
        improvers(&db)
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: improvers"));
    }
}

#[test]
fn improvers_db_chooses_the_database_but_never_the_demos() {
    let (dir, db) = demo_db();
    let data_home = dir.path().join("data-home");
    let mut status = Command::cargo_bin("improvers").unwrap();
    status
        .arg("status")
        .env("IMPROVERS_DB", &db)
        .env("XDG_DATA_HOME", &data_home)
        .assert()
        .success()
        .stdout(predicate::str::contains("Cohort 2"));

    let real = dir.path().join("real");
    let mut demo = Command::cargo_bin("improvers").unwrap();
    demo.args(["demo", "--no-open"])
        .env("IMPROVERS_DB", &real)
        .env("XDG_DATA_HOME", &data_home)
        .assert()
        .success();
    assert!(
        !real.exists(),
        "the demo must not touch the database IMPROVERS_DB names"
    );
    assert!(data_home.join("improvers/demo").is_dir());
    // The default demo database is the demo's own: building it again replaces it.
    let mut again = Command::cargo_bin("improvers").unwrap();
    again
        .args(["demo", "--no-open"])
        .env("XDG_DATA_HOME", &data_home)
        .env_remove("IMPROVERS_DB")
        .assert()
        .success();
}

#[test]
fn a_database_held_by_a_process_that_does_not_answer_is_named_in_plain_words() {
    // Holding the database without serving it: what a hung improvers would look like.
    let (_dir, db) = demo_db();
    let held = improvers::store::Store::open(&db).unwrap();
    let out = improvers(&db)
        .arg("status")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let message = String::from_utf8(out).unwrap();
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(
        message.contains("another improvers holds the database"),
        "{message}"
    );
    assert!(
        !message.contains("WouldBlock") && !message.contains("os error"),
        "{message}"
    );
    drop(held);
}

#[test]
fn a_database_from_a_newer_improvers_is_refused_with_a_clear_message() {
    let (_dir, db) = demo_db();
    {
        let raw = sled::open(&db).unwrap();
        let meta = raw.open_tree("meta").unwrap();
        meta.insert("format", &[improvers::store::codec::FORMAT + 1][..])
            .unwrap();
        raw.flush().unwrap();
    }
    improvers(&db).arg("status").assert().failure().stderr(predicate::str::contains(format!(
        "this database was written by a newer version of improvers (format {}); upgrade improvers",
        improvers::store::codec::FORMAT + 1
    )));
}

fn asset(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/demo")
        .join(name)
}

#[test]
fn a_programme_is_built_from_files_one_import_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ours");
    for (kind, file) in [
        ("programme", "programme.toml"),
        ("venues", "venues.csv"),
        ("q-members", "q-members.csv"),
        ("participants", "participants.csv"),
        ("pathway", "pathway.csv"),
    ] {
        improvers(&db)
            .args(["import", kind])
            .arg(asset(file))
            .assert()
            .success()
            .stdout(predicate::str::contains("Imported"));
    }
    let json = status_json(&db);
    let people: u64 = json["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["participants"].as_u64().unwrap())
        .sum();
    assert!(people >= 30, "{json:#}");
    // The pathway file, imported separately, gives people their real dated stages.
    let finished = &json["cohorts"][0];
    assert_eq!(finished["by_stage"]["nominated"], 0, "{finished:#}");
    assert!(
        finished["by_stage"]["joined_q"].as_u64().unwrap() > 0,
        "{finished:#}"
    );
    // The same file again adds nobody twice.
    improvers(&db)
        .args(["import", "participants"])
        .arg(asset("participants.csv"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing was imported"));
}

#[test]
fn a_bad_file_reports_every_bad_row_and_imports_nothing() {
    let (dir, db) = demo_db();
    let before = status_json(&db);
    let file = dir.path().join("expenses.csv");
    std::fs::write(
        &file,
        "date,category,amount,payee,state\n\
         2026-02-30,Catering,£12.00,Café,paid\n\
         2026-03-01,Catering,£5.00,Good row,paid\n\
         2026-03-02,Catering,-£5.00,Refund,paid\n\
         2026-03-03,Travel,£5.00,Somebody,paid\n",
    )
    .unwrap();
    let out = improvers(&db)
        .args(["import", "expenses"])
        .arg(&file)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let message = String::from_utf8(out).unwrap();
    let name = file.display().to_string();
    assert!(
        message.contains(&format!("{name}:2: column \"date\"")),
        "{message}"
    );
    assert!(message.contains("2026-02-30"), "{message}");
    assert!(
        message.contains(&format!("{name}:4: column \"amount\"")),
        "{message}"
    );
    assert!(
        message.contains(&format!("{name}:5: column \"category\"")),
        "{message}"
    );
    assert!(message.contains("3 problems"), "{message}");
    let after = status_json(&db);
    assert_eq!(before, after, "a refused file changes nothing");
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_line() {
    let (dir, db) = demo_db();
    let file = dir.path().join("latin1.csv");
    std::fs::write(&file, b"name,capacity\nCaf\xe9 room,10\n").unwrap();
    improvers(&db)
        .args(["import", "venues"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains(":2: the file is not UTF-8 text"));
}

/// `all` is written by export only: the command line refuses it, listing the kinds import
/// reads in the order to import them.
#[test]
fn import_all_is_refused_listing_the_kinds_in_import_order() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .args(["import", "all"])
        .arg(asset("participants.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "[possible values: programme, venues, q-members, participants, pathway, readiness, \
             sessions, attendance, matches, check-ins, expenses, survey]",
        ));
}

#[test]
fn a_cohort_given_by_name_is_refused_asking_for_its_number() {
    let (_dir, db) = demo_db();
    for args in [
        ["export", "sessions", "--cohort", "Cohort 3"],
        ["status", "--cohort", "three", "--json"],
        ["match", "--cohort", "Cohort 3", "--apply"],
    ] {
        improvers(&db)
            .args(args)
            .assert()
            .failure()
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "give the cohort's number (for \"Cohort 3 — 2027\", --cohort 3)",
            ));
    }
}
