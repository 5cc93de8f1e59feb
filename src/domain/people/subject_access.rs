//! Everything held about one person, gathered for a subject access request (UK GDPR, Article 15:
//! a person may have a copy of all personal data held about them): their records in either
//! register, every record that names them, and the history entries that touched any of those.

#[cfg(test)]
mod tests;

use crate::domain::budget::Expense;
use crate::domain::change::{Change, HistoryEntry, Record, RecordKey};
use crate::domain::ids::{ParticipantId, QMemberId, SessionId};
use crate::domain::mail::sent::{SentMessage, sent_to};
use crate::domain::mentoring::{MentoringMatch, PairRule};
use crate::domain::people::{Participant, PersonRef, QMember};
use crate::domain::snapshot::Snapshot;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

pub use crate::domain::people::same_email;

/// Every record, in either register, whose email is `email` (see [`same_email`]): participants
/// first, then Q members, each in id order. Records since deleted count when `history` still
/// holds them (it is data held about the person too). Empty when nobody has it.
pub fn people_with_email(data: &Snapshot, history: &[HistoryEntry], email: &str) -> Vec<PersonRef> {
    let mut people: Vec<PersonRef> = data
        .participants
        .values()
        .filter(|p| same_email(&p.email, email))
        .map(|p| PersonRef::Participant(p.id))
        .chain(
            data.q_members
                .values()
                .filter(|q| same_email(&q.email, email))
                .map(|q| PersonRef::QMember(q.id)),
        )
        .collect();
    for record in history.iter().flat_map(recorded) {
        let found = match record {
            Record::Participant(p) if same_email(&p.email, email) => {
                Some(PersonRef::Participant(p.id))
            }
            Record::QMember(q) if same_email(&q.email, email) => Some(PersonRef::QMember(q.id)),
            _ => None,
        };
        if let Some(person) = found.filter(|p| !people.contains(p)) {
            people.push(person);
        }
    }
    people.sort();
    people
}

/// Every record an entry holds: what it saved and what it replaced or deleted.
fn recorded(entry: &HistoryEntry) -> impl Iterator<Item = &Record> {
    let saved = entry
        .change
        .leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Change::Put(record) | Change::Edit { record, .. } => Some(record),
            Change::Delete(_) | Change::Batch { .. } | Change::Undo { .. } => None,
        });
    let replaced = entry
        .before
        .iter()
        .filter_map(|(_, before)| before.as_ref());
    saved.chain(replaced)
}

/// The name and email a person last had: from their record, or, once it is deleted, from the
/// newest history entry that holds it.
pub fn held_name_and_email(
    data: &Snapshot,
    history: &[HistoryEntry],
    person: PersonRef,
) -> Option<(String, String)> {
    super::erasure::name_and_email(data, person).or_else(|| {
        let mut newest_first: Vec<&HistoryEntry> = history.iter().collect();
        newest_first.sort_by_key(|e| std::cmp::Reverse(e.seq));
        newest_first
            .into_iter()
            .flat_map(recorded)
            .find_map(|record| match (record, person) {
                (Record::Participant(p), PersonRef::Participant(id)) if p.id == id => {
                    Some((p.name.clone(), p.email.clone()))
                }
                (Record::QMember(q), PersonRef::QMember(id)) if q.id == id => {
                    Some((q.name.clone(), q.email.clone()))
                }
                _ => None,
            })
    })
}

/// Someone named by id, with the name they go by now ("" when the record is gone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: u64,
    pub name: String,
}

/// Everything held about the people `people` refers to (one person, who may be in both
/// registers). Keys of the JSON export are these field names; docs/data-protection.md lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldAbout {
    pub participants: Vec<ParticipantHeld>,
    pub q_members: Vec<QMemberHeld>,
    /// Oldest first.
    pub history: Vec<HistoryHeld>,
}

/// A participant's record and what other records say about them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantHeld {
    /// As stored: contact, project, pathway with dates, readiness ticks, notes.
    pub record: Participant,
    pub profession: String,
    pub organisation: String,
    /// The cohort's name; `None` for a nominee awaiting review.
    pub cohort: Option<String>,
    pub nominated_by: Option<Named>,
    /// Every mentoring match, past and present, with its check-ins; `with` is the mentor.
    pub mentoring: Vec<MatchHeld>,
    pub pair_rules: Vec<PairRuleHeld>,
    /// Sessions they were invited to, earliest first, with their attendance.
    pub sessions: Vec<SessionHeld>,
    pub expenses: Vec<ExpenseHeld>,
    /// Their Q member record, when they joined Q and the two are linked as one person.
    pub linked: Option<LinkHeld>,
    /// Messages sent to them (the sent register), oldest first.
    pub mail_sent: Vec<SentMessage>,
    /// Their outcomes survey answers (scores 1–10), by timepoint then question.
    pub survey_answers: Vec<crate::domain::outcomes::SurveyAnswer>,
    /// Their learning set, when they are in one: "Learning set 3 with Ada Brook, Cai Dunn".
    pub learning_set: Option<String>,
}

/// The other record of one person in both registers, linked when they joined Q.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkHeld {
    /// The Q member record (in a participant's) or the participant record (in a Q member's).
    pub with: Named,
    pub joined_q_on: chrono::NaiveDate,
}

/// A Q member's record and what other records say about them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QMemberHeld {
    /// As stored: contact, London or not, expertise, roles, mentoring capacity, availability.
    pub record: QMember,
    pub profession: String,
    pub organisation: String,
    /// Every match with them as mentor, past and present; `with` is the mentee.
    pub mentoring: Vec<MatchHeld>,
    pub pair_rules: Vec<PairRuleHeld>,
    /// Sessions they facilitate or host, earliest first.
    pub sessions: Vec<SessionHeld>,
    /// Participants they nominated.
    pub nominated: Vec<Named>,
    pub expenses: Vec<ExpenseHeld>,
    /// Their participant record, when they joined Q from the programme and the two are linked.
    pub linked: Option<LinkHeld>,
    /// Messages sent to them (the sent register), oldest first.
    pub mail_sent: Vec<SentMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchHeld {
    /// The other side of the match.
    pub with: Named,
    #[serde(rename = "match")]
    pub record: MentoringMatch,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRuleHeld {
    /// The other side of the pair.
    pub with: Named,
    pub rule: PairRule,
}

/// One session and this person's part in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionHeld {
    pub id: u64,
    pub title: String,
    /// The kind as a coordinator reads it: "Workshop", "Site visit".
    pub kind: String,
    /// Local wall-clock time in the programme's time zone.
    pub start: NaiveDateTime,
    pub cancelled: bool,
    /// "invited", "facilitator" or "host".
    pub role: String,
    /// For "invited": invited, registered, attended, apologies, no-show or waiting list.
    pub attendance: Option<String>,
}

/// An expense that names the person, and how it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpenseHeld {
    pub category: String,
    /// Any of "person" (linked to them), "payee", "description" (their name or email in it).
    pub names_them_in: Vec<String>,
    pub expense: Expense,
}

/// One history entry that touched a record of theirs or one naming them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryHeld {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The Unix user who made the change.
    pub user: String,
    pub summary: String,
    pub records: Vec<RecordTouched>,
}

/// A record a history entry touched. Records of others that only mention this person (a
/// session they were invited to, a participant they nominated) are named without their
/// content, which is other people's data; what they say of this person is in the sections
/// above.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordTouched {
    /// "participant 3", "session 12 “Measurement for improvement”".
    pub record: String,
    /// "added", "changed" or "deleted".
    pub change: String,
    /// The record before and after the change, where it is this person's own.
    pub before: Option<Record>,
    pub after: Option<Record>,
}

/// Who the gathering is about: the records themselves and the words that name them in free
/// text (payees, descriptions).
struct Subject {
    participants: Vec<ParticipantId>,
    q_members: Vec<QMemberId>,
    /// Names and emails, lower case, none empty.
    words: Vec<String>,
}

impl Subject {
    fn new(data: &Snapshot, history: &[HistoryEntry], people: &[PersonRef]) -> Subject {
        let mut subject = Subject {
            participants: Vec::new(),
            q_members: Vec::new(),
            words: Vec::new(),
        };
        for person in people {
            match person {
                PersonRef::Participant(id) => subject.participants.push(*id),
                PersonRef::QMember(id) => subject.q_members.push(*id),
            }
            let Some((name, email)) = held_name_and_email(data, history, *person) else {
                continue;
            };
            for word in [name, email] {
                let word = word.trim().to_lowercase();
                if !word.is_empty() && !subject.words.contains(&word) {
                    subject.words.push(word);
                }
            }
        }
        subject
    }

    fn is(&self, person: PersonRef) -> bool {
        match person {
            PersonRef::Participant(id) => self.participants.contains(&id),
            PersonRef::QMember(id) => self.q_members.contains(&id),
        }
    }

    /// Where an expense names them: linked to them, or their name or email in its text.
    fn named_in(&self, expense: &Expense) -> Vec<String> {
        let mut places = Vec::new();
        if expense.person.is_some_and(|p| self.is(p)) {
            places.push("person".to_string());
        }
        for (place, text) in [
            ("payee", &expense.payee),
            ("description", &expense.description),
        ] {
            let text = text.to_lowercase();
            if self.words.iter().any(|w| text.contains(w.as_str())) {
                places.push(place.to_string());
            }
        }
        places
    }

    /// Records that are this person's own: shown in full in history.
    fn owns(&self, record: &Record) -> bool {
        match record {
            Record::Participant(p) => self.participants.contains(&p.id),
            Record::QMember(q) => self.q_members.contains(&q.id),
            Record::Match(m) => {
                self.participants.contains(&m.participant) || self.q_members.contains(&m.q_member)
            }
            Record::PairRule(r) => {
                self.participants.contains(&r.participant) || self.q_members.contains(&r.q_member)
            }
            Record::Expense(e) => !self.named_in(e).is_empty(),
            Record::QLink(l) => {
                self.participants.contains(&l.participant) || self.q_members.contains(&l.q_member)
            }
            Record::Survey(s) => self.participants.contains(&s.participant),
            _ => false,
        }
    }

    /// Records that name this person without being theirs.
    fn mentioned_in(&self, record: &Record) -> bool {
        match record {
            Record::Participant(p) => p.nominated_by.is_some_and(|q| self.q_members.contains(&q)),
            Record::Session(s) => {
                s.invitees
                    .iter()
                    .any(|i| self.participants.contains(&i.participant))
                    || s.facilitators.iter().any(|q| self.q_members.contains(q))
                    || s.host.is_some_and(|q| self.q_members.contains(&q))
            }
            _ => false,
        }
    }
}

/// Everything held about `people` in `data` and in `history` (entries in any order; only those
/// touching their records are kept). `people` are the records of one person, as
/// [`people_with_email`] finds them; a reference to no stored record is left out.
pub fn held_about(data: &Snapshot, people: &[PersonRef], history: &[HistoryEntry]) -> HeldAbout {
    let subject = Subject::new(data, history, people);
    let participants = subject
        .participants
        .iter()
        .filter_map(|id| data.participants.get(id))
        .map(|p| participant_held(data, &subject, p))
        .collect();
    let q_members = subject
        .q_members
        .iter()
        .filter_map(|id| data.q_members.get(id))
        .map(|q| q_member_held(data, &subject, q))
        .collect();
    let mut history: Vec<HistoryHeld> = history
        .iter()
        .filter_map(|entry| history_held(data, &subject, entry))
        .collect();
    history.sort_by_key(|h| h.seq);
    HeldAbout {
        participants,
        q_members,
        history,
    }
}

fn participant_named(data: &Snapshot, id: ParticipantId) -> Named {
    Named {
        id: id.0,
        name: data
            .participants
            .get(&id)
            .map_or_else(String::new, |p| p.name.clone()),
    }
}

fn q_member_named(data: &Snapshot, id: QMemberId) -> Named {
    Named {
        id: id.0,
        name: data
            .q_members
            .get(&id)
            .map_or_else(String::new, |q| q.name.clone()),
    }
}

fn participant_held(data: &Snapshot, subject: &Subject, p: &Participant) -> ParticipantHeld {
    let mut sessions: Vec<SessionHeld> = data
        .sessions
        .values()
        .filter_map(|s| {
            let invitation = s.invitees.iter().find(|i| i.participant == p.id)?;
            Some(session_held(
                data,
                s.id,
                "invited",
                Some(invitation.attendance.label().to_string()),
            ))
        })
        .flatten()
        .collect();
    sessions.sort_by_key(|s| (s.start, s.id));
    ParticipantHeld {
        record: p.clone(),
        profession: profession(data, p.profession),
        organisation: organisation(data, p.organisation),
        cohort: p
            .cohort
            .and_then(|c| data.cohorts.get(&c))
            .map(|c| c.name.clone()),
        nominated_by: p.nominated_by.map(|q| q_member_named(data, q)),
        mentoring: data
            .matches
            .values()
            .filter(|m| m.participant == p.id)
            .map(|m| MatchHeld {
                with: q_member_named(data, m.q_member),
                record: m.clone(),
            })
            .collect(),
        pair_rules: data
            .pair_rules
            .values()
            .filter(|r| r.participant == p.id)
            .map(|r| PairRuleHeld {
                with: q_member_named(data, r.q_member),
                rule: r.clone(),
            })
            .collect(),
        sessions,
        expenses: expenses_held(data, subject, PersonRef::Participant(p.id)),
        linked: data.q_links.get(&p.id).map(|l| LinkHeld {
            with: q_member_named(data, l.q_member),
            joined_q_on: l.joined_on,
        }),
        mail_sent: sent_to(data, PersonRef::Participant(p.id)),
        survey_answers: data
            .surveys
            .get(&p.id)
            .map(|s| s.answers.clone())
            .unwrap_or_default(),
        learning_set: crate::domain::learning_sets::set_line(data, p.id),
    }
}

fn q_member_held(data: &Snapshot, subject: &Subject, q: &QMember) -> QMemberHeld {
    let mut sessions = Vec::new();
    for s in data.sessions.values() {
        if s.facilitators.contains(&q.id) {
            sessions.extend(session_held(data, s.id, "facilitator", None));
        }
        if s.host == Some(q.id) {
            sessions.extend(session_held(data, s.id, "host", None));
        }
    }
    sessions.sort_by_key(|s| (s.start, s.id));
    QMemberHeld {
        record: q.clone(),
        profession: profession(data, q.profession),
        organisation: organisation(data, q.organisation),
        mentoring: data
            .matches
            .values()
            .filter(|m| m.q_member == q.id)
            .map(|m| MatchHeld {
                with: participant_named(data, m.participant),
                record: m.clone(),
            })
            .collect(),
        pair_rules: data
            .pair_rules
            .values()
            .filter(|r| r.q_member == q.id)
            .map(|r| PairRuleHeld {
                with: participant_named(data, r.participant),
                rule: r.clone(),
            })
            .collect(),
        sessions,
        nominated: data
            .participants
            .values()
            .filter(|p| p.nominated_by == Some(q.id))
            .map(|p| participant_named(data, p.id))
            .collect(),
        expenses: expenses_held(data, subject, PersonRef::QMember(q.id)),
        linked: super::alumni::link_of_q_member(data, q.id).map(|l| LinkHeld {
            with: participant_named(data, l.participant),
            joined_q_on: l.joined_on,
        }),
        mail_sent: sent_to(data, PersonRef::QMember(q.id)),
    }
}

fn session_held(
    data: &Snapshot,
    id: SessionId,
    role: &str,
    attendance: Option<String>,
) -> Option<SessionHeld> {
    let s = data.sessions.get(&id)?;
    Some(SessionHeld {
        id: s.id.0,
        title: s.title.clone(),
        kind: s.kind.label().to_string(),
        start: s.start,
        cancelled: s.cancelled,
        role: role.to_string(),
        attendance,
    })
}

/// Expenses linked to `person`, and, under the register listed first, those whose payee or
/// description carries the person's name or email (so one found by its text is listed once,
/// not under both registers).
fn expenses_held(data: &Snapshot, subject: &Subject, person: PersonRef) -> Vec<ExpenseHeld> {
    let first = subject
        .participants
        .first()
        .map(|p| PersonRef::Participant(*p))
        .or_else(|| subject.q_members.first().map(|q| PersonRef::QMember(*q)));
    data.expenses
        .values()
        .filter_map(|e| {
            let places = subject.named_in(e);
            let linked_here = e.person == Some(person);
            let linked_elsewhere = e.person.is_some_and(|p| p != person && subject.is(p));
            let by_text_here = first == Some(person) && !linked_elsewhere;
            let listed = linked_here || (by_text_here && !places.is_empty());
            listed.then(|| ExpenseHeld {
                category: data.categories.name(e.category),
                names_them_in: places,
                expense: e.clone(),
            })
        })
        .collect()
}

fn profession(data: &Snapshot, id: crate::domain::ids::ProfessionId) -> String {
    data.professions
        .get(&id)
        .map_or_else(String::new, |p| p.name.clone())
}

fn organisation(data: &Snapshot, id: crate::domain::ids::OrganisationId) -> String {
    data.organisations
        .get(&id)
        .map_or_else(String::new, |o| o.name.clone())
}

/// The entry as it concerns the subject, or `None` when it touched nothing of theirs. Each
/// put, edit or delete is paired with what the record was before, in the order the store
/// records them.
fn history_held(data: &Snapshot, subject: &Subject, entry: &HistoryEntry) -> Option<HistoryHeld> {
    let mut records = Vec::new();
    for (leaf, (key, before)) in entry.change.leaves().into_iter().zip(&entry.before) {
        let after = match leaf {
            Change::Put(record) | Change::Edit { record, .. } => Some(record),
            Change::Delete(_) | Change::Batch { .. } | Change::Undo { .. } => None,
        };
        let owned = after.is_some_and(|r| subject.owns(r))
            || before.as_ref().is_some_and(|r| subject.owns(r));
        let mentioned = after.is_some_and(|r| subject.mentioned_in(r))
            || before.as_ref().is_some_and(|r| subject.mentioned_in(r));
        if !owned && !mentioned {
            continue;
        }
        let change = match (before, after) {
            (None, Some(_)) => "added",
            (Some(_), Some(_)) => "changed",
            (_, None) => "deleted",
        };
        let title = after
            .and_then(Record::title)
            .or_else(|| before.as_ref().and_then(Record::title));
        records.push(RecordTouched {
            record: describe(*key, title, data),
            change: change.to_string(),
            before: before.clone().filter(|_| owned),
            after: after.cloned().filter(|_| owned),
        });
    }
    (!records.is_empty()).then(|| HistoryHeld {
        seq: entry.seq,
        at: entry.at,
        user: entry.user.clone(),
        summary: entry.change.summary(),
        records,
    })
}

/// "session 12 “Measurement for improvement”", "mentoring match 3", "pair rule".
fn describe(key: RecordKey, title: Option<&str>, data: &Snapshot) -> String {
    let mut text = key.noun().to_string();
    if let Some(id) = key.id() {
        text.push_str(&format!(" {id}"));
    }
    if let RecordKey::PairRule(p, q) = key {
        text.push_str(&format!(
            " of {} and {}",
            participant_named(data, p).name,
            q_member_named(data, q).name
        ));
    }
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        text.push_str(&format!(" “{title}”"));
    }
    text
}
