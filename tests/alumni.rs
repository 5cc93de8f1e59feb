//! Alumni from the command line: `improvers joined-q` makes a participant a linked Q member in
//! one change (which one undo takes back whole), `improvers link` links an alumnus from before
//! to their Q member record, refusals say who and why and change nothing, linked people are
//! never paired by `match`, and subject access, erasure and `status` follow the link.

mod support;

use improvers::domain::people::pathway::PathwayStage;
use improvers::domain::snapshot::Snapshot;
use improvers::store::Scope;
use improvers::store::shared::Database;
use std::path::Path;
use support::{demo_db, improvers, snapshot, status_json, stdout};

/// In the demo's cohort 1 (finished), at Completed and in no other register.
const BRID: &str = "brid.nimhurchu@westfield-wc.example";

fn participant<'a>(data: &'a Snapshot, name: &str) -> &'a improvers::domain::people::Participant {
    data.participants
        .values()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} is on the roster"))
}

fn q_members_named(data: &Snapshot, name: &str) -> usize {
    data.q_members.values().filter(|q| q.name == name).count()
}

/// `text` with every run of white space as one space: what is said, however it is wrapped.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `improvers ARGS` says on standard error, once it has failed.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = improvers(db).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was not refused");
    flat(&String::from_utf8_lossy(&out.stderr))
}

fn import(db: &Path, dir: &Path, kind: &str, text: &str) {
    let file = dir.join(format!("{kind}.csv"));
    std::fs::write(&file, text).unwrap();
    improvers(db)
        .args(["import", kind])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn joined_q_makes_a_linked_q_member_in_one_change_that_one_undo_takes_back() {
    let (_dir, db) = demo_db();
    let said = flat(&stdout(improvers(&db).args([
        "joined-q",
        BRID,
        "--on",
        "2026-11-20",
        "--roles",
        "mentor,facilitator",
    ])));
    assert!(
        said.contains(
            "Bríd Ní Mhurchú joined Q on 20 November 2026 and is now a Q member too (linked)"
        ),
        "{said}"
    );
    let data = snapshot(&db);
    let brid = participant(&data, "Bríd Ní Mhurchú");
    assert_eq!(brid.stage(), PathwayStage::JoinedQ);
    let link = data.q_links.get(&brid.id).expect("linked");
    let q = &data.q_members[&link.q_member];
    assert_eq!(
        (q.name.as_str(), q.email.as_str()),
        ("Bríd Ní Mhurchú", BRID)
    );
    assert_eq!(
        (q.organisation, q.profession),
        (brid.organisation, brid.profession)
    );
    assert_eq!(q.mentoring_capacity, 1);

    // The dashboard's u: one history entry, undone whole.
    let mut database = Database::open(&db).unwrap();
    let history = database.history(1).unwrap();
    let zone = chrono_tz::Europe::London;
    let undo = improvers::tui::history::confirm_undo(&history[0], zone, &data).expect("undoable");
    database.apply(&undo.change).unwrap();
    let (_, after) = database.snapshot(Scope::Everything).unwrap();
    assert_eq!(
        participant(&after, "Bríd Ní Mhurchú").stage(),
        PathwayStage::Completed
    );
    assert!(after.q_links.is_empty());
    assert_eq!(q_members_named(&after, "Bríd Ní Mhurchú"), 0);
}

#[test]
fn joined_q_refuses_clearly_and_changes_nothing() {
    let (_dir, db) = demo_db();
    let before = status_json(&db);
    for (args, says) in [
        (
            vec!["joined-q", "arjun.sethuraman@thameside-icb.example"],
            "Arjun Sethuraman is at Active; only a participant at Completed or Applied to Q joins Q",
        ),
        (
            vec!["joined-q", "maeve.thornbury@northgate-ch.example"],
            "Maeve Thornbury has withdrawn from the programme",
        ),
        (
            vec!["joined-q", "nobody@example.org"],
            "no participant has the email nobody@example.org",
        ),
        (
            vec!["joined-q", BRID, "--on", "soon"],
            "--on: “soon” is not a date",
        ),
        (
            vec!["joined-q", BRID, "--roles", "mentor,coach"],
            "--roles: \"coach\" is not a Q member role",
        ),
        (
            vec!["joined-q", BRID, "--on", "2020-01-01"],
            "Bríd Ní Mhurchú: ",
        ),
    ] {
        let said = refused(&db, &args);
        assert!(said.contains(says), "{args:?}: {said}");
        assert!(said.contains("nothing was changed"), "{args:?}: {said}");
    }
    assert_eq!(status_json(&db), before);
    stdout(improvers(&db).args(["joined-q", BRID]));
    let again = refused(&db, &["joined-q", BRID]);
    assert!(
        again.contains("Bríd Ní Mhurchú is already linked to the Q member record"),
        "{again}"
    );
}

#[test]
fn a_q_member_who_has_the_email_already_is_linked_not_made_twice() {
    let (dir, db) = demo_db();
    import(
        &db,
        dir.path(),
        "q-members",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
         Bríd Ní Mhurchú,BRID.NiMhurchu@westfield-wc.example,Midwife,Westfield Women's and Children's NHS Trust,no,,facilitator,0,yes,\r\n",
    );
    let said = flat(&stdout(improvers(&db).args(["joined-q", BRID])));
    assert!(
        said.contains("linked to the Q member record that has their email already"),
        "{said}"
    );
    let data = snapshot(&db);
    assert_eq!(q_members_named(&data, "Bríd Ní Mhurchú"), 1);
    assert_eq!(data.q_links.len(), 1);
}

/// Amara Lindqvist joined Q from cohort 1 before links existed; her Q member record has her
/// work email.
fn amara_with_a_work_record(db: &Path, dir: &Path) {
    import(
        db,
        dir,
        "q-members",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
         Amara Lindqvist,a.lindqvist@work.example,Nurse,Riverside University Hospitals NHS Trust,yes,patient flow,mentor,2,yes,\r\n",
    );
}

#[test]
fn link_joins_an_alumnus_to_their_q_member_record_under_another_email() {
    let (dir, db) = demo_db();
    amara_with_a_work_record(&db, dir.path());
    let joined = participant(&snapshot(&db), "Amara Lindqvist")
        .pathway
        .since()
        .expect("a date");
    let said = flat(&stdout(improvers(&db).args([
        "link",
        "amara.lindqvist@riverside-uh.example",
        "a.lindqvist@work.example",
    ])));
    assert!(
        said.contains(
            "Linked Amara Lindqvist (participant) and Amara Lindqvist (Q member) as one person"
        ),
        "{said}"
    );
    let data = snapshot(&db);
    let link = data.q_links.values().next().expect("linked");
    assert_eq!(link.joined_on, joined, "the pathway's Joined Q date");

    // Either email's subject access names the link.
    for email in [
        "amara.lindqvist@riverside-uh.example",
        "a.lindqvist@work.example",
    ] {
        let text = stdout(improvers(&db).args(["export", "person", email]));
        let line = text
            .lines()
            .find(|l| l.starts_with("Linked:"))
            .unwrap_or_default();
        assert!(line.contains("joined Q on"), "{email}: {text}");
        let json: serde_json::Value = serde_json::from_str(&stdout(
            improvers(&db).args(["export", "person", email, "--format", "json"]),
        ))
        .unwrap();
        let linked = json["participants"][0]["linked"]
            .as_object()
            .or_else(|| json["q_members"][0]["linked"].as_object())
            .expect("a linked object");
        assert_eq!(linked["with"]["name"], "Amara Lindqvist", "{email}");
    }

    let again = refused(
        &db,
        &[
            "link",
            "amara.lindqvist@riverside-uh.example",
            "a.lindqvist@work.example",
        ],
    );
    assert!(again.contains("already linked"), "{again}");
    let active = refused(
        &db,
        &[
            "link",
            "arjun.sethuraman@thameside-icb.example",
            "a.lindqvist@work.example",
        ],
    );
    assert!(active.contains("Arjun Sethuraman is at Active"), "{active}");
    let nobody = refused(
        &db,
        &[
            "link",
            "amara.lindqvist@riverside-uh.example",
            "x@example.org",
        ],
    );
    assert!(
        nobody.contains("no Q member has the email x@example.org"),
        "{nobody}"
    );
}

#[test]
fn status_counts_alumni_per_cohort_and_those_supporting_a_later_cohort() {
    let (dir, db) = demo_db();
    // The demo's cohort 1 has alumni at Joined Q from before links: counted apart, with the
    // way to link them, until they are linked.
    let before = status_json(&db)["alumni"][0].clone();
    assert_eq!(
        (before["cohort"].clone(), before["joined_q"].clone()),
        (1.into(), 0.into())
    );
    let unlinked = before["not_linked"].as_u64().expect("a count");
    assert!(unlinked > 0, "{before}");
    let text = flat(&stdout(improvers(&db).arg("status")));
    assert!(
        text.contains(&format!(
            "Cohort 1 — 2025: 0 joined Q, 0 supporting; {unlinked} more at Joined Q not linked \
             to a Q member record"
        )),
        "{text}"
    );
    assert!(
        text.contains("`improvers link PARTICIPANT_EMAIL Q_MEMBER_EMAIL`"),
        "{text}"
    );
    amara_with_a_work_record(&db, dir.path());
    stdout(improvers(&db).args([
        "link",
        "amara.lindqvist@riverside-uh.example",
        "a.lindqvist@work.example",
    ]));
    stdout(improvers(&db).args(["joined-q", BRID]));
    // Amara is proposed as mentor to someone in cohort 2 who had none: she supports the next
    // cohort.
    import(
        &db,
        dir.path(),
        "matches",
        "participant,q_member,state,proposed_on\r\n\
         callista.moreau-ibe@southbank-mh.example,a.lindqvist@work.example,proposed,2026-11-20\r\n",
    );
    let alumni = status_json(&db)["alumni"].clone();
    assert_eq!(
        alumni,
        serde_json::json!([{"cohort": 1, "name": "Cohort 1 — 2025", "joined_q": 2, "supporting": 1, "not_linked": unlinked - 1}])
    );
    let text = flat(&stdout(improvers(&db).arg("status")));
    assert!(
        text.contains("Cohort 1 — 2025: 2 joined Q, 1 supporting;"),
        "{text}"
    );
    let only_2 = stdout(improvers(&db).args(["status", "--json", "--cohort", "2"]));
    assert!(only_2.contains("\"alumni\": []"), "{only_2}");
}

#[test]
fn match_never_proposes_a_linked_alumnus_as_their_own_mentor() {
    let (dir, db) = demo_db();
    // Pat finished an earlier programme, joined Q with a work address, and now applies to the
    // recruiting cohort 3; their Q member record shares their organisation, profession and
    // topic with nobody else, so on score alone Pat would mentor Pat.
    import(
        &db,
        dir.path(),
        "participants",
        "name,email,profession,organisation,cohort,nominated_by,project_title,project_aim,topics,project_stage,notes\r\n\
         Pat Twofold,pat.twofold@home.example,Podiatrist,Alpha Community Foot Care,3,,Fewer foot ulcers,Halve new ulcers,foot care,Scoping,\r\n",
    );
    import(
        &db,
        dir.path(),
        "pathway",
        "email,stage,date\r\npat.twofold@home.example,Completed,2026-10-01\r\n",
    );
    import(
        &db,
        dir.path(),
        "q-members",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
         Pat Twofold,pat.twofold@alpha-foot.example,Podiatrist,Alpha Community Foot Care,yes,foot care,mentor,1,yes,\r\n",
    );
    stdout(improvers(&db).args([
        "link",
        "pat.twofold@home.example",
        "pat.twofold@alpha-foot.example",
        "--on",
        "2026-10-02",
    ]));
    import(
        &db,
        dir.path(),
        "pathway",
        "email,stage,date\r\npat.twofold@home.example,Applied,2026-11-10\r\n",
    );
    let out = improvers(&db)
        .args(["match", "--json", "--cohort", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let proposals = report["proposals"].as_array().unwrap();
    assert!(
        proposals.iter().any(|p| p["participant"] == "Pat Twofold"),
        "Pat is matched: {report}"
    );
    assert!(
        !proposals
            .iter()
            .any(|p| p["participant"] == "Pat Twofold" && p["mentor"] == "Pat Twofold"),
        "{report}"
    );
}

#[test]
fn forgetting_a_linked_alumnus_by_either_email_erases_both_records_as_one_person() {
    let (dir, db) = demo_db();
    amara_with_a_work_record(&db, dir.path());
    stdout(improvers(&db).args([
        "link",
        "amara.lindqvist@riverside-uh.example",
        "a.lindqvist@work.example",
    ]));
    let said = flat(&stdout(improvers(&db).args([
        "forget",
        "amara.lindqvist@riverside-uh.example",
        "--yes",
    ])));
    assert!(
        said.contains(
            "Linked to them as one person, Q member Amara Lindqvist <a.lindqvist@work.example> \
             is now \"erased person #2\""
        ),
        "{said}"
    );
    for email in [
        "amara.lindqvist@riverside-uh.example",
        "a.lindqvist@work.example",
    ] {
        let out = improvers(&db)
            .args(["export", "person", email])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{email} is held still");
    }
    // The tombstone's story names nobody: its link points at the other tombstone.
    let text = stdout(improvers(&db).args(["export", "person", "erased-person-1@erased.invalid"]));
    assert!(!text.contains("Amara"), "{text}");
    assert!(text.contains("erased person #2"), "{text}");
    let data = snapshot(&db);
    assert_eq!(
        data.q_links.len(),
        1,
        "the link holds ids only, and keeps the count"
    );
    assert_eq!(status_json(&db)["alumni"][0]["joined_q"], 1);
    // Asked again by the tombstone's own email: said as erased already.
    let again = refused(&db, &["forget", "erased-person-1@erased.invalid", "--yes"]);
    assert!(
        again.contains("is the email of erased person #1, erased already"),
        "{again}"
    );
}

#[test]
fn an_email_shared_by_a_participant_and_their_linked_q_member_record_is_one_person() {
    let (_dir, db) = demo_db();
    stdout(improvers(&db).args(["joined-q", BRID]));
    let said = flat(&stdout(improvers(&db).args(["forget", BRID, "--yes"])));
    assert!(
        said.contains("Erased participant Bríd Ní Mhurchú"),
        "{said}"
    );
    assert!(
        said.contains("Linked to them as one person, Q member Bríd Ní Mhurchú"),
        "{said}"
    );
    let data = snapshot(&db);
    assert_eq!(data.erasures.len(), 2);
    assert_eq!(status_json(&db)["alumni"][0]["joined_q"], 1);
}

#[test]
fn a_day_after_today_is_refused_for_joining_q_and_for_a_link() {
    let (dir, db) = demo_db();
    amara_with_a_work_record(&db, dir.path());
    let before = status_json(&db);
    for args in [
        vec!["joined-q", BRID, "--on", "2099-01-01"],
        vec![
            "link",
            BRID,
            "a.lindqvist@work.example",
            "--on",
            "2099-01-01",
            "--yes",
        ],
    ] {
        let said = refused(&db, &args);
        assert!(
            said.contains("--on 2099-01-01: 1 January 2099 is after today"),
            "{args:?}: {said}"
        );
        assert!(said.contains("nothing was changed"), "{args:?}: {said}");
    }
    assert_eq!(status_json(&db), before, "nobody was counted");
}

#[test]
fn refusals_for_a_stage_too_early_say_how_to_move_them_on_from_the_command_line() {
    let (_dir, db) = demo_db();
    let said = refused(&db, &["joined-q", "arjun.sethuraman@thameside-icb.example"]);
    assert!(said.contains("`improvers import pathway FILE`"), "{said}");
    assert!(!said.contains("(s moves"), "{said}");
}

#[test]
fn linking_two_differently_named_people_asks_first_and_without_a_terminal_needs_yes() {
    let (dir, db) = demo_db();
    import(
        &db,
        dir.path(),
        "q-members",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
         Hamish Tolland,hamish.tolland@work.example,Nurse,Riverside University Hospitals NHS Trust,yes,,mentor,2,yes,\r\n",
    );
    let before = status_json(&db);
    let said = refused(&db, &["link", BRID, "hamish.tolland@work.example"]);
    assert!(
        said.contains(&format!(
            "The names differ: participant Bríd Ní Mhurchú <{BRID}> and Q member Hamish \
             Tolland <hamish.tolland@work.example>"
        )),
        "{said}"
    );
    assert!(
        said.contains("Bríd Ní Mhurchú moves from Completed to Joined Q"),
        "{said}"
    );
    assert!(
        said.contains("Hamish Tolland is counted as an alumnus of Cohort 1"),
        "{said}"
    );
    assert!(said.contains("run it again with --yes"), "{said}");
    assert_eq!(status_json(&db), before, "nothing linked or moved");
    let done = flat(&stdout(improvers(&db).args([
        "link",
        BRID,
        "hamish.tolland@work.example",
        "--yes",
    ])));
    assert!(
        done.contains("Linked Bríd Ní Mhurchú (participant)"),
        "{done}"
    );
    assert_eq!(snapshot(&db).q_links.len(), 1);
}

#[test]
fn names_that_differ_only_in_case_accents_or_punctuation_are_linked_without_asking() {
    let (dir, db) = demo_db();
    import(
        &db,
        dir.path(),
        "q-members",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity,available,availability_notes\r\n\
         brid ni-mhurchu,brid@work.example,Midwife,Westfield Women's and Children's NHS Trust,no,,,0,yes,\r\n",
    );
    stdout(improvers(&db).args(["link", BRID, "brid@work.example"]));
    assert_eq!(snapshot(&db).q_links.len(), 1);
}
