//! Retention review: participants of cohorts that ended longer ago than the programme keeps
//! people's details, listed so a coordinator can decide whether to erase them. UK GDPR
//! Article 5(1)(e) asks that personal data be kept no longer than needed; how long that is,
//! is the programme's own decision (`[retention] years` in config.toml), so none is assumed.

use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::snapshot::Snapshot;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The cohorts whose people are due for review under a retention period of `years`, and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionReview {
    /// The configured period, in whole years after a cohort's end date.
    pub years: u32,
    /// Oldest cohort first; only cohorts with someone to review.
    pub cohorts: Vec<CohortDue>,
}

/// One cohort past its retention period, with the participants it still holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortDue {
    pub id: CohortId,
    pub number: u32,
    pub name: String,
    pub ended: NaiveDate,
    /// The last day the period covers: `ended` plus `years` calendar years (29 February
    /// becomes 28 February in a year without one).
    pub kept_until: NaiveDate,
    /// By name.
    pub people: Vec<PersonDue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonDue {
    pub id: ParticipantId,
    pub name: String,
    pub email: String,
}

impl RetentionReview {
    /// How many people are due for review in all.
    pub fn people(&self) -> usize {
        self.cohorts.iter().map(|c| c.people.len()).sum()
    }
}

/// The participants of every cohort (or only `cohort`) that ended more than `years` years
/// before `today`: on `today` strictly after `kept_until`. A cohort ended exactly `years`
/// years ago is still within the period.
pub fn due_for_review(
    snapshot: &Snapshot,
    today: NaiveDate,
    years: u32,
    cohort: Option<CohortId>,
) -> RetentionReview {
    let mut cohorts: Vec<CohortDue> = snapshot
        .cohorts
        .values()
        .filter(|c| cohort.is_none_or(|id| id == c.id))
        .filter_map(|c| {
            let kept_until = c
                .ends
                .checked_add_months(Months::new(years.saturating_mul(12)))
                .unwrap_or(NaiveDate::MAX);
            if today <= kept_until {
                return None;
            }
            let mut people: Vec<PersonDue> = snapshot
                .participants
                .values()
                .filter(|p| p.cohort == Some(c.id))
                .map(|p| PersonDue {
                    id: p.id,
                    name: p.name.clone(),
                    email: p.email.clone(),
                })
                .collect();
            if people.is_empty() {
                return None;
            }
            people.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
            Some(CohortDue {
                id: c.id,
                number: c.number,
                name: c.name.clone(),
                ended: c.ends,
                kept_until,
                people,
            })
        })
        .collect();
    cohorts.sort_by_key(|c| (c.ended, c.number));
    RetentionReview { years, cohorts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::Fixture;
    use crate::domain::people::pathway::PathwayStage;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn programme() -> Snapshot {
        let mut f = Fixture::new();
        f.participant(1, "Wren Ashdown", Some(1), PathwayStage::Completed);
        f.participant(2, "Idris Penhallow", Some(1), PathwayStage::Withdrawn);
        f.participant(3, "Tamsin Greaves", Some(2), PathwayStage::Completed);
        let mut data = f.data;
        for (id, ends) in [(1, "2019-07-31"), (2, "2020-07-31")] {
            if let Some(c) = data.cohorts.get_mut(&CohortId(id)) {
                c.ends = d(ends);
            }
        }
        data
    }

    #[test]
    fn people_of_cohorts_ended_more_than_the_period_ago_are_listed_by_cohort() {
        let data = programme();
        // Cohort 2 ended six years ago today: still within the period.
        let review = due_for_review(&data, d("2026-07-31"), 6, None);
        assert_eq!(review.years, 6);
        assert_eq!(review.cohorts.len(), 1, "{review:?}");
        let due = &review.cohorts[0];
        assert_eq!(due.ended, d("2019-07-31"));
        assert_eq!(due.kept_until, d("2025-07-31"));
        let names: Vec<&str> = due.people.iter().map(|p| p.name.as_str()).collect();
        // Everyone of the cohort, withdrawn or not, by name.
        assert_eq!(names, ["Idris Penhallow", "Wren Ashdown"]);
        assert_eq!(review.people(), 2);
    }

    #[test]
    fn the_last_day_of_the_period_is_still_within_it() {
        let data = programme();
        assert_eq!(due_for_review(&data, d("2026-07-31"), 7, None).people(), 0);
        assert_eq!(due_for_review(&data, d("2026-08-01"), 7, None).people(), 2);
        // Only the cohort asked for.
        let only = due_for_review(&data, d("2030-01-01"), 6, Some(CohortId(2)));
        assert_eq!(only.people(), 1);
        assert_eq!(only.cohorts[0].people[0].name, "Tamsin Greaves");
    }
}
