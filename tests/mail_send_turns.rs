//! Two sending runs at once take turns: the one that waits says so, naming who holds the
//! sending lock and since when, and afterwards that the other run sent what was due.

#[path = "mail_send/smtp_server.rs"]
#[allow(dead_code)]
mod smtp_server;
mod support;

use nix::fcntl::{Flock, FlockArg};
use smtp_server::SmtpServer;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::{demo_db, improvers, stdout};

fn config_for(dir: &Path, port: u16) -> std::path::PathBuf {
    let file = dir.join("mail.toml");
    std::fs::write(
        &file,
        format!(
            "[mail]\nfrom = \"programme@aspiring-improvers.example\"\nsmtp_host = \
             \"127.0.0.1\"\nsmtp_port = {port}\nstarttls = false\n"
        ),
    )
    .unwrap();
    file
}

#[test]
fn a_run_that_waits_for_another_says_so_and_then_that_the_other_sent_them() {
    let (dir, db) = demo_db();
    let server = SmtpServer::start(None);
    let config = config_for(dir.path(), server.port);
    let due = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"))
        .lines()
        .filter(|l| l.contains('<'))
        .count();
    assert!(due > 0);

    // Another run holds the sending lock, as `remind` from cron would while it sends.
    let lock_file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(db.join("mail.lock"))
        .unwrap();
    let mut held = Flock::lock(lock_file, FlockArg::LockExclusive).unwrap();
    held.write_all(b"cron-runner\t07:00:02 on Mon 30 Nov 2026\n")
        .unwrap();

    let (told, heard) = mpsc::channel();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_improvers"))
                .arg("--db")
                .arg(&db)
                .arg("--config")
                .arg(&config)
                .args(["mail", "--send"])
                .env_remove("IMPROVERS_DB")
                .env_remove("IMPROVERS_CONFIG")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stderr = child.stderr.take().unwrap();
            let told = told.clone();
            let reading = std::thread::spawn(move || {
                let mut all = String::new();
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let _ = told.send(line.clone());
                    all.push_str(&line);
                    all.push('\n');
                }
                all
            });
            (child, reading)
        })
        .collect();
    // Both say they wait, and for whom, before the lock is let go.
    for _ in 0..2 {
        let line = heard
            .recv_timeout(Duration::from_secs(60))
            .expect("each run says it waits");
        assert_eq!(
            line,
            "improvers: waiting for another run that is sending (started by cron-runner at \
             07:00:02 on Mon 30 Nov 2026)…"
        );
    }
    drop(held);

    let mut summaries = Vec::new();
    let mut errors = Vec::new();
    for (child, reading) in runs {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        summaries.push(String::from_utf8(out.stdout).unwrap());
        errors.push(reading.join().unwrap());
    }
    summaries.sort_by_key(|s| s.contains("0 messages sent"));
    assert!(
        summaries[0].contains(&format!("{due} messages sent")),
        "{summaries:?}"
    );
    assert!(summaries[1].starts_with("0 messages sent"), "{summaries:?}");
    assert_eq!(
        errors
            .iter()
            .filter(|e| e.contains(
                "improvers: the run this one waited for sent what was due; nothing was left to \
                 send"
            ))
            .count(),
        1,
        "{errors:?}"
    );
    assert_eq!(server.received().len(), due);
}
