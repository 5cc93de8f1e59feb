//! Sending when one message cannot go: an address the server cannot take, a sendmail that
//! refuses one recipient. That message is named (person and address) and stays due; everyone
//! else's mail still goes.

#[path = "mail_send/smtp_server.rs"]
#[allow(dead_code)]
mod smtp_server;
mod support;

use improvers::domain::change::{Change, Record};
use predicates::prelude::*;
use smtp_server::SmtpServer;
use std::path::{Path, PathBuf};
use support::{demo_db, improvers, stdout};

const FROM: &str = "programme@aspiring-improvers.example";

fn smtp_config(dir: &Path, port: u16) -> PathBuf {
    let file = dir.join(format!("mail-{port}.toml"));
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

/// The addresses `improvers mail` lists as due, one per message.
fn due_addresses(db: &Path, config: &Path) -> Vec<String> {
    stdout(improvers(db).arg("--config").arg(config).arg("mail"))
        .lines()
        .filter_map(|l| Some(l.split_once('<')?.1.split_once('>')?.0.to_string()))
        .collect()
}

fn sent_lines(out: &str) -> usize {
    out.lines().filter(|l| l.starts_with("sent ")).count()
}

/// Gives the participant whose email is `old` the email `new`; returns their name.
fn change_email(db: &Path, old: &str, new: &str) -> String {
    let mut data = support::snapshot(db);
    let (_, person) = data
        .participants
        .iter_mut()
        .find(|(_, p)| p.email == old)
        .expect("a participant has the address");
    person.email = new.to_string();
    improvers::store::shared::Database::open(db)
        .unwrap()
        .apply(&Change::Put(Record::Participant(person.clone())))
        .unwrap();
    person.name.clone()
}

#[test]
fn an_address_the_server_cannot_take_is_named_and_everyone_elses_mail_goes() {
    let (dir, db) = demo_db();
    // The loopback server, like many, does not offer SMTPUTF8.
    let server = SmtpServer::start(None);
    let config = smtp_config(dir.path(), server.port);
    let due = due_addresses(&db, &config);
    // The first participant due a message (the oldest messages due are mentors' nudges).
    let data = support::snapshot(&db);
    let first = due
        .iter()
        .find(|a| data.participants.values().any(|p| p.email == **a))
        .unwrap()
        .clone();
    let theirs = due.iter().filter(|a| **a == first).count();
    let name = change_email(&db, &first, "zoë@exämple.org");

    let assert = improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "improvers: the message to {name} <zoë@exämple.org> was not sent: the address has \
             letters beyond plain ASCII, and 127.0.0.1:{} does not take such addresses (it does \
             not offer SMTPUTF8)",
            server.port
        )))
        .stderr(predicate::str::contains("internal client error").not())
        .stderr(predicate::str::contains("could not reach").not())
        .stderr(predicate::str::contains("not tried").not());
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(sent_lines(&out), due.len() - theirs, "{out}");
    assert_eq!(server.received().len(), due.len() - theirs);
    // Theirs alone stays due, and is tried again next time.
    assert_eq!(
        due_addresses(&db, &config),
        vec!["zoë@exämple.org".to_string(); theirs]
    );
}

/// A fake sendmail that keeps what it is given in `outbox` and, like sendmail for an unknown
/// user, exits 67 (EX_NOUSER) with a line on standard error for `refuse`.
fn fake_sendmail(dir: &Path, refuse: &str) -> (PathBuf, PathBuf) {
    let outbox = dir.join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    let program = dir.join("sendmail");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do\n  if [ \"$a\" = \"{refuse}\" ]; then\n    \
             cat > /dev/null\n    echo \"$a... User unknown\" >&2\n    exit 67\n  fi\ndone\n\
             n=$(ls {0} | wc -l)\ncat > {0}/$n.eml\n",
            outbox.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o700)).unwrap();
    (program, outbox)
}

#[test]
fn through_sendmail_one_refused_recipient_holds_up_nobody_else_and_messages_have_lf_ends() {
    let (dir, db) = demo_db();
    let probe = smtp_config(dir.path(), 1);
    let due = due_addresses(&db, &probe);
    let refused = due[0].clone();
    let theirs = due.iter().filter(|a| **a == refused).count();
    let (program, outbox) = fake_sendmail(dir.path(), &refused);
    let config = dir.path().join("sendmail.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nfrom = \"{FROM}\"\nsendmail = \"{}\"\n",
            program.display()
        ),
    )
    .unwrap();
    let assert = improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{} did not take the message to ",
            program.display()
        )))
        .stderr(predicate::str::contains(format!(
            "<{refused}> ({refused}... User unknown; exit status 67); check that address"
        )))
        .stderr(predicate::str::contains("not tried").not());
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(sent_lines(&out), due.len() - theirs, "{out}");
    let handed: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(handed.len(), due.len() - theirs);
    // sendmail writes the network's CRLF itself: it is given plain LF line ends.
    for file in &handed {
        let bytes = std::fs::read(file).unwrap();
        assert!(bytes.contains(&b'\n'));
        assert!(!bytes.contains(&b'\r'), "{} holds a CR", file.display());
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("\nSubject: ") || text.starts_with("Subject: "));
    }
    assert_eq!(due_addresses(&db, &config), vec![refused; theirs]);
}
