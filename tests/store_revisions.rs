//! Every stored record carries the revision that last saved it, and an edit made from an older
//! revision is refused, naming who changed the record and when, with nothing saved.

mod common;

use common::*;
use improvers::domain::budget::ExpenseState;
use improvers::domain::change::{Change, Record, RecordKey, Revision};
use improvers::domain::ids::CategoryId;
use improvers::domain::ids::{ExpenseId, ParticipantId, SessionId};
use improvers::domain::snapshot::Snapshot;
use improvers::store::{Scope, Store, StoreError};
use std::path::{Path, PathBuf};

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("db")
}

fn put(record: Record) -> Change {
    Change::Put(record)
}

fn edit(record: Record, based_on: Option<u64>) -> Change {
    Change::Edit { record, based_on }
}

fn ada() -> Record {
    let mut p = participant(17);
    p.name = "Ada Okafor".into();
    Record::Participant(p)
}

fn ada_with_notes(notes: &str) -> Record {
    let Record::Participant(mut p) = ada() else {
        unreachable!()
    };
    p.notes = notes.into();
    Record::Participant(p)
}

const ADA: RecordKey = RecordKey::Participant(ParticipantId(17));

fn revision(store: &Store, key: RecordKey) -> Option<Revision> {
    store
        .snapshot(Scope::Everything)
        .unwrap()
        .revisions
        .get(&key)
        .cloned()
}

fn rev(seq: u64, seconds: i64, user: &str) -> Revision {
    Revision {
        seq,
        at: when(seconds),
        user: user.into(),
    }
}

/// Everything a refused change must leave as it was.
fn state(store: &Store) -> (u64, usize, Snapshot) {
    (
        store.last_seq().unwrap(),
        store.history(usize::MAX).unwrap().len(),
        store.snapshot(Scope::Everything).unwrap(),
    )
}

#[test]
fn a_revision_is_recorded_on_put_updated_on_change_removed_on_delete_and_kept_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let store = Store::open(&path).unwrap();
        store.apply(&put(ada()), "sam", when(0)).unwrap();
        assert_eq!(revision(&store, ADA), Some(rev(1, 0, "sam")));

        let batch = Change::Batch {
            summary: "imported".into(),
            changes: vec![
                put(ada_with_notes("moved to cohort 2")),
                put(Record::Session(session(4, at(3, 1, 9)))),
            ],
        };
        store.apply(&batch, "priya", when(60)).unwrap();
        assert_eq!(revision(&store, ADA), Some(rev(2, 60, "priya")));
        assert_eq!(
            revision(&store, RecordKey::Session(SessionId(4))),
            Some(rev(2, 60, "priya"))
        );

        store
            .apply(
                &Change::Delete(RecordKey::Session(SessionId(4))),
                "sam",
                when(120),
            )
            .unwrap();
        assert_eq!(revision(&store, RecordKey::Session(SessionId(4))), None);
    }
    let store = Store::open(&path).unwrap();
    let snapshot = store.snapshot(Scope::Everything).unwrap();
    assert_eq!(
        snapshot.revisions.into_iter().collect::<Vec<_>>(),
        vec![(ADA, rev(2, 60, "priya"))]
    );
}

#[test]
fn an_edit_from_the_current_revision_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    // `None`: a new record, which nobody has saved yet.
    store.apply(&edit(ada(), None), "sam", when(0)).unwrap();
    let seq = store
        .apply(
            &edit(ada_with_notes("prefers Tuesdays"), Some(1)),
            "priya",
            when(60),
        )
        .unwrap();
    assert_eq!(seq, 2);
    let snapshot = store.snapshot(Scope::Everything).unwrap();
    assert_eq!(snapshot.get(ADA), Some(ada_with_notes("prefers Tuesdays")));
    assert_eq!(snapshot.revisions.get(&ADA), Some(&rev(2, 60, "priya")));
    let entry = &store.history(1).unwrap()[0];
    assert_eq!(entry.change.summary(), "saved participant");
    assert_eq!(entry.before, vec![(ADA, Some(ada()))]);
}

#[test]
fn an_edit_from_an_older_revision_is_refused_naming_who_and_when_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    store.apply(&put(ada()), "sam", when(0)).unwrap();
    // jsmith saves at 21:27:40 London time, after sam opened revision 1.
    store
        .apply(&put(ada_with_notes("jsmith's notes")), "jsmith", when(60))
        .unwrap();
    let before = state(&store);

    let err = store
        .apply(
            &edit(ada_with_notes("sam's notes"), Some(1)),
            "sam",
            when(120),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "participant Ada Okafor was changed by jsmith at 21:27 on 28 May 2026 since you opened \
         it; nothing was saved — your values are kept so you can apply them again"
    );
    assert_eq!(state(&store), before);

    // Creating a record under a number someone else's record has taken meanwhile is refused
    // as taken, so the change can be made again with a fresh number.
    let err = store
        .apply(&edit(ada(), None), "sam", when(120))
        .unwrap_err();
    assert!(matches!(err, StoreError::Taken { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("participant Ada Okafor was added by jsmith at 21:27 on 28 May 2026"),
        "{err}"
    );
    assert_eq!(state(&store), before);
}

#[test]
fn an_edit_of_a_record_deleted_since_says_who_deleted_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    let expense = Record::Expense(expense(12, CategoryId::CATERING, ExpenseState::Paid, 900));
    store
        .apply(
            &Change::Batch {
                summary: "imported".into(),
                changes: vec![put(ada()), put(expense.clone())],
            },
            "sam",
            when(0),
        )
        .unwrap();
    store
        .apply(&Change::Delete(ADA), "jsmith", when(3600))
        .unwrap();
    store
        .apply(
            &Change::Delete(RecordKey::Expense(ExpenseId(12))),
            "jsmith",
            when(3600),
        )
        .unwrap();
    let before = state(&store);

    let err = store
        .apply(&edit(ada(), Some(1)), "sam", when(3660))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "participant Ada Okafor was deleted by jsmith at 22:26 on 28 May 2026 since you opened \
         it; nothing was saved — your values are kept so you can apply them again"
    );
    // An expense has no name, and its number shows nowhere: it is named by whom it is to
    // and its date.
    let err = store
        .apply(&edit(expense, Some(1)), "sam", when(3660))
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the expense to Riverside Conference Centre of 1 Apr 2026 was deleted by jsmith at \
             22:26 on 28 May 2026 since"
        ),
        "{err}"
    );
    assert_eq!(state(&store), before);

    // Saving it again afresh brings it back, and it is no longer "deleted".
    store.apply(&edit(ada(), None), "sam", when(3700)).unwrap();
    assert_eq!(revision(&store, ADA), Some(rev(4, 3700, "sam")));
}

#[test]
fn a_stale_edit_inside_a_batch_aborts_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    store.apply(&put(ada()), "sam", when(0)).unwrap();
    store
        .apply(&put(ada_with_notes("jsmith's notes")), "jsmith", when(60))
        .unwrap();
    let before = state(&store);
    let doomed = Change::Batch {
        summary: "moved people".into(),
        changes: vec![
            put(Record::Participant(participant(18))),
            put(Record::Expense(expense(
                3,
                CategoryId::CATERING,
                ExpenseState::Paid,
                900,
            ))),
            put(Record::Session(session(9, at(5, 1, 9)))),
            edit(ada_with_notes("sam's notes"), Some(1)),
        ],
    };
    let err = store.apply(&doomed, "sam", when(120)).unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }), "{err:?}");
    assert_eq!(state(&store), before);
    assert_eq!(
        store
            .sessions_starting_between(at(1, 1, 0), at(12, 31, 0))
            .unwrap(),
        vec![]
    );
    assert_eq!(
        store.budget_totals().unwrap(),
        store.recompute_budget_totals().unwrap()
    );

    // Within a batch, an edit sees the batch's own earlier save of the same record.
    let chained = Change::Batch {
        summary: "two steps".into(),
        changes: vec![
            edit(ada_with_notes("step one"), Some(2)),
            edit(ada_with_notes("step two"), Some(3)),
        ],
    };
    assert_eq!(store.apply(&chained, "sam", when(180)).unwrap(), 3);
}

#[test]
fn apply_entry_keeps_a_snapshots_revisions_equal_to_the_stores() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    let changes = [
        Change::Batch {
            summary: "imported".into(),
            changes: every_kind().into_iter().map(Change::Put).collect(),
        },
        // Participant 17 is among every kind.
        edit(ada(), Some(1)),
        edit(ada_with_notes("prefers Tuesdays"), Some(2)),
        Change::Delete(RecordKey::Session(SessionId(1))),
        Change::Delete(RecordKey::Session(SessionId(1))),
        Change::Batch {
            summary: "tidied".into(),
            changes: vec![
                Change::Delete(ADA),
                put(Record::Session(session(1, at(6, 1, 9)))),
                put(Record::Expense(expense(
                    40,
                    CategoryId::MATERIALS,
                    ExpenseState::Committed,
                    2_500,
                ))),
                edit(ada(), None),
            ],
        },
    ];
    let mut model = store.snapshot(Scope::Everything).unwrap();
    for (i, change) in changes.iter().enumerate() {
        let user = if i % 2 == 0 { "sam" } else { "priya" };
        store.apply(change, user, when(i as i64 * 60)).unwrap();
        let entry = &store.history(1).unwrap()[0];
        model.apply_entry(entry);
        assert_eq!(store.snapshot(Scope::Everything).unwrap(), model, "{i}");
    }
    assert_eq!(model.revisions.get(&ADA), Some(&rev(6, 300, "priya")));

    // Without expenses, their revisions are left out too.
    let without = store.snapshot(Scope::WithoutExpenses).unwrap();
    let mut expected = model.revisions.clone();
    expected.retain(|key, _| !matches!(key, RecordKey::Expense(_)));
    assert!(expected.len() < model.revisions.len());
    assert_eq!(without.revisions, expected);

    // A summary needs neither expenses nor revisions, but keeps the budget totals.
    let summary = store.snapshot(Scope::Summary).unwrap();
    assert!(summary.revisions.is_empty() && summary.expenses.is_empty());
    assert_eq!(summary.budget_totals, model.budget_totals);
    assert_eq!(summary.participants, model.participants);
}

/// Clears what a database from before revisions would not have, with no store open.
fn forget_revisions(path: &Path) {
    let raw = open_raw(path);
    for tree in ["revisions", "deletions"] {
        raw.open_tree(tree).unwrap().clear().unwrap();
    }
    raw.open_tree("meta").unwrap().remove("revisions").unwrap();
    raw.flush().unwrap();
}

fn open_raw(path: &Path) -> sled::Db {
    for _ in 0..100 {
        if let Ok(db) = sled::open(path) {
            return db;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("cannot reopen {}", path.display());
}

#[test]
fn a_database_from_before_revisions_gets_them_from_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let expected = {
        let store = Store::open(&path).unwrap();
        store
            .apply(
                &Change::Batch {
                    summary: "imported".into(),
                    changes: every_kind().into_iter().map(Change::Put).collect(),
                },
                "sam",
                when(0),
            )
            .unwrap();
        store.apply(&put(ada()), "priya", when(60)).unwrap();
        store
            .apply(&Change::Delete(ADA), "jsmith", when(3600))
            .unwrap();
        store.snapshot(Scope::Everything).unwrap()
    };
    forget_revisions(&path);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.snapshot(Scope::Everything).unwrap(), expected);
    assert!(!expected.revisions.is_empty());
    let err = store
        .apply(&edit(ada(), Some(2)), "sam", when(3660))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("participant Ada Okafor was deleted by jsmith at 22:26 on 28 May 2026"),
        "{err}"
    );
}
