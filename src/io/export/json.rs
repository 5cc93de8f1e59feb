//! The whole programme as one JSON document: one array per kind of record, with the ids that
//! records use to refer to each other.

use crate::domain::budget::{Budget, CohortBudget, Expense};
use crate::domain::mentoring::{MentoringMatch, PairRule};
use crate::domain::outcomes::SurveyAnswers;
use crate::domain::people::alumni::QLink;
use crate::domain::people::{Organisation, Participant, Profession, QMember};
use crate::domain::programme::{Cohort, Programme};
use crate::domain::sessions::series::Series;
use crate::domain::sessions::{Session, Venue};
use crate::domain::snapshot::Snapshot;
use serde::Serialize;

/// Bumped when a key changes meaning or goes away; new keys may be added without it.
pub const JSON_FORMAT: u32 = 1;

#[derive(Serialize)]
pub struct ProgrammeJson<'a> {
    format: u32,
    programme: Option<&'a Programme>,
    budget: Option<&'a Budget>,
    cohorts: Vec<&'a Cohort>,
    organisations: Vec<&'a Organisation>,
    professions: Vec<&'a Profession>,
    venues: Vec<&'a Venue>,
    q_members: Vec<&'a QMember>,
    participants: Vec<&'a Participant>,
    matches: Vec<&'a MentoringMatch>,
    pair_rules: Vec<&'a PairRule>,
    sessions: Vec<&'a Session>,
    expenses: Vec<&'a Expense>,
    series: Vec<&'a Series>,
    cohort_budgets: Vec<&'a CohortBudget>,
    /// Alumni: each participant who joined Q, linked to their Q member record.
    q_links: Vec<&'a QLink>,
    /// Outcomes survey answers, one entry per participant who answered.
    surveys: Vec<&'a SurveyAnswers>,
}

/// The top-level keys, in the order they are written.
pub const JSON_KEYS: [&str; 17] = [
    "format",
    "programme",
    "budget",
    "cohorts",
    "organisations",
    "professions",
    "venues",
    "q_members",
    "participants",
    "matches",
    "pair_rules",
    "sessions",
    "expenses",
    "series",
    "cohort_budgets",
    "q_links",
    "surveys",
];

pub fn programme_json(data: &Snapshot) -> ProgrammeJson<'_> {
    ProgrammeJson {
        format: JSON_FORMAT,
        programme: data.programme.as_ref(),
        budget: data.budget.as_ref(),
        cohorts: data.cohorts.values().collect(),
        organisations: data.organisations.values().collect(),
        professions: data.professions.values().collect(),
        venues: data.venues.values().collect(),
        q_members: data.q_members.values().collect(),
        participants: data.participants.values().collect(),
        matches: data.matches.values().collect(),
        pair_rules: data.pair_rules.values().collect(),
        sessions: data.sessions.values().collect(),
        expenses: data.expenses.values().collect(),
        series: data.series.values().collect(),
        cohort_budgets: data.cohort_budgets.values().collect(),
        q_links: data.q_links.values().collect(),
        surveys: data.surveys.values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_the_documented_ones_in_order() {
        let value = serde_json::to_value(programme_json(&Snapshot::default())).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = JSON_KEYS.to_vec();
        expected.sort_unstable();
        let mut found = keys.clone();
        found.sort_unstable();
        assert_eq!(found, expected);
    }
}
