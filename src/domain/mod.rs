//! The programme's own vocabulary and rules, as plain types and functions. Nothing here draws
//! to a terminal or touches a database; `now` is always a parameter.

pub mod budget;
pub mod change;
pub mod check;
pub mod count;
pub mod dates;
pub mod describe;
#[cfg(test)]
pub(crate) mod fixture;
pub mod freshness;
pub mod identifiers;
pub mod ids;
pub mod labels;
pub mod learning_sets;
pub mod mail;
pub mod mentoring;
pub mod money;
pub mod outcomes;
pub mod people;
pub mod programme;
pub mod report;
pub mod sessions;
pub mod snapshot;
pub mod suggest;
pub mod summary;
pub mod text;
pub mod undo;
#[cfg(test)]
mod views_tests;

use chrono::{Days, NaiveDate};

/// Moves a date by whole days either way, saturating at chrono's limits.
pub fn shift_date(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    moved.unwrap_or(date)
}
