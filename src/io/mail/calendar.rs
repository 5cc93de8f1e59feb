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
/// `sequence` (the message key's, which is the calendar export's), one ATTENDEE asked to reply, times in
/// Europe/London with its VTIMEZONE (in UTC for a programme in another zone). DTSTAMP is when
/// the session was last saved, so the same message built again is the same.
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
    let key = RecordKey::Session(session.id);
    // A deleted session's cancellation is stamped with its deletion.
    let saved = data
        .revisions
        .get(&key)
        .or_else(|| data.deletions.get(&key));
    let start = instant(session.start, zone);
    let end = start + Duration::minutes(i64::from(session.duration_minutes));
    let stamp = saved.map_or(start, |r| r.at);
    let when = |at: DateTime<Utc>| {
        if london {
            format!(
                ";TZID=Europe/London:{}",
                at.with_timezone(&zone).format("%Y%m%dT%H%M%S")
            )
        } else {
            format!(":{}", utc(at))
        }
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
    content_line(
        &mut out,
        &format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
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
}
