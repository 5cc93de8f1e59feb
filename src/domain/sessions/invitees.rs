//! Upcoming sessions' invitee lists follow who takes part: a change to participants carries
//! the session edits that invite newcomers and take leavers off, in the same change.

use super::clashes::places;
use super::registration::{promote, takes_part};
use super::{Attendance, Invitation, Session};
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::ids::ParticipantId;
use crate::domain::people::erasure::is_erasure;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The session puts that keep the invitee lists of upcoming sessions (starting `today` or
/// later, not cancelled) following [`takes_part`] once `change` is applied to `data`.
///
/// For each participant the change saves or deletes:
/// - starting to take part in a cohort (enrolled, moved into it, applied while it recruits)
///   adds them as invited to each upcoming session of that cohort they are not listed on;
/// - moving to another cohort takes them off the upcoming sessions of the cohort they left;
/// - stopping altogether (withdrawn, deferred, deleted) takes them off every upcoming session,
///   whole-programme ones and those they were added to by hand included.
///
/// Only the marks invited, registered and waiting are taken off: attended, apologies and
/// no-show are a record of what happened and never change, and past sessions are never
/// touched. A place freed by someone taken off goes to the first person waiting. Only a change
/// of standing acts, so someone a coordinator took off a list by hand is not put back by an
/// unrelated edit. Undoing, and an erasure (which plans its own edits), carry no edits.
pub fn follow_participants(data: &Snapshot, change: &Change, today: NaiveDate) -> Vec<Change> {
    if matches!(change, Change::Undo { .. }) || is_erasure(change) {
        return Vec::new();
    }
    let touched: BTreeSet<ParticipantId> = change
        .keys()
        .into_iter()
        .filter_map(|key| match key {
            RecordKey::Participant(id) => Some(id),
            _ => None,
        })
        .collect();
    if touched.is_empty() {
        return Vec::new();
    }
    let mut after = data.clone();
    after.apply(change);
    let mut edits = Vec::new();
    for session in after
        .sessions
        .values()
        .filter(|s| s.start.date() >= today && !s.cancelled)
    {
        let mut edited = session.clone();
        for &id in &touched {
            let was = in_list_of(data, id, session, today);
            let now = in_list_of(&after, id, session, today);
            let listed = edited.invitees.iter().any(|i| i.participant == id);
            if !was && now && !listed {
                edited.invitees.push(Invitation {
                    participant: id,
                    attendance: Attendance::Invited,
                });
            } else if (was && !now) || stopped(data, &after, id, today) {
                edited.invitees.retain(|i| {
                    i.participant != id
                        || !matches!(
                            i.attendance,
                            Attendance::Invited | Attendance::Registered | Attendance::Waiting
                        )
                });
            }
        }
        if edited.invitees != session.invitees {
            let room = places(&after, &edited);
            promote(&mut edited, room);
            edits.push(Change::Put(Record::Session(edited)));
        }
    }
    edits
}

/// `change` with the session edits of [`follow_participants`] added, so it all stands or falls
/// together and one undo puts everything back; `change` itself when there are none. The
/// history summary stays the original's.
pub fn with_followed_invitees(data: &Snapshot, change: Change, today: NaiveDate) -> Change {
    let edits = follow_participants(data, &change, today);
    if edits.is_empty() {
        return change;
    }
    let summary = change.summary();
    let mut changes = Vec::with_capacity(edits.len() + 1);
    changes.push(change);
    changes.extend(edits);
    Change::Batch { summary, changes }
}

/// Whether `sent` is what [`with_followed_invitees`] made of `change`: how a process that sent
/// `change` recognises it in history.
pub fn is_followed(sent: &Change, change: &Change) -> bool {
    sent == change
        || matches!(sent, Change::Batch { changes, .. } if changes.first() == Some(change))
}

/// Whether participant `id` took part in the programme in `before` and no longer does (or is
/// gone) in `after`: they come off every upcoming list, including whole-programme sessions
/// and other cohorts' sessions they were added to by hand.
fn stopped(before: &Snapshot, after: &Snapshot, id: ParticipantId, today: NaiveDate) -> bool {
    let part = |data: &Snapshot| {
        data.participants
            .get(&id)
            .is_some_and(|p| takes_part(data, p, today))
    };
    !after.participants.contains_key(&id) || (part(before) && !part(after))
}

/// Whether participant `id`, as `data` holds them, belongs on `session`'s list: for a cohort's
/// session, taking part in that cohort; for a whole-programme session, taking part at all
/// (nobody is added to those by this rule, only taken off).
fn in_list_of(data: &Snapshot, id: ParticipantId, session: &Session, today: NaiveDate) -> bool {
    let Some(p) = data.participants.get(&id) else {
        return false;
    };
    match session.cohort {
        Some(cohort) => p.cohort == Some(cohort) && takes_part(data, p, today),
        None => takes_part(data, p, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::{Fixture, at, day};
    use crate::domain::ids::SessionId;
    use crate::domain::people::pathway::PathwayStage;

    /// Cohort 1: an enrolled participant (1) and one who is active (2), on an upcoming
    /// session (1, 10 Jun) and a past one (2, 10 Mar) where 2 sent apologies.
    fn programme() -> Fixture {
        let mut f = Fixture::new();
        f.participant(1, "Wenna Trago", Some(1), PathwayStage::Enrolled)
            .participant(2, "Jory Pascoe", Some(1), PathwayStage::Active)
            .session(
                1,
                at(6, 10, 10),
                &[(1, Attendance::Invited), (2, Attendance::Registered)],
            )
            .session(
                2,
                at(3, 10, 10),
                &[(1, Attendance::Attended), (2, Attendance::Apologies)],
            );
        f
    }

    fn listed(data: &Snapshot, session: u64) -> Vec<(u64, Attendance)> {
        data.sessions[&SessionId(session)]
            .invitees
            .iter()
            .map(|i| (i.participant.0, i.attendance))
            .collect()
    }

    fn staged(data: &Snapshot, id: u64, stage: PathwayStage) -> Change {
        let mut p = data.participants[&ParticipantId(id)].clone();
        p.pathway = crate::domain::people::pathway::Pathway::starting(stage, day(5, 1));
        Change::Put(Record::Participant(p))
    }

    fn applied(data: &Snapshot, change: Change) -> Snapshot {
        let mut after = data.clone();
        after.apply(&with_followed_invitees(data, change, day(5, 20)));
        after
    }

    #[test]
    fn a_withdrawn_participant_leaves_upcoming_lists_and_past_marks_stay() {
        let f = programme();
        let after = applied(&f.data, staged(&f.data, 2, PathwayStage::Withdrawn));
        assert_eq!(listed(&after, 1), [(1, Attendance::Invited)]);
        assert_eq!(listed(&after, 2), listed(&f.data, 2), "the past is kept");
    }

    #[test]
    fn someone_enrolled_after_a_session_was_planned_is_invited_to_it() {
        let mut f = programme();
        f.participant(3, "Kensa Rowe", Some(1), PathwayStage::Nominated);
        let after = applied(&f.data, staged(&f.data, 3, PathwayStage::Enrolled));
        assert_eq!(
            listed(&after, 1),
            [
                (1, Attendance::Invited),
                (2, Attendance::Registered),
                (3, Attendance::Invited)
            ]
        );
        assert_eq!(listed(&after, 2).len(), 2, "not to a session already held");
    }

    #[test]
    fn moving_cohort_or_being_deleted_takes_someone_off_and_apologies_stay() {
        let mut f = programme();
        f.session(3, at(7, 1, 10), &[(1, Attendance::Apologies)]);
        let mut moved = f.data.participants[&ParticipantId(1)].clone();
        moved.cohort = Some(crate::domain::ids::CohortId(2));
        let after = applied(&f.data, Change::Put(Record::Participant(moved)));
        assert_eq!(listed(&after, 1), [(2, Attendance::Registered)]);
        assert_eq!(listed(&after, 3), [(1, Attendance::Apologies)]);
        let after = applied(
            &f.data,
            Change::Delete(RecordKey::Participant(ParticipantId(2))),
        );
        assert_eq!(listed(&after, 1), [(1, Attendance::Invited)]);
    }

    #[test]
    fn an_edit_that_keeps_someone_taking_part_leaves_a_list_made_by_hand_alone() {
        let mut f = programme();
        // Taken off session 1 by hand; their notes are then edited.
        f.session(1, at(6, 10, 10), &[(2, Attendance::Registered)]);
        let mut p = f.data.participants[&ParticipantId(1)].clone();
        p.notes = "Prefers mornings".into();
        let change = Change::Put(Record::Participant(p));
        assert_eq!(
            with_followed_invitees(&f.data, change.clone(), day(5, 20)),
            change
        );
    }

    #[test]
    fn a_place_freed_goes_to_the_first_person_waiting() {
        let mut f = programme();
        f.participant(3, "Kensa Rowe", Some(1), PathwayStage::Enrolled)
            .session(
                1,
                at(6, 10, 10),
                &[(2, Attendance::Registered), (3, Attendance::Waiting)],
            );
        let mut full = f.data.sessions[&SessionId(1)].clone();
        full.capacity = Some(1);
        f.data.put(Record::Session(full));
        let after = applied(&f.data, staged(&f.data, 2, PathwayStage::Deferred));
        assert_eq!(listed(&after, 1), [(3, Attendance::Registered)]);
    }

    #[test]
    fn the_widened_change_is_recognised_as_the_one_sent() {
        let f = programme();
        let change = staged(&f.data, 2, PathwayStage::Withdrawn);
        let widened = with_followed_invitees(&f.data, change.clone(), day(5, 20));
        assert_ne!(widened, change);
        assert_eq!(widened.summary(), change.summary());
        assert!(is_followed(&widened, &change));
        assert!(!is_followed(&change, &widened));
    }
}
