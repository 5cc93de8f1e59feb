//! Undo from the stored history: it works after the database is closed and opened again, walks
//! back one change at a time, and never overwrites what somebody changed since.

mod common;

use common::*;
use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::ids::ParticipantId;
use improvers::domain::undo::{next_to_undo, undo_of};
use improvers::store::{Scope, Store};

fn put(store: &Store, record: Record, at: i64) -> u64 {
    store.apply(&Change::Put(record), "sam", when(at)).unwrap()
}

#[test]
fn a_delete_is_undone_after_the_database_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = Store::open(&path).unwrap();
        put(&store, Record::Participant(participant(1)), 0);
        store
            .apply(
                &Change::Delete(RecordKey::Participant(ParticipantId(1))),
                "sam",
                when(60),
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let history = store.history(100).unwrap();
    let entry = next_to_undo(&history).unwrap();
    assert_eq!(entry.change.summary(), "deleted participant");
    store.apply(&undo_of(entry), "sam", when(120)).unwrap();
    let data = store.snapshot(Scope::Everything).unwrap();
    assert_eq!(data.participants[&ParticipantId(1)], participant(1));
    // The next `u` goes further back: to the participant's creation.
    let history = store.history(100).unwrap();
    assert_eq!(next_to_undo(&history).map(|e| e.seq), Some(1));
}

#[test]
fn an_undo_never_overwrites_a_later_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    put(&store, Record::Participant(participant(1)), 0);
    let mut renamed = participant(1);
    renamed.name = "Renamed by Sam".into();
    put(&store, Record::Participant(renamed.clone()), 60);
    let history = store.history(100).unwrap();
    let undo = undo_of(next_to_undo(&history).unwrap());
    // Priya changes the same person before Sam's undo lands.
    let mut again = renamed.clone();
    again.name = "Renamed by Priya".into();
    store
        .apply(
            &Change::Put(Record::Participant(again.clone())),
            "priya",
            when(90),
        )
        .unwrap();
    let err = store
        .apply(&undo, "sam", when(120))
        .unwrap_err()
        .to_string();
    assert!(err.contains("was changed by priya"), "{err}");
    let data = store.snapshot(Scope::Everything).unwrap();
    assert_eq!(
        data.participants[&ParticipantId(1)].name,
        "Renamed by Priya"
    );
}
