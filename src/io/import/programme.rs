//! `programme.toml`: the programme itself, its cohorts and the grant's budget.

use super::draft::Draft;
use super::error::{ImportErrors, Problems};
use super::fields;
use super::programme_budget::{self as budget_part, Amounts, BudgetSection};
use crate::domain::budget::categories::Category;
use crate::domain::budget::{Allocation, Budget, CohortBudget};
use crate::domain::change::Record;
use crate::domain::identifiers::Numbering;
use crate::domain::money::Pence;
use crate::domain::programme::{Cohort, Programme};
use crate::domain::text::clean_line;
use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammeToml {
    anchor: Option<Spanned<Datetime>>,
    programme: ProgrammeSection,
    #[serde(default)]
    cohorts: Vec<CohortSection>,
    budget: Option<BudgetSection>,
    numbering: Option<NumberingSection>,
}

/// The highest session and expense numbers the programme gave in the database it came from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberingSection {
    #[serde(default)]
    sessions: u64,
    #[serde(default)]
    expenses: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammeSection {
    name: Spanned<String>,
    #[serde(default)]
    funder: String,
    currency: Option<Spanned<String>>,
    time_zone: Option<Spanned<String>>,
    attendance_threshold_percent: Option<Spanned<u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CohortSection {
    number: Spanned<u32>,
    name: Option<String>,
    starts: Spanned<Datetime>,
    ends: Spanned<Datetime>,
    #[serde(default)]
    target_size: u32,
    /// The cohort's share of the programme's allocations.
    #[serde(default)]
    allocations: Amounts,
}

/// A parsed programme file, before ids are given to its cohorts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeFile {
    /// The date the demo files' dates are written around; other programmes leave it out.
    pub anchor: Option<NaiveDate>,
    pub programme: Programme,
    /// Cohorts without ids: (number, name, starts, ends, target size).
    pub cohorts: Vec<CohortPlan>,
    pub budget: Option<Budget>,
    /// Categories the file renames, adds or retires; those it adds are numbered as if the
    /// programme had only the starting six.
    pub categories: Vec<Category>,
    /// Session and expense numbers given before, not to be given again (`[numbering]`).
    pub numbering: Option<Numbering>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortPlan {
    pub number: u32,
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub target_size: u32,
    pub allocations: Vec<Allocation>,
}

fn line_of(text: &str, offset: usize) -> u64 {
    super::lines::line_at(text, offset)
}

fn to_date(value: &Datetime) -> Result<NaiveDate, String> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| {
                    format!("\"{value}\" is not a date that exists (write dates as YYYY-MM-DD)")
                })
        }
        _ => Err(format!(
            "\"{value}\" is not a plain date (write dates as YYYY-MM-DD)"
        )),
    }
}

/// Reads `programme.toml`, reporting every problem with its line.
pub fn parse_programme(text: &str, file: &str) -> Result<ProgrammeFile, ImportErrors> {
    let mut problems = Problems::new(file);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed: ProgrammeToml = match toml::from_str(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            problems.add(line, "toml", e.message().trim().to_string());
            return Err(problems.into_errors());
        }
    };
    let date = |problems: &mut Problems, key: &str, value: &Spanned<Datetime>| {
        problems.check(
            line_of(text, value.span().start),
            key,
            to_date(value.get_ref()),
        )
    };
    let anchor = parsed
        .anchor
        .as_ref()
        .and_then(|a| date(&mut problems, "anchor", a));

    let section = &parsed.programme;
    let name = clean_line(section.name.get_ref());
    if name.is_empty() {
        problems.add(
            line_of(text, section.name.span().start),
            "programme.name",
            "is empty; the programme needs a name",
        );
    }
    let currency = section
        .currency
        .as_ref()
        .map_or("GBP".to_string(), |c| clean_line(c.get_ref()));
    if currency != "GBP" {
        let line = section
            .currency
            .as_ref()
            .map_or(1, |c| line_of(text, c.span().start));
        problems.add(
            line,
            "programme.currency",
            format!("\"{currency}\" is not supported; amounts are in GBP"),
        );
    }
    let time_zone = section
        .time_zone
        .as_ref()
        .map_or("Europe/London".to_string(), |z| clean_line(z.get_ref()));
    if time_zone.parse::<chrono_tz::Tz>().is_err() {
        let line = section
            .time_zone
            .as_ref()
            .map_or(1, |z| line_of(text, z.span().start));
        problems.add(
            line,
            "programme.time_zone",
            format!("\"{time_zone}\" is not a time zone (write it like Europe/London)"),
        );
    }
    let threshold = match &section.attendance_threshold_percent {
        None => Programme::DEFAULT_ATTENDANCE_THRESHOLD,
        Some(t) if *t.get_ref() <= 100 => *t.get_ref(),
        Some(t) => {
            problems.add(
                line_of(text, t.span().start),
                "programme.attendance_threshold_percent",
                format!("{} is more than 100 percent", t.get_ref()),
            );
            Programme::DEFAULT_ATTENDANCE_THRESHOLD
        }
    };
    let programme = Programme {
        name,
        funder: clean_line(&section.funder),
        currency,
        time_zone,
        attendance_threshold_percent: threshold,
    };

    let at = |offset: usize| line_of(text, offset);
    let (categories, category_records) =
        budget_part::read_categories(parsed.budget.as_ref(), &at, &mut problems);

    let mut cohorts: Vec<CohortPlan> = Vec::new();
    let mut shares: Vec<(u64, Vec<Allocation>)> = Vec::new();
    for c in &parsed.cohorts {
        let number = *c.number.get_ref();
        let line = line_of(text, c.number.span().start);
        if cohorts.iter().any(|other| other.number == number) {
            problems.add(
                line,
                "cohorts.number",
                format!("cohort {number} is given twice"),
            );
        }
        let allocations = budget_part::read_allocations(
            &c.allocations,
            "cohorts.allocations",
            &categories,
            &at,
            &mut problems,
        );
        if let Some((first, _)) = c.allocations.iter().next() {
            shares.push((line_of(text, first.span().start), allocations.clone()));
        }
        let starts = date(&mut problems, "cohorts.starts", &c.starts);
        let ends = date(&mut problems, "cohorts.ends", &c.ends);
        let (Some(starts), Some(ends)) = (starts, ends) else {
            continue;
        };
        if ends < starts {
            problems.add(
                line_of(text, c.ends.span().start),
                "cohorts.ends",
                format!("{ends} is before the cohort starts ({starts})"),
            );
            continue;
        }
        let name = c
            .name
            .as_deref()
            .map(clean_line)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("Cohort {number}"));
        cohorts.push(CohortPlan {
            number,
            name,
            starts,
            ends,
            target_size: c.target_size,
            allocations,
        });
    }

    let budget = parsed.budget.as_ref().and_then(|b| {
        let allocations = budget_part::read_allocations(
            &b.allocations,
            "budget.allocations",
            &categories,
            &at,
            &mut problems,
        );
        budget_part::check_shares(
            &allocations,
            shares.iter().map(|(line, a)| (*line, a.as_slice())),
            &categories,
            &mut problems,
        );
        let Some(total) = b.total.as_ref() else {
            if let Some((key, _)) = b.allocations.iter().next() {
                problems.add(
                    line_of(text, key.span().start),
                    "budget.total",
                    "allocations need the total grant they come out of: add total = \"£…\" to [budget]",
                );
            }
            return None;
        };
        let line = line_of(text, total.span().start);
        let total = problems.check(line, "budget.total", fields::money(total.get_ref()))?;
        let allocated: Pence = allocations.iter().map(|a| a.amount).sum();
        if allocated > total {
            problems.add(
                line,
                "budget.total",
                format!(
                    "the allocations add up to {allocated}, more than the total grant of {total}"
                ),
            );
        }
        Some(Budget { total, allocations })
    });
    if parsed.budget.is_none() && !shares.is_empty() {
        budget_part::check_shares(
            &[],
            shares.iter().map(|(line, a)| (*line, a.as_slice())),
            &categories,
            &mut problems,
        );
    }

    problems.finish()?;
    Ok(ProgrammeFile {
        anchor,
        programme,
        cohorts,
        budget,
        categories: category_records,
        numbering: parsed.numbering.map(|n| Numbering {
            sessions: n.sessions,
            expenses: n.expenses,
        }),
    })
}

/// Puts the programme, budget and cohorts; a cohort with a number already stored is updated.
pub(crate) fn apply(draft: &mut Draft, file: ProgrammeFile) {
    draft.put(Record::Programme(file.programme));
    if let Some(numbering) = file.numbering {
        draft.keep_numbering(numbering);
    }
    let ids = budget_part::apply_categories(draft, file.categories);
    if let Some(budget) = file.budget {
        draft.put(Record::Budget(Budget {
            allocations: budget_part::renumber(budget.allocations, &ids),
            ..budget
        }));
    }
    for plan in file.cohorts {
        let id = draft
            .cohort_by_number(plan.number)
            .unwrap_or_else(|| draft.new_cohort_id());
        draft.put(Record::Cohort(Cohort {
            id,
            number: plan.number,
            name: plan.name,
            starts: plan.starts,
            ends: plan.ends,
            target_size: plan.target_size,
        }));
        if !plan.allocations.is_empty() {
            draft.put(Record::CohortBudget(CohortBudget {
                cohort: id,
                allocations: budget_part::renumber(plan.allocations, &ids),
            }));
        }
    }
}
