//! One person whose records were merged (`improvers merge`) or linked (an alumnus's participant
//! and Q member records): the record that went is held in history under its own email, so
//! subject access and erasure, asked by any one of their emails, follow every merge that still
//! stands and every link to reach all of their records.

use super::subject_access::held_name_and_email;
use super::{PersonRef, same_email};
use crate::domain::change::{Change, HistoryEntry, RecordKey};
use crate::domain::people::merge::is_merge;
use crate::domain::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// One merge that still stands (it was not undone): `gone` was merged into `kept` by history
/// entry `seq`, at `at` (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub gone: PersonRef,
    pub kept: PersonRef,
    pub seq: u64,
    pub at: DateTime<Utc>,
}

/// The records of one person: those asked for, every record merged into them or they into,
/// merges chained included (A into B, then B into C), and the participant or Q member record
/// each is linked to as an alumnus (see [`super::alumni::QLink`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnePerson {
    /// In order: participants, then Q members, each by id.
    pub records: Vec<PersonRef>,
    /// The merges that joined them, oldest first.
    pub joined: Vec<Joined>,
    /// The alumni links that joined them (a participant and their Q member record), by
    /// participant id.
    pub linked: Vec<super::alumni::QLink>,
}

impl OnePerson {
    /// Every email their records hold now, or, for a record merged away, held when it went;
    /// each once (compared as [`same_email`] compares them), in the order of `records`.
    pub fn emails(&self, data: &Snapshot, history: &[HistoryEntry]) -> Vec<String> {
        let mut emails: Vec<String> = Vec::new();
        for person in &self.records {
            if let Some((_, email)) = held_name_and_email(data, history, *person) {
                if !emails.iter().any(|e| same_email(e, &email)) {
                    emails.push(email.trim().to_string());
                }
            }
        }
        emails
    }
}

/// The person `people` are records of, following the merges in `history` that still stand (a
/// merge undone since is not followed: the two records are two again). `history` may be in
/// any order.
pub fn one_person(data: &Snapshot, history: &[HistoryEntry], people: &[PersonRef]) -> OnePerson {
    let merges = standing_merges(data, history);
    let mut records: BTreeSet<PersonRef> = people.iter().copied().collect();
    loop {
        let before = records.len();
        for m in &merges {
            if records.contains(&m.gone) || records.contains(&m.kept) {
                records.insert(m.gone);
                records.insert(m.kept);
            }
        }
        // A link stands while it is held: it is a record of its own, undone as one.
        for link in data.q_links.values() {
            let (p, q) = linked_pair(link);
            if records.contains(&p) || records.contains(&q) {
                records.insert(p);
                records.insert(q);
            }
        }
        if records.len() == before {
            break;
        }
    }
    OnePerson {
        linked: data
            .q_links
            .values()
            .filter(|l| records.contains(&linked_pair(l).0))
            .copied()
            .collect(),
        joined: merges
            .into_iter()
            .filter(|m| records.contains(&m.gone))
            .collect(),
        records: records.into_iter().collect(),
    }
}

fn linked_pair(link: &super::alumni::QLink) -> (PersonRef, PersonRef) {
    (
        PersonRef::Participant(link.participant),
        PersonRef::QMember(link.q_member),
    )
}

/// Every merge of two participants or two Q members in `history` that was not undone, oldest
/// first.
pub fn standing_merges(data: &Snapshot, history: &[HistoryEntry]) -> Vec<Joined> {
    let undone: BTreeSet<u64> = history
        .iter()
        .filter_map(|e| match e.change {
            Change::Undo { of, .. } => Some(of),
            _ => None,
        })
        .collect();
    let mut merges: Vec<Joined> = history
        .iter()
        .filter(|e| is_merge(&e.change) && !undone.contains(&e.seq))
        .filter_map(|e| joined(data, history, e))
        .collect();
    merges.sort_by_key(|m| m.seq);
    merges
}

/// The two people a merge entry joined: the person record it deleted, and the one of the same
/// register it saved (a merge always saves the record it keeps). A merge of two organisations
/// or professions joins no people: `None`.
fn joined(data: &Snapshot, history: &[HistoryEntry], entry: &HistoryEntry) -> Option<Joined> {
    let leaves = entry.change.leaves();
    let deleted: Vec<RecordKey> = leaves
        .iter()
        .filter_map(|leaf| match leaf {
            Change::Delete(key) => Some(*key),
            _ => None,
        })
        .collect();
    let gone = deleted.iter().find_map(|key| person_of(*key))?;
    let kept = leaves
        .iter()
        .filter_map(|leaf| match leaf {
            Change::Put(record) | Change::Edit { record, .. } => Some(record.key()),
            _ => None,
        })
        .filter(|key| !deleted.contains(key))
        .filter_map(person_of)
        .find(|p| same_register(*p, gone))
        .or_else(|| kept_by_summary(data, history, entry, gone))?;
    Some(Joined {
        gone,
        kept,
        seq: entry.seq,
        at: entry.at,
    })
}

fn person_of(key: RecordKey) -> Option<PersonRef> {
    match key {
        RecordKey::Participant(id) => Some(PersonRef::Participant(id)),
        RecordKey::QMember(id) => Some(PersonRef::QMember(id)),
        _ => None,
    }
}

fn same_register(a: PersonRef, b: PersonRef) -> bool {
    matches!(
        (a, b),
        (PersonRef::Participant(_), PersonRef::Participant(_))
            | (PersonRef::QMember(_), PersonRef::QMember(_))
    )
}

/// For a merge that saved nothing of the record it kept (merges made before they always did):
/// the record of the gone one's register holding the email its summary ends with ("merged
/// participant … <gone@…> into … <kept@…>"), now or in history.
fn kept_by_summary(
    data: &Snapshot,
    history: &[HistoryEntry],
    entry: &HistoryEntry,
    gone: PersonRef,
) -> Option<PersonRef> {
    let summary = entry.change.summary();
    let start = summary.rfind('<')?;
    let end = start + summary[start..].find('>')?;
    let email = &summary[start + 1..end];
    super::subject_access::people_with_email(data, history, email)
        .into_iter()
        .find(|p| *p != gone && same_register(*p, gone))
}

#[cfg(test)]
mod tests;
