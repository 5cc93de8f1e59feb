//! The demo programme's people are invented: no mail is ever sent from it, whatever the mail
//! settings, from the command line or the dashboard; its mail can still be listed, previewed
//! and written as a dry run.

mod screen;
#[path = "mail_send/smtp_server.rs"]
#[allow(dead_code)]
mod smtp_server;
mod support;

use improvers::domain::mail::MailSettings;
use improvers::domain::mail::transport::{PasswordSource, Smtp, Transport};
use improvers::store::shared::Database;
use improvers::tui::app::App;
use improvers::tui::effects::Effect;
use improvers::tui::link::Link;
use improvers::tui::mail::MailSetup;
use predicates::prelude::*;
use screen::{now, press, screen_of};
use smtp_server::SmtpServer;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{improvers, stdout};

const FROM: &str = "programme@aspiring-improvers.example";

/// The demo as `improvers demo` leaves it, mark and all.
fn the_demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    (dir, db)
}

fn config_for(dir: &Path, port: u16) -> PathBuf {
    let file = dir.join("mail.toml");
    std::fs::write(
        &file,
        format!(
            "[mail]\nfrom = \"{FROM}\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\n\
             starttls = false\n"
        ),
    )
    .unwrap();
    file
}

#[test]
fn the_demo_sends_nothing_from_the_command_line_but_lists_and_writes_its_mail() {
    let (dir, db) = the_demo();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let refusal = format!(
        "improvers: this is the demo programme: its people are invented, so no mail is sent \
         from it; `improvers --db {} --config {} mail --dry-run` writes the messages for you \
         to read instead\n",
        db.display(),
        config.display()
    );
    for args in [&["mail", "--send"][..], &["remind"]] {
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(args)
            .assert()
            .failure()
            .stdout("")
            .stderr(refusal.clone());
    }
    assert!(server.received().is_empty(), "nothing reached the server");

    let listed = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"));
    assert!(listed.starts_with("Due on "), "{listed}");
    let out = dir.path().join("preview");
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--dry-run", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("(nothing was sent)"));
    assert!(std::fs::read_dir(&out).unwrap().count() > 0);
    assert!(support::snapshot(&db).mail_sent.is_empty());
}

#[test]
fn the_demo_sends_nothing_from_the_dashboard_but_previews_and_writes() {
    let (_dir, db) = the_demo();
    let server = SmtpServer::start(None);
    let (mut link, data) = Link::open(Database::open(&db).unwrap()).unwrap();
    let mut app = App::new(data, now());
    app.mail_setup = MailSetup {
        settings: MailSettings {
            from: Some(FROM.into()),
            transport: Transport::Smtp(Smtp {
                host: "127.0.0.1".into(),
                port: server.port,
                user: None,
                starttls: false,
                ca_file: None,
                password: PasswordSource::None,
            }),
            ..MailSettings::default()
        },
        demo: improvers::commands::demo::is_demo(&db),
        ..MailSetup::default()
    };
    press(&mut app, "M");
    let place = screen_of(&app, 160, 48);
    assert!(
        place.contains("This is the demo programme: its people are invented, so no mail is sent"),
        "the place says so before anyone asks: {place}"
    );
    // s does not ask: it says why, and nothing is sent.
    press(&mut app, "s");
    assert!(app.take_effects().is_empty());
    assert!(app.mail.as_ref().is_some_and(|m| m.asking.is_none()));
    press(&mut app, "y");
    link.carry_out_all(&mut app);
    assert!(server.received().is_empty());
    // The preview and the dry run work.
    press(&mut app, "Enter");
    assert!(screen_of(&app, 160, 48).contains("Subject: "));
    press(&mut app, "Esc w");
    assert!(matches!(app.take_effects()[..], [Effect::WriteMail]));

    // Even a send asked of the database directly is refused, and said in the place.
    app.mail_setup.demo = false;
    press(&mut app, "s y");
    link.carry_out_all(&mut app);
    link.finish_sending(&mut app, Duration::from_secs(60));
    let shown = screen_of(&app, 160, 48);
    assert!(shown.contains("this is the demo programme"), "{shown}");
    assert!(server.received().is_empty());
    assert!(app.data.mail_sent.is_empty());
}
