//! Sending for real: `improvers mail --send` and `improvers remind` as processes, against an
//! SMTP server this test starts on loopback. What arrives is read back with an independent
//! mail parser and its calendar part with an independent iCalendar parser.

#[path = "mail_send/smtp_server.rs"]
mod smtp_server;
mod support;

use predicates::prelude::*;
use smtp_server::{Received, SmtpServer, closed_port};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::{demo_db, improvers, stdout};

const FROM: &str = "programme@aspiring-improvers.example";
const ORGANISER: &str = "sessions@aspiring-improvers.example";

/// A configuration sending through the loopback server at `port`, in clear (only loopback
/// is ever sent to this way, and the configuration must say so).
fn config_for(dir: &Path, port: u16) -> PathBuf {
    let file = dir.join(format!("mail-{port}.toml"));
    std::fs::write(
        &file,
        format!(
            "[mail]\r\nfrom = \"{FROM}\"\r\nfrom_name = \"Aspiring Improvers\"\r\n\
             organiser = \"{ORGANISER}\"\r\nsmtp_host = \"127.0.0.1\"\r\nsmtp_port = {port}\r\n\
             starttls = false\r\n"
        ),
    )
    .unwrap();
    file
}

/// The addresses `improvers mail` lists as due, one per message.
fn due_addresses(db: &Path, config: &Path) -> Vec<String> {
    stdout(improvers(db).arg("--config").arg(config).arg("mail"))
        .lines()
        .filter_map(|l| Some(l.split_once('<')?.1.split_once('>')?.0.to_string()))
        .collect()
}

/// The Message-IDs printed on the lines of messages sent.
fn sent_ids(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("sent "))
        .filter_map(|l| l.rsplit(' ').next().map(str::to_string))
        .collect()
}

fn parsed(received: &Received) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(&received.data)
        .expect("each message parses")
}

fn calendar_of(message: &mail_parser::Message<'_>) -> Option<String> {
    use mail_parser::MimeHeaders;
    message.parts.iter().find_map(|part| {
        let ct = part.content_type()?;
        (ct.ctype() == "text" && ct.subtype() == Some("calendar"))
            .then(|| String::from_utf8_lossy(part.contents()).into_owned())
    })
}

fn property<'a>(props: &'a [ical::property::Property], name: &str) -> Vec<&'a str> {
    props
        .iter()
        .filter(|p| p.name == name)
        .filter_map(|p| p.value.as_deref())
        .collect()
}

#[test]
fn the_demos_due_messages_arrive_whole_with_calendar_invitations_and_go_once() {
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let due = due_addresses(&db, &config);
    assert!(due.len() > 1, "the demo should have messages due: {due:?}");

    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--send"]),
    );
    let ids = sent_ids(&out);
    assert_eq!(ids.len(), due.len(), "{out}");
    assert!(
        out.contains(&format!(
            "{} messages sent through 127.0.0.1:{}; 0 not sent.",
            due.len(),
            server.port
        )),
        "{out}"
    );
    let received = server.received();
    assert_eq!(received.len(), due.len());

    let mut invitations = 0;
    for (got, id) in received.iter().zip(&ids) {
        let message = parsed(got);
        let to = message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address());
        assert_eq!(
            to,
            got.to.first().map(String::as_str),
            "To is the envelope's"
        );
        assert_eq!(
            message
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some(FROM)
        );
        assert_eq!(message.message_id(), Some(id.trim_matches(['<', '>'])));
        assert!(message.subject().is_some_and(|s| !s.trim().is_empty()));
        assert!(message.body_text(0).is_some_and(|b| !b.trim().is_empty()));
        let Some(text) = calendar_of(&message) else {
            continue;
        };
        invitations += 1;
        let calendar = ical::IcalParser::new(text.as_bytes())
            .next()
            .expect("a calendar")
            .expect("the calendar parses");
        assert_eq!(property(&calendar.properties, "METHOD"), ["REQUEST"]);
        let event = &calendar.events[0];
        assert!(property(&event.properties, "UID")[0].starts_with("session-"));
        assert_eq!(
            property(&event.properties, "ORGANIZER"),
            [format!("mailto:{ORGANISER}").as_str()]
        );
        let attendees = property(&event.properties, "ATTENDEE");
        let to = to.unwrap_or_default();
        assert!(
            attendees
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&format!("mailto:{to}"))),
            "{attendees:?} should invite {to}"
        );
    }
    assert!(
        invitations > 0,
        "some of the demo's messages are invitations"
    );

    // The register holds them all: nothing is due, and a second run sends nothing.
    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--send"]),
    );
    assert!(out.contains("0 messages sent"), "{out}");
    assert_eq!(server.received().len(), due.len());
    let listed = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"));
    assert!(listed.starts_with("No mail is due on "), "{listed}");
    assert_eq!(listed.lines().count(), 1, "{listed}");
}

#[test]
fn a_server_that_is_down_is_named_and_nothing_is_marked_sent() {
    let (dir, db) = demo_db();
    let port = closed_port();
    let config = config_for(dir.path(), port);
    let due = due_addresses(&db, &config);
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "improvers: could not reach 127.0.0.1:{port} (connection refused); check smtp_host \
             and smtp_port in [mail] and that the server is up, then run this again; nothing \
             more was sent"
        )))
        .stderr(predicate::str::contains(format!(
            "{} more messages were not tried; they stay due and go next time",
            due.len() - 1
        )));
    assert_eq!(due_addresses(&db, &config), due, "still every one due");

    // Once it is up, everything goes.
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let out = stdout(improvers(&db).arg("--config").arg(&config).arg("remind"));
    assert_eq!(sent_ids(&out).len(), due.len());
    assert_eq!(server.received().len(), due.len());
}

#[test]
fn a_refused_recipient_is_reported_the_rest_go_and_only_theirs_is_tried_again() {
    let (dir, db) = demo_db();
    let probe = config_for(dir.path(), closed_port());
    let due = due_addresses(&db, &probe);
    let refused = due[0].clone();
    let theirs = due.iter().filter(|a| **a == refused).count();
    let server = SmtpServer::start(Some(&refused));
    let config = config_for(dir.path(), server.port);
    let assert = improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("remind")
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "127.0.0.1:{} refused the message to ",
            server.port
        )))
        .stderr(predicate::str::contains(format!(
            " <{refused}> (550 Mailbox unavailable); check that address, correct it in \
             improvers if it is wrong; the message stays due"
        )));
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(sent_ids(&out).len(), due.len() - theirs, "{out}");
    assert!(!out.contains(&refused), "{out}");
    let arrived: BTreeSet<String> = server
        .received()
        .iter()
        .flat_map(|r| r.to.clone())
        .collect();
    assert!(!arrived.contains(&refused));
    assert_eq!(due_addresses(&db, &config), vec![refused.clone(); theirs]);

    // The server takes it now: only theirs goes.
    let accepting = SmtpServer::start(None);
    let config = config_for(dir.path(), accepting.port);
    let out = stdout(improvers(&db).arg("--config").arg(&config).arg("remind"));
    assert_eq!(sent_ids(&out).len(), theirs, "{out}");
    let to: Vec<String> = accepting
        .received()
        .iter()
        .flat_map(|r| r.to.clone())
        .collect();
    assert_eq!(to, vec![refused; theirs]);
}

#[test]
fn two_reminds_at_once_send_each_message_once() {
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let due = due_addresses(&db, &config);
    let binary = assert_cmd::cargo::cargo_bin("improvers");
    let start = || {
        std::process::Command::new(&binary)
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .arg("remind")
            .env_remove("IMPROVERS_DB")
            .env_remove("IMPROVERS_CONFIG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let lines =
        String::from_utf8_lossy(&a.stdout).into_owned() + &String::from_utf8_lossy(&b.stdout);
    let ids = sent_ids(&lines);
    assert_eq!(ids.len(), due.len(), "{lines}");
    assert_eq!(server.received().len(), due.len());
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    // Run again the same day: nothing, and nothing printed for cron to mail.
    assert_eq!(
        stdout(improvers(&db).arg("--config").arg(&config).arg("remind")),
        ""
    );
    assert_eq!(server.received().len(), due.len());
}

#[test]
fn sending_without_a_way_out_or_with_a_password_file_others_can_read_says_what_to_fix() {
    let (dir, db) = demo_db();
    let config = dir.path().join("none.toml");
    std::fs::write(
        &config,
        "[mail]\nfrom = \"programme@aspiring-improvers.example\"\n",
    )
    .unwrap();
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .failure()
        .stderr(format!(
            "improvers: there is no way to send mail yet: set smtp_host (with smtp_port and \
             smtp_user) or sendmail in the [mail] table of {}; see docs/mail.md\n",
            config.display()
        ));

    use std::os::unix::fs::PermissionsExt;
    let password = dir.path().join("smtp-password");
    std::fs::write(&password, "correct horse\n").unwrap();
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = dir.path().join("smtp.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nfrom = \"{FROM}\"\nsmtp_host = \"smtp.aspiring-improvers.example\"\n\
             smtp_user = \"programme\"\npassword_file = \"{}\"\n",
            password.display()
        ),
    )
    .unwrap();
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("remind")
        .assert()
        .failure()
        .stderr(format!(
            "improvers: the password file {0} can be read by other users (mode 0644); run \
             `chmod 600 {0}` so only you can read it, then try again\n",
            password.display()
        ));
}

#[test]
fn forget_scrubs_the_sent_register_and_subject_access_lists_it() {
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    stdout(improvers(&db).arg("--config").arg(&config).arg("remind"));
    // The first participant written to (the oldest messages due are mentors' nudges).
    let data = support::snapshot(&db);
    let email = server
        .received()
        .iter()
        .map(|r| r.to[0].clone())
        .find(|to| data.participants.values().any(|p| p.email == *to))
        .unwrap();
    let before = stdout(improvers(&db).args(["export", "person", &email, "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&before).unwrap();
    let sent = &json["participants"][0]["mail_sent"];
    assert!(
        sent.as_array().is_some_and(|s| !s.is_empty()),
        "subject access lists the mail sent: {before}"
    );
    assert_eq!(sent[0]["to_email"], email.as_str());
    let text = stdout(improvers(&db).args(["export", "person", &email]));
    assert!(text.contains("Mail sent to them:"), "{text}");

    stdout(
        improvers(&db)
            .env("COLUMNS", "500")
            .args(["forget", &email, "--yes"]),
    );
    let data = support::snapshot(&db);
    assert!(!data.mail_sent.is_empty());
    for m in data.mail_sent.values() {
        assert!(
            !m.to_email.eq_ignore_ascii_case(&email),
            "the register still holds {email}"
        );
    }
    // Nor does any file of the database, history included, hold the address any more.
    assert_eq!(files_holding(&db, &email), Vec::<String>::new());
    // Their messages stay sent: erasing someone does not send them mail again.
    assert_eq!(
        due_addresses(&db, &config)
            .iter()
            .filter(|a| a.contains("erased"))
            .count(),
        0
    );
}

/// The `[mail]` example on docs/mail.md is a configuration improvers reads as it says.
#[test]
fn the_mail_pages_example_configuration_reads() {
    use improvers::domain::mail::transport::{PasswordSource, Smtp, Transport};
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/mail.md")).unwrap();
    let example = page
        .split("```text\n")
        .skip(1)
        .filter_map(|b| b.split_once("```").map(|(text, _)| text))
        .find(|text| text.starts_with("[mail]"))
        .expect("docs/mail.md shows a [mail] table");
    let config = improvers::io::config::parse_config(example, "docs/mail.md").unwrap();
    assert_eq!(
        config.mail.transport,
        Transport::Smtp(Smtp {
            host: "smtp.fenland-hp.example".into(),
            port: 587,
            user: Some("aspiring.improvers".into()),
            starttls: true,
            password: PasswordSource::Environment("IMPROVERS_SMTP_PASSWORD".into()),
            ca_file: None,
        })
    );
}

#[test]
fn through_sendmail_each_message_is_handed_over_once() {
    let (dir, db) = demo_db();
    let outbox = dir.path().join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    let program = dir.path().join("sendmail");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nn=$(ls {0} | wc -l)\ncat > {0}/$n.eml\n",
            outbox.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o700)).unwrap();
    let config = dir.path().join("sendmail.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nfrom = \"{FROM}\"\norganiser = \"{ORGANISER}\"\nsendmail = \"{}\"\n",
            program.display()
        ),
    )
    .unwrap();
    let due = due_addresses(&db, &config);
    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--send"]),
    );
    assert!(
        out.contains(&format!(
            "{} messages sent through {}; 0 not sent.",
            due.len(),
            program.display()
        )),
        "{out}"
    );
    let handed: Vec<_> = std::fs::read_dir(&outbox).unwrap().collect();
    assert_eq!(handed.len(), due.len());
    let out = stdout(improvers(&db).arg("--config").arg(&config).arg("remind"));
    assert_eq!(out, "");
    assert_eq!(std::fs::read_dir(&outbox).unwrap().count(), due.len());
}

#[test]
fn mail_never_goes_in_clear_unless_the_configuration_says_so() {
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = dir.path().join("secure.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nfrom = \"{FROM}\"\norganiser = \"{ORGANISER}\"\nsmtp_host = \"127.0.0.1\"\n\
             smtp_port = {}\n",
            server.port
        ),
    )
    .unwrap();
    let due = due_addresses(&db, &config);
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("remind")
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "improvers: 127.0.0.1:{} does not offer STARTTLS, and mail is only sent over a \
             secure connection; check smtp_host and smtp_port in [mail] (submission with \
             STARTTLS is on port 587), or set starttls = false only for a server on this same \
             machine",
            server.port
        )));
    assert!(server.received().is_empty());
    assert_eq!(due_addresses(&db, &config), due);
}

#[test]
fn someone_without_an_email_address_is_named_and_holds_up_nobody_else() {
    use improvers::domain::change::{Change, Record};
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let due = due_addresses(&db, &config);
    let mut data = support::snapshot(&db);
    let without = due
        .iter()
        .find(|a| data.participants.values().any(|p| p.email == **a))
        .unwrap()
        .clone();
    let theirs = due.iter().filter(|a| **a == without).count();
    let (_, person) = data
        .participants
        .iter_mut()
        .find(|(_, p)| p.email == without)
        .unwrap();
    person.email = String::new();
    let name = person.name.clone();
    improvers::store::shared::Database::open(&db)
        .unwrap()
        .apply(&Change::Put(Record::Participant(person.clone())))
        .unwrap();
    let listed = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"));
    let (_, unsendable) = listed
        .split_once("Cannot be sent, no email in the register")
        .unwrap_or_else(|| panic!("the unsendable are listed apart: {listed}"));
    assert!(unsendable.contains(&format!("  {name}: ")), "{listed}");
    let assert = improvers(&db)
        .arg("--config")
        .arg(&config)
        .arg("remind")
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "to {name} was not sent: they have no email address; add one and it goes next time"
        )));
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(sent_ids(&out).len(), due.len() - theirs);
    assert_eq!(server.received().len(), due.len() - theirs);
}

/// The files under `folder` whose bytes hold `text`.
fn files_holding(folder: &Path, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(text.len()).any(|w| w == text.as_bytes()) {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn a_send_run_is_one_history_entry_and_a_run_cut_short_is_entered_by_the_next_not_sent_again() {
    use improvers::domain::describe::describe_entry;
    use improvers::domain::mail::sent::{SentId, SentMessage, sent_register};
    use improvers::domain::mail::{MailSettings, due_messages};
    use improvers::io::mail::journal::Journal;
    use improvers::store::Scope;
    use improvers::store::shared::Database;
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let snapshot = || {
        Database::open(&db)
            .unwrap()
            .snapshot(Scope::Everything)
            .unwrap()
            .1
    };
    // A run that was cut short after the server took the first message due, before it could
    // enter it in the register: it is written down in the journal only.
    let data = snapshot();
    let today = improvers::commands::local_now(&data).today();
    let due = due_messages(
        &data,
        &MailSettings::default(),
        today,
        &sent_register(&data),
    );
    let first = due.iter().find(|m| m.recipient.email.is_some()).unwrap();
    let mut journal = Journal::of(&db);
    journal
        .write_down(&SentMessage {
            id: SentId(0),
            key: first.key,
            to_person: first.recipient.person,
            to_email: first.recipient.email.clone().unwrap(),
            message_id: "<cut-short@aspiring-improvers.improvers>".into(),
            at: chrono::Utc::now(),
        })
        .unwrap();
    let last_before = data.seq;
    let sent_before = data.mail_sent.len();

    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--send"]),
    );
    let ids = sent_ids(&out);
    let sendable = due.iter().filter(|m| m.recipient.email.is_some()).count();
    assert_eq!(
        ids.len(),
        sendable - 1,
        "the one written down is not sent again: {out}"
    );
    let slug = first.key.slug();
    assert!(
        !server.received().iter().any(|r| parsed(r)
            .message_id()
            .is_some_and(|id| id.starts_with(&slug))),
        "{slug} went again"
    );
    let data = snapshot();
    assert_eq!(data.mail_sent.len(), sent_before + sendable, "{out}");
    assert!(
        !db.join("mail.sent-journal").exists(),
        "the journal is cleared"
    );
    let history = Database::open(&db).unwrap().history(10).unwrap();
    let new: Vec<_> = history.iter().filter(|e| e.seq > last_before).collect();
    assert_eq!(new.len(), 1, "one history entry for the run");
    assert_eq!(
        describe_entry(new[0], &data),
        format!("sent {sendable} messages")
    );
}

/// A server on loopback that offers to log in and refuses every password (535), as a real
/// one does when the password is wrong; returns its port.
fn refusing_logins() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut out = stream.try_clone().unwrap();
            let mut lines = BufReader::new(stream);
            let _ = out.write_all(b"220 mail.test.example ESMTP\r\n");
            let mut line = String::new();
            while lines.read_line(&mut line).is_ok_and(|n| n > 0) {
                let command = line.to_ascii_uppercase();
                let reply: &[u8] = if command.starts_with("EHLO") {
                    b"250-mail.test.example\r\n250 AUTH PLAIN LOGIN\r\n"
                } else if command.starts_with("AUTH") {
                    b"535 5.7.8 Authentication credentials invalid\r\n"
                } else if command.starts_with("QUIT") {
                    b"221 2.0.0 Bye\r\n"
                } else {
                    b"503 5.5.1 Log in first\r\n"
                };
                if out.write_all(reply).is_err() || command.starts_with("QUIT") {
                    break;
                }
                line.clear();
            }
        }
    });
    port
}

#[test]
fn a_wrong_password_is_said_plainly_and_nothing_is_marked_sent() {
    let (dir, db) = demo_db();
    let port = refusing_logins();
    let config = dir.path().join("login.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\r\nfrom = \"{FROM}\"\r\nsmtp_host = \"127.0.0.1\"\r\nsmtp_port = {port}\r\n\
             starttls = false\r\nsmtp_user = \"aspiring.improvers\"\r\n\
             password_env = \"IMPROVERS_TEST_SMTP_PASSWORD\"\r\n"
        ),
    )
    .unwrap();
    let due = due_addresses(&db, &config);
    let out = improvers(&db)
        .env("IMPROVERS_TEST_SMTP_PASSWORD", "not-the-password")
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{port} refused the login (535")),
        "{stderr}"
    );
    assert!(
        stderr.contains("check smtp_user in [mail] and the password"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("not-the-password"),
        "the password is never shown"
    );
    assert!(sent_ids(&String::from_utf8_lossy(&out.stdout)).is_empty());
    assert_eq!(due_addresses(&db, &config), due, "everything stays due");
}

/// A site's own certificate authority and a certificate it signed for 127.0.0.1, made with the
/// `openssl` program in `dir`: (authority, certificate, key). `None` when openssl is not there.
fn site_certificates(dir: &Path) -> Option<(PathBuf, PathBuf, PathBuf)> {
    let run = |args: &[&str]| {
        std::process::Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !run(&["version"]) {
        return None;
    }
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let made = run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Fenland Health Partnership Test CA",
    ]) && run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]) && run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
    assert!(
        made,
        "openssl is there but could not make the test certificates"
    );
    Some((
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    ))
}

#[test]
fn starttls_to_a_server_signed_by_the_sites_own_authority_works_once_ca_file_names_it() {
    let (dir, db) = demo_db();
    let Some((ca, cert, key)) = site_certificates(dir.path()) else {
        println!("skipped: the openssl program is not installed to make test certificates");
        return;
    };
    let server = SmtpServer::start_tls(&cert, &key);
    let config = |name: &str, extra: &str| {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            format!(
                "[mail]\r\nfrom = \"{FROM}\"\r\nsmtp_host = \"127.0.0.1\"\r\nsmtp_port = {}\r\n{extra}",
                server.port
            ),
        )
        .unwrap();
        file
    };
    let due = due_addresses(&db, &config("plain.toml", ""));
    // Only the public authorities are trusted: the site's certificate is refused, nothing goes.
    let refused = improvers(&db)
        .arg("--config")
        .arg(config("public.toml", ""))
        .args(["mail", "--send"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(&format!(
            "127.0.0.1:{} was reached, but its certificate was not trusted",
            server.port
        )) && said.contains("ca_file in [mail]"),
        "{said}"
    );
    assert!(server.received().is_empty(), "nothing goes unchecked");
    // Trusting the site's authority, the connection is upgraded and every message goes.
    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(config(
                "site.toml",
                &format!("ca_file = \"{}\"\r\n", ca.display()),
            ))
            .args(["mail", "--send"]),
    );
    assert_eq!(sent_ids(&out).len(), due.len(), "{out}");
    assert_eq!(server.received().len(), due.len());
    // A ca_file that is not a certificate says so, naming it.
    let wrong = improvers(&db)
        .arg("--config")
        .arg(config(
            "wrong.toml",
            &format!("ca_file = \"{}\"\r\n", key.display()),
        ))
        .args(["mail", "--send"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("is not a PEM certificate"), "{said}");
}
