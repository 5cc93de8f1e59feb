//! The budget totals kept with every change equal a fresh sum over the expenses after every
//! step of any sequence of expense changes (added, edited, deleted, in batches, refused as
//! stale) and undos, on a real store in a temporary folder.

mod common;

use common::*;
use improvers::domain::budget::ExpenseState;
use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::ids::CategoryId;
use improvers::domain::ids::ExpenseId;
use improvers::domain::money::Pence;
use improvers::domain::snapshot::Snapshot;
use improvers::domain::undo::{next_to_undo, undo_of};
use improvers::store::{Scope, Store};
use proptest::prelude::*;
use proptest::sample::Index;

/// One change to one expense. Edits and deletes pick among the expenses there are then.
#[derive(Debug, Clone)]
enum Op {
    Add(CategoryId, ExpenseState, i64),
    Amount(Index, i64),
    State(Index, ExpenseState),
    Category(Index, CategoryId),
    Delete(Index),
}

#[derive(Debug, Clone)]
enum Step {
    /// One op as an edit from the expense's current revision, as the dashboard sends it.
    One(Op),
    /// Several ops as one change; `stale` adds a last edit from an out-of-date revision, so
    /// the whole batch is refused after its first ops have moved the totals.
    Batch { ops: Vec<Op>, stale: bool },
    /// Undo the newest change not yet undone, which may be refused if it is out of date.
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    let category = || prop::sample::select((0..8).map(CategoryId).collect::<Vec<_>>());
    let state = || prop::sample::select(ExpenseState::ALL.to_vec());
    let pence = || 0i64..5_000_000;
    prop_oneof![
        3 => (category(), state(), pence()).prop_map(|(c, s, p)| Op::Add(c, s, p)),
        2 => (any::<Index>(), pence()).prop_map(|(i, p)| Op::Amount(i, p)),
        2 => (any::<Index>(), state()).prop_map(|(i, s)| Op::State(i, s)),
        1 => (any::<Index>(), category()).prop_map(|(i, c)| Op::Category(i, c)),
        1 => any::<Index>().prop_map(Op::Delete),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => op().prop_map(Step::One),
        2 => (prop::collection::vec(op(), 2..6), any::<bool>())
            .prop_map(|(ops, stale)| Step::Batch { ops, stale }),
        2 => Just(Step::Undo),
    ]
}

/// What `op` does to `data`, as a put or delete, keeping `data` in step so that later ops
/// of a batch see the earlier ones. Ids are never reused: `next_id` only grows.
fn apply_op(op: &Op, data: &mut Snapshot, next_id: &mut u64) -> Change {
    let ids: Vec<ExpenseId> = data.expenses.keys().copied().collect();
    let pick = |i: &Index| (!ids.is_empty()).then(|| ids[i.index(ids.len())]);
    let add = |data: &mut Snapshot, next_id: &mut u64, c, s, p| {
        *next_id += 1;
        let record = Record::Expense(expense(*next_id, c, s, p));
        data.put(record.clone());
        Change::Put(record)
    };
    let mut edit = |i: &Index, f: &dyn Fn(&mut improvers::domain::budget::Expense)| {
        let id = pick(i)?;
        let mut e = data.expenses.get(&id)?.clone();
        f(&mut e);
        data.put(Record::Expense(e.clone()));
        Some(Change::Put(Record::Expense(e)))
    };
    let change = match *op {
        Op::Add(..) => None,
        Op::Amount(ref i, p) => edit(i, &|e| e.amount = Pence(p)),
        Op::State(ref i, s) => edit(i, &|e| e.state = s),
        Op::Category(ref i, c) => edit(i, &|e| e.category = c),
        Op::Delete(ref i) => pick(i).map(|id| {
            data.delete(RecordKey::Expense(id));
            Change::Delete(RecordKey::Expense(id))
        }),
    };
    match (change, op) {
        (Some(change), _) => change,
        (None, Op::Add(c, s, p)) => add(data, next_id, *c, *s, *p),
        // Nothing to edit or delete yet: add one instead.
        (None, _) => add(
            data,
            next_id,
            CategoryId::OTHER,
            ExpenseState::Estimate,
            100,
        ),
    }
}

/// The change a step sends, made from what the store holds now.
fn change_of(step: &Step, store: &Store, next_id: &mut u64) -> Option<Change> {
    let current = store.snapshot(Scope::Everything).unwrap();
    let mut data = current.clone();
    let revision = |key: RecordKey| current.revisions.get(&key).map(|r| r.seq);
    Some(match step {
        Step::One(op) => match apply_op(op, &mut data, next_id) {
            Change::Put(record) => Change::Edit {
                based_on: revision(record.key()),
                record,
            },
            other => other,
        },
        Step::Batch { ops, stale } => {
            let mut changes: Vec<Change> = ops
                .iter()
                .map(|op| apply_op(op, &mut data, next_id))
                .collect();
            if *stale {
                if let Some(e) = current.expenses.values().next() {
                    let seq = revision(RecordKey::Expense(e.id)).unwrap_or(0);
                    changes.push(Change::Edit {
                        record: Record::Expense(e.clone()),
                        based_on: Some(seq + 1_000),
                    });
                }
            }
            Change::Batch {
                summary: "expenses".into(),
                changes,
            }
        }
        Step::Undo => undo_of(next_to_undo(&store.history(1_000).unwrap())?),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn kept_totals_equal_a_fresh_sum_after_every_step(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let mut next_id = 0;
        for (i, step) in steps.iter().enumerate() {
            let Some(change) = change_of(step, &store, &mut next_id) else { continue };
            let before = store.snapshot(Scope::Everything).unwrap().expenses;
            let applied = store.apply(&change, "sam", when(i as i64 * 60));
            if applied.is_err() {
                // A refused change is refused whole: nothing it did before failing is kept.
                prop_assert_eq!(&store.snapshot(Scope::Everything).unwrap().expenses, &before);
            }
            if let Step::Batch { stale: true, .. } = step {
                prop_assert!(applied.is_err() || before.is_empty(), "a stale batch was applied");
            }
            let kept = store.budget_totals().unwrap();
            prop_assert_eq!(&kept, &store.recompute_budget_totals().unwrap(), "after step {} {:?}", i, step);
            let report = store.check().unwrap();
            prop_assert!(report.agrees(), "after step {} {:?}: {:?}", i, step, report.differences);
        }
    }
}
