//! The roster as a coordinator reads it: one row per participant with their stage, mentor and
//! Q readiness, and the cohort's mix.

use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::mentoring::mentors::live_matches;
use crate::domain::mentoring::{MatchState, MentoringMatch};
use crate::domain::people::mix::CohortMix;
use crate::domain::people::pathway::{PathwayStage, QReadiness};
use crate::domain::sessions::schedule::{AttendanceTally, LocalNow, attendance_tally};
use crate::domain::snapshot::Snapshot;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub id: ParticipantId,
    pub name: String,
    pub profession: String,
    pub organisation: String,
    pub project: String,
    pub cohort: Option<u32>,
    pub stage: PathwayStage,
    /// The mentor's name, with "(proposed)" when not yet confirmed.
    pub mentor: Option<String>,
    pub readiness: QReadiness,
    /// Joined Q and linked to their Q member record: an alumnus.
    pub alumnus: bool,
}

/// What the roster is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RosterSort {
    #[default]
    Name,
    Profession,
    Organisation,
    Stage,
    Mentor,
    Readiness,
}

impl RosterSort {
    pub const ALL: [RosterSort; 6] = [
        RosterSort::Name,
        RosterSort::Profession,
        RosterSort::Organisation,
        RosterSort::Stage,
        RosterSort::Mentor,
        RosterSort::Readiness,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RosterSort::Name => "name",
            RosterSort::Profession => "profession",
            RosterSort::Organisation => "organisation",
            RosterSort::Stage => "stage",
            RosterSort::Mentor => "mentor",
            RosterSort::Readiness => "Q readiness",
        }
    }

    pub fn next(self) -> RosterSort {
        let at = RosterSort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        RosterSort::ALL[(at + 1) % RosterSort::ALL.len()]
    }
}

/// Sorts rows by `by` (stages in pathway order, readiness by items met, people without a
/// mentor last), then by name so equal rows keep a stable order.
pub fn sort_rows(rows: &mut [RosterRow], by: RosterSort, descending: bool) {
    rows.sort_by(|a, b| {
        let primary = match by {
            RosterSort::Name => std::cmp::Ordering::Equal,
            RosterSort::Profession => a.profession.cmp(&b.profession),
            RosterSort::Organisation => a.organisation.cmp(&b.organisation),
            RosterSort::Stage => a.stage.cmp(&b.stage),
            RosterSort::Mentor => match (&a.mentor, &b.mentor) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            RosterSort::Readiness => a.readiness.met().cmp(&b.readiness.met()),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        let by_name = a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id));
        let by_name = if descending && by == RosterSort::Name {
            by_name.reverse()
        } else {
            by_name
        };
        primary.then(by_name)
    });
}

/// Which participants a roster shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortFilter {
    All,
    Cohort(CohortId),
    /// Nominees not yet placed in a cohort.
    AwaitingReview,
}

impl CohortFilter {
    pub fn admits(self, cohort: Option<CohortId>) -> bool {
        match self {
            CohortFilter::All => true,
            CohortFilter::Cohort(id) => cohort == Some(id),
            CohortFilter::AwaitingReview => cohort.is_none(),
        }
    }
}

/// Narrows the roster to one stage, organisation or profession (any combination); names are
/// compared as stored, since they come from the registers' own lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterFilter {
    pub stage: Option<PathwayStage>,
    pub organisation: Option<String>,
    pub profession: Option<String>,
}

impl RosterFilter {
    pub fn is_empty(&self) -> bool {
        *self == RosterFilter::default()
    }

    pub fn keeps(&self, row: &RosterRow) -> bool {
        self.stage.is_none_or(|s| s == row.stage)
            && self
                .organisation
                .as_ref()
                .is_none_or(|o| *o == row.organisation)
            && self
                .profession
                .as_ref()
                .is_none_or(|p| *p == row.profession)
    }

    /// "Active · Riverside Hospitals · Nurse", for the pane's title.
    pub fn describe(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(stage) = self.stage {
            parts.push(stage.label());
        }
        parts.extend(self.organisation.as_deref());
        parts.extend(self.profession.as_deref());
        parts.join(" · ")
    }
}

/// What every roster row needs from the whole programme, worked out once: each participant's
/// live match and attendance. Summaries of many cohorts share one.
pub struct RosterBasis<'a> {
    live: HashMap<ParticipantId, &'a MentoringMatch>,
    tally: HashMap<ParticipantId, AttendanceTally>,
    threshold: u8,
}

impl<'a> RosterBasis<'a> {
    pub fn new(snapshot: &'a Snapshot, now: LocalNow) -> RosterBasis<'a> {
        RosterBasis {
            live: live_matches(snapshot),
            tally: attendance_tally(snapshot.sessions.values(), now),
            threshold: snapshot.attendance_threshold(),
        }
    }
}

/// Roster rows in name order.
pub fn roster(snapshot: &Snapshot, filter: CohortFilter, now: LocalNow) -> Vec<RosterRow> {
    roster_from(snapshot, filter, &RosterBasis::new(snapshot, now))
}

/// Roster rows in name order, from a basis already worked out.
pub fn roster_from(
    snapshot: &Snapshot,
    filter: CohortFilter,
    basis: &RosterBasis,
) -> Vec<RosterRow> {
    let mut rows: Vec<RosterRow> = snapshot
        .participants
        .values()
        .filter(|p| filter.admits(p.cohort))
        .map(|p| {
            let attendance = basis.tally.get(&p.id).copied().unwrap_or_default();
            RosterRow {
                id: p.id,
                name: p.name.clone(),
                profession: snapshot.profession_name(p.profession).to_string(),
                organisation: snapshot.organisation_name(p.organisation).to_string(),
                project: p.project.title.clone(),
                cohort: p
                    .cohort
                    .and_then(|c| snapshot.cohorts.get(&c))
                    .map(|c| c.number),
                stage: p.stage(),
                mentor: basis.live.get(&p.id).map(|m| {
                    let name = snapshot.q_member_name(m.q_member);
                    match m.state {
                        MatchState::Proposed => format!("{name} (proposed)"),
                        _ => name.to_string(),
                    }
                }),
                readiness: QReadiness::evaluate(
                    attendance.attended,
                    attendance.expected,
                    basis.threshold,
                    &p.readiness,
                ),
                alumnus: snapshot.q_links.contains_key(&p.id),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    rows
}

/// The mix of everyone a filter admits, leaving out those who withdrew.
pub fn mix(snapshot: &Snapshot, filter: CohortFilter) -> CohortMix {
    let people: Vec<(&str, &str)> = snapshot
        .participants
        .values()
        .filter(|p| filter.admits(p.cohort) && p.stage() != PathwayStage::Withdrawn)
        .map(|p| {
            (
                snapshot.profession_name(p.profession),
                snapshot.organisation_name(p.organisation),
            )
        })
        .collect();
    CohortMix::of(people.iter().copied())
}
