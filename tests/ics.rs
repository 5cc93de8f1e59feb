//! `improvers export sessions --format ics`: the calendar read back by an independent iCalendar
//! parser, field by field, with clock changes, awkward text and the command line's refusals.

mod support;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use ical::parser::ical::component::IcalEvent;
use improvers::domain::change::Record;
use improvers::domain::ids::{CohortId, SessionId, VenueId};
use improvers::domain::sessions::{Session, SessionKind, Venue, VenueCost};
use improvers::domain::snapshot::Snapshot;
use improvers::io::demo::demo_programme;
use improvers::io::export::sessions_ics;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;
use support::{demo_db, improvers};

const TITLE: &str = "Flow, safety; and the C:\\ drive\nPart two";

/// 200 characters, many of them two octets in UTF-8, so folds fall inside characters.
fn long_theme() -> String {
    let theme = "Équité et sécurité des soins à l’hôpital: café, crème brûlée, naïveté, Ångström, \
                 Zoë, Siân, Ibáñez, São Paulo, Kraków, Dvořák, Øresund, Þingvellir, Malmö, \
                 Łódź, Māori, Ōsaka, ĳssel, ŠKODA, ÆØÅ";
    let theme: String = theme.chars().cycle().take(200).collect();
    assert_eq!(theme.chars().count(), 200);
    theme
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 8, 15, 0).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// The demo programme with sessions added around the clock changes and with awkward text, all
/// for cohort 2 at a venue with an address.
struct Programme {
    data: Snapshot,
    cohort: CohortId,
    june: SessionId,
    december: SessionId,
    spring: SessionId,
    autumn: SessionId,
    awkward: SessionId,
    cancelled: SessionId,
}

fn programme() -> Programme {
    let mut data = Snapshot::default();
    data.apply(&demo_programme(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap());
    let cohort = data.cohorts.values().find(|c| c.number == 2).unwrap().id;
    let venue = VenueId(data.venues.keys().map(|v| v.0).max().unwrap() + 1);
    data.put(Record::Venue(Venue {
        id: venue,
        name: "Guy's Hall; Room 2".into(),
        address: "St Thomas Street, London SE1 9RT".into(),
        capacity: 40,
        cost: VenueCost::InHouse,
    }));
    let mut next = data.sessions.keys().map(|s| s.0).max().unwrap();
    let mut add = |title: &str, start: NaiveDateTime, minutes: u32, theme: &str, cancelled| {
        next += 1;
        let id = SessionId(next);
        data.put(Record::Session(Session {
            id,
            kind: SessionKind::Workshop,
            title: title.into(),
            theme: theme.into(),
            cohort: Some(cohort),
            start,
            duration_minutes: minutes,
            venue: Some(venue),
            facilitators: vec![],
            host: None,
            capacity: None,
            invitees: vec![],
            cancelled,
        }));
        id
    };
    let june = add("June workshop", at(2026, 6, 17, 10, 0), 90, "", false);
    let december = add("December workshop", at(2026, 12, 16, 10, 0), 90, "", false);
    let spring = add(
        "Across the spring change",
        at(2026, 3, 29, 0, 30),
        120,
        "",
        false,
    );
    let autumn = add("In the autumn fold", at(2026, 10, 25, 1, 30), 60, "", false);
    let awkward = add(TITLE, at(2026, 7, 1, 14, 0), 60, &long_theme(), false);
    let cancelled = add("Called off", at(2026, 7, 8, 14, 0), 60, "", true);
    Programme {
        data,
        cohort,
        june,
        december,
        spring,
        autumn,
        awkward,
        cancelled,
    }
}

fn parse(text: &str) -> Vec<IcalEvent> {
    let mut calendars = ical::IcalParser::new(text.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a calendar the parser reads");
    assert!(calendars.next().is_none(), "only one calendar");
    calendar.events
}

/// The value of `name` in `event`, as written (still escaped).
fn value<'a>(event: &'a IcalEvent, name: &str) -> &'a str {
    let found: Vec<_> = event.properties.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} once in {event:?}");
    found[0].value.as_deref().unwrap_or_default()
}

fn uid(session: SessionId) -> String {
    format!("session-{session}@aspiring-improvers-south-riverside.improvers")
}

fn event(events: &[IcalEvent], session: SessionId) -> &IcalEvent {
    let uid = uid(session);
    events
        .iter()
        .find(|e| value(e, "UID") == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

/// TEXT as RFC 5545 §3.3.11 reads it.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => panic!("a lone backslash ends {value:?}"),
        }
    }
    out
}

#[test]
fn a_ten_oclock_session_is_ten_oclock_in_london_summer_and_winter() {
    let p = programme();
    let events = parse(&sessions_ics(&p.data, Some(p.cohort), stamp()));
    let june = event(&events, p.june);
    assert_eq!(value(june, "DTSTART"), "20260617T090000Z");
    assert_eq!(value(june, "DTEND"), "20260617T103000Z");
    let december = event(&events, p.december);
    assert_eq!(value(december, "DTSTART"), "20261216T100000Z");
    assert_eq!(value(december, "DTEND"), "20261216T113000Z");
}

#[test]
fn clock_changes_keep_the_real_duration_and_read_the_fold_as_its_first_time() {
    let p = programme();
    let events = parse(&sessions_ics(&p.data, Some(p.cohort), stamp()));
    // 00:30 GMT for two real hours ends at 02:30Z, which London's clocks show as 03:30 BST.
    let spring = event(&events, p.spring);
    assert_eq!(value(spring, "DTSTART"), "20260329T003000Z");
    assert_eq!(value(spring, "DTEND"), "20260329T023000Z");
    // 01:30 happens twice on 25 October 2026; the session is the first, 01:30 BST.
    let autumn = event(&events, p.autumn);
    assert_eq!(value(autumn, "DTSTART"), "20261025T003000Z");
    assert_eq!(value(autumn, "DTEND"), "20261025T013000Z");
}

#[test]
fn awkward_text_is_escaped_folded_and_read_back_exactly() {
    let p = programme();
    let text = sessions_ics(&p.data, Some(p.cohort), stamp());
    let events = parse(&text);
    let awkward = event(&events, p.awkward);
    let summary = "Flow\\, safety\\; and the C:\\\\ drive\\nPart two";
    assert_eq!(value(awkward, "SUMMARY"), summary);
    assert_eq!(unescape(value(awkward, "SUMMARY")), TITLE);
    let description = unescape(value(awkward, "DESCRIPTION"));
    assert_eq!(
        description,
        format!("Workshop\nTheme: {}\nFor Cohort 2 — 2026", long_theme())
    );
    assert_eq!(
        unescape(value(awkward, "LOCATION")),
        "Guy's Hall; Room 2, St Thomas Street, London SE1 9RT"
    );
    assert_eq!(value(awkward, "CATEGORIES"), "Workshop");
    // Unfolding the file by hand gives back the escaped lines whole.
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("\r\nSUMMARY:{summary}\r\n")));
    let theme_line = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("DESCRIPTION:Workshop\\nTheme: Équité"))
        .expect("the awkward description");
    assert!(theme_line.len() > 200, "long enough to need folding");
    assert!(!text.contains(theme_line), "folded in the file");
}

#[test]
fn every_line_ends_with_crlf_and_none_passes_75_octets() {
    let p = programme();
    let text = sessions_ics(&p.data, None, stamp());
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let mut folded = 0;
    for line in &lines {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        if line.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded > 3, "the demo's long lines were folded");
    // The independent parser unfolds every line to what unfolding by hand gives: no fold
    // loses or adds a character, even where a fold falls beside a space.
    let unfolded = text.replace("\r\n ", "");
    let whole: Vec<&str> = unfolded.split("\r\n").collect();
    let events = parse(&text);
    assert_eq!(events.len(), p.data.sessions.len(), "every session");
    for event in &events {
        for property in &event.properties {
            let line = format!(
                "{}:{}",
                property.name,
                property.value.as_deref().unwrap_or_default()
            );
            assert!(whole.contains(&line.as_str()), "{line}");
        }
    }
}

#[test]
fn the_calendar_names_itself_and_says_when_it_was_made() {
    let p = programme();
    let text = sessions_ics(&p.data, Some(p.cohort), stamp());
    assert!(text.starts_with(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//improvers//Aspiring Improvers//EN\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n\
         X-WR-CALNAME:Aspiring Improvers — South Riverside: Cohort 2 — 2026\r\n"
    ));
    for event in parse(&text) {
        assert_eq!(value(&event, "DTSTAMP"), "20261125T081500Z");
        assert_eq!(value(&event, "SEQUENCE"), "0");
    }
}

#[test]
fn cancelled_sessions_stay_in_the_calendar_marked_cancelled() {
    let p = programme();
    let events = parse(&sessions_ics(&p.data, Some(p.cohort), stamp()));
    let cancelled = event(&events, p.cancelled);
    assert_eq!(value(cancelled, "STATUS"), "CANCELLED");
    assert_eq!(value(cancelled, "SUMMARY"), "Called off");
    assert_eq!(value(event(&events, p.june), "STATUS"), "CONFIRMED");
}

#[test]
fn a_cohort_calendar_holds_its_sessions_and_the_whole_programmes_in_start_order_with_stable_uids() {
    let p = programme();
    let text = sessions_ics(&p.data, Some(p.cohort), stamp());
    let events = parse(&text);
    let mut theirs: Vec<&Session> = p
        .data
        .sessions
        .values()
        .filter(|s| s.cohort == Some(p.cohort) || s.cohort.is_none())
        .collect();
    assert!(
        theirs.iter().any(|s| s.cohort.is_none()),
        "the programme has a session for everyone"
    );
    theirs.sort_by_key(|s| (s.start, s.id));
    let uids: Vec<&str> = events.iter().map(|e| value(e, "UID")).collect();
    let expected: Vec<String> = theirs.iter().map(|s| uid(s.id)).collect();
    assert_eq!(uids, expected);
    // Made again later, the file names the same events, so calendar apps update them.
    let later = Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap();
    let again = sessions_ics(&p.data, Some(p.cohort), later);
    assert_eq!(
        again.replace("DTSTAMP:20270104T090000Z", "DTSTAMP:20261125T081500Z"),
        text
    );
}

#[test]
fn export_sessions_as_ics_for_cohort_2_from_the_command_line() {
    let (dir, db) = demo_db();
    let out = improvers(&db)
        .args(["export", "sessions", "--format", "ics", "--cohort", "2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    let sessions = improvers(&db)
        .args(["export", "sessions"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut sessions = csv::Reader::from_reader(sessions.as_slice());
    let column = sessions
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "cohort")
        .unwrap();
    // Cohort 2's own sessions and those for the whole programme (no cohort).
    let rows: Vec<_> = sessions.records().map(|row| row.unwrap()).collect();
    let own = rows
        .iter()
        .filter(|row| row.get(column) == Some("2"))
        .count();
    let everyone = rows
        .iter()
        .filter(|row| row.get(column) == Some(""))
        .count();
    assert!(own > 0 && everyone > 0, "{own} {everyone}");
    let cohort_2 = own + everyone;
    assert_eq!(parse(&text).len(), cohort_2);
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), cohort_2);

    // To a file: private, and never replaced without --force.
    let file = dir.path().join("cohort-2.ics");
    let to_file = || {
        let mut cmd = improvers(&db);
        cmd.args([
            "export", "sessions", "--format", "ics", "--cohort", "2", "-o",
        ])
        .arg(&file);
        cmd
    };
    to_file().assert().success();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    to_file()
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; use --force"));
    to_file().arg("--force").assert().success();
}

#[test]
fn the_command_line_refuses_ics_for_other_kinds_and_cohort_without_ics() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .args(["export", "participants", "--format", "ics"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "--format ics writes sessions as a calendar",
        ));
    improvers(&db)
        .args(["export", "venues", "--cohort", "2"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "--cohort chooses whose sessions or participants are written",
        ));
    improvers(&db)
        .args(["export", "sessions", "--format", "ics", "--cohort", "7"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "there is no cohort 7 in this programme (cohorts: 1, 2, 3)",
        ));
}

#[test]
fn a_changed_session_has_a_higher_sequence_once_its_invitation_went_so_calendars_take_the_change() {
    use improvers::domain::ids::ParticipantId;
    use improvers::domain::mail::sent::{SentId, SentMessage};
    use improvers::domain::mail::{MessageKey, event_digest};
    use improvers::domain::people::PersonRef;
    let mut p = programme();
    let sequence = |data: &Snapshot, id| -> String {
        let events = parse(&sessions_ics(data, Some(p.cohort), stamp()));
        value(event(&events, id), "SEQUENCE").to_string()
    };
    assert_eq!(sequence(&p.data, p.june), "0", "nothing sent yet");
    let digest = event_digest(&p.data, &p.data.sessions[&p.june]);
    p.data.mail_sent.insert(
        SentId(1),
        SentMessage {
            id: SentId(1),
            key: MessageKey::Invitation {
                session: p.june,
                participant: ParticipantId(1),
                sequence: 0,
                event: digest,
            },
            to_person: PersonRef::Participant(ParticipantId(1)),
            to_email: "ines.quarrington@riverside-uh.example".into(),
            message_id: "<invitation@aspiring-improvers.example>".into(),
            at: stamp(),
        },
    );
    assert_eq!(
        sequence(&p.data, p.june),
        "0",
        "the invitation's own number"
    );
    // Moved an hour later: the update calendars are sent is one higher, and so is the export.
    if let Some(s) = p.data.sessions.get_mut(&p.june) {
        s.start += chrono::Duration::hours(1);
    }
    assert_eq!(sequence(&p.data, p.june), "1");
    if let Some(s) = p.data.sessions.get_mut(&p.june) {
        s.cancelled = true;
    }
    assert_eq!(
        sequence(&p.data, p.june),
        "1",
        "moved and cancelled before anyone was told"
    );
}

#[test]
fn a_calendar_exported_before_any_mail_went_numbers_every_event_0() {
    let (_dir, db) = demo_db();
    let out = improvers(&db)
        .args(["export", "sessions", "--format", "ics"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let events = parse(&String::from_utf8(out).unwrap());
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| value(e, "SEQUENCE") == "0"));
}
