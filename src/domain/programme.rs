//! The programme a database holds and its cohorts.

use super::budget::Budget;
use super::change::{Change, Record, RecordKey};
use super::ids::CohortId;
use super::money::Pence;
use super::snapshot::Snapshot;
use super::text::clean_line;
use chrono::{Datelike, NaiveDate};
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
    #[error(
        "the cohort ends on {ends}, before it starts on {starts}: give an end date after the start"
    )]
    EndsBeforeStart { starts: NaiveDate, ends: NaiveDate },
    #[error("the attendance threshold is {0}%: give a percentage from 0 to 100")]
    Threshold(u32),
    #[error(
        "this database already holds the programme \"{0}\"; change its settings with :settings in the dashboard, or give another database with --db PATH"
    )]
    AlreadySetUp(String),
}

/// What a new programme is set up with, from `improvers init` or the dashboard's set-up form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub name: String,
    pub funder: String,
    /// The whole grant, in pence.
    pub grant: Pence,
    pub cohort_name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    /// How many participants the first cohort aims for.
    pub target_size: u32,
}

/// The one change that sets up a programme in `data`: the programme, the grant (allocations
/// already imported are kept) and the first cohort, undone together. Refused when `data` already
/// holds a programme, naming it, and when a field is wrong ([`SetupProblem`]).
pub fn set_up(data: &Snapshot, setup: &Setup) -> Result<Change, SetupProblem> {
    if let Some(existing) = &data.programme {
        return Err(SetupProblem::AlreadySetUp(existing.name.clone()));
    }
    let programme = Programme::new(&clean_line(&setup.name), &clean_line(&setup.funder));
    let cohort = Cohort {
        id: CohortId(data.next_id(|id| RecordKey::Cohort(CohortId(id)))),
        number: next_cohort_number(data),
        name: clean_line(&setup.cohort_name),
        starts: setup.starts,
        ends: setup.ends,
        target_size: setup.target_size,
    };
    check_setup(&programme, &cohort)?;
    let budget = Budget {
        total: setup.grant,
        allocations: data
            .budget
            .as_ref()
            .map(|b| b.allocations.clone())
            .unwrap_or_default(),
    };
    let summary = format!("set up programme {}", programme.name);
    Ok(Change::Batch {
        summary,
        changes: vec![
            // Based on nothing: if someone else sets a programme up first, this one is refused
            // rather than written over theirs.
            Change::Edit {
                record: Record::Programme(programme),
                based_on: None,
            },
            Change::Edit {
                based_on: data.revisions.get(&RecordKey::Budget).map(|r| r.seq),
                record: Record::Budget(budget),
            },
            Change::Edit {
                record: Record::Cohort(cohort),
                based_on: None,
            },
        ],
    })
}

/// The number a new cohort gets: one more than the highest so far, so 1 for the first.
pub fn next_cohort_number(data: &Snapshot) -> u32 {
    data.cohorts.values().map(|c| c.number).max().unwrap_or(0) + 1
}

/// "Cohort 1 — 2027": the name offered to cohort `number` starting on `starts`, by
/// `improvers init` and the dashboard's set-up alike.
pub fn offered_cohort_name(number: u32, starts: NaiveDate) -> String {
    format!("Cohort {number} — {}", starts.year())
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
        assert!(
            err.contains("2025-12-01") && err.contains("2026-01-10"),
            "{err}"
        );
        assert_eq!(
            check_setup(&Programme::new(" ", "Q"), &cohort()),
            Err(SetupProblem::NoName)
        );
        assert_eq!(
            check_setup(&Programme::new("Fenland", "Q"), &cohort()),
            Ok(())
        );
    }

    fn setup() -> Setup {
        Setup {
            name: "Aspiring Improvers — Fenland".into(),
            funder: "Fenland Health Partnership".into(),
            grant: Pence(4_000_000),
            cohort_name: "Cohort 1 — 2027".into(),
            starts: NaiveDate::from_ymd_opt(2027, 1, 11).unwrap(),
            ends: NaiveDate::from_ymd_opt(2027, 12, 10).unwrap(),
            target_size: 14,
        }
    }

    #[test]
    fn setting_up_puts_the_programme_grant_and_first_cohort_in_one_change() {
        let mut data = Snapshot::default();
        let change = set_up(&data, &setup()).unwrap();
        data.apply(&change);
        let programme = data.programme.clone().unwrap();
        assert_eq!(programme.name, "Aspiring Improvers — Fenland");
        assert_eq!(programme.time_zone, "Europe/London");
        assert_eq!(
            data.budget.as_ref().map(|b| b.total),
            Some(Pence(4_000_000))
        );
        let cohort = data.cohorts.values().next().unwrap();
        assert_eq!((cohort.number, cohort.target_size), (1, 14));
        let again = set_up(&data, &setup()).unwrap_err().to_string();
        assert!(
            again.contains("already holds the programme \"Aspiring Improvers — Fenland\""),
            "{again}"
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

    #[test]
    fn the_offered_cohort_name_is_its_number_and_the_year_it_starts() {
        let starts = NaiveDate::from_ymd_opt(2027, 1, 11).unwrap();
        assert_eq!(offered_cohort_name(1, starts), "Cohort 1 — 2027");
        let mut data = Snapshot::default();
        assert_eq!(next_cohort_number(&data), 1);
        data.apply(&set_up(&data, &setup()).unwrap());
        assert_eq!(next_cohort_number(&data), 2);
    }
}
