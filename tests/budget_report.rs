//! `improvers export budget`: the budget report as CSV for a spreadsheet or a funder, with the
//! same figures as `status`, for the programme or one cohort.

mod support;

use predicates::prelude::*;
use support::{demo_db, improvers, status_json, stdout};

/// The CSV's rows, each as its cells, header first.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn pence(cell: &str) -> i64 {
    let (pounds, pennies) = cell.split_once('.').unwrap();
    let sign = if pounds.starts_with('-') { -1 } else { 1 };
    sign * (pounds.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + pennies.parse::<i64>().unwrap())
}

#[test]
fn the_programmes_report_has_the_figures_status_gives() {
    let (_dir, db) = demo_db();
    let text = stdout(improvers(&db).args(["export", "budget"]));
    let rows = rows(&text);
    assert_eq!(
        rows[0],
        [
            "category",
            "key",
            "allocated",
            "paid",
            "committed",
            "estimated",
            "remaining",
            "percent_used"
        ]
    );
    let status = status_json(&db);
    let categories = status["budget"]["categories"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        categories.len() + 2,
        "a row each, and the total"
    );
    for (row, c) in rows[1..].iter().zip(categories) {
        assert_eq!(row[0], c["label"].as_str().unwrap());
        assert_eq!(row[1], c["category"].as_str().unwrap());
        for (cell, key) in row[2..7].iter().zip([
            "allocated_pence",
            "paid_pence",
            "committed_pence",
            "estimated_pence",
            "remaining_pence",
        ]) {
            assert_eq!(pence(cell), c[key].as_i64().unwrap(), "{key} of {}", row[0]);
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0], "Total");
    let paid: i64 = rows[1..rows.len() - 1].iter().map(|r| pence(&r[3])).sum();
    assert_eq!(pence(&total[3]), paid);
}

#[test]
fn a_cohorts_report_is_its_share_against_its_own_spending() {
    let (_dir, db) = demo_db();
    let whole = rows(&stdout(improvers(&db).args(["export", "budget"])));
    let cohort = rows(&stdout(
        improvers(&db).args(["export", "budget", "--cohort", "2"]),
    ));
    assert_eq!(cohort.len(), whole.len());
    let total = |rows: &[Vec<String>]| {
        rows.last()
            .map(|r| pence(&r[3]) + pence(&r[4]) + pence(&r[5]))
    };
    let (cohorts, everyone) = (total(&cohort).unwrap(), total(&whole).unwrap());
    assert!(cohorts > 0, "cohort 2 has spent something");
    assert!(
        cohorts < everyone,
        "but not everything: {cohorts} of {everyone}"
    );
}

#[test]
fn the_report_is_exported_only_as_csv_and_never_imported() {
    let (dir, db) = demo_db();
    improvers(&db)
        .args(["export", "budget", "--format", "json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the budget report is written as CSV",
        ));
    improvers(&db)
        .args(["export", "budget", "--cohort", "99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("99"));
    let file = dir.path().join("budget.csv");
    improvers(&db)
        .args(["export", "budget", "--output"])
        .arg(&file)
        .assert()
        .success();
    improvers(&db)
        .args(["import", "budget"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "invalid value 'budget' for '<KIND>'",
        ));
}
