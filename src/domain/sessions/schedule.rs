//! When sessions happen relative to now: the agenda ahead, what has passed, and the
//! attendance each participant has built up.

use crate::domain::ids::{CohortId, ParticipantId};
use crate::domain::sessions::{Attendance, Session};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Whether a session for `session_cohort` is in the calendar of `cohort`: the cohort's own
/// sessions and those for the whole programme (no cohort), which every cohort is expected at.
/// The same rule narrows a cohort's calendar export and `status --cohort`.
pub fn in_cohort_calendar(cohort: CohortId, session_cohort: Option<CohortId>) -> bool {
    session_cohort.is_none_or(|c| c == cohort)
}

/// The programme's clock: "now" as a wall-clock time in its zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalNow {
    pub at: NaiveDateTime,
}

impl LocalNow {
    pub fn new(now: DateTime<Utc>, zone: Tz) -> LocalNow {
        LocalNow {
            at: zone.from_utc_datetime(&now.naive_utc()).naive_local(),
        }
    }

    /// The same moment with the seconds dropped: what the dashboard's clock shows and the
    /// finest step at which anything on screen depends on the time.
    pub fn to_minute(self) -> LocalNow {
        let at = self
            .at
            .date()
            .and_hms_opt(self.at.hour(), self.at.minute(), 0)
            .unwrap_or(self.at);
        LocalNow { at }
    }

    pub fn today(&self) -> NaiveDate {
        self.at.date()
    }
}

/// The zone named by a programme, falling back to London (the programme's home) if the name
/// is unknown.
pub fn zone_named(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::London)
}

/// Sessions not yet finished, soonest first (cancelled ones included, so they can be shown
/// struck through).
pub fn upcoming<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    now: LocalNow,
) -> Vec<&'a Session> {
    let mut ahead: Vec<&Session> = sessions.into_iter().filter(|s| s.end() > now.at).collect();
    ahead.sort_by_key(|s| (s.start, s.id));
    ahead
}

/// Sessions that have finished, most recent first.
pub fn past<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    now: LocalNow,
) -> Vec<&'a Session> {
    let mut gone: Vec<&Session> = sessions.into_iter().filter(|s| s.end() <= now.at).collect();
    gone.sort_by_key(|s| std::cmp::Reverse((s.start, s.id)));
    gone
}

/// Sessions starting from now up to `days` days ahead, soonest first, cancelled ones left out.
pub fn within_days<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    now: LocalNow,
    days: i64,
) -> Vec<&'a Session> {
    let until = now.at + Duration::days(days);
    let mut soon: Vec<&Session> = sessions
        .into_iter()
        .filter(|s| !s.cancelled && s.end() > now.at && s.start <= until)
        .collect();
    soon.sort_by_key(|s| (s.start, s.id));
    soon
}

/// "today", "tomorrow", or a weekday and date: how a coordinator says when something is.
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        _ => crate::domain::dates::day_in_message(day, today),
    }
}

/// The week holding `day`, as the agenda groups it: "this week", "next week", or "w/c 14 Dec"
/// (weeks start on Monday).
pub fn week_label(day: NaiveDate, today: NaiveDate) -> String {
    use chrono::Datelike;
    let monday =
        |d: NaiveDate| crate::domain::shift_date(d, -i64::from(d.weekday().num_days_from_monday()));
    match (monday(day) - monday(today)).num_days() {
        0 => "this week".to_string(),
        7 => "next week".to_string(),
        -7 => "last week".to_string(),
        _ => monday(day).format("w/c %-d %b").to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttendanceTally {
    pub attended: u32,
    /// Finished, not cancelled sessions the participant was invited to.
    pub expected: u32,
}

/// Each participant's attendance over finished sessions. Apologies still count as expected:
/// Q's threshold is about sessions attended, not sessions excused.
pub fn attendance_tally<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    now: LocalNow,
) -> HashMap<ParticipantId, AttendanceTally> {
    let mut tally: HashMap<ParticipantId, AttendanceTally> = HashMap::new();
    for session in sessions {
        if session.cancelled || session.end() > now.at {
            continue;
        }
        for invitation in &session.invitees {
            let entry = tally.entry(invitation.participant).or_default();
            entry.expected += 1;
            if invitation.attendance == Attendance::Attended {
                entry.attended += 1;
            }
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cohorts_calendar_holds_its_own_sessions_and_the_whole_programmes() {
        let one = CohortId(1);
        assert!(in_cohort_calendar(one, Some(one)));
        assert!(in_cohort_calendar(one, None));
        assert!(!in_cohort_calendar(one, Some(CohortId(2))));
    }

    use super::*;
    use crate::domain::ids::SessionId;
    use crate::domain::sessions::{Invitation, SessionKind};

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 6, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn session(id: u64, start: NaiveDateTime, marks: &[(u64, Attendance)]) -> Session {
        Session {
            id: SessionId(id),
            kind: SessionKind::Workshop,
            title: format!("s{id}"),
            theme: String::new(),
            cohort: None,
            start,
            duration_minutes: 120,
            venue: None,
            facilitators: vec![],
            host: None,
            capacity: None,
            invitees: marks
                .iter()
                .map(|(p, a)| Invitation {
                    participant: ParticipantId(*p),
                    attendance: *a,
                })
                .collect(),
            cancelled: false,
        }
    }

    #[test]
    fn london_time_follows_summer_time() {
        let summer = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let london = chrono_tz::Europe::London;
        assert_eq!(
            LocalNow::new(summer, london).at.format("%H:%M").to_string(),
            "10:00"
        );
        assert_eq!(
            LocalNow::new(winter, london).at.format("%H:%M").to_string(),
            "09:00"
        );
    }

    #[test]
    fn a_session_in_progress_is_still_upcoming() {
        let sessions = [
            session(1, at(10, 9), &[]),
            session(2, at(10, 14), &[]),
            session(3, at(9, 9), &[]),
        ];
        let now = LocalNow { at: at(10, 10) };
        let ids: Vec<u64> = upcoming(&sessions, now).iter().map(|s| s.id.0).collect();
        assert_eq!(ids, [1, 2]);
        let ids: Vec<u64> = past(&sessions, now).iter().map(|s| s.id.0).collect();
        assert_eq!(ids, [3]);
    }

    #[test]
    fn within_days_stops_at_the_horizon_and_skips_cancelled() {
        let mut cancelled = session(3, at(12, 9), &[]);
        cancelled.cancelled = true;
        let sessions = [
            session(1, at(24, 9), &[]),
            session(2, at(25, 9), &[]),
            cancelled,
        ];
        let now = LocalNow { at: at(10, 9) };
        let ids: Vec<u64> = within_days(&sessions, now, 14)
            .iter()
            .map(|s| s.id.0)
            .collect();
        assert_eq!(ids, [1]);
    }

    #[test]
    fn attendance_counts_only_finished_sessions() {
        let sessions = [
            session(
                1,
                at(1, 9),
                &[(7, Attendance::Attended), (8, Attendance::Apologies)],
            ),
            session(
                2,
                at(2, 9),
                &[(7, Attendance::NoShow), (8, Attendance::Attended)],
            ),
            session(3, at(20, 9), &[(7, Attendance::Registered)]),
        ];
        let tally = attendance_tally(&sessions, LocalNow { at: at(10, 9) });
        assert_eq!(
            tally[&ParticipantId(7)],
            AttendanceTally {
                attended: 1,
                expected: 2
            }
        );
        assert_eq!(
            tally[&ParticipantId(8)],
            AttendanceTally {
                attended: 1,
                expected: 2
            }
        );
    }

    #[test]
    fn the_clock_moves_in_whole_minutes() {
        let now = LocalNow {
            at: at(10, 9) + Duration::seconds(59),
        };
        assert_eq!(now.to_minute(), LocalNow { at: at(10, 9) });
    }

    #[test]
    fn day_labels_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(day_label(today, today), "today");
        assert_eq!(day_label(today.succ_opt().unwrap(), today), "tomorrow");
        assert_eq!(
            day_label(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(), today),
            "Thu 3 Dec"
        );
    }
}

/// The weeks of the month holding `day`, Monday first; days of the months either side are
/// `None`.
pub fn month_weeks(day: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    use chrono::Datelike;
    let Some(first) = day.with_day(1) else {
        return Vec::new();
    };
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut date = first;
    while date.month() == first.month() {
        let column = date.weekday().num_days_from_monday() as usize;
        week[column] = Some(date);
        if column == 6 {
            weeks.push(week);
            week = [None; 7];
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    if week.iter().any(Option::is_some) {
        weeks.push(week);
    }
    weeks
}

/// `day` moved by whole months, kept within the shorter month (31 Jan + 1 month = 28 Feb).
pub fn shift_months(day: NaiveDate, months: i32) -> NaiveDate {
    let moved = if months >= 0 {
        day.checked_add_months(chrono::Months::new(months.unsigned_abs()))
    } else {
        day.checked_sub_months(chrono::Months::new(months.unsigned_abs()))
    };
    moved.unwrap_or(day)
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn a_month_is_laid_out_monday_first() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 17).unwrap();
        let weeks = month_weeks(day);
        assert_eq!(
            weeks.len(),
            5,
            "1 December 2026 is a Tuesday; the 31st a Thursday"
        );
        assert_eq!(weeks[0][0], None);
        assert_eq!(
            weeks[0][1].map(|d| d.to_string()),
            Some("2026-12-01".into())
        );
        assert_eq!(
            weeks[4][3].map(|d| d.to_string()),
            Some("2026-12-31".into())
        );
        assert_eq!(weeks[4][4], None);
    }

    #[test]
    fn weeks_are_named_from_monday() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(); // a Wednesday
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(
            week_label(day(29), today),
            "this week",
            "Sunday ends the week"
        );
        assert_eq!(week_label(day(30), today), "next week");
        assert_eq!(week_label(day(23), today), "this week");
        assert_eq!(week_label(day(18), today), "last week");
        let later = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(week_label(later, today), "w/c 7 Dec");
    }

    #[test]
    fn moving_by_months_keeps_within_the_shorter_month() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(shift_months(day, 1).to_string(), "2027-02-28");
        assert_eq!(shift_months(day, -2).to_string(), "2026-11-30");
    }
}
