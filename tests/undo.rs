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
    assert!(
        err.contains("was changed by priya") && err.contains("undo that first"),
        "{err}"
    );
    let data = store.snapshot(Scope::Everything).unwrap();
    assert_eq!(
        data.participants[&ParticipantId(1)].name,
        "Renamed by Priya"
    );
}

/// Saves `note` as participant 1's notes, as `user`.
fn noted(store: &Store, note: &str, user: &str, at: i64) -> u64 {
    let mut person = participant(1);
    person.notes = note.into();
    store
        .apply(&Change::Put(Record::Participant(person)), user, when(at))
        .unwrap()
}

fn notes(store: &Store) -> String {
    let data = store.snapshot(Scope::Everything).unwrap();
    data.participants[&ParticipantId(1)].notes.clone()
}

/// `u`, as the dashboard does it: the newest change not undone, checked first.
fn undo(store: &Store, at: i64) -> Result<u64, String> {
    let history = store.history(100).unwrap();
    let entry = next_to_undo(&history).unwrap();
    let data = store.snapshot(Scope::Everything).unwrap();
    if let Some(blocked) = improvers::domain::undo::blocked(entry, &history, &data) {
        return Err(blocked.to_string());
    }
    store
        .apply(&undo_of(entry), "sam", when(at))
        .map_err(|e| e.to_string())
}

#[test]
fn two_changes_to_one_record_are_undone_in_turn_and_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = Store::open(&path).unwrap();
        put(&store, Record::Participant(participant(1)), 0);
        noted(&store, "presented", "sam", 60);
        noted(&store, "presented; influence", "sam", 120);
        undo(&store, 180).expect("the newest change is undone");
        assert_eq!(notes(&store), "presented");
    }
    let store = Store::open(&path).unwrap();
    undo(&store, 240).expect("the change before is undone in turn, after reopening");
    assert_eq!(notes(&store), "prefers mornings");
    undo(&store, 300).expect("and the participant's creation");
    let data = store.snapshot(Scope::Everything).unwrap();
    assert!(data.participants.is_empty());
}

#[test]
fn the_store_refuses_an_undo_over_a_later_change_that_stands_whatever_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let created = put(&store, Record::Participant(participant(1)), 0);
    let sams = noted(&store, "from sam", "sam", 60);
    noted(&store, "from priya", "priya", 120);
    noted(&store, "from jo", "jo", 180);
    undo(&store, 240).expect("jo's note is undone");
    let history = store.history(100).unwrap();
    // Sent straight to the store, as a client a moment behind would: refused all the same,
    // naming priya's change (not the undo of jo's, which saved the record last).
    for seq in [sams, created] {
        let entry = history.iter().find(|e| e.seq == seq).unwrap();
        let err = store
            .apply(&undo_of(entry), "sam", when(300))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("participant Amara Okafor 1 was changed by priya at ")
                && err.contains("after this change; undo that first, or change it by hand"),
            "{err}"
        );
    }
    assert_eq!(notes(&store), "from priya");
}
