//! `improvers forget EMAIL`: after it, no byte of any file of the database holds the person's
//! name or email, the figures are what they were, `check` agrees, and nothing brings them back.

mod common;
mod support;

use improvers::domain::budget::Expense;
use improvers::domain::change::{Change, Record, RecordKey};
use improvers::domain::ids::{ExpenseId, ParticipantId};
use improvers::domain::people::PersonRef;
use improvers::domain::people::erasure::people_with_email;
use improvers::domain::snapshot::Snapshot;
use improvers::store::Scope;
use improvers::store::shared::Database;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use support::{demo_db, improvers, snapshot, status_json, stdout};

const NAME: &str = "Amara Lindqvist";
const EMAIL: &str = "amara.lindqvist@riverside-uh.example";
const SECOND_EMAIL: &str = "declan.osei-marsh@kingsmead-ambulance.example";

/// Every spelling of `text` a file could hold it in: as typed, lower and upper case, each in
/// UTF-8 and in UTF-16 of both byte orders.
fn spellings(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for form in [text.to_string(), text.to_lowercase(), text.to_uppercase()] {
        out.push(form.as_bytes().to_vec());
        let units: Vec<u16> = form.encode_utf16().collect();
        out.push(units.iter().flat_map(|u| u.to_le_bytes()).collect());
        out.push(units.iter().flat_map(|u| u.to_be_bytes()).collect());
    }
    out
}

/// The files under `folder` (recursively) holding any spelling of any of `texts`.
fn files_holding(folder: &Path, texts: &[&str]) -> Vec<String> {
    let needles: Vec<Vec<u8>> = texts.iter().flat_map(|t| spellings(t)).collect();
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                pending.push(entry.unwrap().path());
            }
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue; // a socket
        };
        for needle in &needles {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!(
                    "{} holds {:?}",
                    path.display(),
                    String::from_utf8_lossy(needle)
                ));
            }
        }
    }
    found
}

/// Names the person in more places than the demo does: an expense's payee and description,
/// and a note saved as an edit (so history holds it before and after).
fn name_them_elsewhere(db: &Path) {
    let mut database = Database::open(db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let amara = data
        .participants
        .values()
        .find(|p| p.email == EMAIL)
        .unwrap()
        .clone();
    let mut noted = amara.clone();
    noted.notes = format!("{NAME} asked for the March session's slides");
    let expense: &Expense = data.expenses.values().next().unwrap();
    let mut claim = expense.clone();
    claim.id = ExpenseId(data.next_id(|n| RecordKey::Expense(ExpenseId(n))));
    claim.payee = NAME.to_uppercase();
    claim.description = format!("Train fare refund to {EMAIL}");
    claim.person = Some(PersonRef::Participant(amara.id));
    database
        .apply(&Change::Batch {
            summary: format!("noted {NAME}'s request"),
            changes: vec![
                Change::Put(Record::Participant(noted)),
                Change::Put(Record::Expense(claim)),
            ],
        })
        .unwrap();
}

/// The figures an erasure must leave as they were.
fn figures(
    db: &Path,
) -> (
    serde_json::Value,
    serde_json::Value,
    BTreeMap<String, usize>,
    usize,
) {
    let status = status_json(db);
    let data: Snapshot = snapshot(db);
    let mut marks = BTreeMap::new();
    for invitation in data.sessions.values().flat_map(|s| &s.invitees) {
        *marks
            .entry(format!("{:?}", invitation.attendance))
            .or_default() += 1;
    }
    (
        status["budget"].clone(),
        status["cohorts"].clone(),
        marks,
        data.matches.len(),
    )
}

#[test]
fn after_forget_no_file_of_the_database_holds_the_person_and_the_figures_are_unchanged() {
    let (dir, db) = demo_db();
    name_them_elsewhere(&db);
    assert!(
        !files_holding(&db, &[NAME, EMAIL]).is_empty(),
        "the test must find them first"
    );
    let before = figures(&db);
    // Wide enough that the sentence is not wrapped (text_width.rs checks the wrapping).
    let said = stdout(
        improvers(&db)
            .env("COLUMNS", "500")
            .args(["forget", EMAIL, "--yes"]),
    );
    assert!(said.contains("now \"erased person #1\""), "{said}");

    let left = files_holding(dir.path(), &[NAME, EMAIL]);
    assert!(left.is_empty(), "{left:#?}");
    assert!(
        db.join(improvers::store::status_copy::FILE).exists(),
        "the copy `status` reads was made again from the programme without them"
    );
    assert_eq!(figures(&db), before);
    improvers(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("All figures agree"));
    let json = stdout(improvers(&db).args(["export", "all", "--format", "json"]));
    assert!(
        !json.to_lowercase().contains("lindqvist"),
        "the export names them"
    );
    assert!(json.contains("erased person #1"));
    let data = snapshot(&db);
    let tombstone = data
        .participants
        .values()
        .find(|p| p.name == "erased person #1")
        .unwrap();
    assert_eq!(tombstone.email, "erased-person-1@erased.invalid");
    assert!(tombstone.notes.is_empty());
    // Her matches, attendances and expenses still point at the tombstone.
    assert!(data.matches.values().any(|m| m.participant == tombstone.id));
    let claim = data
        .expenses
        .values()
        .find(|e| e.person == Some(PersonRef::Participant(tombstone.id)));
    assert_eq!(claim.map(|e| e.payee.as_str()), Some("erased person #1"));
    // The folder and its files stay private, and nothing is left beside it but the list.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    assert!(beside.contains(&"demo.erasures".to_string()), "{beside:?}");
    let list = std::fs::metadata(dir.path().join("demo.erasures")).unwrap();
    assert_eq!(list.permissions().mode() & 0o777, 0o600);
}

#[test]
fn an_email_nobody_has_is_refused_and_one_in_both_registers_needs_saying_which() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .args(["forget", "nobody@nowhere.example", "--yes"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody in the programme at"))
        .stderr(predicate::str::contains(
            "has the email nobody@nowhere.example",
        ));
    // A Q member who is also a participant, under one email.
    let both = "marguerite.halloway@riverside-uh.example";
    let mut database = Database::open(&db).unwrap();
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let mut alumna = data.participants.values().next().unwrap().clone();
    alumna.id = ParticipantId(data.next_id(|n| RecordKey::Participant(ParticipantId(n))));
    alumna.name = "Marguerite Halloway".into();
    alumna.email = both.into();
    database
        .apply(&Change::Put(Record::Participant(alumna)))
        .unwrap();
    drop(database);
    improvers(&db)
        .args(["forget", both, "--yes"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("more than one person's record"))
        .stderr(predicate::str::contains("participant Marguerite Halloway"))
        .stderr(predicate::str::contains("Q member Marguerite Halloway"))
        .stderr(predicate::str::contains("--participant or --q-member"));
    stdout(improvers(&db).args(["forget", both, "--q-member", "--yes"]));
    let data = snapshot(&db);
    assert_eq!(people_with_email(&data, both).len(), 1);
    assert!(data.participants.values().any(|p| p.email == both));
    // Her mentees keep their mentor's place, held by the tombstone.
    assert!(
        data.q_members
            .values()
            .any(|q| q.name == "erased person #1" && !q.available)
    );
}

#[test]
fn without_a_terminal_forget_asks_for_yes_and_erases_nothing() {
    let (_dir, db) = demo_db();
    improvers(&db)
        .args(["forget", EMAIL])
        .write_stdin("yes\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("run it again with --yes"));
    assert!(
        snapshot(&db)
            .participants
            .values()
            .any(|p| p.email == EMAIL)
    );
}

#[test]
fn history_never_brings_the_person_back_and_their_erasure_cannot_be_undone() {
    let (_dir, db) = demo_db();
    name_them_elsewhere(&db);
    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    let mut database = Database::open(&db).unwrap();
    let history = database.history(usize::MAX).unwrap();
    let text = format!("{history:?}").to_lowercase();
    assert!(!text.contains("lindqvist"), "history still names them");
    assert!(!text.contains(EMAIL));
    let (_, data) = database.snapshot(Scope::Everything).unwrap();
    let erasure = &history[0];
    assert!(improvers::domain::people::erasure::is_erasure(
        &erasure.change
    ));
    // Undoing the erasure is refused, saying why; so is undoing the note made before it,
    // which would change the tombstone.
    let zone = chrono_tz::Europe::London;
    let refused = improvers::tui::history::confirm_undo(erasure, zone, &data).err();
    assert!(
        refused
            .as_deref()
            .is_some_and(|r| r.contains("cannot be undone: an erasure is for good")),
        "{refused:?}"
    );
    let note = &history[1];
    let refused = improvers::tui::history::confirm_undo(note, zone, &data).err();
    assert!(
        refused
            .as_deref()
            .is_some_and(|r| r.contains("erased person #1, who has been erased")),
        "{refused:?}"
    );
}

#[test]
fn forget_works_while_another_process_owns_the_database_and_it_keeps_serving() {
    let (dir, db) = demo_db();
    let server = support::Server::start(&db);
    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    // The owner still answers, from the new files.
    let status = stdout(improvers(&db).arg("status"));
    assert!(status.contains("Cohort 1"), "{status}");
    stdout(improvers(&db).args([
        "forget",
        "declan.osei-marsh@kingsmead-ambulance.example",
        "--yes",
    ]));
    server.stop();
    let left = files_holding(dir.path(), &[NAME, EMAIL, "Osei-Marsh"]);
    assert!(left.is_empty(), "{left:#?}");
    improvers(&db).arg("check").assert().success();
}

#[test]
fn restoring_a_backup_made_before_an_erasure_makes_it_again() {
    let (dir, db) = demo_db();
    let backup = dir.path().join("before.backup");
    stdout(improvers(&db).arg("backup").arg(&backup));
    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    let said = stdout(improvers(&db).arg("restore").arg(&backup).arg("--force"));
    assert!(said.contains("erased person #1"), "{said}");
    let data = snapshot(&db);
    assert!(!data.participants.values().any(|p| p.email == EMAIL));
    assert!(
        data.participants
            .values()
            .any(|p| p.name == "erased person #1")
    );
    let left = files_holding(&db, &[NAME, EMAIL]);
    assert!(left.is_empty(), "{left:#?}");
    // The folder gone altogether: the list beside it still makes the erasure again.
    std::fs::remove_dir_all(&db).unwrap();
    let said = stdout(improvers(&db).arg("restore").arg(&backup));
    assert!(said.contains("Made erasure #1 again"), "{said}");
    assert!(files_holding(&db, &[NAME, EMAIL]).is_empty());
}

#[test]
fn forget_names_the_registered_backups_that_still_hold_the_person() {
    let (dir, db) = demo_db();
    let kept = dir.path().join("monday.backup");
    let deleted = dir.path().join("tuesday.backup");
    stdout(improvers(&db).arg("backup").arg(&kept));
    stdout(improvers(&db).arg("backup").arg(&deleted));
    std::fs::remove_file(&deleted).unwrap();
    let said = stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    assert!(
        said.contains("1 backup made before the erasure still holds them"),
        "{said}"
    );
    assert!(said.contains("monday.backup"), "{said}");
    assert!(!said.contains("tuesday.backup"), "{said}");
    // A backup made after the first erasure does not hold that person, but holds the next.
    let after = dir.path().join("wednesday.backup");
    stdout(improvers(&db).arg("backup").arg(&after));
    let said = stdout(improvers(&db).args(["forget", SECOND_EMAIL, "--yes"]));
    assert!(said.contains("2 backups made before"), "{said}");
    assert!(said.contains("wednesday.backup"), "{said}");
}

#[test]
fn forget_on_a_database_never_backed_up_says_no_backup_holds_the_person() {
    let (_dir, db) = demo_db();
    let said = stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    assert!(
        said.contains("No backup in the register was made before the erasure"),
        "{said}"
    );
}

#[test]
fn someone_deleted_whom_history_still_holds_can_be_forgotten() {
    let (dir, db) = demo_db();
    let name = "Wilhelmina Quarrie-Tot";
    let email = "w.quarrie-tot@fenwick-ch.example";
    let file = dir.path().join("one.csv");
    std::fs::write(
        &file,
        format!(
            "name,email,profession,organisation,cohort\r\n{name},{email},Nurse,Fenwick Community Health,3\r\n"
        ),
    )
    .unwrap();
    stdout(improvers(&db).args(["import", "participants"]).arg(&file));
    {
        let mut database = Database::open(&db).unwrap();
        let (_, data) = database.snapshot(Scope::Everything).unwrap();
        let id = data
            .participants
            .values()
            .find(|p| p.email == email)
            .unwrap()
            .id;
        database
            .apply(&Change::Delete(RecordKey::Participant(id)))
            .unwrap();
    }
    assert!(
        !files_holding(&db, &[name, email]).is_empty(),
        "history still holds the deleted participant"
    );
    let said = stdout(improvers(&db).args(["forget", email, "--yes"]));
    assert!(said.contains("erased person #1"), "{said}");
    let left = files_holding(&db, &[name, email]);
    assert!(left.is_empty(), "{left:#?}");
    improvers(&db).arg("check").assert().success();
}

/// Copies the folder `from` (a closed database) to `to`, files and all.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_forget_killed_at_any_moment_leaves_the_old_database_or_the_new_never_none_or_a_mix() {
    let (dir, template) = demo_db();
    // How long a whole forget takes here, to spread the kills over it and a little past.
    let started = std::time::Instant::now();
    let timing = dir.path().join("timing");
    copy_folder(&template, &timing);
    stdout(improvers(&timing).args(["forget", EMAIL, "--yes"]));
    let whole = started.elapsed();
    let (mut old, mut new) = (0, 0);
    for step in 0..16u32 {
        let db = dir.path().join(format!("killed-{step}"));
        copy_folder(&template, &db);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
            .arg("--db")
            .arg(&db)
            .args(["forget", EMAIL, "--yes"])
            .env_remove("IMPROVERS_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if step % 2 == 0 {
            std::thread::sleep(whole * step / 12);
        } else {
            // Into the rewrite itself: from the moment the fresh folder appears beside the
            // database, a little later each time, through the copy, the swap and the removal.
            let fresh = dir.path().join(format!("killed-{step}.rewriting"));
            let waiting = std::time::Instant::now();
            while !fresh.exists() && waiting.elapsed() < whole * 2 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            std::thread::sleep(std::time::Duration::from_millis(u64::from(step / 2)));
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        // Opening finishes a rewrite the kill cut short, or removes what it left beside.
        improvers(&db)
            .arg("check")
            .assert()
            .success()
            .stdout(predicate::str::contains("All figures agree"));
        let data = snapshot(&db);
        if data.participants.values().any(|p| p.email == EMAIL) {
            assert!(data.erasures.is_empty(), "step {step}: a mix");
            old += 1;
        } else {
            assert_eq!(data.erasures.len(), 1, "step {step}");
            let left = files_holding(&db, &[NAME, EMAIL]);
            assert!(left.is_empty(), "step {step}: {left:#?}");
            new += 1;
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| {
                name.starts_with(&format!("killed-{step}.")) && !name.ends_with(".erasures")
            })
            .collect();
        assert!(leftovers.is_empty(), "step {step}: {leftovers:?}");
    }
    assert!(
        old > 0 && new > 0,
        "the kills should land both before and after: {old} old, {new} new"
    );
}

/// Scrubbing reaches every string of a record by way of JSON; a kind of record that did not
/// come back from JSON unchanged would keep its free text, so every kind must.
#[test]
fn every_kind_of_record_comes_back_from_json_unchanged_so_its_text_can_be_scrubbed() {
    for record in common::every_kind() {
        let json = serde_json::to_value(&record).unwrap();
        let back: Record = serde_json::from_value(json).unwrap();
        assert_eq!(back, record);
    }
    let mut scrubbing = improvers::domain::people::erasure::Scrubbing::default();
    let erasure = improvers::domain::people::erasure::Erasure {
        number: 3,
        person: PersonRef::Participant(ParticipantId(999)),
    };
    // Texts from several kinds: a participant's topics and a Q member's expertise, a
    // session's theme, an expense's payee, a participant's notes.
    scrubbing.add(erasure, "patient flow", "measurement for improvement");
    scrubbing.add(erasure, "Riverside Conference Centre", "prefers mornings");
    let before = format!("{:?}", common::every_kind());
    for text in [
        "patient flow",
        "measurement for improvement",
        "Riverside Conference Centre",
    ] {
        assert!(before.contains(text), "the records should hold {text}");
    }
    for record in common::every_kind() {
        let text = format!("{:?}", scrubbing.record(&record));
        for gone in [
            "patient flow",
            "measurement for improvement",
            "Riverside Conference",
            "prefers mornings",
        ] {
            assert!(!text.contains(gone), "{gone} is still in {text}");
        }
    }
}

#[test]
fn restoring_another_programme_there_makes_none_of_this_ones_erasures() {
    let (dir, db) = demo_db();
    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    // Another database, built apart (its first change made at another moment).
    std::thread::sleep(std::time::Duration::from_millis(20));
    let other = support::demo_db_in(dir.path());
    let backup = dir.path().join("other.backup");
    stdout(improvers(&other).arg("backup").arg(&backup));
    let said = stdout(improvers(&db).arg("restore").arg(&backup).arg("--force"));
    assert!(!said.contains("Made erasure"), "{said}");
    assert!(
        snapshot(&db)
            .participants
            .values()
            .any(|p| p.email == EMAIL)
    );
}

#[test]
fn a_speaker_erased_leaves_their_travel_claims_counted_and_no_file_holding_them() {
    let (dir, db) = demo_db();
    let (name, email) = (
        "Bartholomew Nkemelu",
        "bartholomew.nkemelu@fenbridge-th.example",
    );
    let before = figures(&db);
    let facilitated = |data: &Snapshot| {
        data.sessions
            .values()
            .filter(|s| !s.facilitators.is_empty())
            .map(|s| s.facilitators.len())
            .sum::<usize>()
    };
    let led = facilitated(&snapshot(&db));
    stdout(improvers(&db).args(["forget", email, "--yes"]));
    assert_eq!(figures(&db), before);
    let data = snapshot(&db);
    assert_eq!(
        facilitated(&data),
        led,
        "the sessions they led keep their place"
    );
    let claims: Vec<_> = data
        .expenses
        .values()
        .filter(|e| e.payee == "erased person #1")
        .collect();
    assert_eq!(claims.len(), 2, "both travel claims stay, renamed");
    let left = files_holding(dir.path(), &[name, email]);
    assert!(left.is_empty(), "{left:#?}");
    improvers(&db).arg("check").assert().success();
}

#[test]
fn files_exported_after_an_erasure_import_again_whole_and_the_tombstone_is_not_found_again() {
    let (dir, db) = demo_db();
    stdout(improvers(&db).args(["forget", EMAIL, "--yes"]));
    let out = dir.path().join("out");
    stdout(improvers(&db).args(["export", "all", "--output"]).arg(&out));
    let copy = dir.path().join("copy");
    support::import_folder(&copy, &out);
    let (data, again) = (snapshot(&db), snapshot(&copy));
    assert_eq!(again.participants.len(), data.participants.len());
    assert_eq!(again.budget_totals, data.budget_totals);
    assert!(
        again
            .participants
            .values()
            .any(|p| p.name == "erased person #1")
    );
    improvers(&db)
        .args(["forget", "erased-person-1@erased.invalid", "--yes"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "erased-person-1@erased.invalid is the email of erased person #1, erased already",
        ));
}

#[test]
fn two_forgets_at_once_both_erase_with_numbers_of_their_own() {
    let (dir, db) = demo_db();
    let other = "declan.osei-marsh@kingsmead-ambulance.example";
    let spawn = |email: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_improvers"))
            .arg("--db")
            .arg(&db)
            .args(["forget", email, "--yes"])
            .env_remove("IMPROVERS_DB")
            .output()
            .unwrap()
    };
    let (first, second) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn(EMAIL));
        let b = s.spawn(|| spawn(other));
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&first, &second] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let data = snapshot(&db);
    let numbers: Vec<u64> = data.erasures.keys().copied().collect();
    assert_eq!(numbers, [1, 2]);
    let left = files_holding(dir.path(), &[NAME, EMAIL, "Osei-Marsh", other]);
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn forget_on_the_demo_keeps_it_the_demo_so_it_still_sends_no_mail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo");
    improvers(&db)
        .args(["demo", "--no-open"])
        .assert()
        .success();
    let mark = db.join(improvers::commands::demo::DEMO_MARK);
    assert!(mark.is_file());
    improvers(&db)
        .env("COLUMNS", "500")
        .args(["forget", EMAIL, "--yes"])
        .assert()
        .success();
    assert!(
        mark.is_file(),
        "the rewritten folder is still marked as the demo's"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&mark).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = improvers(&db).args(["mail", "--send"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("this is the demo programme"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
