//! One person's story, whole, gathered from every record that names them: for a participant,
//! their pathway, readiness, mentors, sessions and expenses; for a Q member, their mentees,
//! the sessions they led or hosted, whom they nominated and how much room they have.

use crate::domain::budget::{Expense, ExpenseState};
use crate::domain::ids::{ExpenseId, MatchId, ParticipantId, QMemberId, SessionId};
use crate::domain::mentoring::{CheckIn, MatchState};
use crate::domain::money::Pence;
use crate::domain::people::pathway::{PathwayStage, QReadiness, ReadinessTick, StageChange};
use crate::domain::people::{PersonRef, Project, QRole};
use crate::domain::sessions::schedule::LocalNow;
use crate::domain::sessions::{Attendance, Session, SessionKind};
use crate::domain::snapshot::Snapshot;
use chrono::{NaiveDate, NaiveDateTime};

/// Who a person is, as both registers hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub profession: String,
    pub organisation: String,
}

/// One mentoring match seen from either side: `other` is the mentor in a participant's story
/// and the mentee in a Q member's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub id: MatchId,
    /// The Q member (in a participant's story) or participant (in a Q member's) by name.
    pub other: String,
    pub other_participant: Option<ParticipantId>,
    pub other_q_member: Option<QMemberId>,
    pub state: MatchState,
    pub proposed_on: NaiveDate,
    pub locked: bool,
    /// Oldest first.
    pub check_ins: Vec<CheckIn>,
}

impl Pairing {
    /// Proposed and confirmed pairs are now; ended ones are before.
    pub fn is_now(&self) -> bool {
        self.state.is_live()
    }
}

/// A session a person was invited to, led or hosted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPart {
    pub id: SessionId,
    pub kind: SessionKind,
    pub title: String,
    /// Local wall-clock time in the programme's time zone.
    pub start: NaiveDateTime,
    pub cancelled: bool,
    /// Over by `now` (its end has passed).
    pub held: bool,
    /// The participant's mark; `None` in a Q member's story.
    pub attendance: Option<Attendance>,
}

/// An expense that names the person as the one it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpenseLine {
    pub id: ExpenseId,
    pub date: NaiveDate,
    pub category: String,
    /// Whole pence.
    pub amount: Pence,
    pub payee: String,
    pub description: String,
    pub state: ExpenseState,
}

/// The other record of one person in both registers, linked when they joined Q.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The name on the other record: the Q member's in a participant's story, the
    /// participant's in a Q member's.
    pub name: String,
    pub joined_on: NaiveDate,
    /// The cohort they joined Q from: "Cohort 2", or "the programme" when they had none.
    pub cohort: String,
}

impl Linked {
    fn of(data: &Snapshot, link: &crate::domain::people::alumni::QLink, name: &str) -> Linked {
        Linked {
            name: name.to_string(),
            joined_on: link.joined_on,
            cohort: crate::domain::people::alumni::alumnus_of(data, link),
        }
    }
}

/// Everything held about one participant, for the story view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantStory {
    pub id: ParticipantId,
    pub contact: Contact,
    /// The cohort's name; `None` for a nominee awaiting review.
    pub cohort: Option<String>,
    /// The Q member who nominated them, by id and name.
    pub nominated_by: Option<(QMemberId, String)>,
    pub project: Project,
    /// Oldest first; never empty.
    pub pathway: Vec<StageChange>,
    pub stage: PathwayStage,
    /// Attendance counts held sessions only, as the roster's readiness column does.
    pub readiness: QReadiness,
    /// The manual readiness items ticked, with their dates.
    pub ticks: Vec<ReadinessTick>,
    /// Now first (proposed or confirmed), then before, newest first within each.
    pub mentors: Vec<Pairing>,
    /// Oldest first.
    pub sessions: Vec<SessionPart>,
    /// Oldest first.
    pub expenses: Vec<ExpenseLine>,
    pub notes: String,
    /// Their Q member record, once they joined Q and the two are linked.
    pub q_member: Option<Linked>,
    /// Their outcomes survey scores (1–10) per question, at the start, middle and end
    /// (`None` where not answered); empty when they answered none.
    pub outcomes: Vec<(String, [Option<u8>; 3])>,
    /// "Learning set 3 with Ada Brook, Cai Dunn", when they are in one.
    pub learning_set: Option<String>,
}

impl ParticipantStory {
    /// Sessions invited to that have not happened yet and are not cancelled.
    pub fn sessions_to_come(&self) -> usize {
        self.sessions
            .iter()
            .filter(|s| !s.held && !s.cancelled)
            .count()
    }
}

/// Everything held about one Q member, for their read-only view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QMemberStory {
    pub id: QMemberId,
    pub contact: Contact,
    pub london_based: bool,
    pub roles: Vec<QRole>,
    pub expertise: Vec<String>,
    pub available: bool,
    pub availability_notes: String,
    /// Most mentees at once.
    pub capacity: u32,
    /// Mentees now: proposed and confirmed pairs.
    pub load: u32,
    /// Now first, then before, newest first within each.
    pub mentees: Vec<Pairing>,
    /// Sessions they facilitate, oldest first.
    pub led: Vec<SessionPart>,
    /// Site visits they host, oldest first.
    pub hosted: Vec<SessionPart>,
    /// Participants they nominated, by name, with where each is now.
    pub nominated: Vec<(ParticipantId, String, PathwayStage)>,
    pub expenses: Vec<ExpenseLine>,
    /// Their participant record, when they are an alumnus who joined Q from the programme.
    pub alumnus: Option<Linked>,
}

/// The story of participant `id` as it stands at `now`; `None` when nobody has that id.
pub fn participant_story(
    data: &Snapshot,
    id: ParticipantId,
    now: LocalNow,
) -> Option<ParticipantStory> {
    let p = data.participants.get(&id)?;
    let mut sessions: Vec<SessionPart> = data
        .sessions
        .values()
        .filter_map(|s| {
            let mark = s.invitees.iter().find(|i| i.participant == id)?;
            Some(part(s, now, Some(mark.attendance)))
        })
        .collect();
    sessions.sort_by_key(|s| (s.start, s.id));
    // The same count as the roster's: held sessions not cancelled, attended of invited.
    let counted = sessions.iter().filter(|s| s.held && !s.cancelled);
    let expected = counted.clone().count();
    let attended = counted
        .filter(|s| s.attendance == Some(Attendance::Attended))
        .count();
    let readiness = QReadiness::evaluate(
        u32::try_from(attended).unwrap_or(u32::MAX),
        u32::try_from(expected).unwrap_or(u32::MAX),
        data.attendance_threshold(),
        &p.readiness,
    );
    let mut mentors: Vec<Pairing> = data
        .matches
        .values()
        .filter(|m| m.participant == id)
        .map(|m| Pairing {
            id: m.id,
            other: data.q_member_name(m.q_member).to_string(),
            other_participant: None,
            other_q_member: Some(m.q_member),
            state: m.state.clone(),
            proposed_on: m.proposed_on,
            locked: m.locked,
            check_ins: sorted(&m.check_ins),
        })
        .collect();
    order_pairings(&mut mentors);
    let mut ticks = p.readiness.clone();
    ticks.sort_by_key(|t| (t.item, t.on));
    Some(ParticipantStory {
        id,
        contact: Contact {
            name: p.name.clone(),
            email: p.email.clone(),
            profession: data.profession_name(p.profession).to_string(),
            organisation: data.organisation_name(p.organisation).to_string(),
        },
        cohort: p.cohort.map(|c| data.cohort_name(c).to_string()),
        nominated_by: p
            .nominated_by
            .map(|q| (q, data.q_member_name(q).to_string())),
        project: p.project.clone(),
        pathway: p.pathway.changes().to_vec(),
        stage: p.stage(),
        readiness,
        ticks,
        mentors,
        sessions,
        expenses: expenses_naming(data, PersonRef::Participant(id)),
        notes: p.notes.clone(),
        q_member: data
            .q_links
            .get(&id)
            .map(|l| Linked::of(data, l, data.q_member_name(l.q_member))),
        outcomes: data
            .surveys
            .get(&id)
            .map(|s| s.by_question())
            .unwrap_or_default(),
        learning_set: crate::domain::learning_sets::set_line(data, id),
    })
}

/// The story of Q member `id` as it stands at `now`; `None` when nobody has that id.
pub fn q_member_story(data: &Snapshot, id: QMemberId, now: LocalNow) -> Option<QMemberStory> {
    let q = data.q_members.get(&id)?;
    let mut mentees: Vec<Pairing> = data
        .matches
        .values()
        .filter(|m| m.q_member == id)
        .map(|m| Pairing {
            id: m.id,
            other: data.participant_name(m.participant).to_string(),
            other_participant: Some(m.participant),
            other_q_member: None,
            state: m.state.clone(),
            proposed_on: m.proposed_on,
            locked: m.locked,
            check_ins: sorted(&m.check_ins),
        })
        .collect();
    order_pairings(&mut mentees);
    let load = mentees.iter().filter(|m| m.is_now()).count();
    let mut led: Vec<SessionPart> = data
        .sessions
        .values()
        .filter(|s| s.facilitators.contains(&id))
        .map(|s| part(s, now, None))
        .collect();
    led.sort_by_key(|s| (s.start, s.id));
    let mut hosted: Vec<SessionPart> = data
        .sessions
        .values()
        .filter(|s| s.host == Some(id))
        .map(|s| part(s, now, None))
        .collect();
    hosted.sort_by_key(|s| (s.start, s.id));
    let mut nominated: Vec<(ParticipantId, String, PathwayStage)> = data
        .participants
        .values()
        .filter(|p| p.nominated_by == Some(id))
        .map(|p| (p.id, p.name.clone(), p.stage()))
        .collect();
    nominated.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut roles = q.roles.clone();
    roles.sort();
    roles.dedup();
    Some(QMemberStory {
        id,
        contact: Contact {
            name: q.name.clone(),
            email: q.email.clone(),
            profession: data.profession_name(q.profession).to_string(),
            organisation: data.organisation_name(q.organisation).to_string(),
        },
        london_based: q.london_based,
        roles,
        expertise: q.expertise.clone(),
        available: q.available,
        availability_notes: q.availability_notes.clone(),
        capacity: q.mentoring_capacity,
        load: u32::try_from(load).unwrap_or(u32::MAX),
        mentees,
        led,
        hosted,
        nominated,
        expenses: expenses_naming(data, PersonRef::QMember(id)),
        alumnus: crate::domain::people::alumni::link_of_q_member(data, id)
            .map(|l| Linked::of(data, l, data.participant_name(l.participant))),
    })
}

fn part(s: &Session, now: LocalNow, attendance: Option<Attendance>) -> SessionPart {
    SessionPart {
        id: s.id,
        kind: s.kind,
        title: s.title.clone(),
        start: s.start,
        cancelled: s.cancelled,
        held: s.end() <= now.at,
        attendance,
    }
}

fn sorted(check_ins: &[CheckIn]) -> Vec<CheckIn> {
    let mut all = check_ins.to_vec();
    all.sort_by_key(|c| c.on);
    all
}

/// Now before before; within each, the newest first.
fn order_pairings(pairings: &mut [Pairing]) {
    let began = |p: &Pairing| match p.state {
        MatchState::Confirmed { on } => on,
        _ => p.proposed_on,
    };
    pairings.sort_by(|a, b| {
        b.is_now()
            .cmp(&a.is_now())
            .then(began(b).cmp(&began(a)))
            .then(b.id.cmp(&a.id))
    });
}

/// Expenses linked to `person`, oldest first. Every expense is looked at once: a person's
/// story is worked out when it is opened, not each time it is drawn.
fn expenses_naming(data: &Snapshot, person: PersonRef) -> Vec<ExpenseLine> {
    let mut lines: Vec<ExpenseLine> = data
        .expenses
        .values()
        .filter(|e| e.person == Some(person))
        .map(|e: &Expense| ExpenseLine {
            id: e.id,
            date: e.date,
            category: data.categories.name(e.category),
            amount: e.amount,
            payee: e.payee.clone(),
            description: e.description.clone(),
            state: e.state,
        })
        .collect();
    lines.sort_by_key(|e| (e.date, e.id));
    lines
}

#[cfg(test)]
mod tests;
