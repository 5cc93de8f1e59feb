//! The pathway from nomination to joining Q, with dated stage changes, and Q readiness.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Variants are only ever appended: their order is part of the stored format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PathwayStage {
    Nominated,
    Applied,
    Enrolled,
    Active,
    Completed,
    AppliedToQ,
    JoinedQ,
    Withdrawn,
    Deferred,
}

impl PathwayStage {
    pub const ALL: [PathwayStage; 9] = [
        PathwayStage::Nominated,
        PathwayStage::Applied,
        PathwayStage::Enrolled,
        PathwayStage::Active,
        PathwayStage::Completed,
        PathwayStage::AppliedToQ,
        PathwayStage::JoinedQ,
        PathwayStage::Withdrawn,
        PathwayStage::Deferred,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PathwayStage::Nominated => "Nominated",
            PathwayStage::Applied => "Applied",
            PathwayStage::Enrolled => "Enrolled",
            PathwayStage::Active => "Active",
            PathwayStage::Completed => "Completed",
            PathwayStage::AppliedToQ => "Applied to Q",
            PathwayStage::JoinedQ => "Joined Q",
            PathwayStage::Withdrawn => "Withdrawn",
            PathwayStage::Deferred => "Deferred",
        }
    }

    /// A stable key for JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            PathwayStage::Nominated => "nominated",
            PathwayStage::Applied => "applied",
            PathwayStage::Enrolled => "enrolled",
            PathwayStage::Active => "active",
            PathwayStage::Completed => "completed",
            PathwayStage::AppliedToQ => "applied_to_q",
            PathwayStage::JoinedQ => "joined_q",
            PathwayStage::Withdrawn => "withdrawn",
            PathwayStage::Deferred => "deferred",
        }
    }

    /// People in these stages are taking part in a cohort and need a mentor.
    pub fn needs_mentor(self) -> bool {
        matches!(self, PathwayStage::Enrolled | PathwayStage::Active)
    }

    /// The stage someone joins the programme at when nobody says which: Applied in a cohort
    /// still recruiting on `today`, Enrolled in one under way (or finished), Nominated, a
    /// nominee awaiting review, with no cohort. The one rule for the participant form, every
    /// participants import and accepting a nominee, so that matching (which places enrolled
    /// people and a recruiting cohort's applicants) finds everyone however they were added.
    pub fn starting_in(
        cohort: Option<&crate::domain::programme::Cohort>,
        today: NaiveDate,
    ) -> Self {
        use crate::domain::programme::CohortPhase;
        match cohort.map(|c| c.phase(today)) {
            None => PathwayStage::Nominated,
            Some(CohortPhase::Recruiting) => PathwayStage::Applied,
            Some(CohortPhase::Running | CohortPhase::Finished) => PathwayStage::Enrolled,
        }
    }
}

impl fmt::Display for PathwayStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a pathway stage (one of: Nominated, Applied, Enrolled, Active, Completed, Applied to Q, Joined Q, Withdrawn, Deferred)"
)]
pub struct UnknownStage(pub String);

impl FromStr for PathwayStage {
    type Err = UnknownStage;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::domain::labels::find(s, &PathwayStage::ALL, |x| [x.label(), x.key()])
            .ok_or_else(|| UnknownStage(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: PathwayStage,
    pub on: NaiveDate,
    pub note: String,
}

/// A participant's dated journey. Never empty: everyone starts somewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pathway {
    changes: Vec<StageChange>,
}

impl Pathway {
    pub fn starting(stage: PathwayStage, on: NaiveDate) -> Pathway {
        Pathway {
            changes: vec![StageChange {
                stage,
                on,
                note: String::new(),
            }],
        }
    }

    /// Builds a pathway from dated changes in any order; `None` if there are none.
    pub fn from_changes(mut changes: Vec<StageChange>) -> Option<Pathway> {
        if changes.is_empty() {
            return None;
        }
        changes.sort_by_key(|c| c.on);
        Some(Pathway { changes })
    }

    pub fn current(&self) -> PathwayStage {
        self.changes
            .last()
            .map_or(PathwayStage::Nominated, |c| c.stage)
    }

    pub fn since(&self) -> Option<NaiveDate> {
        self.changes.last().map(|c| c.on)
    }

    pub fn changes(&self) -> &[StageChange] {
        &self.changes
    }

    /// Records a move to `stage` on `on`, keeping the history in date order.
    pub fn move_to(&mut self, stage: PathwayStage, on: NaiveDate, note: String) {
        let at = self.changes.partition_point(|c| c.on <= on);
        self.changes.insert(at, StageChange { stage, on, note });
    }

    /// Like [`Pathway::move_to`], except that the same change written again (the stage the
    /// pathway already had on that date) is not added twice: a note given with it replaces
    /// the note. This is how a pathway read back from a file keeps its first change's note.
    pub fn record(&mut self, stage: PathwayStage, on: NaiveDate, note: String) {
        let at = self.changes.partition_point(|c| c.on <= on);
        match at.checked_sub(1).and_then(|i| self.changes.get_mut(i)) {
            Some(before) if before.stage == stage && before.on == on => {
                if !note.is_empty() {
                    before.note = note;
                }
            }
            _ => self.move_to(stage, on, note),
        }
    }

    /// Takes out the change at `at` (in date order, as [`Pathway::changes`] lists them), as
    /// when a stage was entered by mistake; the stage before it is current again if it was the
    /// latest. Returns the change taken out, or `None` when `at` is not a change or is the only
    /// one (a pathway is never empty: everyone starts somewhere).
    pub fn remove(&mut self, at: usize) -> Option<StageChange> {
        (self.changes.len() > 1 && at < self.changes.len()).then(|| self.changes.remove(at))
    }

    /// Whether a move to `stage` on `on` would be dated before the stage it follows (the
    /// latest change so far). The same change written again (a stage the pathway already had
    /// on that date) and a change on the same day as the latest are in order.
    ///
    /// Errors: [`OutOfOrder`], naming both stages and both dates.
    pub fn check_order(&self, stage: PathwayStage, on: NaiveDate) -> Result<(), OutOfOrder> {
        if self.changes.iter().any(|c| c.stage == stage && c.on == on) {
            return Ok(());
        }
        match self.changes.last() {
            Some(latest) if on < latest.on => Err(OutOfOrder {
                stage,
                on,
                follows: latest.stage,
                follows_on: latest.on,
            }),
            _ => Ok(()),
        }
    }

    pub fn shift_dates(&mut self, days: i64) {
        for change in &mut self.changes {
            change.on = crate::domain::shift_date(change.on, days);
        }
    }
}

/// A stage dated before the stage it would follow: the pathway would read out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "{stage} on {} is before {follows} on {}, the stage it follows",
    long_date(*on),
    long_date(*follows_on)
)]
pub struct OutOfOrder {
    pub stage: PathwayStage,
    pub on: NaiveDate,
    /// The latest stage so far, and its date.
    pub follows: PathwayStage,
    pub follows_on: NaiveDate,
}

/// "Tue 3 Mar 2026": the year is always named, since pathways span years.
fn long_date(day: NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

/// The manual items of Q's joining criteria; attendance is computed from sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReadinessItem {
    ProjectPresented,
    MentorSignOff,
    InfluenceBeyondTeam,
    WrittenReflection,
}

impl ReadinessItem {
    pub const ALL: [ReadinessItem; 4] = [
        ReadinessItem::ProjectPresented,
        ReadinessItem::MentorSignOff,
        ReadinessItem::InfluenceBeyondTeam,
        ReadinessItem::WrittenReflection,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReadinessItem::ProjectPresented => "Project presented",
            ReadinessItem::MentorSignOff => "Mentor sign-off",
            ReadinessItem::InfluenceBeyondTeam => "Influence beyond one team",
            ReadinessItem::WrittenReflection => "Written reflection",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessTick {
    pub item: ReadinessItem,
    pub on: NaiveDate,
    pub note: String,
}

/// A participant's Q readiness at a moment: the attendance share and the manual items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QReadiness {
    pub attended: u32,
    /// Past sessions the participant was invited to.
    pub expected: u32,
    pub threshold_percent: u8,
    pub ticked: Vec<ReadinessItem>,
}

impl QReadiness {
    pub fn evaluate(
        attended: u32,
        expected: u32,
        threshold_percent: u8,
        ticks: &[ReadinessTick],
    ) -> QReadiness {
        let mut ticked: Vec<ReadinessItem> = ticks.iter().map(|t| t.item).collect();
        ticked.sort();
        ticked.dedup();
        QReadiness {
            attended,
            expected,
            threshold_percent,
            ticked,
        }
    }

    /// Attendance in whole percent, or `None` before any session has happened.
    pub fn attendance_percent(&self) -> Option<u32> {
        (self.expected > 0).then(|| self.attended * 100 / self.expected)
    }

    pub fn attendance_met(&self) -> bool {
        // Compare attended/expected ≥ threshold/100 without rounding.
        self.expected > 0
            && u64::from(self.attended) * 100
                >= u64::from(self.expected) * u64::from(self.threshold_percent)
    }

    /// Items met out of five (attendance plus the four manual items).
    pub fn met(&self) -> usize {
        usize::from(self.attendance_met()) + self.ticked.len()
    }

    pub const ITEMS: usize = 5;

    pub fn is_ready(&self) -> bool {
        self.met() == Self::ITEMS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn current_stage_is_the_latest_dated_change() {
        let mut p = Pathway::starting(PathwayStage::Nominated, d(1, 5));
        p.move_to(PathwayStage::Enrolled, d(3, 1), String::new());
        p.move_to(PathwayStage::Applied, d(2, 1), String::new());
        assert_eq!(p.current(), PathwayStage::Enrolled);
        let stages: Vec<_> = p.changes().iter().map(|c| c.stage).collect();
        assert_eq!(
            stages,
            [
                PathwayStage::Nominated,
                PathwayStage::Applied,
                PathwayStage::Enrolled
            ]
        );
        assert_eq!(p.since(), Some(d(3, 1)));
    }

    #[test]
    fn the_same_change_written_again_only_sets_its_note() {
        let mut p = Pathway::starting(PathwayStage::Nominated, d(1, 5));
        p.record(PathwayStage::Nominated, d(1, 5), "form received".into());
        p.record(PathwayStage::Nominated, d(1, 5), String::new());
        p.record(PathwayStage::Deferred, d(1, 5), String::new());
        // Back to Nominated after a deferral the same day is a real change.
        p.record(PathwayStage::Nominated, d(1, 5), String::new());
        let changes: Vec<_> = p
            .changes()
            .iter()
            .map(|c| (c.stage, c.note.as_str()))
            .collect();
        assert_eq!(
            changes,
            [
                (PathwayStage::Nominated, "form received"),
                (PathwayStage::Deferred, ""),
                (PathwayStage::Nominated, ""),
            ]
        );
    }

    #[test]
    fn a_stage_entered_by_mistake_comes_out_and_the_one_before_is_current_again() {
        let mut p = Pathway::starting(PathwayStage::Applied, d(1, 5));
        p.move_to(PathwayStage::Enrolled, d(2, 1), String::new());
        p.move_to(PathwayStage::Withdrawn, d(3, 1), "wrong person".into());
        let taken = p.remove(2).map(|c| c.stage);
        assert_eq!(taken, Some(PathwayStage::Withdrawn));
        assert_eq!(p.current(), PathwayStage::Enrolled);
        assert_eq!(p.since(), Some(d(2, 1)));
        assert_eq!(p.remove(7), None);
        assert!(p.remove(0).is_some());
        // The first stage left cannot go: nobody is on no stage at all.
        assert_eq!(p.remove(0), None);
        assert_eq!(p.current(), PathwayStage::Enrolled);
    }

    #[test]
    fn a_stage_dated_before_the_one_it_follows_is_out_of_order() {
        let mut p = Pathway::starting(PathwayStage::Nominated, d(1, 5));
        p.move_to(PathwayStage::Applied, d(3, 5), String::new());
        let wrong = p.check_order(PathwayStage::Enrolled, d(3, 3));
        assert_eq!(
            wrong.map_err(|e| e.to_string()),
            Err(
                "Enrolled on Tue 3 Mar 2026 is before Applied on Thu 5 Mar 2026, the stage it \
                 follows"
                    .to_string()
            )
        );
        assert_eq!(
            p.check_order(PathwayStage::Enrolled, d(3, 5)),
            Ok(()),
            "same day"
        );
        assert_eq!(p.check_order(PathwayStage::Enrolled, d(3, 6)), Ok(()));
        assert_eq!(
            p.check_order(PathwayStage::Nominated, d(1, 5)),
            Ok(()),
            "a change the pathway already has, written again"
        );
    }

    #[test]
    fn an_empty_history_is_not_a_pathway() {
        assert_eq!(Pathway::from_changes(vec![]), None);
    }

    #[test]
    fn stages_parse_from_labels_and_keys() {
        assert_eq!("Applied to Q".parse(), Ok(PathwayStage::AppliedToQ));
        assert_eq!("applied_to_q".parse(), Ok(PathwayStage::AppliedToQ));
        assert_eq!("JOINED Q".parse(), Ok(PathwayStage::JoinedQ));
        assert!("Graduated".parse::<PathwayStage>().is_err());
        for stage in PathwayStage::ALL {
            assert_eq!(stage.label().parse(), Ok(stage));
            assert_eq!(stage.key().parse(), Ok(stage));
        }
    }

    #[test]
    fn attendance_threshold_is_inclusive_and_exact() {
        let r = QReadiness::evaluate(3, 4, 75, &[]);
        assert!(r.attendance_met());
        let r = QReadiness::evaluate(2, 3, 75, &[]);
        assert!(!r.attendance_met());
        let r = QReadiness::evaluate(0, 0, 75, &[]);
        assert!(!r.attendance_met());
        assert_eq!(r.attendance_percent(), None);
    }

    #[test]
    fn ready_needs_attendance_and_all_four_items() {
        let ticks: Vec<ReadinessTick> = ReadinessItem::ALL
            .into_iter()
            .map(|item| ReadinessTick {
                item,
                on: d(5, 1),
                note: String::new(),
            })
            .collect();
        assert!(QReadiness::evaluate(4, 4, 75, &ticks).is_ready());
        assert!(!QReadiness::evaluate(2, 4, 75, &ticks).is_ready());
        let r = QReadiness::evaluate(4, 4, 75, &ticks[..3]);
        assert_eq!(r.met(), 4);
        assert!(!r.is_ready());
    }

    #[test]
    fn duplicate_ticks_count_once() {
        let tick = ReadinessTick {
            item: ReadinessItem::MentorSignOff,
            on: d(5, 1),
            note: String::new(),
        };
        let r = QReadiness::evaluate(0, 0, 75, &[tick.clone(), tick]);
        assert_eq!(r.met(), 1);
    }
}
