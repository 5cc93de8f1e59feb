//! Who mentors whom right now: each participant's live match, each mentor's load, and who is
//! still waiting for a mentor.

use crate::domain::ids::{ParticipantId, QMemberId};
use crate::domain::mentoring::{MatchState, MentoringMatch};
use crate::domain::people::QRole;
use crate::domain::programme::CohortPhase;
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// Each participant's live match; a confirmed match wins over a proposal.
pub fn live_matches(snapshot: &Snapshot) -> HashMap<ParticipantId, &MentoringMatch> {
    let mut by_participant: HashMap<ParticipantId, &MentoringMatch> = HashMap::new();
    for m in snapshot.matches.values().filter(|m| m.state.is_live()) {
        by_participant
            .entry(m.participant)
            .and_modify(|current| {
                if matches!(m.state, MatchState::Confirmed { .. })
                    && !matches!(current.state, MatchState::Confirmed { .. })
                {
                    *current = m;
                }
            })
            .or_insert(m);
    }
    by_participant
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentorLoad {
    pub q_member: QMemberId,
    pub name: String,
    pub mentees: u32,
    pub capacity: u32,
}

impl MentorLoad {
    pub fn over_capacity(&self) -> bool {
        self.mentees > self.capacity
    }
}

/// Load of every Q member who offers mentoring or has a live mentee, busiest first.
pub fn mentor_loads(snapshot: &Snapshot) -> Vec<MentorLoad> {
    let mut mentees: HashMap<QMemberId, u32> = HashMap::new();
    for m in snapshot.matches.values().filter(|m| m.state.is_live()) {
        *mentees.entry(m.q_member).or_default() += 1;
    }
    let mut loads: Vec<MentorLoad> = snapshot
        .q_members
        .values()
        .filter(|q| q.offers(QRole::Mentor) || mentees.contains_key(&q.id))
        .map(|q| MentorLoad {
            q_member: q.id,
            name: q.name.clone(),
            mentees: mentees.get(&q.id).copied().unwrap_or(0),
            capacity: q.mentoring_capacity,
        })
        .collect();
    loads.sort_by(|a, b| {
        b.mentees
            .cmp(&a.mentees)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.q_member.cmp(&b.q_member))
    });
    loads
}

/// The people who have or need a mentor, told apart: a confirmed mentor, a proposal awaiting
/// acceptance, or nothing yet. Each person is counted once, by their best live match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MentoringCounts {
    pub confirmed: usize,
    /// A proposal (locked or not) that nobody has accepted yet.
    pub proposed: usize,
    /// Needing a mentor, with no proposal and no mentor.
    pub none: usize,
    /// Of `none`, applicants (to a recruiting cohort, for matching to line mentors up early)
    /// rather than people already enrolled or active.
    pub none_applicants: usize,
}

impl MentoringCounts {
    /// Counts `people` by their live match; someone with none is counted only when `needs`
    /// says they need a mentor (so a finished cohort's people are not "without a mentor").
    pub fn of<'a>(
        snapshot: &'a Snapshot,
        people: impl Iterator<Item = &'a crate::domain::people::Participant>,
        needs: impl Fn(&crate::domain::people::Participant) -> bool,
    ) -> MentoringCounts {
        let live = live_matches(snapshot);
        let mut counts = MentoringCounts::default();
        for p in people {
            match live.get(&p.id).map(|m| &m.state) {
                Some(MatchState::Confirmed { .. }) => counts.confirmed += 1,
                Some(_) => counts.proposed += 1,
                None if needs(p) => {
                    counts.none += 1;
                    if p.stage() == crate::domain::people::pathway::PathwayStage::Applied {
                        counts.none_applicants += 1;
                    }
                }
                None => {}
            }
        }
        counts
    }
}

/// A confirmed pair with no meeting logged for a while.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DormantPair {
    pub participant: ParticipantId,
    pub q_member: QMemberId,
    /// The last check-in at which they met, or the day the match was confirmed.
    pub since: NaiveDate,
    pub weeks: u32,
}

/// Confirmed pairs that have not met for `after_weeks` weeks or more, quietest first.
pub fn dormant_pairs(snapshot: &Snapshot, today: NaiveDate, after_weeks: u32) -> Vec<DormantPair> {
    let mut quiet: Vec<DormantPair> = snapshot
        .matches
        .values()
        .filter_map(|m| {
            let MatchState::Confirmed { on } = m.state else {
                return None;
            };
            let since = m
                .check_ins
                .iter()
                .filter(|c| c.met)
                .map(|c| c.on)
                .max()
                .unwrap_or(on)
                .max(on);
            let weeks = u32::try_from((today - since).num_weeks()).unwrap_or(0);
            (weeks >= after_weeks).then_some(DormantPair {
                participant: m.participant,
                q_member: m.q_member,
                since,
                weeks,
            })
        })
        .collect();
    quiet.sort_by(|a, b| {
        a.since
            .cmp(&b.since)
            .then(a.participant.cmp(&b.participant))
    });
    quiet
}

/// Participants of running or recruiting cohorts who need a mentor and have no live match,
/// in name order.
pub fn unmatched(snapshot: &Snapshot, today: NaiveDate) -> Vec<ParticipantId> {
    let live = live_matches(snapshot);
    let mut waiting: Vec<(&str, ParticipantId)> = snapshot
        .participants
        .values()
        .filter(|p| p.stage().needs_mentor())
        .filter(|p| {
            p.cohort
                .and_then(|c| snapshot.cohorts.get(&c))
                .is_some_and(|c| c.phase(today) != CohortPhase::Finished)
        })
        .filter(|p| !live.contains_key(&p.id))
        .map(|p| (p.name.as_str(), p.id))
        .collect();
    waiting.sort();
    waiting.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::people::pathway::PathwayStage;

    #[test]
    fn proposals_are_told_apart_from_mentors_and_from_nobody() {
        let mut f = Fixture::new();
        for id in 1..=5 {
            f.participant(id, &format!("Person {id}"), Some(1), PathwayStage::Active);
        }
        f.participant(6, "Completed", Some(1), PathwayStage::Completed);
        f.matched(
            1,
            1,
            1,
            MatchState::Confirmed {
                on: crate::domain::fixture::day(2, 1),
            },
        )
        .matched(2, 2, 1, MatchState::Proposed)
        .matched(3, 3, 2, MatchState::Proposed)
        .matched(
            4,
            4,
            2,
            MatchState::Ended {
                on: crate::domain::fixture::day(3, 1),
                reason: "moved away".into(),
            },
        );
        let counts = MentoringCounts::of(&f.data, f.data.participants.values(), |p| {
            p.stage().needs_mentor()
        });
        assert_eq!(
            counts,
            MentoringCounts {
                confirmed: 1,
                proposed: 2,
                // 4 (whose match ended) and 5; not 6, who has completed.
                none: 2,
                none_applicants: 0,
            }
        );
    }
}
