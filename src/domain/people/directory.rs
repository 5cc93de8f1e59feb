//! The programme's registers besides the roster: Q members, cohorts, organisations and
//! professions, as rows to list, and what refers to each record (said before a delete).

use crate::domain::change::{Change, RecordKey};
use crate::domain::ids::{
    CohortId, OrganisationId, ParticipantId, ProfessionId, QMemberId, VenueId,
};
use crate::domain::people::{Participant, PersonRef, QMember, QRole};
use crate::domain::programme::CohortPhase;
use crate::domain::sessions::VenueCost;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::name_key;
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QMemberRow {
    pub id: QMemberId,
    pub name: String,
    pub profession: String,
    pub organisation: String,
    pub london_based: bool,
    pub roles: Vec<QRole>,
    pub available: bool,
    /// Live mentees (proposed or confirmed).
    pub mentees: u32,
    pub capacity: u32,
    pub expertise: Vec<String>,
    /// Joined Q from the programme, linked to their participant record.
    pub alumnus: bool,
}

impl QMemberRow {
    /// "mentor, facilitator" in the order roles are listed everywhere.
    pub fn roles_label(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Q members in name order, with their current mentoring load.
pub fn q_member_rows(data: &Snapshot) -> Vec<QMemberRow> {
    let mut mentees: HashMap<QMemberId, u32> = HashMap::new();
    for m in data.matches.values().filter(|m| m.state.is_live()) {
        *mentees.entry(m.q_member).or_default() += 1;
    }
    let alumni: std::collections::HashSet<QMemberId> =
        data.q_links.values().map(|l| l.q_member).collect();
    let mut rows: Vec<QMemberRow> = data
        .q_members
        .values()
        .map(|q| {
            let mut roles = q.roles.clone();
            roles.sort();
            roles.dedup();
            QMemberRow {
                id: q.id,
                name: q.name.clone(),
                profession: data.profession_name(q.profession).to_string(),
                organisation: data.organisation_name(q.organisation).to_string(),
                london_based: q.london_based,
                roles,
                available: q.available,
                mentees: mentees.get(&q.id).copied().unwrap_or(0),
                capacity: q.mentoring_capacity,
                expertise: q.expertise.clone(),
                alumnus: alumni.contains(&q.id),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        name_key(&a.name)
            .cmp(&name_key(&b.name))
            .then(a.id.cmp(&b.id))
    });
    rows
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    pub id: CohortId,
    pub number: u32,
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub phase: CohortPhase,
    pub target_size: u32,
    /// Participants placed in the cohort, whatever their stage.
    pub participants: u32,
}

/// Cohorts in number order.
pub fn cohort_rows(data: &Snapshot, today: NaiveDate) -> Vec<CohortRow> {
    let mut placed: HashMap<CohortId, u32> = HashMap::new();
    for p in data.participants.values() {
        if let Some(c) = p.cohort {
            *placed.entry(c).or_default() += 1;
        }
    }
    let mut rows: Vec<CohortRow> = data
        .cohorts
        .values()
        .map(|c| CohortRow {
            id: c.id,
            number: c.number,
            name: c.name.clone(),
            starts: c.starts,
            ends: c.ends,
            phase: c.phase(today),
            target_size: c.target_size,
            participants: placed.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by_key(|r| (r.number, r.id));
    rows
}

/// An organisation or a profession, with how many people belong to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The organisation's or profession's id.
    pub id: u64,
    pub name: String,
    pub participants: u32,
    pub q_members: u32,
}

/// Organisations in name order.
pub fn organisation_rows(data: &Snapshot) -> Vec<GroupRow> {
    group_rows(
        data,
        data.organisations
            .values()
            .map(|o| (o.id.0, o.name.as_str())),
        |p| p.organisation.0,
        |q| q.organisation.0,
    )
}

/// Professions in name order.
pub fn profession_rows(data: &Snapshot) -> Vec<GroupRow> {
    group_rows(
        data,
        data.professions.values().map(|p| (p.id.0, p.name.as_str())),
        |p| p.profession.0,
        |q| q.profession.0,
    )
}

/// Groups with how many participants and Q members belong to each, counted in one pass.
fn group_rows<'a>(
    data: &Snapshot,
    groups: impl Iterator<Item = (u64, &'a str)>,
    participant_in: impl Fn(&Participant) -> u64,
    member_in: impl Fn(&QMember) -> u64,
) -> Vec<GroupRow> {
    let mut participants: HashMap<u64, u32> = HashMap::new();
    for p in data.participants.values() {
        *participants.entry(participant_in(p)).or_default() += 1;
    }
    let mut members: HashMap<u64, u32> = HashMap::new();
    for q in data.q_members.values() {
        *members.entry(member_in(q)).or_default() += 1;
    }
    let mut rows: Vec<GroupRow> = groups
        .map(|(id, name)| GroupRow {
            id,
            name: name.to_string(),
            participants: participants.get(&id).copied().unwrap_or(0),
            q_members: members.get(&id).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by_cached_key(|r| (name_key(&r.name), r.id));
    rows
}

/// A venue with what it costs and how many sessions use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueRow {
    pub id: VenueId,
    pub name: String,
    pub address: String,
    pub capacity: u32,
    pub cost: VenueCost,
    pub sessions: u32,
}

/// Venues in name order.
pub fn venue_rows(data: &Snapshot) -> Vec<VenueRow> {
    let mut used: HashMap<VenueId, u32> = HashMap::new();
    for s in data.sessions.values() {
        if let Some(v) = s.venue {
            *used.entry(v).or_default() += 1;
        }
    }
    let mut rows: Vec<VenueRow> = data
        .venues
        .values()
        .map(|v| VenueRow {
            id: v.id,
            name: v.name.clone(),
            address: v.address.clone(),
            capacity: v.capacity,
            cost: v.cost,
            sessions: used.get(&v.id).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by_cached_key(|r| (name_key(&r.name), r.id));
    rows
}

pub fn references_to_venue(data: &Snapshot, id: VenueId) -> References {
    References::default().add(
        data.sessions
            .values()
            .filter(|s| s.venue == Some(id))
            .count(),
        "session",
        "sessions",
    )
}

/// "3 participants", "1 Q member": what still refers to a record, for a confirmation or a
/// refusal. Empty when nothing does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References(Vec<(usize, &'static str, &'static str)>);

impl References {
    fn add(mut self, n: usize, one: &'static str, many: &'static str) -> References {
        if n > 0 {
            self.0.push((n, one, many));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `one` or `many` (a verb, "names" or "name") as it agrees with `sentence`: singular only
    /// for one thing of one kind ("1 expense still names them").
    pub fn verb<'a>(&self, one: &'a str, many: &'a str) -> &'a str {
        match self.0.as_slice() {
            [(1, _, _)] => one,
            _ => many,
        }
    }

    /// Each kind of reference in words: "3 participants", "1 mentoring match".
    pub fn phrases(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect()
    }

    /// These references less the kind called `one` ("mentoring match"), and how many of that
    /// kind there were.
    pub fn without(mut self, one: &str) -> (References, usize) {
        let n = self
            .0
            .iter()
            .filter(|(_, o, _)| *o == one)
            .map(|(n, _, _)| *n)
            .sum();
        self.0.retain(|(_, o, _)| *o != one);
        (self, n)
    }

    /// "3 participants and 1 Q member".
    pub fn sentence(&self) -> String {
        let phrases = self.phrases();
        match phrases.as_slice() {
            [] => String::new(),
            [only] => only.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// Deleting a participant or a Q member, with the mentoring matches and pair rules that pair
/// them with someone (a match to nobody is none: it would stand as someone's mentor, be kept
/// by matching and be written to files that cannot be imported). Other records that name them
/// (sessions, expenses, nominations) keep the name's place. `None` for any other record.
pub fn removal_of_person(data: &Snapshot, key: RecordKey) -> Option<Change> {
    // Whose pairs go: the participant's or the Q member's.
    let (name, participant, q_member) = match key {
        RecordKey::Participant(id) => (
            data.participants.get(&id).map(|p| p.name.as_str())?,
            Some(id),
            None,
        ),
        RecordKey::QMember(id) => (
            data.q_members.get(&id).map(|q| q.name.as_str())?,
            None,
            Some(id),
        ),
        _ => return None,
    };
    let pairs = |p: ParticipantId, q: QMemberId| participant == Some(p) || q_member == Some(q);
    let mut changes: Vec<Change> = data
        .matches
        .values()
        .filter(|m| pairs(m.participant, m.q_member))
        .map(|m| Change::Delete(RecordKey::Match(m.id)))
        .collect();
    changes.extend(
        data.pair_rules
            .keys()
            .filter(|(p, q)| pairs(*p, *q))
            .map(|(p, q)| Change::Delete(RecordKey::PairRule(*p, *q))),
    );
    // A link to a record that is gone would name nobody; the other side stays as it is.
    changes.extend(
        data.q_links
            .values()
            .filter(|l| pairs(l.participant, l.q_member))
            .map(|l| Change::Delete(RecordKey::QLink(l.participant))),
    );
    changes.push(Change::Delete(key));
    Some(Change::Batch {
        summary: format!("deleted {} {name}", key.noun()),
        changes,
    })
}

pub fn references_to_participant(data: &Snapshot, id: ParticipantId) -> References {
    References::default()
        .add(
            data.matches
                .values()
                .filter(|m| m.participant == id)
                .count(),
            "mentoring match",
            "mentoring matches",
        )
        .add(
            data.sessions
                .values()
                .filter(|s| s.invitees.iter().any(|i| i.participant == id))
                .count(),
            "session's invitation list",
            "sessions' invitation lists",
        )
        .add(
            data.expenses
                .values()
                .filter(|e| e.person == Some(PersonRef::Participant(id)))
                .count(),
            "expense",
            "expenses",
        )
}

pub fn references_to_q_member(data: &Snapshot, id: QMemberId) -> References {
    References::default()
        .add(
            data.matches.values().filter(|m| m.q_member == id).count(),
            "mentoring match",
            "mentoring matches",
        )
        .add(
            data.participants
                .values()
                .filter(|p| p.nominated_by == Some(id))
                .count(),
            "nomination",
            "nominations",
        )
        .add(
            data.sessions
                .values()
                .filter(|s| s.facilitators.contains(&id) || s.host == Some(id))
                .count(),
            "session they lead or host",
            "sessions they lead or host",
        )
        .add(
            data.expenses
                .values()
                .filter(|e| e.person == Some(PersonRef::QMember(id)))
                .count(),
            "expense",
            "expenses",
        )
}

pub fn references_to_cohort(data: &Snapshot, id: CohortId) -> References {
    References::default()
        .add(
            data.participants
                .values()
                .filter(|p| p.cohort == Some(id))
                .count(),
            "participant",
            "participants",
        )
        .add(
            data.sessions
                .values()
                .filter(|s| s.cohort == Some(id))
                .count(),
            "session",
            "sessions",
        )
}

pub fn references_to_organisation(data: &Snapshot, id: OrganisationId) -> References {
    References::default()
        .add(
            data.participants
                .values()
                .filter(|p| p.organisation == id)
                .count(),
            "participant",
            "participants",
        )
        .add(
            data.q_members
                .values()
                .filter(|q| q.organisation == id)
                .count(),
            "Q member",
            "Q members",
        )
}

pub fn references_to_profession(data: &Snapshot, id: ProfessionId) -> References {
    References::default()
        .add(
            data.participants
                .values()
                .filter(|p| p.profession == id)
                .count(),
            "participant",
            "participants",
        )
        .add(
            data.q_members
                .values()
                .filter(|q| q.profession == id)
                .count(),
            "Q member",
            "Q members",
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::mentoring::MatchState;
    use crate::domain::people::pathway::PathwayStage;

    fn programme() -> Snapshot {
        let mut f = Fixture::new();
        f.participant(1, "Aled Brook", Some(1), PathwayStage::Active)
            .participant(2, "Bryony Carne", Some(1), PathwayStage::Active)
            .participant(3, "Cerys Dunn", None, PathwayStage::Nominated)
            .matched(1, 1, 1, MatchState::Proposed)
            .matched(
                2,
                2,
                1,
                MatchState::Ended {
                    on: crate::domain::fixture::day(3, 1),
                    reason: "moved away".into(),
                },
            );
        f.data
    }

    #[test]
    fn an_organisation_with_people_names_them_all() {
        let data = programme();
        // Participant 1 and both Q members are in organisation 1; participants 2 and 3 in 2.
        let refs = references_to_organisation(&data, OrganisationId(1));
        assert_eq!(refs.sentence(), "1 participant and 2 Q members");
        let refs = references_to_organisation(&data, OrganisationId(2));
        assert_eq!(refs.sentence(), "2 participants");
    }

    #[test]
    fn the_verb_after_the_references_agrees_with_them() {
        let verb = |refs: References| refs.verb("names", "name");
        let one = References::default().add(1, "expense", "expenses");
        assert_eq!(verb(one.clone()), "names");
        assert_eq!(
            verb(References::default().add(2, "expense", "expenses")),
            "name"
        );
        assert_eq!(verb(one.add(1, "session", "sessions")), "name");
    }

    #[test]
    fn a_q_member_in_matches_and_sessions_is_named_before_a_delete() {
        let mut f = Fixture::new();
        f.participant(1, "Aled Brook", Some(1), PathwayStage::Active)
            .matched(1, 1, 1, MatchState::Proposed)
            .session(1, crate::domain::fixture::at(3, 1, 10), &[]);
        let refs = references_to_q_member(&f.data, QMemberId(1));
        assert_eq!(
            refs.sentence(),
            "1 mentoring match and 1 session they lead or host"
        );
        assert!(references_to_q_member(&f.data, QMemberId(2)).is_empty());
    }

    #[test]
    fn counts_follow_the_people() {
        let data = programme();
        let rows = organisation_rows(&data);
        let people: u32 = rows.iter().map(|r| r.participants).sum();
        assert_eq!(people as usize, data.participants.len());
        let members: u32 = profession_rows(&data).iter().map(|r| r.q_members).sum();
        assert_eq!(members as usize, data.q_members.len());
        let cohorts = cohort_rows(&data, crate::domain::fixture::day(6, 1));
        assert_eq!(cohorts[0].participants, 2, "the nominee has no cohort yet");
        assert_eq!(cohorts[0].phase, CohortPhase::Running);
        assert_eq!(cohorts[1].phase, CohortPhase::Recruiting);
    }

    #[test]
    fn q_members_come_in_name_order_with_their_live_load() {
        let data = programme();
        let rows = q_member_rows(&data);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Idris Penhale", "Morwenna Tull"]);
        assert_eq!(rows[1].mentees, 1, "the ended match does not count");
        assert_eq!(rows[1].roles_label(), "mentor, facilitator");
    }

    #[test]
    fn nothing_refers_to_an_unused_profession() {
        let mut data = programme();
        let id = ProfessionId(999);
        data.professions.insert(
            id,
            crate::domain::people::Profession {
                id,
                name: "Podiatrist".into(),
            },
        );
        assert!(references_to_profession(&data, id).is_empty());
        assert_eq!(references_to_profession(&data, id).sentence(), "");
    }

    #[test]
    fn deleting_one_side_of_an_alumni_link_takes_the_link_with_it() {
        let mut f = Fixture::new();
        f.participant(1, "Aled Brook", Some(1), PathwayStage::Completed);
        let joining = crate::domain::people::alumni::join_q(
            &f.data,
            ParticipantId(1),
            crate::domain::fixture::day(11, 1),
            &[],
        )
        .expect("joins");
        f.data.apply(&joining.change);
        let removal =
            removal_of_person(&f.data, RecordKey::QMember(joining.q_member)).expect("a person");
        f.data.apply(&removal);
        assert!(f.data.q_links.is_empty());
        assert!(f.data.participants.contains_key(&ParticipantId(1)));
    }
}
