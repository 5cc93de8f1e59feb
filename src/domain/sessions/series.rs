//! A series of sessions planned in one go: weekly, fortnightly or monthly. Monthly means the
//! same weekday in the same week of the month ("the second Tuesday"), as programmes plan, or
//! the last such weekday when a month has no fifth one.

use crate::domain::ids::{SeriesId, SessionId};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Variants are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repeat {
    Once,
    Weekly,
    Fortnightly,
    Monthly,
}

impl Repeat {
    pub const ALL: [Repeat; 4] = [
        Repeat::Once,
        Repeat::Weekly,
        Repeat::Fortnightly,
        Repeat::Monthly,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Weekly => "weekly",
            Repeat::Fortnightly => "fortnightly",
            Repeat::Monthly => "monthly (same weekday of the month)",
        }
    }

    /// One word, as files write it: the label without its explanation.
    pub fn key(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Weekly => "weekly",
            Repeat::Fortnightly => "fortnightly",
            Repeat::Monthly => "monthly",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not how a series repeats (one of: weekly, fortnightly, monthly)")]
pub struct UnknownRepeat(pub String);

/// Reads how a series repeats. "once" is refused: a session that does not repeat is in no
/// series, so a file saying a series repeats "once" has a mistake in it.
impl FromStr for Repeat {
    type Err = UnknownRepeat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::domain::labels::find(s, &Repeat::ALL, |x| [x.label(), x.key()])
            .filter(|r| *r != Repeat::Once)
            .ok_or_else(|| UnknownRepeat(s.to_string()))
    }
}

/// Sessions planned together, so a change can reach "this and all following".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub id: SeriesId,
    pub repeat: Repeat,
    /// In date order, as planned.
    pub sessions: Vec<SessionId>,
}

/// The `nth` (1-based) `weekday` of the month of `month`, or the last one when there are
/// fewer.
fn nth_weekday(month: NaiveDate, weekday: Weekday, nth: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), weekday, nth).or_else(|| {
        (1..nth).rev().find_map(|n| {
            NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), weekday, n)
        })
    })
}

/// The starts of `times` sessions from `first` (which is the first of them).
pub fn series_starts(first: NaiveDateTime, repeat: Repeat, times: u32) -> Vec<NaiveDateTime> {
    let times = if repeat == Repeat::Once {
        1
    } else {
        times.max(1)
    };
    let nth = ((first.day() - 1) / 7 + 1) as u8;
    (0..times)
        .filter_map(|i| match repeat {
            Repeat::Once => Some(first),
            Repeat::Weekly => first.checked_add_signed(Duration::weeks(i64::from(i))),
            Repeat::Fortnightly => first.checked_add_signed(Duration::weeks(2 * i64::from(i))),
            Repeat::Monthly => {
                let month = first
                    .date()
                    .with_day(1)?
                    .checked_add_months(chrono::Months::new(i))?;
                Some(nth_weekday(month, first.weekday(), nth)?.and_time(first.time()))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    fn days(starts: &[NaiveDateTime]) -> Vec<String> {
        starts
            .iter()
            .map(|s| s.format("%a %-d %b %Y").to_string())
            .collect()
    }

    #[test]
    fn monthly_keeps_the_weekday_and_its_week_of_the_month() {
        // The second Tuesday of January 2027, then of each month after.
        let starts = series_starts(at(2027, 1, 12), Repeat::Monthly, 6);
        assert_eq!(
            days(&starts),
            [
                "Tue 12 Jan 2027",
                "Tue 9 Feb 2027",
                "Tue 9 Mar 2027",
                "Tue 13 Apr 2027",
                "Tue 11 May 2027",
                "Tue 8 Jun 2027"
            ]
        );
        assert!(
            starts
                .iter()
                .all(|s| s.format("%H:%M").to_string() == "10:00")
        );
    }

    #[test]
    fn a_fifth_weekday_falls_back_to_the_last_one() {
        let starts = series_starts(at(2026, 12, 29), Repeat::Monthly, 2);
        assert_eq!(days(&starts), ["Tue 29 Dec 2026", "Tue 26 Jan 2027"]);
    }

    #[test]
    fn reads_the_one_word_key_or_the_whole_label() {
        assert_eq!("monthly".parse(), Ok(Repeat::Monthly));
        assert_eq!(
            "Monthly (same weekday of the month)".parse(),
            Ok(Repeat::Monthly)
        );
        assert_eq!(" Fortnightly ".parse(), Ok(Repeat::Fortnightly));
        assert_eq!(
            "daily".parse::<Repeat>(),
            Err(UnknownRepeat("daily".to_string()))
        );
        assert!("once".parse::<Repeat>().is_err());
        for repeat in [Repeat::Weekly, Repeat::Fortnightly, Repeat::Monthly] {
            assert_eq!(repeat.key().parse(), Ok(repeat));
            assert_eq!(repeat.label().parse(), Ok(repeat));
        }
    }

    #[test]
    fn weekly_and_fortnightly_step_by_whole_weeks() {
        assert_eq!(
            days(&series_starts(at(2026, 12, 1), Repeat::Fortnightly, 3)),
            ["Tue 1 Dec 2026", "Tue 15 Dec 2026", "Tue 29 Dec 2026"]
        );
        assert_eq!(series_starts(at(2026, 12, 1), Repeat::Weekly, 4).len(), 4);
        assert_eq!(series_starts(at(2026, 12, 1), Repeat::Once, 6).len(), 1);
    }
}
