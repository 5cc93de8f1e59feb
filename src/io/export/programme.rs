//! `programme.toml`: the programme, its cohorts and the budget, in the form
//! [`parse_programme`](crate::io::import::parse_programme) reads.

use super::table::money;
use crate::domain::budget::Allocation;
use crate::domain::snapshot::Snapshot;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use toml::value::{Date, Datetime};

#[derive(Serialize)]
struct ProgrammeToml<'a> {
    programme: ProgrammeSection<'a>,
    cohorts: Vec<CohortSection<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<BudgetSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numbering: Option<NumberingSection>,
}

/// The highest session and expense numbers given, deleted ones included, so that the database
/// this file is imported into gives none of them again (their UIDs and ledger codes are in the
/// sessions and expenses files).
#[derive(Serialize)]
struct NumberingSection {
    sessions: u64,
    expenses: u64,
}

#[derive(Serialize)]
struct ProgrammeSection<'a> {
    name: &'a str,
    funder: &'a str,
    currency: &'a str,
    time_zone: &'a str,
    attendance_threshold_percent: u8,
}

#[derive(Serialize)]
struct CohortSection<'a> {
    number: u32,
    name: &'a str,
    starts: Datetime,
    ends: Datetime,
    target_size: u32,
    /// The cohort's share of the allocations, by category key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    allocations: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct BudgetSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    retired: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    allocations: BTreeMap<String, String>,
    /// Names by key, of the categories the programme renamed or added.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    categories: BTreeMap<String, String>,
}

/// Allocations by category key. One of £0 (which a programme imported before every amount
/// had to be more than £0 may hold) is the same as none and is left out, so the file imports.
fn amounts(data: &Snapshot, allocations: &[Allocation]) -> BTreeMap<String, String> {
    allocations
        .iter()
        .filter(|a| a.amount.0 > 0)
        .map(|a| (data.categories.key(a.category), money(a.amount)))
        .collect()
}

/// The grant and allocations, and the categories as this programme keeps them; `None` when
/// there is neither a grant nor a changed category.
fn budget_section(data: &Snapshot) -> Option<BudgetSection> {
    let changed = data.categories.stored_all();
    if data.budget.is_none() && changed.is_empty() {
        return None;
    }
    Some(BudgetSection {
        total: data.budget.as_ref().map(|b| money(b.total)),
        retired: changed
            .iter()
            .filter(|c| c.retired)
            .map(|c| c.key.clone())
            .collect(),
        allocations: data
            .budget
            .as_ref()
            .map(|b| amounts(data, &b.allocations))
            .unwrap_or_default(),
        categories: changed
            .iter()
            .map(|c| (c.key.clone(), c.name.clone()))
            .collect(),
    })
}

/// A TOML date, not a string: the importer wants `starts = 2026-01-12`.
fn toml_date(on: NaiveDate) -> Datetime {
    Datetime {
        // Dates the importer accepts have four-digit years and fit.
        date: Some(Date {
            year: u16::try_from(on.year()).unwrap_or(0),
            month: on.month() as u8,
            day: on.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeExportError {
    #[error("this database has no programme yet, so there is no programme.toml to write")]
    NoProgramme,
    #[error("the programme cannot be written as TOML: {0}")]
    Toml(#[from] toml::ser::Error),
}

/// Written only when numbers were given that the records in the files do not show: the
/// last session or expense deleted, or numbers this programme inherited from a database
/// before. Otherwise the importing database works the same numbers out from the records.
fn numbering_section(data: &Snapshot) -> Option<NumberingSection> {
    use crate::domain::change::RecordKey;
    use crate::domain::ids::{ExpenseId, SessionId};
    let sessions = data.next_id(|id| RecordKey::Session(SessionId(id))) - 1;
    let expenses = data.next_id(|id| RecordKey::Expense(ExpenseId(id))) - 1;
    let shown = |map_last: Option<u64>| map_last.unwrap_or(0);
    let beyond = sessions > shown(data.sessions.keys().next_back().map(|k| k.0))
        || expenses > shown(data.expenses.keys().next_back().map(|k| k.0));
    beyond.then_some(NumberingSection { sessions, expenses })
}

/// The whole file, cohorts in number order.
pub fn programme_toml(data: &Snapshot) -> Result<String, ProgrammeExportError> {
    let programme = data
        .programme
        .as_ref()
        .ok_or(ProgrammeExportError::NoProgramme)?;
    let mut cohorts: Vec<_> = data.cohorts.values().collect();
    cohorts.sort_by_key(|c| (c.number, c.id));
    let file = ProgrammeToml {
        programme: ProgrammeSection {
            name: &programme.name,
            funder: &programme.funder,
            currency: &programme.currency,
            time_zone: &programme.time_zone,
            attendance_threshold_percent: programme.attendance_threshold_percent,
        },
        cohorts: cohorts
            .into_iter()
            .map(|c| CohortSection {
                number: c.number,
                name: &c.name,
                starts: toml_date(c.starts),
                ends: toml_date(c.ends),
                target_size: c.target_size,
                allocations: data
                    .cohort_budgets
                    .get(&c.id)
                    .map(|b| amounts(data, &b.allocations))
                    .unwrap_or_default(),
            })
            .collect(),
        budget: budget_section(data),
        numbering: numbering_section(data),
    };
    let body = toml::to_string(&file)?;
    Ok(format!(
        "# The programme, its cohorts and its budget, as exported by improvers.\n\
         # Amounts are in pounds; dates are YYYY-MM-DD.\n\n{body}"
    ))
}
