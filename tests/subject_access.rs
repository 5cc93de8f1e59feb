//! `improvers export person EMAIL`: a subject access request answered from the demo and from a
//! programme of one imported participant, an unknown email refused with nothing written, one
//! email on both registers exported whole, the JSON's keys kept stable, and the export made
//! while another improvers owns the database. Real processes on temporary databases.

mod support;

use predicates::prelude::*;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::{Server, demo_db_in, improvers, stdout};

/// Pat Selfsame as a Q member and, under the same address in other letters, as a participant;
/// CRLF line endings, as a spreadsheet saves them.
const PAT_AS_Q_MEMBER: &str = "name,email,profession,organisation,london_based,expertise,roles,\
mentoring_capacity,available,availability_notes\r\n\
Pat Selfsame,pat.selfsame@alpha.example,Nurse,Alpha Community Health,no,patient flow,\
mentor; nominator,1,yes,Mornings only\r\n";

const PAT_AS_PARTICIPANT: &str = "name,email,profession,organisation,cohort,nominated_by,\
project_title,project_aim,topics,project_stage,notes\r\n\
Pat Selfsame, Pat.Selfsame@Alpha.example ,Nurse,Alpha Community Health,,,Fewer missed doses,\
Halve missed doses on Ward 2,medicines safety,Scoping,Prefers email to phone\r\n";

fn import(db: &Path, dir: &Path, kind: &str, text: &str) {
    let file = dir.join(format!("{kind}.csv"));
    std::fs::write(&file, text).unwrap();
    // By its name, from its folder, as a coordinator types it: history says what was typed.
    improvers(db)
        .current_dir(dir)
        .args(["import", kind, &format!("{kind}.csv")])
        .assert()
        .success();
}

fn json_of(db: &Path, email: &str) -> Value {
    let text = stdout(improvers(db).args(["export", "person", email, "--format", "json"]));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_demo_q_member_gets_their_record_sessions_mentees_and_the_expense_paid_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let text = stdout(improvers(&db).args([
        "export",
        "person",
        "Delphine.Ashworth@northmoor-hcp.example",
    ]));
    for expected in [
        "Everything held about Delphine.Ashworth@northmoor-hcp.example",
        "Records: Q member",
        "Email:              delphine.ashworth@northmoor-hcp.example",
        "Based in London:",
        "Sessions led and hosted:",
        "Expenses that name them:",
        "payee “Delphine Ashworth”",
        "(names them as: person, payee)",
        "loaded the demo programme",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
    assert!(!text.contains("== Participant"), "{text}");

    let json = json_of(&db, "delphine.ashworth@northmoor-hcp.example");
    let q = &json["q_members"][0];
    assert_eq!(q["record"]["name"], "Delphine Ashworth");
    assert_eq!(json["participants"], Value::Array(vec![]));
    let expense = &q["expenses"][0];
    assert_eq!(
        expense["names_them_in"],
        serde_json::json!(["person", "payee"])
    );
    assert_eq!(expense["expense"]["payee"], "Delphine Ashworth");
}

#[test]
fn a_demo_participant_gets_pathway_mentor_check_ins_and_attendance_and_nobody_elses_details() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let json = json_of(&db, "amara.lindqvist@riverside-uh.example");
    let amara = &json["participants"][0];
    assert_eq!(amara["record"]["name"], "Amara Lindqvist");
    assert_eq!(amara["nominated_by"]["name"], "Marguerite Halloway");
    let pathway = amara["record"]["pathway"]["changes"].as_array().unwrap();
    assert!(pathway.len() > 1, "{pathway:?}");
    let mentoring = &amara["mentoring"][0];
    assert_eq!(mentoring["with"]["name"], "Marguerite Halloway");
    assert!(
        !mentoring["match"]["check_ins"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let sessions = amara["sessions"].as_array().unwrap();
    assert!(
        sessions.iter().all(|s| s["attendance"].is_string()),
        "{sessions:?}"
    );
    // The demo's first history entry loads every participant; only hers is copied into it.
    let text = json.to_string();
    assert!(text.contains("amara.lindqvist@riverside-uh.example"));
    assert!(
        !text.contains("declan.osei-marsh@"),
        "another participant's email"
    );
    assert!(
        !text.contains("Declan Osei-Marsh"),
        "another participant's name"
    );
}

#[test]
fn an_email_nobody_has_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let out = dir.path().join("nobody.txt");
    improvers(&db)
        .args(["export", "person", " nobody@nowhere.example ", "--output"])
        .arg(&out)
        .assert()
        .failure()
        .stdout("")
        .stderr(
            "improvers: nobody in this programme has the email nobody@nowhere.example: no \
             participant or Q member has it, and no history entry holds it. Nothing was \
             written. Check the address, or see who is held with `improvers export \
             participants` and `improvers export q-members`\n",
        );
    assert!(!out.exists(), "a file was written for nobody");
}

#[test]
fn an_email_on_both_registers_exports_both_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    import(&db, dir.path(), "q-members", PAT_AS_Q_MEMBER);
    import(&db, dir.path(), "participants", PAT_AS_PARTICIPANT);

    // On a screen wide enough that the note is not wrapped (text_width.rs checks wrapping).
    let text = stdout(improvers(&db).env("COLUMNS", "500").args([
        "export",
        "person",
        "PAT.SELFSAME@alpha.example",
    ]));
    assert!(
        text.contains("is on 2 records: participant ")
            && text.contains(
                "A subject access request covers them all, so every one is in \
                              this export."
            ),
        "{text}"
    );
    let participant = text.find("== Participant").expect(&text);
    let q_member = text.find("== Q member").expect(&text);
    assert!(participant < q_member, "{text}");
    assert!(text.contains("Prefers email to phone") && text.contains("Mornings only"));

    // JSON goes to a file, so the note goes to the terminal as well.
    let file = dir.path().join("pat.json");
    improvers(&db)
        .args(["export", "person", "pat.selfsame@alpha.example"])
        .args(["--format", "json", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("is on 2 records"));
    let json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(json["participants"].as_array().unwrap().len(), 1);
    assert_eq!(json["q_members"].as_array().unwrap().len(), 1);
    assert_eq!(json["records"].as_array().unwrap().len(), 2);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");

    // Refused, the refusal is all it says: no note about records it will not write.
    let again = improvers(&db)
        .args(["export", "person", "pat.selfsame@alpha.example", "--output"])
        .arg(&file)
        .assert()
        .failure();
    let out = again.get_output();
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(errors.contains("already exists; use --force"), "{errors}");
    // As for a file in a folder that is not there.
    let missing = dir.path().join("no-such-folder").join("pat.txt");
    let refused = improvers(&db)
        .args(["export", "person", "pat.selfsame@alpha.example", "--output"])
        .arg(&missing)
        .assert()
        .failure();
    let errors = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(
        errors.contains("no-such-folder does not exist; create it"),
        "{errors}"
    );
}

#[test]
fn an_existing_file_is_not_replaced_without_force_and_is_made_private_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let file = dir.path().join("amara.txt");
    std::fs::write(&file, "kept\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let export = |force: bool| {
        let mut cmd = improvers(&db);
        cmd.args([
            "export",
            "person",
            "amara.lindqvist@riverside-uh.example",
            "--output",
        ])
        .arg(&file);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    export(false).failure().stderr(predicate::str::contains(
        "already exists; use --force to replace it",
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept\n");
    export(true).success();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a replaced file kept mode {mode:o}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("Everything held about amara.lindqvist@riverside-uh.example")
    );
}

#[test]
fn mistaken_commands_say_what_would_be_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    improvers(&db)
        .args(["export", "person"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "give the email of the person whose data to export: `improvers export person EMAIL`",
        ));
    improvers(&db)
        .args([
            "export",
            "participants",
            "amara.lindqvist@riverside-uh.example",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "only `export person` takes an email",
        ));
    improvers(&db)
        .args(["export", "person", "a@b.example", "--format", "csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--format csv is not for `export person`",
        ));
    improvers(&db)
        .args(["import", "person"])
        .arg(dir.path().join("any.csv"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "invalid value 'person' for '<KIND>'",
        ));
}

/// The JSON of a programme holding one participant, with the moments that change from run to
/// run (today, the clock, the Unix user) put in words, so the keys and shape are what is
/// compared.
fn normalised(json: &str, today: &str, user: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    value["exported_at"] = Value::from("EXPORTED_AT");
    for entry in value["history"].as_array_mut().unwrap() {
        entry["at"] = Value::from("AT");
        assert_eq!(entry["user"], user);
        entry["user"] = Value::from("USER");
    }
    serde_json::to_string_pretty(&value)
        .unwrap()
        .replace(today, "TODAY")
}

#[test]
fn one_imported_participant_in_an_empty_database_has_the_documented_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    import(&db, dir.path(), "participants", PAT_AS_PARTICIPANT);
    let json = stdout(improvers(&db).args([
        "export",
        "person",
        "pat.selfsame@alpha.example",
        "--format",
        "json",
    ]));
    let value: Value = serde_json::from_str(&json).unwrap();
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut documented = improvers::io::export::PERSON_JSON_KEYS.to_vec();
    documented.sort_unstable();
    assert_eq!(keys, documented);
    // Written in the documented order.
    let at: Vec<usize> = improvers::io::export::PERSON_JSON_KEYS
        .iter()
        .map(|key| json.find(&format!("\n  \"{key}\":")).expect(key))
        .collect();
    assert!(at.is_sorted(), "{json}");
    let today = value["participants"][0]["record"]["pathway"]["changes"][0]["on"]
        .as_str()
        .unwrap()
        .to_string();
    let user = value["history"][0]["user"].as_str().unwrap().to_string();
    insta::assert_snapshot!(
        "one_imported_participant_json",
        normalised(&json, &today, &user)
    );

    let text = stdout(improvers(&db).args(["export", "person", "pat.selfsame@alpha.example"]));
    assert!(text.contains("Cohort:             none yet"), "{text}");
    assert!(text.contains("Mentors:\n  none\n"), "{text}");
    assert!(
        text.contains("imported participants.csv: 1 participant"),
        "{text}"
    );
}

#[test]
fn works_while_another_improvers_owns_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    import(&db, dir.path(), "q-members", PAT_AS_Q_MEMBER);
    let server = Server::start(&db);
    let text = stdout(improvers(&db).args(["export", "person", "pat.selfsame@alpha.example"]));
    assert!(text.contains("== Q member"), "{text}");
    assert!(
        text.contains("imported q-members.csv: 1 Q member"),
        "history read through the owner:\n{text}"
    );
    let json = json_of(&db, "pat.selfsame@alpha.example");
    assert_eq!(
        json["q_members"][0]["record"]["availability_notes"],
        "Mornings only"
    );
    server.stop();
}

#[test]
fn a_person_deleted_from_the_register_is_still_exported_from_history() {
    use improvers::domain::change::{Change, RecordKey};
    use improvers::store::shared::Database;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    import(&db, dir.path(), "participants", PAT_AS_PARTICIPANT);
    let data = support::snapshot(&db);
    let pat = *data.participants.keys().next().unwrap();
    Database::open(&db)
        .unwrap()
        .apply(&Change::Delete(RecordKey::Participant(pat)))
        .unwrap();

    let json = json_of(&db, "pat.selfsame@alpha.example");
    assert_eq!(
        json["records"],
        serde_json::json!(["participant 1 (deleted)"])
    );
    assert_eq!(json["participants"], serde_json::json!([]));
    let history = json["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1]["records"][0]["change"], "deleted");
    assert_eq!(
        history[1]["records"][0]["before"]["Participant"]["notes"],
        "Prefers email to phone"
    );
}

#[test]
fn the_dashboard_sends_a_person_export_to_the_terminal_and_writes_nothing() {
    use improvers::cli::{ExportFormat, FileKind};
    use improvers::tui::effects::Message;

    let dir = tempfile::tempdir().unwrap();
    let db = demo_db_in(dir.path());
    let file = dir.path().join("pat.txt");
    let said = improvers::tui::files::export_as(
        &support::snapshot(&db),
        FileKind::Person,
        ExportFormat::Csv,
        None,
        &file,
    );
    assert_eq!(
        said,
        Message::Problem(
            "a person's data is exported by their email, in a terminal: improvers export \
             person EMAIL (see docs/data-protection.md)"
                .into()
        )
    );
    assert!(!file.exists());
}
