use super::*;
use crate::domain::fixture::{Fixture, at, day};
use crate::domain::ids::{ParticipantId, SessionId};
use crate::domain::mail::{SentRegister, due_messages};
use crate::domain::people::pathway::PathwayStage;
use crate::domain::sessions::Attendance;

fn settings() -> MailSettings {
    MailSettings {
        from: Some("team@example.org".into()),
        ..MailSettings::default()
    }
}

/// Session 1 on 20 June 2026 with participant 1 invited.
fn programme() -> Fixture {
    let mut f = Fixture::new();
    f.participant(1, "Person 1", Some(1), PathwayStage::Active);
    f.session(1, at(6, 20, 10), &[(1, Attendance::Invited)]);
    f
}

fn built(f: &Fixture) -> Result<BuiltMessage, MailError> {
    let due = due_messages(&f.data, &settings(), day(6, 1), &SentRegister::default());
    let templates = Templates::defaults()?;
    build_message(&due[0], &f.data, &templates, &settings())
}

/// The header lines of a formatted message, unfolded.
fn headers(message: &Message) -> Vec<String> {
    let text = String::from_utf8(message.formatted()).expect("UTF-8");
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    head.replace("\r\n ", " ")
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

#[test]
fn names_and_titles_with_line_breaks_cannot_add_headers() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.name = "Wren\r\nBcc: intruder@evil.example".into();
    }
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.title = "Huddles\r\nX-Injected: yes\u{7}".into();
    }
    let message = built(&f).expect("a message");
    let lines = headers(&message.message);
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with("Bcc:") && !l.starts_with("X-Injected:")),
        "{lines:#?}"
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("To:")).count(), 1);
    // Read back by an independent parser: one recipient, the name on one line.
    let raw = message.message.formatted();
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw[..])
        .expect("a message");
    let to: Vec<(Option<&str>, Option<&str>)> = parsed
        .to()
        .map(|a| a.iter().map(|a| (a.name(), a.address())).collect())
        .unwrap_or_default();
    assert_eq!(
        to,
        [(
            Some("Wren Bcc: intruder@evil.example"),
            Some("p1@example.org")
        )]
    );
    assert!(parsed.bcc().is_none());
    assert_eq!(
        parsed.subject(),
        Some("Invitation: Huddles X-Injected: yes, Saturday 20 June 2026")
    );
}

#[test]
fn an_email_that_is_not_an_address_is_refused_by_name() {
    let mut f = programme();
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.email = "p1@example.org\r\nBcc: intruder@evil.example".into();
    }
    let err = built(&f).expect_err("refused").to_string();
    assert!(
        err.starts_with(
            "Person 1's email \"p1@example.org\r\nBcc: intruder@evil.example\" is not an \
             address a message can go to ("
        ),
        "{err}"
    );
    assert!(err.ends_with("; correct it in the register"), "{err}");
}

#[test]
fn the_same_message_built_twice_has_the_same_message_id() {
    let f = programme();
    let first = built(&f).expect("a message");
    let second = built(&f).expect("a message");
    assert_eq!(first.message_id, second.message_id);
    assert!(
        first
            .message_id
            .ends_with("@aspiring-improvers-testshire.improvers"),
        "{}",
        first.message_id
    );
    assert!(headers(&first.message).contains(&format!("Message-ID: <{}>", first.message_id)));
}

#[test]
fn every_default_template_renders_for_its_kind() {
    let mut f = programme();
    f.matched(
        1,
        1,
        1,
        crate::domain::mentoring::MatchState::Confirmed { on: day(1, 20) },
    );
    if let Some(p) = f.data.participants.get_mut(&ParticipantId(1)) {
        p.nominated_by = Some(crate::domain::ids::QMemberId(2));
        p.pathway
            .move_to(PathwayStage::Enrolled, day(1, 14), String::new());
    }
    let templates = Templates::defaults().expect("the defaults load");
    let mut kinds = std::collections::BTreeSet::new();
    // What the first day sends is in the register on the second, so the reminder is due
    // then (an invitation due the same day stands in for it).
    let mut sent = SentRegister::default();
    for today in [day(1, 20), day(6, 19)] {
        let due_now = due_messages(&f.data, &settings(), today, &sent);
        sent = SentRegister::new(due_now.iter().map(|d| d.key));
        for due in due_now {
            let message = build_message(&due, &f.data, &templates, &settings())
                .unwrap_or_else(|e| panic!("{}: {e}", due.kind.label()));
            let text = String::from_utf8(message.message.formatted()).expect("UTF-8");
            assert!(text.contains("Dear "), "{text}");
            kinds.insert(due.kind);
        }
    }
    // Update and cancellation need a register; the rest are all here.
    assert_eq!(kinds.len(), 6, "{kinds:?}");
}

fn folder_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join(name), text).expect("written");
    dir
}

#[test]
fn a_template_syntax_error_names_the_file_and_line() {
    let dir = folder_with(
        "invitation.txt",
        "Subject: Come\n\nDear {{ person.name }},\n{% if session.place %}\nno end\n",
    );
    let err = Templates::load(Some(dir.path())).err().expect("refused");
    let file = dir.path().join("invitation.txt").display().to_string();
    assert_eq!(
        err.to_string(),
        format!("{file}, line 4: unexpected end of input, expected end of block")
    );
}

#[test]
fn a_template_without_a_subject_line_is_refused() {
    let dir = folder_with("welcome.txt", "Dear {{ person.name }}\n");
    let err = Templates::load(Some(dir.path())).err().expect("refused");
    let file = dir.path().join("welcome.txt").display().to_string();
    assert_eq!(
        err.to_string(),
        format!(
            "{file}, line 1: the first line must be the subject, as `Subject: …`, then a blank \
             line and the body of the welcome message"
        )
    );
}

#[test]
fn a_template_of_the_team_replaces_the_default_whatever_its_line_endings() {
    let dir = folder_with(
        "invitation.txt",
        "\u{feff}Subject: Join us at {{ session.title }}\r\n\r\nHello {{ person.name }}.\r\n",
    );
    let templates = Templates::load(Some(dir.path())).expect("loads");
    let f = programme();
    let due = due_messages(&f.data, &settings(), day(6, 1), &SentRegister::default());
    let message = build_message(&due[0], &f.data, &templates, &settings()).expect("built");
    assert!(headers(&message.message).contains(&"Subject: Join us at Session 1".to_string()));
    let text = String::from_utf8(message.message.formatted()).expect("UTF-8");
    assert!(text.contains("Hello Person 1."), "{text}");
}

#[test]
fn the_default_templates_keep_each_paragraph_on_one_line_for_the_mail_program_to_wrap() {
    let body = built(&programme()).expect("the invitation is built").body;
    assert!(
        body.lines()
            .any(|l| l.contains("please accept or decline it there, so we know")),
        "{body}"
    );
    // No default breaks a sentence across lines: a line that does not end a sentence, a
    // greeting or a field line is followed by a blank one.
    for kind in MessageKind::ALL {
        let file = format!(
            "{}/assets/mail/{}.txt",
            env!("CARGO_MANIFEST_DIR"),
            kind.key()
        );
        let text = std::fs::read_to_string(&file).expect("the default is readable");
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let broken = pair[1].starts_with(|c: char| c.is_lowercase());
            assert!(!broken, "{file}: \"{}\" goes on on the next line", pair[0]);
        }
    }
}

#[test]
fn a_cancellation_says_whether_the_session_is_off_or_the_person_is_off_its_list() {
    let cancellation = |f: &Fixture, sent: &SentRegister| {
        let due = due_messages(&f.data, &settings(), day(6, 2), sent);
        let templates = Templates::defaults().expect("the defaults load");
        let m = due
            .iter()
            .find(|d| d.kind == MessageKind::Cancellation)
            .expect("a cancellation is due");
        build_message(m, &f.data, &templates, &settings())
            .expect("a message")
            .body
    };
    let mut f = programme();
    // The invitation went on 1 June.
    let invited = due_messages(&f.data, &settings(), day(6, 1), &SentRegister::default());
    let sent = SentRegister::new(invited.iter().map(|d| d.key));
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.cancelled = true;
    }
    let off = cancellation(&f, &sent);
    assert!(off.contains("has been cancelled"), "{off}");
    assert!(!off.contains("no longer on the list"), "{off}");
    if let Some(s) = f.data.sessions.get_mut(&SessionId(1)) {
        s.cancelled = false;
        s.invitees.clear();
    }
    let taken_off = cancellation(&f, &sent);
    assert!(
        taken_off.contains("You are no longer on the list for Session 1"),
        "{taken_off}"
    );
    assert!(!taken_off.contains("has been cancelled"), "{taken_off}");
}

#[test]
fn a_misspelt_template_name_is_refused_naming_the_names() {
    let dir = folder_with(
        "invitatoin.txt",
        "Subject: Hello\n\nDear {{ person.name }},\n",
    );
    let err = Templates::load(Some(dir.path()))
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains(&format!(
            "invitatoin.txt in {} is not a template name",
            dir.path().display()
        )),
        "{err}"
    );
    assert!(err.contains("invitation.txt, update.txt"), "{err}");
}

#[test]
fn a_header_under_the_subject_is_refused_not_sent_as_the_first_line() {
    let dir = folder_with(
        "reminder.txt",
        "Subject: Reminder\r\nBcc: x@example.org\r\n\r\nDear {{ person.name }},\r\n",
    );
    let err = Templates::load(Some(dir.path()))
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("reminder.txt, line 2: "), "{err}");
    assert!(err.contains("cannot be set from a template"), "{err}");
}

#[test]
fn a_group_of_fields_printed_whole_is_refused_naming_the_fields() {
    let dir = folder_with("reminder.txt", "Subject: Reminder\n\nSee {{ session }}.\n");
    let err = Templates::load(Some(dir.path()))
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains(
            "line 3: `session` is a group of fields, not one to print; write one of \
             session.title, session.kind"
        ),
        "{err}"
    );
}
