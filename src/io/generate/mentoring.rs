//! Mentoring matches: most people who need a mentor get one within the mentors' capacities,
//! and people in finished cohorts have matches that have ended.

use super::{Generator, days};
use crate::domain::ids::MatchId;
use crate::domain::mentoring::matching::score::{Weights, score_pair};
use crate::domain::mentoring::{CheckIn, MatchState, MentoringMatch};
use crate::domain::people::QRole;
use crate::domain::programme::{Cohort, CohortPhase};
use crate::domain::snapshot::Snapshot;
use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How far round the list of mentors to look for one with room before giving up.
const SEARCH: usize = 64;

impl Generator {
    pub(super) fn mentoring(&mut self) {
        let (rng, today, q_members) = (&mut self.rng, self.today, &self.q_members);
        let mut load: Vec<u32> = vec![0; q_members.len()];
        let mentors: Vec<usize> = (0..q_members.len())
            .filter(|&i| q_members[i].offers(QRole::Mentor) && q_members[i].available)
            .collect();
        // Scores read profession names; nothing else of a snapshot is needed yet.
        let names = Snapshot {
            professions: self.professions.iter().map(|p| (p.id, p.clone())).collect(),
            ..Snapshot::default()
        };
        let weights = Weights::default();
        for p in &self.participants {
            let Some(cohort) = p.cohort.map(|c| &self.cohorts[(c.0 - 1) as usize]) else {
                continue;
            };
            let live = p.stage().needs_mentor();
            let ended = cohort.phase(today) == CohortPhase::Finished && rng.random_bool(0.5);
            if mentors.is_empty() || !(live && rng.random_bool(0.9) || ended) {
                continue;
            }
            // Ended matches are history, so only live ones need a mentor with room.
            let start = rng.random_range(0..mentors.len());
            let found = (0..mentors.len().min(SEARCH))
                .map(|k| mentors[(start + k) % mentors.len()])
                .find(|&m| !live || load[m] < q_members[m].mentoring_capacity);
            let Some(m) = found else { continue };
            let proposed_on = days(cohort.starts, 14);
            let state = match_state(rng, cohort, live, proposed_on);
            let score = score_pair(&names, p, &q_members[m], load[m], &weights);
            if live {
                load[m] += 1;
            }
            let check_ins = if matches!(state, MatchState::Proposed) {
                Vec::new()
            } else {
                check_ins(rng, proposed_on, today)
            };
            self.matches.push(MentoringMatch {
                id: MatchId(self.matches.len() as u64 + 1),
                participant: p.id,
                q_member: q_members[m].id,
                state,
                proposed_on,
                score,
                locked: rng.random_bool(0.05),
                check_ins,
            });
        }
    }
}

/// A match that is not live ended with its cohort; most live ones have been confirmed.
fn match_state(
    rng: &mut ChaCha8Rng,
    cohort: &Cohort,
    live: bool,
    proposed_on: NaiveDate,
) -> MatchState {
    if !live {
        MatchState::Ended {
            on: cohort.ends,
            reason: "Programme completed".to_string(),
        }
    } else if rng.random_bool(0.85) {
        MatchState::Confirmed {
            on: days(proposed_on, 10),
        }
    } else {
        MatchState::Proposed
    }
}

/// Up to three monthly check-ins; the ones still in the future are drawn but not kept.
fn check_ins(rng: &mut ChaCha8Rng, proposed_on: NaiveDate, today: NaiveDate) -> Vec<CheckIn> {
    (1..=rng.random_range(0..4))
        .map(|k| CheckIn {
            on: days(proposed_on, 30 * k),
            met: rng.random_bool(0.9),
            note: String::new(),
        })
        .filter(|c| c.on <= today)
        .collect()
}
