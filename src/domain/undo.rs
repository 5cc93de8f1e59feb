//! Undo: putting records back as a history entry found them, but only where nobody has changed
//! them since, and walking back through history one change at a time.

use super::budget::{Expense, ExpenseState};
use super::change::{Change, HistoryEntry, RecordKey};
use super::mail::sent::only_registers_mail;
use super::people::backups::only_registers_backups;
use super::snapshot::Snapshot;
use std::collections::HashSet;

/// The committed or paid expenses in `data` that name a session `change` would delete, and
/// which the change leaves alone: an undo that would leave money pointing at a session that is
/// no longer there (deleting a session refuses the same, offering to cancel it instead).
pub fn money_left_without_its_session<'a>(change: &Change, data: &'a Snapshot) -> Vec<&'a Expense> {
    let touched: HashSet<RecordKey> = change.keys().into_iter().collect();
    let deleted: HashSet<_> = change
        .leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Change::Delete(RecordKey::Session(id)) => Some(*id),
            _ => None,
        })
        .collect();
    data.expenses
        .values()
        .filter(|e| matches!(e.state, ExpenseState::Committed | ExpenseState::Paid))
        .filter(|e| e.session.is_some_and(|s| deleted.contains(&s)))
        .filter(|e| !touched.contains(&RecordKey::Expense(e.id)))
        .collect()
}

/// The change that puts back what `entry` changed. Each record goes back to how it was before
/// the entry; one that somebody has changed since is not overwritten: the undo is refused.
pub fn undo_of(entry: &HistoryEntry) -> Change {
    let deleted: HashSet<RecordKey> = entry
        .change
        .leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Change::Delete(key) => Some(*key),
            _ => None,
        })
        .collect();
    // A batch may touch a record twice; what it was before the first touch is what comes back.
    let mut seen = HashSet::new();
    let firsts: Vec<_> = entry
        .before
        .iter()
        .filter(|(key, _)| seen.insert(*key))
        .collect();
    let changes = firsts
        .into_iter()
        .rev()
        .map(|(key, before)| match before {
            Some(record) => Change::Edit {
                record: record.clone(),
                // Still deleted, or still as this entry left it.
                based_on: if deleted.contains(key) {
                    None
                } else {
                    Some(entry.seq)
                },
            },
            None => Change::Delete(*key),
        })
        .collect();
    Change::Undo {
        of: entry.seq,
        summary: entry.change.summary(),
        changes,
    }
}

/// The newest change that can still be undone: not itself an undo, not undone already, and not
/// a backup entered in the register (the file was written whatever history says, so undoing
/// the entry would only make the register forget a copy of people's details).
pub fn next_to_undo(newest_first: &[HistoryEntry]) -> Option<&HistoryEntry> {
    let undone: HashSet<u64> = newest_first
        .iter()
        .filter_map(|e| match e.change {
            Change::Undo { of, .. } => Some(of),
            _ => None,
        })
        .collect();
    newest_first.iter().find(|e| {
        !matches!(e.change, Change::Undo { .. })
            && !undone.contains(&e.seq)
            && !only_registers_backups(&e.change)
            && !only_registers_mail(&e.change)
    })
}

/// How many records an undo would touch, for the question asked before it is done.
pub fn records_touched(change: &Change) -> usize {
    change.leaves().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Record;
    use crate::domain::fixture::Fixture;
    use crate::domain::ids::ParticipantId;
    use crate::domain::people::pathway::PathwayStage;
    use crate::domain::snapshot::Snapshot;
    use chrono::{TimeZone, Utc};

    /// Applies `change` to `data` as history entry `seq`, returning the entry.
    fn record(data: &mut Snapshot, seq: u64, change: Change) -> HistoryEntry {
        let before = change
            .leaves()
            .into_iter()
            .map(|leaf| {
                let key = match leaf {
                    Change::Put(r) | Change::Edit { record: r, .. } => r.key(),
                    Change::Delete(k) => *k,
                    _ => unreachable!("leaves are puts, edits and deletes"),
                };
                (key, data.get(key))
            })
            .collect();
        let entry = HistoryEntry {
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
            user: "sam".into(),
            change,
            before,
        };
        data.apply_entry(&entry);
        entry
    }

    fn people() -> (Snapshot, Record, Record) {
        let mut f = Fixture::new();
        f.participant(1, "Ada", Some(1), PathwayStage::Active);
        f.participant(2, "Bea", Some(1), PathwayStage::Active);
        let ada = Record::Participant(f.data.participants[&ParticipantId(1)].clone());
        let bea = Record::Participant(f.data.participants[&ParticipantId(2)].clone());
        (f.data, ada, bea)
    }

    #[test]
    fn undoing_a_delete_brings_the_record_back_if_it_is_still_gone() {
        let (mut data, ada, _) = people();
        let entry = record(&mut data, 1, Change::Delete(ada.key()));
        let undo = undo_of(&entry);
        assert_eq!(
            undo,
            Change::Undo {
                of: 1,
                summary: "deleted participant".into(),
                changes: vec![Change::Edit {
                    record: ada.clone(),
                    based_on: None
                }],
            }
        );
    }

    #[test]
    fn undoing_a_creation_deletes_and_an_edit_restores_from_this_revision() {
        let (mut data, ada, bea) = people();
        data.delete(bea.key());
        let mut renamed = ada.clone();
        if let Record::Participant(p) = &mut renamed {
            p.name = "Ada Okafor-Lane".into();
        }
        let entry = record(
            &mut data,
            4,
            Change::Batch {
                summary: "imported people.csv".into(),
                changes: vec![Change::Put(renamed.clone()), Change::Put(bea.clone())],
            },
        );
        let Change::Undo { changes, .. } = undo_of(&entry) else {
            panic!("an undo")
        };
        assert_eq!(
            changes,
            vec![
                Change::Delete(bea.key()),
                Change::Edit {
                    record: ada,
                    based_on: Some(4)
                },
            ]
        );
    }

    #[test]
    fn a_record_touched_twice_goes_back_to_before_the_first_touch() {
        let (mut data, ada, _) = people();
        let mut once = ada.clone();
        let mut twice = ada.clone();
        if let (Record::Participant(a), Record::Participant(b)) = (&mut once, &mut twice) {
            a.notes = "once".into();
            b.notes = "twice".into();
        }
        let entry = record(
            &mut data,
            2,
            Change::Batch {
                summary: "two saves".into(),
                changes: vec![Change::Put(once), Change::Put(twice)],
            },
        );
        let Change::Undo { changes, .. } = undo_of(&entry) else {
            panic!("an undo")
        };
        assert_eq!(
            changes,
            vec![Change::Edit {
                record: ada,
                based_on: Some(2)
            }]
        );
    }

    #[test]
    fn undo_walks_back_past_what_is_already_undone() {
        let (mut data, ada, bea) = people();
        let first = record(&mut data, 1, Change::Delete(ada.key()));
        let second = record(&mut data, 2, Change::Delete(bea.key()));
        let undo_second = record(&mut data, 3, undo_of(&second));
        let newest_first = vec![undo_second.clone(), second.clone(), first.clone()];
        assert_eq!(next_to_undo(&newest_first).map(|e| e.seq), Some(1));
        let undo_first = record(&mut data, 4, undo_of(&first));
        let all = vec![undo_first, undo_second, second, first];
        assert_eq!(next_to_undo(&all), None);
        assert!(data.participants.contains_key(&ParticipantId(1)));
        assert!(data.participants.contains_key(&ParticipantId(2)));
    }

    #[test]
    fn undo_passes_over_a_backup_entered_in_the_register() {
        use crate::domain::people::backups::{BackupEntry, BackupId, register_change};
        let (mut data, ada, _) = people();
        let delete = record(&mut data, 1, Change::Delete(ada.key()));
        let entry = BackupEntry {
            id: BackupId(1),
            file: "/srv/backups/friday.bak".into(),
            at: Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap(),
            user: "sam".into(),
            last_change: 1,
            sha256: "0".repeat(64),
        };
        let backed_up = record(&mut data, 2, register_change(&entry));
        let newest_first = vec![backed_up, delete];
        assert_eq!(next_to_undo(&newest_first).map(|e| e.seq), Some(1));
        assert_eq!(data.backups.len(), 1);
    }
}
