//! Narrowing the roster by stage, organisation and profession, chosen from the registers'
//! own lists (typing narrows the list, as in every pick field).

use super::{OpenForm, Purpose, value};
use crate::domain::budget::ExpenseState;
use crate::domain::budget::expense_list::ExpenseFilter;
use crate::domain::people::pathway::PathwayStage;
use crate::domain::people::roster::RosterFilter;
use crate::domain::snapshot::Snapshot;
use crate::tui::form::{Field, Form};

const ANY_STAGE: &str = "any stage";

pub fn filter_form(data: &Snapshot, current: &RosterFilter) -> OpenForm {
    let mut stages = vec![ANY_STAGE.to_string()];
    stages.extend(PathwayStage::ALL.iter().map(|s| s.label().to_string()));
    let chosen = current
        .stage
        .and_then(|s| PathwayStage::ALL.iter().position(|x| *x == s))
        .map_or(0, |i| i + 1);
    OpenForm {
        form: Form::new(
            "Show only (leave blank for everyone)",
            vec![
                Field::choice("Stage", stages, chosen),
                Field::optional_pick(
                    "Org",
                    data.organisations
                        .values()
                        .map(|o| o.name.clone())
                        .collect(),
                    current.organisation.as_deref().unwrap_or(""),
                ),
                Field::optional_pick(
                    "Job",
                    data.professions.values().map(|p| p.name.clone()).collect(),
                    current.profession.as_deref().unwrap_or(""),
                ),
            ],
        )
        .submitting("show"),
        purpose: Purpose::FilterRoster,
    }
}

const ANY_STATE: &str = "any state";

/// Narrowing the expenses by category, state, month and cohort.
pub fn expense_filter_form(data: &Snapshot, current: &ExpenseFilter) -> OpenForm {
    let current_categories = data.categories.current();
    let categories: Vec<String> = current_categories.iter().map(|c| c.name.clone()).collect();
    let mut states = vec![ANY_STATE.to_string()];
    states.extend(ExpenseState::ALL.iter().map(|s| s.label().to_string()));
    let months: Vec<String> = data
        .expenses
        .values()
        .map(|e| e.date.format("%b %Y").to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut cohorts: Vec<_> = data.cohorts.values().collect();
    cohorts.sort_by_key(|c| c.number);
    OpenForm {
        form: Form::new(
            "Show only (leave blank for every expense)",
            vec![
                // Left blank, every category.
                Field::optional_pick(
                    "Category",
                    categories,
                    current
                        .category
                        .and_then(|c| current_categories.iter().find(|x| x.id == c))
                        .map_or("", |c| c.name.as_str()),
                ),
                Field::choice(
                    "State",
                    states,
                    current
                        .state
                        .and_then(|s| ExpenseState::ALL.iter().position(|x| *x == s))
                        .map_or(0, |i| i + 1),
                ),
                Field::optional_pick(
                    "Month",
                    months,
                    &current
                        .month
                        .map_or(String::new(), |m| m.format("%b %Y").to_string()),
                ),
                Field::optional_pick(
                    "Cohort",
                    cohorts.iter().map(|c| c.name.clone()).collect(),
                    current.cohort.map_or("", |c| data.cohort_name(c)),
                ),
            ],
        )
        .submitting("show"),
        purpose: Purpose::FilterExpenses,
    }
}

/// The expense filter a filled-in form describes.
pub fn expense_filter(open: &OpenForm, data: &Snapshot) -> ExpenseFilter {
    let picked = |label: &str| open.form.field(label).and_then(|f| f.picked());
    ExpenseFilter {
        category: picked("Category").and_then(|c| data.categories.find(c).ok()),
        state: value(open, "State").parse().ok(),
        month: picked("Month")
            .and_then(|m| chrono::NaiveDate::parse_from_str(&format!("1 {m}"), "%d %b %Y").ok()),
        cohort: picked("Cohort")
            .and_then(|name| data.cohorts.values().find(|c| c.name == name))
            .map(|c| c.id),
    }
}

/// The filter a filled-in filter form describes.
pub fn roster_filter(open: &OpenForm) -> RosterFilter {
    let picked = |label: &str| {
        open.form
            .field(label)
            .and_then(|f| f.picked())
            .map(str::to_string)
    };
    RosterFilter {
        stage: value(open, "Stage").parse().ok(),
        organisation: picked("Org"),
        profession: picked("Job"),
    }
}
