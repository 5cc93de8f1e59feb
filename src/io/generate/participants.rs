//! Participants, spread evenly over the cohorts, each with a pathway that fits where their
//! cohort is on the day the programme is seen from.

use super::people::email_domain;
use super::{Generator, days, person_name, pick, topics};
use crate::domain::ids::ParticipantId;
use crate::domain::people::pathway::{
    Pathway, PathwayStage, ReadinessItem, ReadinessTick, StageChange,
};
use crate::domain::people::{Participant, Project, ProjectStage};
use crate::domain::programme::{Cohort, CohortPhase};
use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

impl Generator {
    /// Every fiftieth is a nominee not yet placed in a cohort, so views of unplaced people have
    /// something to show at any scale past fifty.
    pub(super) fn participants(&mut self, count: u32) {
        let organisation_ids = self.organisation_ids();
        let profession_ids = self.profession_ids();
        let (rng, today, cohorts, q_members) =
            (&mut self.rng, self.today, &self.cohorts, &self.q_members);
        for i in 0..u64::from(count) {
            let id = ParticipantId(i + 1);
            let (name, local) = person_name(rng);
            let organisation = *pick(rng, &organisation_ids);
            let unassigned = i % 50 == 49;
            let cohort = (!unassigned).then(|| &cohorts[(i as usize) % cohorts.len()]);
            let roll: f64 = rng.random();
            let (pathway, readiness) = match cohort {
                None => (
                    Pathway::starting(
                        PathwayStage::Nominated,
                        days(today, -rng.random_range(1..60)),
                    ),
                    Vec::new(),
                ),
                Some(c) => cohort_pathway(rng, c, today, roll),
            };
            let n_topics = rng.random_range(1..=3);
            let participant = Participant {
                id,
                name,
                email: format!("{local}.p{}@{}", i + 1, email_domain(organisation)),
                profession: *pick(rng, &profession_ids),
                organisation,
                cohort: cohort.map(|c| c.id),
                // The index is drawn even with no members of Q, so the stream does not depend
                // on whether there are any.
                nominated_by: rng
                    .random_bool(0.5)
                    .then(|| rng.random_range(0..q_members.len().max(1)))
                    .and_then(|k| q_members.get(k))
                    .map(|q| q.id),
                project: Project {
                    title: format!("Improvement project {}", i + 1),
                    aim: String::new(),
                    topics: topics(rng, n_topics),
                    stage: *pick(rng, &ProjectStage::ALL),
                },
                pathway,
                readiness,
                notes: String::new(),
            };
            if let Some(c) = cohort.filter(|_| takes_part(participant.stage())) {
                self.members[(c.id.0 - 1) as usize].push(id);
            }
            self.participants.push(participant);
        }
    }
}

/// Whether someone in a cohort is invited to its sessions.
fn takes_part(stage: PathwayStage) -> bool {
    !matches!(
        stage,
        PathwayStage::Nominated
            | PathwayStage::Applied
            | PathwayStage::Withdrawn
            | PathwayStage::Deferred
    )
}

/// Nominated and applied before the cohort starts, then as far along as its phase allows;
/// `roll` decides who drops out, defers or goes on to Q.
fn cohort_pathway(
    rng: &mut ChaCha8Rng,
    c: &Cohort,
    today: NaiveDate,
    roll: f64,
) -> (Pathway, Vec<ReadinessTick>) {
    let start = c.starts;
    let mut changes = vec![
        StageChange {
            stage: PathwayStage::Nominated,
            on: days(start, -100),
            note: String::new(),
        },
        StageChange {
            stage: PathwayStage::Applied,
            on: days(start, -70),
            note: String::new(),
        },
    ];
    let mut step = |stage, on| {
        changes.push(StageChange {
            stage,
            on,
            note: String::new(),
        })
    };
    let mut readiness = Vec::new();
    match c.phase(today) {
        CohortPhase::Recruiting => {
            if roll < 0.3 {
                changes.truncate(1);
            }
        }
        CohortPhase::Running => {
            step(PathwayStage::Enrolled, days(start, -40));
            if roll < 0.85 {
                step(PathwayStage::Active, start);
            } else if roll < 0.92 {
                step(PathwayStage::Withdrawn, days(start, 60));
            } else if roll < 0.96 {
                step(PathwayStage::Deferred, days(start, 30));
            }
        }
        CohortPhase::Finished => {
            step(PathwayStage::Enrolled, days(start, -40));
            step(PathwayStage::Active, start);
            if roll < 0.08 {
                step(PathwayStage::Withdrawn, days(start, 90));
            } else {
                step(PathwayStage::Completed, c.ends);
                if roll < 0.7 {
                    step(PathwayStage::AppliedToQ, days(c.ends, 45));
                }
                if roll < 0.5 {
                    step(PathwayStage::JoinedQ, days(c.ends, 90));
                }
                readiness = ReadinessItem::ALL
                    .into_iter()
                    .filter(|_| rng.random_bool(0.85))
                    .map(|item| ReadinessTick {
                        item,
                        on: days(c.ends, -20),
                        note: String::new(),
                    })
                    .collect();
            }
        }
    }
    let pathway = Pathway::from_changes(changes)
        .unwrap_or_else(|| Pathway::starting(PathwayStage::Nominated, start));
    (pathway, readiness)
}
