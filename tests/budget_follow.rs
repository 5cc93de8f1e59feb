//! A change that touched only expenses (made here or in another process) is followed in the
//! budget pane rather than worked out again whole: the pane then looks exactly as it does in a
//! dashboard that worked it out from scratch, whatever the sort, filter or cohort in view.

mod screen;

use chrono::{Months, TimeZone, Utc};
use improvers::domain::budget::{Expense, ExpenseState};
use improvers::domain::change::{Change, HistoryEntry, Record, RecordKey};
use improvers::domain::ids::{CategoryId, ExpenseId};
use improvers::domain::money::Pence;
use improvers::domain::people::PersonRef;
use improvers::domain::people::roster::CohortFilter;
use improvers::domain::snapshot::Snapshot;
use improvers::tui::app::App;
use improvers::tui::panes::PaneId;
use screen::{demo, now, press, screen_of};

/// One change after another, each touching only expenses: raised, moved a year back, moved
/// into catering far over its allocation, cancelled, deleted, a new one for a participant of
/// `cohort` (the one in view, if any), and two in one change.
fn changes(data: &Snapshot, cohort: CohortFilter) -> Vec<Change> {
    let mut ids = data.expenses.keys().copied();
    let mut take = || data.expenses[&ids.next().expect("the demo has expenses")].clone();
    let mut raised = take();
    raised.amount = raised.amount + Pence(1_000);
    let mut earlier = take();
    earlier.date = earlier.date - Months::new(12);
    let mut over = take();
    over.category = CategoryId::CATERING;
    over.amount = Pence(5_000_000);
    over.state = ExpenseState::Committed;
    let mut cancelled = take();
    cancelled.state = ExpenseState::Cancelled;
    let deleted = take();
    let person = data
        .participants
        .values()
        .find(|p| match cohort {
            CohortFilter::Cohort(id) => p.cohort == Some(id),
            _ => true,
        })
        .expect("a participant of the cohort in view");
    let next = data.expenses.keys().last().map_or(1, |id| id.0 + 1);
    let new = Expense {
        id: ExpenseId(next),
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        category: CategoryId::VENUE_HIRE,
        amount: Pence(45_600),
        payee: "Invented Hall".into(),
        description: "Room for the learning session".into(),
        session: None,
        person: Some(PersonRef::Participant(person.id)),
        state: ExpenseState::Estimate,
        history: vec![],
    };
    let mut paid = take();
    paid.state = ExpenseState::Paid;
    let mut renamed = take();
    renamed.payee = "Aardvark Invented Travel".into();
    vec![
        Change::Put(Record::Expense(raised)),
        Change::Put(Record::Expense(earlier)),
        Change::Put(Record::Expense(over)),
        Change::Put(Record::Expense(cancelled)),
        Change::Delete(RecordKey::Expense(deleted.id)),
        Change::Put(Record::Expense(new)),
        Change::Batch {
            summary: "two at once".into(),
            changes: vec![
                Change::Put(Record::Expense(paid)),
                Change::Put(Record::Expense(renamed)),
            ],
        },
    ]
}

/// `change` as the store would hand it back: numbered, with what each record was.
fn entry(data: &Snapshot, seq: u64, change: Change) -> HistoryEntry {
    let before = change
        .keys()
        .into_iter()
        .map(|key| {
            let was = match key {
                RecordKey::Expense(id) => data.expenses.get(&id).cloned().map(Record::Expense),
                _ => None,
            };
            (key, was)
        })
        .collect();
    HistoryEntry {
        seq,
        at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 5, 0).unwrap(),
        user: "kofi".into(),
        change,
        before,
    }
}

#[test]
fn an_expense_changed_elsewhere_is_followed_and_shows_as_if_worked_out_again() {
    let scripts = [
        "4",
        "4 o",
        "4 o o",
        "4 o o o",
        "4 o o o o",
        "4 O",
        "4 / catering Enter",
        "4 / invented Enter",
        "4 ]",
        "4 ] ] j",
        "4 j j j",
    ];
    for script in scripts {
        let mut data = demo();
        let mut app = App::new(data.clone(), now());
        press(&mut app, script);
        for (turn, change) in changes(&data, app.cohort).into_iter().enumerate() {
            let entry = entry(&data, 1_000 + turn as u64, change);
            data.apply_entry(&entry);
            app.apply_entry(&entry);
            assert!(
                !app.is_stale(PaneId::Budget),
                "{script:?}, change {turn}: followed, not left to be worked out again"
            );
            let mut eager = App::new(data.clone(), now());
            press(&mut eager, script);
            assert_eq!(
                app.budget.listing.rows(),
                eager.budget.listing.rows(),
                "{script:?}, change {turn}: every row, in order, flags and all"
            );
            // The same expense selected in both, so that only what was followed can differ.
            if let Some(row) = app.budget.listing.selected_row() {
                eager.budget.listing.select_identity(row.id.0);
            }
            assert_eq!(
                screen_of(&app, 160, 48),
                screen_of(&eager, 160, 48),
                "{script:?}, change {turn}"
            );
        }
    }
}

#[test]
fn the_selected_expense_stays_selected_when_another_is_added_above_it() {
    let mut data = demo();
    let mut app = App::new(data.clone(), now());
    press(&mut app, "4 j j");
    let chosen = app.budget.listing.selected_row().map(|r| r.id);
    let newest = changes(&data, app.cohort).remove(5);
    let entry = entry(&data, 1_000, newest);
    data.apply_entry(&entry);
    app.apply_entry(&entry);
    assert_eq!(app.budget.listing.selected_row().map(|r| r.id), chosen);
}

/// A change of more expenses than are followed one by one (an import, or its undo) is
/// worked out whole before the next frame is drawn: no frame lists expenses that are gone or
/// leaves out ones that came.
#[test]
fn an_import_of_many_expenses_is_worked_out_again_whole_before_the_frame() {
    let mut data = demo();
    let mut app = App::new(data.clone(), now());
    app.frame_first = true;
    press(&mut app, "4");
    let next = data.expenses.keys().last().map_or(1, |id| id.0 + 1);
    let template = data.expenses.values().next().cloned().unwrap();
    let many = (0..100)
        .map(|i| {
            Change::Put(Record::Expense(Expense {
                id: ExpenseId(next + i),
                ..template.clone()
            }))
        })
        .collect();
    let entry = entry(
        &data,
        1_000,
        Change::Batch {
            summary: "import".into(),
            changes: many,
        },
    );
    data.apply_entry(&entry);
    app.apply_entry(&entry);
    assert!(!app.is_stale(PaneId::Budget));
    assert!(!app.after_frame(), "nothing is left for after the frame");
    let mut eager = App::new(data.clone(), now());
    press(&mut eager, "4");
    assert_eq!(app.budget.listing.rows(), eager.budget.listing.rows());
    assert_eq!(screen_of(&app, 160, 48), screen_of(&eager, 160, 48));

    // And undone: the hundred go at once.
    let undo = Change::Batch {
        summary: "undo the import".into(),
        changes: (0..100)
            .map(|i| Change::Delete(RecordKey::Expense(ExpenseId(next + i))))
            .collect(),
    };
    let entry = self::entry(&data, 1_001, undo);
    data.apply_entry(&entry);
    app.apply_entry(&entry);
    assert!(!app.is_stale(PaneId::Budget));
    let mut eager = App::new(data, now());
    press(&mut eager, "4");
    assert_eq!(screen_of(&app, 160, 48), screen_of(&eager, 160, 48));
}
