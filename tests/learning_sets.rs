//! Learning sets from the command line: `improvers sets` suggests and stores them, through an
//! owner process too; `export sets` writes them; `status --json` counts them; a person's data
//! names their set and erasing them takes them out of it.

mod support;

use improvers::domain::ids::CohortId;
use improvers::domain::people::erasure::people_with_email;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use support::{demo_db, improvers, snapshot, status_json, stdout};

const EMAIL: &str = "amara.lindqvist@riverside-uh.example";

/// The cohort number of the participant with `email`, and the cohort's id.
fn cohort_of(db: &Path, email: &str) -> (u32, CohortId) {
    let data = snapshot(db);
    let p = data
        .participants
        .values()
        .find(|p| p.email == email)
        .expect("the demo has them");
    let cohort = p.cohort.expect("in a cohort");
    (data.cohorts[&cohort].number, cohort)
}

#[test]
fn a_suggestion_is_printed_and_stored_only_with_apply() {
    let (_dir, db) = demo_db();
    let (number, cohort) = cohort_of(&db, EMAIL);
    let n = number.to_string();
    let shown = stdout(improvers(&db).args(["sets", "--cohort", &n, "--size", "4"]));
    assert!(shown.contains("Suggested learning sets for"), "{shown}");
    assert!(shown.contains("Set 1: "), "{shown}");
    assert!(shown.contains("Nothing stored"), "{shown}");
    assert!(snapshot(&db).learning_sets.is_empty());

    let stored = stdout(improvers(&db).args(["sets", "--cohort", &n, "--size", "4", "--apply"]));
    assert!(stored.starts_with("Stored learning sets"), "{stored}");
    let data = snapshot(&db);
    let sets = &data.learning_sets[&cohort];
    assert!(sets.sets.iter().all(|s| s.len() <= 4));
    let placed: BTreeSet<_> = sets.sets.iter().flatten().copied().collect();
    let taking_part: BTreeSet<_> = improvers::domain::learning_sets::cohort_people(&data, cohort)
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(placed, taking_part, "everyone taking part is in one set");

    let csv = stdout(improvers(&db).args(["export", "sets", "--cohort", &n]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("set,name,email,profession,organisation,locked")
    );
    assert_eq!(lines.count(), placed.len());
    assert!(csv.contains(EMAIL), "{csv}");

    let json = status_json(&db);
    let row = json["learning_sets"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["cohort"] == number))
        .expect("the cohort's sets are in status --json");
    assert_eq!(row["placed"], placed.len());
    assert_eq!(row["sets"], sets.sets.len());
    assert_eq!(row["size"], 4);
}

#[test]
fn sets_are_stored_through_the_owner_while_another_process_holds_the_database() {
    let (_dir, db) = demo_db();
    let (number, cohort) = cohort_of(&db, EMAIL);
    let server = support::Server::start(&db);
    let n = number.to_string();
    stdout(improvers(&db).args(["sets", "--cohort", &n, "--apply"]));
    let csv = stdout(improvers(&db).args(["export", "sets", "--cohort", &n]));
    assert!(csv.contains(EMAIL), "{csv}");
    server.stop();
    let data = snapshot(&db);
    assert!(
        data.learning_sets[&cohort]
            .sets
            .iter()
            .all(|s| s.len() <= 5)
    );
}

#[test]
fn a_persons_data_names_their_set_and_forgetting_them_takes_them_out_of_it() {
    let (_dir, db) = demo_db();
    let (number, cohort) = cohort_of(&db, EMAIL);
    let n = number.to_string();
    stdout(improvers(&db).args(["sets", "--cohort", &n, "--size", "3", "--apply"]));
    let held = stdout(improvers(&db).args(["export", "person", EMAIL, "--format", "json"]));
    assert!(held.contains("\"learning_set\": \"Learning set "), "{held}");
    let data = snapshot(&db);
    let id = match people_with_email(&data, EMAIL).first() {
        Some(improvers::domain::people::PersonRef::Participant(id)) => *id,
        other => panic!("{other:?}"),
    };
    assert!(data.learning_sets[&cohort].set_of(id).is_some());

    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    let data = snapshot(&db);
    let sets = &data.learning_sets[&cohort];
    assert!(!sets.mentions(id), "erased from every set, lock and pair");
    let csv = stdout(improvers(&db).args(["export", "sets", "--cohort", &n]));
    assert!(!csv.contains("erased person"), "{csv}");
    improvers(&db).arg("check").assert().success();
}

#[test]
fn mistakes_are_sentences_naming_what_to_do() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .args(["sets", "--size", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "at least 2 people; 1 was asked for",
        ));
    improvers(&db)
        .args(["sets", "--cohort", "9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no cohort 9"));
    improvers(&db)
        .args(["export", "sets", "--format", "json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("learning sets are written as CSV"));

    let empty = tempfile::tempdir().unwrap();
    let db = empty.path().join("new");
    improvers(&db)
        .args([
            "init",
            "--name",
            "Test Programme",
            "--funder",
            "Test Funder",
            "--grant",
            "1000",
            "--cohort-name",
            "Cohort 1 — 2027",
            "--starts",
            "2027-01-11",
            "--ends",
            "2027-12-10",
        ])
        .assert()
        .success();
    improvers(&db)
        .arg("sets")
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody taking part"));
}
