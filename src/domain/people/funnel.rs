//! The pathway funnel of the cohort in view: how many participants stand at each stage from
//! Nominated to Joined Q now, and how many left the path (withdrawn or deferred). Counted from
//! the roster's own rows, so the chart and the roster's Stage column always agree.

use super::pathway::PathwayStage;
use super::roster::RosterRow;

/// The stages along the path to joining Q, in order.
pub const PATH: [PathwayStage; 7] = [
    PathwayStage::Nominated,
    PathwayStage::Applied,
    PathwayStage::Enrolled,
    PathwayStage::Active,
    PathwayStage::Completed,
    PathwayStage::AppliedToQ,
    PathwayStage::JoinedQ,
];

/// People per stage now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    /// Each stage of [`PATH`] with how many participants are at it now, in path order.
    pub stages: Vec<(PathwayStage, usize)>,
    pub withdrawn: usize,
    pub deferred: usize,
}

/// The funnel of `rows` (one roster row per participant of the cohort in view).
pub fn funnel(rows: &[RosterRow]) -> Funnel {
    let at = |stage: PathwayStage| rows.iter().filter(|r| r.stage == stage).count();
    Funnel {
        stages: PATH.into_iter().map(|s| (s, at(s))).collect(),
        withdrawn: at(PathwayStage::Withdrawn),
        deferred: at(PathwayStage::Deferred),
    }
}
