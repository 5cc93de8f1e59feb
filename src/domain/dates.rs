//! Dates and times as people write them (`1/12/2026`, `1 Dec`, `thu`, `+7`, `2pm`), read into
//! calendar values, and dates written back the way the programme shows them. The one reader of
//! typed dates: forms and the CSV import both come here.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// Why a typed date could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateProblem {
    #[error("no date was written")]
    Empty,
    /// Not in any of the shapes a date is read in.
    #[error("not a date")]
    NotADate,
    /// In a date's shape, but no such day exists (`31/02/2026`).
    #[error("not a date that exists")]
    DoesNotExist,
}

/// A date written with numbers only, as files write them: `2026-12-01` (ISO 8601) or day first
/// as in the UK, `1/12/2026` or `01/12/2026` (a four-digit year). Surrounding spaces are ignored.
///
/// Errors: [`DateProblem::Empty`], [`DateProblem::NotADate`] for any other shape (month-first
/// `12-01-2026` included), [`DateProblem::DoesNotExist`] for a day the calendar lacks.
pub fn calendar_date(typed: &str) -> Result<NaiveDate, DateProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(DateProblem::Empty);
    }
    if let Some([y, m, d]) = numbers(typed, '-') {
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) {
            return exists(y, m, d);
        }
    }
    if let Some([d, m, y]) = numbers(typed, '/') {
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) {
            return exists(y, m, d);
        }
    }
    Err(DateProblem::NotADate)
}

/// A date typed into a form, read relative to `today` (the programme's local date):
/// everything [`calendar_date`] reads, and also
/// - `1/12/26` or `1.12.2026` (day first, a two-digit year being in the 2000s);
/// - `1 Dec`, `1st December`, `Dec 1`, `1 Dec 2026`, `Tue 1 Dec 2026` (a leading weekday is
///   ignored); without a year, the one of last, this or next year nearest to `today`;
/// - `1/12` (day first, year as above);
/// - `today`, `tomorrow`, `yesterday`;
/// - a weekday, `thu` or `Thursday`: the next one after `today`, never `today` itself;
/// - `+7` or `-3`: that many days from `today`.
///
/// Case is ignored. Errors as [`calendar_date`].
pub fn read_date(typed: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    read_date_from(typed, today, None)
}

/// A date that ends something begun on `start` (a cohort's end, a match's end), read as
/// [`read_date`] reads it except that a date without a year (`1 Dec`, `1/12`) is the first
/// one after `start` and a weekday (`fri`) the first on or after it, so a cohort starting 4 Jan 2027 and ending
/// `1 Dec` ends on 1 Dec 2027. Words for days (`today`, `+7`) still count from `today`.
/// With no `start`, exactly [`read_date`]. Errors as [`calendar_date`].
pub fn read_date_from(
    typed: &str,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Result<NaiveDate, DateProblem> {
    match calendar_date(typed) {
        Err(DateProblem::NotADate) => {}
        read => return read,
    }
    let lower = typed.trim().to_lowercase();
    match lower.as_str() {
        "today" => return Ok(today),
        "tomorrow" | "tmrw" => return Ok(crate::domain::shift_date(today, 1)),
        "yesterday" => return Ok(crate::domain::shift_date(today, -1)),
        _ => {}
    }
    if let Some(days) = lower.strip_prefix('+').or(lower.strip_prefix('-')) {
        let days: i64 = days.trim().parse().map_err(|_| DateProblem::NotADate)?;
        // A day count past a few years is a slip of the finger, not a plan.
        if days > 3660 {
            return Err(DateProblem::NotADate);
        }
        let days = if lower.starts_with('-') { -days } else { days };
        return Ok(crate::domain::shift_date(today, days));
    }
    if let (Some(day), Some(start)) = (weekday(&lower), start) {
        let ahead = (7 + day.num_days_from_monday() as i64
            - start.weekday().num_days_from_monday() as i64)
            % 7;
        return Ok(crate::domain::shift_date(start, ahead));
    }
    if let Some(day) = weekday(&lower) {
        let ahead = (7 + day.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64
            - 1)
            % 7
            + 1;
        return Ok(crate::domain::shift_date(today, ahead));
    }
    for separator in ['/', '.'] {
        if let Some([d, m, y]) = numbers(&lower, separator) {
            return match y.len() {
                2 => exists(&format!("20{y}"), m, d),
                4 => exists(y, m, d),
                _ => Err(DateProblem::NotADate),
            };
        }
        if let Some([d, m]) = numbers(&lower, separator) {
            let (Ok(d), Ok(m)) = (d.parse::<u32>(), m.parse::<u32>()) else {
                return Err(DateProblem::NotADate);
            };
            return year_less(d, m, today, start);
        }
    }
    in_words(&lower, today, start)
}

/// Why `typed` was not read by [`read_date`], in words for the person who typed it, with the
/// ways a date can be written: "“soon” is not a date (write 1/12/2026, 1 Dec, tomorrow, thu
/// or +7)". Forms and the command line say it alike.
pub fn date_problem(typed: &str, problem: DateProblem) -> String {
    let typed = typed.trim();
    match problem {
        DateProblem::Empty => "no date was written".to_string(),
        DateProblem::DoesNotExist => format!("“{typed}” is not a date that exists"),
        DateProblem::NotADate => {
            format!("“{typed}” is not a date (write 1/12/2026, 1 Dec, tomorrow, thu or +7)")
        }
    }
}

/// A time of day as people write it: `9`, `930`, `0930`, `9:30`, `14.00`, `2pm`, `2.30 pm`,
/// `noon`. Hours without am/pm are on the 24-hour clock. `None` when it is not a time.
pub fn read_time(typed: &str) -> Option<NaiveTime> {
    let lower = typed.trim().to_lowercase();
    if lower == "noon" || lower == "midday" {
        return NaiveTime::from_hms_opt(12, 0, 0);
    }
    let (clock, half) = if let Some(rest) = lower.strip_suffix("am") {
        (rest.trim(), Some(false))
    } else if let Some(rest) = lower.strip_suffix("pm") {
        (rest.trim(), Some(true))
    } else {
        (lower.as_str(), None)
    };
    let (hours, minutes) = match clock.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if clock.len() <= 2 => (clock, "0"),
        None if clock.len() <= 4 => clock.split_at(clock.len() - 2),
        None => return None,
    };
    if hours.is_empty() || !(hours.chars().chain(minutes.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    let hours = match half {
        None => hours,
        Some(_) if !(1..=12).contains(&hours) => return None,
        Some(false) => hours % 12,
        Some(true) => hours % 12 + 12,
    };
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// A session's start as people write it: as [`read_time`], except that a bare hour from 1 to
/// 7 with no am or pm (`2`) is the afternoon (14:00), as nobody's learning session starts at
/// 2 in the morning; `2am` and `02:00` are still 02:00. `None` when it is not a time.
pub fn read_session_time(typed: &str) -> Option<NaiveTime> {
    let bare = typed.trim();
    match bare.parse::<u32>() {
        Ok(hour @ 1..=7) if bare.len() == 1 => NaiveTime::from_hms_opt(hour + 12, 0, 0),
        _ => read_time(typed),
    }
}

/// Whether a session starting at `at` is at night (21:00 to 07:00), worth a note in its form.
pub fn at_night(at: NaiveTime) -> bool {
    use chrono::Timelike;
    at.hour() >= 21 || at.hour() < 7
}

/// "Tue 1 Dec 2026": a date with its weekday and year, as a form shows the date it read.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// "Tue 1 Dec", with the year added ("Tue 1 Dec 2027") when it is not `today`'s year: how a
/// message names a date.
pub fn day_in_message(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%a %-d %b").to_string()
    } else {
        long_date(date)
    }
}

/// A cohort shorter than this many days is likely an end date misread, worth a word.
pub const SHORT_COHORT_DAYS: i64 = 28;

/// A note when a cohort from `starts` to `ends` (both days included) is shorter than four
/// weeks ([`SHORT_COHORT_DAYS`]): "the cohort lasts 1 day, 1 Dec 2026 to 1 Dec 2026: is that
/// the end meant?". Not a refusal: a short pilot is allowed. `None` for four weeks or more,
/// and for an end before the start, which is refused elsewhere.
pub fn short_cohort(starts: NaiveDate, ends: NaiveDate) -> Option<String> {
    let days = (ends - starts).num_days() + 1;
    (1..SHORT_COHORT_DAYS).contains(&days).then(|| {
        format!(
            "the cohort lasts {}, {} to {}: is that the end meant?",
            crate::domain::count::count(days as usize, "day"),
            starts.format("%-d %b %Y"),
            ends.format("%-d %b %Y")
        )
    })
}

/// The first Monday to Friday after `today`: when a new session is first offered. Bank
/// holidays are not known, so a Christmas Day can be offered; the form shows the weekday.
pub fn next_working_day(today: NaiveDate) -> NaiveDate {
    let mut day = crate::domain::shift_date(today, 1);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = crate::domain::shift_date(day, 1);
    }
    day
}

/// The first working day after `today` that is also on or after `not_before` (a cohort's
/// start), when given: the day a new session is offered.
pub fn first_working_day_after(today: NaiveDate, not_before: Option<NaiveDate>) -> NaiveDate {
    let day = next_working_day(today);
    match not_before {
        Some(start) if start > day => next_working_day(crate::domain::shift_date(start, -1)),
        _ => day,
    }
}

/// The parts of `typed` between `separator`s, when there are exactly `N` and all are digits.
fn numbers<const N: usize>(typed: &str, separator: char) -> Option<[&str; N]> {
    let parts: Vec<&str> = typed.split(separator).collect();
    let parts: [&str; N] = parts.try_into().ok()?;
    parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        .then_some(parts)
}

fn exists(y: &str, m: &str, d: &str) -> Result<NaiveDate, DateProblem> {
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(DateProblem::NotADate);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateProblem::DoesNotExist)
}

/// Day `d` of month `m` in last, this or next year, whichever is nearest `today`.
fn nearest(d: u32, m: u32, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(DateProblem::DoesNotExist);
    }
    [today.year(), today.year() + 1, today.year() - 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .min_by_key(|date| (*date - today).num_days().abs())
        .ok_or(DateProblem::DoesNotExist)
}

/// Day `d` of month `m`: the first after `start` when there is one (the start's own day and
/// month, as an end, means a year on: `--starts 1/12/2026 --ends "1 Dec"` is a year's cohort),
/// else the nearest `today`.
fn year_less(
    d: u32,
    m: u32,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Result<NaiveDate, DateProblem> {
    let Some(start) = start else {
        return nearest(d, m, today);
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(DateProblem::DoesNotExist);
    }
    // Eight years ahead reaches the next 29 February from any start.
    (0..8)
        .filter_map(|ahead| NaiveDate::from_ymd_opt(start.year() + ahead, m, d))
        .find(|date| *date > start)
        .ok_or(DateProblem::DoesNotExist)
}

/// `1 Dec`, `Dec 1st`, `1 December 2026`, `Tue 1 Dec 2026`.
fn in_words(
    lower: &str,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Result<NaiveDate, DateProblem> {
    let mut words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() > 2 && weekday(words[0]).is_some() {
        words.remove(0);
    }
    let (day, month, year) = match words.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, y] => (*a, *b, Some(*y)),
        _ => return Err(DateProblem::NotADate),
    };
    let (day, month) = match (day_number(day), month_number(month)) {
        (Some(d), Some(m)) => (d, m),
        _ => match (day_number(month), month_number(day)) {
            (Some(d), Some(m)) => (d, m),
            _ => return Err(DateProblem::NotADate),
        },
    };
    match year {
        None => year_less(day, month, today, start),
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            exists(y, &month.to_string(), &day.to_string())
        }
        Some(_) => Err(DateProblem::NotADate),
    }
}

fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `dec`, `december`, `sept`: a month's name or its first three letters or more.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// `thu`, `thur`, `thurs`, `thursday`: a weekday's name or its first three letters or more.
fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if word.len() < 3 {
        return None;
    }
    DAYS.iter()
        .find(|(name, _)| name.starts_with(word))
        .map(|(_, day)| *day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A Wednesday.
    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn read(typed: &str) -> Result<NaiveDate, DateProblem> {
        read_date(typed, day(TODAY.0, TODAY.1, TODAY.2))
    }

    #[test]
    fn every_way_of_writing_the_first_of_december_reads_the_same() {
        for typed in [
            "2026-12-01",
            "1/12/2026",
            "01/12/2026",
            "1/12/26",
            "1.12.2026",
            "1/12",
            "1 Dec",
            "1 dec 2026",
            "1st December",
            "Dec 1",
            "Tue 1 Dec 2026",
            " +6 ",
            "tue",
            "Tuesday",
        ] {
            assert_eq!(read(typed), Ok(day(2026, 12, 1)), "{typed}");
        }
    }

    #[test]
    fn words_for_days_count_from_today() {
        assert_eq!(read("today"), Ok(day(2026, 11, 25)));
        assert_eq!(read("Tomorrow"), Ok(day(2026, 11, 26)));
        assert_eq!(read("yesterday"), Ok(day(2026, 11, 24)));
        assert_eq!(read("-3"), Ok(day(2026, 11, 22)));
        assert_eq!(read("+7"), Ok(day(2026, 12, 2)));
        assert_eq!(read("thu"), Ok(day(2026, 11, 26)));
        assert_eq!(
            read("wed"),
            Ok(day(2026, 12, 2)),
            "the next one, never today"
        );
    }

    #[test]
    fn a_date_without_a_year_is_the_nearest_one() {
        assert_eq!(read("5 Jan"), Ok(day(2027, 1, 5)));
        assert_eq!(read("20 Nov"), Ok(day(2026, 11, 20)));
        assert_eq!(read("1 Jun"), Ok(day(2026, 6, 1)));
        assert_eq!(
            read("29 Feb"),
            Err(DateProblem::DoesNotExist),
            "no leap year is near"
        );
    }

    #[test]
    fn an_end_without_a_year_or_as_a_weekday_is_the_first_on_or_after_its_start() {
        let today = day(TODAY.0, TODAY.1, TODAY.2);
        let from = |typed, start| read_date_from(typed, today, Some(start));
        assert_eq!(from("1 Dec", day(2027, 1, 4)), Ok(day(2027, 12, 1)));
        assert_eq!(from("1/12", day(2027, 1, 4)), Ok(day(2027, 12, 1)));
        assert_eq!(
            from("1 Dec", day(2026, 12, 1)),
            Ok(day(2027, 12, 1)),
            "the start's own day is a year on, not a one-day cohort"
        );
        assert_eq!(from("3 Nov", day(2026, 12, 1)), Ok(day(2027, 11, 3)));
        // Starting Monday 30 Nov 2026: Friday is 4 Dec, not the Friday after today.
        assert_eq!(from("fri", day(2026, 11, 30)), Ok(day(2026, 12, 4)));
        assert_eq!(from("mon", day(2026, 12, 7)), Ok(day(2026, 12, 7)));
        assert_eq!(from("29 Feb", day(2027, 3, 1)), Ok(day(2028, 2, 29)));
        assert_eq!(
            from("+7", day(2027, 1, 4)),
            Ok(day(2026, 12, 2)),
            "counts from today"
        );
        assert_eq!(from("1/12/2026", day(2027, 1, 4)), Ok(day(2026, 12, 1)));
    }

    #[test]
    fn days_that_do_not_exist_are_told_apart_from_words_that_are_not_dates() {
        assert_eq!(read("31/02/2026"), Err(DateProblem::DoesNotExist));
        assert_eq!(read("2026-02-30"), Err(DateProblem::DoesNotExist));
        assert_eq!(read("32 Dec"), Err(DateProblem::DoesNotExist));
        assert_eq!(read("soon"), Err(DateProblem::NotADate));
        assert_eq!(read("th"), Err(DateProblem::NotADate));
        assert_eq!(read("+99999"), Err(DateProblem::NotADate));
        assert_eq!(read("  "), Err(DateProblem::Empty));
    }

    #[test]
    fn files_are_read_by_numbers_only() {
        assert_eq!(calendar_date("01/03/2026"), Ok(day(2026, 3, 1)));
        assert_eq!(calendar_date("2026-03-01"), Ok(day(2026, 3, 1)));
        assert_eq!(calendar_date("03-01-2026"), Err(DateProblem::NotADate));
        assert_eq!(calendar_date("1 Mar"), Err(DateProblem::NotADate));
        assert_eq!(calendar_date("today"), Err(DateProblem::NotADate));
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        for (typed, want) in [
            ("9", at(9, 0)),
            ("930", at(9, 30)),
            ("0930", at(9, 30)),
            ("9:30", at(9, 30)),
            ("14.00", at(14, 0)),
            ("2pm", at(14, 0)),
            ("2.30 PM", at(14, 30)),
            ("12am", at(0, 0)),
            ("12pm", at(12, 0)),
            ("noon", at(12, 0)),
            ("24", None),
            ("13pm", None),
            ("9:5", None),
            ("9:60", None),
            ("nine", None),
            ("", None),
        ] {
            assert_eq!(read_time(typed), want, "{typed}");
        }
    }

    #[test]
    fn a_session_at_a_bare_small_hour_is_in_the_afternoon() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        for (typed, want) in [
            ("2", at(14, 0)),
            ("7", at(19, 0)),
            ("8", at(8, 0)),
            ("2am", at(2, 0)),
            ("02:00", at(2, 0)),
            ("02", at(2, 0)),
            ("14", at(14, 0)),
            ("0", at(0, 0)),
        ] {
            assert_eq!(read_session_time(typed), want, "{typed}");
        }
        assert!(at_night(NaiveTime::from_hms_opt(2, 0, 0).unwrap()));
        assert!(at_night(NaiveTime::from_hms_opt(21, 0, 0).unwrap()));
        assert!(!at_night(NaiveTime::from_hms_opt(7, 0, 0).unwrap()));
    }

    #[test]
    fn dates_are_shown_with_weekday_and_the_year_when_it_differs() {
        let today = day(2026, 11, 25);
        assert_eq!(long_date(day(2026, 12, 1)), "Tue 1 Dec 2026");
        assert_eq!(day_in_message(day(2026, 12, 1), today), "Tue 1 Dec");
        assert_eq!(day_in_message(day(2027, 1, 5), today), "Tue 5 Jan 2027");
    }

    #[test]
    fn the_next_working_day_skips_the_weekend() {
        assert_eq!(next_working_day(day(2026, 11, 25)), day(2026, 11, 26));
        assert_eq!(next_working_day(day(2026, 11, 27)), day(2026, 11, 30));
        assert_eq!(next_working_day(day(2026, 11, 28)), day(2026, 11, 30));
    }

    #[test]
    fn a_new_session_is_offered_on_the_first_working_day_of_a_cohort_not_yet_started() {
        let today = day(2026, 11, 25);
        // Cohort starts on Monday 4 Jan 2027: offered that day, not tomorrow.
        assert_eq!(
            first_working_day_after(today, Some(day(2027, 1, 4))),
            day(2027, 1, 4)
        );
        // A start on Saturday 9 Jan gives Monday 11 Jan.
        assert_eq!(
            first_working_day_after(today, Some(day(2027, 1, 9))),
            day(2027, 1, 11)
        );
        // A running cohort, or none: the next working day.
        assert_eq!(
            first_working_day_after(today, Some(day(2026, 9, 1))),
            day(2026, 11, 26)
        );
        assert_eq!(first_working_day_after(today, None), day(2026, 11, 26));
    }
}
