//! Who has a place at a session: registering takes a free place or joins the waiting list,
//! apologies free a place for the first person waiting, and after the day each person is
//! marked attended, apologies or no-show.

use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::people::Participant;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::programme::CohortPhase;
use crate::domain::sessions::{Attendance, Invitation, Session};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;

/// Whether `participant` is invited to the sessions of their cohort planned on `today`:
/// everyone taking part or who took part (enrolled, active, completed, applied to or joined
/// Q), and while the cohort is still recruiting its applicants too, so they hear of the
/// sessions before it starts. Nominees, and people who withdrew or deferred, are not.
pub fn takes_part(data: &Snapshot, participant: &Participant, today: NaiveDate) -> bool {
    match participant.stage() {
        PathwayStage::Enrolled
        | PathwayStage::Active
        | PathwayStage::Completed
        | PathwayStage::AppliedToQ
        | PathwayStage::JoinedQ => true,
        PathwayStage::Applied => participant
            .cohort
            .and_then(|c| data.cohorts.get(&c))
            .is_some_and(|c| c.phase(today) == CohortPhase::Recruiting),
        PathwayStage::Nominated | PathwayStage::Withdrawn | PathwayStage::Deferred => false,
    }
}

/// The invitations a new session for `cohort` starts with, planned on `today`: everyone in
/// the cohort who [`takes_part`], in participant order. A session for the whole programme
/// (`None`) invites nobody by itself.
pub fn cohort_invitations(
    data: &Snapshot,
    cohort: Option<CohortId>,
    today: NaiveDate,
) -> Vec<Invitation> {
    let Some(cohort) = cohort else {
        return Vec::new();
    };
    data.participants
        .values()
        .filter(|p| p.cohort == Some(cohort) && takes_part(data, p, today))
        .map(|p| Invitation {
            participant: p.id,
            attendance: Attendance::Invited,
        })
        .collect()
}

/// People holding a place: registered, or already marked as attended.
pub fn taken(session: &Session) -> u32 {
    session
        .invitees
        .iter()
        .filter(|i| matches!(i.attendance, Attendance::Registered | Attendance::Attended))
        .count() as u32
}

/// The waiting list, first in line first.
pub fn waiting(session: &Session) -> Vec<ParticipantId> {
    session
        .invitees
        .iter()
        .filter(|i| i.attendance == Attendance::Waiting)
        .map(|i| i.participant)
        .collect()
}

/// Sets `participant`'s mark, inviting them first if they were not; returns their place in
/// the list.
fn set(session: &mut Session, participant: ParticipantId, mark: Attendance) -> usize {
    match session
        .invitees
        .iter()
        .position(|i| i.participant == participant)
    {
        Some(at) => {
            session.invitees[at].attendance = mark;
            at
        }
        None => {
            session.invitees.push(Invitation {
                participant,
                attendance: mark,
            });
            session.invitees.len() - 1
        }
    }
}

/// Registers `participant`: a place if one is free (of `places`, `None` for no limit), else
/// the end of the waiting list. Returns what they got.
pub fn register(
    session: &mut Session,
    participant: ParticipantId,
    places: Option<u32>,
) -> Attendance {
    let already = session
        .invitees
        .iter()
        .find(|i| i.participant == participant)
        .map(|i| i.attendance);
    if matches!(
        already,
        Some(Attendance::Registered | Attendance::Attended | Attendance::Waiting)
    ) {
        return already.unwrap_or(Attendance::Registered);
    }
    if places.is_none_or(|p| taken(session) < p) {
        set(session, participant, Attendance::Registered);
        return Attendance::Registered;
    }
    // Joining the waiting list goes to the back of the line: the list keeps its order.
    let at = set(session, participant, Attendance::Waiting);
    let joined = session.invitees.remove(at);
    session.invitees.push(joined);
    Attendance::Waiting
}

/// `participant` sends apologies; if that frees a place, the first person waiting takes it.
/// Returns who was promoted.
pub fn send_apologies(
    session: &mut Session,
    participant: ParticipantId,
    places: Option<u32>,
) -> Option<ParticipantId> {
    set(session, participant, Attendance::Apologies);
    promote(session, places)
}

/// Fills free places from the waiting list, in order; returns the first promoted, if any.
pub fn promote(session: &mut Session, places: Option<u32>) -> Option<ParticipantId> {
    let mut first = None;
    while places.is_none_or(|p| taken(session) < p) {
        let Some(next) = session
            .invitees
            .iter_mut()
            .find(|i| i.attendance == Attendance::Waiting)
        else {
            break;
        };
        next.attendance = Attendance::Registered;
        first = first.or(Some(next.participant));
    }
    first
}

/// After the day: attended, apologies or no-show.
pub fn mark(session: &mut Session, participant: ParticipantId, mark: Attendance) {
    set(session, participant, mark);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::{Fixture, at};
    use crate::domain::ids::SessionId;
    use crate::domain::people::pathway::PathwayStage;

    fn session() -> Session {
        let mut f = Fixture::new();
        f.session(1, at(3, 10, 10), &[]);
        f.data.sessions[&SessionId(1)].clone()
    }

    fn p(id: u64) -> ParticipantId {
        ParticipantId(id)
    }

    #[test]
    fn registrations_beyond_the_places_wait_in_order() {
        let mut s = session();
        assert_eq!(register(&mut s, p(1), Some(2)), Attendance::Registered);
        assert_eq!(register(&mut s, p(2), Some(2)), Attendance::Registered);
        assert_eq!(register(&mut s, p(3), Some(2)), Attendance::Waiting);
        assert_eq!(register(&mut s, p(4), Some(2)), Attendance::Waiting);
        assert_eq!(waiting(&s), [p(3), p(4)]);
        assert_eq!(taken(&s), 2);
        assert_eq!(
            register(&mut s, p(3), Some(2)),
            Attendance::Waiting,
            "registering again keeps the place in line"
        );
        assert_eq!(waiting(&s), [p(3), p(4)]);
    }

    #[test]
    fn apologies_promote_the_first_person_waiting() {
        let mut s = session();
        for id in 1..=4 {
            register(&mut s, p(id), Some(2));
        }
        assert_eq!(send_apologies(&mut s, p(1), Some(2)), Some(p(3)));
        assert_eq!(waiting(&s), [p(4)]);
        assert_eq!(taken(&s), 2);
        // Apologies from someone on the waiting list free no place.
        assert_eq!(send_apologies(&mut s, p(4), Some(2)), None);
        assert_eq!(waiting(&s), []);
    }

    #[test]
    fn an_invited_person_who_registers_late_joins_the_back_of_the_line() {
        let mut s = session();
        mark(&mut s, p(5), Attendance::Invited);
        register(&mut s, p(1), Some(1));
        register(&mut s, p(2), Some(1));
        assert_eq!(register(&mut s, p(5), Some(1)), Attendance::Waiting);
        assert_eq!(waiting(&s), [p(2), p(5)]);
    }

    #[test]
    fn a_recruiting_cohorts_applicants_are_invited_to_its_sessions() {
        let mut f = Fixture::new();
        // Cohort 2 recruits until 11 Jan 2027; cohort 1 is running in 2026.
        f.participant(1, "Applicant to two", Some(2), PathwayStage::Applied)
            .participant(2, "Enrolled in two", Some(2), PathwayStage::Enrolled)
            .participant(3, "Deferred in two", Some(2), PathwayStage::Deferred)
            .participant(4, "Applicant to one", Some(1), PathwayStage::Applied)
            .participant(5, "Completed in one", Some(1), PathwayStage::Completed)
            .participant(6, "Nominee to two", Some(2), PathwayStage::Nominated);
        let today = crate::domain::fixture::day(6, 1);
        let ids = |cohort| -> Vec<u64> {
            cohort_invitations(&f.data, Some(CohortId(cohort)), today)
                .iter()
                .map(|i| i.participant.0)
                .collect()
        };
        assert_eq!(ids(2), [1, 2]);
        assert_eq!(
            ids(1),
            [5],
            "a running cohort's applicants are not yet in it"
        );
        assert!(cohort_invitations(&f.data, None, today).is_empty());
        // Once cohort 2 is running, an applicant left over is no longer invited.
        let later = chrono::NaiveDate::from_ymd_opt(2027, 2, 1).expect("a date");
        assert_eq!(
            cohort_invitations(&f.data, Some(CohortId(2)), later).len(),
            1
        );
    }

    #[test]
    fn with_no_limit_everyone_gets_a_place() {
        let mut s = session();
        for id in 1..=30 {
            assert_eq!(register(&mut s, p(id), None), Attendance::Registered);
        }
    }
}
