//! Sessions as an iCalendar file (RFC 5545) for calendar apps: one event per session, times in
//! UTC, text escaped and lines folded as the RFC requires.

use crate::domain::change::RecordKey;
use crate::domain::identifiers::session_uid;
use crate::domain::ids::CohortId;
use crate::domain::mail::sequence::{EventSequences, event_sequences};
use crate::domain::people::roster::CohortFilter;
use crate::domain::sessions::Session;
use crate::domain::sessions::schedule::in_cohort_calendar;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_text;
use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The calendar of the sessions of `cohort` and of the whole programme (every session when
/// `None`), soonest first.
/// `stamp` is when the file is made (DTSTAMP), a parameter so the same programme always gives
/// the same file.
pub fn sessions_ics(data: &Snapshot, cohort: Option<CohortId>, stamp: DateTime<Utc>) -> String {
    calendar(
        data,
        cohort.map_or(CohortFilter::All, CohortFilter::Cohort),
        stamp,
    )
}

/// The calendar of the sessions a cohort filter admits, as the sessions pane shows them; a
/// cohort's calendar also holds the sessions for the whole programme (no cohort), which its
/// people are expected at too.
pub fn calendar(data: &Snapshot, which: CohortFilter, stamp: DateTime<Utc>) -> String {
    let programme = data
        .programme
        .as_ref()
        .map_or("Aspiring Improvers", |p| p.name.as_str());
    let audience = match which {
        CohortFilter::All => "all cohorts".to_string(),
        CohortFilter::Cohort(id) => data.cohort_name(id).to_string(),
        CohortFilter::AwaitingReview => "sessions not tied to a cohort".to_string(),
    };
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//improvers//Aspiring Improvers//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        content_line(&mut out, line);
    }
    content_line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text(&format!("{programme}: {audience}"))),
    );
    let mut sessions: Vec<&Session> = data
        .sessions
        .values()
        .filter(|s| match which {
            CohortFilter::Cohort(id) => in_cohort_calendar(id, s.cohort),
            _ => which.admits(s.cohort),
        })
        .collect();
    sessions.sort_by_key(|s| (s.start, s.id));
    let sequences = event_sequences(data);
    for session in sessions {
        event(&mut out, data, &sequences, session, programme, stamp);
    }
    content_line(&mut out, "END:VCALENDAR");
    out
}

fn event(
    out: &mut String,
    data: &Snapshot,
    sequences: &EventSequences,
    s: &Session,
    programme: &str,
    stamp: DateTime<Utc>,
) {
    let zone = data.zone();
    let start = instant(s.start, zone);
    // The duration is real time: a session across the spring clock change still lasts as long
    // as planned, so its end on the wall clock is an hour later than start + duration.
    let end = start + Duration::minutes(i64::from(s.duration_minutes));
    content_line(out, "BEGIN:VEVENT");
    // The session id names the event, so a calendar app that imports the file again updates
    // the events it already has instead of adding copies. An id is never given twice, so a
    // UID never comes to name another session.
    content_line(out, &format!("UID:{}", session_uid(programme, s.id)));
    content_line(out, &format!("DTSTAMP:{}", utc(stamp)));
    content_line(out, &format!("DTSTART:{}", utc(start)));
    content_line(out, &format!("DTEND:{}", utc(end)));
    content_line(out, &format!("SUMMARY:{}", text(&s.title)));
    content_line(out, &format!("DESCRIPTION:{}", text(&description(data, s))));
    if let Some(place) = location(data, s) {
        content_line(out, &format!("LOCATION:{}", text(&place)));
    }
    content_line(out, &format!("CATEGORIES:{}", text(s.kind.label())));
    content_line(
        out,
        if s.cancelled {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    if let Some(revision) = data.revisions.get(&RecordKey::Session(s.id)) {
        content_line(out, &format!("LAST-MODIFIED:{}", utc(revision.at)));
    }
    // A calendar app applies a copy of an event it already has only when its SEQUENCE is
    // higher; the mail's invitations and updates carry the same number for the same event.
    content_line(out, &format!("SEQUENCE:{}", sequences.of_session(data, s)));
    content_line(out, "END:VEVENT");
}

/// What the session is, one fact per line.
fn description(data: &Snapshot, s: &Session) -> String {
    let mut lines = vec![s.kind.label().to_string()];
    if !s.theme.is_empty() {
        lines.push(format!("Theme: {}", s.theme));
    }
    let names: Vec<&str> = data.facilitators(s).map(|q| q.name.as_str()).collect();
    if !names.is_empty() {
        lines.push(format!("Facilitators: {}", names.join(", ")));
    }
    if let Some(host) = s.host.and_then(|h| data.q_members.get(&h)) {
        lines.push(format!(
            "Host: {} ({})",
            host.name,
            data.organisation_name(host.organisation)
        ));
    }
    if let Some(cohort) = s.cohort {
        lines.push(format!("For {}", data.cohort_name(cohort)));
    }
    lines.join("\n")
}

/// The venue with its address, so a map app can find it; otherwise wherever the session is
/// said to be (a site visit's host organisation).
pub(crate) fn location(data: &Snapshot, s: &Session) -> Option<String> {
    match s.venue.and_then(|v| data.venues.get(&v)) {
        Some(venue) if !venue.address.is_empty() => {
            Some(format!("{}, {}", venue.name, venue.address))
        }
        _ => data.session_place(s),
    }
}

/// The moment a wall-clock time in `zone` stands for, as RFC 5545 §3.3.5 reads local times: a
/// time that does not exist (in the spring-forward gap) is read with the offset in force
/// before the gap, so it moves forward by the gap (01:30 on the spring Sunday is 02:30 BST);
/// a time that happens twice (in the autumn fold) is the first of the two.
pub(crate) fn instant(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(at) | chrono::LocalResult::Ambiguous(at, _) => {
            at.with_timezone(&Utc)
        }
        chrono::LocalResult::None => {
            // A day earlier is before the gap: no zone changes its clocks twice in a day.
            let before = zone
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix();
            (local - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

/// `YYYYMMDDTHHMMSSZ`, the UTC form of DATE-TIME.
pub(crate) fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks
/// written as `\n`, other control characters and bidi overrides dropped.
pub(crate) fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in clean_text(value).chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The longest a physical line may be, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// Appends one content line, folded so that no physical line passes 75 octets: a fold never
/// splits a UTF-8 character, and each continuation starts with one space that counts toward
/// its 75.
pub(crate) fn content_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Some readers trim white space at the end of each physical line before unfolding,
        // which would eat a space at a fold: fold before the spaces instead.
        let kept = rest[..cut].trim_end_matches(' ').len();
        if kept > 0 {
            cut = kept;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        content_line(&mut out, line);
        out
    }

    fn physical_lines(folded: &str) -> Vec<&str> {
        folded
            .strip_suffix("\r\n")
            .expect("ends with CRLF")
            .split("\r\n")
            .collect()
    }

    #[test]
    fn a_short_line_is_left_whole() {
        assert_eq!(folded("SEQUENCE:0"), "SEQUENCE:0\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn a_long_line_folds_at_75_octets_with_the_space_counted() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let out = folded(&line);
        let lines = physical_lines(&out);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' ') && !lines[1].starts_with("  "));
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn a_fold_never_splits_a_character() {
        // "é" is two octets and "🙂" four: every possible fold point falls inside one of them.
        for prefix in 0..4 {
            let line = format!("SUMMARY:{}{}", "x".repeat(prefix), "é🙂".repeat(40));
            let out = folded(&line);
            for l in physical_lines(&out) {
                assert!(l.len() <= 75, "{} octets: {l}", l.len());
            }
            assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        }
    }

    #[test]
    fn a_fold_keeps_spaces_off_the_end_of_a_line() {
        let line = format!("SUMMARY:{} {}", "a".repeat(66), "b".repeat(20));
        let out = folded(&line);
        let lines = physical_lines(&out);
        assert_eq!(lines[0], format!("SUMMARY:{}", "a".repeat(66)));
        assert_eq!(lines[1], format!("  {}", "b".repeat(20)));
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn text_escapes_the_separators_and_drops_control_characters() {
        assert_eq!(
            text("Flow, safety; and C:\\data\nnext line"),
            "Flow\\, safety\\; and C:\\\\data\\nnext line"
        );
        assert_eq!(
            text("bell\u{7}\r\nand\u{202E}tab\there"),
            "bell\\nandtab here"
        );
        assert_eq!(
            text("one\u{2028}two\u{2029}three\u{85}four\rfive"),
            "one\\ntwo\\nthree\\nfour\\nfive",
            "every kind of line break is a calendar's line break"
        );
    }

    #[test]
    fn local_times_read_as_rfc_5545_says_across_clock_changes() {
        let london = chrono_tz::Europe::London;
        let at = |d: u32, m: u32, h: u32, min: u32| {
            NaiveDate::from_ymd_opt(2026, m, d)
                .and_then(|day| day.and_hms_opt(h, min, 0))
                .expect("a valid date")
        };
        assert_eq!(utc(instant(at(15, 6, 10, 0), london)), "20260615T090000Z");
        assert_eq!(utc(instant(at(9, 12, 10, 0), london)), "20261209T100000Z");
        // The gap: 01:30 on 29 March 2026 does not exist; it is read as 01:30 GMT.
        assert_eq!(utc(instant(at(29, 3, 1, 30), london)), "20260329T013000Z");
        // The fold: 01:30 on 25 October 2026 happens twice; the first is 01:30 BST.
        assert_eq!(utc(instant(at(25, 10, 1, 30), london)), "20261025T003000Z");
    }
}
