//! Sections 4 and 5 of the report: each cohort's pathway to joining Q, and its mix of
//! professions and organisations.

use super::{Scope, percent};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::summary::Summary;
use serde::Serialize;

/// The stages of the funnel, in the order people pass them; Withdrawn and Deferred step off it.
pub const FUNNEL: [PathwayStage; 7] = [
    PathwayStage::Nominated,
    PathwayStage::Applied,
    PathwayStage::Enrolled,
    PathwayStage::Active,
    PathwayStage::Completed,
    PathwayStage::AppliedToQ,
    PathwayStage::JoinedQ,
];

/// Section 4: the pathway of each cohort in view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathwayFigures {
    pub cohorts: Vec<FunnelLine>,
    /// Everyone in view at Joined Q, of everyone in view, in whole percent.
    pub joined_q_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunnelLine {
    pub number: u32,
    pub name: String,
    /// As `status` counts them (`cohorts[].participants`).
    pub participants: usize,
    /// How many ever reached each stage of [`FUNNEL`] (by their dated pathway), in that order:
    /// someone at Active who once applied counts at Nominated, Applied, Enrolled and Active.
    pub reached: Vec<StageCount>,
    /// How many are at each stage now, every stage in pathway order, as `status` counts them
    /// (`cohorts[].by_stage`).
    pub now: Vec<StageCount>,
    /// At Joined Q now, and their share of the cohort in whole percent.
    pub joined_q: usize,
    pub joined_q_percent: Option<u32>,
    /// Alumni linked to a Q member record, as `status` counts them (`alumni[].joined_q`).
    pub alumni_linked: u32,
}

/// How many people of a cohort are at (or reached) one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageCount {
    /// The stage's key, as `status --json` names it (`joined_q`).
    pub stage: &'static str,
    pub label: &'static str,
    pub people: usize,
}

impl StageCount {
    fn new(stage: PathwayStage, people: usize) -> StageCount {
        StageCount {
            stage: stage.key(),
            label: stage.label(),
            people,
        }
    }
}

/// The furthest point of the funnel `stages` reach: Withdrawn and Deferred leave it where it was.
fn furthest(stages: impl Iterator<Item = PathwayStage>) -> usize {
    stages
        .filter_map(|s| FUNNEL.iter().position(|f| *f == s))
        .max()
        .unwrap_or(0)
}

pub(super) fn pathway(scope: &Scope, summary: &Summary) -> PathwayFigures {
    let data = scope.snapshot;
    let mut everyone = 0;
    let mut joined = 0;
    let cohorts = scope
        .cohorts()
        .filter_map(|c| {
            let line = summary.cohorts.iter().find(|l| l.number == c.number)?;
            let mut reached = [0usize; FUNNEL.len()];
            for p in data
                .participants
                .values()
                .filter(|p| p.cohort == Some(c.id))
            {
                let far = furthest(p.pathway.changes().iter().map(|s| s.stage));
                for count in reached.iter_mut().take(far + 1) {
                    *count += 1;
                }
            }
            let at = |stage: PathwayStage| {
                line.by_stage
                    .iter()
                    .find(|(s, _)| *s == stage)
                    .map_or(0, |(_, n)| *n)
            };
            let now: Vec<StageCount> = PathwayStage::ALL
                .into_iter()
                .map(|stage| StageCount::new(stage, at(stage)))
                .collect();
            let joined_q = at(PathwayStage::JoinedQ);
            everyone += line.participants;
            joined += joined_q;
            Some(FunnelLine {
                number: c.number,
                name: c.name.clone(),
                participants: line.participants,
                reached: FUNNEL
                    .into_iter()
                    .zip(reached)
                    .map(|(stage, n)| StageCount::new(stage, n))
                    .collect(),
                now,
                joined_q,
                joined_q_percent: percent(joined_q, line.participants),
                alumni_linked: summary
                    .alumni
                    .iter()
                    .find(|a| a.cohort == c.id)
                    .map_or(0, |a| a.joined_q),
            })
        })
        .collect();
    PathwayFigures {
        cohorts,
        joined_q_percent: percent(joined, everyone),
    }
}

/// Section 5: one cohort's mix, as `status` gives it (`cohorts[].mix`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixLine {
    pub number: u32,
    pub name: String,
    pub participants: usize,
    pub professions: usize,
    pub organisations: usize,
    /// Normalised Shannon entropy, 0 (everyone alike) to 1 (perfectly even), to two places.
    pub profession_evenness: f64,
    pub organisation_evenness: f64,
}

pub(super) fn mix(summary: &Summary) -> Vec<MixLine> {
    let mut lines: Vec<MixLine> = summary
        .cohorts
        .iter()
        .map(|c| MixLine {
            number: c.number,
            name: c.name.clone(),
            participants: c.participants,
            professions: c.professions,
            organisations: c.organisations,
            profession_evenness: c.profession_evenness,
            organisation_evenness: c.organisation_evenness,
        })
        .collect();
    lines.sort_by_key(|l| l.number);
    lines
}
