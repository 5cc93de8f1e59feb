//! `improvers check` as a user runs it: the demo agrees, alone or beside an owner; damaged
//! budget totals and a damaged sessions index are each named, with a failing exit, and a
//! backup restored over the database works them out again; a change missing from the history
//! is named, and a record that cannot be read fails the check.

mod common;
mod support;

use improvers::domain::budget::{BudgetTotals, ExpenseState};
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::money::Pence;
use improvers::domain::snapshot::Snapshot;
use improvers::store::Scope;
use improvers::store::codec;
use improvers::store::shared::Database;
use predicates::prelude::*;
use std::path::Path;
use support::{Server, demo_db, improvers};

fn snapshot(db: &Path) -> Snapshot {
    Database::open(db)
        .unwrap()
        .snapshot(Scope::Everything)
        .unwrap()
        .1
}

/// sled finishes writing on a background thread after a `Db` is dropped, holding the lock
/// until then, so opening it again in this process may have to wait a moment.
fn open_raw(path: &Path) -> sled::Db {
    for _ in 0..100 {
        if let Ok(db) = sled::open(path) {
            return db;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("cannot open {} directly", path.display());
}

fn agreement(data: &Snapshot) -> String {
    format!(
        "All figures agree: {} expenses, {} sessions, 1 history entry checked\n",
        data.expenses.len(),
        data.sessions.len()
    )
}

#[test]
fn the_demo_agrees() {
    let (_dir, db) = demo_db();
    let data = snapshot(&db);
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .success()
        .stdout(agreement(&data));
}

#[test]
fn the_check_runs_through_the_owner() {
    let (_dir, db) = demo_db();
    let data = snapshot(&db);
    let _server = Server::start(&db);
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .success()
        .stdout(agreement(&data));
}

#[test]
fn a_missing_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    improvers(&dir.path().join("nowhere"))
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no database at"));
}

#[test]
fn damaged_figures_are_named_and_a_restore_mends_them() {
    let (dir, db) = demo_db();
    let data = snapshot(&db);
    let paid_venue_hire =
        |totals: &BudgetTotals| totals.sum(CategoryId::VENUE_HIRE, ExpenseState::Paid);
    let recomputed = BudgetTotals::from_expenses(data.expenses.values());
    assert!(
        paid_venue_hire(&recomputed) > Pence(15_000),
        "the demo has paid venue hire"
    );

    // Damage the kept figures as a disk or a bug might, with no improvers running: £150 of
    // paid venue hire forgotten, one session dropped from the index and a stray entry added.
    let mut wrong = data.expenses.clone();
    let hire = wrong
        .values_mut()
        .find(|e| e.category == CategoryId::VENUE_HIRE && e.state == ExpenseState::Paid)
        .unwrap();
    hire.amount = hire.amount - Pence(15_000);
    let kept = BudgetTotals::from_expenses(wrong.values());
    let (dropped, stray) = {
        let raw = open_raw(&db);
        raw.open_tree("aggregates")
            .unwrap()
            .insert("budget_totals", codec::encode(&kept).unwrap())
            .unwrap();
        let index = raw.open_tree("sessions_by_start").unwrap();
        let (first, _) = index.first().unwrap().unwrap();
        index.remove(&first).unwrap();
        let mut stray = first.to_vec();
        stray[12..].copy_from_slice(&9_999u64.to_be_bytes());
        index.insert(stray.as_slice(), &[] as &[u8]).unwrap();
        raw.flush().unwrap();
        let id = u64::from_be_bytes(first[12..].try_into().unwrap());
        (
            &data.sessions[&improvers::domain::ids::SessionId(id)],
            9_999,
        )
    };
    let figures = format!(
        "Venue hire, paid: kept {}, recomputed {}",
        paid_venue_hire(&kept),
        paid_venue_hire(&recomputed)
    );
    let missing = format!(
        "sessions by start: session {} \"{}\" at {} is not listed",
        dropped.id,
        dropped.title,
        dropped.start.format("%Y-%m-%d %H:%M")
    );
    let extra = format!(
        "sessions by start: session {stray} is listed at {}, but there is no such session",
        dropped.start.format("%Y-%m-%d %H:%M")
    );
    let refused = |cmd: &mut assert_cmd::Command| {
        cmd.env("COLUMNS", "500")
            .arg("check")
            .assert()
            .failure()
            .stdout(predicate::str::starts_with(format!(
                "Kept figures differ from the records ({} expenses, {} sessions, 1 history entry \
                 checked):\n",
                data.expenses.len(),
                data.sessions.len()
            )))
            .stdout(predicate::str::contains(format!("  {figures}\n")))
            .stdout(predicate::str::contains(format!("  {missing}\n")))
            .stdout(predicate::str::contains(format!("  {extra}\n")))
            .stdout(predicate::str::contains("improvers restore FILE --force"))
            .stderr(predicate::str::contains("3 kept figures of "))
            .stderr(predicate::str::contains(
                "are not what the records add up to",
            ));
    };
    refused(&mut improvers(&db));
    {
        let _server = Server::start(&db);
        refused(&mut improvers(&db));
    }

    let backup = dir.path().join("demo.backup");
    improvers(&db).arg("backup").arg(&backup).assert().success();
    improvers(&db)
        .arg("restore")
        .arg(&backup)
        .arg("--force")
        .assert()
        .success();
    // The demo's change, then the register entry of demo.backup kept over the restore.
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .success()
        .stdout(agreement(&data).replace("1 history entry", "2 history entries"));
}

#[test]
fn a_missing_entry_in_the_expenses_to_watch_is_named() {
    let (_dir, db) = demo_db();
    {
        let raw = open_raw(&db);
        let watch = raw.open_tree("expenses_to_watch").unwrap();
        let (first, _) = watch.first().unwrap().expect("the demo has estimates");
        watch.remove(&first).unwrap();
        raw.flush().unwrap();
    }
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "  expenses to watch: 1 entries missing, 0 that should not be there\n",
        ));
}

#[test]
fn a_change_missing_from_the_history_is_named_and_a_backup_is_asked_for() {
    let (_dir, db) = demo_db();
    {
        let store = improvers::store::Store::open(&db).unwrap();
        for id in [9_001, 9_002] {
            let change = Change::Put(Record::Participant(common::participant(id)));
            store.apply(&change, "sam", common::when(0)).unwrap();
        }
    }
    {
        let raw = open_raw(&db);
        raw.open_tree("history")
            .unwrap()
            .remove(2u64.to_be_bytes())
            .unwrap()
            .expect("change 2 is in the history");
        raw.flush().unwrap();
    }
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .failure()
        .stdout(predicate::str::contains(", 2 history entries checked):\n"))
        .stdout(predicate::str::contains("  history: change 2 is missing\n"))
        .stdout(predicate::str::contains("restore your latest backup"))
        .stdout(predicate::str::contains("The records decide").not())
        .stderr(predicate::str::contains(db.display().to_string()));
}

#[test]
fn a_record_that_cannot_be_read_fails_the_check_rather_than_being_skipped() {
    let (_dir, db) = demo_db();
    {
        let raw = open_raw(&db);
        raw.open_tree("participants")
            .unwrap()
            .insert(77u64.to_be_bytes(), &[codec::FORMAT, 0xff, 0xff, 0xff][..])
            .unwrap();
        raw.flush().unwrap();
    }
    let folder = db.display();
    improvers(&db)
        .env("COLUMNS", "500")
        .arg("check")
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "improvers: the database at {folder} could not be read to the end, so it was not \
             checked; restore your latest backup with `improvers --db {folder} restore FILE \
             --force`: record participant 77 in the database at {folder} cannot be read: "
        )));
}
