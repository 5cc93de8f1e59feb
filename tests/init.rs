//! `improvers init` as a team starting from nothing meets it: options for a script, refusals
//! that name the option or the programme already there, and a running dashboard in between.

mod support;

use predicates::prelude::*;
use support::{Server, improvers, snapshot, status_json};

fn fenland(db: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = improvers(db);
    cmd.args([
        "init",
        "--name",
        "Aspiring Improvers — Fenland",
        "--funder",
        "Fenland Health Partnership",
        "--grant",
        "£40,000",
        "--cohort-name",
        "Cohort 1 — 2027",
        "--starts",
        "11/01/2027",
        "--ends",
        "2027-12-10",
        "--target",
        "14",
    ]);
    cmd
}

#[test]
fn init_with_options_sets_up_the_programme_grant_and_first_cohort_and_says_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    // Wide enough that the sentence is not wrapped (text_width.rs checks the wrapping).
    fenland(&db)
        .env("COLUMNS", "500")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Set up Aspiring Improvers — Fenland (funded by Fenland Health Partnership, grant \
             £40,000.00) with Cohort 1 — 2027, 11 Jan 2027 to 10 Dec 2027",
        ))
        .stdout(predicate::str::contains("n adds a participant"));
    let status = status_json(&db);
    assert_eq!(status["programme"], "Aspiring Improvers — Fenland");
    assert_eq!(status["budget"]["total_pence"], 4_000_000);
    let data = snapshot(&db);
    let cohort = data.cohorts.values().next().unwrap();
    assert_eq!((cohort.number, cohort.target_size), (1, 14));
    assert_eq!(cohort.starts.to_string(), "2027-01-11");
}

#[test]
fn init_refuses_a_database_that_already_holds_a_programme_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    fenland(&db).assert().success();
    improvers(&db)
        .args([
            "init", "--name", "Another", "--funder", "Q", "--grant", "1000",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already holds the programme \"Aspiring Improvers — Fenland\"",
        ));
    assert_eq!(
        snapshot(&db).programme.map(|p| p.name).as_deref(),
        Some("Aspiring Improvers — Fenland")
    );
}

#[test]
fn a_script_missing_a_required_option_is_told_which_and_nothing_is_set_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    // Standard input is not a terminal here, so nothing is asked.
    improvers(&db)
        .args(["init", "--name", "Fenland", "--grant", "£40,000"])
        .write_stdin("Fenland Health Partnership\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--funder is missing: give the funder with --funder",
        ));
    improvers(&db)
        .args([
            "init", "--name", "Fenland", "--funder", "Q", "--grant", "lots",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--grant \"lots\""));
    assert!(snapshot(&db).programme.is_none());
}

#[test]
fn defaults_fill_what_a_script_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    improvers(&db)
        .args(["init", "--yes", "--name", "Fenland", "--funder", "Q"])
        .args(["--grant", "40000", "--starts", "2027-01-11"])
        .assert()
        .success();
    let data = snapshot(&db);
    let cohort = data.cohorts.values().next().unwrap();
    assert_eq!(cohort.name, "Cohort 1 — 2027");
    assert_eq!(cohort.ends.to_string(), "2028-01-10");
    assert_eq!(cohort.target_size, 12);
}

#[test]
fn init_works_while_another_process_owns_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    std::fs::create_dir(&db).unwrap();
    let server = Server::start(&db);
    fenland(&db).assert().success();
    assert_eq!(
        status_json(&db)["programme"],
        "Aspiring Improvers — Fenland"
    );
    server.stop();
    assert_eq!(
        snapshot(&db).programme.map(|p| p.name).as_deref(),
        Some("Aspiring Improvers — Fenland")
    );
}

#[test]
fn init_reads_dates_as_the_dashboard_does_and_names_the_cohort_for_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme");
    improvers(&db)
        .args(["init", "--yes", "--name", "Fenland", "--funder", "Q"])
        .args([
            "--grant",
            "40000",
            "--starts",
            "1 Dec 2027",
            "--ends",
            "30 Nov 2028",
        ])
        .assert()
        .success();
    let data = snapshot(&db);
    let cohort = data.cohorts.values().next().unwrap();
    assert_eq!(cohort.starts.to_string(), "2027-12-01");
    assert_eq!(cohort.ends.to_string(), "2028-11-30");
    assert_eq!(cohort.name, "Cohort 1 — 2027");

    // Counted from the programme's today, on London's clock.
    let other = dir.path().join("other");
    improvers(&other)
        .args(["init", "--yes", "--name", "Fenland", "--funder", "Q"])
        .args(["--grant", "40000", "--starts", "tomorrow"])
        .assert()
        .success();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    let data = snapshot(&other);
    let cohort = data.cohorts.values().next().unwrap();
    assert_eq!(cohort.starts, today.succ_opt().unwrap());

    improvers(&dir.path().join("third"))
        .args(["init", "--yes", "--name", "Fenland", "--funder", "Q"])
        .args(["--grant", "40000", "--starts", "soon"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--starts \"soon\": “soon” is not a date (write 1/12/2026, 1 Dec, tomorrow, thu or +7)",
        ));
}
