//! The programme a database holds and its cohorts.

use super::ids::CohortId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub name: String,
    pub funder: String,
    /// Always "GBP" today; kept so exports can say what the amounts are in.
    pub currency: String,
    /// An IANA zone name; session times are wall-clock times in this zone.
    pub time_zone: String,
    /// Share of sessions a participant must attend to count as ready for Q, in percent.
    pub attendance_threshold_percent: u8,
}

impl Programme {
    pub const DEFAULT_ATTENDANCE_THRESHOLD: u8 = 75;

    /// A new programme as `improvers init` and the dashboard's set-up make it: pounds sterling
    /// on London's clock, with Q's default attendance threshold.
    pub fn new(name: &str, funder: &str) -> Programme {
        Programme {
            name: name.to_string(),
            funder: funder.to_string(),
            currency: "GBP".to_string(),
            time_zone: "Europe/London".to_string(),
            attendance_threshold_percent: Programme::DEFAULT_ATTENDANCE_THRESHOLD,
        }
    }
}

/// The team's settings that are not part of the programme record itself. Kept as a record of
/// its own (appended after the others) so that a database written before it existed reads
/// unchanged: no stored struct gained a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSettings {
    /// A confirmed mentoring pair with no meeting logged for this many weeks counts as
    /// dormant. Overrides each person's `dormant_after_weeks` in config.toml.
    pub dormant_pair_weeks: u32,
}

/// What can be wrong with a programme or first cohort being set up: each names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupProblem {
    #[error("the programme's name is empty: give one")]
    NoName,
    #[error("the cohort's name is empty: give one")]
    NoCohortName,
    #[error("the cohort ends on {ends}, before it starts on {starts}: give an end date after the start")]
    EndsBeforeStart { starts: NaiveDate, ends: NaiveDate },
    #[error("the attendance threshold is {0}%: give a percentage from 0 to 100")]
    Threshold(u32),
}

/// Checks what a new programme is set up with: names given, a cohort that ends no earlier than
/// it starts.
pub fn check_setup(programme: &Programme, cohort: &Cohort) -> Result<(), SetupProblem> {
    if programme.name.trim().is_empty() {
        return Err(SetupProblem::NoName);
    }
    if cohort.name.trim().is_empty() {
        return Err(SetupProblem::NoCohortName);
    }
    if cohort.ends < cohort.starts {
        return Err(SetupProblem::EndsBeforeStart {
            starts: cohort.starts,
            ends: cohort.ends,
        });
    }
    if programme.attendance_threshold_percent > 100 {
        return Err(SetupProblem::Threshold(u32::from(
            programme.attendance_threshold_percent,
        )));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    pub id: CohortId,
    /// The number people use for it: "Cohort 3".
    pub number: u32,
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub target_size: u32,
}

/// Where a cohort is in its year, derived from its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CohortPhase {
    Recruiting,
    Running,
    Finished,
}

impl CohortPhase {
    pub fn label(self) -> &'static str {
        match self {
            CohortPhase::Recruiting => "recruiting",
            CohortPhase::Running => "running",
            CohortPhase::Finished => "finished",
        }
    }
}

impl Cohort {
    pub fn phase(&self, today: NaiveDate) -> CohortPhase {
        if today < self.starts {
            CohortPhase::Recruiting
        } else if today > self.ends {
            CohortPhase::Finished
        } else {
            CohortPhase::Running
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cohort() -> Cohort {
        Cohort {
            id: CohortId(1),
            number: 1,
            name: "Cohort 1".into(),
            starts: NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
            ends: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            target_size: 12,
        }
    }

    #[test]
    fn a_cohort_ending_before_it_starts_is_refused_naming_both_dates() {
        let mut c = cohort();
        c.ends = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let err = check_setup(&Programme::new("Aspiring Improvers — Fenland", "Q"), &c)
            .unwrap_err()
            .to_string();
        assert!(err.contains("2025-12-01") && err.contains("2026-01-10"), "{err}");
        assert_eq!(
            check_setup(&Programme::new(" ", "Q"), &cohort()),
            Err(SetupProblem::NoName)
        );
        assert_eq!(
            check_setup(&Programme::new("Fenland", "Q"), &cohort()),
            Ok(())
        );
    }

    #[test]
    fn phase_follows_the_dates() {
        let c = cohort();
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(c.phase(d(1, 9)), CohortPhase::Recruiting);
        assert_eq!(c.phase(d(1, 10)), CohortPhase::Running);
        assert_eq!(c.phase(d(12, 10)), CohortPhase::Running);
        assert_eq!(c.phase(d(12, 11)), CohortPhase::Finished);
    }
}
