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
    fn phase_follows_the_dates() {
        let c = cohort();
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(c.phase(d(1, 9)), CohortPhase::Recruiting);
        assert_eq!(c.phase(d(1, 10)), CohortPhase::Running);
        assert_eq!(c.phase(d(12, 10)), CohortPhase::Running);
        assert_eq!(c.phase(d(12, 11)), CohortPhase::Finished);
    }
}
