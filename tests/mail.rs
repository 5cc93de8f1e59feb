//! `improvers mail`: what is due, listed or written as .eml files that an independent mail
//! parser and an independent iCalendar parser read as a calendar app would.

mod support;

use chrono::{Datelike, Utc};
use ical::parser::ical::component::IcalEvent;
use mail_parser::{MessageParser, MimeHeaders};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::{demo_db, improvers, stdout};

const MAILBOX: &str = "team@aspiring.example";

/// A configuration with the programme's mailbox, in `dir`.
fn config_in(dir: &Path) -> PathBuf {
    let file = dir.join("config.toml");
    std::fs::write(&file, format!("[mail]\nfrom = \"{MAILBOX}\"\n")).unwrap();
    file
}

struct Written {
    file: String,
    to: String,
    subject: String,
    message_id: String,
    /// The `method` of the text/calendar part and the part's one event, when there is one.
    calendar: Option<(String, IcalEvent)>,
}

/// Every .eml file in `dir`, in name order, read by mail-parser and, for the calendar part,
/// by the ical crate.
fn read_folder(dir: &Path) -> Vec<Written> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let message = MessageParser::default()
                .parse(&bytes[..])
                .unwrap_or_else(|| panic!("{} is not a message", path.display()));
            let to = message.to().and_then(|a| a.first()).unwrap();
            let calendar = message.parts.iter().find_map(|part| {
                let kind = part.content_type()?;
                if kind.ctype() != "text" || kind.subtype() != Some("calendar") {
                    return None;
                }
                let method = kind.attribute("method").unwrap_or_default().to_string();
                let text = part.text_contents()?.to_string();
                let calendar = ical::IcalParser::new(text.as_bytes())
                    .next()
                    .expect("a calendar")
                    .expect("a calendar the parser reads");
                assert_eq!(calendar.events.len(), 1);
                let found = |name: &str| {
                    calendar
                        .properties
                        .iter()
                        .find(|p| p.name == name)
                        .and_then(|p| p.value.clone())
                };
                assert_eq!(found("METHOD").as_deref(), Some(method.as_str()));
                assert_eq!(calendar.timezones.len(), 1, "the VTIMEZONE");
                Some((method, calendar.events[0].clone()))
            });
            Written {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                to: to.address().unwrap().to_string(),
                subject: message.subject().unwrap_or_default().to_string(),
                message_id: message.message_id().unwrap_or_default().to_string(),
                calendar,
            }
        })
        .collect()
}

/// The one property `name` of `event`, with its parameters.
fn property<'a>(event: &'a IcalEvent, name: &str) -> (&'a str, Vec<(String, Vec<String>)>) {
    let found: Vec<_> = event.properties.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} once");
    (
        found[0].value.as_deref().unwrap_or_default(),
        found[0].params.clone().unwrap_or_default(),
    )
}

fn param<'a>(params: &'a [(String, Vec<String>)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.first())
        .map_or("", String::as_str)
}

#[test]
fn a_dry_run_on_the_demo_writes_each_due_message_with_its_calendar_invitation_and_sends_nothing() {
    let (dir, db) = demo_db();
    let config = config_in(dir.path());
    let listed = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"));
    let due: Vec<&str> = listed.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(listed.starts_with("Due on "), "{listed}");
    let out = dir.path().join("out");
    let said = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--dry-run", "--out"])
            .arg(&out),
    );
    assert!(said.contains("(nothing was sent)"), "{said}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "the folder is its owner's alone");
    let written = read_folder(&out);
    assert_eq!(written.len(), due.len(), "one file per message listed");
    assert!(written.iter().any(|w| w.calendar.is_some()));
    for (n, w) in written.iter().enumerate() {
        assert!(
            w.file.starts_with(&format!("{:03}-", n + 1))
                && w.file.ends_with(&format!("-{}.eml", w.to)),
            "{}",
            w.file
        );
        assert!(!w.subject.is_empty(), "{}", w.file);
        assert!(
            w.message_id
                .ends_with("@aspiring-improvers-south-riverside.improvers")
        );
        let Some((method, event)) = &w.calendar else {
            continue;
        };
        assert_eq!(method, "REQUEST", "{}", w.file);
        let (uid, _) = property(event, "UID");
        assert!(uid.starts_with("session-"), "{uid}");
        assert!(w.message_id.contains(&format!(
            ".s{}.",
            &uid["session-".len()..uid.find('@').unwrap()]
        )));
        let (organiser, _) = property(event, "ORGANIZER");
        assert_eq!(organiser, format!("mailto:{MAILBOX}"));
        let (attendee, params) = property(event, "ATTENDEE");
        assert_eq!(attendee, format!("mailto:{}", w.to));
        assert_eq!(param(&params, "PARTSTAT"), "NEEDS-ACTION");
        assert_eq!(param(&params, "RSVP"), "TRUE");
        let (_, start) = property(event, "DTSTART");
        assert_eq!(param(&start, "TZID"), "Europe/London");
    }
    // A retry is the same message: the same Message-IDs, and nothing was recorded as sent.
    let again = dir.path().join("again");
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--dry-run", "--out"])
        .arg(&again)
        .assert()
        .success();
    let ids = |w: &[Written]| w.iter().map(|w| w.message_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&read_folder(&again)), ids(&written));
}

#[test]
fn a_summer_and_a_winter_session_are_invited_at_their_london_wall_clock_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let config = config_in(dir.path());
    // Next year's January and July: both always ahead.
    let year = Utc::now().year() + 1;
    improvers(&db)
        .args([
            "init",
            "--name",
            "Aspiring Improvers — Fenland",
            "--funder",
            "Fenland Health",
            "--grant",
            "£40,000",
            "--cohort-name",
            "Cohort 1",
            "--target",
            "12",
            "--yes",
        ])
        .arg("--starts")
        .arg(format!("{year}-01-11"))
        .arg("--ends")
        .arg(format!("{year}-12-10"))
        .assert()
        .success();
    let files = [
        (
            "participants.csv",
            "name,email,profession,organisation,cohort\r\n\
             Tamsin Rowe-Achebe,tamsin@ely-gp.example,Practice nurse,Ely Primary Care Network,1\r\n"
                .to_string(),
        ),
        (
            "sessions.csv",
            format!(
                "ref,kind,title,theme,cohort,start,duration_minutes\r\n\
                 winter,QI skills training,Winter launch,Foundations,1,{year}-01-20 09:30,90\r\n\
                 summer,Themed learning,Summer measures,Measurement,1,{year}-07-15 14:00,120\r\n"
            ),
        ),
        (
            "attendance.csv",
            format!(
                "session,email,attendance\r\n\
                 {year}-01-20 09:30 Winter launch,tamsin@ely-gp.example,invited\r\n\
                 {year}-07-15 14:00 Summer measures,tamsin@ely-gp.example,registered\r\n"
            ),
        ),
    ];
    for (name, text) in &files {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let kind = name.trim_end_matches(".csv");
        improvers(&db)
            .args(["import", kind])
            .arg(&file)
            .assert()
            .success();
    }
    let out = dir.path().join("out");
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--dry-run", "--out"])
        .arg(&out)
        .assert()
        .success();
    let written = read_folder(&out);
    let events: Vec<&IcalEvent> = written
        .iter()
        .filter_map(|w| w.calendar.as_ref().map(|(_, e)| e))
        .collect();
    assert_eq!(
        events.len(),
        2,
        "{:?}",
        written.iter().map(|w| &w.file).collect::<Vec<_>>()
    );
    let starts: Vec<(String, String, String)> = events
        .iter()
        .map(|e| {
            (
                property(e, "SUMMARY").0.to_string(),
                property(e, "DTSTART").0.to_string(),
                property(e, "DTEND").0.to_string(),
            )
        })
        .collect();
    assert!(
        starts.contains(&(
            "Winter launch".into(),
            format!("{year}0120T093000"),
            format!("{year}0120T110000")
        )),
        "{starts:?}"
    );
    assert!(
        starts.contains(&(
            "Summer measures".into(),
            format!("{year}0715T140000"),
            format!("{year}0715T160000")
        )),
        "{starts:?}"
    );
    assert!(written.iter().all(|w| w.to == "tamsin@ely-gp.example"));
}

#[test]
fn a_template_with_an_unknown_field_is_refused_naming_its_file_line_and_field() {
    let (dir, db) = demo_db();
    let config = config_in(dir.path());
    std::fs::create_dir(dir.path().join("mail")).unwrap();
    let template = dir.path().join("mail/reminder.txt");
    std::fs::write(
        &template,
        "Subject: Reminder\r\n\r\nDear {{ person.name }},\r\n{{ session.titel }} is soon.\r\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let err = improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--dry-run", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8(err).unwrap(),
        format!(
            "improvers: {}, line 4: `session.titel` is not a field of a reminder message; its \
             fields are person.name, programme.name, programme.mailbox, session.title, \
             session.kind, session.theme, session.date, session.start, session.end, \
             session.place, session.cohort, session.cancelled\n",
            template.display()
        )
    );
    assert!(!out.exists(), "nothing is written when a template is wrong");
}

#[test]
fn writing_mail_needs_a_mailbox_to_send_from_and_says_where_to_set_it() {
    let (_dir, db) = demo_db();
    let err = improvers(&db)
        .args(["mail", "--dry-run"])
        .current_dir(db.parent().unwrap())
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8(err).unwrap(),
        "improvers: there is no mailbox to send from: set `from = \"programme@example.org\"` \
         under [mail] in /nonexistent/improvers-tests/improvers/config.toml (docs/mail.md)\n"
    );
}

#[test]
fn an_empty_programme_has_no_mail_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    improvers(&db)
        .args([
            "init",
            "--name",
            "Empty",
            "--funder",
            "F",
            "--grant",
            "£1,000",
            "--cohort-name",
            "Cohort 1",
            "--starts",
            "2030-01-07",
            "--ends",
            "2030-12-06",
            "--target",
            "10",
            "--yes",
        ])
        .assert()
        .success();
    let said = stdout(improvers(&db).arg("mail"));
    assert!(said.starts_with("No mail is due on "), "{said}");
    let config = config_in(dir.path());
    let out = dir.path().join("out");
    let said = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--dry-run", "--out"])
            .arg(&out),
    );
    assert!(said.ends_with("; nothing was written.\n"), "{said}");
    assert!(!out.exists(), "no empty folder is left behind");
}

#[test]
fn listing_mail_checks_every_template_and_names_the_one_that_fails() {
    let (dir, db) = demo_db();
    let config = config_in(dir.path());
    std::fs::create_dir(dir.path().join("mail")).unwrap();
    let template = dir.path().join("mail/invitation.txt");
    let listed = |db: &Path| {
        let out = improvers(db)
            .arg("--config")
            .arg(&config)
            .arg("mail")
            .assert()
            .failure()
            .get_output()
            .clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // A block left open: a syntax error.
    std::fs::write(
        &template,
        "Subject: Invitation\r\n\r\nDear {{ person.name }},\r\n{% if session.theme %}\r\nOn \
         {{ session.theme }}.\r\n",
    )
    .unwrap();
    let (out, err) = listed(&db);
    assert!(out.starts_with("Due on "), "the list is still shown: {out}");
    assert!(
        err.starts_with(&format!("improvers: {}, line ", template.display())),
        "{err}"
    );
    assert!(err.contains("put the template right"), "{err}");
    // A misspelt field, with the article English gives the kind.
    std::fs::write(
        &template,
        "Subject: Invitation\r\n\r\nDear {{ person.nmae }},\r\n",
    )
    .unwrap();
    let (_, err) = listed(&db);
    assert!(
        err.starts_with(&format!(
            "improvers: {}, line 3: `person.nmae` is not a field of an invitation message",
            template.display()
        )),
        "{err}"
    );
    // Only rendering finds this one: a title is not a number.
    std::fs::write(
        &template,
        "Subject: Invitation\r\n\r\nSession number {{ session.title | int }}.\r\n",
    )
    .unwrap();
    let (_, err) = listed(&db);
    assert!(
        err.starts_with(&format!("improvers: {}, line 3: ", template.display())),
        "{err}"
    );
    // Put right, the list passes.
    std::fs::remove_file(&template).unwrap();
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("mail")
        .assert()
        .success();
}
