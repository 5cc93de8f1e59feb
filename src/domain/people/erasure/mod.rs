//! Erasure (UK GDPR article 17, the right to erasure): a person's record becomes a tombstone,
//! "erased person #N", that keeps what the figures count (cohort, stage, organisation,
//! profession, roles) and drops everything personal; free text elsewhere naming them says
//! "erased person #N" instead. The same rules rewrite every history entry, so neither history
//! nor undo brings them back.

use super::pathway::{Pathway, ReadinessTick, StageChange};
use super::{Participant, PersonRef, Project, QMember};
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey};
use crate::domain::people::subject_access;
use crate::domain::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

mod plan;
mod scrub;
pub use plan::{CannotErase, Plan, plan, plan_numbered, plan_whole};
pub use scrub::{Scrubbing, replace_words, scrubbing_for};
use std::collections::BTreeMap;

/// One erasure as the database keeps it: its number and whose record became its tombstone.
/// Holds no personal data (the ids are the programme's own numbers, the tombstone keeps them
/// so matches, attendances and expenses still point somewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Erasure {
    /// "erased person #N": 1 for the first erasure in a programme, then 2, and so on.
    pub number: u64,
    pub person: PersonRef,
}

impl Erasure {
    /// The words that stand where the person's name was.
    pub fn label(&self) -> String {
        label(self.number)
    }
}

/// "erased person #N".
pub fn label(number: u64) -> String {
    format!("erased person #{number}")
}

/// The email a tombstone holds, "erased-person-N@erased.invalid": no one's (`.invalid` is
/// reserved by RFC 2606 for names that can never be real), but still one, so that files
/// exported after an erasure, which name people by email, import again whole.
pub fn placeholder_email(number: u64) -> String {
    format!("erased-person-{number}@erased.invalid")
}

/// Which register a person is in, to choose between them when an email is in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Participants,
    QMembers,
}

/// Everyone whose email is `email` (compared without case or surrounding spaces), in the
/// participants first, then the Q members. Tombstones are never found: they are erased already.
pub fn people_with_email(data: &Snapshot, email: &str) -> Vec<PersonRef> {
    let same = |found: &str| super::same_email(found, email);
    let erased: Vec<PersonRef> = data.erasures.values().map(|e| e.person).collect();
    let participants = data
        .participants
        .values()
        .filter(|p| same(&p.email))
        .map(|p| PersonRef::Participant(p.id));
    let q_members = data
        .q_members
        .values()
        .filter(|q| same(&q.email))
        .map(|q| PersonRef::QMember(q.id));
    participants
        .chain(q_members)
        .filter(|p| !erased.contains(p))
        .collect()
}

/// The erasure whose tombstone holds `email` ("erased-person-2@erased.invalid"), if any: the
/// person is erased already, which `forget` says as such rather than that nobody has it.
pub fn erased_with_email(data: &Snapshot, email: &str) -> Option<Erasure> {
    data.erasures.values().copied().find(|e| {
        name_and_email(data, e.person).is_some_and(|(_, held)| super::same_email(&held, email))
    })
}

/// Whether `found` are all records of one person (merged or linked, see
/// [`super::one_person::one_person`]): asked for by an email they share, they are offered
/// together rather than as a choice between people.
pub fn all_one_person(data: &Snapshot, history: &[HistoryEntry], found: &[PersonRef]) -> bool {
    let Some(first) = found.first() else {
        return false;
    };
    let one = super::one_person::one_person(data, history, &[*first]);
    found.iter().all(|p| one.records.contains(p))
}

/// The key of a person's record.
pub fn key_of(person: PersonRef) -> RecordKey {
    match person {
        PersonRef::Participant(id) => RecordKey::Participant(id),
        PersonRef::QMember(id) => RecordKey::QMember(id),
    }
}

/// The person's name and email as the record holds them, `None` when there is no such record.
pub fn name_and_email(data: &Snapshot, person: PersonRef) -> Option<(String, String)> {
    match person {
        PersonRef::Participant(id) => data
            .participants
            .get(&id)
            .map(|p| (p.name.clone(), p.email.clone())),
        PersonRef::QMember(id) => data
            .q_members
            .get(&id)
            .map(|q| (q.name.clone(), q.email.clone())),
    }
}

/// Everyone `email` names, as [`people_with_email`], and also anyone since deleted whom
/// history still holds. Already erased people are never found.
pub fn people_with_email_held(
    data: &Snapshot,
    history: &[HistoryEntry],
    email: &str,
) -> Vec<PersonRef> {
    let erased: Vec<PersonRef> = data.erasures.values().map(|e| e.person).collect();
    subject_access::people_with_email(data, history, email)
        .into_iter()
        .filter(|p| !erased.contains(p))
        .collect()
}

/// "participant Wren Hollis <wren@example.org>" or "Q member Wren Hollis <…>".
pub fn describe_person(data: &Snapshot, person: PersonRef) -> String {
    describe_held(data, &[], person)
}

/// [`describe_person`], and for someone deleted whom `history` still holds, their name and
/// email as it last held them: "participant Wren Hollis <wren@example.org> (deleted; history
/// still holds them)". Both `improvers forget` and the dashboard's `:forget` name people so.
pub fn describe_held(data: &Snapshot, history: &[HistoryEntry], person: PersonRef) -> String {
    let noun = key_of(person).noun();
    let deleted = name_and_email(data, person).is_none();
    match subject_access::held_name_and_email(data, history, person) {
        Some((name, email)) if deleted => {
            format!("{noun} {name} <{email}>{ONLY_HISTORY_HOLDS}")
        }
        Some((name, email)) => format!("{noun} {name} <{email}>"),
        None => format!("{noun} {}", key_of(person).id().unwrap_or(0)),
    }
}

/// Said after a person no record holds now (deleted, or merged away), whom history still holds.
pub(crate) const ONLY_HISTORY_HOLDS: &str = " (deleted; history still holds them)";

/// The participant kept for the figures: cohort, organisation, profession, nominator, stages
/// and their dates, readiness items and their dates, and the project's stage. Name, email,
/// notes, the project's title, aim and topics, and every note are dropped.
pub fn participant_tombstone(p: &Participant, number: u64) -> Participant {
    let changes = p
        .pathway
        .changes()
        .iter()
        .map(|c| StageChange {
            stage: c.stage,
            on: c.on,
            note: String::new(),
        })
        .collect();
    Participant {
        id: p.id,
        name: label(number),
        email: placeholder_email(number),
        profession: p.profession,
        organisation: p.organisation,
        cohort: p.cohort,
        nominated_by: p.nominated_by,
        project: Project {
            title: String::new(),
            aim: String::new(),
            topics: Vec::new(),
            stage: p.project.stage,
        },
        pathway: Pathway::from_changes(changes).unwrap_or_else(|| p.pathway.clone()),
        readiness: p
            .readiness
            .iter()
            .map(|t| ReadinessTick {
                item: t.item,
                on: t.on,
                note: String::new(),
            })
            .collect(),
        notes: String::new(),
    }
}

/// The Q member kept for the figures: organisation, profession, roles, capacity and whether
/// London-based (travel claims). Unavailable, so never proposed as a mentor again; name,
/// email, expertise and availability notes are dropped.
pub fn q_member_tombstone(q: &QMember, number: u64) -> QMember {
    QMember {
        id: q.id,
        name: label(number),
        email: placeholder_email(number),
        profession: q.profession,
        organisation: q.organisation,
        london_based: q.london_based,
        expertise: Vec::new(),
        roles: q.roles.clone(),
        mentoring_capacity: q.mentoring_capacity,
        available: false,
        availability_notes: String::new(),
    }
}

/// Whether `entry` is an erasure: such a change is never undone (undoing it would bring back
/// nothing of the person, whose data history no longer holds, but would unnumber them).
pub fn is_erasure(change: &Change) -> bool {
    change.leaves().iter().any(|leaf| match leaf {
        Change::Put(record) | Change::Edit { record, .. } => {
            matches!(record, Record::Erasure(_))
        }
        _ => false,
    })
}

/// The erased record an undo of `change` would touch, if any: undoing would put back or
/// delete a tombstone, which is refused.
pub fn touches_erased(change: &Change, data: &Snapshot) -> Option<u64> {
    let erased: BTreeMap<RecordKey, u64> = data
        .erasures
        .values()
        .map(|e| (key_of(e.person), e.number))
        .collect();
    change
        .keys()
        .into_iter()
        .find_map(|key| erased.get(&key).copied())
}

#[cfg(test)]
mod tests;
