//! The dashboard's mail place: what is due and a preview, drawn at a fixed clock; and the
//! coordinator's story on a real database with a loopback SMTP server: plan a session (its
//! cohort is invited), send from the dashboard, move it, send the updates, cancel it, send the
//! cancellations, reading what arrives with an independent iCalendar parser.

mod screen;
#[path = "mail_send/smtp_server.rs"]
mod smtp_server;
mod support;

use improvers::domain::mail::MailSettings;
use improvers::domain::mail::transport::{PasswordSource, Smtp, Transport};
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::link::Link;
use improvers::tui::mail::MailSetup;
use screen::{app_after, now, press, screen_of};
use smtp_server::{Received, SmtpServer, closed_port};
use std::time::Duration;

const FROM: &str = "programme@aspiring-improvers.example";

fn settings(transport: Transport) -> MailSettings {
    MailSettings {
        from: Some(FROM.into()),
        from_name: Some("Aspiring Improvers".into()),
        transport,
        ..MailSettings::default()
    }
}

fn loopback(port: u16) -> Transport {
    Transport::Smtp(Smtp {
        host: "127.0.0.1".into(),
        port,
        user: None,
        starttls: false,
        password: PasswordSource::None,
        ca_file: None,
    })
}

fn with_mail(app: &mut App, transport: Transport) {
    app.mail_setup = MailSetup {
        settings: settings(transport),
        config_name: "/home/coordinator/.config/improvers/config.toml".into(),
        ..MailSetup::default()
    };
}

#[test]
fn m_lists_what_is_due_and_names_the_mail_keys_to_set_when_sending_is_not_set_up() {
    let mut app = app_after("");
    with_mail(&mut app, Transport::Unset);
    press(&mut app, "M");
    let small = screen_of(&app, 80, 24);
    assert!(small.contains("Due ("), "{small}");
    assert!(small.contains("invitation"), "{small}");
    insta::assert_snapshot!("mail_place_80x24", small);
    let large = screen_of(&app, 160, 48);
    assert!(large.contains("smtp_host"), "{large}");
    assert!(
        large.contains("/home/coordinator/.config/improvers/config.toml"),
        "{large}"
    );
    let rows: Vec<&str> = large
        .lines()
        .filter(|l| l.contains(" invitation ") || l.contains(" mentor nudge "))
        .collect();
    let with_address = rows.iter().filter(|l| l.contains(".example>")).count();
    assert!(
        with_address == 0 || with_address == rows.len(),
        "every row in sight shows its address or none does: {large}"
    );
    insta::assert_snapshot!("mail_place_160x48", large);
    // s does not ask to send what cannot go; it says what to set.
    press(&mut app, "s");
    assert!(app.take_effects().is_empty());
    let said = screen_of(&app, 160, 48);
    assert!(said.contains("set smtp_host"), "{said}");
}

/// Opens the mail place and moves to its first invitation: the list is in due order, so older
/// mentor nudges come first.
fn to_first_invitation(app: &mut App) {
    press(app, "M");
    let at = app
        .mail
        .as_ref()
        .and_then(|m| {
            m.due
                .iter()
                .position(|d| d.kind == improvers::domain::mail::MessageKind::Invitation)
        })
        .expect("an invitation is due");
    for _ in 0..at {
        press(app, "j");
    }
}

#[test]
fn enter_previews_the_message_with_its_headers_and_calendar_part() {
    let mut app = app_after("");
    with_mail(&mut app, Transport::Unset);
    to_first_invitation(&mut app);
    press(&mut app, "Enter");
    let preview = screen_of(&app, 160, 48);
    assert!(preview.contains(&format!("<{FROM}>")), "{preview}");
    assert!(preview.contains("To: "), "{preview}");
    assert!(preview.contains("Subject: Invitation"), "{preview}");
    assert!(
        preview.contains("Calendar: METHOD:REQUEST, Fri 4 Dec 2026 17:30 London time, SEQUENCE"),
        "{preview}"
    );
    insta::assert_snapshot!("mail_preview_160x48", preview);
    press(&mut app, "Esc Esc");
    assert!(app.mail.is_none(), "Esc leaves the preview, then the place");
}

#[test]
fn m_and_colon_mail_open_the_place_on_an_empty_database_too() {
    let mut app = App::new(Default::default(), now());
    press(&mut app, "M");
    assert!(app.mail.is_some());
    let shown = screen_of(&app, 80, 24);
    assert!(shown.contains("Nothing is due."), "{shown}");
    press(&mut app, "Esc : m a i l Enter");
    assert!(app.mail.is_some(), ":mail opens it");
}

fn calendars(received: &[Received]) -> Vec<(String, String, u32, String)> {
    // (attendee, METHOD, SEQUENCE, UID) of each message's calendar part.
    received
        .iter()
        .filter_map(|r| {
            let message = mail_parser::MessageParser::default().parse(&r.data)?;
            use mail_parser::MimeHeaders;
            let text = message.parts.iter().find_map(|part| {
                let ct = part.content_type()?;
                (ct.ctype() == "text" && ct.subtype() == Some("calendar"))
                    .then(|| String::from_utf8_lossy(part.contents()).into_owned())
            })?;
            let calendar = ical::IcalParser::new(text.as_bytes()).next()?.ok()?;
            let method = calendar
                .properties
                .iter()
                .find(|p| p.name == "METHOD")?
                .value
                .clone()?;
            let event = calendar.events.first()?;
            let value = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
            };
            Some((
                r.to.join(","),
                method,
                value("SEQUENCE")?.parse().ok()?,
                value("UID")?,
            ))
        })
        .collect()
}

/// Sends everything due from the dashboard (`M s y`) and waits for the run to end; returns
/// what the server received this time.
fn send_from_dashboard(link: &mut Link, app: &mut App, server: &SmtpServer) -> Vec<Received> {
    let before = server.received().len();
    press(app, "M");
    link.carry_out_all(app);
    press(app, "s");
    let asked = screen_of(app, 160, 48);
    assert!(
        asked.contains("now, to"),
        "the question names how many and to whom: {asked}"
    );
    press(app, "y");
    link.carry_out_all(app);
    link.finish_sending(app, Duration::from_secs(60));
    let shown = screen_of(app, 160, 48);
    assert!(shown.contains("Sent "), "{shown}");
    press(app, "Esc");
    server.received().split_off(before)
}

#[test]
fn a_session_planned_moved_and_cancelled_in_the_dashboard_lands_in_calendars() {
    let (_dir, db) = support::demo_db();
    let server = SmtpServer::start(None);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    with_mail(&mut app, loopback(server.port));
    // What the demo already had due goes first, so what follows is this session's alone.
    send_from_dashboard(&mut link, &mut app, &server);
    press(&mut app, "3 z n");
    press(
        &mut app,
        "Tab Calendar Space story Tab Tab Tab C-u 2027-06-08 Tab C-u 11:00 Enter",
    );
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    press(&mut app, "M");
    let due = screen_of(&app, 160, 48);
    assert!(
        due.contains("Calendar story"),
        "the invitations are due: {due}"
    );
    press(&mut app, "Esc");

    let invitations = calendars(&send_from_dashboard(&mut link, &mut app, &server));
    assert_eq!(
        invitations.len(),
        14,
        "cohort 2 is invited: {invitations:?}"
    );
    assert!(invitations.iter().all(|(_, m, _, _)| m == "REQUEST"));
    let uid = invitations[0].3.clone();
    let first_sequence = invitations[0].2;
    assert_eq!(first_sequence, 0, "a first invitation is SEQUENCE 0");
    assert!(invitations.iter().all(|(_, _, _, u)| *u == uid));

    // Moved a day later: each invitee is sent the same event, with a higher SEQUENCE.
    press(&mut app, "e Tab Tab Tab Tab C-u 2027-06-09 Enter");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    // The calendar export gives the event the UID and SEQUENCE its update carries.
    let exported = improvers::io::export::sessions_ics(&app.data, None, chrono::Utc::now());
    let unfolded = exported.replace("\r\n ", "");
    let event = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{uid}\r\n")))
        .unwrap_or_else(|| panic!("{uid} is exported: {unfolded}"));
    assert!(event.contains("SEQUENCE:1\r\n"), "{event}");
    let updates = calendars(&send_from_dashboard(&mut link, &mut app, &server));
    assert_eq!(updates.len(), 14, "{updates:?}");
    assert!(
        updates
            .iter()
            .all(|(_, m, s, u)| m == "REQUEST" && *u == uid && *s == 1),
        "{updates:?}"
    );

    // Cancelled: METHOD:CANCEL for the same event.
    press(&mut app, "x y");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    let cancellations = calendars(&send_from_dashboard(&mut link, &mut app, &server));
    assert_eq!(cancellations.len(), 14, "{cancellations:?}");
    assert!(
        cancellations
            .iter()
            .all(|(_, m, s, u)| m == "CANCEL" && *u == uid && *s == 2),
        "{cancellations:?}"
    );
}

#[test]
fn a_dashboard_and_remind_sending_at_once_send_each_message_once() {
    let (dir, db) = support::demo_db();
    let server = SmtpServer::start(None);
    let config = dir.path().join("mail.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\r\nfrom = \"{FROM}\"\r\nsmtp_host = \"127.0.0.1\"\r\nsmtp_port = {}\r\n\
             starttls = false\r\n",
            server.port
        ),
    )
    .unwrap();
    // The dashboard opens first, so it owns the database and `remind` is its client.
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    assert!(link.database.is_owner());
    let mut app = App::new(data, now());
    with_mail(&mut app, loopback(server.port));
    press(&mut app, "M s y");
    link.carry_out_all(&mut app);
    let remind = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
        .arg("--db")
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .arg("remind")
        .output()
        .unwrap();
    link.finish_sending(&mut app, Duration::from_secs(60));
    assert!(
        remind.status.success(),
        "{}",
        String::from_utf8_lossy(&remind.stderr)
    );
    let received = server.received();
    let mut ids: Vec<String> = received
        .iter()
        .filter_map(|r| {
            let message = mail_parser::MessageParser::default().parse(&r.data)?;
            message.message_id().map(str::to_string)
        })
        .collect();
    let arrived = ids.len();
    assert!(arrived > 1, "the demo has mail due");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), arrived, "no message arrived twice");
    assert_eq!(
        app.data.mail_sent.len(),
        arrived,
        "the register holds each message that arrived, once"
    );
    press(&mut app, "M");
    let shown = screen_of(&app, 160, 48);
    // The newest eight are listed, and the heading counts every one sent, each row saying
    // what it was about.
    assert!(
        shown.contains(&format!("Sent lately (8 of {arrived})")),
        "{shown}"
    );
    assert!(shown.contains(", Tue 1 Dec 2026 13:00"), "{shown}");
}

#[test]
fn a_server_that_is_down_is_named_in_the_mail_place_and_everything_stays_due() {
    let (_dir, db) = support::demo_db();
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    let port = closed_port();
    with_mail(&mut app, loopback(port));
    press(&mut app, "M");
    let due = app.mail.as_ref().map_or(0, |m| m.due.len());
    press(&mut app, "s y");
    link.carry_out_all(&mut app);
    link.finish_sending(&mut app, Duration::from_secs(60));
    let shown = screen_of(&app, 160, 48);
    assert!(
        shown.contains(&format!("Not sent: could not reach 127.0.0.1:{port}")),
        "{shown}"
    );
    assert!(shown.contains("Sent 0 of"), "{shown}");
    assert!(app.data.mail_sent.is_empty(), "nothing is entered as sent");
    assert_eq!(app.mail.as_ref().map_or(0, |m| m.due.len()), due);
}

#[test]
fn quitting_while_sending_finishes_the_message_in_hand_and_records_every_message_that_went() {
    let (_dir, db) = support::demo_db();
    let server = SmtpServer::start_taking(None, Duration::from_millis(400));
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    with_mail(&mut app, loopback(server.port));
    press(&mut app, "M");
    let due = app.mail.as_ref().map_or(0, |m| m.due.len());
    assert!(due > 2, "the demo has mail due");
    press(&mut app, "s y");
    link.carry_out_all(&mut app);
    // Wait until the server holds the first message and the second is with it.
    let started = std::time::Instant::now();
    while server.received().is_empty() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    link.hear_sending(&mut app);
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("Sending… (2 of "), "{shown}");
    press(&mut app, "Esc q");
    assert!(app.quit);
    link.close(&mut app);
    let arrived = server.received().len();
    assert!(
        arrived < due,
        "the send stopped after the message in hand ({arrived} of {due} arrived)"
    );
    // Read afresh, as the next run would: every message that arrived is in the register.
    drop(link);
    let (_, data) = Database::open(&db)
        .unwrap()
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert_eq!(data.mail_sent.len(), arrived, "nothing went unrecorded");
}

#[test]
fn a_session_deleted_after_its_invitations_went_sends_their_cancellations() {
    let (_dir, db) = support::demo_db();
    let server = SmtpServer::start(None);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    with_mail(&mut app, loopback(server.port));
    send_from_dashboard(&mut link, &mut app, &server);
    press(&mut app, "3 z n");
    press(
        &mut app,
        "Tab Deleted Space story Tab Tab Tab C-u 2027-06-08 Tab C-u 11:00 Enter",
    );
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    let invitations = calendars(&send_from_dashboard(&mut link, &mut app, &server));
    assert_eq!(invitations.len(), 14, "{invitations:?}");
    let (_, _, invited_at, uid) = invitations[0].clone();

    press(&mut app, "d y");
    link.carry_out_all(&mut app);
    link.settle(&mut app);
    assert!(
        !app.data
            .sessions
            .values()
            .any(|s| s.title == "Deleted story"),
        "the session is deleted, not cancelled"
    );
    // What a dashboard opened afterwards reads from the database owes the same.
    let (_, fresh) = Database::open(&db)
        .unwrap()
        .snapshot(improvers::store::Scope::Everything)
        .unwrap();
    assert!(
        fresh
            .deleted_sessions
            .values()
            .any(|s| s.title == "Deleted story")
    );
    assert_eq!(fresh.deleted_sessions, app.data.deleted_sessions);
    let cancellations = calendars(&send_from_dashboard(&mut link, &mut app, &server));
    assert_eq!(cancellations.len(), 14, "{cancellations:?}");
    let mut to: Vec<&str> = cancellations.iter().map(|c| c.0.as_str()).collect();
    let mut invited: Vec<&str> = invitations.iter().map(|c| c.0.as_str()).collect();
    to.sort();
    invited.sort();
    assert_eq!(to, invited, "everyone invited is told");
    assert!(
        cancellations
            .iter()
            .all(|(_, m, s, u)| m == "CANCEL" && *u == uid && *s > invited_at),
        "{cancellations:?}"
    );
    press(&mut app, "M");
    let due = app.mail.as_ref().map_or(0, |m| m.due.len());
    assert_eq!(due, 0, "each cancellation goes once");
}

#[test]
fn a_send_from_the_dashboard_sends_what_is_due_on_the_dashboards_day() {
    use improvers::domain::mail::due_messages;
    use improvers::domain::mail::sent::sent_register;
    use improvers::domain::sessions::schedule::LocalNow;
    let (_dir, db) = support::demo_db();
    let server = SmtpServer::start(None);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    // Three weeks from the real today: other reminders and news are due then.
    let real_today = improvers::commands::local_now(&data).today();
    let day = real_today + chrono::Duration::days(21);
    let clock = LocalNow {
        at: day.and_hms_opt(9, 0, 0).unwrap(),
    };
    let register = sent_register(&data);
    let settings = settings(loopback(server.port));
    let on = |d| {
        let mut keys: Vec<_> = due_messages(&data, &settings, d, &register)
            .into_iter()
            .filter(|m| m.recipient.email.is_some())
            .map(|m| m.key)
            .collect();
        keys.sort();
        keys
    };
    let listed = on(day);
    assert_ne!(
        listed,
        on(real_today),
        "the two days have different mail due"
    );
    let mut app = App::new(data.clone(), clock);
    with_mail(&mut app, loopback(server.port));
    press(&mut app, "M");
    assert_eq!(app.mail.as_ref().map_or(0, |m| m.due.len()), listed.len());
    press(&mut app, "s y");
    link.carry_out_all(&mut app);
    link.finish_sending(&mut app, Duration::from_secs(60));
    let mut sent: Vec<_> = app.data.mail_sent.values().map(|m| m.key).collect();
    sent.sort();
    assert_eq!(sent, listed, "what the mail place listed is what went");
}

#[test]
fn question_mark_in_the_mail_place_lists_its_keys() {
    let mut app = app_after("");
    with_mail(&mut app, Transport::Unset);
    press(&mut app, "M ?");
    let help = screen_of(&app, 80, 24);
    assert!(help.contains("Keys: the mail place"), "{help}");
    for key in [
        "Enter",
        "send everything due",
        "dry run",
        "close the mail place",
    ] {
        assert!(help.contains(key), "{key}: {help}");
    }
    insta::assert_snapshot!("mail_place_keys_80x24", help);
    press(&mut app, "x");
    assert!(
        app.mail.as_ref().is_some_and(|m| m.shown),
        "help closes, the place stays"
    );
}

#[test]
fn the_preview_works_before_from_is_set_and_says_to_set_it() {
    let mut app = app_after("");
    with_mail(&mut app, Transport::Unset);
    app.mail_setup.settings.from = None;
    to_first_invitation(&mut app);
    press(&mut app, "Enter");
    let preview = screen_of(&app, 160, 48);
    assert!(
        preview
            .contains("Set [mail] from in /home/coordinator/.config/improvers/config.toml to send"),
        "{preview}"
    );
    assert!(preview.contains("From: (not set)"), "{preview}");
    assert!(preview.contains("Subject: Invitation"), "{preview}");
    assert!(preview.contains("Calendar: METHOD:REQUEST"), "{preview}");
}

#[test]
fn the_mail_place_names_a_template_that_fails_when_it_lists() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("reminder.txt");
    std::fs::write(
        &file,
        "Subject: Reminder\n\nSession number {{ session.title | int }}.\n",
    )
    .unwrap();
    let mut app = app_after("");
    with_mail(&mut app, Transport::Unset);
    app.mail_setup.templates =
        improvers::io::mail::Templates::load(Some(folder.path())).map_err(|e| e.to_string());
    press(&mut app, "M");
    let shown = screen_of(&app, 160, 48).replace(['┃', '│', '\n'], "");
    let squeezed: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squeezed.contains(&format!("A template fails: {}, line 3:", file.display())),
        "{shown}"
    );
}

#[test]
fn the_open_dashboard_reads_the_mail_settings_afresh_and_names_every_key_still_needed() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[mail]\n").unwrap();
    let mut app = app_after("");
    app.mail_setup = MailSetup {
        config_name: config.display().to_string(),
        config_file: Some(config.clone()),
        ..MailSetup::default()
    };
    press(&mut app, "M");
    let said = screen_of(&app, 160, 48);
    assert!(said.contains("set from (the programme's mailbox"), "{said}");
    assert!(said.contains("smtp_host"), "{said}");
    // Set while the dashboard is open: s asks to send, without a restart.
    std::fs::write(
        &config,
        format!("[mail]\nfrom = \"{FROM}\"\nsendmail = \"/usr/sbin/sendmail\"\n"),
    )
    .unwrap();
    press(&mut app, "s");
    assert!(
        app.mail.as_ref().is_some_and(|m| m.asking.is_some()),
        "{}",
        screen_of(&app, 160, 48)
    );
}
