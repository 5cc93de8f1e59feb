//! Parsers for single fields. Each returns the value or a reason a person can act on.

use crate::domain::dates::{self, DateProblem};
use crate::domain::money::Pence;
use crate::domain::people::pathway::ReadinessItem;
use crate::domain::text::{clean_line, clean_text};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A single-line text field that must not be empty.
pub(crate) fn required(raw: &str) -> Result<String, String> {
    let value = clean_line(raw);
    if value.is_empty() {
        Err("is empty; a value is needed here".to_string())
    } else {
        Ok(value)
    }
}

/// A single-line text field that may be empty.
pub(crate) fn line(raw: &str) -> String {
    clean_line(raw)
}

/// Free text that keeps its line breaks (notes, aims).
pub(crate) fn text(raw: &str) -> String {
    clean_text(raw)
}

/// `None` for an empty optional field.
pub(crate) fn optional(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// An email address, kept as written; compare with [`email_key`].
pub(crate) fn email(raw: &str) -> Result<String, String> {
    let value = clean_line(raw);
    match crate::domain::text::email_problem(&value) {
        None => Ok(value),
        Some(problem) => Err(problem),
    }
}

/// Emails are matched without regard to case.
pub(crate) fn email_key(email: &str) -> String {
    clean_line(email).to_lowercase()
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

pub(crate) fn date(raw: &str) -> Result<NaiveDate, String> {
    let value = clean_line(raw);
    if value.is_empty() {
        return Err("is empty; a date is needed here (write dates as YYYY-MM-DD)".to_string());
    }
    if !looks_like_date(&value) {
        return Err(format!(
            "\"{value}\" is not a date (write dates as YYYY-MM-DD)"
        ));
    }
    dates::calendar_date(&value)
        .map_err(|_| format!("\"{value}\" is not a date that exists (write dates as YYYY-MM-DD)"))
}

/// A local wall-clock time: `YYYY-MM-DD HH:MM`.
pub(crate) fn date_time(raw: &str) -> Result<NaiveDateTime, String> {
    let value = clean_line(raw);
    let hint = "(write times as YYYY-MM-DD HH:MM, 24-hour clock)";
    if value.is_empty() {
        return Err(format!("is empty; a start time is needed here {hint}"));
    }
    let Some((day, time)) = value.split_once([' ', 'T']) else {
        return Err(format!("\"{value}\" is not a date and time {hint}"));
    };
    let day = date(day)
        .map_err(|_| format!("\"{value}\" does not start with a date that exists {hint}"))?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| format!("\"{value}\" does not end with a time of day {hint}"))?;
    Ok(day.and_time(time))
}

pub(crate) fn yes_no(raw: &str) -> Result<bool, String> {
    match clean_line(raw).to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("\"{}\" is not yes or no", clean_line(raw))),
    }
}

/// `default` when empty.
pub(crate) fn yes_no_or(raw: &str, default: bool) -> Result<bool, String> {
    optional(raw).map_or(Ok(default), yes_no)
}

/// A whole number of `unit` ("minutes", "places"; "" for a plain number) of at least `least`,
/// as the cell holds it.
/// Every number column says what it allows in the same words, quoting the cell:
/// `"abc" must be a whole number of minutes, 1 or more`.
pub(crate) fn whole_number(raw: &str, unit: &str, least: u32) -> Result<u32, String> {
    let value = clean_line(raw);
    let of = if unit.is_empty() {
        String::new()
    } else {
        format!(" of {unit}")
    };
    let allowed = || format!("\"{value}\" must be a whole number{of}, {least} or more");
    match value.parse::<u32>() {
        Ok(n) if n >= least => Ok(n),
        _ => Err(allowed()),
    }
}

/// An amount, more than £0 as every amount is ([`Pence::parse`]).
pub(crate) fn money(raw: &str) -> Result<Pence, String> {
    Pence::parse(&clean_line(raw)).map_err(|e| e.to_string())
}

/// A date as finance systems write it: `2026-03-01`, or day first as `01/03/2026` (UK), read by
/// the same reader as every date typed into a form ([`dates::calendar_date`]).
pub(crate) fn finance_date(raw: &str) -> Result<NaiveDate, String> {
    let value = clean_line(raw);
    let hint = "(write dates as YYYY-MM-DD or DD/MM/YYYY)";
    dates::calendar_date(&value).map_err(|problem| match problem {
        DateProblem::Empty => format!("is empty; a date is needed here {hint}"),
        DateProblem::NotADate => format!("\"{value}\" is not a date {hint}"),
        DateProblem::DoesNotExist => format!("\"{value}\" is not a date that exists {hint}"),
    })
}

/// A `;`-separated list of single-line values, empty items dropped.
pub(crate) fn list(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(clean_line)
        .filter(|item| !item.is_empty())
        .collect()
}

/// Topic and expertise tags: in the case first written, each once whatever its case, in the
/// order first written.
pub(crate) fn tags(raw: &str) -> Vec<String> {
    crate::domain::labels::topics(raw.split(';'))
}

/// A cohort by its number: `2` or `Cohort 2`.
pub(crate) fn cohort_number(raw: &str) -> Result<u32, String> {
    let value = clean_line(raw);
    let digits = value
        .to_lowercase()
        .strip_prefix("cohort")
        .map_or_else(|| value.clone(), |rest| rest.trim().to_string());
    digits
        .parse::<u32>()
        .map_err(|_| format!("\"{value}\" is not a cohort number (write it like 2)"))
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

pub(crate) fn readiness_item(raw: &str) -> Result<ReadinessItem, String> {
    let wanted = squash(raw);
    ReadinessItem::ALL
        .into_iter()
        .find(|item| squash(item.label()) == wanted || squash(&format!("{item:?}")) == wanted)
        .ok_or_else(|| {
            format!(
                "\"{}\" is not a Q readiness item (one of: {})",
                clean_line(raw),
                ReadinessItem::ALL
                    .iter()
                    .map(|i| i.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finance_dates_may_be_day_first() {
        assert_eq!(
            finance_date("01/03/2026").map(|d| d.to_string()),
            Ok("2026-03-01".into())
        );
        assert_eq!(
            finance_date("2026-03-01").map(|d| d.to_string()),
            Ok("2026-03-01".into())
        );
        assert_eq!(
            finance_date("31/02/2026"),
            Err("\"31/02/2026\" is not a date that exists (write dates as YYYY-MM-DD or DD/MM/YYYY)".into())
        );
        assert!(finance_date("03-01-2026").is_err());
        assert_eq!(money("£1,234.56"), Ok(Pence(123_456)));
        assert_eq!(money(" 0 "), Err("\"0\" must be more than £0".into()));
    }

    #[test]
    fn dates_that_do_not_exist_say_so() {
        assert_eq!(
            date("2026-02-30"),
            Err("\"2026-02-30\" is not a date that exists (write dates as YYYY-MM-DD)".into())
        );
        assert_eq!(
            date("30/01/2026"),
            Err("\"30/01/2026\" is not a date (write dates as YYYY-MM-DD)".into())
        );
        assert_eq!(
            date(" 2026-03-01 ").map(|d| d.to_string()),
            Ok("2026-03-01".into())
        );
    }

    #[test]
    fn times_are_local_wall_clock() {
        let t = date_time("2026-03-29 01:30").map(|t| t.to_string());
        assert_eq!(t, Ok("2026-03-29 01:30:00".into()));
        assert!(date_time("2026-03-29").is_err());
        assert!(date_time("2026-03-29 25:00").is_err());
    }

    #[test]
    fn tags_keep_their_case_and_are_unique_whatever_the_case() {
        assert_eq!(
            tags("Patient flow; PDSA;;patient  flow"),
            ["Patient flow", "PDSA"]
        );
    }

    #[test]
    fn readiness_items_parse_from_labels() {
        for item in ReadinessItem::ALL {
            assert_eq!(readiness_item(item.label()), Ok(item));
        }
        assert_eq!(
            readiness_item("mentor_sign_off"),
            Ok(ReadinessItem::MentorSignOff)
        );
        assert!(readiness_item("smile").is_err());
    }

    #[test]
    fn cohorts_by_number() {
        assert_eq!(cohort_number("Cohort 3"), Ok(3));
        assert_eq!(cohort_number("2"), Ok(2));
        assert!(cohort_number("spring").is_err());
    }

    #[test]
    fn emails_need_an_at_and_a_domain() {
        assert!(email("ana@example.org").is_ok());
        assert!(email("ana.example.org").is_err());
        assert!(email("ana@localhost").is_err());
        assert!(email("a na@example.org").is_err());
    }
}
