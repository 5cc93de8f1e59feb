//! Upcoming sessions' invitee lists follow who takes part, through a real owner process: a
//! withdrawal makes the cancellation due, a late enrolment the invitation, and undoing both
//! puts the lists back.

mod support;

use chrono::Utc;
use improvers::domain::ids::SessionId;
use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::sessions::Attendance;
use improvers::domain::undo::undo_of;
use improvers::store::shared::Database;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::{Server, demo_db, improvers, snapshot, stdout};

/// A configuration whose sendmail keeps nothing: what matters here is what is recorded sent.
fn sendmail_config(dir: &Path) -> PathBuf {
    let program = dir.join("sendmail");
    std::fs::write(&program, "#!/bin/sh\ncat > /dev/null\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o700)).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nfrom = \"team@aspiring.example\"\norganiser = \"team@aspiring.example\"\n\
             sendmail = \"{}\"\n",
            program.display()
        ),
    )
    .unwrap();
    config
}

fn due(db: &Path, config: &Path) -> String {
    stdout(improvers(db).arg("--config").arg(config).arg("mail"))
}

/// The lines of `listing` naming `kind` to `name` about `title`.
fn lines<'a>(listing: &'a str, kind: &str, name: &str, title: &str) -> Vec<&'a str> {
    listing
        .lines()
        .filter(|l| l.contains(&format!(" {kind} ")) && l.contains(name) && l.contains(title))
        .collect()
}

#[test]
fn withdrawing_cancels_enrolling_late_invites_and_undo_puts_both_back() {
    let (dir, db) = demo_db();
    let config = sendmail_config(dir.path());
    improvers(&db)
        .arg("--config")
        .arg(&config)
        .args(["mail", "--send"])
        .assert()
        .success();
    let _owner = Server::start(&db);

    let data = snapshot(&db);
    let today = Utc::now().with_timezone(&data.zone()).date_naive();
    let session = data
        .sessions
        .values()
        .filter(|s| s.start.date() > today && !s.cancelled && s.cohort.is_some())
        .find(|s| {
            s.invitees.iter().any(|i| {
                i.attendance == Attendance::Invited
                    && data.participants[&i.participant].stage() == PathwayStage::Active
            })
        })
        .expect("the demo has an upcoming cohort session with an active invitee");
    let leaver = session
        .invitees
        .iter()
        .map(|i| &data.participants[&i.participant])
        .find(|p| p.stage() == PathwayStage::Active)
        .unwrap();
    let cohort = data.cohorts[&session.cohort.unwrap()].number;
    let (id, title) = (session.id, session.title.clone());

    // The files a coordinator saves from a spreadsheet: CRLF line ends.
    let pathway = dir.path().join("pathway.csv");
    std::fs::write(
        &pathway,
        format!("email,stage,date\r\n{},Withdrawn,{today}\r\n", leaver.email),
    )
    .unwrap();
    improvers(&db)
        .args(["import", "pathway"])
        .arg(&pathway)
        .assert()
        .success();
    let participants = dir.path().join("participants.csv");
    std::fs::write(
        &participants,
        format!(
            "name,email,profession,organisation,cohort,stage,stage_date\r\n\
             Kensa Polglaze,kensa.polglaze@tregony-gp.example,Practice nurse,Tregony GP,\
             {cohort},Enrolled,{today}\r\n"
        ),
    )
    .unwrap();
    improvers(&db)
        .args(["import", "participants"])
        .arg(&participants)
        .assert()
        .success();

    let listing = due(&db, &config);
    assert_eq!(
        lines(&listing, "cancellation", &leaver.name, &title).len(),
        1,
        "{listing}"
    );
    assert!(
        lines(&listing, "reminder", &leaver.name, &title).is_empty(),
        "{listing}"
    );
    assert_eq!(
        lines(&listing, "invitation", "Kensa Polglaze", &title).len(),
        1,
        "{listing}"
    );

    // Both imports undone, newest first, as `u` does in the dashboard.
    let mut database = Database::open(&db).unwrap();
    for entry in database.history(2).unwrap() {
        database.apply(&undo_of(&entry)).unwrap();
    }
    let listing = due(&db, &config);
    assert!(
        lines(&listing, "cancellation", &leaver.name, &title).is_empty(),
        "{listing}"
    );
    assert!(!listing.contains("Kensa Polglaze"), "{listing}");
    let back = snapshot(&db);
    assert_eq!(back.sessions[&SessionId(id.0)].invitees, session.invitees);
}
