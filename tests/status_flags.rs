//! `status` reads a bounded few of the expenses a policy check flags, and says so when there
//! are more than it read, rather than passing a partial list off as the whole.

mod common;

use common::*;
use improvers::domain::budget::ExpenseState;
use improvers::domain::change::{Change, Record};
use improvers::domain::ids::CategoryId;
use improvers::domain::sessions::schedule::LocalNow;
use improvers::domain::summary::Summary;
use improvers::io::status::{Paint, json, text};
use improvers::store::{Scope, Store};

/// A summary of a programme with `stale` estimates dated in the past, never committed.
fn summary_with_stale_estimates(stale: u64) -> Summary {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let mut records = vec![Record::Programme(programme())];
    records.extend((1..=stale).map(|id| {
        Record::Expense(expense(
            id,
            CategoryId::MATERIALS,
            ExpenseState::Estimate,
            1_000,
        ))
    }));
    let change = Change::Batch {
        summary: "imported".into(),
        changes: records.into_iter().map(Change::Put).collect(),
    };
    store.apply(&change, "sam", when(0)).unwrap();
    let data = store.snapshot(Scope::Summary).unwrap();
    let now = LocalNow::new(chrono::Utc::now(), chrono_tz::Europe::London);
    Summary::new(&data, now, None)
}

#[test]
fn a_few_flags_are_listed_whole() {
    let summary = summary_with_stale_estimates(3);
    assert_eq!(summary.budget_flags.len(), 3);
    assert!(!summary.more_budget_flags);
    let report = text(&summary, Paint { colour: false });
    assert!(report.contains("  to look at (3):"), "{report}");
    assert_eq!(json(&summary)["budget_flags_cut_short"], false);
}

#[test]
fn more_flags_than_status_reads_are_said_to_be_more() {
    let summary = summary_with_stale_estimates(60);
    assert_eq!(summary.budget_flags.len(), 50);
    assert!(summary.more_budget_flags);
    let report = text(&summary, Paint { colour: false });
    assert!(
        report.contains(
            "  to look at (the first 50; there are more, all listed in the dashboard's budget \
             pane):"
        ),
        "{report}"
    );
    assert_eq!(json(&summary)["budget_flags_cut_short"], true);
}
