//! The calendar event a session's message carries: an iTIP request or cancellation (RFC 5546)
//! for one attendee, in the programme's local time with its time zone, so Outlook, Google and
//! Apple calendars show Accept and Decline and update the event they already hold.

use crate::domain::change::RecordKey;
use crate::domain::identifiers::session_uid;
use crate::domain::sessions::Session;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_line;
use crate::io::export::ics::{content_line, instant, location, text, utc};
use chrono::{DateTime, Duration, Utc};

/// Whether the event asks for a place in the calendar or takes it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    /// The METHOD value, also the `method` parameter of the `text/calendar` part.
    pub fn name(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// Who the event is from and for: names (any text) and email addresses (already checked).
pub struct Parties<'a> {
    pub organiser_name: &'a str,
    pub organiser_email: &'a str,
    pub attendee_name: &'a str,
    pub attendee_email: &'a str,
}

/// Europe/London's rules since 1996 (the EU's last Sunday of March and of October, at 01:00
/// UTC), as RFC 5545 §3.6.5 asks a calendar with local times to carry them.
const LONDON: [&str; 16] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
];

/// The iCalendar object (CRLF lines, folded) for `session`: the session's stable UID and
/// `sequence` (the message key's, which is the calendar export's), one ATTENDEE (asked to
/// reply to a request, not to a cancellation), times on the programme's wall clock labelled with its zone, whose VTIMEZONE is in
/// the object. DTSTAMP is when the session was last saved, so the same message built again is
/// the same.
pub fn itip(
    data: &Snapshot,
    session: &Session,
    method: Method,
    sequence: u32,
    parties: &Parties,
) -> String {
    let programme = data
        .programme
        .as_ref()
        .map_or("Aspiring Improvers", |p| p.name.as_str());
    let zone = data.zone();
    let london = zone == chrono_tz::Europe::London;
    let name = zone.name();
    let key = RecordKey::Session(session.id);
    // A deleted session's cancellation is stamped with its deletion.
    let saved = data
        .revisions
        .get(&key)
        .or_else(|| data.deletions.get(&key));
    let start = instant(session.start, zone);
    let end = start + Duration::minutes(i64::from(session.duration_minutes));
    let stamp = saved.map_or(start, |r| r.at);
    // Local times labelled with the programme's own zone, whose rules are in the VTIMEZONE
    // below: a calendar elsewhere shows the session at the right moment.
    let when = |at: DateTime<Utc>| {
        format!(
            ";TZID={name}:{}",
            at.with_timezone(&zone).format("%Y%m%dT%H%M%S")
        )
    };
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//improvers//Aspiring Improvers//EN",
        "CALSCALE:GREGORIAN",
        &format!("METHOD:{}", method.name()),
    ] {
        content_line(&mut out, line);
    }
    if london {
        for line in LONDON {
            content_line(&mut out, line);
        }
        content_line(&mut out, "END:VTIMEZONE");
    } else {
        for line in vtimezone(zone, start) {
            content_line(&mut out, &line);
        }
    }
    content_line(&mut out, "BEGIN:VEVENT");
    content_line(
        &mut out,
        &format!("UID:{}", session_uid(programme, session.id)),
    );
    content_line(&mut out, &format!("SEQUENCE:{sequence}"));
    content_line(&mut out, &format!("DTSTAMP:{}", utc(stamp)));
    content_line(&mut out, &format!("DTSTART{}", when(start)));
    content_line(&mut out, &format!("DTEND{}", when(end)));
    content_line(&mut out, &format!("SUMMARY:{}", text(&session.title)));
    if let Some(place) = location(data, session) {
        content_line(&mut out, &format!("LOCATION:{}", text(&place)));
    }
    content_line(
        &mut out,
        &format!(
            "ORGANIZER;CN={}:mailto:{}",
            param(parties.organiser_name),
            parties.organiser_email
        ),
    );
    // A request asks for a reply; a cancellation asks for none (RFC 5546 section 3.2.5:
    // CANCEL carries no RSVP), so the attendee is named without PARTSTAT or RSVP.
    let asking = match method {
        Method::Request => ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
        Method::Cancel => "",
    };
    content_line(
        &mut out,
        &format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT{asking}:mailto:{}",
            param(parties.attendee_name),
            parties.attendee_email
        ),
    );
    content_line(
        &mut out,
        match method {
            Method::Request => "STATUS:CONFIRMED",
            Method::Cancel => "STATUS:CANCELLED",
        },
    );
    content_line(&mut out, "END:VEVENT");
    content_line(&mut out, "END:VCALENDAR");
    out
}

/// The VTIMEZONE (RFC 5545 §3.6.5) of a zone other than London, as the observances that
/// begin from the start of the year before `around` to the end of its year: one STANDARD or
/// DAYLIGHT per change of offset, each with the wall-clock time it begins (in the offset
/// before it). A zone with no change in that time is one STANDARD from 1970. Found from the
/// zone's own data (chrono-tz, the IANA database), to the minute.
fn vtimezone(zone: chrono_tz::Tz, around: DateTime<Utc>) -> Vec<String> {
    use chrono::{Datelike, Offset, TimeZone};
    use chrono_tz::{OffsetComponents, OffsetName};
    let offset_at = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc());
    let seconds = |at: DateTime<Utc>| offset_at(at).fix().local_minus_utc();
    let hhmm = |total: i32| {
        let sign = if total < 0 { '-' } else { '+' };
        let total = total.abs();
        format!("{sign}{:02}{:02}", total / 3600, (total % 3600) / 60)
    };
    let from = Utc
        .with_ymd_and_hms(around.year() - 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(around);
    let until = Utc
        .with_ymd_and_hms(around.year() + 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(around);
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", zone.name()),
    ];
    let mut at = from;
    let mut changes = 0;
    while at < until {
        let next = at + Duration::hours(1);
        if seconds(next) != seconds(at) {
            // The minute of the change, within the hour.
            let (mut before, mut after) = (at, next);
            while after - before > Duration::minutes(1) {
                let middle = before + (after - before) / 2;
                if seconds(middle) == seconds(at) {
                    before = middle;
                } else {
                    after = middle;
                }
            }
            let (old, new) = (seconds(at), seconds(after));
            let daylight = offset_at(after).dst_offset() != Duration::zero();
            let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
            let onset = after.naive_utc() + Duration::seconds(i64::from(old));
            lines.push(format!("BEGIN:{kind}"));
            lines.push(format!("TZOFFSETFROM:{}", hhmm(old)));
            lines.push(format!("TZOFFSETTO:{}", hhmm(new)));
            if let Some(name) = offset_at(after).abbreviation() {
                lines.push(format!("TZNAME:{name}"));
            }
            lines.push(format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
            lines.push(format!("END:{kind}"));
            changes += 1;
        }
        at = next;
    }
    if changes == 0 {
        let fixed = seconds(around);
        lines.extend([
            "BEGIN:STANDARD".to_string(),
            format!("TZOFFSETFROM:{}", hhmm(fixed)),
            format!("TZOFFSETTO:{}", hhmm(fixed)),
            "DTSTART:19700101T000000".to_string(),
            "END:STANDARD".to_string(),
        ]);
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

/// A parameter value (RFC 5545 §3.2): quoted, as a name may hold `,` `;` or `:`, with the
/// double quotes it cannot hold taken out and control characters gone.
fn param(value: &str) -> String {
    format!("\"{}\"", clean_line(value).replace('"', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixture::{Fixture, at};
    use crate::domain::ids::SessionId;

    fn event(start: chrono::NaiveDateTime) -> String {
        let mut f = Fixture::new();
        f.session(1, start, &[]);
        let parties = Parties {
            organiser_name: "Aspiring Improvers",
            organiser_email: "team@example.org",
            attendee_name: "Wren \"Quoted\"; Hollis",
            attendee_email: "wren@example.org",
        };
        itip(
            &f.data,
            &f.data.sessions[&SessionId(1)],
            Method::Request,
            0,
            &parties,
        )
    }

    #[test]
    fn summer_and_winter_sessions_keep_their_london_wall_clock_time() {
        let summer = event(at(6, 15, 10));
        assert!(summer.contains("DTSTART;TZID=Europe/London:20260615T100000\r\n"));
        assert!(summer.contains("DTEND;TZID=Europe/London:20260615T120000\r\n"));
        let winter = event(at(12, 9, 10));
        assert!(winter.contains("DTSTART;TZID=Europe/London:20261209T100000\r\n"));
        assert!(winter.contains("TZID:Europe/London\r\n"));
    }

    #[test]
    fn a_session_across_the_clock_change_lasts_as_long_as_planned() {
        // 00:30 GMT on 29 March plus two hours is 03:30 BST on the wall clock.
        let mut f = Fixture::new();
        f.session(1, at(3, 29, 0) + Duration::minutes(30), &[]);
        let parties = Parties {
            organiser_name: "A",
            organiser_email: "a@example.org",
            attendee_name: "B",
            attendee_email: "b@example.org",
        };
        let ics = itip(
            &f.data,
            &f.data.sessions[&SessionId(1)],
            Method::Cancel,
            1,
            &parties,
        );
        assert!(
            ics.contains("DTEND;TZID=Europe/London:20260329T033000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("METHOD:CANCEL\r\n") && ics.contains("STATUS:CANCELLED\r\n"));
        // A cancellation asks for no reply (RFC 5546 section 3.2.5).
        let unfolded = ics.replace("\r\n ", "");
        assert!(!unfolded.contains("RSVP"), "{unfolded}");
        assert!(!unfolded.contains("PARTSTAT"), "{unfolded}");
        assert!(
            unfolded.contains("ROLE=REQ-PARTICIPANT:mailto:"),
            "{unfolded}"
        );
    }

    #[test]
    fn the_attendee_is_asked_to_reply_and_a_name_cannot_break_the_line() {
        let ics = event(at(6, 15, 10));
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains(
                "ATTENDEE;CN=\"Wren Quoted; Hollis\";ROLE=REQ-PARTICIPANT;\
                 PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:wren@example.org\r\n"
            ),
            "{unfolded}"
        );
        assert!(unfolded.contains("ORGANIZER;CN=\"Aspiring Improvers\":mailto:team@example.org"));
    }

    #[test]
    fn a_programme_elsewhere_labels_its_own_zone_and_carries_its_rules() {
        let in_zone = |name: &str, start| {
            let mut f = Fixture::new();
            let mut programme = f.data.programme.clone().unwrap_or_else(|| {
                crate::domain::programme::Programme::new("Aspiring Improvers", "Q")
            });
            programme.time_zone = name.to_string();
            f.data.programme = Some(programme);
            f.session(1, start, &[]);
            let parties = Parties {
                organiser_name: "A",
                organiser_email: "a@example.org",
                attendee_name: "B",
                attendee_email: "b@example.org",
            };
            itip(
                &f.data,
                &f.data.sessions[&SessionId(1)],
                Method::Request,
                0,
                &parties,
            )
        };
        let berlin = in_zone("Europe/Berlin", at(12, 9, 10));
        assert!(
            berlin.contains("DTSTART;TZID=Europe/Berlin:20261209T100000\r\n"),
            "{berlin}"
        );
        assert!(!berlin.contains("London"), "{berlin}");
        // Summer time ends at 03:00 CEST on 25 October 2026 and began at 02:00 CET on 29 March.
        let rules = berlin.replace("\r\n", "\n");
        assert!(
            rules.contains(
                "BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\n\
                 DTSTART:20261025T030000\nEND:STANDARD"
            ),
            "{rules}"
        );
        assert!(
            rules.contains("TZOFFSETTO:+0200\nTZNAME:CEST\nDTSTART:20260329T020000"),
            "{rules}"
        );
        assert_eq!(
            crate::tui::mail::calendar_summary(&berlin),
            "METHOD:REQUEST, Wed 9 Dec 2026 10:00 Berlin time, SEQUENCE 0"
        );
        let tokyo = in_zone("Asia/Tokyo", at(6, 15, 10)).replace("\r\n", "\n");
        assert!(
            tokyo.contains("TZID:Asia/Tokyo\nBEGIN:STANDARD\nTZOFFSETFROM:+0900\nTZOFFSETTO:+0900"),
            "{tokyo}"
        );
        assert!(
            tokyo.contains("DTSTART;TZID=Asia/Tokyo:20260615T100000"),
            "{tokyo}"
        );
    }
}
