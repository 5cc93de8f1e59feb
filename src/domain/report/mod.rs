//! The figures of the funder's report (`improvers report`), worked out from one snapshot for a
//! period and a cohort: plain values, drawn as HTML or written as JSON in `io::report`.
//!
//! Every figure that `status --json` or a CSV export also gives is taken from the same function
//! ([`Summary`], the budget report, the mix, the dormant rule), so the report never disagrees
//! with them for the same cohort.

mod activity;
mod money;
mod progress;

pub use activity::{
    AttendanceLine, CheckInMonth, CohortAttendance, CohortReach, Delivery, KindLine,
    MentoringFigures, PairLine, Reach, SiteVisitLine, session_attendance,
};
pub use money::{Forecast, Money, MonthLine, SpeakerLine};
pub use progress::{FUNNEL, FunnelLine, MixLine, PathwayFigures, StageCount};

use super::ids::CohortId;
use super::mentoring::matching::rules::MatchingRules;
use super::outcomes::{QuestionChange, paired_change};
use super::sessions::schedule::LocalNow;
use super::snapshot::Snapshot;
use super::summary::Summary;
use chrono::NaiveDate;
use serde::Serialize;

/// The days a report covers, both ends included; an open end reaches as far as the records go.
/// Sessions, attendance, check-ins, nominations and expenses are counted by their own date;
/// the pathway, the mix and the mentors' current pairs are as they stand on the report's day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Why a period cannot be reported on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--from {from} is after --to {to}: give the earlier day with --from")]
pub struct PeriodBackwards {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A period from `from` to `to`; refused when `from` is after `to`.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Period, PeriodBackwards> {
        match (from, to) {
            (Some(from), Some(to)) if from > to => Err(PeriodBackwards { from, to }),
            _ => Ok(Period { from, to }),
        }
    }

    pub fn is_whole(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// The cohort a report is narrowed to, as people call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortName {
    pub number: u32,
    pub name: String,
}

/// Every figure of the report's sections 1 to 7, in the order the funder's bid set its aims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub programme: String,
    pub funder: String,
    /// The day the report was made, on the programme's clock.
    pub today: NaiveDate,
    /// `None`: the whole programme.
    pub cohort: Option<CohortName>,
    pub period: Period,
    pub reach: Reach,
    pub delivery: Delivery,
    pub mentoring: MentoringFigures,
    pub pathway: PathwayFigures,
    pub mix: Vec<MixLine>,
    pub money: Money,
    /// Section 7: per survey question, in alphabetical order, the paired change from the
    /// start to the end of the people in view, counting answers given within the period.
    pub outcomes: Vec<QuestionChange>,
}

impl Report {
    /// The report of `cohort` (`None`: every cohort) over `period`, as of `now`. `rules` says
    /// when a confirmed pair counts as dormant, as for `status`. The snapshot must hold the
    /// expenses themselves (`Scope::Everything`).
    pub fn new(
        snapshot: &Snapshot,
        now: LocalNow,
        cohort: Option<CohortId>,
        period: Period,
        rules: &MatchingRules,
    ) -> Report {
        let summary = Summary::with_rules(snapshot, now, cohort, rules);
        let scope = Scope {
            snapshot,
            cohort,
            period,
            now,
        };
        Report {
            programme: summary.programme.clone(),
            funder: snapshot
                .programme
                .as_ref()
                .map_or_else(String::new, |p| p.funder.clone()),
            today: summary.today,
            cohort: cohort
                .and_then(|id| snapshot.cohorts.get(&id))
                .map(|c| CohortName {
                    number: c.number,
                    name: c.name.clone(),
                }),
            period,
            reach: activity::reach(&scope, &summary),
            delivery: activity::delivery(&scope),
            mentoring: activity::mentoring(&scope, &summary),
            pathway: progress::pathway(&scope, &summary),
            mix: progress::mix(&summary),
            money: money::money(&scope, &summary),
            outcomes: paired_change(snapshot, cohort, period.from, period.to),
        }
    }
}

/// What every section is worked out over.
struct Scope<'a> {
    snapshot: &'a Snapshot,
    cohort: Option<CohortId>,
    period: Period,
    now: LocalNow,
}

impl Scope<'_> {
    fn today(&self) -> NaiveDate {
        self.now.today()
    }

    /// Whether a record of `of` (a session's or a person's cohort) is in view. Sessions for
    /// the whole programme (no cohort) belong to every cohort's calendar, as in `status`.
    fn in_cohort(&self, of: Option<CohortId>) -> bool {
        self.cohort.is_none_or(|c| of.is_none_or(|o| o == c))
    }

    /// Whether a person of `of` is in view: a person has one cohort or none.
    fn person_in_view(&self, of: Option<CohortId>) -> bool {
        self.cohort.is_none_or(|c| of == Some(c))
    }

    /// The cohorts in view, in number order.
    fn cohorts(&self) -> impl Iterator<Item = &crate::domain::programme::Cohort> + '_ {
        let mut cohorts: Vec<_> = self
            .snapshot
            .cohorts
            .values()
            .filter(|c| self.cohort.is_none_or(|id| id == c.id))
            .collect();
        cohorts.sort_by_key(|c| c.number);
        cohorts.into_iter()
    }
}

/// `part` of `whole` in whole percent, rounded half up; `None` when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| u32::try_from((part * 200 + whole) / (whole * 2)).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests;
