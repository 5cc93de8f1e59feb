//! The store on a real database in a temporary folder: what is put comes back after a restart,
//! history can undo it, derived data stays in step and bad databases are refused clearly.

mod common;

use common::*;
use improvers::domain::budget::{BudgetTotals, ExpenseState};
use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::ids::CategoryId;
use improvers::domain::ids::{ExpenseId, ParticipantId, SessionId};
use improvers::domain::snapshot::Snapshot;
use improvers::store::codec::FORMAT;
use improvers::store::{Scope, Store};
use proptest::prelude::*;
use std::path::Path;

fn batch(records: Vec<Record>) -> Change {
    Change::Batch {
        summary: "imported".into(),
        changes: records.into_iter().map(Change::Put).collect(),
    }
}

fn db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("improvers").join("db")
}

/// Rewrites one raw value while no store has the database open, as damage or a newer
/// improvers would leave it.
fn poke(path: &Path, tree: &str, key: &[u8], edit: impl FnOnce(Option<Vec<u8>>) -> Vec<u8>) {
    let raw = open_raw(path);
    let tree = raw.open_tree(tree).unwrap();
    let old = tree.get(key).unwrap().map(|v| v.to_vec());
    tree.insert(key, edit(old)).unwrap();
    raw.flush().unwrap();
}

/// sled finishes writing on a background thread after a `Db` is dropped, holding the lock
/// until then, so a reopen in the same process may have to wait a moment.
fn open_raw(path: &Path) -> sled::Db {
    let mut tries = 0;
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(e) if tries < 100 => {
                tries += 1;
                let _ = e;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("cannot reopen {}: {e}", path.display()),
        }
    }
}

#[test]
fn a_store_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Store>();
}

#[test]
fn every_kind_of_record_comes_back_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let change = batch(every_kind());
    {
        let store = Store::open(&db(&dir)).unwrap();
        assert!(store.is_empty().unwrap());
        store.apply(&change, "sam", when(0)).unwrap();
    }
    let store = Store::open(&db(&dir)).unwrap();
    let mut expected = Snapshot::default();
    expected.apply_entry(&store.history(1).unwrap()[0]);
    assert_eq!(store.snapshot(Scope::Everything).unwrap(), expected);
    assert!(!store.is_empty().unwrap());
    for record in every_kind() {
        assert_eq!(expected.get(record.key()), Some(record));
    }

    let without = store.snapshot(Scope::WithoutExpenses).unwrap();
    assert!(without.expenses.is_empty());
    assert_eq!(without.budget_totals, expected.budget_totals);
    assert_eq!(
        without
            .budget_totals
            .sum(CategoryId::VENUE_HIRE, ExpenseState::Paid)
            .0,
        45_000
    );
}

#[test]
fn deleting_removes_the_record_and_its_totals() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    store.apply(&batch(every_kind()), "sam", when(0)).unwrap();
    let keys: Vec<RecordKey> = every_kind().iter().map(Record::key).collect();
    for key in &keys {
        store.apply(&Change::Delete(*key), "sam", when(1)).unwrap();
    }
    drop(store);
    let store = Store::open(&db(&dir)).unwrap();
    let snapshot = store.snapshot(Scope::Everything).unwrap();
    // Nothing is left but who deleted what, which keeps every id from being given again.
    let deleted: Vec<RecordKey> = snapshot.deletions.keys().copied().collect();
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(deleted, expected);
    assert_eq!(snapshot.seq, 1 + keys.len() as u64);
    assert_eq!(
        snapshot,
        Snapshot {
            deletions: snapshot.deletions.clone(),
            seq: snapshot.seq,
            ..Snapshot::default()
        }
    );
    assert!(store.is_empty().unwrap());
    assert_eq!(store.budget_totals().unwrap(), BudgetTotals::default());
    assert_eq!(
        store
            .sessions_starting_between(at(1, 1, 0), at(12, 31, 0))
            .unwrap(),
        vec![]
    );
    assert_eq!(store.last_seq().unwrap(), 1 + keys.len() as u64);
}

#[test]
fn history_says_who_changed_what_when_and_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    assert_eq!(store.last_seq().unwrap(), 0);
    assert_eq!(store.history(10).unwrap(), vec![]);

    let first = participant(17);
    let mut renamed = first.clone();
    renamed.name = "Amara Okafor-Bello".into();
    let mut moved_again = renamed.clone();
    moved_again.notes = "moved to cohort 2".into();
    let key = RecordKey::Participant(ParticipantId(17));

    let put_first = Change::Put(Record::Participant(first.clone()));
    // A batch touching the same record twice sees its own first write.
    let rename_twice = Change::Batch {
        summary: "renamed".into(),
        changes: vec![
            Change::Put(Record::Participant(renamed.clone())),
            Change::Put(Record::Participant(moved_again.clone())),
        ],
    };
    let delete = Change::Delete(key);
    assert_eq!(store.apply(&put_first, "sam", when(0)).unwrap(), 1);
    assert_eq!(store.apply(&rename_twice, "priya", when(60)).unwrap(), 2);
    assert_eq!(store.apply(&delete, "sam", when(120)).unwrap(), 3);
    drop(store);

    let store = Store::open(&db(&dir)).unwrap();
    assert_eq!(store.last_seq().unwrap(), 3);
    let history = store.history(10).unwrap();
    let seqs: Vec<u64> = history.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [3, 2, 1]);
    let [deleted, renamed_entry, created] = history.as_slice() else {
        panic!("three entries expected, got {history:?}");
    };

    assert_eq!(created.user, "sam");
    assert_eq!(created.at, when(0));
    assert_eq!(created.change, put_first);
    assert_eq!(created.before, vec![(key, None)]);

    assert_eq!(renamed_entry.user, "priya");
    assert_eq!(renamed_entry.at, when(60));
    assert_eq!(renamed_entry.change.summary(), "renamed");
    assert_eq!(
        renamed_entry.before,
        vec![
            (key, Some(Record::Participant(first))),
            (key, Some(Record::Participant(renamed))),
        ]
    );

    assert_eq!(
        deleted.before,
        vec![(key, Some(Record::Participant(moved_again)))]
    );
    assert_eq!(store.history(1).unwrap(), vec![deleted.clone()]);
}

#[test]
fn a_batch_that_cannot_be_applied_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let store = Store::open(&path).unwrap();
        store.apply(&batch(every_kind()), "sam", when(0)).unwrap();
    }
    // Damage participant 17 so that replacing it fails half way through the batch.
    poke(&path, "participants", &17u64.to_be_bytes(), |_| {
        vec![FORMAT, 0xff, 0xff]
    });

    let store = Store::open(&path).unwrap();
    let totals_before = store.budget_totals().unwrap();
    let doomed = Change::Batch {
        summary: "imported".into(),
        changes: vec![
            Change::Put(Record::Expense(expense(
                2,
                CategoryId::CATERING,
                ExpenseState::Paid,
                900,
            ))),
            Change::Put(Record::Session(session(2, at(5, 1, 9)))),
            Change::Delete(RecordKey::Session(SessionId(1))),
            Change::Put(Record::Participant(participant(17))),
            Change::Put(Record::Participant(participant(18))),
        ],
    };
    let err = store.apply(&doomed, "sam", when(10)).unwrap_err();
    let message = err.to_string();
    let expected_start = format!(
        "record participant 17 in the database at {} cannot be read: ",
        path.display()
    );
    assert!(message.starts_with(&expected_start), "{message}");

    assert_eq!(store.last_seq().unwrap(), 1);
    assert_eq!(store.history(10).unwrap().len(), 1);
    assert_eq!(store.budget_totals().unwrap(), totals_before);
    assert_eq!(store.recompute_budget_totals().unwrap(), totals_before);
    let sessions = store
        .sessions_starting_between(at(1, 1, 0), at(12, 31, 0))
        .unwrap();
    assert_eq!(sessions, vec![session(1, at(3, 29, 10))]);
    // The snapshot still refuses the damaged record, naming it, rather than skipping it.
    let snapshot_err = store
        .snapshot(Scope::WithoutExpenses)
        .unwrap_err()
        .to_string();
    assert!(snapshot_err.starts_with(&expected_start), "{snapshot_err}");
}

#[test]
fn sessions_come_back_in_start_order_after_moves_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    let sessions = vec![
        session(1, at(3, 29, 10)),
        session(2, at(2, 14, 9)),
        session(3, at(4, 2, 13)),
        session(4, at(3, 29, 10)),
        session(5, at(6, 1, 9)),
    ];
    store
        .apply(
            &batch(sessions.into_iter().map(Record::Session).collect()),
            "sam",
            when(0),
        )
        .unwrap();
    // Session 3 moves earlier, session 5 moves inside the window, session 2 is deleted.
    store
        .apply(
            &Change::Put(Record::Session(session(3, at(3, 1, 9)))),
            "sam",
            when(1),
        )
        .unwrap();
    store
        .apply(
            &Change::Put(Record::Session(session(5, at(4, 30, 16)))),
            "sam",
            when(2),
        )
        .unwrap();
    store
        .apply(
            &Change::Delete(RecordKey::Session(SessionId(2))),
            "sam",
            when(3),
        )
        .unwrap();

    let ids = |from, to| -> Vec<u64> {
        store
            .sessions_starting_between(from, to)
            .unwrap()
            .iter()
            .map(|s| s.id.0)
            .collect()
    };
    assert_eq!(ids(at(1, 1, 0), at(12, 31, 0)), [3, 1, 4, 5]);
    // From is included, to is not.
    assert_eq!(ids(at(3, 29, 10), at(4, 30, 16)), [1, 4]);
    assert_eq!(ids(at(2, 1, 0), at(2, 28, 0)), Vec::<u64>::new());
    assert_eq!(ids(at(12, 31, 0), at(1, 1, 0)), Vec::<u64>::new());
    let moved = store
        .sessions_starting_between(at(3, 1, 0), at(3, 2, 0))
        .unwrap();
    assert_eq!(moved, vec![session(3, at(3, 1, 9))]);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    poke(&path, "meta", b"format", |_| vec![FORMAT + 1]);
    let err = Store::open(&path).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "this database was written by a newer version of improvers (format {}); upgrade improvers",
            FORMAT + 1
        )
    );
}

#[test]
fn a_record_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let store = Store::open(&path).unwrap();
        store.apply(&batch(every_kind()), "sam", when(0)).unwrap();
    }
    poke(&path, "participants", &17u64.to_be_bytes(), |old| {
        let mut bytes = old.unwrap();
        bytes[0] = FORMAT + 1;
        bytes
    });
    let store = Store::open(&path).unwrap();
    let err = store.snapshot(Scope::Everything).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "this database was written by a newer version of improvers (format {}); upgrade improvers",
            FORMAT + 1
        )
    );
}

#[test]
fn a_database_open_elsewhere_is_reported_as_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let _first = Store::open(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "the database at {} is in use by another improvers process; close the other dashboard \
             or wait for it to finish, then try again",
            path.display()
        )
    );
}

#[test]
fn a_database_that_cannot_be_created_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let path = file.join("db");
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
}

#[derive(Debug, Clone)]
enum ExpenseOp {
    Put(u64, CategoryId, ExpenseState, i64),
    Delete(u64),
}

fn expense_op() -> impl Strategy<Value = ExpenseOp> {
    let category = prop::sample::select((0..8).map(CategoryId).collect::<Vec<_>>());
    let state = prop::sample::select(ExpenseState::ALL.to_vec());
    prop_oneof![
        3 => (0u64..8, category, state, -5_000i64..500_000)
            .prop_map(|(id, c, s, p)| ExpenseOp::Put(id, c, s, p)),
        1 => (0u64..8).prop_map(ExpenseOp::Delete),
    ]
}

fn as_change(op: &ExpenseOp) -> Change {
    match *op {
        ExpenseOp::Put(id, category, state, pence) => {
            Change::Put(Record::Expense(expense(id, category, state, pence)))
        }
        ExpenseOp::Delete(id) => Change::Delete(RecordKey::Expense(ExpenseId(id))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever order expenses are saved, re-saved and deleted in, singly or in batches, the
    /// running totals equal a fresh sum over the stored expenses.
    #[test]
    fn running_totals_match_a_fresh_sum(
        rounds in prop::collection::vec(prop::collection::vec(expense_op(), 1..5), 1..10)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&db(&dir)).unwrap();
        let mut model = Snapshot::default();
        for (i, ops) in rounds.iter().enumerate() {
            let change = if ops.len() == 1 {
                as_change(&ops[0])
            } else {
                Change::Batch { summary: "round".into(), changes: ops.iter().map(as_change).collect() }
            };
            store.apply(&change, "sam", when(i as i64)).unwrap();
            model.apply_entry(&store.history(1).unwrap()[0]);
        }
        let totals = store.budget_totals().unwrap();
        prop_assert_eq!(&totals, &store.recompute_budget_totals().unwrap());
        prop_assert_eq!(&totals, &BudgetTotals::from_expenses(model.expenses.values()));
        prop_assert_eq!(store.snapshot(Scope::Everything).unwrap(), model);
    }
}

/// The size of the large benchmark programme. Slow in a debug build, so run it with
/// `cargo test --release --test store -- --ignored`.
#[test]
#[ignore]
fn a_large_import_applies_as_one_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    let categories: Vec<CategoryId> = (0..6).map(CategoryId).collect();
    let states = ExpenseState::ALL;
    let mut records: Vec<Record> = (0..5_000u64)
        .map(|id| Record::QMember(q_member(id)))
        .collect();
    records.extend((0..100_000u64).map(|id| {
        let (c, s) = (id as usize % categories.len(), id as usize % states.len());
        Record::Expense(expense(id, categories[c], states[s], 1_000 + id as i64))
    }));
    let change = batch(records);
    let started = std::time::Instant::now();
    assert_eq!(store.apply(&change, "sam", when(0)).unwrap(), 1);
    eprintln!("applied 105,000 records in {:?}", started.elapsed());

    let started = std::time::Instant::now();
    let snapshot = store.snapshot(Scope::Everything).unwrap();
    eprintln!("loaded them back in {:?}", started.elapsed());
    assert_eq!(snapshot.expenses.len(), 100_000);
    assert_eq!(snapshot.q_members.len(), 5_000);
    assert_eq!(
        store.budget_totals().unwrap(),
        store.recompute_budget_totals().unwrap()
    );
    let started = std::time::Instant::now();
    let history = store.history(1).unwrap();
    eprintln!("read its history entry in {:?}", started.elapsed());
    assert_eq!(history[0].before.len(), 105_000);
}
