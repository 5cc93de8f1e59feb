//! Addresses no message can go to: refused where they come in (imports), and when one is
//! already in the register, set aside by a dry run that still writes everyone else's.

mod support;

use improvers::domain::change::{Change, Record};
use predicates::prelude::*;
use std::path::Path;
use support::{demo_db, improvers, stdout};

#[test]
fn an_address_with_a_server_address_in_brackets_is_refused_on_import_with_its_line() {
    let (dir, db) = demo_db();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "name,email,profession,organisation\r\n\
         Odd Emmerson,x@[127.0.0.1],Nurse,Fenland Community Health Trust\r\n",
    )
    .unwrap();
    improvers(&db)
        .args(["import", "participants"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "people.csv:2: column \"email\": \"x@[127.0.0.1]\" has a server's address in brackets \
             after the @; give the address with its domain name, as name@example.org",
        ))
        .stderr(predicate::str::contains("nothing was imported"));
    assert!(
        !support::snapshot(&db)
            .participants
            .values()
            .any(|p| p.name == "Odd Emmerson")
    );
}

#[test]
fn a_dry_run_sets_aside_one_message_that_cannot_be_addressed_and_writes_the_rest() {
    let (dir, db) = demo_db();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[mail]\nfrom = \"team@aspiring.example\"\n").unwrap();
    let listed = stdout(improvers(&db).arg("--config").arg(&config).arg("mail"));
    // The first participant written to (the oldest messages due are mentors' nudges).
    let first = listed
        .lines()
        .filter(|l| l.contains(" invitation "))
        .find_map(|l| Some(l.split_once('<')?.1.split_once('>')?.0.to_string()))
        .expect("the demo has mail due");
    let due = listed.lines().filter(|l| l.contains('<')).count();
    let theirs = listed
        .lines()
        .filter(|l| l.contains(&format!("<{first}>")))
        .count();
    // An address that came in before the rule, straight into the register.
    let name = set_email(&db, &first, "x@[127.0.0.1]");

    let out_dir = dir.path().join("preview");
    let out = stdout(
        improvers(&db)
            .arg("--config")
            .arg(&config)
            .args(["mail", "--dry-run", "--out"])
            .arg(&out_dir),
    );
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        due - theirs,
        "{out}"
    );
    assert!(out.contains(&format!("Not written ({theirs}):")), "{out}");
    assert!(
        out.contains(&format!(
            "  {name}'s email \"x@[127.0.0.1]\" is not an address a message can go to"
        )),
        "{out}"
    );
    assert!(!out.contains("invalid envelope"), "{out}");
}

fn set_email(db: &Path, old: &str, new: &str) -> String {
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
