//! Undo: putting records back as a history entry found them, but only where nobody has changed
//! them since, and walking back through history one change at a time.

use super::budget::{Expense, ExpenseState};
use super::change::{Change, HistoryEntry, Record, RecordKey};
use super::freshness::{describe, london_time};
use super::mail::sent::only_registers_mail;
use super::people::backups::only_registers_backups;
use super::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::fmt;

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

/// The change that puts back what `entry` changed: each record as it was before the entry,
/// and each record the entry created deleted. It is only right to apply while every record is
/// as the entry left it ([`left_by`]); [`blocked`] says when one is not, and the store refuses
/// such an undo whatever it is given, so the records are put back unconditionally here.
pub fn undo_of(entry: &HistoryEntry) -> Change {
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
            Some(record) => Change::Put(record.clone()),
            None => Change::Delete(*key),
        })
        .collect();
    Change::Undo {
        of: entry.seq,
        summary: entry.change.summary(),
        changes,
    }
}

/// Every record `entry` touched, once each in the order first touched, as the entry left it
/// (`None`: deleted, or created and deleted again). Undoing the entry is safe exactly when
/// every one is still so: untouched since, or every later change to it undone in turn.
pub fn left_by(entry: &HistoryEntry) -> Vec<(RecordKey, Option<&Record>)> {
    let mut out: Vec<(RecordKey, Option<&Record>)> = Vec::new();
    for leaf in entry.change.leaves() {
        let (key, now) = match leaf {
            Change::Put(record) | Change::Edit { record, .. } => (record.key(), Some(record)),
            Change::Delete(key) => (*key, None),
            Change::Batch { .. } | Change::Undo { .. } => continue,
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = now,
            None => out.push((key, now)),
        }
    }
    out
}

/// The first record `entry` touched that is not as the entry left it, in `data`: `None` when
/// the entry can be undone. `what` names it as `data` (or the entry) knows it.
pub fn first_changed_since<'a>(
    entry: &'a HistoryEntry,
    data: &Snapshot,
) -> Option<(RecordKey, Option<&'a Record>)> {
    left_by(entry)
        .into_iter()
        .find(|(key, left)| data.get(*key).as_ref() != *left)
}

/// Why an undo is refused: a record it would put back has been changed by a later change that
/// was not itself undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub key: RecordKey,
    /// The record as a person knows it: "participant Leah Moss", "expense 12".
    pub what: String,
    /// The Unix user who made the later change, and when.
    pub by: String,
    pub at: DateTime<Utc>,
    /// The later change deleted the record.
    pub deleted: bool,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was {} by {} at {} after this change; undo that first, or change it by hand",
            self.what,
            if self.deleted { "deleted" } else { "changed" },
            self.by,
            london_time(&self.at)
        )
    }
}

/// Whether undoing `entry` would overwrite a later change: compares each record the entry
/// touched, as `data` holds it now, with how the entry left it (not the stored revision, which
/// an undo of a later change moves on although it puts the record back). The later change is
/// named from `history` (any order, any window holding the entries after `entry`): the newest
/// one touching the record that is neither an undo nor undone; failing that, the record's
/// revision in `data`.
pub fn blocked(entry: &HistoryEntry, history: &[HistoryEntry], data: &Snapshot) -> Option<Blocked> {
    let (key, left) = first_changed_since(entry, data)?;
    let now = data.get(key);
    let what = describe(key, now.as_ref().or(left));
    if let Some((later, deleted)) = later_change_to(key, entry.seq, history) {
        return Some(Blocked {
            key,
            what,
            by: later.user.clone(),
            at: later.at,
            deleted,
        });
    }
    let (revision, deleted) = match data.revisions.get(&key) {
        Some(r) => (r, false),
        None => (data.deletions.get(&key)?, true),
    };
    Some(Blocked {
        key,
        what,
        by: revision.user.clone(),
        at: revision.at,
        deleted,
    })
}

/// The newest change in `history` (any order) after change number `after` that touched `key`
/// and still stands (neither an undo nor undone), and whether it deleted the record: the
/// change an undo of an older one would overwrite.
pub fn later_change_to(
    key: RecordKey,
    after: u64,
    history: &[HistoryEntry],
) -> Option<(&HistoryEntry, bool)> {
    let undone: HashSet<u64> = history
        .iter()
        .filter_map(|e| match e.change {
            Change::Undo { of, .. } => Some(of),
            _ => None,
        })
        .collect();
    let later = history
        .iter()
        .filter(|e| e.seq > after && !undone.contains(&e.seq))
        .filter(|e| !matches!(e.change, Change::Undo { .. }))
        .filter(|e| e.change.keys().contains(&key))
        .max_by_key(|e| e.seq)?;
    let deleted = left_by(later)
        .into_iter()
        .any(|(k, left)| k == key && left.is_none());
    Some((later, deleted))
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
#[path = "undo_chains.rs"]
mod chains;

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
                changes: vec![Change::Put(ada.clone())],
            }
        );
    }

    #[test]
    fn undoing_a_creation_deletes_and_an_edit_restores_what_was_there() {
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
        assert_eq!(changes, vec![Change::Delete(bea.key()), Change::Put(ada)]);
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
        assert_eq!(changes, vec![Change::Put(ada)]);
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
