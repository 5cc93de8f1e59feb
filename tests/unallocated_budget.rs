//! Spending where nothing is allocated is an allocation never made, not an overspend: `status`
//! says so once and says how to allocate, and a cohort given no share of the allocations is not
//! compared with £0.00.

mod support;

use support::{demo_db, improvers, stdout};

/// A programme set up as the README does (`init`, which asks only for the grant), with
/// spending in two categories.
fn set_up_without_allocations(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("db");
    improvers(&db)
        .args([
            "init",
            "--name",
            "Aspiring Improvers — Marshmoor",
            "--funder",
            "Marshmoor Health Partnership",
            "--grant",
            "£40,000",
            "--cohort-name",
            "Cohort 1 — 2027",
            "--starts",
            "2027-01-11",
            "--ends",
            "2027-12-10",
            "--target",
            "12",
            "--yes",
        ])
        .assert()
        .success();
    let file = dir.join("expenses.csv");
    std::fs::write(
        &file,
        "date,category,amount,payee,description,session,state\r\n\
         2027-01-05,catering,£240.00,Marshmoor Catering,Lunch,,committed\r\n\
         2027-02-01,Venue hire,£950.00,Larkfield Rooms,Room hire,,estimate\r\n",
    )
    .unwrap();
    improvers(&db)
        .args(["import", "expenses"])
        .arg(&file)
        .assert()
        .success();
    db
}

#[test]
fn spending_with_nothing_allocated_is_one_warning_saying_how_to_allocate() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_without_allocations(dir.path());
    let text = stdout(improvers(&db).arg("status"));
    assert!(
        !text.contains("over its allocation"),
        "spending with nothing allocated is called an overspend:\n{text}"
    );
    let json = support::status_json(&db);
    let warnings: Vec<&str> = json["warnings"]
        .as_array()
        .expect("status --json has warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "The budget has spending in 2 categories but nothing allocated: allocate the grant \
             (budget pane `s`, or programme.toml)"
        ]
    );
}

#[test]
fn a_cohort_with_no_share_is_not_compared_with_nothing() {
    let (_dir, db) = demo_db();
    let text = stdout(improvers(&db).args(["status", "--cohort", "2"]));
    assert!(!text.contains("share (£0.00"), "{text}");
    assert!(!text.contains("of £0.00"), "{text}");
    assert!(
        text.contains("the programme gives cohorts no share of the"),
        "{text}"
    );
}
