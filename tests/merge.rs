//! `improvers merge KIND KEEP GONE` on a real database: one person entered twice, an
//! organisation or a profession spelt two ways, made one as a single change that history
//! keeps; and every refusal, which changes nothing.

mod support;

use improvers::domain::people::PersonRef;
use improvers::store::shared::Database;
use predicates::str::contains;
use std::path::Path;
use support::{demo_db, improvers, snapshot, status_json, stdout};

const ARJUN: &str = "arjun.sethuraman@thameside-icb.example";
const ARJUN_HOME: &str = "arjun.s@home.example";
const PRIYANKA: &str = "priyanka.venkataraman@thameside-icb.example";

fn import(db: &Path, kind: &str, name: &str, text: &str) {
    let file = db.with_file_name(name);
    std::fs::write(&file, text).unwrap();
    improvers(db)
        .args(["import", kind])
        .arg(&file)
        .assert()
        .success();
}

/// Arjun Sethuraman of the demo entered again under a personal email, in the same cohort,
/// with CRLF line endings as a spreadsheet writes them.
fn second_arjun(db: &Path) {
    import(
        db,
        "participants",
        "arjun.csv",
        &format!(
            "name,email,profession,organisation,cohort,stage,notes\r\nArjun Sethuraman,\
             {ARJUN_HOME},Data analyst,Thameside Integrated Care Board,2,Active,Personal \
             address\r\n"
        ),
    );
}

/// What a command printed, its lines wrapped to the terminal joined again.
fn said(cmd: &mut assert_cmd::Command) -> String {
    stdout(cmd).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn history_len(db: &Path) -> usize {
    Database::open(db)
        .unwrap()
        .history(usize::MAX)
        .unwrap()
        .len()
}

fn merge(db: &Path, words: &[&str]) -> assert_cmd::assert::Assert {
    improvers(db).arg("merge").args(words).assert()
}

/// The session refs of every attendance row of `email`, with its mark.
fn attendance_of(db: &Path, email: &str) -> Vec<(String, String)> {
    let out = stdout(improvers(db).args(["export", "attendance"]));
    out.lines()
        .filter(|l| l.contains(email))
        .map(|l| {
            let (session, rest) = l.split_once(',').unwrap();
            let mark = rest.rsplit(',').next().unwrap();
            (session.to_string(), mark.to_string())
        })
        .collect()
}

#[test]
fn two_participants_become_one_keeping_every_attendance_and_expense_and_figures_agree() {
    let (_dir, db) = demo_db();
    second_arjun(&db);
    let his = attendance_of(&db, ARJUN);
    assert!(his.len() >= 2, "{his:?}");
    // The second record attended a session he has no mark for, and gave apologies for one he
    // attended (a clash: attended is kept), and paid for a train ticket.
    let all = stdout(improvers(&db).args(["export", "attendance"]));
    let other_session = all
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap().0.to_string())
        .find(|s| s.starts_with("2026") && !his.iter().any(|(h, _)| h == s))
        .expect("a cohort 2 session Arjun was not invited to");
    let (clash, clash_mark) = his[0].clone();
    import(
        &db,
        "attendance",
        "attendance.csv",
        &format!(
            "session,email,attendance\r\n{other_session},{ARJUN_HOME},attended\r\n{clash},\
             {ARJUN_HOME},apologies\r\n"
        ),
    );
    import(
        &db,
        "expenses",
        "expenses.csv",
        &format!(
            "date,category,amount,payee,state,person\r\n2026-03-02,Speaker travel,£42.10,\
             Thameside Trains,paid,{ARJUN_HOME}\r\n"
        ),
    );
    let budget = status_json(&db)["budget"].clone();
    let entries = history_len(&db);

    let said = said(improvers(&db).args(["merge", "participants", ARJUN, ARJUN_HOME, "--yes"]));
    assert!(
        said.starts_with(&format!(
            "Merged participant Arjun Sethuraman <{ARJUN_HOME}> into Arjun Sethuraman"
        )),
        "{said}"
    );
    // The second record, active in cohort 2 from its import, was invited to its four
    // upcoming sessions then, beside the two marks made above.
    assert!(said.contains("6 sessions and 1 expense move"), "{said}");

    let data = snapshot(&db);
    let arjuns: Vec<_> = data
        .participants
        .values()
        .filter(|p| p.name == "Arjun Sethuraman")
        .collect();
    assert_eq!(arjuns.len(), 1);
    let arjun = arjuns[0];
    assert_eq!(arjun.email, ARJUN);
    assert!(arjun.notes.contains("Personal address"), "{}", arjun.notes);
    let marks = attendance_of(&db, ARJUN);
    assert_eq!(marks.len(), his.len() + 1, "{marks:?}");
    assert!(marks.contains(&(other_session, "attended".to_string())));
    let kept = if clash_mark == "attended" {
        "attended"
    } else {
        "apologies"
    };
    assert!(marks.contains(&(clash, kept.to_string())), "{marks:?}");
    assert!(attendance_of(&db, ARJUN_HOME).is_empty());
    assert!(data.expenses.values().any(
        |e| e.payee == "Thameside Trains" && e.person == Some(PersonRef::Participant(arjun.id))
    ));
    // Money did not move; the database agrees with itself.
    assert_eq!(status_json(&db)["budget"], budget);
    improvers(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("All figures agree"));
    // One change in history, holding what it replaced.
    let history = Database::open(&db).unwrap().history(1).unwrap();
    assert_eq!(history_len(&db), entries + 1);
    assert_eq!(
        history[0].change.summary(),
        format!(
            "merged participant Arjun Sethuraman <{ARJUN_HOME}> into Arjun Sethuraman <{ARJUN}>"
        )
    );
    assert!(
        history[0]
            .before
            .iter()
            .any(|(_, r)| matches!(r, Some(improvers::domain::change::Record::Participant(p)) if p.email == ARJUN_HOME))
    );
}

#[test]
fn two_q_members_who_both_mentor_one_participant_leave_one_match() {
    let (_dir, db) = demo_db();
    import(
        &db,
        "q-members",
        "q.csv",
        "name,email,profession,organisation,london_based,expertise,roles,mentoring_capacity\r\n\
         Priyanka Venkataraman,priyanka.v@home.example,Data analyst,Thameside Integrated Care \
         Board,no,run charts,mentor,1\r\n",
    );
    import(
        &db,
        "matches",
        "matches.csv",
        &format!(
            "participant,q_member,state,proposed_on,state_date,end_reason\r\n{ARJUN},\
             priyanka.v@home.example,ended,2026-01-10,2026-01-20,entered twice\r\n"
        ),
    );
    let said = said(improvers(&db).args([
        "merge",
        "q-members",
        PRIYANKA,
        "priyanka.v@home.example",
        "--yes",
    ]));
    assert!(
        said.contains("Merged Q member Priyanka Venkataraman"),
        "{said}"
    );
    let data = snapshot(&db);
    assert_eq!(
        data.q_members
            .values()
            .filter(|q| q.name == "Priyanka Venkataraman")
            .count(),
        1
    );
    let arjun = data
        .participants
        .values()
        .find(|p| p.email == ARJUN)
        .unwrap();
    let his: Vec<_> = data
        .matches
        .values()
        .filter(|m| m.participant == arjun.id)
        .collect();
    assert_eq!(his.len(), 1, "{his:?}");
    assert!(matches!(
        his[0].state,
        improvers::domain::mentoring::MatchState::Confirmed { .. }
    ));
    let priyanka = data
        .q_members
        .values()
        .find(|q| q.email == PRIYANKA)
        .unwrap();
    assert!(priyanka.expertise.iter().any(|e| e == "run charts"));
    improvers(&db).arg("check").assert().success();
}

#[test]
fn organisations_and_professions_spelt_two_ways_become_one() {
    let (_dir, db) = demo_db();
    import(
        &db,
        "participants",
        "p.csv",
        "name,email,profession,organisation,cohort,stage\r\nNoor Testwell,noor.testwell@\
         thameside-icb.example,Information analyst,Thameside ICB,2,Active\r\n",
    );
    let said = said(improvers(&db).args([
        "merge",
        "organisations",
        "thameside integrated care board",
        "Thameside ICB",
        "--yes",
    ]));
    assert!(
        said.starts_with(
            "Merged organisation Thameside ICB into Thameside Integrated Care Board: 1 \
             participant moves."
        ),
        "{said}"
    );
    merge(
        &db,
        &[
            "professions",
            "Data analyst",
            "information analyst",
            "--yes",
        ],
    )
    .success()
    .stdout(contains(
        "Merged profession Information analyst into Data analyst",
    ));
    let data = snapshot(&db);
    let noor = data
        .participants
        .values()
        .find(|p| p.name == "Noor Testwell")
        .unwrap();
    assert_eq!(
        data.organisation_name(noor.organisation),
        "Thameside Integrated Care Board"
    );
    assert_eq!(data.profession_name(noor.profession), "Data analyst");
    assert!(
        !data
            .organisations
            .values()
            .any(|o| o.name == "Thameside ICB")
    );
    assert!(
        !data
            .professions
            .values()
            .any(|p| p.name == "Information analyst")
    );
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let (_dir, db) = demo_db();
    second_arjun(&db);
    import(
        &db,
        "participants",
        "cohort1.csv",
        "name,email,profession,organisation,cohort,stage\r\nArjun Sethuraman,arjun.old@home.\
         example,Data analyst,Thameside Integrated Care Board,1,Active\r\n",
    );
    let entries = history_len(&db);
    let refused = |words: &[&str], said: &str| {
        merge(&db, words)
            .failure()
            .stderr(contains(said))
            .stderr(contains("nothing was merged"));
    };
    refused(
        &["participants", ARJUN, "arjun.s@home.exmple", "--yes"],
        "no participant has the email \"arjun.s@home.exmple\" (the nearest: Arjun Sethuraman \
         <arjun.s@home.example>",
    );
    refused(
        &["participants", ARJUN, &ARJUN.to_uppercase(), "--yes"],
        "are the same participant: there is nothing to merge",
    );
    refused(
        &["participants", ARJUN, "arjun.old@home.example", "--yes"],
        "is in Cohort 2 — 2026 and Arjun Sethuraman <arjun.old@home.example> in Cohort 1",
    );
    refused(
        &[
            "organisations",
            "Thameside Integrated Care Board",
            "Nowhere Trust",
            "--yes",
        ],
        "no organisation has the name \"Nowhere Trust\"",
    );
    // Without --yes and with no terminal to ask on.
    refused(
        &["participants", ARJUN, ARJUN_HOME],
        "standard input is not a terminal to ask on; run it again with --yes",
    );
    improvers(&db)
        .args(["forget", "arjun.old@home.example", "--yes"])
        .assert()
        .success();
    let entries_after_forget = history_len(&db);
    assert_eq!(entries_after_forget, entries + 1);
    refused(
        &[
            "participants",
            ARJUN,
            "erased-person-1@erased.invalid",
            "--yes",
        ],
        "is erased person #1, whose record is kept only for the figures",
    );
    assert_eq!(history_len(&db), entries_after_forget);
    improvers(&db)
        .args(["merge", "people", "a", "b"])
        .assert()
        .failure()
        .stderr(contains(
            "participants, q-members, organisations, professions",
        ));
}

/// The tester's story: a second Inês imported with no stage column (so she starts at the stage
/// an import gives, dated today) is merged with `--yes` into the Active one of the demo.
#[test]
fn a_merge_with_yes_never_moves_the_kept_person_back_and_says_what_it_kept() {
    const INES: &str = "ines.carvalho-ford@southbank-mh.example";
    let (_dir, db) = demo_db();
    import(
        &db,
        "participants",
        "ines.csv",
        "name,email,profession,organisation,cohort\r\nInés Carvalho-Ford,\
         ines.cf@personal.example,Service manager,Southbank Mental Health Partnership NHS \
         Trust,2\r\n",
    );
    let before = status_json(&db);
    let said = said(improvers(&db).args([
        "merge",
        "participants",
        INES,
        "ines.cf@personal.example",
        "--yes",
    ]));
    assert!(
        said.contains("Their stage stays Active: the other record's later"),
        "{said}"
    );
    assert!(said.contains("is kept as history only"), "{said}");
    let data = snapshot(&db);
    let ines = data
        .participants
        .values()
        .find(|p| p.email == INES)
        .expect("kept");
    assert_eq!(ines.stage().label(), "Active");
    assert!(ines.pathway.changes().len() >= 6, "{:?}", ines.pathway);
    let after = status_json(&db);
    assert_eq!(
        before["cohorts"][1]["by_stage"]["active"].as_u64(),
        after["cohorts"][1]["by_stage"]["active"].as_u64(),
        "the cohort's Active count stays"
    );
}
