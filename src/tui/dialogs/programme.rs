//! The programme's own forms: setting a programme up on an empty database (the programme, its
//! grant and first cohort at once), and its settings later (name, funder, grant, attendance
//! threshold, dormant-pair weeks), saved as one change each, so `u` undoes either whole.

use super::{OpenForm, Purpose, based_on, value};
use crate::domain::budget::Budget;
use crate::domain::change::{Change, Record, RecordKey};
use crate::domain::money::Pence;
use crate::domain::programme::{
    Programme, ProgrammeSettings, Setup, next_cohort_number, offered_cohort_name, set_up,
};
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use crate::tui::form::{Field, Form, Rule};
use chrono::{Months, NaiveDate};

/// A first cohort aims for this many participants unless told otherwise, as `init` does.
const DEFAULT_TARGET: u32 = 12;

/// The set-up form: the programme, its funder and grant, and the first cohort, starting
/// today and running a year, named as `improvers init` names it ([`offered_cohort_name`]).
pub fn setup_form(data: &Snapshot, today: NaiveDate) -> OpenForm {
    let ends = a_year_on(today);
    let name = offered_cohort_name(next_cohort_number(data), today);
    OpenForm {
        form: Form::new(
            "Set up your programme",
            vec![
                Field::text("Programme", "", true),
                Field::text("Funder", "", true),
                Field::required_money("Grant", None),
                Field::text("Cohort", &name, true),
                Field::date("Starts", today, today),
                Field::date("Ends", ends, today).counted_from_field("Starts"),
                Field::count("Target", DEFAULT_TARGET),
            ],
        )
        .with(Rule::NotBefore {
            field: "Ends",
            start: "Starts",
            noun: "the start",
        }),
        purpose: Purpose::SetUp {
            name_written: false,
            ends_written: false,
        },
    }
}

/// What the first cohort's name and end follow from its start until the person writes their
/// own (`written` is the set-up form's purpose): the name, its year ([`offered_cohort_name`]);
/// the end, a year on less a day. An unreadable start leaves both as they are.
pub(super) fn follow_start(open: &mut OpenForm, data: &Snapshot, written: Purpose) {
    let Purpose::SetUp {
        name_written,
        ends_written,
    } = written
    else {
        return;
    };
    let Some(starts) = open.form.field("Starts").and_then(|f| f.as_date()) else {
        return;
    };
    for field in open.form.fields.iter_mut() {
        match field.label.as_ref() {
            "Cohort" if !name_written => {
                field.value = offered_cohort_name(next_cohort_number(data), starts);
            }
            "Ends" if !ends_written => {
                field.value = a_year_on(starts).format("%Y-%m-%d").to_string();
            }
            _ => {}
        }
    }
}

/// The last day of a cohort running a year from `starts`.
fn a_year_on(starts: NaiveDate) -> NaiveDate {
    starts
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(starts)
}

/// The set-up a filled-in set-up form asks for; the cohort's name, unless `name_written`, is
/// the one offered for the year it starts, whatever the form last showed.
pub(super) fn setup_change(
    open: &OpenForm,
    data: &Snapshot,
    name_written: bool,
) -> Result<(Change, String), String> {
    let field = |label: &str| open.form.field(label);
    let mut setup = Setup {
        name: clean_line(value(open, "Programme")),
        funder: clean_line(value(open, "Funder")),
        grant: field("Grant")
            .and_then(|f| f.as_money())
            .ok_or_else(|| "the grant is not an amount yet".to_string())?,
        cohort_name: clean_line(value(open, "Cohort")),
        starts: field("Starts")
            .and_then(|f| f.as_date())
            .ok_or_else(|| "the start date is not right yet".to_string())?,
        ends: field("Ends")
            .and_then(|f| f.as_date())
            .ok_or_else(|| "the end date is not right yet".to_string())?,
        target_size: field("Target")
            .and_then(|f| f.as_count())
            .ok_or_else(|| "the target is not a whole number yet".to_string())?,
    };
    if !name_written {
        setup.cohort_name = offered_cohort_name(next_cohort_number(data), setup.starts);
    }
    let change = set_up(data, &setup).map_err(|e| upper_first(&e.to_string()))?;
    let done = format!(
        "Set up {} with {}. Next: n adds a participant; v then n a Q member; 3 then n plans a \
         session; :import KIND FILE reads a file.",
        setup.name, setup.cohort_name
    );
    Ok((change, done))
}

/// The programme's settings as they stand; `configured_weeks` (the person's config.toml) shows
/// while the database holds no dormant-pair weeks of its own.
pub fn settings_form(data: &Snapshot, configured_weeks: u32) -> Option<OpenForm> {
    let programme = data.programme.as_ref()?;
    let allocated: Pence = data
        .budget
        .iter()
        .flat_map(|b| &b.allocations)
        .map(|a| a.amount)
        .sum();
    Some(OpenForm {
        form: Form::new(
            "Programme settings",
            vec![
                Field::text("Programme", &programme.name, true),
                Field::text("Funder", &programme.funder, true),
                Field::required_money("Grant", data.budget.as_ref().map(|b| b.total)),
                Field::count(
                    "Attendance %",
                    u32::from(programme.attendance_threshold_percent),
                )
                .at_most(100),
                // The weeks without a meeting after which a pair counts as dormant.
                Field::count("Dormant weeks", data.dormant_pair_weeks(configured_weeks))
                    .at_least(1),
            ],
        )
        .with(Rule::MoneyAtLeast {
            field: "Grant",
            least: allocated,
            why: "the allocations add up to that: lower them first (4, then s)".to_string(),
        }),
        purpose: Purpose::Settings,
    })
}

pub(super) fn settings_change(
    open: &OpenForm,
    data: &Snapshot,
) -> Result<(Change, String), String> {
    let Some(before) = data.programme.as_ref() else {
        return Err("There is no programme to change: Esc, then set one up".to_string());
    };
    let count = |label: &str, what: &str| {
        open.form
            .field(label)
            .and_then(|f| f.as_count())
            .ok_or_else(|| format!("the {what} is not a whole number yet"))
    };
    let threshold = count("Attendance %", "attendance threshold")?;
    let threshold = u8::try_from(threshold)
        .ok()
        .filter(|t| *t <= 100)
        .ok_or_else(|| {
            format!("The attendance threshold is {threshold}%: give a percentage from 0 to 100")
        })?;
    let weeks = count("Dormant weeks", "number of dormant-pair weeks")?;
    if weeks == 0 {
        return Err(
            "Dormant weeks is 0: give at least 1, the weeks without a meeting after which a \
             pair counts as dormant"
                .to_string(),
        );
    }
    let grant = open
        .form
        .field("Grant")
        .and_then(|f| f.as_money())
        .ok_or_else(|| "the grant is not an amount yet".to_string())?;
    let programme = Programme {
        name: clean_line(value(open, "Programme")),
        funder: clean_line(value(open, "Funder")),
        attendance_threshold_percent: threshold,
        ..before.clone()
    };
    let mut changes = Vec::new();
    let mut what = Vec::new();
    if programme != *before {
        changes.push(Change::Edit {
            based_on: based_on(data, RecordKey::Programme),
            record: Record::Programme(programme.clone()),
        });
        what.push("name, funder or attendance");
    }
    let budget = data.budget.clone().unwrap_or(Budget {
        total: Pence(0),
        allocations: Vec::new(),
    });
    if budget.total != grant {
        let allocated: Pence = budget.allocations.iter().map(|a| a.amount).sum();
        if allocated > grant {
            return Err(format!(
                "The allocations add up to {allocated}, more than a grant of {grant}: lower \
                 them first (4, then s), or give a larger grant"
            ));
        }
        changes.push(Change::Edit {
            based_on: based_on(data, RecordKey::Budget),
            record: Record::Budget(Budget {
                total: grant,
                ..budget
            }),
        });
        what.push("grant");
    }
    // Saved once typed here, even if equal to config.toml's: the team's number, not one
    // person's, from now on.
    if data.settings.map(|s| s.dormant_pair_weeks) != Some(weeks) {
        changes.push(Change::Edit {
            based_on: based_on(data, RecordKey::Settings),
            record: Record::Settings(ProgrammeSettings {
                dormant_pair_weeks: weeks,
            }),
        });
        what.push("dormant weeks");
    }
    if changes.is_empty() {
        return Err("Nothing was changed: Esc leaves the settings as they are".to_string());
    }
    let summary = format!("changed the programme settings ({})", what.join(", "));
    Ok((
        Change::Batch { summary, changes },
        format!("Saved the settings of {}", programme.name),
    ))
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
