//! Whether a change still rests on what its author saw. A form, an attendance sheet, an intake
//! or an import reads the programme at one moment (the number of the last change it had seen)
//! and saves later; if anyone saved or deleted one of the records it writes in between, saving
//! it would silently undo their work, so it is refused and says whose work it would undo.

use super::change::{Change, Record, RecordKey, Revision};
use super::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use std::fmt;

/// A record saved or deleted by someone else after the change that would write it was begun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub key: RecordKey,
    /// The record as a person knows it: "participant Ada Okafor", "expense 12".
    pub what: String,
    /// The Unix user who saved or deleted it.
    pub by: String,
    pub at: DateTime<Utc>,
    pub deleted: bool,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was {} by {} at {} since you opened it; nothing was saved — your values are \
             kept so you can apply them again",
            self.what,
            if self.deleted { "deleted" } else { "changed" },
            self.by,
            london_time(&self.at)
        )
    }
}

impl Stale {
    /// "participant Ada Okafor was deleted by bo at 14:03 on 25 Nov 2026": what happened,
    /// without what to do about it.
    pub fn what_happened(&self) -> String {
        format!(
            "{} was {} by {} at {}",
            self.what,
            if self.deleted { "deleted" } else { "changed" },
            self.by,
            london_time(&self.at)
        )
    }
}

/// "14:03 on 25 Nov 2026": people on one server share the UK clock, whatever the server's.
pub fn london_time(at: &DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::London)
        .format("%H:%M on %-d %b %Y")
        .to_string()
}

/// The first record `change` puts, edits or deletes that, as far as `data` knows, was saved or
/// deleted by a change after change number `seen`; `None` when every one is as it was then.
pub fn stale_since(change: &Change, data: &Snapshot, seen: u64) -> Option<Stale> {
    change.leaves().into_iter().find_map(|leaf| {
        let (key, record) = match leaf {
            Change::Put(record) | Change::Edit { record, .. } => (record.key(), Some(record)),
            Change::Delete(key) => (*key, None),
            Change::Batch { .. } | Change::Undo { .. } => return None,
        };
        stale_record(key, record, data, seen)
    })
}

/// Whether record `key` was saved or deleted after change number `seen`, as far as `data`
/// knows; `written` is the record as the change would write it, to name it when it is gone.
pub fn stale_record(
    key: RecordKey,
    written: Option<&Record>,
    data: &Snapshot,
    seen: u64,
) -> Option<Stale> {
    let newer = |r: &&Revision| r.seq > seen;
    let (r, deleted) = match data.revisions.get(&key).filter(newer) {
        Some(r) => (r, false),
        None => (data.deletions.get(&key).filter(newer)?, true),
    };
    let record = data.get(key).or_else(|| written.cloned());
    Some(Stale {
        key,
        what: describe(key, record.as_ref()),
        by: r.user.clone(),
        at: r.at,
        deleted,
    })
}

/// "participant Ada Okafor" where the record has a name or title, else "expense 12".
pub fn describe(key: RecordKey, record: Option<&Record>) -> String {
    match (record.and_then(Record::title), key.id()) {
        (Some(title), _) => format!("{} {title}", key.noun()),
        (None, Some(id)) => format!("{} {id}", key.noun()),
        (None, None) => format!("the {}", key.noun()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::people::pathway::PathwayStage;
    use chrono::TimeZone;

    fn revision(seq: u64, user: &str) -> Revision {
        Revision {
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 25, 14, 3, 0).unwrap(),
            user: user.into(),
        }
    }

    fn programme() -> (Snapshot, Record) {
        let mut fixture = Fixture::new();
        fixture.participant(1, "Wren Hollis", Some(1), PathwayStage::Active);
        let mut data = fixture.data;
        let person = data.participants.values().next().cloned().unwrap();
        for key in data.participants.keys().copied().collect::<Vec<_>>() {
            data.revisions
                .insert(RecordKey::Participant(key), revision(3, "ana"));
        }
        data.seq = 3;
        (data, Record::Participant(person))
    }

    fn edit(record: &Record, based_on: u64) -> Change {
        Change::Batch {
            summary: "changed".into(),
            changes: vec![Change::Edit {
                record: record.clone(),
                based_on: Some(based_on),
            }],
        }
    }

    #[test]
    fn an_edit_of_a_record_nobody_touched_since_is_fresh() {
        let (data, person) = programme();
        assert_eq!(stale_since(&edit(&person, 3), &data, 3), None);
    }

    #[test]
    fn an_edit_of_a_record_saved_by_someone_since_is_stale_and_names_them() {
        let (mut data, person) = programme();
        data.revisions.insert(person.key(), revision(9, "bo"));
        let stale = stale_since(&edit(&person, 9), &data, 3).expect("stale");
        assert!(!stale.deleted);
        assert_eq!(stale.by, "bo");
        let name = person.title().unwrap();
        assert_eq!(
            stale.to_string(),
            format!(
                "participant {name} was changed by bo at 14:03 on 25 Nov 2026 since you opened \
                 it; nothing was saved — your values are kept so you can apply them again"
            )
        );
    }

    #[test]
    fn an_edit_of_a_record_deleted_since_is_stale() {
        let (mut data, person) = programme();
        data.revisions.remove(&person.key());
        data.deletions.insert(person.key(), revision(7, "cy"));
        let stale = stale_since(&edit(&person, 3), &data, 3).expect("stale");
        assert!(stale.deleted);
        assert!(stale.to_string().contains("was deleted by cy"), "{stale}");
    }

    #[test]
    fn a_delete_of_a_record_changed_since_is_stale() {
        let (mut data, person) = programme();
        data.revisions.insert(person.key(), revision(5, "bo"));
        let change = Change::Delete(person.key());
        assert!(stale_since(&change, &data, 3).is_some());
        assert!(stale_since(&change, &data, 5).is_none());
    }
}
